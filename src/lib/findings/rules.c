/*
 * rules.c - derive findings from the evidence of one probed target
 *
 * mt_findings_derive() is pure: it reads the versions, suites, groups,
 * chain report, SMTP facts and probe statistics of a struct
 * mt_target_result and appends struct mt_finding rows (at most
 * MT_PROBE_FINDINGS_MAX), then sorts all rows by severity (highest first)
 * and id.  Rows already present (e.g. smtp.starttls_injection added by the
 * probe) are kept; a row with the same id and subject is not added twice,
 * so calling it again changes nothing.  Suite facts come from the registry.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mailtls/finding.h"
#include "mailtls/probe.h"
#include "mailtls/registry.h"
#include "mailtls/report.h"
#include "report/report_int.h"

#define RULES_EXAMPLES		3	/* suites named in a detail */
#define RULES_SOON_DAYS		30	/* chain.expires_soon window */
#define RULES_DAY		86400
#define RULES_DH_MIN		2048
#define RULES_DH_BROKEN		1024

/* Suite classes, each a catalog id and a predicate over registry facts. */
struct rules_class {
	const char	*id;
	bool		(*match)(const struct mt_suite *);
};

static bool
class_null(const struct mt_suite *s)
{
	return (s->flags & MT_SUITE_NULL) != 0;
}

static bool
class_export(const struct mt_suite *s)
{
	return (s->flags & MT_SUITE_EXPORT) != 0;
}

static bool
class_anon(const struct mt_suite *s)
{
	return (s->flags & MT_SUITE_ANON) != 0;
}

static bool
class_rc4(const struct mt_suite *s)
{
	return s->enc != NULL && strncasecmp(s->enc, "RC4", 3) == 0;
}

static bool
class_des(const struct mt_suite *s)
{
	return s->enc != NULL && strncasecmp(s->enc, "DES", 3) == 0 &&
	    (s->flags & MT_SUITE_EXPORT) == 0;
}

static bool
class_3des(const struct mt_suite *s)
{
	return s->enc != NULL && strncasecmp(s->enc, "3DES", 4) == 0;
}

static bool
class_no_fs(const struct mt_suite *s)
{
	return (s->flags & (MT_SUITE_FS | MT_SUITE_ANON)) == 0;
}

static const struct rules_class rules_classes[] = {
	{ "tls.suite.null", class_null },
	{ "tls.suite.export", class_export },
	{ "tls.suite.anon", class_anon },
	{ "tls.suite.rc4", class_rc4 },
	{ "tls.suite.des", class_des },
	{ "tls.suite.3des", class_3des },
	{ "tls.suite.no_fs", class_no_fs },
};

#define RULES_NCLASSES	(sizeof(rules_classes) / sizeof(rules_classes[0]))

/* rules_add - append a finding unless full or already there. */
static void
rules_add(struct mt_target_result *r, const char *id, int sev,
    const char *subject, const char *fmt, ...)
    __attribute__((__format__(__printf__, 5, 6)));

static void
rules_add(struct mt_target_result *r, const char *id, int sev,
    const char *subject, const char *fmt, ...)
{
	const struct mt_catalog_entry *ce;
	struct mt_finding *f;
	va_list ap;
	size_t i;

	if ((ce = mt_catalog_lookup(id)) == NULL)
		return;
	for (i = 0; i < r->nfindings; i++)
		if (strcmp(r->findings[i].id, id) == 0 &&
		    strcmp(r->findings[i].subject, subject) == 0)
			return;
	if (r->nfindings >= MT_PROBE_FINDINGS_MAX)
		return;
	f = &r->findings[r->nfindings++];
	f->id = ce->id;
	f->severity = sev >= 0 ? sev : ce->severity;
	(void)snprintf(f->subject, sizeof(f->subject), "%s", subject);
	va_start(ap, fmt);
	(void)vsnprintf(f->detail, sizeof(f->detail), fmt, ap);
	va_end(ap);
}

/* rules_append - append ", text" (or text) to a bounded buffer. */
static void
rules_append(char *buf, size_t len, const char *text)
{
	size_t n = strlen(buf);

	if (n < len)
		(void)snprintf(buf + n, len - n, "%s%s", n > 0 ? ", " : "",
		    text);
}

/* rules_vname - name of versions[vi], by position if the probe left it 0. */
static const char *
rules_vname(const struct mt_version_result *vr, size_t vi)
{
	return mt_version_name(vr->version != 0 ? vr->version :
	    (uint16_t)(MT_SSL3 + vi));
}

static const struct mt_version_result *
rules_version(const struct mt_target_result *r, uint16_t v)
{
	size_t i;

	for (i = 0; i < MT_PROBE_VERSIONS; i++)
		if (r->versions[i].version == v)
			return &r->versions[i];
	i = (size_t)(v - MT_SSL3);
	if (v >= MT_SSL3 && i < MT_PROBE_VERSIONS &&
	    r->versions[i].version == 0)
		return &r->versions[i];
	return NULL;
}

static const char *
rules_highest(const struct mt_target_result *r)
{
	const char *best = "none";
	uint16_t v = 0;
	size_t i;

	for (i = 0; i < MT_PROBE_VERSIONS; i++)
		if (r->versions[i].state == MT_V_ACCEPTED &&
		    r->versions[i].version > v) {
			v = r->versions[i].version;
			best = mt_version_name(v);
		}
	return best;
}

static void
rules_protocols(struct mt_target_result *r)
{
	static const struct {
		uint16_t	 version;
		const char	*id;
	} old[] = {
		{ MT_SSL3, "tls.protocol.sslv3" },
		{ MT_TLS10, "tls.protocol.tls10" },
		{ MT_TLS11, "tls.protocol.tls11" },
	};
	const struct mt_version_result *vr;
	char lbl[16];
	const char *name;
	size_t i;

	for (i = 0; i < sizeof(old) / sizeof(old[0]); i++) {
		vr = rules_version(r, old[i].version);
		if (vr == NULL || vr->state != MT_V_ACCEPTED)
			continue;
		name = mt_version_name(old[i].version);
		if (vr->nsuites > 0)
			rules_add(r, old[i].id, -1, name,
			    "%s accepted with %zu suite%s, e.g. %s", name,
			    vr->nsuites, vr->nsuites == 1 ? "" : "s",
			    mt_report_suite_label(vr->suites[0].code, lbl,
			    sizeof(lbl)));
		else
			rules_add(r, old[i].id, -1, name, "%s accepted", name);
	}
	if ((vr = rules_version(r, MT_TLS12)) != NULL &&
	    vr->state == MT_V_REFUSED)
		rules_add(r, "tls.protocol.no_tls12", -1, "TLSv1.2",
		    "TLSv1.2 refused (%s); highest version accepted: %s",
		    vr->refusal[0] != '\0' ? vr->refusal : "no reason given",
		    rules_highest(r));
	if ((vr = rules_version(r, MT_TLS13)) != NULL &&
	    vr->state == MT_V_REFUSED)
		rules_add(r, "tls.protocol.no_tls13", -1, "TLSv1.3",
		    "TLSv1.3 refused (%s); highest version accepted: %s",
		    vr->refusal[0] != '\0' ? vr->refusal : "no reason given",
		    rules_highest(r));
}

/* rules_seen - was code already counted in an earlier accepted version? */
static bool
rules_seen(const struct mt_target_result *r, size_t vi, uint16_t code)
{
	size_t i, j;

	for (i = 0; i < vi; i++) {
		if (r->versions[i].state != MT_V_ACCEPTED)
			continue;
		for (j = 0; j < r->versions[i].nsuites &&
		    j < MT_PROBE_SUITES_MAX; j++)
			if (r->versions[i].suites[j].code == code)
				return true;
	}
	return false;
}

static void
rules_class(struct mt_target_result *r, const struct rules_class *c)
{
	const struct mt_version_result *vr;
	const struct mt_suite *s;
	char versions[64] = "", examples[160] = "", first[64] = "";
	char lbl[16];
	const char *name;
	size_t vi, j, count = 0, nex = 0;
	bool inv;

	for (vi = 0; vi < MT_PROBE_VERSIONS; vi++) {
		vr = &r->versions[vi];
		if (vr->state != MT_V_ACCEPTED)
			continue;
		inv = false;
		for (j = 0; j < vr->nsuites && j < MT_PROBE_SUITES_MAX; j++) {
			s = mt_suite_by_code(vr->suites[j].code);
			if (s == NULL || (s->flags & MT_SUITE_SCSV) != 0 ||
			    !c->match(s))
				continue;
			if (!inv) {
				rules_append(versions, sizeof(versions),
				    rules_vname(vr, vi));
				inv = true;
			}
			if (rules_seen(r, vi, s->code))
				continue;
			name = mt_report_suite_label(s->code, lbl,
			    sizeof(lbl));
			if (count++ == 0)
				(void)snprintf(first, sizeof(first), "%s",
				    name);
			if (nex < RULES_EXAMPLES) {
				rules_append(examples, sizeof(examples), name);
				nex++;
			}
		}
	}
	if (count == 0)
		return;
	rules_add(r, c->id, -1, first, "%zu suite%s accepted with %s, e.g. %s",
	    count, count == 1 ? "" : "s", versions, examples);
}

static void
rules_suites(struct mt_target_result *r)
{
	const struct mt_version_result *vr;
	const struct mt_suite *s;
	size_t vi, j, known = 0, nfs = 0, naead = 0;
	size_t i;

	for (vi = 0; vi < MT_PROBE_VERSIONS; vi++) {
		vr = &r->versions[vi];
		if (vr->state != MT_V_ACCEPTED)
			continue;
		for (j = 0; j < vr->nsuites && j < MT_PROBE_SUITES_MAX; j++) {
			s = mt_suite_by_code(vr->suites[j].code);
			if (s == NULL || rules_seen(r, vi, s->code))
				continue;
			known++;
			if ((s->flags & MT_SUITE_FS) != 0)
				nfs++;
			if ((s->flags & MT_SUITE_AEAD) != 0)
				naead++;
		}
	}
	if (known == 0)
		return;
	if (nfs == 0)
		rules_add(r, "tls.suite.no_fs_only", -1, rules_highest(r),
		    "none of the %zu suite%s accepted (up to %s) uses an "
		    "ephemeral key exchange", known, known == 1 ? "" : "s",
		    rules_highest(r));
	if (naead == 0)
		rules_add(r, "tls.suite.cbc_only", -1, rules_highest(r),
		    "none of the %zu suite%s accepted (up to %s) is AEAD",
		    known, known == 1 ? "" : "s", rules_highest(r));
	for (i = 0; i < RULES_NCLASSES; i++) {
		/* no_fs_only already says it. */
		if (nfs == 0 && strcmp(rules_classes[i].id,
		    "tls.suite.no_fs") == 0)
			continue;
		rules_class(r, &rules_classes[i]);
	}
}

static void
rules_dh(struct mt_target_result *r)
{
	const struct mt_version_result *vr, *minv = NULL;
	const struct mt_suite_seen *min = NULL;
	char subject[32], lbl[16];
	size_t vi, j;

	for (vi = 0; vi < MT_PROBE_VERSIONS; vi++) {
		vr = &r->versions[vi];
		if (vr->state != MT_V_ACCEPTED)
			continue;
		for (j = 0; j < vr->nsuites && j < MT_PROBE_SUITES_MAX; j++) {
			if (vr->suites[j].dh_bits == 0)
				continue;
			if (min == NULL ||
			    vr->suites[j].dh_bits < min->dh_bits) {
				min = &vr->suites[j];
				minv = vr;
			}
		}
	}
	if (min == NULL || min->dh_bits >= RULES_DH_MIN)
		return;
	(void)snprintf(subject, sizeof(subject), "DHE %u bits",
	    (unsigned)min->dh_bits);
	rules_add(r, "tls.dh.weak",
	    min->dh_bits < RULES_DH_BROKEN ? MT_SEV_HIGH : MT_SEV_MEDIUM,
	    subject, "DHE prime %u bits with %s (%s)", (unsigned)min->dh_bits,
	    mt_report_suite_label(min->code, lbl, sizeof(lbl)),
	    rules_vname(minv, (size_t)(minv - r->versions)));
}

static bool
rules_group_modern(uint16_t code)
{
	const struct mt_group *g;

	if ((g = mt_group_by_code(code)) == NULL)
		return false;
	switch (g->kind) {
	case MT_GROUP_ECX:
	case MT_GROUP_HYBRID:
		return true;
	case MT_GROUP_EC:
		return g->bits >= 256;
	case MT_GROUP_FFDHE:
		return g->bits >= RULES_DH_MIN;
	default:
		return false;
	}
}

static void
rules_groups(struct mt_target_result *r)
{
	const struct mt_version_result *vr;
	char seen[160] = "", lbl[16];
	size_t vi, j, n = 0;
	bool complete = false;

	for (vi = 0; vi < MT_PROBE_VERSIONS; vi++) {
		vr = &r->versions[vi];
		if (vr->state != MT_V_ACCEPTED)
			continue;
		complete = complete || vr->groups_complete;
		for (j = 0; j < vr->ngroups && j < MT_PROBE_GROUPS_MAX; j++) {
			if (rules_group_modern(vr->groups[j]))
				return;
			if (n++ < RULES_EXAMPLES)
				rules_append(seen, sizeof(seen),
				    mt_report_group_label(vr->groups[j], lbl,
				    sizeof(lbl)));
		}
	}
	/* Groups only seen in suite handshakes prove nothing is missing. */
	if (n > 0 && complete)
		rules_add(r, "tls.group.none_modern", -1, "groups",
		    "only %s accepted", seen);
}

static void
rules_preference(struct mt_target_result *r)
{
	const struct mt_version_result *vr;
	char versions[64] = "";
	const char *first = NULL;
	size_t vi;

	for (vi = 0; vi < MT_PROBE_VERSIONS; vi++) {
		vr = &r->versions[vi];
		if (vr->state != MT_V_ACCEPTED || vr->nsuites < 2 ||
		    vr->preference != MT_PREF_CLIENT)
			continue;
		if (first == NULL)
			first = rules_vname(vr, vi);
		rules_append(versions, sizeof(versions),
		    rules_vname(vr, vi));
	}
	if (first != NULL)
		rules_add(r, "tls.pref.client", -1, first,
		    "with %s the server followed the order of our offers, "
		    "forward and reversed, so a client's weak first choice "
		    "wins", versions);
}

/* rules_chain_cert - "leaf mx.lab.test" for certs[i]. */
static void
rules_chain_cert(const struct mt_chain_report *c, size_t i, char *buf,
    size_t len)
{
	char cn[128];

	mt_report_cert_name(c->certs[i].subject, cn, sizeof(cn));
	(void)snprintf(buf, len, "%s %s", mt_report_cert_role(c, i), cn);
}

static bool
rules_weak_key(const struct mt_cert_info *ci)
{
	if (strcmp(ci->key_type, "RSA") == 0 ||
	    strcmp(ci->key_type, "RSA-PSS") == 0 ||
	    strcmp(ci->key_type, "DSA") == 0)
		return ci->key_bits > 0 && ci->key_bits < 2048;
	if (strcmp(ci->key_type, "EC") == 0)
		return ci->key_bits > 0 && ci->key_bits < 224;
	return false;
}

static bool
rules_weak_sig(const struct mt_cert_info *ci)
{
	return strcasestr(ci->sig_alg, "md5") != NULL ||
	    strcasestr(ci->sig_alg, "md4") != NULL ||
	    strcasestr(ci->sig_alg, "md2") != NULL ||
	    strcasestr(ci->sig_alg, "sha1") != NULL;
}

static void
rules_chain_validity(struct mt_target_result *r)
{
	const struct mt_chain_report *c = &r->chain;
	char who[160], d[16], at[16];
	size_t i;
	bool said_expired = false, said_early = false;

	mt_report_date(c->at, at, sizeof(at));
	for (i = 0; i < c->ncerts && i < MT_CHAIN_CERTS_MAX; i++) {
		const struct mt_cert_info *ci = &c->certs[i];

		rules_chain_cert(c, i, who, sizeof(who));
		if (c->at != 0 && ci->not_after != 0 &&
		    ci->not_after < c->at && !said_expired) {
			mt_report_date(ci->not_after, d, sizeof(d));
			rules_add(r, "chain.expired", -1, who,
			    "%s expired %s (checked at %s)", who, d, at);
			said_expired = true;
		} else if (c->at != 0 && ci->not_before > c->at &&
		    !said_early) {
			mt_report_date(ci->not_before, d, sizeof(d));
			rules_add(r, "chain.not_yet_valid", -1, who,
			    "%s is not valid before %s (checked at %s)", who, d,
			    at);
			said_early = true;
		} else if (c->at != 0 && ci->not_after >= c->at &&
		    ci->not_after - c->at < RULES_SOON_DAYS * RULES_DAY) {
			mt_report_date(ci->not_after, d, sizeof(d));
			rules_add(r, "chain.expires_soon", -1, who,
			    "%s expires %s (in %lld days, checked at %s)", who,
			    d, (long long)((ci->not_after - c->at) / RULES_DAY),
			    at);
		}
	}
	if ((c->problems & MT_CHAIN_EXPIRED) != 0 && !said_expired)
		rules_add(r, "chain.expired", -1, "chain",
		    "a certificate in the chain has expired (%s)",
		    c->verify_error);
	if ((c->problems & MT_CHAIN_NOT_YET_VALID) != 0 && !said_early)
		rules_add(r, "chain.not_yet_valid", -1, "chain",
		    "a certificate in the chain is not yet valid (%s)",
		    c->verify_error);
}

static void
rules_chain_trust(struct mt_target_result *r)
{
	const struct mt_chain_report *c = &r->chain;
	const struct mt_cert_info *last;
	char who[160], cn[128];

	if (c->ncerts == 0)
		return;
	last = &c->certs[c->ncerts <= MT_CHAIN_CERTS_MAX ? c->ncerts - 1 :
	    MT_CHAIN_CERTS_MAX - 1];
	if ((c->problems & MT_CHAIN_MISSING_INTERMEDIATE) != 0) {
		rules_chain_cert(c, (size_t)(last - c->certs), who,
		    sizeof(who));
		rules_add(r, "chain.missing_intermediate", -1, who,
		    "the server sent %zu certificate%s; the issuer of %s "
		    "(%s) was neither sent nor trusted (%s)", c->ncerts,
		    c->ncerts == 1 ? "" : "s", who, last->issuer,
		    c->verify_error[0] != '\0' ? c->verify_error :
		    "no verify error");
	}
	if ((c->problems & MT_CHAIN_UNTRUSTED_ROOT) != 0) {
		mt_report_cert_name(last->self_signed ? last->subject :
		    last->issuer, cn, sizeof(cn));
		rules_add(r, "chain.untrusted_root", -1, cn,
		    "the chain ends at %s, which is not in the trust store "
		    "(%s)", last->self_signed ? last->subject : last->issuer,
		    c->verify_error[0] != '\0' ? c->verify_error :
		    "no verify error");
	}
	if ((c->problems & MT_CHAIN_SELF_SIGNED_LEAF) != 0) {
		rules_chain_cert(c, 0, who, sizeof(who));
		rules_add(r, "chain.self_signed", -1, who,
		    "%s is self-signed (%s)", who, c->certs[0].subject);
	}
	if ((c->problems & MT_CHAIN_NAME_MISMATCH) != 0) {
		mt_report_cert_name(c->certs[0].subject, cn, sizeof(cn));
		rules_add(r, "chain.name_mismatch", -1, r->host,
		    "probed as %s; the certificate is for %s (%s)", r->host,
		    cn, c->certs[0].sans[0] != '\0' ? c->certs[0].sans :
		    "no subjectAltName");
	}
}

static void
rules_chain_form(struct mt_target_result *r)
{
	const struct mt_chain_report *c = &r->chain;
	char who[160], next[160];
	size_t i, n = c->ncerts < MT_CHAIN_CERTS_MAX ? c->ncerts :
	    MT_CHAIN_CERTS_MAX;

	if ((c->problems & MT_CHAIN_WRONG_ORDER) != 0) {
		for (i = 0; i + 1 < n; i++)
			if (strcmp(c->certs[i].issuer,
			    c->certs[i + 1].subject) != 0)
				break;
		if (i + 1 < n) {
			rules_chain_cert(c, i, who, sizeof(who));
			mt_report_cert_name(c->certs[i + 1].subject, next,
			    sizeof(next));
			rules_add(r, "chain.wrong_order", -1, who,
			    "certificate %zu (%s) is followed by %s, which "
			    "did not issue it", i, who, next);
		} else
			rules_add(r, "chain.wrong_order", -1, "chain",
			    "the certificates are not in issuing order");
	}
	if ((c->problems & MT_CHAIN_WEAK_KEY) != 0) {
		for (i = 0; i < n && !rules_weak_key(&c->certs[i]); i++)
			continue;
		if (i < n) {
			rules_chain_cert(c, i, who, sizeof(who));
			rules_add(r, "chain.weak_key", -1, who,
			    "%s has a %d-bit %s key", who, c->certs[i].key_bits,
			    c->certs[i].key_type);
		} else
			rules_add(r, "chain.weak_key", -1, "chain",
			    "a certificate in the chain has a weak key");
	}
	if ((c->problems & MT_CHAIN_WEAK_SIGNATURE) != 0) {
		/* As in x509/chain.c: a root's own signature is not checked. */
		for (i = 0; i < n && ((i > 0 && c->certs[i].self_signed) ||
		    !rules_weak_sig(&c->certs[i])); i++)
			continue;
		if (i < n) {
			rules_chain_cert(c, i, who, sizeof(who));
			rules_add(r, "chain.weak_signature", -1, who,
			    "%s is signed with %s", who, c->certs[i].sig_alg);
		} else
			rules_add(r, "chain.weak_signature", -1, "chain",
			    "a certificate in the chain has a weak signature");
	}
	if ((c->problems & MT_CHAIN_ROOT_SENT) != 0) {
		for (i = 1; i < n && !c->certs[i].self_signed; i++)
			continue;
		if (i < n) {
			rules_chain_cert(c, i, who, sizeof(who));
			rules_add(r, "chain.root_sent", -1, who,
			    "the server sends %s at depth %zu", who, i);
		} else
			rules_add(r, "chain.root_sent", -1, "chain",
			    "the server sends the root certificate");
	}
	if ((c->problems & MT_CHAIN_EXTRA_CERTS) != 0)
		rules_add(r, "chain.extra_certs", -1, "chain",
		    "%zu certificates sent, some not on the path to the root",
		    c->ncerts);
	if ((c->problems & MT_CHAIN_UNPARSEABLE) != 0)
		rules_add(r, "chain.unparseable", -1, "chain",
		    "%zu certificates sent, at least one did not decode",
		    c->ncerts);
}

static void
rules_smtp(struct mt_target_result *r)
{
	if (r->error.code == MT_ERR_NO_STARTTLS ||
	    (r->completed && r->mode != MT_MODE_IMPLICIT &&
	    !r->starttls_offered))
		rules_add(r, "smtp.no_starttls", -1, r->host,
		    "%s did not advertise STARTTLS after %s",
		    r->address[0] != '\0' ? r->address : r->host,
		    r->mode == MT_MODE_LMTP ? "LHLO" : "EHLO");
	if (r->error.code == MT_ERR_STARTTLS_REFUSED)
		rules_add(r, "smtp.starttls_refused", -1, r->host, "%s",
		    r->error.msg);
	if (r->error.code == MT_ERR_STARTTLS_INJECTION)
		rules_add(r, "smtp.starttls_injection", -1, r->host, "%s",
		    r->error.msg);
	if (r->rate_limited > 0 || r->error.code == MT_ERR_RATE_LIMITED)
		rules_add(r, "probe.rate_limited", -1, r->host,
		    "%u refusal%s or 421 repl%s met, %u retr%s",
		    r->rate_limited, r->rate_limited == 1 ? "" : "s",
		    r->rate_limited == 1 ? "y" : "ies", r->retries,
		    r->retries == 1 ? "y" : "ies");
}

static void
rules_incomplete(struct mt_target_result *r)
{
	char versions[64] = "";
	const char *first = NULL;
	size_t vi;

	if (!r->completed)
		return;
	for (vi = 0; vi < MT_PROBE_VERSIONS; vi++) {
		if (r->versions[vi].state != MT_V_ERROR &&
		    r->versions[vi].state != MT_V_UNTESTED &&
		    !r->versions[vi].incomplete)
			continue;
		if (first == NULL)
			first = rules_vname(&r->versions[vi], vi);
		rules_append(versions, sizeof(versions),
		    rules_vname(&r->versions[vi], vi));
	}
	if (first != NULL)
		rules_add(r, "probe.incomplete", -1, first,
		    "could not test %s completely", versions);
}

static int
rules_cmp(const void *a, const void *b)
{
	const struct mt_finding *fa = a, *fb = b;
	int c;

	if (fa->severity != fb->severity)
		return fa->severity > fb->severity ? -1 : 1;
	if ((c = strcmp(fa->id, fb->id)) != 0)
		return c;
	return strcmp(fa->subject, fb->subject);
}

void
mt_findings_derive(struct mt_target_result *r)
{
	rules_smtp(r);
	rules_protocols(r);
	rules_suites(r);
	rules_dh(r);
	rules_groups(r);
	rules_preference(r);
	if (r->have_chain) {
		rules_chain_validity(r);
		rules_chain_trust(r);
		rules_chain_form(r);
	}
	rules_incomplete(r);
	qsort(r->findings, r->nfindings, sizeof(r->findings[0]), rules_cmp);
}

int
mt_target_worst(const struct mt_target_result *r)
{
	int worst = -1;
	size_t i;

	for (i = 0; i < r->nfindings; i++)
		if (r->findings[i].severity > worst)
			worst = r->findings[i].severity;
	return worst;
}
