/*
 * syslog2file.c - LD_PRELOAD shim for the sendmail of the MTA lab: writes
 * what sendmail hands to syslog(3) to a file, and answers gethostname(2)
 *
 * sendmail logs only through syslog(3) and the lab has no /dev/log, so
 * openlog/syslog/vsyslog/__syslog_chk/__vsyslog_chk/closelog are replaced
 * here: each message becomes one line "Mmm dd hh:mm:ss HOST IDENT[PID]: MSG"
 * appended to the file named by $SYSLOG2FILE (read in a constructor,
 * because sendmail scrubs its environment right after start).
 * gethostname() returns $SYSLOG2FILE_HOST (default mx-sendmail.lab.test):
 * otherwise sendmail sleeps 60 s when the machine's name does not resolve.
 *
 * Trust: test-lab code, loaded only into the lab's own sendmail on
 * 127.0.0.1 (tests/lab/mta/mtalab.sh); the messages come from sendmail and
 * are written as they are, one write(2) per line, cut at 4 KiB.
 * Ownership: the path and the host name are copied into static buffers.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#define S2F_LINE_MAX	4096

static char	s2f_path[1024];
static char	s2f_host[256] = "mx-sendmail.lab.test";
static char	s2f_ident[64] = "sendmail";

void	openlog(const char *, int, int);
void	closelog(void);
void	syslog(int, const char *, ...);
void	vsyslog(int, const char *, va_list);
void	__syslog_chk(int, int, const char *, ...);
void	__vsyslog_chk(int, int, const char *, va_list);
int	gethostname(char *, size_t);

static void
s2f_copy(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

__attribute__((constructor)) static void
s2f_init(void)
{
	const char *p;

	if ((p = getenv("SYSLOG2FILE")) != NULL)
		s2f_copy(s2f_path, sizeof(s2f_path), p);
	if ((p = getenv("SYSLOG2FILE_HOST")) != NULL && *p != '\0')
		s2f_copy(s2f_host, sizeof(s2f_host), p);
}

void
openlog(const char *ident, int option, int facility)
{
	(void)option;
	(void)facility;
	if (ident != NULL)
		s2f_copy(s2f_ident, sizeof(s2f_ident), ident);
}

void
closelog(void)
{
}

void
vsyslog(int pri, const char *fmt, va_list ap)
{
	char line[S2F_LINE_MAX], msg[S2F_LINE_MAX], stamp[32];
	struct tm tm;
	time_t now;
	int fd, n, saved = errno;

	(void)pri;
	if (s2f_path[0] == '\0')
		return;
	/* %m in the format means strerror(errno), as in syslog(3). */
	errno = saved;
	if (vsnprintf(msg, sizeof(msg), fmt, ap) < 0)
		return;
	now = time(NULL);
	if (localtime_r(&now, &tm) == NULL ||
	    strftime(stamp, sizeof(stamp), "%b %e %H:%M:%S", &tm) == 0)
		return;
	n = snprintf(line, sizeof(line), "%s %s %s[%ld]: %s\n", stamp,
	    s2f_host, s2f_ident, (long)getpid(), msg);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line)) {
		n = sizeof(line) - 1;
		line[n - 1] = '\n';
	}
	if ((fd = open(s2f_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
	    0644)) == -1)
		return;
	(void)write(fd, line, (size_t)n);
	close(fd);
	errno = saved;
}

void
syslog(int pri, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsyslog(pri, fmt, ap);
	va_end(ap);
}

void
__vsyslog_chk(int pri, int flag, const char *fmt, va_list ap)
{
	(void)flag;
	vsyslog(pri, fmt, ap);
}

void
__syslog_chk(int pri, int flag, const char *fmt, ...)
{
	va_list ap;

	(void)flag;
	va_start(ap, fmt);
	vsyslog(pri, fmt, ap);
	va_end(ap);
}

int
gethostname(char *name, size_t len)
{
	size_t n = strlen(s2f_host);

	if (n + 1 > len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(name, s2f_host, n + 1);
	return 0;
}
