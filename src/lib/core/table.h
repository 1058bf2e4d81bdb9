/*
 * table.h - memory for large tables read at random
 *
 * The peer rows of `mailtls logs` and their index, and its correlation
 * slots, are each a megabyte or more read at random places, once per
 * event.  In 4 KiB pages that is hundreds of pages: most reads then also
 * wait for a page walk (on a virtual machine, a nested one).  Tables from
 * here are aligned to 2 MiB and marked for transparent huge pages
 * (madvise(2) MADV_HUGEPAGE; a no-op where the system has none or says
 * "never").  Ownership: the caller frees with free(3).
 */
#ifndef MT_TABLE_H
#define MT_TABLE_H

#include <stddef.h>

/*
 * mt_table_alloc - n zeroed elements of size bytes; NULL on overflow or
 * without memory.  Below MT_TABLE_HUGE_MIN bytes it is calloc(3).
 */
void	*mt_table_alloc(size_t n, size_t size);
/*
 * mt_table_grow - mt_table_alloc(n, size) holding the oldn elements of
 * old, which is freed; on failure NULL and old is left as it was.
 */
void	*mt_table_grow(void *old, size_t oldn, size_t n, size_t size);

#define MT_TABLE_HUGE_MIN	(256 * 1024)

#endif /* MT_TABLE_H */
