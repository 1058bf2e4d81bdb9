/*
 * target.h - probe targets: "host", "host:port", "[v6]:port", a bare IPv6
 * literal; name resolution and MX lookup through the system resolver
 *
 * Target strings come from the command line or a file: untrusted text,
 * bounded (names up to 253 bytes, ports 1-65535).
 */
#ifndef MT_TARGET_H
#define MT_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "mailtls/error.h"

#define MT_MX_MAX	16

struct mt_target_spec {
	char		 host[256];	/* name or address literal, no brackets */
	uint16_t	 port;		/* 0 when not given */
	bool		 is_literal;	/* host is an IP address */
};

/* mt_target_parse - parse s into spec; -1 with err naming the problem. */
int	 mt_target_parse(const char *s, struct mt_target_spec *,
	    struct mt_error *);
/*
 * mt_target_resolve - first address of host for family (AF_UNSPEC, AF_INET
 * or AF_INET6) into ss with port set; -1 with MT_ERR_RESOLVE.
 */
int	 mt_target_resolve(const char *host, uint16_t port, int family,
	    struct sockaddr_storage *, socklen_t *, char *numeric,
	    size_t numericlen, struct mt_error *);
/*
 * mt_mx_lookup - MX hosts of domain in preference order (system resolver);
 * returns the count (0: none, the domain itself is used per RFC 5321
 * 5.1), or -1 with err.
 */
int	 mt_mx_lookup(const char *domain, char hosts[][256], size_t max,
	    struct mt_error *);

#endif /* MT_TARGET_H */
