/*
 * test_mta.c - the MTA layers, GnuTLS priority strings and named profiles
 *
 * Table tests; each case cites where its expectation comes from.  The
 * client profiles are compared with data/client_profiles.tsv (made from
 * captured hellos by tools/gen_client_profiles.py).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mailtls/policy.h"
#include "mailtls/registry.h"

static struct mt_policy *
pol(void)
{
	static struct mt_policy *p;

	if (p == NULL)
		p = calloc(1, sizeof(*p));
	assert_non_null(p);
	return p;
}

static bool
has(const struct mt_policy *p, uint16_t code)
{
	size_t i;

	for (i = 0; i < p->nsuites; i++)
		if (p->suites[i] == code)
			return true;
	for (i = 0; i < p->ntls13; i++)
		if (p->tls13[i] == code)
			return true;
	return false;
}

/* Postfix protocol lists (postconf(5), src/tls/tls_misc.c). */
static void
test_postfix_protocols(void **state)
{
	static const struct {
		const char	*name, *version, *list;
		int		 want_rv;
		uint8_t		 want;
	} t[] = {
		/* Issue 3: 2.6 knows no TLSv1.1/TLSv1.2 names. */
		{ "2.6 mixed list", "2.6", "TLSv1.2, TLSv1.1, !TLSv1, !SSLv2, "
		    "!SSLv3", -1, 0 },
		{ "3.4 mixed list", "3.4", "TLSv1.2, TLSv1.1, !TLSv1, !SSLv2, "
		    "!SSLv3", 0, MT_VBIT_TLS11 | MT_VBIT_TLS12 },
		{ "3.7 >=TLSv1.2", "3.7", ">=TLSv1.2", 0,
		    MT_VBIT_TLS12 | MT_VBIT_TLS13 },
		{ "2.6 >=TLSv1.2", "2.6", ">=TLSv1.2", -1, 0 },
		{ "3.5 >=TLSv1.2", "3.5", ">=TLSv1.2", -1, 0 },
		{ "3.6 <=TLSv1.2", "3.6", ">=TLSv1, <=TLSv1.2", 0,
		    MT_VBIT_TLS10 | MT_VBIT_TLS11 | MT_VBIT_TLS12 },
		{ "3.6 hex bound", "3.6", ">=0x0303", 0,
		    MT_VBIT_TLS12 | MT_VBIT_TLS13 },
		{ "2.6 default", "2.6", "!SSLv2, !SSLv3", 0,
		    MT_VBIT_TLS10 | MT_VBIT_TLS11 | MT_VBIT_TLS12 |
		    MT_VBIT_TLS13 },
		{ "empty = all", "3.7", "", 0, MT_VBIT_SSL3 | MT_VBIT_TLS10 |
		    MT_VBIT_TLS11 | MT_VBIT_TLS12 | MT_VBIT_TLS13 },
		{ "unknown name", "3.7", "TLSv9", -1, 0 },
		{ "bad version", "4.1", "", -1, 0 },
	};
	struct mt_error err;
	uint8_t v;
	size_t i;
	int rv;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		rv = mt_postfix_protocols(t[i].version, t[i].list, &v, &err);
		if (rv != t[i].want_rv || (rv == 0 && v != t[i].want))
			fail_msg("%s: got rv %d versions %#x, want %d %#x",
			    t[i].name, rv, v, t[i].want_rv, t[i].want);
	}
	rv = mt_postfix_protocols("2.6", "TLSv1.2, TLSv1.1, !TLSv1", &v, &err);
	assert_int_equal(rv, -1);
	assert_non_null(strstr(err.msg, "disabling TLS support"));
}

/* mt_policy_postfix sets tls_disabled on an invalid list. */
static void
test_postfix_policy(void **state)
{
	struct mt_postfix_cfg cfg;
	struct mt_policy *p = pol();
	struct mt_error err;

	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	cfg.version = "2.6";
	cfg.lib = MT_LIB_OPENSSL_1_0_2;
	cfg.server = true;
	cfg.ciphers = "high";
	cfg.protocols = "TLSv1.2, TLSv1.1, !TLSv1, !SSLv2, !SSLv3";
	assert_int_equal(mt_policy_postfix(p, &cfg, &err), 0);
	assert_true(p->tls_disabled);
	assert_true(p->nnotes > 0);
	/* 2.6 high = ALL:!EXPORT:!LOW:!MEDIUM:+RC4:@STRENGTH: no RC4/3DES. */
	assert_false(has(p, 0x0005));
	assert_false(has(p, 0x000a));
	assert_true(has(p, 0x0035));
	/* Exclusions are appended as ":!word" (tls_set_ciphers). */
	cfg.protocols = NULL;
	cfg.exclude = "aNULL, AES256";
	assert_int_equal(mt_policy_postfix(p, &cfg, &err), 0);
	assert_false(p->tls_disabled);
	assert_false(has(p, 0x0035));
	assert_true(has(p, 0x002f));
	/* tls_preempt_cipherlist -> server preference. */
	cfg.preempt = true;
	assert_int_equal(mt_policy_postfix(p, &cfg, &err), 0);
	assert_true(p->server_pref);
	cfg.ciphers = "bogus";
	assert_int_equal(mt_policy_postfix(p, &cfg, &err), -1);
}

/* Postfix 3.7 smtp(8) medium/high = the captured 3.7.11 hello. */
static void
test_postfix_37_vs_corpus(void **state)
{
	struct mt_policy *a = pol(), *b;
	struct mt_error err;
	const char *grades[] = { "postfix-3.7-client:medium",
	    "postfix-3.7-client:high" };
	size_t g, i;

	(void)state;
	assert_non_null(b = calloc(1, sizeof(*b)));
	assert_int_equal(mt_policy_profile(b, "client:postfix-3.7", &err), 0);
	for (g = 0; g < 2; g++) {
		assert_int_equal(mt_policy_profile(a, grades[g], &err), 0);
		if (a->nsuites != b->nsuites)
			fail_msg("%s: got %zu suites, want %zu", grades[g],
			    a->nsuites, b->nsuites);
		for (i = 0; i < a->nsuites; i++)
			if (a->suites[i] != b->suites[i])
				fail_msg("%s: suite %zu got %#x want %#x",
				    grades[g], i, a->suites[i], b->suites[i]);
	}
	free(b);
}

/* libtls secure vs compat (libtls tls_config.c); issue 3's real case. */
static void
test_libtls(void **state)
{
	struct mt_policy *p = pol();
	struct mt_error err;
	size_t i;
	bool found = false;

	(void)state;
	assert_int_equal(mt_policy_libtls(p, "secure", NULL, &err), 0);
	assert_false(has(p, 0x009c));		/* AES128-GCM-SHA256 */
	assert_true(has(p, 0xc02f));
	assert_int_equal(p->versions, MT_VBIT_TLS12 | MT_VBIT_TLS13);
	for (i = 0; i < p->nwhy; i++)
		if (p->why[i].code == 0x009c) {
			found = true;
			assert_string_not_equal(p->why[i].rule, "");
		}
	assert_true(found);
	assert_int_equal(mt_policy_libtls(p, "compat", NULL, &err), 0);
	assert_true(has(p, 0x009c));
	assert_int_equal(mt_policy_libtls(p, "legacy", "all", &err), 0);
	assert_true(p->versions & MT_VBIT_TLS10);
	assert_int_equal(mt_policy_libtls(p, "secure", "tlsv1.2,tlsv1.3",
	    &err), 0);
	assert_int_equal(p->versions, MT_VBIT_TLS12 | MT_VBIT_TLS13);
	assert_int_equal(mt_policy_libtls(p, "secure", "!tlsv1.0,!tlsv1.1",
	    &err), 0);
	assert_int_equal(p->versions, MT_VBIT_TLS12 | MT_VBIT_TLS13);
	assert_int_equal(mt_policy_libtls(p, "secure", "tlsv1.4", &err), -1);
}

/* sendmail readssloptions. */
static void
test_sendmail(void **state)
{
	struct mt_policy *p = pol();
	struct mt_error err;

	(void)state;
	assert_int_equal(mt_policy_sendmail(p, MT_LIB_OPENSSL_3_0, NULL,
	    "+SSL_OP_NO_TLSv1 +SSL_OP_NO_TLSv1_1 "
	    "+SSL_OP_CIPHER_SERVER_PREFERENCE", true, &err), 0);
	assert_true(p->server_pref);
	assert_false(p->versions & (MT_VBIT_TLS10 | MT_VBIT_TLS11));
	assert_int_equal(mt_policy_sendmail(p, MT_LIB_OPENSSL_3_0, "HIGH",
	    "0x04000000,-SSL_OP_CIPHER_SERVER_PREFERENCE", true, &err), 0);
	assert_false(p->server_pref);
	assert_false(p->versions & MT_VBIT_TLS10);
	assert_int_equal(mt_policy_sendmail(p, MT_LIB_OPENSSL_3_0, NULL,
	    "+SSL_OP_NO_TLSv1_2 +SSL_OP_NO_TLSv1_3", false, &err), 0);
	assert_int_equal(mt_policy_sendmail(p, MT_LIB_OPENSSL_3_0, NULL,
	    "+SSL_OP_BOGUS", true, &err), -1);
	assert_non_null(strstr(err.msg, "Unknown SSL option"));
}

/* Exim: GnuTLS NORMAL = the captured Exim 4.96 hello; openssl_options. */
static void
test_exim(void **state)
{
	struct mt_policy *a = pol(), *b;
	struct mt_error err;

	(void)state;
	assert_non_null(b = calloc(1, sizeof(*b)));
	assert_int_equal(mt_policy_exim(a, MT_LIB_GNUTLS_3_7, NULL, NULL,
	    &err), 0);
	assert_int_equal(mt_policy_profile(b, "client:exim-4.96", &err), 0);
	assert_int_equal(a->ntls13, b->ntls13);
	assert_int_equal(a->nsuites, b->nsuites);
	assert_memory_equal(a->tls13, b->tls13, a->ntls13 * 2);
	assert_memory_equal(a->suites, b->suites, a->nsuites * 2);
	assert_int_equal(mt_policy_exim(a, MT_LIB_OPENSSL_3_0, NULL,
	    "+no_tlsv1 +cipher_server_preference", &err), 0);
	assert_true(a->server_pref);
	assert_false(a->versions & MT_VBIT_TLS10);
	assert_int_equal(mt_policy_exim(a, MT_LIB_OPENSSL_3_0, NULL,
	    "+no_such_thing", &err), -1);
	free(b);
}

/* GnuTLS keywords and errors (gnutls-cli 3.7.9 --list). */
static void
test_gnutls(void **state)
{
	static const struct {
		const char	*prio;
		int		 want_rv;
		size_t		 want_n;	/* TLS 1.3 + others */
		int		 want_pos;	/* in the error, 0: none */
	} t[] = {
		{ "NORMAL", 0, 29, 0 },
		{ "PFS", 0, 23, 0 },
		{ "SECURE192", 0, 12, 0 },
		{ "SUITEB128", 0, 2, 0 },
		{ "NORMAL:-VERS-TLS1.3", 0, 25, 0 },
		{ "NORMAL:%NO_EXTENSIONS", 0, 25, 0 },
		{ "NORMAL:-VERS-ALL:+VERS-TLS1.0", 0, 8, 0 },
		{ "NORMAL:%FOO", -1, 0, 2 },
		{ "NORMAL:+AES-128-GCM:+FOO", -1, 0, 3 },
		{ "", -1, 0, 1 },
		{ "NONE", -1, 0, 0 },
		{ "NORMAL:-NORMAL", -1, 0, 2 },
	};
	struct mt_policy *p = pol();
	struct mt_error err;
	char want[32];
	size_t i;
	int rv;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		rv = mt_policy_gnutls(p, t[i].prio, &err);
		if (rv != t[i].want_rv)
			fail_msg("%s: got rv %d, want %d", t[i].prio, rv,
			    t[i].want_rv);
		if (rv == 0 && p->ntls13 + p->nsuites != t[i].want_n)
			fail_msg("%s: got %zu suites, want %zu", t[i].prio,
			    p->ntls13 + p->nsuites, t[i].want_n);
		if (t[i].want_pos != 0) {
			snprintf(want, sizeof(want), "word %d", t[i].want_pos);
			if (strstr(err.msg, want) == NULL)
				fail_msg("%s: got \"%s\", want %s", t[i].prio,
				    err.msg, want);
		}
	}
	assert_int_equal(mt_policy_gnutls(p, "NORMAL:%SERVER_PRECEDENCE",
	    &err), 0);
	assert_true(p->server_pref);
	assert_int_equal(mt_policy_gnutls(p, "NORMAL:-RSA", &err), 0);
	for (i = 0; i < p->nwhy; i++)
		if (p->why[i].code == 0x009c) {
			assert_string_equal(p->why[i].rule, "-RSA");
			assert_int_equal(p->why[i].pos, 2);
		}
}

/* Every client profile equals its row of data/client_profiles.tsv. */
static void
test_client_profiles(void **state)
{
	struct mt_policy *p = pol();
	struct mt_error err;
	char line[4096], spec[96], *name, *file, *vers, *suites, *s;
	uint16_t got[600];
	size_t n, i, rows = 0;
	FILE *f;

	(void)state;
	assert_non_null(f = fopen(CLIENT_TSV, "r"));
	while (fgets(line, sizeof(line), f) != NULL) {
		if (line[0] == '#')
			continue;
		name = line;
		if ((file = strchr(name, '\t')) == NULL)
			continue;
		*file++ = '\0';
		assert_non_null(vers = strchr(file, '\t'));
		*vers++ = '\0';
		assert_non_null(suites = strchr(vers, '\t'));
		*suites++ = '\0';
		if ((s = strchr(suites, '\t')) != NULL)
			*s = '\0';
		snprintf(spec, sizeof(spec), "client:%.80s", name);
		assert_int_equal(mt_policy_profile(p, spec, &err), 0);
		n = 0;
		for (i = 0; i < p->ntls13; i++)
			got[n++] = p->tls13[i];
		for (i = 0; i < p->nsuites; i++)
			got[n++] = p->suites[i];
		for (i = 0, s = suites; i < n; i++, s += 7)
			if (strtoul(s, NULL, 16) != got[i])
				fail_msg("%s: suite %zu got %#x want %.6s",
				    spec, i, got[i], s);
		if (strlen(suites) != n * 7 - 1)
			fail_msg("%s: got %zu suites", spec, n);
		rows++;
	}
	fclose(f);
	assert_true(rows >= 12);
}

/* Profile names: each one expands; unknown ones fail with a hint. */
static void
test_profile_names(void **state)
{
	const char *const *names = mt_policy_profile_names();
	struct mt_policy *p = pol();
	struct mt_error err;

	(void)state;
	for (; *names != NULL; names++)
		if (mt_policy_profile(p, *names, &err) != 0)
			fail_msg("%s: %s", *names, err.msg);
	assert_int_equal(mt_policy_profile(p, "client:nope", &err), -1);
	assert_non_null(strstr(err.msg, "client:modern"));
	assert_int_equal(mt_policy_profile(p, "postfix-4.2:high", &err), -1);
	assert_int_equal(mt_policy_profile(p, "", &err), -1);
	assert_int_equal(mt_policy_profile(p, "gnutls:NORMAL:+BOGUS", &err),
	    -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_postfix_protocols),
		cmocka_unit_test(test_postfix_policy),
		cmocka_unit_test(test_postfix_37_vs_corpus),
		cmocka_unit_test(test_libtls),
		cmocka_unit_test(test_sendmail),
		cmocka_unit_test(test_exim),
		cmocka_unit_test(test_gnutls),
		cmocka_unit_test(test_client_profiles),
		cmocka_unit_test(test_profile_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
