/*
 * format_nginx.c - compiling nginx log_format strings and parsing lines.
 *
 * Variables are looked up in a sorted table (name -> what we keep, how its
 * value is delimited). Unknown variables are read and skipped, so any
 * format nginx accepts compiles. Escaping: nginx writes '"', '\' and bytes
 * outside 0x20..0x7E as \xHH by default, so a quoted field never contains
 * a raw quote and the first '"' ends it; we never unescape (slices stay
 * in place, and what the rules see is what the log says).
 */
#include "format_nginx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "timefmt.h"

#if defined(__GNUC__)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define ALWAYS_INLINE inline
#endif

enum vkind {
	K_TEXT,       /* ends at the next literal */
	K_NUM,        /* a run of [0-9.-] */
	K_LIST,       /* $upstream_*: items joined by ", " or " : " */
	K_TIME_LOCAL, /* exactly 26 bytes */
};

enum vid {
	V_SKIP,
	V_ARGS,
	V_HOST,
	V_MSEC,
	V_REQUEST,
	V_REQUEST_METHOD,
	V_REQUEST_TIME,
	V_REQUEST_URI,
	V_STATUS,
	V_TIME_ISO8601,
	V_TIME_LOCAL,
	V_UPSTREAM_CONNECT_TIME,
	V_UPSTREAM_HEADER_TIME,
	V_UPSTREAM_RESPONSE_TIME,
	V_URI,
	V_USER_AGENT,
};

struct var {
	const char *name;
	enum vid id;
	enum vkind kind;
};

/* Sorted by name: searched with bsearch. */
static const struct var vars[] = {
    {"args", V_ARGS, K_TEXT},
    {"body_bytes_sent", V_SKIP, K_NUM},
    {"bytes_sent", V_SKIP, K_NUM},
    {"connection", V_SKIP, K_NUM},
    {"connection_requests", V_SKIP, K_NUM},
    {"content_length", V_SKIP, K_TEXT},
    {"gzip_ratio", V_SKIP, K_TEXT},
    {"host", V_HOST, K_TEXT},
    {"http_host", V_HOST, K_TEXT},
    {"http_user_agent", V_USER_AGENT, K_TEXT},
    {"msec", V_MSEC, K_NUM},
    {"pipe", V_SKIP, K_TEXT},
    {"query_string", V_ARGS, K_TEXT},
    {"remote_addr", V_SKIP, K_TEXT},
    {"remote_user", V_SKIP, K_TEXT},
    {"request", V_REQUEST, K_TEXT},
    {"request_length", V_SKIP, K_NUM},
    {"request_method", V_REQUEST_METHOD, K_TEXT},
    {"request_time", V_REQUEST_TIME, K_NUM},
    {"request_uri", V_REQUEST_URI, K_TEXT},
    {"server_name", V_HOST, K_TEXT},
    {"status", V_STATUS, K_NUM},
    {"time_iso8601", V_TIME_ISO8601, K_TEXT},
    {"time_local", V_TIME_LOCAL, K_TIME_LOCAL},
    {"upstream_connect_time", V_UPSTREAM_CONNECT_TIME, K_LIST},
    {"upstream_header_time", V_UPSTREAM_HEADER_TIME, K_LIST},
    {"upstream_response_time", V_UPSTREAM_RESPONSE_TIME, K_LIST},
    {"uri", V_URI, K_TEXT},
};

struct field {
	char *pre; /* literal text before the value */
	size_t pren;
	uint64_t prew, prem; /* pre as a word and its mask, if pren <= 8 */
	const char *next;    /* literal after the value (the next field's pre,
	                        or post); may be empty */
	size_t nextn;
	enum vid id;
	enum vkind kind;
	char *name; /* for messages */
};

struct nginx_fmt {
	struct field *f;
	int nf;        /* fields */
	int nreq;      /* fields [0, nreq) are required, the rest optional */
	int nopt_used; /* optional fields worth reading: up to the last one
	                  that gives latency (their values matter only then) */
	char *post;    /* literal after the last required field */
	size_t postn;
	enum vid lat; /* variable that gives latency */
	int has_lat, has_time;
};

enum why {
	W_LITERAL, /* the literal before the field is not there */
	W_NOEND,   /* the literal after the field never comes */
	W_POST,    /* the literal after the last field is not there */
	W_STATUS,  /* status is not 1-3 digits */
	W_TIME,    /* timestamp malformed */
	W_LATENCY, /* latency is not a number */
};

static int var_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct var *)elem)->name);
}

static void lookup(const char *name, enum vid *id, enum vkind *kind)
{
	const struct var *v =
	    bsearch(name, vars, sizeof(vars) / sizeof(vars[0]), sizeof(vars[0]),
	            var_cmp);
	if (v) {
		*id = v->id;
		*kind = v->kind;
	} else if (strncmp(name, "upstream_", 9) == 0) {
		*id = V_SKIP;
		*kind = K_LIST;
	} else {
		*id = V_SKIP;
		*kind = K_TEXT;
	}
}

static int is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* Append the fields of text s to f; the literal before the first field
 * is appended to *lit (which carries over from the previous call). */
static int compile_into(nginx_fmt_t *f, const char *s, size_t base, char **lit,
                        size_t *litn, char *err, size_t errlen, size_t *erroff)
{
	size_t i = 0, n = strlen(s);

	while (i < n) {
		if (s[i] != '$') {
			*lit = xrealloc(*lit, *litn + 2);
			(*lit)[(*litn)++] = s[i++];
			(*lit)[*litn] = '\0';
			continue;
		}
		size_t at = i++;
		int braced = i < n && s[i] == '{';
		if (braced)
			i++;
		size_t ns = i;
		while (i < n && is_name_char(s[i]))
			i++;
		size_t nn = i - ns;
		if (braced) {
			if (i >= n || s[i] != '}') {
				snprintf(err, errlen, "unterminated ${...}");
				*erroff = base + at;
				return -1;
			}
			i++;
		}
		if (nn == 0) {
			snprintf(err, errlen,
			         "'$' not followed by a variable "
			         "name");
			*erroff = base + at;
			return -1;
		}
		if (f->nf > 0 && *litn == 0) {
			struct field *prev = &f->f[f->nf - 1];
			if (prev->kind == K_TEXT) {
				snprintf(
				    err, errlen,
				    "$%.*s follows $%s with no text between "
				    "them: the two cannot be told apart",
				    (int)nn, s + ns, prev->name);
				*erroff = base + at;
				return -1;
			}
		}
		f->f = xrealloc(f->f, (size_t)(f->nf + 1) * sizeof(*f->f));
		struct field *fd = &f->f[f->nf++];
		fd->name = xstrndup(s + ns, nn);
		fd->pre = *lit ? *lit : xstrdup("");
		fd->pren = *litn;
		lookup(fd->name, &fd->id, &fd->kind);
		*lit = NULL;
		*litn = 0;
	}
	return 0;
}

nginx_fmt_t *nginx_fmt_compile(const char *fmt, const char *optional_tail,
                               enum latency_src lat, char *err, size_t errlen,
                               size_t *erroff)
{
	nginx_fmt_t *f = xcalloc(1, sizeof(*f));
	char *lit = NULL;
	size_t litn = 0;

	*erroff = 0;
	if (compile_into(f, fmt, 0, &lit, &litn, err, errlen, erroff) < 0)
		goto fail;
	if (f->nf == 0) {
		snprintf(err, errlen, "log_format has no variables");
		goto fail;
	}
	f->nreq = f->nf;
	f->post = lit ? lit : xstrdup("");
	f->postn = litn;
	lit = NULL;
	litn = 0;
	if (optional_tail) {
		if (compile_into(f, optional_tail, 0, &lit, &litn, err, errlen,
		                 erroff) < 0)
			goto fail;
		free(lit); /* text after the last optional field: unused */
		lit = NULL;
		for (int i = f->nreq; i < f->nf; i++) {
			if (f->f[i].kind == K_TEXT) {
				snprintf(err, errlen,
				         "optional field $%s must be a number",
				         f->f[i].name);
				goto fail;
			}
		}
	}

	for (int i = 0; i < f->nf; i++) {
		struct field *fd = &f->f[i];
		if (fd->pren <= 8) {
			unsigned char ones[8];
			memset(ones, 0xff, sizeof(ones));
			fd->prew = fd->prem = 0;
			memcpy(&fd->prew, fd->pre, fd->pren);
			memcpy(&fd->prem, ones, fd->pren);
		}
		int last = i + 1 == f->nreq || i + 1 == f->nf;
		f->f[i].next =
		    last ? (i < f->nreq ? f->post : "") : f->f[i + 1].pre;
		f->f[i].nextn =
		    last ? (i < f->nreq ? f->postn : 0) : f->f[i + 1].pren;
	}

	static const enum vid lat_var[] = {
	    [LAT_REQUEST_TIME] = V_REQUEST_TIME,
	    [LAT_UPSTREAM_RESPONSE_TIME] = V_UPSTREAM_RESPONSE_TIME,
	    [LAT_UPSTREAM_HEADER_TIME] = V_UPSTREAM_HEADER_TIME,
	    [LAT_UPSTREAM_CONNECT_TIME] = V_UPSTREAM_CONNECT_TIME,
	};
	f->lat = lat_var[lat];
	f->nopt_used = f->nreq;
	for (int i = 0; i < f->nf; i++) {
		if (f->f[i].id == f->lat) {
			f->has_lat = 1;
			if (i >= f->nreq)
				f->nopt_used = i + 1;
		}
		if (f->f[i].id == V_TIME_LOCAL || f->f[i].id == V_MSEC ||
		    f->f[i].id == V_TIME_ISO8601)
			f->has_time = 1;
	}
	return f;
fail:
	free(lit);
	nginx_fmt_free(f);
	return NULL;
}

void nginx_fmt_free(nginx_fmt_t *f)
{
	if (!f)
		return;
	for (int i = 0; i < f->nf; i++) {
		free(f->f[i].pre);
		free(f->f[i].name);
	}
	free(f->f);
	free(f->post);
	free(f);
}

int nginx_fmt_has_latency(const nginx_fmt_t *f)
{
	return f->has_lat;
}

int nginx_fmt_has_time(const nginx_fmt_t *f)
{
	return f->has_time;
}

/* Literals are a few bytes: an inline loop beats a call to memcmp. */
static inline int lit_eq(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

/* 1 if p[0..n) starts with lit. */
static inline int lit_at(const char *p, size_t n, const char *lit, size_t litn)
{
	return n >= litn && lit_eq(p, lit, litn);
}

/* 1 if field fd's literal prefix starts p[0..n): one masked word compare
 * when the literal is short and eight bytes are there to load. */
static inline int pre_at(const struct field *fd, const char *p, size_t n)
{
	if (fd->pren <= 8 && n >= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		return (w & fd->prem) == fd->prew;
	}
	return lit_at(p, n, fd->pre, fd->pren);
}

/* First occurrence of lit (litn > 0) in p[0..n), or NULL. */
static ALWAYS_INLINE const char *find_lit(const char *p, size_t n,
                                          const char *lit, size_t litn)
{
	const char *end = p + n;
	while (p + litn <= end) {
		const char *c = memchr(p, lit[0], (size_t)(end - p));
		if (!c || c + litn > end)
			return NULL;
		if (litn == 1 || lit_eq(c + 1, lit + 1, litn - 1))
			return c;
		p = c + 1;
	}
	return NULL;
}

/* Bytes that may appear in a number field: digits, '.' and '-'. */
static const unsigned char numch[256] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
    ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1, ['.'] = 1, ['-'] = 1,
};

static size_t scan_num(const char *p, size_t n)
{
	size_t i = 0;
	while (i < n && numch[(unsigned char)p[i]])
		i++;
	return i;
}

/* An $upstream_* list: items separated by ", " or " : ". An item is a run
 * of bytes other than ' ', ',' and stop (the first byte of what follows). */
static size_t scan_list(const char *p, size_t n, char stop)
{
	size_t i = 0;
	for (;;) {
		while (i < n && p[i] != ' ' && p[i] != ',' && p[i] != stop)
			i++;
		size_t sep = 0;
		if (i + 2 < n && p[i] == ',' && p[i + 1] == ' ')
			sep = 2;
		else if (i + 3 < n && p[i] == ' ' && p[i + 1] == ':' &&
		         p[i + 2] == ' ')
			sep = 3;
		if (!sep || p[i + sep] == ' ' || p[i + sep] == ',' ||
		    p[i + sep] == stop)
			return i;
		i += sep;
	}
}

/* Sum of the times in a list; '-' entries are skipped. Returns 0 and sets
 * *us (REQ_NO_LATENCY when every entry is '-'), -1 when an entry is not a
 * time. */
static int list_time(const char *p, size_t n, int64_t *us)
{
	int64_t sum = 0;
	int any = 0;
	size_t i = 0;

	while (i <= n) {
		size_t j = i;
		while (j < n && p[j] != ',' && p[j] != ':')
			j++;
		size_t a = i, b = j;
		while (a < b && p[a] == ' ')
			a++;
		while (b > a && p[b - 1] == ' ')
			b--;
		if (!(b - a == 1 && p[a] == '-')) {
			int64_t v;
			if (parse_seconds_us(p + a, b - a, &v) < 0)
				return -1;
			sum += v;
			any = 1;
		}
		i = j + 1;
	}
	*us = any ? sum : REQ_NO_LATENCY;
	return 0;
}

/* 1 if a value that is no nginx time tries to be a number of seconds:
 * negative, an exponent, NaN or infinity (a whole number is not: it may
 * be ingress-nginx's $request_length). */
static int bogus_time(const char *p, size_t n)
{
	if (n >= 2 && (p[0] == '-' || p[0] == '+') && p[1] >= '0' &&
	    p[1] <= '9')
		return 1;
	int digits = 0, exp = 0, dot = 0;
	for (size_t i = 0; i < n; i++) {
		digits |= p[i] >= '0' && p[i] <= '9';
		exp |= (p[i] == 'e' || p[i] == 'E') && i > 0;
		dot |= p[i] == '.';
	}
	/* "1e308", and "0.010abc": a time with something after it */
	if (digits && (exp || (dot && p[0] >= '0' && p[0] <= '9')))
		return 1;
	static const char *const words[] = {"nan", "-nan", "inf", "-inf",
	                                    "infinity"};
	for (size_t w = 0; w < sizeof(words) / sizeof(words[0]); w++)
		if (n == strlen(words[w]) && strncasecmp(p, words[w], n) == 0)
			return 1;
	return 0;
}

/* 1 if every item of a list is "-" or digits '.' digits, as nginx writes
 * $request_time and $upstream_*_time. */
static int nginx_times(const char *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if (p[i] == '-') {
			i++;
		} else {
			size_t d = i;
			while (i < n && p[i] >= '0' && p[i] <= '9')
				i++;
			if (i == d || i + 1 >= n || p[i] != '.')
				return 0;
			d = ++i;
			while (i < n && p[i] >= '0' && p[i] <= '9')
				i++;
			if (i == d)
				return 0;
		}
		while (i < n && (p[i] == ',' || p[i] == ':' || p[i] == ' '))
			i++;
	}
	return n > 0;
}

/* Store field fd's value v in req. Returns 0, or a W_* code. Inlined
 * into the parse loop, like value_len: they run for every field of every
 * line. */
static ALWAYS_INLINE int assign(const nginx_fmt_t *f, nginx_ctx_t *ctx,
                                const struct field *fd, slice_t v,
                                request_t *req)
{
	switch (fd->id) {
	case V_SKIP:
		break;
	case V_STATUS: {
		uint64_t s;
		if (v.n == 3 && (unsigned)(v.p[0] - '0') < 10 &&
		    (unsigned)(v.p[1] - '0') < 10 &&
		    (unsigned)(v.p[2] - '0') < 10) /* the usual case */
			s = (uint64_t)((v.p[0] - '0') * 100 +
			               (v.p[1] - '0') * 10 + (v.p[2] - '0'));
		else if (v.n > 3 || parse_u64(v.p, v.n, &s) < 0)
			return W_STATUS;
		req->status = (int)s;
		req->status_txt = v;
		break;
	}
	case V_REQUEST:
		request_split_line(req, v.p, v.n);
		break;
	case V_REQUEST_METHOD:
		req->method = v;
		break;
	case V_REQUEST_URI:
	case V_URI:
		request_set_uri(req, v.p, v.n);
		break;
	case V_ARGS: /* "-" when there is none */
		if (!(v.n == 1 && v.p[0] == '-'))
			req->query = v;
		break;
	case V_HOST:
		req->host = v;
		break;
	case V_USER_AGENT:
		req->user_agent = v;
		break;
	case V_TIME_LOCAL:
		if (ctx && ctx->tvalid && v.n == 26 &&
		    memcmp(v.p, ctx->tkey, 26) == 0) {
			req->time = ctx->tval;
			break;
		}
		if (timefmt_clf(v.p, v.n, &req->time) < 0)
			return W_TIME;
		if (ctx) {
			memcpy(ctx->tkey, v.p, 26);
			ctx->tval = req->time;
			ctx->tvalid = 1;
		}
		break;
	case V_TIME_ISO8601:
		if (timefmt_iso8601(v.p, v.n, &req->time) < 0)
			return W_TIME;
		break;
	case V_MSEC:
		if (timefmt_msec(v.p, v.n, &req->time) < 0)
			return W_TIME;
		break;
	case V_REQUEST_TIME:
	case V_UPSTREAM_RESPONSE_TIME:
	case V_UPSTREAM_HEADER_TIME:
	case V_UPSTREAM_CONNECT_TIME:
		if (fd->id == f->lat) {
			int64_t us;
			if (fd->kind == K_NUM) { /* one value, or "-" */
				if (v.n == 1 && v.p[0] == '-')
					us = REQ_NO_LATENCY;
				else if (parse_seconds_us(v.p, v.n, &us) < 0)
					return W_LATENCY;
			} else if (list_time(v.p, v.n, &us) < 0) {
				return W_LATENCY;
			}
			req->latency_us = us;
		}
		break;
	}
	return 0;
}

/* Length of field fd's value at p (n bytes left); until is the literal
 * that follows (may be empty). Returns (size_t)-1 when it never ends. */
static ALWAYS_INLINE size_t value_len(const struct field *fd, const char *p,
                                      size_t n, const char *until,
                                      size_t untiln, int *seen)
{
	*seen = 0; /* 1: until is known to follow the value */
	switch (fd->kind) {
	case K_NUM: {
		/* the digits, when the literal follows them (nearly always);
		 * otherwise, as for text, up to the literal: "242 223" for a
		 * $body_bytes_sent whose line has more fields than the format
		 */
		size_t len = scan_num(p, n);
		if (untiln == 0) {
			/* the last field: up to a space, so that "1e308" or
			 * "200x" is read whole and rejected, not cut short */
			const char *sp = memchr(p, ' ', n);
			*seen = 1;
			return sp ? (size_t)(sp - p) : n;
		}
		if (lit_at(p + len, n - len, until, untiln)) {
			*seen = 1;
			return len;
		}
		const char *e = find_lit(p, n, until, untiln);
		*seen = e != NULL;
		return e ? (size_t)(e - p) : len; /* the caller says why */
	}
	case K_LIST:
		return scan_list(p, n, untiln ? until[0] : ' ');
	case K_TIME_LOCAL:
		return n >= 26 ? 26 : (size_t)-1;
	case K_TEXT:
		break;
	}
	if (untiln == 0)
		return n;
	const char *e = find_lit(p, n, until, untiln);
	*seen = 1;
	return e ? (size_t)(e - p) : (size_t)-1;
}

/*
 * The usual optional latency, read at once: 1 to 6 digits, '.', 3 digits
 * ("0.040"), ending the line or followed by a space and fd's next literal
 * (or by a space when fd is the last field). Returns its length with *us
 * set, or 0 for anything else, which the general path then reads. On
 * such a value the general path gives the same: value_len ends it there
 * (the digits, then the literal or the end), nginx_times accepts it and
 * parse_seconds_us reads it the same way; this way it is scanned once,
 * not three times (4% of a line's instructions).
 */
static size_t lat_ms(const struct field *fd, const char *p, size_t n,
                     int64_t *us)
{
	size_t d = 0;
	int64_t v = 0;
	while (d < n && d < 7 && (unsigned)(p[d] - '0') < 10)
		v = v * 10 + (p[d++] - '0');
	if (d == 0 || d > 6 || d + 4 > n || p[d] != '.' ||
	    (unsigned)(p[d + 1] - '0') >= 10 ||
	    (unsigned)(p[d + 2] - '0') >= 10 ||
	    (unsigned)(p[d + 3] - '0') >= 10)
		return 0;
	size_t len = d + 4;
	if (len < n &&
	    (p[len] != ' ' ||
	     (fd->nextn && !lit_at(p + len, n - len, fd->next, fd->nextn))))
		return 0;
	v = v * 1000 + (p[d + 1] - '0') * 100 + (p[d + 2] - '0') * 10 +
	    (p[d + 3] - '0');
	*us = v * 1000;
	return len;
}

static int fail(nginx_perr_t *e, int field, int why, size_t col)
{
	e->field = field;
	e->why = why;
	e->col = col;
	return -1;
}

int nginx_parse(const nginx_fmt_t *f, nginx_ctx_t *ctx, const char *p, size_t n,
                request_t *req, nginx_perr_t *e)
{
	size_t pos = 0;

	/* member by member: a memset of the 136 bytes compiles to rep stos,
	 * whose start-up alone cost 3% of a single-thread run */
	req->method = req->path = req->query = SLICE_EMPTY;
	req->status_txt = req->host = req->user_agent = SLICE_EMPTY;
	req->action = SLICE_EMPTY;
	req->status = 0;
	req->latency_us = REQ_NO_LATENCY;
	req->time = REQ_NO_TIME;

	/* seen: the previous value_len already found this field's literal
	 * prefix right after the previous value; no need to compare again */
	int seen = 0;
	for (int i = 0; i < f->nreq; i++) {
		const struct field *fd = &f->f[i];
		if (!seen && !pre_at(fd, p + pos, n - pos))
			return fail(e, i, W_LITERAL, pos);
		pos += fd->pren;
		if (fd->id == V_SKIP && fd->kind == K_TEXT && fd->nextn) {
			/* the commonest field: text nobody reads, such as
			 * $remote_addr or $http_referer; just find its end */
			const char *end =
			    find_lit(p + pos, n - pos, fd->next, fd->nextn);
			if (!end)
				return fail(e, i, W_NOEND, pos);
			pos = (size_t)(end - p);
			seen = 1;
			continue;
		}
		size_t len =
		    value_len(fd, p + pos, n - pos, fd->next, fd->nextn, &seen);
		if (len == (size_t)-1)
			return fail(e, i, W_NOEND, pos);
		int w = assign(f, ctx, fd, (slice_t){p + pos, len}, req);
		if (w)
			return fail(e, i, w, pos);
		pos += len;
	}
	if (!seen && !lit_at(p + pos, n - pos, f->post, f->postn))
		return fail(e, f->nreq, W_POST, pos);
	pos += f->postn;

	/* Optional fields: each is used if present and valid. */
	for (int i = f->nreq; i < f->nopt_used; i++) {
		const struct field *fd = &f->f[i];
		if (!pre_at(fd, p + pos, n - pos))
			break;
		size_t at = pos + fd->pren;
		if (fd->id == f->lat && fd->kind == K_NUM) {
			size_t len =
			    lat_ms(fd, p + at, n - at, &req->latency_us);
			if (len) {
				pos = at + len;
				continue;
			}
		}
		size_t len =
		    value_len(fd, p + at, n - at, fd->next, fd->nextn, &seen);
		/* the value must end the line or be followed by a space, and
		 * look like nginx times ("0.123", never "123": that would be
		 * $request_length in an ingress-nginx line) */
		if (len == 0 || len == (size_t)-1 ||
		    (at + len < n && p[at + len] != ' ') ||
		    !nginx_times(p + at, len)) {
			/* "nan", "-1", "1e308" where the latency goes: a
			 * broken value, not an absent one */
			const char *sp = memchr(p + at, ' ', n - at);
			size_t tok = sp ? (size_t)(sp - (p + at)) : n - at;
			if (fd->id == f->lat && bogus_time(p + at, tok))
				return fail(e, i, W_LATENCY, at);
			break;
		}
		int64_t keep = req->latency_us;
		if (assign(f, ctx, fd, (slice_t){p + at, len}, req)) {
			if (fd->id == f->lat)
				return fail(e, i, W_LATENCY, at);
			req->latency_us = keep;
			break;
		}
		pos = at + len;
	}
	return 0;
}

void nginx_perr_describe(const nginx_fmt_t *f, const nginx_perr_t *e, char *buf,
                         size_t len)
{
	const char *name = e->field < f->nf ? f->f[e->field].name : "";
	size_t col = e->col + 1;

	switch (e->why) {
	case W_LITERAL:
		if (e->col == 0 && e->field == 0)
			snprintf(buf, len, "line does not start with \"%s\"",
			         f->f[0].pre);
		else
			snprintf(buf, len,
			         "expected \"%s\" before $%s at column %zu",
			         f->f[e->field].pre, name, col);
		break;
	case W_NOEND: {
		const char *next =
		    e->field + 1 < f->nreq ? f->f[e->field + 1].pre : f->post;
		if (f->f[e->field].kind == K_TIME_LOCAL)
			snprintf(buf, len, "line ends inside $%s (column %zu)",
			         name, col);
		else
			snprintf(buf, len,
			         "no \"%s\" after $%s (which starts "
			         "at column %zu)",
			         next, name, col);
		break;
	}
	case W_POST:
		snprintf(buf, len,
		         "expected \"%s\" at column %zu after the last "
		         "field",
		         f->post, col);
		break;
	case W_STATUS:
		snprintf(buf, len, "$status at column %zu is not a number",
		         col);
		break;
	case W_TIME:
		snprintf(buf, len, "$%s at column %zu is not a valid time",
		         name, col);
		break;
	case W_LATENCY:
		snprintf(buf, len, "$%s at column %zu is not a time in seconds",
		         name, col);
		break;
	default:
		snprintf(buf, len, "does not fit the log format");
	}
}
