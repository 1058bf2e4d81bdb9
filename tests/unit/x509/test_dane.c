/*
 * test_dane.c - TLSA records (parse, text, make, format) and DANE
 * matching (mt_dane_verify, RFC 7671/7672) over chains made at test time
 *
 * usage: test_dane DIR   (or MT_CHAINS_DIR=DIR test_dane)
 *
 * DIR holds the chains tests/certs/mkchains.sh makes plus leaf-renewed.der
 * (leaf.key certified again), which run_dane.sh adds.  Records are made
 * from the certificates in the table, so no digest is written by hand;
 * the oracle test (tests/integration/dane_tlsa) checks mt_tlsa_make
 * against hash-slinger and danetool.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "mailtls/dane.h"
#include "testutil.h"

#define AT_2025		((time_t)1748736000)	/* 2025-06-01, all valid */
#define AT_2035		((time_t)2064268800)	/* leaf expired, CAs not */
#define FILE_MAX	65536
#define CASE_CERTS	4
#define CASE_RECS	3
#define NM		MT_DANE_NO_MATCH
#define UN		MT_DANE_UNUSABLE

static const char *chains_dir;

struct blob {
	uint8_t	*data;
	size_t	 len;
};

/* One record made from a certificate; trunc shortens its data. */
struct rec_spec {
	const char	*cert;		/* NULL ends the list */
	int		 usage, selector, mtype;
	size_t		 trunc;		/* bytes to drop from the data */
};

struct dane_case {
	const char	*name;
	const char	*chain[CASE_CERTS];	/* NULL ends */
	struct rec_spec	 recs[CASE_RECS];
	const char	*names[3];	/* NULL: { "mx.lab.test" } */
	time_t		 at;
	bool		 want_verified;
	bool		 want_usable;
	bool		 want_stale;
	int		 want_depth[CASE_RECS];
	bool		 want_name_checked;
	bool		 want_name_ok;
	const char	*want_reason;	/* a substring */
	const char	*want_suggest_ee; /* 3 1 1 of this, or NULL: none */
	const char	*want_suggest_ta; /* 2 1 1 of this, or NULL: none */
};

static const struct dane_case cases[] = {
	{ "3 1 1 match", { "leaf.der", "int.der" },
	    { { "leaf.der", 3, 1, 1, 0 } }, { NULL }, AT_2025, true, true,
	    false, { 0 }, false, false, "3 1 1 matched the leaf at depth 0",
	    NULL, NULL },
	{ "3 0 1 match", { "leaf.der", "int.der" },
	    { { "leaf.der", 3, 0, 1, 0 } }, { NULL }, AT_2025, true, true,
	    false, { 0 }, false, false, "3 0 1 matched", NULL, NULL },
	{ "3 1 2 match", { "leaf.der", "int.der" },
	    { { "leaf.der", 3, 1, 2, 0 } }, { NULL }, AT_2025, true, true,
	    false, { 0 }, false, false, "3 1 2 matched", NULL, NULL },
	{ "3 1 0 (full SPKI) match", { "leaf.der", "int.der" },
	    { { "leaf.der", 3, 1, 0, 0 } }, { NULL }, AT_2025, true, true,
	    false, { 0 }, false, false, "3 1 0 matched", NULL, NULL },
	{ "3 0 0 (full certificate) match", { "leaf.der" },
	    { { "leaf.der", 3, 0, 0, 0 } }, { NULL }, AT_2025, true, true,
	    false, { 0 }, false, false, "3 0 0 matched", NULL, NULL },
	{ "3 1 1 of the CA does not match (EE only)", { "leaf.der", "int.der" },
	    { { "int.der", 3, 1, 1, 0 } }, { NULL }, AT_2025, false, true,
	    true, { NM }, false, false, "no TLSA record matches",
	    "leaf.der", "int.der" },
	{ "2 1 1 at depth 1, valid chain", { "leaf.der", "int.der" },
	    { { "int.der", 2, 1, 1, 0 } }, { NULL }, AT_2025, true, true,
	    false, { 1 }, true, true, "2 1 1 matched the trust anchor at "
	    "depth 1", NULL, NULL },
	{ "2 0 1 at depth 2 (root sent)", { "leaf.der", "int.der",
	    "root.der" }, { { "root.der", 2, 0, 1, 0 } }, { NULL }, AT_2025,
	    true, true, false, { 2 }, true, true, "depth 2", NULL, NULL },
	{ "2 1 1 of the leaf itself", { "leaf.der", "int.der" },
	    { { "leaf.der", 2, 1, 1, 0 } }, { NULL }, AT_2025, true, true,
	    false, { 0 }, true, true, "depth 0", NULL, NULL },
	{ "2 1 1 matches, leaf name wrong", { "leaf.der", "int.der" },
	    { { "int.der", 2, 1, 1, 0 } }, { "mx.other.test", NULL },
	    AT_2025, false, true, false, { 1 }, true, false,
	    "does not carry the name mx.other.test", "leaf.der", "int.der" },
	{ "2 1 1 matches, TLSA base domain name", { "leaf.der", "int.der" },
	    { { "int.der", 2, 1, 1, 0 } }, { "mx.other.test", "mx.lab.test" },
	    AT_2025, true, true, false, { 1 }, true, true, "chain and name",
	    NULL, NULL },
	{ "2 1 1 matches a CA that did not sign the leaf",
	    { "leaf.der", "root.der" }, { { "root.der", 2, 1, 1, 0 } },
	    { NULL }, AT_2025, false, true, false, { 1 }, false, false,
	    "the chain does not reach depth 1", "leaf.der", "root.der" },
	{ "2 1 1: a non-CA certificate cannot act as an intermediate",
	    { "victim.der", "notca.der", "int.der" },
	    { { "int.der", 2, 1, 1, 0 } }, { NULL }, 0, false, true,
	    false, { 2 }, false, false, "the chain does not reach depth 2",
	    "victim.der", "int.der" },
	{ "2 1 0 bare key, CA not sent", { "leaf.der" },
	    { { "int.der", 2, 1, 0, 0 } }, { NULL }, AT_2025, true, true,
	    false, { 1 }, true, true, "depth 1", NULL, NULL },
	{ "stale 3 1 1 after a key change", { "leaf-ec.der", "int.der" },
	    { { "leaf.der", 3, 1, 1, 0 } }, { NULL }, AT_2025, false, true,
	    true, { NM }, false, false, "matches no certificate (the server "
	    "presents 3 1 1 ", "leaf-ec.der", "int.der" },
	{ "stale 3 1 1, but 2 1 1 still matches", { "leaf-ec.der",
	    "int.der" }, { { "leaf.der", 3, 1, 1, 0 },
	    { "int.der", 2, 1, 1, 0 } }, { NULL }, AT_2025, true, true, false,
	    { NM, 1 }, true, true, "2 1 1 matched", NULL, NULL },
	{ "renewal that kept the key still matches 3 1 1",
	    { "leaf-renewed.der", "int.der" }, { { "leaf.der", 3, 1, 1, 0 } },
	    { NULL }, AT_2025, true, true, false, { 0 }, false, false,
	    "matched the leaf", NULL, NULL },
	{ "renewal that kept the key: 3 0 1 is stale",
	    { "leaf-renewed.der", "int.der" }, { { "leaf.der", 3, 0, 1, 0 } },
	    { NULL }, AT_2025, false, true, true, { NM }, false, false,
	    "no TLSA record matches", "leaf-renewed.der", "int.der" },
	{ "usage 0 and 1 are unusable", { "leaf.der", "int.der" },
	    { { "int.der", 0, 1, 1, 0 }, { "leaf.der", 1, 1, 1, 0 } },
	    { NULL }, AT_2025, false, false, false, { UN, UN }, false, false,
	    "no usable TLSA record", "leaf.der", "int.der" },
	{ "3 1 1 with 31 bytes matches nothing", { "leaf.der", "int.der" },
	    { { "leaf.der", 3, 1, 1, 1 } }, { NULL }, AT_2025, false, true,
	    true, { NM }, false, false, "no TLSA record matches",
	    "leaf.der", "int.der" },
	{ "expired leaf, 3 1 1 verifies", { "leaf-expired.der", "int.der" },
	    { { "leaf-expired.der", 3, 1, 1, 0 } }, { NULL }, AT_2025, true,
	    true, false, { 0 }, false, false, "matched the leaf", NULL, NULL },
	{ "expired leaf, 2 1 1 fails", { "leaf-expired.der", "int.der" },
	    { { "int.der", 2, 1, 1, 0 } }, { NULL }, AT_2025, false, true,
	    false, { 1 }, false, false, "has expired", "leaf-expired.der",
	    "int.der" },
	{ "2 1 1 checked after the leaf expires", { "leaf.der", "int.der" },
	    { { "int.der", 2, 1, 1, 0 } }, { NULL }, AT_2035, false, true,
	    false, { 1 }, false, false, "has expired", "leaf.der",
	    "int.der" },
	{ "no records", { "leaf.der", "int.der" }, { { NULL } }, { NULL },
	    AT_2025, false, false, false, { 0 }, false, false,
	    "no TLSA records", "leaf.der", "int.der" },
	{ "leaf only: no CA to suggest", { "leaf.der" },
	    { { "leaf-ec.der", 3, 1, 1, 0 } }, { NULL }, AT_2025, false,
	    true, true, { NM }, false, false, "no TLSA record matches",
	    "leaf.der", NULL },
};

static void
path_of(char *buf, size_t size, const char *file)
{
	if ((size_t)snprintf(buf, size, "%s/%s", chains_dir, file) >= size)
		fail_msg("path too long: %s", file);
}

static void
blob_load(const char *file, struct blob *b)
{
	char path[4096];
	FILE *f;

	path_of(path, sizeof(path), file);
	if ((f = fopen(path, "rb")) == NULL)
		fail_msg("cannot open %s", path);
	b->data = malloc(FILE_MAX);
	assert_non_null(b->data);
	b->len = fread(b->data, 1, FILE_MAX, f);
	fclose(f);
	if (b->len == 0 || b->len >= FILE_MAX)
		fail_msg("%s: bad size %zu", path, b->len);
}

static void
make_rec(const char *file, int u, int s, int m, struct mt_tlsa *t)
{
	struct mt_error err;
	struct blob b;

	blob_load(file, &b);
	if (mt_tlsa_make(b.data, b.len, u, s, m, t, &err) != 0)
		fail_msg("mt_tlsa_make %s %d %d %d: %s", file, u, s, m,
		    err.msg);
	free(b.data);
}

static void
assert_same_rec(const struct mt_tlsa *got, const struct mt_tlsa *want,
    const char *what)
{
	char g[300], w[300];

	(void)mt_tlsa_format(got, NULL, g, sizeof(g));
	(void)mt_tlsa_format(want, NULL, w, sizeof(w));
	if (strcmp(g, w) != 0)
		fail_msg("%s: got %s, want %s", what, g, w);
}

static void
run_case(void **state)
{
	const struct dane_case *tc = *state;
	static const char *const deflt[] = { "mx.lab.test", NULL };
	struct mt_tlsa *recs;
	struct mt_dane_result *res;
	struct mt_error err;
	struct mt_tlsa want;
	struct blob blobs[CASE_CERTS];
	const uint8_t *der[CASE_CERTS];
	size_t len[CASE_CERTS], nc, nr, i;

	recs = calloc(CASE_RECS, sizeof(*recs));
	res = calloc(1, sizeof(*res));
	assert_non_null(recs);
	assert_non_null(res);
	for (nc = 0; nc < CASE_CERTS && tc->chain[nc] != NULL; nc++) {
		blob_load(tc->chain[nc], &blobs[nc]);
		der[nc] = blobs[nc].data;
		len[nc] = blobs[nc].len;
	}
	for (nr = 0; nr < CASE_RECS && tc->recs[nr].cert != NULL; nr++) {
		make_rec(tc->recs[nr].cert, tc->recs[nr].usage,
		    tc->recs[nr].selector, tc->recs[nr].mtype, &recs[nr]);
		recs[nr].len -= tc->recs[nr].trunc;
	}
	assert_int_equal(mt_dane_verify(recs, nr, der, len, nc,
	    tc->names[0] != NULL ? tc->names : deflt, tc->at, res, &err), 0);
	if (res->verified != tc->want_verified)
		fail_msg("verified: got %d, want %d (%s)", res->verified,
		    tc->want_verified, res->reason);
	assert_int_equal(res->usable, tc->want_usable);
	assert_int_equal(res->stale, tc->want_stale);
	assert_int_equal(res->nrecords, nr);
	for (i = 0; i < nr; i++)
		if (res->depth[i] != tc->want_depth[i])
			fail_msg("depth[%zu]: got %d, want %d (%s)", i,
			    res->depth[i], tc->want_depth[i], res->reason);
	assert_int_equal(res->name_checked, tc->want_name_checked);
	assert_int_equal(res->name_ok, tc->want_name_ok);
	if (strstr(res->reason, tc->want_reason) == NULL)
		fail_msg("reason: got \"%s\", want \"%s\" in it", res->reason,
		    tc->want_reason);
	if (res->verified) {
		assert_true(res->matched_record >= 0);
		assert_int_equal(res->matched_depth,
		    res->depth[res->matched_record]);
	} else
		assert_int_equal(res->matched_record, -1);
	i = 0;
	if (tc->want_suggest_ee != NULL) {
		assert_true(res->nsuggest > i);
		make_rec(tc->want_suggest_ee, 3, 1, 1, &want);
		assert_same_rec(&res->suggest[i], &want, "suggest EE");
		assert_non_null(strstr(res->suggest_why[i], "current key"));
		i++;
	}
	if (tc->want_suggest_ta != NULL) {
		assert_true(res->nsuggest > i);
		make_rec(tc->want_suggest_ta, 2, 1, 1, &want);
		assert_same_rec(&res->suggest[i], &want, "suggest TA");
		assert_non_null(strstr(res->suggest_why[i], "issuing CA"));
		i++;
	}
	if (res->nsuggest != i)
		fail_msg("nsuggest: got %zu, want %zu", res->nsuggest, i);
	for (i = 0; i < nc; i++)
		free(blobs[i].data);
	free(recs);
	free(res);
}

/* The wire form: 3 1 1 and 32 bytes. */
static void
test_parse(void **state)
{
	uint8_t rdata[3 + 33];
	uint8_t *big;
	struct mt_tlsa t;
	struct mt_error err;
	size_t n;

	(void)state;
	rdata[0] = 3;
	rdata[1] = 1;
	rdata[2] = 1;
	for (n = 3; n < sizeof(rdata); n++)
		rdata[n] = (uint8_t)n;
	assert_int_equal(mt_tlsa_parse(rdata, 35, &t, &err), 0);
	assert_int_equal(t.usage, 3);
	assert_int_equal(t.selector, 1);
	assert_int_equal(t.mtype, 1);
	assert_int_equal(t.len, 32);
	assert_memory_equal(t.data, rdata + 3, 32);
	/* Every prefix: under 4 bytes is malformed; else shorter data. */
	for (n = 0; n < 35; n++) {
		int rv = mt_tlsa_parse(rdata, n, &t, &err);

		if (n < 4) {
			if (rv != -1)
				fail_msg("prefix %zu: got %d, want -1", n, rv);
			assert_int_equal(err.code, MT_ERR_INPUT);
		} else {
			assert_int_equal(rv, 0);
			assert_int_equal(t.len, n - 3);
		}
	}
	assert_int_equal(mt_tlsa_parse(NULL, 0, &t, &err), -1);
	/* Unknown parameters are kept: verify calls them unusable. */
	rdata[0] = 255;
	rdata[1] = 7;
	rdata[2] = 9;
	assert_int_equal(mt_tlsa_parse(rdata, 36, &t, &err), 0);
	assert_int_equal(t.usage, 255);
	assert_int_equal(t.len, 33);
	/* Oversized association data. */
	big = calloc(1, 3 + MT_TLSA_DATA_MAX + 1);
	assert_non_null(big);
	assert_int_equal(mt_tlsa_parse(big, 3 + MT_TLSA_DATA_MAX, &t, &err),
	    0);
	assert_int_equal(mt_tlsa_parse(big, 3 + MT_TLSA_DATA_MAX + 1, &t,
	    &err), -1);
	free(big);
}

struct text_case {
	const char	*text;
	int		 want_rv;
	uint8_t		 u, s, m;
	size_t		 len;
	uint8_t		 first;
};

static const struct text_case text_cases[] = {
	{ "3 1 1 0aff", 0, 3, 1, 1, 2, 0x0a },
	{ "  2 0 2\t0A FF\n", 0, 2, 0, 2, 2, 0x0a },
	{ "3 1 1 0a ff 01 02", 0, 3, 1, 1, 4, 0x0a },
	{ "_25._tcp.mx.example.test. IN TLSA 3 1 1 ab", 0, 3, 1, 1, 1, 0xab },
	{ "_25._tcp.mx.example.test. 3600 IN TLSA 2 1 1 ab", 0, 2, 1, 1, 1,
	    0xab },
	{ "tlsa 3 1 1 cd", 0, 3, 1, 1, 1, 0xcd },
	{ "255 255 255 00", 0, 255, 255, 255, 1, 0 },
	{ "3 1 1 abc", -1, 0, 0, 0, 0, 0 },
	{ "3 1 1 zz", -1, 0, 0, 0, 0, 0 },
	{ "3 1 1", -1, 0, 0, 0, 0, 0 },
	{ "3 1 1 ", -1, 0, 0, 0, 0, 0 },
	{ "3 1", -1, 0, 0, 0, 0, 0 },
	{ "", -1, 0, 0, 0, 0, 0 },
	{ "256 1 1 ab", -1, 0, 0, 0, 0, 0 },
	{ "3 -1 1 ab", -1, 0, 0, 0, 0, 0 },
	{ "3 1 0001 ab", -1, 0, 0, 0, 0, 0 },
	{ "3x 1 1 ab", -1, 0, 0, 0, 0, 0 },
	{ "( 03 01 01 ab )", -1, 0, 0, 0, 0, 0 },
	{ "3 1 1 ab\001", -1, 0, 0, 0, 0, 0 },
};

static void
test_from_text(void **state)
{
	struct mt_tlsa t;
	struct mt_error err;
	char *big;
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(text_cases) / sizeof(text_cases[0]); i++) {
		const struct text_case *tc = &text_cases[i];
		int rv = mt_tlsa_from_text(tc->text, &t, &err);

		if (rv != tc->want_rv)
			fail_msg("\"%s\": got %d, want %d (%s)", tc->text, rv,
			    tc->want_rv, rv != 0 ? err.msg : "");
		if (rv != 0)
			continue;
		assert_int_equal(t.usage, tc->u);
		assert_int_equal(t.selector, tc->s);
		assert_int_equal(t.mtype, tc->m);
		assert_int_equal(t.len, tc->len);
		assert_int_equal(t.data[0], tc->first);
	}
	/* Every prefix of a valid record fails or parses a shorter one. */
	{
		const char *rec = "3 1 1 0aff";
		char buf[16];

		for (n = 0; n < strlen(rec); n++) {
			memcpy(buf, rec, n);
			buf[n] = '\0';
			if (mt_tlsa_from_text(buf, &t, &err) == 0)
				assert_true(n == 8 && t.len == 1);
		}
	}
	assert_int_equal(mt_tlsa_from_text(NULL, &t, &err), -1);
	/* Longer than any record may be. */
	big = malloc(5 * MT_TLSA_DATA_MAX);
	assert_non_null(big);
	memcpy(big, "3 0 0 ", 6);
	memset(big + 6, 'a', 5 * MT_TLSA_DATA_MAX - 7);
	big[5 * MT_TLSA_DATA_MAX - 1] = '\0';
	assert_int_equal(mt_tlsa_from_text(big, &t, &err), -1);
	/* Exactly MT_TLSA_DATA_MAX bytes fit; one more does not. */
	big[6 + 2 * MT_TLSA_DATA_MAX] = '\0';
	assert_int_equal(mt_tlsa_from_text(big, &t, &err), 0);
	assert_int_equal(t.len, MT_TLSA_DATA_MAX);
	big[6 + 2 * MT_TLSA_DATA_MAX] = 'a';
	big[6 + 2 * MT_TLSA_DATA_MAX + 2] = '\0';
	assert_int_equal(mt_tlsa_from_text(big, &t, &err), -1);
	free(big);
}

static void
test_make_format(void **state)
{
	struct mt_tlsa t, back;
	struct mt_error err;
	struct blob b;
	char buf[300], small[10];
	size_t need;

	(void)state;
	blob_load("leaf.der", &b);
	assert_int_equal(mt_tlsa_make(b.data, b.len, 3, 1, 1, &t, &err), 0);
	assert_int_equal(t.len, 32);
	need = mt_tlsa_format(&t, "_25._tcp.mx.lab.test.", buf, sizeof(buf));
	assert_int_equal(need, strlen(buf));
	assert_non_null(strstr(buf, "_25._tcp.mx.lab.test. IN TLSA 3 1 1 "));
	assert_int_equal(mt_tlsa_from_text(buf, &back, &err), 0);
	assert_same_rec(&back, &t, "round trip");
	/* Truncation: NUL-terminated, the length needed returned. */
	need = mt_tlsa_format(&t, NULL, small, sizeof(small));
	assert_int_equal(need, 6 + 64);
	assert_int_equal(strlen(small), sizeof(small) - 1);
	assert_int_equal(mt_tlsa_format(&t, NULL, NULL, 0), 70);
	assert_int_equal(mt_tlsa_make(b.data, b.len, 3, 1, 2, &t, &err), 0);
	assert_int_equal(t.len, 64);
	assert_int_equal(mt_tlsa_make(b.data, b.len, 3, 0, 0, &t, &err), 0);
	assert_int_equal(t.len, b.len);
	assert_memory_equal(t.data, b.data, b.len);
	assert_int_equal(mt_tlsa_make(b.data, b.len, 3, 2, 1, &t, &err), -1);
	assert_int_equal(err.code, MT_ERR_USAGE);
	assert_int_equal(mt_tlsa_make(b.data, b.len, 3, 1, 3, &t, &err), -1);
	assert_int_equal(mt_tlsa_make(b.data, b.len - 1, 3, 1, 1, &t, &err),
	    -1);
	assert_int_equal(err.code, MT_ERR_INPUT);
	free(b.data);
	assert_string_equal(mt_tlsa_usage_name(0), "PKIX-TA");
	assert_string_equal(mt_tlsa_usage_name(1), "PKIX-EE");
	assert_string_equal(mt_tlsa_usage_name(2), "DANE-TA");
	assert_string_equal(mt_tlsa_usage_name(3), "DANE-EE");
	assert_string_equal(mt_tlsa_usage_name(4), "unknown");
	assert_string_equal(mt_tlsa_usage_name(-1), "unknown");
}

static void
test_verify_errors(void **state)
{
	static const uint8_t junk[] = { 0x30, 0x03, 0x02, 0x01, 0x00 };
	static const char *const names[] = { "mx.lab.test", NULL };
	struct mt_dane_result *res;
	struct mt_tlsa t;
	struct mt_error err;
	struct blob b;
	const uint8_t *der[2];
	size_t len[2];

	(void)state;
	res = calloc(1, sizeof(*res));
	assert_non_null(res);
	make_rec("leaf.der", 3, 1, 1, &t);
	der[0] = junk;
	len[0] = sizeof(junk);
	assert_int_equal(mt_dane_verify(&t, 1, der, len, 1, names, AT_2025,
	    res, &err), -1);
	assert_int_equal(err.code, MT_ERR_INPUT);
	assert_int_equal(mt_dane_verify(&t, 1, der, len, 0, names, AT_2025,
	    res, &err), -1);
	/* An undecodable leaf with a good CA after it: nothing matches. */
	blob_load("int.der", &b);
	der[1] = b.data;
	len[1] = b.len;
	make_rec("int.der", 2, 1, 1, &t);
	assert_int_equal(mt_dane_verify(&t, 1, der, len, 2, names, AT_2025,
	    res, &err), 0);
	assert_false(res->verified);
	assert_int_equal(res->depth[0], 1);
	free(b.data);
	free(res);
}

int
main(int argc, char *argv[])
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_from_text),
		cmocka_unit_test(test_make_format),
		cmocka_unit_test(test_verify_errors),
	};
	chains_dir = argc > 1 ? argv[1] : getenv("MT_CHAINS_DIR");
	if (chains_dir == NULL) {
		fprintf(stderr, "usage: test_dane DIR (or MT_CHAINS_DIR)\n");
		return 2;
	}
	return mt_test_run_table("dane", cases, sizeof(cases) / sizeof(cases[0]),
	    sizeof(cases[0]), run_case, fixed, sizeof(fixed) / sizeof(fixed[0]));
}
