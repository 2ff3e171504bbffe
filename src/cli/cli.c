/*
 * cli.c - helpers of the command-line layer: the message function, what
 * the options the commands share mean (the options themselves are in
 * cli_opts.c's table), loading the rules, clocks.
 */
#define _GNU_SOURCE
#include "cli.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include "report.h"
#include "timefmt.h"
#include "calendar.h"
#include "run.h"
#include "slo.h"
#include "state.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEFAULT_TAIL " $request_time $upstream_response_time"

void errorf(const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	fputs("slicalc: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void cli_fatal(const char *msg)
{
	errorf("%s", msg);
	abort();
}

int cli_int(const char *arg, long lo, long hi, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(arg, &end, 10);
	if (*arg == '\0' || *end || errno || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

int cli_common_option(enum opt_id id, const char *arg, void *ctx)
{
	struct report_opts *o = ctx;
	switch (id) {
	case OPT_FORMAT:
		o->format = fmt_lookup(arg);
		if (o->format < 0) {
			errorf("--format takes auto, nginx, rails, lograge or "
			       "json, not '%s'",
			       arg);
			return -1;
		}
		return 1;
	case OPT_LOG_FORMAT:
		o->log_format = arg;
		return 1;
	case OPT_OUTPUT:
		o->json = strcmp(arg, "json") == 0;
		o->csv = strcmp(arg, "csv") == 0;
		o->markdown = strcmp(arg, "markdown") == 0;
		o->html = strcmp(arg, "html") == 0;
		o->has_output = 1;
		if (!o->json && !o->csv && !o->markdown && !o->html &&
		    strcmp(arg, "table") != 0) {
			errorf(
			    "-o takes table, json, csv, markdown or html, not "
			    "'%s'",
			    arg);
			return -1;
		}
		return 1;
	case OPT_QUIET:
		o->quiet = 1;
		return 1;
	case OPT_RULES:
		o->rules_path = arg;
		return 1;
	case OPT_AT:
	case OPT_SINCE:
	case OPT_UNTIL: {
		int64_t *t = id == OPT_AT      ? &o->at
		             : id == OPT_SINCE ? &o->since
		                               : &o->until;
		if (cli_parse_time(arg, t) < 0) {
			errorf("--%s takes a time like 2026-11-01 or "
			       "2026-11-01T09:00:00+09:00, not '%s'",
			       cli_opt_get(id)->name, arg);
			return -1;
		}
		*(id == OPT_AT      ? &o->has_at
		  : id == OPT_SINCE ? &o->has_since
		                    : &o->has_until) = 1;
		return 1;
	}
	case OPT_BY:
		if (series_unit_parse(arg, &o->by.unit) < 0) {
			errorf("--by takes hour, day, week, month or quarter, "
			       "not '%s'",
			       arg);
			return -1;
		}
		o->has_by = 1;
		return 1;
	case OPT_BY_ENDPOINT:
		o->by_endpoint = 1;
		return 1;
	case OPT_TZ:
		if (strlen(arg) >= sizeof(o->by.tz) || !cal_zone_exists(arg)) {
			errorf(
			    "--tz: unknown time zone '%s' (a name from the tz "
			    "database, like Europe/Paris)",
			    arg);
			return -1;
		}
		o->tz = arg;
		return 1;
	case OPT_JOBS:
		if (cli_int(arg, 1, 64, &o->jobs) < 0) {
			errorf("-j takes a number of threads from 1 to 64, not "
			       "'%s'",
			       arg);
			return -1;
		}
		return 1;
	case OPT_FAIL_ON_BUDGET:
		o->fail_on_budget = 1;
		if (!arg) {
			o->fail_all = 1;
		} else if (o->nfail_on ==
		           (int)(sizeof(o->fail_on) / sizeof(*o->fail_on))) {
			errorf("--fail-on-budget: name the SLIs in one list, "
			       "--fail-on-budget=a,b,c");
			return -1;
		} else {
			o->fail_on[o->nfail_on++] = arg;
		}
		return 1;
	case OPT_FAIL_BELOW: {
		char *end;
		errno = 0;
		/* digits and a point only: strtod would take 0x10, 1e1,
		 * inf */
		size_t digits = strspn(arg, "0123456789.");
		double v = strtod(arg, &end);
		if (end != arg && *end == '%')
			end++;
		if (end == arg || *end || errno || !(v >= 0 && v <= 100) ||
		    (arg[digits] && strcmp(arg + digits, "%") != 0)) {
			errorf("--fail-below takes the percent of an error "
			       "budget that must be left, from 0 to 100, not "
			       "'%s'",
			       arg);
			return -1;
		}
		o->fail_on_budget = 1;
		o->fail_below = v / 100;
		return 1;
	}
	case OPT_SAVE_STATE:
		o->save_state = arg;
		return 1;
	case OPT_WIDTH:
		if (cli_int(arg, 0, 1000000, &o->width) < 0) {
			errorf("--width takes a number of columns (0: "
			       "unlimited), not '%s'",
			       arg);
			return -1;
		}
		o->has_width = 1;
		return 1;
	case OPT_TOP:
		if (cli_int(arg, 0, INT_MAX, &o->top) < 0) {
			errorf("--top takes a number of endpoints, not '%s'",
			       arg);
			return -1;
		}
		return 1;
	default:
		return 0;
	}
}

int cli_load_rules(const struct report_opts *o, rules_t **rules,
                   nginx_fmt_t **fmt)
{
	rules_err_t re;

	if (o->rules_path) {
		*rules = rules_load_file(o->rules_path, &re);
		if (!*rules) {
			if (re.line)
				errorf("%s:%d:%d: %s", o->rules_path, re.line,
				       re.col, re.msg);
			else
				errorf("%s: %s", o->rules_path, re.msg);
			return -1;
		}
	} else {
		*rules = rules_default();
	}

	const char *lf = o->log_format ? o->log_format : (*rules)->log_format;
	/* a log_format only makes sense for nginx logs: with one and no
	 * format, the logs are nginx's (a rules file that says format: auto
	 * next to its log_format still has each file detected, e.g. an
	 * app's nginx and Rails logs together, the nginx ones read with the
	 * log_format; --log-format on the command line means nginx) */
	if (o->format >= 0)
		(*rules)->format = (enum fmt_kind)o->format;
	else if ((*rules)->format == FMT_AUTO && lf &&
	         (o->log_format || !(*rules)->format_given))
		(*rules)->format = FMT_NGINX;
	char err[256];
	size_t off;
	*fmt = nginx_fmt_compile(
	    lf ? lf : NGINX_COMBINED, lf ? NULL : DEFAULT_TAIL,
	    (*rules)->latency_field, err, sizeof(err), &off);
	if (!*fmt) {
		if (o->log_format)
			errorf("--log-format: %s (at character %zu)", err,
			       off + 1);
		else /* from the rules file; +1 for the opening quote */
			errorf("%s:%d:%d: log_format: %s", o->rules_path,
			       (*rules)->lf_line,
			       (*rules)->lf_col + 1 + (int)off, err);
		rules_free(*rules);
		return -1;
	}
	if (lf && !nginx_fmt_has_latency(*fmt) && !o->quiet &&
	    (*rules)->format == FMT_NGINX)
		errorf(
		    "note: the log format has no $%s, so there is no latency",
		    (*rules)->latency_field == LAT_REQUEST_TIME
		        ? "request_time"
		        : "upstream_*_time chosen by latency_field");
	return 0;
}

/* The wall clock, for rolling windows (cli_now() is monotonic, for timing). */
double cli_wall(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double cli_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_output(const model_t *m, const struct report_opts *o)
{
	if (o->html) {
		report_html(stdout, m, NULL);
	} else if (o->csv) {
		report_csv(stdout, m);
	} else if (o->json) {
		report_json(stdout, m);
	} else if (o->markdown) {
		report_markdown(stdout, m, o->top);
		cli_unparsed_notes(m->run, o);
	} else {
		const char *nc = getenv("NO_COLOR");
		const char *term = getenv("TERM");
		table_opts_t to = {
		    .color = isatty(STDOUT_FILENO) && !(nc && *nc) &&
		             !(term && strcmp(term, "dumb") == 0),
		    .top = o->top,
		    .width = cli_table_width(o),
		};
		report_table(stdout, m, &to);
		cli_unparsed_notes(m->run, o);
	}
}

const char *cli_cache_dir(void)
{
	static char dir[4096];
	const char *off = getenv("SLICALC_NO_CACHE");
	if (off && *off && strcmp(off, "0") != 0)
		return NULL;
	/* XDG Base Directory: a relative XDG_CACHE_HOME is ignored */
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	int w;
	if (xdg && xdg[0] == '/')
		w = snprintf(dir, sizeof(dir), "%s/slicalc", xdg);
	else if (home && home[0] == '/')
		w = snprintf(dir, sizeof(dir), "%s/.cache/slicalc", home);
	else
		return NULL;
	return w > 0 && (size_t)w < sizeof(dir) ? dir : NULL;
}

int cli_state_stdout_check(const struct report_opts *o)
{
	if (!o->save_state || strcmp(o->save_state, "-") != 0)
		return 0;
	if (o->has_output) {
		errorf("--save-state -: the state takes standard output, so "
		       "there is no report to write with -o; merge the state "
		       "('slicalc merge -o FORMAT -') for one");
		return -1;
	}
	if (isatty(STDOUT_FILENO)) {
		errorf("--save-state -: standard output is a terminal; pipe "
		       "the state (e.g. to 'slicalc merge -') or redirect it");
		return -1;
	}
	return 0;
}

int cli_save_state(const run_t *run, const struct report_opts *o)
{
	if (strcmp(o->save_state, "-") != 0) {
		char err[256];
		if (state_save(o->save_state, run, NULL, 0, err, sizeof(err)) <
		    0) {
			errorf("%s: %s", o->save_state, err);
			return -1;
		}
		return 0;
	}
	unsigned char *buf;
	size_t n;
	state_encode(run, NULL, 0, &buf, &n);
	/* whole or an error: a reader of the pipe (merge -, a Dask task)
	 * finds a cut state by its header's length */
	int bad = fwrite(buf, 1, n, stdout) != n;
	bad = fflush(stdout) != 0 || bad;
	free(buf);
	if (bad) {
		errorf("--save-state -: cannot write the state to standard "
		       "output: %s",
		       strerror(errno));
		return -1;
	}
	return 0;
}

/* A positive number of columns or lines from the environment, or 0. */
static int env_size(const char *name)
{
	const char *v = getenv(name);
	int n;
	return v && cli_int(v, 1, 1000000, &n) == 0 ? n : 0;
}

int cli_table_width(const struct report_opts *o)
{
	struct winsize ws;
	if (o->has_width)
		return o->width;
	if (!isatty(STDOUT_FILENO))
		return 0;
	int n = env_size("COLUMNS");
	if (n)
		return n;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 0;
}

int cli_table_height(void)
{
	struct winsize ws;
	if (!isatty(STDOUT_FILENO))
		return 0;
	int n = env_size("LINES");
	if (n)
		return n;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0)
		return ws.ws_row;
	return 0;
}

void cli_unparsed_notes(const run_t *run, const struct report_opts *o)
{
	char g[32];
	if (o->quiet)
		return;
	for (int i = 0; i < run->nsamples; i++) {
		const run_sample_t *s = &run->samples[i];
		errorf("%s:%llu: unparsed: %s", run->files[s->file].name,
		       (unsigned long long)s->line, s->reason);
	}
	if (run->agg->unparsed > (uint64_t)run->nsamples)
		errorf("%s more unparsed line%s",
		       report_grouped(g, run->agg->unparsed -
		                             (uint64_t)run->nsamples),
		       run->agg->unparsed - (uint64_t)run->nsamples == 1 ? ""
		                                                         : "s");
}

int cli_check_times(const struct report_opts *o)
{
	if (o->has_since && o->has_until && o->since >= o->until) {
		errorf("--since must be before --until (the range is [since, "
		       "until)); nothing would be counted");
		return -1;
	}
	return 0;
}

void cli_apply_times(run_t *run, const struct report_opts *o)
{
	run->since = o->has_since ? o->since : REQ_NO_TIME;
	run->until = o->has_until ? o->until : REQ_NO_TIME;
	run->at = o->has_at ? o->at : REQ_NO_TIME;
}

int cli_apply_series(run_t *run, struct report_opts *o)
{
	if ((o->tz || o->by_endpoint) && !o->has_by) {
		errorf("--%s goes with --by; give --by too",
		       o->tz ? "tz" : "by-endpoint");
		return -1;
	}
	if (!o->has_by)
		return 0;
	if (o->tz && strcmp(o->tz, "UTC") != 0)
		snprintf(o->by.tz, sizeof(o->by.tz), "%s", o->tz);
	cal_prepare(o->by.tz);
	if (run)
		agg_set_series(run->agg, &o->by, o->by_endpoint);
	return 0;
}

/* Calls fn for each name of the --fail-on-budget=SLI,... lists. */
static int each_named(const struct report_opts *o,
                      int (*fn)(const char *name, size_t n, void *arg),
                      void *arg)
{
	for (int i = 0; i < o->nfail_on; i++)
		for (const char *p = o->fail_on[i];; p++) {
			size_t n = strcspn(p, ",");
			if (fn(p, n, arg) < 0)
				return -1;
			p += n;
			if (!*p)
				break;
		}
	return 0;
}

static const sli_t *sli_named(const rules_t *r, const char *name, size_t n)
{
	for (int i = 0; i < r->nsli; i++)
		if (!r->sli[i].census && strlen(r->sli[i].name) == n &&
		    memcmp(r->sli[i].name, name, n) == 0)
			return &r->sli[i];
	return NULL;
}

struct known {
	const rules_t *r;
};

static int known_sli(const char *name, size_t n, void *arg)
{
	const rules_t *r = ((struct known *)arg)->r;
	if (n && sli_named(r, name, n))
		return 0;
	char list[512] = "";
	for (int i = 0; i < r->nsli; i++) {
		size_t at = strlen(list);
		if (!r->sli[i].census)
			snprintf(list + at, sizeof(list) - at, "%s'%s'",
			         at ? ", " : "", r->sli[i].name);
	}
	if (!n)
		errorf("--fail-on-budget=: an empty SLI name (the rules' "
		       "SLIs: %s)",
		       list);
	else
		errorf("--fail-on-budget: no SLI '%.*s' in the rules (they "
		       "have %s)",
		       (int)n, name, list);
	return -1;
}

int cli_budget_check(const rules_t *r, const struct report_opts *o)
{
	struct known k = {r};
	return each_named(o, known_sli, &k);
}

struct gated {
	const char *name;
	int yes;
};

static int is_gated(const char *name, size_t n, void *arg)
{
	struct gated *g = arg;
	if (strlen(g->name) == n && memcmp(g->name, name, n) == 0)
		g->yes = 1;
	return 0;
}

/* Judge one budget b of SLO what of SLI name against --fail-below (0:
 * spent): say why it fails and return 1, else 0. */
/* Whether budget b of SLO what of SLI name fails the gate (spent, or
 * less than below of it left), said on standard error; unit is what the
 * objective counts ("request", "slice"). */
static int budget_fails(const slo_budget_t *b, const char *name,
                        const char *what, const char *unit, double below)
{
	char used[32], left[32], thr[32];
	if (b->unknown)
		return 0;
	if (b->spent) {
		if (isnan(b->consumed)) { /* bad requests at 100% */
			snprintf(used, sizeof(used), "no budget at 100%%");
		} else {
			report_frac_pct(used, sizeof(used), b->consumed, 1);
			strcat(used, "% used");
		}
		errorf("error budget spent: SLI '%s' %s: %s, %llu bad %s%s of "
		       "%.6g allowed",
		       name, what, used, (unsigned long long)b->bad, unit,
		       report_plural(b->bad), b->allowed);
		return 1;
	}
	/* less than PCT left; exactly PCT is enough (with the slack of the
	 * last bits of a double: 1 - 3/4 is 0.25 to the bit, 1 - 0.7 not) */
	if (below > 0 && b->remaining < below - 1e-12) {
		report_frac_pct(left, sizeof(left), b->remaining, 1);
		report_frac_pct(thr, sizeof(thr), below, 3);
		/* "25.000" -> "25" */
		char *dot = strchr(thr, '.');
		size_t k = strlen(thr);
		while (dot && k && thr[k - 1] == '0')
			thr[--k] = '\0';
		if (k && thr[k - 1] == '.')
			thr[--k] = '\0';
		errorf("error budget low: SLI '%s' %s: %s%% of the error "
		       "budget left, below %s%%; %llu bad %s%s of %.6g allowed",
		       name, what, left, thr, (unsigned long long)b->bad, unit,
		       report_plural(b->bad), b->allowed);
		return 1;
	}
	return 0;
}

int cli_budget_exit(const model_t *m, const struct report_opts *o)
{
	int failed = 0;
	if (!o->fail_on_budget)
		return EXIT_OK_;
	if (m->end == REQ_NO_TIME) {
		/* nothing gated: say so, a gate that passes on nothing must
		 * not look like one that passed on figures */
		if (!o->quiet)
			errorf("note: error budgets unknown: no request had a "
			       "time, so there is no SLO window to judge; not "
			       "counted as spent");
		return EXIT_OK_;
	}
	for (int i = 0; i < m->nsli; i++) {
		const model_sli_t *s = &m->sli[i];
		const slo_eval_t *ev = &s->ev;
		struct gated g = {s->sli->name, o->fail_all || !o->nfail_on};
		each_named(o, is_gated, &g);
		if (!g.yes || s->sli->census)
			continue;
		for (int k = 0; k <= ev->nslo; k++) {
			int ts = k == ev->nslo; /* the time slices, last */
			if (ts && !s->sli->ts.size_s)
				break;
			const slo_budget_t *b =
			    ts ? &ev->ts_budget : &ev->slo[k].budget;
			char what[96], obj[32], d[16];
			if (!ts && !ev->slo[k].active)
				continue;
			report_pct(obj, sizeof(obj),
			           ts ? s->sli->ts.objective
			              : ev->slo[k].objective);
			if (ts) {
				report_duration(d, sizeof(d),
				                s->sli->ts.size_s * 1000000);
				snprintf(what, sizeof(what),
				         "time slices (%s%% of %s slices good)",
				         obj, d);
			} else if (k > 0) {
				report_duration(d, sizeof(d),
				                s->sli->thr[k - 1].us);
				snprintf(what, sizeof(what),
				         "latency <= %s for %s%%", d, obj);
			} else {
				snprintf(what, sizeof(what),
				         "availability %s%%", obj);
			}
			if (b->unknown) {
				/* not spent, but not met either: say so */
				if (!o->quiet)
					errorf(
					    "note: error budget unknown: SLI "
					    "'%s' %s: no %s in the SLO "
					    "window; not counted as spent",
					    s->sli->name, what,
					    ts  ? "slice to judge"
					    : k ? "latency"
					        : "request");
				continue;
			}
			failed += budget_fails(b, s->sli->name, what,
			                       ts ? "slice" : "request",
			                       o->fail_below);
		}
	}
	return failed ? EXIT_BUDGET : EXIT_OK_;
}

int cli_parse_time(const char *s, int64_t *epoch)
{
	char buf[40];
	size_t n = strlen(s);
	if (n == 10) { /* a date alone: midnight UTC */
		snprintf(buf, sizeof(buf), "%sT00:00:00Z", s);
		s = buf;
		n = strlen(buf);
	}
	return timefmt_iso8601(s, n, epoch);
}
