/*
 * routes.h - what `slicalc routes` shows: every endpoint of a run's
 * census (rules_add_census), busiest first, with its share of the
 * traffic, its 5xx and 4xx, its latency percentiles, and which SLIs of
 * the rules took its requests. Computed once from a report model
 * (routes_new); the writers (report_routes.c) only format it.
 *
 * A routes_t owns its rows and their SLI lists; it points into the model
 * it was made from (and so into the run: keys, statistics, actions),
 * which must outlive it unchanged.
 */
#ifndef SLICALC_ROUTES_H
#define SLICALC_ROUTES_H

#include <stdint.h>
#include <stdio.h>

#include "model.h"

#define ROUTES_JSON_VERSION 1

typedef struct routes_row {
	const char *key; /* the endpoint's key, NUL-terminated (the run's) */
	size_t keyn;
	const stats_t *st; /* its statistics in the run (5xx are bad) */
	uint64_t requests;
	uint64_t bad;                  /* answered 5xx */
	uint64_t s4xx;                 /* answered 4xx */
	uint64_t untaken;              /* requests no SLI of the rules took */
	double share;                  /* requests / all requests counted */
	double bad_share;              /* bad / requests */
	int has_latency;               /* 0: no request carried a latency */
	double p50_us, p95_us, p99_us; /* nearest rank (stats_percentile) */
	uint64_t max_us;
	const char *action; /* the first Rails "Controller#action" seen for
	                       it; "" when the logs do not say */
	int other;          /* the "(other)" row: endpoints over
	                       max_endpoints */
	int nslis;
	const int *slis; /* indices in rules->sli of the SLIs that took some
	                    of its requests, ascending */
} routes_row_t;

typedef struct routes {
	const model_t *m; /* the input accounting, for the writers */
	const rules_t *rules;
	enum group_by group_by; /* the census's */
	int nuser;              /* SLIs of the rules file (rules_nuser) */
	uint64_t requests;      /* all requests counted (the census total) */
	int nrows;
	routes_row_t *rows; /* busiest first, then by key (as report) */
	int max_endpoints;
	uint64_t other_requests; /* requests under "(other)" */
	int *sli_store;          /* owned: the rows' slis */
} routes_t;

/*
 * The routes of the model m of a finished run whose rules end with the
 * census (m->rules->census). Never fails (out of memory goes to
 * util_fatal). Free with routes_free.
 */
routes_t *routes_new(const model_t *m);
void routes_free(routes_t *rt);

/* What the table shows. */
typedef struct routes_table_opts {
	int top;   /* rows shown; 0 = all */
	int width; /* the terminal's columns, to fit the endpoint column
	              in; 0: not a terminal. Keys longer than the column
	              (at most 60 characters) are cut in the middle with
	              "…"; JSON and CSV have them whole. */
} routes_table_opts_t;

/*
 * The writers (report_routes.c). The table: the input accounting line
 * as report prints it, then one aligned row per endpoint (the SLIS
 * column with the SLI names, or "-", only when the rules have SLIs). The
 * JSON: {"version", "input", "group_by", "max_endpoints",
 * "other_requests", "slis": [names], "routes": [...]} (README.md). The
 * CSV: one row per endpoint, its SLIs ';'-separated.
 */
void report_routes_table(FILE *out, const routes_t *rt,
                         const routes_table_opts_t *o);
void report_routes_json(FILE *out, const routes_t *rt);
void report_routes_csv(FILE *out, const routes_t *rt);

#endif
