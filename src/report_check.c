/*
 * report_check.c - what `slicalc check` prints, formatted from a const
 * check_t (check.c computed it): an aligned table for a terminal, JSON
 * for machines (its keys are a contract: README.md, "slicalc check"),
 * and Markdown to paste into a pull-request review. No colours: the
 * verdict is the exit status and the words "warning" and "note".
 */
#include "check.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

#define NAME_MAX_COLS 40 /* widest SLI name column */
#define KEY_MAX_COLS  60 /* widest endpoint column, as in the report */

static const char *plural(uint64_t n)
{
	return n == 1 ? "" : "s";
}

/* Whether the SLI's requests carry a latency: "-" when it took none,
 * since there is nothing to judge. */
static const char *latency_word(const check_sli_t *s)
{
	return !s->requests ? "-" : s->lat_count ? "yes" : "no";
}

/* s[0..n) display-safe, at most max_cols columns (cut with "…"); the
 * columns written. */
static int cell(FILE *o, const char *s, size_t n, int max_cols)
{
	char buf[KEY_MAX_COLS * 8 + 8];
	int cut, cols = report_display(buf, sizeof(buf), s, n, max_cols, &cut);
	fputs(buf, o);
	if (cut) {
		fputs("…", o);
		cols++;
	}
	return cols;
}

/* The columns cell() takes for s. */
static int cell_cols(const char *s, size_t n, int max_cols)
{
	char buf[KEY_MAX_COLS * 8 + 8];
	int cut, cols = report_display(buf, sizeof(buf), s, n, max_cols, &cut);
	return cols + cut;
}

static void pad(FILE *o, int cols, int width)
{
	fprintf(o, "%*s", width > cols ? width - cols : 0, "");
}

/* "never", "no-match", ... the count of failing warnings and notes. */
static void counts(const check_t *c, int *warnings, int *notes)
{
	*warnings = c->failing;
	*notes = c->nwarn - c->failing;
}

/* The match keys of an SLI, ", "-separated ("everything" for none). */
static void match_keys(char *buf, size_t len, const sli_t *s)
{
	size_t at = 0;
	buf[0] = '\0';
	for (int f = 0; f < M_N; f++)
		if (s->match[f] && at < len)
			at += (size_t)snprintf(buf + at, len - at, "%s%s",
			                       at ? ", " : "",
			                       rules_match_name(f));
	if (!at)
		snprintf(buf, len, "everything");
}

/* ---- table --------------------------------------------------------------- */

static void table_slis(FILE *o, const check_t *c)
{
	char b[32], b2[32], keys[160];
	int nw = 3; /* "SLI" */
	for (int i = 0; i < c->nsli; i++) {
		const char *name = c->sli[i].sli->name;
		int w = cell_cols(name, strlen(name), NAME_MAX_COLS);
		nw = w > nw ? w : nw;
	}
	if (c->model)
		fprintf(o, "%-*s  %12s %8s %9s  %s\n", nw, "SLI", "REQUESTS",
		        "SHARE", "ENDPOINTS", "LATENCY");
	else
		fprintf(o, "%-*s  %-8s  %s\n", nw, "SLI", "GROUP_BY", "MATCH");
	for (int i = 0; i < c->nsli; i++) {
		const check_sli_t *s = &c->sli[i];
		pad(o,
		    cell(o, s->sli->name, strlen(s->sli->name), NAME_MAX_COLS),
		    nw);
		if (!c->model) {
			match_keys(keys, sizeof(keys), s->sli);
			fprintf(o, "  %-8s  %s\n",
			        route_group_name(s->sli->group_by), keys);
			continue;
		}
		fprintf(o, "  %12s %8s %9d  %s\n",
		        report_grouped(b, s->requests),
		        report_share(b2, sizeof(b2), s->requests,
		                     c->model->in.requests),
		        s->endpoints, latency_word(s));
	}
}

static void table_warnings(FILE *o, const check_t *c)
{
	int nw, nn;
	counts(c, &nw, &nn);
	if (!c->nwarn) {
		fputs("no warnings\n", o);
		return;
	}
	if (nw)
		fprintf(o, "%d warning%s", nw, plural((uint64_t)nw));
	else
		fputs("no warnings", o);
	if (nn)
		fprintf(o, ", %d note%s", nn, plural((uint64_t)nn));
	fputc('\n', o);
	for (int k = 0; k < c->nwarn; k++) {
		const check_warning_t *w = &c->warn[k];
		const char *name = c->rules->sli[w->sli].name;
		if (w->line) {
			report_display_put(o, c->rules->source,
			                   strlen(c->rules->source));
			fprintf(o, ":%d:%d: ", w->line, w->col);
		}
		fprintf(o, "%s: SLI '", w->note ? "note" : "warning");
		report_display_put(o, name, strlen(name));
		fprintf(o, "': %s: ", w->kind);
		report_display_put(o, w->message, strlen(w->message));
		fputc('\n', o);
	}
}

/* After the unmatched requests' share, when the census's "(other)" has
 * more: "; 12 more beyond max_endpoints" in buf (64 bytes); else "". */
static const char *beyond(const check_t *c, char *buf)
{
	char b[32];
	if (!c->census_other_unmatched)
		return "";
	snprintf(buf, 64, "; %s more beyond max_endpoints",
	         report_grouped(b, c->census_other_unmatched));
	return buf;
}

/* No endpoint seen one by one has requests no SLI took: every request
 * is taken, unless some in "(other)" are not. */
static void untaken_none(FILE *o, const check_t *c, int md)
{
	char b[32];
	if (!c->census_other_unmatched) {
		fputs(md ? "None: every request is taken by some SLI.\n"
		         : "every request is taken by some SLI\n",
		      o);
		return;
	}
	fprintf(o,
	        "%s endpoint seen one by one has requests no SLI takes; "
	        "%s request%s beyond max_endpoints %s not taken%s\n",
	        md ? "No" : "no", report_grouped(b, c->census_other_unmatched),
	        plural(c->census_other_unmatched),
	        c->census_other_unmatched == 1 ? "is" : "are", md ? "." : "");
}

/* The endpoint column's width for the first n rows of list. */
static int key_width(const check_endpoint_t *list, int n)
{
	int kw = 8; /* "ENDPOINT" */
	for (int k = 0; k < n; k++) {
		int w = cell_cols(list[k].key, list[k].keyn, KEY_MAX_COLS);
		kw = w > kw ? w : kw;
	}
	return kw;
}

static void table_overlaps(FILE *o, const check_t *c)
{
	int shown = c->noverlap < CHECK_TOP ? c->noverlap : CHECK_TOP;
	char b[32];
	if (!c->noverlap) {
		fputs("no endpoint is counted by two or more SLIs\n", o);
		return;
	}
	fprintf(o,
	        "%d endpoint%s counted by two or more SLIs (SLIs are "
	        "independent: listed, not a warning); each SLI named took "
	        "some of the endpoint's requests, TAKEN BY 2+ are those "
	        "counted more than once:\n",
	        c->noverlap, plural((uint64_t)c->noverlap));
	int kw = key_width(c->overlap, shown);
	fprintf(o, "%-*s  %17s  %11s  %s\n", kw, "ENDPOINT",
	        "ENDPOINT REQUESTS", "TAKEN BY 2+", "SLIS");
	for (int k = 0; k < shown; k++) {
		const check_endpoint_t *e = &c->overlap[k];
		char b2[32];
		pad(o, cell(o, e->key, e->keyn, KEY_MAX_COLS), kw);
		fprintf(o, "  %17s  %11s  ", report_grouped(b, e->requests),
		        report_grouped(b2, e->shared));
		for (int j = 0; j < e->nsli; j++) {
			const char *name = c->rules->sli[e->sli[j]].name;
			fputs(j ? ", " : "", o);
			report_display_put(o, name, strlen(name));
		}
		fputc('\n', o);
	}
	if (shown < c->noverlap)
		fprintf(o, "... %d more (-o json lists all)\n",
		        c->noverlap - shown);
}

static void table_unmatched(FILE *o, const check_t *c)
{
	int shown = c->nunmatched < CHECK_TOP ? c->nunmatched : CHECK_TOP;
	const model_input_t *in = &c->model->in;
	char b[32], b2[32], b3[64];
	if (!c->nunmatched) {
		untaken_none(o, c, 0);
		return;
	}
	fprintf(
	    o, "%d endpoint%s no SLI takes, %s request%s (%s of all%s)",
	    c->nunmatched, plural((uint64_t)c->nunmatched),
	    report_grouped(b, c->unmatched_requests),
	    plural(c->unmatched_requests),
	    report_share(b2, sizeof(b2), c->unmatched_requests, in->requests),
	    beyond(c, b3));
	fputs(shown < c->nunmatched ? "; the busiest:\n" : ":\n", o);
	int kw = key_width(c->unmatched, shown);
	fprintf(o, "%-*s  %12s %8s\n", kw, "ENDPOINT", "REQUESTS", "SHARE");
	for (int k = 0; k < shown; k++) {
		const check_endpoint_t *e = &c->unmatched[k];
		pad(o, cell(o, e->key, e->keyn, KEY_MAX_COLS), kw);
		fprintf(
		    o, "  %12s %8s\n", report_grouped(b, e->requests),
		    report_share(b2, sizeof(b2), e->requests, in->requests));
	}
	if (shown < c->nunmatched)
		fprintf(o, "... %d more (-o json lists all)\n",
		        c->nunmatched - shown);
}

/* The census ran out of room for routes: what its "(other)" holds is
 * left out of the endpoint counts and the lists; NULL when it has none. */
static const char *other_note(const check_t *c, char *buf, size_t len)
{
	char b[32];
	if (!c->census_other)
		return NULL;
	snprintf(buf, len,
	         "%s request%s of endpoints beyond max_endpoints (%d) %s "
	         "not seen one by one: the endpoint counts, overlaps and "
	         "unmatched endpoints leave them out; raise max_endpoints "
	         "in the rules",
	         report_grouped(b, c->census_other), plural(c->census_other),
	         c->rules->max_endpoints,
	         c->census_other == 1 ? "was" : "were");
	return buf;
}

static void table_unparsed(FILE *o, const check_t *c)
{
	const run_t *run = c->run;
	uint64_t n = c->model->in.unparsed;
	if (!n)
		return;
	char g[32];
	fprintf(o, "\n%s unparsed line%s", report_grouped(g, n), plural(n));
	if (n > (uint64_t)run->nsamples)
		fprintf(o, "; the first %d", run->nsamples);
	fputs(":\n", o);
	for (int i = 0; i < run->nsamples; i++) {
		const run_sample_t *s = &run->samples[i];
		const char *f = run->files[s->file].name;
		report_display_put(o, f, strlen(f));
		fprintf(o, ":%llu: ", (unsigned long long)s->line);
		report_display_put(o, s->reason, strlen(s->reason));
		fputc('\n', o);
	}
}

void report_check_table(FILE *o, const check_t *c)
{
	char note[300];
	fputs("rules ", o);
	report_display_put(o, c->rules->source, strlen(c->rules->source));
	fprintf(o, ": %d SLI%s\n", c->nsli, plural((uint64_t)c->nsli));
	if (c->model)
		report_table_input(o, c->model);
	else
		fputs("no logs read: the rules alone are checked (give log "
		      "files to try them on)\n",
		      o);
	fputc('\n', o);
	table_slis(o, c);
	fputc('\n', o);
	table_warnings(o, c);
	if (!c->model)
		return;
	if (!c->model->in.requests) {
		fputs("\nno request was read: no endpoint to list\n", o);
	} else {
		if (other_note(c, note, sizeof(note)))
			fprintf(o, "\nnote: %s\n", note);
		fputc('\n', o);
		table_overlaps(o, c);
		fputc('\n', o);
		table_unmatched(o, c);
	}
	table_unparsed(o, c);
}

/* ---- JSON ---------------------------------------------------------------- */

static void jstr(FILE *o, const char *s)
{
	report_json_str(o, s, strlen(s));
}

void report_check_json(FILE *o, const check_t *c)
{
	fprintf(o, "{\"version\": %d,\n \"rules\": ", CHECK_JSON_VERSION);
	jstr(o, c->rules->source);
	fputs(",\n \"input\": ", o);
	if (c->model)
		report_json_input(o, c->model);
	else
		fputs("null", o);
	fputs(",\n \"slis\": [", o);
	for (int i = 0; i < c->nsli; i++) {
		const check_sli_t *s = &c->sli[i];
		fprintf(o, "%s\n  {\"name\": ", i ? "," : "");
		jstr(o, s->sli->name);
		fprintf(o, ", \"group_by\": \"%s\", ",
		        route_group_name(s->sli->group_by));
		if (!c->model) {
			fputs("\"requests\": null, \"share\": null, "
			      "\"endpoints\": null, \"latency\": null, "
			      "\"match_errors\": null}",
			      o);
			continue;
		}
		fprintf(o, "\"requests\": %llu, \"share\": ",
		        (unsigned long long)s->requests);
		report_json_num(o, s->share);
		/* latency: null when it took no request (nothing to judge) */
		fprintf(o,
		        ", \"endpoints\": %d, \"latency\": %s, "
		        "\"match_errors\": %llu}",
		        s->endpoints,
		        !s->requests   ? "null"
		        : s->lat_count ? "true"
		                       : "false",
		        (unsigned long long)s->match_errors);
	}
	fputs("],\n \"warnings\": [", o);
	for (int k = 0; k < c->nwarn; k++) {
		const check_warning_t *w = &c->warn[k];
		fprintf(o, "%s\n  {\"sli\": ", k ? "," : "");
		jstr(o, c->rules->sli[w->sli].name);
		fprintf(o, ", \"kind\": \"%s\", \"severity\": \"%s\", ",
		        w->kind, w->note ? "note" : "warning");
		fputs("\"message\": ", o);
		jstr(o, w->message);
		if (w->field >= 0) {
			const char *pat = rules_pattern(&c->rules->sli[w->sli],
			                                w->field, NULL, NULL);
			fprintf(o, ", \"key\": \"match.%s\", \"pattern\": ",
			        rules_match_name(w->field));
			jstr(o, pat ? pat : "");
		} else {
			fputs(", \"key\": null, \"pattern\": null", o);
		}
		if (w->line)
			fprintf(o, ", \"line\": %d, \"column\": %d}", w->line,
			        w->col);
		else
			fputs(", \"line\": null, \"column\": null}", o);
	}
	fputs("],\n \"overlaps\": [", o);
	for (int k = 0; k < c->noverlap; k++) {
		const check_endpoint_t *e = &c->overlap[k];
		fprintf(o, "%s\n  {\"endpoint\": ", k ? "," : "");
		report_json_str(o, e->key, e->keyn);
		fputs(", \"slis\": [", o);
		for (int j = 0; j < e->nsli; j++) {
			fputs(j ? ", " : "", o);
			jstr(o, c->rules->sli[e->sli[j]].name);
		}
		fprintf(o,
		        "], \"requests\": %llu, \"shared\": %llu, \"share\": ",
		        (unsigned long long)e->requests,
		        (unsigned long long)e->shared);
		report_json_num(o, e->share);
		fputs("}", o);
	}
	fputs("],\n \"unmatched\": [", o);
	for (int k = 0; k < c->nunmatched; k++) {
		const check_endpoint_t *e = &c->unmatched[k];
		fprintf(o, "%s\n  {\"endpoint\": ", k ? "," : "");
		report_json_str(o, e->key, e->keyn);
		fprintf(o, ", \"requests\": %llu, \"share\": ",
		        (unsigned long long)e->requests);
		report_json_num(o, e->share);
		fputs("}", o);
	}
	fputs("],\n \"census_other\": ", o);
	if (c->model)
		fprintf(o, "%llu, \"census_other_unmatched\": %llu",
		        (unsigned long long)c->census_other,
		        (unsigned long long)c->census_other_unmatched);
	else
		fputs("null, \"census_other_unmatched\": null", o);
	fputs("}\n", o);
}

/* ---- Markdown ------------------------------------------------------------ */

static void md_name(FILE *o, const check_t *c, int sli, int table)
{
	const char *name = c->rules->sli[sli].name;
	report_md_code(o, name, strlen(name), table);
}

static void md_warnings(FILE *o, const check_t *c, int notes)
{
	fprintf(o, "\n### %s\n\n", notes ? "Notes" : "Warnings");
	for (int k = 0; k < c->nwarn; k++) {
		const check_warning_t *w = &c->warn[k];
		if (w->note != notes)
			continue;
		fprintf(o, "- `%s` in ", w->kind);
		md_name(o, c, w->sli, 0);
		if (w->line) {
			char at[64];
			snprintf(at, sizeof(at), ":%d:%d", w->line, w->col);
			fputs(" at ", o);
			char *where =
			    xmalloc(strlen(c->rules->source) + sizeof(at));
			strcpy(where, c->rules->source);
			strcat(where, at);
			report_md_code(o, where, strlen(where), 0);
			free(where);
		}
		fputs(": ", o);
		if (w->field >= 0) {
			/* the pattern in a code span, so that its backslashes
			 * show as written */
			char key[32];
			snprintf(key, sizeof(key), "match.%s",
			         rules_match_name(w->field));
			const char *pat = rules_pattern(&c->rules->sli[w->sli],
			                                w->field, NULL, NULL);
			report_md_code(o, key, strlen(key), 0);
			fputc(' ', o);
			report_md_code(o, pat ? pat : "", pat ? strlen(pat) : 0,
			               0);
			fputs(" can never match: ", o);
			report_md_text(o, w->message + w->reason, 0);
		} else {
			report_md_text(o, w->message, 0);
		}
		fputc('\n', o);
	}
}

static void md_slis(FILE *o, const check_t *c)
{
	char b[32], b2[32], keys[160];
	fputs("\n### SLIs\n\n", o);
	if (c->model)
		fputs("| SLI | requests | share | endpoints | latency |\n"
		      "|---|---:|---:|---:|---|\n",
		      o);
	else
		fputs("| SLI | group_by | match |\n|---|---|---|\n", o);
	for (int i = 0; i < c->nsli; i++) {
		const check_sli_t *s = &c->sli[i];
		fputs("| ", o);
		md_name(o, c, i, 1);
		if (!c->model) {
			match_keys(keys, sizeof(keys), s->sli);
			fprintf(o, " | %s | %s |\n",
			        route_group_name(s->sli->group_by), keys);
			continue;
		}
		fprintf(o, " | %s | %s | %d | %s |\n",
		        report_grouped(b, s->requests),
		        report_share(b2, sizeof(b2), s->requests,
		                     c->model->in.requests),
		        s->endpoints, latency_word(s));
	}
}

static void md_overlaps(FILE *o, const check_t *c)
{
	int shown = c->noverlap < CHECK_TOP ? c->noverlap : CHECK_TOP;
	char b[32];
	fputs("\n### Endpoints counted by two or more SLIs\n\n", o);
	if (!c->noverlap) {
		fputs("None.\n", o);
		return;
	}
	fprintf(o,
	        "%d endpoint%s; SLIs are independent, so this is listed, "
	        "not a warning. Each SLI named took some of the endpoint's "
	        "requests; *taken by 2+* are those counted more than "
	        "once.\n\n"
	        "| endpoint | endpoint requests | taken by 2+ | SLIs |\n"
	        "|---|---:|---:|---|\n",
	        c->noverlap, plural((uint64_t)c->noverlap));
	for (int k = 0; k < shown; k++) {
		const check_endpoint_t *e = &c->overlap[k];
		fputs("| ", o);
		report_md_code(o, e->key, e->keyn, 1);
		char b2[32];
		fprintf(o, " | %s | %s | ", report_grouped(b, e->requests),
		        report_grouped(b2, e->shared));
		for (int j = 0; j < e->nsli; j++) {
			fputs(j ? ", " : "", o);
			md_name(o, c, e->sli[j], 1);
		}
		fputs(" |\n", o);
	}
	if (shown < c->noverlap)
		fprintf(o, "\nAnd %d more (`-o json` lists all).\n",
		        c->noverlap - shown);
}

static void md_unmatched(FILE *o, const check_t *c)
{
	int shown = c->nunmatched < CHECK_TOP ? c->nunmatched : CHECK_TOP;
	const model_input_t *in = &c->model->in;
	char b[32], b2[32], b3[64];
	fputs("\n### Endpoints no SLI takes\n\n", o);
	if (!c->nunmatched) {
		untaken_none(o, c, 1);
		return;
	}
	fprintf(
	    o, "%d endpoint%s, %s request%s (%s of all%s)%s\n\n", c->nunmatched,
	    plural((uint64_t)c->nunmatched),
	    report_grouped(b, c->unmatched_requests),
	    plural(c->unmatched_requests),
	    report_share(b2, sizeof(b2), c->unmatched_requests, in->requests),
	    beyond(c, b3), shown < c->nunmatched ? "; the busiest:" : ".");
	fputs("| endpoint | requests | share |\n|---|---:|---:|\n", o);
	for (int k = 0; k < shown; k++) {
		const check_endpoint_t *e = &c->unmatched[k];
		fputs("| ", o);
		report_md_code(o, e->key, e->keyn, 1);
		fprintf(
		    o, " | %s | %s |\n", report_grouped(b, e->requests),
		    report_share(b2, sizeof(b2), e->requests, in->requests));
	}
	if (shown < c->nunmatched)
		fprintf(o, "\nAnd %d more (`-o json` lists all).\n",
		        c->nunmatched - shown);
}

static void md_unparsed(FILE *o, const check_t *c)
{
	const run_t *run = c->run;
	uint64_t n = c->model->in.unparsed;
	if (!n)
		return;
	char g[32];
	fprintf(o, "\n### Unparsed lines\n\n%s line%s", report_grouped(g, n),
	        plural(n));
	if (n > (uint64_t)run->nsamples)
		fprintf(o, "; the first %d", run->nsamples);
	fputs(":\n\n", o);
	for (int i = 0; i < run->nsamples; i++) {
		const run_sample_t *s = &run->samples[i];
		const char *f = run->files[s->file].name;
		char at[32];
		snprintf(at, sizeof(at), ":%llu", (unsigned long long)s->line);
		char *where = xmalloc(strlen(f) + sizeof(at));
		strcpy(where, f);
		strcat(where, at);
		fputs("- ", o);
		report_md_code(o, where, strlen(where), 0);
		fputs(": ", o);
		report_md_text(o, s->reason, 0);
		fputc('\n', o);
		free(where);
	}
}

void report_check_markdown(FILE *o, const check_t *c)
{
	int nw, nn;
	counts(c, &nw, &nn);
	fputs("## slicalc check\n\nRules ", o);
	report_md_code(o, c->rules->source, strlen(c->rules->source), 0);
	fprintf(o, ": %d SLI%s", c->nsli, plural((uint64_t)c->nsli));
	if (c->model) {
		fputs(", tried on the logs:\n\n", o);
		report_md_input(o, c->model);
	} else {
		fputs(", no logs read: the rules alone are checked.\n", o);
	}
	if (nw)
		fprintf(o, "\n**%d warning%s**", nw, plural((uint64_t)nw));
	else
		fputs("\n**No warnings**", o);
	if (nn)
		fprintf(o, ", %d note%s", nn, plural((uint64_t)nn));
	fputs(".\n", o);
	md_slis(o, c);
	if (nw)
		md_warnings(o, c, 0);
	if (nn)
		md_warnings(o, c, 1);
	if (!c->model)
		return;
	if (!c->model->in.requests) {
		fputs("\n### Endpoints\n\nNo request was read: no endpoint to "
		      "list.\n",
		      o);
	} else {
		char note[300];
		if (other_note(c, note, sizeof(note))) {
			fputs("\nNote: ", o);
			report_md_text(o, note, 0);
			fputc('\n', o);
		}
		md_overlaps(o, c);
		md_unmatched(o, c);
	}
	md_unparsed(o, c);
}
