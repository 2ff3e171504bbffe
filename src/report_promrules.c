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
 *
 * Each objective is also recorded as a series for dashboards,
 * slicalc:objective{sli, slo} (a fraction). An alert with min_requests
 * gains a clause on the requests of its long window (for latency, those
 * with a latency), so a quiet endpoint's single slow request does not
 * page. The SLI's labels go on its recording rules and alerts, an
 * alert's labels on that alert (over the SLI's); annotations, the SLI's
 * then the alert's, over the generated summary and description. Time
 * slices have no PromQL here: a comment says so.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
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

/* PromQL for the errors (bad) or all requests of an SLO over window w:
 * fn (rate or increase) of the counters, summed. */
static void sum_rate(FILE *o, const struct slo *s, int bad, const char *w,
                     const char *fn)
{
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

/* Labels or annotations merged: later puts win on the same key, which
 * keeps its first place. */
struct kvs {
	int n;
	kv_pair_t kv[(RULES_MAX_ALERTS + 1) * RULES_MAX_KV + 2];
};

static void kv_put(struct kvs *d, const char *key, const char *value)
{
	for (int i = 0; i < d->n; i++)
		if (strcmp(d->kv[i].key, key) == 0) {
			d->kv[i].value = value;
			return;
		}
	d->kv[d->n++] = (kv_pair_t){key, value};
}

static void kv_add(struct kvs *d, const kv_map_t *m)
{
	for (int i = 0; i < m->n; i++)
		kv_put(d, m->kv[i].key, m->kv[i].value);
}

/* The pairs of d under a key at indent: keys are label names (checked
 * by the loader), so only values need quoting. */
static void kv_write(FILE *o, const struct kvs *d, const char *indent)
{
	for (int i = 0; i < d->n; i++) {
		fprintf(o, "%s  %s: \"", indent, d->kv[i].key);
		quoted(o, d->kv[i].value);
		fputs("\"\n", o);
	}
}

static void slo_labels(FILE *o, const struct slo *s, const char *indent)
{
	struct kvs d = {0};
	kv_add(&d, &s->sli->labels);
	fprintf(o, "%slabels:\n%s  sli: \"", indent, indent);
	quoted(o, s->sli->name);
	fprintf(o, "\"\n%s  slo: \"%s\"\n", indent, s->name);
	kv_write(o, &d, indent);
}

/* The objective as a series, for dashboards. */
static void objective(FILE *o, const struct slo *s, double obj)
{
	fprintf(o,
	        "      - record: slicalc:objective\n"
	        "        expr: vector(%.9g)\n",
	        obj);
	slo_labels(o, s, "        ");
}

static void ratio(FILE *o, const struct slo *s, const char *w)
{
	const char *fn = strcmp(w, s->window) == 0 ? "increase" : "rate";
	fputs("          (", o);
	sum_rate(o, s, 1, w, fn);
	fputs(")\n          /\n          ", o);
	sum_rate(o, s, 0, w, fn);
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
		fprintf(o, " > (%.9g * %.9g)\n", f, s->budget);
		if (a->min_requests) {
			/* on (): the count has no labels; an empty right side
			 * (too few requests) empties the whole */
			fputs("            and on ()\n            ", o);
			sum_rate(o, s, 0, lw, "increase");
			fprintf(o, " >= %llu\n",
			        (unsigned long long)a->min_requests);
		}
		fputs("          )\n", o);
		size_t n = strlen(desc);
		snprintf(desc + n, sizeof(desc) - n, "%s%.9gx in %s and %s",
		         first ? "" : ", or over ", f, lw, sw);
		if (a->min_requests) {
			n = strlen(desc);
			snprintf(desc + n, sizeof(desc) - n,
			         " with at least %llu requests in %s",
			         (unsigned long long)a->min_requests, lw);
		}
		first = 0;
	}
	struct kvs lab = {0}, ann = {0};
	kv_add(&lab, &sli->labels);
	for (int i = 0; i < sli->nalert; i++)
		if (strcmp(sli->alert[i].severity, severity) == 0)
			kv_add(&lab, &sli->alert[i].labels);
	/* sli and slo come with the series, but written here too they keep
	 * the rules apart for linters and routing */
	fprintf(o, "        labels:\n          severity: %s\n", severity);
	fputs("          sli: \"", o);
	quoted(o, s->sli->name);
	fprintf(o, "\"\n          slo: \"%s\"\n", s->name);
	kv_write(o, &lab, "        ");
	size_t sn = strlen(s->sli->name) + sizeof(s->name) + 48;
	char *summary = xmalloc(sn), description[600];
	snprintf(summary, sn, "%s %s is burning its error budget too fast",
	         s->sli->name, s->name);
	snprintf(description, sizeof(description),
	         "Burn rate over %s (error budget %.9g).", desc, s->budget);
	kv_put(&ann, "summary", summary);
	kv_put(&ann, "description", description);
	kv_add(&ann, &sli->annotations);
	for (int i = 0; i < sli->nalert; i++)
		if (strcmp(sli->alert[i].severity, severity) == 0)
			kv_add(&ann, &sli->alert[i].annotations);
	fputs("        annotations:\n", o);
	kv_write(o, &ann, "        ");
	free(summary);
}

static void one_slo(FILE *o, const struct slo *s, double obj)
{
	objective(o, s, obj);
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

/* A time-slice SLO counts slices that met a condition over the SLO
 * window: PromQL could with subqueries over recorded percentiles, but not
 * as slicalc judges a slice (exact counts, slices aligned in the window's
 * zone), so it is said rather than approximated. A comment at column 0
 * is a comment wherever it falls in the YAML. */
static void timeslice_note(FILE *o, const sli_t *sli)
{
	char size[16], obj[24];
	dur(size, sizeof(size), sli->ts.size_s);
	report_pct(obj, sizeof(obj), sli->ts.objective);
	fputs("# SLI \"", o);
	quoted(o, sli->name);
	fprintf(o, "\": its time-slice SLO (%s slices good if ", size);
	quoted(o, sli->ts.good_if);
	fprintf(o,
	        ", for %s%%) has no rules here: PromQL cannot judge slices "
	        "as slicalc does; see slicalc report and backtest\n",
	        obj);
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
		if (sli->ts.size_s)
			timeslice_note(o, sli);
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
			one_slo(o, &s, sli->avail_objective);
		}
		for (int t = 0; t < sli->nthr; t++) {
			s.budget = slo_error_budget(sli->thr[t].objective);
			s.le = (double)sli->thr[t].us / 1e6;
			char d[32];
			report_duration(d, sizeof(d), sli->thr[t].us);
			snprintf(s.name, sizeof(s.name), "latency_%s", d);
			one_slo(o, &s, sli->thr[t].objective);
		}
	}
	if (!any)
		fputs("groups: []\n", o);
}
