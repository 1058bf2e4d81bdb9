/*
 * diff.c - what changes from one cipher policy to another
 *
 * Added and removed suites are plain set differences, TLS 1.3 suites
 * included.  "Moved" is the smallest set of suites that must move for the
 * suites both policies share to go from a's order to b's: the shared
 * suites outside a longest common subsequence of the two orders (found as
 * the longest increasing run of b-positions taken in a's order).  Each
 * list (SSLv3 .. TLS 1.2 and TLS 1.3) is compared on its own.
 *
 * Pure code: the policies are borrowed; the result is overwritten.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "mailtls/policy.h"

/* diff_index - position of code in list, or -1. */
static int
diff_index(const uint16_t *list, size_t n, uint16_t code)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (list[i] == code)
			return (int)i;
	return -1;
}

static void
diff_push(uint16_t *list, size_t *n, uint16_t code)
{
	if (*n < MT_POLICY_SUITES_MAX)
		list[(*n)++] = code;
}

/*
 * diff_moved - push the suites of a (shared with b) that are not on a
 * longest increasing subsequence of their b positions.
 */
static void
diff_moved(const uint16_t *a, size_t an, const uint16_t *b, size_t bn,
    struct mt_policy_diff *d)
{
	int pos[MT_POLICY_SUITES_MAX], tail[MT_POLICY_SUITES_MAX];
	int prev[MT_POLICY_SUITES_MAX];
	uint16_t code[MT_POLICY_SUITES_MAX];
	bool keep[MT_POLICY_SUITES_MAX];
	size_t i, n = 0, len = 0, lo, hi, mid;
	int j, k;

	for (i = 0; i < an && n < MT_POLICY_SUITES_MAX; i++) {
		if ((j = diff_index(b, bn, a[i])) < 0)
			continue;
		code[n] = a[i];
		pos[n++] = j;
	}
	/* Patience method: tail[l] ends the best run of length l + 1. */
	for (i = 0; i < n; i++) {
		lo = 0;
		hi = len;
		while (lo < hi) {
			mid = (lo + hi) / 2;
			if (pos[tail[mid]] < pos[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		prev[i] = lo > 0 ? tail[lo - 1] : -1;
		tail[lo] = (int)i;
		if (lo == len)
			len++;
	}
	memset(keep, 0, sizeof(keep));
	for (k = len > 0 ? tail[len - 1] : -1; k >= 0; k = prev[k])
		keep[k] = true;
	for (i = 0; i < n; i++)
		if (!keep[i])
			diff_push(d->moved, &d->nmoved, code[i]);
}

/* diff_list - added, removed and moved between two lists. */
static void
diff_list(const uint16_t *a, size_t an, const uint16_t *b, size_t bn,
    struct mt_policy_diff *d)
{
	size_t i;

	for (i = 0; i < bn; i++)
		if (diff_index(a, an, b[i]) < 0)
			diff_push(d->added, &d->nadded, b[i]);
	for (i = 0; i < an; i++)
		if (diff_index(b, bn, a[i]) < 0)
			diff_push(d->removed, &d->nremoved, a[i]);
	diff_moved(a, an, b, bn, d);
}

static size_t
diff_cap(size_t n, size_t max)
{
	return n < max ? n : max;
}

void
mt_policy_diff(const struct mt_policy *a, const struct mt_policy *b,
    struct mt_policy_diff *d)
{
	memset(d, 0, sizeof(*d));
	diff_list(a->suites, diff_cap(a->nsuites, MT_POLICY_SUITES_MAX),
	    b->suites, diff_cap(b->nsuites, MT_POLICY_SUITES_MAX), d);
	diff_list(a->tls13, diff_cap(a->ntls13, MT_POLICY_TLS13_MAX),
	    b->tls13, diff_cap(b->ntls13, MT_POLICY_TLS13_MAX), d);
	d->versions_added = (uint8_t)(b->versions & ~a->versions);
	d->versions_removed = (uint8_t)(a->versions & ~b->versions);
}
