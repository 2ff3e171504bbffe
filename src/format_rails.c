/*
 * format_rails.c - Rails request logs.
 *
 * A request is "Started GET "/x" for IP at TIME", usually "Processing by
 * C#a as FORMAT", and "Completed 200 OK in 12ms (...)"; Rails 2 starts
 * with "Processing C#a (for IP at TIME) [GET]" and ends "Completed in
 * 614ms (...) | 200 OK [url]". Lines are recognised by what follows the
 * Logger prefix and the tags, never by a substring elsewhere (a Parameters
 * hash may contain the text 'Started GET "/x"').
 *
 * Several processes and threads write one file, so requests interleave.
 * Each line's correlation key is the tag that identifies the request (the
 * first UUID or hex id among its tags, else its first tag: a tagging
 * middleware below the logger may add tags between Started and Completed),
 * else its pid, else nothing (one request at a time). Open requests live
 * in a fixed table of 1,024 buckets of 4 ways (4,096 requests, 2 MiB; a
 * fifth open request in a bucket evicts the oldest, counted as
 * incomplete, which with ids spread by the hash starts at about a
 * thousand requests open at once): no allocation per line, bounded
 * memory. A finished request stays in the
 * table as DONE so that a second Completed for it (exceptions_app
 * re-dispatch) is not counted twice.
 */
#include "format_rails.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "logprefix.h"
#include "timefmt.h"

#define BUCKETS 1024 /* a power of two */
#define WAYS    4
#define KEYMAX  80
#define PATHMAX 256
#define ACTMAX  112
#define EVICTED 4096 /* evicted requests remembered, a power of two */
#define NIL     0xffff

enum { EMPTY = 0, OPEN, DONE };

struct pend {
	uint64_t hash, seq;
	uint8_t state, keyn, mn, an;
	uint8_t redispatched; /* DONE, then "Processing by" again */
	uint16_t pn;
	char key[KEYMAX];
	char method[16];
	char path[PATHMAX];
	char action[ACTMAX];
	int64_t time;
};

struct rails {
	struct pend t[BUCKETS][WAYS];
	uint64_t seq;
	uint64_t incomplete[INC_N];
	/* The keys (hashes) of the last EVICTED evicted requests, so that
	 * their Completed line is not counted a second time, as without a
	 * start: a ring, indexed by chains from a bucket per hash. */
	uint64_t ev_hash[EVICTED]; /* 0: free */
	uint16_t ev_next[EVICTED]; /* next in the same chain, or NIL */
	uint16_t ev_head[EVICTED]; /* first of the chain of h & mask */
	unsigned nevicted;
	const char *why;
	char status_txt[4];
	int any_open; /* some entry may be OPEN: finish() has work */
};

rails_t *rails_new(void)
{
	rails_t *r = xcalloc(1, sizeof(rails_t));
	memset(r->ev_head, 0xff, sizeof(r->ev_head));
	return r;
}

void rails_free(rails_t *r)
{
	free(r);
}

void rails_incomplete(const rails_t *r, uint64_t *by)
{
	for (int k = 0; k < INC_N; k++)
		by[k] += r->incomplete[k];
}

const char *rails_why(const rails_t *r)
{
	return r->why ? r->why : "not a Rails request line";
}

/* Hex digits by table: id_like runs on every request line's tags, where
 * the chain of range tests cost more than the rest of the pairing. */
static const unsigned char hexch[256] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
    ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1, ['a'] = 1, ['b'] = 1,
    ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['A'] = 1, ['B'] = 1,
    ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
};

/* 1 if p[0..n) are all hex digits (branch-free over the run) */
static int all_hex(const char *p, size_t n)
{
	unsigned ok = 1;
	for (size_t i = 0; i < n; i++)
		ok &= hexch[(unsigned char)p[i]];
	return (int)ok;
}

/* 1 if a tag is a request id: a UUID, or 8 or more hex digits. */
static int id_like(const char *p, size_t n)
{
	if (n == 36)
		return p[8] == '-' && p[13] == '-' && p[18] == '-' &&
		       p[23] == '-' && all_hex(p, 8) && all_hex(p + 9, 4) &&
		       all_hex(p + 14, 4) && all_hex(p + 19, 4) &&
		       all_hex(p + 24, 12);
	return n >= 8 && all_hex(p, n);
}

/* The tag that identifies the request among "[a] [b] [c]": the first id,
 * else the first tag. */
static slice_t request_tag(slice_t tags)
{
	slice_t first = SLICE_EMPTY;
	const char *p = tags.p, *end = tags.p + tags.n;
	while (p < end) {
		const char *open = memchr(p, '[', (size_t)(end - p));
		if (!open)
			break;
		const char *close = memchr(open, ']', (size_t)(end - open));
		if (!close)
			break;
		slice_t t = {open + 1, (size_t)(close - open - 1)};
		/* the only tag is the key whatever it holds: no need to
		 * test it for an id (the usual one-tag line) */
		if (!first.p && !memchr(close, '[', (size_t)(end - close)))
			return t;
		if (id_like(t.p, t.n))
			return t;
		if (!first.p)
			first = t;
		p = close + 1;
	}
	return first.p ? first : tags;
}

/* The correlation key of a line: 't' + request tag, 'p' + pid, or "". */
static size_t corr_key(const logline_t *ll, char *key)
{
	slice_t s = ll->tags.n ? request_tag(ll->tags) : ll->pid;
	if (!ll->tags.n && !s.n)
		return 0;
	size_t n = s.n < KEYMAX - 1 ? s.n : KEYMAX - 1;
	key[0] = ll->tags.n ? 't' : 'p';
	memcpy(key + 1, s.p, n);
	return n + 1;
}

static struct pend *find(rails_t *r, const char *key, size_t keyn, uint64_t h)
{
	struct pend *b = r->t[h & (BUCKETS - 1)];
	for (int w = 0; w < WAYS; w++)
		if (b[w].state != EMPTY && b[w].hash == h &&
		    b[w].keyn == keyn && memcmp(b[w].key, key, keyn) == 0)
			return &b[w];
	return NULL;
}

/* Take ring entry i out of its chain. */
static void ev_unlink(rails_t *r, unsigned i)
{
	uint16_t *at = &r->ev_head[r->ev_hash[i] & (EVICTED - 1)];
	while (*at != NIL && *at != i)
		at = &r->ev_next[*at];
	if (*at == i)
		*at = r->ev_next[i];
	r->ev_hash[i] = 0;
}

/* Remember that the request of key hash h was evicted; the oldest
 * remembered one is forgotten. */
static void ev_remember(rails_t *r, uint64_t h)
{
	unsigned i = r->nevicted++ & (EVICTED - 1);
	if (r->ev_hash[i])
		ev_unlink(r, i);
	h |= !h; /* 0 marks a free entry */
	r->ev_hash[i] = h;
	uint16_t *head = &r->ev_head[h & (EVICTED - 1)];
	r->ev_next[i] = *head;
	*head = (uint16_t)i;
}

/* 1 (and forgotten) if a request of key hash h was evicted lately. */
static int forget_evicted(rails_t *r, uint64_t h)
{
	h |= !h;
	for (uint16_t i = r->ev_head[h & (EVICTED - 1)]; i != NIL;
	     i = r->ev_next[i])
		if (r->ev_hash[i] == h) {
			ev_unlink(r, i);
			return 1;
		}
	return 0;
}

/* A slot for a new request: an empty one, else the oldest finished
 * one, else the oldest open one (which then never completes). */
static struct pend *claim(rails_t *r, uint64_t h)
{
	struct pend *b = r->t[h & (BUCKETS - 1)], *v = NULL;
	for (int w = 0; w < WAYS; w++) {
		if (b[w].state == EMPTY)
			return &b[w];
		if (b[w].state == DONE &&
		    (!v || v->state != DONE || b[w].seq < v->seq))
			v = &b[w];
		else if (!v || (v->state == OPEN && b[w].seq < v->seq))
			v = &b[w];
	}
	if (v->state == OPEN) {
		r->incomplete[INC_EVICTED]++;
		ev_remember(r, v->hash);
	}
	return v;
}

static void copy(char *dst, size_t cap, const char *src, size_t n,
                 uint8_t *outn)
{
	if (n > cap)
		n = cap;
	memcpy(dst, src, n);
	*outn = (uint8_t)n;
}

/* Open a request on key; a request still open on it never completed. */
static struct pend *start(rails_t *r, const char *key, size_t keyn)
{
	uint64_t h = hash_bytes(key, keyn);
	struct pend *e = find(r, key, keyn, h);
	if (e) {
		if (e->state == OPEN)
			r->incomplete[INC_RESTARTED]++;
	} else {
		e = claim(r, h);
	}
	memset(e, 0, offsetof(struct pend, key));
	e->hash = h;
	e->seq = ++r->seq;
	e->state = OPEN;
	e->keyn = (uint8_t)keyn;
	memcpy(e->key, key, keyn);
	e->time = REQ_NO_TIME;
	r->any_open = 1;
	return e;
}

static const char *find_str(const char *p, size_t n, const char *s)
{
	size_t k = strlen(s);
	for (size_t i = 0; i + k <= n; i++)
		if (p[i] == s[0] && memcmp(p + i, s, k) == 0)
			return p + i;
	return NULL;
}

static int unparsed(rails_t *r, const char *why)
{
	r->why = why;
	return FEED_UNPARSED;
}

static int64_t parse_time(const char *p, size_t n)
{
	int64_t t;
	while (n && p[n - 1] == ' ')
		n--;
	if (timefmt_iso8601(p, n, &t) == 0 || timefmt_ruby(p, n, &t) == 0)
		return t;
	return REQ_NO_TIME;
}

/* Started GET "/x" for 1.2.3.4 at 2012-11-21 15:21:13 +0100 */
static int on_started(rails_t *r, slice_t m, const char *key, size_t keyn)
{
	const char *p = m.p + 8, *end = m.p + m.n;
	const char *sp = memchr(p, ' ', (size_t)(end - p));
	if (!sp || sp == p || sp + 2 >= end || sp[1] != '"')
		return unparsed(r, "Started line without METHOD \"path\"");
	const char *path = sp + 2;
	const char *q = find_str(path, (size_t)(end - path), "\" for ");
	if (!q) {
		/* cut short (syslog's line limit, a hand-trimmed log): the
		 * request is still real; keep the path we have */
		q = memchr(path, '"', (size_t)(end - path));
		q = q ? q : end;
	}
	int64_t time = REQ_NO_TIME;
	const char *at = find_str(q, (size_t)(end - q), " at ");
	if (at) {
		time = parse_time(at + 4, (size_t)(end - at - 4));
		/* a whole time that is no date (29 February 2025) is said,
		 * never rolled over nor dropped; a line cut short within
		 * its time keeps its request, without a time */
		if (time == REQ_NO_TIME && end - (at + 4) >= 25)
			return unparsed(r, "Started line whose time is not "
			                   "a valid date");
	}
	struct pend *e = start(r, key, keyn);
	copy(e->method, sizeof(e->method), p, (size_t)(sp - p), &e->mn);
	size_t pn = (size_t)(q - path);
	e->pn = (uint16_t)(pn < PATHMAX ? pn : PATHMAX);
	memcpy(e->path, path, e->pn);
	e->time = time;
	return FEED_NONE;
}

/* Processing by Api::UsersController#show as JSON (Rails 3+), or
 * Processing UsersController#show (for 1.2.3.4 at 2008-08-14 21:16:25)
 * [GET] (Rails 2, which starts the request). */
static int on_processing(rails_t *r, slice_t m, const char *key, size_t keyn)
{
	const char *end = m.p + m.n;
	if (starts_with(m, "Processing by ")) {
		const char *a = m.p + 14;
		const char *as = find_str(a, (size_t)(end - a), " as ");
		const char *ae = as ? as : end;
		if (!memchr(a, '#', (size_t)(ae - a)))
			return unparsed(r, "Processing line without C#action");
		struct pend *e = find(r, key, keyn, hash_bytes(key, keyn));
		if (e && e->state == OPEN && e->an == 0)
			copy(e->action, sizeof(e->action), a, (size_t)(ae - a),
			     &e->an);
		else if (e && e->state == DONE)
			e->redispatched = 1; /* exceptions_app: an error page */
		return FEED_NONE;
	}
	const char *a = m.p + 11;
	const char *sp = memchr(a, ' ', (size_t)(end - a));
	const char *fo = find_str(a, (size_t)(end - a), " (for ");
	if (!sp || !fo || !memchr(a, '#', (size_t)(sp - a)) || m.n < 3 ||
	    end[-1] != ']')
		return unparsed(r, "Processing line of an unknown shape");
	const char *open = end - 2;
	while (open > fo && *open != '[')
		open--;
	if (*open != '[')
		return unparsed(r, "Processing line without [METHOD]");
	struct pend *e = start(r, key, keyn);
	copy(e->action, sizeof(e->action), a, (size_t)(sp - a), &e->an);
	copy(e->method, sizeof(e->method), open + 1,
	     (size_t)(end - 1 - open - 1), &e->mn);
	const char *at = find_str(fo, (size_t)(end - fo), " at ");
	const char *cl = at ? memchr(at, ')', (size_t)(end - at)) : NULL;
	if (cl)
		e->time = parse_time(at + 4, (size_t)(cl - at - 4));
	return FEED_NONE;
}

static int digits3(const char *p, const char *end, int *v)
{
	if (end - p < 3 || (unsigned)(p[0] - '0') > 9 ||
	    (unsigned)(p[1] - '0') > 9 || (unsigned)(p[2] - '0') > 9 ||
	    (end - p > 3 && p[3] >= '0' && p[3] <= '9'))
		return -1;
	*v = (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
	return 0;
}

/* The number at p (digits, optional fraction); its end in *e. */
static size_t number_len(const char *p, const char *end)
{
	const char *q = p;
	while (q < end && ((*q >= '0' && *q <= '9') || *q == '.'))
		q++;
	return (size_t)(q - p);
}

/* Completed 200 OK in 12ms (...)            Rails 3.1+
 * Completed in 9ms (...) with 200           Rails 3.0 beta
 * Completed in 614ms (...) | 200 OK [url]   Rails 2.2
 * Completed in 0.21665 (4 reqs/sec) | ... | 200 OK [url]   Rails <= 2.1 */
static int on_completed(rails_t *r, slice_t m, const char *key, size_t keyn,
                        request_t *req)
{
	const char *p = m.p + 10, *end = m.p + m.n;
	int status = -1;
	int64_t us = REQ_NO_LATENCY;
	slice_t url = SLICE_EMPTY;

	if (p < end && *p >= '0' && *p <= '9') {
		if (digits3(p, end, &status) < 0)
			return unparsed(r, "Completed line with a bad status");
		const char *in = find_str(p, (size_t)(end - p), " in ");
		if (!in)
			return unparsed(r, "Completed line without 'in Nms'");
		size_t k = number_len(in + 4, end);
		if (!k || in + 4 + k + 2 > end || memcmp(in + 4 + k, "ms", 2) ||
		    parse_ms_us(in + 4, k, &us) < 0)
			return unparsed(r, "Completed line without 'in Nms'");
	} else if (end - p > 3 && memcmp(p, "in ", 3) == 0) {
		p += 3;
		size_t k = number_len(p, end);
		if (!k)
			return unparsed(r, "Completed line without a duration");
		int ms = p + k + 2 <= end && memcmp(p + k, "ms", 2) == 0;
		if ((ms ? parse_ms_us(p, k, &us)
		        : parse_seconds_us(p, k, &us)) < 0)
			return unparsed(r, "Completed line without a duration");
		const char *with = find_str(p, (size_t)(end - p), " with ");
		if (with && digits3(with + 6, end, &status) == 0) {
			/* Rails 3.0 beta */
		} else {
			/* Rails 2: the last "| NNN " before "[url]" */
			for (const char *q = end - 1; q > p; q--) {
				if (q[-1] == '|' && *q == ' ' &&
				    digits3(q + 1, end, &status) == 0)
					break;
			}
			const char *lb = end - 1;
			while (lb > p && *lb != '[')
				lb--;
			if (*lb == '[' && end[-1] == ']') {
				url.p = lb + 1;
				url.n = (size_t)(end - 1 - lb - 1);
			}
		}
		if (status < 0)
			return unparsed(r, "Completed line without a status");
	} else {
		return unparsed(r, "Completed line of an unknown shape");
	}

	uint64_t h = hash_bytes(key, keyn);
	struct pend *e = find(r, key, keyn, h);
	if (!e) {
		/* started before this log began (or evicted, and counted
		 * then): we lack its start. Remember the key as finished,
		 * so its error page is not counted. */
		if (!forget_evicted(r, h))
			r->incomplete[INC_NO_START]++;
		e = start(r, key, keyn);
		e->state = DONE;
		return FEED_NONE;
	}
	if (e->state != OPEN) {
		/* the error page of a request counted already; any other
		 * Completed with no request of its own is one we cannot
		 * pair (interleaved lines without ids) */
		if (!e->redispatched)
			r->incomplete[INC_UNPAIRED]++;
		e->redispatched = 0;
		return FEED_NONE;
	}
	e->state = DONE;
	if (!e->pn && url.n) {
		size_t n = url.n < PATHMAX ? url.n : PATHMAX;
		memcpy(e->path, url.p, n);
		e->pn = (uint16_t)n;
	}
	memset(req, 0, sizeof(*req));
	req->method.p = e->method;
	req->method.n = e->mn;
	request_set_uri(req, e->path, e->pn);
	req->action.p = e->action;
	req->action.n = e->an;
	req->status = status;
	r->status_txt[0] = (char)('0' + status / 100);
	r->status_txt[1] = (char)('0' + status / 10 % 10);
	r->status_txt[2] = (char)('0' + status % 10);
	req->status_txt.p = r->status_txt;
	req->status_txt.n = 3;
	req->latency_us = us;
	req->time = e->time;
	return FEED_REQUEST;
}

int rails_is_request_line(const char *p, size_t n)
{
	logline_t ll;
	logprefix_split(p, n, &ll);
	return (starts_with(ll.msg, "Started ") &&
	        memchr(ll.msg.p, '"', ll.msg.n)) ||
	       starts_with(ll.msg, "Processing ") ||
	       starts_with(ll.msg, "Completed ");
}

int rails_feed(rails_t *r, const char *p, size_t n, request_t *req)
{
	logline_t ll;
	char key[KEYMAX];

	/* cheap test first: most lines are SQL, views and traces */
	logprefix_split(p, n, &ll);
	slice_t m = ll.msg;
	if (m.n < 10 || (m.p[0] != 'S' && m.p[0] != 'P' && m.p[0] != 'C'))
		return FEED_OTHER;
	int kind = starts_with(m, "Started ")      ? 1
	           : starts_with(m, "Processing ") ? 2
	           : starts_with(m, "Completed ")  ? 3
	                                           : 0;
	if (!kind)
		return FEED_OTHER;
	size_t keyn = corr_key(&ll, key);
	switch (kind) {
	case 1:
		return on_started(r, m, key, keyn);
	case 2:
		return on_processing(r, m, key, keyn);
	default:
		return on_completed(r, m, key, keyn, req);
	}
}

void rails_finish(rails_t *r)
{
	if (r->any_open)
		for (int b = 0; b < BUCKETS; b++)
			for (int w = 0; w < WAYS; w++)
				r->incomplete[INC_UNFINISHED] +=
				    r->t[b][w].state == OPEN;
	memset(r->t, 0, sizeof(r->t));
	r->any_open = 0;
}
