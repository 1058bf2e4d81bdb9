/*
 * sts_fetch_driver.c - run mt_sts_fetch once and print the outcome, for
 * run_mtasts.py
 *
 * usage: sts_fetch_driver DOMAIN CAFILE PORT [TIMEOUT_MS]
 * Connects mta-sts.DOMAIN to 127.0.0.1:PORT.  Prints one line of
 * key=value pairs, then "error=..." (empty on success); exits 0 when the
 * fetch ran, whatever its outcome, 2 on usage errors.
 */
#include <stdio.h>
#include <string.h>

#include "mailtls/sts.h"

static int
driver_num(const char *s, long *out)
{
	long v = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || v > 100000000)
			return -1;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return 0;
}

int
main(int argc, char *argv[])
{
	struct mt_sts_fetch_opts o;
	struct mt_sts_fetch_info info;
	struct mt_sts_policy p;
	struct mt_error e;
	long port, tmo = 5000;
	size_t i;
	int rv;

	if (argc < 4 || argc > 5 || driver_num(argv[3], &port) == -1 ||
	    (argc == 5 && driver_num(argv[4], &tmo) == -1)) {
		fprintf(stderr, "usage: sts_fetch_driver DOMAIN CAFILE PORT "
		    "[TIMEOUT_MS]\n");
		return 2;
	}
	memset(&o, 0, sizeof(o));
	mt_error_clear(&e);
	o.cafile = argv[2];
	o.connect_addr = "127.0.0.1";
	o.port = (int)port;
	o.timeout_ms = (int)tmo;
	rv = mt_sts_fetch(argv[1], &o, &p, &info, &e);
	printf("rv=%d status=%s result=%s http=%ld bytes=%zu ms=%ld "
	    "ct=\"%s\" url=%s", rv, mt_sts_fetch_status_name(info.status),
	    rv == 0 ? "-" : mt_sts_fetch_status_result(info.status),
	    info.http_code, info.bytes, info.elapsed_ms, info.content_type,
	    info.url);
	if (rv == 0) {
		printf(" mode=%s max_age=%u mx=", mt_sts_mode_name(p.mode),
		    p.max_age);
		for (i = 0; i < p.nmx; i++)
			printf("%s%s", i > 0 ? "," : "", p.mx[i]);
	}
	printf("\nerror=%s\n", rv == 0 ? "" : e.msg);
	return 0;
}
