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
	echo "promrules: SKIPPED: no promtool (apt-get install prometheus); the generated rules were not checked"
	echo "promrules: 0 passed, 0 failed"
	exit 0
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
	# one recording rule per window (7) plus the budget, two alerts, per SLO
	slos=$(grep -c '^      - alert: SLOBurnRatePage' "$T/r.yml")
	check has-slos "$([ "$slos" -gt 0 ] && echo yes)" yes
	check rule-count "$(printf '%s' "$out" | sed -nE 's/.*SUCCESS: ([0-9]+) rules found.*/\1/p')" $((slos * 10))
done

# A 7-day window with its own alerts: promtool accepts it, the factors are
# scaled by 7/30, the budget is over 7d, and a severity of our own is an
# alert of its own.
case=scaled
"$SLICALC" prometheus-rules -r tests/promrules/scaled.yaml --out "$T/s.yml"
check exit $? 0
out=$(promtool check rules "$T/s.yml" 2>&1)
check "promtool check rules" $? 0
check rule-count "$(printf '%s' "$out" | sed -nE 's/.*SUCCESS: ([0-9]+) rules found.*/\1/p')" 6
check page-factor "$(grep -c '> (3.36 \* 0.005)' "$T/s.yml")" 2
check warning-factor "$(grep -c '> (0.466666667 \* 0.005)' "$T/s.yml")" 2
check budget-window "$(grep -c 'increase(slicalc_requests_total{sli="payroll",result="bad"}\[7d\])' "$T/s.yml")" 1
check warning-alert "$(grep -c '^      - alert: SLOBurnRateWarning' "$T/s.yml")" 1

case=unit-tests
cp tests/promrules/test.yaml "$T/test.yaml"
"$SLICALC" prometheus-rules -r tests/promrules/rules.yaml --out "$T/slicalc.rules.yml"
out=$(promtool test rules "$T/test.yaml" 2>&1)
rc=$?
check "promtool test rules" "$rc" 0
[ "$rc" = 0 ] || printf '%s\n' "$out" | head -40

summary
