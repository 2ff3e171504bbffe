/*
 * test_agg.c - the statistics: exact good/bad and threshold counts, the
 * endpoint bound with "(other)", and merge equal to one pass over all.
 */
#include <stdlib.h>

#include "agg.h"
#include "check.h"
#include "rules.h"

static const char *yaml =
    "slis:\n"
    "  - name: a\n"
    "    max_endpoints: 3\n"
    "    availability: {objective: 99, bad_status: [5xx, 429]}\n"
    "    latency:\n"
    "      - {threshold: 100ms, objective: 90}\n"
    "      - {threshold: 1s, objective: 99}\n"
    "  - name: b\n"
    "    group_by: none\n";

static request_t mk(int status, int64_t lat)
{
	request_t r = {0};
	r.status = status;
	r.latency_us = lat;
	r.time = REQ_NO_TIME;
	return r;
}

static void add(agg_t *a, int i, int status, int64_t lat, const char *key)
{
	request_t r = mk(status, lat);
	agg_add(a, i, &r, key, strlen(key), hash_bytes(key, strlen(key)));
}

static void test_counts(const rules_t *rules)
{
	agg_t *a = agg_new(rules);
	add(a, 0, 200, 100000, "GET /a"); /* exactly on the threshold: good */
	add(a, 0, 200, 100001, "GET /a");
	add(a, 0, 503, 5000, "GET /b");
	add(a, 0, 429, REQ_NO_LATENCY, "GET /c");
	add(a, 0, 404, 2000000, "GET /d"); /* 4th key: over the bound */
	add(a, 0, 200, 0, "GET /e");
	add(a, 0, 200, 10, "GET /a");
	agg_finish(a);
	const sli_agg_t *s = &a->s[0];
	CHECK_INT(s->total.requests, 7);
	CHECK_INT(s->total.good, 5);
	CHECK_INT(s->total.bad, 2);
	CHECK_INT(s->total.lat_count, 6);
	CHECK_INT(s->total.thr_good[0], 4);
	CHECK_INT(s->total.thr_good[1], 5);
	CHECK_INT(s->total.lat_max_us, 2000000);
	CHECK_INT(s->total.lat_sum_us, 100000 + 100001 + 5000 + 2000000 + 10);
	CHECK_INT(s->nep, 4); /* 3 + (other) */
	CHECK_STR(s->ep[s->other].key, AGG_OTHER);
	CHECK_INT(agg_other_requests(a, 0), 2);
	CHECK_INT(s->ep[0].st.requests, 3);
	agg_free(a);
}

static void test_merge(const rules_t *rules)
{
	agg_t *all = agg_new(rules), *x = agg_new(rules), *y = agg_new(rules);
	char key[32];
	unsigned seed = 7;
	uint64_t want_bad = 0, want_le100 = 0; /* counted here, not by agg */
	for (int i = 0; i < 5000; i++) {
		seed = seed * 1103515245 + 12345;
		int status = (int)(seed >> 8) % 7 ? 200 : 502;
		int64_t lat = (int64_t)((seed >> 4) % 3000000);
		snprintf(key, sizeof(key), "GET /%u", (seed >> 16) % 3);
		want_bad += status == 502;
		want_le100 += lat <= 100000;
		for (int k = 0; k < 2; k++) {
			request_t r = mk(status, lat);
			r.time = 1000 + i;
			agg_t *part = i < 2000 ? x : y;
			uint64_t h = hash_bytes(key, strlen(key));
			agg_add(all, k, &r, key, strlen(key), h);
			agg_add(part, k, &r, key, strlen(key), h);
			if (k == 0) {
				agg_time(all, r.time);
				agg_time(part, r.time);
			}
		}
	}
	agg_merge(x, y);
	agg_finish(x);
	agg_finish(all);
	CHECK_INT(x->tmin, 1000);
	CHECK_INT(x->tmax, 5999);
	for (int k = 0; k < 2; k++) {
		const stats_t *p = &x->s[k].total, *q = &all->s[k].total;
		CHECK_INT(p->requests, 5000);
		CHECK_INT(p->bad, want_bad);
		if (k == 0) /* b has no thresholds */
			CHECK_INT(p->thr_good[0], want_le100);
		CHECK_INT(p->requests, q->requests);
		CHECK_INT(p->bad, q->bad);
		CHECK_INT(p->thr_good[0], q->thr_good[0]);
		CHECK_INT(p->lat_sum_us, q->lat_sum_us);
		CHECK(memcmp(p->hist, q->hist, sizeof(hist_t)) == 0);
	}
	CHECK_INT(x->s[0].nep, all->s[0].nep);
	for (int j = 0; j < all->s[0].nep; j++) {
		const endpoint_t *e = &all->s[0].ep[j];
		int found = 0;
		for (int m = 0; m < x->s[0].nep; m++)
			if (strcmp(x->s[0].ep[m].key, e->key) == 0) {
				found = 1;
				CHECK_INT(x->s[0].ep[m].st.requests,
				          e->st.requests);
			}
		CHECK(found);
	}
	agg_free(all);
	agg_free(x);
	agg_free(y);
}

int main(void)
{
	rules_err_t e;
	rules_t *rules = rules_load_buf(yaml, strlen(yaml), "t", &e);
	CHECK_MSG(rules != NULL, "%s", e.msg);
	if (!rules)
		return CHECK_DONE("test_agg");
	test_counts(rules);
	test_merge(rules);
	rules_free(rules);
	return CHECK_DONE("test_agg");
}
