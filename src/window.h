/*
 * window.h - rolling windows for slicalc tail: the same statistics as
 * the report, over the last 5 minutes (or any --window), in fixed memory.
 *
 * Each window is a ring of WIN_SLICES time slices (a 5m window: 30 s
 * slices); a slice holds, per SLI and endpoint that saw traffic in it,
 * exact counters and a compact latency histogram (hist4_t: Prometheus
 * schema 4, 16 buckets per power of two, so window percentiles are
 * within 2.2%), as one stats_t. The command layer feeds the windows
 * (window_add) with each request the run counted.
 * Time is the wall clock when a line is read, so a window means "the
 * last five minutes of traffic" even for logs without timestamps.
 *
 * Memory, at most: windows x WIN_SLICES x (endpoints + 1 per SLI) x
 * about 2.1 KiB, where endpoints is bounded by max_endpoints: 2 windows
 * of an SLI with 300 endpoints take about 13 MiB. A slice is allocated
 * only for an endpoint that had traffic in it.
 */
#ifndef SLICALC_WINDOW_H
#define SLICALC_WINDOW_H

#include <stdint.h>

#include "request.h"
#include "sli.h"
#include "stats.h"

typedef struct rules rules_t; /* rules.h */

#define WIN_SLICES 10
#define WIN_MAX    4

typedef struct window_set window_set_t;

/* The statistics of one SLI (and endpoint) over one slice or one window:
 * a stats_t of the coarse kind (stats.h), with its histogram. st.hist4
 * points into the same window_sum_t, so a window_sum_t is not copied by value.
 */
typedef struct wsum {
	stats_t st;
	hist4_t hist;
} window_sum_t;

/* Windows of the given lengths (microseconds, nwin <= WIN_MAX). */
window_set_t *window_new(const rules_t *rules, const int64_t *len_us, int nwin);
void window_free(window_set_t *w);

int window_count(const window_set_t *w);
int64_t window_len(const window_set_t *w, int win);

/* The clock for the lines that follow (seconds, any epoch). */
void window_set_now(window_set_t *w, double now);

/* Count req in SLI sli, endpoint ep (-1: the SLI has no endpoints): the
 * endpoint's index in the run's agg, as agg_add() returns it. */
void window_add(window_set_t *w, int sli, int ep, const request_t *req);

/* Sum window win of SLI sli over endpoint ep (-1: every endpoint) into
 * *out (any contents; afterwards out->st.hist4 == &out->hist). */
void window_sum(const window_set_t *w, int win, int sli, int ep,
                window_sum_t *out);

/* Drop all data (the rules changed). */
void window_reset(window_set_t *w, const rules_t *rules);

#endif
