/*
 * fuzz_reader.c - the reader on arbitrary bytes: plain text, and (when
 * the input starts with the gzip or zstd magic) inflation with its
 * member/frame, padding, truncation and corruption handling; xz, bzip2
 * and lz4 refused. The reader takes a path,
 * so the input goes through a temporary file. Plain input must come back
 * exactly as its lines.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "invariants.h"
#include "reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/slicalc-fuzz-reader-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);

	/* xz, bzip2 and lz4 are refused by name; everything else opens */
	int refused = (size >= 6 && memcmp(data,
	                                   "\xfd"
	                                   "7zXZ\0",
	                                   6) == 0) ||
	              (size >= 4 && memcmp(data, "BZh", 3) == 0 &&
	               data[3] >= '1' && data[3] <= '9') ||
	              (size >= 4 && memcmp(data, "\x04\x22\x4d\x18", 4) == 0);
	char err[256];
	reader_t *r = reader_open(path, err, sizeof(err));
	FUZZ_ASSERT((r == NULL) == refused);
	if (!r) {
		FUZZ_ASSERT(strstr(err, "-compressed") != NULL);
		unlink(path);
		return 0;
	}
	/* Plain input (no gzip or zstd magic) must come back line by line
	 * exactly as splitting it at '\n' gives it (a last line without its
	 * newline included, one '\r' before a newline removed), then
	 * READER_EOF. */
	int plain = !(size >= 2 && data[0] == 0x1f && data[1] == 0x8b) &&
	            !(size >= 4 && memcmp(data, "\x28\xb5\x2f\xfd", 4) == 0);
	const char *q = (const char *)data, *end = q + size;
	slice_t line;
	unsigned flags;
	int rc;
	while ((rc = reader_next(r, &line, &flags)) == READER_LINE) {
		FUZZ_ASSERT(line.n == 0 || line.p != NULL);
		if (!plain)
			continue;
		FUZZ_ASSERT(q < end && flags == 0);
		const char *nl = memchr(q, '\n', (size_t)(end - q));
		size_t n = nl ? (size_t)(nl - q) : (size_t)(end - q);
		if (n > 0 && q[n - 1] == '\r')
			n--;
		FUZZ_ASSERT(line.n == n && memcmp(line.p, q, n) == 0);
		q = nl ? nl + 1 : end;
	}
	if (plain)
		FUZZ_ASSERT(rc == READER_EOF && q == end);
	reader_close(r);
	unlink(path);
	return 0;
}
