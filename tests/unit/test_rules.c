/*
 * test_rules.c - loading rules: the embedded default, a full file, and
 * errors that must name line and column (unknown keys, bad regexes at the
 * offending character, bad values, YAML syntax).
 */
#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "rules.h"

static rules_t *load(const char *yaml, rules_err_t *e)
{
	return rules_load_buf(yaml, strlen(yaml), "t.yaml", e);
}

/* Expect an error at line:col whose message contains part. */
static void fails(const char *yaml, int line, int col, const char *part)
{
	rules_err_t e;
	rules_t *r = load(yaml, &e);
	CHECK_MSG(r == NULL, "accepted: %s", yaml);
	rules_free(r);
	CHECK_MSG(e.line == line && e.col == col, "%d:%d, want %d:%d (%s)",
	          e.line, e.col, line, col, e.msg);
	CHECK_MSG(strstr(e.msg, part) != NULL, "'%s' lacks '%s'", e.msg, part);
}

static request_t req(const char *method, const char *path, const char *status)
{
	request_t r = {0};
	r.method = (slice_t){method, strlen(method)};
	r.path = (slice_t){path, strlen(path)};
	r.status_txt = (slice_t){status, strlen(status)};
	r.status = atoi(status);
	return r;
}

static void test_default(void)
{
	rules_t *r = rules_default();
	CHECK_INT(r->nsli, 1);
	CHECK_STR(r->sli[0].name, "all");
	CHECK_INT(r->sli[0].group_by, GROUP_ROUTE);
	CHECK(r->sli[0].has_avail_objective);
	CHECK(fabs(r->sli[0].avail_objective - 0.999) < 1e-12);
	CHECK_INT(r->sli[0].nthr, 1);
	CHECK_INT(r->sli[0].thr[0].us, 300000);
	CHECK(fabs(r->sli[0].thr[0].objective - 0.99) < 1e-12);
	CHECK_INT(r->sli[0].max_endpoints, 1000);
	CHECK(r->sli[0].bad[500] && r->sli[0].bad[599] && !r->sli[0].bad[499]);
	CHECK_INT(r->npct, 5);
	CHECK(r->log_format == NULL);
	rules_free(r);
}

static void test_full(void)
{
	rules_err_t e;
	rules_t *r = load(
	    "format: nginx\n"
	    "log_format: '$remote_addr [$time_local] \"$request\" $status'\n"
	    "latency_field: upstream_response_time\n"
	    "percentiles: [50, 99.9]\n"
	    "max_endpoints: 50\n"
	    "slis:\n"
	    "  - name: api\n"
	    "    match:\n"
	    "      method: '^(GET|POST)$'\n"
	    "      path: '^/api/(?!internal)'\n"
	    "    group_by: path\n"
	    "    availability:\n"
	    "      objective: 99.5\n"
	    "      bad_status: [5xx, 429]\n"
	    "    latency:\n"
	    "      - threshold: 300ms\n"
	    "        objective: 99\n"
	    "      - threshold: 1.5s\n"
	    "        objective: 99.9\n"
	    "  - name: writes\n"
	    "    max_endpoints: 3\n"
	    "    match: {method: '^(POST|PUT|PATCH|DELETE)$'}\n",
	    &e);
	CHECK_MSG(r != NULL, "%d:%d %s", e.line, e.col, e.msg);
	if (!r)
		return;
	CHECK_INT(r->latency_field, LAT_UPSTREAM_RESPONSE_TIME);
	CHECK_INT(r->npct, 2);
	CHECK(r->pct[1] == 99.9);
	CHECK_INT(r->lf_line, 2);
	CHECK_INT(r->lf_col, 13);
	CHECK_INT(r->nsli, 2);
	const sli_t *api = &r->sli[0], *w = &r->sli[1];
	CHECK_INT(api->group_by, GROUP_PATH);
	CHECK_INT(api->max_endpoints, 50);
	CHECK_INT(w->max_endpoints, 3);
	CHECK(api->bad[429] && api->bad[503] && !api->bad[404]);
	CHECK_INT(api->thr[1].us, 1500000);
	CHECK(!w->has_avail_objective && w->nthr == 0);
	CHECK(w->bad[500]); /* default bad_status */

	rules_scratch_t *sc = rules_scratch_new();
	request_t q = req("GET", "/api/users", "200");
	CHECK(rules_match(api, &q, SLICE_EMPTY, sc));
	q = req("GET", "/api/internal/x", "200");
	CHECK(!rules_match(api, &q, SLICE_EMPTY, sc)); /* lookahead works */
	q = req("DELETE", "/api/users", "200");
	CHECK(!rules_match(api, &q, SLICE_EMPTY, sc));
	CHECK(rules_match(w, &q, SLICE_EMPTY, sc));
	q = req("GETX", "/api/users", "200");
	CHECK(!rules_match(api, &q, SLICE_EMPTY, sc)); /* anchored */
	rules_scratch_free(sc);
	rules_free(r);
}

static void test_errors(void)
{
	fails("slis:\n  - name: a\n    mach: {}\n", 3, 5,
	      "SLI 'a': unknown key 'mach'");
	fails("slis:\n  - group_by: x\n    name: b\n", 2, 15,
	      "SLI 'b': group_by");
	/* PCRE2 notices the missing ')' at the end of the pattern */
	fails("slis:\n  - name: a\n    match:\n      path: '^/api/(x'\n", 4, 22,
	      "missing closing parenthesis");
	fails("slis:\n  - name: a\n    match:\n      path: ^/api/(x\n", 4, 21,
	      "missing closing parenthesis");
	fails("slis:\n  - name: a\n    latency:\n      - threshold: 300\n"
	      "        objective: 99\n",
	      4, 20, "unit");
	fails("slis:\n  - name: a\n    latency:\n      - threshold: 300ms\n", 4,
	      9, "needs both");
	fails("slis:\n  - name: a\n    availability: {objective: 101}\n", 3, 31,
	      "percentage");
	/* a fraction where a percent goes: the percent it meant */
	fails("slis:\n  - name: a\n    availability: {objective: 0.999}\n", 3,
	      31, "did you mean 99.9?");
	fails("slis:\n  - name: a\n    latency:\n      - threshold: 300ms\n"
	      "        objective: 0.95\n",
	      5, 20, "latency objective is a percentage: did you mean 95?");
	fails("slis:\n  - name: a\n    availability: {bad_status: [5xy]}\n", 3,
	      33, "5xx");
	fails("slis:\n  - name: a\n    group_by: host\n", 3, 15, "route, path");
	fails("slis:\n  - name: a\n    match: {path: x, path: y}\n", 3, 22,
	      "SLI 'a': 'path' is given twice in match");
	fails("slis:\n  - name: a\n  - name: a\n", 3, 5,
	      "SLI 'a': another SLI");
	fails("slis:\n  - match: {}\n", 2, 5, "SLI #1: has no name");
	fails("slis: []\n", 1, 7, "empty");
	fails("format: nginx\n", 1, 1, "no 'slis:'");
	fails("format: syslog\nslis: [{name: a}]\n", 1, 9,
	      "format must be auto, nginx, rails");
	fails("fields: {status: code, duration: d}\nslis: [{name: a}]\n", 1, 24,
	      "unknown key 'duration' in fields");
	fails("fields: {latency_unit: min}\nslis: [{name: a}]\n", 1, 24,
	      "latency_unit must be s or ms");
	fails("slis:\n  - name: a\n   bad: indent\n", 3, 4, "YAML syntax");
	fails("slis:\n  - name: a\n    match:\n      path: '[a-'\n", 4, 17,
	      "missing terminating ]");
	fails("percentiles: [50, 0]\nslis: [{name: a}]\n", 1, 19, "above 0");
	fails("slis: [{name: a, max_endpoints: 0}]\n", 1, 33, "whole number");
	fails("latency_field: foo\nslis: [{name: a}]\n", 1, 16,
	      "latency_field");

	rules_err_t e;
	CHECK(load("", &e) == NULL);
	CHECK(strstr(e.msg, "empty") != NULL);
	CHECK(rules_load_file("/nonexistent/rules.yaml", &e) == NULL);
	CHECK(strstr(e.msg, "cannot open") != NULL);
}

/* An objective below 1% is taken as asked when written with its sign. */
static void test_small_percent(void)
{
	rules_err_t e;
	rules_t *r = load("slis:\n  - name: a\n    availability: "
	                  "{objective: 0.5%}\n",
	                  &e);
	CHECK(r != NULL);
	if (r)
		CHECK(fabs(r->sli[0].avail_objective - 0.005) < 1e-15);
	rules_free(r);
	r = load("slis:\n  - name: a\n    availability: {objective: 1}\n", &e);
	CHECK(r != NULL);
	if (r)
		CHECK(fabs(r->sli[0].avail_objective - 0.01) < 1e-15);
	rules_free(r);
}

static void test_duration(void)
{
	int64_t us;
	CHECK(parse_duration_us("300ms", &us) == 0 && us == 300000);
	CHECK(parse_duration_us("1.5s", &us) == 0 && us == 1500000);
	CHECK(parse_duration_us("250us", &us) == 0 && us == 250);
	CHECK(parse_duration_us("2m", &us) == 0 && us == 120000000);
	CHECK(parse_duration_us("300", &us) < 0);
	CHECK(parse_duration_us("ms", &us) < 0);
	CHECK(parse_duration_us("-1s", &us) < 0);
}

/*
 * Patterns that can never match what the logs give their field
 * (rules_never), each in an SLI of its own, beside near misses that can.
 * The answers come from PCRE2's knowledge of the compiled pattern, so
 * this also pins down what PCRE2 reports for them.
 */
static void test_never(void)
{
	static const struct {
		const char *field, *pattern;
		int never;
	} cases[] = {
	    /* path: flagged only when anchored on an uppercase letter (a
	     * method) or '?' (the query); any other start may be a path */
	    {"path", "^GET", 1},
	    {"path", "^GET /api", 1},
	    {"path", "^POST", 1},
	    {"path", "(?i)^GET", 1}, /* PCRE2 gives the 'G' as written */
	    {"path", "^(GET|POST) /", 1},
	    {"path", "^[A-Z]", 1},
	    {"path", "^\\?", 1},
	    {"path", "^\\?q=", 1},
	    {"path", "^(GET|\\?)", 1},
	    {"path", "(?i)^get", 0}, /* as written: lowercase */
	    {"path", "^api/", 0},    /* "api/v1" in a JSON log */
	    {"path", "^users/", 0},  /* likewise */
	    {"path", "^example", 0}, /* CONNECT example.com:443 */
	    {"path", "^[a-z]", 0},
	    {"path", "^(GET|api)", 0}, /* may start with a lowercase 'a' */
	    {"path", "^(?:GET|/)", 0},
	    {"path", "^/api", 0},
	    {"path", "^\\*$", 0},
	    {"path", "^(/|\\*)", 0},
	    {"path", "GET", 0},      /* not anchored: anywhere in it */
	    {"path", "(?m)^GET", 0}, /* multiline: not anchored */
	    {"path", "^$", 0},       /* may be empty: no first character */
	    {"path", "^(?:GET)?/", 0},
	    {"route", "^/api", 1},
	    {"route", "^[/]", 1},
	    {"route", "^GET /api", 0},
	    {"route", "^(?:GET|POST) /api", 0},
	    {"route", "^\\(invalid", 0},
	    {"route", "/api", 0},
	    {"query", "^\\?", 1},
	    {"query", "^\\?q=", 1},
	    {"query", "^q=", 0},
	    {"query", "\\?", 0},
	    {"query", "^(\\?|q)", 0},
	    {"status", "^5000", 1},
	    {"status", "5\\d{3}", 1}, /* at least 4 characters */
	    {"status", "^x", 1},
	    {"status", "x", 1}, /* a status has digits only */
	    {"status", "^[a-z]", 1},
	    {"status", "^5", 0},
	    {"status", "^[45]\\d\\d$", 0},
	    {"status", "^(?!499$)", 0},
	    {"status", "03", 0},
	    {"status", "^5xx$", 1},    /* bad_status's spelling: no status */
	    {"status", "^5[0-9]x", 1}, /* every code tried: none */
	    {"status", "^[6-9]\\d\\d$", 0}, /* odd, yet a status */
	    {"status", "^0?00$", 0},
	    {"format", "^apache$", 1},
	    {"format", "combined", 1},
	    {"format", "^(nginx|json)$", 0},
	    {"format", "rail", 0},
	    {"format", "(?i)^NGINX$", 0},
	    {"method", "^/", 1},
	    {"method", "^[0-9]", 1},
	    {"method", "^get", 0},
	    {"method", "(?i)^post$", 0},
	    {"method", "/", 0},  /* not anchored */
	    {"host", "^GET", 0}, /* any text */
	    {"user_agent", "^\\?", 0},
	    {"action", "^/", 0},
	    {"file", "^x", 0},
	};
	enum { N = sizeof(cases) / sizeof(cases[0]) };
	char yaml[8192];
	size_t at = (size_t)snprintf(yaml, sizeof(yaml), "slis:\n");
	for (int i = 0; i < N; i++)
		at += (size_t)snprintf(yaml + at, sizeof(yaml) - at,
		                       "  - name: s%d\n"
		                       "    match: {%s: '%s'}\n",
		                       i, cases[i].field, cases[i].pattern);
	at += (size_t)snprintf(yaml + at, sizeof(yaml) - at, "  - name: any\n");
	CHECK(at < sizeof(yaml));
	rules_err_t e;
	rules_t *r = load(yaml, &e);
	CHECK_MSG(r != NULL, "%d:%d: %s", e.line, e.col, e.msg);
	if (!r)
		return;
	for (int i = 0; i < N; i++) {
		int f = -1;
		for (int k = 0; k < M_N; k++)
			if (strcmp(rules_match_name(k), cases[i].field) == 0)
				f = k;
		CHECK(f >= 0);
		char why[160] = "";
		int got = rules_never(r, i, f, why, sizeof(why));
		CHECK_MSG(got == cases[i].never, "match.%s '%s': %d (%s)",
		          cases[i].field, cases[i].pattern, got, why);
		CHECK(got == (why[0] != '\0'));
		/* where the pattern is written: line 3 + 2i, at its quote */
		int line = 0, col = 0;
		const char *text = rules_pattern(&r->sli[i], f, &line, &col);
		CHECK(text && strcmp(text, cases[i].pattern) == 0);
		CHECK_INT(line, 3 + 2 * i);
		CHECK_INT(col, 15 + (int)strlen(cases[i].field));
		/* every other field of the SLI has no pattern */
		CHECK_INT(rules_never(r, i, (f + 1) % M_N, why, sizeof(why)),
		          0);
	}
	CHECK(rules_pattern(&r->sli[N], M_PATH, NULL, NULL) == NULL);
	CHECK_INT(rules_never(r, N, M_PATH, (char[8]){0}, 8), 0);
	CHECK_INT(rules_never(r, N + 1, M_PATH, (char[8]){0}, 8), 0);
	char why[160];
	CHECK_INT(rules_never(r, 0, M_PATH, why, sizeof(why)), 1);
	CHECK_STR(why, "a path starts with '/' (or is '*' or CONNECT's "
	               "host:port), never with an uppercase letter: the "
	               "method is match.method, or match.route has both");
	/* the query's reason, and both together */
	for (int i = 0; i < N; i++) {
		if (strcmp(cases[i].field, "path") != 0)
			continue;
		if (strcmp(cases[i].pattern, "^\\?") == 0) {
			CHECK_INT(rules_never(r, i, M_PATH, why, sizeof(why)),
			          1);
			CHECK_STR(why, "a path never holds the '?': the query "
			               "is match.query, without its '?'");
		}
		if (strcmp(cases[i].pattern, "^(GET|\\?)") == 0) {
			CHECK_INT(rules_never(r, i, M_PATH, why, sizeof(why)),
			          1);
			CHECK(strstr(why, "an uppercase letter or '?': ") !=
			      NULL);
		}
	}
	/* why is cut to its size, and NUL-terminated */
	char small[8];
	memset(small, 'x', sizeof(small));
	CHECK_INT(rules_never(r, 0, M_PATH, small, sizeof(small)), 1);
	CHECK_STR(small, "a path ");
	rules_free(r);
}

/* The match keys beyond the request line: query, action and route per
 * request, format and file per input; a missing field is empty text. */
static void test_match_keys(void)
{
	rules_err_t e;
	rules_t *r =
	    load("slis:\n"
	         "  - name: search\n"
	         "    match: {query: '(^|&)q=', route: '^GET /e$'}\n"
	         "  - name: act\n"
	         "    match: {action: '^Api::V1::EmployeesController#'}\n"
	         "  - name: nolog\n"
	         "    match: {format: '^(rails|lograge)$', "
	         "file: '(^|/)production\\.log$'}\n"
	         "  - name: noquery\n"
	         "    match: {query: '^$'}\n",
	         &e);
	CHECK_MSG(r != NULL, "%d:%d %s", e.line, e.col, e.msg);
	if (!r)
		return;
	CHECK_INT(rules_per_file(r), 1);
	rules_scratch_t *sc = rules_scratch_new();
	request_t q = req("GET", "/e", "200");
	slice_t route = {"GET /e", 6};
	CHECK_INT(rules_match(&r->sli[0], &q, route, sc), 0); /* no query */
	CHECK_INT(rules_match(&r->sli[3], &q, route, sc), 1);
	q.query = (slice_t){"page=2&q=ada", 12};
	CHECK_INT(rules_match(&r->sli[0], &q, route, sc), 1);
	CHECK_INT(rules_match(&r->sli[3], &q, route, sc), 0);
	/* route is the key given, not the path */
	CHECK_INT(rules_match(&r->sli[0], &q, (slice_t){"GET /e/:id", 10}, sc),
	          0);
	CHECK_INT(rules_match(&r->sli[1], &q, route, sc), 0); /* no action */
	q.action = (slice_t){"Api::V1::EmployeesController#index", 34};
	CHECK_INT(rules_match(&r->sli[1], &q, route, sc), 1);
	/* per-file keys are not per-request ones: rules_match ignores them */
	CHECK_INT(rules_match(&r->sli[2], &q, route, sc), 1);
	CHECK_INT(
	    rules_match_file(&r->sli[2], FMT_RAILS, "log/production.log", sc),
	    1);
	CHECK_INT(
	    rules_match_file(&r->sli[2], FMT_NGINX, "log/production.log", sc),
	    0);
	CHECK_INT(rules_match_file(&r->sli[2], FMT_LOGRAGE,
	                           "log/production.log.1", sc),
	          0);
	CHECK_INT(rules_match_file(&r->sli[0], FMT_NGINX, "x", sc), 1);
	rules_add_census(r, GROUP_PATH);
	CHECK_INT(r->nsli, 5);
	CHECK_INT(rules_nuser(r), 4);
	CHECK(r->sli[4].census && r->sli[4].group_by == GROUP_PATH);
	CHECK_INT(r->sli[4].max_endpoints, 1000);
	rules_add_census(r, GROUP_PATH); /* once only */
	CHECK_INT(r->nsli, 5);
	rules_scratch_free(sc);
	rules_free(r);
}

/* labels:, annotations: (SLI and alert) and an alert's min_requests:
 * kept in order, shared by the SLIs a file-level alert goes to; label
 * names checked as Prometheus' are, values as UTF-8. */
static void test_labels(void)
{
	rules_err_t e;
	rules_t *r =
	    load("alerts:\n"
	         "  - {severity: page, long: 1h, short: 5m, factor: 14.4,\n"
	         "     min_requests: 20, labels: {team: hr, tier: 1},\n"
	         "     annotations: {summary: \"caf\\u00e9 \\\"x\\\"\"}}\n"
	         "slis:\n"
	         "  - name: a\n"
	         "    labels: {team: payroll, runbook_url: 'https://x/y?a=1'}\n"
	         "    annotations: {summary: ''}\n"
	         "  - name: b\n",
	         &e);
	CHECK_MSG(r != NULL, "%d:%d: %s", e.line, e.col, e.msg);
	if (!r)
		return;
	const sli_t *a = &r->sli[0], *b = &r->sli[1];
	CHECK_INT(a->labels.n, 2);
	CHECK_STR(a->labels.kv[0].key, "team");
	CHECK_STR(a->labels.kv[0].value, "payroll");
	CHECK_STR(a->labels.kv[1].key, "runbook_url");
	CHECK_STR(a->labels.kv[1].value, "https://x/y?a=1");
	CHECK_INT(a->annotations.n, 1);
	CHECK_STR(a->annotations.kv[0].value, ""); /* allowed: blanks one */
	CHECK_INT(b->labels.n, 0);
	CHECK_INT(a->nalert, 1);
	CHECK_INT(b->nalert, 1);
	for (int i = 0; i < 2; i++) {
		const burn_alert_t *al = &r->sli[i].alert[0];
		CHECK(al->min_requests == 20);
		CHECK_INT(al->labels.n, 2);
		CHECK_STR(al->labels.kv[1].key, "tier");
		CHECK_STR(al->labels.kv[1].value, "1");
		CHECK_INT(al->annotations.n, 1);
		CHECK_STR(al->annotations.kv[0].value, "caf\xc3\xa9 \"x\"");
	}
	rules_free(r);

	fails("slis:\n  - name: a\n    labels: {1team: x}\n", 3, 14,
	      "'1team' is not a label name");
	fails("slis:\n  - name: a\n    labels: {__name__: x}\n", 3, 14,
	      "not a label name");
	fails("slis:\n  - name: a\n    labels: {team-x: x}\n", 3, 14,
	      "not a label name");
	fails("slis:\n  - name: a\n    labels: {sli: x}\n", 3, 14,
	      "'sli' is set by slicalc");
	fails("slis:\n  - name: a\n    labels: {team: ''}\n", 3, 20,
	      "labels.team is empty");
	/* YAML's null is no text: "~" would be a label value */
	fails("slis:\n  - name: a\n    labels: {team: ~}\n", 3, 20,
	      "labels.team is YAML's null ('~')");
	fails("slis:\n  - name: a\n    annotations: {summary: null}\n", 3, 28,
	      "annotations.summary is YAML's null ('null')");
	{
		rules_t *q = load("slis:\n  - name: a\n"
		                  "    labels: {team: \"~\"}\n",
		                  &e);
		CHECK_MSG(q != NULL, "%d:%d: %s", e.line, e.col, e.msg);
		if (q)
			CHECK_STR(q->sli[0].labels.kv[0].value, "~");
		rules_free(q);
	}
	/* the alerts of one severity are one Prometheus alert: labels on
	 * one only would go on both */
	fails("alerts:\n"
	      "  - {severity: page, long: 1h, short: 5m, factor: 14.4,\n"
	      "     labels: {team: hr}}\n"
	      "  - {severity: page, long: 6h, short: 30m, factor: 6}\n"
	      "slis:\n  - name: a\n",
	      4, 5, "labels.team is on an earlier page alert but not on this");
	fails("alerts:\n"
	      "  - {severity: page, long: 1h, short: 5m, factor: 14.4}\n"
	      "  - {severity: page, long: 6h, short: 30m, factor: 6,\n"
	      "     annotations: {summary: x}}\n"
	      "slis:\n  - name: a\n",
	      3, 5, "annotations.summary is on this page alert but not on");
	r = load("alerts:\n"
	         "  - {severity: page, long: 1h, short: 5m, factor: 14.4,\n"
	         "     labels: {team: hr, tier: '1'}}\n"
	         "  - {severity: page, long: 6h, short: 30m, factor: 6,\n"
	         "     labels: {tier: '1', team: hr}}\n"
	         "  - {severity: ticket, long: 1d, short: 2h, factor: 3}\n"
	         "slis:\n  - name: a\n",
	         &e);
	CHECK_MSG(r != NULL, "%d:%d: %s", e.line, e.col, e.msg);
	rules_free(r);
	fails("slis:\n  - name: a\n    labels: [team]\n", 3, 13,
	      "labels must be a mapping");
	fails("slis:\n  - name: a\n    annotations: {x: [1]}\n", 3, 22,
	      "annotations.x must be a single value");
	fails("slis:\n  - name: a\n    annotations: {x: 1, x: 2}\n", 3, 25,
	      "'x' is given twice");
	/* severity is the alert's own: not a label to set */
	fails("alerts:\n  - {severity: page, long: 1h, short: 5m, factor: 1,"
	      " labels: {severity: low}}\nslis:\n  - name: a\n",
	      2, 63, "'severity' is set by slicalc");
	fails("alerts:\n  - {severity: page, long: 1h, short: 5m, factor: 1,"
	      " min_requests: 2.5}\nslis:\n  - name: a\n",
	      2, 68, "min_requests must be a whole number");
	fails("alerts:\n  - {severity: page, long: 1h, short: 5m, factor: 1,"
	      " min_requests: -1}\nslis:\n  - name: a\n",
	      2, 68, "min_requests must be a whole number");
}

int main(void)
{
	test_labels();
	test_match_keys();
	test_default();
	test_full();
	test_errors();
	test_duration();
	test_small_percent();
	test_never();
	return CHECK_DONE("test_rules");
}
