/*
 * mtasts_fetch.c - fetch an MTA-STS policy over HTTPS (RFC 8461 3.3)
 *
 * GET https://mta-sts.<domain>/.well-known/mta-sts.txt with libcurl: the
 * certificate is verified against a CA file or the system store and must
 * name mta-sts.<domain>; redirects are refused (RFC 8461 3.3: "HTTP 3xx
 * redirects MUST NOT be followed"); only status 200 with Content-Type
 * text/plain (parameters allowed) is accepted; the body is capped
 * (CURLOPT_MAXFILESIZE for a declared length, the write callback for the
 * rest) and the whole fetch has one deadline.  For tests the name can be
 * connected to another address and port (CURLOPT_CONNECT_TO) while the
 * URL, SNI and certificate check keep the real name.
 *
 * The response is untrusted; it goes to mt_sts_policy_parse.  Every
 * argument is borrowed.
 *
 * libcurl is loaded with dlopen(3) the first time a policy is fetched
 * (pthread_once), not linked: it brings some twenty libraries (GnuTLS,
 * Kerberos, LDAP, SSH, ...) whose loading and relocation would otherwise
 * be paid by every run of every command, a tenth of a fast probe's time.
 * curl/curl.h is used for types and constants only.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "core/dl.h"
#include "mailtls/sts.h"
#include "sts/sts_int.h"

#define FETCH_TIMEOUT_MS	10000
#define FETCH_HTTPS_PORT	443

static const char *const status_names[] = {
	[MT_STS_FETCH_OK] = "ok",
	[MT_STS_FETCH_CONNECT] = "connect",
	[MT_STS_FETCH_WEBPKI] = "webpki",
	[MT_STS_FETCH_TIMEOUT] = "timeout",
	[MT_STS_FETCH_HTTP_STATUS] = "http-status",
	[MT_STS_FETCH_REDIRECT] = "redirect",
	[MT_STS_FETCH_TOO_BIG] = "too-big",
	[MT_STS_FETCH_CONTENT_TYPE] = "content-type",
	[MT_STS_FETCH_INVALID] = "invalid",
	[MT_STS_FETCH_INTERNAL] = "internal",
};

static pthread_once_t fetch_once = PTHREAD_ONCE_INIT;
static CURLcode fetch_global_rc = CURLE_FAILED_INIT;
static char fetch_load_error[160];

/* The libcurl functions used, resolved once by fetch_global_init. */
static struct {
	CURLcode		 (*global_init)(long);
	CURL			*(*easy_init)(void);
	CURLcode		 (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode		 (*easy_perform)(CURL *);
	CURLcode		 (*easy_getinfo)(CURL *, CURLINFO, ...);
	void			 (*easy_cleanup)(CURL *);
	const char		*(*easy_strerror)(CURLcode);
	struct curl_slist	*(*slist_append)(struct curl_slist *,
				    const char *);
	void			 (*slist_free_all)(struct curl_slist *);
} fc;

const char *
mt_sts_fetch_status_name(int s)
{
	if (s < 0 || s > MT_STS_FETCH_INTERNAL)
		return "?";
	return status_names[s];
}

const char *
mt_sts_fetch_status_result(int s)
{
	switch (s) {
	case MT_STS_FETCH_OK:
		return NULL;
	case MT_STS_FETCH_WEBPKI:
		return "sts-webpki-invalid";
	case MT_STS_FETCH_INVALID:
		return "sts-policy-invalid";
	default:
		return "sts-policy-fetch-error";
	}
}

static void
fetch_global_init(void)
{
	const struct mt_dl_sym syms[] = {
		{ "curl_global_init", &fc.global_init },
		{ "curl_easy_init", &fc.easy_init },
		{ "curl_easy_setopt", &fc.easy_setopt },
		{ "curl_easy_perform", &fc.easy_perform },
		{ "curl_easy_getinfo", &fc.easy_getinfo },
		{ "curl_easy_cleanup", &fc.easy_cleanup },
		{ "curl_easy_strerror", &fc.easy_strerror },
		{ "curl_slist_append", &fc.slist_append },
		{ "curl_slist_free_all", &fc.slist_free_all },
	};

	if (!mt_dl_load("libcurl.so.4", syms, sizeof(syms) / sizeof(syms[0]),
	    fetch_load_error, sizeof(fetch_load_error)))
		return;
	if ((fetch_global_rc = fc.global_init(CURL_GLOBAL_DEFAULT)) !=
	    CURLE_OK)
		(void)snprintf(fetch_load_error, sizeof(fetch_load_error),
		    "curl_global_init failed");
}

/* The body being received. */
struct fetch_body {
	char	*buf;
	size_t	 len;
	size_t	 cap;			/* max_bytes */
	bool	 too_big;
};

static size_t
fetch_write(char *data, size_t size, size_t nmemb, void *arg)
{
	struct fetch_body *b = arg;
	size_t n = size * nmemb;

	if (n > b->cap - b->len) {
		b->too_big = true;
		return 0;		/* CURLE_WRITE_ERROR */
	}
	memcpy(b->buf + b->len, data, n);
	b->len += n;
	return n;
}

/* fetch_text_plain - Content-Type is text/plain, parameters allowed. */
static bool
fetch_text_plain(const char *ct)
{
	size_t n = sizeof("text/plain") - 1;

	if (ct == NULL || strncasecmp(ct, "text/plain", n) != 0)
		return false;
	return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ' || ct[n] == '\t';
}

static int	fetch_fail(struct mt_sts_fetch_info *, int, struct mt_error *,
		    int, const char *, ...)
		    __attribute__((__format__(__printf__, 5, 6)));

static int
fetch_fail(struct mt_sts_fetch_info *info, int status, struct mt_error *err,
    int code, const char *fmt, ...)
{
	va_list ap;

	info->status = status;
	va_start(ap, fmt);
	mt_error_vsetx(err, code, fmt, ap);
	va_end(ap);
	return -1;
}

/* fetch_curl_error - the class and message of a failed transfer. */
static int
fetch_curl_error(CURLcode rc, const char *ebuf, const struct fetch_body *b,
    struct mt_sts_fetch_info *info, struct mt_error *err)
{
	const char *why = ebuf[0] != '\0' ? ebuf : fc.easy_strerror(rc);

	if (b->too_big || rc == CURLE_FILESIZE_EXCEEDED) {
		info->status = MT_STS_FETCH_TOO_BIG;
		mt_error_setx(err, MT_ERR_INPUT, "policy larger than %zu "
		    "bytes", b->cap);
		return -1;
	}
	switch (rc) {
	case CURLE_PEER_FAILED_VERIFICATION:
		return fetch_fail(info, MT_STS_FETCH_WEBPKI, err,
		    MT_ERR_TLS_PROTOCOL, "certificate not valid for the "
		    "policy host: %s", why);
	case CURLE_OPERATION_TIMEDOUT:
		return fetch_fail(info, MT_STS_FETCH_TIMEOUT, err,
		    MT_ERR_TIMEOUT, "timeout: %s", why);
	case CURLE_COULDNT_RESOLVE_HOST:
		return fetch_fail(info, MT_STS_FETCH_CONNECT, err,
		    MT_ERR_RESOLVE, "%s", why);
	case CURLE_COULDNT_CONNECT:
		return fetch_fail(info, MT_STS_FETCH_CONNECT, err,
		    MT_ERR_REFUSED, "%s", why);
	case CURLE_SSL_CACERT_BADFILE:
		return fetch_fail(info, MT_STS_FETCH_INTERNAL, err,
		    MT_ERR_USAGE, "CA file: %s", why);
	default:
		return fetch_fail(info, MT_STS_FETCH_CONNECT, err,
		    MT_ERR_TLS_PROTOCOL, "%s", why);
	}
}

/* fetch_info - what the server answered, as far as it got. */
static void
fetch_info(CURL *c, struct mt_sts_fetch_info *info)
{
	char *ct = NULL, *loc = NULL;
	curl_off_t us;

	(void)fc.easy_getinfo(c, CURLINFO_RESPONSE_CODE, &info->http_code);
	(void)fc.easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct);
	(void)fc.easy_getinfo(c, CURLINFO_REDIRECT_URL, &loc);
	if (ct != NULL)
		(void)snprintf(info->content_type, sizeof(info->content_type),
		    "%s", ct);
	if (loc != NULL)
		(void)snprintf(info->location, sizeof(info->location), "%s",
		    loc);
	if (fc.easy_getinfo(c, CURLINFO_TOTAL_TIME_T, &us) == CURLE_OK)
		info->elapsed_ms = (long)(us / 1000);
}

/* fetch_check - status, Content-Type and body of a finished transfer. */
static int
fetch_check(const struct fetch_body *b, struct mt_sts_policy *policy,
    struct mt_sts_fetch_info *info, struct mt_error *err)
{
	const char *ct = info->content_type[0] != '\0' ?
	    info->content_type : NULL;

	if (info->http_code >= 300 && info->http_code < 400) {
		info->status = MT_STS_FETCH_REDIRECT;
		mt_error_setx(err, MT_ERR_INPUT, "HTTP %ld to %s: redirect "
		    "not allowed (RFC 8461 3.3)", info->http_code,
		    info->location[0] != '\0' ? info->location : "?");
		return -1;
	}
	if (info->http_code != 200) {
		info->status = MT_STS_FETCH_HTTP_STATUS;
		mt_error_setx(err, MT_ERR_INPUT, "HTTP status %ld, not 200",
		    info->http_code);
		return -1;
	}
	if (!fetch_text_plain(ct))
		return fetch_fail(info, MT_STS_FETCH_CONTENT_TYPE, err,
		    MT_ERR_INPUT, "Content-Type \"%s\", not text/plain "
		    "(RFC 8461 3.2)", ct != NULL ? ct : "");
	if (mt_sts_policy_parse(b->buf, b->len, policy, err) == -1) {
		info->status = MT_STS_FETCH_INVALID;
		return -1;
	}
	info->status = MT_STS_FETCH_OK;
	return 0;
}

/* fetch_setup - the options of one transfer. */
static int
fetch_setup(CURL *c, const char *host, const struct mt_sts_fetch_opts *o,
    struct fetch_body *b, char *ebuf, struct curl_slist **ct,
    struct mt_sts_fetch_info *info)
{
	char conn[320];
	int port = o->port != 0 ? o->port : FETCH_HTTPS_PORT;
	CURLcode rc = CURLE_OK;

	if (o->connect_addr != NULL || port != FETCH_HTTPS_PORT) {
		(void)snprintf(conn, sizeof(conn), "%s:%d:%s:%d", host,
		    FETCH_HTTPS_PORT, o->connect_addr != NULL ?
		    o->connect_addr : "", port);
		if ((*ct = fc.slist_append(NULL, conn)) == NULL)
			return -1;
		rc |= fc.easy_setopt(c, CURLOPT_CONNECT_TO, *ct);
	}
	rc |= fc.easy_setopt(c, CURLOPT_URL, info->url);
	rc |= fc.easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https");
	rc |= fc.easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	rc |= fc.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	rc |= fc.easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	rc |= fc.easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	rc |= fc.easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)(o->timeout_ms > 0 ?
	    o->timeout_ms : FETCH_TIMEOUT_MS));
	rc |= fc.easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)b->cap);
	rc |= fc.easy_setopt(c, CURLOPT_WRITEFUNCTION, fetch_write);
	rc |= fc.easy_setopt(c, CURLOPT_WRITEDATA, b);
	rc |= fc.easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
	rc |= fc.easy_setopt(c, CURLOPT_USERAGENT, "mailtls");
	rc |= fc.easy_setopt(c, CURLOPT_PROXY, "");
	if (o->cafile != NULL)
		rc |= fc.easy_setopt(c, CURLOPT_CAINFO, o->cafile);
	return rc == CURLE_OK ? 0 : -1;
}

int
mt_sts_fetch(const char *domain, const struct mt_sts_fetch_opts *opts,
    struct mt_sts_policy *policy, struct mt_sts_fetch_info *infop,
    struct mt_error *err)
{
	static const struct mt_sts_fetch_opts defaults;
	struct mt_sts_fetch_info tmp, *info = infop != NULL ? infop : &tmp;
	struct fetch_body b = { NULL, 0, 0, false };
	struct curl_slist *ct = NULL;
	char ebuf[CURL_ERROR_SIZE], host[260];
	CURL *c = NULL;
	CURLcode rc;
	size_t n;
	int rv = -1;

	memset(info, 0, sizeof(*info));
	memset(policy, 0, sizeof(*policy));
	ebuf[0] = '\0';
	if (opts == NULL)
		opts = &defaults;
	n = domain != NULL ? strlen(domain) : 0;
	if (n > 0 && domain[n - 1] == '.')
		n--;
	if (!mt_sts_domain_valid(domain, n))
		return fetch_fail(info, MT_STS_FETCH_INTERNAL, err,
		    MT_ERR_USAGE, "%s: not a domain name",
		    domain != NULL ? domain : "(null)");
	(void)snprintf(host, sizeof(host), "mta-sts.%.*s", (int)n, domain);
	(void)snprintf(info->url, sizeof(info->url),
	    "https://%s/.well-known/mta-sts.txt", host);
	b.cap = opts->max_bytes != 0 ? opts->max_bytes : MT_STS_POLICY_MAX;
	(void)pthread_once(&fetch_once, fetch_global_init);
	if (fetch_global_rc != CURLE_OK) {
		fetch_fail(info, MT_STS_FETCH_INTERNAL, err, MT_ERR_INTERNAL,
		    "%s", fetch_load_error);
		goto out;
	}
	if ((c = fc.easy_init()) == NULL ||
	    (b.buf = malloc(b.cap + 1)) == NULL ||
	    fetch_setup(c, host, opts, &b, ebuf, &ct, info) == -1) {
		fetch_fail(info, MT_STS_FETCH_INTERNAL, err, MT_ERR_INTERNAL,
		    "%s", "libcurl setup failed");
		goto out;
	}
	rc = fc.easy_perform(c);
	info->bytes = b.len;
	fetch_info(c, info);
	if (rc != CURLE_OK)
		(void)fetch_curl_error(rc, ebuf, &b, info, err);
	else
		rv = fetch_check(&b, policy, info, err);
 out:
	if (c != NULL)
		fc.easy_cleanup(c);
	if (ct != NULL)
		fc.slist_free_all(ct);
	free(b.buf);
	return rv;
}
