/*
 * exim_reject.c - the lines Exim writes into rejectlog after a rejection:
 * the envelope and the message's header lines, with continuations
 *
 * From Exim's log.c and receive.c (the rejectlog header dump): after the
 * timestamped rejection ("... H=... rejected ...", read by exim.c) come
 * "Envelope-from: <...>", "Envelope-to: <...>", then each header line
 * behind its one-character type and a space ("P Received: ...", "F From:
 * ...", "I Message-ID: ...", "* X-Deleted: ...", and "  Subject: ..." for
 * headers without a type), folded lines starting with white space.  They
 * carry no timestamp; they are Exim's lines, not unrecognised, and say
 * nothing about TLS beyond the rejection line itself (a Received header's
 * "with esmtps (TLS1.3) tls ..." repeats that session's "<=" line).  The
 * text is untrusted; only the first bytes are looked at.
 */
#include <string.h>

#include "logs/logs_int.h"

/* Header types of Exim's spool and rejectlog dumps (spec ch. "Format"). */
static const char reject_types[] = "*BCFIPRST ";

/* reject_name - "Name:" (letters, digits, '-') at the start of c. */
static bool
reject_name(const struct mt_log_cur *c)
{
	size_t i;

	for (i = 0; i < c->n && i < 80; i++) {
		char ch = c->p[i];

		if (ch == ':')
			return i > 0;
		if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		    (ch >= '0' && ch <= '9') || ch == '-'))
			return false;
	}
	return false;
}

/*
 * mt_log_exim_reject_cont - a rejectlog envelope, header or continuation
 * line (a line without timestamp and program name).
 */
bool
mt_log_exim_reject_cont(const struct mt_log_line *l)
{
	struct mt_log_cur c = l->msg, name;

	if (l->has_time || l->prog.n != 0 || c.n < 2)
		return false;
	if (mt_log_cur_has_prefix(&c, "Envelope-from: ") ||
	    mt_log_cur_has_prefix(&c, "Envelope-to: "))
		return true;
	if (c.p[1] == ' ' && strchr(reject_types, c.p[0]) != NULL &&
	    c.p[0] != '\0') {
		name.p = c.p + 2;
		name.n = c.n - 2;
		if (reject_name(&name))
			return true;
	}
	if (c.p[0] != ' ' && c.p[0] != '\t')
		return false;
	mt_log_cur_skip_spaces(&c);
	while (c.n > 0 && (c.p[0] == '\t' || c.p[0] == ' ')) {
		c.p++;
		c.n--;
	}
	return c.n > 0;		/* a folded header line */
}
