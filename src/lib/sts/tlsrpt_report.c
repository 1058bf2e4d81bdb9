/*
 * tlsrpt_report.c - read TLS-RPT aggregate reports (RFC 8460 4), JSON or
 * gzip'd JSON
 *
 * Input is untrusted: the file is read up to MT_TLSRPT_REPORT_MAX bytes,
 * inflated up to the same cap (a bigger report is refused, not
 * truncated), parsed with jansson, and every string is copied into a
 * fixed field (longer ones are cut).  At most REPORT_POLICIES_MAX
 * policies and REPORT_DETAILS_MAX failure details are kept; the counts
 * still add up all of them.  Deviations real reporters send are tolerated
 * and flagged (MT_TLSRPT_DEV_*): no sending-mta-ip (Microsoft), no
 * policy-domain (Postfix tlsrpt-reporter for no-policy-found), mx-host as
 * a string.  The report is allocated here; mt_tlsrpt_report_free()
 * releases it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <zlib.h>

#include "mailtls/sts.h"

#define REPORT_POLICIES_MAX	1000
#define REPORT_DETAILS_MAX	10000	/* failure details kept per report */

/*
 * report_str - copy obj[key] (a string) into dst; false if absent.  The
 * text is the sender's: control characters become '?' (it reaches
 * terminals), and a cut falls on a UTF-8 character boundary (it goes
 * back into JSON).
 */
static bool
report_str(json_t *obj, const char *key, char *dst, size_t cap)
{
	const unsigned char *src;
	json_t *v;
	size_t n, i;

	dst[0] = '\0';
	if ((v = json_object_get(obj, key)) == NULL || !json_is_string(v))
		return false;
	src = (const unsigned char *)json_string_value(v);
	n = strlen((const char *)src);
	if (n >= cap) {
		n = cap - 1;
		while (n > 0 && (src[n] & 0xc0) == 0x80)
			n--;
	}
	for (i = 0; i < n; i++)
		dst[i] = src[i] < 0x20 || src[i] == 0x7f ? '?' : (char)src[i];
	dst[n] = '\0';
	return true;
}

/* report_count - a non-negative integer obj[key]; false if not. */
static bool
report_count(json_t *obj, const char *key, uint64_t *out)
{
	json_t *v;

	if ((v = json_object_get(obj, key)) == NULL || !json_is_integer(v) ||
	    json_integer_value(v) < 0)
		return false;
	*out = (uint64_t)json_integer_value(v);
	return true;
}

static int
report_failure(struct mt_tlsrpt_report *r, struct mt_tlsrpt_policy *p,
    json_t *d, size_t pi, size_t di, size_t *kept, struct mt_error *err)
{
	struct mt_tlsrpt_failure f;

	memset(&f, 0, sizeof(f));
	if (!json_is_object(d) ||
	    !report_str(d, "result-type", f.result_name,
	    sizeof(f.result_name)) ||
	    !report_count(d, "failed-session-count", &f.count)) {
		mt_error_setx(err, MT_ERR_INPUT, "policies[%zu]: "
		    "failure-details[%zu]: needs result-type and "
		    "failed-session-count", pi, di);
		return -1;
	}
	f.result = mt_tlsrpt_result_by_name(f.result_name);
	(void)report_str(d, "receiving-mx-hostname", f.mx, sizeof(f.mx));
	if (!report_str(d, "sending-mta-ip", f.sending_ip,
	    sizeof(f.sending_ip)))
		r->deviations |= MT_TLSRPT_DEV_NO_SENDING_IP;
	(void)report_str(d, "receiving-ip", f.receiving_ip,
	    sizeof(f.receiving_ip));
	(void)report_str(d, "failure-reason-code", f.reason,
	    sizeof(f.reason));
	p->by_result[f.result] += f.count;
	if (*kept == REPORT_DETAILS_MAX) {
		r->deviations |= MT_TLSRPT_DEV_TRUNCATED;
		return 0;
	}
	p->failure[p->nfailures++] = f;
	(*kept)++;
	return 0;
}

static int
report_policy_type(struct mt_tlsrpt_policy *p, json_t *pol)
{
	if (!report_str(pol, "policy-type", p->type_name, sizeof(p->type_name)))
		return -1;
	if (strcmp(p->type_name, "sts") == 0)
		p->type = MT_TLSRPT_POLICY_STS;
	else if (strcmp(p->type_name, "tlsa") == 0)
		p->type = MT_TLSRPT_POLICY_TLSA;
	else if (strcmp(p->type_name, "no-policy-found") == 0)
		p->type = MT_TLSRPT_POLICY_NONE;
	else
		p->type = MT_TLSRPT_POLICY_OTHER;
	return 0;
}

static int
report_policy(struct mt_tlsrpt_report *r, json_t *item, size_t pi,
    size_t *kept, struct mt_error *err)
{
	struct mt_tlsrpt_policy *p = &r->policy[pi];
	json_t *pol, *sum, *details, *mx;
	size_t di, n;

	pol = json_is_object(item) ? json_object_get(item, "policy") : NULL;
	sum = json_is_object(item) ? json_object_get(item, "summary") : NULL;
	if (!json_is_object(pol) || report_policy_type(p, pol) == -1) {
		mt_error_setx(err, MT_ERR_INPUT, "policies[%zu]: no policy "
		    "object with a policy-type", pi);
		return -1;
	}
	if (!report_str(pol, "policy-domain", p->domain, sizeof(p->domain)))
		r->deviations |= MT_TLSRPT_DEV_NO_POLICY_DOMAIN;
	if ((mx = json_object_get(pol, "mx-host")) != NULL &&
	    json_is_string(mx))
		r->deviations |= MT_TLSRPT_DEV_MX_HOST_STRING;
	if (!json_is_object(sum) ||
	    !report_count(sum, "total-successful-session-count",
	    &p->successes) ||
	    !report_count(sum, "total-failure-session-count", &p->failures)) {
		mt_error_setx(err, MT_ERR_INPUT, "policies[%zu]: summary needs"
		    " total-successful-session-count and "
		    "total-failure-session-count", pi);
		return -1;
	}
	details = json_object_get(item, "failure-details");
	if (details == NULL)
		return 0;
	if (!json_is_array(details)) {
		mt_error_setx(err, MT_ERR_INPUT, "policies[%zu]: "
		    "failure-details is not an array", pi);
		return -1;
	}
	n = json_array_size(details);
	if (n > REPORT_DETAILS_MAX - *kept)
		n = REPORT_DETAILS_MAX - *kept;
	if (n > 0 && (p->failure = calloc(n, sizeof(*p->failure))) == NULL) {
		mt_error_set(err, MT_ERR_INTERNAL, "calloc");
		return -1;
	}
	for (di = 0; di < json_array_size(details); di++)
		if (report_failure(r, p, json_array_get(details, di), pi, di,
		    kept, err) == -1)
			return -1;
	return 0;
}

static int
report_fill(struct mt_tlsrpt_report *r, json_t *root, struct mt_error *err)
{
	json_t *range, *pols;
	size_t i, kept = 0;

	if (!json_is_object(root)) {
		mt_error_setx(err, MT_ERR_INPUT, "report: not a JSON object");
		return -1;
	}
	range = json_object_get(root, "date-range");
	pols = json_object_get(root, "policies");
	if (!report_str(root, "organization-name", r->organization,
	    sizeof(r->organization)) || !json_is_object(range) ||
	    !report_str(range, "start-datetime", r->start, sizeof(r->start)) ||
	    !report_str(range, "end-datetime", r->end, sizeof(r->end)) ||
	    !json_is_array(pols)) {
		mt_error_setx(err, MT_ERR_INPUT, "report: needs "
		    "organization-name, date-range and policies (RFC 8460 4.4)");
		return -1;
	}
	(void)report_str(root, "contact-info", r->contact, sizeof(r->contact));
	(void)report_str(root, "report-id", r->report_id,
	    sizeof(r->report_id));
	if (json_array_size(pols) > REPORT_POLICIES_MAX) {
		mt_error_setx(err, MT_ERR_INPUT, "report: more than %d "
		    "policies", REPORT_POLICIES_MAX);
		return -1;
	}
	r->npolicies = json_array_size(pols);
	if (r->npolicies > 0 &&
	    (r->policy = calloc(r->npolicies, sizeof(*r->policy))) == NULL) {
		r->npolicies = 0;
		mt_error_set(err, MT_ERR_INTERNAL, "calloc");
		return -1;
	}
	for (i = 0; i < r->npolicies; i++)
		if (report_policy(r, json_array_get(pols, i), i, &kept,
		    err) == -1)
			return -1;
	return 0;
}

/* report_inflate - gunzip buf into a new buffer, at most the cap. */
static int
report_inflate(const uint8_t *buf, size_t len, uint8_t **out, size_t *outlen,
    struct mt_error *err)
{
	z_stream zs;
	uint8_t *dst = NULL, *ndst;
	size_t cap = 64 * 1024;
	int zr, rv = -1;

	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, 15 + 16) != Z_OK) {
		mt_error_setx(err, MT_ERR_INTERNAL, "inflateInit2 failed");
		return -1;
	}
	zs.next_in = (Bytef *)(uintptr_t)buf;
	zs.avail_in = (uInt)len;
	for (;;) {
		if (dst == NULL || zs.total_out == cap) {
			if (dst != NULL) {
				if (cap >= MT_TLSRPT_REPORT_MAX) {
					mt_error_setx(err, MT_ERR_INPUT, "gzip:"
					    " more than %d bytes decompressed",
					    MT_TLSRPT_REPORT_MAX);
					goto out;
				}
				cap *= 2;
				if (cap > MT_TLSRPT_REPORT_MAX)
					cap = MT_TLSRPT_REPORT_MAX;
			}
			if ((ndst = realloc(dst, cap + 1)) == NULL) {
				mt_error_set(err, MT_ERR_INTERNAL, "realloc");
				goto out;
			}
			dst = ndst;
		}
		zs.next_out = dst + zs.total_out;
		zs.avail_out = (uInt)(cap - zs.total_out);
		zr = inflate(&zs, Z_NO_FLUSH);
		if (zr == Z_STREAM_END)
			break;
		if (zr != Z_OK && !(zr == Z_BUF_ERROR && zs.avail_out == 0)) {
			mt_error_setx(err, MT_ERR_INPUT, "gzip: %s",
			    zr == Z_BUF_ERROR ? "truncated" :
			    zs.msg != NULL ? zs.msg : "corrupt data");
			goto out;
		}
	}
	*outlen = zs.total_out;
	*out = dst;
	dst = NULL;
	rv = 0;
 out:
	inflateEnd(&zs);
	free(dst);
	return rv;
}

struct mt_tlsrpt_report *
mt_tlsrpt_report_parse(const uint8_t *buf, size_t len, struct mt_error *err)
{
	struct mt_tlsrpt_report *r = NULL;
	uint8_t *plain = NULL;
	json_error_t jerr;
	json_t *root = NULL;
	bool gz;

	if (len > MT_TLSRPT_REPORT_MAX) {
		mt_error_setx(err, MT_ERR_INPUT, "report: more than %d bytes",
		    MT_TLSRPT_REPORT_MAX);
		return NULL;
	}
	gz = len >= 2 && buf[0] == 0x1f && buf[1] == 0x8b;
	if (gz) {
		if (report_inflate(buf, len, &plain, &len, err) == -1)
			return NULL;
		buf = plain;
	}
	if ((root = json_loadb((const char *)buf, len, 0,
	    &jerr)) == NULL) {
		mt_error_setx(err, MT_ERR_INPUT, "report: JSON line %d column "
		    "%d: %s", jerr.line, jerr.column, jerr.text);
		goto out;
	}
	if ((r = calloc(1, sizeof(*r))) == NULL) {
		mt_error_set(err, MT_ERR_INTERNAL, "calloc");
		goto out;
	}
	r->gzipped = gz;
	if (report_fill(r, root, err) == -1) {
		mt_tlsrpt_report_free(r);
		r = NULL;
	}
 out:
	json_decref(root);
	free(plain);
	return r;
}

struct mt_tlsrpt_report *
mt_tlsrpt_report_load(const char *path, struct mt_error *err)
{
	struct mt_tlsrpt_report *r = NULL;
	uint8_t *buf = NULL, *nbuf;
	size_t len = 0, cap = 0, n;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL) {
		mt_error_set(err, MT_ERR_USAGE, "%s", path);
		return NULL;
	}
	for (;;) {
		if (len == cap) {
			if (cap > MT_TLSRPT_REPORT_MAX) {
				mt_error_setx(err, MT_ERR_INPUT, "%s: more than"
				    " %d bytes", path, MT_TLSRPT_REPORT_MAX);
				goto out;
			}
			cap = cap == 0 ? 64 * 1024 : cap * 2;
			if ((nbuf = realloc(buf, cap)) == NULL) {
				mt_error_set(err, MT_ERR_INTERNAL, "realloc");
				goto out;
			}
			buf = nbuf;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		mt_error_set(err, MT_ERR_INPUT, "%s: read", path);
		goto out;
	}
	if ((r = mt_tlsrpt_report_parse(buf, len, err)) == NULL) {
		/* Prefix the file name (at most 120 bytes) to the reason. */
		size_t k = strnlen(path, 120), m = sizeof(err->msg);

		memmove(err->msg + k + 2, err->msg, m - k - 3);
		err->msg[m - 1] = '\0';
		memcpy(err->msg, path, k);
		memcpy(err->msg + k, ": ", 2);
	}
 out:
	fclose(f);
	free(buf);
	return r;
}

void
mt_tlsrpt_report_free(struct mt_tlsrpt_report *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->npolicies; i++)
		free(r->policy[i].failure);
	free(r->policy);
	free(r);
}
