/*
 * logs_order.h - time order for rotated log sets (mailtls logs)
 */
#ifndef MAILTLS_CLI_LOGS_ORDER_H
#define MAILTLS_CLI_LOGS_ORDER_H

#include <stddef.h>

/*
 * logs_order_files - reorder paths in place so that each rotated set
 * (maillog.2.gz maillog.1 maillog) reads oldest first; 0, or -1 without
 * memory (paths unchanged).
 */
int	logs_order_files(char *paths[], size_t n);

#endif /* MAILTLS_CLI_LOGS_ORDER_H */
