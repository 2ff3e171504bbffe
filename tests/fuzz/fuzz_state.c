/*
 * fuzz_state.c - the state decoder (slicalc tail --state) on arbitrary
 * bytes: every length is checked against what is left, so damage is an
 * error, never a crash. The embedded default rules are used; inputs that
 * pass the checksum reach the payload decoder, and states that decode
 * are reported (JSON, CSV) and replayed as merge and backtest would, so
 * what a state can carry (times, series, timelines) is fuzzed too. A
 * decoded state saved again must decode to the same JSON report. The
 * bytes are also read as a stream of states (merge -), cut by
 * state_frame(), each frame decoded.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "format.h"
#include "invariants.h"
#include "replay.h"
#include "report.h"
#include "state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The JSON report of run, malloc'd. */
static char *json_of(const run_t *run, size_t *n)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, n);
	FUZZ_ASSERT(f != NULL);
	model_t *m = model_new(run);
	report_json(f, m);
	model_free(m);
	fclose(f);
	return buf;
}

/* A decoded state saved again and decoded gives the same report. */
static void round_trip(const run_t *run, const follow_pos_t *pos,
                       const char *json, size_t jn)
{
	char path[] = "/tmp/slicalc-fuzz-state-XXXXXX", err[256];
	int fd = mkstemp(path);
	if (fd < 0)
		return;
	close(fd);
	FUZZ_ASSERT(state_save(path, run, pos, run->nfiles, err, sizeof(err)) ==
	            0);
	unsigned char *buf = NULL;
	size_t n = 0;
	FUZZ_ASSERT(state_read(path, &buf, &n, err, sizeof(err)) == 1);
	unlink(path);
	/* what --save-state - writes is what the file holds */
	unsigned char *enc;
	size_t encn;
	state_encode(run, pos, run->nfiles, &enc, &encn);
	FUZZ_ASSERT(encn == n && memcmp(enc, buf, n) == 0);
	free(enc);
	format_t fmt = {FMT_NGINX, NULL, NULL, LAT_REQUEST_TIME};
	run_t *again = run_new(run->rules, &fmt);
	follow_pos_t *pos2 = NULL;
	FUZZ_ASSERT(state_decode(buf, n, again, &pos2, err, sizeof(err)) == 1);
	agg_finish(again->agg);
	size_t jn2;
	char *json2 = json_of(again, &jn2);
	FUZZ_ASSERT(jn2 == jn && memcmp(json, json2, jn) == 0);
	free(json2);
	free(pos2);
	free(buf);
	run_free(again);
}

static int decode(const uint8_t *data, size_t size)
{
	rules_t *rules = rules_default();
	format_t fmt = {FMT_NGINX, NULL, NULL, LAT_REQUEST_TIME};
	run_t *run = run_new(rules, &fmt);
	follow_pos_t *pos = NULL;
	char err[256];
	err[0] = '\0';
	int rc = state_decode(data, size, run, &pos, err, sizeof(err));
	FUZZ_ASSERT(rc == 1 || (rc == -1 && err[0] != '\0'));
	if (rc > 0) {
		FILE *null = fopen("/dev/null", "w");
		agg_finish(run->agg);
		size_t jn;
		char *json = json_of(run, &jn);
		round_trip(run, pos, json, jn);
		free(json);
		if (null) {
			model_t *m = model_new(run);
			report_csv(null, m);
			model_free(m);
			fclose(null);
		}
		for (int i = 0; i < rules->nsli; i++) {
			replay_t rp = {0};
			replay_sli(&run->agg->s[i], &rp);
			replay_free(&rp);
		}
	}
	free(pos);
	run_free(run);
	rules_free(rules);
	return rc;
}

/* The bytes as a stream of states (merge -): every frame lies within
 * what is left and is decoded on its own. */
static void frames(const uint8_t *data, size_t size)
{
	char err[256];
	for (size_t at = 0, k = 0; at < size && k < 16; k++) {
		err[0] = '\0';
		size_t len =
		    state_frame(data + at, size - at, err, sizeof(err));
		FUZZ_ASSERT(len == 0 || (len >= 36 && len <= size - at));
		if (!len) {
			FUZZ_ASSERT(err[0] != '\0');
			return;
		}
		if (at > 0 || len < size) /* decode() has seen the whole */
			decode(data + at, len);
		at += len;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	decode(data, size);
	frames(data, size);
	/* the same bytes with a valid checksum, to get past it */
	if (size >= 4) {
		uint8_t *copy = malloc(size);
		memcpy(copy, data, size);
		uint32_t crc = (uint32_t)crc32(0L, copy, (uInt)(size - 4));
		for (int i = 0; i < 4; i++)
			copy[size - 4 + (size_t)i] = (uint8_t)(crc >> (8 * i));
		decode(copy, size);
		free(copy);
	}
	return 0;
}
