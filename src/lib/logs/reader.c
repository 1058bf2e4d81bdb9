/*
 * reader.c - read a log file (plain or gzip, "-" for stdin) line by line
 * into mt_logs_feed_line()
 *
 * zlib reads plain files through unchanged.  Lines longer than
 * MT_LOG_LINE_MAX are counted as skipped, never silently dropped; a
 * truncated or corrupt gzip stream is an error after the lines before it
 * have been fed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

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

/* mt_log_lines_feed - split a chunk at newlines; whole lines in place. */
void
mt_log_lines_feed(struct mt_log_lines *r, const char *p, size_t n)
{
	const char *nl;
	size_t k;

	while (n > 0) {
		if ((nl = memchr(p, '\n', n)) == NULL) {
			reader_take(r, p, n);
			return;
		}
		k = (size_t)(nl - p);
		if (r->len == 0 && r->over == 0) {
			if (k > MT_LOG_LINE_MAX)
				mt_logs_count_skipped(r->lg, k + 1);
			else
				mt_logs_feed_line(r->lg, p, k);
		} else {
			reader_take(r, p, k);
			reader_end_line(r);
		}
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
	if ((gz = gzdopen(fd, "rb")) == NULL) {
		mt_error_setx(e, MT_ERR_INTERNAL, "%s: out of memory", path);
		close(fd);
		goto out;
	}
	(void)gzbuffer(gz, READER_CHUNK);
	if ((buf = malloc(READER_CHUNK)) == NULL) {
		mt_error_setx(e, MT_ERR_INTERNAL, "%s: out of memory", path);
		goto out;
	}
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
