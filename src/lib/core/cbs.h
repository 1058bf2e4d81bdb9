/*
 * cbs.h - bounded byte reader (mt_cbs) and fixed-capacity builder (mt_cbb)
 *
 * In the spirit of BoringSSL/LibreSSL CBS/CBB, written here.  A reader
 * borrows the caller's bytes and never reads past them; a failed get does
 * not advance.  A builder writes into a caller-supplied buffer of fixed
 * capacity and patches length prefixes itself; once a write fails the
 * builder stays failed.
 */
#ifndef MT_CBS_H
#define MT_CBS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mt_cbs {
	const uint8_t	*data;
	size_t		 len;		/* bytes left */
	size_t		 initial_len;	/* to report offsets */
};

void	 mt_cbs_init(struct mt_cbs *, const uint8_t *, size_t); /* borrows */
size_t	 mt_cbs_len(const struct mt_cbs *);
const uint8_t *mt_cbs_data(const struct mt_cbs *);
size_t	 mt_cbs_offset(const struct mt_cbs *);
bool	 mt_cbs_skip(struct mt_cbs *, size_t);
bool	 mt_cbs_get_u8(struct mt_cbs *, uint8_t *);
bool	 mt_cbs_get_u16(struct mt_cbs *, uint16_t *);	/* big-endian */
bool	 mt_cbs_get_u24(struct mt_cbs *, uint32_t *);
bool	 mt_cbs_get_u32(struct mt_cbs *, uint32_t *);
bool	 mt_cbs_get_bytes(struct mt_cbs *, struct mt_cbs *, size_t);
bool	 mt_cbs_get_u8_prefixed(struct mt_cbs *, struct mt_cbs *);
bool	 mt_cbs_get_u16_prefixed(struct mt_cbs *, struct mt_cbs *);
bool	 mt_cbs_get_u24_prefixed(struct mt_cbs *, struct mt_cbs *);
bool	 mt_cbs_peek_u8(const struct mt_cbs *, uint8_t *);
bool	 mt_cbs_peek_u16(const struct mt_cbs *, uint16_t *);
/* mt_cbs_copy - copy all bytes left into out (cap bytes); *outlen set. */
bool	 mt_cbs_copy(const struct mt_cbs *, uint8_t *, size_t, size_t *);
/* mt_cbs_strdup - malloc'd NUL-terminated copy; fails on embedded NUL. */
bool	 mt_cbs_strdup(const struct mt_cbs *, char **);

#define MT_CBB_MAX_DEPTH	8

struct mt_cbb {
	uint8_t		*buf;
	size_t		 cap;
	size_t		 len;
	bool		 failed;
	int		 depth;			/* open length prefixes */
	size_t		 pfx_off[MT_CBB_MAX_DEPTH];	/* where each prefix sits */
	uint8_t		 pfx_len[MT_CBB_MAX_DEPTH];	/* its width, 1..3 */
};

void	 mt_cbb_init(struct mt_cbb *, uint8_t *, size_t);
bool	 mt_cbb_add_u8(struct mt_cbb *, uint8_t);
bool	 mt_cbb_add_u16(struct mt_cbb *, uint16_t);
bool	 mt_cbb_add_u24(struct mt_cbb *, uint32_t);
bool	 mt_cbb_add_bytes(struct mt_cbb *, const uint8_t *, size_t);
bool	 mt_cbb_add_zeros(struct mt_cbb *, size_t);
/*
 * mt_cbb_open_u8/u16/u24 - start a length-prefixed block; close it with
 * mt_cbb_close(), which writes the length.  Blocks nest.
 */
bool	 mt_cbb_open_u8(struct mt_cbb *);
bool	 mt_cbb_open_u16(struct mt_cbb *);
bool	 mt_cbb_open_u24(struct mt_cbb *);
bool	 mt_cbb_close(struct mt_cbb *);
/* mt_cbb_finish - true if nothing failed and every block is closed. */
bool	 mt_cbb_finish(struct mt_cbb *, size_t *);
size_t	 mt_cbb_len(const struct mt_cbb *);

#endif /* MT_CBS_H */
