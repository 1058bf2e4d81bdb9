/*
 * logs_test.h - what the logs unit tests (test_logs.c, test_logs_feat.c)
 * share: feeding a set of lines to a fresh aggregation, and every proper
 * prefix of each line of a case table.
 */
#ifndef MAILTLS_LOGS_TEST_H
#define MAILTLS_LOGS_TEST_H

#include <stddef.h>

#include "mailtls/logs.h"

/*
 * logs_test_feed - a new struct mt_logs (year 2026) fed lines[0..n-1];
 * the test fails if it cannot be made.  The caller frees it.
 */
struct mt_logs	*logs_test_feed(const char *const *lines, size_t n);

/*
 * logs_test_prefixes - every proper prefix of the line of each of the n
 * cases (size bytes each, the line pointer at line_off), as an exact-size
 * heap copy so ASan sees overreads, through mt_log_parse_line and one
 * struct mt_logs.  Nothing may crash; results are not checked.
 */
void		 logs_test_prefixes(const void *cases, size_t n, size_t size,
		    size_t line_off);

#endif /* MAILTLS_LOGS_TEST_H */
