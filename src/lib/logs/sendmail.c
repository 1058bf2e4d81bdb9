/*
 * sendmail.c - the sendmail dialect (sm-mta, sendmail, sm-msp-queue)
 *
 * "[QID: ]STARTTLS=server|client, relay=HOST [IP], version=V, verify=X,
 * cipher=C, bits=a/b", "STARTTLS=server, error: accept failed=N,
 * reason=R, ..., relay=...", "STARTTLS=server: error:..." (the OpenSSL
 * queue), "STARTTLS=client, error: connect failed=N, ...",
 * "ruleset=tls_server, ... reject=403 4.7.0 TLS handshake failed." and
 * "from=..., proto=ESMTP, ..., relay=..." (a message without TLS).
 * Format strings from sendmail 8.17 srvrsmtp.c/tls.c; input untrusted.
 */
#include <string.h>

#include "logs/logs_int.h"

/* The "key=value" fields of one line, found in one pass. */
struct sm_fields {
	struct mt_log_cur	relay, version, cipher, bits, verify, reason;
};

/*
 * sendmail_scan - walk the ", "-separated "key=value" items of c once;
 * a value is kept only if it fits its field (as a bounded token would).
 */
static void
sendmail_scan(const struct mt_log_cur *c, struct sm_fields *f)
{
	struct mt_log_cur t = *c, it, *dst;
	size_t k, max;

	memset(f, 0, sizeof(*f));
	while (t.n > 0) {
		if (!mt_log_cur_token(&t, ",", t.n, &it))
			break;
		if (t.n > 0) {
			t.p++;
			t.n--;
		}
		mt_log_cur_skip_spaces(&t);
		dst = NULL;
		k = 0;
		max = 0;
		switch (it.n > 0 ? it.p[0] : '\0') {
		case 'r':
			if (it.n > 6 && memcmp(it.p, "relay=", 6) == 0) {
				dst = &f->relay;
				k = 6;
				max = MT_LOG_HOST_MAX + MT_LOG_IP_MAX;
			} else if (it.n > 7 && memcmp(it.p, "reason=", 7) == 0) {
				dst = &f->reason;
				k = 7;
				max = MT_LOG_REASON_MAX;
			}
			break;
		case 'v':
			if (it.n > 8 && memcmp(it.p, "version=", 8) == 0) {
				dst = &f->version;
				k = 8;
				max = MT_LOG_VERSION_MAX - 1;
			} else if (it.n > 7 && memcmp(it.p, "verify=", 7) == 0) {
				dst = &f->verify;
				k = 0;		/* the word is kept whole */
				max = 12 + 7;
			}
			break;
		case 'c':
			if (it.n > 7 && memcmp(it.p, "cipher=", 7) == 0) {
				dst = &f->cipher;
				k = 7;
				max = MT_LOG_CIPHER_MAX - 1;
			}
			break;
		case 'b':
			if (it.n > 5 && memcmp(it.p, "bits=", 5) == 0) {
				dst = &f->bits;
				k = 5;
				max = 16;
			}
			break;
		default:
			break;
		}
		if (dst != NULL && dst->p == NULL && it.n - k <= max) {
			dst->p = it.p + k;
			dst->n = it.n - k;
		}
	}
}

/* sendmail_relay_val - "HOST [IP]" (or "[IP]", or "HOST") into ev. */
static void
sendmail_relay_val(struct mt_log_cur v, struct mt_log_event *ev)
{
	struct mt_log_cur in, ip;
	long b;

	if (v.p == NULL)
		return;
	if ((b = mt_log_cur_find(&v, "[")) >= 0) {
		in.p = v.p + b + 1;
		in.n = v.n - (size_t)b - 1;
		if (mt_log_cur_token(&in, "]", MT_LOG_IP_MAX - 1, &ip))
			mt_log_copy(ev->ip, sizeof(ev->ip), &ip);
		v.n = (size_t)b;
	}
	while (v.n > 0 && (v.p[v.n - 1] == ' ' || v.p[v.n - 1] == '.'))
		v.n--;
	if (v.n > 0 && mt_log_cur_find(&v, " ") < 0)
		mt_log_copy(ev->host, sizeof(ev->host), &v);
	else if (v.n > 0) {
		if (mt_log_cur_token(&v, " ", MT_LOG_HOST_MAX - 1, &in))
			mt_log_copy(ev->host, sizeof(ev->host), &in);
	}
}

/* sendmail_relay - the value of "relay=" up to ", " or the end. */
static void
sendmail_relay(const struct mt_log_cur *c, struct mt_log_event *ev)
{
	struct mt_log_cur t = *c, v;

	if (!mt_log_cur_skip_past(&t, "relay=") ||
	    !mt_log_cur_token(&t, ",", MT_LOG_HOST_MAX + MT_LOG_IP_MAX, &v))
		return;
	sendmail_relay_val(v, ev);
}

static int
sendmail_ok(const struct mt_log_cur *c, struct mt_log_event *ev)
{
	struct sm_fields f;
	struct mt_log_cur v;
	unsigned long bits;
	char w[MT_LOG_VTEXT_MAX];

	sendmail_scan(c, &f);
	sendmail_relay_val(f.relay, ev);
	if (f.version.p == NULL)
		return MT_LOG_REL_NONE;
	mt_log_copy(ev->version, sizeof(ev->version), &f.version);
	if (f.cipher.p != NULL)
		mt_log_copy(ev->cipher, sizeof(ev->cipher), &f.cipher);
	v = f.bits;
	if (v.p != NULL && mt_log_cur_uint(&v, 4096, &bits))
		ev->bits = (int)bits;
	if (f.verify.p != NULL) {
		v = f.verify;
		mt_log_copy(w, sizeof(w), &v);
		mt_log_copy(ev->verify_text, sizeof(ev->verify_text), &v);
		ev->verify = mt_log_verify_from(w);
	}
	ev->kind = MT_LOG_KIND_TLS_OK;
	return MT_LOG_REL_EVENT;
}

/* sendmail_starttls - after "STARTTLS=server" or "STARTTLS=client". */
static int
sendmail_starttls(const struct mt_log_line *l, struct mt_log_cur *c,
    struct mt_log_event *ev)
{
	struct sm_fields f;
	struct mt_log_cur r;

	if (mt_log_cur_lit(c, ": ")) {
		/* The OpenSSL error queue, after the failure line. */
		ev->kind = MT_LOG_KIND_TLS_FAIL;
		mt_log_classify_memo(l->memo, c, ev);
		return MT_LOG_REL_REASON;
	}
	if (!mt_log_cur_lit(c, ", "))
		return MT_LOG_REL_NONE;
	if (mt_log_cur_has_prefix(c, "relay="))
		return sendmail_ok(c, ev);
	if (!mt_log_cur_lit(c, "error: "))
		return MT_LOG_REL_NONE;
	ev->kind = MT_LOG_KIND_TLS_FAIL;
	sendmail_scan(c, &f);
	sendmail_relay_val(f.relay, ev);
	if ((r = f.reason).p != NULL)
		mt_log_classify_memo(l->memo, &r, ev);
	else {
		ev->fail_class = MT_LOG_CLASS_UNKNOWN;
		mt_log_copy(ev->reason, sizeof(ev->reason), c);
	}
	if (mt_log_cur_has_prefix(c, "connect failed") && ev->ip[0] == '\0' &&
	    ev->host[0] == '\0')
		return MT_LOG_REL_REASON;
	return MT_LOG_REL_HS_ERROR;
}

/* mt_log_sendmail - one sendmail message; returns enum mt_log_rel. */
int
mt_log_sendmail(const struct mt_log_line *l, struct mt_log_event *ev)
{
	struct mt_log_cur c = l->msg, qid, t, p;

	ev->mta = MT_LOG_MTA_SENDMAIL;
	t = c;
	if (mt_log_cur_token(&t, ": ", 20, &qid) && qid.n >= 8 &&
	    mt_log_cur_lit(&t, ": "))
		c = t;
	if (mt_log_cur_lit(&c, "STARTTLS=server")) {
		ev->direction = MT_LOG_DIR_IN;
		return sendmail_starttls(l, &c, ev);
	}
	if (mt_log_cur_lit(&c, "STARTTLS=client")) {
		ev->direction = MT_LOG_DIR_OUT;
		return sendmail_starttls(l, &c, ev);
	}
	if (mt_log_cur_lit(&c, "ruleset=tls_server, ")) {
		ev->direction = MT_LOG_DIR_OUT;
		ev->kind = MT_LOG_KIND_TLS_FAIL;
		ev->fail_class = MT_LOG_CLASS_UNKNOWN;
		sendmail_relay(&c, ev);
		t = c;
		if (mt_log_cur_skip_past(&t, "reject="))
			mt_log_copy(ev->reason, sizeof(ev->reason), &t);
		return MT_LOG_REL_HS_ERROR;
	}
	t = c;
	if (mt_log_cur_lit(&c, "from=") &&
	    mt_log_cur_skip_past(&t, ", proto=") &&
	    mt_log_cur_token(&t, ",", 12, &p) &&
	    ((p.n == 5 && memcmp(p.p, "ESMTP", 5) == 0) ||
	    (p.n == 4 && memcmp(p.p, "SMTP", 4) == 0))) {
		sendmail_relay(&c, ev);
		ev->direction = MT_LOG_DIR_IN;
		ev->kind = MT_LOG_KIND_PLAINTEXT;
		return MT_LOG_REL_EVENT;
	}
	return MT_LOG_REL_NONE;
}
