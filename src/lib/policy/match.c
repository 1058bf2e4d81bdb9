/*
 * match.c - what a client policy and a server policy negotiate
 *
 * The model is OpenSSL's server (ssl/statem/statem_srvr.c, ssl3_choose_
 * cipher in ssl/s3_lib.c): the protocol version is chosen first, the
 * highest both sides enable; then the first suite usable at that version
 * from the server's list if it prefers its own order, else from the
 * client's.  There is no fallback: when nothing is shared at the chosen
 * version the handshake fails with "no shared cipher", even if a lower
 * version would have worked.  TLS 1.3 uses the separate ciphersuites
 * lists.
 *
 * Pure code: the policies are borrowed and only read; the result is the
 * caller's struct, overwritten.  Suites the registry does not know are
 * taken as usable at SSLv3 .. TLS 1.2.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "mailtls/policy.h"
#include "mailtls/registry.h"

#define MATCH_NVERSIONS	5

/* Attribute tests the reason finder tries, in order of preference. */
enum match_attr {
	MATCH_FS = 0,
	MATCH_AEAD,
	MATCH_ANON,
	MATCH_ECDSA,
	MATCH_KRSA,
	MATCH_NATTR
};

static const char *const match_attr_names[MATCH_NATTR] = {
	"forward secrecy", "AEAD", "authentication", "authentication",
	"key exchange",
};

/* What the suites with and without an attribute are called. */
static const char *const match_attr_yes[MATCH_NATTR] = {
	"forward-secret", "AEAD", "anonymous", "aECDSA", "kRSA",
};
static const char *const match_attr_no[MATCH_NATTR] = {
	"non-forward-secret", "non-AEAD (CBC or stream)", "authenticated",
	"non-ECDSA", "non-kRSA",
};

static void	 match_printf(char *, size_t, const char *, ...)
		    __attribute__((__format__(__printf__, 3, 4)));

/* match_printf - snprintf where cutting a long line short is fine. */
static void
match_printf(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(buf, len, fmt, ap);
	va_end(ap);
}

/* match_vbit - MT_VBIT_* of v[i]: SSLv3 .. TLS 1.3. */
static uint8_t
match_vbit(size_t i)
{
	return (uint8_t)(1u << i);
}

/* match_usable - may the suite be negotiated at the version bit? */
static bool
match_usable(uint16_t code, uint8_t bit)
{
	const struct mt_suite *s;

	if ((s = mt_suite_by_code(code)) == NULL)
		return bit != MT_VBIT_TLS13;
	if (s->flags & MT_SUITE_SCSV)
		return false;
	return (s->versions & bit) != 0;
}

static bool
match_has(const uint16_t *list, size_t n, uint16_t code)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (list[i] == code)
			return true;
	return false;
}

/* match_list - the side's list that applies at the version bit. */
static const uint16_t *
match_list(const struct mt_policy *p, uint8_t bit, size_t *n)
{
	if (bit == MT_VBIT_TLS13) {
		*n = p->ntls13 < MT_POLICY_TLS13_MAX ? p->ntls13 :
		    MT_POLICY_TLS13_MAX;
		return p->tls13;
	}
	*n = p->nsuites < MT_POLICY_SUITES_MAX ? p->nsuites :
	    MT_POLICY_SUITES_MAX;
	return p->suites;
}

/*
 * match_auth_ok - can a server with these certificate keys authenticate
 * the suite?  OpenSSL's server only considers suites its keys can sign
 * for (ssl3_choose_cipher, mask_a); TLS 1.3 suites carry no
 * authentication.  Most MTAs have one RSA certificate: 0 means that.
 */
static bool
match_auth_ok(uint16_t code, uint8_t bit, uint8_t keys)
{
	const struct mt_suite *s;

	if (bit == MT_VBIT_TLS13 || (s = mt_suite_by_code(code)) == NULL ||
	    s->au == NULL)
		return true;
	if (keys == 0)
		keys = MT_CERT_RSA;
	if (strcmp(s->au, "RSA") == 0)
		return (keys & MT_CERT_RSA) != 0;
	if (strcmp(s->au, "ECDSA") == 0 || strcmp(s->au, "ECDH") == 0)
		return (keys & MT_CERT_ECDSA) != 0;
	if (strcmp(s->au, "DSS") == 0 || strcmp(s->au, "DH") == 0)
		return (keys & MT_CERT_DSA) != 0;
	return true;		/* anonymous, PSK, SRP, GOST, ... */
}

/* match_enabled - the versions a side really offers or accepts. */
static uint8_t
match_enabled(const struct mt_policy *p)
{
	return p->tls_disabled ? 0 : p->versions;
}

/* match_version - fill v for one version. */
static void
match_version(const struct mt_policy *client,
    const struct mt_policy *server, size_t i, struct mt_match_version *v)
{
	const struct mt_policy *prio, *allow;
	const uint16_t *pl, *al;
	size_t pn, an, k;
	uint8_t bit = match_vbit(i);

	memset(v, 0, sizeof(*v));
	v->version = (uint16_t)(MT_SSL3 + i);
	v->both = (match_enabled(client) & match_enabled(server) & bit) != 0;
	prio = server->server_pref ? server : client;
	allow = server->server_pref ? client : server;
	pl = match_list(prio, bit, &pn);
	al = match_list(allow, bit, &an);
	for (k = 0; k < pn && v->nshared < MT_POLICY_SUITES_MAX; k++)
		if (match_usable(pl[k], bit) && match_has(al, an, pl[k]) &&
		    match_auth_ok(pl[k], bit, server->cert_keys) &&
		    !match_has(v->shared, v->nshared, pl[k]))
			v->shared[v->nshared++] = pl[k];
	if (v->both && v->nshared > 0)
		v->chosen = v->shared[0];
}

/* match_range - "TLSv1.2-TLSv1.3", "TLSv1.0", "SSLv3, TLSv1.2", "none". */
static void
match_range(uint8_t versions, char *buf, size_t len)
{
	size_t i, lo = MATCH_NVERSIONS, hi = 0, n = 0;
	bool gap = false;
	int w;

	buf[0] = '\0';
	for (i = 0; i < MATCH_NVERSIONS; i++) {
		if ((versions & match_vbit(i)) == 0)
			continue;
		if (lo == MATCH_NVERSIONS)
			lo = i;
		else if (i != hi + 1)
			gap = true;
		hi = i;
		n++;
	}
	if (n == 0) {
		(void)snprintf(buf, len, "none");
		return;
	}
	if (!gap) {
		if (lo == hi)
			(void)snprintf(buf, len, "%s",
			    mt_version_name((uint16_t)(MT_SSL3 + lo)));
		else
			(void)snprintf(buf, len, "%s-%s",
			    mt_version_name((uint16_t)(MT_SSL3 + lo)),
			    mt_version_name((uint16_t)(MT_SSL3 + hi)));
		return;
	}
	for (i = 0, n = 0; i < MATCH_NVERSIONS; i++) {
		if ((versions & match_vbit(i)) == 0)
			continue;
		w = snprintf(buf + n, len - n, "%s%s", n > 0 ? ", " : "",
		    mt_version_name((uint16_t)(MT_SSL3 + i)));
		if (w < 0 || (size_t)w >= len - n)
			return;
		n += (size_t)w;
	}
}

/* match_attr - does the suite have the attribute? */
static bool
match_attr(uint16_t code, int attr)
{
	const struct mt_suite *s;

	if ((s = mt_suite_by_code(code)) == NULL)
		return false;
	switch (attr) {
	case MATCH_FS:
		return (s->flags & MT_SUITE_FS) != 0;
	case MATCH_AEAD:
		return (s->flags & MT_SUITE_AEAD) != 0;
	case MATCH_ANON:
		return (s->flags & MT_SUITE_ANON) != 0;
	case MATCH_ECDSA:
		return s->au != NULL && strcmp(s->au, "ECDSA") == 0;
	case MATCH_KRSA:
		return s->kx != NULL && strcmp(s->kx, "RSA") == 0;
	default:
		return false;
	}
}

/*
 * match_count - how many of the side's suites usable at bit have the
 * attribute (*yes) and how many are usable at all (*all).
 */
static void
match_count(const struct mt_policy *p, uint8_t bit, int attr, size_t *yes,
    size_t *all)
{
	const uint16_t *l;
	size_t n, k;

	*yes = *all = 0;
	l = match_list(p, bit, &n);
	for (k = 0; k < n; k++) {
		if (!match_usable(l[k], bit))
			continue;
		(*all)++;
		if (match_attr(l[k], attr))
			(*yes)++;
	}
}

/*
 * match_cause - the dominant cause when the two lists at bit are
 * disjoint, as "forward secrecy: the server allows only kRSA suites; the
 * client offers only forward-secret suites"; false if no attribute
 * separates the sides.
 */
static bool
match_cause(const struct mt_policy *client, const struct mt_policy *server,
    uint8_t bit, char *buf, size_t len)
{
	size_t cy, ca, sy, sa, kr, kra;
	int a;

	for (a = 0; a < MATCH_NATTR; a++) {
		match_count(client, bit, a, &cy, &ca);
		match_count(server, bit, a, &sy, &sa);
		if (ca == 0 || sa == 0)
			return false;
		if (cy == ca && sy == 0) {
			/* Name the server's side by kRSA when that fits. */
			match_count(server, bit, MATCH_KRSA, &kr, &kra);
			match_printf(buf, len, "%s: the server allows only "
			    "%s suites; the client offers only %s suites",
			    match_attr_names[a], a == MATCH_FS && kr == kra ?
			    "kRSA" : match_attr_no[a], match_attr_yes[a]);
			return true;
		}
		if (sy == sa && cy == 0) {
			match_printf(buf, len, "%s: the server allows only "
			    "%s suites; the client offers none",
			    match_attr_names[a], match_attr_yes[a]);
			return true;
		}
	}
	return false;
}

/* match_server_why - the server's why row for code, or NULL. */
static const struct mt_policy_why *
match_server_why(const struct mt_policy *server, uint16_t code)
{
	size_t i, n;

	n = server->nwhy < MT_POLICY_SUITES_MAX ? server->nwhy :
	    MT_POLICY_SUITES_MAX;
	for (i = 0; i < n; i++)
		if (server->why[i].code == code)
			return &server->why[i];
	return NULL;
}

/*
 * match_why - per suite the client offers at the version that the server
 * does not accept there: the server's rule.
 */
static void
match_why(const struct mt_policy *client, const struct mt_policy *server,
    uint8_t bit, struct mt_match *m)
{
	const struct mt_policy_why *w;
	const uint16_t *cl, *sl;
	size_t cn, sn, k;
	struct mt_policy_why *row;

	cl = match_list(client, bit, &cn);
	sl = match_list(server, bit, &sn);
	for (k = 0; k < cn && m->nwhy < MT_POLICY_SUITES_MAX; k++) {
		if (!match_usable(cl[k], bit))
			continue;
		if (match_has(sl, sn, cl[k])) {
			if (match_auth_ok(cl[k], bit, server->cert_keys))
				continue;
			row = &m->why[m->nwhy++];
			memset(row, 0, sizeof(row[0]));
			row->code = cl[k];
			(void)snprintf(row->rule, sizeof(row->rule), "no "
			    "certificate of the key type it needs");
			(void)snprintf(row->where, sizeof(row->where),
			    "server certificate");
			continue;
		}
		row = &m->why[m->nwhy++];
		if ((w = match_server_why(server, cl[k])) != NULL)
			*row = *w;
		else {
			memset(row, 0, sizeof(*row));
			row->code = cl[k];
			(void)snprintf(row->rule, sizeof(row->rule), "%s",
			    bit == MT_VBIT_TLS13 ?
			    "not in TLS 1.3 ciphersuites" : "not selected");
		}
	}
}

/* match_top_rule - the rule that removed most of why[]; count in *n. */
static const struct mt_policy_why *
match_top_rule(const struct mt_match *m, size_t *n)
{
	const struct mt_policy_why *best = NULL;
	size_t i, j, c;

	*n = 0;
	for (i = 0; i < m->nwhy; i++) {
		for (j = 0, c = 0; j < m->nwhy; j++)
			if (strcmp(m->why[i].rule, m->why[j].rule) == 0)
				c++;
		if (c > *n) {
			*n = c;
			best = &m->why[i];
		}
	}
	return best;
}

/*
 * match_cert_cause - both lists allow some suites, but the server has no
 * certificate to authenticate them (an ECDSA-only client against an RSA
 * server): that is the cause.
 */
static bool
match_cert_cause(const struct mt_policy *client,
    const struct mt_policy *server, uint8_t bit, char *buf, size_t len)
{
	const uint16_t *cl, *sl;
	size_t cn, sn, k, both = 0;

	cl = match_list(client, bit, &cn);
	sl = match_list(server, bit, &sn);
	for (k = 0; k < cn; k++)
		if (match_usable(cl[k], bit) && match_has(sl, sn, cl[k]))
			both++;
	if (both == 0)
		return false;
	match_printf(buf, len, "%zu allowed by both need a certificate the "
	    "server lacks: it has %s", both,
	    server->cert_keys == 0 ? "RSA (assumed)" :
	    server->cert_keys == MT_CERT_ECDSA ? "ECDSA" :
	    server->cert_keys == (MT_CERT_RSA | MT_CERT_ECDSA) ?
	    "RSA and ECDSA" : "RSA");
	return true;
}

/* match_reason_noshared - the reason when nothing is shared at i. */
static void
match_reason_noshared(const struct mt_policy *client,
    const struct mt_policy *server, size_t i, struct mt_match *m)
{
	const struct mt_policy_why *top;
	const char *vn = mt_version_name((uint16_t)(MT_SSL3 + i));
	char cause[160];
	size_t cy, ca, sy, sa, n;
	uint8_t bit = match_vbit(i);

	match_count(client, bit, MATCH_FS, &cy, &ca);
	match_count(server, bit, MATCH_FS, &sy, &sa);
	if (ca == 0) {
		match_printf(m->reason, sizeof(m->reason), "no shared "
		    "cipher at %s: the client offers no suite usable at %s",
		    vn, vn);
		return;
	}
	if (sa == 0) {
		match_printf(m->reason, sizeof(m->reason), "no shared "
		    "cipher at %s: the client offers %zu suite%s, the server "
		    "enables none usable at %s", vn, ca, ca == 1 ? "" : "s",
		    vn);
		return;
	}
	if (match_cert_cause(client, server, bit, cause, sizeof(cause)))
		;
	else if (!match_cause(client, server, bit, cause, sizeof(cause))) {
		top = match_top_rule(m, &n);
		if (top != NULL && top->rule[0] != '\0')
			match_printf(cause, sizeof(cause), "the server's "
			    "\"%s\" removed %zu of them", top->rule, n);
		else
			match_printf(cause, sizeof(cause), "the server's "
			    "list selects none of them");
	}
	match_printf(m->reason, sizeof(m->reason), "no shared cipher at "
	    "%s: the client offers %zu suite%s, the server accepts none of "
	    "%s (%s)", vn, ca, ca == 1 ? "" : "s", ca == 1 ? "it" : "them",
	    cause);
}

/*
 * match_maxver_ok - does an OpenSSL side have a suite for its highest
 * enabled version?  OpenSSL refuses every handshake otherwise
 * (tls_setup_handshake, ssl_cipher_list_to_bytes: "No ciphers enabled for
 * max supported SSL/TLS version"), e.g. TLS 1.3 on with no TLS 1.3 suite.
 */
static bool
match_maxver_ok(const struct mt_policy *p, uint16_t *maxver)
{
	const uint16_t *l;
	size_t i, n, k;
	uint8_t bit;

	*maxver = 0;
	if (p->lib == MT_LIB_GNUTLS_3_7)
		return true;
	for (i = MATCH_NVERSIONS; i-- > 0;) {
		bit = match_vbit(i);
		if ((match_enabled(p) & bit) == 0)
			continue;
		*maxver = (uint16_t)(MT_SSL3 + i);
		l = match_list(p, bit, &n);
		for (k = 0; k < n; k++)
			if (match_usable(l[k], bit))
				return true;
		return false;
	}
	return true;
}

void
mt_policy_match(const struct mt_policy *client,
    const struct mt_policy *server, struct mt_match *m)
{
	char cr[64], sr[64];
	size_t i, top = MATCH_NVERSIONS;
	const char *who = NULL;
	uint16_t maxver;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < MATCH_NVERSIONS; i++) {
		match_version(client, server, i, &m->v[i]);
		if (m->v[i].both)
			top = i;
	}
	if (server->tls_disabled || client->tls_disabled) {
		match_printf(m->reason, sizeof(m->reason), "the %s has TLS "
		    "turned off by its settings%s%s",
		    server->tls_disabled ? "server" : "client",
		    server->tls_disabled && server->nnotes > 0 ? ": " : "",
		    server->tls_disabled && server->nnotes > 0 ?
		    server->notes[0] : "");
		return;
	}
	if (!match_maxver_ok(server, &maxver))
		who = "server";
	else if (!match_maxver_ok(client, &maxver))
		who = "client";
	if (who != NULL) {
		match_printf(m->reason, sizeof(m->reason), "the %s enables "
		    "%s but no suite for it; OpenSSL then refuses every "
		    "handshake (\"No ciphers enabled for max supported SSL/TLS "
		    "version\")", who, mt_version_name(maxver));
		return;
	}
	if (top == MATCH_NVERSIONS) {
		match_range(client->versions, cr, sizeof(cr));
		match_range(server->versions, sr, sizeof(sr));
		match_printf(m->reason, sizeof(m->reason), "no protocol "
		    "version in common: client %s, server %s", cr, sr);
		return;
	}
	m->version = m->v[top].version;
	match_why(client, server, match_vbit(top), m);
	if (m->v[top].nshared == 0) {
		match_reason_noshared(client, server, top, m);
		return;
	}
	m->ok = true;
	m->suite = m->v[top].chosen;
}
