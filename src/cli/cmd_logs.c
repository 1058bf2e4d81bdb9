/*
 * cmd_logs.c - mailtls logs: count and explain every TLS success and
 * failure in mail logs of Postfix, Exim, sendmail and OpenSMTPD
 *
 * Reads each FILE (plain or gzip; "-" is stdin) through mt_logs_feed_file,
 * then prints the report (mt_report_logs_text or _json).  The only code
 * here that prints or exits.  Exit status: 0 no TLS failures, 1 failures
 * found, 2 usage error, 3 an input could not be read (the others are
 * still reported).
 */
#include <err.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mailtls/logs.h"
#include "mailtls/logs_report.h"
#include "cli.h"
#include "logs_follow.h"
#include "logs_order.h"
#include "opts.h"

enum {
	OPT_JSON = 256,
	OPT_STRICT,
	OPT_SINCE,
	OPT_UNTIL,
	OPT_PEER,
	OPT_DIRECTION,
	OPT_YEAR,
	OPT_FOLLOW,
	OPT_FROM_START,
	OPT_BY_NET,
	OPT_NET_LENGTHS,
};

const struct cli_opt logs_opts[] = {
	{ "json", 0, NULL, "write JSON instead of text", OPT_JSON },
	{ "strict", 0, NULL, "list unrecognised lines on stderr",
	    OPT_STRICT },
	{ "since", 0, "DATE", "only events at or after DATE (UTC)",
	    OPT_SINCE },
	{ "until", 0, "DATE", "only events at or before DATE (UTC)",
	    OPT_UNTIL },
	{ "peer", 0, "HOST|IP", "only events of this peer", OPT_PEER },
	{ "direction", 0, "in|out", "only inbound or outbound sessions",
	    OPT_DIRECTION },
	{ "year", 0, "YYYY", "year of timestamps without one (default: "
	    "this year)", OPT_YEAR },
	{ "follow", 0, NULL, "follow the files as they grow and rotate; "
	    "print each event, the summary on SIGINT/SIGTERM", OPT_FOLLOW },
	{ "from-start", 0, NULL, "with --follow, read what the files hold "
	    "first", OPT_FROM_START },
	{ "by-net", 0, NULL, "group peers by network (IPv4 /24, IPv6 /48)",
	    OPT_BY_NET },
	{ "net-lengths", 0, "V4LEN,V6LEN", "group peers by these prefix "
	    "lengths (implies --by-net)", OPT_NET_LENGTHS },
	{ "help", 'h', NULL, "show this help", 'h' },
};
const size_t logs_nopts = sizeof(logs_opts) / sizeof(logs_opts[0]);

static const char logs_synopsis[] = "[--json] [--strict] [--since DATE] "
    "[--until DATE] [--peer HOST|IP] [--direction in|out] [--year YYYY] "
    "[--by-net] [--net-lengths V4LEN,V6LEN] [--follow [--from-start]] "
    "FILE... | -";

static int
logs_usage(FILE *f, int rv)
{
	cli_opts_help(f, "logs", logs_synopsis, logs_opts, logs_nopts);
	return rv;
}

static void
logs_unrecognised(const char *s, size_t n, void *arg)
{
	const char *path = *(const char *const *)arg;
	size_t i;

	fprintf(stderr, "mailtls: %s: unrecognised: ", path);
	for (i = 0; i < n && i < 200; i++) {
		unsigned char c = (unsigned char)s[i];

		fputc(c < 0x20 || c == 0x7f ? '?' : c, stderr);
	}
	fprintf(stderr, "%s\n", n > 200 ? "..." : "");
}

/* logs_net_lengths - "24,48" into v4 and v6. */
static int
logs_net_lengths(const char *arg, long *v4, long *v6)
{
	char buf[16], *comma;

	if (strlen(arg) >= sizeof(buf))
		return -1;
	memcpy(buf, arg, strlen(arg) + 1);
	if ((comma = strchr(buf, ',')) == NULL)
		return -1;
	*comma = '\0';
	if (cli_parse_uint(buf, 0, 32, v4) != 0 ||
	    cli_parse_uint(comma + 1, 0, 128, v6) != 0)
		return -1;
	return 0;
}

static int
logs_this_year(void)
{
	time_t now = time(NULL);
	struct tm tm;

	if (gmtime_r(&now, &tm) == NULL)
		return 1970;
	return tm.tm_year + 1900;
}

int
cmd_logs(int argc, char *argv[])
{
	struct option lo[sizeof(logs_opts) / sizeof(logs_opts[0]) + 1];
	struct mt_logs_filter flt = { 0 };
	const struct mt_logs_summary *s;
	const char *cur = "-";
	struct mt_logs *lg;
	struct mt_error e;
	char shorts[16];
	bool json = false, strict = false, bad = false, follow = false;
	bool from_start = false, by_net = false;
	long year = logs_this_year(), v4len = 24, v6len = 48;
	int c, k;

	cli_opts_getopt(logs_opts, logs_nopts, lo, shorts, sizeof(shorts));
	while ((c = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
		switch (c) {
		case OPT_JSON:
			json = true;
			break;
		case OPT_STRICT:
			strict = true;
			break;
		case OPT_SINCE:
		case OPT_UNTIL:
			if (cli_parse_date(optarg, c == OPT_SINCE ? &flt.since :
			    &flt.until) != 0) {
				warnx("not a date: %s", optarg);
				return 2;
			}
			break;
		case OPT_PEER:
			flt.peer = optarg;
			break;
		case OPT_DIRECTION:
			if (strcmp(optarg, "in") == 0)
				flt.direction = MT_LOG_DIR_IN;
			else if (strcmp(optarg, "out") == 0)
				flt.direction = MT_LOG_DIR_OUT;
			else {
				warnx("--direction: in or out, not %s", optarg);
				return 2;
			}
			break;
		case OPT_YEAR:
			if (cli_parse_uint(optarg, 1970, 9999, &year) != 0) {
				warnx("--year: not a year: %s", optarg);
				return 2;
			}
			break;
		case OPT_FOLLOW:
			follow = true;
			break;
		case OPT_FROM_START:
			from_start = true;
			break;
		case OPT_BY_NET:
			by_net = true;
			break;
		case OPT_NET_LENGTHS:
			if (logs_net_lengths(optarg, &v4len, &v6len) != 0) {
				warnx("--net-lengths: V4LEN,V6LEN (0-32,0-128), "
				    "not %s", optarg);
				return 2;
			}
			by_net = true;
			break;
		case 'h':
			return logs_usage(stdout, 0);
		default:
			return logs_usage(stderr, 2);
		}
	}
	if (optind == argc)
		return logs_usage(stderr, 2);
	if (from_start && !follow) {
		warnx("--from-start needs --follow");
		return 2;
	}
	if ((lg = mt_logs_new((int)year)) == NULL ||
	    mt_logs_set_filter(lg, &flt) != 0)
		errx(3, "out of memory");
	if (strict)
		mt_logs_set_unrecognised_cb(lg, logs_unrecognised, &cur);
	if (follow)		/* lines of several files interleave */
		cur = argc - optind == 1 ? argv[optind] : "(followed files)";
	if (follow && (k = logs_follow_run(lg, argv + optind, argc - optind,
	    json, from_start)) != 0) {
		mt_logs_free(lg);
		return k;
	}
	/* Rotated sets given newest first (maillog*) are read oldest first. */
	if (!follow && logs_order_files(argv + optind,
	    (size_t)(argc - optind)) != 0)
		errx(3, "out of memory");
	for (; !follow && optind < argc; optind++) {
		cur = argv[optind];
		if (mt_logs_feed_file(lg, argv[optind], &e) != 0) {
			warnx("%s", e.msg);
			if (e.code == MT_ERR_INTERNAL)
				return 3;
			bad = true;
		}
	}
	s = by_net ? mt_logs_summary_by_net(lg, (int)v4len, (int)v6len, &e) :
	    mt_logs_summary(lg);
	if (s == NULL)
		errx(2, "%s", e.msg);
	if ((json ? (follow ? mt_report_logs_json_line(stdout, s) :
	    mt_report_logs_json(stdout, s)) : mt_report_logs_text(stdout, s)) != 0)
		errx(3, "writing the report");
	if (s->counts.skipped > 0)
		warnx("%llu lines longer than 64 KiB skipped",
		    (unsigned long long)s->counts.skipped);
	if (s->counts.cut > 0)
		warnx("%llu partial lines lost: a followed file was rewritten "
		    "in place", (unsigned long long)s->counts.cut);
	k = s->by_kind[MT_LOG_KIND_TLS_FAIL] +
	    s->by_kind[MT_LOG_KIND_STARTTLS_MISSING] > 0 ? 1 : 0;
	mt_logs_free(lg);
	if (bad)
		return 3;
	return k;
}
