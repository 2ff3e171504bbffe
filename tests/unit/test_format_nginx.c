/*
 * test_format_nginx.c - the log_format compiler and line parser on the
 * odd cases real logs have (FORMATS.md section 8): spaces in URIs, TLS
 * garbage, empty requests, upstream lists, optional tails, time zones,
 * lines that must not parse, and request-line splitting.
 */
#include <stdlib.h>

#include "check.h"
#include "format_nginx.h"
#include "timefmt.h"

#define COMBINED NGINX_COMBINED
#define TAIL     " $request_time $upstream_response_time"

static nginx_fmt_t *compile(const char *fmt, const char *tail,
                            enum latency_src lat)
{
	char err[256];
	size_t off;
	nginx_fmt_t *f =
	    nginx_fmt_compile(fmt, tail, lat, err, sizeof(err), &off);
	CHECK_MSG(f != NULL, "compile '%s': %s", fmt, err);
	return f;
}

static int parse(const nginx_fmt_t *f, const char *line, request_t *r)
{
	nginx_perr_t e;
	return nginx_parse(f, NULL, line, strlen(line), r, &e);
}

static int sl_eq(slice_t s, const char *want)
{
	return slice_eq(s, want);
}

#define CHECK_SL(s, want)                                                      \
	CHECK_MSG(sl_eq((s), (want)), "got \"%.*s\", want \"%s\"", (int)(s).n, \
	          (s).p ? (s).p : "", (want))

static void test_default(void)
{
	nginx_fmt_t *f = compile(COMBINED, TAIL, LAT_REQUEST_TIME);
	request_t r;

	CHECK_INT(parse(f,
	                "1.2.3.4 - - [22/Jan/2019:03:56:14 +0330] \"GET "
	                "/a/12?x=1 HTTP/1.1\" 200 30577 \"-\" \"UA x\"",
	                &r),
	          0);
	CHECK_SL(r.method, "GET");
	CHECK_SL(r.path, "/a/12");
	CHECK_INT(r.status, 200);
	CHECK_INT(r.latency_us, REQ_NO_LATENCY);
	CHECK_INT(r.time, 1548116774); /* 2019-01-22T00:26:14Z */
	CHECK_SL(r.user_agent, "UA x");

	/* with the optional tail, and an upstream list */
	CHECK_INT(parse(f,
	                "::1 - bob [01/Nov/2026:00:00:00 +0000] \"POST "
	                "/api HTTP/2.0\" 502 0 \"-\" \"-\" 1.234 0.100, 0.004",
	                &r),
	          0);
	CHECK_INT(r.latency_us, 1234000);
	CHECK_INT(r.status, 502);

	/* a broken latency is an unparsed line, not a missing latency */
	static const char *const bogus[] = {"nan",  "-1",  "1e308",   "inf",
	                                    "-0.5", "NaN", "0.010abc"};
	for (size_t k = 0; k < sizeof(bogus) / sizeof(bogus[0]); k++) {
		char line[160];
		snprintf(line, sizeof(line),
		         "::1 - - [01/Nov/2026:00:00:00 +0000] \"GET / "
		         "HTTP/1.1\" 200 0 \"-\" \"-\" %s",
		         bogus[k]);
		CHECK_MSG(parse(f, line, &r) < 0, "request_time %s accepted",
		          bogus[k]);
	}
	nginx_fmt_t *last =
	    compile("$status $request_time", NULL, LAT_REQUEST_TIME);
	CHECK_INT(parse(last, "200 1e308", &r), -1);
	CHECK_INT(parse(last, "200 0.5 trailing", &r), 0);
	CHECK_INT(r.latency_us, 500000);
	nginx_fmt_free(last);

	/* "main": combined + "$http_x_forwarded_for": extra text ignored */
	CHECK_INT(parse(f,
	                "1.2.3.4 - - [01/Nov/2026:00:00:00 +0000] \"GET / "
	                "HTTP/1.1\" 304 0 \"-\" \"-\" \"10.0.0.1\"",
	                &r),
	          0);
	CHECK_INT(r.latency_us, REQ_NO_LATENCY);

	/* ingress upstreaminfo: $request_length must not be taken for time */
	CHECK_INT(parse(f,
	                "1.2.3.4 - - [07/Feb/2020:11:48:51 +0000] \"POST "
	                "/products HTTP/1.1\" 200 59 \"-\" \"curl/7.54.0\" 89 "
	                "0.001 [default-web-8080] [] 172.17.0.5:8080 59",
	                &r),
	          0);
	CHECK_INT(r.latency_us, REQ_NO_LATENCY);

	/* only $request_time, no upstream */
	CHECK_INT(parse(f,
	                "1.2.3.4 - - [01/Nov/2026:00:00:00 +0000] \"GET / "
	                "HTTP/1.1\" 200 1 \"-\" \"-\" 0.050",
	                &r),
	          0);
	CHECK_INT(r.latency_us, 50000);

	/* remote_addr lists and IPv6 */
	CHECK_INT(parse(f,
	                "10.0.0.2, 10.0.0.1, 127.0.0.1 - - [07/Dec/2016:"
	                "11:05:07 +0100] \"GET /ocelot HTTP/1.1\" 200 571 "
	                "\"-\" \"Mozilla/5.0\"",
	                &r),
	          0);
	CHECK_SL(r.path, "/ocelot");

	/* odd requests are still requests */
	CHECK_INT(parse(f,
	                "1.2.3.4 - - [01/Nov/2026:00:00:00 +0000] \"\" 400 0 "
	                "\"-\" \"-\"",
	                &r),
	          0);
	CHECK_INT(r.method.n, 0);
	CHECK_INT(r.path.n, 0);
	CHECK_INT(parse(f,
	                "1.2.3.4 - - [01/Nov/2026:00:00:00 +0000] \"-\" 408 "
	                "0 \"-\" \"-\"",
	                &r),
	          0);
	CHECK_INT(r.method.n, 0);
	CHECK_INT(
	    parse(f,
	          "1.2.3.4 - - [01/Nov/2026:00:00:00 +0000] "
	          "\"\\x16\\x03\\x01\\x06\\xF2\\x01\" 400 157 \"-\" \"-\"",
	          &r),
	    0);
	CHECK_INT(r.status, 400);
	CHECK_SL(r.method, "\\x16\\x03\\x01\\x06\\xF2\\x01");
	CHECK_INT(parse(f,
	                "1.2.3.4 - - [01/Nov/2026:00:00:00 +0000] \"GET "
	                "/a[ ]b HTTP/1.1\" 200 1 \"-\" \"-\"",
	                &r),
	          0);
	CHECK_SL(r.path, "/a[ ]b");
	CHECK_INT(parse(f,
	                "1.2.3.4 - - [01/Nov/2026:00:00:00 +0000] \"GET /\" "
	                "200 1 \"-\" \"-\"",
	                &r),
	          0);
	CHECK_SL(r.path, "/");
	CHECK_INT(parse(f,
	                "1.2.3.4 - - [01/Nov/2026:00:00:00 +0000] \"GET "
	                "http://azenv.net/x?y HTTP/1.1\" 200 1 \"-\" \"-\"",
	                &r),
	          0);
	CHECK_SL(r.path, "/x");
	CHECK_INT(parse(f,
	                "1.2.3.4 - - [01/Nov/2026:00:00:00 +0000] \"GET "
	                "/x HTTP/1.1\" 009 1 \"-\" \"-\"",
	                &r),
	          0);
	CHECK_INT(r.status, 9);

	/* not requests */
	CHECK_INT(parse(f, "", &r), -1);
	CHECK_INT(parse(f,
	                "2015/01/21 10:56:10 [error] 1#0: *1 open() "
	                "\"/x\" failed",
	                &r),
	          -1);
	CHECK_INT(parse(f, "# failJSON: { \"time\": \"2015\" }", &r), -1);
	CHECK_INT(parse(f,
	                "1.2.3.4 [01/Nov/2026:00:00:00 +0000] \"GET / "
	                "HTTP/1.1\" 200 1 \"-\" \"-\"",
	                &r),
	          -1); /* missing "- -" */
	CHECK_INT(parse(f,
	                "1.2.3.4 - - [01/Nov/2026:00:00:00 +0000] \"GET / "
	                "HTTP/1.1\" OK 1 \"-\" \"-\"",
	                &r),
	          -1); /* status not a number */
	CHECK_INT(parse(f,
	                "1.2.3.4 - - [01/Nov/2026:00:00:00 +0000] \"GET / "
	                "HTTP/1.1\" 2000 1 \"-\" \"-\"",
	                &r),
	          -1); /* four digits */
	CHECK_INT(parse(f,
	                "1.2.3.4 - - [01/Xyz/2026:00:00:00 +0000] \"GET / "
	                "HTTP/1.1\" 200 1 \"-\" \"-\"",
	                &r),
	          -1); /* bad month */
	CHECK_INT(parse(f,
	                "1.2.3.4 - - [01/Nov/2026:00:00:00 +0000] \"GET / "
	                "HTTP/1.1\" 200 1 \"-\" \"unterminated",
	                &r),
	          -1);

	/* the error names what was wrong */
	nginx_perr_t e;
	char msg[160];
	const char *bad = "1.2.3.4 - - [01/Nov/2026:00:00:00 +0000] \"GET / "
	                  "HTTP/1.1\" OK 1 \"-\" \"-\"";
	CHECK_INT(nginx_parse(f, NULL, bad, strlen(bad), &r, &e), -1);
	nginx_perr_describe(f, &e, msg, sizeof(msg));
	CHECK_STR(msg, "$status at column 59 is not a number");
	nginx_fmt_free(f);
}

/* The query string for match: query, from $request_uri or $args
 * ("-" when the request had none), whichever order they come in. */
static void test_query(void)
{
	request_t r;
	nginx_fmt_t *f = compile("$status \"$request_method $uri\" \"$args\"",
	                         NULL, LAT_REQUEST_TIME);
	CHECK_INT(parse(f, "200 \"GET /employees\" \"q=ada&page=2\"", &r), 0);
	CHECK(sl_eq(r.path, "/employees"));
	CHECK(sl_eq(r.query, "q=ada&page=2"));
	CHECK_INT(parse(f, "200 \"GET /employees\" \"-\"", &r), 0);
	CHECK_INT(r.query.n, 0);
	nginx_fmt_free(f);
	f = compile("$query_string $status $request_uri", NULL,
	            LAT_REQUEST_TIME);
	CHECK_INT(parse(f, "q=1 200 /search", &r), 0);
	CHECK(sl_eq(r.query, "q=1")); /* not cleared by a URI without '?' */
	CHECK_INT(parse(f, "- 200 /search?q=2", &r), 0);
	CHECK(sl_eq(r.query, "q=2"));
	nginx_fmt_free(f);
}

static void test_custom(void)
{
	request_t r;

	/* netdata: unquoted multi-value upstream time between fields */
	nginx_fmt_t *f = compile("$remote_addr - $remote_user [$time_local] "
	                         "\"$request\" $status $body_bytes_sent "
	                         "$request_length $request_time "
	                         "$upstream_response_time \"$http_referer\" "
	                         "\"$http_user_agent\"",
	                         NULL, LAT_UPSTREAM_RESPONSE_TIME);
	CHECK_INT(parse(f,
	                "::1 - - [21/Jan/2019:08:59:54 +0100] \"POST /jmx "
	                "HTTP/1.1\" 200 242 223 0.024 0.000, 0.004 \"-\" \"-\"",
	                &r),
	          0);
	CHECK_INT(r.latency_us, 4000);
	CHECK_INT(parse(f,
	                "::1 - - [21/Jan/2019:08:59:54 +0100] \"POST /jmx "
	                "HTTP/1.1\" 200 242 223 0.024 1.000, -, 2.000 : 0.5 "
	                "\"-\" \"-\"",
	                &r),
	          0);
	CHECK_INT(r.latency_us, 3500000);
	CHECK_INT(parse(f,
	                "::1 - - [21/Jan/2019:08:59:54 +0100] \"POST /jmx "
	                "HTTP/1.1\" 200 242 223 0.024 - \"-\" \"-\"",
	                &r),
	          0);
	CHECK_INT(r.latency_us, REQ_NO_LATENCY);
	CHECK(nginx_fmt_has_latency(f));
	nginx_fmt_free(f);

	/* TSV with ISO time, separate method and uri, unknown variables */
	f = compile("$time_iso8601\t$geoip_country_code\t$remote_addr\t$scheme"
	            "\t$host\t$request_method\t\"$request_uri\"\t$status\t"
	            "$body_bytes_sent\t\"$http_referer\"\t\"$http_user_agent\""
	            "\t-\t$request_time\t$upstream_response_time",
	            NULL, LAT_REQUEST_TIME);
	CHECK_INT(parse(f,
	                "2019-06-18T09:41:29+02:00\tDE\t1.2.3.4\thttps\t"
	                "example.com\tGET\t\"/x/1?a=b\"\t200\t12\t\"-\"\t"
	                "\"curl\"\t-\t0.005\t0.004",
	                &r),
	          0);
	CHECK_SL(r.method, "GET");
	CHECK_SL(r.path, "/x/1");
	CHECK_SL(r.host, "example.com");
	CHECK_INT(r.latency_us, 5000);
	CHECK_INT(r.time, 1560843689);
	nginx_fmt_free(f);

	/* key=value style, quoted lists, ${var} syntax, $msec */
	f = compile("${msec} $status rt=$request_time urt=\"$upstream_response_"
	            "time\" \"$request\"",
	            NULL, LAT_UPSTREAM_RESPONSE_TIME);
	CHECK_INT(parse(f,
	                "1700000000.123 503 rt=0.139 urt=\"0.100, 0.036\" "
	                "\"GET /x HTTP/1.1\"",
	                &r),
	          0);
	CHECK_INT(r.time, 1700000000);
	CHECK_INT(r.latency_us, 136000);
	CHECK_INT(r.status, 503);
	nginx_fmt_free(f);

	/* the time cache gives the same answers as parsing */
	f = compile(COMBINED, TAIL, LAT_REQUEST_TIME);
	nginx_ctx_t ctx = {0};
	const char *l1 = "1 - - [01/Nov/2026:00:00:00 +0000] \"GET / H\" 200 1 "
	                 "\"-\" \"-\"";
	const char *l2 = "1 - - [01/Nov/2026:00:00:00 +0900] \"GET / H\" 200 1 "
	                 "\"-\" \"-\"";
	nginx_perr_t pe;
	CHECK_INT(nginx_parse(f, &ctx, l1, strlen(l1), &r, &pe), 0);
	CHECK_INT(r.time, 1793491200);
	CHECK_INT(nginx_parse(f, &ctx, l1, strlen(l1), &r, &pe), 0);
	CHECK_INT(r.time, 1793491200);
	CHECK_INT(nginx_parse(f, &ctx, l2, strlen(l2), &r, &pe), 0);
	CHECK_INT(r.time, 1793491200 - 9 * 3600);
	nginx_fmt_free(f);

	/* time_local unbracketed: fixed width */
	f = compile("$time_local $status", NULL, LAT_REQUEST_TIME);
	CHECK_INT(parse(f, "28/Sep/1970:12:00:00 +0600 200", &r), 0);
	CHECK_INT(r.time, 23349600); /* 06:00Z */
	CHECK(!nginx_fmt_has_latency(f));
	nginx_fmt_free(f);
}

static void test_compile_errors(void)
{
	char err[256];
	size_t off;
	CHECK(nginx_fmt_compile("$a$b", NULL, LAT_REQUEST_TIME, err,
	                        sizeof(err), &off) == NULL);
	CHECK_INT(off, 2);
	CHECK(strstr(err, "$b follows $a") != NULL);
	CHECK(nginx_fmt_compile("x $ y", NULL, LAT_REQUEST_TIME, err,
	                        sizeof(err), &off) == NULL);
	CHECK_INT(off, 2);
	CHECK(nginx_fmt_compile("${status", NULL, LAT_REQUEST_TIME, err,
	                        sizeof(err), &off) == NULL);
	CHECK(nginx_fmt_compile("no variables", NULL, LAT_REQUEST_TIME, err,
	                        sizeof(err), &off) == NULL);
	nginx_fmt_t *f =
	    nginx_fmt_compile("$status$request_time", NULL, LAT_REQUEST_TIME,
	                      err, sizeof(err), &off);
	CHECK(f != NULL); /* a number ends by itself */
	nginx_fmt_free(f);
}

static void test_times(void)
{
	int64_t t;
	CHECK_INT(timefmt_clf("01/Jan/1970:00:00:00 +0000", 26, &t), 0);
	CHECK_INT(t, 0);
	CHECK_INT(timefmt_clf("29/Feb/2024:23:59:59 -0500", 26, &t), 0);
	CHECK_INT(t, 1709269199);
	CHECK_INT(timefmt_clf("29/Feb/2024:23:59:59 -05:0", 26, &t), -1);
	CHECK_INT(timefmt_clf("29/Feb/2024:24:00:00 +0000", 26, &t), -1);
	CHECK_INT(timefmt_iso8601("2026-11-01T00:00:00Z", 20, &t), 0);
	CHECK_INT(t, 1793491200);
	CHECK_INT(timefmt_iso8601("2026-11-01T09:00:00.123+09:00", 29, &t), 0);
	CHECK_INT(t, 1793491200);
	CHECK_INT(timefmt_iso8601("2010-10-26 02:27:15 +0000", 25, &t), 0);
	CHECK_INT(t, 1288060035);
	CHECK_INT(timefmt_iso8601("2026-11-01", 10, &t), -1);
	char buf[32];
	CHECK_STR(util_iso8601(1793491200, buf, sizeof(buf)),
	          "2026-11-01T00:00:00Z");
	CHECK_STR(util_iso8601(951782400, buf, sizeof(buf)),
	          "2000-02-29T00:00:00Z");
}

static void test_numbers(void)
{
	int64_t us;
	CHECK_INT(parse_seconds_us("0.123", 5, &us), 0);
	CHECK_INT(us, 123000);
	CHECK_INT(parse_seconds_us("12", 2, &us), 0);
	CHECK_INT(us, 12000000);
	CHECK_INT(parse_seconds_us("1.2345678", 9, &us), 0);
	CHECK_INT(us, 1234567);
	CHECK_INT(parse_seconds_us("", 0, &us), -1);
	CHECK_INT(parse_seconds_us(".", 1, &us), -1);
	CHECK_INT(parse_seconds_us("1.2.3", 5, &us), -1);
	CHECK_INT(parse_seconds_us("-1", 2, &us), -1);
	CHECK_INT(parse_ms_us("90.6", 4, &us), 0);
	CHECK_INT(us, 90600);
}

/* The optional latency on both sides of the edges of its fast path
 * (1 to 6 digits, '.', 3 digits, then the end or a space and the next
 * literal): each outcome is the general path's, worked from its rules
 * (value_len, nginx_times, parse_seconds_us) and checked against the
 * parser before the fast path. */
static void test_optional_latency(void)
{
	static const struct {
		const char *tail; /* after the request's fields */
		int ok;
		int64_t us;
	} cases[] = {
	    {"0.040 0.039", 1, 40000},
	    {"0.040", 1, 40000},
	    {"0.040 ", 1, 40000},
	    {"123456.789 -", 1, 123456789000},
	    {"1234567.000 -", 1, 1234567000000}, /* 7 digits */
	    {"0.04 0.039", 1, 40000},            /* 2 decimals */
	    {"0.0400 -", 1, 40000},              /* 4 decimals */
	    {"00.040 -", 1, 40000},
	    {"0.040\t0.039", 0, 0}, /* a time with something after it */
	    {"0.040x", 0, 0},
	    {".040 -", 1, REQ_NO_LATENCY}, /* no digit before '.': absent */
	    {"0.040,0.039", 0, 0},
	};
	nginx_fmt_t *f = compile(COMBINED, TAIL, LAT_REQUEST_TIME);
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		char line[200];
		request_t r;
		snprintf(line, sizeof(line),
		         "::1 - - [01/Nov/2026:00:00:00 +0000] \"GET / "
		         "HTTP/1.1\" 200 0 \"-\" \"-\" %s",
		         cases[k].tail);
		int got = parse(f, line, &r);
		CHECK_MSG(got == (cases[k].ok ? 0 : -1), "'%s': parse %d",
		          cases[k].tail, got);
		if (cases[k].ok && got == 0)
			CHECK_MSG(r.latency_us == cases[k].us,
			          "'%s': %lld us, want %lld", cases[k].tail,
			          (long long)r.latency_us,
			          (long long)cases[k].us);
	}
	nginx_fmt_free(f);

	/* a next literal that is not a bare space: the value ends where the
	 * literal is, so "0.040 0.039" before it is one broken value */
	f = compile("$status", " rt=$request_time urt=$upstream_response_time",
	            LAT_REQUEST_TIME);
	request_t r;
	CHECK_INT(parse(f, "200 rt=0.040 urt=0.039", &r), 0);
	CHECK_INT(r.latency_us, 40000);
	CHECK_INT(parse(f, "200 rt=0.040 0.039 urt=0.030", &r), -1);
	CHECK_INT(parse(f, "200 rt=0.040 0.039", &r), 0);
	CHECK_INT(r.latency_us, 40000);
	CHECK_INT(parse(f, "200 rt=0.040", &r), 0);
	CHECK_INT(r.latency_us, 40000);
	nginx_fmt_free(f);
}

int main(void)
{
	test_default();
	test_custom();
	test_query();
	test_compile_errors();
	test_times();
	test_numbers();
	test_optional_latency();
	return CHECK_DONE("test_format_nginx");
}
