/*
 * error.c - struct mt_error helpers
 *
 * The message buffer is fixed; nothing here allocates.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mailtls/error.h"

static const char *const error_names[] = {
	[MT_ERR_NONE] = "none",
	[MT_ERR_INTERNAL] = "internal",
	[MT_ERR_USAGE] = "usage",
	[MT_ERR_INPUT] = "input",
	[MT_ERR_RESOLVE] = "resolve",
	[MT_ERR_REFUSED] = "refused",
	[MT_ERR_UNREACHABLE] = "unreachable",
	[MT_ERR_TIMEOUT] = "timeout",
	[MT_ERR_CLOSED] = "closed",
	[MT_ERR_GREETING] = "greeting",
	[MT_ERR_NOT_SMTP] = "not-smtp",
	[MT_ERR_NO_STARTTLS] = "no-starttls",
	[MT_ERR_STARTTLS_REFUSED] = "starttls-refused",
	[MT_ERR_TLS_ALERT] = "tls-alert",
	[MT_ERR_TLS_PROTOCOL] = "tls-protocol",
	[MT_ERR_RATE_LIMITED] = "rate-limited",
	[MT_ERR_STARTTLS_INJECTION] = "starttls-injection",
};

void
mt_error_clear(struct mt_error *e)
{
	e->code = MT_ERR_NONE;
	e->sys_errno = 0;
	e->msg[0] = '\0';
}

void
mt_error_vsetx(struct mt_error *e, int code, const char *fmt, va_list ap)
{
	e->code = code;
	(void)vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
}

void
mt_error_setx(struct mt_error *e, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mt_error_vsetx(e, code, fmt, ap);
	va_end(ap);
	e->sys_errno = 0;
}

void
mt_error_set(struct mt_error *e, int code, const char *fmt, ...)
{
	va_list ap;
	int saved = errno;
	size_t n;

	va_start(ap, fmt);
	mt_error_vsetx(e, code, fmt, ap);
	va_end(ap);
	e->sys_errno = saved;
	n = strlen(e->msg);
	if (saved != 0 && n < sizeof(e->msg))
		(void)snprintf(e->msg + n, sizeof(e->msg) - n, ": %s",
		    strerror(saved));
	errno = saved;
}

void
mt_error_copy(struct mt_error *dst, const struct mt_error *src)
{
	memcpy(dst, src, sizeof(*dst));
}

const char *
mt_error_code_name(int code)
{
	if (code < 0 || (size_t)code >= sizeof(error_names) /
	    sizeof(error_names[0]) || error_names[code] == NULL)
		return "unknown";
	return error_names[code];
}
