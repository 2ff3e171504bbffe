/*
 * routes.c - the endpoints of a run's census as `slicalc routes` lists
 * them (see routes.h). The order is the model's (most requests first,
 * then by key), so routes and report never disagree on it; the figures
 * are read from the census's own statistics, where 5xx are bad.
 */
#include "routes.h"

#include <stdlib.h>
#include <string.h>

/* A count over requests as a fraction; 0 without requests. */
static double frac(uint64_t n, uint64_t of)
{
	return of ? (double)n / (double)of : 0;
}

routes_t *routes_new(const model_t *m)
{
	const rules_t *r = m->rules;
	const int c = r->nsli - 1; /* the census: the last SLI */
	const sli_agg_t *s = &m->run->agg->s[c];
	const model_sli_t *ms = &m->sli[c];
	routes_t *rt = xcalloc(1, sizeof(*rt));

	rt->m = m;
	rt->rules = r;
	rt->group_by = r->sli[c].group_by;
	rt->nuser = rules_nuser(r);
	rt->requests = ms->total.st.requests;
	rt->max_endpoints = r->sli[c].max_endpoints;
	rt->other_requests = ms->other_requests;
	rt->nrows = ms->nep;
	rt->rows = xcalloc((size_t)ms->nep + 1, sizeof(*rt->rows));

	/* the SLI lists: one pass to size them, one to fill */
	size_t nidx = 0;
	for (int j = 0; j < ms->nep; j++) {
		const ep_census_t *cen = s->ep[ms->ep[j].ep].cen;
		for (int i = 0; i < rt->nuser; i++)
			nidx += (size_t)agg_census_took(cen, i);
	}
	rt->sli_store = xmalloc((nidx + 1) * sizeof(*rt->sli_store));

	int *next = rt->sli_store;
	for (int j = 0; j < ms->nep; j++) {
		const endpoint_t *ep = &s->ep[ms->ep[j].ep];
		const ep_census_t *cen = ep->cen;
		const stats_t *st = &ep->st;
		int other = ms->ep[j].ep == s->other;
		routes_row_t *row = &rt->rows[j];
		*row = (routes_row_t){
		    .key = ep->key,
		    .keyn = ep->keyn,
		    .st = st,
		    .requests = st->requests,
		    .bad = st->bad,
		    .s4xx = cen ? cen->s4xx : 0,
		    .untaken = cen ? cen->untaken : st->requests,
		    .share = frac(st->requests, rt->requests),
		    .bad_share = frac(st->bad, st->requests),
		    .has_latency = st->lat_count > 0,
		    .max_us = st->lat_max_us,
		    /* (other)'s would be that of some key in it */
		    .action = cen && !other ? cen->action : "",
		    .other = other,
		    .slis = next,
		};
		if (st->lat_count) {
			row->p50_us = stats_percentile(st, 50);
			row->p95_us = stats_percentile(st, 95);
			row->p99_us = stats_percentile(st, 99);
		}
		for (int i = 0; i < rt->nuser; i++)
			if (agg_census_took(cen, i))
				next[row->nslis++] = i;
		next += row->nslis;
	}
	return rt;
}

void routes_free(routes_t *rt)
{
	if (!rt)
		return;
	free(rt->rows);
	free(rt->sli_store);
	free(rt);
}
