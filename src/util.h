/*
 * util.h - small helpers shared by every module: allocation that never
 * returns NULL, byte slices, number parsing on non-terminated text.
 *
 * Out of memory is not an error path in slicalc (as in redis): the x*
 * allocators call util_fatal(), so callers never check for NULL.
 */
#ifndef SLICALC_UTIL_H
#define SLICALC_UTIL_H

#include <stddef.h>
#include <stdint.h>

/*
 * What the library does when it cannot go on (out of memory; embedded
 * rules that do not load, a build bug): it calls the handler the command
 * layer set with util_set_fatal(), which says so and ends the process;
 * without one, or if the handler returns, it aborts. The library itself
 * never prints or exits.
 */
typedef void (*util_fatal_fn)(const char *msg);
void util_set_fatal(util_fatal_fn fn);
__attribute__((noreturn, format(printf, 1, 2))) void util_fatal(const char *fmt,
                                                                ...);

/* A view into someone else's bytes; never owns them and is not terminated. */
typedef struct {
	const char *p;
	size_t n;
} slice_t;

#define SLICE_EMPTY ((slice_t){NULL, 0})

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* 1 if the slice equals the NUL-terminated string s, else 0. */
int slice_eq(slice_t a, const char *s);

/*
 * Parse a decimal number of seconds with up to 6 fractional digits
 * ("0.123", "12", "1.5") into microseconds. Returns 0 and sets *us on
 * success, -1 if the text is not such a number. Extra fractional digits
 * beyond microseconds are truncated.
 */
int parse_seconds_us(const char *p, size_t n, int64_t *us);

/*
 * Parse a duration such as "300ms", "1.5s", "250us", "5m", "1h", "30d"
 * (NUL-terminated) into microseconds. Returns 0, or -1 when it is not one
 * (no unit, negative, or over 1e15 us).
 */
int parse_duration_us(const char *s, int64_t *us);

/* Like parse_seconds_us, for a number of milliseconds ("12", "90.6"). */
int parse_ms_us(const char *p, size_t n, int64_t *us);

/*
 * Parse an unsigned decimal integer of at most 18 digits. Returns 0 on
 * success, -1 if empty, too long or not all digits.
 */
int parse_u64(const char *p, size_t n, uint64_t *out);

/* A 64-bit hash of n bytes, for the endpoint tables. Not for security. */
uint64_t hash_bytes(const void *p, size_t n);

/*
 * Format an epoch time (UTC) as "2026-11-01T00:00:00Z" into buf (at least
 * 21 bytes). Returns buf.
 */
char *util_iso8601(int64_t epoch, char *buf, size_t len);

/* Days since 1970-01-01 for a proleptic Gregorian date (month 1..12). */
int64_t util_days_from_civil(int64_t y, unsigned m, unsigned d);

/*
 * The length (1 to 4) of the valid UTF-8 sequence at p[0..n), or 0 when
 * the bytes there are not one: no overlong forms, surrogates or code
 * points past U+10FFFF (as Prometheus, Go's utf8.ValidString and JSON
 * parsers judge). 0 for n == 0.
 */
size_t utf8_seq(const unsigned char *p, size_t n);

/* All n bytes of buf to fd, through short writes and EINTR. Returns 0,
 * or -1 when a write fails (errno set) or writes nothing. */
int write_all(int fd, const void *buf, size_t n);

/* Write n bytes to path atomically: a temporary file beside it, fsync,
 * rename, so a reader (Prometheus, node_exporter, a resume) never sees
 * half a file. Returns 0, or -1 with errno set and path untouched. */
int write_atomic(const char *path, const void *data, size_t n);

/* v with its digits grouped by thousands ("1,234,567") into buf (at
 * least 32 bytes); returns buf. The library's messages and every writer
 * (report_grouped) group counts alike. */
const char *util_grouped(char *buf, uint64_t v);

#endif
