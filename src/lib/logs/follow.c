/*
 * follow.c - follow a growing log file (tail -F) into a struct mt_logs,
 * surviving rotation
 *
 * Each poll reads what is new and returns; it never blocks or sleeps, and
 * reads at most FOLLOW_POLL_MAX bytes.  Rotation by rename (logrotate
 * "create", newsyslog) is seen as a new device/inode at the path.  The old
 * file stays open as a source of its own and is read before the new one
 * (lines keep their order) until it has been at its end and quiet for the
 * grace period: a syslogd writes to it until its HUP, and a catch-up of a
 * big file takes more than one poll.  Its last line without a newline is
 * then fed and it is closed.  At most FOLLOW_NSRC files are open; a newer
 * file at the path waits for room.  Truncation in place (logrotate
 * "copytruncate", or a copy over the file) is seen as a size below the
 * offset or, since the file may have grown past the offset again before
 * the poll, as a change of the last FOLLOW_TAIL bytes before the offset:
 * reading restarts at 0 and a partial line of the old content is dropped
 * (counted as skipped).  A path that is missing is retried on every poll
 * and reported once, after the grace period, until it comes back.  Lines
 * are assembled with mt_log_lines (reader.c): a last line without its
 * newline waits for the rest; at close it is fed only if the file was
 * read to its end (else it is a piece cut at a chunk boundary, and
 * mt_logs_follow_stats counts it as unread).  Gzip files cannot be
 * followed.  The file's bytes are untrusted and go through the same line
 * intake as mt_logs_feed_file.  The follower owns its descriptors, buffer
 * and path copy; lg is borrowed.
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
#define FOLLOW_NSRC		4	/* open files: old ones and the live */
#define FOLLOW_TAIL		64	/* bytes before the offset, compared */

/* One open file: src[0] is read and fed, the last is the live one. */
struct follow_src {
	int			 fd;
	dev_t			 dev;
	ino_t			 ino;
	off_t			 off;		/* bytes of fd read so far */
	bool			 eof;		/* the last read hit the end */
	struct timespec		 last;		/* last data, or renamed away */
	size_t			 ntail;
	unsigned char		 tail[FOLLOW_TAIL]; /* the bytes before off */
};

struct mt_logs_follow {
	struct mt_logs		*lg;
	char			*path;
	char			*buf;
	struct mt_log_lines	 lines;
	struct follow_src	 src[FOLLOW_NSRC];
	size_t			 nsrc;
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

/* follow_keep_tail - remember the last FOLLOW_TAIL bytes read. */
static void
follow_keep_tail(struct follow_src *s, const char *p, size_t n)
{
	size_t keep;

	if (n >= FOLLOW_TAIL) {
		memcpy(s->tail, p + n - FOLLOW_TAIL, FOLLOW_TAIL);
		s->ntail = FOLLOW_TAIL;
		return;
	}
	keep = s->ntail < FOLLOW_TAIL - n ? s->ntail : FOLLOW_TAIL - n;
	memmove(s->tail, s->tail + s->ntail - keep, keep);
	memcpy(s->tail + keep, p, n);
	s->ntail = keep + n;
}

/* follow_load_tail - read the bytes before s->off (a start at the end). */
static void
follow_load_tail(struct follow_src *s)
{
	size_t k;

	k = s->off < FOLLOW_TAIL ? (size_t)s->off : FOLLOW_TAIL;
	s->ntail = 0;
	if (k > 0 && pread(s->fd, s->tail, k, s->off - (off_t)k) ==
	    (ssize_t)k)
		s->ntail = k;
}

/* follow_drop_partial - forget a partial line; it counts as cut. */
static void
follow_drop_partial(struct mt_logs_follow *f, bool count)
{
	if (count && (f->lines.len > 0 || f->lines.over > 0))
		mt_logs_count_cut(f->lg, f->lines.len + f->lines.over);
	f->lines.len = 0;
	f->lines.over = 0;
}

/*
 * follow_truncated - the file was truncated or rewritten in place: it is
 * shorter than the offset, or the bytes before the offset changed.
 */
static bool
follow_truncated(const struct follow_src *s)
{
	unsigned char now[FOLLOW_TAIL];
	struct stat st;

	if (fstat(s->fd, &st) == 0 && st.st_size < s->off)
		return true;
	if (s->ntail == 0)
		return false;
	return pread(s->fd, now, s->ntail, s->off - (off_t)s->ntail) !=
	    (ssize_t)s->ntail || memcmp(now, s->tail, s->ntail) != 0;
}

/*
 * follow_drain - read s from its offset towards its end, taking from
 * *budget; s->eof tells whether the end was reached.
 */
static int
follow_drain(struct mt_logs_follow *f, struct follow_src *s, size_t *budget,
    struct mt_error *e)
{
	size_t want;
	ssize_t n;
	bool any = false;

	s->eof = false;
	while (*budget > 0) {
		want = *budget < FOLLOW_CHUNK ? *budget : FOLLOW_CHUNK;
		n = pread(s->fd, f->buf, want, s->off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			mt_error_set(e, MT_ERR_INPUT, "%s: read", f->path);
			return -1;
		}
		if (n == 0) {
			s->eof = true;
			break;
		}
		mt_log_lines_feed(&f->lines, f->buf, (size_t)n);
		follow_keep_tail(s, f->buf, (size_t)n);
		s->off += n;
		f->stats.bytes += (uint64_t)n;
		*budget -= (size_t)n;
		any = true;
	}
	if (any)
		(void)clock_gettime(CLOCK_MONOTONIC, &s->last);
	return 0;
}

/* follow_shift - close src[0]; the next file becomes the one read. */
static void
follow_shift(struct mt_logs_follow *f)
{
	(void)close(f->src[0].fd);
	memmove(&f->src[0], &f->src[1], (f->nsrc - 1) * sizeof(f->src[0]));
	f->nsrc--;
}

/* follow_known - the file st is one of the open sources. */
static bool
follow_known(const struct mt_logs_follow *f, const struct stat *st)
{
	size_t i;

	for (i = 0; i < f->nsrc; i++)
		if (f->src[i].dev == st->st_dev && f->src[i].ino == st->st_ino)
			return true;
	return false;
}

/*
 * follow_add - open the file now at the path as the newest source, read
 * from its start.  0; -1 with e set for a gzip file (its bytes skipped).
 */
static int
follow_add(struct mt_logs_follow *f, struct mt_error *e)
{
	struct follow_src *s;
	struct stat st;
	int fd;

	if (f->nsrc == FOLLOW_NSRC)
		return 0;	/* it waits until an old file is done */
	if ((fd = open(f->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1)
		return 0;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    follow_known(f, &st)) {
		(void)close(fd);
		return 0;
	}
	if (f->nsrc > 0) {
		f->stats.rotations++;
		(void)clock_gettime(CLOCK_MONOTONIC,
		    &f->src[f->nsrc - 1].last);
	} else
		f->stats.reopens++;
	s = &f->src[f->nsrc++];
	memset(s, 0, sizeof(*s));
	s->fd = fd;
	s->dev = st.st_dev;
	s->ino = st.st_ino;
	(void)clock_gettime(CLOCK_MONOTONIC, &s->last);
	if (follow_is_gzip(fd)) {
		/* A compressed file moved into place: skip its bytes. */
		s->off = st.st_size;
		follow_load_tail(s);
		mt_error_setx(e, MT_ERR_INPUT, "%s: replaced by a gzip file, "
		    "which cannot be followed; waiting for a plain one",
		    f->path);
		return -1;
	}
	return 0;
}

struct mt_logs_follow *
mt_logs_follow_open(struct mt_logs *lg, const char *path, int flags,
    struct mt_error *e)
{
	struct mt_logs_follow *f;
	struct follow_src *s;
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
	if ((f->path = strdup(path)) == NULL ||
	    (f->buf = malloc(FOLLOW_CHUNK)) == NULL ||
	    mt_log_lines_init(&f->lines, lg) == -1) {
		mt_error_setx(e, MT_ERR_INTERNAL, "%s: out of memory", path);
		goto fail;
	}
	f->lg = lg;
	f->grace_ms = FOLLOW_GRACE_MS;
	s = &f->src[0];
	if ((s->fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1) {
		mt_error_set(e, MT_ERR_INPUT, "%s", path);
		goto fail;
	}
	f->nsrc = 1;
	if (fstat(s->fd, &st) == -1) {
		mt_error_set(e, MT_ERR_INPUT, "%s", path);
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		mt_error_setx(e, MT_ERR_USAGE, "%s: not a regular file; only "
		    "files can be followed", path);
		goto fail;
	}
	if (follow_is_gzip(s->fd)) {
		mt_error_setx(e, MT_ERR_USAGE, "%s: gzip files cannot be "
		    "followed", path);
		goto fail;
	}
	s->dev = st.st_dev;
	s->ino = st.st_ino;
	s->off = (flags & MT_LOGS_FOLLOW_FROM_START) ? 0 : st.st_size;
	follow_load_tail(s);
	(void)clock_gettime(CLOCK_MONOTONIC, &s->last);
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
	    f->path, f->nsrc > 0 ? " (the old file is still read)" : "");
	return -1;
}

/*
 * follow_read - read the sources in order within one poll's budget: an
 * old file is closed (its last line fed) once it is at its end and has
 * been quiet for the grace period, and only then is the next one read.
 */
static int
follow_read(struct mt_logs_follow *f, struct mt_error *e)
{
	struct follow_src *s;
	size_t budget = FOLLOW_POLL_MAX;

	while (f->nsrc > 0) {
		s = &f->src[0];
		if (follow_truncated(s)) {
			follow_drop_partial(f, true);
			s->off = 0;
			s->ntail = 0;
			f->stats.truncations++;
		}
		if (follow_drain(f, s, &budget, e) == -1) {
			/*
			 * The live file keeps its place and offset and is
			 * tried again next poll (reopening it would read it
			 * again from the start); a rotated-away file is
			 * given up.
			 */
			if (f->nsrc > 1) {
				follow_drop_partial(f, false);
				follow_shift(f);
			}
			return -1;
		}
		if (f->nsrc == 1 || !s->eof ||
		    follow_ms_since(&s->last) < f->grace_ms)
			break;
		mt_log_lines_finish(&f->lines);
		follow_shift(f);
	}
	return 0;
}

int
mt_logs_follow_poll(struct mt_logs_follow *f, struct mt_error *e)
{
	struct mt_error e2;
	struct stat st;
	int rv = 0;

	mt_error_clear(e);
	if (stat(f->path, &st) == -1) {
		if (errno == ENOENT || errno == ENOTDIR)
			rv = follow_missing(f, e);
		else {
			mt_error_set(e, MT_ERR_INPUT, "%s", f->path);
			rv = -1;
		}
	} else {
		f->missing = f->reported = false;
		if (!follow_known(f, &st))
			rv = follow_add(f, e);
	}
	if (follow_read(f, rv == -1 ? &e2 : e) == -1 && rv == 0)
		rv = -1;
	return rv;
}

void
mt_logs_follow_stats(const struct mt_logs_follow *f,
    struct mt_logs_follow_stats *out)
{
	struct stat st;
	uint64_t unread = 0;
	size_t i;

	*out = f->stats;
	for (i = 0; i < f->nsrc; i++)
		if (fstat(f->src[i].fd, &st) == 0 && st.st_size > f->src[i].off)
			unread += (uint64_t)(st.st_size - f->src[i].off);
	/* A partial line of a file not read to its end is not fed. */
	if (f->nsrc > 0 && fstat(f->src[0].fd, &st) == 0 &&
	    st.st_size > f->src[0].off)
		unread += f->lines.len + f->lines.over;
	out->unread = unread;
}

void
mt_logs_follow_close(struct mt_logs_follow *f)
{
	char c;

	if (f == NULL)
		return;
	if (f->lines.line != NULL) {
		/* A partial line counts only if its file was read to the end */
		if (f->nsrc > 0 && pread(f->src[0].fd, &c, 1,
		    f->src[0].off) == 0)
			mt_log_lines_finish(&f->lines);
		else
			follow_drop_partial(f, false);
		mt_log_lines_free(&f->lines);
	}
	while (f->nsrc > 0)
		follow_shift(f);
	free(f->buf);
	free(f->path);
	free(f);
}
