/*
 * dane.c - match DANE TLSA records against a chain as an SMTP server sent
 * it (RFC 6698, RFC 7671, RFC 7672 3.1-3.2)
 *
 * Input: records (already parsed; from validated DNS or from text) and DER
 * certificates, leaf first, untrusted and borrowed.  Only DANE-TA(2) and
 * DANE-EE(3) are usable for SMTP (RFC 7672 3.1.3).  DANE-EE matches the
 * leaf alone, with no name and no date checks (RFC 7672 3.1.1).  DANE-TA
 * matches any certificate sent (or, for "2 1 0", a bare key that signed
 * one); the chain from the leaf up to it must verify by signatures through
 * the certificates sent, the leaf and any intermediate must be valid at
 * the check time (the trust anchor's own dates do not matter, RFC 7672
 * 3.1.2), and the leaf must carry one of the reference names (RFC 7672
 * 3.2.3: no partial wildcards).  The verdict, the reason and the records
 * that would match now go into the caller's struct mt_dane_result: a
 * failed match is a finding, not an error.  The OpenSSL error queue is
 * drained before returning.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "mailtls/chain.h"
#include "mailtls/dane.h"
#include "x509/x509_int.h"

#define DANE_CERTS_MAX	MT_CHAIN_CERTS_MAX
#define DANE_HEX_SHOWN	8	/* bytes of association data in a reason */

/* The decoded chain. */
struct dane_chain {
	const uint8_t	*der[DANE_CERTS_MAX];
	size_t		 len[DANE_CERTS_MAX];
	X509		*x[DANE_CERTS_MAX];	/* NULL: did not decode */
	size_t		 n;
	time_t		 at;
};

/* dane_usable - usage 2/3 with a known selector and matching type. */
static bool
dane_usable(const struct mt_tlsa *t)
{
	return (t->usage == 2 || t->usage == 3) && t->selector <= 1 &&
	    t->mtype <= 2;
}

/* dane_matches - record t describes certificate i of the chain. */
static bool
dane_matches(const struct dane_chain *c, size_t i, const struct mt_tlsa *t)
{
	struct mt_tlsa got;

	if (c->x[i] == NULL)
		return false;
	if (mt_tlsa_make(c->der[i], c->len[i], t->usage, t->selector,
	    t->mtype, &got, NULL) != 0)
		return false;
	/* A length that does not fit the matching type matches nothing. */
	return got.len == t->len && CRYPTO_memcmp(got.data, t->data,
	    t->len) == 0;
}

/* dane_hex - the first bytes of t as hex, "..." if there are more. */
static void
dane_hex(const struct mt_tlsa *t, char *buf, size_t size)
{
	struct mt_tlsa shown = *t;
	char tmp[4 * DANE_HEX_SHOWN + 16];

	if (shown.len > DANE_HEX_SHOWN)
		shown.len = DANE_HEX_SHOWN;
	(void)mt_tlsa_format(&shown, NULL, tmp, sizeof(tmp));
	(void)snprintf(buf, size, "%s%s", tmp, t->len > DANE_HEX_SHOWN ?
	    "..." : "");
}

/* dane_dates_ok - x is valid at c->at; else why into buf. */
static bool
dane_dates_ok(const struct dane_chain *c, size_t i, char *buf, size_t size)
{
	time_t at = c->at;

	if (X509_cmp_time(X509_get0_notBefore(c->x[i]), &at) >= 0) {
		(void)snprintf(buf, size, "the certificate at depth %zu is "
		    "not yet valid", i);
		return false;
	}
	if (X509_cmp_time(X509_get0_notAfter(c->x[i]), &at) <= 0) {
		(void)snprintf(buf, size, "the certificate at depth %zu has "
		    "expired", i);
		return false;
	}
	return true;
}

/*
 * dane_signed - issuer (a certificate) issued and signed subject, and may
 * issue at all: a CA (basicConstraints CA:TRUE, keyCertSign if keyUsage is
 * there).  Without that check any leaf from the pinned CA could act as an
 * intermediate and pass for any host.
 */
static bool
dane_signed(X509 *issuer, X509 *subject)
{
	EVP_PKEY *k;

	if (issuer == NULL || subject == NULL ||
	    X509_check_issued(issuer, subject) != X509_V_OK ||
	    X509_check_ca(issuer) == 0)
		return false;
	return (k = X509_get0_pubkey(issuer)) != NULL &&
	    X509_verify(subject, k) == 1;
}

/*
 * dane_path - walk from the leaf through the certificates sent, each
 * signed by the next, until the one at depth ta signs.  The leaf and the
 * intermediates must be in date; the trust anchor's dates do not matter
 * (RFC 7672 3.1.2) unless it is the leaf.  False with why in buf.
 */
static bool
dane_path(const struct dane_chain *c, size_t ta, char *buf, size_t size)
{
	bool used[DANE_CERTS_MAX];
	size_t cur = 0, j, steps;

	memset(used, 0, sizeof(used));
	used[0] = true;
	for (steps = 0; steps <= c->n; steps++) {
		if ((cur == 0 || cur != ta) && !dane_dates_ok(c, cur, buf,
		    size))
			return false;
		if (cur == ta)
			return true;
		if (dane_signed(c->x[ta], c->x[cur])) {
			cur = ta;
			continue;
		}
		for (j = 1; j < c->n; j++)
			if (!used[j] && j != ta && dane_signed(c->x[j],
			    c->x[cur]))
				break;
		if (j >= c->n) {
			(void)snprintf(buf, size, "the chain does not reach "
			    "depth %zu: no certificate sent signed the one at "
			    "depth %zu", ta, cur);
			return false;
		}
		used[j] = true;
		cur = j;
	}
	(void)snprintf(buf, size, "the chain does not reach the trust anchor");
	return false;
}

/* dane_names_ok - the leaf carries one of names (RFC 7672 3.2.3). */
static bool
dane_names_ok(X509 *leaf, const char *const *names, char *buf, size_t size)
{
	size_t i;

	if (names == NULL || names[0] == NULL) {
		(void)snprintf(buf, size, "no reference name to check the "
		    "leaf against");
		return false;
	}
	for (i = 0; names[i] != NULL && i < MT_CHAIN_NAMES_MAX; i++)
		if (X509_check_host(leaf, names[i], strlen(names[i]),
		    X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS, NULL) == 1)
			return true;
	(void)snprintf(buf, size, "the leaf does not carry the name %s%s",
	    names[0], names[1] != NULL ? " (nor the other reference names)" :
	    "");
	return false;
}

/* dane_key_signed - the depth of a certificate that key signed, or -1. */
static int
dane_key_signed(const struct dane_chain *c, const struct mt_tlsa *t)
{
	const unsigned char *p = t->data;
	EVP_PKEY *key;
	size_t i;
	int depth = -1;

	if ((key = d2i_PUBKEY(NULL, &p, (long)t->len)) == NULL)
		return -1;
	if (p == t->data + t->len)
		for (i = 0; i < c->n && depth < 0; i++)
			if (c->x[i] != NULL && X509_verify(c->x[i], key) == 1)
				depth = (int)i;
	EVP_PKEY_free(key);
	return depth;
}

/*
 * dane_ta - one DANE-TA record: *depth of the certificate it matched (for
 * a bare "2 1 0" key not sent, RFC 7671 5.2.1, one above the certificate
 * the key signed), or MT_DANE_NO_MATCH; true if the chain up to it, the
 * dates and the names pass, else false with why.
 */
static bool
dane_ta(const struct dane_chain *c, const struct mt_tlsa *t,
    const char *const *names, struct mt_dane_result *res, int *depth,
    char *why, size_t size)
{
	size_t i;
	int signed_at;

	*depth = MT_DANE_NO_MATCH;
	for (i = 0; i < c->n; i++)
		if (dane_matches(c, i, t))
			break;
	if (i < c->n)
		*depth = (int)i;
	else if (t->selector == 1 && t->mtype == 0 &&
	    (signed_at = dane_key_signed(c, t)) >= 0) {
		*depth = signed_at + 1;
		i = (size_t)signed_at;
		/* The certificate the key signed is not itself the anchor. */
		if (!dane_dates_ok(c, i, why, size))
			return false;
	} else
		return false;
	if (c->x[0] == NULL) {
		(void)snprintf(why, size, "the leaf does not decode");
		return false;
	}
	if (!dane_path(c, i, why, size))
		return false;
	res->name_checked = true;
	res->name_ok = dane_names_ok(c->x[0], names, why, size);
	return res->name_ok;
}

/* dane_suggest - records for the chain as it is now. */
static void
dane_suggest(const struct dane_chain *c, struct mt_dane_result *res)
{
	size_t top;

	if (c->x[0] != NULL && res->nsuggest < MT_DANE_SUGGEST_MAX &&
	    mt_tlsa_make(c->der[0], c->len[0], 3, 1, 1,
	    &res->suggest[res->nsuggest], NULL) == 0) {
		(void)snprintf(res->suggest_why[res->nsuggest],
		    sizeof(res->suggest_why[0]), "publish for the current key");
		res->nsuggest++;
	}
	for (top = c->n - 1; top > 0 && c->x[top] == NULL; top--)
		;
	if (top > 0 && X509_check_ca(c->x[top]) > 0 &&
	    res->nsuggest < MT_DANE_SUGGEST_MAX &&
	    mt_tlsa_make(c->der[top], c->len[top], 2, 1, 1,
	    &res->suggest[res->nsuggest], NULL) == 0) {
		(void)snprintf(res->suggest_why[res->nsuggest],
		    sizeof(res->suggest_why[0]), "or pin the issuing CA: "
		    "survives key changes");
		res->nsuggest++;
	}
}

/* dane_reason_stale - "no TLSA record matches: ... (the server presents)". */
static void
dane_reason_stale(const struct dane_chain *c, const struct mt_tlsa *recs,
    struct mt_dane_result *res)
{
	const struct mt_tlsa *first = NULL;
	struct mt_tlsa now;
	char want[64], have[64] = "";
	size_t i, top, nunmatched = 0;

	for (i = 0; i < res->nrecords; i++)
		if (res->depth[i] == MT_DANE_NO_MATCH) {
			if (first == NULL)
				first = &recs[i];
			nunmatched++;
		}
	if (first == NULL)
		return;
	dane_hex(first, want, sizeof(want));
	top = first->usage == 3 ? 0 : c->n - 1;
	if (c->x[top] != NULL && mt_tlsa_make(c->der[top], c->len[top],
	    first->usage, first->selector, first->mtype, &now, NULL) == 0)
		dane_hex(&now, have, sizeof(have));
	(void)snprintf(res->reason, sizeof(res->reason), "no TLSA record "
	    "matches: %s matches no certificate%s%s%s%s", want,
	    nunmatched > 1 ? " (nor do the other records)" : "",
	    have[0] != '\0' ? " (the server presents " : "", have,
	    have[0] != '\0' ? ")" : "");
}

/* dane_reason_unusable - why no record could be used. */
static void
dane_reason_unusable(const struct mt_tlsa *recs, struct mt_dane_result *res)
{
	if (res->nrecords == 0) {
		(void)snprintf(res->reason, sizeof(res->reason),
		    "no TLSA records");
		return;
	}
	(void)snprintf(res->reason, sizeof(res->reason), "no usable TLSA "
	    "record: %u %u %u (%s) cannot be used for SMTP (RFC 7672 "
	    "3.1.3)%s", recs[0].usage, recs[0].selector, recs[0].mtype,
	    mt_tlsa_usage_name(recs[0].usage), res->nrecords > 1 ?
	    ", nor can the others" : "");
}

static int
dane_chain_load(struct dane_chain *c, const uint8_t *const *der,
    const size_t *len, size_t ncerts, time_t at, struct mt_error *err)
{
	size_t i, ok = 0;

	memset(c, 0, sizeof(*c));
	c->n = ncerts < DANE_CERTS_MAX ? ncerts : DANE_CERTS_MAX;
	c->at = at != 0 ? at : time(NULL);
	for (i = 0; i < c->n; i++) {
		c->der[i] = der[i];
		c->len[i] = len[i];
		if ((c->x[i] = mt_cert_decode(der[i], len[i])) != NULL)
			ok++;
	}
	ERR_clear_error();
	if (ok == 0) {
		mt_error_setx(err, MT_ERR_INPUT, "%s", c->n == 0 ?
		    "no certificates" : "no certificate decodes");
		return -1;
	}
	return 0;
}

int
mt_dane_verify(const struct mt_tlsa *recs, size_t n,
    const uint8_t *const *der, const size_t *len, size_t ncerts,
    const char *const *names, time_t at, struct mt_dane_result *res,
    struct mt_error *err)
{
	struct dane_chain c;
	char why[sizeof(res->reason)] = "", fwhy[sizeof(res->reason)] = "";
	size_t i, failed = MT_DANE_RECORDS_MAX;
	bool matched = false;
	int rv = -1;

	memset(res, 0, sizeof(*res));
	res->matched_record = -1;
	res->matched_depth = -1;
	if (dane_chain_load(&c, der, len, ncerts, at, err) != 0)
		goto out;
	res->nrecords = n < MT_DANE_RECORDS_MAX ? n : MT_DANE_RECORDS_MAX;
	for (i = 0; i < res->nrecords; i++) {
		res->depth[i] = MT_DANE_UNUSABLE;
		if (!dane_usable(&recs[i]))
			continue;
		res->usable = true;
		if (recs[i].usage == 3) {
			res->depth[i] = dane_matches(&c, 0, &recs[i]) ? 0 :
			    MT_DANE_NO_MATCH;
			if (res->depth[i] == 0 && !res->verified) {
				res->verified = true;
				res->matched_record = (int)i;
				res->matched_depth = 0;
			}
		} else if (dane_ta(&c, &recs[i], names, res, &res->depth[i],
		    why, sizeof(why)) && !res->verified) {
			res->verified = true;
			res->matched_record = (int)i;
			res->matched_depth = res->depth[i];
		} else if (res->depth[i] >= 0 &&
		    failed == MT_DANE_RECORDS_MAX) {
			failed = i;
			memcpy(fwhy, why, sizeof(fwhy));
		}
		matched = matched || res->depth[i] >= 0;
	}
	res->stale = res->usable && !matched;
	if (res->verified) {
		i = (size_t)res->matched_record;
		(void)snprintf(res->reason, sizeof(res->reason), "%u %u %u "
		    "matched the %s at depth %d%s", recs[i].usage,
		    recs[i].selector, recs[i].mtype, recs[i].usage == 3 ?
		    "leaf" : "trust anchor", res->matched_depth,
		    recs[i].usage == 3 ? "" : "; chain and name verified");
	} else if (!res->usable)
		dane_reason_unusable(recs, res);
	else if (res->stale)
		dane_reason_stale(&c, recs, res);
	else if (failed < MT_DANE_RECORDS_MAX)
		(void)snprintf(res->reason, sizeof(res->reason), "%u %u %u "
		    "matched the certificate at depth %d, but %s",
		    recs[failed].usage, recs[failed].selector,
		    recs[failed].mtype, res->depth[failed], fwhy);
	if (!res->verified || res->stale)
		dane_suggest(&c, res);
	rv = 0;
 out:
	for (i = 0; i < c.n; i++)
		X509_free(c.x[i]);
	ERR_clear_error();
	return rv;
}
