/*
 * format_nginx.h - an nginx log_format string compiled into a line parser.
 *
 * The user pastes the log_format from nginx.conf; we compile it once into
 * a list of fields, each with the literal text before it, and parse lines
 * in place against it. A field's value ends where its kind says: a number
 * at the end of its digits, a time_local after 26 bytes, an $upstream_*
 * list ("0.1, 0.2 : 0.3") after its last item, any other text at the first
 * occurrence of the literal that follows it. Text after the whole format
 * (extra fields appended to a known format) is ignored.
 *
 * A compiled format is immutable and may be shared between threads.
 */
#ifndef SLICALC_FORMAT_NGINX_H
#define SLICALC_FORMAT_NGINX_H

#include <stddef.h>
#include <stdint.h>

#include "request.h"

typedef struct nginx_fmt nginx_fmt_t;

/* Which variable gives a request's latency. */
enum latency_src {
	LAT_REQUEST_TIME = 0,
	LAT_UPSTREAM_RESPONSE_TIME,
	LAT_UPSTREAM_HEADER_TIME,
	LAT_UPSTREAM_CONNECT_TIME,
};

/* nginx's predefined format. */
#define NGINX_COMBINED                                                         \
	"$remote_addr - $remote_user [$time_local] \"$request\" $status "      \
	"$body_bytes_sent \"$http_referer\" \"$http_user_agent\""

/*
 * Compile fmt. optional_tail, when not NULL, is more format text whose
 * fields are each used when present and valid and otherwise ignored (the
 * embedded default uses it for " $request_time $upstream_response_time");
 * its fields must be numbers or $upstream_* lists. Returns NULL on error
 * with a message in err and the byte offset in fmt in *erroff.
 */
nginx_fmt_t *nginx_fmt_compile(const char *fmt, const char *optional_tail,
                               enum latency_src lat, char *err, size_t errlen,
                               size_t *erroff);

void nginx_fmt_free(nginx_fmt_t *f);

/* 1 if the format has the variable that latency is read from. */
int nginx_fmt_has_latency(const nginx_fmt_t *f);

/* 1 if the format has a timestamp variable. */
int nginx_fmt_has_time(const nginx_fmt_t *f);

/* Why a line did not parse: filled by nginx_parse on failure. */
typedef struct nginx_perr {
	int field;  /* index of the field being read */
	int why;    /* internal code, for nginx_perr_describe */
	size_t col; /* 0-based byte offset in the line */
} nginx_perr_t;

/*
 * Per-thread parse state: the last $time_local seen and its value, since
 * consecutive lines mostly share their second. Zero it before first use.
 */
typedef struct nginx_ctx {
	char tkey[26];
	int64_t tval;
	int tvalid;
} nginx_ctx_t;

/*
 * Parse one line (without its newline) into req. Returns 0 on success, -1
 * when the line does not fit the format (e is filled). req's slices point
 * into p. ctx may be NULL (no caching).
 */
int nginx_parse(const nginx_fmt_t *f, nginx_ctx_t *ctx, const char *p, size_t n,
                request_t *req, nginx_perr_t *e);

/* A sentence for e, such as "status is not a number (column 48)". */
void nginx_perr_describe(const nginx_fmt_t *f, const nginx_perr_t *e, char *buf,
                         size_t len);

#endif
