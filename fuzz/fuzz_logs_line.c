/*
 * fuzz_logs_line.c - libFuzzer target for mailtls logs line parsing
 *
 * The input is split at newlines and every line goes through
 * mt_log_parse_line() on its own and through one struct mt_logs (header,
 * every dialect, correlation, aggregation); the summary is then rendered
 * to /dev/null as text and JSON.  Invariants of the event contract are
 * checked and abort() on violation.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mailtls/logs.h"
#include "mailtls/logs_report.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_check_event(const struct mt_log_event *ev)
{
	if (ev->mta < 0 || ev->mta >= MT_LOG_NMTA || ev->direction < 0 ||
	    ev->direction >= MT_LOG_NDIR || ev->kind < 0 ||
	    ev->kind >= MT_LOG_NKIND || ev->fail_class < 0 ||
	    ev->fail_class >= MT_LOG_NCLASS || ev->verify < 0 ||
	    ev->verify >= MT_LOG_NVERIFY)
		abort();
	if (memchr(ev->host, '\0', sizeof(ev->host)) == NULL ||
	    memchr(ev->ip, '\0', sizeof(ev->ip)) == NULL ||
	    memchr(ev->reason, '\0', sizeof(ev->reason)) == NULL ||
	    memchr(ev->cipher, '\0', sizeof(ev->cipher)) == NULL ||
	    memchr(ev->alert, '\0', sizeof(ev->alert)) == NULL)
		abort();
}

static void
fuzz_event_cb(const struct mt_log_event *ev, void *arg)
{
	(void)arg;
	fuzz_check_event(ev);
	if (ev->kind == MT_LOG_KIND_TLS_FAIL &&
	    ev->fail_class == MT_LOG_CLASS_NONE)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct mt_logs_summary *s;
	struct mt_log_event ev;
	struct mt_logs *lg;
	const char *p = (const char *)data, *nl;
	size_t n = size, k;
	FILE *devnull;

	if ((lg = mt_logs_new(2026)) == NULL)
		return 0;
	mt_logs_set_event_cb(lg, fuzz_event_cb, NULL);
	while (n > 0) {
		nl = memchr(p, '\n', n);
		k = nl != NULL ? (size_t)(nl - p) : n;
		(void)mt_log_parse_line(p, k, 2026, &ev);
		fuzz_check_event(&ev);
		mt_logs_feed_line(lg, p, k);
		if (nl == NULL)
			break;
		p += k + 1;
		n -= k + 1;
	}
	s = mt_logs_summary(lg);
	if (s->counts.lines != s->counts.recognised + s->counts.unrecognised +
	    s->counts.skipped)
		abort();
	if ((devnull = fopen("/dev/null", "w")) != NULL) {
		(void)mt_report_logs_text(devnull, s);
		(void)mt_report_logs_json(devnull, s);
		fclose(devnull);
	}
	mt_logs_free(lg);
	return 0;
}
