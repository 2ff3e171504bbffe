/*
 * rules.h - the SLI rules: loaded from YAML (or the embedded default),
 * validated, with every regex compiled once by PCRE2 and its JIT.
 *
 * A rules_t owns everything it points to; rules_free() releases it all.
 * Loaded rules are immutable, so threads may share them; each thread
 * matches with a scratch of its own (rules_scratch_new). pcre2.h and
 * yaml.h stay inside the loader (rules*.c; yaml.h also in rules_yaml.h
 * and rules_slo.h, which only the loader includes). The types of one SLI
 * are in sli.h.
 */
#ifndef SLICALC_RULES_H
#define SLICALC_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "corr.h"
#include "format.h"
#include "format_nginx.h"
#include "request.h"
#include "route.h"
#include "sli.h"

#define RULES_MAX_PCT 16

typedef struct rules {
	char *source;         /* file name, or "(default rules)" */
	char *text;           /* the YAML itself (kept for saved states) */
	enum fmt_kind format; /* FMT_AUTO unless the file says */
	int format_given;     /* the file says format: (even auto) */
	json_fields_t fields; /* JSON key names (format: json) */
	char *log_format;     /* nginx log_format; NULL: the default */
	int lf_line, lf_col;  /* where log_format was written (1-based) */
	enum latency_src latency_field;
	int npct;
	double pct[RULES_MAX_PCT];
	int max_endpoints; /* the top-level setting (or its default) */
	int nsli;
	sli_t *sli;
	int census;   /* 1: the last SLI is the census (rules_add_census) */
	void **owned; /* blocks the SLIs' and alerts' labels and annotations
	                 point into (kv_map_t), freed with the rules */
	int nowned;
	int ncorr;
	corr_t *corr; /* corrections:, in the file's order (corr.h) */
	struct rules_index *index; /* rules_match_all's (Hyperscan), or
	                              NULL: made by the loader */
	int cache; /* enum rules_cache: what loading did with the cache */
} rules_t;

typedef struct rules_err {
	int line, col; /* 1-based; 0 when not known */
	char msg[512];
} rules_err_t;

/* Load and validate the rules in path. NULL on error (e is filled). */
rules_t *rules_load_file(const char *path, rules_err_t *e);

/* The same from text in memory; name is used in messages. */
rules_t *rules_load_buf(const char *text, size_t n, const char *name,
                        rules_err_t *e);

/* The embedded default rules (see rules/default.yaml). Never fails. */
rules_t *rules_default(void);

/* The embedded default, as YAML text. */
extern const char rules_default_yaml[];

void rules_free(rules_t *r);

/* Per-thread match state. */
typedef struct rules_scratch rules_scratch_t;
rules_scratch_t *rules_scratch_new(void);
void rules_scratch_free(rules_scratch_t *s);

/*
 * 1 if req matches every per-request pattern of s (those before
 * M_LINE_N), 0 if one does not, -1 if a pattern could not be decided: it
 * hit a PCRE2 limit (backtracking, depth, JIT stack). Such a request is
 * neither in nor out of the SLI; the caller counts it, and
 * rules_match_error() says what happened. route is req's endpoint key for
 * group_by: route (route_key), needed only when s->match[M_ROUTE] is set.
 */
int rules_match(const sli_t *s, const request_t *req, slice_t route,
                rules_scratch_t *sc);

/* The words of the SLI bitsets rules_match_all fills: (r->nsli + 63) / 64. */
int rules_words(const rules_t *r);

/* 1 if some SLI of r has a match.route pattern: then rules_match_all
 * needs the request's route key. */
int rules_uses_route(const rules_t *r);

/*
 * Every SLI of r at once, for the per-line loop: fills cand
 * (rules_words(r) words) with bit i set for each SLI i that may take req,
 * i.e. every SLI for which rules_match could return other than 0; then
 * rules_match_cand(r, i, ...) is rules_match's answer for each such i,
 * called in any order, before the next rules_match_all on sc. With
 * Hyperscan (multimatch.h), each field's patterns of all SLIs are
 * scanned once; a pattern Hyperscan decides exactly never hits a PCRE2
 * limit, so it is never a match error, while the patterns PCRE2 decides
 * or confirms are matched under its limits as by rules_match. Without
 * it, every SLI is a candidate and rules_match_cand is rules_match.
 */
void rules_match_all(const rules_t *r, const request_t *req, slice_t route,
                     rules_scratch_t *sc, uint64_t *cand);
int rules_match_cand(const rules_t *r, int i, const request_t *req,
                     slice_t route, rules_scratch_t *sc);

/* The multi-pattern engine the rules are built with ("hyperscan
 * 5.4.0 ..."), or NULL: each SLI's patterns are tried by PCRE2 in turn. */
const char *rules_engine(void);

/*
 * Where the compiled Hyperscan databases of rules loaded from now on are
 * kept between runs (a directory, made when first written), or NULL,
 * the default: compiled every time. The command layer decides it (from
 * the environment: the library reads none) before loading rules, from
 * one thread; dir is copied. A cached database is used only when its
 * file passes every check, so decisions never depend on the cache.
 */
void rules_set_cache_dir(const char *dir);

/* What loading a rules_t did with that cache (rules_t.cache), for the
 * command layer to note or ignore; trouble never fails a load. */
enum rules_cache {
	RULES_CACHE_NONE,      /* no directory, or nothing to compile */
	RULES_CACHE_HIT,       /* read from the cache */
	RULES_CACHE_MISS,      /* compiled, and saved for the next run */
	RULES_CACHE_DAMAGED,   /* a file failed a check: compiled, saved */
	RULES_CACHE_UNWRITABLE /* compiled, but it could not be saved */
};

/* The same for the patterns that hold for a whole input: match.format
 * against the format's name (fmt_name) and match.file against the path
 * as given. 1 also when s has neither. */
int rules_match_file(const sli_t *s, enum fmt_kind kind, const char *path,
                     rules_scratch_t *sc);

/* 1 if some SLI of r has a match.format or match.file pattern. */
int rules_per_file(const rules_t *r);

/*
 * Append the census to r: an SLI that takes every request, grouped by g,
 * with 5xx bad, no objectives and r's max_endpoints, counted after the
 * others and told which of them took each request (agg_census). For
 * `slicalc routes` and `slicalc check`; call before an agg is made.
 */
void rules_add_census(rules_t *r, enum group_by g);

/*
 * Drop every SLI of r (and the corrections, which name SLIs), keeping what
 * reads the logs (format, fields, log_format, latency_field, percentiles,
 * max_endpoints): for `slicalc routes` without -r, where the census is the only
 * SLI counted. Call before rules_add_census and before an agg is made.
 */
void rules_drop_slis(rules_t *r);

/* The SLIs of the rules file, i.e. without the census. */
static inline int rules_nuser(const rules_t *r)
{
	return r->nsli - r->census;
}

/* The name of match field f ("path", "route", ...), as the rules write
 * it after "match.". */
const char *rules_match_name(int field);

/* The match.FIELD pattern of s as written, and where its value is in the
 * rules file (*line, *col: 1-based; 0 for rules not from a file's text
 * node); NULL when s has no such pattern. line and col may be NULL. */
const char *rules_pattern(const sli_t *s, int field, int *line, int *col);

/*
 * 1 if SLI sli's match.FIELD pattern can never match what the logs give
 * that field, with why (n bytes) saying so; else 0 (also when there is no
 * such pattern, or it may match). Decided from PCRE2's own knowledge of
 * the compiled pattern (anchored, its first code units, its minimum
 * length), never by reading the regex: anchored patterns whose first
 * character cannot start a method (a letter), a route (its method) or a
 * query (anything but its '?'); a path pattern anchored on an uppercase
 * ASCII letter (a method pasted in: "^GET /x") or on '?' (a path ends
 * before the query), not on anything else, since a path need not start
 * with '/' ("example.com:443" for CONNECT, "users/1" in a JSON log); a
 * status pattern longer than 3 characters, starting with a non-digit,
 * or matching no code from 0 to 999 as logs write it ("503", "0" or
 * "000");
 * a format pattern that matches none of nginx, rails, lograge, json. For
 * `slicalc check`; a pattern PCRE2 knows too little about is never
 * called "never". why gets at most n - 1 bytes and a NUL (n > 0).
 */
int rules_never(const rules_t *r, int sli, int field, char *why, size_t n);

/* Why the last rules_match() returned -1: "match.path: <PCRE2's words>". */
void rules_match_error(const rules_scratch_t *sc, char *buf, size_t len);

#endif
