/*
 * fuzz_policy_profile.c - libFuzzer target for mt_policy_profile
 * (named profiles and the MTA layers)
 */
#define FUZZ_POLICY_FN	mt_policy_profile
#include "fuzz_policy_string.h"
