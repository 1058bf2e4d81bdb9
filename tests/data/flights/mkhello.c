/*
 * mkhello.c - print a ClientHello made by mt_client_hello_build() to
 * stdout, for capture.sh (not part of the build)
 *
 * usage: mkhello CLIENT_VERSION VERSIONS GROUPS KEY_SHARES SUITES
 * Each list is comma-separated hex ("1301,c02f") or "-" for none.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mt_limits.h"
#include "tls/hello.h"

static size_t
parse_list(const char *s, uint16_t *out, size_t cap)
{
	size_t n = 0;
	unsigned long v;
	char *end;

	if (strcmp(s, "-") == 0)
		return 0;
	while (*s != '\0' && n < cap) {
		v = strtoul(s, &end, 16);
		if (end == s || v > 0xffff || (*end != ',' && *end != '\0'))
			errx(1, "bad list near %s", s);
		out[n++] = (uint16_t)v;
		s = *end == ',' ? end + 1 : end;
	}
	return n;
}

int
main(int argc, char *argv[])
{
	struct mt_hello_params p;
	struct mt_error e;
	uint16_t versions[8], groups[16], shares[8], suites[512], sig[64];
	uint8_t out[MT_TLS_HELLO_MAX];
	size_t len;

	if (argc != 6)
		errx(2, "usage: mkhello CV VERSIONS GROUPS SHARES SUITES");
	memset(&p, 0, sizeof(p));
	p.record_version = 0x0301;
	p.client_version = (uint16_t)strtoul(argv[1], NULL, 16);
	p.versions = versions;
	p.nversions = parse_list(argv[2], versions, 8);
	p.groups = groups;
	p.ngroups = parse_list(argv[3], groups, 16);
	p.key_shares = shares;
	p.nkey_shares = parse_list(argv[4], shares, 8);
	p.suites = suites;
	p.nsuites = parse_list(argv[5], suites, 512);
	p.sigalgs = sig;
	p.nsigalgs = mt_hello_default_sigalgs(sig, 64);
	p.ec_point_formats = p.reneg_info = p.ems = p.session_ticket = true;
	if (mt_client_hello_build(&p, out, sizeof(out), &len, &e) == -1)
		errx(1, "%s", e.msg);
	fwrite(out, 1, len, stdout);
	return 0;
}
