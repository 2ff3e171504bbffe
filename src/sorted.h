/*
 * sorted.h - an array of structs kept sorted by an int64_t key that is
 * each element's first member: the binary search and the insert shared
 * by series.c (periods by start) and timeline.c (day blocks by day).
 * Both look up the element they used last before searching, so neither
 * runs per line while logs come in time order.
 */
#ifndef SLICALC_SORTED_H
#define SLICALC_SORTED_H

#include <stddef.h>
#include <stdint.h>

/*
 * The index of the first of the n elements (size bytes each) at a whose
 * key is >= key, n if none; *found is 1 when that element's key is key,
 * else 0.
 */
size_t sorted_find(const void *a, size_t n, size_t size, int64_t key,
                   int *found);

/*
 * Insert a zeroed element with key at index at (from sorted_find) into
 * the n elements at a, growing the allocation (*cap elements, doubled,
 * 8 at first). Returns the array, which may have moved; *n grows by one.
 */
void *sorted_insert(void *a, size_t *n, size_t *cap, size_t size, size_t at,
                    int64_t key);

#endif
