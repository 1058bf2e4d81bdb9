/*
 * mtasts_txt.c - parse the _mta-sts TXT record (RFC 8461 3.1)
 *
 *   sts-text-record = sts-version 1*(sts-sep sts-field) [sts-sep]
 *   sts-version = %s"v=STSv1"; sts-id = 1*32(ALPHA / DIGIT)
 *
 * Input is untrusted text (one TXT record, its strings joined), at most
 * MT_STS_TXT_MAX bytes.  Unknown fields (extensions) are checked for
 * syntax, counted and ignored; a duplicate id keeps the first (RFC 8461
 * 3.1).  The caller's string is borrowed; the result is copied.
 */
#include <string.h>

#include "mailtls/sts.h"
#include "sts/sts_int.h"

#define STS_TXT_VERSION	"v=STSv1"

bool
mt_sts_txt_candidate(const char *txt)
{
	size_t n = sizeof(STS_TXT_VERSION) - 1;

	return txt != NULL && strncmp(txt, STS_TXT_VERSION, n) == 0 &&
	    (txt[n] == '\0' || txt[n] == ';' || txt[n] == ' ' ||
	    txt[n] == '\t');
}

static bool
sts_id_valid(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > MT_STS_ID_MAX)
		return false;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9')))
			return false;
	return true;
}

int
mt_sts_txt_parse(const char *txt, struct mt_sts_txt *out,
    struct mt_error *err)
{
	struct mt_txt_field f;
	size_t pos = 0;
	int r;
	bool have_id = false;

	memset(out, 0, sizeof(*out));
	memset(&f, 0, sizeof(f));
	if (txt == NULL || strnlen(txt, MT_STS_TXT_MAX + 1) > MT_STS_TXT_MAX) {
		mt_error_setx(err, MT_ERR_INPUT, "_mta-sts TXT: longer than "
		    "%d bytes", MT_STS_TXT_MAX);
		return -1;
	}
	while ((r = mt_txt_field_next(txt, &pos, &f, "_mta-sts TXT",
	    err)) == 1) {
		if (f.index == 0) {
			if (!mt_txt_field_is(&f, "v") || f.valuelen != 5 ||
			    memcmp(f.value, "STSv1", 5) != 0) {
				mt_error_setx(err, MT_ERR_INPUT, "_mta-sts TXT:"
				    " does not start with v=STSv1");
				return -1;
			}
			continue;
		}
		if (mt_txt_field_is(&f, "id")) {
			if (!sts_id_valid(f.value, f.valuelen)) {
				mt_error_setx(err, MT_ERR_INPUT, "_mta-sts TXT:"
				    " id: \"%.*s\" is not 1 to 32 letters and "
				    "digits", (int)(f.valuelen > 40 ? 40 :
				    f.valuelen), f.value);
				return -1;
			}
			if (!have_id) {
				memcpy(out->id, f.value, f.valuelen);
				out->id[f.valuelen] = '\0';
				have_id = true;
			}
			continue;
		}
		if (mt_txt_field_is(&f, "v")) {
			mt_error_setx(err, MT_ERR_INPUT, "_mta-sts TXT: v: "
			    "only allowed first");
			return -1;
		}
		if (!mt_txt_value_valid(f.value, f.valuelen)) {
			mt_error_setx(err, MT_ERR_INPUT, "_mta-sts TXT: %.*s: "
			    "bad value", (int)f.namelen, f.name);
			return -1;
		}
		out->nextensions++;
	}
	if (r < 0)
		return -1;
	if (f.name == NULL) {
		mt_error_setx(err, MT_ERR_INPUT, "_mta-sts TXT: empty");
		return -1;
	}
	if (!have_id) {
		mt_error_setx(err, MT_ERR_INPUT, "_mta-sts TXT: no id field "
		    "(RFC 8461 3.1 requires one)");
		return -1;
	}
	return 0;
}
