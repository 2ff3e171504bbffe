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

static const struct {
	int64_t us;
	const char *text;
} ladder[] = {
    {100000, "100ms"}, {250000, "250ms"}, {300000, "300ms"}, {500000, "500ms"},
    {1000000, "1s"},   {2000000, "2s"},   {5000000, "5s"},
};
#define NLADDER (sizeof(ladder) / sizeof(ladder[0]))

int64_t suggest_threshold(const stats_t *st, int *met)
{
	*met = 0;
	if (!st->lat_count)
		return 0;
	double q = stats_percentile(st, SUGGEST_LAT_Q);
	for (size_t k = 0; k < NLADDER; k++) {
		if ((double)ladder[k].us >= q) {
			*met = 1;
			return ladder[k].us;
		}
	}
	return ladder[NLADDER - 1].us;
}

/* The threshold as the rules write it. */
static const char *threshold_text(int64_t us)
{
	for (size_t k = 0; k < NLADDER; k++)
		if (ladder[k].us == us)
			return ladder[k].text;
	return "300ms";
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
		return "endpoints over max_endpoints";
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

char *suggest_regex_quote(const char *s, size_t n)
{
	sb_t b = {0};
	for (size_t i = 0; i < n; i++) {
		if (strchr("\\^$.|?*+()[]{}", s[i]) && s[i])
			sb_add(&b, "\\", 1);
		sb_add(&b, s + i, 1);
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

/* "^/name$" or "^/(a|b)$" for exact names, "^/dir/" or "^/(a|b)/" for
 * directories (each without its leading slash, quoted), after "|" when
 * b has something already. */
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
		if (len && s[len - 1] == '/')
			len--; /* a directory's */
		char *q = suggest_regex_quote(s, len);
		sb_puts(b, k ? "|" : "");
		sb_puts(b, q);
		free(q);
	}
	sb_puts(b, n > 1 ? ")" : "");
	sb_puts(b, end);
}

/* The rows of noise kind `kind` (static assets, health checks) and a
 * pattern for them into s: their exact paths, and the static
 * directories, as seen: '^/(favicon\.ico|robots\.txt)$|^/assets/'. */
static void noise_pattern(const ctx_t *c, const enum suggest_noise *noise,
                          enum suggest_noise kind, suggest_sli_t *s)
{
	const routes_t *rt = c->rt;
	const char **exact = xmalloc(((size_t)rt->nrows + 1) * sizeof(*exact));
	const char *dirs[sizeof(static_dirs) / sizeof(static_dirs[0])];
	int ne = 0, nd = 0;
	for (int i = 0; i < rt->nrows; i++) {
		if (noise[i] != kind)
			continue;
		s->rows[s->nrows++] = i;
		const char *d = static_dir(c->path[i]);
		int seen = 0;
		for (int k = 0; k < nd && d; k++)
			seen |= dirs[k] == d;
		for (int k = 0; k < ne && !d; k++)
			seen |= slice_eq(c->path[i], exact[k]);
		if (seen)
			continue;
		if (d)
			dirs[nd++] = d;
		else /* the path is the key's tail: NUL-terminated */
			exact[ne++] = c->path[i].p;
	}
	qsort(exact, (size_t)ne, sizeof(*exact), by_str);
	qsort(dirs, (size_t)nd, sizeof(*dirs), by_str);
	sb_t b = {0};
	alternatives(&b, exact, ne, "$");
	alternatives(&b, dirs, nd, "/");
	s->field = "path";
	s->pattern = sb_take(&b);
	free(exact);
}

/* ---- the suggestion ------------------------------------------------------ */

/* The SLI's figures and objectives, from its rows. */
static void judge(const routes_t *rt, suggest_sli_t *s)
{
	for (int k = 0; k < s->nrows; k++) {
		const routes_row_t *r = &rt->rows[s->rows[k]];
		s->requests += r->requests;
		s->bad += r->bad;
		s->s4xx += r->s4xx;
		stats_merge(&s->st, r->st);
	}
	s->objective =
	    suggest_objective(s->requests, s->bad, &s->objective_met);
	s->threshold = suggest_threshold(&s->st, &s->threshold_met);
	s->q_us = s->st.lat_count ? stats_percentile(&s->st, SUGGEST_LAT_Q) : 0;
}

/* The feature of r as an SLI name (64 bytes), apart from the names the
 * suggestion gives itself. */
static void name_of(const routes_row_t *r, char *name)
{
	suggest_feature(r, name, 64);
	if (strcmp(name, "other") == 0 || strcmp(name, "static-assets") == 0 ||
	    strcmp(name, "health-checks") == 0 || strcmp(name, "all") == 0)
		strcat(name, "-routes");
}

typedef struct group {
	char name[64];
	uint64_t requests;
	int *rows;
	int nrows;
} group_t;

static int by_group_requests(const void *a, const void *b)
{
	const group_t *x = a, *y = b;
	if (x->requests != y->requests)
		return x->requests > y->requests ? -1 : 1;
	return strcmp(x->name, y->name);
}

suggest_t *suggest_new(const routes_t *rt)
{
	int n = rt->nrows;
	suggest_t *sg = xcalloc(1, sizeof(*sg));
	sg->rt = rt;
	sg->noise = xcalloc((size_t)n + 1, sizeof(*sg->noise));
	sg->left = xmalloc(((size_t)n + 1) * sizeof(*sg->left));
	ctx_t c = {
	    .rt = rt,
	    .method = xcalloc((size_t)n + 1, sizeof(slice_t)),
	    .path = xcalloc((size_t)n + 1, sizeof(slice_t)),
	    .gid = xmalloc(((size_t)n + 1) * sizeof(int)),
	    .u = xcalloc((size_t)n + 1, 1),
	};

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
			 * commented-out group at the end */
			if (!c.u[i] || sg->noise[i] == SG_HEALTH)
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
	for (int k = 0; k < ng; k++) /* busiest first, as rt */
		qsort(g[k].rows, (size_t)g[k].nrows, sizeof(int), by_int);
	qsort(g, (size_t)ng, sizeof(*g), by_group_requests);

	/* the SLIs: big features, then the small ones as one */
	sg->sli = xcalloc((size_t)ng + 3, sizeof(*sg->sli));
	int nsmall = 0, *small = xmalloc(((size_t)n + 1) * sizeof(int));
	sb_t folded = {0};
	int nfolded = 0;
	for (int k = 0; k < ng; k++) {
		int is_small = (double)g[k].requests <
		               SUGGEST_SMALL * (double)rt->requests;
		for (int j = 0; j < g[k].nrows; j++)
			c.gid[g[k].rows[j]] = is_small ? ng : k;
		if (!is_small)
			continue;
		for (int j = 0; j < g[k].nrows; j++)
			small[nsmall++] = g[k].rows[j];
		if (nfolded++ < LIST_MAX)
			sb_printf(&folded, "%s%s (%llu)", folded.n ? ", " : "",
			          g[k].name, (unsigned long long)g[k].requests);
	}
	if (nfolded > LIST_MAX)
		sb_printf(&folded, " and %d more", nfolded - LIST_MAX);
	for (int k = 0; k < ng; k++) {
		if (c.gid[g[k].rows[0]] != k)
			continue;
		suggest_sli_t *s = &sg->sli[sg->nsli++];
		memcpy(s->name, g[k].name, sizeof(s->name));
		s->kind = SG_KIND_FEATURE;
		make_pattern(&c, k, g[k].rows, g[k].nrows, 0, s, sg->left,
		             &sg->nleft);
	}
	if (nsmall) {
		/* the rows of rt are busiest first: keep them so */
		qsort(small, (size_t)nsmall, sizeof(*small), by_int);
		suggest_sli_t *s = &sg->sli[sg->nsli++];
		snprintf(s->name, sizeof(s->name), "other");
		s->kind = SG_KIND_OTHER;
		s->folded = sb_take(&folded);
		make_pattern(&c, ng, small, nsmall, SUGGEST_OTHER_MAX, s,
		             sg->left, &sg->nleft);
	} else {
		free(folded.p);
	}
	if (nstatic) {
		suggest_sli_t *s = &sg->sli[sg->nsli++];
		snprintf(s->name, sizeof(s->name), "static-assets");
		s->kind = SG_KIND_EXCLUDED;
		s->rows = xmalloc(((size_t)n + 1) * sizeof(*s->rows));
		noise_pattern(&c, sg->noise, SG_STATIC, s);
	}
	if (nhealth) { /* written commented out, for a team to take up */
		sg->health = xcalloc(1, sizeof(*sg->health));
		snprintf(sg->health->name, sizeof(sg->health->name),
		         "health-checks");
		sg->health->rows = xmalloc(((size_t)n + 1) * sizeof(int));
		noise_pattern(&c, sg->noise, SG_HEALTH, sg->health);
	}
	if (!sg->nsli) { /* no request: one SLI to start from */
		suggest_sli_t *s = &sg->sli[sg->nsli++];
		snprintf(s->name, sizeof(s->name), "all");
		s->kind = SG_KIND_ALL;
		s->rows = xmalloc(sizeof(*s->rows));
	}
	for (int k = 0; k < sg->nsli; k++)
		judge(rt, &sg->sli[k]);
	/* the left out in the order of rt: busiest first */
	qsort(sg->left, (size_t)sg->nleft, sizeof(*sg->left), by_int);

	for (int k = 0; k < ng; k++)
		free(g[k].rows);
	free(g);
	free(small);
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

/* Text for a comment: report_display's (no control byte, so no line
 * break ends the comment early). */
static void ctext(FILE *o, const char *s, size_t n)
{
	report_display_put(o, s, n);
}

static void ms_text(char *buf, size_t len, double us)
{
	char b[24];
	report_routes_ms(b, sizeof(b), us);
	snprintf(buf, len, "%sms", b);
}

/* "  #      372  GET /api/v1/employees/:id" for the first rows, then how
 * many more. */
static void route_lines(FILE *o, const routes_t *rt, const int *rows, int n,
                        const enum suggest_noise *noise, const char *indent)
{
	char b[32];
	uint64_t more = 0;
	for (int k = 0; k < n; k++) {
		const routes_row_t *r = &rt->rows[rows[k]];
		if (k >= LIST_MAX) {
			more += r->requests;
			continue;
		}
		fprintf(o, "%s#   %9s  ", indent,
		        report_routes_count(b, r->requests));
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
		        n - LIST_MAX, report_routes_count(b, more),
		        more == 1 ? "" : "s");
}

/* The figures of s as comments: requests, share, 5xx, 4xx, latency. */
static void figures(FILE *o, const routes_t *rt, const suggest_sli_t *s)
{
	char b1[32], b2[32], b3[32], b4[32];
	report_routes_share(b2, sizeof(b2), s->requests, rt->requests);
	report_routes_share(b3, sizeof(b3), s->bad, s->requests);
	fprintf(o, "  # %s request%s (%s of all), %s answered 5xx (%s), ",
	        report_routes_count(b1, s->requests),
	        s->requests == 1 ? "" : "s", b2,
	        report_routes_count(b4, s->bad), b3);
	fprintf(o, "%s 4xx\n", report_routes_count(b1, s->s4xx));
	if (s->requests < SUGGEST_FEW)
		fputs("  # (few requests: a weak guide; look again with more "
		      "logs)\n",
		      o);
	if (s->st.lat_count) {
		ms_text(b1, sizeof(b1), stats_percentile(&s->st, 50));
		ms_text(b2, sizeof(b2), stats_percentile(&s->st, 95));
		ms_text(b3, sizeof(b3), stats_percentile(&s->st, 99));
		ms_text(b4, sizeof(b4), (double)s->st.lat_max_us);
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
	report_routes_share(seen, sizeof(seen), s->bad, s->requests);
	fprintf(o, "    availability:\n      objective: %s", b1);
	if (s->objective_met)
		fprintf(o, "   # 5xx seen: %s, at most half the %s%% allowed\n",
		        seen, b2);
	else
		fprintf(o,
		        "   # NOT met: 5xx seen %s, over half the %s%% "
		        "allowed; look at them first\n",
		        seen, b2);
	if (!s->threshold)
		return;
	ms_text(b1, sizeof(b1), s->q_us);
	fprintf(o, "    latency:\n      - threshold: %s",
	        threshold_text(s->threshold));
	if (s->threshold_met)
		fprintf(o, "   # p%g seen: %s\n", SUGGEST_LAT_Q, b1);
	else
		fprintf(o,
		        "   # NOT met: p%g seen %s, over every threshold "
		        "offered\n",
		        SUGGEST_LAT_Q, b1);
	report_pct(b2, sizeof(b2), SUGGEST_LAT_OBJ / 100);
	fprintf(o, "        objective: %s\n", b2);
}

static void header(FILE *o, const suggest_t *sg, const suggest_src_t *src)
{
	const routes_t *rt = sg->rt;
	const model_input_t *in = &rt->m->in;
	const run_t *run = rt->m->run;
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
	fprintf(o, ": %s request%s", report_routes_count(b1, in->requests),
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
	      "objective of 99%;\n"
	      "# - features under 0.5% of the requests share the SLI "
	      "'other';\n"
	      "# - static assets are in 'static-assets', with no objective "
	      "(nginx or a\n"
	      "#   CDN serves them from files: their speed says little of "
	      "the app's);\n"
	      "# - noise is left out, listed at the end (unmatched): health "
	      "checks, as\n"
	      "#   an SLI commented out, and scanners' probes (endpoints "
	      "nearly all\n"
	      "#   answered 4xx, no app action).\n",
	      o);
	fputs("\nformat: ", o);
	fputs(src && src->format ? src->format : "auto", o);
	fputc('\n', o);
	if (src && src->log_format) {
		fputs("log_format: ", o);
		yq(o, src->log_format);
		fputc('\n', o);
	}
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
			fprintf(o, "  # other: the features under 0.5%% of the "
			           "requests, together: ");
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
			fputs("  # all: no request in the logs, so one SLI "
			      "over everything to start\n"
			      "  # from, with the embedded rules' "
			      "objectives.\n",
			      o);
			break;
		}
		if (s->kind != SG_KIND_ALL) {
			figures(o, rt, s);
			route_lines(o, rt, s->rows, s->nrows,
			            s->kind == SG_KIND_EXCLUDED ? sg->noise
			                                        : NULL,
			            "  ");
		}
		fputs("  - name: ", o);
		yq(o, s->name);
		fputc('\n', o);
		if (s->field) {
			fprintf(o, "    match:\n      %s: ", s->field);
			yq(o, s->pattern);
			fputc('\n', o);
		}
		if (s->kind == SG_KIND_ALL)
			fputs("    availability:\n      objective: 99.9\n"
			      "    latency:\n      - threshold: 300ms\n"
			      "        objective: 99\n",
			      o);
		else if (s->kind != SG_KIND_EXCLUDED)
			objectives(o, s);
	}

	if (!sg->nleft)
		return;
	uint64_t req = 0;
	for (int k = 0; k < sg->nleft; k++)
		req += rt->rows[sg->left[k]].requests;
	fprintf(o,
	        "\n# Left out: no SLI here takes these %s request%s, so "
	        "reports count them\n"
	        "# as unmatched:\n",
	        report_routes_count(b, req), req == 1 ? "" : "s");
	route_lines(o, rt, sg->left, sg->nleft, sg->noise, "");
	if (!sg->health)
		return;
	/* the health checks as an SLI, commented out: uncommented, it
	 * continues the slis: list above */
	fputs("#\n# To watch the health checks anyway, uncomment (load "
	      "balancers ask them\n# every few seconds: keep them out of "
	      "the features' SLIs):\n"
	      "#  - name: 'health-checks'\n#    match:\n#      path: ",
	      o);
	yq(o, sg->health->pattern);
	fputc('\n', o);
}
