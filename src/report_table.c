/*
 * report_table.c - the report for people: a header with what was read,
 * then per SLI one aligned table, the total first and the busiest
 * endpoints after it. Ratios that miss their objective are red and those
 * that meet it green when colour is on (a terminal without NO_COLOR).
 */
#define _POSIX_C_SOURCE 200809L /* open_memstream, strtok_r */
#include "report.h"

#include "calendar.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define RED   "\033[31m"
#define GREEN "\033[32m"
#define BOLD  "\033[1m"
#define DIM   "\033[2m"
#define RESET "\033[0m"

#define KEY_MIN  8 /* "ENDPOINT": an endpoint is never shortened below */
#define COLS_MAX (4 + RULES_MAX_PCT + RULES_MAX_THR + SLO_MAX_WIN)

/* A cell: its text, and whether it meets (1) or misses (2) its
 * objective, for colour. */
typedef struct cell {
	char t[32];
	signed char tone;
} cell_t;

typedef struct col {
	char head[32];
	int min;  /* its width in a table of unlimited width */
	int gap;  /* spaces before it */
	int drop; /* when the table is too wide, columns are left out by this
	             rank, 1 first; 0: never */
	int left; /* left-aligned (the last column, FIRING) */
	int w, shown;
} col_t;

/*
 * A table before it is printed: its first column (endpoints, periods,
 * objectives: left-aligned texts) and its cells, so that it can be made
 * to fit a width: columns left out by rank, endpoints shortened in the
 * middle (report_shorten), before a line is written.
 */
typedef struct grid {
	const char *first; /* the first column's name */
	int kmin;          /* its width in a table of unlimited width */
	int shorten;       /* its texts may be shortened (endpoints) */
	int ncol, nrow, cap;
	col_t col[COLS_MAX];
	char **key;   /* nrow display texts, malloc'd */
	cell_t *cell; /* nrow x ncol */
	int kw;       /* the first column's width, once fitted */
	char **shown; /* the first column as shown (shortened), once fitted */
} grid_t;

static col_t *grid_col(grid_t *g, const char *head, int min, int gap, int drop)
{
	col_t *c = &g->col[g->ncol++];
	*c = (col_t){.min = min, .gap = gap, .drop = drop, .shown = 1};
	snprintf(c->head, sizeof(c->head), "%s", head);
	return c;
}

/* A new row with key[0..keyn) (as report_display shows it) first;
 * returns its cells. */
static cell_t *grid_row(grid_t *g, const char *key, size_t keyn)
{
	if (g->nrow == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 32;
		g->key = xrealloc(g->key, (size_t)g->cap * sizeof(*g->key));
		g->cell = xrealloc(g->cell, (size_t)g->cap * COLS_MAX *
		                                sizeof(*g->cell));
	}
	char *d = xmalloc(8 * keyn + 1);
	int cut;
	report_display(d, 8 * keyn + 1, key, keyn, INT_MAX, &cut);
	g->key[g->nrow] = d;
	cell_t *c = &g->cell[(size_t)g->nrow++ * COLS_MAX];
	memset(c, 0, COLS_MAX * sizeof(*c));
	return c;
}

static void grid_free(grid_t *g)
{
	for (int i = 0; i < g->nrow; i++) {
		free(g->key[i]);
		if (g->shown)
			free(g->shown[i]);
	}
	free(g->key);
	free(g->shown);
	free(g->cell);
}

/* The line's width with the first column kw wide. */
static int grid_line(const grid_t *g, int kw)
{
	int n = kw;
	for (int c = 0; c < g->ncol; c++)
		if (g->col[c].shown)
			n += g->col[c].gap + g->col[c].w;
	return n;
}

/*
 * Fit g in width columns (0: unlimited): each column as wide as its
 * widest text (at least its min when unlimited); then, while the line is
 * too wide with endpoints shortened to 20 columns, leave out the column
 * of the next rank; then shorten the endpoints to what is left (never
 * below KEY_MIN). What no column left out can make fit is wider than
 * width: the columns never left out are always shown.
 */
static void grid_fit(grid_t *g, int width)
{
	for (int c = 0; c < g->ncol; c++) {
		col_t *k = &g->col[c];
		int w = report_cols(k->head);
		for (int i = 0; i < g->nrow; i++) {
			int cw =
			    report_cols(g->cell[(size_t)i * COLS_MAX + c].t);
			w = cw > w ? cw : w;
		}
		k->w = width || w > k->min ? w : k->min;
	}
	int knat = report_cols(g->first);
	for (int i = 0; i < g->nrow; i++) {
		int w = report_cols(g->key[i]);
		knat = w > knat ? w : knat;
	}
	int kw = !width && knat < g->kmin ? g->kmin : knat;
	int kfloor = g->shorten && knat > 20 ? 20 : knat;
	if (width) {
		while (grid_line(g, kfloor) > width) {
			int best = -1;
			for (int c = 0; c < g->ncol; c++)
				if (g->col[c].shown && g->col[c].drop &&
				    (best < 0 ||
				     g->col[c].drop < g->col[best].drop))
					best = c;
			if (best < 0)
				break;
			g->col[best].shown = 0;
		}
		if (g->shorten && grid_line(g, kw) > width) {
			kw = width - grid_line(g, 0);
			if (kw < KEY_MIN)
				kw = KEY_MIN;
		}
	}
	if (width) { /* room to spare: the widths of an unlimited table */
		int line = kw;
		for (int c = 0; c < g->ncol; c++)
			if (g->col[c].shown)
				line +=
				    g->col[c].gap + (g->col[c].w > g->col[c].min
				                         ? g->col[c].w
				                         : g->col[c].min);
		if (kw >= knat && line <= width)
			for (int c = 0; c < g->ncol; c++)
				if (g->col[c].w < g->col[c].min)
					g->col[c].w = g->col[c].min;
	}
	g->shown = xmalloc((size_t)(g->nrow ? g->nrow : 1) * sizeof(char *));
	if (g->shorten && kw < knat) {
		report_shorten(g->shown, (const char *const *)g->key, g->nrow,
		               kw);
		kw = report_cols(g->first);
		for (int i = 0; i < g->nrow; i++) {
			int w = report_cols(g->shown[i]);
			kw = w > kw ? w : kw;
		}
	} else {
		for (int i = 0; i < g->nrow; i++)
			g->shown[i] = xstrdup(g->key[i]);
	}
	g->kw = kw;
}

static void pad(FILE *o, int n)
{
	for (; n > 0; n--)
		putc(' ', o);
}

/* Text t in w columns, right- or left-aligned (left: 1; -1 for the
 * last of a line, not padded), in colour for a tone. */
static void put_cell(FILE *o, const table_opts_t *opt, const char *t, int w,
                     int left, int tone)
{
	int n = w - report_cols(t);
	if (left < 0) /* the line's last: no padding after it */
		n = 0;
	if (!left)
		pad(o, n);
	if (opt->color && tone)
		fprintf(o, "%s%s%s", tone == 1 ? GREEN : RED, t, RESET);
	else
		fputs(t, o);
	if (left)
		pad(o, n);
}

/* The fitted grid: its header (dimmed), its rows, and the note naming
 * the columns left out. */
static void grid_print(FILE *o, const grid_t *g, const table_opts_t *opt)
{
	fputs(opt->color ? DIM : "", o);
	put_cell(o, opt, g->first, g->kw, 1, 0);
	for (int c = 0; c < g->ncol; c++) {
		const col_t *k = &g->col[c];
		if (!k->shown)
			continue;
		pad(o, k->gap);
		put_cell(o, opt, k->head, k->w,
		         c == g->ncol - 1 ? -k->left : k->left, 0);
	}
	fprintf(o, "%s\n", opt->color ? RESET : "");
	for (int i = 0; i < g->nrow; i++) {
		const cell_t *row = &g->cell[(size_t)i * COLS_MAX];
		put_cell(o, opt, g->shown[i], g->kw, 1, 0);
		for (int c = 0; c < g->ncol; c++) {
			const col_t *k = &g->col[c];
			if (!k->shown)
				continue;
			pad(o, k->gap);
			put_cell(o, opt, row[c].t, k->w,
			         c == g->ncol - 1 ? -k->left : k->left,
			         row[c].tone);
		}
		fputc('\n', o);
	}
}

/* Text that flows over lines of at most width columns (0: one line):
 * each piece goes after the last with sep, or on a line of its own,
 * indented by two, when it would not fit. */
typedef struct flow {
	FILE *o;
	int width, col;
} flow_t;

static void flow(flow_t *f, const char *sep, const char *piece)
{
	int n = report_cols(piece), sn = (int)strlen(sep);
	if (f->width > 0 && f->col + sn + n > f->width) {
		fputs("\n  ", f->o);
		f->col = 2;
	} else {
		fputs(sep, f->o);
		f->col += sn;
	}
	fputs(piece, f->o);
	f->col += n;
}

/* The lines of text (NUL-terminated, each ending in '\n'), each flowed
 * over lines of at most width columns, broken at spaces (0: as they
 * are): for lines that are prose, not rows of a table. */
static void put_flowed(FILE *o, const char *text, int width)
{
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *whole = xmalloc(n + 1);
		memcpy(whole, p, n);
		whole[n] = '\0';
		int fits = width <= 0 || report_cols(whole) <= width;
		free(whole);
		if (fits) { /* as it is: runs of spaces in names kept */
			fwrite(p, 1, n, o);
			fputc('\n', o);
			p += n + (nl ? 1 : 0);
			continue;
		}
		char *line = xmalloc(n + 1);
		memcpy(line, p, n);
		line[n] = '\0';
		flow_t f = {o, width, 0};
		char *save = NULL;
		int first = 1;
		for (char *w = strtok_r(line, " ", &save); w;
		     w = strtok_r(NULL, " ", &save)) {
			if (first) {
				fputs(w, o);
				f.col = report_cols(w);
			} else {
				flow(&f, " ", w);
			}
			first = 0;
		}
		fputc('\n', o);
		free(line);
		p += n + (nl ? 1 : 0);
	}
}

/* Lines written to a memory stream, to be flowed on their way out. */
typedef struct prose {
	char *buf;
	size_t n;
	FILE *f;
} prose_t;

static FILE *prose_open(prose_t *p)
{
	p->buf = NULL;
	p->f = open_memstream(&p->buf, &p->n);
	if (!p->f)
		util_fatal("out of memory (open_memstream)");
	return p->f;
}

static void prose_close(prose_t *p, FILE *o, int width)
{
	fclose(p->f);
	put_flowed(o, p->buf, width);
	free(p->buf);
}

/* "note: ... left out to fit N columns": the columns grid_fit left out,
 * in the order it left them out. */
static void grid_note(FILE *out, const grid_t *g, int width)
{
	prose_t pr;
	FILE *o = prose_open(&pr);
	int n = 0;
	for (int rank = 1; rank <= COLS_MAX; rank++)
		for (int c = 0; c < g->ncol; c++) {
			const col_t *k = &g->col[c];
			if (k->shown || k->drop != rank)
				continue;
			fprintf(o, "%s%s", n++ ? ", " : "note: ", k->head);
		}
	if (n)
		fprintf(o,
		        " left out to fit %d columns (--width 0 shows %s, "
		        "as -o json does)\n",
		        width, n == 1 ? "it" : "them");
	prose_close(&pr, out, width);
}

/* A ratio (num / den, r) as a percentage, with its tone against the
 * objective. */
static void ratio_cell(cell_t *c, uint64_t num, uint64_t den, double r,
                       int has_obj, double obj)
{
	if (den == 0) {
		snprintf(c->t, sizeof(c->t), "-");
		return;
	}
	report_ratio_pct(c->t, sizeof(c->t) - 1, num, den, 3);
	strcat(c->t, "%");
	if (has_obj)
		c->tone = r >= obj ? 1 : 2;
}

/* The columns of an endpoint or period table: REQUESTS, AVAIL, BAD,
 * the percentiles and the thresholds. Left out first when too wide:
 * the percentiles other than P50 and P99 (the highest first), then BAD,
 * P50, P99, then the thresholds (the last first). */
static void stats_cols(grid_t *g, const rules_t *r, const sli_t *sli)
{
	char b[32], d[24];
	int rank = 1;
	grid_col(g, "REQUESTS", 12, 2, 0);
	grid_col(g, "AVAIL", 9, 1, 0);
	col_t *bad = grid_col(g, "BAD", 8, 1, 0);
	col_t *p50 = NULL, *p99 = NULL, *pc[RULES_MAX_PCT];
	for (int q = 0; q < r->npct; q++) {
		snprintf(b, sizeof(b), "P%gms", r->pct[q]);
		pc[q] = grid_col(g, b, 8, 1, 0);
		if (r->pct[q] == 50)
			p50 = pc[q];
		else if (r->pct[q] == 99)
			p99 = pc[q];
	}
	for (int q = r->npct - 1; q >= 0; q--)
		if (pc[q] != p50 && pc[q] != p99)
			pc[q]->drop = rank++;
	bad->drop = rank++;
	if (p50)
		p50->drop = rank++;
	if (p99)
		p99->drop = rank++;
	for (int t = 0; t < sli->nthr; t++) { /* the last one first */
		report_duration(d, sizeof(d), sli->thr[t].us);
		snprintf(b, sizeof(b), "<=%s", d);
		grid_col(g, b, 10, 1, rank + sli->nthr - 1 - t);
	}
}

/* A row's cells under stats_cols. */
static void stats_cells(cell_t *c, const rules_t *r, const sli_t *sli,
                        const model_stats_t *st)
{
	report_grouped(c[0].t, st->requests);
	ratio_cell(&c[1], st->good, st->requests, st->avail,
	           sli->has_avail_objective, sli->avail_objective);
	report_grouped(c[2].t, st->bad);
	for (int q = 0; q < r->npct; q++) {
		if (st->lat_count)
			report_ms(c[3 + q].t, sizeof(c[3 + q].t),
			          st->pct_us[q]);
		else
			snprintf(c[3 + q].t, sizeof(c[3 + q].t), "-");
	}
	for (int t = 0; t < sli->nthr; t++)
		ratio_cell(&c[3 + r->npct + t], st->thr_good[t], st->lat_count,
		           st->thr_ratio[t], 1, sli->thr[t].objective);
}

static void sli_table(FILE *o, const model_t *m, const model_sli_t *s,
                      const table_opts_t *opt)
{
	const rules_t *r = m->rules;
	const sli_t *sli = s->sli;
	const model_row_t *ep = s->ep;
	int n = s->nep, shown = opt->top < 0                   ? 0
	                        : opt->top > 0 && opt->top < n ? opt->top
	                                                       : n;
	char b[48], b2[32];

	/* header: name and objectives, wrapped to the width */
	char name[256];
	int cut;
	report_display(name, sizeof(name), sli->name, strlen(sli->name), 120,
	               &cut);
	fprintf(o, "%sSLI %s%s%s", opt->color ? BOLD : "", name, cut ? "…" : "",
	        opt->color ? RESET : "");
	flow_t f = {o, opt->width, 4 + report_cols(name) + cut};
	char piece[96];
	if (sli->has_avail_objective) {
		report_pct(b, sizeof(b), sli->avail_objective);
		snprintf(piece, sizeof(piece), "availability objective %s%%",
		         b);
		flow(&f, "   ", piece);
	}
	for (int t = 0; t < sli->nthr; t++) {
		report_pct(b, sizeof(b), sli->thr[t].objective);
		report_duration(b2, sizeof(b2), sli->thr[t].us);
		snprintf(piece, sizeof(piece), "latency <= %s for %s%%", b2, b);
		flow(&f, t ? ", " : "   ", piece);
	}
	fputc('\n', o);

	grid_t g = {.first = "ENDPOINT", .shorten = 1};
	stats_cols(&g, r, sli);
	stats_cells(grid_row(&g, s->total.key, s->total.keyn), r, sli,
	            &s->total.st);
	for (int j = 0; j < shown; j++)
		stats_cells(grid_row(&g, ep[j].key, ep[j].keyn), r, sli,
		            &ep[j].st);
	grid_fit(&g, opt->width);
	grid_print(o, &g, opt);
	if (shown < n && opt->live)
		fprintf(o, "+%s more endpoint%s\n",
		        report_grouped(b, (uint64_t)(n - shown)),
		        report_plural((uint64_t)(n - shown)));
	else if (shown < n)
		fprintf(o, "... %s more endpoint%s (--top 0 shows all)\n",
		        report_grouped(b, (uint64_t)(n - shown)),
		        report_plural((uint64_t)(n - shown)));
	grid_note(o, &g, opt->width);
	grid_free(&g);
	if (s->match_errors)
		fprintf(
		    o,
		    "error: %s left out: a pattern hit a PCRE2 limit "
		    "(match errors)\n",
		    report_count(b2, sizeof(b2), s->match_errors, "request"));
	if (s->has_other)
		fprintf(
		    o, "note: more than %s; %s %s counted under %s\n",
		    report_count(b2, sizeof(b2), (uint64_t)sli->max_endpoints,
		                 "endpoint"),
		    report_count(b, sizeof(b), s->other_requests, "request"),
		    s->other_requests == 1 ? "is" : "are", AGG_OTHER);
}

static void burn_cell(cell_t *c, double b)
{
	if (isnan(b))
		snprintf(c->t, sizeof(c->t), "-");
	else if (isinf(b))
		snprintf(c->t, sizeof(c->t), "inf");
	else if (b >= 10000) /* "10,000,000", not 10000000 */
		report_grouped(c->t, (uint64_t)b);
	else
		snprintf(c->t, sizeof(c->t), b >= 100 ? "%.0f" : "%.1f", b);
}

/* Bad requests allowed (report_amount: "0.017", "4.5", "45", "<0.001",
 * then whole and grouped from 1,000 on, never "1e+04"). */
static void allowed_cell(cell_t *c, double a)
{
	report_amount(c->t, sizeof(c->t), a);
}

/* The SLOs over their window: budget left, burn rates, alerts firing.
 * Left out first when too wide: ALLOWED, the burn rates (the longest
 * window first), BAD and REQUESTS. */
static void slo_table(FILE *o, const model_t *m, const model_sli_t *s,
                      const table_opts_t *opt)
{
	const sli_t *sli = s->sli;
	const slo_eval_t *ev = &s->ev;
	char b[80], b2[48];
	if (m->end == REQ_NO_TIME || !s->judged)
		return; /* no time, or no objective to judge */
	const char *tz = sli->window.kind == WIN_ROLLING ? "" : sli->window.tz;
	char zb[80];
	static const char *const kinds[] = {
	    "rolling", "calendar month", "calendar week", "calendar quarter"};
	if (sli->window.kind == WIN_ROLLING)
		report_duration(zb, sizeof(zb), sli->window.seconds * 1000000);
	else
		snprintf(zb, sizeof(zb), "%s", *tz ? tz : "UTC");
	char piece[160];
	snprintf(piece, sizeof(piece), "window %s %s:", kinds[sli->window.kind],
	         zb);
	fprintf(o, "\n%s", piece);
	flow_t fl = {o, opt->width, report_cols(piece)};
	snprintf(piece, sizeof(piece), "%s to ",
	         cal_format(ev->start, tz, b, sizeof(b)));
	strcat(piece, cal_format(ev->end, tz, b, sizeof(b)));
	flow(&fl, " ", piece);
	fputc('\n', o);

	grid_t g = {.first = "OBJECTIVE", .kmin = 22};
	int nw = ev->as.nwin;
	grid_col(&g, "REQUESTS", 12, 1, nw + 3);
	grid_col(&g, "BAD", 8, 1, nw + 2);
	grid_col(&g, "ALLOWED", 9, 1, 1);
	grid_col(&g, "BUDGET LEFT", 11, 1, 0);
	for (int w = 0; w < nw; w++) {
		report_duration(b, sizeof(b), ev->as.win[w] * 1000000);
		char h[24];
		snprintf(h, sizeof(h), "B%.8s", b);
		grid_col(&g, h, 6, 1, nw - w + 1);
	}
	grid_col(&g, "FIRING", 0, 2, 0)->left = 1;
	for (int k = 0; k < ev->nslo; k++) {
		const slo_status_t *st = &ev->slo[k];
		if (!st->active)
			continue;
		report_pct(b2, sizeof(b2), st->objective);
		if (k == 0) {
			snprintf(b, sizeof(b), "availability %s%%", b2);
		} else {
			char d[24];
			report_duration(d, sizeof(d), sli->thr[k - 1].us);
			snprintf(b, sizeof(b), "<=%s %s%%", d, b2);
		}
		cell_t *c = grid_row(&g, b, strlen(b));
		report_grouped(c[0].t, st->budget.total);
		report_grouped(c[1].t, st->budget.bad);
		if (st->budget.unknown)
			snprintf(c[2].t, sizeof(c[2].t), "-");
		else
			allowed_cell(&c[2], st->budget.allowed);
		if (st->budget.unknown) /* nothing to judge: not met */
			snprintf(c[3].t, sizeof(c[3].t), "-");
		else if (isnan(st->budget.remaining))
			snprintf(c[3].t, sizeof(c[3].t), "spent");
		else {
			report_frac_pct(c[3].t, sizeof(c[3].t) - 1,
			                st->budget.remaining, 1);
			strcat(c[3].t, "%");
		}
		if (!st->budget.unknown)
			c[3].tone = st->budget.spent ? 2 : 1;
		for (int w = 0; w < nw; w++)
			burn_cell(&c[4 + w], st->burn[w]);
		cell_t *f = &c[4 + nw];
		size_t fn = 0;
		for (int j = 0; j < ev->as.nsev; j++) {
			if (!st->firing[j])
				continue;
			fn += (size_t)snprintf(f->t + fn, sizeof(f->t) - fn,
			                       "%s%s", fn ? "," : "",
			                       ev->as.sev[j]);
			if (fn >= sizeof(f->t))
				fn = sizeof(f->t) - 1;
			f->tone = 2;
		}
		if (!fn)
			snprintf(f->t, sizeof(f->t), "-");
	}
	grid_fit(&g, opt->width);
	grid_print(o, &g, opt);
	grid_note(o, &g, opt->width);
	grid_free(&g);
	if (sli->ts.size_s) {
		char g1[32], g2[32];
		prose_t pr;
		FILE *out = o;
		o = prose_open(&pr);
		report_duration(b, sizeof(b), sli->ts.size_s * 1000000);
		report_pct(b2, sizeof(b2), sli->ts.objective);
		fprintf(o, "time slices of %s (good if %s) for %s%%: ", b,
		        sli->ts.good_if, b2);
		if (ev->slices) {
			report_ratio_pct(b, sizeof(b), ev->good_slices,
			                 ev->slices, 3);
			fprintf(o, "%s of %s good (%s%%), budget ",
			        report_grouped(g1, ev->good_slices),
			        report_grouped(g2, ev->slices), b);
			if (ev->ts_budget.unknown) {
				fputs("unknown\n", o);
			} else if (isnan(ev->ts_budget.remaining)) {
				fputs("spent\n", o);
			} else {
				report_frac_pct(b, sizeof(b),
				                ev->ts_budget.remaining, 1);
				fprintf(o, "%s%% left\n", b);
			}
		} else {
			fputs("no slice to judge (with requests, and latencies "
			      "for a latency condition)\n",
			      o);
		}
		prose_close(&pr, out, opt->width);
		o = out;
	}
	if (s->untimed)
		fprintf(o, "note: %s had no time and %s not in the window\n",
		        report_count(b, sizeof(b), s->untimed, "request"),
		        s->untimed == 1 ? "is" : "are");
}

/* --by: the SLI's statistics per period, oldest first. */
static void series_table(FILE *o, const model_t *m, const model_sli_t *s,
                         const table_opts_t *opt)
{
	const sli_t *sli = s->sli;
	char b[48], b2[32];
	fprintf(o, "\nby %s (%s)\n", series_unit_name(m->by.unit),
	        m->by.tz[0] ? m->by.tz : "UTC");
	grid_t g = {.first = "PERIOD", .kmin = 25};
	stats_cols(&g, m->rules, sli);
	for (size_t k = 0; k < s->ser.n; k++) {
		const model_period_t *p = &s->ser.p[k];
		cal_format(p->start, m->by.tz, b, sizeof(b));
		stats_cells(grid_row(&g, b, strlen(b)), m->rules, sli, &p->st);
	}
	grid_fit(&g, opt->width);
	grid_print(o, &g, opt);
	grid_note(o, &g, opt->width);
	grid_free(&g);
	if (s->ser.gaps)
		fprintf(o,
		        "note: periods without requests are not shown: more "
		        "than %s\n",
		        report_grouped(b, SERIES_MAX));
	if (s->ser.dropped)
		fprintf(o, "note: %s fell in periods beyond the %s kept\n",
		        report_count(b, sizeof(b), s->ser.dropped, "request"),
		        report_grouped(b2, SERIES_MAX));
}

/* A latency for a line of text: "26.0ms", "8h10m". */
static const char *lat_text(char *buf, size_t len, double us)
{
	report_ms(buf, len, us);
	if (us < 60e6)
		strncat(buf, "ms", len - strlen(buf) - 1);
	return buf;
}

/* One window's line; with few, the percentiles P50 and P99 only. */
static void window_line(char *o, size_t len, const model_t *m,
                        const model_sli_t *s, int k, int few)
{
	const sli_t *sli = s->sli;
	const rules_t *r = m->rules;
	const model_stats_t *ws = &s->win_total[k];
	char name[32], b[32], b2[32];
	size_t n = 0;
#define ADD(...)                                                               \
	do {                                                                   \
		if (n < len)                                                   \
			n += (size_t)snprintf(o + n, len - n, __VA_ARGS__);    \
	} while (0)
	report_duration(name, sizeof(name), m->win_len_us[k]);
	ADD("last %-4s %s", name,
	    report_count(b, sizeof(b), ws->requests, "request"));
	if (ws->requests) {
		report_ratio_pct(b, sizeof(b), ws->good, ws->requests, 3);
		ADD(", availability %s%%", b);
	}
	if (ws->lat_count) {
		ADD(",");
		for (int q = 0; q < r->npct; q++)
			if (!few || r->pct[q] == 50 || r->pct[q] == 99)
				ADD(" p%g %s", r->pct[q],
				    lat_text(b, sizeof(b), ws->pct_us[q]));
		for (int t = 0; t < sli->nthr; t++) {
			report_duration(b2, sizeof(b2), sli->thr[t].us);
			report_ratio_pct(b, sizeof(b), ws->thr_good[t],
			                 ws->lat_count, 3);
			ADD(", <=%s %s%%", b2, b);
		}
	}
#undef ADD
}

/* One line per SLI and window: the rolling numbers beside the totals. */
static void window_lines(FILE *o, const model_t *m, const model_sli_t *s,
                         const table_opts_t *opt)
{
	char line[512];
	for (int k = 0; k < m->nwin; k++) {
		/* one byte kept for the newline */
		window_line(line, sizeof(line) - 1, m, s, k, 0);
		if (opt->width && report_cols(line) > opt->width)
			window_line(line, sizeof(line) - 1, m, s, k, 1);
		strcat(line, "\n");
		put_flowed(o, line, opt->width); /* still too wide: wrapped */
	}
}

void report_table_input(FILE *o, const model_t *m)
{
	const model_input_t *a = &m->in;
	const char *fmts = a->formats;
	char b1[32], b2[32], b3[32], b4[32], b5[32];

	fprintf(o,
	        "%d file%s (%s), %s line%s: %s request%s, %s unparsed, %s "
	        "other, %s unmatched",
	        a->nfiles, report_plural((uint64_t)a->nfiles),
	        *fmts ? fmts : "none", report_grouped(b1, a->lines),
	        report_plural(a->lines), report_grouped(b2, a->requests),
	        report_plural(a->requests), report_grouped(b3, a->unparsed),
	        report_grouped(b5, a->other), report_grouped(b4, a->unmatched));
	if (a->incomplete) {
		fprintf(o, ", %s incomplete (",
		        report_grouped(b1, a->incomplete));
		for (int k = 0, first = 1; k < INC_N; k++) {
			if (!a->incomplete_by[k])
				continue;
			fprintf(o, "%s%s %s", first ? "" : ", ",
			        report_grouped(b1, a->incomplete_by[k]),
			        fmt_incomplete_words(k));
			first = 0;
		}
		fputc(')', o);
	}
	if (a->filtered)
		fprintf(o, ", %s outside --since/--until",
		        report_grouped(b1, a->filtered));
	fputc('\n', o);
	report_corrections_line(o, m);
	if (a->tmin != REQ_NO_TIME) {
		report_span(b3, sizeof(b3), (a->tmax - a->tmin) * 1000000);
		fprintf(o, "from %s to %s (%s)\n",
		        util_iso8601(a->tmin, b1, sizeof(b1)),
		        util_iso8601(a->tmax, b2, sizeof(b2)), b3);
	}
}

void report_table(FILE *o, const model_t *m, const table_opts_t *opt)
{
	prose_t pr; /* the accounting and corrections lines, flowed */
	report_table_input(prose_open(&pr), m);
	prose_close(&pr, o, opt->width);
	for (int i = 0; i < m->nsli; i++) {
		const model_sli_t *s = &m->sli[i];
		fputc('\n', o);
		sli_table(o, m, s, opt);
		slo_table(o, m, s, opt);
		if (m->has_by)
			series_table(o, m, s, opt);
		if (m->has_win)
			window_lines(o, m, s, opt);
	}
}
