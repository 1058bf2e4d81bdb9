/*
 * fuzz_smtp_reply.c - libFuzzer target for the SMTP reply parser
 *
 * The first two input bytes seed the chunk sizes, so the rest is fed in
 * pieces split at arbitrary points.  After each DONE or BAD the parser is
 * reset and feeding goes on with the bytes it left over.  Invariants of
 * the parser's contract are checked and abort() on violation.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/mt_limits.h"
#include "net/smtp_reply.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_check_reply(const struct mt_smtp_reply *r)
{
	size_t i;

	if (r == NULL || r->code < 200 || r->code > 599 || r->nlines == 0 ||
	    r->nlines > MT_SMTP_REPLY_LINES_MAX)
		abort();
	for (i = 0; i < r->nlines; i++)
		if (r->lines[i] == NULL ||
		    strlen(r->lines[i]) > MT_SMTP_LINE_MAX)
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mt_reply_parser *p;
	const char *in;
	size_t off = 0, n, used, len;
	uint32_t rnd;
	int st;

	if (size < 2)
		return 0;
	rnd = ((uint32_t)data[0] << 8 | data[1]) + 1;
	in = (const char *)data + 2;
	len = size - 2;
	if ((p = mt_reply_parser_new()) == NULL)
		return 0;
	while (off < len) {
		/* A small xorshift picks the next chunk size, 1..64. */
		rnd ^= rnd << 13;
		rnd ^= rnd >> 17;
		rnd ^= rnd << 5;
		n = 1 + rnd % 64;
		if (n > len - off)
			n = len - off;
		st = mt_reply_parser_feed(p, in + off, n, &used);
		if (used > n)
			abort();
		off += used;
		if (st == MT_REPLY_MORE) {
			if (used != n || mt_reply_parser_reply(p) != NULL)
				abort();
			continue;
		}
		if (st == MT_REPLY_DONE)
			fuzz_check_reply(mt_reply_parser_reply(p));
		else if (st != MT_REPLY_BAD ||
		    mt_reply_parser_error(p)[0] == '\0')
			abort();
		mt_reply_parser_reset(p);
		if (used == 0 && st == MT_REPLY_BAD)
			off++;		/* cannot happen; never loop forever */
	}
	mt_reply_parser_free(p);
	return 0;
}
