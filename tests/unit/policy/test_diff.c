/*
 * test_diff.c - mt_policy_diff on hand-built policies
 *
 * Table-driven: a and b as code lists (SSLv3 .. TLS 1.2 and TLS 1.3) with
 * versions; the wanted added, removed and moved sets.  "Moved" is the
 * smallest set of shared suites that must move (outside a longest common
 * subsequence of the two orders), so one suite pulled to the front moves
 * one suite, not every suite behind it.
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

#define END	0

struct list {
	uint8_t		 versions;
	uint16_t	 suites[12];
	uint16_t	 tls13[4];
};

struct diff_case {
	const char	*name;
	struct list	 a, b;
	uint16_t	 want_added[8];
	uint16_t	 want_removed[8];
	uint16_t	 want_moved[8];
	uint8_t		 want_vadded, want_vremoved;
};

#define V12	MT_VBIT_TLS12
#define V13	MT_VBIT_TLS13
#define V10	MT_VBIT_TLS10
#define V11	MT_VBIT_TLS11

static const struct diff_case cases[] = {
	{ "identical",
	    { V12, { 1, 2, 3, END }, { END } },
	    { V12, { 1, 2, 3, END }, { END } },
	    { END }, { END }, { END }, 0, 0 },
	{ "empty to empty",
	    { 0, { END }, { END } },
	    { 0, { END }, { END } },
	    { END }, { END }, { END }, 0, 0 },
	{ "added at the end",
	    { V12, { 1, 2, END }, { END } },
	    { V12, { 1, 2, 3, END }, { END } },
	    { 3, END }, { END }, { END }, 0, 0 },
	{ "removed in the middle",
	    { V12, { 1, 2, 3, END }, { END } },
	    { V12, { 1, 3, END }, { END } },
	    { END }, { 2, END }, { END }, 0, 0 },
	{ "one pulled to the front moves one",
	    { V12, { 1, 2, 3, 4, END }, { END } },
	    { V12, { 4, 1, 2, 3, END }, { END } },
	    { END }, { END }, { 4, END }, 0, 0 },
	{ "swap of two",
	    { V12, { 1, 2, 3, END }, { END } },
	    { V12, { 2, 1, 3, END }, { END } },
	    { END }, { END }, { 1, END }, 0, 0 },
	{ "reversed",
	    { V12, { 1, 2, 3, END }, { END } },
	    { V12, { 3, 2, 1, END }, { END } },
	    { END }, { END }, { 1, 2, END }, 0, 0 },
	{ "insert before is not a move",
	    { V12, { 1, 2, END }, { END } },
	    { V12, { 9, 1, 2, END }, { END } },
	    { 9, END }, { END }, { END }, 0, 0 },
	{ "versions",
	    { V10 | V11 | V12, { 1, END }, { END } },
	    { V12 | V13, { 1, END }, { END } },
	    { END }, { END }, { END }, V13, V10 | V11 },
	{ "TLS 1.3 suites are included",
	    { V12 | V13, { 1, END }, { 0x1301, 0x1302, END } },
	    { V12 | V13, { 1, END }, { 0x1302, 0x1303, END } },
	    { 0x1303, END }, { 0x1301, END }, { END }, 0, 0 },
	{ "TLS 1.3 order",
	    { V13, { END }, { 0x1301, 0x1302, 0x1303, END } },
	    { V13, { END }, { 0x1303, 0x1301, 0x1302, END } },
	    { END }, { END }, { 0x1303, END }, 0, 0 },
};

static void
list_fill(struct mt_policy *p, const struct list *l)
{
	size_t i;

	memset(p, 0, sizeof(*p));
	p->versions = l->versions;
	for (i = 0; i < 12 && l->suites[i] != END; i++)
		p->suites[p->nsuites++] = l->suites[i];
	for (i = 0; i < 4 && l->tls13[i] != END; i++)
		p->tls13[p->ntls13++] = l->tls13[i];
}

/* check_set - got (n) equals want (0-terminated) as sets. */
static void
check_set(const char *name, const char *what, const uint16_t *got,
    size_t n, const uint16_t *want)
{
	size_t i, k, nw = 0;

	while (nw < 8 && want[nw] != END)
		nw++;
	if (n != nw)
		fail_msg("%s: %zu %s, want %zu", name, n, what, nw);
	for (i = 0; i < nw; i++) {
		for (k = 0; k < n; k++)
			if (got[k] == want[i])
				break;
		if (k == n)
			fail_msg("%s: %s lacks 0x%04x", name, what, want[i]);
	}
}

static void
test_diff_table(void **state)
{
	struct mt_policy *a, *b;
	struct mt_policy_diff *d;
	size_t i;

	(void)state;
	a = calloc(1, sizeof(*a));
	b = calloc(1, sizeof(*b));
	d = calloc(1, sizeof(*d));
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(d);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		list_fill(a, &cases[i].a);
		list_fill(b, &cases[i].b);
		mt_policy_diff(a, b, d);
		check_set(cases[i].name, "added", d->added, d->nadded,
		    cases[i].want_added);
		check_set(cases[i].name, "removed", d->removed, d->nremoved,
		    cases[i].want_removed);
		check_set(cases[i].name, "moved", d->moved, d->nmoved,
		    cases[i].want_moved);
		if (d->versions_added != cases[i].want_vadded ||
		    d->versions_removed != cases[i].want_vremoved)
			fail_msg("%s: versions +0x%02x -0x%02x, want +0x%02x "
			    "-0x%02x", cases[i].name, d->versions_added,
			    d->versions_removed, cases[i].want_vadded,
			    cases[i].want_vremoved);
	}
	free(a);
	free(b);
	free(d);
}

/* Full lists: 512 suites reversed move 511, and nothing overflows. */
static void
test_diff_full(void **state)
{
	struct mt_policy *a, *b;
	struct mt_policy_diff *d;
	size_t i;

	(void)state;
	a = calloc(1, sizeof(*a));
	b = calloc(1, sizeof(*b));
	d = calloc(1, sizeof(*d));
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(d);
	a->nsuites = b->nsuites = MT_POLICY_SUITES_MAX;
	for (i = 0; i < MT_POLICY_SUITES_MAX; i++) {
		a->suites[i] = (uint16_t)(i + 1);
		b->suites[i] = (uint16_t)(MT_POLICY_SUITES_MAX - i);
	}
	mt_policy_diff(a, b, d);
	assert_int_equal(d->nadded, 0);
	assert_int_equal(d->nremoved, 0);
	assert_int_equal(d->nmoved, MT_POLICY_SUITES_MAX - 1);
	/* A count beyond the array is capped, not trusted. */
	a->nsuites = MT_POLICY_SUITES_MAX + 100;
	mt_policy_diff(a, b, d);
	assert_int_equal(d->nremoved, 0);
	free(a);
	free(b);
	free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_diff_table),
		cmocka_unit_test(test_diff_full),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
