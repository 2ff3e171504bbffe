/*
 * agg.h - per-SLI, per-endpoint statistics with bounded memory.
 *
 * For each SLI: the totals and a table of endpoints, each with exact
 * counters (requests, good/bad, latency count, sum, max, one good-count
 * per threshold) and a latency histogram for percentiles. An SLI holds at
 * most max_endpoints endpoints; requests for further keys go to one extra
 * endpoint named "(other)", so memory is bounded whatever the input.
 *
 * An agg_t owns its tables and keys; it points to, but does not own, the
 * rules it was made for, which must outlive it. Two aggs made for the same
 * rules can be merged (agg_merge): the result equals one pass over both
 * inputs, which is what makes parallel runs and saved states possible.
 */
#ifndef SLICALC_AGG_H
#define SLICALC_AGG_H

#include <stddef.h>
#include <stdint.h>

#include "series.h"
#include "stats.h"
#include "timeline.h"
#include "request.h"
#include "sli.h"

/* The rules an agg is made for (rules.h); agg reads only their SLIs. */
typedef struct rules rules_t;

#define AGG_OTHER "(other)"

/*
 * What the census (sli_t.census, for `slicalc routes` and `check`) keeps
 * per endpoint beyond its statistics: which SLIs of the rules took its
 * requests, how many none took, how many were answered 4xx, and the
 * Rails action first seen for it.
 */
#define AGG_NFORMATS 8 /* room for enum fmt_kind (format.h) */

typedef struct ep_census {
	uint64_t untaken; /* requests no SLI took (nor failed to decide) */
	uint64_t shared;  /* requests two or more SLIs took */
	uint64_t s4xx;
	uint64_t by_format[AGG_NFORMATS]; /* requests by the enum fmt_kind of
	                                     the file they came from */
	uint64_t lat_by_format[AGG_NFORMATS]; /* of those, with a latency */
	char action[128];                     /* "Controller#action" or "" */
	int nwords;
	uint64_t taken[]; /* bit i of word i/64: SLI i took some */
} ep_census_t;

/* Whether SLI i took some of the requests of the endpoint cen is of
 * (cen may be NULL: none). */
static inline int agg_census_took(const ep_census_t *cen, int i)
{
	return cen && i >= 0 && (i >> 6) < cen->nwords &&
	       ((cen->taken[i >> 6] >> (i & 63)) & 1);
}

typedef struct endpoint {
	char *key; /* owned, NUL-terminated */
	size_t keyn;
	uint64_t hash;
	stats_t st;
	series_t *ser;    /* owned; with --by-endpoint, NULL until the first */
	ep_census_t *cen; /* owned; the census SLI's endpoints only */
} endpoint_t;

/*
 * The per-minute counters of an SLI's timeline (log time), from which
 * budgets, burn rates, alerts and time slices are computed: requests,
 * bad for availability, requests with a latency, then one counter of
 * latencies above each threshold, then one per time-slice condition
 * (latencies above its bound).
 */
enum { TL_REQ, TL_BAD, TL_LAT, TL_THR };
static inline int tl_counters(const sli_t *s)
{
	return TL_THR + s->nthr + s->ts.ncond;
}
static inline int tl_cond(const sli_t *s, int j)
{
	return TL_THR + s->nthr + j;
}

typedef struct sli_agg {
	const sli_t *sli;
	stats_t total;  /* with endpoints: valid after agg_finish() */
	endpoint_t *ep; /* nep entries, in order of first appearance */
	int nep, cap;
	int other;      /* index of "(other)" in ep, or -1 */
	uint32_t *slot; /* open-addressing index into ep, +1 (0 free) */
	uint32_t mask;
	timeline_t *tl;        /* owned; NULL until the first timed request */
	uint64_t untimed;      /* requests without a time (not in tl) */
	series_t *ser;         /* owned; with --by, NULL until the first */
	uint32_t room;         /* periods the SLI's series may still add */
	uint64_t match_errors; /* requests a pattern could not decide */
	/* requests the SLI matched at a time a correction left out of its
	 * figures (corr.h): in all, and per correction of the rules
	 * (corr_n[k], NULL when the rules have none) */
	uint64_t corrected;
	uint64_t *corr_n;
} sli_agg_t;

/* Whether a key new to an agg may have an endpoint of its own in SLI i
 * (1), or must be counted under "(other)" (0). */
typedef int (*agg_admit_fn)(void *ctx, int i, const char *key, size_t keyn,
                            uint64_t hash);

typedef struct agg {
	const rules_t *rules;
	sli_agg_t *s; /* rules->nsli entries */
	uint64_t lines, requests, unparsed, unmatched;
	uint64_t other;      /* lines passed over by design (format.h) */
	uint64_t overlong;   /* lines skipped for length (also unparsed) */
	uint64_t filtered;   /* requests outside --since/--until */
	uint64_t incomplete; /* requests that never completed (Rails) */
	uint64_t incomplete_by[INC_N]; /* the same by reason (format.h) */
	int64_t tmin, tmax; /* REQ_NO_TIME while no request had a time */
	agg_admit_fn admit; /* NULL: every key while there is room */
	void *admit_ctx;
	int has_by;      /* keep a series per SLI (report --by) */
	int by_endpoint; /* and per endpoint (--by-endpoint) */
	series_spec_t by;
} agg_t;

agg_t *agg_new(const rules_t *rules);

/* A new, empty agg for the same rules and series as a (a worker's). */
agg_t *agg_new_like(const agg_t *a);

/* Keep a series per SLI by spec (NULL: none), and per endpoint too if
 * by_endpoint. Before the first add. */
void agg_set_series(agg_t *a, const series_spec_t *spec, int by_endpoint);
void agg_free(agg_t *a);

/*
 * Count req in SLI i under the endpoint key (keyn bytes, hash_bytes()
 * hash; ignored for group_by none). Returns the index in a->s[i].ep of
 * the endpoint it was counted under ("(other)" included), or -1 for
 * group_by none.
 */
int agg_add(agg_t *a, int i, const request_t *req, const char *key, size_t keyn,
            uint64_t hash);

/* What the census hears of one request beside the request itself. */
typedef struct census_line {
	const uint64_t *taken; /* nwords words, bit j: SLI j took it */
	int nwords;
	int ntook;   /* how many SLIs took it */
	int untaken; /* 1 when none took it nor failed to decide it */
	int format;  /* the enum fmt_kind of the file it came from */
} census_line_t;

/* Count a request SLI i matched as corrected by correction k of the
 * rules, instead of into its statistics. */
static inline void agg_correct(agg_t *a, int i, int k)
{
	a->s[i].corrected++;
	a->s[i].corr_n[k]++;
}

/* Tell the census (SLI i, endpoint e as agg_add returned it) of req. */
void agg_census(agg_t *a, int i, int e, const request_t *req,
                const census_line_t *cl);

/* Note a parsed request's time in the input range. */
static inline void agg_time(agg_t *a, int64_t t)
{
	if (t == REQ_NO_TIME)
		return;
	if (a->tmin == REQ_NO_TIME || t < a->tmin)
		a->tmin = t;
	if (a->tmax == REQ_NO_TIME || t > a->tmax)
		a->tmax = t;
}

/*
 * Compute each SLI's total from its endpoints. Call before reading
 * total; adding more requests afterwards needs another call.
 */
void agg_finish(agg_t *a);

/* Add everything in src to dst (both made for the same rules). */
void agg_merge(agg_t *dst, const agg_t *src);

/*
 * Restore saved statistics: st (copied, histogram included) becomes those
 * of the endpoint key of SLI i ("(other)" if other), or of its total for
 * group_by none. For loading a state file. Returns the endpoint, or NULL
 * for group_by none.
 */
endpoint_t *agg_restore(agg_t *a, int i, const char *key, size_t keyn,
                        int other, const stats_t *st);

/*
 * The statistics of old carried over to new rules (SIGHUP): an SLI of
 * the new rules whose name, group_by, bad statuses and thresholds are the
 * same as an old one's keeps its numbers (counters never go backwards),
 * its corrected count, and per correction the count of the one of the
 * same name (a correction no longer in the rules keeps its requests in
 * the SLI's corrected count only); other SLIs start at zero. The input
 * counters carry over. old is freed.
 */
agg_t *agg_reshape(agg_t *old, const rules_t *rules);

/* The timeline of SLI i, created empty if it has none yet. */
timeline_t *agg_timeline(agg_t *a, int i);

/* 1 if SLI i has an endpoint for key (not "(other)"), else 0. */
int agg_has_endpoint(const agg_t *a, int i, const char *key, size_t keyn,
                     uint64_t hash);

/* 1 if SLI i has no room for another endpoint, else 0. */
int agg_full(const agg_t *a, int i);

/* Requests counted under "(other)" in SLI i (0 if none). */
uint64_t agg_other_requests(const agg_t *a, int i);

#endif
