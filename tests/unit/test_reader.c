/*
 * test_reader.c - lines from plain and gzip files: CRLF, a last line with
 * no newline, empty files, multi-member gzip, zero padding, truncated and
 * corrupt gzip (lines before the damage are still delivered, then an
 * error), trailing garbage, 1 MiB lines kept, over-long lines skipped
 * with a flag, a line split across every block boundary, zstd (frames
 * one after another, truncated, corrupt), xz and bzip2 refused by name,
 * and a plain file truncated while it is read. The gzip cases run in
 * both builds (ISA-L, and zlib with SLICALC_NO_ISAL) and expect the same;
 * test_gzip_members checks the bytes of many members of every size, with
 * the optional header fields, across the reader's read boundaries.
 * Every file read here is read a second and a third time in blocks
 * (reader_block, for parsing one stream in several threads, with blocks
 * of at least 1 byte and of 1 MiB), which must give the same lines,
 * flags, status and error as reader_next.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "check.h"
#include "reader.h"

static char dir[] = "/tmp/slicalc-test-reader-XXXXXX";

static const char *put(const char *name, const void *data, size_t n)
{
	static char path[256];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	fwrite(data, 1, n, f);
	fclose(f);
	return path;
}

/* One gzip member of data appended to out (grown with realloc). */
static size_t gz_member(unsigned char **out, size_t len, const char *data,
                        size_t n)
{
	z_stream zs = {0};
	deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
	size_t cap = deflateBound(&zs, n);
	*out = realloc(*out, len + cap);
	zs.next_in = (unsigned char *)(uintptr_t)data;
	zs.avail_in = (uInt)n;
	zs.next_out = *out + len;
	zs.avail_out = (uInt)cap;
	deflate(&zs, Z_FINISH);
	len += cap - zs.avail_out;
	deflateEnd(&zs);
	return len;
}

/* One gzip member with a header carrying every optional field (name,
 * comment, extra, header CRC), as some tools write them. */
static size_t gz_member_hdr(unsigned char **out, size_t len, const char *data,
                            size_t n)
{
	z_stream zs = {0};
	deflateInit2(&zs, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
	gz_header h = {0};
	h.name = (Bytef *)(uintptr_t) "access.log";
	h.comment = (Bytef *)(uintptr_t) "rotated";
	h.extra = (Bytef *)(uintptr_t) "ab\2\0xy";
	h.extra_len = 6;
	h.hcrc = 1;
	deflateSetHeader(&zs, &h);
	size_t cap = deflateBound(&zs, n) + 64;
	*out = realloc(*out, len + cap);
	zs.next_in = (unsigned char *)(uintptr_t)data;
	zs.avail_in = (uInt)n;
	zs.next_out = *out + len;
	zs.avail_out = (uInt)cap;
	deflate(&zs, Z_FINISH);
	len += cap - zs.avail_out;
	deflateEnd(&zs);
	return len;
}

/* What zlib itself inflates from a (possibly cut) gzip stream, counted
 * as lines: the newlines, plus a last line without one. Independent of
 * the reader's buffering. */
static int inflated_lines(const unsigned char *gz, size_t n)
{
	z_stream zs = {0};
	unsigned char out[65536];
	int lines = 0, partial = 0;
	inflateInit2(&zs, 15 + 16);
	zs.next_in = (unsigned char *)(uintptr_t)gz;
	zs.avail_in = (uInt)n;
	int rc;
	do {
		zs.next_out = out;
		zs.avail_out = sizeof(out);
		rc = inflate(&zs, Z_NO_FLUSH);
		for (size_t i = 0; i < sizeof(out) - zs.avail_out; i++) {
			lines += out[i] == '\n';
			partial = out[i] != '\n';
		}
	} while (rc == Z_OK && (zs.avail_in > 0 || zs.avail_out == 0));
	inflateEnd(&zs);
	return lines + partial;
}

struct result {
	int lines, longs, status;
	char last[64];
	char err[256];
};

/* A digest of every line and its flags, in order. */
static uint64_t digest(uint64_t h, slice_t line, unsigned flags)
{
	for (size_t i = 0; i < line.n; i++)
		h = (h ^ (unsigned char)line.p[i]) * 1099511628211u;
	h = (h ^ (0x100 + flags)) * 1099511628211u;
	return h;
}

/* The lines of path by reader_next, then in blocks of at least want
 * bytes cut with lines_next: the same, down to the error. */
static void check_blocks(const char *path, size_t want)
{
	char err[256];
	reader_t *r = reader_open(path, err, sizeof(err));
	if (!r)
		return;
	slice_t line;
	unsigned flags;
	uint64_t h1 = 14695981039346656037u, n1 = 0;
	int st1;
	while ((st1 = reader_next(r, &line, &flags)) == READER_LINE) {
		h1 = digest(h1, line, flags);
		n1++;
	}
	char err1[256];
	snprintf(err1, sizeof(err1), "%s", reader_error(r));
	reader_close(r);

	r = reader_open(path, err, sizeof(err));
	uint64_t h2 = 14695981039346656037u, n2 = 0;
	char *buf = NULL;
	size_t cap = 0;
	slice_t blk;
	unsigned bflags;
	int st2;
	while ((st2 = reader_block(r, want, &buf, &cap, &blk, &bflags)) ==
	       READER_LINE) {
		if (bflags & READER_LONG) {
			CHECK_INT(blk.n, 0);
			h2 = digest(h2, SLICE_EMPTY, bflags);
			n2++;
			continue;
		}
		CHECK(blk.n > 0);
		lines_t ls = {0};
		size_t off = 0, used;
		while (lines_next(&ls, blk.p + off, blk.n - off, 1, &line,
		                  &flags, &used)) {
			off += used;
			h2 = digest(h2, line, flags);
			n2++;
		}
		CHECK_INT(off, blk.n); /* whole lines only */
	}
	CHECK_INT(n2, n1);
	CHECK(h2 == h1);
	CHECK_INT(st2, st1);
	CHECK_STR(reader_error(r), err1);
	/* sticky, as reader_next */
	CHECK_INT(reader_block(r, want, &buf, &cap, &blk, &bflags), st1);
	free(buf);
	reader_close(r);
}

static struct result read_all(const char *path)
{
	struct result res = {0};
	char err[256];
	reader_t *r = reader_open(path, err, sizeof(err));
	if (!r) {
		res.status = -2;
		snprintf(res.err, sizeof(res.err), "%s", err);
		return res;
	}
	slice_t line;
	unsigned flags;
	int st;
	while ((st = reader_next(r, &line, &flags)) == READER_LINE) {
		res.lines++;
		res.longs += (flags & READER_LONG) != 0;
		snprintf(res.last, sizeof(res.last), "%.*s",
		         (int)(line.n < 60 ? line.n : 60), line.p);
	}
	res.status = st;
	snprintf(res.err, sizeof(res.err), "%s", reader_error(r));
	CHECK_INT(reader_lineno(r), res.lines);
	reader_close(r);
	check_blocks(path, 1);
	check_blocks(path, 1u << 20);
	return res;
}

static void test_plain(void)
{
	struct result r;
	r = read_all(put("a", "one\r\ntwo\n\nfour", 15));
	CHECK_INT(r.lines, 4);
	CHECK_STR(r.last, "four");
	CHECK_INT(r.status, READER_EOF);
	r = read_all(put("b", "", 0));
	CHECK_INT(r.lines, 0);
	CHECK_INT(r.status, READER_EOF);
	r = read_all(put("c", "x", 1));
	CHECK_INT(r.lines, 1);
	r = read_all(put("d", "\x1f", 1)); /* half a gzip magic is text */
	CHECK_INT(r.lines, 1);
	r = read_all("/nonexistent/file");
	CHECK_INT(r.status, -2);
	CHECK_STR(r.err, "No such file or directory");
	r = read_all("/tmp");
	CHECK_INT(r.status, -2);
	CHECK_STR(r.err, "is a directory");
}

static void test_gzip(void)
{
	unsigned char *gz = NULL;
	size_t n = gz_member(&gz, 0, "a\nb\n", 4);
	n = gz_member(&gz, n, "c\nd", 3); /* cat a.gz b.gz */
	struct result r = read_all(put("m.gz", gz, n));
	CHECK_INT(r.lines, 4);
	CHECK_STR(r.last, "d");
	CHECK_INT(r.status, READER_EOF);

	/* zero padding after the last member is ignored (as gzip does) */
	unsigned char *pad = malloc(n + 100);
	memcpy(pad, gz, n);
	memset(pad + n, 0, 100);
	r = read_all(put("z.gz", pad, n + 100));
	CHECK_INT(r.lines, 4);
	CHECK_INT(r.status, READER_EOF);

	/* garbage after a member */
	memcpy(pad + n, "garbage", 7);
	r = read_all(put("g.gz", pad, n + 7));
	CHECK_INT(r.lines, 4);
	CHECK_INT(r.status, READER_ERR);
	CHECK_STR(r.err, "trailing garbage after gzip data");
	free(pad);
	free(gz);

	/* truncated: the lines before the cut arrive, then the error */
	char *big = malloc(200000);
	for (int i = 0; i < 20000; i++)
		memcpy(big + 10 * i, "line 1234\n", 10);
	gz = NULL;
	n = gz_member(&gz, 0, big, 200000);
	r = read_all(put("t.gz", gz, n - 20));
	CHECK(r.lines > 0 && r.lines < 20000);
	CHECK_INT(r.lines, inflated_lines(gz, n - 20));
	CHECK_INT(r.status, READER_ERR);
	CHECK_STR(r.err, "truncated gzip data (unexpected end of file)");

	/* corrupt: a flipped byte in the trailer's CRC */
	gz[n - 6] ^= 0xff;
	r = read_all(put("c.gz", gz, n));
	CHECK_INT(r.lines, 20000);
	CHECK_INT(r.status, READER_ERR);
	CHECK_STR(r.err, "corrupt gzip data: incorrect data check");
	free(gz);
	free(big);
}

/* Text that compresses about 3:1 like a log: lines of words picked by a
 * fixed LCG, each ending in a newline. */
static size_t log_text(char *buf, size_t n, unsigned *seed)
{
	static const char *words[] = {"GET",     "POST", "/api/v1/users",
	                              "200",     "404",  "0.012",
	                              "Mozilla", "-",    "/assets/app.js"};
	size_t k = 0;
	while (k + 40 < n) {
		int w = 1 + (int)(*seed >> 16) % 8;
		for (int i = 0; i < w; i++) {
			*seed = *seed * 1103515245u + 12345u;
			const char *word = words[(*seed >> 16) % 9];
			size_t len = strlen(word);
			memcpy(buf + k, word, len);
			k += len;
			buf[k++] = ' ';
			k += (size_t)snprintf(buf + k, 8, "%u", *seed % 1000);
		}
		buf[k++] = '\n';
	}
	return k;
}

/* Many members of every size (empty ones, some larger than a read), a
 * member boundary inside a line, plain and full headers: the lines read
 * are exactly the bytes compressed. Then damage after and inside members:
 * what both builds must say alike. */
static void test_gzip_members(void)
{
	enum { MEMBERS = 40 };
	size_t cap = 6u << 20, n = 0, zn = 0, last = 0;
	char *data = malloc(cap);
	unsigned char *gz = NULL;
	unsigned seed = 7;
	for (int m = 0; m < MEMBERS; m++) {
		/* 0, a few bytes, up to about 400 KB; every 5th member cuts
		 * its last line short, so the next member completes it */
		size_t want = m % 7 == 3 ? 0 : (size_t)(m * m * 257) % 400000;
		size_t k = want ? log_text(data + n, want + 41, &seed) : 0;
		last = n; /* where the last member with text starts */
		if (m % 5 == 1 && k > 10)
			k -= 5;
		zn = m % 3 == 0 ? gz_member_hdr(&gz, zn, data + n, k)
		                : gz_member(&gz, zn, data + n, k);
		n += k;
	}
	data[n++] = '\n'; /* the last member: one newline, its own */
	zn = gz_member(&gz, zn, data + n - 1, 1);
	CHECK(zn > 4 * (128u << 10)); /* several reads of compressed bytes */

	char err[256];
	reader_t *r = reader_open(put("many.gz", gz, zn), err, sizeof(err));
	slice_t line;
	unsigned flags;
	uLong got = crc32(0, NULL, 0);
	int lines = 0;
	while (reader_next(r, &line, &flags) == READER_LINE) {
		got = crc32(got, (const Bytef *)line.p, (uInt)line.n);
		got = crc32(got, (const Bytef *)"\n", 1);
		lines++;
	}
	CHECK_STR(reader_error(r), "");
	reader_close(r);
	int want_lines = 0;
	for (size_t i = 0; i < n; i++)
		want_lines += data[i] == '\n';
	CHECK_INT(lines, want_lines);
	CHECK_INT(got, crc32(crc32(0, NULL, 0), (const Bytef *)data, (uInt)n));

	/* after the members: one stray byte is garbage; half a magic is a
	 * member cut short; a magic with an unknown method is garbage */
	unsigned char *tail = malloc(zn + 16);
	memcpy(tail, gz, zn);
	struct result res;
	tail[zn] = 'g';
	res = read_all(put("g1.gz", tail, zn + 1));
	CHECK_INT(res.lines, want_lines);
	CHECK_STR(res.err, "trailing garbage after gzip data");
	tail[zn] = 0x1f;
	res = read_all(put("g2.gz", tail, zn + 1));
	CHECK_INT(res.lines, want_lines);
	CHECK_STR(res.err, "truncated gzip data (unexpected end of file)");
	memcpy(tail + zn, "\x1f\x8b\x09\0\0\0\0\0\0\x03xxxxxx", 16);
	res = read_all(put("g3.gz", tail, zn + 16));
	CHECK_INT(res.lines, want_lines);
	CHECK_STR(res.err, "trailing garbage after gzip data");

	/* a byte flipped inside the deflate data of the last big member:
	 * corrupt (how zlib and ISA-L word it may differ), never a clean
	 * end, and every line of the members before it delivered */
	memcpy(tail, gz, zn);
	tail[zn - 200] ^= 0x10;
	res = read_all(put("c2.gz", tail, zn));
	CHECK_INT(res.status, READER_ERR);
	CHECK(strncmp(res.err, "corrupt gzip data: ", 19) == 0);
	int before = 0;
	for (size_t i = 0; i < last; i++)
		before += data[i] == '\n';
	CHECK(before > 1000 && res.lines >= before);
	free(tail);
	free(gz);
	free(data);
}

/* One zstd frame of data appended to out. */
static size_t zstd_frame(unsigned char **out, size_t len, const char *data,
                         size_t n)
{
	size_t cap = ZSTD_compressBound(n);
	*out = realloc(*out, len + cap);
	/* with a checksum, as the zstd command writes by default */
	ZSTD_CCtx *c = ZSTD_createCCtx();
	ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);
	size_t k = ZSTD_compress2(c, *out + len, cap, data, n);
	ZSTD_freeCCtx(c);
	CHECK(!ZSTD_isError(k));
	return len + k;
}

static void test_zstd(void)
{
	unsigned char *z = NULL;
	size_t n = zstd_frame(&z, 0, "a\nb\n", 4);
	n = zstd_frame(&z, n, "c\nd", 3); /* cat a.zst b.zst */
	struct result r = read_all(put("m.zst", z, n));
	CHECK_INT(r.lines, 4);
	CHECK_STR(r.last, "d");
	CHECK_INT(r.status, READER_EOF);
	free(z);

	char *big = malloc(200000);
	for (int i = 0; i < 20000; i++)
		memcpy(big + 10 * i, "line 1234\n", 10);
	z = NULL;
	n = zstd_frame(&z, 0, big, 200000);
	r = read_all(put("t.zst", z, n - 3));
	CHECK_INT(r.status, READER_ERR);
	CHECK_STR(r.err, "truncated zstd data (unexpected end of file)");
	CHECK(r.lines <= 20000); /* the cut took the checksum only */
	z[n / 2] ^= 0x55; /* a flipped byte in the middle: the checksum */
	r = read_all(put("c.zst", z, n));
	CHECK_INT(r.status, READER_ERR);
	CHECK(strncmp(r.err, "corrupt zstd data: ", 19) == 0);
	free(z);
	free(big);

	/* other compressions are named, with the command that reads them */
	r = read_all(put("x.xz",
	                 "\xfd"
	                 "7zXZ\0rest",
	                 10));
	CHECK_INT(r.status, -2);
	CHECK(strstr(r.err, "xz-compressed") && strstr(r.err, "xz -dc"));
	r = read_all(put("x.bz2", "BZh91AY&SY", 10));
	CHECK_INT(r.status, -2);
	CHECK(strstr(r.err, "bzip2-compressed") != NULL);
	r = read_all(put("bz", "BZh is text", 11)); /* not a bzip2 magic */
	CHECK_INT(r.status, READER_EOF);
}

/* A plain file cut (logrotate's copytruncate) while it is read: the lines
 * before the cut are read and the reader says the file shrank. */
static void test_shrunk(void)
{
	enum { LINES = 100000 }; /* 1 MB, several blocks */
	char *big = malloc(LINES * 10);
	for (int i = 0; i < LINES; i++)
		memcpy(big + 10 * i, "line 1234\n", 10);
	const char *path = put("shrink.log", big, LINES * 10);
	char err[256];
	reader_t *r = reader_open(path, err, sizeof(err));
	slice_t line;
	unsigned flags;
	CHECK_INT(reader_next(r, &line, &flags), READER_LINE);
	CHECK_INT(truncate(path, 600000), 0);
	int lines = 1;
	while (reader_next(r, &line, &flags) == READER_LINE)
		lines++;
	CHECK(lines < LINES);
	CHECK_INT(reader_shrunk(r), 1);
	reader_close(r);
	/* read whole, it did not shrink */
	r = reader_open(path, err, sizeof(err));
	while (reader_next(r, &line, &flags) == READER_LINE)
		;
	CHECK_INT(reader_shrunk(r), 0);
	CHECK_INT(reader_lineno(r), 60000);
	reader_close(r);
	free(big);
}

static void test_long_lines(void)
{
	/* 1 MiB line kept whole, 5 MiB line skipped, both followed by a
	 * normal line; plain and gzip */
	size_t mib = 1u << 20;
	size_t n = mib + 1 + 5 * mib + 1 + 4;
	char *data = malloc(n);
	memset(data, 'x', n);
	data[mib] = '\n';
	data[mib + 1 + 5 * mib] = '\n';
	memcpy(data + n - 4, "end\n", 4);

	for (int gz = 0; gz < 2; gz++) {
		const char *path;
		unsigned char *z = NULL;
		if (gz) {
			size_t zn = gz_member(&z, 0, data, n);
			path = put("long.gz", z, zn);
		} else {
			path = put("long", data, n);
		}
		char err[256];
		reader_t *r = reader_open(path, err, sizeof(err));
		slice_t line;
		unsigned flags;
		CHECK_INT(reader_next(r, &line, &flags), READER_LINE);
		CHECK_INT(line.n, mib);
		CHECK_INT(flags, 0);
		CHECK_INT(reader_next(r, &line, &flags), READER_LINE);
		CHECK_INT(flags, READER_LONG);
		CHECK_INT(line.n, 0);
		CHECK_INT(reader_next(r, &line, &flags), READER_LINE);
		CHECK(slice_eq(line, "end"));
		CHECK_INT(reader_next(r, &line, &flags), READER_EOF);
		CHECK_INT(reader_lineno(r), 3);
		reader_close(r);
		check_blocks(path, 1);
		check_blocks(path, 1u << 20);
		free(z);
	}
	/* in blocks: short lines then over-long ones, the last without a
	 * newline, and a line of exactly the longest length kept */
	size_t m = 4 + 5 * mib + 1 + LINES_MAX + 1 + 5 * mib;
	char *d = malloc(m);
	memset(d, 'y', m);
	memcpy(d, "a\nb\n", 4);
	d[4 + 5 * mib] = '\n';
	d[4 + 5 * mib + 1 + LINES_MAX] = '\n';
	for (int gz = 0; gz < 2; gz++) {
		unsigned char *z = NULL;
		const char *path = put("long2", d, m);
		if (gz)
			path = put("long2.gz", z, gz_member(&z, 0, d, m));
		struct result res = read_all(path);
		CHECK_INT(res.lines, 5);
		CHECK_INT(res.longs, 2);
		free(z);
	}
	free(d);
	free(data);
}

/* Lines of every length from 1 to 300 bytes, so that some line crosses
 * every kind of block boundary; check each arrives intact. */
static void test_boundaries(void)
{
	size_t cap = 8u << 20, n = 0;
	char *data = malloc(cap);
	int count = 0;
	while (n + 400 < cap) {
		int len = 1 + count % 300;
		for (int i = 0; i < len; i++)
			data[n++] = (char)('a' + (count + i) % 26);
		data[n++] = '\n';
		count++;
	}
	char err[256];
	reader_t *r = reader_open(put("bound", data, n), err, sizeof(err));
	slice_t line;
	unsigned flags;
	int k = 0, bad = 0;
	while (reader_next(r, &line, &flags) == READER_LINE) {
		size_t len = 1 + (size_t)k % 300;
		if (line.n != len || line.p[0] != 'a' + k % 26 ||
		    line.p[len - 1] != 'a' + (k + (int)len - 1) % 26)
			bad++;
		k++;
	}
	CHECK_INT(k, count);
	CHECK_INT(bad, 0);
	reader_close(r);
	check_blocks(put("bound", data, n), 1u << 20);
	unsigned char *z = NULL;
	size_t zn = gz_member(&z, 0, data, n / 2);
	zn = gz_member(&z, zn, data + n / 2, n - n / 2); /* mid-line */
	check_blocks(put("bound.gz", z, zn), 1u << 20);
	check_blocks(put("bound.gz", z, zn), 1000);
	check_blocks(put("boundcut.gz", z, zn - 1000), 1u << 20);
	free(z);
	free(data);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_plain();
	printf("test_reader: gzip inflated by %s\n", reader_gzip_library());
	test_gzip();
	test_gzip_members();
	test_zstd();
	test_shrunk();
	test_long_lines();
	test_boundaries();
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return CHECK_DONE("test_reader");
}
