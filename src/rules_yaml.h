/*
 * rules_yaml.h - the loader's helpers for walking libyaml's node tree,
 * shared by rules.c (SLIs, formats) and rules_slo.c (windows, alerts,
 * time slices); they call nothing else of the loader, so the loader's
 * files form no circle: rules.c -> rules_slo.c -> rules_yaml.c. Every helper
 * reports the first error only, at the node's line:col, prefixed with the SLI
 * being read; later calls are no-ops that return -1, so callers just propagate
 * -1.
 *
 * Internal to the rules loader: nothing outside rules*.c includes this.
 */
#ifndef SLICALC_RULES_YAML_H
#define SLICALC_RULES_YAML_H

#include <stdint.h>
#include <yaml.h>

#include "rules.h"

/* Loader state: the document, the first error, defaults for SLIs. */
struct ld {
	yaml_document_t *doc;
	rules_err_t *e;
	int failed;
	int default_max_endpoints;
	char sli[80]; /* "SLI 'api': " while inside an SLI, else "" */
	/* top-level window:/alerts:, applied to SLIs without their own */
	int has_window, has_alerts, nalert;
	slo_window_t window;
	burn_alert_t alert[RULES_MAX_ALERTS];
	rules_t *r; /* the rules being loaded: they own labels' blocks */
	yaml_node_t *corrections; /* read after the SLIs it names */
};

__attribute__((format(printf, 3, 4))) int
rules_yaml_err(struct ld *l, const yaml_node_t *n, const char *fmt, ...);
const char *rules_yaml_scalar(const yaml_node_t *n);
yaml_node_t *rules_yaml_node(struct ld *l, int id);
/* 1 if n is a plain ~, null, Null or NULL: YAML's null, which libyaml
 * hands over as that text; else 0. Where text is wanted, taking it as
 * the text would make "~" a label value. */
int rules_yaml_null(const yaml_node_t *n);
int rules_yaml_want_scalar(struct ld *l, const yaml_node_t *n, const char *what,
                           const char **out);
int rules_yaml_want_number(struct ld *l, const yaml_node_t *n, const char *what,
                           double *out);
/* "99.9" or "99.9%", above 0 and at most 100, as a fraction. */
int rules_yaml_want_percent(struct ld *l, const yaml_node_t *n,
                            const char *what, double *frac);
/* A positive duration ("5m", "30d"), in microseconds. */
int rules_yaml_want_duration(struct ld *l, const yaml_node_t *n,
                             const char *what, int64_t *us);

/* Calls fn for every key/value pair of mapping n after checking the key
 * is in keys (NULL-terminated) and not given twice. */
typedef int (*rules_yaml_pair_fn)(struct ld *l, const char *key, yaml_node_t *k,
                                  yaml_node_t *v, void *arg);
int rules_yaml_each_pair(struct ld *l, yaml_node_t *n, const char *what,
                         const char *const *keys, rules_yaml_pair_fn fn,
                         void *arg);

/*
 * A labels: (labels 1) or annotations: (0) mapping into *out: keys are
 * Prometheus label names ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __;
 * labels also not sli, slo, severity or alertname, which the generated
 * rules set), values UTF-8 text (labels not empty: an empty label is no
 * label in Prometheus). One block, owned by l->r.
 */
int rules_yaml_kv(struct ld *l, yaml_node_t *n, const char *what, int labels,
                  kv_map_t *out);

#endif
