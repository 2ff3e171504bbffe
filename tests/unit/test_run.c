/*
 * test_run.c - the per-line loop over files: every line is one of
 * request, unparsed or other (counted by hand for the lines written
 * here); several files read by 1 or 4 threads give the same report when
 * no SLI overflows (the threads flush their tables into the run's each
 * time they hold 16 endpoints: max_endpoints 64, 4 threads); with overflow the
 * totals are the same and the run keeps at most max_endpoints endpoints; a
 * pattern that hits PCRE2's limit is a match error, named and counted.
 * One gzip stream parsed in blocks by 3 threads gives the report of one
 * thread, its unparsed lines and match errors named at their lines
 * (worked out from the lines written), a truncation at the same line; a
 * Rails gzip, whose requests span lines, the same as one thread too.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

#include "check.h"
#include "report.h"
#include "run.h"

static char dir[] = "/tmp/slicalc-test-run-XXXXXX";
static char paths[4][256];

static char *json_of(const run_t *run)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	model_t *m = model_new(run);
	report_json(f, m);
	model_free(m);
	fclose(f);
	return buf;
}

/* File k: lines requests for paths /p/<k>/<i % distinct>, a blank line
 * and an error.log line. */
static void write_files(int lines, int distinct)
{
	for (int k = 0; k < 4; k++) {
		snprintf(paths[k], sizeof(paths[k]), "%s/f%d.log", dir, k);
		FILE *f = fopen(paths[k], "w");
		for (int i = 0; i < lines; i++)
			fprintf(
			    f,
			    "1.2.3.4 - - [10/Mar/2024:15:%02d:00 +0000] \"GET "
			    "/p/%d/%d HTTP/1.1\" %d 1 \"-\" \"-\" 0.0%02d\n",
			    i % 60, k, i % distinct, i % 13 ? 200 : 503,
			    i % 90 + 10);
		fputs("\n2026/11/02 08:00:07 [error] 1234#0: *55 upstream "
		      "timed out\n",
		      f);
		fclose(f);
	}
}

static run_t *read_all(const rules_t *r, const format_t *fmt, int jobs)
{
	run_t *run = run_new(r, fmt);
	char *p[4] = {paths[0], paths[1], paths[2], paths[3]};
	run_files(run, p, 4, jobs, NULL, NULL);
	agg_finish(run->agg);
	return run;
}

/*
 * The match keys that are not fields of the line as logged: route (the
 * endpoint as reports print it), query, file and format (decided once per
 * input); and the census of `routes`/`check`: every request, with which
 * SLIs took it. Two files written here, counted by hand.
 */
static void test_match_keys(nginx_fmt_t *nf)
{
	char api[300], web[300];
	snprintf(api, sizeof(api), "%s/api.log", dir);
	snprintf(web, sizeof(web), "%s/web.log", dir);
	static const char *const lines[] = {
	    "GET /employees/42?q=ada HTTP/1.1\" 200",    /* search, route */
	    "GET /employees/7 HTTP/1.1\" 200",           /* route */
	    "GET /employees?page=2&q=bo HTTP/1.1\" 503", /* search */
	    "GET /employees?sq=1 HTTP/1.1\" 200",        /* neither */
	    "POST /employees/42 HTTP/1.1\" 200",         /* neither */
	};
	const char *files[2] = {api, web};
	for (int k = 0; k < 2; k++) {
		FILE *f = fopen(files[k], "w");
		for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
			fprintf(f,
			        "1.2.3.4 - - [10/Mar/2024:15:00:00 +0000] "
			        "\"%s 1 \"-\" \"-\" 0.010\n",
			        lines[i]);
		fclose(f);
	}
	static const char yaml[] =
	    "slis:\n"
	    "  - name: search\n"
	    "    match: {query: '(^|&)q='}\n"
	    "  - name: employee\n"
	    "    match: {route: '^GET /employees/:id$'}\n"
	    "  - name: api-only\n"
	    "    match: {file: '/api\\.log$', format: '^nginx$'}\n"
	    "  - name: rails-only\n"
	    "    match: {format: '^rails$'}\n";
	rules_err_t re;
	rules_t *rules = rules_load_buf(yaml, sizeof(yaml) - 1, "t", &re);
	CHECK_MSG(rules != NULL, "%d:%d %s", re.line, re.col, re.msg);
	if (!rules)
		return;
	CHECK_INT(rules_per_file(rules), 1);
	rules_add_census(rules, GROUP_ROUTE);
	CHECK_INT(rules->nsli, 5);
	CHECK_INT(rules_nuser(rules), 4);
	format_t fmt = {FMT_NGINX, nf, &rules->fields, LAT_REQUEST_TIME};
	run_t *run = run_new(rules, &fmt);
	run_file(run, api);
	run_file(run, web);
	agg_finish(run->agg);
	const agg_t *a = run->agg;
	CHECK_INT(a->s[0].total.requests, 4); /* 2 per file */
	CHECK_INT(a->s[1].total.requests, 4);
	CHECK_INT(a->s[2].total.requests, 5); /* api.log only */
	CHECK_INT(a->s[3].total.requests, 0);
	/* unmatched: the two "neither" lines of web.log */
	CHECK_INT(a->unmatched, 2);
	const sli_agg_t *c = &a->s[4];
	CHECK_INT(c->total.requests, 10);
	CHECK_INT(c->nep, 3);
	for (int e = 0; e < c->nep; e++) {
		const endpoint_t *ep = &c->ep[e];
		CHECK(ep->cen != NULL);
		if (!ep->cen)
			continue;
		uint64_t bits = ep->cen->taken[0];
		/* every request came from an nginx file */
		CHECK_INT(ep->cen->by_format[FMT_NGINX], ep->st.requests);
		CHECK_INT(ep->cen->by_format[FMT_RAILS], 0);
		CHECK_INT(ep->cen->lat_by_format[FMT_NGINX], ep->st.lat_count);
		if (strcmp(ep->key, "GET /employees/:id") == 0) {
			CHECK_INT(ep->st.requests, 4);
			CHECK_INT(bits, 1 | 2 | 4); /* search, employee, api */
			CHECK_INT(ep->cen->untaken, 0);
			/* /employees/42?q=ada: search and employee (and in
			 * api.log api too), both files; /employees/7: employee
			 * and api in api.log only */
			CHECK_INT(ep->cen->shared, 3);
		} else if (strcmp(ep->key, "GET /employees") == 0) {
			CHECK_INT(ep->st.requests, 4);
			CHECK_INT(bits, 1 | 4);
			CHECK_INT(ep->cen->untaken, 1); /* sq=1 in web.log */
			CHECK_INT(ep->cen->shared, 1);  /* q=bo: search, api */
			CHECK_INT(ep->st.bad, 2);       /* the 503s */
		} else {
			CHECK_STR(ep->key, "POST /employees/:id");
			CHECK_INT(bits, 4);
			CHECK_INT(ep->cen->untaken, 1);
		}
	}
	run_free(run);
	rules_free(rules);
}

/* path read with jobs threads: the run, finished. */
static run_t *read_gz(const rules_t *r, const format_t *fmt, const char *path,
                      int jobs)
{
	run_t *run = run_new(r, fmt);
	run->jobs = jobs;
	run_file(run, path);
	agg_finish(run->agg);
	return run;
}

/* Two gzip members (cut mid-line) holding text[0..n). */
static void write_gz(const char *path, const char *text, size_t n)
{
	gzFile z = gzopen(path, "wb");
	gzwrite(z, text, (unsigned)(n / 2));
	gzclose(z);
	z = gzopen(path, "ab");
	gzwrite(z, text + n / 2, (unsigned)(n - n / 2));
	gzclose(z);
}

/*
 * One gzip stream in blocks (at least 1 MiB of lines each) parsed by 1
 * and by 3 threads: the same JSON; the unparsed lines and match errors
 * named at the lines they were written at; a truncated stream reported
 * once, after the same line.
 */
static void test_gzip_blocks(nginx_fmt_t *nf)
{
	enum { N = 60000 }; /* about 7 MB: several blocks per thread */
	static const char yaml[] =
	    "slis:\n"
	    "  - name: a\n"
	    "    group_by: path\n"
	    "  - name: evil\n"
	    "    match: {path: '^(?=/)/(?:(x+x+)+y|.*)$'}\n";
	rules_err_t re;
	rules_t *rules = rules_load_buf(yaml, sizeof(yaml) - 1, "t", &re);
	CHECK(rules != NULL);
	if (!rules)
		return;
	format_t fmt = {FMT_NGINX, nf, &rules->fields, LAT_REQUEST_TIME};
	char *text = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&text, &n);
	for (int i = 0; i < N; i++) {
		if (i % 7919 == 5) /* lines 6, 7925, 15844, 23763, 31682... */
			fprintf(f, "junk %d\n", i);
		else if (i % 10007 == 3) /* lines 4, 10011, 20018, ... */
			fputs(
			    "1.2.3.4 - - [10/Mar/2024:15:00:00 +0000] \"GET "
			    "/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx HTTP/1.1\" 200 1 "
			    "\"-\" \"-\" 0.010\n",
			    f);
		else
			fprintf(f,
			        "1.2.3.4 - - [10/Mar/2024:15:%02d:00 +0000] "
			        "\"GET /p/%d HTTP/1.1\" %d 1 \"-\" \"-\" "
			        "0.0%02d\n",
			        i % 60, i % 37, i % 13 ? 200 : 503,
			        i % 90 + 10);
	}
	fclose(f);
	char path[300];
	snprintf(path, sizeof(path), "%s/big.log.gz", dir);
	write_gz(path, text, n);

	run_t *one = read_gz(rules, &fmt, path, 1);
	run_t *three = read_gz(rules, &fmt, path, 3);
	CHECK_INT(three->files[0].lines, N);
	CHECK_INT(three->files[0].unparsed, 8); /* i = 5 + 7919k < N */
	CHECK(three->files[0].error == NULL);
	static const uint64_t junk[5] = {6, 7925, 15844, 23763, 31682};
	static const uint64_t evil[5] = {4, 10011, 20018, 30025, 40032};
	CHECK_INT(three->nsamples, 5);
	CHECK_INT(three->nmatch_errors, 5);
	for (int i = 0; i < 5; i++) {
		CHECK_INT(three->samples[i].line, junk[i]);
		CHECK_INT(three->match_errors[i].line, evil[i]);
	}
	CHECK_INT(run_match_errors(three), 6); /* i = 3 + 10007k < N */
	char *j1 = json_of(one), *j3 = json_of(three);
	CHECK_STR(j3, j1);
	free(j1);
	free(j3);
	run_free(one);
	run_free(three);

	/* cut short: the error once, after the last whole line read */
	FILE *in = fopen(path, "rb");
	char *gz = malloc(n);
	size_t zn = fread(gz, 1, n, in);
	fclose(in);
	snprintf(path, sizeof(path), "%s/cut.log.gz", dir);
	in = fopen(path, "wb");
	fwrite(gz, 1, zn - 5000, in);
	fclose(in);
	free(gz);
	one = read_gz(rules, &fmt, path, 1);
	three = read_gz(rules, &fmt, path, 3);
	CHECK(three->files[0].error != NULL);
	if (one->files[0].error && three->files[0].error) {
		CHECK_STR(three->files[0].error, one->files[0].error);
		char want[64];
		snprintf(want, sizeof(want), "(after line %llu)",
		         (unsigned long long)three->files[0].lines);
		CHECK(strstr(three->files[0].error, want) != NULL);
		CHECK(strstr(three->files[0].error, "truncated gzip") != NULL);
	}
	CHECK_INT(three->files[0].lines, one->files[0].lines);
	CHECK(three->files[0].lines > N / 2 && three->files[0].lines < N);
	j1 = json_of(one);
	j3 = json_of(three);
	CHECK_STR(j3, j1);
	free(j1);
	free(j3);
	run_free(one);
	run_free(three);
	free(text);
	rules_free(rules);
}

/* A Rails log gzipped: its requests span lines (interleaved by request
 * id), so it is read by one thread whatever the jobs: the same report,
 * and no request cut in two (none incomplete). */
static void test_gzip_rails(nginx_fmt_t *nf)
{
	enum { N = 30000 };
	static const char yaml[] = "slis:\n  - name: all\n    group_by: path\n";
	rules_err_t re;
	rules_t *rules = rules_load_buf(yaml, sizeof(yaml) - 1, "t", &re);
	CHECK(rules != NULL);
	if (!rules)
		return;
	format_t fmt = {FMT_RAILS, nf, &rules->fields, LAT_REQUEST_TIME};
	char *text = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&text, &n);
	static const char pre[] = "I, [2024-11-04T08:58:%02d.310000 #2817]  "
	                          "INFO -- : [req-%d] ";
	for (int i = 0; i < N; i += 2) { /* two requests at a time */
		for (int k = i; k < i + 2; k++) {
			fprintf(f, pre, k % 60, k);
			fprintf(f,
			        "Started GET \"/r/%d\" for 10.0.0.2 at "
			        "2024-11-04 08:58:%02d +0000\n",
			        k % 5, k % 60);
		}
		for (int k = i; k < i + 2; k++) {
			fprintf(f, pre, k % 60, k);
			fprintf(f, "Completed %d OK in %dms (Views: 0.3ms)\n",
			        k % 11 ? 200 : 500, k % 40 + 1);
		}
	}
	fclose(f);
	char path[300];
	snprintf(path, sizeof(path), "%s/rails.log.gz", dir);
	write_gz(path, text, n);
	run_t *one = read_gz(rules, &fmt, path, 1);
	run_t *three = read_gz(rules, &fmt, path, 3);
	CHECK_INT(three->files[0].lines, 2 * N);
	CHECK_INT(three->files[0].requests, N);
	CHECK_INT(three->files[0].incomplete, 0);
	char *j1 = json_of(one), *j3 = json_of(three);
	CHECK_STR(j3, j1);
	free(j1);
	free(j3);
	run_free(one);
	run_free(three);
	free(text);
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
	rules_err_t re;
	static const char yaml[] = "max_endpoints: 64\n"
	                           "slis:\n"
	                           "  - name: a\n"
	                           "    group_by: path\n"
	                           "  - name: b\n"
	                           "    match: {status: '^5'}\n";
	rules_t *rules = rules_load_buf(yaml, sizeof(yaml) - 1, "t", &re);
	CHECK(rules != NULL);
	format_t fmt = {FMT_NGINX, nf, &rules->fields, LAT_REQUEST_TIME};

	/* 4 x 16 distinct paths: 64 endpoints, max_endpoints exactly; each
	 * thread flushes whenever it holds 16 (64 / 4) */
	write_files(300, 16);
	run_t *one = read_all(rules, &fmt, 1);
	/* by hand: 4 files x (300 requests + 1 blank + 1 error.log line) */
	CHECK_INT(one->agg->lines, 4 * 302);
	CHECK_INT(one->agg->requests, 1200);
	CHECK_INT(one->agg->other, 4);
	CHECK_INT(one->agg->unparsed, 4);
	CHECK_INT(one->agg->s[0].nep, 64);
	CHECK_INT(one->agg->s[0].other, -1);
	/* i % 13 == 0 for i in 0..299: 24 per file */
	CHECK_INT(one->agg->s[1].total.requests, 96);
	run_t *four = read_all(rules, &fmt, 4);
	CHECK_INT(four->agg->s[0].other, -1);
	char *j1 = json_of(one), *j4 = json_of(four);
	CHECK_STR(j4, j1);
	free(j1);
	free(j4);
	run_free(one);
	run_free(four);

	/* 4 x 100 distinct paths: overflow; the totals stay, the run keeps
	 * max_endpoints endpoints and "(other)" */
	write_files(400, 100);
	one = read_all(rules, &fmt, 1);
	four = read_all(rules, &fmt, 4);
	CHECK_INT(one->agg->s[0].total.requests, 1600);
	CHECK_INT(four->agg->s[0].total.requests, 1600);
	CHECK_INT(one->agg->s[0].nep, 65);
	CHECK_INT(four->agg->s[0].nep, 65);
	CHECK_INT(agg_other_requests(four->agg, 0),
	          agg_other_requests(one->agg, 0));
	run_free(one);
	run_free(four);
	rules_free(rules);

	/* a pattern PCRE2 cannot decide: a match error, not "no match"
	 * (the lookahead keeps it PCRE2's with Hyperscan too) */
	static const char evil[] =
	    "slis:\n"
	    "  - name: evil\n"
	    "    match: {path: '^(?=/)/(?:(x+x+)+y|.*)$'}\n";
	rules = rules_load_buf(evil, sizeof(evil) - 1, "t", &re);
	fmt.json = &rules->fields;
	FILE *f = fopen(paths[0], "w");
	for (int i = 0; i < 3; i++)
		fputs("1.2.3.4 - - [10/Mar/2024:15:00:00 +0000] \"GET "
		      "/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx HTTP/1.1\" 200 1 \"-\" "
		      "\"-\" 0.010\n",
		      f);
	fclose(f);
	run_t *run = run_new(rules, &fmt);
	CHECK_INT(run_file(run, paths[0]), 0);
	agg_finish(run->agg);
	CHECK_INT(run->agg->s[0].match_errors, 3);
	CHECK_INT(run_match_errors(run), 3);
	CHECK_INT(run->nmatch_errors, 3);
	CHECK_INT(run->match_errors[0].line, 1);
	CHECK(strstr(run->match_errors[0].reason, "match limit") != NULL);
	CHECK_INT(run->agg->s[0].total.requests, 0);
	CHECK_INT(run->agg->unmatched, 0);
	run_free(run);
	rules_free(rules);

	test_match_keys(nf);
	test_gzip_blocks(nf);
	test_gzip_rails(nf);
	nginx_fmt_free(nf);
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return CHECK_DONE("test_run");
}
