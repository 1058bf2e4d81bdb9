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
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "mailtls/mailtls.h"
#include "cli.h"
#include "opts.h"

enum {
	OPT_JSON = 256, OPT_STARTTLS, OPT_TLS, OPT_LMTP, OPT_CAFILE, OPT_AT,
	OPT_MAXPAR, OPT_DELAY, OPT_TIMEOUT, OPT_FAILON, OPT_EHLO, OPT_SNI,
	OPT_NOCOLOR, OPT_MX,
};

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
	{ "mx", 0, "DOMAIN", "probe every MX host of DOMAIN", OPT_MX },
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
	bool json = false, color, nocolor = false, any_target = false;
	int c, fail_on = MT_SEV_HIGH, rv = 2, worst, incomplete = 0;
	long v;
	time_t at;
	size_t i, n;

	memset(&ro, 0, sizeof(ro));
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
		case OPT_MX:
			if (mt_probe_add_mx(p, optarg) != 0) {
				warnx("%s", mt_probe_error(p)->msg);
				rv = mt_probe_error(p)->code ==
				    MT_ERR_RESOLVE ? 3 : 2;
				goto out;
			}
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
	worst = -1;
	for (i = 0; i < n; i++) {
		rs[i] = mt_probe_result(p, i);
		if (!probe_complete(rs[i]))
			incomplete++;
		if (rs[i]->completed && mt_target_worst(rs[i]) > worst)
			worst = mt_target_worst(rs[i]);
	}
	ro.color = color;
	if (json)
		mt_report_json(stdout, rs, n);
	else {
		for (i = 0; i < n; i++) {
			if (i > 0)
				fputc('\n', stdout);
			mt_report_text(stdout, rs[i], &ro);
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
	free(rs);
	mt_probe_free(p);
	return rv;
}
