/*
 * record.c - TLS record framing (RFC 5246 6.2.1, RFC 8446 5.1) and the
 * classification of a reply's first bytes (TLS record, SSLv2 record per
 * draft-hickman-netscape-ssl-00, or plain text such as an SMTP reply)
 *
 * Input is untrusted and read only through mt_cbs.  Records longer than
 * MT_TLS_RECORD_MAX are refused.  Nothing is allocated; a framed record
 * points into the caller's buffer.
 */
#include <stdio.h>

#include "core/cbs.h"
#include "core/mt_limits.h"
#include "tls/flight.h"
#include "tls/record.h"

#define TLS_VERSION_MAJOR	3
#define SSL2_LONG_HEADER	0x80
#define SSL2_TYPE_OFFSET	2

int
mt_record_frame(const uint8_t *buf, size_t n, size_t off,
    struct mt_record *rec, char *why, size_t whylen)
{
	struct mt_cbs cbs, frag;
	uint16_t version, len;
	uint8_t type;

	mt_cbs_init(&cbs, buf, n);
	if (!mt_cbs_get_u8(&cbs, &type) || !mt_cbs_get_u16(&cbs, &version) ||
	    !mt_cbs_get_u16(&cbs, &len))
		return MT_RECORD_MORE;
	if (type < TLS_CT_CHANGE_CIPHER_SPEC ||
	    type > TLS_CT_APPLICATION_DATA) {
		(void)snprintf(why, whylen,
		    "bad record type %u at offset %zu", type, off);
		return MT_RECORD_BAD;
	}
	if (version >> 8 != TLS_VERSION_MAJOR) {
		(void)snprintf(why, whylen,
		    "bad record version 0x%04x at offset %zu", version, off);
		return MT_RECORD_BAD;
	}
	if (len > MT_TLS_RECORD_MAX) {
		(void)snprintf(why, whylen,
		    "record length %u exceeds %d at offset %zu", len,
		    MT_TLS_RECORD_MAX, off);
		return MT_RECORD_BAD;
	}
	if (!mt_cbs_get_bytes(&cbs, &frag, len))
		return MT_RECORD_MORE;
	rec->type = type;
	rec->version = version;
	rec->fragment = mt_cbs_data(&frag);
	rec->len = mt_cbs_len(&frag);
	return MT_RECORD_OK;
}

static bool
record_is_text(uint8_t c)
{
	return (c >= 0x20 && c < 0x7f) || c == '\r' || c == '\n' ||
	    c == '\t';
}

/* record_text_decided - a line end, a binary byte, enough bytes, or eof. */
static bool
record_text_decided(const uint8_t *buf, size_t n, bool eof)
{
	size_t i;

	if (eof || n >= MT_RECORD_TEXT_MAX)
		return true;
	for (i = 0; i < n; i++)
		if (buf[i] == '\r' || buf[i] == '\n' || !record_is_text(buf[i]))
			return true;
	return false;
}

int
mt_record_classify(const uint8_t *buf, size_t n, bool eof)
{
	uint8_t b0;

	if (n == 0)
		return MT_START_MORE;
	b0 = buf[0];
	if (b0 >= TLS_CT_CHANGE_CIPHER_SPEC && b0 <= TLS_CT_APPLICATION_DATA)
		return MT_START_TLS;
	if (b0 & SSL2_LONG_HEADER) {
		if (n <= SSL2_TYPE_OFFSET)
			return eof ? MT_START_OTHER : MT_START_MORE;
		if (buf[SSL2_TYPE_OFFSET] == SSL2_MT_ERROR)
			return MT_START_SSLV2;
		if (buf[SSL2_TYPE_OFFSET] != SSL2_MT_SERVER_HELLO)
			return MT_START_OTHER;
		if (n < SSL2_SERVER_HELLO_VERSION_END && !eof)
			return MT_START_MORE;
		return MT_START_SSLV2;
	}
	if (record_is_text(b0))
		return record_text_decided(buf, n, eof) ? MT_START_TEXT :
		    MT_START_MORE;
	return MT_START_OTHER;
}

void
mt_record_quote(const uint8_t *buf, size_t n, char *out, size_t cap)
{
	size_t i, o = 0;
	int w;

	if (cap == 0)
		return;
	out[0] = '\0';
	for (i = 0; i < n && i < MT_RECORD_TEXT_MAX; i++) {
		if (buf[i] == '\r' || buf[i] == '\n')
			break;
		if (buf[i] >= 0x20 && buf[i] < 0x7f && buf[i] != '"' &&
		    buf[i] != '\\')
			w = snprintf(out + o, cap - o, "%c", buf[i]);
		else
			w = snprintf(out + o, cap - o, "\\x%02x", buf[i]);
		if (w < 0 || (size_t)w >= cap - o) {
			out[o] = '\0';
			return;
		}
		o += (size_t)w;
		/* A binary byte ends the text, as in record_text_decided(). */
		if (!record_is_text(buf[i]))
			return;
	}
}
