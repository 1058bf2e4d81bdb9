/*
 * logs_event.c - one mailtls logs event as one line: text for people, or
 * one JSON object per line (mailtls logs --follow)
 *
 * Input is an event of the library (bounded, NUL-terminated strings with
 * control bytes already replaced).  Nothing is buffered: each call writes
 * one complete line.
 */
#include <stdio.h>
#include <time.h>

#include <jansson.h>

#include "mailtls/logs.h"
#include "mailtls/logs_report.h"

static void
le_time(time_t t, char *buf, size_t len)
{
	struct tm tm;

	if (t == 0 || gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		(void)snprintf(buf, len, "-");
}

static const char *
le_class(const struct mt_log_event *ev)
{
	const struct mt_log_class_info *ci = mt_log_class_info(ev->fail_class);

	return ci != NULL ? ci->id : "unknown";
}

int
mt_report_logs_event_text(FILE *f, const struct mt_log_event *ev)
{
	char when[32];

	le_time(ev->when, when, sizeof(when));
	fprintf(f, "%s %s %s %s", when, mt_log_dir_name(ev->direction),
	    mt_log_mta_name(ev->mta), mt_log_kind_name(ev->kind));
	if (ev->host[0] != '\0' || ev->ip[0] != '\0')
		fprintf(f, " %s[%s]", ev->host[0] != '\0' ? ev->host :
		    "unknown", ev->ip);
	else
		fprintf(f, " (unknown)");
	if (ev->kind == MT_LOG_KIND_TLS_OK) {
		fprintf(f, " %s %s", ev->version[0] != '\0' ? ev->version :
		    "-", ev->cipher[0] != '\0' ? ev->cipher : "-");
		if (ev->verify != MT_LOG_VERIFY_UNKNOWN)
			fprintf(f, " %s", mt_log_verify_name(ev->verify));
	} else if (ev->fail_class != MT_LOG_CLASS_NONE) {
		fprintf(f, " %s", le_class(ev));
		if (ev->alert[0] != '\0')
			fprintf(f, " alert=%s", ev->alert);
		if (ev->reason[0] != '\0')
			fprintf(f, ": %s", ev->reason);
	}
	fprintf(f, "\n");
	return ferror(f) ? -1 : 0;
}

int
mt_report_logs_event_json(FILE *f, const struct mt_log_event *ev)
{
	char when[32];
	json_t *o;
	int rv;

	le_time(ev->when, when, sizeof(when));
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, "
	    "s:i, s:s, s:s, s:s}", "type", "event", "when", when, "mta",
	    mt_log_mta_name(ev->mta), "direction",
	    mt_log_dir_name(ev->direction), "kind", mt_log_kind_name(ev->kind),
	    "class", ev->fail_class != MT_LOG_CLASS_NONE ? le_class(ev) : "",
	    "host", ev->host, "ip", ev->ip, "version", ev->version, "cipher",
	    ev->cipher, "bits", ev->bits, "verify",
	    mt_log_verify_name(ev->verify), "alert", ev->alert, "reason",
	    ev->reason);
	if (o == NULL)
		return -1;
	rv = json_dumpf(o, f, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	fprintf(f, "\n");
	return rv == 0 && !ferror(f) ? 0 : -1;
}
