/*
 * fuzz_logs_opensmtpd.c - libFuzzer target for the OpenSMTPD dialect
 * (opensmtpd.c)
 *
 * See fuzz_logs_dialect.h for the input and the invariants.  A line's
 * first byte picks the header: syslog with and without pid, ISO and
 * RFC 5424 stamps, none (smtpd -d on stderr).  mt_log_opensmtpd_shape
 * sees every line too.
 */
#include "mailtls/logs.h"
#include "logs/logs_int.h"

#define FUZZ_DIALECT_FN		mt_log_opensmtpd
#define FUZZ_DIALECT_MTA	MT_LOG_MTA_OPENSMTPD
#define FUZZ_DIALECT_EXTRA(l, clean)	\
	((void)(clean), (void)mt_log_opensmtpd_shape(&(l)->msg))
#define FUZZ_VARIANTS {							\
	{ "Nov 22 12:00:00 mx smtpd[1234]: ", "smtpd", 1, 2 },		\
	{ "2026-11-22T12:00:00+00:00 mx smtpd[1234]: ", "smtpd", 1, 2 }, \
	{ "", "", 0, 0 },						\
	{ "Nov 22 12:00:00 mx smtpd: ", "smtpd", 1, 2 },		\
	{ "<22>1 2026-11-22T12:00:00Z mx smtpd 1234 - - ", "smtpd", 1, 1 }, \
}

#include "fuzz_logs_dialect.h"
