/*
 * danecheck.c - a domain as a DANE-validating sender sees it (RFC 7672):
 * validated MX, per MX host the TLSA RRset (after CNAMEs, 2.2.2), the
 * chain the host presents, the match, the verdict, and what Postfix at
 * smtp_tls_security_level = dane would do
 *
 * DNS answers come only from the validating resolver (dns.c); bogus data
 * is never used.  Certificates come from one TLS handshake per MX host
 * (probe.c, chain-only).  Nothing here prints.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include <event2/event.h>

#include "mailtls/danecheck.h"
#include "mailtls/probe.h"
#include "mailtls/sts.h"

static const char *const verdict_names[] = {
	[MT_DANE_V_VERIFIED] = "verified",
	[MT_DANE_V_FAILED] = "failed",
	[MT_DANE_V_BOGUS] = "bogus",
	[MT_DANE_V_NOT_APPLICABLE] = "not-applicable",
	[MT_DANE_V_UNREACHABLE] = "unreachable",
	[MT_DANE_V_DEFERRED] = "deferred",
	[MT_DANE_V_ENCRYPT_ONLY] = "encrypt-only",
};

const char *
mt_dane_verdict_name(int v)
{
	if (v < 0 || (size_t)v >= sizeof(verdict_names) /
	    sizeof(verdict_names[0]))
		return "unknown";
	return verdict_names[v];
}

/* dc_strip_dot - "mx.example.org." -> "mx.example.org". */
static void
dc_strip_dot(char *s)
{
	size_t n = strlen(s);

	if (n > 1 && s[n - 1] == '.')
		s[n - 1] = '\0';
}

/* dc_mx_fill - the MX set in preference order, or the implicit MX. */
static void
dc_mx_fill(struct mt_danecheck *dc, const struct mt_dns_answer *ans)
{
	struct mt_mx mx;
	size_t i, j;

	dc->mx_sec = ans->sec;
	(void)snprintf(dc->mx_why, sizeof(dc->mx_why), "%s", ans->why_bogus);
	if (ans->sec == MT_DNS_BOGUS)
		return;
	for (i = 0; i < ans->n && dc->nmx < MT_DANECHECK_MX_MAX; i++) {
		if (!mt_dns_parse_mx(ans->rdata[i], ans->rdlen[i], &mx))
			continue;
		if (strcmp(mx.host, ".") == 0 || mx.host[0] == '\0') {
			dc->null_mx = true;
			continue;
		}
		dc_strip_dot(mx.host);
		/* Insert by preference (stable for equal ones). */
		for (j = dc->nmx; j > 0 && dc->mx[j - 1].pref > mx.pref; j--)
			dc->mx[j] = dc->mx[j - 1];
		memset(&dc->mx[j], 0, sizeof(dc->mx[j]));
		(void)snprintf(dc->mx[j].host, sizeof(dc->mx[j].host), "%s",
		    mx.host);
		dc->mx[j].pref = mx.pref;
		dc->nmx++;
	}
	/*
	 * RFC 5321 5.1: no MX RRset (NOERROR, no data), the domain itself.
	 * A failed lookup is not "no MX": a sender defers.
	 */
	if (dc->nmx == 0 && !dc->null_mx && ans->rcode == 0 && ans->n == 0 &&
	    ans->sec != MT_DNS_INDETERMINATE) {
		dc->implicit_mx = true;
		memset(&dc->mx[0], 0, sizeof(dc->mx[0]));
		(void)snprintf(dc->mx[0].host, sizeof(dc->mx[0].host), "%s",
		    dc->domain);
		dc->nmx = 1;
	}
}

/* dc_address_fill - the first A record and the canonical name. */
static void
dc_address_fill(struct mt_danecheck_mx *m, int status,
    const struct mt_dns_answer *ans, const struct mt_error *err)
{
	const uint8_t *a;

	(void)snprintf(m->canon, sizeof(m->canon), "%s", m->host);
	if (status != 0) {
		m->a_sec = MT_DNS_INDETERMINATE;
		(void)snprintf(m->connect_error, sizeof(m->connect_error),
		    "address lookup failed: %.200s", err->msg);
		return;
	}
	m->a_sec = ans->sec;
	if (ans->canonname[0] != '\0') {
		(void)snprintf(m->canon, sizeof(m->canon), "%s",
		    ans->canonname);
		dc_strip_dot(m->canon);
	}
	if (ans->sec == MT_DNS_BOGUS)
		(void)snprintf(m->connect_error, sizeof(m->connect_error),
		    "address of %.80s is bogus: %.150s", m->host,
		    ans->why_bogus);
	else if (ans->n == 0 || ans->rdlen[0] != 4)
		(void)snprintf(m->connect_error, sizeof(m->connect_error),
		    "%.200s has no IPv4 address", m->host);
	else {
		a = ans->rdata[0];
		(void)snprintf(m->address, sizeof(m->address), "%u.%u.%u.%u",
		    a[0], a[1], a[2], a[3]);
	}
}

/* dc_address - the same, looked up now (for the MTA-STS policy host). */
static void
dc_address(struct mt_dns *dns, struct mt_danecheck_mx *m)
{
	struct mt_dns_answer ans;
	struct mt_error err;
	int status;

	memset(&ans, 0, sizeof(ans));
	mt_error_clear(&err);
	status = mt_dns_lookup(dns, m->host, MT_DNS_TYPE_A, &ans, &err);
	dc_address_fill(m, status, &ans, &err);
	mt_dns_answer_clear(&ans);
}

static int
dc_tlsa_cmp(const void *a, const void *b)
{
	const struct mt_tlsa *x = a, *y = b;
	size_t n;
	int c;

	if (x->usage != y->usage)
		return x->usage - y->usage;
	if (x->selector != y->selector)
		return x->selector - y->selector;
	if (x->mtype != y->mtype)
		return x->mtype - y->mtype;
	n = x->len < y->len ? x->len : y->len;
	if ((c = memcmp(x->data, y->data, n)) != 0)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

/*
 * dc_tlsa_fill - the TLSA RRset looked up at m->tlsa_name; true when that
 * is a final answer for the name (data, bogus, a failed lookup, or a
 * secure denial that need not be retried at the original name).
 */
static bool
dc_tlsa_fill(struct mt_danecheck_mx *m, int status,
    const struct mt_dns_answer *ans, const struct mt_error *err)
{
	struct mt_error perr;
	size_t i;

	m->ntlsa = 0;
	m->ntlsa_malformed = 0;
	if (status != 0) {
		m->tlsa_sec = MT_DNS_INDETERMINATE;
		(void)snprintf(m->tlsa_why, sizeof(m->tlsa_why), "%s",
		    err->msg);
		return true;
	}
	m->tlsa_sec = ans->sec;
	m->tlsa_nxdomain = ans->nxdomain;
	(void)snprintf(m->tlsa_why, sizeof(m->tlsa_why), "%s",
	    ans->why_bogus);
	for (i = 0; i < ans->n && m->ntlsa < MT_DANE_RECORDS_MAX; i++) {
		if (mt_tlsa_parse(ans->rdata[i], ans->rdlen[i],
		    &m->tlsa[m->ntlsa], &perr) == 0)
			m->ntlsa++;
		else
			m->ntlsa_malformed++;
	}
	/* Servers rotate RRsets: sort, so that reports are deterministic. */
	qsort(m->tlsa, m->ntlsa, sizeof(m->tlsa[0]), dc_tlsa_cmp);
	return m->ntlsa > 0 || m->ntlsa_malformed > 0 ||
	    m->tlsa_sec == MT_DNS_BOGUS;
}

/*
 * The lookups of every MX host run at once on the event loop.  Per host:
 * the address (and its canonical name), then TLSA: RFC 7672 2.2.2, when
 * the host is a secure alias, at the canonical name first, then at the
 * original name.
 */
struct dc_job {
	struct mt_danecheck *dc;
	struct mt_danecheck_mx *m;
	struct mt_dns	*dns;
	bool		 at_canon;	/* this TLSA lookup is at canon */
};

static void	dc_job_tlsa(struct dc_job *, bool);

static void
dc_job_tlsa_done(struct mt_dns_answer *ans, int status,
    const struct mt_error *err, void *arg)
{
	struct dc_job *job = arg;

	if (dc_tlsa_fill(job->m, status, ans, err) || !job->at_canon) {
		job->m->tlsa_base_canon = job->at_canon;
		mt_dns_answer_clear(ans);
		free(job);
		return;
	}
	mt_dns_answer_clear(ans);
	dc_job_tlsa(job, false);	/* nothing at canon: the original */
}

static void
dc_job_tlsa(struct dc_job *job, bool at_canon)
{
	struct mt_danecheck_mx *m = job->m;
	struct mt_error err;

	job->at_canon = at_canon;
	(void)snprintf(m->tlsa_name, sizeof(m->tlsa_name), "_%u._tcp.%s.",
	    job->dc->port, at_canon ? m->canon : m->host);
	if (mt_dns_lookup_start(job->dns, m->tlsa_name, MT_DNS_TYPE_TLSA,
	    dc_job_tlsa_done, job, &err) != 0) {
		m->tlsa_sec = MT_DNS_INDETERMINATE;
		(void)snprintf(m->tlsa_why, sizeof(m->tlsa_why), "%s",
		    err.msg);
		free(job);
	}
}

static void
dc_job_a_done(struct mt_dns_answer *ans, int status,
    const struct mt_error *err, void *arg)
{
	struct dc_job *job = arg;
	struct mt_danecheck_mx *m = job->m;

	dc_address_fill(m, status, ans, err);
	mt_dns_answer_clear(ans);
	dc_job_tlsa(job, strcmp(m->canon, m->host) != 0 &&
	    m->a_sec == MT_DNS_SECURE);
}

static void
dc_job_mx_done(struct mt_dns_answer *ans, int status,
    const struct mt_error *err, void *arg)
{
	struct dc_job *job = arg, *hj;
	struct mt_danecheck *dc = job->dc;
	struct mt_error e2;
	size_t i;

	if (status != 0) {
		dc->mx_sec = MT_DNS_INDETERMINATE;
		(void)snprintf(dc->mx_why, sizeof(dc->mx_why), "%.250s",
		    err->msg);
	} else
		dc_mx_fill(dc, ans);
	mt_dns_answer_clear(ans);
	for (i = 0; dc->mx_sec != MT_DNS_BOGUS && i < dc->nmx; i++) {
		if ((hj = calloc(1, sizeof(*hj))) == NULL)
			break;
		*hj = *job;
		hj->m = &dc->mx[i];
		if (mt_dns_lookup_start(job->dns, hj->m->host, MT_DNS_TYPE_A,
		    dc_job_a_done, hj, &e2) != 0) {
			hj->m->a_sec = MT_DNS_INDETERMINATE;
			(void)snprintf(hj->m->connect_error,
			    sizeof(hj->m->connect_error), "%.250s", e2.msg);
			free(hj);
		}
	}
	free(job);
}

/* dc_lookups - MX, then every host's address and TLSA, on base. */
static int
dc_lookups(struct mt_dns *dns, struct event_base *base,
    struct mt_danecheck *dc, struct mt_error *err)
{
	struct dc_job *job;

	if (mt_dns_attach(dns, base, err) != 0)
		return -1;
	if ((job = calloc(1, sizeof(*job))) == NULL) {
		mt_error_set(err, MT_ERR_INTERNAL, "calloc");
		return -1;
	}
	job->dc = dc;
	job->dns = dns;
	if (mt_dns_lookup_start(dns, dc->domain, MT_DNS_TYPE_MX,
	    dc_job_mx_done, job, err) != 0) {
		free(job);
		return -1;
	}
	(void)event_base_dispatch(base);	/* until every lookup ended */
	return 0;
}

/* dc_usable - a record DANE for SMTP can use (RFC 7672 3.1.3). */
static bool
dc_usable(const struct mt_tlsa *t)
{
	return (t->usage == 2 || t->usage == 3) && t->selector <= 1 &&
	    t->mtype <= 2;
}

static void
dc_set(struct mt_danecheck_mx *m, int verdict, const char *postfix,
    const char *fmt, ...) __attribute__((__format__(__printf__, 4, 5)));

static void
dc_set(struct mt_danecheck_mx *m, int verdict, const char *postfix,
    const char *fmt, ...)
{
	va_list ap;

	m->verdict = verdict;
	va_start(ap, fmt);
	(void)vsnprintf(m->summary, sizeof(m->summary), fmt, ap);
	va_end(ap);
	(void)snprintf(m->postfix, sizeof(m->postfix), "%s", postfix);
}

/*
 * dc_verdict - the sender's view (RFC 7672 2.2), in words and as Postfix
 * at smtp_tls_security_level = dane acts: DANE applies only with a
 * secure MX RRset, secure address records and a secure TLSA RRset; any
 * lookup that fails or is bogus makes the sender defer.
 */
static void
dc_verdict(struct mt_danecheck *dc, struct mt_danecheck_mx *m)
{
	char lookup_error[160];
	size_t i, usable = 0;

	(void)snprintf(lookup_error, sizeof(lookup_error), "defers: \"TLSA "
	    "lookup error for %.100s:%u\"", m->host, dc->port);
	if (dc->mx_sec == MT_DNS_BOGUS || m->tlsa_sec == MT_DNS_BOGUS ||
	    m->a_sec == MT_DNS_BOGUS) {
		dc_set(m, MT_DANE_V_BOGUS, lookup_error, "the %s is bogus "
		    "(DNSSEC validation failed): a DANE sender must not "
		    "deliver to this host", dc->mx_sec == MT_DNS_BOGUS ?
		    "MX RRset" : m->a_sec == MT_DNS_BOGUS ?
		    "address RRset" : "TLSA RRset");
		return;
	}
	if (dc->mx_sec == MT_DNS_INDETERMINATE ||
	    m->a_sec == MT_DNS_INDETERMINATE) {
		dc_set(m, MT_DANE_V_DEFERRED, "defers (DNS lookup failure)",
		    "the %s lookup failed: a sender defers until it works",
		    dc->mx_sec == MT_DNS_INDETERMINATE ? "MX" : "address");
		return;
	}
	if (dc->mx_sec != MT_DNS_SECURE || m->a_sec != MT_DNS_SECURE) {
		dc_set(m, MT_DANE_V_NOT_APPLICABLE, "falls back to "
		    "opportunistic TLS (may): delivers, \"Untrusted\" or "
		    "\"Anonymous TLS connection\"", "the %s RRset is %s: DANE "
		    "does not apply", dc->mx_sec != MT_DNS_SECURE ? "MX" :
		    "address", mt_dns_sec_name(dc->mx_sec != MT_DNS_SECURE ?
		    dc->mx_sec : m->a_sec));
		return;
	}
	if (m->tlsa_sec == MT_DNS_INDETERMINATE) {
		dc_set(m, MT_DANE_V_DEFERRED, lookup_error, "the TLSA lookup "
		    "failed (%s): a DANE sender defers", m->tlsa_why[0] !=
		    '\0' ? m->tlsa_why : "no answer");
		return;
	}
	for (i = 0; i < m->ntlsa; i++)
		if (dc_usable(&m->tlsa[i]))
			usable++;
	if (m->tlsa_sec != MT_DNS_SECURE || (m->ntlsa == 0 &&
	    m->ntlsa_malformed == 0)) {
		dc_set(m, MT_DANE_V_NOT_APPLICABLE, "falls back to "
		    "opportunistic TLS (may): delivers, \"Untrusted\" or "
		    "\"Anonymous TLS connection\"", m->tlsa_sec ==
		    MT_DNS_SECURE ? "no TLSA records (denial is authenticated):"
		    " DANE does not apply to this host" : "the TLSA lookup is "
		    "%s: DANE does not apply", mt_dns_sec_name(m->tlsa_sec));
		return;
	}
	if (usable == 0) {
		dc_set(m, MT_DANE_V_ENCRYPT_ONLY, "delivers over mandatory TLS, "
		    "without authentication (no usable TLSA record)", "the "
		    "TLSA RRset is secure but has no record DANE for SMTP can "
		    "use (%zu usage 0/1 or unknown, %zu malformed): TLS is "
		    "mandatory, the certificate is not checked (RFC 7672 "
		    "3.1.3)", m->ntlsa, m->ntlsa_malformed);
		return;
	}
	if (!m->connected) {
		dc_set(m, MT_DANE_V_UNREACHABLE, "defers (TLS is mandatory under "
		    "DANE)", "DANE applies, but no TLS session could be made: "
		    "%s", m->connect_error);
		return;
	}
	if (m->dane.verified) {
		dc_set(m, MT_DANE_V_VERIFIED, "delivers: \"Verified TLS "
		    "connection established\"", "DANE authenticates this host: "
		    "%s", m->dane.reason);
		return;
	}
	m->verdict = MT_DANE_V_FAILED;
	(void)snprintf(m->summary, sizeof(m->summary), "%s%s",
	    m->dane.stale ? "stale TLSA: " : "", m->dane.reason);
	(void)snprintf(m->postfix, sizeof(m->postfix), "defers: \"server "
	    "certificate verification failed for %.100s[%s]:%u: num=65:no "
	    "matching DANE TLSA records\"", m->host, m->address, dc->port);
}

/*
 * dc_txt - the one TXT record of name that candidate() accepts, or an
 * error: RFC 8461 3.1 and RFC 8460 3 drop other records, then want
 * exactly one.
 */
static bool
dc_txt(struct mt_dns *dns, const char *name, bool (*candidate)(const char *),
    int *sec, char *txt, size_t txtlen, char *error, size_t errlen)
{
	struct mt_dns_answer ans;
	struct mt_error err;
	char buf[MT_STS_TXT_MAX + 1];
	size_t i, found = 0;

	memset(&ans, 0, sizeof(ans));
	if (mt_dns_lookup(dns, name, MT_DNS_TYPE_TXT, &ans, &err) != 0) {
		(void)snprintf(error, errlen, "%.190s", err.msg);
		return false;
	}
	*sec = ans.sec;
	for (i = 0; i < ans.n; i++) {
		if (!mt_dns_parse_txt(ans.rdata[i], ans.rdlen[i], buf,
		    sizeof(buf)) || !candidate(buf))
			continue;
		if (found++ == 0)
			(void)snprintf(txt, txtlen, "%.*s", (int)(txtlen - 1), buf);
	}
	mt_dns_answer_clear(&ans);
	if (*sec == MT_DNS_BOGUS)
		(void)snprintf(error, errlen, "%s TXT is bogus", name);
	else if (found == 0)
		(void)snprintf(error, errlen, "no %s record", name);
	else if (found > 1)
		(void)snprintf(error, errlen, "%zu records at %s: there must "
		    "be exactly one", found, name);
	return found == 1 && *sec != MT_DNS_BOGUS;
}

/* dc_sts - the domain's MTA-STS and TLS-RPT records and policy. */
static void
dc_sts(struct mt_dns *dns, const struct mt_danecheck_opts *opts,
    struct mt_danecheck *dc)
{
	struct mt_danecheck_sts *s = &dc->sts;
	struct mt_sts_fetch_opts fo;
	struct mt_sts_fetch_info info;
	struct mt_sts_policy pol;
	struct mt_tlsrpt_txt rpt;
	struct mt_sts_txt st;
	struct mt_error err;
	char name[300], txt[MT_STS_TXT_MAX + 1], addr[64];
	size_t i, n;

	(void)snprintf(name, sizeof(name), "_mta-sts.%s", dc->domain);
	if (dc_txt(dns, name, mt_sts_txt_candidate, &s->txt_sec, txt,
	    sizeof(txt), s->txt_error, sizeof(s->txt_error))) {
		if (mt_sts_txt_parse(txt, &st, &err) == 0) {
			s->txt_found = true;
			(void)snprintf(s->id, sizeof(s->id), "%s", st.id);
		} else
			(void)snprintf(s->txt_error, sizeof(s->txt_error),
			    "%.190s", err.msg);
	}
	(void)snprintf(name, sizeof(name), "_smtp._tls.%s", dc->domain);
	if (dc_txt(dns, name, mt_tlsrpt_txt_candidate, &s->rpt_sec, txt,
	    sizeof(txt), s->rpt_error, sizeof(s->rpt_error))) {
		if (mt_tlsrpt_txt_parse(txt, &rpt, &err) == 0) {
			s->rpt_found = true;
			for (i = 0, n = 0; i < rpt.nrua; i++)
				n += (size_t)snprintf(s->rpt_rua + n,
				    n < sizeof(s->rpt_rua) ?
				    sizeof(s->rpt_rua) - n : 0, "%s%s",
				    i > 0 ? ", " : "", rpt.rua[i]);
		} else
			(void)snprintf(s->rpt_error, sizeof(s->rpt_error),
			    "%.190s", err.msg);
	}
	if (!s->txt_found || opts->no_sts_fetch)
		return;
	memset(&fo, 0, sizeof(fo));
	fo.cafile = opts->sts_cafile;
	fo.connect_addr = opts->sts_connect;
	if (fo.connect_addr == NULL) {
		/* The policy host's address from the same resolver. */
		struct mt_danecheck_mx host;

		memset(&host, 0, sizeof(host));
		(void)snprintf(host.host, sizeof(host.host), "mta-sts.%.240s",
		    dc->domain);
		dc_address(dns, &host);
		if (host.address[0] == '\0') {
			(void)snprintf(s->fetch_error, sizeof(s->fetch_error),
			    "%s", host.connect_error);
			(void)snprintf(s->fetch_result, sizeof(s->fetch_result),
			    "sts-policy-fetch-error");
			return;
		}
		(void)snprintf(addr, sizeof(addr), "%s", host.address);
		fo.connect_addr = addr;
	}
	fo.port = opts->sts_port;
	fo.timeout_ms = opts->timeout_ms;
	memset(&info, 0, sizeof(info));
	if (mt_sts_fetch(dc->domain, &fo, &pol, &info, &err) != 0) {
		(void)snprintf(s->fetch_error, sizeof(s->fetch_error), "%.250s",
		    err.msg);
		(void)snprintf(s->fetch_result, sizeof(s->fetch_result), "%s",
		    mt_sts_fetch_status_result(info.status) != NULL ?
		    mt_sts_fetch_status_result(info.status) : "");
		return;
	}
	s->fetched = true;
	(void)snprintf(s->mode, sizeof(s->mode), "%s",
	    mt_sts_mode_name(pol.mode));
	s->max_age = pol.max_age;
	for (i = 0; i < pol.nmx && s->nmx < 8; i++)
		(void)snprintf(s->mx[s->nmx++], sizeof(s->mx[0]), "%s",
		    pol.mx[i]);
	for (i = 0; i < dc->nmx; i++)
		dc->mx[i].sts_listed = mt_sts_mx_match(&pol, dc->mx[i].host);
}

int
mt_danecheck_run(const char *domain, const struct mt_danecheck_opts *opts,
    struct mt_danecheck *dc, struct mt_error *err)
{
	const uint8_t *const *der;
	const struct mt_target_result *r;
	const char *names[3];
	struct event_base *base = NULL;
	struct mt_probe *probe = NULL;
	struct mt_dns *dns = NULL;
	struct timeval t0, t1;
	const size_t *len;
	size_t i, k, n;
	int rv = -1;

	gettimeofday(&t0, NULL);
	memset(dc, 0, sizeof(*dc));
	(void)snprintf(dc->domain, sizeof(dc->domain), "%s", domain);
	dc_strip_dot(dc->domain);
	dc->port = opts->port != 0 ? opts->port : 25;
	dc->at = opts->at != 0 ? opts->at : time(NULL);
	if ((dns = mt_dns_new(&opts->dns, err)) == NULL)
		goto out;
	if ((base = event_base_new()) == NULL) {
		mt_error_setx(err, MT_ERR_INTERNAL, "event_base_new failed");
		goto out;
	}
	if (dc_lookups(dns, base, dc, err) != 0)
		goto out;
	if ((probe = mt_probe_new()) == NULL) {
		mt_error_setx(err, MT_ERR_INTERNAL, "out of memory");
		goto out;
	}
	mt_probe_set_chain_only(probe, true);
	mt_probe_set_at(probe, dc->at);
	if (opts->timeout_ms > 0)
		mt_probe_set_timeout(probe, opts->timeout_ms);
	if (opts->cafile != NULL && mt_probe_set_cafile(probe,
	    opts->cafile) != 0) {
		mt_error_copy(err, mt_probe_error(probe));
		goto out;
	}
	/* Then every handshake, on the same loop. */
	mt_probe_set_event_base(probe, base);
	for (i = 0; dc->mx_sec != MT_DNS_BOGUS && i < dc->nmx; i++) {
		struct mt_danecheck_mx *m = &dc->mx[i];

		if (m->address[0] != '\0' && m->tlsa_sec != MT_DNS_BOGUS &&
		    mt_probe_add_target_at(probe, m->host, m->address,
		    dc->port) != 0)
			(void)snprintf(m->connect_error,
			    sizeof(m->connect_error), "%s",
			    mt_probe_error(probe)->msg);
	}
	if (mt_probe_result_count(probe) > 0 && mt_probe_run(probe) != 0) {
		mt_error_copy(err, mt_probe_error(probe));
		goto out;
	}
	for (i = 0, k = 0; i < dc->nmx; i++) {
		struct mt_danecheck_mx *m = &dc->mx[i];

		if (dc->mx_sec != MT_DNS_BOGUS && m->address[0] != '\0' &&
		    m->tlsa_sec != MT_DNS_BOGUS &&
		    k < mt_probe_result_count(probe)) {
			r = mt_probe_result(probe, k);
			n = mt_probe_result_chain(probe, k, &der, &len);
			k++;
			if (n > 0) {
				m->connected = true;
				m->chain = r->chain;
			} else
				(void)snprintf(m->connect_error,
				    sizeof(m->connect_error), "%s",
				    r->error.msg[0] != '\0' ? r->error.msg :
				    "no certificate received");
			/* RFC 7672 3.2.3: the MX host, then the TLSA base. */
			names[0] = m->host;
			names[1] = m->tlsa_base_canon ? m->canon : NULL;
			names[2] = NULL;
			if (n > 0 && m->ntlsa > 0 && mt_dane_verify(m->tlsa,
			    m->ntlsa, der, len, n, names, dc->at, &m->dane,
			    err) != 0)
				goto out;
		}
		/* RFC 8461 4.2: PKIX-valid for the MX host name. */
		m->sts_cert_ok = m->connected && m->chain.verified &&
		    m->chain.name_ok;
		dc_verdict(dc, m);
	}
	if (dc->mx_sec != MT_DNS_BOGUS)
		dc_sts(dns, opts, dc);
	rv = 0;
 out:
	gettimeofday(&t1, NULL);
	dc->elapsed = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_usec - t0.tv_usec) / 1e6;
	mt_probe_free(probe);
	mt_dns_free(dns);
	if (base != NULL)
		event_base_free(base);
	return rv;
}
