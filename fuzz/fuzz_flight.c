/*
 * fuzz_flight.c - libFuzzer target for the server first-flight reader
 * (flight.c, record.c)
 *
 * The first input byte chooses where the rest is split into two feeds, so
 * that short reads are explored too; then the peer "closes".  The result
 * is read field by field so that sanitizers see every certificate copy.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "tls/flight.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const struct mt_server_flight *r;
	struct mt_flight *f;
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
	mt_flight_free(f);
	return 0;
}
