/*
 * backtest.c - the `slicalc backtest` command: read archives like
 * report does, then replay each SLI's minutes through its burn-rate
 * alerts (replay.c) and list every alert that would have fired.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "replay.h"
#include "report.h"
#include "run.h"

const char backtest_usage[] =
    "Usage: slicalc backtest [OPTIONS] [FILE...]\n"
    "\n"
    "Replay logs in time order through the burn-rate alerts of the rules\n"
    "(the multi-window, multi-burn-rate alerts of the Google SRE Workbook\n"
    "unless the rules set 'alerts:') and list every alert that would have\n"
    "fired: SLO, severity, when it fired and cleared, the window pair that\n"
    "fired it, its peak burn rate, and the error budget consumed while it\n"
    "fired. Alerts are evaluated at every minute boundary from log\n"
    "timestamps, so the same archives always give the same list: use it\n"
    "to see whether the alert settings would have caught your incidents,\n"
    "and only those. Files are read as by 'slicalc report'.\n"
    "\n"
    "Options:\n"
    "  -r, --rules FILE       SLI rules in YAML (default: the embedded ones)\n"
    "  -o, --output FORMAT    table (default) or json\n"
    "      --format FORMAT    auto (default), nginx, rails, lograge or json\n"
    "      --log-format STR   the nginx log_format the logs were written with\n"
    "      --since TIME       replay only requests at or after TIME\n"
    "      --until TIME       replay only requests before TIME\n"
    "  -j, --jobs N           threads reading files (default: CPUs)\n"
    "  -q, --quiet            no progress and no notes on standard error\n"
    "  -h, --help             this help\n"
    "\n"
    "Exit status: 0 done (whether or not alerts fired); 1 some input could\n"
    "not be read, or a match pattern could not decide some requests; 2\n"
    "usage or rules error.\n";

static const enum opt_id backtest_opts[] = {
    OPT_FORMAT, OPT_HELP,  OPT_JOBS,  OPT_LOG_FORMAT, OPT_OUTPUT,
    OPT_QUIET,  OPT_RULES, OPT_SINCE, OPT_UNTIL,
};

int cmd_backtest(int argc, char **argv)
{
	static const struct cli_spec spec = {
	    "backtest", backtest_usage, backtest_opts,
	    (int)(sizeof(backtest_opts) / sizeof(backtest_opts[0])),
	    cli_common_option};
	struct report_opts o;

	cli_opts_init(&o);
	int first = cli_parse(&spec, argc, argv, &o); /* the first FILE */
	if (first <= 0)
		return first == 0 ? EXIT_OK_ : EXIT_USAGE;

	if (o.csv || o.markdown || o.html) {
		errorf("backtest writes a table or json (-o json), not %s",
		       o.csv    ? "csv"
		       : o.html ? "html"
		                : "markdown");
		return EXIT_USAGE;
	}
	rules_t *rules;
	nginx_fmt_t *nfmt;
	if (cli_check_times(&o) < 0 || cli_load_rules(&o, &rules, &nfmt) < 0)
		return EXIT_USAGE;
	format_t fmt = {rules->format, nfmt, &rules->fields,
	                rules->latency_field};
	run_t *run = run_new(rules, &fmt);
	cli_apply_times(run, &o);
	cli_read_inputs(run, argv + first, argc - first, &o);
	agg_finish(run->agg);

	replay_t *rp = xcalloc((size_t)rules->nsli, sizeof(*rp));
	for (int i = 0; i < rules->nsli; i++)
		replay_sli(&run->agg->s[i], &rp[i]);
	model_t *m = model_new(run);
	if (o.json)
		report_backtest_json(stdout, m, rp);
	else
		report_backtest_table(stdout, m, rp);
	fflush(stdout);
	if (!o.json)
		cli_unparsed_notes(run, &o);
	cli_input_notes(m, &o);
	model_free(m);

	int rc = run_failed_files(run) || run_match_errors(run) ? EXIT_INPUT
	                                                        : EXIT_OK_;
	for (int i = 0; i < rules->nsli; i++)
		replay_free(&rp[i]);
	free(rp);
	run_free(run);
	nginx_fmt_free(nfmt);
	rules_free(rules);
	return rc;
}
