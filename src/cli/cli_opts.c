/*
 * cli_opts.c - every option of every command in one table, sorted by
 * long name (curl's tool_getparam.c keeps its options so), and the
 * parser that reads a command's options with it.
 *
 * An option is one row: its long name, short letter, whether it takes an
 * argument, its id (enum opt_id, in the order of the rows) and its
 * default, written here once as it would be typed. A command says which
 * ids it takes (struct cli_spec); cli_parse() builds getopt_long's
 * arrays from those rows alone, so an option the command does not take
 * is getopt_long's "unrecognized option", and abbreviations are
 * abbreviations among the command's own options.
 */
#define _GNU_SOURCE /* getopt_long */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Sorted by name (strcmp); row i has id OPT_AT + i (tests/unit/
 * test_cli_opts.c checks both). The help texts say the same defaults. */
const struct cli_opt cli_opts[] = {
    {"at", 0, 1, OPT_AT, NULL},
    {"by", 0, 1, OPT_BY, NULL},
    {"by-endpoint", 0, 0, OPT_BY_ENDPOINT, NULL},
    {"fail-below", 0, 1, OPT_FAIL_BELOW, NULL}, /* none: 0, spent */
    {"fail-on-budget", 0, 2, OPT_FAIL_ON_BUDGET, NULL},
    {"format", 0, 1, OPT_FORMAT, NULL}, /* none: the rules' format */
    {"from-start", 0, 0, OPT_FROM_START, NULL},
    {"group-by", 0, 1, OPT_GROUP_BY, "route"},
    {"help", 'h', 0, OPT_HELP, NULL},
    {"interval", 0, 1, OPT_INTERVAL, "10s"},
    {"jobs", 'j', 1, OPT_JOBS, NULL},   /* the number of CPUs */
    {"listen", 0, 1, OPT_LISTEN, NULL}, /* a bare PORT: loopback (serve.c) */
    {"log-format", 0, 1, OPT_LOG_FORMAT, NULL},
    {"max-endpoints", 0, 1, OPT_MAX_ENDPOINTS, "10000"},
    {"out", 0, 1, OPT_OUT, NULL},
    {"output", 'o', 1, OPT_OUTPUT, NULL}, /* none: table */
    {"quiet", 'q', 0, OPT_QUIET, NULL},
    {"rules", 'r', 1, OPT_RULES, NULL}, /* none: the embedded rules */
    {"save-state", 0, 1, OPT_SAVE_STATE, NULL},
    {"since", 0, 1, OPT_SINCE, NULL},
    {"state", 0, 1, OPT_STATE, NULL},
    {"suggest", 0, 0, OPT_SUGGEST, NULL},
    {"textfile", 0, 1, OPT_TEXTFILE, NULL},
    {"top", 0, 1, OPT_TOP, "20"},
    {"tz", 0, 1, OPT_TZ, NULL}, /* none: UTC */
    {"until", 0, 1, OPT_UNTIL, NULL},
    {"width", 0, 1, OPT_WIDTH, NULL}, /* none: the terminal's, else 0 */
    {"window", 0, 1, OPT_WINDOW, "5m"},
};
const int cli_nopts = (int)(sizeof(cli_opts) / sizeof(cli_opts[0]));

_Static_assert(sizeof(cli_opts) / sizeof(cli_opts[0]) == OPT_END_ - OPT_AT,
               "one row per enum opt_id");

static int cmp_name(const void *key, const void *row)
{
	return strcmp(key, ((const struct cli_opt *)row)->name);
}

const struct cli_opt *cli_opt_find(const char *name)
{
	return bsearch(name, cli_opts, (size_t)cli_nopts, sizeof(cli_opts[0]),
	               cmp_name);
}

const struct cli_opt *cli_opt_get(enum opt_id id)
{
	return &cli_opts[id - OPT_AT];
}

void cli_opts_init(struct report_opts *o)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	memset(o, 0, sizeof(*o));
	o->jobs = ncpu > 0 ? (int)ncpu : 1;
	o->format = -1;
}

/* Whether spec takes the option of row r. */
static int takes(const struct cli_spec *spec, const struct cli_opt *r)
{
	for (int i = 0; i < spec->nids; i++)
		if (spec->ids[i] == r->id)
			return 1;
	return 0;
}

/* Apply one option; 0 to go on, else cli_parse's return. */
static int apply(const struct cli_spec *spec, enum opt_id id, const char *arg,
                 void *ctx)
{
	if (id == OPT_HELP) {
		fputs(spec->usage, stdout);
		return 0;
	}
	int r = spec->apply(id, arg, ctx);
	if (r == 0) /* listed but not applied: unknown after all */
		fprintf(stderr, "Try 'slicalc %s --help'.\n", spec->name);
	return r > 0 ? 1 : -1;
}

int cli_parse(const struct cli_spec *spec, int argc, char **argv, void *ctx)
{
	struct option lo[OPT_END_ - OPT_AT + 1];
	char so[3 * (OPT_END_ - OPT_AT) + 1];
	int nlo = 0, nso = 0;

	for (int i = 0; i < cli_nopts; i++) {
		const struct cli_opt *r = &cli_opts[i];
		if (!takes(spec, r))
			continue;
		if (r->def && apply(spec, r->id, r->def, ctx) <= 0)
			return -1; /* a default the command refuses: a bug */
		lo[nlo++] = (struct option){r->name,
		                            r->arg == 2   ? optional_argument
		                            : r->arg == 1 ? required_argument
		                                          : no_argument,
		                            NULL, (int)r->id};
		if (r->letter) {
			so[nso++] = r->letter;
			for (int k = 0; k < r->arg; k++) /* "x:", "x::" */
				so[nso++] = ':';
		}
	}
	lo[nlo] = (struct option){NULL, 0, NULL, 0};
	so[nso] = '\0';

	int c;
	optind = 0; /* not 1: glibc (and musl) then also forget where a
	               parse before stopped in a group of short options */
	while ((c = getopt_long(argc, argv, so, lo, NULL)) != -1) {
		enum opt_id id = OPT_END_;
		if (c >= OPT_AT && c < OPT_END_) {
			id = (enum opt_id)c;
		} else {
			for (int i = 0; i < cli_nopts; i++)
				if (c != 0 && cli_opts[i].letter == c)
					id = cli_opts[i].id;
		}
		if (id == OPT_END_) { /* '?': getopt_long said what */
			fprintf(stderr, "Try 'slicalc %s --help'.\n",
			        spec->name);
			return -1;
		}
		int r =
		    apply(spec, id, cli_opt_get(id)->arg ? optarg : NULL, ctx);
		if (r <= 0)
			return r;
	}
	return optind;
}
