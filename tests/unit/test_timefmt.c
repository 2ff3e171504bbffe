/*
 * test_timefmt.c - the timestamp parsers: each shape, zones, and the
 * dates and zones that do not exist (an error, never rolled over). The
 * expected epochs were computed with GNU date, not with this code:
 *   date -u -d "2024-02-29 12:00:00 UTC" +%s    1709208000
 *   date -u -d "2024-03-01 00:00:00 +0100" +%s  1709247600
 *   date -u -d "2000-02-29 00:00:00 UTC" +%s    951782400
 *   date -u -d "2026-11-01 23:59:59 -0930" +%s  1793611799
 */
#include <string.h>

#include "check.h"
#include "timefmt.h"

static int clf(const char *s, int64_t *t)
{
	return timefmt_clf(s, strlen(s), t);
}

static int iso(const char *s, int64_t *t)
{
	return timefmt_iso8601(s, strlen(s), t);
}

int main(void)
{
	int64_t t = 0;

	CHECK_INT(clf("29/Feb/2024:12:00:00 +0000", &t), 0);
	CHECK_INT(t, 1709208000);
	CHECK_INT(clf("01/Mar/2024:00:00:00 +0100", &t), 0);
	CHECK_INT(t, 1709247600);
	CHECK_INT(clf("29/Feb/2000:00:00:00 +0000", &t), 0); /* 400 years */
	CHECK_INT(t, 951782400);
	CHECK_INT(clf("01/Nov/2026:23:59:59 -0930", &t), 0);
	CHECK_INT(t, 1793611799);

	/* dates that do not exist */
	CHECK_INT(clf("29/Feb/2025:12:00:00 +0000", &t), -1);
	CHECK_INT(clf("29/Feb/1900:12:00:00 +0000", &t), -1); /* 100 years */
	CHECK_INT(clf("31/Apr/2024:12:00:00 +0000", &t), -1);
	CHECK_INT(clf("00/Apr/2024:12:00:00 +0000", &t), -1);
	CHECK_INT(clf("30/Apr/2024:24:00:00 +0000", &t), -1);
	CHECK_INT(clf("30/Apr/2024:23:60:00 +0000", &t), -1);
	CHECK_INT(clf("30/Foo/2024:23:00:00 +0000", &t), -1);
	/* zones that do not exist */
	CHECK_INT(clf("29/Feb/2024:12:00:00 +9999", &t), -1);
	CHECK_INT(clf("29/Feb/2024:12:00:00 +2400", &t), -1);
	CHECK_INT(clf("29/Feb/2024:12:00:00 +0060", &t), -1);
	CHECK_INT(clf("29/Feb/2024:12:00:00 +2359", &t), 0);
	/* a leap second is a second */
	CHECK_INT(clf("31/Dec/2016:23:59:60 +0000", &t), 0);

	CHECK_INT(iso("2024-02-29T12:00:00Z", &t), 0);
	CHECK_INT(t, 1709208000);
	CHECK_INT(iso("2024-03-01T00:00:00+01:00", &t), 0);
	CHECK_INT(t, 1709247600);
	CHECK_INT(iso("2024-03-01 00:00:00.123 +0100", &t), 0);
	CHECK_INT(t, 1709247600);
	CHECK_INT(iso("2024-02-30", &t), -1);
	CHECK_INT(iso("2024-02-30T00:00:00Z", &t), -1);
	CHECK_INT(iso("2025-02-29T00:00:00Z", &t), -1);
	CHECK_INT(iso("2024-13-01T00:00:00Z", &t), -1);
	CHECK_INT(iso("2024-06-31T00:00:00Z", &t), -1);
	CHECK_INT(iso("2024-06-30T00:00:00+99:00", &t), -1);
	CHECK_INT(iso("2024-06-30T00:00:00+05:75", &t), -1);

	CHECK_INT(timefmt_ruby("Thu Feb 29 12:00:00 +0000 2024", 30, &t), 0);
	CHECK_INT(t, 1709208000);
	CHECK_INT(timefmt_ruby("Sat Feb 29 12:00:00 +0000 2025", 30, &t), -1);

	CHECK_INT(timefmt_msec("1709208000.123", 14, &t), 0);
	CHECK_INT(t, 1709208000);
	CHECK_INT(timefmt_msec("-1", 2, &t), -1);
	return CHECK_DONE("test_timefmt");
}
