/*
 * policy.c - library names, empty policies, and the why[]/notes helpers
 * every policy file shares
 *
 * Purpose: mt_tls_lib_name/parse, mt_policy_init, and the bookkeeping of
 * struct mt_policy (why a registry suite is absent, notes for admins).
 * Sources: OpenSSL 3.0/1.1.1 default security level 1 and versions
 * TLS 1.0-1.3 (SSLv3 not built); 1.0.2 SSLv3-TLS 1.2, no security
 * levels; LibreSSL 3.x TLS 1.0-1.3, level 1; GnuTLS 3.7 (Debian 12)
 * TLS 1.0-1.3 as NORMAL enables them.
 * Trust: no untrusted input beyond bounded formatting.
 * Ownership: the caller's struct mt_policy.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "policy_int.h"

static const char *const lib_names[MT_LIB_COUNT] = {
	"openssl-3.0", "openssl-1.1.1", "openssl-1.0.2", "libressl-3",
	"gnutls-3.7",
};

const char *
mt_tls_lib_name(int lib)
{
	if (lib < 0 || lib >= MT_LIB_COUNT)
		return "unknown";
	return lib_names[lib];
}

int
mt_tls_lib_parse(const char *s)
{
	static const struct {
		const char	*name;
		int		 lib;
	} more[] = {
		{ "openssl", MT_LIB_OPENSSL_3_0 },
		{ "openssl-3", MT_LIB_OPENSSL_3_0 },
		{ "openssl-1.1", MT_LIB_OPENSSL_1_1_1 },
		{ "openssl-1.0.1", MT_LIB_OPENSSL_1_0_2 },
		{ "openssl-1.0", MT_LIB_OPENSSL_1_0_2 },
		{ "libressl", MT_LIB_LIBRESSL_3 },
		{ "gnutls", MT_LIB_GNUTLS_3_7 },
		{ "gnutls-3", MT_LIB_GNUTLS_3_7 },
	};
	size_t	 i;

	if (s == NULL)
		return -1;
	for (i = 0; i < MT_LIB_COUNT; i++)
		if (strcasecmp(s, lib_names[i]) == 0)
			return (int)i;
	for (i = 0; i < sizeof(more) / sizeof(more[0]); i++)
		if (strcasecmp(s, more[i].name) == 0)
			return more[i].lib;
	return -1;
}

void
mt_policy_init(struct mt_policy *p, int lib)
{
	memset(p, 0, sizeof(*p));
	p->lib = lib;
	switch (lib) {
	case MT_LIB_OPENSSL_3_0:
		/* Level 1: SHA1 signatures fail, so TLS 1.0/1.1 do too. */
		p->versions = MT_VBIT_TLS12 | MT_VBIT_TLS13;
		p->seclevel = 1;
		break;
	case MT_LIB_OPENSSL_1_1_1:
	case MT_LIB_LIBRESSL_3:
	case MT_LIB_GNUTLS_3_7:
		p->versions = MT_VBIT_TLS10 | MT_VBIT_TLS11 | MT_VBIT_TLS12 |
		    MT_VBIT_TLS13;
		p->seclevel = lib == MT_LIB_GNUTLS_3_7 ? -1 : 1;
		break;
	case MT_LIB_OPENSSL_1_0_2:
		p->versions = MT_VBIT_SSL3 | MT_VBIT_TLS10 | MT_VBIT_TLS11 |
		    MT_VBIT_TLS12;
		p->seclevel = -1;
		break;
	default:
		p->seclevel = -1;
		break;
	}
}

void
mt_policy_note(struct mt_policy *p, const char *fmt, ...)
{
	va_list	 ap;

	if (p->nnotes >= MT_POLICY_NOTES_MAX)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(p->notes[p->nnotes], sizeof(p->notes[0]), fmt, ap);
	va_end(ap);
	p->nnotes++;
}

void
mt_policy_set_why(struct mt_policy *p, uint16_t code, const char *rule,
    int pos, const char *where)
{
	struct mt_policy_why	*w = NULL;
	size_t			 i;

	for (i = 0; i < p->nwhy; i++)
		if (p->why[i].code == code)
			w = &p->why[i];
	if (w == NULL) {
		if (p->nwhy >= MT_POLICY_SUITES_MAX)
			return;
		w = &p->why[p->nwhy++];
	}
	w->code = code;
	(void)snprintf(w->rule, sizeof(w->rule), "%s", rule != NULL ? rule :
	    "not selected");
	w->pos = pos;
	(void)snprintf(w->where, sizeof(w->where), "%s", where != NULL ?
	    where : "");
}

bool
mt_policy_has(const struct mt_policy *p, uint16_t code)
{
	size_t	 i;

	for (i = 0; i < p->nsuites; i++)
		if (p->suites[i] == code)
			return true;
	for (i = 0; i < p->ntls13; i++)
		if (p->tls13[i] == code)
			return true;
	return false;
}

void
mt_policy_fill_why_missing(struct mt_policy *p, const char *where)
{
	bool	 seen[65536];
	size_t	 i, n = mt_suite_count();

	memset(seen, 0, sizeof(seen));
	for (i = 0; i < p->nsuites; i++)
		seen[p->suites[i]] = true;
	for (i = 0; i < p->ntls13; i++)
		seen[p->tls13[i]] = true;
	for (i = 0; i < p->nwhy; i++)
		seen[p->why[i].code] = true;
	for (i = 0; i < n; i++) {
		const struct mt_suite *s = mt_suite_at(i);

		if ((s->flags & MT_SUITE_SCSV) || seen[s->code])
			continue;
		mt_policy_set_why(p, s->code, "not selected", 0, where);
	}
}
