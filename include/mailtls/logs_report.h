/*
 * logs_report.h - render a struct mt_logs_summary (mailtls logs) as text
 * for people or as JSON
 *
 * Output is deterministic: sorted tables, times in UTC, no wall clock.
 */
#ifndef MAILTLS_LOGS_REPORT_H
#define MAILTLS_LOGS_REPORT_H

#include <stdio.h>

#include "mailtls/logs.h"

/*
 * mt_report_logs_text - top tables (aligned), failures by class with
 * counts, example peers, likely causes and the fix per MTA.  Borrows s.
 * 0, or -1 on a write error.
 */
int	 mt_report_logs_text(FILE *, const struct mt_logs_summary *);
/* mt_report_logs_json - the same as one JSON object (schema "logs/1"). */
int	 mt_report_logs_json(FILE *, const struct mt_logs_summary *);
/*
 * mt_report_logs_json_line - the same object on one compact line, with
 * "type": "summary" first (the last line of mailtls logs --follow --json).
 */
int	 mt_report_logs_json_line(FILE *, const struct mt_logs_summary *);

/*
 * mt_report_logs_event_text, mt_report_logs_event_json - one event as one
 * line (mailtls logs --follow); the JSON object has "type": "event".
 * Borrows ev.  0, or -1 on a write error.
 */
int	 mt_report_logs_event_text(FILE *, const struct mt_log_event *);
int	 mt_report_logs_event_json(FILE *, const struct mt_log_event *);

#endif /* MAILTLS_LOGS_REPORT_H */
