/*
 * test_format_rails.c - Rails request logs: prefixes and tags, the
 * request lines of Rails 2 to 7.2, correlation by request id, by pid and
 * sequentially, what counts as incomplete, exceptions_app's second
 * Completed, and format detection.
 */
#include <stdlib.h>

#include "check.h"
#include "format.h"
#include "format_rails.h"
#include "logprefix.h"
#include "timefmt.h"

/* Feed text (lines separated by \n) and collect the requests. */
struct got {
	int n;
	int status[16];
	int64_t us[16];
	char path[16][64], action[16][64], method[16][16];
	int64_t time[16];
	int unparsed;
};

static struct got feed(rails_t *r, const char *text)
{
	struct got g;
	memset(&g, 0, sizeof(g));
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		request_t req;
		int res = rails_feed(r, p, n, &req);
		if (res == FEED_REQUEST && g.n < 16) {
			g.status[g.n] = req.status;
			g.us[g.n] = req.latency_us;
			g.time[g.n] = req.time;
			snprintf(g.path[g.n], 64, "%.*s", (int)req.path.n,
			         req.path.p ? req.path.p : "");
			snprintf(g.action[g.n], 64, "%.*s", (int)req.action.n,
			         req.action.p ? req.action.p : "");
			snprintf(g.method[g.n], 16, "%.*s", (int)req.method.n,
			         req.method.p ? req.method.p : "");
			g.n++;
		}
		g.unparsed += res == FEED_UNPARSED;
		p += n + (nl != NULL);
	}
	return g;
}

/* Incomplete requests so far: of one reason, or all (why < 0). */
static uint64_t inc(const rails_t *r, int why)
{
	uint64_t by[INC_N] = {0}, n = 0;
	rails_incomplete(r, by);
	for (int k = 0; k < INC_N; k++)
		n += by[k];
	return why < 0 ? n : by[why];
}

static void test_prefix(void)
{
	logline_t l;
	const char *s = "I, [2014-05-06T14:05:25.182820 #29544]  INFO -- : "
	                "[ab-12] [x y] Started GET";
	logprefix_split(s, strlen(s), &l);
	CHECK(slice_eq(l.pid, "29544"));
	CHECK(slice_eq(l.tags, "[ab-12] [x y]"));
	CHECK(slice_eq(l.msg, "Started GET"));
	CHECK(slice_eq(l.time, "2014-05-06T14:05:25.182820"));

	s = "Jun 18 11:27:37 derek rails[67783]: Completed in 0.2";
	logprefix_split(s, strlen(s), &l);
	CHECK(slice_eq(l.pid, "67783"));
	CHECK(slice_eq(l.msg, "Completed in 0.2"));

	s = "Jul 13 06:25:58 10.1.1.32 app_p [1957]: Processing X#y";
	logprefix_split(s, strlen(s), &l);
	CHECK(slice_eq(l.pid, "1957"));
	CHECK(slice_eq(l.msg, "Processing X#y"));

	s = "2018-06-29T17:17:18.218922+00:00 app[web.1]: I, [2018-06-29T17:17:"
	    "18.218 #4]  INFO -- : [u1] method=GET";
	logprefix_split(s, strlen(s), &l);
	CHECK(slice_eq(l.pid, "4"));
	CHECK(slice_eq(l.tags, "[u1]"));
	CHECK(slice_eq(l.msg, "method=GET"));

	s = "  Parameters: {\"a\"=>\"Started GET \\\"/x\\\"\"}";
	logprefix_split(s, strlen(s), &l);
	CHECK(l.tags.n == 0 && l.pid.n == 0);
	CHECK(starts_with(l.msg, "Parameters:"));

	s = "[not closed Started GET";
	logprefix_split(s, strlen(s), &l);
	CHECK(l.tags.n == 0);
}

static void test_tagged(void)
{
	rails_t *r = rails_new();
	struct got g = feed(
	    r,
	    "I, [2026-11-02T08:00:00.1 #11]  INFO -- : [aaa-1] Started GET "
	    "\"/api/v1/employees/42?x=1\" for 10.0.0.1 at 2026-11-02 08:00:00 "
	    "+0900\n"
	    "I, [2026-11-02T08:00:00.1 #12]  INFO -- : [bbb-2] Started POST "
	    "\"/attendance/check_in\" for 10.0.0.2 at 2026-11-02 08:00:00 "
	    "+0900\n"
	    "I, [2026-11-02T08:00:00.1 #11]  INFO -- : [aaa-1] Processing by "
	    "Api::V1::EmployeesController#show as JSON\n"
	    "I, [2026-11-02T08:00:00.1 #11]  INFO -- : [aaa-1]   Parameters: "
	    "{\"q\"=>\"Started GET \\\"/x\\\" for 1\"}\n"
	    "I, [2026-11-02T08:00:00.1 #12]  INFO -- : [bbb-2] Processing by "
	    "AttendanceController#check_in as HTML\n"
	    "I, [2026-11-02T08:00:00.1 #12]  INFO -- : [bbb-2] Completed 499  "
	    "in 3ms\n"
	    "D, [2026-11-02T08:00:00.1 #11] DEBUG -- : [aaa-1]   Employee Load "
	    "(0.4ms)  SELECT 1\n"
	    "I, [2026-11-02T08:00:00.1 #11]  INFO -- : [aaa-1] Completed 200 "
	    "OK "
	    "in 12.5ms (Views: 1.0ms | ActiveRecord: 0.4ms (3 queries, 0 "
	    "cached) | GC: 0.0ms)\n");
	CHECK_INT(g.n, 2);
	CHECK_INT(g.status[0], 499);
	CHECK_STR(g.path[0], "/attendance/check_in");
	CHECK_STR(g.action[0], "AttendanceController#check_in");
	CHECK_INT(g.us[0], 3000);
	CHECK_INT(g.status[1], 200);
	CHECK_STR(g.method[1], "GET");
	CHECK_STR(g.path[1], "/api/v1/employees/42");
	CHECK_STR(g.action[1], "Api::V1::EmployeesController#show");
	CHECK_INT(g.us[1], 12500);
	CHECK_INT(g.time[1], 1793574000); /* 2026-11-01T23:00:00Z */
	CHECK_INT(inc(r, -1), 0);
	rails_finish(r);
	CHECK_INT(inc(r, -1), 0);
	rails_free(r);
}

static void test_exceptions_app(void)
{
	rails_t *r = rails_new();
	struct got g = feed(
	    r,
	    "[u1] Started GET \"/x\" for 1.2.3.4 at 2026-11-02 08:00:00 +0000\n"
	    "[u1] Processing by XController#show as HTML\n"
	    "[u1] Completed 500 Internal Server Error in 5ms\n"
	    "[u1] NoMethodError (undefined method):\n"
	    "[u1] app/controllers/x_controller.rb:3:in `show'\n"
	    "[u1] Processing by ErrorsController#internal_server_error as "
	    "HTML\n"
	    "[u1] Completed 500 Internal Server Error in 9ms\n"
	    /* a request whose Started is before the log, and its error
	       page */
	    "[u2] Processing by YController#index as HTML\n"
	    "[u2] Completed 404 Not Found in 1ms\n"
	    "[u2] Processing by ErrorsController#not_found as HTML\n"
	    "[u2] Completed 404 Not Found in 1ms\n"
	    /* a routing error: no Completed */
	    "[u3] Started GET \"/wp-login.php\" for 1.2.3.4 at 2026-11-02 "
	    "08:00:01 +0000\n"
	    "[u3] ActionController::RoutingError (No route matches [GET] "
	    "\"/wp-login.php\"):\n");
	CHECK_INT(g.n, 1);
	CHECK_INT(g.status[0], 500);
	CHECK_INT(g.us[0], 5000);
	CHECK_STR(g.action[0], "XController#show");
	CHECK_INT(inc(r, -1), 1); /* u2 */
	CHECK_INT(inc(r, INC_NO_START), 1);
	rails_finish(r);
	CHECK_INT(inc(r, -1), 2); /* and u3 */
	CHECK_INT(inc(r, INC_UNFINISHED), 1);
	rails_free(r);
}

static void test_pid_and_sequential(void)
{
	rails_t *r = rails_new();
	struct got g = feed(
	    r,
	    "I, [2026-01-01T00:00:00.1 #1]  INFO -- : Started GET \"/a\" for "
	    "1 at 2026-01-01 00:00:00 +0000\n"
	    "I, [2026-01-01T00:00:00.1 #2]  INFO -- : Started GET \"/b\" for "
	    "1 at 2026-01-01 00:00:00 +0000\n"
	    "I, [2026-01-01T00:00:00.1 #1]  INFO -- : Started GET \"/c\" for "
	    "1 at 2026-01-01 00:00:00 +0000\n"
	    "I, [2026-01-01T00:00:00.1 #2]  INFO -- : Completed 200 OK in "
	    "7ms\n"
	    "I, [2026-01-01T00:00:00.1 #1]  INFO -- : Completed 302 Found in "
	    "4ms\n");
	CHECK_INT(g.n, 2);
	CHECK_STR(g.path[0], "/b");
	CHECK_STR(g.path[1], "/c");
	CHECK_INT(g.status[1], 302);
	CHECK_INT(inc(r, -1), 1); /* /a, replaced on pid 1 */
	CHECK_INT(inc(r, INC_RESTARTED), 1);
	rails_free(r);

	r = rails_new();
	g = feed(r,
	         "\n\nStarted GET \"/a\" for ::1 at Tue Apr 27 17:59:32 -0700 "
	         "2010\n"
	         " Processing by AController#index as HTML\n"
	         "Completed 200 OK in 93ms\n"
	         "Completed 200 OK in 1ms\n" /* unpaired */
	         "Completed oops\n");
	CHECK_INT(g.n, 1);
	CHECK_INT(g.time[0], 1272416372);
	CHECK_STR(g.action[0], "AController#index");
	CHECK_INT(inc(r, -1), 1);
	CHECK_INT(inc(r, INC_UNPAIRED), 1);
	CHECK_INT(g.unparsed, 1);
	rails_free(r);
}

/* A tagging middleware below the logger adds tags within a request: the
 * request id pairs the lines, whatever tags come and go around it. */
static void test_tag_sets(void)
{
	rails_t *r = rails_new();
	struct got g = feed(
	    r,
	    "[86b2f5b4] Started POST \"/login\" for 1.2.3.4 at 2026-11-02 "
	    "08:00:00 +0000\n"
	    "[web] [0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b] Started GET "
	    "\"/me\" for 1.2.3.4 at 2026-11-02 08:00:00 +0000\n"
	    "[86b2f5b4] [user-7] Processing by SessionsController#create as "
	    "HTML\n"
	    "[web] [0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b] [user-9] Completed "
	    "200 OK in 5ms\n"
	    "[86b2f5b4] [user-7] Completed 302 Found in 33ms\n"
	    /* no id among the tags: the first tag pairs them */
	    "[api] Started GET \"/x\" for 1.2.3.4 at 2026-11-02 08:00:00 "
	    "+0000\n"
	    "[api] [user-3] Completed 204 No Content in 1ms\n"
	    /* a date is not an id */
	    "[2026-11-02] [a1b2c3d4e5] Started GET \"/y\" for 1.2.3.4 at "
	    "2026-11-02 08:00:00 +0000\n"
	    "[2026-11-03] [a1b2c3d4e5] Completed 200 OK in 2ms\n");
	CHECK_INT(g.n, 4);
	CHECK_STR(g.path[0], "/me");
	CHECK_INT(g.status[0], 200);
	CHECK_STR(g.path[1], "/login");
	CHECK_STR(g.action[1], "SessionsController#create");
	CHECK_INT(g.status[1], 302);
	CHECK_INT(g.us[1], 33000);
	CHECK_STR(g.path[2], "/x");
	CHECK_STR(g.path[3], "/y");
	rails_finish(r);
	CHECK_INT(inc(r, -1), 0);
	rails_free(r);
}

/* More open requests than the table holds: the oldest in a full bucket
 * is evicted and counted once, as evicted (its Completed line later is
 * not counted again as without a start). */
/* A Started line whose time is no date is unparsed (its Completed then
 * has no start); one cut short within its time keeps its request. */
static void test_bad_time(void)
{
	rails_t *r = rails_new();
	struct got g = feed(
	    r, "[a1] Started GET \"/x\" for 1.2.3.4 at 2025-02-29 08:00:00 "
	       "+0000\n"
	       "[a1] Completed 200 OK in 1ms\n"
	       "[b2] Started GET \"/y\" for 1.2.3.4 at 2026-11-0\n"
	       "[b2] Completed 200 OK in 1ms\n");
	CHECK_INT(g.unparsed, 1);
	CHECK_INT(g.n, 1);
	CHECK_STR(g.path[0], "/y");
	CHECK_INT(g.time[0], REQ_NO_TIME);
	CHECK_INT(inc(r, INC_NO_START), 1);
	rails_free(r);
}

static void test_eviction(void)
{
	enum { N = 6000 };
	rails_t *r = rails_new();
	char line[160];
	request_t req;
	for (int i = 0; i < N; i++) {
		int n = snprintf(line, sizeof(line),
		                 "[%08x] Started GET \"/r/%d\" for 1 at "
		                 "2026-11-02 08:00:00 +0000",
		                 0x10000000u + (unsigned)i, i);
		CHECK_INT(rails_feed(r, line, (size_t)n, &req), FEED_NONE);
	}
	int done = 0;
	for (int i = 0; i < N; i++) {
		int n = snprintf(line, sizeof(line),
		                 "[%08x] Completed 200 OK in 1ms",
		                 0x10000000u + (unsigned)i);
		done += rails_feed(r, line, (size_t)n, &req) == FEED_REQUEST;
	}
	rails_finish(r);
	/* at most 4,096 stay open; each request is counted exactly once */
	CHECK(done <= 4096);
	CHECK(done > 0);
	CHECK_INT(inc(r, INC_EVICTED), N - done);
	CHECK_INT(inc(r, -1), N - done);
	rails_free(r);
}

static void test_old_rails(void)
{
	rails_t *r = rails_new();
	struct got g = feed(
	    r,
	    "Processing EmployeesController#show (for 1.2.3.4 at 2008-08-14 "
	    "21:16:25) [GET]\n"
	    "  Parameters: {\"id\"=>\"42\"}\n"
	    "Completed in 614ms (View: 120, DB: 31) | 200 OK "
	    "[http://hr.example.com/employees/42?x=1]\n"
	    "Processing PayrollController#index (for 1.2.3.4 at 2008-08-14 "
	    "21:16:26) [POST]\n"
	    "Completed in 0.21665 (4 reqs/sec) | Rendering: 0.00926 (4%) | DB: "
	    "0.00000 (0%) | 302 Found [http://hr.example.com/payroll]\n"
	    "Started GET \"/c\" for 127.0.0.1 at 2010-03-19 06:38:48 +0100\n"
	    "  Processing by CController#index as HTML\n"
	    "Completed in 9ms (Views: 4.9ms | ActiveRecord: 0.5ms) with 201\n");
	CHECK_INT(g.n, 3);
	CHECK_STR(g.method[0], "GET");
	CHECK_STR(g.path[0], "/employees/42");
	CHECK_STR(g.action[0], "EmployeesController#show");
	CHECK_INT(g.us[0], 614000);
	CHECK_INT(g.time[0], 1218748585);
	CHECK_INT(g.status[1], 302);
	CHECK_INT(g.us[1], 216650);
	CHECK_STR(g.method[1], "POST");
	CHECK_INT(g.status[2], 201);
	CHECK_INT(g.us[2], 9000);
	rails_free(r);
}

static void test_detect(void)
{
	char err[256];
	size_t off;
	nginx_fmt_t *nf = nginx_fmt_compile(
	    NGINX_COMBINED, NULL, LAT_REQUEST_TIME, err, sizeof(err), &off);
	format_t f = {FMT_AUTO, nf, NULL, LAT_REQUEST_TIME};
	int sure;
	const char *rails = "I, [2026-01-01T00:00:00.1 #1]  INFO -- : Started "
	                    "GET \"/a\" for 1 at 2026-01-01 00:00:00 +0000\n"
	                    "I, [2026-01-01T00:00:00.1 #1]  INFO -- : "
	                    "Completed 200 OK in 1ms\n";
	CHECK_INT(fmt_detect(&f, rails, strlen(rails), &sure), FMT_RAILS);
	CHECK(sure);
	const char *lg = "method=GET path=/ format=html controller=A action=b "
	                 "status=200 duration=1.5\n";
	CHECK_INT(fmt_detect(&f, lg, strlen(lg), &sure), FMT_LOGRAGE);
	const char *js =
	    "{\"status\":200,\"path\":\"/\"}\n{\"status\":\"404\"}";
	CHECK_INT(fmt_detect(&f, js, strlen(js), &sure), FMT_JSON);
	const char *ng = "1.2.3.4 - - [01/Nov/2026:00:00:00 +0000] \"GET / "
	                 "HTTP/1.1\" 200 1 \"-\" \"-\"\n";
	CHECK_INT(fmt_detect(&f, ng, strlen(ng), &sure), FMT_NGINX);
	CHECK(sure);
	CHECK_INT(fmt_detect(&f, "hello\nworld\n", 12, &sure), FMT_NGINX);
	CHECK(!sure);
	CHECK_INT(fmt_lookup("lograge"), FMT_LOGRAGE);
	CHECK_INT(fmt_lookup("syslog"), -1);
	CHECK_STR(fmt_name(FMT_JSON), "json");
	nginx_fmt_free(nf);
}

int main(void)
{
	test_prefix();
	test_tagged();
	test_exceptions_app();
	test_pid_and_sequential();
	test_tag_sets();
	test_bad_time();
	test_eviction();
	test_old_rails();
	test_detect();
	return CHECK_DONE("test_format_rails");
}
