/*
 * cbb.c - fixed-capacity byte builder with self-patching length prefixes
 *
 * The caller owns the buffer.  Nothing here allocates; a write past the
 * capacity marks the builder failed and every later call fails too.
 */
#include <string.h>

#include "core/cbs.h"

void
mt_cbb_init(struct mt_cbb *cbb, uint8_t *buf, size_t cap)
{
	memset(cbb, 0, sizeof(*cbb));
	cbb->buf = buf;
	cbb->cap = cap;
}

static bool
cbb_reserve(struct mt_cbb *cbb, size_t n, uint8_t **out)
{
	if (cbb->failed || n > cbb->cap - cbb->len) {
		cbb->failed = true;
		return false;
	}
	*out = cbb->buf + cbb->len;
	cbb->len += n;
	return true;
}

static bool
cbb_add_uint(struct mt_cbb *cbb, uint32_t v, size_t n)
{
	uint8_t *p;
	size_t i;

	if (!cbb_reserve(cbb, n, &p))
		return false;
	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
	return true;
}

bool
mt_cbb_add_u8(struct mt_cbb *cbb, uint8_t v)
{
	return cbb_add_uint(cbb, v, 1);
}

bool
mt_cbb_add_u16(struct mt_cbb *cbb, uint16_t v)
{
	return cbb_add_uint(cbb, v, 2);
}

bool
mt_cbb_add_u24(struct mt_cbb *cbb, uint32_t v)
{
	if (v > 0xffffff) {
		cbb->failed = true;
		return false;
	}
	return cbb_add_uint(cbb, v, 3);
}

bool
mt_cbb_add_bytes(struct mt_cbb *cbb, const uint8_t *data, size_t n)
{
	uint8_t *p;

	if (!cbb_reserve(cbb, n, &p))
		return false;
	if (n > 0)
		memcpy(p, data, n);
	return true;
}

bool
mt_cbb_add_zeros(struct mt_cbb *cbb, size_t n)
{
	uint8_t *p;

	if (!cbb_reserve(cbb, n, &p))
		return false;
	memset(p, 0, n);
	return true;
}

static bool
cbb_open(struct mt_cbb *cbb, uint8_t width)
{
	if (cbb->failed || cbb->depth >= MT_CBB_MAX_DEPTH) {
		cbb->failed = true;
		return false;
	}
	cbb->pfx_off[cbb->depth] = cbb->len;
	cbb->pfx_len[cbb->depth] = width;
	if (!mt_cbb_add_zeros(cbb, width))
		return false;
	cbb->depth++;
	return true;
}

bool
mt_cbb_open_u8(struct mt_cbb *cbb)
{
	return cbb_open(cbb, 1);
}

bool
mt_cbb_open_u16(struct mt_cbb *cbb)
{
	return cbb_open(cbb, 2);
}

bool
mt_cbb_open_u24(struct mt_cbb *cbb)
{
	return cbb_open(cbb, 3);
}

bool
mt_cbb_close(struct mt_cbb *cbb)
{
	size_t off, n, i;
	uint8_t w;

	if (cbb->failed || cbb->depth == 0) {
		cbb->failed = true;
		return false;
	}
	cbb->depth--;
	off = cbb->pfx_off[cbb->depth];
	w = cbb->pfx_len[cbb->depth];
	n = cbb->len - off - w;
	if (n >> (8 * w) != 0) {
		cbb->failed = true;
		return false;
	}
	for (i = 0; i < w; i++)
		cbb->buf[off + i] = (uint8_t)(n >> (8 * (w - 1 - i)));
	return true;
}

bool
mt_cbb_finish(struct mt_cbb *cbb, size_t *outlen)
{
	if (cbb->failed || cbb->depth != 0)
		return false;
	*outlen = cbb->len;
	return true;
}

size_t
mt_cbb_len(const struct mt_cbb *cbb)
{
	return cbb->len;
}
