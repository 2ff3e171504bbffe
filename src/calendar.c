/*
 * calendar.c - calendar periods in a time zone (see calendar.h).
 *
 * TZ is switched only when the zone asked for differs from the last one,
 * so a run of calls for one zone costs one tzset().
 */
#include "calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

static void use_zone(const char *tz)
{
	static char cur[80] = "\001"; /* matches no zone: set on first use */
	const char *want = tz && *tz ? tz : "UTC";
	if (strcmp(cur, want) == 0)
		return;
	snprintf(cur, sizeof(cur), "%s", want);
	setenv("TZ", want, 1);
	tzset();
}

void cal_prepare(const char *tz)
{
	use_zone(tz);
}

int cal_zone_exists(const char *z)
{
	if (strcmp(z, "UTC") == 0)
		return 1;
	if (!*z || z[0] == '/' || strstr(z, ".."))
		return 0;
	const char *dir = getenv("TZDIR");
	char path[512], magic[4];
	snprintf(path, sizeof(path), "%s/%s",
	         dir && *dir ? dir : "/usr/share/zoneinfo", z);
	/* a zone file, not zone.tab or a directory: TZif magic */
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	size_t got = fread(magic, 1, sizeof(magic), f);
	fclose(f);
	return got == sizeof(magic) && memcmp(magic, "TZif", 4) == 0;
}

static struct tm local(int64_t t, const char *tz)
{
	use_zone(tz);
	time_t tt = (time_t)t;
	struct tm tm;
	if (!localtime_r(&tt, &tm) && !gmtime_r(&tt, &tm))
		memset(&tm, 0, sizeof(tm)); /* callers check the result */
	return tm;
}

static int64_t from_local(struct tm *tm)
{
	tm->tm_isdst = -1; /* the zone decides, DST included */
	return (int64_t)mktime(tm);
}

/* The start of t's period as computed, or t itself when the C library
 * could not place t (a period starts at most a quarter before t). */
static int64_t sane(int64_t start, int64_t t)
{
	return start <= t && start > t - 93 * 86400 ? start : t;
}

int64_t cal_floor(int64_t t, enum cal_unit u, const char *tz)
{
	struct tm tm = local(t, tz);
	if (u == CAL_HOUR) {
		/* not from mktime: an hour repeated at a DST change would
		 * map back to its first occurrence */
		return sane(t - tm.tm_min * 60 - tm.tm_sec, t);
	}
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	if (u == CAL_WEEK)
		tm.tm_mday -= (tm.tm_wday + 6) % 7; /* back to Monday */
	else if (u == CAL_MONTH)
		tm.tm_mday = 1;
	else if (u == CAL_QUARTER)
		tm.tm_mday = 1, tm.tm_mon -= tm.tm_mon % 3;
	return sane(from_local(&tm), t);
}

int64_t cal_next(int64_t start, enum cal_unit u, const char *tz)
{
	if (u == CAL_HOUR)
		return start + 3600;
	struct tm tm = local(start, tz);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	if (u == CAL_DAY)
		tm.tm_mday += 1;
	else if (u == CAL_WEEK)
		tm.tm_mday += 7;
	else
		tm.tm_mon += u == CAL_MONTH ? 1 : 3;
	int64_t next = from_local(&tm);
	/* a day if the C library could not place start (see sane()) */
	return next > start && next <= start + 93 * 86400 ? next
	                                                  : start + 86400;
}

int64_t cal_window_start(const slo_window_t *w, int64_t end)
{
	static const enum cal_unit unit[] = {
	    [WIN_MONTH] = CAL_MONTH,
	    [WIN_WEEK] = CAL_WEEK,
	    [WIN_QUARTER] = CAL_QUARTER,
	};
	if (w->kind == WIN_ROLLING)
		return end - w->seconds;
	return cal_floor(end - 1, unit[w->kind], w->tz);
}

/* The offset from UTC of local time tm at t, in seconds. */
static long offset_of(const struct tm *tm, int64_t t)
{
	int64_t as_utc =
	    util_days_from_civil(tm->tm_year + 1900, (unsigned)tm->tm_mon + 1,
	                         (unsigned)tm->tm_mday) *
	        86400 +
	    tm->tm_hour * 3600 + tm->tm_min * 60 + tm->tm_sec;
	return (long)(as_utc - t);
}

long cal_utcoff(int64_t t, const char *tz)
{
	if (!tz || !*tz)
		return 0;
	struct tm tm = local(t, tz);
	return offset_of(&tm, t);
}

char *cal_format(int64_t t, const char *tz, char *buf, size_t len)
{
	if (!tz || !*tz || strcmp(tz, "UTC") == 0)
		return util_iso8601(t, buf, len);
	struct tm tm = local(t, tz);
	long off = offset_of(&tm, t) / 60;
	char sign = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld",
	         tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	         tm.tm_min, tm.tm_sec, sign, off / 60, off % 60);
	return buf;
}

/* ---- offset tables ------------------------------------------------------- */

static void offsets_push(cal_offsets_t *z, int *cap, int64_t at, long off)
{
	if (z->n == *cap) {
		*cap = *cap ? 2 * *cap : 16;
		z->at = xrealloc(z->at, (size_t)*cap * sizeof(*z->at));
		z->off = xrealloc(z->off, (size_t)*cap * sizeof(*z->off));
	}
	z->at[z->n] = at;
	z->off[z->n++] = (int32_t)off;
}

cal_offsets_t *cal_offsets_new(const char *tz)
{
	cal_offsets_t *z = xcalloc(1, sizeof(*z));
	int cap = 0;
	int64_t t = CAL_OFFSETS_FROM;
	long off = cal_utcoff(t, tz);
	offsets_push(z, &cap, INT64_MIN, off);
	if (!tz || !*tz || strcmp(tz, "UTC") == 0)
		return z;
	/* a probe a day (zones change at most a few times a year, never
	 * twice in a day), then the second of each change by bisection */
	while (t < CAL_OFFSETS_TO) {
		int64_t next = t + 86400;
		long o = cal_utcoff(next, tz);
		if (o != off) {
			int64_t lo = t, hi = next; /* off at lo, o at hi */
			while (hi - lo > 1) {
				int64_t mid = lo + (hi - lo) / 2;
				if (cal_utcoff(mid, tz) == off)
					lo = mid;
				else
					hi = mid;
			}
			offsets_push(z, &cap, hi, o);
			off = o;
		}
		t = next;
	}
	return z;
}

void cal_offsets_free(cal_offsets_t *z)
{
	if (z) {
		free(z->at);
		free(z->off);
		free(z);
	}
}

long cal_offsets_at(const cal_offsets_t *z, int64_t t)
{
	int lo = 0, hi = z->n - 1; /* the last k with at[k] <= t */
	while (lo < hi) {
		int mid = lo + (hi - lo + 1) / 2;
		if (z->at[mid] <= t)
			lo = mid;
		else
			hi = mid - 1;
	}
	return z->off[lo];
}

int64_t cal_offsets_utc(const cal_offsets_t *z, int64_t local)
{
	/* the offsets a day either side: an instant is within 14 hours
	 * (the largest offset) of its wall-clock reading */
	long before = cal_offsets_at(z, local - 86400);
	long after = cal_offsets_at(z, local + 86400);
	if (before == after)
		return local - before;
	int64_t u1 = local - before, u2 = local - after;
	int ok1 = cal_offsets_at(z, u1) == before;
	int ok2 = cal_offsets_at(z, u2) == after;
	if (ok1 && ok2)
		return u1 < u2 ? u1 : u2; /* shown twice: the first */
	if (ok2)
		return u2;
	return u1; /* valid, or skipped: the offset before */
}
