/*
 * reader.c - block reads, gzip detection and inflation, line splitting.
 *
 * Two layers. A source yields raw bytes: straight from the file, or
 * inflated (in a producer thread that fills a small ring of blocks, so
 * inflation runs on the other core while we parse). gzip is inflated by
 * ISA-L's isal_inflate (Debian's libisal-dev), about three times as fast
 * as zlib here, so that an archive is read near the speed of `igzip -dc`;
 * a build without it (ISA-L not installed, or `make NO_ISAL=1`, which
 * define SLICALC_NO_ISAL) inflates with zlib, with the same lines and the
 * same errors (tests run both builds). On top, the
 * line layer keeps one buffer and hands out slices of it, cut by the
 * line splitter (lines.c). A line that runs over the end of the buffer is moved
 * to the front; the buffer only grows while a single line needs it, up to
 * READER_MAX_LINE, past which the line is skipped.
 *
 * gzip specifics: members are read one after another ("cat a.gz b.gz");
 * zero padding after the last member is ignored, as gzip does; anything
 * else after a member, a member cut short, or corrupt data is an error
 * reported after the lines before it have been handed out. zstd (Debian's
 * libzstd; logrotate's `compresscmd zstd`) is read the same way, frames
 * one after another. xz, bzip2 and lz4 are recognised by their magic and
 * refused with the command that reads them.
 *
 * A plain file that ends before the size it had when it was opened was
 * truncated while it was read (logrotate's copytruncate): the reader says
 * so (reader_shrunk), since the lines past the cut were never seen.
 */
#define _GNU_SOURCE     /* memrchr */
#define _POSIX_C_SOURCE 200809L
#include "reader.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>
#ifndef SLICALC_NO_ISAL
#include <isa-l/igzip_lib.h>
#endif

#define BLOCK  (256u << 10) /* one read() or one inflated slot */
#define GZ_IN  (128u << 10) /* compressed bytes per read() */
#define NSLOT  16           /* inflated blocks in flight, at most: 4 MiB */
#define NAHEAD 4 /* ... unless a stream is parsed in blocks (reader_block) */
#define ERRLEN 256

/* ---- gzip source -------------------------------------------------------- */

enum codec { CODEC_GZIP = 1, CODEC_ZSTD };

struct gz {
	enum codec codec;
#ifdef SLICALC_NO_ISAL
	z_stream zs;
#else
	struct inflate_state *is; /* 85 KiB: not on the stack */
	uint64_t member_out;      /* bytes inflated from the current member */
#endif
	ZSTD_DStream *zd;  /* CODEC_ZSTD */
	ZSTD_inBuffer zin; /* CODEC_ZSTD: the compressed bytes not yet used */
	size_t zhint;      /* CODEC_ZSTD: 0 at the end of a frame */
	int fd;
	unsigned char *in;
	int in_eof;
	int member_done; /* between members */
	int zero_tail;   /* only zero bytes seen since the last member */
	int next_member; /* reading a member after the first */
	int pending;     /* 0, or the status to return next: 0 eof, -1 error */
	int have_pending;
	atomic_uint_least64_t *pos;
	char err[ERRLEN];
};

/* Read the next compressed bytes into g->in: their count (0 at the end of
 * the file, which sets in_eof), or -1 with the reason in g->err. */
static long read_more(struct gz *g)
{
	ssize_t n;
	while ((n = read(g->fd, g->in, GZ_IN)) < 0 && errno == EINTR)
		;
	if (n < 0) {
		snprintf(g->err, ERRLEN, "read error: %s", strerror(errno));
		return -1;
	}
	if (n == 0)
		g->in_eof = 1;
	atomic_fetch_add(g->pos, (uint64_t)n);
	return (long)n;
}

/* 1 unless the n > 0 bytes at p cannot start a gzip member: what follows
 * a member is another one only if it starts with the magic. Both builds
 * decide this here, so that they agree however short the garbage is. */
static int gz_magic(const unsigned char *p, size_t n)
{
	return p[0] == 0x1f && (n < 2 || p[1] == 0x8b);
}

#ifdef SLICALC_NO_ISAL
/* Inflate up to cap bytes into out; *made says how many. Returns 1 while
 * there is more, 0 at the clean end of the input, -1 on error (message
 * in g->err). */
static int gz_fill(struct gz *g, unsigned char *out, size_t cap, size_t *made)
{
	z_stream *zs = &g->zs;
	zs->next_out = out;
	zs->avail_out = (uInt)cap;
	int status = 1;

	while (zs->avail_out > 0) {
		if (zs->avail_in == 0 && !g->in_eof) {
			long n = read_more(g);
			if (n < 0) {
				status = -1;
				break;
			}
			zs->next_in = g->in;
			zs->avail_in = (uInt)n;
			continue;
		}
		if (g->member_done) {
			if (zs->avail_in == 0) {
				status = 0; /* in_eof: the clean end */
				break;
			}
			if (zs->next_in[0] == 0) {
				zs->next_in++;
				zs->avail_in--;
				g->zero_tail = 1;
				continue;
			}
			if (g->zero_tail ||
			    !gz_magic(zs->next_in, zs->avail_in)) {
				snprintf(g->err, ERRLEN,
				         "trailing garbage after gzip data");
				status = -1;
				break;
			}
			/* another member follows; inflate checks its header */
			inflateReset(zs);
			g->member_done = 0;
			g->next_member = 1;
			continue;
		}
		if (zs->avail_in == 0 && g->in_eof) {
			snprintf(
			    g->err, ERRLEN,
			    "truncated gzip data (unexpected end of file)");
			status = -1;
			break;
		}
		int ret = inflate(zs, Z_NO_FLUSH);
		if (ret == Z_STREAM_END) {
			g->member_done = 1;
		} else if (ret == Z_DATA_ERROR && g->next_member &&
		           zs->total_out == 0) {
			snprintf(g->err, ERRLEN,
			         "trailing garbage after gzip data");
			status = -1;
			break;
		} else if (ret != Z_OK && ret != Z_BUF_ERROR) {
			snprintf(g->err, ERRLEN, "corrupt gzip data: %s",
			         zs->msg ? zs->msg : "inflate failed");
			status = -1;
			break;
		}
	}
	*made = cap - zs->avail_out;
	return status;
}

#else
/* zlib's words for the errors it shares with ISA-L, so that both builds
 * say the same of the same damage where they can. */
static const char *isal_error(int ret)
{
	switch (ret) {
	case ISAL_INCORRECT_CHECKSUM:
		return "incorrect data check";
	case ISAL_INVALID_WRAPPER:
		return "incorrect header check";
	case ISAL_UNSUPPORTED_METHOD:
		return "unknown compression method";
	case ISAL_INVALID_LOOKBACK:
		return "invalid distance too far back";
	case ISAL_INVALID_BLOCK:
		return "invalid deflate block";
	case ISAL_INVALID_SYMBOL:
		return "invalid deflate symbol";
	case ISAL_NEED_DICT:
		return "needs a preset dictionary";
	default:
		return "inflate failed";
	}
}

/* Inflate up to cap bytes into out; *made says how many. Returns 1 while
 * there is more, 0 at the clean end of the input, -1 on error (message
 * in g->err). The same decisions as the zlib build below: members one
 * after another, zero padding after the last ignored, anything else after
 * a member is trailing garbage, a member cut short is truncated. */
static int gz_fill(struct gz *g, unsigned char *out, size_t cap, size_t *made)
{
	struct inflate_state *s = g->is;
	s->next_out = out;
	s->avail_out = (uint32_t)cap;
	int status = 1;

	while (s->avail_out > 0) {
		if (s->avail_in == 0 && !g->in_eof) {
			long n = read_more(g);
			if (n < 0) {
				status = -1;
				break;
			}
			s->next_in = g->in;
			s->avail_in = (uint32_t)n;
			continue;
		}
		if (g->member_done) {
			if (s->avail_in == 0) {
				status = 0; /* in_eof: the clean end */
				break;
			}
			if (s->next_in[0] == 0) {
				s->next_in++;
				s->avail_in--;
				g->zero_tail = 1;
				continue;
			}
			if (g->zero_tail ||
			    !gz_magic(s->next_in, s->avail_in)) {
				snprintf(g->err, ERRLEN,
				         "trailing garbage after gzip data");
				status = -1;
				break;
			}
			/* another member follows; isal_inflate checks its
			 * header */
			isal_inflate_reset(s);
			s->crc_flag = ISAL_GZIP;
			g->member_done = 0;
			g->next_member = 1;
			g->member_out = 0;
			continue;
		}
		uint32_t in0 = s->avail_in, out0 = s->avail_out;
		int ret = isal_inflate(s);
		g->member_out += out0 - s->avail_out;
		if (ret != ISAL_DECOMP_OK) {
			/* as zlib: a second member that fails before it
			 * yields a byte is not a member */
			if (g->next_member && g->member_out == 0)
				snprintf(g->err, ERRLEN,
				         "trailing garbage after gzip data");
			else
				snprintf(g->err, ERRLEN,
				         "corrupt gzip data: %s",
				         isal_error(ret));
			status = -1;
			break;
		}
		if (s->block_state == ISAL_BLOCK_FINISH) {
			g->member_done = 1; /* the rest of the input stays
			                     * at next_in */
			continue;
		}
		/* Input exhausted at the end of the file with nothing more
		 * coming out: the member was cut. (With input left or output
		 * made it goes on; isal_inflate may hold output back until
		 * there is room, so the end of the file alone proves
		 * nothing.) */
		if (s->avail_in == in0 && s->avail_out == out0) {
			if (g->in_eof && s->avail_in == 0) {
				snprintf(g->err, ERRLEN,
				         "truncated gzip data (unexpected end "
				         "of file)");
				status = -1;
				break;
			}
			if (s->avail_in > 0) {
				snprintf(g->err, ERRLEN,
				         "corrupt gzip data: inflate made no "
				         "progress");
				status = -1;
				break;
			}
		}
	}
	*made = cap - s->avail_out;
	return status;
}

#endif

/* The same for zstd: frames one after another until the end of the file;
 * the file must end at the end of a frame. */
static int zstd_fill(struct gz *g, unsigned char *out, size_t cap, size_t *made)
{
	ZSTD_outBuffer zo = {out, cap, 0};
	int status = 1;
	while (zo.pos < zo.size) {
		if (g->zin.pos == g->zin.size && !g->in_eof) {
			long n = read_more(g);
			if (n < 0) {
				status = -1;
				break;
			}
			g->zin = (ZSTD_inBuffer){g->in, (size_t)n, 0};
			continue;
		}
		if (g->zin.pos == g->zin.size && g->in_eof) {
			if (g->zhint) {
				snprintf(g->err, ERRLEN,
				         "truncated zstd data (unexpected end "
				         "of file)");
				status = -1;
			} else {
				status = 0;
			}
			break;
		}
		size_t ret = ZSTD_decompressStream(g->zd, &zo, &g->zin);
		if (ZSTD_isError(ret)) {
			snprintf(g->err, ERRLEN, "corrupt zstd data: %s",
			         ZSTD_getErrorName(ret));
			status = -1;
			break;
		}
		g->zhint = ret;
	}
	*made = zo.pos;
	return status;
}

/* Fill out with up to cap decompressed bytes. Returns the byte count, 0
 * at the clean end of the input, -1 on error (message in g->err). Bytes
 * produced before the end or an error are returned first; the end or the
 * error comes with the next call. */
static long dec_fill(struct gz *g, unsigned char *out, size_t cap)
{
	if (g->have_pending)
		return g->pending;
	size_t made = 0;
	int status = g->codec == CODEC_ZSTD ? zstd_fill(g, out, cap, &made)
	                                    : gz_fill(g, out, cap, &made);
	if (status != 1) {
		g->have_pending = 1;
		g->pending = status;
		if (made == 0)
			return status;
	}
	return (long)made;
}

/* ---- the inflate thread -------------------------------------------------- */

struct slot {
	unsigned char *data;
	long len; /* > 0 bytes, 0 end of input, -1 error */
};

struct gzthread {
	struct gz gz;
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct slot slot[NSLOT];
	unsigned head, tail; /* slots filled / slots consumed */
	unsigned ahead;      /* slots filled ahead at most: NAHEAD, or NSLOT
	                        when several workers take blocks of 1 MiB */
	/* the slots' buffers: a slot takes one when filled and gives it back
	 * when consumed, so that no more than ahead are allocated */
	unsigned char *spare[NSLOT];
	int nspare;
	size_t off; /* consumed bytes of slot[tail % NSLOT] */
	int stop;
	int done; /* the producer has published its last slot */
};

static void *gz_producer(void *arg)
{
	struct gzthread *t = arg;

	for (;;) {
		pthread_mutex_lock(&t->mu);
		while (t->head - t->tail >= t->ahead && !t->stop)
			pthread_cond_wait(&t->cv, &t->mu);
		int stop = t->stop;
		struct slot *s = &t->slot[t->head % NSLOT];
		if (!stop && !s->data)
			s->data = t->nspare ? t->spare[--t->nspare] : NULL;
		pthread_mutex_unlock(&t->mu);
		if (stop)
			break;

		if (!s->data)
			s->data = xmalloc(BLOCK);
		s->len = dec_fill(&t->gz, s->data, BLOCK);

		pthread_mutex_lock(&t->mu);
		t->head++;
		if (s->len <= 0)
			t->done = 1;
		pthread_cond_broadcast(&t->cv);
		pthread_mutex_unlock(&t->mu);
		if (s->len <= 0)
			break;
	}
	return NULL;
}

/* Consumer side: copy up to cap inflated bytes into buf. Same returns as
 * gz_fill. */
static long gz_take(struct gzthread *t, char *buf, size_t cap)
{
	pthread_mutex_lock(&t->mu);
	while (t->head == t->tail)
		pthread_cond_wait(&t->cv, &t->mu);
	pthread_mutex_unlock(&t->mu);

	struct slot *s = &t->slot[t->tail % NSLOT];
	if (s->len <= 0)
		return s->len; /* stays at the tail: sticky */
	size_t n = (size_t)s->len - t->off;
	if (n > cap)
		n = cap;
	memcpy(buf, s->data + t->off, n);
	t->off += n;
	if (t->off == (size_t)s->len) {
		t->off = 0;
		pthread_mutex_lock(&t->mu);
		t->spare[t->nspare++] = s->data;
		s->data = NULL;
		t->tail++;
		pthread_cond_broadcast(&t->cv);
		pthread_mutex_unlock(&t->mu);
	}
	return (long)n;
}

/* ---- the line layer ------------------------------------------------------ */

struct reader {
	int fd;
	int is_gzip;
	const char *compression; /* "gzip", "zstd", or NULL for plain */
	int shrunk;              /* ended before its size at open */
	struct gzthread *gzt;    /* NULL for plain input */
	atomic_uint_least64_t pos;
	uint64_t size;

	char *buf;
	size_t cap, start, end; /* unread bytes are buf[start..end) */
	int eof;                /* the source has nothing more */
	int failed;             /* ... because of an error */
	lines_t lines;          /* the line splitter's state */
	uint64_t lineno;
	int ranged; /* reads [off, lim) with pread */
	uint64_t off, lim;
	char err[ERRLEN];
};

static long src_read(reader_t *r, char *buf, size_t cap)
{
	if (r->gzt) {
		long n = gz_take(r->gzt, buf, cap);
		if (n < 0)
			snprintf(r->err, ERRLEN, "%s", r->gzt->gz.err);
		return n;
	}
	if (r->ranged && cap > r->lim - r->off)
		cap = (size_t)(r->lim - r->off);
	for (;;) {
		ssize_t n = r->ranged ? pread(r->fd, buf, cap, (off_t)r->off)
		                      : read(r->fd, buf, cap);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(r->err, ERRLEN, "read error: %s",
			         strerror(errno));
			return -1;
		}
		atomic_fetch_add(&r->pos, (uint64_t)n);
		r->off += (uint64_t)n;
		return (long)n;
	}
}

/* Set up the codec over the first n bytes of g->in. 0, or -1 when the
 * library cannot start. */
static int dec_init(struct gz *g, size_t n)
{
	if (g->codec == CODEC_ZSTD) {
		g->zin = (ZSTD_inBuffer){g->in, n, 0};
		return (g->zd = ZSTD_createDStream()) ? 0 : -1;
	}
#ifdef SLICALC_NO_ISAL
	g->zs.next_in = g->in;
	g->zs.avail_in = (uInt)n;
	return inflateInit2(&g->zs, 15 + 16) == Z_OK ? 0 : -1;
#else
	g->is = xmalloc(sizeof(*g->is));
	isal_inflate_init(g->is);
	g->is->crc_flag = ISAL_GZIP; /* header parsed, CRC and size checked */
	g->is->next_in = g->in;
	g->is->avail_in = (uint32_t)n;
	return 0;
#endif
}

static void dec_end(struct gz *g)
{
	if (g->codec == CODEC_ZSTD) {
		ZSTD_freeDStream(g->zd);
		return;
	}
#ifdef SLICALC_NO_ISAL
	inflateEnd(&g->zs);
#else
	free(g->is);
#endif
}

static int start_gzip(reader_t *r, enum codec codec)
{
	struct gzthread *t = xcalloc(1, sizeof(*t));
	struct gz *g = &t->gz;

	g->codec = codec;
	g->fd = r->fd;
	g->pos = &r->pos;
	g->in = xmalloc(GZ_IN);
	/* the bytes already sniffed from the file are the first input */
	memcpy(g->in, r->buf, r->end);
	size_t sniffed = r->end;
	r->end = 0;
	if (dec_init(g, sniffed) < 0) {
		free(g->in);
		free(t);
		snprintf(r->err, ERRLEN, "cannot initialise %s",
		         codec == CODEC_ZSTD ? "zstd" : "zlib");
		return -1;
	}
	t->ahead = NAHEAD;
	pthread_mutex_init(&t->mu, NULL);
	pthread_cond_init(&t->cv, NULL);
	if (pthread_create(&t->th, NULL, gz_producer, t) != 0) {
		snprintf(r->err, ERRLEN, "cannot start the inflate thread");
		dec_end(g);
		free(g->in);
		free(t);
		return -1;
	}
	r->gzt = t;
	r->is_gzip = codec == CODEC_GZIP;
	r->compression = codec == CODEC_ZSTD ? "zstd" : "gzip";
	return 0;
}

static void stop_gzip(struct gzthread *t)
{
	pthread_mutex_lock(&t->mu);
	t->stop = 1;
	pthread_cond_broadcast(&t->cv);
	pthread_mutex_unlock(&t->mu);
	pthread_join(t->th, NULL);
	dec_end(&t->gz);
	for (int i = 0; i < NSLOT; i++)
		free(t->slot[i].data);
	for (int i = 0; i < t->nspare; i++)
		free(t->spare[i]);
	pthread_mutex_destroy(&t->mu);
	pthread_cond_destroy(&t->cv);
	free(t->gz.in);
	free(t);
}

/* The name of a compression slicalc does not read, from its magic. */
static const char *compressed_other(const unsigned char *m, size_t n)
{
	static const unsigned char xz[6] = {0xfd, '7', 'z', 'X', 'Z', 0};
	static const unsigned char lz4[4] = {0x04, 0x22, 0x4d, 0x18};
	if (n >= 6 && memcmp(m, xz, 6) == 0)
		return "xz";
	if (n >= 4 && m[0] == 'B' && m[1] == 'Z' && m[2] == 'h' &&
	    m[3] >= '1' && m[3] <= '9')
		return "bzip2";
	if (n >= 4 && memcmp(m, lz4, 4) == 0)
		return "lz4";
	return NULL;
}

reader_t *reader_open(const char *path, char *err, size_t errlen)
{
	int fd;

	if (strcmp(path, "-") == 0) {
		fd = STDIN_FILENO;
	} else {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			snprintf(err, errlen, "%s", strerror(errno));
			return NULL;
		}
	}
	struct stat st;
	memset(&st, 0, sizeof(st));
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "is a directory");
		if (fd != STDIN_FILENO)
			close(fd);
		return NULL;
	}

	reader_t *r = xcalloc(1, sizeof(*r));
	r->fd = fd;
	atomic_init(&r->pos, 0);
	if (S_ISREG(st.st_mode)) {
		r->size = (uint64_t)st.st_size;
		posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	}
	r->cap = 2 * BLOCK;
	r->buf = xmalloc(r->cap);

	/* Sniff the first bytes: six are enough for every magic, but a pipe
	 * may deliver them one at a time. At most GZ_IN bytes, so that they
	 * fit the inflate input buffer if this is compressed. */
	while (r->end < 6 && !r->eof) {
		long n = src_read(r, r->buf + r->end, GZ_IN - r->end);
		if (n < 0) {
			snprintf(err, errlen, "%s", r->err);
			reader_close(r);
			return NULL;
		}
		if (n == 0)
			r->eof = 1;
		r->end += (size_t)n;
	}
	const unsigned char *m = (const unsigned char *)r->buf;
	enum codec codec = 0;
	if (r->end >= 2 && m[0] == 0x1f && m[1] == 0x8b)
		codec = CODEC_GZIP;
	else if (r->end >= 4 && m[0] == 0x28 && m[1] == 0xb5 && m[2] == 0x2f &&
	         m[3] == 0xfd)
		codec = CODEC_ZSTD;
	const char *other = compressed_other(m, r->end);
	if (other) {
		snprintf(err, errlen,
		         "%s-compressed, which slicalc does not read (it reads "
		         "plain, gzip and zstd); pipe it in: %s -dc FILE | "
		         "slicalc report -",
		         other, other);
		reader_close(r);
		return NULL;
	}
	if (codec) {
		r->eof = 0;
		if (start_gzip(r, codec) < 0) {
			snprintf(err, errlen, "%s", r->err);
			reader_close(r);
			return NULL;
		}
	}
	return r;
}

uint64_t reader_splittable(const reader_t *r)
{
	return !r->is_gzip && !r->ranged && r->size && r->fd != STDIN_FILENO
	           ? r->size
	           : 0;
}

/* Offset just past the first newline at or after off, or size when there
 * is none in the next READER_MAX_LINE bytes. */
static uint64_t next_line_start(int fd, uint64_t off, uint64_t size)
{
	char buf[65536];
	uint64_t limit = off + READER_MAX_LINE;
	while (off < size && off < limit) {
		ssize_t n = pread(fd, buf, sizeof(buf), (off_t)off);
		if (n <= 0)
			return size;
		char *nl = memchr(buf, '\n', (size_t)n);
		if (nl)
			return off + (uint64_t)(nl - buf) + 1;
		off += (uint64_t)n;
	}
	return size;
}

int reader_split(const reader_t *r, int parts, uint64_t *cuts)
{
	uint64_t size = reader_splittable(r);
	int n = 0;
	cuts[n++] = 0;
	for (int k = 1; k < parts && size; k++) {
		uint64_t at = next_line_start(
		    r->fd, size / (uint64_t)parts * (uint64_t)k - 1, size);
		if (at > cuts[n - 1] && at < size)
			cuts[n++] = at;
	}
	cuts[n] = size;
	return n;
}

reader_t *reader_open_range(const reader_t *whole, uint64_t start, uint64_t end,
                            char *err, size_t errlen)
{
	int fd = dup(whole->fd);
	if (fd < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		return NULL;
	}
	reader_t *r = xcalloc(1, sizeof(*r));
	r->fd = fd;
	atomic_init(&r->pos, 0);
	r->ranged = 1;
	r->off = start;
	r->lim = end;
	r->size = end - start;
	r->cap = 2 * BLOCK;
	r->buf = xmalloc(r->cap);
	return r;
}

/* Make room and read more; sets r->eof (and r->failed) when the source
 * has nothing more. */
static void refill(reader_t *r)
{
	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	if (r->cap - r->end < BLOCK / 2 && r->cap < READER_MAX_LINE + BLOCK) {
		r->cap *= 2;
		if (r->cap > READER_MAX_LINE + BLOCK)
			r->cap = READER_MAX_LINE + BLOCK;
		r->buf = xrealloc(r->buf, r->cap);
	}
	size_t room = r->cap - r->end;
	long n = src_read(r, r->buf + r->end, room < BLOCK ? room : BLOCK);
	if (n < 0) {
		r->eof = 1;
		r->failed = 1;
	} else if (n == 0) {
		r->eof = 1;
		/* a plain file that ends short of its size at open (or of its
		 * range) was cut while we read it */
		if (!r->gzt && r->size &&
		    r->off < (r->ranged ? r->lim : r->size))
			r->shrunk = 1;
	} else {
		r->end += (size_t)n;
	}
}

int reader_next(reader_t *r, slice_t *line, unsigned *flags)
{
	for (;;) {
		/* the usual line, whole in the buffer and not over-long: cut
		 * here as lines_next would, without its call and its cases
		 * (-2% of a line's instructions); the rest goes to it */
		const char *p = r->buf + r->start, *nl;
		size_t n = r->end - r->start;
		if (!r->lines.skipping && n && (nl = memchr(p, '\n', n)) &&
		    (size_t)(nl - p) <= LINES_MAX) {
			size_t len = (size_t)(nl - p);
			r->start += len + 1;
			if (len > 0 && p[len - 1] == '\r')
				len--;
			*line = (slice_t){p, len};
			*flags = 0;
			r->lineno++;
			return READER_LINE;
		}
		size_t used;
		int got =
		    lines_next(&r->lines, r->buf + r->start, r->end - r->start,
		               r->eof, line, flags, &used);
		r->start += used;
		if (got) {
			r->lineno++;
			return READER_LINE;
		}
		if (r->eof)
			return r->failed ? READER_ERR : READER_EOF;
		refill(r);
	}
}

int reader_block(reader_t *r, size_t want, char **buf, size_t *cap,
                 slice_t *blk, unsigned *flags)
{
	*flags = 0;
	if (r->gzt && r->gzt->ahead < NSLOT) {
		/* several workers want 1 MiB each at once: inflate further
		 * ahead (-j 2 on the bench's .gz: 0.42 s with 4 slots, 0.37 s
		 * with 16) */
		pthread_mutex_lock(&r->gzt->mu);
		r->gzt->ahead = NSLOT;
		pthread_cond_broadcast(&r->gzt->cv);
		pthread_mutex_unlock(&r->gzt->mu);
	}
	for (;;) {
		size_t n = r->end - r->start, take = 0;
		const char *p = r->buf + r->start;
		if (r->lines.skipping || (n > LINES_MAX + 1 && !r->eof &&
		                          !memchr(p, '\n', LINES_MAX + 2))) {
			/* inside a line too long to hand out: skip it as
			 * reader_next does, and say so in a block of its own */
			slice_t line;
			int st = reader_next(r, &line, flags);
			if (st == READER_LINE)
				*blk = SLICE_EMPTY;
			return st;
		}
		if (r->eof) {
			if (n == 0)
				return r->failed ? READER_ERR : READER_EOF;
			take = n; /* the rest, last line with or without "\n" */
		} else if (n >= want) {
			const char *nl = memrchr(p, '\n', n);
			take = nl ? (size_t)(nl - p) + 1 : 0;
		}
		if (take == 0) {
			refill(r);
			continue;
		}
		/* the caller's buffer takes the unread rest (less than a
		 * line), the reader's goes to the caller */
		size_t rest = n - take, ncap = *cap;
		char *nbuf = *buf;
		if (ncap < 2 * BLOCK || ncap < rest + BLOCK) {
			ncap =
			    rest + BLOCK > 2 * BLOCK ? rest + BLOCK : 2 * BLOCK;
			free(nbuf);
			nbuf = xmalloc(ncap);
		}
		memcpy(nbuf, p + take, rest);
		*buf = r->buf;
		*cap = r->cap;
		*blk = (slice_t){p, take};
		r->buf = nbuf;
		r->cap = ncap;
		r->start = 0;
		r->end = rest;
		return READER_LINE;
	}
}

size_t reader_peek(reader_t *r, const char **p, size_t want)
{
	if (want > READER_MAX_LINE)
		want = READER_MAX_LINE;
	while (r->end - r->start < want && !r->eof && !r->lines.skipping)
		refill(r);
	*p = r->buf + r->start;
	return r->end - r->start;
}

uint64_t reader_lineno(const reader_t *r)
{
	return r->lineno;
}

const char *reader_error(const reader_t *r)
{
	return r->err;
}

int reader_is_gzip(const reader_t *r)
{
	return r->is_gzip;
}

const char *reader_compression(const reader_t *r)
{
	return r->compression;
}

int reader_shrunk(const reader_t *r)
{
	return r->shrunk;
}

uint64_t reader_pos(const reader_t *r)
{
	return atomic_load(&r->pos);
}

uint64_t reader_size(const reader_t *r)
{
	return r->size;
}

const char *reader_gzip_library(void)
{
#ifdef SLICALC_NO_ISAL
	return "zlib";
#else
	return "ISA-L";
#endif
}

void reader_close(reader_t *r)
{
	if (!r)
		return;
	if (r->gzt)
		stop_gzip(r->gzt);
	if (r->fd != STDIN_FILENO)
		close(r->fd);
	free(r->buf);
	free(r);
}
