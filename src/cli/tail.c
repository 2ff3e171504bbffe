/*
 * tail.c - the `slicalc tail` command: follow files, keep the report up
 * to date, serve and write Prometheus metrics, save and resume state,
 * reload rules on SIGHUP. The loop wakes on inotify events (or a 250 ms
 * timer), reads what is new, and reports every --interval.
 */
#define _GNU_SOURCE /* open_memstream */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "follow.h"
#include "report.h"
#include "run.h"
#include "serve.h"
#include "state.h"
#include "window.h"

const char tail_usage[] =
    "Usage: slicalc tail [OPTIONS] FILE...\n"
    "\n"
    "Follow log files like 'tail -F' and keep the SLI report of everything\n"
    "read since the start up to date: a refreshing table on a terminal, one\n"
    "JSON report per line (NDJSON) with -o json, and Prometheus metrics with\n"
    "--listen or --textfile. Rotation (rename and create, copytruncate,\n"
    "delete and re-create) loses and repeats no line; a FILE that does not\n"
    "exist yet is waited for. SIGINT or SIGTERM: read what is written, print\n"
    "the final report and exit 0. SIGHUP: reload the rules file (a broken\n"
    "one is reported and the rules in force stay).\n"
    "\n"
    "Options:\n"
    "  -r, --rules FILE       SLI rules in YAML (default: the embedded rules)\n"
    "  -o, --output FORMAT    table (default) or json (one report per line)\n"
    "      --format FORMAT    auto (default), nginx, rails, lograge or json\n"
    "      --log-format STR   the nginx log_format of the logs\n"
    "      --interval DUR     how often to report (default 10s)\n"
    "      --window DUR[,DUR] rolling windows reported beside the totals\n"
    "                         (default 5m; up to 4, e.g. 5m,1h)\n"
    "      --listen ADDR:PORT serve GET /metrics for Prometheus, and the\n"
    "                         HTML report at / (reloading every interval);\n"
    "                         a bare PORT listens on loopback (127.0.0.1),\n"
    "                         :PORT on every address\n"
    "      --textfile PATH    write the metrics to PATH each interval, for\n"
    "                         node_exporter's textfile collector (atomically)\n"
    "      --from-start       read the files' existing content too (default:\n"
    "                         start at their end)\n"
    "      --state FILE       save the position in every file and the\n"
    "                         statistics to FILE each interval and at exit,\n"
    "                         and resume from it when started again: after\n"
    "                         any stop (kill -9 too) nothing is lost or\n"
    "                         counted twice (but a Rails request open at\n"
    "                         the last save is lost: its end alone is\n"
    "                         read after, counted as incomplete)\n"
    "      --top N            endpoints per SLI in the table (default 20);\n"
    "                         on a terminal, as many as fit its lines\n"
    "      --width N          fit the table in N columns (0: unlimited;\n"
    "                         default: the terminal's, unlimited piped)\n"
    "  -q, --quiet            no notes on standard error (errors are still\n"
    "                         said: unreadable files, failed writes)\n"
    "  -h, --help             this help\n"
    "\n"
    "A FILE that exists but cannot be read (permissions) is named with the\n"
    "reason on standard error, once per distinct error and again when it\n"
    "is readable, and tried again every 250 ms.\n"
    "\n"
    "Exit status: 0 after SIGINT/SIGTERM; 1 after SIGINT/SIGTERM when a\n"
    "write of --state or --textfile failed during the run, or a FILE could\n"
    "not be read at the end; 2 usage or rules error, an address that cannot\n"
    "be listened on, or a --state or --textfile path that cannot be written\n"
    "(nothing was read).\n";

static volatile sig_atomic_t got_stop, got_hup;

static void on_stop(int sig)
{
	(void)sig;
	got_stop = 1;
}

static void on_hup(int sig)
{
	(void)sig;
	got_hup = 1;
}

struct tailed {
	char *name;
	follower_t *f;
	run_input_t *in; /* NULL until the format is known */
	int rec;         /* its file record before in exists; -1: none yet */
	char lasterr[256];
};

static void tail_line(void *ctx, const char *p, size_t n, unsigned flags)
{
	run_input_line(ctx, p, n, flags);
}

/*
 * After a look at t's file: an error (a file that exists but cannot be
 * read: permissions, a directory, EIO) is said on standard error once per
 * distinct error, and again when it is over, -q or not; the file record
 * carries it (JSON files[].error, the readable metric) while it lasts.
 */
static void tail_error(run_t *run, struct tailed *t)
{
	const char *e = follow_error(t->f);
	if (strcmp(e, t->lasterr) != 0) {
		if (*e)
			errorf("%s: %s; trying again", t->name, e);
		else if (follow_is_open(t->f))
			errorf("%s: readable again", t->name);
		else
			errorf("%s: not there any more; waiting for it",
			       t->name);
		snprintf(t->lasterr, sizeof(t->lasterr), "%s", e);
	}
	int k = t->in ? run_input_file(t->in) : t->rec;
	if (k < 0 && !*e)
		return;
	if (k < 0) {
		k = t->rec = run_add_file(run, t->name);
		run->files[k].pending = 1; /* shown while the error lasts */
	}
	run_file_t *f = &run->files[k];
	if (*e ? f->error && strcmp(f->error, e) == 0 : !f->error)
		return;
	free(f->error);
	f->error = *e ? xstrdup(e) : NULL;
}

/* Read what is new in every file. */
static void tail_poll(run_t *run, struct tailed *t, int n)
{
	for (int i = 0; i < n; i++) {
		if (!t[i].in) {
			char head[65536];
			size_t k = follow_head(t[i].f, head, sizeof(head));
			enum fmt_kind kind = run->fmt->kind;
			tail_error(run, &t[i]);
			if (kind == FMT_AUTO) {
				int sure;
				if (k == 0)
					continue; /* nothing to judge by yet */
				kind = fmt_detect(run->fmt, head, k, &sure);
				/* "# Logfile created on ..." alone says
				 * nothing: wait for lines that do, or for
				 * 64 KiB of lines that do not */
				if (!sure && k < sizeof(head))
					continue;
			}
			if (k == 0 && *follow_error(t[i].f))
				continue; /* cannot be read yet */
			t[i].in = t[i].rec >= 0
			              ? run_input_attach(run, t[i].rec, kind)
			              : run_input_new(run, t[i].name, kind);
		}
		follow_poll(t[i].f, tail_line, t[i].in);
		tail_error(run, &t[i]);
	}
}

/* A request the run counted, into the rolling windows (run_count_fn). */
static void feed_window(void *ctx, int i, int e, const request_t *req)
{
	window_add(ctx, i, e, req);
}

/* The report as one line of JSON: report_json's newlines are layout only
 * (strings never hold a raw newline), so drop them and their indent. */
static void print_ndjson(const model_t *model)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&buf, &n);
	if (!m)
		return;
	report_json(m, model);
	fclose(m);
	for (size_t i = 0; i < n; i++) {
		if (buf[i] == '\n') {
			while (i + 1 < n && buf[i + 1] == ' ')
				i++;
			continue;
		}
		putchar(buf[i]);
	}
	putchar('\n');
	fflush(stdout);
	free(buf);
}

static char *render_prometheus(const model_t *model, size_t *n)
{
	char *buf = NULL;
	FILE *m = open_memstream(&buf, n);
	if (!m)
		return NULL;
	report_prometheus(m, model);
	fclose(m);
	return buf;
}

/* Lines of text t. */
static int count_lines(const char *t, size_t n)
{
	int k = 0;
	for (size_t i = 0; i < n; i++)
		k += t[i] == '\n';
	return k;
}

/* The table rendered with to (NULL when out of memory). */
static char *render_table(const model_t *m, const table_opts_t *to, size_t *n)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, n);
	if (!f)
		return NULL;
	report_table(f, m, to);
	fclose(f);
	return buf;
}

/*
 * The live view on a terminal of rows lines (0: unknown): the table with
 * as many endpoints per SLI as fit (the busiest, "+N more" after them),
 * one line left for the cursor; what still does not fit (many SLIs) is
 * cut, with a line that says how many lines were left out.
 */
static void live_table(const model_t *m, table_opts_t *to, int rows)
{
	size_t n;
	to->live = 1;
	char *t = render_table(m, to, &n);
	if (!t)
		return;
	int room = rows - 1, lines = count_lines(t, n);
	int top = to->top;
	int most = 0; /* the most endpoints an SLI has */
	for (int i = 0; i < m->nsli; i++)
		most = m->sli[i].nep > most ? m->sli[i].nep : most;
	if (!top || top > most)
		top = most;
	while (rows > 0 && lines > room && top > 0) {
		/* each SLI loses as many rows as it has too many, and the
		 * "+N more" line an SLI may gain is counted by the retry */
		int over = lines - room, nsli = m->nsli ? m->nsli : 1;
		int cut = (over + nsli - 1) / nsli;
		top = top > cut ? top - cut : 0;
		to->top = top ? top : -1; /* -1: none shown (0 is all) */
		free(t);
		t = render_table(m, to, &n);
		if (!t)
			return;
		lines = count_lines(t, n);
	}
	if (rows > 0 && lines > room) {
		/* still too tall: the first lines, and how many are left */
		size_t i = 0;
		for (int k = 0; k < room - 1 && i < n; i++)
			k += t[i] == '\n';
		fwrite(t, 1, i, stdout);
		int more = count_lines(t + i, n - i);
		printf("+%d more line%s (a taller terminal, or -o json)\n",
		       more, more == 1 ? "" : "s");
	} else {
		fwrite(t, 1, n, stdout);
	}
	free(t);
}

/* The HTML report, reloading itself every interval (--listen's /). */
static char *render_html(const model_t *model, double interval, size_t *n)
{
	char *buf = NULL;
	FILE *m = open_memstream(&buf, n);
	if (!m)
		return NULL;
	html_opts_t ho = {.refresh = (int)ceil(interval)};
	report_html(m, model, &ho);
	fclose(m);
	return buf;
}

struct tail_opts {
	struct report_opts r;
	double interval;
	const char *listen;
	const char *textfile;
	const char *state;
	int from_start;
	int nwin;
	int64_t win[WIN_MAX];
	/* the positions of the state loaded at start (nsaved of them): kept
	 * in every save for the records of FILEs not followed this time, so
	 * that a FILE dropped from the command line and given again later
	 * resumes where it was */
	const follow_pos_t *saved;
	int nsaved;
};

/* Report: the table or NDJSON, the metrics served and written. Returns
 * 0, or -1 when --textfile could not be written (said every time). */
static int tail_report(const struct tail_opts *o, run_t *run, serve_t *srv,
                       int final)
{
	char *prom = NULL;
	size_t pn = 0;
	int rc = 0;
	model_t *m = model_new(run); /* computed once for every output */
	if (srv || o->textfile)
		prom = render_prometheus(m, &pn);
	if (srv && prom)
		serve_publish(srv, prom, pn);
	if (srv) { /* the same model as the metrics: they agree */
		size_t hn = 0;
		char *html = render_html(m, o->interval, &hn);
		if (html)
			serve_publish_page(srv, html, hn);
		free(html);
	}
	if (o->textfile && prom && write_atomic(o->textfile, prom, pn) < 0) {
		errorf("--textfile %s: cannot write: %s", o->textfile,
		       strerror(errno));
		rc = -1;
	}
	free(prom);

	if (o->r.json) {
		print_ndjson(m);
		model_free(m);
		return rc;
	}
	const char *nc = getenv("NO_COLOR");
	int tty = isatty(STDOUT_FILENO);
	table_opts_t to = {.color = tty && !(nc && *nc),
	                   .top = o->r.top,
	                   .width = cli_table_width(&o->r)};
	if (tty && !final)
		fputs("\033[H\033[2J", stdout); /* like top: redraw in place */
	else if (!final)
		fputs("\n", stdout);
	if (tty && !final)
		live_table(m, &to, cli_table_height());
	else
		report_table(stdout, m, &to);
	model_free(m);
	fflush(stdout);
	return rc;
}

/* Save the state: every file's position with the numbers it led to.
 * Returns 0, or -1 when it could not be written (said every time). */
static int tail_save(const struct tail_opts *o, run_t *run, struct tailed *t,
                     int n)
{
	if (!o->state)
		return 0;
	/* every FILE in the state, also one not read yet (not there, empty,
	 * or its format not known yet): else a restart would take it for a
	 * FILE it never saw and start at its end, losing what was written
	 * while slicalc was down */
	for (int i = 0; i < n; i++)
		if (!t[i].in && t[i].rec < 0) {
			t[i].rec = run_add_file(run, t[i].name);
			run->files[t[i].rec].pending = 1;
		}
	follow_pos_t *pos = xcalloc((size_t)run->nfiles, sizeof(*pos));
	for (int k = 0; k < o->nsaved && k < run->nfiles; k++)
		pos[k] = o->saved[k]; /* unless followed now: below */
	for (int i = 0; i < n; i++)
		follow_position(
		    t[i].f, &pos[t[i].in ? run_input_file(t[i].in) : t[i].rec]);
	char err[256];
	int rc = state_save(o->state, run, pos, run->nfiles, err, sizeof(err));
	if (rc < 0)
		errorf("--state %s: %s", o->state, err);
	free(pos);
	return rc < 0 ? -1 : 0;
}

/* 0 if path can be written as write_atomic() writes it (a file created
 * beside it, renamed over it), else -1 with errno set. */
static int probe_writable(const char *path)
{
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		return -1;
	}
	char tmp[4096];
	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	close(fd);
	unlink(tmp);
	return 0;
}

/* SIGHUP: read the rules file again; a broken one leaves the rules in
 * force as they are. */
static void tail_reload(const struct tail_opts *o, run_t *run, struct tailed *t,
                        int n, rules_t **rules, nginx_fmt_t **nfmt,
                        format_t *fmt)
{
	if (!o->r.rules_path) {
		if (!o->r.quiet)
			errorf("SIGHUP: no rules file to reload (the embedded "
			       "rules are in force; see -r)");
		return;
	}
	rules_t *nr;
	nginx_fmt_t *nf;
	if (cli_load_rules(&o->r, &nr, &nf) < 0) {
		errorf("SIGHUP: the rules above are not loaded; the rules in "
		       "force stay");
		return;
	}
	fmt->kind = nr->format;
	fmt->nginx = nf;
	fmt->json = &nr->fields;
	fmt->lat = nr->latency_field;
	run_input_t **in = xcalloc((size_t)n, sizeof(*in));
	for (int i = 0; i < n; i++)
		in[i] = t[i].in;
	run_reload(run, nr, in, n);
	free(in);
	rules_free(*rules);
	nginx_fmt_free(*nfmt);
	*rules = nr;
	*nfmt = nf;
	if (!o->r.quiet)
		errorf("SIGHUP: rules reloaded from %s", o->r.rules_path);
}

/* The format a FILE of the state is read in: the rules' (or --format's)
 * when they name one, fixed since the state was saved, say; else the one
 * found in it before. */
static enum fmt_kind resumed_kind(const format_t *fmt, const run_file_t *f)
{
	return fmt->kind != FMT_AUTO ? fmt->kind : f->format;
}

static const enum opt_id tail_opts[] = {
    OPT_FORMAT,     OPT_FROM_START, OPT_HELP,  OPT_INTERVAL, OPT_LISTEN,
    OPT_LOG_FORMAT, OPT_OUTPUT,     OPT_QUIET, OPT_RULES,    OPT_STATE,
    OPT_TEXTFILE,   OPT_TOP,        OPT_WIDTH, OPT_WINDOW,
};

/* Apply one of tail's options to ctx, a struct tail_opts (cli_spec). */
static int tail_option(enum opt_id id, const char *arg, void *ctx)
{
	struct tail_opts *o = ctx;
	int64_t us;

	switch (id) {
	case OPT_INTERVAL:
		if (parse_duration_us(arg, &us) < 0 || us < 100000) {
			errorf("--interval takes a duration of at least "
			       "100ms, like 10s or 1m, not '%s'",
			       arg);
			return -1;
		}
		o->interval = (double)us / 1e6;
		return 1;
	case OPT_LISTEN:
		o->listen = arg;
		return 1;
	case OPT_FROM_START:
		o->from_start = 1;
		return 1;
	case OPT_STATE:
		if (strcmp(arg, "-") == 0) {
			/* state_read("-") is standard input, for merge; tail
			 * saves its state again and again to a file */
			errorf("tail --state needs a file, not '-'");
			return -1;
		}
		o->state = arg;
		return 1;
	case OPT_WINDOW: {
		char *list = xstrdup(arg), *save = NULL;
		o->nwin = 0;
		for (char *w = strtok_r(list, ",", &save); w;
		     w = strtok_r(NULL, ",", &save)) {
			if (o->nwin == WIN_MAX ||
			    parse_duration_us(w, &us) < 0 || us < 1000000) {
				errorf("--window takes up to %d durations "
				       "of at least 1s, like 5m,1h; not "
				       "'%s'",
				       WIN_MAX, arg);
				free(list);
				return -1;
			}
			for (int k = 0; k < o->nwin; k++)
				if (o->win[k] == us)
					us = -1;
			if (us < 0) {
				errorf("--window lists a length twice: "
				       "'%s'",
				       arg);
				free(list);
				return -1;
			}
			o->win[o->nwin++] = us;
		}
		free(list);
		if (o->nwin == 0 || arg[0] == ',' ||
		    arg[strlen(arg) - 1] == ',' || strstr(arg, ",,")) {
			errorf("--window takes durations like 5m,1h; "
			       "not '%s'",
			       arg);
			return -1;
		}
		return 1;
	}
	case OPT_TEXTFILE:
		o->textfile = arg;
		return 1;
	default:
		return cli_common_option(id, arg, &o->r);
	}
}

int cmd_tail(int argc, char **argv)
{
	static const struct cli_spec spec = {
	    "tail", tail_usage, tail_opts,
	    (int)(sizeof(tail_opts) / sizeof(tail_opts[0])), tail_option};
	struct tail_opts o = {.listen = NULL};

	cli_opts_init(&o.r);
	int first = cli_parse(&spec, argc, argv, &o); /* the first FILE */
	if (first <= 0)
		return first == 0 ? EXIT_OK_ : EXIT_USAGE;
	if (o.r.csv || o.r.markdown || o.r.html) {
		errorf("tail writes a table or json (-o json), not %s%s",
		       o.r.csv    ? "csv"
		       : o.r.html ? "html"
		                  : "markdown",
		       o.r.html ? "; --listen serves the HTML page at /" : "");
		return EXIT_USAGE;
	}
	if (first == argc) {
		errorf("tail needs at least one FILE to follow; see 'slicalc "
		       "tail --help'");
		return EXIT_USAGE;
	}

	/* a path that cannot be written is an error now, not a state lost
	 * at the next restart */
	const char *out[2][2] = {{"--state", o.state},
	                         {"--textfile", o.textfile}};
	for (int i = 0; i < 2; i++)
		if (out[i][1] && probe_writable(out[i][1]) < 0) {
			errorf("%s %s: cannot be written: %s", out[i][0],
			       out[i][1], strerror(errno));
			return EXIT_USAGE;
		}

	rules_t *rules;
	nginx_fmt_t *nfmt;
	if (cli_load_rules(&o.r, &rules, &nfmt) < 0)
		return EXIT_USAGE;
	format_t fmt = {rules->format, nfmt, &rules->fields,
	                rules->latency_field};
	run_t *run = run_new(rules, &fmt);

	serve_t *srv = NULL;
	if (o.listen) {
		char err[256];
		srv = serve_start(o.listen, err, sizeof(err));
		if (!srv) {
			errorf("--listen: %s", err);
			run_free(run);
			nginx_fmt_free(nfmt);
			rules_free(rules);
			return EXIT_USAGE;
		}
	}

	follow_pos_t *saved = NULL;
	int nsaved = 0;
	if (o.state) {
		char err[256];
		int reshaped;
		int rc = state_load(o.state, run, &saved, &reshaped, err,
		                    sizeof(err));
		/* said even with -q (the service runs with it): the rules
		 * changed while tail was down, and SLIs that count otherwise
		 * now start from zero */
		if (rc == 1 && reshaped)
			errorf(
			    "%s: written with other SLI rules; taken as a "
			    "reload would take it (SLIs that count as before "
			    "keep their numbers, the others start empty)",
			    o.state);
		if (rc < 0) {
			errorf("%s: %s", o.state, err);
			serve_stop(srv);
			run_free(run);
			nginx_fmt_free(nfmt);
			rules_free(rules);
			return EXIT_USAGE;
		}
		nsaved = run->nfiles;
	}

	/* after the state: windows start empty on every start */
	window_set_t *wins = window_new(rules, o.win, o.nwin);
	window_set_now(wins, cli_wall());
	run->win = wins;
	run->counted = feed_window; /* what the inputs count, the windows too */
	run->counted_ctx = wins;

	int n = argc - first;
	struct tailed *t = xcalloc((size_t)n, sizeof(*t));
	follow_watch_t *watch = follow_watch_new();
	for (int i = 0; i < n; i++) {
		t[i].name = argv[first + i];
		t[i].rec = -1;
		int k = 0;
		while (k < nsaved && strcmp(run->files[k].name, t[i].name) != 0)
			k++;
		if (k < nsaved && !saved[k].valid && run->files[k].lines) {
			/* counted, but no position: a state of report, which
			 * read the file whole. From its start would count those
			 * lines twice; from its end may miss some, said even
			 * with -q as a loss is */
			errorf(
			    "%s: the state counts %llu lines of it but holds "
			    "no position (a state of 'slicalc report'?): "
			    "followed from its end; lines written between "
			    "that state and now are not counted",
			    t[i].name, (unsigned long long)run->files[k].lines);
			t[i].f = follow_open(t[i].name, 0);
			t[i].in = run_input_attach(
			    run, k, resumed_kind(&fmt, &run->files[k]));
		} else if (k < nsaved) { /* resume where the state says */
			char note[256];
			t[i].f = follow_resume(t[i].name, &saved[k], note,
			                       sizeof(note));
			/* said even with -q (the service runs with it): lines
			 * that may be missed are not a note but a loss */
			if (*note)
				errorf("%s: %s", t[i].name, note);
			/* a file without lines yet under auto: its format is
			 * found as a new file's is (tail_poll) */
			if (fmt.kind == FMT_AUTO && !run->files[k].lines) {
				t[i].rec = k;
				run->files[k].pending = 1;
			} else
				t[i].in = run_input_attach(
				    run, k, resumed_kind(&fmt, &run->files[k]));
		} else {
			t[i].f = follow_open(t[i].name, o.from_start);
		}
		follow_watch_add(watch, t[i].name);
	}
	/* the state's records of FILEs not followed in this run: an error
	 * they carry was about another run; without lines they are kept for
	 * the state only, as a FILE not read yet is */
	for (int k = 0; k < nsaved; k++) {
		int followed = 0;
		for (int i = 0; i < n && !followed; i++)
			followed =
			    (t[i].in ? run_input_file(t[i].in) : t[i].rec) == k;
		if (followed)
			continue;
		free(run->files[k].error);
		run->files[k].error = NULL;
		run->files[k].pending = !run->files[k].lines;
	}
	o.saved = saved; /* freed at exit */
	o.nsaved = nsaved;

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = on_hup;
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	int failed = 0; /* a write of --state or --textfile failed */
	double next = cli_now() + o.interval;
	tail_poll(run, t, n);
	for (int i = 0; i < n; i++)
		if (t[i].in)
			run_input_sync(t[i].in);
	agg_finish(run->agg);
	failed |= tail_report(&o, run, srv, 0) < 0;
	while (!got_stop) {
		double left = next - cli_now();
		/* inotify wakes us early; the timer is the fallback (NFS,
		 * no inotify) and never sleeps past the next report */
		int ms = left <= 0 ? 0 : left < 0.25 ? (int)(left * 1000) : 250;
		struct pollfd pfd = {follow_watch_fd(watch), POLLIN, 0};
		if (pfd.fd >= 0)
			poll(&pfd, 1, ms);
		else if (ms > 0)
			poll(NULL, 0, ms);
		follow_watch_drain(watch);
		if (got_hup) {
			got_hup = 0;
			tail_reload(&o, run, t, n, &rules, &nfmt, &fmt);
			window_reset(wins, rules); /* the SLIs may differ now */
		}
		window_set_now(wins, cli_wall());
		tail_poll(run, t, n);
		if (cli_now() >= next && !got_stop) {
			for (int i = 0; i < n; i++)
				if (t[i].in)
					run_input_sync(t[i].in);
			agg_finish(run->agg);
			failed |= tail_save(&o, run, t, n) < 0;
			failed |= tail_report(&o, run, srv, 0) < 0;
			next += o.interval;
			if (next < cli_now())
				next = cli_now() + o.interval;
		}
	}

	/* stop: what is written is read, saved, and reported last */
	tail_poll(run, t, n);
	for (int i = 0; i < n; i++)
		if (t[i].in)
			run_input_sync(t[i].in);
	agg_finish(run->agg);
	failed |= tail_save(&o, run, t, n) < 0;
	for (int i = 0; i < n; i++) {
		run_input_end(t[i].in);
		follow_close(t[i].f);
	}
	agg_finish(run->agg);
	window_set_now(wins, cli_wall());
	failed |= tail_report(&o, run, srv, 1) < 0;
	int unreadable = run_failed_files(run);
	serve_stop(srv);
	window_free(wins);
	follow_watch_free(watch);
	free(t);
	free(saved);
	run_free(run);
	nginx_fmt_free(nfmt);
	rules_free(rules);
	return failed || unreadable ? EXIT_INPUT : EXIT_OK_;
}
