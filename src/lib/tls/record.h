/*
 * record.h - TLS record framing and first-byte classification (internal)
 *
 * No I/O; untrusted input.  Used by flight.c; not part of the public API.
 */
#ifndef MT_TLS_RECORD_H
#define MT_TLS_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TLS_RECORD_HEADER_LEN	5
#define SSL2_HEADER_LEN		2

/* What mt_record_frame() found. */
enum mt_record_status {
	MT_RECORD_MORE = 0,	/* need more bytes */
	MT_RECORD_OK,		/* *rec is one complete record */
	MT_RECORD_BAD,		/* not a valid record header; why is set */
};

struct mt_record {
	uint8_t		 type;		/* TLS_CT_* */
	uint16_t	 version;
	const uint8_t	*fragment;	/* borrowed from the input buffer */
	size_t		 len;		/* fragment length */
};

/*
 * mt_record_frame - frame one record at buf (n bytes available).  off is
 * the stream offset of buf[0], used in why (whylen bytes) on failure.
 */
int	 mt_record_frame(const uint8_t *buf, size_t n, size_t off,
	    struct mt_record *rec, char *why, size_t whylen);

/* What the first bytes of a server's reply look like. */
enum mt_record_start {
	MT_START_MORE = 0,	/* undecided: need more bytes */
	MT_START_TLS,		/* a TLS record header */
	MT_START_SSLV2,		/* an SSLv2 SERVER-HELLO or ERROR */
	MT_START_TEXT,		/* printable text ("250 ...", "HTTP/1.1") */
	MT_START_OTHER,		/* anything else */
};

/*
 * mt_record_classify - classify the first n bytes of a reply; eof means
 * no more will come.  The answer does not depend on how the bytes were
 * split: text is decided at a line end, at MT_RECORD_TEXT_MAX bytes or at
 * eof; SSLv2 once the version field is in (or at eof).
 */
int	 mt_record_classify(const uint8_t *buf, size_t n, bool eof);

#define MT_RECORD_TEXT_MAX	64	/* text quoted in a NOT_TLS result */
#define SSL2_MT_ERROR		0
#define SSL2_MT_SERVER_HELLO	4
/* Header, type, session-id-hit, certificate type and version: 7 bytes. */
#define SSL2_SERVER_HELLO_VERSION_END	7

/*
 * mt_record_quote - quote the first line (at most MT_RECORD_TEXT_MAX bytes,
 * ending before CR/LF or after the first binary byte) into out.
 */
void	 mt_record_quote(const uint8_t *buf, size_t n, char *out, size_t cap);

#endif /* MT_TLS_RECORD_H */
