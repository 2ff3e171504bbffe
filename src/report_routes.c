/*
 * report_routes.c - the writers of `slicalc routes` over a routes_t
 * (routes.h): an aligned table for people, JSON and CSV for machines.
 * They compute nothing: every figure is in the routes_t, the input
 * accounting in its model (written as report writes it).
 */
#include "routes.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

#define KEY_MAX  60 /* widest endpoint column (as report's) */
#define KEY_MIN  24 /* narrowest, however narrow the terminal */
#define NUM_COLS 59 /* the columns right of the endpoint, SLIS aside */
#define SLI_COLS 16 /* room kept for the SLIS column */

/* The byte offset of character k of the UTF-8 text s. */
static size_t char_at(const char *s, int k)
{
	size_t i = 0;
	for (; s[i]; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && k-- == 0)
			break;
	return i;
}

/*
 * The endpoint as the table shows it, at most max characters: a longer
 * key keeps its start (method and first segments) and its end (the last
 * segments, which tell endpoints apart) around "…". Writes into buf (cap
 * at least 8 * max + 8); returns the characters shown.
 */
static int key_cell(char *buf, size_t cap, const char *key, size_t keyn,
                    int max)
{
	int cut;
	char *all = xmalloc(8 * keyn + 1);
	int n = report_display(all, 8 * keyn + 1, key, keyn, INT_MAX, &cut);
	if (n <= max) {
		snprintf(buf, cap, "%s", all);
		free(all);
		return n;
	}
	/* the tail from a segment's start when one is near the end */
	int tail = (max - 1) / 3;
	size_t t = char_at(all, n - tail);
	const char *slash = strchr(all + t, '/');
	if (slash && slash[1]) {
		t = (size_t)(slash - all);
		tail = 0;
		for (const char *c = slash; *c; c++)
			tail += ((unsigned char)*c & 0xC0) != 0x80;
	}
	size_t h = char_at(all, max - 1 - tail);
	snprintf(buf, cap, "%.*s…%s", (int)h, all, all + t);
	free(all);
	return max;
}

/* "api, web", "-" when no SLI took it, and how many no SLI took when
 * some did. */
static void slis_cell(FILE *o, const routes_t *rt, const routes_row_t *row)
{
	char b[32];
	if (!row->nslis) {
		fputs("-", o);
		return;
	}
	for (int k = 0; k < row->nslis; k++) {
		const char *name = rt->rules->sli[row->slis[k]].name;
		fputs(k ? ", " : "", o);
		report_display_put(o, name, strlen(name));
	}
	if (row->untaken)
		fprintf(o, " (%s not taken)", report_grouped(b, row->untaken));
}

static void table_row(FILE *o, const routes_t *rt, const routes_row_t *row,
                      int kw, int max)
{
	char b[32], disp[8 * KEY_MAX + 8];
	int n = key_cell(disp, sizeof(disp), row->key, row->keyn, max);
	fprintf(o, "%s%*s", disp, kw - n, "");
	fprintf(o, " %10s", report_grouped(b, row->requests));
	report_share(b, sizeof(b), row->requests, rt->requests);
	fprintf(o, " %7s", b);
	report_share(b, sizeof(b), row->bad, row->requests);
	fprintf(o, " %7s", b);
	double pct[3] = {row->p50_us, row->p95_us, row->p99_us};
	for (int q = 0; q < 4; q++) {
		if (!row->has_latency)
			snprintf(b, sizeof(b), "-");
		else
			report_ms(b, sizeof(b),
			          q < 3 ? pct[q] : (double)row->max_us);
		fprintf(o, " %7s", b);
	}
	if (rt->nuser) {
		fputs("  ", o);
		slis_cell(o, rt, row);
	}
	fputc('\n', o);
}

void report_routes_table(FILE *o, const routes_t *rt,
                         const routes_table_opts_t *opt)
{
	int n = rt->nrows;
	int shown = opt->top > 0 && opt->top < n ? opt->top : n;
	int max = KEY_MAX;
	if (opt->width) {
		max = opt->width - NUM_COLS - (rt->nuser ? SLI_COLS : 0);
		max = max < KEY_MIN ? KEY_MIN : max > KEY_MAX ? KEY_MAX : max;
	}
	char b[32];

	report_table_input(o, rt->m);
	fputc('\n', o);
	int kw = 8; /* "ENDPOINT" */
	for (int j = 0; j < shown; j++) {
		char disp[8 * KEY_MAX + 8];
		int w = key_cell(disp, sizeof(disp), rt->rows[j].key,
		                 rt->rows[j].keyn, max);
		kw = w > kw ? w : kw;
	}
	fprintf(o, "%-*s %10s %7s %7s %7s %7s %7s %7s%s\n", kw, "ENDPOINT",
	        "REQUESTS", "SHARE", "5XX", "P50ms", "P95ms", "P99ms", "MAXms",
	        rt->nuser ? "  SLIS" : "");
	for (int j = 0; j < shown; j++)
		table_row(o, rt, &rt->rows[j], kw, max);
	if (shown < n)
		fprintf(o, "... %d more endpoint%s (--top 0 shows all)\n",
		        n - shown, n - shown == 1 ? "" : "s");
	if (rt->other_requests)
		fprintf(o,
		        "note: more than %d endpoints (max_endpoints); %s "
		        "request%s %s counted under %s\n",
		        rt->max_endpoints,
		        report_grouped(b, rt->other_requests),
		        rt->other_requests == 1 ? "" : "s",
		        rt->other_requests == 1 ? "is" : "are", AGG_OTHER);
	if (!rt->nuser && rt->nrows)
		fputs("(no rules: every request is unmatched; -r RULES shows "
		      "which SLIs take each)\n",
		      o);
}

/* Milliseconds, or null without latency. */
static void jms(FILE *o, int has, double us)
{
	if (has)
		report_json_num(o, us / 1000.0);
	else
		fputs("null", o);
}

void report_routes_json(FILE *o, const routes_t *rt)
{
	fprintf(o, "{\"version\": %d,\n \"input\": ", ROUTES_JSON_VERSION);
	report_json_input(o, rt->m);
	fprintf(o,
	        ",\n \"group_by\": \"%s\", \"max_endpoints\": %d, "
	        "\"other_requests\": %llu,\n \"slis\": [",
	        route_group_name(rt->group_by), rt->max_endpoints,
	        (unsigned long long)rt->other_requests);
	for (int i = 0; i < rt->nuser; i++) {
		const char *name = rt->rules->sli[i].name;
		fputs(i ? ", " : "", o);
		report_json_str(o, name, strlen(name));
	}
	fputs("],\n \"routes\": [", o);
	for (int j = 0; j < rt->nrows; j++) {
		const routes_row_t *r = &rt->rows[j];
		fprintf(o, "%s\n  {\"endpoint\": ", j ? "," : "");
		report_json_str(o, r->key, r->keyn);
		fprintf(o, ", \"requests\": %llu, \"share\": ",
		        (unsigned long long)r->requests);
		report_json_num(o, r->share);
		fprintf(o, ", \"bad\": %llu, \"bad_share\": ",
		        (unsigned long long)r->bad);
		report_json_num(o, r->bad_share);
		fprintf(o, ", \"s4xx\": %llu, \"latency_count\": %llu",
		        (unsigned long long)r->s4xx,
		        (unsigned long long)r->st->lat_count);
		fputs(", \"p50_ms\": ", o);
		jms(o, r->has_latency, r->p50_us);
		fputs(", \"p95_ms\": ", o);
		jms(o, r->has_latency, r->p95_us);
		fputs(", \"p99_ms\": ", o);
		jms(o, r->has_latency, r->p99_us);
		fputs(", \"max_ms\": ", o);
		jms(o, r->has_latency, (double)r->max_us);
		fputs(", \"slis\": [", o);
		for (int k = 0; k < r->nslis; k++) {
			const char *name = rt->rules->sli[r->slis[k]].name;
			fputs(k ? ", " : "", o);
			report_json_str(o, name, strlen(name));
		}
		fprintf(o, "], \"untaken\": %llu, \"action\": ",
		        (unsigned long long)r->untaken);
		if (*r->action)
			report_json_str(o, r->action, strlen(r->action));
		else
			fputs("null", o);
		fputs("}", o);
	}
	fputs("]}\n", o);
}

/* ",N.NNN" milliseconds, or "," without latency. */
static void cms(FILE *o, int has, double us)
{
	if (has)
		fprintf(o, ",%.3f", us / 1000);
	else
		fputs(",", o);
}

void report_routes_csv(FILE *o, const routes_t *rt)
{
	char b[40];
	fputs("endpoint,requests,share,bad,bad_share,s4xx,latency_count,"
	      "p50_ms,p95_ms,p99_ms,max_ms,slis,untaken,action\n",
	      o);
	for (int j = 0; j < rt->nrows; j++) {
		const routes_row_t *r = &rt->rows[j];
		report_csv_field(o, r->key, r->keyn);
		fprintf(o, ",%llu,%s", (unsigned long long)r->requests,
		        report_num(b, sizeof(b), r->share));
		fprintf(o, ",%llu,%s", (unsigned long long)r->bad,
		        report_num(b, sizeof(b), r->bad_share));
		fprintf(o, ",%llu,%llu", (unsigned long long)r->s4xx,
		        (unsigned long long)r->st->lat_count);
		cms(o, r->has_latency, r->p50_us);
		cms(o, r->has_latency, r->p95_us);
		cms(o, r->has_latency, r->p99_us);
		cms(o, r->has_latency, (double)r->max_us);
		putc(',', o);
		/* the names joined, then quoted as one field */
		size_t len = 1;
		for (int k = 0; k < r->nslis; k++)
			len += strlen(rt->rules->sli[r->slis[k]].name) + 1;
		char *names = xmalloc(len);
		names[0] = '\0';
		for (int k = 0; k < r->nslis; k++) {
			if (k)
				strcat(names, ";");
			strcat(names, rt->rules->sli[r->slis[k]].name);
		}
		report_csv_field(o, names, strlen(names));
		free(names);
		fprintf(o, ",%llu,", (unsigned long long)r->untaken);
		report_csv_field(o, r->action, strlen(r->action));
		putc('\n', o);
	}
}
