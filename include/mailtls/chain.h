/*
 * chain.h - certificate chain facts and verification (X.509, RFC 5280,
 * RFC 6125 name checks)
 *
 * mt_chain_analyze() takes the chain exactly as the server sent it (DER,
 * leaf first) and fills a plain result struct.  No network; the trust
 * store is the system default or a CA file.  Time is injected (at), so
 * results never depend on the wall clock unless the caller asks.
 */
#ifndef MAILTLS_CHAIN_H
#define MAILTLS_CHAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "mailtls/error.h"

#define MT_CHAIN_CERTS_MAX	16
#define MT_CHAIN_NAMES_MAX	4

struct mt_cert_info {
	char		 subject[256];	/* RFC 2253 one-line */
	char		 issuer[256];
	char		 sans[512];	/* "DNS:mx.example, IP:127.0.0.1" */
	char		 serial[80];	/* hex */
	time_t		 not_before;
	time_t		 not_after;
	char		 key_type[16];	/* RSA, EC, Ed25519, DSA */
	int		 key_bits;
	char		 curve[32];	/* EC curve name, or "" */
	char		 sig_alg[64];	/* sha256WithRSAEncryption */
	bool		 is_ca;
	bool		 self_signed;	/* subject == issuer and self-verifies */
	char		 sha256[65];	/* certificate fingerprint, hex */
	char		 spki_sha256[65]; /* SubjectPublicKeyInfo hash, hex */
};

struct mt_chain_opts {
	const char	*cafile;	/* NULL: system default store */
	const char	*capath;	/* NULL: none beyond the default */
	time_t		 at;		/* check validity at this time */
	const char	*names[MT_CHAIN_NAMES_MAX]; /* names to match, NULL end */
};

/* Problems, as bits of struct mt_chain_report.problems. */
#define MT_CHAIN_EXPIRED		0x0001	/* a cert is past not_after */
#define MT_CHAIN_NOT_YET_VALID		0x0002
#define MT_CHAIN_SELF_SIGNED_LEAF	0x0004
#define MT_CHAIN_MISSING_INTERMEDIATE	0x0008	/* issuer not sent, not trusted */
#define MT_CHAIN_UNTRUSTED_ROOT		0x0010	/* complete, root not trusted */
#define MT_CHAIN_WRONG_ORDER		0x0020	/* certs[i+1] did not issue certs[i] */
#define MT_CHAIN_WEAK_KEY		0x0040	/* RSA < 2048, EC < 224 */
#define MT_CHAIN_WEAK_SIGNATURE		0x0080	/* MD5 or SHA-1 (not on roots) */
#define MT_CHAIN_NAME_MISMATCH		0x0100	/* no name in opts->names matched */
#define MT_CHAIN_EXTRA_CERTS		0x0200	/* certs not part of the path */
#define MT_CHAIN_ROOT_SENT		0x0400	/* the server sends the root too */
#define MT_CHAIN_UNPARSEABLE		0x0800	/* a cert did not decode */

struct mt_chain_report {
	size_t		 ncerts;
	struct mt_cert_info certs[MT_CHAIN_CERTS_MAX];	/* as sent */
	bool		 verified;	/* path to a trusted root at opts->at */
	int		 verify_code;	/* X509_V_ERR_*, 0 if verified */
	int		 verify_depth;	/* depth of the error */
	char		 verify_error[128]; /* X509_verify_cert_error_string */
	bool		 name_ok;
	char		 matched_name[256]; /* the name in opts->names that matched */
	uint32_t	 problems;	/* MT_CHAIN_* */
	time_t		 at;		/* the time the check used */
};

/*
 * mt_chain_analyze - analyse a chain as sent (DER, leaf first).  der[i]
 * and len[i] are borrowed.  Returns 0 and fills *out (problems are
 * findings, not errors), or -1 with err set if nothing could be decoded
 * or the trust store could not be loaded.
 */
int	 mt_chain_analyze(const uint8_t *const *der, const size_t *len,
	    size_t n, const struct mt_chain_opts *opts,
	    struct mt_chain_report *out, struct mt_error *err);

#endif /* MAILTLS_CHAIN_H */
