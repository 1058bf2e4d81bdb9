/*
 * test_registry.c - the TLS registries generated from data/ (suites,
 * groups, signature schemes, alerts, extensions, versions)
 *
 * Table-driven: known rows by code and by every kind of name, unknown codes
 * and names, and the invariants the look-ups rely on (sorted, unique).
 * Alert texts are checked against the linked libssl.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/ssl.h>

#include "mailtls/registry.h"

struct suite_case {
	const char	*name;		/* key for mt_suite_by_name */
	uint16_t	 want_code;
	const char	*want_iana;
	const char	*want_openssl;	/* NULL if none */
	const char	*want_kx;
	const char	*want_au;
	const char	*want_enc;
	uint16_t	 want_bits;
	const char	*want_mac;
	uint16_t	 want_flags;
	uint8_t		 want_versions;
	int		 want_strength;
};

#define V_SSL3_TLS12	(MT_VBIT_SSL3 | MT_VBIT_TLS10 | MT_VBIT_TLS11 | \
	    MT_VBIT_TLS12)
#define V_TLS10_TLS12	(MT_VBIT_TLS10 | MT_VBIT_TLS11 | MT_VBIT_TLS12)

static const struct suite_case suite_cases[] = {
	{ "ECDHE-RSA-AES128-GCM-SHA256", 0xC02F,
	    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
	    "ECDHE-RSA-AES128-GCM-SHA256", "ECDH", "RSA", "AESGCM", 128,
	    "AEAD", MT_SUITE_AEAD | MT_SUITE_FS | MT_SUITE_OPENSSL,
	    MT_VBIT_TLS12, MT_STRENGTH_HIGH },
	{ "tls_ecdhe_rsa_with_aes_128_gcm_sha256", 0xC02F,
	    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
	    "ECDHE-RSA-AES128-GCM-SHA256", "ECDH", "RSA", "AESGCM", 128,
	    "AEAD", MT_SUITE_AEAD | MT_SUITE_FS | MT_SUITE_OPENSSL,
	    MT_VBIT_TLS12, MT_STRENGTH_HIGH },
	{ "TLS_AES_256_GCM_SHA384", 0x1302, "TLS_AES_256_GCM_SHA384",
	    "TLS_AES_256_GCM_SHA384", "any", "any", "AESGCM", 256, "AEAD",
	    MT_SUITE_AEAD | MT_SUITE_FS | MT_SUITE_OPENSSL, MT_VBIT_TLS13,
	    MT_STRENGTH_HIGH },
	{ "TLS_AES_128_CCM_8_SHA256", 0x1305, "TLS_AES_128_CCM_8_SHA256",
	    "TLS_AES_128_CCM_8_SHA256", "any", "any", "AESCCM8", 128, "AEAD",
	    MT_SUITE_AEAD | MT_SUITE_FS | MT_SUITE_OPENSSL, MT_VBIT_TLS13,
	    MT_STRENGTH_HIGH },
	{ "AES128-SHA", 0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA", "AES128-SHA",
	    "RSA", "RSA", "AES", 128, "SHA1", MT_SUITE_OPENSSL, V_SSL3_TLS12,
	    MT_STRENGTH_HIGH },
	{ "des-cbc3-sha", 0x000A, "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
	    "DES-CBC3-SHA", "RSA", "RSA", "3DES", 168, "SHA1", 0, V_SSL3_TLS12,
	    MT_STRENGTH_MEDIUM },
	{ "RC4-MD5", 0x0004, "TLS_RSA_WITH_RC4_128_MD5", "RC4-MD5", "RSA",
	    "RSA", "RC4", 128, "MD5", 0, V_SSL3_TLS12, MT_STRENGTH_MEDIUM },
	{ "EDH-RSA-DES-CBC-SHA", 0x0015, "TLS_DHE_RSA_WITH_DES_CBC_SHA",
	    "EDH-RSA-DES-CBC-SHA", "DH", "RSA", "DES", 56, "SHA1", MT_SUITE_FS,
	    V_SSL3_TLS12, MT_STRENGTH_LOW },
	{ "EXP-RC4-MD5", 0x0003, "TLS_RSA_EXPORT_WITH_RC4_40_MD5",
	    "EXP-RC4-MD5", "RSA(512)", "RSA", "RC4", 40, "MD5", MT_SUITE_EXPORT,
	    MT_VBIT_SSL3 | MT_VBIT_TLS10, MT_STRENGTH_EXPORT },
	{ "TLS_DH_anon_WITH_AES_128_CBC_SHA", 0x0034,
	    "TLS_DH_anon_WITH_AES_128_CBC_SHA", "ADH-AES128-SHA", "DH", "None",
	    "AES", 128, "SHA1", MT_SUITE_FS | MT_SUITE_ANON | MT_SUITE_OPENSSL,
	    V_SSL3_TLS12, MT_STRENGTH_HIGH },
	{ "NULL-SHA256", 0x003B, "TLS_RSA_WITH_NULL_SHA256", "NULL-SHA256",
	    "RSA", "RSA", "None", 0, "SHA256", MT_SUITE_NULL | MT_SUITE_OPENSSL,
	    MT_VBIT_TLS12, MT_STRENGTH_NONE },
	{ "PSK-AES128-CBC-SHA256", 0x00AE, "TLS_PSK_WITH_AES_128_CBC_SHA256",
	    "PSK-AES128-CBC-SHA256", "PSK", "PSK", "AES", 128, "SHA256",
	    MT_SUITE_OPENSSL, V_TLS10_TLS12, MT_STRENGTH_HIGH },
	{ "ECDHE-RSA-CHACHA20-POLY1305-OLD", 0xCC13,
	    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256_OLD",
	    "ECDHE-RSA-CHACHA20-POLY1305-OLD", "ECDH", "RSA",
	    "CHACHA20/POLY1305", 256, "AEAD", MT_SUITE_AEAD | MT_SUITE_FS,
	    MT_VBIT_TLS12, MT_STRENGTH_HIGH },
	{ "GOST2001-GOST89-GOST89", 0x0081,
	    "TLS_GOSTR341001_WITH_28147_CNT_IMIT", "GOST2001-GOST89-GOST89",
	    "GOST", "GOST01", "GOST", 256, "GOST89IMIT", 0, V_SSL3_TLS12,
	    MT_STRENGTH_HIGH },
	{ "GOST-GOST89MAC", 0xFF02,
	    "TLS_GOSTR341094_RSA_WITH_28147_CNT_GOST89MAC_DRAFT",
	    "GOST-GOST89MAC", "RSA", "RSA", "GOST", 256, "GOST89IMIT", 0,
	    V_TLS10_TLS12, MT_STRENGTH_HIGH },
	{ "SSL_FORTEZZA_KEA_WITH_NULL_SHA", 0x001C,
	    "SSL_FORTEZZA_KEA_WITH_NULL_SHA", NULL, "FZA", "FZA", "None", 0,
	    "SHA1", MT_SUITE_NULL, MT_VBIT_SSL3, MT_STRENGTH_NONE },
	{ "TLS_EMPTY_RENEGOTIATION_INFO_SCSV", 0x00FF,
	    "TLS_EMPTY_RENEGOTIATION_INFO_SCSV", NULL, "None", "None", "None",
	    0, "None", MT_SUITE_SCSV, 0, MT_STRENGTH_NONE },
	{ "TLS_FALLBACK_SCSV", 0x5600, "TLS_FALLBACK_SCSV", NULL, "None",
	    "None", "None", 0, "None", MT_SUITE_SCSV, 0, MT_STRENGTH_NONE },
	{ "TLS_NULL_WITH_NULL_NULL", 0x0000, "TLS_NULL_WITH_NULL_NULL", NULL,
	    "None", "None", "None", 0, "Null", MT_SUITE_ANON | MT_SUITE_NULL,
	    0, MT_STRENGTH_NONE },
	{ "TLS_PSK_DHE_WITH_AES_128_CCM_8", 0xC0AA,
	    "TLS_PSK_DHE_WITH_AES_128_CCM_8", "DHE-PSK-AES128-CCM8", "DHEPSK",
	    "PSK", "AESCCM8", 128, "AEAD",
	    MT_SUITE_AEAD | MT_SUITE_FS | MT_SUITE_OPENSSL, MT_VBIT_TLS12,
	    MT_STRENGTH_HIGH },
};

static void
check_str(const char *what, const char *name, const char *got,
    const char *want)
{
	if (got == NULL && want == NULL)
		return;
	if (got == NULL || want == NULL || strcmp(got, want) != 0) {
		print_error("%s %s: got %s, want %s\n", name, what,
		    got ? got : "NULL", want ? want : "NULL");
		fail();
	}
}

static void
check_int(const char *what, const char *name, long got, long want)
{
	if (got != want) {
		print_error("%s %s: got 0x%lx, want 0x%lx\n", name, what, got,
		    want);
		fail();
	}
}

static void
test_suite_known(void **state)
{
	const struct suite_case *c;
	const struct mt_suite *s, *byc;
	size_t i;

	for (i = 0; i < sizeof(suite_cases) / sizeof(suite_cases[0]); i++) {
		c = &suite_cases[i];
		if ((s = mt_suite_by_name(c->name)) == NULL) {
			print_error("%s: by name: got NULL\n", c->name);
			fail();
		}
		byc = mt_suite_by_code(c->want_code);
		assert_ptr_equal(s, byc);
		check_int("code", c->name, s->code, c->want_code);
		check_str("iana", c->name, s->iana, c->want_iana);
		check_str("openssl", c->name, s->openssl, c->want_openssl);
		check_str("kx", c->name, s->kx, c->want_kx);
		check_str("au", c->name, s->au, c->want_au);
		check_str("enc", c->name, s->enc, c->want_enc);
		check_int("enc_bits", c->name, s->enc_bits, c->want_bits);
		check_str("mac", c->name, s->mac, c->want_mac);
		check_int("flags", c->name, s->flags, c->want_flags);
		check_int("versions", c->name, s->versions, c->want_versions);
		check_int("strength", c->name, s->strength, c->want_strength);
		/* The IANA and OpenSSL names lead to the same row. */
		assert_ptr_equal(mt_suite_by_name(s->iana), s);
		if (s->openssl != NULL)
			assert_ptr_equal(mt_suite_by_name(s->openssl), s);
	}
}

static void
test_suite_unknown(void **state)
{
	static const uint16_t codes[] = { 0x0047, 0x00C8, 0x0A0A, 0x1300,
	    0x1308, 0xC0B6, 0xCCA7, 0xD004, 0xFFFF };
	static const char *const names[] = { "", "NULL", "ECDHE",
	    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA25",
	    "ECDHE-RSA-AES128-GCM-SHA2566", "ALL" };
	size_t i;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		if (mt_suite_by_code(codes[i]) != NULL) {
			print_error("0x%04x: got a row, want NULL\n", codes[i]);
			fail();
		}
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (mt_suite_by_name(names[i]) != NULL) {
			print_error("\"%s\": got a row, want NULL\n", names[i]);
			fail();
		}
	}
	assert_null(mt_suite_by_name(NULL));
	assert_null(mt_suite_at(mt_suite_count()));
}

/* Invariants of the generated suite table that callers rely on. */
static void
test_suite_table(void **state)
{
	const struct mt_suite *s, *prev = NULL;
	size_t i, n, nopenssl = 0, n13 = 0;

	n = mt_suite_count();
	assert_true(n >= 370);
	for (i = 0; i < n; i++) {
		s = mt_suite_at(i);
		assert_non_null(s);
		assert_non_null(s->iana);
		assert_non_null(s->kx);
		assert_non_null(s->au);
		assert_non_null(s->enc);
		assert_non_null(s->mac);
		if (prev != NULL && prev->code >= s->code) {
			print_error("row %zu: 0x%04x after 0x%04x\n", i,
			    s->code, prev->code);
			fail();
		}
		assert_ptr_equal(mt_suite_by_code(s->code), s);
		assert_true(s->strength <= MT_STRENGTH_HIGH);
		assert_int_equal(s->versions & ~0x1f, 0);
		if ((s->flags & MT_SUITE_OPENSSL) != 0) {
			assert_non_null(s->openssl);
			nopenssl++;
		}
		if ((s->flags & MT_SUITE_NULL) != 0)
			assert_int_equal(s->strength, MT_STRENGTH_NONE);
		if ((s->flags & MT_SUITE_EXPORT) != 0)
			assert_int_equal(s->versions & ~(MT_VBIT_SSL3 |
			    MT_VBIT_TLS10), 0);
		if ((s->flags & MT_SUITE_AEAD) != 0)
			assert_string_equal(s->mac, "AEAD");
		if ((s->code >> 8) == 0x13) {
			assert_int_equal(s->versions, MT_VBIT_TLS13);
			n13++;
		} else if ((s->versions & MT_VBIT_TLS13) != 0) {
			/* Only 0x13xx, SM4, GOST MGM and integrity-only. */
			assert_true(s->code == 0x00C6 || s->code == 0x00C7 ||
			    (s->code >= 0xC103 && s->code <= 0xC106) ||
			    s->code == 0xC0B4 || s->code == 0xC0B5);
		}
		prev = s;
	}
	assert_true(nopenssl >= 160);
	assert_int_equal(n13, 7);
}

static void
test_strength_version_names(void **state)
{
	static const struct {
		uint16_t	 version;
		const char	*want_name;
		uint8_t		 want_bit;
	} vcases[] = {
		{ MT_SSL2, "SSLv2", 0 },
		{ MT_SSL3, "SSLv3", MT_VBIT_SSL3 },
		{ MT_TLS10, "TLSv1.0", MT_VBIT_TLS10 },
		{ MT_TLS11, "TLSv1.1", MT_VBIT_TLS11 },
		{ MT_TLS12, "TLSv1.2", MT_VBIT_TLS12 },
		{ MT_TLS13, "TLSv1.3", MT_VBIT_TLS13 },
		{ 0x0305, "unknown", 0 },
		{ 0x7f1c, "unknown", 0 },
		{ 0xfefd, "unknown", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(vcases) / sizeof(vcases[0]); i++) {
		assert_string_equal(mt_version_name(vcases[i].version),
		    vcases[i].want_name);
		assert_int_equal(mt_version_bit(vcases[i].version),
		    vcases[i].want_bit);
	}
	assert_string_equal(mt_strength_name(MT_STRENGTH_NONE), "NONE");
	assert_string_equal(mt_strength_name(MT_STRENGTH_EXPORT), "EXPORT");
	assert_string_equal(mt_strength_name(MT_STRENGTH_LOW), "LOW");
	assert_string_equal(mt_strength_name(MT_STRENGTH_MEDIUM), "MEDIUM");
	assert_string_equal(mt_strength_name(MT_STRENGTH_HIGH), "HIGH");
	assert_string_equal(mt_strength_name(-1), "unknown");
	assert_string_equal(mt_strength_name(5), "unknown");
}

static void
test_groups(void **state)
{
	static const struct {
		const char	*name;
		uint16_t	 want_code;
		const char	*want_name;
		const char	*want_openssl;
		uint8_t		 want_kind;
		uint16_t	 want_bits;
	} cases[] = {
		{ "secp256r1", 0x0017, "secp256r1", "prime256v1", MT_GROUP_EC,
		    256 },
		{ "PRIME256V1", 0x0017, "secp256r1", "prime256v1", MT_GROUP_EC,
		    256 },
		{ "X25519", 0x001D, "x25519", "X25519", MT_GROUP_ECX, 253 },
		{ "x448", 0x001E, "x448", "X448", MT_GROUP_ECX, 448 },
		{ "ffdhe2048", 0x0100, "ffdhe2048", "ffdhe2048",
		    MT_GROUP_FFDHE, 2048 },
		{ "sect163k1", 0x0001, "sect163k1", "sect163k1", MT_GROUP_EC,
		    163 },
		{ "brainpoolP512r1tls13", 0x0021, "brainpoolP512r1tls13",
		    "brainpoolP512r1tls13", MT_GROUP_EC, 512 },
		{ "GC256A", 0x0022, "GC256A", NULL, MT_GROUP_EC, 256 },
		{ "X25519MLKEM768", 0x11EC, "X25519MLKEM768",
		    "X25519MLKEM768", MT_GROUP_HYBRID, 768 },
		{ "SecP256r1MLKEM768", 0x11EB, "SecP256r1MLKEM768",
		    "SecP256r1MLKEM768", MT_GROUP_HYBRID, 768 },
	};
	const struct mt_group *g, *prev = NULL;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if ((g = mt_group_by_name(cases[i].name)) == NULL) {
			print_error("%s: got NULL\n", cases[i].name);
			fail();
		}
		assert_ptr_equal(mt_group_by_code(cases[i].want_code), g);
		check_str("name", cases[i].name, g->name, cases[i].want_name);
		check_str("openssl", cases[i].name, g->openssl,
		    cases[i].want_openssl);
		check_int("kind", cases[i].name, g->kind, cases[i].want_kind);
		check_int("bits", cases[i].name, g->bits, cases[i].want_bits);
	}
	assert_null(mt_group_by_code(0x0000));
	assert_null(mt_group_by_code(0x0A0A));
	assert_null(mt_group_by_code(0x002A));
	assert_null(mt_group_by_name("P-257"));
	assert_null(mt_group_by_name(NULL));
	assert_null(mt_group_at(mt_group_count()));
	for (i = 0; i < mt_group_count(); i++) {
		g = mt_group_at(i);
		assert_true(prev == NULL || prev->code < g->code);
		assert_true(g->kind >= MT_GROUP_EC &&
		    g->kind <= MT_GROUP_OTHER);
		assert_ptr_equal(mt_group_by_code(g->code), g);
		prev = g;
	}
}

static void
test_sigalgs(void **state)
{
	static const struct {
		uint16_t	 code;
		const char	*want_name;
	} cases[] = {
		{ 0x0101, "rsa_pkcs1_md5" },
		{ 0x0201, "rsa_pkcs1_sha1" },
		{ 0x0202, "dsa_sha1" },
		{ 0x0403, "ecdsa_secp256r1_sha256" },
		{ 0x0603, "ecdsa_secp521r1_sha512" },
		{ 0x0804, "rsa_pss_rsae_sha256" },
		{ 0x0807, "ed25519" },
		{ 0x080B, "rsa_pss_pss_sha512" },
		{ 0x081A, "ecdsa_brainpoolP256r1tls13_sha256" },
		{ 0x0905, "mldsa65" },
	};
	const struct mt_sigalg *a, *prev = NULL;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		a = mt_sigalg_by_code(cases[i].code);
		assert_non_null(a);
		assert_string_equal(a->name, cases[i].want_name);
	}
	assert_null(mt_sigalg_by_code(0x0000));
	assert_null(mt_sigalg_by_code(0x0104));
	assert_null(mt_sigalg_by_code(0xFFFF));
	assert_null(mt_sigalg_at(mt_sigalg_count()));
	for (i = 0; i < mt_sigalg_count(); i++) {
		a = mt_sigalg_at(i);
		assert_true(prev == NULL || prev->code < a->code);
		assert_ptr_equal(mt_sigalg_by_code(a->code), a);
		prev = a;
	}
}

static void
test_alerts(void **state)
{
	static const struct {
		uint8_t		 code;
		const char	*want_name;
		const char	*want_text;
	} cases[] = {
		{ 0, "close_notify", "close notify" },
		{ 40, "handshake_failure", "handshake failure" },
		{ 42, "bad_certificate", "bad certificate" },
		{ 48, "unknown_ca", "unknown CA" },
		{ 70, "protocol_version", "protocol version" },
		{ 86, "inappropriate_fallback", "inappropriate fallback" },
		{ 112, "unrecognized_name", "unrecognized name" },
		{ 116, "certificate_required", "certificate required" },
		{ 120, "no_application_protocol", "no application protocol" },
	};
	const struct mt_alert *a;
	const char *ossl;
	size_t i;
	int c;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		a = mt_alert_by_code(cases[i].code);
		assert_non_null(a);
		assert_string_equal(a->name, cases[i].want_name);
		assert_string_equal(a->text, cases[i].want_text);
	}
	assert_null(mt_alert_by_code(1));
	assert_null(mt_alert_by_code(255));
	/* Our text is OpenSSL's wherever OpenSSL has one. */
	for (c = 0; c < 256; c++) {
		ossl = SSL_alert_desc_string_long(c);
		if (strcmp(ossl, "unknown") == 0)
			continue;
		if ((a = mt_alert_by_code((uint8_t)c)) == NULL) {
			print_error("alert %d (%s): missing\n", c, ossl);
			fail();
		}
		check_str("text", a->name, a->text, ossl);
	}
}

static void
test_extensions(void **state)
{
	static const struct {
		uint16_t	 code;
		const char	*want_name;
	} cases[] = {
		{ 0x0000, "server_name" },
		{ 0x000A, "supported_groups" },
		{ 0x0010, "application_layer_protocol_negotiation" },
		{ 0x0017, "extended_master_secret" },
		{ 0x002B, "supported_versions" },
		{ 0x0033, "key_share" },
		{ 0xFE0D, "encrypted_client_hello" },
		{ 0xFF01, "renegotiation_info" },
	};
	const struct mt_extension *e;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		e = mt_extension_by_code(cases[i].code);
		assert_non_null(e);
		assert_string_equal(e->name, cases[i].want_name);
	}
	assert_null(mt_extension_by_code(0x002E));
	assert_null(mt_extension_by_code(0x0A0A));
	assert_null(mt_extension_by_code(0xFFFF));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_suite_known),
		cmocka_unit_test(test_suite_unknown),
		cmocka_unit_test(test_suite_table),
		cmocka_unit_test(test_strength_version_names),
		cmocka_unit_test(test_groups),
		cmocka_unit_test(test_sigalgs),
		cmocka_unit_test(test_alerts),
		cmocka_unit_test(test_extensions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
