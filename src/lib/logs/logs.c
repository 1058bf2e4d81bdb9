/*
 * logs.c - struct mt_logs: line intake, correlation of lines that belong
 * together, and aggregation per peer, class and negotiated parameter
 *
 * Correlation: Postfix writes "SSL_accept error from HOST[IP]: -1" and then
 * (or, before 2.x, first) "warning: TLS library problem: ...reason" from
 * the same process, then maybe "lost connection after STARTTLS" or a
 * deferral "Cannot start TLS"; sendmail writes "accept failed" then the
 * OpenSSL queue.  These are one failure, classified by the reason.  A
 * fixed table of slots keyed by (MTA, pid) holds the pending event, so
 * memory does not grow with the file; OpenSMTPD session IDs use the same
 * slots to remember a session's peer.  Memory grows only with distinct
 * peers (capped at MT_LOGS_PEERS_MAX) and table values (capped).
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/mt_limits.h"
#include "core/table.h"
#include "logs/logs_int.h"

#define LOGS_SLOTS		1024
#define LOGS_PROBE		8
#define LOGS_FILTER		4096	/* buckets counting the keys */

/*
 * The keys of the slots live apart from the slots: a lookup probes up to
 * LOGS_PROBE keys, and a slot is over a kilobyte, so probing the slots
 * themselves would miss the cache on every probe.
 */
struct logs_key {
	unsigned long		pid;
	int			mta;
	bool			used;
};

struct logs_slot {
	bool			pending;
	bool			held;	/* hold is a success waiting on ev */
	struct mt_log_event	ev;	/* pending event */
	struct mt_log_event	hold;
	char			host[MT_LOG_HOST_MAX];	/* session peer */
	char			ip[MT_LOG_IP_MAX];
};

struct mt_logs {
	int			 year;
	struct mt_logs_filter	 filter;
	char			*filter_peer;
	void			(*event_cb)(const struct mt_log_event *,
				    void *);
	void			*event_arg;
	void			(*unrec_cb)(const char *, size_t, void *);
	void			*unrec_arg;
	struct logs_key		*keys;		/* LOGS_SLOTS */
	uint16_t		 nkeys[LOGS_FILTER];	/* keys per bucket */
	struct logs_slot	*slots;		/* LOGS_SLOTS */
	struct mt_log_daycache	 dc;	/* the last syslog date */
	struct mt_log_memo	 memo;	/* classified reason texts */
	struct mt_logs_agg	 agg;
};

struct mt_logs *
mt_logs_new(int year)
{
	struct mt_logs *lg;

	if ((lg = calloc(1, sizeof(*lg))) == NULL)
		return NULL;
	if ((lg->slots = mt_table_alloc(LOGS_SLOTS,
	    sizeof(*lg->slots))) == NULL ||
	    (lg->keys = calloc(LOGS_SLOTS, sizeof(*lg->keys))) == NULL) {
		free(lg->slots);
		free(lg);
		return NULL;
	}
	lg->year = year;
	return lg;
}

void
mt_logs_free(struct mt_logs *lg)
{
	if (lg == NULL)
		return;
	mt_logs_agg_clear(&lg->agg);
	free(lg->filter_peer);
	free(lg->slots);
	free(lg->keys);
	free(lg);
}

/*
 * logs_canon_ip - one spelling per IPv6 address (RFC 5952 via inet_ntop),
 * and an IPv4-mapped address as IPv4, so that a peer logged as
 * ::ffff:192.0.2.7 and 192.0.2.7, or 2001:0db8::1 and 2001:db8::1, is one
 * row.  IPv4 text is left alone; what does not parse is kept as it is.
 */
static void
logs_canon_ip(char *ip, size_t cap)
{
	unsigned char a[16];
	char txt[INET6_ADDRSTRLEN];
	const char *p = ip;

	if (strchr(ip, ':') == NULL)
		return;
	if (strncasecmp(p, "IPv6:", 5) == 0)
		p += 5;
	if (inet_pton(AF_INET6, p, a) != 1)
		return;
	if (memcmp(a, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12) == 0) {
		if (inet_ntop(AF_INET, a + 12, txt, sizeof(txt)) == NULL)
			return;
	} else if (inet_ntop(AF_INET6, a, txt, sizeof(txt)) == NULL)
		return;
	mt_log_copy_str(ip, cap, txt, strlen(txt));
}

int
mt_logs_set_filter(struct mt_logs *lg, const struct mt_logs_filter *f)
{
	char *p = NULL;

	if (f->peer != NULL && (p = strdup(f->peer)) == NULL)
		return -1;
	if (p != NULL)			/* the spelling events are given */
		logs_canon_ip(p, strlen(p) + 1);
	free(lg->filter_peer);
	lg->filter = *f;
	lg->filter_peer = p;
	lg->filter.peer = p;
	return 0;
}

void
mt_logs_set_event_cb(struct mt_logs *lg,
    void (*cb)(const struct mt_log_event *, void *), void *arg)
{
	lg->event_cb = cb;
	lg->event_arg = arg;
}

void
mt_logs_set_unrecognised_cb(struct mt_logs *lg,
    void (*cb)(const char *, size_t, void *), void *arg)
{
	lg->unrec_cb = cb;
	lg->unrec_arg = arg;
}

static bool
logs_filtered(const struct mt_logs *lg, const struct mt_log_event *ev)
{
	const struct mt_logs_filter *f = &lg->filter;

	if (f->since != 0 && ev->when != 0 && ev->when < f->since)
		return true;
	if (f->until != 0 && ev->when != 0 && ev->when > f->until)
		return true;
	if (f->direction != MT_LOG_DIR_UNKNOWN &&
	    ev->direction != f->direction)
		return true;
	if (f->peer != NULL && strcasecmp(f->peer, ev->host) != 0 &&
	    strcmp(f->peer, ev->ip) != 0)
		return true;
	return false;
}

/* logs_emit - one finished event: filter, callback, aggregate. */
static void
logs_emit(struct mt_logs *lg, struct mt_log_event *ev)
{
	logs_canon_ip(ev->ip, sizeof(ev->ip));
	if (ev->kind == MT_LOG_KIND_TLS_FAIL &&
	    ev->fail_class == MT_LOG_CLASS_NONE)
		ev->fail_class = MT_LOG_CLASS_UNKNOWN;
	if (logs_filtered(lg, ev)) {
		lg->agg.counts.filtered++;
		return;
	}
	lg->agg.counts.events++;
	if (lg->event_cb != NULL)
		lg->event_cb(ev, lg->event_arg);
	mt_logs_agg_add(&lg->agg, ev);
}

/*
 * logs_bucket - the filter bucket of a key: a lookup whose bucket counts
 * no key ends at once (most lines' processes have nothing pending).
 */
static size_t
logs_bucket(int mta, unsigned long pid)
{
	return (size_t)((((uint64_t)pid << 3 | (uint64_t)mta) *
	    0x9e3779b97f4a7c15ULL) >> 52);
}

static void
logs_key_set(struct mt_logs *lg, size_t j, int mta, unsigned long pid)
{
	struct logs_key *k = &lg->keys[j];

	if (k->used)
		lg->nkeys[logs_bucket(k->mta, k->pid)]--;
	k->used = true;
	k->mta = mta;
	k->pid = pid;
	lg->nkeys[logs_bucket(mta, pid)]++;
}

static void
logs_key_clear(struct mt_logs *lg, size_t j)
{
	struct logs_key *k = &lg->keys[j];

	if (k->used)
		lg->nkeys[logs_bucket(k->mta, k->pid)]--;
	k->used = false;
}

static void	logs_flush(struct mt_logs *, struct logs_slot *);

static struct logs_slot *
logs_slot(struct mt_logs *lg, int mta, unsigned long pid, bool create)
{
	size_t h = (size_t)((pid * 2654435761UL) ^ (unsigned long)mta);
	struct logs_key *k;
	size_t i, j, victim = LOGS_SLOTS;

	if (!create && lg->nkeys[logs_bucket(mta, pid)] == 0)
		return NULL;

	/* Keys are released (logs_done), so the whole window is looked at. */
	for (i = 0; i < LOGS_PROBE; i++) {
		j = (h + i) % LOGS_SLOTS;
		k = &lg->keys[j];
		if (!k->used) {
			if (victim == LOGS_SLOTS)
				victim = j;
			continue;
		}
		if (k->mta == mta && k->pid == pid)
			return &lg->slots[j];
	}
	if (!create)
		return NULL;
	if (victim == LOGS_SLOTS)
		victim = h % LOGS_SLOTS;
	if (lg->keys[victim].used)
		logs_flush(lg, &lg->slots[victim]);
	/* The event is written whole before pending is set. */
	lg->slots[victim].host[0] = lg->slots[victim].ip[0] = '\0';
	logs_key_set(lg, victim, mta, pid);
	return &lg->slots[victim];
}

/*
 * logs_flush - emit what the slot holds.  A held handshake that no
 * deferral discarded means the session went on (level may or encrypt, or
 * "untrusted" logging): the certificate was not trusted but TLS worked,
 * so the handshake counts and the verification failure does not.
 */
static void
logs_flush(struct mt_logs *lg, struct logs_slot *s)
{
	if (s != NULL && s->held) {
		s->held = false;
		s->pending = false;
		logs_emit(lg, &s->hold);
	}
	if (s != NULL && s->pending) {
		s->pending = false;
		logs_emit(lg, &s->ev);
	}
}

/*
 * logs_done - release the slot's key when it holds nothing (no pending
 * event, no session peer), so that the key table stays sparse and the
 * lookups of the many lines without TLS stay cheap.
 */
static void
logs_done(struct mt_logs *lg, struct logs_slot *s)
{
	if (s == NULL || s->pending || s->held || s->host[0] != '\0' ||
	    s->ip[0] != '\0')
		return;
	logs_key_clear(lg, (size_t)(s - lg->slots));
}

/* logs_merge_reason - the reason line classifies the pending error. */
static void
logs_merge_reason(struct mt_log_event *dst, const struct mt_log_event *r)
{
	if (dst->fail_class != MT_LOG_CLASS_UNKNOWN &&
	    dst->fail_class != MT_LOG_CLASS_NONE && dst->reason[0] != '\0')
		return;
	dst->fail_class = r->fail_class;
	memcpy(dst->alert, r->alert, sizeof(dst->alert));
	memcpy(dst->reason, r->reason, sizeof(dst->reason));
}

/* logs_merge_peer - the peer of src where dst has none. */
static void
logs_merge_peer(struct mt_log_event *dst, const struct mt_log_event *src)
{
	if (dst->host[0] == '\0')
		memcpy(dst->host, src->host, sizeof(dst->host));
	if (dst->ip[0] == '\0')
		memcpy(dst->ip, src->ip, sizeof(dst->ip));
	if (dst->direction == MT_LOG_DIR_UNKNOWN)
		dst->direction = src->direction;
}

/* logs_correlate - apply one parsed line to its process's slot. */
static void
logs_correlate(struct mt_logs *lg, int rel, struct mt_log_event *ev)
{
	struct logs_slot *s;

	/*
	 * Only lines that leave something behind for a later line take a
	 * slot; the others look for one of their process and flush it.
	 */
	s = logs_slot(lg, ev->mta, ev->pid, rel == MT_LOG_REL_PEER ||
	    rel == MT_LOG_REL_HS_ERROR || rel == MT_LOG_REL_REASON);
	switch (rel) {
	case MT_LOG_REL_PEER:
		memcpy(s->host, ev->host, sizeof(s->host));
		memcpy(s->ip, ev->ip, sizeof(s->ip));
		return;
	case MT_LOG_REL_HS_ERROR:
		if (s->pending && s->ev.host[0] == '\0' && s->ev.ip[0] == '\0') {
			/* Older Postfix: the reason came first. */
			logs_merge_reason(ev, &s->ev);
			s->pending = false;
		}
		logs_flush(lg, s);
		s->ev = *ev;
		s->pending = true;
		return;
	case MT_LOG_REL_REASON:
		if (s->pending)
			logs_merge_reason(&s->ev, ev);
		else {
			s->ev = *ev;
			s->pending = true;
		}
		return;
	case MT_LOG_REL_LOST:
	case MT_LOG_REL_DEFER:
		if (s != NULL && s->pending) {
			logs_merge_peer(&s->ev, ev);
			if (s->ev.fail_class == MT_LOG_CLASS_UNKNOWN &&
			    rel == MT_LOG_REL_LOST)
				s->ev.fail_class = MT_LOG_CLASS_LOST;
			/*
			 * The deferral (or a lost connection) says the held
			 * handshake was unusable: the failure counts.
			 */
			s->held = false;
			logs_flush(lg, s);
			logs_done(lg, s);
		} else
			logs_emit(lg, ev);
		return;
	case MT_LOG_REL_END:
		logs_flush(lg, s);
		logs_done(lg, s);
		if (ev->kind == MT_LOG_KIND_PLAINTEXT)
			logs_emit(lg, ev);
		return;
	case MT_LOG_REL_EVENT:
		/*
		 * Postfix at a verifying level: "certificate verification
		 * failed", then "Untrusted TLS connection established" to the
		 * same address, then the deferral "Server certificate not
		 * trusted".  The handshake is held with the failure: the
		 * deferral drops it (one failure, no success); anything else
		 * of the process ("status=sent" at level may, another
		 * session) emits the handshake as an untrusted success and
		 * drops the failure (logs_flush).
		 */
		if (s != NULL && s->pending && !s->held &&
		    ev->kind == MT_LOG_KIND_TLS_OK &&
		    ev->direction == MT_LOG_DIR_OUT &&
		    strcmp(ev->ip, s->ev.ip) == 0 &&
		    (s->ev.fail_class == MT_LOG_CLASS_CERT_VERIFY ||
		    s->ev.fail_class == MT_LOG_CLASS_DANE)) {
			s->hold = *ev;
			s->held = true;
			return;
		}
		logs_flush(lg, s);
		if (s != NULL && ev->host[0] == '\0' && ev->ip[0] == '\0') {
			memcpy(ev->host, s->host, sizeof(ev->host));
			memcpy(ev->ip, s->ip, sizeof(ev->ip));
		}
		logs_emit(lg, ev);
		logs_done(lg, s);
		return;
	default:
		logs_flush(lg, s);
		logs_done(lg, s);
		return;
	}
}

void
mt_logs_feed_line(struct mt_logs *lg, const char *s, size_t n)
{
	mt_logs_feed_clean(lg, s, n, false);
}

/*
 * mt_logs_feed_clean - feed one line; clean says the reader already knows
 * it holds no control byte (other than tab), so dispatch skips its check.
 */
void
mt_logs_feed_clean(struct mt_logs *lg, const char *s, size_t n, bool clean)
{
	struct mt_log_event ev;
	struct mt_log_line l;
	bool known;
	int rel;

	lg->agg.counts.lines++;
	lg->agg.counts.bytes += n + 1;
	if (n > MT_LOG_LINE_MAX) {
		lg->agg.counts.skipped++;
		return;
	}
	if (n > 0 && s[n - 1] == '\r') {
		n--;
		clean = false;	/* the reader counted the CR */
	}
	rel = mt_log_dispatch(s, n, lg->year, clean, &lg->dc, &lg->memo, &l,
	    &ev, &known);
	if (!known) {
		lg->agg.counts.unrecognised++;
		if (lg->unrec_cb != NULL)
			lg->unrec_cb(s, n, lg->unrec_arg);
		return;
	}
	lg->agg.counts.recognised++;
	if (ev.pid == 0 && rel != MT_LOG_REL_NONE && rel != MT_LOG_REL_PEER) {
		/* Nothing to correlate with: each line stands alone. */
		if (rel != MT_LOG_REL_END || ev.kind == MT_LOG_KIND_PLAINTEXT)
			logs_emit(lg, &ev);
		return;
	}
	if (ev.pid == 0)
		return;
	/*
	 * A line that says nothing about TLS ends what its process had
	 * pending (sendmail writes no end-of-session line): the lookup
	 * touches only the small key table.
	 */
	if (rel == MT_LOG_REL_NONE) {
		struct logs_slot *slot;

		/*
		 * logs_slot makes the same bucket test; made here too it
		 * saves the call for most lines, whose bucket is empty.
		 */
		if (lg->nkeys[logs_bucket(ev.mta, ev.pid)] == 0)
			return;
		slot = logs_slot(lg, ev.mta, ev.pid, false);
		logs_flush(lg, slot);
		logs_done(lg, slot);
		return;
	}
	logs_correlate(lg, rel, &ev);
}

/* mt_logs_count_cut - a partial line lost to a rewrite in place. */
void
mt_logs_count_cut(struct mt_logs *lg, size_t n)
{
	lg->agg.counts.lines++;
	lg->agg.counts.cut++;
	lg->agg.counts.bytes += n;
}

/* mt_logs_count_skipped - a line over the cap, seen by a reader. */
void
mt_logs_count_skipped(struct mt_logs *lg, size_t n)
{
	lg->agg.counts.lines++;
	lg->agg.counts.skipped++;
	lg->agg.counts.bytes += n;
}

void
mt_logs_flush(struct mt_logs *lg)
{
	size_t i;

	for (i = 0; i < LOGS_SLOTS; i++)
		if (lg->keys[i].used) {
			logs_flush(lg, &lg->slots[i]);
			logs_done(lg, &lg->slots[i]);
		}
}

const struct mt_logs_summary *
mt_logs_summary(struct mt_logs *lg)
{
	mt_logs_flush(lg);
	return mt_logs_agg_summary(&lg->agg);
}
