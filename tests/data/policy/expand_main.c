/*
 * expand_main.c - print the engine's expansion of cipher strings, one a
 * line on stdin, for diff_openssl.py
 *
 * Output per input line: "ERR <message>" or the pre-TLS 1.3 suites (as
 * `openssl ciphers -s -tls1_2` lists them), a '|', and the TLS 1.3 suites
 * (`-tls1_3`), each as 0xNNNN separated by ','.  argv[1], if given, names
 * the dialect (default openssl-3.0).
 * Trust: stdin is test input.  Ownership: none.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mailtls/policy.h"

int
main(int argc, char *argv[])
{
	struct mt_policy	*p;
	struct mt_error		 err;
	char			*line = NULL;
	size_t			 cap = 0, i;
	ssize_t			 n;
	int			 lib = MT_LIB_OPENSSL_3_0;

	if (argc > 1 && (lib = mt_tls_lib_parse(argv[1])) == -1) {
		fprintf(stderr, "unknown library %s\n", argv[1]);
		return 2;
	}
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return 3;
	while ((n = getline(&line, &cap, stdin)) != -1) {
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		mt_error_clear(&err);
		if (mt_policy_openssl(p, lib, line, NULL, NULL, &err) == -1) {
			printf("ERR %s\n", err.msg);
			continue;
		}
		for (i = 0; i < p->nsuites; i++)
			printf("%s0x%04X", i ? "," : "", p->suites[i]);
		putchar('|');
		for (i = 0; i < p->ntls13; i++)
			printf("%s0x%04X", i ? "," : "", p->tls13[i]);
		putchar('\n');
	}
	free(line);
	free(p);
	return 0;
}
