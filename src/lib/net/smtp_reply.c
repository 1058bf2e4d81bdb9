/*
 * smtp_reply.c - incremental SMTP reply parser (RFC 5321 4.2)
 *
 * Input is untrusted and read byte by byte through mt_cbs.  A line is
 * capped at MT_SMTP_LINE_MAX bytes (without its CRLF or LF) and a reply at
 * MT_SMTP_REPLY_LINES_MAX lines.  Each line must start with a code
 * [2-5][0-9][0-9] followed by ' ' (last line), '-' (more follow) or the
 * line end (a bare "220", taken as the last line); all lines of one reply
 * share the code.  Text must be printable: TAB is allowed, bytes 0x80 and
 * above are passed through (UTF-8 banners), and every other control byte
 * (NUL, a CR not followed by LF, DEL ...) makes the reply BAD.
 *
 * Parsing stops right after the final line, so bytes after it (pipelined
 * replies, TLS records, injected plaintext) stay with the caller.
 *
 * Ownership: the parser copies each line; the reply returned by
 * mt_reply_parser_reply() is borrowed until the next feed or reset.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cbs.h"
#include "core/mt_limits.h"
#include "net/smtp_reply.h"

#define REPLY_QUOTE_MAX	40	/* bytes of a bad line quoted in errors */

struct mt_reply_parser {
	int			 status;	/* enum mt_reply_status */
	bool			 pending_cr;	/* last byte was CR */
	size_t			 linelen;	/* bytes in line[] */
	size_t			 lineno;	/* 1-based, current line */
	char			 line[MT_SMTP_LINE_MAX + 1];
	struct mt_smtp_reply	 reply;
	char			 error[256];
};

static void
reply_free_lines(struct mt_reply_parser *p)
{
	size_t i;

	for (i = 0; i < p->reply.nlines; i++) {
		free(p->reply.lines[i]);
		p->reply.lines[i] = NULL;
	}
	p->reply.nlines = 0;
	p->reply.code = 0;
}

struct mt_reply_parser *
mt_reply_parser_new(void)
{
	struct mt_reply_parser *p;

	/* Not calloc: the 16 KiB line buffer needs no zeroing (linelen). */
	if ((p = malloc(sizeof(*p))) == NULL)
		return NULL;
	p->reply.code = 0;
	p->reply.nlines = 0;
	mt_reply_parser_reset(p);
	return p;
}

void
mt_reply_parser_free(struct mt_reply_parser *p)
{
	if (p == NULL)
		return;
	reply_free_lines(p);
	free(p);
}

void
mt_reply_parser_reset(struct mt_reply_parser *p)
{
	reply_free_lines(p);
	p->status = MT_REPLY_MORE;
	p->pending_cr = false;
	p->linelen = 0;
	p->lineno = 1;
	p->error[0] = '\0';
}

const struct mt_smtp_reply *
mt_reply_parser_reply(const struct mt_reply_parser *p)
{
	if (p->status != MT_REPLY_DONE)
		return NULL;
	return &p->reply;
}

const char *
mt_reply_parser_error(const struct mt_reply_parser *p)
{
	return p->error;
}

/* reply_quote - the first bytes of the line, safe to print. */
static void
reply_quote(const struct mt_reply_parser *p, char *out, size_t outsz)
{
	size_t i, o = 0;
	unsigned char c;
	int n;

	for (i = 0; i < p->linelen && i < REPLY_QUOTE_MAX; i++) {
		c = (unsigned char)p->line[i];
		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
			n = snprintf(out + o, outsz - o, "%c", c);
		else
			n = snprintf(out + o, outsz - o, "\\x%02x", c);
		if (n < 0 || (size_t)n >= outsz - o)
			break;
		o += (size_t)n;
	}
	out[o] = '\0';
	if (p->linelen > REPLY_QUOTE_MAX && o + 4 < outsz)
		(void)snprintf(out + o, outsz - o, "...");
}

static int
reply_bad(struct mt_reply_parser *p, const char *fmt, ...)
    __attribute__((__format__(__printf__, 2, 3)));

static int
reply_bad(struct mt_reply_parser *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(p->error, sizeof(p->error), fmt, ap);
	va_end(ap);
	p->status = MT_REPLY_BAD;
	return MT_REPLY_BAD;
}

static bool
reply_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* reply_line_done - check one complete line and add it to the reply. */
static int
reply_line_done(struct mt_reply_parser *p)
{
	char quote[REPLY_QUOTE_MAX * 4 + 8];
	const char *text = "";
	bool last;
	int code;

	if (p->linelen < 3 || p->line[0] < '2' || p->line[0] > '5' ||
	    !reply_is_digit(p->line[1]) || !reply_is_digit(p->line[2])) {
		reply_quote(p, quote, sizeof(quote));
		return reply_bad(p, "line %zu: \"%s\" is not an SMTP reply",
		    p->lineno, quote);
	}
	code = (p->line[0] - '0') * 100 + (p->line[1] - '0') * 10 +
	    (p->line[2] - '0');
	if (p->linelen == 3)
		last = true;
	else if (p->line[3] == ' ')
		last = true;
	else if (p->line[3] == '-')
		last = false;
	else {
		reply_quote(p, quote, sizeof(quote));
		return reply_bad(p, "line %zu: \"%s\": bad separator after "
		    "code %d (want ' ' or '-')", p->lineno, quote, code);
	}
	if (p->reply.nlines > 0 && code != p->reply.code)
		return reply_bad(p, "line %zu: code %d differs from %d on "
		    "line 1", p->lineno, code, p->reply.code);
	if (!last && p->reply.nlines + 1 >= MT_SMTP_REPLY_LINES_MAX)
		return reply_bad(p, "line %zu: reply continues past %d lines",
		    p->lineno, MT_SMTP_REPLY_LINES_MAX);
	if (p->linelen > 4)
		text = p->line + 4;
	p->line[p->linelen] = '\0';
	if ((p->reply.lines[p->reply.nlines] = strdup(text)) == NULL)
		return reply_bad(p, "line %zu: out of memory", p->lineno);
	p->reply.nlines++;
	p->reply.code = code;
	p->linelen = 0;
	p->lineno++;
	if (last) {
		p->status = MT_REPLY_DONE;
		return MT_REPLY_DONE;
	}
	return MT_REPLY_MORE;
}

static bool
reply_is_text_byte(uint8_t c)
{
	return c == '\t' || (c >= 0x20 && c != 0x7f);
}

int
mt_reply_parser_feed(struct mt_reply_parser *p, const char *buf, size_t n,
    size_t *used)
{
	struct mt_cbs cbs;
	uint8_t c;
	int rv;

	*used = 0;
	if (p->status != MT_REPLY_MORE)
		return p->status;
	mt_cbs_init(&cbs, (const uint8_t *)buf, n);
	while (mt_cbs_get_u8(&cbs, &c)) {
		*used = mt_cbs_offset(&cbs);
		if (p->pending_cr) {
			p->pending_cr = false;
			if (c != '\n')
				return reply_bad(p, "line %zu: control byte "
				    "0x0d at offset %zu", p->lineno,
				    p->linelen);
		}
		if (c == '\n') {
			if ((rv = reply_line_done(p)) != MT_REPLY_MORE)
				return rv;
			continue;
		}
		if (c == '\r') {
			p->pending_cr = true;
			continue;
		}
		if (!reply_is_text_byte(c))
			return reply_bad(p, "line %zu: control byte 0x%02x "
			    "at offset %zu", p->lineno, c, p->linelen);
		if (p->linelen >= MT_SMTP_LINE_MAX)
			return reply_bad(p, "reply line %zu longer than %d "
			    "bytes", p->lineno, MT_SMTP_LINE_MAX);
		p->line[p->linelen++] = (char)c;
	}
	return MT_REPLY_MORE;
}
