/*
 * mta_libtls.c - OpenSMTPD 6.9+ / OpenBSD libtls keywords: the ciphers
 * "secure", "compat", "legacy", "insecure" and the protocols strings
 *
 * Sources: LibreSSL tls/tls_config.c (tls_config_set_ciphers,
 * tls_config_parse_protocols) and tls_internal.h: TLS_CIPHERS_DEFAULT
 * "TLSv1.3:TLSv1.2+AEAD+ECDHE:TLSv1.2+AEAD+DHE", TLS_CIPHERS_COMPAT
 * "HIGH:!aNULL", TLS_CIPHERS_LEGACY "HIGH:MEDIUM:!aNULL", TLS_CIPHERS_ALL
 * "ALL:!aNULL:!eNULL"; TLS_PROTOCOLS_DEFAULT TLSv1.2|TLSv1.3.  Strings
 * are expanded in the LibreSSL dialect; OpenSMTPD portable linked with
 * libretls on OpenSSL expands them in OpenSSL's (a note says so).
 *
 * Input is untrusted: bounded words, unknown ones are errors as in libtls.
 * The policy is caller-owned.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mailtls/policy.h"
#include "mailtls/registry.h"

#include "policy_int.h"

#define LT_WORD_MAX	32
#define LT_PROTO_MAX	1024

#define LT_TLS1_0	MT_VBIT_TLS10
#define LT_TLS1_1	MT_VBIT_TLS11
#define LT_TLS1_2	MT_VBIT_TLS12
#define LT_TLS1_3	MT_VBIT_TLS13
#define LT_PROTOCOLS_ALL	(LT_TLS1_0 | LT_TLS1_1 | LT_TLS1_2 | LT_TLS1_3)
#define LT_PROTOCOLS_DEFAULT	(LT_TLS1_2 | LT_TLS1_3)

static const struct lt_keyword {
	const char	*name;
	const char	*ciphers;
} lt_keywords[] = {
	{ "secure", "TLSv1.3:TLSv1.2+AEAD+ECDHE:TLSv1.2+AEAD+DHE" },
	{ "default", "TLSv1.3:TLSv1.2+AEAD+ECDHE:TLSv1.2+AEAD+DHE" },
	{ "compat", "HIGH:!aNULL" },
	{ "legacy", "HIGH:MEDIUM:!aNULL" },
	{ "insecure", "ALL:!aNULL:!eNULL" },
	{ "all", "ALL:!aNULL:!eNULL" },
};

static const struct lt_proto {
	const char	*name;
	uint8_t		 bits;
} lt_protos[] = {
	{ "all", LT_PROTOCOLS_ALL },
	{ "legacy", LT_PROTOCOLS_ALL },
	{ "default", LT_PROTOCOLS_DEFAULT },
	{ "secure", LT_PROTOCOLS_DEFAULT },
	{ "tlsv1", LT_TLS1_0 | LT_TLS1_1 | LT_TLS1_2 | LT_TLS1_3 },
	{ "tlsv1.0", LT_TLS1_0 },
	{ "tlsv1.1", LT_TLS1_1 },
	{ "tlsv1.2", LT_TLS1_2 },
	{ "tlsv1.3", LT_TLS1_3 },
};

/* lt_protocols - tls_config_parse_protocols: ',' or ':' separated. */
static int
lt_protocols(const char *str, uint8_t *out, struct mt_error *err)
{
	char word[LT_WORD_MAX];
	const char *s = str, *e, *w;
	uint8_t protos = 0, proto;
	size_t i, n;
	bool negate;

	if (str == NULL) {
		*out = LT_PROTOCOLS_DEFAULT;
		return 0;
	}
	if (strnlen(str, LT_PROTO_MAX + 1) > LT_PROTO_MAX)
		goto bad;
	for (;;) {
		e = s + strcspn(s, ",:");
		w = s;
		while (*w == ' ' || *w == '\t')
			w++;
		if (w > e || (n = (size_t)(e - w)) >= sizeof(word))
			goto bad;
		memcpy(word, w, n);
		word[n] = '\0';
		while (n > 0 && (word[n - 1] == ' ' || word[n - 1] == '\t'))
			word[--n] = '\0';
		negate = word[0] == '!';
		if (negate && protos == 0)
			protos = LT_PROTOCOLS_ALL;
		proto = 0;
		for (i = 0; i < sizeof(lt_protos) / sizeof(lt_protos[0]); i++)
			if (strcasecmp(lt_protos[i].name, word + negate) == 0)
				proto = lt_protos[i].bits;
		if (proto == 0) {
			mt_error_setx(err, MT_ERR_INPUT, "libtls protocols: "
			    "unknown protocol \"%.32s\"", word);
			return -1;
		}
		if (negate)
			protos &= ~proto;
		else
			protos |= proto;
		if (*e == '\0')
			break;
		s = e + 1;
	}
	*out = protos;
	return 0;
bad:
	mt_error_setx(err, MT_ERR_INPUT, "libtls protocols: invalid string");
	return -1;
}

int
mt_policy_libtls(struct mt_policy *p, const char *ciphers,
    const char *protocols, struct mt_error *err)
{
	const char *list = ciphers, *kw = NULL;
	uint8_t versions;
	size_t i;

	if (ciphers == NULL)
		ciphers = list = "secure";
	for (i = 0; i < sizeof(lt_keywords) / sizeof(lt_keywords[0]); i++)
		if (strcasecmp(lt_keywords[i].name, ciphers) == 0) {
			list = lt_keywords[i].ciphers;
			kw = lt_keywords[i].name;
		}
	if (lt_protocols(protocols, &versions, err) == -1)
		return -1;
	if (mt_policy_openssl(p, MT_LIB_LIBRESSL_3, list, NULL, "ciphers",
	    err) == -1)
		return -1;
	/*
	 * libtls prefers the server's order by default (tls_config_new()
	 * calls tls_config_prefer_ciphers_server()), and its servers have no
	 * DH parameters unless "dheparams" is set, so DHE is not negotiated.
	 */
	p->server_pref = true;
	mt_policy_note(p, "libtls servers pick by their own order, and offer "
	    "DHE only with dheparams set (default none)");
	if (kw != NULL)
		snprintf(p->label, sizeof(p->label), "opensmtpd:%s (%s)", kw,
		    list);
	else
		snprintf(p->label, sizeof(p->label), "opensmtpd:%.100s", list);
	p->versions &= versions;
	if (p->versions == 0) {
		p->tls_disabled = true;
		mt_policy_note(p, "protocols \"%s\" enable no TLS version",
		    protocols != NULL ? protocols : "");
	}
	mt_policy_note(p, "expanded as LibreSSL 3 would; OpenSMTPD portable "
	    "with libretls on OpenSSL expands it with OpenSSL's grammar");
	return 0;
}
