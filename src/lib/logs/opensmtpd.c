/*
 * opensmtpd.c - the OpenSMTPD dialect (syslog, or -d -v stderr without a
 * header)
 *
 * 6.4+: "SESSID smtp connected address=IP host=HOST", "SESSID mta
 * connecting address=smtp+tls://IP:PORT host=HOST", "SESSID smtp|mta tls
 * ciphers=VER:CIPHER:BITS", "SESSID mta error reason=TEXT", "SESSID smtp
 * disconnected reason=\"io-error: TEXT\"", "SESSID mta server-cert-check
 * result=\"failure\"".  Before 6.4: "smtp-in: New session ID from host
 * HOST [IP]", "smtp-in: Started TLS on session ID: version=V, cipher=C,
 * bits=N", "smtp-in: Disconnecting session ID: IO error: TEXT".  The
 * session ID goes into ev->pid so that later lines find their peer.
 * Input is untrusted.
 */
#include <string.h>

#include "logs/logs_int.h"



static bool
smtpd_hex(struct mt_log_cur *c, unsigned long *v)
{
	unsigned long x = 0;
	size_t i;

	for (i = 0; i < c->n && i < 16; i++) {
		char ch = c->p[i];

		if (ch >= '0' && ch <= '9')
			x = x << 4 | (unsigned long)(ch - '0');
		else if (ch >= 'a' && ch <= 'f')
			x = x << 4 | (unsigned long)(ch - 'a' + 10);
		else
			break;
	}
	if (i != 16)
		return false;
	c->p += 16;
	c->n -= 16;
	*v = x;
	return true;
}

/* smtpd_ciphers - "VER:CIPHER:BITS" */
static int
smtpd_ciphers(struct mt_log_cur *c, struct mt_log_event *ev)
{
	struct mt_log_cur v;
	unsigned long bits;

	if (!mt_log_cur_token(c, ":", MT_LOG_VERSION_MAX - 1, &v) ||
	    !mt_log_cur_lit(c, ":"))
		return MT_LOG_REL_NONE;
	mt_log_copy(ev->version, sizeof(ev->version), &v);
	if (!mt_log_cur_token(c, ": ", MT_LOG_CIPHER_MAX - 1, &v))
		return MT_LOG_REL_NONE;
	mt_log_copy(ev->cipher, sizeof(ev->cipher), &v);
	if (mt_log_cur_lit(c, ":") && mt_log_cur_uint(c, 4096, &bits))
		ev->bits = (int)bits;
	ev->kind = MT_LOG_KIND_TLS_OK;
	return MT_LOG_REL_EVENT;
}

/* smtpd_peer - "address=IP host=HOST" (smtp) or "address=smtp://IP:P". */
static int
smtpd_peer(struct mt_log_cur *c, struct mt_log_event *ev)
{
	struct mt_log_cur t = *c, v;

	if (mt_log_cur_skip_past(&t, "address=")) {
		(void)mt_log_cur_skip_past(&t, "://");
		(void)mt_log_cur_lit(&t, "[");
		if (mt_log_cur_token(&t, " ]", MT_LOG_IP_MAX - 1, &v)) {
			/* smtp+tls://IP:PORT: drop the port */
			long colon = mt_log_cur_find(&v, ":");

			if (colon >= 0 && mt_log_cur_find(&v, ".") >= 0)
				v.n = (size_t)colon;
			mt_log_copy(ev->ip, sizeof(ev->ip), &v);
		}
	}
	t = *c;
	if (mt_log_cur_skip_past(&t, "host=") &&
	    mt_log_cur_token(&t, " ", MT_LOG_HOST_MAX - 1, &v))
		mt_log_copy(ev->host, sizeof(ev->host), &v);
	return MT_LOG_REL_NONE;
}

/* smtpd_is_tls - does an error text come from the TLS layer? */
static bool
smtpd_is_tls(const struct mt_log_cur *c)
{
	return mt_log_cur_find(c, "SSL") >= 0 ||
	    mt_log_cur_find(c, "TLS") >= 0 ||
	    mt_log_cur_find(c, "handshake") >= 0;
}

/* smtpd_session - after "SESSID ". */
static int
smtpd_session(struct mt_log_cur *c, struct mt_log_event *ev)
{
	bool in;

	if (mt_log_cur_lit(c, "smtp "))
		in = true;
	else if (mt_log_cur_lit(c, "mta "))
		in = false;
	else
		return MT_LOG_REL_NONE;
	ev->direction = in ? MT_LOG_DIR_IN : MT_LOG_DIR_OUT;
	if (mt_log_cur_lit(c, "tls ciphers="))
		return smtpd_ciphers(c, ev);
	if (mt_log_cur_has_prefix(c, "connected ") ||
	    mt_log_cur_has_prefix(c, "connecting ")) {
		(void)smtpd_peer(c, ev);
		return MT_LOG_REL_PEER;
	}
	if (mt_log_cur_lit(c, "server-cert-check result=")) {
		(void)mt_log_cur_lit(c, "\"");
		ev->verify = mt_log_cur_has_prefix(c, "success") ?
		    MT_LOG_VERIFY_VERIFIED : MT_LOG_VERIFY_UNTRUSTED;
		MT_LOG_COPY_LIT(ev->verify_text,
		    ev->verify == MT_LOG_VERIFY_VERIFIED ? "cert=success" :
		    "cert=failure");
		return MT_LOG_REL_EVENT;
	}
	if (mt_log_cur_lit(c, "error reason=") ||
	    mt_log_cur_lit(c, "disconnected reason=")) {
		(void)mt_log_cur_lit(c, "\"");
		if (c->n > 0 && c->p[c->n - 1] == '"')
			c->n--;
		if (!smtpd_is_tls(c))
			return MT_LOG_REL_NONE;
		ev->kind = MT_LOG_KIND_TLS_FAIL;
		mt_log_classify(c, ev);
		if (ev->fail_class == MT_LOG_CLASS_TLS_REQUIRED)
			ev->kind = MT_LOG_KIND_STARTTLS_MISSING;
		return MT_LOG_REL_EVENT;
	}
	if (mt_log_cur_lit(c, "failed-command command=\"STARTTLS\" ")) {
		ev->kind = MT_LOG_KIND_TLS_FAIL;
		ev->fail_class = MT_LOG_CLASS_UNKNOWN;
		mt_log_copy(ev->reason, sizeof(ev->reason), c);
		return MT_LOG_REL_EVENT;
	}
	return MT_LOG_REL_NONE;
}

/* smtpd_old - the "smtp-in: " lines of OpenSMTPD before 6.4. */
static int
smtpd_old(struct mt_log_cur *c, struct mt_log_event *ev)
{
	struct mt_log_cur v;
	unsigned long bits;

	ev->direction = MT_LOG_DIR_IN;
	if (mt_log_cur_lit(c, "New session ")) {
		if (!smtpd_hex(c, &ev->pid) || !mt_log_cur_skip_past(c, " host "))
			return MT_LOG_REL_NONE;
		(void)mt_log_host_ip(c, ev);
		return MT_LOG_REL_PEER;
	}
	if (mt_log_cur_lit(c, "Started TLS on session ")) {
		if (!smtpd_hex(c, &ev->pid) || !mt_log_cur_lit(c, ": version="))
			return MT_LOG_REL_NONE;
		if (!mt_log_cur_token(c, ",", MT_LOG_VERSION_MAX - 1, &v))
			return MT_LOG_REL_NONE;
		mt_log_copy(ev->version, sizeof(ev->version), &v);
		if (mt_log_cur_lit(c, ", cipher=") &&
		    mt_log_cur_token(c, ",", MT_LOG_CIPHER_MAX - 1, &v))
			mt_log_copy(ev->cipher, sizeof(ev->cipher), &v);
		if (mt_log_cur_lit(c, ", bits=") &&
		    mt_log_cur_uint(c, 4096, &bits))
			ev->bits = (int)bits;
		ev->kind = MT_LOG_KIND_TLS_OK;
		return MT_LOG_REL_EVENT;
	}
	if (mt_log_cur_lit(c, "Disconnecting session ")) {
		if (!smtpd_hex(c, &ev->pid) || !mt_log_cur_lit(c, ": "))
			return MT_LOG_REL_NONE;
		if (!mt_log_cur_has_prefix(c, "IO error") || !smtpd_is_tls(c))
			return MT_LOG_REL_NONE;
		ev->kind = MT_LOG_KIND_TLS_FAIL;
		mt_log_classify(c, ev);
		return MT_LOG_REL_EVENT;
	}
	return MT_LOG_REL_NONE;
}

/*
 * mt_log_opensmtpd - one OpenSMTPD message; returns enum mt_log_rel, or
 * MT_LOG_REL_PEER for a line that names the peer of session ev->pid.
 */
int
mt_log_opensmtpd(const struct mt_log_line *l, struct mt_log_event *ev)
{
	struct mt_log_cur c = l->msg;
	unsigned long sess;

	ev->mta = MT_LOG_MTA_OPENSMTPD;
	if (smtpd_hex(&c, &sess) && mt_log_cur_lit(&c, " ")) {
		ev->pid = sess;
		return smtpd_session(&c, ev);
	}
	c = l->msg;
	if (mt_log_cur_lit(&c, "smtp-in: "))
		return smtpd_old(&c, ev);
	return MT_LOG_REL_NONE;
}

/* mt_log_opensmtpd_shape - a line OpenSMTPD writes to stderr with -d -v. */
bool
mt_log_opensmtpd_shape(const struct mt_log_cur *msg)
{
	static const char *const prefixes[] = { "debug: ", "info: ",
	    "warn: ", "smtp-in: ", "smtp-out: ", "mta: ", "lka: ",
	    "queue: ", "scheduler: " };
	struct mt_log_cur c = *msg;
	unsigned long sess;
	size_t i;

	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (mt_log_cur_has_prefix(&c, prefixes[i]))
			return true;
	return smtpd_hex(&c, &sess) && (mt_log_cur_lit(&c, " smtp ") ||
	    mt_log_cur_lit(&c, " mta "));
}
