/*
 * invariants.h - what every fuzz target checks about the results it gets,
 * so a fuzz run (and `make test`'s replay of the saved inputs) fails on a
 * wrong answer, not only on a crash: FUZZ_ASSERT() prints the broken
 * invariant and aborts, which libFuzzer reports as a crash and replay.c
 * as a failed input.
 */
#ifndef SLICALC_FUZZ_INVARIANTS_H
#define SLICALC_FUZZ_INVARIANTS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "request.h"
#include "route.h"

#define FUZZ_ASSERT(cond)                                                      \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: invariant broken: %s\n",       \
			        __FILE__, __LINE__, #cond);                    \
			abort();                                               \
		}                                                              \
	} while (0)

/* A slice is empty or points at n readable bytes (ASan checks the read). */
static inline unsigned fuzz_touch(slice_t s)
{
	unsigned x = 0;
	FUZZ_ASSERT(s.n == 0 || s.p != NULL);
	for (size_t i = 0; i < s.n; i++)
		x += (unsigned char)s.p[i];
	return x;
}

/* A slice lies inside the line [p, p + n). */
static inline void fuzz_within(slice_t s, const char *p, size_t n)
{
	if (s.n == 0)
		return;
	FUZZ_ASSERT(s.p >= p && s.p + s.n <= p + n);
}

/* A path lies inside the line, or is the "/" an absolute URI without a
 * path ("http://host") is given (request_set_uri). */
static inline void fuzz_path_within(slice_t s, const char *p, size_t n)
{
	if (s.n == 1 && s.p[0] == '/' && !(s.p >= p && s.p < p + n))
		return;
	fuzz_within(s, p, n);
}

/*
 * A request handed out by a parser: a status of three digits at most
 * whose text, when the parser keeps it, says the same number; a latency
 * that is none or not negative; a time that is none or in years 1-9999;
 * readable slices; and endpoint keys of at most the buffer's size, the
 * same each time for the same request (route_key() does not terminate
 * them).
 */
static inline void fuzz_check_request(const request_t *req)
{
	FUZZ_ASSERT(req->status >= 0 && req->status <= 999);
	if (req->status_txt.n > 0) {
		int v = 0;
		for (size_t i = 0; i < req->status_txt.n; i++) {
			char c = req->status_txt.p[i];
			FUZZ_ASSERT(c >= '0' && c <= '9');
			v = v * 10 + (c - '0');
		}
		FUZZ_ASSERT(req->status_txt.n <= 3 && v == req->status);
	}
	FUZZ_ASSERT(req->latency_us == REQ_NO_LATENCY || req->latency_us >= 0);
	FUZZ_ASSERT(req->time == REQ_NO_TIME ||
	            (req->time >= REQ_TIME_MIN && req->time <= REQ_TIME_MAX));
	(void)(fuzz_touch(req->method) + fuzz_touch(req->path) +
	       fuzz_touch(req->host) + fuzz_touch(req->user_agent) +
	       fuzz_touch(req->action));
	static const enum group_by g[] = {GROUP_ROUTE, GROUP_PATH,
	                                  GROUP_ACTION};
	for (size_t i = 0; i < sizeof(g) / sizeof(g[0]); i++) {
		char key[ROUTE_MAX];
		size_t n = route_key(req, g[i], key, sizeof(key));
		FUZZ_ASSERT(n > 0 && n <= sizeof(key));
		/* the same request gives the same key */
		char again[ROUTE_MAX];
		FUZZ_ASSERT(route_key(req, g[i], again, sizeof(again)) == n &&
		            memcmp(key, again, n) == 0);
	}
}

#endif
