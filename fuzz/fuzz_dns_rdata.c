/*
 * fuzz_dns_rdata.c - libFuzzer target for the MX and TXT rdata parsers of
 * dns.c (untrusted bytes from DNS answers)
 *
 * The whole input is tried as MX rdata and as TXT rdata, the TXT parse
 * also into a small buffer.  Invariants of the contract are checked and
 * abort() on violation: a parsed MX host is a NUL-terminated name of at
 * most 253 characters (or "."), with no empty label; parsed TXT text fits
 * the buffer and is emptied on failure.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mailtls/dns.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_check_mx(const struct mt_mx *mx)
{
	size_t n;

	n = strnlen(mx->host, sizeof(mx->host));
	if (n == 0 || n >= sizeof(mx->host) || n > 253)
		abort();
	if (strcmp(mx->host, ".") == 0)
		return;
	if (mx->host[0] == '.' || mx->host[n - 1] == '.' ||
	    strstr(mx->host, "..") != NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mt_mx mx;
	char big[MT_DNS_RDATA_MAX], small[16];

	if (mt_dns_parse_mx(data, size, &mx))
		fuzz_check_mx(&mx);
	if (mt_dns_parse_txt(data, size, big, sizeof(big))) {
		if (strnlen(big, sizeof(big)) >= sizeof(big))
			abort();
	} else if (big[0] != '\0')
		abort();
	if (mt_dns_parse_txt(data, size, small, sizeof(small))) {
		if (strnlen(small, sizeof(small)) >= sizeof(small))
			abort();
	} else if (small[0] != '\0')
		abort();
	return 0;
}
