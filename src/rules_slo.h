/*
 * rules_slo.h - the time side of an SLO in the rules (rules_slo.c): an
 * SLI's or the file's window: and alerts:, an SLI's timeslice:. Called by
 * the loader (rules.c) only; errors go through rules_yaml_err().
 */
#ifndef SLICALC_RULES_SLO_H
#define SLICALC_RULES_SLO_H

#include "rules_yaml.h"

/* Each returns 0, or -1 after recording the first error in l. */
int rules_slo_window(struct ld *l, yaml_node_t *v, slo_window_t *w);
int rules_slo_alerts(struct ld *l, yaml_node_t *v, burn_alert_t *a, int *n);
int rules_slo_timeslice(struct ld *l, yaml_node_t *v, timeslice_t *ts);

/* Fill what an SLI left unset from the file's defaults. */
void rules_slo_defaults(struct ld *l, sli_t *s);

#endif
