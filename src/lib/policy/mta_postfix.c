/*
 * mta_postfix.c - Postfix's TLS policy layer: cipher grades, the
 * tls_*_cipherlist defaults per Postfix version, *_exclude_ciphers,
 * tls_preempt_cipherlist and the *_tls_protocols syntax of each version
 *
 * Sources: Postfix postconf(5) of each release and src/tls/tls_misc.c
 * (tls_set_ciphers: the grade's cipherlist, then ":!" and each word of
 * the exclusion list; tls_protocol_mask: names with "!" exclusions, the
 * complement of the included names excluded too; 3.6 adds ">=" and
 * "<="), smtpd(8)/smtp(8) ("Invalid TLS protocol list \"...\": disabling
 * TLS support").  The version boundaries marked "assumed" below were not
 * checked against each release's source; see docs/internals/mta-policies.md.
 *
 * Settings are untrusted text: bounded, tokenised with length caps.  The
 * policy is caller-owned; the OpenSSL grammar is mt_policy_openssl's.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mailtls/policy.h"
#include "mailtls/registry.h"

#include "policy_int.h"

#define PF_LIST_MAX	4096		/* longest setting we take */
#define PF_WORD_MAX	64

enum { PF_EXPORT, PF_LOW, PF_MEDIUM, PF_HIGH, PF_NULL, PF_GRADES };

static const char *const pf_grade_names[PF_GRADES] = {
	"export", "low", "medium", "high", "null",
};

static const char *const pf_clist_names[PF_GRADES] = {
	"tls_export_cipherlist", "tls_low_cipherlist",
	"tls_medium_cipherlist", "tls_high_cipherlist",
	"tls_null_cipherlist",
};

/*
 * Defaults per release, as postconf(5) documents them.  Postfix changed
 * the cipherlists and the opportunistic grade in the mid-2015 releases
 * (3.0.2, 2.11.6, ...): "The default value is \"medium\" for Postfix
 * releases after the middle of 2015, \"export\" for older releases."
 * Here 2.6-2.11 use the old table and 3.0+ the new one.
 */
static const struct pf_defaults {
	int		 since;		/* major * 100 + minor */
	int		 lib;		/* what it linked (Debian) */
	const char	*clist[PF_GRADES];
	const char	*grade;		/* *_tls_ciphers */
	const char	*protocols;	/* *_tls_protocols */
	const char	*mprotocols;	/* *_tls_mandatory_protocols */
} pf_defaults[] = {
	{ 206, MT_LIB_OPENSSL_1_0_2, {
		"ALL:+RC4:@STRENGTH",
		"ALL:!EXPORT:+RC4:@STRENGTH",
		"ALL:!EXPORT:!LOW:+RC4:@STRENGTH",
		"ALL:!EXPORT:!LOW:!MEDIUM:+RC4:@STRENGTH",
		"eNULL:!aNULL" },
	    "export", "", "SSLv3, TLSv1" },
	{ 300, MT_LIB_OPENSSL_1_0_2, {
		"aNULL:-aNULL:HIGH:MEDIUM:LOW:EXPORT:+RC4:@STRENGTH",
		"aNULL:-aNULL:HIGH:MEDIUM:LOW:+RC4:@STRENGTH",
		"aNULL:-aNULL:HIGH:MEDIUM:+RC4:@STRENGTH",
		"aNULL:-aNULL:HIGH:@STRENGTH",
		"eNULL:!aNULL" },
	    "medium", "!SSLv2, !SSLv3", "!SSLv2, !SSLv3" },
	{ 304, MT_LIB_OPENSSL_1_1_1, {
		"aNULL:-aNULL:HIGH:MEDIUM:LOW:EXPORT:+RC4:@STRENGTH",
		"aNULL:-aNULL:HIGH:MEDIUM:LOW:+RC4:@STRENGTH",
		"aNULL:-aNULL:HIGH:MEDIUM:+RC4:@STRENGTH",
		"aNULL:-aNULL:HIGH:@STRENGTH",
		"eNULL:!aNULL" },
	    "medium", "!SSLv2, !SSLv3", "!SSLv2, !SSLv3" },
	/* 3.6: ">=TLSv1" replaces the exclusion lists. */
	{ 306, MT_LIB_OPENSSL_3_0, {
		"aNULL:-aNULL:HIGH:MEDIUM:LOW:EXPORT:+RC4:@STRENGTH",
		"aNULL:-aNULL:HIGH:MEDIUM:LOW:+RC4:@STRENGTH",
		"aNULL:-aNULL:HIGH:MEDIUM:+RC4:@STRENGTH",
		"aNULL:-aNULL:HIGH:@STRENGTH",
		"eNULL:!aNULL" },
	    "medium", ">=TLSv1", ">=TLSv1" },
};

/* Protocol names and the release that first knew them. */
static const struct pf_proto {
	const char	*name;
	uint8_t		 bit;		/* MT_VBIT_*, 0 for SSLv2 */
	int		 since;
} pf_protos[] = {
	{ "SSLv2", 0, 206 },
	{ "SSLv3", MT_VBIT_SSL3, 206 },
	{ "TLSv1", MT_VBIT_TLS10, 206 },
	{ "TLSv1.1", MT_VBIT_TLS11, 208 },	/* assumed: 2.8 */
	{ "TLSv1.2", MT_VBIT_TLS12, 208 },	/* assumed: 2.8 */
	{ "TLSv1.3", MT_VBIT_TLS13, 304 },	/* 3.4 added TLS 1.3 */
};
#define PF_KNOWN	(MT_VBIT_SSL3 | MT_VBIT_TLS10 | MT_VBIT_TLS11 | \
			    MT_VBIT_TLS12 | MT_VBIT_TLS13)

static const struct pf_defaults *
pf_defaults_for(int ver)
{
	size_t i, best = 0;

	for (i = 0; i < sizeof(pf_defaults) / sizeof(pf_defaults[0]); i++)
		if (pf_defaults[i].since <= ver)
			best = i;
	return &pf_defaults[best];
}

/* pf_version - "3.7" -> 307, "2.11" -> 211; -1 outside 2.6 .. 3.9. */
static int
pf_version(const char *v)
{
	int major, minor;

	if (v == NULL)
		v = "3.7";
	if (v[0] < '0' || v[0] > '9' || v[1] != '.' ||
	    v[2] < '0' || v[2] > '9')
		return -1;
	major = v[0] - '0';
	minor = v[2] - '0';
	v += 3;
	if (*v >= '0' && *v <= '9')
		minor = minor * 10 + (*v++ - '0');
	if (*v != '\0' && *v != '.')
		return -1;
	if ((major == 2 && minor >= 6 && minor <= 11) ||
	    (major == 3 && minor <= 9))
		return major * 100 + minor;
	return -1;
}

/* mt_postfix_default_lib - the OpenSSL that release was built with on
 * Debian of its time; -1 for an unknown version. */
int
mt_postfix_default_lib(const char *version)
{
	int ver;

	if ((ver = pf_version(version)) == -1)
		return -1;
	return pf_defaults_for(ver)->lib;
}

/* pf_next - the next word separated by whitespace, commas or colons. */
static bool
pf_next(const char **cp, char *word, size_t size, bool *toolong)
{
	const char *s = *cp;
	size_t n = 0;

	*toolong = false;
	while (*s == ' ' || *s == '\t' || *s == ',' || *s == ':' ||
	    *s == '\n' || *s == '\r')
		s++;
	if (*s == '\0')
		return false;
	while (*s != '\0' && *s != ' ' && *s != '\t' && *s != ',' &&
	    *s != ':' && *s != '\n' && *s != '\r') {
		if (n + 1 < size)
			word[n++] = *s;
		else
			*toolong = true;
		s++;
	}
	word[n] = '\0';
	*cp = s;
	return true;
}

static int
pf_proto_find(const char *name, int ver)
{
	size_t i;

	for (i = 0; i < sizeof(pf_protos) / sizeof(pf_protos[0]); i++)
		if (strcasecmp(pf_protos[i].name, name) == 0 &&
		    pf_protos[i].since <= ver)
			return (int)i;
	return -1;
}

/* pf_bound - ">=TLSv1.2" or "<=0x0303" (3.6+): the version bit. */
static uint8_t
pf_bound(const char *name, int ver)
{
	static const uint8_t bits[] = { MT_VBIT_SSL3, MT_VBIT_TLS10,
	    MT_VBIT_TLS11, MT_VBIT_TLS12, MT_VBIT_TLS13 };
	const char *h = name;
	unsigned long v = 0;
	int i;

	if ((i = pf_proto_find(name, ver)) >= 0)
		return pf_protos[i].bit;
	if (h[0] == '0' && (h[1] == 'x' || h[1] == 'X'))
		h += 2;
	if (*h == '\0' || strlen(h) > 4)
		return 0;
	for (; *h != '\0'; h++) {
		if (*h >= '0' && *h <= '9')
			v = v * 16 + (unsigned long)(*h - '0');
		else if ((*h | 0x20) >= 'a' && (*h | 0x20) <= 'f')
			v = v * 16 + (unsigned long)((*h | 0x20) - 'a' + 10);
		else
			return 0;
	}
	if (v < MT_SSL3 || v > MT_TLS13)
		return 0;
	return bits[v - MT_SSL3];
}

int
mt_postfix_protocols(const char *version, const char *list,
    uint8_t *versions, struct mt_error *err)
{
	char word[PF_WORD_MAX];
	uint8_t include = 0, exclude = 0, lo = 0, hi = 0, b;
	const char *cp = list;
	bool toolong, any_incl = false;
	int ver, i;

	*versions = 0;
	if ((ver = pf_version(version)) == -1) {
		mt_error_setx(err, MT_ERR_USAGE, "unknown Postfix version "
		    "\"%.16s\" (2.6 .. 3.9)", version);
		return -1;
	}
	if (list == NULL)
		cp = list = "";
	if (strnlen(list, PF_LIST_MAX + 1) > PF_LIST_MAX)
		goto invalid;
	while (pf_next(&cp, word, sizeof(word), &toolong)) {
		if (toolong)
			goto invalid;
		if (ver >= 306 && (word[0] == '>' || word[0] == '<') &&
		    word[1] == '=') {
			if ((b = pf_bound(word + 2, ver)) == 0)
				goto invalid;
			if (word[0] == '>')
				lo = b;
			else
				hi = b;
			continue;
		}
		if (word[0] == '!') {
			if ((i = pf_proto_find(word + 1, ver)) < 0)
				goto invalid;
			exclude |= pf_protos[i].bit;
		} else {
			if ((i = pf_proto_find(word, ver)) < 0)
				goto invalid;
			include |= pf_protos[i].bit;
			any_incl = true;
		}
	}
	/* Included names exclude the complement of the known ones. */
	if (any_incl)
		exclude |= PF_KNOWN & ~include;
	*versions = PF_KNOWN & ~exclude;
	for (b = MT_VBIT_SSL3; b <= MT_VBIT_TLS13; b <<= 1) {
		if (lo != 0 && b < lo)
			*versions &= ~b;
		if (hi != 0 && b > hi)
			*versions &= ~b;
	}
	return 0;
invalid:
	mt_error_setx(err, MT_ERR_INPUT, "Invalid TLS protocol list "
	    "\"%.150s\": disabling TLS support", list);
	return -1;
}

static int
pf_grade(const char *name)
{
	int g;

	for (g = 0; g < PF_GRADES; g++)
		if (strcasecmp(pf_grade_names[g], name) == 0)
			return g;
	return -1;
}

/* pf_cipherlist - tls_set_ciphers: the grade's list, then ":!" + word. */
static int
pf_cipherlist(char *buf, size_t size, const char *base, const char *exclude,
    struct mt_error *err)
{
	char word[PF_WORD_MAX];
	const char *cp = exclude;
	size_t len;
	bool toolong;

	if ((len = (size_t)snprintf(buf, size, "%s", base)) >= size)
		goto toolong;
	while (cp != NULL && pf_next(&cp, word, sizeof(word), &toolong)) {
		if (toolong)
			goto toolong;
		if ((len += (size_t)snprintf(buf + len, size - len, ":!%s",
		    word)) >= size)
			goto toolong;
	}
	return 0;
toolong:
	mt_error_setx(err, MT_ERR_INPUT, "Postfix cipher setting longer "
	    "than %zu bytes", size - 1);
	return -1;
}

/* pf_mark_where - why[] rows from exclusion words name that setting. */
static void
pf_mark_where(struct mt_policy *p, const char *base, const char *prefix)
{
	char word[PF_WORD_MAX];
	const char *cp = base;
	bool toolong;
	size_t i;
	int nbase = 0;

	while (pf_next(&cp, word, sizeof(word), &toolong))
		nbase++;
	for (i = 0; i < p->nwhy; i++)
		if (p->why[i].pos > nbase)
			snprintf(p->why[i].where, sizeof(p->why[i].where),
			    "%s_tls_exclude_ciphers", prefix);
}

int
mt_policy_postfix(struct mt_policy *p, const struct mt_postfix_cfg *cfg,
    struct mt_error *err)
{
	const struct pf_defaults *d;
	const char *grade, *protocols, *base, *prefix;
	char list[PF_LIST_MAX + 64];
	uint8_t versions;
	int ver, g;

	if ((ver = pf_version(cfg->version)) == -1) {
		mt_error_setx(err, MT_ERR_USAGE, "unknown Postfix version "
		    "\"%.16s\" (2.6 .. 3.9)", cfg->version);
		return -1;
	}
	d = pf_defaults_for(ver);
	prefix = cfg->server ? "smtpd" : "smtp";
	grade = cfg->ciphers != NULL ? cfg->ciphers :
	    cfg->mandatory ? "medium" : d->grade;
	if ((g = pf_grade(grade)) == -1) {
		mt_error_setx(err, MT_ERR_INPUT, "%s_tls_%sciphers: invalid "
		    "cipher grade \"%.32s\" (export, low, medium, high, null)",
		    prefix, cfg->mandatory ? "mandatory_" : "", grade);
		return -1;
	}
	base = cfg->cipherlist[g] != NULL ? cfg->cipherlist[g] : d->clist[g];
	if (pf_cipherlist(list, sizeof(list), base, cfg->exclude, err) == -1)
		return -1;
	/*
	 * Postfix with OpenSSL 1.1+ runs its contexts at security level 0
	 * when the cipherlist names aNULL, so that the anonymous suites stay
	 * (the captured Postfix 3.7 / OpenSSL 3.0 hello offers all 12).
	 */
	if (cfg->lib != MT_LIB_OPENSSL_1_0_2 && cfg->lib != MT_LIB_LIBRESSL_3 &&
	    strstr(base, "aNULL") != NULL &&
	    strlen(list) + sizeof(":@SECLEVEL=0") <= sizeof(list))
		memcpy(list + strlen(list), ":@SECLEVEL=0",
		    sizeof(":@SECLEVEL=0"));
	if (mt_policy_openssl(p, cfg->lib, list, NULL, pf_clist_names[g],
	    err) == -1)
		return -1;
	pf_mark_where(p, base, prefix);
	snprintf(p->label, sizeof(p->label), "postfix-%.8s %s %s", cfg->version
	    != NULL ? cfg->version : "3.7", cfg->server ? "smtpd" : "smtp",
	    pf_grade_names[g]);
	p->server_pref = cfg->server && cfg->preempt;
	protocols = cfg->protocols != NULL ? cfg->protocols :
	    cfg->mandatory ? d->mprotocols : d->protocols;
	if (mt_postfix_protocols(cfg->version, protocols, &versions,
	    err) == -1) {
		p->tls_disabled = true;
		mt_policy_note(p, "postfix-%s: %s", cfg->version != NULL ?
		    cfg->version : "3.7", err->msg);
		mt_error_clear(err);
		return 0;
	}
	p->versions &= versions;
	if (p->versions == 0) {
		p->tls_disabled = true;
		mt_policy_note(p, "%s_tls_protocols \"%s\" leaves no protocol "
		    "the library enables", prefix, protocols);
	}
	return 0;
}
