/*
 * format.h - the log formats behind one interface: bytes of a line in,
 * requests out.
 *
 * A format_t is the configuration (which kind, the compiled nginx
 * log_format, the JSON key names); it is immutable and shared by threads.
 * A parser_t is the state of reading one input with one concrete kind:
 * nginx, lograge and JSON lines stand alone, while a Rails request spans
 * several lines, so its parser keeps a bounded table of open requests.
 * Feed every line in order; call fmt_parser_finish() at the end of the input.
 * A request handed out points into the line or into the parser, and is
 * valid until the next call.
 */
#ifndef SLICALC_FORMAT_H
#define SLICALC_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#include "format_nginx.h"
#include "request.h"

enum fmt_kind { FMT_AUTO = 0, FMT_NGINX, FMT_RAILS, FMT_LOGRAGE, FMT_JSON };
#define FMT_NKINDS 5

/* "auto", "nginx", "rails", "lograge", "json" */
const char *fmt_name(enum fmt_kind k);

/* The kind named s, or -1. */
int fmt_lookup(const char *s);

/* JSON key names (NULL: the usual names, see format_json.c). */
typedef struct json_fields {
	char *method, *path, *request, *status, *latency, *time;
	char *controller, *action;
	int latency_unit_ms; /* -1: by key (duration: ms, request_time: s) */
} json_fields_t;

typedef struct format {
	enum fmt_kind kind;        /* FMT_AUTO: detect per input */
	const nginx_fmt_t *nginx;  /* for nginx lines; not owned */
	const json_fields_t *json; /* not owned */
	enum latency_src lat;      /* which nginx-style time is latency */
} format_t;

typedef struct parser parser_t;

/*
 * What one line was. For nginx, lograge and JSON lines every line is
 * exactly one of request, unparsed or other; a Rails request also spans
 * lines that are none of these (FEED_NONE: its Started and Processing
 * lines, a Completed line that pairs with nothing).
 */
enum feed_result {
	FEED_NONE = 0,     /* part of a request that ends elsewhere (Rails) */
	FEED_REQUEST = 1,  /* *req holds a request */
	FEED_OTHER = 2,    /* passed over by design: a blank line, Rails'
	                      SQL/view/parameter lines, a lograge file's
	                      other messages */
	FEED_UNPARSED = -1 /* the line should have been one and is not */
};

/* A parser of kind k (not FMT_AUTO) for one input. */
parser_t *fmt_parser_new(const format_t *f, enum fmt_kind k);
void fmt_parser_free(parser_t *p);

/* Feed the next line; returns enum feed_result. */
int fmt_parser_feed(parser_t *p, const char *line, size_t n, request_t *req);

/* Why the last FEED_UNPARSED line was not a request. */
void fmt_parser_describe(const parser_t *p, char *buf, size_t len);

/* End of input: open requests become incomplete. */
void fmt_parser_finish(parser_t *p);

/* The JSON key of a reason ("unfinished", ...) and its words for people. */
const char *fmt_incomplete_key(int why);
const char *fmt_incomplete_words(int why);

/* Requests seen but never completed, so far: by reason into by[INC_N];
 * returns their sum. */
uint64_t fmt_parser_incomplete(const parser_t *p, uint64_t *by);

/* 1 if lines of kind k stand alone, so a file can be cut anywhere
 * between lines and read in parallel. */
int fmt_splittable(enum fmt_kind k);

/*
 * The kind that reads most of the first lines of an input (buf, n bytes:
 * its beginning). FMT_NGINX when none reads any; *confident is 0 then.
 */
enum fmt_kind fmt_detect(const format_t *f, const char *buf, size_t n,
                         int *confident);

#endif
