/*
 * logs_follow.c - mailtls logs --follow: poll every file, print each new
 * event as one line (text, or one JSON object per line with --json), and
 * stop on SIGINT or SIGTERM
 *
 * The library's follower (mt_logs_follow_*) reads and survives rotation;
 * this loop only sleeps between polls, prints and handles the signals.
 * Non-fatal conditions the follower reports (a path missing for a while)
 * go to stderr once and the loop goes on.  The first SIGINT or SIGTERM
 * stops after one last poll (rotated files closed without their grace
 * period) and reports what was left unread (a catch-up cut short); a
 * second one kills at once (SA_RESETHAND).
 */
#include <err.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mailtls/logs.h"
#include "mailtls/logs_report.h"
#include "logs_follow.h"

#define FOLLOW_SLEEP_NS		(250L * 1000 * 1000)
#define FOLLOW_FLUSH_POLLS	4	/* quiet polls before pending events print */

static volatile sig_atomic_t follow_stop;

static void
follow_on_signal(int sig)
{
	(void)sig;
	follow_stop = 1;
}

static void
follow_event_text(const struct mt_log_event *ev, void *arg)
{
	(void)arg;
	if (mt_report_logs_event_text(stdout, ev) != 0)
		follow_stop = 1;
}

static void
follow_event_json(const struct mt_log_event *ev, void *arg)
{
	(void)arg;
	if (mt_report_logs_event_json(stdout, ev) != 0)
		follow_stop = 1;
}

/* follow_poll_all - one poll of every file; warnings go to stderr. */
static void
follow_poll_all(struct mt_logs_follow **fl, int n)
{
	struct mt_error e;
	int i;

	for (i = 0; i < n; i++)
		if (mt_logs_follow_poll(fl[i], &e) != 0)
			warnx("%s", e.msg);
	(void)fflush(stdout);
}

/* follow_bytes - bytes read from every file so far. */
static uint64_t
follow_bytes(struct mt_logs_follow **fl, int n)
{
	struct mt_logs_follow_stats st;
	uint64_t sum = 0;
	int i;

	for (i = 0; i < n; i++) {
		mt_logs_follow_stats(fl[i], &st);
		sum += st.bytes;
	}
	return sum;
}

int
logs_follow_run(struct mt_logs *lg, char *paths[], int n, bool json,
    bool from_start)
{
	struct mt_logs_follow **fl;
	struct mt_logs_follow_stats st;
	struct sigaction sa;
	struct timespec ts;
	struct mt_error e;
	uint64_t bytes, last_bytes = 0;
	int i, quiet = 0, rv = 0;

	if ((fl = calloc((size_t)n, sizeof(*fl))) == NULL)
		errx(3, "out of memory");
	for (i = 0; i < n; i++) {
		fl[i] = mt_logs_follow_open(lg, paths[i], from_start ?
		    MT_LOGS_FOLLOW_FROM_START : 0, &e);
		if (fl[i] == NULL) {
			warnx("%s", e.msg);
			rv = e.code == MT_ERR_USAGE ? 2 : 3;
			goto out;
		}
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = follow_on_signal;
	sa.sa_flags = SA_RESETHAND;
	(void)sigemptyset(&sa.sa_mask);
	(void)sigaction(SIGINT, &sa, NULL);
	(void)sigaction(SIGTERM, &sa, NULL);
	mt_logs_set_event_cb(lg, json ? follow_event_json : follow_event_text,
	    NULL);
	fprintf(stderr, "mailtls: following %d file%s; interrupt to stop "
	    "and print the summary\n", n, n == 1 ? "" : "s");
	while (!follow_stop) {
		follow_poll_all(fl, n);
		/*
		 * After a second without new lines, what still waits for a
		 * completing line (a reason, a deferral) is printed: a
		 * failure shows up at once, not at the next line of its
		 * process.
		 */
		bytes = follow_bytes(fl, n);
		if (bytes != last_bytes) {
			last_bytes = bytes;
			quiet = 0;
		} else if (++quiet == FOLLOW_FLUSH_POLLS) {
			mt_logs_flush(lg);
			(void)fflush(stdout);
		}
		ts.tv_sec = 0;
		ts.tv_nsec = FOLLOW_SLEEP_NS;
		(void)nanosleep(&ts, NULL);	/* a signal cuts it short */
	}
	/* What came before the signal; old files need no more grace. */
	for (i = 0; i < n; i++)
		mt_logs_follow_set_grace(fl[i], 0);
	follow_poll_all(fl, n);
	for (i = 0; i < n; i++) {
		mt_logs_follow_stats(fl[i], &st);
		if (st.unread > 0)
			warnx("%s: %llu bytes not read", paths[i],
			    (unsigned long long)st.unread);
	}
 out:
	for (i = 0; i < n; i++)
		mt_logs_follow_close(fl[i]);	/* feeds a last partial line */
	free(fl);
	(void)fflush(stdout);
	return rv;
}
