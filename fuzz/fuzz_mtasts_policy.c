/*
 * fuzz_mtasts_policy.c - libFuzzer target for the MTA-STS policy parser,
 * the _mta-sts and _smtp._tls TXT parsers and the mx pattern match
 *
 * The input is parsed as a policy file (exact length, no NUL), then as a
 * NUL-terminated TXT record by both TXT parsers.  Contract invariants
 * abort() on violation: fields in range, every kept mx pattern matches a
 * host built from it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mailtls/sts.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_check_policy(const struct mt_sts_policy *p)
{
	char host[300];
	size_t i, n;

	if (p->mode < MT_STS_MODE_NONE || p->mode > MT_STS_MODE_ENFORCE ||
	    p->max_age > MT_STS_MAX_AGE_MAX || p->nmx > MT_STS_MX_MAX ||
	    (p->nmx == 0 && p->mode != MT_STS_MODE_NONE))
		abort();
	for (i = 0; i < p->nmx; i++) {
		n = strnlen(p->mx[i], sizeof(p->mx[i]));
		if (n == 0 || n == sizeof(p->mx[i]))
			abort();
		if (p->mx[i][0] == '*') {
			host[0] = 'a';
			memcpy(host + 1, p->mx[i] + 1, n);
		} else
			memcpy(host, p->mx[i], n + 1);
		if (!mt_sts_mx_match(p, host))
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mt_sts_policy p;
	struct mt_sts_txt t;
	struct mt_tlsrpt_txt r;
	struct mt_error e;
	char *s;
	size_t i;

	mt_error_clear(&e);
	if (mt_sts_policy_parse((const char *)data, size, &p, &e) == 0)
		fuzz_check_policy(&p);
	else if (e.msg[0] == '\0')
		abort();
	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	mt_error_clear(&e);
	if (mt_sts_txt_parse(s, &t, &e) == 0) {
		if (t.id[0] == '\0' || strlen(t.id) > MT_STS_ID_MAX ||
		    !mt_sts_txt_candidate(s))
			abort();
	} else if (e.msg[0] == '\0')
		abort();
	mt_error_clear(&e);
	if (mt_tlsrpt_txt_parse(s, &r, &e) == 0) {
		if (r.nrua == 0 || r.nrua > MT_TLSRPT_RUA_MAX ||
		    !mt_tlsrpt_txt_candidate(s))
			abort();
		for (i = 0; i < r.nrua; i++)
			if (r.rua_kind[i] != MT_TLSRPT_URI_MAILTO &&
			    r.rua_kind[i] != MT_TLSRPT_URI_HTTPS)
				abort();
	} else if (e.msg[0] == '\0')
		abort();
	(void)mt_sts_mx_pattern_match(s, "mx.example.test");
	free(s);
	return 0;
}
