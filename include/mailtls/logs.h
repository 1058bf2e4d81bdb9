/*
 * logs.h - TLS evidence from mail logs (Postfix, Exim, sendmail, OpenSMTPD)
 *
 * Log lines are untrusted text.  mt_logs_feed_line() parses one line
 * (at most MT_LOG_LINE_MAX bytes, see mt_limits.h) into a struct
 * mt_log_event when it says something about TLS, correlates lines that
 * belong together (Postfix "SSL_accept error" and the "TLS library problem"
 * that follows from the same process) and aggregates the events per peer,
 * per failure class and per negotiated parameter.  Nothing here prints.
 */
#ifndef MAILTLS_LOGS_H
#define MAILTLS_LOGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "mailtls/error.h"

enum mt_log_mta {
	MT_LOG_MTA_UNKNOWN = 0,
	MT_LOG_MTA_POSTFIX,
	MT_LOG_MTA_EXIM,
	MT_LOG_MTA_SENDMAIL,
	MT_LOG_MTA_OPENSMTPD,
	MT_LOG_NMTA
};

enum mt_log_dir {
	MT_LOG_DIR_UNKNOWN = 0,
	MT_LOG_DIR_IN,		/* a peer connected to us (server side) */
	MT_LOG_DIR_OUT,		/* we connected to a peer (client side) */
	MT_LOG_NDIR
};

enum mt_log_kind {
	MT_LOG_KIND_OTHER = 0,
	MT_LOG_KIND_TLS_OK,		/* a handshake completed */
	MT_LOG_KIND_TLS_FAIL,		/* a handshake or TLS session failed */
	MT_LOG_KIND_STARTTLS_MISSING,	/* TLS required, peer did not offer */
	MT_LOG_KIND_PLAINTEXT,		/* a message moved without TLS */
	MT_LOG_NKIND
};

/* Certificate verification as the MTA logged it. */
enum mt_log_verify {
	MT_LOG_VERIFY_UNKNOWN = 0,	/* not logged */
	MT_LOG_VERIFY_ANONYMOUS,	/* no certificate (Anonymous, verify=NO) */
	MT_LOG_VERIFY_UNTRUSTED,	/* Untrusted, CV=no, verify=FAIL */
	MT_LOG_VERIFY_TRUSTED,		/* Trusted: chain ok, name not checked */
	MT_LOG_VERIFY_VERIFIED,		/* Verified, CV=yes, CV=dane, verify=OK */
	MT_LOG_NVERIFY
};

enum mt_log_class {
	MT_LOG_CLASS_NONE = 0,		/* not a failure */
	MT_LOG_CLASS_NO_SHARED_CIPHER,
	MT_LOG_CLASS_VERSION,		/* no protocol version in common */
	MT_LOG_CLASS_WRONG_VERSION_NUMBER, /* non-TLS bytes after STARTTLS */
	MT_LOG_CLASS_ALERT,		/* the peer sent a fatal alert */
	MT_LOG_CLASS_UNEXPECTED_EOF,	/* closed in the handshake, no alert */
	MT_LOG_CLASS_CERT_VERIFY,	/* certificate verification failed */
	MT_LOG_CLASS_DANE,		/* TLSA records did not match */
	MT_LOG_CLASS_TLS_REQUIRED,	/* TLS required but not offered */
	MT_LOG_CLASS_LOST,		/* connection lost after STARTTLS */
	MT_LOG_CLASS_TIMEOUT,		/* handshake timed out */
	MT_LOG_CLASS_LOCAL_CONFIG,	/* our own key, certificate or files */
	MT_LOG_CLASS_UNKNOWN,		/* a TLS failure not yet classified */
	MT_LOG_NCLASS
};

#define MT_LOG_HOST_MAX		256
#define MT_LOG_IP_MAX		64
#define MT_LOG_VERSION_MAX	16
#define MT_LOG_CIPHER_MAX	96
#define MT_LOG_KX_MAX		32
#define MT_LOG_ALERT_MAX	48
#define MT_LOG_REASON_MAX	256
#define MT_LOG_VTEXT_MAX	16

/* One piece of evidence from a log; every string is NUL-terminated. */
struct mt_log_event {
	time_t		 when;		/* UTC; 0 if the line had no time */
	int		 mta;		/* enum mt_log_mta */
	int		 direction;	/* enum mt_log_dir */
	int		 kind;		/* enum mt_log_kind */
	int		 fail_class;	/* enum mt_log_class */
	int		 verify;	/* enum mt_log_verify */
	int		 bits;		/* symmetric key bits, 0 if unknown */
	unsigned long	 pid;		/* process id, 0 if none */
	char		 host[MT_LOG_HOST_MAX];	/* peer name, "" if unknown */
	char		 ip[MT_LOG_IP_MAX];	/* peer address, "" if unknown */
	char		 version[MT_LOG_VERSION_MAX];	/* "TLSv1.3" */
	char		 cipher[MT_LOG_CIPHER_MAX];
	char		 kx[MT_LOG_KX_MAX];	/* key exchange, "X25519" */
	char		 verify_text[MT_LOG_VTEXT_MAX];	/* "CV=yes" */
	char		 alert[MT_LOG_ALERT_MAX];	/* "bad_certificate" */
	char		 reason[MT_LOG_REASON_MAX];	/* the MTA's own words */
};

/* One row of the failure-class table (data, not code). */
struct mt_log_class_info {
	const char	*id;		/* stable, for JSON: "no_shared_cipher" */
	const char	*title;
	const char	*causes;	/* likely causes, sentences */
	const char	*fix_postfix;
	const char	*fix_opensmtpd;
	const char	*fix_sendmail;
	const char	*fix_exim;
};

/* mt_log_class_info - the row of class c, or NULL if out of range. */
const struct mt_log_class_info *mt_log_class_info(int c);
/* Stable lower-case names of the enums, for JSON and tables. */
const char	*mt_log_mta_name(int);
const char	*mt_log_dir_name(int);
const char	*mt_log_kind_name(int);
const char	*mt_log_verify_name(int);

/* Counters of what was read; nothing is dropped without being counted. */
struct mt_logs_counts {
	uint64_t	lines;		/* lines read */
	uint64_t	recognised;	/* lines of a known MTA with a header */
	uint64_t	unrecognised;	/* no known shape, NUL bytes, garbage */
	uint64_t	skipped;	/* longer than MT_LOG_LINE_MAX */
	uint64_t	cut;		/* partial lines lost when a followed
					 * file was rewritten in place */
	uint64_t	filtered;	/* events left out by the filter */
	uint64_t	events;		/* events aggregated */
	uint64_t	bytes;
};

/* Filters: events outside them are counted in filtered, not aggregated. */
struct mt_logs_filter {
	time_t		 since;		/* 0: no lower bound */
	time_t		 until;		/* 0: no upper bound */
	const char	*peer;		/* host or IP, NULL: any (copied) */
	int		 direction;	/* MT_LOG_DIR_UNKNOWN: any */
};

/* Aggregates, read through mt_logs_summary(); all borrowed. */
struct mt_logs_peer {
	/* The fields every event touches come first (two cache lines). */
	int		 direction;
	int		 mta;
	uint64_t	 ok;
	uint64_t	 fail;
	uint64_t	 plaintext;	/* messages moved without TLS */
	time_t		 first;
	time_t		 last;
	time_t		 last_fail;
	bool		 ok_after_fail;	/* TLS worked after a failure */
	bool		 downgrade;	/* plaintext after a TLS failure */
	char		 ip[MT_LOG_IP_MAX];
	char		 host[MT_LOG_HOST_MAX];
	uint64_t	 by_class[MT_LOG_NCLASS];
	char		 example[MT_LOG_REASON_MAX];	/* a failure reason */
	char		 alert[MT_LOG_ALERT_MAX];	/* last alert named */
	char		 net[MT_LOG_IP_MAX];	/* "192.0.2.0/24" when grouped */
	uint64_t	 hosts;		/* distinct addresses in the row */
};

/* A row of a "value: count" table (versions, ciphers, kx, verify). */
struct mt_logs_tally {
	char		 value[MT_LOG_CIPHER_MAX];
	int		 direction;
	uint64_t	 count;
};

enum mt_logs_table {
	MT_LOGS_T_VERSION = 0,
	MT_LOGS_T_CIPHER,
	MT_LOGS_T_KX,
	MT_LOGS_T_VERIFY,
	MT_LOGS_T_ALERT,
	MT_LOGS_NTABLES
};

struct mt_logs_summary {
	struct mt_logs_counts		 counts;
	uint64_t			 by_kind[MT_LOG_NKIND];
	uint64_t			 by_class[MT_LOG_NCLASS];
	uint64_t			 by_mta[MT_LOG_NMTA];
	char				 class_example[MT_LOG_NCLASS]
					    [MT_LOG_REASON_MAX]; /* first seen */
	time_t				 first;
	time_t				 last;
	const struct mt_logs_peer	*peers;	/* sorted: failures first */
	size_t				 npeers;
	const struct mt_logs_tally	*table[MT_LOGS_NTABLES]; /* by count */
	size_t				 ntable[MT_LOGS_NTABLES];
};

struct mt_logs;

/*
 * mt_logs_new - an empty aggregation; year is used for timestamps that
 * have none (RFC 3164).  NULL on allocation failure.
 */
struct mt_logs	*mt_logs_new(int year);
void		 mt_logs_free(struct mt_logs *);
/* mt_logs_set_filter - copies f; 0, or -1 on allocation failure. */
int		 mt_logs_set_filter(struct mt_logs *, const struct mt_logs_filter *);
/* mt_logs_set_event_cb - call cb for every event as it is aggregated. */
void		 mt_logs_set_event_cb(struct mt_logs *,
		    void (*)(const struct mt_log_event *, void *), void *);
/*
 * mt_logs_set_unrecognised_cb - call cb with each unrecognised line
 * (borrowed, not NUL-terminated) and its length.
 */
void		 mt_logs_set_unrecognised_cb(struct mt_logs *,
		    void (*)(const char *, size_t, void *), void *);
/*
 * mt_logs_feed_line - parse one line (borrowed; no newline; len bytes, may
 * hold NULs).  Lines over MT_LOG_LINE_MAX are counted as skipped.
 */
void		 mt_logs_feed_line(struct mt_logs *, const char *, size_t);
/*
 * mt_logs_feed_file - read a plain or gzip file ("-" is stdin) line by
 * line.  0, or -1 with the reason in e when the file cannot be opened or
 * is corrupt (the lines read before stay counted).
 */
int		 mt_logs_feed_file(struct mt_logs *, const char *,
		    struct mt_error *);
/*
 * mt_logs_flush - emit every event still waiting for a line that may
 * complete it (a reason, a deferral); for a follower that saw no new line
 * for a while.  Sessions' peers are kept.
 */
void		 mt_logs_flush(struct mt_logs *);
/*
 * mt_logs_summary - finish pending correlations and sort the aggregates;
 * the pointers in the summary stay valid until the next feed or free.
 */
const struct mt_logs_summary *mt_logs_summary(struct mt_logs *);
/*
 * mt_logs_summary_by_net - the summary with peers grouped by network:
 * IPv4 addresses (and IPv4-mapped IPv6) by their first v4len bits (0-32),
 * IPv6 by their first v6len bits (0-128), per direction; a row's net is
 * then "192.0.2.0/24" and hosts its number of distinct addresses.  Peers
 * without an address ("unknown", names only) stay rows of their own.
 * NULL with the reason in e for lengths out of range.  Valid as
 * mt_logs_summary's result.
 */
const struct mt_logs_summary *mt_logs_summary_by_net(struct mt_logs *,
		    int v4len, int v6len, struct mt_error *);

/*
 * Following a growing file (tail -F), surviving rotation by rename (the
 * rest of the old file is read, then the new one from its start) and
 * truncation in place (copytruncate: reading restarts at 0).
 */
struct mt_logs_follow;

#define MT_LOGS_FOLLOW_FROM_START	0x01	/* read what is there first */

struct mt_logs_follow_stats {
	uint64_t	bytes;		/* bytes read and fed */
	uint64_t	rotations;	/* a new file at the path */
	uint64_t	truncations;	/* the file shrank: read from 0 */
	uint64_t	reopens;	/* the path came back after missing */
	uint64_t	missing_reports;
	uint64_t	unread;		/* bytes there not read yet (now) */
};

/*
 * mt_logs_follow_open - follow path (copied) into lg (borrowed; it must
 * outlive the follower), from the current end of the file (like tail -f
 * -n0) unless flags has MT_LOGS_FOLLOW_FROM_START.  NULL with the reason
 * in e when the file cannot be opened, is not a regular file, is stdin or
 * is gzip-compressed.
 */
struct mt_logs_follow *mt_logs_follow_open(struct mt_logs *, const char *,
		    int flags, struct mt_error *);
/*
 * mt_logs_follow_poll - feed what is new once; never blocks or sleeps.
 * 0, or -1 with a reason in e that is worth telling but not fatal (the
 * path has been missing for the grace period, reported once per absence;
 * a read error): the follower keeps trying on the next poll.
 */
int		 mt_logs_follow_poll(struct mt_logs_follow *, struct mt_error *);
/*
 * mt_logs_follow_set_grace - report a missing path, and close a rotated
 * file quiet at its end, after ms (2000); 0 closes it as soon as it is
 * read (before a last poll).
 */
void		 mt_logs_follow_set_grace(struct mt_logs_follow *, unsigned);
void		 mt_logs_follow_stats(const struct mt_logs_follow *,
		    struct mt_logs_follow_stats *);
/*
 * mt_logs_follow_close - feed a last line without newline if its file was
 * read to its end (stats' unread is 0 then); NULL-safe.
 */
void		 mt_logs_follow_close(struct mt_logs_follow *);

/*
 * mt_log_parse_line - parse one line on its own (no correlation) into ev;
 * true if it is a line of a known MTA.  For tests and tools.
 */
bool		 mt_log_parse_line(const char *, size_t, int year,
		    struct mt_log_event *);

#endif /* MAILTLS_LOGS_H */
