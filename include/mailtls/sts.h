/*
 * sts.h - MTA-STS (RFC 8461) and SMTP TLS Reporting (RFC 8460)
 *
 * Parsers of the _mta-sts and _smtp._tls TXT records, of the MTA-STS
 * policy file, the MX pattern match of RFC 8461 4.1, the policy fetch over
 * HTTPS (libcurl; certificate verified, redirects refused, size and time
 * capped) and the reader of TLS-RPT aggregate reports (JSON, optionally
 * gzip'd).  All input is untrusted; every parser is bounded and reports a
 * clear error naming the line or field.  Result structs are filled by
 * value (fixed buffers) except mt_tlsrpt_report, which is allocated and
 * freed with mt_tlsrpt_report_free().
 */
#ifndef MAILTLS_STS_H
#define MAILTLS_STS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mailtls/error.h"

#define MT_STS_ID_MAX		32		/* sts-id: 1*32(ALPHA / DIGIT) */
#define MT_STS_MX_MAX		64		/* mx patterns kept */
#define MT_STS_POLICY_MAX	(64 * 1024)	/* policy file bytes */
#define MT_STS_MAX_AGE_MAX	31557600	/* RFC 8461 3.2 */
#define MT_STS_TXT_MAX		4096		/* one TXT record, bytes */
#define MT_TLSRPT_RUA_MAX	16		/* rua URIs kept */
#define MT_TLSRPT_REPORT_MAX	(50 * 1024 * 1024) /* decompressed bytes */

/* _mta-sts TXT (RFC 8461 3.1): "v=STSv1; id=20190429T010101;" */
struct mt_sts_txt {
	char	 id[MT_STS_ID_MAX + 1];
	size_t	 nextensions;		/* unknown fields seen (ignored) */
};

/*
 * mt_sts_txt_candidate - true if txt starts with "v=STSv1" followed by
 * ';', white space or its end: RFC 8461 3.1 discards other records before
 * counting.  mt_sts_txt_parse - parse one record; -1 with err (INPUT)
 * naming the field.  Borrows txt; fills *out.
 */
bool	 mt_sts_txt_candidate(const char *txt);
int	 mt_sts_txt_parse(const char *txt, struct mt_sts_txt *out,
	    struct mt_error *err);

enum mt_sts_mode {
	MT_STS_MODE_NONE = 0,
	MT_STS_MODE_TESTING,
	MT_STS_MODE_ENFORCE,
};

/* An MTA-STS policy file (RFC 8461 3.2). */
struct mt_sts_policy {
	int	 mode;			/* enum mt_sts_mode */
	uint32_t max_age;		/* seconds, 0..MT_STS_MAX_AGE_MAX */
	size_t	 nmx;
	char	 mx[MT_STS_MX_MAX][256]; /* lower case, "*." kept */
	size_t	 nextensions;		/* unknown fields seen (ignored) */
	size_t	 nlines;
};

/*
 * mt_sts_policy_parse - parse a policy file of len bytes (LF or CRLF
 * lines; field names case-sensitive; unknown fields ignored; version,
 * mode and max_age required once each; mx required unless mode is none).
 * Returns 0, or -1 with err (INPUT) as "line N: field: what is wrong".
 * Borrows text (it need not be NUL-terminated); fills *out.
 */
int	 mt_sts_policy_parse(const char *text, size_t len,
	    struct mt_sts_policy *out, struct mt_error *err);
/* mt_sts_mode_name - "none", "testing", "enforce". */
const char *mt_sts_mode_name(int);

/*
 * mt_sts_mx_match - does MX host name mxhost (a trailing dot is ignored,
 * any case) match one of the policy's mx patterns?  RFC 8461 4.1: a
 * pattern "*.example.net" matches exactly one leftmost label
 * ("mx.example.net", not "example.net" nor "a.b.example.net").
 * mt_sts_mx_pattern_match does the same for one pattern.
 */
bool	 mt_sts_mx_match(const struct mt_sts_policy *, const char *mxhost);
bool	 mt_sts_mx_pattern_match(const char *pattern, const char *mxhost);

/* How a policy fetch ended; each maps to a TLS-RPT result type. */
enum mt_sts_fetch_status {
	MT_STS_FETCH_OK = 0,
	MT_STS_FETCH_CONNECT,		/* resolve, connect, TLS handshake */
	MT_STS_FETCH_WEBPKI,		/* certificate not valid for the name */
	MT_STS_FETCH_TIMEOUT,
	MT_STS_FETCH_HTTP_STATUS,	/* not 200 (and not 3xx) */
	MT_STS_FETCH_REDIRECT,		/* 3xx: not allowed (RFC 8461 3.3) */
	MT_STS_FETCH_TOO_BIG,		/* over max_bytes */
	MT_STS_FETCH_CONTENT_TYPE,	/* not text/plain */
	MT_STS_FETCH_INVALID,		/* fetched, but the policy is invalid */
	MT_STS_FETCH_INTERNAL,
};

struct mt_sts_fetch_opts {
	const char	*cafile;	/* PEM CA bundle; NULL: system store */
	const char	*connect_addr;	/* connect mta-sts.<domain> to this
					 * address ("127.0.0.1") instead of
					 * resolving it; NULL: resolve */
	int		 port;		/* 0: 443 */
	int		 timeout_ms;	/* whole fetch; 0: 10000 */
	size_t		 max_bytes;	/* 0: MT_STS_POLICY_MAX */
};

struct mt_sts_fetch_info {
	int	 status;		/* enum mt_sts_fetch_status */
	long	 http_code;		/* 0 if none */
	char	 url[300];
	char	 content_type[128];
	char	 location[256];		/* Location of a refused redirect */
	size_t	 bytes;			/* body bytes received */
	long	 elapsed_ms;
};

/*
 * mt_sts_fetch - GET https://mta-sts.<domain>/.well-known/mta-sts.txt and
 * parse it into *policy.  Returns 0 on a valid policy; -1 with err (a
 * sentence such as "redirect not allowed (RFC 8461 3.3)") otherwise.
 * info may be NULL; when given it is filled in both cases.  opts may be
 * NULL.  Borrows every argument.  Thread-safe after the first call
 * (curl_global_init runs once).
 */
int	 mt_sts_fetch(const char *domain, const struct mt_sts_fetch_opts *opts,
	    struct mt_sts_policy *policy, struct mt_sts_fetch_info *info,
	    struct mt_error *err);
/* mt_sts_fetch_status_name - "ok", "connect", "webpki", ... */
const char *mt_sts_fetch_status_name(int);
/* mt_sts_fetch_status_result - the TLS-RPT result type a sender reports
 * ("sts-policy-fetch-error", "sts-webpki-invalid", "sts-policy-invalid"),
 * or NULL for MT_STS_FETCH_OK. */
const char *mt_sts_fetch_status_result(int);

/* _smtp._tls TXT (RFC 8460 3): "v=TLSRPTv1; rua=mailto:a@b,https://c/" */
enum mt_tlsrpt_uri_kind {
	MT_TLSRPT_URI_MAILTO = 1,
	MT_TLSRPT_URI_HTTPS,
};
struct mt_tlsrpt_txt {
	size_t	 nrua;
	char	 rua[MT_TLSRPT_RUA_MAX][256];
	int	 rua_kind[MT_TLSRPT_RUA_MAX];	/* enum mt_tlsrpt_uri_kind */
	size_t	 nextensions;
};

/* mt_tlsrpt_txt_candidate - starts with "v=TLSRPTv1" (RFC 8460 3).
 * mt_tlsrpt_txt_parse - parse one record; -1 with err naming the field. */
bool	 mt_tlsrpt_txt_candidate(const char *txt);
int	 mt_tlsrpt_txt_parse(const char *txt, struct mt_tlsrpt_txt *out,
	    struct mt_error *err);

/* TLS-RPT result types (RFC 8460 4.3); OTHER is anything else. */
enum mt_tlsrpt_result {
	MT_TLSRPT_STARTTLS_NOT_SUPPORTED = 0,
	MT_TLSRPT_CERTIFICATE_HOST_MISMATCH,
	MT_TLSRPT_CERTIFICATE_EXPIRED,
	MT_TLSRPT_CERTIFICATE_NOT_TRUSTED,
	MT_TLSRPT_VALIDATION_FAILURE,
	MT_TLSRPT_TLSA_INVALID,
	MT_TLSRPT_DNSSEC_INVALID,
	MT_TLSRPT_DANE_REQUIRED,
	MT_TLSRPT_STS_POLICY_FETCH_ERROR,
	MT_TLSRPT_STS_POLICY_INVALID,
	MT_TLSRPT_STS_WEBPKI_INVALID,
	MT_TLSRPT_OTHER,
	MT_TLSRPT_NRESULTS
};
/* mt_tlsrpt_result_by_name - the enum value, MT_TLSRPT_OTHER if unknown. */
int	 mt_tlsrpt_result_by_name(const char *);
const char *mt_tlsrpt_result_name(int);
/* mt_tlsrpt_result_meaning / _fix - one sentence each, for admins. */
const char *mt_tlsrpt_result_meaning(int);
const char *mt_tlsrpt_result_fix(int);

enum mt_tlsrpt_policy_type {
	MT_TLSRPT_POLICY_STS = 0,
	MT_TLSRPT_POLICY_TLSA,
	MT_TLSRPT_POLICY_NONE,		/* "no-policy-found" */
	MT_TLSRPT_POLICY_OTHER,
};

/* Deviations from RFC 8460 that real reporters send; tolerated. */
#define MT_TLSRPT_DEV_NO_SENDING_IP	0x01	/* Microsoft */
#define MT_TLSRPT_DEV_NO_POLICY_DOMAIN	0x02	/* Postfix tlsrpt-reporter */
#define MT_TLSRPT_DEV_MX_HOST_STRING	0x04	/* mx-host not an array */
#define MT_TLSRPT_DEV_TRUNCATED		0x08	/* more details than kept */

struct mt_tlsrpt_failure {
	int	 result;		/* enum mt_tlsrpt_result */
	char	 result_name[64];	/* as reported */
	char	 mx[256];		/* receiving-mx-hostname, or "" */
	char	 sending_ip[64];	/* sending-mta-ip, or "" */
	char	 receiving_ip[64];
	char	 reason[256];		/* failure-reason-code */
	uint64_t count;			/* failed-session-count */
};

struct mt_tlsrpt_policy {
	int	 type;			/* enum mt_tlsrpt_policy_type */
	char	 type_name[32];
	char	 domain[256];		/* policy-domain, or "" */
	uint64_t successes;		/* total-successful-session-count */
	uint64_t failures;		/* total-failure-session-count */
	uint64_t by_result[MT_TLSRPT_NRESULTS]; /* failed-session-count sums */
	size_t	 nfailures;
	struct mt_tlsrpt_failure *failure;
};

struct mt_tlsrpt_report {
	char	 organization[256];
	char	 contact[256];
	char	 report_id[256];
	char	 start[64];		/* date-range start-datetime */
	char	 end[64];
	bool	 gzipped;
	unsigned deviations;		/* MT_TLSRPT_DEV_* */
	size_t	 npolicies;
	struct mt_tlsrpt_policy *policy;
};

/*
 * mt_tlsrpt_report_parse - read an aggregate report from len bytes (JSON,
 * or gzip'd JSON detected by its magic; more than MT_TLSRPT_REPORT_MAX
 * bytes decompressed is refused).  Returns a new report, or NULL with
 * err.  Borrows buf.  mt_tlsrpt_report_load - the same from a file.
 * mt_tlsrpt_report_free - NULL-safe.
 */
struct mt_tlsrpt_report *mt_tlsrpt_report_parse(const uint8_t *buf,
	    size_t len, struct mt_error *err);
struct mt_tlsrpt_report *mt_tlsrpt_report_load(const char *path,
	    struct mt_error *err);
void	 mt_tlsrpt_report_free(struct mt_tlsrpt_report *);
/* mt_tlsrpt_policy_type_name - "sts", "tlsa", "no-policy-found", ... */
const char *mt_tlsrpt_policy_type_name(int);

#endif /* MAILTLS_STS_H */
