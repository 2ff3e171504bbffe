/*
 * report_csv.c - the report as CSV (RFC 4180) for spreadsheets and
 * notebooks: one row per SLI and period with --by, else one row per SLI
 * and endpoint (the SLI's total first, as endpoint "(all)"). One header
 * for all SLIs: thresholds are numbered columns, since SLIs may have
 * different ones; then per SLO (availability, each threshold) its
 * objective, and on the SLI's "(all)" row its error budget over the SLO
 * window (bad requests allowed, the fractions consumed and remaining)
 * and its burn rates over the alert windows of every SLI (a column per
 * window, empty where the SLI has none); the time-slice objective
 * likewise (slices, good ones, budget); last, on the "(all)" row, the
 * requests corrections left out of the SLI (counted per SLI only, so
 * empty on other rows). An empty cell is unknown or not applicable,
 * never 0 or 1.
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

/* The alert windows of all SLIs, ascending, deduplicated: the burn-rate
 * columns. Returns how many. */
static int all_windows(const rules_t *r, int64_t *win, int cap)
{
	int n = 0;
	for (int i = 0; i < r->nsli; i++) {
		slo_alertset_t as;
		slo_alertset(&r->sli[i], &as);
		for (int w = 0; w < as.nwin; w++) {
			int k = 0;
			while (k < n && win[k] < as.win[w])
				k++;
			if ((k < n && win[k] == as.win[w]) || n == cap)
				continue;
			memmove(win + k + 1, win + k,
			        (size_t)(n - k) * sizeof(*win));
			win[k] = as.win[w];
			n++;
		}
	}
	return n;
}

/* A number for a spreadsheet: empty when unknown (NAN), "inf" when
 * infinite (bad requests against an objective of 100%). */
static void num(FILE *o, double v)
{
	char b[40];
	if (isnan(v))
		fputs(",", o);
	else if (isinf(v))
		fputs(v > 0 ? ",inf" : ",-inf", o);
	else
		fprintf(o, ",%s", report_num(b, sizeof(b), v));
}

/* The columns of the SLOs: objective, and with ev (the "(all)" row) the
 * budget and the burn rates; maxthr thresholds, nwin windows. */
static void slo_cells(FILE *o, const sli_t *sli, int maxthr, const int64_t *win,
                      int nwin, const slo_eval_t *ev)
{
	for (int k = 0; k <= maxthr; k++) {
		int has = k == 0 ? sli->has_avail_objective : k <= sli->nthr;
		const slo_status_t *st = ev && k < ev->nslo && ev->slo[k].active
		                             ? &ev->slo[k]
		                             : NULL;
		num(o, has ? slo_objective(sli, k) : NAN);
		if (st && !st->budget.unknown) {
			num(o, st->budget.allowed);
			num(o, st->budget.consumed);
			num(o, st->budget.remaining);
		} else {
			fputs(",,,", o);
		}
		for (int w = 0; w < nwin; w++) {
			int j = st ? slo_win_index(&ev->as, win[w]) : -1;
			num(o, j >= 0 ? st->burn[j] : NAN);
		}
	}
}

/* The time-slice objective: its objective on every row of an SLI that
 * has one, and with ev (the "(all)" row) the slices judged over the SLO
 * window, the good ones and the budget. */
static void ts_cells(FILE *o, const sli_t *sli, const slo_eval_t *ev)
{
	num(o, sli->ts.size_s ? sli->ts.objective : NAN);
	if (!sli->ts.size_s || !ev) {
		fputs(",,,,,", o);
		return;
	}
	fprintf(o, ",%llu,%llu", (unsigned long long)ev->slices,
	        (unsigned long long)ev->good_slices);
	if (ev->ts_budget.unknown) {
		fputs(",,,", o);
		return;
	}
	num(o, ev->ts_budget.allowed);
	num(o, ev->ts_budget.consumed);
	num(o, ev->ts_budget.remaining);
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
}

#define CSV_WIN (4 * SLO_MAX_WIN) /* burn-rate columns at most */

/* What every row needs besides its statistics: the widest SLI's
 * thresholds, the burn-rate windows. */
typedef struct csv_cols {
	int maxthr, nwin;
	int64_t win[CSV_WIN];
} csv_cols_t;

/* One row per period of se, with the endpoint column when key. */
static void periods(FILE *o, const model_t *m, const sli_t *sli,
                    const csv_cols_t *cc, const char *key, size_t keyn,
                    const model_series_t *se)
{
	int maxthr = cc->maxthr;
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
		slo_cells(o, sli, maxthr, cc->win, cc->nwin, NULL);
		ts_cells(o, sli, NULL);
		fputs(",\n", o); /* corrected: not per period */
	}
}

void report_csv(FILE *o, const model_t *m)
{
	const rules_t *r = m->rules;
	csv_cols_t cc = {0};
	for (int i = 0; i < r->nsli; i++)
		if (r->sli[i].nthr > cc.maxthr)
			cc.maxthr = r->sli[i].nthr;
	cc.nwin = all_windows(r, cc.win, CSV_WIN);
	int maxthr = cc.maxthr;

	fputs(m->by_endpoint ? "sli,endpoint,period"
	      : m->has_by    ? "sli,period"
	                     : "sli,endpoint",
	      o);
	fputs(",requests,good,bad,availability,latency_count,mean_ms", o);
	for (int q = 0; q < r->npct; q++)
		fprintf(o, ",p%g_ms", r->pct[q]);
	for (int t = 0; t < maxthr; t++)
		fprintf(o, ",threshold%d_ms,threshold%d_ratio", t + 1, t + 1);
	for (int k = 0; k <= maxthr; k++) {
		char p[24], d[24];
		if (k)
			snprintf(p, sizeof(p), "threshold%d", k);
		else
			snprintf(p, sizeof(p), "availability");
		fprintf(o, ",%s_objective,%s_allowed,%s_consumed,%s_remaining",
		        p, p, p, p);
		for (int w = 0; w < cc.nwin; w++) {
			report_duration(d, sizeof(d), cc.win[w] * 1000000);
			fprintf(o, ",%s_burn_%s", p, d);
		}
	}
	fputs(",timeslice_objective,timeslice_slices,timeslice_good,"
	      "timeslice_allowed,timeslice_consumed,timeslice_remaining,"
	      "corrected\n",
	      o);

	for (int i = 0; i < m->nsli; i++) {
		const model_sli_t *s = &m->sli[i];
		const sli_t *sli = s->sli;
		size_t nn = strlen(sli->name);
		const slo_eval_t *ev = m->end != REQ_NO_TIME ? &s->ev : NULL;
		if (m->by_endpoint) {
			periods(o, m, sli, &cc, s->total.key, s->total.keyn,
			        &s->ser);
			for (int j = 0; j < s->nep; j++)
				periods(o, m, sli, &cc, s->ep[j].key,
				        s->ep[j].keyn, &s->ep[j].ser);
			continue;
		}
		if (m->has_by) {
			periods(o, m, sli, &cc, NULL, 0, &s->ser);
			continue;
		}
		report_csv_field(o, sli->name, nn);
		fputs(",(all)", o);
		row(o, r, sli, maxthr, &s->total.st);
		slo_cells(o, sli, maxthr, cc.win, cc.nwin, ev);
		ts_cells(o, sli, ev);
		fprintf(o, ",%llu\n", (unsigned long long)s->corrected);
		if (sli->group_by == GROUP_NONE)
			continue;
		for (int j = 0; j < s->nep; j++) {
			report_csv_field(o, sli->name, nn);
			putc(',', o);
			report_csv_field(o, s->ep[j].key, s->ep[j].keyn);
			row(o, r, sli, maxthr, &s->ep[j].st);
			slo_cells(o, sli, maxthr, cc.win, cc.nwin, NULL);
			ts_cells(o, sli, NULL);
			fputs(",\n", o); /* corrected: counted per SLI */
		}
	}
}
