/*
 * timeline.c - per-minute counters in day blocks (see timeline.h).
 *
 * Days are kept sorted in one array of pointers; lookups remember the
 * last day used, since log lines come mostly in time order, and fall
 * back to a binary search (sorted.h). A block is 1440 x n uint32 counters: a
 * minute would need 4 billion requests to wrap one.
 */
#include "timeline.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "sorted.h"
#include "util.h"

#define MIN_PER_DAY 1440

struct day {
	int64_t day; /* days since the epoch (floor); first: sorted.h's key */
	uint32_t *c; /* MIN_PER_DAY * n counters */
};

struct timeline {
	int n;
	struct day *days; /* sorted by day */
	size_t ndays, cap;
	size_t last; /* index of the day used last */
	uint64_t out;
	/* the minute timeline_at found last: its first second and its
	 * counters (a block is never moved or freed before the timeline),
	 * so that a line of the same minute as the one before costs two
	 * compares instead of three 64-bit divisions; mc NULL: none yet */
	int64_t mfrom;
	uint32_t *mc;
};

static int64_t floordiv(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

timeline_t *timeline_new(int n)
{
	if (n < 1 || n > TIMELINE_MAX_COUNTERS)
		return NULL;
	timeline_t *t = xcalloc(1, sizeof(*t));
	t->n = n;
	return t;
}

void timeline_free(timeline_t *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->ndays; i++)
		free(t->days[i].c);
	free(t->days);
	free(t);
}

_Static_assert(offsetof(struct day, day) == 0, "sorted.h: the key first");

/* Index of day d, or where it would go (*found = 0). */
static size_t find(const timeline_t *t, int64_t d, int *found)
{
	return sorted_find(t->days, t->ndays, sizeof(*t->days), d, found);
}

/* The block of day d, added if missing; NULL when full. */
static uint32_t *block(timeline_t *t, int64_t d)
{
	if (t->last < t->ndays && t->days[t->last].day == d)
		return t->days[t->last].c;
	int found;
	size_t i = find(t, d, &found);
	if (!found) {
		if (t->ndays == TIMELINE_MAX_DAYS)
			return NULL;
		t->days = sorted_insert(t->days, &t->ndays, &t->cap,
		                        sizeof(*t->days), i, d);
		t->days[i].c = xcalloc((size_t)MIN_PER_DAY * (size_t)t->n,
		                       sizeof(uint32_t));
	}
	t->last = i;
	return t->days[i].c;
}

uint32_t *timeline_at(timeline_t *t, int64_t epoch)
{
	/* unsigned: no overflow, and exact, since the 60 seconds from
	 * mfrom are all int64_t values of that one minute */
	if (t->mc && (uint64_t)epoch - (uint64_t)t->mfrom < 60)
		return t->mc;
	int64_t m = floordiv(epoch, 60);
	uint32_t *c = block(t, floordiv(m, MIN_PER_DAY));
	if (!c) {
		t->out++;
		return NULL;
	}
	t->mfrom = m * 60;
	t->mc = c + (size_t)(m - floordiv(m, MIN_PER_DAY) * MIN_PER_DAY) *
	                (size_t)t->n;
	return t->mc;
}

uint64_t timeline_out_of_range(const timeline_t *t)
{
	return t->out;
}

void timeline_sum(const timeline_t *t, int64_t from, int64_t to, uint64_t *out)
{
	memset(out, 0, (size_t)t->n * sizeof(*out));
	int64_t m0 = floordiv(from, 60), m1 = floordiv(to, 60);
	for (size_t i = 0; i < t->ndays; i++) {
		int64_t base = t->days[i].day * MIN_PER_DAY;
		int64_t a = m0 > base ? m0 - base : 0;
		int64_t b = m1 < base + MIN_PER_DAY ? m1 - base : MIN_PER_DAY;
		for (int64_t k = a; k < b; k++)
			for (int j = 0; j < t->n; j++)
				out[j] += t->days[i].c[k * t->n + j];
	}
}

int timeline_span(const timeline_t *t, int64_t *first, int64_t *last)
{
	int got = 0;
	for (size_t i = 0; i < t->ndays; i++) {
		const uint32_t *c = t->days[i].c;
		for (int64_t k = 0; k < MIN_PER_DAY; k++) {
			int any = 0;
			for (int j = 0; j < t->n; j++)
				any |= c[k * t->n + j] != 0;
			if (!any)
				continue;
			int64_t at = (t->days[i].day * MIN_PER_DAY + k) * 60;
			if (!got)
				*first = at;
			*last = at;
			got = 1;
		}
	}
	return got;
}

int timeline_merge(timeline_t *dst, const timeline_t *src)
{
	if (dst->n != src->n)
		return -1;
	int rc = 0;
	dst->out += src->out;
	for (size_t i = 0; i < src->ndays; i++) {
		uint32_t *c = block(dst, src->days[i].day);
		const uint32_t *s = src->days[i].c;
		size_t n = (size_t)MIN_PER_DAY * (size_t)src->n;
		if (!c) {
			for (size_t k = 0; k < n; k += (size_t)src->n)
				dst->out += s[k]; /* counter 0: requests */
			rc = -1;
			continue;
		}
		for (size_t k = 0; k < n; k++)
			c[k] += s[k];
	}
	return rc;
}

const uint32_t *timeline_get(const timeline_t *t, int64_t epoch)
{
	int64_t m = floordiv(epoch, 60), d = floordiv(m, MIN_PER_DAY);
	int found;
	size_t i = find(t, d, &found);
	if (!found)
		return NULL;
	return t->days[i].c + (size_t)(m - d * MIN_PER_DAY) * (size_t)t->n;
}

size_t timeline_ndays(const timeline_t *t)
{
	return t->ndays;
}

const uint32_t *timeline_day(const timeline_t *t, size_t i, int64_t *day)
{
	*day = t->days[i].day;
	return t->days[i].c;
}

uint32_t *timeline_day_block(timeline_t *t, int64_t day)
{
	return block(t, day);
}

void timeline_add_out(timeline_t *t, uint64_t n)
{
	t->out += n;
}

int64_t timeline_next(const timeline_t *t, int64_t epoch)
{
	int64_t m = floordiv(epoch + 59, 60); /* minutes from epoch on */
	int found;
	for (size_t i = find(t, floordiv(m, MIN_PER_DAY), &found); i < t->ndays;
	     i++) {
		int64_t base = t->days[i].day * MIN_PER_DAY;
		int64_t k = m > base ? m - base : 0;
		for (; k < MIN_PER_DAY; k++)
			if (t->days[i].c[k * t->n])
				return (base + k) * 60;
	}
	return INT64_MAX;
}
