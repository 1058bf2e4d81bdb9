/*
 * tlsrpt_txt.c - parse the _smtp._tls TXT record (RFC 8460 3)
 *
 *   tlsrpt-record = tlsrpt-version 1*(field-delim tlsrpt-field)
 *                   [field-delim]
 *   tlsrpt-rua    = %s"rua=" tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri)
 *
 * Only mailto: and https: URIs are defined; anything else is an error a
 * sender would not report to.  Input is untrusted; URIs are copied into
 * the fixed result, at most MT_TLSRPT_RUA_MAX of them.
 */
#include <string.h>
#include <strings.h>

#include "mailtls/sts.h"
#include "sts/sts_int.h"

#define TLSRPT_TXT_VERSION	"v=TLSRPTv1"

bool
mt_tlsrpt_txt_candidate(const char *txt)
{
	size_t n = sizeof(TLSRPT_TXT_VERSION) - 1;

	return txt != NULL && strncmp(txt, TLSRPT_TXT_VERSION, n) == 0 &&
	    (txt[n] == '\0' || txt[n] == ';' || txt[n] == ' ' ||
	    txt[n] == '\t');
}

/* tlsrpt_uri_add - check one URI of rua= and keep it. */
static int
tlsrpt_uri_add(struct mt_tlsrpt_txt *out, const char *s, size_t n,
    struct mt_error *err)
{
	const char *at;
	size_t i;
	int kind;

	if (n > 7 && strncasecmp(s, "mailto:", 7) == 0)
		kind = MT_TLSRPT_URI_MAILTO;
	else if (n > 8 && strncasecmp(s, "https://", 8) == 0)
		kind = MT_TLSRPT_URI_HTTPS;
	else {
		mt_error_setx(err, MT_ERR_INPUT, "_smtp._tls TXT: rua: "
		    "\"%.*s\" is neither mailto: nor https: (RFC 8460 3)",
		    (int)(n > 60 ? 60 : n), s);
		return -1;
	}
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] > 0x7e) {
			mt_error_setx(err, MT_ERR_INPUT, "_smtp._tls TXT: "
			    "rua: URI %zu has a space or control character",
			    out->nrua + 1);
			return -1;
		}
	at = kind == MT_TLSRPT_URI_MAILTO ? memchr(s + 7, '@', n - 7) : NULL;
	if (kind == MT_TLSRPT_URI_MAILTO && (at == NULL || at == s + 7 ||
	    at == s + n - 1)) {
		mt_error_setx(err, MT_ERR_INPUT, "_smtp._tls TXT: rua: "
		    "\"%.*s\" has no address", (int)(n > 60 ? 60 : n), s);
		return -1;
	}
	if (out->nrua == MT_TLSRPT_RUA_MAX ||
	    n >= sizeof(out->rua[0])) {
		mt_error_setx(err, MT_ERR_INPUT, "_smtp._tls TXT: rua: more "
		    "than %d URIs or a URI over %zu bytes", MT_TLSRPT_RUA_MAX,
		    sizeof(out->rua[0]) - 1);
		return -1;
	}
	memcpy(out->rua[out->nrua], s, n);
	out->rua[out->nrua][n] = '\0';
	out->rua_kind[out->nrua++] = kind;
	return 0;
}

static int
tlsrpt_rua_parse(struct mt_tlsrpt_txt *out, const char *v, size_t n,
    struct mt_error *err)
{
	size_t i = 0, start, end;

	for (;;) {
		while (i < n && (v[i] == ' ' || v[i] == '\t'))
			i++;
		start = i;
		while (i < n && v[i] != ',')
			i++;
		end = i;
		while (end > start && (v[end - 1] == ' ' || v[end - 1] == '\t'))
			end--;
		if (end == start) {
			mt_error_setx(err, MT_ERR_INPUT, "_smtp._tls TXT: rua:"
			    " empty URI");
			return -1;
		}
		if (tlsrpt_uri_add(out, v + start, end - start, err) == -1)
			return -1;
		if (i == n)
			return 0;
		i++;			/* the comma */
	}
}

int
mt_tlsrpt_txt_parse(const char *txt, struct mt_tlsrpt_txt *out,
    struct mt_error *err)
{
	struct mt_txt_field f;
	size_t pos = 0;
	int r;
	bool have_rua = false;

	memset(out, 0, sizeof(*out));
	memset(&f, 0, sizeof(f));
	if (txt == NULL || strnlen(txt, MT_STS_TXT_MAX + 1) > MT_STS_TXT_MAX) {
		mt_error_setx(err, MT_ERR_INPUT, "_smtp._tls TXT: longer than "
		    "%d bytes", MT_STS_TXT_MAX);
		return -1;
	}
	while ((r = mt_txt_field_next(txt, &pos, &f, "_smtp._tls TXT",
	    err)) == 1) {
		if (f.index == 0) {
			if (!mt_txt_field_is(&f, "v") || f.valuelen != 8 ||
			    memcmp(f.value, "TLSRPTv1", 8) != 0) {
				mt_error_setx(err, MT_ERR_INPUT, "_smtp._tls "
				    "TXT: does not start with v=TLSRPTv1");
				return -1;
			}
			continue;
		}
		if (mt_txt_field_is(&f, "rua")) {
			if (have_rua) {
				mt_error_setx(err, MT_ERR_INPUT, "_smtp._tls "
				    "TXT: rua: given twice");
				return -1;
			}
			if (tlsrpt_rua_parse(out, f.value, f.valuelen,
			    err) == -1)
				return -1;
			have_rua = true;
			continue;
		}
		if (mt_txt_field_is(&f, "v") ||
		    !mt_txt_value_valid(f.value, f.valuelen)) {
			mt_error_setx(err, MT_ERR_INPUT, "_smtp._tls TXT: "
			    "%.*s: bad field", (int)f.namelen, f.name);
			return -1;
		}
		out->nextensions++;
	}
	if (r < 0)
		return -1;
	if (f.name == NULL) {
		mt_error_setx(err, MT_ERR_INPUT, "_smtp._tls TXT: empty");
		return -1;
	}
	if (!have_rua) {
		mt_error_setx(err, MT_ERR_INPUT, "_smtp._tls TXT: no rua "
		    "field (RFC 8460 3 requires one)");
		return -1;
	}
	return 0;
}
