/*
 * format_json.h - one JSON object per line (nginx escape=json templates,
 * lograge's JSON formatter, other app logs). Used through format.h.
 */
#ifndef SLICALC_FORMAT_JSON_H
#define SLICALC_FORMAT_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "format.h"
#include "request.h"

typedef struct jsonfmt jsonfmt_t;

/* fields may be NULL: the usual key names. Not owned; must outlive. */
jsonfmt_t *jsonfmt_new(const json_fields_t *fields);
void jsonfmt_free(jsonfmt_t *j);

/* enum feed_result for one line: an object, or an object after a Ruby
 * Logger prefix and tags (a prefixed line with no object is other). */
int jsonfmt_feed(jsonfmt_t *j, const char *p, size_t n, request_t *req);

/* The same for the object p[0..n) alone; a request without a time of its
 * own gets fallback_time (REQ_NO_TIME: none). */
int jsonfmt_feed_object(jsonfmt_t *j, const char *p, size_t n,
                        int64_t fallback_time, request_t *req);

/* Read as lograge's JSON formatter: an object with no method, path or
 * request in it is another message (FEED_OTHER), not an unparsed line. */
void jsonfmt_set_lograge(jsonfmt_t *j);
const char *jsonfmt_why(const jsonfmt_t *j);

#endif
