/*
 * report_corr.c - what the writers say of corrections (corr.h) beside the
 * input accounting: the table's line (report, backtest, check, routes
 * share report_table_input) and the Prometheus counter.
 */
#include "report.h"

#include <stdio.h>

void report_corrections_line(FILE *o, const model_t *m)
{
	const rules_t *r = m->rules;
	char b[32];
	if (!r->ncorr && !m->corrected)
		return;
	fprintf(o, "corrected: %s request%s left out of their SLIs",
	        report_grouped(b, m->corrected), m->corrected == 1 ? "" : "s");
	uint64_t listed = 0;
	for (int k = 0; k < r->ncorr; k++) {
		fprintf(o, "%s%s %s", k ? "; " : " (", r->corr[k].name,
		        report_grouped(b, m->corr_total[k]));
		listed += m->corr_total[k];
	}
	if (listed < m->corrected) /* by corrections a reload removed */
		fprintf(o, "%searlier rules %s", r->ncorr ? "; " : " (",
		        report_grouped(b, m->corrected - listed));
	if (r->ncorr || listed < m->corrected)
		fputc(')', o);
	uint64_t untimed = 0;
	for (int i = 0; i < m->nsli; i++)
		untimed += m->sli[i].sli->census ? 0 : m->sli[i].untimed;
	if (untimed)
		fprintf(o, "; %s request%s without a time not checked",
		        report_grouped(b, untimed), untimed == 1 ? "" : "s");
	fputc('\n', o);
}
