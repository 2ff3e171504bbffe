/*
 * format_rails.h - the classic Rails request log (Started / Processing /
 * Completed, Rails 2 to 8), with request correlation. Used through
 * format.h; declared here for format.c and the tests.
 */
#ifndef SLICALC_FORMAT_RAILS_H
#define SLICALC_FORMAT_RAILS_H

#include <stddef.h>
#include <stdint.h>

#include "request.h"

typedef struct rails rails_t;

rails_t *rails_new(void);
void rails_free(rails_t *r);

/* enum feed_result (format.h) for one line. */
int rails_feed(rails_t *r, const char *p, size_t n, request_t *req);
const char *rails_why(const rails_t *r);
void rails_finish(rails_t *r);
/* Requests never completed so far, by reason: adds to by[INC_N]
 * (enum incomplete_why, format.h). */
void rails_incomplete(const rails_t *r, uint64_t *by);

/* 1 if the line is a Rails request line (for format detection). */
int rails_is_request_line(const char *p, size_t n);

#endif
