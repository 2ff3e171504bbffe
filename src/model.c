/*
 * model.c - the report computed once (see model.h): endpoints sorted,
 * percentiles and ratios per row, the SLO evaluation, the periods, the
 * rolling windows' sums, the warnings and the input accounting. The
 * numbers are computed with the very expressions the writers used, so
 * their output is unchanged to the bit.
 */
#include "model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "corr.h"
#include "timeline.h"

/* The counters of st, and what the writers show of them but the
 * percentiles. */
static void counters_of(model_stats_t *m, const stats_t *st)
{
	*m = (model_stats_t){
	    .requests = st->requests,
	    .good = st->good,
	    .bad = st->bad,
	    .lat_count = st->lat_count,
	    .lat_sum_us = st->lat_sum_us,
	    .lat_max_us = st->lat_max_us,
	    .hist = st->hist,
	    .avail = NAN,
	    .mean_us = NAN,
	};
	memcpy(m->thr_good, st->thr_good, sizeof(m->thr_good));
	if (st->requests)
		m->avail = (double)st->good / (double)st->requests;
	for (int t = 0; t < RULES_MAX_THR; t++)
		m->thr_ratio[t] = NAN;
	if (!st->lat_count)
		return;
	m->mean_us = (double)st->lat_sum_us / (double)st->lat_count;
	for (int t = 0; t < RULES_MAX_THR; t++)
		m->thr_ratio[t] =
		    (double)st->thr_good[t] / (double)st->lat_count;
}

/* The statistics of a row (a window's too: stats_percentile reads its
 * coarse histogram): counters, ratios, percentiles. */
static void stats_of(model_stats_t *m, const stats_t *st, const rules_t *r)
{
	counters_of(m, st);
	for (int q = 0; st->lat_count && q < r->npct; q++)
		m->pct_us[q] = stats_percentile(st, r->pct[q]);
}

/*
 * The periods of se, with the empty ones between its first and last (0
 * requests, ratios NAN) so that a chart of them has no false gaps: at
 * most *room empty ones, taken from it; a series that needs more keeps
 * its gaps and says so (gaps).
 */
static void series_of(model_series_t *m, const series_t *se, const rules_t *r,
                      const series_spec_t *spec, size_t *room)
{
	*m = (model_series_t){0};
	if (!se)
		return;
	m->dropped = se->dropped;
	size_t n = se->n;
	if (n > 1) {
		/* the periods from the first to the last, counted until
		 * they would take more than the room */
		size_t all = 1;
		int64_t t = se->p[0].start, last = se->p[n - 1].start;
		while (t < last && all <= n + *room) {
			t = cal_next(t, spec->unit, spec->tz);
			all++;
		}
		if (all - n <= *room) {
			*room -= all - n;
			m->empty = all - n;
			n = all;
		} else {
			m->gaps = 1;
		}
	}
	m->n = n;
	m->p = xmalloc((n + 1) * sizeof(*m->p));
	int64_t t = se->n ? se->p[0].start : 0;
	for (size_t k = 0, j = 0; k < n; k++) {
		if (m->empty) { /* every period in turn */
			m->p[k].start = t;
			if (j < se->n && se->p[j].start == t)
				stats_of(&m->p[k].st, &se->p[j++].st, r);
			else
				stats_of(&m->p[k].st, &(stats_t){0}, r);
			t = cal_next(t, spec->unit, spec->tz);
		} else {
			m->p[k].start = se->p[k].start;
			stats_of(&m->p[k].st, &se->p[k].st, r);
		}
	}
}

/* Display order: most requests first, then by key. */
static int by_requests(const void *a, const void *b)
{
	const endpoint_t *x = *(const endpoint_t *const *)a;
	const endpoint_t *y = *(const endpoint_t *const *)b;
	if (x->st.requests != y->st.requests)
		return x->st.requests > y->st.requests ? -1 : 1;
	return strcmp(x->key, y->key);
}

static int by_path(const void *a, const void *b)
{
	const run_file_t *x = *(const run_file_t *const *)a;
	const run_file_t *y = *(const run_file_t *const *)b;
	int c = strcmp(x->name, y->name);
	return c ? c : (x < y ? -1 : x > y);
}

static void input_of(model_input_t *in, const run_t *run)
{
	const agg_t *a = run->agg;
	*in = (model_input_t){
	    .lines = a->lines,
	    .requests = a->requests,
	    .unparsed = a->unparsed,
	    .other = a->other,
	    .unmatched = a->unmatched,
	    .incomplete = a->incomplete,
	    .filtered = a->filtered,
	    .matched = a->requests - a->unmatched,
	    .tmin = a->tmin,
	    .tmax = a->tmax,
	    .nfiles = 0, /* the files shown: counted below */
	};
	memcpy(in->incomplete_by, a->incomplete_by, sizeof(in->incomplete_by));

	const char *name = NULL;
	int mixed = 0;
	for (int i = 0; i < run->nfiles; i++) {
		const run_file_t *f = &run->files[i];
		const char *n = fmt_name(f->format);
		if (!run_file_shown(f) || (f->error && !f->lines))
			continue; /* never read */
		if (name && strcmp(name, n) != 0)
			mixed = 1;
		name = n;
		if (strstr(in->formats, n))
			continue;
		size_t l = strlen(in->formats);
		snprintf(in->formats + l, sizeof(in->formats) - l, "%s%s",
		         l ? ", " : "", n);
	}
	in->format = mixed ? "mixed" : name ? name : "none";

	/* by path: the same report whatever order files were read or
	 * merged in */
	in->files_by_path =
	    xmalloc((size_t)(run->nfiles + 1) * sizeof(*in->files_by_path));
	for (int i = 0; i < run->nfiles; i++)
		if (run_file_shown(&run->files[i]))
			in->files_by_path[in->nfiles++] = &run->files[i];
	qsort(in->files_by_path, (size_t)in->nfiles, sizeof(*in->files_by_path),
	      by_path);
}

/* Whether some minute of [from, to) lies in an occurrence of c. An
 * occurrence is at least step seconds long (a whole minute or more), so
 * instants step apart, and the last minute, meet every one that
 * overlaps. */
static int corr_overlaps(const corr_t *c, int64_t from, int64_t to)
{
	if (c->every == CORR_ONCE)
		return c->start < to && c->end > from;
	int64_t step = c->dur_s >= 60 ? c->dur_s / 60 * 60 : 60;
	for (int64_t t = from; t < to; t += step)
		if (corr_covers(c, t, NULL, NULL))
			return 1;
	return to - 60 >= from && corr_covers(c, to - 60, NULL, NULL);
}

/* Mark the periods of t in which a correction of the rules holds for SLI
 * i: the HTML report draws them as corrected time, not as time without
 * requests. */
static void corrected_periods(trend_t *t, const rules_t *r, int i)
{
	for (int j = 0; t && j < t->n; j++) {
		int64_t from = t->p[j].start;
		int64_t to = j + 1 < t->n && !t->gaps
		                 ? t->p[j + 1].start
		                 : cal_next(from, t->unit, t->tz);
		for (int k = 0; k < r->ncorr && !t->p[j].corrected; k++)
			t->p[j].corrected =
			    corr_for(&r->corr[k], i) &&
			    corr_overlaps(&r->corr[k], from, to);
	}
}

static void sli_of(model_t *m, int i)
{
	const run_t *run = m->run;
	const rules_t *r = m->rules;
	const agg_t *a = run->agg;
	const sli_agg_t *s = &a->s[i];
	model_sli_t *ms = &m->sli[i];

	ms->sli = &r->sli[i];
	ms->total = (model_row_t){.key = "(all)", .keyn = 5, .ep = -1};
	stats_of(&ms->total.st, &s->total, r);
	size_t room = SERIES_MAX; /* empty periods, the SLI's first */
	series_of(&ms->ser, s->ser, r, &m->by, &room);
	ms->match_errors = s->match_errors;
	ms->untimed = s->untimed;
	ms->out_of_range = s->tl ? timeline_out_of_range(s->tl) : 0;
	ms->corrected = s->corrected;
	ms->corr_n = s->corr_n;
	m->corrected += s->corrected;
	for (int k = 0; k < r->ncorr; k++)
		m->corr_total[k] += s->corr_n[k];
	ms->has_other = s->other >= 0;
	ms->other_requests = agg_other_requests(a, i);

	const endpoint_t **ep = xmalloc((size_t)(s->nep + 1) * sizeof(*ep));
	for (int j = 0; j < s->nep; j++)
		ep[j] = &s->ep[j];
	qsort(ep, (size_t)s->nep, sizeof(*ep), by_requests);
	ms->nep = s->nep;
	ms->ep = xmalloc((size_t)(s->nep + 1) * sizeof(*ms->ep));
	ms->rank = xmalloc((size_t)(s->nep + 1) * sizeof(*ms->rank));
	for (int j = 0; j < s->nep; j++) {
		model_row_t *row = &ms->ep[j];
		int e = (int)(ep[j] - s->ep);
		*row = (model_row_t){
		    .key = ep[j]->key, .keyn = ep[j]->keyn, .ep = e};
		stats_of(&row->st, &ep[j]->st, r);
		series_of(&row->ser, ep[j]->ser, r, &m->by, &room);
		ms->rank[e] = j;
	}
	free(ep);

	if (m->end != REQ_NO_TIME) {
		slo_evaluate(s, m->end, &ms->ev);
		ms->judged = ms->sli->ts.size_s != 0;
		for (int k = 0; k < ms->ev.nslo; k++) {
			const slo_status_t *st = &ms->ev.slo[k];
			ms->judged |= st->active;
			if (st->active && st->budget.spent &&
			    !st->budget.unknown)
				m->spent++;
		}
		if (ms->sli->ts.size_s && ms->ev.ts_budget.spent)
			m->spent++;
	}
	ms->ts_ratio = NAN;
	if (m->end != REQ_NO_TIME && ms->ev.slices)
		ms->ts_ratio =
		    (double)ms->ev.good_slices / (double)ms->ev.slices;
	for (int k = 0; k < SLO_MAX; k++)
		ms->verdict[k] =
		    m->end != REQ_NO_TIME && k < ms->ev.nslo
		        ? model_verdict(&ms->ev.slo[k].budget,
		                        ms->ev.slo[k].firing, ms->ev.as.nsev)
		        : MV_UNKNOWN;
	ms->ts_verdict = m->end != REQ_NO_TIME && ms->sli->ts.size_s
	                     ? model_verdict(&ms->ev.ts_budget, NULL, 0)
	                     : MV_UNKNOWN;
	ms->trend = trend_new(s, m->end != REQ_NO_TIME ? &ms->ev : NULL,
	                      m->has_by ? &m->by : NULL, s->total.hist);
	corrected_periods(ms->trend, r, i);

	if (!m->nwin)
		return;
	window_sum_t *ws = xmalloc(sizeof(*ws));
	int grouped = ms->sli->group_by != GROUP_NONE;
	if (grouped)
		ms->win_ep = xmalloc(((size_t)m->nwin * (size_t)ms->nep + 1) *
		                     sizeof(*ms->win_ep));
	for (int k = 0; k < m->nwin; k++) {
		window_sum(run->win, k, i, -1, ws);
		stats_of(&ms->win_total[k], &ws->st, r);
		for (int j = 0; grouped && j < ms->nep; j++) {
			window_sum(run->win, k, i, ms->ep[j].ep, ws);
			stats_of(&ms->win_ep[k * ms->nep + j], &ws->st, r);
		}
	}
	free(ws);
}

model_t *model_new(const run_t *run)
{
	const agg_t *a = run->agg;
	model_t *m = xcalloc(1, sizeof(*m));
	m->run = run;
	m->rules = run->rules;
	input_of(&m->in, run);
	m->has_by = a->has_by;
	m->by_endpoint = a->by_endpoint;
	m->by = a->by;
	m->end = slo_end(a, run->at);
	if (run->win) {
		m->has_win = 1;
		m->nwin = window_count(run->win);
		for (int k = 0; k < m->nwin; k++)
			m->win_len_us[k] = window_len(run->win, k);
	}
	m->nsli = run->rules->nsli;
	m->sli = xcalloc((size_t)m->nsli + 1, sizeof(*m->sli));
	if (run->rules->ncorr)
		m->corr_total =
		    xcalloc((size_t)run->rules->ncorr, sizeof(*m->corr_total));
	for (int i = 0; i < m->nsli; i++)
		sli_of(m, i);
	m->warn = model_warnings(run, &m->nwarn);
	return m;
}

static const double ladder[MODEL_LADDER] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                            0.5,   1,    2.5,   5,    10};

/* Values recorded at or below le seconds, from the histogram alone:
 * buckets whose upper bound is <= le. */
static uint64_t below(const hist_t *h, double le)
{
	if (!h)
		return 0;
	uint64_t n = h->zero;
	for (int i = 0; i < HIST_NBUCKETS; i++) {
		if (hist_upper(i + HIST_MIN_KEY) > le * (1 + 1e-12))
			break;
		n += h->b[i];
	}
	return n;
}

static int by_le(const void *a, const void *b)
{
	double x = ((const model_bucket_t *)a)->le,
	       y = ((const model_bucket_t *)b)->le;
	return x < y ? -1 : x > y;
}

int model_buckets(const model_stats_t *st, const sli_t *sli, model_bucket_t *b)
{
	int nb = 0;
	for (int t = 0; t < sli->nthr; t++)
		b[nb++] = (model_bucket_t){(double)sli->thr[t].us / 1e6,
		                           st->thr_good[t], 1};
	for (int i = 0; i < MODEL_LADDER; i++) {
		int dup = 0;
		for (int t = 0; t < sli->nthr; t++)
			dup |= fabs((double)sli->thr[t].us / 1e6 - ladder[i]) <
			       1e-9;
		if (!dup)
			b[nb++] = (model_bucket_t){
			    ladder[i], below(st->hist, ladder[i]), 0};
	}
	qsort(b, (size_t)nb, sizeof(b[0]), by_le);
	/* cumulative and never above a later exact count */
	for (int i = 1; i < nb; i++)
		if (b[i].count < b[i - 1].count)
			b[i].count = b[i - 1].count;
	for (int i = nb; i-- > 1;)
		if (b[i].exact && b[i - 1].count > b[i].count)
			b[i - 1].count = b[i].count;
	return nb;
}

static void periods_free(model_series_t *s)
{
	free(s->p);
}

void model_free(model_t *m)
{
	if (!m)
		return;
	for (int i = 0; i < m->nsli; i++) {
		model_sli_t *ms = &m->sli[i];
		periods_free(&ms->ser);
		for (int j = 0; j < ms->nep; j++)
			periods_free(&ms->ep[j].ser);
		free(ms->ep);
		free(ms->rank);
		free(ms->win_ep);
		trend_free(ms->trend);
	}
	free(m->sli);
	free(m->in.files_by_path);
	free(m->warn);
	free(m->corr_total);
	free(m);
}

model_warning_t *model_warnings(const run_t *run, int *n)
{
	const rules_t *r = run->rules;
	model_warning_t *w = NULL;
	*n = 0;
	for (int i = 0; i < r->nsli; i++) {
		if (r->sli[i].census)
			continue; /* no SLI of the user's: nothing to warn of */
		const stats_t *st = &run->agg->s[i].total;
		const char *kind = NULL;
		char msg[sizeof(w->message)], g[32];
		uint64_t me = run->agg->s[i].match_errors;
		if (!st->requests && me) {
			kind = "match-error";
			snprintf(msg, sizeof(msg),
			         "matched no request, and %s request%s could "
			         "not be decided (a pattern hit a PCRE2 limit)",
			         util_grouped(g, me), me == 1 ? "" : "s");
		} else if (!st->requests && !run->agg->s[i].corrected) {
			/* (all corrected: the report says how many) */
			kind = "no-match";
			snprintf(msg, sizeof(msg), "matched no request");
		} else if (!st->lat_count && r->sli[i].nthr) {
			kind = "no-latency";
			snprintf(msg, sizeof(msg),
			         "%s request%s, none with a latency: its "
			         "latency objectives are unknown, not met "
			         "(is there a $request_time in the log "
			         "format?)",
			         util_grouped(g, st->requests),
			         st->requests == 1 ? "" : "s");
		}
		if (!kind)
			continue;
		w = xrealloc(w, (size_t)(*n + 1) * sizeof(*w));
		w[*n].sli = i;
		w[*n].kind = kind;
		memcpy(w[*n].message, msg, sizeof(msg));
		(*n)++;
	}
	return w;
}

enum model_verdict model_verdict(const slo_budget_t *b, const int *firing,
                                 int nsev)
{
	if (b->unknown)
		return MV_UNKNOWN;
	if (b->spent)
		return MV_SPENT;
	int alert = 0;
	for (int j = 0; j < nsev; j++)
		alert |= firing[j] != 0;
	/* remaining is NAN only for an objective of 100% with bad requests,
	 * which is spent above */
	return alert || b->remaining < MODEL_AT_RISK ? MV_AT_RISK : MV_MET;
}

const char *model_verdict_name(enum model_verdict v)
{
	static const char *const names[] = {"unknown", "met", "at risk",
	                                    "spent"};
	return names[v];
}
