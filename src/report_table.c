/*
 * report_table.c - the report for people: a header with what was read,
 * then per SLI one aligned table, the total first and the busiest
 * endpoints after it. Ratios that miss their objective are red and those
 * that meet it green when colour is on (a terminal without NO_COLOR).
 */
#include "report.h"

#include "calendar.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define KEY_MAX 60 /* widest endpoint column */

#define RED   "\033[31m"
#define GREEN "\033[32m"
#define BOLD  "\033[1m"
#define DIM   "\033[2m"
#define RESET "\033[0m"

/* The plural ending for n of something: "1 request", "2 requests". */
static const char *plural(uint64_t n)
{
	return n == 1 ? "" : "s";
}

/* A ratio (num / den, r) as a percentage, coloured against its
 * objective. The visible width is padded to w. */
static void ratio_cell(FILE *o, const table_opts_t *opt, uint64_t num,
                       uint64_t den, double r, int has_obj, double obj, int w)
{
	char buf[32];
	if (den == 0) {
		fprintf(o, "%*s", w, "-");
		return;
	}
	report_ratio_pct(buf, sizeof(buf) - 1, num, den, 3);
	strcat(buf, "%");
	if (opt->color && has_obj)
		fprintf(o, "%s%*s%s", r >= obj ? GREEN : RED, w, buf, RESET);
	else
		fprintf(o, "%*s", w, buf);
}

/* The wider of kw and the columns key takes in the table (at most
 * KEY_MAX). */
static int key_cols(const char *key, size_t keyn, int kw)
{
	char disp[KEY_MAX * 8 + 8];
	int cut,
	    cols = report_display(disp, sizeof(disp), key, keyn, KEY_MAX, &cut);
	return cols > kw ? cols : kw;
}

static void row(FILE *o, const table_opts_t *opt, const rules_t *r,
                const sli_t *sli, const char *key, size_t keyn, int kw,
                const model_stats_t *st)
{
	char b[32], disp[KEY_MAX * 8 + 8];
	int cut,
	    cols = report_display(disp, sizeof(disp), key, keyn, KEY_MAX, &cut);

	fprintf(o, "%s%*s%s", disp, kw > cols ? kw - cols : 0, "",
	        cut ? "…" : " ");
	fprintf(o, " %12s", report_grouped(b, st->requests));
	ratio_cell(o, opt, st->good, st->requests, st->avail,
	           sli->has_avail_objective, sli->avail_objective, 10);
	fprintf(o, " %8s", report_grouped(b, st->bad));
	for (int q = 0; q < r->npct; q++) {
		if (st->lat_count)
			report_ms(b, sizeof(b), st->pct_us[q]);
		else
			snprintf(b, sizeof(b), "-");
		fprintf(o, " %8s", b);
	}
	for (int t = 0; t < sli->nthr; t++) {
		fputc(' ', o);
		ratio_cell(o, opt, st->thr_good[t], st->lat_count,
		           st->thr_ratio[t], 1, sli->thr[t].objective, 10);
	}
	fputc('\n', o);
}

/* The column names over row()s, the first column kw wide. */
static void header(FILE *o, const table_opts_t *opt, const rules_t *r,
                   const sli_t *sli, const char *first, int kw)
{
	char b[48], b2[32];
	fprintf(o, "%s%-*s  %12s %10s %8s", opt->color ? DIM : "", kw, first,
	        "REQUESTS", "AVAIL", "BAD");
	for (int q = 0; q < r->npct; q++) {
		snprintf(b, sizeof(b), "P%gms", r->pct[q]);
		fprintf(o, " %8s", b);
	}
	for (int t = 0; t < sli->nthr; t++) {
		report_ms(b2, sizeof(b2), (double)sli->thr[t].us);
		snprintf(b, sizeof(b), "<=%sms", b2);
		fprintf(o, " %10s", b);
	}
	fprintf(o, "%s\n", opt->color ? RESET : "");
}

static void sli_table(FILE *o, const model_t *m, const model_sli_t *s,
                      const table_opts_t *opt)
{
	const rules_t *r = m->rules;
	const sli_t *sli = s->sli;
	const model_row_t *ep = s->ep;
	int n = s->nep, shown = opt->top > 0 && opt->top < n ? opt->top : n;
	char b[48], b2[32];

	/* header: name and objectives */
	fprintf(o, "%sSLI ", opt->color ? BOLD : "");
	report_display_put(o, sli->name, strlen(sli->name));
	fputs(opt->color ? RESET : "", o);
	if (sli->has_avail_objective) {
		report_pct(b, sizeof(b), sli->avail_objective);
		fprintf(o, "   availability objective %s%%", b);
	}
	for (int t = 0; t < sli->nthr; t++) {
		report_pct(b, sizeof(b), sli->thr[t].objective);
		report_ms(b2, sizeof(b2), (double)sli->thr[t].us);
		fprintf(o, "%s latency <= %sms for %s%%", t ? "," : "  ", b2,
		        b);
	}
	fputc('\n', o);

	int kw = 8; /* "ENDPOINT" */
	for (int j = 0; j < shown; j++)
		kw = key_cols(ep[j].key, ep[j].keyn, kw);
	header(o, opt, r, sli, "ENDPOINT", kw);

	row(o, opt, r, sli, s->total.key, s->total.keyn, kw, &s->total.st);
	for (int j = 0; j < shown; j++)
		row(o, opt, r, sli, ep[j].key, ep[j].keyn, kw, &ep[j].st);
	if (shown < n)
		fprintf(o, "... %d more endpoint%s (--top 0 shows all)\n",
		        n - shown, plural((uint64_t)(n - shown)));
	if (s->match_errors)
		fprintf(o,
		        "error: %s request%s left out: a pattern hit a PCRE2 "
		        "limit (match errors)\n",
		        report_grouped(b2, s->match_errors),
		        plural(s->match_errors));
	if (s->has_other)
		fprintf(o,
		        "note: more than %d endpoint%s; %s request%s %s "
		        "counted under %s\n",
		        sli->max_endpoints,
		        plural((uint64_t)sli->max_endpoints),
		        report_grouped(b, s->other_requests),
		        plural(s->other_requests),
		        s->other_requests == 1 ? "is" : "are", AGG_OTHER);
}

static void burn_cell(FILE *o, double b)
{
	char buf[16];
	if (isnan(b))
		snprintf(buf, sizeof(buf), "-");
	else if (isinf(b))
		snprintf(buf, sizeof(buf), "inf");
	else
		snprintf(buf, sizeof(buf), b >= 100 ? "%.0f" : "%.1f", b);
	fprintf(o, " %6s", buf);
}

/* The SLOs over their window: budget left, burn rates, alerts firing. */
static void slo_table(FILE *o, const model_t *m, const model_sli_t *s,
                      const table_opts_t *opt)
{
	const sli_t *sli = s->sli;
	const slo_eval_t *ev = &s->ev;
	char b[80], b2[48];
	if (m->end == REQ_NO_TIME || !s->judged)
		return; /* no time, or no objective to judge */
	const char *tz = sli->window.kind == WIN_ROLLING ? "" : sli->window.tz;
	char zb[80];
	static const char *const kinds[] = {
	    "rolling", "calendar month", "calendar week", "calendar quarter"};
	if (sli->window.kind == WIN_ROLLING)
		report_duration(zb, sizeof(zb), sli->window.seconds * 1000000);
	else
		snprintf(zb, sizeof(zb), "%s", *tz ? tz : "UTC");
	fprintf(o, "\nwindow %s %s: %s to ", kinds[sli->window.kind], zb,
	        cal_format(ev->start, tz, b, sizeof(b)));
	fprintf(o, "%s\n", cal_format(ev->end, tz, b, sizeof(b)));
	fprintf(o, "%s%-22s %12s %8s %9s %11s", opt->color ? DIM : "",
	        "OBJECTIVE", "REQUESTS", "BAD", "ALLOWED", "BUDGET LEFT");
	for (int w = 0; w < ev->as.nwin; w++) {
		report_duration(b, sizeof(b), ev->as.win[w] * 1000000);
		char h[24];
		snprintf(h, sizeof(h), "B%.8s", b);
		fprintf(o, " %6s", h);
	}
	fprintf(o, "  FIRING%s\n", opt->color ? RESET : "");
	for (int k = 0; k < ev->nslo; k++) {
		const slo_status_t *st = &ev->slo[k];
		if (!st->active)
			continue;
		report_pct(b2, sizeof(b2), st->objective);
		if (k == 0) {
			snprintf(b, sizeof(b), "availability %s%%", b2);
		} else {
			char d[12];
			report_ms(d, sizeof(d), (double)sli->thr[k - 1].us);
			snprintf(b, sizeof(b), "<=%sms %s%%", d, b2);
		}
		fprintf(o, "%-22s %12s", b,
		        report_grouped(b2, st->budget.total));
		fprintf(o, " %8s", report_grouped(b2, st->budget.bad));
		if (st->budget.unknown)
			snprintf(b2, sizeof(b2), "-");
		else
			snprintf(b2, sizeof(b2), "%.4g", st->budget.allowed);
		fprintf(o, " %9s", b2);
		if (st->budget.unknown) /* nothing to judge: not met */
			snprintf(b2, sizeof(b2), "-");
		else if (isnan(st->budget.remaining))
			snprintf(b2, sizeof(b2), "spent");
		else {
			report_frac_pct(b2, sizeof(b2) - 1,
			                st->budget.remaining, 1);
			strcat(b2, "%");
		}
		if (opt->color && !st->budget.unknown)
			fprintf(o, " %s%11s%s", st->budget.spent ? RED : GREEN,
			        b2, RESET);
		else
			fprintf(o, " %11s", b2);
		for (int w = 0; w < ev->as.nwin; w++)
			burn_cell(o, st->burn[w]);
		int any = 0;
		fputs("  ", o);
		for (int j = 0; j < ev->as.nsev; j++) {
			if (!st->firing[j])
				continue;
			fprintf(o, "%s%s%s%s", any ? "," : "",
			        opt->color ? RED : "", ev->as.sev[j],
			        opt->color ? RESET : "");
			any = 1;
		}
		fputs(any ? "\n" : "-\n", o);
	}
	if (sli->ts.size_s) {
		report_duration(b, sizeof(b), sli->ts.size_s * 1000000);
		report_pct(b2, sizeof(b2), sli->ts.objective);
		fprintf(o, "time slices of %s (good if %s) for %s%%: ", b,
		        sli->ts.good_if, b2);
		if (ev->slices) {
			report_ratio_pct(b, sizeof(b), ev->good_slices,
			                 ev->slices, 3);
			fprintf(o, "%llu of %llu good (%s%%), budget ",
			        (unsigned long long)ev->good_slices,
			        (unsigned long long)ev->slices, b);
			if (ev->ts_budget.unknown) {
				fputs("unknown\n", o);
			} else if (isnan(ev->ts_budget.remaining)) {
				fputs("spent\n", o);
			} else {
				report_frac_pct(b, sizeof(b),
				                ev->ts_budget.remaining, 1);
				fprintf(o, "%s%% left\n", b);
			}
		} else {
			fputs("no slice to judge (with requests, and latencies "
			      "for a latency condition)\n",
			      o);
		}
	}
	if (s->untimed)
		fprintf(o,
		        "note: %s request%s had no time and %s not in the "
		        "window\n",
		        report_grouped(b, s->untimed), plural(s->untimed),
		        s->untimed == 1 ? "is" : "are");
}

/* --by: the SLI's statistics per period, oldest first. */
static void series_table(FILE *o, const model_t *m, const model_sli_t *s,
                         const table_opts_t *opt)
{
	const sli_t *sli = s->sli;
	char b[48];
	fprintf(o, "\nby %s (%s)\n", series_unit_name(m->by.unit),
	        m->by.tz[0] ? m->by.tz : "UTC");
	int kw = 25; /* "2024-03-01T00:00:00+01:00" */
	header(o, opt, m->rules, sli, "PERIOD", kw);
	for (size_t k = 0; k < s->ser.n; k++) {
		const model_period_t *p = &s->ser.p[k];
		cal_format(p->start, m->by.tz, b, sizeof(b));
		row(o, opt, m->rules, sli, b, strlen(b), kw, &p->st);
	}
	if (s->ser.dropped)
		fprintf(o,
		        "note: %s request%s fell in periods beyond the %d "
		        "kept\n",
		        report_grouped(b, s->ser.dropped),
		        plural(s->ser.dropped), SERIES_MAX);
}

/* One line per SLI and window: the rolling numbers beside the totals. */
static void window_lines(FILE *o, const model_t *m, const model_sli_t *s)
{
	const sli_t *sli = s->sli;
	const rules_t *r = m->rules;
	char name[32], b[32], b2[32];
	for (int k = 0; k < m->nwin; k++) {
		const model_stats_t *ws = &s->win_total[k];
		report_duration(name, sizeof(name), m->win_len_us[k]);
		fprintf(o, "last %-4s %s request%s", name,
		        report_grouped(b, ws->requests), plural(ws->requests));
		if (ws->requests) {
			report_ratio_pct(b, sizeof(b), ws->good, ws->requests,
			                 3);
			fprintf(o, ", availability %s%%", b);
		}
		if (ws->lat_count) {
			fputs(",", o);
			for (int q = 0; q < r->npct; q++) {
				report_ms(b, sizeof(b), ws->pct_us[q]);
				fprintf(o, " p%g %sms", r->pct[q], b);
			}
			for (int t = 0; t < sli->nthr; t++) {
				report_ms(b2, sizeof(b2),
				          (double)sli->thr[t].us);
				report_ratio_pct(b, sizeof(b), ws->thr_good[t],
				                 ws->lat_count, 3);
				fprintf(o, ", <=%sms %s%%", b2, b);
			}
		}
		fputc('\n', o);
	}
}

void report_table_input(FILE *o, const model_t *m)
{
	const model_input_t *a = &m->in;
	const char *fmts = a->formats;
	char b1[32], b2[32], b3[32], b4[32], b5[32];

	fprintf(o,
	        "%d file%s (%s), %s line%s: %s request%s, %s unparsed, %s "
	        "other, %s unmatched",
	        a->nfiles, plural((uint64_t)a->nfiles), *fmts ? fmts : "none",
	        report_grouped(b1, a->lines), plural(a->lines),
	        report_grouped(b2, a->requests), plural(a->requests),
	        report_grouped(b3, a->unparsed), report_grouped(b5, a->other),
	        report_grouped(b4, a->unmatched));
	if (a->incomplete) {
		fprintf(o, ", %s incomplete (",
		        report_grouped(b1, a->incomplete));
		for (int k = 0, first = 1; k < INC_N; k++) {
			if (!a->incomplete_by[k])
				continue;
			fprintf(o, "%s%s %s", first ? "" : ", ",
			        report_grouped(b1, a->incomplete_by[k]),
			        fmt_incomplete_words(k));
			first = 0;
		}
		fputc(')', o);
	}
	if (a->filtered)
		fprintf(o, ", %s outside --since/--until",
		        report_grouped(b1, a->filtered));
	fputc('\n', o);
	report_corrections_line(o, m);
	if (a->tmin != REQ_NO_TIME)
		fprintf(o, "from %s to %s\n",
		        util_iso8601(a->tmin, b1, sizeof(b1)),
		        util_iso8601(a->tmax, b2, sizeof(b2)));
}

void report_table(FILE *o, const model_t *m, const table_opts_t *opt)
{
	report_table_input(o, m);
	for (int i = 0; i < m->nsli; i++) {
		const model_sli_t *s = &m->sli[i];
		fputc('\n', o);
		sli_table(o, m, s, opt);
		slo_table(o, m, s, opt);
		if (m->has_by)
			series_table(o, m, s, opt);
		if (m->has_win)
			window_lines(o, m, s);
	}
}
