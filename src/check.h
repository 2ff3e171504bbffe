/*
 * check.h - `slicalc check` computed once: from the rules alone, the
 * patterns that can never match; with logs read (a finished run with the
 * census: rules_add_census before run_new), per SLI what it took, the
 * warnings about it, the endpoints two or more SLIs count, and the
 * busiest endpoints no SLI takes. The writers (report_check.c) only
 * format a const check_t: table, JSON, Markdown.
 *
 * A check_t owns what it allocates, the model of the run included
 * (check_free); it points into the rules and the run, which must outlive
 * it unchanged.
 *
 * (The unit-test harness is tests/unit/check.h, hence this header's
 * guard.)
 */
#ifndef SLICALC_CHECK_MODULE_H
#define SLICALC_CHECK_MODULE_H

#include <stdint.h>
#include <stdio.h>

#include "model.h"
#include "rules.h"
#include "run.h"

#define CHECK_JSON_VERSION 1

/* An SLI of the rules file over the logs. */
typedef struct check_sli {
	const sli_t *sli;
	uint64_t requests;     /* requests it counted */
	double share;          /* requests / the input's; NAN without any */
	int endpoints;         /* census routes it took requests of, not
	                          counting "(other)" (see census_other) */
	uint64_t lat_count;    /* its requests with a latency */
	uint64_t match_errors; /* requests a pattern could not decide */
} check_sli_t;

/*
 * A warning (note 0: the check fails, exit 4) or a note (1: to know,
 * the check still passes). Kinds: "never" (a pattern that can never
 * match, from the rules alone), "no-match", "match-error", "no-latency"
 * and the note "already-spent" (see check_new).
 */
typedef struct check_warning {
	int sli; /* index in rules->sli */
	const char *kind;
	int note;
	int field;     /* never: the enum match_field; else -1 */
	int line, col; /* never: where the pattern is written; 0: unknown */
	int reason;    /* never: where in message the reason starts (after
	                  "match.KEY 'PATTERN' can never match: "); else 0 */
	char message[320];
} check_warning_t;

/* A census endpoint (a route) in a list: overlaps or unmatched. */
typedef struct check_endpoint {
	const char *key; /* the run's, NUL-terminated */
	size_t keyn;
	uint64_t requests; /* overlaps: all the endpoint's requests;
	                      unmatched: those no SLI took */
	uint64_t shared;   /* overlaps: those two or more SLIs took */
	double share;      /* requests / the input's requests */
	int nsli;          /* overlaps: the SLIs that took some of them */
	int *sli;          /* their indexes in rules order (owned); NULL for
	                      unmatched */
} check_endpoint_t;

typedef struct check {
	const rules_t *rules;
	const run_t *run; /* NULL: rules only, no logs read */
	model_t *model;   /* of run (owned); NULL without one */
	int nsli;         /* the rules file's SLIs (rules_nuser) */
	check_sli_t *sli;
	int nwarn;
	check_warning_t *warn; /* by SLI, each SLI's in the order of the
	                          kinds in check_new's list */
	int failing;           /* warnings that are not notes */
	int noverlap;
	check_endpoint_t *overlap; /* most requests first, then by key */
	int nunmatched;
	check_endpoint_t *unmatched;     /* most requests no SLI took first,
	                                    then by key */
	uint64_t unmatched_requests;     /* theirs, added up: the input's
	                                    unmatched less those in "(other)" */
	uint64_t census_other;           /* requests the census counted under
	                                    "(other)": of the routes beyond
	                                    max_endpoints, not seen one by one,
	                                    so left out of the endpoint counts,
	                                    the overlaps and the unmatched */
	uint64_t census_other_unmatched; /* those of them no SLI took */
} check_t;

/*
 * Check rules r, and when run is not NULL the logs it read (finished:
 * agg_finish done; made with the census, grouped by route). The rules:
 *
 * - never: rules_never() says a match pattern can never match; not
 *   said of an SLI that took requests from the logs (each of its
 *   patterns did match, whatever the lint thinks);
 * - no-match: the SLI counted no request (the model's warning);
 * - match-error: a pattern could not decide some of its requests (a
 *   PCRE2 limit), whether or not it counted others;
 * - no-latency: it has latency objectives and none of its requests had
 *   a latency (the model's warning);
 * - already-spent (a note): over all the logs, the share of its requests
 *   that are bad for an objective (availability, or a latency threshold
 *   over the requests with a latency) is more than twice what the
 *   objective allows, i.e. the logs spend its error budget more than
 *   twice over.
 *
 * Never fails (out of memory goes to util_fatal). Free with check_free.
 */
check_t *check_new(const rules_t *r, const run_t *run);
void check_free(check_t *c);

/* The writers (report_check.c). The table and Markdown list the first
 * CHECK_TOP overlaps and unmatched endpoints; JSON lists them all. */
#define CHECK_TOP 10
void report_check_table(FILE *out, const check_t *c);
void report_check_json(FILE *out, const check_t *c);
/* Ready to paste as a pull-request comment (GitHub Markdown): a heading,
 * the verdict, a table per section, the warnings as a list. */
void report_check_markdown(FILE *out, const check_t *c);

#endif
