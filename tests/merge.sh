#!/usr/bin/env bash
# tests/merge.sh - report --save-state and slicalc merge, and report -j
# over several files: the states of N
# parts of an input (2, 3 and 7 parts; gzip and plain; odd lines too),
# merged in shuffled orders and in two levels, give byte for byte the
# JSON of one run over the same files; broken or foreign states are clear
# errors (exit 2).
set -u
cd "$(dirname "$0")/.."
SLICALC=${SLICALC:-./slicalc}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
SUITE=merge
. tests/check.bash

ROOT=$PWD
SL=$(cd "$(dirname "$SLICALC")" && pwd)/$(basename "$SLICALC")
for parts in 2 3 7; do
	d=$T/p$parts
	mkdir -p "$d"
	cd "$d"
	split -n "l/$parts" "$ROOT/fixtures/access.log" part.
	cp "$ROOT/fixtures/odd.log" part.odd
	cp "$ROOT/fixtures/access-rotated.log.gz" part.rot.gz
	files=$(ls part.*)
	for f in $files; do
		"$SL" report -q -o json --save-state "$f.state" "$f" >/dev/null
	done
	"$SL" report -q -o json $files >whole.json
	for round in 1 2 3; do
		"$SL" merge -o json $(ls part.*.state | shuf) >merged.json
		check "$parts parts, order $round" \
			"$(cmp -s whole.json merged.json && echo same)" same
	done
	# two levels: merge one, save, merge the rest with it
	set -- $(ls part.*.state)
	first=$1
	shift
	"$SL" merge -q -o json --save-state level1.state "$first" >/dev/null
	"$SL" merge -o json level1.state "$@" >merged2.json
	check "$parts parts, two levels" \
		"$(cmp -s whole.json merged2.json && echo same)" same
	cd "$ROOT"
done

# With series (--by hour in Tokyo), a calendar SLO window and time
# slices: the per-period histograms and the per-minute timelines merge
# exactly too, whatever the order.
cat >"$T/slo.yaml" <<'EOF2'
slis:
  - name: api
    group_by: route
    window: {calendar: month, timezone: Asia/Tokyo}
    availability: {objective: 99.9}
    latency: [{threshold: 300ms, objective: 99}]
    timeslice: {size: 5m, good_if: "p90 <= 300ms and availability >= 99%", objective: 99%}
EOF2
cd "$T/p3"
files=$(ls part.* | grep -v state)
for f in $files; do
	"$SL" report -q -o json -r "$T/slo.yaml" --by hour --tz Asia/Tokyo \
		--by-endpoint --save-state "$f.by.state" "$f" >/dev/null
done
"$SL" report -q -o json -r "$T/slo.yaml" --by hour --tz Asia/Tokyo --by-endpoint $files >whole.json
# worked out from the fixtures: access.log is the 24 hours of 2024-03-11
# in Tokyo (+0900 throughout), odd.log one hour (2026-11-02 08:00 in
# Tokyo): 25 periods. The SLO window is the Tokyo month of the last
# request, November 2026, where only odd.log's 17 requests fall, all
# within 23:00:01-23:00:14Z on November 1: one 5-minute slice.
check "series: periods" "$(jq '[.slis[0].series.periods[]] | length' whole.json)" 25
check "series: add up" "$(jq '([.slis[0].series.periods[].requests] | add) == .slis[0].total.requests' whole.json)" true
check "series: slices" "$(jq '.slis[0].timeslice.slices' whole.json)" 1
# odd.log: 21 lines, of which line 10 (empty), 11 (error.log), 12 (no
# "- -") and 13 (status "OK") are not requests
check "series: window requests" "$(jq '.slis[0].total.availability.budget.requests' whole.json)" 17
check "series: endpoints add up" "$(jq '[.slis[0].endpoints[] | ([.series.periods[].requests] | add) == .requests] | all' whole.json)" true
check "series: endpoints have them" "$(jq '[.slis[0].endpoints[] | .series.periods | length > 0] | all' whole.json)" true
for round in 1 2; do
	"$SL" merge -o json $(ls part.*.by.state | shuf) >merged.json
	check "series, order $round" "$(cmp -s whole.json merged.json && echo same)" same
done
"$SL" merge -o csv $(ls part.*.by.state | shuf) >merged.csv
"$SL" report -q -o csv -r "$T/slo.yaml" --by hour --tz Asia/Tokyo --by-endpoint $files >whole.csv
check "series csv" "$(cmp -s whole.csv merged.csv && echo same)" same
"$SL" report -q -o json -r "$T/slo.yaml" --by day --save-state day.state part.aa >/dev/null
"$SL" merge -o json part.ab.by.state day.state >/dev/null 2>"$T/err"
check "other --by: exit" $? 2
check "other --by: message" "$(grep -c 'another --by' "$T/err")" 1
"$SL" merge -o json --by day part.ab.by.state >/dev/null 2>"$T/err"
check "merge --by other than saved" $? 2
# the same --by and --tz, but one without --by-endpoint: its endpoints
# would have no series, so the merge refuses, in either order
"$SL" report -q -o json -r "$T/slo.yaml" --by hour --tz Asia/Tokyo --save-state noep.state part.aa >/dev/null
"$SL" merge -o json part.ab.by.state noep.state >/dev/null 2>"$T/err"
check "without --by-endpoint: exit" $? 2
"$SL" merge -o json noep.state part.ab.by.state >/dev/null 2>"$T/err"
check "without --by-endpoint, first: exit" $? 2
cd "$ROOT"

# -j: files read side by side give what one thread gives
cd "$T/p7"
"$SL" report -q -o json -j 1 $(ls part.* | grep -v state) >j1.json
"$SL" report -q -o json -j 3 $(ls part.* | grep -v state) >j3.json
check "-j 3 as -j 1" "$(cmp -s j1.json j3.json && echo same)" same
"$SL" report -q -o json -j 1 --by hour $(ls part.* | grep -v state) >j1.json
"$SL" report -q -o json -j 3 --by hour $(ls part.* | grep -v state) >j3.json
check "-j 3 as -j 1, --by" "$(cmp -s j1.json j3.json && echo same)" same
# one file large enough (over 32 MiB) to be read in ranges by two
# threads: the same series and timelines
for i in $(seq 60); do cat "$ROOT/fixtures/access.log"; done >big.log
"$SL" report -q -o json -j 1 --by hour big.log >j1.json
"$SL" report -q -o json -j 2 --by hour big.log >j2.json
check "ranges, --by" "$(cmp -s j1.json j2.json && echo same)" same
check "ranges: big enough" "$([ "$(stat -c %s big.log)" -gt 33554432 ] && echo yes)" yes
rm -f big.log
cd "$ROOT"

d=$T/p2
printf 'garbage\n' >"$d/bad.state"
"$SLICALC" merge "$d/bad.state" >/dev/null 2>"$T/err"
check foreign-exit $? 2
check foreign-message "$(grep -c 'not a slicalc state file' "$T/err")" 1
cp "$d/part.aa.state" "$d/flip.state"
printf '\xff' | dd of="$d/flip.state" bs=1 seek=70 conv=notrunc 2>/dev/null
"$SLICALC" merge "$d/part.ab.state" "$d/flip.state" >/dev/null 2>"$T/err"
check damaged-exit $? 2
check damaged-message "$(grep -c 'checksum mismatch' "$T/err")" 1
"$SLICALC" report -q -r rules/hr.yaml --save-state "$d/hr.state" fixtures/odd.log >/dev/null
"$SLICALC" merge "$d/part.aa.state" "$d/hr.state" >/dev/null 2>"$T/err"
check other-rules-exit $? 2
check other-rules-message "$(grep -c 'other SLI rules' "$T/err")" 1
# same SLI names and thresholds, other match patterns: still other rules
printf 'slis:\n  - name: all\n    match: {method: "^POST$"}\n' >"$T/post.yaml"
"$SLICALC" report -q -r "$T/post.yaml" --save-state "$d/post.state" fixtures/odd.log >/dev/null
"$SLICALC" merge "$d/part.aa.state" "$d/post.state" >/dev/null 2>"$T/err"
check other-patterns-exit $? 2
"$SLICALC" merge >/dev/null 2>&1
check no-state $? 2
# a version-1 state (saved by slicalc before timelines, of fixtures/odd.log
# with the default rules) still loads: the same totals, no minutes in the
# SLO window (its budget unknown: null); percentiles from its buckets (states before version 3 carry
# no raw latencies), within 0.55% of the exact ones
"$SLICALC" merge -o json tests/fuzz/corpus/state/v1-odd.state >"$T/v1.json"
check v1-exit $? 0
"$SLICALC" report -q -o json fixtures/odd.log >"$T/now.json"
check v1-totals "$(jq -c '.slis[0].total | del(.availability.budget, .availability.status, .availability.burn_rates, .availability.alerts, .latency.thresholds, .latency.percentiles_ms)' "$T/v1.json")" \
	"$(jq -c '.slis[0].total | del(.availability.budget, .availability.status, .availability.burn_rates, .availability.alerts, .latency.thresholds, .latency.percentiles_ms)' "$T/now.json")"
check v1-percentiles "$(jq -n --slurpfile a "$T/v1.json" --slurpfile b "$T/now.json" '
	$a[0].slis[0].total.latency.percentiles_ms as $x |
	$b[0].slis[0].total.latency.percentiles_ms as $y |
	[$y | keys[] as $k | ($x[$k] - $y[$k]) |
	 select((if . < 0 then -. else . end) > 0.0055 * $y[$k])] | length')" 0
check v1-window "$(jq '.slis[0].total.availability.budget' "$T/v1.json")" null

summary
