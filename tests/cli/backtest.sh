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
