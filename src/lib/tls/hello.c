/*
 * hello.c - build one ClientHello record (RFC 5246 6.2.1 and 7.4.1.2,
 * RFC 8446 4.1.2; SSLv3 per RFC 6101 5.6.1.2)
 *
 * Extensions: server_name (RFC 6066 3), supported_groups and
 * ec_point_formats (RFC 8422 5.1), signature_algorithms (RFC 8446 4.2.3),
 * supported_versions (RFC 8446 4.2.1), key_share (RFC 8446 4.2.8),
 * renegotiation_info (RFC 5746), extended_master_secret (RFC 7627),
 * session_ticket (RFC 5077).
 *
 * No I/O.  Parameters are borrowed; the record is written into the
 * caller's buffer through mt_cbb, which patches every length prefix.
 * Nothing here is untrusted input.
 */
#include <sys/random.h>

#include <string.h>

#include "core/cbs.h"
#include "core/mt_limits.h"
#include "tls/flight.h"
#include "tls/hello.h"

#define TLS_RANDOM_LEN		32
#define TLS_SESSION_ID_LEN	32
#define TLS_PLAINTEXT_MAX	16384	/* RFC 8446 5.1: 2^14 */
#define TLS_RECORD_HEADER_LEN	5
#define TLS_COMPRESSION_NULL	0
#define TLS_EC_POINT_UNCOMPRESSED 0
#define TLS_SNI_HOST_NAME	0
#define TLS_VERSION_13		0x0304
#define TLS_SNI_MAX		255
#define KEYSHARE_PUBLIC_MAX	1024	/* ffdhe8192 */

/* hello_has_tls13 - true if supported_versions lists TLS 1.3. */
static bool
hello_has_tls13(const struct mt_hello_params *p)
{
	size_t i;

	for (i = 0; i < p->nversions; i++)
		if (p->versions[i] == TLS_VERSION_13)
			return true;
	return false;
}

static bool
hello_has_extensions(const struct mt_hello_params *p)
{
	return p->sni != NULL || p->ngroups > 0 || p->ec_point_formats ||
	    p->session_ticket || p->ems || p->nsigalgs > 0 ||
	    p->nversions > 0 || p->nkey_shares > 0 || p->reneg_info;
}

static bool
hello_add_u16_list(struct mt_cbb *cbb, const uint16_t *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!mt_cbb_add_u16(cbb, v[i]))
			return false;
	return true;
}

/* hello_add_empty_ext - an extension with an empty body. */
static bool
hello_add_empty_ext(struct mt_cbb *cbb, uint16_t type)
{
	return mt_cbb_add_u16(cbb, type) && mt_cbb_add_u16(cbb, 0);
}

static bool
hello_add_sni(struct mt_cbb *cbb, const char *sni)
{
	return mt_cbb_add_u16(cbb, TLSEXT_SERVER_NAME) &&
	    mt_cbb_open_u16(cbb) &&
	    mt_cbb_open_u16(cbb) &&		/* server_name_list */
	    mt_cbb_add_u8(cbb, TLS_SNI_HOST_NAME) &&
	    mt_cbb_open_u16(cbb) &&
	    mt_cbb_add_bytes(cbb, (const uint8_t *)sni, strlen(sni)) &&
	    mt_cbb_close(cbb) &&
	    mt_cbb_close(cbb) &&
	    mt_cbb_close(cbb);
}

/* hello_add_key_share - client_shares; -1 with err on an unknown group. */
static int
hello_add_key_share(struct mt_cbb *cbb, const struct mt_hello_params *p,
    struct mt_error *err)
{
	uint8_t pub[KEYSHARE_PUBLIC_MAX];
	size_t i, publen;

	if (!mt_cbb_add_u16(cbb, TLSEXT_KEY_SHARE) ||
	    !mt_cbb_open_u16(cbb) || !mt_cbb_open_u16(cbb))
		return 0;	/* the builder has failed; reported later */
	for (i = 0; i < p->nkey_shares; i++) {
		if (mt_keyshare_public_reuse(p->key_shares[i], pub,
		    sizeof(pub), &publen) == -1) {
			mt_error_setx(err, MT_ERR_USAGE,
			    "cannot make a key share for group 0x%04x",
			    p->key_shares[i]);
			return -1;
		}
		if (!mt_cbb_add_u16(cbb, p->key_shares[i]) ||
		    !mt_cbb_open_u16(cbb) ||
		    !mt_cbb_add_bytes(cbb, pub, publen) ||
		    !mt_cbb_close(cbb))
			break;
	}
	(void)(mt_cbb_close(cbb) && mt_cbb_close(cbb));
	return 0;
}

/* hello_add_extensions - every extension asked for, in OpenSSL's order. */
static int
hello_add_extensions(struct mt_cbb *cbb, const struct mt_hello_params *p,
    struct mt_error *err)
{
	if (!mt_cbb_open_u16(cbb))
		return 0;
	if (p->sni != NULL)
		(void)hello_add_sni(cbb, p->sni);
	if (p->ec_point_formats)
		(void)(mt_cbb_add_u16(cbb, TLSEXT_EC_POINT_FORMATS) &&
		    mt_cbb_open_u16(cbb) && mt_cbb_open_u8(cbb) &&
		    mt_cbb_add_u8(cbb, TLS_EC_POINT_UNCOMPRESSED) &&
		    mt_cbb_close(cbb) && mt_cbb_close(cbb));
	if (p->ngroups > 0)
		(void)(mt_cbb_add_u16(cbb, TLSEXT_SUPPORTED_GROUPS) &&
		    mt_cbb_open_u16(cbb) && mt_cbb_open_u16(cbb) &&
		    hello_add_u16_list(cbb, p->groups, p->ngroups) &&
		    mt_cbb_close(cbb) && mt_cbb_close(cbb));
	if (p->session_ticket)
		(void)hello_add_empty_ext(cbb, TLSEXT_SESSION_TICKET);
	if (p->ems)
		(void)hello_add_empty_ext(cbb, TLSEXT_EXTENDED_MASTER_SECRET);
	if (p->nsigalgs > 0)
		(void)(mt_cbb_add_u16(cbb, TLSEXT_SIGNATURE_ALGORITHMS) &&
		    mt_cbb_open_u16(cbb) && mt_cbb_open_u16(cbb) &&
		    hello_add_u16_list(cbb, p->sigalgs, p->nsigalgs) &&
		    mt_cbb_close(cbb) && mt_cbb_close(cbb));
	if (p->nversions > 0)
		(void)(mt_cbb_add_u16(cbb, TLSEXT_SUPPORTED_VERSIONS) &&
		    mt_cbb_open_u16(cbb) && mt_cbb_open_u8(cbb) &&
		    hello_add_u16_list(cbb, p->versions, p->nversions) &&
		    mt_cbb_close(cbb) && mt_cbb_close(cbb));
	/*
	 * A TLS 1.3 hello always carries key_share, empty if need be: the
	 * server then names its group in a HelloRetryRequest instead of
	 * aborting with missing_extension.
	 */
	if ((p->nkey_shares > 0 || hello_has_tls13(p)) &&
	    hello_add_key_share(cbb, p, err) == -1)
		return -1;
	if (p->reneg_info)
		(void)(mt_cbb_add_u16(cbb, TLSEXT_RENEGOTIATION_INFO) &&
		    mt_cbb_open_u16(cbb) && mt_cbb_add_u8(cbb, 0) &&
		    mt_cbb_close(cbb));
	(void)mt_cbb_close(cbb);
	return 0;
}

int
mt_client_hello_build(const struct mt_hello_params *p, uint8_t *out,
    size_t cap, size_t *outlen, struct mt_error *err)
{
	struct mt_cbb cbb;
	uint8_t rnd[TLS_RANDOM_LEN + TLS_SESSION_ID_LEN];
	const uint8_t *random = rnd, *sid = rnd + TLS_RANDOM_LEN;
	size_t len, snilen = 0;
	int rv = -1;

	if (p->nsuites == 0 || p->suites == NULL) {
		mt_error_setx(err, MT_ERR_USAGE, "ClientHello without suites");
		return -1;
	}
	if (p->sni != NULL &&
	    ((snilen = strlen(p->sni)) == 0 || snilen > TLS_SNI_MAX)) {
		mt_error_setx(err, MT_ERR_USAGE,
		    "server name of %zu bytes (1..%d allowed)", snilen,
		    TLS_SNI_MAX);
		return -1;
	}
	/* The kernel's generator: no libcrypto start-up for the hello. */
	if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd)) {
		mt_error_set(err, MT_ERR_INTERNAL, "getrandom");
		return -1;
	}

	mt_cbb_init(&cbb, out, cap);
	(void)(mt_cbb_add_u8(&cbb, TLS_CT_HANDSHAKE) &&
	    mt_cbb_add_u16(&cbb, p->record_version) &&
	    mt_cbb_open_u16(&cbb) &&
	    mt_cbb_add_u8(&cbb, TLS_HT_CLIENT_HELLO) &&
	    mt_cbb_open_u24(&cbb) &&
	    mt_cbb_add_u16(&cbb, p->client_version) &&
	    mt_cbb_add_bytes(&cbb, random, TLS_RANDOM_LEN) &&
	    mt_cbb_open_u8(&cbb) &&
	    (!hello_has_tls13(p) ||
	    mt_cbb_add_bytes(&cbb, sid, TLS_SESSION_ID_LEN)) &&
	    mt_cbb_close(&cbb) &&
	    mt_cbb_open_u16(&cbb) &&
	    hello_add_u16_list(&cbb, p->suites, p->nsuites) &&
	    mt_cbb_close(&cbb) &&
	    mt_cbb_open_u8(&cbb) &&
	    mt_cbb_add_u8(&cbb, TLS_COMPRESSION_NULL) &&
	    mt_cbb_close(&cbb));
	if (!p->no_extensions && hello_has_extensions(p) &&
	    hello_add_extensions(&cbb, p, err) == -1)
		goto out;
	(void)(mt_cbb_close(&cbb) && mt_cbb_close(&cbb));
	if (!mt_cbb_finish(&cbb, &len)) {
		mt_error_setx(err, MT_ERR_USAGE,
		    "ClientHello with %zu suites does not fit in %zu bytes",
		    p->nsuites, cap);
		goto out;
	}
	if (len - TLS_RECORD_HEADER_LEN > TLS_PLAINTEXT_MAX) {
		mt_error_setx(err, MT_ERR_USAGE,
		    "ClientHello of %zu bytes exceeds one record",
		    len - TLS_RECORD_HEADER_LEN);
		goto out;
	}
	*outlen = len;
	rv = 0;
 out:
	return rv;
}
