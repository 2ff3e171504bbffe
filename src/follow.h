/*
 * follow.h - a path followed like `tail -F`: lines appended to it are
 * handed out as they arrive, through rotation.
 *
 * After rename-and-create (logrotate `create`) the rest of the old file
 * is read to its end before the new one; after copytruncate, or a delete
 * and re-create, reading starts again at the new beginning. A path that
 * does not exist yet is waited for. A last line without its newline waits
 * for it. Nothing here sleeps: follow_poll() reads what is there and
 * returns; the caller decides when to call again (a follow_watch_t tells it
 * when something happened).
 */
#ifndef SLICALC_FOLLOW_H
#define SLICALC_FOLLOW_H

#include <stddef.h>
#include <stdint.h>

typedef struct follower follower_t;

/* Called for each complete line, cut as lines.h says (without its
 * newline; LINES_LONG, the same flag as READER_LONG, for a line over
 * the limit, skipped). */
typedef void (*follow_line_fn)(void *ctx, const char *p, size_t n,
                               unsigned flags);

/*
 * Follow path. from_start: read what the file already holds; otherwise
 * start where it ends now (also when it can only be opened later; a file
 * that appears later is read from its beginning either way). Never fails:
 * a missing path is waited for, an unreadable one tried again.
 */
follower_t *follow_open(const char *path, int from_start);
void follow_close(follower_t *f);

/*
 * Read what has been appended (and handle rotation or truncation), handing
 * each complete line to fn. Returns the number of lines handed out (0 or
 * more); follow_error() then says whether the file could not be read.
 */
long follow_poll(follower_t *f, follow_line_fn fn, void *ctx);

/*
 * Why the file could not be opened or read at the last follow_poll() or
 * follow_head(), naming the errno ("cannot open: Permission denied
 * (EACCES)"), or "" when it could, or when it is not there (a missing
 * file is waited for, not an error). Following goes on either way: the
 * next poll tries again. Valid until the next call on f.
 */
const char *follow_error(const follower_t *f);

/* Where a follower is, to resume there after a restart: the file's
 * identity and first bytes, and the offset just past the last complete
 * line handed out. */
typedef struct follow_pos {
	/* 0: no position at all (a state of `report`, whose files were read
	 * whole, not followed); 1 with ino 0: the follower had no file open
	 * (not there yet, or gone), so what is at the path later is new */
	int valid;
	uint64_t dev, ino, offset;
	unsigned char head[64];
	size_t headn;
} follow_pos_t;

void follow_position(const follower_t *f, follow_pos_t *p);

/*
 * Follow path from a saved position: the same file, at its offset; if it
 * was rotated away meanwhile, the old file (found by inode in the same
 * directory) is finished first. When that cannot be done, note says what
 * may have been missed (empty otherwise).
 */
follower_t *follow_resume(const char *path, const follow_pos_t *p, char *note,
                          size_t notelen);

/* Bytes of the current file read so far, and whether it is open. */
uint64_t follow_offset(const follower_t *f);
int follow_is_open(const follower_t *f);

/*
 * The first bytes of the current file (up to n), for guessing the format;
 * 0 when nothing is there yet, or it cannot be read (follow_error()).
 */
size_t follow_head(follower_t *f, char *buf, size_t n);

/*
 * A set of directories watched with inotify, to wake the caller when a
 * followed file (or its directory) changes instead of polling on a short
 * timer. follow_watch_fd() is -1 where inotify is missing: then poll on a
 * timer.
 */
typedef struct follow_watch follow_watch_t;

follow_watch_t *follow_watch_new(void);
void follow_watch_free(follow_watch_t *w);
/* Watch the directory of path. Returns 0, or -1 (the timer will do). */
int follow_watch_add(follow_watch_t *w, const char *path);
int follow_watch_fd(const follow_watch_t *w);
/* Read and forget the pending events. */
void follow_watch_drain(follow_watch_t *w);

#endif
