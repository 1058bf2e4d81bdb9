/*
 * exim.c - the Exim dialect (mainlog or syslog; GnuTLS and OpenSSL builds)
 *
 * "<=" and "=>" lines with "X=TLSVER:CIPHER:BITS CV=yes|no|dane", "TLS
 * error on connection from HOST (FN): TEXT", "TLS session: (FN): TEXT",
 * "a TLS session is required, but the server did not offer TLS support".
 * The message text is untrusted and read through the bounded cursor.
 */
#include <string.h>

#include "logs/logs_int.h"

/* exim_hostspec - "name (helo) [ip]:port", "(helo) [ip]", "[ip]". */
static bool
exim_hostspec(struct mt_log_cur *c, struct mt_log_event *ev)
{
	struct mt_log_cur name, skip;

	if (!mt_log_cur_has_prefix(c, "(") && !mt_log_cur_has_prefix(c, "[")) {
		if (!mt_log_cur_token(c, " [", MT_LOG_HOST_MAX - 1, &name))
			return false;
		mt_log_copy(ev->host, sizeof(ev->host), &name);
		mt_log_cur_skip_spaces(c);
	}
	if (mt_log_cur_has_prefix(c, "(")) {
		if (!mt_log_cur_token(c, ")", MT_LOG_HOST_MAX, &skip) ||
		    !mt_log_cur_lit(c, ")"))
			return false;
		mt_log_cur_skip_spaces(c);
	}
	return mt_log_host_ip(c, ev);
}

/* exim_version - "TLS1.3" -> "TLSv1.3"; other text copied. */
static void
exim_version(const struct mt_log_cur *v, struct mt_log_event *ev)
{
	if (v->n > 3 && memcmp(v->p, "TLS", 3) == 0 && v->p[3] != 'v') {
		struct mt_log_cur rest = { v->p + 3, v->n - 3 };

		memcpy(ev->version, "TLSv", 4);
		mt_log_copy(ev->version + 4, sizeof(ev->version) - 4, &rest);
	} else
		mt_log_copy(ev->version, sizeof(ev->version), v);
}

/* exim_x - "X=TLS1.3:ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_256_GCM:256" */
static bool
exim_x(struct mt_log_cur x, struct mt_log_event *ev)
{
	struct mt_log_cur v, ci, kx;
	unsigned long bits;
	long sep;

	if (!mt_log_cur_token(&x, ": ", MT_LOG_VERSION_MAX, &v) ||
	    !mt_log_cur_lit(&x, ":") ||
	    !mt_log_cur_token(&x, ": ", MT_LOG_CIPHER_MAX - 1, &ci))
		return false;
	exim_version(&v, ev);
	mt_log_copy(ev->cipher, sizeof(ev->cipher), &ci);
	if (mt_log_cur_lit(&x, ":") && mt_log_cur_uint(&x, 4096, &bits))
		ev->bits = (int)bits;
	/* GnuTLS names start with the key exchange: ECDHE_X25519__... */
	if ((sep = mt_log_cur_find(&ci, "__")) > 0) {
		kx.p = ci.p;
		kx.n = (size_t)sep;
		if (!mt_log_cur_lit(&kx, "ECDHE_"))
			(void)mt_log_cur_lit(&kx, "DHE_");
		mt_log_copy(ev->kx, sizeof(ev->kx), &kx);
	}
	return true;
}

/*
 * exim_arrow - the delivery arrow after the message id ("QID <= ...") or
 * at the start: 1 in, 2 out, 0 none.
 */
static int
exim_arrow(const struct mt_log_cur *c)
{
	struct mt_log_cur t = *c, id;
	int i;

	for (i = 0; i < 2; i++) {
		if (mt_log_cur_has_prefix(&t, "<= "))
			return 1;
		if (mt_log_cur_has_prefix(&t, "=> ") ||
		    mt_log_cur_has_prefix(&t, "-> "))
			return 2;
		if (!mt_log_cur_token(&t, " ", 40, &id) ||
		    !mt_log_cur_lit(&t, " "))
			break;
	}
	return 0;
}

/*
 * exim_message - "<=", "=>", "->" lines and rejections with H= and X=,
 * h just after " H=".  The KEY=value words after the host are read in
 * one pass.
 */
static int
exim_message(struct mt_log_cur *c, struct mt_log_cur h,
    struct mt_log_event *ev)
{
	struct mt_log_cur w, x = { NULL, 0 }, cv = { NULL, 0 };
	struct mt_log_cur p = { NULL, 0 };
	bool has_t = false, has_c = false;
	int arrow;
	char vw[16];

	arrow = exim_arrow(c);
	if (!exim_hostspec(&h, ev))
		return MT_LOG_REL_NONE;
	ev->direction = arrow == 2 ? MT_LOG_DIR_OUT : MT_LOG_DIR_IN;
	w = *c;
	while (w.n > 0) {
		struct mt_log_cur word;

		if (!mt_log_cur_token(&w, " ", w.n, &word))
			break;
		if (w.n > 0) {
			w.p++;
			w.n--;
		}
		if (word.n < 2 || word.p[1] != '=') {
			if (cv.p == NULL && word.n > 3 &&
			    memcmp(word.p, "CV=", 3) == 0)
				cv = word;
			continue;
		}
		/* C="..." is the remote reply: nothing after it is ours. */
		if (word.n > 2 && word.p[0] == 'C' && word.p[2] == '"') {
			has_c = true;
			break;
		}
		switch (word.p[0]) {
		case 'X':
			if (x.p == NULL && word.n <= 162)
				x = (struct mt_log_cur){ word.p + 2, word.n - 2 };
			break;
		case 'P':
			if (p.p == NULL)
				p = (struct mt_log_cur){ word.p + 2, word.n - 2 };
			break;
		case 'T':
			has_t = true;
			break;
		default:
			break;
		}
	}
	if (x.p == NULL) {
		if (arrow == 1 && p.p != NULL &&
		    ((p.n == 4 && memcmp(p.p, "smtp", 4) == 0) ||
		    (p.n == 5 && memcmp(p.p, "esmtp", 5) == 0) ||
		    (p.n == 6 && memcmp(p.p, "esmtpa", 6) == 0)))
			ev->kind = MT_LOG_KIND_PLAINTEXT;
		else if (arrow == 2 && has_t && has_c)
			ev->kind = MT_LOG_KIND_PLAINTEXT;
		return ev->kind == MT_LOG_KIND_PLAINTEXT ? MT_LOG_REL_EVENT :
		    MT_LOG_REL_NONE;
	}
	if (!exim_x(x, ev))
		return MT_LOG_REL_NONE;
	if (cv.p != NULL && cv.n <= 11) {
		mt_log_copy(vw, sizeof(vw), &cv);
		ev->verify = mt_log_verify_from(vw);
		mt_log_copy(ev->verify_text, sizeof(ev->verify_text), &cv);
	}
	ev->kind = MT_LOG_KIND_TLS_OK;
	return MT_LOG_REL_EVENT;
}

/* exim_tls_error - after "TLS error on connection from ". */
static int
exim_tls_error(const struct mt_log_line *l, struct mt_log_cur *c,
    struct mt_log_event *ev)
{
	ev->direction = MT_LOG_DIR_IN;
	ev->kind = MT_LOG_KIND_TLS_FAIL;
	if (!exim_hostspec(c, ev))
		(void)mt_log_cur_skip_past(c, "] ");
	mt_log_cur_skip_spaces(c);
	mt_log_classify_memo(l->memo, c, ev);
	return MT_LOG_REL_EVENT;
}

/* exim_session - "[QID ][H=... ]TLS session: (FN): TEXT" (outbound). */
static int
exim_session(struct mt_log_cur *c, long at, struct mt_log_event *ev)
{
	struct mt_log_cur h = *c, why = *c;

	ev->direction = MT_LOG_DIR_OUT;
	ev->kind = MT_LOG_KIND_TLS_FAIL;
	if (mt_log_cur_skip_past(&h, "H="))
		(void)exim_hostspec(&h, ev);
	why.p += at + 13;
	why.n -= (size_t)at + 13;
	mt_log_classify(&why, ev);
	return MT_LOG_REL_EVENT;
}

/* mt_log_exim - one Exim message; returns enum mt_log_rel. */
int
mt_log_exim(const struct mt_log_line *l, struct mt_log_event *ev)
{
	struct mt_log_cur c = l->msg, h;
	long at;

	ev->mta = MT_LOG_MTA_EXIM;
	mt_log_cur_skip_spaces(&c);
	if (mt_log_cur_lit(&c, "TLS error on connection from "))
		return exim_tls_error(l, &c, ev);
	/* One search rules out the three rare "TLS session" shapes. */
	if (mt_log_cur_find(&c, "TLS session") < 0)
		goto message;
	if ((at = mt_log_cur_find(&c, "TLS session: ")) >= 0)
		return exim_session(&c, at, ev);
	if (mt_log_cur_find(&c, "a TLS session is required, but the server "
	    "did not offer TLS") >= 0 && mt_log_cur_find(&c, " defer (") < 0) {
		h = c;
		if (mt_log_cur_skip_past(&h, "H="))
			(void)exim_hostspec(&h, ev);
		ev->direction = MT_LOG_DIR_OUT;
		ev->kind = MT_LOG_KIND_STARTTLS_MISSING;
		ev->fail_class = MT_LOG_CLASS_TLS_REQUIRED;
		MT_LOG_COPY_LIT(ev->reason, "a TLS session is required, but "
		    "the server did not offer TLS support");
		return MT_LOG_REL_EVENT;
	}
	if (mt_log_cur_find(&c, "a TLS session is required, but an attempt "
	    "to start TLS failed") >= 0 && mt_log_cur_find(&c, " defer (") < 0) {
		h = c;
		if (mt_log_cur_skip_past(&h, "H="))
			(void)exim_hostspec(&h, ev);
		ev->direction = MT_LOG_DIR_OUT;
		ev->kind = MT_LOG_KIND_TLS_FAIL;
		ev->fail_class = MT_LOG_CLASS_UNKNOWN;
		MT_LOG_COPY_LIT(ev->reason, "a TLS session is required, but "
		    "an attempt to start TLS failed");
		return MT_LOG_REL_EVENT;
	}
 message:
	h = c;
	if (mt_log_cur_skip_past(&h, " H="))
		return exim_message(&c, h, ev);
	/* A rejectlog header dump line: known, nothing to correlate. */
	if (mt_log_exim_reject_cont(l))
		return MT_LOG_REL_KNOWN;
	return MT_LOG_REL_NONE;
}
