/*
 * dispatch.c - one line to one dialect: by the program name in the
 * header, or, for lines without one (OpenSMTPD stderr, quoted lines), by
 * trying each dialect in turn
 *
 * Input is untrusted; ev is filled with bounded copies.  A line with NUL
 * or control bytes (other than tab) is not a log line and is refused
 * here, before any parser sees it, so the copies made from it need no
 * escaping.
 */
#include <string.h>

#include "logs/logs_int.h"

/*
 * dispatch_binary - NULs or control bytes other than tab (a newline
 * included): not a log line.  The reader's scan does the work.
 */
static bool
dispatch_binary(const char *s, size_t n)
{
	bool ctl;

	return mt_log_scan_line(s, n, &ctl) < n || ctl;
}

typedef int (*dialect_fn)(const struct mt_log_line *, struct mt_log_event *);

static const dialect_fn guess_order[] = {
	mt_log_opensmtpd, mt_log_exim, mt_log_postfix, mt_log_sendmail,
};

/* dispatch_reset - an empty event; strings are emptied, not cleared. */
static void
dispatch_reset(struct mt_log_event *ev, const struct mt_log_line *l)
{
	ev->when = l != NULL && l->has_time ? l->when : 0;
	ev->pid = l != NULL ? l->pid : 0;
	ev->mta = ev->direction = ev->kind = ev->fail_class = 0;
	ev->verify = ev->bits = 0;
	ev->host[0] = ev->ip[0] = ev->version[0] = ev->cipher[0] = '\0';
	ev->kx[0] = ev->verify_text[0] = ev->alert[0] = ev->reason[0] = '\0';
}

/*
 * mt_log_dispatch - parse line s (n bytes) into l and ev; *known tells
 * whether it is a line of a mail server at all.  clean: the caller has
 * already checked s for control bytes.  dc and memo (may be NULL) are the
 * caller's caches across lines.  Returns enum mt_log_rel.
 */
int
mt_log_dispatch(const char *s, size_t n, int year, bool clean,
    struct mt_log_daycache *dc, struct mt_log_memo *memo,
    struct mt_log_line *l, struct mt_log_event *ev, bool *known)
{
	size_t i;
	int rel;

	*known = false;
	/* After this no view holds a control byte: copies need no check. */
	if ((!clean && dispatch_binary(s, n)) ||
	    !mt_log_header_parse_dc(s, n, year, dc, l)) {
		dispatch_reset(ev, NULL);
		return MT_LOG_REL_NONE;
	}
	dispatch_reset(ev, l);
	l->memo = memo;
	switch (l->mta) {
	case MT_LOG_MTA_POSTFIX:
		*known = true;
		return mt_log_postfix(l, ev);
	case MT_LOG_MTA_EXIM:
		*known = true;
		rel = mt_log_exim(l, ev);
		return rel == MT_LOG_REL_KNOWN ? MT_LOG_REL_NONE : rel;
	case MT_LOG_MTA_SENDMAIL:
		*known = true;
		return mt_log_sendmail(l, ev);
	case MT_LOG_MTA_OPENSMTPD:
		*known = true;
		return mt_log_opensmtpd(l, ev);
	default:
		break;
	}
	if (l->prog.n != 0)
		return MT_LOG_REL_NONE;
	for (i = 0; i < sizeof(guess_order) / sizeof(guess_order[0]); i++) {
		dispatch_reset(ev, l);
		if ((rel = guess_order[i](l, ev)) != MT_LOG_REL_NONE) {
			*known = true;
			return rel == MT_LOG_REL_KNOWN ? MT_LOG_REL_NONE : rel;
		}
	}
	dispatch_reset(ev, l);
	*known = mt_log_opensmtpd_shape(&l->msg);
	if (*known)
		ev->mta = MT_LOG_MTA_OPENSMTPD;
	return MT_LOG_REL_NONE;
}

bool
mt_log_parse_line(const char *s, size_t n, int year, struct mt_log_event *ev)
{
	struct mt_log_line l;
	bool known;

	(void)mt_log_dispatch(s, n, year, false, NULL, NULL, &l, ev,
	    &known);
	return known;
}
