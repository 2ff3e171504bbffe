/*
 * report_html.c - the report as one self-contained HTML page (-o html;
 * `slicalc tail --listen` serves it at /): per SLI a headline card per
 * objective (actual, budget left as a gauge, status in words, alerts
 * firing, a sentence with the numbers), the error-budget burn-down,
 * availability and latency over time, the latency histogram, the
 * endpoint table; then the input accounting and the rules, folded.
 *
 * The page opens offline and anywhere: inline CSS, inline SVG drawn here
 * (report_svg.c), a few lines of inline JavaScript to sort tables, nothing
 * fetched (the favicon is data:, so a browser does not ask for one). It
 * formats the model and its trends (trend.h) and computes nothing but
 * display arithmetic, like the other writers; no wall-clock time goes into
 * it, so one input always gives the same bytes. Every number a test reads
 * is in a data-* attribute in the JSON report's form (report_num), beside
 * the text people read.
 *
 * Colours are Okabe-Ito (distinguishable with the common colour-vision
 * deficiencies), and never carry meaning alone: a status is a word and a
 * symbol, lines differ by dash pattern and have labels.
 */
#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "report_svg.h"
#include "trend.h"

static const char css[] =
    ":root{--fg:#1b1b1b;--mut:#5a5a5a;--bg:#fff;--line:#d0d0d0;"
    "--met:#009E73;--risk:#E69F00;--spent:#D55E00;--unk:#8a8a8a;"
    "--c0:#0072B2;--c1:#E69F00;--c2:#009E73;--c3:#CC79A7;--c4:#56B4E9;"
    "--c5:#D55E00}\n"
    "*{box-sizing:border-box}\n"
    "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,"
    "sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;"
    "padding:12px;max-width:1100px}\n"
    "h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.25em;margin:0}"
    "h3{font-size:1em;margin:0 0 .3em}\n"
    ".meta{color:var(--mut);margin:.2em 0}\n"
    "nav{margin:.6em 0;display:flex;flex-wrap:wrap;gap:.4em}\n"
    "nav a{text-decoration:none;color:var(--fg);border:1px solid "
    "var(--line);border-radius:4px;padding:.1em .5em}\n"
    "section.sli{border-top:3px solid var(--line);margin-top:1.2em;"
    "padding-top:.6em}\n"
    ".badge{display:inline-block;border:2px solid;border-radius:4px;"
    "padding:0 .4em;font-weight:600;font-size:.9em;margin-right:.4em}\n"
    ".st-met{border-color:var(--met)}.st-risk{border-color:var(--risk)}"
    ".st-spent{border-color:var(--spent)}.st-unknown{border-color:var(--unk);"
    "border-style:dashed}\n"
    ".cards{display:grid;grid-template-columns:repeat(auto-fit,"
    "minmax(250px,1fr));gap:10px;margin:.6em 0}\n"
    ".card{border:1px solid var(--line);border-left:6px solid;"
    "border-radius:6px;padding:.6em .8em}\n"
    ".card.st-unknown{border-left-style:dashed}\n"
    ".card.st-met{border-left-color:var(--met)}.card.st-risk{"
    "border-left-color:var(--risk)}.card.st-spent{border-left-color:"
    "var(--spent)}.card.st-unknown{border-left-color:var(--unk)}\n"
    ".big{font-size:1.6em;font-weight:650;margin:0}.obj{font-size:.6em;"
    "font-weight:400;color:var(--mut)}\n"
    ".card p{margin:.25em 0}.say{color:var(--mut);font-size:.92em}\n"
    "svg{display:block;width:100%;height:auto}\n"
    ".cw{overflow-x:auto;max-width:100%}svg.chart{min-width:460px}\n"
    "svg.gauge{width:100%;max-width:260px;margin:.3em 0}\n"
    ".track{fill:#e8e8e8}.g-met{fill:var(--met)}.g-risk{fill:var(--risk)}"
    ".g-spent{fill:var(--spent)}.g-unknown{fill:none}"
    ".qmark{stroke:#fff;stroke-width:1.5}\n"
    "figure{margin:.8em 0}figcaption{font-weight:600;margin-bottom:.2em}\n"
    ".charts{display:grid;grid-template-columns:repeat(auto-fit,"
    "minmax(min(100%,440px),1fr));gap:10px}\n"
    ".frame{fill:none;stroke:#999}.grid{stroke:#e4e4e4}"
    ".tick{stroke:#999}\n"
    "text{font-size:10px;fill:#444}.ylab{text-anchor:end}"
    ".xlab{text-anchor:middle}.note{text-anchor:middle;font-size:12px}\n"
    "polyline{fill:none;stroke-width:2}circle{stroke:none}\n"
    ".s0{stroke:var(--c0);fill:var(--c0)}.s1{stroke:var(--c1);"
    "fill:var(--c1);stroke-dasharray:7 3}.s2{stroke:var(--c2);"
    "fill:var(--c2);stroke-dasharray:2 2}.s3{stroke:var(--c3);"
    "fill:var(--c3);stroke-dasharray:9 3 2 3}.s4{stroke:var(--c4);"
    "fill:var(--c4);stroke-dasharray:4 4}\n"
    "polyline.s0,polyline.s1,polyline.s2,polyline.s3,polyline.s4{fill:none}"
    "\n.ideal{stroke:#555;stroke-dasharray:4 4;stroke-width:1.5}"
    ".objective{stroke:var(--spent);stroke-dasharray:6 3;stroke-width:1.5}"
    ".zero{stroke:#333;stroke-width:1}\n"
    ".thr{stroke:var(--spent);stroke-dasharray:6 3;stroke-width:1.5}"
    ".pct{stroke:#333;stroke-dasharray:2 2;stroke-width:1}"
    ".bar{fill:var(--c4)}.nodata{fill:#f0f0f0}"
    ".corrected{fill:url(#hatch)}\n"
    ".legend{font-size:.85em;color:var(--mut)}\n"
    "text.clip{text-anchor:end;font-weight:600;fill:var(--spent)}\n"
    ".scroll{overflow-x:auto;max-width:100%}\n"
    "table{border-collapse:collapse;font-size:.9em}\n"
    "th,td{padding:.2em .5em;border-bottom:1px solid #eee;"
    "text-align:right;white-space:nowrap}\n"
    "th:first-child,td:first-child{text-align:left;white-space:normal;"
    "overflow-wrap:anywhere;min-width:12em}\n"
    "table.sortable th{cursor:pointer}\n"
    "details{margin:.8em 0}summary{cursor:pointer;font-weight:600}\n"
    "pre{white-space:pre-wrap;word-break:break-all;background:#f6f6f6;"
    "padding:.6em;font-size:.85em}\n"
    "@media print{nav,summary{display:none}details{display:block}"
    "section.sli{break-before:page}body{max-width:none}}\n";

/* Sorting by a column: a click sorts by the cells' data-v (numbers),
 * else their text; a second click reverses. The column is the heading's
 * place in its own row, never in the page: each table sorts alone. What
 * was sorted and which parts were unfolded are kept in sessionStorage
 * (this tab only, nothing sent), so tail's page, reloaded every interval,
 * stays as its reader left it. The charts' boxes, scrolled sideways on a
 * phone, start at their right end: the latest data. Printing opens the
 * folded parts. */
static const char js[] =
    "(function(){var K='slicalc-view',v={},A=Array.prototype;"
    "try{v=JSON.parse(sessionStorage.getItem(K))||{};}catch(e){}"
    "v.s=v.s||{};v.d=v.d||{};"
    "function save(){try{sessionStorage.setItem(K,JSON.stringify(v));}"
    "catch(e){}}\n"
    "function sort(t,i,d){var b=t.tBodies[0],r=A.slice.call(b.rows);"
    "t.tHead.rows[0].cells[i].setAttribute('data-dir',d);"
    "r.sort(function(x,y){var p=x.cells[i].getAttribute('data-v'),"
    "q=y.cells[i].getAttribute('data-v'),c;"
    "if(p!==null&&q!==null){c=parseFloat(p)-parseFloat(q);}"
    "else{c=x.cells[i].textContent.localeCompare(y.cells[i].textContent);}"
    "return d==='a'?c:-c;});r.forEach(function(e){b.appendChild(e);});}\n"
    "A.forEach.call(document.querySelectorAll('table.sortable'),"
    "function(t,n){var h=t.tHead.rows[0].cells;"
    "A.forEach.call(h,function(th,i){th.addEventListener('click',"
    "function(){var d=th.getAttribute('data-dir')==='a'?'d':'a';"
    "sort(t,i,d);v.s[n]=[i,d];save();});});"
    "var p=v.s[n];if(p&&h[p[0]])sort(t,p[0],p[1]);});\n"
    "A.forEach.call(document.querySelectorAll('details'),function(e,n){"
    "if(typeof v.d[n]==='boolean')e.open=v.d[n];"
    "e.addEventListener('toggle',function(){v.d[n]=e.open;save();});});\n"
    "A.forEach.call(document.querySelectorAll('.cw'),function(e){"
    "e.scrollLeft=e.scrollWidth;});\n"
    "window.addEventListener('beforeprint',function(){"
    "A.forEach.call(document.querySelectorAll('details'),function(d){"
    "d.open=true;});});})();\n";

/* How series s0..s4 are drawn (the CSS above), named in the legends. */
static const char *const dash_name[5] = {"solid", "dashed", "dotted",
                                         "dash-dot", "long-dashed"};

/* Per model_verdict (model.h, one definition for every output): the
 * CSS class, and a symbol beside the word (model_verdict_name), so the
 * status never rests on colour. */
static const char *const st_cls[] = {"unknown", "met", "risk", "spent"};
/* the gauge's class per verdict (the CSS's g-*) */
static const char *const gauge_cls[] = {"g-unknown", "g-met", "g-risk",
                                        "g-spent"};
static const char *const st_sym[] = {"?", "\u2713", "\u25B2", "\u2715"};

/* ' name="v"' in the JSON report's number form ("null" for NAN). */
static void attr_num(FILE *o, const char *name, double v)
{
	char b[40];
	fprintf(o, " %s=\"%s\"", name, report_num(b, sizeof(b), v));
}

static void attr_u64(FILE *o, const char *name, uint64_t v)
{
	fprintf(o, " %s=\"%llu\"", name, (unsigned long long)v);
}

/* "2024-03-10 15:00" in tz ("" UTC), or the date alone. */
static const char *when(char *b, size_t n, int64_t t, const char *tz, int hm)
{
	char iso[48];
	cal_format(t, tz, iso, sizeof(iso));
	/* the date is what comes before the 'T' (a year may have five
	 * digits: a log's wild timestamps end in 10000-01-01) */
	const char *tt = strchr(iso, 'T');
	int dn = tt ? (int)(tt - iso) : (int)strlen(iso);
	snprintf(b, n, "%.*s%s%.5s", dn, iso, hm && tt ? " " : "",
	         hm && tt ? tt + 1 : "");
	return b;
}

/* A latency with its unit: "412ms", "1.00ms", or from a minute on
 * report_ms's span, which writes its own units ("8h10m"). */
static const char *lat(char *b, size_t n, double us)
{
	char v[24];
	report_ms(v, sizeof(v), us);
	snprintf(b, n, "%s%s", v, us >= 60e6 ? "" : "ms");
	return b;
}

/* The worst verdict on the SLI's objectives (unknown only if all are):
 * model_verdict's order is unknown < met < at risk < spent. */
static enum model_verdict sli_state(const model_sli_t *ms)
{
	enum model_verdict w = MV_UNKNOWN;
	for (int k = 0; k < ms->ev.nslo; k++)
		if (ms->ev.slo[k].active && ms->verdict[k] > w)
			w = ms->verdict[k];
	if (ms->sli->ts.size_s && ms->ts_verdict > w)
		w = ms->ts_verdict;
	return w;
}

static void badge(FILE *o, enum model_verdict s)
{
	fprintf(
	    o, "<span class=\"badge st-%s\" data-status=\"%s\">%s %s</span>",
	    st_cls[s], model_verdict_name(s), st_sym[s], model_verdict_name(s));
}

/* x for a sentence: whole numbers grouped ("1,234"), else two or three
 * significant digits ("2.3", "14.5", "0.12"). */
static const char *sig(char *b, size_t n, double x)
{
	char g[32];
	if (x >= 100 || x == floor(x))
		snprintf(b, n, "%s", report_grouped(g, (uint64_t)llround(x)));
	else if (x >= 10)
		snprintf(b, n, "%.1f", x);
	else if (x >= 0.01)
		snprintf(b, n, "%.2g", x);
	else /* never e-notation */
		snprintf(b, n, "<0.01");
	return b;
}

/* "1 bad request per 1,000 in the window; the objective allows 1.0":
 * per a power of ten at which the allowance is at least one request. */
static void sentence(FILE *o, const slo_budget_t *b, double objective,
                     const char *what)
{
	char g[32], x[32], y[32];
	double allow = slo_error_budget(objective);
	if (!(allow > 0)) { /* 100%: no rate to compare with */
		fprintf(o,
		        "<p class=\"say\">%s %s%s of %s in the SLO window; the "
		        "objective allows none.</p>\n",
		        report_grouped(x, b->bad), what, b->bad == 1 ? "" : "s",
		        report_grouped(g, b->total));
		return;
	}
	uint64_t per = 100;
	while (allow * (double)per < 1 && per < 1000000000ULL)
		per *= 10;
	if (b->total <= per) { /* "1 per 1,000" of 1 request: the counts */
		fprintf(o,
		        "<p class=\"say\">%s %s%s of %s in the SLO window; the "
		        "objective allows %s.</p>\n",
		        report_grouped(x, b->bad), what, b->bad == 1 ? "" : "s",
		        report_grouped(g, b->total),
		        report_amount(y, sizeof(y), allow * (double)b->total));
		return;
	}
	double rate = (double)b->bad / (double)b->total * (double)per;
	fprintf(o,
	        "<p class=\"say\">%s %s%s per %s in the SLO window; the "
	        "objective allows %s.</p>\n",
	        sig(x, sizeof(x), rate), what, rate == 1 ? "" : "s",
	        report_grouped(g, per),
	        report_amount(y, sizeof(y), allow * (double)per));
}

/* One objective's headline card. */
static void card(FILE *o, const model_sli_t *ms, int k, int judged)
{
	const sli_t *sli = ms->sli;
	const slo_eval_t *ev = &ms->ev;
	const slo_status_t *st = &ev->slo[k];
	const slo_budget_t *b = &st->budget;
	enum model_verdict s = ms->verdict[k];
	double objective = slo_objective(sli, k); /* also when not judged */
	char pct[32], obj[32], g1[32], g2[32], d[32];

	report_pct(obj, sizeof(obj), objective);
	fprintf(o, "<div class=\"card st-%s\" data-slo=\"%s\"", st_cls[s],
	        k ? "latency" : "availability");
	if (k)
		attr_num(o, "data-threshold-ms",
		         (double)sli->thr[k - 1].us / 1000.0);
	attr_num(o, "data-objective", objective);
	fprintf(o, " data-status=\"%s\"", model_verdict_name(s));
	if (judged && !b->unknown) {
		attr_u64(o, "data-window-requests", b->total);
		attr_u64(o, "data-window-bad", b->bad);
		attr_num(o, "data-remaining", b->remaining);
	} else {
		fputs(" data-remaining=\"null\"", o);
	}
	fputs(">\n", o);
	if (k) {
		report_duration(d, sizeof(d), sli->thr[k - 1].us);
		fprintf(o, "<h3>Latency \u2264 %s</h3>\n", d);
	} else {
		fputs("<h3>Availability</h3>\n", o);
	}
	/* the headline is the SLO window's, as the budget, the status and
	 * the sentence below (and Markdown's "Actual"); the whole log's
	 * figure follows, labelled, since the window may hold less */
	int win = judged && !b->unknown;
	if (win)
		report_ratio_pct(pct, sizeof(pct), b->total - b->bad, b->total,
		                 3);
	else
		snprintf(pct, sizeof(pct), "-");
	fprintf(o,
	        "<p class=\"big\"><span data-field=\"actual\">%s%s</span> "
	        "<span class=\"obj\">objective %s%%</span></p>\n",
	        pct, strcmp(pct, "-") ? "%" : "", obj);
	if (win)
		fprintf(o,
		        "<p class=\"say\">%s of %s %s%s in the SLO window"
		        "</p>\n",
		        report_grouped(g1, b->total - b->bad),
		        report_grouped(g2, b->total),
		        k               ? (b->total == 1
		                               ? "request with a latency was within "
		                               : "requests with a latency were "
		                                 "within ")
		        : b->total == 1 ? "request good"
		                        : "requests good",
		        k ? d : "");
	const model_stats_t *t = &ms->total.st;
	uint64_t good = k ? t->thr_good[k - 1] : t->good;
	uint64_t all = k ? t->lat_count : t->requests;
	report_ratio_pct(pct, sizeof(pct), good, all, 3);
	fprintf(o,
	        "<p class=\"say\" data-field=\"actual-log\">Whole log: "
	        "%s%s, %s of %s %s%s</p>\n",
	        pct, strcmp(pct, "-") ? "%" : "", report_grouped(g1, good),
	        report_grouped(g2, all),
	        k          ? (all == 1 ? "request with a latency within "
	                               : "requests with a latency within ")
	        : all == 1 ? "request good"
	                   : "requests good",
	        k ? d : "");
	char left[32], label[96];
	if (judged && !b->unknown && isnan(b->remaining)) {
		snprintf(left, sizeof(left), "none"); /* an objective of 100% */
		snprintf(label, sizeof(label), "no error budget");
	} else if (judged && !b->unknown) {
		report_frac_pct(left, sizeof(left), b->remaining, 1);
		snprintf(label, sizeof(label), "%s%% of the error budget left",
		         left);
	} else {
		snprintf(left, sizeof(left), "unknown");
		snprintf(label, sizeof(label), "error budget unknown");
	}
	report_svg_gauge(o, judged && !b->unknown ? b->remaining : NAN,
	                 gauge_cls[s], label);
	if (!strcmp(left, "unknown") || !strcmp(left, "none"))
		fprintf(
		    o,
		    "<p>Error budget left: <span data-field=\"budget-left\">"
		    "%s</span> ",
		    left);
	else
		fprintf(
		    o,
		    "<p><span data-field=\"budget-left\">%s%%</span> of the "
		    "error budget left ",
		    left);
	badge(o, s);
	fputs("</p>\n", o);
	if (judged && !b->unknown)
		sentence(o, b, objective, k ? "slow request" : "bad request");
	else
		fprintf(o,
		        "<p class=\"say\">Nothing to judge: no request%s "
		        "in the SLO window.</p>\n",
		        k ? " with a latency" : "");
	fputs("<p data-field=\"alerts\">Alerts firing: ", o);
	int any = 0;
	for (int a = 0; judged && a < ev->as.nsev; a++) {
		if (!st->firing[a])
			continue;
		fprintf(o, "%s<strong>%s</strong>", any ? ", " : "",
		        ev->as.sev[a]);
		any = 1;
	}
	fputs(any ? "" : "none", o);
	fputs("</p>\n</div>\n", o);
}

static void ts_card(FILE *o, const model_sli_t *ms, int judged)
{
	const sli_t *sli = ms->sli;
	const slo_eval_t *ev = &ms->ev;
	const slo_budget_t *b = &ev->ts_budget;
	enum model_verdict s = ms->ts_verdict;
	char obj[32], d[32], pct[32], left[32], g1[32], g2[32];

	report_pct(obj, sizeof(obj), sli->ts.objective);
	report_duration(d, sizeof(d), sli->ts.size_s * 1000000);
	fprintf(o, "<div class=\"card st-%s\" data-slo=\"timeslice\"",
	        st_cls[s]);
	attr_num(o, "data-objective", sli->ts.objective);
	fprintf(o, " data-status=\"%s\"", model_verdict_name(s));
	attr_num(o, "data-remaining",
	         judged && !b->unknown ? b->remaining : NAN);
	fputs(">\n<h3>Time slices of ", o);
	fputs(d, o);
	fputs("</h3>\n", o);
	report_ratio_pct(pct, sizeof(pct), ev->good_slices, ev->slices, 3);
	fprintf(o,
	        "<p class=\"big\"><span data-field=\"actual\">%s%s</span> "
	        "<span class=\"obj\">objective %s%%</span></p>\n",
	        pct, strcmp(pct, "-") ? "%" : "", obj);
	fprintf(o, "<p class=\"say\">%s of %s slices good (",
	        report_grouped(g1, ev->good_slices),
	        report_grouped(g2, ev->slices));
	report_svg_str(o, sli->ts.good_if);
	fputs(")</p>\n", o);
	if (judged && !b->unknown)
		report_frac_pct(left, sizeof(left), b->remaining, 1);
	else
		snprintf(left, sizeof(left), "unknown");
	report_svg_gauge(o, judged && !b->unknown ? b->remaining : NAN,
	                 gauge_cls[s], "error budget left");
	if (!strcmp(left, "unknown"))
		fprintf(
		    o, "<p>Error budget left: <span data-field=\"budget-left\">"
		       "unknown</span> ");
	else
		fprintf(
		    o,
		    "<p><span data-field=\"budget-left\">%s%%</span> of the "
		    "error budget left ",
		    left);
	badge(o, s);
	fputs("</p>\n</div>\n", o);
}

/* A chart of 640 x 220 in a box of its own: on a phone it keeps a
 * readable size and scrolls sideways within the box, the page does not. */
static void chart_open(report_svg_t *g, FILE *o, const char *label)
{
	fputs("<div class=\"cw\">", o);
	report_svg_open(g, o, 640, 220, "chart", label);
}

static void chart_close(report_svg_t *g)
{
	report_svg_close(g);
	fputs("</div>\n", g->out);
}

/* Grid lines for a percentage axis over [lo, hi]. */
static void pct_grid(report_svg_t *g, double lo, double hi)
{
	double span = hi - lo, step = 1;
	static const double steps[] = {
	    0.00001, 0.00002, 0.00005, 0.0001, 0.0002, 0.0005, 0.001, 0.002,
	    0.005,   0.01,    0.02,    0.05,   0.1,    0.2,    0.25,  0.5};
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if (span / steps[i] <= 5) {
			step = steps[i];
			break;
		}
	int digits = step >= 0.01     ? 0
	             : step >= 0.001  ? 1
	             : step >= 0.0001 ? 2
	                              : 3;
	for (double y = ceil(lo / step - 1e-9) * step; y <= hi + 1e-12;
	     y += step) {
		char b[32];
		/* no "-0%" from a sum that is zero but for rounding */
		snprintf(b, sizeof(b), "%.*f%%", digits,
		         fabs(y) < 1e-12 ? 0.0 : y * 100);
		report_svg_ygrid(g, y, b);
	}
}

/* The lower end of a percentage axis showing values down to lo and the
 * objective obj (-1: none) with some room: never below 0. */
static double axis_lo(double lo, double obj)
{
	if (obj >= 0 && obj < lo)
		lo = obj;
	double span = 1 - lo;
	if (span < 0.001)
		span = 0.001;
	lo = 1 - 1.25 * span;
	return lo < 0 ? 0 : lo;
}

/* Ticks under an index axis of n periods, as many as fit: a label is
 * about 6 px a character at the charts' 10 px font, and the next one
 * starts a gap further on. */
static void period_ticks(report_svg_t *g, const trend_t *t)
{
	char b[40];
	if (!t->n)
		return;
	int hm = t->unit == CAL_HOUR;
	double label =
	    6.0 * (double)strlen(when(b, sizeof(b), t->p[0].start, t->tz, hm)) +
	    12;
	double per = (g->r - g->l) / (double)t->n; /* px a period */
	int every = (int)ceil(label / per);
	if (every < 1)
		every = 1;
	for (int j = 0; j < t->n; j += every)
		report_svg_xtick(g, j + 0.5,
		                 when(b, sizeof(b), t->p[j].start, t->tz, hm));
}

/* Under a chart over time whose empty runs were left out (trend_t.gaps):
 * its axis is then not to scale. */
static void gaps_note(FILE *o, const trend_t *t)
{
	if (!t->gaps)
		return;
	fprintf(
	    o,
	    "<p class=\"legend\" data-gaps=\"%d\">The requests span "
	    "more %ss than a chart holds: %d run%s of empty %ss %s "
	    "drawn as one empty %s each, so the axis is not to scale.</p>\n",
	    t->gaps, series_unit_name(t->unit), t->gaps,
	    t->gaps == 1 ? "" : "s", series_unit_name(t->unit),
	    t->gaps == 1 ? "is" : "are", series_unit_name(t->unit));
}

/* Shaded bands over the periods without requests (no data, not 100%),
 * and over those a correction holds in (requests left out on purpose,
 * not missing): told apart by their shading and their titles, and named
 * in corrected_note. */
static void nodata(report_svg_t *g, const trend_t *t)
{
	for (int j = 0; j < t->n; j++)
		if (t->p[j].corrected)
			report_svg_band(g, j, j + 1, "corrected",
			                t->p[j].requests
			                    ? "partly corrected: some requests "
			                      "left out by corrections"
			                    : "corrected: requests left out by "
			                      "corrections");
		else if (!t->p[j].requests)
			report_svg_band(g, j, j + 1, "nodata",
			                "no requests: no data");
}

/* The legend's words for the corrected bands, when a chart has some. */
static void corrected_note(FILE *o, const trend_t *t)
{
	int n = 0;
	for (int j = 0; j < t->n; j++)
		n += t->p[j].corrected;
	if (n)
		fprintf(
		    o,
		    "<p class=\"legend\" data-corrected-periods=\"%d\">"
		    "Hatched bands: %d period%s a correction of the rules "
		    "holds in (its requests left out of the figures); plain "
		    "grey bands: no requests.</p>\n",
		    n, n, n == 1 ? "" : "s");
}

static void avail_chart(FILE *o, const model_sli_t *ms)
{
	const trend_t *t = ms->trend;
	const sli_t *sli = ms->sli;
	report_svg_t g;
	char b[96], w[40], p[32], n[32];
	double obj = sli->has_avail_objective ? sli->avail_objective : -1;
	double *x = xmalloc(((size_t)t->n + 1) * sizeof(*x));
	double *y = xmalloc(((size_t)t->n + 1) * sizeof(*y));
	double lo = 1;
	for (int j = 0; j < t->n; j++) {
		x[j] = j + 0.5;
		y[j] = t->p[j].requests
		           ? (double)(t->p[j].requests - t->p[j].bad) /
		                 (double)t->p[j].requests
		           : NAN;
		if (!isnan(y[j]) && y[j] < lo)
			lo = y[j];
	}
	fprintf(o,
	        "<figure data-chart=\"availability\" data-points=\"%d\">"
	        "<figcaption>Availability per %s</figcaption>\n",
	        t->n, series_unit_name(t->unit));
	chart_open(&g, o, "availability over time");
	g.x0 = 0, g.x1 = t->n, g.y0 = axis_lo(lo, obj), g.y1 = 1;
	nodata(&g, t);
	pct_grid(&g, g.y0, 1);
	period_ticks(&g, t);
	if (obj >= 0) {
		report_pct(p, sizeof(p), obj);
		snprintf(b, sizeof(b), "objective %s%%", p);
		report_svg_hline(&g, obj, "objective", b);
	}
	report_svg_line(&g, x, y, t->n, "s0");
	for (int j = 0; j < t->n; j++) {
		if (isnan(y[j]))
			continue;
		report_ratio_pct(p, sizeof(p), t->p[j].requests - t->p[j].bad,
		                 t->p[j].requests, 3);
		snprintf(b, sizeof(b), "%s: %s%% of %s good",
		         when(w, sizeof(w), t->p[j].start, t->tz,
		              t->unit == CAL_HOUR),
		         p, report_grouped(n, t->p[j].requests));
		/* the period as the JSON report's --by series writes it */
		char at[48], attrs[160];
		snprintf(attrs, sizeof(attrs),
		         " data-start=\"%s\" data-requests=\"%llu\" "
		         "data-good=\"%llu\"",
		         cal_format(t->p[j].start, t->tz, at, sizeof(at)),
		         (unsigned long long)t->p[j].requests,
		         (unsigned long long)(t->p[j].requests - t->p[j].bad));
		report_svg_dot(&g, x[j], y[j], "s0", b, attrs);
	}
	chart_close(&g);
	gaps_note(o, t);
	corrected_note(o, t);
	fputs("</figure>\n", o);
	free(x);
	free(y);
}

static void latency_chart(FILE *o, const model_sli_t *ms)
{
	const trend_t *t = ms->trend;
	const sli_t *sli = ms->sli;
	report_svg_t g;
	char b[128], w[40], p[32], d[32], n[32];
	double *x = xmalloc(((size_t)t->n + 1) * sizeof(*x));
	double *y = xmalloc(((size_t)t->n + 1) * sizeof(*y));
	double lo = 1, olo = 1;
	for (int k = 0; k < sli->nthr; k++) {
		if (sli->thr[k].objective < olo)
			olo = sli->thr[k].objective;
		for (int j = 0; j < t->n; j++)
			if (t->p[j].lat) {
				double r = (double)t->p[j].thr_good[k] /
				           (double)t->p[j].lat;
				lo = r < lo ? r : lo;
			}
	}
	fprintf(o,
	        "<figure data-chart=\"latency\" data-points=\"%d\">"
	        "<figcaption>Requests within each latency threshold, per "
	        "%s</figcaption>\n",
	        t->n, series_unit_name(t->unit));
	chart_open(&g, o,
	           "share of requests within each latency threshold "
	           "over time");
	g.x0 = 0, g.x1 = t->n, g.y0 = axis_lo(lo, olo), g.y1 = 1;
	nodata(&g, t);
	pct_grid(&g, g.y0, 1);
	period_ticks(&g, t);
	for (int k = 0; k < sli->nthr; k++) {
		char cls[8];
		snprintf(cls, sizeof(cls), "s%d", k % 5);
		report_duration(d, sizeof(d), sli->thr[k].us);
		report_pct(p, sizeof(p), sli->thr[k].objective);
		snprintf(b, sizeof(b), "%s%% \u2264 %s", p, d);
		report_svg_hline(&g, sli->thr[k].objective, "objective", b);
		for (int j = 0; j < t->n; j++) {
			x[j] = j + 0.5;
			y[j] = t->p[j].lat ? (double)t->p[j].thr_good[k] /
			                         (double)t->p[j].lat
			                   : NAN;
		}
		report_svg_line(&g, x, y, t->n, cls);
		for (int j = 0; j < t->n; j++) {
			if (isnan(y[j]))
				continue;
			report_ratio_pct(p, sizeof(p), t->p[j].thr_good[k],
			                 t->p[j].lat, 3);
			snprintf(b, sizeof(b), "%s: %s%% of %s within %s",
			         when(w, sizeof(w), t->p[j].start, t->tz,
			              t->unit == CAL_HOUR),
			         p, report_grouped(n, t->p[j].lat), d);
			report_svg_dot(&g, x[j], y[j], cls, b, NULL);
		}
	}
	int any = 0;
	for (int j = 0; j < t->n; j++)
		any |= t->p[j].lat != 0;
	if (!any)
		report_svg_note(&g, "no latencies: nothing to draw");
	chart_close(&g);
	fputs("<p class=\"legend\">", o);
	for (int k = 0; k < sli->nthr; k++) {
		report_duration(d, sizeof(d), sli->thr[k].us);
		fprintf(o, "%s%s line: within %s", k ? "; " : "",
		        dash_name[k % 5], d);
	}
	fputs("; dashed red lines: the objectives</p>\n", o);
	gaps_note(o, t);
	corrected_note(o, t);
	fputs("</figure>\n", o);
	free(x);
	free(y);
}

static const char *const slo_label[] = {"availability", "latency"};

/* The burn-down: budget left over the window, one line per SLO whose
 * budget is known, and the ideal straight line from 100% to 0%. */
static void burn_chart(FILE *o, const model_sli_t *ms)
{
	const trend_t *t = ms->trend;
	const sli_t *sli = ms->sli;
	const char *tz = sli->window.kind == WIN_ROLLING ? "" : sli->window.tz;
	report_svg_t g;
	char b[160], w[40], d[32];
	double lo = 0, hi = 1;
	int lines = 0;
	for (int k = 0; k < SLO_MAX; k++) {
		if (!t->left[k])
			continue;
		lines++;
		for (int j = 0; j < t->nb; j++)
			lo = t->left[k][j] < lo ? t->left[k][j] : lo;
	}
	if (lo < -9)
		lo = -9; /* a budget overspent ten times over: cut, labelled */
	fprintf(o,
	        "<figure data-chart=\"burndown\" data-lines=\"%d\">"
	        "<figcaption>Error budget left over the SLO window"
	        "</figcaption>\n",
	        lines);
	chart_open(&g, o, "error budget burn-down");
	g.x0 = (double)t->bstart;
	g.x1 =
	    (double)(t->ideal_end > t->bstart ? t->ideal_end : t->bstart + 60);
	g.y0 = lo, g.y1 = hi;
	pct_grid(&g, lo, hi);
	for (int j = 0; j <= 4; j++) {
		double at = g.x0 + (g.x1 - g.x0) * j / 4;
		/* the time too unless the tick is at midnight: a rolling
		 * window's quarters start at any hour */
		when(w, sizeof(w), (int64_t)at, tz, 1);
		if (t->ideal_end - t->bstart > 3 * 86400 &&
		    !strcmp(w + 10, " 00:00"))
			w[10] = '\0';
		report_svg_xtick(&g, at, w);
	}
	report_svg_hline(&g, 0, "zero", "budget spent");
	fprintf(o,
	        "<line class=\"ideal\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
	        "y2=\"%.1f\"><title>ideal: spent evenly over the window"
	        "</title></line>\n",
	        report_svg_x(&g, g.x0), report_svg_y(&g, 1),
	        report_svg_x(&g, g.x1), report_svg_y(&g, 0));
	double *x = xmalloc(((size_t)t->nb + 2) * sizeof(*x));
	double *y = xmalloc(((size_t)t->nb + 2) * sizeof(*y));
	int s = 0, clipped = 0;
	for (int k = 0; k < SLO_MAX; k++) {
		if (!t->left[k])
			continue;
		char cls[8];
		snprintf(cls, sizeof(cls), "s%d", s++ % 5);
		x[0] = (double)t->bstart, y[0] = 1;
		for (int j = 0; j < t->nb; j++) {
			int64_t at = t->bstart + (int64_t)(j + 1) * t->bstep;
			x[j + 1] = (double)(at < t->bend ? at : t->bend);
			y[j + 1] = t->left[k][j] < lo ? lo : t->left[k][j];
		}
		report_svg_line(&g, x, y, t->nb + 1, cls);
		char left[32];
		report_frac_pct(left, sizeof(left), t->left[k][t->nb - 1], 1);
		if (k)
			report_duration(d, sizeof(d), sli->thr[k - 1].us);
		snprintf(b, sizeof(b), "%s%s%s: %s%% left at %s",
		         slo_label[k > 0], k ? " \u2264 " : "", k ? d : "",
		         left, when(w, sizeof(w), t->bend, tz, 1));
		report_svg_dot(&g, x[t->nb], y[t->nb], cls, b, NULL);
		/* a line cut at the axis' floor says so where it is cut,
		 * with the budget it really ends at (not in a tooltip only) */
		double low = 0;
		for (int j = 0; j < t->nb; j++)
			low = t->left[k][j] < low ? t->left[k][j] : low;
		if (low < lo) {
			fprintf(o,
			        "<text class=\"clip\" x=\"%.1f\" y=\"%.1f\">"
			        "\u25BC ",
			        report_svg_x(&g, x[t->nb]) - 4,
			        report_svg_y(&g, lo) - 6 - 12.0 * clipped++);
			report_svg_str(o, b);
			fputs(" (below the chart)</text>\n", o);
		}
	}
	if (!lines)
		report_svg_note(&g, "no budget to draw: nothing in the window "
		                    "to judge");
	chart_close(&g);
	free(x);
	free(y);
	fputs("<p class=\"legend\">", o);
	s = 0;
	int first = 1;
	for (int k = 0; k < ms->ev.nslo; k++) {
		if (!ms->ev.slo[k].active)
			continue;
		if (k)
			report_duration(d, sizeof(d), sli->thr[k - 1].us);
		fprintf(o, "%s%s%s%s: ", first ? "" : "; ", slo_label[k > 0],
		        k ? " \u2264 " : "", k ? d : "");
		if (t->left[k])
			fprintf(o, "%s line", dash_name[s++ % 5]);
		else
			fputs("unknown (nothing to judge), not drawn", o);
		first = 0;
	}
	fputs("; grey dashes: the ideal, spent evenly", o);
	if (clipped)
		fputs("; \u25BC a line overspent beyond the chart's floor "
		      "(-900%), with where it ends",
		      o);
	fputs("</p>\n</figure>\n", o);
}

/* The least step of 1, 2 or 5 times a power of ten (at least 1) that
 * reaches top in at most max steps: an axis of counts ticks at whole
 * numbers, each label distinct. */
static uint64_t count_step(uint64_t top, uint64_t max)
{
	static const uint64_t f[] = {1, 2, 5};
	for (uint64_t p = 1;; p *= 10)
		for (int i = 0; i < 3; i++)
			if ((top + p * f[i] - 1) / (p * f[i]) <= max)
				return p * f[i];
}

/* The latency histogram on a log-scale axis, thresholds and percentiles
 * marked. */
static void hist_chart(FILE *o, const model_sli_t *ms)
{
	const trend_t *t = ms->trend;
	const sli_t *sli = ms->sli;
	report_svg_t g;
	char b[96], l[32], h[32], n[32];
	fprintf(o,
	        "<figure data-chart=\"histogram\" data-bins=\"%d\">"
	        "<figcaption>Latency distribution (log scale)</figcaption>\n",
	        t->nbins);
	chart_open(&g, o, "latency histogram");
	if (!t->nbins) {
		report_svg_note(&g, "no latencies recorded");
		chart_close(&g);
		fputs("</figure>\n", o);
		return;
	}
	uint64_t top = 1;
	for (int j = 0; j < t->nbins; j++)
		top = t->bin[j].count > top ? t->bin[j].count : top;
	g.logx = 1;
	g.x0 = t->bin[0].lo_us, g.x1 = t->bin[t->nbins - 1].hi_us;
	for (int k = 0; k < sli->nthr; k++) {
		double us = (double)sli->thr[k].us;
		g.x0 = us / 1.2 < g.x0 ? us / 1.2 : g.x0;
		g.x1 = us * 1.2 > g.x1 ? us * 1.2 : g.x1;
	}
	/* the percentiles too: one beyond the last bin (a latency over an
	 * hour) would be drawn outside the chart */
	const double pv[3] = {t->p50_us, t->p95_us, t->p99_us};
	for (int q = 0; q < 3; q++)
		if (pv[q] > 0) {
			g.x0 = pv[q] / 1.2 < g.x0 ? pv[q] / 1.2 : g.x0;
			g.x1 = pv[q] * 1.2 > g.x1 ? pv[q] * 1.2 : g.x1;
		}
	/* a bin or two alone would fill the chart: at least a factor of 16
	 * (four doublings) wide, centred on them */
	if (g.x1 / g.x0 < 16) {
		double mid = sqrt(g.x0 * g.x1);
		g.x0 = mid / 4, g.x1 = mid * 4;
	}
	/* counts are whole: ticks at a whole step of 1, 2 or 5 times a
	 * power of ten, at most five above 0, the top one at or above the
	 * tallest bar */
	uint64_t step = count_step(top, 5);
	uint64_t ntick = (top + step - 1) / step;
	g.y0 = 0, g.y1 = (double)(ntick * step);
	for (uint64_t q = 0; q <= ntick; q++)
		report_svg_ygrid(&g, (double)(q * step),
		                 report_grouped(n, q * step));
	/* decades: 1ms, 10ms, ... */
	for (double us = 1; us <= g.x1; us *= 10) {
		if (us < g.x0)
			continue;
		report_duration(b, sizeof(b),
		                (int64_t)us); /* "1s", not 1000ms */
		report_svg_xtick(&g, us, b);
	}
	for (int j = 0; j < t->nbins; j++) {
		if (!t->bin[j].count)
			continue;
		lat(l, sizeof(l), t->bin[j].lo_us);
		lat(h, sizeof(h), t->bin[j].hi_us);
		snprintf(b, sizeof(b), "%s requests over %s, up to %s",
		         report_grouped(n, t->bin[j].count), l, h);
		report_svg_bar(&g, t->bin[j].lo_us, t->bin[j].hi_us,
		               (double)t->bin[j].count, "bar", b);
	}
	/* the marks left to right, each label on the first of three rows
	 * where it does not run into the previous one (about 6 px per
	 * character at the charts' 10 px font) */
	struct mark {
		double us;
		const char *cls;
		char label[40];
	} mk[RULES_MAX_THR + 3];
	int nm = 0;
	for (int k = 0; k < sli->nthr; k++) {
		mk[nm] = (struct mark){(double)sli->thr[k].us, "thr", ""};
		report_duration(mk[nm].label, sizeof(mk[nm].label),
		                sli->thr[k].us);
		nm++;
	}
	static const char *const pn[3] = {"p50", "p95", "p99"};
	for (int q = 0; q < 3; q++) {
		if (!(pv[q] > 0))
			continue;
		lat(l, sizeof(l), pv[q]);
		mk[nm] = (struct mark){pv[q], "pct", ""};
		snprintf(mk[nm].label, sizeof(mk[nm].label), "%s %s", pn[q], l);
		nm++;
	}
	for (int i = 1; i < nm; i++) /* insertion sort by x: a handful */
		for (int j = i; j > 0 && mk[j].us < mk[j - 1].us; j--) {
			struct mark tmp = mk[j];
			mk[j] = mk[j - 1];
			mk[j - 1] = tmp;
		}
	double end[3] = {-1e9, -1e9, -1e9};
	for (int i = 0; i < nm; i++) {
		double px = report_svg_x(&g, mk[i].us);
		int row = 0;
		while (row < 2 && end[row] > px)
			row++;
		end[row] = px + 6.0 * (double)strlen(mk[i].label) + 4;
		report_svg_vline(&g, mk[i].us, mk[i].cls, mk[i].label, row);
	}
	chart_close(&g);
	fputs("<p class=\"legend\">Bars: requests per latency bin (4 per "
	      "doubling); red dashes: the thresholds; black dotted lines: p50, "
	      "p95, p99",
	      o);
	if (t->zero || t->over) {
		char z[32], v[32];
		fprintf(o, "; not drawn: %s at 0 ms, %s over an hour",
		        report_grouped(z, t->zero), report_grouped(v, t->over));
	}
	fputs("</p>\n</figure>\n", o);
}

/* One endpoint row (or the total): the numbers of the JSON report. */
static void row(FILE *o, const model_t *m, const sli_t *sli,
                const model_row_t *r, int j)
{
	const model_stats_t *st = &r->st;
	char b[40], g[32];
	fprintf(o, "<tr data-ep=\"%d\"", j);
	attr_u64(o, "data-requests", st->requests);
	attr_u64(o, "data-good", st->good);
	attr_u64(o, "data-bad", st->bad);
	attr_u64(o, "data-lat-count", st->lat_count);
	fputs("><td>", o);
	/* a break allowed after each '/' (never inside a multi-byte
	 * character: '/' is one byte of UTF-8 alone), so a phone breaks
	 * an endpoint between its segments, not mid-word */
	for (size_t a = 0, z; a < r->keyn; a = z) {
		const char *sl = memchr(r->key + a, '/', r->keyn - a);
		z = sl ? (size_t)(sl - r->key) + 1 : r->keyn;
		report_svg_text(o, r->key + a, z - a);
		if (sl && z < r->keyn)
			fputs("<wbr>", o);
	}
	fprintf(o, "</td><td data-v=\"%llu\">%s</td>",
	        (unsigned long long)st->requests,
	        report_grouped(g, st->requests));
	report_ratio_pct(b, sizeof(b), st->good, st->requests, 3);
	fprintf(o, "<td data-v=\"%s\">%s</td>",
	        report_num(g, sizeof(g), isnan(st->avail) ? -1 : st->avail), b);
	fprintf(o, "<td data-v=\"%llu\">%s</td>", (unsigned long long)st->bad,
	        report_grouped(g, st->bad));
	for (int q = 0; q < m->rules->npct; q++) {
		if (st->lat_count)
			lat(b, sizeof(b), st->pct_us[q]);
		fprintf(o, "<td data-v=\"%s\">%s</td>",
		        report_num(g, sizeof(g),
		                   st->lat_count ? st->pct_us[q] / 1000.0 : -1),
		        st->lat_count ? b : "-");
	}
	for (int k = 0; k < sli->nthr; k++) {
		report_ratio_pct(b, sizeof(b), st->thr_good[k], st->lat_count,
		                 3);
		fprintf(
		    o, "<td data-v=\"%s\" data-thr-good=\"%llu\">%s</td>",
		    report_num(g, sizeof(g),
		               isnan(st->thr_ratio[k]) ? -1 : st->thr_ratio[k]),
		    (unsigned long long)st->thr_good[k], b);
	}
	fputs("</tr>\n", o);
}

static void endpoints(FILE *o, const model_t *m, const model_sli_t *ms)
{
	const sli_t *sli = ms->sli;
	char d[32], ne[32];
	fprintf(
	    o,
	    "<figure data-table=\"endpoints\"><figcaption>Endpoints, busiest "
	    "first (%s; click a heading to sort)</figcaption>\n"
	    "<div class=\"scroll\"><table class=\"sortable\"><thead><tr>"
	    "<th>Endpoint</th><th>Requests</th><th>Availability %%</th>"
	    "<th>Bad</th>",
	    report_grouped(ne, (uint64_t)ms->nep));
	for (int q = 0; q < m->rules->npct; q++)
		fprintf(o, "<th>p%g</th>",
		        m->rules->pct[q]); /* units in cells */
	for (int k = 0; k < sli->nthr; k++) {
		report_duration(d, sizeof(d), sli->thr[k].us);
		fprintf(o, "<th>\u2264 %s %%</th>", d);
	}
	fputs("</tr></thead>\n<tbody>\n", o);
	for (int j = 0; j < ms->nep; j++)
		row(o, m, sli, &ms->ep[j], j);
	fputs("</tbody>\n<tfoot>", o);
	row(o, m, sli, &ms->total, -1);
	fputs("</tfoot></table></div></figure>\n", o);
}

static void sli_section(FILE *o, const model_t *m, int i)
{
	const model_sli_t *ms = &m->sli[i];
	const sli_t *sli = ms->sli;
	const model_stats_t *t = &ms->total.st;
	int judged = m->end != REQ_NO_TIME;
	char b[48], c[48], g[32];

	fprintf(o, "<section class=\"sli\" id=\"sli-%d\" data-sli=\"", i);
	report_svg_str(o, sli->name);
	fputs("\"", o);
	attr_u64(o, "data-requests", t->requests);
	attr_u64(o, "data-good", t->good);
	attr_u64(o, "data-bad", t->bad);
	attr_u64(o, "data-lat-count", t->lat_count);
	fputs(">\n<h2>", o);
	badge(o, sli_state(ms));
	report_svg_str(o, sli->name);
	fputs("</h2>\n<p class=\"meta\">", o);
	fprintf(o, "%s request%s in the logs", report_grouped(g, t->requests),
	        report_plural(t->requests));
	if (judged) {
		const char *tz =
		    sli->window.kind == WIN_ROLLING ? "" : sli->window.tz;
		if (sli->window.kind == WIN_ROLLING) {
			report_duration(c, sizeof(c),
			                sli->window.seconds * 1000000);
			fprintf(o, "; SLO window: the last %s, ", c);
		} else {
			fprintf(o, "; SLO window: the calendar %s%s%s, ",
			        sli->window.kind == WIN_MONTH  ? "month"
			        : sli->window.kind == WIN_WEEK ? "week"
			                                       : "quarter",
			        *tz ? " in " : "", tz);
		}
		fprintf(o, "%s to ", when(b, sizeof(b), ms->ev.start, tz, 1));
		fprintf(o, "%s", when(b, sizeof(b), ms->ev.end, tz, 1));
		/* the window's own count, when the evaluation has it (the
		 * availability objective's), so the two are never mixed */
		const slo_budget_t *wb = &ms->ev.slo[0].budget;
		if (ms->ev.slo[0].active)
			fprintf(o, " (%s request%s)",
			        report_grouped(g, wb->total),
			        report_plural(wb->total));
	}
	if (ms->corrected)
		fprintf(o,
		        "; <span data-field=\"corrected\" data-v=\"%llu\">%s "
		        "request%s corrected</span> (left out by the rules' "
		        "corrections)",
		        (unsigned long long)ms->corrected,
		        report_grouped(g, ms->corrected),
		        report_plural(ms->corrected));
	fputs("</p>\n<div class=\"cards\">\n", o);
	int cards = 0;
	/* from the rules, not ev: without a time there is no evaluation, and
	 * the cards still show each objective, unknown */
	for (int k = 0; k < 1 + sli->nthr; k++) {
		if (slo_objective(sli, k) < 0)
			continue;
		card(o, ms, k, judged);
		cards++;
	}
	if (sli->ts.size_s) {
		ts_card(o, ms, judged);
		cards++;
	}
	if (!cards)
		fputs("<p>No objective: the numbers below are for "
		      "information.</p>\n",
		      o);
	fputs("</div>\n<div class=\"charts\">\n", o);
	if (judged && cards)
		burn_chart(o, ms);
	if (ms->trend->n) {
		avail_chart(o, ms);
		if (sli->nthr)
			latency_chart(o, ms);
	}
	hist_chart(o, ms);
	fputs("</div>\n", o);
	if (sli->group_by != GROUP_NONE)
		endpoints(o, m, ms);
	fputs("</section>\n", o);
}

static void input_row(FILE *o, const char *what, const char *key, uint64_t v,
                      const char *note)
{
	char g[32];
	fprintf(o,
	        "<tr data-input=\"%s\"><td>%s</td><td data-v=\"%llu\">%s"
	        "</td><td>%s</td></tr>\n",
	        key, what, (unsigned long long)v, report_grouped(g, v), note);
}

/* What was read, and what became of it: nothing silently dropped. */
static void accounting(FILE *o, const model_t *m)
{
	const model_input_t *in = &m->in;
	char g[32];
	fputs("<details class=\"input\"><summary>Input: what was read"
	      "</summary>\n<div class=\"scroll\"><table><tbody>\n",
	      o);
	input_row(o, "lines", "lines", in->lines, "");
	input_row(o, "requests", "requests", in->requests,
	          "parsed as requests");
	input_row(o, "unparsed", "unparsed", in->unparsed,
	          "lines no format could read");
	input_row(o, "other", "other", in->other,
	          "lines passed over by design (blank, context)");
	input_row(o, "unmatched", "unmatched", in->unmatched,
	          "requests no SLI took");
	input_row(o, "incomplete", "incomplete", in->incomplete,
	          "requests that never completed (Rails)");
	input_row(o, "filtered", "filtered", in->filtered,
	          "requests outside --since/--until");
	input_row(o, "corrected", "corrected", m->corrected,
	          "requests the rules' corrections left out of their SLIs "
	          "(per SLI: one in two SLIs counts twice)");
	fputs("</tbody></table></div>\n<div class=\"scroll\"><table "
	      "class=\"sortable\"><thead><tr><th>File</th><th>Format</th>"
	      "<th>Lines</th><th>Requests</th><th>Unparsed</th><th>Other</th>"
	      "<th>Note</th></tr></thead><tbody>\n",
	      o);
	for (int i = 0; i < in->nfiles; i++) {
		const run_file_t *f = in->files_by_path[i];
		fputs("<tr data-file><td>", o);
		report_svg_str(o, f->name);
		fprintf(o, "</td><td>%s</td>",
		        f->error && !f->lines ? "none" : fmt_name(f->format));
		fprintf(o, "<td data-v=\"%llu\">%s</td>",
		        (unsigned long long)f->lines,
		        report_grouped(g, f->lines));
		fprintf(o, "<td data-v=\"%llu\">%s</td>",
		        (unsigned long long)f->requests,
		        report_grouped(g, f->requests));
		fprintf(o, "<td data-v=\"%llu\">%s</td>",
		        (unsigned long long)f->unparsed,
		        report_grouped(g, f->unparsed));
		fprintf(o, "<td data-v=\"%llu\">%s</td><td>",
		        (unsigned long long)f->other,
		        report_grouped(g, f->other));
		if (f->error)
			report_svg_str(o, f->error);
		else if (f->note)
			report_svg_str(o, f->note);
		fputs("</td></tr>\n", o);
	}
	fputs("</tbody></table></div>\n", o);
	for (int i = 0; i < m->run->nsamples; i++) {
		const run_sample_t *s = &m->run->samples[i];
		fputs(i ? "" : "<p>First unparsed lines:</p><ul>\n", o);
		fputs("<li>", o);
		report_svg_str(o, m->run->files[s->file].name);
		fprintf(o, ":%llu: ", (unsigned long long)s->line);
		report_svg_str(o, s->reason);
		fputs("</li>\n", o);
		fputs(i + 1 == m->run->nsamples ? "</ul>\n" : "", o);
	}
	fputs("</details>\n", o);
}

void report_html(FILE *o, const model_t *m, const html_opts_t *opt)
{
	char b[48], c[48], g[32];
	fputs("<!doctype html>\n<html lang=\"en\"><head><meta "
	      "charset=\"utf-8\">\n<meta name=\"viewport\" "
	      "content=\"width=device-width, initial-scale=1\">\n"
	      "<link rel=\"icon\" href=\"data:,\">\n",
	      o);
	if (opt && opt->refresh > 0)
		fprintf(o, "<meta http-equiv=\"refresh\" content=\"%d\">\n",
		        opt->refresh);
	fputs("<title>SLO report", o);
	for (int i = 0; i < m->nsli && i < 3; i++) {
		fputs(i ? ", " : ": ", o);
		report_svg_str(o, m->sli[i].sli->name);
	}
	fputs(m->nsli > 3 ? ", ...</title>\n" : "</title>\n", o);
	fprintf(o, "<style>\n%s</style>\n</head>\n<body>\n", css);
	/* the hatching of corrected time, defined once for every chart */
	fputs("<svg width=\"0\" height=\"0\" style=\"position:absolute\" "
	      "aria-hidden=\"true\"><defs><pattern id=\"hatch\" "
	      "width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
	      "patternTransform=\"rotate(45)\"><rect width=\"6\" "
	      "height=\"6\" fill=\"#f0f0f0\"/><line x1=\"0\" y1=\"0\" "
	      "x2=\"0\" y2=\"6\" stroke=\"#999\" stroke-width=\"2\"/>"
	      "</pattern></defs></svg>\n<header>\n",
	      o);
	fputs("<h1>SLO report</h1>\n<p class=\"meta\" data-field=\"span\">", o);
	fprintf(o, "%s request%s from %d file%s (%s)",
	        report_grouped(g, m->in.requests),
	        m->in.requests == 1 ? "" : "s", m->in.nfiles,
	        m->in.nfiles == 1 ? "" : "s",
	        *m->in.formats ? m->in.formats : "no format recognised");
	if (m->in.tmin != REQ_NO_TIME)
		fprintf(o, ", logged %s to %s UTC",
		        when(b, sizeof(b), m->in.tmin, "", 1),
		        when(c, sizeof(c), m->in.tmax, "", 1));
	fputs(".</p>\n<p class=\"meta\">", o);
	if (m->end != REQ_NO_TIME)
		fprintf(o, "SLOs judged at %s UTC. ",
		        when(b, sizeof(b), m->end, "", 1));
	else
		fputs("No request had a time: the SLOs cannot be judged. ", o);
	fputs("Rules: ", o);
	report_svg_str(o, m->rules->source);
	fputs(". Made by slicalc from the logs alone: nothing on this page "
	      "comes from the network.</p>\n",
	      o);
	for (int i = 0; i < m->nwarn; i++) {
		fputs("<p class=\"meta\" data-warning=\"", o);
		fputs(m->warn[i].kind, o);
		fputs("\">Note: SLI <strong>", o);
		report_svg_str(o, m->rules->sli[m->warn[i].sli].name);
		fputs("</strong>: ", o);
		report_svg_str(o, m->warn[i].message);
		fputs(".</p>\n", o);
	}
	fputs("<nav>", o);
	for (int i = 0; i < m->nsli; i++) {
		if (m->sli[i].sli->census)
			continue;
		fprintf(o, "<a href=\"#sli-%d\">", i);
		enum model_verdict s = sli_state(&m->sli[i]);
		fprintf(o, "%s ", st_sym[s]);
		report_svg_str(o, m->sli[i].sli->name);
		fputs("</a>", o);
	}
	fputs("</nav>\n</header>\n<main>\n", o);
	for (int i = 0; i < m->nsli; i++)
		if (!m->sli[i].sli->census)
			sli_section(o, m, i);
	fputs("</main>\n<footer>\n", o);
	accounting(o, m);
	fputs("<details class=\"rules\"><summary>Rules: ", o);
	report_svg_str(o, m->rules->source);
	fputs("</summary>\n<pre>", o);
	const char *text = m->rules->text ? m->rules->text : "";
	/* the YAML as written, newlines kept: escaped line by line */
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		report_svg_text(o, p, n);
		fputs("\n", o);
		p += n + (nl != NULL);
	}
	fprintf(o,
	        "</pre></details>\n<p class=\"meta\">Status: %s met; %s at "
	        "risk (less than %.0f%% of the budget left, or an alert "
	        "firing); %s spent; ? unknown (nothing to judge).</p>\n",
	        st_sym[MV_MET], st_sym[MV_AT_RISK], MODEL_AT_RISK * 100,
	        st_sym[MV_SPENT]);
	fprintf(o, "</footer>\n<script>\n%s</script>\n</body></html>\n", js);
}
