# slicalc backtest over an outage of known start and length.
# fixtures/outage.log: 4 requests a minute on 2024-06-03 from 00:00 to
# 11:59 UTC; from 04:00 to 04:29 two of every four fail (503): 60 bad.
# Objective 99.9%; the Workbook's alerts. Worked by hand in
# tests/cli/backtest.expected.md: the page fires at 04:02 and clears at
# 05:00; the ticket fires at 04:01 and clears at 10:30.
. tests/cli/lib.bash
run backtest -r tests/cli/backtest.yaml fixtures/outage.log
"$SLICALC" backtest -q -o json -r tests/cli/backtest.yaml fixtures/outage.log |
	jq -c '.slis[] | .alerts[] | [.severity, .start, .end, .minutes, .trigger, .peak_burn, .bad, .budget_consumed]'
echo "# the four hours before the outage alone: nothing fires"
run backtest -r tests/cli/backtest.yaml --until 2024-06-03T04:00:00Z fixtures/outage.log
echo "# cut in the middle of the outage: both alerts still firing at the end"
"$SLICALC" backtest -q -o json -r tests/cli/backtest.yaml \
	--until 2024-06-03T04:20:00Z fixtures/outage.log |
	jq -c '.slis[] | .alerts[] | [.severity, .start, .end, .minutes]'
run backtest --since nonsense fixtures/outage.log
echo "# unparsed lines are counted and named; alerts firing when the input ends"
run backtest fixtures/odd.log
echo "# min_requests: an hour holds 4 x 60 = 240 requests; a page on 1h/5m that"
echo "# needs 241 in its hour never fires, one that needs 240 fires as before"
echo "# from 04:02 (alone, without the 6h/30m pair, it clears at 04:35: the"
echo "# 5m window is clean again); the tickets, without min_requests, unchanged"
for n in 241 240; do
	cat >"$TMP/min.yaml" <<YAML
alerts:
  - {severity: page, long: 1h, short: 5m, factor: 14.4, min_requests: $n}
  - {severity: ticket, long: 1d, short: 2h, factor: 3}
  - {severity: ticket, long: 3d, short: 6h, factor: 1}
slis:
  - name: api
    group_by: none
    availability: {objective: 99.9%}
YAML
	run backtest -r "$TMP/min.yaml" fixtures/outage.log
	"$SLICALC" backtest -q -o json -r "$TMP/min.yaml" fixtures/outage.log |
		jq -c '.slis[] | [.alert_rules[0], [.alerts[] | [.severity, .start, .min_requests]]]'
	"$SLICALC" backtest -q -o json -r "$TMP/min.yaml" fixtures/outage.log |
		jq -r '.slis[0].summary.page | "\(.minutes) \(.held_minutes)"' >"$TMP/page-$n"
done
echo "# the minutes the page was held back with 241 are the minutes it fired with 240"
read -r fired241 held241 <"$TMP/page-241"
read -r fired240 held240 <"$TMP/page-240"
if [ "$fired241" = 0 ] && [ "$held241" = "$fired240" ] && [ "$held240" = 0 ]; then
	echo "held $held241 minutes = fired $fired240 minutes"
else
	echo "FAIL: 241: fired $fired241 held $held241; 240: fired $fired240 held $held240"
fi
