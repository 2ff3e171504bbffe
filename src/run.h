/*
 * run.h - one report run: the pipeline reader -> format -> rules -> route
 * -> agg over a list of files, with what the report says about its input
 * (per-file counts and errors, the first unparsed lines).
 *
 * A run_t owns its agg, its file records and samples; it points to, but
 * does not own, the rules and the compiled format, which must outlive it.
 * Nothing here prints: failures are recorded for the reports and main.
 */
#ifndef SLICALC_RUN_H
#define SLICALC_RUN_H

#include <pthread.h>
#include <stdint.h>

#include "agg.h"
#include "format.h"
#include "reader.h"
#include "rules.h"

#define RUN_MAX_SAMPLES 5

typedef struct run_file {
	char *name; /* as given; "-" is standard input */
	uint64_t lines, requests, unparsed, incomplete;
	uint64_t other; /* lines passed over by design (FEED_OTHER) */
	int gzip;
	enum fmt_kind format; /* the format the file was read as */
	int detected;         /* 0: auto found nothing it knew; read as nginx */
	char *error; /* NULL, or why the file could not be read to its end */
	char *note;  /* NULL, or what else to know: truncated while read */
	const char *compression; /* "gzip", "zstd" or NULL (static) */
	/* tail: a FILE followed but not read yet (not there, empty, its
	 * format not found yet), recorded for the state only: reports leave
	 * it out while it has no lines and no error */
	int pending;
} run_file_t;

/* 1 if reports show f (see pending). */
int run_file_shown(const run_file_t *f);

typedef struct run_sample {
	int file; /* index into files */
	uint64_t line;
	char reason[160];
} run_sample_t;

typedef struct run run_t;

/* Told of a request a live input counted in SLI i, under the endpoint
 * index agg_add() returned (-1: the SLI has no endpoints). */
typedef void (*run_count_fn)(void *ctx, int i, int e, const request_t *req);

/* Called about every 64K lines while a file is read, with the reader of
 * the first range and the lines read so far in the run; once more at the
 * end of each file with r NULL. */
typedef void (*run_progress_fn)(void *ctx, const run_t *run, const reader_t *r,
                                uint64_t lines);

struct run {
	const rules_t *rules;
	const format_t *fmt;
	int jobs; /* threads for one large plain file (1: no threads) */
	int64_t since, until; /* only requests in [since, until) count;
	                         REQ_NO_TIME: no bound */
	int64_t at; /* SLOs are evaluated at this instant; REQ_NO_TIME:
	               at the last timestamp read */
	agg_t *agg;
	run_file_t *files;
	int nfiles;
	run_sample_t samples[RUN_MAX_SAMPLES]; /* by file name, then line */
	int nsamples;
	/* the first requests a pattern could not decide (a PCRE2 limit),
	 * by file name then line; reason "SLI 'x': match.path: ..." */
	run_sample_t match_errors[RUN_MAX_SAMPLES];
	int nmatch_errors;
	run_progress_fn progress;
	void *progress_ctx;
	/* live inputs (run_input_line) call counted, if set, for each request
	 * they count: slicalc tail feeds its rolling windows so */
	run_count_fn counted;
	void *counted_ctx;
	/* the rolling windows the reports show beside the totals (tail), or
	 * NULL; not owned */
	const struct window_set *win;
	/* Threads reading into one run keep max_endpoints for the run, not
	 * per thread: a thread's own statistics are added into flush_to
	 * (under flush_lock) whenever one of its SLIs reaches max_endpoints
	 * / flush_div endpoints, and at the end of each file. NULL: each
	 * worker adds into agg directly. */
	agg_t *flush_to;
	pthread_mutex_t *flush_lock;
	int flush_div;
};

run_t *run_new(const rules_t *rules, const format_t *fmt);
void run_free(run_t *run);

/*
 * Read path ("-": standard input) to its end into the run. Returns 0, or
 * -1 when the file could not be opened or read to its end; the lines read
 * before a failure are counted and files[].error says what happened.
 */
int run_file(run_t *run, const char *path);

/*
 * Live inputs, for slicalc tail: lines arrive one at a time, from a file
 * being followed, straight into run->agg. run_input_new() adds a file
 * record named name, read as kind (not FMT_AUTO). run_input_sync() passes
 * the counts and unparsed samples on to the file record and the run
 * (then agg_finish() brings the totals up to date, before reporting);
 * run_input_end() finishes the input (open Rails requests become
 * incomplete), syncs and frees it.
 */
typedef struct worker run_input_t;
run_input_t *run_input_new(run_t *run, const char *name, enum fmt_kind kind);
/* The same for the existing file record run->files[file] (a restored
 * state, or one from run_add_file): new counts add to the ones it has. */
run_input_t *run_input_attach(run_t *run, int file, enum fmt_kind kind);
/* Add an empty file record named name, for a followed file that is not
 * read yet (to carry its error); returns its index in run->files. */
int run_add_file(run_t *run, const char *name);
/* The index of in's file record in run->files. */
int run_input_file(const run_input_t *in);
void run_input_line(run_input_t *in, const char *p, size_t n, unsigned flags);
void run_input_sync(run_input_t *in);
void run_input_end(run_input_t *in);

/*
 * Switch a run with live inputs in[0..nin) (NULLs allowed) to new rules
 * (and whatever run->fmt now says): statistics carry over as
 * agg_reshape() says. The old rules may be freed afterwards.
 */
void run_reload(run_t *run, const rules_t *rules, run_input_t **in, int nin);

/*
 * Keep s among the run's samples if it is one of the RUN_MAX_SAMPLES
 * first by (file name, line): the same few lines are named whatever the
 * order the files were read or merged in.
 */
void run_add_sample(run_t *run, const run_sample_t *s);

/* The same for the list of match errors. */
void run_add_match_error(run_t *run, const run_sample_t *s);

/* Requests whose match could not be decided, over all SLIs. */
uint64_t run_match_errors(const run_t *run);

/*
 * Add everything part holds to run (same rules): statistics, file records
 * (moved; part keeps empty ones) and unparsed samples. For merge.
 */
void run_absorb(run_t *run, run_t *part);

/*
 * Read n files into run: with jobs > 1 and several files, jobs threads
 * read one file each at a time into runs of their own, absorbed in file
 * order afterwards, so the result is that of reading them one by one.
 * tick, if given, is called about every 0.1 s with the files done.
 */
void run_files(run_t *run, char **paths, int n, int jobs,
               void (*tick)(void *ctx, int done, int n), void *ctx);

/* Number of files whose error is set. */
int run_failed_files(const run_t *run);

#endif
