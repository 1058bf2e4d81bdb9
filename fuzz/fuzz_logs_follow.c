/*
 * fuzz_logs_follow.c - libFuzzer target for following a log file
 * (follow.c over reader.c's line assembly)
 *
 * A temporary file is written in pieces while one follower polls it.
 * Input: a flags byte (bit 0: MT_LOGS_FOLLOW_FROM_START, bit 1: the first
 * piece is written before the follower opens), then records
 * "op arg len payload[len]" (at most FUZZ_OPS); op % 8 is
 *   0 append, 1 append without polling, 2 shrink in place to arg bytes
 *   (copytruncate) and append, 3 append then rotate (rename away, new
 *   empty file), 4 rotate then write the new file, 5 remove the file,
 *   6 replace it with a gzip-looking file, 7 poll twice.
 * Every record but 1 ends with a poll; the follower is polled once more
 * and closed at the end.  Invariants: a failed poll says why; no more
 * bytes are read than were written; with only appends and polls, every
 * byte written after the open is read (none is left unread) and every
 * line counted; the events obey fuzz_logs_event.h.  abort() on
 * violation.  The files live in one mkdtemp directory, removed at exit.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mailtls/logs.h"
#include "fuzz_logs_event.h"

#define FUZZ_OPS	64

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char fuzz_dir[64], fuzz_path[96], fuzz_old[96], fuzz_tmp[96];

static void
fuzz_cleanup(void)
{
	(void)unlink(fuzz_path);
	(void)unlink(fuzz_old);
	(void)unlink(fuzz_tmp);
	(void)rmdir(fuzz_dir);
}

static int
fuzz_setup(void)
{
	if (fuzz_dir[0] != '\0')
		return 0;
	(void)snprintf(fuzz_dir, sizeof(fuzz_dir), "/tmp/fuzz_follow.XXXXXX");
	if (mkdtemp(fuzz_dir) == NULL) {
		fuzz_dir[0] = '\0';
		return -1;
	}
	(void)snprintf(fuzz_path, sizeof(fuzz_path), "%s/log", fuzz_dir);
	(void)snprintf(fuzz_old, sizeof(fuzz_old), "%s/log.1", fuzz_dir);
	(void)snprintf(fuzz_tmp, sizeof(fuzz_tmp), "%s/log.tmp", fuzz_dir);
	atexit(fuzz_cleanup);
	return 0;
}

/* fuzz_write - write n bytes to path (appending, or anew); -1 on error. */
static int
fuzz_write(const char *path, const void *p, size_t n, bool append)
{
	int fd, rv = 0;

	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC |
	    (append ? O_APPEND : O_TRUNC), 0600);
	if (fd == -1)
		return -1;
	if (n > 0 && write(fd, p, n) != (ssize_t)n)
		rv = -1;
	(void)close(fd);
	return rv;
}

static void
fuzz_poll(struct mt_logs_follow *f)
{
	struct mt_error e;

	memset(&e, 0, sizeof(e));
	if (mt_logs_follow_poll(f, &e) == -1 && e.msg[0] == '\0')
		abort();
}

/* fuzz_lines - lines and bytes the intake counts for n bytes of a file. */
static void
fuzz_lines(const uint8_t *p, size_t n, uint64_t *lines, uint64_t *bytes)
{
	size_t i;

	*lines = 0;
	for (i = 0; i < n; i++)
		if (p[i] == '\n')
			(*lines)++;
	*bytes = n;
	if (n > 0 && p[n - 1] != '\n') {
		(*lines)++;
		(*bytes)++;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t gz[] = { 0x1f, 0x8b, 0x08, 0x00 };
	const struct mt_logs_summary *s;
	struct mt_logs_follow_stats st;
	struct stat sb;
	struct mt_logs_follow *f = NULL;
	struct mt_logs *lg;
	struct mt_error e;
	uint8_t *seen = NULL;	/* the bytes appended after the open */
	size_t pos = 1, nseen = 0, k, len, ops;
	uint64_t written = 0, lines, bytes;
	bool simple = true;
	int flags;

	if (size < 1 || fuzz_setup() == -1)
		return 0;
	(void)unlink(fuzz_path);
	(void)unlink(fuzz_old);
	(void)unlink(fuzz_tmp);
	if ((lg = mt_logs_new(2026)) == NULL)
		return 0;
	mt_logs_set_event_cb(lg, fuzz_event_cb, NULL);
	flags = data[0] & 1 ? MT_LOGS_FOLLOW_FROM_START : 0;
	if ((seen = malloc(size)) == NULL)
		goto out;
	/* The first piece: up to the first newline of what follows. */
	k = 0;
	if (data[0] & 2) {
		while (pos + k < size && data[pos + k] != '\n')
			k++;
		if (pos + k < size)
			k++;
	}
	if (fuzz_write(fuzz_path, data + pos, k, false) == -1)
		goto out;
	written += k;
	if (flags & MT_LOGS_FOLLOW_FROM_START) {
		memcpy(seen, data + pos, k);
		nseen = k;
	}
	pos += k;
	memset(&e, 0, sizeof(e));
	if ((f = mt_logs_follow_open(lg, fuzz_path, flags, &e)) == NULL) {
		if (e.msg[0] == '\0')
			abort();
		goto out;
	}
	mt_logs_follow_set_grace(f, 0);
	for (ops = 0; ops < FUZZ_OPS && pos + 3 <= size; ops++) {
		int op = data[pos] % 8;
		unsigned arg = data[pos + 1];

		len = data[pos + 2];
		pos += 3;
		if (len > size - pos)
			len = size - pos;
		if (op != 0 && op != 1 && op != 7)
			simple = false;
		switch (op) {
		case 2:
			/*
			 * Shrink only: growing would add unwritten zeros.
			 * The arg bytes kept are read again from 0.
			 */
			if (stat(fuzz_path, &sb) == 0 &&
			    sb.st_size > (off_t)arg &&
			    truncate(fuzz_path, (off_t)arg) == 0)
				written += arg;
			/* FALLTHROUGH */
		case 0:
		case 1:
			(void)fuzz_write(fuzz_path, data + pos, len, true);
			memcpy(seen + nseen, data + pos, len);
			nseen += len;
			break;
		case 3:
			(void)fuzz_write(fuzz_path, data + pos, len, true);
			(void)rename(fuzz_path, fuzz_old);
			(void)fuzz_write(fuzz_path, "", 0, false);
			break;
		case 4:
			(void)rename(fuzz_path, fuzz_old);
			(void)fuzz_write(fuzz_path, data + pos, len, false);
			break;
		case 5:
			(void)unlink(fuzz_path);
			break;
		case 6:
			if (fuzz_write(fuzz_tmp, gz, sizeof(gz), false) == 0 &&
			    fuzz_write(fuzz_tmp, data + pos, len, true) == 0)
				(void)rename(fuzz_tmp, fuzz_path);
			written += sizeof(gz);
			break;
		case 7:
			fuzz_poll(f);
			break;
		}
		written += len;
		pos += len;
		if (op != 1)
			fuzz_poll(f);
	}
	fuzz_poll(f);
	mt_logs_follow_stats(f, &st);
	if (st.bytes > written)
		abort();
	mt_logs_follow_close(f);
	f = NULL;
	s = mt_logs_summary(lg);
	fuzz_check_counts(s);
	if (simple) {
		fuzz_lines(seen, nseen, &lines, &bytes);
		if (st.bytes != nseen || st.rotations != 0 ||
		    st.truncations != 0 || st.unread != 0 ||
		    s->counts.lines != lines ||
		    s->counts.bytes != bytes)
			abort();
	}
 out:
	mt_logs_follow_close(f);
	mt_logs_free(lg);
	free(seen);
	return 0;
}
