/*
 * request.c - the request-line splitting every format shares. nginx does
 * not escape spaces, so a URI may contain them: split at the first and
 * last space, as nginx's own parser effectively does.
 */
#include "request.h"

#include <string.h>

void request_set_uri(request_t *req, const char *p, size_t n)
{
	/* absolute-form target of a proxy request: keep the path only */
	if ((n > 7 && memcmp(p, "http://", 7) == 0) ||
	    (n > 8 && memcmp(p, "https://", 8) == 0)) {
		const char *host = (const char *)memchr(p, '/', n) + 2;
		const char *slash = memchr(host, '/', n - (size_t)(host - p));
		if (slash) {
			n -= (size_t)(slash - p);
			p = slash;
		} else {
			p = "/";
			n = 1;
		}
	}
	const char *q = memchr(p, '?', n);
	req->path.p = p;
	req->path.n = q ? (size_t)(q - p) : n;
	if (q) {
		req->query.p = q + 1;
		req->query.n = n - (size_t)(q + 1 - p);
	}
}

void request_split_line(request_t *req, const char *p, size_t n)
{
	const char *sp1 = memchr(p, ' ', n);

	req->path = SLICE_EMPTY;
	if (!sp1) {
		/* "", "-", "hello", TLS bytes: no target at all */
		req->method.p = p;
		req->method.n = (n == 1 && p[0] == '-') ? 0 : n;
		return;
	}
	req->method.p = p;
	req->method.n = (size_t)(sp1 - p);

	const char *t = sp1 + 1;
	size_t tn = n - (size_t)(t - p);
	const char *sp2 = NULL;
	/* the usual ending " HTTP/1.1": no need to scan the target */
	if (tn >= 9 && t[tn - 9] == ' ' &&
	    memcmp(t + tn - 8, "HTTP/", 5) == 0) {
		request_set_uri(req, t, tn - 9);
		return;
	}
	for (size_t i = tn; i > 0; i--) {
		if (t[i - 1] == ' ') {
			sp2 = t + i - 1;
			break;
		}
	}
	if (sp2) {
		size_t rest = tn - (size_t)(sp2 + 1 - t);
		if (rest >= 5 && memcmp(sp2 + 1, "HTTP/", 5) == 0)
			tn = (size_t)(sp2 - t);
	}
	request_set_uri(req, t, tn);
}
