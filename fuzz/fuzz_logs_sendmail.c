/*
 * fuzz_logs_sendmail.c - libFuzzer target for the sendmail dialect
 * (sendmail.c)
 *
 * See fuzz_logs_dialect.h for the input and the invariants.  A line's
 * first byte picks the header: sm-mta, sendmail, sm-msp-queue; ISO and
 * RFC 5424 stamps; no time.
 */
#include "mailtls/logs.h"
#include "logs/logs_int.h"

#define FUZZ_DIALECT_FN		mt_log_sendmail
#define FUZZ_DIALECT_MTA	MT_LOG_MTA_SENDMAIL
#define FUZZ_VARIANTS {							\
	{ "Nov 22 12:00:00 mx sm-mta[1234]: ", "sm-mta", 1, 2 },	\
	{ "Nov 22 12:00:00 mx sendmail[1234]: ", "sendmail", 1, 2 },	\
	{ "Nov 22 12:00:00 mx sm-msp-queue[1234]: ", "sm-msp-queue", 1, 2 }, \
	{ "2026-11-22T12:00:00.5Z mx sm-mta[1234]: ", "sm-mta", 1, 2 },	\
	{ "sm-mta[1234]: ", "sm-mta", 0, 2 },				\
	{ "<22>1 2026-11-22T12:00:00Z mx sm-mta 1234 - - ", "sm-mta", 1, 1 }, \
}

#include "fuzz_logs_dialect.h"
