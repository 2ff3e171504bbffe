/*
 * test_route.c - endpoint keys: id, uuid and hex segments, the raw path
 * mode, and the "(invalid request)" bucket for requests with no usable
 * method or path.
 */
#include "check.h"
#include "route.h"

static const char *key(const char *method, const char *path, enum group_by g)
{
	static char buf[ROUTE_MAX + 1];
	request_t r = {0};
	r.method.p = method;
	r.method.n = strlen(method);
	r.path.p = path;
	r.path.n = strlen(path);
	size_t n = route_key(&r, g, buf, ROUTE_MAX);
	buf[n] = '\0';
	return buf;
}

static const char *norm(const char *path)
{
	static char buf[64];
	size_t n = route_normalise(path, strlen(path), buf, sizeof(buf) - 1);
	buf[n] = '\0';
	return buf;
}

/* Keys never hold control bytes or bytes that are not UTF-8: such a byte
 * is the text \xHH, as nginx writes it, and a cut never splits one. */
static void test_canonical(void)
{
	CHECK_STR(key("GET", "/a\x1b[1m\x07", GROUP_PATH),
	          "GET /a\\x1B[1m\\x07");
	CHECK_STR(key("GET", "/p\xff", GROUP_PATH), "GET /p\\xFF");
	CHECK_STR(key("GET", "/p\\xFF", GROUP_PATH), "GET /p\\xFF");
	CHECK_STR(key("GET", "/caf\xc3\xa9", GROUP_PATH), "GET /caf\xc3\xa9");
	CHECK_STR(key("GET", "/s\xed\xa0\x80", GROUP_PATH),
	          "GET /s\\xED\\xA0\\x80"); /* a surrogate */
	CHECK_STR(key("GET", "/o\xc0\xaf/1", GROUP_ROUTE),
	          "GET /o\\xC0\\xAF/:id"); /* an overlong '/' */
	/* a long key is cut between characters, never inside \xHH or é */
	char path[ROUTE_MAX * 2];
	memset(path, 'a', sizeof(path));
	path[0] = '/';
	for (size_t i = 1; i + 1 < sizeof(path); i += 7)
		path[i] = (char)0xff;
	path[sizeof(path) - 1] = '\0';
	const char *k = key("GET", path, GROUP_PATH);
	size_t n = strlen(k);
	CHECK(n <= ROUTE_MAX && n > ROUTE_MAX - 4);
	CHECK(k[n - 1] == 'a' || (n >= 4 && k[n - 4] == '\\'));
	for (size_t i = 0; i < n; i++)
		CHECK((unsigned char)k[i] >= 0x20 &&
		      (unsigned char)k[i] < 0x7f);
}

int main(void)
{
	test_canonical();
	CHECK_STR(norm("/api/v1/users/42"), "/api/v1/users/:id");
	CHECK_STR(norm("/users/42/posts/7/"), "/users/:id/posts/:id/");
	CHECK_STR(norm("/runs/123e4567-e89b-12d3-a456-426614174000/x"),
	          "/runs/:uuid/x");
	CHECK_STR(norm("/runs/123E4567-E89B-12D3-A456-426614174000"),
	          "/runs/:uuid");
	CHECK_STR(norm("/runs/123e4567-e89b-12d3-a456-42661417400"),
	          "/runs/123e4567-e89b-12d3-a456-42661417400");
	CHECK_STR(norm("/blob/0123456789abcdef"), "/blob/:hex");
	CHECK_STR(norm("/blob/0123456789abcde"), "/blob/0123456789abcde");
	CHECK_STR(norm("/assets/application-0123456789abcdef0123.js"),
	          "/assets/application-0123456789abcdef0123.js");
	CHECK_STR(norm("/v2/users"), "/v2/users");
	CHECK_STR(norm("/"), "/");
	CHECK_STR(norm("//a//1"), "//a//:id");
	CHECK_STR(norm("/deadbeef"), "/deadbeef"); /* short hex is a word */
	/* cut at the buffer, never overrun */
	CHECK_INT(
	    strlen(norm("/zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"
	                "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")),
	    63);
	CHECK_STR(norm("/aaaaaaaaaaaaaaaaaaaa"), "/:hex"); /* 20 x 'a' is hex */

	CHECK_STR(key("GET", "/users/42", GROUP_ROUTE), "GET /users/:id");
	CHECK_STR(key("GET", "/users/42", GROUP_PATH), "GET /users/42");
	CHECK_STR(key("OPTIONS", "*", GROUP_ROUTE), "OPTIONS *");
	CHECK_STR(key("PATCHp", "/x", GROUP_ROUTE), "PATCHp /x");
	CHECK_STR(key("", "", GROUP_ROUTE), ROUTE_INVALID);
	CHECK_STR(key("\\x16\\x03\\x01", "", GROUP_ROUTE), ROUTE_INVALID);
	CHECK_STR(key("HELP", "", GROUP_ROUTE), ROUTE_INVALID);
	CHECK_STR(key("27;wget%20http://%s:%d/Mozi.m", "x", GROUP_ROUTE),
	          ROUTE_INVALID);
	CHECK_STR(key("GET", "x.php", GROUP_ROUTE), ROUTE_INVALID);
	/* the memo gives what route_key gives, hit or miss, and keeps the
	 * modes apart */
	route_cache_t *c = route_cache_new();
	const char *paths[] = {
	    "/users/42", "/users/43",
	    "/users/42", "/x/123e4567-e89b-12d3-a456-426614174000",
	    "",          "/users/42"};
	for (int round = 0; round < 2; round++) {
		for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
			for (int g = GROUP_ROUTE; g <= GROUP_PATH; g++) {
				char buf[ROUTE_MAX], want[ROUTE_MAX];
				const char *k;
				uint64_t h;
				request_t r = {0};
				r.method = (slice_t){"GET", 3};
				r.path = (slice_t){paths[i], strlen(paths[i])};
				size_t n = route_key_cached(
				    c, &r, (enum group_by)g, buf, &k, &h);
				size_t wn = route_key(&r, (enum group_by)g,
				                      want, ROUTE_MAX);
				CHECK(n == wn && memcmp(k, want, n) == 0);
				CHECK(h == hash_bytes(want, wn));
			}
		}
	}
	route_cache_free(c);
	return CHECK_DONE("test_route");
}
