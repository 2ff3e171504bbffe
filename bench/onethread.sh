#!/usr/bin/env bash
# bench/onethread.sh - one thread, default rules: slicalc next to `wc -l`
# and, optionally, next to an earlier build, runs interleaved.
#
# Usage (from the repo root, after `make` and `make bench` or bench/run.sh,
# which write bench/out/access.log):
#     bash bench/onethread.sh [N] [BASE]
# N (default 7) rounds; each round runs `wc -l access.log`, then
# `slicalc report -q -j 1 -o json access.log` with BASE (a saved earlier
# binary, such as /tmp/slicalc.base, when given) and with $SLICALC
# (default ./slicalc), so that a machine whose speed drifts between
# minutes slows them alike. Prints the best (least) wall time of each
# with its lines/s and the ratios; the two builds' JSON reports must be
# identical byte for byte, or the script fails.
set -euo pipefail
export LC_ALL=C

cd "$(dirname "${BASH_SOURCE[0]}")/.."

N=${1:-7}
BASE=${2:-}
SLICALC=${SLICALC:-./slicalc}
LOG=bench/out/access.log

die() {
	echo "onethread: $*" >&2
	exit 1
}

[[ $N =~ ^[1-9][0-9]*$ ]] || die "N must be a positive integer, got '$N'"
[[ -s $LOG ]] || die "$LOG not found: run 'make bench' or 'bash bench/run.sh' first"
[[ -x $SLICALC ]] || die "$SLICALC not found; run 'make' first"
[[ -z $BASE || -x $BASE ]] || die "$BASE is not an executable"

LINES=$(wc -l <"$LOG" | tr -d ' ')
cat "$LOG" >/dev/null # into the page cache

if [[ -n $BASE ]]; then
	"$BASE" report -q -j 1 -o json "$LOG" >bench/out/onethread.base.json
	"$SLICALC" report -q -j 1 -o json "$LOG" >bench/out/onethread.json
	cmp -s bench/out/onethread.base.json bench/out/onethread.json ||
		die "the reports of $BASE and $SLICALC differ"
fi

now() {
	if [[ -n ${EPOCHREALTIME:-} ]]; then
		printf -v "$1" %s "$EPOCHREALTIME"
	else
		printf -v "$1" %s "$(date +%s.%N)"
	fi
}

declare -A BEST
timed() { # timed KEY CMD... : run with stdout discarded, keep the least time
	local key=$1 t0 t1 t
	shift
	now t0
	"$@" >/dev/null
	now t1
	t=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }')
	if [[ -z ${BEST[$key]:-} ]] || awk -v a="$t" -v b="${BEST[$key]}" 'BEGIN { exit !(a < b) }'; then
		BEST[$key]=$t
	fi
}

for _ in $(seq "$N"); do
	timed wc wc -l "$LOG"
	[[ -z $BASE ]] || timed base "$BASE" report -q -j 1 -o json "$LOG"
	timed sl "$SLICALC" report -q -j 1 -o json "$LOG"
done

echo "== one thread, default rules: $LINES lines, best of $N interleaved"
printf "%-44s %8s %12s\n" command seconds lines/s
row() {
	awk -v l="$1" -v t="$2" -v n="$LINES" 'BEGIN { printf "%-44s %8.3f %12.0f\n", l, t, n / t }'
}
row "wc -l access.log" "${BEST[wc]}"
[[ -z $BASE ]] || row "$BASE report -q -j 1 -o json" "${BEST[base]}"
row "$SLICALC report -q -j 1 -o json" "${BEST[sl]}"
awk -v s="${BEST[sl]}" -v w="${BEST[wc]}" 'BEGIN { printf "  slicalc -j 1 / wc -l      %6.2fx\n", s / w }'
if [[ -n $BASE ]]; then
	awk -v s="${BEST[sl]}" -v b="${BEST[base]}" 'BEGIN { printf "  slicalc -j 1 / base       %6.3fx\n", s / b }'
	echo "  reports: identical"
fi
