/*
 * registry.h - TLS registries: cipher suites, named groups, signature
 * schemes, alerts, extension types, protocol versions
 *
 * The tables are generated at build time from the .tsv files in data/
 * (one row per code point) by tools/gen_registry.py.  Every pointer returned here points
 * into static tables and is valid for the life of the program.
 */
#ifndef MAILTLS_REGISTRY_H
#define MAILTLS_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Protocol versions as on the wire. */
#define MT_SSL2		0x0002
#define MT_SSL3		0x0300
#define MT_TLS10	0x0301
#define MT_TLS11	0x0302
#define MT_TLS12	0x0303
#define MT_TLS13	0x0304

/* Version bit masks (struct mt_suite.versions). */
#define MT_VBIT_SSL3	0x01
#define MT_VBIT_TLS10	0x02
#define MT_VBIT_TLS11	0x04
#define MT_VBIT_TLS12	0x08
#define MT_VBIT_TLS13	0x10

/* Suite flags. */
#define MT_SUITE_AEAD	0x0001
#define MT_SUITE_FS	0x0002	/* forward secrecy (ephemeral kx, TLS 1.3) */
#define MT_SUITE_EXPORT	0x0004
#define MT_SUITE_ANON	0x0008	/* no authentication */
#define MT_SUITE_NULL	0x0010	/* no encryption */
#define MT_SUITE_SCSV	0x0020	/* signalling value, not a suite */
#define MT_SUITE_OPENSSL 0x0040	/* the local OpenSSL 3 can negotiate it */

enum mt_strength {
	MT_STRENGTH_NONE = 0,	/* NULL encryption */
	MT_STRENGTH_EXPORT,
	MT_STRENGTH_LOW,
	MT_STRENGTH_MEDIUM,
	MT_STRENGTH_HIGH,
};

struct mt_suite {
	uint16_t	 code;
	const char	*iana;		/* TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 */
	const char	*openssl;	/* ECDHE-RSA-AES128-GCM-SHA256, or NULL */
	const char	*kx;		/* OpenSSL "Kx=" word: RSA, ECDH, DH, ... */
	const char	*au;		/* OpenSSL "Au=" word: RSA, ECDSA, None, ... */
	const char	*enc;		/* cipher name as in "Enc=": AESGCM, ... */
	uint16_t	 enc_bits;	/* effective key bits */
	const char	*mac;		/* SHA1, SHA256, AEAD, ... */
	uint16_t	 flags;		/* MT_SUITE_* */
	uint8_t		 versions;	/* MT_VBIT_* where it may be negotiated */
	uint8_t		 strength;	/* enum mt_strength (OpenSSL class) */
};

size_t		 mt_suite_count(void);
const struct mt_suite *mt_suite_at(size_t);
const struct mt_suite *mt_suite_by_code(uint16_t);
/* mt_suite_by_name - IANA or OpenSSL name, case-insensitive; NULL if none. */
const struct mt_suite *mt_suite_by_name(const char *);
const char	*mt_strength_name(int);		/* "HIGH", "MEDIUM", ... */

enum mt_group_kind {
	MT_GROUP_EC = 1,	/* named elliptic curve */
	MT_GROUP_ECX,		/* x25519/x448 */
	MT_GROUP_FFDHE,		/* RFC 7919 */
	MT_GROUP_HYBRID,	/* post-quantum hybrid */
	MT_GROUP_OTHER,
};

struct mt_group {
	uint16_t	 code;
	const char	*name;		/* IANA: secp256r1, x25519, ffdhe2048 */
	const char	*openssl;	/* OpenSSL name: prime256v1, X25519 */
	uint8_t		 kind;		/* enum mt_group_kind */
	uint16_t	 bits;		/* security-relevant size */
};

size_t		 mt_group_count(void);
const struct mt_group *mt_group_at(size_t);
const struct mt_group *mt_group_by_code(uint16_t);
const struct mt_group *mt_group_by_name(const char *);

struct mt_sigalg {
	uint16_t	 code;
	const char	*name;		/* rsa_pss_rsae_sha256 */
};

size_t		 mt_sigalg_count(void);
const struct mt_sigalg *mt_sigalg_at(size_t);
const struct mt_sigalg *mt_sigalg_by_code(uint16_t);

struct mt_alert {
	uint8_t		 code;
	const char	*name;		/* handshake_failure */
	const char	*text;		/* OpenSSL wording: "handshake failure" */
};

const struct mt_alert *mt_alert_by_code(uint8_t);

struct mt_extension {
	uint16_t	 code;
	const char	*name;		/* supported_versions */
};

const struct mt_extension *mt_extension_by_code(uint16_t);

/* mt_version_name - "SSLv3", "TLSv1.0" ... "TLSv1.3", or "unknown". */
const char	*mt_version_name(uint16_t);
/* mt_version_bit - MT_VBIT_* for a wire version, 0 if none. */
uint8_t		 mt_version_bit(uint16_t);

#endif /* MAILTLS_REGISTRY_H */
