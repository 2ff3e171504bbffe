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

/* The code point of the UTF-8 sequence s[0..k), k from utf8_seq(). */
static unsigned cp_of(const unsigned char *p, size_t k)
{
	if (k <= 1)
		return p[0];
	if (k == 2)
		return (p[0] & 0x1Fu) << 6 | (p[1] & 0x3Fu);
	if (k == 3)
		return (p[0] & 0x0Fu) << 12 | (p[1] & 0x3Fu) << 6 |
		       (p[2] & 0x3Fu);
	return (p[0] & 0x07u) << 18 | (p[1] & 0x3Fu) << 12 |
	       (p[2] & 0x3Fu) << 6 | (p[3] & 0x3Fu);
}

/* Unicode format characters (category Cf) that change how the text
 * around them looks while showing nothing themselves: the soft hyphen,
 * zero-width spaces and joiners, the bidirectional marks, embeddings,
 * overrides and isolates (U+202E shows "/rtl\u202Eevil" reversed), the
 * invisible operators, the byte order mark; and the line and paragraph
 * separators, which may break a row. */
static int is_format(unsigned c)
{
	return c == 0xAD || (c >= 0x200B && c <= 0x200F) ||
	       (c >= 0x2028 && c <= 0x202E) || (c >= 0x2060 && c <= 0x2064) ||
	       (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF;
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
		} else if (p[i] == '\\' && i + 1 < n && p[i + 1] == 'u') {
			/* the text "\u200B" must not look like the character
			 * shown as \u200B: its backslash as nginx writes one
			 * (a "\x" stays, being nginx's own escape of a byte) */
			tn = (size_t)snprintf(tmp, sizeof(tmp), "\\x5C");
		} else if (k > 1 && is_format(cp_of(p + i, k))) {
			tn = (size_t)snprintf(tmp, sizeof(tmp), "\\u%04X",
			                      cp_of(p + i, k));
		} else if (k == 0) { /* not UTF-8 */
			tn =
			    (size_t)snprintf(tmp, sizeof(tmp), "\\x%02X", p[i]);
			k = 1;
		} else {
			tn = k;
			memcpy(tmp, p + i, k);
		}
		/* an escape counts one column per character it writes */
		int w = k > 1 && tn == k ? report_char_cols(tmp, k) : (int)tn;
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
	return util_grouped(buf, v);
}

void report_span(char *buf, size_t len, int64_t us)
{
	/* the two largest units, rounded down, the second zero-padded to
	 * two digits ("3d04h", "8h05m", "1m05s"): a column of them reads as
	 * times; days are the largest unit (a 15-year span is "5361d08h"),
	 * as months and years have no fixed length */
	long long s = (long long)(us / 1000000);
	if (us < 0)
		s = 0;
	if (s >= 86400)
		snprintf(buf, len, "%lldd%02lldh", s / 86400, s % 86400 / 3600);
	else if (s >= 3600)
		snprintf(buf, len, "%lldh%02lldm", s / 3600, s % 3600 / 60);
	else if (s >= 60)
		snprintf(buf, len, "%lldm%02llds", s / 60, s % 60);
	else
		snprintf(buf, len, "%llds", s);
}

void report_ms(char *buf, size_t len, double us)
{
	double v = us / 1000.0;
	if (us >= 60e6) { /* 29409590 ms reads better as 8h10m */
		report_span(buf, len, (int64_t)us);
		return;
	}
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

const char *report_plural(uint64_t n)
{
	return n == 1 ? "" : "s";
}

const char *report_count(char *buf, size_t len, uint64_t n, const char *noun)
{
	char g[32];
	snprintf(buf, len, "%s %s%s", report_grouped(g, n), noun,
	         report_plural(n));
	return buf;
}

/* The columns code point c takes on a terminal: 2 for the wide East
 * Asian ranges and emoji, 0 for combining marks and zero-width
 * characters, else 1 (wcwidth() without the locale it needs). */
static int cp_cols(unsigned c)
{
	if ((c >= 0x300 && c <= 0x36F) || (c >= 0x200B && c <= 0x200F) ||
	    (c >= 0xFE00 && c <= 0xFE0F))
		return 0;
	if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
	    (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
	    (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
	    (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
	    (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD))
		return 2;
	return 1;
}

int report_char_cols(const char *s, size_t k)
{
	if (k <= 1)
		return 1;
	return cp_cols(cp_of((const unsigned char *)s, k));
}

int report_cols(const char *s)
{
	int cols = 0;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		size_t k = utf8_seq((const unsigned char *)s + i, n - i);
		if (k == 0)
			k = 1;
		cols += report_char_cols(s + i, k);
		i += k;
	}
	return cols;
}

/* ---- shortening in the middle ------------------------------------------ */

/* A display text cut into characters: where each starts, its columns. */
typedef struct chars {
	const char *s;
	int n;       /* characters */
	size_t *off; /* n + 1 offsets, off[n] the length */
	int *w;
} chars_t;

static void chars_of(chars_t *c, const char *s)
{
	size_t len = strlen(s);
	c->s = s;
	c->n = 0;
	c->off = xmalloc((len + 1) * sizeof(*c->off));
	c->w = xmalloc((len + 1) * sizeof(*c->w));
	for (size_t i = 0; i < len;) {
		size_t k = utf8_seq((const unsigned char *)s + i, len - i);
		if (k == 0)
			k = 1;
		c->off[c->n] = i;
		c->w[c->n++] = report_char_cols(s + i, k);
		i += k;
	}
	c->off[c->n] = len;
}

static void chars_free(chars_t *c)
{
	free(c->off);
	free(c->w);
}

/* Characters [a, b) of c, then [d, e) after "…" (when d < e and not
 * right after b), then [f, n) after "…": a malloc'd string. */
static char *compose(const chars_t *c, int a, int b, int d, int e, int f)
{
	size_t cap = c->off[c->n] + 16;
	char *o = xmalloc(cap);
	size_t k = 0;
	memcpy(o, c->s + c->off[a], c->off[b] - c->off[a]);
	k = c->off[b] - c->off[a];
	if (d < e) {
		if (d > b) {
			memcpy(o + k, "…", 3);
			k += 3;
		}
		memcpy(o + k, c->s + c->off[d], c->off[e] - c->off[d]);
		k += c->off[e] - c->off[d];
		b = e;
	}
	if (f > b) {
		memcpy(o + k, "…", 3);
		k += 3;
	}
	memcpy(o + k, c->s + c->off[f], c->off[c->n] - c->off[f]);
	k += c->off[c->n] - c->off[f];
	o[k] = '\0';
	return o;
}

/* The first characters of c from i that fit in cols columns: the end. */
static int fit_from(const chars_t *c, int i, int cols)
{
	while (i < c->n && c->w[i] <= cols)
		cols -= c->w[i++];
	return i;
}

/* The last characters of c before j that fit in cols: their start. */
static int fit_back(const chars_t *c, int j, int cols)
{
	while (j > 0 && c->w[j - 1] <= cols)
		cols -= c->w[--j];
	return j;
}

/* The usual cut: the start (method and first segments) and the end (the
 * last segments, which tell endpoints apart, from a segment's start when
 * one is near the end) around "…". */
static char *cut_usual(const chars_t *c, int max)
{
	int avail = max - 1; /* "…" */
	int t = fit_back(c, c->n, avail / 3);
	for (int i = t; i < c->n - 1; i++)
		if (c->s[c->off[i]] == '/') {
			t = i;
			break;
		}
	int tw = 0;
	for (int i = t; i < c->n; i++)
		tw += c->w[i];
	int h = fit_from(c, 0, avail - tw);
	return compose(c, 0, h, 0, 0, t);
}

/* A cut that shows character p (where the text differs from one it
 * would look like) in a window between a short start and an end of
 * tail_div-th of the width (0: none). */
static char *cut_around(const chars_t *c, int max, int p, int tail_div)
{
	int avail = max - 2; /* two "…" */
	int h = fit_from(c, 0, avail / 4 > 0 ? avail / 4 : 1);
	int hw = 0, tw = 0;
	for (int i = 0; i < h; i++)
		hw += c->w[i];
	int t = fit_back(c, c->n, tail_div ? avail / tail_div : 0);
	for (int i = t; i < c->n; i++)
		tw += c->w[i];
	int room = avail - hw - tw;
	int d = p - 2 > h ? p - 2 : h; /* two characters of context */
	int e = fit_from(c, d, room);
	if (e > t) { /* reaches the end: start the window earlier */
		e = t;
		d = fit_back(c, t, room);
		if (d < h)
			d = h;
	}
	return compose(c, 0, h, d, e, t > e ? t : e);
}

/* The start up to its first space (the method, "GET "), when that
 * takes at most half of max, else a quarter of max: where the cuts that
 * keep more of the end begin. */
static int short_head(const chars_t *c, int max)
{
	int w = 0;
	for (int i = 0; i < c->n && w <= (max - 1) / 2; i++) {
		w += c->w[i];
		if (c->s[c->off[i]] == ' ')
			return w <= (max - 1) / 2 ? i + 1 : 0;
	}
	return fit_from(c, 0, (max - 1) / 4);
}

/* The short start and as much of the end as fits around "…" ("GET
 * …/north/employee-summary"); snap: the end from its first '/' (NULL
 * when it has none). */
static char *cut_tail(const chars_t *c, int max, int snap)
{
	int h = short_head(c, max), hw = 0;
	for (int i = 0; i < h; i++)
		hw += c->w[i];
	int t = fit_back(c, c->n, max - 1 - hw);
	if (t < h)
		t = h;
	if (snap) { /* from a '/' in the first third of the end */
		int i = t, lim = t + (c->n - t) / 3;
		while (i < lim && c->s[c->off[i]] != '/')
			i++;
		if (i >= lim || i == t)
			return NULL;
		t = i;
	}
	return compose(c, 0, h, 0, 0, t);
}

/* Whether character i of x and character j of y are the same. */
static int same_char(const chars_t *x, int i, const chars_t *y, int j)
{
	size_t k = x->off[i + 1] - x->off[i];
	return k == y->off[j + 1] - y->off[j] &&
	       memcmp(x->s + x->off[i], y->s + y->off[j], k) == 0;
}

/* Characters two display texts share from the start. */
static int common_chars(const chars_t *x, const chars_t *y)
{
	int i = 0;
	while (i < x->n && i < y->n && same_char(x, i, y, i))
		i++;
	return i;
}

/* Characters two display texts share at the end. */
static int common_tail(const chars_t *x, const chars_t *y)
{
	int i = 0;
	while (i < x->n && i < y->n &&
	       same_char(x, x->n - 1 - i, y, y->n - 1 - i))
		i++;
	return i;
}

typedef struct ranked {
	const char *text;
	int i;
} ranked_t;

/* The texts shown so far, chained by hash, so that a candidate is checked
 * against all of them at once. */
typedef struct shown {
	char **out;
	const char *const *in;
	int *head, *next, mask;
	const ranked_t *ord; /* the texts by the usual cut, look-alikes */
	const int *grp;      /* together: each one's first in ord */
	const int *dup;      /* the texts with a look-alike */
	int n;
} shown_t;

static int *shown_slot(shown_t *h, const char *t)
{
	return &h->head[hash_bytes(t, strlen(t)) & (uint64_t)h->mask];
}

static void shown_add(shown_t *h, int i)
{
	int *b = shown_slot(h, h->out[i]);
	h->next[i] = *b;
	*b = i;
}

static void shown_del(shown_t *h, int i)
{
	int *p = shown_slot(h, h->out[i]);
	while (*p != i)
		p = &h->next[*p];
	*p = h->next[i];
}

/* Whether t would look like the text shown for another input than i's. */
static int shown_clash(const shown_t *h, const char *t, int i)
{
	int j = h->head[hash_bytes(t, strlen(t)) & (uint64_t)h->mask];
	for (; j >= 0; j = h->next[j])
		if (j != i && !strcmp(h->out[j], t) &&
		    strcmp(h->in[j], h->in[i]) != 0)
			return 1;
	return 0;
}

/* Whether shortened text t could be a shortening of text s: s starts
 * with t's first piece, ends with its last, and holds those between in
 * order. */
static int could_be(const char *t, const char *s)
{
	static const char ell[] = "…";
	const char *e = strstr(t, ell);
	size_t sn = strlen(s);
	if (!e)
		return !strcmp(t, s);
	size_t n = (size_t)(e - t);
	if (strncmp(s, t, n) != 0)
		return 0;
	const char *from = s + n, *last = strrchr(t, ell[0]);
	while (last > t && strncmp(last, ell, 3) != 0)
		last--;
	const char *tail = last + 3;
	size_t tn = strlen(tail);
	if (tn > sn - n || strcmp(s + sn - tn, tail) != 0)
		return 0;
	for (const char *p = e + 3; p < last;) {
		const char *q = strstr(p, ell);
		char piece[512];
		size_t pn = (size_t)(q - p);
		if (pn >= sizeof(piece))
			return 1; /* too long to tell: take it as alike */
		memcpy(piece, p, pn);
		piece[pn] = '\0';
		const char *f = strstr(from, piece);
		if (!f || f + pn > s + sn - tn)
			return 0;
		from = f + pn;
		p = q + 3;
	}
	return 1;
}

/* Whether t, shown for i, would look like another text shown or could
 * be a shortening of another text that had a look-alike (the usual cut
 * of one of them may still stand). */
static int shown_alike(const shown_t *h, int i, const char *t)
{
	int alike = shown_clash(h, t, i);
	for (int j = 0; !alike && j < h->n; j++)
		alike = h->dup[j] && j != i && strcmp(h->in[i], h->in[j]) &&
		        could_be(t, h->in[j]);
	return alike;
}

/* Show t (malloc'd, may be NULL) for i unless shown_alike(): returns 1
 * when it took it, else frees it. */
static int shown_try(shown_t *h, int i, char *t)
{
	if (!t)
		return 0;
	if (shown_alike(h, i, t)) {
		free(t);
		return 0;
	}
	shown_del(h, i);
	free(h->out[i]);
	h->out[i] = t;
	shown_add(h, i);
	return 1;
}

static int by_text(const void *a, const void *b)
{
	const ranked_t *x = a, *y = b;
	int c = strcmp(x->text, y->text);
	return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* Mark in dup[] the texts of out[] that equal another whose input
 * differs; returns how many. ord: room for n. */
static int find_dups(char **out, const char *const *in, int n, int *dup,
                     ranked_t *ord)
{
	int nd = 0;
	for (int i = 0; i < n; i++) {
		ord[i] = (ranked_t){out[i], i};
		dup[i] = 0;
	}
	qsort(ord, (size_t)n, sizeof(*ord), by_text);
	for (int a = 0, b; a < n; a = b) {
		for (b = a + 1; b < n && !strcmp(ord[a].text, ord[b].text); b++)
			;
		for (int i = a; i < b; i++)
			for (int j = a; j < b; j++)
				if (strcmp(in[ord[i].i], in[ord[j].i]) != 0) {
					dup[ord[i].i] = 1;
					nd++;
					break;
				}
	}
	return nd;
}

void report_shorten(char **out, const char *const *in, int n, int max)
{
	chars_t *c = xcalloc((size_t)(n ? n : 1), sizeof(*c));
	int *dup = xmalloc((size_t)(n ? n : 1) * sizeof(*dup));
	ranked_t *ord = xmalloc((size_t)(n ? n : 1) * sizeof(*ord));
	int *cut = xcalloc((size_t)(n ? n : 1), sizeof(*cut));
	if (max < 4)
		max = 4;
	for (int i = 0; i < n; i++) {
		chars_of(&c[i], in[i]);
		cut[i] = report_cols(in[i]) > max;
		out[i] = cut[i] ? cut_usual(&c[i], max) : xstrdup(in[i]);
	}
	/* two that look alike: show each where it differs from the others,
	 * at most max wide: more of the end (a distinct suffix), else a
	 * window where it differs from a look-alike, from the start or the
	 * end, with less and less of the end; each candidate checked against
	 * every text shown so far, so none takes another's */
	if (find_dups(out, in, n, dup, ord)) {
		int size = 1;
		while (size < 2 * n)
			size *= 2;
		int *grp = xmalloc((size_t)n * sizeof(*grp));
		shown_t h = {out,
		             in,
		             xmalloc((size_t)size * sizeof(int)),
		             xmalloc((size_t)n * sizeof(int)),
		             size - 1,
		             ord,
		             grp,
		             dup,
		             n};
		for (int i = 0; i < size; i++)
			h.head[i] = -1;
		for (int i = 0; i < n; i++)
			shown_add(&h, i);
		/* the look-alikes of each, as the usual cut left them */
		for (int a = 0, b; a < n; a = b) {
			for (b = a + 1;
			     b < n && !strcmp(ord[a].text, ord[b].text); b++)
				;
			for (int k = a; k < b; k++)
				grp[ord[k].i] = a;
		}
		for (int i = 0; i < n; i++) {
			if (!dup[i] || !cut[i] || !shown_alike(&h, i, out[i]))
				continue;
			if (shown_try(&h, i, cut_tail(&c[i], max, 1)) ||
			    shown_try(&h, i, cut_tail(&c[i], max, 0)))
				continue;
			int done = 0;
			for (int k = grp[i]; k < n && !done; k++) {
				int j = ord[k].i;
				if (grp[j] != grp[i] || j == i ||
				    !strcmp(in[i], in[j]))
					continue;
				int p = common_chars(&c[i], &c[j]);
				int q = c[i].n - 1 - common_tail(&c[i], &c[j]);
				q = q < 0 ? 0 : q;
				for (int d = 4; d <= 16 && !done; d *= 2)
					done = shown_try(&h, i,
					                 cut_around(&c[i], max,
					                            p, d)) ||
					       shown_try(&h, i,
					                 cut_around(&c[i], max,
					                            q, d));
				if (!done)
					done = shown_try(&h, i,
					                 cut_around(&c[i], max,
					                            p, 0)) ||
					       shown_try(&h, i,
					                 cut_around(&c[i], max,
					                            q, 0));
			}
		}
		free(grp);
		free(h.head);
		free(h.next);
	}
	/* still alike (the difference was too wide to show): the whole
	 * text, wider than max, rather than two rows that look the same */
	while (find_dups(out, in, n, dup, ord)) {
		int changed = 0;
		for (int i = 0; i < n; i++)
			if (dup[i] && cut[i]) {
				free(out[i]);
				out[i] = xstrdup(in[i]);
				cut[i] = 0;
				changed = 1;
			}
		if (!changed)
			break; /* only whole texts left: inputs with "…" */
	}
	for (int i = 0; i < n; i++)
		chars_free(&c[i]);
	free(c);
	free(dup);
	free(ord);
	free(cut);
}

const char *report_amount(char *buf, size_t len, double v)
{
	if (isnan(v)) {
		snprintf(buf, len, "-");
	} else if (v > 0 && v < 0.001) {
		snprintf(buf, len, "<0.001");
	} else if (v < 1000) {
		/* four significant digits, rounded down (the slack covers a
		 * product like 0.0005 x 1999 landing a hair below 0.9995) */
		int d = v > 0 ? 3 - (int)floor(log10(v)) : 0;
		d = d < 0 ? 0 : d > 6 ? 6 : d;
		double p = pow(10, d);
		snprintf(buf, len, "%.*f", d, floor(v * p + 1e-6) / p);
		char *e = buf + strlen(buf);
		while (d && e > buf && e[-1] == '0')
			*--e = '\0';
		if (e > buf && e[-1] == '.')
			*--e = '\0';
	} else {
		report_grouped(buf, (uint64_t)v);
	}
	return buf;
}
