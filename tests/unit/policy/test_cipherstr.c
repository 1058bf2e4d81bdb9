/*
 * test_cipherstr.c - the OpenSSL-grammar cipher-string engine, per dialect
 *
 * Table tests: a string (and TLS 1.3 ciphersuites) in, the suites out in
 * order.  Every openssl-3.0 row was checked against `OPENSSL_CONF=/dev/null
 * openssl ciphers -V -s -tls1_2` of Debian 12's OpenSSL 3.0; the other
 * dialects cite the documentation or source fact they rest on.
 * Bad input (empty, 1 MB, stray operators, non-ASCII, unknown words) must
 * give the library's behaviour or a clear MT_ERR_INPUT, never a crash.
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

#define END	0xFFFF

struct cs_case {
	int		 lib;
	const char	*str;
	const char	*tls13;		/* ciphersuites, NULL: default */
	int		 want_rc;
	uint16_t	 want[12];	/* END-terminated; a prefix when the
					 * last entry before END is 0 */
	uint16_t	 want13[6];	/* END-terminated */
	const char	*fact;
};

#define O30	MT_LIB_OPENSSL_3_0
#define O111	MT_LIB_OPENSSL_1_1_1
#define O102	MT_LIB_OPENSSL_1_0_2
#define LS3	MT_LIB_LIBRESSL_3
#define T13DEF	{ 0x1302, 0x1303, 0x1301, END }

static const struct cs_case cases[] = {
	/* OpenSSL 3.0 (ssl_ciph.c: '+' joins selectors with AND). */
	{ O30, "kRSA+AESGCM", NULL, 0, { 0x009D, 0x009C, END }, T13DEF,
	    "AND of kRSA and AESGCM; strength order" },
	/* '+' prefix moves to the end (CIPHER_ORD). */
	{ O30, "kRSA+AESGCM:+AES256-GCM-SHA384", NULL, 0,
	    { 0x009C, 0x009D, END }, T13DEF, "+ moves to the end" },
	/* '-' deletes, the suite can come back (CIPHER_DEL). */
	{ O30, "kRSA+AESGCM:-AES256-GCM-SHA384:AES256-GCM-SHA384", NULL, 0,
	    { 0x009C, 0x009D, END }, T13DEF, "- then re-add" },
	/* '!' kills for good (CIPHER_KILL). */
	{ O30, "kRSA+AESGCM:!AES256-GCM-SHA384:AES256-GCM-SHA384", NULL, 0,
	    { 0x009C, END }, T13DEF, "! is final" },
	{ O30, "AES128-SHA:AES256-SHA:@STRENGTH", NULL, 0,
	    { 0x0035, 0x002F, END }, T13DEF, "@STRENGTH sorts by bits" },
	/* DEFAULT is special only at the start; later it is an unknown
	 * word (no DEFAULT alias in cipher_aliases[]). */
	{ O30, "AES128-SHA:DEFAULT", NULL, 0, { 0x002F, END }, T13DEF,
	    "DEFAULT in the middle is ignored" },
	{ O30, "DEFAULT:!kRSA:!DHE:!CBC:!AESGCM", NULL, 0,
	    { 0xCCA9, 0xCCA8, END }, T13DEF, "DEFAULT prefix" },
	{ O30, "RSA!DH", NULL, 0, { 0x009D, 0, END }, T13DEF,
	    "an operator also ends a word" },
	/* Unknown words are skipped; the string fails only when nothing
	 * at all is selected (SSL_CTX_set_cipher_list: no cipher match). */
	{ O30, "FOO:AES128-SHA", NULL, 0, { 0x002F, END }, T13DEF,
	    "unknown word ignored" },
	{ O30, "FOO", NULL, -1, { END }, { END }, "no cipher match" },
	{ O30, "", NULL, -1, { END }, { END }, "empty string" },
	{ O30, ":::", NULL, -1, { END }, { END }, "separators only" },
	{ O30, "!:", NULL, -1, { END }, { END }, "invalid command" },
	{ O30, "+", NULL, -1, { END }, { END }, "operator, no word" },
	{ O30, "AES128-SHA+", NULL, -1, { END }, { END }, "'+' at the end" },
	{ O30, "AES128-SHA:\xc3\xa9", NULL, -1, { END }, { END },
	    "non-ASCII byte: invalid command" },
	{ O30, "TLS_AES_128_GCM_SHA256", NULL, -1, { END }, { END },
	    "'_' is no word character" },
	{ O30, "RC4:3DES", NULL, -1, { END }, { END },
	    "Debian 12's 3.0 has no RC4 or 3DES suites" },
	{ O30, "@SECLEVEL=9:ALL", NULL, -1, { END }, { END },
	    "security level out of 0..5" },
	{ O30, "ALL:@FOO", NULL, -1, { END }, { END }, "unknown @ command" },
	{ O30, "ADH-AES128-SHA:AES128-SHA", NULL, 0, { 0x002F, END },
	    T13DEF, "level 1 drops anonymous suites" },
	{ O30, "ADH-AES128-SHA:AES128-SHA:@SECLEVEL=0", NULL, 0,
	    { 0x0034, 0x002F, END }, T13DEF, "level 0 keeps them" },
	{ O30, "PSK-AES128-CBC-SHA:AES128-SHA", NULL, 0, { 0x002F, END },
	    T13DEF, "-s: no PSK callback, no PSK suites" },
	/* SSL_CTX_set_ciphersuites: unknown names skipped, "" allowed. */
	{ O30, "AES128-SHA", "TLS_AES_128_GCM_SHA256:BOGUS", 0,
	    { 0x002F, END }, { 0x1301, END }, "ciphersuites" },
	{ O30, "AES128-SHA", "", 0, { 0x002F, END }, { END },
	    "empty ciphersuites" },
	{ O30, "AES128-SHA", "BOGUS", -1, { END }, { END },
	    "ciphersuites naming nothing" },
	/* OpenSSL 1.1.1 still builds the 3DES suites (MEDIUM since 1.1.0). */
	{ O111, "kRSA+3DES", NULL, 0, { 0x000A, END }, T13DEF,
	    "1.1.1 DES-CBC3-SHA" },
	{ O111, "MEDIUM+kRSA", NULL, 0, { 0x000A, END }, T13DEF,
	    "3DES is MEDIUM" },
	/* OpenSSL 1.0.2: EXP alias, RC4, no TLS 1.3, no @SECLEVEL. */
	{ O102, "EXP+kRSA+RC4", NULL, 0, { 0x0003, END }, { END },
	    "1.0.2 EXP-RC4-MD5" },
	{ O102, "@SECLEVEL=1:ALL", NULL, -1, { END }, { END },
	    "1.0.2 knows no @SECLEVEL (invalid command)" },
	{ O102, "CHACHA20", NULL, -1, { END }, { END },
	    "upstream 1.0.2 has no ChaCha20" },
	{ O102, "kRSA+RC4+MD5:kRSA+AES128+SHA1", NULL, 0,
	    { 0x0004, 0x0003, 0x002F, END }, { END },
	    "RC4-MD5, EXP-RC4-MD5 (kRSA too), then AES128-SHA" },
	/* LibreSSL 3: AEAD alias; TLS 1.3 suites in the cipher string. */
	{ LS3, "kRSA+AEAD", NULL, 0, { 0x009D, 0x009C, END }, T13DEF,
	    "LibreSSL AEAD alias; TLS 1.3 defaults added" },
	{ LS3, "AEAD-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256", NULL, 0,
	    { 0xC02F, END }, { 0x1301, END },
	    "LibreSSL: a named TLS 1.3 suite replaces the defaults" },
	{ LS3, "AESCCM", NULL, -1, { END }, { END }, "LibreSSL has no CCM" },
};

static void
check_list(const char *what, const struct cs_case *c, const uint16_t *got,
    size_t n, const uint16_t *want)
{
	size_t	 i;

	for (i = 0; want[i] != END; i++) {
		if (want[i] == 0 && want[i + 1] == END)
			return;		/* prefix */
		if (i >= n || got[i] != want[i])
			fail_msg("%s \"%s\" (%s): %s[%zu] got 0x%04X want "
			    "0x%04X", mt_tls_lib_name(c->lib), c->str, c->fact,
			    what, i, i < n ? got[i] : 0, want[i]);
	}
	if (i != n)
		fail_msg("%s \"%s\" (%s): %s has %zu suites, want %zu",
		    mt_tls_lib_name(c->lib), c->str, c->fact, what, n, i);
}

static void
test_table(void **state)
{
	struct mt_policy	*p = calloc(1, sizeof(*p));
	struct mt_error		 err;
	size_t			 i;

	(void)state;
	assert_non_null(p);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct cs_case *c = &cases[i];
		int	 rc;

		mt_error_clear(&err);
		rc = mt_policy_openssl(p, c->lib, c->str, c->tls13, "test",
		    &err);
		if (rc != c->want_rc)
			fail_msg("%s \"%s\" (%s): rc %d want %d: %s",
			    mt_tls_lib_name(c->lib), c->str, c->fact, rc,
			    c->want_rc, err.msg);
		if (rc == -1) {
			assert_int_equal(err.code, MT_ERR_INPUT);
			assert_true(err.msg[0] != '\0');
			continue;
		}
		check_list("suites", c, p->suites, p->nsuites, c->want);
		check_list("tls13", c, p->tls13, p->ntls13, c->want13);
	}
	free(p);
}

static const struct mt_policy_why *
find_why(const struct mt_policy *p, uint16_t code)
{
	size_t	 i;

	for (i = 0; i < p->nwhy; i++)
		if (p->why[i].code == code)
			return &p->why[i];
	return NULL;
}

/* Every registry suite absent has a reason: the rule and its position. */
static void
test_why(void **state)
{
	struct mt_policy		*p = calloc(1, sizeof(*p));
	struct mt_error			 err;
	const struct mt_policy_why	*w;
	size_t				 i, n = 0;

	(void)state;
	assert_non_null(p);
	assert_int_equal(mt_policy_openssl(p, O30,
	    "AES128-SHA:AES256-SHA:ADH-AES128-SHA:!AES256-SHA", NULL,
	    "smtpd_tls_ciphers", &err), 0);
	assert_non_null(w = find_why(p, 0x0035));
	assert_string_equal(w->rule, "!AES256-SHA");
	assert_int_equal(w->pos, 4);
	assert_string_equal(w->where, "smtpd_tls_ciphers");
	assert_non_null(w = find_why(p, 0x0034));
	assert_string_equal(w->rule, "security level 1 forbids anonymous");
	assert_non_null(w = find_why(p, 0x009C));
	assert_string_equal(w->rule, "not selected");
	assert_non_null(w = find_why(p, 0x1304));
	assert_string_equal(w->rule, "not in TLS 1.3 ciphersuites");
	assert_non_null(w = find_why(p, 0x0004));
	assert_string_equal(w->rule, "unknown to openssl-3.0");
	for (i = 0; i < mt_suite_count(); i++)
		if (!(mt_suite_at(i)->flags & MT_SUITE_SCSV))
			n++;
	assert_int_equal(p->nwhy + p->nsuites + p->ntls13, n);
	/* DEFAULT's own rules are named as such. */
	assert_int_equal(mt_policy_openssl(p, O30, "DEFAULT", NULL, NULL,
	    &err), 0);
	assert_non_null(w = find_why(p, 0x0034));
	assert_string_equal(w->rule, "DEFAULT (!COMPLEMENTOFDEFAULT)");
	assert_int_equal(w->pos, 1);
	/* @SECLEVEL=2 named with its position. */
	assert_int_equal(mt_policy_openssl(p, O30, "ALL:@SECLEVEL=3", NULL,
	    NULL, &err), 0);
	assert_int_equal(p->seclevel, 3);
	assert_non_null(w = find_why(p, 0x002F));
	assert_string_equal(w->rule, "@SECLEVEL=3 forbids no forward secrecy");
	assert_int_equal(w->pos, 2);
	free(p);
}

static void
test_notes_and_errors(void **state)
{
	struct mt_policy	*p = calloc(1, sizeof(*p));
	struct mt_error		 err;
	char			*big;
	char			 word[200];

	(void)state;
	assert_non_null(p);
	assert_int_equal(mt_policy_openssl(p, O30, "AES128-SHA:FOO", NULL,
	    NULL, &err), 0);
	assert_int_equal(p->nnotes, 1);
	assert_non_null(strstr(p->notes[0], "word 2 \"FOO\""));
	assert_int_equal(mt_policy_openssl(p, O30, "ALL:!aNULL:+:x", NULL,
	    NULL, &err), -1);
	assert_non_null(strstr(err.msg, "word 3"));
	/* 1 MB: refused by our cap (OpenSSL would take it). */
	assert_non_null(big = malloc(1024 * 1024 + 1));
	memset(big, 'A', 1024 * 1024);
	big[1024 * 1024] = '\0';
	assert_int_equal(mt_policy_openssl(p, O30, big, NULL, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "longer than"));
	/* Many short words: capped too. */
	for (size_t i = 0; i < 1024 * 1024; i += 2) {
		big[i] = 'A';
		big[i + 1] = ':';
	}
	big[60000] = '\0';
	assert_int_equal(mt_policy_openssl(p, O30, big, NULL, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "too many words"));
	free(big);
	memset(word, 'A', 150);
	word[150] = '\0';
	assert_int_equal(mt_policy_openssl(p, O30, word, NULL, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "too long"));
	/* Names, versions, levels. */
	assert_string_equal(mt_tls_lib_name(O102), "openssl-1.0.2");
	assert_int_equal(mt_tls_lib_parse("libressl"), LS3);
	assert_int_equal(mt_tls_lib_parse("OpenSSL-1.1.1"), O111);
	assert_int_equal(mt_tls_lib_parse("schannel"), -1);
	mt_policy_init(p, O102);
	assert_int_equal(p->seclevel, -1);
	assert_true(p->versions & MT_VBIT_SSL3);
	assert_int_equal(mt_policy_openssl(p, O30, "ALL:@SECLEVEL=0", NULL,
	    NULL, &err), 0);
	assert_true(p->versions & MT_VBIT_TLS10);
	assert_int_equal(mt_policy_openssl(p, MT_LIB_GNUTLS_3_7, "ALL", NULL,
	    NULL, &err), -1);
	assert_int_equal(err.code, MT_ERR_USAGE);
	free(p);
}

/* Every prefix of a few strings: no crash, a result or a clear error. */
static void
test_prefixes(void **state)
{
	static const char *const strs[] = {
	    "ALL:!aNULL:!eNULL:+RC4:@STRENGTH:@SECLEVEL=2",
	    "ECDHE+AESGCM:-kRSA,!DSS;+SHA256 EDH+CAMELLIA:!+:",
	    "DEFAULT:TLSv1.2+HIGH:COMPLEMENTOFDEFAULT:!COMPLEMENTOFALL",
	};
	struct mt_policy	*p = calloc(1, sizeof(*p));
	struct mt_error		 err;
	char			 buf[128];
	size_t			 i, n;
	int			 lib;

	(void)state;
	assert_non_null(p);
	for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		for (n = 0; n <= strlen(strs[i]); n++)
			for (lib = 0; lib <= LS3; lib++) {
				memcpy(buf, strs[i], n);
				buf[n] = '\0';
				mt_error_clear(&err);
				if (mt_policy_openssl(p, lib, buf, NULL, NULL,
				    &err) == -1)
					assert_true(err.msg[0] != '\0');
				else
					assert_true(p->nsuites > 0 ||
					    p->ntls13 > 0);
			}
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_why),
		cmocka_unit_test(test_notes_and_errors),
		cmocka_unit_test(test_prefixes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
