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

#endif
