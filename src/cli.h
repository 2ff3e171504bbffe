/*
 * cli.h - what the commands share: messages, exit codes, the options
 * `report` and `tail` have in common, loading the rules, clocks.
 *
 * The command-line layer (main.c, tail.c, cli.c) is the only code that
 * prints to the user or exits. Every message goes through errorf()
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
};

__attribute__((format(printf, 1, 2))) void errorf(const char *fmt, ...);

/* The library's fatal handler (util_set_fatal): says msg and aborts. */
__attribute__((noreturn)) void cli_fatal(const char *msg);

/* Options of report and tail. */
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
	int has_by;           /* --by given */
	int by_endpoint;      /* --by-endpoint */
	series_spec_t by;     /* --by, and --tz when not UTC */
	const char *tz;       /* --tz */
	int has_at;           /* --at given */
	int64_t at;           /* --at: evaluate SLOs at this instant */
	int fail_on_budget;   /* --fail-on-budget */
};

/* The short options common to report and tail, for getopt_long. */
enum common_opt {
	OPT_FORMAT = 'F',
	OPT_LOG_FORMAT = 'L',
	OPT_OUTPUT = 'o',
	OPT_QUIET = 'q',
	OPT_RULES = 'r',
	OPT_TOP = 'T',
	OPT_AT = 'A',          /* --at TIME */
	OPT_SINCE = 's',       /* --since TIME */
	OPT_JOBS = 'j',        /* -j N */
	OPT_BY = 'Y',          /* --by hour|day|week|month|quarter */
	OPT_TZ = 'Z',          /* --tz ZONE */
	OPT_BY_ENDPOINT = 'E', /* --by-endpoint */
	OPT_UNTIL = 'u',       /* --until TIME */
	OPT_FAIL_BUDGET = 'B', /* --fail-on-budget */
};

/*
 * Apply option c (one of enum common_opt) with argument arg to o.
 * Returns 1 if c is a common option, 0 if not, -1 after printing why arg
 * is wrong.
 */
int cli_common_option(int c, const char *arg, struct report_opts *o);

/*
 * Load the rules (-r, or the embedded ones) and compile the nginx format
 * (--log-format, the rules' log_format, or the default), applying
 * --format. Prints what is wrong and returns -1 on error.
 */
int load_rules(const struct report_opts *o, rules_t **rules, nginx_fmt_t **fmt);

struct run;

/* Print run as -o asks: the JSON report, or the table with the unparsed
 * lines named on standard error (unless -q). */
void cli_output(const struct run *run, const struct report_opts *o);

/* Read the FILE arguments into run (none: standard input), with -j and
 * a progress line on a terminal (inputs.c). */
void cli_read_inputs(struct run *run, char **files, int nfiles,
                     const struct report_opts *o);

/* Under a table: the first unparsed lines as file:line (unless -q). */
void cli_unparsed_notes(const struct run *run, const struct report_opts *o);

/* After the output: the files that could not be read, and notes about
 * files where nothing was recognised (unless -q). */
void cli_input_notes(const struct run *run, const struct report_opts *o);

/* The requests a pattern could not decide (a PCRE2 limit): the first
 * ones as file:line and the count. Errors: printed even with -q. */
void cli_match_error_notes(const struct run *run);

/* Notes on standard error about SLIs (see report_warnings), unless -q;
 * cli_input_notes() ends with them. */
void cli_sli_notes(const struct run *run, const struct report_opts *o);

/* With --fail-on-budget: name every SLO whose error budget is spent on
 * standard error and return EXIT_BUDGET if there is one; else EXIT_OK_.
 * run->at must be set (cli_apply_at). */
int cli_budget_exit(const struct run *run, const struct report_opts *o);

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
double now(void);
double wall(void);

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

#endif
