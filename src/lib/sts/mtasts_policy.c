/*
 * mtasts_policy.c - parse an MTA-STS policy file (RFC 8461 3.2)
 *
 *   version: STSv1
 *   mode: enforce | testing | none
 *   mx: mail.example.com          (repeated; "*.example.net" allowed)
 *   max_age: 0..31557600
 *
 * Lines end in LF or CRLF (the RFC says CRLF; LF is what many servers
 * send and what senders accept).  Field names are case-sensitive; values
 * of version and mode too.  Unknown fields are checked for syntax and
 * ignored.  A second version, mode or max_age is an error here: RFC 8461
 * 3.2 lets senders keep the first, but the author meant one of them and
 * an admin should know.  Empty lines are skipped.  Input is untrusted,
 * at most MT_STS_POLICY_MAX bytes, never NUL-terminated by contract; the
 * result is copied into *out.
 */
#include <stdio.h>
#include <string.h>

#include "mailtls/sts.h"
#include "sts/sts_int.h"

static const char *const mode_names[] = {
	[MT_STS_MODE_NONE] = "none",
	[MT_STS_MODE_TESTING] = "testing",
	[MT_STS_MODE_ENFORCE] = "enforce",
};

const char *
mt_sts_mode_name(int m)
{
	if (m < 0 || m > MT_STS_MODE_ENFORCE)
		return "?";
	return mode_names[m];
}

/* One line being read. */
struct policy_line {
	size_t		 no;		/* 1-based */
	const char	*name;
	size_t		 namelen;
	const char	*value;
	size_t		 valuelen;
};

struct policy_seen {
	size_t	 version, mode, max_age;	/* line numbers, 0: not seen */
};

static bool
policy_value_eq(const struct policy_line *l, const char *s)
{
	return l->valuelen == strlen(s) && memcmp(l->value, s, l->valuelen) == 0;
}

static int
policy_mx(const struct policy_line *l, struct mt_sts_policy *out,
    struct mt_error *err)
{
	const char *d = l->value;
	size_t n = l->valuelen, i;
	char *dst;

	if (n >= 2 && d[0] == '*' && d[1] == '.') {
		d += 2;
		n -= 2;
	}
	if (n > 0 && d[n - 1] == '.')
		n--;
	if (!mt_sts_domain_valid(d, n) || memchr(d, '.', n) == NULL) {
		mt_error_setx(err, MT_ERR_INPUT, "line %zu: mx: \"%.*s\" is "
		    "not a host name or *.domain pattern", l->no,
		    (int)(l->valuelen > 80 ? 80 : l->valuelen), l->value);
		return -1;
	}
	if (out->nmx == MT_STS_MX_MAX) {
		mt_error_setx(err, MT_ERR_INPUT, "line %zu: mx: more than %d "
		    "mx patterns", l->no, MT_STS_MX_MAX);
		return -1;
	}
	dst = out->mx[out->nmx++];
	n += (size_t)(d - l->value);
	for (i = 0; i < n; i++)
		dst[i] = (l->value[i] >= 'A' && l->value[i] <= 'Z') ?
		    (char)(l->value[i] - 'A' + 'a') : l->value[i];
	dst[n] = '\0';
	return 0;
}

static int
policy_max_age(const struct policy_line *l, struct mt_sts_policy *out,
    struct mt_error *err)
{
	uint64_t v = 0;
	size_t i;

	if (l->valuelen == 0 || l->valuelen > 10)
		goto bad;
	for (i = 0; i < l->valuelen; i++) {
		if (l->value[i] < '0' || l->value[i] > '9')
			goto bad;
		v = v * 10 + (uint64_t)(l->value[i] - '0');
	}
	if (v > MT_STS_MAX_AGE_MAX)
		goto bad;
	out->max_age = (uint32_t)v;
	return 0;
 bad:
	mt_error_setx(err, MT_ERR_INPUT, "line %zu: max_age: \"%.*s\" is not "
	    "a number of seconds from 0 to %d", l->no,
	    (int)(l->valuelen > 20 ? 20 : l->valuelen), l->value,
	    MT_STS_MAX_AGE_MAX);
	return -1;
}

/* policy_once - a field that may appear once; -1 on the second. */
static int
policy_once(const struct policy_line *l, size_t *seen, struct mt_error *err)
{
	if (*seen != 0) {
		mt_error_setx(err, MT_ERR_INPUT, "line %zu: %.*s: given again "
		    "(first on line %zu)", l->no, (int)l->namelen, l->name,
		    *seen);
		return -1;
	}
	*seen = l->no;
	return 0;
}

static bool
policy_is(const struct policy_line *l, const char *name)
{
	return l->namelen == strlen(name) &&
	    memcmp(l->name, name, l->namelen) == 0;
}

static int
policy_field(const struct policy_line *l, struct mt_sts_policy *out,
    struct policy_seen *seen, struct mt_error *err)
{
	if (policy_is(l, "version")) {
		if (policy_once(l, &seen->version, err) == -1)
			return -1;
		if (!policy_value_eq(l, "STSv1")) {
			mt_error_setx(err, MT_ERR_INPUT, "line %zu: version: "
			    "\"%.*s\" is not STSv1", l->no,
			    (int)(l->valuelen > 20 ? 20 : l->valuelen),
			    l->value);
			return -1;
		}
		return 0;
	}
	if (policy_is(l, "mode")) {
		if (policy_once(l, &seen->mode, err) == -1)
			return -1;
		if (policy_value_eq(l, "enforce"))
			out->mode = MT_STS_MODE_ENFORCE;
		else if (policy_value_eq(l, "testing"))
			out->mode = MT_STS_MODE_TESTING;
		else if (policy_value_eq(l, "none"))
			out->mode = MT_STS_MODE_NONE;
		else {
			mt_error_setx(err, MT_ERR_INPUT, "line %zu: mode: "
			    "\"%.*s\" is not enforce, testing or none", l->no,
			    (int)(l->valuelen > 20 ? 20 : l->valuelen),
			    l->value);
			return -1;
		}
		return 0;
	}
	if (policy_is(l, "mx"))
		return policy_mx(l, out, err);
	if (policy_is(l, "max_age")) {
		if (policy_once(l, &seen->max_age, err) == -1)
			return -1;
		return policy_max_age(l, out, err);
	}
	out->nextensions++;
	return 0;
}

/* policy_split - name ":" *WSP value *WSP of one line, else -1. */
static int
policy_split(const char *s, size_t n, struct policy_line *l,
    struct mt_error *err)
{
	size_t i = 0, v;

	while (i < n && s[i] != ':')
		i++;
	if (i == n || !mt_txt_name_valid(s, i)) {
		mt_error_setx(err, MT_ERR_INPUT, "line %zu: \"%.*s\" is not "
		    "a \"name: value\" field", l->no, (int)(n > 40 ? 40 : n),
		    s);
		return -1;
	}
	l->name = s;
	l->namelen = i;
	v = i + 1;
	while (v < n && (s[v] == ' ' || s[v] == '\t'))
		v++;
	while (n > v && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	l->value = s + v;
	l->valuelen = n - v;
	for (i = v; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] == 0x7f) {
			mt_error_setx(err, MT_ERR_INPUT, "line %zu: %.*s: "
			    "control character in the value", l->no,
			    (int)l->namelen, l->name);
			return -1;
		}
	if (l->valuelen == 0) {
		mt_error_setx(err, MT_ERR_INPUT, "line %zu: %.*s: empty value",
		    l->no, (int)l->namelen, l->name);
		return -1;
	}
	return 0;
}

static int
policy_check_required(const struct mt_sts_policy *out,
    const struct policy_seen *seen, struct mt_error *err)
{
	const char *missing = NULL;

	if (seen->version == 0)
		missing = "version";
	else if (seen->mode == 0)
		missing = "mode";
	else if (seen->max_age == 0)
		missing = "max_age";
	else if (out->nmx == 0 && out->mode != MT_STS_MODE_NONE)
		missing = "mx";
	if (missing == NULL)
		return 0;
	mt_error_setx(err, MT_ERR_INPUT, "policy has no %s field%s", missing,
	    strcmp(missing, "mx") == 0 ? " (required unless mode is none)" :
	    " (RFC 8461 3.2)");
	return -1;
}

int
mt_sts_policy_parse(const char *text, size_t len, struct mt_sts_policy *out,
    struct mt_error *err)
{
	struct policy_seen seen = { 0, 0, 0 };
	struct policy_line l;
	size_t pos = 0, eol, n;

	memset(out, 0, sizeof(*out));
	if (len > MT_STS_POLICY_MAX) {
		mt_error_setx(err, MT_ERR_INPUT, "policy is %zu bytes, more "
		    "than %d", len, MT_STS_POLICY_MAX);
		return -1;
	}
	memset(&l, 0, sizeof(l));
	while (pos < len) {
		l.no++;
		eol = pos;
		while (eol < len && text[eol] != '\n')
			eol++;
		n = eol - pos;
		if (n > 0 && text[pos + n - 1] == '\r')
			n--;
		if (memchr(text + pos, '\r', n) != NULL ||
		    memchr(text + pos, '\0', n) != NULL) {
			mt_error_setx(err, MT_ERR_INPUT, "line %zu: stray CR "
			    "or NUL byte", l.no);
			return -1;
		}
		if (n > 0 && (policy_split(text + pos, n, &l, err) == -1 ||
		    policy_field(&l, out, &seen, err) == -1))
			return -1;
		pos = eol < len ? eol + 1 : eol;
	}
	out->nlines = l.no;
	return policy_check_required(out, &seen, err);
}
