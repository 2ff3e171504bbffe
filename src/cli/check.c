/*
 * check.c - the `slicalc check` command (being written: see issue 11).
 */
#include <stdio.h>

#include "cli.h"

const char check_usage[] =
    "Usage: slicalc check -r RULES [OPTIONS] [FILE...]\n";

int cmd_check(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	errorf("check: not yet");
	return EXIT_USAGE;
}
