#!/usr/bin/env bash
# tests/limits.sh - hostile input that must be bounded and said, never
# silently miscounted:
#   - a pattern that backtracks without end, and one that needs a deep JIT
#     stack on a long path: counted as match errors per SLI, named as
#     file:line, exit 1; the deep one still matches (the JIT stack is
#     sized for long paths);
#   - the table of open Rails requests: every request counted once, as a
#     request or as evicted;
#   - max_endpoints holds for the run whatever -j is: peak RSS with -j 16
#     stays within twice that of -j 1 plus a fixed amount per thread
#     (before, each thread kept its own max_endpoints: 16 times), and the
#     numbers are those of -j 1, byte for byte when no SLI overflows.
set -u
cd "$(dirname "$0")/.."
SLICALC=${SLICALC:-./slicalc}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
SUITE=limits
. tests/check.bash

line() { # PATH STATUS
	printf '1.2.3.4 - - [10/Mar/2024:15:00:00 +0000] "GET %s HTTP/1.1" %s 1 "-" "-" 0.010\n' "$1" "$2"
}

# ---- patterns that hit PCRE2's limits ---------------------------------------
# evil's lookahead makes PCRE2 confirm it in a Hyperscan build too (which
# would decide the regular pattern without it exactly, and never hit a
# limit): the same errors either way.
cat >"$T/redos.yaml" <<'EOF'
slis:
  - name: evil
    match: {path: '^(?=/)/(?:(x+x+)+y|.*)$'}
  - name: deep
    match: {path: '^(/[a-z0-9]+)*$'}
  - name: plain
EOF
x30=/$(printf 'x%.0s' $(seq 30))
long=$(printf '/abc%.0s' $(seq 1000)) # 4,000 characters
{
	for i in $(seq 200); do line "$x30" 200; done
	line "$long" 503
} >"$T/redos.log"
json=$("$SLICALC" report -r "$T/redos.yaml" -o json "$T/redos.log" 2>"$T/err")
check "match error: exit status" "$?" 1
check "match error: evil's errors" "$(jq '.slis[0].match_errors' <<<"$json")" 200
check "match error: evil took only the long path" \
	"$(jq '.slis[0].total.requests' <<<"$json")" 1
check "match error: deep matched the 4,000-character path" \
	"$(jq '[.slis[1].total.requests, .slis[1].total.availability.bad, .slis[1].match_errors]' -c <<<"$json")" \
	"[201,1,0]"
check "match error: plain SLI untouched" "$(jq '.slis[2].total.requests' <<<"$json")" 201
check "match error: not counted as unmatched" "$(jq '.input.unmatched' <<<"$json")" 0
check "match error: first ones named in JSON" \
	"$(jq -c '[.input.match_errors[] | .line] ' <<<"$json")" "[1,2,3,4,5]"
check "match error: which SLI and limit" \
	"$(jq -r '.input.match_errors[0].reason' <<<"$json")" \
	"SLI 'evil': match.path: match limit exceeded"
check "match error: named on stderr as file:line" \
	"$(grep -c "^slicalc: $T/redos.log:[0-9]*: match error: SLI 'evil'" "$T/err")" 5
check "match error: counted on stderr" \
	"$(grep -c '^slicalc: 200 requests could not be matched' "$T/err")" 1
"$SLICALC" report -q -r "$T/redos.yaml" "$T/redos.log" >"$T/table" 2>"$T/err"
check "match error: -q still exits 1" "$?" 1
check "match error: -q still names them (errors, not notes)" \
	"$(grep -c 'match error' "$T/err")" 5
check "match error: the table says so under the SLI" \
	"$(grep -c '^error: 200 requests left out: a pattern hit a PCRE2 limit' "$T/table")" 1
# saved and merged, the errors are kept
"$SLICALC" report -q -r "$T/redos.yaml" -o json --save-state "$T/r.state" "$T/redos.log" >/dev/null
"$SLICALC" merge -q -o json "$T/r.state" "$T/r.state" >"$T/m.json"
check "match error: merge exit status" "$?" 1
check "match error: merged count" "$(jq '.slis[0].match_errors' "$T/m.json")" 400

# ---- the table of open Rails requests ---------------------------------------
# 1,000 requests open at once (ids that look random), then all completed:
# fewer than 1% are evicted, and every request is counted exactly once, as
# a request or as evicted.
awk 'BEGIN { for (p = 0; p < 2; p++) for (i = 0; i < 1000; i++) {
	x = (i * 2654435761 + 12345) % 4294967296
	id = sprintf("%08x-%04x-4%03x-8%03x-%012x", x, i, i % 4096, (x / 7) % 4096, x * 97)
	if (p == 0) printf "I, [2026-11-02T08:00:00.1 #1]  INFO -- : [%s] Started GET \"/r/%d\" for 1.2.3.4 at 2026-11-02 08:00:00 +0000\n", id, i
	else printf "I, [2026-11-02T08:00:01.1 #1]  INFO -- : [%s] Completed 200 OK in 5ms\n", id } }' >"$T/open.log"
read -r req ev inc <<<"$("$SLICALC" report -q -o json "$T/open.log" |
	jq -r '.input | "\(.requests) \(.incomplete_reasons.evicted) \(.incomplete)"')"
check "rails table: every request counted once" "$((req + ev))" 1000
check "rails table: only evictions are incomplete" "$inc" "$ev"
check "rails table: fewer than 1% of 1,000 open evicted ($ev)" "$((ev < 10))" 1

# ---- max_endpoints per run, whatever -j -------------------------------------
# 400,000 distinct paths in two SLIs of max_endpoints 1000, as four files
# (one thread each) and as one 35 MB file (cut into 16 ranges). The
# endpoints are bounded for the run: the threads' tables together hold at
# most max_endpoints, flushed into the run's, so peak RSS with -j 16 stays
# within twice that of -j 1 plus 3 MiB per thread (its route memo and read
# buffers: about 1.3 MiB measured). Before, each thread kept max_endpoints
# of its own: 16 times. ASan's quarantine of freed memory is turned off
# for these runs, so that they measure slicalc.
cat >"$T/paths.yaml" <<'YAML'
slis:
  - name: a
    group_by: path
  - name: b
    group_by: path
    match: {method: '^GET$'}
YAML
if ! cc -O1 -o "$T/rss" bench/rss.c 2>"$T/cc.err"; then
	skip max_endpoints-rss "cannot build bench/rss.c: $(head -1 "$T/cc.err")"
else
	awk 'BEGIN { for (k = 0; k < 4; k++) { f = "'"$T"'/paths" k ".log";
	    for (i = 0; i < 100000; i++)
	      printf "1.2.3.4 - - [10/Mar/2024:15:00:00 +0000] \"GET /p/%d/%d HTTP/1.1\" 200 1 \"-\" \"-\" 0.0%d\n", k, i, i % 90 + 10 > f } }'
	cat "$T"/paths[0-3].log >"$T/one.log"
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0:thread_local_quarantine_size_kb=0"
	for input in files one; do
		if [ $input = files ]; then
			set -- "$T"/paths[0-3].log
		else
			set -- "$T/one.log"
		fi
		for j in 1 16; do
			"$T/rss" -o "$T/rss.$j" "$SLICALC" report -q -j $j \
				-r "$T/paths.yaml" -o json "$@" >"$T/paths.$j.json"
		done
		r1=$(cat "$T/rss.1") r16=$(cat "$T/rss.16")
		check "max_endpoints ($input): -j 16 peak RSS ${r16} KiB within 2 x ${r1} KiB (-j 1) + 16 x 3 MiB" \
			"$(awk -v a="$r16" -v b="$r1" 'BEGIN { print (a <= 2 * b + 16 * 3072) ? "yes" : "no" }')" yes
		for j in 1 16; do
			check "max_endpoints ($input): -j $j totals" \
				"$(jq -c '[.input.requests, [.slis[] | .total.requests, (.endpoints | length), .other_requests]]' "$T/paths.$j.json")" \
				"[400000,[400000,1001,399000,400000,1001,399000]]"
		done
	done
fi

# no overflow: the threads' tables are flushed into the run's many times
# (max_endpoints 1000 / 16 threads), and the report is that of -j 1
for k in 0 1 2 3; do
	for i in $(seq 0 899); do
		line "/q/$((i % 240))/$k" $((200 + (i % 7 == 0) * 303))
	done >"$T/q$k.log"
done
"$SLICALC" report -q -j 1 -r "$T/paths.yaml" -o json "$T"/q[0-3].log >"$T/q1.json"
"$SLICALC" report -q -j 16 -r "$T/paths.yaml" -o json "$T"/q[0-3].log >"$T/q16.json"
check "max_endpoints: 960 endpoints, -j 16 = -j 1" \
	"$(cmp -s "$T/q1.json" "$T/q16.json" && echo same)" same
check "max_endpoints: 960 endpoints kept" "$(jq '.slis[0].endpoints | length' "$T/q1.json")" 960

summary
