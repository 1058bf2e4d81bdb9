/*
 * cert.c - facts about one X.509 certificate (RFC 5280): names, SANs,
 * validity, key, signature algorithm, fingerprints
 *
 * Input is untrusted DER from a server or a file; libcrypto decodes it
 * (d2i_X509) and every string taken from it is copied into a fixed buffer
 * of struct mt_cert_info, truncated, with bytes outside printable ASCII
 * escaped.  Nothing here allocates memory that outlives a call.
 */
#include <arpa/inet.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "x509/x509_int.h"

/* A bounded string being appended to; it stays NUL-terminated. */
struct cert_str {
	char	*buf;
	size_t	 size;
	size_t	 len;
	bool	 full;
};

static void
cert_str_init(struct cert_str *s, char *buf, size_t size)
{
	s->buf = buf;
	s->size = size;
	s->len = 0;
	s->full = false;
	if (size > 0)
		buf[0] = '\0';
}

/* cert_str_room - true if n more bytes fit (with the NUL). */
static bool
cert_str_room(const struct cert_str *s, size_t n)
{
	return !s->full && s->size > 0 && n < s->size - s->len;
}

/*
 * cert_str_add - append n bytes, escaping non-printable ones as \xHH;
 * stops at the first byte that does not fit (false, and s stays full).
 */
static bool
cert_str_add(struct cert_str *s, const unsigned char *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] >= 0x20 && p[i] < 0x7f) {
			if (!cert_str_room(s, 1))
				break;
			s->buf[s->len++] = (char)p[i];
			continue;
		}
		if (!cert_str_room(s, 4))
			break;
		s->buf[s->len++] = '\\';
		s->buf[s->len++] = 'x';
		s->buf[s->len++] = hex[p[i] >> 4];
		s->buf[s->len++] = hex[p[i] & 0x0f];
	}
	if (s->size > 0)
		s->buf[s->len] = '\0';
	if (i < n)
		s->full = true;
	return i == n;
}

static bool
cert_str_adds(struct cert_str *s, const char *str)
{
	return cert_str_add(s, (const unsigned char *)str, strlen(str));
}

/* cert_copy - copy a NUL-terminated string into dst, truncating. */
static void
cert_copy(char *dst, size_t size, const char *src)
{
	size_t n;

	if (size == 0)
		return;
	n = strlen(src);
	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static void
cert_hex(char *dst, size_t size, const unsigned char *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	if (size == 0)
		return;
	for (i = 0; i < n && 2 * i + 2 < size; i++) {
		dst[2 * i] = hex[p[i] >> 4];
		dst[2 * i + 1] = hex[p[i] & 0x0f];
	}
	dst[2 * i] = '\0';
}

/* cert_name - one-line RFC 2253 form of name into dst. */
static void
cert_name(const X509_NAME *name, char *dst, size_t size)
{
	struct cert_str s;
	BIO *bio;
	char *p;
	long n;

	cert_str_init(&s, dst, size);
	if (name == NULL || (bio = BIO_new(BIO_s_mem())) == NULL)
		return;
	if (X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253) >= 0 &&
	    (n = BIO_get_mem_data(bio, &p)) > 0)
		(void)cert_str_add(&s, (const unsigned char *)p, (size_t)n);
	BIO_free(bio);
}

/* cert_san_one - append one GeneralName as "DNS:x" or "IP:x". */
static void
cert_san_one(struct cert_str *s, const GENERAL_NAME *gen)
{
	const ASN1_STRING *str;
	const char *prefix;
	char ip[INET6_ADDRSTRLEN];
	int af;

	switch (gen->type) {
	case GEN_DNS:
		prefix = "DNS:";
		str = gen->d.dNSName;
		break;
	case GEN_EMAIL:
		prefix = "email:";
		str = gen->d.rfc822Name;
		break;
	case GEN_URI:
		prefix = "URI:";
		str = gen->d.uniformResourceIdentifier;
		break;
	case GEN_IPADD:
		str = gen->d.iPAddress;
		af = ASN1_STRING_length(str) == 4 ? AF_INET :
		    ASN1_STRING_length(str) == 16 ? AF_INET6 : -1;
		if (s->len > 0)
			(void)cert_str_adds(s, ", ");
		if (af == -1 || inet_ntop(af, ASN1_STRING_get0_data(str), ip,
		    sizeof(ip)) == NULL)
			(void)cert_str_adds(s, "IP:<invalid>");
		else {
			(void)cert_str_adds(s, "IP:");
			(void)cert_str_adds(s, ip);
		}
		return;
	default:
		return;
	}
	if (s->len > 0)
		(void)cert_str_adds(s, ", ");
	(void)cert_str_adds(s, prefix);
	(void)cert_str_add(s, ASN1_STRING_get0_data(str),
	    (size_t)ASN1_STRING_length(str));
}

static void
cert_sans(X509 *x, char *dst, size_t size)
{
	GENERAL_NAMES *gens;
	struct cert_str s;
	int i;

	cert_str_init(&s, dst, size);
	gens = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
	if (gens == NULL)
		return;
	for (i = 0; i < sk_GENERAL_NAME_num(gens) && !s.full; i++)
		cert_san_one(&s, sk_GENERAL_NAME_value(gens, i));
	GENERAL_NAMES_free(gens);
}

static void
cert_serial(X509 *x, char *dst, size_t size)
{
	BIGNUM *bn;
	char *hex, *p;

	dst[0] = '\0';
	if ((bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL)) ==
	    NULL)
		return;
	if ((hex = BN_bn2hex(bn)) != NULL) {
		for (p = hex; *p != '\0'; p++)
			if (*p >= 'A' && *p <= 'F')
				*p = (char)(*p - 'A' + 'a');
		cert_copy(dst, size, hex);
		OPENSSL_free(hex);
	}
	BN_free(bn);
}

/* cert_time - an ASN1_TIME as time_t, or 0 if it does not convert. */
static time_t
cert_time(const ASN1_TIME *t)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1)
		return 0;
	return timegm(&tm);
}

static void
cert_key(X509 *x, struct mt_cert_info *info)
{
	EVP_PKEY *pk;
	size_t len;
	int id;

	if ((pk = X509_get0_pubkey(x)) == NULL) {
		cert_copy(info->key_type, sizeof(info->key_type), "unknown");
		return;
	}
	info->key_bits = EVP_PKEY_get_bits(pk);
	switch ((id = EVP_PKEY_get_base_id(pk))) {
	case EVP_PKEY_RSA:
		cert_copy(info->key_type, sizeof(info->key_type), "RSA");
		break;
	case EVP_PKEY_RSA_PSS:
		cert_copy(info->key_type, sizeof(info->key_type), "RSA-PSS");
		break;
	case EVP_PKEY_DSA:
		cert_copy(info->key_type, sizeof(info->key_type), "DSA");
		break;
	case EVP_PKEY_EC:
		cert_copy(info->key_type, sizeof(info->key_type), "EC");
		if (EVP_PKEY_get_utf8_string_param(pk,
		    OSSL_PKEY_PARAM_GROUP_NAME, info->curve,
		    sizeof(info->curve), &len) != 1)
			info->curve[0] = '\0';
		break;
	case EVP_PKEY_ED25519:
		cert_copy(info->key_type, sizeof(info->key_type), "Ed25519");
		break;
	case EVP_PKEY_ED448:
		cert_copy(info->key_type, sizeof(info->key_type), "Ed448");
		break;
	default:
		cert_copy(info->key_type, sizeof(info->key_type),
		    id != NID_undef && OBJ_nid2sn(id) != NULL ?
		    OBJ_nid2sn(id) : "unknown");
		break;
	}
}

static void
cert_sig_alg(X509 *x, char *dst, size_t size)
{
	const X509_ALGOR *alg;
	const ASN1_OBJECT *obj;
	const char *ln;
	int nid;

	dst[0] = '\0';
	nid = X509_get_signature_nid(x);
	if (nid != NID_undef && (ln = OBJ_nid2ln(nid)) != NULL) {
		cert_copy(dst, size, ln);
		return;
	}
	X509_get0_signature(NULL, &alg, x);
	if (alg == NULL)
		return;
	X509_ALGOR_get0(&obj, NULL, NULL, alg);
	if (obj == NULL || OBJ_obj2txt(dst, (int)size, obj, 1) <= 0)
		dst[0] = '\0';
}

static void
cert_spki_sha256(X509 *x, char *dst, size_t size)
{
	unsigned char md[EVP_MAX_MD_SIZE], *der = NULL;
	unsigned int mdlen;
	int n;

	dst[0] = '\0';
	n = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(x), &der);
	if (n > 0 && EVP_Digest(der, (size_t)n, md, &mdlen, EVP_sha256(),
	    NULL) == 1)
		cert_hex(dst, size, md, mdlen);
	OPENSSL_free(der);
}

X509 *
mt_cert_decode(const uint8_t *der, size_t len)
{
	const unsigned char *p = der;
	X509 *x;

	if (der == NULL || len == 0 || len > LONG_MAX)
		return NULL;
	if ((x = d2i_X509(NULL, &p, (long)len)) == NULL)
		return NULL;
	if (p != der + len) {
		X509_free(x);
		return NULL;
	}
	return x;
}

void
mt_cert_info_unparseable(struct mt_cert_info *info)
{
	memset(info, 0, sizeof(*info));
	cert_copy(info->subject, sizeof(info->subject), "(unparseable)");
}

void
mt_cert_info_fill(X509 *x, const uint8_t *der, size_t len,
    struct mt_cert_info *info)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen;

	memset(info, 0, sizeof(*info));
	cert_name(X509_get_subject_name(x), info->subject,
	    sizeof(info->subject));
	cert_name(X509_get_issuer_name(x), info->issuer, sizeof(info->issuer));
	cert_sans(x, info->sans, sizeof(info->sans));
	cert_serial(x, info->serial, sizeof(info->serial));
	info->not_before = cert_time(X509_get0_notBefore(x));
	info->not_after = cert_time(X509_get0_notAfter(x));
	cert_key(x, info);
	cert_sig_alg(x, info->sig_alg, sizeof(info->sig_alg));
	info->is_ca = (X509_get_extension_flags(x) & EXFLAG_CA) != 0;
	info->self_signed = X509_self_signed(x, 1) == 1;
	if (EVP_Digest(der, len, md, &mdlen, EVP_sha256(), NULL) == 1)
		cert_hex(info->sha256, sizeof(info->sha256), md, mdlen);
	cert_spki_sha256(x, info->spki_sha256, sizeof(info->spki_sha256));
}

bool
mt_cert_info_from_der(const uint8_t *der, size_t len,
    struct mt_cert_info *info)
{
	X509 *x;

	if ((x = mt_cert_decode(der, len)) == NULL) {
		mt_cert_info_unparseable(info);
		ERR_clear_error();
		return false;
	}
	mt_cert_info_fill(x, der, len, info);
	X509_free(x);
	ERR_clear_error();
	return true;
}
