/*
 * window.c - rings of time slices. A slice is identified by its number
 * (floor(now / slice length)); when the clock passes into a new slice,
 * the slice that falls out of the window is zeroed and reused. Reads sum
 * the slices still inside the window.
 */
#include "window.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hist.h"

/* One slice's numbers for one endpoint. */
typedef struct wstat {
	uint64_t requests, good, bad;
	uint64_t lat_count, lat_sum_us, lat_max_us;
	uint64_t thr_good[RULES_MAX_THR];
	uint64_t zero;
	uint32_t b[WIN_KEYS];
} wstat_t;

struct slice {
	int64_t id; /* slice number, or INT64_MIN when unused */
	int nsli;
	wstat_t ***ep; /* [sli][endpoint index + 1] (0: no endpoints) */
	int *cap;      /* per SLI */
};

struct window {
	int64_t len_us, slice_us;
	struct slice s[WIN_SLICES];
};

struct winset {
	const rules_t *rules;
	int n;
	struct window w[WIN_MAX];
	double now;
};

static void slice_free(struct slice *s)
{
	for (int i = 0; i < s->nsli; i++) {
		for (int j = 0; j < s->cap[i]; j++)
			free(s->ep[i][j]);
		free(s->ep[i]);
	}
	free(s->ep);
	free(s->cap);
	memset(s, 0, sizeof(*s));
	s->id = INT64_MIN;
}

static void slice_init(struct slice *s, const rules_t *r)
{
	s->id = INT64_MIN;
	s->nsli = r->nsli;
	s->ep = xcalloc((size_t)r->nsli, sizeof(*s->ep));
	s->cap = xcalloc((size_t)r->nsli, sizeof(*s->cap));
}

winset_t *winset_new(const rules_t *rules, const int64_t *len_us, int nwin)
{
	winset_t *w = xcalloc(1, sizeof(*w));
	hist_setup();
	w->rules = rules;
	w->n = nwin < WIN_MAX ? nwin : WIN_MAX;
	for (int i = 0; i < w->n; i++) {
		w->w[i].len_us = len_us[i];
		w->w[i].slice_us = len_us[i] / WIN_SLICES;
		if (w->w[i].slice_us < 1)
			w->w[i].slice_us = 1;
		for (int k = 0; k < WIN_SLICES; k++)
			slice_init(&w->w[i].s[k], rules);
	}
	return w;
}

void winset_free(winset_t *w)
{
	if (!w)
		return;
	for (int i = 0; i < w->n; i++)
		for (int k = 0; k < WIN_SLICES; k++)
			slice_free(&w->w[i].s[k]);
	free(w);
}

void winset_reset(winset_t *w, const rules_t *rules)
{
	for (int i = 0; i < w->n; i++)
		for (int k = 0; k < WIN_SLICES; k++) {
			slice_free(&w->w[i].s[k]);
			slice_init(&w->w[i].s[k], rules);
		}
	w->rules = rules;
}

int winset_count(const winset_t *w)
{
	return w->n;
}

int64_t winset_len(const winset_t *w, int win)
{
	return w->w[win].len_us;
}

void winset_set_now(winset_t *w, double now)
{
	w->now = now;
}

/* The slice for the current time in window win, cleared if it was last
 * used for an older slice number. */
static struct slice *current(winset_t *w, int win)
{
	struct window *wi = &w->w[win];
	int64_t id = (int64_t)floor(w->now * 1e6 / (double)wi->slice_us);
	struct slice *s = &wi->s[((id % WIN_SLICES) + WIN_SLICES) % WIN_SLICES];
	if (s->id != id) {
		for (int i = 0; i < s->nsli; i++)
			for (int j = 0; j < s->cap[i]; j++)
				if (s->ep[i][j])
					memset(s->ep[i][j], 0, sizeof(wstat_t));
		s->id = id;
	}
	return s;
}

void winset_add(winset_t *w, int sli, int ep, const request_t *req)
{
	const sli_t *def = &w->rules->sli[sli];
	int k = ep + 1; /* 0 is the SLI itself when it has no endpoints */
	for (int win = 0; win < w->n; win++) {
		struct slice *s = current(w, win);
		if (k >= s->cap[sli]) {
			int cap = s->cap[sli] ? s->cap[sli] : 8;
			while (cap <= k)
				cap *= 2;
			s->ep[sli] = xrealloc(
			    s->ep[sli], (size_t)cap * sizeof(*s->ep[sli]));
			memset(s->ep[sli] + s->cap[sli], 0,
			       (size_t)(cap - s->cap[sli]) *
			           sizeof(*s->ep[sli]));
			s->cap[sli] = cap;
		}
		wstat_t *st = s->ep[sli][k];
		if (!st)
			st = s->ep[sli][k] = xcalloc(1, sizeof(*st));
		st->requests++;
		if (def->bad[req->status])
			st->bad++;
		else
			st->good++;
		if (req->latency_us < 0)
			continue;
		uint64_t us = (uint64_t)req->latency_us;
		st->lat_count++;
		st->lat_sum_us += us;
		if (us > st->lat_max_us)
			st->lat_max_us = us;
		for (int t = 0; t < def->nthr; t++)
			st->thr_good[t] += req->latency_us <= def->thr[t].us;
		int32_t key = hist_key(us);
		if (key == INT32_MIN) {
			st->zero++;
		} else {
			/* schema 6 to schema 4: four buckets into one */
			int32_t k4 = WIN_J(key) - WIN_J(HIST_MIN_KEY);
			if (k4 >= WIN_KEYS)
				k4 = WIN_KEYS - 1;
			st->b[k4 < 0 ? 0 : k4]++;
		}
	}
}

static void add_stat(wsum_t *o, const wstat_t *st, int nthr)
{
	o->requests += st->requests;
	o->good += st->good;
	o->bad += st->bad;
	o->lat_count += st->lat_count;
	o->lat_sum_us += st->lat_sum_us;
	if (st->lat_max_us > o->lat_max_us)
		o->lat_max_us = st->lat_max_us;
	for (int t = 0; t < nthr; t++)
		o->thr_good[t] += st->thr_good[t];
	o->zero += st->zero;
	for (int i = 0; i < WIN_KEYS; i++)
		o->b[i] += st->b[i];
}

void winset_sum(const winset_t *w, int win, int sli, int ep, wsum_t *o)
{
	const struct window *wi = &w->w[win];
	int64_t now_id = (int64_t)floor(w->now * 1e6 / (double)wi->slice_us);
	int nthr = w->rules->sli[sli].nthr;
	memset(o, 0, sizeof(*o));
	for (int k = 0; k < WIN_SLICES; k++) {
		const struct slice *s = &wi->s[k];
		if (s->id == INT64_MIN || s->id <= now_id - WIN_SLICES ||
		    s->id > now_id)
			continue;
		if (ep >= 0) {
			if (ep + 1 < s->cap[sli] && s->ep[sli][ep + 1])
				add_stat(o, s->ep[sli][ep + 1], nthr);
			continue;
		}
		for (int j = 0; j < s->cap[sli]; j++)
			if (s->ep[sli][j])
				add_stat(o, s->ep[sli][j], nthr);
	}
}

double wsum_percentile(const wsum_t *s, double q)
{
	uint64_t rank = hist_rank(s->lat_count, q);
	if (rank == 0)
		return 0;
	if (rank == s->lat_count)
		return (double)s->lat_max_us;
	uint64_t seen = s->zero;
	if (seen >= rank)
		return 0;
	for (int i = 0; i < WIN_KEYS; i++) {
		seen += s->b[i];
		if (seen >= rank) {
			/* schema-4 bucket j: (2^((j-1)/16), 2^(j/16)] s */
			int32_t j = i + WIN_J(HIST_MIN_KEY);
			double mid =
			    (hist_upper(4 * (j - 1)) + hist_upper(4 * j)) / 2 *
			    1e6;
			return mid > (double)s->lat_max_us
			           ? (double)s->lat_max_us
			           : mid;
		}
	}
	return (double)s->lat_max_us;
}
