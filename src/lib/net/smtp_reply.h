/*
 * smtp_reply.h - incremental SMTP reply parser (RFC 5321 4.2)
 *
 * Untrusted input.  Lines are capped at MT_SMTP_LINE_MAX and a reply at
 * MT_SMTP_REPLY_LINES_MAX lines.  Each line must be a code [2-5][0-9][0-9],
 * then ' ' (last line) or '-' (more follow), then printable text; all lines
 * of one reply share the code.  CRLF and bare LF both end a line.
 */
#ifndef MT_SMTP_REPLY_H
#define MT_SMTP_REPLY_H

#include <stdbool.h>
#include <stddef.h>

#include "core/mt_limits.h"

enum mt_reply_status {
	MT_REPLY_MORE = 0,	/* need more bytes */
	MT_REPLY_DONE,		/* a whole reply is ready */
	MT_REPLY_BAD,		/* not an SMTP reply: error says why */
};

struct mt_smtp_reply {
	int		 code;		/* 220, 250, 454 ... */
	size_t		 nlines;
	char		*lines[MT_SMTP_REPLY_LINES_MAX]; /* text after "NNN-" */
};

struct mt_reply_parser;

struct mt_reply_parser *mt_reply_parser_new(void);
void		 mt_reply_parser_free(struct mt_reply_parser *);
/*
 * mt_reply_parser_feed - consume bytes from buf (n bytes); *used tells how
 * many were consumed.  Stops right after a complete reply, so bytes after
 * it (pipelined or TLS) stay with the caller.
 */
int		 mt_reply_parser_feed(struct mt_reply_parser *, const char *,
		    size_t, size_t *used);
/* mt_reply_parser_reply - the complete reply; borrowed until next feed. */
const struct mt_smtp_reply *mt_reply_parser_reply(const struct mt_reply_parser *);
/* mt_reply_parser_error - why the input was BAD (with line number). */
const char	*mt_reply_parser_error(const struct mt_reply_parser *);
/* mt_reply_parser_reset - ready for the next reply. */
void		 mt_reply_parser_reset(struct mt_reply_parser *);

#endif /* MT_SMTP_REPLY_H */
