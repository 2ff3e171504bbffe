/*
 * test_routes.c - the routes of a hand-made run, worked out by hand: the
 * order (most requests first, then by key, "(other)" among them), shares
 * of all requests, 5xx and 4xx, untaken requests and the SLIs that took
 * each endpoint, the first action, percentiles by nearest rank; the
 * writers' JSON, CSV and table (a long key cut in the middle, whole in
 * JSON); the census's own warnings; rules without their SLIs.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "routes.h"

#define CHECK_NEAR(got, want)                                                  \
	CHECK_MSG(fabs((double)(got) - (double)(want)) <= 1e-9,                \
	          "got %.12g, want %.12g", (double)(got), (double)(want))

static const char yaml[] = "max_endpoints: 4\n"
                           "slis:\n"
                           "  - name: api\n"
                           "    match: {path: '^/api/'}\n"
                           "  - name: reads\n"
                           "    match: {method: '^GET$'}\n";

/* One request, counted as run.c would: into the SLIs that take it (by
 * the same rules as the yaml above, decided here by hand), then into the
 * census with which took it. */
static void add(run_t *run, const char *method, const char *path,
                const char *key, int status, int64_t ms, const char *action)
{
	agg_t *a = run->agg;
	const rules_t *r = run->rules;
	request_t req;
	memset(&req, 0, sizeof(req));
	req.method = (slice_t){method, strlen(method)};
	req.path = (slice_t){path, strlen(path)};
	req.status = status;
	req.latency_us = ms < 0 ? REQ_NO_LATENCY : ms * 1000;
	req.time = REQ_NO_TIME;
	if (action)
		req.action = (slice_t){action, strlen(action)};
	a->requests++;
	uint64_t taken[1] = {0};
	int took[2] = {strncmp(path, "/api/", 5) == 0,
	               strcmp(method, "GET") == 0};
	uint64_t h = hash_bytes(key, strlen(key));
	for (int i = 0; i < 2; i++) {
		if (!took[i])
			continue;
		agg_add(a, i, &req, key, strlen(key), h);
		taken[0] |= 1ull << i;
	}
	int e = agg_add(a, 2, &req, key, strlen(key), h);
	census_line_t cl = {taken, 1, took[0] + took[1], !taken[0], FMT_NGINX};
	agg_census(a, 2, e, &req, &cl);
	a->unmatched += !taken[0];
	(void)r;
}

static char *text_of(void (*w)(FILE *, const routes_t *), const routes_t *rt)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	w(f, rt);
	fclose(f);
	return buf;
}

static void table_of(FILE *f, const routes_t *rt)
{
	routes_table_opts_t o = {.top = 0, .width = 0};
	report_routes_table(f, rt, &o);
}

static void routes(void)
{
	rules_err_t err;
	rules_t *r = rules_load_buf(yaml, strlen(yaml), "t", &err);
	CHECK_MSG(r != NULL, "%d:%d: %s", err.line, err.col, err.msg);
	if (!r)
		return;
	rules_add_census(r, GROUP_ROUTE);
	CHECK_INT(r->nsli, 3);
	CHECK_INT(rules_nuser(r), 2);
	run_t *run = run_new(r, NULL);

	/* /api/v1/employees/:id: 4 GETs (10, 20, 30, 40 ms; one 503), 1
	 * PATCH apart; /login: 4 POSTs (3 answered 401), no SLI; /up: 2
	 * GETs without latency; then 3 keys more than max_endpoints 4
	 * holds: "(other)" */
	const char *emp = "GET /api/v1/employees/:id";
	add(run, "GET", "/api/v1/employees/1", emp, 200, 10,
	    "Api::V1::EmployeesController#show");
	add(run, "GET", "/api/v1/employees/2", emp, 503, 40,
	    "Api::V1::EmployeesController#update"); /* not the first */
	add(run, "GET", "/api/v1/employees/3", emp, 200, 30, NULL);
	add(run, "GET", "/api/v1/employees/4", emp, 404, 20, NULL);
	for (int k = 0; k < 4; k++)
		add(run, "POST", "/login", "POST /login", k ? 401 : 302, 100,
		    NULL);
	add(run, "GET", "/up", "GET /up", 200, -1, NULL);
	add(run, "GET", "/up", "GET /up", 200, -1, NULL);
	add(run, "PATCH", "/api/v1/employees/1", "PATCH /api/v1/employees/:id",
	    200, 50, NULL);
	add(run, "GET", "/a", "GET /a", 200, 1, NULL);
	add(run, "GET", "/b", "GET /b", 500, 1, "PagesController#b");
	add(run, "DELETE", "/c", "DELETE /c", 200, 1, NULL);
	agg_finish(run->agg);

	model_t *m = model_new(run);
	routes_t *rt = routes_new(m);
	CHECK_INT(rt->requests, 14);
	CHECK_INT(rt->nuser, 2);
	CHECK_INT(rt->max_endpoints, 4);
	CHECK_INT(rt->other_requests, 3);
	CHECK_INT(rt->nrows, 5);
	/* 4, 4 (by key: "GET" < "POST"), 3 (other), 2, 1 */
	static const char *const order[] = {"GET /api/v1/employees/:id",
	                                    "POST /login", "(other)", "GET /up",
	                                    "PATCH /api/v1/employees/:id"};
	for (int j = 0; j < rt->nrows && j < 5; j++)
		CHECK_STR(rt->rows[j].key, order[j]);
	if (rt->nrows == 5) {
		const routes_row_t *e = &rt->rows[0], *l = &rt->rows[1],
		                   *o = &rt->rows[2], *u = &rt->rows[3],
		                   *p = &rt->rows[4];
		CHECK_INT(e->requests, 4);
		CHECK_NEAR(e->share, 4.0 / 14);
		CHECK_INT(e->bad, 1);
		CHECK_NEAR(e->bad_share, 0.25);
		CHECK_INT(e->s4xx, 1);
		CHECK_INT(e->untaken, 0);
		CHECK_INT(e->has_latency, 1);
		/* nearest rank of 10, 20, 30, 40: p50 the 2nd, p95 and p99
		 * the 4th */
		CHECK_NEAR(e->p50_us, 20000);
		CHECK_NEAR(e->p95_us, 40000);
		CHECK_NEAR(e->p99_us, 40000);
		CHECK_INT(e->max_us, 40000);
		CHECK_STR(e->action, "Api::V1::EmployeesController#show");
		CHECK_INT(e->nslis, 2);
		if (e->nslis == 2)
			CHECK(e->slis[0] == 0 && e->slis[1] == 1);
		CHECK_INT(e->other, 0);

		CHECK_INT(l->s4xx, 3);
		CHECK_INT(l->bad, 0);
		CHECK_INT(l->untaken, 4);
		CHECK_INT(l->nslis, 0);
		CHECK_STR(l->action, "");

		CHECK_INT(o->other, 1);
		CHECK_INT(o->requests, 3);
		CHECK_INT(o->bad, 1);
		CHECK_INT(o->untaken, 1); /* DELETE /c: neither */
		CHECK_INT(o->nslis, 1);   /* reads, by the GETs */
		CHECK_STR(o->action, ""); /* not GET /b's */

		CHECK_INT(u->has_latency, 0);
		CHECK_INT(u->nslis, 1);
		if (u->nslis == 1)
			CHECK_INT(u->slis[0], 1);

		CHECK_INT(p->nslis, 1);
		if (p->nslis == 1)
			CHECK_INT(p->slis[0], 0);
		CHECK_NEAR(p->p50_us, 50000);
	}

	char *json = text_of(report_routes_json, rt);
	CHECK(strstr(json, "\"group_by\": \"route\", \"max_endpoints\": 4, "
	                   "\"other_requests\": 3,\n \"slis\": [\"api\", "
	                   "\"reads\"]") != NULL);
	CHECK(strstr(json, "{\"endpoint\": \"GET /api/v1/employees/:id\", "
	                   "\"requests\": 4, \"share\": 0.2857142857142857, "
	                   "\"bad\": 1, \"bad_share\": 0.25, \"s4xx\": 1, "
	                   "\"latency_count\": 4, \"p50_ms\": 20, \"p95_ms\": "
	                   "40, \"p99_ms\": 40, \"max_ms\": 40, \"slis\": "
	                   "[\"api\", \"reads\"], \"untaken\": 0, \"action\": "
	                   "\"Api::V1::EmployeesController#show\"}") != NULL);
	CHECK(strstr(json, "\"p50_ms\": null, \"p95_ms\": null, \"p99_ms\": "
	                   "null, \"max_ms\": null, \"slis\": [\"reads\"], "
	                   "\"untaken\": 0, \"action\": null}") != NULL);
	CHECK(strstr(json, "\"endpoint\": \"(other)\"") != NULL);
	free(json);

	char *csv = text_of(report_routes_csv, rt);
	CHECK(strncmp(csv, "endpoint,requests,share,bad,bad_share,s4xx,", 43) ==
	      0);
	CHECK(strstr(csv, "\nGET /api/v1/employees/:id,4,0.2857142857142857,"
	                  "1,0.25,1,4,20.000,40.000,40.000,40.000,api;reads,0,"
	                  "Api::V1::EmployeesController#show\n") != NULL);
	CHECK(strstr(csv, "\nGET /up,2,0.14285714285714285,0,0,0,0,,,,,reads,"
	                  "0,\n") != NULL);
	free(csv);

	char *tab = text_of(table_of, rt);
	CHECK(strstr(tab, "ENDPOINT") != NULL);
	CHECK(strstr(tab, "  SLIS\n") != NULL);
	CHECK(strstr(tab, "  api, reads\n") != NULL);
	CHECK(strstr(tab, "  -\n") != NULL);            /* POST /login */
	CHECK(strstr(tab, " 28.57%  25.00% ") != NULL); /* share, 5xx */
	CHECK(strstr(tab, "note: more than 4 endpoints") != NULL);
	free(tab);

	routes_free(rt);
	model_free(m);
	run_free(run);
	rules_free(r);
}

/* A key longer than the column: its start and its last segments, around
 * "…", in the table; whole in the JSON. */
static void long_key(void)
{
	rules_t *r = rules_default();
	rules_drop_slis(r);
	CHECK_INT(r->nsli, 0);
	rules_add_census(r, GROUP_PATH);
	CHECK_INT(r->nsli, 1);
	CHECK_INT(rules_nuser(r), 0);
	CHECK_INT(r->sli[0].max_endpoints, 1000);
	run_t *run = run_new(r, NULL);
	const char *key = "GET /api/v1/organisations/acme-corporation-"
	                  "international/departments/research/members";
	request_t req;
	memset(&req, 0, sizeof(req));
	req.status = 200;
	req.latency_us = 1000;
	int e = agg_add(run->agg, 0, &req, key, strlen(key),
	                hash_bytes(key, strlen(key)));
	uint64_t none = 0;
	census_line_t cl = {&none, 1, 0, 1, FMT_NGINX};
	agg_census(run->agg, 0, e, &req, &cl);
	agg_finish(run->agg);
	model_t *m = model_new(run);
	routes_t *rt = routes_new(m);
	CHECK_INT(rt->nuser, 0);
	CHECK_INT(rt->group_by, GROUP_PATH);

	char *tab = text_of(table_of, rt);
	/* 60 characters: 42 of the start, "…", "/research/members" (the
	 * last third, from a segment's start) */
	CHECK(strstr(tab, "\nGET /api/v1/organisations/acme-corporation"
	                  "…/research/members ") != NULL);
	CHECK(strstr(tab, "SLIS") == NULL);
	CHECK(strstr(tab, "(no rules: every request is unmatched") != NULL);
	free(tab);
	char *json = text_of(report_routes_json, rt);
	CHECK(strstr(json, key) != NULL);
	CHECK(strstr(json, "\"group_by\": \"path\"") != NULL);
	CHECK(strstr(json, "\"slis\": [],") != NULL);
	free(json);

	/* the census is no SLI of the user's: no "matched no request" */
	CHECK_INT(m->nwarn, 0);
	routes_free(rt);
	model_free(m);
	run_free(run);
	rules_free(r);
}

/* An empty run: no rows, and the only warnings are the user's SLIs'. */
static void empty(void)
{
	rules_err_t err;
	rules_t *r = rules_load_buf(yaml, strlen(yaml), "t", &err);
	if (!r)
		return;
	rules_add_census(r, GROUP_ACTION);
	run_t *run = run_new(r, NULL);
	agg_finish(run->agg);
	model_t *m = model_new(run);
	routes_t *rt = routes_new(m);
	CHECK_INT(rt->nrows, 0);
	CHECK_INT(rt->requests, 0);
	CHECK_INT(m->nwarn, 2);
	for (int k = 0; k < m->nwarn; k++)
		CHECK(m->warn[k].sli < 2);
	char *json = text_of(report_routes_json, rt);
	CHECK(strstr(json, "\"routes\": []}") != NULL);
	free(json);
	routes_free(rt);
	model_free(m);
	run_free(run);
	rules_free(r);
}

int main(void)
{
	routes();
	long_key();
	empty();
	return CHECK_DONE("test_routes");
}
