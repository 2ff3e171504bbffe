/*
 * report_common.c - what the writers share to format: numbers that read
 * back as the same double (JSON, CSV); percentages rounded down, never up
 * (the table); durations and objectives as named; text as the table
 * shows it. (What they show is computed once, in model.c.)
 */
#include "report.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void report_pct(char *buf, size_t len, double frac)
{
	/* 12 significant digits: as many as an objective is written with,
	 * and few enough to hide the binary error of x 100 (99.9, not
	 * 99.90000000000001); never rounded to 100 (99.999995 stays) */
	snprintf(buf, len, "%.12g", frac * 100);
}

const char *report_num(char *buf, size_t len, double v)
{
	if (!isfinite(v)) {
		snprintf(buf, len, "null");
		return buf;
	}
	/* the shortest of %.15g, %.16g, %.17g that reads back as v (%.17g
	 * always does) */
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, len, "%.*g", prec, v);
		if (prec == 17 || strtod(buf, NULL) == v)
			break;
	}
	return buf;
}

void report_json_num(FILE *out, double v)
{
	char b[40];
	fputs(report_num(b, sizeof(b), v), out);
}

/* 100 x num / den rounded down to digits decimals, by long division in
 * integers: exact for any den below 2^64 / 10. */
static void floor_pct(char *buf, size_t len, uint64_t num, uint64_t den,
                      int digits)
{
	uint64_t q = num / den, r = num % den;
	char frac[24];
	int nd = digits + 2; /* two digits for the percent, then decimals */
	if (nd > (int)sizeof(frac) - 1)
		nd = (int)sizeof(frac) - 1;
	for (int i = 0; i < nd; i++) {
		r *= 10;
		frac[i] = (char)('0' + r / den);
		r %= den;
	}
	frac[nd] = '\0';
	/* q is 0 or 1 for a ratio of good to all; larger is allowed */
	unsigned long long whole =
	    (unsigned long long)q * 100 +
	    (unsigned long long)((frac[0] - '0') * 10 + (frac[1] - '0'));
	if (digits)
		snprintf(buf, len, "%llu.%s", whole, frac + 2);
	else
		snprintf(buf, len, "%llu", whole);
}

void report_ratio_pct(char *buf, size_t len, uint64_t num, uint64_t den,
                      int digits)
{
	if (den == 0) {
		snprintf(buf, len, "-");
		return;
	}
	floor_pct(buf, len, num, den, digits);
}

void report_frac_pct(char *buf, size_t len, double frac, int digits)
{
	if (!isfinite(frac)) {
		snprintf(buf, len, "-");
		return;
	}
	double scale = 1;
	for (int i = 0; i < digits; i++)
		scale *= 10;
	/* floor, but forgive the last bits of binary error: 0.29 x 100 x 10
	 * is 289.99999999999994 in doubles, and means 29.0 */
	double v = frac * 100 * scale;
	double f = floor(v);
	if (v - f > 1 - 1e-9 * (fabs(v) > 1 ? fabs(v) : 1))
		f += 1;
	if (frac < 1 && f >= 100 * scale)
		f = 100 * scale - 1;
	snprintf(buf, len, "%.*f", digits, f / scale);
}

int report_display(char *buf, size_t cap, const char *s, size_t n, int max_cols,
                   int *cut)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0;
	int cols = 0;
	*cut = 0;
	for (size_t i = 0; i < n;) {
		char tmp[16];
		size_t k = utf8_seq(p + i, n - i), tn;
		if (k == 1 && (p[i] < 0x20 || p[i] == 0x7f)) {
			tn =
			    (size_t)snprintf(tmp, sizeof(tmp), "\\x%02X", p[i]);
		} else if (k == 2 && p[i] == 0xC2 && p[i + 1] < 0xA0) {
			/* C1 controls (U+0080-U+009F): a terminal may act on
			 * them */
			tn = (size_t)snprintf(tmp, sizeof(tmp), "\\xC2\\x%02X",
			                      p[i + 1]);
		} else if (k == 0) { /* not UTF-8 */
			tn =
			    (size_t)snprintf(tmp, sizeof(tmp), "\\x%02X", p[i]);
			k = 1;
		} else {
			tn = k;
			memcpy(tmp, p + i, k);
		}
		/* an escape counts one column per character it writes */
		int w = k > 1 && tn == k ? 1 : (int)tn;
		if (cols + w > max_cols || o + tn + 1 > cap) {
			*cut = 1;
			break;
		}
		memcpy(buf + o, tmp, tn);
		o += tn;
		cols += w;
		i += k;
	}
	buf[o] = '\0';
	return cols;
}

void report_display_put(FILE *o, const char *s, size_t n)
{
	char *buf = xmalloc(8 * n + 1);
	int cut;
	report_display(buf, 8 * n + 1, s, n, INT_MAX, &cut);
	fputs(buf, o);
	free(buf);
}

const char *report_grouped(char *buf, uint64_t v)
{
	char tmp[32];
	int n = snprintf(tmp, sizeof(tmp), "%llu", (unsigned long long)v);
	int o = 0;
	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = tmp[i];
	}
	buf[o] = '\0';
	return buf;
}

void report_ms(char *buf, size_t len, double us)
{
	double v = us / 1000.0;
	if (v >= 100)
		snprintf(buf, len, "%.0f", v);
	else if (v >= 10)
		snprintf(buf, len, "%.1f", v);
	else
		snprintf(buf, len, "%.2f", v);
}

const char *report_share(char *buf, size_t len, uint64_t num, uint64_t den)
{
	if (!den)
		snprintf(buf, len, "-");
	else if (num && (double)num / (double)den < 0.0001)
		snprintf(buf, len, "<0.01%%");
	else {
		report_ratio_pct(buf, len - 1, num, den, 2);
		strcat(buf, "%");
	}
	return buf;
}
