/*
 * promrules.c - the `slicalc prometheus-rules` command: write the
 * Prometheus rules (report_promrules.c) for the SLOs of a rules file, to
 * load next to a scrape of `slicalc tail --listen`.
 */
#define _GNU_SOURCE /* open_memstream */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report.h"
#include "util.h"

const char promrules_usage[] =
    "Usage: slicalc prometheus-rules [OPTIONS]\n"
    "\n"
    "Write Prometheus recording and alerting rules for the SLOs of the\n"
    "rules file, over the metrics of 'slicalc tail --listen': per SLO\n"
    "(availability, each latency threshold) the error ratio over 5m, 30m,\n"
    "1h, 2h, 6h, 1d and 3d, the error budget left over 30 days, and the\n"
    "multi-window, multi-burn-rate alerts of the Google SRE Workbook:\n"
    "SLOBurnRatePage (1h and 5m over 14.4x, or 6h and 30m over 6x) and\n"
    "SLOBurnRateTicket (1d and 2h over 3x, or 3d and 6h over 1x).\n"
    "Check the result with 'promtool check rules FILE'.\n"
    "\n"
    "Options:\n"
    "  -r, --rules FILE    SLI rules (YAML); default: the embedded rules\n"
    "      --out FILE      write to FILE (atomically) instead of standard\n"
    "                      output\n"
    "  -h, --help          this help\n"
    "\n"
    "Exit status: 0 written; 1 FILE could not be written; 2 usage or\n"
    "rules error.\n";

struct promrules_opts {
	struct report_opts r;
	const char *out; /* --out */
};

static const enum opt_id promrules_opts[] = {OPT_HELP, OPT_OUT, OPT_RULES};

static int promrules_option(enum opt_id id, const char *arg, void *ctx)
{
	struct promrules_opts *o = ctx;
	if (id == OPT_OUT) {
		o->out = arg;
		return 1;
	}
	return cli_common_option(id, arg, &o->r);
}

int cmd_promrules(int argc, char **argv)
{
	static const struct cli_spec spec = {
	    "prometheus-rules", promrules_usage, promrules_opts,
	    (int)(sizeof(promrules_opts) / sizeof(promrules_opts[0])),
	    promrules_option};
	struct promrules_opts o = {.out = NULL};

	cli_opts_init(&o.r);
	int first = cli_parse(&spec, argc, argv, &o);
	if (first <= 0)
		return first == 0 ? EXIT_OK_ : EXIT_USAGE;
	if (first < argc) {
		errorf("prometheus-rules reads no log files ('%s'); see "
		       "'slicalc prometheus-rules --help'",
		       argv[first]);
		return EXIT_USAGE;
	}
	rules_t *rules;
	nginx_fmt_t *nfmt;
	if (cli_load_rules(&o.r, &rules, &nfmt) < 0)
		return EXIT_USAGE;
	nginx_fmt_free(nfmt);

	int rc = EXIT_OK_;
	if (!o.out) {
		report_promrules(stdout, rules);
	} else { /* whole or not at all: a rule loader never sees half */
		char *text = NULL;
		size_t n = 0;
		FILE *m = open_memstream(&text, &n);
		if (!m)
			abort(); /* out of memory, as in xmalloc */
		report_promrules(m, rules);
		fclose(m);
		if (write_atomic(o.out, text, n) < 0) {
			errorf("%s: cannot write: %s", o.out, strerror(errno));
			rc = EXIT_INPUT;
		}
		free(text);
	}
	rules_free(rules);
	return rc;
}
