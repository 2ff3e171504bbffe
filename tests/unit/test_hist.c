/*
 * test_hist.c - the histogram against exact nearest-rank percentiles over
 * several distributions (uniform, lognormal, bimodal, constant, powers of
 * two at bucket bounds, 1 us to 1 h), the bucket lookup against log2, the
 * size bound, and merge = record-all.
 */
#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "hist.h"

static uint64_t rng = 88172645463325252ULL;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static double unif(void)
{
	return ((double)(next() >> 11) + 0.5) / 9007199254740992.0;
}

static double normal(void)
{
	return sqrt(-2 * log(unif())) * cos(6.283185307179586 * unif());
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Exact nearest-rank percentile of sorted v[0..n): the smallest value
 * with at least q% of the values at or below it, found by counting (not
 * with hist_rank(), which is under test): the first k with
 * 100 * k >= q * n, compared in integers (q in thousandths of a percent). */
static uint64_t exact(const uint64_t *v, size_t n, double q)
{
	uint64_t qm = (uint64_t)llround(q * 1000); /* q = 99.9 -> 99900 */
	size_t k = 1;
	while (k < n && (uint64_t)k * 100000 < qm * n)
		k++;
	return v[k - 1];
}

static const double qs[] = {0.1, 1,  10, 25,   50,    75,
                            90,  95, 99, 99.9, 99.99, 100};

/* Record v into a histogram and check every percentile within 0.55% of
 * the exact one (what the bucket midpoint promises, README "Accuracy"). */
static void check_dist(const char *name, uint64_t *v, size_t n)
{
	hist_t *h = malloc(sizeof(*h));
	hist_init(h);
	for (size_t i = 0; i < n; i++)
		hist_record(h, v[i]);
	qsort(v, n, sizeof(*v), cmp_u64);
	double worst = 0;
	for (size_t k = 0; k < sizeof(qs) / sizeof(qs[0]); k++) {
		double want = (double)exact(v, n, qs[k]);
		double got = hist_percentile(h, qs[k]);
		double err = want == 0 ? got : fabs(got - want) / want;
		if (err > worst)
			worst = err;
		CHECK_MSG(err <= 0.0055, "%s p%g: got %.3f want %.0f (%.3f%%)",
		          name, qs[k], got, want, err * 100);
	}
	CHECK_INT(h->count, n);
	CHECK_INT(h->max_us, v[n - 1]);
	CHECK_INT(h->min_us, v[0]);
	printf("  %-12s n=%zu worst percentile error %.3f%%\n", name, n,
	       worst * 100);
	free(h);
}

static void test_distributions(void)
{
	size_t n = 200000;
	uint64_t *v = malloc(n * sizeof(*v));

	for (size_t i = 0; i < n; i++) /* uniform 1 us .. 1 h */
		v[i] = 1 + next() % 3600000000ULL;
	check_dist("uniform", v, n);

	for (size_t i = 0; i < n; i++) /* lognormal, median 40 ms */
		v[i] = (uint64_t)llround(40000 * exp(1.2 * normal()));
	check_dist("lognormal", v, n);

	for (size_t i = 0; i < n; i++) /* bimodal: cache hits and misses */
		v[i] = i % 10 ? 800 + next() % 400 : 250000 + next() % 500000;
	check_dist("bimodal", v, n);

	for (size_t i = 0; i < n; i++) /* ms resolution, like $request_time */
		v[i] = (next() % 2000) * 1000;
	check_dist("ms-steps", v, n);

	for (size_t i = 0; i < n; i++) /* log-uniform over the whole range */
		v[i] = (uint64_t)llround(exp(unif() * log(3.6e9)));
	check_dist("log-uniform", v, n);

	for (size_t i = 0; i < 1000; i++)
		v[i] = 300000;
	check_dist("constant", v, 1000);

	for (size_t i = 0; i < 64; i++) /* powers of two: bucket bounds */
		v[i] = 1ULL << (i % 32);
	check_dist("pow2", v, 64);

	v[0] = 7;
	check_dist("single", v, 1);
	free(v);
}

/* The table lookup must agree with ceil(64 * log2(seconds)). */
static void test_keys(void)
{
	hist_t h;
	hist_init(&h);
	int bad = 0;
	for (uint64_t us = 1; us < 5000000; us += 1 + us / 997) {
		double k = ceil(64 * log2((double)us * 1e-6) - 1e-9);
		if (hist_key(us) != (int32_t)k)
			bad++;
	}
	CHECK_INT(bad, 0);
	CHECK_INT(hist_key(1000000), 0);  /* 1 s is bound of key 0 */
	CHECK_INT(hist_key(500000), -64); /* 0.5 s */
	CHECK_INT(hist_key(1000001), 1);
	CHECK(hist_key(1) >= HIST_MIN_KEY);
	CHECK(hist_key(3600000000ULL) <= HIST_MAX_KEY);
	CHECK(sizeof(hist_t) <= 18 * 1024);
}

static void test_rank(void)
{
	CHECK_INT(hist_rank(1000, 99.9), 999);
	CHECK_INT(hist_rank(1000, 99), 990);
	CHECK_INT(hist_rank(1001, 99.9), 1000);
	CHECK_INT(hist_rank(10, 50), 5);
	CHECK_INT(hist_rank(11, 50), 6);
	CHECK_INT(hist_rank(3, 100), 3);
	CHECK_INT(hist_rank(3, 0.001), 1);
	CHECK_INT(hist_rank(0, 50), 0);
}

/* Whole-millisecond data: a bucket narrower than 1 ms holds one value,
 * reported exactly; one ms off the grid turns that off. Nine of each, so
 * that there are more values than the histogram keeps raw. */
static void test_ms_exact(void)
{
	hist_t *h = malloc(sizeof(*h));
	hist_init(h);
	for (int rep = 0; rep < 9; rep++)
		for (uint64_t ms = 1; ms <= 60; ms++)
			hist_record(h, ms * 1000);
	CHECK(!hist_exact(h));
	CHECK(h->ms_only);
	CHECK(hist_percentile(h, 50) == 30000.0);
	CHECK(hist_percentile(h, 10) == 6000.0);
	CHECK(hist_percentile(h, 90) == 54000.0);
	hist_record(h, 1500);
	CHECK(!h->ms_only);
	double p = hist_percentile(h, 50);
	CHECK(p != 30000.0 && fabs(p - 30000.0) / 30000.0 < 0.0055);
	free(h);
}

/* The nearest-rank percentile of n values, worked out independently:
 * sort them, take the ceil(q n)-th (q in thousandths of a percent). */
static uint64_t sorted_rank(const uint64_t *v, size_t n, uint64_t q1000)
{
	uint64_t *s = malloc(n * sizeof(*s));
	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_u64);
	uint64_t r = (q1000 * n + 100000 - 1) / 100000;
	uint64_t x = s[(r ? r : 1) - 1];
	free(s);
	return x;
}

/* Few latencies: percentiles are the values themselves, also after
 * merging two small sets that fit together; beyond HIST_RAW, or merged
 * past it, the histogram's estimate. */
static void test_exact_few(void)
{
	static const uint64_t q1000[] = {50000, 90000,  95000, 99000,
	                                 99900, 100000, 1};
	hist_t *h = malloc(sizeof(*h)), *g = malloc(sizeof(*g));
	uint64_t v[HIST_RAW + 1];
	for (size_t n = 1; n <= HIST_RAW; n += n < 20 ? 1 : 61) {
		hist_init(h);
		for (size_t i = 0; i < n; i++) {
			v[i] = next() % 3000000 + 1; /* up to 3 s */
			hist_record(h, v[i]);
		}
		CHECK(hist_exact(h));
		int bad = 0;
		for (size_t k = 0; k < sizeof(q1000) / sizeof(q1000[0]); k++)
			bad += hist_percentile(h, (double)q1000[k] / 1000) !=
			       (double)sorted_rank(v, n, q1000[k]);
		CHECK_MSG(bad == 0, "n=%zu: %d percentiles not exact", n, bad);
	}

	/* 300 + 212 fit: exact, the same bytes as one histogram */
	hist_t *all = malloc(sizeof(*all));
	hist_init(h);
	hist_init(g);
	hist_init(all);
	for (size_t i = 0; i < HIST_RAW; i++) {
		v[i] = next() % 500000;
		hist_record(i < 300 ? h : g, v[i]);
		hist_record(all, v[i]);
	}
	hist_merge(g, h);
	CHECK(hist_exact(g));
	CHECK(memcmp(g, all, sizeof(*g)) == 0);
	CHECK(hist_percentile(g, 99) ==
	      (double)sorted_rank(v, HIST_RAW, 99000));

	/* one more value: estimates, and again the same bytes */
	v[HIST_RAW] = 123456;
	hist_init(h);
	hist_record(h, v[HIST_RAW]);
	hist_record(all, v[HIST_RAW]);
	hist_merge(g, h);
	CHECK(!hist_exact(g) && !hist_exact(all));
	CHECK(memcmp(g, all, sizeof(*g)) == 0);
	double want = (double)sorted_rank(v, HIST_RAW + 1, 50000);
	double p = hist_percentile(g, 50);
	CHECK(fabs(p - want) / want < 0.0055);

	/* a value above 32 bits (71 minutes) is not kept raw */
	hist_init(h);
	hist_record(h, 1000);
	hist_record(h, 5000000000ULL);
	CHECK(!hist_exact(h));
	CHECK(hist_percentile(h, 100) == 5000000000.0);
	free(h);
	free(g);
	free(all);
}

static void test_merge(void)
{
	hist_t *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b)),
	       *all = malloc(sizeof(*all));
	hist_init(a);
	hist_init(b);
	hist_init(all);
	for (int i = 0; i < 50000; i++) {
		uint64_t v = next() % 10000000;
		hist_record(i % 3 ? a : b, v);
		hist_record(all, v);
	}
	hist_record(a, 0);
	hist_record(all, 0);
	hist_record(b, 7200000000ULL); /* 2 h: above the buckets */
	hist_record(all, 7200000000ULL);
	hist_merge(a, b);
	CHECK(memcmp(a, all, sizeof(*a)) == 0);
	CHECK_INT(a->zero, 1);
	CHECK_INT(a->over, 1);
	CHECK(hist_percentile(a, 100) == 7200000000.0);
	CHECK(hist_percentile(a, 0.001) == 0.0);

	hist_t empty;
	hist_init(&empty);
	CHECK(hist_percentile(&empty, 50) == 0.0);
	hist_merge(&empty, a);
	CHECK(memcmp(&empty, a, sizeof(*a)) == 0);
	free(a);
	free(b);
	free(all);
}

int main(void)
{
	test_keys();
	test_rank();
	test_distributions();
	test_ms_exact();
	test_merge();
	test_exact_few();
	return CHECK_DONE("test_hist");
}
