/*
 * logs_int.h - shared inside src/lib/logs: the line header, the text
 * cursor, the dialect parsers, the failure classifier and the aggregation
 *
 * Every view points into the caller's line and never outlives it; event
 * fields are bounded copies.
 */
#ifndef MT_LOGS_INT_H
#define MT_LOGS_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "mailtls/logs.h"

/* A bounded view of text: never NUL-terminated, never read past n. */
struct mt_log_cur {
	const char	*p;
	size_t		 n;
};

struct mt_log_memo;

/* The syslog (or Exim, or journal) header of one line. */
struct mt_log_line {
	time_t			when;
	bool			has_time;
	struct mt_log_cur	prog;	/* "postfix/smtpd", "" if none */
	unsigned long		pid;
	int			mta;	/* from prog, or MT_LOG_MTA_UNKNOWN */
	struct mt_log_cur	msg;	/* the rest */
	struct mt_log_memo	*memo;	/* the caller's classifier memo, or
					 * NULL (set by mt_log_dispatch) */
};

/* How a line relates to its neighbours (Postfix correlation). */
enum mt_log_rel {
	MT_LOG_REL_NONE = 0,	/* a known line that says nothing on TLS */
	MT_LOG_REL_EVENT,	/* a complete event */
	MT_LOG_REL_HS_ERROR,	/* SSL_accept/SSL_connect error: a reason may
				 * follow from the same process */
	MT_LOG_REL_REASON,	/* "TLS library problem": reason of the
				 * neighbouring error */
	MT_LOG_REL_LOST,	/* lost connection after STARTTLS */
	MT_LOG_REL_DEFER,	/* delivery deferred: Cannot start TLS */
	MT_LOG_REL_END,		/* disconnect: the session is over */
	MT_LOG_REL_PEER,	/* names the peer of session ev->pid */
	MT_LOG_REL_KNOWN,	/* a line without a header that a dialect
				 * knows (Exim rejectlog dumps); nothing to
				 * correlate.  mt_log_dispatch returns it as
				 * MT_LOG_REL_NONE with *known set. */
};

/* cursor.c */
void	 mt_log_cur_init(struct mt_log_cur *, const char *, size_t);

/*
 * mt_log_cur_has_prefix, mt_log_cur_lit - inline (always: the compiler
 * does not for every caller) so that the length of a literal is known at
 * compile time and the compare is inlined (they run several times per
 * line).
 */
static inline __attribute__((__always_inline__)) bool
mt_log_cur_has_prefix(const struct mt_log_cur *c, const char *lit)
{
	size_t l = strlen(lit);

	return c->n >= l && memcmp(c->p, lit, l) == 0;
}

static inline __attribute__((__always_inline__)) bool
mt_log_cur_lit(struct mt_log_cur *c, const char *lit)
{
	size_t l = strlen(lit);

	if (c->n < l || memcmp(c->p, lit, l) != 0)
		return false;
	c->p += l;
	c->n -= l;
	return true;
}

/*
 * mt_log_span3 - the offset of the first a, b, d or NUL in p[0, lim), or
 * lim; n >= lim bytes at p are readable.  Sixteen bytes at a time where
 * sixteen readable bytes are left (a block may reach past lim, never past
 * n): tokens of every line go through here.
 */
static inline size_t
mt_log_span3(const char *p, size_t lim, size_t n, unsigned char a,
    unsigned char b, unsigned char d)
{
	size_t i = 0;

#if defined(__SSE2__)
	{
		const __m128i va = _mm_set1_epi8((char)a);
		const __m128i vb = _mm_set1_epi8((char)b);
		const __m128i vd = _mm_set1_epi8((char)d);
		const __m128i z = _mm_setzero_si128();
		unsigned m;
		__m128i x;

		for (; i < lim && n - i >= 16; i += 16) {
			x = _mm_loadu_si128((const __m128i *)(const void *)
			    (p + i));
			m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
			    _mm_or_si128(_mm_cmpeq_epi8(x, va),
			    _mm_cmpeq_epi8(x, vb)), _mm_or_si128(
			    _mm_cmpeq_epi8(x, vd), _mm_cmpeq_epi8(x, z))));
			if (m != 0) {
				i += (size_t)__builtin_ctz(m);
				return i < lim ? i : lim;
			}
		}
		if (i >= lim)
			return lim;
	}
#endif
	for (; i < lim; i++) {
		unsigned char ch = (unsigned char)p[i];

		if (ch == a || ch == b || ch == d || ch == '\0')
			break;
	}
	return i;
}

/*
 * mt_log_cur_token - the bytes up to one in stop (a set of at most three
 * bytes here; a longer set is read byte by byte), a NUL, or the end.  The
 * set is unrolled into three compares that the compiler folds for a
 * literal set: this runs for most tokens of every line, hence inline
 * (always: the scan above would otherwise keep -O2 from inlining it, and
 * stop's strlen from being folded).
 */
static inline __attribute__((__always_inline__)) bool
mt_log_cur_token(struct mt_log_cur *c, const char *stop, size_t max,
    struct mt_log_cur *tok)
{
	unsigned char a, b, d;
	const char *s;
	size_t i, ns, lim = c->n < max + 1 ? c->n : max + 1;

	ns = strlen(stop);
	if (ns <= 3) {
		a = ns > 0 ? (unsigned char)stop[0] : '\0';
		b = ns > 1 ? (unsigned char)stop[1] : a;
		d = ns > 2 ? (unsigned char)stop[2] : b;
		i = mt_log_span3(c->p, lim, c->n, a, b, d);
	} else {
		for (i = 0; i < lim; i++) {
			for (s = stop; *s != '\0' && *s != c->p[i]; s++)
				continue;
			if (*s != '\0' || c->p[i] == '\0')
				break;
		}
	}
	if (i > max)
		return false;
	tok->p = c->p;
	tok->n = i;
	c->p += i;
	c->n -= i;
	return true;
}

const char *mt_log_find(const char *, size_t, const char *, size_t);
/* mt_log_cur_find - offset of needle in c, or -1. */
long	 mt_log_cur_find(const struct mt_log_cur *, const char *);
/* mt_log_cur_skip_past - advance past the first needle; false if none. */
bool	 mt_log_cur_skip_past(struct mt_log_cur *, const char *);
bool	 mt_log_cur_uint(struct mt_log_cur *, unsigned long max,
	    unsigned long *);
/* mt_log_cur_skip_spaces - inline: it runs for every word of some lines */
static inline void
mt_log_cur_skip_spaces(struct mt_log_cur *c)
{
	while (c->n > 0 && c->p[0] == ' ') {
		c->p++;
		c->n--;
	}
}
/* mt_log_copy - bounded copy of a view (lines with control bytes never
 * reach the parsers: see mt_log_dispatch). */
void	 mt_log_copy(char *, size_t, const struct mt_log_cur *);
void	 mt_log_copy_str(char *, size_t, const char *, size_t);
#define MT_LOG_COPY_LIT(dst, lit) \
	mt_log_copy_str((dst), sizeof(dst), (lit), strlen(lit))
/* mt_log_host_ip - "HOST[IP]" or "HOST [IP]" or "[IP]" into ev. */
bool	 mt_log_host_ip(struct mt_log_cur *, struct mt_log_event *);

/* header.c */
bool	 mt_log_header_parse(const char *, size_t, int year,
	    struct mt_log_line *);
/*
 * The day number of the last syslog date seen, kept by the caller across
 * lines (struct mt_logs has one); NULL means none.
 */
struct mt_log_daycache {
	int	y, mon, d;
	long	days;
	/* the first 16 bytes of the last "Mmm dd hh:mm:ss " read, its time */
	bool	has_last;
	int	last_year;
	char	last[16];
	time_t	last_t;
};
bool	 mt_log_header_parse_dc(const char *, size_t, int year,
	    struct mt_log_daycache *, struct mt_log_line *);
time_t	 mt_log_make_time(int y, int mon, int d, int h, int mi, int s,
	    long off_sec);

/* classify.c */
void	 mt_log_classify(const struct mt_log_cur *, struct mt_log_event *);
/*
 * The classifier's results by reason text, kept by the caller across
 * lines (struct mt_logs has one): direct-mapped, a new text takes the
 * slot of its hash.
 */
#define MT_LOG_MEMO_SLOTS	64	/* power of 2 */
#define MT_LOG_MEMO_TEXT	192	/* longer texts are not kept */
struct mt_log_memo_slot {
	bool		 used;
	bool		 set_alert;
	int		 cls;
	uint64_t	 h;
	size_t		 n;
	char		 alert[MT_LOG_ALERT_MAX];
	char		 text[MT_LOG_MEMO_TEXT];
};
struct mt_log_memo {
	struct mt_log_memo_slot	 slot[MT_LOG_MEMO_SLOTS];
};
void	 mt_log_classify_memo(struct mt_log_memo *, const struct mt_log_cur *,
	    struct mt_log_event *);
int	 mt_log_verify_from(const char *);

/* one parser per dialect; each returns enum mt_log_rel */
int	 mt_log_postfix(const struct mt_log_line *, struct mt_log_event *);
/* postfix_tls.c: verification, DANE, TLSRPT; delivery status reasons */
int	 mt_log_postfix_tls(const struct mt_log_line *, struct mt_log_event *);
int	 mt_log_postfix_status(const struct mt_log_cur *, struct mt_log_event *);
int	 mt_log_exim(const struct mt_log_line *, struct mt_log_event *);
/* exim_reject.c: rejectlog envelope, header and continuation lines */
bool	 mt_log_exim_reject_cont(const struct mt_log_line *);
int	 mt_log_sendmail(const struct mt_log_line *, struct mt_log_event *);
int	 mt_log_opensmtpd(const struct mt_log_line *, struct mt_log_event *);
bool	 mt_log_opensmtpd_shape(const struct mt_log_cur *);
/* mt_log_dispatch - header, then the dialect; fills ev. */
int	 mt_log_dispatch(const char *, size_t, int year, bool clean,
	    struct mt_log_daycache *, struct mt_log_memo *,
	    struct mt_log_line *, struct mt_log_event *, bool *known);

/*
 * agg.c: peers in a growable array indexed by an open-addressing hash;
 * value tables are small arrays with a cap.  The summary owns sorted
 * copies that stay valid until the next change.
 */
#define MT_LOGS_PEERS_MAX	(1024 * 1024)
#define MT_LOGS_TALLY_MAX	256
#define MT_LOGS_TALLY_INDEX	1024	/* power of 2, > 2 * (MAX + 1) */

/*
 * The per-event part of a peer row, kept dense (two cache lines) apart
 * from the kilobyte rows of struct mt_logs_peer: a success touches only
 * this; mt_logs_agg_summary copies it into the rows.
 */
struct mt_logs_hot {
	uint64_t	 hash;		/* agg_hash(direction, key) */
	int		 direction;
	int		 mta;
	uint64_t	 ok;
	uint64_t	 fail;
	uint64_t	 plaintext;
	time_t		 first;
	time_t		 last;
	time_t		 last_fail;
	bool		 ok_after_fail;
	bool		 downgrade;
	bool		 named;		/* the row's host is a real name */
	char		 key[45];	/* the key if it fits, else "" */
};

/*
 * A tally value shorter than MT_LOGS_TSIG bytes as two words, zero-padded
 * (every value but long cipher names): found by two compares, no strcmp.
 * Both words are zero for a longer value.
 */
#define MT_LOGS_TSIG		16
struct mt_logs_tsig {
	uint64_t	 lo;
	uint64_t	 hi;
};

struct mt_logs_agg {
	struct mt_logs_counts	 counts;
	uint64_t		 by_kind[MT_LOG_NKIND];
	uint64_t		 by_class[MT_LOG_NCLASS];
	uint64_t		 by_mta[MT_LOG_NMTA];
	char			 class_example[MT_LOG_NCLASS][MT_LOG_REASON_MAX];
	time_t			 first;
	time_t			 last;
	struct mt_logs_peer	*peers;
	struct mt_logs_hot	*hot;		/* parallel to peers */
	size_t			 npeers;
	size_t			 cappeers;
	uint64_t		*index;		/* hash bits | row + 1; 0 empty */
	size_t			 nindex;
	struct mt_logs_tally	*tally[MT_LOGS_NTABLES];
	size_t			 ntally[MT_LOGS_NTABLES];
	struct mt_logs_tsig	*tsig[MT_LOGS_NTABLES];	/* parallel to tally */
	uint16_t		 tindex[MT_LOGS_NTABLES][MT_LOGS_TALLY_INDEX];
					/* row + 1 by hash; 0 empty */
	uint16_t		 vrow[MT_LOG_NVERIFY][MT_LOG_NDIR];
					/* row + 1 of each verify name, or 0 */
	struct mt_logs_peer	*sorted;
	struct mt_logs_tally	*sorted_tally[MT_LOGS_NTABLES];
	struct mt_logs_summary	 summary;
};

void	 mt_logs_agg_add(struct mt_logs_agg *, const struct mt_log_event *);
void	 mt_logs_agg_clear(struct mt_logs_agg *);
const struct mt_logs_summary *mt_logs_agg_summary(struct mt_logs_agg *);

/*
 * reader.c: line assembly over chunks of any size (files, stdin, --follow).
 * Lines longer than MT_LOG_LINE_MAX are counted as skipped.  A last line
 * without its newline waits in the buffer until more bytes or finish.
 */
struct mt_log_lines {
	struct mt_logs	*lg;
	char		*line;		/* MT_LOG_LINE_MAX bytes */
	size_t		 len;
	size_t		 over;		/* bytes of an over-long line so far */
};

/*
 * mt_log_scan_line - offset of the first newline in p (n if none); *ctl
 * tells whether a control byte other than tab comes before it.
 */
size_t	 mt_log_scan_line(const char *, size_t, bool *ctl);
int	 mt_log_lines_init(struct mt_log_lines *, struct mt_logs *);
void	 mt_log_lines_feed(struct mt_log_lines *, const char *, size_t);
void	 mt_log_lines_finish(struct mt_log_lines *);
void	 mt_log_lines_free(struct mt_log_lines *);

/* logs.c, for the reader */
void	 mt_logs_feed_clean(struct mt_logs *, const char *, size_t,
	    bool clean);
struct mt_logs;
void	 mt_logs_count_skipped(struct mt_logs *, size_t);
void	 mt_logs_count_cut(struct mt_logs *, size_t);

#endif /* MT_LOGS_INT_H */
