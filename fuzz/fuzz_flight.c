/*
 * fuzz_flight.c - libFuzzer target for the server first-flight reader
 * (flight.c, record.c)
 *
 * The first input byte chooses where the rest is split into two feeds, so
 * that short reads are explored too; then the peer "closes".  The result
 * is read field by field so that sanitizers see every certificate copy,
 * and compared with the result of one whole feed: the split must not
 * matter.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "tls/flight.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* same_result - the fields that do not own memory, and the certs. */
static int
same_result(const struct mt_server_flight *a,
    const struct mt_server_flight *b)
{
	size_t i;

	if (a->kind != b->kind || a->version != b->version ||
	    a->cipher != b->cipher || a->group != b->group ||
	    a->have_ske != b->have_ske || a->dh_bits != b->dh_bits ||
	    a->hello_done != b->hello_done || a->ncerts != b->ncerts ||
	    a->alert_desc != b->alert_desc ||
	    strcmp(a->error, b->error) != 0)
		return 0;
	for (i = 0; i < a->ncerts; i++)
		if (a->cert_len[i] != b->cert_len[i] ||
		    memcmp(a->certs[i], b->certs[i], a->cert_len[i]) != 0)
			return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const struct mt_server_flight *r;
	struct mt_flight *f, *w;
	size_t cut, i, sum = 0;

	if (len == 0)
		return 0;
	cut = data[0];
	data++;
	len--;
	if (cut > len)
		cut = len;
	if ((f = mt_flight_new()) == NULL)
		return 0;
	if (mt_flight_feed(f, data, cut) == MT_FLIGHT_MORE)
		(void)mt_flight_feed(f, data + cut, len - cut);
	r = mt_flight_eof(f);
	for (i = 0; i < r->ncerts; i++)
		if (r->cert_len[i] > 0)
			sum += r->certs[i][0] + r->certs[i][r->cert_len[i] - 1];
	if (memchr(r->error, '\0', sizeof(r->error)) == NULL)
		__builtin_trap();	/* error must be terminated */
	(void)sum;
	if ((w = mt_flight_new()) != NULL) {
		(void)mt_flight_feed(w, data, len);
		if (!same_result(r, mt_flight_eof(w)))
			__builtin_trap();	/* the split mattered */
		mt_flight_free(w);
	}
	mt_flight_free(f);
	return 0;
}
