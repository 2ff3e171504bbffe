/*
 * fuzz_rails.c - the Rails request-log parser: prefixes, tags, correlation
 * table, every request-line shape, on arbitrary bytes split into lines; every
 * request handed out is also given an endpoint key.
 */
#include <stdint.h>
#include <string.h>

#include "format.h"
#include "format_rails.h"
#include "lines.h"
#include "route.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void line(void *ctx, const char *p, size_t n)
{
	char key[ROUTE_MAX];
	request_t req;
	if (rails_feed(ctx, p, n, &req) == FEED_REQUEST) {
		route_key(&req, GROUP_ROUTE, key, sizeof(key));
		route_key(&req, GROUP_ACTION, key, sizeof(key));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	rails_t *p = rails_new();
	each_line(data, size, line, p);
	rails_finish(p);
	uint64_t by[INC_N] = {0};
	rails_incomplete(p, by);
	(void)rails_why(p);
	rails_free(p);
	return 0;
}
