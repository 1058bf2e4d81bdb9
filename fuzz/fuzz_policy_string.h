/*
 * fuzz_policy_string.h - the body of the policy-string fuzz targets:
 * define FUZZ_POLICY_FN (an int (*)(struct mt_policy *, const char *,
 * struct mt_error *)) and include this once.
 *
 * The input, NUL-terminated, is the string.  Either it is rejected (-1,
 * a message set) or the policy obeys its bounds; abort() otherwise.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mailtls/policy.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static struct mt_policy *p;
	struct mt_error err;
	char *s;

	if (p == NULL && (p = calloc(1, sizeof(*p))) == NULL)
		return 0;
	if ((s = malloc(len + 1)) == NULL)
		return 0;
	memcpy(s, data, len);
	s[len] = '\0';
	memset(&err, 0, sizeof(err));
	if (FUZZ_POLICY_FN(p, s, &err) == -1) {
		if (err.msg[0] == '\0')
			abort();
	} else if (p->nsuites > MT_POLICY_SUITES_MAX ||
	    p->ntls13 > MT_POLICY_TLS13_MAX || p->nwhy > MT_POLICY_SUITES_MAX ||
	    p->nnotes > MT_POLICY_NOTES_MAX)
		abort();
	free(s);
	return 0;
}
