#!/usr/bin/env bash
# tests/promrules.sh - the rules `slicalc prometheus-rules` writes, judged
# by Prometheus' own tool: `promtool check rules` on the rules of every
# rules file we ship and of the embedded defaults, and `promtool test
# rules` with tests/promrules/test.yaml, which feeds the series slicalc
# tail exports through an outage of known start and size and expects each
# burn-rate alert to fire at the minute worked out by hand there. Without
# promtool (Debian's prometheus package; .ci/run installs it) the suite
# says it is skipped, loudly.
set -u
cd "$(dirname "$0")/.."
SLICALC=${SLICALC:-./slicalc}
if ! command -v promtool >/dev/null 2>&1; then
	SUITE=promrules
	. tests/check.bash
	skip promtool "no promtool (apt-get install prometheus); the generated rules were not checked"
	summary
	exit
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
SUITE=promrules
. tests/check.bash

for r in default rules/*.yaml tests/promrules/rules.yaml; do
	case=$r
	if [ "$r" = default ]; then
		"$SLICALC" prometheus-rules --out "$T/r.yml"
	else
		"$SLICALC" prometheus-rules -r "$r" --out "$T/r.yml"
	fi
	check exit $? 0
	out=$(promtool check rules "$T/r.yml" 2>&1)
	rc=$?
	check "promtool check rules" "$rc" 0
	[ "$rc" = 0 ] || printf '%s\n' "$out" | head -20
	# with the Workbook's alerts: one recording rule per window (7) plus
	# the budget, two alerts, per SLO; and per SLO its objective (also
	# for an objective of 100%, which has no other rules)
	slos=$(grep -c '^      - alert: SLOBurnRatePage' "$T/r.yml")
	objectives=$(grep -c '^      - record: slicalc:objective$' "$T/r.yml")
	check has-slos "$([ "$slos" -gt 0 ] && echo yes)" yes
	check objectives "$([ "$objectives" -ge "$slos" ] && echo yes)" yes
	want=$((slos * 10 + objectives))
	# rules/hr.yaml's payroll SLI (2 SLOs) has one page alert of its own:
	# per SLO two windows (1h, 5m), the budget and one alert, i.e. 4, not 10
	[ "$r" = rules/hr.yaml ] && want=$((want - 2 * 10 + 2 * 4))
	check rule-count "$(printf '%s' "$out" | sed -nE 's/.*SUCCESS: ([0-9]+) rules found.*/\1/p')" "$want"
done

# A 7-day window with its own alerts: promtool accepts it, the factors are
# scaled by 7/30, the budget is over 7d, and a severity of our own is an
# alert of its own.
case=scaled
"$SLICALC" prometheus-rules -r tests/promrules/scaled.yaml --out "$T/s.yml"
check exit $? 0
out=$(promtool check rules "$T/s.yml" 2>&1)
check "promtool check rules" $? 0
check rule-count "$(printf '%s' "$out" | sed -nE 's/.*SUCCESS: ([0-9]+) rules found.*/\1/p')" 7
check page-factor "$(grep -c '> (3.36 \* 0.005)' "$T/s.yml")" 2
check warning-factor "$(grep -c '> (0.466666667 \* 0.005)' "$T/s.yml")" 2
check budget-window "$(grep -c 'increase(slicalc_requests_total{sli="payroll",result="bad"}\[7d\])' "$T/s.yml")" 1
check warning-alert "$(grep -c '^      - alert: SLOBurnRateWarning' "$T/s.yml")" 1

# Backtest and Prometheus agree: the outage fixture's per-minute counts
# (counted here with awk, not by slicalc) go to promtool as the series
# slicalc tail exports; at every 10th minute not within 3 minutes of an
# edge, the page and ticket alerts must fire exactly when the intervals
# `slicalc backtest` lists say they do. (Prometheus extrapolates rate(),
# so right at an edge the two may differ by a minute.)
case=backtest-agrees
"$SLICALC" prometheus-rules -r tests/cli/backtest.yaml --out "$T/bt.rules.yml"
"$SLICALC" backtest -q -o json -r tests/cli/backtest.yaml fixtures/outage.log >"$T/bt.json"
check backtest-alerts "$(jq '.slis[0].alerts | length' "$T/bt.json")" 2
t0=$(date -u -d 2024-06-03T00:00:00Z +%s)
mapfile -t series < <(awk '{ split($4, a, ":"); m = a[2] * 60 + a[3]
	if ($9 ~ /^5/) bad[m]++; else good[m]++ }
	END { for (k = 0; k <= 720; k++) {
		gs = gs " " g; bs = bs " " b; g += good[k]; b += bad[k] }
	      print gs; print bs }' fixtures/outage.log)
mapfile -t spans < <(jq -r --argjson t0 "$t0" '.slis[0].alerts[] |
	"\(.severity) \((.start | fromdateiso8601) - $t0) \((.end | fromdateiso8601) - $t0)"' "$T/bt.json")
budget=$("$SLICALC" report -q -o json -r tests/cli/backtest.yaml fixtures/outage.log |
	jq '.slis[0].total.availability.budget.remaining * 10000 | round / 10000')
check budget-by-hand "$budget" -19.8333 # 1 - (60 / 2880) / 0.001
desc_page="Burn rate over 14.4x in 1h and 5m, or over 6x in 6h and 30m (error budget 0.001)."
desc_ticket="Burn rate over 3x in 1d and 2h, or over 1x in 3d and 6h (error budget 0.001)."
{
	printf 'rule_files:\n  - bt.rules.yml\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:\n'
	printf "      - series: 'slicalc_requests_total{sli=\"api\",endpoint=\"\",result=\"good\"}'\n        values: '%s'\n" "${series[0]# }"
	printf "      - series: 'slicalc_requests_total{sli=\"api\",endpoint=\"\",result=\"bad\"}'\n        values: '%s'\n" "${series[1]# }"
	# the budget left at the end is what slicalc report says, to 0.01
	# (rate() extrapolation moves Prometheus' figure by about 4e-5)
	printf '    promql_expr_test:\n      - expr: abs(slicalc:error_budget_remaining - (%s)) < bool 0.01\n        eval_time: 720m\n' "$budget"
	printf "        exp_samples:\n          - labels: '{sli=\"api\",slo=\"availability\"}'\n            value: 1\n"
	printf '    alert_rule_test:\n'
	checked=0
	for ((t = 30; t <= 710; t += 10)); do
		near=0
		for sp in "${spans[@]}"; do
			read -r _ s e <<<"$sp"
			for edge in $s $e; do
				d=$((t * 60 - edge))
				[ ${d#-} -lt 180 ] && near=1
			done
		done
		[ $near = 1 ] && continue
		checked=$((checked + 1))
		for sev in page ticket; do
			alert=SLOBurnRatePage desc=$desc_page
			[ $sev = ticket ] && alert=SLOBurnRateTicket desc=$desc_ticket
			firing=0
			for sp in "${spans[@]}"; do
				read -r v s e <<<"$sp"
				[ "$v" = $sev ] && [ $((t * 60)) -ge "$s" ] && [ $((t * 60)) -lt "$e" ] && firing=1
			done
			printf '      - alertname: %s\n        eval_time: %dm\n' $alert $t
			if [ $firing = 1 ]; then
				printf '        exp_alerts:\n          - exp_labels: {severity: %s, sli: api, slo: availability}\n' $sev
				printf '            exp_annotations:\n              summary: "api availability is burning its error budget too fast"\n'
				printf '              description: "%s"\n' "$desc"
			else
				printf '        exp_alerts: []\n'
			fi
		done
	done
} >"$T/bt.test.yml"
check instants-checked "$([ "$(grep -c 'alertname: SLOBurnRatePage' "$T/bt.test.yml")" -ge 50 ] && echo yes)" yes
check instants-firing "$(grep -c "severity: page" "$T/bt.test.yml")" 5
out=$(promtool test rules "$T/bt.test.yml" 2>&1)
rc=$?
check "promtool agrees with backtest" "$rc" 0
[ "$rc" = 0 ] || printf '%s\n' "$out" | head -40

# SLI names beyond ASCII, and with a tab, a quote, a backslash and a
# newline, end to end: slicalc tail writes its exposition, promtool takes
# it, and series written as /metrics writes them make the alert that
# prometheus-rules wrote for each name fire. A JSON log's path that is not
# UTF-8 still gives a valid exposition (the byte as the text \xHH).
case=names
"$SLICALC" prometheus-rules -r tests/promrules/names.yaml --out "$T/names.rules.yml"
check exit $? 0
check "promtool check rules" "$(promtool check rules "$T/names.rules.yml" >/dev/null 2>&1; echo $?)" 0
sed -n 1,20p fixtures/access.log >"$T/names.log"
printf '{"method":"GET","path":"/caf\xe9/\xff","status":500,"duration":12}\n' >"$T/names.json"
"$SLICALC" tail -q --from-start --interval 100ms -r tests/promrules/names.yaml \
	--textfile "$T/names.prom" "$T/names.log" "$T/names.json" >/dev/null 2>"$T/names.err" &
pid=$!
for i in $(seq 200); do
	grep -q '^slicalc_input_lines_total{result="request"} 21$' "$T/names.prom" 2>/dev/null && break
	sleep 0.05
done
kill -TERM $pid
wait $pid
check tail-exit $? 0
out=$(promtool check metrics <"$T/names.prom" 2>&1)
rc=$?
check "promtool check metrics" "$rc" 0
[ "$rc" = 0 ] || printf '%s\n' "$out" | head -20
check utf8-as-is "$(grep -c '^slicalc_requests_total{sli="予約-api",endpoint="GET /api/v1/employees",result="good"} ' "$T/names.prom")" 1
check tab-quote-backslash "$(grep -c "^slicalc_requests_total{sli=\"tab	here \\\\\"quoted\\\\\" back\\\\\\\\slash\\\\nnext line\",endpoint=\"GET /api/v1/employees\",result=\"good\"} " "$T/names.prom")" 1
check invalid-utf8 "$(grep -c '^slicalc_requests_total{sli="予約-api",endpoint="GET /caf\\\\xE9/\\\\xFF",result="bad"} 1$' "$T/names.prom")" 1
name2='tab\there \"quoted\" back\\slash\nnext line' # YAML double-quoted
{
	printf 'rule_files:\n  - names.rules.yml\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:\n'
	# every requests_total series as /metrics wrote it, half of the
	# traffic bad from the start
	grep '^slicalc_requests_total{' "$T/names.prom" | sed 's/ [0-9]*$//' | sed "s/'/''/g" |
		while IFS= read -r s; do printf "      - series: '%s'\n        values: '0+60x120'\n" "$s"; done
	printf '    alert_rule_test:\n      - alertname: SLOBurnRatePage\n        eval_time: 60m\n        exp_alerts:\n'
	for n in '予約-api' "$name2"; do
		printf '          - exp_labels: {severity: page, sli: "%s", slo: availability}\n' "$n"
		printf '            exp_annotations:\n              summary: "%s availability is burning its error budget too fast"\n' "$n"
		printf '              description: "%s"\n' "$desc_page"
	done
} >"$T/names.test.yml"
check series "$(grep -c -- '- series:' "$T/names.test.yml")" "$(grep -c '^slicalc_requests_total{' "$T/names.prom")"
out=$(promtool test rules "$T/names.test.yml" 2>&1)
rc=$?
check "alerts fire for /metrics' series" "$rc" 0
[ "$rc" = 0 ] || printf '%s\n' "$out" | head -40

# min_requests, labels and annotations: a single slow request on a
# quiet endpoint pages only the SLI without min_requests; enough requests
# page the one with it, with the SLI's and the alert's labels and
# annotations (tests/promrules/quiet.test.yaml works the numbers).
case=min-requests
"$SLICALC" prometheus-rules -r tests/promrules/labels.yaml --out "$T/labels.rules.yml"
check exit $? 0
out=$(promtool check rules "$T/labels.rules.yml" 2>&1)
check "promtool check rules" $? 0
# api: objective, 4 windows, budget, page, ticket; quiet: objective, 2
# windows, budget, page
check rule-count "$(printf '%s' "$out" | sed -nE 's/.*SUCCESS: ([0-9]+) rules found.*/\1/p')" 13
check timeslice-comment "$(grep -c '^# SLI "api": its time-slice SLO' "$T/labels.rules.yml")" 1
cp tests/promrules/quiet.test.yaml "$T/quiet.test.yaml"
out=$(promtool test rules "$T/quiet.test.yaml" 2>&1)
rc=$?
check "promtool: quiet does not page, busy does" "$rc" 0
[ "$rc" = 0 ] || printf '%s\n' "$out" | head -40
# and without the min_requests clause the same test fails: the clause is
# what keeps api quiet at 61m
grep -v -e '^            and on ()$' -e ' >= 10$' "$T/labels.rules.yml" >"$T/l2" && mv "$T/l2" "$T/labels.rules.yml"
promtool test rules "$T/quiet.test.yaml" >/dev/null 2>&1
check "without the clause api pages" $? 1

case=unit-tests
cp tests/promrules/test.yaml "$T/test.yaml"
"$SLICALC" prometheus-rules -r tests/promrules/rules.yaml --out "$T/slicalc.rules.yml"
out=$(promtool test rules "$T/test.yaml" 2>&1)
rc=$?
check "promtool test rules" "$rc" 0
[ "$rc" = 0 ] || printf '%s\n' "$out" | head -40

summary
