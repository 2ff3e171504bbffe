/*
 * format_lograge.c - "method=GET path=/users/1 format=json
 * controller=UsersController action=show status=200 duration=12.34
 * view=1.23 db=2.34", after an optional Logger prefix and tags.
 *
 * lograge quotes only `error='...'`; other values (custom fields such as a
 * user agent) may contain spaces, so a value runs until the next " key="
 * or the end of the line. The 2012 shape, "GET /jobs/1.json format=json
 * action=jobs#show status=200 duration=58.33", is read too. A line with
 * neither method= nor path= is not a lograge line (a boot message, say)
 * and is passed over; one that has them but no valid status= is unparsed.
 */
#include "format_lograge.h"

#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "format_json.h"
#include "logprefix.h"
#include "timefmt.h"

struct lograge {
	const char *why;
	jsonfmt_t *json; /* for Lograge::Formatters::Json lines */
	int json_last;   /* the last line was JSON: ask json for why */
	char action[160];
};

lograge_t *lograge_new(const json_fields_t *fields)
{
	lograge_t *g = xcalloc(1, sizeof(lograge_t));
	g->json = jsonfmt_new(fields);
	jsonfmt_set_lograge(g->json);
	return g;
}

void lograge_free(lograge_t *g)
{
	if (g) {
		jsonfmt_free(g->json);
		free(g);
	}
}

const char *lograge_why(const lograge_t *g)
{
	if (g->json_last)
		return jsonfmt_why(g->json);
	return g->why ? g->why : "not a lograge line";
}

static int is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.';
}

/* Length of "key=" at p (the key's length), or 0. */
static size_t key_at(const char *p, const char *end)
{
	const char *q = p;
	while (q < end && is_key_char(*q))
		q++;
	return q > p && q < end && *q == '=' ? (size_t)(q - p) : 0;
}

static int is_method(slice_t s)
{
	if (s.n == 0 || s.n > 10)
		return 0;
	for (size_t i = 0; i < s.n; i++)
		if (s.p[i] < 'A' || s.p[i] > 'Z')
			return 0;
	return 1;
}

int lograge_feed(lograge_t *g, const char *line, size_t len, request_t *req)
{
	logline_t ll;
	logprefix_split(line, len, &ll);
	g->json_last = ll.msg.n && ll.msg.p[0] == '{';
	if (g->json_last) {
		/* the JSON formatter; one file may hold both after a
		 * formatter change */
		int64_t t = REQ_NO_TIME;
		if (ll.time.n && timefmt_iso8601(ll.time.p, ll.time.n, &t) < 0)
			t = REQ_NO_TIME;
		return jsonfmt_feed_object(g->json, ll.msg.p, ll.msg.n, t, req);
	}
	const char *p = ll.msg.p, *end = p + ll.msg.n;
	slice_t method = SLICE_EMPTY, path = SLICE_EMPTY, status = SLICE_EMPTY,
	        dur = SLICE_EMPTY, ctrl = SLICE_EMPTY, act = SLICE_EMPTY,
	        time = SLICE_EMPTY;

	/* the 2012 shape starts "GET /path " */
	const char *sp = memchr(p, ' ', (size_t)(end - p));
	if (sp && sp + 1 < end && sp[1] == '/' &&
	    is_method((slice_t){p, (size_t)(sp - p)})) {
		method = (slice_t){p, (size_t)(sp - p)};
		const char *pe = memchr(sp + 1, ' ', (size_t)(end - sp - 1));
		pe = pe ? pe : end;
		path = (slice_t){sp + 1, (size_t)(pe - sp - 1)};
		p = pe;
	}
	while (p < end) {
		while (p < end && *p == ' ')
			p++;
		size_t kn = key_at(p, end);
		if (!kn)
			break; /* not key=value: not ours */
		slice_t key = {p, kn};
		const char *v = p + kn + 1, *ve;
		if (v < end && *v == '\'') {
			/* error='...': lograge does not escape quotes inside,
			 * so the value ends at a quote before " key=" or the
			 * end of the line */
			const char *q = v + 1;
			for (;;) {
				q = memchr(q, '\'', (size_t)(end - q));
				if (!q || q + 1 == end ||
				    (q[1] == ' ' && key_at(q + 2, end)))
					break;
				q++;
			}
			ve = q ? q + 1 : end;
		} else { /* up to the next " key=" */
			ve = v;
			for (;;) {
				ve = memchr(ve, ' ', (size_t)(end - ve));
				if (!ve) {
					ve = end;
					break;
				}
				if (key_at(ve + 1, end))
					break;
				ve++;
			}
		}
		slice_t val = {v, (size_t)(ve - v)};
		if (slice_eq(key, "method"))
			method = val;
		else if (slice_eq(key, "path"))
			path = val;
		else if (slice_eq(key, "status"))
			status = val;
		else if (slice_eq(key, "duration"))
			dur = val;
		else if (slice_eq(key, "controller"))
			ctrl = val;
		else if (slice_eq(key, "action"))
			act = val;
		else if (slice_eq(key, "time") || slice_eq(key, "timestamp"))
			time = val;
		p = ve;
	}
	if (!method.p && !path.p)
		return FEED_OTHER; /* a boot message, a custom log line */

	uint64_t st;
	if (!status.p || status.n > 3 ||
	    parse_u64(status.p, status.n, &st) < 0) {
		g->why = "lograge line without a numeric status=";
		return FEED_UNPARSED;
	}
	memset(req, 0, sizeof(*req));
	req->method = method;
	if (path.p)
		request_set_uri(req, path.p, path.n);
	req->status = (int)st;
	req->status_txt = status;
	req->latency_us = REQ_NO_LATENCY;
	if (dur.p) {
		int64_t us;
		if (parse_ms_us(dur.p, dur.n, &us) < 0) {
			g->why = "lograge duration= is not a number of ms";
			return FEED_UNPARSED;
		}
		req->latency_us = us;
	}
	req->time = REQ_NO_TIME;
	if (time.p && timefmt_iso8601(time.p, time.n, &req->time) < 0) {
		g->why = "lograge time= is not an ISO 8601 time";
		return FEED_UNPARSED;
	}
	/* else the Logger prefix's local time, read as UTC */
	if (!time.p && ll.time.n &&
	    timefmt_iso8601(ll.time.p, ll.time.n, &req->time) < 0)
		req->time = REQ_NO_TIME;
	if (ctrl.n && act.n) {
		size_t cn = ctrl.n < 100 ? ctrl.n : 100;
		size_t an = act.n < 59 ? act.n : 59;
		memcpy(g->action, ctrl.p, cn);
		g->action[cn] = '#';
		memcpy(g->action + cn + 1, act.p, an);
		req->action = (slice_t){g->action, cn + 1 + an};
	} else if (act.n) {
		req->action = act;
	}
	return FEED_REQUEST;
}
