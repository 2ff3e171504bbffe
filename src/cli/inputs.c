/*
 * inputs.c - reading the FILE arguments of report and backtest: standard
 * input when there are none, several files side by side with -j, a
 * progress line on a terminal, and the notes about files afterwards.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "report.h"
#include "run.h"

struct progress {
	int on;
	double start, last;
	int file, nfiles;
	int drawn;
};

static void progress_draw(void *ctx, const run_t *run, const reader_t *r,
                          uint64_t lines)
{
	struct progress *p = ctx;
	double t = cli_now();
	if (!r || t - p->last < 0.25 || t - p->start < 0.5)
		return;
	p->last = t;
	const run_file_t *f = &run->files[run->nfiles - 1];
	char pct[16] = "";
	if (reader_size(r))
		snprintf(pct, sizeof(pct), " %3.0f%%",
		         100.0 * (double)reader_pos(r) /
		             (double)reader_size(r));
	fprintf(stderr, "\r\033[K[%d/%d] %s%s  %llu lines, %.0f lines/s",
	        p->file, p->nfiles, f->name, pct, (unsigned long long)lines,
	        (double)lines / (t - p->start));
	p->drawn = 1;
}

static void progress_files(void *ctx, int done, int n)
{
	struct progress *p = ctx;
	double t = cli_now();
	if (t - p->last < 0.25 || t - p->start < 0.5)
		return;
	p->last = t;
	fprintf(stderr, "\r\033[K%d of %d files read, %.0f s", done, n,
	        t - p->start);
	p->drawn = 1;
}

static void progress_clear(struct progress *p)
{
	if (p->drawn)
		fputs("\r\033[K", stderr);
	p->drawn = 0;
}

void cli_read_inputs(run_t *run, char **files, int nfiles,
                     const struct report_opts *o)
{
	static char dash[] = "-";
	char *stdin_only[] = {dash};
	if (nfiles == 0) {
		files = stdin_only;
		nfiles = 1;
		if (isatty(STDIN_FILENO) && !o->quiet)
			errorf("reading log lines from standard input (end "
			       "with Ctrl-D; --help for usage)");
	}
	run->jobs = o->jobs;
	struct progress prog = {0};
	prog.on = !o->quiet && isatty(STDERR_FILENO);
	prog.start = prog.last = cli_now();
	prog.nfiles = nfiles;
	if (prog.on) {
		run->progress = progress_draw;
		run->progress_ctx = &prog;
	}
	if (nfiles > 1 && o->jobs > 1) {
		/* several files: one per thread at a time */
		run_files(run, files, nfiles, o->jobs,
		          prog.on ? progress_files : NULL, &prog);
	} else {
		for (int i = 0; i < nfiles; i++) {
			prog.file = i + 1;
			run_file(run, files[i]);
		}
	}
	progress_clear(&prog);
	run->progress = NULL;
}

void cli_match_error_notes(const run_t *run)
{
	for (int i = 0; i < run->nmatch_errors; i++) {
		const run_sample_t *s = &run->match_errors[i];
		errorf("%s:%llu: match error: %s", run->files[s->file].name,
		       (unsigned long long)s->line, s->reason);
	}
	uint64_t n = run_match_errors(run);
	if (n)
		errorf("%llu request%s could not be matched: a pattern hit a "
		       "PCRE2 limit; they are left out of the SLI%s named "
		       "(see match_errors in the report)",
		       (unsigned long long)n, n == 1 ? "" : "s",
		       run->nmatch_errors == 1 ? "" : "s");
}

void cli_sli_notes(const model_t *m, const struct report_opts *o)
{
	if (o->quiet)
		return;
	for (int i = 0; i < m->nwarn; i++)
		errorf("note: SLI '%s': %s", m->rules->sli[m->warn[i].sli].name,
		       m->warn[i].message);
}

void cli_input_notes(const model_t *m, const struct report_opts *o)
{
	const run_t *run = m->run;
	cli_match_error_notes(run);
	for (int i = 0; i < run->nfiles; i++)
		if (run->files[i].error)
			errorf("%s: %s",
			       strcmp(run->files[i].name, "-") == 0
			           ? "(standard input)"
			           : run->files[i].name,
			       run->files[i].error);

	for (int i = 0; i < run->nfiles && !o->quiet; i++) {
		const run_file_t *f = &run->files[i];
		if (f->detected && !f->error && f->lines && !f->requests &&
		    !f->unparsed && !f->incomplete)
			errorf("%s: note: no request in %llu line%s read as "
			       "%s (see --format)",
			       f->name, (unsigned long long)f->lines,
			       f->lines == 1 ? "" : "s", fmt_name(f->format));
	}
	for (int i = 0; i < run->nfiles && !o->quiet; i++)
		if (run->files[i].note)
			errorf("%s: note: %s", run->files[i].name,
			       run->files[i].note);
	for (int i = 0; i < run->nfiles && !o->quiet; i++)
		if (!run->files[i].detected && !run->files[i].error)
			errorf("%s: note: no line of the first 64 KiB is in a "
			       "format slicalc knows; read as nginx (see "
			       "--format and --log-format)",
			       run->files[i].name);
	cli_sli_notes(m, o);
}
