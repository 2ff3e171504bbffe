/*
 * slo.c - budgets, burn rates, alerts and time slices at an instant (see
 * slo.h). Arithmetic is in doubles over exact integer counts; the only
 * rounding is the error-budget fraction itself (slo_error_budget).
 */
#include "slo.h"

#include <math.h>
#include <string.h>

#include "calendar.h"

#define DAY_S 86400

double slo_error_budget(double objective)
{
	/* 1 - 0.999 is 0.0010000000000000009 in doubles; round to 1e-12 so
	 * 1000 requests at 99.9% allow exactly 1 bad one. */
	return round((1 - objective) * 1e12) / 1e12;
}

/* total x the error budget, as total x (budget in 1e-12) / 1e12: 47
 * requests at 99% allow 0.47, not 0.47000000000000003. */
static double allowed(uint64_t total, double objective)
{
	double eb12 = round(slo_error_budget(objective) * 1e12);
	return (double)total * eb12 / 1e12;
}

slo_budget_t slo_budget(uint64_t total, uint64_t bad, double objective)
{
	slo_budget_t b = {total, bad, 0, 0, 1, 0, 0};
	if (!total) { /* no data is not a met objective */
		b.consumed = b.remaining = NAN;
		b.unknown = 1;
		return b;
	}
	b.allowed = allowed(total, objective);
	if (b.allowed > 0) {
		b.consumed = (double)bad / b.allowed;
	} else {
		b.consumed = bad ? NAN : 0;
	}
	b.remaining = 1 - b.consumed;
	b.spent = bad > 0 && (double)bad >= b.allowed * (1 - 1e-12);
	return b;
}

double slo_burn(uint64_t total, uint64_t bad, double objective)
{
	if (!total)
		return NAN;
	double eb = slo_error_budget(objective);
	if (eb <= 0)
		return bad ? INFINITY : 0;
	return (double)bad / allowed(total, objective);
}

int slo_win_index(const slo_alertset_t *as, int64_t seconds)
{
	for (int i = 0; i < as->nwin; i++)
		if (as->win[i] == seconds)
			return i;
	return -1;
}

static void add_win(slo_alertset_t *as, int64_t w)
{
	if (slo_win_index(as, w) >= 0)
		return;
	int i = as->nwin++;
	while (i > 0 && as->win[i - 1] > w) {
		as->win[i] = as->win[i - 1];
		i--;
	}
	as->win[i] = w;
}

void slo_alertset(const sli_t *s, slo_alertset_t *as)
{
	memset(as, 0, sizeof(*as));
	as->scale =
	    (double)s->window.seconds / ((double)RULES_WORKBOOK_DAYS * DAY_S);
	for (int i = 0; i < s->nalert; i++) {
		const burn_alert_t *a = &s->alert[i];
		add_win(as, a->long_s);
		add_win(as, a->short_s);
		int j = 0;
		while (j < as->nsev && strcmp(as->sev[j], a->severity) != 0)
			j++;
		if (j == as->nsev)
			memcpy(as->sev[as->nsev++], a->severity,
			       sizeof(a->severity));
	}
}

int slo_alert_burns(const slo_alertset_t *as, const burn_alert_t *a,
                    const double *burn)
{
	double f = a->factor * as->scale;
	double l = burn[slo_win_index(as, a->long_s)];
	double s = burn[slo_win_index(as, a->short_s)];
	/* NAN (no requests) compares false: no data never pages */
	return l > f && s > f;
}

int slo_alert_fires(const slo_alertset_t *as, const burn_alert_t *a,
                    const double *burn, const uint64_t *total)
{
	/* a quiet window never pages: one slow request out of three is a
	 * burn rate of hundreds, and no reason to wake anyone */
	if (total[slo_win_index(as, a->long_s)] < a->min_requests)
		return 0;
	return slo_alert_burns(as, a, burn);
}

int64_t slo_end(const agg_t *a, int64_t at)
{
	int64_t t = at;
	if (t == REQ_NO_TIME) {
		if (a->tmax == REQ_NO_TIME)
			return REQ_NO_TIME;
		t = a->tmax + 1;
	}
	int64_t m = t / 60 * 60 - (t % 60 < 0 ? 60 : 0);
	return m == t ? t : m + 60; /* up to a minute boundary */
}

void slo_counters(const sli_t *sli, int k, int *total, int *bad)
{
	if (k == 0) {
		*total = TL_REQ;
		*bad = TL_BAD;
	} else {
		*total = TL_LAT;
		*bad = TL_THR + k - 1;
	}
	(void)sli;
}

double slo_objective(const sli_t *sli, int k)
{
	if (k == 0)
		return sli->has_avail_objective ? sli->avail_objective : -1;
	return sli->thr[k - 1].objective;
}

/* ceil(frac x n) in integers: frac in millionths (p99.9 is 999,000), so
 * a slice of millions of requests is judged exactly. n stays far below
 * 2^64 / 10^6 (a day of minutes of 2^32 requests). */
static uint64_t need(double frac, uint64_t n)
{
	uint64_t ppm = (uint64_t)llround(frac * 1e6);
	return (ppm * n + 999999) / 1000000;
}

int slo_slice_good(const sli_t *sli, const uint64_t *c)
{
	int unknown = 0;
	for (int j = 0; j < sli->ts.ncond; j++) {
		const ts_cond_t *cd = &sli->ts.cond[j];
		if (cd->kind == TS_AVAIL_GE) {
			if (c[TL_REQ] - c[TL_BAD] < need(cd->avail, c[TL_REQ]))
				return 0;
		} else {
			/* p_q <= bound: at least ceil(q n) latencies are
			 * within it (without latencies: unknown) */
			uint64_t n = c[TL_LAT], over = c[tl_cond(sli, j)];
			if (!n)
				unknown = 1;
			else if (n - over < need(cd->q, n))
				return 0;
		}
	}
	return unknown ? -1 : 1;
}

static void timeslices(const sli_agg_t *s, slo_eval_t *ev)
{
	const sli_t *sli = s->sli;
	int n = tl_counters(sli);
	uint64_t c[TIMELINE_MAX_COUNTERS];
	int64_t cur = INT64_MIN;
	/* slices are aligned in the window's zone (a 1d slice is a local
	 * day); slices cut by the window's edges count with the minutes
	 * inside it */
	const char *tz = sli->window.kind == WIN_ROLLING ? "" : sli->window.tz;
	int64_t size = sli->ts.size_s;
	memset(c, 0, sizeof(c));
	for (int64_t m = ev->start; m <= ev->end; m += 60) {
		int64_t local = m + (*tz ? cal_utcoff(m, tz) : 0);
		int64_t slice =
		    m < ev->end ? m - (local % size + size) % size : INT64_MAX;
		if (slice != cur) {
			int g = cur != INT64_MIN && c[TL_REQ]
			            ? slo_slice_good(sli, c)
			            : -1;
			if (g >= 0) {
				ev->slices++;
				ev->good_slices += (uint64_t)g;
			}
			memset(c, 0, sizeof(c));
			cur = slice;
		}
		const uint32_t *v =
		    m < ev->end && s->tl ? timeline_get(s->tl, m) : NULL;
		if (v)
			for (int k = 0; k < n; k++)
				c[k] += v[k];
	}
	ev->ts_budget = slo_budget(ev->slices, ev->slices - ev->good_slices,
	                           sli->ts.objective);
}

void slo_evaluate(const sli_agg_t *s, int64_t end, slo_eval_t *ev)
{
	const sli_t *sli = s->sli;
	uint64_t sum[TIMELINE_MAX_COUNTERS] = {0};
	uint64_t wsum[SLO_MAX_WIN][TIMELINE_MAX_COUNTERS];

	memset(ev, 0, sizeof(*ev));
	ev->end = end;
	ev->start = cal_window_start(&sli->window, end);
	slo_alertset(sli, &ev->as);
	memset(wsum, 0, sizeof(wsum));
	if (s->tl) {
		timeline_sum(s->tl, ev->start, end, sum);
		for (int w = 0; w < ev->as.nwin; w++)
			timeline_sum(s->tl, end - ev->as.win[w], end, wsum[w]);
	}
	ev->nslo = 1 + sli->nthr;
	for (int k = 0; k < ev->nslo; k++) {
		slo_status_t *st = &ev->slo[k];
		int ct, cb;
		st->objective = slo_objective(sli, k);
		st->active = st->objective >= 0;
		if (!st->active)
			continue;
		slo_counters(sli, k, &ct, &cb);
		st->budget = slo_budget(sum[ct], sum[cb], st->objective);
		uint64_t n[SLO_MAX_WIN];
		for (int w = 0; w < ev->as.nwin; w++) {
			st->burn[w] =
			    slo_burn(wsum[w][ct], wsum[w][cb], st->objective);
			n[w] = wsum[w][ct];
		}
		for (int i = 0; i < sli->nalert; i++) {
			if (!slo_alert_fires(&ev->as, &sli->alert[i], st->burn,
			                     n))
				continue;
			for (int j = 0; j < ev->as.nsev; j++)
				if (strcmp(ev->as.sev[j],
				           sli->alert[i].severity) == 0)
					st->firing[j] = 1;
		}
	}
	if (sli->ts.size_s)
		timeslices(s, ev);
}
