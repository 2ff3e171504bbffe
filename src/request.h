/*
 * request.h - one request as a log format hands it to the rules: slices
 * into the reader's line buffer plus a few decoded numbers. Nothing in it
 * is owned; it is valid until the reader moves to the next line.
 */
#ifndef SLICALC_REQUEST_H
#define SLICALC_REQUEST_H

#include <stdint.h>

#include "util.h"

#define REQ_NO_TIME INT64_MIN
/* The times slicalc works with: years 0001 to 9999. A log time outside
 * them is treated as no time (a garbled $msec), and saved states must
 * stay inside them, so time arithmetic never overflows. */
#define REQ_TIME_MIN   (-62135596800LL) /* 0001-01-01T00:00:00Z */
#define REQ_TIME_MAX   253402300799LL   /* 9999-12-31T23:59:59Z */
#define REQ_NO_LATENCY (-1)

typedef struct request {
	slice_t method;     /* as logged; may be empty or garbage */
	slice_t path;       /* request target without query string */
	slice_t query;      /* the query string without '?'; may be empty */
	slice_t status_txt; /* the digits of the status */
	slice_t host;
	slice_t user_agent;
	slice_t action;     /* "Controller#action" (Rails, lograge, JSON) */
	int status;         /* 0..999 */
	int64_t latency_us; /* REQ_NO_LATENCY when the line has none */
	int64_t time;       /* epoch seconds, REQ_NO_TIME when unknown */
} request_t;

/*
 * Split an HTTP request line ("GET /a b?x=1 HTTP/1.1") at its first and
 * last space into method and path (query string removed; an absolute URI
 * "http://host/x" becomes "/x"). A last word not starting with "HTTP/" is
 * part of the path. No space at all: the whole text is the method.
 */
void request_split_line(request_t *req, const char *p, size_t n);

/* Set req->path from a request URI, and req->query from its query
 * string (left as it is when the URI has none: nginx's $args may have
 * set it). */
void request_set_uri(request_t *req, const char *p, size_t n);

/*
 * Why a request (Rails) was seen but never counted: it was still open at
 * the end of the input; a new request started under the same id while it
 * was open; its Completed line came without a start (it began before the
 * log did); a second Completed line had no request of its own; or more
 * requests were open at once than the parser's table holds, and the
 * oldest was pushed out.
 */
enum incomplete_why {
	INC_UNFINISHED,
	INC_RESTARTED,
	INC_NO_START,
	INC_UNPAIRED,
	INC_EVICTED,
	INC_N
};

#endif
