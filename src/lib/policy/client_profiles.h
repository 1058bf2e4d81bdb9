/*
 * client_profiles.h - what real SMTP clients offer, from their captured
 * ClientHellos (data/client_profiles.tsv, turned into C at build time by
 * tools/gen_client_profiles.py --c-file)
 */
#ifndef MT_CLIENT_PROFILES_H
#define MT_CLIENT_PROFILES_H

#include <stddef.h>

struct mt_client_profile {
	const char	*name;		/* "postfix-3.7" */
	const char	*versions;	/* "tls13,tls12,..." as offered */
	const char	*suites;	/* "0x1302,...", in the order sent */
};

extern const struct mt_client_profile mt_client_profiles[];
extern const size_t mt_client_profiles_count;

#endif /* MT_CLIENT_PROFILES_H */
