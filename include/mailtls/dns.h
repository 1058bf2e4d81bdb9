/*
 * dns.h - validated DNS through libunbound (RFC 4033-4035): every answer
 * carries its DNSSEC status, and bogus data is never handed out as data
 *
 * One context per run, shared by all lookups (its cache lives as long as
 * the context).  Answers are untrusted bytes: rdata is copied and
 * bounded; parsers of TXT, MX and TLSA rdata read through mt_cbs.
 */
#ifndef MAILTLS_DNS_H
#define MAILTLS_DNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mailtls/error.h"

#define MT_DNS_TYPE_A		1
#define MT_DNS_TYPE_CNAME	5
#define MT_DNS_TYPE_MX		15
#define MT_DNS_TYPE_TXT		16
#define MT_DNS_TYPE_AAAA	28
#define MT_DNS_TYPE_TLSA	52

#define MT_DNS_RR_MAX		32	/* records kept per answer */
#define MT_DNS_RDATA_MAX	4096	/* bytes kept per record */

enum mt_dns_sec {
	MT_DNS_INDETERMINATE = 0,	/* no answer to judge (timeout, ...) */
	MT_DNS_SECURE,			/* validated (AD) */
	MT_DNS_INSECURE,		/* provably unsigned */
	MT_DNS_BOGUS,			/* failed validation: never use it */
};

struct mt_dns_opts {
	const char	*trust_anchor;	/* DS/DNSKEY file; NULL: the system's
					 * (/usr/share/dns/root.key) */
	const char	*resolver;	/* forward to "ADDR[@PORT]"; NULL: recurse
					 * or use resolv_conf */
	const char	*resolv_conf;	/* forwarders from this file */
	const char	*unblock_zone;	/* a special-use zone to take out of
					 * unbound's built-in local zones
					 * ("test." for the lab), or NULL */
	int		 timeout_ms;	/* per lookup; 0: 5000 */
};

struct mt_dns_answer {
	char		 qname[256];
	uint16_t	 qtype;
	int		 rcode;		/* DNS rcode (0 NOERROR, 3 NXDOMAIN) */
	bool		 nxdomain;
	bool		 havedata;	/* false when sec == BOGUS, always */
	int		 sec;		/* enum mt_dns_sec */
	char		 why_bogus[256];
	char		 canonname[256]; /* name after following CNAMEs */
	size_t		 n;
	uint8_t		*rdata[MT_DNS_RR_MAX];	/* owned copies */
	size_t		 rdlen[MT_DNS_RR_MAX];
	unsigned	 ttl;
};

struct mt_dns;

/* mt_dns_new - a validating context; -1-style NULL with err set. */
struct mt_dns	*mt_dns_new(const struct mt_dns_opts *, struct mt_error *);
void		 mt_dns_free(struct mt_dns *);
/*
 * mt_dns_lookup - resolve name/type and fill *ans (clear it with
 * mt_dns_answer_clear).  Returns 0 whenever an answer, however bad, was
 * judged (NXDOMAIN, bogus, insecure included); -1 with err only when the
 * lookup itself could not be made.  For BOGUS answers no rdata is given.
 */
int		 mt_dns_lookup(struct mt_dns *, const char *name, uint16_t type,
		    struct mt_dns_answer *ans, struct mt_error *err);
void		 mt_dns_answer_clear(struct mt_dns_answer *);
/*
 * The same lookups on a libevent loop: mt_dns_attach() makes libunbound's
 * fd a read event on base (added only while lookups are outstanding, so
 * an idle resolver never keeps the loop running); each
 * mt_dns_lookup_start() calls cb exactly once, from the loop, with the
 * answer (which the callback owns and clears) and 0, or -1 and the reason
 * (a timeout included).  The probe can share the same base.
 */
struct event_base;
typedef void	 mt_dns_cb(struct mt_dns_answer *ans, int status,
		    const struct mt_error *err, void *arg);
int		 mt_dns_attach(struct mt_dns *, struct event_base *,
		    struct mt_error *);
int		 mt_dns_lookup_start(struct mt_dns *, const char *name,
		    uint16_t type, mt_dns_cb *cb, void *arg, struct mt_error *);

/* mt_dns_sec_name - "secure", "insecure", "bogus", "indeterminate". */
const char	*mt_dns_sec_name(int);

/* Record parsers (untrusted rdata); false on malformed rdata. */
struct mt_mx {
	uint16_t	 pref;
	char		 host[256];	/* "." for a null MX (RFC 7505) */
};
bool		 mt_dns_parse_mx(const uint8_t *, size_t, struct mt_mx *);
/* mt_dns_parse_txt - the character-strings joined into out (cap bytes,
 * NUL-terminated); false if malformed or longer than cap - 1. */
bool		 mt_dns_parse_txt(const uint8_t *, size_t, char *out,
		    size_t cap);

#endif /* MAILTLS_DNS_H */
