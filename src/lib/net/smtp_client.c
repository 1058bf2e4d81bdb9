/*
 * smtp_client.c - SMTP client state machine on libevent, up to the point
 * where TLS starts (RFC 5321, RFC 3207 STARTTLS, RFC 8314 implicit TLS,
 * RFC 2033 LMTP)
 *
 * Steps: connect, greeting, EHLO (LHLO for LMTP; HELO once if EHLO gets
 * a 5xx), STARTTLS, ready.  Implicit TLS is ready right after connect.
 * The socket is non-blocking and driven by raw events on an explicit
 * event_base; a command is written only once the previous reply is
 * complete, and each step has its own deadline (cfg.step_timeout_ms).
 *
 * Server bytes are untrusted and go only through the reply parser
 * (smtp_reply.c).  Bytes already received after "220" to STARTTLS are
 * reported as plaintext injection instead of being handed to TLS.
 *
 * Ownership: the object owns the socket until mt_smtp_client_take_fd().
 * The done callback runs exactly once, from the event loop, as the last
 * thing the object does; the callback may free the object.
 */
#include <sys/socket.h>

#include <netinet/in.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <event2/event.h>

#include "core/mt_limits.h"
#include "mailtls/error.h"
#include "mailtls/probe.h"
#include "net/smtp_client.h"
#include "net/smtp_reply.h"

#define CLIENT_INBUF		4096	/* bytes read at a time */
#define CLIENT_OUTBUF		600	/* one command line */
#define CLIENT_EXT_MAX		32	/* EHLO keywords kept */
#define CLIENT_EXT_LEN		64	/* longest keyword kept */
#define CLIENT_NAME_MAX		255	/* EHLO argument */
#define CLIENT_TIMEOUT_DEFAULT	10000	/* ms, when cfg gives none */
#define CLIENT_QUOTE		160	/* reply text quoted in errors */
#define SMTP_PORT_SUBMISSIONS	465	/* RFC 8314 implicit TLS */

enum client_state {
	CLIENT_INIT = 0,
	CLIENT_CONNECT,
	CLIENT_GREETING,
	CLIENT_EHLO,
	CLIENT_HELO,
	CLIENT_STARTTLS,
	CLIENT_DIRECT,		/* STARTTLS sent right after the greeting */
	CLIENT_READY,
	CLIENT_FAILED,
};

static const char *const state_names[] = {
	[CLIENT_INIT] = "init",
	[CLIENT_CONNECT] = "connect",
	[CLIENT_GREETING] = "greeting",
	[CLIENT_EHLO] = "EHLO",
	[CLIENT_HELO] = "HELO",
	[CLIENT_STARTTLS] = "STARTTLS",
	[CLIENT_DIRECT] = "STARTTLS",
	[CLIENT_READY] = "ready",
	[CLIENT_FAILED] = "failed",
};

/* What each step waits for, for timeout messages. */
static const char *const state_waits[] = {
	[CLIENT_INIT] = "the start",
	[CLIENT_CONNECT] = "the connection",
	[CLIENT_GREETING] = "the greeting",
	[CLIENT_EHLO] = "the EHLO reply",
	[CLIENT_HELO] = "the HELO reply",
	[CLIENT_STARTTLS] = "the STARTTLS reply",
	[CLIENT_DIRECT] = "the STARTTLS reply",
	[CLIENT_READY] = "nothing",
	[CLIENT_FAILED] = "nothing",
};

struct mt_smtp_client {
	struct event_base	*base;
	struct mt_smtp_client_cfg cfg;
	mt_smtp_done_cb		*cb;
	void			*arg;
	int			 state;		/* enum client_state */
	int			 fd;
	int			 connect_errno;	/* connect(2) failed at once */
	struct event		*ev_connect;
	struct event		*ev_read;
	struct event		*ev_write;
	struct event		*ev_timer;
	struct mt_reply_parser	*parser;
	char			 inbuf[CLIENT_INBUF];
	size_t			 inlen;
	char			 outbuf[CLIENT_OUTBUF];
	size_t			 outlen;
	size_t			 outoff;
	struct mt_error		 error;
	char			 peer[64];	/* "127.0.0.1:25" */
	char			 ehlo_name[CLIENT_NAME_MAX + 1];
	char			 banner[256];
	bool			 helo_fallback;
	bool			 starttls_offered;
	int			 direct;	/* mt_smtp_client_direct */
	int			 last_code;
	size_t			 next;
	char			 exts[CLIENT_EXT_MAX][CLIENT_EXT_LEN];
	size_t			 ndialogue;
	struct mt_dialogue_line	 dialogue[MT_PROBE_DIALOGUE_MAX];
	char			 trace[256];	/* "connect>greeting>..." */
};

static void	client_on_connect(evutil_socket_t, short, void *);
static void	client_on_read(evutil_socket_t, short, void *);
static void	client_on_write(evutil_socket_t, short, void *);
static void	client_on_timeout(evutil_socket_t, short, void *);
static bool	client_input(struct mt_smtp_client *);

/* client_step - the name of the current step, as used in errors. */
static const char *
client_step(const struct mt_smtp_client *c)
{
	if (c->state == CLIENT_EHLO && c->cfg.mode == MT_MODE_LMTP)
		return "LHLO";
	return state_names[c->state];
}

/*
 * client_set_state - the only way to change state: record it in the trace
 * and (re)arm the step deadline.
 */
static void
client_set_state(struct mt_smtp_client *c, int state)
{
	struct timeval tv;
	size_t n;

	c->state = state;
	n = strlen(c->trace);
	if (n + 1 < sizeof(c->trace))
		(void)snprintf(c->trace + n, sizeof(c->trace) - n, "%s%s",
		    n > 0 ? ">" : "", client_step(c));
	if (state == CLIENT_READY || state == CLIENT_FAILED) {
		evtimer_del(c->ev_timer);
		return;
	}
	tv.tv_sec = c->cfg.step_timeout_ms / 1000;
	tv.tv_usec = (c->cfg.step_timeout_ms % 1000) * 1000;
	evtimer_add(c->ev_timer, &tv);
}

/* client_finish - stop all events, then run the callback as a last act. */
static void
client_finish(struct mt_smtp_client *c, int status)
{
	mt_smtp_done_cb *cb = c->cb;
	void *arg = c->arg;

	event_del(c->ev_connect);
	event_del(c->ev_read);
	event_del(c->ev_write);
	client_set_state(c, status == 0 ? CLIENT_READY : CLIENT_FAILED);
	cb(c, status, arg);
	/* The object may be gone now. */
}

static void
client_fail(struct mt_smtp_client *c, int code, const char *fmt, ...)
    __attribute__((__format__(__printf__, 3, 4)));

static void
client_fail(struct mt_smtp_client *c, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mt_error_vsetx(&c->error, code, fmt, ap);
	va_end(ap);
	c->error.sys_errno = 0;
	client_finish(c, -1);
}

/* client_fail_errno - like client_fail, with err appended (strerror). */
static void
client_fail_errno(struct mt_smtp_client *c, int code, int err,
    const char *what)
{
	errno = err;
	mt_error_set(&c->error, code, "%s", what);
	client_finish(c, -1);
}

static void
client_record(struct mt_smtp_client *c, char dir, const char *fmt, ...)
    __attribute__((__format__(__printf__, 3, 4)));

/* client_record - add one line to the transcript (truncated, capped). */
static void
client_record(struct mt_smtp_client *c, char dir, const char *fmt, ...)
{
	struct mt_dialogue_line *dl;
	va_list ap;

	if (c->ndialogue >= MT_PROBE_DIALOGUE_MAX)
		return;
	dl = &c->dialogue[c->ndialogue++];
	dl->dir = dir;
	va_start(ap, fmt);
	(void)vsnprintf(dl->text, sizeof(dl->text), fmt, ap);
	va_end(ap);
}

/* client_send - queue one command line and start writing it. */
static void
client_send(struct mt_smtp_client *c, const char *cmd, const char *argument)
{
	int n;

	if (argument != NULL) {
		n = snprintf(c->outbuf, sizeof(c->outbuf), "%s %s\r\n", cmd,
		    argument);
		client_record(c, 'C', "%s %s", cmd, argument);
	} else {
		n = snprintf(c->outbuf, sizeof(c->outbuf), "%s\r\n", cmd);
		client_record(c, 'C', "%s", cmd);
	}
	/* The name was checked in start, so the line always fits. */
	c->outlen = n > 0 && (size_t)n < sizeof(c->outbuf) ? (size_t)n : 0;
	c->outoff = 0;
	/*
	 * Write at once when the socket takes it all; otherwise (or on an
	 * error) the write event finishes the job and reports failures from
	 * the loop, so that no caller here sees the object freed.
	 */
	n = (int)send(c->fd, c->outbuf, c->outlen, MSG_NOSIGNAL);
	if (n > 0)
		c->outoff = (size_t)n;
	if (c->outoff < c->outlen)
		event_add(c->ev_write, NULL);
	else
		c->outlen = c->outoff = 0;
}

static void
client_on_write(evutil_socket_t fd, short what, void *arg)
{
	struct mt_smtp_client *c = arg;
	ssize_t n;

	while (c->outoff < c->outlen) {
		n = send(fd, c->outbuf + c->outoff, c->outlen - c->outoff,
		    MSG_NOSIGNAL);
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK ||
		    errno == EINTR))
			return;
		if (n == -1) {
			char what_msg[96];

			(void)snprintf(what_msg, sizeof(what_msg),
			    "connection lost during %s", client_step(c));
			client_fail_errno(c, MT_ERR_CLOSED, errno, what_msg);
			return;
		}
		c->outoff += (size_t)n;
	}
	event_del(c->ev_write);
	c->outlen = c->outoff = 0;
	if (c->inlen > 0)
		(void)client_input(c);
}

static void
client_on_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct mt_smtp_client *c = arg;

	client_fail(c, MT_ERR_TIMEOUT, "timeout after %g s waiting for %s",
	    c->cfg.step_timeout_ms / 1000.0, state_waits[c->state]);
}

/* client_text - the first line of a reply, for messages. */
static const char *
client_text(const struct mt_smtp_reply *r)
{
	return r->nlines > 0 ? r->lines[0] : "";
}

/* client_record_reply - put every line of a reply in the transcript. */
static void
client_record_reply(struct mt_smtp_client *c, const struct mt_smtp_reply *r)
{
	size_t i;

	for (i = 0; i < r->nlines; i++)
		client_record(c, 'S', "%d%c%s", r->code,
		    i + 1 < r->nlines ? '-' : ' ', r->lines[i]);
}

/* client_parse_exts - keep the keyword of each EHLO line after the first. */
static void
client_parse_exts(struct mt_smtp_client *c, const struct mt_smtp_reply *r)
{
	const char *s;
	size_t i, k;

	c->next = 0;
	for (i = 1; i < r->nlines && c->next < CLIENT_EXT_MAX; i++) {
		s = r->lines[i];
		for (k = 0; s[k] != '\0' && s[k] != ' ' && s[k] != '\t' &&
		    k + 1 < CLIENT_EXT_LEN; k++)
			c->exts[c->next][k] = s[k];
		c->exts[c->next][k] = '\0';
		if (k > 0)
			c->next++;
	}
	c->starttls_offered = mt_smtp_client_has_ext(c, "STARTTLS");
}

/* client_ready_check - after 220 to STARTTLS, no bytes may follow yet. */
static bool
client_ready_check(struct mt_smtp_client *c)
{
	char peek[CLIENT_INBUF];
	size_t extra = c->inlen;
	ssize_t n;

	n = recv(c->fd, peek, sizeof(peek), MSG_PEEK | MSG_DONTWAIT);
	if (n > 0)
		extra += (size_t)n;
	if (extra == 0)
		return true;
	client_fail(c, MT_ERR_STARTTLS_INJECTION, "server sent %zu bytes "
	    "after 220 to STARTTLS (plaintext injection)", extra);
	return false;
}

/*
 * client_reply - act on one complete reply; true when the client has
 * finished (and may be freed), false to go on reading.
 */
static bool
client_reply(struct mt_smtp_client *c, const struct mt_smtp_reply *r)
{
	int code = r->code, cls = r->code / 100;

	c->last_code = code;
	switch (c->state) {
	case CLIENT_GREETING:
		if (code == 220) {
			(void)snprintf(c->banner, sizeof(c->banner), "%s",
			    client_text(r));
			/*
			 * An earlier connection's EHLO showed STARTTLS: save
			 * the round trip (the server's TLS setup does not
			 * depend on it); a server that wants EHLO first
			 * says so with a 5xx and gets it.
			 */
			if (c->cfg.direct_starttls &&
			    c->cfg.mode == MT_MODE_STARTTLS) {
				c->direct = 1;
				client_set_state(c, CLIENT_DIRECT);
				client_send(c, "STARTTLS", NULL);
				return false;
			}
			client_set_state(c, CLIENT_EHLO);
			client_send(c, c->cfg.mode == MT_MODE_LMTP ? "LHLO" :
			    "EHLO", c->ehlo_name);
			return false;
		}
		if (cls == 4 || cls == 5)
			client_fail(c, MT_ERR_GREETING, "greeting %d: %.*s",
			    code, CLIENT_QUOTE, client_text(r));
		else
			client_fail(c, MT_ERR_NOT_SMTP, "greeting %d instead "
			    "of 220: %.*s", code, CLIENT_QUOTE,
			    client_text(r));
		return true;
	case CLIENT_EHLO:
		if (code == 250) {
			client_parse_exts(c, r);
			if (!c->starttls_offered) {
				client_fail(c, MT_ERR_NO_STARTTLS,
				    "server did not advertise STARTTLS");
				return true;
			}
			client_set_state(c, CLIENT_STARTTLS);
			client_send(c, "STARTTLS", NULL);
			return false;
		}
		if (cls == 5 && c->cfg.mode != MT_MODE_LMTP) {
			c->helo_fallback = true;
			client_set_state(c, CLIENT_HELO);
			client_send(c, "HELO", c->ehlo_name);
			return false;
		}
		if (cls == 4 || cls == 5)
			client_fail(c, cls == 5 ? MT_ERR_NOT_SMTP :
			    MT_ERR_GREETING, "%s %d: %.*s", client_step(c),
			    code, CLIENT_QUOTE, client_text(r));
		else
			client_fail(c, MT_ERR_NOT_SMTP, "%s answered %d: %.*s",
			    client_step(c), code, CLIENT_QUOTE,
			    client_text(r));
		return true;
	case CLIENT_HELO:
		if (code == 250) {
			/* Extensions are unknown: try STARTTLS anyway. */
			client_set_state(c, CLIENT_STARTTLS);
			client_send(c, "STARTTLS", NULL);
			return false;
		}
		client_fail(c, cls == 4 || cls == 5 ? MT_ERR_GREETING :
		    MT_ERR_NOT_SMTP, "HELO %d: %.*s", code, CLIENT_QUOTE,
		    client_text(r));
		return true;
	case CLIENT_DIRECT:
		/*
		 * Anything but 220 (or 421, closing) may only mean "EHLO
		 * first": ask again the usual way; a real refusal (454) comes
		 * back after EHLO.
		 */
		if (code != 220 && code != 421) {
			c->direct = -1;
			client_set_state(c, CLIENT_EHLO);
			client_send(c, "EHLO", c->ehlo_name);
			return false;
		}
		/* FALLTHROUGH */
	case CLIENT_STARTTLS:
		if (code == 220) {
			if (!client_ready_check(c))
				return true;
			client_finish(c, 0);
			return true;
		}
		if (cls == 5 && c->helo_fallback)
			client_fail(c, MT_ERR_NO_STARTTLS, "server did not "
			    "advertise STARTTLS (EHLO refused; STARTTLS "
			    "after HELO answered %d %.*s)", code,
			    CLIENT_QUOTE, client_text(r));
		else if (cls == 4 || cls == 5)
			client_fail(c, MT_ERR_STARTTLS_REFUSED,
			    "STARTTLS refused: %d %.*s", code, CLIENT_QUOTE,
			    client_text(r));
		else
			client_fail(c, MT_ERR_NOT_SMTP, "STARTTLS answered "
			    "%d: %.*s", code, CLIENT_QUOTE, client_text(r));
		return true;
	default:
		client_fail(c, MT_ERR_INTERNAL, "reply in state %s",
		    state_names[c->state]);
		return true;
	}
}

/* client_input - parse what is buffered; true when the client finished. */
static bool
client_input(struct mt_smtp_client *c)
{
	const struct mt_smtp_reply *r;
	size_t used;
	int st;

	while (c->inlen > 0) {
		/* Bytes sent before our command: keep them for later. */
		if (c->outoff < c->outlen)
			return false;
		st = mt_reply_parser_feed(c->parser, c->inbuf, c->inlen,
		    &used);
		memmove(c->inbuf, c->inbuf + used, c->inlen - used);
		c->inlen -= used;
		if (st == MT_REPLY_MORE)
			return false;
		if (st == MT_REPLY_BAD) {
			client_fail(c, MT_ERR_NOT_SMTP, "%s: %s",
			    client_step(c), mt_reply_parser_error(c->parser));
			return true;
		}
		r = mt_reply_parser_reply(c->parser);
		client_record_reply(c, r);
		if (client_reply(c, r))
			return true;
		mt_reply_parser_reset(c->parser);
	}
	return false;
}

static void
client_on_read(evutil_socket_t fd, short what, void *arg)
{
	struct mt_smtp_client *c = arg;
	char msg[96];
	ssize_t n;

	n = recv(fd, c->inbuf + c->inlen, sizeof(c->inbuf) - c->inlen, 0);
	if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK ||
	    errno == EINTR))
		return;
	if (n <= 0) {
		(void)snprintf(msg, sizeof(msg), "connection closed by server "
		    "during %s", client_step(c));
		if (n == 0)
			client_fail(c, MT_ERR_CLOSED, "%s", msg);
		else
			client_fail_errno(c, MT_ERR_CLOSED, errno, msg);
		return;
	}
	c->inlen += (size_t)n;
	if (c->inlen == sizeof(c->inbuf) && c->outoff < c->outlen) {
		client_fail(c, MT_ERR_NOT_SMTP, "server sent %zu bytes during "
		    "%s before the command was written", c->inlen,
		    client_step(c));
		return;
	}
	(void)client_input(c);
}

static void
client_on_connect(evutil_socket_t fd, short what, void *arg)
{
	struct mt_smtp_client *c = arg;
	socklen_t len = sizeof(int);
	char msg[128];
	int err = c->connect_errno;

	if (err == 0 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
		err = errno;
	if (err == ECONNREFUSED) {
		client_fail(c, MT_ERR_REFUSED, "connection refused by %s",
		    c->peer);
		return;
	}
	if (err == ETIMEDOUT) {
		client_fail(c, MT_ERR_TIMEOUT, "timeout connecting to %s",
		    c->peer);
		return;
	}
	if (err != 0) {
		(void)snprintf(msg, sizeof(msg), "cannot connect to %s",
		    c->peer);
		client_fail_errno(c, MT_ERR_UNREACHABLE, err, msg);
		return;
	}
	if (c->cfg.mode == MT_MODE_IMPLICIT) {
		client_finish(c, 0);
		return;
	}
	client_set_state(c, CLIENT_GREETING);
	event_add(c->ev_read, NULL);
}

struct mt_smtp_client *
mt_smtp_client_new(struct event_base *base,
    const struct mt_smtp_client_cfg *cfg, mt_smtp_done_cb *cb, void *arg)
{
	struct mt_smtp_client *c;

	if (base == NULL || cfg == NULL || cb == NULL)
		return NULL;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	c->base = base;
	c->cfg = *cfg;
	c->cb = cb;
	c->arg = arg;
	c->fd = -1;
	mt_error_clear(&c->error);
	if (c->cfg.step_timeout_ms <= 0)
		c->cfg.step_timeout_ms = CLIENT_TIMEOUT_DEFAULT;
	(void)snprintf(c->ehlo_name, sizeof(c->ehlo_name), "%s",
	    cfg->ehlo_name != NULL ? cfg->ehlo_name : "localhost");
	c->cfg.ehlo_name = NULL;	/* use the copy */
	if ((c->parser = mt_reply_parser_new()) == NULL ||
	    (c->ev_timer = evtimer_new(base, client_on_timeout, c)) == NULL) {
		mt_smtp_client_free(c);
		return NULL;
	}
	return c;
}

void
mt_smtp_client_free(struct mt_smtp_client *c)
{
	if (c == NULL)
		return;
	if (c->ev_connect != NULL)
		event_free(c->ev_connect);
	if (c->ev_read != NULL)
		event_free(c->ev_read);
	if (c->ev_write != NULL)
		event_free(c->ev_write);
	if (c->ev_timer != NULL)
		event_free(c->ev_timer);
	if (c->fd != -1)
		(void)close(c->fd);
	mt_reply_parser_free(c->parser);
	free(c);
}

/* client_peer - "a.b.c.d:port" or "[v6]:port" into c->peer. */
static bool
client_peer(struct mt_smtp_client *c, int *family, unsigned *port)
{
	const struct sockaddr_in *sin;
	const struct sockaddr_in6 *sin6;
	char host[INET6_ADDRSTRLEN];

	*family = c->cfg.addr.ss_family;
	if (*family == AF_INET &&
	    c->cfg.addrlen >= (socklen_t)sizeof(*sin)) {
		sin = (const struct sockaddr_in *)&c->cfg.addr;
		*port = ntohs(sin->sin_port);
		if (inet_ntop(AF_INET, &sin->sin_addr, host,
		    sizeof(host)) == NULL)
			return false;
		(void)snprintf(c->peer, sizeof(c->peer), "%s:%u", host, *port);
		return true;
	}
	if (*family == AF_INET6 &&
	    c->cfg.addrlen >= (socklen_t)sizeof(*sin6)) {
		sin6 = (const struct sockaddr_in6 *)&c->cfg.addr;
		*port = ntohs(sin6->sin6_port);
		if (inet_ntop(AF_INET6, &sin6->sin6_addr, host,
		    sizeof(host)) == NULL)
			return false;
		(void)snprintf(c->peer, sizeof(c->peer), "[%s]:%u", host,
		    *port);
		return true;
	}
	return false;
}

static bool
client_name_ok(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (s[i] <= ' ' || s[i] == 0x7f)
			return false;
	return i > 0 && i <= CLIENT_NAME_MAX;
}

int
mt_smtp_client_start(struct mt_smtp_client *c)
{
	unsigned port;
	int family;

	if (c->state != CLIENT_INIT) {
		mt_error_setx(&c->error, MT_ERR_USAGE, "client already started");
		return -1;
	}
	if (!client_peer(c, &family, &port)) {
		mt_error_setx(&c->error, MT_ERR_USAGE, "bad server address");
		return -1;
	}
	if (!client_name_ok(c->ehlo_name)) {
		mt_error_setx(&c->error, MT_ERR_USAGE, "bad EHLO name");
		return -1;
	}
	if (c->cfg.mode == MT_MODE_AUTO)
		c->cfg.mode = port == SMTP_PORT_SUBMISSIONS ?
		    MT_MODE_IMPLICIT : MT_MODE_STARTTLS;
	c->fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd == -1) {
		mt_error_set(&c->error, MT_ERR_INTERNAL, "socket");
		return -1;
	}
	c->ev_connect = event_new(c->base, c->fd, EV_WRITE, client_on_connect,
	    c);
	c->ev_read = event_new(c->base, c->fd, EV_READ | EV_PERSIST,
	    client_on_read, c);
	c->ev_write = event_new(c->base, c->fd, EV_WRITE | EV_PERSIST,
	    client_on_write, c);
	if (c->ev_connect == NULL || c->ev_read == NULL ||
	    c->ev_write == NULL) {
		mt_error_setx(&c->error, MT_ERR_INTERNAL, "event_new failed");
		return -1;
	}
	client_set_state(c, CLIENT_CONNECT);
	if (connect(c->fd, (const struct sockaddr *)&c->cfg.addr,
	    c->cfg.addrlen) == -1 && errno != EINPROGRESS) {
		/* Report from the loop, like every other outcome. */
		c->connect_errno = errno;
		event_active(c->ev_connect, EV_WRITE, 0);
		return 0;
	}
	event_add(c->ev_connect, NULL);
	return 0;
}

int
mt_smtp_client_direct(const struct mt_smtp_client *c)
{
	return c->direct;
}

int
mt_smtp_client_take_fd(struct mt_smtp_client *c)
{
	int fd;

	if (c->state != CLIENT_READY)
		return -1;
	fd = c->fd;
	c->fd = -1;
	return fd;
}

const struct mt_error *
mt_smtp_client_error(const struct mt_smtp_client *c)
{
	return &c->error;
}

const char *
mt_smtp_client_banner(const struct mt_smtp_client *c)
{
	return c->banner;
}

bool
mt_smtp_client_has_ext(const struct mt_smtp_client *c, const char *kw)
{
	size_t i;

	for (i = 0; i < c->next; i++)
		if (strcasecmp(c->exts[i], kw) == 0)
			return true;
	return false;
}

bool
mt_smtp_client_starttls_offered(const struct mt_smtp_client *c)
{
	return c->starttls_offered;
}

int
mt_smtp_client_last_code(const struct mt_smtp_client *c)
{
	return c->last_code;
}

size_t
mt_smtp_client_dialogue(const struct mt_smtp_client *c,
    const struct mt_dialogue_line **lines)
{
	*lines = c->dialogue;
	return c->ndialogue;
}

const char *
mt_smtp_client_trace(const struct mt_smtp_client *c)
{
	return c->trace;
}
