/*
 * fuzz_logs_reader.c - libFuzzer target for reading log files (reader.c:
 * plain files by read(2), gzip through zlib, line assembly)
 *
 * The content is the input, or, when it starts with 'R', input[2..]
 * repeated 1 + input[1] times (long lines across reads and the line
 * cap).  It is read through mt_logs_feed_file as
 *   1. the file as it is (arbitrary gzip when it starts with the magic);
 *   2. gzip-compressed (level from the input, 1 for long content): all
 *      of it, no error;
 *   3. two gzip members one after the other: the content twice;
 *   4. the compressed file cut short: an error, never more lines;
 *   5. the compressed file with one byte flipped: no crash.
 * One struct mt_logs reads them all; the counts of a plain read grow by
 * one line per newline and one for a last line without one, bytes by as
 * many as read (plus that newline).  Events obey
 * fuzz_logs_event.h.  abort() on violation.  Files live in one mkdtemp
 * directory, removed at exit.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "mailtls/logs.h"
#include "fuzz_logs_event.h"

#define FUZZ_MAX	(320 * 1024)	/* content bytes: past a 256K read */

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char fuzz_dir[64], fuzz_path[96];

static void
fuzz_cleanup(void)
{
	(void)unlink(fuzz_path);
	(void)rmdir(fuzz_dir);
}

static int
fuzz_setup(void)
{
	if (fuzz_dir[0] != '\0')
		return 0;
	(void)snprintf(fuzz_dir, sizeof(fuzz_dir), "/tmp/fuzz_reader.XXXXXX");
	if (mkdtemp(fuzz_dir) == NULL) {
		fuzz_dir[0] = '\0';
		return -1;
	}
	(void)snprintf(fuzz_path, sizeof(fuzz_path), "%s/in", fuzz_dir);
	atexit(fuzz_cleanup);
	return 0;
}

/*
 * fuzz_feed - write n bytes (twice when twice) to the file and read it
 * into lg; returns mt_logs_feed_file's result and in *c what the counts
 * grew by.  -2: the file could not be written.
 */
static int
fuzz_feed(struct mt_logs *lg, const uint8_t *p, size_t n, bool twice,
    struct mt_logs_counts *c)
{
	struct mt_logs_counts before;
	struct mt_error e;
	int fd, rv, i;

	fd = open(fuzz_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd == -1)
		return -2;
	for (i = 0; i < (twice ? 2 : 1); i++)
		if (n > 0 && write(fd, p, n) != (ssize_t)n) {
			(void)close(fd);
			return -2;
		}
	(void)close(fd);
	before = mt_logs_summary(lg)->counts;
	memset(&e, 0, sizeof(e));
	rv = mt_logs_feed_file(lg, fuzz_path, &e);
	if ((rv != 0 && rv != -1) || (rv == -1 && e.msg[0] == '\0'))
		abort();
	fuzz_check_counts(mt_logs_summary(lg));
	*c = mt_logs_summary(lg)->counts;
	c->lines -= before.lines;
	c->bytes -= before.bytes;
	return rv;
}

/* fuzz_expect - the counts a plain read of p gives. */
static void
fuzz_expect(const uint8_t *p, size_t n, struct mt_logs_counts *c)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < n; i++)
		if (p[i] == '\n')
			c->lines++;
	c->bytes = n;
	if (n > 0 && p[n - 1] != '\n') {
		c->lines++;
		c->bytes++;
	}
}

/* fuzz_gzip - p as one gzip member at level; NULL on failure. */
static uint8_t *
fuzz_gzip(const uint8_t *p, size_t n, int level, size_t *outn)
{
	z_stream z;
	uint8_t *out;
	size_t cap;

	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		return NULL;
	cap = deflateBound(&z, (uLong)n) + 32;
	if ((out = malloc(cap)) == NULL) {
		(void)deflateEnd(&z);
		return NULL;
	}
	z.next_in = (Bytef *)(uintptr_t)p;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END) {
		(void)deflateEnd(&z);
		free(out);
		return NULL;
	}
	*outn = cap - z.avail_out;
	(void)deflateEnd(&z);
	return out;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mt_logs_counts want, got;
	struct mt_logs *lg;
	const uint8_t *src = data;
	uint8_t *buf = NULL, *z = NULL;
	size_t n = size, m, zn, cut, i, times = 1;
	unsigned h = 0;
	int rv;

	if (fuzz_setup() == -1)
		return 0;
	if (size >= 2 && data[0] == 'R') {
		times = 1 + (size_t)data[1];
		src = data + 2;
		m = size - 2;
		if (m > 0 && m * times > FUZZ_MAX)
			times = FUZZ_MAX / m;
		n = m * times;
	} else
		m = size;
	/* The content, twice (for the two members of step 3). */
	if ((buf = malloc(2 * n + 1)) == NULL)
		return 0;
	if ((lg = mt_logs_new(2026)) == NULL) {
		free(buf);
		return 0;
	}
	mt_logs_set_event_cb(lg, fuzz_event_cb, NULL);
	for (i = 0; i < 2 * times; i++)
		memcpy(buf + i * m, src, m);
	for (i = 0; i < size; i++)
		h = h * 31 + data[i];

	/* 1. as it is */
	if ((rv = fuzz_feed(lg, buf, n, false, &got)) == -2)
		goto out;
	fuzz_expect(buf, n, &want);
	if (!(n >= 2 && buf[0] == 0x1f && buf[1] == 0x8b) &&
	    (rv != 0 || got.lines != want.lines || got.bytes != want.bytes))
		abort();

	/* 2. compressed */
	if ((z = fuzz_gzip(buf, n, n > 65536 ? 1 : 1 + (int)(h % 9),
	    &zn)) == NULL ||
	    (rv = fuzz_feed(lg, z, zn, false, &got)) == -2)
		goto out;
	if (rv != 0 || got.lines != want.lines || got.bytes != want.bytes)
		abort();

	/* 3. two members */
	if ((rv = fuzz_feed(lg, z, zn, true, &got)) == -2)
		goto out;
	fuzz_expect(buf, 2 * n, &want);
	if (rv != 0 || got.lines != want.lines || got.bytes != want.bytes)
		abort();
	fuzz_expect(buf, n, &want);

	/* 4. cut short: at least the magic, never all of it */
	cut = 2 + (size_t)(h % (unsigned)(zn - 2));
	if ((rv = fuzz_feed(lg, z, cut, false, &got)) == -2)
		goto out;
	if (rv != -1 || got.lines > want.lines)
		abort();

	/* 5. one byte flipped */
	z[(h / 7) % zn] ^= (uint8_t)(1 + (h >> 8) % 255);
	(void)fuzz_feed(lg, z, zn, false, &got);
 out:
	mt_logs_free(lg);
	free(buf);
	free(z);
	return 0;
}
