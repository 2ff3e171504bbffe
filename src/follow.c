/*
 * follow.c - following files through rotation.
 *
 * Each poll reads from the current descriptor to its end, then asks
 * whether the path still names that file: a different inode means the
 * file was rotated away. Then the new file is read whole, and the old one
 * is still read alongside it until it has been quiet for GRACE seconds,
 * because nginx keeps writing to it until it is told to reopen (USR1). A
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
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/inotify.h>
#endif

#include "lines.h"
#include "util.h"

#define CHUNK (256u << 10)
#define HEADN 64
#define GRACE                                                                  \
	30.0 /* seconds a rotated file is still read after it goes             \
	        quiet: nginx writes to it until it reopens its logs */

/* One open file and the bytes of it not yet handed out. */
struct stream {
	int fd; /* -1: none */
	dev_t dev;
	ino_t ino;
	uint64_t off; /* bytes read from fd */
	unsigned char head[HEADN];
	size_t headn;
	char *buf; /* a partial line, then new bytes */
	size_t cap, len;
	lines_t lines; /* the line splitter's state */
};

struct follower {
	char *path;
	int from_start, opened_once;
	/* the file the path named at the start, and its size then: where
	 * reading starts, even when it could not be opened at once */
	dev_t start_dev;
	ino_t start_ino;
	uint64_t start_size;
	struct stream cur; /* the file the path names (or named last) */
	struct stream old; /* the file before the last rotation, still read
	                      until it has been quiet for GRACE */
	double old_seen;   /* when old last gave bytes */
	char err[256];     /* why the file cannot be read now; "" when it can */
};

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void stream_init(struct stream *s)
{
	memset(s, 0, sizeof(*s));
	s->fd = -1; /* buf comes with the first read: most followers never
	               need their second stream */
}

static void stream_close(struct stream *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	s->len = 0;
	s->lines = (lines_t){0};
}

follower_t *follow_open(const char *path, int from_start)
{
	follower_t *f = xcalloc(1, sizeof(*f));
	f->path = xstrdup(path);
	/* a file that is not there yet is all new when it comes */
	struct stat st;
	f->from_start = from_start || stat(path, &st) != 0;
	/* only a regular file has an end to start from: a directory (or a
	 * fifo) where the log goes is not the log; what comes is new */
	if (!f->from_start && !S_ISREG(st.st_mode))
		f->from_start = 1;
	if (!f->from_start) {
		f->start_dev = st.st_dev;
		f->start_ino = st.st_ino;
		f->start_size = (uint64_t)st.st_size;
	}
	stream_init(&f->cur);
	stream_init(&f->old);
	return f;
}

void follow_close(follower_t *f)
{
	if (!f)
		return;
	stream_close(&f->cur);
	stream_close(&f->old);
	free(f->cur.buf);
	free(f->old.buf);
	free(f->path);
	free(f);
}

const char *follow_error(const follower_t *f)
{
	return f->err;
}

uint64_t follow_offset(const follower_t *f)
{
	return f->cur.off;
}

int follow_is_open(const follower_t *f)
{
	return f->cur.fd >= 0;
}

/* Remember the file's first bytes (as many as there are, up to HEADN). */
static void note_head(struct stream *s)
{
	ssize_t n = pread(s->fd, s->head, HEADN, 0);
	s->headn = n > 0 ? (size_t)n : 0;
}

/* Say in f->err that what was tried failed with errno e. */
static void set_error(follower_t *f, const char *what, int e)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 32)
	const char *name = strerrorname_np(e);
	snprintf(f->err, sizeof(f->err), "%s: %s (%s)", what, strerror(e),
	         name ? name : "?");
#else
	snprintf(f->err, sizeof(f->err), "%s: %s (errno %d)", what, strerror(e),
	         e);
#endif
}

/* Open the file the path names now as cur. Returns 0, or -1: not there
 * (yet), or an error in f->err (no permission, a directory, ...). */
static int try_open(follower_t *f)
{
	int fd = open(f->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno != ENOENT && errno != ENOTDIR)
			set_error(f, "cannot open", errno);
		return -1;
	}
	struct stat st;
	int e = fstat(fd, &st) < 0 ? errno : S_ISDIR(st.st_mode) ? EISDIR : 0;
	if (e) {
		set_error(f, "cannot read", e);
		close(fd);
		return -1;
	}
	struct stream *s = &f->cur;
	stream_close(s);
	s->fd = fd;
	s->dev = st.st_dev;
	s->ino = st.st_ino;
	/* the file that was there at the start, unless asked, from where it
	 * ended then (even if it could only be opened later); others whole */
	s->off = 0;
	if (!f->opened_once && !f->from_start && st.st_dev == f->start_dev &&
	    st.st_ino == f->start_ino && (uint64_t)st.st_size >= f->start_size)
		s->off = f->start_size;
	f->opened_once = 1;
	note_head(s);
	return 0;
}

size_t follow_head(follower_t *f, char *buf, size_t n)
{
	struct stat st;
	f->err[0] = '\0';
	/* the file may have been rotated before a line of it was read */
	if (f->cur.fd >= 0 && stat(f->path, &st) == 0 &&
	    (st.st_ino != f->cur.ino || st.st_dev != f->cur.dev))
		stream_close(&f->cur);
	if (f->cur.fd < 0 && try_open(f) < 0)
		return 0;
	ssize_t k = pread(f->cur.fd, buf, n, 0);
	return k > 0 ? (size_t)k : 0;
}

/* Hand out the complete lines in buf[0..len); keep the rest (final: the
 * file is finished, so the rest is a last line without its newline). */
static long split(struct stream *s, follow_line_fn fn, void *ctx, int final)
{
	long lines = 0;
	size_t start = 0, used;
	slice_t line;
	unsigned flags;
	while (lines_next(&s->lines, s->buf + start, s->len - start, final,
	                  &line, &flags, &used)) {
		start += used;
		fn(ctx, line.p ? line.p : "", line.n, flags);
		lines++;
	}
	start += used;
	memmove(s->buf, s->buf + start, s->len - start);
	s->len -= start;
	return lines;
}

/* Read s from off to its end. Returns the lines handed out (and sets
 * *got when bytes came); on a read error, what was read before it is
 * handed out and the error set in f->err. */
static long drain(follower_t *f, struct stream *s, follow_line_fn fn, void *ctx,
                  int *got)
{
	long lines = 0;
	for (;;) {
		if (s->cap - s->len < CHUNK) {
			s->cap = s->len + 2 * CHUNK;
			s->buf = xrealloc(s->buf, s->cap);
		}
		ssize_t n = pread(s->fd, s->buf + s->len, CHUNK, (off_t)s->off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			set_error(f, "read error", errno);
			break;
		}
		if (n == 0)
			break;
		if (got)
			*got = 1;
		s->off += (uint64_t)n;
		s->len += (size_t)n;
		lines += split(s, fn, ctx, 0);
		if (s->cap > 2 * CHUNK && s->len < CHUNK) { /* shrink back */
			s->cap = 2 * CHUNK;
			s->buf = xrealloc(s->buf, s->cap);
		}
	}
	if (s->headn < HEADN)
		note_head(s); /* the file was short when we first looked */
	return lines;
}

/* 1 if the file behind s was truncated since we read it. */
static int truncated(struct stream *s)
{
	struct stat st;
	if (fstat(s->fd, &st) < 0)
		return 0;
	if ((uint64_t)st.st_size < s->off)
		return 1;
	unsigned char now[HEADN];
	ssize_t n = pread(s->fd, now, s->headn, 0);
	return s->headn &&
	       (n < (ssize_t)s->headn || memcmp(now, s->head, s->headn) != 0);
}

/* Finish the old file: its last bytes, then close it. */
static long retire_old(follower_t *f, follow_line_fn fn, void *ctx)
{
	if (f->old.fd < 0)
		return 0;
	long lines = drain(f, &f->old, fn, ctx, NULL);
	lines += split(&f->old, fn, ctx, 1);
	stream_close(&f->old);
	return lines;
}

long follow_poll(follower_t *f, follow_line_fn fn, void *ctx)
{
	long lines = 0;
	f->err[0] = '\0';

	/* the file before the last rotation: read what is still written to
	 * it, until it has been quiet for a while */
	if (f->old.fd >= 0) {
		int got = 0;
		lines += drain(f, &f->old, fn, ctx, &got);
		double t = mono();
		if (got)
			f->old_seen = t;
		else if (t - f->old_seen > GRACE)
			lines += retire_old(f, fn, ctx);
	}

	if (f->cur.fd < 0 && try_open(f) < 0)
		return lines;     /* not there (yet), or an error */
	if (truncated(&f->cur)) { /* copytruncate */
		f->cur.off = 0;
		f->cur.len = 0;
		f->cur.lines = (lines_t){0};
		note_head(&f->cur);
	}
	lines += drain(f, &f->cur, fn, ctx, NULL);

	struct stat st;
	if (stat(f->path, &st) < 0) {
		if (errno != ENOENT && errno != ENOTDIR)
			set_error(f, "cannot stat", errno);
		return lines; /* moved or deleted, not re-created yet */
	}
	if (st.st_ino == f->cur.ino && st.st_dev == f->cur.dev)
		return lines;
	/* rotated: the current file becomes the old one (an older one is
	 * finished first) and is still read; the new one is read whole */
	lines += retire_old(f, fn, ctx);
	struct stream tmp = f->old;
	f->old = f->cur;
	f->cur = tmp;
	f->old_seen = mono();
	if (try_open(f) == 0)
		lines += drain(f, &f->cur, fn, ctx, NULL);
	return lines;
}

/* ---- inotify ---------------------------------------------------------------
 */

struct follow_watch {
	int fd;
};

follow_watch_t *follow_watch_new(void)
{
	follow_watch_t *w = xcalloc(1, sizeof(*w));
#ifdef __linux__
	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
#else
	w->fd = -1;
#endif
	return w;
}

void follow_watch_free(follow_watch_t *w)
{
	if (w && w->fd >= 0)
		close(w->fd);
	free(w);
}

int follow_watch_fd(const follow_watch_t *w)
{
	return w->fd;
}

int follow_watch_add(follow_watch_t *w, const char *path)
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

void follow_watch_drain(follow_watch_t *w)
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
	const struct stream *s = &f->cur;
	memset(p, 0, sizeof(*p));
	p->valid = 1; /* with ino 0 when no file is open: see follow.h */
	if (s->fd < 0) {
		/* there at the start but never opened (not readable yet):
		 * where reading would start, as if read up to there */
		if (!f->opened_once && !f->from_start) {
			p->dev = (uint64_t)f->start_dev;
			p->ino = (uint64_t)f->start_ino;
			p->offset = f->start_size;
		}
		return;
	}
	p->dev = (uint64_t)s->dev;
	p->ino = (uint64_t)s->ino;
	p->offset = s->off - s->len; /* the partial line is read again */
	p->headn = s->headn;
	memcpy(p->head, s->head, s->headn);
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
		if (cand >= 0 && fstat(cand, &st) == 0 && S_ISREG(st.st_mode) &&
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
	if (!p->valid || p->ino == 0) /* no file then: what is there is new */
		return f;
	f->opened_once = 1; /* whatever is found now is read from its start */
	struct stat now;
	if (try_open(f) < 0 && stat(path, &now) == 0 &&
	    (uint64_t)now.st_dev == p->dev && (uint64_t)now.st_ino == p->ino) {
		/* the same file, not readable now: read from the saved
		 * offset once it is (try_open starts there), not whole */
		f->opened_once = 0;
		f->from_start = 0;
		f->start_dev = now.st_dev;
		f->start_ino = now.st_ino;
		f->start_size = p->offset;
		return f;
	}
	if (f->cur.fd >= 0) {
		struct stream *s = &f->cur;
		struct stat st;
		memset(&st, 0, sizeof(st));
		fstat(s->fd, &st);
		if ((uint64_t)s->dev == p->dev && (uint64_t)s->ino == p->ino) {
			if ((uint64_t)st.st_size >= p->offset &&
			    same_head(s->fd, p)) {
				s->off = p->offset; /* the usual case */
				return f;
			}
			snprintf(
			    note, notelen,
			    "was truncated while slicalc was down; what was "
			    "written after byte %llu before that may be missed",
			    (unsigned long long)p->offset);
			s->off = 0;
			return f;
		}
	}
	int old = find_rotated(path, p);
	if (old >= 0) { /* finished from the saved offset, as in a rotation */
		struct stat st;
		memset(&st, 0, sizeof(st));
		fstat(old, &st);
		f->old.fd = old;
		f->old.dev = st.st_dev;
		f->old.ino = st.st_ino;
		f->old.off = p->offset;
		f->old.headn = p->headn;
		memcpy(f->old.head, p->head, p->headn);
		f->old_seen = mono();
		return f;
	}
	snprintf(note, notelen,
	         "was rotated away while slicalc was down and the old file is "
	         "not in its directory; lines written to it after byte %llu "
	         "are missed",
	         (unsigned long long)p->offset);
	return f;
}
