/*
 * tlsrpt_result.c - the TLS-RPT result types (RFC 8460 4.3) and policy
 * types (4.4), with what each failure means and how an admin fixes it
 *
 * Data only; the CLI prints it.
 */
#include <string.h>

#include "mailtls/sts.h"

static const struct {
	const char	*name;
	const char	*meaning;
	const char	*fix;
} results[MT_TLSRPT_NRESULTS] = {
	[MT_TLSRPT_STARTTLS_NOT_SUPPORTED] = { "starttls-not-supported",
	    "the MX did not offer STARTTLS (or a middlebox stripped it)",
	    "enable STARTTLS on the MX (Postfix smtpd_tls_security_level = "
	    "may, with a certificate); look for firewalls that rewrite "
	    "EHLO" },
	[MT_TLSRPT_CERTIFICATE_HOST_MISMATCH] = { "certificate-host-mismatch",
	    "the MX certificate does not name the MX host",
	    "put every MX host name in the certificate's subjectAltName, or "
	    "make the MX records and the mx: lines of the policy name what "
	    "the certificate covers" },
	[MT_TLSRPT_CERTIFICATE_EXPIRED] = { "certificate-expired",
	    "the MX certificate has expired",
	    "renew the certificate and reload the MTA; automate renewal and "
	    "the reload" },
	[MT_TLSRPT_CERTIFICATE_NOT_TRUSTED] = { "certificate-not-trusted",
	    "the MX certificate chain does not lead to a trusted root "
	    "(self-signed, private CA, or intermediates missing)",
	    "use a certificate from a public CA and serve the full chain "
	    "(Postfix smtpd_tls_chain_files: leaf then intermediates)" },
	[MT_TLSRPT_VALIDATION_FAILURE] = { "validation-failure",
	    "another validation error (see failure-reason-code)",
	    "check the chain with mailtls probe; read the reason code" },
	[MT_TLSRPT_TLSA_INVALID] = { "tlsa-invalid",
	    "the TLSA records match no certificate the MX presents, or are "
	    "malformed",
	    "publish TLSA records that match the current certificate (mailtls "
	    "dane tlsa CERT.pem); before changing keys publish the next key's "
	    "3 1 1 beside the current one" },
	[MT_TLSRPT_DNSSEC_INVALID] = { "dnssec-invalid",
	    "the DNSSEC validation of the MX or TLSA records failed (bogus)",
	    "fix the zone's signatures, DS record or key rollover; check "
	    "with mailtls dane" },
	[MT_TLSRPT_DANE_REQUIRED] = { "dane-required",
	    "the sender requires DANE but found no usable TLSA records",
	    "publish DNSSEC-signed TLSA records for each MX, or ask the "
	    "sender why DANE is required" },
	[MT_TLSRPT_STS_POLICY_FETCH_ERROR] = { "sts-policy-fetch-error",
	    "the MTA-STS policy could not be fetched (DNS, connect, HTTP "
	    "status, redirect, size, content type)",
	    "serve https://mta-sts.<domain>/.well-known/mta-sts.txt with "
	    "status 200, Content-Type text/plain and no redirect" },
	[MT_TLSRPT_STS_POLICY_INVALID] = { "sts-policy-invalid",
	    "the MTA-STS policy was fetched but is not valid",
	    "fix the policy file (version: STSv1, mode, mx, max_age; one "
	    "field per line), then change the id in _mta-sts TXT" },
	[MT_TLSRPT_STS_WEBPKI_INVALID] = { "sts-webpki-invalid",
	    "the certificate of the mta-sts web server is not valid for "
	    "mta-sts.<domain>",
	    "give the policy host a publicly trusted certificate that "
	    "names mta-sts.<domain>" },
	[MT_TLSRPT_OTHER] = { "other",
	    "a result type RFC 8460 does not define",
	    "read the reporter's additional-information" },
};

static const char *const policy_types[] = {
	[MT_TLSRPT_POLICY_STS] = "sts",
	[MT_TLSRPT_POLICY_TLSA] = "tlsa",
	[MT_TLSRPT_POLICY_NONE] = "no-policy-found",
	[MT_TLSRPT_POLICY_OTHER] = "other",
};

int
mt_tlsrpt_result_by_name(const char *name)
{
	int i;

	for (i = 0; i < MT_TLSRPT_OTHER; i++)
		if (name != NULL && strcmp(results[i].name, name) == 0)
			return i;
	return MT_TLSRPT_OTHER;
}

const char *
mt_tlsrpt_result_name(int r)
{
	if (r < 0 || r >= MT_TLSRPT_NRESULTS)
		r = MT_TLSRPT_OTHER;
	return results[r].name;
}

const char *
mt_tlsrpt_result_meaning(int r)
{
	if (r < 0 || r >= MT_TLSRPT_NRESULTS)
		r = MT_TLSRPT_OTHER;
	return results[r].meaning;
}

const char *
mt_tlsrpt_result_fix(int r)
{
	if (r < 0 || r >= MT_TLSRPT_NRESULTS)
		r = MT_TLSRPT_OTHER;
	return results[r].fix;
}

const char *
mt_tlsrpt_policy_type_name(int t)
{
	if (t < 0 || t > MT_TLSRPT_POLICY_OTHER)
		t = MT_TLSRPT_POLICY_OTHER;
	return policy_types[t];
}
