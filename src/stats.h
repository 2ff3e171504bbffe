/*
 * stats.h - the statistics of one SLI's requests (an endpoint's, a
 * total's, a period's, a rolling window slice's): exact counters and a
 * latency histogram. Adding two gives the statistics of both inputs,
 * exactly.
 *
 * Statistics come in two kinds that differ only in their histogram. The
 * report's (a zeroed stats_t) own a full hist_t, allocated at the first
 * latency and freed by whoever frees the stats_t. A window slice's have
 * hist4 pointing at a coarse hist4_t their owner provides (and frees);
 * they never allocate.
 */
#ifndef SLICALC_STATS_H
#define SLICALC_STATS_H

#include <stdint.h>

#include "hist.h"
#include "request.h"
#include "sli.h"

typedef struct stats {
	uint64_t requests;
	uint64_t good, bad; /* availability */
	uint64_t lat_count; /* requests that had a latency */
	uint64_t lat_sum_us;
	uint64_t lat_max_us;
	uint64_t thr_good[RULES_MAX_THR]; /* latency <= threshold i */
	hist_t *hist;   /* owned; NULL until the first latency */
	hist4_t *hist4; /* not owned: the coarse kind's histogram, or NULL */
} stats_t;

/* Count req, judged by sli's bad statuses and thresholds. */
void stats_add(stats_t *st, const sli_t *sli, const request_t *req);

/* Add s into d, both of the same kind. */
void stats_merge(stats_t *d, const stats_t *s);

/* The nearest-rank q-th latency percentile in microseconds, from
 * whichever histogram st has (hist_percentile, hist4_percentile); 0
 * when st has no latency. */
double stats_percentile(const stats_t *st, double q);

#endif
