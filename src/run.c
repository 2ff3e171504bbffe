/*
 * run.c - the per-line loop, and running it on both cores.
 *
 * The loop is the hot path: one memchr per line in the reader, an
 * in-place parse, the SLIs that may take the request found at once (with
 * Hyperscan, one scan per field for all SLIs: rules_match_all), PCRE2 for
 * the patterns it must decide, at most one endpoint key per group_by
 * mode, a hash lookup and a few counter increments.
 * Nothing is allocated per line (an endpoint is allocated once, when
 * first seen). The format is fixed per file: given, or guessed from the
 * file's first lines.
 *
 * A large plain file is cut at line starts into one range per job; each
 * range is scanned by its own worker into its own statistics, and the
 * results are merged in file order, so counts and percentiles are those
 * of one pass. (When an SLI has more than max_endpoints endpoints, which
 * ones go to "(other)" may differ from a one-thread run; the totals never
 * do.) Compressed input is inflated in the reader's own thread and
 * parsed by one worker per job: each takes the next block of whole lines
 * from the reader in turn (reader_block, no copy), and its samples are
 * placed once every block's line count is known. Rails logs, whose
 * requests span lines, are scanned by one worker.
 */
#include "run.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

_Static_assert(FMT_NKINDS <= AGG_NFORMATS, "ep_census_t.by_format");

#define SPLIT_MIN (32u << 20) /* smaller files are not worth a thread */
#define MAX_JOBS  64
#define BLOCK_MIN (1u << 20) /* bytes of lines a worker takes at a time */

/* One compressed stream parsed by several workers: the reader, taken
 * from under lock, and each block's line count, in stream order. */
struct blocks {
	reader_t *r;
	pthread_mutex_t lock;
	int64_t next;    /* blocks handed out */
	uint64_t *lines; /* per block, its lines (once its worker is done) */
	size_t cap;
	int status; /* the reader's last status, once it is done */
	char err[256];
};

struct worker {
	run_t *run;
	reader_t *r;
	agg_t *agg; /* run->agg for the first range, else its own */
	rules_scratch_t *scratch;
	route_cache_t *cache;
	parser_t *parser;
	int report_progress;
	uint64_t lines, requests, unparsed, incomplete, other;
	uint64_t inc[INC_N]; /* incomplete by reason */
	run_sample_t samples[RUN_MAX_SAMPLES];
	int nsamples;
	run_sample_t merr[RUN_MAX_SAMPLES]; /* the first match errors */
	int nmerr;
	int status; /* the reader's last status */
	char err[256];
	/* in a stream parsed in blocks: the block now, and lines at its
	 * start; samples say their line within their block, placed in the
	 * file when every block's lines are known (else block, line0 0) */
	struct blocks *blocks;
	int64_t block;
	uint64_t line0;
	int64_t smp_block[RUN_MAX_SAMPLES], merr_block[RUN_MAX_SAMPLES];
	/* endpoint keys of the current line, by group_by mode */
	char buf[4][ROUTE_MAX];
	const char *key[4];
	size_t keyn[4];
	uint64_t hash[4];
	uint8_t *off;    /* per SLI: 1 if its match.format/file rule this
	                    input out; NULL when no SLI has such a rule */
	uint64_t *taken; /* the census: which SLIs took the current line */
	uint64_t *cand;  /* the SLIs that may take the current line */
	int nwords;
	/* per SLI: 1 if it has no per-request pattern, so it takes every
	 * request of the inputs it is for, with no call into the rules;
	 * when every SLI is so (the default rules), cand stays all ones and
	 * rules_match_all is not called either: 6% of a line's work */
	uint8_t *always;
	int patterns; /* some SLI has a per-request pattern */
	int route;    /* some SLI matches on the route key */
	/* corrections: the minute of log time last looked up, and per SLI
	 * the correction that holds then (-1: none), so a log in time order
	 * costs one compare per request */
	int64_t corr_min;
	int corr_any; /* some corr_of[i] >= 0 */
	int *corr_of;
	int kind;      /* the input's format (enum fmt_kind) */
	int flush;     /* an SLI of agg reached its flush_at */
	int *flush_at; /* per SLI; NULL: never flush */
	uint8_t *full; /* per SLI: run->flush_to had no room, last we saw */
	/* live inputs: what run_input_sync() has passed on already */
	int file;
	uint64_t synced[5], synced_inc[INC_N];
};

run_t *run_new(const rules_t *rules, const format_t *fmt)
{
	run_t *run = xcalloc(1, sizeof(*run));
	run->rules = rules;
	run->fmt = fmt;
	run->agg = agg_new(rules);
	run->jobs = 1;
	run->flush_div = 1;
	run->since = run->until = run->at = REQ_NO_TIME;
	return run;
}

void run_free(run_t *run)
{
	if (!run)
		return;
	for (int i = 0; i < run->nfiles; i++) {
		free(run->files[i].name);
		free(run->files[i].error);
		free(run->files[i].note);
	}
	free(run->files);
	agg_free(run->agg);
	free(run);
}

/* Samples are ordered by file name, then line. */
static int sample_before(const run_t *run, const run_sample_t *a,
                         const run_sample_t *b)
{
	int c = strcmp(run->files[a->file].name, run->files[b->file].name);
	return c < 0 || (c == 0 && a->line < b->line);
}

static void add_sorted(run_t *run, run_sample_t *list, int *np,
                       const run_sample_t *s)
{
	int n = *np, at = n;
	while (at > 0 && sample_before(run, s, &list[at - 1]))
		at--;
	if (at == RUN_MAX_SAMPLES)
		return;
	if (n == RUN_MAX_SAMPLES)
		n--; /* the last one falls off */
	memmove(&list[at + 1], &list[at], (size_t)(n - at) * sizeof(*s));
	list[at] = *s;
	*np = n + 1;
}

void run_add_sample(run_t *run, const run_sample_t *s)
{
	add_sorted(run, run->samples, &run->nsamples, s);
}

void run_add_match_error(run_t *run, const run_sample_t *s)
{
	add_sorted(run, run->match_errors, &run->nmatch_errors, s);
}

uint64_t run_match_errors(const run_t *run)
{
	uint64_t n = 0;
	for (int i = 0; i < run->rules->nsli; i++)
		n += run->agg->s[i].match_errors;
	return n;
}

int run_failed_files(const run_t *run)
{
	int n = 0;
	for (int i = 0; i < run->nfiles; i++)
		n += run->files[i].error != NULL;
	return n;
}

static void sample(struct worker *w, uint64_t line, const char *reason)
{
	if (w->nsamples == RUN_MAX_SAMPLES)
		return;
	w->smp_block[w->nsamples] = w->block;
	run_sample_t *s = &w->samples[w->nsamples++];
	s->file = w->run->nfiles - 1;
	s->line = line - w->line0;
	if (reason)
		snprintf(s->reason, sizeof(s->reason), "%s", reason);
	else
		fmt_parser_describe(w->parser, s->reason, sizeof(s->reason));
}

/* A pattern of SLI i could not decide the current line: count it and
 * name the first few. */
static void match_error(struct worker *w, int i)
{
	w->agg->s[i].match_errors++;
	if (w->nmerr == RUN_MAX_SAMPLES)
		return;
	w->merr_block[w->nmerr] = w->block;
	run_sample_t *s = &w->merr[w->nmerr++];
	s->file = w->run->nfiles - 1;
	s->line = w->lines - w->line0;
	char why[120];
	rules_match_error(w->scratch, why, sizeof(why));
	snprintf(s->reason, sizeof(s->reason), "SLI '%.40s': %.100s",
	         w->run->rules->sli[i].name, why);
}

/* The current line's endpoint key for group_by g, once per line. */
static inline void endpoint_key(struct worker *w, const request_t *req,
                                enum group_by g, unsigned *have)
{
	if (*have & (1u << g))
		return;
	w->keyn[g] = route_key_cached(w->cache, req, g, w->buf[g], &w->key[g],
	                              &w->hash[g]);
	*have |= 1u << g;
}

/* One line into the worker's statistics: the hot path. counted (NULL
 * for files, so the test folds away there) hears of each count. */
static inline void ingest_line(struct worker *w, slice_t line, unsigned flags,
                               run_count_fn counted)
{
	run_t *run = w->run;
	agg_t *a = w->agg;
	const rules_t *rules = run->rules;
	request_t req;

	w->lines++;
	if (flags & READER_LONG) {
		w->unparsed++;
		a->overlong++;
		sample(w, w->lines, "line longer than 4 MiB, skipped");
		return;
	}
	int res = fmt_parser_feed(w->parser, line.p, line.n, &req);
	if (res != FEED_REQUEST) {
		if (res == FEED_UNPARSED) {
			w->unparsed++;
			sample(w, w->lines, NULL);
		}
		w->other += res == FEED_OTHER;
		return;
	}
	if (req.time != REQ_NO_TIME &&
	    (req.time < REQ_TIME_MIN || req.time > REQ_TIME_MAX))
		req.time = REQ_NO_TIME;
	if ((run->since != REQ_NO_TIME || run->until != REQ_NO_TIME) &&
	    (req.time == REQ_NO_TIME ||
	     (run->since != REQ_NO_TIME && req.time < run->since) ||
	     (run->until != REQ_NO_TIME && req.time >= run->until))) {
		a->filtered++; /* outside --since/--until: counted, not used */
		return;
	}
	w->requests++;
	agg_time(a, req.time);

	int matched = 0, ntook = 0;
	unsigned have = 0; /* bit g: w->key[g] computed */
	int nuser = rules->nsli - rules->census;
	/* in locals: the calls below could change *w as far as the
	 * compiler knows, and this loop runs once per SLI per line */
	const uint8_t *off = w->off;
	uint64_t *taken = w->taken;
	if (taken)
		memset(taken, 0, (size_t)w->nwords * sizeof(*taken));
	const int *cof = NULL; /* per SLI, its correction now, or NULL */
	if (rules->ncorr && req.time != REQ_NO_TIME) {
		int64_t min = corr_minute_of(req.time);
		if (min != w->corr_min) {
			w->corr_min = min;
			w->corr_any = corr_minute(rules->corr, rules->ncorr,
			                          nuser, req.time, w->corr_of);
		}
		if (w->corr_any)
			cof = w->corr_of;
	}
	slice_t route = SLICE_EMPTY;
	if (w->route) { /* the key as reports print it */
		endpoint_key(w, &req, GROUP_ROUTE, &have);
		route = (slice_t){w->key[GROUP_ROUTE], w->keyn[GROUP_ROUTE]};
	}
	/* the SLIs that may take it, all at once (Hyperscan), then each of
	 * those in order: the others cannot */
	uint64_t *cand = w->cand;
	const uint8_t *always = w->always;
	if (w->patterns)
		rules_match_all(rules, &req, route, w->scratch, cand);
	for (int i = 0; i < nuser; i++) {
		uint64_t bits = cand[i >> 6] >> (i & 63);
		if (!bits) { /* none left in this word */
			i |= 63;
			continue;
		}
		i += __builtin_ctzll(bits);
		if (i >= nuser)
			break;
		const sli_t *s = &rules->sli[i];
		if (off && off[i])
			continue;
		int m = always[i] ? 1
		                  : rules_match_cand(rules, i, &req, route,
		                                     w->scratch);
		if (m < 0) {
			match_error(w, i);
			matched = 1; /* not unmatched: undecided, and named */
			continue;
		}
		if (!m)
			continue;
		matched = 1;
		if (taken) {
			taken[i >> 6] |= 1ull << (i & 63);
			ntook++;
		}
		if (cof && cof[i] >= 0) { /* matched, and left out */
			agg_correct(a, i, cof[i]);
			continue;
		}
		unsigned g = (unsigned)s->group_by;
		if (g != GROUP_NONE)
			endpoint_key(w, &req, s->group_by, &have);
		int e = agg_add(a, i, &req, w->key[g], w->keyn[g], w->hash[g]);
		if (counted)
			counted(run->counted_ctx, i, e, &req);
		if (w->flush_at)
			w->flush |= a->s[i].nep >= w->flush_at[i];
	}
	a->unmatched += !matched;
	if (rules->census) { /* every request, told who took it */
		unsigned g = (unsigned)rules->sli[nuser].group_by;
		endpoint_key(w, &req, rules->sli[nuser].group_by, &have);
		int e =
		    agg_add(a, nuser, &req, w->key[g], w->keyn[g], w->hash[g]);
		census_line_t cl = {taken, w->nwords, ntook, !matched, w->kind};
		agg_census(a, nuser, e, &req, &cl);
		if (w->flush_at)
			w->flush |= a->s[nuser].nep >= w->flush_at[nuser];
	}
}

/* Add the worker's statistics into the run's shared ones and start
 * afresh, so that threads together hold at most about twice the endpoints
 * one would (the sums are exact; which endpoints overflow into "(other)"
 * may depend on timing, as with any order). */
static void flush(struct worker *w)
{
	run_t *run = w->run;
	w->flush = 0;
	if (!run->flush_to)
		return;
	pthread_mutex_lock(run->flush_lock);
	agg_merge(run->flush_to, w->agg);
	for (int i = 0; i < run->rules->nsli; i++)
		w->full[i] = (uint8_t)agg_full(run->flush_to, i);
	pthread_mutex_unlock(run->flush_lock);
	agg_t *fresh = agg_new_like(w->agg);
	fresh->admit = w->agg->admit;
	fresh->admit_ctx = w->agg->admit_ctx;
	if (run->agg == w->agg)
		run->agg = fresh;
	agg_free(w->agg);
	w->agg = fresh;
}

/* Once the shared table of an SLI is full, a key it does not have goes to
 * "(other)" at once, as it would in one thread, rather than taking an
 * endpoint of its own only to be folded into "(other)" at the next flush
 * (which costs a histogram per key: 20 times slower on a million paths). */
static int admit(void *ctx, int i, const char *key, size_t keyn, uint64_t hash)
{
	struct worker *w = ctx;
	if (!w->full[i])
		return 1;
	pthread_mutex_lock(w->run->flush_lock);
	int has = agg_has_endpoint(w->run->flush_to, i, key, keyn, hash);
	pthread_mutex_unlock(w->run->flush_lock);
	return has;
}

static void *scan(void *arg)
{
	struct worker *w = arg;
	run_t *run = w->run;
	slice_t line;
	unsigned flags;
	int st;

	while ((st = reader_next(w->r, &line, &flags)) == READER_LINE) {
		if (((w->lines + 1) & 0xffff) == 0 && w->report_progress)
			run->progress(run->progress_ctx, run, w->r,
			              run->agg->lines + w->lines);
		ingest_line(w, line, flags, NULL);
		if (w->flush)
			flush(w);
	}
	fmt_parser_finish(w->parser);
	w->incomplete = fmt_parser_incomplete(w->parser, w->inc);
	w->status = st;
	if (st == READER_ERR)
		snprintf(w->err, sizeof(w->err), "%s", reader_error(w->r));
	return NULL;
}

/* A worker over a stream parsed in blocks: take the next block of lines
 * (saying how many the last one held), parse it, until the reader is
 * done. */
static void *scan_blocks(void *arg)
{
	struct worker *w = arg;
	struct blocks *b = w->blocks;
	run_t *run = w->run;
	char *buf = NULL;
	size_t cap = 0;
	int64_t cur = -1;

	for (;;) {
		slice_t blk = SLICE_EMPTY;
		unsigned bflags = 0;
		pthread_mutex_lock(&b->lock);
		if (cur >= 0)
			b->lines[cur] = w->lines - w->line0;
		int st = b->status;
		if (st == READER_LINE) {
			st = reader_block(b->r, BLOCK_MIN, &buf, &cap, &blk,
			                  &bflags);
			if (st == READER_LINE) {
				cur = b->next++;
				if ((size_t)cur == b->cap) {
					b->cap = b->cap ? 2 * b->cap : 64;
					b->lines = xrealloc(
					    b->lines,
					    b->cap * sizeof(*b->lines));
				}
				b->lines[cur] = 0;
			} else {
				b->status = st;
				if (st == READER_ERR)
					snprintf(b->err, sizeof(b->err), "%s",
					         reader_error(b->r));
			}
		}
		pthread_mutex_unlock(&b->lock);
		if (st != READER_LINE)
			break;
		w->block = cur;
		w->line0 = w->lines;
		if (bflags & READER_LONG) {
			ingest_line(w, SLICE_EMPTY, READER_LONG, NULL);
			continue;
		}
		lines_t ls = {0};
		size_t off = 0, used;
		slice_t line;
		unsigned flags;
		while (lines_next(&ls, blk.p + off, blk.n - off, 1, &line,
		                  &flags, &used)) {
			off += used;
			if (((w->lines + 1) & 0xffff) == 0 &&
			    w->report_progress)
				run->progress(run->progress_ctx, run, b->r,
				              run->agg->lines + w->lines);
			ingest_line(w, line, flags, NULL);
			if (w->flush)
				flush(w);
		}
	}
	free(buf);
	fmt_parser_finish(w->parser);
	w->incomplete = fmt_parser_incomplete(w->parser, w->inc);
	w->status = READER_EOF; /* the stream's end is the run's to say */
	return NULL;
}

/* Fold worker w (whose lines follow `before` lines of the file) into the
 * run and the file record. */
static void gather(run_t *run, run_file_t *f, struct worker *w, uint64_t before)
{
	if (w->r && reader_shrunk(w->r) && !f->note)
		f->note = xstrdup("the file was truncated while it was read "
		                  "(copytruncate?): the lines after the cut "
		                  "were not read");
	if (w->agg != run->agg)
		agg_merge(run->agg, w->agg);
	for (int i = 0; i < w->nsamples; i++) {
		run_sample_t smp = w->samples[i];
		smp.line += before;
		run_add_sample(run, &smp);
	}
	for (int i = 0; i < w->nmerr; i++) {
		run_sample_t smp = w->merr[i];
		smp.line += before;
		run_add_match_error(run, &smp);
	}
	f->lines += w->lines;
	f->requests += w->requests;
	f->unparsed += w->unparsed;
	f->incomplete += w->incomplete;
	f->other += w->other;
	for (int k = 0; k < INC_N; k++)
		run->agg->incomplete_by[k] += w->inc[k];
	if (w->status == READER_ERR && !f->error) {
		char msg[320];
		snprintf(msg, sizeof(msg), "%s (after line %llu)", w->err,
		         (unsigned long long)(before + w->lines));
		f->error = xstrdup(msg);
	}
}

/* Which SLIs this input is for (match.format, match.file), and room for
 * the census's bits: again whenever the rules change. */
static void worker_input(struct worker *w, enum fmt_kind kind, const char *path)
{
	const rules_t *rs = w->run->rules;
	w->kind = (int)kind;
	free(w->off);
	w->off = NULL;
	if (rules_per_file(rs)) {
		w->off = xcalloc((size_t)rs->nsli + 1, 1);
		for (int i = 0; i < rs->nsli; i++)
			w->off[i] = rules_match_file(&rs->sli[i], kind, path,
			                             w->scratch) <= 0;
	}
	free(w->taken);
	w->taken = NULL;
	w->nwords = rules_words(rs);
	if (rs->census)
		w->taken = xcalloc((size_t)w->nwords, sizeof(*w->taken));
	free(w->cand);
	w->cand = xcalloc((size_t)w->nwords + 1, sizeof(*w->cand));
	w->route = rules_uses_route(rs);
	free(w->always);
	w->always = xcalloc((size_t)rs->nsli + 1, 1);
	w->patterns = 0;
	for (int i = 0; i < rs->nsli - rs->census; i++) {
		int any = 0;
		for (int f = 0; f < M_LINE_N; f++)
			any |= rs->sli[i].match[f] != NULL;
		w->always[i] = (uint8_t)!any;
		w->patterns |= any;
	}
	if (!w->patterns) /* every SLI a candidate of every request */
		for (int i = 0; i < rs->nsli - rs->census; i++)
			w->cand[i >> 6] |= 1ull << (i & 63);
	free(w->corr_of);
	w->corr_of = xcalloc((size_t)rs->nsli + 1, sizeof(*w->corr_of));
	w->corr_min = INT64_MIN; /* no request's minute */
	w->corr_any = 0;
}

static void worker_init(struct worker *w, run_t *run, reader_t *r, agg_t *a,
                        enum fmt_kind kind)
{
	memset(w, 0, sizeof(*w));
	w->run = run;
	w->r = r;
	w->agg = a;
	w->scratch = rules_scratch_new();
	w->cache = route_cache_new();
	w->parser = fmt_parser_new(run->fmt, kind);
	worker_input(w, kind,
	             run->nfiles ? run->files[run->nfiles - 1].name : "");
	if (run->flush_to) {
		const rules_t *rs = run->rules;
		w->flush_at = xmalloc((size_t)(rs->nsli + 1) * sizeof(int));
		for (int i = 0; i < rs->nsli; i++) {
			int at = rs->sli[i].max_endpoints / run->flush_div;
			w->flush_at[i] = at < 16 ? 16 : at;
		}
		w->full = xcalloc((size_t)rs->nsli + 1, 1);
		a->admit = admit;
		a->admit_ctx = w;
	}
}

static void worker_done(struct worker *w)
{
	free(w->off);
	free(w->taken);
	free(w->cand);
	free(w->always);
	free(w->corr_of);
	rules_scratch_free(w->scratch);
	fmt_parser_free(w->parser);
	route_cache_free(w->cache);
	free(w->flush_at);
	free(w->full);
	w->agg->admit = NULL; /* the agg may outlive the worker */
}

/* The file's counts into the run's, once it is read. */
static void run_file_totals(run_t *run, const run_file_t *f)
{
	run->agg->lines += f->lines;
	run->agg->requests += f->requests;
	run->agg->unparsed += f->unparsed;
	run->agg->incomplete += f->incomplete;
	run->agg->other += f->other;
	agg_finish(run->agg);
}

/* A compressed stream in jobs workers, each taking blocks of lines from
 * r in turn (the inflate thread, r's own, feeding them all), each into
 * statistics of its own merged into the run's, as ranges are. */
static void run_blocks(run_t *run, run_file_t *f, reader_t *r,
                       enum fmt_kind kind, int jobs)
{
	struct blocks b = {.r = r, .status = READER_LINE};
	pthread_mutex_init(&b.lock, NULL);
	struct worker *w = xcalloc((size_t)jobs, sizeof(*w));
	pthread_t th[MAX_JOBS];
	int started[MAX_JOBS] = {0};
	pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	int shared = !run->flush_to;
	if (shared) {
		run->flush_to = run->agg;
		run->flush_lock = &lock;
		run->flush_div = jobs;
	}
	for (int k = 0; k < jobs; k++) {
		worker_init(&w[k], run, NULL, agg_new_like(run->agg), kind);
		w[k].blocks = &b;
	}
	for (int k = 1; k < jobs; k++)
		started[k] =
		    pthread_create(&th[k], NULL, scan_blocks, &w[k]) == 0;
	w[0].report_progress = run->progress != NULL;
	scan_blocks(&w[0]);
	for (int k = 1; k < jobs; k++)
		if (started[k])
			pthread_join(th[k], NULL);
	/* the workers that did not start have taken no block */
	if (shared)
		run->flush_to = NULL;

	/* each block's first line in the file, for the samples */
	uint64_t *first = xmalloc(((size_t)b.next + 1) * sizeof(*first));
	first[0] = 0;
	for (int64_t c = 0; c < b.next; c++)
		first[c + 1] = first[c] + b.lines[c];
	for (int k = 0; k < jobs; k++) {
		for (int i = 0; i < w[k].nsamples; i++)
			w[k].samples[i].line += first[w[k].smp_block[i]];
		for (int i = 0; i < w[k].nmerr; i++)
			w[k].merr[i].line += first[w[k].merr_block[i]];
		gather(run, f, &w[k], 0);
		worker_done(&w[k]);
		agg_free(w[k].agg);
	}
	if (b.status == READER_ERR && !f->error) {
		char msg[320];
		snprintf(msg, sizeof(msg), "%s (after line %llu)", b.err,
		         (unsigned long long)f->lines);
		f->error = xstrdup(msg);
	}
	free(first);
	free(b.lines);
	free(w);
	pthread_mutex_destroy(&b.lock);
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
	f->compression = reader_compression(r);

	/* auto: decide from the first lines (about 64 KiB of them) */
	enum fmt_kind kind = run->fmt->kind;
	f->detected = 1;
	if (kind == FMT_AUTO) {
		const char *head;
		size_t n = reader_peek(r, &head, 64u << 10);
		kind = fmt_detect(run->fmt, head, n, &f->detected);
		f->detected |= n == 0; /* an empty input is no mystery */
	}
	f->format = kind;

	int jobs = run->jobs < 1          ? 1
	           : run->jobs > MAX_JOBS ? MAX_JOBS
	                                  : run->jobs;
	uint64_t cuts[MAX_JOBS + 1];
	int n = 1;
	if (jobs > 1 && fmt_splittable(kind) &&
	    reader_splittable(r) >= SPLIT_MIN)
		n = reader_split(r, jobs, cuts);
	else if (jobs > 1 && fmt_splittable(kind) && reader_compression(r))
		n = 0; /* one stream, parsed in blocks by jobs workers */

	if (n == 0) {
		run_blocks(run, f, r, kind, jobs);
		if (run->progress)
			run->progress(run->progress_ctx, run, r, 0);
		reader_close(r);
		run_file_totals(run, f);
		return f->error ? -1 : 0;
	}

	struct worker *w = xcalloc((size_t)n, sizeof(*w));
	pthread_t th[MAX_JOBS];
	int started[MAX_JOBS] = {0};
	pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	int shared = n > 1 && !run->flush_to;
	if (shared) { /* the ranges' threads share the run's endpoints */
		run->flush_to = run->agg;
		run->flush_lock = &lock;
		run->flush_div = n;
	}
	if (n == 1) {
		worker_init(&w[0], run, r, run->agg, kind);
	} else {
		for (int k = 0; k < n; k++) {
			reader_t *sub = reader_open_range(
			    r, cuts[k], cuts[k + 1], err, sizeof(err));
			worker_init(&w[k], run, sub, agg_new_like(run->agg),
			            kind);
			if (!sub) {
				w[k].status = READER_ERR;
				snprintf(w[k].err, sizeof(w[k].err), "%s", err);
			}
		}
		reader_close(r);
		r = NULL;
		for (int k = 1; k < n; k++)
			if (w[k].r)
				started[k] = pthread_create(&th[k], NULL, scan,
				                            &w[k]) == 0;
	}
	w[0].report_progress = run->progress != NULL;
	if (w[0].r)
		scan(&w[0]);
	for (int k = 1; k < n; k++) {
		if (w[k].r && !started[k]) /* no thread: scan it here */
			scan(&w[k]);
		else if (started[k])
			pthread_join(th[k], NULL);
	}

	if (shared)
		run->flush_to = NULL;
	uint64_t before = 0;
	for (int k = 0; k < n; k++) {
		gather(run, f, &w[k], before);
		before += w[k].lines;
		worker_done(&w[k]);
		if (w[k].agg != run->agg)
			agg_free(w[k].agg);
		if (k > 0 || n > 1)
			reader_close(w[k].r);
	}
	if (run->progress)
		run->progress(run->progress_ctx, run, r ? r : NULL, 0);
	reader_close(r);
	run_file_totals(run, f);
	free(w);
	return f->error ? -1 : 0;
}

/* ---- live inputs (slicalc tail) ------------------------------------------ */

int run_file_shown(const run_file_t *f)
{
	return !f->pending || f->lines || f->error;
}

int run_add_file(run_t *run, const char *name)
{
	run->files = xrealloc(run->files,
	                      (size_t)(run->nfiles + 1) * sizeof(*run->files));
	run_file_t *f = &run->files[run->nfiles++];
	memset(f, 0, sizeof(*f));
	f->name = xstrdup(name);
	f->format = run->fmt->kind;
	f->detected = 1;
	return run->nfiles - 1;
}

run_input_t *run_input_new(run_t *run, const char *name, enum fmt_kind kind)
{
	return run_input_attach(run, run_add_file(run, name), kind);
}

run_input_t *run_input_attach(run_t *run, int file, enum fmt_kind kind)
{
	struct worker *w = xmalloc(sizeof(*w));
	worker_init(w, run, NULL, run->agg, kind);
	w->file = file;
	worker_input(w, kind, run->files[file].name);
	run->files[file].format = kind;
	run->files[file].pending = 0;
	return w;
}

int run_input_file(const run_input_t *in)
{
	return in->file;
}

void run_input_line(run_input_t *in, const char *p, size_t n, unsigned flags)
{
	ingest_line(in, (slice_t){p, n}, flags, in->run->counted);
}

void run_input_sync(run_input_t *w)
{
	run_t *run = w->run;
	run_file_t *f = &run->files[w->file];
	uint64_t inc[INC_N];
	uint64_t now[5] = {w->lines, w->requests, w->unparsed,
	                   fmt_parser_incomplete(w->parser, inc), w->other};
	for (int k = 0; k < INC_N; k++) {
		run->agg->incomplete_by[k] += inc[k] - w->synced_inc[k];
		w->synced_inc[k] = inc[k];
	}
	uint64_t d[5];
	for (int i = 0; i < 5; i++) {
		d[i] = now[i] - w->synced[i];
		w->synced[i] = now[i];
	}
	f->lines += d[0];
	f->requests += d[1];
	f->unparsed += d[2];
	f->incomplete += d[3];
	f->other += d[4];
	run->agg->lines += d[0];
	run->agg->requests += d[1];
	run->agg->unparsed += d[2];
	run->agg->incomplete += d[3];
	run->agg->other += d[4];
	for (int i = 0; i < w->nsamples; i++) {
		run_sample_t smp = w->samples[i];
		smp.file = w->file;
		run_add_sample(run, &smp);
	}
	w->nsamples = 0;
	for (int i = 0; i < w->nmerr; i++) {
		run_sample_t smp = w->merr[i];
		smp.file = w->file;
		run_add_match_error(run, &smp);
	}
	w->nmerr = 0;
}

void run_input_end(run_input_t *w)
{
	if (!w)
		return;
	fmt_parser_finish(w->parser);
	run_input_sync(w);
	worker_done(w);
	free(w);
}

void run_reload(run_t *run, const rules_t *rules, run_input_t **in, int nin)
{
	for (int i = 0; i < nin; i++)
		if (in[i])
			run_input_sync(in[i]);
	run->rules = rules;
	run->agg = agg_reshape(run->agg, rules);
	for (int i = 0; i < nin; i++) {
		struct worker *w = in[i];
		if (!w)
			continue;
		w->agg = run->agg;
		/* a new parser for the new format settings (the format the
		 * new rules name, else the one found in the file); Rails
		 * requests open now are dropped, not counted */
		enum fmt_kind kind = run->fmt->kind != FMT_AUTO
		                         ? run->fmt->kind
		                         : run->files[w->file].format;
		run->files[w->file].format = kind;
		fmt_parser_free(w->parser);
		w->parser = fmt_parser_new(run->fmt, kind);
		worker_input(w, kind, run->files[w->file].name);
		w->synced[3] = 0;
		memset(w->synced_inc, 0, sizeof(w->synced_inc));
	}
	agg_finish(run->agg);
}

void run_absorb(run_t *run, run_t *part)
{
	int base = run->nfiles;
	agg_merge(run->agg, part->agg);
	run->files = xrealloc(run->files, (size_t)(run->nfiles + part->nfiles) *
	                                      sizeof(*run->files));
	for (int i = 0; i < part->nfiles; i++) {
		run->files[run->nfiles++] = part->files[i];
		memset(&part->files[i], 0, sizeof(part->files[i]));
	}
	for (int i = 0; i < part->nsamples; i++) {
		run_sample_t s = part->samples[i];
		s.file += base;
		run_add_sample(run, &s);
	}
	for (int i = 0; i < part->nmatch_errors; i++) {
		run_sample_t s = part->match_errors[i];
		s.file += base;
		run_add_match_error(run, &s);
	}
}

/* ---- several files at once ---------------------------------------------- */

struct pool {
	run_t *run;
	char **paths;
	run_t **part;
	int n, jobs;
	atomic_int next, done;
	pthread_mutex_t lock; /* run->agg, while threads add into it */
};

static void *pool_worker(void *arg)
{
	struct pool *p = arg;
	for (;;) {
		int i = atomic_fetch_add(&p->next, 1);
		if (i >= p->n)
			break;
		p->part[i] = run_new(p->run->rules, p->run->fmt);
		p->part[i]->since = p->run->since;
		agg_set_series(p->part[i]->agg,
		               p->run->agg->has_by ? &p->run->agg->by : NULL,
		               p->run->agg->by_endpoint);
		p->part[i]->until = p->run->until;
		p->part[i]->flush_to = p->run->agg;
		p->part[i]->flush_lock = &p->lock;
		p->part[i]->flush_div = p->jobs;
		run_file(p->part[i], p->paths[i]);
		/* the file's statistics go into the run now; its record and
		 * samples wait to be absorbed in file order */
		run_t *part = p->part[i];
		pthread_mutex_lock(&p->lock);
		agg_merge(p->run->agg, part->agg);
		pthread_mutex_unlock(&p->lock);
		agg_t *fresh = agg_new_like(part->agg);
		agg_free(part->agg);
		part->agg = fresh;
		part->flush_to = NULL;
		atomic_fetch_add(&p->done, 1);
	}
	return NULL;
}

void run_files(run_t *run, char **paths, int n, int jobs,
               void (*tick)(void *ctx, int done, int n), void *ctx)
{
	if (jobs > n)
		jobs = n;
	for (int i = 0; i < n; i++)
		if (strcmp(paths[i], "-") == 0)
			jobs = 1; /* standard input is one stream */
	if (jobs <= 1 || n <= 1) {
		for (int i = 0; i < n; i++)
			run_file(run, paths[i]);
		return;
	}
	if (jobs > MAX_JOBS)
		jobs = MAX_JOBS;
	struct pool p = {.run = run,
	                 .paths = paths,
	                 .part = xcalloc((size_t)n, sizeof(run_t *)),
	                 .n = n,
	                 .jobs = jobs};
	pthread_mutex_init(&p.lock, NULL);
	pthread_t th[MAX_JOBS];
	int started = 0;
	for (int k = 0; k < jobs; k++)
		started +=
		    pthread_create(&th[started], NULL, pool_worker, &p) == 0;
	if (!started)
		pool_worker(&p); /* no threads to be had: do it here */
	while (tick && atomic_load(&p.done) < n && started) {
		tick(ctx, atomic_load(&p.done), n);
		struct timespec ts = {0, 100000000};
		nanosleep(&ts, NULL);
	}
	for (int k = 0; k < started; k++)
		pthread_join(th[k], NULL);
	/* in file order, so the result is that of one thread */
	for (int i = 0; i < n; i++) {
		run_absorb(run, p.part[i]);
		run_free(p.part[i]);
	}
	agg_finish(run->agg);
	pthread_mutex_destroy(&p.lock);
	free(p.part);
}
