/*
 * run.c - the per-line loop. This is the hot path: one memchr per line in
 * the reader, an in-place parse, one regex match per SLI pattern, at most
 * one endpoint key per group_by mode, a hash lookup and a few counter
 * increments. No allocation happens per line (endpoints are allocated
 * once, when first seen).
 */
#include "run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

run_t *run_new(const rules_t *rules, const nginx_fmt_t *fmt)
{
	run_t *run = xcalloc(1, sizeof(*run));
	run->rules = rules;
	run->fmt = fmt;
	run->agg = agg_new(rules);
	run->scratch = rules_scratch_new();
	return run;
}

void run_free(run_t *run)
{
	if (!run)
		return;
	for (int i = 0; i < run->nfiles; i++) {
		free(run->files[i].name);
		free(run->files[i].error);
	}
	free(run->files);
	agg_free(run->agg);
	rules_scratch_free(run->scratch);
	free(run);
}

int run_failed_files(const run_t *run)
{
	int n = 0;
	for (int i = 0; i < run->nfiles; i++)
		n += run->files[i].error != NULL;
	return n;
}

static void sample(run_t *run, uint64_t line, const char *reason,
		   const nginx_perr_t *pe)
{
	if (run->nsamples == RUN_MAX_SAMPLES)
		return;
	run_sample_t *s = &run->samples[run->nsamples++];
	s->file = run->nfiles - 1;
	s->line = line;
	if (reason)
		snprintf(s->reason, sizeof(s->reason), "%s", reason);
	else
		nginx_perr_describe(run->fmt, pe, s->reason, sizeof(s->reason));
}

int run_file(run_t *run, const char *path)
{
	run->files = xrealloc(run->files,
			      (size_t)(run->nfiles + 1) * sizeof(*run->files));
	run_file_t *f = &run->files[run->nfiles++];
	memset(f, 0, sizeof(*f));
	f->name = xstrdup(path);

	char err[256];
	reader_t *r = reader_open(path, err, sizeof(err));
	if (!r) {
		f->error = xstrdup(err);
		return -1;
	}
	f->gzip = reader_is_gzip(r);

	agg_t *a = run->agg;
	const rules_t *rules = run->rules;
	slice_t line;
	unsigned flags;
	request_t req;
	nginx_perr_t pe;
	char key[3][ROUTE_MAX];
	size_t keyn[3];
	int st;

	while ((st = reader_next(r, &line, &flags)) == READER_LINE) {
		f->lines++;
		if ((f->lines & 0xffff) == 0 && run->progress)
			run->progress(run->progress_ctx, run, r);
		if (flags & READER_LONG) {
			f->unparsed++;
			a->overlong++;
			sample(run, reader_lineno(r),
			       "line longer than 4 MiB, skipped", NULL);
			continue;
		}
		if (nginx_parse(run->fmt, line.p, line.n, &req, &pe) < 0) {
			f->unparsed++;
			sample(run, reader_lineno(r),
			       line.n == 0 ? "empty line" : NULL, &pe);
			continue;
		}
		f->requests++;
		agg_time(a, req.time);

		int matched = 0;
		unsigned have = 0; /* bit g: key[g] computed */
		for (int i = 0; i < rules->nsli; i++) {
			const sli_t *s = &rules->sli[i];
			if (!rules_match(s, &req, run->scratch))
				continue;
			matched = 1;
			unsigned g = (unsigned)s->group_by;
			if (g != GROUP_NONE && !(have & (1u << g))) {
				keyn[g] = route_key(&req, s->group_by, key[g],
						    ROUTE_MAX);
				have |= 1u << g;
			}
			agg_add(a, i, &req, key[g], g != GROUP_NONE ? keyn[g] : 0);
		}
		a->unmatched += !matched;
	}
	a->lines += f->lines;
	a->requests += f->requests;
	a->unparsed += f->unparsed;
	if (run->progress)
		run->progress(run->progress_ctx, run, r);
	if (st == READER_ERR) {
		snprintf(err, sizeof(err), "%s (after line %llu)",
			 reader_error(r), (unsigned long long)f->lines);
		f->error = xstrdup(err);
	}
	reader_close(r);
	return f->error ? -1 : 0;
}
