/*
 * cursor.c - a bounded text cursor for log lines (curl strparse in spirit)
 *
 * Input is untrusted and not NUL-terminated.  Every token has a maximum
 * length; a failed read does not advance the cursor.  Copies into event
 * fields are truncated to the field; they need no escaping because a line
 * with control bytes never reaches a parser (mt_log_dispatch refuses it).
 */
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "logs/logs_int.h"

void
mt_log_cur_init(struct mt_log_cur *c, const char *p, size_t n)
{
	c->p = p;
	c->n = n;
}

/*
 * mt_log_find - the first needle in h.  With SSE2, sixteen candidate
 * positions at a time are kept only where both the first and the last
 * byte of the needle match (W. Mula's "SIMD-friendly" substring search),
 * and only those are compared whole; needles like " status=" would
 * otherwise stop memchr at every 's' of a line.  The rest of the text
 * (less than sixteen positions plus the needle) is searched by memchr
 * for one byte of the needle, then memcmp: the byte is the first one that
 * is not a space, comma, colon or equals sign.  Faster than memmem(3) for
 * the short lines and needles here.
 */
const char *
mt_log_find(const char *h, size_t n, const char *needle, size_t nl)
{
	const char *p, *end = h + n;
	size_t k;

	if (nl == 0)
		return h;
	if (nl > n)
		return NULL;
	if (nl == 1)
		return memchr(h, needle[0], n);
	p = h;
#if defined(__SSE2__)
	{
		const __m128i first = _mm_set1_epi8(needle[0]);
		const __m128i last = _mm_set1_epi8(needle[nl - 1]);
		__m128i a, b;
		unsigned m, bit;

		/* Blocks at p and p + nl - 1 end at most at end. */
		for (; (size_t)(end - p) >= nl - 1 + 16; p += 16) {
			a = _mm_loadu_si128((const __m128i *)(const void *)p);
			b = _mm_loadu_si128((const __m128i *)(const void *)
			    (p + nl - 1));
			m = (unsigned)_mm_movemask_epi8(_mm_and_si128(
			    _mm_cmpeq_epi8(a, first), _mm_cmpeq_epi8(b, last)));
			while (m != 0) {
				bit = (unsigned)__builtin_ctz(m);
				if (nl == 2 || memcmp(p + bit + 1, needle + 1,
				    nl - 2) == 0)
					return p + bit;
				m &= m - 1;
			}
		}
		if ((size_t)(end - p) < nl)
			return NULL;
	}
#endif
	for (k = 0; k + 1 < nl && (needle[k] == ' ' || needle[k] == ',' ||
	    needle[k] == ':' || needle[k] == '='); k++)
		continue;
	/* The anchor byte of a match at q is q[k], q in [p, end - nl]. */
	h = p;
	p = h + k;
	while (p <= end - nl + k &&
	    (p = memchr(p, needle[k], (size_t)(end - nl + k - p) + 1)) !=
	    NULL) {
		if (memcmp(p - k, needle, nl) == 0)
			return p - k;
		p++;
	}
	return NULL;
}

long
mt_log_cur_find(const struct mt_log_cur *c, const char *needle)
{
	const char *hit;

	if ((hit = mt_log_find(c->p, c->n, needle, strlen(needle))) == NULL)
		return -1;
	return (long)(hit - c->p);
}

bool
mt_log_cur_skip_past(struct mt_log_cur *c, const char *needle)
{
	long off;
	size_t adv;

	if ((off = mt_log_cur_find(c, needle)) < 0)
		return false;
	adv = (size_t)off + strlen(needle);
	c->p += adv;
	c->n -= adv;
	return true;
}

bool
mt_log_cur_uint(struct mt_log_cur *c, unsigned long max, unsigned long *v)
{
	unsigned long x = 0;
	size_t i;

	for (i = 0; i < c->n && c->p[i] >= '0' && c->p[i] <= '9'; i++) {
		x = x * 10 + (unsigned long)(c->p[i] - '0');
		if (x > max)
			return false;
	}
	if (i == 0)
		return false;
	*v = x;
	c->p += i;
	c->n -= i;
	return true;
}

void
mt_log_copy_str(char *dst, size_t cap, const char *src, size_t n)
{
	if (cap == 0)
		return;
	if (n > cap - 1)
		n = cap - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

void
mt_log_copy(char *dst, size_t cap, const struct mt_log_cur *c)
{
	mt_log_copy_str(dst, cap, c->p, c->n);
}

/*
 * mt_log_host_ip - HOST[IP], HOST [IP], (HELO) [IP], [IP]; an optional
 * ":PORT" after the bracket is consumed.
 */
/*
 * host_ip_fast - the common Postfix "host[ip]" (no space before the
 * bracket, a plain address inside) with two scans; false leaves the line
 * to the general code below, which accepts the same text.
 */
static bool
host_ip_fast(struct mt_log_cur *c, struct mt_log_event *ev)
{
	const char *lb, *rb, *end;
	size_t hn, in, lim, k;
	unsigned long port;
	struct mt_log_cur p;

	/* The first '[' or space (or NUL) must be a '[' after the host. */
	lim = c->n < MT_LOG_HOST_MAX + 1 ? c->n : MT_LOG_HOST_MAX + 1;
	hn = mt_log_span3(c->p, lim, c->n, '[', ' ', ' ');
	if (hn == lim || c->p[hn] != '[' || hn == 0 || c->p[0] == '(')
		return false;
	lb = c->p + hn;
	end = c->p + c->n;
	in = (size_t)(end - (lb + 1));
	if (in > MT_LOG_IP_MAX + 1)
		in = MT_LOG_IP_MAX + 1;
	/* And the first ']' or space after it a ']'. */
	k = mt_log_span3(lb + 1, in, (size_t)(end - (lb + 1)), ']', ' ', ' ');
	if (k == in || lb[1 + k] != ']')
		return false;
	rb = lb + 1 + k;
	if (rb - (lb + 1) > 5 && memcmp(lb + 1, "IPv6:", 5) == 0)
		return false;
	mt_log_copy_str(ev->host, sizeof(ev->host), c->p, hn);
	mt_log_copy_str(ev->ip, sizeof(ev->ip), lb + 1,
	    (size_t)(rb - (lb + 1)));
	c->n -= (size_t)(rb + 1 - c->p);
	c->p = rb + 1;
	if (c->n > 0 && c->p[0] == ':') {
		p.p = c->p + 1;
		p.n = c->n - 1;
		if (mt_log_cur_uint(&p, 65535, &port))
			*c = p;
	}
	return true;
}

bool
mt_log_host_ip(struct mt_log_cur *c, struct mt_log_event *ev)
{
	struct mt_log_cur host, ip, save = *c;
	unsigned long port;

	if (host_ip_fast(c, ev))
		return true;

	if (!mt_log_cur_token(c, "[ ", MT_LOG_HOST_MAX, &host))
		goto fail;
	mt_log_cur_skip_spaces(c);
	if (host.n > 0 && host.p[0] == '(' && !mt_log_cur_has_prefix(c, "[")) {
		/* Exim: "(helo) [ip]" had a space inside the helo */
		goto fail;
	}
	if (!mt_log_cur_lit(c, "[") ||
	    !mt_log_cur_token(c, "]", MT_LOG_IP_MAX, &ip) ||
	    !mt_log_cur_lit(c, "]"))
		goto fail;
	if (mt_log_cur_has_prefix(c, ":")) {
		struct mt_log_cur p = *c;

		p.p++;
		p.n--;
		if (mt_log_cur_uint(&p, 65535, &port))
			*c = p;
	}
	if (host.n > 0 && host.p[0] != '(')
		mt_log_copy(ev->host, sizeof(ev->host), &host);
	if (ip.n > 5 && memcmp(ip.p, "IPv6:", 5) == 0) {
		ip.p += 5;
		ip.n -= 5;
	}
	mt_log_copy(ev->ip, sizeof(ev->ip), &ip);
	return true;
 fail:
	*c = save;
	return false;
}
