/*
 * mt_limits.h - every cap on untrusted input, in one place
 *
 * Each growable buffer and each parser takes its bound from here.
 */
#ifndef MT_LIMITS_H
#define MT_LIMITS_H

#define MT_SMTP_LINE_MAX	16384	/* one reply line, bytes */
#define MT_SMTP_REPLY_LINES_MAX	128	/* lines in one multi-line reply */
#define MT_SMTP_TRANSCRIPT_MAX	64	/* dialogue lines kept per session */
#define MT_TLS_RECORD_MAX	(16384 + 2048)	/* TLSCiphertext limit */
#define MT_TLS_HANDSHAKE_MAX	65536	/* one reassembled handshake message */
#define MT_TLS_FLIGHT_MAX	(256 * 1024)	/* bytes read for one server flight */
#define MT_TLS_HELLO_MAX	4096	/* a ClientHello we build */
#define MT_CHAIN_MAX		16	/* certificates kept from one chain */
#define MT_LOG_LINE_MAX		65536
#define MT_TCP_FLOW_MAX		(1024 * 1024)

#endif /* MT_LIMITS_H */
