/*
 * keyshare.c - fresh key-share public values (RFC 8446 4.2.8, RFC 7919)
 * and the default signature_algorithms list (RFC 8446 4.2.3, RFC 5246
 * 7.4.1.4.1)
 *
 * No I/O.  Keys come from libcrypto (EVP); the private half is freed
 * (OpenSSL clears key material on free) before we return: a probe never
 * finishes a TLS 1.3 handshake.  The libcrypto error queue is cleared on
 * every failure so that it is never left populated.  The probe's shares
 * come from a process-wide cache (mt_keyshare_public_reuse, locked; keys
 * are made outside the lock), which the probe's warm-up thread fills at
 * start.
 */
#include <pthread.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include "tls/hello.h"

/* Named groups (RFC 8422, RFC 7919, RFC 8446 4.2.7). */
#define TLS_GROUP_SECP256R1	0x0017
#define TLS_GROUP_SECP384R1	0x0018
#define TLS_GROUP_SECP521R1	0x0019
#define TLS_GROUP_X25519	0x001d
#define TLS_GROUP_X448		0x001e
#define TLS_GROUP_FFDHE2048	0x0100
#define TLS_GROUP_FFDHE3072	0x0101
#define TLS_GROUP_FFDHE4096	0x0102
#define TLS_GROUP_FFDHE6144	0x0103
#define TLS_GROUP_FFDHE8192	0x0104

enum keyshare_kind {
	KS_ECX = 1,
	KS_EC,
	KS_FFDHE,
};

struct keyshare_group {
	uint16_t	 code;
	int		 kind;
	const char	*name;		/* OpenSSL algorithm or group name */
	size_t		 publen;	/* wire length of the public value */
};

static const struct keyshare_group keyshare_groups[] = {
	{ TLS_GROUP_X25519,	KS_ECX,		"X25519",	32 },
	{ TLS_GROUP_X448,	KS_ECX,		"X448",		56 },
	{ TLS_GROUP_SECP256R1,	KS_EC,		"P-256",	65 },
	{ TLS_GROUP_SECP384R1,	KS_EC,		"P-384",	97 },
	{ TLS_GROUP_SECP521R1,	KS_EC,		"P-521",	133 },
	{ TLS_GROUP_FFDHE2048,	KS_FFDHE,	"ffdhe2048",	256 },
	{ TLS_GROUP_FFDHE3072,	KS_FFDHE,	"ffdhe3072",	384 },
	{ TLS_GROUP_FFDHE4096,	KS_FFDHE,	"ffdhe4096",	512 },
	{ TLS_GROUP_FFDHE6144,	KS_FFDHE,	"ffdhe6144",	768 },
	{ TLS_GROUP_FFDHE8192,	KS_FFDHE,	"ffdhe8192",	1024 },
};

/*
 * Every signature scheme a ClientHello may offer: the TLS 1.3 schemes and
 * the legacy {hash, signature} pairs, in the order posttls-finger (Postfix
 * 3.7, OpenSSL 3.0 at security level 0) sends them: 23 entries.
 */
static const uint16_t default_sigalgs[] = {
	0x0403,		/* ecdsa_secp256r1_sha256 */
	0x0503,		/* ecdsa_secp384r1_sha384 */
	0x0603,		/* ecdsa_secp521r1_sha512 */
	0x0807,		/* ed25519 */
	0x0808,		/* ed448 */
	0x0809,		/* rsa_pss_pss_sha256 */
	0x080a,		/* rsa_pss_pss_sha384 */
	0x080b,		/* rsa_pss_pss_sha512 */
	0x0804,		/* rsa_pss_rsae_sha256 */
	0x0805,		/* rsa_pss_rsae_sha384 */
	0x0806,		/* rsa_pss_rsae_sha512 */
	0x0401,		/* rsa_pkcs1_sha256 */
	0x0501,		/* rsa_pkcs1_sha384 */
	0x0601,		/* rsa_pkcs1_sha512 */
	0x0303,		/* ecdsa_sha224 */
	0x0203,		/* ecdsa_sha1 */
	0x0301,		/* rsa_pkcs1_sha224 */
	0x0201,		/* rsa_pkcs1_sha1 */
	0x0302,		/* dsa_sha224 */
	0x0202,		/* dsa_sha1 */
	0x0402,		/* dsa_sha256 */
	0x0502,		/* dsa_sha384 */
	0x0602,		/* dsa_sha512 */
};

size_t
mt_hello_default_sigalgs(uint16_t *out, size_t cap)
{
	size_t i, n = sizeof(default_sigalgs) / sizeof(default_sigalgs[0]);

	for (i = 0; i < n && i < cap; i++)
		out[i] = default_sigalgs[i];
	return i;
}

static const struct keyshare_group *
keyshare_group_find(uint16_t code)
{
	size_t i;

	for (i = 0; i < sizeof(keyshare_groups) / sizeof(keyshare_groups[0]);
	    i++)
		if (keyshare_groups[i].code == code)
			return &keyshare_groups[i];
	return NULL;
}

/* keyshare_ffdhe - generate a key in an RFC 7919 group. */
static EVP_PKEY *
keyshare_ffdhe(const char *group)
{
	EVP_PKEY_CTX *ctx;
	EVP_PKEY *pkey = NULL;
	OSSL_PARAM params[2];

	if ((ctx = EVP_PKEY_CTX_new_from_name(NULL, "DH", NULL)) == NULL)
		return NULL;
	params[0] = OSSL_PARAM_construct_utf8_string(
	    OSSL_PKEY_PARAM_GROUP_NAME, (char *)group, 0);
	params[1] = OSSL_PARAM_construct_end();
	if (EVP_PKEY_keygen_init(ctx) <= 0 ||
	    EVP_PKEY_CTX_set_params(ctx, params) <= 0 ||
	    EVP_PKEY_keygen(ctx, &pkey) <= 0)
		pkey = NULL;
	EVP_PKEY_CTX_free(ctx);
	return pkey;
}

int
mt_keyshare_public(uint16_t group, uint8_t *out, size_t cap, size_t *outlen)
{
	const struct keyshare_group *g;
	EVP_PKEY *pkey = NULL;
	BIGNUM *pub = NULL;
	size_t len;
	int rv = -1;

	if ((g = keyshare_group_find(group)) == NULL || cap < g->publen)
		return -1;
	switch (g->kind) {
	case KS_ECX:
		pkey = EVP_PKEY_Q_keygen(NULL, NULL, g->name);
		break;
	case KS_EC:
		pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", g->name);
		break;
	case KS_FFDHE:
		pkey = keyshare_ffdhe(g->name);
		break;
	}
	if (pkey == NULL)
		goto out;
	switch (g->kind) {
	case KS_ECX:
		len = cap;
		if (EVP_PKEY_get_raw_public_key(pkey, out, &len) != 1 ||
		    len != g->publen)
			goto out;
		break;
	case KS_EC:
		if (EVP_PKEY_get_octet_string_param(pkey,
		    OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, out, cap, &len) != 1 ||
		    len != g->publen)
			goto out;
		break;
	case KS_FFDHE:
		/* The public value is left-padded to the prime size. */
		if (EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_PUB_KEY,
		    &pub) != 1 ||
		    BN_bn2binpad(pub, out, (int)g->publen) != (int)g->publen)
			goto out;
		len = g->publen;
		break;
	default:
		goto out;
	}
	*outlen = len;
	rv = 0;
 out:
	BN_free(pub);
	EVP_PKEY_free(pkey);	/* clears the private key */
	if (rv != 0)
		ERR_clear_error();
	return rv;
}

/*
 * One public value per group for the whole process, made on first use:
 * a probe never finishes a handshake from its own ClientHello, so nothing
 * secret rides on the value, and generating a P-256 or FFDHE key for every
 * one of a hundred hellos was a quarter of the probe's own CPU time.
 */
static pthread_mutex_t keyshare_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	size_t		len;
	uint8_t		pub[1024];
} keyshare_cache[sizeof(keyshare_groups) / sizeof(keyshare_groups[0])];

int
mt_keyshare_public_reuse(uint16_t group, uint8_t *out, size_t cap,
    size_t *outlen)
{
	const struct keyshare_group *g;
	uint8_t fresh[sizeof(keyshare_cache[0].pub)];
	size_t i, freshlen = 0;
	bool known;
	int rv = -1;

	if ((g = keyshare_group_find(group)) == NULL || cap < g->publen)
		return -1;
	i = (size_t)(g - keyshare_groups);
	(void)pthread_mutex_lock(&keyshare_lock);
	known = keyshare_cache[i].len != 0;
	(void)pthread_mutex_unlock(&keyshare_lock);
	/*
	 * Made outside the lock, so that a thread wanting a share already
	 * made never waits for another group's key generation; when two
	 * threads make the same one at once, the first kept wins.
	 */
	if (!known && mt_keyshare_public(group, fresh, sizeof(fresh),
	    &freshlen) != 0)
		return -1;
	(void)pthread_mutex_lock(&keyshare_lock);
	if (keyshare_cache[i].len == 0 && !known) {
		memcpy(keyshare_cache[i].pub, fresh, freshlen);
		keyshare_cache[i].len = freshlen;
	}
	if (keyshare_cache[i].len != 0 && keyshare_cache[i].len <= cap) {
		memcpy(out, keyshare_cache[i].pub, keyshare_cache[i].len);
		*outlen = keyshare_cache[i].len;
		rv = 0;
	}
	(void)pthread_mutex_unlock(&keyshare_lock);
	return rv;
}
