/*
 * format_json.c - JSON lines, tokenised by jsmn (Debian's libjsmn-dev):
 * a tokenizer that writes token offsets into an array we own, so a line
 * is read in place with no allocation. Only the top-level keys we need are
 * looked at; string values are used as they are unless they hold a
 * backslash escape, which is then decoded into a fixed scratch buffer.
 *
 * Key names come from the rules' `fields:` or default to what nginx JSON
 * templates and lograge write. Numbers may be JSON numbers or strings
 * ("status":"200", "request_time":"0.002"); "-" means none. Bytes >= 0x80
 * pass through (nginx escape=json does not escape them).
 */
#define JSMN_STATIC
#define JSMN_STRICT
#include <jsmn.h>

#include "format_json.h"

#include <stdlib.h>
#include <string.h>

#include "logprefix.h"
#include "timefmt.h"

#define MAXTOK 512

/* What we read, in the order of the names tried for each. */
enum {
	J_METHOD,
	J_PATH,
	J_REQUEST,
	J_STATUS,
	J_LATENCY,
	J_TIME,
	J_CTRL,
	J_ACTION,
	J_HOST,
	J_UA,
	J_QUERY,
	J_N
};

struct name {
	const char *key;
	int what;
	int unit_ms; /* for J_LATENCY: 1 ms, 0 s */
};

/* Defaults, most specific first within each kind. */
static const struct name defaults[] = {
    {"method", J_METHOD, 0},
    {"request_method", J_METHOD, 0},
    {"path", J_PATH, 0},
    {"request_uri", J_PATH, 0},
    {"uri", J_PATH, 0},
    {"request", J_REQUEST, 0},
    {"status", J_STATUS, 0},
    {"status_code", J_STATUS, 0},
    {"duration", J_LATENCY, 1},
    {"duration_ms", J_LATENCY, 1},
    {"request_time", J_LATENCY, 0},
    {"duration_s", J_LATENCY, 0},
    {"time", J_TIME, 0},
    {"timestamp", J_TIME, 0},
    {"@timestamp", J_TIME, 0},
    {"time_iso8601", J_TIME, 0},
    {"time_local", J_TIME, 0},
    {"controller", J_CTRL, 0},
    {"action", J_ACTION, 0},
    {"host", J_HOST, 0},
    {"http_host", J_HOST, 0},
    {"http_user_agent", J_UA, 0},
    {"user_agent", J_UA, 0},
    {"args", J_QUERY, 0},
    {"query_string", J_QUERY, 0},
};

struct jsonfmt {
	struct name names[32];
	int nnames;
	jsmn_parser jp;
	jsmntok_t tok[MAXTOK];
	const char *why;
	int lograge; /* objects with no request in them are other lines */
	char scratch[J_N][512]; /* decoded escaped strings */
	char action[256];
};

static void add(jsonfmt_t *j, const char *key, int what, int unit_ms)
{
	if (j->nnames < (int)(sizeof(j->names) / sizeof(j->names[0])))
		j->names[j->nnames++] = (struct name){key, what, unit_ms};
}

jsonfmt_t *jsonfmt_new(const json_fields_t *f)
{
	jsonfmt_t *j = xcalloc(1, sizeof(*j));
	/* configured names replace the defaults of their kind */
	const char *conf[J_N] = {0};
	if (f) {
		conf[J_METHOD] = f->method;
		conf[J_PATH] = f->path;
		conf[J_REQUEST] = f->request;
		conf[J_STATUS] = f->status;
		conf[J_LATENCY] = f->latency;
		conf[J_TIME] = f->time;
		conf[J_CTRL] = f->controller;
		conf[J_ACTION] = f->action;
	}
	for (int w = 0; w < J_N; w++) {
		if (conf[w]) {
			int ms =
			    f->latency_unit_ms >= 0 ? f->latency_unit_ms : 1;
			add(j, conf[w], w, w == J_LATENCY ? ms : 0);
			continue;
		}
		/* a configured path replaces "request" too, and vice versa */
		if ((w == J_REQUEST && conf[J_PATH]) ||
		    (w == J_PATH && conf[J_REQUEST]))
			continue;
		for (size_t i = 0; i < sizeof(defaults) / sizeof(defaults[0]);
		     i++)
			if (defaults[i].what == w)
				add(j, defaults[i].key, w,
				    w == J_LATENCY && f &&
				            f->latency_unit_ms >= 0
				        ? f->latency_unit_ms
				        : defaults[i].unit_ms);
	}
	return j;
}

void jsonfmt_free(jsonfmt_t *j)
{
	free(j);
}

const char *jsonfmt_why(const jsonfmt_t *j)
{
	return j->why ? j->why : "not a JSON object";
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode the JSON string body s[0..n) into buf (cap bytes; cut there).
 * Returns the decoded length, or -1 for a bad escape. */
static long unescape(const char *s, size_t n, char *buf, size_t cap)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\\') {
			if (++i >= n)
				return -1;
			switch (s[i]) {
			case 'b':
				c = '\b';
				break;
			case 'f':
				c = '\f';
				break;
			case 'n':
				c = '\n';
				break;
			case 'r':
				c = '\r';
				break;
			case 't':
				c = '\t';
				break;
			case 'u': {
				unsigned u = 0;
				for (int k = 1; k <= 4; k++) {
					int h = i + (size_t)k < n
					            ? hexval(s[i + k])
					            : -1;
					if (h < 0)
						return -1;
					u = u * 16 + (unsigned)h;
				}
				i += 4;
				/* UTF-8; a lone surrogate becomes U+FFFD */
				if (u >= 0xd800 && u <= 0xdfff)
					u = 0xfffd;
				char tmp[3];
				size_t k = 0;
				if (u < 0x80) {
					tmp[k++] = (char)u;
				} else if (u < 0x800) {
					tmp[k++] = (char)(0xc0 | u >> 6);
					tmp[k++] = (char)(0x80 | (u & 0x3f));
				} else {
					tmp[k++] = (char)(0xe0 | u >> 12);
					tmp[k++] =
					    (char)(0x80 | (u >> 6 & 0x3f));
					tmp[k++] = (char)(0x80 | (u & 0x3f));
				}
				for (size_t m = 0; m < k && o < cap; m++)
					buf[o++] = tmp[m];
				continue;
			}
			default:
				c = s[i]; /* \" \\ \/ */
			}
		}
		if (o < cap)
			buf[o++] = c;
	}
	return (long)o;
}

/* The text of a value token: a string's body (decoded into scratch if it
 * has escapes) or a primitive's characters. */
static int value_of(jsonfmt_t *j, const char *line, const jsmntok_t *t, int w,
                    slice_t *out)
{
	const char *s = line + t->start;
	size_t n = (size_t)(t->end - t->start);
	if (t->type == JSMN_STRING && memchr(s, '\\', n)) {
		long k = unescape(s, n, j->scratch[w], sizeof(j->scratch[w]));
		if (k < 0)
			return -1;
		s = j->scratch[w];
		n = (size_t)k;
	} else if (t->type != JSMN_STRING && t->type != JSMN_PRIMITIVE) {
		return -1;
	}
	*out = (slice_t){s, n};
	return 0;
}

int jsonfmt_feed(jsonfmt_t *j, const char *line, size_t n, request_t *req)
{
	if (n && line[0] == '{')
		return jsonfmt_feed_object(j, line, n, REQ_NO_TIME, req);
	/* Rails' config.log_tags and the Ruby Logger in front of the
	 * object (lograge's JSON formatter writes exactly this) */
	logline_t ll;
	logprefix_split(line, n, &ll);
	if (ll.msg.n && ll.msg.p[0] == '{') {
		int64_t t = REQ_NO_TIME;
		/* the Logger's local time, read as UTC, when the object
		 * has no time of its own */
		if (ll.time.n && timefmt_iso8601(ll.time.p, ll.time.n, &t) < 0)
			t = REQ_NO_TIME;
		return jsonfmt_feed_object(j, ll.msg.p, ll.msg.n, t, req);
	}
	if (ll.msg.n && (ll.time.n || ll.tags.n || ll.pid.n))
		return FEED_OTHER; /* the app's other messages */
	j->why = "not a JSON object";
	return FEED_UNPARSED;
}

void jsonfmt_set_lograge(jsonfmt_t *j)
{
	j->lograge = 1;
}

int jsonfmt_feed_object(jsonfmt_t *j, const char *line, size_t n,
                        int64_t fallback_time, request_t *req)
{
	while (n && (line[n - 1] == ' ' || line[n - 1] == '\t'))
		n--;
	if (n == 0 || line[0] != '{') {
		j->why = "not a JSON object";
		return FEED_UNPARSED;
	}
	if (n > 0x7fffffff) {
		j->why = "line too long for JSON";
		return FEED_UNPARSED;
	}
	jsmn_init(&j->jp);
	int nt = jsmn_parse(&j->jp, line, n, j->tok, MAXTOK);
	if (nt < 1 || j->tok[0].type != JSMN_OBJECT ||
	    (size_t)j->tok[0].end != n) {
		j->why = nt == JSMN_ERROR_NOMEM ? "JSON object too large"
		                                : "invalid JSON";
		return FEED_UNPARSED;
	}

	slice_t v[J_N];
	int prio[J_N], unit_ms = 1;
	for (int w = 0; w < J_N; w++) {
		v[w] = SLICE_EMPTY;
		prio[w] = 1 << 30;
	}
	/* walk the top-level pairs; skip nested values by their extent */
	int i = 1;
	while (i < nt) {
		const jsmntok_t *k = &j->tok[i], *val = &j->tok[i + 1];
		if (i + 1 >= nt || k->type != JSMN_STRING) {
			j->why = "invalid JSON";
			return FEED_UNPARSED;
		}
		const char *ks = line + k->start;
		size_t kn = (size_t)(k->end - k->start);
		for (int m = 0; m < j->nnames; m++) {
			const struct name *nm = &j->names[m];
			if (m < prio[nm->what] && strlen(nm->key) == kn &&
			    memcmp(nm->key, ks, kn) == 0) {
				if (value_of(j, line, val, nm->what,
				             &v[nm->what]) < 0) {
					j->why = "bad JSON string escape";
					return FEED_UNPARSED;
				}
				prio[nm->what] = m;
				if (nm->what == J_LATENCY)
					unit_ms = nm->unit_ms;
				break;
			}
		}
		int end = val->end;
		i += 2;
		while (i < nt && j->tok[i].start < end)
			i++;
	}

	/* lograge's files hold other JSON messages too */
	if (j->lograge && !v[J_METHOD].p && !v[J_PATH].p && !v[J_REQUEST].p)
		return FEED_OTHER;
	uint64_t st;
	if (!v[J_STATUS].p || v[J_STATUS].n > 3 ||
	    parse_u64(v[J_STATUS].p, v[J_STATUS].n, &st) < 0) {
		j->why = "JSON object without a numeric status";
		return FEED_UNPARSED;
	}
	memset(req, 0, sizeof(*req));
	req->status = (int)st;
	req->status_txt = v[J_STATUS];
	if (v[J_METHOD].p)
		req->method = v[J_METHOD];
	if (v[J_PATH].p)
		request_set_uri(req, v[J_PATH].p, v[J_PATH].n);
	else if (v[J_REQUEST].p) {
		slice_t keep = req->method;
		request_split_line(req, v[J_REQUEST].p, v[J_REQUEST].n);
		if (keep.p)
			req->method = keep;
	}
	/* nginx's $args in a JSON log_format: "" or "-" when there is none */
	if (v[J_QUERY].n && !(v[J_QUERY].n == 1 && v[J_QUERY].p[0] == '-'))
		req->query = v[J_QUERY];
	req->host = v[J_HOST];
	req->user_agent = v[J_UA];
	req->latency_us = REQ_NO_LATENCY;
	slice_t lat = v[J_LATENCY];
	if (lat.p && !(lat.n == 1 && lat.p[0] == '-') && lat.n) {
		int64_t us;
		if ((unit_ms ? parse_ms_us(lat.p, lat.n, &us)
		             : parse_seconds_us(lat.p, lat.n, &us)) < 0) {
			j->why = "JSON latency is not a number";
			return FEED_UNPARSED;
		}
		req->latency_us = us;
	}
	req->time = fallback_time;
	slice_t t = v[J_TIME];
	if (t.p && !(t.n == 1 && t.p[0] == '-') && t.n) {
		int64_t e, us;
		if (timefmt_iso8601(t.p, t.n, &e) == 0 ||
		    timefmt_clf(t.p, t.n, &e) == 0)
			req->time = e;
		else if (parse_seconds_us(t.p, t.n, &us) == 0)
			req->time = us / 1000000; /* epoch seconds */
		else {
			/* a time that is not one (or a date that does not
			 * exist) is said, never a request without a time */
			j->why = "JSON time is not an ISO 8601, CLF or epoch "
			         "time (see fields: time)";
			return FEED_UNPARSED;
		}
	}
	if (v[J_CTRL].n && v[J_ACTION].n) {
		size_t cn = v[J_CTRL].n < 150 ? v[J_CTRL].n : 150;
		size_t an = v[J_ACTION].n < 100 ? v[J_ACTION].n : 100;
		memcpy(j->action, v[J_CTRL].p, cn);
		j->action[cn] = '#';
		memcpy(j->action + cn + 1, v[J_ACTION].p, an);
		req->action = (slice_t){j->action, cn + 1 + an};
	} else if (v[J_ACTION].n) {
		req->action = v[J_ACTION];
	}
	return FEED_REQUEST;
}
