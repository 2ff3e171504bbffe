/*
 * test_lines.c - the line splitter: newlines, a "\r" before them, a last
 * line without one, empty lines, the 4 MiB limit exactly and over it,
 * and the same lines whatever pieces the bytes arrive in (checked
 * against a naive split of the whole input).
 */
#include <stdlib.h>

#include "check.h"
#include "lines.h"

#define MAXOUT 64

struct got {
	int n;
	size_t len[MAXOUT];
	unsigned flags[MAXOUT];
	char text[MAXOUT][16]; /* the start of each line */
	size_t held;           /* the most unread bytes the caller held */
};

/* Feed data to the splitter piece bytes at a time, as a caller that keeps
 * the unread bytes would (follow.c does this), then end the stream. */
static void cut(const char *data, size_t n, size_t piece, struct got *g)
{
	char *buf = malloc(n + 1);
	size_t len = 0, off = 0, used;
	lines_t ls = {0};
	slice_t line;
	unsigned flags;
	memset(g, 0, sizeof(*g));
	for (int final = 0; final < 2; final++) {
		for (;;) {
			size_t start = 0;
			while (lines_next(&ls, buf + start, len - start, final,
			                  &line, &flags, &used)) {
				start += used;
				if (g->n < MAXOUT) {
					g->len[g->n] = line.n;
					g->flags[g->n] = flags;
					size_t k = line.n < 15 ? line.n : 15;
					memcpy(g->text[g->n],
					       line.p ? line.p : "", k);
					g->text[g->n][k] = '\0';
				}
				g->n++;
			}
			start += used;
			memmove(buf, buf + start, len - start);
			len -= start;
			if (final || off == n)
				break;
			size_t k = n - off < piece ? n - off : piece;
			memcpy(buf + len, data + off, k);
			len += k;
			off += k;
			if (len > g->held)
				g->held = len;
		}
	}
	free(buf);
}

/* The lines of data by the definition, split whole. */
static void naive(const char *data, size_t n, struct got *g)
{
	memset(g, 0, sizeof(*g));
	size_t i = 0;
	while (i < n) {
		size_t j = i;
		while (j < n && data[j] != '\n')
			j++;
		size_t len = j - i;
		if (len && data[i + len - 1] == '\r')
			len--;
		g->len[g->n] = len > LINES_MAX ? 0 : len;
		g->flags[g->n] = len > LINES_MAX ? LINES_LONG : 0;
		size_t k = g->len[g->n] < 15 ? g->len[g->n] : 15;
		memcpy(g->text[g->n], data + i, k);
		g->text[g->n][k] = '\0';
		g->n++;
		i = j + 1;
	}
}

static int same(const struct got *a, const struct got *b)
{
	if (a->n != b->n)
		return 0;
	for (int i = 0; i < a->n && i < MAXOUT; i++)
		if (a->len[i] != b->len[i] || a->flags[i] != b->flags[i] ||
		    strcmp(a->text[i], b->text[i]) != 0)
			return 0;
	return 1;
}

int main(void)
{
	struct got g, want;

	/* one call at a time */
	lines_t ls = {0};
	slice_t line;
	unsigned flags;
	size_t used;
	const char *t = "a\nbb\r\n\nccc";
	CHECK_INT(lines_next(&ls, t, 10, 0, &line, &flags, &used), 1);
	CHECK(slice_eq(line, "a"));
	CHECK_INT(used, 2);
	CHECK_INT(flags, 0);
	CHECK_INT(lines_next(&ls, t + 2, 8, 0, &line, &flags, &used), 1);
	CHECK(slice_eq(line, "bb")); /* the \r goes */
	CHECK_INT(used, 4);
	CHECK_INT(lines_next(&ls, t + 6, 4, 0, &line, &flags, &used), 1);
	CHECK_INT(line.n, 0); /* an empty line is a line */
	CHECK_INT(used, 1);
	CHECK_INT(lines_next(&ls, t + 7, 3, 0, &line, &flags, &used), 0);
	CHECK_INT(used, 0); /* "ccc" waits for its newline */
	CHECK_INT(lines_next(&ls, t + 7, 3, 1, &line, &flags, &used), 1);
	CHECK(slice_eq(line, "ccc")); /* unless the stream ends */
	CHECK_INT(used, 3);
	CHECK_INT(lines_next(&ls, t + 10, 0, 1, &line, &flags, &used), 0);
	CHECK_INT(lines_next(&ls, "x\r", 2, 1, &line, &flags, &used), 1);
	CHECK(slice_eq(line, "x"));

	/* every way of cutting a small input gives the naive split */
	const char *mix = "GET /a\r\n\n\r\nline two\nthree\r\r\nlast\r";
	size_t mn = strlen(mix);
	naive(mix, mn, &want);
	CHECK_INT(want.n, 6);
	int ok = 1;
	for (size_t piece = 1; piece <= mn; piece++) {
		cut(mix, mn, piece, &g);
		ok &= same(&g, &want);
	}
	CHECK(ok);
	CHECK_STR(want.text[4], "three\r"); /* only the \r before \n goes */
	CHECK_STR(want.text[5], "last");

	/* the limit: LINES_MAX bytes (+ "\r") pass, one more is skipped,
	 * in one piece or many */
	size_t n = 3 * (size_t)LINES_MAX + 64;
	char *d = malloc(n);
	size_t k = 0;
	memset(d, 'x', n);
	k += LINES_MAX; /* exactly the limit, then \r\n */
	d[k++] = '\r';
	d[k++] = '\n';
	k += LINES_MAX + 1; /* one over */
	d[k++] = '\n';
	memcpy(d + k, "ok\n", 3);
	k += 3;
	k += LINES_MAX + 5; /* over, and the stream ends inside it */
	naive(d, k, &want);
	CHECK_INT(want.n, 4);
	for (size_t piece = 1000; piece <= 2000000; piece *= 40) {
		cut(d, k, piece, &g);
		CHECK_MSG(same(&g, &want), "piece %zu", piece);
		CHECK_MSG(g.held <= LINES_MAX + 2 + piece, "held %zu", g.held);
	}
	cut(d, k, k, &g);
	CHECK(same(&g, &want));
	CHECK_INT(g.len[0], LINES_MAX);
	CHECK_INT(g.flags[0], 0);
	CHECK_INT(g.flags[1], LINES_LONG);
	CHECK_STR(g.text[2], "ok");
	CHECK_INT(g.flags[3], LINES_LONG);
	free(d);
	return CHECK_DONE("test_lines");
}
