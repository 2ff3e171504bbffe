/*
 * test_cli_opts.c - the option table (cli_opts.c): sorted by name, one
 * row per id in the order of enum opt_id, every id and short letter
 * once, found by bsearch; and cli_parse(): defaults first, an option the
 * command does not list refused, the first operand returned.
 * tests/cli/options.sh checks which command takes which option.
 */
#include "check.h"
#include "cli.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static void test_table(void)
{
	CHECK_INT(cli_nopts, OPT_END_ - OPT_AT);
	for (int i = 0; i < cli_nopts; i++) {
		const struct cli_opt *r = &cli_opts[i];
		CHECK_MSG((int)r->id == OPT_AT + i, "row %d (%s) has id %d", i,
		          r->name, (int)r->id);
		CHECK(r->id > 255); /* never a letter nor getopt's '?' */
		if (i > 0)
			CHECK_MSG(strcmp(cli_opts[i - 1].name, r->name) < 0,
			          "'%s' before '%s'", cli_opts[i - 1].name,
			          r->name);
		CHECK(cli_opt_find(r->name) == r);
		CHECK(cli_opt_get(r->id) == r);
		CHECK(r->name[0] != '\0' && r->name[0] != '-');
		CHECK(!r->def || r->arg); /* a default is an argument */
		for (int k = 0; k < i; k++) {
			CHECK(cli_opts[k].id != r->id);
			CHECK_MSG(!r->letter || cli_opts[k].letter != r->letter,
			          "-%c twice", r->letter);
		}
	}
	CHECK(cli_opt_find("s") == NULL);
	CHECK(cli_opt_find("zzz") == NULL);
	CHECK(cli_opt_find("") == NULL);
	CHECK_STR(cli_opt_get(OPT_STATE)->name, "state");
	CHECK_STR(cli_opt_get(OPT_SINCE)->name, "since");
	CHECK_INT(cli_opt_get(OPT_JOBS)->letter, 'j');
	CHECK_STR(cli_opt_get(OPT_TOP)->def, "20");
}

/* A command that takes --top, --since, -q, --help and --fail-on-budget
 * (an optional argument), and records what it was given. */
struct seen {
	int n;
	enum opt_id id[8];
	const char *arg[8];
};

static int seen_apply(enum opt_id id, const char *arg, void *ctx)
{
	struct seen *s = ctx;
	if (s->n < 8) {
		s->id[s->n] = id;
		s->arg[s->n] = arg;
	}
	s->n++;
	return arg && strcmp(arg, "bad") == 0 ? -1 : 1;
}

static const enum opt_id test_ids[] = {OPT_TOP, OPT_SINCE, OPT_QUIET, OPT_HELP,
                                       OPT_FAIL_ON_BUDGET};
static const struct cli_spec test_spec = {"test", "", test_ids, 5, seen_apply};

/* Parse a copy of argv (getopt_long permutes it, and it writes nothing
 * into the strings, but they are not const in its prototype). */
static int parse(struct seen *s, int argc, const char **argv)
{
	char *copy[8], *keep[8];
	for (int i = 0; i < argc; i++)
		keep[i] = copy[i] = xstrdup(argv[i]);
	copy[argc] = NULL;
	memset(s, 0, sizeof(*s));
	int r = cli_parse(&test_spec, argc, copy, s);
	/* an argument seen points into the copy (--top=3: after the '='):
	 * point it into argv for the checks */
	for (int k = 0; k < s->n && k < 8; k++)
		for (int i = 0; i < argc; i++)
			if (s->arg[k] >= keep[i] &&
			    s->arg[k] <= keep[i] + strlen(keep[i]))
				s->arg[k] = argv[i] + (s->arg[k] - keep[i]);
	for (int i = 0; i < argc; i++)
		free(keep[i]);
	return r;
}

static void test_parse(void)
{
	struct seen s;

	const char *a1[] = {"test", "-q", "--since", "2024-01-01", "f", NULL};
	CHECK_INT(parse(&s, 5, a1), 4);
	CHECK_INT(s.n, 3);
	CHECK(s.id[0] == OPT_TOP); /* the default, first */
	CHECK_STR(s.arg[0], "20");
	CHECK(s.id[1] == OPT_QUIET);
	CHECK(s.arg[1] == NULL);
	CHECK(s.id[2] == OPT_SINCE);
	CHECK_STR(s.arg[2], "2024-01-01");

	/* an abbreviation among the command's options only: --s is --since
	 * here (--state and --save-state are not the command's) */
	const char *a2[] = {"test", "--s", "x", "--top=3", NULL};
	CHECK_INT(parse(&s, 4, a2), 4);
	CHECK_INT(s.n, 3);
	CHECK(s.id[1] == OPT_SINCE);
	CHECK(s.id[2] == OPT_TOP);
	CHECK_STR(s.arg[2], "3");

	/* options the command does not take: refused, nothing applied */
	const char *a3[] = {"test", "--state", "x", NULL};
	CHECK_INT(parse(&s, 3, a3), -1);
	CHECK_INT(s.n, 1); /* the default only */
	const char *a4[] = {"test", "-j", "2", NULL};
	CHECK_INT(parse(&s, 3, a4), -1);
	const char *a5[] = {"test", "--since", NULL};
	CHECK_INT(parse(&s, 2, a5), -1); /* no argument */

	/* a wrong argument stops; help stops with 0 */
	const char *a6[] = {"test", "--top", "bad", "-q", NULL};
	CHECK_INT(parse(&s, 4, a6), -1);
	CHECK_INT(s.n, 2);
	const char *a7[] = {"test", "-h", "--bogus", NULL};
	CHECK_INT(parse(&s, 3, a7), 0);
	const char *a8[] = {"test", NULL};
	CHECK_INT(parse(&s, 1, a8), 1);

	/* an optional argument is attached with '=' only: a word after the
	 * bare option is an operand */
	const char *a9[] = {"test", "--fail-on-budget", "f",
	                    "--fail-on-budget=a,b", NULL};
	CHECK_INT(parse(&s, 4, a9), 3);
	CHECK_INT(s.n, 3);
	CHECK(s.id[1] == OPT_FAIL_ON_BUDGET && s.arg[1] == NULL);
	CHECK(s.id[2] == OPT_FAIL_ON_BUDGET);
	CHECK_STR(s.arg[2], "a,b"); /* and "f" permuted to the end: 3 */
}

int main(void)
{
	test_table();
	test_parse();
	return CHECK_DONE("cli_opts");
}
