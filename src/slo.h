/*
 * slo.h - an SLI's objectives judged over time, from its per-minute
 * timeline: error budget over the SLO window, burn rates over the alert
 * windows, which multi-window burn-rate alerts fire, and the time-slice
 * objective. Everything is a pure function of the timeline and the
 * instant evaluated ("end", exclusive), so the same archives always give
 * the same answers: nothing here reads the wall clock.
 *
 * An SLI has up to 1 + nthr objectives ("SLOs"): index 0 availability
 * (when it has an objective), 1 + i latency threshold i.
 */
#ifndef SLICALC_SLO_H
#define SLICALC_SLO_H

#include <stdint.h>

#include "agg.h"
#include "sli.h"

#define SLO_MAX     (1 + RULES_MAX_THR)
#define SLO_MAX_WIN (2 * RULES_MAX_ALERTS)

typedef struct slo_budget {
	uint64_t total, bad; /* over the window */
	double allowed;      /* (1 - objective) x total */
	double consumed;     /* bad / allowed; NAN when allowed is 0 and
	                        bad is not (an objective of 100%) */
	double remaining;    /* 1 - consumed, negative when overspent */
	int spent;           /* bad >= allowed, and bad > 0 */
	int unknown;         /* total is 0 (no request, or for a latency
	                        objective no latency, in the window): nothing
	                        to judge; consumed and remaining are NAN,
	                        never counted as met or as spent */
} slo_budget_t;

/* The error-budget fraction of an objective (1 - objective), rounded so
 * that 99.9% gives exactly the double nearest 0.001. */
double slo_error_budget(double objective);

/* The budget for bad out of total at objective (unknown when total is
 * 0). */
slo_budget_t slo_budget(uint64_t total, uint64_t bad, double objective);

/* The burn rate: (bad / total) / (1 - objective); NAN without requests,
 * INFINITY for bad requests against an objective of 100%. */
double slo_burn(uint64_t total, uint64_t bad, double objective);

/* The alert windows and severities of an SLI, deduplicated, windows
 * ascending, severities in the order the rules first name them. */
typedef struct slo_alertset {
	int nwin;
	int64_t win[SLO_MAX_WIN]; /* seconds */
	int nsev;
	char sev[RULES_MAX_ALERTS][16];
	double scale; /* factors are multiplied by window / 30 days */
} slo_alertset_t;

void slo_alertset(const sli_t *s, slo_alertset_t *as);

/* Index of seconds in as->win, or -1. */
int slo_win_index(const slo_alertset_t *as, int64_t seconds);

/* Do both burn rates of alert a exceed its factor (whatever the
 * requests behind them)? slo_alert_fires() without min_requests: what
 * the backtest needs to say an alert was held back by it. */
int slo_alert_burns(const slo_alertset_t *as, const burn_alert_t *a,
                    const double *burn);

/* Does alert a fire given the burn rates per window of as, and the
 * requests the SLO counts (total: for latency, those with a latency) per
 * window? Both burn rates above the factor, and the long window holding
 * at least a->min_requests. */
int slo_alert_fires(const slo_alertset_t *as, const burn_alert_t *a,
                    const double *burn, const uint64_t *total);

typedef struct slo_status {
	int active; /* this SLO exists (availability may have no objective) */
	double objective;
	slo_budget_t budget;
	double burn[SLO_MAX_WIN];     /* per as.win; NAN: no requests */
	int firing[RULES_MAX_ALERTS]; /* per as.sev */
} slo_status_t;

typedef struct slo_eval {
	int64_t start, end; /* the SLO window evaluated, [start, end) */
	slo_alertset_t as;
	int nslo;
	slo_status_t slo[SLO_MAX];
	/* time slices (sli->ts.size_s != 0) over [start, end): slices
	 * with requests, good ones, and their budget */
	uint64_t slices, good_slices;
	slo_budget_t ts_budget;
} slo_eval_t;

/* The instant reports evaluate at: at itself (a minute boundary at or
 * after it) or, when at is REQ_NO_TIME, the end of the minute of the
 * last timestamp read; REQ_NO_TIME when nothing had a time. */
int64_t slo_end(const agg_t *a, int64_t at);

/* Evaluate SLI s (its timeline may be NULL: no timed request) at end. */
void slo_evaluate(const sli_agg_t *s, int64_t end, slo_eval_t *ev);

/* The timeline counters (total, bad) of SLO k of sli. */
void slo_counters(const sli_t *sli, int k, int *total, int *bad);

/* The objective of SLO k, or -1 when it has none. */
double slo_objective(const sli_t *sli, int k);

/* Is slice c (summed timeline counters) good under ts? 1 good, 0 bad,
 * -1 unknown: a latency condition over a slice without latencies (such a
 * slice is left out, like one without requests). */
int slo_slice_good(const sli_t *sli, const uint64_t *c);

#endif
