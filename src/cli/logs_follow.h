/*
 * logs_follow.h - the --follow loop of mailtls logs (logs_follow.c)
 */
#ifndef MT_CLI_LOGS_FOLLOW_H
#define MT_CLI_LOGS_FOLLOW_H

#include <stdbool.h>

#include "mailtls/logs.h"

/*
 * logs_follow_run - follow the n paths into lg until SIGINT or SIGTERM,
 * printing each event as it comes; lg then holds everything seen.
 * 0, 2 (a path that cannot be followed: stdin, gzip) or 3 (cannot open).
 */
int	 logs_follow_run(struct mt_logs *, char *[], int, bool json,
	    bool from_start);

#endif /* MT_CLI_LOGS_FOLLOW_H */
