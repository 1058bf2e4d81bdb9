/*
 * cbs.c - bounded byte reader
 *
 * Input is untrusted.  Every get checks the length first and leaves the
 * reader unchanged on failure.  Values are decoded by explicit shifts.
 */
#include <stdlib.h>
#include <string.h>

#include "core/cbs.h"

void
mt_cbs_init(struct mt_cbs *cbs, const uint8_t *data, size_t len)
{
	cbs->data = data;
	cbs->len = len;
	cbs->initial_len = len;
}

size_t
mt_cbs_len(const struct mt_cbs *cbs)
{
	return cbs->len;
}

const uint8_t *
mt_cbs_data(const struct mt_cbs *cbs)
{
	return cbs->data;
}

size_t
mt_cbs_offset(const struct mt_cbs *cbs)
{
	return cbs->initial_len - cbs->len;
}

bool
mt_cbs_skip(struct mt_cbs *cbs, size_t n)
{
	if (n > cbs->len)
		return false;
	cbs->data += n;
	cbs->len -= n;
	return true;
}

static bool
cbs_get_uint(struct mt_cbs *cbs, size_t n, uint32_t *out)
{
	uint32_t v = 0;
	size_t i;

	if (n > cbs->len)
		return false;
	for (i = 0; i < n; i++)
		v = (v << 8) | cbs->data[i];
	*out = v;
	return mt_cbs_skip(cbs, n);
}

bool
mt_cbs_get_u8(struct mt_cbs *cbs, uint8_t *out)
{
	uint32_t v;

	if (!cbs_get_uint(cbs, 1, &v))
		return false;
	*out = (uint8_t)v;
	return true;
}

bool
mt_cbs_get_u16(struct mt_cbs *cbs, uint16_t *out)
{
	uint32_t v;

	if (!cbs_get_uint(cbs, 2, &v))
		return false;
	*out = (uint16_t)v;
	return true;
}

bool
mt_cbs_get_u24(struct mt_cbs *cbs, uint32_t *out)
{
	return cbs_get_uint(cbs, 3, out);
}

bool
mt_cbs_get_u32(struct mt_cbs *cbs, uint32_t *out)
{
	return cbs_get_uint(cbs, 4, out);
}

bool
mt_cbs_get_bytes(struct mt_cbs *cbs, struct mt_cbs *out, size_t n)
{
	const uint8_t *p = cbs->data;

	if (!mt_cbs_skip(cbs, n))
		return false;
	mt_cbs_init(out, p, n);
	return true;
}

static bool
cbs_get_prefixed(struct mt_cbs *cbs, struct mt_cbs *out, size_t width)
{
	struct mt_cbs save = *cbs;
	uint32_t n;

	if (!cbs_get_uint(cbs, width, &n))
		return false;
	if (!mt_cbs_get_bytes(cbs, out, n)) {
		*cbs = save;
		return false;
	}
	return true;
}

bool
mt_cbs_get_u8_prefixed(struct mt_cbs *cbs, struct mt_cbs *out)
{
	return cbs_get_prefixed(cbs, out, 1);
}

bool
mt_cbs_get_u16_prefixed(struct mt_cbs *cbs, struct mt_cbs *out)
{
	return cbs_get_prefixed(cbs, out, 2);
}

bool
mt_cbs_get_u24_prefixed(struct mt_cbs *cbs, struct mt_cbs *out)
{
	return cbs_get_prefixed(cbs, out, 3);
}

bool
mt_cbs_peek_u8(const struct mt_cbs *cbs, uint8_t *out)
{
	if (cbs->len < 1)
		return false;
	*out = cbs->data[0];
	return true;
}

bool
mt_cbs_peek_u16(const struct mt_cbs *cbs, uint16_t *out)
{
	if (cbs->len < 2)
		return false;
	*out = (uint16_t)((cbs->data[0] << 8) | cbs->data[1]);
	return true;
}

bool
mt_cbs_copy(const struct mt_cbs *cbs, uint8_t *out, size_t cap,
    size_t *outlen)
{
	if (cbs->len > cap)
		return false;
	if (cbs->len > 0)
		memcpy(out, cbs->data, cbs->len);
	*outlen = cbs->len;
	return true;
}

bool
mt_cbs_strdup(const struct mt_cbs *cbs, char **out)
{
	char *s;

	if (memchr(cbs->data, '\0', cbs->len) != NULL)
		return false;
	if ((s = malloc(cbs->len + 1)) == NULL)
		return false;
	if (cbs->len > 0)
		memcpy(s, cbs->data, cbs->len);
	s[cbs->len] = '\0';
	*out = s;
	return true;
}
