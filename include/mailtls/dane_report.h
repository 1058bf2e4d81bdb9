/*
 * dane_report.h - render a DANE check (danecheck.h) for people or as JSON
 * (schema "mailtls-dane", docs/json-schema.md)
 */
#ifndef MAILTLS_DANE_REPORT_H
#define MAILTLS_DANE_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "mailtls/danecheck.h"

int	 mt_report_dane_text(FILE *, const struct mt_danecheck *, bool color);
int	 mt_report_dane_json(FILE *, const struct mt_danecheck *);

#endif /* MAILTLS_DANE_REPORT_H */
