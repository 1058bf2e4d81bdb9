/*
 * dane_report.c - a DANE check for people (text) and for programs (JSON,
 * schema "mailtls-dane" version 1)
 *
 * Renders only; the check is in src/lib/net/danecheck.c.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "mailtls/dane_report.h"
#include "mailtls/mailtls.h"
#include "report/report_int.h"
#include "report/report_version.h"

#define DR_RED		"\033[31m"
#define DR_GREEN	"\033[32m"
#define DR_YELLOW	"\033[33m"
#define DR_OFF		"\033[0m"

static const char *
dr_color(int verdict)
{
	switch (verdict) {
	case MT_DANE_V_VERIFIED:
		return DR_GREEN;
	case MT_DANE_V_NOT_APPLICABLE:
	case MT_DANE_V_ENCRYPT_ONLY:
		return DR_YELLOW;
	default:
		return DR_RED;
	}
}

static void
dr_time(time_t t, char *buf, size_t len)
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		(void)snprintf(buf, len, "?");
}

static void
dr_records(FILE *fp, const struct mt_danecheck_mx *m)
{
	char rr[MT_TLSA_DATA_MAX * 2 + 64];
	size_t i;

	for (i = 0; i < m->ntlsa; i++) {
		(void)mt_tlsa_format(&m->tlsa[i], NULL, rr, sizeof(rr));
		if (strlen(rr) > 72)
			(void)snprintf(rr + 66, sizeof(rr) - 66, "...");
		fprintf(fp, "    %-76s ", rr);
		if (!m->connected || i >= m->dane.nrecords)
			fprintf(fp, "\n");
		else if (m->dane.depth[i] >= 0)
			fprintf(fp, "matches depth %d (%s)\n", m->dane.depth[i],
			    m->dane.depth[i] == 0 ? "leaf" :
			    m->dane.depth[i] < (int)m->chain.ncerts ?
			    m->chain.certs[m->dane.depth[i]].subject : "");
		else if (m->dane.depth[i] == MT_DANE_UNUSABLE)
			fprintf(fp, "unusable for SMTP (%s)\n",
			    mt_tlsa_usage_name(m->tlsa[i].usage));
		else
			fprintf(fp, "matches no certificate\n");
	}
}

static void
dr_chain(FILE *fp, const struct mt_danecheck_mx *m)
{
	size_t i;

	for (i = 0; i < m->chain.ncerts; i++)
		fprintf(fp, "    depth %zu  %s\n             spki sha256 %s\n",
		    i, m->chain.certs[i].subject,
		    m->chain.certs[i].spki_sha256);
}

/* dr_sts_text - MTA-STS and TLS-RPT, the two other sender policies. */
static void
dr_sts_text(FILE *fp, const struct mt_danecheck *dc)
{
	const struct mt_danecheck_sts *s = &dc->sts;
	size_t i;

	if (dc->mx_sec == MT_DNS_BOGUS)
		return;
	fprintf(fp, "\nMTA-STS  ");
	if (!s->txt_found && s->txt_sec == MT_DNS_INDETERMINATE)
		fprintf(fp, "%s: the lookup failed; a sender keeps any policy "
		    "it has cached\n", s->txt_error);
	else if (!s->txt_found)
		fprintf(fp, "%s (%s): senders apply no MTA-STS policy\n",
		    s->txt_error, mt_dns_sec_name(s->txt_sec));
	else {
		fprintf(fp, "id=%s (%s)\n", s->id,
		    mt_dns_sec_name(s->txt_sec));
		if (!s->fetched)
			fprintf(fp, "         policy not fetched: %s%s%s%s\n",
			    s->fetch_error, s->fetch_result[0] != '\0' ?
			    " (TLS-RPT: " : "", s->fetch_result,
			    s->fetch_result[0] != '\0' ? ")" : "");
		else {
			fprintf(fp, "         mode %s, max_age %u, mx", s->mode,
			    s->max_age);
			for (i = 0; i < s->nmx; i++)
				fprintf(fp, " %s", s->mx[i]);
			fputc('\n', fp);
			for (i = 0; i < dc->nmx; i++)
				fprintf(fp, "         %s: %s, certificate %s\n",
				    dc->mx[i].host, dc->mx[i].sts_listed ?
				    "listed" : "NOT listed in the policy",
				    dc->mx[i].sts_cert_ok ? "PKIX-valid for the "
				    "name" : "not PKIX-valid for the name "
				    "(an enforcing sender will not deliver)");
		}
	}
	fprintf(fp, "TLS-RPT  ");
	if (s->rpt_found)
		fprintf(fp, "reports go to %s (%s)\n", s->rpt_rua,
		    mt_dns_sec_name(s->rpt_sec));
	else
		fprintf(fp, "%s: senders cannot report TLS failures to you\n",
		    s->rpt_error);
}

int
mt_report_dane_text(FILE *fp, const struct mt_danecheck *dc, bool color)
{
	const struct mt_danecheck_mx *m;
	char rr[MT_TLSA_DATA_MAX * 2 + 320], when[32];
	size_t i, j;

	dr_time(dc->at, when, sizeof(when));
	fprintf(fp, "Domain   %s (port %u; certificates checked at %s)\n",
	    dc->domain, dc->port, when);
	fprintf(fp, "MX       %s%s%s\n", mt_dns_sec_name(dc->mx_sec),
	    dc->implicit_mx ? ", no MX records: the domain itself" : "",
	    dc->null_mx ? ", null MX: the domain accepts no mail" : "");
	if (dc->mx_sec == MT_DNS_BOGUS)
		fprintf(fp, "         DNSSEC validation failed: a validating "
		    "sender defers all mail for %s\n         %s\n", dc->domain,
		    dc->mx_why);
	else if (dc->nmx == 0 && dc->mx_sec == MT_DNS_INDETERMINATE)
		fprintf(fp, "         the MX lookup failed (no answer or "
		    "SERVFAIL): a sender defers all mail for %s\n", dc->domain);
	for (i = 0; i < dc->nmx; i++) {
		m = &dc->mx[i];
		fprintf(fp, "\nMX %u %s", m->pref, m->host);
		if (strcmp(m->canon, m->host) != 0)
			fprintf(fp, " (CNAME to %s)", m->canon);
		fprintf(fp, "%s%s\n", m->address[0] != '\0' ? " at " : "",
		    m->address);
		fprintf(fp, "  TLSA %s: %s%s%s\n", m->tlsa_name,
		    mt_dns_sec_name(m->tlsa_sec), m->tlsa_nxdomain ?
		    ", NXDOMAIN" : "", m->ntlsa > 0 ? "" : ", no records");
		if (m->tlsa_sec == MT_DNS_BOGUS && m->tlsa_why[0] != '\0')
			fprintf(fp, "    %s\n", m->tlsa_why);
		dr_records(fp, m);
		if (m->connected) {
			fprintf(fp, "  chain as sent:\n");
			dr_chain(fp, m);
		} else if (m->connect_error[0] != '\0')
			fprintf(fp, "  no chain: %s\n", m->connect_error);
		fprintf(fp, "  %sverdict%s  %s: %s\n",
		    color ? dr_color(m->verdict) : "", color ? DR_OFF : "",
		    mt_dane_verdict_name(m->verdict), m->summary);
		fprintf(fp, "  Postfix (smtp_tls_security_level = dane) %s\n",
		    m->postfix);
		if (m->verdict == MT_DANE_V_FAILED && m->dane.nsuggest > 0) {
			fprintf(fp, "  fix: publish (beside or instead of the "
			    "stale records):\n");
			for (j = 0; j < m->dane.nsuggest; j++) {
				(void)mt_tlsa_format(&m->dane.suggest[j],
				    m->tlsa_name, rr, sizeof(rr));
				fprintf(fp, "    %s\n      (%s)\n", rr,
				    m->dane.suggest_why[j]);
			}
		}
		if (m->verdict == MT_DANE_V_VERIFIED && m->dane.matched_record
		    >= 0 && m->tlsa[m->dane.matched_record].usage == 3)
			fprintf(fp, "  rollover: before changing the key, publish "
			    "the next key's 3 1 1 beside this one (or keep the "
			    "key across renewals, or add 2 1 1 for the issuing "
			    "CA)\n");
	}
	dr_sts_text(fp, dc);
	fprintf(fp, "\nChecked in %.2f s\n", dc->elapsed);
	return ferror(fp) ? -1 : 0;
}

static json_t *
dr_tlsa_json(const struct mt_tlsa *t, int depth, bool have)
{
	char rr[MT_TLSA_DATA_MAX * 2 + 64];

	(void)mt_tlsa_format(t, NULL, rr, sizeof(rr));
	return json_pack("{s:i, s:i, s:i, s:s, s:s, s:o}", "usage", t->usage,
	    "selector", t->selector, "mtype", t->mtype, "usage_name",
	    mt_tlsa_usage_name(t->usage), "rdata", rr, "matched_depth",
	    have && depth >= 0 ? json_integer(depth) : json_null());
}

static json_t *
dr_mx_json(const struct mt_danecheck_mx *m, const char *tlsa_name)
{
	char rr[MT_TLSA_DATA_MAX * 2 + 320];
	json_t *o, *recs, *sug, *chain;
	size_t i;

	recs = json_array();
	for (i = 0; i < m->ntlsa; i++)
		json_array_append_new(recs, dr_tlsa_json(&m->tlsa[i],
		    i < m->dane.nrecords ? m->dane.depth[i] : -1,
		    m->connected));
	sug = json_array();
	for (i = 0; m->verdict == MT_DANE_V_FAILED && i < m->dane.nsuggest;
	    i++) {
		(void)mt_tlsa_format(&m->dane.suggest[i], tlsa_name, rr,
		    sizeof(rr));
		json_array_append_new(sug, json_pack("{s:s, s:s}", "record",
		    rr, "why", m->dane.suggest_why[i]));
	}
	chain = json_array();
	for (i = 0; m->connected && i < m->chain.ncerts; i++)
		json_array_append_new(chain, json_pack("{s:I, s:s, s:s, s:s}",
		    "depth", (json_int_t)i, "subject",
		    m->chain.certs[i].subject, "sha256",
		    m->chain.certs[i].sha256, "spki_sha256",
		    m->chain.certs[i].spki_sha256));
	o = json_pack("{s:s, s:i, s:s, s:s, s:s, s:s, s:b, s:s, s:o, s:b, "
	    "s:o, s:s, s:s, s:s, s:o, s:b, s:b}",
	    "host", m->host, "preference", m->pref, "canonical", m->canon,
	    "address", m->address, "tlsa_name", m->tlsa_name, "tlsa_dnssec",
	    mt_dns_sec_name(m->tlsa_sec), "tlsa_nxdomain", m->tlsa_nxdomain,
	    "tlsa_why_bogus", m->tlsa_why, "tlsa", recs, "connected",
	    m->connected, "chain", chain, "verdict",
	    mt_dane_verdict_name(m->verdict), "summary", m->summary,
	    "postfix_dane", m->postfix, "suggested_records", sug,
	    "sts_listed", m->sts_listed, "sts_cert_ok", m->sts_cert_ok);
	return o;
}

static json_t *
dr_sts_json(const struct mt_danecheck_sts *s)
{
	json_t *mx = json_array();
	size_t i;

	for (i = 0; i < s->nmx; i++)
		json_array_append_new(mx, json_string(s->mx[i]));
	return json_pack("{s:s, s:b, s:s, s:s, s:b, s:s, s:s, s:s, s:I, "
	    "s:o}", "dnssec", mt_dns_sec_name(s->txt_sec), "found",
	    s->txt_found, "id", s->id, "error", s->txt_error, "fetched",
	    s->fetched, "fetch_error", s->fetch_error, "fetch_result",
	    s->fetch_result, "mode", s->mode, "max_age",
	    (json_int_t)s->max_age, "mx", mx);
}

/* mt_report_dane_doc - the "mailtls-dane" document as a jansson value. */
json_t *
mt_report_dane_doc(const struct mt_danecheck *dc)
{
	json_t *mxs;
	char when[32];
	size_t i;

	dr_time(dc->at, when, sizeof(when));
	mxs = json_array();
	for (i = 0; i < dc->nmx; i++)
		json_array_append_new(mxs, dr_mx_json(&dc->mx[i],
		    dc->mx[i].tlsa_name));
	return json_pack("{s:s, s:i, s:s, s:s, s:i, s:s, s:s, s:b, s:b, "
	    "s:o, s:o, s:o, s:f}",
	    "schema", "mailtls-dane", "schema_version", 1, "mailtls_version",
	    MT_REPORT_VERSION, "domain", dc->domain, "port", dc->port,
	    "checked_at", when, "mx_dnssec", mt_dns_sec_name(dc->mx_sec),
	    "implicit_mx", dc->implicit_mx, "null_mx", dc->null_mx, "mx",
	    mxs, "mta_sts", dr_sts_json(&dc->sts), "tls_rpt",
	    json_pack("{s:s, s:b, s:s, s:s}", "dnssec",
	    mt_dns_sec_name(dc->sts.rpt_sec), "found", dc->sts.rpt_found,
	    "rua", dc->sts.rpt_rua, "error", dc->sts.rpt_error),
	    "elapsed_s", dc->elapsed);
}

int
mt_report_dane_json(FILE *fp, const struct mt_danecheck *dc)
{
	json_t *root;
	int rv;

	if ((root = mt_report_dane_doc(dc)) == NULL)
		return -1;
	rv = json_dumpf(root, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', fp);
	json_decref(root);
	return rv == 0 && !ferror(fp) ? 0 : -1;
}
