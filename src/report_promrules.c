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
 *   slicalc:error_budget_remaining{sli, slo}  over the 30-day SLO window
 *
 * Availability errors are result="bad" requests; latency errors are the
 * requests above the threshold: count minus the bucket at the threshold,
 * which the exporter writes exactly. The alerts are the multi-window,
 * multi-burn-rate alerts of the Google SRE Workbook (chapter 5) for a
 * 30-day window: page when the 1h and 5m burn rates both exceed 14.4, or
 * the 6h and 30m both exceed 6; ticket when the 1d and 2h exceed 3, or
 * the 3d and 6h exceed 1. A burn rate is the error ratio divided by the
 * error budget (1 - objective), so "burn > f" is "ratio > f x budget".
 */
#include <stdio.h>
#include <string.h>

#include "report.h"

/* The burn-rate alerts: long and short window, factor, severity. */
static const struct alert {
	const char *lw, *sw;
	double factor;
	const char *severity;
} alerts[] = {
    {"1h", "5m", 14.4, "page"},
    {"6h", "30m", 6, "page"},
    {"1d", "2h", 3, "ticket"},
    {"3d", "6h", 1, "ticket"},
};
static const char *const windows[] = {"5m", "30m", "1h", "2h",
                                      "6h", "1d",  "3d"};
#define SLO_WINDOW "30d"

/* s as the inside of a double-quoted string: PromQL and YAML both take
 * these escapes */
static void quoted(FILE *o, const char *s)
{
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(o, "\\%c", *s);
		else if (*s == '\n')
			fputs("\\n", o);
		else if ((unsigned char)*s < 0x20)
			fprintf(o, "\\x%02x", (unsigned char)*s);
		else
			putc(*s, o);
	}
}

/* One SLO of an SLI: its name in the slo label, budget, and for latency
 * the bucket bound. */
struct slo {
	const sli_t *sli;
	char name[64]; /* "availability" or "latency_300ms" */
	double budget; /* 1 - objective */
	double le;     /* seconds; < 0 for availability */
};

/* PromQL for the errors (bad) or all requests of an SLO over window w. */
static void sum_rate(FILE *o, const struct slo *s, int bad, const char *w)
{
	const char *fn = strcmp(w, SLO_WINDOW) == 0 ? "increase" : "rate";
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
	for (size_t i = 0; i < sizeof(windows) / sizeof(windows[0]); i++) {
		fprintf(o,
		        "      - record: slicalc:error_ratio:rate%s\n"
		        "        expr: |\n",
		        windows[i]);
		ratio(o, s, windows[i]);
		slo_labels(o, s, "        ");
	}
	fputs("      - record: slicalc:error_budget_remaining\n"
	      "        expr: |\n          1 - (\n",
	      o);
	ratio(o, s, SLO_WINDOW);
	fprintf(o, "          ) / %.9g\n", s->budget);
	slo_labels(o, s, "        ");
}

static void selector(FILE *o, const struct slo *s, const char *w)
{
	fprintf(o, "slicalc:error_ratio:rate%s{sli=\"", w);
	quoted(o, s->sli->name);
	fprintf(o, "\",slo=\"%s\"}", s->name);
}

static void alerting(FILE *o, const struct slo *s, const char *severity)
{
	const char *alertname = strcmp(severity, "page") == 0
	                            ? "SLOBurnRatePage"
	                            : "SLOBurnRateTicket";
	fprintf(o, "      - alert: %s\n        expr: |\n", alertname);
	int first = 1;
	for (size_t i = 0; i < sizeof(alerts) / sizeof(alerts[0]); i++) {
		const struct alert *a = &alerts[i];
		if (strcmp(a->severity, severity) != 0)
			continue;
		fprintf(o, "          %s(\n            ", first ? "" : "or ");
		selector(o, s, a->lw);
		fprintf(o, " > (%g * %.9g)\n            and\n            ",
		        a->factor, s->budget);
		selector(o, s, a->sw);
		fprintf(o, " > (%g * %.9g)\n          )\n", a->factor,
		        s->budget);
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
	        strcmp(severity, "page") == 0
	            ? "14.4x in 1h and 5m, or over 6x in 6h and 30m"
	            : "3x in 1d and 2h, or over 1x in 3d and 6h",
	        s->budget);
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
	alerting(o, s, "page");
	alerting(o, s, "ticket");
}

void report_promrules(FILE *o, const rules_t *r)
{
	fputs("# Prometheus rules written by 'slicalc prometheus-rules' from ",
	      o);
	fputs(r->source, o);
	fputs(".\n# Over the metrics of 'slicalc tail --listen'; SLO "
	      "window " SLO_WINDOW
	      ";\n# multi-window, multi-burn-rate alerts of the Google SRE "
	      "Workbook.\n",
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
		if (sli->has_avail_objective) {
			struct slo s = {sli, "availability",
			                1 - sli->avail_objective, -1};
			one_slo(o, &s);
		}
		for (int t = 0; t < sli->nthr; t++) {
			struct slo s = {sli, "", 1 - sli->thr[t].objective,
			                (double)sli->thr[t].us / 1e6};
			char d[32];
			report_duration(d, sizeof(d), sli->thr[t].us);
			snprintf(s.name, sizeof(s.name), "latency_%s", d);
			one_slo(o, &s);
		}
	}
	if (!any)
		fputs("groups: []\n", o);
}
