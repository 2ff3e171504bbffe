/*
 * report_svg.c - inline SVG shapes for the HTML report (see
 * report_svg.h). Coordinates are written with one decimal: the charts are
 * a few hundred pixels wide, and fewer digits keep the page small.
 */
#include "report_svg.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "util.h"

void report_svg_text(FILE *out, const char *s, size_t n)
{
	char *buf = xmalloc(8 * n + 1);
	int cut;
	report_display(buf, 8 * n + 1, s, n, INT_MAX, &cut);
	for (const char *p = buf; *p; p++) {
		switch (*p) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&#39;", out);
			break;
		default:
			putc(*p, out);
		}
	}
	free(buf);
}

void report_svg_str(FILE *out, const char *s)
{
	report_svg_text(out, s, strlen(s));
}

void report_svg_open(report_svg_t *g, FILE *out, double w, double h,
                     const char *cls, const char *label)
{
	*g = (report_svg_t){.out = out, .w = w, .h = h};
	g->l = 52;
	g->r = w - 92; /* room for a line's label at the right */
	g->t = 30;     /* room for marks' labels */
	g->b = h - 24;
	g->x0 = 0, g->x1 = 1, g->y0 = 0, g->y1 = 1;
	fprintf(out,
	        "<svg class=\"%s\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
	        "aria-label=\"",
	        cls, w, h);
	report_svg_str(out, label);
	fputs("\">\n", out);
}

void report_svg_close(report_svg_t *g)
{
	fprintf(g->out,
	        "<rect class=\"frame\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
	        "height=\"%.1f\"/>\n</svg>\n",
	        g->l, g->t, g->r - g->l, g->b - g->t);
}

double report_svg_x(const report_svg_t *g, double x)
{
	double f;
	if (g->logx)
		f = (log(x) - log(g->x0)) / (log(g->x1) - log(g->x0));
	else
		f = (x - g->x0) / (g->x1 - g->x0);
	if (!isfinite(f))
		f = 0;
	return g->l + f * (g->r - g->l);
}

double report_svg_y(const report_svg_t *g, double y)
{
	double f = (y - g->y0) / (g->y1 - g->y0);
	if (!isfinite(f))
		f = 0;
	return g->b - f * (g->b - g->t);
}

static void tip(FILE *out, const char *t)
{
	if (!t)
		return;
	fputs("<title>", out);
	report_svg_str(out, t);
	fputs("</title>", out);
}

void report_svg_ygrid(report_svg_t *g, double y, const char *label)
{
	double py = report_svg_y(g, y);
	fprintf(g->out,
	        "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" "
	        "y2=\"%.1f\"/><text class=\"ylab\" x=\"%.1f\" y=\"%.1f\">",
	        g->l, g->r, py, py, g->l - 4, py + 4);
	report_svg_str(g->out, label);
	fputs("</text>\n", g->out);
}

void report_svg_xtick(report_svg_t *g, double x, const char *label)
{
	double px = report_svg_x(g, x);
	fprintf(g->out,
	        "<line class=\"tick\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" "
	        "y2=\"%.1f\"/><text class=\"xlab\" x=\"%.1f\" y=\"%.1f\">",
	        px, px, g->b, g->b + 4, px, g->b + 16);
	report_svg_str(g->out, label);
	fputs("</text>\n", g->out);
}

void report_svg_hline(report_svg_t *g, double y, const char *cls,
                      const char *label)
{
	double py = report_svg_y(g, y);
	fprintf(g->out,
	        "<line class=\"%s\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" "
	        "y2=\"%.1f\">",
	        cls, g->l, g->r, py, py);
	tip(g->out, label);
	fputs("</line>", g->out);
	if (label) {
		fprintf(g->out, "<text class=\"rlab\" x=\"%.1f\" y=\"%.1f\">",
		        g->r + 4, py + 4);
		report_svg_str(g->out, label);
		fputs("</text>", g->out);
	}
	fputs("\n", g->out);
}

void report_svg_vline(report_svg_t *g, double x, const char *cls,
                      const char *label, int row)
{
	double px = report_svg_x(g, x);
	fprintf(g->out,
	        "<line class=\"%s\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" "
	        "y2=\"%.1f\">",
	        cls, px, px, g->t - 9.0 * row, g->b);
	tip(g->out, label);
	fprintf(g->out, "</line><text class=\"mlab\" x=\"%.1f\" y=\"%.1f\">",
	        px + 2, g->t - 2 - 9.0 * row);
	report_svg_str(g->out, label);
	fputs("</text>\n", g->out);
}

void report_svg_line(report_svg_t *g, const double *x, const double *y, int n,
                     const char *cls)
{
	int open = 0;
	for (int i = 0; i < n; i++) {
		if (isnan(y[i])) {
			if (open)
				fputs("\"/>\n", g->out);
			open = 0;
			continue;
		}
		int alone = !open && (i + 1 == n || isnan(y[i + 1]));
		if (alone) {
			fprintf(g->out,
			        "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" "
			        "r=\"2\"/>\n",
			        cls, report_svg_x(g, x[i]),
			        report_svg_y(g, y[i]));
			continue;
		}
		if (!open)
			fprintf(g->out, "<polyline class=\"%s\" points=\"",
			        cls);
		fprintf(g->out, "%s%.1f,%.1f", open ? " " : "",
		        report_svg_x(g, x[i]), report_svg_y(g, y[i]));
		open = 1;
	}
	if (open)
		fputs("\"/>\n", g->out);
}

void report_svg_dot(report_svg_t *g, double x, double y, const char *cls,
                    const char *t, const char *attrs)
{
	fprintf(g->out,
	        "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\"%s>", cls,
	        report_svg_x(g, x), report_svg_y(g, y), attrs ? attrs : "");
	tip(g->out, t);
	fputs("</circle>\n", g->out);
}

void report_svg_bar(report_svg_t *g, double xa, double xb, double y,
                    const char *cls, const char *t)
{
	double a = report_svg_x(g, xa), b = report_svg_x(g, xb);
	double py = report_svg_y(g, y);
	fprintf(g->out,
	        "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
	        "height=\"%.1f\">",
	        cls, a, py, b - a > 1 ? b - a - 0.5 : 0.5, g->b - py);
	tip(g->out, t);
	fputs("</rect>\n", g->out);
}

void report_svg_band(report_svg_t *g, double xa, double xb, const char *cls,
                     const char *t)
{
	double a = report_svg_x(g, xa), b = report_svg_x(g, xb);
	fprintf(g->out,
	        "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
	        "height=\"%.1f\">",
	        cls, a, g->t, b - a, g->b - g->t);
	tip(g->out, t);
	fputs("</rect>\n", g->out);
}

void report_svg_note(report_svg_t *g, const char *text)
{
	fprintf(g->out, "<text class=\"note\" x=\"%.1f\" y=\"%.1f\">",
	        (g->l + g->r) / 2, (g->t + g->b) / 2);
	report_svg_str(g->out, text);
	fputs("</text>\n", g->out);
}

void report_svg_gauge(FILE *out, double frac, const char *cls,
                      const char *label)
{
	double f = isnan(frac) ? 0 : frac < 0 ? 0 : frac > 1 ? 1 : frac;
	fputs("<svg class=\"gauge\" viewBox=\"0 0 200 14\" role=\"img\" "
	      "aria-label=\"",
	      out);
	report_svg_str(out, label);
	fprintf(out,
	        "\"><rect class=\"track\" x=\"0\" y=\"0\" width=\"200\" "
	        "height=\"14\" rx=\"3\"/><rect class=\"%s\" x=\"0\" y=\"0\" "
	        "width=\"%.1f\" height=\"14\" rx=\"3\"/>",
	        cls, 200 * f);
	/* quarter marks, so the fill reads without colour */
	for (int q = 1; q < 4; q++)
		fprintf(out,
		        "<line class=\"qmark\" x1=\"%d\" x2=\"%d\" y1=\"0\" "
		        "y2=\"14\"/>",
		        50 * q, 50 * q);
	fputs("</svg>", out);
}
