/*
 * test_trend.c - the HTML report's trends against sums computed here from
 * the requests themselves: periods over time (hourly, daily, --by in a
 * zone, gaps kept), the burn-down (cumulative bad per step over the
 * window, ending at the evaluated budget), the latency bins (every
 * latency in the bin whose bounds hold it).
 */
#include <math.h>
#include <stdlib.h>

#include "agg.h"
#include "check.h"
#include "rules.h"
#include "slo.h"
#include "trend.h"

static const char *yaml =
    "slis:\n"
    "  - name: a\n"
    "    group_by: none\n"
    "    window: 1d\n"
    "    availability: {objective: 99}\n"
    "    latency:\n"
    "      - {threshold: 100ms, objective: 90}\n"
    "  - name: m\n"
    "    group_by: none\n"
    "    window: {calendar: month, timezone: Asia/Tokyo}\n"
    "    availability: {objective: 99}\n"
    "    latency:\n"
    "      - {threshold: 100ms, objective: 90}\n";

#define T0  1717372800 /* 2024-06-03T00:00:00Z, a Monday */
#define MAX 4000

typedef struct req {
	int64_t t;
	int status;
	int64_t lat;
} req_t;

static req_t reqs[MAX];
static int nreq;

/* A deterministic spread of requests over [from, from + span): every
 * 7th a 503, every 5th slow, every 11th without a latency, and none in
 * the hour starting at gap (when gap >= 0). */
static void make(int64_t from, int64_t span, int n, int64_t gap)
{
	nreq = 0;
	for (int i = 0; i < n && nreq < MAX; i++) {
		int64_t t = from + (int64_t)((double)span * i / n);
		if (gap >= 0 && t >= gap && t < gap + 3600)
			continue;
		reqs[nreq++] = (req_t){t, i % 7 == 3 ? 503 : 200,
		                       i % 11 == 0  ? REQ_NO_LATENCY
		                       : i % 5 == 1 ? 150000 + i
		                                    : 1000 + 37 * i};
	}
}

static agg_t *fill(const rules_t *r, int sli)
{
	agg_t *a = agg_new(r);
	for (int i = 0; i < nreq; i++) {
		request_t q = {0};
		q.status = reqs[i].status;
		q.latency_us = reqs[i].lat;
		q.time = reqs[i].t;
		agg_add(a, sli, &q, "", 0, 0);
		agg_time(a, q.time);
	}
	agg_finish(a);
	return a;
}

/* The expected point of [from, to) from the requests. */
static trend_point_t expect(int64_t from, int64_t to, int64_t thr)
{
	trend_point_t p = {.start = from};
	for (int i = 0; i < nreq; i++) {
		if (reqs[i].t < from || reqs[i].t >= to)
			continue;
		p.requests++;
		p.bad += reqs[i].status >= 500;
		if (reqs[i].lat >= 0) {
			p.lat++;
			p.thr_good[0] += reqs[i].lat <= thr;
		}
	}
	return p;
}

static void check_points(const trend_t *t, int64_t first, int64_t len,
                         int want_n)
{
	CHECK_INT(t->n, want_n);
	uint64_t sum = 0;
	for (int j = 0; j < t->n && j < want_n; j++) {
		int64_t from = first + j * len;
		trend_point_t e = expect(from, from + len, 100000);
		CHECK_INT(t->p[j].start, from);
		CHECK_INT(t->p[j].requests, e.requests);
		CHECK_INT(t->p[j].bad, e.bad);
		CHECK_INT(t->p[j].lat, e.lat);
		CHECK_INT(t->p[j].thr_good[0], e.thr_good[0]);
		sum += t->p[j].requests;
	}
	CHECK_INT(sum, nreq);
}

static void test_over_time(const rules_t *r)
{
	/* 2 days with the 5th hour empty: hourly, the gap kept at 0 */
	make(T0 + 600, 2 * 86400 - 1200, 3000, T0 + 4 * 3600);
	agg_t *a = fill(r, 0);
	trend_t *t = trend_new(&a->s[0], NULL, NULL, a->s[0].total.hist);
	CHECK_INT(t->unit, CAL_HOUR);
	check_points(t, T0, 3600, 48);
	CHECK_INT(t->p[4].requests, 0);
	CHECK(t->p[3].requests > 0 && t->p[5].requests > 0);
	CHECK_INT(t->nb, 0); /* no instant: no burn-down */
	trend_free(t);
	agg_free(a);

	/* 10 days: daily */
	make(T0 + 3600, 10 * 86400 - 7200, 3000, -1);
	a = fill(r, 0);
	t = trend_new(&a->s[0], NULL, NULL, NULL);
	CHECK_INT(t->unit, CAL_DAY);
	check_points(t, T0, 86400, 10);
	CHECK_INT(t->nbins, 0); /* no histogram given */
	trend_free(t);

	/* --by day in Tokyo: local midnights, 15:00Z */
	series_spec_t by = {.unit = CAL_DAY};
	snprintf(by.tz, sizeof(by.tz), "Asia/Tokyo");
	cal_prepare(by.tz);
	t = trend_new(&a->s[0], NULL, &by, NULL);
	CHECK_INT(t->unit, CAL_DAY);
	CHECK_STR(t->tz, "Asia/Tokyo");
	check_points(t, T0 - 9 * 3600, 86400, 11);
	trend_free(t);
	agg_free(a);
}

/* Every request in the period holding it: [start, the unit's next). */
static void check_homes(const trend_t *t)
{
	int away = 0;
	uint64_t sum = 0;
	for (int j = 0; j < t->n; j++) {
		int64_t from = t->p[j].start;
		int64_t to = cal_next(from, t->unit, t->tz);
		trend_point_t e = expect(from, to, 100000);
		away += e.requests != t->p[j].requests || e.bad != t->p[j].bad;
		CHECK(j == 0 || t->p[j - 1].start < from);
		sum += t->p[j].requests;
	}
	CHECK_INT(away, 0);
	CHECK_INT(sum, nreq);
}

static void test_far_apart(const rules_t *r)
{
	/* years 0001 and 9999 in one log, and a day of 2024 between: more
	 * quarters than a chart holds; each request in its own period, a
	 * run of empty ones kept as one empty period */
	nreq = 0;
	reqs[nreq++] = (req_t){-62135596800LL + 120, 200, 1000}; /* 0001 */
	for (int i = 0; i < 30; i++)
		reqs[nreq++] = (req_t){T0 + 60 * i, i % 3 ? 200 : 500, 2000};
	reqs[nreq++] = (req_t){253402297200LL, 500, 3000}; /* 9999-12-31 */
	agg_t *a = fill(r, 0);
	trend_t *t = trend_new(&a->s[0], NULL, NULL, NULL);
	CHECK_INT(t->unit, CAL_QUARTER);
	CHECK_INT(t->n, 5);
	CHECK_INT(t->gaps, 2);
	check_homes(t);
	CHECK_INT(t->p[1].requests, 0);
	CHECK_INT(t->p[2].requests, 30);
	CHECK_INT(t->p[4].requests, 1);
	CHECK_INT(t->p[4].bad, 1);
	trend_free(t);
	agg_free(a);

	/* a span that fits: every period kept, no gap left out */
	make(T0, 40 * 86400, 3000, -1);
	a = fill(r, 0);
	t = trend_new(&a->s[0], NULL, NULL, NULL);
	CHECK_INT(t->gaps, 0);
	CHECK_INT(t->n, 40);
	check_homes(t);
	trend_free(t);
	agg_free(a);
}

static void test_burn_down(const rules_t *r)
{
	/* 30 hours; the 1d window holds the last 24 */
	make(T0, 30 * 3600, 3000, T0 + 20 * 3600);
	agg_t *a = fill(r, 0);
	int64_t end = slo_end(a, REQ_NO_TIME);
	slo_eval_t ev;
	slo_evaluate(&a->s[0], end, &ev);
	trend_t *t = trend_new(&a->s[0], &ev, NULL, NULL);
	CHECK_INT(t->bstart, end - 86400);
	CHECK_INT(t->bend, end);
	CHECK_INT(t->ideal_end, end); /* rolling: ends at the instant */
	CHECK_INT(t->bstep, 300);     /* 288 steps of 5 minutes */
	CHECK_INT(t->nb, 288);
	for (int k = 0; k < 2; k++) {
		const slo_budget_t *b = &ev.slo[k].budget;
		CHECK(t->left[k] != NULL);
		if (!t->left[k])
			continue;
		/* ends exactly at the evaluated budget */
		CHECK(t->left[k][t->nb - 1] == b->remaining);
		int bad_steps = 0;
		for (int j = 0; j < t->nb; j++) {
			int64_t to = t->bstart + (j + 1) * t->bstep;
			uint64_t bad = 0, total = 0;
			for (int i = 0; i < nreq; i++) {
				if (reqs[i].t < t->bstart || reqs[i].t >= to)
					continue;
				if (k == 0)
					bad += reqs[i].status >= 500;
				else
					bad += reqs[i].lat > 100000;
				total += k == 0 || reqs[i].lat >= 0;
			}
			double want = 1 - (double)bad / b->allowed;
			bad_steps += fabs(t->left[k][j] - want) > 1e-12;
			(void)total;
		}
		CHECK_INT(bad_steps, 0);
		/* the allowance is computed here too */
		uint64_t total = 0;
		for (int i = 0; i < nreq; i++)
			if (reqs[i].t >= t->bstart &&
			    (k == 0 || reqs[i].lat >= 0))
				total++;
		CHECK(fabs(b->allowed - 0.01 * (double)total) < 1e-9 ||
		      fabs(b->allowed - 0.1 * (double)total) < 1e-9);
	}
	trend_free(t);

	/* a calendar month in Tokyo: the ideal line ends at July 1st,
	 * local midnight; hourly steps fit 720 */
	agg_free(a);
	a = fill(r, 1);
	end = slo_end(a, REQ_NO_TIME);
	slo_evaluate(&a->s[1], end, &ev);
	t = trend_new(&a->s[1], &ev, NULL, NULL);
	CHECK_INT(t->bstart, 1717167600);    /* 2024-06-01T00:00+09:00 */
	CHECK_INT(t->ideal_end, 1719759600); /* 2024-07-01T00:00+09:00 */
	CHECK_INT(t->bstep, 3600);
	CHECK(t->left[0] &&
	      t->left[0][t->nb - 1] == ev.slo[0].budget.remaining);
	trend_free(t);
	agg_free(a);

	/* no latency at all: that budget is unknown, no line */
	for (int i = 0; i < nreq; i++)
		reqs[i].lat = REQ_NO_LATENCY;
	a = fill(r, 0);
	end = slo_end(a, REQ_NO_TIME);
	slo_evaluate(&a->s[0], end, &ev);
	t = trend_new(&a->s[0], &ev, NULL, a->s[0].total.hist);
	CHECK(ev.slo[1].budget.unknown);
	CHECK(t->left[0] != NULL);
	CHECK(t->left[1] == NULL);
	CHECK_INT(t->nbins, 0);
	trend_free(t);
	agg_free(a);
}

static void test_bins(void)
{
	static const uint64_t v[] = {
	    0,     1,      999,    1000,    1001,
	    25000, 300000, 300001, 4000000, 4000000000ULL};
	hist_t *h = malloc(sizeof(*h));
	hist_init(h);
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		hist_record(h, v[i]);
	sli_agg_t s = {0};
	trend_t *t = trend_new(&s, NULL, NULL, h);
	CHECK_INT(t->n, 0);
	CHECK_INT(t->zero, 1);
	CHECK_INT(t->over, 1); /* 4000 s: beyond the last bucket */
	uint64_t sum = t->zero + t->over;
	for (int j = 0; j < t->nbins; j++) {
		sum += t->bin[j].count;
		CHECK(t->bin[j].hi_us > t->bin[j].lo_us);
		if (j)
			CHECK(fabs(t->bin[j].lo_us - t->bin[j - 1].hi_us) <
			      1e-6);
	}
	CHECK_INT(sum, h->count);
	/* each value in the bin whose bounds hold it (0.01% for the
	 * bucket bounds' rounding) */
	for (size_t i = 1; i + 1 < sizeof(v) / sizeof(v[0]); i++) {
		int found = 0;
		for (int j = 0; j < t->nbins; j++)
			if ((double)v[i] > t->bin[j].lo_us * 0.9999 &&
			    (double)v[i] <= t->bin[j].hi_us * 1.0001)
				found += t->bin[j].count > 0;
		CHECK_MSG(found >= 1, "value %llu", (unsigned long long)v[i]);
	}
	CHECK(t->bin[0].count == 1 && t->bin[0].lo_us < 1 &&
	      t->bin[0].hi_us >= 1);
	CHECK(t->p50_us == hist_percentile(h, 50));
	CHECK(t->p99_us == hist_percentile(h, 99));
	trend_free(t);
	free(h);
}

int main(void)
{
	rules_err_t e;
	rules_t *r = rules_load_buf(yaml, strlen(yaml), "t", &e);
	CHECK(r != NULL);
	if (!r)
		return CHECK_DONE("test_trend");
	test_over_time(r);
	test_far_apart(r);
	test_burn_down(r);
	test_bins();
	rules_free(r);
	return CHECK_DONE("test_trend");
}
