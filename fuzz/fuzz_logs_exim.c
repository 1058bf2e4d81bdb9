/*
 * fuzz_logs_exim.c - libFuzzer target for the Exim dialect (exim.c,
 * exim_reject.c)
 *
 * See fuzz_logs_dialect.h for the input and the invariants.  A line's
 * first byte picks the header: mainlog with pid, with milliseconds and
 * log_timezone, without pid; syslog as exim and exim4; ISO syslog; none
 * (rejectlog dump lines).  mt_log_exim_reject_cont sees every line too.
 */
#include "mailtls/logs.h"
#include "logs/logs_int.h"

#define FUZZ_DIALECT_FN		mt_log_exim
#define FUZZ_DIALECT_MTA	MT_LOG_MTA_EXIM
#define FUZZ_DIALECT_EXTRA(l, clean)	\
	((void)(clean), (void)mt_log_exim_reject_cont(l))
#define FUZZ_VARIANTS {							\
	{ "2026-11-22 12:00:00 [1234] ", "", 1, 1 },			\
	{ "2026-11-22 12:00:00.123 +0100 [1234] ", "", 1, 1 },		\
	{ "2026-11-22 12:00:00 ", "", 1, 0 },				\
	{ "Nov 22 12:00:00 mx exim[1234]: ", "exim", 1, 2 },		\
	{ "Nov 22 12:00:00 mx exim4[1234]: ", "exim4", 1, 2 },		\
	{ "", "", 0, 0 },						\
	{ "2026-11-22T12:00:00+01:00 mx exim[99]: ", "exim", 1, 2 },	\
}

#include "fuzz_logs_dialect.h"
