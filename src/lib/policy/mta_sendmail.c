/*
 * mta_sendmail.c - sendmail 8.15+ STARTTLS settings: confCIPHER_LIST
 * (an OpenSSL cipher string) and confSERVER_SSL_OPTIONS /
 * confCLIENT_SSL_OPTIONS (ServerSSLOptions, ClientSSLOptions)
 *
 * Sources: sendmail/readcf.c readssloptions(): words separated by
 * whitespace or commas, each "+NAME", "-NAME" or a bare name (added),
 * NAME one of the SSL_OP_* names or a number (0x... hex, else decimal);
 * sendmail/tls.c: the default options are SSL_OP_ALL with SSL_OP_NO_SSLv2
 * (SSL_OP_NO_SSLv3 too since 8.15.2, assumed here for every version), and
 * an unset CipherList leaves the library's default.
 *
 * Input is untrusted: bounded words; an unknown name is an error, as
 * sendmail's "readcf: readssloptions: Unknown SSL option" is.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mailtls/policy.h"
#include "mailtls/registry.h"

#include "policy_int.h"

#define SM_WORD_MAX	64
#define SM_OPTS_MAX	2048

/* OpenSSL's SSL_OP_* values (ssl.h, 1.1.1 / 3.0). */
#define SM_OP_CIPHER_SERVER_PREFERENCE	0x00400000UL
#define SM_OP_NO_SSLv2			0x00000000UL /* 1.1+: no-op */
#define SM_OP_NO_SSLv3			0x02000000UL
#define SM_OP_NO_TLSv1			0x04000000UL
#define SM_OP_NO_TLSv1_2		0x08000000UL
#define SM_OP_NO_TLSv1_1		0x10000000UL
#define SM_OP_NO_TLSv1_3		0x20000000UL

static const struct sm_opt {
	const char	*name;
	unsigned long	 bits;
} sm_opts[] = {
	{ "SSL_OP_ALL", 0x80000850UL },
	{ "SSL_OP_CIPHER_SERVER_PREFERENCE", SM_OP_CIPHER_SERVER_PREFERENCE },
	{ "SSL_OP_NO_SSLv2", SM_OP_NO_SSLv2 },
	{ "SSL_OP_NO_SSLv3", SM_OP_NO_SSLv3 },
	{ "SSL_OP_NO_TLSv1", SM_OP_NO_TLSv1 },
	{ "SSL_OP_NO_TLSv1_1", SM_OP_NO_TLSv1_1 },
	{ "SSL_OP_NO_TLSv1_2", SM_OP_NO_TLSv1_2 },
	{ "SSL_OP_NO_TLSv1_3", SM_OP_NO_TLSv1_3 },
	{ "SSL_OP_NO_TICKET", 0x00004000UL },
	{ "SSL_OP_NO_COMPRESSION", 0x00020000UL },
	{ "SSL_OP_NO_RENEGOTIATION", 0x40000000UL },
	{ "SSL_OP_SINGLE_DH_USE", 0 },
	{ "SSL_OP_SINGLE_ECDH_USE", 0 },
	{ "SSL_OP_LEGACY_SERVER_CONNECT", 0x00000004UL },
	{ "SSL_OP_TLS_ROLLBACK_BUG", 0x00800000UL },
	{ "SSL_OP_CRYPTOPRO_TLSEXT_BUG", 0x80000000UL },
	{ "SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS", 0x00000800UL },
	{ "SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION", 0x00010000UL },
	{ "SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION", 0x00040000UL },
	{ "SSL_OP_PRIORITIZE_CHACHA", 0x00200000UL },
	{ "SSL_OP_NO_QUERY_MTU", 0x00001000UL },
	{ "SSL_OP_COOKIE_EXCHANGE", 0x00002000UL },
	{ "SSL_OP_TLSEXT_PADDING", 0x00000010UL },
	{ "SSL_OP_SAFARI_ECDHE_ECDSA_BUG", 0x00000040UL },
	{ "SSL_OP_ENABLE_MIDDLEBOX_COMPAT", 0x00100000UL },
	{ "SSL_OP_NO_ENCRYPT_THEN_MAC", 0x00080000UL },
	{ "SSL_OP_NO_ANTI_REPLAY", 0x01000000UL },
};

/* sm_number - "0x..." hex or decimal; false if neither. */
static bool
sm_number(const char *w, unsigned long *out)
{
	unsigned long v = 0;
	int base = 10, d;

	if (w[0] == '0' && (w[1] == 'x' || w[1] == 'X')) {
		base = 16;
		w += 2;
	}
	if (*w == '\0' || strlen(w) > 16)
		return false;
	for (; *w != '\0'; w++) {
		if (*w >= '0' && *w <= '9')
			d = *w - '0';
		else if (base == 16 && (*w | 0x20) >= 'a' && (*w | 0x20) <= 'f')
			d = (*w | 0x20) - 'a' + 10;
		else
			return false;
		v = v * (unsigned long)base + (unsigned long)d;
	}
	*out = v;
	return true;
}

/* sm_options - readssloptions over the default option bits. */
static int
sm_options(const char *opts, unsigned long *bits, struct mt_error *err)
{
	char word[SM_WORD_MAX];
	const char *s = opts, *w;
	unsigned long v;
	size_t i, n;
	int op;

	if (strnlen(opts, SM_OPTS_MAX + 1) > SM_OPTS_MAX) {
		mt_error_setx(err, MT_ERR_INPUT, "sendmail SSL options "
		    "longer than %d bytes", SM_OPTS_MAX);
		return -1;
	}
	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == ',')
			s++;
		if (*s == '\0')
			return 0;
		w = s;
		while (*s != '\0' && *s != ' ' && *s != '\t' && *s != ',')
			s++;
		if ((n = (size_t)(s - w)) >= sizeof(word)) {
			mt_error_setx(err, MT_ERR_INPUT, "sendmail SSL "
			    "options: word too long");
			return -1;
		}
		memcpy(word, w, n);
		word[n] = '\0';
		op = word[0] == '-' ? '-' : '+';
		w = (word[0] == '-' || word[0] == '+') ? word + 1 : word;
		if (!sm_number(w, &v)) {
			for (i = 0; i < sizeof(sm_opts) / sizeof(sm_opts[0]);
			    i++)
				if (strcasecmp(sm_opts[i].name, w) == 0)
					break;
			if (i == sizeof(sm_opts) / sizeof(sm_opts[0])) {
				mt_error_setx(err, MT_ERR_INPUT, "readcf: "
				    "readssloptions: Unknown SSL option "
				    "\"%.40s\"", w);
				return -1;
			}
			v = sm_opts[i].bits;
		}
		if (op == '-')
			*bits &= ~v;
		else
			*bits |= v;
	}
}

int
mt_policy_sendmail(struct mt_policy *p, int lib, const char *cipher_list,
    const char *ssl_options, bool server, struct mt_error *err)
{
	unsigned long bits;

	bits = 0x80000850UL | SM_OP_NO_SSLv2 | SM_OP_NO_SSLv3;
	if (ssl_options != NULL && sm_options(ssl_options, &bits, err) == -1)
		return -1;
	if (mt_policy_openssl(p, lib, cipher_list != NULL ? cipher_list :
	    "DEFAULT", NULL, "confCIPHER_LIST", err) == -1)
		return -1;
	snprintf(p->label, sizeof(p->label), "sendmail %s%.100s",
	    server ? "server " : "client ", cipher_list != NULL ?
	    cipher_list : "(library default)");
	if (bits & SM_OP_NO_SSLv3)
		p->versions &= ~MT_VBIT_SSL3;
	if (bits & SM_OP_NO_TLSv1)
		p->versions &= ~MT_VBIT_TLS10;
	if (bits & SM_OP_NO_TLSv1_1)
		p->versions &= ~MT_VBIT_TLS11;
	if (bits & SM_OP_NO_TLSv1_2)
		p->versions &= ~MT_VBIT_TLS12;
	if (bits & SM_OP_NO_TLSv1_3)
		p->versions &= ~MT_VBIT_TLS13;
	p->server_pref = server && (bits & SM_OP_CIPHER_SERVER_PREFERENCE);
	if (p->versions == 0) {
		p->tls_disabled = true;
		mt_policy_note(p, "%s leaves no TLS version enabled",
		    server ? "confSERVER_SSL_OPTIONS" :
		    "confCLIENT_SSL_OPTIONS");
	}
	return 0;
}
