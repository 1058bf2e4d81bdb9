/*
 * test_chain.c - mt_chain_analyze and certificate facts
 *
 * usage: test_chain DIR   (or MT_CHAINS_DIR=DIR test_chain)
 *
 * DIR holds the chains tests/certs/mkchains.sh makes (run_chain.sh makes
 * them in a temporary directory first).  The check time is injected, so
 * the fixed fixture dates never go stale.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include <openssl/evp.h>

#include "mailtls/chain.h"
#include "x509/x509_int.h"
#include "testutil.h"

#define AT_2025		((time_t)1748736000)	/* 2025-06-01, all valid */
#define AT_2035		((time_t)2064268800)	/* leaf expired, CAs not */
#define LEAF_NOT_BEFORE	((time_t)1704067200)	/* 2024-01-01 */
#define LEAF_NOT_AFTER	((time_t)2019686400)	/* 2034-01-01 */
#define FILE_MAX	65536
#define GARBAGE		"garbage"

static const char *chains_dir;

struct blob {
	uint8_t	*data;
	size_t	 len;
};

struct chain_case {
	const char	*name;
	const char	*certs[5];	/* files in DIR or GARBAGE, NULL end */
	bool		 cafile;	/* DIR/root.pem, else system store */
	const char	*names[MT_CHAIN_NAMES_MAX];
	time_t		 at;
	int		 want_rv;
	bool		 want_verified;
	uint32_t	 want_problems;
	bool		 want_name_ok;
	const char	*want_matched;
};

static const struct chain_case cases[] = {
	{ "full chain, root in cafile", { "leaf.der", "int.der" }, true,
	    { "mx.lab.test" }, AT_2025, 0, true, 0, true, "mx.lab.test" },
	{ "full chain, system store", { "leaf.der", "int.der" }, false,
	    { "mx.lab.test" }, AT_2025, 0, false, MT_CHAIN_UNTRUSTED_ROOT,
	    true, "mx.lab.test" },
	{ "leaf only, root in cafile", { "leaf.der" }, true, { NULL },
	    AT_2025, 0, false, MT_CHAIN_MISSING_INTERMEDIATE, true, "" },
	{ "leaf only, system store", { "leaf.der" }, false, { NULL },
	    AT_2025, 0, false, MT_CHAIN_MISSING_INTERMEDIATE, true, "" },
	{ "leaf, root, int", { "leaf.der", "root.der", "int.der" }, true,
	    { NULL }, AT_2025, 0, true,
	    MT_CHAIN_WRONG_ORDER | MT_CHAIN_ROOT_SENT, true, "" },
	{ "leaf, int, root", { "leaf.der", "int.der", "root.der" }, true,
	    { NULL }, AT_2025, 0, true, MT_CHAIN_ROOT_SENT, true, "" },
	{ "leaf, int, untrusted root", { "leaf.der", "int.der", "root.der" },
	    false, { NULL }, AT_2025, 0, false,
	    MT_CHAIN_ROOT_SENT | MT_CHAIN_UNTRUSTED_ROOT, true, "" },
	{ "extra cert", { "leaf.der", "int.der", "leaf-ec.der" }, true,
	    { NULL }, AT_2025, 0, true, MT_CHAIN_EXTRA_CERTS, true, "" },
	{ "expired leaf", { "leaf-expired.der", "int.der" }, true, { NULL },
	    AT_2025, 0, false, MT_CHAIN_EXPIRED, true, "" },
	{ "valid leaf checked after expiry", { "leaf.der", "int.der" }, true,
	    { NULL }, AT_2035, 0, false, MT_CHAIN_EXPIRED, true, "" },
	{ "leaf not yet valid", { "leaf-future.der", "int.der" }, true,
	    { NULL }, AT_2025, 0, false, MT_CHAIN_NOT_YET_VALID, true, "" },
	{ "self-signed leaf", { "leaf-self.der" }, true, { "mx.lab.test" },
	    AT_2025, 0, false, MT_CHAIN_SELF_SIGNED_LEAF, true,
	    "mx.lab.test" },
	{ "self-signed leaf, system store", { "leaf-self.der" }, false,
	    { NULL }, AT_2025, 0, false, MT_CHAIN_SELF_SIGNED_LEAF, true, "" },
	{ "1024-bit RSA leaf", { "leaf-rsa1024.der", "int.der" }, true,
	    { NULL }, AT_2025, 0, true, MT_CHAIN_WEAK_KEY, true, "" },
	{ "SHA-1 signed leaf", { "leaf-sha1.der", "int.der" }, true,
	    { NULL }, AT_2025, 0, true, MT_CHAIN_WEAK_SIGNATURE, true, "" },
	{ "EC P-256 leaf", { "leaf-ec.der", "int.der" }, true,
	    { "mx.lab.test" }, AT_2025, 0, true, 0, true, "mx.lab.test" },
	{ "name by DNS SAN", { "leaf.der", "int.der" }, true,
	    { "localhost" }, AT_2025, 0, true, 0, true, "localhost" },
	{ "name by IP SAN", { "leaf.der", "int.der" }, true,
	    { "127.0.0.1" }, AT_2025, 0, true, 0, true, "127.0.0.1" },
	{ "second name matches", { "leaf.der", "int.der" }, true,
	    { "mx.other.test", "MX.LAB.TEST" }, AT_2025, 0, true, 0, true,
	    "MX.LAB.TEST" },
	{ "name mismatch", { "leaf.der", "int.der" }, true,
	    { "mx.other.test", "::1" }, AT_2025, 0, true,
	    MT_CHAIN_NAME_MISMATCH, false, "" },
	{ "other IP does not match", { "leaf.der", "int.der" }, true,
	    { "127.0.0.2" }, AT_2025, 0, true, MT_CHAIN_NAME_MISMATCH,
	    false, "" },
	{ "garbage only", { GARBAGE }, true, { NULL }, AT_2025, -1, false,
	    MT_CHAIN_UNPARSEABLE, false, "" },
	{ "garbage between leaf and int", { "leaf.der", GARBAGE, "int.der" },
	    true, { NULL }, AT_2025, 0, true,
	    MT_CHAIN_UNPARSEABLE | MT_CHAIN_WRONG_ORDER, true, "" },
	{ "garbage leaf", { GARBAGE, "int.der" }, true, { "mx.lab.test" },
	    AT_2025, 0, false, MT_CHAIN_UNPARSEABLE | MT_CHAIN_NAME_MISMATCH,
	    false, "" },
};

static void
path_of(char *buf, size_t size, const char *file)
{
	if ((size_t)snprintf(buf, size, "%s/%s", chains_dir, file) >= size)
		fail_msg("path too long: %s", file);
}

static bool
blob_load(const char *file, struct blob *b)
{
	char path[4096];
	FILE *f;

	path_of(path, sizeof(path), file);
	if ((f = fopen(path, "rb")) == NULL)
		return false;
	b->data = malloc(FILE_MAX);
	assert_non_null(b->data);
	b->len = fread(b->data, 1, FILE_MAX, f);
	fclose(f);
	return b->len > 0 && b->len < FILE_MAX;
}

static void
blob_garbage(struct blob *b)
{
	static const uint8_t junk[] = { 0x30, 0x82, 0x01, 0x00, 0x02, 0x01,
	    0x00, 'n', 'o', 't', ' ', 'a', ' ', 'c', 'e', 'r', 't' };

	b->data = malloc(sizeof(junk));
	assert_non_null(b->data);
	memcpy(b->data, junk, sizeof(junk));
	b->len = sizeof(junk);
}

static void
run_case(void **state)
{
	const struct chain_case *tc = *state;
	struct mt_chain_opts opts;
	struct mt_chain_report *rep;
	struct mt_error err;
	struct blob blobs[5];
	const uint8_t *der[5];
	size_t len[5], n, i;
	char cafile[4096];
	int rv;

	memset(&opts, 0, sizeof(opts));
	memset(&err, 0, sizeof(err));
	for (n = 0; n < 5 && tc->certs[n] != NULL; n++) {
		if (strcmp(tc->certs[n], GARBAGE) == 0)
			blob_garbage(&blobs[n]);
		else if (!blob_load(tc->certs[n], &blobs[n]))
			fail_msg("%s: cannot read %s", tc->name, tc->certs[n]);
		der[n] = blobs[n].data;
		len[n] = blobs[n].len;
	}
	if (tc->cafile) {
		path_of(cafile, sizeof(cafile), "root.pem");
		opts.cafile = cafile;
	}
	for (i = 0; i < MT_CHAIN_NAMES_MAX; i++)
		opts.names[i] = tc->names[i];
	opts.at = tc->at;
	rep = calloc(1, sizeof(*rep));
	assert_non_null(rep);

	rv = mt_chain_analyze(der, len, n, &opts, rep, &err);
	if (rv != tc->want_rv)
		fail_msg("%s: rv got %d, want %d (%s)", tc->name, rv,
		    tc->want_rv, err.msg);
	if (rep->ncerts != n)
		fail_msg("%s: ncerts got %zu, want %zu", tc->name,
		    rep->ncerts, n);
	if (rep->problems != tc->want_problems)
		fail_msg("%s: problems got %#x, want %#x (verify %d at %d: %s)",
		    tc->name, rep->problems, tc->want_problems,
		    rep->verify_code, rep->verify_depth, rep->verify_error);
	if (rv == 0 && rep->verified != tc->want_verified)
		fail_msg("%s: verified got %d, want %d (verify %d at %d: %s)",
		    tc->name, rep->verified, tc->want_verified,
		    rep->verify_code, rep->verify_depth, rep->verify_error);
	if (rv == 0 && rep->verified && rep->verify_code != 0)
		fail_msg("%s: verify_code got %d, want 0", tc->name,
		    rep->verify_code);
	if (rv == 0 && rep->name_ok != tc->want_name_ok)
		fail_msg("%s: name_ok got %d, want %d", tc->name,
		    rep->name_ok, tc->want_name_ok);
	if (rv == 0 && strcmp(rep->matched_name, tc->want_matched) != 0)
		fail_msg("%s: matched_name got \"%s\", want \"%s\"", tc->name,
		    rep->matched_name, tc->want_matched);
	assert_int_equal(rep->at, tc->at);
	for (i = 0; i < n; i++)
		if (strcmp(tc->certs[i], GARBAGE) == 0)
			assert_string_equal(rep->certs[i].subject,
			    "(unparseable)");
	for (i = 0; i < n; i++)
		free(blobs[i].data);
	free(rep);
}

static void
sha256_hex(const uint8_t *p, size_t n, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen, i;

	assert_int_equal(EVP_Digest(p, n, md, &mdlen, EVP_sha256(), NULL), 1);
	for (i = 0; i < mdlen; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

static void
test_leaf_facts(void **state)
{
	struct mt_cert_info info;
	struct blob b;
	char want[65], spki[80];
	FILE *f;
	char path[4096];

	assert_true(blob_load("leaf.der", &b));
	assert_true(mt_cert_info_from_der(b.data, b.len, &info));
	assert_string_equal(info.subject, "CN=mx.lab.test");
	assert_string_equal(info.issuer,
	    "O=mailtls lab,CN=mailtls lab intermediate");
	assert_string_equal(info.sans,
	    "DNS:mx.lab.test, DNS:localhost, IP:127.0.0.1");
	assert_string_equal(info.serial, "1002");
	assert_int_equal(info.not_before, LEAF_NOT_BEFORE);
	assert_int_equal(info.not_after, LEAF_NOT_AFTER);
	assert_string_equal(info.key_type, "RSA");
	assert_int_equal(info.key_bits, 2048);
	assert_string_equal(info.curve, "");
	assert_string_equal(info.sig_alg, "sha256WithRSAEncryption");
	assert_false(info.is_ca);
	assert_false(info.self_signed);
	sha256_hex(b.data, b.len, want);
	assert_string_equal(info.sha256, want);

	/* The wrapper computed the SPKI hash with the openssl CLI. */
	path_of(path, sizeof(path), "leaf.spki");
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(spki, sizeof(spki), f));
	fclose(f);
	spki[strcspn(spki, " \n")] = '\0';
	assert_string_equal(info.spki_sha256, spki);
	free(b.data);
}

static void
test_ca_and_ec_facts(void **state)
{
	struct mt_cert_info info;
	struct blob b;

	assert_true(blob_load("root.der", &b));
	assert_true(mt_cert_info_from_der(b.data, b.len, &info));
	assert_true(info.is_ca);
	assert_true(info.self_signed);
	assert_string_equal(info.subject, info.issuer);
	free(b.data);

	assert_true(blob_load("int.der", &b));
	assert_true(mt_cert_info_from_der(b.data, b.len, &info));
	assert_true(info.is_ca);
	assert_false(info.self_signed);
	free(b.data);

	assert_true(blob_load("leaf-self.der", &b));
	assert_true(mt_cert_info_from_der(b.data, b.len, &info));
	assert_false(info.is_ca);
	assert_true(info.self_signed);
	free(b.data);

	assert_true(blob_load("leaf-ec.der", &b));
	assert_true(mt_cert_info_from_der(b.data, b.len, &info));
	assert_string_equal(info.key_type, "EC");
	assert_int_equal(info.key_bits, 256);
	assert_string_equal(info.curve, "prime256v1");
	free(b.data);

	assert_true(blob_load("leaf-rsa1024.der", &b));
	assert_true(mt_cert_info_from_der(b.data, b.len, &info));
	assert_int_equal(info.key_bits, 1024);
	free(b.data);

	assert_true(blob_load("leaf-sha1.der", &b));
	assert_true(mt_cert_info_from_der(b.data, b.len, &info));
	assert_string_equal(info.sig_alg, "sha1WithRSAEncryption");
	free(b.data);
}

/* Every proper prefix, and trailing bytes, must fail cleanly. */
static void
test_prefixes_and_trailing(void **state)
{
	struct mt_cert_info info;
	struct blob b;
	uint8_t *longer;
	size_t i;

	assert_true(blob_load("leaf.der", &b));
	for (i = 0; i < b.len; i++) {
		if (mt_cert_info_from_der(b.data, i, &info))
			fail_msg("prefix of %zu bytes decoded", i);
		assert_string_equal(info.subject, "(unparseable)");
	}
	longer = malloc(b.len + 1);
	assert_non_null(longer);
	memcpy(longer, b.data, b.len);
	longer[b.len] = 0;
	assert_false(mt_cert_info_from_der(longer, b.len + 1, &info));
	assert_true(mt_cert_info_from_der(longer, b.len, &info));
	free(longer);
	free(b.data);
}

static void
test_errors(void **state)
{
	struct mt_chain_opts opts;
	struct mt_chain_report *rep;
	struct mt_error err;
	struct blob b;
	const uint8_t *der[1];
	size_t len[1];
	time_t before;

	rep = calloc(1, sizeof(*rep));
	assert_non_null(rep);
	memset(&opts, 0, sizeof(opts));
	memset(&err, 0, sizeof(err));
	assert_true(blob_load("leaf.der", &b));
	der[0] = b.data;
	len[0] = b.len;

	/* A CA file that does not exist is an error that names it. */
	opts.cafile = "/nonexistent/ca.pem";
	assert_int_equal(mt_chain_analyze(der, len, 1, &opts, rep, &err), -1);
	assert_non_null(strstr(err.msg, "/nonexistent/ca.pem"));

	/* No certificates at all. */
	assert_int_equal(mt_chain_analyze(der, len, 0, &opts, rep, &err), -1);

	/* at == 0 means now, and the report says which time it used. */
	opts.cafile = NULL;
	before = time(NULL);
	assert_int_equal(mt_chain_analyze(der, len, 1, &opts, rep, &err), 0);
	assert_true(rep->at >= before && rep->at <= time(NULL));
	free(rep);
	free(b.data);
}

int
main(int argc, char *argv[])
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_leaf_facts),
		cmocka_unit_test(test_ca_and_ec_facts),
		cmocka_unit_test(test_prefixes_and_trailing),
		cmocka_unit_test(test_errors),
	};
	chains_dir = argc > 1 ? argv[1] : getenv("MT_CHAINS_DIR");
	if (chains_dir == NULL) {
		fprintf(stderr, "usage: test_chain DIR (or MT_CHAINS_DIR)\n");
		return 2;
	}
	return mt_test_run_table("chain", cases, sizeof(cases) / sizeof(cases[0]),
	    sizeof(cases[0]), run_case, fixed, sizeof(fixed) / sizeof(fixed[0]));
}
