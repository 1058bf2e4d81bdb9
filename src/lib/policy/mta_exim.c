/*
 * mta_exim.c - Exim 4.9x: tls_require_ciphers and openssl_options
 *
 * Sources: Exim spec ch. 42 "Encrypted SMTP connections" and
 * src/tls-gnu.c / src/tls-openssl.c: with GnuTLS (Debian's
 * exim4-daemon-light) tls_require_ciphers is a GnuTLS priority string,
 * default "NORMAL" (4.96: the captured hello equals gnutls-cli NORMAL);
 * with OpenSSL it is a cipher string, default the library's DEFAULT, and
 * openssl_options defaults to "+no_sslv2 +no_sslv3 +single_dh_use
 * +no_ticket +no_renegotiation" (no_ticket/no_renegotiation since 4.93,
 * assumed).  openssl_options words are "+name" / "-name" or a number.
 *
 * Input is untrusted: bounded words; unknown option names are errors as
 * Exim's "openssl_options parse error" is.  The policy is caller-owned.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mailtls/policy.h"
#include "mailtls/registry.h"

#include "policy_int.h"

#define EX_WORD_MAX	64
#define EX_OPTS_MAX	2048

static const struct ex_opt {
	const char	*name;
	uint8_t		 vbit;		/* MT_VBIT_* turned off */
	bool		 server_pref;
} ex_opts[] = {
	{ "all", 0, false },
	{ "allow_unsafe_legacy_renegotiation", 0, false },
	{ "cipher_server_preference", 0, true },
	{ "dont_insert_empty_fragments", 0, false },
	{ "enable_middlebox_compat", 0, false },
	{ "legacy_server_connect", 0, false },
	{ "microsoft_big_sslv3_buffer", 0, false },
	{ "microsoft_sess_id_bug", 0, false },
	{ "msie_sslv2_rsa_padding", 0, false },
	{ "netscape_challenge_bug", 0, false },
	{ "netscape_reuse_cipher_change_bug", 0, false },
	{ "no_compression", 0, false },
	{ "no_renegotiation", 0, false },
	{ "no_session_resumption_on_renegotiation", 0, false },
	{ "no_sslv2", 0, false },
	{ "no_sslv3", MT_VBIT_SSL3, false },
	{ "no_ticket", 0, false },
	{ "no_tlsv1", MT_VBIT_TLS10, false },
	{ "no_tlsv1_1", MT_VBIT_TLS11, false },
	{ "no_tlsv1_2", MT_VBIT_TLS12, false },
	{ "no_tlsv1_3", MT_VBIT_TLS13, false },
	{ "prioritize_chacha", 0, false },
	{ "safari_ecdhe_ecdsa_bug", 0, false },
	{ "single_dh_use", 0, false },
	{ "single_ecdh_use", 0, false },
	{ "ssleay_080_client_dh_bug", 0, false },
	{ "sslref2_reuse_cert_type_bug", 0, false },
	{ "tls_block_padding_bug", 0, false },
	{ "tls_d5_bug", 0, false },
	{ "tls_rollback_bug", 0, false },
};

/* ex_options - apply openssl_options to the versions and preference. */
static int
ex_options(const char *opts, uint8_t *off, bool *pref, struct mt_error *err)
{
	char word[EX_WORD_MAX];
	const char *s = opts, *w;
	size_t i, n;

	if (strnlen(opts, EX_OPTS_MAX + 1) > EX_OPTS_MAX)
		goto bad;
	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0')
			return 0;
		w = s;
		while (*s != '\0' && *s != ' ' && *s != '\t')
			s++;
		if ((n = (size_t)(s - w)) >= sizeof(word))
			goto bad;
		memcpy(word, w, n);
		word[n] = '\0';
		if (word[0] != '+' && word[0] != '-') {
			if (word[0] >= '0' && word[0] <= '9')
				continue;	/* a raw number */
			goto bad;
		}
		for (i = 0; i < sizeof(ex_opts) / sizeof(ex_opts[0]); i++)
			if (strcasecmp(ex_opts[i].name, word + 1) == 0)
				break;
		if (i == sizeof(ex_opts) / sizeof(ex_opts[0])) {
			mt_error_setx(err, MT_ERR_INPUT, "openssl_options "
			    "parse error: unknown option \"%.40s\"", word);
			return -1;
		}
		if (word[0] == '+') {
			*off |= ex_opts[i].vbit;
			*pref = *pref || ex_opts[i].server_pref;
		} else {
			*off &= ~ex_opts[i].vbit;
			if (ex_opts[i].server_pref)
				*pref = false;
		}
	}
bad:
	mt_error_setx(err, MT_ERR_INPUT, "openssl_options parse error");
	return -1;
}

int
mt_policy_exim(struct mt_policy *p, int lib, const char *tls_require_ciphers,
    const char *openssl_options, struct mt_error *err)
{
	uint8_t off = MT_VBIT_SSL3;
	bool pref = false;
	size_t i;

	if (lib == MT_LIB_GNUTLS_3_7) {
		if (mt_policy_gnutls(p, tls_require_ciphers != NULL ?
		    tls_require_ciphers : "NORMAL", err) == -1)
			return -1;
		for (i = 0; i < p->nwhy; i++)
			snprintf(p->why[i].where, sizeof(p->why[i].where),
			    "tls_require_ciphers");
		if (openssl_options != NULL)
			mt_policy_note(p, "openssl_options is ignored by the "
			    "GnuTLS build");
		snprintf(p->label, sizeof(p->label), "exim (GnuTLS) %.100s",
		    tls_require_ciphers != NULL ? tls_require_ciphers :
		    "NORMAL");
		return 0;
	}
	if (openssl_options != NULL &&
	    ex_options(openssl_options, &off, &pref, err) == -1)
		return -1;
	if (mt_policy_openssl(p, lib, tls_require_ciphers != NULL ?
	    tls_require_ciphers : "DEFAULT", NULL, "tls_require_ciphers",
	    err) == -1)
		return -1;
	snprintf(p->label, sizeof(p->label), "exim (OpenSSL) %.100s",
	    tls_require_ciphers != NULL ? tls_require_ciphers : "DEFAULT");
	p->versions &= ~off;
	p->server_pref = pref;
	if (p->versions == 0) {
		p->tls_disabled = true;
		mt_policy_note(p, "openssl_options leave no TLS version");
	}
	return 0;
}
