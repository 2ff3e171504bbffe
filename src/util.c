/*
 * util.c - allocation wrappers, slice helpers and the few number parsers
 * every log format needs. Parsers here take (pointer, length) because the
 * text they read is a slice of the reader's buffer, never NUL-terminated.
 */
#include "util.h"

#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <unistd.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static util_fatal_fn fatal_fn;

void util_set_fatal(util_fatal_fn fn)
{
	fatal_fn = fn;
}

void util_fatal(const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (fatal_fn)
		fatal_fn(msg);
	abort(); /* the handler did not end the process, or there is none */
}

static void oom(size_t n)
{
	util_fatal("out of memory (allocating %zu bytes)", n);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		oom(count * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

char *xstrndup(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

int slice_eq(slice_t a, const char *s)
{
	size_t n = strlen(s);
	return a.n == n && (n == 0 || memcmp(a.p, s, n) == 0);
}

/* Shared by the seconds and milliseconds parsers: scale is the number of
 * microseconds in one unit of the integer part, fdigits how many
 * fractional digits make a microsecond. */
static int parse_fixed(const char *p, size_t n, int64_t scale, int fdigits,
                       int64_t *out)
{
	size_t i = 0;
	int64_t ip = 0, fp = 0;
	int nd = 0, fd = 0;

	while (i < n && p[i] >= '0' && p[i] <= '9') {
		if (++nd > 12)
			return -1;
		ip = ip * 10 + (p[i] - '0');
		i++;
	}
	if (i < n && p[i] == '.') {
		i++;
		while (i < n && p[i] >= '0' && p[i] <= '9') {
			if (fd < fdigits) {
				fp = fp * 10 + (p[i] - '0');
				fd++;
			}
			nd++;
			i++;
		}
	}
	if (i != n || nd == 0)
		return -1;
	while (fd < fdigits) {
		fp *= 10;
		fd++;
	}
	*out = ip * scale + fp;
	return 0;
}

int parse_seconds_us(const char *p, size_t n, int64_t *us)
{
	/* nginx writes times as seconds and exactly three decimals */
	if (n >= 5 && n <= 10 && p[n - 4] == '.') {
		int64_t v = 0;
		for (size_t i = 0; i < n - 4; i++) {
			if ((unsigned)(p[i] - '0') >= 10)
				goto general;
			v = v * 10 + (p[i] - '0');
		}
		for (size_t i = n - 3; i < n; i++) {
			if ((unsigned)(p[i] - '0') >= 10)
				goto general;
			v = v * 10 + (p[i] - '0');
		}
		*us = v * 1000;
		return 0;
	}
general:
	return parse_fixed(p, n, 1000000, 6, us);
}

int parse_duration_us(const char *s, int64_t *us)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (end == s || errno || !isfinite(v) || v < 0)
		return -1;
	double scale;
	if (strcmp(end, "us") == 0 || strcmp(end, "µs") == 0)
		scale = 1;
	else if (strcmp(end, "ms") == 0)
		scale = 1e3;
	else if (strcmp(end, "s") == 0)
		scale = 1e6;
	else if (strcmp(end, "m") == 0 || strcmp(end, "min") == 0)
		scale = 60e6;
	else if (strcmp(end, "h") == 0)
		scale = 3600e6;
	else if (strcmp(end, "d") == 0)
		scale = 86400e6;
	else
		return -1;
	double r = v * scale;
	if (r > 1e15)
		return -1;
	*us = llround(r);
	return 0;
}

int parse_ms_us(const char *p, size_t n, int64_t *us)
{
	return parse_fixed(p, n, 1000, 3, us);
}

int parse_u64(const char *p, size_t n, uint64_t *out)
{
	uint64_t v = 0;

	if (n == 0 || n > 18)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(p[i] - '0');
	}
	*out = v;
	return 0;
}

/* Eight bytes at a time, each word mixed in with a multiply and a shift
 * (the splitmix64 finaliser): fast on short keys, well spread for the
 * open-addressing tables that mask off the low bits. */
static inline uint64_t mix(uint64_t h)
{
	h ^= h >> 31;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 29;
	return h;
}

uint64_t hash_bytes(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n, w;

	while (n >= 8) {
		memcpy(&w, s, 8);
		h = mix(h ^ w) * 0x94d049bb133111ebULL;
		s += 8;
		n -= 8;
	}
	w = 0;
	if (n)
		memcpy(&w, s, n);
	h = mix(h ^ w);
	return h ^ (h >> 32);
}

/* Howard Hinnant's util_days_from_civil: exact for any Gregorian date. */
int64_t util_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

char *util_iso8601(int64_t t, char *buf, size_t len)
{
	int64_t z = (t >= 0 ? t : t - 86399) / 86400;
	int64_t secs = t - z * 86400;
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = (int64_t)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	unsigned d = doy - (153 * mp + 2) / 5 + 1;
	unsigned m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	snprintf(buf, len, "%04lld-%02u-%02uT%02d:%02d:%02dZ", (long long)y, m,
	         d, (int)(secs / 3600), (int)(secs / 60 % 60),
	         (int)(secs % 60));
	return buf;
}

int write_all(int fd, const void *buf, size_t n)
{
	for (size_t off = 0; off < n;) {
		ssize_t w = write(fd, (const char *)buf + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		off += (size_t)w;
	}
	return 0;
}

int write_atomic(const char *path, const void *data, size_t n)
{
	char tmp[4096];
	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	int bad = write_all(fd, data, n) < 0 || fsync(fd) < 0;
	bad = close(fd) < 0 || bad;
	if (bad || rename(tmp, path) < 0) {
		int e = errno;
		unlink(tmp);
		errno = e;
		return -1;
	}
	return 0;
}

size_t utf8_seq(const unsigned char *p, size_t n)
{
	size_t len;
	unsigned lo = 0x80, hi = 0xBF; /* the second byte's range */
	if (n == 0)
		return 0;
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xC2 && p[0] <= 0xDF)
		len = 2;
	else if (p[0] >= 0xE0 && p[0] <= 0xEF)
		len = 3, lo = p[0] == 0xE0 ? 0xA0 : 0x80,
		hi = p[0] == 0xED ? 0x9F : 0xBF;
	else if (p[0] >= 0xF0 && p[0] <= 0xF4)
		len = 4, lo = p[0] == 0xF0 ? 0x90 : 0x80,
		hi = p[0] == 0xF4 ? 0x8F : 0xBF;
	else
		return 0;
	if (n < len || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (p[i] < 0x80 || p[i] > 0xBF)
			return 0;
	return len;
}

const char *util_grouped(char *buf, uint64_t v)
{
	char tmp[32];
	int n = snprintf(tmp, sizeof(tmp), "%llu", (unsigned long long)v);
	int o = 0;
	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = tmp[i];
	}
	buf[o] = '\0';
	return buf;
}
