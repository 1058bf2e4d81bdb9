/*
 * gnutls.c - GnuTLS 3.7 priority strings ("NORMAL:-VERS-TLS1.0:%SERVER_
 * PRECEDENCE") expanded to the suite list GnuTLS sends, in its order
 *
 * Sources: GnuTLS 3.7.9 as Debian 12 ships it (lib/priority.c: the level
 * keywords, prio_add/prio_remove, set_ciphersuite_list's TLS 1.3 suites
 * first, then the kx x cipher x mac cross product filtered by the suite
 * table), and `gnutls-cli --priority P --list` of that build, which
 * tests/data/policy/gnutls_oracle.py compares with this file.  The suite
 * table below was made once from `gnutls-cli -l` (188 suites).
 *
 * The priority string is untrusted: it is read word by word with a length
 * cap, an unknown word gives -1 naming it and its 1-based position (as
 * gnutls_priority_init's err_pos does).  The policy is caller-owned.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mailtls/policy.h"
#include "mailtls/registry.h"

#include "policy_int.h"

#define GT_WORD_MAX	64		/* longest word we read */
#define GT_WORDS_MAX	512		/* words in one string */
#define GT_STRING_MAX	8192		/* longest priority string */
#define GT_LIST_MAX	48

/* Minimum protocol version of a suite in GnuTLS's table. */
#define GT_V10		1
#define GT_V12		2
#define GT_V13		3

/* Enabled versions (VERS-*), DTLS kept because it widens the suite list. */
#define GT_VB_TLS10	0x01
#define GT_VB_TLS11	0x02
#define GT_VB_TLS12	0x04
#define GT_VB_TLS13	0x08
#define GT_VB_DTLS10	0x10
#define GT_VB_DTLS12	0x20
#define GT_VB_TLS	(GT_VB_TLS10 | GT_VB_TLS11 | GT_VB_TLS12 | GT_VB_TLS13)
#define GT_VB_DTLS	(GT_VB_DTLS10 | GT_VB_DTLS12)
#define GT_VB_ALL	(GT_VB_TLS | GT_VB_DTLS)

struct gt_suite {
	uint16_t	 code;
	uint8_t		 kx;
	uint8_t		 cipher;
	uint8_t		 mac;
	uint8_t		 minver;
};

enum gt_kx {
	GT_KX_NONE = 0, GT_KX_ECDHE_RSA, GT_KX_ECDHE_ECDSA, GT_KX_RSA,
	GT_KX_DHE_RSA, GT_KX_DHE_DSS, GT_KX_PSK, GT_KX_RSA_PSK, GT_KX_DHE_PSK,
	GT_KX_ECDHE_PSK, GT_KX_SRP_DSS, GT_KX_SRP_RSA, GT_KX_SRP,
	GT_KX_ANON_DH, GT_KX_ANON_ECDH, GT_KX_VKO_GOST_12,
	GT_KX_COUNT
};
static const char *const gt_kx_names[GT_KX_COUNT] = {
	"", "ECDHE-RSA", "ECDHE-ECDSA", "RSA", "DHE-RSA", "DHE-DSS", "PSK",
	"RSA-PSK", "DHE-PSK", "ECDHE-PSK", "SRP-DSS", "SRP-RSA", "SRP",
	"ANON-DH", "ANON-ECDH", "VKO-GOST-12",
};
enum gt_cipher {
	GT_C_UNKNOWN = 0, GT_C_AES_256_CBC, GT_C_AES_192_CBC,
	GT_C_AES_128_CBC, GT_C_AES_128_GCM, GT_C_AES_192_GCM,
	GT_C_AES_256_GCM, GT_C_AES_128_CCM, GT_C_AES_256_CCM,
	GT_C_AES_128_CCM_8, GT_C_AES_256_CCM_8, GT_C_ARCFOUR_128,
	GT_C_ESTREAM_SALSA20_256, GT_C_SALSA20_256, GT_C_CHACHA20_32,
	GT_C_CHACHA20_64, GT_C_CAMELLIA_256_CBC, GT_C_CAMELLIA_192_CBC,
	GT_C_CAMELLIA_128_CBC, GT_C_CHACHA20_POLY1305, GT_C_CAMELLIA_128_GCM,
	GT_C_CAMELLIA_256_GCM, GT_C_GOST28147_TC26Z_CFB,
	GT_C_GOST28147_CPA_CFB, GT_C_GOST28147_CPB_CFB,
	GT_C_GOST28147_CPC_CFB, GT_C_GOST28147_CPD_CFB, GT_C_AES_128_CFB8,
	GT_C_AES_192_CFB8, GT_C_AES_256_CFB8, GT_C_AES_128_XTS,
	GT_C_AES_256_XTS, GT_C_AES_128_SIV, GT_C_AES_256_SIV,
	GT_C_GOST28147_TC26Z_CNT, GT_C_MAGMA_CTR_ACPKM,
	GT_C_KUZNYECHIK_CTR_ACPKM, GT_C_3DES_CBC, GT_C_DES_CBC, GT_C_RC2_40,
	GT_C_NULL,
	GT_C_COUNT
};
static const char *const gt_cipher_names[GT_C_COUNT] = {
	"", "AES-256-CBC", "AES-192-CBC", "AES-128-CBC", "AES-128-GCM",
	"AES-192-GCM", "AES-256-GCM", "AES-128-CCM", "AES-256-CCM",
	"AES-128-CCM-8", "AES-256-CCM-8", "ARCFOUR-128",
	"ESTREAM-SALSA20-256", "SALSA20-256", "CHACHA20-32", "CHACHA20-64",
	"CAMELLIA-256-CBC", "CAMELLIA-192-CBC", "CAMELLIA-128-CBC",
	"CHACHA20-POLY1305", "CAMELLIA-128-GCM", "CAMELLIA-256-GCM",
	"GOST28147-TC26Z-CFB", "GOST28147-CPA-CFB", "GOST28147-CPB-CFB",
	"GOST28147-CPC-CFB", "GOST28147-CPD-CFB", "AES-128-CFB8",
	"AES-192-CFB8", "AES-256-CFB8", "AES-128-XTS", "AES-256-XTS",
	"AES-128-SIV", "AES-256-SIV", "GOST28147-TC26Z-CNT",
	"MAGMA-CTR-ACPKM", "KUZNYECHIK-CTR-ACPKM", "3DES-CBC", "DES-CBC",
	"RC2-40", "NULL",
};
enum gt_mac {
	GT_M_UNKNOWN = 0, GT_M_SHA1, GT_M_SHA256, GT_M_SHA384, GT_M_SHA512,
	GT_M_SHA224, GT_M_UMAC_96, GT_M_UMAC_128, GT_M_AEAD, GT_M_MD5,
	GT_M_GOSTR341194, GT_M_STREEBOG_256, GT_M_STREEBOG_512,
	GT_M_AES_CMAC_128, GT_M_AES_CMAC_256, GT_M_AES_GMAC_128,
	GT_M_AES_GMAC_192, GT_M_AES_GMAC_256, GT_M_GOST28147_TC26Z_IMIT,
	GT_M_OMAC_MAGMA, GT_M_OMAC_KUZNYECHIK,
	GT_M_COUNT
};
static const char *const gt_mac_names[GT_M_COUNT] = {
	"", "SHA1", "SHA256", "SHA384", "SHA512", "SHA224", "UMAC-96",
	"UMAC-128", "AEAD", "MD5", "GOSTR341194", "STREEBOG-256",
	"STREEBOG-512", "AES-CMAC-128", "AES-CMAC-256", "AES-GMAC-128",
	"AES-GMAC-192", "AES-GMAC-256", "GOST28147-TC26Z-IMIT", "OMAC-MAGMA",
	"OMAC-KUZNYECHIK",
};
static const struct gt_suite gt_suites[] = {
	/* code, kx, cipher, mac, minimum version */
	{ 0x1301, GT_KX_NONE, GT_C_AES_128_GCM, GT_M_AEAD, GT_V13 },
	{ 0x1302, GT_KX_NONE, GT_C_AES_256_GCM, GT_M_AEAD, GT_V13 },
	{ 0x1303, GT_KX_NONE, GT_C_CHACHA20_POLY1305, GT_M_AEAD, GT_V13 },
	{ 0x1304, GT_KX_NONE, GT_C_AES_128_CCM, GT_M_AEAD, GT_V13 },
	{ 0x1305, GT_KX_NONE, GT_C_AES_128_CCM_8, GT_M_AEAD, GT_V13 },
	{ 0x0001, GT_KX_RSA, GT_C_NULL, GT_M_MD5, GT_V10 },
	{ 0x0002, GT_KX_RSA, GT_C_NULL, GT_M_SHA1, GT_V10 },
	{ 0x003B, GT_KX_RSA, GT_C_NULL, GT_M_SHA256, GT_V12 },
	{ 0x0005, GT_KX_RSA, GT_C_ARCFOUR_128, GT_M_SHA1, GT_V10 },
	{ 0x0004, GT_KX_RSA, GT_C_ARCFOUR_128, GT_M_MD5, GT_V10 },
	{ 0x000A, GT_KX_RSA, GT_C_3DES_CBC, GT_M_SHA1, GT_V10 },
	{ 0x002F, GT_KX_RSA, GT_C_AES_128_CBC, GT_M_SHA1, GT_V10 },
	{ 0x0035, GT_KX_RSA, GT_C_AES_256_CBC, GT_M_SHA1, GT_V10 },
	{ 0x00BA, GT_KX_RSA, GT_C_CAMELLIA_128_CBC, GT_M_SHA256, GT_V12 },
	{ 0x00C0, GT_KX_RSA, GT_C_CAMELLIA_256_CBC, GT_M_SHA256, GT_V12 },
	{ 0x0041, GT_KX_RSA, GT_C_CAMELLIA_128_CBC, GT_M_SHA1, GT_V10 },
	{ 0x0084, GT_KX_RSA, GT_C_CAMELLIA_256_CBC, GT_M_SHA1, GT_V10 },
	{ 0x003C, GT_KX_RSA, GT_C_AES_128_CBC, GT_M_SHA256, GT_V12 },
	{ 0x003D, GT_KX_RSA, GT_C_AES_256_CBC, GT_M_SHA256, GT_V12 },
	{ 0x009C, GT_KX_RSA, GT_C_AES_128_GCM, GT_M_AEAD, GT_V12 },
	{ 0x009D, GT_KX_RSA, GT_C_AES_256_GCM, GT_M_AEAD, GT_V12 },
	{ 0xC07A, GT_KX_RSA, GT_C_CAMELLIA_128_GCM, GT_M_AEAD, GT_V12 },
	{ 0xC07B, GT_KX_RSA, GT_C_CAMELLIA_256_GCM, GT_M_AEAD, GT_V12 },
	{ 0xC09C, GT_KX_RSA, GT_C_AES_128_CCM, GT_M_AEAD, GT_V12 },
	{ 0xC09D, GT_KX_RSA, GT_C_AES_256_CCM, GT_M_AEAD, GT_V12 },
	{ 0xC0A0, GT_KX_RSA, GT_C_AES_128_CCM_8, GT_M_AEAD, GT_V12 },
	{ 0xC0A1, GT_KX_RSA, GT_C_AES_256_CCM_8, GT_M_AEAD, GT_V12 },
	{ 0x0066, GT_KX_DHE_DSS, GT_C_ARCFOUR_128, GT_M_SHA1, GT_V10 },
	{ 0x0013, GT_KX_DHE_DSS, GT_C_3DES_CBC, GT_M_SHA1, GT_V10 },
	{ 0x0032, GT_KX_DHE_DSS, GT_C_AES_128_CBC, GT_M_SHA1, GT_V10 },
	{ 0x0038, GT_KX_DHE_DSS, GT_C_AES_256_CBC, GT_M_SHA1, GT_V10 },
	{ 0x00BD, GT_KX_DHE_DSS, GT_C_CAMELLIA_128_CBC, GT_M_SHA256, GT_V12 },
	{ 0x00C3, GT_KX_DHE_DSS, GT_C_CAMELLIA_256_CBC, GT_M_SHA256, GT_V12 },
	{ 0x0044, GT_KX_DHE_DSS, GT_C_CAMELLIA_128_CBC, GT_M_SHA1, GT_V10 },
	{ 0x0087, GT_KX_DHE_DSS, GT_C_CAMELLIA_256_CBC, GT_M_SHA1, GT_V10 },
	{ 0x0040, GT_KX_DHE_DSS, GT_C_AES_128_CBC, GT_M_SHA256, GT_V12 },
	{ 0x006A, GT_KX_DHE_DSS, GT_C_AES_256_CBC, GT_M_SHA256, GT_V12 },
	{ 0x00A2, GT_KX_DHE_DSS, GT_C_AES_128_GCM, GT_M_AEAD, GT_V12 },
	{ 0x00A3, GT_KX_DHE_DSS, GT_C_AES_256_GCM, GT_M_AEAD, GT_V12 },
	{ 0xC080, GT_KX_DHE_DSS, GT_C_CAMELLIA_128_GCM, GT_M_AEAD, GT_V12 },
	{ 0xC081, GT_KX_DHE_DSS, GT_C_CAMELLIA_256_GCM, GT_M_AEAD, GT_V12 },
	{ 0x0016, GT_KX_DHE_RSA, GT_C_3DES_CBC, GT_M_SHA1, GT_V10 },
	{ 0x0033, GT_KX_DHE_RSA, GT_C_AES_128_CBC, GT_M_SHA1, GT_V10 },
	{ 0x0039, GT_KX_DHE_RSA, GT_C_AES_256_CBC, GT_M_SHA1, GT_V10 },
	{ 0x00BE, GT_KX_DHE_RSA, GT_C_CAMELLIA_128_CBC, GT_M_SHA256, GT_V12 },
	{ 0x00C4, GT_KX_DHE_RSA, GT_C_CAMELLIA_256_CBC, GT_M_SHA256, GT_V12 },
	{ 0x0045, GT_KX_DHE_RSA, GT_C_CAMELLIA_128_CBC, GT_M_SHA1, GT_V10 },
	{ 0x0088, GT_KX_DHE_RSA, GT_C_CAMELLIA_256_CBC, GT_M_SHA1, GT_V10 },
	{ 0x0067, GT_KX_DHE_RSA, GT_C_AES_128_CBC, GT_M_SHA256, GT_V12 },
	{ 0x006B, GT_KX_DHE_RSA, GT_C_AES_256_CBC, GT_M_SHA256, GT_V12 },
	{ 0x009E, GT_KX_DHE_RSA, GT_C_AES_128_GCM, GT_M_AEAD, GT_V12 },
	{ 0x009F, GT_KX_DHE_RSA, GT_C_AES_256_GCM, GT_M_AEAD, GT_V12 },
	{ 0xC07C, GT_KX_DHE_RSA, GT_C_CAMELLIA_128_GCM, GT_M_AEAD, GT_V12 },
	{ 0xC07D, GT_KX_DHE_RSA, GT_C_CAMELLIA_256_GCM, GT_M_AEAD, GT_V12 },
	{ 0xCCAA, GT_KX_DHE_RSA, GT_C_CHACHA20_POLY1305, GT_M_AEAD, GT_V12 },
	{ 0xC09E, GT_KX_DHE_RSA, GT_C_AES_128_CCM, GT_M_AEAD, GT_V12 },
	{ 0xC09F, GT_KX_DHE_RSA, GT_C_AES_256_CCM, GT_M_AEAD, GT_V12 },
	{ 0xC0A2, GT_KX_DHE_RSA, GT_C_AES_128_CCM_8, GT_M_AEAD, GT_V12 },
	{ 0xC0A3, GT_KX_DHE_RSA, GT_C_AES_256_CCM_8, GT_M_AEAD, GT_V12 },
	{ 0xC010, GT_KX_ECDHE_RSA, GT_C_NULL, GT_M_SHA1, GT_V10 },
	{ 0xC012, GT_KX_ECDHE_RSA, GT_C_3DES_CBC, GT_M_SHA1, GT_V10 },
	{ 0xC013, GT_KX_ECDHE_RSA, GT_C_AES_128_CBC, GT_M_SHA1, GT_V10 },
	{ 0xC014, GT_KX_ECDHE_RSA, GT_C_AES_256_CBC, GT_M_SHA1, GT_V10 },
	{ 0xC028, GT_KX_ECDHE_RSA, GT_C_AES_256_CBC, GT_M_SHA384, GT_V12 },
	{ 0xC011, GT_KX_ECDHE_RSA, GT_C_ARCFOUR_128, GT_M_SHA1, GT_V10 },
	{ 0xC076, GT_KX_ECDHE_RSA, GT_C_CAMELLIA_128_CBC, GT_M_SHA256, GT_V12 },
	{ 0xC077, GT_KX_ECDHE_RSA, GT_C_CAMELLIA_256_CBC, GT_M_SHA384, GT_V12 },
	{ 0xC006, GT_KX_ECDHE_ECDSA, GT_C_NULL, GT_M_SHA1, GT_V10 },
	{ 0xC008, GT_KX_ECDHE_ECDSA, GT_C_3DES_CBC, GT_M_SHA1, GT_V10 },
	{ 0xC009, GT_KX_ECDHE_ECDSA, GT_C_AES_128_CBC, GT_M_SHA1, GT_V10 },
	{ 0xC00A, GT_KX_ECDHE_ECDSA, GT_C_AES_256_CBC, GT_M_SHA1, GT_V10 },
	{ 0xC007, GT_KX_ECDHE_ECDSA, GT_C_ARCFOUR_128, GT_M_SHA1, GT_V10 },
	{ 0xC072, GT_KX_ECDHE_ECDSA, GT_C_CAMELLIA_128_CBC,
	    GT_M_SHA256, GT_V12 },
	{ 0xC073, GT_KX_ECDHE_ECDSA, GT_C_CAMELLIA_256_CBC,
	    GT_M_SHA384, GT_V12 },
	{ 0xC023, GT_KX_ECDHE_ECDSA, GT_C_AES_128_CBC, GT_M_SHA256, GT_V12 },
	{ 0xC027, GT_KX_ECDHE_RSA, GT_C_AES_128_CBC, GT_M_SHA256, GT_V12 },
	{ 0xC086, GT_KX_ECDHE_ECDSA, GT_C_CAMELLIA_128_GCM, GT_M_AEAD, GT_V12 },
	{ 0xC087, GT_KX_ECDHE_ECDSA, GT_C_CAMELLIA_256_GCM, GT_M_AEAD, GT_V12 },
	{ 0xC02B, GT_KX_ECDHE_ECDSA, GT_C_AES_128_GCM, GT_M_AEAD, GT_V12 },
	{ 0xC02C, GT_KX_ECDHE_ECDSA, GT_C_AES_256_GCM, GT_M_AEAD, GT_V12 },
	{ 0xC02F, GT_KX_ECDHE_RSA, GT_C_AES_128_GCM, GT_M_AEAD, GT_V12 },
	{ 0xC030, GT_KX_ECDHE_RSA, GT_C_AES_256_GCM, GT_M_AEAD, GT_V12 },
	{ 0xC024, GT_KX_ECDHE_ECDSA, GT_C_AES_256_CBC, GT_M_SHA384, GT_V12 },
	{ 0xC08A, GT_KX_ECDHE_RSA, GT_C_CAMELLIA_128_GCM, GT_M_AEAD, GT_V12 },
	{ 0xC08B, GT_KX_ECDHE_RSA, GT_C_CAMELLIA_256_GCM, GT_M_AEAD, GT_V12 },
	{ 0xCCA8, GT_KX_ECDHE_RSA, GT_C_CHACHA20_POLY1305, GT_M_AEAD, GT_V12 },
	{ 0xCCA9, GT_KX_ECDHE_ECDSA, GT_C_CHACHA20_POLY1305,
	    GT_M_AEAD, GT_V12 },
	{ 0xC0AC, GT_KX_ECDHE_ECDSA, GT_C_AES_128_CCM, GT_M_AEAD, GT_V12 },
	{ 0xC0AD, GT_KX_ECDHE_ECDSA, GT_C_AES_256_CCM, GT_M_AEAD, GT_V12 },
	{ 0xC0AE, GT_KX_ECDHE_ECDSA, GT_C_AES_128_CCM_8, GT_M_AEAD, GT_V12 },
	{ 0xC0AF, GT_KX_ECDHE_ECDSA, GT_C_AES_256_CCM_8, GT_M_AEAD, GT_V12 },
	{ 0xC034, GT_KX_ECDHE_PSK, GT_C_3DES_CBC, GT_M_SHA1, GT_V10 },
	{ 0xC035, GT_KX_ECDHE_PSK, GT_C_AES_128_CBC, GT_M_SHA1, GT_V10 },
	{ 0xC036, GT_KX_ECDHE_PSK, GT_C_AES_256_CBC, GT_M_SHA1, GT_V10 },
	{ 0xC037, GT_KX_ECDHE_PSK, GT_C_AES_128_CBC, GT_M_SHA256, GT_V12 },
	{ 0xC038, GT_KX_ECDHE_PSK, GT_C_AES_256_CBC, GT_M_SHA384, GT_V12 },
	{ 0xC033, GT_KX_ECDHE_PSK, GT_C_ARCFOUR_128, GT_M_SHA1, GT_V10 },
	{ 0xC039, GT_KX_ECDHE_PSK, GT_C_NULL, GT_M_SHA1, GT_V10 },
	{ 0xC03A, GT_KX_ECDHE_PSK, GT_C_NULL, GT_M_SHA256, GT_V12 },
	{ 0xC03B, GT_KX_ECDHE_PSK, GT_C_NULL, GT_M_SHA384, GT_V10 },
	{ 0xC09A, GT_KX_ECDHE_PSK, GT_C_CAMELLIA_128_CBC, GT_M_SHA256, GT_V12 },
	{ 0xC09B, GT_KX_ECDHE_PSK, GT_C_CAMELLIA_256_CBC, GT_M_SHA384, GT_V12 },
	{ 0x008A, GT_KX_PSK, GT_C_ARCFOUR_128, GT_M_SHA1, GT_V10 },
	{ 0x008B, GT_KX_PSK, GT_C_3DES_CBC, GT_M_SHA1, GT_V10 },
	{ 0x008C, GT_KX_PSK, GT_C_AES_128_CBC, GT_M_SHA1, GT_V10 },
	{ 0x008D, GT_KX_PSK, GT_C_AES_256_CBC, GT_M_SHA1, GT_V10 },
	{ 0x00AE, GT_KX_PSK, GT_C_AES_128_CBC, GT_M_SHA256, GT_V12 },
	{ 0x00A9, GT_KX_PSK, GT_C_AES_256_GCM, GT_M_AEAD, GT_V12 },
	{ 0xC08E, GT_KX_PSK, GT_C_CAMELLIA_128_GCM, GT_M_AEAD, GT_V12 },
	{ 0xC08F, GT_KX_PSK, GT_C_CAMELLIA_256_GCM, GT_M_AEAD, GT_V12 },
	{ 0x00A8, GT_KX_PSK, GT_C_AES_128_GCM, GT_M_AEAD, GT_V12 },
	{ 0x002C, GT_KX_PSK, GT_C_NULL, GT_M_SHA1, GT_V10 },
	{ 0x00B0, GT_KX_PSK, GT_C_NULL, GT_M_SHA256, GT_V12 },
	{ 0xC094, GT_KX_PSK, GT_C_CAMELLIA_128_CBC, GT_M_SHA256, GT_V12 },
	{ 0xC095, GT_KX_PSK, GT_C_CAMELLIA_256_CBC, GT_M_SHA384, GT_V12 },
	{ 0x00AF, GT_KX_PSK, GT_C_AES_256_CBC, GT_M_SHA384, GT_V12 },
	{ 0x00B1, GT_KX_PSK, GT_C_NULL, GT_M_SHA384, GT_V12 },
	{ 0x0092, GT_KX_RSA_PSK, GT_C_ARCFOUR_128, GT_M_SHA1, GT_V10 },
	{ 0x0093, GT_KX_RSA_PSK, GT_C_3DES_CBC, GT_M_SHA1, GT_V10 },
	{ 0x0094, GT_KX_RSA_PSK, GT_C_AES_128_CBC, GT_M_SHA1, GT_V10 },
	{ 0x0095, GT_KX_RSA_PSK, GT_C_AES_256_CBC, GT_M_SHA1, GT_V10 },
	{ 0xC092, GT_KX_RSA_PSK, GT_C_CAMELLIA_128_GCM, GT_M_AEAD, GT_V12 },
	{ 0xC093, GT_KX_RSA_PSK, GT_C_CAMELLIA_256_GCM, GT_M_AEAD, GT_V12 },
	{ 0x00AC, GT_KX_RSA_PSK, GT_C_AES_128_GCM, GT_M_AEAD, GT_V12 },
	{ 0x00B6, GT_KX_RSA_PSK, GT_C_AES_128_CBC, GT_M_SHA256, GT_V12 },
	{ 0x002E, GT_KX_RSA_PSK, GT_C_NULL, GT_M_SHA1, GT_V10 },
	{ 0x00B8, GT_KX_RSA_PSK, GT_C_NULL, GT_M_SHA256, GT_V12 },
	{ 0x00AD, GT_KX_RSA_PSK, GT_C_AES_256_GCM, GT_M_AEAD, GT_V12 },
	{ 0x00B7, GT_KX_RSA_PSK, GT_C_AES_256_CBC, GT_M_SHA384, GT_V12 },
	{ 0x00B9, GT_KX_RSA_PSK, GT_C_NULL, GT_M_SHA384, GT_V12 },
	{ 0xC098, GT_KX_RSA_PSK, GT_C_CAMELLIA_128_CBC, GT_M_SHA256, GT_V12 },
	{ 0xC099, GT_KX_RSA_PSK, GT_C_CAMELLIA_256_CBC, GT_M_SHA384, GT_V12 },
	{ 0x008E, GT_KX_DHE_PSK, GT_C_ARCFOUR_128, GT_M_SHA1, GT_V10 },
	{ 0x008F, GT_KX_DHE_PSK, GT_C_3DES_CBC, GT_M_SHA1, GT_V10 },
	{ 0x0090, GT_KX_DHE_PSK, GT_C_AES_128_CBC, GT_M_SHA1, GT_V10 },
	{ 0x0091, GT_KX_DHE_PSK, GT_C_AES_256_CBC, GT_M_SHA1, GT_V10 },
	{ 0x00B2, GT_KX_DHE_PSK, GT_C_AES_128_CBC, GT_M_SHA256, GT_V12 },
	{ 0x00AA, GT_KX_DHE_PSK, GT_C_AES_128_GCM, GT_M_AEAD, GT_V12 },
	{ 0x002D, GT_KX_DHE_PSK, GT_C_NULL, GT_M_SHA1, GT_V10 },
	{ 0x00B4, GT_KX_DHE_PSK, GT_C_NULL, GT_M_SHA256, GT_V12 },
	{ 0x00B5, GT_KX_DHE_PSK, GT_C_NULL, GT_M_SHA384, GT_V12 },
	{ 0x00B3, GT_KX_DHE_PSK, GT_C_AES_256_CBC, GT_M_SHA384, GT_V12 },
	{ 0x00AB, GT_KX_DHE_PSK, GT_C_AES_256_GCM, GT_M_AEAD, GT_V12 },
	{ 0xC096, GT_KX_DHE_PSK, GT_C_CAMELLIA_128_CBC, GT_M_SHA256, GT_V12 },
	{ 0xC097, GT_KX_DHE_PSK, GT_C_CAMELLIA_256_CBC, GT_M_SHA384, GT_V12 },
	{ 0xC090, GT_KX_DHE_PSK, GT_C_CAMELLIA_128_GCM, GT_M_AEAD, GT_V12 },
	{ 0xC091, GT_KX_DHE_PSK, GT_C_CAMELLIA_256_GCM, GT_M_AEAD, GT_V12 },
	{ 0xC0A4, GT_KX_PSK, GT_C_AES_128_CCM, GT_M_AEAD, GT_V12 },
	{ 0xC0A5, GT_KX_PSK, GT_C_AES_256_CCM, GT_M_AEAD, GT_V12 },
	{ 0xC0A6, GT_KX_DHE_PSK, GT_C_AES_128_CCM, GT_M_AEAD, GT_V12 },
	{ 0xC0A7, GT_KX_DHE_PSK, GT_C_AES_256_CCM, GT_M_AEAD, GT_V12 },
	{ 0xC0A8, GT_KX_PSK, GT_C_AES_128_CCM_8, GT_M_AEAD, GT_V12 },
	{ 0xC0A9, GT_KX_PSK, GT_C_AES_256_CCM_8, GT_M_AEAD, GT_V12 },
	{ 0xC0AA, GT_KX_DHE_PSK, GT_C_AES_128_CCM_8, GT_M_AEAD, GT_V12 },
	{ 0xC0AB, GT_KX_DHE_PSK, GT_C_AES_256_CCM_8, GT_M_AEAD, GT_V12 },
	{ 0xCCAD, GT_KX_DHE_PSK, GT_C_CHACHA20_POLY1305, GT_M_AEAD, GT_V12 },
	{ 0xCCAC, GT_KX_ECDHE_PSK, GT_C_CHACHA20_POLY1305, GT_M_AEAD, GT_V12 },
	{ 0xCCAE, GT_KX_RSA_PSK, GT_C_CHACHA20_POLY1305, GT_M_AEAD, GT_V12 },
	{ 0xCCAB, GT_KX_PSK, GT_C_CHACHA20_POLY1305, GT_M_AEAD, GT_V12 },
	{ 0x0018, GT_KX_ANON_DH, GT_C_ARCFOUR_128, GT_M_MD5, GT_V10 },
	{ 0x001B, GT_KX_ANON_DH, GT_C_3DES_CBC, GT_M_SHA1, GT_V10 },
	{ 0x0034, GT_KX_ANON_DH, GT_C_AES_128_CBC, GT_M_SHA1, GT_V10 },
	{ 0x003A, GT_KX_ANON_DH, GT_C_AES_256_CBC, GT_M_SHA1, GT_V10 },
	{ 0x00BF, GT_KX_ANON_DH, GT_C_CAMELLIA_128_CBC, GT_M_SHA256, GT_V12 },
	{ 0x00C5, GT_KX_ANON_DH, GT_C_CAMELLIA_256_CBC, GT_M_SHA256, GT_V12 },
	{ 0x0046, GT_KX_ANON_DH, GT_C_CAMELLIA_128_CBC, GT_M_SHA1, GT_V10 },
	{ 0x0089, GT_KX_ANON_DH, GT_C_CAMELLIA_256_CBC, GT_M_SHA1, GT_V10 },
	{ 0x006C, GT_KX_ANON_DH, GT_C_AES_128_CBC, GT_M_SHA256, GT_V12 },
	{ 0x006D, GT_KX_ANON_DH, GT_C_AES_256_CBC, GT_M_SHA256, GT_V12 },
	{ 0x00A6, GT_KX_ANON_DH, GT_C_AES_128_GCM, GT_M_AEAD, GT_V12 },
	{ 0x00A7, GT_KX_ANON_DH, GT_C_AES_256_GCM, GT_M_AEAD, GT_V12 },
	{ 0xC084, GT_KX_ANON_DH, GT_C_CAMELLIA_128_GCM, GT_M_AEAD, GT_V12 },
	{ 0xC085, GT_KX_ANON_DH, GT_C_CAMELLIA_256_GCM, GT_M_AEAD, GT_V12 },
	{ 0xC015, GT_KX_ANON_ECDH, GT_C_NULL, GT_M_SHA1, GT_V10 },
	{ 0xC017, GT_KX_ANON_ECDH, GT_C_3DES_CBC, GT_M_SHA1, GT_V10 },
	{ 0xC018, GT_KX_ANON_ECDH, GT_C_AES_128_CBC, GT_M_SHA1, GT_V10 },
	{ 0xC019, GT_KX_ANON_ECDH, GT_C_AES_256_CBC, GT_M_SHA1, GT_V10 },
	{ 0xC016, GT_KX_ANON_ECDH, GT_C_ARCFOUR_128, GT_M_SHA1, GT_V10 },
	{ 0xC01A, GT_KX_SRP, GT_C_3DES_CBC, GT_M_SHA1, GT_V10 },
	{ 0xC01D, GT_KX_SRP, GT_C_AES_128_CBC, GT_M_SHA1, GT_V10 },
	{ 0xC020, GT_KX_SRP, GT_C_AES_256_CBC, GT_M_SHA1, GT_V10 },
	{ 0xC01C, GT_KX_SRP_DSS, GT_C_3DES_CBC, GT_M_SHA1, GT_V10 },
	{ 0xC01B, GT_KX_SRP_RSA, GT_C_3DES_CBC, GT_M_SHA1, GT_V10 },
	{ 0xC01F, GT_KX_SRP_DSS, GT_C_AES_128_CBC, GT_M_SHA1, GT_V10 },
	{ 0xC01E, GT_KX_SRP_RSA, GT_C_AES_128_CBC, GT_M_SHA1, GT_V10 },
	{ 0xC022, GT_KX_SRP_DSS, GT_C_AES_256_CBC, GT_M_SHA1, GT_V10 },
	{ 0xC021, GT_KX_SRP_RSA, GT_C_AES_256_CBC, GT_M_SHA1, GT_V10 },
	{ 0xC102, GT_KX_VKO_GOST_12, GT_C_GOST28147_TC26Z_CNT,
	    GT_M_GOST28147_TC26Z_IMIT, GT_V12 },
};

/* Kx, cipher and mac lists of each level keyword (gnutls-cli --list). */
static const uint8_t kx_normal[] = { GT_KX_ECDHE_ECDSA, GT_KX_ECDHE_RSA,
    GT_KX_RSA, GT_KX_DHE_RSA, 0 };
static const uint8_t kx_pfs[] = { GT_KX_ECDHE_ECDSA, GT_KX_ECDHE_RSA,
    GT_KX_DHE_RSA, 0 };
static const uint8_t kx_perf[] = { GT_KX_RSA, GT_KX_ECDHE_ECDSA,
    GT_KX_ECDHE_RSA, GT_KX_DHE_RSA, 0 };
static const uint8_t kx_suiteb[] = { GT_KX_ECDHE_ECDSA, 0 };
static const uint8_t c_normal[] = { GT_C_AES_256_GCM, GT_C_CHACHA20_POLY1305,
    GT_C_AES_256_CCM, GT_C_AES_256_CBC, GT_C_AES_128_GCM, GT_C_AES_128_CCM,
    GT_C_AES_128_CBC, 0 };
static const uint8_t c_secure128[] = { GT_C_AES_256_GCM,
    GT_C_CHACHA20_POLY1305, GT_C_AES_256_CBC, GT_C_AES_256_CCM,
    GT_C_AES_128_GCM, GT_C_AES_128_CBC, GT_C_AES_128_CCM, 0 };
static const uint8_t c_secure192[] = { GT_C_AES_256_GCM,
    GT_C_CHACHA20_POLY1305, GT_C_AES_256_CBC, GT_C_AES_256_CCM, 0 };
static const uint8_t c_perf[] = { GT_C_AES_128_GCM, GT_C_AES_256_GCM,
    GT_C_CHACHA20_POLY1305, GT_C_AES_128_CCM, GT_C_AES_256_CCM,
    GT_C_AES_128_CBC, GT_C_AES_256_CBC, 0 };
static const uint8_t c_suiteb128[] = { GT_C_AES_256_GCM, GT_C_AES_128_GCM, 0 };
static const uint8_t c_suiteb192[] = { GT_C_AES_256_GCM, 0 };
static const uint8_t m_normal[] = { GT_M_SHA1, GT_M_AEAD, 0 };
static const uint8_t m_aead[] = { GT_M_AEAD, 0 };
static const uint8_t none[] = { 0 };

/* Groups, as bits over gt_group_names. */
static const char *const gt_group_names[] = {
	"SECP192R1", "SECP224R1", "SECP256R1", "SECP384R1", "SECP521R1",
	"X25519", "GC256B", "GC512A", "X448", "FFDHE2048", "FFDHE3072",
	"FFDHE4096", "FFDHE6144", "FFDHE8192",
};
#define GB(i)		(1u << (i))
#define GT_G_NORMAL	(GB(2) | GB(3) | GB(4) | GB(5) | GB(8) | GB(9) | \
			    GB(10) | GB(11) | GB(12) | GB(13))
#define GT_G_SECURE192	(GB(3) | GB(4) | GB(13))
#define GT_G_SUITEB128	(GB(2) | GB(3))
#define GT_G_SUITEB192	GB(3)
#define GT_G_EC		(GB(0) | GB(1) | GB(2) | GB(3) | GB(4) | \
			    GB(5) | GB(8))
#define GT_G_DH		(GB(9) | GB(10) | GB(11) | GB(12) | GB(13))
#define GT_G_GOST	(GB(6) | GB(7))

static const struct gt_level {
	const char	*name;
	const uint8_t	*kx, *cipher, *mac;
	uint32_t	 groups;
	uint8_t		 vers;		/* 0: keeps the versions */
} gt_levels[] = {
	{ "NORMAL", kx_normal, c_normal, m_normal, GT_G_NORMAL, 0 },
	{ "PFS", kx_pfs, c_normal, m_normal, GT_G_NORMAL, 0 },
	{ "SECURE128", kx_normal, c_secure128, m_normal, GT_G_NORMAL, 0 },
	{ "SECURE", kx_normal, c_secure128, m_normal, GT_G_NORMAL, 0 },
	{ "SECURE192", kx_normal, c_secure192, m_aead, GT_G_SECURE192, 0 },
	{ "SECURE256", kx_normal, c_secure192, m_aead, GT_G_SECURE192, 0 },
	{ "SUITEB128", kx_suiteb, c_suiteb128, m_aead, GT_G_SUITEB128,
	    GT_VB_TLS12 },
	{ "SUITEB192", kx_suiteb, c_suiteb192, m_aead, GT_G_SUITEB192,
	    GT_VB_TLS12 },
	/* 3.7.9's LEGACY lists the same algorithms as NORMAL. */
	{ "LEGACY", kx_normal, c_normal, m_normal, GT_G_NORMAL, 0 },
	{ "PERFORMANCE", kx_perf, c_perf, m_normal, GT_G_NORMAL, 0 },
	{ "NONE", none, none, none, 0, 0 },
};

/* %OPTIONS of 3.7.9 (priority_options.gperf); none changes the suites. */
static const char *const gt_options[] = {
	"COMPAT", "DUMBFW", "NO_EXTENSIONS", "NO_TICKETS", "NO_TICKETS_TLS12",
	"NO_ETM", "FORCE_ETM", "NO_SESSION_HASH", "SSL3_RECORD_VERSION",
	"LATEST_RECORD_VERSION", "VERIFY_ALLOW_X509_V1_CA_CRT",
	"VERIFY_ALLOW_BROKEN", "UNSAFE_RENEGOTIATION", "SAFE_RENEGOTIATION",
	"PARTIAL_RENEGOTIATION", "DISABLE_SAFE_RENEGOTIATION",
	"DISABLE_WILDCARDS", "SERVER_PRECEDENCE", "ALLOW_SMALL_RECORDS",
	"STATELESS_COMPRESSION", "VERIFY_DISABLE_CRL_CHECKS",
	"VERIFY_ALLOW_SIGN_RSA_MD5", "VERIFY_ALLOW_SIGN_WITH_SHA1",
	"NEW_PADDING", "DEBUG_ALLOW_KEY_USAGE_VIOLATIONS", "PROFILE_VERY_WEAK",
	"PROFILE_LOW", "PROFILE_LEGACY", "PROFILE_MEDIUM", "PROFILE_HIGH",
	"PROFILE_ULTRA", "PROFILE_FUTURE", "PROFILE_SUITEB128",
	"PROFILE_SUITEB192", "FALLBACK_SCSV",
};

static const struct gt_vers {
	const char	*name;
	uint8_t		 bits;
} gt_vers_names[] = {
	{ "VERS-TLS-ALL", GT_VB_TLS },
	{ "VERS-DTLS-ALL", GT_VB_DTLS },
	{ "VERS-ALL", GT_VB_ALL },
	{ "VERS-TLS1.0", GT_VB_TLS10 },
	{ "VERS-TLS1.1", GT_VB_TLS11 },
	{ "VERS-TLS1.2", GT_VB_TLS12 },
	{ "VERS-TLS1.3", GT_VB_TLS13 },
	{ "VERS-DTLS0.9", GT_VB_DTLS10 },
	{ "VERS-DTLS1.0", GT_VB_DTLS10 },
	{ "VERS-DTLS1.2", GT_VB_DTLS12 },
	{ "VERS-SSL3.0", 0 },		/* accepted, not built in */
};

/* The last word that removed something, for why[] rows. */
struct gt_rule {
	char		 word[GT_WORD_MAX];
	int		 pos;
};

struct gt_list {
	uint8_t		 n;
	uint8_t		 v[GT_LIST_MAX];
};

struct gt_state {
	struct gt_list	 kx, cipher, mac;
	uint8_t		 vers;
	uint32_t	 groups;
	bool		 signs;		/* some SIGN-* left */
	bool		 no_ext;
	bool		 server_pref;
	struct gt_rule	 kx_rule[GT_KX_COUNT];
	struct gt_rule	 cipher_rule[GT_C_COUNT];
	struct gt_rule	 mac_rule[GT_M_COUNT];
	struct gt_rule	 vers_rule[6];	/* per GT_VB_* bit */
	struct gt_rule	 tls13_rule;	/* what turned TLS 1.3 off */
	struct gt_rule	 sign_rule, group_rule;
};

static void
gt_rule_set(struct gt_rule *r, const char *word, int pos)
{
	snprintf(r->word, sizeof(r->word), "%s", word);
	r->pos = pos;
}

static bool
gt_list_has(const struct gt_list *l, uint8_t v)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i] == v)
			return true;
	return false;
}

/* gt_list_add - prio_add: append unless present. */
static void
gt_list_add(struct gt_list *l, uint8_t v)
{
	if (v == 0 || gt_list_has(l, v) || l->n >= GT_LIST_MAX)
		return;
	l->v[l->n++] = v;
}

/* gt_list_remove - prio_remove: drop it, keeping the order. */
static void
gt_list_remove(struct gt_list *l, uint8_t v)
{
	size_t i, j;

	for (i = j = 0; i < l->n; i++)
		if (l->v[i] != v)
			l->v[j++] = l->v[i];
	l->n = j;
}

static void
gt_list_set(struct gt_list *l, const uint8_t *v, bool add)
{
	if (!add)
		l->n = 0;
	for (; *v != 0; v++)
		gt_list_add(l, *v);
}

static int
gt_lookup(const char *const *names, size_t n, const char *word)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (strcasecmp(names[i], word) == 0)
			return (int)i;
	return 0;
}

static const struct gt_level *
gt_level_find(const char *word)
{
	size_t i;

	for (i = 0; i < sizeof(gt_levels) / sizeof(gt_levels[0]); i++)
		if (strcasecmp(gt_levels[i].name, word) == 0)
			return &gt_levels[i];
	return NULL;
}

static void
gt_level_apply(struct gt_state *st, const struct gt_level *lv, bool add)
{
	gt_list_set(&st->kx, lv->kx, add);
	gt_list_set(&st->cipher, lv->cipher, add);
	gt_list_set(&st->mac, lv->mac, add);
	if (add) {
		st->groups |= lv->groups;
		st->signs = true;
		return;
	}
	st->groups = lv->groups;
	st->signs = lv->groups != 0;
	if (lv->kx == none)
		st->vers = 0;
	else if (lv->vers != 0)
		st->vers = lv->vers;
}

/* gt_all - the *-ALL words: + adds the default list, - clears. */
static bool
gt_all(struct gt_state *st, const char *name, bool add)
{
	static const uint8_t gost_c[] = { GT_C_GOST28147_TC26Z_CNT, 0 };
	static const uint8_t gost_m[] = { GT_M_GOST28147_TC26Z_IMIT, 0 };
	static const uint8_t gost_k[] = { GT_KX_VKO_GOST_12, 0 };
	struct gt_list *l;
	const uint8_t *v;
	size_t i;

	if (strcasecmp(name, "CIPHER-ALL") == 0) {
		l = &st->cipher;
		v = c_normal;
	} else if (strcasecmp(name, "MAC-ALL") == 0) {
		l = &st->mac;
		v = m_normal;
	} else if (strcasecmp(name, "KX-ALL") == 0) {
		l = &st->kx;
		v = kx_normal;
	} else if (strcasecmp(name, "CIPHER-GOST-ALL") == 0) {
		l = &st->cipher;
		v = gost_c;
	} else if (strcasecmp(name, "MAC-GOST-ALL") == 0) {
		l = &st->mac;
		v = gost_m;
	} else if (strcasecmp(name, "KX-GOST-ALL") == 0) {
		l = &st->kx;
		v = gost_k;
	} else
		return false;
	if (add)
		gt_list_set(l, v, true);
	else if (v == c_normal || v == m_normal || v == kx_normal)
		l->n = 0;
	else
		for (i = 0; v[i] != 0; i++)
			gt_list_remove(l, v[i]);
	return true;
}

static bool
gt_groups(struct gt_state *st, const char *name, bool add, int pos,
    const char *word)
{
	uint32_t bits = 0;
	size_t i;

	if (strcasecmp(name, "ALL") == 0)
		bits = add ? GT_G_NORMAL : 0xffffffffu;
	else if (strcasecmp(name, "EC-ALL") == 0)
		bits = GT_G_EC;
	else if (strcasecmp(name, "DH-ALL") == 0)
		bits = GT_G_DH;
	else if (strcasecmp(name, "GOST-ALL") == 0)
		bits = GT_G_GOST;
	else {
		for (i = 0; i < sizeof(gt_group_names) /
		    sizeof(gt_group_names[0]); i++)
			if (strcasecmp(gt_group_names[i], name) == 0)
				bits = GB(i);
		if (bits == 0)
			return false;
	}
	if (add)
		st->groups |= bits;
	else {
		st->groups &= ~bits;
		gt_rule_set(&st->group_rule, word, pos);
	}
	return true;
}

static bool
gt_vers(struct gt_state *st, const char *name, bool add, int pos,
    const char *word)
{
	size_t i, b;

	for (i = 0; i < sizeof(gt_vers_names) / sizeof(gt_vers_names[0]); i++)
		if (strcasecmp(gt_vers_names[i].name, name) == 0)
			break;
	if (i == sizeof(gt_vers_names) / sizeof(gt_vers_names[0]))
		return false;
	if (add) {
		st->vers |= gt_vers_names[i].bits;
		return true;
	}
	st->vers &= ~gt_vers_names[i].bits;
	for (b = 0; b < 6; b++)
		if (gt_vers_names[i].bits & (1u << b))
			gt_rule_set(&st->vers_rule[b], word, pos);
	return true;
}

/* gt_algo - one +/-/! word; false if GnuTLS would reject it. */
static bool
gt_algo(struct gt_state *st, const char *word, int pos)
{
	const struct gt_level *lv;
	const char *name = word + 1;
	bool add = word[0] == '+';
	int id;

	if (add && (lv = gt_level_find(name)) != NULL) {
		gt_level_apply(st, lv, true);
		return true;
	}
	if ((id = gt_lookup(gt_mac_names, GT_M_COUNT, name)) != 0) {
		if (add)
			gt_list_add(&st->mac, (uint8_t)id);
		else {
			gt_list_remove(&st->mac, (uint8_t)id);
			gt_rule_set(&st->mac_rule[id], word, pos);
		}
		return true;
	}
	if ((id = gt_lookup(gt_cipher_names, GT_C_COUNT, name)) != 0) {
		if (add)
			gt_list_add(&st->cipher, (uint8_t)id);
		else {
			gt_list_remove(&st->cipher, (uint8_t)id);
			gt_rule_set(&st->cipher_rule[id], word, pos);
		}
		return true;
	}
	if ((id = gt_lookup(gt_kx_names, GT_KX_COUNT, name)) != 0) {
		if (add)
			gt_list_add(&st->kx, (uint8_t)id);
		else {
			gt_list_remove(&st->kx, (uint8_t)id);
			gt_rule_set(&st->kx_rule[id], word, pos);
		}
		return true;
	}
	if (strcasecmp(name, "RSA-EXPORT") == 0)
		return true;		/* known, ignored since 3.4 */
	if (strncasecmp(name, "VERS-", 5) == 0)
		return gt_vers(st, name, add, pos, word);
	if (strncasecmp(name, "GROUP-", 6) == 0)
		return gt_groups(st, name + 6, add, pos, word);
	if (strncasecmp(name, "CURVE-", 6) == 0)
		return gt_groups(st, name + 6, add, pos, word);
	if (strncasecmp(name, "SIGN-", 5) == 0) {
		if (strcasecmp(name, "SIGN-ALL") == 0 && !add) {
			st->signs = false;
			gt_rule_set(&st->sign_rule, word, pos);
		} else if (add)
			st->signs = true;
		return true;
	}
	if (strncasecmp(name, "CTYPE-", 6) == 0 ||
	    strncasecmp(name, "COMP-", 5) == 0)
		return true;
	return gt_all(st, name, add);
}

static bool
gt_option(struct gt_state *st, const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(gt_options) / sizeof(gt_options[0]); i++)
		if (strcasecmp(gt_options[i], name) == 0)
			break;
	if (i == sizeof(gt_options) / sizeof(gt_options[0]))
		return false;
	if (strcasecmp(name, "SERVER_PRECEDENCE") == 0)
		st->server_pref = true;
	else if (strcasecmp(name, "NO_EXTENSIONS") == 0)
		st->no_ext = true;
	return true;
}


static const struct gt_suite *
gt_suite_find(uint8_t kx, uint8_t cipher, uint8_t mac, uint8_t maxver)
{
	size_t i;

	for (i = 0; i < sizeof(gt_suites) / sizeof(gt_suites[0]); i++)
		if (gt_suites[i].kx == kx && gt_suites[i].cipher == cipher &&
		    gt_suites[i].mac == mac && gt_suites[i].minver <= maxver &&
		    (kx != GT_KX_NONE || gt_suites[i].minver == GT_V13))
			return &gt_suites[i];
	return NULL;
}

static const struct gt_suite *
gt_suite_by_code(uint16_t code)
{
	size_t i;

	for (i = 0; i < sizeof(gt_suites) / sizeof(gt_suites[0]); i++)
		if (gt_suites[i].code == code)
			return &gt_suites[i];
	return NULL;
}

/* gt_effective - the versions left after GnuTLS's own checks. */
static uint8_t
gt_effective(struct gt_state *st)
{
	uint8_t v = st->vers;
	size_t i;

	if (!st->signs) {
		v &= ~(GT_VB_TLS12 | GT_VB_TLS13 | GT_VB_DTLS12);
		st->vers_rule[2] = st->sign_rule;
		st->vers_rule[5] = st->sign_rule;
		st->tls13_rule = st->sign_rule;
	}
	if (st->groups == 0 && (v & GT_VB_TLS13)) {
		v &= ~GT_VB_TLS13;
		st->tls13_rule = st->group_rule;
	}
	if (st->no_ext && (v & GT_VB_TLS13)) {
		v &= ~GT_VB_TLS13;
		gt_rule_set(&st->tls13_rule, "%NO_EXTENSIONS", 0);
	}
	if (gt_list_has(&st->cipher, GT_C_NULL) && (v & GT_VB_TLS13)) {
		v &= ~GT_VB_TLS13;
		gt_rule_set(&st->tls13_rule, "+NULL", 0);
	}
	for (i = 0; i < st->kx.n && (v & GT_VB_TLS13); i++) {
		if (st->kx.v[i] == GT_KX_SRP || st->kx.v[i] == GT_KX_SRP_RSA ||
		    st->kx.v[i] == GT_KX_SRP_DSS ||
		    st->kx.v[i] == GT_KX_RSA_PSK) {
			v &= ~GT_VB_TLS13;
			snprintf(st->tls13_rule.word,
			    sizeof(st->tls13_rule.word), "+%s",
			    gt_kx_names[st->kx.v[i]]);
			st->tls13_rule.pos = 0;
		}
	}
	if (st->tls13_rule.word[0] == '\0')
		st->tls13_rule = st->vers_rule[3];
	return v;
}

static void
gt_expand(struct mt_policy *p, const struct gt_state *st, uint8_t v)
{
	const struct gt_suite *s;
	uint8_t maxver;
	size_t k, c, m;

	if (v & GT_VB_TLS13)
		for (c = 0; c < st->cipher.n; c++)
			for (m = 0; m < st->mac.n; m++) {
				s = gt_suite_find(GT_KX_NONE, st->cipher.v[c],
				    st->mac.v[m], GT_V13);
				if (s != NULL &&
				    p->ntls13 < MT_POLICY_TLS13_MAX)
					p->tls13[p->ntls13++] = s->code;
			}
	if ((v & ~GT_VB_TLS13) == 0)
		return;
	maxver = (v & (GT_VB_TLS12 | GT_VB_DTLS12)) ? GT_V12 : GT_V10;
	for (k = 0; k < st->kx.n; k++)
		for (c = 0; c < st->cipher.n; c++)
			for (m = 0; m < st->mac.n; m++) {
				s = gt_suite_find(st->kx.v[k], st->cipher.v[c],
				    st->mac.v[m], maxver);
				if (s != NULL &&
				    p->nsuites < MT_POLICY_SUITES_MAX)
					p->suites[p->nsuites++] = s->code;
			}
}


/* gt_reason - the rule that kept a GnuTLS suite out. */
static const struct gt_rule *
gt_reason(const struct gt_state *st, const struct gt_suite *s, uint8_t v)
{
	static const struct gt_rule not_selected = { "not selected", 0 };
	static const struct gt_rule no_version = { "no version enabled", 0 };
	const struct gt_rule *r = NULL;
	size_t b;

	if (s->minver == GT_V13 && !(v & GT_VB_TLS13))
		r = &st->tls13_rule;
	else if (s->minver != GT_V13 && (v & ~GT_VB_TLS13) == 0) {
		for (b = 0; b < 6 && r == NULL; b++)
			if (b != 3 && st->vers_rule[b].word[0] != '\0')
				r = &st->vers_rule[b];
		if (r == NULL)
			r = &no_version;
	} else if (s->kx != GT_KX_NONE && !gt_list_has(&st->kx, s->kx))
		r = &st->kx_rule[s->kx];
	else if (!gt_list_has(&st->cipher, s->cipher))
		r = &st->cipher_rule[s->cipher];
	else if (!gt_list_has(&st->mac, s->mac))
		r = &st->mac_rule[s->mac];
	else if (s->minver == GT_V12)
		r = st->vers_rule[2].word[0] != '\0' ? &st->vers_rule[2] :
		    &st->sign_rule;
	if (r == NULL || r->word[0] == '\0')
		r = &not_selected;
	return r;
}

static void
gt_why(struct mt_policy *p, const struct gt_state *st, uint8_t v)
{
	const struct mt_suite *rs;
	const struct gt_suite *s;
	const struct gt_rule *r;
	char rule[64];
	size_t i, n;

	n = mt_suite_count();
	for (i = 0; i < n; i++) {
		rs = mt_suite_at(i);
		if (rs->flags & MT_SUITE_SCSV || mt_policy_has(p, rs->code))
			continue;
		if ((s = gt_suite_by_code(rs->code)) == NULL) {
			snprintf(rule, sizeof(rule), "unknown to %s",
			    mt_tls_lib_name(MT_LIB_GNUTLS_3_7));
			mt_policy_set_why(p, rs->code, rule, 0,
			    "priority string");
			continue;
		}
		r = gt_reason(st, s, v);
		mt_policy_set_why(p, rs->code, r->word, r->pos,
		    "priority string");
	}
}

/* gt_word - one word of the string; false if GnuTLS rejects it. */
static bool
gt_word(struct mt_policy *p, struct gt_state *st, const char *word, int pos)
{
	const struct gt_level *lv;

	if (word[0] == '@' && pos == 1) {
		mt_policy_note(p, "%s: system-wide priorities come from "
		    "/etc/gnutls/config (absent on a stock Debian 12, where "
		    "GnuTLS then rejects it); treated as NORMAL", word);
		gt_level_apply(st, &gt_levels[0], false);
		return true;
	}
	/* A level keyword sets the lists only as the first word; later
	 * GnuTLS appends it, as with "+NORMAL" (3.7.9: "SUITEB128:NORMAL"
	 * keeps the Suite B ciphers first). */
	if ((lv = gt_level_find(word)) != NULL) {
		gt_level_apply(st, lv, pos > 1);
		return true;
	}
	if (word[0] == '+' || word[0] == '-' || word[0] == '!')
		return word[1] != '\0' && gt_algo(st, word, pos);
	if (word[0] == '%') {
		if (!gt_option(st, word + 1))
			return false;
		if (strcasecmp(word, "%SERVER_PRECEDENCE") != 0 &&
		    strcasecmp(word, "%NO_EXTENSIONS") != 0)
			mt_policy_note(p, "%s does not change the suite "
			    "list", word);
		return true;
	}
	return false;
}

int
mt_policy_gnutls(struct mt_policy *p, const char *priority,
    struct mt_error *err)
{
	struct gt_state st;
	char word[GT_WORD_MAX];
	const char *s, *e;
	size_t len;
	uint8_t v;
	int pos = 0;

	mt_policy_init(p, MT_LIB_GNUTLS_3_7);
	p->seclevel = -1;
	if (priority == NULL)
		priority = "NORMAL";
	if ((len = strnlen(priority, GT_STRING_MAX + 1)) > GT_STRING_MAX) {
		mt_error_setx(err, MT_ERR_INPUT, "gnutls priority string "
		    "longer than %d bytes", GT_STRING_MAX);
		return -1;
	}
	snprintf(p->label, sizeof(p->label), "gnutls:%s", priority);
	memset(&st, 0, sizeof(st));
	st.vers = GT_VB_ALL;
	s = priority;
	for (;;) {
		if (++pos > GT_WORDS_MAX) {
			mt_error_setx(err, MT_ERR_INPUT, "gnutls priority "
			    "string: more than %d words", GT_WORDS_MAX);
			return -1;
		}
		if ((e = strchr(s, ':')) == NULL)
			e = s + strlen(s);
		if ((size_t)(e - s) >= sizeof(word)) {
			mt_error_setx(err, MT_ERR_INPUT, "gnutls priority "
			    "string: word %d is too long", pos);
			return -1;
		}
		memcpy(word, s, (size_t)(e - s));
		word[e - s] = '\0';
		if (!gt_word(p, &st, word, pos)) {
			mt_error_setx(err, MT_ERR_INPUT, "gnutls priority "
			    "string: syntax error at word %d \"%.64s\"", pos,
			    word);
			return -1;
		}
		if (*e == '\0')
			break;
		s = e + 1;
	}
	v = gt_effective(&st);
	gt_expand(p, &st, v);
	if (p->nsuites + p->ntls13 == 0) {
		mt_error_setx(err, MT_ERR_INPUT, "gnutls priority string "
		    "\"%.64s\": no or insufficient priorities were set",
		    priority);
		return -1;
	}
	p->versions = 0;
	if (v & GT_VB_TLS10)
		p->versions |= MT_VBIT_TLS10;
	if (v & GT_VB_TLS11)
		p->versions |= MT_VBIT_TLS11;
	if (v & GT_VB_TLS12)
		p->versions |= MT_VBIT_TLS12;
	if (v & GT_VB_TLS13)
		p->versions |= MT_VBIT_TLS13;
	p->server_pref = st.server_pref;
	gt_why(p, &st, v);
	return 0;
}
