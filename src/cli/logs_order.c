/*
 * logs_order.c - put the files of rotated log sets in time order
 *
 * `mailtls logs /var/log/maillog*` names a set newest first (maillog,
 * maillog.1, maillog.2.gz), but correlation, "worked after a failure" and
 * "plaintext after a failure" need the lines oldest first.  Files whose
 * names share a base once ".gz" (the compression the reader reads) and a
 * rotation suffix (.N, -YYYYMMDD) are taken off form a set; within a set
 * the highest number comes first, then dates in ascending order, then the
 * live file.  Sets keep the order of their first file; "-" and files of no
 * set stay where they were given.  Only names are compared: no file is
 * opened here.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "logs_order.h"

struct order_key {
	char		*path;
	size_t		 baselen;	/* name without rotation/compression */
	int		 kind;		/* 0 live, 1 dated, 2 numbered */
	unsigned long	 num;		/* the .N, or the date as YYYYMMDD */
	size_t		 given;		/* position on the command line */
	size_t		 set;		/* position of the set's first file */
};

static bool
order_digits(const char *s, size_t n, unsigned long *v)
{
	size_t i;

	if (n == 0 || n > 9)
		return false;
	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (unsigned long)(s[i] - '0');
	}
	return true;
}

/* order_parse - the base length and rotation of one path. */
static void
order_parse(char *path, struct order_key *k)
{
	static const char *const comp[] = { ".gz" };
	size_t n = strlen(path), i, l;
	unsigned long v;

	k->path = path;
	k->kind = 0;
	k->num = 0;
	for (i = 0; i < sizeof(comp) / sizeof(comp[0]); i++) {
		l = strlen(comp[i]);
		if (n > l && strcmp(path + n - l, comp[i]) == 0) {
			n -= l;
			break;
		}
	}
	/* ".N" */
	for (i = n; i > 0 && path[i - 1] >= '0' && path[i - 1] <= '9'; i--)
		continue;
	if (i > 1 && i < n && path[i - 1] == '.' &&
	    order_digits(path + i, n - i, &v) && n - i <= 4) {
		k->kind = 2;
		k->num = v;
		n = i - 1;
	} else if (i > 1 && n - i == 8 && (path[i - 1] == '-' ||
	    path[i - 1] == '.') && order_digits(path + i, 8, &v)) {
		k->kind = 1;		/* "-YYYYMMDD" (logrotate dateext) */
		k->num = v;
		n = i - 1;
	}
	k->baselen = n;
}

static bool
order_same_set(const struct order_key *a, const struct order_key *b)
{
	return a->baselen == b->baselen &&
	    strncmp(a->path, b->path, a->baselen) == 0;
}

static int
order_cmp(const void *x, const void *y)
{
	const struct order_key *a = x, *b = y;
	int ra, rb;

	if (a->set != b->set)
		return a->set < b->set ? -1 : 1;
	/* within a set: numbered (highest first), dated, live */
	ra = a->kind == 2 ? 0 : a->kind == 1 ? 1 : 2;
	rb = b->kind == 2 ? 0 : b->kind == 1 ? 1 : 2;
	if (ra != rb)
		return ra < rb ? -1 : 1;
	if (a->num != b->num) {
		if (a->kind == 2)
			return a->num > b->num ? -1 : 1;
		return a->num < b->num ? -1 : 1;
	}
	return a->given < b->given ? -1 : a->given > b->given;
}

int
logs_order_files(char *paths[], size_t n)
{
	struct order_key *k;
	size_t i, j;

	if (n < 2)
		return 0;
	if ((k = calloc(n, sizeof(*k))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		order_parse(paths[i], &k[i]);
		k[i].given = i;
		k[i].set = i;
		if (strcmp(paths[i], "-") == 0)
			continue;
		for (j = 0; j < i; j++)
			if (strcmp(paths[j], "-") != 0 &&
			    order_same_set(&k[i], &k[j])) {
				k[i].set = k[j].set;
				break;
			}
	}
	qsort(k, n, sizeof(*k), order_cmp);
	for (i = 0; i < n; i++)
		paths[i] = k[i].path;
	free(k);
	return 0;
}
