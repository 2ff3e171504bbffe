/*
 * test_model.c - the report model against numbers worked out by hand: the
 * endpoints' display order (and the map back to the agg's order),
 * percentiles by nearest rank, ratios, the SLO budgets at the report's
 * instant and what --fail-on-budget counts, the periods, the rolling
 * windows, the warnings and the input accounting.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "model.h"

#define T0 1704067200LL /* 2024-01-01T00:00:00Z */

#define CHECK_NEAR(got, want)                                                  \
	CHECK_MSG(fabs((double)(got) - (double)(want)) <=                      \
	              1e-9 * fmax(1, fabs((double)(want))),                    \
	          "got %.12g, want %.12g", (double)(got), (double)(want))

static const char *yaml = "percentiles: [50, 90]\n"
                          "slis:\n"
                          "  - name: api\n"
                          "    window: 1d\n"
                          "    availability: {objective: 99}\n"
                          "    latency: [{threshold: 300ms, objective: 90}]\n"
                          "  - name: idle\n"
                          "    group_by: none\n"
                          "  - name: blind\n"
                          "    group_by: none\n"
                          "    latency: [{threshold: 1s, objective: 99}]\n";

static void add(run_t *run, window_set_t *w, int i, const char *key, int64_t t,
                int status, int64_t us)
{
	request_t req;
	memset(&req, 0, sizeof(req));
	req.status = status;
	req.latency_us = us;
	req.time = t;
	agg_time(run->agg, t); /* as run.c does for every request */
	int e = agg_add(run->agg, i, &req, key, strlen(key),
	                hash_bytes(key, strlen(key)));
	if (w)
		window_add(w, i, e, &req);
}

/* The nearest-rank q-th percentile of v[0..n) sorted, worked out here
 * rather than by hist.c: the value at rank ceil(q / 100 x n). */
static double rank_pct(const int64_t *v, int n, double q)
{
	int k = (int)ceil(q / 100 * n);
	return (double)v[(k < 1 ? 1 : k) - 1];
}

static void report(void)
{
	rules_err_t err;
	rules_t *r = rules_load_buf(yaml, strlen(yaml), "test", &err);
	CHECK_MSG(r != NULL, "%d:%d: %s", err.line, err.col, err.msg);
	if (!r)
		return;
	run_t *run = run_new(r, NULL);
	int64_t len = 300 * 1000000LL;
	window_set_t *w = window_new(r, &len, 1);
	window_set_now(w, 1000.0);

	/* SLI api: GET /c seen first, then /a, then /b; in display order
	 * /a (6 requests) comes first, then /b and /c (3 each) by key */
	for (int k = 0; k < 3; k++)
		add(run, w, 0, "GET /c", T0 + 60 * k, 200, 1000000);
	for (int k = 0; k < 6; k++)
		add(run, w, 0, "GET /a", T0 + 600 + 60 * k, 200,
		    100000 * (k + 1));
	for (int k = 0; k < 3; k++)
		add(run, w, 0, "GET /b", T0 + 3600 + k, 500, 50000);
	/* SLI blind: requests without a latency */
	add(run, NULL, 2, "", T0 + 30, 200, REQ_NO_LATENCY);
	add(run, NULL, 2, "", T0 + 90, 200, REQ_NO_LATENCY);
	run->agg->lines = 20;
	run->agg->requests = 14;
	run->agg->unmatched = 1;
	agg_finish(run->agg);
	run->win = w;

	model_t *m = model_new(run);
	CHECK_INT(m->nsli, 3);
	CHECK_STR(m->in.format, "none"); /* no file read */
	CHECK_STR(m->in.formats, "");
	CHECK_INT(m->in.matched, 13);
	CHECK_INT(m->in.tmin, T0);
	CHECK_INT(m->in.tmax, T0 + 3602);

	const model_sli_t *s = &m->sli[0];
	CHECK_INT(s->nep, 3);
	CHECK(s->nep == 3 && s->ep[0].keyn == 6 &&
	      memcmp(s->ep[0].key, "GET /a", 6) == 0);
	CHECK(s->nep == 3 && memcmp(s->ep[1].key, "GET /b", 6) == 0);
	CHECK(s->nep == 3 && memcmp(s->ep[2].key, "GET /c", 6) == 0);
	/* the agg's order is that of first appearance: /c, /a, /b */
	CHECK_INT(s->rank[0], 2);
	CHECK_INT(s->rank[1], 0);
	CHECK_INT(s->rank[2], 1);
	CHECK_INT(s->ep[s->rank[0]].ep, 0);

	/* the total: 12 requests, 3 bad (the 500s of /b) */
	const model_stats_t *t = &s->total.st;
	CHECK_INT(s->total.keyn, 5);
	CHECK_INT(t->requests, 12);
	CHECK_INT(t->bad, 3);
	CHECK(t->avail == 9.0 / 12.0);
	CHECK(t->mean_us == (3 * 1000000.0 + 2100000.0 + 3 * 50000.0) / 12);
	/* <= 300 ms: /a's 100, 200, 300 ms and /b's three 50 ms */
	CHECK_INT(t->thr_good[0], 6);
	CHECK(t->thr_ratio[0] == 0.5);
	int64_t all[12] = {50000,  50000,  50000,  100000,  200000,  300000,
	                   400000, 500000, 600000, 1000000, 1000000, 1000000};
	CHECK_INT(m->rules->npct, 2);
	CHECK(t->pct_us[0] == rank_pct(all, 12, 50)); /* rank 6: 300 ms */
	CHECK(t->pct_us[0] == 300000);
	CHECK(t->pct_us[1] == rank_pct(all, 12, 90)); /* rank 11: 1 s */
	int64_t a[6] = {100000, 200000, 300000, 400000, 500000, 600000};
	CHECK(s->ep[0].st.pct_us[0] == rank_pct(a, 6, 50)); /* 300 ms */
	CHECK(s->ep[0].st.pct_us[1] == rank_pct(a, 6, 90)); /* 600 ms */
	CHECK(isnan(s->ep[2].st.thr_ratio[0]) == 0);
	CHECK(s->ep[2].st.thr_ratio[0] == 0); /* 1 s > 300 ms */

	/* the Prometheus buckets: the ladder and the 300 ms threshold */
	model_bucket_t bk[MODEL_MAX_BUCKETS];
	int nb = model_buckets(t, s->sli, bk);
	CHECK_INT(nb, MODEL_LADDER + 1); /* 300 ms is not on the ladder */
	int up = 1;
	for (int k = 1; k < nb; k++)
		up &= bk[k].le > bk[k - 1].le && bk[k].count >= bk[k - 1].count;
	CHECK(up);
	for (int k = 0; k < nb; k++) {
		if (bk[k].le == 0.3) /* exact: 6 at or under 300 ms */
			CHECK(bk[k].exact && bk[k].count == 6);
		else if (bk[k].le == 0.25) /* 3 x 50, 100, 200 ms */
			CHECK(!bk[k].exact && bk[k].count == 5);
		else if (bk[k].le == 10)
			CHECK_INT(bk[k].count, 12);
	}

	/* judged at the end of the minute of the last time: T0 + 3660 */
	CHECK_INT(m->end, T0 + 3660);
	CHECK(s->judged);
	const slo_status_t *av = &s->ev.slo[0], *lat = &s->ev.slo[1];
	CHECK_INT(av->budget.total, 12);
	CHECK_INT(av->budget.bad, 3);
	CHECK_NEAR(av->budget.allowed, 0.12); /* 1% of 12 */
	CHECK(av->budget.spent);
	CHECK_INT(lat->budget.total, 12);
	CHECK_INT(lat->budget.bad, 6);
	CHECK_NEAR(lat->budget.allowed, 1.2); /* 10% of 12 */
	CHECK_NEAR(lat->budget.remaining, 1 - 6 / 1.2);
	/* blind: its latency objective has no latency to judge: unknown,
	 * not spent; so two budgets spent in all */
	CHECK(m->sli[2].ev.slo[1].budget.unknown);
	CHECK_INT(m->spent, 2);

	/* idle matched nothing: no row values, a warning */
	const model_stats_t *idle = &m->sli[1].total.st;
	CHECK_INT(idle->requests, 0);
	CHECK(isnan(idle->avail) && isnan(idle->mean_us));
	CHECK(idle->pct_us[0] == 0);
	CHECK(!m->sli[1].judged);
	CHECK_INT(m->nwarn, 2);
	if (m->nwarn == 2) {
		CHECK_INT(m->warn[0].sli, 1);
		CHECK_STR(m->warn[0].kind, "no-match");
		CHECK_INT(m->warn[1].sli, 2);
		CHECK_STR(m->warn[1].kind, "no-latency");
	}

	/* the rolling window saw SLI api's 12 requests, by endpoint in
	 * display order; its percentiles are within 2.2% */
	CHECK(m->has_win);
	CHECK_INT(m->nwin, 1);
	CHECK_INT(m->win_len_us[0], len);
	CHECK_INT(s->win_total[0].requests, 12);
	CHECK(s->win_total[0].hist == NULL);
	CHECK_INT(s->win_ep[0].requests, 6);
	CHECK_INT(s->win_ep[1].bad, 3);
	CHECK_INT(s->win_ep[2].requests, 3);
	CHECK(fabs(s->win_ep[0].pct_us[0] - 300000) <= 0.022 * 300000);
	CHECK(s->win_ep[2].pct_us[1] == 1000000); /* all alike: the max */

	model_free(m);
	window_free(w);
	run_free(run);
	rules_free(r);
}

/* --by day: the total's periods, oldest first, and the judgement at --at. */
static void periods(void)
{
	rules_err_t err;
	rules_t *r = rules_load_buf(yaml, strlen(yaml), "test", &err);
	if (!r)
		return;
	run_t *run = run_new(r, NULL);
	series_spec_t by = {.unit = CAL_DAY};
	agg_set_series(run->agg, &by, 0);
	add(run, NULL, 0, "GET /a", T0 + 86400 + 5, 500, 1000);
	add(run, NULL, 0, "GET /a", T0 + 10, 200, 2000);
	add(run, NULL, 0, "GET /a", T0 + 20, 200, 4000);
	agg_finish(run->agg);
	run->at = T0 + 3600; /* before the second day: one request bad */
	model_t *m = model_new(run);
	const model_sli_t *s = &m->sli[0];
	CHECK(m->has_by && !m->by_endpoint);
	CHECK_INT(s->ser.n, 2);
	if (s->ser.n == 2) {
		CHECK_INT(s->ser.p[0].start, T0);
		CHECK_INT(s->ser.p[0].st.requests, 2);
		CHECK(s->ser.p[0].st.mean_us == 3000);
		CHECK_INT(s->ser.p[1].start, T0 + 86400);
		CHECK(s->ser.p[1].st.avail == 0);
	}
	CHECK_INT(s->ep[0].ser.n, 0); /* no --by-endpoint */
	CHECK_INT(m->end, T0 + 3600);
	CHECK_INT(s->ev.slo[0].budget.total, 2);
	CHECK_INT(s->ev.slo[0].budget.bad, 0);
	CHECK_INT(m->spent, 0);
	CHECK(!m->has_win);
	model_free(m);
	run_free(run);
	rules_free(r);
}

/* The verdict every output shows: the 25% boundary, alerts, unknown and
 * an objective of 100% with a bad request (remaining NAN: spent). */
static void verdicts(void)
{
	int none[2] = {0, 0}, one[2] = {0, 1};
	/* 1000 requests at 99%: 10 allowed; 7 bad leave 30%, 8 leave 20% */
	slo_budget_t b = slo_budget(1000, 7, 0.99);
	CHECK_INT(model_verdict(&b, none, 2), MV_MET);
	CHECK_INT(model_verdict(&b, one, 2), MV_AT_RISK); /* alert firing */
	b = slo_budget(1000, 8, 0.99);
	CHECK_INT(model_verdict(&b, none, 2), MV_AT_RISK);
	b = slo_budget(1000, 10, 0.99);
	CHECK_INT(model_verdict(&b, none, 0), MV_SPENT);
	b = slo_budget(1000, 0, 1.0);
	CHECK_INT(model_verdict(&b, NULL, 0), MV_MET);
	b = slo_budget(1000, 1, 1.0);
	CHECK_INT(model_verdict(&b, NULL, 0), MV_SPENT);
	b = slo_budget(0, 0, 0.99);
	CHECK_INT(model_verdict(&b, one, 2), MV_UNKNOWN);
	CHECK_STR(model_verdict_name(MV_AT_RISK), "at risk");
	CHECK_STR(model_verdict_name(MV_UNKNOWN), "unknown");
}

int main(void)
{
	report();
	periods();
	verdicts();
	return CHECK_DONE("test_model");
}
