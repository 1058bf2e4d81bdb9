/*
 * postfix_tls.c - Postfix lines about certificate verification, DANE and
 * TLSRPT, and the TLS reasons in delivery status texts
 *
 * Wordings from Postfix 3.x sources: tls/tls_verify.c
 * (tls_log_verify_error: "[server |client |CA ]certificate verification
 * failed for NAMADDR: untrusted issuer ..., not trusted by local or TLSA
 * policy, self-signed certificate, certificate has expired, num=N:TEXT"),
 * tls/tlsrpt_wrapper.c (3.10: "TLSRPT: status=success|failure,
 * domain=D, receiving_mx=HOST[ADDR], failure_type=T[, failure_reason=R]"),
 * smtp/smtp_tls_policy.c ("TLSA lookup error for HOST:PORT", "no TLSA
 * records found") and smtp/smtp_proto.c ("Cannot start TLS: handshake
 * failure", "Server certificate not trusted|verified", "TLS is required,
 * but was not offered by host ...", each possibly after "delivery
 * temporarily suspended: ").  The text is untrusted and read through the
 * bounded cursor; these run only on lines whose first bytes match.
 */
#include <string.h>

#include "logs/logs_int.h"

/* The TLSRPT failure types of tlsrpt_wrapper.c and their classes. */
static const struct {
	const char	*type;
	int		 cls;
} tlsrpt_types[] = {
	{ "starttls_not_supported", MT_LOG_CLASS_TLS_REQUIRED },
	{ "certificate_host_mismatch", MT_LOG_CLASS_CERT_VERIFY },
	{ "certificate_not_trusted", MT_LOG_CLASS_CERT_VERIFY },
	{ "certificate_expired", MT_LOG_CLASS_CERT_VERIFY },
	{ "validation_failure", MT_LOG_CLASS_CERT_VERIFY },
	{ "sts_webpki_invalid", MT_LOG_CLASS_CERT_VERIFY },
	{ "tlsa_invalid", MT_LOG_CLASS_DANE },
	{ "dnssec_invalid", MT_LOG_CLASS_DANE },
	{ "dane_required", MT_LOG_CLASS_DANE },
};

/*
 * pftls_verify - after "[PURPOSE ]certificate verification failed for ":
 * "NAMADDR: WHY".  A failure of the process's session (the deferral and
 * the TLSRPT line that follow are the same failure).
 */
static int
pftls_verify(struct mt_log_cur *c, const struct mt_log_cur *all, int dir,
    struct mt_log_event *ev)
{
	struct mt_log_cur why = *c;

	if (mt_log_host_ip(c, ev))
		why = *c;
	else
		(void)mt_log_cur_skip_past(&why, ": ");
	if (dir != MT_LOG_DIR_UNKNOWN)
		ev->direction = dir;
	ev->kind = MT_LOG_KIND_TLS_FAIL;
	mt_log_copy(ev->reason, sizeof(ev->reason), all);
	mt_log_classify(&why, ev);
	/* "not trusted by local or TLSA policy": DANE levels, or tafile. */
	if (ev->fail_class != MT_LOG_CLASS_DANE)
		ev->fail_class = MT_LOG_CLASS_CERT_VERIFY;
	ev->alert[0] = '\0';
	return MT_LOG_REL_HS_ERROR;
}

/* pftls_tlsrpt - after "TLSRPT: status=". */
static int
pftls_tlsrpt(struct mt_log_cur *c, const struct mt_log_cur *all,
    struct mt_log_event *ev)
{
	struct mt_log_cur t = *c, type;
	size_t i;

	if (!mt_log_cur_lit(c, "failure, "))
		return MT_LOG_REL_NONE;	/* success: the "established" line */
	ev->direction = MT_LOG_DIR_OUT;
	ev->kind = MT_LOG_KIND_TLS_FAIL;
	ev->fail_class = MT_LOG_CLASS_UNKNOWN;
	mt_log_copy(ev->reason, sizeof(ev->reason), all);
	if (mt_log_cur_skip_past(&t, ", receiving_mx="))
		(void)mt_log_host_ip(&t, ev);
	t = *c;
	if (!mt_log_cur_skip_past(&t, "failure_type=") ||
	    !mt_log_cur_token(&t, ", ", 40, &type))
		return MT_LOG_REL_REASON;
	for (i = 0; i < sizeof(tlsrpt_types) / sizeof(tlsrpt_types[0]); i++)
		if (type.n == strlen(tlsrpt_types[i].type) &&
		    memcmp(type.p, tlsrpt_types[i].type, type.n) == 0)
			ev->fail_class = tlsrpt_types[i].cls;
	if (ev->fail_class == MT_LOG_CLASS_TLS_REQUIRED)
		ev->kind = MT_LOG_KIND_STARTTLS_MISSING;
	return MT_LOG_REL_REASON;
}

/*
 * mt_log_postfix_tls - the lines above: their enum mt_log_rel, or
 * MT_LOG_REL_NONE for any other line.
 */
int
mt_log_postfix_tls(const struct mt_log_line *l, struct mt_log_event *ev)
{
	struct mt_log_cur c = l->msg;
	int dir = MT_LOG_DIR_UNKNOWN;

	if (c.n < 20)
		return MT_LOG_REL_NONE;
	switch (c.p[0]) {
	case 'T':
		if (!mt_log_cur_lit(&c, "TLSRPT: status="))
			return MT_LOG_REL_NONE;
		return pftls_tlsrpt(&c, &l->msg, ev);
	case 'n':
		/* "no [usable ]TLSA records found, resorting to "secure"" */
		if (!mt_log_cur_lit(&c, "no ") || (!mt_log_cur_lit(&c,
		    "TLSA records") && !mt_log_cur_lit(&c, "usable TLSA")))
			return MT_LOG_REL_NONE;
		return MT_LOG_REL_NONE;		/* a fallback, not a failure */
	case 's':
		if (mt_log_cur_lit(&c, "server "))
			dir = MT_LOG_DIR_OUT;
		break;
	case 'c':
		if (mt_log_cur_lit(&c, "client "))
			dir = MT_LOG_DIR_IN;
		break;
	case 'C':
		(void)mt_log_cur_lit(&c, "CA ");
		break;
	default:
		return MT_LOG_REL_NONE;
	}
	if (!mt_log_cur_lit(&c, "certificate verification failed for "))
		return MT_LOG_REL_NONE;
	return pftls_verify(&c, &l->msg, dir, ev);
}

/*
 * mt_log_postfix_status - the TLS reason in a delivery status text
 * ("deferred (...)", "bounced (...)"), c just after "status=".
 * MT_LOG_REL_NONE if the status is not about TLS.
 */
int
mt_log_postfix_status(const struct mt_log_cur *c, struct mt_log_event *ev)
{
	struct mt_log_cur why = *c;

	if (!mt_log_cur_skip_past(&why, " ("))
		return MT_LOG_REL_NONE;
	if (why.n > 0 && why.p[why.n - 1] == ')')
		why.n--;
	(void)mt_log_cur_lit(&why, "delivery temporarily suspended: ");
	if (mt_log_cur_has_prefix(&why, "Cannot start TLS")) {
		ev->kind = MT_LOG_KIND_TLS_FAIL;
		ev->fail_class = MT_LOG_CLASS_UNKNOWN;
		mt_log_copy(ev->reason, sizeof(ev->reason), &why);
		return MT_LOG_REL_DEFER;
	}
	if (mt_log_cur_has_prefix(&why, "TLS is required, but ")) {
		ev->kind = MT_LOG_KIND_STARTTLS_MISSING;
		mt_log_classify(&why, ev);
		ev->fail_class = MT_LOG_CLASS_TLS_REQUIRED;
		/* absorbs the "TLSRPT: status=failure" line before it */
		return MT_LOG_REL_DEFER;
	}
	if (mt_log_cur_has_prefix(&why, "Server certificate not ")) {
		ev->kind = MT_LOG_KIND_TLS_FAIL;
		ev->fail_class = MT_LOG_CLASS_CERT_VERIFY;
		mt_log_copy(ev->reason, sizeof(ev->reason), &why);
		return MT_LOG_REL_DEFER;
	}
	if (mt_log_cur_has_prefix(&why, "TLSA lookup error") ||
	    mt_log_cur_find(&why, "TLSA records") >= 0 ||
	    mt_log_cur_find(&why, "non DNSSEC destination") >= 0) {
		ev->kind = MT_LOG_KIND_TLS_FAIL;
		ev->fail_class = MT_LOG_CLASS_DANE;
		mt_log_copy(ev->reason, sizeof(ev->reason), &why);
		return MT_LOG_REL_DEFER;
	}
	return MT_LOG_REL_NONE;
}
