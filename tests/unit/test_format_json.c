/*
 * test_format_json.c - JSON lines: nginx escape=json and lograge keys,
 * numbers as strings, "-", escapes decoded, raw bytes >= 0x80, nested
 * values skipped, configured key names and units, and invalid lines.
 */
#include "check.h"
#include "format.h"
#include "format_json.h"

static int feed(jsonfmt_t *j, const char *s, request_t *r)
{
	return jsonfmt_feed(j, s, strlen(s), r);
}

int main(void)
{
	jsonfmt_t *j = jsonfmt_new(NULL);
	request_t r;

	/* nginx's $args beside $uri; "-" is none */
	CHECK_INT(feed(j,
	               "{\"status\":200,\"method\":\"GET\",\"uri\":\"/e\","
	               "\"args\":\"q=ada\"}",
	               &r),
	          FEED_REQUEST);
	CHECK(slice_eq(r.query, "q=ada"));
	CHECK_INT(feed(j,
	               "{\"status\":200,\"method\":\"GET\",\"uri\":\"/e\","
	               "\"query_string\":\"-\"}",
	               &r),
	          FEED_REQUEST);
	CHECK_INT(r.query.n, 0);

	/* nginx escape=json, strings everywhere */
	CHECK_INT(feed(j,
	               "{\"time_iso8601\":\"2026-11-02T08:00:00+09:00\","
	               "\"request\":\"GET /api/v1/employees/42?x=1 HTTP/1.1\","
	               "\"status\":\"200\",\"request_time\":\"0.012\","
	               "\"upstream_response_time\":\"0.010\","
	               "\"http_user_agent\":\"a \\\"quoted\\\" UA\"}",
	               &r),
	          FEED_REQUEST);
	CHECK(slice_eq(r.method, "GET"));
	CHECK(slice_eq(r.path, "/api/v1/employees/42"));
	CHECK(slice_eq(r.query, "x=1"));
	CHECK_INT(r.status, 200);
	CHECK_INT(r.latency_us, 12000);
	CHECK_INT(r.time, 1793574000);
	CHECK(slice_eq(r.user_agent, "a \"quoted\" UA"));

	/* lograge JSON: numbers, duration in ms, controller#action */
	CHECK_INT(
	    feed(j,
	         "{\"method\":\"POST\",\"path\":\"/attendance/check_in\","
	         "\"format\":\"html\",\"controller\":\"AttendanceController\","
	         "\"action\":\"check_in\",\"status\":201,\"duration\":5.23,"
	         "\"params\":{\"a\":[1,2,{\"status\":500}]},\"db\":0.0}",
	         &r),
	    FEED_REQUEST);
	CHECK_INT(r.status, 201); /* the nested "status" is not ours */
	CHECK_INT(r.latency_us, 5230);
	CHECK(slice_eq(r.action, "AttendanceController#check_in"));

	/* escapes decoded; raw UTF-8 and invalid bytes pass through */
	CHECK_INT(
	    feed(j, "{\"status\":200,\"path\":\"\\/caf\\u00e9\\/\xe9\"}", &r),
	    FEED_REQUEST);
	CHECK(slice_eq(r.path, "/caf\xc3\xa9/\xe9"));

	/* "-" latency, no method */
	CHECK_INT(feed(j, "{\"status\":\"499\",\"request_time\":\"-\"}", &r),
	          FEED_REQUEST);
	CHECK_INT(r.latency_us, REQ_NO_LATENCY);
	CHECK_INT(r.method.n, 0);

	/* not requests */
	CHECK_INT(feed(j, "{\"path\":\"/\"}", &r), FEED_UNPARSED);
	CHECK(strstr(jsonfmt_why(j), "status") != NULL);
	CHECK_INT(feed(j, "{\"status\":200,", &r), FEED_UNPARSED);
	CHECK_INT(feed(j, "[1,2]", &r), FEED_UNPARSED);
	CHECK_INT(feed(j, "{\"status\":200} trailing", &r), FEED_UNPARSED);
	CHECK_INT(feed(j, "{\"status\":\"20x\"}", &r), FEED_UNPARSED);
	CHECK_INT(feed(j, "{\"status\":200,\"duration\":\"fast\"}", &r),
	          FEED_UNPARSED);
	CHECK_INT(feed(j, "{\"status\":200,\"path\":\"\\q\"}", &r),
	          FEED_UNPARSED);
	CHECK_INT(feed(j, "", &r), FEED_UNPARSED);

	/* Rails' log_tags and the Ruby Logger in front of the object */
	CHECK_INT(feed(j,
	               "[8f3c1a2e-1b2c-4d5e-9f00-123456789abc] "
	               "{\"method\":\"GET\",\"path\":\"/x\",\"status\":200,"
	               "\"duration\":3.1}",
	               &r),
	          FEED_REQUEST);
	CHECK(slice_eq(r.path, "/x"));
	CHECK_INT(r.latency_us, 3100);
	CHECK_INT(r.time, REQ_NO_TIME);
	CHECK_INT(feed(j,
	               "I, [2026-11-02T08:00:00.068424 #1042]  INFO -- : "
	               "{\"method\":\"POST\",\"path\":\"/login\","
	               "\"status\":302,\"duration\":12}",
	               &r),
	          FEED_REQUEST);
	CHECK(slice_eq(r.method, "POST"));
	CHECK_INT(r.status, 302);
	CHECK_INT(r.time, 1793606400); /* the Logger's time, as UTC */
	/* the object's own time wins over the Logger's */
	CHECK_INT(feed(j,
	               "I, [2026-11-02T08:00:00.068424 #1042]  INFO -- : "
	               "{\"status\":200,\"time\":\"2026-11-02T00:00:00Z\"}",
	               &r),
	          FEED_REQUEST);
	CHECK_INT(r.time, 1793577600);
	/* the app's other messages are other, not unparsed */
	CHECK_INT(feed(j,
	               "I, [2026-11-02T08:00:00.068424 #1042]  INFO -- : "
	               "Booting Puma",
	               &r),
	          FEED_OTHER);
	CHECK_INT(feed(j, "[8f3c1a2e] Rendered x.html", &r), FEED_OTHER);
	CHECK_INT(feed(j, "Booting Puma", &r), FEED_UNPARSED);
	/* a time that is no time, or a date that does not exist, is said */
	CHECK_INT(
	    feed(j, "{\"status\":200,\"time\":\"2025-02-29T00:00:00Z\"}", &r),
	    FEED_UNPARSED);
	CHECK(strstr(jsonfmt_why(j), "time") != NULL);
	CHECK_INT(feed(j, "{\"status\":200,\"time\":\"garbage\"}", &r),
	          FEED_UNPARSED);
	CHECK_INT(feed(j, "{\"status\":200,\"time\":\"-\"}", &r), FEED_REQUEST);
	CHECK_INT(r.time, REQ_NO_TIME);
	jsonfmt_free(j);

	/* configured names: GitLab-style seconds */
	char code[] = "code", dur[] = "duration_s", route[] = "route";
	json_fields_t f = {0};
	f.status = code;
	f.latency = dur;
	f.latency_unit_ms = 0;
	f.path = route;
	j = jsonfmt_new(&f);
	CHECK_INT(feed(j,
	               "{\"code\":503,\"duration_s\":1.5,\"route\":\"/x?y\","
	               "\"status\":200}",
	               &r),
	          FEED_REQUEST);
	CHECK_INT(r.status, 503);
	CHECK_INT(r.latency_us, 1500000);
	CHECK(slice_eq(r.path, "/x"));
	jsonfmt_free(j);
	return CHECK_DONE("test_format_json");
}
