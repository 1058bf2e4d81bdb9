/*
 * fuzz_tlsa.c - libFuzzer target for TLSA records (RFC 6698 2.1, 2.2)
 *
 * The input goes three ways: as wire rdata (mt_tlsa_parse, what validated
 * DNS hands over), as zone-file text (mt_tlsa_from_text, NUL-terminated
 * copy) and as a would-be DER certificate (mt_tlsa_make).  A record that
 * parses must survive mt_tlsa_format and mt_tlsa_from_text unchanged.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mailtls/dane.h"

#define MT_FUZZ_TLSA_TEXT_MAX	(5 * MT_TLSA_DATA_MAX)

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct mt_tlsa	 a, b;
static char		 text[MT_FUZZ_TLSA_TEXT_MAX + 1];
static char		 out[2 * MT_TLSA_DATA_MAX + 64];

/* roundtrip - t formatted and read back is t. */
static void
roundtrip(const struct mt_tlsa *t)
{
	struct mt_error err;
	size_t need;

	need = mt_tlsa_format(t, "_25._tcp.mx.example.test.", out,
	    sizeof(out));
	if (need >= sizeof(out) || strlen(out) != need)
		__builtin_trap();
	if (mt_tlsa_from_text(out, &b, &err) != 0 || b.usage != t->usage ||
	    b.selector != t->selector || b.mtype != t->mtype ||
	    b.len != t->len || memcmp(b.data, t->data, t->len) != 0)
		__builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mt_error err;
	size_t n;

	if (mt_tlsa_parse(data, size, &a, &err) == 0) {
		if (a.len == 0 || a.len > MT_TLSA_DATA_MAX)
			__builtin_trap();
		roundtrip(&a);
	}
	n = size < MT_FUZZ_TLSA_TEXT_MAX ? size : MT_FUZZ_TLSA_TEXT_MAX;
	memcpy(text, data, n);
	text[n] = '\0';
	if (mt_tlsa_from_text(text, &a, &err) == 0)
		roundtrip(&a);
	if (mt_tlsa_make(data, size, 3, 1, 1, &a, &err) == 0 && a.len != 32)
		__builtin_trap();
	return 0;
}
