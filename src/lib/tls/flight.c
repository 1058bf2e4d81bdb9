/*
 * flight.c - read a server's first flight (RFC 5246 7.4, RFC 8446 4.1.3
 * and 4.1.4): handshake reassembly across records, ServerHello and
 * HelloRetryRequest, Certificate, ServerKeyExchange (RFC 8422 5.4, RFC 5246
 * 7.4.3), CertificateRequest, ServerHelloDone and Alert records; SSLv2 and
 * plain-text replies are recognised by their first bytes (record.c)
 *
 * Input is untrusted and arrives in any split: bytes are buffered until a
 * whole record is in, so the result depends only on the byte stream.
 * Caps: records MT_TLS_RECORD_MAX, handshake messages MT_TLS_HANDSHAKE_MAX,
 * the flight MT_TLS_FLIGHT_MAX.  Every message is read through mt_cbs and
 * must be consumed exactly.  Certificates are copied and owned by the
 * struct mt_flight; the result is borrowed by callers.
 *
 * An alert after the ServerHello ends the read: the alert fields are set
 * and kind stays HELLO.  A parse error after the ServerHello turns kind
 * into MALFORMED, but the ServerHello fields already read are kept.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/cbs.h"
#include "core/mt_limits.h"
#include "tls/flight.h"
#include "tls/record.h"

#define TLS_HT_HELLO_REQUEST		0
#define TLS_HT_CERTIFICATE_STATUS	22
#define TLS_HS_HEADER_LEN		4
#define TLS_RANDOM_LEN			32
#define TLS_SESSION_ID_MAX		32
#define TLS_VERSION_13			0x0304
#define TLS_VERSION_13_DRAFT_MAJOR	0x7f
#define TLS_EC_NAMED_CURVE		3
#define SSL2_VERSION			0x0002
#define SSL2_VERSION_OFFSET		5

/* RFC 8446 4.1.3: the random of a HelloRetryRequest. */
static const uint8_t hrr_random[TLS_RANDOM_LEN] = {
	0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11,
	0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
	0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e,
	0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
};

enum flight_state {
	FLIGHT_ST_START = 0,	/* first bytes not classified yet */
	FLIGHT_ST_HELLO,	/* records framed, waiting for ServerHello */
	FLIGHT_ST_AFTER_HELLO,	/* TLS <= 1.2: up to ServerHelloDone */
	FLIGHT_ST_DONE,		/* result decided; later bytes ignored */
};

/* Extensions a ServerHello may carry only once, as bits. */
#define EXT_SEEN_VERSIONS	0x01
#define EXT_SEEN_KEY_SHARE	0x02
#define EXT_SEEN_RENEG		0x04
#define EXT_SEEN_EMS		0x08

struct mt_flight {
	struct mt_server_flight	 res;
	int			 state;		/* enum flight_state */
	bool			 framed;	/* first record seen */
	bool			 have_cert;
	size_t			 total;		/* bytes fed */
	size_t			 roff;		/* stream offset of rbuf[0] */
	size_t			 rlen;
	uint8_t			 rbuf[TLS_RECORD_HEADER_LEN +
				    MT_TLS_RECORD_MAX];
	size_t			 hs_off;	/* stream offset of hs[0] */
	size_t			 hs_len;
	uint32_t		 hs_body;	/* body length once known */
	uint8_t			 hs[TLS_HS_HEADER_LEN + MT_TLS_HANDSHAKE_MAX];
	const uint8_t		*fail_at;	/* parse failure position */
	const char		*fail_what;
};

/* flight_set_state - the only way to change state. */
static void
flight_set_state(struct mt_flight *f, int state)
{
	f->state = state;
}

static void
flight_finish(struct mt_flight *f, int kind)
{
	f->res.kind = kind;
	flight_set_state(f, FLIGHT_ST_DONE);
}

static void
flight_malformed(struct mt_flight *f, const char *fmt, ...)
    __attribute__((__format__(__printf__, 2, 3)));

static void
flight_malformed(struct mt_flight *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(f->res.error, sizeof(f->res.error), fmt, ap);
	va_end(ap);
	flight_finish(f, MT_FLIGHT_MALFORMED);
}

static const char *
flight_msg_name(uint8_t type)
{
	switch (type) {
	case TLS_HT_HELLO_REQUEST:
		return "HelloRequest";
	case TLS_HT_CLIENT_HELLO:
		return "ClientHello";
	case TLS_HT_SERVER_HELLO:
		return "ServerHello";
	case TLS_HT_CERTIFICATE:
		return "Certificate";
	case TLS_HT_SERVER_KEY_EXCHANGE:
		return "ServerKeyExchange";
	case TLS_HT_CERTIFICATE_REQUEST:
		return "CertificateRequest";
	case TLS_HT_SERVER_HELLO_DONE:
		return "ServerHelloDone";
	case TLS_HT_CERTIFICATE_STATUS:
		return "CertificateStatus";
	default:
		return "handshake message";
	}
}

/* flight_fail - note what failed to parse and where; returns false. */
static bool
flight_fail(struct mt_flight *f, const struct mt_cbs *at, const char *what)
{
	f->fail_at = mt_cbs_data(at);
	f->fail_what = what;
	return false;
}

static bool
flight_sh_extension(struct mt_flight *f, uint16_t type, struct mt_cbs *body,
    bool hrr, unsigned int *seen)
{
	struct mt_cbs key, reneg;
	unsigned int bit = 0;

	switch (type) {
	case TLSEXT_SUPPORTED_VERSIONS:
		bit = EXT_SEEN_VERSIONS;
		if (!mt_cbs_get_u16(body, &f->res.version) ||
		    mt_cbs_len(body) != 0)
			return flight_fail(f, body, "supported_versions");
		break;
	case TLSEXT_KEY_SHARE:
		bit = EXT_SEEN_KEY_SHARE;
		if (!mt_cbs_get_u16(body, &f->res.group))
			return flight_fail(f, body, "key_share group");
		if (!hrr && (!mt_cbs_get_u16_prefixed(body, &key) ||
		    mt_cbs_len(&key) == 0))
			return flight_fail(f, body, "key_share key_exchange");
		if (mt_cbs_len(body) != 0)
			return flight_fail(f, body, "key_share length");
		break;
	case TLSEXT_RENEGOTIATION_INFO:
		bit = EXT_SEEN_RENEG;
		if (!mt_cbs_get_u8_prefixed(body, &reneg) ||
		    mt_cbs_len(body) != 0)
			return flight_fail(f, body, "renegotiation_info");
		f->res.secure_reneg = true;
		break;
	case TLSEXT_EXTENDED_MASTER_SECRET:
		bit = EXT_SEEN_EMS;
		if (mt_cbs_len(body) != 0)
			return flight_fail(f, body, "extended_master_secret");
		f->res.ems = true;
		break;
	default:
		break;		/* not needed for the result */
	}
	if (*seen & bit)
		return flight_fail(f, body, "duplicate extension");
	*seen |= bit;
	return true;
}

static bool
flight_is_tls13(uint16_t version)
{
	return version == TLS_VERSION_13 ||
	    version >> 8 == TLS_VERSION_13_DRAFT_MAJOR;
}

/* flight_server_hello - ServerHello or HelloRetryRequest (same layout). */
static bool
flight_server_hello(struct mt_flight *f, struct mt_cbs *msg)
{
	struct mt_cbs random, sid, exts, body;
	unsigned int seen = 0;
	uint16_t type;
	bool hrr;

	if (!mt_cbs_get_u16(msg, &f->res.legacy_version))
		return flight_fail(f, msg, "legacy_version");
	if (!mt_cbs_get_bytes(msg, &random, TLS_RANDOM_LEN))
		return flight_fail(f, msg, "random");
	if (!mt_cbs_get_u8_prefixed(msg, &sid) ||
	    mt_cbs_len(&sid) > TLS_SESSION_ID_MAX)
		return flight_fail(f, msg, "session_id");
	if (!mt_cbs_get_u16(msg, &f->res.cipher))
		return flight_fail(f, msg, "cipher_suite");
	if (!mt_cbs_get_u8(msg, &f->res.compression))
		return flight_fail(f, msg, "compression_method");
	hrr = memcmp(mt_cbs_data(&random), hrr_random, TLS_RANDOM_LEN) == 0;
	f->res.version = f->res.legacy_version;
	if (mt_cbs_len(msg) > 0) {
		if (!mt_cbs_get_u16_prefixed(msg, &exts) ||
		    mt_cbs_len(msg) != 0)
			return flight_fail(f, msg, "extensions length");
		while (mt_cbs_len(&exts) > 0) {
			if (!mt_cbs_get_u16(&exts, &type) ||
			    !mt_cbs_get_u16_prefixed(&exts, &body))
				return flight_fail(f, &exts, "extension");
			if (!flight_sh_extension(f, type, &body, hrr, &seen))
				return false;
		}
	}
	f->res.kind = hrr ? MT_FLIGHT_HRR : MT_FLIGHT_HELLO;
	if (hrr || flight_is_tls13(f->res.version))
		flight_finish(f, f->res.kind);
	else
		flight_set_state(f, FLIGHT_ST_AFTER_HELLO);
	return true;
}

static bool
flight_certificate(struct mt_flight *f, struct mt_cbs *msg)
{
	struct mt_cbs list, cert;
	size_t n;

	if (f->have_cert)
		return flight_fail(f, msg, "second Certificate");
	f->have_cert = true;
	if (!mt_cbs_get_u24_prefixed(msg, &list) || mt_cbs_len(msg) != 0)
		return flight_fail(f, msg, "certificate_list length");
	while (mt_cbs_len(&list) > 0) {
		if (!mt_cbs_get_u24_prefixed(&list, &cert) ||
		    mt_cbs_len(&cert) == 0)
			return flight_fail(f, &list, "certificate length");
		if (f->res.ncerts >= MT_CHAIN_MAX)
			continue;
		n = mt_cbs_len(&cert);
		if ((f->res.certs[f->res.ncerts] = malloc(n)) == NULL)
			return flight_fail(f, &cert, "certificate (no memory)");
		(void)mt_cbs_copy(&cert, f->res.certs[f->res.ncerts], n, &n);
		f->res.cert_len[f->res.ncerts] = n;
		f->res.ncerts++;
	}
	return true;
}

/*
 * ske_signature_ok - what follows the parameters: nothing (anonymous),
 * a TLS 1.0/1.1 signature, or a TLS 1.2 SignatureScheme and signature.
 */
static bool
ske_signature_ok(struct mt_cbs cbs)
{
	struct mt_cbs sig, save = cbs;
	uint16_t scheme;

	if (mt_cbs_len(&cbs) == 0)
		return true;
	if (mt_cbs_get_u16_prefixed(&cbs, &sig) && mt_cbs_len(&sig) > 0 &&
	    mt_cbs_len(&cbs) == 0)
		return true;
	cbs = save;
	return mt_cbs_get_u16(&cbs, &scheme) &&
	    mt_cbs_get_u16_prefixed(&cbs, &sig) && mt_cbs_len(&sig) > 0 &&
	    mt_cbs_len(&cbs) == 0;
}

/* ske_point_len_ok - the point length fits the curve, where known. */
static bool
ske_point_len_ok(uint16_t curve, size_t len)
{
	switch (curve) {
	case 0x0017:			/* secp256r1 */
		return len == 65 || len == 33;
	case 0x0018:			/* secp384r1 */
		return len == 97 || len == 49;
	case 0x0019:			/* secp521r1 */
		return len == 133 || len == 67;
	case 0x001d:			/* x25519 */
		return len == 32;
	case 0x001e:			/* x448 */
		return len == 56;
	default:
		return len > 0;
	}
}

/* ske_ecdhe - ServerECDHParams with a named curve (RFC 8422 5.4). */
static bool
ske_ecdhe(struct mt_cbs cbs, uint16_t *curve)
{
	struct mt_cbs point;
	uint8_t type;

	return mt_cbs_get_u8(&cbs, &type) && type == TLS_EC_NAMED_CURVE &&
	    mt_cbs_get_u16(&cbs, curve) &&
	    mt_cbs_get_u8_prefixed(&cbs, &point) &&
	    ske_point_len_ok(*curve, mt_cbs_len(&point)) &&
	    ske_signature_ok(cbs);
}

/* ske_dhe - ServerDHParams (RFC 5246 7.4.3); *bits is the size of p. */
static bool
ske_dhe(struct mt_cbs cbs, uint16_t *bits)
{
	struct mt_cbs p, g, ys;
	uint8_t top;
	size_t n;

	if (!mt_cbs_get_u16_prefixed(&cbs, &p) ||
	    !mt_cbs_get_u16_prefixed(&cbs, &g) || mt_cbs_len(&g) == 0 ||
	    !mt_cbs_get_u16_prefixed(&cbs, &ys) || mt_cbs_len(&ys) == 0 ||
	    !ske_signature_ok(cbs))
		return false;
	while (mt_cbs_peek_u8(&p, &top) && top == 0)
		(void)mt_cbs_skip(&p, 1);
	if (!mt_cbs_peek_u8(&p, &top))
		return false;			/* p == 0 */
	n = (mt_cbs_len(&p) - 1) * 8;
	for (; top != 0; top >>= 1)
		n++;
	*bits = n > UINT16_MAX ? UINT16_MAX : (uint16_t)n;
	return true;
}

/*
 * flight_ske - the key exchange is read from the message itself: named
 * curve ECDHE parameters, else explicit DH parameters, each followed by a
 * well-formed signature.  Anything else (PSK, SRP, RSA export) is noted
 * as a ServerKeyExchange only.
 */
static bool
flight_ske(struct mt_flight *f, struct mt_cbs *msg)
{
	uint16_t curve, bits;

	if (f->res.have_ske)
		return flight_fail(f, msg, "second ServerKeyExchange");
	f->res.have_ske = true;
	if (ske_ecdhe(*msg, &curve)) {
		f->res.ske_ecdhe = true;
		f->res.group = curve;
	} else if (ske_dhe(*msg, &bits)) {
		f->res.ske_dhe = true;
		f->res.dh_bits = bits;
	}
	return mt_cbs_skip(msg, mt_cbs_len(msg));
}

/* flight_message - one reassembled handshake message at stream offset. */
static void
flight_message(struct mt_flight *f, uint8_t type, const uint8_t *body,
    size_t len, size_t off)
{
	struct mt_cbs msg;
	bool ok = true;

	mt_cbs_init(&msg, body, len);
	f->fail_at = NULL;
	if (f->state == FLIGHT_ST_HELLO) {
		if (type == TLS_HT_HELLO_REQUEST && len == 0)
			return;
		if (type != TLS_HT_SERVER_HELLO) {
			flight_malformed(f, "unexpected %s (type %u) before "
			    "ServerHello at offset %zu", flight_msg_name(type),
			    type, off);
			return;
		}
		ok = flight_server_hello(f, &msg);
	} else {
		switch (type) {
		case TLS_HT_CERTIFICATE:
			ok = flight_certificate(f, &msg);
			break;
		case TLS_HT_SERVER_KEY_EXCHANGE:
			ok = flight_ske(f, &msg);
			break;
		case TLS_HT_CERTIFICATE_REQUEST:
			f->res.cert_request = true;
			break;
		case TLS_HT_CERTIFICATE_STATUS:
			break;
		case TLS_HT_SERVER_HELLO_DONE:
			if (len != 0) {
				ok = flight_fail(f, &msg, "length");
				break;
			}
			f->res.hello_done = true;
			flight_finish(f, f->res.kind);
			break;
		default:
			flight_malformed(f, "unexpected %s (type %u) after "
			    "ServerHello at offset %zu", flight_msg_name(type),
			    type, off);
			return;
		}
	}
	if (!ok)
		flight_malformed(f, "%s: bad %s at offset %zu",
		    flight_msg_name(type), f->fail_what,
		    off + TLS_HS_HEADER_LEN + (size_t)(f->fail_at - body));
}

/* flight_handshake - reassemble messages from one fragment at off. */
static void
flight_handshake(struct mt_flight *f, const uint8_t *p, size_t len,
    size_t off)
{
	struct mt_cbs hdr;
	size_t i = 0, take, want;
	uint8_t type;

	while (i < len && f->state != FLIGHT_ST_DONE) {
		if (f->hs_len == 0)
			f->hs_off = off + i;
		if (f->hs_len < TLS_HS_HEADER_LEN)
			want = TLS_HS_HEADER_LEN - f->hs_len;
		else
			want = TLS_HS_HEADER_LEN + f->hs_body - f->hs_len;
		take = len - i < want ? len - i : want;
		memcpy(f->hs + f->hs_len, p + i, take);
		f->hs_len += take;
		i += take;
		if (f->hs_len < TLS_HS_HEADER_LEN)
			break;
		if (f->hs_len == TLS_HS_HEADER_LEN) {
			mt_cbs_init(&hdr, f->hs, TLS_HS_HEADER_LEN);
			(void)(mt_cbs_get_u8(&hdr, &type) &&
			    mt_cbs_get_u24(&hdr, &f->hs_body));
			if (f->hs_body > MT_TLS_HANDSHAKE_MAX) {
				flight_malformed(f, "%s length %u exceeds %d "
				    "at offset %zu", flight_msg_name(f->hs[0]),
				    f->hs_body, MT_TLS_HANDSHAKE_MAX,
				    f->hs_off);
				return;
			}
		}
		if (f->hs_len == TLS_HS_HEADER_LEN + f->hs_body) {
			f->hs_len = 0;
			flight_message(f, f->hs[0], f->hs + TLS_HS_HEADER_LEN,
			    f->hs_body, f->hs_off);
		}
	}
}

/* flight_record - one framed record whose fragment sits at off. */
static void
flight_record(struct mt_flight *f, const struct mt_record *rec, size_t off)
{
	switch (rec->type) {
	case TLS_CT_HANDSHAKE:
		flight_handshake(f, rec->fragment, rec->len, off);
		break;
	case TLS_CT_ALERT:
		if (rec->len < 2) {
			flight_malformed(f, "Alert record of %zu bytes at "
			    "offset %zu", rec->len,
			    off - TLS_RECORD_HEADER_LEN);
			break;
		}
		f->res.alert_level = rec->fragment[0];
		f->res.alert_desc = rec->fragment[1];
		flight_finish(f, f->state == FLIGHT_ST_HELLO ?
		    MT_FLIGHT_ALERT : f->res.kind);
		break;
	case TLS_CT_CHANGE_CIPHER_SPEC:
		break;			/* carries nothing we need */
	default:
		flight_malformed(f, "unexpected application_data record at "
		    "offset %zu", off - TLS_RECORD_HEADER_LEN);
		break;
	}
}

/* flight_start - classify the first bytes; false while undecided. */
static bool
flight_start(struct mt_flight *f, bool eof)
{
	struct mt_cbs cbs;
	char quote[sizeof(f->res.error) - 12];	/* room for not TLS: "" */
	uint16_t len;
	uint8_t type, hit, ctype;

	switch (mt_record_classify(f->rbuf, f->rlen, eof)) {
	case MT_START_MORE:
		return false;
	case MT_START_TLS:
		flight_set_state(f, FLIGHT_ST_HELLO);
		return true;
	case MT_START_SSLV2:
		f->res.record_version = SSL2_VERSION;
		mt_cbs_init(&cbs, f->rbuf, f->rlen);
		if (mt_cbs_get_u16(&cbs, &len) && mt_cbs_get_u8(&cbs, &type) &&
		    type == SSL2_MT_SERVER_HELLO &&
		    mt_cbs_get_u8(&cbs, &hit) && mt_cbs_get_u8(&cbs, &ctype) &&
		    mt_cbs_get_u16(&cbs, &f->res.legacy_version))
			f->res.version = f->res.legacy_version;
		flight_finish(f, MT_FLIGHT_SSLV2);
		return true;
	case MT_START_TEXT:
		mt_record_quote(f->rbuf, f->rlen, quote, sizeof(quote));
		(void)snprintf(f->res.error, sizeof(f->res.error),
		    "not TLS: \"%s\"", quote);
		flight_finish(f, MT_FLIGHT_NOT_TLS);
		return true;
	default:
		flight_malformed(f, "not a TLS record: first byte 0x%02x",
		    f->rbuf[0]);
		return true;
	}
}

/* flight_process - frame and handle every complete record buffered. */
static void
flight_process(struct mt_flight *f, bool eof)
{
	struct mt_record rec;
	char why[sizeof(f->res.error)];
	size_t pos = 0;
	int r;

	if (f->state == FLIGHT_ST_START && !flight_start(f, eof))
		goto out;
	while (f->state != FLIGHT_ST_DONE) {
		r = mt_record_frame(f->rbuf + pos, f->rlen - pos,
		    f->roff + pos, &rec, why, sizeof(why));
		if (r == MT_RECORD_MORE)
			break;
		if (r == MT_RECORD_BAD) {
			flight_malformed(f, "%s", why);
			break;
		}
		if (f->roff + pos + TLS_RECORD_HEADER_LEN + rec.len >
		    MT_TLS_FLIGHT_MAX) {
			flight_malformed(f, "flight exceeds %d bytes at "
			    "offset %zu", MT_TLS_FLIGHT_MAX, f->roff + pos);
			break;
		}
		if (!f->framed) {
			f->framed = true;
			f->res.record_version = rec.version;
		}
		flight_record(f, &rec, f->roff + pos + TLS_RECORD_HEADER_LEN);
		pos += TLS_RECORD_HEADER_LEN + rec.len;
	}
	if (pos > 0) {
		memmove(f->rbuf, f->rbuf + pos, f->rlen - pos);
		f->rlen -= pos;
		f->roff += pos;
	}
 out:
	if (eof && f->state != FLIGHT_ST_DONE)
		flight_set_state(f, FLIGHT_ST_DONE);
}

/*
 * mt_flight_new - the two buffers (80 KiB) are left uninitialised: they
 * are only read below their lengths, and zeroing them cost more than the
 * parse of a whole flight (one per probe connection).
 */
struct mt_flight *
mt_flight_new(void)
{
	struct mt_flight *f;

	if ((f = malloc(sizeof(*f))) == NULL)
		return NULL;
	memset(f, 0, offsetof(struct mt_flight, rbuf));
	f->hs_off = f->hs_len = 0;
	f->hs_body = 0;
	f->fail_at = NULL;
	f->fail_what = NULL;
	return f;
}

void
mt_flight_free(struct mt_flight *f)
{
	size_t i;

	if (f == NULL)
		return;
	for (i = 0; i < f->res.ncerts; i++)
		free(f->res.certs[i]);
	free(f);
}

int
mt_flight_feed(struct mt_flight *f, const uint8_t *data, size_t n)
{
	size_t take;

	f->total += n;
	while (n > 0 && f->state != FLIGHT_ST_DONE) {
		take = sizeof(f->rbuf) - f->rlen;
		if (take > n)
			take = n;
		memcpy(f->rbuf + f->rlen, data, take);
		f->rlen += take;
		data += take;
		n -= take;
		flight_process(f, false);
		if (f->state != FLIGHT_ST_DONE && f->rlen == sizeof(f->rbuf))
			flight_malformed(f, "no progress at offset %zu",
			    f->roff);
	}
	return f->state == FLIGHT_ST_DONE ? MT_FLIGHT_DONE : MT_FLIGHT_MORE;
}

const struct mt_server_flight *
mt_flight_eof(struct mt_flight *f)
{
	if (f->state != FLIGHT_ST_DONE)
		flight_process(f, true);
	/*
	 * A close in the middle of a record or message is not a refusal:
	 * something was cut off, and the caller must not read it as "no".
	 */
	if (f->res.kind == MT_FLIGHT_NONE && (f->rlen > 0 || f->hs_len > 0)) {
		f->res.kind = MT_FLIGHT_MALFORMED;
		(void)snprintf(f->res.error, sizeof(f->res.error),
		    "connection closed in the middle of a %s at offset %zu",
		    f->hs_len > 0 ? "handshake message" : "record", f->total);
		flight_set_state(f, FLIGHT_ST_DONE);
	}
	return &f->res;
}

const struct mt_server_flight *
mt_flight_result(const struct mt_flight *f)
{
	return &f->res;
}

size_t
mt_flight_bytes(const struct mt_flight *f)
{
	return f->total;
}
