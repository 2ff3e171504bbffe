/*
 * report_markdown.c - `slicalc report -o markdown` (and merge's): the
 * report as GitHub-flavoured Markdown, to paste into a pull request
 * comment or a wiki page. Per SLI one table of its objectives (target,
 * actual over the SLO window, bad against allowed, budget left, the
 * verdict in a word and a symbol, never colour alone) and one of its
 * busiest endpoints with the figures of the table report. Formatted from
 * the model only, like every writer.
 */
#include "report.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "calendar.h"

static const char *plural(uint64_t n)
{
	return n == 1 ? "" : "s";
}

/* The verdict with a symbol, so that it reads without colour. */
static const char *verdict_md(enum model_verdict v)
{
	static const char *const w[] = {"❔ unknown", "✅ met", "⚠️ at risk",
	                                "❌ spent"};
	return w[v];
}

/* A budget left as a percentage, or "spent" when it is gone for good (an
 * objective of 100% with a bad request), "-" when unknown. */
static const char *left_text(char *buf, size_t len, const slo_budget_t *b)
{
	if (b->unknown)
		snprintf(buf, len, "-");
	else if (isnan(b->remaining))
		snprintf(buf, len, "spent");
	else {
		report_frac_pct(buf, len - 1, b->remaining, 1);
		strcat(buf, "%");
	}
	return buf;
}

/* What SLO k of sli is called: "availability", "latency ≤ 300ms" (the
 * threshold as the rules write it). */
static const char *slo_name(char *buf, size_t len, const sli_t *sli, int k)
{
	char d[32];
	if (k == 0) {
		snprintf(buf, len, "availability");
	} else {
		report_duration(d, sizeof(d), sli->thr[k - 1].us);
		snprintf(buf, len, "latency ≤ %s", d);
	}
	return buf;
}

/* One objective's row: name, target, actual over the window, bad of
 * allowed, budget left, verdict. */
static void slo_row(FILE *o, const char *name, double objective,
                    const char *actual, const slo_budget_t *b,
                    enum model_verdict v)
{
	char t[32], g[32], a[32], l[32];
	report_pct(t, sizeof(t), objective);
	fprintf(o, "| %s | %s%% | %s |", name, t, actual);
	if (b->unknown)
		fputs(" - |", o);
	else
		fprintf(o, " %s of %s |", report_grouped(g, b->bad),
		        report_amount(a, sizeof(a), b->allowed));
	fprintf(o, " %s | %s |\n", left_text(l, sizeof(l), b), verdict_md(v));
}

static void slo_table(FILE *o, const model_t *m, const model_sli_t *s)
{
	const sli_t *sli = s->sli;
	const slo_eval_t *ev = &s->ev;
	char b[96], b2[64], b3[64];
	if (m->end == REQ_NO_TIME) {
		fputs("No request had a time: no SLO window to judge.\n\n", o);
		return;
	}
	if (!s->judged) {
		fputs(
		    "No objective: the figures below are the whole logs'.\n\n",
		    o);
		return;
	}
	const char *tz = sli->window.kind == WIN_ROLLING ? "" : sli->window.tz;
	if (sli->window.kind == WIN_ROLLING) {
		report_duration(b, sizeof(b), sli->window.seconds * 1000000);
		fprintf(o, "SLO window: rolling %s, ", b);
	} else {
		static const char *const kinds[] = {"", "month", "week",
		                                    "quarter"};
		fprintf(o, "SLO window: calendar %s (%s), ",
		        kinds[sli->window.kind], *tz ? tz : "UTC");
	}
	fprintf(o, "%s to ", cal_format(ev->start, tz, b, sizeof(b)));
	fprintf(o, "%s.\n\n", cal_format(ev->end, tz, b, sizeof(b)));

	fputs("| Objective | Target | Actual | Bad of allowed | Budget left "
	      "| Status |\n",
	      o);
	fputs("|:--|--:|--:|--:|--:|:--|\n", o);
	for (int k = 0; k < ev->nslo; k++) {
		const slo_status_t *st = &ev->slo[k];
		if (!st->active)
			continue;
		slo_name(b, sizeof(b), sli, k);
		if (st->budget.unknown)
			snprintf(b2, sizeof(b2), "-");
		else {
			report_ratio_pct(b2, sizeof(b2) - 1,
			                 st->budget.total - st->budget.bad,
			                 st->budget.total, 3);
			strcat(b2, "%");
		}
		slo_row(o, b, st->objective, b2, &st->budget, s->verdict[k]);
	}
	if (sli->ts.size_s) {
		report_duration(b3, sizeof(b3), sli->ts.size_s * 1000000);
		snprintf(b, sizeof(b), "good %s slices", b3);
		if (ev->slices) {
			report_ratio_pct(b2, sizeof(b2) - 1, ev->good_slices,
			                 ev->slices, 3);
			strcat(b2, "%");
		} else {
			snprintf(b2, sizeof(b2), "-");
		}
		slo_row(o, b, sli->ts.objective, b2, &ev->ts_budget,
		        s->ts_verdict);
	}
	fputc('\n', o);
	if (sli->ts.size_s) {
		fputs("A slice is good if ", o);
		report_md_code(o, sli->ts.good_if, strlen(sli->ts.good_if), 0);
		fputs(".\n", o);
	}
	int any = 0;
	for (int k = 0; k < ev->nslo; k++) {
		const slo_status_t *st = &ev->slo[k];
		for (int j = 0; st->active && j < ev->as.nsev; j++) {
			if (!st->firing[j])
				continue;
			fprintf(o, "%s**%s** (%s)",
			        any ? ", " : "Alerts firing: ", ev->as.sev[j],
			        slo_name(b2, sizeof(b2), sli, k));
			any = 1;
		}
	}
	if (any)
		fputs(".\n", o);
	else if (ev->as.nsev)
		fputs("No alert firing.\n", o);
	if (s->corrected)
		fprintf(o,
		        "%s request%s corrected (`corrections:` in the "
		        "rules): left out of the figures.\n",
		        report_grouped(b, s->corrected), plural(s->corrected));
	if (s->untimed)
		fprintf(o, "%s request%s had no time and %s not judged.\n",
		        report_grouped(b, s->untimed), plural(s->untimed),
		        s->untimed == 1 ? "is" : "are");
	fputc('\n', o);
}

/* The endpoint table's columns: requests, availability, bad, the
 * percentiles, the share under each threshold. */
static void stats_head(FILE *o, const model_t *m, const sli_t *sli,
                       const char *first)
{
	char b[32];
	fprintf(o, "| %s | Requests | Availability | Bad |", first);
	for (int q = 0; q < m->rules->npct; q++)
		fprintf(o, " p%g |", m->rules->pct[q]);
	for (int t = 0; t < sli->nthr; t++) {
		report_duration(b, sizeof(b), sli->thr[t].us);
		fprintf(o, " ≤ %s |", b);
	}
	fputs("\n|:--|--:|--:|--:|", o);
	for (int q = 0; q < m->rules->npct + sli->nthr; q++)
		fputs("--:|", o);
	fputc('\n', o);
}

static void stats_cells(FILE *o, const model_t *m, const sli_t *sli,
                        const model_stats_t *st)
{
	char b[32];
	fprintf(o, " %s |", report_grouped(b, st->requests));
	if (st->requests) {
		report_ratio_pct(b, sizeof(b), st->good, st->requests, 3);
		fprintf(o, " %s%% |", b);
	} else {
		fputs(" - |", o);
	}
	fprintf(o, " %s |", report_grouped(b, st->bad));
	for (int q = 0; q < m->rules->npct; q++) {
		if (st->lat_count) {
			report_ms(b, sizeof(b), st->pct_us[q]);
			/* from a minute on report_ms writes its units */
			size_t n = strlen(b);
			fprintf(o, " %s%s |", b,
			        n && b[n - 1] >= '0' && b[n - 1] <= '9' ? "ms"
			                                                : "");
		} else {
			fputs(" - |", o);
		}
	}
	for (int t = 0; t < sli->nthr; t++) {
		if (st->lat_count) {
			report_ratio_pct(b, sizeof(b), st->thr_good[t],
			                 st->lat_count, 3);
			fprintf(o, " %s%% |", b);
		} else {
			fputs(" - |", o);
		}
	}
	fputc('\n', o);
}

static void endpoint_table(FILE *o, const model_t *m, const model_sli_t *s,
                           int top)
{
	const sli_t *sli = s->sli;
	int n = s->nep, shown = top > 0 && top < n ? top : n;
	char b[32];
	stats_head(o, m, sli, sli->group_by == GROUP_NONE ? "SLI" : "Endpoint");
	fputs("| **all** |", o);
	stats_cells(o, m, sli, &s->total.st);
	for (int j = 0; j < shown; j++) {
		fputs("| ", o);
		report_md_code(o, s->ep[j].key, s->ep[j].keyn, 1);
		fputs(" |", o);
		stats_cells(o, m, sli, &s->ep[j].st);
	}
	if (shown < n)
		fprintf(o, "\n%d more endpoint%s (`--top 0` shows all).\n",
		        n - shown, plural((uint64_t)(n - shown)));
	if (s->has_other)
		fprintf(o,
		        "\nMore than %d endpoints: %s request%s counted under "
		        "`%s`.\n",
		        sli->max_endpoints,
		        report_grouped(b, s->other_requests),
		        plural(s->other_requests), AGG_OTHER);
	if (s->match_errors)
		fprintf(o,
		        "\n**%s request%s left out**: a pattern hit a PCRE2 "
		        "limit.\n",
		        report_grouped(b, s->match_errors),
		        plural(s->match_errors));
}

static void series_table(FILE *o, const model_t *m, const model_sli_t *s)
{
	char b[48];
	fprintf(o, "\nBy %s (%s):\n\n", series_unit_name(m->by.unit),
	        m->by.tz[0] ? m->by.tz : "UTC");
	stats_head(o, m, s->sli, "Period");
	for (size_t k = 0; k < s->ser.n; k++) {
		fprintf(o, "| %s |",
		        cal_format(s->ser.p[k].start, m->by.tz, b, sizeof(b)));
		stats_cells(o, m, s->sli, &s->ser.p[k].st);
	}
}

void report_markdown(FILE *o, const model_t *m, int top)
{
	char b[48];
	fputs("## SLO report\n\n", o);
	report_md_input(o, m);
	if (m->end != REQ_NO_TIME)
		fprintf(o, "- SLOs judged at %s\n",
		        util_iso8601(m->end, b, sizeof(b)));
	for (int w = 0; w < m->nwarn; w++) {
		fputs(w ? "- " : "\n- ", o);
		const char *name = m->rules->sli[m->warn[w].sli].name;
		fprintf(o, "**%s**: ", m->warn[w].kind);
		report_md_code(o, name, strlen(name), 0);
		fputs(" ", o);
		report_md_text(o, m->warn[w].message, 0);
		fputc('\n', o);
	}
	for (int i = 0; i < m->nsli; i++) {
		const model_sli_t *s = &m->sli[i];
		fputs("\n### ", o);
		report_md_code(o, s->sli->name, strlen(s->sli->name), 0);
		fputs("\n\n", o);
		slo_table(o, m, s);
		endpoint_table(o, m, s, top);
		if (m->has_by)
			series_table(o, m, s);
	}
}
