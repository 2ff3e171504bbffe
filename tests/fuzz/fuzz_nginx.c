/*
 * fuzz_nginx.c - the log_format compiler and the line parser. The input's
 * first line is a log_format, the rest are log lines; every line that
 * parses must hold the invariants of invariants.h (slices inside the
 * line, the status its digits say, endpoint keys), and every one that
 * does not gets its error described, so all of format_nginx.c, request.c
 * and route.c run on hostile bytes. The default format must compile.
 */
#include <stdint.h>
#include <string.h>

#include "format_nginx.h"
#include "invariants.h"
#include "route.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	const char *nl = memchr(p, '\n', size);
	size_t fn = nl ? (size_t)(nl - p) : size;
	char fmt[512];
	if (fn >= sizeof(fmt))
		return 0;
	memcpy(fmt, p, fn);
	fmt[fn] = '\0';

	char err[256], msg[160];
	size_t off;
	/* the user's format, and the default with its optional tail */
	nginx_fmt_t *f[2] = {
	    nginx_fmt_compile(fmt, NULL, (enum latency_src)(size % 4), err,
	                      sizeof(err), &off),
	    nginx_fmt_compile(NGINX_COMBINED,
	                      " $request_time $upstream_response_time",
	                      LAT_REQUEST_TIME, err, sizeof(err), &off)};
	FUZZ_ASSERT(f[1] != NULL);
	nginx_ctx_t ctx = {0};
	const char *q = nl ? nl + 1 : p + size, *end = p + size;
	while (q < end) {
		const char *e = memchr(q, '\n', (size_t)(end - q));
		size_t n = e ? (size_t)(e - q) : (size_t)(end - q);
		for (int k = 0; k < 2; k++) {
			request_t req;
			nginx_perr_t pe;
			if (!f[k])
				continue;
			if (nginx_parse(f[k], &ctx, q, n, &req, &pe) == 0) {
				fuzz_within(req.method, q, n);
				fuzz_path_within(req.path, q, n);
				fuzz_within(req.status_txt, q, n);
				fuzz_within(req.host, q, n);
				fuzz_within(req.user_agent, q, n);
				fuzz_check_request(&req);
			} else {
				msg[0] = '\0';
				nginx_perr_describe(f[k], &pe, msg,
				                    sizeof(msg));
				FUZZ_ASSERT(msg[0] != '\0' &&
				            strlen(msg) < sizeof(msg));
			}
		}
		q += n + 1;
	}
	nginx_fmt_free(f[0]);
	nginx_fmt_free(f[1]);
	return 0;
}
