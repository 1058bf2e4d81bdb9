/*
 * flight.h - read a server's first flight: record framing (RFC 5246 6.2,
 * RFC 8446 5.1), handshake reassembly, ServerHello/HelloRetryRequest,
 * Certificate, ServerKeyExchange, ServerHelloDone, Alert, and SSLv2-format
 * replies
 *
 * Input is untrusted and arrives in arbitrary pieces: mt_flight_feed() may
 * be called with any split of the byte stream, records may carry several
 * handshake messages and a message may span records.  Records over
 * MT_TLS_RECORD_MAX, messages over MT_TLS_HANDSHAKE_MAX and flights over
 * MT_TLS_FLIGHT_MAX end the read as malformed.  Certificates are copied.
 */
#ifndef MT_TLS_FLIGHT_H
#define MT_TLS_FLIGHT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/mt_limits.h"

/* Wire constants (RFC names). */
#define TLS_CT_CHANGE_CIPHER_SPEC	20
#define TLS_CT_ALERT			21
#define TLS_CT_HANDSHAKE		22
#define TLS_CT_APPLICATION_DATA		23
#define TLS_HT_CLIENT_HELLO		1
#define TLS_HT_SERVER_HELLO		2
#define TLS_HT_CERTIFICATE		11
#define TLS_HT_SERVER_KEY_EXCHANGE	12
#define TLS_HT_CERTIFICATE_REQUEST	13
#define TLS_HT_SERVER_HELLO_DONE	14
#define TLSEXT_SERVER_NAME		0
#define TLSEXT_SUPPORTED_GROUPS		10
#define TLSEXT_EC_POINT_FORMATS		11
#define TLSEXT_SIGNATURE_ALGORITHMS	13
#define TLSEXT_EXTENDED_MASTER_SECRET	23
#define TLSEXT_SESSION_TICKET		35
#define TLSEXT_SUPPORTED_VERSIONS	43
#define TLSEXT_KEY_SHARE		51
#define TLSEXT_RENEGOTIATION_INFO	0xff01

enum mt_flight_kind {
	MT_FLIGHT_NONE = 0,	/* nothing complete yet */
	MT_FLIGHT_HELLO,	/* a ServerHello (and what followed it) */
	MT_FLIGHT_HRR,		/* HelloRetryRequest */
	MT_FLIGHT_ALERT,	/* an Alert record came first */
	MT_FLIGHT_SSLV2,	/* an SSLv2 SERVER-HELLO or error */
	MT_FLIGHT_NOT_TLS,	/* bytes that are not TLS (e.g. "250 ...") */
	MT_FLIGHT_MALFORMED,	/* TLS framing or a message did not parse */
};

enum mt_flight_status {
	MT_FLIGHT_MORE = 0,	/* feed more bytes */
	MT_FLIGHT_DONE,		/* result ready; stop reading */
};

struct mt_server_flight {
	int		 kind;		/* enum mt_flight_kind */
	uint16_t	 record_version; /* of the first record */
	uint16_t	 legacy_version; /* ServerHello.legacy_version */
	uint16_t	 version;	/* negotiated: supported_versions or legacy */
	uint16_t	 cipher;
	uint8_t		 compression;
	uint16_t	 group;		/* key_share / HRR group, or SKE named curve */
	bool		 have_ske;
	bool		 ske_ecdhe;	/* SKE with a named curve */
	bool		 ske_dhe;	/* SKE with explicit DH params */
	uint16_t	 dh_bits;	/* DHE prime size in bits */
	bool		 hello_done;	/* ServerHelloDone seen */
	bool		 cert_request;
	bool		 secure_reneg;	/* renegotiation_info in ServerHello */
	bool		 ems;		/* extended_master_secret in ServerHello */
	uint8_t		 alert_level;
	uint8_t		 alert_desc;
	size_t		 ncerts;	/* Certificate message (TLS <= 1.2) */
	uint8_t		*certs[MT_CHAIN_MAX];	/* DER copies, owned */
	size_t		 cert_len[MT_CHAIN_MAX];
	char		 error[160];	/* MALFORMED/NOT_TLS: what and where */
};

struct mt_flight;

struct mt_flight *mt_flight_new(void);
void		 mt_flight_free(struct mt_flight *);
/*
 * mt_flight_feed - hand over the next n bytes from the server.  Returns
 * MT_FLIGHT_DONE once the result is decided: a TLS 1.3 ServerHello or HRR,
 * ServerHelloDone, an alert, SSLv2, non-TLS or malformed bytes.
 */
int		 mt_flight_feed(struct mt_flight *, const uint8_t *, size_t);
/*
 * mt_flight_eof - the peer closed; returns the result so far (kind NONE if
 * nothing complete arrived; a ServerHello without ServerHelloDone stays
 * HELLO).
 */
const struct mt_server_flight *mt_flight_eof(struct mt_flight *);
/* mt_flight_result - borrowed; valid until mt_flight_free(). */
const struct mt_server_flight *mt_flight_result(const struct mt_flight *);
/* mt_flight_bytes - total bytes fed so far. */
size_t		 mt_flight_bytes(const struct mt_flight *);

#endif /* MT_TLS_FLIGHT_H */
