/*
 * main.c - the command line: the subcommand table, help texts, and the
 * report command (tail is in tail.c; what they share in cli.c). See cli.h
 * for who prints and the exit codes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "format_nginx.h"
#include "reader.h"
#include "state.h"
#include "report.h"
#include "rules.h"
#include "run.h"

#ifndef SLICALC_VERSION
#define SLICALC_VERSION "0.1.0"
#endif

static const char main_usage[] =
    "Usage: slicalc COMMAND [OPTIONS] [FILE...]\n"
    "\n"
    "Service level indicators from access logs: per SLI and per endpoint,\n"
    "how many requests were good (availability) and how fast (percentiles,\n"
    "share under a threshold), against the objectives in a YAML rules file.\n"
    "\n"
    "Commands:\n"
    "  report    read access logs (plain or gzip) and print a report\n"
    "  routes    the endpoints in the logs, busiest first, and which SLIs\n"
    "            take them; --suggest writes a starter rules file\n"
    "  check     validate and lint a rules file, and try it on logs: what\n"
    "            each SLI matches, overlaps, what no SLI takes\n"
    "  tail      follow logs as they grow; live report and Prometheus metrics\n"
    "  merge     combine states saved by report --save-state into one report\n"
    "  backtest  replay logs through the burn-rate alerts: what would have\n"
    "            fired, when, and for how long\n"
    "  prometheus-rules\n"
    "            Prometheus recording and burn-rate alert rules for the SLOs\n"
    "  help      show the help of a command\n"
    "\n"
    "Options:\n"
    "  -h, --help       this help\n"
    "  -V, --version    print the version\n"
    "\n"
    "Run 'slicalc COMMAND --help' for the options of a command.\n"
    "Exit status: 0 success, 1 some input could not be read (or a match\n"
    "pattern could not decide some requests), 2 usage or rules error, 3 an\n"
    "error budget is spent or low (with --fail-on-budget, --fail-below),\n"
    "4 the rules have warnings (check).\n";

static const char report_usage[] =
    "Usage: slicalc report [OPTIONS] [FILE...]\n"
    "\n"
    "Read access logs (nginx, Rails, lograge, JSON lines) and report, per\n"
    "SLI and per endpoint, requests, availability and latency percentiles\n"
    "against the objectives of the rules. FILE may be plain text, gzip or\n"
    "zstd (detected by content, several members or frames read whole; xz,\n"
    "bzip2 and lz4 are refused with the command to pipe them through); no\n"
    "FILE, or '-', reads standard input. All files make one report.\n"
    "\n"
    "Options:\n"
    "  -r, --rules FILE       SLI rules in YAML (see rules/); default: the\n"
    "                         embedded rules: one SLI 'all' over every\n"
    "                         request, availability 99.9%, latency 300ms\n"
    "                         for 99%\n"
    "  -o, --output FORMAT    table (default), json, csv (a row per\n"
    "                         endpoint or period), markdown (for a pull\n"
    "                         request) or html (a page with charts)\n"
    "      --format FORMAT    auto (default), nginx, rails, lograge or json;\n"
    "                         auto decides per file from its first lines\n"
    "      --log-format STR   the nginx log_format the logs were written\n"
    "                         with; overrides the rules' log_format.\n"
    "                         Default: combined, plus $request_time and\n"
    "                         $upstream_response_time when present\n"
    "      --top N            endpoints per SLI in the table and markdown\n"
    "                         (default 20; 0 shows all)\n"
    "      --width N          fit the table in N columns, leaving columns\n"
    "                         out (0: unlimited); default: the terminal's\n"
    "                         width, unlimited when piped\n"
    "      --since TIME       count only requests at or after TIME\n"
    "      --until TIME       count only requests before TIME (TIME: a date\n"
    "                         2026-11-01 (UTC) or 2026-11-01T09:00:00+09:00);\n"
    "                         the others are counted as filtered\n"
    "      --by UNIT          also a series per SLI: requests, availability,\n"
    "                         percentiles and threshold ratios per hour,\n"
    "                         day, week (from Monday), month or quarter\n"
    "      --tz ZONE          the time zone of --by periods (default UTC),\n"
    "                         e.g. Asia/Tokyo\n"
    "      --by-endpoint      with --by: a series per endpoint too (JSON and\n"
    "                         CSV; periods of an SLI are capped at 20,000)\n"
    "      --at TIME          judge the SLOs (error budget, burn rates,\n"
    "                         alerts) at TIME; default: the end of the\n"
    "                         minute of the last timestamp read\n"
    "      --fail-on-budget[=SLI,...]\n"
    "                         exit with status 3 when an SLO's error budget\n"
    "                         is spent (a deploy gate): of every SLI, or of\n"
    "                         the SLIs named\n"
    "      --fail-below PCT   ... or has less than PCT percent left (0 to\n"
    "                         100; default 0: spent); alone, gates every SLI\n"
    "      --save-state FILE  also save the statistics to FILE, for\n"
    "                         'slicalc merge' ('-': to stdout, no report)\n"
    "  -j, --jobs N           threads (default: the number of CPUs): several\n"
    "                         files are read side by side, one large plain\n"
    "                         file in ranges, one .gz or .zst in blocks; 1\n"
    "                         reads on one thread\n"
    "  -q, --quiet            no progress and no notes on standard error\n"
    "  -h, --help             this help\n"
    "\n"
    "Unparsed lines are counted; the first few are named (file:line).\n"
    "\n"
    "Environment:\n"
    "  NO_COLOR    if set, the table is never coloured\n"
    "  COLUMNS     the terminal's width for the table (see --width)\n"
    "\n"
    "Exit status:\n"
    "  0  the report was written\n"
    "  1  the report was written, but some input could not be read or was\n"
    "     corrupt (a missing file, a truncated gzip), or a match pattern\n"
    "     could not decide some requests (a PCRE2 limit): see standard\n"
    "     error\n"
    "  2  usage or rules error; nothing was read\n"
    "  3  --fail-on-budget or --fail-below, and an SLO's error budget over\n"
    "     its window is spent, or below PCT (named on standard error);\n"
    "     with an input problem too, the status is 1\n";

/* ---- report -------------------------------------------------------------- */

static const enum opt_id report_opts[] = {
    OPT_AT,     OPT_BY,    OPT_BY_ENDPOINT, OPT_FAIL_BELOW, OPT_FAIL_ON_BUDGET,
    OPT_FORMAT, OPT_HELP,  OPT_JOBS,        OPT_LOG_FORMAT, OPT_OUTPUT,
    OPT_QUIET,  OPT_RULES, OPT_SAVE_STATE,  OPT_SINCE,      OPT_TOP,
    OPT_TZ,     OPT_UNTIL, OPT_WIDTH,
};

static int cmd_report(int argc, char **argv)
{
	static const struct cli_spec spec = {
	    "report", report_usage, report_opts,
	    (int)(sizeof(report_opts) / sizeof(report_opts[0])),
	    cli_common_option};
	int saved_bad = 0;
	struct report_opts o;

	cli_opts_init(&o);
	int first = cli_parse(&spec, argc, argv, &o); /* the first FILE */
	if (first <= 0)
		return first == 0 ? EXIT_OK_ : EXIT_USAGE;

	rules_t *rules;
	nginx_fmt_t *nfmt;
	if (cli_check_times(&o) < 0 || cli_state_stdout_check(&o) < 0 ||
	    cli_load_rules(&o, &rules, &nfmt) < 0)
		return EXIT_USAGE;
	if (cli_budget_check(rules, &o) < 0) {
		nginx_fmt_free(nfmt);
		rules_free(rules);
		return EXIT_USAGE;
	}
	format_t fmt = {rules->format, nfmt, &rules->fields,
	                rules->latency_field};

	run_t *run = run_new(rules, &fmt);
	cli_apply_times(run, &o);
	if (cli_apply_series(run, &o) < 0) {
		run_free(run);
		nginx_fmt_free(nfmt);
		rules_free(rules);
		return EXIT_USAGE;
	}
	cli_read_inputs(run, argv + first, argc - first, &o);

	model_t *m = model_new(run);
	/* with --save-state -, the state is the output (a clean pipe) */
	if (!o.save_state || strcmp(o.save_state, "-") != 0)
		cli_output(m, &o);
	if (o.save_state && cli_save_state(run, &o) < 0)
		saved_bad = 1;
	fflush(stdout);
	cli_input_notes(m, &o);

	/* the gate speaks either way; an input problem wins the exit
	 * status, since the figures it judged are then incomplete */
	int gate = cli_budget_exit(m, &o);
	int rc = run_failed_files(run) || run_match_errors(run) || saved_bad
	             ? EXIT_INPUT
	             : gate;
	model_free(m);
	run_free(run);
	nginx_fmt_free(nfmt);
	rules_free(rules);
	return rc;
}

/* ---- dispatch ------------------------------------------------------------ */

static int cmd_help(int argc, char **argv);

static const struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *usage;
} commands[] = {
    {"backtest", cmd_backtest, backtest_usage},
    {"check", cmd_check, check_usage},
    {"help", cmd_help, main_usage},
    {"merge", cmd_merge, merge_usage},
    {"prometheus-rules", cmd_promrules, promrules_usage},
    {"report", cmd_report, report_usage},
    {"routes", cmd_routes, routes_usage},
    {"tail", cmd_tail, tail_usage},
};

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static int cmd_help(int argc, char **argv)
{
	if (argc < 2) {
		fputs(main_usage, stdout);
		return EXIT_OK_;
	}
	const struct command *c = find_command(argv[1]);
	if (!c) {
		errorf("no command '%s'; see 'slicalc --help'", argv[1]);
		return EXIT_USAGE;
	}
	fputs(c->usage, stdout);
	return EXIT_OK_;
}

int main(int argc, char **argv)
{
	util_set_fatal(cli_fatal);
	rules_set_cache_dir(cli_cache_dir());
	if (argc < 2) {
		fputs(main_usage, stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		fputs(main_usage, stdout);
		return EXIT_OK_;
	}
	if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
		printf("slicalc %s (gzip: %s)\n", SLICALC_VERSION,
		       reader_gzip_library());
		/* which build: the bench and bug reports need to know */
		if (rules_engine())
			printf("matching: hyperscan %s\n", rules_engine());
		else
			printf("matching: pcre2 (built without Hyperscan)\n");
		if (rules_engine())
			printf("cache: %s\n", cli_cache_dir()
			                          ? cli_cache_dir()
			                          : "none (SLICALC_NO_CACHE, "
			                            "or no HOME)");
		return EXIT_OK_;
	}
	const struct command *c = find_command(argv[1]);
	if (!c) {
		errorf("no command '%s'; see 'slicalc --help'", argv[1]);
		return EXIT_USAGE;
	}
	return c->fn(argc - 1, argv + 1);
}
