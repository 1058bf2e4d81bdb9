/*
 * policy_json.c - cipher policies, matches and diffs as JSON documents
 * (schemas "mailtls-ciphers", "mailtls-ciphers-match" and
 * "mailtls-ciphers-diff", version MT_POLICY_JSON_SCHEMA_VERSION;
 * docs/json-schema.md)
 *
 * Built with jansson and written with JSON_INDENT(2) |
 * JSON_PRESERVE_ORDER, so keys come in the documented order.  Code points
 * are strings "0xC02F".  Arguments are borrowed; the FILE is the
 * caller's.  Returns 0, or -1 if memory ran out or writing failed.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "mailtls/policy.h"
#include "mailtls/policy_report.h"
#include "mailtls/registry.h"
#include "report/policy_report_int.h"
#include "report/report_version.h"

static void
pj_set(json_t *obj, const char *key, json_t *v, bool *ok)
{
	if (v == NULL || json_object_set_new(obj, key, v) != 0)
		*ok = false;
}

static void
pj_push(json_t *arr, json_t *v, bool *ok)
{
	if (v == NULL || json_array_append_new(arr, v) != 0)
		*ok = false;
}

static json_t *
pj_str_or_null(const char *s)
{
	if (s == NULL || s[0] == '\0')
		return json_null();
	return json_string(s);
}

static json_t *
pj_code(uint16_t code)
{
	char buf[8];

	(void)snprintf(buf, sizeof(buf), "0x%04X", (unsigned)code);
	return json_string(buf);
}

/* pj_versions - ["TLSv1.2", "TLSv1.3"] for MT_VBIT_* bits. */
static json_t *
pj_versions(uint8_t bits, bool *ok)
{
	json_t *a;
	size_t i;

	if ((a = json_array()) == NULL) {
		*ok = false;
		return NULL;
	}
	for (i = 0; i < 5; i++)
		if (bits & (1u << i))
			pj_push(a, json_string(mt_version_name(
			    (uint16_t)(MT_SSL3 + i))), ok);
	return a;
}

/* pj_suite - one suite with its registry facts. */
static json_t *
pj_suite(uint16_t code, bool *ok)
{
	const struct mt_suite *s;
	json_t *o;

	if ((o = json_object()) == NULL) {
		*ok = false;
		return NULL;
	}
	pj_set(o, "code", pj_code(code), ok);
	s = mt_suite_by_code(code);
	pj_set(o, "name", pj_str_or_null(s ? s->openssl : NULL), ok);
	pj_set(o, "iana", pj_str_or_null(s ? s->iana : NULL), ok);
	pj_set(o, "versions", s ? pj_versions(s->versions, ok) :
	    json_array(), ok);
	pj_set(o, "kx", pj_str_or_null(s ? s->kx : NULL), ok);
	pj_set(o, "au", pj_str_or_null(s ? s->au : NULL), ok);
	pj_set(o, "enc", pj_str_or_null(s ? s->enc : NULL), ok);
	pj_set(o, "bits", s ? json_integer(s->enc_bits) : json_null(), ok);
	pj_set(o, "mac", pj_str_or_null(s ? s->mac : NULL), ok);
	pj_set(o, "strength", s ? json_string(mt_strength_name(s->strength)) :
	    json_null(), ok);
	pj_set(o, "forward_secrecy", s ? json_boolean(s->flags &
	    MT_SUITE_FS) : json_null(), ok);
	pj_set(o, "aead", s ? json_boolean(s->flags & MT_SUITE_AEAD) :
	    json_null(), ok);
	return o;
}

static json_t *
pj_suites(const uint16_t *codes, size_t n, bool *ok)
{
	json_t *a;
	size_t i;

	if ((a = json_array()) == NULL) {
		*ok = false;
		return NULL;
	}
	for (i = 0; i < n; i++)
		pj_push(a, pj_suite(codes[i], ok), ok);
	return a;
}

/* pj_why - {code, name, rule, position, where}. */
static json_t *
pj_why(const struct mt_policy_why *w, bool *ok)
{
	const struct mt_suite *s;
	json_t *o;

	if ((o = json_object()) == NULL) {
		*ok = false;
		return NULL;
	}
	s = mt_suite_by_code(w->code);
	pj_set(o, "code", pj_code(w->code), ok);
	pj_set(o, "name", pj_str_or_null(s == NULL ? NULL : s->openssl ?
	    s->openssl : s->iana), ok);
	pj_set(o, "rule", json_string(w->rule), ok);
	pj_set(o, "position", w->pos > 0 ? json_integer(w->pos) :
	    json_null(), ok);
	pj_set(o, "where", pj_str_or_null(w->where), ok);
	return o;
}

static json_t *
pj_whys(const struct mt_policy_why *w, size_t n, bool *ok)
{
	json_t *a;
	size_t i;

	if ((a = json_array()) == NULL) {
		*ok = false;
		return NULL;
	}
	for (i = 0; i < n && i < MT_POLICY_SUITES_MAX; i++)
		pj_push(a, pj_why(&w[i], ok), ok);
	return a;
}

/* pj_policy - the policy with the rows of the suites left out. */
static json_t *
pj_policy(const struct mt_policy *p, bool *ok)
{
	json_t *o, *notes;
	size_t i;

	if ((o = json_object()) == NULL || (notes = json_array()) == NULL) {
		json_decref(o);
		*ok = false;
		return NULL;
	}
	pj_set(o, "label", json_string(p->label), ok);
	pj_set(o, "library", json_string(mt_report_lib_label(p->lib)), ok);
	pj_set(o, "versions", pj_versions(p->versions, ok), ok);
	pj_set(o, "tls_disabled", json_boolean(p->tls_disabled), ok);
	pj_set(o, "server_preference", json_boolean(p->server_pref), ok);
	pj_set(o, "security_level", p->seclevel >= 0 ?
	    json_integer(p->seclevel) : json_null(), ok);
	pj_set(o, "suites", pj_suites(p->suites, p->nsuites <
	    MT_POLICY_SUITES_MAX ? p->nsuites : MT_POLICY_SUITES_MAX, ok), ok);
	pj_set(o, "tls13", pj_suites(p->tls13, p->ntls13 <
	    MT_POLICY_TLS13_MAX ? p->ntls13 : MT_POLICY_TLS13_MAX, ok), ok);
	pj_set(o, "removed", pj_whys(p->why, p->nwhy, ok), ok);
	for (i = 0; i < p->nnotes && i < MT_POLICY_NOTES_MAX; i++)
		pj_push(notes, json_string(p->notes[i]), ok);
	pj_set(o, "notes", notes, ok);
	return o;
}

/* pj_doc - a new document with its schema keys. */
static json_t *
pj_doc(const char *schema, bool *ok)
{
	json_t *doc;

	if ((doc = json_object()) == NULL) {
		*ok = false;
		return NULL;
	}
	pj_set(doc, "schema", json_string(schema), ok);
	pj_set(doc, "schema_version",
	    json_integer(MT_POLICY_JSON_SCHEMA_VERSION), ok);
	pj_set(doc, "mailtls_version", json_string(MT_REPORT_VERSION), ok);
	return doc;
}

/* pj_write - dump doc (consumed) to f. */
static int
pj_write(FILE *f, json_t *doc, bool ok)
{
	int rv = -1;

	if (!ok || doc == NULL)
		goto out;
	if (json_dumpf(doc, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
		goto out;
	if (fputc('\n', f) == EOF || ferror(f))
		goto out;
	rv = 0;
 out:
	json_decref(doc);
	return rv;
}

int
mt_report_policy_json(FILE *f, const struct mt_policy *p)
{
	json_t *doc;
	bool ok = true;

	doc = pj_doc("mailtls-ciphers", &ok);
	if (doc != NULL)
		pj_set(doc, "policy", pj_policy(p, &ok), &ok);
	return pj_write(f, doc, ok);
}

/* pj_match_version - one entry of "versions". */
static json_t *
pj_match_version(const struct mt_match_version *v, uint8_t cv, uint8_t sv,
    bool *ok)
{
	json_t *o;
	uint8_t bit;

	if ((o = json_object()) == NULL) {
		*ok = false;
		return NULL;
	}
	bit = mt_version_bit(v->version);
	pj_set(o, "version", json_string(mt_version_name(v->version)), ok);
	pj_set(o, "client", json_boolean(cv & bit), ok);
	pj_set(o, "server", json_boolean(sv & bit), ok);
	pj_set(o, "both", json_boolean(v->both), ok);
	pj_set(o, "shared", pj_suites(v->shared, v->nshared, ok), ok);
	pj_set(o, "chosen", v->chosen ? pj_suite(v->chosen, ok) :
	    json_null(), ok);
	return o;
}

/* pj_groups - the missing suites grouped by the server's rule. */
static json_t *
pj_groups(const struct mt_match *m, bool *ok)
{
	struct mt_why_group g[MT_POLICY_SUITES_MAX];
	json_t *a, *o, *names;
	size_t i, k, ng;

	if ((a = json_array()) == NULL) {
		*ok = false;
		return NULL;
	}
	ng = mt_report_why_groups(m->why, m->nwhy, g, MT_POLICY_SUITES_MAX);
	for (i = 0; i < ng; i++) {
		if ((o = json_object()) == NULL ||
		    (names = json_array()) == NULL) {
			json_decref(o);
			*ok = false;
			break;
		}
		pj_set(o, "rule", json_string(g[i].first->rule), ok);
		pj_set(o, "position", g[i].first->pos > 0 ?
		    json_integer(g[i].first->pos) : json_null(), ok);
		pj_set(o, "where", pj_str_or_null(g[i].first->where), ok);
		pj_set(o, "count", json_integer((json_int_t)g[i].count), ok);
		for (k = 0; k < m->nwhy; k++)
			if (mt_report_why_same(g[i].first, &m->why[k]))
				pj_push(names, pj_code(m->why[k].code), ok);
		pj_set(o, "codes", names, ok);
		pj_push(a, o, ok);
	}
	return a;
}

int
mt_report_match_json(FILE *f, const struct mt_policy *client,
    const struct mt_policy *server, const struct mt_match *m)
{
	json_t *doc, *vs;
	bool ok = true;
	int i;

	if ((doc = pj_doc("mailtls-ciphers-match", &ok)) == NULL)
		return -1;
	pj_set(doc, "client", pj_policy(client, &ok), &ok);
	pj_set(doc, "server", pj_policy(server, &ok), &ok);
	pj_set(doc, "ok", json_boolean(m->ok), &ok);
	pj_set(doc, "version", m->version ? json_string(mt_version_name(
	    m->version)) : json_null(), &ok);
	pj_set(doc, "suite", m->suite ? pj_suite(m->suite, &ok) :
	    json_null(), &ok);
	pj_set(doc, "preference", json_string(server->server_pref ?
	    "server" : "client"), &ok);
	pj_set(doc, "reason", pj_str_or_null(m->reason), &ok);
	if ((vs = json_array()) == NULL)
		ok = false;
	for (i = 4; vs != NULL && i >= 0; i--)
		pj_push(vs, pj_match_version(&m->v[i], client->versions,
		    server->versions, &ok), &ok);
	pj_set(doc, "versions", vs, &ok);
	pj_set(doc, "missing", pj_whys(m->why, m->nwhy, &ok), &ok);
	pj_set(doc, "missing_by_rule", pj_groups(m, &ok), &ok);
	return pj_write(f, doc, ok);
}

static json_t *
pj_moved(const struct mt_policy *a, const struct mt_policy *b,
    const struct mt_policy_diff *d, bool *ok)
{
	json_t *arr, *o;
	size_t i;

	if ((arr = json_array()) == NULL) {
		*ok = false;
		return NULL;
	}
	for (i = 0; i < d->nmoved; i++) {
		if ((o = pj_suite(d->moved[i], ok)) == NULL)
			break;
		pj_set(o, "from", json_integer((json_int_t)mt_report_policy_position(a,
		    d->moved[i])), ok);
		pj_set(o, "to", json_integer((json_int_t)mt_report_policy_position(b,
		    d->moved[i])), ok);
		pj_push(arr, o, ok);
	}
	return arr;
}

int
mt_report_diff_json(FILE *f, const struct mt_policy *a,
    const struct mt_policy *b, const struct mt_policy_diff *d)
{
	json_t *doc;
	bool ok = true;

	if ((doc = pj_doc("mailtls-ciphers-diff", &ok)) == NULL)
		return -1;
	pj_set(doc, "a", pj_policy(a, &ok), &ok);
	pj_set(doc, "b", pj_policy(b, &ok), &ok);
	pj_set(doc, "versions_added", pj_versions(d->versions_added, &ok),
	    &ok);
	pj_set(doc, "versions_removed", pj_versions(d->versions_removed,
	    &ok), &ok);
	pj_set(doc, "added", pj_suites(d->added, d->nadded, &ok), &ok);
	pj_set(doc, "removed", pj_suites(d->removed, d->nremoved, &ok), &ok);
	pj_set(doc, "moved", pj_moved(a, b, d, &ok), &ok);
	return pj_write(f, doc, ok);
}
