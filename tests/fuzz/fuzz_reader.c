/*
 * fuzz_reader.c - the reader on arbitrary bytes: plain text, and (when
 * the input starts with the gzip magic) zlib inflation with its member,
 * padding, truncation and corruption handling. The reader takes a path,
 * so the input goes through a temporary file.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

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

	char err[256];
	reader_t *r = reader_open(path, err, sizeof(err));
	if (r) {
		slice_t line;
		unsigned flags;
		uint64_t bytes = 0;
		while (reader_next(r, &line, &flags) == READER_LINE)
			bytes += line.n;
		(void)bytes;
		reader_close(r);
	}
	unlink(path);
	return 0;
}
