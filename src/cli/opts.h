/*
 * opts.h - option metadata: one table per command, read by the argument
 * parser, by --help and by the man-page consistency test
 */
#ifndef MT_CLI_OPTS_H
#define MT_CLI_OPTS_H

#include <getopt.h>
#include <stdio.h>
#include <time.h>

struct cli_opt {
	const char	*name;		/* long name, without "--" */
	int		 shortc;	/* short letter, or 0 */
	const char	*arg;		/* argument name, NULL for a flag */
	const char	*help;		/* one line */
	int		 id;		/* value getopt_long returns */
};

/* cli_opts_getopt - build getopt_long tables; sizes include the end. */
void	 cli_opts_getopt(const struct cli_opt *, size_t, struct option *,
	    char *, size_t);
void	 cli_opts_help(FILE *, const char *, const char *,
	    const struct cli_opt *, size_t);
/* cli_parse_date - a --at argument; -1 if not a date. */
int	 cli_parse_date(const char *, time_t *);
/* cli_parse_uint - decimal in [min, max]; -1 if not. */
int	 cli_parse_uint(const char *, long, long, long *);

#endif /* MT_CLI_OPTS_H */
