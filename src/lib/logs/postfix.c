/*
 * postfix.c - the Postfix dialect: smtpd, smtp, lmtp, tlsproxy, postscreen
 * and posttls-finger lines about TLS
 *
 * Wordings from Postfix 2.x to 3.10 (src/tls/tls_server.c, tls_client.c,
 * smtp/smtp_proto.c, smtpd/smtpd.c): "<level> TLS connection established
 * from|to", "SSL_accept error from", "SSL_connect error to", "warning: TLS
 * library problem:" (OpenSSL 1.0, 1.1 and 3.x error strings), "lost
 * connection after STARTTLS", "Cannot start TLS", "TLS is required, but
 * was not offered"; certificate verification, DANE, TLSRPT and the TLS
 * reasons of delivery status texts are in postfix_tls.c.  The message
 * text is untrusted and read through the bounded cursor.
 */
#include <string.h>

#include "logs/logs_int.h"

static int
postfix_dir_of(const struct mt_log_line *l)
{
	const char *p = l->prog.p, *svc = p;
	size_t i, n;

	if (l->prog.n > 8 && memcmp(p, "postfix/", 8) == 0 &&
	    memchr(p + 8, '/', l->prog.n - 8) == NULL)
		svc = p + 8;		/* the common "postfix/smtpd" */
	else
		for (i = 0; i < l->prog.n; i++)
			if (p[i] == '/')
				svc = p + i + 1;
	n = l->prog.n - (size_t)(svc - p);
	if ((n == 5 && memcmp(svc, "smtpd", 5) == 0) ||
	    (n == 8 && memcmp(svc, "tlsproxy", 8) == 0) ||
	    (n == 10 && memcmp(svc, "postscreen", 10) == 0))
		return MT_LOG_DIR_IN;
	if ((n == 4 && memcmp(svc, "smtp", 4) == 0) ||
	    (n == 4 && memcmp(svc, "lmtp", 4) == 0) ||
	    (n == 14 && memcmp(svc, "posttls-finger", 14) == 0))
		return MT_LOG_DIR_OUT;
	return MT_LOG_DIR_UNKNOWN;
}

/* postfix_kx - " key-exchange X25519 server-signature ..." */
static void
postfix_kx(struct mt_log_cur *c, struct mt_log_event *ev)
{
	struct mt_log_cur tok;

	if (!mt_log_cur_skip_past(c, " key-exchange "))
		return;
	if (mt_log_cur_token(c, " ", MT_LOG_KX_MAX, &tok))
		mt_log_copy(ev->kx, sizeof(ev->kx), &tok);
}

/*
 * postfix_established - "Verified TLS connection established to
 * HOST[IP]:PORT: TLSv1.3 with cipher C (256/256 bits)[ key-exchange ...]"
 */
static int
postfix_established(struct mt_log_cur *c, struct mt_log_event *ev)
{
	struct mt_log_cur lvl, tok;
	unsigned long bits;
	char w[16];

	if (!mt_log_cur_token(c, " ", 12, &lvl) ||
	    !mt_log_cur_lit(c, " TLS connection established "))
		return MT_LOG_REL_NONE;
	mt_log_copy(w, sizeof(w), &lvl);
	ev->verify = mt_log_verify_from(w);
	mt_log_copy(ev->verify_text, sizeof(ev->verify_text), &lvl);
	if (mt_log_cur_lit(c, "from "))
		ev->direction = MT_LOG_DIR_IN;
	else if (mt_log_cur_lit(c, "to "))
		ev->direction = MT_LOG_DIR_OUT;
	else
		return MT_LOG_REL_NONE;
	if (!mt_log_host_ip(c, ev) ||
	    !mt_log_cur_lit(c, ": ") ||
	    !mt_log_cur_token(c, " ", MT_LOG_VERSION_MAX - 1, &tok))
		return MT_LOG_REL_NONE;
	mt_log_copy(ev->version, sizeof(ev->version), &tok);
	if (!mt_log_cur_lit(c, " with cipher ") ||
	    !mt_log_cur_token(c, " ", MT_LOG_CIPHER_MAX - 1, &tok))
		return MT_LOG_REL_NONE;
	mt_log_copy(ev->cipher, sizeof(ev->cipher), &tok);
	if (mt_log_cur_lit(c, " (") && mt_log_cur_uint(c, 4096, &bits))
		ev->bits = (int)bits;
	postfix_kx(c, ev);
	ev->kind = MT_LOG_KIND_TLS_OK;
	return MT_LOG_REL_EVENT;
}

/* postfix_hs_error - "SSL_accept error from HOST[IP]: -1" and _connect. */
static int
postfix_hs_error(struct mt_log_cur *c, struct mt_log_event *ev, int dir)
{
	if (!mt_log_host_ip(c, ev) || !mt_log_cur_lit(c, ": "))
		return MT_LOG_REL_NONE;
	ev->direction = dir;
	ev->kind = MT_LOG_KIND_TLS_FAIL;
	if ((c->n == 2 && memcmp(c->p, "-1", 2) == 0) ||
	    (c->n == 1 && c->p[0] == '0')) {
		const char *w = dir == MT_LOG_DIR_IN ? "SSL_accept error: " :
		    "SSL_connect error: ";
		size_t wl = strlen(w);

		ev->fail_class = MT_LOG_CLASS_UNKNOWN;
		/* "SSL_accept error: -1", without snprintf's cost */
		memcpy(ev->reason, w, wl);
		mt_log_copy_str(ev->reason + wl, sizeof(ev->reason) - wl,
		    c->p, c->n);
	} else
		mt_log_classify(c, ev);
	return MT_LOG_REL_HS_ERROR;
}

/* postfix_reason_host - the HOST of "... for HOST:PORT)" in a status. */
static void
postfix_reason_host(const struct mt_log_cur *st, struct mt_log_event *ev)
{
	struct mt_log_cur t = *st, h;

	if (mt_log_cur_skip_past(&t, " for ") &&
	    mt_log_cur_token(&t, ":) ", MT_LOG_HOST_MAX - 1, &h) && h.n > 0)
		mt_log_copy(ev->host, sizeof(ev->host), &h);
}

/* postfix_delivery - "QID: to=<..>, relay=HOST[IP]:PORT, ... status=..." */
static int
postfix_delivery(struct mt_log_cur *c, struct mt_log_event *ev)
{
	struct mt_log_cur r = *c, st = *c;
	int rel;

	/*
	 * The status first: most delivery lines say nothing about TLS
	 * ("status=sent" cannot: a cached connection may have been set up
	 * by another process, so no plaintext guess here), and those need
	 * no relay parsed.
	 */
	if (!mt_log_cur_skip_past(&st, " status=") ||
	    (rel = mt_log_postfix_status(&st, ev)) == MT_LOG_REL_NONE)
		return MT_LOG_REL_NONE;
	ev->direction = MT_LOG_DIR_OUT;
	if (!mt_log_cur_skip_past(&r, ", relay="))
		return MT_LOG_REL_NONE;
	if (mt_log_host_ip(&r, ev))
		return rel;
	/*
	 * "relay=none": no connection was made (a DANE policy failure such
	 * as "TLSA lookup error for mx.example.com:25"); the host is the one
	 * the reason names.
	 */
	if (!mt_log_cur_has_prefix(&r, "none,"))
		return MT_LOG_REL_NONE;
	postfix_reason_host(&st, ev);
	return rel;
}

/* postfix_disconnect - "disconnect from HOST[IP] ehlo=1 ... commands=5" */
static int
postfix_disconnect(struct mt_log_cur *c, struct mt_log_event *ev)
{
	struct mt_log_cur w;
	bool starttls = false, data = false;

	if (!mt_log_host_ip(c, ev))
		return MT_LOG_REL_END;
	ev->direction = MT_LOG_DIR_IN;
	/* One pass over the command counts: " ehlo=1 starttls=1 ..." */
	while (c->n > 0) {
		mt_log_cur_skip_spaces(c);
		/* w.n == 0: a NUL, which a token never passes */
		if (!mt_log_cur_token(c, " ", c->n, &w) || w.n == 0)
			break;
		if (w.n > 9 && memcmp(w.p, "starttls=", 9) == 0)
			starttls = true;
		else if (w.n >= 6 && (memcmp(w.p, "data=1", 6) == 0 ||
		    memcmp(w.p, "bdat=1", 6) == 0))
			data = true;
	}
	if (!starttls && data)
		ev->kind = MT_LOG_KIND_PLAINTEXT;
	return MT_LOG_REL_END;
}

/* postfix_parse - the message of one Postfix line. */
static int
postfix_parse(const struct mt_log_line *l, struct mt_log_event *ev)
{
	struct mt_log_cur c = l->msg, t, w;

	/* The first byte picks the few shapes that can match. */
	switch (c.n > 0 ? c.p[0] : '\0') {
	case 'A':
	case 'U':
	case 'T':
	case 'V':
		t = c;
		if (mt_log_cur_token(&t, " ", 12, &w) &&
		    mt_log_cur_has_prefix(&t, " TLS connection established "))
			return postfix_established(&c, ev);
		break;
	case 'S':
		if (mt_log_cur_lit(&c, "SSL_accept error from "))
			return postfix_hs_error(&c, ev, MT_LOG_DIR_IN);
		if (mt_log_cur_lit(&c, "SSL_connect error to "))
			return postfix_hs_error(&c, ev, MT_LOG_DIR_OUT);
		break;
	case 'w':
		if (mt_log_cur_lit(&c, "warning: TLS library problem: ")) {
			ev->kind = MT_LOG_KIND_TLS_FAIL;
			mt_log_classify_memo(l->memo, &c, ev);
			return MT_LOG_REL_REASON;
		}
		break;
	case 'l':
		if (mt_log_cur_lit(&c, "lost connection after STARTTLS "
		    "from ")) {
			(void)mt_log_host_ip(&c, ev);
			ev->direction = MT_LOG_DIR_IN;
			ev->kind = MT_LOG_KIND_TLS_FAIL;
			ev->fail_class = MT_LOG_CLASS_LOST;
			MT_LOG_COPY_LIT(ev->reason,
			    "lost connection after STARTTLS");
			return MT_LOG_REL_LOST;
		}
		break;
	case 'd':
		if (mt_log_cur_lit(&c, "disconnect from "))
			return postfix_disconnect(&c, ev);
		break;
	default:
		break;
	}
	t = c;
	if (mt_log_cur_token(&t, ": ", 20, &w) &&
	    mt_log_cur_has_prefix(&t, ": to=<"))
		return postfix_delivery(&c, ev);
	return mt_log_postfix_tls(l, ev);
}

/*
 * mt_log_postfix - one Postfix message; returns enum mt_log_rel.  The
 * direction of a line that does not say it comes from the service name
 * (smtpd in, smtp out), looked at only for lines that matter.
 */
int
mt_log_postfix(const struct mt_log_line *l, struct mt_log_event *ev)
{
	int rel;

	ev->mta = MT_LOG_MTA_POSTFIX;
	if ((rel = postfix_parse(l, ev)) != MT_LOG_REL_NONE &&
	    ev->direction == MT_LOG_DIR_UNKNOWN)
		ev->direction = postfix_dir_of(l);
	return rel;
}
