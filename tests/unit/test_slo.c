/* test_slo.c - budget and burn arithmetic against hand-worked cases,
 * factors scaled to the SLO window, calendar periods across DST changes,
 * exact time-slice conditions, and one SLI evaluated end to end over a
 * day whose numbers are worked out in the comments. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "agg.h"
#include "calendar.h"
#include "check.h"
#include "rules.h"
#include "replay.h"
#include "slo.h"

#define CHECK_NEAR(got, want)                                                  \
	CHECK_MSG(fabs((double)(got) - (double)(want)) <=                      \
	              1e-9 * fmax(1, fabs((double)(want))),                    \
	          "got %.12g, want %.12g", (double)(got), (double)(want))

#define T0 1704067200LL /* 2024-01-01T00:00:00Z */

static void arithmetic(void)
{
	/* 1 - 0.999 is not 0.001 in doubles; the budget fraction is */
	CHECK(slo_error_budget(0.999) == 0.001);
	CHECK(slo_error_budget(0.9995) == 0.0005);

	slo_budget_t b = slo_budget(1000, 1, 0.999); /* exactly used up */
	CHECK(b.allowed == 1);
	CHECK(b.consumed == 1);
	CHECK(b.remaining == 0);
	CHECK(b.spent);
	b = slo_budget(3000, 1, 0.999);
	CHECK_NEAR(b.allowed, 3);
	CHECK_NEAR(b.consumed, 1.0 / 3);
	CHECK_NEAR(b.remaining, 2.0 / 3);
	CHECK(!b.spent);
	b = slo_budget(200, 5, 0.99); /* overspent: remaining negative */
	CHECK_NEAR(b.allowed, 2);
	CHECK_NEAR(b.consumed, 2.5);
	CHECK_NEAR(b.remaining, -1.5);
	CHECK(b.spent);
	b = slo_budget(0, 0, 0.99); /* nothing to judge: unknown, not met */
	CHECK(b.unknown && isnan(b.consumed) && isnan(b.remaining));
	CHECK(!b.spent);
	b = slo_budget(1, 0, 0.99);
	CHECK(!b.unknown && b.remaining == 1);
	b = slo_budget(10, 1, 1.0); /* 100%: any bad request spends it */
	CHECK(b.allowed == 0 && isnan(b.consumed) && b.spent);
	b = slo_budget(10, 0, 1.0);
	CHECK(!b.spent && b.remaining == 1);

	CHECK_NEAR(slo_burn(1000, 10, 0.999), 10); /* 1% bad at 0.1% */
	CHECK_NEAR(slo_burn(650, 50, 0.99), 50.0 / 650 / 0.01);
	CHECK(isnan(slo_burn(0, 0, 0.99)));
	CHECK(slo_burn(100, 0, 1.0) == 0);
	CHECK(isinf(slo_burn(100, 1, 1.0)));
}

static rules_t *load(const char *yaml)
{
	rules_err_t e;
	rules_t *r = rules_load_buf(yaml, strlen(yaml), "test", &e);
	CHECK_MSG(r != NULL, "%d:%d: %s", e.line, e.col, e.msg);
	return r;
}

static void alerts(void)
{
	/* the Workbook's pairs by default; a 7-day window scales 14.4 to
	 * 14.4 x 7 / 30 = 3.36 (the same 2% of the budget in an hour) */
	rules_t *r = load("slis:\n"
	                  "  - name: a\n"
	                  "    window: 7d\n"
	                  "    availability: {objective: 99.9}\n");
	if (!r)
		return;
	const sli_t *s = &r->sli[0];
	slo_alertset_t as;
	slo_alertset(s, &as);
	CHECK_INT(s->nalert, 4);
	CHECK_INT(as.nwin, 7);
	CHECK_INT(as.win[0], 300);
	CHECK_INT(as.win[6], 3 * 86400);
	CHECK_INT(as.nsev, 2);
	CHECK_STR(as.sev[0], "page");
	CHECK_STR(as.sev[1], "ticket");
	double burn[SLO_MAX_WIN];
	uint64_t n[SLO_MAX_WIN];
	for (int i = 0; i < as.nwin; i++)
		burn[i] = 3.37, n[i] = 1;
	CHECK(slo_alert_fires(&as, &s->alert[0], burn, n));
	for (int i = 0; i < as.nwin; i++)
		burn[i] = 3.35;
	CHECK(!slo_alert_fires(&as, &s->alert[0], burn, n));
	burn[slo_win_index(&as, 300)] = NAN; /* no requests: silent */
	burn[slo_win_index(&as, 3600)] = 1000;
	CHECK(!slo_alert_fires(&as, &s->alert[0], burn, n));
	rules_free(r);

	/* configured pairs, and a calendar month scaled as 30 days */
	r = load("alerts:\n"
	         "  - {severity: page, long: 2h, short: 10m, factor: 10}\n"
	         "slis:\n"
	         "  - name: a\n"
	         "    window: {calendar: month, timezone: Asia/Tokyo}\n"
	         "    availability: {objective: 99.9}\n");
	if (!r)
		return;
	s = &r->sli[0];
	slo_alertset(s, &as);
	CHECK_INT(s->nalert, 1);
	CHECK_INT(as.nwin, 2);
	CHECK_NEAR(as.scale, 1);
	burn[0] = burn[1] = 10.5;
	n[0] = n[1] = 1;
	CHECK(slo_alert_fires(&as, &s->alert[0], burn, n));
	CHECK(s->alert[0].min_requests == 0); /* any number by default */
	rules_free(r);
}

static void calendar(void)
{
	char b[48];
	slo_window_t tokyo = {WIN_MONTH, 30 * 86400, "Asia/Tokyo"};
	slo_window_t paris = {WIN_MONTH, 30 * 86400, "Europe/Paris"};
	slo_window_t utc_q = {WIN_QUARTER, 90 * 86400, ""};
	slo_window_t utc_w = {WIN_WEEK, 7 * 86400, ""};
	slo_window_t roll = {WIN_ROLLING, 30 * 86400, ""};

	/* 2024-03-11T14:59Z is in March in Tokyo: from Mar 1 00:00 JST */
	CHECK_INT(cal_window_start(&tokyo, 1710169140), 1709218800);
	CHECK_STR(cal_format(1709218800, "Asia/Tokyo", b, sizeof(b)),
	          "2024-03-01T00:00:00+09:00");
	/* an end at a month's first instant judges the month before */
	CHECK_INT(cal_window_start(&paris, 1711922400), 1709247600);
	/* March 2024 in Paris lost an hour to DST: 31 days - 1 h */
	CHECK_INT(cal_next(1709247600, CAL_MONTH, "Europe/Paris") - 1709247600,
	          31 * 86400 - 3600);
	/* October 2024 gained one: 31 days + 1 h */
	int64_t oct = cal_floor(1728900000, CAL_MONTH, "Europe/Paris");
	CHECK_STR(cal_format(oct, "Europe/Paris", b, sizeof(b)),
	          "2024-10-01T00:00:00+02:00");
	CHECK_INT(cal_next(oct, CAL_MONTH, "Europe/Paris") - oct,
	          31 * 86400 + 3600);
	CHECK_STR(cal_format(1711848600, "Europe/Paris", b, sizeof(b)),
	          "2024-03-31T03:30:00+02:00");
	/* the day of the change is 23 hours long */
	int64_t d = cal_floor(1711886400, CAL_DAY, "Europe/Paris");
	CHECK_INT(d, 1711839600); /* 2024-03-30T23:00Z */
	CHECK_INT(cal_next(d, CAL_DAY, "Europe/Paris") - d, 23 * 3600);
	/* the repeated hour of October 27 is two hours, not one */
	CHECK_INT(cal_floor(1729989000, CAL_HOUR, "Europe/Paris"), 1729987200);
	CHECK_INT(cal_floor(1729992600, CAL_HOUR, "Europe/Paris"), 1729990800);
	/* Wednesday 2024-03-13 is in the week from Monday the 11th */
	CHECK_INT(cal_window_start(&utc_w, 1710331200), 1710115200);
	/* mid-May is in the quarter from April 1 */
	CHECK_INT(cal_window_start(&utc_q, 1715774400), 1711929600);
	CHECK_INT(cal_window_start(&roll, T0), T0 - 30 * 86400);
	CHECK_STR(cal_format(T0, "", b, sizeof(b)), "2024-01-01T00:00:00Z");
}

static void slices(void)
{
	rules_t *r =
	    load("slis:\n"
	         "  - name: a\n"
	         "    timeslice:\n"
	         "      size: 5m\n"
	         "      good_if: p95 <= 300ms and availability >= 99%\n"
	         "      objective: 99%\n");
	if (!r)
		return;
	const sli_t *s = &r->sli[0];
	CHECK_INT(s->ts.ncond, 2);
	CHECK_INT(s->ts.size_s, 300);
	uint64_t c[TIMELINE_MAX_COUNTERS] = {0};
	int over = tl_cond(s, 0);
	/* 20 latencies: p95 <= 300ms needs ceil(19) = 19 within */
	c[TL_REQ] = c[TL_LAT] = 20;
	c[over] = 1;
	CHECK(slo_slice_good(s, c));
	c[over] = 2;
	CHECK(!slo_slice_good(s, c));
	/* 100 requests at >= 99%: 1 bad is fine, 2 are not */
	c[TL_REQ] = c[TL_LAT] = 100;
	c[over] = 0;
	c[TL_BAD] = 1;
	CHECK(slo_slice_good(s, c));
	c[TL_BAD] = 2;
	CHECK(!slo_slice_good(s, c));
	/* exact at sizes where doubles round: p95 of 16,913,000 needs
	 * ceil(16,067,350) within the bound */
	c[TL_BAD] = 0;
	c[TL_REQ] = c[TL_LAT] = 16913000;
	c[over] = 16913000 - 16067350;
	CHECK(slo_slice_good(s, c));
	c[over]++;
	CHECK(!slo_slice_good(s, c));
	rules_free(r);

	/* p99.9 of 16,913,000: ceil(16,896,087) (0.999 x n in doubles rounds
	 * up to the next integer) */
	r = load("slis:\n"
	         "  - name: a\n"
	         "    timeslice: {size: 1d, good_if: p99.9 <= 1s, "
	         "objective: 99}\n");
	if (!r)
		return;
	s = &r->sli[0];
	memset(c, 0, sizeof(c));
	c[TL_REQ] = c[TL_LAT] = 16913000;
	c[tl_cond(s, 0)] = 16913000 - 16896087;
	CHECK(slo_slice_good(s, c));
	c[tl_cond(s, 0)]++;
	CHECK(!slo_slice_good(s, c));
	rules_free(r);
}

static void add(agg_t *a, int64_t t, int status, int64_t us)
{
	request_t req;
	memset(&req, 0, sizeof(req));
	req.status = status;
	req.latency_us = us;
	req.time = t;
	agg_time(a, t); /* as run.c does for every request */
	agg_add(a, 0, &req, "", 0, 0);
}

/*
 * A day of 10 good requests (100 ms) a minute, 14,400 in all, plus 5
 * failing ones (500, 500 ms) in each of the minutes 23:00-23:09: 50 bad.
 * At the end of the day, with a 1-day window and objectives 99% and 90%:
 *   window: 14,450 requests, 50 bad; allowed 144.5, consumed 50/144.5
 *   1h:  650 requests, 50 bad: burn (50/650)/0.01 = 7.6923
 *   2h:  1,250, 50: 4;  6h: 3,650, 50: 1.3699;  5m, 30m: 0
 *   factors x 1/30: page 0.48 and 0.2 -> silent (5m and 30m are 0);
 *   ticket 0.1: 1d 3.46 and 2h 4 -> fires
 *   5-minute slices: 288, of which 23:00 and 23:05 fail availability
 *   (50 good of 75): 286 good; allowed 0.05 x 288 = 14.4
 * At 23:10 the 5m burn is 25/75/0.01 = 33.3 and the page fires.
 */
static void evaluate(void)
{
	rules_t *r = load("slis:\n"
	                  "  - name: a\n"
	                  "    group_by: none\n"
	                  "    window: 1d\n"
	                  "    availability: {objective: 99}\n"
	                  "    latency: [{threshold: 300ms, objective: 90}]\n"
	                  "    timeslice: {size: 5m, good_if: \"availability "
	                  ">= 99%\", objective: 95}\n");
	if (!r)
		return;
	agg_t *a = agg_new(r);
	for (int m = 0; m < 1440; m++)
		for (int k = 0; k < 10; k++)
			add(a, T0 + m * 60 + k, 200, 100000);
	for (int m = 1380; m < 1390; m++)
		for (int k = 0; k < 5; k++)
			add(a, T0 + m * 60 + 30, 500, 500000);
	add(a, REQ_NO_TIME, 200, 1000); /* untimed: not in the window */
	agg_finish(a);
	CHECK_INT(slo_end(a, REQ_NO_TIME), T0 + 86400);
	CHECK_INT(slo_end(a, T0 + 61), T0 + 120);
	CHECK_INT(a->s[0].untimed, 1);

	slo_eval_t ev;
	slo_evaluate(&a->s[0], T0 + 86400, &ev);
	CHECK_INT(ev.start, T0);
	const slo_status_t *av = &ev.slo[0], *lat = &ev.slo[1];
	CHECK(av->active && lat->active);
	CHECK_INT(av->budget.total, 14450);
	CHECK_INT(av->budget.bad, 50);
	CHECK_NEAR(av->budget.allowed, 144.5);
	CHECK_NEAR(av->budget.consumed, 50 / 144.5);
	CHECK_NEAR(lat->budget.allowed, 1445);
	CHECK_NEAR(lat->budget.consumed, 50 / 1445.0);
	CHECK_NEAR(av->burn[slo_win_index(&ev.as, 3600)], 50.0 / 650 / 0.01);
	CHECK_NEAR(av->burn[slo_win_index(&ev.as, 7200)], 4);
	CHECK_NEAR(av->burn[slo_win_index(&ev.as, 21600)], 50.0 / 3650 / 0.01);
	CHECK_NEAR(av->burn[slo_win_index(&ev.as, 300)], 0);
	CHECK_INT(av->firing[0], 0); /* page */
	CHECK_INT(av->firing[1], 1); /* ticket */
	CHECK_INT(ev.slices, 288);
	CHECK_INT(ev.good_slices, 286);
	CHECK_NEAR(ev.ts_budget.allowed, 14.4);
	CHECK_NEAR(ev.ts_budget.consumed, 2 / 14.4);

	slo_evaluate(&a->s[0], T0 + 1390 * 60, &ev);
	CHECK_NEAR(ev.slo[0].burn[slo_win_index(&ev.as, 300)],
	           25.0 / 75 / 0.01);
	CHECK_INT(ev.slo[0].firing[0], 1);
	agg_free(a);
	rules_free(r);
}

static void add_to(agg_t *a, int64_t t, int status)
{
	request_t req;
	memset(&req, 0, sizeof(req));
	req.status = status;
	req.latency_us = 1000;
	req.time = t;
	agg_time(a, t);
	agg_add(a, 0, &req, "", 0, 0);
}

/* Slices of a calendar window are local: a 1d slice in Tokyo is a Tokyo
 * day. Twelve requests on 2024-06-03 in Tokyo (from 00:00 JST, which is
 * 15:00Z the day before), one failing: one slice, 11/12 >= 90%: good. */
static void local_slices(void)
{
	rules_t *r =
	    load("slis:\n"
	         "  - name: a\n"
	         "    group_by: none\n"
	         "    window: {calendar: month, timezone: Asia/Tokyo}\n"
	         "    timeslice: {size: 1d, good_if: \"availability "
	         ">= 90%\", objective: 99}\n");
	if (!r)
		return;
	agg_t *a = agg_new(r);
	int64_t jst0 = 1717340400; /* 2024-06-03T00:00:00+09:00 */
	for (int k = 0; k < 12; k++)
		add_to(a, jst0 + k * 7200, k == 5 ? 500 : 200);
	slo_eval_t ev;
	slo_evaluate(&a->s[0], slo_end(a, REQ_NO_TIME), &ev);
	CHECK_INT(ev.start, 1717167600); /* 2024-06-01T00:00:00+09:00 */
	CHECK_INT(ev.slices, 1);
	CHECK_INT(ev.good_slices, 1);
	agg_free(a);
	rules_free(r);
}

/* The replay skips quiet stretches: the same burst on two days ten days
 * apart fires the same alerts for the same time, and a burst in year 1
 * and one in 9999 replay at once. */
static void replay_gaps(void)
{
	rules_t *r = load("slis:\n"
	                  "  - name: a\n"
	                  "    group_by: none\n"
	                  "    availability: {objective: 99.9}\n");
	if (!r)
		return;
	agg_t *a = agg_new(r);
	/* 2024-01-01, ten days later, 0001-01-02, 9999-12-30 */
	int64_t days[] = {T0, T0 + 10 * 86400, -62135596800LL + 86400,
	                  253402128000LL};
	for (int d = 0; d < 4; d++)
		for (int m = 0; m < 120; m++)
			for (int k = 0; k < 10; k++)
				add_to(a, days[d] + m * 60 + k,
				       m >= 30 && m < 40 && k < 5 ? 500 : 200);
	replay_t rp = {0};
	replay_sli(&a->s[0], &rp);
	/* per burst a page (sev 0) and a ticket (sev 1) from minute 31 of
	 * its day; the page clears at minute 70 (30m window clean), the
	 * ticket at 400, when the 6h window no longer holds minutes 30-39
	 * (evaluation goes on after a day's traffic while later traffic
	 * follows); the last burst's ticket is still firing when the input
	 * ends at minute 120 */
	CHECK_INT(rp.n, 8);
	int64_t order[] = {days[2], days[0], days[1], days[3]};
	for (size_t i = 0; i + 1 < rp.n && rp.n == 8; i += 2) {
		const replay_alert_t *pg = &rp.a[i], *tk = &rp.a[i + 1];
		int64_t d = order[i / 2];
		CHECK_INT(pg->sev, 0);
		CHECK_INT(pg->start, d + 31 * 60);
		CHECK_INT(pg->end, d + 70 * 60);
		/* minutes 30-39, 5 each: the instant 31 judged minute 30,
		 * the one that set it off */
		CHECK_INT(pg->bad, 50);
		CHECK_INT(pg->firing_s, (70 - 31) * 60);
		CHECK_INT(tk->sev, 1);
		CHECK_INT(tk->start, d + 31 * 60);
		CHECK_INT(tk->end, i < 6 ? d + 400 * 60 : REQ_NO_TIME);
		/* still firing at the last instant (120): instants 31 to
		 * 120, a minute each */
		CHECK_INT(tk->firing_s, (i < 6 ? 400 - 31 : 120 - 31 + 1) * 60);
		CHECK_INT(tk->bad, 50);
	}
	/* the summary per severity: 4 pages of 39 minutes; 4 tickets, 3
	 * of 369 minutes and the last of 90 */
	CHECK_INT(rp.nfired[0], 4);
	CHECK_INT(rp.fired_s[0], 4 * 39 * 60);
	CHECK_INT(rp.nfired[1], 4);
	CHECK_INT(rp.fired_s[1], (3 * 369 + 90) * 60);
	replay_free(&rp);
	agg_free(a);
	rules_free(r);
}

/* Requests without latency: a latency objective has nothing to judge.
 * Its budget is unknown (not met, not spent), its burn rates NAN, no
 * alert fires on it, and a latency condition of a time slice leaves the
 * slice out; availability is judged as usual. */
static void no_latency(void)
{
	rules_t *r = load("slis:\n"
	                  "  - name: a\n"
	                  "    group_by: none\n"
	                  "    availability: {objective: 99.9}\n"
	                  "    latency: [{threshold: 300ms, objective: 99}]\n"
	                  "    timeslice: {size: 1h, good_if: p95 <= 300ms, "
	                  "objective: 99%}\n");
	if (!r)
		return;
	agg_t *a = agg_new(r);
	for (int m = 0; m < 90; m++) {
		request_t req;
		memset(&req, 0, sizeof(req));
		req.status = m < 30 ? 500 : 200;
		req.latency_us = -1; /* none */
		req.time = T0 + m * 60;
		agg_time(a, req.time);
		agg_add(a, 0, &req, "", 0, 0);
	}
	slo_eval_t ev;
	slo_evaluate(&a->s[0], slo_end(a, REQ_NO_TIME), &ev);
	CHECK(!ev.slo[0].budget.unknown && ev.slo[0].budget.spent);
	CHECK(ev.slo[1].active && ev.slo[1].budget.unknown);
	CHECK(!ev.slo[1].budget.spent);
	CHECK(isnan(ev.slo[1].budget.remaining));
	int fires = 0, nan = 0;
	for (int w = 0; w < ev.as.nwin; w++)
		nan += isnan(ev.slo[1].burn[w]) != 0;
	for (int j = 0; j < ev.as.nsev; j++)
		fires += ev.slo[1].firing[j];
	CHECK_INT(nan, ev.as.nwin);
	CHECK_INT(fires, 0);
	CHECK_INT(ev.slices, 0); /* two hours, neither judged */
	CHECK(ev.ts_budget.unknown);
	replay_t rp = {0};
	replay_sli(&a->s[0], &rp);
	int lat_alerts = 0;
	for (size_t i = 0; i < rp.n; i++)
		lat_alerts += rp.a[i].slo == 1;
	CHECK(rp.n > 0);          /* availability fires */
	CHECK_INT(lat_alerts, 0); /* latency never does */
	replay_free(&rp);
	agg_free(a);
	rules_free(r);
}

/* Fire only on a long window of min_requests requests (latency SLO:
 * with a latency), both at the report's instant and in the replay.
 * Nine requests in minutes 0-8, the last one failing and slow (500 ms):
 * burn rates 111 (1h) and 200 (5m) for availability, the same for
 * latency, all far over 14.4 - but 9 < min_requests 10, so silent. A
 * tenth request without a latency makes availability's 10 and it fires;
 * latency still has 9 latencies. An eleventh, fast, makes latency 10. */
static void min_requests(void)
{
	rules_t *r = load("slis:\n"
	                  "  - name: a\n"
	                  "    group_by: none\n"
	                  "    availability: {objective: 99.9}\n"
	                  "    latency: [{threshold: 300ms, objective: 99.9}]\n"
	                  "    alerts:\n"
	                  "      - {severity: page, long: 1h, short: 5m, "
	                  "factor: 14.4, min_requests: 10}\n");
	if (!r)
		return;
	CHECK(r->sli[0].alert[0].min_requests == 10);
	agg_t *a = agg_new(r);
	for (int m = 0; m < 9; m++)
		add(a, T0 + m * 60, m == 8 ? 500 : 200, m == 8 ? 500000 : 1000);
	int64_t end = T0 + 9 * 60;
	/* what fires at each step */
	static const int want_av[3] = {0, 1, 1}, want_lat[3] = {0, 0, 1};
	for (int step = 0; step < 3; step++) {
		if (step == 1)
			add(a, T0 + 8 * 60 + 1, 200, -1);
		if (step == 2)
			add(a, T0 + 8 * 60 + 2, 200, 1000);
		slo_eval_t ev;
		slo_evaluate(&a->s[0], end, &ev);
		int l = slo_win_index(&ev.as, 3600);
		CHECK_NEAR(ev.slo[0].burn[l], 1.0 / (9 + step) / 0.001);
		CHECK_MSG(ev.slo[0].firing[0] == want_av[step],
		          "step %d: availability firing %d", step,
		          ev.slo[0].firing[0]);
		CHECK_MSG(ev.slo[1].firing[0] == want_lat[step],
		          "step %d: latency firing %d", step,
		          ev.slo[1].firing[0]);
		replay_t rp = {0};
		replay_sli(&a->s[0], &rp);
		int av = 0, lat = 0;
		for (size_t i = 0; i < rp.n; i++)
			*(rp.a[i].slo ? &lat : &av) += 1;
		CHECK_MSG(av == want_av[step] && lat == want_lat[step],
		          "step %d: replay fired %d availability, %d latency",
		          step, av, lat);
		/* it fires when minute 8 is judged, the instant at its end */
		if (rp.n)
			CHECK_INT(rp.a[0].start, end);
		replay_free(&rp);
	}
	agg_free(a);
	rules_free(r);
}

int main(void)
{
	arithmetic();
	alerts();
	calendar();
	slices();
	evaluate();
	local_slices();
	replay_gaps();
	no_latency();
	min_requests();
	return CHECK_DONE("slo");
}
