/*
 * report.h - render probe results as text for people or as JSON
 *
 * Renderers write to a FILE the caller owns; they never exit.  The JSON
 * schema is versioned (docs/json-schema.md).
 */
#ifndef MAILTLS_REPORT_H
#define MAILTLS_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "mailtls/probe.h"

struct mt_report_opts {
	bool		 color;		/* ANSI colour (only on a terminal) */
	bool		 verbose;	/* dialogue and every finding detail */
};

/* mt_findings_derive - add findings for one target from its evidence. */
void	 mt_findings_derive(struct mt_target_result *);
/* mt_target_worst - highest severity among the findings, -1 if none. */
int	 mt_target_worst(const struct mt_target_result *);

int	 mt_report_text(FILE *, const struct mt_target_result *,
	    const struct mt_report_opts *);
/* mt_report_json - one JSON document for all n results. */
int	 mt_report_json(FILE *, const struct mt_target_result *const *,
	    size_t n);
struct mt_danecheck;
/* mt_report_json_policies - the same, with the DANE, MTA-STS and TLS-RPT
 * checks of the --mx domains as "policies" (mailtls-dane documents). */
int	 mt_report_json_policies(FILE *, const struct mt_target_result *const *,
	    size_t n, const struct mt_danecheck *const *, size_t);

#endif /* MAILTLS_REPORT_H */
