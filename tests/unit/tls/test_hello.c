/*
 * test_hello.c - ClientHello builder and key shares (hello.c, keyshare.c)
 *
 * Every hello we build is parsed back with mt_cbs by hello_parse(), the
 * same checker that is run over the real clients' hellos captured in
 * tests/data/flights/clienthello_*.bin (from /work/shared/corpus/hellos).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/cbs.h"
#include "core/mt_limits.h"
#include "tls/flight.h"
#include "tls/hello.h"
#include "testutil.h"

#define test_file(name, len)	mt_test_read_file(FLIGHT_DIR, (name), (len), 0)

#define MAX_LIST	512
#define MAX_EXTS	32

struct parsed_ext {
	uint16_t	 type;
	struct mt_cbs	 body;
};

struct parsed_hello {
	uint16_t	 record_version;
	size_t		 record_len;
	size_t		 hs_len;
	uint16_t	 client_version;
	size_t		 sid_len;
	uint16_t	 suites[MAX_LIST];
	size_t		 nsuites;
	size_t		 ncomp;
	uint8_t		 comp0;
	struct parsed_ext exts[MAX_EXTS];
	size_t		 nexts;
	bool		 have_exts;
};

/* hello_parse - one ClientHello record, every length checked. */
static bool
hello_parse(const uint8_t *buf, size_t len, struct parsed_hello *h)
{
	struct mt_cbs rec, frag, hs, rnd, sid, suites, comp, exts;
	uint16_t rlen;
	uint8_t type;
	uint32_t hlen;

	memset(h, 0, sizeof(*h));
	mt_cbs_init(&rec, buf, len);
	if (!mt_cbs_get_u8(&rec, &type) || type != TLS_CT_HANDSHAKE ||
	    !mt_cbs_get_u16(&rec, &h->record_version) ||
	    !mt_cbs_peek_u16(&rec, &rlen) ||
	    !mt_cbs_get_u16_prefixed(&rec, &frag) || mt_cbs_len(&rec) != 0)
		return false;
	h->record_len = rlen;
	if (!mt_cbs_get_u8(&frag, &type) || type != TLS_HT_CLIENT_HELLO ||
	    !mt_cbs_get_u24(&frag, &hlen) ||
	    !mt_cbs_get_bytes(&frag, &hs, hlen) || mt_cbs_len(&frag) != 0)
		return false;
	h->hs_len = hlen;
	if (!mt_cbs_get_u16(&hs, &h->client_version) ||
	    !mt_cbs_get_bytes(&hs, &rnd, 32) ||
	    !mt_cbs_get_u8_prefixed(&hs, &sid) || mt_cbs_len(&sid) > 32 ||
	    !mt_cbs_get_u16_prefixed(&hs, &suites) ||
	    mt_cbs_len(&suites) % 2 != 0 || mt_cbs_len(&suites) == 0 ||
	    !mt_cbs_get_u8_prefixed(&hs, &comp) || mt_cbs_len(&comp) == 0)
		return false;
	h->sid_len = mt_cbs_len(&sid);
	while (mt_cbs_len(&suites) > 0) {
		if (h->nsuites == MAX_LIST ||
		    !mt_cbs_get_u16(&suites, &h->suites[h->nsuites++]))
			return false;
	}
	h->ncomp = mt_cbs_len(&comp);
	(void)mt_cbs_get_u8(&comp, &h->comp0);
	if (mt_cbs_len(&hs) == 0)
		return true;
	h->have_exts = true;
	if (!mt_cbs_get_u16_prefixed(&hs, &exts) || mt_cbs_len(&hs) != 0)
		return false;
	while (mt_cbs_len(&exts) > 0) {
		if (h->nexts == MAX_EXTS ||
		    !mt_cbs_get_u16(&exts, &h->exts[h->nexts].type) ||
		    !mt_cbs_get_u16_prefixed(&exts, &h->exts[h->nexts].body))
			return false;
		h->nexts++;
	}
	return true;
}

static struct mt_cbs *
hello_ext(struct parsed_hello *h, uint16_t type)
{
	size_t i;

	for (i = 0; i < h->nexts; i++)
		if (h->exts[i].type == type)
			return &h->exts[i].body;
	return NULL;
}

/* u16_list - read a u16-prefixed (or u8-prefixed) list of u16 values. */
static size_t
u16_list(struct mt_cbs body, bool u8_prefix, uint16_t *out, size_t cap)
{
	struct mt_cbs list;
	size_t n = 0;

	if (u8_prefix ? !mt_cbs_get_u8_prefixed(&body, &list) :
	    !mt_cbs_get_u16_prefixed(&body, &list))
		return (size_t)-1;
	if (mt_cbs_len(&body) != 0 || mt_cbs_len(&list) % 2 != 0)
		return (size_t)-1;
	while (mt_cbs_len(&list) > 0 && n < cap)
		(void)mt_cbs_get_u16(&list, &out[n++]);
	return n;
}

static const uint16_t versions13[] = { 0x0304, 0x0303, 0x0302, 0x0301 };
static const uint16_t groups5[] = { 0x001d, 0x001e, 0x0017, 0x0019, 0x0018 };
static const uint16_t shares2[] = { 0x001d, 0x0017 };
static const uint16_t suites4[] = { 0x1301, 0xc02f, 0x009c, 0x00ff };

static void
params_full(struct mt_hello_params *p, uint16_t *sig, size_t *nsig)
{
	memset(p, 0, sizeof(*p));
	p->record_version = 0x0301;
	p->client_version = 0x0303;
	p->suites = suites4;
	p->nsuites = 4;
	p->sni = "mx.example.org";
	p->versions = versions13;
	p->nversions = 4;
	p->groups = groups5;
	p->ngroups = 5;
	p->key_shares = shares2;
	p->nkey_shares = 2;
	*nsig = mt_hello_default_sigalgs(sig, 64);
	p->sigalgs = sig;
	p->nsigalgs = *nsig;
	p->ec_point_formats = p->reneg_info = p->ems = true;
	p->session_ticket = true;
}

/* Build a full TLS 1.3-capable hello and check every field. */
static void
test_build_full(void **state)
{
	static const uint16_t want_types[] = { TLSEXT_SERVER_NAME,
	    TLSEXT_EC_POINT_FORMATS, TLSEXT_SUPPORTED_GROUPS,
	    TLSEXT_SESSION_TICKET, TLSEXT_EXTENDED_MASTER_SECRET,
	    TLSEXT_SIGNATURE_ALGORITHMS, TLSEXT_SUPPORTED_VERSIONS,
	    TLSEXT_KEY_SHARE, TLSEXT_RENEGOTIATION_INFO };
	struct mt_hello_params p;
	struct parsed_hello h;
	struct mt_error err;
	struct mt_cbs *b, list, name, shares, key;
	uint8_t out[MT_TLS_HELLO_MAX], u8;
	uint16_t sig[64], got[64], u16;
	size_t len, nsig, i;

	params_full(&p, sig, &nsig);
	assert_int_equal(nsig, 23);
	assert_int_equal(mt_client_hello_build(&p, out, sizeof(out), &len,
	    &err), 0);
	assert_true(hello_parse(out, len, &h));
	assert_int_equal(h.record_version, 0x0301);
	assert_int_equal(h.record_len, len - 5);
	assert_int_equal(h.hs_len, len - 9);
	assert_int_equal(h.client_version, 0x0303);
	assert_int_equal(h.sid_len, 32);
	assert_int_equal(h.nsuites, 4);
	assert_memory_equal(h.suites, suites4, sizeof(suites4));
	assert_int_equal(h.ncomp, 1);
	assert_int_equal(h.comp0, 0);
	assert_int_equal(h.nexts, sizeof(want_types) / sizeof(want_types[0]));
	for (i = 0; i < h.nexts; i++)
		assert_int_equal(h.exts[i].type, want_types[i]);

	/* server_name: list { host_name(0), "mx.example.org" }. */
	b = hello_ext(&h, TLSEXT_SERVER_NAME);
	assert_true(mt_cbs_get_u16_prefixed(b, &list) && mt_cbs_len(b) == 0);
	assert_true(mt_cbs_get_u8(&list, &u8) && u8 == 0);
	assert_true(mt_cbs_get_u16_prefixed(&list, &name) &&
	    mt_cbs_len(&list) == 0);
	assert_int_equal(mt_cbs_len(&name), strlen("mx.example.org"));
	assert_memory_equal(mt_cbs_data(&name), "mx.example.org",
	    mt_cbs_len(&name));

	b = hello_ext(&h, TLSEXT_EC_POINT_FORMATS);
	assert_int_equal(mt_cbs_len(b), 2);
	assert_int_equal(mt_cbs_data(b)[0], 1);
	assert_int_equal(mt_cbs_data(b)[1], 0);

	assert_int_equal(u16_list(*hello_ext(&h, TLSEXT_SUPPORTED_GROUPS),
	    false, got, 64), 5);
	assert_memory_equal(got, groups5, sizeof(groups5));
	assert_int_equal(u16_list(*hello_ext(&h, TLSEXT_SIGNATURE_ALGORITHMS),
	    false, got, 64), 23);
	assert_memory_equal(got, sig, 23 * sizeof(uint16_t));
	assert_int_equal(u16_list(*hello_ext(&h, TLSEXT_SUPPORTED_VERSIONS),
	    true, got, 64), 4);
	assert_memory_equal(got, versions13, sizeof(versions13));
	assert_int_equal(mt_cbs_len(hello_ext(&h, TLSEXT_SESSION_TICKET)), 0);
	assert_int_equal(mt_cbs_len(hello_ext(&h,
	    TLSEXT_EXTENDED_MASTER_SECRET)), 0);
	b = hello_ext(&h, TLSEXT_RENEGOTIATION_INFO);
	assert_int_equal(mt_cbs_len(b), 1);
	assert_int_equal(mt_cbs_data(b)[0], 0);

	/* key_share: x25519 (32 bytes), secp256r1 (65 bytes, 0x04 ...). */
	b = hello_ext(&h, TLSEXT_KEY_SHARE);
	assert_true(mt_cbs_get_u16_prefixed(b, &shares) && mt_cbs_len(b) == 0);
	assert_true(mt_cbs_get_u16(&shares, &u16) && u16 == 0x001d);
	assert_true(mt_cbs_get_u16_prefixed(&shares, &key));
	assert_int_equal(mt_cbs_len(&key), 32);
	assert_true(mt_cbs_get_u16(&shares, &u16) && u16 == 0x0017);
	assert_true(mt_cbs_get_u16_prefixed(&shares, &key));
	assert_int_equal(mt_cbs_len(&key), 65);
	assert_int_equal(mt_cbs_data(&key)[0], 0x04);
	assert_int_equal(mt_cbs_len(&shares), 0);
}

/* Table: hello shapes and what the parsed record must look like. */
static const struct {
	const char	*name;
	uint16_t	 record_version;
	uint16_t	 client_version;
	bool		 no_extensions;
	bool		 tls13;
	size_t		 want_sid;
	bool		 want_exts;
} shapes[] = {
	{ "sslv3", 0x0300, 0x0300, true, false, 0, false },
	{ "tls10", 0x0301, 0x0301, false, false, 0, true },
	{ "tls12", 0x0301, 0x0303, false, false, 0, true },
	{ "tls13", 0x0301, 0x0303, false, true, 32, true },
	{ "tls13 no ext", 0x0301, 0x0303, true, true, 32, false },
};

static void
test_build_shapes(void **state)
{
	struct mt_hello_params p;
	struct parsed_hello h;
	struct mt_error err;
	uint8_t out[MT_TLS_HELLO_MAX];
	uint16_t sig[64];
	size_t len, nsig, i;

	for (i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		params_full(&p, sig, &nsig);
		p.record_version = shapes[i].record_version;
		p.client_version = shapes[i].client_version;
		p.no_extensions = shapes[i].no_extensions;
		if (!shapes[i].tls13) {
			p.versions = NULL;
			p.nversions = 0;
			p.key_shares = NULL;
			p.nkey_shares = 0;
		}
		if (mt_client_hello_build(&p, out, sizeof(out), &len,
		    &err) != 0)
			fail_msg("%s: %s", shapes[i].name, err.msg);
		if (!hello_parse(out, len, &h))
			fail_msg("%s: does not parse back", shapes[i].name);
		if (h.record_version != shapes[i].record_version ||
		    h.client_version != shapes[i].client_version ||
		    h.sid_len != shapes[i].want_sid ||
		    h.have_exts != shapes[i].want_exts)
			fail_msg("%s: got record 0x%04x client 0x%04x sid %zu "
			    "exts %d", shapes[i].name, h.record_version,
			    h.client_version, h.sid_len, h.have_exts);
	}
}

/* ~400 suites fit; too many for cap or for one record fail cleanly. */
static void
test_build_suite_counts(void **state)
{
	static uint16_t many[10000];
	static uint8_t big[65536];
	struct mt_hello_params p;
	struct parsed_hello h;
	struct mt_error err;
	uint8_t out[MT_TLS_HELLO_MAX];
	uint16_t sig[64];
	size_t len, nsig, i;

	for (i = 0; i < 10000; i++)
		many[i] = (uint16_t)(i + 1);
	params_full(&p, sig, &nsig);
	p.suites = many;
	p.nsuites = 400;
	assert_int_equal(mt_client_hello_build(&p, out, sizeof(out), &len,
	    &err), 0);
	assert_true(hello_parse(out, len, &h));
	assert_int_equal(h.nsuites, 400);

	p.nsuites = 3000;		/* 6000 bytes > MT_TLS_HELLO_MAX */
	mt_error_clear(&err);
	assert_int_equal(mt_client_hello_build(&p, out, sizeof(out), &len,
	    &err), -1);
	assert_int_equal(err.code, MT_ERR_USAGE);
	assert_non_null(strstr(err.msg, "does not fit"));

	p.nsuites = 9000;		/* fits 64 KiB, not one record */
	mt_error_clear(&err);
	assert_int_equal(mt_client_hello_build(&p, big, sizeof(big), &len,
	    &err), -1);
	assert_non_null(strstr(err.msg, "exceeds one record"));

	p.nsuites = 0;
	assert_int_equal(mt_client_hello_build(&p, out, sizeof(out), &len,
	    &err), -1);
}

static void
test_build_bad_share(void **state)
{
	static const uint16_t bad[] = { 0x001d, 0x1234 };
	struct mt_hello_params p;
	struct mt_error err;
	uint8_t out[MT_TLS_HELLO_MAX];
	uint16_t sig[64];
	size_t len, nsig;

	params_full(&p, sig, &nsig);
	p.key_shares = bad;
	p.nkey_shares = 2;
	mt_error_clear(&err);
	assert_int_equal(mt_client_hello_build(&p, out, sizeof(out), &len,
	    &err), -1);
	assert_non_null(strstr(err.msg, "0x1234"));

	params_full(&p, sig, &nsig);
	p.sni = "";
	assert_int_equal(mt_client_hello_build(&p, out, sizeof(out), &len,
	    &err), -1);
}

static const struct {
	uint16_t	 group;
	size_t		 want_len;
	int		 want_first;	/* -1: any */
} shares[] = {
	{ 0x001d, 32, -1 },
	{ 0x001e, 56, -1 },
	{ 0x0017, 65, 0x04 },
	{ 0x0018, 97, 0x04 },
	{ 0x0019, 133, 0x04 },
	{ 0x0100, 256, -1 },
	{ 0x0101, 384, -1 },
	{ 0x0102, 512, -1 },
	{ 0x0103, 768, -1 },
	{ 0x0104, 1024, -1 },
};

static void
test_keyshare_lengths(void **state)
{
	uint8_t out[1024], out2[1024];
	size_t i, len, len2;

	for (i = 0; i < sizeof(shares) / sizeof(shares[0]); i++) {
		if (mt_keyshare_public(shares[i].group, out, sizeof(out),
		    &len) != 0)
			fail_msg("group 0x%04x failed", shares[i].group);
		if (len != shares[i].want_len)
			fail_msg("group 0x%04x: got %zu bytes, want %zu",
			    shares[i].group, len, shares[i].want_len);
		if (shares[i].want_first >= 0 && out[0] != shares[i].want_first)
			fail_msg("group 0x%04x: first byte 0x%02x",
			    shares[i].group, out[0]);
		/* Fresh keys: two calls differ. */
		assert_int_equal(mt_keyshare_public(shares[i].group, out2,
		    sizeof(out2), &len2), 0);
		assert_memory_not_equal(out, out2, len);
		/* Too small a buffer fails. */
		assert_int_equal(mt_keyshare_public(shares[i].group, out,
		    len - 1, &len2), -1);
	}
	assert_int_equal(mt_keyshare_public(0x0000, out, sizeof(out), &len),
	    -1);
	assert_int_equal(mt_keyshare_public(0x11ec, out, sizeof(out), &len),
	    -1);
	/* The probe's hellos reuse one value per group. */
	for (i = 0; i < sizeof(shares) / sizeof(shares[0]); i++) {
		assert_int_equal(mt_keyshare_public_reuse(shares[i].group,
		    out, sizeof(out), &len), 0);
		assert_int_equal(len, shares[i].want_len);
		assert_int_equal(mt_keyshare_public_reuse(shares[i].group,
		    out2, sizeof(out2), &len2), 0);
		assert_int_equal(len2, len);
		assert_memory_equal(out, out2, len);
		assert_int_equal(mt_keyshare_public_reuse(shares[i].group,
		    out, len - 1, &len2), -1);
	}
	assert_int_equal(mt_keyshare_public_reuse(0x11ec, out, sizeof(out),
	    &len), -1);
}

/* The real clients' hellos pass the same checks as ours. */
static const struct {
	const char	*file;
	size_t		 want_suites;
	size_t		 want_exts;
} real_hellos[] = {
	{ "clienthello_exim_remote_smtp.bin", 29, 12 },
	{ "clienthello_gnutls_cli.bin", 29, 13 },
	{ "clienthello_opensmtpd_compat.bin", 75, 9 },
	{ "clienthello_opensmtpd_default.bin", 75, 9 },
	{ "clienthello_opensmtpd_secure.bin", 15, 9 },
	{ "clienthello_openssl_s_client.bin", 31, 9 },
	{ "clienthello_openssl_s_client_name.bin", 31, 9 },
	{ "clienthello_postfix_smtp_ciphers_high.bin", 87, 10 },
	{ "clienthello_postfix_smtp_default.bin", 87, 10 },
	{ "clienthello_postfix_smtp_encrypt_tls12.bin", 87, 10 },
	{ "clienthello_posttls_finger.bin", 87, 10 },
	{ "clienthello_sendmail_client.bin", 31, 8 },
	{ "clienthello_swaks.bin", 31, 10 },
};

static void
test_real_hellos(void **state)
{
	struct parsed_hello h;
	uint8_t *buf;
	size_t i, len, n;

	for (i = 0; i < sizeof(real_hellos) / sizeof(real_hellos[0]); i++) {
		buf = test_file(real_hellos[i].file, &len);
		if (!hello_parse(buf, len, &h))
			fail_msg("%s: does not parse", real_hellos[i].file);
		if (h.nsuites != real_hellos[i].want_suites ||
		    h.nexts != real_hellos[i].want_exts ||
		    h.record_version != 0x0301 || h.client_version != 0x0303 ||
		    h.sid_len != 32)
			fail_msg("%s: got %zu suites %zu exts, want %zu %zu",
			    real_hellos[i].file, h.nsuites, h.nexts,
			    real_hellos[i].want_suites,
			    real_hellos[i].want_exts);
		/* Every proper prefix fails. */
		for (n = 0; n < len; n++)
			if (hello_parse(buf, n, &h))
				fail_msg("%s: prefix %zu parses",
				    real_hellos[i].file, n);
		free(buf);
	}
}

/* Our hello with Postfix's lists has Postfix's structure. */
static void
test_postfix_default_equivalent(void **state)
{
	struct parsed_hello pf, ours;
	struct mt_hello_params p;
	struct mt_error err;
	struct mt_cbs *b, ks, key;
	uint16_t groups[64], versions[16], sigalgs[64], got[64], share;
	uint8_t out[MT_TLS_HELLO_MAX], *buf;
	size_t len, ng, nv, ns, i, j;

	buf = test_file("clienthello_postfix_smtp_default.bin", &len);
	assert_true(hello_parse(buf, len, &pf));
	ng = u16_list(*hello_ext(&pf, TLSEXT_SUPPORTED_GROUPS), false,
	    groups, 64);
	nv = u16_list(*hello_ext(&pf, TLSEXT_SUPPORTED_VERSIONS), true,
	    versions, 16);
	ns = u16_list(*hello_ext(&pf, TLSEXT_SIGNATURE_ALGORITHMS), false,
	    sigalgs, 64);
	b = hello_ext(&pf, TLSEXT_KEY_SHARE);
	assert_true(mt_cbs_get_u16_prefixed(b, &ks));
	assert_true(mt_cbs_get_u16(&ks, &share));
	assert_true(mt_cbs_get_u16_prefixed(&ks, &key));
	assert_int_equal(mt_cbs_len(&ks), 0);

	memset(&p, 0, sizeof(p));
	p.record_version = pf.record_version;
	p.client_version = pf.client_version;
	p.suites = pf.suites;
	p.nsuites = pf.nsuites;
	p.groups = groups;
	p.ngroups = ng;
	p.versions = versions;
	p.nversions = nv;
	p.sigalgs = sigalgs;
	p.nsigalgs = ns;
	p.key_shares = &share;
	p.nkey_shares = 1;
	p.ec_point_formats = p.ems = p.session_ticket = true;
	assert_int_equal(mt_client_hello_build(&p, out, sizeof(out), &len,
	    &err), 0);
	assert_true(hello_parse(out, len, &ours));

	assert_int_equal(ours.record_version, pf.record_version);
	assert_int_equal(ours.client_version, pf.client_version);
	assert_int_equal(ours.sid_len, pf.sid_len);
	assert_int_equal(ours.nsuites, pf.nsuites);
	assert_memory_equal(ours.suites, pf.suites,
	    pf.nsuites * sizeof(uint16_t));
	/* Our extensions appear in Postfix's hello, in the same order. */
	for (i = 0, j = 0; i < ours.nexts; i++) {
		while (j < pf.nexts && pf.exts[j].type != ours.exts[i].type)
			j++;
		if (j == pf.nexts)
			fail_msg("extension %u out of Postfix's order",
			    ours.exts[i].type);
	}
	assert_int_equal(u16_list(*hello_ext(&ours, TLSEXT_SUPPORTED_GROUPS),
	    false, got, 64), ng);
	assert_memory_equal(got, groups, ng * sizeof(uint16_t));
	assert_int_equal(u16_list(*hello_ext(&ours,
	    TLSEXT_SIGNATURE_ALGORITHMS), false, got, 64), ns);
	assert_memory_equal(got, sigalgs, ns * sizeof(uint16_t));
	/* Our default sigalgs are exactly Postfix's 23. */
	assert_int_equal(mt_hello_default_sigalgs(got, 64), ns);
	assert_memory_equal(got, sigalgs, ns * sizeof(uint16_t));
	assert_int_equal(u16_list(*hello_ext(&ours,
	    TLSEXT_SUPPORTED_VERSIONS), true, got, 16), nv);
	assert_memory_equal(got, versions, nv * sizeof(uint16_t));
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_full),
		cmocka_unit_test(test_build_shapes),
		cmocka_unit_test(test_build_suite_counts),
		cmocka_unit_test(test_build_bad_share),
		cmocka_unit_test(test_keyshare_lengths),
		cmocka_unit_test(test_real_hellos),
		cmocka_unit_test(test_postfix_default_equivalent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
