/*
 * test_request.c - the request-line split every format shares: method
 * and path at the first and last space, the query string dropped, an
 * absolute URI reduced to its path, "HTTP/x" recognised only as the last
 * word, and lines with no target. Expectations written out by hand.
 */
#include "check.h"
#include "request.h"

static request_t split(const char *line)
{
	request_t r = {0};
	request_split_line(&r, line, strlen(line));
	return r;
}

#define CHECK_SLICE(s, want)                                                   \
	CHECK_MSG(slice_eq((s), (want)), "got \"%.*s\", want \"%s\"",          \
	          (int)(s).n, (s).p ? (s).p : "", (want))

int main(void)
{
	request_t r = split("GET /api/v1/users/42?x=1 HTTP/1.1");
	CHECK_SLICE(r.method, "GET");
	CHECK_SLICE(r.path, "/api/v1/users/42");
	CHECK_SLICE(r.query, "x=1"); /* for match: query */
	r = split("GET /employees?q=a b&page=2 HTTP/1.1");
	CHECK_SLICE(r.path, "/employees");
	CHECK_SLICE(r.query, "q=a b&page=2");
	r = split("GET /employees? HTTP/1.1");
	CHECK_SLICE(r.path, "/employees");
	CHECK(r.query.n == 0 && r.query.p != NULL); /* "?" and nothing */
	r = split("GET /employees HTTP/1.1");
	CHECK_INT(r.query.n, 0);

	/* nginx does not escape spaces: the path runs to the last space */
	r = split("GET /files/a b/report.pdf HTTP/1.0");
	CHECK_SLICE(r.path, "/files/a b/report.pdf");
	/* without a protocol, the last word is part of the path */
	r = split("GET /a b");
	CHECK_SLICE(r.path, "/a b");
	r = split("GET /");
	CHECK_SLICE(r.method, "GET");
	CHECK_SLICE(r.path, "/");

	/* a proxy request's absolute URI keeps its path only */
	r = split("GET http://example.com/x/y?z HTTP/1.1");
	CHECK_SLICE(r.path, "/x/y");
	CHECK_SLICE(r.query, "z");
	r = split("GET https://example.com HTTP/1.1");
	CHECK_SLICE(r.path, "/");
	r = split("CONNECT example.com:443 HTTP/1.1");
	CHECK_SLICE(r.method, "CONNECT");
	CHECK_SLICE(r.path, "example.com:443");

	/* no target at all: "-" is nothing, other text is the method */
	r = split("-");
	CHECK_INT(r.method.n, 0);
	CHECK_INT(r.path.n, 0);
	r = split("\\x16\\x03\\x01");
	CHECK_SLICE(r.method, "\\x16\\x03\\x01");
	CHECK_INT(r.path.n, 0);
	r = split("");
	CHECK_INT(r.method.n, 0);

	/* request_set_uri alone */
	r = (request_t){0};
	request_set_uri(&r, "/search?q=a?b", 13);
	CHECK_SLICE(r.path, "/search");
	CHECK_SLICE(r.query, "q=a?b"); /* the first '?' starts it */
	request_set_uri(&r, "?only", 5);
	CHECK_INT(r.path.n, 0);
	return CHECK_DONE("test_request");
}
