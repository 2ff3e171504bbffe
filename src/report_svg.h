/*
 * report_svg.h - the few SVG shapes the HTML report draws (report_html.c):
 * a chart's frame mapping data to pixels (linear, or log-scale x), grid
 * lines with labels, lines with gaps, bars, marks and a gauge. Inline SVG
 * only: nothing refers to a file or URL, colours come from the page's CSS
 * classes, and every shape that carries a number has a <title> (the
 * tooltip) so no meaning is in colour alone.
 *
 * Internal to the writers: drawing, never computing (what is drawn comes
 * from the model).
 */
#ifndef SLICALC_REPORT_SVG_H
#define SLICALC_REPORT_SVG_H

#include <stddef.h>
#include <stdio.h>

typedef struct report_svg {
	FILE *out;
	double w, h;           /* the viewBox */
	double l, r, t, b;     /* the plot area: left, right, top, bottom */
	double x0, x1, y0, y1; /* the data ranges drawn over it */
	int logx;              /* x on a log scale (x0 > 0) */
} report_svg_t;

/* s[0..n) as HTML/XML text: as the table shows it (report_display: no
 * control byte, a byte that is not UTF-8 as \xHH), with &, <, >, " and '
 * as entities, so log text can never become markup. */
void report_svg_text(FILE *out, const char *s, size_t n);

/* report_svg_text() of a NUL-terminated string. */
void report_svg_str(FILE *out, const char *s);

/* Open a w x h chart of class cls whose text alternative is label, with
 * the plot area inside the margins; set the data ranges before drawing. */
void report_svg_open(report_svg_t *g, FILE *out, double w, double h,
                     const char *cls, const char *label);
void report_svg_close(report_svg_t *g);

/* Data to pixels. */
double report_svg_x(const report_svg_t *g, double x);
double report_svg_y(const report_svg_t *g, double y);

/* A horizontal grid line at y labelled on the left. */
void report_svg_ygrid(report_svg_t *g, double y, const char *label);

/* A tick on the x axis at x with a label under it. */
void report_svg_xtick(report_svg_t *g, double x, const char *label);

/* A horizontal line across the plot at y, of class cls, labelled at the
 * right end (label may be NULL). */
void report_svg_hline(report_svg_t *g, double y, const char *cls,
                      const char *label);

/* A vertical line at x of class cls, labelled at the top, on text row row
 * (0, 1, 2: so neighbouring labels do not overlap). */
void report_svg_vline(report_svg_t *g, double x, const char *cls,
                      const char *label, int row);

/* A line through (x[i], y[i]) of class cls; a NAN y is a gap (no data):
 * the line stops there and resumes after; a point alone between gaps is
 * drawn as a dot. */
void report_svg_line(report_svg_t *g, const double *x, const double *y, int n,
                     const char *cls);

/* A dot at (x, y) of class cls with a tooltip; attrs (NULL: none) are
 * more attributes, written as they are (" data-requests=\"5\""). */
void report_svg_dot(report_svg_t *g, double x, double y, const char *cls,
                    const char *tip, const char *attrs);

/* A bar over [xa, xb] from the bottom up to y, class cls, tooltip tip. */
void report_svg_bar(report_svg_t *g, double xa, double xb, double y,
                    const char *cls, const char *tip);

/* A shaded band over [xa, xb] the whole height (class cls: "nodata"). */
void report_svg_band(report_svg_t *g, double xa, double xb, const char *cls,
                     const char *tip);

/* Text at the plot's centre (a chart with nothing to draw says why). */
void report_svg_note(report_svg_t *g, const char *text);

/* A horizontal gauge of width w: frac (0..1, clamped) filled in class
 * cls, with the text alternative label. */
void report_svg_gauge(FILE *out, double frac, const char *cls,
                      const char *label);

#endif
