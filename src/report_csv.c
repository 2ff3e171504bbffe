/*
 * report_csv.c - the report as CSV (RFC 4180) for spreadsheets and
 * notebooks: one row per SLI and period with --by, else one row per SLI
 * and endpoint (the SLI's total first, as endpoint "(all)"). One header
 * for all SLIs: thresholds are numbered columns, since SLIs may have
 * different ones.
 */
#include "report.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"

/* A text field: as the table shows it (report_display: no control bytes,
 * no bytes that are not UTF-8, so no newline either), quoted as RFC 4180
 * says when it holds a comma or a quote. */
static void field(FILE *o, const char *s, size_t n)
{
	char *d = xmalloc(8 * n + 1);
	int cut;
	report_display(d, 8 * n + 1, s, n, INT_MAX, &cut);
	if (!strchr(d, ',') && !strchr(d, '"')) {
		fputs(d, o);
		free(d);
		return;
	}
	putc('"', o);
	for (const char *c = d; *c; c++) {
		if (*c == '"')
			putc('"', o);
		putc(*c, o);
	}
	putc('"', o);
	free(d);
}

static void ratio(FILE *o, uint64_t num, uint64_t den)
{
	char b[40];
	if (den)
		fprintf(o, ",%s",
		        report_num(b, sizeof(b), (double)num / (double)den));
	else
		fputs(",", o);
}

static void row(FILE *o, const rules_t *r, const sli_t *sli, int maxthr,
                const stats_t *st)
{
	fprintf(o, ",%llu,%llu,%llu", (unsigned long long)st->requests,
	        (unsigned long long)st->good, (unsigned long long)st->bad);
	ratio(o, st->good, st->requests);
	fprintf(o, ",%llu", (unsigned long long)st->lat_count);
	if (st->lat_count)
		fprintf(o, ",%.3f",
		        (double)st->lat_sum_us / (double)st->lat_count / 1000);
	else
		fputs(",", o);
	for (int q = 0; q < r->npct; q++) {
		if (st->lat_count)
			fprintf(o, ",%.3f",
			        hist_percentile(st->hist, r->pct[q]) / 1000);
		else
			fputs(",", o);
	}
	for (int t = 0; t < maxthr; t++) {
		if (t < sli->nthr) {
			fprintf(o, ",%g", (double)sli->thr[t].us / 1000);
			ratio(o, st->thr_good[t], st->lat_count);
		} else {
			fputs(",,", o);
		}
	}
	putc('\n', o);
}

/* One row per period of se, with the endpoint column when key. */
static void periods(FILE *o, const agg_t *a, const rules_t *r, const sli_t *sli,
                    int maxthr, const char *key, size_t keyn,
                    const series_t *se)
{
	char b[40];
	for (size_t k = 0; se && k < se->n; k++) {
		const period_t *p = &se->p[k];
		field(o, sli->name, strlen(sli->name));
		if (key) {
			putc(',', o);
			field(o, key, keyn);
		}
		fprintf(o, ",%s", cal_format(p->start, a->by.tz, b, sizeof(b)));
		row(o, r, sli, maxthr, &p->st);
	}
}

void report_csv(FILE *o, const run_t *run)
{
	const agg_t *a = run->agg;
	const rules_t *r = run->rules;
	int maxthr = 0;
	for (int i = 0; i < r->nsli; i++)
		if (r->sli[i].nthr > maxthr)
			maxthr = r->sli[i].nthr;

	fputs(a->by_endpoint ? "sli,endpoint,period"
	      : a->has_by    ? "sli,period"
	                     : "sli,endpoint",
	      o);
	fputs(",requests,good,bad,availability,latency_count,mean_ms", o);
	for (int q = 0; q < r->npct; q++)
		fprintf(o, ",p%g_ms", r->pct[q]);
	for (int t = 0; t < maxthr; t++)
		fprintf(o, ",threshold%d_ms,threshold%d_ratio", t + 1, t + 1);
	putc('\n', o);

	for (int i = 0; i < r->nsli; i++) {
		const sli_t *sli = &r->sli[i];
		const sli_agg_t *s = &a->s[i];
		size_t nn = strlen(sli->name);
		if (a->by_endpoint) {
			periods(o, a, r, sli, maxthr, "(all)", 5, s->ser);
			const endpoint_t **ep = report_sorted_endpoints(a, i);
			for (int j = 0; j < s->nep; j++)
				periods(o, a, r, sli, maxthr, ep[j]->key,
				        ep[j]->keyn, ep[j]->ser);
			free(ep);
			continue;
		}
		if (a->has_by) {
			periods(o, a, r, sli, maxthr, NULL, 0, s->ser);
			continue;
		}
		field(o, sli->name, nn);
		fputs(",(all)", o);
		row(o, r, sli, maxthr, &s->total);
		if (sli->group_by == GROUP_NONE)
			continue;
		const endpoint_t **ep = report_sorted_endpoints(a, i);
		for (int j = 0; j < s->nep; j++) {
			field(o, sli->name, nn);
			putc(',', o);
			field(o, ep[j]->key, ep[j]->keyn);
			row(o, r, sli, maxthr, &ep[j]->st);
		}
		free(ep);
	}
}
