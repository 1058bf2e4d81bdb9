/*
 * cmd_dane_domain.c - mailtls dane DOMAIN: what a DANE-validating sender
 * (RFC 7672) sees for a domain, and the records to publish when it fails
 *
 * Argument parsing, rendering and exit codes only; the check is
 * mt_danecheck_run() in the library.
 */
#include <err.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mailtls/dane_report.h"
#include "mailtls/mailtls.h"
#include "cli.h"
#include "opts.h"

enum {
	OPT_JSON = 256, OPT_PORT, OPT_ANCHOR, OPT_RESOLVER, OPT_RESOLVCONF,
	OPT_ALLOW_ZONE, OPT_AT, OPT_TIMEOUT, OPT_CAFILE, OPT_NOCOLOR,
	OPT_NO_STS, OPT_STS_CAFILE, OPT_STS_PORT,
};

const struct cli_opt dane_opts[] = {
	{ "json", 0, NULL, "write JSON (schema mailtls-dane)", OPT_JSON },
	{ "port", 0, "N", "connect to port N; the TLSA name follows it "
	    "(default 25)", OPT_PORT },
	{ "trust-anchor", 0, "FILE", "DNSSEC trust anchor (default: the "
	    "system's root key)", OPT_ANCHOR },
	{ "resolver", 0, "ADDR[@PORT]", "forward queries to this resolver",
	    OPT_RESOLVER },
	{ "resolv-conf", 0, "FILE", "forward to the resolvers in FILE",
	    OPT_RESOLVCONF },
	{ "allow-zone", 0, "ZONE", "resolve a special-use zone such as "
	    "test. (labs)", OPT_ALLOW_ZONE },
	{ "at", 0, "DATE", "check certificates at DATE (YYYY-MM-DD or +Nd)",
	    OPT_AT },
	{ "timeout", 0, "MS", "deadline per step (default 10000)",
	    OPT_TIMEOUT },
	{ "cafile", 0, "FILE", "CA file for the PKIX view of each chain",
	    OPT_CAFILE },
	{ "no-sts", 0, NULL, "do not fetch the MTA-STS policy", OPT_NO_STS },
	{ "sts-cafile", 0, "FILE", "CAs for the MTA-STS policy host "
	    "(default: the system store)", OPT_STS_CAFILE },
	{ "sts-port", 0, "N", "fetch the MTA-STS policy from port N "
	    "(labs)", OPT_STS_PORT },
	{ "no-color", 0, NULL, "no colour even on a terminal", OPT_NOCOLOR },
	{ "help", 'h', NULL, "show this help", 'h' },
};
const size_t dane_nopts = sizeof(dane_opts) / sizeof(dane_opts[0]);

static const char dane_synopsis[] =
    "[options] DOMAIN\n"
    "       mailtls dane tlsa [options] CERT.pem";

int
cmd_dane_domain(int argc, char *argv[])
{
	struct option lo[sizeof(dane_opts) / sizeof(dane_opts[0]) + 1];
	struct mt_danecheck_opts o;
	struct mt_danecheck *dc = NULL;
	struct mt_error e;
	char shorts[16];
	bool json = false, nocolor = false;
	int c, rv = 2;
	long v;
	size_t i;

	memset(&o, 0, sizeof(o));
	cli_opts_getopt(dane_opts, dane_nopts, lo, shorts, sizeof(shorts));
	while ((c = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
		switch (c) {
		case OPT_JSON:
			json = true;
			break;
		case OPT_PORT:
			if (cli_parse_uint(optarg, 1, 65535, &v) != 0) {
				warnx("--port %s: want 1 to 65535", optarg);
				return 2;
			}
			o.port = (uint16_t)v;
			break;
		case OPT_ANCHOR:
			if (access(optarg, R_OK) != 0) {
				warn("--trust-anchor %s", optarg);
				return 2;
			}
			o.dns.trust_anchor = optarg;
			break;
		case OPT_RESOLVER:
			o.dns.resolver = optarg;
			break;
		case OPT_RESOLVCONF:
			o.dns.resolv_conf = optarg;
			break;
		case OPT_ALLOW_ZONE:
			o.dns.unblock_zone = optarg;
			break;
		case OPT_AT:
			if (cli_parse_date(optarg, &o.at) != 0) {
				warnx("--at %s: not a date (YYYY-MM-DD, "
				    "YYYY-MM-DDTHH:MM:SSZ or +Nd)", optarg);
				return 2;
			}
			break;
		case OPT_TIMEOUT:
			if (cli_parse_uint(optarg, 100, 600000, &v) != 0) {
				warnx("--timeout %s: want 100 to 600000 ms",
				    optarg);
				return 2;
			}
			o.timeout_ms = (int)v;
			o.dns.timeout_ms = (int)v;
			break;
		case OPT_CAFILE:
			o.cafile = optarg;
			break;
		case OPT_NOCOLOR:
			nocolor = true;
			break;
		case OPT_NO_STS:
			o.no_sts_fetch = true;
			break;
		case OPT_STS_CAFILE:
			if (access(optarg, R_OK) != 0) {
				warn("--sts-cafile %s", optarg);
				return 2;
			}
			o.sts_cafile = optarg;
			break;
		case OPT_STS_PORT:
			if (cli_parse_uint(optarg, 1, 65535, &v) != 0) {
				warnx("--sts-port %s: want 1 to 65535", optarg);
				return 2;
			}
			o.sts_port = (int)v;
			break;
		case 'h':
			cli_opts_help(stdout, "dane", dane_synopsis, dane_opts,
			    dane_nopts);
			return 0;
		default:
			cli_opts_help(stderr, "dane", dane_synopsis, dane_opts,
			    dane_nopts);
			return 2;
		}
	}
	if (optind != argc - 1) {
		cli_opts_help(stderr, "dane", dane_synopsis, dane_opts,
		    dane_nopts);
		return 2;
	}
	if ((dc = calloc(1, sizeof(*dc))) == NULL)
		err(3, "calloc");
	mt_error_clear(&e);
	if (mt_danecheck_run(argv[optind], &o, dc, &e) != 0) {
		warnx("%s: %s", argv[optind], e.msg);
		rv = e.code == MT_ERR_USAGE || e.code == MT_ERR_INPUT ? 2 : 3;
		goto out;
	}
	if (json)
		(void)mt_report_dane_json(stdout, dc);
	else
		(void)mt_report_dane_text(stdout, dc, !nocolor &&
		    isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL);
	/* 0: no DANE failure; 1: a DANE sender would not deliver to a host. */
	rv = 0;
	for (i = 0; i < dc->nmx; i++)
		if (dc->mx[i].verdict != MT_DANE_V_VERIFIED &&
		    dc->mx[i].verdict != MT_DANE_V_NOT_APPLICABLE &&
		    dc->mx[i].verdict != MT_DANE_V_ENCRYPT_ONLY)
			rv = 1;
	if (dc->nmx == 0 && dc->mx_sec == MT_DNS_BOGUS)
		rv = 1;
	if (dc->nmx == 0 && dc->mx_sec == MT_DNS_INDETERMINATE)
		rv = 3;		/* the MX lookup itself failed */
 out:
	free(dc);
	return rv;
}
