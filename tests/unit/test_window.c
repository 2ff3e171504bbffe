/*
 * test_window.c - rolling windows: counts by slice, expiry as the clock
 * moves on, sums over endpoints, thresholds, and window percentiles
 * within 2.2% of exact (schema-4 buckets) over a lognormal sample, and
 * exactly the bucket midpoints on a few values.
 */
#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "rules.h"
#include "window.h"

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

int main(void)
{
	const char *yaml = "slis:\n"
	                   "  - name: a\n"
	                   "    latency: [{threshold: 100ms, objective: 99}]\n"
	                   "  - {name: b, group_by: none}\n";
	rules_err_t e;
	rules_t *r = rules_load_buf(yaml, strlen(yaml), "t", &e);
	CHECK(r != NULL);
	int64_t lens[2] = {60000000, 600000000}; /* 1m (6 s slices), 10m */
	window_set_t *w = window_new(r, lens, 2);
	CHECK_INT(window_count(w), 2);
	window_sum_t *s = malloc(sizeof(*s));

	request_t q = {0};
	q.status = 200;
	q.latency_us = 50000;
	window_set_now(w, 1000.0);
	for (int i = 0; i < 10; i++)
		window_add(w, 0, i % 2, &q); /* endpoints 0 and 1 */
	q.status = 503;
	q.latency_us = 200000;
	window_add(w, 0, 1, &q);
	window_add(w, 1, -1, &q);

	window_sum(w, 0, 0, -1, s);
	CHECK_INT(s->st.requests, 11);
	CHECK_INT(s->st.bad, 1);
	CHECK_INT(s->st.thr_good[0], 10);
	CHECK_INT(s->st.lat_max_us, 200000);
	window_sum(w, 0, 0, 1, s);
	CHECK_INT(s->st.requests, 6);
	window_sum(w, 0, 1, -1, s);
	CHECK_INT(s->st.requests, 1);

	/* 30 s later: still in both windows; more traffic */
	window_set_now(w, 1030.0);
	q.status = 200;
	window_add(w, 0, 0, &q);
	window_sum(w, 0, 0, -1, s);
	CHECK_INT(s->st.requests, 12);
	/* 61 s after the first: the first slice left the 1m window only */
	window_set_now(w, 1061.0);
	window_sum(w, 0, 0, -1, s);
	CHECK_INT(s->st.requests, 1);
	window_sum(w, 1, 0, -1, s);
	CHECK_INT(s->st.requests, 12);
	/* much later, a slot reused by a new slice starts empty */
	window_set_now(w, 5000.0);
	window_add(w, 0, 0, &q);
	window_sum(w, 1, 0, -1, s);
	CHECK_INT(s->st.requests, 1);

	/* percentiles */
	window_reset(w, r);
	window_set_now(w, 7000.0);
	size_t n = 20000;
	uint64_t *v = malloc(n * sizeof(*v));
	unsigned seed = 1;
	for (size_t i = 0; i < n; i++) {
		seed = seed * 1103515245 + 12345;
		double u1 = ((seed >> 8) + 0.5) / 16777216.0;
		seed = seed * 1103515245 + 12345;
		double u2 = ((seed >> 8) + 0.5) / 16777216.0;
		double z = sqrt(-2 * log(u1)) * cos(6.283185307179586 * u2);
		v[i] = (uint64_t)llround(30000 * exp(z));
		q.latency_us = (int64_t)v[i];
		window_add(w, 0, 0, &q);
	}
	qsort(v, n, sizeof(*v), cmp_u64);
	window_sum(w, 0, 0, -1, s);
	CHECK_INT(s->st.lat_count, n);
	const double qs[] = {50, 90, 99, 99.9};
	for (size_t k = 0; k < 4; k++) {
		/* nearest rank by counting, in integers: the first r with
		 * 100 r >= q n (q in thousandths of a percent) */
		uint64_t qm = (uint64_t)llround(qs[k] * 1000);
		size_t rank = 1;
		while (rank < n && (uint64_t)rank * 100000 < qm * n)
			rank++;
		double want = (double)v[rank - 1];
		double got = stats_percentile(&s->st, qs[k]);
		CHECK_MSG(fabs(got - want) / want <= 0.022, "p%g: %f vs %f",
		          qs[k], got, want);
	}
	free(v);

	/* exact values: the midpoint of the schema-4 bucket (2^((j-1)/16),
	 * 2^(j/16)] s holding the rank, computed here with log2 */
	window_reset(w, r);
	const int64_t few[5] = {0, 1000, 1000, 1000, 250000};
	for (int i = 0; i < 5; i++) {
		q.latency_us = few[i];
		window_add(w, 0, i % 2, &q);
	}
	window_sum(w, 0, 0, -1, s);
	double j = ceil(16 * log2(1000 / 1e6));
	double mid = (exp2((j - 1) / 16) + exp2(j / 16)) / 2 * 1e6;
	CHECK(stats_percentile(&s->st, 20) == 0);
	CHECK_MSG(fabs(stats_percentile(&s->st, 50) - mid) < 1e-6, "%f vs %f",
	          stats_percentile(&s->st, 50), mid);
	CHECK(stats_percentile(&s->st, 80) == stats_percentile(&s->st, 50));
	CHECK(stats_percentile(&s->st, 100) == 250000);
	CHECK(s->st.hist == NULL && s->st.hist4 == &s->hist);
	free(s);
	window_free(w);
	rules_free(r);
	return CHECK_DONE("test_window");
}
