/*
 * fuzz_lograge.c - the lograge key=value parser,
 * on arbitrary bytes split into lines; every request handed out must hold the
 * invariants of invariants.h (and every unparsed line has a reason).
 */
#include <stdint.h>
#include <string.h>

#include "format.h"
#include "format_lograge.h"
#include "invariants.h"
#include "lines.h"
#include "route.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void line(void *ctx, const char *p, size_t n)
{
	request_t req;
	int rc = lograge_feed(ctx, p, n, &req);
	FUZZ_ASSERT(rc == FEED_REQUEST || rc == FEED_OTHER ||
	            rc == FEED_UNPARSED);
	if (rc == FEED_REQUEST) {
		/* a JSON formatter line's escaped strings are decoded into
		 * the parser's scratch, outside the line */
		if (!memchr(p, '{', n)) {
			fuzz_within(req.method, p, n);
			fuzz_path_within(req.path, p, n);
			fuzz_within(req.status_txt, p, n);
		}
		fuzz_check_request(&req);
	}
	if (rc == FEED_UNPARSED) {
		const char *why = lograge_why(ctx);
		FUZZ_ASSERT(why != NULL && why[0] != '\0');
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lograge_t *p = lograge_new(NULL);
	each_line(data, size, line, p);
	(void)lograge_why(p);
	lograge_free(p);
	return 0;
}
