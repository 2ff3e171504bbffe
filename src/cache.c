/*
 * cache.c - blobs kept between runs under a SHA-256 key (see cache.h).
 *
 * Why checks on read although the name is the key: a file can be cut
 * short by a full disk or a crash before its blocks reached the disk
 * (there is no fsync: a cache may lose files, never serve a wrong one),
 * edited, or written by another version; the header's key and the
 * payload's SHA-256 catch all of these. Why a bound on the files: every
 * distinct rules file leaves one, and a cache must not grow without limit
 * in a home directory.
 */
#include "cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

static const char magic[8] = {'S', 'L', 'C', 'C', 'A', 'C', 'H', '1'};

/* magic, key, payload size (little-endian), payload SHA-256 */
#define HEAD_LEN (8 + DIGEST_LEN + 8 + DIGEST_LEN)

/* Temporary files older than this are a crashed writer's: removed. */
#define STALE_TMP_S 3600

static int file_name(char *buf, size_t len, const char *dir, const char *tag,
                     const unsigned char *key)
{
	static const char hex[] = "0123456789abcdef";
	char h[2 * DIGEST_LEN + 1];
	for (int i = 0; i < DIGEST_LEN; i++) {
		h[2 * i] = hex[key[i] >> 4];
		h[2 * i + 1] = hex[key[i] & 15];
	}
	h[2 * DIGEST_LEN] = 0;
	int w = snprintf(buf, len, "%s/%s-%s", dir, tag, h);
	if (w < 0 || (size_t)w >= len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

static void put_u64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get_u64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

/* All n bytes of fd at off into buf; 0, or -1 (short file, error). */
static int read_all(int fd, void *buf, size_t n)
{
	for (size_t off = 0; off < n;) {
		ssize_t r = read(fd, (char *)buf + off, n - off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		off += (size_t)r;
	}
	return 0;
}

int cache_get(const char *dir, const char *tag,
              const unsigned char key[DIGEST_LEN], void **data, size_t *n)
{
	char path[4096];
	*data = NULL;
	*n = 0;
	if (file_name(path, sizeof(path), dir, tag, key) < 0)
		return 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	struct stat st;
	unsigned char head[HEAD_LEN];
	int rc = -1;
	void *buf = NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_size < HEAD_LEN ||
	    (uint64_t)st.st_size - HEAD_LEN > CACHE_MAX_BYTES ||
	    read_all(fd, head, HEAD_LEN) < 0)
		goto out;
	size_t len = (size_t)st.st_size - HEAD_LEN;
	if (memcmp(head, magic, 8) || memcmp(head + 8, key, DIGEST_LEN) ||
	    get_u64(head + 8 + DIGEST_LEN) != len)
		goto out;
	buf = xmalloc(len ? len : 1);
	unsigned char sum[DIGEST_LEN];
	if (read_all(fd, buf, len) < 0)
		goto out;
	digest_of(buf, len, sum);
	if (memcmp(sum, head + 16 + DIGEST_LEN, DIGEST_LEN))
		goto out;
	/* used now: the pruning keeps the most recently used */
	(void)futimens(fd, NULL);
	*data = buf;
	*n = len;
	buf = NULL;
	rc = 1;
out:
	free(buf);
	close(fd);
	return rc;
}

/* mkdir -p dir, each component made 0700. 0, or -1 with errno. */
static int make_dirs(const char *dir)
{
	char p[4096];
	size_t len = strlen(dir);
	if (!len || len >= sizeof(p)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(p, dir, len + 1);
	for (size_t i = 1; i <= len; i++) {
		if (p[i] != '/' && p[i] != 0)
			continue;
		char c = p[i];
		p[i] = 0;
		if (mkdir(p, 0700) < 0 && errno != EEXIST)
			return -1;
		p[i] = c;
	}
	struct stat st;
	if (stat(dir, &st) < 0)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	return 0;
}

struct entry {
	time_t mtime;
	char name[128];
};

static int by_age(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	return (x->mtime > y->mtime) - (x->mtime < y->mtime);
}

/* Remove the tag's least recently used files beyond CACHE_KEEP, and
 * temporary files a crashed writer left. Errors are ignored: pruning is
 * housekeeping, and the next put tries again. */
static void prune(const char *dir, const char *tag)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	size_t tlen = strlen(tag), n = 0, cap = 0;
	struct entry *e = NULL;
	time_t now = time(NULL);
	struct dirent *de;
	while ((de = readdir(d))) {
		const char *name = de->d_name;
		int tmp = name[0] == '.' && !strncmp(name + 1, tag, tlen) &&
		          name[tlen + 1] == '-';
		if (!tmp && (strncmp(name, tag, tlen) || name[tlen] != '-' ||
		             strlen(name) != tlen + 1 + 2 * DIGEST_LEN))
			continue;
		struct stat st;
		if (strlen(name) >= sizeof(e->name) ||
		    fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISREG(st.st_mode))
			continue;
		if (tmp) {
			if (now - st.st_mtime > STALE_TMP_S)
				(void)unlinkat(dirfd(d), name, 0);
			continue;
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			e = xrealloc(e, cap * sizeof(*e));
		}
		e[n].mtime = st.st_mtime;
		memcpy(e[n].name, name, strlen(name) + 1);
		n++;
	}
	if (n > CACHE_KEEP) {
		qsort(e, n, sizeof(*e), by_age);
		for (size_t i = 0; i < n - CACHE_KEEP; i++)
			(void)unlinkat(dirfd(d), e[i].name, 0);
	}
	free(e);
	closedir(d);
}

int cache_put(const char *dir, const char *tag,
              const unsigned char key[DIGEST_LEN], const void *data, size_t n)
{
	char path[4096], tmp[4096];
	if (n > CACHE_MAX_BYTES) {
		errno = EFBIG;
		return -1;
	}
	if (file_name(path, sizeof(path), dir, tag, key) < 0 ||
	    make_dirs(dir) < 0)
		return -1;
	int w = snprintf(tmp, sizeof(tmp), "%s/.%s-XXXXXX", dir, tag);
	if (w < 0 || (size_t)w >= sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	int fd = mkstemp(tmp);
	if (fd < 0)
		return -1;
	unsigned char head[HEAD_LEN];
	memcpy(head, magic, 8);
	memcpy(head + 8, key, DIGEST_LEN);
	put_u64(head + 8 + DIGEST_LEN, n);
	digest_of(data, n, head + 16 + DIGEST_LEN);
	int bad =
	    write_all(fd, head, HEAD_LEN) < 0 || write_all(fd, data, n) < 0;
	bad = close(fd) < 0 || bad;
	if (bad || rename(tmp, path) < 0) {
		int e = errno;
		unlink(tmp);
		errno = e;
		return -1;
	}
	prune(dir, tag);
	return 0;
}
