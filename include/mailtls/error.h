/*
 * error.h - error values of libmailtls
 *
 * Operations return 0 or -1 and leave the reason in the object's
 * struct mt_error.  The message buffer is fixed so that the error path never
 * allocates.  Findings about a peer are not errors (see finding.h).
 */
#ifndef MAILTLS_ERROR_H
#define MAILTLS_ERROR_H

#include <stdarg.h>

/* Error classes; the CLI maps them to one-line messages and exit codes. */
enum mt_error_code {
	MT_ERR_NONE = 0,
	MT_ERR_INTERNAL,	/* allocation, a bug */
	MT_ERR_USAGE,		/* bad argument from the caller */
	MT_ERR_INPUT,		/* malformed file or string input */
	MT_ERR_RESOLVE,		/* name did not resolve */
	MT_ERR_REFUSED,		/* TCP connection refused */
	MT_ERR_UNREACHABLE,	/* network or host unreachable */
	MT_ERR_TIMEOUT,		/* a step passed its deadline */
	MT_ERR_CLOSED,		/* peer closed the connection */
	MT_ERR_GREETING,	/* 421/554 or other non-220 greeting */
	MT_ERR_NOT_SMTP,	/* peer does not speak SMTP */
	MT_ERR_NO_STARTTLS,	/* STARTTLS not advertised */
	MT_ERR_STARTTLS_REFUSED, /* STARTTLS answered 4xx/5xx */
	MT_ERR_TLS_ALERT,	/* TLS alert received */
	MT_ERR_TLS_PROTOCOL,	/* malformed or unexpected TLS bytes */
	MT_ERR_RATE_LIMITED,	/* 421 or refusal in the middle of a run */
	MT_ERR_STARTTLS_INJECTION, /* plaintext bytes after 220 to STARTTLS */
};

struct mt_error {
	int	code;		/* enum mt_error_code */
	int	sys_errno;	/* errno at the time, or 0 */
	char	msg[256];
};

void	 mt_error_clear(struct mt_error *);
/* mt_error_set - record code, errno and a message (err(3) style). */
void	 mt_error_set(struct mt_error *, int, const char *, ...)
	    __attribute__((__format__(__printf__, 3, 4)));
/* mt_error_setx - record code and message without errno (errx(3) style). */
void	 mt_error_setx(struct mt_error *, int, const char *, ...)
	    __attribute__((__format__(__printf__, 3, 4)));
void	 mt_error_vsetx(struct mt_error *, int, const char *, va_list);
/* mt_error_copy - copy src into dst. */
void	 mt_error_copy(struct mt_error *, const struct mt_error *);
/* mt_error_code_name - short stable name of a code, for JSON ("timeout"). */
const char *mt_error_code_name(int);

#endif /* MAILTLS_ERROR_H */
