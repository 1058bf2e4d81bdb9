/*
 * dane.h - DANE TLSA records for SMTP (RFC 6698, RFC 7671, RFC 7672):
 * parse, generate, and match against a certificate chain as sent
 *
 * Pure code over libcrypto: no I/O.  Records come from validated DNS
 * (dns.h) or from text; chains are DER, leaf first, as the server sent
 * them.  For SMTP only DANE-TA(2) and DANE-EE(3) are usable (RFC 7672
 * 3.1.3); PKIX-TA(0) and PKIX-EE(1) records are reported as unusable.
 */
#ifndef MAILTLS_DANE_H
#define MAILTLS_DANE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "mailtls/error.h"

#define MT_TLSA_DATA_MAX	4096	/* a full certificate (mtype 0) */
#define MT_DANE_RECORDS_MAX	32
#define MT_DANE_SUGGEST_MAX	4

struct mt_tlsa {
	uint8_t		 usage;		/* 0 PKIX-TA .. 3 DANE-EE */
	uint8_t		 selector;	/* 0 Cert, 1 SPKI */
	uint8_t		 mtype;		/* 0 Full, 1 SHA2-256, 2 SHA2-512 */
	size_t		 len;
	uint8_t		 data[MT_TLSA_DATA_MAX];
};

/* mt_tlsa_parse - wire rdata (untrusted); -1 with err naming the defect. */
int	 mt_tlsa_parse(const uint8_t *, size_t, struct mt_tlsa *,
	    struct mt_error *);
/* mt_tlsa_from_text - "3 1 1 8887e2ea..." (zone-file rdata). */
int	 mt_tlsa_from_text(const char *, struct mt_tlsa *, struct mt_error *);
/* mt_tlsa_make - the record for certificate der with these parameters. */
int	 mt_tlsa_make(const uint8_t *der, size_t len, int usage,
	    int selector, int mtype, struct mt_tlsa *, struct mt_error *);
/*
 * mt_tlsa_format - zone-file form into buf: with owner,
 * "_25._tcp.mx.example.org. IN TLSA 3 1 1 8887e2ea..."; without, the
 * rdata only.  Lower-case hex.  Returns the length it needed (snprintf).
 */
size_t	 mt_tlsa_format(const struct mt_tlsa *, const char *owner, char *buf,
	    size_t cap);

/* What one record matched. */
#define MT_DANE_NO_MATCH	-1	/* usable, matches no certificate */
#define MT_DANE_UNUSABLE	-2	/* usage 0/1, or unknown parameters */

struct mt_dane_result {
	size_t		 nrecords;
	int		 depth[MT_DANE_RECORDS_MAX]; /* per record: the depth
					 * of the certificate it matched (0 the
					 * leaf), or MT_DANE_NO_MATCH/UNUSABLE */
	bool		 usable;	/* at least one usable record */
	bool		 verified;	/* DANE authentication succeeded */
	int		 matched_record; /* index, -1 if none */
	int		 matched_depth;
	bool		 name_checked;	/* usage 2 matched: names were checked */
	bool		 name_ok;	/* RFC 7672 3.2.3: MX host (or TLSA base
					 * domain) in the leaf */
	bool		 stale;		/* usable records, none matches */
	char		 reason[256];	/* one line: why not, or how */
	size_t		 nsuggest;	/* records that would match now */
	struct mt_tlsa	 suggest[MT_DANE_SUGGEST_MAX];
	char		 suggest_why[MT_DANE_SUGGEST_MAX][96];
};

/*
 * mt_dane_verify - match records against the chain as sent (DER, leaf
 * first).  Usage 3 matches the leaf only; usage 2 matches any certificate
 * above (or at) the leaf as a trust anchor, and then the chain from the
 * leaf up to it must verify (signatures; validity at `at`, 0 = now, per
 * RFC 7672 expiry of the TA cert is not checked) and the leaf must carry
 * one of names (NULL-terminated: the MX host, then the TLSA base domain).
 * Fills suggestions when nothing matches: 3 1 1 for the leaf, 2 1 1 for
 * the top certificate sent.  Returns 0, or -1 with err when no
 * certificate decodes.
 */
int	 mt_dane_verify(const struct mt_tlsa *recs, size_t n,
	    const uint8_t *const *der, const size_t *len, size_t ncerts,
	    const char *const *names, time_t at, struct mt_dane_result *,
	    struct mt_error *);

/* mt_tlsa_usage_name - "DANE-EE", "DANE-TA", "PKIX-EE", "PKIX-TA". */
const char *mt_tlsa_usage_name(int);

#endif /* MAILTLS_DANE_H */
