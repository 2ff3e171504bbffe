/*
 * report_backtest.c - what `slicalc backtest` prints: per SLI, every
 * alert that would have fired (JSON or a table), and per severity how
 * often and how long. Writers only; the replay is in replay.c.
 */
#include "report.h"

#include <math.h>
#include <string.h>

#include "calendar.h"
#include "replay.h"

static void slo_name(char *buf, size_t len, const sli_t *sli, int k)
{
	char d[16];
	if (k == 0) {
		snprintf(buf, len, "availability");
		return;
	}
	report_duration(d, sizeof(d), sli->thr[k - 1].us);
	snprintf(buf, len, "latency <= %s", d);
}

static const char *zone(const sli_t *sli)
{
	return sli->window.kind == WIN_ROLLING ? "" : sli->window.tz;
}

/* "6h29m", "58m", "2d3h" */
static void span(char *buf, size_t len, int64_t s)
{
	int64_t m = s / 60, h = m / 60, d = h / 24;
	if (d)
		snprintf(buf, len, "%lldd%lldh", (long long)d,
		         (long long)(h % 24));
	else if (h)
		snprintf(buf, len, "%lldh%02lldm", (long long)h,
		         (long long)(m % 60));
	else
		snprintf(buf, len, "%lldm", (long long)m);
}

static void pair_name(char *buf, size_t len, const burn_alert_t *a)
{
	char l[16], s[16];
	report_duration(l, sizeof(l), a->long_s * 1000000);
	report_duration(s, sizeof(s), a->short_s * 1000000);
	snprintf(buf, len, "%s/%s", l, s);
}

static void jnum(FILE *o, double v)
{
	report_json_num(o, v);
}

static void jtime(FILE *o, int64_t t, const char *tz)
{
	char b[40];
	if (t == REQ_NO_TIME)
		fputs("null", o);
	else
		fprintf(o, "\"%s\"", cal_format(t, tz, b, sizeof(b)));
}

void report_backtest_json(FILE *o, const model_t *m, const replay_t *rp)
{
	const rules_t *r = m->rules;
	char b[64];
	fprintf(o, "{\"version\": %d,\n \"input\": ", REPORT_JSON_VERSION);
	report_json_input(o, m);
	fputs(",\n \"slis\": [", o);
	for (int i = 0; i < r->nsli; i++) {
		const sli_t *sli = &r->sli[i];
		const replay_t *p = &rp[i];
		const char *tz = zone(sli);
		fprintf(o, "%s\n  {\"name\": ", i ? "," : "");
		report_json_str(o, sli->name, strlen(sli->name));
		fputs(", \"evaluated\": {\"from\": ", o);
		jtime(o, p->empty ? REQ_NO_TIME : p->from, tz);
		fputs(", \"to\": ", o);
		jtime(o, p->empty ? REQ_NO_TIME : p->to, tz);
		fputs("}", o);
		report_json_alert_rules(o, sli);
		fputs(",\n   \"alerts\": [", o);
		for (size_t j = 0; j < p->n; j++) {
			const replay_alert_t *al = &p->a[j];
			const burn_alert_t *t = &sli->alert[al->trigger];
			slo_name(b, sizeof(b), sli, al->slo);
			fprintf(o, "%s\n    {\"slo\": \"%s\", \"objective\": ",
			        j ? "," : "", b);
			jnum(o, slo_objective(sli, al->slo));
			fprintf(o, ", \"severity\": \"%s\", \"start\": ",
			        p->as.sev[al->sev]);
			jtime(o, al->start, tz);
			fputs(", \"end\": ", o);
			jtime(o, al->end, tz);
			fprintf(o, ", \"minutes\": %lld, ",
			        (long long)(al->firing_s / 60));
			pair_name(b, sizeof(b), t);
			fprintf(o, "\"trigger\": \"%s\", \"factor\": ", b);
			report_json_factor(o, t->factor * p->as.scale);
			fprintf(o, ", \"min_requests\": %llu",
			        (unsigned long long)t->min_requests);
			fputs(", \"peak_burn\": ", o);
			jnum(o, al->peak_burn);
			fprintf(o, ", \"bad\": %llu, \"budget_consumed\": ",
			        (unsigned long long)al->bad);
			jnum(o, al->consumed);
			fputs("}", o);
		}
		fputs("],\n   \"summary\": {", o);
		for (int s = 0; s < p->as.nsev; s++)
			fprintf(o,
			        "%s\"%s\": {\"alerts\": %d, \"minutes\": %lld, "
			        "\"held_minutes\": %lld}",
			        s ? ", " : "", p->as.sev[s], p->nfired[s],
			        (long long)(p->fired_s[s] / 60),
			        (long long)(p->held_s[s] / 60));
		fputs("}}", o);
	}
	fputs("]", o);
	report_json_warnings(o, m);
	fputs("}\n", o);
}

void report_backtest_table(FILE *o, const model_t *m, const replay_t *rp)
{
	const rules_t *r = m->rules;
	char b[64], t1[40], t2[40], d[24], pn[32];
	report_table_input(o, m);
	for (int i = 0; i < r->nsli; i++) {
		const sli_t *sli = &r->sli[i];
		const replay_t *p = &rp[i];
		const char *tz = zone(sli);
		fputs("\nSLI ", o);
		report_display_put(o, sli->name, strlen(sli->name));
		if (p->empty) {
			fputs(": no request with a time\n", o);
			continue;
		}
		fprintf(o, ": evaluated every minute from %s to %s\n",
		        cal_format(p->from, tz, t1, sizeof(t1)),
		        cal_format(p->to, tz, t2, sizeof(t2)));
		/* why an alert stayed quiet through a burst on a quiet SLI */
		for (int k = 0; k < sli->nalert; k++) {
			const burn_alert_t *a = &sli->alert[k];
			if (!a->min_requests)
				continue;
			pair_name(pn, sizeof(pn), a);
			report_duration(d, sizeof(d), a->long_s * 1000000);
			fprintf(o,
			        "%s %s fires only with at least %llu request%s "
			        "in %s\n",
			        a->severity, pn,
			        (unsigned long long)a->min_requests,
			        a->min_requests == 1 ? "" : "s", d);
		}
		for (int s = 0; s < p->as.nsev; s++)
			if (p->held_s[s])
				fprintf(
				    o,
				    "%s held back by min_requests for %s: its "
				    "burn rates were over the factor, its "
				    "long window too quiet\n",
				    p->as.sev[s],
				    report_count(b, sizeof(b),
				                 (uint64_t)(p->held_s[s] / 60),
				                 "minute"));
		if (!p->n) {
			fputs("no alert would have fired\n", o);
			continue;
		}
		fprintf(o, "%-22s %-8s %-25s %-25s %8s %-8s %9s %8s %11s\n",
		        "SLO", "SEVERITY", "FIRED", "CLEARED", "FOR", "TRIGGER",
		        "PEAK BURN", "BAD", "BUDGET USED");
		for (size_t j = 0; j < p->n; j++) {
			const replay_alert_t *al = &p->a[j];
			char obj[16];
			slo_name(b, sizeof(b), sli, al->slo);
			report_pct(obj, sizeof(obj),
			           slo_objective(sli, al->slo));
			snprintf(b + strlen(b), sizeof(b) - strlen(b), " %s%%",
			         obj);
			span(d, sizeof(d), al->firing_s);
			pair_name(pn, sizeof(pn), &sli->alert[al->trigger]);
			char used[24];
			if (isnan(al->consumed)) /* an objective of 100% */
				snprintf(used, sizeof(used), "spent");
			else
				snprintf(used, sizeof(used), "%.1f%%",
				         al->consumed * 100);
			fprintf(o,
			        "%-22s %-8s %-25s %-25s %8s %-8s %9.1f %8llu "
			        "%11s\n",
			        b, p->as.sev[al->sev],
			        cal_format(al->start, tz, t1, sizeof(t1)),
			        al->end == REQ_NO_TIME
			            ? "(still firing)"
			            : cal_format(al->end, tz, t2, sizeof(t2)),
			        d, pn, al->peak_burn,
			        (unsigned long long)al->bad, used);
		}
	}
}
