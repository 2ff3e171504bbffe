/*
 * stats.h - the statistics of one SLI's requests (an endpoint's, a
 * total's, a period's): exact counters and a latency histogram. Adding
 * two gives the statistics of both inputs, exactly.
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
	hist_t *hist; /* owned; NULL until the first latency */
} stats_t;

/* Count req, judged by sli's bad statuses and thresholds. */
void stats_add(stats_t *st, const sli_t *sli, const request_t *req);

/* Add s into d. */
void stats_merge(stats_t *d, const stats_t *s);

#endif
