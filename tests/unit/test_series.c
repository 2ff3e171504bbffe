/*
 * test_series.c - statistics per calendar period: UTC days and Monday
 * weeks, a Europe/Paris day of 23 hours at the DST change, times out of
 * order, the bound on periods (further requests counted as dropped), and
 * merge. Instants computed with GNU date, not with this code:
 *   date -u -d "2024-03-11 00:00:00 UTC" +%s     1710115200 (a Monday)
 *   date -u -d "2024-03-13 15:30:00 UTC" +%s     1710343800
 *   date -u -d "2024-03-10 23:59:59 UTC" +%s     1710115199
 *   date -u -d "2024-03-31 00:00:00 +0100" +%s   1711839600
 *   date -u -d "2024-03-31 12:00:00 +0200" +%s   1711879200
 *   date -u -d "2024-04-01 00:00:00 +0200" +%s   1711922400
 */
#include <stdlib.h>

#include "check.h"
#include "rules.h"
#include "series.h"

static request_t req(int64_t t)
{
	request_t r = {0};
	r.status = 200;
	r.latency_us = 1000;
	r.time = t;
	return r;
}

int main(void)
{
	rules_t *rules = rules_default();
	const sli_t *sli = &rules->sli[0];
	series_spec_t day = {CAL_DAY, ""};
	series_t *s = calloc(1, sizeof(*s));
	uint32_t room = 2;

	/* out of order: the 13th, the 10th's last second, the 13th again */
	int64_t times[] = {1710343800, 1710115199, 1710343800 + 60};
	for (int i = 0; i < 3; i++) {
		request_t r = req(times[i]);
		stats_t *st = series_at(s, &day, r.time, &room);
		CHECK(st != NULL);
		if (st)
			stats_add(st, sli, &r);
	}
	CHECK_INT(s->n, 2);
	CHECK_INT(s->p[0].start, 1710115200 - 86400); /* the 10th, first */
	CHECK_INT(s->p[0].st.requests, 1);
	CHECK_INT(s->p[1].start, 1710115200 + 2 * 86400); /* the 13th */
	CHECK_INT(s->p[1].st.requests, 2);
	CHECK_INT(room, 0);
	/* a third period: no room, counted as dropped */
	CHECK(series_at(s, &day, 1710115200, &room) == NULL);
	CHECK_INT(s->dropped, 1);

	/* weeks start on Monday */
	series_spec_t week = {CAL_WEEK, ""};
	CHECK_INT(series_floor(&week, 1710343800), 1710115200);
	CHECK_INT(series_floor(&week, 1710115199), 1710115200 - 7 * 86400);

	/* Paris, 31 March 2024: the day began at 23:00Z the day before and
	 * had 23 hours */
	series_spec_t paris = {CAL_DAY, "Europe/Paris"};
	CHECK_INT(series_floor(&paris, 1711879200), 1711839600);
	series_t *p = calloc(1, sizeof(*p));
	uint32_t proom = 10;
	CHECK(series_at(p, &paris, 1711879200, &proom) != NULL);
	CHECK_INT(p->c1 - p->c0, 23 * 3600);
	CHECK_INT(p->c1, 1711922400);

	/* merge: periods add up; past the room, their requests are dropped */
	series_t *d = calloc(1, sizeof(*d));
	uint32_t droom = 1;
	series_merge(d, s, &day, &droom);
	CHECK_INT(d->n, 1);
	CHECK_INT(d->p[0].st.requests, 1);
	CHECK_INT(d->dropped, 1 + 2); /* s's dropped one, the 13th's two */

	series_free(s);
	series_free(p);
	series_free(d);
	rules_free(rules);
	return CHECK_DONE("test_series");
}
