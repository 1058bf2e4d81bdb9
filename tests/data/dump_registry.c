/*
 * dump_registry.c - print every cipher suite row of the compiled registry
 *
 * One tab-separated line per suite, in table order, with the columns of
 * data/suites.tsv: code iana openssl kx au enc enc_bits mac flags versions
 * strength ('-' for none).  tests/data/check_suites.py compares this output
 * with testssl.sh's mapping file and with the local openssl(1), so the test
 * sees what the library holds rather than the source TSV.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "mailtls/registry.h"

struct word {
	unsigned int	 bit;
	const char	*name;
};

static const struct word flag_words[] = {
	{ MT_SUITE_AEAD, "aead" },
	{ MT_SUITE_FS, "fs" },
	{ MT_SUITE_EXPORT, "export" },
	{ MT_SUITE_ANON, "anon" },
	{ MT_SUITE_NULL, "null" },
	{ MT_SUITE_SCSV, "scsv" },
	{ MT_SUITE_OPENSSL, "openssl" },
};

static const struct word version_words[] = {
	{ MT_VBIT_SSL3, "ssl3" },
	{ MT_VBIT_TLS10, "tls10" },
	{ MT_VBIT_TLS11, "tls11" },
	{ MT_VBIT_TLS12, "tls12" },
	{ MT_VBIT_TLS13, "tls13" },
};

/* dump_words - write the names of the bits set in v, comma-separated. */
static void
dump_words(const struct word *w, size_t n, unsigned int v)
{
	size_t i;
	int any = 0;

	for (i = 0; i < n; i++) {
		if ((v & w[i].bit) == 0)
			continue;
		printf("%s%s", any ? "," : "", w[i].name);
		any = 1;
	}
	if (!any)
		printf("-");
}

int
main(void)
{
	const struct mt_suite *s;
	size_t i, n;

	n = mt_suite_count();
	for (i = 0; i < n; i++) {
		s = mt_suite_at(i);
		printf("0x%04X\t%s\t%s\t%s\t%s\t%s\t%u\t%s\t", s->code, s->iana,
		    s->openssl != NULL ? s->openssl : "-", s->kx, s->au, s->enc,
		    (unsigned int)s->enc_bits, s->mac);
		dump_words(flag_words, sizeof(flag_words) /
		    sizeof(flag_words[0]), s->flags);
		printf("\t");
		dump_words(version_words, sizeof(version_words) /
		    sizeof(version_words[0]), s->versions);
		printf("\t%s\n", mt_strength_name(s->strength));
	}
	return ferror(stdout) ? 1 : 0;
}
