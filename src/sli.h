/*
 * sli.h - what one SLI is, as the rules define it: its match patterns,
 * grouping, objectives, SLO window, burn-rate alerts and time slices.
 * Types only, so the modules that count and judge SLIs (stats, agg, slo,
 * calendar) need neither the loader nor the log formats. sli_t values are
 * made and owned by the rules (rules.h) and immutable once loaded.
 */
#ifndef SLICALC_SLI_H
#define SLICALC_SLI_H

#include <stdint.h>

#include "route.h"

#define RULES_MAX_THR 8

/*
 * What match: patterns look at. The first M_LINE_N are read from each
 * request (route is the endpoint key of group_by: route, as reports print
 * it); format and file are the same for a whole input, so they are
 * decided once per file (rules_match_file).
 */
enum match_field {
	M_METHOD,
	M_PATH,
	M_STATUS,
	M_HOST,
	M_USER_AGENT,
	M_QUERY,
	M_ACTION,
	M_ROUTE,
	M_FORMAT,
	M_FILE,
	M_N
};
#define M_LINE_N M_FORMAT

struct rx; /* a compiled PCRE2 pattern */

typedef struct threshold {
	int64_t us;       /* good means latency <= us */
	double objective; /* fraction, e.g. 0.99 */
} threshold_t;

/*
 * The period an SLO is judged over: rolling (the last `seconds` before
 * the evaluated instant) or a calendar month, week (Monday) or quarter
 * in a time zone. Calendar windows also carry a nominal length (30, 7,
 * 90 days) that burn-rate factors are scaled by, so alerts do not change
 * from a 28-day February to a 31-day March.
 */
enum window_kind { WIN_ROLLING, WIN_MONTH, WIN_WEEK, WIN_QUARTER };

typedef struct slo_window {
	enum window_kind kind;
	int64_t seconds; /* rolling length; nominal length for calendar */
	char tz[64];     /* calendar: IANA zone name; "" is UTC */
} slo_window_t;

#define RULES_MAX_ALERTS    8
#define RULES_MAX_TSCOND    4
#define RULES_WORKBOOK_DAYS 30 /* factors are written for 30-day SLOs */

/* labels: or annotations: of an SLI or an alert, for the Prometheus
 * rules: pairs in the order written, keys valid Prometheus label names,
 * values UTF-8. The pairs and their strings belong to the rules that
 * loaded them (rules_t.owned), so copies of the map share them. */
typedef struct kv_pair {
	const char *key, *value;
} kv_pair_t;

#define RULES_MAX_KV 64 /* pairs in one labels: or annotations: */

typedef struct kv_map {
	int n;
	const kv_pair_t *kv;
} kv_map_t;

/* A multi-window burn-rate alert: fires while the burn rate over both
 * windows exceeds factor x (window / 30 days) and the long window holds
 * at least min_requests requests (for a latency SLO: with a latency). */
typedef struct burn_alert {
	char severity[16];       /* "page", "ticket", ... */
	int64_t long_s, short_s; /* seconds */
	double factor;           /* as written, for a 30-day window */
	uint64_t min_requests;   /* 0: any number */
	kv_map_t labels, annotations;
} burn_alert_t;

/* A time-slice SLO: the share of slices of size_s seconds that meet
 * every condition. Conditions are exact: "p95 <= 300ms" holds when at
 * least ceil(0.95 n) of the slice's n latencies are <= 300ms. */
typedef struct ts_cond {
	enum { TS_PCT_LE, TS_AVAIL_GE } kind;
	double q;     /* TS_PCT_LE: the percentile as a fraction */
	int64_t us;   /* TS_PCT_LE: latency bound */
	double avail; /* TS_AVAIL_GE: fraction */
} ts_cond_t;

typedef struct timeslice {
	int64_t size_s;   /* 0: no time-slice SLO */
	double objective; /* fraction of good slices */
	int ncond;
	ts_cond_t cond[RULES_MAX_TSCOND];
	char good_if[160]; /* as written, for reports */
} timeslice_t;

typedef struct sli {
	/* first, so the per-request patterns (M_LINE_N of them, 56 bytes)
	 * share one cache line: the hot loop reads them for every SLI of
	 * every line, and sli_t is over a kilobyte */
	struct rx *match[M_N]; /* NULL: any value matches */
	char *name;
	enum group_by group_by;
	int max_endpoints;
	int has_avail_objective;
	double avail_objective; /* fraction */
	uint8_t bad[1000]; /* bad[status] = 1: counts against availability */
	int nthr;
	threshold_t thr[RULES_MAX_THR];
	int has_window, has_alerts; /* set by the SLI itself */
	slo_window_t window;
	int nalert;
	burn_alert_t alert[RULES_MAX_ALERTS];
	timeslice_t ts;
	kv_map_t labels, annotations; /* for the Prometheus rules */
	int census; /* the census of `routes` and `check` (rules_add_census):
	               takes every request, after the others */
} sli_t;

#endif
