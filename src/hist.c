/*
 * hist.c - schema-6 log buckets indexed from the bits of a double.
 *
 * A value v = m * 2^e with m in [1, 2) lands in key e*64 + j where j is
 * the smallest index with 2^(j/64) >= m. Instead of log2() or a binary
 * search we cut [1, 2) into 128 equal cells: neighbouring bounds are at
 * least 2^(1/64) - 1 > 1/128 apart, so a cell contains at most one bound
 * and one comparison finishes the lookup.
 *
 * The coarse hist4_t reuses the schema-6 key: four buckets make one.
 */
#include "hist.h"

#include <math.h>
#include <pthread.h>
#include <string.h>

#define CELLS 128

static double bound[65];      /* bound[j] = 2^(j/64), j = 0..64 */
static uint8_t cell_j[CELLS]; /* smallest j with bound[j] >= cell start */
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void tables_init(void)
{
	for (int j = 0; j <= 64; j++)
		bound[j] = exp2(j / 64.0);
	bound[0] = 1.0;
	bound[64] = 2.0;
	for (int c = 0; c < CELLS; c++) {
		double start = 1.0 + (double)c / CELLS;
		int j = 0;
		while (bound[j] < start)
			j++;
		cell_j[c] = (uint8_t)j;
	}
}

void hist_setup(void)
{
	pthread_once(&tables_once, tables_init);
}

void hist_init(hist_t *h)
{
	memset(h, 0, sizeof(*h));
	h->ms_only = 1;
	pthread_once(&tables_once, tables_init);
}

int32_t hist_key(uint64_t us)
{
	if (us == 0)
		return INT32_MIN;

	double v = (double)us * 1e-6;
	uint64_t bits;
	memcpy(&bits, &v, sizeof(bits));
	int32_t e = (int32_t)((bits >> 52) & 0x7ff) - 1023;
	/* m in [1, 2): same mantissa, exponent of 1.0 */
	uint64_t mbits = (bits & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL;
	double m;
	memcpy(&m, &mbits, sizeof(m));

	int c = (int)((m - 1.0) * CELLS);
	int j = cell_j[c];
	if (bound[j] < m)
		j++;
	return e * 64 + j;
}

double hist_upper(int32_t k)
{
	return exp2(k / 64.0);
}

/* No more raw values: zeroed, so two histograms of the same values are
 * the same bytes however they were built. */
static void raw_drop(hist_t *h)
{
	h->nraw = 0;
	memset(h->raw, 0, sizeof(h->raw));
}

/* Insert v into the ascending h->raw: a binary search, one memmove of at
 * most 2 KiB. Kept sorted, the values read as percentiles directly and
 * are the same bytes whatever order they came in. */
static void raw_insert(hist_t *h, uint32_t v)
{
	size_t lo = 0, hi = (size_t)h->nraw;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (h->raw[mid] <= v)
			lo = mid + 1;
		else
			hi = mid;
	}
	memmove(h->raw + lo + 1, h->raw + lo,
	        ((size_t)h->nraw - lo) * sizeof(h->raw[0]));
	h->raw[lo] = v;
	h->nraw++;
}

void hist_record(hist_t *h, uint64_t us)
{
	if (h->count == 0 || us < h->min_us)
		h->min_us = us;
	if (us > h->max_us)
		h->max_us = us;
	if (hist_exact(h)) {
		if (h->count < HIST_RAW && us <= UINT32_MAX)
			raw_insert(h, (uint32_t)us);
		else
			raw_drop(h);
	}
	h->count++;
	if (us % 1000)
		h->ms_only = 0;

	int32_t k = hist_key(us);
	if (k == INT32_MIN)
		h->zero++;
	else if (k > HIST_MAX_KEY)
		h->over++;
	else
		h->b[k - HIST_MIN_KEY]++; /* keys below MIN need us < 1 */
}

void hist_merge(hist_t *dst, const hist_t *src)
{
	if (src->count == 0)
		return;
	if (dst->count == 0 || src->min_us < dst->min_us)
		dst->min_us = src->min_us;
	if (src->max_us > dst->max_us)
		dst->max_us = src->max_us;
	/* two exact sets that fit together stay exact */
	if (hist_exact(dst) && hist_exact(src) &&
	    dst->count + src->count <= HIST_RAW) {
		/* merge the two ascending runs from their ends */
		size_t i = (size_t)dst->nraw, j = (size_t)src->nraw, k = i + j;
		while (j > 0) {
			if (i > 0 && dst->raw[i - 1] > src->raw[j - 1])
				dst->raw[--k] = dst->raw[--i];
			else
				dst->raw[--k] = src->raw[--j];
		}
		dst->nraw += src->nraw;
	} else if (hist_exact(dst)) {
		raw_drop(dst);
	}
	dst->count += src->count;
	dst->ms_only &= src->ms_only;
	dst->zero += src->zero;
	dst->over += src->over;
	for (int i = 0; i < HIST_NBUCKETS; i++)
		dst->b[i] += src->b[i];
}

uint64_t hist_rank(uint64_t count, double q)
{
	if (count == 0)
		return 0;
	if (q >= 100.0)
		return count;
	/* q as a fraction qm / 1e8 so 99.9 means exactly 999/1000 */
	const uint64_t den = 100000000ULL;
	uint64_t qm = (uint64_t)llround(q * 1e6);
	uint64_t r = count / den * qm;
	uint64_t rest = count % den * qm; /* < 1e16, no overflow */
	r += rest / den + (rest % den != 0);
	if (r == 0)
		r = 1;
	return r > count ? count : r;
}

static double clamp(double v, const hist_t *h)
{
	if (v < (double)h->min_us)
		return (double)h->min_us;
	if (v > (double)h->max_us)
		return (double)h->max_us;
	return v;
}

double hist_percentile(const hist_t *h, double q)
{
	uint64_t rank = hist_rank(h->count, q);
	if (rank == 0)
		return 0.0;
	if (hist_exact(h))
		return (double)h->raw[rank - 1];
	if (rank == h->count)
		return (double)h->max_us;
	if (rank == 1)
		return (double)h->min_us;

	uint64_t seen = h->zero;
	if (seen >= rank)
		return 0.0;
	for (int i = 0; i < HIST_NBUCKETS; i++) {
		seen += h->b[i];
		if (seen >= rank) {
			int32_t k = i + HIST_MIN_KEY;
			double lo = hist_upper(k - 1) * 1e6,
			       hi = hist_upper(k) * 1e6;
			if (h->ms_only) {
				/* the only whole millisecond in (lo, hi] is
				 * the value itself */
				double m = (floor(lo / 1000) + 1) * 1000;
				if (m <= hi && m + 1000 > hi)
					return clamp(m, h);
			}
			return clamp((lo + hi) / 2, h);
		}
	}
	return (double)h->max_us; /* in the overflow counter */
}

/* ---- hist4_t ------------------------------------------------------------ */

void hist4_init(hist4_t *h)
{
	memset(h, 0, sizeof(*h));
	pthread_once(&tables_once, tables_init);
}

void hist4_record(hist4_t *h, uint64_t us)
{
	h->count++;
	if (us > h->max_us)
		h->max_us = us;
	int32_t key = hist_key(us);
	if (key == INT32_MIN) {
		h->zero++;
		return;
	}
	/* schema 6 to schema 4: four buckets into one */
	int32_t i = HIST4_KEY(key) - HIST4_MIN_KEY;
	if (i >= HIST4_NBUCKETS)
		i = HIST4_NBUCKETS - 1;
	h->b[i < 0 ? 0 : i]++;
}

void hist4_merge(hist4_t *dst, const hist4_t *src)
{
	dst->count += src->count;
	dst->zero += src->zero;
	if (src->max_us > dst->max_us)
		dst->max_us = src->max_us;
	for (int i = 0; i < HIST4_NBUCKETS; i++)
		dst->b[i] += src->b[i];
}

double hist4_percentile(const hist4_t *h, double q)
{
	uint64_t rank = hist_rank(h->count, q);
	if (rank == 0)
		return 0;
	if (rank == h->count)
		return (double)h->max_us;
	uint64_t seen = h->zero;
	if (seen >= rank)
		return 0;
	for (int i = 0; i < HIST4_NBUCKETS; i++) {
		seen += h->b[i];
		if (seen >= rank) {
			/* schema-4 bucket j: (2^((j-1)/16), 2^(j/16)] s */
			int32_t j = i + HIST4_MIN_KEY;
			double mid =
			    (hist_upper(4 * (j - 1)) + hist_upper(4 * j)) / 2 *
			    1e6;
			return mid > (double)h->max_us ? (double)h->max_us
			                               : mid;
		}
	}
	return (double)h->max_us;
}
