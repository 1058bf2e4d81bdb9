/*
 * policy_report.h - render cipher policies, matches and diffs as text
 * for people (like `openssl ciphers -v`) or as JSON documents (schemas
 * "mailtls-ciphers", "mailtls-ciphers-match", "mailtls-ciphers-diff",
 * docs/json-schema.md)
 *
 * Every renderer borrows its arguments, writes to a FILE the caller owns
 * and returns 0, or -1 when memory ran out or writing failed.  They never
 * exit.
 */
#ifndef MAILTLS_POLICY_REPORT_H
#define MAILTLS_POLICY_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "mailtls/policy.h"

#define MT_POLICY_JSON_SCHEMA_VERSION	1

/*
 * mt_report_policy_text - the suites in order, then the TLS 1.3 suites,
 * the versions and the notes; verbose adds every registry suite left out
 * with the rule that removed it.
 */
int	 mt_report_policy_text(FILE *, const struct mt_policy *,
	    bool verbose);
/* mt_report_policy_json - schema "mailtls-ciphers"; removed rows always. */
int	 mt_report_policy_json(FILE *, const struct mt_policy *);

/*
 * mt_report_match_text - per version what both sides share and what the
 * server picks; when the handshake fails, the server's rules that removed
 * the client's suites, grouped by rule.  verbose lists every shared suite
 * and every removed suite by name.
 */
int	 mt_report_match_text(FILE *, const struct mt_policy *client,
	    const struct mt_policy *server, const struct mt_match *,
	    bool verbose);
/* mt_report_match_json - schema "mailtls-ciphers-match". */
int	 mt_report_match_json(FILE *, const struct mt_policy *client,
	    const struct mt_policy *server, const struct mt_match *);

/* mt_report_diff_text - added, removed, moved suites and versions. */
int	 mt_report_diff_text(FILE *, const struct mt_policy *a,
	    const struct mt_policy *b, const struct mt_policy_diff *);
/* mt_report_diff_json - schema "mailtls-ciphers-diff". */
int	 mt_report_diff_json(FILE *, const struct mt_policy *a,
	    const struct mt_policy *b, const struct mt_policy_diff *);

#endif /* MAILTLS_POLICY_REPORT_H */
