/*
 * dns_driver.c - run mt_dns_lookup for the integration tests and print one
 * line per lookup:
 *
 *	NAME TYPE SEC RCODE N CANONNAME MS WHY...
 *
 * SEC is mt_dns_sec_name(), N the records kept, MS the lookup's wall time
 * in milliseconds, WHY the validator's reason for bogus answers, the
 * error message when the lookup failed ("error: ..."), or "-".  For MX, TXT
 * and TLSA answers each record follows on an indented line ("  mx 10
 * mx.example.test", "  txt v=STSv1; ...", "  tlsa 3 1 1 8887...").  All
 * lookups share one context; "context" and "free" lines give the time
 * mt_dns_new and mt_dns_free took.
 *
 * Usage: dns_driver [-a ANCHOR] [-r ADDR@PORT] [-c RESOLV.CONF]
 *	  [-u ZONE] [-t TIMEOUT_MS] NAME/TYPE...
 * TYPE is A, AAAA, CNAME, MX, TXT or TLSA.  Exit 0 when every lookup
 * returned (whatever the verdict), 1 if one failed, 2 on usage errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mailtls/dns.h"

static const struct {
	const char	*name;
	uint16_t	 type;
} driver_types[] = {
	{ "A", MT_DNS_TYPE_A }, { "AAAA", MT_DNS_TYPE_AAAA },
	{ "CNAME", MT_DNS_TYPE_CNAME }, { "MX", MT_DNS_TYPE_MX },
	{ "TXT", MT_DNS_TYPE_TXT }, { "TLSA", MT_DNS_TYPE_TLSA },
};

static double
driver_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void
driver_records(const struct mt_dns_answer *a)
{
	struct mt_mx mx;
	char txt[MT_DNS_RDATA_MAX];
	size_t i, j;

	for (i = 0; i < a->n; i++) {
		if (a->qtype == MT_DNS_TYPE_MX) {
			if (mt_dns_parse_mx(a->rdata[i], a->rdlen[i], &mx))
				printf("  mx %u %s\n", mx.pref, mx.host);
			else
				printf("  mx malformed\n");
		} else if (a->qtype == MT_DNS_TYPE_TXT) {
			if (mt_dns_parse_txt(a->rdata[i], a->rdlen[i], txt,
			    sizeof(txt)))
				printf("  txt %s\n", txt);
			else
				printf("  txt malformed\n");
		} else if (a->qtype == MT_DNS_TYPE_TLSA && a->rdlen[i] > 3) {
			printf("  tlsa %u %u %u ", a->rdata[i][0],
			    a->rdata[i][1], a->rdata[i][2]);
			for (j = 3; j < a->rdlen[i]; j++)
				printf("%02x", a->rdata[i][j]);
			printf("\n");
		}
	}
}

static int
driver_one(struct mt_dns *d, const char *arg)
{
	struct mt_dns_answer a;
	struct mt_error err;
	char name[300];
	const char *slash, *tname;
	double t0, ms;
	size_t i;
	uint16_t type = 0;
	int rv;

	if ((slash = strrchr(arg, '/')) == NULL ||
	    (size_t)(slash - arg) >= sizeof(name)) {
		fprintf(stderr, "dns_driver: want NAME/TYPE, got %s\n", arg);
		return 2;
	}
	memcpy(name, arg, slash - arg);
	name[slash - arg] = '\0';
	tname = slash + 1;
	for (i = 0; i < sizeof(driver_types) / sizeof(driver_types[0]); i++)
		if (strcmp(tname, driver_types[i].name) == 0)
			type = driver_types[i].type;
	if (type == 0) {
		fprintf(stderr, "dns_driver: unknown type %s\n", tname);
		return 2;
	}
	mt_error_clear(&err);
	t0 = driver_ms();
	rv = mt_dns_lookup(d, name, type, &a, &err);
	ms = driver_ms() - t0;
	printf("%s %s %s %d %zu %s %.2f %s%s\n", name, tname,
	    mt_dns_sec_name(a.sec), a.rcode, a.n,
	    a.canonname[0] != '\0' ? a.canonname : "-", ms,
	    rv != 0 ? "error: " : "",
	    rv != 0 ? err.msg : a.why_bogus[0] != '\0' ? a.why_bogus : "-");
	if (rv == 0)
		driver_records(&a);
	mt_dns_answer_clear(&a);
	return rv == 0 ? 0 : 1;
}

int
main(int argc, char *argv[])
{
	struct mt_dns_opts o;
	struct mt_dns *d;
	struct mt_error err;
	double t0;
	int ch, i, r, rv = 0;

	memset(&o, 0, sizeof(o));
	while ((ch = getopt(argc, argv, "a:c:r:t:u:")) != -1) {
		switch (ch) {
		case 'a':
			o.trust_anchor = optarg;
			break;
		case 'c':
			o.resolv_conf = optarg;
			break;
		case 'r':
			o.resolver = optarg;
			break;
		case 't':
			o.timeout_ms = (int)strtoul(optarg, NULL, 10);
			break;
		case 'u':
			o.unblock_zone = optarg;
			break;
		default:
			return 2;
		}
	}
	mt_error_clear(&err);
	t0 = driver_ms();
	if ((d = mt_dns_new(&o, &err)) == NULL) {
		printf("context error: %s\n", err.msg);
		return 1;
	}
	printf("context %.2f ms\n", driver_ms() - t0);
	fflush(stdout);
	for (i = optind; i < argc; i++) {
		if ((r = driver_one(d, argv[i])) == 2) {
			rv = 2;
			break;
		}
		if (r != 0)
			rv = 1;
		fflush(stdout);
	}
	t0 = driver_ms();
	mt_dns_free(d);
	printf("free %.2f ms\n", driver_ms() - t0);
	return rv;
}
