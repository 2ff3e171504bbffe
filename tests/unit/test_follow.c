/*
 * test_follow.c - tail -F without a clock: lines appended are handed out
 * once each, a half line waits for its newline, a file that appears late
 * is read from its beginning, rename-and-create reads the rest of the
 * old file before the new one, copytruncate starts again at the new
 * beginning, and a saved position resumes exactly. Every expected line
 * is written here by hand; nothing sleeps (follow_poll reads what is
 * there).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "follow.h"

static char dir[] = "/tmp/slicalc-test-follow-XXXXXX";

/* The lines handed out, joined by '|'. */
struct seen {
	char text[512];
};

static void on_line(void *ctx, const char *p, size_t n, unsigned flags)
{
	struct seen *s = ctx;
	(void)flags;
	size_t k = strlen(s->text);
	snprintf(s->text + k, sizeof(s->text) - k, "%s%.*s", k ? "|" : "",
	         (int)n, p);
}

static const char *poll_all(follower_t *f)
{
	static struct seen s;
	s.text[0] = '\0';
	follow_poll(f, on_line, &s);
	return s.text;
}

static void append(const char *path, const char *text)
{
	FILE *f = fopen(path, "a");
	fputs(text, f);
	fclose(f);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	char path[256], old[256];
	snprintf(path, sizeof(path), "%s/a.log", dir);
	snprintf(old, sizeof(old), "%s/a.log.1", dir);

	/* not there yet: waited for, then read from its beginning */
	follower_t *f = follow_open(path, 0);
	CHECK_STR(poll_all(f), "");
	CHECK_STR(follow_error(f), "");
	append(path, "one\ntwo\n");
	CHECK_STR(poll_all(f), "one|two");
	CHECK_STR(poll_all(f), "");

	/* a half line waits for its newline */
	append(path, "thr");
	CHECK_STR(poll_all(f), "");
	append(path, "ee\r\nfour\n");
	CHECK_STR(poll_all(f), "three|four");

	/* rename and create: the old file's rest first, then the new one */
	append(path, "five\n");
	CHECK_INT(rename(path, old), 0);
	append(old, "six\n"); /* nginx still writing until USR1 */
	append(path, "seven\n");
	CHECK_STR(poll_all(f), "five|six|seven");

	/* a saved position resumes just past the last line handed out,
	 * never inside a half line read but not handed out */
	append(path, "eig");
	CHECK_STR(poll_all(f), "");
	follow_pos_t pos;
	follow_position(f, &pos);
	CHECK_INT(pos.valid, 1);
	CHECK_INT(pos.offset, 6); /* "seven\n" */
	follow_close(f);
	append(path, "ht\n");
	char note[256] = "";
	f = follow_resume(path, &pos, note, sizeof(note));
	CHECK_STR(poll_all(f), "eight");
	CHECK_STR(note, "");

	/* copytruncate: emptied, then written again from the start */
	CHECK_INT(truncate(path, 0), 0);
	append(path, "nine\n");
	CHECK_STR(poll_all(f), "nine");
	/* ... and when the new writes outgrow the old offset before the
	 * next look, the file's first bytes tell it was truncated */
	CHECK_INT(truncate(path, 0), 0);
	append(path, "NINE-A\nNINE-B\n");
	CHECK_STR(poll_all(f), "NINE-A|NINE-B");
	CHECK_INT(truncate(path, 0), 0);
	append(path, "nine\n");
	CHECK_STR(poll_all(f), "nine");
	follow_close(f);

	/* started at the end of what is there */
	f = follow_open(path, 0);
	CHECK_STR(poll_all(f), "");
	append(path, "ten\n");
	CHECK_STR(poll_all(f), "ten");
	follow_close(f);
	f = follow_open(path, 1); /* --from-start */
	CHECK_STR(poll_all(f), "nine|ten");
	follow_close(f);

	/* saved while no file was there: what comes later is read whole
	 * after the restart (a position with inode 0, not "no position") */
	char later[300];
	snprintf(later, sizeof(later), "%s/later.log", dir);
	f = follow_open(later, 0);
	CHECK_STR(poll_all(f), "");
	follow_position(f, &pos);
	CHECK_INT(pos.valid, 1);
	CHECK_INT(pos.ino, 0);
	follow_close(f);
	append(later, "new\n");
	note[0] = 'x';
	f = follow_resume(later, &pos, note, sizeof(note));
	CHECK_STR(poll_all(f), "new");
	CHECK_STR(note, "");
	follow_close(f);

	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return CHECK_DONE("test_follow");
}
