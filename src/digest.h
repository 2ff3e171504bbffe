/*
 * digest.h - SHA-256 through Debian's nettle (libnettle), for keys that
 * must not collide by accident: the on-disk cache of compiled Hyperscan
 * databases (cache.c, multimatch.c) names and checks its files by it.
 * Not a defence against someone who can write the cache directory. A
 * well-kept library rather than a hand-written hash: nettle is small,
 * already on most Debian systems (GnuTLS uses it), and tested upstream.
 */
#ifndef SLICALC_DIGEST_H
#define SLICALC_DIGEST_H

#include <stddef.h>

#include <nettle/sha2.h>

#define DIGEST_LEN SHA256_DIGEST_SIZE /* 32 */

typedef struct sha256_ctx digest_t;

void digest_init(digest_t *c);
void digest_add(digest_t *c, const void *p, size_t n);
/* The digest of everything added; c must be initialised again to reuse. */
void digest_end(digest_t *c, unsigned char out[DIGEST_LEN]);
/* The digest of n bytes at p. */
void digest_of(const void *p, size_t n, unsigned char out[DIGEST_LEN]);

#endif
