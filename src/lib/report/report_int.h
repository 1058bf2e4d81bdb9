/*
 * report_int.h - helpers shared by the findings rules and the renderers
 *
 * Internal to libmailtls (not exported).  Everything here is pure: no I/O,
 * no wall clock; buffers are the caller's and are always NUL-terminated.
 */
#ifndef MT_REPORT_INT_H
#define MT_REPORT_INT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "mailtls/chain.h"

/* A chain problem bit and its stable JSON name ("missing_intermediate"). */
struct mt_report_problem {
	uint32_t	 bit;
	const char	*name;
};

extern const struct mt_report_problem mt_report_problems[];
extern const size_t mt_report_nproblems;

/* mt_report_state_name - "accepted", "refused", "error", "untested". */
const char	*mt_report_state_name(int);
/* mt_report_pref_name - "server", "client", "unknown". */
const char	*mt_report_pref_name(int);
/* mt_report_time_iso - "2026-11-22T00:00:00Z" into buf. */
void		 mt_report_time_iso(time_t, char *, size_t);
/* mt_report_date - "2026-11-22" into buf. */
void		 mt_report_date(time_t, char *, size_t);
/* mt_report_suite_label - OpenSSL name, else IANA, else "0xC02F" in buf. */
const char	*mt_report_suite_label(uint16_t, char *, size_t);
/* mt_report_group_label - IANA group name, else "0x001D" in buf. */
const char	*mt_report_group_label(uint16_t, char *, size_t);
/* mt_report_cert_role - "leaf", "intermediate" or "root" for certs[i]. */
const char	*mt_report_cert_role(const struct mt_chain_report *, size_t);
/* mt_report_cert_name - the CN of an RFC 2253 subject, else the subject. */
void		 mt_report_cert_name(const char *, char *, size_t);

struct mt_danecheck;
/* mt_report_dane_doc - a "mailtls-dane" document (jansson json_t *). */
struct json_t	*mt_report_dane_doc(const struct mt_danecheck *);

#endif /* MT_REPORT_INT_H */
