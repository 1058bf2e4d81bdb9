/*
 * target.c - parse target strings, resolve names, look up MX records
 * (RFC 5321 5.1) through the system resolver
 *
 * Input is untrusted text; DNS answers are parsed with the resolver
 * library's bounded ns_parserr.  This resolver does not validate DNSSEC,
 * so nothing here may decide DANE.
 */
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <netdb.h>
#include <netinet/in.h>
#include <resolv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/target.h"

static bool
parse_port(const char *s, uint16_t *port)
{
	unsigned long v = 0;

	if (*s == '\0' || strlen(s) > 5)
		return false;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (unsigned long)(*s - '0');
	}
	if (v == 0 || v > 65535)
		return false;
	*port = (uint16_t)v;
	return true;
}

static bool
host_ok(const char *h)
{
	size_t n = strlen(h);

	if (n == 0 || n > 253)
		return false;
	for (; *h != '\0'; h++) {
		if ((*h >= 'a' && *h <= 'z') || (*h >= 'A' && *h <= 'Z') ||
		    (*h >= '0' && *h <= '9') || *h == '-' || *h == '.' ||
		    *h == '_' || *h == ':')
			continue;
		return false;
	}
	return true;
}

int
mt_target_parse(const char *s, struct mt_target_spec *spec,
    struct mt_error *err)
{
	const char *colon, *end;
	struct in6_addr a6;
	struct in_addr a4;
	size_t n;

	memset(spec, 0, sizeof(*spec));
	if (strlen(s) >= sizeof(spec->host) + 8) {
		mt_error_setx(err, MT_ERR_USAGE, "target too long: %.40s...",
		    s);
		return -1;
	}
	if (s[0] == '[') {
		if ((end = strchr(s, ']')) == NULL) {
			mt_error_setx(err, MT_ERR_USAGE,
			    "target %s: missing ']'", s);
			return -1;
		}
		n = (size_t)(end - s - 1);
		if (n >= sizeof(spec->host)) {
			mt_error_setx(err, MT_ERR_USAGE, "target %s: too long",
			    s);
			return -1;
		}
		memcpy(spec->host, s + 1, n);
		spec->host[n] = '\0';
		if (end[1] == ':' ) {
			if (!parse_port(end + 2, &spec->port))
				goto badport;
		} else if (end[1] != '\0') {
			mt_error_setx(err, MT_ERR_USAGE,
			    "target %s: junk after ']'", s);
			return -1;
		}
	} else if ((colon = strchr(s, ':')) != NULL &&
	    strchr(colon + 1, ':') == NULL) {
		n = (size_t)(colon - s);
		if (n >= sizeof(spec->host))
			n = sizeof(spec->host) - 1;
		memcpy(spec->host, s, n);
		spec->host[n] = '\0';
		if (!parse_port(colon + 1, &spec->port))
			goto badport;
	} else
		(void)snprintf(spec->host, sizeof(spec->host), "%.255s", s);

	if (!host_ok(spec->host)) {
		mt_error_setx(err, MT_ERR_USAGE,
		    "target %s: not a host name or address", s);
		return -1;
	}
	spec->is_literal = inet_pton(AF_INET, spec->host, &a4) == 1 ||
	    inet_pton(AF_INET6, spec->host, &a6) == 1;
	if (strchr(spec->host, ':') != NULL && !spec->is_literal) {
		mt_error_setx(err, MT_ERR_USAGE,
		    "target %s: not a valid IPv6 address", s);
		return -1;
	}
	return 0;
 badport:
	mt_error_setx(err, MT_ERR_USAGE, "target %s: bad port number", s);
	return -1;
}

int
mt_target_resolve(const char *host, uint16_t port, int family,
    struct sockaddr_storage *ss, socklen_t *sslen, char *numeric,
    size_t numericlen, struct mt_error *err)
{
	struct addrinfo hints, *res = NULL;
	char portstr[8];
	int r;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = family;
	hints.ai_socktype = SOCK_STREAM;
	(void)snprintf(portstr, sizeof(portstr), "%u", port);
	/* An address literal needs no lookup (nor a look at the interfaces). */
	hints.ai_flags = AI_NUMERICHOST;
	if ((r = getaddrinfo(host, portstr, &hints, &res)) != 0) {
		hints.ai_flags = AI_ADDRCONFIG;
		r = getaddrinfo(host, portstr, &hints, &res);
	}
	if (r == EAI_ADDRFAMILY || r == EAI_NONAME || r == EAI_NODATA) {
		/* Loopback-only hosts have no "configured" address family. */
		hints.ai_flags = 0;
		r = getaddrinfo(host, portstr, &hints, &res);
	}
	if (r != 0 || res == NULL) {
		mt_error_setx(err, MT_ERR_RESOLVE, "cannot resolve %s: %s",
		    host, r != 0 ? gai_strerror(r) : "no address");
		return -1;
	}
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*sslen = res->ai_addrlen;
	if (getnameinfo(res->ai_addr, res->ai_addrlen, numeric,
	    (socklen_t)numericlen, NULL, 0, NI_NUMERICHOST) != 0)
		(void)snprintf(numeric, numericlen, "?");
	freeaddrinfo(res);
	return 0;
}

struct mx_rr {
	unsigned	 pref;
	char		 host[256];
};

static int
mx_cmp(const void *a, const void *b)
{
	const struct mx_rr *x = a, *y = b;

	if (x->pref != y->pref)
		return x->pref < y->pref ? -1 : 1;
	return strcmp(x->host, y->host);
}

int
mt_mx_lookup(const char *domain, char hosts[][256], size_t max,
    struct mt_error *err)
{
	unsigned char ans[NS_MAXMSG > 65536 ? 65536 : NS_MAXMSG];
	struct mx_rr rr[MT_MX_MAX];
	ns_msg msg;
	ns_rr r;
	size_t n = 0, i;
	int len, count, k;

	len = res_query(domain, ns_c_in, ns_t_mx, ans, sizeof(ans));
	if (len < 0) {
		if (h_errno == NO_DATA)
			return 0;
		mt_error_setx(err, MT_ERR_RESOLVE, "MX lookup for %s failed: %s",
		    domain, hstrerror(h_errno));
		return -1;
	}
	if (ns_initparse(ans, len, &msg) != 0) {
		mt_error_setx(err, MT_ERR_RESOLVE,
		    "MX answer for %s does not parse", domain);
		return -1;
	}
	count = ns_msg_count(msg, ns_s_an);
	for (k = 0; k < count && n < MT_MX_MAX; k++) {
		const unsigned char *rd;

		if (ns_parserr(&msg, ns_s_an, k, &r) != 0)
			break;
		if (ns_rr_type(r) != ns_t_mx || ns_rr_rdlen(r) < 3)
			continue;
		rd = ns_rr_rdata(r);
		rr[n].pref = (unsigned)((rd[0] << 8) | rd[1]);
		if (dn_expand(ns_msg_base(msg), ns_msg_end(msg), rd + 2,
		    rr[n].host, sizeof(rr[n].host)) < 0)
			continue;
		n++;
	}
	qsort(rr, n, sizeof(rr[0]), mx_cmp);
	for (i = 0; i < n && i < max; i++)
		(void)snprintf(hosts[i], 256, "%s", rr[i].host);
	return (int)(i);
}
