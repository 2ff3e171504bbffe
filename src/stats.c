/*
 * stats.c - counting one request into statistics, and adding two.
 *
 * The report's statistics are the hot path: their histogram exists from
 * the first latency on, so the coarse kind costs them nothing but the
 * test for a missing histogram they already made.
 */
#include "stats.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

void stats_add(stats_t *st, const sli_t *sli, const request_t *req)
{
	st->requests++;
	if (sli->bad[req->status])
		st->bad++;
	else
		st->good++;
	if (req->latency_us < 0)
		return;
	uint64_t us = (uint64_t)req->latency_us;
	st->lat_count++;
	st->lat_sum_us += us;
	if (us > st->lat_max_us)
		st->lat_max_us = us;
	for (int t = 0; t < sli->nthr; t++)
		st->thr_good[t] += req->latency_us <= sli->thr[t].us;
	if (!st->hist) {
		if (st->hist4) {
			hist4_record(st->hist4, us);
			return;
		}
		st->hist = xmalloc(sizeof(*st->hist));
		hist_init(st->hist);
	}
	hist_record(st->hist, us);
}

void stats_merge(stats_t *d, const stats_t *s)
{
	d->requests += s->requests;
	d->good += s->good;
	d->bad += s->bad;
	d->lat_count += s->lat_count;
	d->lat_sum_us += s->lat_sum_us;
	if (s->lat_max_us > d->lat_max_us)
		d->lat_max_us = s->lat_max_us;
	for (int t = 0; t < RULES_MAX_THR; t++)
		d->thr_good[t] += s->thr_good[t];
	if (s->hist4 && d->hist4)
		hist4_merge(d->hist4, s->hist4);
	if (s->hist) {
		if (!d->hist) {
			d->hist = xmalloc(sizeof(*d->hist));
			hist_init(d->hist);
		}
		hist_merge(d->hist, s->hist);
	}
}

double stats_percentile(const stats_t *st, double q)
{
	if (st->hist4)
		return hist4_percentile(st->hist4, q);
	return st->hist ? hist_percentile(st->hist, q) : 0;
}
