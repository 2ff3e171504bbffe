/*
 * agg.c - the statistics tables. The endpoint table is open addressing
 * with linear probing over indices into an array of endpoints kept in
 * order of first appearance (stable output). It starts small and doubles,
 * so a run over a handful of endpoints does not pay for a thousand, and
 * never holds more than max_endpoints + 1 entries.
 */
#include "agg.h"
#include "rules.h"

#include <stdlib.h>
#include <string.h>

agg_t *agg_new(const rules_t *rules)
{
	agg_t *a = xcalloc(1, sizeof(*a));
	a->rules = rules;
	a->s = xcalloc((size_t)rules->nsli, sizeof(*a->s));
	a->tmin = a->tmax = REQ_NO_TIME;
	for (int i = 0; i < rules->nsli; i++) {
		a->s[i].sli = &rules->sli[i];
		a->s[i].other = -1;
		a->s[i].room = SERIES_MAX;
		if (rules->ncorr)
			a->s[i].corr_n = xcalloc((size_t)rules->ncorr,
			                         sizeof(*a->s[i].corr_n));
	}
	return a;
}

agg_t *agg_new_like(const agg_t *a)
{
	agg_t *n = agg_new(a->rules);
	agg_set_series(n, a->has_by ? &a->by : NULL, a->by_endpoint);
	return n;
}

void agg_set_series(agg_t *a, const series_spec_t *spec, int by_endpoint)
{
	a->has_by = spec != NULL;
	a->by_endpoint = spec && by_endpoint;
	if (spec)
		a->by = *spec;
}

void agg_free(agg_t *a)
{
	if (!a)
		return;
	for (int i = 0; i < a->rules->nsli; i++) {
		sli_agg_t *s = &a->s[i];
		free(s->total.hist);
		for (int j = 0; j < s->nep; j++) {
			free(s->ep[j].key);
			free(s->ep[j].st.hist);
			series_free(s->ep[j].ser);
			free(s->ep[j].cen);
		}
		free(s->ep);
		free(s->slot);
		timeline_free(s->tl);
		series_free(s->ser);
		free(s->corr_n);
	}
	free(a->s);
	free(a);
}

static void rehash(sli_agg_t *s, uint32_t nslots)
{
	free(s->slot);
	s->slot = xcalloc(nslots, sizeof(*s->slot));
	s->mask = nslots - 1;
	for (int j = 0; j < s->nep; j++) {
		uint32_t h = (uint32_t)s->ep[j].hash & s->mask;
		while (s->slot[h])
			h = (h + 1) & s->mask;
		s->slot[h] = (uint32_t)j + 1;
	}
}

static int add_endpoint(sli_agg_t *s, const char *key, size_t keyn,
                        uint64_t hash)
{
	if (s->nep == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 8;
		s->ep = xrealloc(s->ep, (size_t)s->cap * sizeof(*s->ep));
	}
	endpoint_t *e = &s->ep[s->nep];
	memset(e, 0, sizeof(*e));
	e->key = xstrndup(key, keyn);
	e->keyn = keyn;
	e->hash = hash;
	s->nep++;
	/* keep the load factor under one half */
	if (!s->slot || (uint32_t)s->nep * 2 > s->mask + 1)
		rehash(s, s->slot ? (s->mask + 1) * 2 : 16);
	else {
		uint32_t h = (uint32_t)hash & s->mask;
		while (s->slot[h])
			h = (h + 1) & s->mask;
		s->slot[h] = (uint32_t)s->nep;
	}
	return s->nep - 1;
}

static int other_of(sli_agg_t *s)
{
	if (s->other < 0)
		s->other =
		    add_endpoint(s, AGG_OTHER, sizeof(AGG_OTHER) - 1,
		                 hash_bytes(AGG_OTHER, sizeof(AGG_OTHER) - 1));
	return s->other;
}

/* Index of the endpoint for key, or -1. */
static int endpoint_find(const sli_agg_t *s, const char *key, size_t keyn,
                         uint64_t hash)
{
	if (s->slot) {
		uint32_t h = (uint32_t)hash & s->mask;
		while (s->slot[h]) {
			const endpoint_t *e = &s->ep[s->slot[h] - 1];
			if (e->hash == hash && e->keyn == keyn &&
			    memcmp(e->key, key, keyn) == 0)
				return (int)s->slot[h] - 1;
			h = (h + 1) & s->mask;
		}
	}
	return -1;
}

/* Index of the endpoint for key, created if there is room, else the
 * "(other)" endpoint. */
static int endpoint_for(sli_agg_t *s, const char *key, size_t keyn,
                        uint64_t hash)
{
	int e = endpoint_find(s, key, keyn, hash);
	if (e >= 0)
		return e;
	int limit = s->sli->max_endpoints + (s->other >= 0);
	if (s->nep < limit)
		return add_endpoint(s, key, keyn, hash);
	return other_of(s);
}

int agg_has_endpoint(const agg_t *a, int i, const char *key, size_t keyn,
                     uint64_t hash)
{
	return endpoint_find(&a->s[i], key, keyn, hash) >= 0;
}

int agg_full(const agg_t *a, int i)
{
	const sli_agg_t *s = &a->s[i];
	return s->nep >= s->sli->max_endpoints + (s->other >= 0);
}

/* Count req in the series *ser (created on first use). */
static void series_add(series_t **ser, agg_t *a, sli_agg_t *s,
                       const request_t *req)
{
	if (!*ser)
		*ser = xcalloc(1, sizeof(**ser));
	stats_t *st = series_at(*ser, &a->by, req->time, &s->room);
	if (st)
		stats_add(st, s->sli, req);
}

timeline_t *agg_timeline(agg_t *a, int i)
{
	sli_agg_t *s = &a->s[i];
	if (!s->tl)
		s->tl = timeline_new(tl_counters(s->sli));
	return s->tl;
}

static void timeline_add(agg_t *a, int i, const request_t *req)
{
	sli_agg_t *s = &a->s[i];
	const sli_t *sli = s->sli;
	if (req->time == REQ_NO_TIME) {
		s->untimed++;
		return;
	}
	uint32_t *c = timeline_at(agg_timeline(a, i), req->time);
	if (!c)
		return; /* counted out of range by the timeline */
	c[TL_REQ]++;
	c[TL_BAD] += sli->bad[req->status];
	if (req->latency_us < 0)
		return;
	c[TL_LAT]++;
	for (int t = 0; t < sli->nthr; t++)
		c[TL_THR + t] += req->latency_us > sli->thr[t].us;
	for (int j = 0; j < sli->ts.ncond; j++)
		c[tl_cond(sli, j)] += req->latency_us > sli->ts.cond[j].us;
}

int agg_add(agg_t *a, int i, const request_t *req, const char *key, size_t keyn,
            uint64_t hash)
{
	sli_agg_t *s = &a->s[i];
	timeline_add(a, i, req);
	if (a->has_by && req->time != REQ_NO_TIME)
		series_add(&s->ser, a, s, req);
	/* With endpoints, the total is their sum (agg_finish): one
	 * histogram update per request instead of two. */
	if (s->sli->group_by == GROUP_NONE) {
		stats_add(&s->total, s->sli, req);
		return -1;
	}
	int e;
	if (a->admit && (e = endpoint_find(s, key, keyn, hash)) < 0 &&
	    !a->admit(a->admit_ctx, i, key, keyn, hash))
		e = other_of(s); /* a shared table has no room for it */
	else
		e = endpoint_for(s, key, keyn, hash);
	stats_add(&s->ep[e].st, s->sli, req);
	if (a->by_endpoint && req->time != REQ_NO_TIME)
		series_add(&s->ep[e].ser, a, s, req);
	return e;
}

static ep_census_t *census_of(endpoint_t *e, int nwords)
{
	if (!e->cen) {
		e->cen = xcalloc(1, sizeof(*e->cen) +
		                        (size_t)nwords * sizeof(uint64_t));
		e->cen->nwords = nwords;
	}
	return e->cen;
}

static void census_merge(endpoint_t *d, const ep_census_t *s)
{
	ep_census_t *c = census_of(d, s->nwords);
	c->untaken += s->untaken;
	c->shared += s->shared;
	c->s4xx += s->s4xx;
	for (int k = 0; k < AGG_NFORMATS; k++) {
		c->by_format[k] += s->by_format[k];
		c->lat_by_format[k] += s->lat_by_format[k];
	}
	if (!c->action[0])
		memcpy(c->action, s->action, sizeof(c->action));
	for (int k = 0; k < s->nwords && k < c->nwords; k++)
		c->taken[k] |= s->taken[k];
}

void agg_census(agg_t *a, int i, int e, const request_t *req,
                const census_line_t *cl)
{
	if (e < 0)
		return;
	ep_census_t *c = census_of(&a->s[i].ep[e], cl->nwords);
	c->untaken += (uint64_t)cl->untaken;
	c->shared += cl->ntook >= 2;
	if (cl->format >= 0 && cl->format < AGG_NFORMATS) {
		c->by_format[cl->format]++;
		c->lat_by_format[cl->format] += req->latency_us >= 0;
	}
	c->s4xx += req->status >= 400 && req->status < 500;
	for (int k = 0; k < cl->nwords; k++)
		c->taken[k] |= cl->taken[k];
	if (!c->action[0] && req->action.n) {
		/* in the form group_by: action shows it */
		size_t n = route_key(req, GROUP_ACTION, c->action,
		                     sizeof(c->action) - 1);
		c->action[n] = '\0';
	}
}

void agg_finish(agg_t *a)
{
	for (int i = 0; i < a->rules->nsli; i++) {
		sli_agg_t *s = &a->s[i];
		if (s->sli->group_by == GROUP_NONE)
			continue;
		hist_t *h = s->total.hist;
		memset(&s->total, 0, sizeof(s->total));
		s->total.hist = h;
		if (h)
			hist_init(h);
		for (int j = 0; j < s->nep; j++)
			stats_merge(&s->total, &s->ep[j].st);
	}
}

void agg_merge(agg_t *dst, const agg_t *src)
{
	dst->lines += src->lines;
	dst->requests += src->requests;
	dst->unparsed += src->unparsed;
	dst->other += src->other;
	dst->unmatched += src->unmatched;
	dst->overlong += src->overlong;
	dst->filtered += src->filtered;
	dst->incomplete += src->incomplete;
	for (int k = 0; k < INC_N; k++)
		dst->incomplete_by[k] += src->incomplete_by[k];
	if (src->tmin != REQ_NO_TIME) {
		agg_time(dst, src->tmin);
		agg_time(dst, src->tmax);
	}
	if (src->has_by && !dst->has_by)
		agg_set_series(dst, &src->by, src->by_endpoint);
	for (int i = 0; i < dst->rules->nsli; i++) {
		sli_agg_t *d = &dst->s[i];
		const sli_agg_t *s = &src->s[i];
		d->untimed += s->untimed;
		d->match_errors += s->match_errors;
		d->corrected += s->corrected;
		for (int k = 0; k < dst->rules->ncorr; k++)
			d->corr_n[k] += s->corr_n[k];
		if (s->ser) {
			if (!d->ser)
				d->ser = xcalloc(1, sizeof(*d->ser));
			series_merge(d->ser, s->ser, &dst->by, &d->room);
		}
		if (s->tl)
			timeline_merge(agg_timeline(dst, i), s->tl);
		if (d->sli->group_by == GROUP_NONE)
			stats_merge(&d->total, &s->total);
		for (int j = 0; j < s->nep; j++) {
			const endpoint_t *e = &s->ep[j];
			int k = j == s->other
			            ? other_of(d)
			            : endpoint_for(d, e->key, e->keyn, e->hash);
			stats_merge(&d->ep[k].st, &e->st);
			if (e->cen)
				census_merge(&d->ep[k], e->cen);
			if (e->ser) {
				if (!d->ep[k].ser)
					d->ep[k].ser =
					    xcalloc(1, sizeof(*d->ep[k].ser));
				series_merge(d->ep[k].ser, e->ser, &dst->by,
				             &d->room);
			}
		}
	}
}

uint64_t agg_other_requests(const agg_t *a, int i)
{
	const sli_agg_t *s = &a->s[i];
	return s->other >= 0 ? s->ep[s->other].st.requests : 0;
}

endpoint_t *agg_restore(agg_t *a, int i, const char *key, size_t keyn,
                        int other, const stats_t *st)
{
	sli_agg_t *s = &a->s[i];
	stats_t *dst;
	endpoint_t *ep = NULL;
	if (s->sli->group_by == GROUP_NONE) {
		dst = &s->total;
	} else {
		/* the index first: creating the endpoint may move s->ep */
		int e = other
		            ? other_of(s)
		            : endpoint_for(s, key, keyn, hash_bytes(key, keyn));
		ep = &s->ep[e];
		dst = &ep->st;
	}
	hist_t *h = dst->hist;
	*dst = *st;
	dst->hist = h;
	if (st->hist) {
		if (!dst->hist)
			dst->hist = xmalloc(sizeof(*dst->hist));
		*dst->hist = *st->hist;
	} else if (dst->hist) {
		hist_init(dst->hist);
	}
	return ep;
}

/* 1 if SLI definitions a and b count the same things the same way, so
 * statistics of one stay true for the other. */
static int same_meaning(const sli_t *a, const sli_t *b)
{
	if (strcmp(a->name, b->name) != 0 || a->group_by != b->group_by ||
	    a->nthr != b->nthr || memcmp(a->bad, b->bad, sizeof(a->bad)) != 0)
		return 0;
	for (int t = 0; t < a->nthr; t++)
		if (a->thr[t].us != b->thr[t].us)
			return 0;
	/* the timeline counts latencies above each condition's bound */
	if (a->ts.ncond != b->ts.ncond)
		return 0;
	for (int j = 0; j < a->ts.ncond; j++)
		if (a->ts.cond[j].kind != b->ts.cond[j].kind ||
		    a->ts.cond[j].us != b->ts.cond[j].us)
			return 0;
	return 1;
}

agg_t *agg_reshape(agg_t *old, const rules_t *rules)
{
	agg_t *a = agg_new(rules);
	a->lines = old->lines;
	a->requests = old->requests;
	a->unparsed = old->unparsed;
	a->other = old->other;
	a->unmatched = old->unmatched;
	a->overlong = old->overlong;
	a->filtered = old->filtered;
	a->incomplete = old->incomplete;
	memcpy(a->incomplete_by, old->incomplete_by, sizeof(a->incomplete_by));
	a->tmin = old->tmin;
	a->tmax = old->tmax;
	agg_set_series(a, old->has_by ? &old->by : NULL, old->by_endpoint);
	for (int i = 0; i < rules->nsli; i++) {
		for (int j = 0; j < old->rules->nsli; j++) {
			sli_agg_t *o = &old->s[j];
			if (!o->sli || !same_meaning(&rules->sli[i], o->sli))
				continue;
			/* move the tables over; old keeps nothing */
			const sli_t *keep = a->s[i].sli;
			uint64_t *corr_n = a->s[i].corr_n;
			a->s[i] = *o;
			a->s[i].sli = keep;
			a->s[i].corr_n = corr_n;
			for (int k = 0; k < rules->ncorr; k++)
				for (int q = 0; q < old->rules->ncorr; q++)
					if (strcmp(rules->corr[k].name,
					           old->rules->corr[q].name) ==
					    0)
						corr_n[k] = o->corr_n[q];
			free(o->corr_n);
			memset(o, 0, sizeof(*o));
			o->other = -1;
			break;
		}
	}
	agg_free(old);
	return a;
}
