#!/usr/bin/env bash
# tests/html.sh - the HTML report (-o html, merge -o html, tail's /) for
# real: each page is rendered from fixtures and loaded in headless
# Chromium (Debian's chromium, driven by tests/html.py through the DevTools
# protocol over a pipe, python3's standard library only), at desktop and
# phone width. A page fails on any console error or warning, JS exception
# or request other than itself, on a number in its DOM that differs from
# the JSON report of the same run (requests, good/bad, budgets left,
# every endpoint row, the input accounting), on a missing chart mark, on
# horizontal overflow at 375 px. Without Chromium those checks are
# skipped, loudly (a failure under CI=true, tests/run.sh); the checks on
# the text of the pages (escaping of hostile endpoint names, no URL, the
# commands that refuse -o html) run everywhere.
set -u
cd "$(dirname "$0")/.."
SLICALC=${SLICALC:-./slicalc}
T=$(mktemp -d)
PID=
trap '[ -n "$PID" ] && kill -9 $PID 2>/dev/null; rm -rf "$T"' EXIT
SUITE=html
. tests/check.bash
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
PY=$(command -v python3 || true)

# page NAME ARGS...: NAME.html and NAME.json of `report ARGS`
page() {
	local name=$1
	shift
	"$SLICALC" report -q -o html "$@" >"$T/$name.html"
	check "$name: report -o html exits 0" $? 0
	"$SLICALC" report -q -o json "$@" >"$T/$name.json"
}

page default fixtures/access.log
page several -r fixtures/rules/html.yaml fixtures/access.log
# judged before the log ends: the SLO window holds less than the log,
# and the cards' headlines are the window's
page at -r fixtures/rules/html.yaml --at 2024-03-11T06:00:00Z fixtures/access.log
page by-day -r fixtures/rules/html.yaml --by day fixtures/access.log
page by-hour -r fixtures/rules/html.yaml --by hour --tz Asia/Kolkata fixtures/access.log
page rails fixtures/rails-tagged.log fixtures/lograge.log
page edge -r fixtures/rules/html-edge.yaml fixtures/access.log
page corrections -r fixtures/rules/corrections.yaml fixtures/corrections.log
page hr -r rules/hr.yaml fixtures/access.log fixtures/rails-tagged.log
# latencies beyond a minute: units written once ("1m40s", never
# "1m40sms"), under headings that name no unit
{
	for i in 0 1 2 3 4 5 6 7 8 9; do
		printf '10.0.0.1 - - [10/Mar/2024:15:0%d:00 +0000] "GET /slow HTTP/1.1" 200 1 "-" "-" 100.5%d0 100.5%d0\n' "$i" "$i" "$i"
	done
	printf '10.0.0.1 - - [10/Mar/2024:15:10:00 +0000] "GET /slow HTTP/1.1" 200 1 "-" "-" 178.100 178.100\n'
	printf '10.0.0.1 - - [10/Mar/2024:15:11:00 +0000] "GET /slower HTTP/1.1" 200 1 "-" "-" 29409.590 29409.590\n'
} >"$T/slow.log"
page slow "$T/slow.log"
check "slow: no unit written twice" "$(grep -cE '[0-9][dhms]ms' "$T/slow.html")" 0

# a budget overspent beyond the burn-down's floor (-900%): marked where
# it is cut, with the budget it ends at
printf 'slis:\n  - name: strict\n    match: {path: "^/"}\n    group_by: route\n    window: 7d\n    availability: {objective: 99.99}\n    latency: [{threshold: 100ms, objective: 99.9}]\n' >"$T/strict.yaml"
page strict -r "$T/strict.yaml" fixtures/access.log

# hostile timestamps: years 0001 and 9999 in one log, more quarters
# than a chart holds; each request in its own period, the empty runs
# drawn as one period each, with a note
{
	printf '10.0.0.1 - - [01/Jan/0001:00:00:00 +0000] "GET /a HTTP/1.1" 200 1 "-" "-" 0.010 0.010\n'
	printf '10.0.0.1 - - [10/Mar/2024:15:00:00 +0000] "GET /a HTTP/1.1" 200 1 "-" "-" 0.010 0.010\n'
	printf '10.0.0.1 - - [31/Dec/9999:23:00:00 +0000] "GET /a HTTP/1.1" 500 1 "-" "-" 0.010 0.010\n'
} >"$T/years.log"
page years "$T/years.log"
check "years: 9999 in its own quarter" \
	"$(grep -o 'data-start="[0-9T:-]*Z" data-requests="[0-9]*"' "$T/years.html" | sed -n 1p\;3p | tr '\n' ' ')" \
	'data-start="0001-01-01T00:00:00Z" data-requests="1" data-start="9999-10-01T00:00:00Z" data-requests="1" '
check "years: the empty runs said" "$(grep -c 'data-gaps="2"' "$T/years.html")" 2
check "years: 1 bad of 1 said as counts, not per 1,000" \
	"$(grep -c '1 bad request of 1 in the SLO window' "$T/years.html"):$(grep -c 'per 1,000' "$T/years.html")" 1:0

# no timestamps: nothing can be judged, every number is still there
sed -E 's/\[[^]]*\] //' fixtures/access.log | head -200 >"$T/untimed.log"
page untimed -r fixtures/rules/html.yaml --log-format \
	'$remote_addr - $remote_user "$request" $status $body_bytes_sent' \
	"$T/untimed.log"

# merge: two halves saved apart, merged, equal the whole
head -n 1500 fixtures/access.log >"$T/h1.log"
tail -n +1501 fixtures/access.log >"$T/h2.log"
"$SLICALC" report -q -r fixtures/rules/html.yaml --save-state "$T/1.state" "$T/h1.log" >/dev/null
"$SLICALC" report -q -r fixtures/rules/html.yaml --save-state "$T/2.state" "$T/h2.log" >/dev/null
"$SLICALC" merge -q -o html "$T/1.state" "$T/2.state" >"$T/merge.html"
check "merge -o html exits 0" $? 0
"$SLICALC" merge -q -o json "$T/1.state" "$T/2.state" >"$T/merge.json"
check "merge: the whole's requests" "$(jq '.slis[0].total.requests' "$T/merge.json")" \
	"$(jq '.slis[0].total.requests' "$T/several.json")"

# hostile endpoint names: markup, quotes, ampersands, bytes that are not
# UTF-8, control bytes; none may become markup
{
	printf '10.0.0.1 - - [10/Mar/2024:15:00:00 +0000] "GET /<script>alert(1)</script> HTTP/1.1" 200 1 "-" "-" 0.010 0.010\n'
	printf '10.0.0.1 - - [10/Mar/2024:15:00:01 +0000] "GET /\\"><img src=x onerror=alert(2)> HTTP/1.1" 500 1 "-" "-" 0.020 0.020\n'
	printf '10.0.0.1 - - [10/Mar/2024:15:00:02 +0000] "GET /a&amp;b?x=1 HTTP/1.1" 200 1 "-" "-" 0.030 0.030\n'
	printf "10.0.0.1 - - [10/Mar/2024:15:00:03 +0000] \"GET /it's HTTP/1.1\" 200 1 \"-\" \"-\" 0.040 0.040\n"
	printf '10.0.0.1 - - [10/Mar/2024:15:00:04 +0000] "GET /caf\xe9\xff\x01 HTTP/1.1" 200 1 "-" "-" 0.050 0.050\n'
	printf '10.0.0.1 - - [10/Mar/2024:15:00:05 +0000] "GET /</style></svg><b> HTTP/1.1" 200 1 "-" "-" 0.060 0.060\n'
	printf '10.0.0.1 - - [10/Mar/2024:15:00:06 +0000] "GET /\xc2\x85x HTTP/1.1" 200 1 "-" "-" 0.070 0.070\n'
} >"$T/hostile.log"
printf 'slis:\n  - name: "<i>x</i> & \\"y\\""\n    group_by: path\n    availability: {objective: 99}\n    latency: [{threshold: 25ms, objective: 50}]\n' >"$T/hostile.yaml"
page hostile -r "$T/hostile.yaml" "$T/hostile.log"
check "hostile: 7 endpoints read" "$(jq '.slis[0].endpoints | length' "$T/hostile.json")" 7
check "hostile: one <script> (ours)" "$(grep -o '<script' "$T/hostile.html" | wc -l)" 1
check "hostile: no <img" "$(grep -c '<img' "$T/hostile.html")" 0
check "hostile: no <b>" "$(grep -c '<b>' "$T/hostile.html")" 0
check "hostile: no <i>" "$(grep -c '<i>' "$T/hostile.html")" 0
check "hostile: the name escaped" \
	"$(grep -c '&lt;i&gt;x&lt;/i&gt; &amp; &quot;y&quot;' "$T/hostile.html" | awk '{ print ($1 > 0) }')" 1
# (endpoints may break after each '/': <wbr> aside)
sed 's/<wbr>//g' "$T/hostile.html" >"$T/hostile.text"
check "hostile: the script shown as text" "$(grep -c '&lt;script&gt;alert(1)&lt;/script&gt;' "$T/hostile.text")" 1
check "hostile: a byte that is not UTF-8 as \\xHH" "$(grep -c 'caf\\xE9\\xFF\\x01' "$T/hostile.text")" 1
check "hostile: a C1 control as \\xHH" "$(grep -c '/\\xC2\\x85x' "$T/hostile.text")" 1
check "hostile: the page is UTF-8" "$(iconv -f UTF-8 -t UTF-8 "$T/hostile.html" >/dev/null 2>&1 && echo yes)" yes

# nothing refers to the network: no URL at all in the pages (the rules
# text and the logs here hold none)
for p in default several at slow strict years by-day by-hour rails edge untimed merge hostile corrections; do
	check "$p: no http(s) URL" "$(grep -ciE 'https?://|//[a-z0-9.-]+\.[a-z]{2,}/' "$T/$p.html")" 0
	check "$p: favicon inline" "$(grep -c '<link rel="icon" href="data:,">' "$T/$p.html")" 1
	check "$p: viewport" "$(grep -c '<meta name="viewport"' "$T/$p.html")" 1
	check "$p: no legend opens with '; '" "$(grep -c 'class="legend">;' "$T/$p.html")" 0
	check "$p: no 'unknown of the error budget'" "$(grep -c 'unknown</span> of the' "$T/$p.html")" 0
done
# corrected time is drawn as such (hatched), not as "no data": per SLI,
# the hours a correction holds in are the hours --by hour counts fewer
# than the 6 requests each SLI has every hour of the fixture
"$SLICALC" report -q -o json --by hour -r fixtures/rules/corrections.yaml fixtures/corrections.log |
	jq -r '.slis[] | [.series.periods[] | select(.requests < 6)] | length' >"$T/corr-want"
awk '/<section/ { s++ } match($0, /data-corrected-periods="[0-9]+"/) && !(s in seen) {
	seen[s] = 1; v = substr($0, RSTART, RLENGTH); gsub(/[^0-9]/, "", v); print v }' \
	"$T/corrections.html" >"$T/corr-got"
check "corrections: hatched periods per SLI = hours with requests left out" \
	"$(tr '\n' ' ' <"$T/corr-got")" "$(tr '\n' ' ' <"$T/corr-want")"
check "corrections: corrected bands are not no-data bands" \
	"$(grep -o '<rect class="nodata"[^>]*>[^<]*<title>[^<]*corrected' "$T/corrections.html" | wc -l)" 0
check "untimed: nothing judged" "$(grep -c 'the SLOs cannot be judged' "$T/untimed.html")" 1
# the same input gives the same bytes (no wall-clock time on the page)
"$SLICALC" report -q -o html fixtures/access.log | cmp -s - "$T/default.html"
check "reproducible bytes" $? 0

# commands that write no HTML say so
"$SLICALC" backtest -o html fixtures/access.log >/dev/null 2>"$T/err"
check "backtest -o html: usage error" $? 2
"$SLICALC" tail -o html fixtures/access.log >/dev/null 2>"$T/err"
check "tail -o html: usage error" $? 2
check "tail -o html: points to --listen" "$(grep -c 'listen serves the HTML page' "$T/err")" 1

# tail --listen serves the page at /, reloading every interval
port=$((20000 + RANDOM % 10000))
head -n 400 fixtures/access.log >"$T/live.log"
"$SLICALC" tail -q -o json --interval 1s --from-start --listen "127.0.0.1:$port" \
	"$T/live.log" >"$T/live.out" 2>"$T/live.err" &
PID=$!
got=
for _ in $(seq 100); do
	curl -sf "http://127.0.0.1:$port/" -o "$T/tail.html" 2>/dev/null &&
		grep -q 'data-sli=' "$T/tail.html" && got=1 && break
	sleep 0.1
done
check "tail: / serves the report" "${got:-no}" 1
check "tail: / counts the lines" "$(grep -o '<section class="sli"[^>]*data-requests="[0-9]*"' "$T/tail.html" | grep -o 'data-requests="[0-9]*"')" 'data-requests="400"'
check "tail: / reloads every interval" "$(grep -c '<meta http-equiv="refresh" content="1">' "$T/tail.html")" 1
check "tail: /metrics still there" "$(curl -sf "http://127.0.0.1:$port/metrics" | grep -c '^slicalc_requests_total' | awk '{ print ($1 > 0) }')" 1

if [ -z "$CHROMIUM" ] || [ -z "$PY" ]; then
	skip chromium "no chromium or python3 (apt-get install chromium python3): the pages were not loaded in a browser"
	kill "$PID" 2>/dev/null
	wait "$PID" 2>/dev/null
	PID=
	summary
	exit
fi

cases=()
for p in default several at slow strict years by-day by-hour rails edge untimed merge hostile corrections hr; do
	cases+=("$p=file://$T/$p.html,$T/$p.json")
done
# the screenshot is kept beside a build's binary, to look at
shot=$T/several.png
case $(dirname "$SLICALC") in build/* | ./build/*) shot=$(dirname "$SLICALC")/html-several.png ;; esac
cases[1]="${cases[1]},$shot"
# the live page as served, over HTTP (structure only: its numbers move)
cases+=("tail=http://127.0.0.1:$port/,-")
"$PY" tests/html.py "$CHROMIUM" "${cases[@]}" >"$T/browser.out" 2>&1
rc=$?
kill "$PID" 2>/dev/null
wait "$PID" 2>/dev/null
PID=
n_ok=$(grep -c '^ok ' "$T/browser.out")
n_fail=$(grep -c '^FAIL ' "$T/browser.out")
grep '^FAIL ' "$T/browser.out" | head -20
pass=$((pass + n_ok))
fail=$((fail + n_fail))
check "browser: checks ran and the driver agreed" "$rc:$((n_ok > 100))" "$((n_fail > 0)):1"
summary
