/*
 * replay.c - alerts over history (see replay.h).
 *
 * One pass over the minutes keeps, for each distinct alert window, a
 * running sum of the timeline counters: the minute entering is added,
 * the one leaving subtracted. The cost is minutes x windows x counters,
 * whatever the traffic: a year of minutes replays in well under a second.
 */
#include "replay.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "util.h"

static const uint32_t *minute(const timeline_t *t, int64_t m)
{
	return t ? timeline_get(t, m) : NULL;
}

static replay_alert_t *push(replay_t *r)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 16;
		r->a = xrealloc(r->a, r->cap * sizeof(*r->a));
	}
	replay_alert_t *a = &r->a[r->n++];
	memset(a, 0, sizeof(*a));
	return a;
}

/* Close alert a at instant end: bad while it fired, budget share. */
static void close_alert(const sli_agg_t *s, replay_alert_t *a, int64_t end,
                        int64_t last)
{
	uint64_t sum[TIMELINE_MAX_COUNTERS], win[TIMELINE_MAX_COUNTERS];
	int ct, cb;
	int64_t at = end == REQ_NO_TIME ? last : end;
	/* the minutes the firing instants judged: from the one that set
	 * it off to the last judged firing */
	int64_t judged = end == REQ_NO_TIME ? last : end - 60;
	slo_counters(s->sli, a->slo, &ct, &cb);
	a->end = end;
	a->firing_s = (end == REQ_NO_TIME ? last + 60 : end) - a->start;
	timeline_sum(s->tl, a->start - 60, judged, sum);
	timeline_sum(s->tl, cal_window_start(&s->sli->window, at), at, win);
	a->bad = sum[cb];
	slo_budget_t b =
	    slo_budget(win[ct], win[cb], slo_objective(s->sli, a->slo));
	/* NAN: bad requests against an objective of 100% (no budget) */
	a->consumed = b.allowed > 0 ? (double)a->bad / b.allowed
	              : a->bad      ? NAN
	                            : 0;
}

static int by_start(const void *x, const void *y)
{
	const replay_alert_t *a = x, *b = y;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->slo != b->slo)
		return a->slo - b->slo;
	return a->sev - b->sev;
}

static int quiet(uint64_t sum[][TIMELINE_MAX_COUNTERS], int nw, int n)
{
	for (int w = 0; w < nw; w++)
		for (int c = 0; c < n; c++)
			if (sum[w][c])
				return 0;
	return 1;
}

static int any_open(long open[][RULES_MAX_ALERTS])
{
	for (int k = 0; k < SLO_MAX; k++)
		for (int j = 0; j < RULES_MAX_ALERTS; j++)
			if (open[k][j] >= 0)
				return 1;
	return 0;
}

void replay_sli(const sli_agg_t *s, replay_t *r)
{
	const sli_t *sli = s->sli;
	int64_t first, last;
	slo_alertset(sli, &r->as);
	if (!s->tl || !timeline_span(s->tl, &first, &last)) {
		r->from = r->to = 0;
		r->empty = 1;
		return;
	}
	const int n = tl_counters(sli), nw = r->as.nwin;
	uint64_t sum[SLO_MAX_WIN][TIMELINE_MAX_COUNTERS];
	long open[SLO_MAX][RULES_MAX_ALERTS]; /* index in r->a, or -1 */
	memset(sum, 0, sizeof(sum));
	for (int k = 0; k < SLO_MAX; k++)
		for (int j = 0; j < RULES_MAX_ALERTS; j++)
			open[k][j] = -1;
	r->from = first + 60;
	r->to = last + 60;

	for (int64_t e = r->from; e <= r->to; e += 60) {
		if (quiet(sum, nw, n) && !any_open(open)) {
			/* every window is empty and nothing fires: skip to the
			 * next minute with requests (they can only be ahead,
			 * and nothing fires on empty windows), so a log that
			 * spans years with gaps costs its busy minutes only */
			int64_t next = timeline_next(s->tl, e - 60);
			if (next == INT64_MAX || next + 60 > r->to)
				break;
			e = next + 60;
		}
		/* windows now cover [e - w, e): minute e - 60 enters, minute
		 * e - 60 - w leaves */
		const uint32_t *in = minute(s->tl, e - 60);
		for (int w = 0; w < nw; w++) {
			const uint32_t *out =
			    minute(s->tl, e - 60 - r->as.win[w]);
			for (int c = 0; c < n; c++)
				sum[w][c] += (in ? in[c] : 0) -
				             (uint64_t)(out ? out[c] : 0);
		}
		for (int k = 0; k < 1 + sli->nthr; k++) {
			double obj = slo_objective(sli, k), burn[SLO_MAX_WIN];
			int ct, cb;
			if (obj < 0)
				continue;
			slo_counters(sli, k, &ct, &cb);
			uint64_t tot[SLO_MAX_WIN];
			for (int w = 0; w < nw; w++) {
				burn[w] = slo_burn(sum[w][ct], sum[w][cb], obj);
				tot[w] = sum[w][ct];
			}
			int fires[RULES_MAX_ALERTS] = {0};
			int held[RULES_MAX_ALERTS] = {0};
			double peak[RULES_MAX_ALERTS] = {0};
			int trig[RULES_MAX_ALERTS];
			for (int i = sli->nalert - 1; i >= 0; i--) {
				const burn_alert_t *al = &sli->alert[i];
				int j = 0;
				while (strcmp(r->as.sev[j], al->severity) != 0)
					j++;
				if (!slo_alert_fires(&r->as, al, burn, tot)) {
					held[j] |=
					    slo_alert_burns(&r->as, al, burn);
					continue;
				}
				double l =
				    burn[slo_win_index(&r->as, al->long_s)];
				fires[j] = 1;
				trig[j] = i; /* the first rule that fires */
				if (l > peak[j])
					peak[j] = l;
			}
			for (int j = 0; j < r->as.nsev; j++) {
				if (held[j] && !fires[j])
					r->held_s[j] += 60;
				if (fires[j] && open[k][j] < 0) {
					replay_alert_t *a = push(r);
					a->slo = k;
					a->sev = j;
					a->start = e;
					a->trigger = trig[j];
					open[k][j] = (long)(r->n - 1);
				}
				if (fires[j]) {
					replay_alert_t *a = &r->a[open[k][j]];
					if (peak[j] > a->peak_burn)
						a->peak_burn = peak[j];
				} else if (open[k][j] >= 0) {
					close_alert(s, &r->a[open[k][j]], e,
					            r->to);
					open[k][j] = -1;
				}
			}
		}
	}
	for (int k = 0; k < SLO_MAX; k++)
		for (int j = 0; j < RULES_MAX_ALERTS; j++)
			if (open[k][j] >= 0)
				close_alert(s, &r->a[open[k][j]], REQ_NO_TIME,
				            r->to);
	if (r->n > 1) /* qsort(NULL, 0, ...) is undefined */
		qsort(r->a, r->n, sizeof(*r->a), by_start);
	for (size_t j = 0; j < r->n; j++) {
		r->nfired[r->a[j].sev]++;
		r->fired_s[r->a[j].sev] += r->a[j].firing_s;
	}
}

void replay_free(replay_t *r)
{
	free(r->a);
	memset(r, 0, sizeof(*r));
}
