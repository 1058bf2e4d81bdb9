/*
 * cmd_probe.c - mailtls probe: parse arguments, run the probe, render
 * results, map them to an exit status
 *
 * The only code here that prints or exits; the library does the work.
 */
#include <err.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "mailtls/dane_report.h"
#include "mailtls/mailtls.h"
#include "cli.h"
#include "opts.h"

enum {
	OPT_JSON = 256, OPT_STARTTLS, OPT_TLS, OPT_LMTP, OPT_CAFILE, OPT_AT,
	OPT_MAXPAR, OPT_DELAY, OPT_TIMEOUT, OPT_FAILON, OPT_EHLO, OPT_SNI,
	OPT_NOCOLOR, OPT_MX, OPT_ANCHOR, OPT_RESOLVER, OPT_RESOLVCONF,
	OPT_ALLOW_ZONE, OPT_NO_POLICIES, OPT_MX_PORT,
};

#define PROBE_MX_DOMAINS_MAX	8

const struct cli_opt probe_opts[] = {
	{ "ipv4", '4', NULL, "use IPv4 only", '4' },
	{ "ipv6", '6', NULL, "use IPv6 only", '6' },
	{ "json", 0, NULL, "write JSON (docs/json-schema.md)", OPT_JSON },
	{ "starttls", 0, NULL, "STARTTLS whatever the port", OPT_STARTTLS },
	{ "tls", 0, NULL, "implicit TLS whatever the port", OPT_TLS },
	{ "lmtp", 0, NULL, "LMTP (LHLO), then STARTTLS", OPT_LMTP },
	{ "cafile", 0, "FILE", "trust these CAs instead of the system store",
	    OPT_CAFILE },
	{ "at", 0, "DATE", "check validity at DATE (YYYY-MM-DD or +Nd)",
	    OPT_AT },
	{ "max-parallel", 0, "N", "connections per host at once (default 4)",
	    OPT_MAXPAR },
	{ "delay", 0, "MS", "wait MS between connections to a host",
	    OPT_DELAY },
	{ "timeout", 0, "MS", "deadline per step (default 10000)",
	    OPT_TIMEOUT },
	{ "fail-on", 0, "SEV", "exit 1 on findings of SEV or worse "
	    "(default high)", OPT_FAILON },
	{ "ehlo", 0, "NAME", "name to send in EHLO", OPT_EHLO },
	{ "sni", 0, "NAME", "server name to send (default: the host name)",
	    OPT_SNI },
	{ "no-color", 0, NULL, "no colour even on a terminal", OPT_NOCOLOR },
	{ "verbose", 'v', NULL, "show the SMTP dialogue", 'v' },
	{ "file", 'f', "FILE", "read targets from FILE, one per line", 'f' },
	{ "mx", 0, "DOMAIN", "probe every MX host of DOMAIN, and check its "
	    "DANE, MTA-STS and TLS-RPT", OPT_MX },
	{ "no-policies", 0, NULL, "with --mx: skip DANE, MTA-STS and TLS-RPT",
	    OPT_NO_POLICIES },
	{ "mx-port", 0, "N", "with --mx: connect to port N, not 25 (labs)",
	    OPT_MX_PORT },
	{ "trust-anchor", 0, "FILE", "with --mx: DNSSEC trust anchor",
	    OPT_ANCHOR },
	{ "resolver", 0, "ADDR[@PORT]", "with --mx: validating lookups via "
	    "this resolver", OPT_RESOLVER },
	{ "resolv-conf", 0, "FILE", "with --mx: forward to the resolvers in "
	    "FILE", OPT_RESOLVCONF },
	{ "allow-zone", 0, "ZONE", "with --mx: resolve a special-use zone "
	    "(labs)", OPT_ALLOW_ZONE },
	{ "help", 'h', NULL, "show this help", 'h' },
};
const size_t probe_nopts = sizeof(probe_opts) / sizeof(probe_opts[0]);

static const char probe_synopsis[] =
    "[options] target ...\n"
    "  target: host, host:port, [v6addr]:port; port 25 and 587 mean "
    "STARTTLS, 465 implicit TLS";

static int
read_target_file(struct mt_probe *p, const char *path)
{
	char line[1024];
	FILE *f;
	size_t lineno = 0, n;
	char *s, *e;

	if (strcmp(path, "-") == 0)
		f = stdin;
	else if ((f = fopen(path, "r")) == NULL) {
		warn("%s", path);
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		n = strlen(line);
		if (n == sizeof(line) - 1 && line[n - 1] != '\n') {
			warnx("%s:%zu: line too long", path, lineno);
			goto fail;
		}
		s = line;
		while (*s == ' ' || *s == '\t')
			s++;
		if ((e = strchr(s, '#')) != NULL)
			*e = '\0';
		e = s + strlen(s);
		while (e > s && (e[-1] == '\n' || e[-1] == '\r' ||
		    e[-1] == ' ' || e[-1] == '\t'))
			*--e = '\0';
		if (*s == '\0')
			continue;
		if (mt_probe_add_target(p, s) != 0) {
			warnx("%s:%zu: %s", path, lineno,
			    mt_probe_error(p)->msg);
			goto fail;
		}
	}
	if (f != stdin)
		fclose(f);
	return 0;
 fail:
	if (f != stdin)
		fclose(f);
	return -1;
}

/*
 * probe_complete - whether every question got an answer: a target that
 * stopped, or a version that could not be tested (timeouts, rate limits),
 * makes the exit status 3 whatever was found.
 */
static bool
probe_complete(const struct mt_target_result *r)
{
	size_t v;

	if (!r->completed)
		return false;
	for (v = 0; v < MT_PROBE_VERSIONS; v++)
		if (r->versions[v].state == MT_V_ERROR ||
		    r->versions[v].incomplete)
			return false;
	return true;
}

/* name_ok - a host name or an address literal, for --ehlo and --sni. */
static bool
name_ok(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n == 0 || n > max)
		return false;
	if (s[0] == '[' && s[n - 1] == ']')
		return strspn(s + 1, "0123456789abcdefABCDEF:.IPv") == n - 2;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_") == n && s[0] != '.' &&
	    s[0] != '-';
}

/*
 * probe_policies - DANE, MTA-STS and TLS-RPT of each --mx domain, as a
 * validating sender sees them.  A host a DANE sender would not deliver to
 * counts as a high finding.  Returns how many checks ran.
 */
static size_t
probe_policies(const char *const *domains, size_t n,
    struct mt_danecheck_opts *o, struct mt_danecheck **dcs, int *worst)
{
	struct mt_error e;
	size_t i, k, ran = 0;

	for (i = 0; i < n; i++) {
		if ((dcs[ran] = calloc(1, sizeof(*dcs[ran]))) == NULL)
			err(3, "calloc");
		mt_error_clear(&e);
		if (mt_danecheck_run(domains[i], o, dcs[ran], &e) != 0) {
			warnx("%s: DANE/MTA-STS check: %s", domains[i], e.msg);
			free(dcs[ran]);
			dcs[ran] = NULL;
			continue;
		}
		for (k = 0; k < dcs[ran]->nmx; k++)
			if (dcs[ran]->mx[k].verdict == MT_DANE_V_FAILED ||
			    dcs[ran]->mx[k].verdict == MT_DANE_V_BOGUS ||
			    dcs[ran]->mx[k].verdict == MT_DANE_V_DEFERRED ||
			    dcs[ran]->mx[k].verdict == MT_DANE_V_UNREACHABLE)
				*worst = *worst > MT_SEV_HIGH ? *worst :
				    MT_SEV_HIGH;
		ran++;
	}
	return ran;
}

/*
 * probe_add_mx_targets - the MX hosts of domain: as the validating check
 * found them (with their addresses), or from the system resolver.
 */
static int
probe_add_mx_targets(struct mt_probe *p, const char *domain, uint16_t port,
    struct mt_danecheck **dcs, size_t ndc)
{
	const struct mt_danecheck *dc = NULL;
	size_t i, k, added = 0;

	for (i = 0; i < ndc; i++)
		if (dcs[i] != NULL && strcasecmp(dcs[i]->domain, domain) == 0)
			dc = dcs[i];
	for (k = 0; dc != NULL && k < dc->nmx; k++) {
		if (dc->mx[k].address[0] == '\0')
			continue;
		if (mt_probe_add_target_at(p, dc->mx[k].host,
		    dc->mx[k].address, port) != 0)
			return -1;
		added++;
	}
	return added > 0 ? 0 : mt_probe_add_mx(p, domain);
}

static void
progress(const char *target, unsigned done, unsigned estimate, void *arg)
{
	fprintf(stderr, "\r\033[K%s: %u handshakes", target, done);
	fflush(stderr);
}

int
cmd_probe(int argc, char *argv[])
{
	struct option lo[sizeof(probe_opts) / sizeof(probe_opts[0]) + 1];
	struct mt_report_opts ro;
	const struct mt_target_result **rs = NULL;
	struct mt_probe *p;
	char shorts[64];
	struct mt_danecheck *dcs[PROBE_MX_DOMAINS_MAX] = { NULL };
	struct mt_danecheck_opts dopts;
	const char *mx_domains[PROBE_MX_DOMAINS_MAX];
	size_t nmx = 0, ndc = 0;
	bool no_policies = false;
	bool json = false, color, nocolor = false, any_target = false;
	int c, fail_on = MT_SEV_HIGH, rv = 2, worst, incomplete = 0;
	int worst_policy = -1;
	long v;
	time_t at;
	size_t i, n;

	memset(&ro, 0, sizeof(ro));
	memset(&dopts, 0, sizeof(dopts));
	if ((p = mt_probe_new()) == NULL)
		err(3, "mt_probe_new");
	cli_opts_getopt(probe_opts, probe_nopts, lo, shorts, sizeof(shorts));
	while ((c = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
		switch (c) {
		case '4':
			mt_probe_set_family(p, AF_INET);
			break;
		case '6':
			mt_probe_set_family(p, AF_INET6);
			break;
		case OPT_JSON:
			json = true;
			break;
		case OPT_STARTTLS:
			mt_probe_set_mode(p, MT_MODE_STARTTLS);
			break;
		case OPT_TLS:
			mt_probe_set_mode(p, MT_MODE_IMPLICIT);
			break;
		case OPT_LMTP:
			mt_probe_set_mode(p, MT_MODE_LMTP);
			break;
		case OPT_CAFILE:
			if (access(optarg, R_OK) != 0) {
				warn("--cafile %s", optarg);
				goto out;
			}
			dopts.cafile = optarg;
			if (mt_probe_set_cafile(p, optarg) != 0) {
				warnx("--cafile: %s", mt_probe_error(p)->msg);
				goto out;
			}
			break;
		case OPT_AT:
			if (cli_parse_date(optarg, &at) != 0) {
				warnx("--at %s: not a date (YYYY-MM-DD, "
				    "YYYY-MM-DDTHH:MM:SSZ or +Nd)", optarg);
				goto out;
			}
			mt_probe_set_at(p, at);
			dopts.at = at;
			break;
		case OPT_MAXPAR:
			if (cli_parse_uint(optarg, 1, 64, &v) != 0) {
				warnx("--max-parallel %s: want 1 to 64", optarg);
				goto out;
			}
			mt_probe_set_max_parallel(p, (int)v);
			break;
		case OPT_DELAY:
			if (cli_parse_uint(optarg, 0, 600000, &v) != 0) {
				warnx("--delay %s: want milliseconds", optarg);
				goto out;
			}
			mt_probe_set_delay(p, (int)v);
			break;
		case OPT_TIMEOUT:
			if (cli_parse_uint(optarg, 100, 600000, &v) != 0) {
				warnx("--timeout %s: want 100 to 600000 ms",
				    optarg);
				goto out;
			}
			mt_probe_set_timeout(p, (int)v);
			dopts.timeout_ms = (int)v;
			dopts.dns.timeout_ms = (int)v;
			break;
		case OPT_FAILON:
			if ((fail_on = mt_severity_parse(optarg)) < 0) {
				warnx("--fail-on %s: want info, low, medium, "
				    "high or critical", optarg);
				goto out;
			}
			break;
		case OPT_EHLO:
			if (!name_ok(optarg, 255)) {
				warnx("--ehlo %s: not a host name or address "
				    "literal", optarg);
				goto out;
			}
			if (mt_probe_set_ehlo_name(p, optarg) != 0)
				goto fail;
			break;
		case OPT_SNI:
			if (!name_ok(optarg, 255) || optarg[0] == '[') {
				warnx("--sni %s: not a host name (at most 255 "
				    "bytes)", optarg);
				goto out;
			}
			if (mt_probe_set_sni(p, optarg) != 0)
				goto fail;
			break;
		case OPT_NOCOLOR:
			nocolor = true;
			break;
		case 'v':
			ro.verbose = true;
			break;
		case 'f':
			if (read_target_file(p, optarg) != 0)
				goto out;
			any_target = true;
			break;
		case OPT_NO_POLICIES:
			no_policies = true;
			break;
		case OPT_MX_PORT:
			if (cli_parse_uint(optarg, 1, 65535, &v) != 0) {
				warnx("--mx-port %s: want 1 to 65535", optarg);
				goto out;
			}
			dopts.port = (uint16_t)v;
			break;
		case OPT_ANCHOR:
			dopts.dns.trust_anchor = optarg;
			break;
		case OPT_RESOLVER:
			dopts.dns.resolver = optarg;
			break;
		case OPT_RESOLVCONF:
			dopts.dns.resolv_conf = optarg;
			break;
		case OPT_ALLOW_ZONE:
			dopts.dns.unblock_zone = optarg;
			break;
		case OPT_MX:
			if (nmx == PROBE_MX_DOMAINS_MAX) {
				warnx("--mx: at most %d domains",
				    PROBE_MX_DOMAINS_MAX);
				goto out;
			}
			mx_domains[nmx++] = optarg;
			any_target = true;
			break;
		case 'h':
			cli_opts_help(stdout, "probe", probe_synopsis,
			    probe_opts, probe_nopts);
			rv = 0;
			goto out;
		default:
			cli_opts_help(stderr, "probe", probe_synopsis,
			    probe_opts, probe_nopts);
			goto out;
		}
	}
	for (; optind < argc; optind++) {
		if (mt_probe_add_target(p, argv[optind]) != 0) {
			warnx("%s", mt_probe_error(p)->msg);
			goto out;
		}
		any_target = true;
	}
	/*
	 * --mx: DANE, MTA-STS and TLS-RPT first, through the validating
	 * resolver; its MX hosts and addresses are then probed.  Without it
	 * (--no-policies) the system resolver finds the MX hosts.
	 */
	ndc = no_policies ? 0 : probe_policies(mx_domains, nmx, &dopts, dcs,
	    &worst_policy);
	for (i = 0; i < nmx; i++) {
		if (probe_add_mx_targets(p, mx_domains[i], dopts.port != 0 ?
		    dopts.port : 25, dcs, ndc) != 0) {
			warnx("%s", mt_probe_error(p)->msg);
			rv = mt_probe_error(p)->code == MT_ERR_RESOLVE ? 3 : 2;
			goto out;
		}
	}
	if (!any_target || mt_probe_result_count(p) == 0) {
		if (any_target)
			warnx("no target given (empty target file?)");
		cli_opts_help(stderr, "probe", probe_synopsis, probe_opts,
		    probe_nopts);
		goto out;
	}
	color = !nocolor && !json && isatty(STDOUT_FILENO) &&
	    getenv("NO_COLOR") == NULL;
	if (isatty(STDERR_FILENO))
		mt_probe_set_progress(p, progress, NULL);
	if (mt_probe_run(p) != 0)
		goto fail;
	if (isatty(STDERR_FILENO))
		fprintf(stderr, "\r\033[K");

	n = mt_probe_result_count(p);
	if ((rs = calloc(n, sizeof(*rs))) == NULL)
		err(3, "calloc");
	worst = worst_policy;
	for (i = 0; i < n; i++) {
		rs[i] = mt_probe_result(p, i);
		if (!probe_complete(rs[i]))
			incomplete++;
		if (rs[i]->completed && mt_target_worst(rs[i]) > worst)
			worst = mt_target_worst(rs[i]);
	}
	ro.color = color;
	if (json)
		mt_report_json_policies(stdout, rs, n, ndc > 0 ?
		    (const struct mt_danecheck *const *)dcs : NULL, ndc);
	else {
		for (i = 0; i < n; i++) {
			if (i > 0)
				fputc('\n', stdout);
			mt_report_text(stdout, rs[i], &ro);
		}
		for (i = 0; i < ndc; i++) {
			printf("\nDANE, MTA-STS and TLS-RPT of %s\n",
			    dcs[i]->domain);
			mt_report_dane_text(stdout, dcs[i], color);
		}
	}
	fflush(stdout);
	if (!json)
		for (i = 0; i < n; i++)
			if (!rs[i]->completed)
				warnx("%s: %s", rs[i]->target,
				    rs[i]->error.msg);
	if (incomplete > 0)
		rv = 3;
	else
		rv = worst >= fail_on ? 1 : 0;
	goto out;
 fail:
	warnx("%s", mt_probe_error(p)->msg);
	rv = 3;
 out:
	for (i = 0; i < PROBE_MX_DOMAINS_MAX; i++)
		free(dcs[i]);
	free(rs);
	mt_probe_free(p);
	return rv;
}
