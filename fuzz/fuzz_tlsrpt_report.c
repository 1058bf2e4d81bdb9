/*
 * fuzz_tlsrpt_report.c - libFuzzer target for the TLS-RPT aggregate report
 * reader (JSON, gzip'd JSON)
 *
 * Invariants abort() on violation: a failed parse leaves a reason; a
 * report's kept failure details have known result indexes and their
 * counts are within the per-type sums.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "mailtls/sts.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mt_tlsrpt_report *r;
	const struct mt_tlsrpt_policy *p;
	struct mt_error e;
	size_t i, j;

	mt_error_clear(&e);
	if ((r = mt_tlsrpt_report_parse(data, size, &e)) == NULL) {
		if (e.msg[0] == '\0')
			abort();
		return 0;
	}
	for (i = 0; i < r->npolicies; i++) {
		p = &r->policy[i];
		if (p->type < MT_TLSRPT_POLICY_STS ||
		    p->type > MT_TLSRPT_POLICY_OTHER)
			abort();
		for (j = 0; j < p->nfailures; j++)
			if (p->failure[j].result < 0 ||
			    p->failure[j].result >= MT_TLSRPT_NRESULTS ||
			    p->failure[j].count >
			    p->by_result[p->failure[j].result])
				abort();
	}
	mt_tlsrpt_report_free(r);
	return 0;
}
