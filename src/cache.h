/*
 * cache.h - a small on-disk cache of blobs named by a SHA-256 key: what
 * is costly to make and a pure function of its key (compiled Hyperscan
 * databases, multimatch.c) kept between runs.
 *
 * A file is DIR/TAG-<64 hex digits of the key>: a header (magic, the
 * key, the payload's size and SHA-256) then the payload. It is written
 * to a temporary name and renamed, so a reader sees a whole file or none,
 * and read back only if every check holds: a truncated, damaged or
 * foreign file is reported as such, never trusted. The directory keeps
 * at most CACHE_KEEP files of a tag, the least recently used going
 * first. Nothing here prints; the functions return what happened.
 */
#ifndef SLICALC_CACHE_H
#define SLICALC_CACHE_H

#include <stddef.h>

#include "digest.h"

/* Files of one tag kept in a directory at most (cache_put prunes). */
#define CACHE_KEEP 32

/* A payload larger than this is neither written nor read. */
#define CACHE_MAX_BYTES ((size_t)256 << 20)

/*
 * The payload of TAG's file for key in dir into *data (malloc'd, the
 * caller frees) and *n. Returns 1 (and marks the file used, for the
 * pruning), 0 when there is no such file or it cannot be read, -1 when
 * the file is there but fails a check (size, magic, key, checksum):
 * the caller makes the payload afresh and puts it again.
 */
int cache_get(const char *dir, const char *tag,
              const unsigned char key[DIGEST_LEN], void **data, size_t *n);

/*
 * Store n bytes under key: dir (and its parents) made as needed (mode
 * 0700), a temporary file beside the target renamed over it, then the
 * tag's oldest files beyond CACHE_KEEP removed. 0, or -1 with errno set
 * (the directory cannot be made or written, no space, too large).
 */
int cache_put(const char *dir, const char *tag,
              const unsigned char key[DIGEST_LEN], const void *data, size_t n);

#endif
