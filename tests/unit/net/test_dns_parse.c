/*
 * test_dns_parse.c - MX and TXT rdata parsers of dns.c (untrusted bytes):
 * valid records, every proper prefix, oversized lengths, trailing bytes
 * and junk.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "mailtls/dns.h"

#define L(s)	(sizeof(s) - 1)

static const struct {
	const char	*name;
	const char	*in;
	size_t		 len;
	bool		 want_ok;
	uint16_t	 want_pref;
	const char	*want_host;
} mx_cases[] = {
	{ "plain", "\x00\x0a\x02mx\x07" "example\x04test\x00",
	    L("\x00\x0a\x02mx\x07" "example\x04test\x00"), true, 10,
	    "mx.example.test" },
	{ "pref 65535", "\xff\xff\x03mx2\x01t\x00",
	    L("\xff\xff\x03mx2\x01t\x00"), true, 65535, "mx2.t" },
	{ "null MX", "\x00\x00\x00", 3, true, 0, "." },
	{ "underscore, digit, hyphen", "\x00\x01\x05_a-9Z\x00", 9, true, 1,
	    "_a-9Z" },
	{ "trailing byte", "\x00\x0a\x02mx\x00\x00", 7, false, 0, NULL },
	{ "no root label", "\x00\x0a\x02mx", 5, false, 0, NULL },
	{ "compression pointer", "\x00\x0a\xc0\x0c", 4, false, 0, NULL },
	{ "extended label 0x40", "\x00\x0a\x41" "a\x00", 5, false, 0, NULL },
	{ "label length past end", "\x00\x0a\x10mx\x00", 6, false, 0, NULL },
	{ "dot inside a label", "\x00\x0a\x03m.x\x00", 7, false, 0, NULL },
	{ "space", "\x00\x0a\x03m x\x00", 7, false, 0, NULL },
	{ "NUL in a label", "\x00\x0a\x03m\x00x\x00", 7, false, 0, NULL },
	{ "eight-bit", "\x00\x0a\x02m\xe9\x00", 6, false, 0, NULL },
	{ "empty", "", 0, false, 0, NULL },
	{ "one byte", "\x00", 1, false, 0, NULL },
	{ "pref only", "\x00\x0a", 2, false, 0, NULL },
};

static void
test_mx_table(void **state)
{
	struct mt_mx mx;
	size_t i;
	bool ok;

	for (i = 0; i < sizeof(mx_cases) / sizeof(mx_cases[0]); i++) {
		memset(&mx, 0x5a, sizeof(mx));
		ok = mt_dns_parse_mx((const uint8_t *)mx_cases[i].in,
		    mx_cases[i].len, &mx);
		if (ok != mx_cases[i].want_ok)
			fail_msg("%s: got %d, want %d", mx_cases[i].name, ok,
			    mx_cases[i].want_ok);
		if (!ok)
			continue;
		if (mx.pref != mx_cases[i].want_pref ||
		    strcmp(mx.host, mx_cases[i].want_host) != 0)
			fail_msg("%s: got %u %s, want %u %s", mx_cases[i].name,
			    mx.pref, mx.host, mx_cases[i].want_pref,
			    mx_cases[i].want_host);
	}
}

static void
test_mx_prefixes(void **state)
{
	static const uint8_t in[] = "\x00\x14\x03mx2\x07" "example\x04test";
	struct mt_mx mx;
	size_t n;

	/* sizeof includes the terminating NUL: the root label. */
	assert_true(mt_dns_parse_mx(in, sizeof(in), &mx));
	assert_string_equal(mx.host, "mx2.example.test");
	for (n = 0; n < sizeof(in); n++)
		if (mt_dns_parse_mx(in, n, &mx))
			fail_msg("prefix of %zu bytes: got true, want false", n);
}

/* mx_long - labels of the given lengths (filled with 'a') and the root. */
static size_t
mx_long(uint8_t *buf, const size_t *labels, size_t nlabels)
{
	size_t i, o = 2;

	buf[0] = 0;
	buf[1] = 5;
	for (i = 0; i < nlabels; i++) {
		buf[o++] = (uint8_t)labels[i];
		memset(buf + o, 'a', labels[i]);
		o += labels[i];
	}
	buf[o++] = 0;
	return o;
}

static void
test_mx_lengths(void **state)
{
	static const size_t max[] = { 63, 63, 63, 61 };		/* 255 */
	static const size_t over[] = { 63, 63, 63, 62 };	/* 256 */
	static const size_t label64[] = { 64 };
	static const size_t many[] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	    1, 1, 1, 1, 1, 1, 1, 1 };	/* 128 labels: 257 bytes */
	uint8_t buf[600];
	struct mt_mx mx;
	size_t n;

	n = mx_long(buf, max, 4);
	assert_true(mt_dns_parse_mx(buf, n, &mx));
	assert_int_equal(strlen(mx.host), 253);
	n = mx_long(buf, over, 4);
	assert_false(mt_dns_parse_mx(buf, n, &mx));
	n = mx_long(buf, label64, 1);
	assert_false(mt_dns_parse_mx(buf, n, &mx));
	n = mx_long(buf, many, sizeof(many) / sizeof(many[0]));
	assert_false(mt_dns_parse_mx(buf, n, &mx));
	n = mx_long(buf, many, 127);		/* 255 bytes */
	assert_true(mt_dns_parse_mx(buf, n, &mx));
}

static const struct {
	const char	*name;
	const char	*in;
	size_t		 len;
	size_t		 cap;
	bool		 want_ok;
	const char	*want;
} txt_cases[] = {
	{ "one string", "\x0dv=STSv1; id=1", 14, 256, true,
	    "v=STSv1; id=1" },
	{ "two strings joined", "\x05v=STS\x08v1; id=1", 15, 256, true,
	    "v=STSv1; id=1" },
	{ "empty string", "\x00", 1, 256, true, "" },
	{ "empty then text", "\x00\x02ok", 4, 256, true, "ok" },
	{ "exact fit", "\x03" "abc", 4, 4, true, "abc" },
	{ "one byte too long for cap", "\x04" "abcd", 5, 4, false, NULL },
	{ "no rdata", "", 0, 256, false, NULL },
	{ "length past end", "\x05" "abc", 4, 256, false, NULL },
	{ "second length past end", "\x01" "a\x09" "bc", 5, 256, false,
	    NULL },
	{ "NUL inside", "\x03" "a\x00" "b", 4, 256, false, NULL },
	{ "zero cap", "\x01" "a", 2, 0, false, NULL },
};

static void
test_txt_table(void **state)
{
	char out[256];
	size_t i;
	bool ok;

	for (i = 0; i < sizeof(txt_cases) / sizeof(txt_cases[0]); i++) {
		memset(out, 'x', sizeof(out));
		ok = mt_dns_parse_txt((const uint8_t *)txt_cases[i].in,
		    txt_cases[i].len, out, txt_cases[i].cap);
		if (ok != txt_cases[i].want_ok)
			fail_msg("%s: got %d, want %d", txt_cases[i].name, ok,
			    txt_cases[i].want_ok);
		if (ok && strcmp(out, txt_cases[i].want) != 0)
			fail_msg("%s: got \"%s\", want \"%s\"",
			    txt_cases[i].name, out, txt_cases[i].want);
		if (!ok && txt_cases[i].cap > 0 && out[0] != '\0')
			fail_msg("%s: output not emptied on failure",
			    txt_cases[i].name);
	}
}

static void
test_txt_prefixes(void **state)
{
	static const uint8_t in[] =
	    "\x25v=TLSRPTv1; rua=mailto:tlsrpt@ex.test";
	char out[128];
	size_t n;

	assert_true(mt_dns_parse_txt(in, sizeof(in) - 1, out, sizeof(out)));
	assert_string_equal(out, "v=TLSRPTv1; rua=mailto:tlsrpt@ex.test");
	for (n = 0; n < sizeof(in) - 1; n++)
		if (mt_dns_parse_txt(in, n, out, sizeof(out)))
			fail_msg("prefix of %zu bytes: got true, want false", n);
	/* A trailing length byte with no string is malformed. */
	{
		uint8_t t[sizeof(in)];

		memcpy(t, in, sizeof(in) - 1);
		t[sizeof(in) - 1] = 0x01;
		assert_false(mt_dns_parse_txt(t, sizeof(t), out,
		    sizeof(out)));
	}
}

static void
test_txt_huge(void **state)
{
	static uint8_t big[MT_DNS_RDATA_MAX];
	static char out[MT_DNS_RDATA_MAX];
	size_t o = 0, total = 0;

	/* 16 strings of 255 bytes: 4080 bytes of text. */
	while (o + 256 <= sizeof(big)) {
		big[o++] = 255;
		memset(big + o, 'a', 255);
		o += 255;
		total += 255;
	}
	assert_true(mt_dns_parse_txt(big, o, out, sizeof(out)));
	assert_int_equal(strlen(out), total);
	assert_false(mt_dns_parse_txt(big, o, out, total));
	assert_true(mt_dns_parse_txt(big, o, out, total + 1));
}

static void
test_sec_names(void **state)
{
	assert_string_equal(mt_dns_sec_name(MT_DNS_SECURE), "secure");
	assert_string_equal(mt_dns_sec_name(MT_DNS_INSECURE), "insecure");
	assert_string_equal(mt_dns_sec_name(MT_DNS_BOGUS), "bogus");
	assert_string_equal(mt_dns_sec_name(MT_DNS_INDETERMINATE),
	    "indeterminate");
	assert_string_equal(mt_dns_sec_name(-1), "indeterminate");
	assert_string_equal(mt_dns_sec_name(99), "indeterminate");
}

static void
test_new_errors(void **state)
{
	struct mt_dns_opts o;
	struct mt_error err;
	struct mt_dns_answer a;

	memset(&o, 0, sizeof(o));
	o.trust_anchor = "/nonexistent/anchor.ds";
	mt_error_clear(&err);
	assert_null(mt_dns_new(&o, &err));
	assert_int_equal(err.code, MT_ERR_USAGE);
	assert_non_null(strstr(err.msg, "/nonexistent/anchor.ds"));
	o.trust_anchor = NULL;
	o.timeout_ms = -1;
	assert_null(mt_dns_new(&o, &err));
	mt_error_clear(&err);
	assert_int_equal(mt_dns_lookup(NULL, "x.test", MT_DNS_TYPE_A, &a,
	    &err), -1);
	assert_int_equal(a.sec, MT_DNS_INDETERMINATE);
	mt_dns_answer_clear(&a);
	mt_dns_answer_clear(NULL);
	mt_dns_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mx_table),
		cmocka_unit_test(test_mx_prefixes),
		cmocka_unit_test(test_mx_lengths),
		cmocka_unit_test(test_txt_table),
		cmocka_unit_test(test_txt_prefixes),
		cmocka_unit_test(test_txt_huge),
		cmocka_unit_test(test_sec_names),
		cmocka_unit_test(test_new_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
