/*
 * sha256.h - SHA-256 (FIPS 180-4), for keys that must not collide by
 * accident: the on-disk cache of compiled Hyperscan databases (cache.c,
 * multimatch.c) names and checks its files by it. Not a defence against
 * someone who can write the cache directory.
 */
#ifndef SLICALC_SHA256_H
#define SLICALC_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN 32

typedef struct {
	uint32_t h[8];
	uint64_t len; /* bytes hashed so far */
	unsigned char buf[64];
} sha256_t;

void sha256_init(sha256_t *c);
void sha256_add(sha256_t *c, const void *p, size_t n);
/* The digest of everything added; c must be initialised again to reuse. */
void sha256_end(sha256_t *c, unsigned char out[SHA256_LEN]);
/* The digest of n bytes at p. */
void sha256(const void *p, size_t n, unsigned char out[SHA256_LEN]);

#endif
