/*
 * fuzz_state.c - the state decoder (slicalc tail --state) on arbitrary
 * bytes: every length is checked against what is left, so damage is an
 * error, never a crash. The embedded default rules are used; inputs that
 * pass the checksum reach the payload decoder, and states that decode
 * are reported (JSON, CSV) and replayed as merge and backtest would, so
 * what a state can carry (times, series, timelines) is fuzzed too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "format.h"
#include "replay.h"
#include "report.h"
#include "state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int decode(const uint8_t *data, size_t size)
{
	rules_t *rules = rules_default();
	format_t fmt = {FMT_NGINX, NULL, NULL, LAT_REQUEST_TIME};
	run_t *run = run_new(rules, &fmt);
	follow_pos_t *pos = NULL;
	char err[256];
	int rc = state_decode(data, size, run, &pos, err, sizeof(err));
	if (rc > 0) {
		FILE *null = fopen("/dev/null", "w");
		agg_finish(run->agg);
		if (null) {
			report_json(null, run);
			report_csv(null, run);
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	decode(data, size);
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
