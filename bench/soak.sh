#!/usr/bin/env bash
# bench/soak.sh [LINES] - slicalc tail under a busy, rotating log.
#
# Appends LINES generated lines (default 3,000,000) to a live file in
# bursts of 20,000 every 0.1 s (about 150,000 lines/s), rotating it
# (rename and create) every 1,000,000 lines, while `slicalc tail` follows
# it with windows, /metrics and --state. Prints slicalc's resident memory
# every 5 s, then checks that the final report counted every line once.
# Run after `make`; takes about LINES / 40,000 seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
LINES=${1:-3000000}
OUT=bench/out/soak
mkdir -p "$OUT"
rm -f "$OUT"/live* "$OUT"/out.json "$OUT"/st.state
[ -x bench/out/gen ] && [ bench/out/gen -nt bench/gen.c ] ||
	${CC:-cc} -O2 -o bench/out/gen bench/gen.c -lm
[ -s "$OUT/src.log" ] && [ "$(wc -l <"$OUT/src.log")" = "$LINES" ] ||
	bench/out/gen -n "$LINES" -s 7 >"$OUT/src.log"
: >"$OUT/live.log"
port=$((20000 + RANDOM % 20000))
./slicalc tail -q -o json --interval 2s --window 5m,1h --listen "$port" \
	--state "$OUT/st.state" "$OUT/live.log" >"$OUT/out.json" &
P=$!
trap 'kill -9 $P 2>/dev/null || true' EXIT
(
	chunks=$(((LINES + 19999) / 20000))
	for k in $(seq 0 $((chunks - 1))); do
		sed -n "$((k * 20000 + 1)),$((k * 20000 + 20000))p" "$OUT/src.log" >>"$OUT/live.log"
		if [ $((k % 50)) = 49 ]; then
			mv "$OUT/live.log" "$OUT/live.$k.log"
			: >"$OUT/live.log"
		fi
		sleep 0.1
	done
) &
W=$!
t=0
while kill -0 "$W" 2>/dev/null; do
	sleep 5
	t=$((t + 5))
	echo "t=${t}s rss=$(awk '/VmRSS/ { print $2 }' /proc/$P/status) KiB lines=$(tail -n 1 "$OUT/out.json" | jq .input.lines)"
done
sleep 3
kill -TERM "$P"
wait "$P"
got=$(tail -n 1 "$OUT/out.json" | jq .input.lines)
echo "final: $got lines counted, $LINES written"
rm -f "$OUT"/live*
[ "$got" = "$LINES" ]
