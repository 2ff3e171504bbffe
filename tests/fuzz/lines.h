/*
 * lines.h - the line loop the line-parser fuzz targets share: split the
 * input at newlines and hand each line (without it) to fn.
 */
#ifndef SLICALC_FUZZ_LINES_H
#define SLICALC_FUZZ_LINES_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline void each_line(const uint8_t *data, size_t size,
                             void (*fn)(void *ctx, const char *p, size_t n),
                             void *ctx)
{
	const char *q = (const char *)data, *end = q + size;
	while (q < end) {
		const char *nl = memchr(q, '\n', (size_t)(end - q));
		size_t n = nl ? (size_t)(nl - q) : (size_t)(end - q);
		fn(ctx, q, n);
		q += n + 1;
	}
}

#endif
