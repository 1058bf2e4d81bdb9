/*
 * x509_int.h - functions shared inside src/lib/x509 (not exported)
 *
 * Certificate bytes are untrusted: they come from a server or a file.
 */
#ifndef MT_X509_INT_H
#define MT_X509_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/x509.h>

#include "mailtls/chain.h"

/*
 * mt_cert_decode - decode one DER certificate (borrowed bytes; trailing
 * bytes are an error).  Returns a new X509 the caller frees, or NULL.
 */
X509	*mt_cert_decode(const uint8_t *, size_t);

/*
 * mt_cert_info_fill - fill *info from x (borrowed) and der, len, the bytes
 * x was decoded from (they are what the fingerprint covers).
 */
void	 mt_cert_info_fill(X509 *, const uint8_t *, size_t,
	    struct mt_cert_info *);

/* mt_cert_info_unparseable - reset *info to the "(unparseable)" entry. */
void	 mt_cert_info_unparseable(struct mt_cert_info *);

/*
 * mt_cert_info_from_der - decode one DER certificate (der, len, borrowed;
 * the whole buffer must be one certificate) and fill *info with its facts.
 * Returns false, with *info reset and subject "(unparseable)", if the bytes
 * do not decode.  Leaves the OpenSSL error queue empty.
 */
bool	 mt_cert_info_from_der(const uint8_t *, size_t, struct mt_cert_info *);

#endif /* MT_X509_INT_H */
