/*
 * report_json.c - the machine-readable report. Its keys are a contract
 * (README.md, "JSON report"): later versions add keys, never rename or
 * remove them. Output is deterministic: endpoints in display order, fixed
 * number formats, so two runs over the same input give identical bytes.
 */
#include "report.h"

#include "calendar.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A JSON string. Log bytes are not always UTF-8 (old nginx, Rails): valid
 * UTF-8 passes through, any other byte >= 0x80 is written as the code
 * point of the same value, so the output is always valid JSON. */
void report_json_str(FILE *o, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	putc('"', o);
	for (size_t i = 0; i < n; i++) {
		unsigned c = p[i];
		if (c == '"' || c == '\\') {
			putc('\\', o);
			putc((int)c, o);
		} else if (c < 0x20 || c == 0x7f) {
			fprintf(o, "\\u%04x", c);
		} else if (c < 0x80) {
			putc((int)c, o);
		} else {
			/* valid UTF-8 as it is; any other byte as the text
			 * \xHH, as nginx writes it (never as U+00HH, which
			 * would make the byte 0xE9 look like "é") */
			size_t len = utf8_seq(p + i, n - i);
			if (len) {
				fwrite(p + i, 1, len, o);
				i += len - 1;
			} else {
				fprintf(o, "\\\\x%02X", c);
			}
		}
	}
	putc('"', o);
}

static void jcstr(FILE *o, const char *s)
{
	report_json_str(o, s, strlen(s));
}

/* A ratio; NAN (nothing to divide) is null. */
static void jratio(FILE *o, double ratio)
{
	if (isnan(ratio))
		fputs("null", o);
	else
		report_json_num(o, ratio);
}

static void jms(FILE *o, double us)
{
	report_json_num(o, us / 1000.0);
}

/* A number that may be NAN or infinite (JSON has neither): null. */
static void jnum(FILE *o, double v)
{
	report_json_num(o, v);
}

/* ", "budget": {...}, "status": "met", "burn_rates": {...}, "alerts":
 * {...}" of SLO k, whose verdict is v. */
static void slo_json(FILE *o, const slo_eval_t *ev, int k, enum model_verdict v)
{
	const slo_status_t *st = &ev->slo[k];
	char w[16];
	if (!st->active)
		return;
	if (st->budget.unknown) {
		/* nothing in the window to judge (no latency) */
		fputs(", \"budget\": null", o);
	} else {
		fprintf(o,
		        ", \"budget\": {\"requests\": %llu, \"bad\": %llu, "
		        "\"allowed\": ",
		        (unsigned long long)st->budget.total,
		        (unsigned long long)st->budget.bad);
		jnum(o, st->budget.allowed);
		fputs(", \"consumed\": ", o);
		jnum(o, st->budget.consumed);
		fputs(", \"remaining\": ", o);
		jnum(o, st->budget.remaining);
		fprintf(o, ", \"spent\": %s}",
		        st->budget.spent ? "true" : "false");
	}
	fprintf(o, ", \"status\": \"%s\"", model_verdict_name(v));
	fputs(", \"burn_rates\": {", o);
	for (int i = 0; i < ev->as.nwin; i++) {
		report_duration(w, sizeof(w), ev->as.win[i] * 1000000);
		fprintf(o, "%s\"%s\": ", i ? ", " : "", w);
		jnum(o, st->burn[i]);
	}
	fputs("}, \"alerts\": {", o);
	for (int i = 0; i < ev->as.nsev; i++)
		fprintf(o, "%s\"%s\": %s", i ? ", " : "", ev->as.sev[i],
		        st->firing[i] ? "true" : "false");
	fputs("}", o);
}

static void stats(FILE *o, const model_stats_t *st, const sli_t *sli,
                  const rules_t *r, const slo_eval_t *ev,
                  const enum model_verdict *verdict)
{
	fprintf(o,
	        "\"requests\": %llu, \"availability\": {\"good\": %llu, "
	        "\"bad\": %llu, \"ratio\": ",
	        (unsigned long long)st->requests, (unsigned long long)st->good,
	        (unsigned long long)st->bad);
	jratio(o, st->avail);
	fputs(", \"objective\": ", o);
	if (sli->has_avail_objective)
		jnum(o, sli->avail_objective);
	else
		fputs("null", o);
	if (ev)
		slo_json(o, ev, 0, verdict[0]);
	fprintf(o, "}, \"latency\": {\"count\": %llu, \"mean_ms\": ",
	        (unsigned long long)st->lat_count);
	if (st->lat_count) {
		jms(o, st->mean_us);
		fputs(", \"max_ms\": ", o);
		jms(o, (double)st->lat_max_us);
	} else {
		fputs("null, \"max_ms\": null", o);
	}
	fputs(", \"percentiles_ms\": {", o);
	for (int q = 0; q < r->npct; q++) {
		fprintf(o, "%s\"%g\": ", q ? ", " : "", r->pct[q]);
		if (st->lat_count)
			jms(o, st->pct_us[q]);
		else
			fputs("null", o);
	}
	fputs("}, \"thresholds\": [", o);
	for (int t = 0; t < sli->nthr; t++) {
		fprintf(o, "%s{\"threshold_ms\": ", t ? ", " : "");
		jms(o, (double)sli->thr[t].us);
		fprintf(o, ", \"good\": %llu, \"ratio\": ",
		        (unsigned long long)st->thr_good[t]);
		jratio(o, st->thr_ratio[t]);
		fputs(", \"objective\": ", o);
		jnum(o, sli->thr[t].objective);
		if (ev)
			slo_json(o, ev, 1 + t, verdict[1 + t]);
		fputs("}", o);
	}
	fputs("]}", o);
}

/* ",\n   "series": {...}": the statistics per period (--by). */
static void series_json(FILE *o, const model_t *m, const model_series_t *se,
                        const sli_t *sli, const char *indent)
{
	const char *tz = m->by.tz[0] ? m->by.tz : "UTC";
	char b[40];
	fprintf(o, ",%s\"series\": {\"unit\": \"%s\", \"timezone\": ", indent,
	        series_unit_name(m->by.unit));
	report_json_str(o, tz, strlen(tz));
	fprintf(o,
	        ", \"dropped\": %llu, \"empty\": %llu, \"gaps\": %s, "
	        "\"periods\": [",
	        (unsigned long long)se->dropped, (unsigned long long)se->empty,
	        se->gaps ? "true" : "false");
	for (size_t k = 0; k < se->n; k++) {
		fprintf(o, "%s\n    {\"start\": \"%s\", ", k ? "," : "",
		        cal_format(se->p[k].start, m->by.tz, b, sizeof(b)));
		stats(o, &se->p[k].st, sli, m->rules, NULL, NULL);
		fputs("}", o);
	}
	fputs("]}", o);
}

static const char *const window_kinds[] = {"rolling", "month", "week",
                                           "quarter"};

/* ",\n   "slo_window": {...}" and the time-slice objective. */
static void slo_window_json(FILE *o, const model_sli_t *ms,
                            const slo_eval_t *ev)
{
	const sli_t *sli = ms->sli;
	const char *tz = sli->window.kind == WIN_ROLLING ? "" : sli->window.tz;
	char b[40];
	fprintf(o, ",\n   \"slo_window\": {\"kind\": \"%s\", ",
	        window_kinds[sli->window.kind]);
	if (sli->window.kind == WIN_ROLLING) {
		report_duration(b, sizeof(b), sli->window.seconds * 1000000);
		fprintf(o, "\"length\": \"%s\", \"timezone\": null", b);
	} else {
		fputs("\"timezone\": ", o);
		jcstr(o, *tz ? tz : "UTC");
	}
	fputs(", \"start\": ", o);
	if (ev) {
		jcstr(o, cal_format(ev->start, tz, b, sizeof(b)));
		fputs(", \"end\": ", o);
		jcstr(o, cal_format(ev->end, tz, b, sizeof(b)));
	} else {
		fputs("null, \"end\": null", o);
	}
	fprintf(o, ", \"untimed\": %llu, \"out_of_range\": %llu}",
	        (unsigned long long)ms->untimed,
	        (unsigned long long)ms->out_of_range);
	if (!sli->ts.size_s)
		return;
	report_duration(b, sizeof(b), sli->ts.size_s * 1000000);
	fprintf(o, ",\n   \"timeslice\": {\"size\": \"%s\", \"good_if\": ", b);
	jcstr(o, sli->ts.good_if);
	fputs(", \"objective\": ", o);
	jnum(o, sli->ts.objective);
	fprintf(o,
	        ", \"slices\": %llu, \"good\": %llu, "
	        "\"ratio\": ",
	        (unsigned long long)(ev ? ev->slices : 0),
	        (unsigned long long)(ev ? ev->good_slices : 0));
	if (ev)
		jratio(o, ms->ts_ratio);
	else
		fputs("null", o);
	if (ev && ev->ts_budget.unknown) {
		fputs(", \"budget\": null", o);
	} else if (ev) {
		const slo_budget_t *bu = &ev->ts_budget;
		fputs(", \"budget\": {\"allowed\": ", o);
		jnum(o, bu->allowed);
		fputs(", \"consumed\": ", o);
		jnum(o, bu->consumed);
		fputs(", \"remaining\": ", o);
		jnum(o, bu->remaining);
		fprintf(o, ", \"spent\": %s}", bu->spent ? "true" : "false");
	}
	if (ev)
		fprintf(o, ", \"status\": \"%s\"",
		        model_verdict_name(ms->ts_verdict));
	fputs("}", o);
}

void report_json_factor(FILE *o, double v)
{
	if (isfinite(v))
		fprintf(o, "%.12g", v);
	else
		fputs("null", o);
}

void report_json_alert_rules(FILE *o, const sli_t *sli)
{
	slo_alertset_t as;
	char l[16], sh[16];
	slo_alertset(sli, &as);
	fputs(",\n   \"alert_rules\": [", o);
	for (int i = 0; i < sli->nalert; i++) {
		const burn_alert_t *a = &sli->alert[i];
		report_duration(l, sizeof(l), a->long_s * 1000000);
		report_duration(sh, sizeof(sh), a->short_s * 1000000);
		fprintf(o,
		        "%s{\"severity\": \"%s\", \"long\": \"%s\", "
		        "\"short\": \"%s\", \"factor\": ",
		        i ? ", " : "", a->severity, l, sh);
		report_json_factor(o, a->factor * as.scale);
		fprintf(o, ", \"min_requests\": %llu}",
		        (unsigned long long)a->min_requests);
	}
	fputs("]", o);
}

/* whole.frac of a unit with frac in thousandths, trailing zeros cut:
 * "1.5", "1.25", "2". */
static void thousandths(char *buf, size_t len, int64_t whole, int64_t frac,
                        const char *unit)
{
	char f[8] = "";
	if (frac) {
		snprintf(f, sizeof(f), ".%03lld", (long long)frac);
		for (size_t k = strlen(f); f[k - 1] == '0'; k--)
			f[k - 1] = '\0';
	}
	snprintf(buf, len, "%lld%s%s", (long long)whole, f, unit);
}

/* "30d", "5m", "1h", "30s", "1.5s", "250ms", "1.5ms", "250us": a window's
 * or a threshold's name in the largest unit that writes it exactly (days,
 * hours and minutes whole; seconds and milliseconds to three decimals), as
 * the rules take it back (parse_duration_us). */
void report_duration(char *buf, size_t len, int64_t us)
{
	if (us && us % 86400000000LL == 0)
		snprintf(buf, len, "%lldd", (long long)(us / 86400000000LL));
	else if (us && us % 3600000000LL == 0)
		snprintf(buf, len, "%lldh", (long long)(us / 3600000000LL));
	else if (us && us % 60000000LL == 0)
		snprintf(buf, len, "%lldm", (long long)(us / 60000000LL));
	else if (us >= 1000000 && us % 1000 == 0)
		thousandths(buf, len, us / 1000000, us % 1000000 / 1000, "s");
	else if (us >= 1000)
		thousandths(buf, len, us / 1000, us % 1000, "ms");
	else
		snprintf(buf, len, "%lldus", (long long)us);
}

/* "windows": {"5m": {"slis": [{"name", "total", "endpoints"}]}} */
static void windows(FILE *o, const model_t *m)
{
	char name[32];

	fputs(",\n \"windows\": {", o);
	for (int k = 0; k < m->nwin; k++) {
		report_duration(name, sizeof(name), m->win_len_us[k]);
		fprintf(o, "%s\n  \"%s\": {\"slis\": [", k ? "," : "", name);
		for (int i = 0; i < m->nsli; i++) {
			const model_sli_t *ms = &m->sli[i];
			const sli_t *sli = ms->sli;
			fprintf(o, "%s\n   {\"name\": ", i ? "," : "");
			jcstr(o, sli->name);
			fputs(", \"total\": {", o);
			stats(o, &ms->win_total[k], sli, m->rules, NULL, NULL);
			fputs("}", o);
			if (sli->group_by != GROUP_NONE) {
				int first = 1;
				fputs(", \"endpoints\": [", o);
				for (int j = 0; j < ms->nep; j++) {
					const model_stats_t *ws =
					    &ms->win_ep[k * ms->nep + j];
					if (!ws->requests)
						continue;
					fprintf(o, "%s\n    {\"endpoint\": ",
					        first ? "" : ",");
					first = 0;
					report_json_str(o, ms->ep[j].key,
					                ms->ep[j].keyn);
					fputs(", ", o);
					stats(o, ws, sli, m->rules, NULL, NULL);
					fputs("}", o);
				}
				fputs("]", o);
			}
			fputs("}", o);
		}
		fputs("]}", o);
	}
	fputs("}", o);
}

void report_json_warnings(FILE *o, const model_t *m)
{
	fputs(",\n \"warnings\": [", o);
	for (int i = 0; i < m->nwarn; i++) {
		const model_warning_t *w = &m->warn[i];
		fprintf(o, "%s\n  {\"sli\": ", i ? "," : "");
		jcstr(o, m->rules->sli[w->sli].name);
		fprintf(o, ", \"kind\": \"%s\", \"message\": ", w->kind);
		jcstr(o, w->message);
		fputs("}", o);
	}
	fputs("]", o);
}

/* [{"path", "line", "reason"}, ...] of the samples s[0..n). */
static void samples_json(FILE *o, const model_t *m, const run_sample_t *s,
                         int n)
{
	for (int i = 0; i < n; i++) {
		fprintf(o, "%s{\"path\": ", i ? ", " : "");
		jcstr(o, m->run->files[s[i].file].name);
		fprintf(o, ", \"line\": %llu, \"reason\": ",
		        (unsigned long long)s[i].line);
		jcstr(o, s[i].reason);
		fputs("}", o);
	}
}

static const char *const every_names[] = {"once", "day", "week"};

/* The rules' corrections as written, each with the requests it left out
 * (summed over the SLIs). */
static void corrections_json(FILE *o, const model_t *m)
{
	static const char days[7][4] = {"mon", "tue", "wed", "thu",
	                                "fri", "sat", "sun"};
	const rules_t *r = m->rules;
	char b[40];
	for (int k = 0; k < r->ncorr; k++) {
		const corr_t *c = &r->corr[k];
		fprintf(o, "%s\n   {\"name\": ", k ? "," : "");
		jcstr(o, c->name);
		fputs(", \"reason\": ", o);
		if (c->reason)
			jcstr(o, c->reason);
		else
			fputs("null", o);
		fputs(", \"slis\": ", o);
		if (c->sli) {
			fputc('[', o);
			for (int i = 0, n = 0; i < rules_nuser(r); i++) {
				if (!c->sli[i])
					continue;
				fputs(n++ ? ", " : "", o);
				jcstr(o, r->sli[i].name);
			}
			fputc(']', o);
		} else {
			fputs("null", o);
		}
		fprintf(o, ", \"every\": \"%s\"", every_names[c->every]);
		if (c->every == CORR_ONCE) {
			fputs(", \"start\": ", o);
			jcstr(o, util_iso8601(c->start, b, sizeof(b)));
			fputs(", \"end\": ", o);
			jcstr(o, util_iso8601(c->end, b, sizeof(b)));
		} else {
			fputs(", \"days\": ", o);
			if (c->every == CORR_WEEK) {
				fputc('[', o);
				for (int d = 0, n = 0; d < 7; d++)
					if ((c->days >> d) & 1)
						fprintf(o, "%s\"%s\"",
						        n++ ? ", " : "",
						        days[d]);
				fputc(']', o);
			} else {
				fputs("null", o);
			}
			report_duration(b, sizeof(b), c->dur_s * 1000000);
			fprintf(
			    o,
			    ", \"at\": \"%02d:%02d\", \"duration\": \"%s\", "
			    "\"timezone\": ",
			    (int)(c->at_s / 3600), (int)(c->at_s / 60 % 60), b);
			jcstr(o, *c->tz ? c->tz : "UTC");
			fputs(", \"from\": ", o);
			if (c->from_day != INT64_MIN)
				report_json_str(
				    o,
				    util_iso8601(c->from_day * 86400, b,
				                 sizeof(b)),
				    10); /* the date */
			else
				fputs("null", o);
			fputs(", \"until\": ", o);
			if (c->until_day != INT64_MAX)
				report_json_str(
				    o,
				    util_iso8601(c->until_day * 86400, b,
				                 sizeof(b)),
				    10);
			else
				fputs("null", o);
		}
		fprintf(o, ", \"requests\": %llu}",
		        (unsigned long long)m->corr_total[k]);
	}
}

void report_json_input(FILE *o, const model_t *m)
{
	const model_input_t *a = &m->in;
	char t[32];

	fprintf(
	    o,
	    "{\"lines\": %llu, "
	    "\"requests\": %llu, \"unparsed\": %llu, \"other\": %llu, "
	    "\"unmatched\": %llu, "
	    "\"incomplete\": %llu, \"filtered\": %llu, \"corrected\": %llu, "
	    "\"format\": \"%s\"",
	    (unsigned long long)a->lines, (unsigned long long)a->requests,
	    (unsigned long long)a->unparsed, (unsigned long long)a->other,
	    (unsigned long long)a->unmatched, (unsigned long long)a->incomplete,
	    (unsigned long long)a->filtered, (unsigned long long)m->corrected,
	    a->format);
	fputs(",\n  \"incomplete_reasons\": {", o);
	for (int k = 0; k < INC_N; k++)
		fprintf(o, "%s\"%s\": %llu", k ? ", " : "",
		        fmt_incomplete_key(k),
		        (unsigned long long)a->incomplete_by[k]);
	fputs("}", o);
	fputs(",\n  \"files\": [", o);
	for (int i = 0; i < a->nfiles; i++) {
		const run_file_t *f = a->files_by_path[i];
		fprintf(o, "%s\n   {\"path\": ", i ? "," : "");
		jcstr(o, f->name);
		fprintf(o,
		        ", \"format\": \"%s\", \"gzip\": %s, \"lines\": %llu, "
		        "\"requests\": %llu, \"unparsed\": %llu, "
		        "\"other\": %llu, \"incomplete\": %llu, \"note\": ",
		        f->error && !f->lines ? "none" : fmt_name(f->format),
		        f->gzip ? "true" : "false",
		        (unsigned long long)f->lines,
		        (unsigned long long)f->requests,
		        (unsigned long long)f->unparsed,
		        (unsigned long long)f->other,
		        (unsigned long long)f->incomplete);
		if (f->note)
			jcstr(o, f->note);
		else
			fputs("null", o);
		fprintf(o, ", \"compression\": %s%s%s, \"error\": ",
		        f->compression ? "\"" : "",
		        f->compression ? f->compression : "null",
		        f->compression ? "\"" : "");
		if (f->error)
			jcstr(o, f->error);
		else
			fputs("null", o);
		fputs("}", o);
	}
	fputs("],\n  \"unparsed_lines\": [", o);
	samples_json(o, m, m->run->samples, m->run->nsamples);
	fputs("],\n  \"match_errors\": [", o);
	samples_json(o, m, m->run->match_errors, m->run->nmatch_errors);
	fputs("],\n  \"corrections\": [", o);
	corrections_json(o, m);
	fputs("],\n  \"start\": ", o);
	if (a->tmin != REQ_NO_TIME) {
		jcstr(o, util_iso8601(a->tmin, t, sizeof(t)));
		fputs(", \"end\": ", o);
		jcstr(o, util_iso8601(a->tmax, t, sizeof(t)));
	} else {
		fputs("null, \"end\": null", o);
	}
	fputs("}", o);
}

void report_json(FILE *o, const model_t *m)
{
	fprintf(o, "{\"version\": %d,\n \"input\": ", REPORT_JSON_VERSION);
	report_json_input(o, m);
	fputs(",\n \"slis\": [", o);
	for (int i = 0; i < m->nsli; i++) {
		const model_sli_t *ms = &m->sli[i];
		const sli_t *sli = ms->sli;
		const slo_eval_t *ev = m->end != REQ_NO_TIME ? &ms->ev : NULL;
		fprintf(o, "%s\n  {\"name\": ", i ? "," : "");
		jcstr(o, sli->name);
		fprintf(o,
		        ", \"group_by\": \"%s\", \"other_requests\": %llu, "
		        "\"match_errors\": %llu, \"corrected\": %llu, "
		        "\"corrections\": [",
		        route_group_name(sli->group_by),
		        (unsigned long long)ms->other_requests,
		        (unsigned long long)ms->match_errors,
		        (unsigned long long)ms->corrected);
		uint64_t listed = 0;
		int n = 0;
		for (int k = 0; k < m->rules->ncorr && !sli->census; k++) {
			if (!corr_for(&m->rules->corr[k], i))
				continue;
			fputs(n++ ? ", {\"name\": " : "{\"name\": ", o);
			jcstr(o, m->rules->corr[k].name);
			fprintf(o, ", \"requests\": %llu}",
			        (unsigned long long)ms->corr_n[k]);
			listed += ms->corr_n[k];
		}
		/* what corrections a reload removed (or took from this SLI)
		 * left out, so that the list adds up to "corrected" as the
		 * table's "earlier rules" does */
		if (!sli->census && listed < ms->corrected)
			fprintf(o, "%s{\"name\": null, \"requests\": %llu}",
			        n ? ", " : "",
			        (unsigned long long)(ms->corrected - listed));
		fputs("],\n   \"total\": {", o);
		stats(o, &ms->total.st, sli, m->rules, ev, ms->verdict);
		fputs("}", o);
		slo_window_json(o, ms, ev);
		report_json_alert_rules(o, sli);
		if (m->has_by)
			series_json(o, m, &ms->ser, sli, "\n   ");
		if (sli->group_by != GROUP_NONE) {
			fputs(",\n   \"endpoints\": [", o);
			for (int j = 0; j < ms->nep; j++) {
				const model_row_t *row = &ms->ep[j];
				fprintf(
				    o, "%s\n    {\"endpoint\": ", j ? "," : "");
				report_json_str(o, row->key, row->keyn);
				fputs(", ", o);
				stats(o, &row->st, sli, m->rules, NULL, NULL);
				if (m->by_endpoint)
					series_json(o, m, &row->ser, sli, " ");
				fputs("}", o);
			}
			fputs("]", o);
		}
		fputs("}", o);
	}
	fputs("]", o);
	report_json_warnings(o, m);
	if (m->has_win)
		windows(o, m);
	fputs("}\n", o);
}
