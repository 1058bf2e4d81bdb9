/*
 * test_logs_feat.c - unit tests of following (follow.c), grouping peers
 * by network (mt_logs_summary_by_net), the Postfix verification, DANE and
 * TLSRPT lines (postfix_tls.c) and Exim's rejectlog dump (exim_reject.c)
 *
 * Lines are the wordings of Postfix 3.x tls_verify.c, tlsrpt_wrapper.c,
 * smtp_tls_policy.c and smtp_proto.c, and of Exim's log.c rejectlog, with
 * synthesized hosts and pids.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "mailtls/logs.h"
#include "logs/logs_int.h"
#include "testutil.h"
#include "logs_test.h"

struct feat_case {
	const char	*name;
	const char	*line;
	bool		 known;
	int		 kind;
	int		 cls;
	int		 dir;
	const char	*host;
	const char	*ip;
};

#define FAIL	MT_LOG_KIND_TLS_FAIL
#define MISS	MT_LOG_KIND_STARTTLS_MISSING
#define OK	MT_LOG_KIND_TLS_OK
#define NONE	MT_LOG_KIND_OTHER
#define IN	MT_LOG_DIR_IN
#define OUT	MT_LOG_DIR_OUT

static const struct feat_case feat_cases[] = {
	{ "pf dane not trusted", "Nov 22 12:00:00 mx postfix/smtp[7]: "
	    "certificate verification failed for mx.example.com[192.0.2.1]:25:"
	    " not trusted by local or TLSA policy", true, FAIL,
	    MT_LOG_CLASS_DANE, OUT, "mx.example.com", "192.0.2.1" },
	{ "pf untrusted issuer", "Nov 22 12:00:00 mx postfix/smtp[7]: "
	    "certificate verification failed for mx.example.com[192.0.2.1]:25:"
	    " untrusted issuer /C=US/O=Let's Encrypt/CN=R3", true, FAIL,
	    MT_LOG_CLASS_CERT_VERIFY, OUT, "mx.example.com", "192.0.2.1" },
	{ "pf server expired", "Nov 22 12:00:00 mx postfix/smtp[7]: server "
	    "certificate verification failed for mx.example.com[192.0.2.1]:25:"
	    " certificate has expired", true, FAIL, MT_LOG_CLASS_CERT_VERIFY,
	    OUT, "mx.example.com", "192.0.2.1" },
	{ "pf client num", "Nov 22 12:00:00 mx postfix/smtpd[8]: client "
	    "certificate verification failed for c.example[198.51.100.2]: "
	    "num=20:unable to get local issuer certificate", true, FAIL,
	    MT_LOG_CLASS_CERT_VERIFY, IN, "c.example", "198.51.100.2" },
	{ "pf CA not yet valid", "Nov 22 12:00:00 mx postfix/smtp[7]: CA "
	    "certificate verification failed for mx.example.com[192.0.2.1]:25:"
	    " certificate not yet valid", true, FAIL, MT_LOG_CLASS_CERT_VERIFY,
	    OUT, "mx.example.com", "192.0.2.1" },
	{ "pf tlsrpt failure tlsa", "Nov 22 12:00:00 mx postfix/smtp[7]: "
	    "TLSRPT: status=failure, domain=example.com, receiving_mx="
	    "mx.example.com[192.0.2.1], failure_type=tlsa_invalid", true, FAIL,
	    MT_LOG_CLASS_DANE, OUT, "mx.example.com", "192.0.2.1" },
	{ "pf tlsrpt failure reason", "Nov 22 12:00:00 mx postfix/smtp[7]: "
	    "TLSRPT: status=failure, domain=example.com, receiving_mx="
	    "mx.example.com[192.0.2.1], failure_type=certificate_expired, "
	    "failure_reason=cert has expired", true, FAIL,
	    MT_LOG_CLASS_CERT_VERIFY, OUT, "mx.example.com", "192.0.2.1" },
	{ "pf tlsrpt starttls", "Nov 22 12:00:00 mx postfix/smtp[7]: TLSRPT: "
	    "status=failure, domain=example.com, receiving_mx=mx.example.com"
	    "[192.0.2.1], failure_type=starttls_not_supported", true, MISS,
	    MT_LOG_CLASS_TLS_REQUIRED, OUT, "mx.example.com", "192.0.2.1" },
	{ "pf tlsrpt success", "Nov 22 12:00:00 mx postfix/smtp[7]: TLSRPT: "
	    "status=success, domain=example.com, receiving_mx=mx.example.com"
	    "[192.0.2.1]", true, NONE, 0, OUT, "", "" },
	{ "pf no tlsa records", "Nov 22 12:00:00 mx postfix/smtp[7]: no TLSA "
	    "records found, resorting to \"secure\"", true, NONE, 0, OUT, "",
	    "" },
	{ "pf deferred tlsa lookup", "Nov 22 12:00:00 mx postfix/smtp[7]: "
	    "4B: to=<a@example.com>, relay=mx.example.com[192.0.2.1]:25, "
	    "delay=1, delays=0/0/1/0, dsn=4.7.5, status=deferred (TLSA lookup "
	    "error for mx.example.com:25)", true, FAIL, MT_LOG_CLASS_DANE, OUT,
	    "mx.example.com", "192.0.2.1" },
	{ "pf suspended cannot start tls", "Nov 22 12:00:00 mx postfix/smtp[7]:"
	    " 4B: to=<a@example.com>, relay=mx.example.com[192.0.2.1]:25, "
	    "delay=1, delays=0/0/1/0, dsn=4.7.5, status=deferred (delivery "
	    "temporarily suspended: Cannot start TLS: handshake failure)", true,
	    FAIL, MT_LOG_CLASS_UNKNOWN, OUT, "mx.example.com", "192.0.2.1" },
	{ "pf server cert not trusted", "Nov 22 12:00:00 mx postfix/smtp[7]: "
	    "4B: to=<a@example.com>, relay=mx.example.com[192.0.2.1]:25, "
	    "delay=1, delays=0/0/1/0, dsn=4.7.5, status=deferred (Server "
	    "certificate not trusted)", true, FAIL, MT_LOG_CLASS_CERT_VERIFY,
	    OUT, "mx.example.com", "192.0.2.1" },
	{ "pf tlsproxy established", "Nov 22 12:00:00 mx postfix/tlsproxy[9]: "
	    "Anonymous TLS connection established from [203.0.113.4]:51234: "
	    "TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)", true,
	    OK, 0, IN, "", "203.0.113.4" },
	{ "pf tlsproxy accept error", "Nov 22 12:00:00 mx postfix/tlsproxy[9]:"
	    " SSL_accept error from [203.0.113.4]:51234: lost connection", true,
	    FAIL, MT_LOG_CLASS_LOST, IN, "", "203.0.113.4" },
	{ "pf postscreen connect", "Nov 22 12:00:00 mx postfix/postscreen[10]:"
	    " CONNECT from [203.0.113.4]:51234 to [192.0.2.1]:25", true, NONE,
	    0, IN, "", "" },
	/* Exim rejectlog (log.c, receive.c) */
	{ "exim reject tls", "2026-11-22 12:00:00 1xV4of-0000D0-2Q H=(helo) "
	    "[192.0.2.7]:41234 P=esmtps X=TLS1.3:ECDHE_X25519__RSA_PSS_RSAE_"
	    "SHA256__AES_256_GCM:256 CV=no F=<a@example.org> rejected after "
	    "DATA: spam", true, OK, 0, IN, "", "192.0.2.7" },
	{ "exim reject plain", "2026-11-22 12:00:05 H=(c.lab.test) "
	    "[192.0.2.8]:5555 rejected EHLO or HELO c.lab.test: bad", true,
	    NONE, 0, IN, "", "" },
	{ "exim envelope-from", "Envelope-from: <a@example.org>", true, NONE,
	    0, 0, "", "" },
	{ "exim envelope-to", "Envelope-to: <b@example.net>", true, NONE, 0,
	    0, "", "" },
	{ "exim header received", "P Received: from [192.0.2.7] (helo=h)",
	    true, NONE, 0, 0, "", "" },
	{ "exim header untyped", "  Subject: hello", true, NONE, 0, 0, "",
	    "" },
	{ "exim header deleted", "* X-Spam: yes", true, NONE, 0, 0, "", "" },
	{ "exim folded", "\tby mx.example.net with esmtps (TLS1.3) tls "
	    "TLS_AES_256_GCM_SHA384", true, NONE, 0, 0, "", "" },
	{ "not a header", "Q nothing: here", false, NONE, 0, 0, "", "" },
	{ "blank", "   ", false, NONE, 0, 0, "", "" },
};

static void
run_feat(void **state)
{
	const struct feat_case *c = *state;
	struct mt_log_event ev;
	bool known;

	known = mt_log_parse_line(c->line, strlen(c->line), 2026, &ev);
	if (known != c->known)
		fail_msg("%s: known %d, want %d", c->name, known, c->known);
	if (!known)
		return;
	if (ev.kind != c->kind)
		fail_msg("%s: kind %d, want %d", c->name, ev.kind, c->kind);
	if (ev.fail_class != c->cls)
		fail_msg("%s: class %d, want %d", c->name, ev.fail_class,
		    c->cls);
	if (c->kind != NONE && ev.direction != c->dir)
		fail_msg("%s: dir %d, want %d", c->name, ev.direction, c->dir);
	if (strcmp(ev.host, c->host) != 0 || strcmp(ev.ip, c->ip) != 0)
		fail_msg("%s: peer %s[%s], want %s[%s]", c->name, ev.host,
		    ev.ip, c->host, c->ip);
}

/* Every proper prefix of the new lines, through one struct mt_logs. */
static void
test_feat_prefixes(void **state)
{
	(void)state;
	logs_test_prefixes(feat_cases, sizeof(feat_cases) /
	    sizeof(feat_cases[0]), sizeof(feat_cases[0]),
	    offsetof(struct feat_case, line));
}

/* A DANE failure logged on three lines by one process is one failure. */
static void
test_dane_correlation(void **state)
{
	static const char *const lines[] = {
		"Nov 22 12:00:00 mx postfix/smtp[7]: certificate verification "
		"failed for mx.example.com[192.0.2.1]:25: not trusted by local "
		"or TLSA policy",
		"Nov 22 12:00:00 mx postfix/smtp[7]: TLSRPT: status=failure, "
		"domain=example.com, receiving_mx=mx.example.com[192.0.2.1], "
		"failure_type=validation_failure",
		"Nov 22 12:00:00 mx postfix/smtp[7]: 4B: to=<a@example.com>, "
		"relay=mx.example.com[192.0.2.1]:25, delay=1, delays=0/0/1/0, "
		"dsn=4.7.5, status=deferred (Server certificate not trusted)",
	};
	const struct mt_logs_summary *s;
	struct mt_logs *lg;

	(void)state;
	lg = logs_test_feed(lines, 3);
	s = mt_logs_summary(lg);
	assert_int_equal(s->counts.recognised, 3);
	assert_int_equal(s->by_kind[MT_LOG_KIND_TLS_FAIL], 1);
	assert_int_equal(s->by_class[MT_LOG_CLASS_DANE], 1);
	assert_int_equal(s->npeers, 1);
	assert_string_equal(s->peers[0].ip, "192.0.2.1");
	mt_logs_free(lg);
}

/*
 * With the handshake logged between the verification failure and the
 * deferral, it is still one failure and no success.
 */
static void
test_dane_correlation_established(void **state)
{
	static const char *const lines[] = {
		"Nov 22 12:00:00 mx postfix/smtp[7]: certificate verification "
		"failed for mx.example.com[192.0.2.1]:25: not trusted by local "
		"or TLSA policy",
		"Nov 22 12:00:00 mx postfix/smtp[7]: Untrusted TLS connection "
		"established to mx.example.com[192.0.2.1]:25: TLSv1.3 with "
		"cipher TLS_AES_256_GCM_SHA384 (256/256 bits)",
		"Nov 22 12:00:00 mx postfix/smtp[7]: 4B: to=<a@example.com>, "
		"relay=mx.example.com[192.0.2.1]:25, delay=1, delays=0/0/1/0, "
		"dsn=4.7.5, status=deferred (Server certificate not trusted)",
		"Nov 22 12:00:01 mx postfix/smtp[7]: Verified TLS connection "
		"established to mx2.example.com[192.0.2.2]:25: TLSv1.3 with "
		"cipher TLS_AES_256_GCM_SHA384 (256/256 bits)",
	};
	const struct mt_logs_summary *s;
	struct mt_logs *lg;

	(void)state;
	lg = logs_test_feed(lines, 4);
	s = mt_logs_summary(lg);
	assert_int_equal(s->counts.recognised, 4);
	assert_int_equal(s->by_kind[MT_LOG_KIND_TLS_FAIL], 1);
	assert_int_equal(s->by_class[MT_LOG_CLASS_DANE], 1);
	assert_int_equal(s->by_kind[MT_LOG_KIND_TLS_OK], 1);
	assert_int_equal(s->npeers, 2);
	mt_logs_free(lg);
}

/*
 * At level may (or with "untrusted" logging) the verification failure is
 * followed by a delivery: the session went on over TLS, so the handshake
 * counts and the failure does not; a later session is its own.
 */
static void
test_verify_fail_then_sent(void **state)
{
	static const char *const lines[] = {
		"Nov 22 12:00:00 mx postfix/smtp[7]: server certificate "
		"verification failed for mx.example.com[192.0.2.1]:25: "
		"num=20:unable to get local issuer certificate",
		"Nov 22 12:00:00 mx postfix/smtp[7]: Untrusted TLS connection "
		"established to mx.example.com[192.0.2.1]:25: TLSv1.3 with "
		"cipher TLS_AES_256_GCM_SHA384 (256/256 bits)",
		"Nov 22 12:00:00 mx postfix/smtp[7]: 4B: to=<a@example.com>, "
		"relay=mx.example.com[192.0.2.1]:25, delay=1, delays=0/0/1/0, "
		"dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 5C)",
		"Nov 22 12:00:01 mx postfix/smtp[7]: Verified TLS connection "
		"established to mx3.example.com[192.0.2.3]:25: TLSv1.3 with "
		"cipher TLS_AES_256_GCM_SHA384 (256/256 bits)",
	};
	const struct mt_logs_summary *s;
	struct mt_logs *lg;

	(void)state;
	lg = logs_test_feed(lines, 4);
	s = mt_logs_summary(lg);
	assert_int_equal(s->by_kind[MT_LOG_KIND_TLS_FAIL], 0);
	assert_int_equal(s->by_class[MT_LOG_CLASS_CERT_VERIFY], 0);
	assert_int_equal(s->by_kind[MT_LOG_KIND_TLS_OK], 2);
	mt_logs_free(lg);
}

/* Exim: the verification word is ours, not the remote reply's. */
static void
test_exim_cv_in_reply(void **state)
{
	static const char line[] = "2026-11-22 12:00:00 1xV4of-0000D0-2Q => "
	    "a@example.com R=dnslookup T=remote_smtp H=mx.example.com "
	    "[192.0.2.1] X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=no "
	    "C=\"250 2.0.0 CV=yes X=TLS1.2:bogus:1 queued\"";
	struct mt_log_event ev;

	(void)state;
	assert_true(mt_log_parse_line(line, strlen(line), 2026, &ev));
	assert_int_equal(ev.kind, MT_LOG_KIND_TLS_OK);
	assert_int_equal(ev.direction, MT_LOG_DIR_OUT);
	assert_int_equal(ev.verify, MT_LOG_VERIFY_UNTRUSTED);
	assert_string_equal(ev.version, "TLSv1.3");
}

/* A DANE policy failure without a connection: relay=none. */
static void
test_dane_relay_none(void **state)
{
	static const char *const lines[] = {
		"Nov 22 12:00:00 mx postfix/smtp[8]: warning: TLS policy lookup "
		"for example.com/mx.example.com: TLSA lookup error for "
		"mx.example.com:25",
		"Nov 22 12:00:00 mx postfix/smtp[8]: 4C: to=<a@example.com>, "
		"relay=none, delay=1, delays=0/0/1/0, dsn=4.7.5, "
		"status=deferred (TLSA lookup error for mx.example.com:25)",
	};
	const struct mt_logs_summary *s;
	struct mt_logs *lg;

	(void)state;
	lg = logs_test_feed(lines, 2);
	s = mt_logs_summary(lg);
	assert_int_equal(s->by_kind[MT_LOG_KIND_TLS_FAIL], 1);
	assert_int_equal(s->by_class[MT_LOG_CLASS_DANE], 1);
	assert_int_equal(s->npeers, 1);
	assert_string_equal(s->peers[0].host, "mx.example.com");
	assert_int_equal(s->peers[0].direction, MT_LOG_DIR_OUT);
	mt_logs_free(lg);
}

/* The TLSRPT line and the deferral of one attempt are one failure. */
static void
test_tlsrpt_then_required(void **state)
{
	static const char *const lines[] = {
		"Nov 22 12:00:00 mx postfix/smtp[9]: TLSRPT: status=failure, "
		"domain=g.example, receiving_mx=mx.g.example[192.0.2.9], "
		"failure_type=starttls_not_supported",
		"Nov 22 12:00:00 mx postfix/smtp[9]: 4D: to=<a@g.example>, "
		"relay=mx.g.example[192.0.2.9]:25, delay=1, delays=0/0/1/0, "
		"dsn=4.7.4, status=deferred (TLS is required, but was not "
		"offered by host mx.g.example[192.0.2.9])",
	};
	const struct mt_logs_summary *s;
	struct mt_logs *lg;

	(void)state;
	lg = logs_test_feed(lines, 2);
	s = mt_logs_summary(lg);
	assert_int_equal(s->by_kind[MT_LOG_KIND_STARTTLS_MISSING], 1);
	assert_int_equal(s->by_class[MT_LOG_CLASS_TLS_REQUIRED], 1);
	assert_int_equal(s->npeers, 1);
	assert_int_equal(s->peers[0].fail, 1);
	mt_logs_free(lg);
}

static void	ok_line(char *, size_t, int, const char *);

/* One address, several spellings: one peer row. */
static void
test_ip_spellings(void **state)
{
	static const char *const peers[] = {
		"a.example[192.0.2.7]", "a.example[::ffff:192.0.2.7]",
		"b.example[2001:0db8:0000::1]", "b.example[2001:db8::1]",
		"b.example[IPv6:2001:DB8::1]",
	};
	const struct mt_logs_summary *s;
	struct mt_logs *lg;
	char line[256];
	size_t i;

	(void)state;
	assert_non_null(lg = mt_logs_new(2026));
	for (i = 0; i < sizeof(peers) / sizeof(peers[0]); i++) {
		ok_line(line, sizeof(line), (int)(10 + i), peers[i]);
		mt_logs_feed_line(lg, line, strlen(line));
	}
	s = mt_logs_summary(lg);
	assert_int_equal(s->by_kind[MT_LOG_KIND_TLS_OK], 5);
	assert_int_equal(s->npeers, 2);
	for (i = 0; i < s->npeers; i++)
		assert_true(strcmp(s->peers[i].ip, "192.0.2.7") == 0 ||
		    strcmp(s->peers[i].ip, "2001:db8::1") == 0);
	mt_logs_free(lg);
}

/* --peer matches whatever spelling of the address the user types. */
static void
test_peer_filter_spellings(void **state)
{
	static const char *const typed[] = {
		"2001:0db8::1", "IPv6:2001:db8::1", "2001:db8:0:0::1",
	};
	const struct mt_logs_summary *s;
	struct mt_logs_filter f;
	struct mt_logs *lg;
	char line[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(typed) / sizeof(typed[0]); i++) {
		assert_non_null(lg = mt_logs_new(2026));
		memset(&f, 0, sizeof(f));
		f.peer = typed[i];
		assert_int_equal(mt_logs_set_filter(lg, &f), 0);
		ok_line(line, sizeof(line), 10, "b.example[2001:db8::1]");
		mt_logs_feed_line(lg, line, strlen(line));
		ok_line(line, sizeof(line), 11, "c.example[192.0.2.9]");
		mt_logs_feed_line(lg, line, strlen(line));
		s = mt_logs_summary(lg);
		assert_int_equal(s->by_kind[MT_LOG_KIND_TLS_OK], 1);
		assert_int_equal(s->counts.filtered, 1);
		mt_logs_free(lg);
	}
}

static void
count_event(const struct mt_log_event *ev, void *arg)
{
	(void)ev;
	(*(int *)arg)++;
}

/* mt_logs_flush emits what waits for a completing line, once. */
static void
test_flush_pending(void **state)
{
	static const char *const lines[] = {
		"Nov 22 12:00:00 mx sm-mta[41]: STARTTLS=server, error: accept "
		"failed=-1, reason=no shared cipher, SSL_error=1, errno=0, "
		"retry=-1, relay=localhost [127.0.0.1]",
	};
	const struct mt_logs_summary *s;
	struct mt_logs *lg;
	int n = 0;

	(void)state;
	assert_non_null(lg = mt_logs_new(2026));
	mt_logs_set_event_cb(lg, count_event, &n);
	mt_logs_feed_line(lg, lines[0], strlen(lines[0]));
	assert_int_equal(n, 0);		/* waits for the OpenSSL queue line */
	mt_logs_flush(lg);
	assert_int_equal(n, 1);
	mt_logs_flush(lg);
	s = mt_logs_summary(lg);
	assert_int_equal(n, 1);
	assert_int_equal(s->by_class[MT_LOG_CLASS_NO_SHARED_CIPHER], 1);
	mt_logs_free(lg);
}

static void
ok_line(char *buf, size_t len, int pid, const char *peer)
{
	(void)snprintf(buf, len, "Nov 22 12:00:00 mx postfix/smtpd[%d]: "
	    "Anonymous TLS connection established from %s: TLSv1.3 with "
	    "cipher TLS_AES_256_GCM_SHA384 (256/256 bits)", pid, peer);
}

static const struct mt_logs_peer *
find_row(const struct mt_logs_summary *s, const char *net)
{
	size_t i;

	for (i = 0; i < s->npeers; i++)
		if (strcmp(s->peers[i].net, net) == 0)
			return &s->peers[i];
	return NULL;
}

static void
test_by_net(void **state)
{
	static const char *const peers[] = {
		"a.example[192.0.2.1]", "b.example[192.0.2.200]",
		"c.example[::ffff:192.0.2.77]",	/* v4-mapped: same /24 */
		"d.example[198.51.100.1]",
		"e.example[2001:db8:1:2::5]", "f.example[2001:db8:1:ffff::1]",
		"g.example[IPv6:2001:db8:1::9]",	/* Exim/HELO literal */
		"h.example[2001:db8:2::1]",
		"unknown[unknown]", "x.example[ip4.ip4.ip4.ip4]",
	};
	const struct mt_logs_summary *s;
	const struct mt_logs_peer *p;
	struct mt_logs *lg;
	struct mt_error e;
	char line[512];
	size_t i;

	(void)state;
	assert_non_null(lg = mt_logs_new(2026));
	for (i = 0; i < sizeof(peers) / sizeof(peers[0]); i++) {
		ok_line(line, sizeof(line), 100 + (int)i, peers[i]);
		mt_logs_feed_line(lg, line, strlen(line));
	}
	/* The same address twice is one host. */
	ok_line(line, sizeof(line), 99, peers[0]);
	mt_logs_feed_line(lg, line, strlen(line));
	assert_non_null(s = mt_logs_summary_by_net(lg, 24, 48, &e));
	assert_non_null(p = find_row(s, "192.0.2.0/24"));
	assert_int_equal(p->hosts, 3);
	assert_int_equal(p->ok, 4);
	assert_string_equal(p->ip, "");
	assert_non_null(p = find_row(s, "198.51.100.0/24"));
	assert_int_equal(p->hosts, 1);
	assert_string_equal(p->host, "d.example");
	assert_non_null(p = find_row(s, "2001:db8:1::/48"));
	assert_int_equal(p->hosts, 3);
	assert_non_null(p = find_row(s, "2001:db8:2::/48"));
	assert_int_equal(p->hosts, 1);
	/* unknown and a placeholder stay rows of their own: 6 rows */
	assert_int_equal(s->npeers, 6);
	assert_non_null(p = find_row(s, ""));
	/* Other lengths; then the plain summary is ungrouped again. */
	assert_non_null(s = mt_logs_summary_by_net(lg, 16, 32, &e));
	assert_non_null(p = find_row(s, "192.0.0.0/16"));
	assert_int_equal(p->hosts, 3);
	assert_non_null(p = find_row(s, "2001:db8::/32"));
	assert_int_equal(p->hosts, 4);
	s = mt_logs_summary(lg);
	assert_int_equal(s->npeers, 10);
	assert_null(mt_logs_summary_by_net(lg, 33, 48, &e));
	assert_int_equal(e.code, MT_ERR_USAGE);
	assert_null(mt_logs_summary_by_net(lg, 24, 129, &e));
	assert_null(mt_logs_summary_by_net(lg, -1, 48, &e));
	mt_logs_free(lg);
}

struct counter {
	size_t	n;
};

static void
count_cb(const struct mt_log_event *ev, void *arg)
{
	(void)ev;
	((struct counter *)arg)->n++;
}

static void
append(const char *path, const char *text)
{
	FILE *f;

	assert_non_null(f = fopen(path, "a"));
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

#define L(n) "Nov 22 12:00:00 mx postfix/smtpd[" #n "]: Anonymous TLS " \
	"connection established from p.example[192.0.2." #n "]: TLSv1.3 " \
	"with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)\n"

static void
test_follow(void **state)
{
	char dir[] = "/tmp/mt-follow-XXXXXX", path[64], old[80], gz[80];
	struct mt_logs_follow_stats st;
	struct mt_logs_follow *f;
	struct counter cnt = { 0 };
	struct mt_logs *lg;
	struct mt_error e;
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	(void)snprintf(path, sizeof(path), "%s/maillog", dir);
	(void)snprintf(old, sizeof(old), "%s/maillog.1", dir);
	(void)snprintf(gz, sizeof(gz), "%s/maillog.2.gz", dir);
	append(path, L(1));
	assert_non_null(lg = mt_logs_new(2026));
	mt_logs_set_event_cb(lg, count_cb, &cnt);
	/* Refused: stdin, gzip by name, gzip by magic, missing. */
	assert_null(mt_logs_follow_open(lg, "-", 0, &e));
	assert_null(mt_logs_follow_open(lg, gz, 0, &e));
	assert_non_null(strstr(e.msg, "gzip"));
	assert_non_null(fp = fopen(old, "w"));
	assert_int_equal(fputs("\x1f\x8b\x08", fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
	assert_null(mt_logs_follow_open(lg, old, 0, &e));
	assert_non_null(strstr(e.msg, "gzip"));
	assert_int_equal(unlink(old), 0);
	assert_null(mt_logs_follow_open(lg, "/nonexistent/maillog", 0, &e));

	/* From the end: line 1 is not read. */
	assert_non_null(f = mt_logs_follow_open(lg, path, 0, &e));
	mt_logs_follow_set_grace(f, 0);
	assert_int_equal(mt_logs_follow_poll(f, &e), 0);
	assert_int_equal(cnt.n, 0);
	append(path, L(2) "Nov 22 12:00:00 mx postfix/smtpd[3]: Anon");
	assert_int_equal(mt_logs_follow_poll(f, &e), 0);
	assert_int_equal(cnt.n, 1);		/* the partial line waits */
	append(path, "ymous TLS connection established from p.example"
	    "[192.0.2.3]: TLSv1.3 with cipher X (256/256 bits)\n");
	assert_int_equal(mt_logs_follow_poll(f, &e), 0);
	assert_int_equal(cnt.n, 2);
	/* Rotation by rename: old file's late line, then the new file. */
	assert_int_equal(rename(path, old), 0);
	append(old, L(4));
	assert_int_equal(mt_logs_follow_poll(f, &e), -1);	/* missing */
	assert_non_null(strstr(e.msg, "missing"));
	assert_int_equal(mt_logs_follow_poll(f, &e), 0);	/* once */
	assert_int_equal(cnt.n, 3);
	append(path, L(5) L(6));
	assert_int_equal(mt_logs_follow_poll(f, &e), 0);
	assert_int_equal(cnt.n, 5);
	/* Truncation in place. */
	assert_int_equal(truncate(path, 0), 0);
	assert_int_equal(mt_logs_follow_poll(f, &e), 0);
	append(path, L(7));
	assert_int_equal(mt_logs_follow_poll(f, &e), 0);
	assert_int_equal(cnt.n, 6);
	/* Removed, then back. */
	assert_int_equal(unlink(path), 0);
	assert_int_equal(mt_logs_follow_poll(f, &e), -1);
	append(path, L(8));
	assert_int_equal(mt_logs_follow_poll(f, &e), 0);
	assert_int_equal(cnt.n, 7);
	/* A last line without newline is fed at close. */
	append(path, "Nov 22 12:00:00 mx postfix/smtpd[9]: Anonymous TLS "
	    "connection established from p.example[192.0.2.9]: TLSv1.3 with "
	    "cipher X (256/256 bits)");
	assert_int_equal(mt_logs_follow_poll(f, &e), 0);
	assert_int_equal(cnt.n, 7);
	mt_logs_follow_stats(f, &st);
	assert_int_equal(st.rotations, 2);
	assert_int_equal(st.truncations, 1);
	assert_int_equal(st.missing_reports, 2);
	mt_logs_follow_close(f);
	assert_int_equal(cnt.n, 8);
	assert_int_equal(mt_logs_summary(lg)->counts.lines, 8);
	mt_logs_follow_close(NULL);
	mt_logs_free(lg);
	(void)unlink(path);
	(void)unlink(old);
	(void)rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_feat_prefixes),
		cmocka_unit_test(test_dane_correlation),
		cmocka_unit_test(test_dane_correlation_established),
		cmocka_unit_test(test_verify_fail_then_sent),
		cmocka_unit_test(test_flush_pending),
		cmocka_unit_test(test_dane_relay_none),
		cmocka_unit_test(test_tlsrpt_then_required),
		cmocka_unit_test(test_ip_spellings),
		cmocka_unit_test(test_peer_filter_spellings),
		cmocka_unit_test(test_exim_cv_in_reply),
		cmocka_unit_test(test_by_net),
		cmocka_unit_test(test_follow),
	};

	return mt_test_run_table("logs-feat", feat_cases,
	    sizeof(feat_cases) / sizeof(feat_cases[0]), sizeof(feat_cases[0]),
	    run_feat, fixed, sizeof(fixed) / sizeof(fixed[0]));
}
