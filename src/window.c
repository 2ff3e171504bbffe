/*
 * window.c - rings of time slices. A slice is identified by its number
 * (floor(now / slice length)); when the clock passes into a new slice,
 * the slice that falls out of the window is zeroed and reused. Reads sum
 * the slices still inside the window. A slice's numbers for an endpoint
 * are a window_sum_t: stats_add() counts into it, stats_merge() sums.
 */
#include "window.h"
#include "rules.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct slice {
	int64_t id; /* slice number, or INT64_MIN when unused */
	int nsli;
	window_sum_t ***ep; /* [sli][endpoint index + 1] (0: no endpoints) */
	int *cap;           /* per SLI */
};

struct window {
	int64_t len_us, slice_us;
	struct slice s[WIN_SLICES];
};

struct window_set {
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

window_set_t *window_new(const rules_t *rules, const int64_t *len_us, int nwin)
{
	window_set_t *w = xcalloc(1, sizeof(*w));
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

void window_free(window_set_t *w)
{
	if (!w)
		return;
	for (int i = 0; i < w->n; i++)
		for (int k = 0; k < WIN_SLICES; k++)
			slice_free(&w->w[i].s[k]);
	free(w);
}

void window_reset(window_set_t *w, const rules_t *rules)
{
	for (int i = 0; i < w->n; i++)
		for (int k = 0; k < WIN_SLICES; k++) {
			slice_free(&w->w[i].s[k]);
			slice_init(&w->w[i].s[k], rules);
		}
	w->rules = rules;
}

int window_count(const window_set_t *w)
{
	return w->n;
}

int64_t window_len(const window_set_t *w, int win)
{
	return w->w[win].len_us;
}

void window_set_now(window_set_t *w, double now)
{
	w->now = now;
}

/* Empty statistics of the coarse kind in s. */
static void wsum_clear(window_sum_t *s)
{
	memset(s, 0, sizeof(*s));
	s->st.hist4 = &s->hist;
}

/* The slice for the current time in window win, cleared if it was last
 * used for an older slice number. */
static struct slice *current(window_set_t *w, int win)
{
	struct window *wi = &w->w[win];
	int64_t id = (int64_t)floor(w->now * 1e6 / (double)wi->slice_us);
	struct slice *s = &wi->s[((id % WIN_SLICES) + WIN_SLICES) % WIN_SLICES];
	if (s->id != id) {
		for (int i = 0; i < s->nsli; i++)
			for (int j = 0; j < s->cap[i]; j++)
				if (s->ep[i][j])
					wsum_clear(s->ep[i][j]);
		s->id = id;
	}
	return s;
}

void window_add(window_set_t *w, int sli, int ep, const request_t *req)
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
		window_sum_t *st = s->ep[sli][k];
		if (!st) {
			st = s->ep[sli][k] = xmalloc(sizeof(*st));
			wsum_clear(st);
		}
		stats_add(&st->st, def, req);
	}
}

void window_sum(const window_set_t *w, int win, int sli, int ep,
                window_sum_t *o)
{
	const struct window *wi = &w->w[win];
	int64_t now_id = (int64_t)floor(w->now * 1e6 / (double)wi->slice_us);
	wsum_clear(o);
	for (int k = 0; k < WIN_SLICES; k++) {
		const struct slice *s = &wi->s[k];
		if (s->id == INT64_MIN || s->id <= now_id - WIN_SLICES ||
		    s->id > now_id)
			continue;
		if (ep >= 0) {
			if (ep + 1 < s->cap[sli] && s->ep[sli][ep + 1])
				stats_merge(&o->st, &s->ep[sli][ep + 1]->st);
			continue;
		}
		for (int j = 0; j < s->cap[sli]; j++)
			if (s->ep[sli][j])
				stats_merge(&o->st, &s->ep[sli][j]->st);
	}
}
