/*
 * test_stats.c - statistics of both kinds: the report's (a full hist_t,
 * allocated at the first latency) and a window slice's (a coarse hist4_t
 * its owner provides). Counters are checked against hand counts; coarse
 * percentiles against the schema-4 bucket bounds computed here with
 * log2, not with the library's lookup tables.
 */
#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "rules.h"
#include "stats.h"

/* Midpoint in microseconds of the schema-4 bucket holding us (> 0):
 * bucket j holds (2^((j-1)/16), 2^(j/16)] seconds. */
static double mid4(double us)
{
	double j = ceil(16 * log2(us / 1e6));
	return (exp2((j - 1) / 16) + exp2(j / 16)) / 2 * 1e6;
}

static int near(double got, double want)
{
	return fabs(got - want) <= 1e-9 * (want > 1 ? want : 1);
}

static void add(stats_t *st, const sli_t *sli, int status, int64_t us)
{
	request_t q = {0};
	q.status = status;
	q.latency_us = us;
	stats_add(st, sli, &q);
}

/* 200 in 50 ms, 503 in 200 ms, 200 without a latency, 404 in 0 us. */
static void add_four(stats_t *st, const sli_t *sli)
{
	add(st, sli, 200, 50000);
	add(st, sli, 503, 200000);
	add(st, sli, 200, -1);
	add(st, sli, 404, 0);
}

static void check_four(const stats_t *st)
{
	CHECK_INT(st->requests, 4);
	CHECK_INT(st->good, 3);
	CHECK_INT(st->bad, 1);
	CHECK_INT(st->lat_count, 3);
	CHECK_INT(st->lat_sum_us, 250000);
	CHECK_INT(st->lat_max_us, 200000);
	CHECK_INT(st->thr_good[0], 2); /* 50 ms and 0 are <= 100 ms */
}

int main(void)
{
	const char *yaml = "slis:\n"
	                   "  - name: a\n"
	                   "    latency: [{threshold: 100ms, objective: 99}]\n";
	rules_err_t e;
	rules_t *r = rules_load_buf(yaml, strlen(yaml), "t", &e);
	CHECK(r != NULL);
	const sli_t *sli = &r->sli[0];

	/* the report's kind: exact percentiles while few */
	stats_t full = {0};
	add_four(&full, sli);
	check_four(&full);
	CHECK(full.hist != NULL);
	CHECK(full.hist4 == NULL);
	CHECK_INT(full.hist->count, 3);
	/* latencies 0, 50000, 200000: nearest ranks 1, 2, 2, 3 */
	CHECK(stats_percentile(&full, 33) == 0);
	CHECK(stats_percentile(&full, 50) == 50000);
	CHECK(stats_percentile(&full, 66) == 50000);
	CHECK(stats_percentile(&full, 100) == 200000);

	stats_t sum = {0};
	stats_merge(&sum, &full);
	stats_merge(&sum, &full);
	CHECK_INT(sum.requests, 8);
	CHECK_INT(sum.thr_good[0], 4);
	CHECK_INT(sum.hist->count, 6);
	CHECK(stats_percentile(&sum, 50) == 50000);

	/* the coarse kind: the same counters, no allocation */
	hist4_t h4;
	hist4_init(&h4);
	stats_t coarse = {0};
	coarse.hist4 = &h4;
	add_four(&coarse, sli);
	check_four(&coarse);
	CHECK(coarse.hist == NULL);
	CHECK_INT(h4.count, 3);
	CHECK_INT(h4.zero, 1);
	CHECK_INT(h4.max_us, 200000);
	CHECK(stats_percentile(&coarse, 33) == 0); /* rank 1: zero */
	CHECK(near(stats_percentile(&coarse, 50), mid4(50000)));
	CHECK(stats_percentile(&coarse, 100) == 200000); /* the max */
	CHECK_MSG(fabs(mid4(50000) - 50000) / 50000 < 0.022, "%f", mid4(50000));

	/* coarse into coarse */
	hist4_t s4;
	hist4_init(&s4);
	stats_t csum = {0};
	csum.hist4 = &s4;
	stats_merge(&csum, &coarse);
	stats_merge(&csum, &coarse);
	CHECK_INT(csum.requests, 8);
	CHECK_INT(csum.lat_count, 6);
	CHECK(csum.hist == NULL);
	CHECK_INT(s4.count, 6);
	CHECK_INT(s4.zero, 2);
	/* 0 0 50000 50000 200000 200000: rank 3 of 6 is 50000's bucket */
	CHECK(near(stats_percentile(&csum, 50), mid4(50000)));
	CHECK(near(stats_percentile(&csum, 67), mid4(200000)));

	/* a midpoint above the largest value is the largest value */
	hist4_init(&h4);
	hist4_record(&h4, 980);
	hist4_record(&h4, 980);
	CHECK(mid4(980) > 980);
	CHECK(hist4_percentile(&h4, 50) == 980);
	/* values past the last bucket (about 62 minutes) count in it */
	hist4_init(&h4);
	hist4_record(&h4, 5000000000ull);
	hist4_record(&h4, 6000000000ull);
	CHECK(near(hist4_percentile(&h4, 50),
	           (exp2(190 / 16.0) + exp2(191 / 16.0)) / 2 * 1e6));
	CHECK(hist4_percentile(&h4, 100) == 6e9);
	hist4_init(&h4);
	CHECK(hist4_percentile(&h4, 50) == 0);

	free(full.hist);
	free(sum.hist);
	rules_free(r);
	return CHECK_DONE("test_stats");
}
