/*
 * chain.c - analyse a certificate chain as a server sent it (RFC 5280
 * path validation through libcrypto, RFC 6125 name checks)
 *
 * Input: DER certificates, leaf first, untrusted and borrowed.  The trust
 * store is a CA file/path or the system default; the check time is
 * injected.  Results are facts and problem bits in a caller-owned struct
 * mt_chain_report: a chain that fails is a finding, not an error.  The
 * OpenSSL error queue is drained before returning.
 *
 * Telling a missing intermediate from an untrusted root follows what
 * openssl s_client shows: walk from the leaf through the sent certificates
 * by issuer; if the walk stops at the leaf and the store lacks its issuer,
 * an intermediate is missing; if it stops higher, at a certificate whose
 * issuer the store lacks (or at a sent root the store lacks), the chain
 * is complete up to a root the client does not trust.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include "mailtls/chain.h"
#include "x509/x509_int.h"

#define CHAIN_RSA_MIN_BITS	2048
#define CHAIN_EC_MIN_BITS	224

/* The decoded chain and where the issuer walk went. */
struct chain_state {
	X509	*x[MT_CHAIN_CERTS_MAX];	/* NULL where a cert did not decode */
	size_t	 n;
	bool	 on_path[MT_CHAIN_CERTS_MAX];
	size_t	 end;			/* where the issuer walk stopped */
};

/* chain_ssl_error - record what failed with OpenSSL's reason; drain. */
static void
chain_ssl_error(struct mt_error *err, const char *what, const char *file)
{
	unsigned long e;
	const char *reason = NULL;

	if ((e = ERR_peek_last_error()) != 0)
		reason = ERR_reason_error_string(e);
	if (err != NULL)
		mt_error_setx(err, MT_ERR_INPUT, "%s %s%s%s", what, file,
		    reason != NULL ? ": " : "", reason != NULL ? reason : "");
	ERR_clear_error();
}

static void
chain_copy(char *dst, size_t size, const char *src)
{
	size_t n;

	n = strlen(src);
	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* chain_issued - true if issuer issued subject (names, key ids, usage). */
static bool
chain_issued(X509 *issuer, X509 *subject)
{
	return issuer != NULL && subject != NULL &&
	    X509_check_issued(issuer, subject) == X509_V_OK;
}

/* chain_dir_usable - dir holds OpenSSL hash links (c_rehash). */
static bool
chain_dir_usable(const char *dir)
{
	struct dirent *de;
	size_t n;
	DIR *d;
	bool found = false;

	if (dir == NULL || (d = opendir(dir)) == NULL)
		return false;
	while (!found && (de = readdir(d)) != NULL) {
		n = strlen(de->d_name);
		found = n == 10 && de->d_name[8] == '.' &&
		    strspn(de->d_name, "0123456789abcdef") == 8;
	}
	closedir(d);
	return found;
}

static X509_STORE *
chain_store_load(const struct mt_chain_opts *opts, struct mt_error *err)
{
	X509_STORE *store;

	if ((store = X509_STORE_new()) == NULL) {
		if (err != NULL)
			mt_error_setx(err, MT_ERR_INTERNAL, "out of memory");
		ERR_clear_error();
		return NULL;
	}
	if (opts->cafile == NULL && opts->capath == NULL) {
		/*
		 * The hashed directory is looked up lazily, by issuer; the
		 * bundle file is parsed whole (about 140 roots, tens of
		 * milliseconds), so it is the fallback only.
		 */
		if (chain_dir_usable(X509_get_default_cert_dir()) &&
		    X509_STORE_load_path(store,
		    X509_get_default_cert_dir()) == 1)
			return store;
		ERR_clear_error();
		if (X509_STORE_set_default_paths(store) != 1) {
			chain_ssl_error(err, "cannot load",
			    "default trust store");
			goto fail;
		}
		return store;
	}
	if (opts->cafile != NULL &&
	    X509_STORE_load_file(store, opts->cafile) != 1) {
		chain_ssl_error(err, "cannot load CA file", opts->cafile);
		goto fail;
	}
	if (opts->capath != NULL &&
	    X509_STORE_load_path(store, opts->capath) != 1) {
		chain_ssl_error(err, "cannot load CA path", opts->capath);
		goto fail;
	}
	return store;
fail:
	X509_STORE_free(store);
	return NULL;
}

/* chain_store_has_issuer - true if the trust store holds x's issuer. */
static bool
chain_store_has_issuer(X509_STORE *store, X509 *x)
{
	STACK_OF(X509) *certs = NULL;
	X509_STORE_CTX *ctx;
	bool found = false;
	int i;

	if ((ctx = X509_STORE_CTX_new()) == NULL)
		return false;
	if (X509_STORE_CTX_init(ctx, store, NULL, NULL) != 1)
		goto out;
	certs = X509_STORE_CTX_get1_certs(ctx, X509_get_issuer_name(x));
	for (i = 0; certs != NULL && i < sk_X509_num(certs) && !found; i++)
		found = chain_issued(sk_X509_value(certs, i), x);
out:
	sk_X509_pop_free(certs, X509_free);
	X509_STORE_CTX_free(ctx);
	return found;
}

/* chain_verify - run libcrypto path validation; fill verify_* fields. */
static void
chain_verify(X509_STORE *store, const struct chain_state *cs,
    struct mt_chain_report *out)
{
	STACK_OF(X509) *untrusted = NULL;
	X509_STORE_CTX *ctx = NULL;
	size_t i;

	out->verify_code = X509_V_ERR_UNSPECIFIED;
	chain_copy(out->verify_error, sizeof(out->verify_error),
	    "verification did not run");
	if (cs->x[0] == NULL) {
		chain_copy(out->verify_error, sizeof(out->verify_error),
		    "leaf certificate did not decode");
		return;
	}
	if ((untrusted = sk_X509_new_null()) == NULL ||
	    (ctx = X509_STORE_CTX_new()) == NULL)
		goto out;
	for (i = 1; i < cs->n; i++)
		if (cs->x[i] != NULL && !sk_X509_push(untrusted, cs->x[i]))
			goto out;
	if (X509_STORE_CTX_init(ctx, store, cs->x[0], untrusted) != 1)
		goto out;
	X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(ctx), out->at);
	if (X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_SSL_SERVER) != 1)
		goto out;
	out->verified = X509_verify_cert(ctx) == 1;
	out->verify_code = out->verified ? X509_V_OK :
	    X509_STORE_CTX_get_error(ctx);
	out->verify_depth = out->verified ? 0 :
	    X509_STORE_CTX_get_error_depth(ctx);
	chain_copy(out->verify_error, sizeof(out->verify_error),
	    X509_verify_cert_error_string(out->verify_code));
out:
	X509_STORE_CTX_free(ctx);
	sk_X509_free(untrusted);	/* the certs belong to cs */
}

/*
 * chain_walk - follow issuers from the leaf through the sent certs,
 * preferring the next one in order; mark the path and where it stops.
 */
static void
chain_walk(struct chain_state *cs, const struct mt_chain_report *out)
{
	size_t cur = 0, next, j;

	cs->on_path[0] = true;
	while (!out->certs[cur].self_signed) {
		next = cs->n;
		if (cur + 1 < cs->n && !cs->on_path[cur + 1] &&
		    chain_issued(cs->x[cur + 1], cs->x[cur]))
			next = cur + 1;
		for (j = 1; next == cs->n && j < cs->n; j++)
			if (!cs->on_path[j] && chain_issued(cs->x[j],
			    cs->x[cur]))
				next = j;
		if (next == cs->n)
			break;
		cs->on_path[next] = true;
		cur = next;
	}
	cs->end = cur;
}

/* chain_order - problems of order, extra certs and sent roots. */
static uint32_t
chain_order(const struct chain_state *cs, const struct mt_chain_report *out)
{
	uint32_t problems = 0;
	size_t i, k;

	for (i = 0; i + 1 < cs->n; i++) {
		if (cs->x[i] == NULL || out->certs[i].self_signed ||
		    chain_issued(cs->x[i + 1], cs->x[i]))
			continue;
		for (k = i + 2; k < cs->n; k++)
			if (chain_issued(cs->x[k], cs->x[i]))
				problems |= MT_CHAIN_WRONG_ORDER;
	}
	for (i = 1; i < cs->n; i++) {
		if (cs->x[i] == NULL)
			continue;
		if (!cs->on_path[i])
			problems |= MT_CHAIN_EXTRA_CERTS;
		if (out->certs[i].self_signed)
			problems |= MT_CHAIN_ROOT_SENT;
	}
	return problems;
}

/* chain_trust - MISSING_INTERMEDIATE or UNTRUSTED_ROOT, from the walk. */
static uint32_t
chain_trust(X509_STORE *store, const struct chain_state *cs,
    const struct mt_chain_report *out)
{
	X509 *end = cs->x[cs->end];

	if (out->verified)
		return 0;
	if (out->certs[cs->end].self_signed) {
		if (cs->end == 0)
			return 0;	/* SELF_SIGNED_LEAF says it */
		return chain_store_has_issuer(store, end) ? 0 :
		    MT_CHAIN_UNTRUSTED_ROOT;
	}
	if (chain_store_has_issuer(store, end))
		return 0;
	return cs->end == 0 ? MT_CHAIN_MISSING_INTERMEDIATE :
	    MT_CHAIN_UNTRUSTED_ROOT;
}

/* chain_cert_problems - validity at `at`, weak keys and signatures. */
static uint32_t
chain_cert_problems(const struct chain_state *cs,
    const struct mt_chain_report *out)
{
	const struct mt_cert_info *ci;
	uint32_t problems = 0;
	time_t at = out->at;
	int mdnid, pknid;
	size_t i;

	for (i = 0; i < cs->n; i++) {
		if (cs->x[i] == NULL)
			continue;
		ci = &out->certs[i];
		if (X509_cmp_time(X509_get0_notAfter(cs->x[i]), &at) < 0)
			problems |= MT_CHAIN_EXPIRED;
		if (X509_cmp_time(X509_get0_notBefore(cs->x[i]), &at) > 0)
			problems |= MT_CHAIN_NOT_YET_VALID;
		if ((strcmp(ci->key_type, "RSA") == 0 ||
		    strcmp(ci->key_type, "RSA-PSS") == 0 ||
		    strcmp(ci->key_type, "DSA") == 0) &&
		    ci->key_bits < CHAIN_RSA_MIN_BITS)
			problems |= MT_CHAIN_WEAK_KEY;
		if (strcmp(ci->key_type, "EC") == 0 &&
		    ci->key_bits < CHAIN_EC_MIN_BITS)
			problems |= MT_CHAIN_WEAK_KEY;
		if (ci->self_signed && i > 0)
			continue;	/* no one checks a root's signature */
		if (OBJ_find_sigid_algs(X509_get_signature_nid(cs->x[i]),
		    &mdnid, &pknid) == 1 && (mdnid == NID_md5 ||
		    mdnid == NID_sha1 || mdnid == NID_md4 || mdnid == NID_md2))
			problems |= MT_CHAIN_WEAK_SIGNATURE;
	}
	if (cs->x[0] != NULL && out->certs[0].self_signed)
		problems |= MT_CHAIN_SELF_SIGNED_LEAF;
	return problems;
}

/* chain_is_ip - true if name is an IPv4 or IPv6 literal. */
static bool
chain_is_ip(const char *name)
{
	unsigned char buf[16];

	return inet_pton(AF_INET, name, buf) == 1 ||
	    inet_pton(AF_INET6, name, buf) == 1;
}

static void
chain_names(X509 *leaf, const struct mt_chain_opts *opts,
    struct mt_chain_report *out)
{
	const char *name;
	size_t i;
	int rc;

	if (opts->names[0] == NULL) {
		out->name_ok = true;
		return;
	}
	for (i = 0; i < MT_CHAIN_NAMES_MAX && opts->names[i] != NULL; i++) {
		name = opts->names[i];
		if (leaf == NULL)
			break;
		if (chain_is_ip(name))
			rc = X509_check_ip_asc(leaf, name, 0);
		else
			rc = X509_check_host(leaf, name, strlen(name), 0, NULL);
		if (rc == 1) {
			out->name_ok = true;
			chain_copy(out->matched_name,
			    sizeof(out->matched_name), name);
			return;
		}
	}
	out->problems |= MT_CHAIN_NAME_MISMATCH;
}

int
mt_chain_analyze(const uint8_t *const *der, const size_t *len, size_t n,
    const struct mt_chain_opts *opts, struct mt_chain_report *out,
    struct mt_error *err)
{
	static const struct mt_chain_opts defaults;
	struct chain_state cs;
	X509_STORE *store = NULL;
	size_t i, ndecoded = 0;
	int rv = -1;

	memset(out, 0, sizeof(*out));
	memset(&cs, 0, sizeof(cs));
	if (opts == NULL)
		opts = &defaults;
	out->at = opts->at != 0 ? opts->at : time(NULL);
	if (n == 0 || der == NULL || len == NULL) {
		if (err != NULL)
			mt_error_setx(err, MT_ERR_INPUT, "no certificates");
		goto out;
	}
	cs.n = n < MT_CHAIN_CERTS_MAX ? n : MT_CHAIN_CERTS_MAX;
	out->ncerts = cs.n;
	for (i = 0; i < cs.n; i++) {
		if ((cs.x[i] = mt_cert_decode(der[i], len[i])) == NULL) {
			mt_cert_info_unparseable(&out->certs[i]);
			out->problems |= MT_CHAIN_UNPARSEABLE;
			continue;
		}
		mt_cert_info_fill(cs.x[i], der[i], len[i], &out->certs[i]);
		ndecoded++;
	}
	if (ndecoded == 0) {
		if (err != NULL)
			mt_error_setx(err, MT_ERR_INPUT,
			    "no certificate in the chain decodes");
		goto out;
	}
	if ((store = chain_store_load(opts, err)) == NULL)
		goto out;

	chain_verify(store, &cs, out);
	out->problems |= chain_cert_problems(&cs, out);
	if (cs.x[0] != NULL) {
		chain_walk(&cs, out);
		out->problems |= chain_order(&cs, out);
		out->problems |= chain_trust(store, &cs, out);
	}
	chain_names(cs.x[0], opts, out);
	rv = 0;
out:
	for (i = 0; i < cs.n; i++)
		X509_free(cs.x[i]);
	X509_STORE_free(store);
	ERR_clear_error();
	return rv;
}
