/*
 * check.c - `slicalc check` computed once (see check.h): the lint of the
 * patterns (rules_never), and over logs what each SLI took, its warnings
 * (the model's, and ours), the overlaps and the unmatched endpoints, read
 * from the census: the extra SLI that takes every request grouped by
 * route and is told which SLIs took it (agg_census). The figures come
 * from the model of the run, so check and report never disagree.
 */
#include "check.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

static check_warning_t *add_warning(check_t *c, int sli, const char *kind,
                                    const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static check_warning_t *add_warning(check_t *c, int sli, const char *kind,
                                    const char *fmt, ...)
{
	c->warn = xrealloc(c->warn, (size_t)(c->nwarn + 1) * sizeof(*c->warn));
	check_warning_t *w = &c->warn[c->nwarn++];
	*w = (check_warning_t){.sli = sli, .kind = kind, .field = -1};
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(w->message, sizeof(w->message), fmt, ap);
	va_end(ap);
	return w;
}

/* The patterns of SLI i that can never match. */
static void never_warnings(check_t *c, int i)
{
	const sli_t *s = &c->rules->sli[i];
	for (int f = 0; f < M_N; f++) {
		char why[200];
		int line = 0, col = 0;
		if (!rules_never(c->rules, i, f, why, sizeof(why)))
			continue;
		const char *pat = rules_pattern(s, f, &line, &col);
		char head[128];
		int hn = snprintf(head, sizeof(head),
		                  "match.%s '%.80s' can never match: ",
		                  rules_match_name(f), pat ? pat : "");
		check_warning_t *w =
		    add_warning(c, i, "never", "%s%s", head, why);
		w->field = f;
		w->line = line;
		w->col = col;
		/* where why starts, for the Markdown writer to show the
		 * pattern in code and the reason as text */
		size_t len = strlen(w->message);
		w->reason = hn > 0 && (size_t)hn < len ? hn : (int)len;
	}
}

/*
 * The already-spent note of one objective: bad of total requests (bad_word:
 * "bad", or "slower" for a latency threshold) where a share of
 * 1 - objective may be bad. what names the objective ("availability
 * 99.9%"). Past twice the allowance, or any bad request for an objective
 * of 100%.
 */
static void spent_note(check_t *c, int i, const char *what,
                       const char *bad_word, uint64_t bad, uint64_t total,
                       double objective)
{
	double allowed = (1 - objective) * (double)total;
	if (!total || !bad || (double)bad <= 2 * allowed)
		return;
	char share[32], obj[32], gb[32], gt[32];
	/* "<0.01%" rather than "0.00%" for a few bad of many */
	report_share(share, sizeof(share), bad, total);
	report_pct(obj, sizeof(obj), 1 - objective);
	check_warning_t *w;
	if (allowed > 0)
		w = add_warning(c, i, "already-spent",
		                "%s: %s of %s requests %s (%s), %s%% "
		                "allowed: the logs spend its error budget %.1f "
		                "times over",
		                what, report_grouped(gb, bad),
		                report_grouped(gt, total), bad_word, share, obj,
		                (double)bad / allowed);
	else
		w = add_warning(c, i, "already-spent",
		                "%s: %s of %s requests %s (%s), none "
		                "allowed",
		                what, report_grouped(gb, bad),
		                report_grouped(gt, total), bad_word, share);
	w->note = 1;
}

/* The warnings of SLI i over the logs: the model's, a match error it
 * leaves out (it warns of one only when nothing was counted), and the
 * notes. */
static void run_warnings(check_t *c, int i)
{
	const model_t *m = c->model;
	const model_sli_t *ms = &m->sli[i];
	const model_stats_t *st = &ms->total.st;
	const sli_t *s = ms->sli;

	/* first, so the kinds keep check_new's order: with requests, the
	 * model's only warning is no-latency */
	char g[32];
	if (st->requests && ms->match_errors)
		add_warning(c, i, "match-error",
		            "%s request%s could not be decided (a pattern "
		            "hit a PCRE2 limit) and %s left out of it",
		            report_grouped(g, ms->match_errors),
		            ms->match_errors == 1 ? "" : "s",
		            ms->match_errors == 1 ? "is" : "are");
	for (int k = 0; k < m->nwarn; k++) {
		const model_warning_t *mw = &m->warn[k];
		if (mw->sli == i)
			add_warning(c, i, mw->kind, "%s", mw->message);
	}

	char what[64], obj[32], d[16];
	if (s->has_avail_objective) {
		report_pct(obj, sizeof(obj), s->avail_objective);
		snprintf(what, sizeof(what), "availability %s%%", obj);
		spent_note(c, i, what, "bad", st->bad, st->requests,
		           s->avail_objective);
	}
	for (int t = 0; t < s->nthr; t++) {
		report_pct(obj, sizeof(obj), s->thr[t].objective);
		report_duration(d, sizeof(d), s->thr[t].us);
		snprintf(what, sizeof(what), "latency <= %s for %s%%", d, obj);
		spent_note(c, i, what, "slower",
		           st->lat_count - st->thr_good[t], st->lat_count,
		           s->thr[t].objective);
	}
}

static int by_requests(const void *a, const void *b)
{
	const check_endpoint_t *x = a, *y = b;
	if (x->requests != y->requests)
		return x->requests > y->requests ? -1 : 1;
	return strcmp(x->key, y->key);
}

/* Per SLI its routes, and the overlaps and unmatched endpoints, from the
 * census's endpoints. */
static void census(check_t *c)
{
	const sli_agg_t *cs = &c->run->agg->s[c->nsli];
	uint64_t all = c->model->in.requests;

	c->overlap = xmalloc((size_t)(cs->nep + 1) * sizeof(*c->overlap));
	c->unmatched = xmalloc((size_t)(cs->nep + 1) * sizeof(*c->unmatched));
	for (int e = 0; e < cs->nep; e++) {
		const endpoint_t *ep = &cs->ep[e];
		const ep_census_t *cen = ep->cen;
		check_endpoint_t row = {.key = ep->key, .keyn = ep->keyn};
		/* "(other)" is the routes the census had no room for, many
		 * endpoints under one name: not an endpoint to count, to
		 * list as an overlap or as unmatched (the writers say how
		 * many requests it holds) */
		if (e == cs->other) {
			c->census_other = ep->st.requests;
			c->census_other_unmatched = cen ? cen->untaken : 0;
			continue;
		}
		if (!cen)
			continue;
		for (int i = 0; i < c->nsli; i++)
			if (agg_census_took(cen, i)) {
				c->sli[i].endpoints++;
				row.nsli++;
			}
		if (row.nsli >= 2) {
			row.requests = ep->st.requests;
			row.shared = cen->shared;
			row.share = (double)row.requests / (double)all;
			row.sli = xmalloc((size_t)row.nsli * sizeof(int));
			for (int i = 0, k = 0; i < c->nsli; i++)
				if (agg_census_took(cen, i))
					row.sli[k++] = i;
			c->overlap[c->noverlap++] = row;
		}
		if (cen->untaken) {
			row.requests = cen->untaken;
			row.share = (double)row.requests / (double)all;
			row.nsli = 0;
			row.sli = NULL;
			c->unmatched[c->nunmatched++] = row;
			c->unmatched_requests += row.requests;
		}
	}
	qsort(c->overlap, (size_t)c->noverlap, sizeof(*c->overlap),
	      by_requests);
	qsort(c->unmatched, (size_t)c->nunmatched, sizeof(*c->unmatched),
	      by_requests);
}

check_t *check_new(const rules_t *r, const run_t *run)
{
	check_t *c = xcalloc(1, sizeof(*c));
	c->rules = r;
	c->run = run;
	c->nsli = rules_nuser(r);
	c->sli = xcalloc((size_t)c->nsli + 1, sizeof(*c->sli));
	if (run)
		c->model = model_new(run);
	for (int i = 0; i < c->nsli; i++) {
		check_sli_t *cs = &c->sli[i];
		cs->sli = &r->sli[i];
		cs->share = NAN;
		if (c->model) {
			const model_sli_t *ms = &c->model->sli[i];
			cs->requests = ms->total.st.requests;
			cs->lat_count = ms->total.st.lat_count;
			cs->match_errors = ms->match_errors;
			if (c->model->in.requests)
				cs->share = (double)cs->requests /
				            (double)c->model->in.requests;
		}
	}
	for (int i = 0; i < c->nsli; i++) {
		/* an SLI that took requests shows each of its patterns
		 * matching (all of them must, for it to take one): the lint
		 * is then wrong about what these logs give, not the rules */
		if (!c->model || !c->sli[i].requests)
			never_warnings(c, i);
		if (c->model)
			run_warnings(c, i);
	}
	for (int k = 0; k < c->nwarn; k++)
		c->failing += !c->warn[k].note;
	if (c->model && r->census)
		census(c);
	return c;
}

void check_free(check_t *c)
{
	if (!c)
		return;
	for (int k = 0; k < c->noverlap; k++)
		free(c->overlap[k].sli);
	free(c->overlap);
	free(c->unmatched);
	free(c->warn);
	free(c->sli);
	model_free(c->model);
	free(c);
}
