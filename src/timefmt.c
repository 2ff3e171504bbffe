/*
 * timefmt.c - fixed-shape timestamp parsers. They check every character
 * they rely on, so a line with a damaged timestamp is rejected rather than
 * given a wrong time.
 */
#include "timefmt.h"

#include <string.h>

#include "util.h"

static int digits(const char *p, size_t n, int *out)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	*out = v;
	return 0;
}

static int month_of(const char *p)
{
	static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	for (int m = 0; m < 12; m++)
		if (memcmp(names + 3 * m, p, 3) == 0)
			return m + 1;
	return 0;
}

/* Days in month mon (1..12) of year y, Gregorian. */
static int month_days(int y, int mon)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30,
	                             31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return days[mon - 1] + (mon == 2 && leap);
}

/* A date that does not exist (29/Feb/2025, 31 April) is an error, never
 * rolled over into the next month; a leap second (:60) is kept. */
static int make_epoch(int y, int mon, int d, int hh, int mm, int ss,
                      int offset_s, int64_t *epoch)
{
	if (mon < 1 || mon > 12 || d < 1 || d > month_days(y, mon) || hh > 23 ||
	    mm > 59 || ss > 60)
		return -1;
	int64_t days = util_days_from_civil(y, (unsigned)mon, (unsigned)d);
	*epoch = days * 86400 + hh * 3600 + mm * 60 + ss - offset_s;
	return 0;
}

/* "+0330" or "+03:30" (colon given by with_colon). */
static int zone(const char *p, size_t n, int *offset_s)
{
	int h, m;
	if (n < 1 || (p[0] != '+' && p[0] != '-'))
		return -1;
	if (n == 5) {
		if (digits(p + 1, 2, &h) || digits(p + 3, 2, &m))
			return -1;
	} else if (n == 6 && p[3] == ':') {
		if (digits(p + 1, 2, &h) || digits(p + 4, 2, &m))
			return -1;
	} else {
		return -1;
	}
	if (h > 23 || m > 59) /* RFC 3339's bounds; "+9999" is no zone */
		return -1;
	*offset_s = (p[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
	return 0;
}

int timefmt_clf(const char *p, size_t n, int64_t *epoch)
{
	int d, y, hh, mm, ss, off, mon;

	/* 28/Sep/1970:12:00:00 +0600 */
	if (n != 26 || p[2] != '/' || p[6] != '/' || p[11] != ':' ||
	    p[14] != ':' || p[17] != ':' || p[20] != ' ')
		return -1;
	if (digits(p, 2, &d) || digits(p + 7, 4, &y) ||
	    digits(p + 12, 2, &hh) || digits(p + 15, 2, &mm) ||
	    digits(p + 18, 2, &ss) || zone(p + 21, 5, &off))
		return -1;
	if (!(mon = month_of(p + 3)))
		return -1;
	return make_epoch(y, mon, d, hh, mm, ss, off, epoch);
}

int timefmt_iso8601(const char *p, size_t n, int64_t *epoch)
{
	int y, mon, d, hh, mm, ss, off = 0;

	/* 1970-09-28T12:00:00 then [.fff] then Z | +06:00 | +0600 */
	if (n < 19 || p[4] != '-' || p[7] != '-' ||
	    (p[10] != 'T' && p[10] != ' ') || p[13] != ':' || p[16] != ':')
		return -1;
	if (digits(p, 4, &y) || digits(p + 5, 2, &mon) ||
	    digits(p + 8, 2, &d) || digits(p + 11, 2, &hh) ||
	    digits(p + 14, 2, &mm) || digits(p + 17, 2, &ss))
		return -1;
	size_t i = 19;
	if (i < n && (p[i] == '.' || p[i] == ',')) {
		i++;
		while (i < n && p[i] >= '0' && p[i] <= '9')
			i++;
	}
	if (i < n && p[i] == ' ') /* "2010-10-26 02:27:15 +0000" */
		i++;
	if (i == n - 1 && p[i] == 'Z')
		off = 0;
	else if (i < n && zone(p + i, n - i, &off))
		return -1;
	return make_epoch(y, mon, d, hh, mm, ss, off, epoch);
}

int timefmt_msec(const char *p, size_t n, int64_t *epoch)
{
	int64_t us;
	if (parse_seconds_us(p, n, &us))
		return -1;
	*epoch = us / 1000000;
	return 0;
}

int timefmt_ruby(const char *p, size_t n, int64_t *epoch)
{
	int d, hh, mm, ss, off, y, mon;

	/* Tue Apr 27 17:59:32 -0700 2010 */
	if (n != 30 || p[3] != ' ' || p[7] != ' ' || p[10] != ' ' ||
	    p[13] != ':' || p[16] != ':' || p[19] != ' ' || p[25] != ' ')
		return -1;
	if (!(mon = month_of(p + 4)) ||
	    (p[8] == ' ' ? digits(p + 9, 1, &d) : digits(p + 8, 2, &d)) ||
	    digits(p + 11, 2, &hh) || digits(p + 14, 2, &mm) ||
	    digits(p + 17, 2, &ss) || zone(p + 20, 5, &off) ||
	    digits(p + 26, 4, &y))
		return -1;
	return make_epoch(y, mon, d, hh, mm, ss, off, epoch);
}
