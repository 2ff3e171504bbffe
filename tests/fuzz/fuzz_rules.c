/*
 * fuzz_rules.c - the rules loader (libyaml walk, value checks, PCRE2
 * compilation) on arbitrary text; rules that load are matched against a
 * request to exercise the compiled patterns (all SLIs at once, as the
 * run matches them, against each SLI by PCRE2), and linted (rules_never, as
 * `slicalc check` does, over PCRE2's pattern info) field by field. A
 * failed load must say why; a loaded file has SLIs, and matching is
 * repeatable; the lint answers 0 or 1, with a short NUL-terminated reason
 * exactly when 1, the same at any buffer size, and only of a pattern
 * there is (rules_pattern).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "invariants.h"
#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The lint of every match field of SLI i (and of one past them). */
static void lint(const rules_t *r, int i)
{
	const sli_t *s = i < r->nsli ? &r->sli[i] : NULL;
	for (int f = -1; f <= M_N; f++) {
		char why[256], small[8];
		memset(why, 'x', sizeof(why));
		memset(small, 'x', sizeof(small));
		int never = rules_never(r, i, f, why, sizeof(why));
		int line = -1, col = -1;
		const char *pat = s ? rules_pattern(s, f, &line, &col) : NULL;
		FUZZ_ASSERT(never == 0 || never == 1);
		/* never only of a pattern there is */
		FUZZ_ASSERT(!never || pat);
		if (pat) {
			FUZZ_ASSERT(line >= 0 && col >= 0);
			FUZZ_ASSERT(strlen(pat) < 1u << 20);
		} else if (s) {
			FUZZ_ASSERT(f < 0 || f >= M_N || !s->match[f]);
		}
		if (!never)
			continue;
		/* a reason, NUL-terminated, short enough for check's 200
		 * bytes, and the same cut to a smaller buffer */
		FUZZ_ASSERT(memchr(why, '\0', sizeof(why)) != NULL);
		FUZZ_ASSERT(why[0] != '\0' && strlen(why) < 200);
		FUZZ_ASSERT(rules_never(r, i, f, small, sizeof(small)) == 1);
		FUZZ_ASSERT(small[sizeof(small) - 1] == '\0' &&
		            strncmp(small, why, sizeof(small) - 1) == 0);
	}
}

/* labels: keys are label names, never __ or (for labels) the ones the
 * generated rules set; values are there (labels: not empty). */
static void kv_ok(const kv_map_t *m, int labels)
{
	FUZZ_ASSERT(m->n >= 0 && m->n <= RULES_MAX_KV && (!m->n || m->kv));
	for (int i = 0; i < m->n; i++) {
		const char *k = m->kv[i].key;
		FUZZ_ASSERT(k && m->kv[i].value);
		FUZZ_ASSERT((*k >= 'a' && *k <= 'z') ||
		            (*k >= 'A' && *k <= 'Z') || *k == '_');
		FUZZ_ASSERT(strncmp(k, "__", 2) != 0);
		FUZZ_ASSERT(!labels ||
		            (*m->kv[i].value && strcmp(k, "sli") &&
		             strcmp(k, "slo") && strcmp(k, "severity") &&
		             strcmp(k, "alertname")));
	}
}

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
	/* all SLIs at once (Hyperscan where built with it) decide as
	 * each by PCRE2; a pattern Hyperscan decides exactly may decide
	 * what PCRE2 could not (-1) */
	uint64_t *cand = calloc((size_t)rules_words(r), sizeof(*cand));
	FUZZ_ASSERT(cand != NULL);
	rules_match_all(r, &req, route, sc, cand);
	for (int i = 0; i < r->nsli; i++) {
		int want = rules_match(&r->sli[i], &req, route, sc);
		int in = (int)((cand[i >> 6] >> (i & 63)) & 1);
		int got = in ? rules_match_cand(r, i, &req, route, sc) : 0;
		FUZZ_ASSERT(got == want || want == -1);
	}
	free(cand);
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
	for (int i = 0; i < r->nsli; i++) {
		lint(r, i);
		kv_ok(&r->sli[i].labels, 1);
		kv_ok(&r->sli[i].annotations, 0);
		for (int j = 0; j < r->sli[i].nalert; j++) {
			kv_ok(&r->sli[i].alert[j].labels, 1);
			kv_ok(&r->sli[i].alert[j].annotations, 0);
		}
	}
	rules_add_census(r, GROUP_ROUTE);
	lint(r, r->nsli - 1); /* the census has no pattern */
	lint(r, r->nsli);     /* no such SLI */
	FUZZ_ASSERT(r->census == 1 && r->sli[r->nsli - 1].census &&
	            rules_nuser(r) == r->nsli - 1);
	rules_scratch_free(sc);
	rules_free(r);
	return 0;
}
