/*
 * policy_report_int.h - helpers shared by the policy text and JSON
 * renderers (policy_text.c, policy_json.c)
 *
 * Internal to libmailtls (not exported).  Pure: buffers are the caller's
 * and always NUL-terminated; the policies and matches are borrowed.
 */
#ifndef MT_POLICY_REPORT_INT_H
#define MT_POLICY_REPORT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "mailtls/policy.h"

/* One group of why rows that name the same rule in the same setting. */
struct mt_why_group {
	const struct mt_policy_why *first;	/* rule, where, pos */
	size_t		 count;
};

/*
 * mt_report_vrange - MT_VBIT_* as "SSLv3-TLSv1.2", "TLSv1.2",
 * "TLSv1.0, TLSv1.2" or "none".
 */
const char	*mt_report_vrange(uint8_t, char *, size_t);
/* mt_report_suite_minver - OpenSSL's version column: "SSLv3", "TLSv1",
 * "TLSv1.2", "TLSv1.3", or "-" when the registry does not say. */
const char	*mt_report_suite_minver(uint16_t);
/* mt_report_lib_label - mt_tls_lib_name(lib), or "unknown". */
const char	*mt_report_lib_label(int);
/*
 * mt_report_why_groups - group n why rows by (rule, where, pos) in order
 * of first appearance, at most max groups; returns the number of groups.
 */
size_t		 mt_report_why_groups(const struct mt_policy_why *,
		    size_t n, struct mt_why_group *, size_t max);
/* mt_report_why_same - do two rows name the same rule in the same place? */
int		 mt_report_why_same(const struct mt_policy_why *,
		    const struct mt_policy_why *);

/* mt_report_policy_position - 1-based place of code in p, 0 if absent. */
size_t	 mt_report_policy_position(const struct mt_policy *, uint16_t);

#endif /* MT_POLICY_REPORT_INT_H */
