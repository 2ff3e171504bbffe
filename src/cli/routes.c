/*
 * routes.c - the `slicalc routes` command and the options it takes: read
 * logs as report does, with the census (rules_add_census) counting every
 * request by endpoint, then list the endpoints (routes.c, report_routes.c)
 * or, with --suggest, write a starter rules file (suggest.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "report.h"
#include "routes.h"
#include "run.h"
#include "suggest.h"

const char routes_usage[] =
    "Usage: slicalc routes [OPTIONS] [FILE...]\n"
    "\n"
    "List every endpoint in the logs, busiest first (ties by name): its\n"
    "requests, share of all requests, share answered 5xx, latency p50,\n"
    "p95, p99 and max, and with -r which SLIs of the rules take it ('-'\n"
    "for none): what traffic there is, before writing SLI rules for it.\n"
    "Files are read as by 'slicalc report', and an endpoint's requests\n"
    "are those report counts for it with the same grouping.\n"
    "\n"
    "With --suggest, write a starter rules file (YAML) instead: the\n"
    "endpoints grouped into one SLI per feature (the Rails controller\n"
    "when the logs name it, else the leading path segments), each with\n"
    "an availability objective and a latency threshold the logs would\n"
    "have met with margin, the figures behind them as comments, and\n"
    "health checks and scanners left out, static assets apart. A starting\n"
    "point to edit with the team, then to check with 'slicalc check'.\n"
    "\n"
    "Options:\n"
    "  -r, --rules FILE       SLI rules in YAML: show which SLIs take\n"
    "                         each endpoint. Default: none (the embedded\n"
    "                         rules' format settings, no SLI, so every\n"
    "                         request counts as unmatched)\n"
    "      --group-by KEY     route (default: METHOD and the path with ids\n"
    "                         as :id), path (the raw path) or action (the\n"
    "                         Rails Controller#action; '(no action)' for\n"
    "                         logs without one, such as nginx's)\n"
    "  -o, --output FORMAT    table (default), json, or csv; with\n"
    "                         --suggest: yaml (the default) only\n"
    "      --max-endpoints N  endpoints kept one by one (default 10000;\n"
    "                         about 18 KiB each); the requests of further\n"
    "                         ones are counted under '(other)'\n"
    "      --top N            endpoints in the table (default 20; 0 shows\n"
    "                         all); JSON and CSV have all of them\n"
    "      --suggest          write a starter rules file from the logs;\n"
    "                         groups by route, and takes no -r\n"
    "      --format FORMAT    auto (default), nginx, rails, lograge or json\n"
    "      --log-format STR   the nginx log_format the logs were written\n"
    "                         with (also written into --suggest's file)\n"
    "      --since TIME       count only requests at or after TIME\n"
    "      --until TIME       count only requests before TIME\n"
    "  -j, --jobs N           threads (default: the number of CPUs)\n"
    "  -q, --quiet            no progress and no notes on standard error\n"
    "  -h, --help             this help\n"
    "\n"
    "At most --max-endpoints endpoints are listed; the requests of\n"
    "further ones are counted under '(other)', which is listed too (with\n"
    "-j, which endpoints those are may depend on what each thread saw\n"
    "first). Long endpoints are cut in the middle in the table, never in\n"
    "JSON or CSV.\n"
    "\n"
    "Exit status:\n"
    "  0  the list (or the rules file) was written\n"
    "  1  it was written, but some input could not be read or was corrupt,\n"
    "     or a match pattern could not decide some requests: see standard\n"
    "     error\n"
    "  2  usage or rules error; nothing was read\n";

/* What routes' options set: report's, and its own. */
struct routes_opts {
	struct report_opts o; /* first: cli_common_option's */
	enum group_by group_by;
	int max_endpoints; /* the census's bound */
	int suggest;
	int yaml; /* -o yaml */
};

static const enum opt_id routes_opts_ids[] = {
    OPT_FORMAT,        OPT_GROUP_BY, OPT_HELP,  OPT_JOBS,  OPT_LOG_FORMAT,
    OPT_MAX_ENDPOINTS, OPT_OUTPUT,   OPT_QUIET, OPT_RULES, OPT_SINCE,
    OPT_SUGGEST,       OPT_TOP,      OPT_UNTIL,
};

static int routes_option(enum opt_id id, const char *arg, void *ctx)
{
	struct routes_opts *ro = ctx;
	switch (id) {
	case OPT_GROUP_BY:
		if (strcmp(arg, "route") == 0)
			ro->group_by = GROUP_ROUTE;
		else if (strcmp(arg, "path") == 0)
			ro->group_by = GROUP_PATH;
		else if (strcmp(arg, "action") == 0)
			ro->group_by = GROUP_ACTION;
		else {
			errorf("--group-by takes route, path or action, not "
			       "'%s'",
			       arg);
			return -1;
		}
		return 1;
	case OPT_SUGGEST:
		ro->suggest = 1;
		return 1;
	case OPT_MAX_ENDPOINTS:
		if (cli_int(arg, 1, 1000000, &ro->max_endpoints) < 0) {
			errorf("--max-endpoints takes a whole number from 1 to "
			       "1000000, not '%s'",
			       arg);
			return -1;
		}
		return 1;
	case OPT_OUTPUT:
		/* yaml is --suggest's; the others are report's */
		ro->yaml = strcmp(arg, "yaml") == 0;
		ro->o.json = strcmp(arg, "json") == 0;
		ro->o.csv = strcmp(arg, "csv") == 0;
		if (!ro->yaml && !ro->o.json && !ro->o.csv &&
		    strcmp(arg, "table") != 0) {
			errorf("-o takes table, json, csv, or yaml with "
			       "--suggest, not '%s'",
			       arg);
			return -1;
		}
		return 1;
	default:
		return cli_common_option(id, arg, &ro->o);
	}
}

/* The options that go together, or say why not. */
static int routes_check(const struct routes_opts *ro)
{
	if (ro->suggest && (ro->o.json || ro->o.csv)) {
		errorf("--suggest writes a rules file: -o yaml (the default), "
		       "not -o %s",
		       ro->o.json ? "json" : "csv");
		return -1;
	}
	if (ro->yaml && !ro->suggest) {
		errorf("-o yaml goes with --suggest; the list is a table, "
		       "json or csv");
		return -1;
	}
	if (ro->suggest && ro->o.rules_path) {
		errorf("--suggest makes rules from the logs alone; leave out "
		       "-r (or run 'slicalc routes -r %s' to see which SLIs "
		       "take each endpoint)",
		       ro->o.rules_path);
		return -1;
	}
	if (ro->suggest && ro->group_by != GROUP_ROUTE) {
		errorf("--suggest groups by route; leave out --group-by");
		return -1;
	}
	return 0;
}

/* The terminal's width for the table, or 0 when it is not one. */
static int term_width(void)
{
	struct winsize ws;
	if (!isatty(STDOUT_FILENO) || ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) < 0)
		return 0;
	return ws.ws_col;
}

int cmd_routes(int argc, char **argv)
{
	static const struct cli_spec spec = {
	    "routes", routes_usage, routes_opts_ids,
	    (int)(sizeof(routes_opts_ids) / sizeof(routes_opts_ids[0])),
	    routes_option};
	struct routes_opts ro = {.group_by = GROUP_ROUTE};

	cli_opts_init(&ro.o);
	int first = cli_parse(&spec, argc, argv, &ro); /* the first FILE */
	if (first <= 0)
		return first == 0 ? EXIT_OK_ : EXIT_USAGE;

	rules_t *rules;
	nginx_fmt_t *nfmt;
	if (routes_check(&ro) < 0 || cli_check_times(&ro.o) < 0 ||
	    cli_load_rules(&ro.o, &rules, &nfmt) < 0)
		return EXIT_USAGE;
	if (!ro.o.rules_path) /* the defaults read the logs; no SLI */
		rules_drop_slis(rules);
	/* the census's own bound: the rules' max_endpoints is for their
	 * SLIs, and a workshop wants every endpoint of the logs */
	rules->max_endpoints = ro.max_endpoints;
	rules_add_census(rules, ro.group_by);
	format_t fmt = {rules->format, nfmt, &rules->fields,
	                rules->latency_field};

	run_t *run = run_new(rules, &fmt);
	cli_apply_times(run, &ro.o);
	cli_read_inputs(run, argv + first, argc - first, &ro.o);
	agg_finish(run->agg);

	model_t *m = model_new(run);
	routes_t *rt = routes_new(m);
	if (ro.suggest) {
		suggest_t *sg = suggest_new(rt);
		suggest_src_t src = {
		    .format = ro.o.format >= 0 ? fmt_name(rules->format) : NULL,
		    .log_format = ro.o.log_format,
		};
		suggest_yaml(stdout, sg, &src);
		suggest_free(sg);
	} else if (ro.o.json) {
		report_routes_json(stdout, rt);
	} else if (ro.o.csv) {
		report_routes_csv(stdout, rt);
	} else {
		routes_table_opts_t to = {.top = ro.o.top,
		                          .width = term_width()};
		report_routes_table(stdout, rt, &to);
	}
	fflush(stdout);
	if (!ro.o.json && !ro.o.csv)
		cli_unparsed_notes(run, &ro.o);
	cli_input_notes(m, &ro.o);

	int rc = run_failed_files(run) || run_match_errors(run) ? EXIT_INPUT
	                                                        : EXIT_OK_;
	routes_free(rt);
	model_free(m);
	run_free(run);
	nginx_fmt_free(nfmt);
	rules_free(rules);
	return rc;
}
