/*
 * test_table.c - memory for large random-access tables: zeroed like
 * calloc(3) on either side of the huge-page threshold, aligned to 2 MiB
 * above it, contents kept when a table grows, overflow refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/table.h"

static void
test_zeroed(void **state)
{
	static const struct {
		size_t	 n;
		size_t	 size;
		bool	 aligned;	/* 2 MiB alignment expected */
	} cases[] = {
		{ 1, 1, false },
		{ MT_TABLE_HUGE_MIN - 1, 1, false },
		{ MT_TABLE_HUGE_MIN, 1, true },
		{ 1024, 1976, true },		/* the correlation slots */
		{ 3 * 1024 * 1024 + 7, 1, true },
	};
	unsigned char *p;
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_non_null(p = mt_table_alloc(cases[i].n, cases[i].size));
		for (j = 0; j < cases[i].n * cases[i].size; j++)
			if (p[j] != 0)
				fail_msg("case %zu: byte %zu not zero", i, j);
		if (cases[i].aligned)
			assert_int_equal((uintptr_t)p % (2 * 1024 * 1024), 0);
		memset(p, 0xa5, cases[i].n * cases[i].size);
		free(p);
	}
}

static void
test_grow(void **state)
{
	uint64_t *t, *g;
	size_t i;

	(void)state;
	/* below the threshold, then across it, then above */
	assert_non_null(t = mt_table_alloc(1000, sizeof(*t)));
	for (i = 0; i < 1000; i++)
		t[i] = i * 7 + 1;
	assert_non_null(g = mt_table_grow(t, 1000, 100000, sizeof(*g)));
	for (i = 0; i < 1000; i++)
		assert_int_equal(g[i], i * 7 + 1);
	for (i = 1000; i < 100000; i++)
		assert_int_equal(g[i], 0);
	assert_non_null(t = mt_table_grow(g, 100000, 400000, sizeof(*t)));
	assert_int_equal(t[999], 999 * 7 + 1);
	assert_int_equal(t[399999], 0);
	free(t);
	/* from nothing */
	assert_non_null(t = mt_table_grow(NULL, 0, 10, sizeof(*t)));
	assert_int_equal(t[9], 0);
	free(t);
}

static void
test_overflow(void **state)
{
	uint64_t *t;

	(void)state;
	assert_null(mt_table_alloc(SIZE_MAX / 2, 4));
	assert_null(mt_table_alloc(SIZE_MAX - 16, 1));
	/* a failed growth leaves the old table as it was */
	assert_non_null(t = mt_table_alloc(4, sizeof(*t)));
	t[3] = 42;
	assert_null(mt_table_grow(t, 4, SIZE_MAX / 4, sizeof(*t)));
	assert_int_equal(t[3], 42);
	free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zeroed),
		cmocka_unit_test(test_grow),
		cmocka_unit_test(test_overflow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
