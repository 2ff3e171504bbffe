/*
 * rss.c - run a command and record its peak resident set size (slicalc bench).
 *
 * bench/run.sh prefers GNU time (`/usr/bin/time -f %M -o FILE CMD...`) to
 * measure the peak RSS of each benchmarked command.  Where GNU time is not
 * installed (minimal containers, macOS, the BSDs) the script compiles this
 * helper instead of installing packages behind the user's back: it accepts the
 * same `-o FILE CMD [ARG...]` calling convention, runs CMD with the inherited
 * stdin/stdout/stderr, collects it with wait4() and writes ru_maxrss in KiB
 * (the unit of GNU time's %M) as one line to FILE.  Its exit status is the
 * command's, or 128+N if the command was killed by signal N, or 127 if CMD
 * could not be executed.  ru_maxrss is the same kernel counter GNU time
 * reports; it is in KiB on Linux and the BSDs but in bytes on macOS.
 */
#define _DEFAULT_SOURCE /* wait4() on glibc/musl */
#define _DARWIN_C_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct rusage ru;
	int status;
	pid_t pid;
	FILE *fp;

	if (argc < 4 || strcmp(argv[1], "-o") != 0) {
		fputs("usage: rss -o FILE CMD [ARG...]\n", stderr);
		return 2;
	}
	pid = fork();
	if (pid < 0) {
		perror("rss: fork");
		return 127;
	}
	if (pid == 0) {
		execvp(argv[3], argv + 3);
		fprintf(stderr, "rss: %s: %s\n", argv[3], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			perror("rss: wait4");
			return 127;
		}
	}
	long kib = (long)ru.ru_maxrss;
#ifdef __APPLE__
	kib /= 1024;
#endif
	fp = fopen(argv[2], "w");
	if (fp == NULL || fprintf(fp, "%ld\n", kib) < 0 || fclose(fp) != 0) {
		perror("rss: write");
		return 127;
	}
	if (WIFSIGNALED(status)) {
		return 128 + WTERMSIG(status);
	}
	return WEXITSTATUS(status);
}
