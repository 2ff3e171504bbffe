/*
 * format_json.h - one JSON object per line (nginx escape=json templates,
 * lograge's JSON formatter, other app logs). Used through format.h.
 */
#ifndef SLICALC_FORMAT_JSON_H
#define SLICALC_FORMAT_JSON_H

#include <stddef.h>

#include "format.h"
#include "request.h"

typedef struct jsonfmt jsonfmt_t;

/* fields may be NULL: the usual key names. Not owned; must outlive. */
jsonfmt_t *jsonfmt_new(const json_fields_t *fields);
void jsonfmt_free(jsonfmt_t *j);

/* enum feed_result for one line. */
int jsonfmt_feed(jsonfmt_t *j, const char *p, size_t n, request_t *req);
const char *jsonfmt_why(const jsonfmt_t *j);

#endif
