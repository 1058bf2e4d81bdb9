/*
 * follow.c - follow a growing log file (tail -F) into a struct mt_logs,
 * surviving rotation
 *
 * Each poll reads what is new and returns; it never blocks or sleeps.
 * Rotation by rename (logrotate "create", newsyslog) is seen as a new
 * device/inode at the path: the rest of the old file is read first, then
 * the new file from its start.  Truncation in place (logrotate
 * "copytruncate") is seen as a size below the offset read so far: reading
 * restarts at 0.  A path that is missing is retried on every poll and
 * reported once, after a grace period, until it comes back.  Lines are
 * assembled with mt_log_lines (reader.c): a last line without its newline
 * waits for the rest, and is fed as it is at close.  Gzip files cannot be
 * followed.  The file's bytes are untrusted and go through the same line
 * intake as mt_logs_feed_file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "logs/logs_int.h"

#define FOLLOW_CHUNK		(256 * 1024)
#define FOLLOW_POLL_MAX		(64UL * 1024 * 1024)	/* bytes per poll */
#define FOLLOW_GRACE_MS		2000

struct mt_logs_follow {
	struct mt_logs		*lg;
	char			*path;
	char			*buf;
	struct mt_log_lines	 lines;
	int			 fd;		/* -1: waiting for the path */
	dev_t			 dev;
	ino_t			 ino;
	off_t			 off;		/* bytes of fd read so far */
	unsigned		 grace_ms;
	bool			 missing;	/* path absent since missing_at */
	bool			 reported;	/* the absence was reported */
	struct timespec		 missing_at;
	struct mt_logs_follow_stats stats;
};

static uint64_t
follow_ms_since(const struct timespec *t0)
{
	struct timespec now;
	int64_t ms;

	if (clock_gettime(CLOCK_MONOTONIC, &now) != 0)
		return 0;
	ms = (int64_t)(now.tv_sec - t0->tv_sec) * 1000 +
	    (now.tv_nsec - t0->tv_nsec) / 1000000;
	return ms > 0 ? (uint64_t)ms : 0;
}

/* follow_is_gzip - the gzip magic at the start of fd. */
static bool
follow_is_gzip(int fd)
{
	unsigned char m[2];

	return pread(fd, m, 2, 0) == 2 && m[0] == 0x1f && m[1] == 0x8b;
}

/* follow_drain - read fd from off to its end (at most FOLLOW_POLL_MAX). */
static int
follow_drain(struct mt_logs_follow *f, struct mt_error *e)
{
	size_t total = 0;
	ssize_t n;

	while (total < FOLLOW_POLL_MAX) {
		n = pread(f->fd, f->buf, FOLLOW_CHUNK, f->off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			mt_error_set(e, MT_ERR_INPUT, "%s: read", f->path);
			return -1;
		}
		if (n == 0)
			break;
		mt_log_lines_feed(&f->lines, f->buf, (size_t)n);
		f->off += n;
		f->stats.bytes += (uint64_t)n;
		total += (size_t)n;
	}
	return 0;
}

static void
follow_close_fd(struct mt_logs_follow *f)
{
	if (f->fd != -1)
		(void)close(f->fd);
	f->fd = -1;
}

/* follow_reopen - open the path anew, from its start; false if absent. */
static bool
follow_reopen(struct mt_logs_follow *f)
{
	struct stat st;
	int fd;

	if ((fd = open(f->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1)
		return false;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		(void)close(fd);
		return false;
	}
	f->fd = fd;
	f->dev = st.st_dev;
	f->ino = st.st_ino;
	f->off = 0;
	return true;
}

struct mt_logs_follow *
mt_logs_follow_open(struct mt_logs *lg, const char *path, int flags,
    struct mt_error *e)
{
	struct mt_logs_follow *f;
	struct stat st;
	size_t n;

	mt_error_clear(e);
	n = strlen(path);
	if (strcmp(path, "-") == 0) {
		mt_error_setx(e, MT_ERR_USAGE, "standard input cannot be "
		    "followed; pipe it without --follow");
		return NULL;
	}
	if (n >= 3 && strcmp(path + n - 3, ".gz") == 0) {
		mt_error_setx(e, MT_ERR_USAGE, "%s: gzip files cannot be "
		    "followed", path);
		return NULL;
	}
	if ((f = calloc(1, sizeof(*f))) == NULL) {
		mt_error_setx(e, MT_ERR_INTERNAL, "%s: out of memory", path);
		return NULL;
	}
	f->fd = -1;
	if ((f->path = strdup(path)) == NULL ||
	    (f->buf = malloc(FOLLOW_CHUNK)) == NULL ||
	    mt_log_lines_init(&f->lines, lg) == -1) {
		mt_error_setx(e, MT_ERR_INTERNAL, "%s: out of memory", path);
		goto fail;
	}
	f->lg = lg;
	f->grace_ms = FOLLOW_GRACE_MS;
	if ((f->fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1) {
		mt_error_set(e, MT_ERR_INPUT, "%s", path);
		goto fail;
	}
	if (fstat(f->fd, &st) == -1) {
		mt_error_set(e, MT_ERR_INPUT, "%s", path);
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		mt_error_setx(e, MT_ERR_USAGE, "%s: not a regular file; only "
		    "files can be followed", path);
		goto fail;
	}
	if (follow_is_gzip(f->fd)) {
		mt_error_setx(e, MT_ERR_USAGE, "%s: gzip files cannot be "
		    "followed", path);
		goto fail;
	}
	f->dev = st.st_dev;
	f->ino = st.st_ino;
	f->off = (flags & MT_LOGS_FOLLOW_FROM_START) ? 0 : st.st_size;
	return f;
 fail:
	mt_logs_follow_close(f);
	return NULL;
}

void
mt_logs_follow_set_grace(struct mt_logs_follow *f, unsigned ms)
{
	f->grace_ms = ms;
}

/*
 * follow_missing - the path is absent: report it once, after the grace
 * period.  Returns -1 (with e set) only the time it reports.
 */
static int
follow_missing(struct mt_logs_follow *f, struct mt_error *e)
{
	if (!f->missing) {
		f->missing = true;
		(void)clock_gettime(CLOCK_MONOTONIC, &f->missing_at);
	}
	if (f->reported || follow_ms_since(&f->missing_at) < f->grace_ms)
		return 0;
	f->reported = true;
	f->stats.missing_reports++;
	mt_error_setx(e, MT_ERR_INPUT, "%s: missing; still waiting for it%s",
	    f->path, f->fd != -1 ? " (the old file is still read)" : "");
	return -1;
}

int
mt_logs_follow_poll(struct mt_logs_follow *f, struct mt_error *e)
{
	struct stat st, cur;
	int rv = 0;

	mt_error_clear(e);
	if (f->fd == -1) {
		if (!follow_reopen(f))
			return follow_missing(f, e);
		f->stats.reopens++;
		f->missing = f->reported = false;
	}
	/* Truncated in place (copytruncate): start again at 0. */
	if (fstat(f->fd, &cur) == 0 && cur.st_size < f->off) {
		mt_log_lines_finish(&f->lines);
		f->off = 0;
		f->stats.truncations++;
	}
	if (follow_drain(f, e) == -1) {
		follow_close_fd(f);
		return -1;
	}
	/* Renamed away, or replaced: finish the old file, take the new. */
	if (stat(f->path, &st) == -1) {
		if (errno == ENOENT || errno == ENOTDIR)
			return follow_missing(f, e);
		mt_error_set(e, MT_ERR_INPUT, "%s", f->path);
		return -1;
	}
	f->missing = f->reported = false;
	if (st.st_dev == f->dev && st.st_ino == f->ino)
		return 0;
	if (follow_drain(f, e) == -1)
		rv = -1;
	mt_log_lines_finish(&f->lines);
	follow_close_fd(f);
	f->stats.rotations++;
	if (!follow_reopen(f))
		return rv;
	if (follow_is_gzip(f->fd)) {
		/* A compressed file moved into place: skip its bytes. */
		f->off = st.st_size;
		mt_error_setx(e, MT_ERR_INPUT, "%s: replaced by a gzip file, "
		    "which cannot be followed; waiting for a plain one",
		    f->path);
		return -1;
	}
	if (follow_drain(f, e) == -1) {
		follow_close_fd(f);
		return -1;
	}
	return rv;
}

void
mt_logs_follow_stats(const struct mt_logs_follow *f,
    struct mt_logs_follow_stats *out)
{
	*out = f->stats;
}

void
mt_logs_follow_close(struct mt_logs_follow *f)
{
	if (f == NULL)
		return;
	if (f->lines.line != NULL) {
		mt_log_lines_finish(&f->lines);
		mt_log_lines_free(&f->lines);
	}
	follow_close_fd(f);
	free(f->buf);
	free(f->path);
	free(f);
}
