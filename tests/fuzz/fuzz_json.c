/*
 * fuzz_json.c - the JSON-lines parser (jsmn tokens, key lookup, string
 * unescaping), on arbitrary bytes split into lines; every request handed out is
 * also given an endpoint key.
 */
#include <stdint.h>
#include <string.h>

#include "format.h"
#include "format_json.h"
#include "invariants.h"
#include "lines.h"
#include "route.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void line(void *ctx, const char *p, size_t n)
{
	request_t req;
	int rc = jsonfmt_feed(ctx, p, n, &req);
	FUZZ_ASSERT(rc == FEED_REQUEST || rc == FEED_OTHER ||
	            rc == FEED_UNPARSED);
	if (rc == FEED_REQUEST) {
		fuzz_check_request(&req);
	}
	if (rc == FEED_UNPARSED) {
		const char *why = jsonfmt_why(ctx);
		FUZZ_ASSERT(why != NULL && why[0] != '\0');
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
