/*
 * testutil.c - helpers the unit tests share
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "testutil.h"

uint8_t *
mt_test_read_file(const char *dir, const char *name, size_t *len,
    size_t slack)
{
	char path[1024];
	uint8_t *buf;
	FILE *f;
	long n;

	(void)snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "rb")) == NULL)
		fail_msg("cannot open %s", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	buf = malloc((size_t)n + slack);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

int
mt_test_run_table(const char *group, const void *cases, size_t ncases,
    size_t rowsize, CMUnitTestFunction run, const struct CMUnitTest *fixed,
    size_t nfixed)
{
	struct CMUnitTest *tests;
	const char *row;
	size_t i;
	int rc;

	if ((tests = calloc(ncases + nfixed, sizeof(*tests))) == NULL)
		return 1;
	for (i = 0; i < ncases; i++) {
		row = (const char *)cases + i * rowsize;
		tests[i].name = *(const char *const *)row;
		tests[i].test_func = run;
		tests[i].initial_state = (void *)row;
	}
	for (i = 0; i < nfixed; i++)
		tests[ncases + i] = fixed[i];
	rc = _cmocka_run_group_tests(group, tests, ncases + nfixed, NULL,
	    NULL);
	free(tests);
	return rc;
}
