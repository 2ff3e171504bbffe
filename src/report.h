/*
 * report.h - writers over a report model (model.h): the JSON contract,
 * the human table, CSV, Prometheus text, the backtest's alerts. They only
 * format what the model computed; they compute nothing of their own.
 */
#ifndef SLICALC_REPORT_H
#define SLICALC_REPORT_H

#include <stdio.h>

#include "model.h"
#include "run.h"

#define REPORT_JSON_VERSION 1

/* The stable JSON report (see README.md, "JSON report"). */
void report_json(FILE *out, const model_t *m);

/* The report's "input" object: lines, requests, unparsed, ..., files,
 * unparsed_lines, start, end (also in backtest's JSON). */
void report_json_input(FILE *out, const model_t *m);

/* ",\n "warnings": [{"sli", "kind", "message"}, ...]": the model's
 * warnings, always written, empty when none. */
void report_json_warnings(FILE *out, const model_t *m);

/* ",\n   "alert_rules": [{"severity", "long", "short", "factor",
 * "min_requests"}, ...]": the burn-rate alerts an SLI is judged by, the
 * factor scaled to its SLO window (also in backtest's JSON). */
void report_json_alert_rules(FILE *out, const sli_t *sli);

/* A JSON string (quotes included); bytes that are not UTF-8 become the
 * code point of the same value, so the output is always valid JSON. */
void report_json_str(FILE *out, const char *s, size_t n);

/* The Prometheus text exposition (0.0.4) of the model's counters and
 * histograms (see report_prom.c for the metric names). */
void report_prometheus(FILE *out, const model_t *m);

/*
 * A Prometheus label value (without its quotes) as both the exposition and
 * the rules spell it, so the rules select exactly the series /metrics
 * writes: valid UTF-8 as it is; backslash, double quote and newline as
 * \\, \" and \n (the only escapes of the text format, read the same by
 * PromQL and YAML); a byte that is not part of valid UTF-8 as the text
 * \xHH (uppercase hex, as nginx logs such bytes), so the output is always
 * valid UTF-8. rules: the value goes into a PromQL or YAML string, where
 * other control characters (U+0000..U+001F, U+007F..U+009F) are written
 * \u00hh; the exposition writes them as they are.
 */
void report_prom_label(FILE *out, const char *s, size_t n, int rules);

/* Prometheus recording and burn-rate alert rules for the SLOs of r, over
 * the metrics report_prometheus() writes (see report_promrules.c). */
void report_promrules(FILE *out, const rules_t *r);

typedef struct html_opts {
	int refresh; /* seconds between reloads (tail); 0: none */
} html_opts_t;

/* The report as one self-contained HTML page (report_html.c): inline CSS,
 * SVG and a little JavaScript, nothing fetched; numbers in data-*
 * attributes as the JSON report writes them. o may be NULL. */
void report_html(FILE *out, const model_t *m, const html_opts_t *o);

typedef struct table_opts {
	int color; /* ANSI colours for met/missed objectives */
	int top;   /* endpoints shown per SLI; 0 = all, -1 none */
	int width; /* columns to fit the tables in; 0 = unlimited (no column
	              left out, no endpoint shortened) */
	int live;  /* tail's view: "+N more" instead of the --top hint */
} table_opts_t;

/* CSV: per SLI and period with --by, else per SLI and endpoint. */
void report_csv(FILE *out, const model_t *m);

struct replay;

/* `slicalc backtest`: the alerts replayed for each SLI (rp[i] for SLI
 * i), as JSON or as a table. */
void report_backtest_json(FILE *out, const model_t *m, const struct replay *rp);
void report_backtest_table(FILE *out, const model_t *m,
                           const struct replay *rp);

/* The table's first lines: files, formats, lines, requests, unparsed,
 * unmatched, incomplete, filtered, and the time span (also backtest's). */
void report_table_input(FILE *out, const model_t *m);

/* The aligned table for terminals. */
void report_table(FILE *out, const model_t *m, const table_opts_t *o);

/* A duration as a window or a threshold is named in the rules, in the
 * largest unit that writes it exactly: "30d", "5m", "1h", "30s", "1.5s",
 * "250ms", "1.5ms", "250us" (parse_duration_us reads each back). */
void report_duration(char *buf, size_t len, int64_t us);

/* Print an objective given as a fraction, as a percentage with no
 * trailing zeros ("99.9", "99.999995"). */
void report_pct(char *buf, size_t len, double frac);

/*
 * s[0..n) as the table and CSV show it, so that no byte acts on the
 * terminal or breaks a row and no two endpoints look alike: valid UTF-8
 * as it is; control bytes, C1 controls and bytes that are not UTF-8 as
 * the text \xHH, the way nginx writes them (so a raw byte and nginx's
 * escape of it, the same byte, look the same); Unicode format characters
 * that are invisible or reorder the text around them (U+00AD, U+200B to
 * U+200F, U+2028 to U+202E, U+2060 to U+2064, U+2066 to U+2069, U+FEFF)
 * as the text \uHHHH ("\u202E"). At most max_cols
 * characters (an escape counts its characters) and cap - 1 bytes go into
 * buf, NUL-terminated, cut between characters; *cut says whether
 * something was left out. Returns the characters written.
 */
int report_display(char *buf, size_t cap, const char *s, size_t n, int max_cols,
                   int *cut);

/* num / den as a share of traffic: a percentage rounded down to two
 * decimals with "%", but "<0.01%" for a share that is not nothing, so no
 * 5xx hides behind a zero; "-" when den is 0 (routes, check, the
 * suggestion's comments). Returns buf. */
const char *report_share(char *buf, size_t len, uint64_t num, uint64_t den);

/* Milliseconds from microseconds with three significant digits or so,
 * as the tables show latencies ("26.0", "412", "1.00"); from a minute
 * on, report_span() ("1m05s", "8h10m"): the unit is then written. */
void report_ms(char *buf, size_t len, double us);

/* A duration for people, the two largest units rounded down, the second
 * on two digits: "2d03h", "8h10m", "1m05s", "42s" (spans, and latencies
 * beyond a minute); days are the largest unit ("5361d08h"). */
void report_span(char *buf, size_t len, int64_t us);

/* "" for 1, else "s": "1 request", "2 requests", "0 requests". */
const char *report_plural(uint64_t n);

/* n grouped by thousands and noun, in the plural unless n is 1
 * ("1 file", "4,500 requests") into buf; returns buf. */
const char *report_count(char *buf, size_t len, uint64_t n, const char *noun);

/* The columns a terminal gives the UTF-8 character s[0..k) (2 for wide
 * East Asian characters and emoji, 0 for combining marks), and the
 * columns of a whole display text (report_display's output). */
int report_char_cols(const char *s, size_t k);
int report_cols(const char *s);

/*
 * Display texts in[0..n) (as report_display() writes them) at most max
 * columns wide (at least 4), for a column of endpoints: a longer one keeps
 * its start and end around "…"; two that would then look alike while the
 * texts differ show each where it differs ("start…middle…end"), and if
 * that cannot tell them apart either, whole. So out[i] == out[j] only
 * when in[i] == in[j]. out[i] is malloc'd (the caller frees each).
 */
void report_shorten(char **out, const char *const *in, int n, int max);

/* The input line about corrections (report_corr.c), when the rules have
 * some or some request was corrected: "corrected: 1,234 requests left
 * out of their SLIs (weekly 1,200; deploy 34)", and how many requests had
 * no time to check. Nothing otherwise. */
void report_corrections_line(FILE *o, const model_t *m);

/* A fractional amount read beside whole counts (bad requests allowed):
 * four significant digits rounded down, so it never seems to allow more
 * than it does ("0.9995", "15.14", "100.5", "0.032"), trailing zeros
 * dropped; "<0.001" below that (but above 0); whole and grouped from
 * 1,000 ("1,234"); never in e-notation; "-" for NAN. Returns buf
 * (at least 32 bytes). */
const char *report_amount(char *buf, size_t len, double v);

/* v with its digits grouped by thousands ("1,234,567") into buf (at
 * least 32 bytes); returns buf. */
const char *report_grouped(char *buf, uint64_t v);

/* A CSV text field (RFC 4180): as report_display() shows it (no control
 * bytes, so no newline), quoted when it holds a comma or a quote. */
void report_csv_field(FILE *out, const char *s, size_t n);

/* The whole of s[0..n) as report_display() shows it, written to out. */
void report_display_put(FILE *out, const char *s, size_t n);

/* v printed so that strtod() reads back the same double: the shortest of
 * %.15g, %.16g and %.17g that does; "null" when v is NAN or infinite.
 * Returns buf. Every float in the JSON reports goes through this. */
const char *report_num(char *buf, size_t len, double v);

/* report_num() written to out. */
void report_json_num(FILE *out, double v);

/* An alert's factor as its SLO applies it (factor x window / 30 days),
 * to 12 significant digits: a derived value shown, so 14.4 x 7 / 30 is
 * 3.36, not 3.3600000000000003 (the comparison uses the exact one). */
void report_json_factor(FILE *out, double v);

/*
 * num / den as a percentage with digits decimals, rounded down ("99.999"
 * for 1,999,999 of 2,000,000 at 3 digits): "100.000" only when num ==
 * den; "-" when den is 0. Computed in integers.
 */
void report_ratio_pct(char *buf, size_t len, uint64_t num, uint64_t den,
                      int digits);

/* A fraction (a budget left, which may be negative) as a percentage with
 * digits decimals, rounded down; "100.0" only for 1 or more; "-" for NAN
 * or infinity. */
void report_frac_pct(char *buf, size_t len, double frac, int digits);

/* Markdown (report_md.c). Text escaped so that it shows as it is
 * (emphasis, code, links, tags; '|' too in a table cell), after
 * report_display(). */
void report_md_text(FILE *out, const char *s, int table);

/* A code span of s[0..n) (display-safe; '|' escaped in a table). */
void report_md_code(FILE *out, const char *s, size_t n, int table);

/* The input as the table's header counts it (report_table_input), a
 * list item per line. */
void report_md_input(FILE *out, const model_t *m);

/* `-o markdown` of report and merge: per SLI a table of its objectives
 * (target, actual, budget left, verdict) and one of its busiest
 * endpoints (top of them; 0: all), for a pull request or a wiki. */
void report_markdown(FILE *out, const model_t *m, int top);

#endif
