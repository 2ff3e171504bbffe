/*
 * logprefix.h - what Ruby apps put in front of a message: a syslog or
 * Heroku prefix, the Ruby Logger prefix ("I, [2014-05-06T14:05:25.182820
 * #29544]  INFO -- : "), and ActiveSupport::TaggedLogging tags
 * ("[9b575bd1-...] "). Rails and lograge lines share them.
 */
#ifndef SLICALC_LOGPREFIX_H
#define SLICALC_LOGPREFIX_H

#include <stddef.h>

#include "util.h"

typedef struct logline {
	slice_t msg;  /* the message, leading spaces removed */
	slice_t tags; /* "[a] [b]" or empty */
	slice_t pid;  /* process: Logger or syslog pid, Heroku dyno; or empty */
	slice_t time; /* the Logger timestamp, or empty */
} logline_t;

/* Split line p[0..n) into its parts. Never fails: a line with no prefix
 * is all message. */
void logprefix_split(const char *p, size_t n, logline_t *out);

/* 1 if s starts with the NUL-terminated word w. */
static inline int starts_with(slice_t s, const char *w)
{
	size_t i = 0;
	for (; w[i]; i++)
		if (i >= s.n || s.p[i] != w[i])
			return 0;
	return 1;
}

#endif
