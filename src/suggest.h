/*
 * suggest.h - `slicalc routes --suggest`: a starter rules file from the
 * endpoints of a run (routes.h). Endpoints are set apart as noise
 * (health checks, static assets, scanners) or grouped into one SLI per
 * feature (the Rails controller when the logs name it, else the leading
 * path segments), features under 0.5% of the requests into one SLI
 * "other"; each SLI gets a match: a person can read (a path prefix, or
 * a short list of routes), an availability objective and a latency
 * threshold the logs would have met with margin, and YAML comments with
 * the figures behind them. When the logs are of several formats (an
 * app's nginx and Rails logs), each SLI takes one of them (match:
 * format:), so no request is counted twice. Computed once
 * (suggest_new), written as YAML (suggest_yaml), so that the rules
 * loader reads it back.
 *
 * A suggest_t owns its SLIs, patterns and merged statistics; it points
 * into the routes_t it was made from (and reads the census of its
 * model's run, for the requests by format), which must outlive it.
 */
#ifndef SLICALC_SUGGEST_H
#define SLICALC_SUGGEST_H

#include <stdint.h>
#include <stdio.h>

#include "routes.h"

/* Why an endpoint is no feature. */
enum suggest_noise {
	SG_FEATURE = 0, /* not noise */
	SG_HEALTH,      /* /up, /health, /healthz, /ping, /status, ... */
	SG_STATIC,      /* /assets/, /packs/, favicon, robots.txt, ... */
	SG_SCANNER,     /* nearly all answered 4xx, and no app action */
	SG_INVALID,     /* "(invalid request)": no method and path */
	SG_OVERFLOW,    /* "(other)": endpoints beyond max_endpoints */
};

/* What an SLI of the suggestion is for. */
enum suggest_kind {
	SG_KIND_FEATURE,  /* one feature */
	SG_KIND_OTHER,    /* the features under SUGGEST_SMALL, together */
	SG_KIND_EXCLUDED, /* static-assets: no objective */
	SG_KIND_ALL,      /* no feature (no request, or every request
	                     noise): one SLI over everything */
};

#define SUGGEST_SMALL   0.005 /* a feature under this share: "other" */
#define SUGGEST_LAT_OBJ 99.0  /* the latency objective, percent */
#define SUGGEST_LAT_Q                                                          \
	99.5                  /* the percentile a threshold must hold:         \
	                         half the latency budget as margin */
#define SUGGEST_OTHER_MAX 8   /* alternatives in other's pattern */
#define SUGGEST_FEW       100 /* fewer requests: say they are few */

typedef struct suggest_sli {
	char name[64];
	enum suggest_kind kind;
	int *rows; /* indices in rt->rows, busiest first (owned) */
	int nrows;
	const char *field; /* "path" or "route"; NULL: no match */
	char *pattern;     /* the regex as it is matched (owned) */
	int format;        /* the enum fmt_kind of the logs it takes
	                      (match.format); FMT_AUTO: every log's */
	uint64_t requests; /* its rows' requests in the logs it takes */
	uint64_t bad;      /* of those, answered 5xx; when bad_bound, at
	                      most that many (the census counts requests
	                      by format, not 5xx: a row in other logs too
	                      gives its 5xx in every log, up to its
	                      requests in the logs the SLI takes) */
	int bad_bound;
	uint64_t all_requests; /* its rows' requests in every log: what
	                          all_bad, s4xx and st count; == requests
	                          unless format is set and the rows are in
	                          other logs too */
	uint64_t all_bad, s4xx;
	stats_t st;           /* the rows' statistics added (owns its hist) */
	double objective;     /* availability, percent, from bad of requests */
	int objective_met;    /* 1: met with margin (suggest_objective) */
	int64_t threshold;    /* microseconds; 0: no latency in the logs */
	int threshold_met;    /* 1: held with margin (suggest_threshold); 0:
	                         none held, and no latency objective is
	                         written */
	double q_us;          /* the SUGGEST_LAT_Q percentile seen */
	int no_lat_in_format; /* format set, and its logs carry no latency
	                         for these rows (an nginx log_format without
	                         $request_time beside a Rails log): no
	                         latency objective, whatever st says */
	char *folded;         /* other: "name (N), ..." of its features */
} suggest_sli_t;

typedef struct suggest {
	const routes_t *rt;
	int nsli;
	suggest_sli_t *sli;        /* features busiest first, then other (one
	                              per format the small features take,
	                              "other-FORMAT", when that is more than
	                              one), then static-assets; or only
	                              all */
	enum suggest_noise *noise; /* per row of rt */
	int *left; /* rows no SLI takes: health checks, scanners, invalid,
	              and other's beyond SUGGEST_OTHER_MAX alternatives
	              (not "(other)": the patterns may take some of its
	              requests; none when an SLI 'all' takes them all) */
	int nleft;
	suggest_sli_t *health; /* the health checks' rows and pattern,
	                          written commented out; NULL: none (or an
	                          SLI 'all' takes them) */
	uint64_t (*row_format)[AGG_NFORMATS];     /* per row of rt: its
	                                              requests by enum fmt_kind
	                                              (the census's) */
	uint64_t (*row_lat_format)[AGG_NFORMATS]; /* of those, with a
	                                              latency */
	uint64_t by_format[AGG_NFORMATS]; /* all of them by enum fmt_kind */
	int nformats;      /* formats with requests; over 1: each SLI
	                      takes one (suggest_sli_t.format) */
	uint64_t overflow; /* requests of "(other)": endpoints beyond
	                      max_endpoints, not seen one by one */
} suggest_t;

/* Where the logs came from, as the command line said. */
typedef struct suggest_src {
	const char *format;     /* --format given: written as format:;
	                           NULL: auto */
	const char *log_format; /* --log-format, or NULL */
} suggest_src_t;

/* The suggestion for the routes rt (grouped by route). Never fails. */
suggest_t *suggest_new(const routes_t *rt);
void suggest_free(suggest_t *sg);

/* The rules file: a header comment (what, from which files, the logs'
 * time range, how it was made, the formats, the requests of endpoints
 * beyond max_endpoints), then the SLIs, each with its figures as
 * comments, then what was left out, as comments. Text from the logs in
 * comments shows the characters a YAML reader would take as a line
 * break or refuse (controls, C1 controls, U+2028, U+2029, U+FEFF,
 * U+FFFE, U+FFFF, bytes that are not UTF-8) as the text \xHH. */
void suggest_yaml(FILE *out, const suggest_t *sg, const suggest_src_t *src);

/*
 * The availability objective, in percent, for requests of which bad
 * answered 5xx: the strictest of 99.9, 99.5 and 99 whose error budget
 * is at least twice the bad share seen (*met = 1), else 99 (*met = 0).
 * Exact in integers for counts below 10^15.
 */
double suggest_objective(uint64_t requests, uint64_t bad, int *met);

/*
 * The latency threshold in microseconds for st: the smallest of 100ms,
 * 250ms, 300ms, 500ms, 1s, 2s and 5s at or above its SUGGEST_LAT_Q
 * percentile (*met = 1), else 5s (*met = 0); 0 when st has no latency.
 */
int64_t suggest_threshold(const stats_t *st, int *met);

/* Whether row is noise, and which (by its path, its 4xx and whether the
 * app named an action for it). */
enum suggest_noise suggest_noise(const routes_row_t *row);

/* A few words on why, for the comments: "health check", ... */
const char *suggest_noise_reason(enum suggest_noise n);

/*
 * The feature of row, as an SLI name, into name (cap bytes): from the
 * Rails controller when known ("Api::V1::EmployeesController#show" ->
 * "api-v1-employees"), else from the path's leading segments up to the
 * first after "api" and versions ("GET /api/v1/employees/:id" ->
 * "api-v1-employees", "GET /" -> "root"). Lowercase letters, digits and
 * dashes. Returns its length.
 */
size_t suggest_feature(const routes_row_t *row, char *name, size_t cap);

/* s[0..n) with every PCRE2 metacharacter escaped, so a pattern matches
 * it literally, and the bytes of every character a YAML single-quoted
 * scalar cannot carry as it is (those above, and control bytes) as
 * \xHH, which PCRE2 without PCRE2_UTF matches byte by byte. Returns a
 * malloc'd string, all of it text YAML can carry. */
char *suggest_regex_quote(const char *s, size_t n);

#endif
