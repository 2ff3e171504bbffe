/*
 * rules_corr.h - the rules' corrections: list (rules_corr.c). Called by
 * the loader (rules.c) only, after the SLIs are read (a correction names
 * SLIs); errors go through rules_yaml_err().
 */
#ifndef SLICALC_RULES_CORR_H
#define SLICALC_RULES_CORR_H

#include "rules_yaml.h"

/* Read the corrections: sequence v into r->corr (r->nsli SLIs known).
 * Returns 0, or -1 after recording the first error in l. */
int rules_corr_load(struct ld *l, rules_t *r, yaml_node_t *v);

/* Release r's corrections (r->ncorr becomes 0). */
void rules_corr_free(rules_t *r);

#endif
