/*
 * dialect.c - what each OpenSSL-family library knows: suites, aliases,
 * DEFAULT, TLS 1.3 defaults, security level and versions
 *
 * Purpose: the per-library tables of the cipher-string engine
 * (cipherstr.c).  Suites come from the registry; a dialect says which
 * of them the library has and in which raw order its rule engine starts.
 * Sources (see docs/internals/policy.md):
 *  - OpenSSL 3.0 ssl/ssl_ciph.c cipher_aliases[], OSSL_default_cipher_list
 *    ("ALL:!COMPLEMENTOFDEFAULT:!eNULL"), OSSL_default_ciphersuites; the
 *    suite set is the registry's `openssl` flag (Debian 12's 3.0 build);
 *    the base order is `openssl ciphers -V 'ALL:COMPLEMENTOFALL:
 *    @SECLEVEL=0'` of that build (ssl3_ciphers[] after the initial sort).
 *  - OpenSSL 1.1.1: the 3.0 set plus the 3DES suites (removed from the
 *    Debian 3.0 build); same aliases and defaults.
 *  - OpenSSL 1.0.2: SSL_DEFAULT_CIPHER_LIST "ALL:!EXPORT:!LOW:!aNULL:
 *    !eNULL:!SSLv2"; export, RC4, DES, SEED, IDEA, static DH/ECDH; no
 *    CCM, ARIA, ChaCha20, no PSK other than plain PSK, no TLS 1.3, no
 *    security levels; aliases EXP/EXPORT/EXPORT40/EXPORT56, kDHr, kECDHe.
 *  - LibreSSL 3.x ssl_ciph.c: TLS 1.3 suites in the cipher string
 *    (AEAD-AES256-GCM-SHA384 ...), the AEAD and TLSv1.3 aliases, no CCM,
 *    ARIA, PSK, SRP, export or DES; DEFAULT "ALL:!aNULL:!eNULL".
 * Trust: our tables.  Ownership: static, built once (pthread_once).
 */
#include <pthread.h>
#include <string.h>

#include "policy_int.h"

#define L30	(1u << MT_LIB_OPENSSL_3_0)
#define L111	(1u << MT_LIB_OPENSSL_1_1_1)
#define L102	(1u << MT_LIB_OPENSSL_1_0_2)
#define LLS	(1u << MT_LIB_LIBRESSL_3)
#define LNEW	(L30 | L111)
#define LALL	(L30 | L111 | L102 | LLS)

#define K_ECDH_102	(MT_K_ECDHE | MT_K_ECDHR | MT_K_ECDHE_S)
#define K_DH_102	(MT_K_DHE | MT_K_DHR | MT_K_DHD)

/* cipher_aliases[] of each library (name, mkey, auth, enc, mac,
 * min_tls, strength, libs). */
static const struct mt_ossl_alias alias_table[] = {
	{ "ALL", 0, 0, ~MT_E_NULL, 0, 0, 0, LALL },
	{ "COMPLEMENTOFALL", 0, 0, MT_E_NULL, 0, 0, 0, LALL },
	{ "COMPLEMENTOFDEFAULT", 0, 0, 0, 0, 0, MT_S_NOT_DEFAULT, LNEW },
	{ "COMPLEMENTOFDEFAULT", MT_K_DHE | MT_K_ECDHE, MT_A_NULL, ~MT_E_NULL,
	    0, 0, 0, L102 | LLS },
	{ "kRSA", MT_K_RSA, 0, 0, 0, 0, 0, LALL },
	{ "kEDH", MT_K_DHE, 0, 0, 0, 0, 0, LALL },
	{ "kDHE", MT_K_DHE, 0, 0, 0, 0, 0, LALL },
	{ "DH", MT_K_DHE, 0, 0, 0, 0, 0, LNEW | LLS },
	{ "DH", K_DH_102, 0, 0, 0, 0, 0, L102 },
	{ "kDHr", MT_K_DHR, 0, 0, 0, 0, 0, L102 },
	{ "kDHd", MT_K_DHD, 0, 0, 0, 0, 0, L102 },
	{ "kDH", MT_K_DHR | MT_K_DHD, 0, 0, 0, 0, 0, L102 },
	{ "kEECDH", MT_K_ECDHE, 0, 0, 0, 0, 0, LALL },
	{ "kECDHE", MT_K_ECDHE, 0, 0, 0, 0, 0, LALL },
	{ "ECDH", MT_K_ECDHE, 0, 0, 0, 0, 0, LNEW | LLS },
	{ "ECDH", K_ECDH_102, 0, 0, 0, 0, 0, L102 },
	{ "kECDHr", MT_K_ECDHR, 0, 0, 0, 0, 0, L102 },
	{ "kECDHe", MT_K_ECDHE_S, 0, 0, 0, 0, 0, L102 },
	{ "kECDH", MT_K_ECDHR | MT_K_ECDHE_S, 0, 0, 0, 0, 0, L102 },
	{ "kPSK", MT_K_PSK, 0, 0, 0, 0, 0, LNEW | L102 },
	{ "kRSAPSK", MT_K_RSAPSK, 0, 0, 0, 0, 0, LNEW },
	{ "kECDHEPSK", MT_K_ECDHEPSK, 0, 0, 0, 0, 0, LNEW },
	{ "kDHEPSK", MT_K_DHEPSK, 0, 0, 0, 0, 0, LNEW },
	{ "kSRP", MT_K_SRP, 0, 0, 0, 0, 0, LNEW | L102 },
	{ "kGOST", MT_K_GOST, 0, 0, 0, 0, 0, LLS },
	{ "kKRB5", MT_K_KRB5, 0, 0, 0, 0, 0, L102 },
	{ "aRSA", 0, MT_A_RSA, 0, 0, 0, 0, LALL },
	{ "aDSS", 0, MT_A_DSS, 0, 0, 0, 0, LALL },
	{ "DSS", 0, MT_A_DSS, 0, 0, 0, 0, LALL },
	{ "aNULL", 0, MT_A_NULL, 0, 0, 0, 0, LALL },
	{ "aECDSA", 0, MT_A_ECDSA, 0, 0, 0, 0, LALL },
	{ "ECDSA", 0, MT_A_ECDSA, 0, 0, 0, 0, LALL },
	{ "aPSK", 0, MT_A_PSK, 0, 0, 0, 0, LNEW | L102 },
	{ "aSRP", 0, MT_A_SRP, 0, 0, 0, 0, LNEW | L102 },
	{ "aDH", 0, MT_A_DH, 0, 0, 0, 0, L102 },
	{ "aECDH", 0, MT_A_ECDH, 0, 0, 0, 0, L102 },
	{ "aKRB5", 0, MT_A_KRB5, 0, 0, 0, 0, L102 },
	{ "aGOST01", 0, MT_A_GOST01, 0, 0, 0, 0, LLS },
	{ "aGOST", 0, MT_A_GOST01 | MT_A_GOST12, 0, 0, 0, 0, LLS },
	{ "EDH", MT_K_DHE, ~MT_A_NULL, 0, 0, 0, 0, LALL },
	{ "DHE", MT_K_DHE, ~MT_A_NULL, 0, 0, 0, 0, LALL },
	{ "EECDH", MT_K_ECDHE, ~MT_A_NULL, 0, 0, 0, 0, LALL },
	{ "ECDHE", MT_K_ECDHE, ~MT_A_NULL, 0, 0, 0, 0, LALL },
	{ "NULL", 0, 0, MT_E_NULL, 0, 0, 0, LALL },
	{ "KRB5", MT_K_KRB5, MT_A_KRB5, 0, 0, 0, 0, L102 },
	{ "RSA", MT_K_RSA, MT_A_RSA, 0, 0, 0, 0, LALL },
	{ "ADH", MT_K_DHE, MT_A_NULL, 0, 0, 0, 0, LALL },
	{ "AECDH", MT_K_ECDHE, MT_A_NULL, 0, 0, 0, 0, LALL },
	{ "PSK", MT_K_PSK_ALL, 0, 0, 0, 0, 0, LNEW },
	{ "PSK", MT_K_PSK, MT_A_PSK, 0, 0, 0, 0, L102 },
	{ "SRP", MT_K_SRP, 0, 0, 0, 0, 0, LNEW | L102 },
	{ "3DES", 0, 0, MT_E_3DES, 0, 0, 0, LALL },
	{ "RC4", 0, 0, MT_E_RC4, 0, 0, 0, LALL },
	{ "RC2", 0, 0, MT_E_RC2, 0, 0, 0, L102 },
	{ "IDEA", 0, 0, MT_E_IDEA, 0, 0, 0, L102 },
	{ "SEED", 0, 0, MT_E_SEED, 0, 0, 0, L102 },
	{ "DES", 0, 0, MT_E_DES, 0, 0, 0, L102 },
	{ "eNULL", 0, 0, MT_E_NULL, 0, 0, 0, LALL },
	{ "GOST89", 0, 0, MT_E_GOST89, 0, 0, 0, LLS },
	{ "AES128", 0, 0, MT_E_AES128 | MT_E_AES128GCM | MT_E_AES128CCM |
	    MT_E_AES128CCM8, 0, 0, 0, LALL },
	{ "AES256", 0, 0, MT_E_AES256 | MT_E_AES256GCM | MT_E_AES256CCM |
	    MT_E_AES256CCM8, 0, 0, 0, LALL },
	{ "AES", 0, 0, MT_E_AES, 0, 0, 0, LALL },
	{ "AESGCM", 0, 0, MT_E_AESGCM, 0, 0, 0, LALL },
	{ "AESCCM", 0, 0, MT_E_AESCCM, 0, 0, 0, LNEW },
	{ "AESCCM8", 0, 0, MT_E_AES128CCM8 | MT_E_AES256CCM8, 0, 0, 0, LNEW },
	{ "CAMELLIA128", 0, 0, MT_E_CAM128, 0, 0, 0, LALL },
	{ "CAMELLIA256", 0, 0, MT_E_CAM256, 0, 0, 0, LALL },
	{ "CAMELLIA", 0, 0, MT_E_CAMELLIA, 0, 0, 0, LALL },
	{ "CHACHA20", 0, 0, MT_E_CHACHA, 0, 0, 0, LNEW | LLS },
	{ "ARIA", 0, 0, MT_E_ARIA, 0, 0, 0, LNEW },
	{ "ARIAGCM", 0, 0, MT_E_ARIA, 0, 0, 0, LNEW },
	{ "ARIA128", 0, 0, MT_E_ARIA128GCM, 0, 0, 0, LNEW },
	{ "ARIA256", 0, 0, MT_E_ARIA256GCM, 0, 0, 0, LNEW },
	{ "CBC", 0, 0, MT_E_CBC, 0, 0, 0, LNEW },
	{ "MD5", 0, 0, 0, MT_M_MD5, 0, 0, LALL },
	{ "SHA1", 0, 0, 0, MT_M_SHA1, 0, 0, LALL },
	{ "SHA", 0, 0, 0, MT_M_SHA1, 0, 0, LALL },
	{ "SHA256", 0, 0, 0, MT_M_SHA256, 0, 0, LALL },
	{ "SHA384", 0, 0, 0, MT_M_SHA384, 0, 0, LALL },
	{ "AEAD", 0, 0, 0, MT_M_AEAD, 0, 0, LLS },
	{ "GOST94", 0, 0, 0, MT_M_GOST94, 0, 0, LLS },
	{ "GOST89MAC", 0, 0, 0, MT_M_GOST89MAC | MT_M_GOST89MAC12, 0, 0, LLS },
	{ "STREEBOG256", 0, 0, 0, MT_M_GOST12_256, 0, 0, LLS },
	{ "SSLv3", 0, 0, 0, 0, MT_SSL3, 0, LALL },
	{ "TLSv1", 0, 0, 0, 0, MT_TLS10, 0, LNEW | LLS },
	{ "TLSv1", 0, 0, 0, 0, MT_SSL3, 0, L102 },
	{ "TLSv1.0", 0, 0, 0, 0, MT_TLS10, 0, LNEW },
	{ "TLSv1.2", 0, 0, 0, 0, MT_TLS12, 0, LALL },
	{ "TLSv1.3", 0, 0, 0, 0, MT_TLS13, 0, LLS },
	{ "EXP", 0, 0, 0, 0, 0, MT_S_EXPORT, L102 },
	{ "EXPORT", 0, 0, 0, 0, 0, MT_S_EXPORT, L102 },
	{ "EXPORT40", 0, 0, 0, 0, 0, MT_S_EXPORT, L102 },
	{ "LOW", 0, 0, 0, 0, 0, MT_S_LOW, LALL },
	{ "MEDIUM", 0, 0, 0, 0, 0, MT_S_MEDIUM, LALL },
	{ "HIGH", 0, 0, 0, 0, 0, MT_S_HIGH, LALL },
	{ "FIPS", 0, 0, ~MT_E_NULL, 0, 0, MT_S_FIPS, LALL },
};

/* Debian 12 OpenSSL 3.0 base order (see the header comment). */
static const uint16_t base_order_30[] = {
	0xC02C, 0xC030, 0x00A3, 0x009F, 0xCCA9, 0xCCA8, 0xCCAA, 0xC0AF,
	0xC0AD, 0xC0A3, 0xC09F, 0xC05D, 0xC061, 0xC057, 0xC053, 0x00A7,
	0xC02B, 0xC02F, 0x00A2, 0x009E, 0xC0AE, 0xC0AC, 0xC0A2, 0xC09E,
	0xC05C, 0xC060, 0xC056, 0xC052, 0x00A6, 0xC024, 0xC028, 0x006B,
	0x006A, 0xC073, 0xC077, 0x00C4, 0x00C3, 0x006D, 0x00C5, 0xC023,
	0xC027, 0x0067, 0x0040, 0xC072, 0xC076, 0x00BE, 0x00BD, 0x006C,
	0x00BF, 0xC00A, 0xC014, 0x0039, 0x0038, 0x0088, 0x0087, 0xC019,
	0x003A, 0x0089, 0xC009, 0xC013, 0x0033, 0x0032, 0x0045, 0x0044,
	0xC018, 0x0034, 0x0046, 0x00AD, 0x00AB, 0xCCAE, 0xCCAD, 0xCCAC,
	0xC0AB, 0xC0A7, 0xC06F, 0xC06D, 0x009D, 0xC0A1, 0xC09D, 0xC051,
	0x00A9, 0xCCAB, 0xC0A9, 0xC0A5, 0xC06B, 0x00AC, 0x00AA, 0xC0AA,
	0xC0A6, 0xC06E, 0xC06C, 0x009C, 0xC0A0, 0xC09C, 0xC050, 0x00A8,
	0xC0A8, 0xC0A4, 0xC06A, 0x003D, 0x00C0, 0x003C, 0x00BA, 0xC038,
	0xC036, 0xC022, 0xC021, 0xC020, 0x00B7, 0x00B3, 0x0095, 0x0091,
	0xC09B, 0xC099, 0xC097, 0x0035, 0x0084, 0x00AF, 0x008D, 0xC095,
	0xC037, 0xC035, 0xC01F, 0xC01E, 0xC01D, 0x00B6, 0x00B2, 0x0094,
	0x0090, 0xC09A, 0xC098, 0xC096, 0x002F, 0x0041, 0x00AE, 0x008C,
	0xC094, 0xC006, 0xC010, 0xC015, 0x003B, 0xC03B, 0xC03A, 0xC039,
	0x00B9, 0x00B8, 0x00B5, 0x00B4, 0x002E, 0x002D, 0x0002, 0x0001,
	0x00B1, 0x00B0, 0x002C,
};

/* LibreSSL's names of the TLS 1.3 suites. */
static const struct {
	uint16_t	 code;
	const char	*name;
} libressl_tls13[] = {
	{ 0x1302, "AEAD-AES256-GCM-SHA384" },
	{ 0x1303, "AEAD-CHACHA20-POLY1305-SHA256" },
	{ 0x1301, "AEAD-AES128-GCM-SHA256" },
};

static struct mt_ossl_dialect dialects[4];
static pthread_once_t dialects_once = PTHREAD_ONCE_INIT;

static bool
dialect_knows(int lib, const struct mt_suite *s, const struct mt_ossl_cipher *c)
{
	bool	 in30 = (s->flags & MT_SUITE_OPENSSL) != 0;

	switch (lib) {
	case MT_LIB_OPENSSL_3_0:
		return in30;
	case MT_LIB_OPENSSL_1_1_1:
		return in30 || (s->openssl != NULL && c->enc == MT_E_3DES &&
		    (c->mkey & (MT_K_RSA | MT_K_DHE | MT_K_ECDHE | MT_K_PSK_ALL |
		    MT_K_SRP)) && (c->auth & (MT_A_RSA | MT_A_DSS | MT_A_NULL |
		    MT_A_ECDSA | MT_A_PSK | MT_A_SRP)));
	case MT_LIB_OPENSSL_1_0_2:
		if (s->openssl == NULL || c->min_tls == MT_TLS13)
			return false;
		if (c->enc & ~(MT_E_AES128 | MT_E_AES256 | MT_E_AESGCM |
		    MT_E_CAMELLIA | MT_E_3DES | MT_E_DES | MT_E_RC4 | MT_E_RC2 |
		    MT_E_IDEA | MT_E_SEED | MT_E_NULL))
			return false;
		if ((c->enc & MT_E_CAMELLIA) && c->mac != MT_M_SHA1)
			return false;
		if (strcmp(s->kx, "RSA(1024)") == 0)
			return false;
		return (c->mkey & (MT_K_RSA | K_DH_102 | K_ECDH_102 |
		    MT_K_SRP)) != 0 || (c->mkey == MT_K_PSK &&
		    c->auth == MT_A_PSK);
	case MT_LIB_LIBRESSL_3:
		if (c->min_tls == MT_TLS13)
			return s->code >= 0x1301 && s->code <= 0x1303;
		if (s->openssl == NULL || (s->flags & MT_SUITE_EXPORT))
			return false;
		/*
		 * LibreSSL 3.x dropped the pre-RFC ChaCha20 suites
		 * (0xCC13-0xCC15), the GOST94/MD5 ones and DHE-DSS-RC4-SHA;
		 * only the GOST 2012 suites remain (ssl/s3_lib.c).
		 */
		if ((s->code >= 0xCC13 && s->code <= 0xCC15) ||
		    s->code == 0x0066 || (s->code >= 0x0080 &&
		    s->code <= 0x0083) || (s->code >= 0xFF00 &&
		    s->code <= 0xFF03))
			return false;
		if (c->enc & ~(MT_E_AES128 | MT_E_AES256 | MT_E_AESGCM |
		    MT_E_CAMELLIA | MT_E_3DES | MT_E_RC4 | MT_E_CHACHA |
		    MT_E_NULL | MT_E_GOST89))
			return false;
		return (c->mkey & (MT_K_RSA | MT_K_DHE | MT_K_ECDHE |
		    MT_K_GOST)) != 0 && (c->auth & (MT_A_RSA | MT_A_DSS |
		    MT_A_ECDSA | MT_A_NULL | MT_A_GOST01 | MT_A_GOST12)) != 0;
	}
	return false;
}

static void
dialect_add(struct mt_ossl_dialect *d, const struct mt_suite *s)
{
	struct mt_ossl_cipher	 c;
	size_t			 i;

	if (!mt_ossl_cipher_from_suite(s, &c) || !dialect_knows(d->lib, s, &c))
		return;
	if (d->lib == MT_LIB_OPENSSL_1_0_2) {
		/* 1.0.2: no TLS 1.0-only suites (ECC ones say SSLv3). */
		if (c.min_tls == MT_TLS10)
			c.min_tls = MT_SSL3;
		c.max_tls = (s->flags & MT_SUITE_EXPORT) ? MT_TLS10 : MT_TLS12;
	}
	d->known[c.code >> 3] |= (uint8_t)(1u << (c.code & 7));
	if (c.min_tls == MT_TLS13) {
		if (d->ntls13 < MT_POLICY_TLS13_MAX)
			d->tls13[d->ntls13++] = c.code;
		if (!d->tls13_in_list)
			return;
		for (i = 0; i < sizeof(libressl_tls13) /
		    sizeof(libressl_tls13[0]); i++)
			if (libressl_tls13[i].code == c.code)
				c.name = libressl_tls13[i].name;
	}
	if (d->nciphers < MT_POLICY_SUITES_MAX)
		d->ciphers[d->nciphers++] = c;
}

static void
dialect_build(struct mt_ossl_dialect *d)
{
	const struct mt_suite	*s;
	size_t			 i, n = mt_suite_count();

	/* First the OpenSSL 3.0 base order, then the rest by code. */
	for (i = 0; i < sizeof(base_order_30) / sizeof(base_order_30[0]);
	    i++) {
		if ((s = mt_suite_by_code(base_order_30[i])) == NULL)
			continue;
		dialect_add(d, s);
	}
	for (i = 0; i < n; i++) {
		size_t	 j;
		bool	 seen = false;

		s = mt_suite_at(i);
		for (j = 0; j < sizeof(base_order_30) /
		    sizeof(base_order_30[0]); j++)
			if (base_order_30[j] == s->code)
				seen = true;
		if (!seen)
			dialect_add(d, s);
	}
}

static void
dialects_init(void)
{
	struct mt_ossl_dialect	*d;
	int			 lib;

	for (lib = 0; lib < 4; lib++) {
		d = &dialects[lib];
		memset(d, 0, sizeof(*d));
		d->lib = lib;
		d->has_seclevel = lib != MT_LIB_OPENSSL_1_0_2;
		d->eq_in_words = lib != MT_LIB_OPENSSL_1_0_2;
		d->tls13_in_list = lib == MT_LIB_LIBRESSL_3;
		d->seclevel = lib == MT_LIB_OPENSSL_1_0_2 ? -1 : 1;
		switch (lib) {
		case MT_LIB_OPENSSL_3_0:
		case MT_LIB_OPENSSL_1_1_1:
			d->default_list = "ALL:!COMPLEMENTOFDEFAULT:!eNULL";
			d->default_tls13 = "TLS_AES_256_GCM_SHA384:"
			    "TLS_CHACHA20_POLY1305_SHA256:"
			    "TLS_AES_128_GCM_SHA256";
			d->versions = MT_VBIT_TLS10 | MT_VBIT_TLS11 |
			    MT_VBIT_TLS12 | MT_VBIT_TLS13;
			break;
		case MT_LIB_OPENSSL_1_0_2:
			d->default_list = "ALL:!EXPORT:!LOW:!aNULL:!eNULL:!SSLv2";
			d->versions = MT_VBIT_SSL3 | MT_VBIT_TLS10 |
			    MT_VBIT_TLS11 | MT_VBIT_TLS12;
			break;
		default:
			d->default_list = "ALL:!aNULL:!eNULL";
			d->default_tls13 = "TLS_AES_256_GCM_SHA384:"
			    "TLS_CHACHA20_POLY1305_SHA256:"
			    "TLS_AES_128_GCM_SHA256";
			d->versions = MT_VBIT_TLS10 | MT_VBIT_TLS11 |
			    MT_VBIT_TLS12 | MT_VBIT_TLS13;
			break;
		}
		dialect_build(d);
	}
}

const struct mt_ossl_dialect *
mt_ossl_dialect(int lib)
{
	if (lib < 0 || lib > MT_LIB_LIBRESSL_3)
		return NULL;
	pthread_once(&dialects_once, dialects_init);
	return &dialects[lib];
}

const struct mt_ossl_alias *
mt_ossl_alias_find(int lib, const char *name, size_t len)
{
	size_t	 i;

	for (i = 0; i < sizeof(alias_table) / sizeof(alias_table[0]); i++) {
		if (!(alias_table[i].libs & (1u << lib)))
			continue;
		if (strncmp(alias_table[i].name, name, len) == 0 &&
		    alias_table[i].name[len] == '\0')
			return &alias_table[i];
	}
	return NULL;
}

bool
mt_ossl_knows(int lib, uint16_t code)
{
	const struct mt_ossl_dialect	*d;

	if ((d = mt_ossl_dialect(lib)) == NULL)
		return false;
	return (d->known[code >> 3] >> (code & 7)) & 1;
}
