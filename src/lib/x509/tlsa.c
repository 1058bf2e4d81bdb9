/*
 * tlsa.c - DANE TLSA records (RFC 6698 2.1, 2.2; RFC 7218 names): wire
 * rdata and zone-file text in, records for a certificate out
 *
 * Wire rdata comes from DNS and text from a user or a zone file: both are
 * untrusted.  Rdata is read through mt_cbs; text through a bounded cursor
 * (MT_TLSA_TEXT_MAX characters).  Unknown usages, selectors and matching
 * types are kept as parsed (mt_dane_verify reports them unusable), and
 * data whose length does not fit its matching type is kept too (it simply
 * matches nothing, RFC 7671 5.1 ff.).  Records are plain values; nothing
 * here allocates memory that outlives a call.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "core/cbs.h"
#include "mailtls/dane.h"
#include "x509/x509_int.h"

/* Longest text record: a full certificate in hex, with spacing. */
#define MT_TLSA_TEXT_MAX	(4 * MT_TLSA_DATA_MAX + 256)

static const char *const tlsa_usage_names[] = {
	"PKIX-TA", "PKIX-EE", "DANE-TA", "DANE-EE",
};

const char *
mt_tlsa_usage_name(int usage)
{
	if (usage < 0 || (size_t)usage >= sizeof(tlsa_usage_names) /
	    sizeof(tlsa_usage_names[0]))
		return "unknown";
	return tlsa_usage_names[usage];
}

int
mt_tlsa_parse(const uint8_t *rdata, size_t len, struct mt_tlsa *t,
    struct mt_error *err)
{
	struct mt_cbs cbs;
	size_t n;

	memset(t, 0, sizeof(*t));
	mt_cbs_init(&cbs, rdata, rdata != NULL ? len : 0);
	if (!mt_cbs_get_u8(&cbs, &t->usage) ||
	    !mt_cbs_get_u8(&cbs, &t->selector) ||
	    !mt_cbs_get_u8(&cbs, &t->mtype))
		goto decode_err;
	if (mt_cbs_len(&cbs) == 0) {
		mt_error_setx(err, MT_ERR_INPUT,
		    "TLSA rdata has no association data");
		return -1;
	}
	if (!mt_cbs_copy(&cbs, t->data, sizeof(t->data), &n)) {
		mt_error_setx(err, MT_ERR_INPUT, "TLSA association data of "
		    "%zu bytes is over %d", mt_cbs_len(&cbs),
		    MT_TLSA_DATA_MAX);
		return -1;
	}
	t->len = n;
	return 0;

 decode_err:
	mt_error_setx(err, MT_ERR_INPUT, "TLSA rdata of %zu bytes is shorter "
	    "than 4", len);
	return -1;
}

/* tlsa_hexval - the value of one hex digit, or -1. */
static int
tlsa_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool
tlsa_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* A bounded cursor over one line of text. */
struct tlsa_text {
	const char	*p;
	const char	*end;
};

static void
tlsa_text_skip(struct tlsa_text *tx)
{
	while (tx->p < tx->end && tlsa_space(*tx->p))
		tx->p++;
}

/* tlsa_text_token - the next word as [*s, *s + *n); false at the end. */
static bool
tlsa_text_token(struct tlsa_text *tx, const char **s, size_t *n)
{
	tlsa_text_skip(tx);
	*s = tx->p;
	while (tx->p < tx->end && !tlsa_space(*tx->p))
		tx->p++;
	*n = (size_t)(tx->p - *s);
	return *n > 0;
}

/* tlsa_text_u8 - a decimal field 0..255 (at most three digits). */
static bool
tlsa_text_u8(struct tlsa_text *tx, uint8_t *out)
{
	const char *s;
	size_t n, i;
	unsigned v = 0;

	if (!tlsa_text_token(tx, &s, &n) || n > 3)
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (v > UINT8_MAX)
		return false;
	*out = (uint8_t)v;
	return true;
}

/*
 * tlsa_text_prefix - skip "[owner] [ttl] [IN] TLSA" if the text has the
 * TLSA keyword before its rdata; otherwise leave the cursor alone.
 */
static void
tlsa_text_prefix(struct tlsa_text *tx)
{
	struct tlsa_text look = *tx;
	const char *s;
	size_t n;
	int i;

	for (i = 0; i < 4 && tlsa_text_token(&look, &s, &n); i++)
		if (n == 4 && strncasecmp(s, "TLSA", 4) == 0) {
			*tx = look;
			return;
		}
}

int
mt_tlsa_from_text(const char *text, struct mt_tlsa *t, struct mt_error *err)
{
	struct tlsa_text tx;
	size_t len, n = 0;
	int hi = -1, v;

	memset(t, 0, sizeof(*t));
	if (text == NULL || (len = strnlen(text, MT_TLSA_TEXT_MAX + 1)) >
	    MT_TLSA_TEXT_MAX) {
		mt_error_setx(err, MT_ERR_INPUT, "TLSA text missing or over "
		    "%d characters", MT_TLSA_TEXT_MAX);
		return -1;
	}
	tx.p = text;
	tx.end = text + len;
	tlsa_text_prefix(&tx);
	if (!tlsa_text_u8(&tx, &t->usage) || !tlsa_text_u8(&tx, &t->selector) ||
	    !tlsa_text_u8(&tx, &t->mtype)) {
		mt_error_setx(err, MT_ERR_INPUT, "TLSA text: want \"USAGE "
		    "SELECTOR MTYPE HEX\" with fields 0..255");
		return -1;
	}
	/* The hex may be split by white space (RFC 6698 2.2). */
	for (; tx.p < tx.end; tx.p++) {
		if (tlsa_space(*tx.p))
			continue;
		if ((v = tlsa_hexval(*tx.p)) < 0) {
			mt_error_setx(err, MT_ERR_INPUT, "TLSA text: '%c' at "
			    "offset %zu is not hex", *tx.p > 0x20 &&
			    *tx.p < 0x7f ? *tx.p : '?',
			    (size_t)(tx.p - text));
			return -1;
		}
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (n == sizeof(t->data)) {
			mt_error_setx(err, MT_ERR_INPUT, "TLSA text: data over "
			    "%d bytes", MT_TLSA_DATA_MAX);
			return -1;
		}
		t->data[n++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	if (hi >= 0 || n == 0) {
		mt_error_setx(err, MT_ERR_INPUT, "TLSA text: %s",
		    n == 0 && hi < 0 ? "no association data" :
		    "odd number of hex digits");
		return -1;
	}
	t->len = n;
	return 0;
}

/* tlsa_select - the selected bytes of x into *out (caller frees). */
static int
tlsa_select(X509 *x, const uint8_t *der, size_t len, int selector,
    unsigned char **out, size_t *outlen)
{
	unsigned char *p = NULL;
	int n;

	*out = NULL;
	if (selector == 0) {
		if ((p = OPENSSL_malloc(len)) == NULL)
			return -1;
		memcpy(p, der, len);
		*out = p;
		*outlen = len;
		return 0;
	}
	if ((n = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(x), &p)) <= 0)
		return -1;
	*out = p;
	*outlen = (size_t)n;
	return 0;
}

int
mt_tlsa_make(const uint8_t *der, size_t len, int usage, int selector,
    int mtype, struct mt_tlsa *t, struct mt_error *err)
{
	const EVP_MD *md = NULL;
	unsigned char *sel = NULL;
	unsigned int mdlen;
	size_t sellen = 0;
	X509 *x = NULL;
	int rv = -1;

	memset(t, 0, sizeof(*t));
	if (usage < 0 || usage > UINT8_MAX || selector < 0 || selector > 1 ||
	    mtype < 0 || mtype > 2) {
		mt_error_setx(err, MT_ERR_USAGE, "TLSA parameters %d %d %d: "
		    "want usage 0..255, selector 0..1, matching type 0..2",
		    usage, selector, mtype);
		goto out;
	}
	if ((x = mt_cert_decode(der, len)) == NULL) {
		mt_error_setx(err, MT_ERR_INPUT, "certificate does not "
		    "decode");
		goto out;
	}
	if (tlsa_select(x, der, len, selector, &sel, &sellen) != 0) {
		mt_error_setx(err, MT_ERR_INTERNAL, "cannot encode the "
		    "selected certificate part");
		goto out;
	}
	t->usage = (uint8_t)usage;
	t->selector = (uint8_t)selector;
	t->mtype = (uint8_t)mtype;
	if (mtype == 0) {
		if (sellen > sizeof(t->data)) {
			mt_error_setx(err, MT_ERR_INPUT, "%zu bytes do not fit "
			    "a record of %d", sellen, MT_TLSA_DATA_MAX);
			goto out;
		}
		memcpy(t->data, sel, sellen);
		t->len = sellen;
		rv = 0;
		goto out;
	}
	md = mtype == 1 ? EVP_sha256() : EVP_sha512();
	if (EVP_Digest(sel, sellen, t->data, &mdlen, md, NULL) != 1) {
		mt_error_setx(err, MT_ERR_INTERNAL, "digest failed");
		goto out;
	}
	t->len = mdlen;
	rv = 0;
 out:
	OPENSSL_free(sel);
	X509_free(x);
	ERR_clear_error();
	return rv;
}

size_t
mt_tlsa_format(const struct mt_tlsa *t, const char *owner, char *buf,
    size_t cap)
{
	static const char hex[] = "0123456789abcdef";
	size_t need, i, at;
	int n;

	if (owner != NULL)
		n = snprintf(buf, cap, "%s IN TLSA %u %u %u ", owner, t->usage,
		    t->selector, t->mtype);
	else
		n = snprintf(buf, cap, "%u %u %u ", t->usage, t->selector,
		    t->mtype);
	if (n < 0)
		return 0;
	need = (size_t)n + 2 * t->len;
	at = (size_t)n;
	for (i = 0; i < 2 * t->len && at + 1 < cap; i++)
		buf[at++] = hex[i % 2 == 0 ? t->data[i / 2] >> 4 :
		    t->data[i / 2] & 0x0f];
	if (cap > 0)
		buf[at < cap ? at : cap - 1] = '\0';
	return need;
}
