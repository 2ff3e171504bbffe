/*
 * test_state.c - saved states: a run over fixtures/odd.log (21 lines: 17
 * requests, 3 unparsed, 1 blank line, counted by hand from the file) and
 * a Rails log with an incomplete request, saved and loaded again, gives
 * the same numbers and the same JSON report; the positions of followed
 * files come back; a damaged byte, a cut file, another version and other
 * rules are errors with a message, never a silent reset. The bytes for
 * standard output are the file's, and a stream of states is cut into
 * them by their headers (merge -), a cut or foreign stream an error.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "check.h"
#include "report.h"
#include "run.h"
#include "state.h"

static char dir[] = "/tmp/slicalc-test-state-XXXXXX";

static char *json_of(const run_t *run)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	model_t *m = model_new(run);
	report_json(f, m);
	model_free(m);
	fclose(f);
	return buf;
}

static const char *path(const char *name)
{
	static char p[256];
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return p;
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	rules_t *rules = rules_default();
	format_t fmt = {FMT_AUTO, NULL, &rules->fields, LAT_REQUEST_TIME};
	char err[256];
	size_t off;
	nginx_fmt_t *nf = nginx_fmt_compile(
	    NGINX_COMBINED, " $request_time $upstream_response_time",
	    LAT_REQUEST_TIME, err, sizeof(err), &off);
	fmt.nginx = nf;

	/* a Rails request that never completes: one incomplete, unfinished */
	FILE *f = fopen(path("r.log"), "w");
	fputs("[a1] Started GET \"/x\" for 1.2.3.4 at 2026-11-02 08:00:00 "
	      "+0000\n"
	      "[a1]   Parameters: {}\n",
	      f);
	fclose(f);

	run_t *run = run_new(rules, &fmt);
	CHECK_INT(run_file(run, "fixtures/odd.log"), 0); /* from the top */
	CHECK_INT(run_file(run, path("r.log")), 0);
	agg_finish(run->agg);
	/* by hand: odd.log 21 lines, 17 requests, 3 unparsed, 1 blank;
	 * r.log 2 lines: a Started line (part of a request) and one other */
	CHECK_INT(run->agg->lines, 23);
	CHECK_INT(run->agg->requests, 17);
	CHECK_INT(run->agg->unparsed, 3);
	CHECK_INT(run->agg->other, 2);
	CHECK_INT(run->agg->incomplete, 1);
	CHECK_INT(run->agg->incomplete_by[INC_UNFINISHED], 1);

	follow_pos_t pos[3] = {{0}};
	pos[1].valid = 1;
	pos[1].dev = 7;
	pos[1].ino = 42;
	pos[1].offset = 96;
	pos[1].headn = 4;
	memcpy(pos[1].head, "[a1]", 4);
	CHECK_INT(state_save(path("s.state"), run, pos, 2, err, sizeof(err)),
	          0);

	/* loaded again: the same numbers, positions and report */
	run_t *again = run_new(rules, &fmt);
	follow_pos_t *got = NULL;
	int same = -1;
	CHECK_INT(
	    state_load(path("s.state"), again, &got, &same, err, sizeof(err)),
	    1);
	CHECK_INT(same, 0);
	CHECK_INT(again->nfiles, 2);
	CHECK_INT(again->agg->other, 2);
	CHECK_INT(again->agg->incomplete_by[INC_UNFINISHED], 1);
	CHECK_INT(again->files[1].other, 1);
	CHECK(got && !got[0].valid && got[1].valid);
	CHECK_INT(got ? got[1].offset : 0, 96);
	CHECK_INT(got ? got[1].ino : 0, 42);
	CHECK(got && memcmp(got[1].head, "[a1]", 4) == 0);
	char *j1 = json_of(run), *j2 = json_of(again);
	CHECK_STR(j2, j1);
	free(j1);
	free(j2);
	free(got);
	run_free(again);

	/* damaged: every kind is an error with a message */
	unsigned char *buf;
	size_t n;
	CHECK_INT(state_read(path("s.state"), &buf, &n, err, sizeof(err)), 1);
	run_t *bad = run_new(rules, &fmt);
	buf[n / 2] ^= 1;
	CHECK_INT(state_decode(buf, n, bad, &got, err, sizeof(err)), -1);
	CHECK(strstr(err, "checksum") != NULL);
	buf[n / 2] ^= 1;
	CHECK_INT(state_decode(buf, n - 9, bad, &got, err, sizeof(err)), -1);
	buf[8] = 99; /* a version from the future, with a right checksum */
	uLong crc = crc32(0L, buf, (uInt)(n - 4));
	for (int i = 0; i < 4; i++)
		buf[n - 4 + (size_t)i] = (unsigned char)(crc >> (8 * i));
	CHECK_INT(state_decode(buf, n, bad, &got, err, sizeof(err)), -1);
	CHECK(strstr(err, "version 99") != NULL);
	run_free(bad);
	free(buf);

	/* the bytes for standard output are the file's, byte for byte */
	unsigned char *enc;
	size_t encn;
	state_encode(run, pos, 2, &enc, &encn);
	CHECK_INT(state_read(path("s.state"), &buf, &n, err, sizeof(err)), 1);
	CHECK(encn == n && memcmp(enc, buf, n) == 0);
	free(enc);

	/* a stream of states (merge -): each frame is one whole state, found
	 * by its header's length alone, whatever follows it */
	unsigned char *two = malloc(2 * n + 3);
	memcpy(two, buf, n);
	memcpy(two + n, buf, n);
	memcpy(two + 2 * n, "abc", 3);
	CHECK_INT(state_frame(two, 2 * n, err, sizeof(err)), n);
	CHECK_INT(state_frame(two + n, n, err, sizeof(err)), n);
	CHECK_INT(state_frame(two + n, n + 3, err, sizeof(err)), n);
	run_t *framed = run_new(rules, &fmt);
	CHECK_INT(state_decode(two + n, n, framed, &got, err, sizeof(err)), 1);
	free(got);
	run_free(framed);
	/* what cannot be a frame: the bytes after the last state, a state
	 * cut short (at every length), a header announcing more than is
	 * left, and an announced length near 2^64 that must not wrap */
	err[0] = '\0';
	CHECK_INT(state_frame(two + 2 * n, 3, err, sizeof(err)), 0);
	CHECK(strstr(err, "not a slicalc state") != NULL);
	int cut_ok = 1;
	for (size_t k = 0; k < n; k++) {
		err[0] = '\0';
		if (state_frame(two, k, err, sizeof(err)) != 0 || !err[0])
			cut_ok = 0;
	}
	CHECK(cut_ok);
	CHECK(strstr(err, "truncated") != NULL);
	memset(two + 24, 0xff, 8);
	CHECK_INT(state_frame(two, 2 * n + 3, err, sizeof(err)), 0);
	CHECK(strstr(err, "truncated") != NULL);
	free(two);
	free(buf);

	CHECK_INT(
	    state_load(path("none.state"), run, &got, &same, err, sizeof(err)),
	    0); /* a first start */

	/* other rules (edited while tail was down): reshaped as a reload
	 * would; an SLI that counts as before ("all" as the embedded rules
	 * define it) keeps its 17 requests, a new one starts empty, and the
	 * input accounting and positions come back whole */
	rules_err_t re;
	static const char other[] =
	    "slis:\n  - name: api\n"
	    "  - name: all\n    group_by: route\n"
	    "    availability:\n      objective: 99\n"
	    "      bad_status: [5xx]\n"
	    "    latency:\n      - threshold: 300ms\n        objective: 99\n";
	rules_t *r2 = rules_load_buf(other, sizeof(other) - 1, "o", &re);
	CHECK(r2 != NULL);
	run_t *r2run = run_new(r2, &fmt);
	int reshaped = 0;
	CHECK_INT(state_load(path("s.state"), r2run, &got, &reshaped, err,
	                     sizeof(err)),
	          1);
	CHECK_INT(reshaped, 1);
	CHECK_INT(r2run->nfiles, 2);
	CHECK_INT(r2run->agg->lines, 23);
	CHECK_INT(r2run->agg->requests, 17);
	CHECK_INT(r2run->agg->incomplete_by[INC_UNFINISHED], 1);
	CHECK_INT(r2run->agg->s[0].total.requests, 0);  /* api: new */
	CHECK_INT(r2run->agg->s[1].total.requests, 17); /* all: kept */
	CHECK_INT(got[1].valid, 1);
	CHECK_INT(got[1].offset, 96);
	free(got);
	run_free(r2run);
	rules_free(r2);

	/* the same SLI counting otherwise (5xx and 4xx bad): empty */
	static const char changed[] =
	    "slis:\n  - name: all\n    group_by: route\n"
	    "    availability:\n      objective: 99\n"
	    "      bad_status: [5xx, 4xx]\n";
	r2 = rules_load_buf(changed, sizeof(changed) - 1, "c", &re);
	CHECK(r2 != NULL);
	r2run = run_new(r2, &fmt);
	CHECK_INT(state_load(path("s.state"), r2run, &got, &reshaped, err,
	                     sizeof(err)),
	          1);
	CHECK_INT(reshaped, 1);
	CHECK_INT(r2run->agg->requests, 17);
	CHECK_INT(r2run->agg->s[0].total.requests, 0);
	free(got);
	run_free(r2run);
	rules_free(r2);

	run_free(run);
	nginx_fmt_free(nf);
	rules_free(rules);
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return CHECK_DONE("test_state");
}
