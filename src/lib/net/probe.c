/*
 * probe.c - the probe: targets, the per-host scheduler, enumeration tasks,
 * the chain handshake, and the hand-over to chain analysis and findings
 *
 * All targets share one event loop.  Per target, the tasks are: suites for
 * each of SSLv3 .. TLS 1.3, groups for TLS 1.2 and 1.3 (after that
 * version's suites, or once its picks keep naming known groups), and one
 * libssl handshake for the chain.  At most max_parallel connections run
 * per host; the first runs alone until the host has accepted STARTTLS,
 * so a host that is down or refuses STARTTLS costs one connection; later
 * connections send STARTTLS right after the greeting once that first EHLO
 * showed it.  libssl's context is made only when a chain handshake needs
 * it, and a thread makes the TLS 1.3 key shares at start.  A 421
 * or a refused connection after the host has answered is rate limiting:
 * the step is retried once after a back-off, never reported as "no TLS".
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "mailtls/probe.h"
#include "mailtls/registry.h"
#include "mailtls/report.h"
#include "net/attempt.h"
#include "net/enumerate.h"
#include "net/probe_int.h"
#include "net/target.h"

static const uint16_t probe_versions[MT_PROBE_VERSIONS] = {
	MT_SSL3, MT_TLS10, MT_TLS11, MT_TLS12, MT_TLS13
};

static void	target_pump(struct ptarget *);

static struct ptask *
target_add_task(struct ptarget *t, int kind, int vi)
{
	struct ptask *k;

	if (t->ntasks >= PTASKS_MAX)
		return NULL;
	k = &t->tasks[t->ntasks++];
	memset(k, 0, sizeof(*k));
	k->t = t;
	k->kind = kind;
	k->vi = vi;
	return k;
}

/*
 * target_plan - the tasks in the order they are started: the most telling
 * first.  Groups follow their version's suites; the chain comes last and
 * costs a connection only when no TLS <= 1.2 flight brought it.
 */
static void
target_plan(struct ptarget *t)
{
	static const int order[MT_PROBE_VERSIONS] = { 3, 4, 2, 1, 0 };
	int i;

	for (i = 0; i < MT_PROBE_VERSIONS; i++) {
		t->res.versions[i].version = probe_versions[i];
		t->res.versions[i].state = MT_V_UNTESTED;
	}
	if (t->p->chain_only) {
		(void)target_add_task(t, PTASK_CHAIN, 0);
		return;
	}
	for (i = 0; i < MT_PROBE_VERSIONS; i++)
		(void)target_add_task(t, PTASK_SUITES, order[i]);
	(void)target_add_task(t, PTASK_GROUPS, 3);
	(void)target_add_task(t, PTASK_GROUPS, 4);
	(void)target_add_task(t, PTASK_CHAIN, 0);
}

/* suites_done - whether every suite task of versions[lo..hi] is done. */
static bool
suites_done(const struct ptarget *t, int lo, int hi)
{
	size_t i;

	for (i = 0; i < t->ntasks; i++)
		if (t->tasks[i].kind == PTASK_SUITES && !t->tasks[i].done &&
		    t->tasks[i].vi >= lo && t->tasks[i].vi <= hi)
			return false;
	return true;
}

static const char *
target_sni(const struct ptarget *t)
{
	if (t->p->sni != NULL)
		return t->p->sni;
	return t->sni[0] != '\0' ? t->sni : NULL;
}

/*
 * known_picks - how many suite picks of version vi named a group that was
 * already seen when their hello was sent (lanes included).
 */
static unsigned
known_picks(const struct ptarget *t, int vi)
{
	unsigned n = 0;
	size_t i;

	for (i = 0; i < t->ntasks; i++)
		if (t->tasks[i].kind == PTASK_SUITES && t->tasks[i].vi == vi)
			n += t->tasks[i].en.known_picks;
	return n;
}

/*
 * task_runnable - the suite hellos list the groups not yet seen first, so
 * with a server that follows the client's order they find the groups on
 * the way: a version's groups start once its suites are done, or as soon
 * as two picks named groups already known (nothing new is likely left; a
 * server with its own order names the same group every time).  Starting
 * early is only a guess about cost: a group the suites find later is
 * found again by the groups task, which ends with a refusal either way.
 */
static bool
task_runnable(const struct ptask *k)
{
	const struct mt_version_result *vr;

	if (k->done || k->active)
		return false;
	if (k->kind == PTASK_GROUPS) {
		vr = &k->t->res.versions[k->vi];
		return vr->ngroups > 0 && (suites_done(k->t, k->vi, k->vi) ||
		    known_picks(k->t, k->vi) >= 2);
	}
	if (k->kind == PTASK_CHAIN)
		return suites_done(k->t, 0, 3);
	return true;
}

/*
 * task_priority - which runnable task gets a free connection first: the
 * TLS 1.2 sequence until it splits into lanes (it is the longest), then
 * every other sequence of suites or groups; the chain, needed only when
 * no raw flight brought it, last.  Within one class the sequence with the
 * fewest handshakes so far goes first, so the sequences end together
 * instead of one of them running alone at the end.
 */
static int
task_priority(const struct ptask *k)
{
	if (k->kind == PTASK_CHAIN)
		return 2;
	if (k->kind == PTASK_SUITES && probe_versions[k->vi] == MT_TLS12 &&
	    !k->en.part)
		return 0;
	return 1;
}

/* task_next - the runnable task to start next, or NULL. */
static struct ptask *
task_next(struct ptarget *t)
{
	struct ptask *k, *best = NULL;
	size_t i;

	for (i = 0; i < t->ntasks; i++) {
		k = &t->tasks[i];
		if (!task_runnable(k))
			continue;
		if (best == NULL || task_priority(k) < task_priority(best) ||
		    (task_priority(k) == task_priority(best) &&
		    k->depth < best->depth))
			best = k;
	}
	return best;
}

static void
task_done(struct ptask *k)
{
	k->done = true;
}

static bool
target_keep_certs(struct ptarget *t, uint8_t *const *certs,
    const size_t *len, size_t n, bool from_libssl)
{
	size_t i;

	if (n == 0 || (t->ncerts > 0 && (t->chain_from_libssl ||
	    !from_libssl)))
		return false;
	for (i = 0; i < t->ncerts; i++)
		free(t->certs[i]);
	t->ncerts = 0;
	for (i = 0; i < n && i < MT_CHAIN_MAX; i++) {
		if ((t->certs[i] = malloc(len[i])) == NULL)
			break;
		memcpy(t->certs[i], certs[i], len[i]);
		t->cert_len[i] = len[i];
		t->ncerts++;
	}
	t->chain_from_libssl = from_libssl;
	return true;
}

static void
target_finish(struct ptarget *t)
{
	struct mt_chain_opts opts;
	struct mt_error err;
	struct timeval now;
	size_t i;

	if (t->finished)
		return;
	t->finished = true;
	gettimeofday(&now, NULL);
	t->res.elapsed = (double)(now.tv_sec - t->start.tv_sec) +
	    (double)(now.tv_usec - t->start.tv_usec) / 1e6;
	if (t->aborted) {
		t->res.completed = false;
		return;
	}
	t->res.completed = true;
	for (i = 0; i < MT_PROBE_VERSIONS; i++)
		if (t->res.versions[i].preference != MT_PREF_SERVER)
			mt_enum_sort_suites(&t->res.versions[i]);
	if (t->ncerts > 0) {
		memset(&opts, 0, sizeof(opts));
		opts.cafile = t->p->cafile;
		opts.at = t->p->at;
		i = 0;
		opts.names[i++] = t->res.host;
		if (t->res.mx_domain[0] != '\0' &&
		    strcmp(t->res.mx_domain, t->res.host) != 0)
			opts.names[i++] = t->res.mx_domain;
		opts.names[i] = NULL;
		mt_error_clear(&err);
		if (mt_chain_analyze((const uint8_t *const *)t->certs,
		    t->cert_len, t->ncerts, &opts, &t->res.chain, &err) == 0)
			t->res.have_chain = true;
		else
			mt_error_copy(&t->res.error, &err);
	}
	if (!t->res.have_chain && t->chain_note[0] != '\0' &&
	    t->res.error.code == MT_ERR_NONE)
		mt_error_setx(&t->res.error, MT_ERR_TLS_PROTOCOL, "%s",
		    t->chain_note);
	if (!t->p->chain_only)	/* versions were not asked about */
		mt_findings_derive(&t->res);
}

static void	task_start(struct ptask *);

static void
target_backoff_cb(evutil_socket_t fd, short what, void *arg)
{
	struct ptarget *t = arg;

	t->backing_off = false;
	target_pump(t);
}

/*
 * target_back_off - a 421 or a refused connection mid-run: the host wants
 * fewer of us.  Pause the whole target, then go on one connection at a
 * time.
 */
static void
target_back_off(struct ptarget *t, int ms)
{
	struct timeval tv;

	t->par = 1;
	if (t->backing_off)
		return;
	if (t->backoff_ev == NULL && (t->backoff_ev = evtimer_new(t->p->base,
	    target_backoff_cb, t)) == NULL)
		return;
	tv.tv_sec = ms / 1000;
	tv.tv_usec = (ms % 1000) * 1000;
	t->backing_off = true;
	evtimer_add(t->backoff_ev, &tv);
}

static bool
attempt_rate_limited(const struct mt_attempt *a)
{
	return a->last_code == 421 || a->error.code == MT_ERR_REFUSED ||
	    a->error.code == MT_ERR_GREETING;
}

static void
target_abort(struct ptarget *t, const struct mt_error *e)
{
	size_t i, n;

	mt_error_copy(&t->res.error, e);
	/*
	 * A port that never greets may be waiting for a ClientHello: say so,
	 * since a mistaken mode is the likeliest cause.
	 */
	n = strlen(t->res.error.msg);
	if ((t->res.mode == MT_MODE_STARTTLS || t->res.mode == MT_MODE_LMTP) &&
	    (e->code == MT_ERR_CLOSED || e->code == MT_ERR_TIMEOUT) &&
	    t->res.banner[0] == '\0' && strstr(e->msg, "greeting") != NULL &&
	    n < sizeof(t->res.error.msg))
		(void)snprintf(t->res.error.msg + n,
		    sizeof(t->res.error.msg) - n, " (no SMTP greeting: if "
		    "this port expects implicit TLS, use --tls)");
	t->aborted = true;
	for (i = 0; i < t->ntasks; i++)
		t->tasks[i].done = true;
}

static void
target_note_dialogue(struct ptarget *t, const struct mt_attempt *a)
{
	/* The dialogue shown is one with EHLO and its extensions. */
	if (t->res.ndialogue > 0 || a->ndialogue == 0 || a->direct != 0)
		return;
	memcpy(t->res.dialogue, a->dialogue,
	    a->ndialogue * sizeof(a->dialogue[0]));
	t->res.ndialogue = a->ndialogue;
	(void)snprintf(t->res.banner, sizeof(t->res.banner), "%s", a->banner);
	t->res.starttls_offered = a->starttls_offered;
}

/*
 * task_step_failed - a step got no answer: the connection failed before
 * TLS (before the host ever answered, that ends the target) or the TLS
 * step timed out.  A 421 or refusal is rate limiting: the target backs
 * off.  Each step is retried once; a second failure ends the task, and a
 * version whose run was cut short is marked incomplete, never "refused".
 */
static void
task_step_failed(struct ptask *k, const struct mt_attempt *a)
{
	struct ptarget *t = k->t;
	struct mt_version_result *vr;
	bool limited = !a->smtp_ok && attempt_rate_limited(a);

	if (!a->smtp_ok && !t->answered) {
		target_note_dialogue(t, a);
		target_abort(t, &a->error);
		return;
	}
	if (limited) {
		t->res.rate_limited++;
		target_back_off(t, PROBE_BACKOFF_MS);
	}
	if (k->retries < 1) {
		k->retries++;
		t->res.retries++;
		return;			/* the pump starts the step again */
	}
	if (k->kind == PTASK_CHAIN) {
		task_done(k);
		return;
	}
	vr = &t->res.versions[k->vi];
	mt_enum_absorb(&k->en, a->smtp_ok ? a->outcome : MT_ENUM_FAILED,
	    NULL);
	if (k->kind == PTASK_SUITES && vr->nsuites == 0)
		(void)snprintf(vr->refusal, sizeof(vr->refusal), "%s%.140s",
		    limited ? "rate limited: " : "", a->error.msg);
	task_done(k);
}

/*
 * task_maybe_split - a server that follows the client's order gains
 * nothing from one long sequence: run the rest in lanes.
 */
static void
task_maybe_split(struct ptask *k)
{
	struct mt_enum parts[PROBE_LANES];
	struct ptarget *t = k->t;
	struct ptask *n;
	size_t i, lanes;

	if (k->kind != PTASK_SUITES || k->en.done ||
	    t->ntasks + PROBE_LANES > PTASKS_MAX)
		return;
	if ((lanes = mt_enum_split(&k->en, parts, PROBE_LANES)) == 0)
		return;
	for (i = 0; i < lanes; i++) {
		if ((n = target_add_task(t, PTASK_SUITES, k->vi)) == NULL)
			break;
		n->en = parts[i];
		n->inited = true;
		n->depth = k->depth;
	}
}

/*
 * probe_pump_others - a connection slot came free: with many targets the
 * probe-wide cap may have held others back.
 */
static void
probe_pump_others(struct ptarget *t)
{
	struct mt_probe *p = t->p;
	size_t i;

	if (p->ntargets < 2)
		return;
	for (i = 0; i < p->ntargets && p->inflight < PROBE_INFLIGHT_MAX; i++)
		if (p->targets[i] != t && p->targets[i]->resolved &&
		    !p->targets[i]->finished)
			target_pump(p->targets[i]);
}

static void
task_attempt_done(struct mt_attempt *a, void *arg)
{
	struct ptask *k = arg;
	struct ptarget *t = k->t;
	const struct mt_server_flight *fl;

	k->active = false;
	t->inflight--;
	t->p->inflight--;
	if (a->direct < 0)
		t->direct = -1;		/* whatever came after */
	if (a->smtp_ok)
		t->answered = true;	/* the host speaks SMTP: open the gate */
	if (!a->smtp_ok || (k->kind != PTASK_CHAIN &&
	    a->outcome == MT_ENUM_TIMEOUT)) {
		task_step_failed(k, a);
		goto out;
	}
	t->res.handshakes++;
	k->retries = 0;
	k->depth++;
	target_note_dialogue(t, a);
	if (k->kind == PTASK_CHAIN) {
		if (a->outcome == MT_ENUM_ANSWERED && target_keep_certs(t,
		    a->certs, a->cert_len, a->ncerts, true)) {
			t->res.chain_version = a->tls_version;
			t->res.chain_suite = a->tls_cipher;
		} else if (t->ncerts == 0)
			(void)snprintf(t->chain_note, sizeof(t->chain_note),
			    "no certificate chain: %.170s", a->error.msg);
		task_done(k);
		goto out;
	}
	fl = a->flight != NULL ? mt_flight_result(a->flight) : NULL;
	if (fl != NULL && fl->ncerts > 0 && target_keep_certs(t, fl->certs,
	    fl->cert_len, fl->ncerts, false)) {
		t->res.chain_version = fl->version;
		t->res.chain_suite = fl->cipher;
	}
	mt_enum_absorb(&k->en, a->outcome, fl);
	task_maybe_split(k);
	if (k->en.done)
		task_done(k);
 out:
	if (t->p->progress != NULL)
		t->p->progress(t->res.target, t->res.handshakes, 0,
		    t->p->progress_arg);
	mt_attempt_free(a);
	target_pump(t);
	probe_pump_others(t);
}

/*
 * target_note_direct - once an EHLO has shown STARTTLS, later connections
 * send STARTTLS right after the greeting (one round trip less each);
 * a server that answers that with anything but 220 or 421 gets EHLO on
 * every later one (-1 is for good).
 */
static void
target_note_direct(struct ptarget *t, const struct mt_attempt *a)
{
	if (a->direct < 0)
		t->direct = -1;
	else if (a->direct == 0 && a->starttls_offered && t->direct == 0)
		t->direct = 1;
}

/*
 * task_attempt_tls - the host answered and accepted STARTTLS (or took the
 * connection, with implicit TLS): it speaks SMTP, so the others may start
 * while this one does its TLS step.
 */
static void
task_attempt_tls(struct mt_attempt *a, void *arg)
{
	struct ptask *k = arg;

	target_note_direct(k->t, a);
	/* The EHLO dialogue, even if this connection's TLS step fails. */
	target_note_dialogue(k->t, a);
	if (!k->t->answered) {
		k->t->answered = true;
		target_pump(k->t);
	}
}

static int
target_smtp_cfg(struct ptarget *t, struct mt_smtp_client_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	memcpy(&cfg->addr, &t->addr, t->addrlen);
	cfg->addrlen = t->addrlen;
	cfg->mode = t->res.mode;
	cfg->ehlo_name = t->p->ehlo_name != NULL ? t->p->ehlo_name :
	    "mailtls.invalid";
	cfg->direct_starttls = t->direct > 0;
	cfg->step_timeout_ms = t->p->timeout_ms;
	return 0;
}

static void
task_start(struct ptask *k)
{
	struct ptarget *t = k->t;
	struct mt_smtp_client_cfg cfg;
	struct mt_hello_params hp;
	struct mt_attempt *a;
	struct mt_error err;

	target_smtp_cfg(t, &cfg);
	if (k->kind == PTASK_CHAIN && t->p->ssl_ctx == NULL &&
	    (t->p->ssl_ctx = mt_attempt_ssl_ctx_new(&err)) == NULL) {
		(void)snprintf(t->chain_note, sizeof(t->chain_note),
		    "no certificate chain: %.170s", err.msg);
		task_done(k);
		return;
	}
	if (k->kind == PTASK_CHAIN) {
		a = mt_attempt_new(t->p->base, MT_ATTEMPT_CHAIN, &cfg,
		    t->p->timeout_ms, target_sni(t), t->p->ssl_ctx,
		    task_attempt_done, k);
	} else {
		if (!k->inited) {
			mt_enum_init(&k->en, k->kind == PTASK_SUITES ?
			    MT_ENUM_SUITES : MT_ENUM_GROUPS,
			    probe_versions[k->vi], &t->res.versions[k->vi],
			    target_sni(t));
			/*
			 * Only TLS 1.2 carries enough suites for lanes to
			 * shorten the run; elsewhere they only cost.
			 */
			k->en.split_ok = t->p->max_parallel > 1 &&
			    probe_versions[k->vi] == MT_TLS12;
			k->inited = true;
		}
		if (!mt_enum_next(&k->en, &hp)) {
			task_done(k);
			return;
		}
		a = mt_attempt_new(t->p->base, MT_ATTEMPT_RAW, &cfg,
		    t->p->timeout_ms, NULL, NULL, task_attempt_done, k);
		if (a != NULL && mt_client_hello_build(&hp, a->hello,
		    sizeof(a->hello), &a->hello_len, &err) != 0) {
			mt_attempt_free(a);
			a = NULL;
			mt_error_copy(&t->res.error, &err);
		}
	}
	if (a == NULL) {
		task_done(k);
		return;
	}
	a->on_tls = task_attempt_tls;
	k->active = true;
	t->inflight++;
	t->p->inflight++;
	t->res.connections++;
	gettimeofday(&t->last_connect, NULL);
	if (mt_attempt_start(a) != 0) {
		/* Immediate failure (socket): report through the callback. */
		task_attempt_done(a, k);
	}
}

static void
target_delay_cb(evutil_socket_t fd, short what, void *arg)
{
	target_pump(arg);
}

/* target_delay_left - ms until the next connect is allowed (--delay). */
static int
target_delay_left(struct ptarget *t)
{
	struct timeval now;
	long ms;

	if (t->p->delay_ms == 0 || t->last_connect.tv_sec == 0)
		return 0;
	gettimeofday(&now, NULL);
	ms = (now.tv_sec - t->last_connect.tv_sec) * 1000 +
	    (now.tv_usec - t->last_connect.tv_usec) / 1000;
	return ms >= t->p->delay_ms ? 0 : (int)(t->p->delay_ms - ms);
}

static void
target_pump(struct ptarget *t)
{
	struct timeval tv;
	struct ptask *k;
	size_t i;
	int wait;

	if (t->finished)
		return;
	/* Groups of a version that showed none are not enumerated. */
	for (i = 0; i < t->ntasks; i++) {
		k = &t->tasks[i];
		if (!k->done && !k->active && k->kind == PTASK_GROUPS &&
		    suites_done(t, k->vi, k->vi) &&
		    t->res.versions[k->vi].ngroups == 0)
			task_done(k);
		if (!k->done && k->kind == PTASK_CHAIN && t->ncerts > 0 &&
		    suites_done(t, 0, 3))
			task_done(k);	/* a raw flight brought the chain */
	}
	while (!t->finished && !t->backing_off) {
		if (t->inflight >= t->par ||
		    t->p->inflight >= PROBE_INFLIGHT_MAX ||
		    (!t->answered && t->inflight > 0) ||
		    (k = task_next(t)) == NULL)
			break;
		if ((wait = target_delay_left(t)) > 0) {
			if (t->delay_ev == NULL)
				t->delay_ev = evtimer_new(t->p->base,
				    target_delay_cb, t);
			if (t->delay_ev != NULL &&
			    !evtimer_pending(t->delay_ev, NULL)) {
				tv.tv_sec = wait / 1000;
				tv.tv_usec = (wait % 1000) * 1000;
				evtimer_add(t->delay_ev, &tv);
			}
			return;
		}
		task_start(k);
	}
	if (t->finished || t->inflight > 0 || t->backing_off)
		return;
	for (i = 0; i < t->ntasks; i++)
		if (!t->tasks[i].done)
			return;
	target_finish(t);
}

static int
target_prepare(struct mt_probe *p, struct ptarget *t)
{
	struct mt_error err;

	gettimeofday(&t->start, NULL);
	t->res.mode = p->mode;
	if (t->res.mode == MT_MODE_AUTO)
		t->res.mode = t->res.port == 465 ? MT_MODE_IMPLICIT :
		    MT_MODE_STARTTLS;
	mt_error_clear(&err);
	if (mt_target_resolve(t->numeric ? t->res.address : t->res.host,
	    t->res.port, p->family, &t->addr, &t->addrlen, t->res.address,
	    sizeof(t->res.address), &err) != 0) {
		target_abort(t, &err);
		target_finish(t);
		return -1;
	}
	t->resolved = true;
	t->par = p->max_parallel;
	target_plan(t);
	return 0;
}

/*
 * probe_warm - make the key shares TLS 1.3 hellos send, in the order they
 * are used (x25519, then the groups the suite hellos try: secp256r1, x448,
 * secp384r1, secp521r1); the cache is shared and locked (tls/keyshare.c).
 */
static void *
probe_warm(void *arg)
{
	const struct mt_probe *p = arg;
	uint8_t share[256];
	size_t i, len;

	for (i = 0; i < MT_ENUM_NSHAREABLE &&
	    !atomic_load(&p->warm_stop); i++)
		(void)mt_keyshare_public_reuse(mt_enum_shareable[i], share,
		    sizeof(share), &len);
	return NULL;
}

int
mt_probe_run(struct mt_probe *p)
{
	pthread_t warm;
	bool warming;
	size_t i;

	if (p->ntargets == 0) {
		mt_error_setx(&p->error, MT_ERR_USAGE, "no target given");
		return -1;
	}
	if (p->base == NULL && (p->base = event_base_new()) == NULL) {
		mt_error_setx(&p->error, MT_ERR_INTERNAL, "event_base_new");
		return -1;
	}
	/*
	 * libcrypto's start-up and the key shares TLS 1.3 hellos send take a
	 * few milliseconds: a thread makes them while the first connection
	 * waits for its greeting.  libssl's context is made when a chain
	 * handshake needs it.
	 */
	atomic_store(&p->warm_stop, false);
	warming = !p->chain_only &&
	    pthread_create(&warm, NULL, probe_warm, p) == 0;
	for (i = 0; i < p->ntargets; i++)
		if (target_prepare(p, p->targets[i]) == 0)
			target_pump(p->targets[i]);
	event_base_dispatch(p->base);
	if (warming) {
		atomic_store(&p->warm_stop, true);
		(void)pthread_join(warm, NULL);
	}
	for (i = 0; i < p->ntargets; i++)
		target_finish(p->targets[i]);	/* no-op when finished */
	return 0;
}
