/*
 * registry_tables.h - accessors of the generated registry tables
 *
 * Internal to libmailtls.  registry_tables.c is written at build time by
 * tools/gen_registry.py from the .tsv files in data/; each accessor stores
 * the number of rows in *n and returns the static table, sorted by code
 * with no duplicates.  The tables are read-only and live for the whole program.
 */
#ifndef MT_REGISTRY_TABLES_H
#define MT_REGISTRY_TABLES_H

#include <stddef.h>

#include "mailtls/registry.h"

const struct mt_suite		*mt_registry_suites(size_t *);
const struct mt_group		*mt_registry_groups(size_t *);
const struct mt_sigalg		*mt_registry_sigalgs(size_t *);
const struct mt_alert		*mt_registry_alerts(size_t *);
const struct mt_extension	*mt_registry_extensions(size_t *);

#endif /* MT_REGISTRY_TABLES_H */
