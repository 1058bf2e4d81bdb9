/*
 * test_report.c - findings rules, text and JSON renderers, catalog
 *
 * Synthetic struct mt_target_result fixtures (a modern server, a legacy
 * server with a missing intermediate and RSA-kx CBC suites, an SSLv3 +
 * export + expired server, a timeout, a server without STARTTLS) go
 * through mt_findings_derive(); the text report is compared with golden
 * files in tests/data/report/ (UPDATE_REF=1 rewrites them), the JSON is
 * parsed back with jansson, and docs/findings.md is compared with the
 * catalog rendered as Markdown.  MT_SRCDIR names the source tree.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "mailtls/finding.h"
#include "mailtls/mailtls.h"
#include "mailtls/probe.h"
#include "mailtls/registry.h"
#include "mailtls/report.h"

#define AT_2026_11_22	((time_t)1795305600)
#define T_2026_01_01	((time_t)1767225600)
#define T_2027_03_01	((time_t)1803859200)
#define T_2025_06_01	((time_t)1748736000)
#define T_2031_01_01	((time_t)1924992000)
#define T_2019_02_01	((time_t)1548979200)
#define T_2020_02_01	((time_t)1580515200)
#define T_2016_01_01	((time_t)1451606400)
#define T_2036_01_01	((time_t)2082758400)

#define G_SECP256R1	0x0017
#define G_SECP384R1	0x0018
#define G_X25519	0x001D
#define G_X448		0x001E

static struct mt_target_result *
fx_new(const char *target, const char *host, const char *addr, uint16_t port)
{
	struct mt_target_result *r;
	size_t i;

	r = calloc(1, sizeof(*r));
	assert_non_null(r);
	(void)snprintf(r->target, sizeof(r->target), "%s", target);
	(void)snprintf(r->host, sizeof(r->host), "%s", host);
	(void)snprintf(r->address, sizeof(r->address), "%s", addr);
	r->port = port;
	r->mode = MT_MODE_STARTTLS;
	for (i = 0; i < MT_PROBE_VERSIONS; i++)
		r->versions[i].version = (uint16_t)(MT_SSL3 + i);
	return r;
}

static struct mt_version_result *
fx_ver(struct mt_target_result *r, uint16_t v)
{
	return &r->versions[v - MT_SSL3];
}

static void
fx_refuse(struct mt_target_result *r, uint16_t v, const char *why)
{
	struct mt_version_result *vr = fx_ver(r, v);

	vr->state = MT_V_REFUSED;
	(void)snprintf(vr->refusal, sizeof(vr->refusal), "%s", why);
}

static void
fx_suite(struct mt_target_result *r, uint16_t v, uint16_t code,
    uint16_t group, uint16_t dh_bits)
{
	struct mt_version_result *vr = fx_ver(r, v);

	vr->state = MT_V_ACCEPTED;
	if (vr->preference == MT_PREF_UNKNOWN)
		vr->preference = MT_PREF_SERVER;
	vr->suites[vr->nsuites].code = code;
	vr->suites[vr->nsuites].group = group;
	vr->suites[vr->nsuites].dh_bits = dh_bits;
	vr->nsuites++;
}

static void
fx_groups(struct mt_target_result *r, uint16_t v, size_t n, ...)
{
	struct mt_version_result *vr = fx_ver(r, v);
	va_list ap;
	size_t i;

	va_start(ap, n);
	for (i = 0; i < n; i++)
		vr->groups[vr->ngroups++] = (uint16_t)va_arg(ap, int);
	va_end(ap);
	vr->groups_complete = true;
}

static void
fx_dialogue(struct mt_target_result *r, char dir, const char *text)
{
	struct mt_dialogue_line *d = &r->dialogue[r->ndialogue++];

	d->dir = dir;
	(void)snprintf(d->text, sizeof(d->text), "%s", text);
}

static struct mt_cert_info *
fx_cert(struct mt_target_result *r, const char *subject, const char *issuer,
    const char *sans, time_t nb, time_t na, const char *key, int bits)
{
	struct mt_cert_info *ci = &r->chain.certs[r->chain.ncerts];

	(void)snprintf(ci->subject, sizeof(ci->subject), "%s", subject);
	(void)snprintf(ci->issuer, sizeof(ci->issuer), "%s", issuer);
	(void)snprintf(ci->sans, sizeof(ci->sans), "%s", sans);
	(void)snprintf(ci->serial, sizeof(ci->serial), "%02zX1F",
	    r->chain.ncerts + 1);
	ci->not_before = nb;
	ci->not_after = na;
	(void)snprintf(ci->key_type, sizeof(ci->key_type), "%s", key);
	ci->key_bits = bits;
	(void)snprintf(ci->sig_alg, sizeof(ci->sig_alg),
	    "sha256WithRSAEncryption");
	memset(ci->sha256, 'a' + (int)r->chain.ncerts, 64);
	memset(ci->spki_sha256, 'b' + (int)r->chain.ncerts, 64);
	r->chain.ncerts++;
	r->have_chain = true;
	r->chain.at = AT_2026_11_22;
	return ci;
}

static void
fx_common(struct mt_target_result *r, const char *banner)
{
	r->completed = true;
	r->starttls_offered = true;
	(void)snprintf(r->banner, sizeof(r->banner), "%s", banner);
	fx_dialogue(r, 'S', banner);
	fx_dialogue(r, 'C', "EHLO mailtls.invalid");
	fx_dialogue(r, 'S', "250-mx.lab.test");
	fx_dialogue(r, 'S', "250 STARTTLS");
	fx_dialogue(r, 'C', "STARTTLS");
	fx_dialogue(r, 'S', "220 2.0.0 Ready to start TLS");
}

/* A Postfix on OpenSSL 3 with a good chain: no findings. */
static struct mt_target_result *
fx_modern(void)
{
	struct mt_target_result *r;
	struct mt_cert_info *ci;

	r = fx_new("127.0.0.1:10025", "mx.lab.test", "127.0.0.1", 10025);
	fx_common(r, "220 mx.lab.test ESMTP Postfix (Debian/GNU)");
	fx_refuse(r, MT_SSL3, "alert protocol_version (70)");
	fx_refuse(r, MT_TLS10, "alert protocol_version (70)");
	fx_refuse(r, MT_TLS11, "alert protocol_version (70)");
	fx_suite(r, MT_TLS12, 0xC030, G_X25519, 0);
	fx_suite(r, MT_TLS12, 0xCCA8, G_X25519, 0);
	fx_suite(r, MT_TLS12, 0xC02F, G_X25519, 0);
	fx_suite(r, MT_TLS12, 0x009F, 0, 2048);
	fx_groups(r, MT_TLS12, 4, G_X25519, G_SECP256R1, G_X448, G_SECP384R1);
	fx_suite(r, MT_TLS13, 0x1302, G_X25519, 0);
	fx_suite(r, MT_TLS13, 0x1303, G_X25519, 0);
	fx_suite(r, MT_TLS13, 0x1301, G_X25519, 0);
	fx_groups(r, MT_TLS13, 4, G_X25519, G_SECP256R1, G_X448, G_SECP384R1);
	r->chain_version = MT_TLS13;
	r->chain_suite = 0x1302;
	fx_cert(r, "CN=mx.lab.test", "CN=Lab Intermediate CA,O=Lab",
	    "DNS:mx.lab.test", T_2026_01_01, T_2027_03_01, "RSA", 2048);
	ci = fx_cert(r, "CN=Lab Intermediate CA,O=Lab", "CN=Lab Root CA,O=Lab",
	    "", T_2025_06_01, T_2031_01_01, "EC", 256);
	ci->is_ca = true;
	(void)snprintf(ci->curve, sizeof(ci->curve), "prime256v1");
	r->chain.verified = true;
	r->chain.name_ok = true;
	(void)snprintf(r->chain.matched_name, sizeof(r->chain.matched_name),
	    "mx.lab.test");
	r->connections = 12;
	r->handshakes = 11;
	r->elapsed = 0.2345;
	return r;
}

/* An old sendmail: TLS 1.0-1.2, RSA kx CBC suites, DHE 1024, no chain. */
static struct mt_target_result *
fx_legacy(void)
{
	static const uint16_t v[] = { MT_TLS10, MT_TLS11, MT_TLS12 };
	struct mt_target_result *r;
	size_t i;

	r = fx_new("mx.legacy.test", "mx.legacy.test", "127.0.0.2", 25);
	fx_common(r, "220 mx.legacy.test ESMTP Sendmail 8.14.4");
	fx_refuse(r, MT_SSL3, "alert handshake_failure (40)");
	for (i = 0; i < 3; i++) {
		if (v[i] == MT_TLS12)
			fx_suite(r, v[i], 0x003D, 0, 0);
		fx_suite(r, v[i], 0x0035, 0, 0);
		fx_suite(r, v[i], 0x002F, 0, 0);
		fx_suite(r, v[i], 0x000A, 0, 0);
		fx_suite(r, v[i], 0x0033, 0, 1024);
		fx_ver(r, v[i])->preference = MT_PREF_CLIENT;
	}
	fx_refuse(r, MT_TLS13, "alert handshake_failure (40)");
	r->chain_version = MT_TLS12;
	r->chain_suite = 0x0035;
	fx_cert(r, "CN=mx.legacy.test,O=Legacy", "CN=Lab Intermediate CA,O=Lab",
	    "DNS:mx.legacy.test", T_2026_01_01, T_2027_03_01, "RSA", 2048);
	r->chain.problems = MT_CHAIN_MISSING_INTERMEDIATE;
	r->chain.verify_code = 20;
	(void)snprintf(r->chain.verify_error, sizeof(r->chain.verify_error),
	    "unable to get local issuer certificate");
	r->chain.name_ok = true;
	(void)snprintf(r->chain.matched_name, sizeof(r->chain.matched_name),
	    "mx.legacy.test");
	r->connections = 21;
	r->handshakes = 20;
	r->rate_limited = 1;
	r->retries = 1;
	r->elapsed = 1.5;
	return r;
}

/* A 2000s appliance: SSLv3 and TLS 1.0 only, export/RC4/DES, expired. */
static struct mt_target_result *
fx_ancient(void)
{
	static const uint16_t codes[] = { 0x0004, 0x0003, 0x0009, 0x0008,
	    0x000A };
	struct mt_target_result *r;
	struct mt_cert_info *ci;
	size_t i;

	r = fx_new("[::1]:2525", "::1", "::1", 2525);
	fx_common(r, "220 old.lab.test ESMTP");
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		fx_suite(r, MT_SSL3, codes[i], 0, 0);
		fx_suite(r, MT_TLS10, codes[i], 0, 0);
	}
	fx_refuse(r, MT_TLS11, "connection closed");
	fx_refuse(r, MT_TLS12, "connection closed");
	fx_refuse(r, MT_TLS13, "connection closed");
	r->chain_version = MT_TLS10;
	r->chain_suite = 0x0004;
	ci = fx_cert(r, "CN=old.lab.test", "CN=old.lab.test", "", T_2019_02_01,
	    T_2020_02_01, "RSA", 1024);
	ci->self_signed = true;
	(void)snprintf(ci->sig_alg, sizeof(ci->sig_alg),
	    "sha1WithRSAEncryption");
	r->chain.problems = MT_CHAIN_EXPIRED | MT_CHAIN_SELF_SIGNED_LEAF |
	    MT_CHAIN_WEAK_KEY | MT_CHAIN_WEAK_SIGNATURE |
	    MT_CHAIN_NAME_MISMATCH;
	r->chain.verify_code = 18;
	r->chain.verify_depth = 0;
	(void)snprintf(r->chain.verify_error, sizeof(r->chain.verify_error),
	    "self-signed certificate");
	r->chain.name_ok = false;
	r->connections = 14;
	r->handshakes = 13;
	r->elapsed = 0.871;
	return r;
}

static struct mt_target_result *
fx_timeout(void)
{
	struct mt_target_result *r;

	r = fx_new("127.0.0.1:10026", "127.0.0.1", "127.0.0.1", 10026);
	r->completed = false;
	mt_error_setx(&r->error, MT_ERR_TIMEOUT,
	    "timeout after 10 s waiting for the greeting");
	r->connections = 1;
	r->elapsed = 10.0;
	return r;
}

static struct mt_target_result *
fx_no_starttls(void)
{
	struct mt_target_result *r;

	r = fx_new("127.0.0.1:10027", "127.0.0.1", "127.0.0.1", 10027);
	(void)snprintf(r->banner, sizeof(r->banner), "220 plain ESMTP");
	mt_error_setx(&r->error, MT_ERR_NO_STARTTLS,
	    "STARTTLS not advertised in the EHLO reply");
	r->connections = 1;
	return r;
}

/* Expected findings: id, severity, a word the detail must contain. */
struct want_finding {
	const char	*id;
	int		 severity;
	const char	*subject;
	const char	*detail_has;
};

static void
check_findings(const struct mt_target_result *r,
    const struct want_finding *want, size_t n)
{
	size_t i;

	for (i = 0; i < r->nfindings && i < n; i++) {
		if (strcmp(r->findings[i].id, want[i].id) != 0 ||
		    r->findings[i].severity != want[i].severity)
			fail_msg("finding %zu: got %s/%s, want %s/%s", i,
			    r->findings[i].id,
			    mt_severity_name(r->findings[i].severity),
			    want[i].id, mt_severity_name(want[i].severity));
		if (want[i].subject != NULL &&
		    strcmp(r->findings[i].subject, want[i].subject) != 0)
			fail_msg("finding %s: subject got \"%s\", want \"%s\"",
			    want[i].id, r->findings[i].subject,
			    want[i].subject);
		if (want[i].detail_has != NULL &&
		    strstr(r->findings[i].detail, want[i].detail_has) == NULL)
			fail_msg("finding %s: detail \"%s\" lacks \"%s\"",
			    want[i].id, r->findings[i].detail,
			    want[i].detail_has);
	}
	if (r->nfindings != n) {
		for (i = 0; i < r->nfindings; i++)
			print_message("got %s %s\n", r->findings[i].id,
			    r->findings[i].detail);
		fail_msg("got %zu findings, want %zu", r->nfindings, n);
	}
}

static void
test_derive_modern(void **state)
{
	struct mt_target_result *r = fx_modern();

	mt_findings_derive(r);
	check_findings(r, NULL, 0);
	assert_int_equal(mt_target_worst(r), -1);
	free(r);
}

static void
test_derive_legacy(void **state)
{
	static const struct want_finding want[] = {
		{ "chain.missing_intermediate", MT_SEV_HIGH,
		    "leaf mx.legacy.test", "CN=Lab Intermediate CA" },
		{ "tls.dh.weak", MT_SEV_MEDIUM, "DHE 1024 bits",
		    "DHE prime 1024 bits with DHE-RSA-AES128-SHA" },
		{ "tls.protocol.tls10", MT_SEV_MEDIUM, "TLSv1.0",
		    "TLSv1.0 accepted with 4 suites, e.g. AES256-SHA" },
		{ "tls.protocol.tls11", MT_SEV_MEDIUM, "TLSv1.1",
		    "TLSv1.1 accepted with 4 suites" },
		{ "tls.suite.cbc_only", MT_SEV_MEDIUM, "TLSv1.2", "AEAD" },
		{ "tls.protocol.no_tls13", MT_SEV_LOW, "TLSv1.3",
		    "alert handshake_failure (40)" },
		{ "tls.suite.3des", MT_SEV_LOW, "DES-CBC3-SHA",
		    "1 suite accepted with TLSv1.0, TLSv1.1, TLSv1.2" },
		{ "tls.suite.no_fs", MT_SEV_LOW, "AES256-SHA",
		    "4 suites accepted with TLSv1.0, TLSv1.1, TLSv1.2, e.g. "
		    "AES256-SHA, AES128-SHA, DES-CBC3-SHA" },
		{ "probe.rate_limited", MT_SEV_INFO, "mx.legacy.test",
		    "1 refusal" },
		{ "tls.pref.client", MT_SEV_INFO, "TLSv1.0",
		    "TLSv1.0, TLSv1.1, TLSv1.2" },
	};
	struct mt_target_result *r = fx_legacy();

	mt_findings_derive(r);
	check_findings(r, want, sizeof(want) / sizeof(want[0]));
	assert_int_equal(mt_target_worst(r), MT_SEV_HIGH);
	/* Idempotent: a second run adds nothing. */
	mt_findings_derive(r);
	check_findings(r, want, sizeof(want) / sizeof(want[0]));
	free(r);
}

static void
test_derive_ancient(void **state)
{
	static const struct want_finding want[] = {
		{ "chain.expired", MT_SEV_CRITICAL, "leaf old.lab.test",
		    "leaf old.lab.test expired 2020-02-01 (checked at "
		    "2026-11-22)" },
		{ "chain.weak_key", MT_SEV_HIGH, "leaf old.lab.test",
		    "has a 1024-bit RSA key" },
		{ "tls.protocol.no_tls12", MT_SEV_HIGH, "TLSv1.2",
		    "highest version accepted: TLSv1.0" },
		{ "tls.protocol.sslv3", MT_SEV_HIGH, "SSLv3",
		    "SSLv3 accepted with 5 suites, e.g. RC4-MD5" },
		{ "tls.suite.des", MT_SEV_HIGH, "DES-CBC-SHA", "SSLv3" },
		{ "tls.suite.export", MT_SEV_HIGH, "EXP-RC4-MD5",
		    "2 suites accepted with SSLv3, TLSv1.0, e.g. EXP-RC4-MD5, "
		    "EXP-DES-CBC-SHA" },
		{ "tls.suite.no_fs_only", MT_SEV_HIGH, "TLSv1.0",
		    "none of the 5 suites" },
		{ "chain.name_mismatch", MT_SEV_MEDIUM, "::1",
		    "probed as ::1" },
		{ "chain.self_signed", MT_SEV_MEDIUM, "leaf old.lab.test",
		    NULL },
		{ "chain.weak_signature", MT_SEV_MEDIUM, "leaf old.lab.test",
		    "leaf old.lab.test is signed with sha1WithRSAEncryption" },
		{ "tls.protocol.tls10", MT_SEV_MEDIUM, "TLSv1.0", NULL },
		{ "tls.suite.cbc_only", MT_SEV_MEDIUM, NULL, NULL },
		{ "tls.suite.rc4", MT_SEV_MEDIUM, "RC4-MD5",
		    "e.g. RC4-MD5, EXP-RC4-MD5" },
		{ "tls.protocol.no_tls13", MT_SEV_LOW, NULL, NULL },
		{ "tls.suite.3des", MT_SEV_LOW, NULL, NULL },
	};
	struct mt_target_result *r = fx_ancient();

	mt_findings_derive(r);
	check_findings(r, want, sizeof(want) / sizeof(want[0]));
	assert_int_equal(mt_target_worst(r), MT_SEV_CRITICAL);
	free(r);
}

static void
test_derive_errors(void **state)
{
	static const struct want_finding want_ns[] = {
		{ "smtp.no_starttls", MT_SEV_HIGH, "127.0.0.1", "EHLO" },
	};
	struct mt_target_result *r;

	r = fx_timeout();
	mt_findings_derive(r);
	check_findings(r, NULL, 0);
	free(r);

	r = fx_no_starttls();
	mt_findings_derive(r);
	check_findings(r, want_ns, 1);
	free(r);
}

static void
test_derive_incomplete_and_soon(void **state)
{
	static const struct want_finding want[] = {
		{ "tls.dh.weak", MT_SEV_HIGH, "DHE 768 bits",
		    "DHE prime 768 bits with DHE-RSA-AES256-GCM-SHA384 "
		    "(TLSv1.2)" },
		{ "chain.expires_soon", MT_SEV_MEDIUM, "leaf mx.lab.test",
		    "expires 2026-12-10 (in 18 days" },
		{ "probe.incomplete", MT_SEV_MEDIUM, "TLSv1.1",
		    "could not test TLSv1.1" },
	};
	struct mt_target_result *r = fx_modern();

	fx_ver(r, MT_TLS11)->state = MT_V_ERROR;
	r->chain.certs[0].not_after = 1796860800;	/* 2026-12-10 */
	r->versions[3].suites[3].dh_bits = 768;
	mt_findings_derive(r);
	check_findings(r, want, sizeof(want) / sizeof(want[0]));
	free(r);
}

static void
test_catalog(void **state)
{
	const struct mt_catalog_entry *e, *f;
	size_t i, j;

	assert_true(mt_catalog_count() >= 33);
	for (i = 0; i < mt_catalog_count(); i++) {
		e = mt_catalog_at(i);
		assert_non_null(e);
		assert_ptr_equal(mt_catalog_lookup(e->id), e);
		assert_true(e->severity >= MT_SEV_INFO &&
		    e->severity <= MT_SEV_CRITICAL);
		assert_true(strlen(e->title) > 0 && strlen(e->explain) > 0);
		for (j = 0; j < 4; j++) {
			if (e->fixes[j].mta == NULL || e->fixes[j].fix == NULL)
				fail_msg("%s: fix %zu missing", e->id, j);
		}
		assert_string_equal(e->fixes[0].mta, "postfix");
		assert_string_equal(e->fixes[1].mta, "opensmtpd");
		assert_string_equal(e->fixes[2].mta, "sendmail");
		assert_string_equal(e->fixes[3].mta, "exim");
		if (i > 0) {
			f = mt_catalog_at(i - 1);
			if (strcmp(f->id, e->id) >= 0)
				fail_msg("catalog not sorted: %s, %s", f->id,
				    e->id);
		}
	}
	assert_null(mt_catalog_at(mt_catalog_count()));
	assert_null(mt_catalog_lookup("no.such"));
	assert_int_equal(mt_catalog_lookup("chain.expired")->severity,
	    MT_SEV_CRITICAL);
	assert_int_equal(mt_severity_parse("LOW"), MT_SEV_LOW);
	assert_int_equal(mt_severity_parse("critical"), MT_SEV_CRITICAL);
	assert_int_equal(mt_severity_parse("bad"), -1);
	assert_string_equal(mt_severity_name(MT_SEV_MEDIUM), "medium");
	assert_string_equal(mt_severity_name(99), "unknown");
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp;
	char *buf;
	long n;

	if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	if (fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) != 0) {
		fclose(fp);
		return NULL;
	}
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	*len = fread(buf, 1, (size_t)n, fp);
	buf[*len] = '\0';
	fclose(fp);
	return buf;
}

/* compare_ref - got must equal the file; UPDATE_REF=1 rewrites it. */
static void
compare_ref(const char *rel, const char *got, size_t glen)
{
	const char *src = getenv("MT_SRCDIR"), *upd = getenv("UPDATE_REF");
	char path[1024];
	char *want;
	size_t wlen = 0, i, line = 1, ls = 0;
	FILE *fp;

	(void)snprintf(path, sizeof(path), "%s/%s", src != NULL ? src : ".",
	    rel);
	if (upd != NULL && strcmp(upd, "1") == 0) {
		fp = fopen(path, "wb");
		assert_non_null(fp);
		assert_int_equal(fwrite(got, 1, glen, fp), glen);
		assert_int_equal(fclose(fp), 0);
		return;
	}
	if ((want = slurp(path, &wlen)) == NULL)
		fail_msg("cannot read %s (run with UPDATE_REF=1)", path);
	for (i = 0; i < glen && i < wlen && got[i] == want[i]; i++)
		if (got[i] == '\n') {
			line++;
			ls = i + 1;
		}
	if (i != glen || i != wlen) {
		print_message("%s differs at line %zu:\ngot:  %.100s\n"
		    "want: %.100s\n", rel, line, got + ls, want + ls);
		free(want);
		fail_msg("%s: output differs from the golden file", rel);
	}
	free(want);
}

static char *
render_text(const struct mt_target_result *r, bool color, bool verbose,
    size_t *len)
{
	struct mt_report_opts o = { .color = color, .verbose = verbose };
	char *buf = NULL;
	FILE *fp;

	fp = open_memstream(&buf, len);
	assert_non_null(fp);
	assert_int_equal(mt_report_text(fp, r, &o), 0);
	assert_int_equal(fclose(fp), 0);
	return buf;
}

static void
text_golden(struct mt_target_result *r, const char *rel, bool verbose)
{
	char *buf;
	size_t len;

	mt_findings_derive(r);
	buf = render_text(r, false, verbose, &len);
	if (strchr(buf, '\033') != NULL)
		fail_msg("%s: colour codes with colour off", rel);
	compare_ref(rel, buf, len);
	free(buf);
	buf = render_text(r, true, verbose, &len);
	if (r->completed && strchr(buf, '\033') == NULL)
		fail_msg("%s: no colour codes with colour on", rel);
	free(buf);
	free(r);
}

static void
test_text_modern(void **state)
{
	text_golden(fx_modern(), "tests/data/report/modern.ref", false);
}

static void
test_text_legacy(void **state)
{
	text_golden(fx_legacy(), "tests/data/report/legacy.ref", false);
}

static void
test_text_ancient_verbose(void **state)
{
	text_golden(fx_ancient(), "tests/data/report/ancient-v.ref", true);
}

static void
test_text_timeout(void **state)
{
	text_golden(fx_timeout(), "tests/data/report/timeout.ref", false);
}

static json_t *
render_json(struct mt_target_result **rs, size_t n)
{
	json_error_t jerr;
	json_t *doc;
	char *buf = NULL;
	size_t len;
	FILE *fp;

	fp = open_memstream(&buf, &len);
	assert_non_null(fp);
	assert_int_equal(mt_report_json(fp, (const struct mt_target_result *
	    const *)rs, n), 0);
	assert_int_equal(fclose(fp), 0);
	doc = json_loadb(buf, len, 0, &jerr);
	if (doc == NULL)
		fail_msg("JSON does not parse: %s (line %d)", jerr.text,
		    jerr.line);
	free(buf);
	return doc;
}

static const char *
jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_string(v))
		fail_msg("%s: got %s, want a string", key,
		    v == NULL ? "nothing" : "another type");
	return json_string_value(v);
}

/*
 * Groups only seen (a TLS 1.2 enumeration cut short here) must not read as
 * the version's whole list, in text or JSON.
 */
static void
test_groups_seen(void **state)
{
	struct mt_target_result *r = fx_modern();
	struct mt_version_result *vr = fx_ver(r, MT_TLS12);
	json_t *doc, *p;
	char *buf;
	size_t len, i;
	bool found = false;

	vr->groups_complete = false;
	mt_findings_derive(r);
	buf = render_text(r, false, false, &len);
	assert_non_null(strstr(buf, "TLSv1.2 groups seen: x25519, secp256r1, "
	    "x448, secp384r1 (enumeration incomplete)\n"));
	assert_non_null(strstr(buf, "TLSv1.3 groups: x25519,"));
	free(buf);
	doc = render_json(&r, 1);
	p = json_object_get(json_array_get(json_object_get(doc, "targets"), 0),
	    "protocols");
	for (i = 0; i < json_array_size(p); i++) {
		json_t *v = json_array_get(p, i);

		if (strcmp(jstr(v, "version"), "TLSv1.2") == 0) {
			assert_true(json_is_false(json_object_get(v,
			    "groups_complete")));
			found = true;
		} else if (strcmp(jstr(v, "version"), "TLSv1.3") == 0)
			assert_true(json_is_true(json_object_get(v,
			    "groups_complete")));
	}
	assert_true(found);
	json_decref(doc);
	free(r);
}

static bool
has_finding(const struct mt_target_result *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->nfindings; i++)
		if (strcmp(r->findings[i].id, id) == 0)
			return true;
	return false;
}

/*
 * "Only a legacy group accepted" needs a list that was enumerated to the
 * end: groups only seen in suite handshakes say nothing about the rest.
 * The text says where a TLS 1.0 list comes from.
 */
static void
test_groups_legacy_only(void **state)
{
	struct mt_target_result *r = fx_legacy();
	struct mt_version_result *vr;
	char *buf;
	size_t len;
	int v;

	for (v = MT_TLS10; v <= MT_TLS12; v++) {
		vr = fx_ver(r, (uint16_t)v);
		vr->groups[0] = 0x0015;		/* secp224r1 */
		vr->ngroups = 1;
		vr->groups_complete = false;
	}
	mt_findings_derive(r);
	assert_false(has_finding(r, "tls.group.none_modern"));
	buf = render_text(r, false, false, &len);
	assert_non_null(strstr(buf, "TLSv1.0 groups seen: secp224r1 (from its "
	    "suite handshakes)\n"));
	free(buf);

	fx_ver(r, MT_TLS12)->groups_complete = true;
	r->nfindings = 0;
	mt_findings_derive(r);
	assert_true(has_finding(r, "tls.group.none_modern"));
	free(r);
}

static void
test_json(void **state)
{
	struct mt_target_result *rs[3];
	json_t *doc, *t, *p, *s, *c, *f, *cert;
	size_t i;

	rs[0] = fx_modern();
	rs[1] = fx_legacy();
	rs[2] = fx_timeout();
	for (i = 0; i < 3; i++)
		mt_findings_derive(rs[i]);
	doc = render_json(rs, 3);

	assert_string_equal(jstr(doc, "schema"), "mailtls-probe");
	assert_int_equal(json_integer_value(json_object_get(doc,
	    "schema_version")), MAILTLS_JSON_SCHEMA_VERSION);
	assert_string_equal(jstr(doc, "mailtls_version"), "0.1.0");
	assert_int_equal(json_array_size(json_object_get(doc, "targets")), 3);

	/* Modern: five protocols, suites in order with their facts. */
	t = json_array_get(json_object_get(doc, "targets"), 0);
	assert_string_equal(jstr(t, "target"), "127.0.0.1:10025");
	assert_true(json_is_null(json_object_get(t, "mx_domain")));
	assert_int_equal(json_integer_value(json_object_get(t, "port")), 10025);
	assert_string_equal(jstr(t, "mode"), "starttls");
	assert_true(json_is_true(json_object_get(t, "completed")));
	assert_true(json_is_null(json_object_get(t, "error")));
	assert_true(json_is_true(json_object_get(t, "starttls_offered")));
	assert_int_equal(json_array_size(json_object_get(t, "dialogue")), 6);
	assert_string_equal(jstr(json_array_get(json_object_get(t,
	    "dialogue"), 1), "dir"), "C");
	p = json_object_get(t, "protocols");
	assert_int_equal(json_array_size(p), 5);
	assert_string_equal(jstr(json_array_get(p, 0), "version"), "SSLv3");
	assert_string_equal(jstr(json_array_get(p, 0), "state"), "refused");
	assert_string_equal(jstr(json_array_get(p, 0), "refusal"),
	    "alert protocol_version (70)");
	assert_string_equal(jstr(json_array_get(p, 4), "version"), "TLSv1.3");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(p,
	    3), "code")), 771);
	assert_string_equal(jstr(json_array_get(p, 3), "preference"),
	    "server");
	assert_true(json_is_null(json_object_get(json_array_get(p, 3),
	    "refusal")));
	s = json_object_get(json_array_get(p, 3), "suites");
	assert_int_equal(json_array_size(s), 4);
	s = json_array_get(s, 2);
	assert_string_equal(jstr(s, "code"), "0xC02F");
	assert_string_equal(jstr(s, "iana"),
	    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
	assert_string_equal(jstr(s, "openssl"), "ECDHE-RSA-AES128-GCM-SHA256");
	assert_string_equal(jstr(s, "kx"), "ECDH");
	assert_string_equal(jstr(s, "au"), "RSA");
	assert_string_equal(jstr(s, "enc"), "AESGCM");
	assert_int_equal(json_integer_value(json_object_get(s, "bits")), 128);
	assert_string_equal(jstr(s, "mac"), "AEAD");
	assert_string_equal(jstr(s, "strength"), "HIGH");
	assert_true(json_is_true(json_object_get(s, "forward_secrecy")));
	assert_true(json_is_true(json_object_get(s, "aead")));
	assert_true(json_is_false(json_object_get(s, "anonymous")));
	assert_true(json_is_false(json_object_get(s, "export")));
	assert_true(json_is_false(json_object_get(s, "null")));
	assert_string_equal(jstr(s, "group"), "x25519");
	assert_true(json_is_null(json_object_get(s, "dh_bits")));
	s = json_array_get(json_object_get(json_array_get(p, 3), "suites"), 3);
	assert_int_equal(json_integer_value(json_object_get(s, "dh_bits")),
	    2048);
	assert_true(json_is_null(json_object_get(s, "group")));
	assert_string_equal(json_string_value(json_array_get(json_object_get(
	    json_array_get(p, 4), "groups"), 1)), "secp256r1");
	c = json_object_get(t, "chain");
	assert_true(json_is_object(c));
	assert_string_equal(jstr(c, "version"), "TLSv1.3");
	assert_string_equal(jstr(c, "suite"), "TLS_AES_256_GCM_SHA384");
	assert_true(json_is_true(json_object_get(c, "verified")));
	assert_true(json_is_null(json_object_get(c, "verify_error")));
	assert_string_equal(jstr(c, "checked_at"), "2026-11-22T00:00:00Z");
	assert_int_equal(json_array_size(json_object_get(c, "problems")), 0);
	cert = json_array_get(json_object_get(c, "certificates"), 1);
	assert_int_equal(json_integer_value(json_object_get(cert, "depth")), 1);
	assert_string_equal(jstr(cert, "not_before"), "2025-06-01T00:00:00Z");
	assert_string_equal(jstr(cert, "curve"), "prime256v1");
	assert_true(json_is_true(json_object_get(cert, "is_ca")));
	assert_int_equal(strlen(jstr(cert, "sha256")), 64);
	assert_int_equal(json_array_size(json_object_get(t, "findings")), 0);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(t,
	    "stats"), "handshakes")), 11);
	assert_true(json_real_value(json_object_get(json_object_get(t,
	    "stats"), "elapsed_s")) == 0.235);

	/* Legacy: chain problems and findings with fixes. */
	t = json_array_get(json_object_get(doc, "targets"), 1);
	c = json_object_get(t, "chain");
	assert_int_equal(json_array_size(json_object_get(c, "problems")), 1);
	assert_string_equal(json_string_value(json_array_get(json_object_get(c,
	    "problems"), 0)), "missing_intermediate");
	assert_string_equal(jstr(c, "verify_error"),
	    "unable to get local issuer certificate");
	assert_true(json_is_null(json_object_get(json_array_get(
	    json_object_get(c, "certificates"), 0), "curve")));
	f = json_object_get(t, "findings");
	assert_int_equal(json_array_size(f), 10);
	f = json_array_get(f, 0);
	assert_string_equal(jstr(f, "id"), "chain.missing_intermediate");
	assert_string_equal(jstr(f, "severity"), "high");
	assert_string_equal(jstr(f, "title"),
	    "Intermediate certificate missing");
	assert_string_equal(jstr(f, "subject"), "leaf mx.legacy.test");
	assert_non_null(strstr(jstr(f, "detail"), "CN=Lab Intermediate CA"));
	assert_non_null(strstr(jstr(json_object_get(f, "fix"), "postfix"),
	    "smtpd_tls_chain_files"));
	assert_non_null(strstr(jstr(json_object_get(f, "fix"), "sendmail"),
	    "confSERVER_CERT"));
	assert_non_null(strstr(jstr(json_object_get(f, "fix"), "exim"),
	    "tls_certificate"));
	assert_non_null(strstr(jstr(json_object_get(f, "fix"), "opensmtpd"),
	    "pki"));
	s = json_array_get(json_object_get(json_array_get(json_object_get(t,
	    "protocols"), 1), "suites"), 3);
	assert_string_equal(jstr(s, "openssl"), "DHE-RSA-AES128-SHA");
	assert_int_equal(json_integer_value(json_object_get(s, "dh_bits")),
	    1024);
	assert_string_equal(jstr(json_array_get(json_object_get(t,
	    "protocols"), 1), "preference"), "client");

	/* Timeout: not completed, error object, no chain. */
	t = json_array_get(json_object_get(doc, "targets"), 2);
	assert_true(json_is_false(json_object_get(t, "completed")));
	assert_string_equal(jstr(json_object_get(t, "error"), "code"),
	    "timeout");
	assert_string_equal(jstr(json_object_get(t, "error"), "message"),
	    "timeout after 10 s waiting for the greeting");
	assert_true(json_is_null(json_object_get(t, "chain")));
	assert_true(json_is_null(json_object_get(t, "banner")));
	assert_string_equal(jstr(json_array_get(json_object_get(t,
	    "protocols"), 2), "state"), "untested");

	json_decref(doc);
	for (i = 0; i < 3; i++)
		free(rs[i]);
}

static void
test_json_empty(void **state)
{
	json_t *doc = render_json(NULL, 0);

	assert_int_equal(json_array_size(json_object_get(doc, "targets")), 0);
	json_decref(doc);
}

/* md_lines - write s as an indented code block. */
static void
md_code(FILE *fp, const char *s)
{
	fputs("    ", fp);
	for (; *s != '\0'; s++) {
		fputc(*s, fp);
		if (*s == '\n')
			fputs("    ", fp);
	}
	fputc('\n', fp);
}

/* docs/findings.md is the catalog rendered as Markdown. */
static void
test_findings_doc(void **state)
{
	static const char *const labels[] = { "Postfix (main.cf)",
	    "OpenSMTPD (smtpd.conf)", "sendmail (.mc)", "Exim" };
	const struct mt_catalog_entry *e;
	char *buf = NULL;
	size_t len, i, j;
	FILE *fp;

	fp = open_memstream(&buf, &len);
	assert_non_null(fp);
	fprintf(fp, "# mailtls findings\n\n"
	    "Every finding mailtls reports, with its default severity, what "
	    "it means and\nhow to fix it in each MTA's own configuration "
	    "language.  This page is\ngenerated from "
	    "`src/lib/findings/catalog.c` (rewrite it with\n`UPDATE_REF=1 "
	    "meson test -C build report`); the unit suite fails when the two\n"
	    "differ.\n\n"
	    "Severities, lowest to highest: info, low, medium, high, "
	    "critical.  Exim fixes\ngive a GnuTLS priority string for "
	    "Debian's exim4 (built with GnuTLS) and\n`openssl_options` / "
	    "OpenSSL cipher strings for OpenSSL builds.\n\n"
	    "| id | severity | title |\n|---|---|---|\n");
	for (i = 0; i < mt_catalog_count(); i++) {
		e = mt_catalog_at(i);
		fprintf(fp, "| [`%s`](#", e->id);
		for (j = 0; e->id[j] != '\0'; j++)
			if (e->id[j] != '.')
				fputc(e->id[j], fp);
		fprintf(fp, ") | %s | %s |\n", mt_severity_name(e->severity),
		    e->title);
	}
	for (i = 0; i < mt_catalog_count(); i++) {
		e = mt_catalog_at(i);
		fprintf(fp, "\n## %s\n\n**%s** (default severity: %s)\n\n%s\n",
		    e->id, e->title, mt_severity_name(e->severity), e->explain);
		for (j = 0; j < 4; j++) {
			fprintf(fp, "\n%s:\n\n", labels[j]);
			md_code(fp, e->fixes[j].fix);
		}
	}
	assert_int_equal(fclose(fp), 0);
	compare_ref("docs/findings.md", buf, len);
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalog),
		cmocka_unit_test(test_derive_modern),
		cmocka_unit_test(test_derive_legacy),
		cmocka_unit_test(test_derive_ancient),
		cmocka_unit_test(test_derive_errors),
		cmocka_unit_test(test_derive_incomplete_and_soon),
		cmocka_unit_test(test_text_modern),
		cmocka_unit_test(test_text_legacy),
		cmocka_unit_test(test_groups_seen),
		cmocka_unit_test(test_groups_legacy_only),
		cmocka_unit_test(test_text_ancient_verbose),
		cmocka_unit_test(test_text_timeout),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_json_empty),
		cmocka_unit_test(test_findings_doc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
