/*
 * logs_report.c - text and JSON renderers of a mailtls logs summary
 *
 * Input is the library's own summary (trusted).  Text is for people:
 * aligned tables sorted by count, failures by class with example peers,
 * likely causes and the fix in each MTA's own settings.  JSON carries the
 * same data (schema "mailtls-logs/1").  Output is deterministic.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "mailtls/logs.h"
#include "mailtls/logs_report.h"

#define LR_TOP_ROWS	15
#define LR_TOP_PEERS	25
#define LR_EXAMPLES	3
#define LR_WIDTH	78

static const char *const table_titles[MT_LOGS_NTABLES] = {
	"Protocol versions", "Ciphers", "Key exchange",
	"Certificate verification", "Alerts named in failures",
};
static const char *const table_ids[MT_LOGS_NTABLES] = {
	"versions", "ciphers", "key_exchange", "verification", "alerts",
};

static void
lr_time(time_t t, char *buf, size_t len)
{
	struct tm tm;

	if (t == 0 || gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		(void)snprintf(buf, len, "-");
}

static void
lr_peer_name(const struct mt_logs_peer *p, char *buf, size_t len)
{
	if (p->net[0] != '\0')
		(void)snprintf(buf, len, "%.200s%s%.63s (%" PRIu64 " host%s)",
		    p->host, p->host[0] != '\0' ? " " : "", p->net, p->hosts,
		    p->hosts == 1 ? "" : "s");
	else if (p->ip[0] != '\0')
		(void)snprintf(buf, len, "%s[%s]",
		    p->host[0] != '\0' ? p->host : "", p->ip);
	else
		(void)snprintf(buf, len, "%s", p->host);
}

/* lr_wrap - text wrapped at LR_WIDTH, each line indented by ind. */
static void
lr_wrap(FILE *f, const char *lead, const char *text, int ind)
{
	int col, w;
	const char *p = text, *sp;

	col = fprintf(f, "%*s%s", ind, "", lead);
	while (*p != '\0') {
		sp = strchr(p, ' ');
		w = sp != NULL ? (int)(sp - p) : (int)strlen(p);
		if (col + w + 1 > LR_WIDTH && col > ind + (int)strlen(lead)) {
			col = fprintf(f, "\n%*s", ind + 2, "") - 1;
		} else if (p != text)
			col += fprintf(f, " ");
		col += fprintf(f, "%.*s", w, p);
		p += w;
		while (*p == ' ')
			p++;
	}
	fprintf(f, "\n");
}

static void
lr_table(FILE *f, const struct mt_logs_summary *s, int t)
{
	size_t i;

	if (s->ntable[t] == 0)
		return;
	fprintf(f, "\n%s\n  %8s  %-9s %s\n", table_titles[t], "count",
	    "direction", "value");
	for (i = 0; i < s->ntable[t] && i < LR_TOP_ROWS; i++)
		fprintf(f, "  %8" PRIu64 "  %-9s %s\n", s->table[t][i].count,
		    mt_log_dir_name(s->table[t][i].direction),
		    s->table[t][i].value);
	if (s->ntable[t] > LR_TOP_ROWS)
		fprintf(f, "  (%zu more)\n", s->ntable[t] - LR_TOP_ROWS);
}

static void
lr_peer_classes(FILE *f, const struct mt_logs_peer *p)
{
	const char *sep = "";
	int c;

	for (c = 1; c < MT_LOG_NCLASS; c++) {
		if (p->by_class[c] == 0)
			continue;
		fprintf(f, "%s%s", sep, mt_log_class_info(c)->id);
		if (p->by_class[c] > 1)
			fprintf(f, " x%" PRIu64, p->by_class[c]);
		sep = ", ";
	}
	if (p->downgrade)
		fprintf(f, "%sDOWNGRADE: plaintext after TLS failed", sep);
	else if (p->ok_after_fail)
		fprintf(f, "%sTLS worked later", sep);
	else if (sep[0] == '\0')
		fprintf(f, "-");
}

static void
lr_peers(FILE *f, const struct mt_logs_summary *s)
{
	char name[MT_LOG_HOST_MAX + MT_LOG_IP_MAX + 4];
	size_t i;

	int w = 4;

	if (s->npeers == 0)
		return;
	for (i = 0; i < s->npeers && i < LR_TOP_PEERS; i++) {
		lr_peer_name(&s->peers[i], name, sizeof(name));
		if ((int)strlen(name) > w)
			w = (int)strlen(name) < 60 ? (int)strlen(name) : 60;
	}
	fprintf(f, "\nPeers (failures first)\n  %-8s %-9s %-*s %6s %6s %6s  "
	    "%s\n", "dir", "mta", w, "peer", "ok", "fail", "plain", "classes");
	for (i = 0; i < s->npeers && i < LR_TOP_PEERS; i++) {
		const struct mt_logs_peer *p = &s->peers[i];

		lr_peer_name(p, name, sizeof(name));
		fprintf(f, "  %-8s %-9s %-*s %6" PRIu64 " %6" PRIu64 " %6"
		    PRIu64 "  ", mt_log_dir_name(p->direction),
		    p->mta == MT_LOG_MTA_UNKNOWN ? "several" :
		    mt_log_mta_name(p->mta), w, name, p->ok, p->fail,
		    p->plaintext);
		lr_peer_classes(f, p);
		fprintf(f, "\n");
	}
	if (s->npeers > LR_TOP_PEERS)
		fprintf(f, "  (%zu more peers)\n", s->npeers - LR_TOP_PEERS);
}

static void
lr_class(FILE *f, const struct mt_logs_summary *s, int c)
{
	const struct mt_log_class_info *ci = mt_log_class_info(c);
	char name[MT_LOG_HOST_MAX + MT_LOG_IP_MAX + 4];
	size_t i, shown = 0;

	fprintf(f, "\n%s: %s (%" PRIu64 ")\n", ci->id, ci->title,
	    s->by_class[c]);
	for (i = 0; i < s->npeers && shown < LR_EXAMPLES; i++) {
		if (s->peers[i].by_class[c] == 0)
			continue;
		lr_peer_name(&s->peers[i], name, sizeof(name));
		fprintf(f, "  %s %s %s x%" PRIu64 "\n", shown == 0 ?
		    "peers:" : "      ", mt_log_dir_name(s->peers[i].direction),
		    name, s->peers[i].by_class[c]);
		shown++;
	}
	if (s->class_example[c][0] != '\0')
		fprintf(f, "  example: %s\n", s->class_example[c]);
	lr_wrap(f, "cause: ", ci->causes, 2);
	if (ci->fix_postfix[0] != '\0') {
		lr_wrap(f, "Postfix: ", ci->fix_postfix, 2);
		lr_wrap(f, "OpenSMTPD: ", ci->fix_opensmtpd, 2);
		lr_wrap(f, "sendmail: ", ci->fix_sendmail, 2);
		lr_wrap(f, "Exim: ", ci->fix_exim, 2);
	}
}

int
mt_report_logs_text(FILE *f, const struct mt_logs_summary *s)
{
	const struct mt_logs_counts *k = &s->counts;
	char a[32], b[32];
	int c, t, m;

	fprintf(f, "lines: %" PRIu64 " read, %" PRIu64 " recognised, %" PRIu64
	    " unrecognised, %" PRIu64 " skipped (longer than 64 KiB)\n",
	    k->lines, k->recognised, k->unrecognised, k->skipped);
	if (k->cut > 0)
		fprintf(f, "  %" PRIu64 " partial lines lost: a followed file "
		    "was rewritten in place\n", k->cut);
	lr_time(s->first, a, sizeof(a));
	lr_time(s->last, b, sizeof(b));
	fprintf(f, "period: %s to %s\n", a, b);
	fprintf(f, "TLS: %" PRIu64 " established, %" PRIu64 " failed, %"
	    PRIu64 " required but not offered, %" PRIu64 " plaintext "
	    "messages", s->by_kind[MT_LOG_KIND_TLS_OK],
	    s->by_kind[MT_LOG_KIND_TLS_FAIL],
	    s->by_kind[MT_LOG_KIND_STARTTLS_MISSING],
	    s->by_kind[MT_LOG_KIND_PLAINTEXT]);
	if (k->filtered > 0)
		fprintf(f, " (%" PRIu64 " events filtered out)", k->filtered);
	fprintf(f, "\nby MTA:");
	for (m = 1; m < MT_LOG_NMTA; m++)
		if (s->by_mta[m] > 0)
			fprintf(f, " %s %" PRIu64, mt_log_mta_name(m),
			    s->by_mta[m]);
	fprintf(f, "\n");
	for (c = 1, t = 0; c < MT_LOG_NCLASS; c++)
		if (s->by_class[c] > 0) {
			if (t++ == 0)
				fprintf(f, "\nFailures by class\n  %8s  %-26s "
				    "%s\n", "count", "class", "meaning");
			fprintf(f, "  %8" PRIu64 "  %-26s %s\n", s->by_class[c],
			    mt_log_class_info(c)->id,
			    mt_log_class_info(c)->title);
		}
	for (t = 0; t < MT_LOGS_NTABLES; t++)
		lr_table(f, s, t);
	lr_peers(f, s);
	for (c = 1, t = 0; c < MT_LOG_NCLASS; c++)
		if (s->by_class[c] > 0) {
			if (t++ == 0)
				fprintf(f, "\nWhat the failures mean, and the "
				    "fix\n");
			lr_class(f, s, c);
		}
	return ferror(f) ? -1 : 0;
}

static json_t *
lr_json_peer(const struct mt_logs_peer *p)
{
	char a[32], b[32];
	json_t *o, *cl;
	int c;

	cl = json_object();
	for (c = 1; c < MT_LOG_NCLASS; c++)
		if (p->by_class[c] > 0)
			json_object_set_new(cl, mt_log_class_info(c)->id,
			    json_integer((json_int_t)p->by_class[c]));
	lr_time(p->first, a, sizeof(a));
	lr_time(p->last, b, sizeof(b));
	o = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:o, s:s, s:s, "
	    "s:b, s:b, s:s, s:s, s:s, s:I}", "host", p->host, "ip", p->ip,
	    "direction", mt_log_dir_name(p->direction), "mta",
	    mt_log_mta_name(p->mta), "ok", (json_int_t)p->ok, "fail",
	    (json_int_t)p->fail, "plaintext", (json_int_t)p->plaintext,
	    "classes", cl, "first", a, "last", b, "ok_after_fail",
	    p->ok_after_fail, "downgrade", p->downgrade, "example",
	    p->example, "alert", p->alert, "network", p->net, "hosts",
	    (json_int_t)p->hosts);
	return o;
}

static json_t *
lr_json_classes(const struct mt_logs_summary *s)
{
	const struct mt_log_class_info *ci;
	json_t *arr = json_array();
	int c;

	for (c = 1; c < MT_LOG_NCLASS; c++) {
		if (s->by_class[c] == 0)
			continue;
		ci = mt_log_class_info(c);
		json_array_append_new(arr, json_pack("{s:s, s:s, s:I, s:s, s:s, "
		    "s:{s:s, s:s, s:s, s:s}}", "id", ci->id, "title", ci->title,
		    "count", (json_int_t)s->by_class[c], "example",
		    s->class_example[c], "causes", ci->causes,
		    "fix", "postfix", ci->fix_postfix, "opensmtpd",
		    ci->fix_opensmtpd, "sendmail", ci->fix_sendmail, "exim",
		    ci->fix_exim));
	}
	return arr;
}

/* lr_json_dump - doc pretty, or compact on one line, then a newline. */
static int
lr_json_dump(FILE *f, const struct mt_logs_summary *s, bool line)
{
	const struct mt_logs_counts *k = &s->counts;
	json_t *doc, *wrap, *tables, *arr, *peers, *kinds, *mtas;
	char a[32], b[32];
	size_t i;
	int t, rv;

	tables = json_object();
	for (t = 0; t < MT_LOGS_NTABLES; t++) {
		arr = json_array();
		for (i = 0; i < s->ntable[t]; i++)
			json_array_append_new(arr, json_pack("{s:s, s:s, s:I}",
			    "value", s->table[t][i].value, "direction",
			    mt_log_dir_name(s->table[t][i].direction), "count",
			    (json_int_t)s->table[t][i].count));
		json_object_set_new(tables, table_ids[t], arr);
	}
	peers = json_array();
	for (i = 0; i < s->npeers; i++)
		json_array_append_new(peers, lr_json_peer(&s->peers[i]));
	kinds = json_object();
	for (t = 0; t < MT_LOG_NKIND; t++)
		json_object_set_new(kinds, mt_log_kind_name(t),
		    json_integer((json_int_t)s->by_kind[t]));
	mtas = json_object();
	for (t = 1; t < MT_LOG_NMTA; t++)
		json_object_set_new(mtas, mt_log_mta_name(t),
		    json_integer((json_int_t)s->by_mta[t]));
	lr_time(s->first, a, sizeof(a));
	lr_time(s->last, b, sizeof(b));
	doc = json_pack("{s:s, s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I}, s:s, "
	    "s:s, s:o, s:o, s:o, s:o, s:o}", "schema", "mailtls-logs/1",
	    "lines", "read", (json_int_t)k->lines, "recognised",
	    (json_int_t)k->recognised, "unrecognised",
	    (json_int_t)k->unrecognised, "skipped", (json_int_t)k->skipped,
	    "cut", (json_int_t)k->cut,
	    "filtered", (json_int_t)k->filtered, "events",
	    (json_int_t)k->events, "first", a, "last", b, "kinds", kinds,
	    "mta", mtas, "failures", lr_json_classes(s), "tables", tables,
	    "peers", peers);
	if (doc == NULL)
		return -1;
	if (line) {
		/* "type" first, as in the event lines of --follow. */
		wrap = json_pack("{s:s}", "type", "summary");
		if (wrap == NULL || json_object_update(wrap, doc) != 0) {
			json_decref(wrap);
			json_decref(doc);
			return -1;
		}
		json_decref(doc);
		doc = wrap;
	}
	rv = json_dumpf(doc, f, (line ? JSON_COMPACT : JSON_INDENT(2)) |
	    JSON_PRESERVE_ORDER);
	json_decref(doc);
	fprintf(f, "\n");
	return rv == 0 && !ferror(f) ? 0 : -1;
}

int
mt_report_logs_json(FILE *f, const struct mt_logs_summary *s)
{
	return lr_json_dump(f, s, false);
}

int
mt_report_logs_json_line(FILE *f, const struct mt_logs_summary *s)
{
	return lr_json_dump(f, s, true);
}
