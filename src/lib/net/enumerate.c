/*
 * enumerate.c - enumeration of suites and groups by elimination
 *
 * Pure logic over the registry; see enumerate.h.  The candidates for a
 * version come from the suite registry (every code point we know, not just
 * those the local OpenSSL speaks), strongest first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mailtls/registry.h"
#include "net/enumerate.h"

#define TLS_EMPTY_RENEGOTIATION_INFO_SCSV	0x00ff
#define GROUP_X25519				0x001d

static int
suite_rank(const struct mt_suite *s)
{
	int r = 0;

	if (s->flags & MT_SUITE_FS)
		r += 4000;
	if (s->flags & MT_SUITE_AEAD)
		r += 2000;
	if (s->flags & (MT_SUITE_ANON | MT_SUITE_NULL | MT_SUITE_EXPORT))
		r -= 3000;
	return r + s->enc_bits;
}

/* A candidate with its rank, so that sorting needs no registry look-up. */
struct ranked {
	int		 rank;
	uint16_t	 code;
};

/* ranked_cmp - strongest first; equal ranks by code (deterministic). */
static int
ranked_cmp(const void *a, const void *b)
{
	const struct ranked *ra = a, *rb = b;

	if (ra->rank != rb->rank)
		return rb->rank - ra->rank;
	return (int)ra->code - (int)rb->code;
}

/* suite_usable - whether suite s belongs in hellos for version. */
static bool
suite_usable(const struct mt_suite *s, uint16_t version)
{
	if (s->flags & MT_SUITE_SCSV)
		return false;
	if (version == MT_TLS13)
		return (s->versions & MT_VBIT_TLS13) != 0;
	/*
	 * Offer every pre-1.3 suite whatever version it was defined for: a
	 * server ignores those it cannot use, and a server that negotiates
	 * one anyway is worth seeing.
	 */
	return s->versions != MT_VBIT_TLS13;
}

static bool
suite_is_ecdhe(const struct mt_suite *s)
{
	return (s->flags & MT_SUITE_FS) && s->kx != NULL &&
	    strcmp(s->kx, "ECDH") == 0;
}

static bool
list_has(const uint16_t *l, size_t n, uint16_t v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (l[i] == v)
			return true;
	return false;
}

static void
list_remove(uint16_t *l, size_t *n, uint16_t v)
{
	size_t i;

	for (i = 0; i < *n; i++) {
		if (l[i] == v) {
			memmove(&l[i], &l[i + 1], (*n - i - 1) * sizeof(*l));
			(*n)--;
			return;
		}
	}
}

static bool
group_offerable(const struct mt_group *g, uint16_t version)
{
	if (version == MT_TLS13)
		return g->kind == MT_GROUP_EC || g->kind == MT_GROUP_ECX ||
		    g->kind == MT_GROUP_FFDHE || g->kind == MT_GROUP_HYBRID;
	return g->kind == MT_GROUP_EC || g->kind == MT_GROUP_ECX;
}

/*
 * enum_unseen_groups - the groups a hello for version may list that vr
 * has not shown yet, in registry order, into out (at most cap); how many.
 */
static size_t
enum_unseen_groups(const struct mt_version_result *vr, uint16_t version,
    uint16_t *out, size_t cap)
{
	const struct mt_group *g;
	size_t i, n = 0;

	for (i = 0; i < mt_group_count() && n < cap; i++) {
		g = mt_group_at(i);
		if (group_offerable(g, version) &&
		    !list_has(vr->groups, vr->ngroups, g->code))
			out[n++] = g->code;
	}
	return n;
}

void
mt_enum_init(struct mt_enum *e, int kind, uint16_t version,
    struct mt_version_result *vr, const char *sni)
{
	struct ranked rk[MT_ENUM_LIST_MAX];
	const struct mt_suite *s;
	size_t i;

	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->version = version;
	e->vr = vr;
	if (sni != NULL)
		(void)snprintf(e->sni, sizeof(e->sni), "%s", sni);
	vr->version = version;

	if (kind == MT_ENUM_SUITES) {
		/* The registry is sorted by code: a repeat follows its twin. */
		for (i = 0; i < mt_suite_count() &&
		    e->ncand < MT_ENUM_LIST_MAX; i++) {
			s = mt_suite_at(i);
			if (suite_usable(s, version) && (e->ncand == 0 ||
			    rk[e->ncand - 1].code != s->code)) {
				rk[e->ncand].rank = suite_rank(s);
				rk[e->ncand++].code = s->code;
			}
		}
		qsort(rk, e->ncand, sizeof(rk[0]), ranked_cmp);
		for (i = 0; i < e->ncand; i++)
			e->cand[i] = rk[i].code;
		memcpy(e->order, e->cand, e->ncand * sizeof(e->cand[0]));
		e->norder = e->ncand;
	} else
		e->ncand = enum_unseen_groups(vr, version, e->cand,
		    MT_PROBE_GROUPS_MAX);
	e->nsigalgs = mt_hello_default_sigalgs(e->sigalgs,
	    sizeof(e->sigalgs) / sizeof(e->sigalgs[0]));
	if (e->ncand == 0) {
		e->done = true;
		if (kind == MT_ENUM_GROUPS)	/* every group already seen */
			vr->groups_complete = true;
	}
}

/*
 * enum_suite_groups - the groups a suite hello lists (TLS 1.2): every one,
 * those the version has not shown yet first.  A server that takes the
 * client's order then names a new group with each ECDHE pick, so the
 * version's own group hellos only have to show that nothing is left.
 */
static void
enum_suite_groups(struct mt_enum *e)
{
	const struct mt_version_result *vr = e->vr;
	size_t i;

	e->ngroups = enum_unseen_groups(vr, e->version, e->groups,
	    MT_PROBE_GROUPS_MAX);
	e->nunseen = e->ngroups;
	for (i = 0; i < vr->ngroups && e->ngroups < MT_PROBE_GROUPS_MAX; i++)
		e->groups[e->ngroups++] = vr->groups[i];
}

/* The groups we make key shares for, in the order hellos use them. */
const uint16_t mt_enum_shareable[MT_ENUM_NSHAREABLE] = {
	GROUP_X25519, 0x0017, 0x001e, 0x0018, 0x0019
};	/* x25519, secp256r1, x448, secp384r1, secp521r1 */

/* enum_first_share - the first of groups[] we can make a share for. */
static uint16_t
enum_first_share(const uint16_t *groups, size_t n,
    const struct mt_version_result *skip)
{
	uint16_t g;
	size_t j;

	for (j = 0; j < MT_ENUM_NSHAREABLE; j++) {
		g = mt_enum_shareable[j];
		if (list_has(groups, n, g) && (skip == NULL ||
		    !list_has(skip->groups, skip->ngroups, g)))
			return g;
	}
	return 0;
}

/*
 * enum_pick_shares - the key shares of a TLS 1.3 hello: x25519 when
 * offered, else the first offered group we can make a share for.  A suite
 * hello puts first a share for a group the version has not shown yet: a
 * server that accepts it answers with it; one that does not takes the
 * second, so no HelloRetryRequest is needed (some servers answer a hello
 * without a usable share with an alert).
 */
static void
enum_pick_shares(struct mt_enum *e)
{
	uint16_t known, fresh = 0;

	e->nshares = 0;
	known = enum_first_share(e->groups, e->ngroups, NULL);
	if (e->kind == MT_ENUM_SUITES)
		fresh = enum_first_share(e->groups, e->ngroups, e->vr);
	if (fresh != 0 && fresh != known)
		e->shares[e->nshares++] = fresh;
	if (known != 0)
		e->shares[e->nshares++] = known;
}

/* order_index - position of code in the starting candidate order. */
static size_t
order_index(const struct mt_enum *e, uint16_t code)
{
	size_t i;

	for (i = 0; i < e->norder; i++)
		if (e->order[i] == code)
			break;
	return i;
}

/*
 * enum_client_order - whether every pick is what a server following the
 * client's order would have picked: the first (or, for a reversed offer,
 * the last) of the accepted suites still on offer.
 */
static bool
enum_client_order(const struct mt_enum *e)
{
	const struct mt_version_result *vr = e->vr;
	size_t pos[MT_PROBE_SUITES_MAX];	/* of each pick in e->order */
	size_t i, j, want, n = vr->nsuites;

	if (n > MT_PROBE_SUITES_MAX)
		n = MT_PROBE_SUITES_MAX;
	for (i = 0; i < n; i++)
		pos[i] = order_index(e, vr->suites[i].code);
	for (i = 0; i < n; i++) {
		want = i;
		for (j = i + 1; j < n; j++)
			if (e->pick_rev[i] ? pos[j] > pos[want] :
			    pos[j] < pos[want])
				want = j;
		if (want != i)
			return false;
	}
	return true;
}

static void
enum_suite_offer(struct mt_enum *e)
{
	size_t i;
	bool reverse = (e->steps % 2) == 1;

	e->noffer = 0;
	for (i = 0; i < e->ncand; i++)
		e->offer[e->noffer++] = reverse ?
		    e->cand[e->ncand - 1 - i] : e->cand[i];
}

bool
mt_enum_next(struct mt_enum *e, struct mt_hello_params *hp)
{
	const struct mt_suite *s;
	size_t i;

	if (e->done)
		return false;
	memset(hp, 0, sizeof(*hp));

	if (e->kind == MT_ENUM_SUITES && e->confirming) {
		/* The two accepted suites, the one picked last first. */
		e->noffer = 0;
		e->offer[e->noffer++] = e->vr->suites[1].code;
		e->offer[e->noffer++] = e->vr->suites[0].code;
		enum_suite_groups(e);
	} else if (e->kind == MT_ENUM_SUITES) {
		enum_suite_offer(e);
		enum_suite_groups(e);
		/*
		 * From the third pick on, while the picks look like the
		 * client's order, offer the first two picks last, the second
		 * before the first: a server that follows the client takes
		 * the second once nothing new
		 * is left (which also ends the run: no refusal needed), a
		 * server with its own order takes the first.
		 */
		e->tail = !e->part && !e->confirmed && e->vr->nsuites >= 3 &&
		    e->noffer + 3 <= MT_ENUM_LIST_MAX && enum_client_order(e);
		if (e->tail) {
			e->offer[e->noffer++] = e->vr->suites[1].code;
			e->offer[e->noffer++] = e->vr->suites[0].code;
		}
	} else {
		/* Groups: a fixed suite list, the groups not yet seen. */
		e->noffer = 0;
		for (i = 0; i < mt_suite_count() &&
		    e->noffer < MT_ENUM_LIST_MAX; i++) {
			s = mt_suite_at(i);
			if (!suite_usable(s, e->version))
				continue;
			if (e->version != MT_TLS13 && !suite_is_ecdhe(s))
				continue;
			e->offer[e->noffer++] = s->code;
		}
		e->ngroups = e->ncand;
		memcpy(e->groups, e->cand, e->ncand * sizeof(e->cand[0]));
	}
	if (e->version != MT_TLS13 && e->version != MT_SSL3 &&
	    e->noffer < MT_ENUM_LIST_MAX)
		e->offer[e->noffer++] = TLS_EMPTY_RENEGOTIATION_INFO_SCSV;

	hp->suites = e->offer;
	hp->nsuites = e->noffer;
	if (e->version == MT_SSL3) {
		hp->record_version = MT_SSL3;
		hp->client_version = MT_SSL3;
		hp->no_extensions = true;
		return true;
	}
	hp->record_version = MT_TLS10;
	hp->client_version = e->version == MT_TLS13 ? MT_TLS12 : e->version;
	hp->sni = e->sni[0] != '\0' ? e->sni : NULL;
	hp->groups = e->groups;
	hp->ngroups = e->ngroups;
	hp->sigalgs = e->sigalgs;
	hp->nsigalgs = e->nsigalgs;
	hp->ec_point_formats = true;
	hp->ems = true;
	if (e->version == MT_TLS13) {
		e->versions[0] = MT_TLS13;
		hp->versions = e->versions;
		hp->nversions = 1;
		enum_pick_shares(e);
		if (e->nshares > 0) {
			hp->key_shares = e->shares;
			hp->nkey_shares = e->nshares;
		}
	}
	return true;
}

void
mt_refusal_text(int outcome, const struct mt_server_flight *fl, char *buf,
    size_t len)
{
	const struct mt_alert *a;

	switch (outcome) {
	case MT_ENUM_CLOSED:
		(void)snprintf(buf, len, "connection closed without an answer");
		return;
	case MT_ENUM_TIMEOUT:
		(void)snprintf(buf, len, "no answer before the deadline");
		return;
	case MT_ENUM_FAILED:
		(void)snprintf(buf, len, "could not connect");
		return;
	}
	switch (fl->kind) {
	case MT_FLIGHT_ALERT:
		a = mt_alert_by_code(fl->alert_desc);
		(void)snprintf(buf, len, "%salert %s (%u) from the server",
		    fl->alert_level == 1 ? "warning " : "",
		    a != NULL ? a->name : "unknown", fl->alert_desc);
		break;
	case MT_FLIGHT_HELLO:
	case MT_FLIGHT_HRR:
		(void)snprintf(buf, len, "server answered with %s",
		    mt_version_name(fl->version));
		break;
	case MT_FLIGHT_SSLV2:
		(void)snprintf(buf, len, "server answered in SSLv2 format");
		break;
	case MT_FLIGHT_NOT_TLS:
		(void)snprintf(buf, len, "%s", fl->error);	/* "not TLS: ..." */
		break;
	case MT_FLIGHT_MALFORMED:
		(void)snprintf(buf, len, "malformed answer: %s", fl->error);
		break;
	default:
		(void)snprintf(buf, len, "connection closed without an answer");
		break;
	}
}

static void
enum_add_group(struct mt_version_result *vr, uint16_t group)
{
	if (group != 0 && !list_has(vr->groups, vr->ngroups, group) &&
	    vr->ngroups < MT_PROBE_GROUPS_MAX)
		vr->groups[vr->ngroups++] = group;
}

/* enum_finish - settle the version's state once nothing more is learnt. */
static void
enum_finish(struct mt_enum *e, int outcome, const struct mt_server_flight *fl)
{
	struct mt_version_result *vr = e->vr;

	e->done = true;
	if (e->kind != MT_ENUM_SUITES) {
		vr->groups_complete = (outcome == MT_ENUM_ANSWERED ||
		    outcome == MT_ENUM_CLOSED) && (fl == NULL ||
		    (fl->kind != MT_FLIGHT_MALFORMED &&
		    fl->kind != MT_FLIGHT_NOT_TLS &&
		    fl->kind != MT_FLIGHT_SSLV2));
		return;
	}
	if (e->part) {
		/* The lane's parent settled state and preference. */
		if (vr->nsuites > 0)
			vr->state = MT_V_ACCEPTED;
		if (outcome == MT_ENUM_TIMEOUT || outcome == MT_ENUM_FAILED)
			vr->incomplete = true;
		return;
	}
	if (vr->nsuites > 0) {
		vr->state = MT_V_ACCEPTED;
		if (outcome == MT_ENUM_TIMEOUT || outcome == MT_ENUM_FAILED ||
		    (outcome == MT_ENUM_ANSWERED && fl != NULL &&
		    (fl->kind == MT_FLIGHT_MALFORMED ||
		    fl->kind == MT_FLIGHT_NOT_TLS)))
			vr->incomplete = true;
		if (e->confirmed)
			return;
		/*
		 * Unconfirmed: with two suites the picks cannot tell, so one
		 * more hello offers them the other way round; with three or
		 * more either the picks never looked like the client's order,
		 * or the server ignored the tail, which no consistent server
		 * does.
		 */
		if (vr->nsuites == 2 && enum_client_order(e)) {
			e->confirming = true;
			e->done = false;
		} else if (vr->nsuites >= 2 && !enum_client_order(e))
			vr->preference = MT_PREF_SERVER;
		else
			vr->preference = MT_PREF_UNKNOWN;
		return;
	}
	mt_refusal_text(outcome, fl, vr->refusal, sizeof(vr->refusal));
	if (outcome == MT_ENUM_TIMEOUT || outcome == MT_ENUM_FAILED ||
	    (outcome == MT_ENUM_ANSWERED && (fl->kind == MT_FLIGHT_MALFORMED ||
	    fl->kind == MT_FLIGHT_NOT_TLS)))
		vr->state = MT_V_ERROR;
	else
		vr->state = MT_V_REFUSED;
}

/*
 * enum_absorb_confirm - the answer to the hello offering the first two
 * picks in the opposite order: the server's favourite again means server
 * order, the one we now put first means client order.
 */
static void
enum_absorb_confirm(struct mt_enum *e, int outcome,
    const struct mt_server_flight *fl)
{
	struct mt_version_result *vr = e->vr;

	e->confirming = false;
	e->confirmed = true;
	if (outcome != MT_ENUM_ANSWERED || fl == NULL ||
	    (fl->kind != MT_FLIGHT_HELLO && fl->kind != MT_FLIGHT_HRR))
		vr->preference = MT_PREF_UNKNOWN;
	else if (fl->cipher == vr->suites[0].code)
		vr->preference = MT_PREF_SERVER;
	else if (fl->cipher == vr->suites[1].code)
		vr->preference = MT_PREF_CLIENT;
	else
		vr->preference = MT_PREF_UNKNOWN;
	if (e->ncand == 0 || e->vr->nsuites == 2)
		e->done = true;
}

/*
 * enum_absorb_tail - a pick of one of the two suites offered last: the
 * second means client order and that nothing new is left; the first means
 * the server's own order, and the run goes on without the tail.
 */
static bool
enum_absorb_tail(struct mt_enum *e, const struct mt_server_flight *fl)
{
	struct mt_version_result *vr = e->vr;

	if (fl->version != e->version)
		return false;
	if (fl->cipher == vr->suites[1].code) {
		e->confirmed = true;
		vr->preference = MT_PREF_CLIENT;
		enum_finish(e, MT_ENUM_ANSWERED, fl);
		return true;
	}
	if (fl->cipher == vr->suites[0].code) {
		e->confirmed = true;
		vr->preference = MT_PREF_SERVER;
		return true;
	}
	return false;
}

/*
 * enum_group_answered - the group fl names, if it is one the hello allowed
 * (RFC 8446 4.2.8: a ServerHello takes one of the shares sent, a
 * HelloRetryRequest asks for an offered group we sent no share for); 0
 * for anything else, so a misbehaving server cannot put a group we never
 * offered into the results.
 */
static uint16_t
enum_group_answered(const struct mt_enum *e, const struct mt_server_flight *fl)
{
	if (fl->group == 0 || !list_has(e->groups, e->ngroups, fl->group))
		return 0;
	if (e->version != MT_TLS13)
		return fl->group;
	if (fl->kind == MT_FLIGHT_HRR)
		return list_has(e->shares, e->nshares, fl->group) ? 0 :
		    fl->group;
	return list_has(e->shares, e->nshares, fl->group) ? fl->group : 0;
}

static void
enum_absorb_suite(struct mt_enum *e, const struct mt_server_flight *fl)
{
	struct mt_version_result *vr = e->vr;
	struct mt_suite_seen *ss;
	uint16_t group;

	if (fl->version != e->version ||
	    !list_has(e->offer, e->noffer, fl->cipher) ||
	    vr->nsuites >= MT_PROBE_SUITES_MAX) {
		enum_finish(e, MT_ENUM_ANSWERED, fl);
		if (vr->nsuites == 0 && fl->version == e->version) {
			(void)snprintf(vr->refusal, sizeof(vr->refusal),
			    "server chose suite 0x%04X, which was not offered",
			    fl->cipher);
			vr->state = MT_V_ERROR;
		}
		return;
	}
	group = enum_group_answered(e, fl);
	if (group != 0 && list_has(e->groups + e->nunseen,
	    e->ngroups - e->nunseen, group))
		e->known_picks++;
	ss = &vr->suites[vr->nsuites++];
	ss->code = fl->cipher;
	ss->group = group;
	ss->dh_bits = fl->ske_dhe ? fl->dh_bits : 0;
	e->pick_rev[vr->nsuites - 1] = (e->steps % 2) == 0;
	enum_add_group(vr, group);
	list_remove(e->cand, &e->ncand, fl->cipher);
	vr->state = MT_V_ACCEPTED;
	if (e->ncand == 0)
		enum_finish(e, MT_ENUM_ANSWERED, fl);
	else if (e->split_ok && !e->part && !e->confirmed &&
	    vr->nsuites == 3 && enum_client_order(e))
		e->confirming = true;
}

static void
enum_absorb_group(struct mt_enum *e, const struct mt_server_flight *fl)
{
	if (fl->version != e->version || enum_group_answered(e, fl) == 0 ||
	    !list_has(e->cand, e->ncand, fl->group)) {
		/*
		 * A hello answered with no new group we offered is no
		 * refusal (that is an alert): the list may be incomplete.
		 */
		enum_finish(e, MT_ENUM_ANSWERED, fl);
		e->vr->groups_complete = false;
		return;
	}
	enum_add_group(e->vr, fl->group);
	list_remove(e->cand, &e->ncand, fl->group);
	if (e->ncand == 0)
		enum_finish(e, MT_ENUM_ANSWERED, fl);
}

void
mt_enum_absorb(struct mt_enum *e, int outcome,
    const struct mt_server_flight *fl)
{
	e->steps++;
	if (e->confirming) {
		enum_absorb_confirm(e, outcome, fl);
		return;
	}
	if (outcome != MT_ENUM_ANSWERED || fl == NULL ||
	    (fl->kind != MT_FLIGHT_HELLO && fl->kind != MT_FLIGHT_HRR)) {
		enum_finish(e, outcome, fl);
		return;
	}
	if (e->kind == MT_ENUM_SUITES && e->tail && enum_absorb_tail(e, fl))
		return;
	if (e->kind == MT_ENUM_SUITES)
		enum_absorb_suite(e, fl);
	else
		enum_absorb_group(e, fl);
}

size_t
mt_enum_split(struct mt_enum *e, struct mt_enum *parts, size_t k)
{
	struct mt_enum *p;
	size_t i;

	if (e->kind != MT_ENUM_SUITES || e->part || e->done ||
	    e->confirming || !e->confirmed || k < 2 || e->ncand < k ||
	    e->vr->preference != MT_PREF_CLIENT)
		return 0;
	for (i = 0; i < k; i++) {
		p = &parts[i];
		memset(p, 0, sizeof(*p));
		p->kind = e->kind;
		p->version = e->version;
		p->vr = e->vr;
		p->part = true;
		memcpy(p->sni, e->sni, sizeof(p->sni));
		memcpy(p->sigalgs, e->sigalgs, sizeof(p->sigalgs));
		p->nsigalgs = e->nsigalgs;
	}
	for (i = 0; i < e->ncand; i++) {
		p = &parts[i % k];
		p->cand[p->ncand] = e->cand[i];
		p->order[p->ncand++] = e->cand[i];
		p->norder = p->ncand;
	}
	e->vr->state = MT_V_ACCEPTED;
	e->ncand = 0;
	e->done = true;
	return k;
}

static int
seen_cmp(const void *a, const void *b)
{
	const struct mt_suite *s;
	struct ranked r[2];
	size_t i;

	r[0].code = ((const struct mt_suite_seen *)a)->code;
	r[1].code = ((const struct mt_suite_seen *)b)->code;
	for (i = 0; i < 2; i++) {
		s = mt_suite_by_code(r[i].code);
		r[i].rank = s != NULL ? suite_rank(s) : 0;
	}
	return ranked_cmp(&r[0], &r[1]);
}

void
mt_enum_sort_suites(struct mt_version_result *vr)
{
	qsort(vr->suites, vr->nsuites, sizeof(vr->suites[0]), seen_cmp);
}
