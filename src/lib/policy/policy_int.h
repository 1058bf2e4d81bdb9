/*
 * policy_int.h - internals shared by the files of src/lib/policy
 *
 * Purpose: the OpenSSL algorithm bits of a suite (openssl_algs.c), the
 * per-dialect tables (dialect.c), the cipher-string engine (cipherstr.c)
 * and the why[]/notes helpers every policy file uses (policy.c).
 * Trust: the tables are ours; strings reaching the engine are untrusted.
 * Ownership: every pointer returned points into static tables.
 */
#ifndef MT_POLICY_INT_H
#define MT_POLICY_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mailtls/policy.h"
#include "mailtls/registry.h"

/* Caps on cipher strings (OpenSSL itself takes any length). */
#define MT_CIPHERSTR_MAX	(64 * 1024)	/* bytes in one string */
#define MT_CIPHERSTR_WORD_MAX	128		/* bytes in one word */
#define MT_CIPHERSTR_WORDS_MAX	2048		/* words in one string */

/* Key exchange (OpenSSL SSL_k*; ours where OpenSSL has none). */
#define MT_K_RSA	0x00000001u
#define MT_K_DHE	0x00000002u
#define MT_K_ECDHE	0x00000004u
#define MT_K_PSK	0x00000008u
#define MT_K_GOST	0x00000010u
#define MT_K_SRP	0x00000020u
#define MT_K_RSAPSK	0x00000040u
#define MT_K_ECDHEPSK	0x00000080u
#define MT_K_DHEPSK	0x00000100u
#define MT_K_GOST18	0x00000200u
#define MT_K_ANY	0x00000400u	/* TLS 1.3 */
#define MT_K_DHR	0x00000800u	/* static DH, RSA-signed (1.0.2) */
#define MT_K_DHD	0x00001000u	/* static DH, DSS-signed (1.0.2) */
#define MT_K_ECDHR	0x00002000u	/* static ECDH (1.0.2) */
#define MT_K_ECDHE_S	0x00004000u	/* static ECDH, ECDSA cert (1.0.2) */
#define MT_K_KRB5	0x00008000u
#define MT_K_FZA	0x00010000u
#define MT_K_ECCPWD	0x00020000u
#define MT_K_CECPQ1	0x00040000u
#define MT_K_PSK_ALL	(MT_K_PSK | MT_K_RSAPSK | MT_K_ECDHEPSK | MT_K_DHEPSK)

/* Authentication (SSL_a*). */
#define MT_A_RSA	0x00000001u
#define MT_A_DSS	0x00000002u
#define MT_A_NULL	0x00000004u
#define MT_A_ECDSA	0x00000008u
#define MT_A_PSK	0x00000010u
#define MT_A_GOST01	0x00000020u
#define MT_A_SRP	0x00000040u
#define MT_A_GOST12	0x00000080u
#define MT_A_ANY	0x00000100u
#define MT_A_DH		0x00000200u
#define MT_A_ECDH	0x00000400u
#define MT_A_KRB5	0x00000800u
#define MT_A_FZA	0x00001000u
#define MT_A_ECCPWD	0x00002000u

/* Symmetric encryption (SSL_* enc bits). */
#define MT_E_DES	0x00000001u
#define MT_E_3DES	0x00000002u
#define MT_E_RC4	0x00000004u
#define MT_E_RC2	0x00000008u
#define MT_E_IDEA	0x00000010u
#define MT_E_NULL	0x00000020u
#define MT_E_AES128	0x00000040u
#define MT_E_AES256	0x00000080u
#define MT_E_CAM128	0x00000100u
#define MT_E_CAM256	0x00000200u
#define MT_E_GOST89	0x00000400u
#define MT_E_SEED	0x00000800u
#define MT_E_AES128GCM	0x00001000u
#define MT_E_AES256GCM	0x00002000u
#define MT_E_AES128CCM	0x00004000u
#define MT_E_AES256CCM	0x00008000u
#define MT_E_AES128CCM8	0x00010000u
#define MT_E_AES256CCM8	0x00020000u
#define MT_E_GOST8912	0x00040000u
#define MT_E_CHACHA	0x00080000u
#define MT_E_ARIA128GCM	0x00100000u
#define MT_E_ARIA256GCM	0x00200000u
#define MT_E_MAGMA	0x00400000u
#define MT_E_KUZ	0x00800000u
#define MT_E_CAMGCM	0x01000000u	/* no OpenSSL alias selects these */
#define MT_E_ARIACBC	0x02000000u
#define MT_E_SM4	0x04000000u
#define MT_E_AEGIS	0x08000000u
#define MT_E_FZA	0x10000000u
#define MT_E_MGM	0x20000000u
#define MT_E_AESGCM	(MT_E_AES128GCM | MT_E_AES256GCM)
#define MT_E_AESCCM	(MT_E_AES128CCM | MT_E_AES256CCM | MT_E_AES128CCM8 | \
			    MT_E_AES256CCM8)
#define MT_E_AES	(MT_E_AES128 | MT_E_AES256 | MT_E_AESGCM | MT_E_AESCCM)
#define MT_E_CAMELLIA	(MT_E_CAM128 | MT_E_CAM256)
#define MT_E_ARIA	(MT_E_ARIA128GCM | MT_E_ARIA256GCM)
#define MT_E_CBC	(MT_E_DES | MT_E_3DES | MT_E_RC2 | MT_E_IDEA | \
			    MT_E_AES128 | MT_E_AES256 | MT_E_CAMELLIA | MT_E_SEED)

/* MAC (SSL_* mac bits). */
#define MT_M_MD5	0x00000001u
#define MT_M_SHA1	0x00000002u
#define MT_M_GOST94	0x00000004u
#define MT_M_GOST89MAC	0x00000008u
#define MT_M_SHA256	0x00000010u
#define MT_M_SHA384	0x00000020u
#define MT_M_AEAD	0x00000040u
#define MT_M_GOST12_256	0x00000080u
#define MT_M_GOST89MAC12 0x00000100u
#define MT_M_GOST12_512	0x00000200u
#define MT_M_MAGMAOMAC	0x00000400u

/* algo_strength: one class, FIPS, and "not in DEFAULT". */
#define MT_S_NONE	0x01u
#define MT_S_LOW	0x02u
#define MT_S_MEDIUM	0x04u
#define MT_S_HIGH	0x08u
#define MT_S_FIPS	0x10u
#define MT_S_EXPORT	0x40u
#define MT_S_NOT_DEFAULT 0x20u
#define MT_S_STRONG_MASK (MT_S_NONE | MT_S_LOW | MT_S_MEDIUM | MT_S_HIGH | \
			    MT_S_FIPS | MT_S_EXPORT)
#define MT_S_DEFAULT_MASK MT_S_NOT_DEFAULT

/* A suite as OpenSSL's rule engine sees it. */
struct mt_ossl_cipher {
	uint16_t	 code;
	const char	*name;		/* the dialect's name */
	uint32_t	 mkey, auth, enc, mac;
	uint16_t	 min_tls, max_tls;	/* MT_SSL3 .. MT_TLS13 */
	uint8_t		 strength;	/* MT_S_* */
	uint16_t	 strength_bits, alg_bits;
};

/* openssl_algs.c: bits derived from the registry row; false when the
 * row is no suite (SCSV, NULL_WITH_NULL_NULL). */
bool	 mt_ossl_cipher_from_suite(const struct mt_suite *,
	    struct mt_ossl_cipher *);

/* An alias of the cipher-string grammar. */
struct mt_ossl_alias {
	const char	*name;
	uint32_t	 mkey, auth, enc, mac;
	uint16_t	 min_tls;
	uint8_t		 strength;
	uint8_t		 libs;		/* 1 << enum mt_tls_lib */
};

/* dialect.c: per-library tables, built once. */
struct mt_ossl_dialect {
	int		 lib;
	size_t		 nciphers;	/* base order, TLS 1.3 included only
					 * where the cipher string holds it */
	struct mt_ossl_cipher ciphers[MT_POLICY_SUITES_MAX];
	size_t		 ntls13;	/* TLS 1.3 suites it knows */
	uint16_t	 tls13[MT_POLICY_TLS13_MAX];
	const char	*default_list;	/* what "DEFAULT" expands to */
	const char	*default_tls13;	/* default ciphersuites, or NULL */
	bool		 has_seclevel;	/* @SECLEVEL and security levels */
	bool		 eq_in_words;	/* '=' is a word character */
	bool		 tls13_in_list;	/* LibreSSL */
	int		 seclevel;	/* default security level, -1 */
	uint8_t		 versions;	/* MT_VBIT_* enabled by default */
	uint8_t		 known[65536 / 8];	/* codes it has, a bitmap */
};

const struct mt_ossl_dialect *mt_ossl_dialect(int lib);
/* mt_ossl_alias_find - alias of name (len bytes) in lib, or NULL. */
const struct mt_ossl_alias *mt_ossl_alias_find(int lib, const char *,
	    size_t);
/* mt_ossl_knows - whether lib has the suite at all. */
bool	 mt_ossl_knows(int lib, uint16_t code);

/* policy.c: helpers shared by all policy files. */
/* mt_policy_note - append a note (silently dropped past NOTES_MAX). */
void	 mt_policy_note(struct mt_policy *, const char *, ...)
	    __attribute__((__format__(__printf__, 2, 3)));
/* mt_policy_set_why - record (or replace) why code is absent. */
void	 mt_policy_set_why(struct mt_policy *, uint16_t code,
	    const char *rule, int pos, const char *where);
/* mt_policy_fill_why_missing - a "not selected" row for every registry
 * suite (SCSVs left out) neither in the policy nor in why[] yet. */
void	 mt_policy_fill_why_missing(struct mt_policy *, const char *where);
/* mt_policy_has - whether code is in suites[] or tls13[]. */
bool	 mt_policy_has(const struct mt_policy *, uint16_t);


#endif /* MT_POLICY_INT_H */
