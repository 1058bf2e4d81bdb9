/*
 * policy_text.c - cipher policies, matches and diffs as text for people
 *
 * A suite row follows `openssl ciphers -v` (name, lowest version, Kx=,
 * Au=, Enc=, Mac=) and adds the code point, the IANA name, every version
 * it may be negotiated at and OpenSSL's strength class.  Output is
 * deterministic: policy order, then registry order.  Arguments are
 * borrowed; the FILE is the caller's.  Returns 0, or -1 if writing
 * failed.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "mailtls/policy.h"
#include "mailtls/policy_report.h"
#include "mailtls/registry.h"
#include "report/policy_report_int.h"
#include "report/report_int.h"

/* How many suite names a grouped line shows before "and N more". */
#define TEXT_NAMES_SHORT	6

static int
text_done(FILE *f)
{
	return ferror(f) ? -1 : 0;
}

/* text_suite_row - one `openssl ciphers -v` style line. */
static void
text_suite_row(FILE *f, uint16_t code)
{
	const struct mt_suite *s;
	char enc[32], vr[40], nb[16];

	s = mt_suite_by_code(code);
	if (s == NULL) {
		fprintf(f, "  %-31s %-7s 0x%02X,0x%02X  (not in the "
		    "registry)\n",
		    mt_report_suite_label(code, nb, sizeof(nb)), "-", code >> 8,
		    code & 0xff);
		return;
	}
	if (s->enc_bits > 0)
		(void)snprintf(enc, sizeof(enc), "%s(%u)", s->enc ? s->enc :
		    "?", (unsigned)s->enc_bits);
	else
		(void)snprintf(enc, sizeof(enc), "%s", s->enc ? s->enc : "?");
	fprintf(f, "  %-31s %-7s Kx=%-8s Au=%-5s Enc=%-16s Mac=%-6s "
	    "0x%02X,0x%02X  %-45s %-15s %s\n",
	    mt_report_suite_label(code, nb, sizeof(nb)), mt_report_suite_minver(code),
	    s->kx ? s->kx : "?", s->au ? s->au : "?", enc,
	    s->mac ? s->mac : "?", code >> 8, code & 0xff,
	    s->iana ? s->iana : "-",
	    mt_report_vrange(s->versions, vr, sizeof(vr)),
	    mt_strength_name(s->strength));
}

/* text_where - " (word 3 of tls_high_cipherlist)", or less. */
static void
text_where(FILE *f, const struct mt_policy_why *w)
{
	if (w->pos > 0 && w->where[0] != '\0')
		fprintf(f, " (word %d of %s)", w->pos, w->where);
	else if (w->pos > 0)
		fprintf(f, " (word %d)", w->pos);
	else if (w->where[0] != '\0')
		fprintf(f, " (%s)", w->where);
}

/* text_why_row - "removed by" for one suite. */
static void
text_why_row(FILE *f, const struct mt_policy_why *w)
{
	char nb[16];

	fprintf(f, "  %-31s 0x%02X,0x%02X  %s", mt_report_suite_label(w->code, nb,
	    sizeof(nb)), w->code >> 8, w->code & 0xff, w->rule);
	text_where(f, w);
	fputc('\n', f);
}

/* text_header - label, library, versions, preference. */
static void
text_header(FILE *f, const char *role, const struct mt_policy *p)
{
	char vr[64];

	fprintf(f, "%s%s%s (%s", role, role[0] ? ": " : "", p->label[0] ?
	    p->label : "(unnamed policy)", mt_report_lib_label(p->lib));
	if (p->seclevel >= 0)
		fprintf(f, ", security level %d", p->seclevel);
	fprintf(f, ")\n");
	fprintf(f, "  versions: %s%s; %zu suite%s, %zu TLS 1.3 suite%s; "
	    "%s preference\n", mt_report_vrange(p->versions, vr, sizeof(vr)),
	    p->tls_disabled ? " (TLS disabled)" : "", p->nsuites,
	    p->nsuites == 1 ? "" : "s", p->ntls13, p->ntls13 == 1 ? "" : "s",
	    p->server_pref ? "server" : "client");
}

static void
text_notes(FILE *f, const struct mt_policy *p)
{
	size_t i;

	for (i = 0; i < p->nnotes && i < MT_POLICY_NOTES_MAX; i++)
		fprintf(f, "note: %s\n", p->notes[i]);
}

int
mt_report_policy_text(FILE *f, const struct mt_policy *p, bool verbose)
{
	size_t i;

	text_header(f, "", p);
	if (p->tls_disabled) {
		fprintf(f, "TLS is disabled by these settings: no suite is "
		    "offered or accepted\n");
		text_notes(f, p);
	}
	fprintf(f, "\nSSLv3 to TLS 1.2 suites, in order (%zu):\n",
	    p->nsuites);
	for (i = 0; i < p->nsuites && i < MT_POLICY_SUITES_MAX; i++)
		text_suite_row(f, p->suites[i]);
	fprintf(f, "\nTLS 1.3 suites, in order (%zu):\n", p->ntls13);
	for (i = 0; i < p->ntls13 && i < MT_POLICY_TLS13_MAX; i++)
		text_suite_row(f, p->tls13[i]);
	if (p->nnotes > 0 && !p->tls_disabled) {
		fputc('\n', f);
		text_notes(f, p);
	}
	if (verbose) {
		fprintf(f, "\nregistry suites left out, with the rule that "
		    "removed each (%zu):\n", p->nwhy);
		for (i = 0; i < p->nwhy && i < MT_POLICY_SUITES_MAX; i++)
			text_why_row(f, &p->why[i]);
	}
	return text_done(f);
}

/* text_names - comma list of up to max names (0: all) of codes. */
static void
text_names(FILE *f, const uint16_t *codes, size_t n, size_t max)
{
	char nb[16];
	size_t i;

	for (i = 0; i < n && (max == 0 || i < max); i++)
		fprintf(f, "%s%s", i > 0 ? ", " : "",
		    mt_report_suite_label(codes[i], nb, sizeof(nb)));
	if (max != 0 && n > max)
		fprintf(f, " and %zu more", n - max);
}

/* text_group_names - names of the why rows in group g. */
static void
text_group_names(FILE *f, const struct mt_match *m,
    const struct mt_why_group *g, size_t max)
{
	char nb[16];
	size_t i, k = 0;

	for (i = 0; i < m->nwhy; i++) {
		if (!mt_report_why_same(g->first, &m->why[i]))
			continue;
		if (max != 0 && k == max) {
			fprintf(f, " and %zu more", g->count - max);
			return;
		}
		fprintf(f, "%s%s", k > 0 ? ", " : "",
		    mt_report_suite_label(m->why[i].code, nb, sizeof(nb)));
		k++;
	}
}

/* text_match_versions - one line per version, TLS 1.3 first. */
static void
text_match_versions(FILE *f, const struct mt_policy *client,
    const struct mt_policy *server, const struct mt_match *m)
{
	const struct mt_match_version *v;
	char nb[16];
	int i;

	fprintf(f, "\n  %-8s %-6s %-6s %-6s %s\n", "version", "client",
	    "server", "shared", "server picks");
	for (i = 4; i >= 0; i--) {
		v = &m->v[i];
		fprintf(f, "  %-8s %-6s %-6s %-6zu %s\n",
		    mt_version_name(v->version),
		    client->versions & (1u << i) ? "yes" : "no",
		    server->versions & (1u << i) ? "yes" : "no", v->nshared,
		    v->chosen ? mt_report_suite_label(v->chosen, nb, sizeof(nb)) :
		    v->nshared > 0 ? "(version not enabled by both)" : "-");
	}
}

/* text_fallback_note - where a lower version would have shared. */
static void
text_fallback_note(FILE *f, const struct mt_match *m)
{
	char nb[16];
	int i;

	for (i = 4; i >= 0; i--) {
		if (m->v[i].version >= m->version || !m->v[i].both ||
		    m->v[i].nshared == 0)
			continue;
		fprintf(f, "note: at %s nothing is shared, but at %s %s would "
		    "be chosen; the version is negotiated first and there is "
		    "no fallback\n", mt_version_name(m->version),
		    mt_version_name(m->v[i].version),
		    mt_report_suite_label(m->v[i].chosen, nb, sizeof(nb)));
		return;
	}
}

int
mt_report_match_text(FILE *f, const struct mt_policy *client,
    const struct mt_policy *server, const struct mt_match *m, bool verbose)
{
	struct mt_why_group g[MT_POLICY_SUITES_MAX];
	const struct mt_match_version *v = NULL;
	char nb[16];
	size_t i, ng;

	text_header(f, "client", client);
	text_header(f, "server", server);
	if (m->ok)
		fprintf(f, "\nhandshake: succeeds with %s and %s "
		    "(0x%02X,0x%02X), picked in the %s's order\n",
		    mt_version_name(m->version), mt_report_suite_label(m->suite, nb,
		    sizeof(nb)), m->suite >> 8, m->suite & 0xff,
		    server->server_pref ? "server" : "client");
	else
		fprintf(f, "\nhandshake: fails: %s\n", m->reason);
	text_match_versions(f, client, server, m);
	for (i = 0; i < 5; i++)
		if (m->v[i].version == m->version && m->version != 0)
			v = &m->v[i];
	if (!m->ok && v != NULL)
		text_fallback_note(f, m);
	if (v != NULL && v->nshared > 0) {
		fprintf(f, "\nshared at %s, in the %s's order: ",
		    mt_version_name(v->version), server->server_pref ?
		    "server" : "client");
		text_names(f, v->shared, v->nshared, verbose ? 0 : 12);
		fputc('\n', f);
	}
	if (v != NULL && m->nwhy > 0 && (!m->ok || verbose)) {
		fprintf(f, "\nthe client's %zu suites at %s that the server "
		    "lacks, by the server rule that removed them:\n", m->nwhy,
		    mt_version_name(v->version));
		ng = mt_report_why_groups(m->why, m->nwhy, g,
		    MT_POLICY_SUITES_MAX);
		for (i = 0; i < ng; i++) {
			fprintf(f, "  \"%s\"", g[i].first->rule);
			text_where(f, g[i].first);
			fprintf(f, " removed %zu suite%s: ", g[i].count,
			    g[i].count == 1 ? "" : "s");
			text_group_names(f, m, &g[i], verbose ? 0 :
			    TEXT_NAMES_SHORT);
			fputc('\n', f);
		}
	}
	if (client->nnotes > 0 || server->nnotes > 0)
		fputc('\n', f);
	text_notes(f, client);
	text_notes(f, server);
	return text_done(f);
}

/* text_vbits - "TLSv1.0 TLSv1.1" for the set bits. */
static void
text_vbits(FILE *f, const char *what, uint8_t bits)
{
	char vr[64];

	if (bits != 0)
		fprintf(f, "versions %s: %s\n", what,
		    mt_report_vrange(bits, vr, sizeof(vr)));
}

int
mt_report_diff_text(FILE *f, const struct mt_policy *a,
    const struct mt_policy *b, const struct mt_policy_diff *d)
{
	char nb[16];
	size_t i;

	text_header(f, "a", a);
	text_header(f, "b", b);
	fputc('\n', f);
	if (d->nadded == 0 && d->nremoved == 0 && d->nmoved == 0 &&
	    d->versions_added == 0 && d->versions_removed == 0) {
		fprintf(f, "no change: the same suites in the same order and "
		    "the same versions\n");
		return text_done(f);
	}
	text_vbits(f, "added", d->versions_added);
	text_vbits(f, "removed", d->versions_removed);
	fprintf(f, "added (%zu):\n", d->nadded);
	for (i = 0; i < d->nadded; i++)
		text_suite_row(f, d->added[i]);
	fprintf(f, "removed (%zu):\n", d->nremoved);
	for (i = 0; i < d->nremoved; i++)
		text_suite_row(f, d->removed[i]);
	fprintf(f, "moved (%zu):\n", d->nmoved);
	for (i = 0; i < d->nmoved; i++)
		fprintf(f, "  %-31s position %zu -> %zu\n",
		    mt_report_suite_label(d->moved[i], nb, sizeof(nb)),
		    mt_report_policy_position(a, d->moved[i]),
		    mt_report_policy_position(b, d->moved[i]));
	return text_done(f);
}
