/*
 * agg.c - aggregate log events: totals, per peer (classes, counts, first
 * and last seen, success after failure, plaintext after failure) and
 * tables of versions, ciphers, key exchanges, verification and alerts
 *
 * Events are trusted here (bounded copies made by the parsers).  Memory
 * grows with distinct peers up to MT_LOGS_PEERS_MAX; beyond that, events
 * go to one "(other peers)" row, so nothing is dropped.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "logs/logs_int.h"

static uint64_t
agg_hash(int dir, const char *key)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)dir;

	for (; *key != '\0'; key++) {
		unsigned char c = (unsigned char)*key;

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		h = (h ^ c) * 1099511628211ULL;
	}
	return h;
}

static const char *
agg_key(const struct mt_logs_peer *p)
{
	return p->ip[0] != '\0' ? p->ip : p->host;
}

static bool
agg_grow_index(struct mt_logs_agg *a)
{
	size_t n = a->nindex == 0 ? 1024 : a->nindex * 2, i, j;
	size_t *idx;

	if ((idx = calloc(n, sizeof(*idx))) == NULL)
		return false;
	for (i = 0; i < a->npeers; i++) {
		j = (size_t)(agg_hash(a->peers[i].direction,
		    agg_key(&a->peers[i])) & (n - 1));
		while (idx[j] != 0)
			j = (j + 1) & (n - 1);
		idx[j] = i + 1;
	}
	free(a->index);
	a->index = idx;
	a->nindex = n;
	return true;
}

static struct mt_logs_peer *
agg_new_peer(struct mt_logs_agg *a, const struct mt_log_event *ev,
    const char *host)
{
	struct mt_logs_peer *p;
	size_t n;

	if (a->npeers == a->cappeers) {
		n = a->cappeers == 0 ? 256 : a->cappeers * 2;
		if ((p = reallocarray(a->peers, n, sizeof(*p))) == NULL)
			return NULL;
		a->peers = p;
		a->cappeers = n;
	}
	p = &a->peers[a->npeers++];
	memset(p, 0, sizeof(*p));
	mt_log_copy_str(p->host, sizeof(p->host), host, strlen(host));
	memcpy(p->ip, ev->ip, sizeof(p->ip));
	p->direction = ev->direction;
	p->mta = ev->mta;
	return p;
}

/* agg_peer - find or add the row of ev's peer; NULL only without memory. */
static struct mt_logs_peer *
agg_peer(struct mt_logs_agg *a, const struct mt_log_event *ev)
{
	const char *host = ev->host, *key;
	struct mt_logs_peer *p;
	size_t j;

	if (ev->host[0] == '\0' && ev->ip[0] == '\0')
		host = "(unknown)";
	key = ev->ip[0] != '\0' ? ev->ip : host;
	if (a->npeers >= MT_LOGS_PEERS_MAX) {
		host = "(other peers)";
		key = host;
	}
	if ((a->npeers + 1) * 2 > a->nindex && !agg_grow_index(a))
		return NULL;
	j = (size_t)(agg_hash(ev->direction, key) & (a->nindex - 1));
	while (a->index[j] != 0) {
		p = &a->peers[a->index[j] - 1];
		if (p->direction == ev->direction &&
		    strcasecmp(agg_key(p), key) == 0) {
			if (p->host[0] == '\0' || strcmp(p->host, "unknown") == 0)
				mt_log_copy_str(p->host, sizeof(p->host), host,
				    strlen(host));
			return p;
		}
		j = (j + 1) & (a->nindex - 1);
	}
	if ((p = agg_new_peer(a, ev, host)) == NULL)
		return NULL;
	if (a->npeers > MT_LOGS_PEERS_MAX)
		p->ip[0] = '\0';
	a->index[j] = a->npeers;
	return p;
}

static void
agg_tally(struct mt_logs_agg *a, int t, const char *value, int dir)
{
	struct mt_logs_tally *row;
	size_t i, n;

	if (value[0] == '\0')
		return;
	if (a->ntally[t] >= MT_LOGS_TALLY_MAX)
		value = "(other)";
	for (i = 0; i < a->ntally[t]; i++) {
		row = &a->tally[t][i];
		if (row->direction == dir && strcmp(row->value, value) == 0) {
			row->count++;
			return;
		}
	}
	n = a->ntally[t] + 1;
	if ((row = reallocarray(a->tally[t], n, sizeof(*row))) == NULL)
		return;
	a->tally[t] = row;
	row = &a->tally[t][a->ntally[t]++];
	mt_log_copy_str(row->value, sizeof(row->value), value, strlen(value));
	row->direction = dir;
	row->count = 1;
}

static void
agg_peer_add(struct mt_logs_peer *p, const struct mt_log_event *ev)
{
	if (p->mta != ev->mta)
		p->mta = MT_LOG_MTA_UNKNOWN;	/* several MTAs, one address */
	if (ev->when != 0) {
		if (p->first == 0 || ev->when < p->first)
			p->first = ev->when;
		if (ev->when > p->last)
			p->last = ev->when;
	}
	switch (ev->kind) {
	case MT_LOG_KIND_TLS_OK:
		p->ok++;
		if (p->fail > 0)
			p->ok_after_fail = true;
		break;
	case MT_LOG_KIND_TLS_FAIL:
	case MT_LOG_KIND_STARTTLS_MISSING:
		p->fail++;
		p->by_class[ev->fail_class]++;
		if (ev->when > p->last_fail)
			p->last_fail = ev->when;
		if (p->example[0] == '\0')
			memcpy(p->example, ev->reason, sizeof(p->example));
		if (ev->alert[0] != '\0')
			memcpy(p->alert, ev->alert, sizeof(p->alert));
		break;
	case MT_LOG_KIND_PLAINTEXT:
		p->plaintext++;
		if (p->fail > 0)
			p->downgrade = true;
		break;
	default:
		break;
	}
}

void
mt_logs_agg_add(struct mt_logs_agg *a, const struct mt_log_event *ev)
{
	struct mt_logs_peer *p;
	bool fail = ev->kind == MT_LOG_KIND_TLS_FAIL ||
	    ev->kind == MT_LOG_KIND_STARTTLS_MISSING;

	a->by_kind[ev->kind]++;
	a->by_mta[ev->mta]++;
	if (fail && a->by_class[ev->fail_class]++ == 0)
		memcpy(a->class_example[ev->fail_class], ev->reason,
		    sizeof(a->class_example[0]));
	if (ev->when != 0) {
		if (a->first == 0 || ev->when < a->first)
			a->first = ev->when;
		if (ev->when > a->last)
			a->last = ev->when;
	}
	if (ev->kind == MT_LOG_KIND_TLS_OK) {
		agg_tally(a, MT_LOGS_T_VERSION, ev->version, ev->direction);
		agg_tally(a, MT_LOGS_T_CIPHER, ev->cipher, ev->direction);
		agg_tally(a, MT_LOGS_T_KX, ev->kx, ev->direction);
	}
	if (ev->verify != MT_LOG_VERIFY_UNKNOWN)
		agg_tally(a, MT_LOGS_T_VERIFY, mt_log_verify_name(ev->verify),
		    ev->direction);
	if (fail && ev->alert[0] != '\0')
		agg_tally(a, MT_LOGS_T_ALERT, ev->alert, ev->direction);
	if (ev->kind == MT_LOG_KIND_OTHER)
		return;
	if ((p = agg_peer(a, ev)) != NULL)
		agg_peer_add(p, ev);
}

/* Failures first, then total, then direction and name: deterministic. */
static int
agg_peer_cmp(const void *x, const void *y)
{
	const struct mt_logs_peer *a = x, *b = y;
	uint64_t ta = a->ok + a->fail + a->plaintext;
	uint64_t tb = b->ok + b->fail + b->plaintext;
	int c;

	if (a->fail != b->fail)
		return a->fail > b->fail ? -1 : 1;
	if (ta != tb)
		return ta > tb ? -1 : 1;
	if (a->direction != b->direction)
		return a->direction < b->direction ? -1 : 1;
	if ((c = strcmp(a->host, b->host)) != 0)
		return c;
	return strcmp(a->ip, b->ip);
}

static int
agg_tally_cmp(const void *x, const void *y)
{
	const struct mt_logs_tally *a = x, *b = y;
	int c;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	if (a->direction != b->direction)
		return a->direction < b->direction ? -1 : 1;
	c = strcmp(a->value, b->value);
	return c;
}

const struct mt_logs_summary *
mt_logs_agg_summary(struct mt_logs_agg *a)
{
	struct mt_logs_summary *s = &a->summary;
	void *p;
	int t;

	s->counts = a->counts;
	memcpy(s->by_kind, a->by_kind, sizeof(s->by_kind));
	memcpy(s->by_class, a->by_class, sizeof(s->by_class));
	memcpy(s->by_mta, a->by_mta, sizeof(s->by_mta));
	memcpy(s->class_example, a->class_example, sizeof(s->class_example));
	s->first = a->first;
	s->last = a->last;
	s->npeers = 0;
	if (a->npeers > 0 &&
	    (p = reallocarray(a->sorted, a->npeers, sizeof(*a->sorted))) !=
	    NULL) {
		a->sorted = p;
		memcpy(a->sorted, a->peers, a->npeers * sizeof(*a->sorted));
		qsort(a->sorted, a->npeers, sizeof(*a->sorted), agg_peer_cmp);
		s->npeers = a->npeers;
	}
	s->peers = a->sorted;
	for (t = 0; t < MT_LOGS_NTABLES; t++) {
		s->ntable[t] = 0;
		s->table[t] = NULL;
		if (a->ntally[t] == 0 || (p = reallocarray(a->sorted_tally[t],
		    a->ntally[t], sizeof(struct mt_logs_tally))) == NULL)
			continue;
		a->sorted_tally[t] = p;
		memcpy(p, a->tally[t], a->ntally[t] *
		    sizeof(struct mt_logs_tally));
		qsort(p, a->ntally[t], sizeof(struct mt_logs_tally),
		    agg_tally_cmp);
		s->table[t] = p;
		s->ntable[t] = a->ntally[t];
	}
	return s;
}

void
mt_logs_agg_clear(struct mt_logs_agg *a)
{
	int t;

	free(a->peers);
	free(a->index);
	free(a->sorted);
	for (t = 0; t < MT_LOGS_NTABLES; t++) {
		free(a->tally[t]);
		free(a->sorted_tally[t]);
	}
	memset(a, 0, sizeof(*a));
}
