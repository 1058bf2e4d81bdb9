/*
 * opts.c - option tables to getopt_long, --help text, number parsing
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "opts.h"

void
cli_opts_getopt(const struct cli_opt *o, size_t n, struct option *lo,
    char *shorts, size_t shortlen)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		lo[i].name = o[i].name;
		lo[i].has_arg = o[i].arg != NULL ? required_argument :
		    no_argument;
		lo[i].flag = NULL;
		lo[i].val = o[i].id;
		if (o[i].shortc != 0 && k + 3 < shortlen) {
			shorts[k++] = (char)o[i].shortc;
			if (o[i].arg != NULL)
				shorts[k++] = ':';
		}
	}
	memset(&lo[n], 0, sizeof(lo[n]));
	shorts[k] = '\0';
}

void
cli_opts_help(FILE *f, const char *cmd, const char *synopsis,
    const struct cli_opt *o, size_t n)
{
	char left[64];
	size_t i;

	fprintf(f, "usage: mailtls %s %s\n\noptions:\n", cmd, synopsis);
	for (i = 0; i < n; i++) {
		if (o[i].shortc != 0)
			(void)snprintf(left, sizeof(left), "-%c, --%s%s%s",
			    o[i].shortc, o[i].name, o[i].arg ? " " : "",
			    o[i].arg ? o[i].arg : "");
		else
			(void)snprintf(left, sizeof(left), "    --%s%s%s",
			    o[i].name, o[i].arg ? " " : "",
			    o[i].arg ? o[i].arg : "");
		fprintf(f, "  %-28s %s\n", left, o[i].help);
	}
}

int
cli_parse_uint(const char *s, long min, long max, long *out)
{
	long v = 0;

	if (s == NULL || *s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
		if (v > max)
			return -1;
	}
	if (v < min)
		return -1;
	*out = v;
	return 0;
}

/*
 * cli_parse_date - YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS[Z] (UTC) or +Nd from now;
 * -1 for anything else, including dates timegm() would normalise.
 */
int
cli_parse_date(const char *s, time_t *out)
{
	struct tm tm, want;
	const char *end;
	long days;

	if (s[0] == '+') {
		size_t n = strlen(s);
		char num[16];

		if (n < 3 || n - 2 >= sizeof(num) || s[n - 1] != 'd')
			return -1;
		memcpy(num, s + 1, n - 2);
		num[n - 2] = '\0';
		if (cli_parse_uint(num, 0, 36500, &days) != 0)
			return -1;
		*out = time(NULL) + days * 86400;
		return 0;
	}
	memset(&tm, 0, sizeof(tm));
	if ((end = strptime(s, "%Y-%m-%d", &tm)) == NULL)
		return -1;
	if (*end == 'T' || *end == ' ') {
		if ((end = strptime(end + 1, "%H:%M:%S", &tm)) == NULL)
			return -1;
		if (*end == 'Z')
			end++;
	}
	if (*end != '\0')
		return -1;
	want = tm;
	*out = timegm(&tm);
	/* timegm() normalises: 2026-02-30 would become March 2. */
	if (gmtime_r(out, &tm) == NULL || tm.tm_year != want.tm_year ||
	    tm.tm_mon != want.tm_mon || tm.tm_mday != want.tm_mday ||
	    tm.tm_hour != want.tm_hour || tm.tm_min != want.tm_min)
		return -1;
	return 0;
}
