/*
 * test_suggest.c - the starter rules of `routes --suggest`: objectives
 * and thresholds from given figures (the boundaries included), noise by
 * path and by 4xx, feature names from controllers and from paths, regex
 * escaping; then a hand-made run of a Rails-like app whose suggestion is
 * checked pattern by pattern (a path prefix a feature owns, routes
 * listed where a nested controller shares the prefix, "(/:id)?", no
 * prefix shallower than a feature's base, a path with metacharacters and
 * a quote, the small features as "other", the static assets, the
 * health checks commented out, an endpoint all
 * 4xx kept in its feature and a scanner's left out), loaded back by the
 * rules loader, and
 * matched: every request by its own SLI and by no other.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "suggest.h"

static void objectives(void)
{
	int met;
	CHECK(suggest_objective(1000, 0, &met) == 99.9 && met);
	/* 0.1% of 5xx: 99.9's budget is 0.1%, not twice that */
	CHECK(suggest_objective(1000, 1, &met) == 99.5 && met);
	/* exactly half the budget still counts as margin */
	CHECK(suggest_objective(2000, 1, &met) == 99.9 && met);
	CHECK(suggest_objective(2001, 1, &met) == 99.9 && met);
	CHECK(suggest_objective(1999, 1, &met) == 99.5 && met);
	CHECK(suggest_objective(1000, 2, &met) == 99.5 && met);
	CHECK(suggest_objective(1000, 3, &met) == 99 && met);
	CHECK(suggest_objective(1000, 5, &met) == 99 && met);
	CHECK(suggest_objective(1000, 6, &met) == 99 && !met);
	CHECK(suggest_objective(4, 1, &met) == 99 && !met);
}

/* n latencies of ms milliseconds into st (the run's kind of stats). */
static void lat(stats_t *st, int n, int64_t ms)
{
	static sli_t sli; /* no thresholds; 5xx bad does not matter here */
	request_t req;
	memset(&req, 0, sizeof(req));
	req.status = 200;
	req.latency_us = ms * 1000;
	for (int k = 0; k < n; k++)
		stats_add(st, &sli, &req);
}

static void thresholds(void)
{
	int met;
	stats_t st = {0};
	CHECK_INT(suggest_threshold(&st, &met), 0); /* no latency */
	CHECK(!met);
	/* 199 at 90ms and 1 at 260ms: the 99.5th of 200 is the 199th */
	lat(&st, 199, 90);
	lat(&st, 1, 260);
	CHECK_INT(suggest_threshold(&st, &met), 100000);
	CHECK(met);
	/* one more slow one, and the 199th is 260ms: 250 is too short */
	lat(&st, 1, 260);
	CHECK_INT(suggest_threshold(&st, &met), 300000);
	free(st.hist);

	stats_t exact = {0};
	lat(&exact, 10, 250); /* at the threshold is under it */
	CHECK_INT(suggest_threshold(&exact, &met), 250000);
	free(exact.hist);

	stats_t slow = {0};
	lat(&slow, 10, 1200);
	CHECK_INT(suggest_threshold(&slow, &met), 2000000);
	lat(&slow, 10, 30000); /* over every threshold: 5s, not met */
	CHECK_INT(suggest_threshold(&slow, &met), 5000000);
	CHECK(!met);
	free(slow.hist);
}

static routes_row_t row(const char *key, uint64_t requests, uint64_t s4xx,
                        const char *action)
{
	return (routes_row_t){.key = key,
	                      .keyn = strlen(key),
	                      .requests = requests,
	                      .s4xx = s4xx,
	                      .action = action ? action : ""};
}

static void noise(void)
{
	routes_row_t r;
	r = row("GET /up", 100, 0, NULL);
	CHECK_INT(suggest_noise(&r), SG_HEALTH);
	r = row("HEAD /healthz", 1, 0, NULL);
	CHECK_INT(suggest_noise(&r), SG_HEALTH);
	r = row("GET /up/stream", 1, 0, NULL); /* not the check itself */
	CHECK_INT(suggest_noise(&r), SG_FEATURE);
	r = row("GET /assets/application-:hex.js", 50, 0, NULL);
	CHECK_INT(suggest_noise(&r), SG_STATIC);
	r = row("GET /packs/js/app.js", 50, 0, NULL);
	CHECK_INT(suggest_noise(&r), SG_STATIC);
	r = row("GET /favicon.ico", 5, 5, NULL);
	CHECK_INT(suggest_noise(&r), SG_STATIC);
	r = row("GET /robots.txt", 1, 0, NULL);
	CHECK_INT(suggest_noise(&r), SG_STATIC);
	r = row("GET /apple-touch-icon-precomposed.png", 3, 3, NULL);
	CHECK_INT(suggest_noise(&r), SG_STATIC);
	r = row("GET /wp-login.php", 5, 5, NULL);
	CHECK_INT(suggest_noise(&r), SG_SCANNER);
	r = row("GET /.env", 10, 9, NULL); /* 90%: nearly all */
	CHECK_INT(suggest_noise(&r), SG_SCANNER);
	r = row("POST /login", 10, 8, NULL); /* 80%: the app's */
	CHECK_INT(suggest_noise(&r), SG_FEATURE);
	/* all 404 but routed by the app: records not found */
	r = row("GET /employees/:id", 4, 4, "EmployeesController#show");
	CHECK_INT(suggest_noise(&r), SG_FEATURE);
	r = row("(invalid request)", 3, 3, NULL);
	CHECK_INT(suggest_noise(&r), SG_INVALID);
	r = row("OPTIONS *", 1, 0, NULL);
	CHECK_INT(suggest_noise(&r), SG_INVALID);
	r = row("(other)", 30, 0, NULL);
	r.other = 1;
	CHECK_INT(suggest_noise(&r), SG_OVERFLOW);
	CHECK_STR(suggest_noise_reason(SG_HEALTH), "health check");
}

static void feature_names(void)
{
	static const struct {
		const char *key, *action, *want;
	} cases[] = {
	    {"GET /api/v1/employees/:id", "Api::V1::EmployeesController#show",
	     "api-v1-employees"},
	    {"POST /x", "LeaveRequestsController#create", "leave-requests"},
	    {"GET /x", "HTMLPagesController#show", "html-pages"},
	    {"GET /x", "Rails::HealthController#show", "rails-health"},
	    {"GET /admin/users", "admin/users#index", "admin-users"},
	    {"GET /employees/1.json", "employees#show", "employees"},
	    {"GET /api/v1/employees/:id", NULL, "api-v1-employees"},
	    {"GET /api/v2", NULL, "api-v2"},
	    {"POST /attendance/check_in", NULL, "attendance"},
	    {"GET /leave_requests/:id", NULL, "leave-requests"},
	    {"GET /", NULL, "root"},
	    {"GET /:id/profile", NULL, "id"},
	    {"GET /caf\xc3\xa9/menu", NULL, "caf"},
	    {"GET /search(1)+it's.php", NULL, "search-1-it-s-php"},
	};
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		routes_row_t r = row(cases[k].key, 1, 0, cases[k].action);
		char name[64];
		size_t n = suggest_feature(&r, name, sizeof(name));
		CHECK_STR(name, cases[k].want);
		CHECK_INT(n, strlen(cases[k].want));
	}
	/* names stay short */
	routes_row_t r = row("GET /a-very-long-segment-name-that-goes-on-and-"
	                     "on-and-on-for-ever",
	                     1, 0, NULL);
	char name[64];
	CHECK(suggest_feature(&r, name, sizeof(name)) <= 48);
}

static void quoting(void)
{
	char *q = suggest_regex_quote("GET /a.b(c)[d]{e}*+?|^$\\x01-_:id/", 34);
	CHECK_STR(q,
	          "GET /a\\.b\\(c\\)\\[d\\]\\{e\\}\\*\\+\\?\\|\\^\\$\\\\x01-_"
	          ":id/");
	free(q);
}

/* ---- a whole suggestion ---------------------------------------------- */

/* The requests of the hand-made app: which SLI of the suggestion each
 * should fall in ("" for none). */
static const struct req {
	const char *method, *path, *action;
	int status, n;
	const char *sli;
} app[] = {
    /* a controller sharing its prefix with a nested one: routes listed */
    {"GET", "/api/v1/employees/7", "Api::V1::EmployeesController#show", 200, 60,
     "api-v1-employees"},
    {"GET", "/api/v1/employees", "Api::V1::EmployeesController#index", 200, 20,
     "api-v1-employees"},
    {"POST", "/api/v1/employees", "Api::V1::EmployeesController#create", 201,
     10, "api-v1-employees"},
    {"PATCH", "/api/v1/employees/8", "Api::V1::EmployeesController#update", 503,
     1, "api-v1-employees"},
    {"PATCH", "/api/v1/employees/9", "Api::V1::EmployeesController#update", 200,
     9, "api-v1-employees"},
    {"GET", "/api/v1/employees/7/documents",
     "Api::V1::DocumentsController#index", 200, 20, "api-v1-documents"},
    /* the same methods on /teams and /teams/:id: "(/:id)?" */
    {"GET", "/api/v1/teams", "Api::V1::TeamsController#index", 200, 15,
     "api-v1-teams"},
    {"GET", "/api/v1/teams/3", "Api::V1::TeamsController#show", 200, 15,
     "api-v1-teams"},
    {"GET", "/api/v1/teams/3/members", "Api::V1::MembersController#index", 200,
     10, "api-v1-members"},
    /* no action: a feature by its path, which owns its prefix */
    {"POST", "/attendance/check_in", NULL, 200, 40, "attendance"},
    {"POST", "/attendance/check_out", NULL, 200, 20, "attendance"},
    /* all 4xx, but beside the feature's others: the feature's */
    {"PATCH", "/attendance/check_in", NULL, 422, 2, "attendance"},
    /* alone under /api/v2, yet its prefix is its base, not /api/v2 */
    {"GET", "/api/v2/reports", NULL, 200, 5, "api-v2-reports"},
    {"GET", "/api/v2/reports/4", NULL, 200, 5, "api-v2-reports"},
    /* metacharacters and a quote */
    {"GET", "/search(1)+it's.php", NULL, 200, 8, "search-1-it-s-php"},
    /* small: under 0.5% of about 300 requests */
    {"GET", "/home", NULL, 200, 1, "other"},
    {"GET", "/about", NULL, 200, 1, "other"},
    /* noise */
    {"GET", "/up", NULL, 200, 40, ""}, /* left out: commented out */
    {"GET", "/assets/app-1.js", NULL, 200, 10, "static-assets"},
    {"GET", "/assets/app-2.css", NULL, 304, 5, "static-assets"},
    {"GET", "/favicon.ico", NULL, 200, 2, "static-assets"},
    {"GET", "/wp-login.php", NULL, 404, 3, ""},
};
#define NAPP (sizeof(app) / sizeof(app[0]))

static request_t req_of(const struct req *q)
{
	request_t r;
	memset(&r, 0, sizeof(r));
	r.method = (slice_t){q->method, strlen(q->method)};
	r.path = (slice_t){q->path, strlen(q->path)};
	if (q->action)
		r.action = (slice_t){q->action, strlen(q->action)};
	r.status = q->status;
	r.latency_us = 40000;
	r.time = REQ_NO_TIME;
	return r;
}

static char *yaml_of(const suggest_t *sg)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	suggest_src_t src = {NULL, NULL};
	suggest_yaml(f, sg, &src);
	fclose(f);
	return buf;
}

static const suggest_sli_t *sli_named(const suggest_t *sg, const char *name)
{
	for (int k = 0; k < sg->nsli; k++)
		if (strcmp(sg->sli[k].name, name) == 0)
			return &sg->sli[k];
	return NULL;
}

static void check_pattern(const suggest_t *sg, const char *name,
                          const char *field, const char *pattern)
{
	const suggest_sli_t *s = sli_named(sg, name);
	CHECK_MSG(s != NULL, "no SLI %s", name);
	if (!s)
		return;
	CHECK_STR(s->field, field);
	CHECK_STR(s->pattern, pattern);
}

static void whole(void)
{
	rules_t *r = rules_default();
	rules_drop_slis(r);
	rules_add_census(r, GROUP_ROUTE);
	run_t *run = run_new(r, NULL);
	for (size_t k = 0; k < NAPP; k++) {
		request_t q = req_of(&app[k]);
		char key[ROUTE_MAX];
		size_t kn = route_key(&q, GROUP_ROUTE, key, sizeof(key));
		uint64_t none = 0;
		for (int i = 0; i < app[k].n; i++) {
			int e = agg_add(run->agg, 0, &q, key, kn,
			                hash_bytes(key, kn));
			agg_census(run->agg, 0, e, &q, &none, 1, 1, FMT_NGINX);
			run->agg->requests++;
		}
	}
	agg_finish(run->agg);
	model_t *m = model_new(run);
	routes_t *rt = routes_new(m);
	suggest_t *sg = suggest_new(rt);

	/* features by requests, then other, then static assets */
	static const char *const names[] = {
	    "api-v1-employees",  "attendance",     "api-v1-teams",
	    "api-v1-documents",  "api-v1-members", "api-v2-reports",
	    "search-1-it-s-php", "other",          "static-assets"};
	CHECK_INT(sg->nsli, 9);
	for (int k = 0; k < sg->nsli && k < 9; k++)
		CHECK_STR(sg->sli[k].name, names[k]);
	check_pattern(sg, "api-v1-employees", "route",
	              "^((GET|POST) /api/v1/employees|"
	              "(GET|PATCH) /api/v1/employees/:id)$");
	check_pattern(sg, "attendance", "path", "^/attendance(/|$)");
	check_pattern(sg, "api-v2-reports", "path", "^/api/v2/reports(/|$)");
	check_pattern(sg, "api-v1-teams", "route",
	              "^GET /api/v1/teams(/:id)?$");
	check_pattern(sg, "api-v1-documents", "route",
	              "^GET /api/v1/employees/:id/documents$");
	check_pattern(sg, "search-1-it-s-php", "route",
	              "^GET /search\\(1\\)\\+it's\\.php$");
	check_pattern(sg, "other", "route", "^(GET /about|GET /home)$");
	check_pattern(sg, "static-assets", "path",
	              "^/favicon\\.ico$|^/assets/");
	CHECK_INT(sg->nleft, 2); /* the health check, the scanner */
	if (sg->nleft == 2) {
		CHECK_STR(rt->rows[sg->left[0]].key, "GET /up");
		CHECK_STR(rt->rows[sg->left[1]].key, "GET /wp-login.php");
	}
	CHECK(sg->health != NULL);
	if (sg->health)
		CHECK_STR(sg->health->pattern, "^/up$");

	const suggest_sli_t *e = sli_named(sg, "api-v1-employees");
	if (e) {
		/* 100 requests, 1 answered 503: 1% of 5xx, so 99 is not met
		 * with margin; 40ms each: 100ms */
		CHECK_INT(e->requests, 100);
		CHECK_INT(e->bad, 1);
		CHECK(e->objective == 99 && !e->objective_met);
		CHECK_INT(e->threshold, 100000);
	}
	const suggest_sli_t *a = sli_named(sg, "attendance");
	if (a) {
		CHECK_INT(a->requests, 62);
		CHECK_INT(a->s4xx, 2);
		CHECK_INT(a->nrows, 3);
	}
	const suggest_sli_t *x = sli_named(sg, "static-assets");
	if (x)
		CHECK_INT(x->requests, 17);

	/* the YAML loads, and each request is taken by its SLI alone */
	char *y = yaml_of(sg);
	CHECK(
	    strstr(y, "      route: '^GET /search\\(1\\)\\+it''s\\.php$'\n") !=
	    NULL);
	CHECK(strstr(y, "\n# Left out: no SLI here takes these 43 requests") !=
	      NULL);
	CHECK(strstr(y, "#          40  GET /up  (health check)\n") != NULL);
	CHECK(strstr(y, "\n#  - name: 'health-checks'\n#    match:\n"
	                "#      path: '^/up$'\n") != NULL);
	CHECK(strstr(y, "#           3  GET /wp-login.php  (scanner") != NULL);
	rules_err_t err;
	rules_t *back = rules_load_buf(y, strlen(y), "suggested", &err);
	CHECK_MSG(back != NULL, "%d:%d: %s", err.line, err.col, err.msg);
	if (back) {
		CHECK_INT(back->nsli, 9);
		rules_scratch_t *sc = rules_scratch_new();
		for (size_t k = 0; k < NAPP; k++) {
			request_t q = req_of(&app[k]);
			char key[ROUTE_MAX];
			size_t kn =
			    route_key(&q, GROUP_ROUTE, key, sizeof(key));
			for (int i = 0; i < back->nsli; i++) {
				int want =
				    strcmp(back->sli[i].name, app[k].sli) == 0;
				int got = rules_match(&back->sli[i], &q,
				                      (slice_t){key, kn}, sc);
				CHECK_MSG(got == want, "%s %s: SLI %s: %d",
				          app[k].method, app[k].path,
				          back->sli[i].name, got);
			}
		}
		rules_scratch_free(sc);
		rules_free(back);
	}
	free(y);

	suggest_free(sg);
	routes_free(rt);
	model_free(m);
	run_free(run);
	rules_free(r);
}

/* Nothing read: still rules that load, one SLI over everything. */
static void nothing(void)
{
	rules_t *r = rules_default();
	rules_drop_slis(r);
	rules_add_census(r, GROUP_ROUTE);
	run_t *run = run_new(r, NULL);
	agg_finish(run->agg);
	model_t *m = model_new(run);
	routes_t *rt = routes_new(m);
	suggest_t *sg = suggest_new(rt);
	CHECK_INT(sg->nsli, 1);
	CHECK_INT(sg->sli[0].kind, SG_KIND_ALL);
	char *y = yaml_of(sg);
	rules_err_t err;
	rules_t *back = rules_load_buf(y, strlen(y), "suggested", &err);
	CHECK_MSG(back != NULL, "%d:%d: %s", err.line, err.col, err.msg);
	rules_free(back);
	free(y);
	suggest_free(sg);
	routes_free(rt);
	model_free(m);
	run_free(run);
	rules_free(r);
}

int main(void)
{
	objectives();
	thresholds();
	noise();
	feature_names();
	quoting();
	whole();
	nothing();
	return CHECK_DONE("test_suggest");
}
