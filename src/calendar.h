/*
 * calendar.h - instants to calendar periods in an IANA time zone: where
 * the month, week (from Monday) or quarter holding an instant began, and
 * local times with their offset for reports. DST is the zone's own: a
 * month in Europe/Paris that crosses a change is 1 hour shorter or longer.
 *
 * Uses the C library's zone support (TZ + localtime_r/mktime over
 * Debian's tzdata), which is process-wide: call from one thread at a
 * time. slicalc only does so in the report step, after the workers end.
 */
#ifndef SLICALC_CALENDAR_H
#define SLICALC_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

#include "sli.h"

enum cal_unit { CAL_HOUR, CAL_DAY, CAL_WEEK, CAL_MONTH, CAL_QUARTER };

/* Is z a zone of the system's tz database (Debian's tzdata)? */
int cal_zone_exists(const char *z);

/* Switch the process to zone tz now: call before threads compute periods
 * in it, so none of them changes the environment while others read it. */
void cal_prepare(const char *tz);

/* Start of the unit of the calendar holding instant t in zone tz ("" is
 * UTC). */
int64_t cal_floor(int64_t t, enum cal_unit u, const char *tz);

/* Start of the unit after the one starting at start. */
int64_t cal_next(int64_t start, enum cal_unit u, const char *tz);

/* The window an SLO is judged over when evaluated at end (exclusive):
 * [end - length, end) for rolling windows, else the calendar period
 * holding the instant before end, cut at end. */
int64_t cal_window_start(const slo_window_t *w, int64_t end);

/* Seconds east of UTC of zone tz at t (0 for ""). */
long cal_utcoff(int64_t t, const char *tz);

/* "2024-03-01T00:00:00+09:00" ("Z" for UTC) into buf. */
char *cal_format(int64_t t, const char *tz, char *buf, size_t len);

/*
 * A zone's UTC offsets as a table, for threads: made once (from one
 * thread, like every cal_ call above), then only read, so lookups neither
 * touch TZ nor call the C library. It holds the zone's changes from
 * CAL_OFFSETS_FROM to CAL_OFFSETS_TO (1970 to 2100); before, the offset
 * of 1970 holds, after, that of 2100. cal_offsets_new never fails ("" and
 * "UTC" are one entry); free with cal_offsets_free. For corrections
 * (correction.c) that recur at a local time.
 */
#define CAL_OFFSETS_FROM 0LL          /* 1970-01-01T00:00:00Z */
#define CAL_OFFSETS_TO   4102444800LL /* 2100-01-01T00:00:00Z */
typedef struct cal_offsets {
	int n;
	int64_t *at;  /* at[0] = INT64_MIN, then each change, ascending */
	int32_t *off; /* seconds east of UTC from at[k] on */
} cal_offsets_t;
cal_offsets_t *cal_offsets_new(const char *tz);
void cal_offsets_free(cal_offsets_t *z);

/* Seconds east of UTC at instant t. */
long cal_offsets_at(const cal_offsets_t *z, int64_t t);

/* The instant at which the zone's clocks show local (seconds since
 * 1970-01-01T00:00 of the wall clock, as if it were UTC). A time the
 * clocks skip (spring forward) is read with the offset before the change,
 * so 02:30 in a gap from 02:00 to 03:00 is 03:30 after it, as mktime
 * does; a time shown twice (fall back) is its first instant. */
int64_t cal_offsets_utc(const cal_offsets_t *z, int64_t local);

#endif
