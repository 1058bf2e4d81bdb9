/*
 * header.c - the header in front of a mail log message
 *
 * RFC 3164 syslog ("Nov 22 12:00:00 host prog[pid]: msg", with or without
 * a year, with journalctl short-precise fractions), RFC 5424 ("<34>1
 * 2026-11-22T12:00:00.123Z host app pid msgid - msg"), ISO-8601 with
 * offsets (rsyslog high precision, journalctl short-iso, Postfix
 * maillog_file), Exim's mainlog ("2026-11-22 12:00:00[.mmm] [+0100]
 * [[pid]] msg") and no header at all (OpenSMTPD -d stderr, quoted lines).
 * Input is untrusted; times are converted to UTC without the C library's
 * time zone state.
 */
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "logs/logs_int.h"

static const char month_names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

/* days_from_civil - days since 1970-01-01 (H. Hinnant's algorithm). */
static long
header_days(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

time_t
mt_log_make_time(int y, int mon, int d, int h, int mi, int s, long off)
{
	return (time_t)(header_days(y, mon, d) * 86400L + h * 3600L +
	    mi * 60L + s - off);
}

/*
 * header_time_cached - mt_log_make_time with the day number of the last
 * (year, month, day) remembered by the caller: consecutive log lines share
 * their day.
 */
static time_t
header_time_cached(struct mt_log_daycache *dc, int y, int mon, int d, int h,
    int mi, int s)
{
	if (dc == NULL)
		return mt_log_make_time(y, mon, d, h, mi, s, 0);
	if (dc->y != y || dc->mon != mon || dc->d != d) {
		dc->days = header_days(y, mon, d);
		dc->y = y;
		dc->mon = mon;
		dc->d = d;
	}
	return (time_t)(dc->days * 86400L + h * 3600L + mi * 60L + s);
}

static bool
header_num(struct mt_log_cur *c, size_t ndig, unsigned long max, int *out)
{
	unsigned long v = 0;
	size_t i;

	if (c->n < ndig)
		return false;
	for (i = 0; i < ndig; i++) {
		if (c->p[i] < '0' || c->p[i] > '9')
			return false;
		v = v * 10 + (unsigned long)(c->p[i] - '0');
	}
	if (v > max)
		return false;
	c->p += ndig;
	c->n -= ndig;
	*out = (int)v;
	return true;
}

/* header_hms - "hh:mm:ss" and an optional ".fraction". */
static bool
header_hms(struct mt_log_cur *c, int *h, int *mi, int *s)
{
	if (!header_num(c, 2, 23, h) || !mt_log_cur_lit(c, ":") ||
	    !header_num(c, 2, 59, mi) || !mt_log_cur_lit(c, ":") ||
	    !header_num(c, 2, 60, s))
		return false;
	if (mt_log_cur_lit(c, ".") || mt_log_cur_lit(c, ","))
		while (c->n > 0 && c->p[0] >= '0' && c->p[0] <= '9') {
			c->p++;
			c->n--;
		}
	return true;
}

/* header_zone - "Z", "+hh:mm", "+hhmm" or nothing; seconds east. */
static bool
header_zone(struct mt_log_cur *c, long *off)
{
	int sign, zh, zm;

	*off = 0;
	if (mt_log_cur_lit(c, "Z"))
		return true;
	if (c->n == 0 || (c->p[0] != '+' && c->p[0] != '-'))
		return true;
	sign = c->p[0] == '-' ? -1 : 1;
	c->p++;
	c->n--;
	if (!header_num(c, 2, 14, &zh))
		return false;
	(void)mt_log_cur_lit(c, ":");
	if (!header_num(c, 2, 59, &zm))
		return false;
	*off = sign * (zh * 3600L + zm * 60L);
	return true;
}

/* header_iso - "yyyy-mm-dd" then 'T' or ' ' then time and zone. */
static bool
header_iso(struct mt_log_cur *c, time_t *t, bool *exim)
{
	struct mt_log_cur save = *c;
	int y, mo, d, h, mi, s;
	long off = 0;

	if (!header_num(c, 4, 9999, &y) || !mt_log_cur_lit(c, "-") ||
	    !header_num(c, 2, 12, &mo) || !mt_log_cur_lit(c, "-") ||
	    !header_num(c, 2, 31, &d) || mo == 0 || d == 0)
		goto fail;
	if (mt_log_cur_lit(c, "T"))
		*exim = false;
	else if (mt_log_cur_lit(c, " "))
		*exim = true;
	else
		goto fail;
	if (!header_hms(c, &h, &mi, &s))
		goto fail;
	if (*exim) {
		/* Exim: an optional " +hhmm" (log_timezone). */
		struct mt_log_cur z = *c;

		if (mt_log_cur_lit(&z, " ") && z.n > 0 &&
		    (z.p[0] == '+' || z.p[0] == '-') &&
		    header_zone(&z, &off) && (z.n == 0 || z.p[0] == ' '))
			*c = z;
	} else if (!header_zone(c, &off))
		goto fail;
	*t = mt_log_make_time(y, mo, d, h, mi, s, off);
	return true;
 fail:
	*c = save;
	return false;
}

#define D(i)	((unsigned)(unsigned char)p[i] - '0')

/*
 * header_bsd_cached - lines of the same second share their first 16
 * bytes: a line whose "Mmm dd hh:mm:ss " is that of the last line read by
 * header_bsd_fast has its time.  Inline, apart from header_bsd_fast: most
 * lines stop here.
 */
static inline bool
header_bsd_cached(struct mt_log_cur *c, int year,
    const struct mt_log_daycache *dc, time_t *t)
{
#if defined(__SSE2__)
	const char *p = c->p;

	if (c->n >= 17 && dc->has_last && dc->last_year == year &&
	    !(p[16] >= '0' && p[16] <= '9') &&
	    _mm_movemask_epi8(_mm_cmpeq_epi8(
	    _mm_loadu_si128((const __m128i *)(const void *)p),
	    _mm_loadu_si128((const __m128i *)(const void *)dc->last))) ==
	    0xffff) {
		*t = dc->last_t;
		c->p += 15;
		c->n -= 15;
		return true;
	}
#else
	(void)c;
	(void)year;
	(void)dc;
	(void)t;
#endif
	return false;
}

/*
 * header_bsd_fast - the common "Mmm dd hh:mm:ss " at fixed offsets, read
 * without loops; anything else (a year, fractions, odd spacing) is left
 * to header_bsd.  Runs for nearly every line of a syslog file (those of
 * a second already seen stop at header_bsd_cached).
 */
static bool
header_bsd_fast(struct mt_log_cur *c, int year, struct mt_log_daycache *dc,
    time_t *t)
{
	const char *p = c->p;
	unsigned d, h, mi, s, k;
	int mo;

	if (c->n < 17)
		return false;
#if defined(__SSE2__)
	{
		/*
		 * "Mmm dd hh:mm:ss " against a template in one compare:
		 * separators at 3, 6, 9, 12, 15; digits at 5, 7, 8, 10, 11,
		 * 13, 14 (4 may be a space).
		 */
		const __m128i tmpl = _mm_setr_epi8(0, 0, 0, ' ', 0, 0, ' ',
		    0, 0, ':', 0, 0, ':', 0, 0, ' ');
		const __m128i zero = _mm_set1_epi8('0');
		const __m128i nine = _mm_set1_epi8(9);
		__m128i x, dg;
		unsigned meq, mdg;

		x = _mm_loadu_si128((const __m128i *)(const void *)p);
		meq = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, tmpl));
		dg = _mm_sub_epi8(x, zero);
		mdg = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
		    _mm_max_epu8(dg, nine), nine));
		if ((meq & 0x9248) != 0x9248 || (mdg & 0x6da0) != 0x6da0 ||
		    (p[4] != ' ' && D(4) > 9) ||
		    (p[16] >= '0' && p[16] <= '9'))	/* "hh:mm:ss yyyy" */
			return false;
	}
#else
	if (p[3] != ' ' || p[6] != ' ' || p[9] != ':' ||
	    p[12] != ':' || p[15] != ' ' || D(5) > 9 || D(7) > 9 ||
	    D(8) > 9 || D(10) > 9 || D(11) > 9 || D(13) > 9 || D(14) > 9 ||
	    (p[4] != ' ' && D(4) > 9) ||
	    (p[16] >= '0' && p[16] <= '9'))	/* "hh:mm:ss yyyy" */
		return false;
#endif
	k = (unsigned)(unsigned char)p[0] << 16 |
	    (unsigned)(unsigned char)p[1] << 8 | (unsigned char)p[2];
	switch (k) {
	case 0x4a616e: mo = 1; break;	/* Jan */
	case 0x466562: mo = 2; break;
	case 0x4d6172: mo = 3; break;
	case 0x417072: mo = 4; break;
	case 0x4d6179: mo = 5; break;
	case 0x4a756e: mo = 6; break;
	case 0x4a756c: mo = 7; break;
	case 0x417567: mo = 8; break;
	case 0x536570: mo = 9; break;
	case 0x4f6374: mo = 10; break;
	case 0x4e6f76: mo = 11; break;
	case 0x446563: mo = 12; break;
	default: return false;
	}
	d = (p[4] == ' ' ? 0 : D(4) * 10) + D(5);
	h = D(7) * 10 + D(8);
	mi = D(10) * 10 + D(11);
	s = D(13) * 10 + D(14);
	if (d == 0 || d > 31 || h > 23 || mi > 59 || s > 60)
		return false;
	*t = header_time_cached(dc, year, mo, (int)d, (int)h, (int)mi, (int)s);
	if (dc != NULL) {
		memcpy(dc->last, p, sizeof(dc->last));
		dc->last_t = *t;
		dc->last_year = year;
		dc->has_last = true;
	}
	c->p += 15;
	c->n -= 15;
	return true;
}

#undef D

/* header_bsd - "Mmm dd [yyyy ]hh:mm:ss[.frac][ yyyy]". */
static bool
header_bsd(struct mt_log_cur *c, int year, time_t *t)
{
	struct mt_log_cur save = *c, y4;
	int mo, d, h, mi, s, y = year;

	if (header_bsd_fast(c, year, NULL, t))
		return true;
	if (c->n < 4 || c->p[3] != ' ')
		goto fail;
	for (mo = 0; mo < 12; mo++)
		if (memcmp(c->p, month_names + 3 * mo, 3) == 0)
			break;
	if (mo++ == 12)
		goto fail;
	c->p += 4;
	c->n -= 4;
	mt_log_cur_skip_spaces(c);
	if (!header_num(c, 2, 31, &d) && !header_num(c, 1, 9, &d))
		goto fail;
	if (!mt_log_cur_lit(c, " "))
		goto fail;
	y4 = *c;
	if (header_num(&y4, 4, 9999, &y) && mt_log_cur_lit(&y4, " "))
		*c = y4;
	else
		y = year;
	if (!header_hms(c, &h, &mi, &s))
		goto fail;
	y4 = *c;
	if (mt_log_cur_lit(&y4, " ") && header_num(&y4, 4, 9999, &y) &&
	    mt_log_cur_lit(&y4, " ")) {
		*c = y4;
		c->p--;
		c->n++;
	}
	*t = mt_log_make_time(y, mo, d, h, mi, s, 0);
	return true;
 fail:
	*c = save;
	return false;
}

/* header_prog - "prog[pid]: " or "prog: "; prog has no spaces. */
static bool
header_prog(struct mt_log_cur *c, struct mt_log_line *l)
{
	struct mt_log_cur save = *c, prog;
	unsigned long pid = 0;

	if (!mt_log_cur_token(c, "[: ", 64, &prog) || prog.n == 0)
		goto fail;
	if (mt_log_cur_lit(c, "[")) {
		if (!mt_log_cur_uint(c, 0xffffffffUL, &pid) ||
		    !mt_log_cur_lit(c, "]"))
			goto fail;
	}
	if (!mt_log_cur_lit(c, ":"))
		goto fail;
	mt_log_cur_skip_spaces(c);
	l->prog = prog;
	l->pid = pid;
	return true;
 fail:
	*c = save;
	return false;
}

/* header_5424 - after "<pri>1 TS": "host app procid msgid sd msg". */
static bool
header_5424(struct mt_log_cur *c, struct mt_log_line *l)
{
	struct mt_log_cur host, app, pid, msgid, sd;
	unsigned long v;

	if (!mt_log_cur_lit(c, " ") ||
	    !mt_log_cur_token(c, " ", 255, &host) || !mt_log_cur_lit(c, " ") ||
	    !mt_log_cur_token(c, " ", 48, &app) || !mt_log_cur_lit(c, " ") ||
	    !mt_log_cur_token(c, " ", 128, &pid) || !mt_log_cur_lit(c, " ") ||
	    !mt_log_cur_token(c, " ", 32, &msgid))
		return false;
	if (mt_log_cur_lit(c, " ")) {
		if (mt_log_cur_has_prefix(c, "[")) {
			if (!mt_log_cur_skip_past(c, "] "))
				return false;
		} else if (!mt_log_cur_token(c, " ", 1, &sd) ||
		    !mt_log_cur_lit(c, " "))
			sd.n = 0;
	}
	l->prog = app;
	if (mt_log_cur_uint(&pid, 0xffffffffUL, &v) && pid.n == 0)
		l->pid = v;
	l->msg = *c;
	return true;
}

static int
header_mta(const struct mt_log_cur *prog)
{
	if (mt_log_cur_has_prefix(prog, "postfix") ||
	    mt_log_cur_has_prefix(prog, "posttls-finger"))
		return MT_LOG_MTA_POSTFIX;
	if (mt_log_cur_has_prefix(prog, "exim"))
		return MT_LOG_MTA_EXIM;
	if (mt_log_cur_has_prefix(prog, "sm-") ||
	    mt_log_cur_has_prefix(prog, "sendmail"))
		return MT_LOG_MTA_SENDMAIL;
	if (prog->n == 5 && memcmp(prog->p, "smtpd", 5) == 0)
		return MT_LOG_MTA_OPENSMTPD;
	return MT_LOG_MTA_UNKNOWN;
}

/* Bytes that end a program name: '[', ':', ' ' (and NUL). */
static const unsigned char header_progstop[256] = {
	[0] = 1, ['['] = 1, [':'] = 1, [' '] = 1,
};

/*
 * header_find_space, header_find_progstop - the first space (or the first
 * of '[', ':', ' ' and NUL) in [p, end), or end; sixteen bytes at a time
 * where sixteen are left.  header_find_progstop is mt_log_span3 with its
 * limit at the end; calling that instead measured 5-8 % slower over the
 * 1 GiB benchmark log (interleaved, release build), so it stays.
 */
static const char *
header_find_space(const char *p, const char *end)
{
#if defined(__SSE2__)
	unsigned m;

	for (; end - p >= 16; p += 16) {
		m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128(
		    (const __m128i *)(const void *)p), _mm_set1_epi8(' ')));
		if (m != 0)
			return p + __builtin_ctz(m);
	}
#endif
	while (p < end && *p != ' ')
		p++;
	return p;
}

static const char *
header_find_progstop(const char *p, const char *end)
{
#if defined(__SSE2__)
	unsigned m;
	__m128i x;

	for (; end - p >= 16; p += 16) {
		x = _mm_loadu_si128((const __m128i *)(const void *)p);
		m = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(
		    _mm_cmpeq_epi8(x, _mm_set1_epi8('[')),
		    _mm_cmpeq_epi8(x, _mm_set1_epi8(':'))), _mm_or_si128(
		    _mm_cmpeq_epi8(x, _mm_set1_epi8(' ')),
		    _mm_cmpeq_epi8(x, _mm_setzero_si128()))));
		if (m != 0)
			return p + __builtin_ctz(m);
	}
#endif
	while (p < end && !header_progstop[(unsigned char)*p])
		p++;
	return p;
}

/*
 * header_digits8 - the value of the decimal digits at the start of the
 * eight bytes at p, read as one word (a pid has five digits or so, and a
 * loop over them was a tenth of a header); returns the end of the digits.
 * A byte is a digit when its high half is 3 both as it is and plus 6; a
 * carry of that addition only leaves a byte that is not a digit, so the
 * digits before the first one that is not are found right.
 */
static const char *
header_digits8(const char *p, unsigned long *out)
{
	const unsigned char *u = (const unsigned char *)p;
	const uint64_t hi = 0xf0f0f0f0f0f0f0f0ULL;
	const uint64_t three = 0x3030303030303030ULL;
	uint64_t w, nd;
	unsigned k;

	/* Little-endian whatever the machine (one load on x86). */
	w = (uint64_t)u[0] | (uint64_t)u[1] << 8 | (uint64_t)u[2] << 16 |
	    (uint64_t)u[3] << 24 | (uint64_t)u[4] << 32 | (uint64_t)u[5] << 40 |
	    (uint64_t)u[6] << 48 | (uint64_t)u[7] << 56;
	nd = ((w & hi) ^ three) | (((w + 0x0606060606060606ULL) & hi) ^ three);
	k = nd == 0 ? 8 : (unsigned)__builtin_ctzll(nd) / 8;
	if (k == 0)
		return p;
	/*
	 * The k digits moved to the top bytes (in memory order: the last
	 * ones), zeros in front; then pairs, fours and eights of digits are
	 * combined (the usual eight-digit parse of a little-endian word).
	 */
	w = (w & 0x0f0f0f0f0f0f0f0fULL) << (8 * (8 - k));
	w = (w * 2561) >> 8;
	w = ((w & 0x00ff00ff00ff00ffULL) * 6553601) >> 16;
	w = ((w & 0x0000ffff0000ffffULL) * 42949672960001ULL) >> 32;
	*out = (unsigned long)w;
	return p + k;
}

/*
 * header_syslog_fast - "Mmm dd hh:mm:ss host prog[pid]: msg" in one pass
 * over pointers, the shape of nearly every line of a syslog file; false
 * leaves the line to the general parser below, which accepts the same
 * lines (and more) with the same result.
 */
static bool
header_syslog_fast(const char *s, size_t n, int year,
    struct mt_log_daycache *dc, struct mt_log_line *l)
{
	struct mt_log_cur c = { s, n };
	const char *p, *end = s + n, *prog;
	unsigned long pid = 0;

	if ((dc == NULL || !header_bsd_cached(&c, year, dc, &l->when)) &&
	    !header_bsd_fast(&c, year, dc, &l->when))
		return false;
	p = c.p + 1;			/* header_bsd_fast saw the space */
	p = header_find_space(p, end);	/* host */
	if (p == end || p - (c.p + 1) > 255 || p == c.p + 1)
		return false;
	prog = ++p;
	if (end - p > 8 && memcmp(p, "postfix/", 8) == 0)
		p += 8;
	p = header_find_progstop(p, end);
	if (p == end || p == prog || p - prog > 64)
		return false;
	l->prog.p = prog;
	l->prog.n = (size_t)(p - prog);
	if (*p == '[') {
		const char *d = ++p;

		const char *dend = end - d > 10 ? d + 10 : end;
		unsigned v;

		if (end - d >= 8)
			p = header_digits8(d, &pid);
		while (p < dend && (v = (unsigned)(unsigned char)*p - '0') <= 9) {
			pid = pid * 10 + v;
			p++;
		}
		if (p == d || p == end || *p != ']' || pid > 0xffffffffUL)
			return false;
		p++;
	}
	if (p == end || *p != ':')
		return false;
	p++;
	while (p < end && *p == ' ')
		p++;
	l->has_time = true;
	l->pid = pid;
	l->mta = header_mta(&l->prog);
	l->msg.p = p;
	l->msg.n = (size_t)(end - p);
	return true;
}

/*
 * mt_log_header_parse - split a line into time, program, pid and message.
 * Returns false only for lines that cannot be mail log lines at all.
 */
bool
mt_log_header_parse(const char *s, size_t n, int year, struct mt_log_line *l)
{
	return mt_log_header_parse_dc(s, n, year, NULL, l);
}

bool
mt_log_header_parse_dc(const char *s, size_t n, int year,
    struct mt_log_daycache *dc, struct mt_log_line *l)
{
	struct mt_log_cur c, host;
	unsigned long pri;
	bool exim = false;

	memset(l, 0, sizeof(*l));
	if (header_syslog_fast(s, n, year, dc, l))
		return true;
	memset(l, 0, sizeof(*l));
	mt_log_cur_init(&c, s, n);
	if (mt_log_cur_lit(&c, "<")) {
		if (!mt_log_cur_uint(&c, 191, &pri) || !mt_log_cur_lit(&c, ">"))
			return false;
		if (mt_log_cur_lit(&c, "1 ")) {
			if (!header_iso(&c, &l->when, &exim) || exim ||
			    !header_5424(&c, l))
				return false;
			l->has_time = true;
			l->mta = header_mta(&l->prog);
			return true;
		}
	}
	if (header_iso(&c, &l->when, &exim))
		l->has_time = true;
	else if (header_bsd(&c, year, &l->when))
		l->has_time = true;
	if (l->has_time && exim) {
		mt_log_cur_skip_spaces(&c);
		if (mt_log_cur_lit(&c, "[")) {
			if (!mt_log_cur_uint(&c, 0xffffffffUL, &l->pid) ||
			    !mt_log_cur_lit(&c, "] "))
				return false;
		}
		l->mta = MT_LOG_MTA_EXIM;
		l->msg = c;
		return true;
	}
	if (l->has_time) {
		if (!mt_log_cur_lit(&c, " ") ||
		    !mt_log_cur_token(&c, " ", 255, &host) ||
		    !mt_log_cur_lit(&c, " ") || !header_prog(&c, l))
			return false;
	} else {
		struct mt_log_cur save = c;

		/* Without a time only a known program name counts. */
		if (header_prog(&c, l) &&
		    header_mta(&l->prog) == MT_LOG_MTA_UNKNOWN) {
			c = save;
			mt_log_cur_init(&l->prog, s, 0);
			l->pid = 0;
		}
	}
	l->mta = header_mta(&l->prog);
	l->msg = c;
	return true;
}
