/*
 * dispatch.c - one line to one dialect: by the program name in the
 * header, or, for lines without one (OpenSMTPD stderr, quoted lines), by
 * trying each dialect in turn
 *
 * Input is untrusted; ev is filled with bounded copies.  A line with NUL
 * or control bytes (other than tab) is not a log line and is refused
 * here, before any parser sees it, so the copies made from it need no
 * escaping.
 */
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "logs/logs_int.h"

/* dispatch_ctl - control bytes other than tab in s, byte by byte. */
static bool
dispatch_ctl(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return true;
	}
	return false;
}

/*
 * dispatch_binary - NULs or control bytes other than tab: not a log line.
 * Sixteen bytes at a time with SSE2 (every x86-64 has it), eight at a
 * time elsewhere; a block with a control byte is looked at byte by byte
 * (tabs are rare).
 */
#if defined(__SSE2__)
static bool
dispatch_binary(const char *s, size_t n)
{
	const __m128i bias = _mm_set1_epi8((char)0x80);
	const __m128i low = _mm_set1_epi8((char)(0x20 ^ 0x80));
	const __m128i del = _mm_set1_epi8(0x7f);
	__m128i x, m;
	size_t i;

	for (i = 0; i + 16 <= n; i += 16) {
		x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		/* unsigned x < 0x20, as a signed compare of x ^ 0x80 */
		m = _mm_or_si128(_mm_cmplt_epi8(_mm_xor_si128(x, bias), low),
		    _mm_cmpeq_epi8(x, del));
		if (_mm_movemask_epi8(m) != 0 && dispatch_ctl(s + i, 16))
			return true;
	}
	return dispatch_ctl(s + i, n - i);
}
#else
#define DISPATCH_ONES	0x0101010101010101ULL
#define DISPATCH_HIGHS	0x8080808080808080ULL

static bool
dispatch_binary(const char *s, size_t n)
{
	uint64_t x, y;
	size_t i;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&x, s + i, 8);
		y = x ^ (DISPATCH_ONES * 0x7f);
		if ((((x - DISPATCH_ONES * 0x20) & ~x) |
		    ((y - DISPATCH_ONES) & ~y)) & DISPATCH_HIGHS) {
			if (dispatch_ctl(s + i, 8))
				return true;
		}
	}
	return dispatch_ctl(s + i, n - i);
}
#endif

typedef int (*dialect_fn)(const struct mt_log_line *, struct mt_log_event *);

static const dialect_fn guess_order[] = {
	mt_log_opensmtpd, mt_log_exim, mt_log_postfix, mt_log_sendmail,
};

/* dispatch_reset - an empty event; strings are emptied, not cleared. */
static void
dispatch_reset(struct mt_log_event *ev, const struct mt_log_line *l)
{
	ev->when = l != NULL && l->has_time ? l->when : 0;
	ev->pid = l != NULL ? l->pid : 0;
	ev->mta = ev->direction = ev->kind = ev->fail_class = 0;
	ev->verify = ev->bits = 0;
	ev->host[0] = ev->ip[0] = ev->version[0] = ev->cipher[0] = '\0';
	ev->kx[0] = ev->verify_text[0] = ev->alert[0] = ev->reason[0] = '\0';
}

/*
 * mt_log_dispatch - parse line s (n bytes) into l and ev; *known tells
 * whether it is a line of a mail server at all.  clean: the caller has
 * already checked s for control bytes.  Returns enum mt_log_rel.
 */
int
mt_log_dispatch(const char *s, size_t n, int year, bool clean,
    struct mt_log_daycache *dc, struct mt_log_line *l,
    struct mt_log_event *ev, bool *known)
{
	size_t i;
	int rel;

	*known = false;
	dispatch_reset(ev, NULL);
	/* After this no view holds a control byte: copies need no check. */
	if ((!clean && dispatch_binary(s, n)) ||
	    !mt_log_header_parse_dc(s, n, year, dc, l))
		return MT_LOG_REL_NONE;
	dispatch_reset(ev, l);
	switch (l->mta) {
	case MT_LOG_MTA_POSTFIX:
		*known = true;
		return mt_log_postfix(l, ev);
	case MT_LOG_MTA_EXIM:
		*known = true;
		rel = mt_log_exim(l, ev);
		return rel == MT_LOG_REL_KNOWN ? MT_LOG_REL_NONE : rel;
	case MT_LOG_MTA_SENDMAIL:
		*known = true;
		return mt_log_sendmail(l, ev);
	case MT_LOG_MTA_OPENSMTPD:
		*known = true;
		return mt_log_opensmtpd(l, ev);
	default:
		break;
	}
	if (l->prog.n != 0)
		return MT_LOG_REL_NONE;
	for (i = 0; i < sizeof(guess_order) / sizeof(guess_order[0]); i++) {
		dispatch_reset(ev, l);
		if ((rel = guess_order[i](l, ev)) != MT_LOG_REL_NONE) {
			*known = true;
			return rel == MT_LOG_REL_KNOWN ? MT_LOG_REL_NONE : rel;
		}
	}
	dispatch_reset(ev, l);
	*known = mt_log_opensmtpd_shape(&l->msg);
	if (*known)
		ev->mta = MT_LOG_MTA_OPENSMTPD;
	return MT_LOG_REL_NONE;
}

bool
mt_log_parse_line(const char *s, size_t n, int year, struct mt_log_event *ev)
{
	struct mt_log_line l;
	bool known;

	(void)mt_log_dispatch(s, n, year, false, NULL, &l, ev, &known);
	return known;
}
