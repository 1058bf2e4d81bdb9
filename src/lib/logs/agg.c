/*
 * agg.c - aggregate log events: totals, per peer (classes, counts, first
 * and last seen, success after failure, plaintext after failure) and
 * tables of versions, ciphers, key exchanges, verification and alerts
 *
 * Events are trusted here (bounded copies made by the parsers).  Memory
 * grows with distinct peers up to MT_LOGS_PEERS_MAX; beyond that, events
 * go to one "(other peers)" row, so nothing is dropped.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/table.h"
#include "logs/logs_int.h"

/*
 * agg_hash - case-insensitive hash of a NUL-terminated key from three
 * (possibly overlapping) eight-byte words: its start, middle and end, so
 * the cost does not grow with the key; keys that differ only elsewhere
 * merely collide (the lookup compares the strings).  OR 0x20 folds ASCII
 * case.
 */
static uint64_t
agg_hash(int dir, const char *key)
{
	const uint64_t fold = 0x2020202020202020ULL;
	uint64_t a = 0, b = 0, c = 0, h;
	size_t n = strlen(key), i;

	if (n >= 8) {
		memcpy(&a, key, 8);
		memcpy(&b, key + n / 2 - 4, 8);
		memcpy(&c, key + n - 8, 8);
	} else
		for (i = 0; i < n; i++)
			a |= (uint64_t)(unsigned char)key[i] << (8 * i);
	h = ((a | fold) ^ (uint64_t)dir) * 0xff51afd7ed558ccdULL;
	h = (h ^ (h >> 29) ^ (b | fold)) * 0xc4ceb9fe1a85ec53ULL;
	h = (h ^ (h >> 32) ^ (c | fold) ^ n) * 0x9e3779b97f4a7c15ULL;
	return h ^ (h >> 29);
}

static const char *
agg_key(const struct mt_logs_peer *p)
{
	return p->ip[0] != '\0' ? p->ip : p->host;
}

/*
 * The peer index: open addressing over entries (hash >> 32) << 32 | row,
 * row counted from 1 (0 is an empty slot), so a probe compares the
 * stored hash bits before it touches a peer row (rows are large and
 * scattered: a miss on each would dominate the aggregation).
 */
#define AGG_ENTRY(h, row)	((((h) >> 32) << 32) | (uint64_t)(row))
#define AGG_ROW(e)		((size_t)((e) & 0xffffffffULL))

static bool
agg_grow_index(struct mt_logs_agg *a)
{
	size_t n = a->nindex == 0 ? 1024 : a->nindex * 2, i, j;
	uint64_t *idx, h;

	if ((idx = mt_table_alloc(n, sizeof(*idx))) == NULL)
		return false;
	for (i = 0; i < a->npeers; i++) {
		h = a->hot[i].hash;
		j = (size_t)(h & (n - 1));
		while (idx[j] != 0)
			j = (j + 1) & (n - 1);
		idx[j] = AGG_ENTRY(h, i + 1);
	}
	free(a->index);
	a->index = idx;
	a->nindex = n;
	return true;
}

static struct mt_logs_peer *
agg_new_peer(struct mt_logs_agg *a, const struct mt_log_event *ev,
    const char *host, const char *key, uint64_t h)
{
	struct mt_logs_peer *p;
	struct mt_logs_hot *hot;
	size_t n, kl;

	if (a->npeers == a->cappeers) {
		n = a->cappeers == 0 ? 256 : a->cappeers * 2;
		/* read at random, once per event: core/table.h */
		if ((hot = mt_table_grow(a->hot, a->npeers, n,
		    sizeof(*hot))) == NULL)
			return NULL;
		a->hot = hot;
		if ((p = mt_table_grow(a->peers, a->npeers, n,
		    sizeof(*p))) == NULL)
			return NULL;
		a->peers = p;
		a->cappeers = n;
	}
	hot = &a->hot[a->npeers];
	p = &a->peers[a->npeers++];
	memset(p, 0, sizeof(*p));
	mt_log_copy_str(p->host, sizeof(p->host), host, strlen(host));
	memcpy(p->ip, ev->ip, sizeof(p->ip));
	p->direction = ev->direction;
	p->mta = ev->mta;
	p->hosts = 1;
	memset(hot, 0, sizeof(*hot));
	hot->hash = h;
	hot->direction = ev->direction;
	hot->mta = ev->mta;
	hot->named = p->host[0] != '\0' && strcmp(p->host, "unknown") != 0;
	if ((kl = strlen(key)) < sizeof(hot->key))
		memcpy(hot->key, key, kl + 1);
	return p;
}

/*
 * agg_peer - find or add the row of ev's peer; its index into the rows,
 * or -1 only without memory.  Only the dense hot part is looked at unless
 * the key is too long for it or the row still lacks a host name.
 */
/* The key of ev's peer row, its host name, and their hash. */
struct agg_key {
	const char	*host;
	const char	*key;
	uint64_t	 h;
};

static void
agg_key_of(const struct mt_logs_agg *a, const struct mt_log_event *ev,
    struct agg_key *k)
{
	k->host = ev->host;
	if (ev->host[0] == '\0' && ev->ip[0] == '\0')
		k->host = "(unknown)";
	k->key = ev->ip[0] != '\0' ? ev->ip : k->host;
	if (a->npeers >= MT_LOGS_PEERS_MAX) {
		k->host = "(other peers)";
		k->key = k->host;
	}
	k->h = agg_hash(ev->direction, k->key);
}

static long
agg_peer(struct mt_logs_agg *a, const struct mt_log_event *ev,
    const struct agg_key *k)
{
	const char *host = k->host, *key = k->key;
	struct mt_logs_peer *p;
	struct mt_logs_hot *hot;
	uint64_t h = k->h;
	size_t j, row;

	if ((a->npeers + 1) * 2 > a->nindex && !agg_grow_index(a))
		return -1;
	j = (size_t)(h & (a->nindex - 1));
	while (a->index[j] != 0) {
		row = AGG_ROW(a->index[j]) - 1;
		hot = &a->hot[row];
		if ((a->index[j] >> 32) != (h >> 32) || hot->hash != h ||
		    hot->direction != ev->direction ||
		    (hot->key[0] != '\0' ? strcasecmp(hot->key, key) :
		    strcasecmp(agg_key(&a->peers[row]), key)) != 0) {
			j = (j + 1) & (a->nindex - 1);
			continue;
		}
		if (!hot->named && ev->host[0] != '\0') {
			p = &a->peers[row];
			if (p->host[0] == '\0' || strcmp(p->host, "unknown") == 0)
				mt_log_copy_str(p->host, sizeof(p->host), host,
				    strlen(host));
			hot->named = strcmp(p->host, "unknown") != 0;
		}
		return (long)row;
	}
	if ((p = agg_new_peer(a, ev, host, key, h)) == NULL)
		return -1;
	if (a->npeers > MT_LOGS_PEERS_MAX) {
		p->ip[0] = '\0';
		a->hot[a->npeers - 1].key[0] = '\0';
	}
	a->index[j] = AGG_ENTRY(h, a->npeers);
	return (long)(a->npeers - 1);
}

/*
 * The tallies: a value's row is found through a small open-addressing
 * index by the hash of its key (the tables are capped, so the index never
 * fills).  A short value is its signature (two words, zero-padded), read
 * from the event field at once and compared without strcmp; a longer one
 * is hashed and compared as a string.
 */
struct agg_tkey {
	const char		*value;
	struct mt_logs_tsig	 sig;	/* zero when long */
	bool			 islong;	/* MT_LOGS_TSIG bytes or more */
	uint64_t		 h;
};

_Static_assert(MT_LOG_VERSION_MAX >= MT_LOGS_TSIG &&
    MT_LOG_CIPHER_MAX >= MT_LOGS_TSIG && MT_LOG_KX_MAX >= MT_LOGS_TSIG &&
    MT_LOG_ALERT_MAX >= MT_LOGS_TSIG, "event fields hold a signature");

static void
agg_tkey_hash(struct agg_tkey *k, int dir)
{
	uint64_t h;

	if (k->islong) {
		k->h = agg_hash(dir, k->value);
		return;
	}
	h = (k->sig.lo ^ (uint64_t)(unsigned)dir) * 0xff51afd7ed558ccdULL;
	h = (h ^ (h >> 32) ^ k->sig.hi) * 0xc4ceb9fe1a85ec53ULL;
	k->h = h ^ (h >> 29);
}

/* agg_tkey_str - the key of a NUL-terminated value; false if empty. */
static bool
agg_tkey_str(struct agg_tkey *k, const char *value, int dir)
{
	char b[MT_LOGS_TSIG];
	size_t n = strlen(value);

	if (n == 0)
		return false;
	k->value = value;
	k->islong = n >= MT_LOGS_TSIG;
	memset(b, 0, sizeof(b));
	if (!k->islong)
		memcpy(b, value, n);
	memcpy(&k->sig.lo, b, 8);
	memcpy(&k->sig.hi, b + 8, 8);
	agg_tkey_hash(k, dir);
	return true;
}

/*
 * agg_tkey_field - agg_tkey_str for the value in an event field of at
 * least MT_LOGS_TSIG bytes: with SSE2 its first sixteen bytes are loaded
 * at once and those after the NUL masked, without strlen.
 */
static bool
agg_tkey_field(struct agg_tkey *k, const char *field, int dir)
{
#if defined(__SSE2__)
	const __m128i at = _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
	    11, 12, 13, 14, 15);
	char b[MT_LOGS_TSIG];
	unsigned z;
	__m128i x;

	x = _mm_loadu_si128((const __m128i *)(const void *)field);
	z = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x,
	    _mm_setzero_si128()));
	if ((z & 1) != 0)
		return false;
	k->value = field;
	k->islong = z == 0;
	if (k->islong)
		x = _mm_setzero_si128();
	else
		x = _mm_and_si128(x, _mm_cmpgt_epi8(_mm_set1_epi8((char)
		    __builtin_ctz(z)), at));
	_mm_storeu_si128((__m128i *)(void *)b, x);
	memcpy(&k->sig.lo, b, 8);
	memcpy(&k->sig.hi, b + 8, 8);
	agg_tkey_hash(k, dir);
	return true;
#else
	return agg_tkey_str(k, field, dir);
#endif
}

/*
 * agg_tally_key - count k in table t (in "(other)" once the table is
 * full); the row's index, or -1 without memory.
 */
static long
agg_tally_key(struct mt_logs_agg *a, int t, const struct agg_tkey *k,
    int dir)
{
	struct mt_logs_tally *row;
	struct mt_logs_tsig *sig;
	struct agg_tkey other;
	uint16_t *idx = a->tindex[t];
	size_t j, r, n;

	if (a->ntally[t] >= MT_LOGS_TALLY_MAX) {
		(void)agg_tkey_str(&other, "(other)", dir);
		k = &other;
	}
	j = (size_t)(k->h & (MT_LOGS_TALLY_INDEX - 1));
	for (; idx[j] != 0; j = (j + 1) & (MT_LOGS_TALLY_INDEX - 1)) {
		r = idx[j] - 1u;
		row = &a->tally[t][r];
		sig = &a->tsig[t][r];
		if (row->direction != dir || sig->lo != k->sig.lo ||
		    sig->hi != k->sig.hi ||
		    (k->islong && strcmp(row->value, k->value) != 0))
			continue;
		row->count++;
		return (long)r;
	}
	n = a->ntally[t] + 1;
	if ((sig = reallocarray(a->tsig[t], n, sizeof(*sig))) == NULL)
		return -1;
	a->tsig[t] = sig;
	if ((row = reallocarray(a->tally[t], n, sizeof(*row))) == NULL)
		return -1;
	a->tally[t] = row;
	r = a->ntally[t]++;
	row = &a->tally[t][r];
	mt_log_copy_str(row->value, sizeof(row->value), k->value,
	    strlen(k->value));
	row->direction = dir;
	row->count = 1;
	a->tsig[t][r] = k->sig;
	idx[j] = (uint16_t)(r + 1);
	return (long)r;
}

/* agg_tally_field - count the value of an event field, unless empty. */
static void
agg_tally_field(struct mt_logs_agg *a, int t, const char *field, int dir)
{
	struct agg_tkey k;

	if (agg_tkey_field(&k, field, dir))
		(void)agg_tally_key(a, t, &k, dir);
}

/*
 * agg_tally_verify - the verification table: its few values are names of
 * mt_log_verify_name(), whose rows are remembered.
 */
static void
agg_tally_verify(struct mt_logs_agg *a, int v, int dir)
{
	const int t = MT_LOGS_T_VERIFY;
	struct agg_tkey k;
	uint16_t *vr;
	bool full = a->ntally[t] >= MT_LOGS_TALLY_MAX;
	long r;

	if (v < 0 || v >= MT_LOG_NVERIFY || dir < 0 || dir >= MT_LOG_NDIR) {
		if (agg_tkey_str(&k, mt_log_verify_name(v), dir))
			(void)agg_tally_key(a, t, &k, dir);
		return;
	}
	vr = &a->vrow[v][dir];
	if (*vr != 0 && !full) {
		a->tally[t][*vr - 1].count++;
		return;
	}
	if (agg_tkey_str(&k, mt_log_verify_name(v), dir) &&
	    (r = agg_tally_key(a, t, &k, dir)) >= 0 && !full)
		*vr = (uint16_t)(r + 1);
}

static void
agg_peer_add(struct mt_logs_hot *p, struct mt_logs_peer *cold,
    const struct mt_log_event *ev)
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
		cold->by_class[ev->fail_class]++;
		if (ev->when > p->last_fail)
			p->last_fail = ev->when;
		if (cold->example[0] == '\0')
			memcpy(cold->example, ev->reason,
			    sizeof(cold->example));
		if (ev->alert[0] != '\0')
			memcpy(cold->alert, ev->alert, sizeof(cold->alert));
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
	struct agg_key k;
	uint64_t e;
	long row;
	bool fail = ev->kind == MT_LOG_KIND_TLS_FAIL ||
	    ev->kind == MT_LOG_KIND_STARTTLS_MISSING;

	/*
	 * The peer's row (its index slot is read at once: the index is
	 * small) is fetched from memory while the tables are counted: with
	 * thousands of peers the rows miss the cache, and that wait was the
	 * largest cost of an event.
	 */
	agg_key_of(a, ev, &k);
	if (a->nindex > 0 && ev->kind != MT_LOG_KIND_OTHER &&
	    (e = a->index[k.h & (a->nindex - 1)]) != 0) {
		/* both lines of the hot part, the failure's class counter */
		__builtin_prefetch(&a->hot[AGG_ROW(e) - 1]);
		__builtin_prefetch((const char *)&a->hot[AGG_ROW(e)] - 1);
		if (fail)
			__builtin_prefetch(&a->peers[AGG_ROW(e) - 1].
			    by_class[ev->fail_class]);
	}
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
		agg_tally_field(a, MT_LOGS_T_VERSION, ev->version,
		    ev->direction);
		agg_tally_field(a, MT_LOGS_T_CIPHER, ev->cipher, ev->direction);
		agg_tally_field(a, MT_LOGS_T_KX, ev->kx, ev->direction);
	}
	if (ev->verify != MT_LOG_VERIFY_UNKNOWN)
		agg_tally_verify(a, ev->verify, ev->direction);
	if (fail && ev->alert[0] != '\0')
		agg_tally_field(a, MT_LOGS_T_ALERT, ev->alert, ev->direction);
	if (ev->kind == MT_LOG_KIND_OTHER)
		return;
	if ((row = agg_peer(a, ev, &k)) >= 0)
		agg_peer_add(&a->hot[row], &a->peers[row], ev);
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
	size_t i;
	int t;

	s->counts = a->counts;
	memcpy(s->by_kind, a->by_kind, sizeof(s->by_kind));
	memcpy(s->by_class, a->by_class, sizeof(s->by_class));
	memcpy(s->by_mta, a->by_mta, sizeof(s->by_mta));
	memcpy(s->class_example, a->class_example, sizeof(s->class_example));
	s->first = a->first;
	s->last = a->last;
	s->npeers = 0;
	for (i = 0; i < a->npeers; i++) {	/* the hot parts into the rows */
		struct mt_logs_peer *row = &a->peers[i];
		const struct mt_logs_hot *hot = &a->hot[i];

		row->mta = hot->mta;
		row->ok = hot->ok;
		row->fail = hot->fail;
		row->plaintext = hot->plaintext;
		row->first = hot->first;
		row->last = hot->last;
		row->last_fail = hot->last_fail;
		row->ok_after_fail = hot->ok_after_fail;
		row->downgrade = hot->downgrade;
	}
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
	free(a->hot);
	free(a->index);
	free(a->sorted);
	for (t = 0; t < MT_LOGS_NTABLES; t++) {
		free(a->tally[t]);
		free(a->tsig[t]);
		free(a->sorted_tally[t]);
	}
	memset(a, 0, sizeof(*a));
}

/*
 * agg_net - the network of ip ("192.0.2.0/24", "2001:db8::/48") into
 * net; false if ip is not an address (names, "unknown", placeholders).
 * IPv4-mapped IPv6 counts as IPv4; an "IPv6:" prefix (Exim, Postfix
 * literals) is skipped.
 */
static bool
agg_net(const char *ip, int v4len, int v6len, char *net, size_t cap)
{
	unsigned char a[16];
	char txt[INET6_ADDRSTRLEN];
	int fam = AF_INET6, len, i;

	if (strncasecmp(ip, "IPv6:", 5) == 0)
		ip += 5;
	if (inet_pton(AF_INET, ip, a) == 1)
		fam = AF_INET;
	else if (inet_pton(AF_INET6, ip, a) != 1)
		return false;
	if (fam == AF_INET6 && memcmp(a, "\0\0\0\0\0\0\0\0\0\0\xff\xff",
	    12) == 0) {
		memmove(a, a + 12, 4);
		fam = AF_INET;
	}
	len = fam == AF_INET ? v4len : v6len;
	for (i = 0; i < (fam == AF_INET ? 4 : 16); i++) {
		if (len >= 8 * (i + 1))
			continue;
		if (len <= 8 * i)
			a[i] = 0;
		else
			a[i] &= (unsigned char)(0xff << (8 - (len - 8 * i)));
	}
	if (inet_ntop(fam, a, txt, sizeof(txt)) == NULL)
		return false;
	return snprintf(net, cap, "%s/%d", txt, len) < (int)cap;
}

/* agg_net_cmp - rows with a network together, by direction and network. */
static int
agg_net_cmp(const void *x, const void *y)
{
	const struct mt_logs_peer *a = x, *b = y;
	int c;

	if ((a->net[0] == '\0') != (b->net[0] == '\0'))
		return a->net[0] == '\0' ? 1 : -1;
	if (a->direction != b->direction)
		return a->direction < b->direction ? -1 : 1;
	if ((c = strcmp(a->net, b->net)) != 0)
		return c;
	/* within a network, a fixed order: the merged row does not depend
	 * on the C library's sort */
	if ((c = strcmp(a->ip, b->ip)) != 0)
		return c;
	return strcmp(a->host, b->host);
}

/* agg_merge - fold row b into row a (same network and direction). */
static void
agg_merge(struct mt_logs_peer *a, const struct mt_logs_peer *b)
{
	int c;

	if (a->mta != b->mta)
		a->mta = MT_LOG_MTA_UNKNOWN;
	if (strcasecmp(a->host, b->host) != 0)
		a->host[0] = '\0';
	a->ok += b->ok;
	a->fail += b->fail;
	a->plaintext += b->plaintext;
	for (c = 0; c < MT_LOG_NCLASS; c++)
		a->by_class[c] += b->by_class[c];
	if (b->first != 0 && (a->first == 0 || b->first < a->first))
		a->first = b->first;
	if (b->last > a->last)
		a->last = b->last;
	if (b->last_fail > a->last_fail)
		a->last_fail = b->last_fail;
	a->ok_after_fail = a->ok_after_fail || b->ok_after_fail;
	a->downgrade = a->downgrade || b->downgrade;
	if (a->example[0] == '\0')
		memcpy(a->example, b->example, sizeof(a->example));
	if (a->alert[0] == '\0')
		memcpy(a->alert, b->alert, sizeof(a->alert));
	a->hosts += b->hosts;
}

/*
 * mt_logs_summary_by_net - group the sorted peer rows in place (grouping
 * only shrinks the array the summary already owns), then sort again.
 */
const struct mt_logs_summary *
mt_logs_summary_by_net(struct mt_logs *lg, int v4len, int v6len,
    struct mt_error *e)
{
	struct mt_logs_summary *s;
	struct mt_logs_peer *p;
	size_t i, o;

	mt_error_clear(e);
	if (v4len < 0 || v4len > 32 || v6len < 0 || v6len > 128) {
		mt_error_setx(e, MT_ERR_USAGE, "network lengths %d,%d: IPv4 "
		    "0-32, IPv6 0-128", v4len, v6len);
		return NULL;
	}
	/* The summary and its rows are this library's own, not const. */
	s = (struct mt_logs_summary *)mt_logs_summary(lg);
	p = (struct mt_logs_peer *)s->peers;
	if (s->npeers == 0)
		return s;
	for (i = 0; i < s->npeers; i++)
		if (!agg_net(p[i].ip, v4len, v6len, p[i].net, sizeof(p[i].net)))
			p[i].net[0] = '\0';
	qsort(p, s->npeers, sizeof(*p), agg_net_cmp);
	for (i = 1, o = 0; i < s->npeers; i++) {
		if (p[i].net[0] != '\0' && p[i].direction == p[o].direction &&
		    strcmp(p[i].net, p[o].net) == 0) {
			agg_merge(&p[o], &p[i]);
			continue;
		}
		if (++o != i)
			p[o] = p[i];
	}
	s->npeers = o + 1;
	for (i = 0; i < s->npeers; i++)
		if (p[i].net[0] != '\0' && p[i].hosts > 1)
			p[i].ip[0] = '\0';
	qsort(p, s->npeers, sizeof(*p), agg_peer_cmp);
	return s;
}
