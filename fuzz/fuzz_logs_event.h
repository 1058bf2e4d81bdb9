/*
 * fuzz_logs_event.h - invariants of struct mt_log_event shared by the
 * mail log fuzz targets (static inline functions)
 *
 * Every enum in range, every string NUL-terminated inside its field and,
 * when the text the event came from had no control bytes (tab aside), no
 * control byte in any string.  A violation is abort().  Inline: a target
 * need not use them all.
 */
#ifndef FUZZ_LOGS_EVENT_H
#define FUZZ_LOGS_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "mailtls/logs.h"

/* fuzz_ctl - a control byte other than tab (the dispatcher's rule). */
static inline bool
fuzz_ctl(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return true;
	}
	return false;
}

static inline void
fuzz_check_str(const char *s, size_t cap, bool clean)
{
	const char *nul;

	if ((nul = memchr(s, '\0', cap)) == NULL)
		abort();
	if (clean && fuzz_ctl(s, (size_t)(nul - s)))
		abort();
}

/* fuzz_check_event - clean: the source text had no control bytes. */
static inline void
fuzz_check_event(const struct mt_log_event *ev, bool clean)
{
	if (ev->mta < 0 || ev->mta >= MT_LOG_NMTA || ev->direction < 0 ||
	    ev->direction >= MT_LOG_NDIR || ev->kind < 0 ||
	    ev->kind >= MT_LOG_NKIND || ev->fail_class < 0 ||
	    ev->fail_class >= MT_LOG_NCLASS || ev->verify < 0 ||
	    ev->verify >= MT_LOG_NVERIFY || ev->bits < 0)
		abort();
	fuzz_check_str(ev->host, sizeof(ev->host), clean);
	fuzz_check_str(ev->ip, sizeof(ev->ip), clean);
	fuzz_check_str(ev->version, sizeof(ev->version), clean);
	fuzz_check_str(ev->cipher, sizeof(ev->cipher), clean);
	fuzz_check_str(ev->kx, sizeof(ev->kx), clean);
	fuzz_check_str(ev->verify_text, sizeof(ev->verify_text), clean);
	fuzz_check_str(ev->alert, sizeof(ev->alert), clean);
	fuzz_check_str(ev->reason, sizeof(ev->reason), clean);
}

/*
 * fuzz_event_cb - for mt_logs_set_event_cb: events that reach the
 * aggregation come from clean lines (the dispatcher refuses the rest) and
 * a failure always has a class.
 */
static inline void
fuzz_event_cb(const struct mt_log_event *ev, void *arg)
{
	(void)arg;
	fuzz_check_event(ev, true);
	if (ev->kind == MT_LOG_KIND_TLS_FAIL &&
	    ev->fail_class == MT_LOG_CLASS_NONE)
		abort();
}

/* fuzz_check_counts - nothing read is left uncounted. */
static inline void
fuzz_check_counts(const struct mt_logs_summary *s)
{
	if (s->counts.lines != s->counts.recognised +
	    s->counts.unrecognised + s->counts.skipped + s->counts.cut ||
	    s->counts.events + s->counts.filtered > s->counts.lines * 2 + 2)
		abort();
}

#endif /* FUZZ_LOGS_EVENT_H */
