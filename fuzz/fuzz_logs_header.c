/*
 * fuzz_logs_header.c - libFuzzer target for the mail log line header
 * (header.c: RFC 3164, RFC 5424, ISO-8601, journal, Exim mainlog, none)
 *
 * The input, as it is, is one line, split with the years 2026, 0 and
 * 9999 for stamps without one.  When mt_log_header_parse accepts it:
 * prog and msg lie inside the input, prog before msg, msg runs to the
 * end; the MTA is the one prog names (or Exim for a mainlog stamp); pid
 * fits 32 bits; a time lies between year 0 and 9999 with any offset, and
 * no time means when is 0.  abort() on violation.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mailtls/logs.h"
#include "logs/logs_int.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static bool
fuzz_prefix(const struct mt_log_cur *c, const char *lit)
{
	size_t l = strlen(lit);

	return c->n >= l && memcmp(c->p, lit, l) == 0;
}

/* fuzz_mta - the MTA a program name stands for (header.c's rule). */
static int
fuzz_mta(const struct mt_log_cur *prog)
{
	if (fuzz_prefix(prog, "postfix") || fuzz_prefix(prog, "posttls-finger"))
		return MT_LOG_MTA_POSTFIX;
	if (fuzz_prefix(prog, "exim"))
		return MT_LOG_MTA_EXIM;
	if (fuzz_prefix(prog, "sm-") || fuzz_prefix(prog, "sendmail"))
		return MT_LOG_MTA_SENDMAIL;
	if (prog->n == 5 && memcmp(prog->p, "smtpd", 5) == 0)
		return MT_LOG_MTA_OPENSMTPD;
	return MT_LOG_MTA_UNKNOWN;
}

static void
fuzz_check(const char *s, size_t n, const struct mt_log_line *l)
{
	const long zone = 14 * 3600L + 59 * 60L;
	const char *end = s + n;

	if (l->msg.p < s || l->msg.p > end || l->msg.p + l->msg.n != end)
		abort();
	if (l->prog.n > 0 && (l->prog.p < s ||
	    l->prog.p + l->prog.n > l->msg.p))
		abort();
	if (l->mta < 0 || l->mta >= MT_LOG_NMTA || l->pid > 0xffffffffUL)
		abort();
	if (l->prog.n > 0 ? l->mta != fuzz_mta(&l->prog) :
	    (l->mta != MT_LOG_MTA_UNKNOWN &&
	    !(l->mta == MT_LOG_MTA_EXIM && l->has_time)))
		abort();
	if (l->has_time) {
		if (l->when < mt_log_make_time(0, 1, 1, 0, 0, 0, zone) ||
		    l->when > mt_log_make_time(9999, 12, 31, 23, 59, 60, -zone))
			abort();
	} else if (l->when != 0 || (l->mta == MT_LOG_MTA_EXIM &&
	    l->prog.n == 0))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int years[] = { 2026, 0, 9999 };
	const char *s = (const char *)data;
	struct mt_log_line l, first;
	bool ok, ok0 = false;
	size_t i;

	for (i = 0; i < sizeof(years) / sizeof(years[0]); i++) {
		memset(&l, 0xa5, sizeof(l));
		ok = mt_log_header_parse(s, size, years[i], &l);
		if (i == 0) {
			ok0 = ok;
			first = l;
		} else if (ok != ok0)
			abort();	/* the year never decides */
		if (!ok)
			continue;
		fuzz_check(s, size, &l);
		if (i > 0 && (l.msg.p != first.msg.p || l.msg.n != first.msg.n ||
		    l.prog.p != first.prog.p || l.prog.n != first.prog.n ||
		    l.pid != first.pid || l.mta != first.mta ||
		    l.has_time != first.has_time))
			abort();
	}
	return 0;
}
