/*
 * test_corr.c - corrections: the window arithmetic (one-off, daily across
 * midnight, weekly in Europe/Berlin across the DST changes of 2026-03-29
 * and 2026-10-25, from/until), the zone's offset table, which correction
 * holds for which SLI, the loader's errors at line:col, and a run whose
 * corrected requests are counted per SLI and correction and left out of
 * statistics and timeline alike. Every expected instant is worked by hand
 * below from the calendar (days since 1970 and the zone's published
 * offsets: CET +01:00, CEST +02:00, changing at 01:00Z), not by the zone
 * code under test.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "report.h"
#include "run.h"
#include "util.h"

/* An instant from a UTC date and time. */
static int64_t utc(int y, int mo, int d, int h, int mi)
{
	return util_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 +
	       h * 3600 + mi * 60;
}

static rules_t *load(const char *yaml)
{
	rules_err_t e;
	rules_t *r = rules_load_buf(yaml, strlen(yaml), "t.yaml", &e);
	CHECK_MSG(r != NULL, "%d:%d: %s", e.line, e.col, e.msg);
	return r;
}

static void fails(const char *yaml, int line, int col, const char *part)
{
	rules_err_t e;
	rules_t *r = rules_load_buf(yaml, strlen(yaml), "t.yaml", &e);
	CHECK_MSG(r == NULL, "accepted: %s", yaml);
	rules_free(r);
	CHECK_MSG(e.line == line && e.col == col, "%d:%d, want %d:%d (%s)",
	          e.line, e.col, line, col, e.msg);
	CHECK_MSG(strstr(e.msg, part) != NULL, "'%s' lacks '%s'", e.msg, part);
}

/* The occurrence of c holding t is exactly [s, e). */
static void holds(const corr_t *c, int64_t t, int64_t s, int64_t e)
{
	int64_t gs = 0, ge = 0;
	int hit = corr_covers(c, t, &gs, &ge);
	CHECK_MSG(hit && gs == s && ge == e,
	          "at %lld: hit %d [%lld, %lld), want [%lld, %lld)",
	          (long long)t, hit, (long long)gs, (long long)ge, (long long)s,
	          (long long)e);
	/* its first and last minutes are in, the minutes either side not */
	CHECK(corr_covers(c, s, NULL, NULL));
	CHECK(corr_covers(c, e - 1, NULL, NULL));
	CHECK(corr_covers(c, e - 60, NULL, NULL));
	CHECK_MSG(!corr_covers(c, e, NULL, NULL), "end %lld covered",
	          (long long)e);
	CHECK_MSG(!corr_covers(c, s - 1, NULL, NULL), "%lld covered",
	          (long long)(s - 1));
}

static const char head[] = "slis:\n"
                           "  - name: api\n"
                           "    match: {path: '^/api/'}\n"
                           "  - name: web\n"
                           "corrections:\n";

static rules_t *with(const char *entries)
{
	char buf[2048];
	snprintf(buf, sizeof(buf), "%s%s", head, entries);
	return load(buf);
}

static void test_once(void)
{
	rules_t *r = with("  - name: deploy\n"
	                  "    start: 2026-11-03T11:00:00+01:00\n"
	                  "    end: 2026-11-03T11:30:00Z\n"
	                  "    slis: [api]\n"
	                  "    reason: bad deploy\n"
	                  "  - name: by-duration\n"
	                  "    every: once\n" /* as the JSON writes it */
	                  "    start: 2026-11-03T12:00:00Z\n"
	                  "    duration: 90m\n");
	if (!r)
		return;
	CHECK_INT(r->ncorr, 2);
	CHECK_INT(r->corr[1].every, CORR_ONCE);
	const corr_t *c = &r->corr[0];
	CHECK_STR(c->name, "deploy");
	CHECK_STR(c->reason, "bad deploy");
	CHECK_INT(c->every, CORR_ONCE);
	holds(c, utc(2026, 11, 3, 10, 30) + 17, utc(2026, 11, 3, 10, 0),
	      utc(2026, 11, 3, 11, 30));
	CHECK(corr_for(c, 0) && !corr_for(c, 1));
	CHECK(!r->corr[1].sli && corr_for(&r->corr[1], 1));
	holds(&r->corr[1], utc(2026, 11, 3, 13, 29), utc(2026, 11, 3, 12, 0),
	      utc(2026, 11, 3, 13, 30));

	/* per SLI, the first correction in the file's order that holds */
	int of[2];
	CHECK_INT(
	    corr_minute(r->corr, r->ncorr, 2, utc(2026, 11, 3, 10, 0), of), 1);
	CHECK(of[0] == 0 && of[1] == -1);
	CHECK_INT(
	    corr_minute(r->corr, r->ncorr, 2, utc(2026, 11, 3, 9, 59), of), 0);
	CHECK(of[0] == -1 && of[1] == -1);
	CHECK_INT(
	    corr_minute(r->corr, r->ncorr, 2, utc(2026, 11, 3, 12, 5), of), 1);
	CHECK(of[0] == 1 && of[1] == 1);
	rules_free(r);
}

static void test_daily(void)
{
	/* 23:50 for 20 minutes, UTC: across midnight; from/until are the
	 * local dates of the starts */
	rules_t *r = with("  - name: nightly\n"
	                  "    every: day\n"
	                  "    at: \"23:50\"\n"
	                  "    duration: 20m\n"
	                  "    from: 2026-03-28\n"
	                  "    until: 2026-03-30\n");
	if (!r)
		return;
	const corr_t *c = &r->corr[0];
	CHECK_INT(c->every, CORR_DAY);
	holds(c, utc(2026, 3, 29, 0, 5), utc(2026, 3, 28, 23, 50),
	      utc(2026, 3, 29, 0, 10));
	holds(c, utc(2026, 3, 29, 23, 55), utc(2026, 3, 29, 23, 50),
	      utc(2026, 3, 30, 0, 10));
	/* the start of the 27th is before from, of the 30th at until */
	CHECK(!corr_covers(c, utc(2026, 3, 28, 0, 5), NULL, NULL));
	CHECK(!corr_covers(c, utc(2026, 3, 30, 23, 55), NULL, NULL));
	CHECK(!corr_covers(c, utc(2026, 3, 29, 12, 0), NULL, NULL));
	rules_free(r);
}

static void test_weekly_berlin(void)
{
	rules_t *r = with("  - name: maint\n"
	                  "    every: week\n"
	                  "    days: [sun]\n"
	                  "    at: \"02:00\"\n"
	                  "    duration: 2h\n"
	                  "    tz: Europe/Berlin\n"
	                  "  - name: half-past\n"
	                  "    every: week\n"
	                  "    days: [sat, sun]\n"
	                  "    at: \"02:30\"\n"
	                  "    duration: 10m\n"
	                  "    tz: Europe/Berlin\n"
	                  "    from: 2026-01-01\n"
	                  "    until: 2027-01-01\n");
	if (!r)
		return;
	const corr_t *c = &r->corr[0], *h = &r->corr[1];
	/* the second shares the first's offset table */
	CHECK(c->zone == h->zone && c->zone_owned && !h->zone_owned);
	/* Berlin in 2026: CET (+1) until 2026-03-29T01:00Z, then CEST
	 * (+2) until 2026-10-25T01:00Z */
	CHECK_INT(cal_offsets_at(c->zone, utc(2026, 3, 29, 0, 59)), 3600);
	CHECK_INT(cal_offsets_at(c->zone, utc(2026, 3, 29, 1, 0)), 7200);
	CHECK_INT(cal_offsets_at(c->zone, utc(2026, 10, 25, 0, 59)), 7200);
	CHECK_INT(cal_offsets_at(c->zone, utc(2026, 10, 25, 1, 0)), 3600);

	/* 2026-03-22, CET: 02:00 local is 01:00Z */
	holds(c, utc(2026, 3, 22, 2, 0), utc(2026, 3, 22, 1, 0),
	      utc(2026, 3, 22, 3, 0));
	/* 2026-03-29: the clocks skip 02:00 to 03:00; 02:00 is read with
	 * the offset before (CET): 01:00Z, the instant of the change; two
	 * hours of elapsed time, to 03:00Z (05:00 CEST) */
	holds(c, utc(2026, 3, 29, 2, 59), utc(2026, 3, 29, 1, 0),
	      utc(2026, 3, 29, 3, 0));
	/* 2026-04-05, CEST: 00:00Z */
	holds(c, utc(2026, 4, 5, 0, 0), utc(2026, 4, 5, 0, 0),
	      utc(2026, 4, 5, 2, 0));
	/* 2026-10-18, CEST */
	holds(c, utc(2026, 10, 18, 1, 0), utc(2026, 10, 18, 0, 0),
	      utc(2026, 10, 18, 2, 0));
	/* 2026-10-25: 02:00 is shown twice (00:00Z CEST, 01:00Z CET): the
	 * first */
	holds(c, utc(2026, 10, 25, 1, 30), utc(2026, 10, 25, 0, 0),
	      utc(2026, 10, 25, 2, 0));
	/* 2026-11-01, CET again */
	holds(c, utc(2026, 11, 1, 2, 30), utc(2026, 11, 1, 1, 0),
	      utc(2026, 11, 1, 3, 0));
	/* not on Monday or Saturday at that time */
	CHECK(!corr_covers(c, utc(2026, 3, 30, 1, 30), NULL, NULL));
	CHECK(!corr_covers(c, utc(2026, 3, 28, 1, 30), NULL, NULL));

	/* 02:30, in the gap on 03-29: 01:30Z (03:30 CEST); shown twice on
	 * 10-25: 00:30Z; Saturday 03-28 (CET) 01:30Z, Saturday 10-24
	 * (CEST) 00:30Z */
	holds(h, utc(2026, 3, 29, 1, 35), utc(2026, 3, 29, 1, 30),
	      utc(2026, 3, 29, 1, 40));
	holds(h, utc(2026, 10, 25, 0, 39), utc(2026, 10, 25, 0, 30),
	      utc(2026, 10, 25, 0, 40));
	CHECK(!corr_covers(h, utc(2026, 10, 25, 1, 30), NULL, NULL));
	holds(h, utc(2026, 3, 28, 1, 30), utc(2026, 3, 28, 1, 30),
	      utc(2026, 3, 28, 1, 40));
	holds(h, utc(2026, 10, 24, 0, 30), utc(2026, 10, 24, 0, 30),
	      utc(2026, 10, 24, 0, 40));
	/* from/until: 2025-12-28 (a Sunday) and 2027-01-02 (a Saturday)
	 * are outside [2026-01-01, 2027-01-01) */
	CHECK(!corr_covers(h, utc(2025, 12, 28, 1, 30), NULL, NULL));
	CHECK(!corr_covers(h, utc(2027, 1, 2, 1, 30), NULL, NULL));
	holds(h, utc(2026, 1, 3, 1, 30), utc(2026, 1, 3, 1, 30),
	      utc(2026, 1, 3, 1, 40));
	rules_free(r);
}

static void test_errors(void)
{
	/* lines 6 on are the entry (head has 5 lines) */
	fails("slis:\n  - name: a\ncorrections:\n  - start: "
	      "2026-01-01T00:00:00Z\n"
	      "    end: 2026-01-01T01:00:00Z\n",
	      4, 5, "has no name");
	char buf[1024];
#define ENTRY(text) (snprintf(buf, sizeof(buf), "%s%s", head, text), buf)
	fails(ENTRY("  - name: x\n    start: 2026-01-01T00:00:00\n"
	            "    end: 2026-01-01T01:00:00Z\n"),
	      7, 12, "with its zone");
	fails(ENTRY("  - name: x\n    start: 2026-01-01T00:00:30Z\n"
	            "    end: 2026-01-01T01:00:00Z\n"),
	      7, 12, "whole minute");
	fails(ENTRY("  - name: x\n    start: 2026-01-01T01:00:00Z\n"
	            "    end: 2026-01-01T01:00:00Z\n"),
	      8, 10, "end must be after start");
	fails(ENTRY("  - name: x\n    start: 2026-01-01T01:00:00Z\n"), 6, 5,
	      "needs end: or duration:");
	fails(ENTRY("  - name: x\n    start: 2026-01-01T01:00:00Z\n"
	            "    end: 2026-01-01T02:00:00Z\n    duration: 1h\n"),
	      9, 15, "give end: or duration:, not both");
	fails(ENTRY("  - name: x\n    start: 2026-01-01T01:00:00Z\n"
	            "    duration: 100000d\n"),
	      8, 15, "'100000d' is out of range: durations go up to 11574d");
	/* the years the zone tables follow, for every correction */
	fails(ENTRY("  - name: x\n    start: 0000-01-01T01:00:00Z\n"
	            "    duration: 1h\n"),
	      7, 12, "start must be from 1970-01-01T00:00Z to 2100");
	fails(ENTRY("  - name: x\n    start: 2026-01-01T01:00:00Z\n"
	            "    end: 2100-01-01T00:01:00Z\n"),
	      8, 10, "end must be from 1970-01-01T00:00Z to 2100");
	fails(ENTRY("  - name: x\n    start: 2099-12-31T23:00:00Z\n"
	            "    duration: 2h\n"),
	      8, 15, "duration goes past 2100-01-01T00:00Z");
	fails(ENTRY("  - name: x\n    every: day\n    at: \"02:00\"\n"
	            "    duration: 1h\n    from: 1969-12-31\n"),
	      10, 11, "from must be a date from 1970-01-01 to 2100-01-01");
	fails(ENTRY("  - name: x\n    every: day\n    at: \"02:00\"\n"
	            "    duration: 1h\n    until: 2100-01-02\n"),
	      10, 12, "until must be a date from 1970-01-01 to 2100-01-01");
	fails(ENTRY("  - name: x\n    every: week\n    days: []\n"
	            "    at: \"02:00\"\n    duration: 1h\n"),
	      8, 11, "days is empty: name at least one day");
	fails(ENTRY("  - name: ~\n    start: 2026-01-01T01:00:00Z\n"
	            "    duration: 1h\n"),
	      6, 11, "name is YAML's null");
	/* every: once is the one-off kind: what recurs is refused */
	fails(ENTRY("  - name: x\n    every: once\n"
	            "    start: 2026-01-01T01:00:00Z\n"
	            "    duration: 1h\n    at: \"02:00\"\n"),
	      10, 9, "only for a correction that recurs");
	fails(ENTRY("  - name: x\n    start: 2026-01-01T01:00:00Z\n"
	            "    duration: 90s\n"),
	      8, 15, "whole minutes");
	fails(ENTRY("  - name: x\n    start: 2026-01-01T01:00:00Z\n"
	            "    duration: 1h\n    slis: [api, nope]\n"),
	      9, 17, "no SLI is named 'nope'");
	fails(ENTRY("  - name: x\n    start: 2026-01-01T01:00:00Z\n"
	            "    duration: 1h\n  - name: x\n"
	            "    start: 2026-01-02T01:00:00Z\n    duration: 1h\n"),
	      9, 5, "same name");
	fails(ENTRY("  - name: x\n    every: month\n"), 7, 12,
	      "every must be once, day or week");
	fails(ENTRY("  - name: x\n    every: week\n    at: \"02:00\"\n"
	            "    duration: 1h\n"),
	      6, 5, "needs days:");
	fails(ENTRY("  - name: x\n    every: week\n    days: [sunday]\n"
	            "    at: \"02:00\"\n    duration: 1h\n"),
	      8, 12, "not 'sunday'");
	fails(ENTRY("  - name: x\n    every: day\n    at: \"2:00\"\n"
	            "    duration: 1h\n"),
	      8, 9, "local time");
	fails(ENTRY("  - name: x\n    every: day\n    at: \"02:00\"\n"
	            "    duration: 25h\n"),
	      9, 15, "at most the period");
	fails(ENTRY("  - name: x\n    every: day\n    at: \"02:00\"\n"
	            "    duration: 1h\n    tz: Mars/Olympus\n"),
	      10, 9, "unknown time zone");
	fails(ENTRY("  - name: x\n    every: day\n    at: \"02:00\"\n"
	            "    duration: 1h\n    from: 2026-02-30\n"),
	      10, 11, "a date like");
	fails(ENTRY("  - name: x\n    every: day\n    at: \"02:00\"\n"
	            "    duration: 1h\n    from: 2026-02-01\n"
	            "    until: 2026-02-01\n"),
	      11, 12, "until must be after from");
	fails(ENTRY("  - name: x\n    every: day\n    at: \"02:00\"\n"
	            "    duration: 1h\n    start: 2026-01-01T00:00:00Z\n"),
	      10, 12, "only for a one-off");
	fails(ENTRY("  - name: x\n    start: 2026-01-01T01:00:00Z\n"
	            "    duration: 1h\n    tz: UTC\n"),
	      9, 9, "only for a correction that recurs");
	fails(ENTRY("  - name: x\n    start: 2026-01-01T01:00:00Z\n"
	            "    duration: 1h\n    when: now\n"),
	      9, 5, "unknown key 'when'");
	fails(ENTRY("  name: x\n"), 6, 3, "corrections must be a list");
#undef ENTRY
}

/* A run: two requests a minute from 10:00Z to 10:59Z, one per SLI, the
 * api's failing from 10:20Z; a correction of the api's from 10:20Z to
 * 10:40Z and one of both from 10:30Z to 10:50Z (the first holds for the
 * api where both do). */
static void test_run(void)
{
	rules_t *r = with("  - name: deploy\n"
	                  "    start: 2026-03-01T10:20:00Z\n"
	                  "    duration: 20m\n"
	                  "    slis: [api]\n"
	                  "  - name: both\n"
	                  "    start: 2026-03-01T10:30:00Z\n"
	                  "    end: 2026-03-01T10:50:00Z\n");
	if (!r)
		return;
	char err[256];
	size_t off;
	nginx_fmt_t *nf =
	    nginx_fmt_compile(NGINX_COMBINED, " $request_time",
	                      LAT_REQUEST_TIME, err, sizeof(err), &off);
	format_t fmt = {FMT_NGINX, nf, &r->fields, LAT_REQUEST_TIME};
	run_t *run = run_new(r, &fmt);
	run_input_t *in = run_input_new(run, "t.log", FMT_NGINX);
	for (int m = 0; m < 60; m++) {
		char line[256];
		int n = snprintf(line, sizeof(line),
		                 "1.2.3.4 - - [01/Mar/2026:10:%02d:30 +0000] "
		                 "\"GET /api/x HTTP/1.1\" %d 5 \"-\" \"c\" "
		                 "0.100",
		                 m, m >= 20 ? 500 : 200);
		run_input_line(in, line, (size_t)n, 0);
		n = snprintf(line, sizeof(line),
		             "1.2.3.4 - - [01/Mar/2026:10:%02d:30 +0000] "
		             "\"GET /web HTTP/1.1\" 200 5 \"-\" \"c\" 0.100",
		             m);
		run_input_line(in, line, (size_t)n, 0);
	}
	run_input_end(in);
	agg_finish(run->agg);
	const agg_t *a = run->agg;
	CHECK_INT(a->requests, 120);
	CHECK_INT(a->unmatched, 0); /* corrected requests are matched */
	/* api: 10:20-10:39 deploy (20), 10:40-10:49 both (10) */
	CHECK_INT(a->s[0].corrected, 30);
	CHECK_INT(a->s[0].corr_n[0], 20);
	CHECK_INT(a->s[0].corr_n[1], 10);
	CHECK_INT(a->s[0].total.requests, 30);
	CHECK_INT(a->s[0].total.bad, 10); /* 10:50 to 10:59 */
	/* web (matches everything): 10:30-10:49 */
	CHECK_INT(a->s[1].corrected, 40);
	CHECK_INT(a->s[1].corr_n[0], 0);
	CHECK_INT(a->s[1].corr_n[1], 40);
	CHECK_INT(a->s[1].total.requests, 80);
	/* the timeline, where budgets and burn rates come from, agrees */
	uint64_t sum[4] = {0};
	timeline_sum(a->s[0].tl, utc(2026, 3, 1, 0, 0), utc(2026, 3, 2, 0, 0),
	             sum);
	CHECK_INT(sum[TL_REQ], 30);
	CHECK_INT(sum[TL_BAD], 10);
	timeline_sum(a->s[0].tl, utc(2026, 3, 1, 10, 20),
	             utc(2026, 3, 1, 10, 50), sum);
	CHECK_INT(sum[TL_REQ], 0);
	/* the model sums per correction over the SLIs */
	model_t *m = model_new(run);
	CHECK_INT(m->corrected, 70);
	CHECK_INT(m->corr_total[0], 20);
	CHECK_INT(m->corr_total[1], 50);
	CHECK_INT(m->sli[0].corrected, 30);
	model_free(m);
	run_free(run);
	nginx_fmt_free(nf);
	rules_free(r);
}

int main(void)
{
	test_once();
	test_daily();
	test_weekly_berlin();
	test_errors();
	test_run();
	return CHECK_DONE("test_corr");
}
