/*
 * ciphers_bench.c - expansion rate of the cipher-string engine beside
 * OpenSSL doing the same work in-process
 *
 * Generates N strings (default 100,000) from a fixed seed, expands each
 * with mt_policy_openssl (openssl-3.0) and with SSL_CTX_set_cipher_list +
 * SSL_CTX_get_ciphers, and prints both rates and their ratio.  With
 * --print N it only prints N strings, one a line (bench/ciphers_bench.sh
 * feeds them to `openssl ciphers`).
 * Trust: none.  Ownership: none.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/ssl.h>

#include "mailtls/policy.h"

static const char *const words[] = {
	"ALL", "DEFAULT", "COMPLEMENTOFDEFAULT", "HIGH", "MEDIUM", "LOW",
	"aNULL", "eNULL", "kRSA", "aRSA", "RSA", "kDHE", "DHE", "EDH", "ADH",
	"kECDHE", "ECDHE", "EECDH", "AECDH", "aECDSA", "DSS", "PSK", "SRP",
	"AES", "AES128", "AES256", "AESGCM", "AESCCM", "CHACHA20", "CAMELLIA",
	"ARIA", "3DES", "RC4", "SHA1", "SHA256", "SHA384", "MD5", "FIPS",
	"SSLv3", "TLSv1", "TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256",
	"AES128-SHA", "DHE-RSA-AES256-SHA256", "FOO",
};

static uint32_t
bench_rand(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

static void
bench_gen(uint32_t *seed, char *buf, size_t cap)
{
	static const char *const pfx[] = { "", "", "!", "-", "+" };
	size_t	 n = 1 + bench_rand(seed) % 8, i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < n && len + 64 < cap; i++) {
		const char *w = words[bench_rand(seed) %
		    (sizeof(words) / sizeof(words[0]))];
		int	 k;

		if (bench_rand(seed) % 12 == 0)
			w = "@STRENGTH";
		k = snprintf(buf + len, cap - len, "%s%s%s", i ? ":" : "",
		    w[0] == '@' ? "" : pfx[bench_rand(seed) % 5], w);
		if (k > 0)
			len += (size_t)k;
		if (bench_rand(seed) % 5 == 0 && w[0] != '@') {
			k = snprintf(buf + len, cap - len, "+%s", words[
			    bench_rand(seed) % (sizeof(words) / sizeof(words[0]))]);
			if (k > 0)
				len += (size_t)k;
		}
	}
}

static double
bench_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main(int argc, char *argv[])
{
	struct mt_policy	*p;
	struct mt_error		 err;
	SSL_CTX			*ctx;
	char			 buf[512];
	uint32_t		 seed = 20240603;
	size_t			 n = 100000, i, ok_e = 0, ok_o = 0;
	double			 t0, te, to;

	if (argc == 3 && strcmp(argv[1], "--print") == 0) {
		n = strtoul(argv[2], NULL, 10);
		for (i = 0; i < n; i++) {
			bench_gen(&seed, buf, sizeof(buf));
			puts(buf);
		}
		return 0;
	}
	if (argc == 2)
		n = strtoul(argv[1], NULL, 10);
	if ((p = calloc(1, sizeof(*p))) == NULL ||
	    (ctx = SSL_CTX_new(TLS_method())) == NULL)
		return 3;
	t0 = bench_now();
	for (i = 0; i < n; i++) {
		bench_gen(&seed, buf, sizeof(buf));
		if (mt_policy_openssl(p, MT_LIB_OPENSSL_3_0, buf, NULL, NULL,
		    &err) == 0)
			ok_e++;
	}
	te = bench_now() - t0;
	seed = 20240603;
	t0 = bench_now();
	for (i = 0; i < n; i++) {
		bench_gen(&seed, buf, sizeof(buf));
		if (SSL_CTX_set_cipher_list(ctx, buf) == 1 &&
		    SSL_CTX_get_ciphers(ctx) != NULL)
			ok_o++;
	}
	to = bench_now() - t0;
	printf("strings: %zu (engine accepted %zu, OpenSSL %zu)\n", n, ok_e,
	    ok_o);
	printf("mailtls engine:     %10.0f strings/s  (%.1f us each)\n",
	    n / te, te * 1e6 / n);
	printf("OpenSSL in-process: %10.0f strings/s  (%.1f us each)\n",
	    n / to, to * 1e6 / n);
	printf("ratio engine/OpenSSL in-process: %.2f\n", to / te);
	SSL_CTX_free(ctx);
	free(p);
	return 0;
}
