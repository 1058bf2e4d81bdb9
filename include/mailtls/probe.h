/*
 * probe.h - probe SMTP servers: STARTTLS/implicit TLS, versions, suites,
 * groups, preference and the certificate chain
 *
 * struct mt_probe is an opaque handle holding the settings and the event
 * loop; mt_probe_run() probes every target and leaves one plain
 * struct mt_target_result per target, owned by the handle.
 */
#ifndef MAILTLS_PROBE_H
#define MAILTLS_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "mailtls/chain.h"
#include "mailtls/error.h"
#include "mailtls/finding.h"

#define MT_PROBE_VERSIONS	5	/* SSLv3, TLS 1.0, 1.1, 1.2, 1.3 */
#define MT_PROBE_SUITES_MAX	512
#define MT_PROBE_GROUPS_MAX	64
#define MT_PROBE_FINDINGS_MAX	64
#define MT_PROBE_DIALOGUE_MAX	64

enum mt_tls_mode {
	MT_MODE_AUTO = 0,	/* by port: 465 implicit, else STARTTLS */
	MT_MODE_STARTTLS,
	MT_MODE_IMPLICIT,
	MT_MODE_LMTP,		/* LHLO, then STARTTLS */
};

enum mt_vstate {
	MT_V_UNTESTED = 0,
	MT_V_ACCEPTED,
	MT_V_REFUSED,		/* alert, close, or a lower version answered */
	MT_V_ERROR,		/* could not find out (timeouts, rate limits) */
};

enum mt_pref {
	MT_PREF_UNKNOWN = 0,
	MT_PREF_SERVER,		/* server picks by its own order */
	MT_PREF_CLIENT,		/* server follows the client's order */
};

struct mt_suite_seen {
	uint16_t	 code;		/* cipher suite */
	uint16_t	 group;		/* key-exchange group seen, 0 if none */
	uint16_t	 dh_bits;	/* DHE prime size, 0 if not DHE */
};

struct mt_version_result {
	uint16_t	 version;	/* MT_SSL3 ... MT_TLS13 */
	int		 state;		/* enum mt_vstate */
	char		 refusal[160];	/* how it said no: "alert handshake_failure (40)" */
	size_t		 nsuites;
	struct mt_suite_seen suites[MT_PROBE_SUITES_MAX]; /* server's order */
	int		 preference;	/* enum mt_pref */
	bool		 incomplete;	/* the run was cut short (timeouts,
					 * rate limits): suites may be missing */
	size_t		 ngroups;
	uint16_t	 groups[MT_PROBE_GROUPS_MAX];	/* server's order */
	bool		 groups_complete; /* enumerated until the server
					 * refused the rest; false: groups
					 * seen, more may be accepted */
};

struct mt_dialogue_line {
	char		 dir;		/* 'C' client, 'S' server */
	char		 text[160];	/* truncated line */
};

struct mt_target_result {
	char		 target[300];	/* as given: host[:port] */
	char		 host[256];	/* name probed */
	char		 mx_domain[256]; /* --mx domain, or "" */
	char		 address[64];	/* numeric address used */
	uint16_t	 port;
	int		 mode;		/* enum mt_tls_mode, resolved */
	bool		 completed;	/* false: error says why */
	struct mt_error	 error;		/* why it could not be probed */
	char		 banner[256];	/* greeting, first line */
	bool		 starttls_offered;
	size_t		 ndialogue;
	struct mt_dialogue_line dialogue[MT_PROBE_DIALOGUE_MAX];
	struct mt_version_result versions[MT_PROBE_VERSIONS];
	bool		 have_chain;
	uint16_t	 chain_version;	/* version of the chain handshake */
	uint16_t	 chain_suite;
	struct mt_chain_report chain;
	size_t		 nfindings;
	struct mt_finding findings[MT_PROBE_FINDINGS_MAX];
	unsigned	 connections;	/* TCP connections opened */
	unsigned	 handshakes;	/* ClientHellos sent */
	unsigned	 rate_limited;	/* 421s / refusals met mid-run */
	unsigned	 retries;
	double		 elapsed;	/* seconds */
};

struct mt_probe;

/* Progress callback: called on the loop thread after each handshake. */
typedef void	 mt_probe_progress_cb(const char *target, unsigned done,
		    unsigned estimate, void *arg);

struct mt_probe	*mt_probe_new(void);
void		 mt_probe_free(struct mt_probe *);
const struct mt_error *mt_probe_error(const struct mt_probe *);

/* Settings; string setters copy. */
int		 mt_probe_add_target(struct mt_probe *, const char *);
/* mt_probe_add_mx - look up MX of domain and add each host (port 25). */
int		 mt_probe_add_mx(struct mt_probe *, const char *);
/*
 * mt_probe_add_target_at - probe name (for SNI and name checks) at a
 * numeric address already resolved elsewhere (validated DNS).
 */
int		 mt_probe_add_target_at(struct mt_probe *, const char *name,
		    const char *address, uint16_t port);
/*
 * mt_probe_set_event_base - run on the caller's libevent loop (borrowed),
 * e.g. one the validating resolver shares; mt_probe_run() dispatches it.
 */
struct event_base;
void		 mt_probe_set_event_base(struct mt_probe *, struct event_base *);
/* mt_probe_set_chain_only - only fetch the chain: one connection. */
void		 mt_probe_set_chain_only(struct mt_probe *, bool);
void		 mt_probe_set_mode(struct mt_probe *, int);	/* mt_tls_mode */
void		 mt_probe_set_family(struct mt_probe *, int);	/* AF_UNSPEC/INET/INET6 */
void		 mt_probe_set_timeout(struct mt_probe *, int);	/* ms per step */
void		 mt_probe_set_max_parallel(struct mt_probe *, int);
void		 mt_probe_set_delay(struct mt_probe *, int);	/* ms between connects */
int		 mt_probe_set_cafile(struct mt_probe *, const char *);
void		 mt_probe_set_at(struct mt_probe *, time_t);
int		 mt_probe_set_ehlo_name(struct mt_probe *, const char *);
int		 mt_probe_set_sni(struct mt_probe *, const char *);
void		 mt_probe_set_progress(struct mt_probe *, mt_probe_progress_cb *,
		    void *);

/* mt_probe_run - probe every target; 0 once all ran (each may have failed). */
int		 mt_probe_run(struct mt_probe *);
size_t		 mt_probe_result_count(const struct mt_probe *);
const struct mt_target_result *mt_probe_result(const struct mt_probe *, size_t);
/*
 * mt_probe_result_chain - the chain target i sent, DER, leaf first;
 * borrowed until mt_probe_free().  Returns the number of certificates.
 */
size_t		 mt_probe_result_chain(const struct mt_probe *, size_t,
		    const uint8_t *const **der, const size_t **len);

/* mt_probe_mode_name - "starttls", "implicit", "lmtp". */
const char	*mt_probe_mode_name(int);

#endif /* MAILTLS_PROBE_H */
