/*
 * fuzz_rules.c - the rules loader (libyaml walk, value checks, PCRE2
 * compilation) on arbitrary text; rules that load are matched against a
 * request to exercise the compiled patterns. A failed load must say why;
 * a loaded file has SLIs, and matching is repeatable.
 */
#include <stdint.h>
#include <string.h>

#include "invariants.h"
#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	rules_err_t e;
	e.msg[0] = '\0';
	rules_t *r = rules_load_buf((const char *)data, size, "fuzz", &e);
	if (!r) {
		/* every error says what is wrong */
		FUZZ_ASSERT(e.msg[0] != '\0' && strlen(e.msg) < sizeof(e.msg));
		return 0;
	}
	FUZZ_ASSERT(r->nsli >= 1 && r->npct >= 0 && r->npct <= RULES_MAX_PCT);
	rules_scratch_t *sc = rules_scratch_new();
	request_t req = {0};
	req.method = (slice_t){"GET", 3};
	req.path = (slice_t){"/api/v1/users/42", 16};
	req.status_txt = (slice_t){"503", 3};
	req.status = 503;
	req.query = (slice_t){"q=ada&page=2", 12};
	req.action = (slice_t){"UsersController#show", 20};
	slice_t route = {"GET /api/v1/users/:id", 21};
	for (int i = 0; i < r->nsli; i++) {
		FUZZ_ASSERT(rules_match(&r->sli[i], &req, route, sc) ==
		            rules_match(&r->sli[i], &req, route, sc));
		int f =
		    rules_match_file(&r->sli[i], FMT_RAILS, "log/app.log", sc);
		FUZZ_ASSERT(f >= -1 && f <= 1);
		/* an SLI without per-file patterns is for every file */
		if (!r->sli[i].match[M_FORMAT] && !r->sli[i].match[M_FILE])
			FUZZ_ASSERT(f == 1);
	}
	rules_add_census(r, GROUP_ROUTE);
	FUZZ_ASSERT(r->census == 1 && r->sli[r->nsli - 1].census &&
	            rules_nuser(r) == r->nsli - 1);
	rules_scratch_free(sc);
	rules_free(r);
	return 0;
}
