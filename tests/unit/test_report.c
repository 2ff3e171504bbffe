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

int main(void)
{
	numbers();
	percents();
	escaping();
	return CHECK_DONE("report");
}
