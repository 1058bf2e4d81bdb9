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

static uint16_t
suite_code(const void *p)
{
	return ((const struct mt_suite *)p)->code;
}

static uint16_t
group_code(const void *p)
{
	return ((const struct mt_group *)p)->code;
}

static uint16_t
sigalg_code(const void *p)
{
	return ((const struct mt_sigalg *)p)->code;
}

static uint16_t
alert_code(const void *p)
{
	return ((const struct mt_alert *)p)->code;
}

static uint16_t
extension_code(const void *p)
{
	return ((const struct mt_extension *)p)->code;
}

size_t
mt_suite_count(void)
{
	size_t n;

	(void)mt_registry_suites(&n);
	return n;
}

const struct mt_suite *
mt_suite_at(size_t i)
{
	const struct mt_suite *t;
	size_t n;

	t = mt_registry_suites(&n);
	return i < n ? &t[i] : NULL;
}

const struct mt_suite *
mt_suite_by_code(uint16_t code)
{
	const struct mt_suite *t;
	ptrdiff_t i;
	size_t n;

	t = mt_registry_suites(&n);
	i = registry_search(t, n, sizeof(*t), code, suite_code);
	return i < 0 ? NULL : &t[i];
}

const struct mt_suite *
mt_suite_by_name(const char *name)
{
	const struct mt_suite *t;
	size_t i, n;

	if (name == NULL)
		return NULL;
	t = mt_registry_suites(&n);
	for (i = 0; i < n; i++) {
		if (strcasecmp(t[i].iana, name) == 0)
			return &t[i];
		if (t[i].openssl != NULL && strcasecmp(t[i].openssl, name) == 0)
			return &t[i];
	}
	return NULL;
}

const char *
mt_strength_name(int strength)
{
	if (strength < MT_STRENGTH_NONE || strength > MT_STRENGTH_HIGH)
		return "unknown";
	return strength_names[strength];
}

size_t
mt_group_count(void)
{
	size_t n;

	(void)mt_registry_groups(&n);
	return n;
}

const struct mt_group *
mt_group_at(size_t i)
{
	const struct mt_group *t;
	size_t n;

	t = mt_registry_groups(&n);
	return i < n ? &t[i] : NULL;
}

const struct mt_group *
mt_group_by_code(uint16_t code)
{
	const struct mt_group *t;
	ptrdiff_t i;
	size_t n;

	t = mt_registry_groups(&n);
	i = registry_search(t, n, sizeof(*t), code, group_code);
	return i < 0 ? NULL : &t[i];
}

const struct mt_group *
mt_group_by_name(const char *name)
{
	const struct mt_group *t;
	size_t i, n;

	if (name == NULL)
		return NULL;
	t = mt_registry_groups(&n);
	for (i = 0; i < n; i++) {
		if (strcasecmp(t[i].name, name) == 0)
			return &t[i];
		if (t[i].openssl != NULL && strcasecmp(t[i].openssl, name) == 0)
			return &t[i];
	}
	return NULL;
}

size_t
mt_sigalg_count(void)
{
	size_t n;

	(void)mt_registry_sigalgs(&n);
	return n;
}

const struct mt_sigalg *
mt_sigalg_at(size_t i)
{
	const struct mt_sigalg *t;
	size_t n;

	t = mt_registry_sigalgs(&n);
	return i < n ? &t[i] : NULL;
}

const struct mt_sigalg *
mt_sigalg_by_code(uint16_t code)
{
	const struct mt_sigalg *t;
	ptrdiff_t i;
	size_t n;

	t = mt_registry_sigalgs(&n);
	i = registry_search(t, n, sizeof(*t), code, sigalg_code);
	return i < 0 ? NULL : &t[i];
}

const struct mt_alert *
mt_alert_by_code(uint8_t code)
{
	const struct mt_alert *t;
	ptrdiff_t i;
	size_t n;

	t = mt_registry_alerts(&n);
	i = registry_search(t, n, sizeof(*t), code, alert_code);
	return i < 0 ? NULL : &t[i];
}

const struct mt_extension *
mt_extension_by_code(uint16_t code)
{
	const struct mt_extension *t;
	ptrdiff_t i;
	size_t n;

	t = mt_registry_extensions(&n);
	i = registry_search(t, n, sizeof(*t), code, extension_code);
	return i < 0 ? NULL : &t[i];
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
