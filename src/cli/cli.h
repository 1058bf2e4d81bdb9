/*
 * cli.h - the commands of mailtls(1)
 */
#ifndef MT_CLI_H
#define MT_CLI_H

#include <stddef.h>

#include "opts.h"

int	 cmd_ciphers(int, char *[]);
int	 cmd_probe(int, char *[]);

extern const struct cli_opt probe_opts[];
extern const size_t probe_nopts;
extern const struct cli_opt ciphers_opts[];
extern const size_t ciphers_nopts;

#endif /* MT_CLI_H */
