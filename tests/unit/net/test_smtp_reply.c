/*
 * test_smtp_reply.c - table-driven tests of the SMTP reply parser
 *
 * Every case is parsed in one feed, split at every offset into two feeds,
 * and byte by byte; each way must give the same result.  Every proper
 * prefix of a valid reply must give MORE.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/mt_limits.h"
#include "net/smtp_reply.h"

struct reply_case {
	const char	*name;
	const char	*in;
	size_t		 len;		/* 0: strlen(in) */
	int		 want_status;
	int		 want_code;
	size_t		 want_nlines;
	const char	*want_last;	/* text of the last line */
	const char	*want_err;	/* substring of the error */
	size_t		 want_used;	/* 0: whole input */
};

#define IN(s)	(s), sizeof(s) - 1

static const struct reply_case cases[] = {
	{ "single", IN("220 fake.test ESMTP\r\n"), MT_REPLY_DONE, 220, 1,
	    "fake.test ESMTP", NULL, 0 },
	{ "multi-line", IN("250-fake.test\r\n250-PIPELINING\r\n"
	    "250 STARTTLS\r\n"), MT_REPLY_DONE, 250, 3, "STARTTLS", NULL, 0 },
	{ "LF only", IN("220-a\n220 b\n"), MT_REPLY_DONE, 220, 2, "b", NULL,
	    0 },
	{ "mixed CRLF and LF", IN("220-a\r\n220 b\n"), MT_REPLY_DONE, 220,
	    2, "b", NULL, 0 },
	{ "bare code", IN("220\r\n"), MT_REPLY_DONE, 220, 1, "", NULL, 0 },
	{ "code and space", IN("554 \r\n"), MT_REPLY_DONE, 554, 1, "", NULL,
	    0 },
	{ "tab in text", IN("250 a\tb\r\n"), MT_REPLY_DONE, 250, 1, "a\tb",
	    NULL, 0 },
	{ "8-bit text", IN("220 h\xc3\xa9llo\r\n"), MT_REPLY_DONE, 220, 1,
	    "h\xc3\xa9llo", NULL, 0 },
	{ "pipelined bytes stay", IN("250 ok\r\n250 next\r\n"),
	    MT_REPLY_DONE, 250, 1, "ok", NULL, 8 },
	{ "TLS bytes stay", IN("220 2.0.0 Ready\r\n\x16\x03\x03"),
	    MT_REPLY_DONE, 220, 1, "2.0.0 Ready", NULL, 17 },
	{ "mixed codes", IN("250-a\r\n251 b\r\n"), MT_REPLY_BAD, 0, 0, NULL,
	    "line 2: code 251 differs from 250 on line 1", 0 },
	{ "bad separator", IN("220_x\r\n"), MT_REPLY_BAD, 0, 0, NULL,
	    "line 1: \"220_x\": bad separator after code 220", 0 },
	{ "HTTP", IN("HTTP/1.1 400 Bad Request\r\n"), MT_REPLY_BAD, 0, 0,
	    NULL, "line 1: \"HTTP/1.1 400 Bad Request\" is not an SMTP reply",
	    0 },
	{ "code 6xx", IN("600 x\r\n"), MT_REPLY_BAD, 0, 0, NULL,
	    "is not an SMTP reply", 0 },
	{ "code 1xx", IN("199 x\r\n"), MT_REPLY_BAD, 0, 0, NULL,
	    "is not an SMTP reply", 0 },
	{ "short code", IN("22\r\n"), MT_REPLY_BAD, 0, 0, NULL,
	    "line 1: \"22\" is not an SMTP reply", 0 },
	{ "letter in code", IN("2a0 x\r\n"), MT_REPLY_BAD, 0, 0, NULL,
	    "is not an SMTP reply", 0 },
	{ "empty line", IN("\r\n"), MT_REPLY_BAD, 0, 0, NULL,
	    "line 1: \"\" is not an SMTP reply", 0 },
	{ "bad second line", IN("250-a\r\nxyz\r\n"), MT_REPLY_BAD, 0, 0, NULL,
	    "line 2: \"xyz\" is not an SMTP reply", 0 },
	{ "NUL", "220 a\0b\r\n", 9, MT_REPLY_BAD, 0, 0, NULL,
	    "line 1: control byte 0x00 at offset 5", 6 },
	{ "bare CR", IN("220-ok\r\n220 a\rb\r\n"), MT_REPLY_BAD, 0, 0, NULL,
	    "line 2: control byte 0x0d at offset 5", 15 },
	{ "ESC", IN("220 \x1b[31m\r\n"), MT_REPLY_BAD, 0, 0, NULL,
	    "line 1: control byte 0x1b at offset 4", 5 },
	{ "DEL", IN("220 \x7f\r\n"), MT_REPLY_BAD, 0, 0, NULL,
	    "control byte 0x7f", 5 },
	{ "TLS record", IN("\x16\x03\x01\x00\x05"), MT_REPLY_BAD, 0, 0, NULL,
	    "line 1: control byte 0x16 at offset 0", 1 },
};

/* feed - feed in pieces of at most step bytes; total used returned. */
static int
feed(struct mt_reply_parser *p, const char *in, size_t len, size_t step,
    size_t *total)
{
	size_t off = 0, n, used;
	int st = MT_REPLY_MORE;

	*total = 0;
	while (off < len) {
		n = len - off < step ? len - off : step;
		st = mt_reply_parser_feed(p, in + off, n, &used);
		assert_true(used <= n);
		*total += used;
		if (st != MT_REPLY_MORE)
			return st;
		assert_int_equal(used, n);
		off += n;
	}
	return st;
}

/* feed_split - feed in two pieces, split at cut. */
static int
feed_split(struct mt_reply_parser *p, const char *in, size_t len, size_t cut,
    size_t *total)
{
	size_t used;
	int st;

	st = mt_reply_parser_feed(p, in, cut, &used);
	*total = used;
	if (st != MT_REPLY_MORE)
		return st;
	assert_int_equal(used, cut);
	st = mt_reply_parser_feed(p, in + cut, len - cut, &used);
	*total += used;
	return st;
}

static void
check_result(const struct reply_case *tc, struct mt_reply_parser *p, int st,
    size_t used, size_t len, const char *how)
{
	const struct mt_smtp_reply *r;
	size_t want_used = tc->want_used != 0 ? tc->want_used : len;

	if (st != tc->want_status)
		fail_msg("%s (%s): got status %d, want %d (error \"%s\")",
		    tc->name, how, st, tc->want_status,
		    mt_reply_parser_error(p));
	if (used != want_used)
		fail_msg("%s (%s): got used %zu, want %zu", tc->name, how, used,
		    want_used);
	if (st == MT_REPLY_BAD) {
		assert_null(mt_reply_parser_reply(p));
		if (strstr(mt_reply_parser_error(p), tc->want_err) == NULL)
			fail_msg("%s (%s): got error \"%s\", want \"%s\"",
			    tc->name, how, mt_reply_parser_error(p),
			    tc->want_err);
		return;
	}
	r = mt_reply_parser_reply(p);
	assert_non_null(r);
	if (r->code != tc->want_code || r->nlines != tc->want_nlines)
		fail_msg("%s (%s): got code %d nlines %zu, want %d %zu",
		    tc->name, how, r->code, r->nlines, tc->want_code,
		    tc->want_nlines);
	if (strcmp(r->lines[r->nlines - 1], tc->want_last) != 0)
		fail_msg("%s (%s): got last line \"%s\", want \"%s\"",
		    tc->name, how, r->lines[r->nlines - 1], tc->want_last);
}

static void
test_table(void **state)
{
	struct mt_reply_parser *p;
	const struct reply_case *tc;
	size_t i, len, cut, used;
	char how[32];
	int st;

	assert_non_null(p = mt_reply_parser_new());
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tc = &cases[i];
		len = tc->len != 0 ? tc->len : strlen(tc->in);

		mt_reply_parser_reset(p);
		st = feed(p, tc->in, len, len, &used);
		check_result(tc, p, st, used, len, "one feed");

		mt_reply_parser_reset(p);
		st = feed(p, tc->in, len, 1, &used);
		check_result(tc, p, st, used, len, "byte by byte");

		for (cut = 0; cut <= len; cut++) {
			mt_reply_parser_reset(p);
			st = feed_split(p, tc->in, len, cut, &used);
			(void)snprintf(how, sizeof(how), "split at %zu", cut);
			check_result(tc, p, st, used, len, how);
		}
	}
	mt_reply_parser_free(p);
}

/* Every proper prefix of a valid reply asks for more bytes. */
static void
test_every_prefix(void **state)
{
	struct mt_reply_parser *p;
	const struct reply_case *tc;
	size_t i, len, n, used;
	int st;

	assert_non_null(p = mt_reply_parser_new());
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tc = &cases[i];
		if (tc->want_status != MT_REPLY_DONE)
			continue;
		len = tc->want_used != 0 ? tc->want_used :
		    (tc->len != 0 ? tc->len : strlen(tc->in));
		for (n = 0; n < len; n++) {
			mt_reply_parser_reset(p);
			st = mt_reply_parser_feed(p, tc->in, n, &used);
			if (st != MT_REPLY_MORE || used != n)
				fail_msg("%s: prefix %zu: got status %d used "
				    "%zu, want MORE %zu", tc->name, n, st, used,
				    n);
			assert_null(mt_reply_parser_reply(p));
		}
	}
	mt_reply_parser_free(p);
}

/* Build "250-x" lines; the last one with ' '. */
static char *
make_lines(size_t nlines, char last_sep, size_t *lenp)
{
	char *buf, *o;
	size_t i;

	assert_non_null(buf = malloc(nlines * 8 + 1));
	o = buf;
	for (i = 0; i < nlines; i++) {
		memcpy(o, "250-x\r\n", 7);
		if (i + 1 == nlines)
			o[3] = last_sep;
		o += 7;
	}
	*o = '\0';
	*lenp = (size_t)(o - buf);
	return buf;
}

static void
test_line_count(void **state)
{
	struct mt_reply_parser *p;
	size_t len, used;
	char *in;
	int st;

	assert_non_null(p = mt_reply_parser_new());

	in = make_lines(MT_SMTP_REPLY_LINES_MAX, ' ', &len);
	st = mt_reply_parser_feed(p, in, len, &used);
	assert_int_equal(st, MT_REPLY_DONE);
	assert_int_equal(used, len);
	assert_int_equal(mt_reply_parser_reply(p)->nlines,
	    MT_SMTP_REPLY_LINES_MAX);
	free(in);

	mt_reply_parser_reset(p);
	in = make_lines(MT_SMTP_REPLY_LINES_MAX + 1, ' ', &len);
	st = mt_reply_parser_feed(p, in, len, &used);
	assert_int_equal(st, MT_REPLY_BAD);
	if (strstr(mt_reply_parser_error(p),
	    "line 128: reply continues past 128 lines") == NULL)
		fail_msg("got error \"%s\"", mt_reply_parser_error(p));
	free(in);
	mt_reply_parser_free(p);
}

static void
test_long_line(void **state)
{
	struct mt_reply_parser *p;
	size_t len, used, pre;
	char *in;
	int st;

	assert_non_null(p = mt_reply_parser_new());
	pre = strlen("250-a\r\n250-b\r\n");
	assert_non_null(in = malloc(pre + MT_SMTP_LINE_MAX + 3));

	/* Exactly MT_SMTP_LINE_MAX bytes on line 3 is fine. */
	memcpy(in, "250-a\r\n250-b\r\n250 ", pre + 4);
	memset(in + pre + 4, 'a', MT_SMTP_LINE_MAX - 4);
	memcpy(in + pre + MT_SMTP_LINE_MAX, "\r\n", 2);
	len = pre + MT_SMTP_LINE_MAX + 2;
	st = mt_reply_parser_feed(p, in, len, &used);
	assert_int_equal(st, MT_REPLY_DONE);
	assert_int_equal(used, len);
	assert_int_equal(strlen(mt_reply_parser_reply(p)->lines[2]),
	    MT_SMTP_LINE_MAX - 4);

	/* One more byte is not, and is seen before any line end. */
	mt_reply_parser_reset(p);
	memset(in + pre + 4, 'a', MT_SMTP_LINE_MAX - 3);
	st = mt_reply_parser_feed(p, in, pre + MT_SMTP_LINE_MAX + 1, &used);
	assert_int_equal(st, MT_REPLY_BAD);
	assert_string_equal(mt_reply_parser_error(p),
	    "reply line 3 longer than 16384 bytes");
	free(in);
	mt_reply_parser_free(p);
}

/* After DONE the parser consumes nothing until reset, then goes on. */
static void
test_done_then_reset(void **state)
{
	static const char in[] = "250 a\r\n250-b\r\n250 c\r\n";
	struct mt_reply_parser *p;
	size_t used, off;
	int st;

	assert_non_null(p = mt_reply_parser_new());
	st = mt_reply_parser_feed(p, in, sizeof(in) - 1, &used);
	assert_int_equal(st, MT_REPLY_DONE);
	off = used;
	assert_int_equal(off, 7);
	st = mt_reply_parser_feed(p, in + off, sizeof(in) - 1 - off, &used);
	assert_int_equal(st, MT_REPLY_DONE);
	assert_int_equal(used, 0);
	mt_reply_parser_reset(p);
	st = mt_reply_parser_feed(p, in + off, sizeof(in) - 1 - off, &used);
	assert_int_equal(st, MT_REPLY_DONE);
	assert_int_equal(off + used, sizeof(in) - 1);
	assert_int_equal(mt_reply_parser_reply(p)->nlines, 2);
	assert_string_equal(mt_reply_parser_reply(p)->lines[0], "b");
	mt_reply_parser_free(p);
	mt_reply_parser_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_every_prefix),
		cmocka_unit_test(test_line_count),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_done_then_reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
