/*
 * rules.c - YAML rules to compiled SLIs.
 *
 * libyaml loads the whole (small) document into a node tree whose nodes
 * carry their line and column; we walk it with one function per mapping,
 * each checking its keys against a table, so an unknown or misspelt key is
 * an error naming file:line:col instead of a setting silently ignored.
 * Regexes are compiled with PCRE2 and JIT-compiled when the platform
 * allows; a compile error points at the offending character.
 */
#include "rules.h"
#include "multimatch.h"
#include "rules_corr.h"
#include "rules_slo.h"
#include "rules_yaml.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <math.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define DEFAULT_MAX_ENDPOINTS 1000

struct rx {
	pcre2_code *code;
	int jit;
	char *text;    /* the pattern as written */
	int line, col; /* where its value is in the rules file (1-based) */
};

/* In enum match_field's order; NULL-terminated as a key table. */
static const char *const match_names[M_N + 1] = {
    "method", "path",  "status", "host", "user_agent", "query",
    "action", "route", "format", "file", NULL};

/*
 * Limits on one match, so that a pattern that backtracks without end (a
 * nested quantifier over a long path) costs at most a bounded time and
 * says so, instead of quietly counting as "no match": PCRE2's match limit
 * (backtracking steps, also enforced by the JIT) and depth limit, and a
 * JIT stack large enough for patterns like ^(/[a-z0-9]+)*$ over paths of
 * thousands of characters (PCRE2's default is 32 KiB on the C stack).
 */
#define MATCH_LIMIT     1000000
#define DEPTH_LIMIT     10000
#define JIT_STACK_START (32u << 10)
#define JIT_STACK_MAX   (4u << 20)

struct rules_scratch {
	pcre2_match_data *md;
	pcre2_match_context *mc;
	pcre2_jit_stack *js;
	int err;       /* the last match error (PCRE2's code), or 0 */
	int err_field; /* and the field it was matching */
	/* rules_match_all: per field, the SLIs whose scanned pattern hit
	 * the current request (nwords each); all: a scan failed, so every
	 * SLI is asked of PCRE2 as without an index */
	multimatch_scratch_t *mm;
	uint64_t *hit[M_LINE_N];
	int nwords, all;
	/* per field, the hits of recent values (memo_hits): the index
	 * they are for (its serial), and for each slot its value's hash,
	 * length and bytes, then nwords of hits */
	uint64_t memo_for;
	unsigned char *memo[M_LINE_N];
};

/*
 * Values repeat: the 256 most frequent paths of bench/rules.sh's log are
 * 75% of its lines, methods and statuses a handful. A field's hits for a
 * value are a function of its bytes, so a scan is kept per thread in a
 * direct-mapped table (MEMO_SLOTS per field, values up to MEMO_KEY bytes)
 * and a repeat costs a hash and a compare instead of a scan (with 300
 * path patterns: about 40 ns for 240). 4,096 slots rather than 1,024:
 * fewer hot paths evict each other (bench/rules.sh, 300 SLIs: 0.52 s ->
 * 0.49 s best of 5; 8,192 no better), at 4,096 x (80 + 8 x words)
 * bytes per scanned field and thread, touched only as values come.
 */
#define MEMO_SLOTS 4096
#define MEMO_KEY   64
struct memo_head {
	uint64_t hash;
	uint32_t n; /* value length + 1; 0: empty slot */
	char key[MEMO_KEY];
};

/*
 * What rules_match_all needs, made once per rules (rules_index_new): the
 * Hyperscan databases, and per field the SLIs that field lets through
 * without a scan (no pattern, or one PCRE2 alone decides), so a request's
 * candidates are an AND of bitsets. An SLI all of whose patterns
 * Hyperscan decides exactly (not slow) is taken when its bit survives.
 */
struct rules_index {
	multimatch_t *mm;
	uint64_t serial; /* which index a scratch's memo is for */
	int nsli, nwords;
	unsigned scanned;         /* bit f: field f has a database */
	uint64_t *pass[M_LINE_N]; /* nwords each; bits past nsli set */
	uint8_t *kind;            /* [i * M_LINE_N + f]: enum mm_kind */
	uint8_t *slow;            /* per SLI: some pattern PCRE2 decides */
};

static int want_max_endpoints(struct ld *l, const yaml_node_t *n, int *out)
{
	double d;
	if (rules_yaml_want_number(l, n, "max_endpoints", &d) < 0)
		return -1;
	if (d < 1 || d > 1000000 || d != floor(d))
		return rules_yaml_err(
		    l, n,
		    "max_endpoints must be a whole number from "
		    "1 to 1000000");
	*out = (int)d;
	return 0;
}

/* ---- regexes ------------------------------------------------------------ */

static struct rx *rx_compile(struct ld *l, const yaml_node_t *n,
                             const char *what)
{
	const char *pat;
	int code;
	PCRE2_SIZE off;

	if (rules_yaml_want_scalar(l, n, what, &pat) < 0)
		return NULL;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
	                               0, &code, &off, NULL);
	if (!re) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(code, msg, sizeof(msg));
		rules_yaml_err(l, n, "%s: bad regex '%s': %s", what, pat,
		               (char *)msg);
		/* point at the character PCRE2 stopped at */
		int quoted =
		    n->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
		    n->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
		l->e->col += quoted + (int)off;
		return NULL;
	}
	struct rx *rx = xcalloc(1, sizeof(*rx));
	rx->code = re;
	rx->jit = pcre2_jit_compile(re, PCRE2_JIT_COMPLETE) == 0;
	rx->text = xstrdup(pat);
	rx->line = (int)n->start_mark.line + 1;
	rx->col = (int)n->start_mark.column + 1;
	return rx;
}

static void rx_free(struct rx *rx)
{
	if (rx) {
		pcre2_code_free(rx->code);
		free(rx->text);
		free(rx);
	}
}

rules_scratch_t *rules_scratch_new(void)
{
	rules_scratch_t *s = xcalloc(1, sizeof(*s));
	s->md = pcre2_match_data_create(1, NULL);
	s->mc = pcre2_match_context_create(NULL);
	s->js = pcre2_jit_stack_create(JIT_STACK_START, JIT_STACK_MAX, NULL);
	if (!s->md || !s->mc || !s->js)
		util_fatal("out of memory (PCRE2 match data)");
	pcre2_set_match_limit(s->mc, MATCH_LIMIT);
	pcre2_set_depth_limit(s->mc, DEPTH_LIMIT);
	pcre2_jit_stack_assign(s->mc, NULL, s->js);
	return s;
}

void rules_scratch_free(rules_scratch_t *s)
{
	if (s) {
		pcre2_match_data_free(s->md);
		pcre2_match_context_free(s->mc);
		pcre2_jit_stack_free(s->js);
		multimatch_scratch_free(s->mm);
		for (int f = 0; f < M_LINE_N; f++) {
			free(s->hit[f]);
			free(s->memo[f]);
		}
		free(s);
	}
}

/* 1 match, 0 no match, -1 a match error (a limit), kept in sc. */
static int rx_match(const struct rx *rx, slice_t v, rules_scratch_t *sc,
                    int field)
{
	/* an absent field is matched as empty text */
	PCRE2_SPTR p = (PCRE2_SPTR)(v.p ? v.p : "");
	int rc = rx->jit
	             ? pcre2_jit_match(rx->code, p, v.n, 0, 0, sc->md, sc->mc)
	             : pcre2_match(rx->code, p, v.n, 0, 0, sc->md, sc->mc);
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	sc->err = rc;
	sc->err_field = field;
	return -1;
}

static slice_t field_of(const request_t *req, int f)
{
	switch (f) {
	case M_METHOD:
		return req->method;
	case M_PATH:
		return req->path;
	case M_STATUS:
		return req->status_txt;
	case M_HOST:
		return req->host;
	case M_QUERY:
		return req->query;
	case M_ACTION:
		return req->action;
	default:
		return req->user_agent;
	}
}

int rules_match(const sli_t *s, const request_t *req, slice_t route,
                rules_scratch_t *sc)
{
	for (int f = 0; f < M_LINE_N; f++) {
		if (!s->match[f])
			continue;
		slice_t v = f == M_ROUTE ? route : field_of(req, f);
		int m = rx_match(s->match[f], v, sc, f);
		if (m <= 0)
			return m;
	}
	return 1;
}

/* ---- all SLIs at once ---------------------------------------------------- */

/* The fields in the order they are scanned: the most telling first, so
 * that a request no SLI can take stops early. */
static const int scan_order[M_LINE_N] = {M_PATH,   M_ROUTE,     M_ACTION,
                                         M_QUERY,  M_HOST,      M_STATUS,
                                         M_METHOD, M_USER_AGENT};

static void rules_index_free(struct rules_index *ix)
{
	if (!ix)
		return;
	multimatch_free(ix->mm);
	for (int f = 0; f < M_LINE_N; f++)
		free(ix->pass[f]);
	free(ix->kind);
	free(ix->slow);
	free(ix);
}

/* rules_set_cache_dir's directory, or NULL. */
static char *cache_dir;

void rules_set_cache_dir(const char *dir)
{
	free(cache_dir);
	cache_dir = dir ? xstrdup(dir) : NULL;
}

/* The index of r's per-request patterns, or NULL when there is nothing
 * to scan (no Hyperscan, or no pattern it takes): rules_match_all then
 * lets every SLI through to rules_match. Sets r->cache. */
static struct rules_index *rules_index_new(rules_t *r)
{
	int n = r->nsli;
	if (!n)
		return NULL;
	const char **pats = xcalloc((size_t)M_LINE_N * n, sizeof(*pats));
	uint8_t *kinds = xcalloc((size_t)M_LINE_N * n, 1);
	for (int f = 0; f < M_LINE_N; f++)
		for (int i = 0; i < n; i++)
			if (r->sli[i].match[f])
				pats[f * n + i] = r->sli[i].match[f]->text;
	enum mm_cache how;
	multimatch_t *mm =
	    multimatch_new(M_LINE_N, n, pats, kinds, cache_dir, &how);
	/* the same order, named for the command layer */
	static const int as_rules[] = {[MM_CACHE_NONE] = RULES_CACHE_NONE,
	                               [MM_CACHE_HIT] = RULES_CACHE_HIT,
	                               [MM_CACHE_MISS] = RULES_CACHE_MISS,
	                               [MM_CACHE_DAMAGED] = RULES_CACHE_DAMAGED,
	                               [MM_CACHE_UNWRITABLE] =
	                                   RULES_CACHE_UNWRITABLE};
	r->cache = as_rules[how];
	free(pats);
	if (!mm) {
		free(kinds);
		return NULL;
	}
	/* an identity for the scratches' memos: an index made later at the
	 * same address must not find the hits of this one */
	static _Atomic uint64_t serials;
	struct rules_index *ix = xcalloc(1, sizeof(*ix));
	ix->mm = mm;
	ix->serial = ++serials;
	ix->nsli = n;
	ix->nwords = (n + 63) / 64;
	ix->kind = xcalloc((size_t)n * M_LINE_N, 1);
	ix->slow = xcalloc((size_t)n, 1);
	for (int f = 0; f < M_LINE_N; f++) {
		if (multimatch_has(mm, f))
			ix->scanned |= 1u << f;
		ix->pass[f] = xmalloc((size_t)ix->nwords * sizeof(uint64_t));
		memset(ix->pass[f], 0xff,
		       (size_t)ix->nwords * sizeof(uint64_t));
		for (int i = 0; i < n; i++) {
			int k = kinds[f * n + i];
			ix->kind[i * M_LINE_N + f] = (uint8_t)k;
			if (k == MM_EXACT || k == MM_PREFILTER)
				ix->pass[f][i >> 6] &= ~(1ull << (i & 63));
			if (k == MM_PREFILTER || k == MM_PCRE)
				ix->slow[i] = 1;
		}
	}
	free(kinds);
	return ix;
}

int rules_words(const rules_t *r)
{
	return (r->nsli + 63) / 64;
}

int rules_uses_route(const rules_t *r)
{
	for (int i = 0; i < r->nsli; i++)
		if (r->sli[i].match[M_ROUTE])
			return 1;
	return 0;
}

const char *rules_engine(void)
{
	return multimatch_engine();
}

/* Every SLI of r through: cand all ones up to r->nsli. */
static void all_through(const rules_t *r, uint64_t *cand)
{
	int nw = rules_words(r);
	memset(cand, 0xff, (size_t)nw * sizeof(*cand));
	if (r->nsli & 63)
		cand[nw - 1] = (1ull << (r->nsli & 63)) - 1;
}

/* Field f's hits for v into hit (nwords), from the memo or a scan; -1 if
 * the scan failed. */
static int field_hits(const struct rules_index *ix, rules_scratch_t *sc, int f,
                      slice_t v, uint64_t *hit)
{
	size_t bytes = (size_t)ix->nwords * sizeof(uint64_t);
	/* an absent field is empty text, which no scanned pattern matches
	 * (they cannot match empty: multimatch.c) */
	if (!v.n) {
		memset(hit, 0, bytes);
		return 0;
	}
	if (v.n > MEMO_KEY) {
		memset(hit, 0, bytes);
		return multimatch_scan(ix->mm, f, v.p, v.n, &sc->mm, hit);
	}
	size_t slot = sizeof(struct memo_head) + bytes;
	if (!sc->memo[f])
		sc->memo[f] = xcalloc(MEMO_SLOTS, slot);
	uint64_t h = hash_bytes(v.p, v.n);
	unsigned char *e = sc->memo[f] + (h % MEMO_SLOTS) * slot;
	struct memo_head *m = (struct memo_head *)e;
	uint64_t *bits = (uint64_t *)(e + sizeof(*m));
	if (m->hash == h && m->n == v.n + 1 && !memcmp(m->key, v.p, v.n)) {
		memcpy(hit, bits, bytes);
		return 0;
	}
	memset(hit, 0, bytes);
	if (multimatch_scan(ix->mm, f, v.p, v.n, &sc->mm, hit))
		return -1;
	m->hash = h;
	m->n = (uint32_t)v.n + 1;
	memcpy(m->key, v.p, v.n);
	memcpy(bits, hit, bytes);
	return 0;
}

void rules_match_all(const rules_t *r, const request_t *req, slice_t route,
                     rules_scratch_t *sc, uint64_t *cand)
{
	const struct rules_index *ix = r->index;
	all_through(r, cand);
	sc->all = 0;
	if (!ix)
		return;
	if (sc->memo_for != ix->serial) {
		/* other rules: room for their bits, and a memo afresh */
		for (int f = 0; f < M_LINE_N; f++) {
			free(sc->hit[f]);
			free(sc->memo[f]);
			sc->memo[f] = NULL;
			sc->hit[f] =
			    xcalloc((size_t)ix->nwords, sizeof(uint64_t));
		}
		sc->nwords = ix->nwords;
		sc->memo_for = ix->serial;
	}
	for (int k = 0; k < M_LINE_N; k++) {
		int f = scan_order[k];
		if (!(ix->scanned & (1u << f)))
			continue;
		slice_t v = f == M_ROUTE ? route : field_of(req, f);
		uint64_t *hit = sc->hit[f];
		if (field_hits(ix, sc, f, v, hit)) {
			all_through(r, cand);
			sc->all = 1;
			return;
		}
		uint64_t any = 0;
		const uint64_t *pass = ix->pass[f];
		for (int w = 0; w < ix->nwords; w++)
			any |= cand[w] &= hit[w] | pass[w];
		/* a census added after the index (rules_add_census) has
		 * no pattern: its bit, past ix->nsli, stays in pass */
		if (!any && rules_words(r) == ix->nwords)
			return; /* no SLI can take it: the rest unscanned */
	}
}

int rules_match_cand(const rules_t *r, int i, const request_t *req,
                     slice_t route, rules_scratch_t *sc)
{
	const struct rules_index *ix = r->index;
	const sli_t *s = &r->sli[i];
	if (!ix || sc->all || i >= ix->nsli)
		return rules_match(s, req, route, sc);
	if (!ix->slow[i])
		return 1; /* Hyperscan decided each pattern: all matched */
	const uint8_t *kind = &ix->kind[i * M_LINE_N];
	for (int f = 0; f < M_LINE_N; f++) {
		if (kind[f] == MM_NONE)
			continue;
		int hit = (sc->hit[f][i >> 6] >> (i & 63)) & 1;
		slice_t v = f == M_ROUTE ? route : field_of(req, f);
		int m = kind[f] == MM_EXACT ? hit
		        : kind[f] == MM_PREFILTER && !hit
		            ? 0
		            : rx_match(s->match[f], v, sc, f);
		if (m <= 0)
			return m;
	}
	return 1;
}

int rules_match_file(const sli_t *s, enum fmt_kind kind, const char *path,
                     rules_scratch_t *sc)
{
	int m = 1;
	if (s->match[M_FORMAT]) {
		const char *name = fmt_name(kind);
		m = rx_match(s->match[M_FORMAT], (slice_t){name, strlen(name)},
		             sc, M_FORMAT);
	}
	if (m > 0 && s->match[M_FILE])
		m = rx_match(s->match[M_FILE], (slice_t){path, strlen(path)},
		             sc, M_FILE);
	return m;
}

int rules_per_file(const rules_t *r)
{
	for (int i = 0; i < r->nsli; i++)
		if (r->sli[i].match[M_FORMAT] || r->sli[i].match[M_FILE])
			return 1;
	return 0;
}

/* The patterns and name of SLI s (not s itself: it is in an array). */
static void sli_release(sli_t *s)
{
	free(s->name);
	for (int j = 0; j < M_N; j++)
		rx_free(s->match[j]);
}

void rules_drop_slis(rules_t *r)
{
	for (int i = 0; i < r->nsli; i++)
		sli_release(&r->sli[i]);
	r->nsli = 0;
	r->census = 0;
	rules_index_free(r->index);
	r->index = NULL;
	rules_corr_free(r);
}

void rules_add_census(rules_t *r, enum group_by g)
{
	if (r->census)
		return;
	r->sli = xrealloc(r->sli, (size_t)(r->nsli + 1) * sizeof(*r->sli));
	sli_t *s = &r->sli[r->nsli++];
	memset(s, 0, sizeof(*s));
	s->name = xstrdup("(all requests)");
	s->group_by = g;
	s->max_endpoints = r->max_endpoints;
	for (int c = 500; c < 600; c++)
		s->bad[c] = 1;
	s->census = 1;
	r->census = 1;
}

void rules_match_error(const rules_scratch_t *sc, char *buf, size_t len)
{
	PCRE2_UCHAR msg[160];
	if (pcre2_get_error_message(sc->err, msg, sizeof(msg)) < 0)
		snprintf((char *)msg, sizeof(msg), "error %d", sc->err);
	snprintf(buf, len, "match.%s: %s",
	         (unsigned)sc->err_field < M_N ? match_names[sc->err_field]
	                                       : "?",
	         (char *)msg);
}

/* ---- lint: patterns that can never match --------------------------------- */

const char *rules_match_name(int field)
{
	return (unsigned)field < M_N ? match_names[field] : "?";
}

const char *rules_pattern(const sli_t *s, int field, int *line, int *col)
{
	const struct rx *rx = (unsigned)field < M_N ? s->match[field] : NULL;
	if (!rx)
		return NULL;
	if (line)
		*line = rx->line;
	if (col)
		*col = rx->col;
	return rx->text;
}

/* set: a bitmap of 256 code units, as PCRE2's FIRSTBITMAP. */
static int has_unit(const uint8_t set[32], unsigned c)
{
	return (set[c >> 3] >> (c & 7)) & 1;
}

static int has_letter(const uint8_t set[32])
{
	for (unsigned c = 'A'; c <= 'Z'; c++)
		if (has_unit(set, c) || has_unit(set, c + ('a' - 'A')))
			return 1;
	return 0;
}

static int has_digit(const uint8_t set[32])
{
	for (unsigned c = '0'; c <= '9'; c++)
		if (has_unit(set, c))
			return 1;
	return 0;
}

/*
 * The code units a match of rx can start with, as PCRE2 itself knows them
 * for its start-of-match optimisation (so a subject that starts with none
 * of them is one PCRE2 never even tries): a fixed first code unit
 * (FIRSTCODETYPE 1; with fold, a letter also in its other case, since
 * the info does not say whether it is caseless; without, as written) or
 * the start bitmap. Returns 1 and fills set, or 0 when PCRE2 knows no
 * such set or a match may be empty (MINLENGTH 0: it then needs no first
 * character at all).
 */
static int first_units(const struct rx *rx, uint8_t set[32], int fold)
{
	uint32_t type = 0, unit = 0, minlen = 0;
	const uint8_t *bitmap = NULL;

	if (pcre2_pattern_info(rx->code, PCRE2_INFO_MINLENGTH, &minlen) != 0 ||
	    minlen == 0 ||
	    pcre2_pattern_info(rx->code, PCRE2_INFO_FIRSTCODETYPE, &type) != 0)
		return 0;
	memset(set, 0, 32);
	if (type == 1 &&
	    pcre2_pattern_info(rx->code, PCRE2_INFO_FIRSTCODEUNIT, &unit) ==
	        0 &&
	    unit < 256) {
		set[unit >> 3] |= (uint8_t)(1u << (unit & 7));
		if (fold && (unit | 0x20) >= 'a' && (unit | 0x20) <= 'z') {
			unit ^= 0x20;
			set[unit >> 3] |= (uint8_t)(1u << (unit & 7));
		}
		return 1;
	}
	if (type == 0 &&
	    pcre2_pattern_info(rx->code, PCRE2_INFO_FIRSTBITMAP, &bitmap) ==
	        0 &&
	    bitmap) {
		memcpy(set, bitmap, 32);
		return 1;
	}
	return 0;
}

/* 1 if rx can only match at the start of the subject (^ or \A). */
static int anchored(const struct rx *rx)
{
	uint32_t opts = 0;
	pcre2_pattern_info(rx->code, PCRE2_INFO_ALLOPTIONS, &opts);
	return (opts & PCRE2_ANCHORED) != 0;
}

/* 1 if rx matches s, or cannot decide it (a limit: not "never"). */
static int may_match(const struct rx *rx, const char *s)
{
	pcre2_match_data *md =
	    pcre2_match_data_create_from_pattern(rx->code, NULL);
	if (!md)
		util_fatal("out of memory (PCRE2 match data)");
	int rc =
	    pcre2_match(rx->code, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL);
	pcre2_match_data_free(md);
	return rc != PCRE2_ERROR_NOMATCH;
}

/*
 * match.path. A path need not start with '/': CONNECT's is "host:port",
 * a JSON log may give "users/1", OPTIONS has "*". So only what is
 * certainly a mistake is flagged: an anchored pattern whose first
 * character, as PCRE2 fixes it, is an uppercase ASCII letter (a method
 * pasted in: "^GET /x"; hosts and schemes are written in lower case) or
 * '?' (the query: request_set_uri ends the path before it), or whose
 * every possible first character is one of those ("^(GET|POST) /").
 * PCRE2 reports the first character as written, so "(?i)^get" is not
 * flagged and "(?i)^GET" is.
 */
static int path_never(const struct rx *rx, int at0, char *why, size_t n)
{
	uint8_t set[32];
	int upper = 0, mark = 0, others = 0;

	if (!at0 || !first_units(rx, set, 0))
		return 0;
	for (unsigned c = 0; c < 256; c++) {
		if (!has_unit(set, c))
			continue;
		if (c >= 'A' && c <= 'Z')
			upper = 1;
		else if (c == '?')
			mark = 1;
		else
			others = 1;
	}
	if (others || (!upper && !mark))
		return 0;
	if (upper)
		snprintf(why, n,
		         "a path starts with '/' (or is '*' or CONNECT's "
		         "host:port), never with an uppercase letter%s: the "
		         "method is match.method, or match.route has both",
		         mark ? " or '?'" : "");
	else
		snprintf(why, n,
		         "a path never holds the '?': the query is "
		         "match.query, without its '?'");
	return 1;
}

int rules_never(const rules_t *r, int sli, int field, char *why, size_t n)
{
	const struct rx *rx = sli >= 0 && sli < r->nsli && (unsigned)field < M_N
	                          ? r->sli[sli].match[field]
	                          : NULL;
	uint8_t set[32];
	uint32_t minlen = 0;

	if (!rx)
		return 0;
	int first = first_units(rx, set, 1), at0 = anchored(rx);
	switch (field) {
	case M_METHOD: /* GET, POST, PROPFIND, ... */
		if (at0 && first && !has_letter(set)) {
			snprintf(why, n,
			         "a method starts with a letter, like "
			         "GET or POST");
			return 1;
		}
		return 0;
	case M_PATH:
		return path_never(rx, at0, why, n);
	case M_ROUTE: /* "GET /api/v1/users/:id", or "(invalid request)" */
		if (at0 && first && !has_letter(set) && !has_unit(set, '-') &&
		    !has_unit(set, '_') && !has_unit(set, '(')) {
			snprintf(why, n,
			         "a route starts with its method, like 'GET "
			         "/api/users/:id'");
			return 1;
		}
		return 0;
	case M_QUERY: {
		/* the query is what follows the '?', not the '?' */
		int others = 0;
		for (unsigned c = 0; c < 256; c++)
			others |= c != '?' && has_unit(set, c);
		if (at0 && first && !others) {
			snprintf(why, n,
			         "the query is the text after the '?', "
			         "without it");
			return 1;
		}
		return 0;
	}
	case M_STATUS: /* "200", "503": up to three digits */
		pcre2_pattern_info(rx->code, PCRE2_INFO_MINLENGTH, &minlen);
		if (minlen > 3) {
			snprintf(why, n,
			         "a status has at most 3 digits, and a match "
			         "needs at least %u characters",
			         (unsigned)minlen);
			return 1;
		}
		if (first && !has_digit(set)) {
			snprintf(why, n,
			         "a status is digits (like 503), and a match "
			         "starts with something else");
			return 1;
		}
		/* the statuses are few: try them all, as logs write them
		 * ("200"; "0" or "000"): '^5xx$', the bad_status spelling,
		 * matches none of them */
		for (int code = 0; code < 1000; code++) {
			char t[12], u[12];
			snprintf(t, sizeof(t), "%03d", code);
			snprintf(u, sizeof(u), "%d", code);
			if (may_match(rx, t) || may_match(rx, u))
				return 0;
		}
		snprintf(why, n,
		         "it matches no status from 000 to 999 (bad_status "
		         "takes 5xx; a pattern wants '^5')");
		return 1;
	case M_FORMAT:
		for (int k = FMT_NGINX; k < FMT_NKINDS; k++)
			if (may_match(rx, fmt_name((enum fmt_kind)k)))
				return 0;
		snprintf(why, n,
		         "it matches none of the formats: nginx, rails, "
		         "lograge, json");
		return 1;
	default: /* host, user agent, action, file: any text */
		return 0;
	}
}

static int match_pair(struct ld *l, const char *key, yaml_node_t *k,
                      yaml_node_t *v, void *arg)
{
	sli_t *s = arg;
	(void)k;
	for (int i = 0; i < M_N; i++) {
		if (strcmp(key, match_names[i]) == 0) {
			char what[64];
			snprintf(what, sizeof(what), "match.%s", key);
			if (!(s->match[i] = rx_compile(l, v, what)))
				return -1;
		}
	}
	return 0;
}

static int bad_status_item(struct ld *l, sli_t *s, yaml_node_t *v)
{
	const char *t;
	if (rules_yaml_want_scalar(l, v, "bad_status entry", &t) < 0)
		return -1;
	size_t n = strlen(t);
	if (n == 3 && t[0] >= '1' && t[0] <= '9' &&
	    (t[1] == 'x' || t[1] == 'X') && (t[2] == 'x' || t[2] == 'X')) {
		int base = (t[0] - '0') * 100;
		for (int i = base; i < base + 100; i++)
			s->bad[i] = 1;
		return 0;
	}
	char *end;
	long code = strtol(t, &end, 10);
	if (n == 0 || *end != '\0' || code < 0 || code > 999)
		return rules_yaml_err(
		    l, v,
		    "bad_status entries are status codes like "
		    "503 or classes like 5xx, not '%s'",
		    t);
	s->bad[code] = 1;
	return 0;
}

static int avail_pair(struct ld *l, const char *key, yaml_node_t *k,
                      yaml_node_t *v, void *arg)
{
	sli_t *s = arg;
	(void)k;
	if (strcmp(key, "objective") == 0) {
		s->has_avail_objective = 1;
		return rules_yaml_want_percent(l, v, "availability.objective",
		                               &s->avail_objective);
	}
	/* bad_status */
	memset(s->bad, 0, sizeof(s->bad));
	if (v->type != YAML_SEQUENCE_NODE)
		return rules_yaml_err(
		    l, v, "bad_status must be a list, e.g. [5xx, 429]");
	for (yaml_node_item_t *it = v->data.sequence.items.start;
	     it < v->data.sequence.items.top; it++)
		if (bad_status_item(l, s, rules_yaml_node(l, *it)) < 0)
			return -1;
	return 0;
}

static int thr_pair(struct ld *l, const char *key, yaml_node_t *k,
                    yaml_node_t *v, void *arg)
{
	threshold_t *t = arg;
	const char *txt;
	(void)k;
	if (strcmp(key, "objective") == 0)
		return rules_yaml_want_percent(l, v, "latency objective",
		                               &t->objective);
	if (rules_yaml_want_scalar(l, v, "threshold", &txt) < 0)
		return -1;
	if (parse_duration_us(txt, &t->us) < 0 || t->us <= 0)
		return rules_yaml_err(
		    l, v,
		    "threshold must be a duration with a unit, "
		    "like 300ms, 1.5s or 250us; not '%s'",
		    txt);
	return 0;
}

static int latency_list(struct ld *l, sli_t *s, yaml_node_t *v)
{
	static const char *const keys[] = {"threshold", "objective", NULL};
	if (v->type != YAML_SEQUENCE_NODE)
		return rules_yaml_err(l, v,
		                      "latency must be a list of "
		                      "{threshold, objective}");
	for (yaml_node_item_t *it = v->data.sequence.items.start;
	     it < v->data.sequence.items.top; it++) {
		yaml_node_t *item = rules_yaml_node(l, *it);
		if (s->nthr == RULES_MAX_THR)
			return rules_yaml_err(l, item,
			                      "at most %d latency thresholds "
			                      "per SLI",
			                      RULES_MAX_THR);
		threshold_t *t = &s->thr[s->nthr];
		t->us = -1;
		t->objective = -1;
		if (rules_yaml_each_pair(l, item, "a latency entry", keys,
		                         thr_pair, t) < 0)
			return -1;
		if (t->us < 0 || t->objective < 0)
			return rules_yaml_err(l, item,
			                      "a latency entry needs both "
			                      "threshold and objective");
		s->nthr++;
	}
	return 0;
}

static int sli_pair(struct ld *l, const char *key, yaml_node_t *k,
                    yaml_node_t *v, void *arg)
{
	sli_t *s = arg;
	const char *t;
	(void)k;

	if (strcmp(key, "name") == 0) {
		if (rules_yaml_want_scalar(l, v, "name", &t) < 0)
			return -1;
		if (!*t)
			return rules_yaml_err(l, v, "name must not be empty");
		free(s->name);
		s->name = xstrdup(t);
		return 0;
	}
	if (strcmp(key, "match") == 0) {
		return rules_yaml_each_pair(l, v, "match", match_names,
		                            match_pair, s);
	}
	if (strcmp(key, "group_by") == 0) {
		if (rules_yaml_want_scalar(l, v, "group_by", &t) < 0)
			return -1;
		if (strcmp(t, "route") == 0)
			s->group_by = GROUP_ROUTE;
		else if (strcmp(t, "path") == 0)
			s->group_by = GROUP_PATH;
		else if (strcmp(t, "action") == 0)
			s->group_by = GROUP_ACTION;
		else if (strcmp(t, "none") == 0)
			s->group_by = GROUP_NONE;
		else
			return rules_yaml_err(l, v,
			                      "group_by must be route, path, "
			                      "action or none, not '%s'",
			                      t);
		return 0;
	}
	if (strcmp(key, "max_endpoints") == 0)
		return want_max_endpoints(l, v, &s->max_endpoints);
	if (strcmp(key, "window") == 0) {
		s->has_window = 1;
		return rules_slo_window(l, v, &s->window);
	}
	if (strcmp(key, "alerts") == 0) {
		s->has_alerts = 1;
		return rules_slo_alerts(l, v, s->alert, &s->nalert);
	}
	if (strcmp(key, "timeslice") == 0)
		return rules_slo_timeslice(l, v, &s->ts);
	if (strcmp(key, "labels") == 0 || strcmp(key, "annotations") == 0)
		return rules_yaml_kv(l, v, key, key[0] == 'l',
		                     key[0] == 'l' ? &s->labels
		                                   : &s->annotations);
	if (strcmp(key, "availability") == 0) {
		static const char *const keys[] = {"objective", "bad_status",
		                                   NULL};
		return rules_yaml_each_pair(l, v, "availability", keys,
		                            avail_pair, s);
	}
	return latency_list(l, s, v); /* latency */
}

/* Name the SLI in messages about it: by its name when it has one. */
static void sli_label(struct ld *l, yaml_node_t *item, size_t i)
{
	snprintf(l->sli, sizeof(l->sli), "SLI #%zu: ", i + 1);
	if (!item || item->type != YAML_MAPPING_NODE)
		return;
	for (yaml_node_pair_t *p = item->data.mapping.pairs.start;
	     p < item->data.mapping.pairs.top; p++) {
		const char *k = rules_yaml_scalar(rules_yaml_node(l, p->key));
		const char *v = rules_yaml_scalar(rules_yaml_node(l, p->value));
		if (k && v && strcmp(k, "name") == 0 && *v)
			snprintf(l->sli, sizeof(l->sli), "SLI '%.60s': ", v);
	}
}

static int slis(struct ld *l, rules_t *r, yaml_node_t *v)
{
	static const char *const keys[] = {
	    "name",         "match",   "group_by",    "max_endpoints",
	    "availability", "latency", "window",      "alerts",
	    "timeslice",    "labels",  "annotations", NULL};
	if (v->type != YAML_SEQUENCE_NODE)
		return rules_yaml_err(l, v, "slis must be a list");
	size_t n =
	    (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
	if (n == 0)
		return rules_yaml_err(l, v,
		                      "slis is empty: define at least one SLI");
	r->sli = xcalloc(n, sizeof(*r->sli));
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *item =
		    rules_yaml_node(l, v->data.sequence.items.start[i]);
		sli_t *s = &r->sli[r->nsli++];
		s->max_endpoints = -1;
		sli_label(l, item, i);
		for (int c = 500; c < 600; c++)
			s->bad[c] = 1;
		if (rules_yaml_each_pair(l, item, "an SLI", keys, sli_pair, s) <
		    0)
			return -1;
		if (!s->name)
			return rules_yaml_err(l, item, "has no name");
		for (int j = 0; j < r->nsli - 1; j++)
			if (strcmp(r->sli[j].name, s->name) == 0)
				return rules_yaml_err(
				    l, item,
				    "another SLI has the same "
				    "name");
	}
	l->sli[0] = '\0';
	return 0;
}

static int field_pair(struct ld *l, const char *key, yaml_node_t *k,
                      yaml_node_t *v, void *arg)
{
	json_fields_t *f = &((rules_t *)arg)->fields;
	const char *t;
	(void)k;
	if (rules_yaml_want_scalar(l, v, key, &t) < 0)
		return -1;
	if (strcmp(key, "latency_unit") == 0) {
		if (strcmp(t, "ms") == 0)
			f->latency_unit_ms = 1;
		else if (strcmp(t, "s") == 0)
			f->latency_unit_ms = 0;
		else
			return rules_yaml_err(
			    l, v,
			    "latency_unit must be s or ms, not "
			    "'%s'",
			    t);
		return 0;
	}
	if (!*t)
		return rules_yaml_err(l, v, "fields.%s must name a JSON key",
		                      key);
	char **slot = strcmp(key, "method") == 0       ? &f->method
	              : strcmp(key, "path") == 0       ? &f->path
	              : strcmp(key, "request") == 0    ? &f->request
	              : strcmp(key, "status") == 0     ? &f->status
	              : strcmp(key, "latency") == 0    ? &f->latency
	              : strcmp(key, "time") == 0       ? &f->time
	              : strcmp(key, "controller") == 0 ? &f->controller
	                                               : &f->action;
	free(*slot);
	*slot = xstrdup(t);
	return 0;
}

static int top_pair(struct ld *l, const char *key, yaml_node_t *k,
                    yaml_node_t *v, void *arg)
{
	rules_t *r = arg;
	const char *t;
	(void)k;

	if (strcmp(key, "format") == 0) {
		if (rules_yaml_want_scalar(l, v, "format", &t) < 0)
			return -1;
		int kind = fmt_lookup(t);
		if (kind < 0)
			return rules_yaml_err(
			    l, v,
			    "format must be auto, nginx, rails, "
			    "lograge or json, not '%s'",
			    t);
		r->format = (enum fmt_kind)kind;
		r->format_given = 1;
		return 0;
	}
	if (strcmp(key, "fields") == 0) {
		static const char *const keys[] = {
		    "method",       "path", "request",    "status",
		    "latency",      "time", "controller", "action",
		    "latency_unit", NULL};
		return rules_yaml_each_pair(l, v, "fields", keys, field_pair,
		                            r);
	}

	if (strcmp(key, "log_format") == 0) {
		if (rules_yaml_want_scalar(l, v, "log_format", &t) < 0)
			return -1;
		free(r->log_format);
		r->log_format = xstrdup(t);
		r->lf_line = (int)v->start_mark.line + 1;
		r->lf_col = (int)v->start_mark.column + 1;
		return 0;
	}
	if (strcmp(key, "latency_field") == 0) {
		static const char *const names[] = {
		    "request_time", "upstream_response_time",
		    "upstream_header_time", "upstream_connect_time"};
		if (rules_yaml_want_scalar(l, v, "latency_field", &t) < 0)
			return -1;
		for (int i = 0; i < 4; i++) {
			if (strcmp(t, names[i]) == 0) {
				r->latency_field = (enum latency_src)i;
				return 0;
			}
		}
		return rules_yaml_err(l, v,
		                      "latency_field must be request_time, "
		                      "upstream_response_time, "
		                      "upstream_header_time or "
		                      "upstream_connect_time, not '%s'",
		                      t);
	}
	if (strcmp(key, "percentiles") == 0) {
		if (v->type != YAML_SEQUENCE_NODE)
			return rules_yaml_err(
			    l, v,
			    "percentiles must be a list, e.g. "
			    "[50, 90, 99]");
		r->npct = 0;
		for (yaml_node_item_t *it = v->data.sequence.items.start;
		     it < v->data.sequence.items.top; it++) {
			yaml_node_t *item = rules_yaml_node(l, *it);
			double q;
			if (r->npct == RULES_MAX_PCT)
				return rules_yaml_err(l, item,
				                      "at most %d percentiles",
				                      RULES_MAX_PCT);
			if (rules_yaml_want_number(l, item, "a percentile",
			                           &q) < 0)
				return -1;
			if (!(q > 0 && q <= 100))
				return rules_yaml_err(l, item,
				                      "percentiles are above 0 "
				                      "and at most 100, not %g",
				                      q);
			r->pct[r->npct++] = q;
		}
		return 0;
	}
	if (strcmp(key, "max_endpoints") == 0)
		return want_max_endpoints(l, v, &l->default_max_endpoints);
	if (strcmp(key, "window") == 0) {
		l->has_window = 1;
		return rules_slo_window(l, v, &l->window);
	}
	if (strcmp(key, "alerts") == 0) {
		l->has_alerts = 1;
		return rules_slo_alerts(l, v, l->alert, &l->nalert);
	}
	if (strcmp(key, "corrections") == 0) {
		l->corrections = v; /* once the SLIs it names are read */
		return 0;
	}
	return slis(l, r, v); /* slis */
}

rules_t *rules_load_buf(const char *text, size_t n, const char *name,
                        rules_err_t *e)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	rules_t *r = xcalloc(1, sizeof(*r));
	struct ld l = {.doc = &doc,
	               .e = e,
	               .default_max_endpoints = DEFAULT_MAX_ENDPOINTS,
	               .r = r};

	memset(e, 0, sizeof(*e));
	r->source = xstrdup(name);
	r->text = xstrndup(text, n);
	r->format = FMT_AUTO;
	r->fields.latency_unit_ms = -1;
	r->npct = 5;
	memcpy(r->pct, (double[]){50, 90, 95, 99, 99.9}, 5 * sizeof(double));

	if (!yaml_parser_initialize(&parser)) {
		snprintf(e->msg, sizeof(e->msg), "cannot initialise libyaml");
		rules_free(r);
		return NULL;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, n);
	if (!yaml_parser_load(&parser, &doc)) {
		snprintf(e->msg, sizeof(e->msg), "YAML syntax: %s%s%s",
		         parser.problem ? parser.problem : "error",
		         parser.context ? " " : "",
		         parser.context ? parser.context : "");
		e->line = (int)parser.problem_mark.line + 1;
		e->col = (int)parser.problem_mark.column + 1;
		yaml_parser_delete(&parser);
		rules_free(r);
		return NULL;
	}
	yaml_parser_delete(&parser);

	static const char *const keys[] = {
	    "format",      "log_format",    "fields", "latency_field",
	    "percentiles", "max_endpoints", "window", "alerts",
	    "slis",        "corrections",   NULL};
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	if (!root) {
		snprintf(e->msg, sizeof(e->msg),
		         "the rules file is empty: it needs at least 'slis:'");
		l.failed = 1;
	} else if (rules_yaml_each_pair(&l, root, "the rules file", keys,
	                                top_pair, r) == 0 &&
	           r->nsli == 0) {
		rules_yaml_err(&l, root,
		               "no 'slis:' list: define at least one SLI");
	}
	if (!l.failed && l.corrections)
		rules_corr_load(&l, r, l.corrections);
	r->max_endpoints = l.default_max_endpoints;
	if (!l.failed)
		for (int i = 0; i < r->nsli; i++) {
			if (r->sli[i].max_endpoints < 0)
				r->sli[i].max_endpoints =
				    l.default_max_endpoints;
			rules_slo_defaults(&l, &r->sli[i]);
		}
	yaml_document_delete(&doc);
	if (l.failed) {
		rules_free(r);
		return NULL;
	}
	r->index = rules_index_new(r);
	return r;
}

rules_t *rules_load_file(const char *path, rules_err_t *e)
{
	FILE *f = fopen(path, "rb");
	memset(e, 0, sizeof(*e));
	if (!f) {
		snprintf(e->msg, sizeof(e->msg), "cannot open: %s",
		         strerror(errno));
		return NULL;
	}
	size_t cap = 4096, n = 0;
	char *buf = xmalloc(cap);
	for (;;) {
		if (n == cap) {
			if (cap >= (16u << 20)) {
				snprintf(
				    e->msg, sizeof(e->msg),
				    "larger than 16 MiB: not a rules file");
				fclose(f);
				free(buf);
				return NULL;
			}
			buf = xrealloc(buf, cap *= 2);
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		snprintf(e->msg, sizeof(e->msg), "read error");
		free(buf);
		return NULL;
	}
	rules_t *r = rules_load_buf(buf, n, path, e);
	free(buf);
	return r;
}

rules_t *rules_default(void)
{
	rules_err_t e;
	rules_t *r =
	    rules_load_buf(rules_default_yaml, strlen(rules_default_yaml),
	                   "(default rules)", &e);
	if (!r) /* a build bug: tests load the default */
		util_fatal("embedded rules: %d:%d: %s", e.line, e.col, e.msg);
	return r;
}

void rules_free(rules_t *r)
{
	if (!r)
		return;
	for (int i = 0; i < r->nsli; i++)
		sli_release(&r->sli[i]);
	free(r->sli);
	rules_index_free(r->index);
	rules_corr_free(r);
	free(r->source);
	free(r->text);
	json_fields_t *f = &r->fields;
	free(f->method);
	free(f->path);
	free(f->request);
	free(f->status);
	free(f->latency);
	free(f->time);
	free(f->controller);
	free(f->action);
	free(r->log_format);
	for (int i = 0; i < r->nowned; i++)
		free(r->owned[i]);
	free(r->owned);
	free(r);
}
