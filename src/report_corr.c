/*
 * report_corr.c - what the writers say of corrections (corr.h) beside the
 * input accounting: the table's line (report, backtest, check, routes
 * share report_table_input) and the Prometheus counter.
 */
#include "report.h"

#include <stdio.h>
#include <string.h>

void report_corrections_line(FILE *o, const model_t *m)
{
	const rules_t *r = m->rules;
	char b[32];
	if (!r->ncorr && !m->corrected)
		return;
	uint64_t untimed = 0;
	for (int i = 0; i < m->nsli; i++)
		untimed += m->sli[i].sli->census ? 0 : m->sli[i].untimed;
	if (!m->corrected && !untimed) {
		/* said, so that a reader knows the rules have some */
		fprintf(o,
		        "corrected: none (no request in the %s of the rules)\n",
		        report_count(b, sizeof(b), (uint64_t)r->ncorr,
		                     "correction"));
		return;
	}
	/* counted per SLI: a request two SLIs matched in a correction is
	 * two, so with several SLIs correcting, the sum may exceed the
	 * requests read; the line says so then (README, "Accounting") */
	int slis = 0;
	for (int i = 0; i < m->nsli; i++)
		slis += m->sli[i].corrected > 0;
	fprintf(o, "corrected: %s left out of their SLIs%s",
	        report_count(b, sizeof(b), m->corrected, "request"),
	        slis > 1 ? ", counted once per SLI" : "");
	uint64_t listed = 0;
	int shown = 0;
	for (int k = 0; k < r->ncorr; k++) {
		listed += m->corr_total[k];
		if (!m->corr_total[k])
			continue; /* the line names those that took some */
		fputs(shown++ ? "; " : " (", o);
		report_display_put(o, r->corr[k].name, strlen(r->corr[k].name));
		fprintf(o, " %s", report_grouped(b, m->corr_total[k]));
	}
	if (listed < m->corrected) /* by corrections a reload removed */
		fprintf(o, "%searlier rules %s", shown++ ? "; " : " (",
		        report_grouped(b, m->corrected - listed));
	if (shown)
		fputc(')', o);
	if (untimed)
		fprintf(o, "; %s without a time not checked",
		        report_count(b, sizeof(b), untimed, "request"));
	fputc('\n', o);
}
