/*
 * fuzz_json.c - the JSON-lines parser (jsmn tokens, key lookup, string
 * unescaping), on arbitrary bytes split into lines; every request handed out is
 * also given an endpoint key.
 */
#include <stdint.h>
#include <string.h>

#include "format.h"
#include "format_json.h"
#include "lines.h"
#include "route.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void line(void *ctx, const char *p, size_t n)
{
	char key[ROUTE_MAX];
	request_t req;
	if (jsonfmt_feed(ctx, p, n, &req) == FEED_REQUEST) {
		route_key(&req, GROUP_ROUTE, key, sizeof(key));
		route_key(&req, GROUP_ACTION, key, sizeof(key));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	jsonfmt_t *p = jsonfmt_new(NULL);
	each_line(data, size, line, p);
	(void)jsonfmt_why(p);
	jsonfmt_free(p);
	return 0;
}
