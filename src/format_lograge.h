/*
 * format_lograge.h - lograge's key=value request lines. Used through
 * format.h; declared here for format.c and the tests.
 */
#ifndef SLICALC_FORMAT_LOGRAGE_H
#define SLICALC_FORMAT_LOGRAGE_H

#include <stddef.h>

#include "format.h"
#include "request.h"

typedef struct lograge lograge_t;

/* fields: the JSON key names for lograge's JSON formatter lines (NULL:
 * the usual ones); not owned, must outlive the parser. */
lograge_t *lograge_new(const json_fields_t *fields);
void lograge_free(lograge_t *g);

/* enum feed_result (format.h) for one line. */
int lograge_feed(lograge_t *g, const char *p, size_t n, request_t *req);
const char *lograge_why(const lograge_t *g);

#endif
