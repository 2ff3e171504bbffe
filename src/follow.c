/*
 * follow.c - following files through rotation.
 *
 * Each poll reads from the current descriptor to its end, then asks
 * whether the path still names that file: a different inode means the
 * file was rotated away (read the old one to its end, then switch); a
 * file shorter than what we read, or whose first bytes changed, was
 * truncated (start again at 0). The first bytes are compared because a
 * busy log can grow past the old offset between a copytruncate and our
 * next look, which a size check alone would miss.
 */
#define _GNU_SOURCE /* inotify_init1 flags are Linux */
#include "follow.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/inotify.h>
#endif

#include "reader.h"
#include "util.h"

#define CHUNK (256u << 10)
#define HEADN 64

struct follower {
	char *path;
	int fd; /* -1: waiting for the path */
	dev_t dev;
	ino_t ino;
	uint64_t off; /* bytes read from fd */
	int from_start, opened_once;
	unsigned char head[HEADN];
	size_t headn;
	char *buf; /* a partial line, then new bytes */
	size_t cap, len;
	int skipping; /* inside an over-long line */
	int old_fd;   /* a rotated file to finish first (resume), or -1 */
	uint64_t old_off;
	char err[256];
};

follower_t *follow_open(const char *path, int from_start)
{
	follower_t *f = xcalloc(1, sizeof(*f));
	f->path = xstrdup(path);
	f->fd = -1;
	/* a file that is not there yet is all new when it comes */
	struct stat st;
	f->from_start = from_start || stat(path, &st) != 0;
	f->cap = 2 * CHUNK;
	f->buf = xmalloc(f->cap);
	f->old_fd = -1;
	return f;
}

void follow_close(follower_t *f)
{
	if (!f)
		return;
	if (f->fd >= 0)
		close(f->fd);
	if (f->old_fd >= 0)
		close(f->old_fd);
	free(f->path);
	free(f->buf);
	free(f);
}

const char *follow_error(const follower_t *f)
{
	return f->err;
}

uint64_t follow_offset(const follower_t *f)
{
	return f->off;
}

int follow_is_open(const follower_t *f)
{
	return f->fd >= 0;
}

/* Remember the file's first bytes (as many as there are, up to HEADN). */
static void note_head(follower_t *f)
{
	ssize_t n = pread(f->fd, f->head, HEADN, 0);
	f->headn = n > 0 ? (size_t)n : 0;
}

static int try_open(follower_t *f)
{
	int fd = open(f->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat st;
	if (fstat(fd, &st) < 0 || S_ISDIR(st.st_mode)) {
		close(fd);
		return -1;
	}
	f->fd = fd;
	f->dev = st.st_dev;
	f->ino = st.st_ino;
	/* the first file, unless asked, from its end; later ones whole */
	f->off = !f->opened_once && !f->from_start ? (uint64_t)st.st_size : 0;
	f->opened_once = 1;
	f->len = 0;
	f->skipping = 0;
	note_head(f);
	return 0;
}

size_t follow_head(follower_t *f, char *buf, size_t n)
{
	struct stat st;
	/* the file may have been rotated before a line of it was read */
	if (f->fd >= 0 && stat(f->path, &st) == 0 &&
	    (st.st_ino != f->ino || st.st_dev != f->dev)) {
		close(f->fd);
		f->fd = -1;
	}
	if (f->fd < 0 && try_open(f) < 0)
		return 0;
	ssize_t k = pread(f->fd, buf, n, 0);
	return k > 0 ? (size_t)k : 0;
}

/* Hand out the complete lines in buf[0..len); keep the rest. */
static long split(follower_t *f, follow_line_fn fn, void *ctx, int final)
{
	long lines = 0;
	size_t start = 0;
	for (;;) {
		char *nl = memchr(f->buf + start, '\n', f->len - start);
		if (!nl)
			break;
		size_t n = (size_t)(nl - (f->buf + start));
		if (f->skipping) {
			fn(ctx, "", 0, READER_LONG);
			f->skipping = 0;
		} else if (n > READER_MAX_LINE) { /* as the reader does */
			fn(ctx, "", 0, READER_LONG);
		} else {
			if (n && f->buf[start + n - 1] == '\r')
				n--;
			fn(ctx, f->buf + start, n, 0);
		}
		lines++;
		start = (size_t)(nl - f->buf) + 1;
	}
	size_t rest = f->len - start;
	if (final && (rest || f->skipping)) { /* a file that ended unfinished */
		fn(ctx, f->buf + start, f->skipping ? 0 : rest,
		   f->skipping ? READER_LONG : 0);
		lines++;
		rest = 0;
		f->skipping = 0;
	}
	if (rest > READER_MAX_LINE) { /* drop it, remember to skip */
		f->skipping = 1;
		rest = 0;
	}
	memmove(f->buf, f->buf + f->len - rest, rest);
	f->len = rest;
	return lines;
}

/* Read fd from off to its end. */
static long drain(follower_t *f, follow_line_fn fn, void *ctx)
{
	long lines = 0;
	for (;;) {
		if (f->cap - f->len < CHUNK) {
			f->cap = f->len + 2 * CHUNK;
			f->buf = xrealloc(f->buf, f->cap);
		}
		ssize_t n = pread(f->fd, f->buf + f->len, CHUNK, (off_t)f->off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(f->err, sizeof(f->err), "read error: %s",
			         strerror(errno));
			return -1;
		}
		if (n == 0)
			break;
		f->off += (uint64_t)n;
		f->len += (size_t)n;
		lines += split(f, fn, ctx, 0);
		if (f->cap > 2 * CHUNK && f->len < CHUNK) { /* shrink back */
			f->cap = 2 * CHUNK;
			f->buf = xrealloc(f->buf, f->cap);
		}
	}
	if (f->headn < HEADN)
		note_head(f); /* the file was short when we first looked */
	return lines;
}

/* 1 if the file behind fd was truncated since we read it. */
static int truncated(follower_t *f)
{
	struct stat st;
	if (fstat(f->fd, &st) < 0)
		return 0;
	if ((uint64_t)st.st_size < f->off)
		return 1;
	unsigned char now[HEADN];
	ssize_t n = pread(f->fd, now, f->headn, 0);
	return f->headn &&
	       (n < (ssize_t)f->headn || memcmp(now, f->head, f->headn) != 0);
}

long follow_poll(follower_t *f, follow_line_fn fn, void *ctx)
{
	long lines = 0, r;
	f->err[0] = '\0';

	if (f->old_fd >= 0) { /* resumed: the rotated file first, to its end */
		int cur = f->fd;
		uint64_t cur_off = f->off;
		f->fd = f->old_fd;
		f->off = f->old_off;
		r = drain(f, fn, ctx);
		lines += (r > 0 ? r : 0) + split(f, fn, ctx, 1);
		close(f->fd);
		f->old_fd = -1;
		f->fd = cur;
		f->off = cur_off;
		f->len = 0;
		if (cur >= 0) /* the new file is read whole */
			f->off = 0;
	}

	if (f->fd < 0 && try_open(f) < 0)
		return 0;   /* not there (yet) */
	if (truncated(f)) { /* copytruncate */
		f->off = 0;
		f->len = 0;
		f->skipping = 0;
		note_head(f);
	}
	if ((r = drain(f, fn, ctx)) < 0)
		return -1;
	lines += r;

	struct stat st;
	if (stat(f->path, &st) < 0)
		return lines; /* moved or deleted, not re-created yet */
	if (st.st_ino == f->ino && st.st_dev == f->dev)
		return lines;
	/* rotated: finish the old file, then start the new one */
	if ((r = drain(f, fn, ctx)) < 0)
		return -1;
	lines += r + split(f, fn, ctx, 1);
	close(f->fd);
	f->fd = -1;
	if (try_open(f) == 0) {
		if ((r = drain(f, fn, ctx)) < 0)
			return -1;
		lines += r;
	}
	return lines;
}

/* ---- inotify ---------------------------------------------------------------
 */

struct watch {
	int fd;
};

watch_t *watch_new(void)
{
	watch_t *w = xcalloc(1, sizeof(*w));
#ifdef __linux__
	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
#else
	w->fd = -1;
#endif
	return w;
}

void watch_free(watch_t *w)
{
	if (w && w->fd >= 0)
		close(w->fd);
	free(w);
}

int watch_fd(const watch_t *w)
{
	return w->fd;
}

int watch_add(watch_t *w, const char *path)
{
#ifdef __linux__
	if (w->fd < 0)
		return -1;
	char dir[4096];
	const char *slash = strrchr(path, '/');
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	return inotify_add_watch(w->fd, dir,
	                         IN_MODIFY | IN_CREATE | IN_DELETE |
	                             IN_MOVED_FROM | IN_MOVED_TO |
	                             IN_CLOSE_WRITE | IN_ATTRIB) < 0
	           ? -1
	           : 0;
#else
	(void)w;
	(void)path;
	return -1;
#endif
}

void watch_drain(watch_t *w)
{
	char buf[4096];
	if (w->fd < 0)
		return;
	while (read(w->fd, buf, sizeof(buf)) > 0)
		;
}

/* ---- resuming ----------------------------------------------------------- */

void follow_position(const follower_t *f, follow_pos_t *p)
{
	memset(p, 0, sizeof(*p));
	if (f->fd < 0)
		return;
	p->valid = 1;
	p->dev = (uint64_t)f->dev;
	p->ino = (uint64_t)f->ino;
	p->offset = f->off - f->len - 0; /* the partial line is re-read */
	p->headn = f->headn;
	memcpy(p->head, f->head, f->headn);
}

/* 1 if fd's first bytes are p's. */
static int same_head(int fd, const follow_pos_t *p)
{
	unsigned char now[HEADN];
	if (p->headn == 0)
		return 1;
	ssize_t n = pread(fd, now, p->headn, 0);
	return n == (ssize_t)p->headn && memcmp(now, p->head, p->headn) == 0;
}

/* A file in path's directory with inode p->ino and p's first bytes. */
static int find_rotated(const char *path, const follow_pos_t *p)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - path) : 1,
	         slash ? path : ".");
	if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	struct dirent *e;
	int fd = -1;
	while (fd < 0 && (e = readdir(d))) {
		if ((uint64_t)e->d_ino != p->ino)
			continue;
		char full[8192];
		snprintf(full, sizeof(full), "%s/%s", dir, e->d_name);
		int cand = open(full, O_RDONLY | O_CLOEXEC);
		struct stat st;
		if (cand >= 0 && fstat(cand, &st) == 0 &&
		    (uint64_t)st.st_dev == p->dev &&
		    (uint64_t)st.st_ino == p->ino && same_head(cand, p))
			fd = cand;
		else if (cand >= 0)
			close(cand);
	}
	closedir(d);
	return fd;
}

follower_t *follow_resume(const char *path, const follow_pos_t *p, char *note,
                          size_t notelen)
{
	follower_t *f = follow_open(path, 1);
	note[0] = '\0';
	if (!p->valid)
		return f;
	f->opened_once = 1; /* whatever is found now is read from its start */
	if (try_open(f) == 0) {
		struct stat st;
		fstat(f->fd, &st);
		if ((uint64_t)f->dev == p->dev && (uint64_t)f->ino == p->ino) {
			if ((uint64_t)st.st_size >= p->offset &&
			    same_head(f->fd, p)) {
				f->off = p->offset; /* the usual case */
				return f;
			}
			snprintf(
			    note, notelen,
			    "was truncated while slicalc was down; what was "
			    "written after byte %llu before that may be missed",
			    (unsigned long long)p->offset);
			f->off = 0;
			return f;
		}
	}
	int old = find_rotated(path, p);
	if (old >= 0) {
		f->old_fd = old;
		f->old_off = p->offset;
		return f;
	}
	snprintf(note, notelen,
	         "was rotated away while slicalc was down and the old file is "
	         "not in its directory; lines written to it after byte %llu "
	         "are missed",
	         (unsigned long long)p->offset);
	return f;
}
