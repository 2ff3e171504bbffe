/*
 * corr.h - corrections (Datadog's "status corrections"): stretches of
 * time whose requests are left out of an SLI's figures, for a bad deploy
 * or a maintenance window. One is a one-off range of instants, or recurs
 * every day or every week (on some days) at a local time in a zone, for a
 * duration, between optional local dates. Each applies to every SLI of
 * the rules or to those it names.
 *
 * Corrections are whole minutes, as the timelines that budgets and burn
 * rates come from count minutes: a request is corrected when the minute
 * holding its time starts inside an occurrence.
 *
 * A corr_t is made and owned by the rules (rules_corr.c loads them; the
 * rules free them with corr_release) and immutable after loading, so the
 * workers read them at once; corr_covers never touches TZ or allocates.
 */
#ifndef SLICALC_CORR_H
#define SLICALC_CORR_H

#include <stdint.h>

#include "calendar.h"

enum corr_every { CORR_ONCE, CORR_DAY, CORR_WEEK };

typedef struct corr {
	char *name;   /* unique among the rules' corrections */
	char *reason; /* as written, or NULL */
	enum corr_every every;
	int64_t start, end; /* once: [start, end), epoch seconds */
	int64_t at_s;       /* recurring: local start, seconds after 00:00 */
	int64_t dur_s;      /* recurring: length, seconds (whole minutes) */
	unsigned days;      /* week: bit 0 Monday .. bit 6 Sunday */
	char tz[64];        /* recurring: IANA zone, "" for UTC */
	int64_t from_day, until_day; /* recurring: local dates (days since
	                                1970-01-01) whose occurrences count:
	                                [from_day, until_day) */
	cal_offsets_t *zone; /* recurring: tz's offsets (zone_owned: freed
	                        with the correction, else another's) */
	int zone_owned;
	uint8_t *sli;  /* per SLI of the rules file: 1 if it applies; NULL:
	                  every SLI */
	int line, col; /* where the entry is in the rules file (1-based) */
} corr_t;

/* The correction's strings, SLI list and zone table (not c itself). */
void corr_release(corr_t *c);

/* 1 if c applies to SLI i, else 0. */
static inline int corr_for(const corr_t *c, int i)
{
	return !c->sli || c->sli[i];
}

/*
 * 1 if the minute holding instant t lies in an occurrence of c, with that
 * occurrence's [*start, *end) (either may be NULL); else 0.
 */
int corr_covers(const corr_t *c, int64_t t, int64_t *start, int64_t *end);

/*
 * The corrections that hold for the minute holding t, per SLI: of[i] is
 * the index in c[0..n) of the first (in the file's order) that covers the
 * minute and applies to SLI i, or -1; for the SLIs 0..nsli-1. Returns 1
 * if some of[i] is set, else 0. What the hot loop calls once per minute
 * of log time (and per thread), not per request.
 */
int corr_minute(const corr_t *c, int n, int nsli, int64_t t, int *of);

/* floor(t / 60): the minute a request's time is in. */
static inline int64_t corr_minute_of(int64_t t)
{
	return t >= 0 ? t / 60 : -((-t + 59) / 60);
}

#endif
