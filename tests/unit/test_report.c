/* test_report.c - the number formats the writers share: JSON numbers
 * that read back as the same double, and percentages that are never
 * rounded up (100% only when nothing was bad); the HTML report's escape of
 * log text. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "report.h"
#include "report_svg.h"

static void numbers(void)
{
	char b[40];
	/* one bad request in 2,000,000 is not 1 */
	CHECK_STR(report_num(b, sizeof(b), 1999999.0 / 2000000.0), "0.9999995");
	CHECK_STR(report_num(b, sizeof(b), 0.1), "0.1");
	CHECK_STR(report_num(b, sizeof(b), 1.0), "1");
	CHECK_STR(report_num(b, sizeof(b), 0.999), "0.999");
	CHECK_STR(report_num(b, sizeof(b), 1.0 / 3), "0.3333333333333333");
	CHECK_STR(report_num(b, sizeof(b), NAN), "null");
	/* every value reads back as itself, whatever it needs */
	unsigned long long x = 88172645463325252ULL;
	int bad = 0;
	for (int i = 0; i < 100000; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		double v = (double)(x >> 11) / (double)(1ULL << 53) *
		           (i % 2 ? 1e6 : 1);
		report_num(b, sizeof(b), v);
		bad += strtod(b, NULL) != v;
	}
	CHECK(bad == 0);
}

static void percents(void)
{
	char b[40];
	report_ratio_pct(b, sizeof(b), 1999999, 2000000, 3);
	CHECK_STR(b, "99.999");
	report_ratio_pct(b, sizeof(b), 2000000, 2000000, 3);
	CHECK_STR(b, "100.000");
	report_ratio_pct(b, sizeof(b), 999999999999999999ULL,
	                 1000000000000000000ULL, 3);
	CHECK_STR(b, "99.999");
	report_ratio_pct(b, sizeof(b), 2, 3, 3);
	CHECK_STR(b, "66.666");
	report_ratio_pct(b, sizeof(b), 0, 3, 3);
	CHECK_STR(b, "0.000");
	report_ratio_pct(b, sizeof(b), 9995, 10000, 3);
	CHECK_STR(b, "99.950");
	report_ratio_pct(b, sizeof(b), 1, 0, 3);
	CHECK_STR(b, "-");

	report_pct(b, sizeof(b), 0.999);
	CHECK_STR(b, "99.9");
	report_pct(b, sizeof(b), 0.99999995); /* not 100 */
	CHECK_STR(b, "99.999995");
	report_pct(b, sizeof(b), 1);
	CHECK_STR(b, "100");

	report_frac_pct(b, sizeof(b), 1.0, 1);
	CHECK_STR(b, "100.0");
	report_frac_pct(b, sizeof(b), 0.99999999, 1);
	CHECK_STR(b, "99.9");
	report_frac_pct(b, sizeof(b), 1 - 2 / 0.47, 1); /* -325.53% */
	CHECK_STR(b, "-325.6");
	report_frac_pct(b, sizeof(b), 0.9995,
	                1); /* 99.95 rounds down to 99.9 */
	CHECK_STR(b, "99.9");
	report_frac_pct(b, sizeof(b), 0.29, 1); /* 289.99999999999994 */
	CHECK_STR(b, "29.0");
	report_frac_pct(b, sizeof(b), 0.5, 1);
	CHECK_STR(b, "50.0");
	report_frac_pct(b, sizeof(b), NAN, 1);
	CHECK_STR(b, "-");
}

/* Durations for people, latencies beyond a minute, thresholds as
 * written, plurals. */
static void units(void)
{
	char b[48];
	report_span(b, sizeof(b), 29409590000LL); /* 29409590 ms */
	CHECK_STR(b, "8h10m");
	report_span(b, sizeof(b), 65000000LL);
	CHECK_STR(b, "1m05s");
	report_span(b, sizeof(b), (2 * 86400 + 3 * 3600 + 59) * 1000000LL);
	CHECK_STR(b, "2d03h"); /* padded as "8h05m" is */
	report_span(b, sizeof(b), (5361 * 86400 + 8 * 3600) * 1000000LL);
	CHECK_STR(b, "5361d08h"); /* 15 years: days, months vary */
	report_span(b, sizeof(b), 3600 * 1000000LL);
	CHECK_STR(b, "1h00m");
	report_span(b, sizeof(b), 42 * 1000000LL + 999999);
	CHECK_STR(b, "42s");
	report_ms(b, sizeof(b), 59999000.0); /* under a minute: ms */
	CHECK_STR(b, "59999");
	report_ms(b, sizeof(b), 60000000.0);
	CHECK_STR(b, "1m00s");
	report_ms(b, sizeof(b), 26000.0);
	CHECK_STR(b, "26.0");
	report_duration(b, sizeof(b), 5000000);
	CHECK_STR(b, "5s");
	report_duration(b, sizeof(b), 300000);
	CHECK_STR(b, "300ms");
	report_duration(b, sizeof(b), 1500);
	CHECK_STR(b, "1.5ms");
	/* the largest unit that is exact, as the rules write it */
	report_duration(b, sizeof(b), 1500000);
	CHECK_STR(b, "1.5s");
	report_duration(b, sizeof(b), 1250000);
	CHECK_STR(b, "1.25s");
	report_duration(b, sizeof(b), 250);
	CHECK_STR(b, "250us");
	report_duration(b, sizeof(b), 1001);
	CHECK_STR(b, "1.001ms");
	report_duration(b, sizeof(b), 1000001);
	CHECK_STR(b, "1000.001ms");
	report_duration(b, sizeof(b), 90 * 60000000LL);
	CHECK_STR(b, "90m");
	report_duration(b, sizeof(b), 2 * 86400000000LL);
	CHECK_STR(b, "2d");
	/* each reads back as itself */
	static const int64_t back[] = {1500000, 1250000, 250,     1001,
	                               1000001, 300000,  5000000, 1};
	for (size_t i = 0; i < sizeof(back) / sizeof(back[0]); i++) {
		int64_t us = -1;
		report_duration(b, sizeof(b), back[i]);
		CHECK_MSG(parse_duration_us(b, &us) == 0 && us == back[i], "%s",
		          b);
	}
	CHECK_STR(report_count(b, sizeof(b), 1, "request"), "1 request");
	CHECK_STR(report_count(b, sizeof(b), 0, "request"), "0 requests");
	CHECK_STR(report_count(b, sizeof(b), 2000000, "file"),
	          "2,000,000 files");
	CHECK_STR(report_plural(1), "");
	CHECK_STR(report_plural(2), "s");
	CHECK(report_cols("GET /a") == 6);
	CHECK(report_cols("caf\xc3\xa9") == 4); /* é: one column */
	CHECK(report_cols("\xe6\x97\xa5\xe6\x9c\xac") ==
	      4);                             /* 日本: two each */
	CHECK(report_cols("e\xcc\x81") == 1); /* e + combining */
}

/* A small deterministic generator (xorshift), so a failure repeats. */
static unsigned long long rnd_state = 88172645463325252ULL;
static unsigned rnd(unsigned n)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return (unsigned)(rnd_state % n);
}

/* Shortened endpoints: the usual cut, and never two alike. */
static void shorten(void)
{
	const char *in[] = {
	    "GET /api/v1/employees/:id/attendances/summary",
	    "GET /api/v1/employees/:id/attendances/summary.csv",
	    "GET /api/v1/employees/:id/leave_requests/summary",
	    "GET /short",
	};
	char *out[4];
	report_shorten(out, in, 4, 24);
	for (int i = 0; i < 4; i++) {
		CHECK_MSG(report_cols(out[i]) <= 24, "%s", out[i]);
		for (int j = 0; j < i; j++)
			CHECK_MSG(strcmp(out[i], out[j]) != 0, "%s", out[i]);
	}
	CHECK_STR(out[3], "GET /short");
	CHECK(strncmp(out[1], "GET /api/", 9) == 0); /* the usual cut */
	CHECK(strstr(out[1], ".csv") != NULL);
	CHECK(strstr(out[0], "\xe2\x80\xa6") != NULL); /* … */
	/* differing only in the middle: each shows where */
	CHECK_MSG(strstr(out[0], "attendance") != NULL, "%s", out[0]);
	CHECK_MSG(strstr(out[2], "_requests") != NULL, "%s", out[2]);
	for (int i = 0; i < 4; i++)
		free(out[i]);

	/* the property over many random look-alike names and widths:
	 * equal only when the names are, at most max columns unless
	 * whole, always starting as the name does */
	enum { N = 400 };
	static const char *const seg[] = {
	    "api",         "v1",  "v2",
	    "employees",   ":id", "attendances",
	    "a",           "b",   "\xe6\x97\xa5\xe6\x9c\xac",
	    "caf\xc3\xa9", "x",   "summary"};
	char *names[N], *res[N];
	for (int round = 0; round < 20; round++) {
		int max = 4 + (int)rnd(40);
		for (int i = 0; i < N; i++) {
			char b[512];
			size_t n = (size_t)snprintf(b, sizeof(b), "GET ");
			int k = 1 + (int)rnd(12);
			for (int j = 0; j < k; j++)
				n += (size_t)snprintf(
				    b + n, sizeof(b) - n, "/%s",
				    seg[rnd(sizeof(seg) / sizeof(seg[0]))]);
			names[i] = xstrdup(b);
		}
		report_shorten(res, (const char *const *)names, N, max);
		int bad = 0;
		for (int i = 0; i < N && !bad; i++) {
			if (strcmp(res[i], names[i]) != 0 &&
			    report_cols(res[i]) > max)
				bad = 1;
			if (res[i][0] != 'G')
				bad = 2;
			for (int j = 0; j < i && !bad; j++)
				if (!strcmp(res[i], res[j]) &&
				    strcmp(names[i], names[j]) != 0)
					bad = 3;
		}
		CHECK_MSG(bad == 0, "round %d max %d: case %d", round, max,
		          bad);
		for (int i = 0; i < N; i++) {
			free(names[i]);
			free(res[i]);
		}
	}
}

/* report_svg_text(s) into a string. */
static const char *html(const char *s, size_t n)
{
	static char out[256];
	FILE *f = fmemopen(out, sizeof(out), "w");
	report_svg_text(f, s, n);
	fclose(f);
	return out;
}

/* The HTML report's escape: markup is text, bytes that are not UTF-8 and
 * control characters are \xHH as in the table, UTF-8 passes. */
static void escaping(void)
{
	CHECK_STR(html("<script>x</script>", 18),
	          "&lt;script&gt;x&lt;/script&gt;");
	CHECK_STR(html("a&b\"c'd", 7), "a&amp;b&quot;c&#39;d");
	CHECK_STR(html("caf\xc3\xa9", 5), "caf\xc3\xa9");
	CHECK_STR(html("\xe9\x01\x7f", 3), "\\xE9\\x01\\x7F");
	CHECK_STR(html("a\0b", 3), "a\\x00b");
	CHECK_STR(html("\xc2\x85", 2), "\\xC2\\x85");
	CHECK_STR(html("x\n<", 3), "x\\x0A&lt;");
}

/* report_display(s) into a string. */
static const char *shown(const char *s)
{
	static char out[256];
	int cut;
	report_display(out, sizeof(out), s, strlen(s), 1000, &cut);
	return out;
}

/* Format characters that reorder or hide text show as \uHHHH: a row
 * reads as the bytes it was given. */
static void format_chars(void)
{
	CHECK_STR(shown("/rtl\xe2\x80\xae"
	                "evil"),
	          "/rtl\\u202Eevil");
	CHECK_STR(shown("/zw\xe2\x80\x8bx"), "/zw\\u200Bx");
	CHECK_STR(shown("\xef\xbb\xbf/bom"), "\\uFEFF/bom");
	CHECK_STR(shown("a\xc2\xad"
	                "b"),
	          "a\\u00ADb");
	CHECK_STR(shown("a\xe2\x80\xa8"
	                "b\xe2\x80\xa9"),
	          "a\\u2028b\\u2029");
	CHECK_STR(shown("\xe2\x81\xa0\xe2\x81\xa4\xe2\x81\xa6\xe2\x81\xa9"),
	          "\\u2060\\u2064\\u2066\\u2069");
	/* neighbours pass: the dash U+2010, the ellipsis, é */
	CHECK_STR(shown("a\xe2\x80\x90\xe2\x80\xa6\xc3\xa9"),
	          "a\xe2\x80\x90\xe2\x80\xa6\xc3\xa9");
	CHECK(report_cols(shown("/zw\xe2\x80\x8bx")) == 10);
	/* the text \u200B (a JSON or Rails path may hold it) is not the
	 * character: its backslash shows as nginx's \x5C; nginx's own \xHH
	 * stays as it is */
	CHECK_STR(shown("/zw\\u200Bx"), "/zw\\x5Cu200Bx");
	CHECK(strcmp(shown("/zw\\u200Bx"), "/zw\\u200Bx") != 0);
	CHECK_STR(shown("/caf\\xC3\\xA9"), "/caf\\xC3\\xA9");
	CHECK_STR(shown("a\\b"), "a\\b");
}

/* Allowances beside whole counts: rounded down, never e-notation. */
static void amounts(void)
{
	char b[32];
	CHECK_STR(report_amount(b, sizeof(b), 0.0005 * 1999), "0.9995");
	CHECK_STR(report_amount(b, sizeof(b), 0.9995 * 0.99999), "0.9994");
	CHECK_STR(report_amount(b, sizeof(b), 15.14), "15.14");
	CHECK_STR(report_amount(b, sizeof(b), 100.56), "100.5");
	CHECK_STR(report_amount(b, sizeof(b), 0.032), "0.032");
	CHECK_STR(report_amount(b, sizeof(b), 6.0), "6");
	CHECK_STR(report_amount(b, sizeof(b), 0.0), "0");
	CHECK_STR(report_amount(b, sizeof(b), 1e-7), "<0.001");
	CHECK_STR(report_amount(b, sizeof(b), 0.001), "0.001");
	CHECK_STR(report_amount(b, sizeof(b), 999.99), "999.9");
	CHECK_STR(report_amount(b, sizeof(b), 12345.9), "12,345");
	CHECK_STR(report_amount(b, sizeof(b), NAN), "-");
}

int main(void)
{
	numbers();
	percents();
	units();
	shorten();
	escaping();
	format_chars();
	amounts();
	return CHECK_DONE("report");
}
