/*
 * replay.c - runs a fuzz target's entry point over saved inputs, so the
 * seed corpus and every past crash are replayed by `make test` with any
 * compiler (and under ASan+UBSan), without libFuzzer. As zstd's
 * tests/fuzz/regression_driver.c does.
 *
 * Usage: replay_NAME FILE...   (exit 1 if a file cannot be read)
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		if (!f) {
			perror(argv[i]);
			return 1;
		}
		size_t cap = 1 << 16, n = 0;
		uint8_t *buf = malloc(cap);
		size_t got;
		while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
			n += got;
			if (n == cap)
				buf = realloc(buf, cap *= 2);
		}
		fclose(f);
		LLVMFuzzerTestOneInput(buf, n);
		free(buf);
	}
	return 0;
}
