/*
 * test_match.c - mt_policy_match on hand-built policies
 *
 * Table-driven: each case names a client and a server built from code
 * lists (so the test does not depend on the cipher-string engine) and
 * the wanted outcome: ok, version, suite, words the reason must hold,
 * and the server rules copied into why[].  Covers server and client
 * preference, the version-first failure where a lower version would have
 * worked, TLS 1.3, disjoint versions, TLS turned off, and the reason
 * wording for forward secrecy and AEAD.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mailtls/policy.h"
#include "mailtls/registry.h"

#define EXP_RC4_MD5		0x0003
#define AES128_SHA		0x002F
#define AES256_SHA		0x0035
#define DHE_RSA_AES128_SHA	0x0033
#define AES128_GCM		0x009C
#define AES256_GCM		0x009D
#define DHE_RSA_AES128_GCM	0x009E
#define ECDHE_RSA_AES128_SHA	0xC013
#define ECDHE_RSA_AES128_SHA256	0xC027
#define ECDHE_ECDSA_AES128_GCM	0xC02B
#define ECDHE_RSA_AES128_GCM	0xC02F
#define ECDHE_RSA_AES256_GCM	0xC030
#define ECDHE_RSA_CHACHA	0xCCA8
#define TLS13_AES128		0x1301
#define TLS13_AES256		0x1302
#define TLS13_CHACHA		0x1303

#define V12		MT_VBIT_TLS12
#define V12_13		(MT_VBIT_TLS12 | MT_VBIT_TLS13)
#define V10_12		(MT_VBIT_TLS10 | MT_VBIT_TLS11 | MT_VBIT_TLS12)
#define V10_11		(MT_VBIT_TLS10 | MT_VBIT_TLS11)
#define V10		MT_VBIT_TLS10

#define END		0

/* A side: versions, preference, suites (0-terminated), TLS 1.3 suites. */
struct side {
	uint8_t		 versions;
	bool		 server_pref;
	bool		 tls_disabled;
	uint16_t	 suites[16];
	uint16_t	 tls13[4];
	/* Server only: why rows, code + rule, 0-terminated. */
	struct {
		uint16_t	 code;
		const char	*rule;
	}		 why[8];
};

struct match_case {
	const char	*name;
	struct side	 client;
	struct side	 server;
	bool		 want_ok;
	uint16_t	 want_version;
	uint16_t	 want_suite;
	const char	*want_reason[3];	/* substrings */
	size_t		 want_nwhy;
	uint16_t	 want_why_code;	/* one why row to check */
	const char	*want_why_rule;
	uint16_t	 want_lower;		/* v[] at a lower version */
	uint16_t	 want_lower_chosen;
};

static const struct match_case cases[] = {
	{
		.name = "server preference picks the server's first",
		.client = { V12, false, false, { ECDHE_RSA_AES128_GCM,
		    ECDHE_RSA_AES256_GCM, AES128_GCM, END } },
		.server = { V12, true, false, { AES128_GCM,
		    ECDHE_RSA_AES256_GCM, ECDHE_RSA_AES128_GCM, END } },
		.want_ok = true, .want_version = MT_TLS12,
		.want_suite = AES128_GCM,
	},
	{
		.name = "client preference picks the client's first",
		.client = { V12, false, false, { ECDHE_RSA_AES128_GCM,
		    ECDHE_RSA_AES256_GCM, AES128_GCM, END } },
		.server = { V12, false, false, { AES128_GCM,
		    ECDHE_RSA_AES256_GCM, ECDHE_RSA_AES128_GCM, END } },
		.want_ok = true, .want_version = MT_TLS12,
		.want_suite = ECDHE_RSA_AES128_GCM,
	},
	{
		.name = "TLS 1.3 is chosen first and uses tls13[]",
		.client = { V12_13, false, false, { ECDHE_RSA_AES128_GCM,
		    END }, { TLS13_CHACHA, TLS13_AES128, END } },
		.server = { V12_13, true, false, { ECDHE_RSA_AES128_GCM,
		    END }, { TLS13_AES256, TLS13_AES128, TLS13_CHACHA,
		    END } },
		.want_ok = true, .want_version = MT_TLS13,
		.want_suite = TLS13_AES128,
	},
	{
		.name = "TLS 1.3 without a shared 1.3 suite fails there",
		.client = { V12_13, false, false, { ECDHE_RSA_AES128_GCM,
		    END }, { TLS13_CHACHA, END } },
		.server = { V12_13, true, false, { ECDHE_RSA_AES128_GCM,
		    END }, { TLS13_AES256, END } },
		.want_ok = false, .want_version = MT_TLS13,
		.want_reason = { "no shared cipher at TLSv1.3" },
		.want_nwhy = 1, .want_why_code = TLS13_CHACHA,
		.want_why_rule = "not in TLS 1.3 ciphersuites",
		.want_lower = MT_TLS12,
		.want_lower_chosen = ECDHE_RSA_AES128_GCM,
	},
	{
		.name = "version first: no fallback to a lower version",
		/* The client's CBC suite would work at TLS 1.0, but
		 * TLS 1.2 is chosen and at 1.2 only GCM is offered. */
		.client = { V10_12, false, false, { ECDHE_RSA_AES128_GCM,
		    ECDHE_RSA_AES128_SHA, END } },
		.server = { V10_12, true, false, { AES128_GCM,
		    ECDHE_RSA_AES128_SHA, END } },
		.want_ok = true, .want_version = MT_TLS12,
		.want_suite = ECDHE_RSA_AES128_SHA,
	},
	{
		.name = "version first: nothing at 1.2, 1.0 would work",
		/* EXP-RC4-MD5 is shared but only usable up to TLS 1.0;
		 * TLS 1.2 is chosen first and fails (no fallback). */
		.client = { V10_12, false, false, { ECDHE_RSA_AES128_GCM,
		    EXP_RC4_MD5, END } },
		.server = { V10_12, true, false, { EXP_RC4_MD5, AES128_SHA,
		    END }, { END }, { { ECDHE_RSA_AES128_GCM, "kRSA" },
		    { 0, NULL } } },
		.want_ok = false, .want_version = MT_TLS12,
		.want_reason = { "no shared cipher at TLSv1.2",
		    "the client offers 1 suite,", "forward secrecy" },
		.want_nwhy = 1, .want_why_code = ECDHE_RSA_AES128_GCM,
		.want_why_rule = "kRSA",
		.want_lower = MT_TLS10, .want_lower_chosen = EXP_RC4_MD5,
	},
	{
		.name = "forward secrecy: FS client, kRSA server",
		.client = { V12, false, false, { ECDHE_RSA_AES128_GCM,
		    ECDHE_RSA_AES256_GCM, DHE_RSA_AES128_GCM,
		    ECDHE_RSA_CHACHA, END } },
		.server = { V12, true, false, { AES128_GCM, AES256_GCM,
		    AES128_SHA, END }, { END }, {
		    { ECDHE_RSA_AES128_GCM, "not selected" },
		    { ECDHE_RSA_AES256_GCM, "not selected" },
		    { DHE_RSA_AES128_GCM, "not selected" },
		    { ECDHE_RSA_CHACHA, "not selected" }, { 0, NULL } } },
		.want_ok = false, .want_version = MT_TLS12,
		.want_reason = { "the client offers 4 suites",
		    "forward secrecy: the server allows only kRSA suites",
		    "the client offers only forward-secret suites" },
		.want_nwhy = 4, .want_why_code = DHE_RSA_AES128_GCM,
		.want_why_rule = "not selected",
	},
	{
		.name = "AEAD: AEAD-only client, CBC-only server",
		.client = { V12, false, false, { ECDHE_RSA_AES128_GCM,
		    AES128_GCM, END } },
		.server = { V12, true, false, { ECDHE_RSA_AES128_SHA,
		    AES128_SHA, END }, { END }, {
		    { ECDHE_RSA_AES128_GCM, "!AESGCM" },
		    { AES128_GCM, "!AESGCM" }, { 0, NULL } } },
		.want_ok = false, .want_version = MT_TLS12,
		.want_reason = { "AEAD: the server allows only non-AEAD",
		    "the client offers only AEAD suites" },
		.want_nwhy = 2, .want_why_code = AES128_GCM,
		.want_why_rule = "!AESGCM",
	},
	{
		.name = "no attribute separates the sides: top rule",
		.client = { V12, false, false, { ECDHE_RSA_AES128_SHA256,
		    DHE_RSA_AES128_SHA, AES128_SHA, END } },
		.server = { V12, true, false, { ECDHE_RSA_AES128_SHA,
		    END }, { END }, { { ECDHE_RSA_AES128_SHA256, "!SHA256" },
		    { DHE_RSA_AES128_SHA, "!SHA1" },
		    { AES128_SHA, "!SHA1" }, { 0, NULL } } },
		.want_ok = false, .want_version = MT_TLS12,
		.want_reason = { "no shared cipher at TLSv1.2",
		    "the server's \"!SHA1\" removed 2 of them" },
		.want_nwhy = 3, .want_why_code = ECDHE_RSA_AES128_SHA256,
		.want_why_rule = "!SHA256",
	},
	{
		.name = "versions disjoint",
		.client = { V12_13, false, false, { ECDHE_RSA_AES128_GCM,
		    END }, { TLS13_AES128, END } },
		.server = { V10_11, true, false, { AES128_SHA, END } },
		.want_ok = false, .want_version = 0,
		.want_reason = { "no protocol version in common: client "
		    "TLSv1.2-TLSv1.3, server TLSv1.0-TLSv1.1" },
	},
	{
		.name = "server with TLS turned off",
		.client = { V12, false, false, { AES128_GCM, END } },
		.server = { V12, true, true, { AES128_GCM, END } },
		.want_ok = false, .want_version = 0,
		.want_reason = { "server has TLS turned off" },
	},
	{
		.name = "TLS 1.3 on without a TLS 1.3 suite (OpenSSL)",
		.client = { V12_13, false, false, { ECDHE_RSA_AES128_GCM,
		    END }, { TLS13_AES128, END } },
		.server = { V12_13, true, false, { ECDHE_RSA_AES128_GCM,
		    END }, { END } },
		.want_ok = false, .want_version = 0,
		.want_reason = { "the server enables TLSv1.3 but no suite",
		    "No ciphers enabled for max supported" },
	},
	{
		.name = "fallback: nothing at 1.2 but 1.0 would work",
		.client = { V10_12, false, false, { AES128_GCM, AES128_SHA,
		    END } },
		.server = { V10, true, false, { AES128_SHA, END } },
		.want_ok = true, .want_version = MT_TLS10,
		.want_suite = AES128_SHA,
	},
};

static void
side_fill(struct mt_policy *p, const struct side *s, const char *label)
{
	size_t i;

	memset(p, 0, sizeof(*p));
	(void)snprintf(p->label, sizeof(p->label), "%s", label);
	p->seclevel = -1;
	p->versions = s->versions;
	p->server_pref = s->server_pref;
	p->tls_disabled = s->tls_disabled;
	for (i = 0; i < 16 && s->suites[i] != END; i++)
		p->suites[p->nsuites++] = s->suites[i];
	for (i = 0; i < 4 && s->tls13[i] != END; i++)
		p->tls13[p->ntls13++] = s->tls13[i];
	for (i = 0; i < 8 && s->why[i].code != 0; i++) {
		p->why[p->nwhy].code = s->why[i].code;
		(void)snprintf(p->why[p->nwhy].rule,
		    sizeof(p->why[p->nwhy].rule), "%s", s->why[i].rule);
		p->why[p->nwhy].pos = (int)i + 1;
		(void)snprintf(p->why[p->nwhy].where,
		    sizeof(p->why[p->nwhy].where), "cipher string");
		p->nwhy++;
	}
}

static void
check_case(const struct match_case *c, const struct mt_match *m)
{
	const struct mt_policy_why *w = NULL;
	size_t i;

	if (m->ok != c->want_ok)
		fail_msg("%s: ok %d, want %d (reason %s)", c->name, m->ok,
		    c->want_ok, m->reason);
	if (m->version != c->want_version)
		fail_msg("%s: version 0x%04x, want 0x%04x", c->name,
		    m->version, c->want_version);
	if (m->suite != c->want_suite)
		fail_msg("%s: suite 0x%04x, want 0x%04x", c->name, m->suite,
		    c->want_suite);
	if (c->want_ok && m->reason[0] != '\0')
		fail_msg("%s: reason %s on success", c->name, m->reason);
	for (i = 0; i < 3 && c->want_reason[i] != NULL; i++)
		if (strstr(m->reason, c->want_reason[i]) == NULL)
			fail_msg("%s: reason \"%s\" lacks \"%s\"", c->name,
			    m->reason, c->want_reason[i]);
	if (!c->want_ok && m->nwhy != c->want_nwhy)
		fail_msg("%s: nwhy %zu, want %zu", c->name, m->nwhy,
		    c->want_nwhy);
	if (c->want_why_code != 0) {
		for (i = 0; i < m->nwhy; i++)
			if (m->why[i].code == c->want_why_code)
				w = &m->why[i];
		if (w == NULL)
			fail_msg("%s: no why row for 0x%04x", c->name,
			    c->want_why_code);
		if (strcmp(w->rule, c->want_why_rule) != 0)
			fail_msg("%s: why rule \"%s\", want \"%s\"", c->name,
			    w->rule, c->want_why_rule);
	}
	if (c->want_lower != 0) {
		i = c->want_lower - MT_SSL3;
		if (!m->v[i].both || m->v[i].chosen != c->want_lower_chosen)
			fail_msg("%s: at 0x%04x both %d chosen 0x%04x, want "
			    "0x%04x", c->name, c->want_lower, m->v[i].both,
			    m->v[i].chosen, c->want_lower_chosen);
	}
}

static void
test_match_table(void **state)
{
	struct mt_policy *client, *server;
	struct mt_match *m;
	size_t i;

	(void)state;
	client = calloc(1, sizeof(*client));
	server = calloc(1, sizeof(*server));
	m = calloc(1, sizeof(*m));
	assert_non_null(client);
	assert_non_null(server);
	assert_non_null(m);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		side_fill(client, &cases[i].client, "client");
		side_fill(server, &cases[i].server, "server");
		mt_policy_match(client, server, m);
		check_case(&cases[i], m);
	}
	free(client);
	free(server);
	free(m);
}

/* The per-version table is filled for every version, both or not. */
static void
test_match_versions_filled(void **state)
{
	static const struct side cs = { V10_12 | MT_VBIT_TLS13, false, false,
	    { ECDHE_RSA_AES128_SHA, AES128_SHA, AES128_GCM, END },
	    { TLS13_AES128, END }, { { 0, NULL } } };
	static const struct side ss = { V10_11, true, false,
	    { AES128_GCM, AES128_SHA, END }, { END }, { { 0, NULL } } };
	struct mt_policy *client, *server;
	struct mt_match *m;
	size_t i;

	(void)state;
	client = calloc(1, sizeof(*client));
	server = calloc(1, sizeof(*server));
	m = calloc(1, sizeof(*m));
	assert_non_null(client);
	assert_non_null(server);
	assert_non_null(m);
	side_fill(client, &cs, "c");
	side_fill(server, &ss, "s");
	mt_policy_match(client, server, m);
	for (i = 0; i < 5; i++)
		assert_int_equal(m->v[i].version, MT_SSL3 + i);
	assert_true(m->ok);
	assert_int_equal(m->version, MT_TLS11);
	assert_int_equal(m->suite, AES128_SHA);
	/* TLS 1.2: shared (AES128-GCM) but the server does not enable it. */
	assert_false(m->v[3].both);
	assert_int_equal(m->v[3].nshared, 2);
	assert_int_equal(m->v[3].shared[0], AES128_GCM);
	assert_int_equal(m->v[3].chosen, 0);
	/* TLS 1.1: GCM is not usable below 1.2. */
	assert_true(m->v[2].both);
	assert_int_equal(m->v[2].nshared, 1);
	/* TLS 1.3: only the client. */
	assert_false(m->v[4].both);
	assert_int_equal(m->v[4].nshared, 0);
	free(client);
	free(server);
	free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match_table),
		cmocka_unit_test(test_match_versions_filled),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
