/*
 * testutil.h - helpers the unit tests share (not part of libmailtls)
 *
 * Include after <cmocka.h>.
 */
#ifndef MT_TESTUTIL_H
#define MT_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>

/*
 * mt_test_read_file - dir/name whole into a malloc'd buffer with slack
 * spare bytes after it; fails the running test if it cannot.
 */
uint8_t	*mt_test_read_file(const char *dir, const char *name, size_t *len,
	    size_t slack);

/*
 * mt_test_run_table - run one test per row of a case table (each row
 * starts with its name, a const char *) with run, then the fixed tests;
 * returns cmocka's result.
 */
int	 mt_test_run_table(const char *group, const void *cases, size_t ncases,
	    size_t rowsize, CMUnitTestFunction run,
	    const struct CMUnitTest *fixed, size_t nfixed);

#endif /* MT_TESTUTIL_H */
