/*
 * test_suggest.c - the starter rules of `routes --suggest`: objectives
 * and thresholds from given figures (the boundaries included), noise by
 * path and by 4xx, feature names from controllers and from paths, regex
 * escaping (characters YAML cannot carry as \xHH); then hand-made runs
 * whose suggestions are loaded back by the rules loader and matched:
 * every request by its own SLI and by no other. A Rails-like app,
 * checked pattern by pattern (a path prefix a feature owns, routes
 * listed where a nested controller shares the prefix, "(/:id)?", no
 * prefix shallower than a feature's base, a path with metacharacters and
 * a quote, the small features as "other", the static assets (a touch
 * icon with a digest taken by a prefix), the health checks commented
 * out, an endpoint all 4xx kept in its feature and a scanner's left
 * out); paths with C1 controls, U+2028/9, U+FEFF, U+FFFE/F; an app's
 * nginx and app logs read together (each SLI takes one format); logs of
 * noise alone; websockets open for 40 minutes; endpoints beyond
 * max_endpoints.
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
	char *q = suggest_regex_quote("GET /a.b(c)[d]{e}*+?|^$\\x01-_:id/", 33);
	CHECK_STR(q,
	          "GET /a\\.b\\(c\\)\\[d\\]\\{e\\}\\*\\+\\?\\|\\^\\$\\\\x01-_"
	          ":id/");
	free(q);
	/* what a YAML single-quoted scalar cannot carry: byte escapes;
	 * other UTF-8 as it is (é, U+FFFD, U+10000), its bytes past the
	 * first never taken for characters of their own */
	static const struct {
		const char *in, *want;
	} cases[] = {
	    {"/a\xc2\x80"
	     "b",
	     "/a\\xC2\\x80b"}, /* C1, the first */
	    {"/a\xc2\x85"
	     "b",
	     "/a\\xC2\\x85b"}, /* NEL */
	    {"/a\xc2\x9f"
	     "b",
	     "/a\\xC2\\x9Fb"}, /* C1, the last */
	    {"/a\xc2\xa0"
	     "b",
	     "/a\xc2\xa0"
	     "b"}, /* no-break space */
	    {"/\xef\xbb\xbf"
	     "x",
	     "/\\xEF\\xBB\\xBFx"},                 /* U+FEFF */
	    {"/\xef\xbf\xbe", "/\\xEF\\xBF\\xBE"}, /* U+FFFE */
	    {"/\xef\xbf\xbf", "/\\xEF\\xBF\\xBF"}, /* U+FFFF */
	    {"/\xef\xbf\xbd", "/\xef\xbf\xbd"},    /* U+FFFD */
	    {"/\xe2\x80\xa8"
	     ".",
	     "/\\xE2\\x80\\xA8\\."},               /* U+2028 */
	    {"/\xe2\x80\xa9", "/\\xE2\\x80\\xA9"}, /* U+2029 */
	    {"/caf\xc3\xa9(", "/caf\xc3\xa9\\("},
	    {"/\xf0\x90\x80\x80", "/\xf0\x90\x80\x80"},
	    {"/\xe9+", "/\\xE9\\+"}, /* not UTF-8 */
	    {"/\t\x7f", "/\\x09\\x7F"},
	};
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		q = suggest_regex_quote(cases[k].in, strlen(cases[k].in));
		CHECK_STR(q, cases[k].want);
		free(q);
	}
	q = suggest_regex_quote("a\0b", 3);
	CHECK_STR(q, "a\\x00b");
	free(q);
}

/* ---- whole suggestions ---------------------------------------------- */

/* A hand-made request, n times: which SLI of the suggestion each should
 * fall in ("" for none); the enum fmt_kind of its log (0: nginx); its
 * latency (0: 40ms; -1: none). */
struct req {
	const char *method, *path, *action;
	int status, n;
	const char *sli;
	int fmt;
	int64_t lat_ms;
};

/* The requests of the hand-made app. */
static const struct req app[] = {
    /* a controller sharing its prefix with a nested one: routes listed */
    {"GET", "/api/v1/employees/7", "Api::V1::EmployeesController#show", 200, 60,
     "api-v1-employees", 0, 0},
    {"GET", "/api/v1/employees", "Api::V1::EmployeesController#index", 200, 20,
     "api-v1-employees", 0, 0},
    {"POST", "/api/v1/employees", "Api::V1::EmployeesController#create", 201,
     10, "api-v1-employees", 0, 0},
    {"PATCH", "/api/v1/employees/8", "Api::V1::EmployeesController#update", 503,
     1, "api-v1-employees", 0, 0},
    {"PATCH", "/api/v1/employees/9", "Api::V1::EmployeesController#update", 200,
     9, "api-v1-employees", 0, 0},
    {"GET", "/api/v1/employees/7/documents",
     "Api::V1::DocumentsController#index", 200, 20, "api-v1-documents", 0, 0},
    /* the same methods on /teams and /teams/:id: "(/:id)?" */
    {"GET", "/api/v1/teams", "Api::V1::TeamsController#index", 200, 15,
     "api-v1-teams", 0, 0},
    {"GET", "/api/v1/teams/3", "Api::V1::TeamsController#show", 200, 15,
     "api-v1-teams", 0, 0},
    {"GET", "/api/v1/teams/3/members", "Api::V1::MembersController#index", 200,
     10, "api-v1-members", 0, 0},
    /* no action: a feature by its path, which owns its prefix */
    {"POST", "/attendance/check_in", NULL, 200, 40, "attendance", 0, 0},
    {"POST", "/attendance/check_out", NULL, 200, 20, "attendance", 0, 0},
    /* all 4xx, but beside the feature's others: the feature's */
    {"PATCH", "/attendance/check_in", NULL, 422, 2, "attendance", 0, 0},
    /* alone under /api/v2, yet its prefix is its base, not /api/v2 */
    {"GET", "/api/v2/reports", NULL, 200, 5, "api-v2-reports", 0, 0},
    {"GET", "/api/v2/reports/4", NULL, 200, 5, "api-v2-reports", 0, 0},
    /* metacharacters and a quote */
    {"GET", "/search(1)+it's.php", NULL, 200, 8, "search-1-it-s-php", 0, 0},
    /* small: under 0.5% of about 300 requests */
    {"GET", "/home", NULL, 200, 1, "other", 0, 0},
    {"GET", "/about", NULL, 200, 1, "other", 0, 0},
    /* noise */
    {"GET", "/up", NULL, 200, 40, "", 0, 0}, /* left out: commented out */
    {"GET", "/assets/app-1.js", NULL, 200, 10, "static-assets", 0, 0},
    {"GET", "/assets/app-2.css", NULL, 304, 5, "static-assets", 0, 0},
    {"GET", "/favicon.ico", NULL, 200, 2, "static-assets", 0, 0},
    /* its key is "GET /apple-touch-icon-:hash.png", its path not */
    {"GET", "/apple-touch-icon-3f2ae1b4.png", NULL, 200, 2, "static-assets", 0,
     0},
    {"GET", "/wp-login.php", NULL, 404, 3, "", 0, 0},
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
	r.latency_us = q->lat_ms < 0    ? REQ_NO_LATENCY
	               : q->lat_ms == 0 ? 40000
	                                : q->lat_ms * 1000;
	r.time = REQ_NO_TIME;
	return r;
}

static int fmt_of(const struct req *q)
{
	return q->fmt ? q->fmt : FMT_NGINX;
}

/* A run over reqs[0..n) as `routes --suggest` makes one (the census of
 * route keys alone, each request told its log's format), its model,
 * routes and suggestion. At most max_endpoints endpoints (0: the
 * default). */
typedef struct built {
	rules_t *r;
	run_t *run;
	model_t *m;
	routes_t *rt;
	suggest_t *sg;
} built_t;

static built_t build(const struct req *reqs, size_t n, int max_endpoints)
{
	built_t b;
	b.r = rules_default();
	rules_drop_slis(b.r);
	if (max_endpoints)
		b.r->max_endpoints = max_endpoints;
	rules_add_census(b.r, GROUP_ROUTE);
	b.run = run_new(b.r, NULL);
	for (size_t k = 0; k < n; k++) {
		request_t q = req_of(&reqs[k]);
		char key[ROUTE_MAX];
		size_t kn = route_key(&q, GROUP_ROUTE, key, sizeof(key));
		uint64_t none = 0;
		for (int i = 0; i < reqs[k].n; i++) {
			int e = agg_add(b.run->agg, 0, &q, key, kn,
			                hash_bytes(key, kn));
			census_line_t cl = {&none, 1, 0, 1, fmt_of(&reqs[k])};
			agg_census(b.run->agg, 0, e, &q, &cl);
			b.run->agg->requests++;
		}
	}
	agg_finish(b.run->agg);
	b.m = model_new(b.run);
	b.rt = routes_new(b.m);
	b.sg = suggest_new(b.rt);
	return b;
}

static void unbuild(built_t *b)
{
	suggest_free(b->sg);
	routes_free(b->rt);
	model_free(b->m);
	run_free(b->run);
	rules_free(b->r);
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

/*
 * The suggestion y loads, with nsli SLIs, and each request of reqs is
 * taken by the SLI it names alone (by its match: format: too); *back
 * gets the rules loaded, when it is not NULL.
 */
static void loads_and_matches(const char *y, const struct req *reqs, size_t n,
                              int nsli, rules_t **back_out)
{
	rules_err_t err;
	rules_t *back = rules_load_buf(y, strlen(y), "suggested", &err);
	CHECK_MSG(back != NULL, "%d:%d: %s", err.line, err.col, err.msg);
	if (!back) {
		fprintf(stderr, "%s", y);
		return;
	}
	CHECK_INT(back->nsli, nsli);
	rules_scratch_t *sc = rules_scratch_new();
	for (size_t k = 0; k < n; k++) {
		request_t q = req_of(&reqs[k]);
		char key[ROUTE_MAX];
		size_t kn = route_key(&q, GROUP_ROUTE, key, sizeof(key));
		for (int i = 0; i < back->nsli; i++) {
			int want = strcmp(back->sli[i].name, reqs[k].sli) == 0;
			int got =
			    rules_match_file(&back->sli[i], fmt_of(&reqs[k]),
			                     "x.log", sc) &&
			    rules_match(&back->sli[i], &q, (slice_t){key, kn},
			                sc);
			CHECK_MSG(got == want, "%s %s (%s): SLI %s: %d",
			          reqs[k].method, reqs[k].path,
			          fmt_name(fmt_of(&reqs[k])), back->sli[i].name,
			          got);
		}
	}
	rules_scratch_free(sc);
	if (back_out)
		*back_out = back;
	else
		rules_free(back);
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
	built_t b = build(app, NAPP, 0);
	const routes_t *rt = b.rt;
	const suggest_t *sg = b.sg;

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
	/* the touch icon's path is matched raw: by the text before the
	 * key's ":hash" */
	check_pattern(sg, "static-assets", "path",
	              "^/favicon\\.ico$|^/apple-touch-icon-|^/assets/");
	CHECK_INT(sg->nleft, 2); /* the health check, the scanner */
	if (sg->nleft == 2) {
		CHECK_STR(rt->rows[sg->left[0]].key, "GET /up");
		CHECK_STR(rt->rows[sg->left[1]].key, "GET /wp-login.php");
	}
	CHECK(sg->health != NULL);
	if (sg->health)
		CHECK_STR(sg->health->pattern, "^/up$");
	/* one log format: no SLI keeps to one */
	CHECK_INT(sg->nformats, 1);
	for (int k = 0; k < sg->nsli; k++)
		CHECK_INT(sg->sli[k].format, FMT_AUTO);

	const suggest_sli_t *e = sli_named(sg, "api-v1-employees");
	if (e) {
		/* 100 requests, 1 answered 503: 1% of 5xx, so 99 is not met
		 * with margin; 40ms each: 100ms */
		CHECK_INT(e->requests, 100);
		CHECK_INT(e->all_requests, 100);
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
		CHECK_INT(x->requests, 19);

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
	CHECK(strstr(y, "format:)") == NULL);
	CHECK(strstr(y, "Not seen one by one") == NULL);
	loads_and_matches(y, app, NAPP, 9, NULL);
	free(y);
	unbuild(&b);
}

/* Nothing read: still rules that load, one SLI over everything, and no
 * latency objective: there is no latency to hold it to. */
static void nothing(void)
{
	built_t b = build(NULL, 0, 0);
	CHECK_INT(b.sg->nsli, 1);
	CHECK_INT(b.sg->sli[0].kind, SG_KIND_ALL);
	char *y = yaml_of(b.sg);
	CHECK(strstr(y, "  # all: no request in the logs") != NULL);
	CHECK(strstr(y, "    latency:\n") == NULL);
	loads_and_matches(y, NULL, 0, 1, NULL);
	free(y);
	unbuild(&b);
}

/* Paths (and an action) with the characters a YAML single-quoted scalar
 * or comment cannot carry as they are, as Rails, lograge and JSON logs
 * keep them (nginx escapes bytes over 0x7f itself): the file loads, no
 * such character is in it, and each request is matched by its SLI. */
static const struct req odd[] = {
    /* NEL: two paths under one prefix, a path: pattern */
    {"GET",
     "/nel\xc2\x85"
     "x/a",
     NULL, 200, 30, "nel-x", FMT_LOGRAGE, 0},
    {"GET",
     "/nel\xc2\x85"
     "x/b",
     NULL, 200, 30, "nel-x", FMT_LOGRAGE, 0},
    /* the first and the last C1 control: route: patterns */
    {"GET",
     "/c1\xc2\x80"
     "a",
     NULL, 200, 30, "c1-a", FMT_LOGRAGE, 0},
    {"GET", "/c9\xc2\x9f/7", NULL, 200, 30, "c9", FMT_LOGRAGE, 0},
    {"GET",
     "/bom\xef\xbb\xbf"
     "b",
     NULL, 200, 30, "bom-b", FMT_JSON, 0},
    /* U+FFFE and U+FFFF: one feature, two routes */
    {"POST", "/nc\xef\xbf\xbe", NULL, 201, 30, "nc", FMT_JSON, 0},
    {"POST", "/nc\xef\xbf\xbf", NULL, 201, 30, "nc", FMT_JSON, 0},
    {"GET",
     "/ls\xe2\x80\xa8"
     "x",
     NULL, 200, 30, "ls-x", FMT_JSON, 0},
    {"GET",
     "/ps\xe2\x80\xa9"
     "x",
     NULL, 200, 30, "ps-x", FMT_JSON, 0},
    /* in an action, shown in a comment only */
    {"GET", "/menu",
     "Menu\xe2\x80\xa8"
     "Controller#show",
     200, 30, "menu", FMT_JSON, 0},
    /* in static assets' and a scanner's paths */
    {"GET", "/apple-touch-icon\xef\xbb\xbf.png", NULL, 200, 3, "static-assets",
     FMT_JSON, 0},
    {"GET", "/wp\xe2\x80\xa9.php", NULL, 404, 3, "", FMT_JSON, 0},
};
#define NODD (sizeof(odd) / sizeof(odd[0]))

static void odd_characters(void)
{
	built_t b = build(odd, NODD, 0);
	/* lograge and JSON: several formats, none of them nginx, and
	 * each feature is in one */
	CHECK_INT(b.sg->nsli, 9);
	const suggest_sli_t *l = sli_named(b.sg, "c1-a");
	CHECK(l && l->format == FMT_LOGRAGE);
	l = sli_named(b.sg, "ls-x");
	CHECK(l && l->format == FMT_JSON);
	check_pattern(b.sg, "nel-x", "path", "^/nel\\xC2\\x85x(/|$)");
	check_pattern(b.sg, "c1-a", "route", "^GET /c1\\xC2\\x80a$");
	check_pattern(b.sg, "c9", "route", "^GET /c9\\xC2\\x9F/:id$");
	check_pattern(b.sg, "nc", "route",
	              "^(POST /nc\\xEF\\xBF\\xBE|POST /nc\\xEF\\xBF\\xBF)$");
	check_pattern(b.sg, "static-assets", "path",
	              "^/apple-touch-icon\\xEF\\xBB\\xBF\\.png$");
	char *y = yaml_of(b.sg);
	static const char *const raw[] = {
	    "\xc2\x80",     "\xc2\x85",     "\xc2\x9f",     "\xef\xbb\xbf",
	    "\xef\xbf\xbe", "\xef\xbf\xbf", "\xe2\x80\xa8", "\xe2\x80\xa9"};
	for (size_t k = 0; k < sizeof(raw) / sizeof(raw[0]); k++)
		CHECK_MSG(strstr(y, raw[k]) == NULL, "raw character %zu", k);
	/* comments show them as report's table does */
	CHECK(strstr(y, "  GET /ls\\xE2\\x80\\xA8x\n") != NULL);
	CHECK(strstr(y, "  GET /menu  Menu\\xE2\\x80\\xA8Controller#show\n") !=
	      NULL);
	CHECK(strstr(y, "  GET /wp\\xE2\\x80\\xA9.php  (scanner") != NULL);
	loads_and_matches(y, odd, NODD, 9, NULL);
	free(y);
	unbuild(&b);
}

/* An app's nginx log and its Rails log read together: the requests
 * that reached the app are in both. */
static const struct req two[] = {
    /* a 504 of nginx's that never reached the app: over both logs 1 of
     * 599 (0.17%) would meet 99.5 with margin; it is 1 of nginx's 300
     * (0.33%) */
    {"GET", "/orders", NULL, 200, 299, "orders", FMT_NGINX, 0},
    {"GET", "/orders", NULL, 504, 1, "orders", FMT_NGINX, 0},
    {"GET", "/orders", "OrdersController#index", 200, 299, "", FMT_RAILS, 0},
    {"GET", "/employees/7", NULL, 200, 50, "employees", FMT_NGINX, 0},
    {"GET", "/employees/7", "EmployeesController#show", 200, 50, "", FMT_RAILS,
     0},
    {"GET", "/employees", NULL, 200, 30, "employees", FMT_NGINX, 0},
    {"GET", "/employees", "EmployeesController#index", 200, 30, "", FMT_RAILS,
     0},
    /* 502s from nginx that never reached the app: in nginx's log only */
    {"GET", "/reports/1", NULL, 200, 20, "reports", FMT_NGINX, 0},
    {"GET", "/reports/1", NULL, 502, 5, "reports", FMT_NGINX, 0},
    {"GET", "/reports/1", "ReportsController#show", 200, 20, "", FMT_RAILS, 0},
    /* no nginx log has it (another app's): its Rails log's */
    {"POST", "/jobs/run", "JobsController#run", 200, 20, "jobs", FMT_RAILS, 0},
    /* most in the JSON log: the JSON log's */
    {"GET", "/feed", NULL, 200, 15, "feed", FMT_JSON, 0},
    {"GET", "/feed/3", NULL, 200, 5, "", FMT_LOGRAGE, 0},
    /* small features of different logs: an 'other' per format */
    {"GET", "/home", NULL, 200, 1, "other-nginx", FMT_NGINX, 0},
    {"GET", "/about", "AboutController#index", 200, 1, "other-rails", FMT_RAILS,
     0},
    {"GET", "/assets/app.js", NULL, 200, 5, "static-assets", FMT_NGINX, 0},
    {"GET", "/up", NULL, 200, 10, "", FMT_NGINX, 0},
    {"GET", "/up", "Rails::HealthController#show", 200, 10, "", FMT_RAILS, 0},
};
#define NTWO (sizeof(two) / sizeof(two[0]))

static void two_formats(void)
{
	built_t b = build(two, NTWO, 0);
	const suggest_t *sg = b.sg;
	CHECK_INT(sg->nformats, 4);
	CHECK_INT(sg->by_format[FMT_NGINX], 421);
	CHECK_INT(sg->by_format[FMT_RAILS], 430);
	static const struct {
		const char *name;
		int format;
		uint64_t requests, all;
	} want[] = {
	    {"orders", FMT_NGINX, 300, 599},
	    {"employees", FMT_NGINX, 80, 160},
	    {"reports", FMT_NGINX, 25, 45},
	    {"jobs", FMT_RAILS, 20, 20},
	    {"feed", FMT_JSON, 15, 20},
	    {"other-nginx", FMT_NGINX, 1, 1},
	    {"other-rails", FMT_RAILS, 1, 1},
	    {"static-assets", FMT_NGINX, 5, 5},
	};
	CHECK_INT(sg->nsli, 8);
	for (size_t k = 0; k < sizeof(want) / sizeof(want[0]); k++) {
		const suggest_sli_t *s = sli_named(sg, want[k].name);
		CHECK_MSG(s != NULL, "no SLI %s", want[k].name);
		if (!s)
			continue;
		CHECK_INT(s->format, want[k].format);
		CHECK_INT(s->requests, want[k].requests);
		CHECK_INT(s->all_requests, want[k].all);
	}
	/* the 5xx of the logs an SLI takes: exact where its endpoints are
	 * in them alone, else a bound; the objective holds with it */
	const suggest_sli_t *r = sli_named(sg, "orders");
	if (r) {
		CHECK_INT(r->bad, 1);
		CHECK(r->bad_bound);
		CHECK(r->objective == 99 && r->objective_met);
	}
	r = sli_named(sg, "reports");
	if (r) {
		CHECK_INT(r->bad, 5);
		CHECK_INT(r->all_bad, 5);
		CHECK(r->bad_bound && !r->objective_met);
	}
	r = sli_named(sg, "jobs");
	if (r)
		CHECK(!r->bad_bound && r->objective == 99.9);
	CHECK(sg->health && sg->health->format == FMT_NGINX);
	char *y = yaml_of(sg);
	CHECK(strstr(y, "# - the logs are of several formats (requests: "
	                "nginx 421, rails 430,") != NULL);
	CHECK(strstr(y, "  - name: 'employees'\n    match:\n"
	                "      path: '^/employees(/|$)'\n"
	                "      format: '^nginx$'\n") != NULL);
	CHECK(strstr(y, "  # takes the nginx logs' requests only") != NULL);
	CHECK(strstr(y, "  # takes the rails logs' requests only") != NULL);
	/* share of nginx's requests: 80 of 421 */
	CHECK(strstr(y, "  # 80 nginx requests (19.00% of the nginx logs'), "
	                "0 answered 5xx (0.00%)\n  # in every log, its "
	                "endpoints have 160 requests, 0 answered 5xx, 0 "
	                "4xx\n") != NULL);
	CHECK(strstr(y, "  # 20 rails requests (4.65% of the rails logs'), "
	                "0 answered 5xx (0.00%), 0 4xx\n") != NULL);
	CHECK(strstr(y, "  # 25 nginx requests (5.93% of the nginx logs'), "
	                "at most 5 answered 5xx (20.00%)\n") != NULL);
	CHECK(strstr(y, "objective: 99   # NOT met: 5xx seen up to 20.00%") !=
	      NULL);
	CHECK(strstr(y, "objective: 99   # 5xx seen: at most 0.33%, at most "
	                "half the 1% allowed") != NULL);
	CHECK(strstr(y, "#      format: '^nginx$'\n") != NULL);
	loads_and_matches(y, two, NTWO, 8, NULL);
	free(y);
	unbuild(&b);
}

/* Every request noise: no feature, so one SLI 'all', which takes them;
 * they are not called unmatched, and with no latency in the logs 'all'
 * has no latency objective (check would find it unknown). */
static const struct req noise_only[] = {
    {"GET", "/.env", NULL, 404, 5, "all", 0, -1},
    {"GET", "/wp-login.php", NULL, 404, 3, "all", 0, -1},
    {"", "\\x16\\x03\\x01", NULL, 400, 2, "all", 0, -1},
    {"GET", "/up", NULL, 200, 4, "all", 0, -1},
};
#define NNOISE (sizeof(noise_only) / sizeof(noise_only[0]))

static void all_noise(void)
{
	built_t b = build(noise_only, NNOISE, 0);
	const suggest_t *sg = b.sg;
	CHECK_INT(sg->nsli, 1);
	CHECK_INT(sg->sli[0].kind, SG_KIND_ALL);
	CHECK_INT(sg->sli[0].requests, 14);
	CHECK_INT(sg->sli[0].threshold, 0);
	CHECK_INT(sg->nleft, 0);
	CHECK(sg->health == NULL);
	char *y = yaml_of(sg);
	CHECK(strstr(y, "no request in the logs") == NULL);
	CHECK(strstr(y, "  # all: no feature in the logs: every request was "
	                "noise") != NULL);
	CHECK(strstr(y, "unmatched") == NULL || strstr(y, "Left out") == NULL);
	CHECK(strstr(y, "Left out") == NULL);
	CHECK(strstr(y, "#           5  GET /.env  (scanner") != NULL);
	CHECK(strstr(y, "    latency:\n") == NULL);
	loads_and_matches(y, noise_only, NNOISE, 1, NULL);
	free(y);
	unbuild(&b);

	/* with latency in the logs, 'all' is held to what they show */
	static const struct req timed[] = {
	    {"GET", "/.env", NULL, 404, 200, "all", 0, 30}, /* a scanner */
	};
	b = build(timed, 1, 0);
	y = yaml_of(b.sg);
	CHECK(strstr(y, "    latency:\n      - threshold: 100ms   # p99.5 "
	                "seen: 30.0ms\n") != NULL);
	loads_and_matches(y, timed, 1, 1, NULL);
	free(y);
	unbuild(&b);
}

/* Websockets answered 101 and open for 40 minutes: no threshold on the
 * ladder holds, so no latency objective, and the comment says why in
 * minutes rather than in millions of ms. */
static const struct req sockets[] = {
    {"GET", "/cable", NULL, 101, 200, "cable", 0, 2370472},
    {"GET", "/employees", NULL, 200, 200, "employees", 0, 0},
    /* 12.5s: seconds, not ms */
    {"GET", "/exports", NULL, 200, 200, "exports", 0, 12500},
    /* two hours */
    {"GET", "/stream", NULL, 200, 200, "stream", 0, 7500000},
};
#define NSOCK (sizeof(sockets) / sizeof(sockets[0]))

static void websockets(void)
{
	built_t b = build(sockets, NSOCK, 0);
	const suggest_sli_t *c = sli_named(b.sg, "cable");
	CHECK(c && !c->threshold_met);
	char *y = yaml_of(b.sg);
	CHECK(strstr(y, "    # p99.5 was 39m30s, beyond 5s: no latency "
	                "objective suggested;\n    # long-lived requests such "
	                "as websockets (101) may belong out of\n    # this "
	                "SLI\n") != NULL);
	CHECK(strstr(y, "  # latency p50 39m30s, p95 39m30s, p99 39m30s, max "
	                "39m30s\n") != NULL);
	CHECK(strstr(y, "p99.5 was 12.5s, beyond 5s") != NULL);
	CHECK(strstr(y, "p99.5 was 2h5m, beyond 5s") != NULL);
	CHECK(strstr(y, "2370472") == NULL);
	CHECK(strstr(y, "NOT met: p99.5") == NULL);
	rules_t *back = NULL;
	loads_and_matches(y, sockets, NSOCK, 4, &back);
	if (back) {
		for (int i = 0; i < back->nsli; i++)
			CHECK_MSG(
			    back->sli[i].nthr ==
			        (strcmp(back->sli[i].name, "employees") == 0),
			    "SLI %s: %d thresholds", back->sli[i].name,
			    back->sli[i].nthr);
		rules_free(back);
	}
	free(y);
	unbuild(&b);
}

/* More endpoints than max_endpoints: the requests of the others are in
 * "(other)", which the header names, and which is not called
 * unmatched: the patterns may take some of them. */
static const struct req many[] = {
    {"GET", "/alpha", NULL, 200, 50, "alpha", 0, 0},
    {"GET", "/alpha/x", NULL, 200, 10, "alpha", 0, 0},
    {"GET", "/beta", NULL, 200, 40, "beta", 0, 0},
    {"GET", "/wp-login.php", NULL, 404, 3, "", 0, 0},
    /* beyond the bound of 4: "(other)" */
    {"GET", "/gamma", NULL, 200, 20, "", 0, 0},
    {"GET", "/alpha/1", NULL, 200, 5, "alpha", 0, 0},
};
#define NMANY (sizeof(many) / sizeof(many[0]))

static void overflow(void)
{
	built_t b = build(many, NMANY, 4);
	const suggest_t *sg = b.sg;
	CHECK_INT(b.rt->other_requests, 25);
	CHECK_INT(sg->overflow, 25);
	CHECK_INT(sg->nleft, 1); /* the scanner, not (other) */
	char *y = yaml_of(sg);
	CHECK(strstr(y, "#\n# Not seen one by one: 25 requests of endpoints "
	                "beyond the bound\n# (max_endpoints: 4) were counted "
	                "together as (other).") != NULL);
	CHECK(strstr(y, "rerun with a larger --max-endpoints") != NULL);
	CHECK(strstr(y, "\n# Left out: no SLI here takes these 3 requests,") !=
	      NULL);
	CHECK(strstr(y, "  (other)  (") == NULL);
	CHECK(strstr(y, "#\n# (other): 25 requests of endpoints beyond "
	                "max_endpoints, not seen one\n# by one; the patterns "
	                "above may take some.\n") != NULL);
	/* the path: patterns take "(other)"'s /alpha/1, not /gamma */
	loads_and_matches(y, many, NMANY, 2, NULL);
	free(y);
	unbuild(&b);
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
	odd_characters();
	two_formats();
	all_noise();
	websockets();
	overflow();
	return CHECK_DONE("test_suggest");
}
