/*
 * profiles.c - named policies, as `mailtls ciphers` takes them:
 * "opensmtpd:secure", "postfix-2.6:high", "sendmail:LIST", "exim:PRIO",
 * "gnutls:PRIO", "openssl-1.0.2:STR", "client:postfix-3.7", or a plain
 * OpenSSL 3.0 cipher string
 *
 * The client profiles are what real clients sent: the table below is
 * data/client_profiles.tsv, made once by tools/gen_client_profiles.py from
 * captured ClientHellos (Debian 12, OpenSSL 3.0.22, GnuTLS 3.7.9) and
 * pasted here by its --c mode, so the build needs neither the corpus nor
 * the TSV.  Specs are untrusted: bounded; an unknown profile name gives
 * -1 with the list of names.  The policy is caller-owned.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mailtls/policy.h"
#include "mailtls/registry.h"

#include "policy/client_profiles.h"
#include "policy_int.h"

#define PR_SPEC_MAX	(64 * 1024)


static const char *const pr_names[] = {
	"opensmtpd:secure", "opensmtpd:default", "opensmtpd:compat",
	"opensmtpd:legacy", "opensmtpd:insecure", "opensmtpd:all",
	"opensmtpd-6.8:default",
	"postfix-2.6:high", "postfix-2.6:medium", "postfix-2.6:export",
	"postfix-2.11:medium", "postfix-3.0:medium", "postfix-3.4:medium",
	"postfix-3.7:high", "postfix-3.7:medium", "postfix-3.9:medium",
	"postfix-3.7-client:medium",
	"sendmail:DEFAULT", "exim:NORMAL", "gnutls:NORMAL",
	"openssl-3.0:DEFAULT", "openssl-1.1.1:DEFAULT", "openssl-1.0.2:DEFAULT",
	"libressl-3:DEFAULT",
	"client:postfix-3.7", "client:postfix-3.7-high",
	"client:postfix-3.7-encrypt-tls12", "client:posttls-finger-3.7",
	"client:opensmtpd-6.8", "client:opensmtpd-6.8-compat",
	"client:opensmtpd-6.8-secure", "client:exim-4.96",
	"client:sendmail-8.17", "client:openssl-3.0", "client:gnutls-3.7",
	"client:swaks", "client:modern",
	NULL,
};

const char *const *
mt_policy_profile_names(void)
{
	return pr_names;
}

/* pr_hex4 - "0xNNNN" at s; false if not. */
static bool
pr_hex4(const char *s, uint16_t *out)
{
	uint16_t v = 0;
	int i, d;

	if (s[0] != '0' || s[1] != 'x')
		return false;
	for (i = 2; i < 6; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			d = s[i] - '0';
		else if (s[i] >= 'a' && s[i] <= 'f')
			d = s[i] - 'a' + 10;
		else
			return false;
		v = (uint16_t)(v * 16 + d);
	}
	*out = v;
	return true;
}

static int
pr_client(struct mt_policy *p, const char *name, struct mt_error *err)
{
	const struct mt_client_profile *c = NULL;
	const char *s;
	uint16_t code;
	size_t i;

	for (i = 0; i < mt_client_profiles_count; i++)
		if (strcmp(mt_client_profiles[i].name, name) == 0)
			c = &mt_client_profiles[i];
	if (c == NULL) {
		mt_error_setx(err, MT_ERR_INPUT, "unknown client profile "
		    "\"client:%.40s\" (see mt_policy_profile_names: "
		    "client:postfix-3.7, client:opensmtpd-6.8, "
		    "client:exim-4.96, client:modern, ...)", name);
		return -1;
	}
	mt_policy_init(p, strncmp(name, "exim", 4) == 0 ||
	    strncmp(name, "gnutls", 6) == 0 ? MT_LIB_GNUTLS_3_7 :
	    MT_LIB_OPENSSL_3_0);
	snprintf(p->label, sizeof(p->label), "client:%s", c->name);
	for (s = c->suites; pr_hex4(s, &code); s += s[6] == ',' ? 7 : 6) {
		if ((code >> 8) == 0x13 && p->ntls13 < MT_POLICY_TLS13_MAX)
			p->tls13[p->ntls13++] = code;
		else if ((code >> 8) != 0x13 && p->nsuites <
		    MT_POLICY_SUITES_MAX)
			p->suites[p->nsuites++] = code;
		if (s[6] != ',')
			break;
	}
	p->versions = 0;
	if (strstr(c->versions, "ssl3") != NULL)
		p->versions |= MT_VBIT_SSL3;
	if (strstr(c->versions, "tls10") != NULL)
		p->versions |= MT_VBIT_TLS10;
	if (strstr(c->versions, "tls11") != NULL)
		p->versions |= MT_VBIT_TLS11;
	if (strstr(c->versions, "tls12") != NULL)
		p->versions |= MT_VBIT_TLS12;
	if (strstr(c->versions, "tls13") != NULL)
		p->versions |= MT_VBIT_TLS13;
	mt_policy_fill_why_missing(p, "ClientHello");
	return 0;
}

/*
 * pr_suite_list - a spec made only of suite names (IANA or OpenSSL) or
 * codes is taken as exactly those suites, in that order: what a server
 * offers, as a probe or a log shows it.  Returns 1 when spec is not such a
 * list (the caller expands it as a cipher string), 0 or -1 otherwise.
 */
static int
pr_suite_list(struct mt_policy *p, const char *spec, bool forced,
    struct mt_error *err)
{
	const struct mt_suite *s;
	char word[128];
	size_t n, pos = 0;
	uint16_t code;
	uint8_t v = 0;

	mt_policy_init(p, MT_LIB_OPENSSL_3_0);
	(void)snprintf(p->label, sizeof(p->label), "suites:%s", spec);
	while (*spec != '\0') {
		n = strcspn(spec, ":, ");
		if (n == 0) {
			spec++;
			continue;
		}
		pos++;
		if (n >= sizeof(word))
			goto notlist;
		memcpy(word, spec, n);
		word[n] = '\0';
		spec += n;
		if (n == 6 && pr_hex4(word, &code))
			s = mt_suite_by_code(code);
		else
			s = mt_suite_by_name(word);
		if (s == NULL || (s->flags & MT_SUITE_SCSV))
			goto notlist;
		v |= s->versions;
		if (s->versions == MT_VBIT_TLS13) {
			if (p->ntls13 < MT_POLICY_TLS13_MAX)
				p->tls13[p->ntls13++] = s->code;
		} else if (p->nsuites < MT_POLICY_SUITES_MAX)
			p->suites[p->nsuites++] = s->code;
	}
	if (pos == 0)
		goto notlist;
	/* The versions its suites can be used in, TLS 1.3 only if named. */
	p->versions = v & (p->ntls13 > 0 ? 0xff : (uint8_t)~MT_VBIT_TLS13);
	mt_policy_fill_why_missing(p, "suite list");
	mt_policy_note(p, "a list of suite names is taken as exactly these "
	    "suites, as a server offering them; openssl-3.0:LIST expands it "
	    "as OpenSSL would, with TLS 1.3 left on");
	return 0;
 notlist:
	if (!forced)
		return 1;
	mt_error_setx(err, MT_ERR_INPUT, "suites: word %zu \"%.60s\" is not "
	    "a cipher suite name or code", pos, word);
	return -1;
}

/* pr_postfix - "postfix-3.7:high", "postfix-3.7-client:medium". */
static int
pr_postfix(struct mt_policy *p, const char *fam, size_t famlen,
    const char *arg, struct mt_error *err)
{
	struct mt_postfix_cfg cfg;
	char version[8];
	size_t vlen;
	bool client = false;
	int lib;

	vlen = famlen - strlen("postfix-");
	if (vlen > 7 && famlen > 7 &&
	    strncmp(fam + famlen - 7, "-client", 7) == 0) {
		client = true;
		vlen -= 7;
	}
	if (vlen == 0 || vlen >= sizeof(version))
		goto bad;
	memcpy(version, fam + strlen("postfix-"), vlen);
	version[vlen] = '\0';
	if ((lib = mt_postfix_default_lib(version)) == -1)
		goto bad;
	memset(&cfg, 0, sizeof(cfg));
	cfg.version = version;
	cfg.lib = lib;
	cfg.server = !client;
	cfg.ciphers = arg != NULL && *arg != '\0' ? arg : NULL;
	return mt_policy_postfix(p, &cfg, err);
bad:
	mt_error_setx(err, MT_ERR_INPUT, "unknown profile \"%.*s\" (Postfix "
	    "2.6 .. 3.9: postfix-3.7:high, postfix-3.7-client:medium)",
	    (int)(famlen > 40 ? 40 : famlen), fam);
	return -1;
}

static bool
pr_is(const char *fam, size_t len, const char *name)
{
	return strlen(name) == len && strncasecmp(fam, name, len) == 0;
}

int
mt_policy_profile(struct mt_policy *p, const char *spec, struct mt_error *err)
{
	const char *colon, *arg;
	size_t len;
	int lib, rv;

	if (spec == NULL || *spec == '\0') {
		mt_error_setx(err, MT_ERR_INPUT, "empty policy");
		return -1;
	}
	if (strnlen(spec, PR_SPEC_MAX + 1) > PR_SPEC_MAX) {
		mt_error_setx(err, MT_ERR_INPUT, "policy longer than %d "
		    "bytes", PR_SPEC_MAX);
		return -1;
	}
	if ((rv = pr_suite_list(p, spec, false, err)) != 1)
		return rv;
	if ((colon = strchr(spec, ':')) == NULL)
		return mt_policy_openssl(p, MT_LIB_OPENSSL_3_0, spec, NULL,
		    "cipher string", err);
	len = (size_t)(colon - spec);
	arg = colon + 1;
	if (pr_is(spec, len, "suites"))
		return pr_suite_list(p, arg, true, err);
	if (pr_is(spec, len, "client"))
		return pr_client(p, arg, err);
	if (pr_is(spec, len, "opensmtpd"))
		return mt_policy_libtls(p, *arg != '\0' ? arg : NULL, NULL,
		    err);
	if (pr_is(spec, len, "opensmtpd-6.8")) {
		/* OpenSMTPD 6.8 "smtp ciphers": an OpenSSL string, default
		 * "HIGH:!aNULL:!MD5" (smtpd.conf(5) of 6.8). */
		if (*arg == '\0' || strcasecmp(arg, "default") == 0)
			arg = "HIGH:!aNULL:!MD5";
		return mt_policy_openssl(p, MT_LIB_OPENSSL_3_0, arg, NULL,
		    "smtp ciphers", err);
	}
	if (len > 8 && strncasecmp(spec, "postfix-", 8) == 0)
		return pr_postfix(p, spec, len, arg, err);
	if (pr_is(spec, len, "sendmail"))
		return mt_policy_sendmail(p, MT_LIB_OPENSSL_3_0, *arg != '\0' ?
		    arg : NULL, NULL, true, err);
	if (pr_is(spec, len, "exim"))
		return mt_policy_exim(p, MT_LIB_GNUTLS_3_7, *arg != '\0' ?
		    arg : NULL, NULL, err);
	if (pr_is(spec, len, "gnutls") || pr_is(spec, len, "gnutls-3.7"))
		return mt_policy_gnutls(p, arg, err);
	if (len < 16 && (pr_is(spec, len, "openssl") || pr_is(spec, len,
	    "openssl-3.0") || pr_is(spec, len, "openssl-1.1.1") ||
	    pr_is(spec, len, "openssl-1.0.2") || pr_is(spec, len,
	    "openssl-1.0.1") || pr_is(spec, len, "libressl") ||
	    pr_is(spec, len, "libressl-3"))) {
		lib = pr_is(spec, len, "openssl-1.0.1") ?
		    MT_LIB_OPENSSL_1_0_2 : -1;
		if (lib == -1) {
			char fam[16];

			memcpy(fam, spec, len);
			fam[len] = '\0';
			lib = mt_tls_lib_parse(fam);
		}
		return mt_policy_openssl(p, lib, arg, NULL, "cipher string",
		    err);
	}
	/* Not a profile family: the whole spec is an OpenSSL string. */
	return mt_policy_openssl(p, MT_LIB_OPENSSL_3_0, spec, NULL,
	    "cipher string", err);
}
