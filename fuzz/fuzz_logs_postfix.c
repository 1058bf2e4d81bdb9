/*
 * fuzz_logs_postfix.c - libFuzzer target for the Postfix dialect
 * (postfix.c, postfix_tls.c) and the TLS reason classifier
 *
 * See fuzz_logs_dialect.h for the input and the invariants.  A line's
 * first byte picks the header: smtpd, smtp, tlsproxy, postscreen, lmtp,
 * posttls-finger, a second instance, cleanup; ISO, RFC 5424, journal and
 * year-bearing syslog stamps; no header.  The message also goes straight
 * to mt_log_postfix_status and mt_log_classify.
 */
#include "mailtls/logs.h"
#include "logs/logs_int.h"

#define FUZZ_DIALECT_FN		mt_log_postfix
#define FUZZ_DIALECT_MTA	MT_LOG_MTA_POSTFIX
#define FUZZ_DIALECT_EXTRA(l, clean)	fuzz_postfix_extra((l), (clean))
#define FUZZ_VARIANTS {							\
	{ "Nov 22 12:00:00 mx postfix/smtpd[1]: ", "postfix/smtpd", 1, 2 }, \
	{ "Nov 22 12:00:00 mx postfix/smtp[2]: ", "postfix/smtp", 1, 2 }, \
	{ "Nov 22 12:00:00 mx postfix/tlsproxy[3]: ", "postfix/tlsproxy", \
	    1, 2 },							\
	{ "Nov 22 12:00:00 mx postfix/postscreen[4]: ",			\
	    "postfix/postscreen", 1, 2 },				\
	{ "Nov 22 12:00:00 mx postfix/lmtp[5]: ", "postfix/lmtp", 1, 2 }, \
	{ "Nov 22 12:00:00 mx posttls-finger[6]: ", "posttls-finger", 1, 2 }, \
	{ "Nov 22 12:00:00 mx postfix-out/smtp[7]: ", "postfix-out/smtp", \
	    1, 2 },							\
	{ "Nov 22 12:00:00 mx postfix/cleanup[8]: ", "postfix/cleanup", 1, 2 }, \
	{ "2026-11-22T12:00:00.123456+01:00 mx postfix/smtpd[1]: ",	\
	    "postfix/smtpd", 1, 2 },					\
	{ "<22>1 2026-11-22T12:00:00.123Z mx postfix/smtp 2 - - ",	\
	    "postfix/smtp", 1, 1 },					\
	{ "postfix/smtpd[1]: ", "postfix/smtpd", 0, 2 },		\
	{ "Nov 22 2026 12:00:00 mx postfix/smtpd[1]: ", "postfix/smtpd", \
	    1, 2 },							\
	{ "Nov  2 12:00:00.123456 mx postfix/smtp[2]: ", "postfix/smtp", \
	    1, 2 },							\
}

static void	fuzz_postfix_extra(const struct mt_log_line *, bool);

#include "fuzz_logs_dialect.h"

static void
fuzz_postfix_extra(const struct mt_log_line *l, bool clean)
{
	struct mt_log_event ev;
	int rel;

	fuzz_reset(&ev, l);
	rel = mt_log_postfix_status(&l->msg, &ev);
	if (rel < MT_LOG_REL_NONE || rel > MT_LOG_REL_KNOWN)
		abort();
	fuzz_check_event(&ev, clean);
	fuzz_reset(&ev, l);
	mt_log_classify(&l->msg, &ev);
	fuzz_check_event(&ev, clean);
	if (mt_log_verify_from(ev.reason) < 0 ||
	    mt_log_verify_from(ev.reason) >= MT_LOG_NVERIFY)
		abort();
}
