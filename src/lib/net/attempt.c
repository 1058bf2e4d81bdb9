/*
 * attempt.c - one probe connection: SMTP preamble, then our ClientHello and
 * the server's first flight, or a full libssl handshake for the chain
 *
 * Network bytes are untrusted: the flight goes through mt_flight (bounded)
 * and libssl.  Each wait has the attempt's deadline.  OpenSSL's error queue
 * is drained into struct mt_error here and never left populated.
 */
#include <sys/socket.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "mailtls/registry.h"
#include "net/attempt.h"
#include "net/enumerate.h"

static void	attempt_finish(struct mt_attempt *, int);
static void	attempt_wait(struct mt_attempt *, short,
		    void (*)(evutil_socket_t, short, void *));

struct mt_attempt *
mt_attempt_new(struct event_base *base, int kind,
    const struct mt_smtp_client_cfg *cfg, int timeout_ms, const char *sni,
    void *ssl_ctx, mt_attempt_cb *cb, void *arg)
{
	struct mt_attempt *a;

	if ((a = calloc(1, sizeof(*a))) == NULL)
		return NULL;
	a->kind = kind;
	a->base = base;
	a->smtp_cfg = *cfg;
	a->timeout_ms = timeout_ms;
	a->sni = sni;
	a->ssl_ctx = ssl_ctx;
	a->cb = cb;
	a->cb_arg = arg;
	a->fd = -1;
	a->outcome = MT_ENUM_FAILED;
	return a;
}

static void
attempt_release_io(struct mt_attempt *a)
{
	if (a->ev != NULL) {
		event_free(a->ev);
		a->ev = NULL;
	}
	if (a->deadline != NULL) {
		event_free(a->deadline);
		a->deadline = NULL;
	}
	if (a->ssl != NULL) {
		SSL_free(a->ssl);
		a->ssl = NULL;
	}
	if (a->fd != -1) {
		close(a->fd);
		a->fd = -1;
	}
	if (a->smtp != NULL) {
		mt_smtp_client_free(a->smtp);
		a->smtp = NULL;
	}
}

void
mt_attempt_free(struct mt_attempt *a)
{
	size_t i;

	if (a == NULL)
		return;
	attempt_release_io(a);
	mt_flight_free(a->flight);
	for (i = 0; i < a->ncerts; i++)
		free(a->certs[i]);
	free(a);
}

/* attempt_finish - release the connection, then report once. */
static void
attempt_finish(struct mt_attempt *a, int outcome)
{
	a->outcome = outcome;
	attempt_release_io(a);
	ERR_clear_error();
	a->cb(a, a->cb_arg);
}

/*
 * attempt_wait - wait for the fd.  No timeout here: one deadline covers
 * the whole TLS step, so a server that dribbles a byte at a time cannot
 * keep the attempt alive (attempt_deadline).
 */
static void
attempt_wait(struct mt_attempt *a, short what,
    void (*fn)(evutil_socket_t, short, void *))
{
	if (a->ev != NULL)
		event_free(a->ev);
	if ((a->ev = event_new(a->base, a->fd, what, fn, a)) == NULL ||
	    event_add(a->ev, NULL) != 0) {
		mt_error_setx(&a->error, MT_ERR_INTERNAL, "event_new failed");
		attempt_finish(a, MT_ENUM_FAILED);
	}
}

/* attempt_deadline - the TLS step ran out of time. */
static void
attempt_deadline(evutil_socket_t fd, short what, void *arg)
{
	struct mt_attempt *a = arg;

	if (a->kind == MT_ATTEMPT_RAW && a->flight != NULL &&
	    mt_flight_result(a->flight)->kind != MT_FLIGHT_NONE) {
		/* The ServerHello came; the rest of the flight did not. */
		attempt_finish(a, MT_ENUM_ANSWERED);
		return;
	}
	if (a->kind == MT_ATTEMPT_RAW && a->flight != NULL &&
	    mt_flight_bytes(a->flight) > 0) {
		/* Something came, but not a whole answer. */
		mt_error_setx(&a->error, MT_ERR_TIMEOUT, "timeout after %d ms: "
		    "%zu bytes of the server's answer, not all of it",
		    a->timeout_ms, mt_flight_bytes(a->flight));
	} else
		mt_error_setx(&a->error, MT_ERR_TIMEOUT,
		    "timeout after %d ms in the TLS handshake", a->timeout_ms);
	attempt_finish(a, MT_ENUM_TIMEOUT);
}

/* Raw attempts: read the server's first flight. */
static void
attempt_read(evutil_socket_t fd, short what, void *arg)
{
	struct mt_attempt *a = arg;
	const struct mt_server_flight *fl;
	uint8_t buf[16384];
	ssize_t n;

	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n > 0) {
			if (mt_flight_feed(a->flight, buf, (size_t)n) ==
			    MT_FLIGHT_DONE) {
				attempt_finish(a, MT_ENUM_ANSWERED);
				return;
			}
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;			/* persistent event: wait */
		if (n < 0 && errno == EINTR)
			continue;
		/* EOF or reset: decide on what arrived. */
		fl = mt_flight_eof(a->flight);
		attempt_finish(a, fl->kind != MT_FLIGHT_NONE ?
		    MT_ENUM_ANSWERED : MT_ENUM_CLOSED);
		return;
	}
}

static void
attempt_write(evutil_socket_t fd, short what, void *arg)
{
	struct mt_attempt *a = arg;
	ssize_t n;

	while (a->hello_sent < a->hello_len) {
		n = send(fd, a->hello + a->hello_sent,
		    a->hello_len - a->hello_sent, MSG_NOSIGNAL);
		if (n > 0) {
			a->hello_sent += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			attempt_wait(a, EV_WRITE, attempt_write);
			return;
		}
		mt_error_set(&a->error, MT_ERR_CLOSED,
		    "connection lost sending the ClientHello");
		attempt_finish(a, MT_ENUM_CLOSED);
		return;
	}
	attempt_wait(a, EV_READ | EV_PERSIST, attempt_read);
}

/* Chain attempts: drive SSL_connect on the non-blocking socket. */
static void
attempt_ssl_error(struct mt_attempt *a, const char *what)
{
	unsigned long e;
	char buf[200];

	e = ERR_peek_last_error();
	if (e != 0) {
		ERR_error_string_n(e, buf, sizeof(buf));
		mt_error_setx(&a->error, MT_ERR_TLS_PROTOCOL, "%s: %s", what,
		    buf);
	} else
		mt_error_setx(&a->error, MT_ERR_CLOSED,
		    "%s: connection closed", what);
	ERR_clear_error();
}

static void
attempt_ssl_collect(struct mt_attempt *a)
{
	STACK_OF(X509) *sk;
	unsigned char *der;
	const SSL_CIPHER *c;
	int i, n;

	a->tls_version = (uint16_t)SSL_version(a->ssl);
	if ((c = SSL_get_current_cipher(a->ssl)) != NULL)
		a->tls_cipher = SSL_CIPHER_get_protocol_id(c);
	if ((sk = SSL_get_peer_cert_chain(a->ssl)) == NULL)
		return;
	for (i = 0; i < sk_X509_num(sk) && a->ncerts < MT_CHAIN_MAX; i++) {
		der = NULL;
		if ((n = i2d_X509(sk_X509_value(sk, i), &der)) <= 0)
			continue;
		a->certs[a->ncerts] = der;	/* OPENSSL_malloc == malloc */
		a->cert_len[a->ncerts++] = (size_t)n;
	}
}

static void
attempt_ssl_step(evutil_socket_t fd, short what, void *arg)
{
	struct mt_attempt *a = arg;
	int r, e;

	ERR_clear_error();
	if ((r = SSL_connect(a->ssl)) == 1) {
		attempt_ssl_collect(a);
		attempt_finish(a, MT_ENUM_ANSWERED);
		return;
	}
	e = SSL_get_error(a->ssl, r);
	if (e == SSL_ERROR_WANT_READ) {
		attempt_wait(a, EV_READ, attempt_ssl_step);
		return;
	}
	if (e == SSL_ERROR_WANT_WRITE) {
		attempt_wait(a, EV_WRITE, attempt_ssl_step);
		return;
	}
	attempt_ssl_error(a, "TLS handshake failed");
	attempt_finish(a, MT_ENUM_CLOSED);
}

static void
attempt_start_tls(struct mt_attempt *a)
{
	struct timeval tv;

	tv.tv_sec = a->timeout_ms / 1000;
	tv.tv_usec = (a->timeout_ms % 1000) * 1000;
	if ((a->deadline = evtimer_new(a->base, attempt_deadline, a)) == NULL ||
	    evtimer_add(a->deadline, &tv) != 0) {
		mt_error_setx(&a->error, MT_ERR_INTERNAL, "evtimer_new failed");
		attempt_finish(a, MT_ENUM_FAILED);
		return;
	}
	if (a->kind == MT_ATTEMPT_RAW) {
		if ((a->flight = mt_flight_new()) == NULL) {
			mt_error_setx(&a->error, MT_ERR_INTERNAL,
			    "out of memory");
			attempt_finish(a, MT_ENUM_FAILED);
			return;
		}
		attempt_write(a->fd, EV_WRITE, a);
		return;
	}
	if ((a->ssl = SSL_new(a->ssl_ctx)) == NULL ||
	    SSL_set_fd(a->ssl, a->fd) != 1 ||
	    (a->sni != NULL && SSL_set_tlsext_host_name(a->ssl,
	    a->sni) != 1)) {
		attempt_ssl_error(a, "TLS setup failed");
		attempt_finish(a, MT_ENUM_FAILED);
		return;
	}
	attempt_ssl_step(a->fd, EV_WRITE, a);
}

static void
attempt_smtp_done(struct mt_smtp_client *c, int status, void *arg)
{
	struct mt_attempt *a = arg;
	const struct mt_dialogue_line *dl;
	size_t n;

	a->last_code = mt_smtp_client_last_code(c);
	a->starttls_offered = mt_smtp_client_starttls_offered(c);
	a->direct = mt_smtp_client_direct(c);
	(void)snprintf(a->banner, sizeof(a->banner), "%s",
	    mt_smtp_client_banner(c) != NULL ? mt_smtp_client_banner(c) : "");
	n = mt_smtp_client_dialogue(c, &dl);
	if (n > MT_PROBE_DIALOGUE_MAX)
		n = MT_PROBE_DIALOGUE_MAX;
	if (n > 0)
		memcpy(a->dialogue, dl, n * sizeof(*dl));
	a->ndialogue = n;
	if (status != 0) {
		mt_error_copy(&a->error, mt_smtp_client_error(c));
		attempt_finish(a, MT_ENUM_FAILED);
		return;
	}
	a->smtp_ok = true;
	a->fd = mt_smtp_client_take_fd(c);
	mt_smtp_client_free(c);
	a->smtp = NULL;
	if (a->on_tls != NULL)
		a->on_tls(a, a->cb_arg);
	attempt_start_tls(a);
}

int
mt_attempt_start(struct mt_attempt *a)
{
	a->smtp = mt_smtp_client_new(a->base, &a->smtp_cfg, attempt_smtp_done,
	    a);
	if (a->smtp == NULL) {
		mt_error_setx(&a->error, MT_ERR_INTERNAL, "out of memory");
		return -1;
	}
	if (mt_smtp_client_start(a->smtp) != 0) {
		mt_error_copy(&a->error, mt_smtp_client_error(a->smtp));
		mt_smtp_client_free(a->smtp);
		a->smtp = NULL;
		return -1;
	}
	return 0;
}

void *
mt_attempt_ssl_ctx_new(struct mt_error *err)
{
	SSL_CTX *ctx;

	if ((ctx = SSL_CTX_new(TLS_client_method())) == NULL)
		goto fail;
	/*
	 * The chain handshake must succeed with any server that speaks TLS
	 * at all: every version and suite the library has, no verification
	 * (chain analysis does that, on the chain as sent).
	 */
	SSL_CTX_set_security_level(ctx, 0);
	if (SSL_CTX_set_min_proto_version(ctx, 0) != 1 ||
	    SSL_CTX_set_max_proto_version(ctx, 0) != 1 ||
	    SSL_CTX_set_cipher_list(ctx, "ALL:COMPLEMENTOFALL:@SECLEVEL=0")
	    != 1)
		goto fail;
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	SSL_CTX_set_options(ctx, SSL_OP_LEGACY_SERVER_CONNECT);
	return ctx;
 fail:
	mt_error_setx(err, MT_ERR_INTERNAL, "cannot set up libssl: %s",
	    ERR_reason_error_string(ERR_peek_last_error()) != NULL ?
	    ERR_reason_error_string(ERR_peek_last_error()) : "unknown");
	ERR_clear_error();
	SSL_CTX_free(ctx);
	return NULL;
}

void
mt_attempt_ssl_ctx_free(void *ctx)
{
	SSL_CTX_free(ctx);
}
