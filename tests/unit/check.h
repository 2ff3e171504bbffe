/*
 * check.h - the unit-test harness: CHECK() records a pass or a failure
 * (with file:line and the expression), and CHECK_DONE() prints the closing
 * "N passed, N failed" line and gives the exit status. One test program
 * per module, built and run by `make test`.
 */
#ifndef SLICALC_CHECK_H
#define SLICALC_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_pass, check_fail;

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (cond) {                                                    \
			check_pass++;                                          \
		} else {                                                       \
			check_fail++;                                          \
			fprintf(stderr, "%s:%d: FAIL: %s\n", __FILE__,         \
			        __LINE__, #cond);                              \
		}                                                              \
	} while (0)

#define CHECK_MSG(cond, ...)                                                   \
	do {                                                                   \
		if (cond) {                                                    \
			check_pass++;                                          \
		} else {                                                       \
			check_fail++;                                          \
			fprintf(stderr, "%s:%d: FAIL: %s: ", __FILE__,         \
			        __LINE__, #cond);                              \
			fprintf(stderr, __VA_ARGS__);                          \
			fputc('\n', stderr);                                   \
		}                                                              \
	} while (0)

#define CHECK_STR(got, want)                                                   \
	CHECK_MSG(strcmp((got), (want)) == 0, "got \"%s\", want \"%s\"",       \
	          (got), (want))

#define CHECK_INT(got, want)                                                   \
	CHECK_MSG((long long)(got) == (long long)(want),                       \
	          "got %lld, want %lld", (long long)(got), (long long)(want))

#define CHECK_DONE(name)                                                       \
	(printf("%s: %d passed, %d failed\n", (name), check_pass, check_fail), \
	 check_fail ? 1 : 0)

#endif
