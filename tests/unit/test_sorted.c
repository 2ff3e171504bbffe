/*
 * test_sorted.c - the sorted-array helper: keys inserted in a scrambled
 * order (negative ones too) come out ascending with their payloads, every
 * key is found where it is, and absent keys report where they would go.
 */
#include <stdlib.h>

#include "check.h"
#include "sorted.h"

struct el {
	int64_t key;
	int payload;
	char pad[20]; /* an odd size */
};

int main(void)
{
	struct el *a = NULL;
	size_t n = 0, cap = 0;
	int found;
	/* 0, 3, 6, ..., 297 minus 150: every third number in [-150, 147],
	 * inserted in the order i * 37 mod 100 */
	for (int i = 0; i < 100; i++) {
		int64_t key = (int64_t)((i * 37) % 100) * 3 - 150;
		size_t at = sorted_find(a, n, sizeof(*a), key, &found);
		CHECK(!found);
		a = sorted_insert(a, &n, &cap, sizeof(*a), at, key);
		CHECK_INT(a[at].key, key);
		CHECK_INT(a[at].payload, 0); /* zeroed */
		a[at].payload = (int)key * 2;
	}
	CHECK_INT(n, 100);
	CHECK(cap >= 100);
	int ok = 1;
	for (size_t i = 0; i < n; i++)
		ok &= a[i].key == (int64_t)i * 3 - 150 &&
		      a[i].payload == (int)a[i].key * 2;
	CHECK(ok);
	CHECK_INT(sorted_find(a, n, sizeof(*a), 0, &found), 50);
	CHECK_INT(found, 1);
	CHECK_INT(sorted_find(a, n, sizeof(*a), 1, &found), 51);
	CHECK_INT(found, 0);
	CHECK_INT(sorted_find(a, n, sizeof(*a), -1000, &found), 0);
	CHECK_INT(found, 0);
	CHECK_INT(sorted_find(a, n, sizeof(*a), 1000, &found), 100);
	CHECK_INT(found, 0);
	CHECK_INT(sorted_find(NULL, 0, sizeof(*a), 5, &found), 0);
	CHECK_INT(found, 0);
	free(a);
	return CHECK_DONE("test_sorted");
}
