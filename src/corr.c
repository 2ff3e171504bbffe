/*
 * corr.c - when corrections hold (see corr.h).
 *
 * A recurring correction is evaluated, never expanded: the occurrences
 * that may hold an instant start on its local day or the few days before
 * (as many as its duration spans), and each of those starts is a local
 * time turned into an instant through the zone's offset table. So a
 * correction that recurs for centuries costs no memory, and a weekly
 * window keeps its wall-clock time across DST changes while lasting its
 * duration in elapsed time.
 */
#include "corr.h"

#include <stdlib.h>

#include "util.h"

#define DAY_S 86400

static int64_t floordiv(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return q - ((a % b) != 0 && ((a < 0) != (b < 0)));
}

void corr_release(corr_t *c)
{
	free(c->name);
	free(c->reason);
	free(c->sli);
	if (c->zone_owned)
		cal_offsets_free(c->zone);
}

/* Monday 0 .. Sunday 6 of a day number (1970-01-01 was a Thursday). */
static unsigned weekday(int64_t day)
{
	return (unsigned)(((day + 3) % 7 + 7) % 7);
}

int corr_covers(const corr_t *c, int64_t t, int64_t *start, int64_t *end)
{
	int64_t m = corr_minute_of(t) * 60;
	int64_t s = 0, e = 0;
	int hit = 0;
	if (c->every == CORR_ONCE) {
		s = c->start;
		e = c->end;
		hit = s <= m && m < e;
	} else {
		int64_t local = m + cal_offsets_at(c->zone, m);
		int64_t today = floordiv(local, DAY_S);
		/* an occurrence holding m started on today or on one of the
		 * days its duration (plus a DST shift) reaches back over */
		int64_t back = c->dur_s / DAY_S + 1;
		for (int64_t d = today; d >= today - back && !hit; d--) {
			if (d < c->from_day || d >= c->until_day)
				continue;
			if (c->every == CORR_WEEK &&
			    !((c->days >> weekday(d)) & 1))
				continue;
			s = cal_offsets_utc(c->zone, d * DAY_S + c->at_s);
			e = s + c->dur_s;
			hit = s <= m && m < e;
		}
	}
	if (hit && start)
		*start = s;
	if (hit && end)
		*end = e;
	return hit;
}

int corr_minute(const corr_t *c, int n, int nsli, int64_t t, int *of)
{
	int any = 0;
	for (int i = 0; i < nsli; i++)
		of[i] = -1;
	for (int k = 0; k < n; k++) {
		if (!corr_covers(&c[k], t, NULL, NULL))
			continue;
		for (int i = 0; i < nsli; i++)
			if (of[i] < 0 && corr_for(&c[k], i)) {
				of[i] = k;
				any = 1;
			}
	}
	return any;
}
