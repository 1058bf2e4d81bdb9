/*
 * attempt.h - one connection of a probe: the SMTP preamble, then either
 * our own ClientHello and the server's first flight (raw), or a complete
 * libssl handshake to fetch the certificate chain as sent (chain)
 *
 * The attempt owns its socket, SMTP client, flight reader and SSL objects
 * and releases all of them before its callback runs.  The optional
 * on_tls hook runs earlier, once the SMTP part is done and while the
 * attempt still owns its socket; it must not free the attempt.  Results are plain
 * fields read by the callback; mt_attempt_free() releases the rest.
 */
#ifndef MT_ATTEMPT_H
#define MT_ATTEMPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <event2/event.h>

#include "core/mt_limits.h"
#include "mailtls/error.h"
#include "mailtls/probe.h"
#include "net/smtp_client.h"
#include "tls/flight.h"

enum mt_attempt_kind {
	MT_ATTEMPT_RAW = 1,	/* send hello bytes, read the first flight */
	MT_ATTEMPT_CHAIN,	/* full libssl handshake */
};

struct mt_attempt;
typedef void	 mt_attempt_cb(struct mt_attempt *, void *);

struct mt_attempt {
	int			 kind;
	struct event_base	*base;
	struct mt_smtp_client_cfg smtp_cfg;
	int			 timeout_ms;
	const char		*sni;		/* borrowed; NULL for none */
	uint8_t			 hello[MT_TLS_HELLO_MAX];
	size_t			 hello_len;
	size_t			 hello_sent;
	mt_attempt_cb		*cb;
	void			*cb_arg;
	mt_attempt_cb		*on_tls;	/* optional: the SMTP part
						 * succeeded, TLS starts
						 * (same cb_arg) */

	/* Results. */
	bool			 smtp_ok;	/* got as far as TLS */
	struct mt_error		 error;		/* SMTP failure, or TLS failure */
	int			 last_code;	/* last SMTP reply code */
	int			 outcome;	/* enum mt_enum_outcome */
	struct mt_flight	*flight;	/* raw: what the server sent */
	char			 banner[256];
	bool			 starttls_offered;
	int			 direct;	/* mt_smtp_client_direct */
	size_t			 ndialogue;
	struct mt_dialogue_line	 dialogue[MT_PROBE_DIALOGUE_MAX];
	/* chain: certificates as sent, leaf first (DER, owned) */
	size_t			 ncerts;
	uint8_t			*certs[MT_CHAIN_MAX];
	size_t			 cert_len[MT_CHAIN_MAX];
	uint16_t		 tls_version;
	uint16_t		 tls_cipher;

	/* Private. */
	struct mt_smtp_client	*smtp;
	int			 fd;
	struct event		*ev;		/* fd readiness, no timeout */
	struct event		*deadline;	/* one for the whole TLS step */
	void			*ssl;		/* SSL *, chain only */
	void			*ssl_ctx;	/* SSL_CTX *, borrowed */
};

/*
 * mt_attempt_new - an attempt of kind; smtp_cfg is copied, sni borrowed.
 * For MT_ATTEMPT_CHAIN, ssl_ctx (an SSL_CTX *) is borrowed.
 */
struct mt_attempt *mt_attempt_new(struct event_base *, int kind,
		    const struct mt_smtp_client_cfg *, int timeout_ms,
		    const char *sni, void *ssl_ctx, mt_attempt_cb *, void *);
/* mt_attempt_start - connect; the callback runs exactly once, later. */
int		 mt_attempt_start(struct mt_attempt *);
void		 mt_attempt_free(struct mt_attempt *);
/* mt_attempt_ssl_ctx_new - the SSL_CTX chain attempts share (any version). */
void		*mt_attempt_ssl_ctx_new(struct mt_error *);
void		 mt_attempt_ssl_ctx_free(void *);

#endif /* MT_ATTEMPT_H */
