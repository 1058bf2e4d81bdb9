/*
 * cmd_ciphers.c - mailtls ciphers: expand a cipher policy as a TLS library
 * and an MTA would, match a client against a server, or diff two policies
 *
 * The only code here that prints or exits; libmailtls expands, matches
 * and renders (policy.h, policy_report.h).  Exit status: 0 done (a
 * handshake would succeed; the policies are equal), 1 the handshake would
 * fail, the settings leave TLS off, or the policies differ, 2 usage or
 * input error (one line naming the bad word and its position), 3
 * internal error.
 */
#include <err.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mailtls/mailtls.h"
#include "mailtls/policy.h"
#include "mailtls/policy_report.h"
#include "cli.h"
#include "opts.h"

enum {
	OPT_LIB = 256, OPT_TLS13, OPT_MTA, OPT_PROTOCOLS, OPT_EXCLUDE,
	OPT_OPTIONS, OPT_CLIENT, OPT_PREEMPT, OPT_MATCH, OPT_DIFF, OPT_JSON,
};

const struct cli_opt ciphers_opts[] = {
	{ "lib", 0, "LIB", "library dialect (default openssl-3.0)",
	    OPT_LIB },
	{ "tls13", 0, "SUITES", "TLS 1.3 ciphersuites (OpenSSL)",
	    OPT_TLS13 },
	{ "mta", 0, "MTA", "SPEC is a setting of postfix[-X.Y], "
	    "opensmtpd, sendmail, exim", OPT_MTA },
	{ "protocols", 0, "LIST", "protocol list (Postfix or OpenSMTPD "
	    "syntax)", OPT_PROTOCOLS },
	{ "exclude", 0, "LIST", "Postfix *_tls_exclude_ciphers",
	    OPT_EXCLUDE },
	{ "options", 0, "OPTS", "sendmail SSL options, Exim "
	    "openssl_options", OPT_OPTIONS },
	{ "client", 0, NULL, "the MTA's client side (smtp_*, CLIENT "
	    "options)", OPT_CLIENT },
	{ "preempt", 0, NULL, "Postfix tls_preempt_cipherlist = yes",
	    OPT_PREEMPT },
	{ "match", 0, NULL, "CLIENT SERVER: what the two negotiate",
	    OPT_MATCH },
	{ "diff", 0, NULL, "A B: what changes from A to B", OPT_DIFF },
	{ "json", 0, NULL, "write JSON (docs/json-schema.md)", OPT_JSON },
	{ "verbose", 'v', NULL, "also the suites left out and the rule "
	    "for each", 'v' },
	{ "help", 'h', NULL, "show this help", 'h' },
};
const size_t ciphers_nopts = sizeof(ciphers_opts) / sizeof(ciphers_opts[0]);

static const char ciphers_synopsis[] =
    "[options] SPEC\n"
    "       mailtls ciphers [options] --match CLIENT SERVER\n"
    "       mailtls ciphers [options] --diff A B\n"
    "  SPEC: a cipher string, or a profile such as opensmtpd:secure,\n"
    "  postfix-2.6:high, client:postfix-3.7, gnutls:NORMAL; with --match\n"
    "  the options apply to SERVER only, with --diff to both";

enum ciphers_mta {
	MTA_NONE = 0, MTA_POSTFIX, MTA_OPENSMTPD, MTA_SENDMAIL, MTA_EXIM,
};

/* What the options say about how to read a SPEC. */
struct ciphers_cfg {
	int		 lib;		/* -1: not given */
	const char	*tls13;
	int		 mta;		/* enum ciphers_mta */
	const char	*postfix_version; /* "2.6", NULL: the default */
	const char	*protocols;
	const char	*exclude;
	const char	*options;
	bool		 client;
	bool		 preempt;
};

static const char *const postfix_grades[5] = {
	"export", "low", "medium", "high", "null",
};

/* ciphers_mta_parse - "postfix-3.7" etc. into cfg; -1 if unknown. */
static int
ciphers_mta_parse(const char *s, struct ciphers_cfg *c)
{
	if (strcmp(s, "postfix") == 0 || strncmp(s, "postfix-", 8) == 0) {
		c->mta = MTA_POSTFIX;
		c->postfix_version = s[7] == '-' ? s + 8 : NULL;
		if (c->postfix_version != NULL && *c->postfix_version == '\0')
			return -1;
	} else if (strcmp(s, "opensmtpd") == 0 || strcmp(s, "libtls") == 0)
		c->mta = MTA_OPENSMTPD;
	else if (strcmp(s, "sendmail") == 0)
		c->mta = MTA_SENDMAIL;
	else if (strcmp(s, "exim") == 0)
		c->mta = MTA_EXIM;
	else
		return -1;
	return 0;
}

static bool
ciphers_cfg_empty(const struct ciphers_cfg *c)
{
	return c->lib < 0 && c->tls13 == NULL && c->mta == MTA_NONE &&
	    c->protocols == NULL && c->exclude == NULL && c->options == NULL &&
	    !c->client && !c->preempt;
}

/* ciphers_postfix - SPEC as a Postfix grade or a cipherlist. */
static int
ciphers_postfix(struct mt_policy *p, const struct ciphers_cfg *c,
    const char *spec, struct mt_error *e)
{
	struct mt_postfix_cfg pc;
	size_t i;

	memset(&pc, 0, sizeof(pc));
	pc.version = c->postfix_version;
	/* The library that Postfix release linked (2.6: OpenSSL 1.0.2). */
	pc.lib = c->lib >= 0 ? c->lib :
	    mt_postfix_default_lib(c->postfix_version != NULL ?
	    c->postfix_version : "3.7");
	if (pc.lib < 0)
		pc.lib = MT_LIB_OPENSSL_3_0;
	pc.server = !c->client;
	pc.exclude = c->exclude;
	pc.protocols = c->protocols;
	pc.preempt = c->preempt;
	for (i = 0; i < 5; i++)
		if (strcasecmp(spec, postfix_grades[i]) == 0)
			pc.ciphers = postfix_grades[i];
	if (pc.ciphers == NULL) {
		/* A cipherlist: take it as tls_high_cipherlist. */
		pc.ciphers = "high";
		pc.cipherlist[3] = spec;
	}
	return mt_policy_postfix(p, &pc, e);
}

/* ciphers_plain - SPEC as a library string, with --protocols. */
static int
ciphers_plain(struct mt_policy *p, const struct ciphers_cfg *c,
    const char *spec, struct mt_error *e)
{
	uint8_t versions;
	int lib = c->lib >= 0 ? c->lib : MT_LIB_OPENSSL_3_0;

	if (lib == MT_LIB_GNUTLS_3_7) {
		if (mt_policy_gnutls(p, spec, e) != 0)
			return -1;
	} else if (mt_policy_openssl(p, lib, spec, c->tls13, "cipher string",
	    e) != 0)
		return -1;
	if (c->protocols != NULL) {
		if (mt_postfix_protocols("3.7", c->protocols, &versions,
		    e) != 0)
			return -1;
		/* A protocol list narrows what the library enables. */
		p->versions &= versions;
	}
	return 0;
}

/* ciphers_build - one policy from SPEC; options only when apply. */
static int
ciphers_build(struct mt_policy *p, const struct ciphers_cfg *c, bool apply,
    const char *spec, struct mt_error *e)
{
	int lib;

	if (spec[strspn(spec, " \t")] == '\0') {
		mt_error_setx(e, MT_ERR_INPUT, "empty policy string");
		return -1;
	}
	if (!apply || ciphers_cfg_empty(c))
		return mt_policy_profile(p, spec, e);
	switch (c->mta) {
	case MTA_POSTFIX:
		return ciphers_postfix(p, c, spec, e);
	case MTA_OPENSMTPD:
		return mt_policy_libtls(p, spec, c->protocols, e);
	case MTA_SENDMAIL:
		lib = c->lib >= 0 ? c->lib : MT_LIB_OPENSSL_3_0;
		return mt_policy_sendmail(p, lib, spec, c->options, !c->client,
		    e);
	case MTA_EXIM:
		/* Debian's exim4 links GnuTLS. */
		lib = c->lib >= 0 ? c->lib : MT_LIB_GNUTLS_3_7;
		return mt_policy_exim(p, lib, spec, c->options, e);
	default:
		if (c->lib < 0 && c->tls13 == NULL && c->protocols == NULL)
			return mt_policy_profile(p, spec, e);
		return ciphers_plain(p, c, spec, e);
	}
}

/* ciphers_load - allocate and build; warns and returns NULL on error. */
static struct mt_policy *
ciphers_load(const struct ciphers_cfg *c, bool apply, const char *what,
    const char *spec)
{
	struct mt_policy *p;
	struct mt_error e;

	if ((p = calloc(1, sizeof(*p))) == NULL)
		err(3, "calloc");
	mt_error_clear(&e);
	if (ciphers_build(p, c, apply, spec, &e) != 0) {
		warnx("%s%s\"%.64s%s\": %s", what, what[0] ? " " : "", spec,
		    strlen(spec) > 64 ? "..." : "",
		    e.msg[0] ? e.msg : "not a valid policy");
		free(p);
		return NULL;
	}
	if (p->label[0] == '\0')
		(void)snprintf(p->label, sizeof(p->label), "%s", spec);
	return p;
}

static int
ciphers_list(const struct ciphers_cfg *c, const char *spec, bool json,
    bool verbose)
{
	struct mt_policy *p;
	int rv;

	if ((p = ciphers_load(c, true, "", spec)) == NULL)
		return 2;
	if (json)
		rv = mt_report_policy_json(stdout, p);
	else
		rv = mt_report_policy_text(stdout, p, verbose);
	if (rv != 0)
		rv = 3;
	else
		rv = p->tls_disabled ? 1 : 0;
	free(p);
	return rv;
}

static int
ciphers_match(const struct ciphers_cfg *c, const char *cs, const char *ss,
    bool json, bool verbose)
{
	struct mt_policy *client = NULL, *server = NULL;
	struct mt_match *m = NULL;
	int rv = 2;

	if ((client = ciphers_load(c, false, "client", cs)) == NULL ||
	    (server = ciphers_load(c, true, "server", ss)) == NULL)
		goto out;
	if ((m = calloc(1, sizeof(*m))) == NULL)
		err(3, "calloc");
	mt_policy_match(client, server, m);
	if (json)
		rv = mt_report_match_json(stdout, client, server, m);
	else
		rv = mt_report_match_text(stdout, client, server, m, verbose);
	rv = rv != 0 ? 3 : m->ok ? 0 : 1;
 out:
	free(client);
	free(server);
	free(m);
	return rv;
}

static int
ciphers_diff(const struct ciphers_cfg *c, const char *as, const char *bs,
    bool json)
{
	struct mt_policy *a = NULL, *b = NULL;
	struct mt_policy_diff *d = NULL;
	int rv = 2;

	if ((a = ciphers_load(c, true, "a", as)) == NULL ||
	    (b = ciphers_load(c, true, "b", bs)) == NULL)
		goto out;
	if ((d = calloc(1, sizeof(*d))) == NULL)
		err(3, "calloc");
	mt_policy_diff(a, b, d);
	if (json)
		rv = mt_report_diff_json(stdout, a, b, d);
	else
		rv = mt_report_diff_text(stdout, a, b, d);
	rv = rv != 0 ? 3 : d->nadded + d->nremoved + d->nmoved > 0 ||
	    d->versions_added != 0 || d->versions_removed != 0 ? 1 : 0;
 out:
	free(a);
	free(b);
	free(d);
	return rv;
}

static int
ciphers_usage(FILE *f, int rv)
{
	cli_opts_help(f, "ciphers", ciphers_synopsis, ciphers_opts,
	    ciphers_nopts);
	return rv;
}

int
cmd_ciphers(int argc, char *argv[])
{
	struct option lo[sizeof(ciphers_opts) / sizeof(ciphers_opts[0]) + 1];
	struct ciphers_cfg cfg;
	char shorts[32];
	bool json = false, verbose = false, match = false, diff = false;
	int c, nargs;

	memset(&cfg, 0, sizeof(cfg));
	cfg.lib = -1;
	cli_opts_getopt(ciphers_opts, ciphers_nopts, lo, shorts,
	    sizeof(shorts));
	while ((c = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
		switch (c) {
		case OPT_LIB:
			if ((cfg.lib = mt_tls_lib_parse(optarg)) < 0) {
				warnx("--lib %s: want openssl-3.0, "
				    "openssl-1.1.1, openssl-1.0.2, libressl-3 "
				    "or gnutls-3.7", optarg);
				return 2;
			}
			break;
		case OPT_TLS13:
			cfg.tls13 = optarg;
			break;
		case OPT_MTA:
			if (ciphers_mta_parse(optarg, &cfg) != 0) {
				warnx("--mta %s: want postfix[-X.Y], "
				    "opensmtpd, sendmail or exim", optarg);
				return 2;
			}
			break;
		case OPT_PROTOCOLS:
			cfg.protocols = optarg;
			break;
		case OPT_EXCLUDE:
			cfg.exclude = optarg;
			break;
		case OPT_OPTIONS:
			cfg.options = optarg;
			break;
		case OPT_CLIENT:
			cfg.client = true;
			break;
		case OPT_PREEMPT:
			cfg.preempt = true;
			break;
		case OPT_MATCH:
			match = true;
			break;
		case OPT_DIFF:
			diff = true;
			break;
		case OPT_JSON:
			json = true;
			break;
		case 'v':
			verbose = true;
			break;
		case 'h':
			return ciphers_usage(stdout, 0);
		default:
			return ciphers_usage(stderr, 2);
		}
	}
	nargs = argc - optind;
	if (match && diff) {
		warnx("--match and --diff exclude each other");
		return 2;
	}
	if ((cfg.exclude != NULL || cfg.preempt) && cfg.mta != MTA_POSTFIX) {
		warnx("--exclude and --preempt need --mta postfix");
		return 2;
	}
	if (match || diff) {
		if (nargs != 2)
			return ciphers_usage(stderr, 2);
		if (match)
			return ciphers_match(&cfg, argv[optind],
			    argv[optind + 1], json, verbose);
		return ciphers_diff(&cfg, argv[optind], argv[optind + 1],
		    json);
	}
	if (nargs != 1)
		return ciphers_usage(stderr, 2);
	return ciphers_list(&cfg, argv[optind], json, verbose);
}
