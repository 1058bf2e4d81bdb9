/*
 * cmd_tlsrpt.c - mailtls tlsrpt: summarise TLS-RPT aggregate reports
 * (RFC 8460) for an admin
 *
 * Reads each REPORT (JSON or gzip'd JSON) through mt_tlsrpt_report_load
 * and prints, per report, the organization, the date range and per policy
 * the successful and failed session counts and each failure kind with its
 * MX names and sending IPs, then what each kind seen means and how to fix
 * it.  The only code here that prints or exits.  Exit status: 0 no failed
 * sessions, 1 some, 2 usage error or a report that cannot be read (the
 * others are still summarised), 3 internal error.
 */
#include <err.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "mailtls/mailtls.h"
#include "mailtls/sts.h"
#include "cli.h"
#include "opts.h"

enum {
	OPT_JSON = 256,
};

const struct cli_opt tlsrpt_opts[] = {
	{ "json", 0, NULL, "write JSON: one object per report", OPT_JSON },
	{ "help", 'h', NULL, "show this help", 'h' },
};
const size_t tlsrpt_nopts = sizeof(tlsrpt_opts) / sizeof(tlsrpt_opts[0]);

static const char tlsrpt_synopsis[] = "[--json] REPORT.json[.gz] ...";

static int
tlsrpt_usage(FILE *f, int rv)
{
	cli_opts_help(f, "tlsrpt", tlsrpt_synopsis, tlsrpt_opts, tlsrpt_nopts);
	return rv;
}

static const char *
tlsrpt_or(const char *s, const char *dflt)
{
	return s[0] != '\0' ? s : dflt;
}

static void
tlsrpt_text_policy(const struct mt_tlsrpt_policy *p, bool *seen)
{
	uint64_t total = p->successes + p->failures;
	size_t i;
	int k;

	printf("  policy %s %s: %" PRIu64 " successful, %" PRIu64 " failed "
	    "sessions", p->type_name, tlsrpt_or(p->domain, "(no domain)"),
	    p->successes, p->failures);
	if (total > 0 && p->failures > 0)
		printf(" (%.1f%% failed)", 100.0 * (double)p->failures /
		    (double)total);
	printf("\n");
	for (k = 0; k < MT_TLSRPT_NRESULTS; k++) {
		if (p->by_result[k] == 0)
			continue;
		seen[k] = true;
		printf("    %s: %" PRIu64 " sessions\n",
		    mt_tlsrpt_result_name(k), p->by_result[k]);
		for (i = 0; i < p->nfailures; i++) {
			const struct mt_tlsrpt_failure *f = &p->failure[i];

			if (f->result != k)
				continue;
			printf("      %" PRIu64 " to %s from %s", f->count,
			    tlsrpt_or(f->mx, "(MX not given)"),
			    tlsrpt_or(f->sending_ip, "(IP not given)"));
			if (k == MT_TLSRPT_OTHER)
				printf(" [%s]", f->result_name);
			if (f->reason[0] != '\0')
				printf(" reason %s", f->reason);
			printf("\n");
		}
	}
}

static void
tlsrpt_text(const char *path, const struct mt_tlsrpt_report *r, bool *seen)
{
	size_t i;

	printf("%s: report from %s, %s to %s\n", path, r->organization,
	    r->start, r->end);
	if (r->report_id[0] != '\0' || r->contact[0] != '\0')
		printf("  id %s, contact %s\n", tlsrpt_or(r->report_id, "-"),
		    tlsrpt_or(r->contact, "-"));
	for (i = 0; i < r->npolicies; i++)
		tlsrpt_text_policy(&r->policy[i], seen);
	if (r->deviations & MT_TLSRPT_DEV_NO_SENDING_IP)
		printf("  note: failure details without sending-mta-ip "
		    "(Microsoft reports omit it)\n");
	if (r->deviations & MT_TLSRPT_DEV_NO_POLICY_DOMAIN)
		printf("  note: a policy without policy-domain (Postfix "
		    "tlsrpt-reporter omits it for no-policy-found)\n");
	if (r->deviations & MT_TLSRPT_DEV_MX_HOST_STRING)
		printf("  note: mx-host is a string, not an array\n");
	if (r->deviations & MT_TLSRPT_DEV_TRUNCATED)
		printf("  note: more failure details than shown; the counts "
		    "include all\n");
}

static json_t *
tlsrpt_json_policy(const struct mt_tlsrpt_policy *p)
{
	json_t *o, *kinds, *details, *d;
	size_t i;
	int k;

	kinds = json_object();
	for (k = 0; k < MT_TLSRPT_NRESULTS; k++)
		if (p->by_result[k] > 0)
			json_object_set_new(kinds, mt_tlsrpt_result_name(k),
			    json_integer((json_int_t)p->by_result[k]));
	details = json_array();
	for (i = 0; i < p->nfailures; i++) {
		const struct mt_tlsrpt_failure *f = &p->failure[i];

		d = json_pack("{s:s, s:s, s:s, s:s, s:I}", "result-type",
		    f->result_name, "receiving-mx-hostname", f->mx,
		    "sending-mta-ip", f->sending_ip, "failure-reason-code",
		    f->reason, "failed-session-count", (json_int_t)f->count);
		json_array_append_new(details, d);
	}
	o = json_pack("{s:s, s:s, s:I, s:I, s:o, s:o}", "policy-type",
	    p->type_name, "policy-domain", p->domain, "successful",
	    (json_int_t)p->successes, "failed", (json_int_t)p->failures,
	    "failures-by-type", kinds, "failure-details", details);
	return o;
}

static json_t *
tlsrpt_json(const char *path, const struct mt_tlsrpt_report *r)
{
	json_t *o, *pols, *dev;
	size_t i;

	pols = json_array();
	for (i = 0; i < r->npolicies; i++)
		json_array_append_new(pols, tlsrpt_json_policy(&r->policy[i]));
	dev = json_array();
	if (r->deviations & MT_TLSRPT_DEV_NO_SENDING_IP)
		json_array_append_new(dev, json_string("no-sending-mta-ip"));
	if (r->deviations & MT_TLSRPT_DEV_NO_POLICY_DOMAIN)
		json_array_append_new(dev, json_string("no-policy-domain"));
	if (r->deviations & MT_TLSRPT_DEV_MX_HOST_STRING)
		json_array_append_new(dev, json_string("mx-host-string"));
	if (r->deviations & MT_TLSRPT_DEV_TRUNCATED)
		json_array_append_new(dev, json_string("truncated"));
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:o, s:o}",
	    "file", path, "organization-name", r->organization,
	    "report-id", r->report_id, "contact-info", r->contact,
	    "start-datetime", r->start, "end-datetime", r->end,
	    "gzip", r->gzipped, "deviations", dev, "policies", pols);
	return o;
}

static void
tlsrpt_advice(const bool *seen)
{
	bool any = false;
	int k;

	for (k = 0; k < MT_TLSRPT_NRESULTS; k++) {
		if (!seen[k])
			continue;
		if (!any)
			printf("\nwhat the failures mean:\n");
		any = true;
		printf("  %s: %s.\n    fix: %s.\n", mt_tlsrpt_result_name(k),
		    mt_tlsrpt_result_meaning(k), mt_tlsrpt_result_fix(k));
	}
}

int
cmd_tlsrpt(int argc, char *argv[])
{
	struct option lo[sizeof(tlsrpt_opts) / sizeof(tlsrpt_opts[0]) + 1];
	bool seen[MT_TLSRPT_NRESULTS] = { false };
	struct mt_tlsrpt_report *r;
	struct mt_error e;
	json_t *all = NULL;
	char shorts[16];
	bool json = false, failed = false, bad = false;
	size_t i;
	int c;

	cli_opts_getopt(tlsrpt_opts, tlsrpt_nopts, lo, shorts, sizeof(shorts));
	while ((c = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
		switch (c) {
		case OPT_JSON:
			json = true;
			break;
		case 'h':
			return tlsrpt_usage(stdout, 0);
		default:
			return tlsrpt_usage(stderr, 2);
		}
	}
	if (optind == argc)
		return tlsrpt_usage(stderr, 2);
	if (json && (all = json_array()) == NULL)
		errx(3, "out of memory");
	for (; optind < argc; optind++) {
		if ((r = mt_tlsrpt_report_load(argv[optind], &e)) == NULL) {
			warnx("%s", e.msg);
			if (e.code == MT_ERR_INTERNAL)
				return 3;
			bad = true;
			continue;
		}
		for (i = 0; i < r->npolicies; i++)
			if (r->policy[i].failures > 0)
				failed = true;
		if (json) {
			json_t *doc = tlsrpt_json(argv[optind], r);

			/* Never drop a report silently. */
			if (doc == NULL || json_array_append_new(all, doc) != 0) {
				warnx("%s: cannot be written as JSON",
				    argv[optind]);
				bad = true;
			}
		} else
			tlsrpt_text(argv[optind], r, seen);
		mt_tlsrpt_report_free(r);
	}
	if (json) {
		if (json_dumpf(all, stdout, JSON_INDENT(2) |
		    JSON_PRESERVE_ORDER) == -1)
			errx(3, "writing JSON");
		printf("\n");
		json_decref(all);
	} else
		tlsrpt_advice(seen);
	if (bad)
		return 2;
	return failed ? 1 : 0;
}
