/*
 * mtasts_match.c - does an MX host match an MTA-STS policy's mx patterns
 * (RFC 8461 4.1)
 *
 * A pattern is a host name, compared without regard to case, or
 * "*.domain", where the "*" stands for exactly one leftmost label: the
 * pattern "*.example.net" matches "mx.example.net" but neither
 * "example.net" nor "a.mx.example.net".  A trailing dot on either side is
 * ignored.  Both strings are borrowed.
 */
#include <string.h>
#include <strings.h>

#include "mailtls/sts.h"

static size_t
match_len(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && s[n - 1] == '.' ? n - 1 : n;
}

bool
mt_sts_mx_pattern_match(const char *pattern, const char *mxhost)
{
	size_t pn, hn;
	const char *dot;

	if (pattern == NULL || mxhost == NULL)
		return false;
	pn = match_len(pattern);
	hn = match_len(mxhost);
	if (pn == 0 || hn == 0)
		return false;
	if (pn >= 2 && pattern[0] == '*' && pattern[1] == '.') {
		/* The host's first label must be non-empty and be all the
		 * wildcard takes. */
		if ((dot = memchr(mxhost, '.', hn)) == NULL || dot == mxhost)
			return false;
		mxhost = dot + 1;
		hn = match_len(mxhost);
		pattern += 2;
		pn -= 2;
	}
	return pn == hn && strncasecmp(pattern, mxhost, pn) == 0;
}

bool
mt_sts_mx_match(const struct mt_sts_policy *p, const char *mxhost)
{
	size_t i;

	for (i = 0; i < p->nmx; i++)
		if (mt_sts_mx_pattern_match(p->mx[i], mxhost))
			return true;
	return false;
}
