/*
 * openssl_algs.c - OpenSSL algorithm bits of a registry suite
 *
 * Purpose: OpenSSL's rule engine selects suites by bit masks (key
 * exchange, authentication, encryption, MAC), a minimum version, a
 * strength class and strength bits.  These are derived here from the
 * registry columns (data/suites.tsv: the words "openssl ciphers -v"
 * prints) by tables, so that rules also apply to suites the local
 * OpenSSL never had.
 * Sources: OpenSSL 3.0 ssl/s3_lib.c (ssl3_ciphers[]) and ssl/ssl_ciph.c;
 * FIPS and NOT_DEFAULT as the local OpenSSL 3.0.x shows them
 * (`openssl ciphers -v FIPS`, `COMPLEMENTOFDEFAULT`).
 * Trust: registry data only.  Ownership: none.
 */
#include <string.h>

#include "policy_int.h"

struct word_bits {
	const char	*word;
	uint32_t	 bits;
};

static const struct word_bits kx_words[] = {
	{ "RSA", MT_K_RSA }, { "RSA(512)", MT_K_RSA },
	{ "RSA(1024)", MT_K_RSA }, { "DH", MT_K_DHE }, { "DH(512)", MT_K_DHE },
	{ "DH(1024)", MT_K_DHE }, { "DH/RSA", MT_K_DHR },
	{ "DH/DSS", MT_K_DHD }, { "ECDH", MT_K_ECDHE },
	{ "ECDH/RSA", MT_K_ECDHR }, { "ECDH/ECDSA", MT_K_ECDHE_S },
	{ "PSK", MT_K_PSK }, { "RSAPSK", MT_K_RSAPSK },
	{ "DHEPSK", MT_K_DHEPSK }, { "ECDHEPSK", MT_K_ECDHEPSK },
	{ "SRP", MT_K_SRP }, { "GOST", MT_K_GOST }, { "GOST18", MT_K_GOST18 },
	{ "any", MT_K_ANY }, { "KRB5", MT_K_KRB5 }, { "FZA", MT_K_FZA },
	{ "ECCPWD", MT_K_ECCPWD }, { "CECPQ1", MT_K_CECPQ1 },
};

static const struct word_bits au_words[] = {
	{ "RSA", MT_A_RSA }, { "DSS", MT_A_DSS }, { "None", MT_A_NULL },
	{ "ECDSA", MT_A_ECDSA }, { "PSK", MT_A_PSK }, { "SRP", MT_A_SRP },
	{ "GOST01", MT_A_GOST01 }, { "GOST94", MT_A_GOST01 },
	{ "GOST12", MT_A_GOST12 | MT_A_GOST01 }, { "any", MT_A_ANY },
	{ "DH", MT_A_DH }, { "ECDH", MT_A_ECDH }, { "KRB5", MT_A_KRB5 },
	{ "FZA", MT_A_FZA }, { "ECCPWD", MT_A_ECCPWD },
};

static const struct word_bits mac_words[] = {
	{ "MD5", MT_M_MD5 }, { "SHA1", MT_M_SHA1 }, { "SHA256", MT_M_SHA256 },
	{ "SHA384", MT_M_SHA384 }, { "AEAD", MT_M_AEAD },
	{ "GOST94", MT_M_GOST94 }, { "GOSTR3411", MT_M_GOST94 },
	{ "GOST89IMIT", MT_M_GOST89MAC }, { "STREEBOG256", MT_M_GOST12_256 },
	{ "OMAC", MT_M_MAGMAOMAC },
};

/* Encryption: the Enc= word and, where it matters, the key bits. */
struct enc_bits {
	const char	*word;
	uint16_t	 keybits;	/* 0: any */
	uint32_t	 bits;
	uint16_t	 strength_bits;	/* 0: the registry's enc_bits */
	uint16_t	 alg_bits;	/* 0: the registry's enc_bits */
};

static const struct enc_bits enc_table[] = {
	{ "AES", 128, MT_E_AES128, 0, 0 },
	{ "AES", 256, MT_E_AES256, 0, 0 },
	{ "AESGCM", 128, MT_E_AES128GCM, 0, 0 },
	{ "AESGCM", 256, MT_E_AES256GCM, 0, 0 },
	{ "AESCCM", 128, MT_E_AES128CCM, 0, 0 },
	{ "AESCCM", 256, MT_E_AES256CCM, 0, 0 },
	{ "AESCCM8", 128, MT_E_AES128CCM8, 0, 0 },
	{ "AESCCM8", 256, MT_E_AES256CCM8, 0, 0 },
	{ "Camellia", 128, MT_E_CAM128, 0, 0 },
	{ "Camellia", 256, MT_E_CAM256, 0, 0 },
	{ "CamelliaGCM", 0, MT_E_CAMGCM, 0, 0 },
	{ "ARIAGCM", 128, MT_E_ARIA128GCM, 0, 0 },
	{ "ARIAGCM", 256, MT_E_ARIA256GCM, 0, 0 },
	{ "ARIA", 0, MT_E_ARIACBC, 0, 0 },
	{ "CHACHA20/POLY1305", 0, MT_E_CHACHA, 0, 0 },
	{ "3DES", 0, MT_E_3DES, 112, 168 },
	{ "DES", 0, MT_E_DES, 0, 56 },
	{ "RC4", 0, MT_E_RC4, 0, 128 },
	{ "RC2", 0, MT_E_RC2, 0, 128 },
	{ "IDEA", 0, MT_E_IDEA, 0, 0 },
	{ "SEED", 0, MT_E_SEED, 0, 0 },
	{ "None", 0, MT_E_NULL, 0, 0 },
	{ "GOST", 0, MT_E_GOST89, 0, 0 },
	{ "Magma", 0, MT_E_MAGMA, 0, 0 },
	{ "Kuznyechik", 0, MT_E_KUZ, 0, 0 },
	{ "MagmaMGM", 0, MT_E_MGM, 0, 0 },
	{ "KuznyechikMGM", 0, MT_E_MGM, 0, 0 },
	{ "SM4GCM", 0, MT_E_SM4, 0, 0 },
	{ "SM4CCM", 0, MT_E_SM4, 0, 0 },
	{ "AEGIS128L", 0, MT_E_AEGIS, 0, 0 },
	{ "AEGIS256", 0, MT_E_AEGIS, 0, 0 },
	{ "FZA", 0, MT_E_FZA, 0, 0 },
};

static uint32_t
algs_word(const struct word_bits *t, size_t n, const char *w)
{
	size_t	 i;

	if (w == NULL)
		return 0;
	for (i = 0; i < n; i++)
		if (strcmp(t[i].word, w) == 0)
			return t[i].bits;
	return 0;
}

static uint16_t
algs_min_tls(uint8_t versions)
{
	if (versions & MT_VBIT_SSL3)
		return MT_SSL3;
	if (versions & MT_VBIT_TLS10)
		return MT_TLS10;
	if (versions & MT_VBIT_TLS11)
		return MT_TLS11;
	if (versions & MT_VBIT_TLS12)
		return MT_TLS12;
	if (versions & MT_VBIT_TLS13)
		return MT_TLS13;
	return 0;
}

static uint8_t
algs_strength(const struct mt_suite *s, const struct mt_ossl_cipher *c)
{
	uint8_t	 st;

	switch (s->strength) {
	case MT_STRENGTH_HIGH:
		st = MT_S_HIGH;
		break;
	case MT_STRENGTH_MEDIUM:
		st = MT_S_MEDIUM;
		break;
	case MT_STRENGTH_LOW:
		st = MT_S_LOW;
		break;
	case MT_STRENGTH_EXPORT:
		st = MT_S_EXPORT;
		break;
	default:
		st = MT_S_NONE;
		break;
	}
	/* FIPS: AES (CBC, GCM) and 3DES, not with SRP (ssl3_ciphers[]). */
	if ((c->enc & (MT_E_AES128 | MT_E_AES256 | MT_E_AESGCM | MT_E_3DES)) &&
	    c->mkey != MT_K_SRP && !(s->flags & MT_SUITE_EXPORT))
		st |= MT_S_FIPS;
	/* OpenSSL 3.0 leaves anonymous, DSS, CCM, ARIA and Camellia suites
	 * out of DEFAULT (SSL_NOT_DEFAULT); eNULL ones carry no mark. */
	if (!(c->enc & MT_E_NULL) && ((c->auth & (MT_A_NULL | MT_A_DSS)) ||
	    (c->enc & (MT_E_AESCCM | MT_E_ARIA | MT_E_CAMELLIA))))
		st |= MT_S_NOT_DEFAULT;
	return st;
}

bool
mt_ossl_cipher_from_suite(const struct mt_suite *s, struct mt_ossl_cipher *c)
{
	size_t	 i;

	memset(c, 0, sizeof(*c));
	if ((s->flags & MT_SUITE_SCSV) || s->versions == 0)
		return false;
	c->code = s->code;
	c->name = s->openssl;
	c->mkey = algs_word(kx_words, sizeof(kx_words) / sizeof(kx_words[0]),
	    s->kx);
	c->auth = algs_word(au_words, sizeof(au_words) / sizeof(au_words[0]),
	    s->au);
	c->mac = algs_word(mac_words, sizeof(mac_words) / sizeof(mac_words[0]),
	    s->mac);
	c->strength_bits = s->enc_bits;
	c->alg_bits = s->enc_bits;
	for (i = 0; i < sizeof(enc_table) / sizeof(enc_table[0]); i++) {
		if (s->enc == NULL || strcmp(enc_table[i].word, s->enc) != 0)
			continue;
		if (enc_table[i].keybits != 0 &&
		    enc_table[i].keybits != s->enc_bits)
			continue;
		c->enc = enc_table[i].bits;
		if (enc_table[i].strength_bits != 0)
			c->strength_bits = enc_table[i].strength_bits;
		if (enc_table[i].alg_bits != 0)
			c->alg_bits = enc_table[i].alg_bits;
		break;
	}
	c->min_tls = algs_min_tls(s->versions);
	c->max_tls = (s->versions & MT_VBIT_TLS13) ? MT_TLS13 :
	    (s->flags & MT_SUITE_EXPORT) ? MT_TLS10 : MT_TLS12;
	c->strength = algs_strength(s, c);
	return c->min_tls != 0;
}
