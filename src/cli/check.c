/*
 * check.c - the `slicalc check` command and the options it takes: load
 * the rules (errors at file:line:col), lint them, and with FILE arguments
 * read them like report does, with the census (every request, by route,
 * told which SLIs took it); then print what check.c computed
 * (report_check.c) and exit 0, or 4 on warnings.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "cli.h"
#include "run.h"

const char check_usage[] =
    "Usage: slicalc check -r RULES [OPTIONS] [FILE...]\n"
    "\n"
    "Validate a rules file and lint it; with log files, also try it on\n"
    "them. Without FILE the rules alone are checked: errors name\n"
    "file:line:col, and a match pattern that can never match is a\n"
    "warning (like '^GET' in match.path: a method, never a path). With\n"
    "FILE (read as by 'slicalc report'; '-' is standard input) it also\n"
    "shows, per SLI, the requests it takes and their share of all, the\n"
    "endpoints (routes) it takes and whether it has latencies; the\n"
    "endpoints two or more SLIs count (listed, not a warning: SLIs are\n"
    "independent); the busiest endpoints no SLI takes; the first\n"
    "unparsed lines; and the input as report counts it. Standard input\n"
    "is read only as '-': without FILE, logs piped in are not read (a\n"
    "note says so on standard error, unless -q).\n"
    "\n"
    "Warnings: never (a pattern that can never match), no-match (an SLI\n"
    "that takes no request), match-error (a pattern that could not decide\n"
    "some requests: a PCRE2 limit), no-latency (latency objectives over\n"
    "requests without a latency). Notes: already-spent (over the logs,\n"
    "more than twice the bad requests an objective allows).\n"
    "\n"
    "Options:\n"
    "  -r, --rules FILE       the SLI rules to check (required)\n"
    "  -o, --output FORMAT    table (default), json, or markdown (to paste\n"
    "                         into a pull-request comment)\n"
    "      --format FORMAT    auto (default), nginx, rails, lograge or json\n"
    "      --log-format STR   the nginx log_format the logs were written with\n"
    "      --since TIME       read only requests at or after TIME\n"
    "      --until TIME       read only requests before TIME\n"
    "  -j, --jobs N           threads reading files (default: CPUs)\n"
    "  -q, --quiet            no progress and no notes on standard error\n"
    "  -h, --help             this help\n"
    "\n"
    "Exit status:\n"
    "  0  no warnings (notes do not count)\n"
    "  1  some input could not be read or was corrupt (named on standard\n"
    "     error), with or without warnings: what was read is shown, and\n"
    "     its warnings may come from what is missing\n"
    "  2  usage or rules error (an objective written as a fraction, a bad\n"
    "     regex...); nothing was read\n"
    "  4  warnings (listed in the output), and all input was read\n";

/* What check's options set: report's, and -o markdown. */
struct check_opts {
	struct report_opts o; /* first: cli_common_option takes it */
	int markdown;
};

static const enum opt_id check_opts[] = {
    OPT_FORMAT, OPT_HELP,  OPT_JOBS,  OPT_LOG_FORMAT, OPT_OUTPUT,
    OPT_QUIET,  OPT_RULES, OPT_SINCE, OPT_UNTIL,
};

static int check_option(enum opt_id id, const char *arg, void *ctx)
{
	struct check_opts *co = ctx;
	if (id == OPT_OUTPUT) {
		co->o.json = strcmp(arg, "json") == 0;
		co->markdown = strcmp(arg, "markdown") == 0;
		if (!co->o.json && !co->markdown && strcmp(arg, "table") != 0) {
			errorf("-o takes table, json or markdown, not '%s'",
			       arg);
			return -1;
		}
		return 1;
	}
	return cli_common_option(id, arg, &co->o);
}

/*
 * Whether standard input looks like logs piped or redirected in (a pipe,
 * a socket or a regular file), which check without FILE does not read: a
 * CI job piping a sample into `slicalc check -r R` would otherwise pass
 * without trying the rules. A terminal, /dev/null or a closed standard
 * input is not worth a note.
 */
static int stdin_has_data(void)
{
	struct stat st;
	if (isatty(STDIN_FILENO) || fstat(STDIN_FILENO, &st) < 0)
		return 0;
	return S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode) ||
	       S_ISREG(st.st_mode);
}

int cmd_check(int argc, char **argv)
{
	static const struct cli_spec spec = {
	    "check", check_usage, check_opts,
	    (int)(sizeof(check_opts) / sizeof(check_opts[0])), check_option};
	struct check_opts co = {0};
	struct report_opts *o = &co.o;

	cli_opts_init(o);
	int first = cli_parse(&spec, argc, argv, &co); /* the first FILE */
	if (first <= 0)
		return first == 0 ? EXIT_OK_ : EXIT_USAGE;
	if (!o->rules_path) {
		/* the embedded rules need no checking: say which to check */
		errorf("check needs the rules file to check: -r RULES");
		fputs("Try 'slicalc check --help'.\n", stderr);
		return EXIT_USAGE;
	}

	rules_t *rules;
	nginx_fmt_t *nfmt;
	if (cli_check_times(o) < 0 || cli_load_rules(o, &rules, &nfmt) < 0)
		return EXIT_USAGE;
	format_t fmt = {rules->format, nfmt, &rules->fields,
	                rules->latency_field};
	if (first == argc && !o->quiet && stdin_has_data())
		errorf("note: no FILE given: only the rules were checked (give "
		       "- to read standard input)");
	run_t *run = NULL;
	if (first < argc) {
		rules_add_census(rules, GROUP_ROUTE);
		run = run_new(rules, &fmt);
		cli_apply_times(run, o);
		cli_read_inputs(run, argv + first, argc - first, o);
		agg_finish(run->agg);
	}

	check_t *c = check_new(rules, run);
	if (co.markdown)
		report_check_markdown(stdout, c);
	else if (o->json)
		report_check_json(stdout, c);
	else
		report_check_table(stdout, c);
	fflush(stdout);
	if (c->model) {
		/* files that could not be read, match errors, notes about
		 * formats; not the SLI notes: they are check's warnings,
		 * already in the output (a shallow copy without them) */
		model_t files_only = *c->model;
		files_only.nwarn = 0;
		cli_input_notes(&files_only, o);
	}

	int rc = run && run_failed_files(run) ? EXIT_INPUT
	         : c->failing                 ? EXIT_WARN
	                                      : EXIT_OK_;
	check_free(c);
	run_free(run);
	nginx_fmt_free(nfmt);
	rules_free(rules);
	return rc;
}
