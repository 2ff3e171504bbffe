/*
 * lines.c - the line splitter (see lines.h): one memchr per line.
 */
#include "lines.h"

#include <string.h>

int lines_next(lines_t *ls, const char *p, size_t n, int final, slice_t *line,
               unsigned *flags, size_t *used)
{
	const char *nl = n ? memchr(p, '\n', n) : NULL;
	size_t len = nl ? (size_t)(nl - p) : n;
	*flags = 0;
	if (!nl && !final) {
		*used = 0;
		if (ls->skipping || n > LINES_MAX + 1) {
			ls->skipping = 1; /* no line of at most LINES_MAX */
			*used = n;
		}
		return 0;
	}
	if (!nl && n == 0 && !ls->skipping) {
		*used = 0;
		return 0; /* the end */
	}
	*used = nl ? len + 1 : n;
	if (len > 0 && p[len - 1] == '\r')
		len--;
	if (ls->skipping || len > LINES_MAX) {
		ls->skipping = 0;
		*line = SLICE_EMPTY;
		*flags = LINES_LONG;
		return 1;
	}
	*line = (slice_t){p, len};
	return 1;
}
