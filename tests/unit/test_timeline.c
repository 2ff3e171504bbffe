/* test_timeline.c - per-minute counters: placement (also before 1970),
 * range sums at minute and day edges against a brute-force array, merge
 * of parts in any order equal to the whole, the bound on days. */
#include <stdlib.h>

#include "check.h"
#include "timeline.h"

#define SPAN_MIN (3 * 1440 + 17) /* three days and a bit */
#define T0       1699999980LL    /* 2023-11-14T22:13:00Z: a minute, mid-day */

static uint64_t ref[SPAN_MIN][2];

static uint64_t rnd(void)
{
	static uint64_t s = 88172645463325252ULL;
	s ^= s << 13;
	s ^= s >> 7;
	s ^= s << 17;
	return s;
}

static void add(timeline_t *t, int64_t epoch, int bad)
{
	uint32_t *c = timeline_at(t, epoch);
	c[0]++;
	c[1] += (uint32_t)bad;
}

int main(void)
{
	CHECK(timeline_new(0) == NULL);
	CHECK(timeline_new(TIMELINE_MAX_COUNTERS + 1) == NULL);

	/* minutes are floor(epoch / 60), also for negative epochs */
	timeline_t *t = timeline_new(2);
	int64_t first = 0, last = 0;
	CHECK(timeline_span(t, &first, &last) == 0);
	add(t, -1, 1);  /* 1969-12-31T23:59:59 */
	add(t, -60, 0); /* the same minute */
	add(t, -61, 0); /* the one before */
	add(t, 0, 0);   /* 1970-01-01T00:00:00 */
	add(t, 59, 1);  /* still minute 0 */
	uint64_t s[2];
	timeline_sum(t, -60, 0, s);
	CHECK(s[0] == 2 && s[1] == 1);
	timeline_sum(t, 0, 60, s);
	CHECK(s[0] == 2 && s[1] == 1);
	timeline_sum(t, -120, -60, s);
	CHECK(s[0] == 1 && s[1] == 0);
	timeline_sum(t, -3600, 3600, s);
	CHECK(s[0] == 5 && s[1] == 2);
	CHECK(timeline_span(t, &first, &last) == 1);
	CHECK(first == -120 && last == 0);
	timeline_free(t);

	/* second by second, as a log runs: timeline_at remembers the last
	 * minute, and must leave it at the next minute's first second */
	t = timeline_new(2);
	for (int64_t e = T0 - 90; e < T0 + 90; e++)
		add(t, e, e % 60 == 59); /* bad: each minute's last second */
	for (int64_t m = T0 - 60; m < T0 + 60; m += 60) {
		timeline_sum(t, m, m + 60, s);
		CHECK(s[0] == 60 && s[1] == 1);
	}
	timeline_sum(t, T0 - 120, T0 - 60, s);
	CHECK(s[0] == 30 && s[1] == 1);
	timeline_sum(t, T0 + 60, T0 + 120, s);
	CHECK(s[0] == 30 && s[1] == 0);
	add(t, T0 - 61, 0); /* back to a minute before the last */
	timeline_sum(t, T0 - 120, T0 - 60, s);
	CHECK(s[0] == 31);
	timeline_free(t);

	/* random requests over three days, out of order, in three parts;
	 * every part merged in two orders equals the whole, and every range
	 * sum equals the brute-force one */
	timeline_t *whole = timeline_new(2), *p[3], *ab = timeline_new(2),
	           *ba = timeline_new(2);
	for (int i = 0; i < 3; i++)
		p[i] = timeline_new(2);
	for (int i = 0; i < 200000; i++) {
		int64_t sec = (int64_t)(rnd() % (SPAN_MIN * 60ULL));
		int bad = rnd() % 10 == 0;
		ref[sec / 60][0]++;
		ref[sec / 60][1] += (uint64_t)bad;
		add(whole, T0 + sec, bad);
		add(p[i % 3], T0 + sec, bad);
	}
	for (int i = 0; i < 3; i++)
		CHECK(timeline_merge(ab, p[i]) == 0);
	for (int i = 3; i-- > 0;)
		CHECK(timeline_merge(ba, p[i]) == 0);
	int64_t base = T0 - T0 % 60; /* ref[0] is this minute */
	int bad_sums = 0;
	for (int k = 0; k < 2000; k++) {
		int64_t a = (int64_t)(rnd() % SPAN_MIN),
		        b = (int64_t)(rnd() % (SPAN_MIN + 1));
		if (a > b) {
			int64_t x = a;
			a = b;
			b = x;
		}
		uint64_t want[2] = {0, 0};
		for (int64_t m = a; m < b; m++) {
			want[0] += ref[m][0];
			want[1] += ref[m][1];
		}
		/* any second inside the first minute counts it whole */
		int64_t from = base + a * 60 + (int64_t)(rnd() % 60);
		timeline_t *all[3] = {whole, ab, ba};
		for (int j = 0; j < 3; j++) {
			timeline_sum(all[j], from - from % 60, base + b * 60,
			             s);
			bad_sums += s[0] != want[0] || s[1] != want[1];
		}
	}
	CHECK_MSG(bad_sums == 0, "%d range sums differ", bad_sums);
	timeline_sum(whole, base - 86400, base + 2LL * SPAN_MIN * 60, s);
	CHECK(s[0] == 200000);
	CHECK(timeline_span(whole, &first, &last) == 1);
	CHECK(first >= base && last < base + SPAN_MIN * 60);
	timeline_t *other = timeline_new(3);
	CHECK(timeline_merge(other, whole) == -1);
	timeline_free(other);
	for (int i = 0; i < 3; i++)
		timeline_free(p[i]);
	timeline_free(whole);
	timeline_free(ab);
	timeline_free(ba);

	/* wild timestamps: days beyond the bound are counted, not stored */
	t = timeline_new(1);
	int nulls = 0;
	for (int64_t d = 0; d < TIMELINE_MAX_DAYS + 5; d++) {
		uint32_t *c = timeline_at(t, d * 86400 * 7);
		if (c)
			c[0]++;
		else
			nulls++;
	}
	CHECK(nulls == 5);
	CHECK(timeline_out_of_range(t) == 5);
	CHECK(timeline_at(t, 0) != NULL); /* a known day still works */
	timeline_t *full = timeline_new(1);
	*timeline_at(full, -86400) += 3; /* a day t has no room for */
	CHECK(timeline_merge(t, full) == -1);
	CHECK(timeline_out_of_range(t) == 8);
	timeline_free(full);
	timeline_free(t);
	return CHECK_DONE("test_timeline");
}
