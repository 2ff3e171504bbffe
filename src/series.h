/*
 * series.h - an SLI's statistics per hour, day, week or month of log
 * time (`report --by`), for "which day went wrong": each period holds
 * the same exact counters and histogram as the report's totals, so its
 * percentiles are as accurate (within 0.55%) and a series adds up to the
 * total. Periods are calendar periods in a time zone (UTC by default).
 *
 * Memory follows the time span, not the input: about 18 KiB per period
 * that saw a latency (its histogram). The caller passes a budget of
 * periods ("room", SERIES_MAX per SLI, shared by the SLI's own series and
 * its endpoints' with --by-endpoint); requests in periods beyond it are
 * counted as dropped, never lost silently. Two series of the same spec
 * add up exactly (merge).
 */
#ifndef SLICALC_SERIES_H
#define SLICALC_SERIES_H

#include <stddef.h>
#include <stdint.h>

#include "calendar.h"
#include "stats.h"

#define SERIES_MAX 20000 /* periods per SLI: two years and a bit of hours */

typedef struct series_spec {
	enum cal_unit unit;
	char tz[64]; /* "" is UTC */
} series_spec_t;

typedef struct period {
	int64_t start; /* epoch seconds; first, the key of sorted.h */
	stats_t st;
} period_t;

typedef struct series {
	period_t *p; /* n periods sorted by start */
	size_t n, cap;
	size_t last;      /* index used last (logs come mostly in order) */
	int64_t c0, c1;   /* the period [c0, c1) of the last time asked */
	uint64_t dropped; /* requests in periods beyond SERIES_MAX */
} series_t;

/* The statistics of the period holding t, added if missing (taking one
 * from *room); NULL when *room is 0 (the request is counted dropped). */
stats_t *series_at(series_t *s, const series_spec_t *spec, int64_t t,
                   uint32_t *room);

/* The start of the period holding t. */
int64_t series_floor(const series_spec_t *spec, int64_t t);

/* Add src into dst (same spec). */
void series_merge(series_t *dst, const series_t *src, const series_spec_t *spec,
                  uint32_t *room);

void series_free(series_t *s);

/* "hour", "day", "week", "month", "quarter"; parse returns -1 for other
 * names. */
const char *series_unit_name(enum cal_unit u);
int series_unit_parse(const char *s, enum cal_unit *u);

#endif
