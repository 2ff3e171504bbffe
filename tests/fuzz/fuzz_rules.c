/*
 * fuzz_rules.c - the rules loader (libyaml walk, value checks, PCRE2
 * compilation) on arbitrary text; rules that load are matched against a
 * request to exercise the compiled patterns.
 */
#include <stdint.h>
#include <string.h>

#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	rules_err_t e;
	rules_t *r = rules_load_buf((const char *)data, size, "fuzz", &e);
	if (!r)
		return 0;
	rules_scratch_t *sc = rules_scratch_new();
	request_t req = {0};
	req.method = (slice_t){"GET", 3};
	req.path = (slice_t){"/api/v1/users/42", 16};
	req.status_txt = (slice_t){"503", 3};
	req.status = 503;
	for (int i = 0; i < r->nsli; i++)
		rules_match(&r->sli[i], &req, sc);
	rules_scratch_free(sc);
	rules_free(r);
	return 0;
}
