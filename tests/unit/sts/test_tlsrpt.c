/*
 * test_tlsrpt.c - TLS-RPT aggregate report reading (RFC 8460 4):
 * tests/data/tlsrpt samples (the RFC example, a Microsoft-style report
 * without sending-mta-ip, a Postfix tlsrpt-reporter one without
 * policy-domain, a gzip'd one, malformed ones), every prefix of a report,
 * and a gzip bomb.
 *
 * usage: test_tlsrpt DATADIR
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zlib.h>

#include "mailtls/sts.h"

static const char *datadir = "tests/data/tlsrpt";

static struct mt_tlsrpt_report *
load(const char *name, struct mt_error *e)
{
	char path[1024];

	(void)snprintf(path, sizeof(path), "%s/%s", datadir, name);
	return mt_tlsrpt_report_load(path, e);
}

static void
check_rfc_example(const struct mt_tlsrpt_report *r)
{
	const struct mt_tlsrpt_policy *p;

	assert_string_equal(r->organization, "Company-X");
	assert_string_equal(r->start, "2016-04-01T00:00:00Z");
	assert_string_equal(r->end, "2016-04-01T23:59:59Z");
	assert_string_equal(r->report_id,
	    "5065427c-23d3-47ca-b6e0-946ea0e8c4be");
	assert_int_equal(r->deviations, 0);
	assert_int_equal(r->npolicies, 1);
	p = &r->policy[0];
	assert_int_equal(p->type, MT_TLSRPT_POLICY_STS);
	assert_string_equal(p->domain, "company-y.example");
	assert_int_equal(p->successes, 5326);
	assert_int_equal(p->failures, 303);
	assert_int_equal(p->nfailures, 3);
	assert_int_equal(p->by_result[MT_TLSRPT_CERTIFICATE_EXPIRED], 100);
	assert_int_equal(p->by_result[MT_TLSRPT_STARTTLS_NOT_SUPPORTED], 200);
	assert_int_equal(p->by_result[MT_TLSRPT_VALIDATION_FAILURE], 3);
	assert_string_equal(p->failure[1].mx, "mx2.mail.company-y.example");
	assert_string_equal(p->failure[1].sending_ip, "2001:db8:abcd:0013::1");
	assert_string_equal(p->failure[1].receiving_ip, "203.0.113.56");
	assert_string_equal(p->failure[2].reason,
	    "X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED");
}

static void
test_rfc_example(void **state)
{
	struct mt_tlsrpt_report *r;
	struct mt_error e;

	if ((r = load("rfc8460-example.json", &e)) == NULL)
		fail_msg("got error %s", e.msg);
	assert_false(r->gzipped);
	check_rfc_example(r);
	mt_tlsrpt_report_free(r);
}

/*
 * Sender text is cut on a UTF-8 boundary (it goes back into JSON) and
 * control characters are neutralised (it reaches terminals).
 */
static void
test_hostile_strings(void **state)
{
	static const char head[] = "{\"organization-name\":\"";
	static const char tail[] = "\",\"contact-info\":\"\\u001b[31mRED\","
	    "\"report-id\":\"x\",\"date-range\":{\"start-datetime\":"
	    "\"2026-01-01T00:00:00Z\",\"end-datetime\":"
	    "\"2026-01-02T00:00:00Z\"},\"policies\":[{\"policy\":"
	    "{\"policy-type\":\"sts\",\"policy-domain\":\"example.org\"},"
	    "\"summary\":{\"total-successful-session-count\":1,"
	    "\"total-failure-session-count\":0}}]}";
	char buf[1024];
	struct mt_tlsrpt_report *r;
	struct mt_error e;
	size_t n, i;

	n = strlen(head);
	memcpy(buf, head, n);
	for (i = 0; i < 254; i++)
		buf[n++] = 'a';
	buf[n++] = (char)0xc3;		/* U+00E9, across byte 255 */
	buf[n++] = (char)0xa9;
	memcpy(buf + n, tail, sizeof(tail));
	if ((r = mt_tlsrpt_report_parse((const uint8_t *)buf, strlen(buf),
	    &e)) == NULL)
		fail_msg("got error %s", e.msg);
	/* 254 'a', then the 2-byte character did not fit: cut before it. */
	assert_int_equal(strlen(r->organization), 254);
	assert_string_equal(r->contact, "?[31mRED");
	mt_tlsrpt_report_free(r);
}

static void
test_gzip(void **state)
{
	struct mt_tlsrpt_report *r;
	struct mt_error e;

	if ((r = load("google-style.json.gz", &e)) == NULL)
		fail_msg("got error %s", e.msg);
	assert_true(r->gzipped);
	check_rfc_example(r);
	mt_tlsrpt_report_free(r);
}

static void
test_microsoft(void **state)
{
	struct mt_tlsrpt_report *r;
	struct mt_error e;

	if ((r = load("microsoft-no-sending-ip.json", &e)) == NULL)
		fail_msg("got error %s", e.msg);
	assert_int_equal(r->deviations, MT_TLSRPT_DEV_NO_SENDING_IP);
	assert_int_equal(r->npolicies, 2);
	assert_int_equal(r->policy[0].by_result[
	    MT_TLSRPT_CERTIFICATE_HOST_MISMATCH], 2);
	assert_string_equal(r->policy[0].failure[0].sending_ip, "");
	assert_string_equal(r->policy[0].failure[0].mx, "mx.example.test");
	assert_int_equal(r->policy[1].type, MT_TLSRPT_POLICY_TLSA);
	assert_int_equal(r->policy[1].by_result[MT_TLSRPT_TLSA_INVALID], 5);
	mt_tlsrpt_report_free(r);
}

static void
test_postfix(void **state)
{
	struct mt_tlsrpt_report *r;
	struct mt_error e;

	if ((r = load("postfix-no-policy-domain.json", &e)) == NULL)
		fail_msg("got error %s", e.msg);
	assert_int_equal(r->deviations, MT_TLSRPT_DEV_NO_POLICY_DOMAIN |
	    MT_TLSRPT_DEV_MX_HOST_STRING);
	assert_int_equal(r->policy[0].type, MT_TLSRPT_POLICY_NONE);
	assert_string_equal(r->policy[0].domain, "");
	assert_int_equal(r->policy[0].successes, 12);
	assert_int_equal(r->policy[1].by_result[
	    MT_TLSRPT_STS_POLICY_FETCH_ERROR], 3);
	assert_int_equal(r->policy[1].by_result[MT_TLSRPT_OTHER], 1);
	assert_string_equal(r->policy[1].failure[1].result_name,
	    "x-vendor-thing");
	mt_tlsrpt_report_free(r);
}

static void
test_malformed(void **state)
{
	struct mt_error e;

	assert_null(load("malformed-truncated.json", &e));
	assert_non_null(strstr(e.msg, "malformed-truncated.json: report: "
	    "JSON"));
	assert_null(load("malformed-negative.json", &e));
	assert_non_null(strstr(e.msg, "policies[0]: summary"));
	assert_null(load("no-such-file.json", &e));
	assert_null(mt_tlsrpt_report_parse((const uint8_t *)"[]", 2, &e));
	assert_non_null(strstr(e.msg, "not a JSON object"));
	assert_null(mt_tlsrpt_report_parse((const uint8_t *)"\x1f\x8b", 2,
	    &e));
	assert_non_null(strstr(e.msg, "gzip"));
}

/* Every proper prefix of a report (JSON and gzip) fails cleanly. */
static void
test_prefixes(void **state)
{
	const char *names[] = { "rfc8460-example.json",
	    "google-style.json.gz" };
	struct mt_tlsrpt_report *r;
	struct mt_error e;
	char path[1024];
	uint8_t *buf, *cut;
	size_t i, n, len;
	FILE *f;

	for (i = 0; i < 2; i++) {
		(void)snprintf(path, sizeof(path), "%s/%s", datadir, names[i]);
		assert_non_null(f = fopen(path, "rb"));
		assert_non_null(buf = malloc(65536));
		len = fread(buf, 1, 65536, f);
		fclose(f);
		/* JSON may end in a newline; drop trailing white space. */
		while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
			len--;
		for (n = 0; n < len; n++) {
			assert_non_null(cut = malloc(n + 1));
			memcpy(cut, buf, n);
			r = mt_tlsrpt_report_parse(cut, n, &e);
			if (r != NULL)
				fail_msg("%s: prefix of %zu bytes parsed",
				    names[i], n);
			free(cut);
		}
		free(buf);
	}
}

/* A gzip stream inflating to more than the cap is refused. */
static void
test_gzip_bomb(void **state)
{
	static uint8_t zero[1 << 20];
	uint8_t *out;
	size_t cap = 1 << 20, i;
	struct mt_error e;
	z_stream zs;

	memset(&zs, 0, sizeof(zs));
	assert_int_equal(deflateInit2(&zs, 1, Z_DEFLATED, 15 + 16, 9,
	    Z_DEFAULT_STRATEGY), Z_OK);
	assert_non_null(out = malloc(cap));
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	for (i = 0; i < MT_TLSRPT_REPORT_MAX / sizeof(zero) + 2; i++) {
		zs.next_in = zero;
		zs.avail_in = sizeof(zero);
		assert_int_equal(deflate(&zs, Z_NO_FLUSH), Z_OK);
	}
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	assert_null(mt_tlsrpt_report_parse(out, zs.total_out, &e));
	assert_non_null(strstr(e.msg, "more than"));
	deflateEnd(&zs);
	free(out);
}

static void
test_result_names(void **state)
{
	int i;

	for (i = 0; i < MT_TLSRPT_OTHER; i++) {
		assert_int_equal(mt_tlsrpt_result_by_name(
		    mt_tlsrpt_result_name(i)), i);
		assert_true(strlen(mt_tlsrpt_result_meaning(i)) > 10);
		assert_true(strlen(mt_tlsrpt_result_fix(i)) > 10);
	}
	assert_int_equal(mt_tlsrpt_result_by_name("nope"), MT_TLSRPT_OTHER);
	assert_string_equal(mt_tlsrpt_policy_type_name(MT_TLSRPT_POLICY_NONE),
	    "no-policy-found");
}

int
main(int argc, char *argv[])
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc_example),
		cmocka_unit_test(test_hostile_strings),
		cmocka_unit_test(test_gzip),
		cmocka_unit_test(test_microsoft),
		cmocka_unit_test(test_postfix),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_gzip_bomb),
		cmocka_unit_test(test_result_names),
	};

	if (argc > 1)
		datadir = argv[1];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
