/*
 * table.c - memory for large tables read at random (see table.h)
 *
 * Trust: sizes come from the library's own counts; overflow is checked.
 */
#include <sys/mman.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/table.h"

#define TABLE_PAGE	(2UL * 1024 * 1024)

void *
mt_table_alloc(size_t n, size_t size)
{
	size_t bytes, rounded;
	void *p;

	if (size != 0 && n > SIZE_MAX / size)
		return NULL;
	bytes = n * size;
	if (bytes < MT_TABLE_HUGE_MIN)
		return calloc(n, size);
	if (bytes > SIZE_MAX - TABLE_PAGE)
		return NULL;
	rounded = (bytes + TABLE_PAGE - 1) & ~(TABLE_PAGE - 1);
	if (posix_memalign(&p, TABLE_PAGE, rounded) != 0)
		return NULL;
#if defined(MADV_HUGEPAGE)
	/* Advice before the first touch: the zeroing then faults huge. */
	(void)madvise(p, rounded, MADV_HUGEPAGE);
#endif
	memset(p, 0, bytes);
	return p;
}

void *
mt_table_grow(void *old, size_t oldn, size_t n, size_t size)
{
	void *p;

	if ((p = mt_table_alloc(n, size)) == NULL)
		return NULL;
	if (old != NULL && oldn > 0)
		memcpy(p, old, (oldn < n ? oldn : n) * size);
	free(old);
	return p;
}
