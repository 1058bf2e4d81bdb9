/*
 * txt_fields.c - the "name=value; ..." grammar of the _mta-sts (RFC 8461
 * 3.1) and _smtp._tls (RFC 8460 3) TXT records, and host name checks
 *
 * Input is untrusted text, read with explicit bounds; fields point into
 * the caller's string and live as long as it.
 */
#include <string.h>

#include "sts/sts_int.h"

#define TXT_NAME_MAX	32

static bool
txt_wsp(char c)
{
	return c == ' ' || c == '\t';
}

static bool
txt_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

bool
mt_txt_name_valid(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > TXT_NAME_MAX || !txt_alnum(s[0]))
		return false;
	for (i = 1; i < n; i++)
		if (!txt_alnum(s[i]) && s[i] != '_' && s[i] != '-' &&
		    s[i] != '.')
			return false;
	return true;
}

bool
mt_txt_value_valid(const char *s, size_t n)
{
	size_t i;
	unsigned char c;

	if (n == 0)
		return false;
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c < 0x21 || c > 0x7e || c == ';' || c == '=')
			return false;
	}
	return true;
}

bool
mt_txt_field_is(const struct mt_txt_field *f, const char *name)
{
	return f->namelen == strlen(name) &&
	    memcmp(f->name, name, f->namelen) == 0;
}

int
mt_txt_field_next(const char *txt, size_t *pos, struct mt_txt_field *f,
    const char *what, struct mt_error *err)
{
	size_t p = *pos, start, end;
	bool first = p == 0;

	if (!first) {
		while (txt_wsp(txt[p]))
			p++;
		if (txt[p] == '\0') {
			*pos = p;
			return 0;
		}
		if (txt[p] != ';') {
			mt_error_setx(err, MT_ERR_INPUT, "%s: junk at offset "
			    "%zu: expected ';' between fields", what, p);
			return -1;
		}
		p++;
		while (txt_wsp(txt[p]))
			p++;
		if (txt[p] == '\0') {
			*pos = p;
			return 0;
		}
		f->index++;
	} else
		f->index = 0;
	start = p;
	while (txt[p] != '\0' && txt[p] != '=' && txt[p] != ';' &&
	    !txt_wsp(txt[p]))
		p++;
	if (txt[p] != '=' || !mt_txt_name_valid(txt + start, p - start)) {
		mt_error_setx(err, MT_ERR_INPUT, "%s: field %zu at offset %zu:"
		    " not name=value", what, f->index + 1, start);
		return -1;
	}
	f->name = txt + start;
	f->namelen = p - start;
	p++;
	start = p;
	while (txt[p] != '\0' && txt[p] != ';')
		p++;
	end = p;
	while (end > start && txt_wsp(txt[end - 1]))
		end--;
	f->value = txt + start;
	f->valuelen = end - start;
	*pos = end;
	return 1;
}

bool
mt_sts_domain_valid(const char *s, size_t n)
{
	size_t i, label = 0;

	if (n == 0 || n > 253)
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (label == 0 || s[i - 1] == '-')
				return false;
			label = 0;
			continue;
		}
		if (!txt_alnum(s[i]) && s[i] != '-' && s[i] != '_')
			return false;
		if (label == 0 && s[i] == '-')
			return false;
		if (++label > 63)
			return false;
	}
	return label > 0 && s[n - 1] != '-';
}
