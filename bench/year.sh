#!/usr/bin/env bash
# bench/year.sh - the time side of slicalc over a long span: one request
# a minute for a year (525,600 lines, 56 MB; 0.1% failing), read by
# report (per-minute timelines), report --by day and --by hour (a
# histogram per period), and backtest (a replay of every minute through
# the Workbook alerts), next to `wc -l` on the same file. Memory here
# grows with the span (days of timeline, periods of series), never with
# the number of lines: the figures say how much.
# Usage (from the repo root, after `make`): bash bench/year.sh
set -euo pipefail
export LC_ALL=C
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SLICALC=${SLICALC:-./slicalc}
OUT=bench/out
LOG=$OUT/year.log
mkdir -p "$OUT"
if [ ! -s "$LOG" ]; then
	awk 'BEGIN {
	  split("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", mn, " ")
	  for (m = 0; m < 525600; m++) {
	    t = 1704067200 + m * 60; d = int(t / 86400); s = t % 86400
	    z = d + 719468; era = int(z / 146097); doe = z - era * 146097
	    yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
	    y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
	    mp = int((5 * doy + 2) / 153); dd = doy - int((153 * mp + 2) / 5) + 1
	    mm = mp < 10 ? mp + 3 : mp - 9; if (mm <= 2) y++
	    printf "10.0.0.1 - - [%02d/%s/%04d:%02d:%02d:%02d +0000] \"GET /api/v1/items/%d HTTP/1.1\" %d 512 \"-\" \"bench\" 0.%03d 0.%03d\n",
	      dd, mn[mm], y, int(s / 3600), int(s % 3600 / 60), s % 60, m % 97,
	      (m % 1000 == 7) ? 503 : 200, 20 + m % 300, 19 + m % 300 } }' >"$LOG"
fi
cat "$LOG" >/dev/null # warm the page cache

best() { # best of 3: seconds and peak RSS (KiB) of "$@"
	local b= r=
	for _ in 1 2 3; do
		/usr/bin/time -f '%e %M' -o "$OUT/year.t" "$@" >/dev/null
		read -r s k <"$OUT/year.t"
		if [ -z "$b" ] || awk -v a="$s" -v b="$b" 'BEGIN { exit !(a < b) }'; then
			b=$s r=$k
		fi
	done
	printf '%-34s %6s s %8s KiB\n' "$label" "$b" "$r"
}
printf '%-34s %8s %12s\n' "command (1 year, 525,600 lines)" "time" "peak RSS"
label="wc -l" best wc -l "$LOG"
label="report -j 1" best "$SLICALC" report -q -o json -j 1 "$LOG"
label="report -j 1 --by day" best "$SLICALC" report -q -o json -j 1 --by day "$LOG"
label="report -j 1 --by hour" best "$SLICALC" report -q -o json -j 1 --by hour "$LOG"
label="backtest -j 1" best "$SLICALC" backtest -q -o json -j 1 "$LOG"
