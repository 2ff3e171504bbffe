/*
 * suggest.c - a starter rules file from the endpoints of the logs (see
 * suggest.h): what is noise, which feature each endpoint is, a match:
 * pattern per SLI that a person can read, and objectives the logs would
 * have met with margin, written as YAML with the figures as comments.
 *
 * The patterns are made from what was seen. A feature's pattern is the
 * shortest path prefixes that take its endpoints and none of another
 * feature's (or of the health checks and static assets): one prefix
 * with no id in it is a path: pattern ('^/attendance(/|$)'); otherwise a
 * route: pattern lists the prefixes and routes, methods grouped per path
 * ('^((GET|POST) /api/v1/employees|GET /api/v1/employees/:id)$'). Route
 * patterns match the endpoint keys as reports print them, so ids stay
 * :id and a pattern never has to guess how route.c normalises.
 */
#include "suggest.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "report.h"

#define LIST_MAX 10 /* routes (and folded features) listed in comments */

/* ---- a growing string ---------------------------------------------------- */

typedef struct sb {
	char *p;
	size_t n, cap;
} sb_t;

static void sb_add(sb_t *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static void sb_puts(sb_t *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

__attribute__((format(printf, 2, 3))) static void
sb_printf(sb_t *b, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n > 0)
		sb_add(b, tmp,
		       (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

/* The string built, owned by the caller ("" when nothing was added). */
static char *sb_take(sb_t *b)
{
	return b->p ? b->p : xstrdup("");
}

/* ---- the figures --------------------------------------------------------- */

double suggest_objective(uint64_t requests, uint64_t bad, int *met)
{
	/* the objectives and the bad requests they allow, per thousand */
	static const struct {
		double objective;
		uint64_t allowed;
	} obj[] = {{99.9, 1}, {99.5, 5}, {99, 10}};
	for (size_t k = 0; k < sizeof(obj) / sizeof(obj[0]); k++) {
		/* bad / requests <= allowed / 1000 / 2 */
		if (bad * 2000 <= obj[k].allowed * requests) {
			*met = 1;
			return obj[k].objective;
		}
	}
	*met = 0;
	return 99;
}

/* the conventional thresholds, in microseconds */
static const int64_t ladder[] = {100000,  250000,  300000, 500000,
                                 1000000, 2000000, 5000000};
#define NLADDER (sizeof(ladder) / sizeof(ladder[0]))

int64_t suggest_threshold(const stats_t *st, int *met)
{
	*met = 0;
	if (!st->lat_count)
		return 0;
	double q = stats_percentile(st, SUGGEST_LAT_Q);
	for (size_t k = 0; k < NLADDER; k++) {
		if ((double)ladder[k] >= q) {
			*met = 1;
			return ladder[k];
		}
	}
	return ladder[NLADDER - 1];
}

/* ---- noise and features -------------------------------------------------- */

/* The method and path of a route key "METHOD /path"; 0 if it is not
 * one ("(invalid request)", "(other)"). */
static int split_key(const routes_row_t *row, slice_t *method, slice_t *path)
{
	const char *sp = memchr(row->key, ' ', row->keyn);
	if (!sp || sp == row->key || (size_t)(sp - row->key) + 1 >= row->keyn ||
	    sp[1] != '/')
		return 0;
	*method = (slice_t){row->key, (size_t)(sp - row->key)};
	*path = (slice_t){sp + 1, row->keyn - (size_t)(sp - row->key) - 1};
	return 1;
}

static int starts(slice_t s, const char *prefix)
{
	size_t n = strlen(prefix);
	return s.n >= n && memcmp(s.p, prefix, n) == 0;
}

/* Paths that are a health check: load balancers and orchestrators ask
 * them every few seconds, so they would swamp any SLI they are in. */
static const char *const health_paths[] = {
    "/up",           "/health",  "/healthz", "/healthcheck",
    "/health_check", "/_health", "/livez",   "/readyz",
    "/ping",         "/status",  NULL};
/* Static assets: served by nginx or a CDN from files, so their speed
 * says nothing of the app's. */
static const char *const static_dirs[] = {"/assets/", "/packs/", NULL};
static const char *const static_files[] = {"/favicon.ico", "/robots.txt", NULL};
#define TOUCH_ICON "/apple-touch-icon"

static int in_list(slice_t path, const char *const *list)
{
	for (int k = 0; list[k]; k++)
		if (slice_eq(path, list[k]))
			return 1;
	return 0;
}

/* The static directory path is in ("/assets/"), or NULL. */
static const char *static_dir(slice_t path)
{
	for (int k = 0; static_dirs[k]; k++)
		if (starts(path, static_dirs[k]))
			return static_dirs[k];
	return NULL;
}

enum suggest_noise suggest_noise(const routes_row_t *row)
{
	slice_t method, path;
	if (row->other)
		return SG_OVERFLOW;
	if (!split_key(row, &method, &path))
		return SG_INVALID;
	if (in_list(path, health_paths))
		return SG_HEALTH;
	if (static_dir(path) || in_list(path, static_files) ||
	    starts(path, TOUCH_ICON))
		return SG_STATIC;
	/* a scanner's probes (/wp-login.php, /.env) are answered 404; an
	 * endpoint the app routed (it named an action) is the app's, even
	 * when it is all 404s (records not found) */
	if (!*row->action && row->requests &&
	    row->s4xx * 10 >= row->requests * 9)
		return SG_SCANNER;
	return SG_FEATURE;
}

const char *suggest_noise_reason(enum suggest_noise n)
{
	switch (n) {
	case SG_HEALTH:
		return "health check";
	case SG_STATIC:
		return "static asset";
	case SG_SCANNER:
		return "scanner: nearly all answered 4xx, no app action";
	case SG_INVALID:
		return "no usable method and path";
	case SG_OVERFLOW:
		return "endpoints beyond max_endpoints, not seen one by one";
	default:
		return "feature";
	}
}

static int is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static int is_lower_digit(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* s[0..n) as a name: lowercase letters, digits, single dashes between
 * words, CamelCase words apart if camel ("LeaveRequests" ->
 * "leave-requests", "HTMLPages" -> "html-pages"). Returns the length. */
static size_t slug(const char *s, size_t n, char *out, size_t cap, int camel)
{
	size_t o = 0;
	int dash = 0; /* a dash is due before the next letter or digit */
	for (size_t i = 0; i < n && o + 2 < cap; i++) {
		char c = s[i];
		if (!is_upper(c) && !is_lower_digit(c)) {
			dash = 1;
			continue;
		}
		if (camel && is_upper(c) && i > 0 &&
		    (is_lower_digit(s[i - 1]) ||
		     (is_upper(s[i - 1]) && i + 1 < n && s[i + 1] >= 'a' &&
		      s[i + 1] <= 'z')))
			dash = 1;
		if (dash && o)
			out[o++] = '-';
		dash = 0;
		out[o++] = is_upper(c) ? (char)(c - 'A' + 'a') : c;
	}
	out[o] = '\0';
	return o;
}

/* A segment a feature's name goes past: "api", a version ("v1"). */
static int namespace_seg(const char *s, size_t n)
{
	if (n == 3 && (memcmp(s, "api", 3) == 0 || memcmp(s, "API", 3) == 0))
		return 1;
	if (n < 2 || (s[0] != 'v' && s[0] != 'V'))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* The length of path's feature base: its segments up to the first past
 * "api" and versions ("/api/v1/employees" of "/api/v1/employees/:id"). */
static size_t feature_base(slice_t path)
{
	size_t end = 0;
	for (size_t i = 1; i <= path.n; i++) {
		if (i < path.n && path.p[i] != '/')
			continue;
		size_t from = end + 1;
		end = i;
		if (i > from && !namespace_seg(path.p + from, i - from))
			break;
	}
	return end;
}

size_t suggest_feature(const routes_row_t *row, char *name, size_t cap)
{
	const size_t max = cap < 49 ? cap : 49; /* names stay short */
	size_t len = 0;
	if (*row->action) {
		const char *a = row->action, *h = strchr(a, '#');
		size_t n = h ? (size_t)(h - a) : strlen(a);
		if (n > 10 && memcmp(a + n - 10, "Controller", 10) == 0)
			n -= 10;
		len = slug(a, n, name, max, 1);
	}
	slice_t method, path;
	if (!len && split_key(row, &method, &path))
		len = slug(path.p, feature_base(path), name, max, 0);
	if (!len)
		len = (size_t)snprintf(name, cap, "root");
	return len;
}

/*
 * The length of the character at p (n bytes left) if a YAML single-quoted
 * scalar or a comment cannot carry it as it is, else 0. The YAML reader
 * refuses control bytes, bytes that are not UTF-8 and the C1 controls but
 * NEL (U+0085), and takes NEL, U+2028 and U+2029 for line breaks: in a
 * pattern they would fold into a space, in a comment they end it and
 * the rest of the line becomes YAML. U+FEFF is a byte order mark to it,
 * U+FFFE and U+FFFF are no characters; none of them shows in a text
 * editor either.
 */
static size_t unsafe(const unsigned char *p, size_t n)
{
	size_t k = utf8_seq(p, n);
	if (k == 0)
		return 1;
	if (k == 1)
		return p[0] < 0x20 || p[0] == 0x7f;
	if (k == 2)
		return p[0] == 0xC2 && p[1] < 0xA0 ? 2 : 0;
	if (k == 3 &&
	    ((p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) ||
	     (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) ||
	     (p[0] == 0xEF && p[1] == 0xBF && p[2] >= 0xBE)))
		return 3;
	return 0;
}

/* The k bytes at p as the text "\xHH" each: a PCRE2 escape (without
 * PCRE2_UTF one byte each), and how report_display shows bytes. */
static void sb_hex(sb_t *b, const unsigned char *p, size_t k)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < k; i++) {
		char e[4] = {'\\', 'x', hex[p[i] >> 4], hex[p[i] & 15]};
		sb_add(b, e, sizeof(e));
	}
}

char *suggest_regex_quote(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	sb_t b = {0};
	for (size_t i = 0; i < n;) {
		size_t k = unsafe(u + i, n - i);
		if (k) {
			sb_hex(&b, u + i, k);
			i += k;
			continue;
		}
		/* a character of several bytes is copied whole: its
		 * bytes past the first are no characters of their own */
		k = utf8_seq(u + i, n - i);
		if (k == 1 && strchr("\\^$.|?*+()[]{}", s[i]))
			sb_add(&b, "\\", 1);
		sb_add(&b, s + i, k);
		i += k;
	}
	return sb_take(&b);
}

/* ---- patterns ------------------------------------------------------------ */

static int by_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int by_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

#define MAX_METHODS 16

/* One alternative of a pattern: every method and path below a prefix,
 * or the methods seen on one path. */
typedef struct term {
	int prefix;
	slice_t path;
	slice_t m[MAX_METHODS]; /* the methods seen */
	int nm;
	int opt_id; /* an exact path that also stands for path + "/:id" */
	uint64_t requests;
	int dead; /* merged into another */
} term_t;

/* What the patterns are made against: every row's method and path, and
 * which group it is in (-1: none); u: the rows a pattern must not take
 * unless they are its own (features and the excluded). */
typedef struct ctx {
	const routes_t *rt;
	slice_t *method, *path;
	int *gid;
	unsigned char *u;
} ctx_t;

/* Whether path is p or below it: as '^p(/|$)' and 'p(/.*)?$' say. */
static int under(slice_t path, const char *p, size_t pn)
{
	return path.n >= pn && memcmp(path.p, p, pn) == 0 &&
	       (path.n == pn || path.p[pn] == '/');
}

/* Whether every row of u under p is in group g, and how many different
 * paths of g are under it (counted up to 2). */
static int pure(const ctx_t *c, int g, const char *p, size_t pn, int *paths)
{
	slice_t first = SLICE_EMPTY;
	*paths = 0;
	for (int i = 0; i < c->rt->nrows; i++) {
		if (!c->u[i] || !under(c->path[i], p, pn))
			continue;
		if (c->gid[i] != g)
			return 0;
		if (*paths == 0) {
			first = c->path[i];
			*paths = 1;
		} else if (*paths == 1 &&
		           (first.n != c->path[i].n ||
		            memcmp(first.p, c->path[i].p, first.n) != 0)) {
			*paths = 2;
		}
	}
	return 1;
}

static void add_method(term_t *t, slice_t m)
{
	for (int k = 0; k < t->nm; k++)
		if (t->m[k].n == m.n && memcmp(t->m[k].p, m.p, m.n) == 0)
			return;
	if (t->nm < MAX_METHODS)
		t->m[t->nm++] = m;
}

static int same_slice(slice_t a, slice_t b)
{
	return a.n == b.n && memcmp(a.p, b.p, a.n) == 0;
}

/* The term of prefix (or exact path) p in t[0..*n), added if new. */
static int term_of(term_t *t, int *n, int prefix, slice_t p)
{
	for (int k = 0; k < *n; k++)
		if (t[k].prefix == prefix && same_slice(t[k].path, p))
			return k;
	t[*n] = (term_t){.prefix = prefix, .path = p};
	return (*n)++;
}

/* Methods in the order people write them, others after by name. */
static int method_rank(slice_t m)
{
	static const char *const order[] = {"GET",   "HEAD",   "POST",    "PUT",
	                                    "PATCH", "DELETE", "OPTIONS", NULL};
	for (int k = 0; order[k]; k++)
		if (slice_eq(m, order[k]))
			return k;
	return 100;
}

static int by_method(const void *a, const void *b)
{
	const slice_t *x = a, *y = b;
	int rx = method_rank(*x), ry = method_rank(*y);
	if (rx != ry)
		return rx - ry;
	size_t n = x->n < y->n ? x->n : y->n;
	int c = memcmp(x->p, y->p, n);
	return c ? c : (x->n > y->n) - (x->n < y->n);
}

static int same_methods(term_t *a, term_t *b)
{
	if (a->nm != b->nm)
		return 0;
	for (int k = 0; k < a->nm; k++)
		if (!same_slice(a->m[k], b->m[k]))
			return 0;
	return 1;
}

static int by_path(const void *a, const void *b)
{
	const term_t *x = *(const term_t *const *)a,
	             *y = *(const term_t *const *)b;
	size_t n = x->path.n < y->path.n ? x->path.n : y->path.n;
	int c = memcmp(x->path.p, y->path.p, n);
	if (c)
		return c;
	if (x->path.n != y->path.n)
		return x->path.n < y->path.n ? -1 : 1;
	return x->prefix - y->prefix;
}

static int by_requests(const void *a, const void *b)
{
	const term_t *x = *(const term_t *const *)a,
	             *y = *(const term_t *const *)b;
	if (x->requests != y->requests)
		return x->requests > y->requests ? -1 : 1;
	return by_path(a, b);
}

/* Whether a path could be matched as the raw path: no id placeholder
 * (":id") and no escaped byte ("\xHH") of the endpoint keys in it. */
static int plain(slice_t p)
{
	return !memchr(p.p, ':', p.n) && !memchr(p.p, '\\', p.n);
}

/* "GET" or "(GET|POST)" */
static void methods_re(sb_t *b, term_t *t)
{
	if (t->nm > 1)
		sb_puts(b, "(");
	for (int k = 0; k < t->nm; k++) {
		char *q = suggest_regex_quote(t->m[k].p, t->m[k].n);
		sb_puts(b, k ? "|" : "");
		sb_puts(b, q);
		free(q);
	}
	if (t->nm > 1)
		sb_puts(b, ")");
}

static void path_re(sb_t *b, slice_t p)
{
	char *q = suggest_regex_quote(p.p, p.n);
	sb_puts(b, q);
	free(q);
}

/*
 * The pattern for the rows of group g (rows[0..n)): into s->field and
 * s->pattern, with s->rows the rows it takes, at most max alternatives
 * (the busiest; 0: no limit); rows it leaves out go to left[*nleft].
 */
static void make_pattern(const ctx_t *c, int g, const int *rows, int n, int max,
                         suggest_sli_t *s, int *left, int *nleft)
{
	term_t *t = xcalloc((size_t)n + 1, sizeof(*t));
	int *tix = xmalloc(((size_t)n + 1) * sizeof(*tix));
	int nt = 0;

	for (int k = 0; k < n; k++) {
		int i = rows[k];
		slice_t p = c->path[i];
		/* the shortest prefix that is all g's, if it has more
		 * than one path of g; else the path itself */
		int prefix = 0;
		size_t pl = 0, from = feature_base(p);
		/* never shallower than the feature's base: "/api" may hold
		 * one feature in these logs, but is no feature's own */
		for (size_t e = from > 2 ? from : 2; e <= p.n; e++) {
			if (e < p.n && p.p[e] != '/')
				continue;
			int paths;
			if (pure(c, g, p.p, e, &paths)) {
				prefix = paths > 1;
				pl = e;
				break;
			}
		}
		slice_t tp = prefix ? (slice_t){p.p, pl} : p;
		tix[k] = term_of(t, &nt, prefix, tp);
	}
	for (int k = 0; k < n; k++) {
		t[tix[k]].requests += c->rt->rows[rows[k]].requests;
		add_method(&t[tix[k]], c->method[rows[k]]);
	}
	for (int k = 0; k < nt; k++)
		qsort(t[k].m, (size_t)t[k].nm, sizeof(t[k].m[0]), by_method);
	/* "GET /x" and "GET /x/:id" as "GET /x(/:id)?" */
	for (int a = 0; a < nt; a++) {
		slice_t p = t[a].path;
		if (t[a].prefix || p.n < 5 ||
		    memcmp(p.p + p.n - 4, "/:id", 4) != 0)
			continue;
		for (int b = 0; b < nt; b++) {
			if (b == a || t[b].prefix || t[b].dead ||
			    !same_slice(t[b].path, (slice_t){p.p, p.n - 4}) ||
			    !same_methods(&t[a], &t[b]))
				continue;
			t[b].opt_id = 1;
			t[b].requests += t[a].requests;
			t[a].dead = 1;
			for (int k = 0; k < n; k++)
				if (tix[k] == a)
					tix[k] = b;
			break;
		}
	}

	term_t **live = xmalloc(((size_t)nt + 1) * sizeof(*live));
	int nl = 0;
	for (int k = 0; k < nt; k++)
		if (!t[k].dead)
			live[nl++] = &t[k];
	if (max && nl > max) {
		qsort(live, (size_t)nl, sizeof(*live), by_requests);
		for (int k = max; k < nl; k++)
			live[k]->dead = 1;
		nl = max;
	}
	qsort(live, (size_t)nl, sizeof(*live), by_path);

	s->rows = xmalloc(((size_t)n + 1) * sizeof(*s->rows));
	for (int k = 0; k < n; k++) {
		if (t[tix[k]].dead)
			left[(*nleft)++] = rows[k];
		else
			s->rows[s->nrows++] = rows[k];
	}

	int all_plain = 1;
	for (int k = 0; k < nl; k++)
		all_plain &= live[k]->prefix && plain(live[k]->path);
	sb_t b = {0};
	sb_puts(&b, "^");
	if (all_plain) {
		/* '^/attendance(/|$)', '^(/a|/b)(/|$)' */
		s->field = "path";
		sb_puts(&b, nl > 1 ? "(" : "");
		for (int k = 0; k < nl; k++) {
			sb_puts(&b, k ? "|" : "");
			path_re(&b, live[k]->path);
		}
		sb_puts(&b, nl > 1 ? ")(/|$)" : "(/|$)");
	} else {
		s->field = "route";
		sb_puts(&b, nl > 1 ? "(" : "");
		for (int k = 0; k < nl; k++) {
			sb_puts(&b, k ? "|" : "");
			methods_re(&b, live[k]);
			sb_puts(&b, " ");
			path_re(&b, live[k]->path);
			if (live[k]->opt_id)
				sb_puts(&b, "(/:id)?");
			if (live[k]->prefix)
				sb_puts(&b, "(/.*)?");
		}
		sb_puts(&b, nl > 1 ? ")$" : "$");
	}
	s->pattern = sb_take(&b);
	free(live);
	free(tix);
	free(t);
}

/* "^/name$" or "^/(a|b)$" for exact names (end "$"), "^/dir/" or
 * "^/(a|b)/" for directories (end "/": names end with theirs),
 * "^/pre" or "^/(pre|fix)" for prefixes (end ""), each name without
 * its leading slash and quoted; after "|" when b has something
 * already. */
static void alternatives(sb_t *b, const char *const *names, int n,
                         const char *end)
{
	if (!n)
		return;
	sb_puts(b, b->n ? "|^/" : "^/");
	sb_puts(b, n > 1 ? "(" : "");
	for (int k = 0; k < n; k++) {
		const char *s = names[k] + 1;
		size_t len = strlen(s);
		if (*end == '/')
			len--; /* the directory's own slash, after the group */
		char *q = suggest_regex_quote(s, len);
		sb_puts(b, k ? "|" : "");
		sb_puts(b, q);
		free(q);
	}
	sb_puts(b, n > 1 ? ")" : "");
	sb_puts(b, end);
}

static int in_names(const char *const *names, int n, const char *s)
{
	for (int k = 0; k < n; k++)
		if (strcmp(names[k], s) == 0)
			return 1;
	return 0;
}

/* Whether one of pre[0..n) starts s (and is shorter, if shorter). */
static int starts_any(const char *s, const char *const *pre, int n, int shorter)
{
	size_t sn = strlen(s);
	for (int j = 0; j < n; j++) {
		size_t l = strlen(pre[j]);
		if ((shorter ? l < sn : l <= sn) && strncmp(s, pre[j], l) == 0)
			return 1;
	}
	return 0;
}

/*
 * The rows of noise kind `kind` (static assets, health checks) and a
 * pattern for them into s: their exact paths, and the static
 * directories, as seen: '^/(favicon\.ico|robots\.txt)$|^/assets/'. The
 * pattern is matched against the raw path, so a path whose key has
 * what the path has not (a placeholder: "/apple-touch-icon-:hash.png";
 * a byte shown as "\xHH", see plain) is taken by the text before it, as
 * a prefix ('^/apple-touch-icon-'): all of the paths under it are noise
 * of the same kind (suggest_noise says so by their start).
 */
static void noise_pattern(const ctx_t *c, const enum suggest_noise *noise,
                          enum suggest_noise kind, suggest_sli_t *s)
{
	const routes_t *rt = c->rt;
	char **names = xmalloc(((size_t)rt->nrows + 1) * sizeof(*names));
	const char **exact = xmalloc(((size_t)rt->nrows + 1) * sizeof(*exact));
	const char **pre = xmalloc(((size_t)rt->nrows + 1) * sizeof(*pre));
	const char *dirs[sizeof(static_dirs) / sizeof(static_dirs[0])];
	int ne = 0, np = 0, nd = 0, nn = 0;
	for (int i = 0; i < rt->nrows; i++) {
		if (noise[i] != kind)
			continue;
		s->rows[s->nrows++] = i;
		const char *d = static_dir(c->path[i]);
		if (d) {
			if (!in_names(dirs, nd, d))
				dirs[nd++] = d;
			continue;
		}
		slice_t p = c->path[i];
		size_t cut = 0;
		while (cut < p.n && plain((slice_t){p.p + cut, 1}))
			cut++;
		char *name = xstrndup(p.p, cut);
		const char **list = cut < p.n ? pre : exact;
		int *nl = cut < p.n ? &np : &ne;
		if (in_names(list, *nl, name)) {
			free(name);
			continue;
		}
		list[(*nl)++] = name;
		names[nn++] = name;
	}
	/* a prefix takes the exact paths and the longer prefixes it
	 * starts (the prefixes are all different) */
	unsigned char *longer = xcalloc((size_t)np + 1, 1);
	for (int k = 0; k < np; k++)
		longer[k] = starts_any(pre[k], pre, np, 1);
	int kept = 0;
	for (int k = 0; k < np; k++)
		if (!longer[k])
			pre[kept++] = pre[k];
	free(longer);
	np = kept;
	kept = 0;
	for (int k = 0; k < ne; k++)
		if (!starts_any(exact[k], pre, np, 0))
			exact[kept++] = exact[k];
	ne = kept;
	qsort(exact, (size_t)ne, sizeof(*exact), by_str);
	qsort(pre, (size_t)np, sizeof(*pre), by_str);
	qsort(dirs, (size_t)nd, sizeof(*dirs), by_str);
	sb_t b = {0};
	alternatives(&b, exact, ne, "$");
	alternatives(&b, pre, np, "");
	alternatives(&b, dirs, nd, "/");
	s->field = "path";
	s->pattern = sb_take(&b);
	free(exact);
	free(pre);
	for (int k = 0; k < nn; k++)
		free(names[k]);
	free(names);
}

/* ---- the suggestion ------------------------------------------------------ */

/* The requests of row i of rt by enum fmt_kind into by (AGG_NFORMATS).
 * routes.h does not carry them, but row i is the model's endpoint i of
 * the census (routes_new), whose census counts them; all 0 for a
 * routes_t with no run behind it. */
static void row_formats(const routes_t *rt, int i, uint64_t *by, uint64_t *lat)
{
	memset(by, 0, AGG_NFORMATS * sizeof(*by));
	memset(lat, 0, AGG_NFORMATS * sizeof(*lat));
	const model_t *m = rt->m;
	if (!m || !m->run || !m->run->agg || !m->rules || !m->rules->nsli)
		return;
	int c = m->rules->nsli - 1;
	if (i >= m->sli[c].nep || m->sli[c].ep[i].ep < 0)
		return;
	const ep_census_t *cen = m->run->agg->s[c].ep[m->sli[c].ep[i].ep].cen;
	if (cen) {
		memcpy(by, cen->by_format, sizeof(cen->by_format));
		memcpy(lat, cen->lat_by_format, sizeof(cen->lat_by_format));
	}
}

/*
 * The format an SLI of rows[0..n) takes, when the logs are of several:
 * an app's request in both its nginx log and its app log would be
 * counted twice. nginx if the rows have nginx requests (nginx sees
 * every request, those that never reached the app too), else the
 * format with most of their requests (of the logs, for no rows).
 * FMT_AUTO, every log's, when the logs are of one format.
 */
static int source_of(const suggest_t *sg, const int *rows, int n)
{
	if (sg->nformats < 2)
		return FMT_AUTO;
	uint64_t by[AGG_NFORMATS] = {0}, any = 0;
	for (int k = 0; k < n; k++)
		for (int f = 0; f < AGG_NFORMATS; f++) {
			by[f] += sg->row_format[rows[k]][f];
			any += sg->row_format[rows[k]][f];
		}
	if (!any)
		memcpy(by, sg->by_format, sizeof(by));
	if (by[FMT_NGINX])
		return FMT_NGINX;
	int best = FMT_AUTO;
	for (int f = 0; f < AGG_NFORMATS; f++)
		if (by[f] > by[best])
			best = f;
	return best;
}

/*
 * The SLI's figures and objectives, from its rows: its requests in the
 * logs it takes, and their 5xx where the rows say (a row in those logs
 * alone), else a bound (its 5xx in every log, up to its requests in
 * those), so that an objective is met with margin however the 5xx
 * fall; 4xx and latency over every log, as the census keeps nothing
 * else apart by format.
 */
static void judge(const suggest_t *sg, suggest_sli_t *s)
{
	const routes_t *rt = sg->rt;
	for (int k = 0; k < s->nrows; k++) {
		const routes_row_t *r = &rt->rows[s->rows[k]];
		uint64_t in = s->format ? sg->row_format[s->rows[k]][s->format]
		                        : r->requests;
		s->requests += in;
		s->bad += r->bad < in ? r->bad : in;
		s->bad_bound |= in && in < r->requests && r->bad;
		s->all_requests += r->requests;
		s->all_bad += r->bad;
		s->s4xx += r->s4xx;
		stats_merge(&s->st, r->st);
	}
	s->objective =
	    suggest_objective(s->requests, s->bad, &s->objective_met);
	s->threshold = suggest_threshold(&s->st, &s->threshold_met);
	s->q_us = s->st.lat_count ? stats_percentile(&s->st, SUGGEST_LAT_Q) : 0;
	/* the latency seen may all be the other logs' (an nginx format
	 * without $request_time beside a Rails log): an objective on the
	 * logs the SLI takes would have nothing to judge */
	if (s->format && s->threshold) {
		uint64_t lat = 0;
		for (int k = 0; k < s->nrows; k++)
			lat += sg->row_lat_format[s->rows[k]][s->format];
		if (!lat) {
			s->threshold = 0;
			s->no_lat_in_format = 1;
		}
	}
}

/* The names the suggestion gives its own SLIs: a feature of one of
 * these names gets "-routes" after it. */
static int own_name(const char *name)
{
	static const char *const own[] = {"other", "static-assets",
	                                  "health-checks", "all", NULL};
	for (int k = 0; own[k]; k++)
		if (strcmp(name, own[k]) == 0)
			return 1;
	/* "other-nginx", ...: other per format */
	if (strncmp(name, "other-", 6) == 0)
		for (int f = FMT_AUTO + 1; f < FMT_NKINDS; f++)
			if (strcmp(name + 6, fmt_name(f)) == 0)
				return 1;
	return 0;
}

/* The feature of r as an SLI name (64 bytes), apart from the names the
 * suggestion gives itself. */
static void name_of(const routes_row_t *r, char *name)
{
	suggest_feature(r, name, 64);
	if (own_name(name))
		strcat(name, "-routes");
}

typedef struct group {
	char name[64];
	uint64_t requests;
	int *rows;
	int nrows;
	int src; /* the format its SLI takes (source_of) */
} group_t;

static int by_group_requests(const void *a, const void *b)
{
	const group_t *x = a, *y = b;
	if (x->requests != y->requests)
		return x->requests > y->requests ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* The small features taking one format: one SLI "other" (per format
 * when the logs are of several and the small features in different
 * ones, so that each takes one). */
typedef struct bucket {
	int src;
	int *rows, nrows;
	sb_t folded;
	int nfolded;
} bucket_t;

suggest_t *suggest_new(const routes_t *rt)
{
	int n = rt->nrows;
	suggest_t *sg = xcalloc(1, sizeof(*sg));
	sg->rt = rt;
	sg->noise = xcalloc((size_t)n + 1, sizeof(*sg->noise));
	sg->left = xmalloc(((size_t)n + 1) * sizeof(*sg->left));
	sg->row_format = xcalloc((size_t)n + 1, sizeof(*sg->row_format));
	sg->row_lat_format =
	    xcalloc((size_t)n + 1, sizeof(*sg->row_lat_format));
	ctx_t c = {
	    .rt = rt,
	    .method = xcalloc((size_t)n + 1, sizeof(slice_t)),
	    .path = xcalloc((size_t)n + 1, sizeof(slice_t)),
	    .gid = xmalloc(((size_t)n + 1) * sizeof(int)),
	    .u = xcalloc((size_t)n + 1, 1),
	};
	for (int i = 0; i < n; i++) {
		row_formats(rt, i, sg->row_format[i], sg->row_lat_format[i]);
		for (int f = 0; f < AGG_NFORMATS; f++)
			sg->by_format[f] += sg->row_format[i][f];
		if (rt->rows[i].other)
			sg->overflow += rt->rows[i].requests;
	}
	for (int f = 0; f < AGG_NFORMATS; f++)
		sg->nformats += sg->by_format[f] > 0;

	/* the features, by name: at most one per row */
	group_t *g = xcalloc((size_t)n + 1, sizeof(*g));
	int ng = 0, nstatic = 0, nhealth = 0;
	for (int i = 0; i < n; i++) {
		const routes_row_t *r = &rt->rows[i];
		sg->noise[i] = suggest_noise(r);
		c.gid[i] = -1;
		split_key(r, &c.method[i], &c.path[i]);
		if (sg->noise[i] == SG_HEALTH || sg->noise[i] == SG_STATIC) {
			c.u[i] = 1; /* no feature's pattern may take them */
			c.gid[i] = -2;
			nstatic += sg->noise[i] == SG_STATIC;
			nhealth += sg->noise[i] == SG_HEALTH;
		}
		if (sg->noise[i] != SG_FEATURE) {
			/* health checks are left out, with scanners: the
			 * commented-out group at the end; (other) is no
			 * endpoint, and the patterns may take some of its
			 * requests */
			if ((!c.u[i] || sg->noise[i] == SG_HEALTH) &&
			    sg->noise[i] != SG_OVERFLOW)
				sg->left[sg->nleft++] = i;
			continue;
		}
		char name[64];
		name_of(r, name);
		int k = 0;
		while (k < ng && strcmp(g[k].name, name) != 0)
			k++;
		if (k == ng) {
			memcpy(g[ng].name, name, sizeof(name));
			g[ng++].rows = xmalloc(((size_t)n + 1) * sizeof(int));
		}
		g[k].rows[g[k].nrows++] = i;
		g[k].requests += r->requests;
		c.u[i] = 1;
	}
	/* an endpoint answered nearly all 4xx beside others of the same
	 * feature is the app's (a PATCH answered 422 next to the GETs of
	 * the resource), not a scanner's probe */
	for (int i = 0; i < n; i++) {
		if (sg->noise[i] != SG_SCANNER)
			continue;
		char name[64];
		name_of(&rt->rows[i], name);
		int k = 0;
		while (k < ng && strcmp(g[k].name, name) != 0)
			k++;
		if (k == ng)
			continue;
		sg->noise[i] = SG_FEATURE;
		g[k].rows[g[k].nrows++] = i;
		g[k].requests += rt->rows[i].requests;
		c.u[i] = 1;
		for (int j = 0; j < sg->nleft; j++)
			if (sg->left[j] == i)
				sg->left[j] = sg->left[--sg->nleft];
	}
	for (int k = 0; k < ng; k++) { /* busiest first, as rt */
		qsort(g[k].rows, (size_t)g[k].nrows, sizeof(int), by_int);
		g[k].src = source_of(sg, g[k].rows, g[k].nrows);
	}
	qsort(g, (size_t)ng, sizeof(*g), by_group_requests);

	/* the SLIs: big features, then the small ones together, per
	 * format they take */
	sg->sli = xcalloc((size_t)ng + AGG_NFORMATS + 3, sizeof(*sg->sli));
	bucket_t bk[AGG_NFORMATS];
	int nb = 0;
	for (int k = 0; k < ng; k++) {
		int is_small = (double)g[k].requests <
		               SUGGEST_SMALL * (double)rt->requests;
		if (!is_small) {
			for (int j = 0; j < g[k].nrows; j++)
				c.gid[g[k].rows[j]] = k;
			continue;
		}
		int b = 0;
		while (b < nb && bk[b].src != g[k].src)
			b++;
		if (b == nb)
			bk[nb++] = (bucket_t){
			    .src = g[k].src,
			    .rows = xmalloc(((size_t)n + 1) * sizeof(int))};
		for (int j = 0; j < g[k].nrows; j++) {
			c.gid[g[k].rows[j]] = ng + b;
			bk[b].rows[bk[b].nrows++] = g[k].rows[j];
		}
		if (bk[b].nfolded++ < LIST_MAX)
			sb_printf(&bk[b].folded, "%s%s (%llu)",
			          bk[b].folded.n ? ", " : "", g[k].name,
			          (unsigned long long)g[k].requests);
	}
	for (int k = 0; k < ng; k++) {
		if (c.gid[g[k].rows[0]] != k)
			continue;
		suggest_sli_t *s = &sg->sli[sg->nsli++];
		memcpy(s->name, g[k].name, sizeof(s->name));
		s->kind = SG_KIND_FEATURE;
		s->format = g[k].src;
		make_pattern(&c, k, g[k].rows, g[k].nrows, 0, s, sg->left,
		             &sg->nleft);
	}
	for (int b = 0; b < nb; b++) {
		if (bk[b].nfolded > LIST_MAX)
			sb_printf(&bk[b].folded, " and %d more",
			          bk[b].nfolded - LIST_MAX);
		/* the rows of rt are busiest first: keep them so */
		qsort(bk[b].rows, (size_t)bk[b].nrows, sizeof(int), by_int);
		suggest_sli_t *s = &sg->sli[sg->nsli++];
		if (nb == 1)
			snprintf(s->name, sizeof(s->name), "other");
		else
			snprintf(s->name, sizeof(s->name), "other-%s",
			         fmt_name(bk[b].src));
		s->kind = SG_KIND_OTHER;
		s->format = bk[b].src;
		make_pattern(&c, ng + b, bk[b].rows, bk[b].nrows,
		             SUGGEST_OTHER_MAX, s, sg->left, &sg->nleft);
		if (s->nrows < bk[b].nrows) {
			/* the pattern keeps to a few alternatives: say which
			 * of the features' routes it leaves out */
			uint64_t out = 0;
			for (int j = 0; j < bk[b].nrows; j++)
				out += rt->rows[bk[b].rows[j]].requests;
			for (int j = 0; j < s->nrows; j++)
				out -= rt->rows[s->rows[j]].requests;
			sb_printf(&bk[b].folded,
			          "; its pattern, at most %d alternatives, "
			          "takes %d of their %d routes: the other %d "
			          "(%llu requests) are left out, listed at the "
			          "end",
			          SUGGEST_OTHER_MAX, s->nrows, bk[b].nrows,
			          bk[b].nrows - s->nrows,
			          (unsigned long long)out);
		}
		s->folded = sb_take(&bk[b].folded);
		free(bk[b].rows);
	}
	if (nstatic) {
		suggest_sli_t *s = &sg->sli[sg->nsli++];
		snprintf(s->name, sizeof(s->name), "static-assets");
		s->kind = SG_KIND_EXCLUDED;
		s->rows = xmalloc(((size_t)n + 1) * sizeof(*s->rows));
		noise_pattern(&c, sg->noise, SG_STATIC, s);
		s->format = source_of(sg, s->rows, s->nrows);
	}
	if (!sg->nsli) {
		/* no feature: no request, or every request noise. One SLI
		 * over everything to start from: it takes the noise, so
		 * nothing is left out */
		suggest_sli_t *s = &sg->sli[sg->nsli++];
		snprintf(s->name, sizeof(s->name), "all");
		s->kind = SG_KIND_ALL;
		s->rows = xmalloc(((size_t)n + 1) * sizeof(*s->rows));
		for (int i = 0; i < n; i++)
			s->rows[s->nrows++] = i;
		s->format = source_of(sg, s->rows, s->nrows);
		sg->nleft = 0;
	} else if (nhealth) {
		/* written commented out, for a team to take up */
		sg->health = xcalloc(1, sizeof(*sg->health));
		snprintf(sg->health->name, sizeof(sg->health->name),
		         "health-checks");
		sg->health->rows = xmalloc(((size_t)n + 1) * sizeof(int));
		noise_pattern(&c, sg->noise, SG_HEALTH, sg->health);
		sg->health->format =
		    source_of(sg, sg->health->rows, sg->health->nrows);
	}
	for (int k = 0; k < sg->nsli; k++)
		judge(sg, &sg->sli[k]);
	/* the left out in the order of rt: busiest first */
	qsort(sg->left, (size_t)sg->nleft, sizeof(*sg->left), by_int);

	for (int k = 0; k < ng; k++)
		free(g[k].rows);
	free(g);
	free(c.method);
	free(c.path);
	free(c.gid);
	free(c.u);
	return sg;
}

void suggest_free(suggest_t *sg)
{
	if (!sg)
		return;
	for (int k = 0; k < sg->nsli; k++) {
		free(sg->sli[k].rows);
		free(sg->sli[k].pattern);
		free(sg->sli[k].folded);
		free(sg->sli[k].st.hist);
	}
	free(sg->sli);
	free(sg->noise);
	free(sg->left);
	free(sg->row_format);
	free(sg->row_lat_format);
	if (sg->health) {
		free(sg->health->rows);
		free(sg->health->pattern);
		free(sg->health);
	}
	free(sg);
}

/* ---- YAML ---------------------------------------------------------------- */

/* A single-quoted YAML scalar: ' doubled, nothing else escaped. */
static void yq(FILE *o, const char *s)
{
	putc('\'', o);
	for (; *s; s++) {
		if (*s == '\'')
			putc('\'', o);
		putc(*s, o);
	}
	putc('\'', o);
}

/* Text for a comment: report_display's (no control byte), and what YAML
 * would take for a line break or refuse (unsafe) as \xHH too, so no
 * comment ends early and the file loads. */
static void ctext(FILE *o, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t from = 0;
	for (size_t i = 0; i < n;) {
		size_t k = unsafe(u + i, n - i);
		if (!k) {
			i += utf8_seq(u + i, n - i);
			continue;
		}
		report_display_put(o, s + from, i - from);
		for (; k; k--, i++)
			fprintf(o, "\\x%02X", u[i]);
		from = i;
	}
	report_display_put(o, s + from, n - from);
}

/*
 * A duration for people: in ms as report's table shows them under 10s
 * ("26.0ms", "3510ms"), else in s, m and h ("12.5s", "39m30s",
 * "2h5m"), so that a websocket open for an hour does not read as
 * millions of ms.
 */
static void dur_text(char *buf, size_t len, double us)
{
	char b[24];
	if (us < 10e6) {
		report_ms(b, sizeof(b), us);
		snprintf(buf, len, "%sms", b);
		return;
	}
	if (us < 60e6) {
		snprintf(buf, len, "%.1fs", us / 1e6);
		return;
	}
	unsigned long long sec = (unsigned long long)(us / 1e6 + 0.5);
	if (sec < 3600) {
		snprintf(buf, len, "%llum%llus", sec / 60, sec % 60);
		return;
	}
	unsigned long long min = (sec + 30) / 60; /* to the nearest */
	snprintf(buf, len, "%lluh%llum", min / 60, min % 60);
}

/* What row i counts in an SLI that takes the logs of format (FMT_AUTO:
 * every log). */
static uint64_t row_requests(const suggest_t *sg, int i, int format)
{
	return format ? sg->row_format[i][format] : sg->rt->rows[i].requests;
}

/* "  #      372  GET /api/v1/employees/:id" for the first rows, then how
 * many more; the requests of the logs of format. */
static void route_lines(FILE *o, const suggest_t *sg, const int *rows, int n,
                        int format, const enum suggest_noise *noise,
                        const char *indent)
{
	const routes_t *rt = sg->rt;
	char b[32];
	uint64_t more = 0;
	for (int k = 0; k < n; k++) {
		const routes_row_t *r = &rt->rows[rows[k]];
		uint64_t req = row_requests(sg, rows[k], format);
		if (k >= LIST_MAX) {
			more += req;
			continue;
		}
		fprintf(o, "%s#   %9s  ", indent, report_grouped(b, req));
		ctext(o, r->key, r->keyn);
		if (*r->action) {
			fputs("  ", o);
			ctext(o, r->action, strlen(r->action));
		}
		/* (the only features among the left out are small ones
		 * past what 'other' lists) */
		if (noise)
			fprintf(o, "  (%s)",
			        noise[rows[k]] != SG_FEATURE
			            ? suggest_noise_reason(noise[rows[k]])
			            : "small feature past what 'other' lists");
		putc('\n', o);
	}
	if (n > LIST_MAX)
		fprintf(o, "%s#   ... %d more, %s request%s\n", indent,
		        n - LIST_MAX, report_grouped(b, more),
		        more == 1 ? "" : "s");
}

/* Which logs s takes, when the logs are of several formats. */
static void source(FILE *o, const suggest_sli_t *s)
{
	if (s->format == FMT_NGINX)
		fputs("  # takes the nginx logs' requests only (match: "
		      "format:): nginx sees\n"
		      "  # every request, those that never reached the app "
		      "too\n",
		      o);
	else if (s->format)
		fprintf(o,
		        "  # takes the %s logs' requests only (match: "
		        "format:): no nginx log\n"
		        "  # has its endpoints, and the %s logs have most "
		        "of their requests\n",
		        fmt_name(s->format), fmt_name(s->format));
}

/* The figures of s as comments: requests, share, 5xx, 4xx, latency. */
static void figures(FILE *o, const suggest_t *sg, const suggest_sli_t *s)
{
	const routes_t *rt = sg->rt;
	char b1[32], b2[32], b3[32], b4[32];
	report_share(b3, sizeof(b3), s->bad, s->requests);
	if (!s->format) {
		report_share(b2, sizeof(b2), s->requests, rt->requests);
		fprintf(o, "  # %s request%s (%s of all), ",
		        report_grouped(b1, s->requests),
		        s->requests == 1 ? "" : "s", b2);
	} else {
		const char *f = fmt_name(s->format);
		report_share(b2, sizeof(b2), s->requests,
		             sg->by_format[s->format]);
		fprintf(o, "  # %s %s request%s (%s of the %s logs'), %s",
		        report_grouped(b1, s->requests), f,
		        s->requests == 1 ? "" : "s", b2, f,
		        s->bad_bound ? "at most " : "");
	}
	fprintf(o, "%s answered 5xx (%s)", report_grouped(b4, s->bad), b3);
	if (s->all_requests == s->requests)
		fprintf(o, ", %s 4xx\n", report_grouped(b1, s->s4xx));
	else
		fputc('\n', o);
	if (s->all_requests != s->requests)
		fprintf(o,
		        "  # in every log, its endpoints have %s requests, %s "
		        "answered 5xx, %s 4xx\n"
		        "  # (the census counts only requests by format: 4xx "
		        "and latency are these)\n",
		        report_grouped(b1, s->all_requests),
		        report_grouped(b2, s->all_bad),
		        report_grouped(b4, s->s4xx));
	if (s->requests < SUGGEST_FEW)
		fputs("  # (few requests: a weak guide; look again with more "
		      "logs)\n",
		      o);
	if (s->st.lat_count) {
		dur_text(b1, sizeof(b1), stats_percentile(&s->st, 50));
		dur_text(b2, sizeof(b2), stats_percentile(&s->st, 95));
		dur_text(b3, sizeof(b3), stats_percentile(&s->st, 99));
		dur_text(b4, sizeof(b4), (double)s->st.lat_max_us);
		fprintf(o, "  # latency p50 %s, p95 %s, p99 %s, max %s\n", b1,
		        b2, b3, b4);
	} else {
		fputs("  # no latency in these logs\n", o);
	}
}

static void objectives(FILE *o, const suggest_sli_t *s)
{
	char b1[32], b2[32], seen[32];
	report_pct(b1, sizeof(b1), s->objective / 100);
	report_pct(b2, sizeof(b2), (100 - s->objective) / 100);
	report_share(seen, sizeof(seen), s->bad, s->requests);
	fprintf(o, "    availability:\n      objective: %s", b1);
	if (s->objective_met)
		fprintf(o,
		        "   # 5xx seen: %s%s, at most half the %s%% allowed\n",
		        s->bad_bound ? "at most " : "", seen, b2);
	else
		fprintf(o,
		        "   # NOT met: 5xx seen %s%s, over half the %s%% "
		        "allowed; look at them first\n",
		        s->bad_bound ? "up to " : "", seen, b2);
	if (s->no_lat_in_format)
		fprintf(o,
		        "    # no latency objective: the %s logs it takes "
		        "carry no latency\n",
		        fmt_name((enum fmt_kind)s->format));
	if (!s->threshold)
		return;
	char thr[32];
	dur_text(b1, sizeof(b1), s->q_us);
	report_duration(thr, sizeof(thr), s->threshold); /* "300ms", "1s" */
	if (!s->threshold_met) {
		/* an objective already spent over the logs it came from is
		 * no starting point: say why there is none */
		fprintf(o,
		        "    # p%g was %s, beyond %s: no latency objective "
		        "suggested;\n"
		        "    # long-lived requests such as websockets (101) "
		        "may belong out of\n"
		        "    # this SLI\n",
		        SUGGEST_LAT_Q, b1, thr);
		return;
	}
	fprintf(o, "    latency:\n      - threshold: %s   # p%g seen: %s\n",
	        thr, SUGGEST_LAT_Q, b1);
	report_pct(b2, sizeof(b2), SUGGEST_LAT_OBJ / 100);
	fprintf(o, "        objective: %s\n", b2);
}

static void header(FILE *o, const suggest_t *sg, const suggest_src_t *src)
{
	const routes_t *rt = sg->rt;
	const model_input_t *in = &rt->m->in;
	const run_t *run = rt->m->run;
	const int all = sg->nsli == 1 && sg->sli[0].kind == SG_KIND_ALL;
	char b1[32], b2[32];

	fputs("# Starter SLI rules, suggested by `slicalc routes --suggest` "
	      "from\n# ",
	      o);
	if (!run->nfiles)
		fputs("no file", o);
	for (int i = 0; i < run->nfiles && i < 3; i++) {
		const char *name = strcmp(run->files[i].name, "-") == 0
		                       ? "(standard input)"
		                       : run->files[i].name;
		fputs(i ? ", " : "", o);
		ctext(o, name, strlen(name));
	}
	if (run->nfiles > 3)
		fprintf(o, " and %d more files", run->nfiles - 3);
	fprintf(o, ": %s request%s", report_grouped(b1, in->requests),
	        in->requests == 1 ? "" : "s");
	if (in->tmin != REQ_NO_TIME)
		fprintf(o, "\n# from %s to %s",
		        util_iso8601(in->tmin, b1, sizeof(b1)),
		        util_iso8601(in->tmax, b2, sizeof(b2)));
	fputs(".\n"
	      "#\n"
	      "# A starting point to go through with the team, not a "
	      "verdict: name the\n"
	      "# SLIs after what users do, merge or split them, drop what "
	      "nobody would\n"
	      "# be paged for, and set objectives you are ready to defend. "
	      "Then check\n"
	      "# it against the logs:\n"
	      "#   slicalc check -r THIS_FILE LOGS...\n"
	      "#\n"
	      "# How it was made, from these logs alone:\n"
	      "# - one SLI per feature: the endpoints (method and path, ids "
	      "as :id) of a\n"
	      "#   Rails controller when the logs name it, else those "
	      "under the same\n"
	      "#   leading path segments (past /api and a version); each "
	      "SLI's match:\n"
	      "#   takes its paths and no other SLI's;\n"
	      "# - availability: the strictest of 99.9, 99.5 and 99 whose "
	      "error budget\n"
	      "#   is at least twice the share of 5xx seen (5xx are bad);\n"
	      "# - latency: the smallest of 100ms, 250ms, 300ms, 500ms, 1s, "
	      "2s and 5s\n"
	      "#   that 99.5% of the requests took at most, for an "
	      "objective of 99%\n"
	      "#   (none when even 5s is too short);\n"
	      "# - features under 0.5% of the requests share the SLI "
	      "'other';\n"
	      "# - static assets are in 'static-assets', with no objective "
	      "(nginx or a\n"
	      "#   CDN serves them from files: their speed says little of "
	      "the app's);\n",
	      o);
	if (!all)
		fputs("# - noise is left out, listed at the end (unmatched): "
		      "health checks, as\n"
		      "#   an SLI commented out, and scanners' probes "
		      "(endpoints nearly all\n"
		      "#   answered 4xx, no app action)",
		      o);
	else if (rt->requests)
		fputs("# - noise is no feature (health checks, scanners' "
		      "probes: endpoints\n"
		      "#   nearly all answered 4xx, no app action; requests "
		      "without a usable\n"
		      "#   request line): here every request was noise, so "
		      "one SLI 'all'\n"
		      "#   takes them, listed with it",
		      o);
	else
		fputs("# - no request in the logs: one SLI 'all' over "
		      "everything to start from",
		      o);
	fputs(sg->nformats > 1 ? ";\n" : ".\n", o);
	if (sg->nformats > 1) {
		fputs("# - the logs are of several formats (requests:", o);
		int k = 0;
		for (int f = 0; f < AGG_NFORMATS; f++)
			if (sg->by_format[f])
				fprintf(o, "%s %s %s", k++ ? "," : "",
				        fmt_name(f),
				        report_grouped(b1, sg->by_format[f]));
		fputs("):\n"
		      "#   an app's request in both its nginx log and its "
		      "app log would be\n"
		      "#   counted twice, so each SLI takes the logs of one "
		      "format (match:\n"
		      "#   format:), nginx's where its endpoints have nginx "
		      "requests (nginx\n"
		      "#   sees every request, those that never reached the "
		      "app too), else\n"
		      "#   those of the format with most of their requests; "
		      "the other logs'\n"
		      "#   requests of its endpoints are left unmatched. Its "
		      "requests, share\n"
		      "#   and 5xx count that format, its 4xx and latency "
		      "every log (the census\n"
		      "#   counts only requests by format; so where its "
		      "endpoints are in other\n"
		      "#   logs too, its 5xx are a bound, and the objective "
		      "holds with it).\n",
		      o);
	}
	if (sg->overflow)
		fprintf(o,
		        "#\n"
		        "# Not seen one by one: %s request%s of endpoints "
		        "beyond the bound\n"
		        "# (max_endpoints: %d) were counted together as "
		        "(other). The SLIs'\n"
		        "# figures leave them out, and the patterns above may "
		        "take some of them:\n"
		        "# rerun with a larger --max-endpoints to see them.\n",
		        report_grouped(b1, sg->overflow),
		        sg->overflow == 1 ? "" : "s", rt->max_endpoints);
	fputs("\nformat: ", o);
	fputs(src && src->format ? src->format : "auto", o);
	fputc('\n', o);
	if (src && src->log_format) {
		fputs("log_format: ", o);
		yq(o, src->log_format);
		fputc('\n', o);
	}
	/* the rules' default bound (1000 endpoints per SLI) would fold
	 * these logs' endpoints into "(other)" in reports and in check */
	if (rt->nrows > 1000) {
		int bound = (rt->nrows + 999) / 1000 * 1000;
		fprintf(o,
		        "# these logs have %d endpoints, more than the default "
		        "1000 per SLI\nmax_endpoints: %d\n",
		        rt->nrows, bound);
	}
}

/* The match: of s, with the format it takes; commented out with "#". */
static void match(FILE *o, const suggest_sli_t *s, const char *comment)
{
	if (!s->field && !s->format)
		return;
	fprintf(o, "%s    match:\n", comment);
	if (s->field) {
		fprintf(o, "%s      %s: ", comment, s->field);
		yq(o, s->pattern);
		fputc('\n', o);
	}
	if (s->format)
		fprintf(o, "%s      format: '^%s$'\n", comment,
		        fmt_name(s->format));
}

void suggest_yaml(FILE *o, const suggest_t *sg, const suggest_src_t *src)
{
	const routes_t *rt = sg->rt;
	char b[32];

	header(o, sg, src);
	fputs("\nslis:\n", o);
	for (int k = 0; k < sg->nsli; k++) {
		const suggest_sli_t *s = &sg->sli[k];
		fputs(k ? "\n" : "", o);
		switch (s->kind) {
		case SG_KIND_FEATURE:
			fprintf(o, "  # %s: %d endpoint%s\n", s->name, s->nrows,
			        s->nrows == 1 ? "" : "s");
			break;
		case SG_KIND_OTHER:
			fprintf(o,
			        "  # %s: the features under 0.5%% of the "
			        "requests, together: ",
			        s->name);
			ctext(o, s->folded, strlen(s->folded));
			fputc('\n', o);
			break;
		case SG_KIND_EXCLUDED:
			fputs("  # static-assets: files nginx or a CDN serves. "
			      "No objective: their\n"
			      "  # speed says little of the app's; add one if "
			      "their availability\n"
			      "  # matters to you, or delete the SLI to count "
			      "them as unmatched.\n",
			      o);
			break;
		case SG_KIND_ALL:
			if (!rt->requests)
				fputs("  # all: no request in the logs, so one "
				      "SLI over everything to start\n"
				      "  # from.\n",
				      o);
			else
				fputs("  # all: no feature in the logs: every "
				      "request was noise (listed\n"
				      "  # below), so one SLI over everything "
				      "to start from; narrow its\n"
				      "  # match: or replace it once the logs "
				      "have the app's traffic.\n",
				      o);
			break;
		}
		source(o, s);
		if (s->kind != SG_KIND_ALL || rt->requests) {
			figures(o, sg, s);
			route_lines(o, sg, s->rows, s->nrows, s->format,
			            s->kind == SG_KIND_EXCLUDED ||
			                    s->kind == SG_KIND_ALL
			                ? sg->noise
			                : NULL,
			            "  ");
		}
		fputs("  - name: ", o);
		yq(o, s->name);
		fputc('\n', o);
		match(o, s, "");
		if (s->kind == SG_KIND_ALL && !rt->requests)
			fputs("    availability:\n      objective: 99.9\n", o);
		else if (s->kind != SG_KIND_EXCLUDED)
			objectives(o, s);
	}

	uint64_t req = 0;
	for (int k = 0; k < sg->nleft; k++)
		req += rt->rows[sg->left[k]].requests;
	if (sg->nleft) {
		fprintf(o,
		        "\n# Left out: no SLI here takes %s %s request%s, "
		        "so reports count %s\n"
		        "# as unmatched:\n",
		        req == 1 ? "this" : "these", report_grouped(b, req),
		        req == 1 ? "" : "s", req == 1 ? "it" : "them");
		route_lines(o, sg, sg->left, sg->nleft, FMT_AUTO, sg->noise,
		            "");
	}
	if (sg->overflow)
		fprintf(o,
		        "%s# (other): %s request%s of endpoints beyond "
		        "max_endpoints, not seen one\n"
		        "# by one; the patterns above may take some.\n",
		        sg->nleft ? "#\n" : "\n",
		        report_grouped(b, sg->overflow),
		        sg->overflow == 1 ? "" : "s");
	if (!sg->health)
		return;
	/* the health checks as an SLI, commented out: uncommented, it
	 * continues the slis: list above */
	fputs("#\n# To watch the health checks anyway, uncomment (load "
	      "balancers ask them\n# every few seconds: keep them out of "
	      "the features' SLIs):\n"
	      "#  - name: 'health-checks'\n",
	      o);
	match(o, sg->health, "#");
}
