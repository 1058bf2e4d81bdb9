/*
 * policy_util.c - helpers of the policy renderers: version ranges, the
 * OpenSSL version column, why rows grouped by rule
 *
 * Pure code; see policy_report_int.h for the ownership of arguments.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "mailtls/policy.h"
#include "mailtls/registry.h"
#include "report/policy_report_int.h"

#define POLICY_NVERSIONS	5

const char *
mt_report_vrange(uint8_t bits, char *buf, size_t len)
{
	size_t i, lo = POLICY_NVERSIONS, hi = 0, n = 0, off = 0;
	bool gap = false;
	int w;

	if (len == 0)
		return "";
	buf[0] = '\0';
	for (i = 0; i < POLICY_NVERSIONS; i++) {
		if ((bits & (1u << i)) == 0)
			continue;
		if (lo == POLICY_NVERSIONS)
			lo = i;
		else if (i != hi + 1)
			gap = true;
		hi = i;
		n++;
	}
	if (n == 0)
		(void)snprintf(buf, len, "none");
	else if (!gap && lo == hi)
		(void)snprintf(buf, len, "%s",
		    mt_version_name((uint16_t)(MT_SSL3 + lo)));
	else if (!gap)
		(void)snprintf(buf, len, "%s-%s",
		    mt_version_name((uint16_t)(MT_SSL3 + lo)),
		    mt_version_name((uint16_t)(MT_SSL3 + hi)));
	else {
		for (i = 0; i < POLICY_NVERSIONS; i++) {
			if ((bits & (1u << i)) == 0)
				continue;
			w = snprintf(buf + off, len - off, "%s%s",
			    off > 0 ? ", " : "",
			    mt_version_name((uint16_t)(MT_SSL3 + i)));
			if (w < 0 || (size_t)w >= len - off)
				break;
			off += (size_t)w;
		}
	}
	return buf;
}

const char *
mt_report_suite_minver(uint16_t code)
{
	const struct mt_suite *s;

	if ((s = mt_suite_by_code(code)) == NULL)
		return "-";
	if (s->versions & MT_VBIT_SSL3)
		return "SSLv3";
	if (s->versions & MT_VBIT_TLS10)
		return "TLSv1";
	if (s->versions & MT_VBIT_TLS11)
		return "TLSv1.1";
	if (s->versions & MT_VBIT_TLS12)
		return "TLSv1.2";
	if (s->versions & MT_VBIT_TLS13)
		return "TLSv1.3";
	return "-";
}

const char *
mt_report_lib_label(int lib)
{
	const char *s;

	if (lib < 0 || lib >= MT_LIB_COUNT ||
	    (s = mt_tls_lib_name(lib)) == NULL)
		return "unknown";
	return s;
}

int
mt_report_why_same(const struct mt_policy_why *a,
    const struct mt_policy_why *b)
{
	return a->pos == b->pos && strcmp(a->rule, b->rule) == 0 &&
	    strcmp(a->where, b->where) == 0;
}

size_t
mt_report_why_groups(const struct mt_policy_why *w, size_t n,
    struct mt_why_group *g, size_t max)
{
	size_t i, k, ng = 0;

	for (i = 0; i < n; i++) {
		for (k = 0; k < ng; k++)
			if (mt_report_why_same(g[k].first, &w[i]))
				break;
		if (k < ng) {
			g[k].count++;
			continue;
		}
		if (ng == max)
			continue;
		g[ng].first = &w[i];
		g[ng++].count = 1;
	}
	return ng;
}

size_t
mt_report_policy_position(const struct mt_policy *p, uint16_t code)
{
	size_t i;

	for (i = 0; i < p->nsuites && i < MT_POLICY_SUITES_MAX; i++)
		if (p->suites[i] == code)
			return i + 1;
	for (i = 0; i < p->ntls13 && i < MT_POLICY_TLS13_MAX; i++)
		if (p->tls13[i] == code)
			return i + 1;
	return 0;
}
