/*
 * routes.c - the `slicalc routes` command (being written: see issue 11).
 */
#include <stdio.h>

#include "cli.h"

const char routes_usage[] = "Usage: slicalc routes [OPTIONS] [FILE...]\n";

int cmd_routes(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	errorf("routes: not yet");
	return EXIT_USAGE;
}
