#!/usr/bin/env bash
# tests/prometheus.sh - a real Prometheus server scrapes slicalc tail.
#
# Starts `slicalc tail --listen` on loopback over a log, and Prometheus
# (Debian's package; .ci/run installs it) with a temporary config that
# scrapes it every second; then asks Prometheus' HTTP API whether
# sum(slicalc_requests_total) equals the lines written, appends more and
# asks again; it also loads the rules `slicalc prometheus-rules` writes
# and must evaluate them. Everything polls with deadlines. Without
# Prometheus the test says it is skipped, loudly.
set -u
cd "$(dirname "$0")/.."
SLICALC=${SLICALC:-./slicalc}
if ! command -v prometheus >/dev/null 2>&1; then
	SUITE=prometheus
	. tests/check.bash
	skip prometheus "no prometheus binary (apt-get install prometheus); the real-scrape test did not run"
	summary
	exit
fi
T=$(mktemp -d)
SPID=
PPID_=
trap 'kill -9 $SPID $PPID_ 2>/dev/null; rm -rf "$T"' EXIT
SUITE=prometheus
. tests/check.bash

sport=$((20000 + RANDOM % 10000))
pport=$((30000 + RANDOM % 10000))
sed -n 1,500p fixtures/access.log >"$T/access.log"
"$SLICALC" tail -q -o json --interval 1s --from-start \
	--listen "127.0.0.1:$sport" "$T/access.log" >/dev/null 2>"$T/slicalc.err" &
SPID=$!
disown "$SPID" # no job notices when the trap kills it
# the rules prometheus-rules writes for the same (embedded) rules
"$SLICALC" prometheus-rules --out "$T/slicalc.rules.yml"
cat >"$T/prometheus.yml" <<YML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - $T/slicalc.rules.yml
scrape_configs:
  - job_name: slicalc
    static_configs:
      - targets: ['127.0.0.1:$sport']
YML
prometheus --config.file="$T/prometheus.yml" --storage.tsdb.path="$T/data" \
	--web.listen-address="127.0.0.1:$pport" >"$T/prometheus.log" 2>&1 &
PPID_=$!
disown "$PPID_"

query() { # query PROMQL: the first value, or empty
	curl -sf --get "http://127.0.0.1:$pport/api/v1/query" \
		--data-urlencode "query=$1" 2>/dev/null |
		jq -r '.data.result[0].value[1] // empty' 2>/dev/null
}
wait_value() { # wait_value PROMQL WANT: poll up to 60 s
	local v=
	for _ in $(seq 240); do
		v=$(query "$1")
		[ "$v" = "$2" ] && break
		sleep 0.25
	done
	check "$1" "$v" "$2"
}

wait_value 'up{job="slicalc"}' 1
wait_value 'sum(slicalc_requests_total)' 500
sed -n 501,800p fixtures/access.log >>"$T/access.log"
wait_value 'sum(slicalc_requests_total)' 800
wait_value 'sum(slicalc_input_lines_total)' 800
bad=$("$SLICALC" report -q -o json "$T/access.log" | jq '.slis[0].total.availability.bad')
wait_value 'sum(slicalc_requests_total{result="bad"})' "$bad"
# the generated rules load and evaluate: every rule healthy, and an
# error ratio recorded for each SLO of the embedded rules
slos=$(grep -c '^      - alert: SLOBurnRatePage' "$T/slicalc.rules.yml")
wait_value 'count(slicalc:error_ratio:rate5m)' "$slos"
health=$(curl -sf "http://127.0.0.1:$pport/api/v1/rules" |
	jq -c '[.data.groups[].rules[].health] | unique')
check rules-health "$health" '["ok"]'
if [ "$fail" -gt 0 ]; then
	tail -5 "$T/prometheus.log"
	cat "$T/slicalc.err"
fi
summary
