/*
 * fuzz_rails.c - the Rails request-log parser: prefixes, tags, correlation
 * table, every request-line shape, on arbitrary bytes split into lines; every
 * request handed out must hold the invariants of invariants.h (and every
 * unparsed line has a reason).
 */
#include <stdint.h>
#include <string.h>

#include "format.h"
#include "format_rails.h"
#include "invariants.h"
#include "lines.h"
#include "route.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void line(void *ctx, const char *p, size_t n)
{
	request_t req;
	int rc = rails_feed(ctx, p, n, &req);
	FUZZ_ASSERT(rc == FEED_REQUEST || rc == FEED_NONE || rc == FEED_OTHER ||
	            rc == FEED_UNPARSED);
	if (rc == FEED_REQUEST) {
		fuzz_check_request(&req);
	}
	if (rc == FEED_UNPARSED) {
		const char *why = rails_why(ctx);
		FUZZ_ASSERT(why != NULL && why[0] != '\0');
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
