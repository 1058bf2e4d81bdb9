/*
 * fuzz_gnutls_prio.c - libFuzzer target for mt_policy_gnutls
 * (GnuTLS priority strings)
 */
#define FUZZ_POLICY_FN	mt_policy_gnutls
#include "fuzz_policy_string.h"
