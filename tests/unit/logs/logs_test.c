/*
 * logs_test.c - helpers shared by the logs unit tests (logs_test.h)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "logs_test.h"

struct mt_logs *
logs_test_feed(const char *const *lines, size_t n)
{
	struct mt_logs *lg;
	size_t i;

	assert_non_null(lg = mt_logs_new(2026));
	for (i = 0; i < n; i++)
		mt_logs_feed_line(lg, lines[i], strlen(lines[i]));
	return lg;
}

void
logs_test_prefixes(const void *cases, size_t n, size_t size,
    size_t line_off)
{
	struct mt_log_event ev;
	struct mt_logs *lg;
	const char *line;
	size_t i, k, len;
	char *buf;

	assert_non_null(lg = mt_logs_new(2026));
	for (i = 0; i < n; i++) {
		memcpy(&line, (const char *)cases + i * size + line_off,
		    sizeof(line));
		len = strlen(line);
		for (k = 0; k < len; k++) {
			assert_non_null(buf = malloc(k + 1));
			memcpy(buf, line, k);
			(void)mt_log_parse_line(buf, k, 2026, &ev);
			mt_logs_feed_line(lg, buf, k);
			free(buf);
		}
	}
	(void)mt_logs_summary(lg);
	mt_logs_free(lg);
}
