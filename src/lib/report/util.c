/*
 * util.c - small pure helpers shared by the findings rules and renderers
 *
 * No I/O and no wall clock: times are formatted from the values in the
 * result structs.  Output buffers belong to the caller and are always
 * NUL-terminated (truncated if short).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "mailtls/chain.h"
#include "mailtls/probe.h"
#include "mailtls/registry.h"
#include "report/report_int.h"

const struct mt_report_problem mt_report_problems[] = {
	{ MT_CHAIN_MISSING_INTERMEDIATE, "missing_intermediate" },
	{ MT_CHAIN_UNTRUSTED_ROOT, "untrusted_root" },
	{ MT_CHAIN_EXPIRED, "expired" },
	{ MT_CHAIN_NOT_YET_VALID, "not_yet_valid" },
	{ MT_CHAIN_SELF_SIGNED_LEAF, "self_signed_leaf" },
	{ MT_CHAIN_WRONG_ORDER, "wrong_order" },
	{ MT_CHAIN_WEAK_KEY, "weak_key" },
	{ MT_CHAIN_WEAK_SIGNATURE, "weak_signature" },
	{ MT_CHAIN_NAME_MISMATCH, "name_mismatch" },
	{ MT_CHAIN_EXTRA_CERTS, "extra_certs" },
	{ MT_CHAIN_ROOT_SENT, "root_sent" },
	{ MT_CHAIN_UNPARSEABLE, "unparseable" },
};

const size_t mt_report_nproblems =
    sizeof(mt_report_problems) / sizeof(mt_report_problems[0]);

const char *
mt_report_state_name(int state)
{
	switch (state) {
	case MT_V_ACCEPTED:
		return "accepted";
	case MT_V_REFUSED:
		return "refused";
	case MT_V_ERROR:
		return "error";
	default:
		return "untested";
	}
}

const char *
mt_report_pref_name(int pref)
{
	switch (pref) {
	case MT_PREF_SERVER:
		return "server";
	case MT_PREF_CLIENT:
		return "client";
	default:
		return "unknown";
	}
}

/* util_tm - broken-down UTC time; false if t cannot be represented. */
static bool
util_tm(time_t t, struct tm *tm, char *buf, size_t len)
{
	if (len > 0)
		buf[0] = '\0';
	return len > 0 && gmtime_r(&t, tm) != NULL;
}

void
mt_report_time_iso(time_t t, char *buf, size_t len)
{
	struct tm tm;

	if (util_tm(t, &tm, buf, len) &&
	    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		buf[0] = '\0';
}

void
mt_report_date(time_t t, char *buf, size_t len)
{
	struct tm tm;

	if (util_tm(t, &tm, buf, len) &&
	    strftime(buf, len, "%Y-%m-%d", &tm) == 0)
		buf[0] = '\0';
}

const char *
mt_report_suite_label(uint16_t code, char *buf, size_t len)
{
	const struct mt_suite *s;

	if ((s = mt_suite_by_code(code)) != NULL) {
		if (s->openssl != NULL)
			return s->openssl;
		if (s->iana != NULL)
			return s->iana;
	}
	(void)snprintf(buf, len, "0x%04X", (unsigned)code);
	return buf;
}

const char *
mt_report_group_label(uint16_t code, char *buf, size_t len)
{
	const struct mt_group *g;

	if ((g = mt_group_by_code(code)) != NULL && g->name != NULL)
		return g->name;
	(void)snprintf(buf, len, "0x%04X", (unsigned)code);
	return buf;
}

const char *
mt_report_cert_role(const struct mt_chain_report *c, size_t i)
{
	if (i == 0)
		return "leaf";
	if (c->certs[i].self_signed)
		return "root";
	return "intermediate";
}

void
mt_report_cert_name(const char *subject, char *buf, size_t len)
{
	const char *p;
	size_t n = 0;

	if (len == 0)
		return;
	for (p = subject; *p != '\0'; p++) {
		if ((p == subject || p[-1] == ',') && strncmp(p, "CN=", 3) == 0)
			break;
	}
	if (*p == '\0') {
		(void)snprintf(buf, len, "%s", subject);
		return;
	}
	for (p += 3; *p != '\0' && *p != ',' && n + 1 < len; p++) {
		if (*p == '\\' && p[1] != '\0')
			p++;
		buf[n++] = *p;
	}
	buf[n] = '\0';
}
