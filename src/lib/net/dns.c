/*
 * dns.c - validated DNS through libunbound (RFC 4033-4035, RFC 7672 2.2)
 *
 * One ub_ctx per struct mt_dns: its cache lives as long as the context,
 * so callers share one context for a whole run.  Every answer carries
 * its DNSSEC status; a bogus answer never yields rdata (libunbound hands
 * bogus data back with rcode 0 and havedata set, so bogus is checked
 * first).  Lookups run two ways: mt_dns_lookup() starts one with
 * ub_resolve_async (libunbound's worker runs in a thread) and waits with
 * poll(2) on ub.fd() up to a deadline, then cancels it; on a libevent
 * loop (mt_dns_attach), ub.fd() is a read event and each
 * mt_dns_lookup_start() has its own deadline timer.
 *
 * Trust: answers and rdata are untrusted bytes.  Rdata is copied and
 * bounded (MT_DNS_RR_MAX records of at most MT_DNS_RDATA_MAX bytes; more
 * is an error naming the record, never a silent cut) and the MX and TXT
 * parsers read it only through mt_cbs.  Ownership: struct mt_dns owns its
 * ub_ctx; an answer owns its rdata copies until mt_dns_answer_clear().
 * libunbound itself is loaded with dlopen(3) when the first context is
 * made (core/dl.h).
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>
#include <unbound.h>

#include "core/cbs.h"
#include "core/dl.h"
#include "mailtls/dns.h"

#define DNS_TIMEOUT_DEFAULT_MS	5000
#define DNS_CLASS_IN		1
#define DNS_RCODE_NOERROR	0
#define DNS_RCODE_NXDOMAIN	3
#define DNS_NAME_MAX		255	/* wire form, RFC 1035 2.3.4 */
#define DNS_LABEL_MAX		63
#define DNS_SYSTEM_ANCHOR	"/usr/share/dns/root.key"

/*
 * libunbound is loaded when the first context is made (core/dl.h): it
 * brings nettle, hogweed and gmp, which a probe without --mx never uses.
 */
static pthread_once_t ub_once = PTHREAD_ONCE_INIT;
static bool ub_loaded;
static char ub_load_error[160];
static struct {
	struct ub_ctx	*(*ctx_create)(void);
	void		 (*ctx_delete)(struct ub_ctx *);
	int		 (*ctx_set_option)(struct ub_ctx *, const char *,
			    const char *);
	int		 (*ctx_async)(struct ub_ctx *, int);
	int		 (*ctx_resolvconf)(struct ub_ctx *, const char *);
	int		 (*ctx_set_fwd)(struct ub_ctx *, const char *);
	int		 (*ctx_add_ta_file)(struct ub_ctx *, const char *);
	int		 (*ctx_zone_remove)(struct ub_ctx *, const char *);
	const char	*(*strerror)(int);
	int		 (*resolve_async)(struct ub_ctx *, const char *, int,
			    int, void *, ub_callback_type, int *);
	void		 (*resolve_free)(struct ub_result *);
	int		 (*cancel)(struct ub_ctx *, int);
	int		 (*process)(struct ub_ctx *);
	int		 (*fd)(struct ub_ctx *);
} ub;

static void
dns_ub_load(void)
{
	const struct mt_dl_sym syms[] = {
		{ "ub_ctx_create", &ub.ctx_create },
		{ "ub_ctx_delete", &ub.ctx_delete },
		{ "ub_ctx_set_option", &ub.ctx_set_option },
		{ "ub_ctx_async", &ub.ctx_async },
		{ "ub_ctx_resolvconf", &ub.ctx_resolvconf },
		{ "ub_ctx_set_fwd", &ub.ctx_set_fwd },
		{ "ub_ctx_add_ta_file", &ub.ctx_add_ta_file },
		{ "ub_ctx_zone_remove", &ub.ctx_zone_remove },
		{ "ub_strerror", &ub.strerror },
		{ "ub_resolve_async", &ub.resolve_async },
		{ "ub_resolve_free", &ub.resolve_free },
		{ "ub_cancel", &ub.cancel },
		{ "ub_process", &ub.process },
		{ "ub_fd", &ub.fd },
	};

	ub_loaded = mt_dl_load("libunbound.so.8", syms,
	    sizeof(syms) / sizeof(syms[0]), ub_load_error,
	    sizeof(ub_load_error));
}

struct mt_dns {
	struct ub_ctx	*ctx;
	int		 timeout_ms;
	struct event_base *base;	/* attached loop, or NULL */
	struct event	*ev;		/* ub_fd readable */
	int		 outstanding;	/* asynchronous lookups under way */
};

/* One lookup on the attached loop. */
struct dns_query {
	struct mt_dns	*d;
	struct mt_dns_answer ans;
	char		 what[300];
	mt_dns_cb	*cb;
	void		*arg;
	int		 id;
	struct event	*timer;
};

/* The state one asynchronous query reports into. */
struct dns_wait {
	bool		 done;
	int		 err;
	struct ub_result *res;
};

static const char *const dns_sec_names[] = {
	[MT_DNS_INDETERMINATE] = "indeterminate",
	[MT_DNS_SECURE] = "secure",
	[MT_DNS_INSECURE] = "insecure",
	[MT_DNS_BOGUS] = "bogus",
};

const char *
mt_dns_sec_name(int sec)
{
	if (sec < 0 || (size_t)sec >= sizeof(dns_sec_names) /
	    sizeof(dns_sec_names[0]))
		return "indeterminate";
	return dns_sec_names[sec];
}

static const char *
dns_type_name(uint16_t type)
{
	switch (type) {
	case MT_DNS_TYPE_A:
		return "A";
	case MT_DNS_TYPE_CNAME:
		return "CNAME";
	case MT_DNS_TYPE_MX:
		return "MX";
	case MT_DNS_TYPE_TXT:
		return "TXT";
	case MT_DNS_TYPE_AAAA:
		return "AAAA";
	case MT_DNS_TYPE_TLSA:
		return "TLSA";
	}
	return "TYPE";
}

/* dns_ub_fail - record a libunbound error code with what was being done. */
static void
dns_ub_fail(struct mt_error *err, int code, const char *what, int r)
{
	mt_error_setx(err, code, "%s: %s", what, ub.strerror(r));
}

static int
dns_configure(struct mt_dns *d, const struct mt_dns_opts *o,
    struct mt_error *err)
{
	const char *anchor;
	int r;

	if ((r = ub.ctx_set_option(d->ctx, "do-not-query-localhost:",
	    "no")) != 0) {
		dns_ub_fail(err, MT_ERR_INTERNAL, "do-not-query-localhost", r);
		return -1;
	}
	/* The worker is a thread, not a forked process. */
	if ((r = ub.ctx_async(d->ctx, 1)) != 0) {
		dns_ub_fail(err, MT_ERR_INTERNAL, "async mode", r);
		return -1;
	}
	if (o->resolv_conf != NULL &&
	    (r = ub.ctx_resolvconf(d->ctx, o->resolv_conf)) != 0) {
		mt_error_setx(err, MT_ERR_USAGE, "resolv.conf %s: %s",
		    o->resolv_conf, ub.strerror(r));
		return -1;
	}
	if (o->resolver != NULL &&
	    (r = ub.ctx_set_fwd(d->ctx, o->resolver)) != 0) {
		mt_error_setx(err, MT_ERR_USAGE, "resolver \"%s\": %s",
		    o->resolver, ub.strerror(r));
		return -1;
	}
	anchor = o->trust_anchor != NULL ? o->trust_anchor : DNS_SYSTEM_ANCHOR;
	/* libunbound reads the file only when it finalizes: check it now. */
	if (access(anchor, R_OK) != 0) {
		mt_error_set(err, MT_ERR_USAGE, "trust anchor %s", anchor);
		return -1;
	}
	if ((r = ub.ctx_add_ta_file(d->ctx, anchor)) != 0) {
		mt_error_setx(err, MT_ERR_USAGE, "trust anchor %s: %s",
		    anchor, ub.strerror(r));
		return -1;
	}
	/*
	 * Removing a built-in local zone finalizes the context, so it comes
	 * after the forwarder and anchors (setting "local-zone: test.
	 * nodefault" as an option is accepted and has no effect).
	 */
	if (o->unblock_zone != NULL &&
	    (r = ub.ctx_zone_remove(d->ctx, o->unblock_zone)) != 0) {
		mt_error_setx(err, MT_ERR_USAGE, "unblock zone %s: %s",
		    o->unblock_zone, ub.strerror(r));
		return -1;
	}
	return 0;
}

struct mt_dns *
mt_dns_new(const struct mt_dns_opts *o, struct mt_error *err)
{
	struct mt_dns_opts none;
	struct mt_dns *d;

	if (o == NULL) {
		memset(&none, 0, sizeof(none));
		o = &none;
	}
	if (o->timeout_ms < 0) {
		mt_error_setx(err, MT_ERR_USAGE, "negative DNS timeout");
		return NULL;
	}
	if ((d = calloc(1, sizeof(*d))) == NULL) {
		mt_error_set(err, MT_ERR_INTERNAL, "calloc");
		return NULL;
	}
	d->timeout_ms = o->timeout_ms != 0 ? o->timeout_ms :
	    DNS_TIMEOUT_DEFAULT_MS;
	if (pthread_once(&ub_once, dns_ub_load) != 0 || !ub_loaded) {
		mt_error_setx(err, MT_ERR_INTERNAL, "%s (Debian package "
		    "libunbound8)", ub_load_error[0] != '\0' ? ub_load_error :
		    "cannot load libunbound");
		free(d);
		return NULL;
	}
	if ((d->ctx = ub.ctx_create()) == NULL) {
		mt_error_setx(err, MT_ERR_INTERNAL, "ub_ctx_create failed");
		free(d);
		return NULL;
	}
	if (dns_configure(d, o, err) != 0) {
		mt_dns_free(d);
		return NULL;
	}
	return d;
}

void
mt_dns_free(struct mt_dns *d)
{
	if (d != NULL && d->ev != NULL)
		event_free(d->ev);
	if (d == NULL)
		return;
	if (d->ctx != NULL)
		ub.ctx_delete(d->ctx);
	free(d);
}

void
mt_dns_answer_clear(struct mt_dns_answer *a)
{
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; i < a->n && i < MT_DNS_RR_MAX; i++)
		free(a->rdata[i]);
	memset(a, 0, sizeof(*a));
}

static void
dns_callback(void *arg, int ub_err, struct ub_result *res)
{
	struct dns_wait *w = arg;

	w->done = true;
	w->err = ub_err;
	w->res = res;
}

static long long
dns_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* dns_wait_result - wait for query id up to the deadline; -1 on timeout. */
static int
dns_wait_result(struct mt_dns *d, int id, struct dns_wait *w,
    const char *what, struct mt_error *err)
{
	struct pollfd pfd;
	long long deadline, left;
	int r;

	deadline = dns_now_ms() + d->timeout_ms;
	pfd.fd = ub.fd(d->ctx);
	pfd.events = POLLIN;
	while (!w->done) {
		if ((left = deadline - dns_now_ms()) <= 0) {
			(void)ub.cancel(d->ctx, id);
			mt_error_setx(err, MT_ERR_TIMEOUT,
			    "%s: no answer within %d ms", what,
			    d->timeout_ms);
			return -1;
		}
		pfd.revents = 0;
		r = poll(&pfd, 1, (int)left);
		if (r == -1 && errno != EINTR) {
			(void)ub.cancel(d->ctx, id);
			mt_error_set(err, MT_ERR_INTERNAL, "%s: poll", what);
			return -1;
		}
		if (r > 0 && (r = ub.process(d->ctx)) != 0) {
			(void)ub.cancel(d->ctx, id);
			dns_ub_fail(err, MT_ERR_INTERNAL, what, r);
			return -1;
		}
	}
	return 0;
}

/* dns_copy_rdata - copy every record, or fail naming the one too big. */
static int
dns_copy_rdata(const struct ub_result *res, struct mt_dns_answer *a,
    const char *what, struct mt_error *err)
{
	size_t count, i, len;

	for (count = 0; res->data != NULL && res->data[count] != NULL; count++)
		;
	if (count > MT_DNS_RR_MAX) {
		mt_error_setx(err, MT_ERR_INPUT, "%s: %zu records, more than "
		    "the %d kept", what, count, MT_DNS_RR_MAX);
		return -1;
	}
	for (i = 0; i < count; i++) {
		len = res->len[i] < 0 ? 0 : (size_t)res->len[i];
		if (len > MT_DNS_RDATA_MAX) {
			mt_error_setx(err, MT_ERR_INPUT, "%s: record %zu is "
			    "%zu bytes, more than the %d kept", what, i + 1,
			    len, MT_DNS_RDATA_MAX);
			return -1;
		}
		if ((a->rdata[i] = malloc(len > 0 ? len : 1)) == NULL) {
			mt_error_set(err, MT_ERR_INTERNAL, "malloc");
			return -1;
		}
		memcpy(a->rdata[i], res->data[i], len);
		a->rdlen[i] = len;
		a->n = i + 1;
	}
	return 0;
}

/*
 * dns_canon - the name after CNAMEs, without the trailing dot (the root
 * stays "."); the query name when libunbound gives none.
 */
static void
dns_canon(struct mt_dns_answer *a, const char *canon)
{
	size_t n;

	(void)snprintf(a->canonname, sizeof(a->canonname), "%s",
	    canon != NULL && canon[0] != '\0' ? canon : a->qname);
	n = strlen(a->canonname);
	if (n > 1 && a->canonname[n - 1] == '.')
		a->canonname[n - 1] = '\0';
}

/* dns_judge - fill a from res: bogus first, then secure, then the rest. */
static int
dns_judge(const struct ub_result *res, struct mt_dns_answer *a,
    const char *what, struct mt_error *err)
{
	a->rcode = res->rcode;
	a->nxdomain = res->nxdomain != 0;
	a->ttl = res->ttl < 0 ? 0 : (unsigned)res->ttl;
	dns_canon(a, res->canonname);
	if (res->bogus) {
		a->sec = MT_DNS_BOGUS;
		(void)snprintf(a->why_bogus, sizeof(a->why_bogus), "%s",
		    res->why_bogus != NULL ? res->why_bogus :
		    "validation failure (no reason given)");
		a->havedata = false;
		return 0;
	}
	if (res->secure)
		a->sec = MT_DNS_SECURE;
	else if (res->rcode == DNS_RCODE_NOERROR ||
	    res->rcode == DNS_RCODE_NXDOMAIN)
		a->sec = MT_DNS_INSECURE;
	else
		a->sec = MT_DNS_INDETERMINATE;	/* SERVFAIL, REFUSED, ... */
	if (!res->havedata)
		return 0;
	if (dns_copy_rdata(res, a, what, err) != 0)
		return -1;
	a->havedata = a->n > 0;
	return 0;
}

int
mt_dns_lookup(struct mt_dns *d, const char *name, uint16_t type,
    struct mt_dns_answer *a, struct mt_error *err)
{
	struct dns_wait w;
	char what[300];
	size_t nlen;
	int id, r, sec, rv = -1;

	memset(a, 0, sizeof(*a));
	a->qtype = type;
	a->sec = MT_DNS_INDETERMINATE;
	if (d == NULL || name == NULL) {
		mt_error_setx(err, MT_ERR_USAGE, "DNS lookup without a "
		    "context or name");
		return -1;
	}
	nlen = strlen(name);
	if (nlen == 0 || nlen >= sizeof(a->qname) ||
	    memchr(name, ' ', nlen) != NULL) {
		mt_error_setx(err, MT_ERR_USAGE, "bad DNS name \"%.64s\"",
		    name);
		return -1;
	}
	memcpy(a->qname, name, nlen + 1);
	(void)snprintf(what, sizeof(what), "%s %s", name, dns_type_name(type));
	memset(&w, 0, sizeof(w));
	if ((r = ub.resolve_async(d->ctx, name, type, DNS_CLASS_IN, &w,
	    dns_callback, &id)) != 0) {
		dns_ub_fail(err, MT_ERR_RESOLVE, what, r);
		return -1;
	}
	if (dns_wait_result(d, id, &w, what, err) != 0)
		return -1;
	if (w.err != 0 || w.res == NULL) {
		dns_ub_fail(err, MT_ERR_RESOLVE, what, w.err != 0 ? w.err :
		    UB_NOMEM);
		goto out;
	}
	if (dns_judge(w.res, a, what, err) != 0) {
		sec = a->sec;
		mt_dns_answer_clear(a);
		a->sec = sec;
		a->qtype = type;
		memcpy(a->qname, name, nlen + 1);
		goto out;
	}
	rv = 0;
out:
	if (w.res != NULL)
		ub.resolve_free(w.res);
	return rv;
}

/*
 * dns_label_ok - a host name label (RFC 5321 4.1.2 / RFC 1123 2.1) plus
 * "_", which service names use.  Anything else, a "." inside a label
 * included, would make the text form ambiguous.
 */
static bool
dns_label_ok(const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if ((p[i] >= 'a' && p[i] <= 'z') ||
		    (p[i] >= 'A' && p[i] <= 'Z') ||
		    (p[i] >= '0' && p[i] <= '9') || p[i] == '-' ||
		    p[i] == '_')
			continue;
		return false;
	}
	return true;
}

/*
 * dns_name_text - an uncompressed wire-form name (as libunbound returns
 * rdata) to "mx.example.org" (no trailing dot; the root is ".").  All of
 * the reader's bytes are the name.
 */
static bool
dns_name_text(struct mt_cbs *cbs, char *out, size_t cap)
{
	struct mt_cbs label;
	size_t wire = 0, o = 0, n;

	for (;;) {
		if (!mt_cbs_get_u8_prefixed(cbs, &label))
			return false;
		n = mt_cbs_len(&label);
		/* 0x40/0x80/0xc0 (pointers, extended labels) fail here. */
		if (n > DNS_LABEL_MAX)
			return false;
		wire += n + 1;
		if (wire > DNS_NAME_MAX)
			return false;
		if (n == 0)
			break;
		if (!dns_label_ok(mt_cbs_data(&label), n))
			return false;
		if (o + n + 2 > cap)
			return false;
		if (o > 0)
			out[o++] = '.';
		memcpy(out + o, mt_cbs_data(&label), n);
		o += n;
	}
	if (mt_cbs_len(cbs) != 0 || cap < 2)
		return false;
	if (o == 0)
		out[o++] = '.';
	out[o] = '\0';
	return true;
}

bool
mt_dns_parse_mx(const uint8_t *rdata, size_t len, struct mt_mx *mx)
{
	struct mt_cbs cbs;
	uint16_t pref;

	mt_cbs_init(&cbs, rdata, len);
	if (!mt_cbs_get_u16(&cbs, &pref))
		return false;
	if (!dns_name_text(&cbs, mx->host, sizeof(mx->host))) {
		mx->host[0] = '\0';
		return false;
	}
	mx->pref = pref;
	return true;
}

bool
mt_dns_parse_txt(const uint8_t *rdata, size_t len, char *out, size_t cap)
{
	struct mt_cbs cbs, str;
	size_t o = 0, n;

	if (cap == 0)
		return false;
	out[0] = '\0';
	mt_cbs_init(&cbs, rdata, len);
	if (mt_cbs_len(&cbs) == 0)
		return false;		/* at least one character-string */
	while (mt_cbs_len(&cbs) > 0) {
		if (!mt_cbs_get_u8_prefixed(&cbs, &str))
			goto decode_err;
		n = mt_cbs_len(&str);
		if (n > cap - 1 - o ||
		    memchr(mt_cbs_data(&str), '\0', n) != NULL)
			goto decode_err;
		memcpy(out + o, mt_cbs_data(&str), n);
		o += n;
	}
	out[o] = '\0';
	return true;
decode_err:
	out[0] = '\0';
	return false;
}

/* Lookups on a libevent loop. */

static void
dns_ev_read(evutil_socket_t fd, short what, void *arg)
{
	struct mt_dns *d = arg;

	(void)ub.process(d->ctx);	/* runs dns_query_done */
}

/* dns_outstanding - count lookups; the fd event lives only while some. */
static void
dns_outstanding(struct mt_dns *d, int delta)
{
	d->outstanding += delta;
	if (d->outstanding == 1 && delta > 0)
		(void)event_add(d->ev, NULL);
	else if (d->outstanding == 0)
		(void)event_del(d->ev);
}

int
mt_dns_attach(struct mt_dns *d, struct event_base *base, struct mt_error *err)
{
	if (d->ev != NULL)
		event_free(d->ev);
	if ((d->ev = event_new(base, ub.fd(d->ctx), EV_READ | EV_PERSIST,
	    dns_ev_read, d)) == NULL) {
		mt_error_setx(err, MT_ERR_INTERNAL, "event_new for the "
		    "resolver failed");
		return -1;
	}
	d->base = base;
	d->outstanding = 0;
	return 0;
}

static void
dns_query_end(struct dns_query *q, int status, const struct mt_error *err)
{
	struct mt_dns *d = q->d;

	if (q->timer != NULL)
		event_free(q->timer);
	dns_outstanding(d, -1);
	q->cb(&q->ans, status, err, q->arg);	/* the callback owns ans */
	free(q);
}

static void
dns_query_done(void *arg, int ub_err, struct ub_result *res)
{
	struct dns_query *q = arg;
	struct mt_error err;
	int status = 0, sec;

	mt_error_clear(&err);
	if (ub_err != 0 || res == NULL) {
		dns_ub_fail(&err, MT_ERR_RESOLVE, q->what, ub_err != 0 ?
		    ub_err : UB_NOMEM);
		status = -1;
	} else if (dns_judge(res, &q->ans, q->what, &err) != 0) {
		sec = q->ans.sec;
		mt_dns_answer_clear(&q->ans);
		q->ans.sec = sec;
		status = -1;
	}
	if (res != NULL)
		ub.resolve_free(res);
	dns_query_end(q, status, &err);
}

static void
dns_query_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct dns_query *q = arg;
	struct mt_error err;

	(void)ub.cancel(q->d->ctx, q->id);
	mt_error_setx(&err, MT_ERR_TIMEOUT, "%s: no answer within %d ms",
	    q->what, q->d->timeout_ms);
	dns_query_end(q, -1, &err);
}

int
mt_dns_lookup_start(struct mt_dns *d, const char *name, uint16_t type,
    mt_dns_cb *cb, void *arg, struct mt_error *err)
{
	struct dns_query *q;
	struct timeval tv;
	size_t nlen;
	int r;

	if (d == NULL || d->ev == NULL || name == NULL) {
		mt_error_setx(err, MT_ERR_USAGE, "asynchronous DNS lookup "
		    "without an attached context or a name");
		return -1;
	}
	nlen = strlen(name);
	if (nlen == 0 || nlen >= sizeof(q->ans.qname) ||
	    memchr(name, ' ', nlen) != NULL) {
		mt_error_setx(err, MT_ERR_USAGE, "bad DNS name \"%.64s\"",
		    name);
		return -1;
	}
	if ((q = calloc(1, sizeof(*q))) == NULL) {
		mt_error_set(err, MT_ERR_INTERNAL, "calloc");
		return -1;
	}
	q->d = d;
	q->cb = cb;
	q->arg = arg;
	q->ans.qtype = type;
	q->ans.sec = MT_DNS_INDETERMINATE;
	memcpy(q->ans.qname, name, nlen + 1);
	(void)snprintf(q->what, sizeof(q->what), "%s %s", name,
	    dns_type_name(type));
	tv.tv_sec = d->timeout_ms / 1000;
	tv.tv_usec = (d->timeout_ms % 1000) * 1000;
	if ((q->timer = evtimer_new(d->base, dns_query_timeout, q)) == NULL) {
		free(q);
		mt_error_setx(err, MT_ERR_INTERNAL, "evtimer_new failed");
		return -1;
	}
	if ((r = ub.resolve_async(d->ctx, name, type, DNS_CLASS_IN, q,
	    dns_query_done, &q->id)) != 0) {
		event_free(q->timer);
		free(q);
		dns_ub_fail(err, MT_ERR_RESOLVE, name, r);
		return -1;
	}
	(void)evtimer_add(q->timer, &tv);
	dns_outstanding(d, +1);
	return 0;
}
