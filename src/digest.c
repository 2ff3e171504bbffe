/*
 * digest.c - SHA-256 by nettle (see digest.h): the cache's one name for
 * it, so the call sites need not know the library's argument order.
 */
#include "digest.h"

void digest_init(digest_t *c)
{
	sha256_init(c);
}

void digest_add(digest_t *c, const void *p, size_t n)
{
	sha256_update(c, n, (const uint8_t *)p);
}

void digest_end(digest_t *c, unsigned char out[DIGEST_LEN])
{
	sha256_digest(c, DIGEST_LEN, out);
}

void digest_of(const void *p, size_t n, unsigned char out[DIGEST_LEN])
{
	digest_t c;
	digest_init(&c);
	digest_add(&c, p, n);
	digest_end(&c, out);
}
