/*
 * fuzz_logs_dialect.h - the body of the per-dialect mail log fuzz targets:
 * define FUZZ_DIALECT_FN (an int (*)(const struct mt_log_line *, struct
 * mt_log_event *)), FUZZ_DIALECT_MTA (enum mt_log_mta), FUZZ_VARIANTS
 * (the initialiser of a table of struct fuzz_variant), optionally
 * FUZZ_DIALECT_EXTRA(l, clean) (more calls on a line; clean: no control
 * bytes in it), then include this once.
 *
 * Input: lines split at '\n'; the first byte of a line picks a header
 * variant (a real header of the dialect's MTA, modulo the table size) and
 * the rest is the message.  Each line is put behind its header, split by
 * mt_log_header_parse (a prefixed variant must give the MTA and put msg
 * where the message starts) and given to the dialect directly; the event
 * must match what mt_log_parse_line gives for the whole line, and may not
 * depend on what the event held before (it is filled with garbage
 * first).  Correlation across lines is fuzz_logs_line's: a struct
 * mt_logs costs a megabyte of fresh pages, which would slow these
 * targets fifty times.
 * Then the raw input after its first byte, newlines and control bytes
 * included, is the msg of a hand-built line for the dialect.
 * Invariants: fuzz_logs_event.h, return values in range, ev->mta the
 * dialect's MTA; abort() on violation.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mailtls/logs.h"
#include "logs/logs_int.h"
#include "fuzz_logs_event.h"

/* msg_at: where the message must start after mt_log_header_parse */
#define FUZZ_MSG_ANY	0	/* no check (no header: the text decides) */
#define FUZZ_MSG_EXACT	1	/* right after the prefix */
#define FUZZ_MSG_SPACES	2	/* after the prefix and leading spaces */

struct fuzz_variant {
	const char	*prefix;	/* the header in front of the message */
	const char	*prog;		/* for the hand-built line */
	int		 has_time;
	int		 msg_at;	/* FUZZ_MSG_* (0, 1, 2) */
};

static const struct fuzz_variant fuzz_variants[] = FUZZ_VARIANTS;

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define FUZZ_NVARIANTS	(sizeof(fuzz_variants) / sizeof(fuzz_variants[0]))

/* fuzz_reset - garbage, then what mt_log_dispatch resets. */
static void
fuzz_reset(struct mt_log_event *ev, const struct mt_log_line *l)
{
	memset(ev, 0xa5, sizeof(*ev));
	ev->when = l->has_time ? l->when : 0;
	ev->pid = l->pid;
	ev->mta = ev->direction = ev->kind = ev->fail_class = 0;
	ev->verify = ev->bits = 0;
	ev->host[0] = ev->ip[0] = ev->version[0] = ev->cipher[0] = '\0';
	ev->kx[0] = ev->verify_text[0] = ev->alert[0] = ev->reason[0] = '\0';
}

static int
fuzz_call(const struct mt_log_line *l, struct mt_log_event *ev, bool clean)
{
	int rel;

	fuzz_reset(ev, l);
	rel = FUZZ_DIALECT_FN(l, ev);
	if (rel < MT_LOG_REL_NONE || rel > MT_LOG_REL_KNOWN ||
	    ev->mta != FUZZ_DIALECT_MTA)
		abort();
	fuzz_check_event(ev, clean);
#ifdef FUZZ_DIALECT_EXTRA
	FUZZ_DIALECT_EXTRA(l, clean);
#endif
	return rel;
}

/* fuzz_same - the fields mt_log_parse_line fills, compared. */
static void
fuzz_same(const struct mt_log_event *a, const struct mt_log_event *b)
{
	if (a->when != b->when || a->mta != b->mta ||
	    a->direction != b->direction || a->kind != b->kind ||
	    a->fail_class != b->fail_class || a->verify != b->verify ||
	    a->bits != b->bits || a->pid != b->pid ||
	    strcmp(a->host, b->host) != 0 || strcmp(a->ip, b->ip) != 0 ||
	    strcmp(a->version, b->version) != 0 ||
	    strcmp(a->cipher, b->cipher) != 0 || strcmp(a->kx, b->kx) != 0 ||
	    strcmp(a->verify_text, b->verify_text) != 0 ||
	    strcmp(a->alert, b->alert) != 0 ||
	    strcmp(a->reason, b->reason) != 0)
		abort();
}

static void
fuzz_line(const struct fuzz_variant *v, const char *m, size_t mn)
{
	struct mt_log_event ev, ev2;
	struct mt_log_line l;
	size_t pn = strlen(v->prefix), sp = 0;
	bool clean;
	char *buf;

	/* exactly the line: ASan sees a read one byte past it */
	if ((buf = malloc(pn + mn > 0 ? pn + mn : 1)) == NULL)
		return;
	memcpy(buf, v->prefix, pn);
	memcpy(buf + pn, m, mn);
	clean = !fuzz_ctl(buf, pn + mn);
	if (mt_log_header_parse(buf, pn + mn, 2026, &l)) {
		if (l.msg.p < buf || l.msg.p + l.msg.n != buf + pn + mn)
			abort();
		while (sp < mn && m[sp] == ' ')
			sp++;
		if ((v->msg_at == FUZZ_MSG_EXACT && l.msg.p != buf + pn) ||
		    (v->msg_at == FUZZ_MSG_SPACES && l.msg.p != buf + pn + sp))
			abort();
		if (v->msg_at != FUZZ_MSG_ANY && l.mta != FUZZ_DIALECT_MTA)
			abort();
		(void)fuzz_call(&l, &ev, clean);
		if (clean && l.mta == FUZZ_DIALECT_MTA) {
			if (!mt_log_parse_line(buf, pn + mn, 2026, &ev2))
				abort();
			fuzz_check_event(&ev2, true);
			fuzz_same(&ev, &ev2);
		}
	} else if (v->msg_at != FUZZ_MSG_ANY)
		abort();	/* a full header always parses */
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct fuzz_variant *v;
	const char *p = (const char *)data, *nl;
	struct mt_log_event ev;
	struct mt_log_line l;
	size_t n = size, k;

	if (size == 0)
		return 0;
	while (n > 0) {
		nl = memchr(p, '\n', n);
		k = nl != NULL ? (size_t)(nl - p) : n;
		if (k > 0)
			fuzz_line(&fuzz_variants[(unsigned char)p[0] %
			    FUZZ_NVARIANTS], p + 1, k - 1);
		if (nl == NULL)
			break;
		p += k + 1;
		n -= k + 1;
	}

	/* The raw bytes as the message of a hand-built line. */
	v = &fuzz_variants[data[0] % FUZZ_NVARIANTS];
	memset(&l, 0, sizeof(l));
	l.has_time = v->has_time != 0;
	l.when = l.has_time ? 1795348800 : 0;
	mt_log_cur_init(&l.prog, v->prog, strlen(v->prog));
	l.pid = 1;
	l.mta = l.prog.n > 0 || l.has_time ? FUZZ_DIALECT_MTA :
	    MT_LOG_MTA_UNKNOWN;
	mt_log_cur_init(&l.msg, (const char *)data + 1, size - 1);
	(void)fuzz_call(&l, &ev, !fuzz_ctl((const char *)data + 1, size - 1));
	return 0;
}
