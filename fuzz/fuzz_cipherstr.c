/*
 * fuzz_cipherstr.c - libFuzzer target for the cipher-string engine
 *
 * The input, NUL-terminated, is expanded as a cipher string by every
 * OpenSSL-family dialect; a '\n' splits off a TLS 1.3 ciphersuites
 * string.  Invariants abort(): a result within the caps, no suite twice,
 * an error always with MT_ERR_INPUT and a message.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mailtls/policy.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_check(const struct mt_policy *p)
{
	uint8_t	 seen[65536 / 8];
	size_t	 i;

	if (p->nsuites > MT_POLICY_SUITES_MAX ||
	    p->ntls13 > MT_POLICY_TLS13_MAX || p->nwhy > MT_POLICY_SUITES_MAX ||
	    p->nnotes > MT_POLICY_NOTES_MAX)
		abort();
	memset(seen, 0, sizeof(seen));
	for (i = 0; i < p->nsuites + p->ntls13; i++) {
		uint16_t c = i < p->nsuites ? p->suites[i] :
		    p->tls13[i - p->nsuites];

		if (seen[c >> 3] & (1u << (c & 7)))
			abort();
		seen[c >> 3] |= (uint8_t)(1u << (c & 7));
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static struct mt_policy	 p;
	struct mt_error		 err;
	char			*s, *nl, *t13 = NULL;
	int			 lib;

	if (len > 70000 || (s = malloc(len + 1)) == NULL)
		return 0;
	memcpy(s, data, len);
	s[len] = '\0';
	if ((nl = memchr(s, '\n', len)) != NULL) {
		*nl = '\0';
		t13 = nl + 1;
	}
	for (lib = MT_LIB_OPENSSL_3_0; lib <= MT_LIB_LIBRESSL_3; lib++) {
		mt_error_clear(&err);
		if (mt_policy_openssl(&p, lib, s, t13, "fuzz", &err) == -1) {
			if (err.code != MT_ERR_INPUT || err.msg[0] == '\0')
				abort();
			continue;
		}
		fuzz_check(&p);
	}
	free(s);
	return 0;
}
