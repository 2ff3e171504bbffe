/*
 * timefmt.h - log timestamps to epoch seconds (UTC).
 *
 * Every parser takes (pointer, length), returns 0 and sets *epoch on
 * success, -1 when the text is not of that form. Time zones come from the
 * offset written in the text; nothing here reads the local zone or the
 * wall clock, so the same log always gives the same times.
 */
#ifndef SLICALC_TIMEFMT_H
#define SLICALC_TIMEFMT_H

#include <stddef.h>
#include <stdint.h>

/* nginx $time_local / Apache %t: "28/Sep/1970:12:00:00 +0600" (26 chars). */
int timefmt_clf(const char *p, size_t n, int64_t *epoch);

/* ISO 8601 as nginx $time_iso8601 writes it: "1970-09-28T12:00:00+06:00";
 * also accepts "Z", a fraction of a second and a space for "T". */
int timefmt_iso8601(const char *p, size_t n, int64_t *epoch);

/* Ruby 1.8's Time#to_s, in old Rails logs: "Tue Apr 27 17:59:32 -0700
 * 2010". */
int timefmt_ruby(const char *p, size_t n, int64_t *epoch);

/* nginx $msec: "1700000000.123" (the fraction is dropped). */
int timefmt_msec(const char *p, size_t n, int64_t *epoch);

#endif
