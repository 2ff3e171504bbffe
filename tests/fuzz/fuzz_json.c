/*
 * fuzz_json.c - the JSON-lines parser (jsmn tokens, key lookup, string
 * unescaping), on arbitrary bytes split into lines; every request handed out is
 * also given an endpoint key.
 */
#include <stdint.h>
#include <string.h>

#include "format.h"
#include "format_json.h"
#include "route.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	jsonfmt_t *p = jsonfmt_new(NULL);
	const char *q = (const char *)data, *end = q + size;
	char key[ROUTE_MAX];
	while (q < end) {
		const char *nl = memchr(q, '\n', (size_t)(end - q));
		size_t n = nl ? (size_t)(nl - q) : (size_t)(end - q);
		request_t req;
		if (jsonfmt_feed(p, q, n, &req) == FEED_REQUEST) {
			route_key(&req, GROUP_ROUTE, key, sizeof(key));
			route_key(&req, GROUP_ACTION, key, sizeof(key));
		}
		q += n + 1;
	}
	(void)jsonfmt_why(p);
	jsonfmt_free(p);
	return 0;
}
