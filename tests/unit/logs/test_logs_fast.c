/*
 * test_logs_fast.c - the fast paths of src/lib/logs against the plain
 * code they stand for (docs/internals/logs.md, "Speed"): the substring
 * search and line scan, the pid read as one word, the classifier memo,
 * tokens, the 64-byte block reader and over-long lines through it.  Each
 * compares with a plain computation over many generated inputs from a
 * fixed pseudo-random sequence, after cases written by hand where a
 * reader needs them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mailtls/logs.h"
#include "core/mt_limits.h"
#include "logs/logs_int.h"

/* lcg_step - the next state of the tests' fixed pseudo-random sequence. */
static void
lcg_step(uint32_t *x)
{
	*x = *x * 1103515245U + 12345U;
}

/* rand_text - n bytes of the first k letters of alpha into text. */
static void
rand_text(char *text, size_t n, const char *alpha, size_t k, uint32_t *x)
{
	size_t i;

	for (i = 0; i < n; i++) {
		lcg_step(x);
		text[i] = alpha[(*x >> 16) % k];
	}
}

/*
 * test_find_scan - mt_log_find against a plain search and
 * mt_log_scan_line against a plain loop, on texts of a few bytes (so that
 * matches and near-matches are frequent) at every length around the 16-
 * and 32-byte blocks of the SIMD paths.
 */
static void
test_find_scan(void **state)
{
	static const char alpha[] = " a=b:\t\n\001\177";
	char text[96], needle[16];
	const char *got, *want;
	uint32_t x = 12345;
	size_t n, nl, i, k, round, wantk;
	bool ctl, wantctl;

	(void)state;
	for (round = 0; round < 20000; round++) {
		n = round % 90;
		nl = (round / 90) % 14;
		/* mostly the first five letters; a few controls */
		rand_text(text, n, alpha, round % 3 == 0 ? 9 : 5, &x);
		rand_text(needle, nl, alpha, 5, &x);
		want = NULL;
		if (nl == 0)
			want = text;
		for (i = 0; want == NULL && nl <= n && i + nl <= n; i++)
			if (memcmp(text + i, needle, nl) == 0)
				want = text + i;
		got = mt_log_find(text, n, needle, nl);
		if (got != want)
			fail_msg("find %zu-byte needle in %zu bytes: got %td, "
			    "want %td", nl, n, got == NULL ? -1 : got - text,
			    want == NULL ? -1 : want - text);
		wantctl = false;
		for (wantk = 0; wantk < n && text[wantk] != '\n'; wantk++)
			if (((unsigned char)text[wantk] < 0x20 &&
			    text[wantk] != '\t') || text[wantk] == 0x7f)
				wantctl = true;
		k = mt_log_scan_line(text, n, &ctl);
		if (k != wantk || ctl != wantctl)
			fail_msg("scan %zu bytes: got %zu/%d, want %zu/%d", n,
			    k, ctl, wantk, wantctl);
	}
}

/*
 * test_header_pid - pids of every length from 0 to 12 digits (leading
 * zeros, values over 32 bits, a byte that is not a digit inside, the line
 * ending just after), read eight bytes at a time by the syslog fast path
 * or by the general parser: a pid is taken when it is all digits with a
 * value that fits 32 bits.
 */
static void
test_header_pid(void **state)
{
	static const struct {
		const char	*line;
		bool		 ok;
		unsigned long	 pid;
	} cases[] = {
		{ "Nov 22 12:00:00 mx postfix/smtpd[12345678]: x", true,
		    12345678 },
		{ "Nov 22 12:00:00 mx postfix/smtpd[123]: 12345678", true, 123 },
		{ "Nov 22 12:00:00 mx postfix/smtpd[7]:", true, 7 },
		{ "Nov 22 12:00:00 mx postfix/smtpd[4294967295]: x", true,
		    4294967295UL },
		{ "Nov 22 12:00:00 mx postfix/smtpd[4294967296]: x", false, 0 },
		{ "Nov 22 12:00:00 mx postfix/smtpd[]: x", false, 0 },
		{ "Nov 22 12:00:00 mx postfix/smtpd[12a]: x", false, 0 },
	};
	struct mt_log_line l;
	char line[128], pid[16];
	uint64_t v;
	uint32_t x = 99;
	size_t n, i, round;
	bool digits, got, want;

	(void)state;
	/* by hand first: the digits in the order they are written */
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&l, 0, sizeof(l));
		got = mt_log_header_parse(cases[i].line, strlen(cases[i].line),
		    2026, &l);
		if (got != cases[i].ok || (got && l.pid != cases[i].pid))
			fail_msg("\"%s\": got %d pid %lu", cases[i].line, got,
			    l.pid);
	}
	for (round = 0; round < 20000; round++) {
		n = round % 13;
		digits = true;
		v = 0;
		for (i = 0; i < n; i++) {
			lcg_step(&x);
			pid[i] = (char)('0' + (x >> 16) % 10);
			if (round % 5 == 0 && i < 3)
				pid[i] = '0';
			if (round % 11 == 0 && (x >> 8) % 6 == 0)
				pid[i] = "a/ x"[(x >> 20) % 4];
			if (pid[i] < '0' || pid[i] > '9')
				digits = false;
			else if (v <= 0xffffffffULL)
				v = v * 10 + (uint64_t)(pid[i] - '0');
		}
		pid[n] = '\0';
		(void)snprintf(line, sizeof(line), "Nov 22 12:00:00 mx "
		    "postfix/smtpd[%s]: %s", pid,
		    round % 2 == 0 ? "" : "connect from a[192.0.2.1]");
		memset(&l, 0, sizeof(l));
		got = mt_log_header_parse(line, strlen(line), 2026, &l);
		want = n > 0 && digits && v <= 0xffffffffULL;
		if (got != want || (got && l.pid != v))
			fail_msg("\"%s\": got %d pid %lu, want %d pid %llu",
			    line, got, l.pid, want, (unsigned long long)v);
	}
}

/*
 * test_classify_memo - mt_log_classify_memo gives what mt_log_classify
 * gives, text after text: repeated texts (found in the memo), more texts
 * than slots (replaced), texts that name an alert, that do not (the
 * event's alert stays), that differ in case or one byte, longer than the
 * memo keeps, and empty; with and without a reason already set.
 */
static void
test_classify_memo(void **state)
{
	static const char *const texts[] = {
		"error:0A000412:SSL routines::sslv3 alert bad certificate:"
		    "../ssl/record/rec_layer_s3.c:1602:SSL alert number 42:",
		"error:0A00018C:SSL routines::version too low:../ssl/statem/"
		    "statem_srvr.c:1664:",
		"error:0A0000C1:SSL routines::no shared cipher:",
		"(gnutls_handshake): No supported cipher suites have been "
		    "found.",
		"SSL alert number 48",
		"tlsv1 alert unknown ca",
		"TLSV1 ALERT UNKNOWN CA",
		"handshake timed out",
		"something else entirely",
		"",
	};
	const size_t nt = sizeof(texts) / sizeof(texts[0]);
	struct mt_log_event a, b;
	struct mt_log_memo *memo;
	struct mt_log_cur c;
	char text[400];
	uint32_t x = 31337;
	size_t round, n, k;

	(void)state;
	assert_non_null(memo = calloc(1, sizeof(*memo)));
	for (round = 0; round < 6000; round++) {
		lcg_step(&x);
		k = (x >> 16) % nt;
		n = strlen(texts[k]);
		memcpy(text, texts[k], n);
		if (round % 3 == 0 && n > 0)	/* many distinct texts */
			text[(x >> 4) % n] = (char)('a' + (x >> 24) % 26);
		if (round % 17 == 0) {		/* longer than the memo keeps */
			memset(text + n, 'z', 250);
			n += 250;
		}
		mt_log_cur_init(&c, text, n);
		memset(&a, 0, sizeof(a));
		memcpy(a.alert, "prior", 6);
		if (round % 2 == 0)
			memcpy(a.reason, "set", 4);
		b = a;
		mt_log_classify(&c, &a);
		mt_log_classify_memo(memo, &c, &b);
		if (a.fail_class != b.fail_class ||
		    strcmp(a.alert, b.alert) != 0 ||
		    strcmp(a.reason, b.reason) != 0)
			fail_msg("\"%.*s\": got %d \"%s\", want %d \"%s\"",
			    (int)n, text, b.fail_class, b.alert, a.fail_class,
			    a.alert);
	}
	free(memo);
}

/*
 * test_token - mt_log_cur_token against a plain loop, on texts of a few
 * bytes (stop bytes and NULs frequent) at every length around the 16-byte
 * blocks of mt_log_span3, with maxima below, at and above the token, for
 * sets of one to three bytes and a longer one (read byte by byte).
 */
static void
test_token(void **state)
{
	static const char alpha[] = "aaab :[x";
	static const char *const stops[] = { " ", ": ", "[: ", "", "ab:[" };
	struct mt_log_cur c, tok;
	char text[96];
	const char *stop;
	uint32_t x = 4242;
	size_t n, max, lim, i, round, want;
	bool got, wantok;

	(void)state;
	for (round = 0; round < 30000; round++) {
		n = round % 90;
		rand_text(text, n, alpha, 8, &x);
		for (i = 0; i < n && round % 7 == 0; i++) {
			lcg_step(&x);
			if ((x >> 8) % 13 == 0)
				text[i] = '\0';
		}
		lcg_step(&x);
		max = (x >> 16) % 100;
		stop = stops[round % 5];
		lim = n < max + 1 ? n : max + 1;
		for (want = 0; want < lim && text[want] != '\0' &&
		    strchr(stop, text[want]) == NULL; want++)
			continue;
		wantok = want <= max;
		mt_log_cur_init(&c, text, n);
		got = mt_log_cur_token(&c, stop, max, &tok);
		if (got != wantok || (got && (tok.p != text || tok.n != want ||
		    c.p != text + want || c.n != n - want)) ||
		    (!got && (c.p != text || c.n != n)))
			fail_msg("token \"%s\" max %zu in %zu bytes: got "
			    "%d/%zu, want %d/%zu", stop, max, n, got,
			    got ? tok.n : 0, wantok, want);
	}
}

/*
 * test_lines_blocks - mt_log_lines_feed (the chunk scanned in 64-byte
 * blocks, the last lines one by one) against mt_logs_feed_line on each
 * line: lines of every length around the blocks, with control bytes,
 * NULs, tabs and CRs anywhere, empty lines, a last line without newline,
 * and the text cut into chunks at random offsets.
 */
static void
test_lines_blocks(void **state)
{
	static const char base[] = "Nov 22 12:00:00 mx postfix/smtpd[1]: "
	    "lost connection after STARTTLS from a.example[192.0.2.1]";
	static const char bad[] = { '\001', '\177', '\037', '\t', '\r', '\0',
	    '\n' };
	const struct mt_logs_summary *sa, *sb;
	struct mt_logs *ga, *gb;
	struct mt_log_lines r;
	char line[256], *buf;
	size_t cap = 1 << 20, len = 0, n, i, k, off, round;
	uint32_t x = 777;

	(void)state;
	assert_non_null(buf = malloc(cap));
	assert_non_null(ga = mt_logs_new(2026));
	assert_non_null(gb = mt_logs_new(2026));
	for (round = 0; round < 4000; round++) {
		lcg_step(&x);
		n = (x >> 16) % 200;
		for (i = 0; i < n; i++)
			line[i] = i < sizeof(base) - 1 ? base[i] : 'x';
		lcg_step(&x);
		/* anything but a newline, at any place */
		if (n > 0 && (x >> 16) % 3 == 0)
			line[(x >> 4) % n] = bad[(x >> 24) % 6];
		memcpy(buf + len, line, n);
		len += n;
		if (round < 3999)
			buf[len++] = '\n';
		mt_logs_feed_line(gb, line, n);
	}
	assert_int_equal(mt_log_lines_init(&r, ga), 0);
	for (off = 0; off < len; off += k) {
		lcg_step(&x);
		k = 1 + (x >> 16) % 400;
		if (k > len - off)
			k = len - off;
		mt_log_lines_feed(&r, buf + off, k);
	}
	mt_log_lines_finish(&r);
	mt_log_lines_free(&r);
	sa = mt_logs_summary(ga);
	sb = mt_logs_summary(gb);
	assert_int_equal(sa->counts.lines, sb->counts.lines);
	assert_int_equal(sa->counts.recognised, sb->counts.recognised);
	assert_int_equal(sa->counts.unrecognised, sb->counts.unrecognised);
	assert_int_equal(sa->counts.events, sb->counts.events);
	assert_int_equal(sa->counts.bytes, sb->counts.bytes);
	assert_true(sb->counts.unrecognised > 100 && sb->counts.events > 100);
	mt_logs_free(ga);
	mt_logs_free(gb);
	free(buf);
}

/*
 * test_lines_long - lines around MT_LOG_LINE_MAX between two short ones,
 * fed whole (the 64-byte block reader sees the long line) and in 1000-byte
 * chunks (the carried-line path): a line longer than the maximum is
 * counted as skipped, with its bytes, and the lines around it are read.
 */
static void
test_lines_long(void **state)
{
	static const char shortl[] = "Nov 22 12:00:00 mx postfix/smtpd[1]: "
	    "connect from a.example[192.0.2.1]\n";
	static const struct {
		size_t	 len;		/* of the long line, without newline */
		uint64_t skipped;
	} cases[] = {
		{ MT_LOG_LINE_MAX - 1, 0 },
		{ MT_LOG_LINE_MAX, 0 },
		{ MT_LOG_LINE_MAX + 1, 1 },
		{ MT_LOG_LINE_MAX + 63, 1 },
		{ 3 * MT_LOG_LINE_MAX, 1 },
	};
	const struct mt_logs_summary *s;
	struct mt_logs *lg;
	struct mt_log_lines r;
	size_t i, len, off, k, sl = sizeof(shortl) - 1;
	char *buf;
	int whole;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (whole = 0; whole < 2; whole++) {
			len = 2 * sl + cases[i].len + 1;
			assert_non_null(buf = malloc(len));
			memcpy(buf, shortl, sl);
			memset(buf + sl, 'x', cases[i].len);
			buf[sl + cases[i].len] = '\n';
			memcpy(buf + sl + cases[i].len + 1, shortl, sl);
			assert_non_null(lg = mt_logs_new(2026));
			assert_int_equal(mt_log_lines_init(&r, lg), 0);
			for (off = 0; off < len; off += k) {
				k = whole ? len : 1000;
				if (k > len - off)
					k = len - off;
				mt_log_lines_feed(&r, buf + off, k);
			}
			mt_log_lines_finish(&r);
			mt_log_lines_free(&r);
			s = mt_logs_summary(lg);
			assert_int_equal(s->counts.lines, 3);
			assert_int_equal(s->counts.skipped, cases[i].skipped);
			assert_int_equal(s->counts.recognised, 2);
			assert_int_equal(s->counts.bytes, len);
			mt_logs_free(lg);
			free(buf);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find_scan),
		cmocka_unit_test(test_header_pid),
		cmocka_unit_test(test_classify_memo),
		cmocka_unit_test(test_token),
		cmocka_unit_test(test_lines_blocks),
		cmocka_unit_test(test_lines_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
