/*
 * test_check.c - `slicalc check` computed from a small hand-made run
 * (like test_run.c's test_match_keys): each SLI's requests, share and
 * routes, every warning kind in its order, the overlaps and the
 * unmatched endpoints from the census, all counted by hand from the
 * lines below; the rules alone; and the Markdown writer's escaping of a
 * '|' in an endpoint key.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h" /* the harness (tests/unit/check.h) */
/* the module: its header has the same name as the harness's */
#include "../../src/check.h"

static char dir[] = "/tmp/slicalc-test-check-XXXXXX";

/* SLIs 0 to 5; typo's path pattern is on line 14, column 36. evil's
 * lookahead keeps it PCRE2's with Hyperscan too, which finds candidates
 * (its x+ lets the x's through) that PCRE2 then fails to decide. */
static const char yaml[] =
    "slis:\n"
    "  - name: api\n"
    "    match: {path: '^/api/'}\n"
    "    availability: {objective: 99.9}\n"
    "  - name: users\n"
    "    match: {route: '^GET /api/users/:id$'}\n"
    "    latency: [{threshold: 100ms, objective: 99}]\n"
    "  - name: health\n"
    "    match: {path: '^/up$'}\n"
    "    latency: [{threshold: 300ms, objective: 99}]\n"
    "  - name: admin\n"
    "    match: {path: '^/admin'}\n"
    "  - name: typo\n"
    "    match: {method: '^GET$', path: '^GET /x'}\n"
    "  - name: evil\n"
    "    match: {path: '^(?=/)/(?:(x+x+)+y|api/.*|x+)$'}\n";

/* The lines, and which SLIs take each (by hand). */
static const char *const lines[] = {
    "GET /api/users/1 HTTP/1.1\" 200 1 \"-\" \"-\" 0.010", /* api users evil */
    "GET /api/users/2 HTTP/1.1\" 503 1 \"-\" \"-\" 0.020", /* api users evil */
    "GET /api/orders HTTP/1.1\" 200 1 \"-\" \"-\" 0.500",  /* api evil */
    /* health, without a latency */
    "GET /up HTTP/1.1\" 200 1 \"-\" \"-\"",
    "GET /assets/app.js HTTP/1.1\" 200 1 \"-\" \"-\" 0.001", /* none */
    "GET /assets/app.js HTTP/1.1\" 200 1 \"-\" \"-\"",       /* none */
    "GET /login HTTP/1.1\" 200 1 \"-\" \"-\" 0.005",         /* none */
    "GET /a|b HTTP/1.1\" 200 1 \"-\" \"-\" 0.005",           /* none */
    /* evil cannot decide it (match limit); no other SLI takes it */
    "GET /xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx HTTP/1.1\" 200 1 \"-\" \"-\" 0.005",
};
#define NREQ 9

/* What a writer writes for c, in a buffer to free. */
static char *written(void (*writer)(FILE *, const check_t *), const check_t *c)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	writer(f, c);
	fclose(f);
	return buf;
}

static char *markdown_of(const check_t *c)
{
	return written(report_check_markdown, c);
}

/* How many times needle is in hay. */
static int count_of(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

/* A run of the rules text (with the census) over a log of the
 * request lines given (each after the usual nginx prefix), repeated
 * times[i] times; NULL when the rules do not load. */
static run_t *run_over(nginx_fmt_t *nf, const char *text, rules_t **rules,
                       const char *const *req, const int *times, int n)
{
	char path[300];
	snprintf(path, sizeof(path), "%s/b.log", dir);
	FILE *f = fopen(path, "w");
	for (int i = 0; i < n; i++)
		for (int k = 0; k < times[i]; k++)
			fprintf(f,
			        "1.2.3.4 - - [10/Mar/2024:15:00:00 +0000] "
			        "\"%s\" 200 1 \"-\" \"-\" 0.010\n",
			        req[i]);
	fclose(f);
	rules_err_t re;
	*rules = rules_load_buf(text, strlen(text), "t.yaml", &re);
	CHECK_MSG(*rules != NULL, "%d:%d %s", re.line, re.col, re.msg);
	if (!*rules)
		return NULL;
	rules_add_census(*rules, GROUP_ROUTE);
	format_t fmt = {FMT_NGINX, nf, &(*rules)->fields, LAT_REQUEST_TIME};
	run_t *run = run_new(*rules, &fmt);
	run_file(run, path);
	agg_finish(run->agg);
	return run;
}

static void test_run_check(nginx_fmt_t *nf)
{
	char path[300];
	snprintf(path, sizeof(path), "%s/a.log", dir);
	FILE *f = fopen(path, "w");
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		fprintf(f, "1.2.3.4 - - [10/Mar/2024:15:00:00 +0000] \"%s\n",
		        lines[i]);
	fputs("not a log line\n", f);
	fclose(f);

	rules_err_t re;
	rules_t *rules = rules_load_buf(yaml, sizeof(yaml) - 1, "t.yaml", &re);
	CHECK_MSG(rules != NULL, "%d:%d %s", re.line, re.col, re.msg);
	if (!rules)
		return;
	rules_add_census(rules, GROUP_ROUTE);
	format_t fmt = {FMT_NGINX, nf, &rules->fields, LAT_REQUEST_TIME};
	run_t *run = run_new(rules, &fmt);
	run_file(run, path);
	agg_finish(run->agg);
	CHECK_INT(run->agg->requests, NREQ);
	CHECK_INT(run->agg->unparsed, 1);

	check_t *c = check_new(rules, run);
	CHECK_INT(c->nsli, 6); /* not the census */
	static const uint64_t req[] = {3, 2, 1, 0, 0, 3};
	static const int routes[] = {2, 1, 1, 0, 0, 2};
	for (int i = 0; i < 6; i++) {
		CHECK_INT(c->sli[i].requests, req[i]);
		CHECK_INT(c->sli[i].endpoints, routes[i]);
		CHECK(fabs(c->sli[i].share - (double)req[i] / NREQ) < 1e-15);
	}
	CHECK_INT(c->sli[2].lat_count, 0);
	CHECK_INT(c->sli[0].lat_count, 3);
	CHECK_INT(c->sli[5].match_errors, 1);

	/* every kind, by SLI, in check_new's order */
	static const struct {
		int sli;
		const char *kind;
		int note;
	} want[] = {
	    {0, "already-spent", 1}, /* 1 bad of 3, 0.1% allowed */
	    {2, "no-latency", 0},    {3, "no-match", 0},    {4, "never", 0},
	    {4, "no-match", 0},      {5, "match-error", 0}, /* it took 3 and
	                                                       could not decide
	                                                       1 */
	};
	int nwant = (int)(sizeof(want) / sizeof(want[0]));
	CHECK_INT(c->nwarn, nwant);
	CHECK_INT(c->failing, nwant - 1);
	for (int k = 0; k < nwant && k < c->nwarn; k++) {
		CHECK_INT(c->warn[k].sli, want[k].sli);
		CHECK_STR(c->warn[k].kind, want[k].kind);
		CHECK_INT(c->warn[k].note, want[k].note);
	}
	if (c->nwarn == nwant) {
		const check_warning_t *w = &c->warn[3];
		CHECK_INT(w->field, M_PATH);
		CHECK_INT(w->line, 14);
		CHECK_INT(w->col, 36);
		CHECK_STR(w->message,
		          "match.path '^GET /x' can never match: a path starts "
		          "with '/' (or is '*' or CONNECT's host:port), never "
		          "with an uppercase letter: the method is "
		          "match.method, or match.route has both");
		CHECK_INT(w->reason, (int)strlen("match.path '^GET /x' can "
		                                 "never match: "));
		CHECK_STR(c->warn[0].message,
		          "availability 99.9%: 1 of 3 requests bad (33.33%), "
		          "0.1% allowed: the logs spend its error budget 333.3 "
		          "times over");
		CHECK_INT(c->warn[1].field, -1);
		CHECK_INT(c->warn[1].line, 0);
	}

	/* overlaps: most requests first, the SLIs in rules order */
	CHECK_INT(c->noverlap, 2);
	if (c->noverlap == 2) {
		CHECK_STR(c->overlap[0].key, "GET /api/users/:id");
		CHECK_INT(c->overlap[0].requests, 2);
		CHECK_INT(c->overlap[0].nsli, 3);
		CHECK_INT(c->overlap[0].shared, 2); /* each by three */
		CHECK_INT(c->overlap[0].sli[0], 0);
		CHECK_INT(c->overlap[0].sli[1], 1);
		CHECK_INT(c->overlap[0].sli[2], 5);
		CHECK_STR(c->overlap[1].key, "GET /api/orders");
		CHECK_INT(c->overlap[1].nsli, 2);
		CHECK_INT(c->overlap[1].shared, 1);
		CHECK_INT(c->overlap[1].sli[1], 5);
	}
	/* unmatched: by requests no SLI took, then key; the undecided
	 * request is not among them */
	CHECK_INT(c->nunmatched, 3);
	if (c->nunmatched == 3) {
		CHECK_STR(c->unmatched[0].key, "GET /assets/app.js");
		CHECK_INT(c->unmatched[0].requests, 2);
		CHECK(fabs(c->unmatched[0].share - 2.0 / NREQ) < 1e-15);
		CHECK_STR(c->unmatched[1].key, "GET /a|b");
		CHECK_STR(c->unmatched[2].key, "GET /login");
		CHECK(c->unmatched[2].sli == NULL);
	}
	CHECK_INT(c->model->in.unmatched, 4);
	CHECK_INT(c->census_other, 0);

	/* Markdown: '|' escaped in a table cell, none left to split it */
	char *md = markdown_of(c);
	CHECK(strstr(md, "| `GET /a\\|b` | 1 | 11.11% |\n") != NULL);
	CHECK(strstr(md, "**5 warnings**, 1 note.") != NULL);
	CHECK(strstr(md, "\033") == NULL);
	free(md);

	check_free(c);
	run_free(run);
	rules_free(rules);
}

/* The rules alone: only what the patterns say. */
static void test_rules_only(void)
{
	rules_err_t re;
	rules_t *rules = rules_load_buf(yaml, sizeof(yaml) - 1, "t.yaml", &re);
	CHECK(rules != NULL);
	if (!rules)
		return;
	check_t *c = check_new(rules, NULL);
	CHECK(c->model == NULL);
	CHECK_INT(c->nsli, 6);
	CHECK_INT(c->nwarn, 1);
	CHECK_INT(c->failing, 1);
	if (c->nwarn)
		CHECK_STR(c->warn[0].kind, "never");
	CHECK_INT(c->noverlap, 0);
	CHECK_INT(c->nunmatched, 0);
	CHECK(isnan(c->sli[0].share));
	char *md = markdown_of(c);
	CHECK(strstr(md, "no logs read") != NULL);
	CHECK(strstr(md, "### Endpoints") == NULL);
	free(md);
	check_free(c);
	rules_free(rules);
}

/*
 * Over logs: no "never" for an SLI that took requests (a CONNECT's path
 * is "Example.com:443", which '^Example' matches though the lint takes
 * an uppercase start for a method); "-" (JSON null) for the latency of
 * an SLI that took nothing; "<0.01%" for a share that is not nothing;
 * the Markdown's input lines as list items and a pattern in a code span.
 */
static void test_edges(nginx_fmt_t *nf)
{
	static const char rules_text[] = "slis:\n"
	                                 "  - name: proxy\n"
	                                 "    match: {path: '^Example'}\n"
	                                 "  - name: typo\n"
	                                 "    match: {path: '^\\?q='}\n"
	                                 "  - name: rare\n"
	                                 "    match: {path: '^/b$'}\n"
	                                 "  - name: idle\n"
	                                 "    match: {path: '^/nothing$'}\n";
	static const char *const req[] = {"GET /a HTTP/1.1", "GET /b HTTP/1.1",
	                                  "CONNECT Example.com:443 HTTP/1.1"};
	static const int times[] = {10000, 1, 1};
	rules_t *rules;
	run_t *run = run_over(nf, rules_text, &rules, req, times, 3);
	if (!run)
		return;
	check_t *c = check_new(rules, run);
	CHECK_INT(c->sli[0].requests, 1);
	CHECK_INT(c->sli[2].requests, 1);
	/* the lint alone says never of proxy's and typo's patterns */
	char why[200];
	CHECK_INT(rules_never(rules, 0, M_PATH, why, sizeof(why)), 1);
	CHECK_INT(rules_never(rules, 1, M_PATH, why, sizeof(why)), 1);
	/* over the logs, only of typo's: proxy took a request */
	static const struct {
		int sli;
		const char *kind;
	} want[] = {{1, "never"}, {1, "no-match"}, {3, "no-match"}};
	CHECK_INT(c->nwarn, 3);
	for (int k = 0; k < 3 && k < c->nwarn; k++) {
		CHECK_INT(c->warn[k].sli, want[k].sli);
		CHECK_STR(c->warn[k].kind, want[k].kind);
	}

	char *t = written(report_check_table, c);
	CHECK(strstr(t, "proxy             1   <0.01%         1  yes\n") !=
	      NULL);
	CHECK(strstr(t, "rare              1   <0.01%         1  yes\n") !=
	      NULL);
	CHECK(strstr(t, "idle              0    0.00%         0  -\n") != NULL);
	free(t);
	char *j = written(report_check_json, c);
	CHECK(strstr(j, "\"name\": \"idle\", \"group_by\": \"route\", "
	                "\"requests\": 0, \"share\": 0, \"endpoints\": 0, "
	                "\"latency\": null,") != NULL);
	CHECK(strstr(j, "\"census_other\": 0, \"census_other_unmatched\": "
	                "0}\n") != NULL);
	free(j);
	char *md = markdown_of(c);
	/* each line of the input an item of its own: a paragraph's lines
	 * would run into one */
	CHECK(strstr(md, "tried on the logs:\n\n- 1 file (nginx), 10,002 "
	                 "lines: ") != NULL);
	CHECK(strstr(md, "\n- from 2024-03-10T15:00:00Z to "
	                 "2024-03-10T15:00:00Z (0s)\n") != NULL);
	CHECK(strstr(md, "| `rare` | 1 | <0.01% | 1 | yes |\n") != NULL);
	CHECK(strstr(md, "| `idle` | 0 | 0.00% | 0 | - |\n") != NULL);
	/* the pattern in code, backslash as written; the reason as text */
	CHECK(strstr(md, ": `match.path` `^\\?q=` can never match: a path "
	                 "never holds the '?': the query is match.query, "
	                 "without its '?'\n") != NULL);
	free(md);
	check_free(c);
	run_free(run);
	rules_free(rules);
}

/*
 * A census with more routes than max_endpoints (3): its "(other)" is no
 * endpoint, in the counts and the lists, and is said once.
 */
static void test_census_other(nginx_fmt_t *nf)
{
	static const char rules_text[] = "max_endpoints: 3\n"
	                                 "slis:\n"
	                                 "  - name: api\n"
	                                 "    match: {path: '^/api/'}\n"
	                                 "  - name: v1\n"
	                                 "    match: {route: '^GET /api/'}\n"
	                                 "  - name: dash\n"
	                                 "    match: {path: '^/dash$'}\n";
	/* the first three routes are kept: an overlap, dash's, and one no
	 * SLI takes; the rest, under "(other)", has an overlap's requests
	 * (api and v1) and two that no SLI takes */
	static const char *const req[] = {
	    "GET /api/x HTTP/1.1", "GET /dash HTTP/1.1", "GET /hist HTTP/1.1",
	    "GET /api/y HTTP/1.1", "POST /form HTTP/1.1"};
	static const int times[] = {2, 1, 1, 3, 2};
	rules_t *rules;
	run_t *run = run_over(nf, rules_text, &rules, req, times, 5);
	if (!run)
		return;
	check_t *c = check_new(rules, run);
	CHECK_INT(c->census_other, 5);
	CHECK_INT(c->census_other_unmatched, 2);
	CHECK_INT(c->sli[0].requests, 5);
	/* each SLI took one route seen one by one, not "(other)" too */
	CHECK_INT(c->sli[0].endpoints, 1);
	CHECK_INT(c->sli[1].endpoints, 1);
	CHECK_INT(c->sli[2].endpoints, 1);
	CHECK_INT(c->noverlap, 1);
	if (c->noverlap == 1)
		CHECK_STR(c->overlap[0].key, "GET /api/x");
	CHECK_INT(c->nunmatched, 1);
	if (c->nunmatched == 1)
		CHECK_STR(c->unmatched[0].key, "GET /hist");
	CHECK_INT(c->unmatched_requests, 1);
	CHECK_INT(c->model->in.unmatched, 3);

	static const char note[] =
	    "5 requests of endpoints beyond max_endpoints (3) were not seen "
	    "one by one: the endpoint counts, overlaps and unmatched "
	    "endpoints leave them out; raise max_endpoints in the rules";
	char *t = written(report_check_table, c);
	CHECK(strstr(t, "(other)") == NULL);
	CHECK_INT(count_of(t, note), 1);
	CHECK(strstr(t, "\n1 endpoint no SLI takes, 1 request (11.11% of "
	                "all; 2 more beyond max_endpoints):\n") != NULL);
	free(t);
	char *md = markdown_of(c);
	CHECK(strstr(md, "(other)") == NULL);
	CHECK_INT(count_of(md, "were not seen one by one"), 1);
	CHECK(strstr(md, "beyond max\\_endpoints (3)") != NULL);
	free(md);
	char *j = written(report_check_json, c);
	CHECK(strstr(j, "(other)") == NULL);
	CHECK(strstr(j, "\"census_other\": 5, \"census_other_unmatched\": "
	                "2}\n") != NULL);
	free(j);
	check_free(c);
	run_free(run);
	rules_free(rules);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	char err[256];
	size_t off;
	nginx_fmt_t *nf = nginx_fmt_compile(
	    NGINX_COMBINED, " $request_time $upstream_response_time",
	    LAT_REQUEST_TIME, err, sizeof(err), &off);
	test_run_check(nf);
	test_rules_only();
	test_edges(nf);
	test_census_other(nf);
	nginx_fmt_free(nf);
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return CHECK_DONE("test_check");
}
