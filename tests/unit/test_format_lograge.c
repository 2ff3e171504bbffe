/*
 * test_format_lograge.c - lograge key=value lines: keys in any order,
 * quoted error values with spaces and apostrophes, custom values with
 * spaces, Logger prefixes and tags, the 2012 shape, status=0, and lines
 * that are not lograge at all.
 */
#include "check.h"
#include "format.h"
#include "format_lograge.h"

static int feed(lograge_t *g, const char *s, request_t *r)
{
	return lograge_feed(g, s, strlen(s), r);
}

int main(void)
{
	lograge_t *g = lograge_new(NULL);
	request_t r;

	CHECK_INT(feed(g,
	               "method=GET path=/api/v1/employees/42 format=json "
	               "controller=Api::V1::EmployeesController action=show "
	               "status=200 allocations=1234 duration=12.34 view=1.23 "
	               "db=2.34",
	               &r),
	          FEED_REQUEST);
	CHECK(slice_eq(r.method, "GET"));
	CHECK(slice_eq(r.path, "/api/v1/employees/42"));
	CHECK(slice_eq(r.action, "Api::V1::EmployeesController#show"));
	CHECK_INT(r.status, 200);
	CHECK_INT(r.latency_us, 12340);

	CHECK_INT(feed(g,
	               "I, [2026-11-02T08:00:00.123456 #7]  INFO -- : [u-1] "
	               "method=GET path=/x format=html controller=X action=y "
	               "status=404 error='ActiveRecord::RecordNotFound: "
	               "Couldn't find Employee with 'id'=9' duration=3.10 "
	               "ua=Mozilla/5.0 (X11; Linux x86_64) ip=1.2.3.4",
	               &r),
	          FEED_REQUEST);
	CHECK_INT(r.status, 404);
	CHECK_INT(r.latency_us, 3100);
	CHECK_INT(r.time, 1793606400); /* the Logger time, as UTC */

	CHECK_INT(feed(g,
	               "GET /jobs/833552.json format=json action=jobs#show "
	               "status=200 duration=58.33 view=40.43 db=15.26",
	               &r),
	          FEED_REQUEST);
	CHECK(slice_eq(r.method, "GET"));
	CHECK(slice_eq(r.path, "/jobs/833552.json"));
	CHECK(slice_eq(r.action, "jobs#show"));
	CHECK_INT(r.latency_us, 58330);

	CHECK_INT(feed(g,
	               "method=GET path=/p status=500 error='NoMethodError: "
	               "undefined method 'gross_pay' for nil' allocations=1 "
	               "duration=143.22",
	               &r),
	          FEED_REQUEST);
	CHECK_INT(r.latency_us, 143220);
	CHECK_INT(feed(g, "method=POST path=/a?b=1 status=0 duration=", &r),
	          FEED_UNPARSED); /* empty duration is not a number */
	CHECK_INT(feed(g, "method=POST path=/a?b=1 status=0", &r),
	          FEED_REQUEST);
	CHECK_INT(r.status, 0);
	CHECK(slice_eq(r.path, "/a"));
	CHECK_INT(r.latency_us, REQ_NO_LATENCY);

	CHECK_INT(feed(g, "method=GET path=/x status=abc", &r), FEED_UNPARSED);
	CHECK(strstr(lograge_why(g), "status") != NULL);
	CHECK_INT(feed(g, "method=GET path=/x", &r), FEED_UNPARSED);
	CHECK_INT(feed(g, "Booting Puma", &r), FEED_OTHER);
	CHECK_INT(
	    feed(g, "method=GET path=/x status=200 time=2025-02-29T00:00:00Z",
	         &r),
	    FEED_UNPARSED);
	CHECK(strstr(lograge_why(g), "time=") != NULL);

	/* Lograge::Formatters::Json, with tags and the Logger prefix, in
	 * the same file as key=value lines */
	CHECK_INT(feed(g,
	               "[8f3c1a2e-1b2c-4d5e-9f00-123456789abc] "
	               "{\"method\":\"GET\",\"path\":\"/x\",\"format\":"
	               "\"json\",\"controller\":\"XController\",\"action\":"
	               "\"show\",\"status\":503,\"duration\":3.1}",
	               &r),
	          FEED_REQUEST);
	CHECK(slice_eq(r.path, "/x"));
	CHECK_INT(r.status, 503);
	CHECK_INT(r.latency_us, 3100);
	CHECK(slice_eq(r.action, "XController#show"));
	CHECK_INT(feed(g,
	               "I, [2026-11-02T08:00:00.068424 #1042]  INFO -- : "
	               "{\"method\":\"GET\",\"path\":\"/y\",\"status\":200,"
	               "\"duration\":1}",
	               &r),
	          FEED_REQUEST);
	CHECK_INT(r.time, 1793606400);
	/* other JSON messages are other; a broken object is unparsed */
	CHECK_INT(feed(g, "{\"msg\":\"cache warmed\"}", &r), FEED_OTHER);
	CHECK_INT(feed(g, "{\"method\":\"GET\",\"path\":", &r), FEED_UNPARSED);
	CHECK(strstr(lograge_why(g), "JSON") != NULL);
	CHECK_INT(feed(g, "{\"method\":\"GET\",\"path\":\"/z\"}", &r),
	          FEED_UNPARSED);
	CHECK_INT(feed(g, "", &r), FEED_OTHER);
	CHECK_INT(feed(g, "key=value other=1", &r), FEED_OTHER);
	lograge_free(g);
	return CHECK_DONE("test_format_lograge");
}
