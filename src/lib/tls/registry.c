/*
 * registry.c - look-ups in the TLS registries (cipher suites, named groups,
 * signature schemes, alerts, extension types, protocol versions)
 *
 * RFC 8446 (TLS 1.3), RFC 5246 (TLS 1.2), the IANA TLS parameter
 * registries.  The tables come from the .tsv files in data/ via
 * tools/gen_registry.py (registry_tables.c), sorted by code with no
 * duplicates, so look-ups by code are binary searches.  Name look-ups are
 * linear and case-insensitive.  Input is a caller's code or NUL-terminated
 * name; nothing is allocated and every returned pointer points into static
 * tables.
 */
#include <stddef.h>
#include <stdint.h>
#include <strings.h>

#include "mailtls/registry.h"
#include "tls/registry_tables.h"

static const char *const strength_names[] = {
	[MT_STRENGTH_NONE] = "NONE",
	[MT_STRENGTH_EXPORT] = "EXPORT",
	[MT_STRENGTH_LOW] = "LOW",
	[MT_STRENGTH_MEDIUM] = "MEDIUM",
	[MT_STRENGTH_HIGH] = "HIGH",
};

/*
 * registry_search - binary search of a table sorted by code; the code is
 * read with get(), which knows the row type.  Returns the index or -1.
 */
static ptrdiff_t
registry_search(const void *table, size_t n, size_t size, uint16_t code,
    uint16_t (*get)(const void *))
{
	const unsigned char *base = table;
	size_t lo = 0, hi = n, mid;
	uint16_t c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = get(base + mid * size);
		if (c == code)
			return (ptrdiff_t)mid;
		if (c < code)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/*
 * Every table has the same look-ups; only the row type, the table and the
 * width of the code differ, so one macro writes them.
 */
#define REGISTRY_BY_CODE(obj, type, table, codetype)			\
static uint16_t								\
obj##_code(const void *p)						\
{									\
	return ((const type *)p)->code;					\
}									\
									\
const type *								\
mt_##obj##_by_code(codetype code)					\
{									\
	const type *t;							\
	ptrdiff_t i;							\
	size_t n;							\
									\
	t = table(&n);							\
	i = registry_search(t, n, sizeof(*t), code, obj##_code);	\
	return i < 0 ? NULL : &t[i];					\
}

#define REGISTRY_LIST(obj, type, table)					\
size_t									\
mt_##obj##_count(void)							\
{									\
	size_t n;							\
									\
	(void)table(&n);						\
	return n;							\
}									\
									\
const type *								\
mt_##obj##_at(size_t i)							\
{									\
	const type *t;							\
	size_t n;							\
									\
	t = table(&n);							\
	return i < n ? &t[i] : NULL;					\
}

/* By IANA or OpenSSL name, case-insensitive; linear (rarely used). */
#define REGISTRY_BY_NAME(obj, type, table, name1)			\
const type *								\
mt_##obj##_by_name(const char *name)					\
{									\
	const type *t;							\
	size_t i, n;							\
									\
	if (name == NULL)						\
		return NULL;						\
	t = table(&n);							\
	for (i = 0; i < n; i++) {					\
		if (strcasecmp(t[i].name1, name) == 0)			\
			return &t[i];					\
		if (t[i].openssl != NULL &&				\
		    strcasecmp(t[i].openssl, name) == 0)		\
			return &t[i];					\
	}								\
	return NULL;							\
}

REGISTRY_BY_CODE(suite, struct mt_suite, mt_registry_suites, uint16_t)
REGISTRY_LIST(suite, struct mt_suite, mt_registry_suites)
REGISTRY_BY_NAME(suite, struct mt_suite, mt_registry_suites, iana)
REGISTRY_BY_CODE(group, struct mt_group, mt_registry_groups, uint16_t)
REGISTRY_LIST(group, struct mt_group, mt_registry_groups)
REGISTRY_BY_NAME(group, struct mt_group, mt_registry_groups, name)
REGISTRY_BY_CODE(sigalg, struct mt_sigalg, mt_registry_sigalgs, uint16_t)
REGISTRY_LIST(sigalg, struct mt_sigalg, mt_registry_sigalgs)
REGISTRY_BY_CODE(alert, struct mt_alert, mt_registry_alerts, uint8_t)
REGISTRY_BY_CODE(extension, struct mt_extension, mt_registry_extensions,
    uint16_t)

const char *
mt_strength_name(int strength)
{
	if (strength < MT_STRENGTH_NONE || strength > MT_STRENGTH_HIGH)
		return "unknown";
	return strength_names[strength];
}

const char *
mt_version_name(uint16_t version)
{
	switch (version) {
	case MT_SSL2:
		return "SSLv2";
	case MT_SSL3:
		return "SSLv3";
	case MT_TLS10:
		return "TLSv1.0";
	case MT_TLS11:
		return "TLSv1.1";
	case MT_TLS12:
		return "TLSv1.2";
	case MT_TLS13:
		return "TLSv1.3";
	default:
		return "unknown";
	}
}

uint8_t
mt_version_bit(uint16_t version)
{
	switch (version) {
	case MT_SSL3:
		return MT_VBIT_SSL3;
	case MT_TLS10:
		return MT_VBIT_TLS10;
	case MT_TLS11:
		return MT_VBIT_TLS11;
	case MT_TLS12:
		return MT_VBIT_TLS12;
	case MT_TLS13:
		return MT_VBIT_TLS13;
	default:
		return 0;
	}
}
