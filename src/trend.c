/*
 * trend.c - an SLI's points over time, burn-down and latency bins for the
 * HTML report (see trend.h). Each part is one pass over the minutes the
 * timeline holds (in order), adding each into the period or step it falls
 * in, so the cost follows the input's time span, never its size, and no
 * minute is counted twice or left out: the periods add up to the
 * timeline's totals and the burn-down ends at the evaluated budget.
 */
#include "trend.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define MIN_PER_DAY 1440

static int64_t floordiv(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* Rough length of a unit, to pick one giving at most TREND_MAX_POINTS
 * periods before walking the calendar. */
static int64_t unit_len(enum cal_unit u)
{
	static const int64_t len[] = {3600, 86400, 7 * 86400, 28 * 86400,
	                              89 * 86400};
	return len[u];
}

/* Call fn(ctx, at, c) for every minute of tl with a request, in order of
 * time; c is the minute's counters. */
static void each_minute(const timeline_t *tl, int nc,
                        void (*fn)(void *, int64_t, const uint32_t *),
                        void *ctx)
{
	size_t nd = timeline_ndays(tl);
	for (size_t i = 0; i < nd; i++) {
		int64_t day;
		const uint32_t *c = timeline_day(tl, i, &day);
		for (int k = 0; k < MIN_PER_DAY; k++, c += nc)
			if (c[TL_REQ]) /* every request counts here */
				fn(ctx, (day * MIN_PER_DAY + k) * 60, c);
	}
}

struct over_ctx {
	trend_t *t;
	int j; /* the period of the last minute */
	int nthr;
};

static void over_add(void *ctx, int64_t at, const uint32_t *c)
{
	struct over_ctx *o = ctx;
	trend_t *t = o->t;
	while (o->j + 1 < t->n && t->p[o->j + 1].start <= at)
		o->j++;
	if (at < t->p[o->j].start)
		return; /* cannot happen: the periods cover the span */
	trend_point_t *p = &t->p[o->j];
	p->requests += c[TL_REQ];
	p->bad += c[TL_BAD];
	p->lat += c[TL_LAT];
	for (int i = 0; i < o->nthr; i++)
		p->thr_good[i] += c[TL_LAT] - c[TL_THR + i];
}

/* Append a period starting at start, growing p as needed. */
static void push(trend_t *t, size_t *cap, int64_t start)
{
	if ((size_t)t->n == *cap) {
		t->p = xrealloc(t->p, 2 * *cap * sizeof(*t->p));
		memset(t->p + *cap, 0, *cap * sizeof(*t->p));
		*cap *= 2;
	}
	t->p[t->n++].start = start;
}

struct sparse_ctx {
	trend_t *t;
	size_t *cap;
	int64_t end; /* where the last period pushed ends */
};

/* A span too long for every period even by quarters (hostile
 * timestamps: years 0001 and 9999 in one log): the periods with a
 * request, and one empty period standing for each run of empty ones
 * between them, so no request ever lands in a period not its own. */
static void sparse_add(void *ctx, int64_t at, const uint32_t *c)
{
	struct sparse_ctx *s = ctx;
	trend_t *t = s->t;
	(void)c;
	if (t->n && at < s->end)
		return; /* in the last period */
	int64_t p = cal_floor(at, t->unit, t->tz);
	if (t->n && s->end < p) {
		push(t, s->cap, s->end);
		t->gaps++;
	}
	push(t, s->cap, p);
	s->end = cal_next(p, t->unit, t->tz);
}

static void over_time(trend_t *t, const sli_agg_t *s, const series_spec_t *by)
{
	int64_t first, last;
	t->unit = by ? by->unit : CAL_HOUR;
	snprintf(t->tz, sizeof(t->tz), "%s", by ? by->tz : "");
	if (!s->tl || !timeline_span(s->tl, &first, &last))
		return;
	/* hourly up to three days: a day's shape shows; else daily (a
	 * month is 30 bars); a unit asked for by --by is kept unless it
	 * gives more periods than a chart can show */
	if (!by && last - first >= 3 * 86400)
		t->unit = CAL_DAY;
	while (t->unit < CAL_QUARTER &&
	       (last - first) / unit_len(t->unit) + 2 > TREND_MAX_POINTS)
		t->unit++;
	size_t cap = 64;
	t->p = xcalloc(cap, sizeof(*t->p));
	if ((last - first) / unit_len(t->unit) + 2 > TREND_MAX_POINTS) {
		struct sparse_ctx sp = {t, &cap, 0};
		each_minute(s->tl, tl_counters(s->sli), sparse_add, &sp);
	} else {
		/* unit_len is at most a period's length: this fits */
		for (int64_t at = cal_floor(first, t->unit, t->tz); at <= last;
		     at = cal_next(at, t->unit, t->tz))
			push(t, &cap, at);
	}
	struct over_ctx o = {t, 0, s->sli->nthr};
	each_minute(s->tl, tl_counters(s->sli), over_add, &o);
}

struct burn_ctx {
	const trend_t *t;
	int cb;
	uint64_t *bad; /* per step */
};

static void burn_add(void *ctx, int64_t at, const uint32_t *c)
{
	struct burn_ctx *b = ctx;
	if (at < b->t->bstart || at >= b->t->bend)
		return;
	b->bad[(at - b->t->bstart) / b->t->bstep] += c[b->cb];
}

/* Where the window evaluated at ev ends: a rolling window at the report's
 * instant, a calendar one at its period's end. */
static int64_t window_end(const sli_t *sli, const slo_eval_t *ev)
{
	const char *tz = sli->window.tz;
	switch (sli->window.kind) {
	case WIN_MONTH:
		return cal_next(ev->start, CAL_MONTH, tz);
	case WIN_WEEK:
		return cal_next(ev->start, CAL_WEEK, tz);
	case WIN_QUARTER:
		return cal_next(ev->start, CAL_QUARTER, tz);
	case WIN_ROLLING:
		break;
	}
	return ev->end;
}

static void burn_down(trend_t *t, const sli_agg_t *s, const slo_eval_t *ev)
{
	static const int64_t steps[] = {
	    60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400};
	const sli_t *sli = s->sli;
	t->bstart = ev->start;
	t->bend = ev->end;
	t->ideal_end = window_end(sli, ev);
	if (t->ideal_end < t->bend)
		t->ideal_end = t->bend;
	int64_t len = t->ideal_end - t->bstart;
	t->bstep = 0;
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if ((len + steps[i] - 1) / steps[i] <= TREND_MAX_STEPS) {
			t->bstep = steps[i];
			break;
		}
	if (!t->bstep) /* a window of years: whole days */
		t->bstep = (len / TREND_MAX_STEPS / 86400 + 1) * 86400;
	if (t->bend <= t->bstart)
		return;
	t->nb = (int)((t->bend - t->bstart + t->bstep - 1) / t->bstep);
	uint64_t *bad = xmalloc((size_t)t->nb * sizeof(*bad));
	for (int k = 0; k < ev->nslo; k++) {
		const slo_status_t *st = &ev->slo[k];
		if (!st->active || st->budget.unknown ||
		    !(st->budget.allowed > 0))
			continue;
		int ct, cb;
		slo_counters(sli, k, &ct, &cb);
		memset(bad, 0, (size_t)t->nb * sizeof(*bad));
		struct burn_ctx b = {t, cb, bad};
		if (s->tl)
			each_minute(s->tl, tl_counters(sli), burn_add, &b);
		t->left[k] = xmalloc((size_t)t->nb * sizeof(double));
		uint64_t cum = 0;
		for (int j = 0; j < t->nb; j++) {
			cum += bad[j];
			/* the expression of slo_budget, so the last point
			 * is the budget left the other reports show */
			t->left[k][j] = 1 - (double)cum / st->budget.allowed;
		}
	}
	free(bad);
}

/* ceil(k / 16): the schema-2 bin of schema-6 key k. */
static int32_t coarse(int32_t k)
{
	return (int32_t)-floordiv(-(int64_t)k, 16);
}

static void bins(trend_t *t, const hist_t *h)
{
	if (!h || !h->count)
		return;
	t->zero = h->zero;
	t->over = h->over;
	t->p50_us = hist_percentile(h, 50);
	t->p95_us = hist_percentile(h, 95);
	t->p99_us = hist_percentile(h, 99);
	int lo = -1, hi = -1;
	for (int i = 0; i < HIST_NBUCKETS; i++)
		if (h->b[i]) {
			if (lo < 0)
				lo = i;
			hi = i;
		}
	if (lo < 0)
		return;
	int32_t j0 = coarse(lo + HIST_MIN_KEY), j1 = coarse(hi + HIST_MIN_KEY);
	t->nbins = (int)(j1 - j0 + 1);
	t->bin = xcalloc((size_t)t->nbins, sizeof(*t->bin));
	for (int j = 0; j < t->nbins; j++) {
		t->bin[j].lo_us = pow(2, (double)(j0 + j - 1) / 4) * 1e6;
		t->bin[j].hi_us = pow(2, (double)(j0 + j) / 4) * 1e6;
	}
	for (int i = lo; i <= hi; i++)
		t->bin[coarse(i + HIST_MIN_KEY) - j0].count += h->b[i];
}

trend_t *trend_new(const sli_agg_t *s, const slo_eval_t *ev,
                   const series_spec_t *by, const hist_t *hist)
{
	trend_t *t = xcalloc(1, sizeof(*t));
	over_time(t, s, by);
	if (ev)
		burn_down(t, s, ev);
	bins(t, hist);
	return t;
}

void trend_free(trend_t *t)
{
	if (!t)
		return;
	free(t->p);
	for (int k = 0; k < SLO_MAX; k++)
		free(t->left[k]);
	free(t->bin);
	free(t);
}
