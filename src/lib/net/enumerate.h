/*
 * enumerate.h - the probe's enumeration strategy, without I/O
 *
 * Per protocol version, offer every candidate not yet seen accepted; the
 * server picks one; take it out; repeat until the server refuses.  That
 * costs (accepted + 1) handshakes.  The offered order alternates between
 * forward and reversed: a server that follows the client's preference then
 * picks from alternate ends of the accepted set, any other pattern is the
 * server's own order.  While the pattern holds, each hello also offers the
 * first two picks last, second before first: a server that follows the
 * client answers with the second once nothing new is left, which both
 * confirms its preference and ends the run (it replaces the refusal); a
 * server with its own order answers with the first.
 * Groups are enumerated the same way, after the version's suites (or
 * once two picks named known groups): the suite hellos list the groups
 * not yet seen first (TLS 1.2) or carry a key share for one before an
 * x25519 share (TLS 1.3), so a server that follows the client's order
 * shows most of its groups on the way and the group hellos only have to
 * find the rest and the refusal.  The caller turns each step into a
 * ClientHello (mt_enum_next) and hands back what the server answered
 * (mt_enum_absorb); nothing here touches the network, so the strategy is
 * tested against simulated servers.
 */
#ifndef MT_ENUMERATE_H
#define MT_ENUMERATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mailtls/probe.h"
#include "tls/flight.h"
#include "tls/hello.h"

enum mt_enum_kind {
	MT_ENUM_SUITES = 1,	/* which suites a version accepts */
	MT_ENUM_GROUPS,		/* which key-exchange groups a version accepts */
};

/* What the server did with one ClientHello. */
enum mt_enum_outcome {
	MT_ENUM_ANSWERED = 0,	/* flight parsed: see struct mt_server_flight */
	MT_ENUM_CLOSED,		/* closed the connection without an answer */
	MT_ENUM_TIMEOUT,	/* no answer before the deadline */
	MT_ENUM_FAILED,		/* could not get as far as sending the hello */
};

#define MT_ENUM_LIST_MAX	MT_PROBE_SUITES_MAX

/* The groups TLS 1.3 hellos send key shares for, in the order used. */
#define MT_ENUM_NSHAREABLE	5
extern const uint16_t mt_enum_shareable[MT_ENUM_NSHAREABLE];

struct mt_enum {
	int		 kind;		/* enum mt_enum_kind */
	uint16_t	 version;	/* MT_SSL3 ... MT_TLS13 */
	struct mt_version_result *vr;	/* where results go (borrowed) */
	uint16_t	 cand[MT_ENUM_LIST_MAX];	/* not yet seen */
	size_t		 ncand;
	unsigned	 steps;		/* hellos absorbed */
	bool		 done;
	bool		 confirming;	/* the extra hello that settles order */
	bool		 tail;		/* the hello ends with picks 2 and 1 */
	bool		 confirmed;	/* vr->preference is settled */
	bool		 split_ok;	/* caller may run lanes (mt_enum_split) */
	bool		 part;		/* one lane of a split enumeration */
	uint16_t	 order[MT_ENUM_LIST_MAX];	/* candidates at start */
	size_t		 norder;
	bool		 pick_rev[MT_ENUM_LIST_MAX];	/* offered reversed */
	/* Current hello: storage the params point into. */
	uint16_t	 offer[MT_ENUM_LIST_MAX];	/* suites offered */
	size_t		 noffer;
	uint16_t	 groups[MT_PROBE_GROUPS_MAX];
	size_t		 ngroups;
	size_t		 nunseen;	/* groups[] not yet seen, listed first */
	unsigned	 known_picks;	/* picks of a group already seen when
					 * the hello was sent */
	uint16_t	 shares[2];	/* key share groups (TLS 1.3) */
	size_t		 nshares;
	uint16_t	 sigalgs[64];
	size_t		 nsigalgs;
	uint16_t	 versions[1];
	char		 sni[256];
};

/*
 * mt_enum_init - prepare an enumeration of kind for version, writing into
 * vr (borrowed).  sni may be NULL.  For MT_ENUM_GROUPS, groups already
 * seen in vr->groups are not offered again.
 */
void	 mt_enum_init(struct mt_enum *, int kind, uint16_t version,
	    struct mt_version_result *vr, const char *sni);
/*
 * mt_enum_next - fill hp for the next hello; false when the enumeration is
 * over (hp untouched).  hp points into e until the next call.
 */
bool	 mt_enum_next(struct mt_enum *, struct mt_hello_params *hp);
/* mt_enum_absorb - record what the server answered to the last hello. */
void	 mt_enum_absorb(struct mt_enum *, int outcome,
	    const struct mt_server_flight *);

/*
 * mt_enum_split - once a server is seen to follow the client's order, the
 * order of the remaining picks carries no information, so the remaining
 * candidates may be enumerated in k parallel lanes (each costing one more
 * refusal).  Client preference is first confirmed with one hello offering
 * the first two picks in the opposite order (only when split_ok is set).
 * Returns the number of lanes made in parts[] (0 when e may not be split
 * yet or at all).
 * e is done afterwards; the lanes write into the same version result.
 */
size_t	 mt_enum_split(struct mt_enum *e, struct mt_enum *parts, size_t k);

/*
 * mt_enum_sort_suites - list vr's suites strongest first, in the order
 * hellos offer them: for a server that follows the client's order, the
 * order of our picks means nothing.
 */
void	 mt_enum_sort_suites(struct mt_version_result *vr);

/* mt_refusal_text - how a server said no, for reports ("alert ..."). */
void	 mt_refusal_text(int outcome, const struct mt_server_flight *,
	    char *, size_t);

#endif /* MT_ENUMERATE_H */
