/*
 * sts_int.h - internals shared by the MTA-STS and TLS-RPT parsers
 *
 * Not part of the API (not in libmailtls.sym).
 */
#ifndef MT_STS_INT_H
#define MT_STS_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "mailtls/error.h"

/* One "name=value" of a TXT record; both point into the record. */
struct mt_txt_field {
	const char	*name;
	size_t		 namelen;
	const char	*value;		/* up to ';' or the end, WSP trimmed */
	size_t		 valuelen;
	size_t		 index;		/* 0 for the first field */
};

/*
 * mt_txt_field_next - the next field of txt after *pos (RFC 8461 3.1 and
 * RFC 8460 3 share the grammar: fields separated by *WSP ";" *WSP, an
 * optional trailing separator).  Returns 1 with *f filled, 0 at the end,
 * -1 with err naming the field.  what names the record in errors.
 */
int	 mt_txt_field_next(const char *txt, size_t *pos, struct mt_txt_field *f,
	    const char *what, struct mt_error *err);
/* mt_txt_name_valid - (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / "."). */
bool	 mt_txt_name_valid(const char *, size_t);
/* mt_txt_value_valid - 1*(%x21-3A / %x3C / %x3E-7E). */
bool	 mt_txt_value_valid(const char *, size_t);
/* mt_txt_field_is - the field's name equals name (case-sensitive). */
bool	 mt_txt_field_is(const struct mt_txt_field *, const char *name);
/* mt_sts_domain_valid - a host name: LDH labels of 1..63, <= 253. */
bool	 mt_sts_domain_valid(const char *, size_t);

#endif /* MT_STS_INT_H */
