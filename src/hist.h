/*
 * hist.h - the fixed-memory, mergeable latency histogram.
 *
 * Buckets are those of a Prometheus native histogram at schema 6: bucket k
 * holds values v (in seconds) with 2^((k-1)/64) < v <= 2^(k/64), so two
 * neighbouring bounds differ by 2^(1/64) (1.09%) and the midpoint of a
 * bucket is within 0.55% of anything in it. The keys kept cover 1 us to
 * about 62 minutes; zero and larger values have a counter each. A hist_t
 * is one flat struct (under 18 KiB) with no pointers: it may be copied,
 * zeroed, merged by adding counters and written out as bytes.
 *
 * Values are recorded in whole microseconds. min and max are exact; so is
 * count. While there are at most HIST_RAW values (and each fits 32 bits,
 * about 71 minutes) the values themselves are kept too, and percentiles
 * are exact; beyond, they are read off the buckets, but when every value
 * is whole milliseconds (nginx's $request_time, Rails' durations) and a
 * bucket can only hold one such value, that value is reported exactly.
 *
 * hist4_t is the coarse variant for slicalc tail's rolling windows, where
 * many small histograms live at once: schema 4 (16 buckets per power of
 * two, so a percentile is within 2.2%), 32-bit counters, no raw values,
 * about 2 KiB. Its functions are those of hist_t with the prefix hist4_.
 */
#ifndef SLICALC_HIST_H
#define SLICALC_HIST_H

#include <stdint.h>

#define HIST_SCHEMA   6
#define HIST_MIN_KEY  (-1275) /* first bucket holding 1 us */
#define HIST_MAX_KEY  760     /* upper bound 2^(760/64) s, about 3756 s */
#define HIST_NBUCKETS (HIST_MAX_KEY - HIST_MIN_KEY + 1)
#define HIST_RAW      512 /* values kept as they are while count <= this */

typedef struct hist {
	uint64_t count;   /* values recorded */
	uint64_t zero;    /* values equal to 0 us */
	uint64_t over;    /* values above the upper bound of HIST_MAX_KEY */
	uint64_t min_us;  /* smallest value; meaningless while count == 0 */
	uint64_t max_us;  /* largest value */
	uint64_t ms_only; /* 1 while every value is whole milliseconds */
	uint64_t b[HIST_NBUCKETS];
	/* raw[0..nraw), ascending, are every value recorded exactly when
	 * nraw == count; once not, they never are again */
	uint64_t nraw;
	uint32_t raw[HIST_RAW];
} hist_t;

/* Are h's values all in h->raw (so percentiles are exact)? */
static inline int hist_exact(const hist_t *h)
{
	return h->nraw == h->count;
}

/* Build the bucket lookup tables (once per process; hist_init does it
 * too). Call before hist_key() when no histogram was initialised. */
void hist_setup(void);

/* Reset h to hold no values. */
void hist_init(hist_t *h);

/* Record one value of us microseconds. */
void hist_record(hist_t *h, uint64_t us);

/* Add every counter of src to dst; afterwards dst describes both. */
void hist_merge(hist_t *dst, const hist_t *src);

/*
 * Bucket key (schema 6) of a value in microseconds, or INT32_MIN for 0.
 * Keys above HIST_MAX_KEY are returned as they are; callers clamp. Valid
 * once hist_init() has run (it builds the lookup tables, once per process).
 */
int32_t hist_key(uint64_t us);

/* Upper bound in seconds of bucket key k: 2^(k/64). */
double hist_upper(int32_t k);

/*
 * The nearest-rank q-th percentile (0 < q <= 100) in microseconds: the
 * smallest recorded value v such that at least q% of the values are <= v,
 * exactly while hist_exact(h), else an estimate within 0.55% of it,
 * clamped to [min, max]. Returns 0 when the histogram is empty.
 */
double hist_percentile(const hist_t *h, double q);

/*
 * The rank (1-based) of the nearest-rank q-th percentile among count
 * values: ceil(q/100 * count), computed without floating-point error for
 * q with up to six decimals. Returns 0 for count 0.
 */
uint64_t hist_rank(uint64_t count, double q);

/* ---- the coarse variant ------------------------------------------------ */

/* Schema-4 key j of a schema-6 key k: ceil(k / 4), for negative k too.
 * Bucket j holds values v (seconds) with 2^((j-1)/16) < v <= 2^(j/16). */
#define HIST4_KEY(k)   (((k) + 3 + 4000) / 4 - 1000)
#define HIST4_MIN_KEY  HIST4_KEY(HIST_MIN_KEY)
#define HIST4_NBUCKETS (HIST4_KEY(HIST_MAX_KEY) - HIST4_MIN_KEY + 2)

typedef struct hist4 {
	uint64_t count;  /* values recorded */
	uint64_t zero;   /* values equal to 0 us */
	uint64_t max_us; /* largest value (0 while count == 0) */
	/* values past the last bucket are counted in it */
	uint32_t b[HIST4_NBUCKETS];
} hist4_t;

/* Reset h to hold no values (and build the lookup tables if needed). */
void hist4_init(hist4_t *h);

/* Record one value of us microseconds. */
void hist4_record(hist4_t *h, uint64_t us);

/* Add every counter of src to dst; afterwards dst describes both. */
void hist4_merge(hist4_t *dst, const hist4_t *src);

/*
 * The nearest-rank q-th percentile (0 < q <= 100) in microseconds: the
 * largest value for the last rank, else the midpoint of the bucket that
 * holds the rank (0 for the zero counter), at most the largest value.
 * Within 2.2% of the exact percentile. Returns 0 when h is empty.
 */
double hist4_percentile(const hist4_t *h, double q);

#endif
