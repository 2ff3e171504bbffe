/*
 * model.h - a report computed once: per SLI the endpoints in display
 * order, each row's statistics with its percentiles and ratios, the SLO
 * evaluation at the report's instant, the --by periods, the rolling
 * windows' sums, the warnings and the input accounting. The writers
 * (report_*.c) and --fail-on-budget only format a model_t; they compute
 * nothing, so a new output is a new formatter, never a second
 * computation (git's wt_status_collect and its printers).
 *
 * A model_t owns what it allocates (one model_free); it points into the
 * run it was built from (keys, histograms, file records), which must
 * outlive it and not change while it is used.
 */
#ifndef SLICALC_MODEL_H
#define SLICALC_MODEL_H

#include <stdint.h>

#include "run.h"
#include "series.h"
#include "slo.h"
#include "trend.h"
#include "window.h"

/* One row's statistics: the counters as counted, and what the writers
 * show of them, computed with the expressions they used to compute. */
typedef struct model_stats {
	uint64_t requests, good, bad; /* availability */
	uint64_t lat_count, lat_sum_us, lat_max_us;
	uint64_t thr_good[RULES_MAX_THR]; /* latency <= threshold t */
	const hist_t *hist; /* the run's full histogram (NULL: no latency,
	                       or a window's row) */
	double avail;       /* good / requests; NAN without requests */
	double mean_us;     /* lat_sum_us / lat_count; NAN without latency */
	double pct_us[RULES_MAX_PCT];    /* per rules->pct; 0 without
	                                    latency */
	double thr_ratio[RULES_MAX_THR]; /* thr_good / lat_count; NAN
	                                    without latency */
} model_stats_t;

typedef struct model_period {
	int64_t start; /* the period's first instant (in series.tz) */
	model_stats_t st;
} model_period_t;

/* --by: statistics per calendar period, oldest first, every period from
 * the first to the last (those without requests too) unless gaps. */
typedef struct model_series {
	size_t n;
	model_period_t *p;
	uint64_t dropped; /* requests in periods beyond SERIES_MAX */
	size_t empty;     /* periods without a request added between the
	                     first and last, so a chart has no false gaps */
	int gaps;         /* they were not added: more than SERIES_MAX empty
	                     periods in the SLI (its own, its endpoints') */
} model_series_t;

typedef struct model_row {
	const char *key; /* the endpoint's key (not NUL-terminated), or
	                    "(all)" for the SLI's total */
	size_t keyn;
	int ep; /* index in the agg's endpoints of the SLI; -1: total */
	model_stats_t st;
	model_series_t ser; /* --by-endpoint: the endpoint's periods */
} model_row_t;

/*
 * What a reader is told of one SLO (or of the time slices) at
 * model_t.end, in the words every output uses: unknown (nothing to judge:
 * no request, or no latency, in the window), met, at risk (less than
 * MODEL_AT_RISK of the error budget left, or a burn-rate alert firing:
 * met so far, but not for long at this pace) or spent (no budget left).
 */
enum model_verdict { MV_UNKNOWN, MV_MET, MV_AT_RISK, MV_SPENT };
#define MODEL_AT_RISK 0.25

/* The verdict on budget b with nsev alert severities, firing[j] != 0
 * for each one firing (firing may be NULL when nsev is 0). */
enum model_verdict model_verdict(const slo_budget_t *b, const int *firing,
                                 int nsev);

/* "unknown", "met", "at risk", "spent". */
const char *model_verdict_name(enum model_verdict v);

typedef struct model_sli {
	const sli_t *sli;
	model_row_t total;
	int nep;
	model_row_t *ep;    /* display order: most requests first, then key */
	int *rank;          /* rank[e]: the position in ep of the agg's
	                       endpoint e (writers that follow the agg's order) */
	model_series_t ser; /* --by: the SLI's periods */
	uint64_t match_errors, untimed, out_of_range;
	uint64_t corrected;      /* matched, left out by corrections */
	const uint64_t *corr_n;  /* per correction of the rules (the
	                            run's); corrected - their sum were left
	                            out by corrections since removed (tail's
	                            reload), 0 otherwise */
	int has_other;           /* endpoints went to (other) */
	uint64_t other_requests; /* requests counted under (other) */
	/* the SLOs at model_t.end (when not REQ_NO_TIME) */
	slo_eval_t ev;
	int judged;      /* some objective (or time slices) to judge */
	double ts_ratio; /* ev.good_slices / ev.slices; NAN without slices */
	enum model_verdict verdict[SLO_MAX]; /* per ev.slo[k] (active ones) */
	enum model_verdict ts_verdict;       /* the time slices' */
	/* rolling windows (model_t.nwin): win_total[k], and per endpoint
	 * win_ep[k * nep + j] for ep[j] (NULL without endpoints) */
	model_stats_t win_total[WIN_MAX];
	model_stats_t *win_ep;
	/* over time, burn-down and latency bins, for the HTML report
	 * (trend.h); owned */
	trend_t *trend;
} model_sli_t;

/* Something about an SLI the reader should know: the JSON report lists
 * them under "warnings", the command layer prints them as notes. */
typedef struct model_warning {
	int sli;          /* index in rules->sli */
	const char *kind; /* "no-match", "no-latency", "match-error" */
	char message[160];
} model_warning_t;

/* What was read, as the reports account for it. */
typedef struct model_input {
	uint64_t lines, requests, unparsed, other, unmatched, incomplete,
	    filtered;
	uint64_t incomplete_by[INC_N];
	uint64_t matched;   /* requests counted into at least one SLI */
	int64_t tmin, tmax; /* REQ_NO_TIME: no request had a time */
	const char *format; /* every file's format, "mixed" or "none" */
	char formats[64];   /* the formats read, in order of first
	                       appearance, ", "-separated ("" for none) */
	int nfiles;
	const run_file_t **files_by_path; /* the run's file records, by
	                                     path (then order read) */
} model_input_t;

struct model {
	const run_t *run;
	const rules_t *rules;
	model_input_t in;
	int has_by, by_endpoint; /* --by, --by-endpoint */
	series_spec_t by;
	int64_t end; /* the instant SLOs are judged at (slo_end); or
	                REQ_NO_TIME when nothing had a time */
	int nsli;
	model_sli_t *sli;
	int has_win; /* the run shows rolling windows (tail) */
	int nwin;    /* how many */
	int64_t win_len_us[WIN_MAX];
	model_warning_t *warn;
	int nwarn;
	int spent; /* SLOs (and time-slice objectives) whose budget is spent
	              at end (the gates judge SLI by SLI: cli_budget_exit) */
	/* corrections (rules->corr): requests left out, summed over the
	 * SLIs (a request of two SLIs counts twice), in all and per
	 * correction (NULL without corrections) */
	uint64_t corrected;
	uint64_t *corr_total;
};

typedef struct model model_t;

/* A cumulative latency bucket: values at or below le seconds. */
typedef struct model_bucket {
	double le;
	uint64_t count;
	int exact; /* a threshold's bucket: the exact good count */
} model_bucket_t;

#define MODEL_LADDER      11 /* 5 ms .. 10 s, Prometheus' default */
#define MODEL_MAX_BUCKETS (MODEL_LADDER + RULES_MAX_THR)

/*
 * The latency buckets of row st of SLI sli, as the Prometheus histogram
 * exports them, ascending by le: one at every threshold of the SLI, with
 * the exact good count, and the standard ladder (0.005 .. 10 s) where no
 * threshold is, read from the full histogram: a ladder bucket counts only
 * the schema-6 buckets that lie wholly below its bound, so it never
 * overstates; counts are made monotonic, and never above a later exact
 * count. Writes at most MODEL_MAX_BUCKETS into b; returns how many (the
 * +Inf bucket, st->lat_count, is not among them). Computed when asked:
 * only that output needs it.
 */
int model_buckets(const model_stats_t *st, const sli_t *sli, model_bucket_t *b);

/* The model of run (finished: agg_finish done). Never fails (out of
 * memory goes to util_fatal). Free with model_free. */
model_t *model_new(const run_t *run);
void model_free(model_t *m);

/* The warnings of run, SLI by SLI (see model_warning_t): an SLI that
 * matched no request ("no-match"; "match-error" when a pattern could not
 * decide some), one with latency objectives whose requests carried no
 * latency ("no-latency"); none for the census (rules_add_census), which
 * is no SLI of the rules file. Returns a malloc'd array (caller frees;
 * NULL when *n is 0). model_new keeps them in model_t.warn. */
model_warning_t *model_warnings(const run_t *run, int *n);

#endif
