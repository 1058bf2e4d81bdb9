/*
 * mailtls.c - command dispatch and the top-level usage
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "cli.h"

#ifndef MAILTLS_VERSION
#define MAILTLS_VERSION "unknown"
#endif

static const struct {
	const char	*name;
	int		(*fn)(int, char *[]);
	const char	*help;
} commands[] = {
	{ "probe", cmd_probe, "probe SMTP servers: versions, suites, groups, "
	    "chain" },
	{ "ciphers", cmd_ciphers, "expand, match and diff cipher policies of "
	    "TLS libraries and MTAs" },
	{ "tlsrpt", cmd_tlsrpt, "summarise TLS-RPT aggregate reports "
	    "(RFC 8460)" },
	{ "logs", cmd_logs, "count and explain TLS successes and failures "
	    "in mail logs" },
	{ "dane", cmd_dane, "DANE TLSA for a domain's MX hosts; "
	    "dane tlsa: records for a certificate" },
};

static void
usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: mailtls command [options] [args]\n\ncommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "\nmailtls command --help for a command's options; "
	    "man mailtls for more.\n");
}

int
main(int argc, char *argv[])
{
	size_t i;

	/* A peer that resets while we write must not kill the process. */
	(void)signal(SIGPIPE, SIG_IGN);
#if defined(__GLIBC__)
	/*
	 * A probe allocates and frees some 100 KiB per connection, a hundred
	 * times a second: without this glibc gives the heap top back and
	 * takes it again each time (brk plus fresh page faults).  A run is
	 * short, so the memory is kept.
	 */
	(void)mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
	(void)mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);
#endif
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0 ||
	    strcmp(argv[1], "version") == 0) {
		printf("mailtls %s\n", MAILTLS_VERSION);
		return 0;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "mailtls: unknown command: %s\n", argv[1]);
	usage(stderr);
	return 2;
}
