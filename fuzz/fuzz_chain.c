/*
 * fuzz_chain.c - libFuzzer target for certificate facts (RFC 5280 DER)
 *
 * Input: up to MT_FUZZ_CHAIN_CERTS blobs, each a big-endian u16 length and
 * that many bytes of would-be DER, read with mt_cbs.  Each blob goes
 * through mt_cert_info_from_der(), the decoder and fact extraction that
 * mt_chain_analyze() runs on every certificate a server sends.  Trust
 * store loading is left out so each run stays fast.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/cbs.h"
#include "x509/x509_int.h"

#define MT_FUZZ_CHAIN_CERTS	4

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mt_cert_info info;
	struct mt_cbs in, blob;
	int i;

	mt_cbs_init(&in, data, size);
	for (i = 0; i < MT_FUZZ_CHAIN_CERTS; i++) {
		if (!mt_cbs_get_u16_prefixed(&in, &blob))
			break;
		if (mt_cert_info_from_der(mt_cbs_data(&blob),
		    mt_cbs_len(&blob), &info)) {
			/* Every string must be terminated inside its field. */
			if (memchr(info.subject, '\0',
			    sizeof(info.subject)) == NULL ||
			    memchr(info.sans, '\0', sizeof(info.sans)) == NULL)
				__builtin_trap();
		}
	}
	return 0;
}
