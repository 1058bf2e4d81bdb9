/*
 * test_flight.c - server first-flight reader (flight.c, record.c)
 *
 * Vectors in tests/data/flights/: real first flights of openssl s_server
 * on loopback (capture.sh) and hand-built ones.  Each is fed whole, in
 * every 2-way split and byte by byte (all must give the same result),
 * every proper prefix is fed and closed, trailing bytes are appended, and
 * length fields are made too large.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tls/flight.h"
#include "testutil.h"

#define test_file(name, len)	mt_test_read_file(FLIGHT_DIR, (name), (len), 64)

struct vector {
	const char	*file;
	int		 want_kind;
	bool		 want_done;	/* DONE from feed alone */
	uint16_t	 want_version;
	uint16_t	 want_cipher;
	uint16_t	 want_group;
	bool		 want_ecdhe;
	bool		 want_dhe;
	uint16_t	 want_dh_bits;
	bool		 want_hello_done;
	bool		 want_cert_request;
	size_t		 want_ncerts;
	uint8_t		 want_alert;
	const char	*want_error;	/* substring, or NULL */
};

static const struct vector vectors[] = {
	{ "tls12_ecdhe_rsa.bin", MT_FLIGHT_HELLO, true, 0x0303, 0xc02f,
	    0x0017, true, false, 0, true, false, 1, 0, NULL },
	{ "tls12_dhe.bin", MT_FLIGHT_HELLO, true, 0x0303, 0x009e,
	    0, false, true, 2048, true, false, 1, 0, NULL },
	{ "tls12_rsa.bin", MT_FLIGHT_HELLO, true, 0x0303, 0x009c,
	    0, false, false, 0, true, false, 1, 0, NULL },
	{ "tls12_certreq.bin", MT_FLIGHT_HELLO, true, 0x0303, 0xc02f,
	    0x001d, true, false, 0, true, true, 1, 0, NULL },
	{ "tls10_ecdhe.bin", MT_FLIGHT_HELLO, true, 0x0301, 0xc013,
	    0x0017, true, false, 0, true, false, 1, 0, NULL },
	{ "tls13.bin", MT_FLIGHT_HELLO, true, 0x0304, 0x1301,
	    0x001d, false, false, 0, false, false, 0, 0, NULL },
	{ "tls13_hrr.bin", MT_FLIGHT_HRR, true, 0x0304, 0x1301,
	    0x0017, false, false, 0, false, false, 0, 0, NULL },
	{ "alert.bin", MT_FLIGHT_ALERT, true, 0, 0,
	    0, false, false, 0, false, false, 0, 40, NULL },
	{ "sslv3_hello.bin", MT_FLIGHT_HELLO, true, 0x0300, 0x000a,
	    0, false, false, 0, true, false, 1, 0, NULL },
	{ "sslv2_server_hello.bin", MT_FLIGHT_SSLV2, true, 0x0002, 0,
	    0, false, false, 0, false, false, 0, 0, NULL },
	{ "sslv2_error.bin", MT_FLIGHT_SSLV2, true, 0, 0,
	    0, false, false, 0, false, false, 0, 0, NULL },
	{ "smtp_250.bin", MT_FLIGHT_NOT_TLS, true, 0, 0,
	    0, false, false, 0, false, false, 0, 0, "\"250 ok\"" },
	{ "text_binary.bin", MT_FLIGHT_NOT_TLS, true, 0, 0,
	    0, false, false, 0, false, false, 0, 0,
	    "not TLS: \"220 hi\\x00\"" },
	{ "record_ffff.bin", MT_FLIGHT_MALFORMED, true, 0, 0,
	    0, false, false, 0, false, false, 0, 0,
	    "record length 65535 exceeds 18432 at offset 0" },
};

/* flight_same - the results agree field by field (certs by content). */
static bool
flight_same(const struct mt_server_flight *a, const struct mt_server_flight *b)
{
	size_t i;

	if (a->kind != b->kind || a->record_version != b->record_version ||
	    a->legacy_version != b->legacy_version ||
	    a->version != b->version || a->cipher != b->cipher ||
	    a->compression != b->compression || a->group != b->group ||
	    a->have_ske != b->have_ske || a->ske_ecdhe != b->ske_ecdhe ||
	    a->ske_dhe != b->ske_dhe || a->dh_bits != b->dh_bits ||
	    a->hello_done != b->hello_done ||
	    a->cert_request != b->cert_request ||
	    a->secure_reneg != b->secure_reneg || a->ems != b->ems ||
	    a->alert_level != b->alert_level ||
	    a->alert_desc != b->alert_desc || a->ncerts != b->ncerts ||
	    strcmp(a->error, b->error) != 0)
		return false;
	for (i = 0; i < a->ncerts; i++)
		if (a->cert_len[i] != b->cert_len[i] ||
		    memcmp(a->certs[i], b->certs[i], a->cert_len[i]) != 0)
			return false;
	return true;
}

/* run_split - feed buf in pieces of at most step bytes, split first at
 * cut; eof at the end.  Returns the flight (caller frees). */
static struct mt_flight *
run_split(const uint8_t *buf, size_t len, size_t cut, size_t step,
    int *status)
{
	struct mt_flight *f;
	size_t off = 0, n;

	assert_non_null(f = mt_flight_new());
	*status = MT_FLIGHT_MORE;
	if (cut > 0) {
		*status = mt_flight_feed(f, buf, cut);
		off = cut;
	}
	while (off < len) {
		n = len - off < step ? len - off : step;
		*status = mt_flight_feed(f, buf + off, n);
		off += n;
	}
	(void)mt_flight_eof(f);
	assert_int_equal(mt_flight_bytes(f), len);
	return f;
}

static void
check_want(const struct vector *v, const struct mt_server_flight *r,
    int status)
{
	if (r->kind != v->want_kind)
		fail_msg("%s: kind got %d, want %d (%s)", v->file, r->kind,
		    v->want_kind, r->error);
	if ((status == MT_FLIGHT_DONE) != v->want_done)
		fail_msg("%s: done got %d, want %d", v->file, status,
		    v->want_done);
	if (r->version != v->want_version || r->cipher != v->want_cipher ||
	    r->group != v->want_group || r->ske_ecdhe != v->want_ecdhe ||
	    r->ske_dhe != v->want_dhe || r->dh_bits != v->want_dh_bits)
		fail_msg("%s: got version 0x%04x cipher 0x%04x group 0x%04x "
		    "ecdhe %d dhe %d bits %u", v->file, r->version, r->cipher,
		    r->group, r->ske_ecdhe, r->ske_dhe, r->dh_bits);
	if (r->hello_done != v->want_hello_done ||
	    r->cert_request != v->want_cert_request ||
	    r->ncerts != v->want_ncerts || r->alert_desc != v->want_alert)
		fail_msg("%s: got done %d certreq %d ncerts %zu alert %u",
		    v->file, r->hello_done, r->cert_request, r->ncerts,
		    r->alert_desc);
	if (v->want_error != NULL && strstr(r->error, v->want_error) == NULL)
		fail_msg("%s: error got '%s', want '%s'", v->file, r->error,
		    v->want_error);
	if (v->want_error == NULL && r->error[0] != '\0')
		fail_msg("%s: unexpected error '%s'", v->file, r->error);
}

/* Whole, every 2-way split, byte by byte: same result. */
static void
test_vectors_splits(void **state)
{
	struct mt_flight *whole, *f;
	uint8_t *buf;
	size_t i, len, cut;
	int status, st;

	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		buf = test_file(vectors[i].file, &len);
		whole = run_split(buf, len, 0, len, &status);
		check_want(&vectors[i], mt_flight_result(whole), status);
		for (cut = 1; cut < len; cut++) {
			f = run_split(buf, len, cut, len, &st);
			if (!flight_same(mt_flight_result(f),
			    mt_flight_result(whole)) || st != status)
				fail_msg("%s: split at %zu differs",
				    vectors[i].file, cut);
			mt_flight_free(f);
		}
		f = run_split(buf, len, 0, 1, &st);
		if (!flight_same(mt_flight_result(f), mt_flight_result(whole)))
			fail_msg("%s: byte by byte differs", vectors[i].file);
		mt_flight_free(f);
		mt_flight_free(whole);
		free(buf);
	}
}

/* Every proper prefix then eof: no crash, never more than was there. */
static void
test_vectors_prefixes(void **state)
{
	const struct mt_server_flight *w, *r;
	struct mt_flight *whole, *f;
	uint8_t *buf;
	size_t i, len, n;
	int status;

	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		buf = test_file(vectors[i].file, &len);
		whole = run_split(buf, len, 0, len, &status);
		w = mt_flight_result(whole);
		for (n = 0; n < len; n++) {
			f = run_split(buf, n, 0, n > 0 ? n : 1, &status);
			r = mt_flight_result(f);
			if (n == 0 && r->kind != MT_FLIGHT_NONE)
				fail_msg("%s: empty input gives %d",
				    vectors[i].file, r->kind);
			if (r->ncerts > w->ncerts ||
			    (r->hello_done && !w->hello_done) ||
			    (r->have_ske && !w->have_ske))
				fail_msg("%s: prefix %zu claims more",
				    vectors[i].file, n);
			/*
			 * A TLS reply cut short is never malformed for any
			 * other reason than being cut: at a record boundary
			 * it is incomplete (NONE), inside one it says so.
			 */
			if ((w->kind == MT_FLIGHT_HELLO ||
			    w->kind == MT_FLIGHT_HRR ||
			    w->kind == MT_FLIGHT_ALERT) &&
			    r->kind != MT_FLIGHT_NONE && r->kind != w->kind &&
			    (r->kind != MT_FLIGHT_MALFORMED ||
			    strstr(r->error, "connection closed in the middle")
			    == NULL))
				fail_msg("%s: prefix %zu gives kind %d (%s)",
				    vectors[i].file, n, r->kind, r->error);
			/* The last message is what ends the read. */
			if (r->kind == w->kind && w->hello_done &&
			    r->hello_done)
				fail_msg("%s: prefix %zu is done",
				    vectors[i].file, n);
			mt_flight_free(f);
		}
		mt_flight_free(whole);
		free(buf);
	}
}

/* Bytes after the deciding message are ignored. */
static void
test_vectors_trailing(void **state)
{
	static const uint8_t junk[] = { 0x17, 0x03, 0x03, 0xff, 0xff, 'x',
	    0x00, 0xff };
	struct mt_flight *whole, *f;
	uint8_t *buf;
	size_t i, len;
	int status, st;

	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		if (vectors[i].want_kind == MT_FLIGHT_NOT_TLS)
			continue;	/* the quote would include them */
		buf = test_file(vectors[i].file, &len);
		whole = run_split(buf, len, 0, len, &status);
		memcpy(buf + len, junk, sizeof(junk));
		f = run_split(buf, len + sizeof(junk), 0, len + sizeof(junk),
		    &st);
		if (!flight_same(mt_flight_result(f), mt_flight_result(whole)))
			fail_msg("%s: trailing bytes change the result",
			    vectors[i].file);
		mt_flight_free(f);
		mt_flight_free(whole);
		free(buf);
	}
}

/* Oversized and broken fields, applied to the TLS 1.2 ECDHE vector. */
static const struct {
	const char	*name;
	size_t		 off;
	uint8_t		 bytes[3];
	size_t		 n;
	int		 want_kind;
	const char	*want_error;
} mutations[] = {
	{ "record length 0x4801", 3, { 0x48, 0x01 }, 2, MT_FLIGHT_MALFORMED,
	    "record length 18433 exceeds 18432 at offset 0" },
	{ "record type 0x30", 0, { 0x30 }, 1, MT_FLIGHT_NOT_TLS,
	    "not TLS" },
	{ "record type 0x18", 0, { 0x18 }, 1, MT_FLIGHT_MALFORMED,
	    "first byte 0x18" },
	{ "record version 0x0403", 1, { 0x04 }, 1, MT_FLIGHT_MALFORMED,
	    "bad record version 0x0403 at offset 0" },
	{ "handshake length 0xffffff", 6, { 0xff, 0xff, 0xff }, 3,
	    MT_FLIGHT_MALFORMED, "ServerHello length 16777215 exceeds 65536" },
	{ "message type 1", 5, { 0x01 }, 1, MT_FLIGHT_MALFORMED,
	    "unexpected ClientHello (type 1) before ServerHello at offset 5" },
	{ "session id 33", 43, { 33 }, 1, MT_FLIGHT_MALFORMED,
	    "ServerHello: bad session_id at offset 43" },
	{ "session id 0xff", 43, { 0xff }, 1, MT_FLIGHT_MALFORMED,
	    "ServerHello: bad session_id at offset 43" },
	{ "application data first", 0, { 0x17 }, 1, MT_FLIGHT_MALFORMED,
	    "unexpected application_data record at offset 0" },
};

static void
test_mutations(void **state)
{
	const struct mt_server_flight *r;
	struct mt_flight *f;
	uint8_t *buf;
	size_t i, len;
	int status;

	for (i = 0; i < sizeof(mutations) / sizeof(mutations[0]); i++) {
		buf = test_file("tls12_ecdhe_rsa.bin", &len);
		memcpy(buf + mutations[i].off, mutations[i].bytes,
		    mutations[i].n);
		f = run_split(buf, len, 0, len, &status);
		r = mt_flight_result(f);
		if (r->kind != mutations[i].want_kind ||
		    strstr(r->error, mutations[i].want_error) == NULL)
			fail_msg("%s: got kind %d '%s', want %d '%s'",
			    mutations[i].name, r->kind, r->error,
			    mutations[i].want_kind, mutations[i].want_error);
		mt_flight_free(f);
		free(buf);
	}
}

/* Re-fragment the handshake bytes into small records: same result. */
static void
test_refragment(void **state)
{
	static uint8_t out[16384];
	static uint8_t hs[16384];
	struct mt_flight *whole, *f;
	uint8_t *buf;
	size_t len, i, hlen = 0, olen = 0, frag, rl, n;
	int status;

	buf = test_file("tls12_certreq.bin", &len);
	whole = run_split(buf, len, 0, len, &status);
	/* Collect the handshake payload of every record. */
	for (i = 0; i + 5 <= len; i += 5 + rl) {
		rl = (size_t)buf[i + 3] << 8 | buf[i + 4];
		assert_int_equal(buf[i], TLS_CT_HANDSHAKE);
		memcpy(hs + hlen, buf + i + 5, rl);
		hlen += rl;
	}
	for (frag = 1; frag <= 9; frag += 4) {
		olen = 0;
		for (i = 0; i < hlen; i += n) {
			n = hlen - i < frag ? hlen - i : frag;
			out[olen++] = TLS_CT_HANDSHAKE;
			out[olen++] = 0x03;
			out[olen++] = 0x03;
			out[olen++] = 0;
			out[olen++] = (uint8_t)n;
			memcpy(out + olen, hs + i, n);
			olen += n;
		}
		f = run_split(out, olen, 0, 7, &status);
		if (!flight_same(mt_flight_result(f), mt_flight_result(whole)))
			fail_msg("fragments of %zu: result differs (%s)", frag,
			    mt_flight_result(f)->error);
		assert_int_equal(status, MT_FLIGHT_DONE);
		mt_flight_free(f);
	}
	mt_flight_free(whole);
	free(buf);
}

/* Alert after the ServerHello: kind stays HELLO, alert fields set. */
static void
test_alert_after_hello(void **state)
{
	static const uint8_t alert[] = { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02,
	    0x28 };
	const struct mt_server_flight *r;
	struct mt_flight *f;
	uint8_t *buf;
	size_t len, shlen;
	int status;

	buf = test_file("tls12_ecdhe_rsa.bin", &len);
	/* The first record holds the ServerHello alone (s_server). */
	shlen = 5 + ((size_t)buf[3] << 8 | buf[4]);
	assert_non_null(f = mt_flight_new());
	assert_int_equal(mt_flight_feed(f, buf, shlen), MT_FLIGHT_MORE);
	assert_int_equal(mt_flight_result(f)->kind, MT_FLIGHT_HELLO);
	status = mt_flight_feed(f, alert, sizeof(alert));
	assert_int_equal(status, MT_FLIGHT_DONE);
	r = mt_flight_eof(f);
	assert_int_equal(r->kind, MT_FLIGHT_HELLO);
	assert_int_equal(r->alert_level, 2);
	assert_int_equal(r->alert_desc, 40);
	assert_false(r->hello_done);
	mt_flight_free(f);
	free(buf);
	mt_flight_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors_splits),
		cmocka_unit_test(test_vectors_prefixes),
		cmocka_unit_test(test_vectors_trailing),
		cmocka_unit_test(test_mutations),
		cmocka_unit_test(test_refragment),
		cmocka_unit_test(test_alert_after_hello),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
