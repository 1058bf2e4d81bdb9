/*
 * danecheck.h - what a DANE-validating sender (RFC 7672) sees for a
 * domain: validated MX, TLSA per MX host, the chain each host presents,
 * which record matches which certificate, and the verdict
 *
 * mt_danecheck_run() does the I/O (validated DNS, one TLS handshake per
 * MX host) and fills plain result structs the caller renders.
 */
#ifndef MAILTLS_DANECHECK_H
#define MAILTLS_DANECHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "mailtls/chain.h"
#include "mailtls/dane.h"
#include "mailtls/dns.h"
#include "mailtls/error.h"

#define MT_DANECHECK_MX_MAX	16

enum mt_dane_verdict {
	MT_DANE_V_VERIFIED = 0,	/* DANE applies and authenticates the host */
	MT_DANE_V_FAILED,	/* DANE applies, no record matches: defer */
	MT_DANE_V_BOGUS,	/* DNSSEC failed: mail must not be sent */
	MT_DANE_V_NOT_APPLICABLE, /* insecure, or no TLSA (authenticated) */
	MT_DANE_V_UNREACHABLE,	/* DANE applies, but no TLS session */
	MT_DANE_V_DEFERRED,	/* a lookup failed (SERVFAIL, timeout):
				 * a sender defers */
	MT_DANE_V_ENCRYPT_ONLY,	/* secure TLSA, none usable for SMTP (RFC
				 * 7672 3.1.3): TLS without authentication */
};

struct mt_danecheck_mx {
	char		 host[256];	/* MX host as published */
	uint16_t	 pref;
	char		 canon[256];	/* after CNAMEs (A lookup) */
	int		 a_sec;		/* enum mt_dns_sec of the address */
	char		 address[64];	/* connected to, "" if none */
	char		 tlsa_name[300]; /* _25._tcp.host. (the one that held the
					 * records, after RFC 7672 2.2.2) */
	int		 tlsa_sec;	/* enum mt_dns_sec */
	bool		 tlsa_nxdomain;
	char		 tlsa_why[256];	/* why bogus */
	size_t		 ntlsa;
	struct mt_tlsa	 tlsa[MT_DANE_RECORDS_MAX];
	size_t		 ntlsa_malformed; /* records that did not parse */
	bool		 tlsa_base_canon; /* the TLSA base domain is canon */
	bool		 connected;	/* got a chain */
	char		 connect_error[256];
	struct mt_chain_report chain;	/* as sent; verification by PKIX too */
	struct mt_dane_result dane;	/* valid when ntlsa > 0 && connected */
	int		 verdict;	/* enum mt_dane_verdict */
	char		 summary[256];	/* one line */
	char		 postfix[256];	/* what Postfix at level dane does */
	bool		 sts_listed;	/* the MTA-STS policy names this host */
	bool		 sts_cert_ok;	/* PKIX-valid for the host (RFC 8461 4.2) */
};

/* MTA-STS (RFC 8461) and TLS-RPT (RFC 8460) of the domain. */
struct mt_danecheck_sts {
	int		 txt_sec;	/* enum mt_dns_sec of _mta-sts TXT */
	bool		 txt_found;	/* one valid v=STSv1 record */
	char		 id[40];
	char		 txt_error[200];
	bool		 fetched;	/* the policy came and parsed */
	char		 fetch_error[256];
	char		 fetch_result[40]; /* TLS-RPT result type of a failure */
	char		 mode[16];	/* enforce, testing, none */
	unsigned	 max_age;
	size_t		 nmx;
	char		 mx[8][256];	/* the first patterns */
	int		 rpt_sec;	/* enum mt_dns_sec of _smtp._tls TXT */
	bool		 rpt_found;
	char		 rpt_rua[512];	/* "mailto:..., https://..." */
	char		 rpt_error[200];
};

struct mt_danecheck {
	char		 domain[256];
	uint16_t	 port;
	int		 mx_sec;	/* enum mt_dns_sec of the MX RRset */
	char		 mx_why[256];
	bool		 implicit_mx;	/* no MX: the domain itself (RFC 5321) */
	bool		 null_mx;	/* RFC 7505 */
	size_t		 nmx;
	struct mt_danecheck_mx mx[MT_DANECHECK_MX_MAX];
	time_t		 at;		/* the time certificates were checked */
	struct mt_danecheck_sts sts;
	double		 elapsed;
};

struct mt_danecheck_opts {
	struct mt_dns_opts dns;
	uint16_t	 port;		/* 0: 25; the TLSA name follows it */
	time_t		 at;		/* 0: now */
	int		 timeout_ms;
	const char	*cafile;	/* for the PKIX view of each chain */
	bool		 no_sts_fetch;	/* look up the TXT records only */
	const char	*sts_cafile;	/* CAs for the policy host; NULL: system */
	const char	*sts_connect;	/* fetch from this address instead */
	int		 sts_port;	/* 0: 443 */
};

/*
 * mt_danecheck_run - check domain; fills *out.  Returns 0 when the check
 * ran (each MX has its verdict), -1 with err when nothing could be looked
 * up at all (no trust anchor, resolver unusable).
 */
int	 mt_danecheck_run(const char *domain, const struct mt_danecheck_opts *,
	    struct mt_danecheck *out, struct mt_error *err);
/* mt_dane_verdict_name - "verified", "failed", "bogus", ... */
const char *mt_dane_verdict_name(int);

#endif /* MAILTLS_DANECHECK_H */
