/*
 * finding.h - findings: what mailtls concludes about a server
 *
 * A finding is data: a catalog id, a severity, what it is about and the
 * detail.  The catalog (titles, explanations, the fix per MTA) lives in
 * src/lib/findings/ and is looked up by id.
 */
#ifndef MAILTLS_FINDING_H
#define MAILTLS_FINDING_H

#include <stddef.h>

enum mt_severity {
	MT_SEV_INFO = 0,
	MT_SEV_LOW,
	MT_SEV_MEDIUM,
	MT_SEV_HIGH,
	MT_SEV_CRITICAL,
};

struct mt_finding {
	const char	*id;		/* catalog id, static: "tls.sslv3" */
	int		 severity;	/* enum mt_severity */
	char		 subject[128];	/* what it is about: "TLSv1.0", a suite */
	char		 detail[512];	/* one or two sentences with figures */
};

struct mt_finding_fix {
	const char	*mta;		/* "postfix", "opensmtpd", "sendmail", "exim" */
	const char	*fix;		/* the setting(s) to change */
};

struct mt_catalog_entry {
	const char	*id;
	int		 severity;	/* default severity */
	const char	*title;
	const char	*explain;
	struct mt_finding_fix fixes[4];
};

const struct mt_catalog_entry *mt_catalog_lookup(const char *);
size_t		 mt_catalog_count(void);
const struct mt_catalog_entry *mt_catalog_at(size_t);
const char	*mt_severity_name(int);		/* "info" .. "critical" */
/* mt_severity_parse - "low" -> MT_SEV_LOW; -1 if unknown. */
int		 mt_severity_parse(const char *);

#endif /* MAILTLS_FINDING_H */
