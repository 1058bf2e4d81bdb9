/*
 * probe_int.h - the probe's state, shared by probe.c (the engine: tasks,
 * scheduling, attempts, results) and probe_config.c (the public setters,
 * targets and result accessors); not exported
 */
#ifndef MT_PROBE_INT_H
#define MT_PROBE_INT_H

#include <sys/socket.h>
#include <sys/time.h>

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <event2/event.h>

#include "mailtls/probe.h"
#include "net/enumerate.h"

#define PROBE_TARGETS_MAX	256
#define PROBE_BACKOFF_MS	2000
#define PROBE_INFLIGHT_MAX	128	/* all targets together: fds */

enum ptask_kind {
	PTASK_SUITES = 1,
	PTASK_GROUPS,
	PTASK_CHAIN,
};

struct ptarget;

struct ptask {
	struct ptarget	*t;
	int		 kind;		/* enum ptask_kind */
	int		 vi;		/* index into versions[] */
	struct mt_enum	 en;
	bool		 inited;
	bool		 active;	/* a connection is in flight */
	bool		 done;
	int		 retries;	/* of the current step */
	unsigned	 depth;		/* handshakes of its sequence so far
					 * (a lane counts its parent's) */
};

#define PTASKS_MAX	(2 * MT_PROBE_VERSIONS + 6)
#define PROBE_LANES	3

struct ptarget {
	struct mt_probe	*p;
	struct mt_target_result res;
	bool		 numeric;	/* res.address given, no resolving */
	struct sockaddr_storage addr;
	socklen_t	 addrlen;
	char		 sni[256];	/* "" for none */
	bool		 resolved;
	bool		 answered;	/* some connection reached TLS */
	int		 direct;	/* 1: an EHLO showed STARTTLS, later
					 * connections send it at once; -1:
					 * the server wanted EHLO first (for
					 * good); 0: not known yet */
	bool		 aborted;
	bool		 finished;
	int		 inflight;
	struct ptask	 tasks[PTASKS_MAX];
	size_t		 ntasks;
	struct timeval	 start;
	struct timeval	 last_connect;
	struct event	*delay_ev;
	int		 par;		/* connections at once, now */
	bool		 backing_off;	/* after a 421: nothing starts */
	struct event	*backoff_ev;
	/* Chain as sent, from libssl or else from a raw TLS <= 1.2 flight. */
	size_t		 ncerts;
	uint8_t		*certs[MT_CHAIN_MAX];
	size_t		 cert_len[MT_CHAIN_MAX];
	bool		 chain_from_libssl;
	char		 chain_note[200];	/* why there is no chain */
};

struct mt_probe {
	struct mt_error	 error;
	struct event_base *base;
	void		*ssl_ctx;
	struct ptarget	*targets[PROBE_TARGETS_MAX];
	size_t		 ntargets;
	int		 mode;
	int		 family;
	int		 timeout_ms;
	int		 max_parallel;
	int		 delay_ms;
	char		*cafile;
	time_t		 at;
	char		*ehlo_name;
	char		*sni;
	mt_probe_progress_cb *progress;
	void		*progress_arg;
	int		 inflight;	/* connections open, all targets */
	bool		 chain_only;
	atomic_bool	 warm_stop;	/* probe_warm: stop making shares */
	bool		 base_borrowed;	/* the caller's loop (shared) */
};

#endif /* MT_PROBE_INT_H */
