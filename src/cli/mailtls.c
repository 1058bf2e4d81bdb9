/*
 * mailtls.c - command dispatch
 */
#include <stdio.h>
#include <string.h>

int
main(int argc, char *argv[])
{
	if (argc < 2) {
		fprintf(stderr, "usage: mailtls command [args]\n");
		return 2;
	}
	fprintf(stderr, "mailtls: unknown command: %s\n", argv[1]);
	return 2;
}
