/*
 * timeline.h - exact per-minute counters over log time, for what needs
 * to know *when* requests were good or bad: error budgets over a rolling
 * or calendar window, burn rates over 5m..3d, alert backtests.
 *
 * A timeline holds, for every minute that saw a request, n counters (the
 * caller decides their meaning: requests, bad, bad per latency
 * threshold, ...). Minutes live in day blocks allocated when first used,
 * so memory follows the time span of the input (about 5.6 KiB per
 * counter per day), never its size; at most TIMELINE_MAX_DAYS blocks
 * exist, and requests on other days are counted as out of range rather
 * than growing memory without bound (a log with wild timestamps). Keyed
 * by absolute minute, a timeline does not care in which order lines come,
 * and two timelines add up exactly (merge), as the histograms do.
 *
 * agg.c keeps one per SLI (counters in agg.h); state.c saves the minutes
 * that saw requests; slo.c computes budgets, burn rates and alerts.
 */
#ifndef SLICALC_TIMELINE_H
#define SLICALC_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

#define TIMELINE_MAX_DAYS     3700 /* ten years and a bit */
#define TIMELINE_MAX_COUNTERS 16

typedef struct timeline timeline_t;

/* A timeline of n counters per minute (1..TIMELINE_MAX_COUNTERS); NULL
 * for another n. Counter 0 should count requests: it is what a merge
 * adds to the out-of-range count for days that have no room. */
timeline_t *timeline_new(int n);
void timeline_free(timeline_t *t);

/* The n counters of the minute holding epoch (seconds), for the caller to
 * increment; NULL when the day cannot be added (the request is then
 * counted in timeline_out_of_range()). */
uint32_t *timeline_at(timeline_t *t, int64_t epoch);

/* Requests whose minute had no room (see above). */
uint64_t timeline_out_of_range(const timeline_t *t);

/* Sum counter by counter over the minutes in [from, to) (epoch seconds,
 * rounded down to minutes) into out[0..n). */
void timeline_sum(const timeline_t *t, int64_t from, int64_t to, uint64_t *out);

/* The first and last minute (epoch seconds of its start) with any count;
 * 0 if the timeline is empty. */
int timeline_span(const timeline_t *t, int64_t *first, int64_t *last);

/* Add src into dst. Returns 0; -1 when their n differ (nothing added),
 * or when dst had no room for some of src's days (their requests are
 * counted out of range, the rest is added). */
int timeline_merge(timeline_t *dst, const timeline_t *src);

/* Read-only: the counters of the minute holding epoch; NULL when its day
 * has none. */
const uint32_t *timeline_get(const timeline_t *t, int64_t epoch);

/* The first minute at or after epoch with any request (epoch seconds of
 * its start), or INT64_MAX: for skipping quiet stretches. */
int64_t timeline_next(const timeline_t *t, int64_t epoch);

/* For saving and loading: the days held, in order (days since the epoch),
 * and a day's block of 1440 x n counters, created if missing (NULL when
 * full); loaded out-of-range counts are added back with _add_out. */
size_t timeline_ndays(const timeline_t *t);
const uint32_t *timeline_day(const timeline_t *t, size_t i, int64_t *day);
uint32_t *timeline_day_block(timeline_t *t, int64_t day);
void timeline_add_out(timeline_t *t, uint64_t n);

#endif
