/*
 * test_logs_input.c - mailtls logs input handling: NUL bytes, lines over
 * MT_LOG_LINE_MAX (fed directly and through a file), binary garbage,
 * truncated gzip, gzip and plain files of real lines, missing files
 *
 * argv[1] is tests/data/logs; temporary files go to $TMPDIR or /tmp.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <zlib.h>

#include "mailtls/logs.h"
#include "testutil.h"

static const char *datadir = "tests/data/logs";

static void
check_total(const struct mt_logs_summary *s)
{
	const struct mt_logs_counts *k = &s->counts;

	/* Every line is counted once, in exactly one bucket. */
	if (k->lines != k->recognised + k->unrecognised + k->skipped)
		fail_msg("lines %llu != recognised %llu + unrecognised %llu + "
		    "skipped %llu", (unsigned long long)k->lines,
		    (unsigned long long)k->recognised,
		    (unsigned long long)k->unrecognised,
		    (unsigned long long)k->skipped);
}

static void
test_nul_and_garbage(void **state)
{
	static const char nul[] = "Nov 22 12:00:00 mx postfix/smtpd[1]: "
	    "Anonymous TLS\0connection established from a[1.2.3.4]: TLSv1.3";
	const struct mt_logs_summary *s;
	struct mt_logs *lg;
	unsigned char junk[4096];
	size_t i;

	(void)state;
	assert_non_null(lg = mt_logs_new(2026));
	mt_logs_feed_line(lg, nul, sizeof(nul) - 1);
	srand(42);
	for (i = 0; i < sizeof(junk); i++)
		junk[i] = (unsigned char)(rand() & 0xff);
	for (i = 0; i < 64; i++)
		mt_logs_feed_line(lg, (const char *)junk + i * 60, 60);
	mt_logs_feed_line(lg, "", 0);
	mt_logs_feed_line(lg, "hello world", 11);
	s = mt_logs_summary(lg);
	check_total(s);
	assert_int_equal(s->counts.lines, 67);
	assert_int_equal(s->counts.events, 0);
	assert_true(s->counts.unrecognised >= 66);
	mt_logs_free(lg);
}

/* Tabs are text; DEL and other control bytes anywhere are not. */
static void
test_control_bytes(void **state)
{
	static const char base[] = "Nov 22 12:00:00 mx postfix/smtpd[1]: "
	    "lost connection after STARTTLS from a.example[192.0.2.1]";
	const struct mt_logs_summary *s;
	struct mt_logs *lg;
	char line[sizeof(base)];
	size_t i, n = sizeof(base) - 1;

	(void)state;
	assert_non_null(lg = mt_logs_new(2026));
	for (i = 0; i < n; i++) {
		memcpy(line, base, n);
		line[i] = i % 2 == 0 ? 0x7f : 0x01;
		mt_logs_feed_line(lg, line, n);
	}
	memcpy(line, base, n);
	line[n - 1] = '\t';	/* inside the message */
	mt_logs_feed_line(lg, line, n);
	s = mt_logs_summary(lg);
	check_total(s);
	assert_int_equal(s->counts.unrecognised, n);
	assert_int_equal(s->counts.recognised, 1);
	mt_logs_free(lg);
}

static void
test_long_line_direct(void **state)
{
	const struct mt_logs_summary *s;
	struct mt_logs *lg;
	char *big;
	size_t n = 100 * 1024;

	(void)state;
	assert_non_null(big = malloc(n));
	memset(big, 'A', n);
	assert_non_null(lg = mt_logs_new(2026));
	mt_logs_feed_line(lg, big, n);
	mt_logs_feed_line(lg, big, 65536);	/* at the cap: parsed */
	s = mt_logs_summary(lg);
	check_total(s);
	assert_int_equal(s->counts.skipped, 1);
	assert_int_equal(s->counts.unrecognised, 1);
	mt_logs_free(lg);
	free(big);
}

static char *
tmp_path(const char *name)
{
	const char *dir = getenv("TMPDIR");
	char *p;

	if (dir == NULL || dir[0] == '\0')
		dir = "/tmp";
	assert_true(asprintf(&p, "%s/mt_logs_%ld_%s", dir, (long)getpid(),
	    name) > 0);
	return p;
}

static const char ok_line[] = "Nov 22 12:00:01 mx postfix/smtpd[15563]: "
    "Anonymous TLS connection established from localhost[127.0.0.1]: "
    "TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)\n";

/* A file: a good line, a 100 KB line, a 10 MB line, a good line. */
static void
test_long_line_file(void **state)
{
	const struct mt_logs_summary *s;
	struct mt_logs *lg;
	struct mt_error e;
	char *path = tmp_path("long.log"), *big;
	size_t n = 10 * 1024 * 1024;
	FILE *f;

	(void)state;
	assert_non_null(big = malloc(n));
	memset(big, 'x', n);
	assert_non_null(f = fopen(path, "w"));
	fputs(ok_line, f);
	fwrite(big, 1, 100 * 1024, f);
	fputc('\n', f);
	fwrite(big, 1, n, f);
	fputc('\n', f);
	fputs(ok_line, f);
	fwrite(big, 1, 70000, f);	/* last line, no newline */
	assert_int_equal(fclose(f), 0);
	assert_non_null(lg = mt_logs_new(2026));
	assert_int_equal(mt_logs_feed_file(lg, path, &e), 0);
	s = mt_logs_summary(lg);
	check_total(s);
	assert_int_equal(s->counts.lines, 5);
	assert_int_equal(s->counts.skipped, 3);
	assert_int_equal(s->by_kind[MT_LOG_KIND_TLS_OK], 2);
	mt_logs_free(lg);
	unlink(path);
	free(path);
	free(big);
}

/* write_gz - n copies of ok_line, gzip'd; returns the compressed size. */
static long
write_gz(const char *path, int n)
{
	gzFile gz;
	FILE *f;
	long sz;
	int i;

	assert_non_null(gz = gzopen(path, "wb"));
	for (i = 0; i < n; i++)
		assert_true(gzputs(gz, ok_line) > 0);
	assert_int_equal(gzclose(gz), Z_OK);
	assert_non_null(f = fopen(path, "rb"));
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	sz = ftell(f);
	fclose(f);
	return sz;
}

static void
test_gzip(void **state)
{
	const struct mt_logs_summary *s;
	struct mt_logs *lg;
	struct mt_error e;
	char *path = tmp_path("ok.log.gz");

	(void)state;
	(void)write_gz(path, 1000);
	assert_non_null(lg = mt_logs_new(2026));
	assert_int_equal(mt_logs_feed_file(lg, path, &e), 0);
	s = mt_logs_summary(lg);
	assert_int_equal(s->counts.lines, 1000);
	assert_int_equal(s->by_kind[MT_LOG_KIND_TLS_OK], 1000);
	mt_logs_free(lg);
	unlink(path);
	free(path);
}

static void
test_gzip_truncated(void **state)
{
	const struct mt_logs_summary *s;
	struct mt_logs *lg;
	struct mt_error e;
	char *path = tmp_path("trunc.log.gz");
	long sz;

	(void)state;
	sz = write_gz(path, 5000);
	assert_int_equal(truncate(path, sz / 2), 0);
	assert_non_null(lg = mt_logs_new(2026));
	assert_int_equal(mt_logs_feed_file(lg, path, &e), -1);
	assert_int_equal(e.code, MT_ERR_INPUT);
	assert_non_null(strstr(e.msg, "gzip"));
	s = mt_logs_summary(lg);
	check_total(s);
	/* The lines before the damage are kept and counted. */
	assert_true(s->by_kind[MT_LOG_KIND_TLS_OK] > 0);
	mt_logs_free(lg);
	unlink(path);
	free(path);
}

static void
test_missing_file(void **state)
{
	struct mt_logs *lg;
	struct mt_error e;

	(void)state;
	assert_non_null(lg = mt_logs_new(2026));
	assert_int_equal(mt_logs_feed_file(lg, "/nonexistent/maillog", &e),
	    -1);
	assert_int_equal(e.code, MT_ERR_INPUT);
	mt_logs_free(lg);
}

/* The real corpora: counted fully, every MTA found, nothing crashes. */
static void
test_corpora(void **state)
{
	static const char *files[] = { "corpus-public.log",
	    "corpus-exim-testsuite.log", "mixed.log" };
	const struct mt_logs_summary *s;
	struct mt_logs *lg;
	struct mt_error e;
	char path[1024];
	size_t i;
	int m;

	(void)state;
	assert_non_null(lg = mt_logs_new(2026));
	for (i = 0; i < 3; i++) {
		(void)snprintf(path, sizeof(path), "%s/%s", datadir, files[i]);
		if (mt_logs_feed_file(lg, path, &e) != 0)
			fail_msg("%s", e.msg);
	}
	s = mt_logs_summary(lg);
	check_total(s);
	for (m = 1; m < MT_LOG_NMTA; m++)
		if (s->by_mta[m] == 0)
			fail_msg("no events of %s", mt_log_mta_name(m));
	assert_true(s->counts.recognised > s->counts.unrecognised * 5);
	mt_logs_free(lg);
}

static void
test_filter(void **state)
{
	struct mt_logs_filter f = { 0 };
	const struct mt_logs_summary *s;
	struct mt_logs *lg;
	struct mt_error e;
	char path[1024];

	(void)state;
	(void)snprintf(path, sizeof(path), "%s/mixed.log", datadir);
	f.direction = MT_LOG_DIR_OUT;
	f.peer = "127.0.0.1";
	assert_non_null(lg = mt_logs_new(2026));
	assert_int_equal(mt_logs_set_filter(lg, &f), 0);
	assert_int_equal(mt_logs_feed_file(lg, path, &e), 0);
	s = mt_logs_summary(lg);
	assert_true(s->counts.filtered > 0);
	assert_true(s->npeers >= 1);
	assert_int_equal(s->peers[0].direction, MT_LOG_DIR_OUT);
	assert_string_equal(s->peers[0].ip, "127.0.0.1");
	mt_logs_free(lg);
}

int
main(int argc, char *argv[])
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nul_and_garbage),
		cmocka_unit_test(test_control_bytes),
		cmocka_unit_test(test_long_line_direct),
		cmocka_unit_test(test_long_line_file),
		cmocka_unit_test(test_gzip),
		cmocka_unit_test(test_gzip_truncated),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_corpora),
		cmocka_unit_test(test_filter),
	};

	if (argc > 1)
		datadir = argv[1];
	return cmocka_run_group_tests_name("logs-input", tests, NULL, NULL);
}
