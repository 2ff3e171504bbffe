/*
 * trend.h - what the HTML report draws for one SLI, computed once from
 * its per-minute timeline (timeline.h), its SLO evaluation (slo.h) and its
 * histogram (hist.h), so the writer only scales numbers to pixels:
 *
 *   - the SLI over time: per period (hourly for a span up to three days,
 *     else daily, or the --by unit; coarser up to quarters when the
 *     periods would be more than TREND_MAX_POINTS) requests, bad,
 *     requests with a latency and, per threshold, those within it; a
 *     period without requests is kept, with zeros, so charts show it as
 *     a gap (no data), never as 100% (beyond quarters, a run of them is
 *     kept as one: trend_t.gaps);
 *   - the error budget burn-down of each SLO over its window: the budget
 *     left after each step, cumulative, against the budget the window
 *     allows at the report's instant (so the last point is the budget
 *     left the other reports show), and where the ideal line ends (the
 *     window's end: the report's instant for a rolling window, the end of
 *     the month, week or quarter for a calendar one);
 *   - the latency histogram in coarse log-scale bins (4 per power of two,
 *     from the schema-6 buckets) and the p50, p95 and p99.
 *
 * A trend_t owns its arrays (trend_free); it points to nothing.
 */
#ifndef SLICALC_TREND_H
#define SLICALC_TREND_H

#include <stdint.h>

#include "agg.h"
#include "calendar.h"
#include "series.h"
#include "slo.h"

#define TREND_MAX_POINTS 2000 /* periods over time; a coarser unit beyond */
#define TREND_MAX_STEPS  720  /* burn-down steps over a window */

typedef struct trend_point {
	int64_t start; /* the period's first instant */
	uint64_t requests, bad;
	uint64_t lat;                     /* requests with a latency */
	uint64_t thr_good[RULES_MAX_THR]; /* of those, within threshold t */
	int corrected; /* some minute of it lies in a correction for the SLI
	                  (set by the model: model_corrected_periods) */
} trend_point_t;

typedef struct trend_bin {
	double lo_us, hi_us; /* values v with lo < v <= hi */
	uint64_t count;
} trend_bin_t;

typedef struct trend {
	/* over time: n periods of unit in tz ("" is UTC), oldest first,
	 * from the first period with a request to the last */
	enum cal_unit unit;
	char tz[64];
	int n;
	trend_point_t *p;
	/* runs of empty periods left out, each kept as one empty period
	 * (0 but for a span too long for a chart even by quarters): the
	 * periods are then not evenly spaced in time */
	int gaps;
	/* burn-down over [bstart, bend) in nb steps of bstep seconds (the
	 * last may be cut at bend): left[k][j] is the budget of SLO k left
	 * at bstart + (j + 1) * bstep (bend for the last), a fraction, 1 at
	 * bstart; left[k] is NULL when SLO k is inactive or its budget is
	 * unknown (nothing in the window, or nothing allowed); the ideal
	 * line goes from 1 at bstart to 0 at ideal_end */
	int64_t bstart, bend, bstep, ideal_end;
	int nb;
	double *left[SLO_MAX];
	/* latency: nbins bins with a value, ascending; zero: latencies of
	 * 0 us (left of the first bin); over: beyond the histogram's last
	 * bucket; p50/p95/p99 in us (0 without latency) */
	int nbins;
	trend_bin_t *bin;
	uint64_t zero, over;
	double p50_us, p95_us, p99_us;
} trend_t;

/*
 * The trend of SLI s: over time from its timeline in periods of *by (NULL:
 * by the span, in UTC); the burn-down over ev's window (ev NULL: no
 * instant to judge at, no burn-down); the histogram of hist (NULL: no
 * latency). Never fails (out of memory goes to util_fatal); free with
 * trend_free. Uses the calendar (process-wide zone): call from one
 * thread.
 */
trend_t *trend_new(const sli_agg_t *s, const slo_eval_t *ev,
                   const series_spec_t *by, const hist_t *hist);
void trend_free(trend_t *t);

#endif
