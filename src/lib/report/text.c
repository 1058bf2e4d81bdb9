/*
 * text.c - render one probe result as a report for people
 *
 * Sections: header (target, address, mode, banner), the SMTP dialogue
 * (verbose only), the protocol table, per accepted version the suites in
 * the server's order and the groups, the certificate chain, the findings
 * with the fix per MTA, and the probe's cost.  Tables are aligned from
 * their content.  ANSI colour only when opts->color.  Output depends only
 * on the struct (no wall clock), so it can be compared with golden files.
 *
 * The result is borrowed; the FILE is the caller's.  Returns 0, or -1 if
 * writing failed.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "mailtls/finding.h"
#include "mailtls/probe.h"
#include "mailtls/registry.h"
#include "mailtls/report.h"
#include "report/report_int.h"

#define TEXT_RESET	"\033[0m"
#define TEXT_BOLD	"\033[1m"
#define TEXT_RED	"\033[1;31m"
#define TEXT_YELLOW	"\033[33m"
#define TEXT_GREEN	"\033[32m"
#define TEXT_CYAN	"\033[36m"
#define TEXT_DIM	"\033[2m"

#define TEXT_SUITE_COLS	10
#define TEXT_CELL	96

struct text_ctx {
	FILE		*fp;
	bool		 color;
	bool		 verbose;
};

static const char *const text_mta_labels[][2] = {
	{ "postfix", "Postfix" },
	{ "opensmtpd", "OpenSMTPD" },
	{ "sendmail", "sendmail" },
	{ "exim", "Exim" },
};

/* text_on - start colour c (if colour is on). */
static void
text_on(const struct text_ctx *t, const char *c)
{
	if (t->color && c != NULL)
		fputs(c, t->fp);
}

static void
text_off(const struct text_ctx *t, const char *c)
{
	if (t->color && c != NULL)
		fputs(TEXT_RESET, t->fp);
}

/* text_field - s padded to width w, coloured as a whole. */
static void
text_field(const struct text_ctx *t, const char *c, const char *s, int w)
{
	text_on(t, c);
	fprintf(t->fp, "%-*s", w, s);
	text_off(t, c);
}

static const char *
text_sev_color(int sev)
{
	switch (sev) {
	case MT_SEV_CRITICAL:
	case MT_SEV_HIGH:
		return TEXT_RED;
	case MT_SEV_MEDIUM:
		return TEXT_YELLOW;
	case MT_SEV_LOW:
		return TEXT_CYAN;
	default:
		return TEXT_DIM;
	}
}

static void
text_header(const struct text_ctx *t, const struct mt_target_result *r)
{
	FILE *fp = t->fp;

	text_on(t, TEXT_BOLD);
	fprintf(fp, "Target   %s", r->target);
	text_off(t, TEXT_BOLD);
	fputc('\n', fp);
	if (r->host[0] != '\0' && strcmp(r->host, r->target) != 0)
		fprintf(fp, "Host     %s\n", r->host);
	if (r->mx_domain[0] != '\0')
		fprintf(fp, "MX of    %s\n", r->mx_domain);
	fprintf(fp, "Address  %s port %u\n",
	    r->address[0] != '\0' ? r->address : "-", (unsigned)r->port);
	fprintf(fp, "Mode     %s", mt_probe_mode_name(r->mode));
	if (r->mode != MT_MODE_IMPLICIT && (r->completed ||
	    r->starttls_offered || r->error.code == MT_ERR_NO_STARTTLS ||
	    r->error.code == MT_ERR_STARTTLS_REFUSED))
		fprintf(fp, ", STARTTLS %s",
		    r->starttls_offered ? "offered" : "not offered");
	fputc('\n', fp);
	if (r->banner[0] != '\0')
		fprintf(fp, "Banner   %s\n", r->banner);
}

static void
text_dialogue(const struct text_ctx *t, const struct mt_target_result *r)
{
	size_t i;

	if (!t->verbose || r->ndialogue == 0)
		return;
	fprintf(t->fp, "\nSMTP dialogue\n");
	for (i = 0; i < r->ndialogue && i < MT_PROBE_DIALOGUE_MAX; i++)
		fprintf(t->fp, "  %c: %s\n", r->dialogue[i].dir,
		    r->dialogue[i].text);
}

static const char *
text_vname(const struct mt_version_result *vr, size_t vi)
{
	return mt_version_name(vr->version != 0 ? vr->version :
	    (uint16_t)(MT_SSL3 + vi));
}

static void
text_protocols(const struct text_ctx *t, const struct mt_target_result *r)
{
	const struct mt_version_result *vr;
	const char *c, *pref;
	char n[16];
	size_t vi;

	fprintf(t->fp, "\nProtocols\n");
	fprintf(t->fp, "  %-8s %-9s %6s  %-11s %s\n", "Version", "State",
	    "Suites", "Preference", "Note");
	for (vi = 0; vi < MT_PROBE_VERSIONS; vi++) {
		vr = &r->versions[vi];
		c = NULL;
		if (vr->state == MT_V_ACCEPTED)
			c = vr->version >= MT_TLS12 || (vr->version == 0 &&
			    vi >= 3) ? TEXT_GREEN : TEXT_RED;
		else if (vr->state == MT_V_ERROR)
			c = TEXT_YELLOW;
		fprintf(t->fp, "  %-8s ", text_vname(vr, vi));
		text_field(t, c, mt_report_state_name(vr->state), 9);
		if (vr->state == MT_V_ACCEPTED)
			(void)snprintf(n, sizeof(n), "%zu", vr->nsuites);
		else
			(void)snprintf(n, sizeof(n), "-");
		fprintf(t->fp, " %6s  ", n);
		pref = vr->state == MT_V_ACCEPTED ?
		    mt_report_pref_name(vr->preference) : "-";
		if (vr->refusal[0] != '\0')
			fprintf(t->fp, "%-11s %s", pref, vr->refusal);
		else if (vr->incomplete)
			fprintf(t->fp, "%-11s %s", pref, "incomplete: the run "
			    "was cut short, suites may be missing");
		else
			fputs(pref, t->fp);
		fputc('\n', t->fp);
	}
}

/* text_suite_cells - the cells of one suite row. */
static void
text_suite_cells(const struct mt_suite_seen *ss,
    char cells[TEXT_SUITE_COLS][TEXT_CELL])
{
	const struct mt_suite *s = mt_suite_by_code(ss->code);
	char lbl[16];

	(void)snprintf(cells[0], TEXT_CELL, "0x%04X", (unsigned)ss->code);
	(void)snprintf(cells[1], TEXT_CELL, "%s",
	    s != NULL && s->openssl != NULL ? s->openssl : "-");
	(void)snprintf(cells[2], TEXT_CELL, "%s",
	    s != NULL && s->iana != NULL ? s->iana : "unknown");
	(void)snprintf(cells[3], TEXT_CELL, "%s/%s",
	    s != NULL && s->kx != NULL ? s->kx : "?",
	    s != NULL && s->au != NULL ? s->au : "?");
	if (s != NULL)
		(void)snprintf(cells[4], TEXT_CELL, "%u",
		    (unsigned)s->enc_bits);
	else
		(void)snprintf(cells[4], TEXT_CELL, "-");
	(void)snprintf(cells[5], TEXT_CELL, "%s",
	    s != NULL ? mt_strength_name(s->strength) : "-");
	(void)snprintf(cells[6], TEXT_CELL, "%s",
	    s != NULL && (s->flags & MT_SUITE_FS) != 0 ? "FS" : "-");
	(void)snprintf(cells[7], TEXT_CELL, "%s",
	    s != NULL && (s->flags & MT_SUITE_AEAD) != 0 ? "AEAD" : "-");
	if (ss->dh_bits != 0)
		(void)snprintf(cells[8], TEXT_CELL, "DH %u",
		    (unsigned)ss->dh_bits);
	else if (ss->group != 0)
		(void)snprintf(cells[8], TEXT_CELL, "%s",
		    mt_report_group_label(ss->group, lbl, sizeof(lbl)));
	else
		(void)snprintf(cells[8], TEXT_CELL, "-");
	cells[9][0] = '\0';
}

static void
text_suites(const struct text_ctx *t, const struct mt_version_result *vr,
    size_t vi)
{
	static const char *const head[TEXT_SUITE_COLS - 1] = {
		"Code", "OpenSSL name", "IANA name", "Kx/Au", "Bits",
		"Strength", "FS", "AEAD", "Group/DH",
	};
	static const bool right[TEXT_SUITE_COLS - 1] = {
		[4] = true,
	};
	char cells[TEXT_SUITE_COLS][TEXT_CELL], lbl[16];
	int w[TEXT_SUITE_COLS - 1];
	size_t i, j, n = vr->nsuites < MT_PROBE_SUITES_MAX ? vr->nsuites :
	    MT_PROBE_SUITES_MAX;
	const char *c;

	for (i = 0; i < TEXT_SUITE_COLS - 1; i++)
		w[i] = (int)strlen(head[i]);
	for (j = 0; j < n; j++) {
		text_suite_cells(&vr->suites[j], cells);
		for (i = 0; i < TEXT_SUITE_COLS - 1; i++)
			if ((int)strlen(cells[i]) > w[i])
				w[i] = (int)strlen(cells[i]);
	}
	fprintf(t->fp, "\n%s suites (%s)\n", text_vname(vr, vi),
	    vr->preference == MT_PREF_CLIENT ?
	    "the server follows the client's order; strongest first" :
	    vr->preference == MT_PREF_SERVER ? "the server's order" :
	    "order not known");
	fputs(" ", t->fp);
	for (i = 0; i < TEXT_SUITE_COLS - 1; i++) {
		if (i == TEXT_SUITE_COLS - 2)
			fprintf(t->fp, " %s", head[i]);
		else
			fprintf(t->fp, right[i] ? " %*s" : " %-*s", w[i],
			    head[i]);
	}
	fputc('\n', t->fp);
	for (j = 0; j < n; j++) {
		const struct mt_suite *s = mt_suite_by_code(vr->suites[j].code);

		text_suite_cells(&vr->suites[j], cells);
		c = NULL;
		if (s != NULL && s->strength < MT_STRENGTH_MEDIUM)
			c = TEXT_RED;
		else if (s != NULL && s->strength == MT_STRENGTH_MEDIUM)
			c = TEXT_YELLOW;
		fputs(" ", t->fp);
		for (i = 0; i < TEXT_SUITE_COLS - 1; i++) {
			fputc(' ', t->fp);
			if (i == 5) {
				text_field(t, c, cells[i], w[i]);
				continue;
			}
			if (i == TEXT_SUITE_COLS - 2)
				fputs(cells[i], t->fp);
			else
				fprintf(t->fp, right[i] ? "%*s" : "%-*s", w[i],
				    cells[i]);
		}
		fputc('\n', t->fp);
	}
	if (vr->ngroups > 0) {
		fprintf(t->fp, "%s groups%s:", text_vname(vr, vi),
		    vr->groups_complete ? "" : " seen");
		for (j = 0; j < vr->ngroups && j < MT_PROBE_GROUPS_MAX; j++)
			fprintf(t->fp, "%s %s", j > 0 ? "," : "",
			    mt_report_group_label(vr->groups[j], lbl,
			    sizeof(lbl)));
		fputs(vr->groups_complete ? "\n" : vr->version >= MT_TLS12 ?
		    " (enumeration incomplete)\n" :
		    " (from its suite handshakes)\n", t->fp);
	}
}

static void
text_verdict(const struct text_ctx *t, const struct mt_chain_report *c)
{
	const char *what;

	fprintf(t->fp, "  Verdict   ");
	if (c->verified) {
		text_field(t, TEXT_GREEN, "trusted", 0);
		fprintf(t->fp, " (path to a trusted root)\n");
		return;
	}
	if ((c->problems & MT_CHAIN_MISSING_INTERMEDIATE) != 0)
		what = "not trusted: intermediate missing (the issuer was "
		    "neither sent nor in the trust store)";
	else if ((c->problems & MT_CHAIN_SELF_SIGNED_LEAF) != 0)
		what = "not trusted: self-signed leaf";
	else if ((c->problems & MT_CHAIN_UNTRUSTED_ROOT) != 0)
		what = "not trusted: root not trusted (the chain is complete "
		    "but its root is not in the trust store)";
	else
		what = "not trusted";
	text_field(t, TEXT_RED, what, 0);
	if (c->verify_error[0] != '\0')
		fprintf(t->fp, "\n            verify error: %s (depth %d)",
		    c->verify_error, c->verify_depth);
	fputc('\n', t->fp);
}

static void
text_chain(const struct text_ctx *t, const struct mt_target_result *r)
{
	const struct mt_chain_report *c = &r->chain;
	const struct mt_cert_info *ci;
	char lbl[16], nb[32], na[32], at[32];
	size_t i, n;
	bool first;

	if (!r->have_chain)
		return;
	mt_report_time_iso(c->at, at, sizeof(at));
	fprintf(t->fp, "\nCertificate chain (%s, %s), checked at %s\n",
	    mt_version_name(r->chain_version),
	    mt_report_suite_label(r->chain_suite, lbl, sizeof(lbl)), at);
	n = c->ncerts < MT_CHAIN_CERTS_MAX ? c->ncerts : MT_CHAIN_CERTS_MAX;
	for (i = 0; i < n; i++) {
		ci = &c->certs[i];
		mt_report_date(ci->not_before, nb, sizeof(nb));
		mt_report_date(ci->not_after, na, sizeof(na));
		fprintf(t->fp, "  %zu %-12s %s\n", i, mt_report_cert_role(c, i),
		    ci->subject);
		fprintf(t->fp, "    issuer   %s\n", ci->issuer);
		fprintf(t->fp, "    key      %s %d bits%s%s, signed %s\n",
		    ci->key_type, ci->key_bits, ci->curve[0] != '\0' ? " " : "",
		    ci->curve, ci->sig_alg);
		fprintf(t->fp, "    valid    %s to %s\n", nb, na);
		if (ci->sans[0] != '\0')
			fprintf(t->fp, "    names    %s\n", ci->sans);
	}
	text_verdict(t, c);
	if (c->name_ok)
		fprintf(t->fp, "  Name      matches %s\n", c->matched_name);
	else
		fprintf(t->fp, "  Name      does not match %s\n", r->host);
	if (c->problems != 0) {
		fprintf(t->fp, "  Problems ");
		first = true;
		for (i = 0; i < mt_report_nproblems; i++) {
			if ((c->problems & mt_report_problems[i].bit) == 0)
				continue;
			fprintf(t->fp, "%s %s", first ? "" : ",",
			    mt_report_problems[i].name);
			first = false;
		}
		fputc('\n', t->fp);
	}
}

/* text_lines - print s, indenting every line after the first by ind. */
static void
text_lines(FILE *fp, const char *s, int ind)
{
	for (; *s != '\0'; s++) {
		fputc(*s, fp);
		if (*s == '\n' && s[1] != '\0')
			fprintf(fp, "%*s", ind, "");
	}
	fputc('\n', fp);
}

static void
text_finding(const struct text_ctx *t, const struct mt_finding *f)
{
	const struct mt_catalog_entry *ce = mt_catalog_lookup(f->id);
	const char *label;
	char tag[24];
	size_t i, k;

	(void)snprintf(tag, sizeof(tag), "%s", mt_severity_name(f->severity));
	for (i = 0; tag[i] != '\0'; i++)
		if (tag[i] >= 'a' && tag[i] <= 'z')
			tag[i] = (char)(tag[i] - 'a' + 'A');
	fputs("\n  ", t->fp);
	text_field(t, text_sev_color(f->severity), tag, 8);
	fprintf(t->fp, " %s  %s\n", f->id, ce != NULL ? ce->title : "");
	fprintf(t->fp, "           subject: %s\n", f->subject);
	if (f->detail[0] != '\0')
		fprintf(t->fp, "           %s\n", f->detail);
	if (ce == NULL)
		return;
	if (t->verbose) {
		fprintf(t->fp, "           ");
		text_lines(t->fp, ce->explain, 11);
	}
	for (i = 0; i < 4; i++) {
		if (ce->fixes[i].mta == NULL)
			continue;
		label = ce->fixes[i].mta;
		for (k = 0; k < 4; k++)
			if (strcmp(text_mta_labels[k][0], label) == 0)
				label = text_mta_labels[k][1];
		fprintf(t->fp, "           fix %-10s ", label);
		text_lines(t->fp, ce->fixes[i].fix, 26);
	}
}

int
mt_report_text(FILE *fp, const struct mt_target_result *r,
    const struct mt_report_opts *opts)
{
	struct text_ctx t;
	size_t i;

	t.fp = fp;
	t.color = opts != NULL && opts->color;
	t.verbose = opts != NULL && opts->verbose;

	text_header(&t, r);
	if (!r->completed) {
		text_field(&t, TEXT_RED, "Error", 0);
		fprintf(fp, "    %s: %s\n", mt_error_code_name(r->error.code),
		    r->error.msg[0] != '\0' ? r->error.msg : "probe failed");
		return ferror(fp) ? -1 : 0;
	}
	text_dialogue(&t, r);
	text_protocols(&t, r);
	for (i = 0; i < MT_PROBE_VERSIONS; i++)
		if (r->versions[i].state == MT_V_ACCEPTED)
			text_suites(&t, &r->versions[i], i);
	text_chain(&t, r);
	if (r->error.code != MT_ERR_NONE)
		fprintf(fp, "\nNote     %s\n", r->error.msg);
	fprintf(fp, "\nFindings (%zu)\n", r->nfindings);
	if (r->nfindings == 0)
		fprintf(fp, "  none\n");
	for (i = 0; i < r->nfindings && i < MT_PROBE_FINDINGS_MAX; i++)
		text_finding(&t, &r->findings[i]);
	fprintf(fp, "\nProbe used %u connection%s, %u handshake%s in %.2f s",
	    r->connections, r->connections == 1 ? "" : "s", r->handshakes,
	    r->handshakes == 1 ? "" : "s", r->elapsed);
	if (r->rate_limited > 0 || r->retries > 0)
		fprintf(fp, " (%u rate limited, %u retr%s)", r->rate_limited,
		    r->retries, r->retries == 1 ? "y" : "ies");
	fputc('\n', fp);
	return ferror(fp) ? -1 : 0;
}
