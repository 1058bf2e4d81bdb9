/*
 * test_dl.c - libraries loaded on first use: what a user reads when one
 * is missing or is not the library expected.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/dl.h"

static void
test_missing_library(void **state)
{
	void (*fn)(void);
	const struct mt_dl_sym syms[] = { { "f", &fn } };
	char why[200];

	assert_false(mt_dl_load("libmailtls-no-such.so.1", syms, 1, why,
	    sizeof(why)));
	/* The name once, then the loader's reason. */
	assert_non_null(strstr(why, "cannot load libmailtls-no-such.so.1"));
	assert_null(strstr(why + 5, "libmailtls-no-such.so.1: "
	    "libmailtls-no-such.so.1"));
}

static void
test_missing_symbol(void **state)
{
	void (*fn)(void) = NULL;
	const struct mt_dl_sym syms[] = { { "mailtls_no_such_fn", &fn } };
	char why[200];

	assert_false(mt_dl_load("libz.so.1", syms, 1, why, sizeof(why)));
	assert_string_equal(why, "libz.so.1 has no mailtls_no_such_fn");
}

static void
test_loaded(void **state)
{
	const char *(*version)(void) = NULL;
	const struct mt_dl_sym syms[] = { { "zlibVersion", &version } };
	char why[200] = "";

	assert_true(mt_dl_load("libz.so.1", syms, 1, why, sizeof(why)));
	assert_non_null(version);
	assert_true(version()[0] >= '1' && version()[0] <= '9');
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_library),
		cmocka_unit_test(test_missing_symbol),
		cmocka_unit_test(test_loaded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
