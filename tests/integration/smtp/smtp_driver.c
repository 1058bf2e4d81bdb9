/*
 * smtp_driver.c - run mt_smtp_client once against 127.0.0.1:PORT and print
 * the outcome as one line, for the integration tests
 *
 * usage: smtp_driver [-d] [-e ehlo-name] PORT MODE TIMEOUT_MS
 *   MODE is starttls, implicit, lmtp or auto; -d prints the transcript
 *   to stderr.
 *
 * Output (stdout), one line:
 *   status=ready|failed code=NAME last=NNN starttls=yes|no
 *   trace=connect>... msg="..."
 *
 * The client is freed inside its done callback, as a probe would.
 */
#include <sys/socket.h>

#include <netinet/in.h>

#include <arpa/inet.h>
#include <err.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "mailtls/error.h"
#include "mailtls/probe.h"
#include "net/smtp_client.h"

static bool	 driver_dialogue;
static int	 driver_calls;

static unsigned long
driver_number(const char *s, unsigned long max)
{
	unsigned long v = 0;

	if (*s == '\0')
		errx(2, "empty number");
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			errx(2, "not a number: %s", s);
		v = v * 10 + (unsigned long)(*s - '0');
		if (v > max)
			errx(2, "number too large");
	}
	return v;
}

static void
driver_done(struct mt_smtp_client *c, int status, void *arg)
{
	const struct mt_dialogue_line *dl;
	const struct mt_error *e;
	size_t i, n;
	int fd;

	driver_calls++;
	if (driver_dialogue) {
		n = mt_smtp_client_dialogue(c, &dl);
		for (i = 0; i < n; i++)
			fprintf(stderr, "%c: %s\n", dl[i].dir, dl[i].text);
	}
	e = mt_smtp_client_error(c);
	printf("status=%s code=%s last=%d starttls=%s trace=%s msg=\"%s\"\n",
	    status == 0 ? "ready" : "failed",
	    mt_error_code_name(status == 0 ? MT_ERR_NONE : e->code),
	    mt_smtp_client_last_code(c),
	    mt_smtp_client_starttls_offered(c) ? "yes" : "no",
	    mt_smtp_client_trace(c), status == 0 ? "" : e->msg);
	if (status == 0) {
		if ((fd = mt_smtp_client_take_fd(c)) == -1)
			errx(1, "ready but no fd");
		if (mt_smtp_client_take_fd(c) != -1)
			errx(1, "fd taken twice");
		close(fd);
	}
	mt_smtp_client_free(c);
}

int
main(int argc, char *argv[])
{
	struct mt_smtp_client_cfg cfg;
	struct sockaddr_in *sin;
	struct event_base *base;
	struct mt_smtp_client *c;
	const char *mode;
	int ch;

	memset(&cfg, 0, sizeof(cfg));
	cfg.ehlo_name = "driver.mailtls.test";
	while ((ch = getopt(argc, argv, "de:")) != -1) {
		switch (ch) {
		case 'd':
			driver_dialogue = true;
			break;
		case 'e':
			cfg.ehlo_name = optarg;
			break;
		default:
			goto usage;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 3)
		goto usage;

	sin = (struct sockaddr_in *)&cfg.addr;
	sin->sin_family = AF_INET;
	sin->sin_port = htons((uint16_t)driver_number(argv[0], 65535));
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cfg.addrlen = sizeof(*sin);
	mode = argv[1];
	if (strcmp(mode, "starttls") == 0)
		cfg.mode = MT_MODE_STARTTLS;
	else if (strcmp(mode, "implicit") == 0)
		cfg.mode = MT_MODE_IMPLICIT;
	else if (strcmp(mode, "lmtp") == 0)
		cfg.mode = MT_MODE_LMTP;
	else if (strcmp(mode, "auto") == 0)
		cfg.mode = MT_MODE_AUTO;
	else
		goto usage;
	cfg.step_timeout_ms = (int)driver_number(argv[2], 3600000);

	if ((base = event_base_new()) == NULL)
		errx(1, "event_base_new");
	if ((c = mt_smtp_client_new(base, &cfg, driver_done, NULL)) == NULL)
		errx(1, "mt_smtp_client_new");
	if (mt_smtp_client_start(c) == -1)
		errx(1, "start: %s", mt_smtp_client_error(c)->msg);
	if (driver_calls != 0)
		errx(1, "done callback ran before the loop");
	event_base_dispatch(base);
	event_base_free(base);
	if (driver_calls != 1)
		errx(1, "done callback ran %d times", driver_calls);
	return 0;

usage:
	fprintf(stderr, "usage: smtp_driver [-d] [-e name] PORT "
	    "starttls|implicit|lmtp|auto TIMEOUT_MS\n");
	return 2;
}
