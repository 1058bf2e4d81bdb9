/*
 * policy.h - cipher policies: what a TLS library and an MTA make of their
 * settings, and what two such policies negotiate
 *
 * Pure code, no I/O: policies are expanded over the suite registry
 * (registry.h) as each library dialect would, including suites the local
 * OpenSSL does not know.  A policy is a plain struct the caller allocates
 * (it is large: calloc it); every function here fills or reads one.
 * Input strings are untrusted: bounded, never crash, and a string the
 * library would reject gives -1 with MT_ERR_INPUT naming the word and its
 * 1-based position.
 */
#ifndef MAILTLS_POLICY_H
#define MAILTLS_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mailtls/error.h"

/* TLS library dialects. */
enum mt_tls_lib {
	MT_LIB_OPENSSL_3_0 = 0,	/* the default */
	MT_LIB_OPENSSL_1_1_1,
	MT_LIB_OPENSSL_1_0_2,	/* also 1.0.1 */
	MT_LIB_LIBRESSL_3,
	MT_LIB_GNUTLS_3_7,	/* priority strings, as Debian 12 ships it */
	MT_LIB_COUNT
};

#define MT_POLICY_SUITES_MAX	512
#define MT_POLICY_TLS13_MAX	16
#define MT_POLICY_NOTES_MAX	16

/* Certificate key types a server holds (struct mt_policy.cert_keys). */
#define MT_CERT_RSA	0x01
#define MT_CERT_ECDSA	0x02
#define MT_CERT_DSA	0x04

/* Why a registry suite is absent from a policy. */
struct mt_policy_why {
	uint16_t	 code;		/* the suite */
	char		 rule[64];	/* the word that removed it: "!aNULL",
					 * "-kRSA", "@SECLEVEL=2", or "not
					 * selected", "unknown to openssl-1.1.1",
					 * "not in TLS 1.3 ciphersuites" */
	int		 pos;		/* 1-based word position, 0 if none */
	char		 where[48];	/* which setting held the rule:
					 * "tls_high_cipherlist", "ciphers",
					 * "confCIPHER_LIST", "cipher string" */
};

struct mt_policy {
	int		 lib;		/* enum mt_tls_lib */
	char		 label[128];	/* what was expanded, for reports */
	size_t		 nsuites;	/* SSLv3 .. TLS 1.2 suites, in order */
	uint16_t	 suites[MT_POLICY_SUITES_MAX];
	size_t		 ntls13;	/* TLS 1.3 suites, in order */
	uint16_t	 tls13[MT_POLICY_TLS13_MAX];
	uint8_t		 versions;	/* MT_VBIT_* the side enables */
	bool		 server_pref;	/* as a server, picks by its own order */
	bool		 tls_disabled;	/* the MTA turns TLS off (bad setting) */
	int		 seclevel;	/* OpenSSL security level, -1 if n/a */
	uint8_t		 cert_keys;	/* MT_CERT_*: the keys a server has
					 * certificates for; 0 = RSA only */
	size_t		 nwhy;		/* one row per registry suite absent */
	struct mt_policy_why why[MT_POLICY_SUITES_MAX];
	size_t		 nnotes;	/* warnings an admin should read */
	char		 notes[MT_POLICY_NOTES_MAX][200];
};

/* mt_tls_lib_name - "openssl-3.0", "openssl-1.1.1", "openssl-1.0.2",
 * "libressl-3", "gnutls-3.7". */
const char	*mt_tls_lib_name(int);
/* mt_tls_lib_parse - the reverse (also "openssl", "libressl", "gnutls");
 * -1 if unknown. */
int		 mt_tls_lib_parse(const char *);

/* mt_policy_init - empty policy for lib: no suites, versions the library
 * enables by default, seclevel its default. */
void		 mt_policy_init(struct mt_policy *, int lib);

/*
 * mt_policy_openssl - expand an OpenSSL-grammar cipher string as lib
 * would for SSL_CTX_set_cipher_list, plus the TLS 1.3 ciphersuites string
 * (SSL_CTX_set_ciphersuites; NULL: the library default; ignored where the
 * library keeps TLS 1.3 in the cipher string, as LibreSSL does).  The
 * result is what `openssl ciphers -s` would list for a context: ordered,
 * security level applied.  where names the setting for why[] rows.
 */
int		 mt_policy_openssl(struct mt_policy *, int lib,
		    const char *ciphers, const char *ciphersuites,
		    const char *where, struct mt_error *);

/* mt_policy_gnutls - a GnuTLS priority string ("NORMAL:-VERS-TLS1.0"). */
int		 mt_policy_gnutls(struct mt_policy *, const char *priority,
		    struct mt_error *);

/* Postfix settings that decide the TLS policy of smtpd(8) or smtp(8). */
struct mt_postfix_cfg {
	const char	*version;	/* "2.6" .. "3.9"; NULL: "3.7" */
	int		 lib;		/* what Postfix links; OpenSSL dialect */
	bool		 server;	/* smtpd_* (true) or smtp_* (false) */
	bool		 mandatory;	/* *_mandatory_* (level encrypt+) */
	const char	*ciphers;	/* grade: export low medium high null */
	const char	*exclude;	/* *_exclude_ciphers */
	const char	*protocols;	/* *_tls_protocols */
	const char	*cipherlist[5];	/* tls_{export,low,medium,high,null}_
					 * cipherlist overrides, NULL: default */
	bool		 preempt;	/* tls_preempt_cipherlist */
};

int		 mt_policy_postfix(struct mt_policy *,
		    const struct mt_postfix_cfg *, struct mt_error *);
/* mt_postfix_default_lib - the OpenSSL dialect a Postfix release linked
 * (Debian of its time), -1 for an unknown version ("2.6" .. "3.9"). */
int		 mt_postfix_default_lib(const char *version);
/*
 * mt_postfix_protocols - parse a Postfix protocol list as that version
 * would ("!SSLv2, !SSLv3", ">=TLSv1.2", "TLSv1.2, TLSv1.1"); sets the
 * enabled MT_VBIT_* in *versions.  Returns 0, or -1 when that Postfix
 * version rejects the list (2.6: "Invalid TLS protocol list ...: disabling
 * TLS support"), with the Postfix wording in err.
 */
int		 mt_postfix_protocols(const char *version, const char *list,
		    uint8_t *versions, struct mt_error *);
/* OpenSMTPD (libtls): ciphers "secure"|"compat"|"legacy"|"insecure"|
 * string; protocols "tlsv1.2,tlsv1.3", "secure", "all", ... */
int		 mt_policy_libtls(struct mt_policy *, const char *ciphers,
		    const char *protocols, struct mt_error *);
/* sendmail: confCIPHER_LIST and confSERVER_SSL_OPTIONS or
 * confCLIENT_SSL_OPTIONS ("+SSL_OP_NO_SSLv3 +SSL_OP_CIPHER_SERVER_...") */
int		 mt_policy_sendmail(struct mt_policy *, int lib,
		    const char *cipher_list, const char *ssl_options,
		    bool server, struct mt_error *);
/* Exim: tls_require_ciphers (a GnuTLS priority string when lib is
 * MT_LIB_GNUTLS_3_7, Debian's build; else OpenSSL) and openssl_options. */
int		 mt_policy_exim(struct mt_policy *, int lib,
		    const char *tls_require_ciphers,
		    const char *openssl_options, struct mt_error *);

/*
 * mt_policy_profile - a policy from one word, as `mailtls ciphers` takes
 * it: "opensmtpd:secure", "postfix-2.6:high", "postfix-3.7:medium",
 * "sendmail:LIST", "exim:PRIORITY", "gnutls:PRIORITY",
 * "openssl-1.0.2:STRING", "libressl-3:STRING", "client:postfix-3.7"
 * (what a real MTA sends, from its captured ClientHello), or a plain
 * cipher string (openssl-3.0).
 */
int		 mt_policy_profile(struct mt_policy *, const char *spec,
		    struct mt_error *);
/* mt_policy_profile_names - the named profiles, NULL-terminated. */
const char *const *mt_policy_profile_names(void);

/* What a client and a server policy negotiate. */
struct mt_match_version {
	uint16_t	 version;	/* MT_SSL3 ... MT_TLS13 */
	bool		 both;		/* both sides enable it */
	size_t		 nshared;	/* suites both have, usable here, in the
					 * order of the side that decides */
	uint16_t	 shared[MT_POLICY_SUITES_MAX];
	uint16_t	 chosen;	/* the server's pick, 0 if none */
};

struct mt_match {
	bool		 ok;		/* a handshake would succeed */
	uint16_t	 version;	/* negotiated version: the highest both
					 * enable, even when it then fails */
	uint16_t	 suite;		/* the suite, 0 if none */
	char		 reason[200];	/* one line: why not, when !ok */
	struct mt_match_version v[5];	/* SSLv3 .. TLS 1.3 */
	size_t		 nwhy;		/* per suite the client offers at the
					 * negotiated version that the server
					 * lacks: the server's rule */
	struct mt_policy_why why[MT_POLICY_SUITES_MAX];
};

/*
 * mt_policy_match - the negotiation as OpenSSL-like servers do it: the
 * version first (the highest both enable), then a suite at that version
 * in the server's order if server_pref, else the client's; no shared
 * suite at that version means the handshake fails (no fallback to a lower
 * version).
 */
void		 mt_policy_match(const struct mt_policy *client,
		    const struct mt_policy *server, struct mt_match *);

struct mt_policy_diff {
	size_t		 nadded;
	uint16_t	 added[MT_POLICY_SUITES_MAX];
	size_t		 nremoved;
	uint16_t	 removed[MT_POLICY_SUITES_MAX];
	size_t		 nmoved;	/* in both, at another position */
	uint16_t	 moved[MT_POLICY_SUITES_MAX];
	uint8_t		 versions_added;	/* MT_VBIT_* */
	uint8_t		 versions_removed;
};

/* mt_policy_diff - what changes from a to b (TLS 1.3 suites included). */
void		 mt_policy_diff(const struct mt_policy *a,
		    const struct mt_policy *b, struct mt_policy_diff *);

#endif /* MAILTLS_POLICY_H */
