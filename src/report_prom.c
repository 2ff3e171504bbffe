/*
 * report_prom.c - the Prometheus text exposition format (version 0.0.4)
 * of a run: what `slicalc tail --listen` serves and `--textfile` writes.
 *
 * The metric names and labels are a contract (README.md, "Prometheus"):
 *   slicalc_requests_total{sli,endpoint,result="good"|"bad"}   counter
 *   slicalc_request_duration_seconds{sli,endpoint,le}         histogram
 *   slicalc_window_requests{sli,endpoint,window}, _availability,
 *   slicalc_window_latency_seconds{sli,endpoint,window,quantile} (a
 *   summary) and slicalc_window_latency_good_ratio{sli,endpoint,window,
 *   threshold}                                                 gauges
 *   slicalc_input_lines_total{result="request"|"unparsed"|"unmatched"|"other"}
 *     (request: counted into at least one SLI; unmatched: a request no
 *     SLI matched; the three are disjoint)
 *   slicalc_incomplete_requests_total{reason}   Rails requests never counted
 *   slicalc_match_errors_total{sli}   requests a pattern could not decide
 *   slicalc_corrected_requests_total{sli}   requests the SLI matched at a
 *     time a correction of the rules left out of its figures
 *   slicalc_input_file_readable{file}   gauge: 0 while a followed file
 *     exists but cannot be read (its record's error), else 1
 * The histogram's buckets are the model's (model_buckets): one at every
 * latency threshold of the SLI, whose count is the exact good count, plus
 * a standard ladder read from the fixed histogram.
 */
#include "report.h"

#include <string.h>

void report_prom_label(FILE *o, const char *s, size_t n, int rules)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t k;
	for (size_t i = 0; i < n; i += k) {
		unsigned c = p[i];
		k = c < 0x80 ? 1 : utf8_seq(p + i, n - i);
		if (c == '\\' || c == '"')
			fprintf(o, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", o);
		else if (k == 0) /* not UTF-8: the byte as nginx writes it */
			fprintf(o, "\\\\x%02X", c), k = 1;
		else if (rules && (c < 0x20 || c == 0x7F))
			fprintf(o, "\\u%04x", c);
		else if (rules && c == 0xC2 && p[i + 1] < 0xA0)
			fprintf(o, "\\u%04x", p[i + 1]); /* C1 controls */
		else
			fwrite(p + i, 1, k, o);
	}
}

static void labels(FILE *o, const char *sli, const char *ep, size_t epn)
{
	fputs("{sli=\"", o);
	report_prom_label(o, sli, strlen(sli), 0);
	fputs("\",endpoint=\"", o);
	report_prom_label(o, ep, epn, 0);
	putc('"', o);
}

/* One gauge family m (see window_gauges) of one window series. */
static void window_metric(FILE *o, int m, const sli_t *sli, const char *ep,
                          size_t epn, const char *wname,
                          const model_stats_t *ws, const rules_t *r)
{
	static const char *const names[4] = {
	    "slicalc_window_requests", "slicalc_window_availability",
	    "slicalc_window_latency_seconds",
	    "slicalc_window_latency_good_ratio"};
	if (m == 0) {
		fputs(names[m], o);
		labels(o, sli->name, ep, epn);
		fprintf(o, ",window=\"%s\"} %llu\n", wname,
		        (unsigned long long)ws->requests);
	} else if (m == 1 && ws->requests) {
		fputs(names[m], o);
		labels(o, sli->name, ep, epn);
		fprintf(o, ",window=\"%s\"} %.6f\n", wname, ws->avail);
	} else if (m == 2 && ws->lat_count) {
		for (int q = 0; q < r->npct; q++) {
			fputs(names[m], o);
			labels(o, sli->name, ep, epn);
			fprintf(o, ",window=\"%s\",quantile=\"%g\"} %.6f\n",
			        wname, r->pct[q] / 100, ws->pct_us[q] / 1e6);
		}
		fputs("slicalc_window_latency_seconds_sum", o);
		labels(o, sli->name, ep, epn);
		fprintf(o, ",window=\"%s\"} %.6f\n", wname,
		        (double)ws->lat_sum_us / 1e6);
		fputs("slicalc_window_latency_seconds_count", o);
		labels(o, sli->name, ep, epn);
		fprintf(o, ",window=\"%s\"} %llu\n", wname,
		        (unsigned long long)ws->lat_count);
	} else if (m == 3 && ws->lat_count) {
		for (int t = 0; t < sli->nthr; t++) {
			fputs(names[m], o);
			labels(o, sli->name, ep, epn);
			fprintf(o, ",window=\"%s\",threshold=\"%g\"} %.6f\n",
			        wname, (double)sli->thr[t].us / 1e6,
			        ws->thr_ratio[t]);
		}
	}
}

/* pass 0: the request counters of one series; pass 1: its histogram */
static void series(FILE *o, int pass, const sli_t *sli, const char *ep,
                   size_t epn, const model_stats_t *st)
{
	if (pass == 0) {
		for (int r = 0; r < 2; r++) {
			fputs("slicalc_requests_total", o);
			labels(o, sli->name, ep, epn);
			fprintf(o, ",result=\"%s\"} %llu\n", r ? "bad" : "good",
			        (unsigned long long)(r ? st->bad : st->good));
		}
		return;
	}

	model_bucket_t b[MODEL_MAX_BUCKETS];
	int nb = model_buckets(st, sli, b);
	for (int i = 0; i < nb; i++) {
		fputs("slicalc_request_duration_seconds_bucket", o);
		labels(o, sli->name, ep, epn);
		fprintf(o, ",le=\"%g\"} %llu\n", b[i].le,
		        (unsigned long long)b[i].count);
	}
	fputs("slicalc_request_duration_seconds_bucket", o);
	labels(o, sli->name, ep, epn);
	fprintf(o, ",le=\"+Inf\"} %llu\n", (unsigned long long)st->lat_count);
	fputs("slicalc_request_duration_seconds_sum", o);
	labels(o, sli->name, ep, epn);
	fprintf(o, "} %.6f\n", (double)st->lat_sum_us / 1e6);
	fputs("slicalc_request_duration_seconds_count", o);
	labels(o, sli->name, ep, epn);
	fprintf(o, "} %llu\n", (unsigned long long)st->lat_count);
}

/* Per rolling window, gauges: requests, availability, the configured
 * percentiles (quantile as a fraction, as Prometheus summaries write
 * it) and the share under each threshold. */
static void window_gauges(FILE *o, const model_t *m)
{
	static const char *const head[4] = {
	    "# HELP slicalc_window_requests Requests in the rolling window.\n"
	    "# TYPE slicalc_window_requests gauge\n",
	    "# HELP slicalc_window_availability Share of good requests in the "
	    "rolling window.\n"
	    "# TYPE slicalc_window_availability gauge\n",
	    "# HELP slicalc_window_latency_seconds Latency percentiles over "
	    "the rolling window (a summary: quantiles, _sum, _count).\n"
	    "# TYPE slicalc_window_latency_seconds summary\n",
	    "# HELP slicalc_window_latency_good_ratio Share of requests with "
	    "latency at or under the threshold (seconds), over the rolling "
	    "window.\n"
	    "# TYPE slicalc_window_latency_good_ratio gauge\n"};
	char wname[32];

	for (int g = 0; g < 4; g++) {
		fputs(head[g], o);
		for (int k = 0; k < m->nwin; k++) {
			report_duration(wname, sizeof(wname), m->win_len_us[k]);
			for (int i = 0; i < m->nsli; i++) {
				const model_sli_t *s = &m->sli[i];
				const sli_t *sli = s->sli;
				if (sli->group_by == GROUP_NONE) {
					window_metric(o, g, sli, "", 0, wname,
					              &s->win_total[k],
					              m->rules);
					continue;
				}
				/* in the agg's order, as the counters */
				for (int e = 0; e < s->nep; e++) {
					int j = s->rank[e];
					window_metric(
					    o, g, sli, s->ep[j].key,
					    s->ep[j].keyn, wname,
					    &s->win_ep[k * s->nep + j],
					    m->rules);
				}
			}
		}
	}
}

void report_prometheus(FILE *o, const model_t *m)
{
	const model_input_t *a = &m->in;

	static const char *const head[2] = {
	    "# HELP slicalc_requests_total Requests counted into an SLI, by "
	    "endpoint and result (good or bad availability).\n"
	    "# TYPE slicalc_requests_total counter\n",
	    "# HELP slicalc_request_duration_seconds Latency of the requests "
	    "of an SLI, by endpoint.\n"
	    "# TYPE slicalc_request_duration_seconds histogram\n"};
	/* all samples of a metric family together, as the format wants */
	for (int pass = 0; pass < 2; pass++) {
		fputs(head[pass], o);
		for (int i = 0; i < m->nsli; i++) {
			const model_sli_t *s = &m->sli[i];
			const sli_t *sli = s->sli;
			if (sli->group_by == GROUP_NONE) {
				series(o, pass, sli, "", 0, &s->total.st);
				continue;
			}
			/* in the agg's order (the order of first
			 * appearance), not the display order */
			for (int e = 0; e < s->nep; e++) {
				const model_row_t *row = &s->ep[s->rank[e]];
				series(o, pass, sli, row->key, row->keyn,
				       &row->st);
			}
		}
	}
	if (m->has_win)
		window_gauges(o, m);
	fprintf(o,
	        "# HELP slicalc_input_lines_total Lines read, by what they "
	        "were.\n"
	        "# TYPE slicalc_input_lines_total counter\n"
	        "slicalc_input_lines_total{result=\"request\"} %llu\n"
	        "slicalc_input_lines_total{result=\"unparsed\"} %llu\n"
	        "slicalc_input_lines_total{result=\"unmatched\"} %llu\n"
	        "slicalc_input_lines_total{result=\"other\"} %llu\n"
	        "# HELP slicalc_incomplete_requests_total Rails requests seen "
	        "but never counted, by reason.\n"
	        "# TYPE slicalc_incomplete_requests_total counter\n",
	        (unsigned long long)a->matched, (unsigned long long)a->unparsed,
	        (unsigned long long)a->unmatched, (unsigned long long)a->other);
	for (int k = 0; k < INC_N; k++)
		fprintf(o,
		        "slicalc_incomplete_requests_total{reason=\"%s\"} "
		        "%llu\n",
		        fmt_incomplete_key(k),
		        (unsigned long long)a->incomplete_by[k]);
	fputs("# HELP slicalc_match_errors_total Requests a match pattern "
	      "could not decide (a PCRE2 limit), left out of the SLI.\n"
	      "# TYPE slicalc_match_errors_total counter\n",
	      o);
	for (int i = 0; i < m->nsli; i++) {
		fputs("slicalc_match_errors_total{sli=\"", o);
		const char *name = m->sli[i].sli->name;
		report_prom_label(o, name, strlen(name), 0);
		fprintf(o, "\"} %llu\n",
		        (unsigned long long)m->sli[i].match_errors);
	}
	fputs("# HELP slicalc_corrected_requests_total Requests an SLI "
	      "matched at a time a correction of the rules left out of its "
	      "figures.\n"
	      "# TYPE slicalc_corrected_requests_total counter\n",
	      o);
	for (int i = 0; i < m->nsli; i++) {
		fputs("slicalc_corrected_requests_total{sli=\"", o);
		const char *name = m->sli[i].sli->name;
		report_prom_label(o, name, strlen(name), 0);
		fprintf(o, "\"} %llu\n",
		        (unsigned long long)m->sli[i].corrected);
	}
	if (!m->in.nfiles)
		return;
	fputs(
	    "# HELP slicalc_input_file_readable 1 while the file can be read, "
	    "0 while it exists but cannot (files[].error says why).\n"
	    "# TYPE slicalc_input_file_readable gauge\n",
	    o);
	for (int i = 0; i < m->in.nfiles; i++) {
		const run_file_t *f = m->in.files_by_path[i];
		fputs("slicalc_input_file_readable{file=\"", o);
		report_prom_label(o, f->name, strlen(f->name), 0);
		fprintf(o, "\"} %d\n", f->error ? 0 : 1);
	}
}
