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
    "\n"
    "Options:\n"
    "  -o, --output FORMAT    table (default), json, csv, markdown or html\n"
    "      --top N            endpoints per SLI in the table (default 20)\n"
    "      --width N          fit the table in N columns (0: unlimited;\n"
    "                         default: the terminal's, unlimited piped)\n"
    "      --save-state FILE  save the merged state too (merge again later)\n"
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
	if (cli_apply_series(NULL, &o) < 0)
		return EXIT_USAGE;
	if (first == argc) {
		errorf("merge needs at least one STATE; see 'slicalc merge "
		       "--help'");
		return EXIT_USAGE;
	}

	rules_t *rules = NULL;
	run_t *run = NULL;
	format_t fmt = {FMT_AUTO, NULL, NULL, LAT_REQUEST_TIME};
	int rc = EXIT_OK_;
	for (int i = first; i < argc && rc == EXIT_OK_; i++) {
		unsigned char *buf;
		size_t n;
		char err[256];
		int got = state_read(argv[i], &buf, &n, err, sizeof(err));
		if (got <= 0) {
			errorf("%s: %s", argv[i],
			       got == 0 ? "no such file" : err);
			rc = EXIT_USAGE;
			break;
		}
		/* every state must come from the same rules (patterns,
		 * objectives and percentiles included): the first's are used */
		rules_t *mine = state_rules(buf, n, err, sizeof(err));
		if (!mine || (rules && strcmp(mine->text, rules->text) != 0)) {
			errorf("%s: %s", argv[i],
			       mine ? "written with other SLI rules than the "
			              "first state; merge only states of the "
			              "same rules"
			            : err);
			rules_free(mine);
			free(buf);
			rc = EXIT_USAGE;
			break;
		}
		if (!rules) {
			rules = mine;
			run = run_new(rules, &fmt);
		} else {
			rules_free(mine);
		}
		/* each state into a run of its own, then added in */
		run_t *part = run_new(rules, &fmt);
		follow_pos_t *pos = NULL;
		if (state_decode(buf, n, part, &pos, err, sizeof(err)) < 0) {
			errorf("%s: %s", argv[i], err);
			rc = EXIT_USAGE;
		} else if (i > first &&
		           (run->agg->has_by != part->agg->has_by ||
		            (run->agg->has_by &&
		             (run->agg->by.unit != part->agg->by.unit ||
		              run->agg->by_endpoint != part->agg->by_endpoint ||
		              strcmp(run->agg->by.tz, part->agg->by.tz) !=
		                  0)))) {
			/* a series is only whole if every part has it */
			errorf("%s: saved with another --by/--tz/--by-endpoint "
			       "than the "
			       "first state, or without",
			       argv[i]);
			rc = EXIT_USAGE;
		} else {
			run_absorb(run, part);
		}
		free(pos);
		free(buf);
		run_free(part);
	}
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
		cli_output(m, &o);
		fflush(stdout);
		cli_sli_notes(m, &o);
		if (o.save_state) {
			char err[256];
			if (state_save(o.save_state, run, NULL, 0, err,
			               sizeof(err)) < 0) {
				errorf("%s: %s", o.save_state, err);
				rc = EXIT_INPUT;
			}
		}
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
