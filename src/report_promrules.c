/*
 * report_promrules.c - Prometheus recording and alerting rules for the
 * SLOs of a rules file, over the metrics `slicalc tail --listen` exports
 * (report_prom.c), so a fleet scraped by Prometheus computes the same
 * SLOs as `slicalc report`.
 *
 * Per SLO (an SLI's availability objective, or one latency threshold
 * with its objective) we record the error ratio over each window the
 * alerts need, summed over endpoints and instances:
 *
 *   slicalc:error_ratio:rate5m{sli, slo}   ... rate30m, rate1h, rate2h,
 *                                           rate6h, rate1d, rate3d
 *   slicalc:error_budget_remaining{sli, slo}  over the SLO window
 *
 * (the windows are those of the SLI's alerts). Availability errors are
 * result="bad" requests; latency errors are the requests above the
 * threshold: count minus the bucket at the threshold, which the exporter
 * writes exactly. The alerts are the SLI's multi-window, multi-burn-rate
 * alerts, by default those of the Google SRE Workbook (chapter 5): page
 * when the 1h and 5m burn rates both exceed 14.4, or the 6h and 30m both
 * exceed 6; ticket when the 1d and 2h exceed 3, or the 3d and 6h exceed
 * 1. Factors are written for 30 days and scaled to the SLO window, as
 * `slicalc report` and `backtest` do (slo.c). A burn rate is the error
 * ratio divided by the error budget (1 - objective), so "burn > f" is
 * "ratio > f x budget". PromQL has no calendar: a calendar window's
 * budget is over its nominal length (30, 7 or 90 days), rolling.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "report.h"
#include "slo.h"

/* s as the inside of a double-quoted string of PromQL or YAML, meaning
 * the same label value as report_prometheus() writes */
static void quoted(FILE *o, const char *s)
{
	report_prom_label(o, s, strlen(s), 1);
}

/* One SLO of an SLI: its name in the slo label, budget, and for latency
 * the bucket bound. */
struct slo {
	const sli_t *sli;
	char name[64]; /* "availability" or "latency_300ms" */
	double budget; /* 1 - objective */
	double le;     /* seconds; < 0 for availability */
	slo_alertset_t as;
	char window[16]; /* the SLO window, "30d" */
};

static void dur(char *buf, size_t len, int64_t seconds)
{
	report_duration(buf, len, seconds * 1000000);
}

/* PromQL for the errors (bad) or all requests of an SLO over window w. */
static void sum_rate(FILE *o, const struct slo *s, int bad, const char *w)
{
	const char *fn = strcmp(w, s->window) == 0 ? "increase" : "rate";
	if (s->le < 0) {
		fprintf(o, "sum(%s(slicalc_requests_total{sli=\"", fn);
		quoted(o, s->sli->name);
		fprintf(o, "\"%s}[%s]))", bad ? ",result=\"bad\"" : "", w);
		return;
	}
	fprintf(o, "sum(%s(slicalc_request_duration_seconds_count{sli=\"", fn);
	quoted(o, s->sli->name);
	fprintf(o, "\"}[%s]))", w);
	if (bad) {
		fprintf(o,
		        " - sum(%s(slicalc_request_duration_seconds_bucket{"
		        "sli=\"",
		        fn);
		quoted(o, s->sli->name);
		/* the exporter writes le with %g: the same text */
		fprintf(o, "\",le=\"%g\"}[%s]))", s->le, w);
	}
}

static void slo_labels(FILE *o, const struct slo *s, const char *indent)
{
	fprintf(o, "%slabels:\n%s  sli: \"", indent, indent);
	quoted(o, s->sli->name);
	fprintf(o, "\"\n%s  slo: \"%s\"\n", indent, s->name);
}

static void ratio(FILE *o, const struct slo *s, const char *w)
{
	fputs("          (", o);
	sum_rate(o, s, 1, w);
	fputs(")\n          /\n          ", o);
	sum_rate(o, s, 0, w);
	putc('\n', o);
}

static void recording(FILE *o, const struct slo *s)
{
	char w[16];
	for (int i = 0; i < s->as.nwin; i++) {
		dur(w, sizeof(w), s->as.win[i]);
		fprintf(o,
		        "      - record: slicalc:error_ratio:rate%s\n"
		        "        expr: |\n",
		        w);
		ratio(o, s, w);
		slo_labels(o, s, "        ");
	}
	fputs("      - record: slicalc:error_budget_remaining\n"
	      "        expr: |\n          1 - (\n",
	      o);
	ratio(o, s, s->window);
	fprintf(o, "          ) / %.9g\n", s->budget);
	slo_labels(o, s, "        ");
}

static void selector(FILE *o, const struct slo *s, const char *w)
{
	fprintf(o, "slicalc:error_ratio:rate%s{sli=\"", w);
	quoted(o, s->sli->name);
	fprintf(o, "\",slo=\"%s\"}", s->name);
}

/* "SLOBurnRatePage" for page; other severities likewise, as a metric
 * name may be spelt. */
static void alert_name(char *buf, size_t len, const char *severity)
{
	size_t n = (size_t)snprintf(buf, len, "SLOBurnRate");
	for (const char *p = severity; *p && n + 1 < len; p++)
		buf[n++] = p == severity ? (char)toupper((unsigned char)*p)
		           : *p == '-'   ? '_'
		                         : *p;
	buf[n] = '\0';
}

static void alerting(FILE *o, const struct slo *s, const char *severity)
{
	const sli_t *sli = s->sli;
	char name[48], lw[16], sw[16], desc[512] = "";
	alert_name(name, sizeof(name), severity);
	fprintf(o, "      - alert: %s\n        expr: |\n", name);
	int first = 1;
	for (int i = 0; i < sli->nalert; i++) {
		const burn_alert_t *a = &sli->alert[i];
		double f = a->factor * s->as.scale;
		if (strcmp(a->severity, severity) != 0)
			continue;
		dur(lw, sizeof(lw), a->long_s);
		dur(sw, sizeof(sw), a->short_s);
		fprintf(o, "          %s(\n            ", first ? "" : "or ");
		selector(o, s, lw);
		fprintf(o, " > (%.9g * %.9g)\n            and\n            ", f,
		        s->budget);
		selector(o, s, sw);
		fprintf(o, " > (%.9g * %.9g)\n          )\n", f, s->budget);
		size_t n = strlen(desc);
		snprintf(desc + n, sizeof(desc) - n, "%s%.9gx in %s and %s",
		         first ? "" : ", or over ", f, lw, sw);
		first = 0;
	}
	/* sli and slo come with the series, but written here too they keep
	 * the rules apart for linters and routing */
	fprintf(o, "        labels:\n          severity: %s\n", severity);
	fputs("          sli: \"", o);
	quoted(o, s->sli->name);
	fprintf(o, "\"\n          slo: \"%s\"\n", s->name);
	fputs("        annotations:\n          summary: \"", o);
	quoted(o, s->sli->name);
	fprintf(o, " %s is burning its error budget too fast\"\n", s->name);
	fprintf(o,
	        "          description: \"Burn rate over %s (error budget "
	        "%.9g).\"\n",
	        desc, s->budget);
}

static void one_slo(FILE *o, const struct slo *s)
{
	if (s->budget < 1e-12) { /* an objective of 100%: nothing to burn */
		fputs("      # ", o);
		quoted(o, s->sli->name);
		fprintf(o,
		        " %s: objective 100%%, no error budget, so no error "
		        "ratio or burn-rate rules\n",
		        s->name);
		return;
	}
	recording(o, s);
	for (int j = 0; j < s->as.nsev; j++)
		alerting(o, s, s->as.sev[j]);
}

void report_promrules(FILE *o, const rules_t *r)
{
	fputs("# Prometheus rules written by 'slicalc prometheus-rules' from ",
	      o);
	fputs(r->source, o);
	fputs(".\n# Over the metrics of 'slicalc tail --listen'; "
	      "multi-window, multi-burn-rate\n# alerts (by default the "
	      "Google SRE Workbook's), factors scaled to each SLO window.\n",
	      o);
	int any = 0;
	for (int i = 0; i < r->nsli; i++) {
		const sli_t *sli = &r->sli[i];
		if (!sli->has_avail_objective && sli->nthr == 0)
			continue;
		if (!any)
			fputs("groups:\n", o);
		any = 1;
		fputs("  - name: \"slicalc:", o);
		quoted(o, sli->name);
		fputs("\"\n    rules:\n", o);
		struct slo s = {.sli = sli, .le = -1};
		slo_alertset(sli, &s.as);
		dur(s.window, sizeof(s.window), sli->window.seconds);
		if (sli->window.kind != WIN_ROLLING)
			fprintf(o,
			        "      # a calendar window: the budget below "
			        "is over the last %s, rolling\n",
			        s.window);
		if (sli->has_avail_objective) {
			snprintf(s.name, sizeof(s.name), "availability");
			s.budget = slo_error_budget(sli->avail_objective);
			one_slo(o, &s);
		}
		for (int t = 0; t < sli->nthr; t++) {
			s.budget = slo_error_budget(sli->thr[t].objective);
			s.le = (double)sli->thr[t].us / 1e6;
			char d[32];
			report_duration(d, sizeof(d), sli->thr[t].us);
			snprintf(s.name, sizeof(s.name), "latency_%s", d);
			one_slo(o, &s);
		}
	}
	if (!any)
		fputs("groups: []\n", o);
}
