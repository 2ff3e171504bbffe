/*
 * route.c - turning paths into a bounded set of endpoint keys. Ids in
 * paths would otherwise make every request its own endpoint; the rules
 * are the ones most APIs need (Rails resources: /users/42, UUID keys,
 * digests in asset names are whole segments of hex).
 */
#include "route.h"

#include <string.h>

static int is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return n > 0;
}

static int all_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_hex(s[i]))
			return 0;
	return 1;
}

static int is_uuid(const char *s, size_t n)
{
	if (n != 36)
		return 0;
	for (size_t i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!is_hex(s[i])) {
			return 0;
		}
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
		size_t j = i;
		while (j < n && path[j] != '/')
			j++;
		const char *seg = path + i;
		size_t sn = j - i;
		if (all_digits(seg, sn))
			put(buf, cap, &len, ":id", 3);
		else if (is_uuid(seg, sn))
			put(buf, cap, &len, ":uuid", 5);
		else if (sn >= 16 && all_hex(seg, sn))
			put(buf, cap, &len, ":hex", 4);
		else
			put(buf, cap, &len, seg, sn);
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
