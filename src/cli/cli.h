/*
 * cli.h - the commands of mailtls(1)
 */
#ifndef MT_CLI_H
#define MT_CLI_H

#include <stddef.h>

#include "opts.h"

int	 cmd_ciphers(int, char *[]);
int	 cmd_dane(int, char *[]);
int	 cmd_dane_domain(int, char *[]);
int	 cmd_logs(int, char *[]);
int	 cmd_probe(int, char *[]);
int	 cmd_tlsrpt(int, char *[]);

extern const struct cli_opt probe_opts[];
extern const size_t probe_nopts;
extern const struct cli_opt ciphers_opts[];
extern const size_t ciphers_nopts;
extern const struct cli_opt tlsrpt_opts[];
extern const size_t tlsrpt_nopts;
extern const struct cli_opt logs_opts[];
extern const size_t logs_nopts;
extern const struct cli_opt dane_opts[];
extern const size_t dane_nopts;
extern const struct cli_opt dane_tlsa_opts[];
extern const size_t dane_tlsa_nopts;

#endif /* MT_CLI_H */
