# Calendar windows in a time zone, across a month end and a DST change.
# fixtures/paris-dst.log has one request on every local hour from
# 2024-03-30 00:00 to 2024-04-01 23:00 in Europe/Paris: 24 + 23 (clocks
# went forward on the 31st) + 24 = 71, of which 4 failed: March 30 10:00,
# March 31 03:00, April 1 09:00 and 10:00. The numbers below are worked
# by hand in tests/cli/calendar.expected.md.
. tests/cli/lib.bash
slo() {
	jq -c '.slis[] | {name, w: .slo_window | [.start, .end],
		b: .total.availability.budget | [.requests, .bad, .allowed, .consumed, .remaining, .spent],
		ts: (.timeslice | if . then [.slices, .good, .budget.allowed, .budget.consumed] else null end)}'
}
echo "# at the end of the input (April 1, 23:01 in Paris)"
"$SLICALC" report -q -o json -r tests/cli/calendar.yaml fixtures/paris-dst.log | slo
echo "# at the first instant of April: March, 47 requests"
"$SLICALC" report -q -o json -r tests/cli/calendar.yaml \
	--at 2024-04-01T00:00:00+02:00 fixtures/paris-dst.log | slo
echo "# at noon on the day of the change"
"$SLICALC" report -q -o json -r tests/cli/calendar.yaml \
	--at 2024-03-31T12:00:00+02:00 fixtures/paris-dst.log | slo
run report -r tests/cli/calendar.yaml --at 2024-04-01T00:00:00+02:00 \
	--fail-on-budget fixtures/paris-dst.log
echo "# series by local day: the day of the change has 23 requests"
run report -q -o csv --by day --tz Europe/Paris -r tests/cli/calendar.yaml fixtures/paris-dst.log
"$SLICALC" report -q -o json --by day --tz Europe/Paris fixtures/paris-dst.log |
	jq -c '.slis[0].series | {unit, timezone, dropped, periods: [.periods[] | [.start, .requests, .availability.bad]]}'
echo "# CSV without --by: one row per SLI and endpoint"
run report -q -o csv fixtures/odd.log
echo "# fields with commas or quotes are quoted, quotes doubled (RFC 4180)"
printf '%s\n' \
	'10.0.0.1 - - [01/Apr/2024:10:00:00 +0200] "GET /tags/a,b HTTP/1.1" 200 1 "-" "x" 0.010 0.010' \
	'10.0.0.1 - - [01/Apr/2024:10:00:01 +0200] "GET /say/\x22hi\x22 HTTP/1.1" 200 1 "-" "x" 0.010 0.010' >"$TMP/csv.log"
printf 'slis:\n  - name: '"'"'by, "path"'"'"'\n    group_by: path\n' >"$TMP/csv.yaml"
run report -q -o csv -r "$TMP/csv.yaml" "$TMP/csv.log"
