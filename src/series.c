/*
 * series.c - statistics per calendar period (see series.h).
 *
 * Finding a request's period must cost next to nothing per line: the
 * last period [c0, c1) is remembered, and only a time outside it costs a
 * calendar computation (arithmetic for UTC hours, days and weeks; the C
 * library's zone rules otherwise) and a binary search (sorted.h).
 */
#include "series.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "sorted.h"
#include "util.h"

static int64_t floormod(int64_t a, int64_t b)
{
	int64_t m = a % b;
	return m < 0 ? m + b : m;
}

int64_t series_floor(const series_spec_t *spec, int64_t t)
{
	if (!spec->tz[0]) {
		switch (spec->unit) {
		case CAL_HOUR:
			return t - floormod(t, 3600);
		case CAL_DAY:
			return t - floormod(t, 86400);
		case CAL_WEEK: /* 1970-01-01 was a Thursday: Monday is 3 days
		                  before it */
			return t - floormod(t + 3 * 86400, 7 * 86400);
		default:
			break;
		}
	}
	return cal_floor(t, spec->unit, spec->tz);
}

static int64_t next_of(const series_spec_t *spec, int64_t start)
{
	if (!spec->tz[0] && spec->unit <= CAL_WEEK)
		return start + (spec->unit == CAL_HOUR  ? 3600
		                : spec->unit == CAL_DAY ? 86400
		                                        : 7 * 86400);
	return cal_next(start, spec->unit, spec->tz);
}

_Static_assert(offsetof(period_t, start) == 0, "sorted.h: the key first");

/* Index of the period starting at start, added if missing; -1 if full. */
static long find(series_t *s, int64_t start, uint32_t *room)
{
	if (s->last < s->n && s->p[s->last].start == start)
		return (long)s->last;
	int found;
	size_t i = sorted_find(s->p, s->n, sizeof(*s->p), start, &found);
	if (!found) {
		if (*room == 0)
			return -1;
		(*room)--;
		s->p = sorted_insert(s->p, &s->n, &s->cap, sizeof(*s->p), i,
		                     start);
	}
	s->last = i;
	return (long)i;
}

stats_t *series_at(series_t *s, const series_spec_t *spec, int64_t t,
                   uint32_t *room)
{
	int64_t start;
	if (s->c1 > s->c0 && t >= s->c0 && t < s->c1) {
		start = s->c0;
	} else {
		start = series_floor(spec, t);
		s->c0 = start;
		s->c1 = next_of(spec, start);
	}
	long i = find(s, start, room);
	if (i < 0) {
		s->dropped++;
		return NULL;
	}
	return &s->p[i].st;
}

void series_merge(series_t *dst, const series_t *src, const series_spec_t *spec,
                  uint32_t *room)
{
	(void)spec;
	dst->dropped += src->dropped;
	for (size_t i = 0; i < src->n; i++) {
		long j = find(dst, src->p[i].start, room);
		if (j < 0)
			dst->dropped += src->p[i].st.requests;
		else
			stats_merge(&dst->p[j].st, &src->p[i].st);
	}
}

void series_free(series_t *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		free(s->p[i].st.hist);
	free(s->p);
	free(s);
}

static const char *const unit_names[] = {"hour", "day", "week", "month",
                                         "quarter"};

const char *series_unit_name(enum cal_unit u)
{
	return unit_names[u];
}

int series_unit_parse(const char *s, enum cal_unit *u)
{
	for (int i = 0; i < 5; i++) {
		if (strcmp(s, unit_names[i]) == 0) {
			*u = (enum cal_unit)i;
			return 0;
		}
	}
	return -1;
}
