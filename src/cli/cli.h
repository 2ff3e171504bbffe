/*
 * cli.h - what the commands share: messages, exit codes, the table of
 * options and its parser (cli_opts.c), the options the commands have in
 * common, loading the rules, clocks.
 *
 * The command-line layer (main.c, cli.c, cli_opts.c, inputs.c and the
 * command files) is the only code that prints to the user or exits. Every
 * message goes through errorf()
 * ("slicalc: file:line: message"); the modules below return errors and
 * never print. Exit codes are the enum below, documented in --help and
 * README.md.
 */
#ifndef SLICALC_CLI_H
#define SLICALC_CLI_H

#include <stdint.h>

#include "format_nginx.h"
#include "rules.h"
#include "series.h"

enum exit_code {
	EXIT_OK_ = 0,    /* report written */
	EXIT_INPUT = 1,  /* report written; some input unreadable or corrupt */
	EXIT_USAGE = 2,  /* usage or rules error: nothing was read */
	EXIT_BUDGET = 3, /* report written; --fail-on-budget and an SLO's
	                    error budget is spent */
	EXIT_WARN = 4,   /* check: the rules load, but have warnings */
};

__attribute__((format(printf, 1, 2))) void errorf(const char *fmt, ...);

/*
 * Where compiled Hyperscan databases are kept between runs: NULL when
 * SLICALC_NO_CACHE is set (but not to 0), else $XDG_CACHE_HOME/slicalc
 * ($XDG_CACHE_HOME absolute), else $HOME/.cache/slicalc ($HOME
 * absolute), else NULL. A static buffer.
 */
const char *cli_cache_dir(void);

/* The library's fatal handler (util_set_fatal): says msg and aborts. */
__attribute__((noreturn)) void cli_fatal(const char *msg);

/* What the options of report (and of the other commands) set. */
struct report_opts {
	const char *rules_path;
	const char *log_format;
	int json;
	int top;
	int quiet;
	int jobs;
	int format;             /* enum fmt_kind from --format, or -1 */
	const char *save_state; /* report --save-state, merge --save-state */
	int has_since, has_until;
	int64_t since, until; /* --since, --until */
	int csv;              /* -o csv */
	int markdown;         /* -o markdown */
	int has_output;       /* -o given (even -o table) */
	int html;             /* -o html */
	int has_by;           /* --by given */
	int by_endpoint;      /* --by-endpoint */
	series_spec_t by;     /* --by, and --tz when not UTC */
	const char *tz;       /* --tz */
	int has_at;           /* --at given */
	int64_t at;           /* --at: evaluate SLOs at this instant */
	int fail_on_budget;   /* --fail-on-budget or --fail-below given */
	int fail_all;         /* ... gating every SLI (not only named ones) */
	int nfail_on;         /* --fail-on-budget=SLI,... given: */
	const char *fail_on[16]; /* their lists, as typed */
	double fail_below;       /* --fail-below PCT, as a fraction */
	int has_width;           /* --width given */
	int width; /* --width: columns for the table, 0 unlimited */
};

/*
 * Every option of every command, one id each. The ids are in the order of
 * cli_opts[] (sorted by long name) and start past every short letter and
 * getopt's '?', so an id is never a letter and no two options share one.
 */
enum opt_id {
	OPT_AT = 256,       /* --at TIME */
	OPT_BY,             /* --by hour|day|week|month|quarter */
	OPT_BY_ENDPOINT,    /* --by-endpoint */
	OPT_FAIL_BELOW,     /* --fail-below PCT */
	OPT_FAIL_ON_BUDGET, /* --fail-on-budget[=SLI,...] */
	OPT_FORMAT,         /* --format auto|nginx|rails|lograge|json */
	OPT_FROM_START,     /* tail --from-start */
	OPT_GROUP_BY,       /* routes --group-by route|action|path */
	OPT_HELP,           /* -h, --help */
	OPT_INTERVAL,       /* tail --interval DUR */
	OPT_JOBS,           /* -j, --jobs N */
	OPT_LISTEN,         /* tail --listen ADDR:PORT */
	OPT_LOG_FORMAT,     /* --log-format STR */
	OPT_MAX_ENDPOINTS,  /* routes --max-endpoints N */
	OPT_OUT,            /* prometheus-rules --out FILE */
	OPT_OUTPUT,         /* -o, --output table|json|csv|markdown */
	OPT_QUIET,          /* -q, --quiet */
	OPT_RULES,          /* -r, --rules FILE */
	OPT_SAVE_STATE,     /* --save-state FILE */
	OPT_SINCE,          /* --since TIME */
	OPT_STATE,          /* tail --state FILE */
	OPT_SUGGEST,        /* routes --suggest */
	OPT_TEXTFILE,       /* tail --textfile PATH */
	OPT_TOP,            /* --top N */
	OPT_TZ,             /* --tz ZONE */
	OPT_UNTIL,          /* --until TIME */
	OPT_WIDTH,          /* --width N */
	OPT_WINDOW,         /* tail --window DUR[,DUR] */
	OPT_END_            /* one past the last id */
};

/* One option: cli_opts[id - OPT_AT] (cli_opts.c). */
struct cli_opt {
	const char *name; /* the long name, without "--" */
	char letter;      /* the short letter, or 0 */
	char arg;         /* 1: takes an argument; 2: may take one, as
	                     --name=ARG (the option's arg is NULL without) */
	enum opt_id id;
	const char *def; /* the default, as typed on the command line, applied
	                    before the command line; NULL: none */
};

extern const struct cli_opt cli_opts[];
extern const int cli_nopts;

/* The option named name (no "--"), found by bsearch; NULL if none. */
const struct cli_opt *cli_opt_find(const char *name);

/* The option with this id. */
const struct cli_opt *cli_opt_get(enum opt_id id);

/* A command's options: the ids it takes, and what applies one. */
struct cli_spec {
	const char *name;       /* for "Try 'slicalc NAME --help'." */
	const char *usage;      /* printed by -h, --help */
	const enum opt_id *ids; /* the options it takes (OPT_HELP too) */
	int nids;
	/* Apply option id with its argument (NULL for a flag) to ctx.
	 * Returns 1 if applied, 0 if it is not one of the command's, -1
	 * after saying what is wrong with arg. */
	int (*apply)(enum opt_id id, const char *arg, void *ctx);
};

/*
 * Parse the options of argv (argv[0] is the command's name) for spec:
 * first the defaults of the options it takes, then the command line,
 * in order, through spec->apply. An option it does not take is
 * getopt_long's message and the hint to see --help. Returns the index of
 * the first operand (at least 1); 0 after printing the usage (-h): exit
 * 0; -1 after saying what is wrong: exit EXIT_USAGE.
 */
int cli_parse(const struct cli_spec *spec, int argc, char **argv, void *ctx);

/* arg as a whole number from lo to hi into *out: 0, or -1 (nothing
 * said) when it is not one: the caller names the option. */
int cli_int(const char *arg, long lo, long hi, int *out);

/* Defaults of report_opts that are no option's text: -j is the number of
 * CPUs, and no --format given. */
void cli_opts_init(struct report_opts *o);

/*
 * Apply option id (one report, merge, backtest, prometheus-rules and
 * tail share) with argument arg to o, a struct report_opts. Returns 1 if
 * id is such an option, 0 if not, -1 after printing why arg is wrong.
 */
int cli_common_option(enum opt_id id, const char *arg, void *o);

/*
 * Load the rules (-r, or the embedded ones) and compile the nginx format
 * (--log-format, the rules' log_format, or the default), applying
 * --format. Prints what is wrong and returns -1 on error.
 */
int cli_load_rules(const struct report_opts *o, rules_t **rules,
                   nginx_fmt_t **fmt);

struct run;
struct model;

/* Print the report model m as -o asks: CSV, the JSON report, or the table
 * with the unparsed lines named on standard error (unless -q). */
void cli_output(const struct model *m, const struct report_opts *o);

/*
 * --save-state "-": the state goes to standard output in place of the
 * report. cli_state_stdout_check says, before anything is read, why it
 * cannot (a terminal; -o given too), returning -1; cli_save_state writes
 * run's state to o->save_state ("-" or a file). Both return 0, or -1
 * having said why.
 */
int cli_state_stdout_check(const struct report_opts *o);
int cli_save_state(const struct run *run, const struct report_opts *o);

/* The columns the table fits in: --width when given; else on a terminal
 * COLUMNS when set, else the terminal's width; else (piped) 0, unlimited,
 * so that scripts see every column whatever the terminal. */
int cli_table_width(const struct report_opts *o);

/* The terminal's lines (LINES when set), or 0 when standard output is
 * no terminal: tail's live view fits in them. */
int cli_table_height(void);

/* Read the FILE arguments into run (none: standard input), with -j and
 * a progress line on a terminal (inputs.c). */
void cli_read_inputs(struct run *run, char **files, int nfiles,
                     const struct report_opts *o);

/* Under a table: the first unparsed lines as file:line (unless -q). */
void cli_unparsed_notes(const struct run *run, const struct report_opts *o);

/* After the output: the files that could not be read, and notes about
 * files where nothing was recognised (unless -q). */
void cli_input_notes(const struct model *m, const struct report_opts *o);

/* The requests a pattern could not decide (a PCRE2 limit): the first
 * ones as file:line and the count. Errors: printed even with -q. */
void cli_match_error_notes(const struct run *run);

/* Notes on standard error about SLIs (the model's warnings), unless -q;
 * cli_input_notes() ends with them. */
void cli_sli_notes(const struct model *m, const struct report_opts *o);

/* Every SLI --fail-on-budget=SLI,... names is one of r's, or say which
 * is not (listing the SLIs) and return -1: a usage error. */
int cli_budget_check(const rules_t *r, const struct report_opts *o);

/* With --fail-on-budget or --fail-below: name on standard error every SLO
 * of the SLIs gated (all, or those named) whose error budget in the
 * model (judged at run->at: cli_apply_times before model_new) is spent,
 * or has less than --fail-below left, and return EXIT_BUDGET if there is
 * one; else EXIT_OK_. Budgets with nothing to judge are noted, never
 * failed. */
int cli_budget_exit(const struct model *m, const struct report_opts *o);

/* Set run->since, until and at from --since, --until and --at. */
void cli_apply_times(struct run *run, const struct report_opts *o);

/* --since before --until, or print why not and return -1. */
int cli_check_times(const struct report_opts *o);

/* Check --by/--tz/-o csv go together and make run keep the series.
 * Prints what is wrong and returns -1. */
int cli_apply_series(struct run *run, struct report_opts *o);

/* A time given on the command line: "2026-11-01" (UTC midnight) or ISO
 * 8601 with a zone. Returns 0 and sets *epoch, or -1. */
int cli_parse_time(const char *s, int64_t *epoch);

/* Seconds on a monotonic clock (timing), and on the wall clock. */
double cli_now(void);
double cli_wall(void);

/* The tail (tail.c), merge (merge.c), prometheus-rules (promrules.c)
 * and backtest (backtest.c) commands. */
extern const char tail_usage[];
int cmd_tail(int argc, char **argv);
extern const char merge_usage[];
int cmd_merge(int argc, char **argv);
extern const char promrules_usage[];
int cmd_promrules(int argc, char **argv);
extern const char backtest_usage[];
int cmd_backtest(int argc, char **argv);
/* The workshop: routes (routes.c: the endpoints there are, --suggest a
 * starter rules file) and check (check.c: lint and try the rules). */
extern const char routes_usage[];
int cmd_routes(int argc, char **argv);
extern const char check_usage[];
int cmd_check(int argc, char **argv);

#endif
