/*
 * replay.c - runs a fuzz target's entry point over saved inputs, so the
 * seed corpus and every past crash are replayed by `make test` with any
 * compiler (and under ASan+UBSan), without libFuzzer. As zstd's
 * tests/fuzz/regression_driver.c does.
 *
 * The targets check their results (tests/fuzz/invariants.h) and abort on
 * a wrong one; here an input also fails when the entry point returns
 * anything but 0 (libFuzzer's contract). Every input is run; the last
 * line, "replay_NAME: N inputs, N failed", is what tests/run.sh compares
 * with the number of files in the corpus.
 *
 * Usage: replay_NAME FILE...   (exit 1 if a file cannot be read or an
 * input failed; an abort ends the program with SIGABRT)
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	const char *name = strrchr(argv[0], '/');
	name = name ? name + 1 : argv[0];
	int failed = 0;
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		if (!f) {
			perror(argv[i]);
			failed++;
			continue;
		}
		size_t cap = 1 << 16, n = 0;
		uint8_t *buf = malloc(cap);
		size_t got;
		while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
			n += got;
			if (n == cap)
				buf = realloc(buf, cap *= 2);
		}
		int err = ferror(f);
		fclose(f);
		if (!buf || err) {
			fprintf(stderr, "%s: cannot read\n", argv[i]);
			free(buf);
			failed++;
			continue;
		}
		int rc = LLVMFuzzerTestOneInput(buf, n);
		free(buf);
		if (rc != 0) {
			fprintf(stderr, "%s: the target returned %d\n", argv[i],
			        rc);
			failed++;
		}
	}
	printf("%s: %d inputs, %d failed\n", name, argc - 1, failed);
	return failed ? 1 : 0;
}
