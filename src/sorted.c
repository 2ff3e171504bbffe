/*
 * sorted.c - binary search and insert over int64-keyed structs (see
 * sorted.h). The key is read with memcpy, which compilers turn into one
 * load, so any struct with an int64_t first member qualifies.
 */
#include "sorted.h"

#include <string.h>

#include "util.h"

static int64_t key_at(const void *a, size_t size, size_t i)
{
	int64_t k;
	memcpy(&k, (const char *)a + i * size, sizeof(k));
	return k;
}

size_t sorted_find(const void *a, size_t n, size_t size, int64_t key,
                   int *found)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (key_at(a, size, mid) < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < n && key_at(a, size, lo) == key;
	return lo;
}

void *sorted_insert(void *a, size_t *n, size_t *cap, size_t size, size_t at,
                    int64_t key)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 8;
		a = xrealloc(a, *cap * size);
	}
	char *p = (char *)a + at * size;
	memmove(p + size, p, (*n - at) * size);
	memset(p, 0, size);
	memcpy(p, &key, sizeof(key));
	(*n)++;
	return a;
}
