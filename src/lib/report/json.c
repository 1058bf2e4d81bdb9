/*
 * json.c - render probe results as one JSON document (schema
 * "mailtls-probe", version MAILTLS_JSON_SCHEMA_VERSION; docs/json-schema.md)
 *
 * Built with jansson and written with JSON_INDENT(2) | JSON_PRESERVE_ORDER,
 * so the key order is the documented one.  Times are ISO-8601 UTC.  The
 * results are borrowed; the FILE is the caller's.  Returns 0, or -1 if
 * memory ran out or writing failed.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "mailtls/finding.h"
#include "mailtls/mailtls.h"
#include "mailtls/probe.h"
#include "mailtls/registry.h"
#include "mailtls/report.h"
#include "report/report_int.h"
#include "report/report_version.h"

/* json_set - obj[key] = v (stolen); remembers failure in *ok. */
static void
json_set(json_t *obj, const char *key, json_t *v, bool *ok)
{
	if (v == NULL || json_object_set_new(obj, key, v) != 0)
		*ok = false;
}

static void
json_push(json_t *arr, json_t *v, bool *ok)
{
	if (v == NULL || json_array_append_new(arr, v) != 0)
		*ok = false;
}

/* json_str_or_null - a string, or null when s is NULL or empty. */
static json_t *
json_str_or_null(const char *s)
{
	if (s == NULL || s[0] == '\0')
		return json_null();
	return json_string(s);
}

static json_t *
json_time(time_t t)
{
	char buf[32];

	mt_report_time_iso(t, buf, sizeof(buf));
	return json_str_or_null(buf);
}

static json_t *
json_suite(const struct mt_suite_seen *ss, bool *ok)
{
	const struct mt_suite *s = mt_suite_by_code(ss->code);
	const struct mt_group *g;
	json_t *o;
	char code[8], lbl[16];
	uint16_t fl = s != NULL ? s->flags : 0;

	if ((o = json_object()) == NULL) {
		*ok = false;
		return NULL;
	}
	(void)snprintf(code, sizeof(code), "0x%04X", (unsigned)ss->code);
	json_set(o, "code", json_string(code), ok);
	json_set(o, "iana", json_str_or_null(s != NULL ? s->iana : NULL), ok);
	json_set(o, "openssl", json_str_or_null(s != NULL ? s->openssl : NULL),
	    ok);
	json_set(o, "kx", json_str_or_null(s != NULL ? s->kx : NULL), ok);
	json_set(o, "au", json_str_or_null(s != NULL ? s->au : NULL), ok);
	json_set(o, "enc", json_str_or_null(s != NULL ? s->enc : NULL), ok);
	json_set(o, "bits", s != NULL ? json_integer(s->enc_bits) :
	    json_null(), ok);
	json_set(o, "mac", json_str_or_null(s != NULL ? s->mac : NULL), ok);
	json_set(o, "strength", s != NULL ?
	    json_string(mt_strength_name(s->strength)) : json_null(), ok);
	json_set(o, "forward_secrecy", json_boolean(fl & MT_SUITE_FS), ok);
	json_set(o, "aead", json_boolean(fl & MT_SUITE_AEAD), ok);
	json_set(o, "anonymous", json_boolean(fl & MT_SUITE_ANON), ok);
	json_set(o, "export", json_boolean(fl & MT_SUITE_EXPORT), ok);
	json_set(o, "null", json_boolean(fl & MT_SUITE_NULL), ok);
	if (ss->group != 0) {
		g = mt_group_by_code(ss->group);
		json_set(o, "group", json_string(g != NULL && g->name != NULL ?
		    g->name : mt_report_group_label(ss->group, lbl,
		    sizeof(lbl))), ok);
	} else
		json_set(o, "group", json_null(), ok);
	json_set(o, "dh_bits", ss->dh_bits != 0 ? json_integer(ss->dh_bits) :
	    json_null(), ok);
	return o;
}

static json_t *
json_version(const struct mt_version_result *vr, size_t vi, bool *ok)
{
	json_t *o, *suites, *groups;
	char lbl[16];
	uint16_t v = vr->version != 0 ? vr->version :
	    (uint16_t)(MT_SSL3 + vi);
	size_t j;

	if ((o = json_object()) == NULL) {
		*ok = false;
		return NULL;
	}
	json_set(o, "version", json_string(mt_version_name(v)), ok);
	json_set(o, "code", json_integer(v), ok);
	json_set(o, "state", json_string(mt_report_state_name(vr->state)), ok);
	json_set(o, "refusal", json_str_or_null(vr->refusal), ok);
	json_set(o, "incomplete", json_boolean(vr->incomplete), ok);
	json_set(o, "preference", json_string(mt_report_pref_name(vr->preference)),
	    ok);
	if ((suites = json_array()) == NULL)
		*ok = false;
	for (j = 0; suites != NULL && j < vr->nsuites &&
	    j < MT_PROBE_SUITES_MAX; j++)
		json_push(suites, json_suite(&vr->suites[j], ok), ok);
	json_set(o, "suites", suites, ok);
	if ((groups = json_array()) == NULL)
		*ok = false;
	for (j = 0; groups != NULL && j < vr->ngroups &&
	    j < MT_PROBE_GROUPS_MAX; j++)
		json_push(groups, json_string(mt_report_group_label(
		    vr->groups[j], lbl, sizeof(lbl))), ok);
	json_set(o, "groups", groups, ok);
	json_set(o, "groups_complete", json_boolean(vr->groups_complete), ok);
	return o;
}

static json_t *
json_cert(const struct mt_cert_info *ci, size_t depth, bool *ok)
{
	json_t *o;

	if ((o = json_object()) == NULL) {
		*ok = false;
		return NULL;
	}
	json_set(o, "depth", json_integer((json_int_t)depth), ok);
	json_set(o, "subject", json_string(ci->subject), ok);
	json_set(o, "issuer", json_string(ci->issuer), ok);
	json_set(o, "sans", json_string(ci->sans), ok);
	json_set(o, "serial", json_string(ci->serial), ok);
	json_set(o, "not_before", json_time(ci->not_before), ok);
	json_set(o, "not_after", json_time(ci->not_after), ok);
	json_set(o, "key_type", json_string(ci->key_type), ok);
	json_set(o, "key_bits", json_integer(ci->key_bits), ok);
	json_set(o, "curve", json_str_or_null(ci->curve), ok);
	json_set(o, "sig_alg", json_string(ci->sig_alg), ok);
	json_set(o, "is_ca", json_boolean(ci->is_ca), ok);
	json_set(o, "self_signed", json_boolean(ci->self_signed), ok);
	json_set(o, "sha256", json_string(ci->sha256), ok);
	json_set(o, "spki_sha256", json_string(ci->spki_sha256), ok);
	return o;
}

static json_t *
json_chain(const struct mt_target_result *r, bool *ok)
{
	const struct mt_chain_report *c = &r->chain;
	json_t *o, *certs, *problems;
	char lbl[16];
	size_t i;

	if (!r->have_chain)
		return json_null();
	if ((o = json_object()) == NULL) {
		*ok = false;
		return NULL;
	}
	json_set(o, "version", json_string(mt_version_name(r->chain_version)),
	    ok);
	json_set(o, "suite", json_string(mt_report_suite_label(r->chain_suite,
	    lbl, sizeof(lbl))), ok);
	if ((certs = json_array()) == NULL)
		*ok = false;
	for (i = 0; certs != NULL && i < c->ncerts && i < MT_CHAIN_CERTS_MAX;
	    i++)
		json_push(certs, json_cert(&c->certs[i], i, ok), ok);
	json_set(o, "certificates", certs, ok);
	json_set(o, "verified", json_boolean(c->verified), ok);
	json_set(o, "verify_error", json_str_or_null(c->verify_error), ok);
	json_set(o, "verify_depth", json_integer(c->verify_depth), ok);
	json_set(o, "name_ok", json_boolean(c->name_ok), ok);
	json_set(o, "matched_name", json_str_or_null(c->matched_name), ok);
	json_set(o, "checked_at", json_time(c->at), ok);
	if ((problems = json_array()) == NULL)
		*ok = false;
	for (i = 0; problems != NULL && i < mt_report_nproblems; i++)
		if ((c->problems & mt_report_problems[i].bit) != 0)
			json_push(problems,
			    json_string(mt_report_problems[i].name), ok);
	json_set(o, "problems", problems, ok);
	return o;
}

static json_t *
json_finding(const struct mt_finding *f, bool *ok)
{
	const struct mt_catalog_entry *ce = mt_catalog_lookup(f->id);
	json_t *o, *fix;
	size_t i;

	if ((o = json_object()) == NULL) {
		*ok = false;
		return NULL;
	}
	json_set(o, "id", json_string(f->id), ok);
	json_set(o, "severity", json_string(mt_severity_name(f->severity)),
	    ok);
	json_set(o, "title", json_string(ce != NULL ? ce->title : f->id), ok);
	json_set(o, "subject", json_string(f->subject), ok);
	json_set(o, "detail", json_string(f->detail), ok);
	json_set(o, "explain", json_str_or_null(ce != NULL ? ce->explain :
	    NULL), ok);
	if ((fix = json_object()) == NULL)
		*ok = false;
	for (i = 0; fix != NULL && ce != NULL && i < 4; i++)
		if (ce->fixes[i].mta != NULL)
			json_set(fix, ce->fixes[i].mta,
			    json_string(ce->fixes[i].fix), ok);
	json_set(o, "fix", fix, ok);
	return o;
}

static json_t *
json_stats(const struct mt_target_result *r, bool *ok)
{
	json_t *o;

	if ((o = json_object()) == NULL) {
		*ok = false;
		return NULL;
	}
	json_set(o, "connections", json_integer(r->connections), ok);
	json_set(o, "handshakes", json_integer(r->handshakes), ok);
	json_set(o, "rate_limited", json_integer(r->rate_limited), ok);
	json_set(o, "retries", json_integer(r->retries), ok);
	/* Milliseconds are enough; JSON_REAL_PRECISION keeps it short. */
	json_set(o, "elapsed_s", json_real(r->elapsed > 0 ?
	    (double)(long long)(r->elapsed * 1000.0 + 0.5) / 1000.0 : 0.0), ok);
	return o;
}

static json_t *
json_error(const struct mt_target_result *r, bool *ok)
{
	json_t *o;

	if (r->error.code == MT_ERR_NONE)
		return json_null();
	if ((o = json_object()) == NULL) {
		*ok = false;
		return NULL;
	}
	json_set(o, "code", json_string(mt_error_code_name(r->error.code)),
	    ok);
	json_set(o, "message", json_string(r->error.msg), ok);
	return o;
}

static json_t *
json_target(const struct mt_target_result *r, bool *ok)
{
	json_t *o, *arr, *d;
	char dir[2];
	size_t i;

	if ((o = json_object()) == NULL) {
		*ok = false;
		return NULL;
	}
	json_set(o, "target", json_string(r->target), ok);
	json_set(o, "host", json_string(r->host), ok);
	json_set(o, "mx_domain", json_str_or_null(r->mx_domain), ok);
	json_set(o, "address", json_str_or_null(r->address), ok);
	json_set(o, "port", json_integer(r->port), ok);
	json_set(o, "mode", json_string(mt_probe_mode_name(r->mode)), ok);
	json_set(o, "completed", json_boolean(r->completed), ok);
	json_set(o, "error", json_error(r, ok), ok);
	json_set(o, "banner", json_str_or_null(r->banner), ok);
	json_set(o, "starttls_offered", json_boolean(r->starttls_offered), ok);
	if ((arr = json_array()) == NULL)
		*ok = false;
	for (i = 0; arr != NULL && i < r->ndialogue &&
	    i < MT_PROBE_DIALOGUE_MAX; i++) {
		if ((d = json_object()) == NULL) {
			*ok = false;
			break;
		}
		dir[0] = r->dialogue[i].dir;
		dir[1] = '\0';
		json_set(d, "dir", json_string(dir), ok);
		json_set(d, "text", json_string(r->dialogue[i].text), ok);
		json_push(arr, d, ok);
	}
	json_set(o, "dialogue", arr, ok);
	if ((arr = json_array()) == NULL)
		*ok = false;
	for (i = 0; arr != NULL && i < MT_PROBE_VERSIONS; i++)
		json_push(arr, json_version(&r->versions[i], i, ok), ok);
	json_set(o, "protocols", arr, ok);
	json_set(o, "chain", json_chain(r, ok), ok);
	if ((arr = json_array()) == NULL)
		*ok = false;
	for (i = 0; arr != NULL && i < r->nfindings &&
	    i < MT_PROBE_FINDINGS_MAX; i++)
		json_push(arr, json_finding(&r->findings[i], ok), ok);
	json_set(o, "findings", arr, ok);
	json_set(o, "stats", json_stats(r, ok), ok);
	return o;
}

int
mt_report_json(FILE *fp, const struct mt_target_result *const *rs, size_t n)
{
	return mt_report_json_policies(fp, rs, n, NULL, 0);
}

int
mt_report_json_policies(FILE *fp, const struct mt_target_result *const *rs,
    size_t n, const struct mt_danecheck *const *dcs, size_t ndc)
{
	json_t *doc, *targets, *pol;
	bool ok = true;
	size_t i;
	int rv = -1;

	if ((doc = json_object()) == NULL)
		return -1;
	json_set(doc, "schema", json_string("mailtls-probe"), &ok);
	json_set(doc, "schema_version",
	    json_integer(MAILTLS_JSON_SCHEMA_VERSION), &ok);
	json_set(doc, "mailtls_version", json_string(MT_REPORT_VERSION), &ok);
	if ((targets = json_array()) == NULL)
		ok = false;
	for (i = 0; targets != NULL && i < n; i++)
		json_push(targets, json_target(rs[i], &ok), &ok);
	json_set(doc, "targets", targets, &ok);
	if (dcs != NULL) {
		/* DANE, MTA-STS and TLS-RPT of the --mx domains. */
		if ((pol = json_array()) == NULL)
			ok = false;
		for (i = 0; pol != NULL && i < ndc; i++)
			json_push(pol, mt_report_dane_doc(dcs[i]), &ok);
		json_set(doc, "policies", pol, &ok);
	}
	if (!ok)
		goto out;
	if (json_dumpf(doc, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(6)) != 0)
		goto out;
	if (fputc('\n', fp) == EOF || ferror(fp))
		goto out;
	rv = 0;
out:
	json_decref(doc);
	return rv;
}
