/*
 * merge.c - the `slicalc merge` command: combine the states that
 * `slicalc report --save-state` wrote for parts of an input into the
 * report of the whole. This is how a run over more archives than one
 * machine should read is mapped (xargs -P, GNU parallel, batch jobs) and
 * reduced. Counters add, histograms add bucket by bucket, files and
 * unparsed samples are kept in an order that does not depend on the
 * order of the states, so merging the states of N parts gives the same
 * report, byte for byte, as one run over the whole input (unless an SLI
 * overflowed max_endpoints, where which endpoints went to "(other)"
 * depends on the order things were seen).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "model.h"
#include "run.h"
#include "state.h"

const char merge_usage[] =
    "Usage: slicalc merge [OPTIONS] STATE...\n"
    "\n"
    "Combine the states saved by 'slicalc report --save-state' (of parts\n"
    "of an input, e.g. one per archive or per machine) into one report:\n"
    "the same report as one run over all of the input. The states must\n"
    "come from the same SLI rules; the rules are saved in each state.\n"
    "STATE '-' reads one or more states concatenated on standard input\n"
    "(e.g. of 'slicalc report --save-state -'); a file may hold several\n"
    "too (cat a.state b.state >all.state).\n"
    "\n"
    "Options:\n"
    "  -o, --output FORMAT    table (default), json, csv, markdown or html\n"
    "      --top N            endpoints per SLI in the table (default 20)\n"
    "      --width N          fit the table in N columns (0: unlimited;\n"
    "                         default: the terminal's, unlimited piped)\n"
    "      --save-state FILE  save the merged state too (merge again later);\n"
    "                         '-' writes it to standard output instead of\n"
    "                         the report\n"
    "      --by UNIT, --tz ZONE\n"
    "                         check the states hold this series (they keep\n"
    "                         the series report --by saved them with)\n"
    "      --at TIME          judge the SLOs at TIME (see report --help)\n"
    "      --fail-on-budget[=SLI,...], --fail-below PCT\n"
    "                         exit with status 3 when an error budget is\n"
    "                         spent or below PCT (see report --help)\n"
    "  -q, --quiet            no notes on standard error\n"
    "  -h, --help             this help\n"
    "\n"
    "Exit status: 0 merged; 1 merged, but --save-state could not be\n"
    "written or the states hold requests a match pattern could not decide;\n"
    "2 usage error, or a state that is missing, damaged, or from other\n"
    "rules; 3 an error budget is spent or low (--fail-on-budget,\n"
    "--fail-below).\n";

static const enum opt_id merge_opts[] = {
    OPT_AT,   OPT_BY,     OPT_FAIL_BELOW, OPT_FAIL_ON_BUDGET,
    OPT_HELP, OPT_OUTPUT, OPT_QUIET,      OPT_SAVE_STATE,
    OPT_TOP,  OPT_TZ,     OPT_WIDTH,
};

/* The states merged so far into run, under the first state's rules. */
struct merged {
	rules_t *rules;
	run_t *run;
	format_t fmt;
	int n;
};

/*
 * Add the state in p (n bytes), named name in messages, to *m. Returns 0,
 * or -1 having said why (exit 2: missing, damaged, other rules, other
 * series).
 */
static int merge_state(struct merged *m, const char *name,
                       const unsigned char *p, size_t n)
{
	char err[256];
	/* every state must come from the same rules (patterns, objectives
	 * and percentiles included): the first's are used */
	rules_t *mine = state_rules(p, n, err, sizeof(err));
	if (!mine || (m->rules && strcmp(mine->text, m->rules->text) != 0)) {
		errorf("%s: %s", name,
		       mine ? "written with other SLI rules than the first "
		              "state; merge only states of the same rules"
		            : err);
		rules_free(mine);
		return -1;
	}
	if (!m->rules) {
		m->rules = mine;
		m->run = run_new(m->rules, &m->fmt);
	} else {
		rules_free(mine);
	}
	/* each state into a run of its own, then added in */
	run_t *part = run_new(m->rules, &m->fmt);
	const agg_t *a = m->run->agg, *b = part->agg;
	follow_pos_t *pos = NULL;
	int rc = 0;
	if (state_decode(p, n, part, &pos, err, sizeof(err)) < 0) {
		errorf("%s: %s", name, err);
		rc = -1;
	} else if (m->n > 0 &&
	           (a->has_by != b->has_by ||
	            (a->has_by && (a->by.unit != b->by.unit ||
	                           a->by_endpoint != b->by_endpoint ||
	                           strcmp(a->by.tz, b->by.tz) != 0)))) {
		/* a series is only whole if every part has it */
		errorf("%s: saved with another --by/--tz/--by-endpoint than "
		       "the first state, or without",
		       name);
		rc = -1;
	} else {
		run_absorb(m->run, part);
		m->n++;
	}
	free(pos);
	run_free(part);
	return rc;
}

/*
 * Merge the states concatenated in p (n bytes, read from standard input,
 * or a file of `cat a.state b.state`), each found by the length its
 * header gives, and named by its place in the stream. Returns 0, or -1
 * having said why.
 */
static int merge_stream(struct merged *m, const char *label,
                        const unsigned char *p, size_t n)
{
	char err[256], name[PATH_MAX + 64];
	if (n == 0) {
		errorf("%s: no state (empty)", label);
		return -1;
	}
	for (size_t at = 0, k = 1; at < n; k++) {
		snprintf(name, sizeof(name), "%s, state %zu", label, k);
		size_t len = state_frame(p + at, n - at, err, sizeof(err));
		if (!len) {
			errorf("%s (at byte %zu): %s", name, at, err);
			return -1;
		}
		if (merge_state(m, name, p + at, len) < 0)
			return -1;
		at += len;
	}
	return 0;
}

int cmd_merge(int argc, char **argv)
{
	static const struct cli_spec spec = {
	    "merge", merge_usage, merge_opts,
	    (int)(sizeof(merge_opts) / sizeof(merge_opts[0])),
	    cli_common_option};
	struct report_opts o;

	cli_opts_init(&o);
	int first = cli_parse(&spec, argc, argv, &o); /* the first STATE */
	if (first <= 0)
		return first == 0 ? EXIT_OK_ : EXIT_USAGE;
	if (cli_apply_series(NULL, &o) < 0 || cli_state_stdout_check(&o) < 0)
		return EXIT_USAGE;
	if (first == argc) {
		errorf("merge needs at least one STATE; see 'slicalc merge "
		       "--help'");
		return EXIT_USAGE;
	}

	struct merged mg = {
	    NULL, NULL, {FMT_AUTO, NULL, NULL, LAT_REQUEST_TIME}, 0};
	int rc = EXIT_OK_;
	for (int i = first; i < argc && rc == EXIT_OK_; i++) {
		unsigned char *buf;
		size_t n;
		char err[256];
		int in = strcmp(argv[i], "-") == 0;
		int got = state_read(argv[i], &buf, &n, err, sizeof(err));
		if (got <= 0) {
			errorf("%s: %s", in ? "(standard input)" : argv[i],
			       got == 0 ? "no such file" : err);
			rc = EXIT_USAGE;
			break;
		}
		/* a file may hold several states too (cat a.state b.state):
		 * read as a stream when its first state ends before it */
		char ferr[256];
		size_t len = in ? 0 : state_frame(buf, n, ferr, sizeof(ferr));
		if (!in && len == 0 && strncmp(ferr, "truncated", 9) == 0) {
			/* shorter than its header says: say that, not the
			 * checksum it then fails */
			errorf("%s: %s", argv[i], ferr);
			rc = EXIT_USAGE;
			free(buf);
			break;
		}
		int stream = in || (len > 0 && len < n);
		if (stream
		        ? merge_stream(&mg, in ? "(standard input)" : argv[i],
		                       buf, n) < 0
		        : merge_state(&mg, argv[i], buf, n) < 0)
			rc = EXIT_USAGE;
		free(buf);
	}
	rules_t *rules = mg.rules;
	run_t *run = mg.run;
	if (rc == EXIT_OK_ && cli_budget_check(rules, &o) < 0)
		rc = EXIT_USAGE;
	if (rc == EXIT_OK_ && o.has_by &&
	    (!run->agg->has_by || run->agg->by.unit != o.by.unit ||
	     strcmp(run->agg->by.tz, o.by.tz) != 0)) {
		errorf("--by: the states were saved %s; merge gives the "
		       "series they have",
		       run->agg->has_by ? "with another --by or --tz"
		                        : "without --by");
		rc = EXIT_USAGE;
	}
	if (rc == EXIT_OK_) {
		agg_finish(run->agg);
		cli_apply_times(run, &o);
		model_t *m = model_new(run);
		/* with --save-state -, the state is the output */
		int to_stdout = o.save_state && strcmp(o.save_state, "-") == 0;
		if (!to_stdout)
			cli_output(m, &o);
		fflush(stdout);
		cli_sli_notes(m, &o);
		if (o.save_state && cli_save_state(run, &o) < 0)
			rc = EXIT_INPUT;
		fflush(stdout);
		cli_match_error_notes(run);
		if (rc == EXIT_OK_ && run_match_errors(run))
			rc = EXIT_INPUT;
		/* the gate speaks either way; exit 1 wins (see report) */
		int gate = cli_budget_exit(m, &o);
		if (rc == EXIT_OK_)
			rc = gate;
		model_free(m);
	}
	run_free(run);
	rules_free(rules);
	return rc;
}
