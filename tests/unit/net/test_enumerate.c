/*
 * test_enumerate.c - the enumeration strategy against simulated servers
 *
 * Each simulated server has a list of accepted suites in its own order,
 * picks either by that order or by the client's, and a list of groups.
 * The tests check what a user of `mailtls probe` relies on: every accepted
 * suite is found, in the server's order, the preference is told right, and
 * the cost is accepted + 1 hellos per version.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "mailtls/registry.h"
#include "net/enumerate.h"

struct sim {
	const char	*name;
	uint16_t	 version;	/* highest the server speaks */
	const uint16_t	*suites;	/* accepted, server order */
	size_t		 nsuites;
	bool		 server_pref;
	const uint16_t	*groups;	/* accepted, server order */
	size_t		 ngroups;
	bool		 groups_client;	/* picks groups by the client's order */
	uint16_t	 hrr_group;	/* TLS 1.3: always asks for this one */
};

/* sim_ecdhe - whether suite code carries a group before TLS 1.3. */
static bool
sim_ecdhe(uint16_t code)
{
	const struct mt_suite *su = mt_suite_by_code(code);

	return su != NULL && su->kx != NULL && strcmp(su->kx, "ECDH") == 0;
}

static bool
has(const uint16_t *l, size_t n, uint16_t v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (l[i] == v)
			return true;
	return false;
}

/* sim_answer - what the simulated server sends back for hello hp. */
static void
sim_answer(const struct sim *s, const struct mt_hello_params *hp,
    uint16_t version, struct mt_server_flight *fl)
{
	size_t i, j;
	bool shared = false;

	memset(fl, 0, sizeof(*fl));
	if (version > s->version) {
		fl->kind = MT_FLIGHT_ALERT;
		fl->alert_level = 2;
		fl->alert_desc = 70;
		return;
	}
	fl->kind = MT_FLIGHT_HELLO;
	fl->version = version;
	fl->cipher = 0;
	/* Before TLS 1.3 an ECDHE suite needs a group in common. */
	for (j = 0; j < s->ngroups && !shared; j++)
		shared = has(hp->groups, hp->ngroups, s->groups[j]);
	if (s->server_pref) {
		for (i = 0; i < s->nsuites && fl->cipher == 0; i++)
			if (has(hp->suites, hp->nsuites, s->suites[i]) &&
			    (shared || version == MT_TLS13 ||
			    !sim_ecdhe(s->suites[i])))
				fl->cipher = s->suites[i];
	} else {
		for (i = 0; i < hp->nsuites && fl->cipher == 0; i++)
			if (has(s->suites, s->nsuites, hp->suites[i]) &&
			    (shared || version == MT_TLS13 ||
			    !sim_ecdhe(hp->suites[i])))
				fl->cipher = hp->suites[i];
	}
	if (s->groups_client) {
		for (j = 0; j < hp->ngroups && fl->group == 0; j++)
			if (has(s->groups, s->ngroups, hp->groups[j]))
				fl->group = hp->groups[j];
	} else {
		for (j = 0; j < s->ngroups && fl->group == 0; j++)
			if (has(hp->groups, hp->ngroups, s->groups[j]))
				fl->group = s->groups[j];
	}
	if (fl->cipher == 0 || (version == MT_TLS13 && fl->group == 0)) {
		memset(fl, 0, sizeof(*fl));
		fl->kind = MT_FLIGHT_ALERT;
		fl->alert_level = 2;
		fl->alert_desc = 40;
		return;
	}
	if (version < MT_TLS13 && !sim_ecdhe(fl->cipher))
		fl->group = 0;
	if (version == MT_TLS13 && s->hrr_group != 0) {
		fl->kind = MT_FLIGHT_HRR;
		fl->group = s->hrr_group;
	} else if (version == MT_TLS13) {
		/* A usable key share is taken; else a retry request. */
		for (j = 0; j < hp->nkey_shares; j++)
			if (has(s->groups, s->ngroups, hp->key_shares[j]))
				break;
		if (j < hp->nkey_shares)
			fl->group = hp->key_shares[j];
		else
			fl->kind = MT_FLIGHT_HRR;
	}
}

/* run_enum - enumerate with e against s; how many hellos it took. */
static unsigned
run_enum(const struct sim *s, int kind, uint16_t version,
    struct mt_version_result *vr, struct mt_enum *e)
{
	struct mt_hello_params hp;
	struct mt_server_flight fl;
	unsigned n = 0;

	mt_enum_init(e, kind, version, vr, "mx.example");
	while (mt_enum_next(e, &hp)) {
		assert_true(n < 1000);
		sim_answer(s, &hp, version, &fl);
		mt_enum_absorb(e, MT_ENUM_ANSWERED, &fl);
		n++;
	}
	return n;
}

/* run - the whole enumeration against s; how many hellos it took. */
static unsigned
run(const struct sim *s, int kind, uint16_t version,
    struct mt_version_result *vr)
{
	struct mt_enum e;

	return run_enum(s, kind, version, vr, &e);
}

static const uint16_t suites12[] = { 0xC030, 0xC02F, 0x009D, 0x009C,
    0xC014, 0x0035, 0x002F, 0x000A };
static const uint16_t groups12[] = { 0x0017, 0x001D, 0x0018 };
static const uint16_t suites13[] = { 0x1302, 0x1303, 0x1301 };

static void
test_server_preference(void **state)
{
	struct sim s = { "server order", MT_TLS12, suites12, 8, true,
	    groups12, 3, false, 0 };
	struct mt_version_result vr;
	size_t i;

	memset(&vr, 0, sizeof(vr));
	assert_int_equal(run(&s, MT_ENUM_SUITES, MT_TLS12, &vr), 8 + 1);
	assert_int_equal(vr.state, MT_V_ACCEPTED);
	assert_int_equal(vr.nsuites, 8);
	for (i = 0; i < 8; i++)
		assert_int_equal(vr.suites[i].code, suites12[i]);
	assert_int_equal(vr.preference, MT_PREF_SERVER);
}

static void
test_client_preference(void **state)
{
	struct sim s = { "client order", MT_TLS12, suites12, 8, false,
	    groups12, 3, false, 0 };
	struct mt_version_result vr;
	size_t i;

	memset(&vr, 0, sizeof(vr));
	assert_int_equal(run(&s, MT_ENUM_SUITES, MT_TLS12, &vr), 8 + 1);
	assert_int_equal(vr.nsuites, 8);
	for (i = 0; i < 8; i++)
		assert_true(has(suites12, 8, vr.suites[i].code));
	assert_int_equal(vr.preference, MT_PREF_CLIENT);
}

static void
test_refused_version(void **state)
{
	struct sim s = { "tls1.2 max", MT_TLS12, suites12, 8, true,
	    groups12, 3, false, 0 };
	struct mt_version_result vr;

	memset(&vr, 0, sizeof(vr));
	assert_int_equal(run(&s, MT_ENUM_SUITES, MT_TLS13, &vr), 1);
	assert_int_equal(vr.state, MT_V_REFUSED);
	assert_int_equal(vr.nsuites, 0);
	assert_string_equal(vr.refusal,
	    "alert protocol_version (70) from the server");
}

static void
test_groups_after_suites(void **state)
{
	struct sim s = { "groups", MT_TLS12, suites12, 8, true, groups12, 3,
	    false, 0 };
	struct mt_version_result vr;
	unsigned n;

	memset(&vr, 0, sizeof(vr));
	(void)run(&s, MT_ENUM_SUITES, MT_TLS12, &vr);
	/* The suite run already saw the server's first group. */
	assert_int_equal(vr.ngroups, 1);
	assert_int_equal(vr.groups[0], 0x0017);
	n = run(&s, MT_ENUM_GROUPS, MT_TLS12, &vr);
	assert_int_equal(n, 2 + 1);	/* the two not yet seen, then no */
	assert_int_equal(vr.ngroups, 3);
	assert_int_equal(vr.groups[1], 0x001D);
	assert_int_equal(vr.groups[2], 0x0018);
}

/*
 * A server that takes groups in the client's order shows one new group
 * with each ECDHE pick of the suite run; the groups run then only needs
 * the refusal.
 */
static void
test_groups_ride_on_suites(void **state)
{
	struct sim s = { "client groups", MT_TLS12, suites12, 8, false,
	    groups12, 3, true, 0 };
	struct mt_version_result vr;
	size_t i;

	memset(&vr, 0, sizeof(vr));
	assert_int_equal(run(&s, MT_ENUM_SUITES, MT_TLS12, &vr), 8 + 1);
	assert_int_equal(vr.ngroups, 3);
	for (i = 0; i < 3; i++)
		assert_true(has(groups12, 3, vr.groups[i]));
	assert_false(vr.groups_complete);	/* only seen so far */
	assert_int_equal(run(&s, MT_ENUM_GROUPS, MT_TLS12, &vr), 1);
	assert_int_equal(vr.ngroups, 3);
	assert_true(vr.groups_complete);
}

/*
 * TLS 1.3 suite hellos send a key share for a group not yet seen: the
 * server answers with it when it accepts it, else asks for another
 * (HelloRetryRequest), and the suite run goes on either way.
 */
static void
test_tls13_groups_ride_on_suites(void **state)
{
	static const uint16_t g13[] = { 0x001D, 0x0017, 0x0018 };
	struct sim s = { "tls13 groups", MT_TLS13, suites13, 3, true,
	    g13, 3, false, 0 };
	struct mt_version_result vr;
	unsigned n;
	size_t i;

	memset(&vr, 0, sizeof(vr));
	assert_int_equal(run(&s, MT_ENUM_SUITES, MT_TLS13, &vr), 3 + 1);
	assert_int_equal(vr.nsuites, 3);
	assert_int_equal(vr.preference, MT_PREF_SERVER);
	/* x25519 and secp256r1 from their shares; x448 is refused. */
	assert_int_equal(vr.ngroups, 2);
	n = run(&s, MT_ENUM_GROUPS, MT_TLS13, &vr);
	assert_int_equal(n, 1 + 1);	/* secp384r1, then no */
	assert_int_equal(vr.ngroups, 3);
	for (i = 0; i < 3; i++)
		assert_true(has(g13, 3, vr.groups[i]));
	assert_true(vr.groups_complete);
}

/*
 * A server that names a group the hello did not offer (RFC 8446 forbids
 * it) has its suites counted, but the group does not enter the results.
 */
static void
test_tls13_unoffered_group(void **state)
{
	struct sim s = { "rogue", MT_TLS13, suites13, 3, true, groups12, 3,
	    false, 0x7777 };
	struct mt_version_result vr;

	memset(&vr, 0, sizeof(vr));
	assert_int_equal(run(&s, MT_ENUM_SUITES, MT_TLS13, &vr), 3 + 1);
	assert_int_equal(vr.nsuites, 3);
	assert_int_equal(vr.ngroups, 0);
}

/*
 * A server with its own group order names the same group in every ECDHE
 * pick: from the second such pick on they count as picks of a known
 * group, which lets the probe start the groups task before the suites
 * are done.
 */
static void
test_known_picks(void **state)
{
	struct sim s = { "own order", MT_TLS12, suites12, 8, true, groups12,
	    3, false, 0 };
	struct mt_version_result vr;
	struct mt_enum e;

	memset(&vr, 0, sizeof(vr));
	(void)run_enum(&s, MT_ENUM_SUITES, MT_TLS12, &vr, &e);
	/* Three ECDHE suites: the first shows 0x0017, the others repeat it. */
	assert_int_equal(vr.ngroups, 1);
	assert_int_equal(e.known_picks, 2);
}

/*
 * A TLS 1.2 server that ignores supported_groups (answers a groups hello
 * with a group already seen) has not refused the rest: the list is not
 * complete.
 */
static void
test_groups_ignored(void **state)
{
	static const uint16_t one[] = { 0x0017 };
	struct sim s = { "deaf", MT_TLS12, suites12, 8, true, one, 1,
	    false, 0 };
	struct mt_version_result vr;
	struct mt_hello_params hp;
	struct mt_server_flight fl;
	struct mt_enum e;

	memset(&vr, 0, sizeof(vr));
	(void)run(&s, MT_ENUM_SUITES, MT_TLS12, &vr);
	assert_int_equal(vr.ngroups, 1);
	mt_enum_init(&e, MT_ENUM_GROUPS, MT_TLS12, &vr, "mx.example");
	assert_true(mt_enum_next(&e, &hp));
	memset(&fl, 0, sizeof(fl));
	fl.kind = MT_FLIGHT_HELLO;
	fl.version = MT_TLS12;
	fl.cipher = 0xC02F;
	fl.group = 0x0017;		/* not offered: already seen */
	mt_enum_absorb(&e, MT_ENUM_ANSWERED, &fl);
	assert_true(e.done);
	assert_false(vr.groups_complete);
	assert_int_equal(vr.ngroups, 1);
}

static void
test_tls13(void **state)
{
	struct sim s = { "tls13", MT_TLS13, suites13, 3, true, groups12, 3, false, 0 };
	struct mt_version_result vr;

	memset(&vr, 0, sizeof(vr));
	assert_int_equal(run(&s, MT_ENUM_SUITES, MT_TLS13, &vr), 3 + 1);
	assert_int_equal(vr.nsuites, 3);
	assert_int_equal(vr.suites[0].code, 0x1302);
	assert_int_equal(vr.preference, MT_PREF_SERVER);
}

/* Two suites: the alternation says nothing, one more hello decides. */
static void
test_two_suites(void **state)
{
	static const uint16_t two[] = { 0x002F, 0xC030 };
	struct sim s = { "two", MT_TLS12, two, 2, true, groups12, 3, false, 0 };
	struct mt_version_result vr;

	memset(&vr, 0, sizeof(vr));
	/* Server order puts our weakest first: decided without an extra. */
	assert_int_equal(run(&s, MT_ENUM_SUITES, MT_TLS12, &vr), 2 + 1);
	assert_int_equal(vr.preference, MT_PREF_SERVER);
	assert_int_equal(vr.suites[0].code, 0x002F);

	/* Server order equals ours: only the extra hello tells. */
	static const uint16_t same[] = { 0xC030, 0x002F };
	s.suites = same;
	memset(&vr, 0, sizeof(vr));
	assert_int_equal(run(&s, MT_ENUM_SUITES, MT_TLS12, &vr), 2 + 2);
	assert_int_equal(vr.preference, MT_PREF_SERVER);
	s.server_pref = false;
	memset(&vr, 0, sizeof(vr));
	assert_int_equal(run(&s, MT_ENUM_SUITES, MT_TLS12, &vr), 2 + 2);
	assert_int_equal(vr.preference, MT_PREF_CLIENT);
	assert_int_equal(vr.nsuites, 2);
}

/*
 * run_lanes - like run(), but as the probe does for TLS 1.2: lanes once
 * client preference is confirmed.  Lanes run one after the other here;
 * the probe runs them at once.
 */
static unsigned
run_lanes(const struct sim *s, uint16_t version, struct mt_version_result *vr)
{
	struct mt_hello_params hp;
	struct mt_server_flight fl;
	struct mt_enum e, parts[2];
	unsigned n = 0;
	size_t lanes = 0, i;

	mt_enum_init(&e, MT_ENUM_SUITES, version, vr, NULL);
	e.split_ok = true;
	while (mt_enum_next(&e, &hp)) {
		sim_answer(s, &hp, version, &fl);
		mt_enum_absorb(&e, MT_ENUM_ANSWERED, &fl);
		n++;
		if ((lanes = mt_enum_split(&e, parts, 2)) > 0)
			break;
	}
	for (i = 0; i < lanes; i++) {
		while (mt_enum_next(&parts[i], &hp)) {
			sim_answer(s, &hp, version, &fl);
			mt_enum_absorb(&parts[i], MT_ENUM_ANSWERED, &fl);
			n++;
		}
	}
	return n;
}

static void
test_lanes_client_preference(void **state)
{
	struct sim s = { "client order", MT_TLS12, suites12, 8, false,
	    groups12, 3, false, 0 };
	struct mt_version_result vr;
	size_t i;

	memset(&vr, 0, sizeof(vr));
	/* 8 picks + 1 confirming hello + one refusal per lane. */
	assert_int_equal(run_lanes(&s, MT_TLS12, &vr), 8 + 1 + 2);
	assert_int_equal(vr.nsuites, 8);
	for (i = 0; i < 8; i++)
		assert_true(has(suites12, 8, vr.suites[i].code));
	assert_int_equal(vr.state, MT_V_ACCEPTED);
	assert_int_equal(vr.preference, MT_PREF_CLIENT);
}

static void
test_lanes_server_preference(void **state)
{
	struct sim s = { "server order", MT_TLS12, suites12, 8, true,
	    groups12, 3, false, 0 };
	struct mt_version_result vr;
	size_t i;

	memset(&vr, 0, sizeof(vr));
	/* Server order is never split: the order is the answer. */
	assert_true(run_lanes(&s, MT_TLS12, &vr) <= 8 + 1 + 1);
	assert_int_equal(vr.nsuites, 8);
	for (i = 0; i < 8; i++)
		assert_int_equal(vr.suites[i].code, suites12[i]);
	assert_int_equal(vr.preference, MT_PREF_SERVER);
}

/* A server whose order happens to mimic the client-order pattern. */
static void
test_lanes_mimic(void **state)
{
	struct mt_version_result vr0, vr;
	struct sim s = { "mimic", MT_TLS12, suites12, 8, false, groups12, 3,
	    false, 0 };
	uint16_t order[8];
	size_t i;

	/* Learn the client-order pick sequence, then make it the server's. */
	memset(&vr0, 0, sizeof(vr0));
	(void)run(&s, MT_ENUM_SUITES, MT_TLS12, &vr0);
	for (i = 0; i < 8; i++)
		order[i] = vr0.suites[i].code;
	s.suites = order;
	s.server_pref = true;
	memset(&vr, 0, sizeof(vr));
	(void)run_lanes(&s, MT_TLS12, &vr);
	assert_int_equal(vr.preference, MT_PREF_SERVER);
	for (i = 0; i < 8; i++)
		assert_int_equal(vr.suites[i].code, order[i]);
}

/*
 * Without lanes (--max-parallel 1, or TLS 1.0/1.1/1.3) a server whose own
 * order mimics the client-order pattern is still told apart: the tail.
 */
static void
test_mimic_no_lanes(void **state)
{
	struct mt_version_result vr0, vr;
	struct sim s = { "mimic", MT_TLS12, suites12, 8, false, groups12, 3,
	    false, 0 };
	uint16_t order[8];
	unsigned n;
	size_t i;

	memset(&vr0, 0, sizeof(vr0));
	n = run(&s, MT_ENUM_SUITES, MT_TLS12, &vr0);
	/* Client order: the tail ends the run, no refusal needed. */
	assert_int_equal(n, 8 + 1);
	assert_int_equal(vr0.preference, MT_PREF_CLIENT);
	for (i = 0; i < 8; i++)
		order[i] = vr0.suites[i].code;
	s.suites = order;
	s.server_pref = true;
	memset(&vr, 0, sizeof(vr));
	n = run(&s, MT_ENUM_SUITES, MT_TLS12, &vr);
	assert_int_equal(vr.preference, MT_PREF_SERVER);
	assert_int_equal(vr.nsuites, 8);
	assert_int_equal(n, 8 + 1 + 1);	/* the tail cost one hello */
	for (i = 0; i < 8; i++)
		assert_int_equal(vr.suites[i].code, order[i]);
}

/* A server that picks a suite we did not offer is an error, not a suite. */
static void
test_unoffered_pick(void **state)
{
	struct mt_hello_params hp;
	struct mt_server_flight fl;
	struct mt_version_result vr;
	struct mt_enum e;

	memset(&vr, 0, sizeof(vr));
	mt_enum_init(&e, MT_ENUM_SUITES, MT_TLS12, &vr, NULL);
	assert_true(mt_enum_next(&e, &hp));
	assert_false(has(hp.suites, hp.nsuites, 0x1301));
	memset(&fl, 0, sizeof(fl));
	fl.kind = MT_FLIGHT_HELLO;
	fl.version = MT_TLS12;
	fl.cipher = 0x1301;
	mt_enum_absorb(&e, MT_ENUM_ANSWERED, &fl);
	assert_true(e.done);
	assert_int_equal(vr.state, MT_V_ERROR);
	assert_int_equal(vr.nsuites, 0);
}

/* Hellos offer every pre-1.3 suite we know, never a TLS 1.3 suite. */
static void
test_offer_contents(void **state)
{
	struct mt_hello_params hp;
	struct mt_version_result vr;
	struct mt_enum e;

	memset(&vr, 0, sizeof(vr));
	mt_enum_init(&e, MT_ENUM_SUITES, MT_TLS10, &vr, NULL);
	assert_true(mt_enum_next(&e, &hp));
	assert_true(hp.nsuites > 300);
	assert_true(has(hp.suites, hp.nsuites, 0x000A));
	assert_true(has(hp.suites, hp.nsuites, 0x0003));   /* export RC4 */
	assert_false(has(hp.suites, hp.nsuites, 0x1301));
	assert_false(has(hp.suites, hp.nsuites, 0x5600)); /* no FALLBACK_SCSV */
	assert_int_equal(hp.client_version, MT_TLS10);
	assert_null(hp.sni);

	memset(&vr, 0, sizeof(vr));
	mt_enum_init(&e, MT_ENUM_SUITES, MT_SSL3, &vr, "mx.example");
	assert_true(mt_enum_next(&e, &hp));
	assert_true(hp.no_extensions);
	assert_int_equal(hp.record_version, MT_SSL3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_server_preference),
		cmocka_unit_test(test_client_preference),
		cmocka_unit_test(test_refused_version),
		cmocka_unit_test(test_groups_after_suites),
		cmocka_unit_test(test_groups_ride_on_suites),
		cmocka_unit_test(test_tls13_groups_ride_on_suites),
		cmocka_unit_test(test_tls13_unoffered_group),
		cmocka_unit_test(test_known_picks),
		cmocka_unit_test(test_groups_ignored),
		cmocka_unit_test(test_tls13),
		cmocka_unit_test(test_two_suites),
		cmocka_unit_test(test_lanes_client_preference),
		cmocka_unit_test(test_lanes_server_preference),
		cmocka_unit_test(test_lanes_mimic),
		cmocka_unit_test(test_mimic_no_lanes),
		cmocka_unit_test(test_unoffered_pick),
		cmocka_unit_test(test_offer_contents),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
