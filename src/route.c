/*
 * route.c - turning paths into a bounded set of endpoint keys. Ids in
 * paths would otherwise make every request its own endpoint; the rules
 * are the ones most APIs need (Rails resources: /users/42, UUID keys,
 * digests in asset names are whole segments of hex).
 */
#include "route.h"

#include <string.h>

/* Byte classes, so one table lookup per byte (while the segment is
 * copied) tells whether a segment is all digits, all hex, or all hex and
 * dashes: AND the classes of its bytes together. */
enum { C_DIGIT = 1, C_HEX = 2, C_HEXDASH = 4 };
#define D (C_DIGIT | C_HEX | C_HEXDASH)
#define H (C_HEX | C_HEXDASH)
static const unsigned char cls[256] = {
    ['0'] = D, ['1'] = D, ['2'] = D, ['3'] = D, ['4'] = D, ['5'] = D,
    ['6'] = D, ['7'] = D, ['8'] = D, ['9'] = D, ['a'] = H, ['b'] = H,
    ['c'] = H, ['d'] = H, ['e'] = H, ['f'] = H, ['A'] = H, ['B'] = H,
    ['C'] = H, ['D'] = H, ['E'] = H, ['F'] = H, ['-'] = C_HEXDASH,
};
#undef D
#undef H

/* 8-4-4-4-12, given 36 bytes that are all hex digits or dashes. */
static int is_uuid(const char *s)
{
	for (size_t i = 0; i < 36; i++) {
		int dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash != (s[i] == '-'))
			return 0;
	}
	return 1;
}

/* Append n bytes to buf at *len, cutting at cap. */
static void put(char *buf, size_t cap, size_t *len, const char *s, size_t n)
{
	if (*len >= cap)
		return;
	if (n > cap - *len)
		n = cap - *len;
	memcpy(buf + *len, s, n);
	*len += n;
}

size_t route_normalise(const char *path, size_t n, char *buf, size_t cap)
{
	size_t len = 0, i = 0;

	while (i < n) {
		if (path[i] == '/') {
			put(buf, cap, &len, "/", 1);
			i++;
			continue;
		}
		/* a segment: what kind of bytes does it hold? Words like
		 * "employees" fail the test at their first letters. */
		const char *end = memchr(path + i, '/', n - i);
		size_t j = end ? (size_t)(end - path) : n;
		size_t sn = j - i, seg = len;
		unsigned all = C_DIGIT | C_HEX | C_HEXDASH;
		for (size_t k = i; k < j && all; k++)
			all &= cls[(unsigned char)path[k]];
		put(buf, cap, &len, path + i, sn);
		if (all & C_DIGIT) {
			len = seg;
			put(buf, cap, &len, ":id", 3);
		} else if (sn == 36 && (all & C_HEXDASH) && is_uuid(path + i)) {
			len = seg;
			put(buf, cap, &len, ":uuid", 5);
		} else if (sn >= 16 && (all & C_HEX)) {
			len = seg;
			put(buf, cap, &len, ":hex", 4);
		}
		i = j;
	}
	return len;
}

/* An HTTP method is a short run of letters (nginx also logs unknown ones
 * such as "PATCHp"; those are kept, garbage is not). */
static int plausible_method(slice_t m)
{
	if (m.n == 0 || m.n > 24)
		return 0;
	for (size_t i = 0; i < m.n; i++) {
		char c = m.p[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      c == '-' || c == '_'))
			return 0;
	}
	return 1;
}

size_t route_key(const request_t *req, enum group_by g, char *buf, size_t cap)
{
	size_t len = 0;
	slice_t path = req->path;

	if (!plausible_method(req->method) || path.n == 0 ||
	    (path.p[0] != '/' && !(path.n == 1 && path.p[0] == '*'))) {
		put(buf, cap, &len, ROUTE_INVALID, sizeof(ROUTE_INVALID) - 1);
		return len;
	}
	put(buf, cap, &len, req->method.p, req->method.n);
	put(buf, cap, &len, " ", 1);
	if (g == GROUP_ROUTE)
		len += route_normalise(path.p, path.n, buf + len,
				       len < cap ? cap - len : 0);
	else
		put(buf, cap, &len, path.p, path.n);
	return len;
}
