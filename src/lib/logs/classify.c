/*
 * classify.c - failure classes of TLS between MTAs: the table (data) and
 * the classifier of the reason text that OpenSSL 1.0/1.1/3, GnuTLS and the
 * MTAs themselves write
 *
 * The reason text is untrusted; it is lowered into a bounded buffer and
 * matched against fixed phrases in table order (first hit wins).
 */
#include <stdint.h>
#include <string.h>
#include <strings.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "logs/logs_int.h"

static const struct mt_log_class_info class_table[MT_LOG_NCLASS] = {
	[MT_LOG_CLASS_NONE] = { "none", "no failure", "", "", "", "", "" },
	[MT_LOG_CLASS_NO_SHARED_CIPHER] = { "no_shared_cipher",
	    "no shared cipher suite",
	    "The two cipher lists have no suite in common: a hardened list "
	    "here (or at the peer) excludes everything the other side "
	    "offers, e.g. forward-secrecy-only lists against a relay that "
	    "offers only RSA key exchange.",
	    "keep smtpd_tls_ciphers/smtpd_tls_mandatory_ciphers at medium "
	    "and remove the rule in tls_high_cipherlist or "
	    "smtpd_tls_exclude_ciphers that drops the senders' suites "
	    "(mailtls ciphers match shows which)",
	    "use ciphers \"compat\" instead of libtls' \"secure\" on the "
	    "listen or relay line (secure demands ECDHE/DHE with AEAD)",
	    "widen O CipherList (confCIPHER_LIST) so it keeps a suite the "
	    "peer offers",
	    "widen tls_require_ciphers (OpenSSL cipher string, or the "
	    "GnuTLS priority string, e.g. NORMAL)" },
	[MT_LOG_CLASS_VERSION] = { "version_too_low",
	    "no protocol version in common",
	    "The peer's highest version is one this side disables (OpenSSL "
	    "3: 'version too low'/'unsupported protocol', GnuTLS: 'illegal "
	    "or unsupported version').  OpenSSL 1.0.x writes "
	    "'SSL23_GET_CLIENT_HELLO:unknown protocol' both for that and "
	    "for non-TLS bytes.  The classic case is a TLS 1.0-only sender "
	    "against '!TLSv1, !SSLv3': enabling SSLv3 to let it in does not "
	    "help it use TLS 1.0, it downgrades it to SSLv3.",
	    "remove !TLSv1 (and !TLSv1.1) from smtpd_tls_protocols for "
	    "opportunistic TLS, keep !SSLv2, !SSLv3; never enable SSLv3 to "
	    "admit TLS 1.0-only senders (that is a downgrade); OpenSSL 3 "
	    "also needs MinProtocol/@SECLEVEL=0 for TLS 1.0",
	    "list the versions the peer speaks in the protocols option of "
	    "the listen or relay line",
	    "drop +SSL_OP_NO_TLSv1 from O ServerSSLOptions/ClientSSLOptions",
	    "drop +no_tlsv1 from openssl_options (GnuTLS: remove "
	    "-VERS-TLS1.0 from tls_require_ciphers)" },
	[MT_LOG_CLASS_WRONG_VERSION_NUMBER] = { "wrong_version_number",
	    "non-TLS bytes where TLS was expected",
	    "The peer sent plaintext after STARTTLS, or TLS met a plaintext "
	    "port: a middlebox rewriting SMTP (firewall 'ESMTP inspection'), "
	    "STARTTLS injection, or implicit TLS (465) mixed up with STARTTLS "
	    "(25/587).  OpenSSL <= 1.0.2 wrote this as 'unknown protocol'.",
	    "check smtpd_tls_wrappermode/smtp_tls_wrappermode per port in "
	    "master.cf; turn off SMTP inspection on the firewall",
	    "use smtps on 465 and tls on 25/587 listen lines; relay "
	    "smtps:// vs smtp+tls://",
	    "DaemonPortOptions M=s only on the implicit-TLS port",
	    "tls_on_connect_ports only for 465" },
	[MT_LOG_CLASS_ALERT] = { "alert_received",
	    "the peer aborted with a TLS alert",
	    "The peer rejected something: bad_certificate, unknown_ca or "
	    "certificate_expired mean it could not verify our certificate "
	    "(missing intermediate, expired, or DANE TLSA records that no "
	    "longer match a renewed certificate, when one large sender fails "
	    "while others succeed); handshake_failure or protocol_version "
	    "mean it found no suite or version in common.",
	    "serve the full chain (smtpd_tls_chain_files, leaf first), renew "
	    "the certificate, and check the TLSA records against it "
	    "(mailtls dane DOMAIN)",
	    "put the full chain in the pki NAME cert file; renew; check the "
	    "TLSA records",
	    "put the chain in confSERVER_CERT/CACertFile; renew; check the "
	    "TLSA records",
	    "put the full chain in tls_certificate; renew; check the TLSA "
	    "records" },
	[MT_LOG_CLASS_UNEXPECTED_EOF] = { "unexpected_eof",
	    "the peer closed the handshake without an alert",
	    "Seen when the peer's TLS library found nothing acceptable and "
	    "just closed (libtls 'handshake failed: unexpected EOF'), or a "
	    "middlebox cut the connection.",
	    "compare both sides' suites and versions (mailtls probe, "
	    "mailtls ciphers match); smtp_tls_ciphers for outbound",
	    "try ciphers \"compat\" and protocols \"all\" on the relay line",
	    "widen CipherList / ClientSSLOptions",
	    "widen tls_require_ciphers / openssl_options" },
	[MT_LOG_CLASS_CERT_VERIFY] = { "cert_verify_failed",
	    "certificate verification failed",
	    "The peer's chain did not verify: unknown CA, missing "
	    "intermediate, expired, or a name mismatch.",
	    "set smtp_tls_CAfile/smtp_tls_CApath, or lower "
	    "smtp_tls_security_level to may/encrypt for that destination in "
	    "smtp_tls_policy_maps",
	    "set ca on the relay, or tls no-verify for that destination",
	    "set CACertFile/CACertPath; TLS_Srv: in the access map decides "
	    "whether verify=FAIL matters",
	    "set tls_verify_certificates; use tls_try_verify_hosts instead "
	    "of tls_verify_hosts for opportunistic peers" },
	[MT_LOG_CLASS_DANE] = { "dane_failed",
	    "DANE TLSA records did not match",
	    "The TLSA records no longer match the certificate, usually "
	    "after a renewal with a new key published without the matching "
	    "record first.",
	    "publish TLSA 3 1 1 for the new key before deploying it "
	    "(mailtls dane tlsa CERT); smtp_tls_security_level=dane",
	    "OpenSMTPD does no DANE; fix the TLSA RRset of the receiving "
	    "domain",
	    "fix the TLSA RRset; O DANE=true enables checking (8.16+)",
	    "fix the TLSA RRset; hosts_try_dane/hosts_require_dane" },
	[MT_LOG_CLASS_TLS_REQUIRED] = { "tls_required_not_offered",
	    "TLS required but STARTTLS not offered",
	    "Our policy requires TLS but the peer did not offer STARTTLS, "
	    "or something in between stripped it.",
	    "check the peer with mailtls probe; relax the destination's "
	    "entry in smtp_tls_policy_maps (encrypt -> may) only if "
	    "plaintext is acceptable",
	    "relay ... tls instead of a required tls, only if plaintext is "
	    "acceptable",
	    "the TLS_Srv:/TLS_Rcpt: entry in the access map",
	    "hosts_require_tls / hosts_try_tls on the smtp transport" },
	[MT_LOG_CLASS_LOST] = { "lost_after_starttls",
	    "connection lost after STARTTLS",
	    "The peer dropped the connection in or right after the "
	    "handshake: an error it logged on its side, a bot, or a "
	    "middlebox.",
	    "smtpd_tls_loglevel = 1 and the peer's own log; if it persists "
	    "for one peer, an smtpd_discard_ehlo_keyword_address_maps entry "
	    "lets it deliver without STARTTLS",
	    "compare with the peer's log",
	    "compare with the peer's log; the access map's Try_TLS: can "
	    "skip STARTTLS for one peer",
	    "compare with the peer's log; tls_advertise_hosts can exclude "
	    "one peer" },
	[MT_LOG_CLASS_TIMEOUT] = { "timeout",
	    "the TLS handshake timed out",
	    "Slow or lossy path (MTU problems with large chains), a "
	    "tarpitting peer, or a peer stuck in verification.",
	    "smtpd_starttls_timeout / smtp_starttls_timeout",
	    "check MTU and chain size",
	    "O Timeout.starttls",
	    "check MTU and chain size; command_timeout on the transport" },
	[MT_LOG_CLASS_LOCAL_CONFIG] = { "local_config",
	    "our own key or certificate is unusable",
	    "The private key or certificate cannot be loaded: missing, "
	    "wrong path, not matching, or not readable by the MTA's user.",
	    "smtpd_tls_chain_files (or smtpd_tls_cert_file and "
	    "smtpd_tls_key_file): paths, key matching the cert; run "
	    "postfix check",
	    "pki NAME cert and pki NAME key: paths, key mode 0600 owned by "
	    "root",
	    "confSERVER_CERT/confSERVER_KEY; the key must not be group or "
	    "world readable",
	    "tls_certificate/tls_privatekey readable by the Exim user "
	    "(Debian: group Debian-exim)" },
	[MT_LOG_CLASS_UNKNOWN] = { "unknown",
	    "a TLS failure not classified yet",
	    "The reason text is not one mailtls knows; the example shows "
	    "it.", "", "", "", "" },
};

const struct mt_log_class_info *
mt_log_class_info(int c)
{
	if (c < 0 || c >= MT_LOG_NCLASS)
		return NULL;
	return &class_table[c];
}

/* Phrases, in order; "" alert means take the name from the text. */
static const struct {
	const char	*phrase;	/* lower case */
	int		 cls;
	const char	*alert;
} phrases[] = {
	{ "missing private key", MT_LOG_CLASS_LOCAL_CONFIG, NULL },
	{ "cert/key setup", MT_LOG_CLASS_LOCAL_CONFIG, NULL },
	{ "cannot load", MT_LOG_CLASS_LOCAL_CONFIG, NULL },
	{ "unable to load", MT_LOG_CLASS_LOCAL_CONFIG, NULL },
	{ "cannot get private key", MT_LOG_CLASS_LOCAL_CONFIG, NULL },
	{ "key values mismatch", MT_LOG_CLASS_LOCAL_CONFIG, NULL },
	{ "permission denied", MT_LOG_CLASS_LOCAL_CONFIG, NULL },
	{ "evp lib", MT_LOG_CLASS_LOCAL_CONFIG, NULL },
	{ "use_certificate", MT_LOG_CLASS_LOCAL_CONFIG, NULL },
	{ "no such file", MT_LOG_CLASS_LOCAL_CONFIG, NULL },
	/*
	 * A server that cannot use its RSA key for RSA key exchange (seen:
	 * OpenSMTPD 6.8 on OpenSSL 3, whose key lives in another process);
	 * OpenSSL 3 rejects a bad premaster secret implicitly, so this is
	 * never the client's fault.  The record-layer error of the same
	 * words goes on to the rest of the table.
	 */
	{ "decryption failed or bad record mac", MT_LOG_CLASS_UNKNOWN, NULL },
	{ "::decryption failed", MT_LOG_CLASS_LOCAL_CONFIG, NULL },
	{ "no shared cipher", MT_LOG_CLASS_NO_SHARED_CIPHER, NULL },
	{ "no supported cipher suites", MT_LOG_CLASS_NO_SHARED_CIPHER, NULL },
	{ "no ciphers available", MT_LOG_CLASS_NO_SHARED_CIPHER, NULL },
	{ "no cipher match", MT_LOG_CLASS_NO_SHARED_CIPHER, NULL },
	{ "could not negotiate a supported cipher",
	    MT_LOG_CLASS_NO_SHARED_CIPHER, NULL },
	{ "wrong version number", MT_LOG_CLASS_WRONG_VERSION_NUMBER, NULL },
	{ "unexpected tls packet", MT_LOG_CLASS_WRONG_VERSION_NUMBER, NULL },
	{ "http request", MT_LOG_CLASS_WRONG_VERSION_NUMBER, NULL },
	{ "alert protocol version", MT_LOG_CLASS_VERSION,
	    "protocol_version" },
	{ "version too low", MT_LOG_CLASS_VERSION, NULL },
	{ "unsupported protocol", MT_LOG_CLASS_VERSION, NULL },
	{ "unknown protocol", MT_LOG_CLASS_VERSION, NULL },
	{ "no protocols available", MT_LOG_CLASS_VERSION, NULL },
	{ "illegal or unsupported version", MT_LOG_CLASS_VERSION, NULL },
	{ "wrong ssl version", MT_LOG_CLASS_VERSION, NULL },
	{ "unsupported version", MT_LOG_CLASS_VERSION, NULL },
	{ "dane", MT_LOG_CLASS_DANE, NULL },
	{ "tlsa", MT_LOG_CLASS_DANE, NULL },
	{ "nocertmatch", MT_LOG_CLASS_DANE, NULL },
	{ "certificate is bad", MT_LOG_CLASS_ALERT, "bad_certificate" },
	{ "ca is unknown", MT_LOG_CLASS_ALERT, "unknown_ca" },
	{ "certificate is expired", MT_LOG_CLASS_ALERT,
	    "certificate_expired" },
	{ "received: handshake failed", MT_LOG_CLASS_ALERT,
	    "handshake_failure" },
	{ "fatal alert", MT_LOG_CLASS_ALERT, NULL },
	{ "rxd alert", MT_LOG_CLASS_ALERT, NULL },
	{ "ssl alert number", MT_LOG_CLASS_ALERT, "" },
	{ " alert ", MT_LOG_CLASS_ALERT, "" },
	{ "decryption has failed", MT_LOG_CLASS_ALERT, NULL },
	{ "certificate verify failed", MT_LOG_CLASS_CERT_VERIFY, NULL },
	{ "certificate verification failed", MT_LOG_CLASS_CERT_VERIFY, NULL },
	{ "certificate revoked", MT_LOG_CLASS_CERT_VERIFY, NULL },
	{ "certificate status", MT_LOG_CLASS_CERT_VERIFY, NULL },
	{ "unexpected eof", MT_LOG_CLASS_UNEXPECTED_EOF, NULL },
	{ "non-properly terminated", MT_LOG_CLASS_UNEXPECTED_EOF, NULL },
	{ "no ssl error", MT_LOG_CLASS_UNEXPECTED_EOF, NULL },
	{ "timed out", MT_LOG_CLASS_TIMEOUT, NULL },
	{ "timeout", MT_LOG_CLASS_TIMEOUT, NULL },
	{ "lost connection", MT_LOG_CLASS_LOST, NULL },
	{ "closed by peer", MT_LOG_CLASS_LOST, NULL },
	{ "connection reset", MT_LOG_CLASS_LOST, NULL },
	{ "tls is required, but was not offered", MT_LOG_CLASS_TLS_REQUIRED,
	    NULL },
	{ "tls required but not supported", MT_LOG_CLASS_TLS_REQUIRED, NULL },
	{ "did not offer tls", MT_LOG_CLASS_TLS_REQUIRED, NULL },
};

/* What a reason text classifies as: the class, and the alert if named. */
struct classify_res {
	int	 cls;
	bool	 set_alert;	/* alert replaces the event's */
	char	 alert[MT_LOG_ALERT_MAX];
};

/* classify_alert_name - "sslv3 alert bad certificate:" -> bad_certificate */
static void
classify_alert_name(const char *low, size_t n, struct classify_res *res)
{
	const char *a;
	size_t i, o = 0;

	if ((a = mt_log_find(low, n, " alert ", 7)) == NULL)
		return;
	a += 7;
	n -= (size_t)(a - low);
	if (n >= 6 && memcmp(a, "number", 6) == 0)
		return;
	for (i = 0; i < n && o + 1 < sizeof(res->alert); i++) {
		if (a[i] == ' ')
			res->alert[o++] = '_';
		else if ((a[i] >= 'a' && a[i] <= 'z') ||
		    (a[i] >= '0' && a[i] <= '9'))
			res->alert[o++] = a[i];
		else
			break;
	}
	while (o > 0 && res->alert[o - 1] == '_')
		o--;
	res->alert[o] = '\0';
	res->set_alert = true;
}

#define CLASSIFY_PAIR(a, b) \
	((size_t)((unsigned char)(a) & 0x3f) << 6 | ((unsigned char)(b) & 0x3f))
#define CLASSIFY_HAS(bm, a, b) \
	(((bm)[CLASSIFY_PAIR(a, b) / 64] >> (CLASSIFY_PAIR(a, b) % 64)) & 1)

/* classify_text - the class (and alert) of reason text r. */
static void
classify_text(const struct mt_log_cur *r, struct classify_res *res)
{
	char low[MT_LOG_REASON_MAX * 2];
	uint64_t pairs[4096 / 64];
	size_t i, k, n = r->n < sizeof(low) ? r->n : sizeof(low);
	const char *ph;

	res->set_alert = false;
	/*
	 * A bitmap of the byte pairs in the text (six bits of each byte)
	 * rules most phrases out before they are searched for: two pairs
	 * of each phrase must be there.
	 */
	memset(pairs, 0, sizeof(pairs));
	i = 0;
#if defined(__SSE2__)
	/* Lowered sixteen bytes at a time: 'A'..'Z' get 0x20 added. */
	for (; i + 16 <= n; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)
		    (r->p + i));
		__m128i up = _mm_and_si128(
		    _mm_cmpgt_epi8(x, _mm_set1_epi8('A' - 1)),
		    _mm_cmplt_epi8(x, _mm_set1_epi8('Z' + 1)));

		_mm_storeu_si128((__m128i *)(void *)(low + i), _mm_add_epi8(x,
		    _mm_and_si128(up, _mm_set1_epi8('a' - 'A'))));
	}
#endif
	for (; i < n; i++) {
		char ch = r->p[i];

		low[i] = (ch >= 'A' && ch <= 'Z') ? (char)(ch - 'A' + 'a') : ch;
	}
	/* CLASSIFY_PAIR(a, b) / 64 is a's six bits, % 64 b's. */
	for (i = 1; i < n; i++)
		pairs[(unsigned char)low[i - 1] & 0x3f] |=
		    1ULL << ((unsigned char)low[i] & 0x3f);
	for (i = 0; i < sizeof(phrases) / sizeof(phrases[0]); i++) {
		ph = phrases[i].phrase;
		/* every phrase has two bytes or more: its first pair first */
		if (!CLASSIFY_HAS(pairs, ph[0], ph[1]))
			continue;
		k = strlen(ph);
		if (!CLASSIFY_HAS(pairs, ph[k - 2], ph[k - 1]))
			continue;
		if (mt_log_find(low, n, ph, k) == NULL)
			continue;
		res->cls = phrases[i].cls;
		if (phrases[i].alert != NULL && phrases[i].alert[0] != '\0') {
			mt_log_copy_str(res->alert, sizeof(res->alert),
			    phrases[i].alert, strlen(phrases[i].alert));
			res->set_alert = true;
		} else if (phrases[i].alert != NULL)
			classify_alert_name(low, n, res);
		return;
	}
	res->cls = MT_LOG_CLASS_UNKNOWN;
}

/* classify_apply - res into ev; r into ev->reason when that is empty. */
static void
classify_apply(const struct mt_log_cur *r, const struct classify_res *res,
    struct mt_log_event *ev)
{
	if (ev->reason[0] == '\0')
		mt_log_copy(ev->reason, sizeof(ev->reason), r);
	ev->fail_class = res->cls;
	if (res->set_alert)
		mt_log_copy_str(ev->alert, sizeof(ev->alert), res->alert,
		    strlen(res->alert));
}

/*
 * mt_log_classify - set ev->fail_class (and ev->alert) from reason text;
 * the text is copied into ev->reason when that is still empty.
 */
void
mt_log_classify(const struct mt_log_cur *r, struct mt_log_event *ev)
{
	struct classify_res res;

	classify_text(r, &res);
	classify_apply(r, &res, ev);
}

/* classify_hash - of a text, a word at a time; the memo compares texts. */
static uint64_t
classify_hash(const char *p, size_t n)
{
	uint64_t h = (uint64_t)n * 0x9e3779b97f4a7c15ULL, w;
	size_t i;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 29;
	}
	w = 0;
	memcpy(&w, p + i, n - i);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	return h ^ (h >> 32);
}

/*
 * mt_log_classify_memo - mt_log_classify, with the results of texts up to
 * MT_LOG_MEMO_TEXT bytes kept in memo (NULL: none) by the text: a log
 * repeats a few library error strings, and the classifier reads every
 * byte of the text and tries each phrase.
 */
void
mt_log_classify_memo(struct mt_log_memo *memo, const struct mt_log_cur *r,
    struct mt_log_event *ev)
{
	struct mt_log_memo_slot *m;
	struct classify_res res;
	uint64_t h;

	if (memo == NULL || r->n > MT_LOG_MEMO_TEXT) {
		mt_log_classify(r, ev);
		return;
	}
	h = classify_hash(r->p, r->n);
	m = &memo->slot[h & (MT_LOG_MEMO_SLOTS - 1)];
	if (m->used && m->h == h && m->n == r->n &&
	    memcmp(m->text, r->p, r->n) == 0) {
		res.cls = m->cls;
		res.set_alert = m->set_alert;
		memcpy(res.alert, m->alert, sizeof(res.alert));
	} else {
		classify_text(r, &res);
		m->used = true;
		m->h = h;
		m->n = r->n;
		memcpy(m->text, r->p, r->n);
		m->cls = res.cls;
		m->set_alert = res.set_alert;
		if (res.set_alert)
			memcpy(m->alert, res.alert, sizeof(m->alert));
	}
	classify_apply(r, &res, ev);
}

#define VW(w, v)	{ (w), sizeof(w) - 1, (v) }

static const struct {
	const char	*word;
	size_t		 len;
	int		 v;
} verify_words[] = {
	VW("Anonymous", MT_LOG_VERIFY_ANONYMOUS),
	VW("Untrusted", MT_LOG_VERIFY_UNTRUSTED),
	VW("Trusted", MT_LOG_VERIFY_TRUSTED),
	VW("Verified", MT_LOG_VERIFY_VERIFIED),
	VW("CV=yes", MT_LOG_VERIFY_VERIFIED),
	VW("CV=dane", MT_LOG_VERIFY_VERIFIED),
	VW("CV=no", MT_LOG_VERIFY_UNTRUSTED),
	VW("verify=OK", MT_LOG_VERIFY_VERIFIED),
	VW("verify=NO", MT_LOG_VERIFY_ANONYMOUS),
	VW("verify=NOT", MT_LOG_VERIFY_ANONYMOUS),
	VW("verify=NONE", MT_LOG_VERIFY_ANONYMOUS),
	VW("verify=FAIL", MT_LOG_VERIFY_UNTRUSTED),
	VW("verify=TEMP", MT_LOG_VERIFY_UNTRUSTED),
	VW("verify=PROTOCOL", MT_LOG_VERIFY_UNTRUSTED),
	VW("verify=SOFTWARE", MT_LOG_VERIFY_UNTRUSTED),
	VW("verify=TRUSTED", MT_LOG_VERIFY_TRUSTED),
	VW("verify=DANE_FAIL", MT_LOG_VERIFY_UNTRUSTED),
	VW("verify=DANE_OK", MT_LOG_VERIFY_VERIFIED),
	VW("result=success", MT_LOG_VERIFY_VERIFIED),
	VW("result=failure", MT_LOG_VERIFY_UNTRUSTED),
};

#undef VW

/*
 * mt_log_verify_from - the level of a verify word, e.g. "CV=yes"; the
 * lengths are compared first (one word per TLS line).
 */
int
mt_log_verify_from(const char *w)
{
	size_t i, n = strlen(w);

	for (i = 0; i < sizeof(verify_words) / sizeof(verify_words[0]); i++)
		if (verify_words[i].len == n &&
		    memcmp(w, verify_words[i].word, n) == 0)
			return verify_words[i].v;
	return MT_LOG_VERIFY_UNKNOWN;
}

static const char *const mta_names[MT_LOG_NMTA] = { "unknown", "postfix",
    "exim", "sendmail", "opensmtpd" };
static const char *const dir_names[MT_LOG_NDIR] = { "unknown", "inbound",
    "outbound" };
static const char *const kind_names[MT_LOG_NKIND] = { "other", "tls_ok",
    "tls_fail", "starttls_missing", "plaintext" };
static const char *const verify_names[MT_LOG_NVERIFY] = { "unknown",
    "anonymous", "untrusted", "trusted", "verified" };

const char *
mt_log_mta_name(int v)
{
	return v >= 0 && v < MT_LOG_NMTA ? mta_names[v] : "unknown";
}

const char *
mt_log_dir_name(int v)
{
	return v >= 0 && v < MT_LOG_NDIR ? dir_names[v] : "unknown";
}

const char *
mt_log_kind_name(int v)
{
	return v >= 0 && v < MT_LOG_NKIND ? kind_names[v] : "other";
}

const char *
mt_log_verify_name(int v)
{
	return v >= 0 && v < MT_LOG_NVERIFY ? verify_names[v] : "unknown";
}
