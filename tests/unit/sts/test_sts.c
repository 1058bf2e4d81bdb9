/*
 * test_sts.c - table-driven tests of the MTA-STS and TLS-RPT TXT parsers,
 * the policy parser and the mx pattern match (RFC 8461, RFC 8460)
 *
 * Every valid input is also cut at every proper prefix, which must fail
 * cleanly or (for inputs whose prefix is itself valid) parse again.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mailtls/sts.h"

struct txt_case {
	const char	*name;
	const char	*in;
	int		 want_rv;
	const char	*want_id;	/* STS */
	size_t		 want_ext;
	const char	*want_err;	/* substring */
};

static const struct txt_case sts_txt_cases[] = {
	{ "rfc example", "v=STSv1; id=20160831085700Z;", 0,
	    "20160831085700Z", 0, NULL },
	{ "no trailing sep", "v=STSv1; id=abc123", 0, "abc123", 0, NULL },
	{ "tight", "v=STSv1;id=x", 0, "x", 0, NULL },
	{ "tabs and spaces", "v=STSv1 \t;\t id=A1 ; ", 0, "A1", 0, NULL },
	{ "extension", "v=STSv1; id=1; ext_a=foo.bar", 0, "1", 1, NULL },
	{ "duplicate id keeps first", "v=STSv1; id=first; id=second", 0,
	    "first", 0, NULL },
	{ "32 char id", "v=STSv1; id=0123456789abcdef0123456789ABCDEF", 0,
	    "0123456789abcdef0123456789ABCDEF", 0, NULL },
	{ "33 char id", "v=STSv1; id=0123456789abcdef0123456789ABCDEFx", -1,
	    NULL, 0, "id: " },
	{ "id with dash", "v=STSv1; id=2019-01-01", -1, NULL, 0, "id: " },
	{ "no id", "v=STSv1;", -1, NULL, 0, "no id field" },
	{ "version only", "v=STSv1", -1, NULL, 0, "no id field" },
	{ "wrong version", "v=STSv2; id=1", -1, NULL, 0, "v=STSv1" },
	{ "lower case version", "v=stsv1; id=1", -1, NULL, 0, "v=STSv1" },
	{ "id first", "id=1; v=STSv1", -1, NULL, 0, "v=STSv1" },
	{ "empty", "", -1, NULL, 0, "not name=value" },
	{ "junk", "hello world", -1, NULL, 0, "not name=value" },
	{ "missing separator", "v=STSv1; id=1 ext=2", -1, NULL, 0, "id: " },
	{ "double separator", "v=STSv1;; id=1", -1, NULL, 0,
	    "not name=value" },
	{ "extension bad value", "v=STSv1; id=1; x=a b", -1, NULL, 0,
	    "x: bad value" },
	{ "v again", "v=STSv1; id=1; v=STSv1", -1, NULL, 0,
	    "only allowed first" },
	{ "leading space", " v=STSv1; id=1", -1, NULL, 0, "not name=value" },
};

static void
test_sts_txt_table(void **state)
{
	struct mt_sts_txt t;
	struct mt_error e;
	size_t i;
	int rv;

	for (i = 0; i < sizeof(sts_txt_cases) / sizeof(sts_txt_cases[0]);
	    i++) {
		const struct txt_case *c = &sts_txt_cases[i];

		mt_error_clear(&e);
		rv = mt_sts_txt_parse(c->in, &t, &e);
		if (rv != c->want_rv)
			fail_msg("%s: got rv %d (%s), want %d", c->name, rv,
			    e.msg, c->want_rv);
		if (rv == 0 && strcmp(t.id, c->want_id) != 0)
			fail_msg("%s: got id %s, want %s", c->name, t.id,
			    c->want_id);
		if (rv == 0 && t.nextensions != c->want_ext)
			fail_msg("%s: got %zu extensions, want %zu", c->name,
			    t.nextensions, c->want_ext);
		if (rv != 0 && strstr(e.msg, c->want_err) == NULL)
			fail_msg("%s: got error \"%s\", want \"%s\"", c->name,
			    e.msg, c->want_err);
	}
}

/* Every proper prefix of a valid record either fails or is valid with
 * a shorter id; none may crash or read past the end. */
static void
test_sts_txt_prefixes(void **state)
{
	const char *full = "v=STSv1; id=20160831085700Z; ext=1;";
	char buf[64];
	struct mt_sts_txt t;
	struct mt_error e;
	size_t n;
	int rv;

	for (n = 0; n < strlen(full); n++) {
		memcpy(buf, full, n);
		buf[n] = '\0';
		rv = mt_sts_txt_parse(buf, &t, &e);
		if (n < strlen("v=STSv1; id=2"))
			assert_int_equal(rv, -1);
		else if (rv == 0)
			assert_true(strncmp(t.id, "20160831085700Z",
			    strlen(t.id)) == 0);
	}
}

static void
test_txt_candidates(void **state)
{
	assert_true(mt_sts_txt_candidate("v=STSv1; id=1"));
	assert_true(mt_sts_txt_candidate("v=STSv1"));
	assert_false(mt_sts_txt_candidate("v=STSv10; id=1"));
	assert_false(mt_sts_txt_candidate("v=spf1 -all"));
	assert_true(mt_tlsrpt_txt_candidate("v=TLSRPTv1;rua=mailto:a@b"));
	assert_false(mt_tlsrpt_txt_candidate("v=TLSRPTv12"));
	assert_false(mt_tlsrpt_txt_candidate(NULL));
}

static void
test_sts_txt_oversized(void **state)
{
	char *big;
	struct mt_sts_txt t;
	struct mt_error e;
	size_t n = MT_STS_TXT_MAX + 100;

	assert_non_null(big = malloc(n + 1));
	memset(big, 'a', n);
	memcpy(big, "v=STSv1; id=1; x=", 17);
	big[n] = '\0';
	assert_int_equal(mt_sts_txt_parse(big, &t, &e), -1);
	assert_non_null(strstr(e.msg, "longer than"));
	free(big);
}

struct rpt_case {
	const char	*name;
	const char	*in;
	int		 want_rv;
	size_t		 want_nrua;
	const char	*want_last;
	const char	*want_err;
};

static const struct rpt_case rpt_cases[] = {
	{ "mailto", "v=TLSRPTv1; rua=mailto:tlsrpt@example.test", 0, 1,
	    "mailto:tlsrpt@example.test", NULL },
	{ "two uris", "v=TLSRPTv1; rua=mailto:a@x.test, https://r.test/v1",
	    0, 2, "https://r.test/v1", NULL },
	{ "tight comma", "v=TLSRPTv1;rua=https://a.test/,mailto:b@c.test;",
	    0, 2, "mailto:b@c.test", NULL },
	{ "extension", "v=TLSRPTv1; rua=mailto:a@x.test; foo=bar", 0, 1,
	    "mailto:a@x.test", NULL },
	{ "no rua", "v=TLSRPTv1;", -1, 0, NULL, "no rua" },
	{ "http", "v=TLSRPTv1; rua=http://r.test/", -1, 0, NULL,
	    "neither mailto: nor https:" },
	{ "mailto no at", "v=TLSRPTv1; rua=mailto:postmaster", -1, 0, NULL,
	    "no address" },
	{ "empty uri", "v=TLSRPTv1; rua=mailto:a@b.test,,", -1, 0, NULL,
	    "empty URI" },
	{ "space in uri", "v=TLSRPTv1; rua=mailto:a b@c.test", -1, 0, NULL,
	    "space or control" },
	{ "wrong version", "v=TLSRPTv2; rua=mailto:a@b.test", -1, 0, NULL,
	    "v=TLSRPTv1" },
	{ "rua twice", "v=TLSRPTv1; rua=mailto:a@b.test; rua=mailto:c@d.test",
	    -1, 0, NULL, "given twice" },
	{ "junk", "tlsrpt please", -1, 0, NULL, "not name=value" },
};

static void
test_tlsrpt_txt_table(void **state)
{
	struct mt_tlsrpt_txt t;
	struct mt_error e;
	size_t i;
	int rv;

	for (i = 0; i < sizeof(rpt_cases) / sizeof(rpt_cases[0]); i++) {
		const struct rpt_case *c = &rpt_cases[i];

		mt_error_clear(&e);
		rv = mt_tlsrpt_txt_parse(c->in, &t, &e);
		if (rv != c->want_rv)
			fail_msg("%s: got rv %d (%s), want %d", c->name, rv,
			    e.msg, c->want_rv);
		if (rv == 0 && (t.nrua != c->want_nrua ||
		    strcmp(t.rua[t.nrua - 1], c->want_last) != 0))
			fail_msg("%s: got %zu URIs, last %s; want %zu, %s",
			    c->name, t.nrua, t.rua[t.nrua - 1], c->want_nrua,
			    c->want_last);
		if (rv != 0 && strstr(e.msg, c->want_err) == NULL)
			fail_msg("%s: got error \"%s\", want \"%s\"", c->name,
			    e.msg, c->want_err);
	}
}

static void
test_tlsrpt_txt_prefixes(void **state)
{
	const char *full = "v=TLSRPTv1; rua=mailto:tlsrpt@example.test";
	char buf[80];
	struct mt_tlsrpt_txt t;
	struct mt_error e;
	size_t n;

	for (n = 0; n < strlen(full); n++) {
		memcpy(buf, full, n);
		buf[n] = '\0';
		/* Prefixes ending inside the address are still syntactically
		 * URIs once they hold an '@'; all others must fail. */
		if (mt_tlsrpt_txt_parse(buf, &t, &e) == 0)
			assert_true(n > strlen("v=TLSRPTv1; rua=mailto:tlsrpt@"));
	}
}

struct policy_case {
	const char	*name;
	const char	*in;
	int		 want_rv;
	int		 want_mode;
	uint32_t	 want_max_age;
	size_t		 want_nmx;
	const char	*want_mx0;
	const char	*want_err;
};

#define GOOD_LF "version: STSv1\nmode: enforce\nmx: mail.example.com\n" \
	"mx: *.example.net\nmx: backupmx.example.com\nmax_age: 604800\n"
#define GOOD_CRLF "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\n" \
	"mx: *.example.net\r\nmx: backupmx.example.com\r\nmax_age: 604800\r\n"

static const struct policy_case policy_cases[] = {
	{ "rfc example LF", GOOD_LF, 0, MT_STS_MODE_ENFORCE, 604800, 3,
	    "mail.example.com", NULL },
	{ "rfc example CRLF", GOOD_CRLF, 0, MT_STS_MODE_ENFORCE, 604800, 3,
	    "mail.example.com", NULL },
	{ "no final newline", "version: STSv1\nmode: testing\nmx: a.b.c\n"
	    "max_age: 86400", 0, MT_STS_MODE_TESTING, 86400, 1, "a.b.c", NULL },
	{ "mode none without mx", "version: STSv1\nmode: none\nmax_age: 0\n",
	    0, MT_STS_MODE_NONE, 0, 0, NULL, NULL },
	{ "max max_age", "version: STSv1\nmode: none\nmax_age: 31557600\n",
	    0, MT_STS_MODE_NONE, 31557600, 0, NULL, NULL },
	{ "unknown field ignored", "version: STSv1\nmode: enforce\n"
	    "mx: MX.Example.COM.\nmax_age: 1\nfoo_bar: anything at all\n", 0,
	    MT_STS_MODE_ENFORCE, 1, 1, "mx.example.com", NULL },
	{ "spaces around", "version:STSv1\nmode:\tenforce  \nmx: a.test\n"
	    "max_age: 5 \n", 0, MT_STS_MODE_ENFORCE, 5, 1, "a.test", NULL },
	{ "blank lines", "version: STSv1\n\nmode: enforce\nmx: a.test\n"
	    "max_age: 5\n\n", 0, MT_STS_MODE_ENFORCE, 5, 1, "a.test", NULL },
	{ "max_age too big", "version: STSv1\nmode: none\nmax_age: 31557601\n",
	    -1, 0, 0, 0, NULL, "line 3: max_age:" },
	{ "max_age 11 digits", "version: STSv1\nmode: none\n"
	    "max_age: 00000000001\n", -1, 0, 0, 0, NULL, "line 3: max_age:" },
	{ "max_age negative", "version: STSv1\nmode: none\nmax_age: -1\n",
	    -1, 0, 0, 0, NULL, "line 3: max_age:" },
	{ "bad mode", "version: STSv1\nmode: Enforce\nmx: a.test\n"
	    "max_age: 5\n", -1, 0, 0, 0, NULL, "line 2: mode: \"Enforce\"" },
	{ "bad version", "version: STSv2\nmode: enforce\n", -1, 0, 0, 0, NULL,
	    "line 1: version:" },
	{ "field names are case-sensitive", "Version: STSv1\nmode: none\n"
	    "max_age: 1\n", -1, 0, 0, 0, NULL, "no version field" },
	{ "duplicate mode", "version: STSv1\nmode: testing\nmode: enforce\n"
	    "mx: a.test\nmax_age: 5\n", -1, 0, 0, 0, NULL,
	    "line 3: mode: given again (first on line 2)" },
	{ "duplicate version", "version: STSv1\nversion: STSv1\n", -1, 0, 0,
	    0, NULL, "line 2: version: given again" },
	{ "no mx in enforce", "version: STSv1\nmode: enforce\nmax_age: 5\n",
	    -1, 0, 0, 0, NULL, "no mx field" },
	{ "no max_age", "version: STSv1\nmode: none\n", -1, 0, 0, 0, NULL,
	    "no max_age" },
	{ "no mode", "version: STSv1\nmax_age: 5\n", -1, 0, 0, 0, NULL,
	    "no mode" },
	{ "junk line", "version: STSv1\nthis is not a field\n", -1, 0, 0, 0,
	    NULL, "line 2: \"this is not a field\"" },
	{ "html", "<html><body>Not Found</body></html>\n", -1, 0, 0, 0, NULL,
	    "line 1: " },
	{ "mx wildcard in middle", "version: STSv1\nmode: enforce\n"
	    "mx: mx.*.example.net\nmax_age: 5\n", -1, 0, 0, 0, NULL,
	    "line 3: mx: \"mx.*.example.net\"" },
	{ "mx bare wildcard", "version: STSv1\nmode: enforce\nmx: *\n"
	    "max_age: 5\n", -1, 0, 0, 0, NULL, "line 3: mx:" },
	{ "mx single label", "version: STSv1\nmode: enforce\nmx: localhost\n"
	    "max_age: 5\n", -1, 0, 0, 0, NULL, "line 3: mx:" },
	{ "empty value", "version: STSv1\nmode:\n", -1, 0, 0, 0, NULL,
	    "line 2: mode: empty value" },
	{ "stray CR", "version: STSv1\rmode: none\nmax_age: 1\n", -1, 0, 0, 0,
	    NULL, "line 1: stray CR" },
	{ "empty file", "", -1, 0, 0, 0, NULL, "no version field" },
};

static void
test_policy_table(void **state)
{
	struct mt_sts_policy p;
	struct mt_error e;
	size_t i;
	int rv;

	for (i = 0; i < sizeof(policy_cases) / sizeof(policy_cases[0]); i++) {
		const struct policy_case *c = &policy_cases[i];

		mt_error_clear(&e);
		rv = mt_sts_policy_parse(c->in, strlen(c->in), &p, &e);
		if (rv != c->want_rv)
			fail_msg("%s: got rv %d (%s), want %d", c->name, rv,
			    e.msg, c->want_rv);
		if (rv == 0 && (p.mode != c->want_mode ||
		    p.max_age != c->want_max_age || p.nmx != c->want_nmx))
			fail_msg("%s: got mode %s max_age %u nmx %zu", c->name,
			    mt_sts_mode_name(p.mode), p.max_age, p.nmx);
		if (rv == 0 && c->want_mx0 != NULL &&
		    strcmp(p.mx[0], c->want_mx0) != 0)
			fail_msg("%s: got mx %s, want %s", c->name, p.mx[0],
			    c->want_mx0);
		if (rv != 0 && strstr(e.msg, c->want_err) == NULL)
			fail_msg("%s: got error \"%s\", want \"%s\"", c->name,
			    e.msg, c->want_err);
	}
}

/* Each prefix is passed with its exact length in a malloc'd buffer of
 * that size, so ASan catches any read past the end. */
static void
test_policy_prefixes(void **state)
{
	const char *full[] = { GOOD_LF, GOOD_CRLF };
	struct mt_sts_policy p;
	struct mt_error e;
	size_t k, n, len;
	char *buf;
	int rv;

	for (k = 0; k < 2; k++) {
		len = strlen(full[k]);
		for (n = 0; n < len; n++) {
			assert_non_null(buf = malloc(n + 1));
			memcpy(buf, full[k], n);
			rv = mt_sts_policy_parse(buf, n, &p, &e);
			/* Only prefixes that keep "max_age: 6..." whole
			 * enough to be a number are valid. */
			if (rv == 0)
				assert_true(n > len - 10 && p.nmx == 3);
			else
				assert_true(e.msg[0] != '\0');
			free(buf);
		}
	}
}

static void
test_policy_oversized(void **state)
{
	struct mt_sts_policy p;
	struct mt_error e;
	size_t n = MT_STS_POLICY_MAX + 1, i;
	char *big;

	assert_non_null(big = malloc(n));
	memset(big, 'x', n);
	assert_int_equal(mt_sts_policy_parse(big, n, &p, &e), -1);
	assert_non_null(strstr(e.msg, "more than"));
	/* Within the cap: many ignored lines, then too many mx lines. */
	n = 0;
	n += (size_t)snprintf(big + n, MT_STS_POLICY_MAX - n,
	    "version: STSv1\nmode: enforce\nmax_age: 1\n");
	for (i = 0; i < MT_STS_MX_MAX + 1; i++)
		n += (size_t)snprintf(big + n, MT_STS_POLICY_MAX - n,
		    "mx: mx%zu.example.test\n", i);
	assert_int_equal(mt_sts_policy_parse(big, n, &p, &e), -1);
	assert_non_null(strstr(e.msg, "more than 64 mx"));
	free(big);
}

struct match_case {
	const char	*pattern;
	const char	*host;
	bool		 want;
};

static const struct match_case match_cases[] = {
	{ "mail.example.com", "mail.example.com", true },
	{ "mail.example.com", "MAIL.Example.COM", true },
	{ "mail.example.com", "mail.example.com.", true },
	{ "mail.example.com.", "mail.example.com", true },
	{ "mail.example.com", "mail2.example.com", false },
	{ "mail.example.com", "example.com", false },
	{ "mail.example.com", "x.mail.example.com", false },
	{ "*.example.net", "mx.example.net", true },
	{ "*.example.net", "MX1.EXAMPLE.NET.", true },
	{ "*.example.net", "example.net", false },
	{ "*.example.net", "a.b.example.net", false },
	{ "*.example.net", ".example.net", false },
	{ "*.example.net", "mx.example.network", false },
	{ "*.example.net", "mxexample.net", false },
	{ "*.mail.example.com", "mx1.mail.example.com", true },
	{ "*.mail.example.com", "mail.example.com", false },
	{ "", "mail.example.com", false },
	{ "mail.example.com", "", false },
	{ "*.", "a.", false },
};

static void
test_mx_match(void **state)
{
	struct mt_sts_policy p;
	struct mt_error e;
	size_t i;
	bool got;

	for (i = 0; i < sizeof(match_cases) / sizeof(match_cases[0]); i++) {
		got = mt_sts_mx_pattern_match(match_cases[i].pattern,
		    match_cases[i].host);
		if (got != match_cases[i].want)
			fail_msg("pattern %s host %s: got %d, want %d",
			    match_cases[i].pattern, match_cases[i].host, got,
			    match_cases[i].want);
	}
	assert_int_equal(mt_sts_policy_parse(GOOD_LF, strlen(GOOD_LF), &p,
	    &e), 0);
	assert_true(mt_sts_mx_match(&p, "mail.example.com"));
	assert_true(mt_sts_mx_match(&p, "backupmx.example.com"));
	assert_true(mt_sts_mx_match(&p, "mx7.example.net"));
	assert_false(mt_sts_mx_match(&p, "evil.example.com"));
	assert_false(mt_sts_mx_match(&p, "a.mx7.example.net"));
}

static void
test_names(void **state)
{
	assert_string_equal(mt_sts_mode_name(MT_STS_MODE_ENFORCE), "enforce");
	assert_string_equal(mt_sts_fetch_status_result(MT_STS_FETCH_WEBPKI),
	    "sts-webpki-invalid");
	assert_string_equal(mt_sts_fetch_status_result(MT_STS_FETCH_REDIRECT),
	    "sts-policy-fetch-error");
	assert_string_equal(mt_sts_fetch_status_result(MT_STS_FETCH_INVALID),
	    "sts-policy-invalid");
	assert_null(mt_sts_fetch_status_result(MT_STS_FETCH_OK));
	assert_string_equal(mt_sts_fetch_status_name(MT_STS_FETCH_TOO_BIG),
	    "too-big");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sts_txt_table),
		cmocka_unit_test(test_sts_txt_prefixes),
		cmocka_unit_test(test_txt_candidates),
		cmocka_unit_test(test_sts_txt_oversized),
		cmocka_unit_test(test_tlsrpt_txt_table),
		cmocka_unit_test(test_tlsrpt_txt_prefixes),
		cmocka_unit_test(test_policy_table),
		cmocka_unit_test(test_policy_prefixes),
		cmocka_unit_test(test_policy_oversized),
		cmocka_unit_test(test_mx_match),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
