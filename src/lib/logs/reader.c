/*
 * reader.c - read a log file (plain or gzip, "-" for stdin) line by line
 * into mt_logs_feed_line()
 *
 * zlib reads plain files through unchanged.  Lines longer than
 * MT_LOG_LINE_MAX are counted as skipped, never silently dropped; a
 * truncated or corrupt gzip stream is an error after the lines before it
 * have been fed.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

#include "core/mt_limits.h"
#include "logs/logs_int.h"

#define READER_CHUNK	(256 * 1024)

int
mt_log_lines_init(struct mt_log_lines *r, struct mt_logs *lg)
{
	memset(r, 0, sizeof(*r));
	r->lg = lg;
	if ((r->line = malloc(MT_LOG_LINE_MAX)) == NULL)
		return -1;
	return 0;
}

void
mt_log_lines_free(struct mt_log_lines *r)
{
	free(r->line);
	r->line = NULL;
}

/* reader_take - append n bytes of one line (no newline) to the buffer. */
static void
reader_take(struct mt_log_lines *r, const char *p, size_t n)
{
	if (r->over > 0 || r->len + n > MT_LOG_LINE_MAX) {
		r->over += r->len + n;
		r->len = 0;
		return;
	}
	memcpy(r->line + r->len, p, n);
	r->len += n;
}

static void
reader_end_line(struct mt_log_lines *r)
{
	if (r->over > 0)
		mt_logs_count_skipped(r->lg, r->over + 1);
	else
		mt_logs_feed_line(r->lg, r->line, r->len);
	r->len = 0;
	r->over = 0;
}

/*
 * scan_block - one block of a line scan, from its byte masks: ms the
 * bytes <= 0x1f or 0x7f, mn the newlines, mt the tabs.  True when the
 * block holds the newline: its offset in *at, *ctl whether a control byte
 * came before it (in this block or, by *any, an earlier one).
 */
static inline bool
scan_block(unsigned ms, unsigned mn, unsigned mt, bool *any, size_t *at,
    bool *ctl)
{
	unsigned mc = ms & ~mn & ~mt;

	if (mn == 0) {
		*any = *any || mc != 0;
		return false;
	}
	*at = (size_t)__builtin_ctz(mn);
	*ctl = *any || (mc & ((1U << *at) - 1)) != 0;
	return true;
}

/* scan_line_sse2 - mt_log_scan_line sixteen bytes at a time. */
static size_t
scan_line_sse2(const char *p, size_t n, bool *ctl)
{
	size_t i = 0;
	bool any = false;
#if defined(__SSE2__)
	const __m128i nl = _mm_set1_epi8('\n'), tab = _mm_set1_epi8('\t');
	const __m128i lim = _mm_set1_epi8(0x1f), del = _mm_set1_epi8(0x7f);
	unsigned ms;
	size_t at;
	__m128i x;

	for (; i + 16 <= n; i += 16) {
		x = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
		/* x <= 0x1f (unsigned) or 0x7f: newline, tab or control */
		ms = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(
		    _mm_max_epu8(x, lim), lim), _mm_cmpeq_epi8(x, del)));
		if (ms != 0 && scan_block(ms,
		    (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, nl)),
		    (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, tab)),
		    &any, &at, ctl))
			return i + at;
	}
#endif
	for (; i < n && p[i] != '\n'; i++) {
		unsigned char c = (unsigned char)p[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f)
			any = true;
	}
	*ctl = any;
	return i;
}

#if defined(__x86_64__) && defined(__GNUC__)
#define SCAN_AVX2	1
/* reader_avx2 - the processor is asked once (0 unknown, 1 no, 2 yes). */
static bool
reader_avx2(void)
{
	static int avx2;

	if (avx2 == 0)
		avx2 = __builtin_cpu_supports("avx2") ? 2 : 1;
	return avx2 == 2;
}

/*
 * scan_line_avx2 - the same scan 32 bytes at a time where the processor
 * has AVX2 (the build targets plain x86-64); the last bytes go to the
 * SSE2 scan.
 */
__attribute__((target("avx2")))
static size_t
scan_line_avx2(const char *p, size_t n, bool *ctl)
{
	const __m256i nl = _mm256_set1_epi8('\n');
	const __m256i tab = _mm256_set1_epi8('\t');
	const __m256i lim = _mm256_set1_epi8(0x1f);
	const __m256i del = _mm256_set1_epi8(0x7f);
	unsigned ms;
	size_t i = 0, k, at;
	bool any = false, rest;
	__m256i x;

	for (; i + 32 <= n; i += 32) {
		x = _mm256_loadu_si256((const __m256i *)(const void *)(p + i));
		ms = (unsigned)_mm256_movemask_epi8(_mm256_or_si256(
		    _mm256_cmpeq_epi8(_mm256_max_epu8(x, lim), lim),
		    _mm256_cmpeq_epi8(x, del)));
		if (ms != 0 && scan_block(ms,
		    (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, nl)),
		    (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, tab)),
		    &any, &at, ctl))
			return i + at;
	}
	k = scan_line_sse2(p + i, n - i, &rest);
	*ctl = any || rest;
	return i + k;
}
#endif

/*
 * mt_log_scan_line - the offset of the first newline in p (n if none), and in
 * *ctl whether a control byte other than tab comes before it.  One pass
 * finds both, 32 or 16 bytes at a time with AVX2 or SSE2, so a clean line
 * is not scanned again for control bytes (mt_log_dispatch).
 */
size_t
mt_log_scan_line(const char *p, size_t n, bool *ctl)
{
#if defined(SCAN_AVX2)
	if (reader_avx2())
		return scan_line_avx2(p, n, ctl);
#endif
	return scan_line_sse2(p, n, ctl);
}

/*
 * reader_masks_sse2 - the newlines of 64 bytes at p in *mn and their
 * control bytes other than tab and newline in *mc, a bit per byte.  Plain
 * C where the compiler has no SSE2 (builds off x86), like scan_line_sse2;
 * reader_blocks_sse2 is then the plain-C block reader.
 */
static inline void
reader_masks_sse2(const char *p, uint64_t *mn, uint64_t *mc)
{
	uint64_t n = 0, c = 0;
#if defined(__SSE2__)
	const __m128i nl = _mm_set1_epi8('\n'), tab = _mm_set1_epi8('\t');
	const __m128i lim = _mm_set1_epi8(0x1f), del = _mm_set1_epi8(0x7f);
	unsigned ms, mnl, mt;
	__m128i x;
	int i;

	for (i = 0; i < 4; i++) {
		x = _mm_loadu_si128((const __m128i *)(const void *)
		    (p + 16 * i));
		ms = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(
		    _mm_max_epu8(x, lim), lim), _mm_cmpeq_epi8(x, del)));
		mnl = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, nl));
		mt = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, tab));
		n |= (uint64_t)mnl << (16 * i);
		c |= (uint64_t)(ms & ~mnl & ~mt) << (16 * i);
	}
#else
	unsigned char ch;
	int i;

	for (i = 0; i < 64; i++) {
		ch = (unsigned char)p[i];
		if (ch == '\n')
			n |= 1ULL << i;
		else if ((ch < 0x20 && ch != '\t') || ch == 0x7f)
			c |= 1ULL << i;
	}
#endif
	*mn = n;
	*mc = c;
}

/*
 * reader_line - one whole line of k bytes found in place in a chunk (its
 * newline not counted): counted as skipped when over MT_LOG_LINE_MAX,
 * else fed; clean says it holds no control byte.
 */
static inline void
reader_line(struct mt_log_lines *r, const char *p, size_t k, bool clean)
{
	if (k > MT_LOG_LINE_MAX)
		mt_logs_count_skipped(r->lg, k + 1);
	else
		mt_logs_feed_clean(r->lg, p, k, clean);
}

/*
 * reader_blocks - feed the whole lines of p (n bytes, starting with a
 * line) that end in its 64-byte blocks, from one scan of the chunk: each
 * block's newline and control bits, then one line per newline bit.  The
 * offset of the first line not fed (the rest goes to the line scan).
 * Always inlined, so that each caller's masks function is.
 */
static inline __attribute__((__always_inline__)) size_t
reader_blocks(struct mt_log_lines *r, const char *p, size_t n,
    void (*masks)(const char *, uint64_t *, uint64_t *))
{
	size_t base, start = 0, at, k;
	uint64_t mn, mc;
	bool any = false;	/* a control byte in the line's blocks */

	for (base = 0; n - base >= 64; base += 64) {
		masks(p + base, &mn, &mc);
		while (mn != 0) {
			at = (size_t)__builtin_ctzll(mn);
			k = base + at - start;
			/* mc holds no bit before the line's start */
			reader_line(r, p + start, k, !any &&
			    (mc & ((1ULL << at) - 1)) == 0);
			start = base + at + 1;
			any = false;
			mn &= mn - 1;
			mc = at == 63 ? 0 : mc & (~0ULL << (at + 1));
		}
		any = any || mc != 0;
	}
	return start;
}

#if defined(SCAN_AVX2)
/*
 * reader_masks_avx2 - reader_masks_sse2 in two 32-byte halves; the
 * newline and tab compares only when the block has a byte below 0x20 or
 * 0x7f, and the tabs only when such a byte is not a newline.
 */
__attribute__((target("avx2")))
static inline void
reader_masks_avx2(const char *p, uint64_t *mn, uint64_t *mc)
{
	const __m256i nl = _mm256_set1_epi8('\n');
	const __m256i tab = _mm256_set1_epi8('\t');
	const __m256i lim = _mm256_set1_epi8(0x1f);
	const __m256i del = _mm256_set1_epi8(0x7f);
	uint64_t ms, n, t;
	__m256i x, y;

	x = _mm256_loadu_si256((const __m256i *)(const void *)p);
	y = _mm256_loadu_si256((const __m256i *)(const void *)(p + 32));
	ms = (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(
	    _mm256_cmpeq_epi8(_mm256_max_epu8(x, lim), lim),
	    _mm256_cmpeq_epi8(x, del))) |
	    (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_or_si256(
	    _mm256_cmpeq_epi8(_mm256_max_epu8(y, lim), lim),
	    _mm256_cmpeq_epi8(y, del))) << 32;
	n = 0;
	if (ms != 0)
		n = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, nl)) |
		    (uint64_t)(uint32_t)_mm256_movemask_epi8(
		    _mm256_cmpeq_epi8(y, nl)) << 32;
	*mn = n;
	*mc = 0;
	if (ms != n) {
		t = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, tab)) |
		    (uint64_t)(uint32_t)_mm256_movemask_epi8(
		    _mm256_cmpeq_epi8(y, tab)) << 32;
		*mc = ms & ~n & ~t;
	}
}

__attribute__((target("avx2")))
static size_t
reader_blocks_avx2(struct mt_log_lines *r, const char *p, size_t n)
{
	return reader_blocks(r, p, n, reader_masks_avx2);
}
#endif

static size_t
reader_blocks_sse2(struct mt_log_lines *r, const char *p, size_t n)
{
	return reader_blocks(r, p, n, reader_masks_sse2);
}

/*
 * mt_log_lines_feed - split a chunk at newlines; whole lines in place.  A
 * line carried over from the last chunk is finished first; then the lines
 * within the chunk's 64-byte blocks are fed from one scan; the last ones
 * are found line by line.
 */
void
mt_log_lines_feed(struct mt_log_lines *r, const char *p, size_t n)
{
	size_t k;
	bool ctl;

	if (n > 0 && (r->len > 0 || r->over > 0)) {
		if ((k = mt_log_scan_line(p, n, &ctl)) == n) {
			reader_take(r, p, n);
			return;
		}
		reader_take(r, p, k);
		reader_end_line(r);
		p += k + 1;
		n -= k + 1;
	}
#if defined(SCAN_AVX2)
	k = reader_avx2() ? reader_blocks_avx2(r, p, n) :
	    reader_blocks_sse2(r, p, n);
#else
	k = reader_blocks_sse2(r, p, n);
#endif
	p += k;
	n -= k;
	while (n > 0) {
		if ((k = mt_log_scan_line(p, n, &ctl)) == n) {
			reader_take(r, p, n);
			return;
		}
		reader_line(r, p, k, !ctl);
		p += k + 1;
		n -= k + 1;
	}
}

void
mt_log_lines_finish(struct mt_log_lines *r)
{
	if (r->len > 0 || r->over > 0)
		reader_end_line(r);
}

/*
 * reader_plain - a regular file that does not start with the gzip magic:
 * read(2) straight into the chunk buffer, without zlib's extra copy.
 * Pipes and gzip files go through zlib (which passes plain data on).
 */
static bool
reader_plain(int fd)
{
	unsigned char m[2];
	struct stat st;

	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode))
		return false;
	if (pread(fd, m, 2, 0) == 2 && m[0] == 0x1f && m[1] == 0x8b)
		return false;
	return true;
}

/*
 * reader_other_compression - bzip2, xz or zstd data, which only zlib's
 * gzip is read of: their bytes would count as garbage lines, so the file
 * is refused with a hint instead.  NULL if none.
 */
static const char *
reader_other_compression(int fd)
{
	unsigned char m[6];

	if (pread(fd, m, sizeof(m), 0) != (ssize_t)sizeof(m))
		return NULL;
	if (m[0] == 'B' && m[1] == 'Z' && m[2] == 'h')
		return "bzip2 (bzcat FILE | mailtls logs -)";
	if (memcmp(m, "\xfd" "7zXZ\0", 6) == 0)
		return "xz (xzcat FILE | mailtls logs -)";
	if (memcmp(m, "\x28\xb5\x2f\xfd", 4) == 0)
		return "zstd (zstdcat FILE | mailtls logs -)";
	return NULL;
}

static int
reader_read_plain(struct mt_log_lines *r, int fd, char *buf,
    const char *path, struct mt_error *e)
{
	ssize_t n;

	for (;;) {
		if ((n = read(fd, buf, READER_CHUNK)) == -1) {
			if (errno == EINTR)
				continue;
			mt_log_lines_finish(r);
			mt_error_set(e, MT_ERR_INPUT, "%s: read", path);
			return -1;
		}
		if (n == 0)
			break;
		mt_log_lines_feed(r, buf, (size_t)n);
	}
	mt_log_lines_finish(r);
	return 0;
}

int
mt_logs_feed_file(struct mt_logs *lg, const char *path, struct mt_error *e)
{
	struct mt_log_lines r;
	char *buf = NULL;
	gzFile gz = NULL;
	const char *msg;
	int fd = -1, n, zerr, rv = -1;

	mt_error_clear(e);
	if (mt_log_lines_init(&r, lg) == -1) {
		mt_error_setx(e, MT_ERR_INTERNAL, "%s: out of memory", path);
		return -1;
	}
	if (strcmp(path, "-") == 0)
		fd = dup(STDIN_FILENO);
	else
		fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1) {
		mt_error_set(e, MT_ERR_INPUT, "%s", path);
		goto out;
	}
	if ((buf = malloc(READER_CHUNK)) == NULL) {
		mt_error_setx(e, MT_ERR_INTERNAL, "%s: out of memory", path);
		close(fd);
		goto out;
	}
	if ((msg = reader_other_compression(fd)) != NULL) {
		mt_error_setx(e, MT_ERR_INPUT, "%s: compressed with %s", path,
		    msg);
		close(fd);
		goto out;
	}
	if (reader_plain(fd)) {
		rv = reader_read_plain(&r, fd, buf, path, e);
		close(fd);
		goto out;
	}
	if ((gz = gzdopen(fd, "rb")) == NULL) {
		mt_error_setx(e, MT_ERR_INTERNAL, "%s: out of memory", path);
		close(fd);
		goto out;
	}
	(void)gzbuffer(gz, READER_CHUNK);
	while ((n = gzread(gz, buf, READER_CHUNK)) > 0)
		mt_log_lines_feed(&r, buf, (size_t)n);
	mt_log_lines_finish(&r);
	msg = gzerror(gz, &zerr);
	if (msg != NULL && strncmp(msg, "<fd:", 4) == 0 &&
	    strstr(msg, ": ") != NULL)
		msg = strstr(msg, ": ") + 2;	/* zlib names the fd */
	if (n < 0 || (zerr != Z_OK && zerr != Z_STREAM_END)) {
		if (zerr == Z_ERRNO)
			mt_error_set(e, MT_ERR_INPUT, "%s: read", path);
		else
			mt_error_setx(e, MT_ERR_INPUT, "%s: corrupt or "
			    "truncated gzip data (%s)", path, msg);
		goto out;
	}
	rv = 0;
 out:
	if (gz != NULL)
		(void)gzclose(gz);
	mt_log_lines_free(&r);
	free(buf);
	return rv;
}
