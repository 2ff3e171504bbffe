/*
 * route.h - a request's endpoint key, by the SLI's group_by.
 *
 * route: "METHOD /normalised/path", where a path segment of digits becomes
 * ":id", a UUID ":uuid" and a hex string of 16 or more characters ":hex";
 * in a segment these leave alone, a token (a maximal run of ASCII letters
 * and digits between "-", ".", "_", "~" or the segment's ends; one that
 * touches any other byte does not count) of 8 or more characters with a
 * digit, all hex or mixing upper and lower case, becomes ":hash"
 * (application-3f2ae1b4.css, main.3f2ae1b4.chunk.js, index-BkX3a9Zq.js);
 * path: "METHOD /raw/path"; a request with no usable method or path (empty,
 * "-", TLS bytes) gets the key "(invalid request)". action: the Rails
 * "Controller#action", or "(no action)" when the log does not say.
 */
#ifndef SLICALC_ROUTE_H
#define SLICALC_ROUTE_H

#include <stddef.h>
#include <stdint.h>

#include "request.h"

enum group_by { GROUP_ROUTE = 0, GROUP_PATH, GROUP_ACTION, GROUP_NONE };

#define ROUTE_INVALID   "(invalid request)"
#define ROUTE_NO_ACTION "(no action)"
#define ROUTE_MAX       512 /* longest key; longer keys are cut */

/*
 * Write req's key into buf (cap bytes, at least 32) and return its length
 * (not terminated). Keys longer than cap are cut at cap bytes.
 */
size_t route_key(const request_t *req, enum group_by g, char *buf, size_t cap);

/*
 * A memo of recent keys, because most lines repeat a (method, path) seen
 * moments ago: a hit costs one hash and one compare of the raw text
 * instead of normalising and hashing the key. Fixed size (about 1 MiB);
 * one per thread.
 */
typedef struct route_cache route_cache_t;

route_cache_t *route_cache_new(void);
void route_cache_free(route_cache_t *c);

/*
 * req's key as route_key() gives it, with its hash_bytes() hash, through
 * the cache. *key points into the cache or into buf (ROUTE_MAX bytes) and
 * stays valid until the next call. Returns the key's length.
 */
size_t route_key_cached(route_cache_t *c, const request_t *req, enum group_by g,
                        char *buf, const char **key, uint64_t *hash);

/* The name of a group_by as the rules spell it ("route", "path",
 * "action", "none"). */
const char *route_group_name(enum group_by g);

/* The normalised form of a path alone (exposed for tests). */
size_t route_normalise(const char *path, size_t n, char *buf, size_t cap);

#endif
