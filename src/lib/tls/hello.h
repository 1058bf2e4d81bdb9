/*
 * hello.h - ClientHello builder (RFC 5246 7.4.1.2, RFC 8446 4.1.2) and
 * key shares (RFC 8446 4.2.8) for SSLv3 and TLS 1.0-1.3
 *
 * No I/O.  The builder writes one complete TLS record (header included)
 * into a caller buffer; every length is patched by mt_cbb.
 */
#ifndef MT_TLS_HELLO_H
#define MT_TLS_HELLO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mailtls/error.h"

struct mt_hello_params {
	uint16_t	 record_version;	/* 0x0300 for SSLv3, else 0x0301 */
	uint16_t	 client_version;	/* legacy_version: 0x0300..0x0303 */
	const uint16_t	*suites;
	size_t		 nsuites;
	bool		 no_extensions;		/* SSLv3-style hello */
	const char	*sni;			/* server_name, NULL for none */
	const uint16_t	*versions;		/* supported_versions, if n > 0 */
	size_t		 nversions;
	const uint16_t	*groups;		/* supported_groups, if n > 0 */
	size_t		 ngroups;
	const uint16_t	*key_shares;		/* groups to send a share for */
	size_t		 nkey_shares;
	const uint16_t	*sigalgs;		/* signature_algorithms, if n > 0 */
	size_t		 nsigalgs;
	bool		 ec_point_formats;	/* uncompressed only */
	bool		 reneg_info;		/* empty renegotiation_info */
	bool		 ems;			/* extended_master_secret */
	bool		 session_ticket;	/* empty session_ticket */
};

/*
 * mt_client_hello_build - write a ClientHello record into out (cap bytes)
 * and set *outlen.  Key shares are made with fresh keys (libcrypto) and the
 * private halves are wiped at once: we never finish a TLS 1.3 handshake.
 * Returns 0, or -1 with err set (too large, unknown key-share group).
 */
int	 mt_client_hello_build(const struct mt_hello_params *, uint8_t *out,
	    size_t cap, size_t *outlen, struct mt_error *err);

/*
 * mt_keyshare_public - fresh public key for group (x25519, x448, secp256r1,
 * secp384r1, secp521r1, ffdhe2048..8192) into out; -1 if unsupported.
 */
int	 mt_keyshare_public(uint16_t group, uint8_t *out, size_t cap,
	    size_t *outlen);
/*
 * mt_keyshare_public_reuse - like mt_keyshare_public, but one value per
 * group for the whole process (made on first use, thread-safe): what the
 * probe's hellos send, since they never complete a handshake.
 */
int	 mt_keyshare_public_reuse(uint16_t group, uint8_t *out, size_t cap,
	    size_t *outlen);

/* Registry lists for hellos: every sigalg, every group we can share. */
size_t	 mt_hello_default_sigalgs(uint16_t *out, size_t cap);

#endif /* MT_TLS_HELLO_H */
