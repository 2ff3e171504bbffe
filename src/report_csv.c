/*
 * report_csv.c - the report as CSV (RFC 4180) for spreadsheets and
 * notebooks: one row per SLI and period with --by, else one row per SLI
 * and endpoint (the SLI's total first, as endpoint "(all)"). One header
 * for all SLIs: thresholds are numbered columns, since SLIs may have
 * different ones.
 */
#include "report.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"

void report_csv_field(FILE *o, const char *s, size_t n)
{
	char *d = xmalloc(8 * n + 1);
	int cut;
	report_display(d, 8 * n + 1, s, n, INT_MAX, &cut);
	if (!strpbrk(d, ",\"")) {
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

/* A ratio; NAN (nothing to divide) is an empty field. */
static void ratio(FILE *o, double r)
{
	char b[40];
	if (!isnan(r))
		fprintf(o, ",%s", report_num(b, sizeof(b), r));
	else
		fputs(",", o);
}

static void row(FILE *o, const rules_t *r, const sli_t *sli, int maxthr,
                const model_stats_t *st)
{
	fprintf(o, ",%llu,%llu,%llu", (unsigned long long)st->requests,
	        (unsigned long long)st->good, (unsigned long long)st->bad);
	ratio(o, st->avail);
	fprintf(o, ",%llu", (unsigned long long)st->lat_count);
	if (st->lat_count)
		fprintf(o, ",%.3f", st->mean_us / 1000);
	else
		fputs(",", o);
	for (int q = 0; q < r->npct; q++) {
		if (st->lat_count)
			fprintf(o, ",%.3f", st->pct_us[q] / 1000);
		else
			fputs(",", o);
	}
	for (int t = 0; t < maxthr; t++) {
		if (t < sli->nthr) {
			fprintf(o, ",%g", (double)sli->thr[t].us / 1000);
			ratio(o, st->thr_ratio[t]);
		} else {
			fputs(",,", o);
		}
	}
	putc('\n', o);
}

/* One row per period of se, with the endpoint column when key. */
static void periods(FILE *o, const model_t *m, const sli_t *sli, int maxthr,
                    const char *key, size_t keyn, const model_series_t *se)
{
	char b[40];
	for (size_t k = 0; k < se->n; k++) {
		const model_period_t *p = &se->p[k];
		report_csv_field(o, sli->name, strlen(sli->name));
		if (key) {
			putc(',', o);
			report_csv_field(o, key, keyn);
		}
		fprintf(o, ",%s", cal_format(p->start, m->by.tz, b, sizeof(b)));
		row(o, m->rules, sli, maxthr, &p->st);
	}
}

void report_csv(FILE *o, const model_t *m)
{
	const rules_t *r = m->rules;
	int maxthr = 0;
	for (int i = 0; i < r->nsli; i++)
		if (r->sli[i].nthr > maxthr)
			maxthr = r->sli[i].nthr;

	fputs(m->by_endpoint ? "sli,endpoint,period"
	      : m->has_by    ? "sli,period"
	                     : "sli,endpoint",
	      o);
	fputs(",requests,good,bad,availability,latency_count,mean_ms", o);
	for (int q = 0; q < r->npct; q++)
		fprintf(o, ",p%g_ms", r->pct[q]);
	for (int t = 0; t < maxthr; t++)
		fprintf(o, ",threshold%d_ms,threshold%d_ratio", t + 1, t + 1);
	putc('\n', o);

	for (int i = 0; i < m->nsli; i++) {
		const model_sli_t *s = &m->sli[i];
		const sli_t *sli = s->sli;
		size_t nn = strlen(sli->name);
		if (m->by_endpoint) {
			periods(o, m, sli, maxthr, s->total.key, s->total.keyn,
			        &s->ser);
			for (int j = 0; j < s->nep; j++)
				periods(o, m, sli, maxthr, s->ep[j].key,
				        s->ep[j].keyn, &s->ep[j].ser);
			continue;
		}
		if (m->has_by) {
			periods(o, m, sli, maxthr, NULL, 0, &s->ser);
			continue;
		}
		report_csv_field(o, sli->name, nn);
		fputs(",(all)", o);
		row(o, r, sli, maxthr, &s->total.st);
		if (sli->group_by == GROUP_NONE)
			continue;
		for (int j = 0; j < s->nep; j++) {
			report_csv_field(o, sli->name, nn);
			putc(',', o);
			report_csv_field(o, s->ep[j].key, s->ep[j].keyn);
			row(o, r, sli, maxthr, &s->ep[j].st);
		}
	}
}
