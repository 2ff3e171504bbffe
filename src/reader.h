/*
 * reader.h - a path (or "-" for standard input) as a stream of lines.
 *
 * Plain text and gzip are told apart by content (the gzip magic), never by
 * name; concatenated gzip members are read whole. Data is read in large
 * blocks and cut into lines by lines.h; a line is handed out as a slice
 * of the reader's own buffer, valid until the next reader_next() call, so
 * nothing is allocated per line. Lines longer than READER_MAX_LINE are
 * skipped whole, with a flag, and the buffer never grows past that size.
 * gzip input is inflated in a thread of its own so that decompression and
 * parsing use both cores.
 */
#ifndef SLICALC_READER_H
#define SLICALC_READER_H

#include <stddef.h>
#include <stdint.h>

#include "lines.h"
#include "util.h"

#define READER_MAX_LINE LINES_MAX /* longest line handed out: 4 MiB */

typedef struct reader reader_t;

enum reader_status {
	READER_EOF = 0,  /* no more lines */
	READER_LINE = 1, /* *line holds the next line */
	READER_ERR = -1, /* read or decompression error: reader_error() */
};

/* Flags reader_next() may set alongside READER_LINE. READER_LONG: the
 * line was longer than READER_MAX_LINE; *line is empty and the text was
 * skipped. */
#define READER_LONG LINES_LONG

/*
 * Open path ("-" is standard input). Returns NULL and writes a message to
 * err (errlen bytes) when the file cannot be opened.
 */
reader_t *reader_open(const char *path, char *err, size_t errlen);

/*
 * Next line without its "\n" (and without a "\r" before it). Returns one of
 * enum reader_status. After READER_ERR the lines read so far stay valid
 * counts; further calls return READER_ERR again.
 */
int reader_next(reader_t *r, slice_t *line, unsigned *flags);

/*
 * The unread bytes buffered so far, reading ahead until there are at
 * least want (or the input ends), without consuming them: for guessing
 * the format from the first lines. *p is valid until the next call.
 */
size_t reader_peek(reader_t *r, const char **p, size_t want);

/* Number of the line last returned (1-based). */
uint64_t reader_lineno(const reader_t *r);

/* What went wrong, after READER_ERR; "" otherwise. */
const char *reader_error(const reader_t *r);

/* 1 if the input is gzip. */
int reader_is_gzip(const reader_t *r);

/* "gzip" or "zstd" for compressed input, NULL for plain. */
const char *reader_compression(const reader_t *r);

/* 1 if a plain file ended before the size it had when opened (truncated
 * while it was read: the lines past the cut were not seen), else 0. */
int reader_shrunk(const reader_t *r);

/*
 * Bytes of the underlying file consumed so far, and its size (0 if not a
 * regular file): for progress display.
 */
uint64_t reader_pos(const reader_t *r);
uint64_t reader_size(const reader_t *r);

/*
 * Size of the file if its lines can be read in parallel ranges (a plain
 * regular file that is not standard input), else 0.
 */
uint64_t reader_splittable(const reader_t *r);

/*
 * Cut a splittable file into at most parts ranges that start at line
 * starts: fills cuts[0..n] (cuts[0] = 0, cuts[n] = size; cuts must hold
 * parts + 1 values) and returns n, the number of ranges (1 if the file
 * cannot be split).
 */
int reader_split(const reader_t *r, int parts, uint64_t *cuts);

/*
 * A reader over bytes [start, end) of the file whole reads (its own
 * descriptor; whole may be closed afterwards). Line numbers count from 1
 * at start. NULL on error (message in err).
 */
reader_t *reader_open_range(const reader_t *whole, uint64_t start, uint64_t end,
                            char *err, size_t errlen);

/*
 * For parsing one stream in several threads: the next block of whole
 * lines, at least want bytes of them unless the input ends first (with
 * lines of at most READER_MAX_LINE). The block is handed over without a
 * copy: the reader's buffer becomes the caller's, and the caller's *buf
 * (capacity *cap; NULL, 0 the first time) the reader's. On READER_LINE,
 * *blk is the block inside the new *buf: lines each ending in "\n", but
 * the input's last one may not; cut them with lines_next(final 1). A
 * line longer than READER_MAX_LINE comes as a block of its own, empty,
 * with *flags READER_LONG. READER_EOF when nothing is left, READER_ERR
 * (reader_error) after the last block of a failed input. Not to be mixed
 * with reader_next() on one reader.
 */
int reader_block(reader_t *r, size_t want, char **buf, size_t *cap,
                 slice_t *blk, unsigned *flags);

/* "ISA-L" or "zlib": what this build inflates gzip with (ISA-L unless
 * built with SLICALC_NO_ISAL). */
const char *reader_gzip_library(void);

/* Close the file, stop the inflate thread and free everything. */
void reader_close(reader_t *r);

#endif
