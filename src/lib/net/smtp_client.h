/*
 * smtp_client.h - SMTP client state machine on libevent, up to the point
 * where TLS starts (RFC 5321, RFC 3207 STARTTLS, RFC 8314 implicit TLS,
 * RFC 2033 LMTP)
 *
 * One object per TCP connection: connect, greeting (multi-line, 421/554
 * handled), EHLO with HELO fallback (LHLO for LMTP), STARTTLS, never
 * sending before the previous reply is complete.  With direct_starttls
 * (an earlier connection's EHLO showed STARTTLS) STARTTLS follows the
 * greeting at once; any answer but 220 or 421 falls back to EHLO.  Each step has its own
 * deadline.  When the connection is ready for TLS bytes the done callback
 * runs with status 0 and the caller takes the socket with
 * mt_smtp_client_take_fd(); on failure status is -1 and
 * mt_smtp_client_error() says why (the error names the step).
 */
#ifndef MT_SMTP_CLIENT_H
#define MT_SMTP_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include <event2/event.h>

#include "mailtls/error.h"
#include "mailtls/probe.h"

struct mt_smtp_client_cfg {
	struct sockaddr_storage	 addr;
	socklen_t		 addrlen;
	int			 mode;		/* MT_MODE_STARTTLS/IMPLICIT/LMTP */
	const char		*ehlo_name;	/* borrowed for the object's life */
	int			 step_timeout_ms;
	bool			 direct_starttls; /* STARTTLS right after the
					 * greeting (an earlier EHLO showed
					 * it); other than 220/421 falls back
					 * to EHLO */
};

struct mt_smtp_client;

/* Done callback: status 0 ready for TLS, -1 failed. */
typedef void	 mt_smtp_done_cb(struct mt_smtp_client *, int status, void *arg);

struct mt_smtp_client *mt_smtp_client_new(struct event_base *,
		    const struct mt_smtp_client_cfg *, mt_smtp_done_cb *, void *);
/* mt_smtp_client_start - begin connecting; 0, or -1 (error set). */
int		 mt_smtp_client_start(struct mt_smtp_client *);
/*
 * mt_smtp_client_direct - after the done callback: 1 if STARTTLS was sent
 * right after the greeting (whatever came of it but a fallback), -1 if
 * the server answered it with anything but 220 or 421 and got EHLO, 0 if
 * it was not tried (the connection sent EHLO first).
 */
int		 mt_smtp_client_direct(const struct mt_smtp_client *);
/* mt_smtp_client_free - closes the socket unless it was taken. */
void		 mt_smtp_client_free(struct mt_smtp_client *);
/*
 * mt_smtp_client_take_fd - after status 0: the non-blocking socket, now
 * owned by the caller.  No bytes from the server are left unread in the
 * client (a server that sent bytes after "220 ready" is reported as
 * MT_ERR_NOT_SMTP-class STARTTLS injection instead).
 */
int		 mt_smtp_client_take_fd(struct mt_smtp_client *);
const struct mt_error *mt_smtp_client_error(const struct mt_smtp_client *);
/* Facts gathered on the way (borrowed, valid until free). */
const char	*mt_smtp_client_banner(const struct mt_smtp_client *);
bool		 mt_smtp_client_has_ext(const struct mt_smtp_client *,
		    const char *);	/* EHLO keyword, case-insensitive */
bool		 mt_smtp_client_starttls_offered(const struct mt_smtp_client *);
/* The last reply code seen (e.g. 421 when the error is a rate limit). */
int		 mt_smtp_client_last_code(const struct mt_smtp_client *);
size_t		 mt_smtp_client_dialogue(const struct mt_smtp_client *,
		    const struct mt_dialogue_line **);
/*
 * mt_smtp_client_trace - the steps taken so far, e.g.
 * "connect>greeting>EHLO>STARTTLS>ready" (borrowed, valid until free).
 */
const char	*mt_smtp_client_trace(const struct mt_smtp_client *);

#endif /* MT_SMTP_CLIENT_H */
