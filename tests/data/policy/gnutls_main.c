/*
 * gnutls_main.c - print mt_policy_gnutls's suite list for each priority
 * string on the command line, one "PRIORITY<TAB>0xNNNN 0xNNNN ..." line
 * each ("PRIORITY<TAB>error" when rejected), TLS 1.3 suites first as
 * GnuTLS lists them; tests/data/policy/gnutls_oracle.py compares it with
 * `gnutls-cli --priority P --list`.
 */
#include <stdio.h>
#include <stdlib.h>

#include "mailtls/error.h"
#include "mailtls/policy.h"

int
main(int argc, char *argv[])
{
	struct mt_policy *p;
	struct mt_error err;
	size_t j;
	int i;

	if ((p = calloc(1, sizeof(*p))) == NULL)
		return 1;
	for (i = 1; i < argc; i++) {
		printf("%s\t", argv[i]);
		if (mt_policy_gnutls(p, argv[i], &err) == -1) {
			printf("error\n");
			continue;
		}
		for (j = 0; j < p->ntls13; j++)
			printf("0x%04x ", p->tls13[j]);
		for (j = 0; j < p->nsuites; j++)
			printf("0x%04x ", p->suites[j]);
		printf("\n");
	}
	free(p);
	return 0;
}
