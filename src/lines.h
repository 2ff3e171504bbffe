/*
 * lines.h - cutting a byte stream into lines, for the reader (files) and
 * the follower (tail -F) alike.
 *
 * The caller keeps the bytes; lines_next() finds the next line in the
 * unread ones and says how many it used. A line is handed out without
 * its "\n" and without a "\r" before it, as a slice of the caller's
 * bytes. A line whose text is longer than LINES_MAX is skipped whole and
 * handed out empty with LINES_LONG, whether it came in one piece or in
 * many: once the unread bytes hold more than LINES_MAX + 1 without a
 * newline, they are used (the caller drops them) and the rest of the line
 * is skipped as it comes. So a caller never needs to hold more than
 * LINES_MAX + 2 unread bytes.
 */
#ifndef SLICALC_LINES_H
#define SLICALC_LINES_H

#include <stddef.h>

#include "util.h"

#define LINES_MAX  (4u << 20) /* longest line handed out: 4 MiB */
#define LINES_LONG 1u         /* flag: the line was longer; skipped */

/* Where a stream is between calls. Zero it to start (or start again). */
typedef struct lines {
	int skipping; /* inside an over-long line */
} lines_t;

/*
 * The next line in p[0..n), the unread bytes of the stream; final: the
 * stream ends after them (a last line without a newline is a line).
 * Returns 1 with *line and *flags (0 or LINES_LONG) set, or 0 when p
 * holds no whole line (more bytes are needed, or the stream is done).
 * Either way *used is the number of bytes of p the caller is done with.
 */
int lines_next(lines_t *ls, const char *p, size_t n, int final, slice_t *line,
               unsigned *flags, size_t *used);

#endif
