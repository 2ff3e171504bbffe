/*
 * rules.h - the SLI rules: loaded from YAML (or the embedded default),
 * validated, with every regex compiled once by PCRE2 and its JIT.
 *
 * A rules_t owns everything it points to; rules_free() releases it all.
 * Loaded rules are immutable, so threads may share them; each thread
 * matches with a scratch of its own (rules_scratch_new). pcre2.h and
 * yaml.h stay inside rules.c.
 */
#ifndef SLICALC_RULES_H
#define SLICALC_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "format.h"
#include "format_nginx.h"
#include "request.h"
#include "route.h"

#define RULES_MAX_PCT 16
#define RULES_MAX_THR 8

enum match_field { M_METHOD, M_PATH, M_STATUS, M_HOST, M_USER_AGENT, M_N };

struct rx; /* a compiled PCRE2 pattern */

typedef struct threshold {
	int64_t us;       /* good means latency <= us */
	double objective; /* fraction, e.g. 0.99 */
} threshold_t;

/*
 * The period an SLO is judged over: rolling (the last `seconds` before
 * the evaluated instant) or a calendar month, week (Monday) or quarter
 * in a time zone. Calendar windows also carry a nominal length (30, 7,
 * 90 days) that burn-rate factors are scaled by, so alerts do not change
 * from a 28-day February to a 31-day March.
 */
enum window_kind { WIN_ROLLING, WIN_MONTH, WIN_WEEK, WIN_QUARTER };

typedef struct slo_window {
	enum window_kind kind;
	int64_t seconds; /* rolling length; nominal length for calendar */
	char tz[64];     /* calendar: IANA zone name; "" is UTC */
} slo_window_t;

#define RULES_MAX_ALERTS    8
#define RULES_MAX_TSCOND    4
#define RULES_WORKBOOK_DAYS 30 /* factors are written for 30-day SLOs */

/* A multi-window burn-rate alert: fires while the burn rate over both
 * windows exceeds factor x (window / 30 days). */
typedef struct burn_alert {
	char severity[16];       /* "page", "ticket", ... */
	int64_t long_s, short_s; /* seconds */
	double factor;           /* as written, for a 30-day window */
} burn_alert_t;

/* A time-slice SLO: the share of slices of size_s seconds that meet
 * every condition. Conditions are exact: "p95 <= 300ms" holds when at
 * least ceil(0.95 n) of the slice's n latencies are <= 300ms. */
typedef struct ts_cond {
	enum { TS_PCT_LE, TS_AVAIL_GE } kind;
	double q;     /* TS_PCT_LE: the percentile as a fraction */
	int64_t us;   /* TS_PCT_LE: latency bound */
	double avail; /* TS_AVAIL_GE: fraction */
} ts_cond_t;

typedef struct timeslice {
	int64_t size_s;   /* 0: no time-slice SLO */
	double objective; /* fraction of good slices */
	int ncond;
	ts_cond_t cond[RULES_MAX_TSCOND];
	char good_if[160]; /* as written, for reports */
} timeslice_t;

typedef struct sli {
	char *name;
	struct rx *match[M_N]; /* NULL: any value matches */
	enum group_by group_by;
	int max_endpoints;
	int has_avail_objective;
	double avail_objective; /* fraction */
	uint8_t bad[1000]; /* bad[status] = 1: counts against availability */
	int nthr;
	threshold_t thr[RULES_MAX_THR];
	int has_window, has_alerts; /* set by the SLI itself */
	slo_window_t window;
	int nalert;
	burn_alert_t alert[RULES_MAX_ALERTS];
	timeslice_t ts;
} sli_t;

typedef struct rules {
	char *source;         /* file name, or "(default rules)" */
	char *text;           /* the YAML itself (kept for saved states) */
	enum fmt_kind format; /* FMT_AUTO unless the file says */
	json_fields_t fields; /* JSON key names (format: json) */
	char *log_format;     /* nginx log_format; NULL: the default */
	int lf_line, lf_col;  /* where log_format was written (1-based) */
	enum latency_src latency_field;
	int npct;
	double pct[RULES_MAX_PCT];
	int nsli;
	sli_t *sli;
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
 * 1 if req matches every match pattern of s, 0 if one does not, -1 if a
 * pattern could not be decided: it hit a PCRE2 limit (backtracking,
 * depth, JIT stack). Such a request is neither in nor out of the SLI;
 * the caller counts it, and rules_match_error() says what happened.
 */
int rules_match(const sli_t *s, const request_t *req, rules_scratch_t *sc);

/* Why the last rules_match() returned -1: "match.path: <PCRE2's words>". */
void rules_match_error(const rules_scratch_t *sc, char *buf, size_t len);

/*
 * Parse a duration such as "300ms", "1.5s", "250us", "5m", "1h", "30d"
 * into microseconds.
 * Returns 0, or -1 when it is not one.
 */
int rules_parse_duration(const char *s, int64_t *us);

#endif
