/*
 * cmd_dane.c - mailtls dane: dispatch between `dane tlsa CERT.pem` (write
 * TLSA records for a certificate, RFC 6698 2.2 zone-file form) and
 * `dane DOMAIN` (cmd_dane_domain.c)
 *
 * The PEM file is the user's own input: certificates are read with
 * libcrypto's PEM reader (at most MT_CHAIN_CERTS_MAX), and the record is
 * made by mt_tlsa_make().  Exit status: 0 records written, 2 usage error
 * or unreadable file, 3 internal error.
 */
#include <err.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "mailtls/chain.h"
#include "mailtls/dane.h"
#include "cli.h"
#include "opts.h"

#define DANE_NAME_MAX	253	/* RFC 1035 presentation name, no dot */

enum {
	OPT_USAGE = 256, OPT_SELECTOR, OPT_MTYPE, OPT_DEPTH, OPT_NAME,
	OPT_PORT, OPT_JSON,
};

const struct cli_opt dane_tlsa_opts[] = {
	{ "usage", 0, "U", "certificate usage 0-3 (default 3)", OPT_USAGE },
	{ "selector", 0, "S", "0 certificate, 1 public key (default 1)",
	    OPT_SELECTOR },
	{ "mtype", 0, "M", "0 full, 1 SHA-256, 2 SHA-512 (default 1)",
	    OPT_MTYPE },
	{ "depth", 0, "D", "certificate D in the file (0 the leaf)",
	    OPT_DEPTH },
	{ "name", 0, "HOST", "write the owner _PORT._tcp.HOST.", OPT_NAME },
	{ "port", 0, "N", "port in the owner name (default 25)", OPT_PORT },
	{ "json", 0, NULL, "write JSON", OPT_JSON },
	{ "help", 'h', NULL, "show this help", 'h' },
};
const size_t dane_tlsa_nopts = sizeof(dane_tlsa_opts) /
    sizeof(dane_tlsa_opts[0]);

static const char dane_tlsa_synopsis[] =
    "[options] CERT.pem\n"
    "  CERT.pem: PEM certificates, the leaf first; usages 0 and 2 take\n"
    "  the top CA certificate in the file unless --depth says which";

/* The certificates of the PEM file, DER, in file order. */
struct dane_pem {
	uint8_t		*der[MT_CHAIN_CERTS_MAX];
	size_t		 len[MT_CHAIN_CERTS_MAX];
	bool		 ca[MT_CHAIN_CERTS_MAX];
	size_t		 n;
};

static void
dane_pem_free(struct dane_pem *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		OPENSSL_free(p->der[i]);
	p->n = 0;
}

/* dane_pem_read - every certificate in path; -1 with a warning. */
static int
dane_pem_read(const char *path, struct dane_pem *p)
{
	unsigned char *der;
	X509 *x;
	FILE *f;
	int n, rv = -1;

	memset(p, 0, sizeof(*p));
	if ((f = fopen(path, "r")) == NULL) {
		warn("%s", path);
		return -1;
	}
	while ((x = PEM_read_X509(f, NULL, NULL, NULL)) != NULL) {
		der = NULL;
		if (p->n == MT_CHAIN_CERTS_MAX) {
			warnx("%s: more than %d certificates", path,
			    MT_CHAIN_CERTS_MAX);
			X509_free(x);
			goto out;
		}
		if ((n = i2d_X509(x, &der)) <= 0) {
			warnx("%s: certificate %zu does not encode", path,
			    p->n + 1);
			X509_free(x);
			goto out;
		}
		p->ca[p->n] = X509_check_ca(x) > 0;
		p->der[p->n] = der;
		p->len[p->n++] = (size_t)n;
		X509_free(x);
	}
	if (p->n == 0) {
		warnx("%s: no PEM certificate", path);
		goto out;
	}
	rv = 0;
 out:
	ERR_clear_error();
	(void)fclose(f);
	if (rv != 0)
		dane_pem_free(p);
	return rv;
}

/* dane_name_ok - a host name we can put in an owner name unquoted. */
static bool
dane_name_ok(const char *s)
{
	size_t n = strlen(s);

	if (n > 0 && s[n - 1] == '.')
		n--;
	return n > 0 && n <= DANE_NAME_MAX && strspn(s,
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	    "-._") >= n && s[0] != '.';
}

/* dane_tlsa_print - one record, zone-file text or a JSON object. */
static int
dane_tlsa_print(const struct mt_tlsa *t, const char *name, long port,
    long depth, bool json)
{
	char owner[DANE_NAME_MAX + 32], *buf;
	size_t need, n;

	owner[0] = '\0';
	if (name != NULL) {
		n = strlen(name);
		if (n > 0 && name[n - 1] == '.')
			n--;
		(void)snprintf(owner, sizeof(owner), "_%ld._tcp.%.*s.", port,
		    (int)n, name);
	}
	need = mt_tlsa_format(t, json || name == NULL ? NULL : owner, NULL,
	    0) + 1;
	if ((buf = malloc(need)) == NULL) {
		warn(NULL);
		return 3;
	}
	(void)mt_tlsa_format(t, json || name == NULL ? NULL : owner, buf,
	    need);
	if (!json)
		printf("%s\n", buf);
	else {
		/* The rdata is "U S M hex": the hex follows the last space. */
		printf("[{\"owner\": ");
		if (name != NULL)
			printf("\"%s\"", owner);
		else
			printf("null");
		printf(", \"usage\": %u, \"usage_name\": \"%s\", "
		    "\"selector\": %u, \"mtype\": %u, \"depth\": %ld, "
		    "\"data\": \"%s\"}]\n", t->usage,
		    mt_tlsa_usage_name(t->usage), t->selector, t->mtype, depth,
		    strrchr(buf, ' ') + 1);
	}
	free(buf);
	return 0;
}

static int
dane_tlsa_usage(FILE *f, int rv)
{
	cli_opts_help(f, "dane tlsa", dane_tlsa_synopsis, dane_tlsa_opts,
	    dane_tlsa_nopts);
	return rv;
}

/* dane_tlsa_depth - which certificate: --depth, the leaf or the top CA. */
static long
dane_tlsa_depth(const struct dane_pem *p, const char *path, long usage,
    long depth)
{
	size_t i;

	if (depth >= 0) {
		if ((size_t)depth >= p->n) {
			warnx("%s: --depth %ld, but the file has %zu "
			    "certificate%s", path, depth, p->n,
			    p->n == 1 ? "" : "s");
			return -1;
		}
		return depth;
	}
	if (usage != 0 && usage != 2)
		return 0;
	for (i = p->n; i > 0; i--)
		if (p->ca[i - 1])
			return (long)(i - 1);
	warnx("%s: no CA certificate for usage %ld; name one with --depth",
	    path, usage);
	return -1;
}

/* cmd_dane_tlsa - mailtls dane tlsa [options] CERT.pem */
static int
cmd_dane_tlsa(int argc, char *argv[])
{
	struct option lo[sizeof(dane_tlsa_opts) / sizeof(dane_tlsa_opts[0]) +
	    1];
	struct dane_pem pem;
	struct mt_tlsa t;
	struct mt_error e;
	const char *name = NULL;
	long usage = 3, selector = 1, mtype = 1, depth = -1, port = 25;
	char shorts[16];
	bool json = false;
	int c, rv;

	cli_opts_getopt(dane_tlsa_opts, dane_tlsa_nopts, lo, shorts,
	    sizeof(shorts));
	while ((c = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
		switch (c) {
		case OPT_USAGE:
			if (cli_parse_uint(optarg, 0, 3, &usage) != 0) {
				warnx("--usage %s: want 0 to 3", optarg);
				return 2;
			}
			break;
		case OPT_SELECTOR:
			if (cli_parse_uint(optarg, 0, 1, &selector) != 0) {
				warnx("--selector %s: want 0 or 1", optarg);
				return 2;
			}
			break;
		case OPT_MTYPE:
			if (cli_parse_uint(optarg, 0, 2, &mtype) != 0) {
				warnx("--mtype %s: want 0 to 2", optarg);
				return 2;
			}
			break;
		case OPT_DEPTH:
			if (cli_parse_uint(optarg, 0, MT_CHAIN_CERTS_MAX - 1,
			    &depth) != 0) {
				warnx("--depth %s: want 0 to %d", optarg,
				    MT_CHAIN_CERTS_MAX - 1);
				return 2;
			}
			break;
		case OPT_NAME:
			if (!dane_name_ok(optarg)) {
				warnx("--name %s: want a host name", optarg);
				return 2;
			}
			name = optarg;
			break;
		case OPT_PORT:
			if (cli_parse_uint(optarg, 1, 65535, &port) != 0) {
				warnx("--port %s: want 1 to 65535", optarg);
				return 2;
			}
			break;
		case OPT_JSON:
			json = true;
			break;
		case 'h':
			return dane_tlsa_usage(stdout, 0);
		default:
			return dane_tlsa_usage(stderr, 2);
		}
	}
	if (argc - optind != 1)
		return dane_tlsa_usage(stderr, 2);
	if (dane_pem_read(argv[optind], &pem) != 0)
		return 2;
	rv = 2;
	if ((depth = dane_tlsa_depth(&pem, argv[optind], usage, depth)) < 0)
		goto out;
	if (mt_tlsa_make(pem.der[depth], pem.len[depth], (int)usage,
	    (int)selector, (int)mtype, &t, &e) != 0) {
		warnx("%s: %s", argv[optind], e.msg);
		goto out;
	}
	rv = dane_tlsa_print(&t, name, port, depth, json);
 out:
	dane_pem_free(&pem);
	return rv;
}

int
cmd_dane(int argc, char *argv[])
{
	if (argc >= 2 && strcmp(argv[1], "tlsa") == 0)
		return cmd_dane_tlsa(argc - 1, argv + 1);
	return cmd_dane_domain(argc, argv);
}
