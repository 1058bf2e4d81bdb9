/*
 * mailtls.h - umbrella header of libmailtls
 */
#ifndef MAILTLS_H
#define MAILTLS_H

#include "mailtls/chain.h"
#include "mailtls/dane.h"
#include "mailtls/danecheck.h"
#include "mailtls/dns.h"
#include "mailtls/error.h"
#include "mailtls/finding.h"
#include "mailtls/logs.h"
#include "mailtls/logs_report.h"
#include "mailtls/policy.h"
#include "mailtls/policy_report.h"
#include "mailtls/probe.h"
#include "mailtls/registry.h"
#include "mailtls/report.h"
#include "mailtls/sts.h"

#define MAILTLS_JSON_SCHEMA_VERSION	1

#endif /* MAILTLS_H */
