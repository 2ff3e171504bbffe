# CSV's SLO columns against the JSON report of the same run (jq reads the
# budget and burn rates from JSON, awk from CSV by header name), and --by
# series with the empty periods between the first and the last.
. tests/cli/lib.bash
args=(-q -r rules/hr.yaml fixtures/access.log fixtures/access-rotated.log.gz)
"$SLICALC" report "${args[@]}" -o json | jq -r '
	.slis[] | .name as $n | .total.availability as $a |
	[$n, $a.objective, $a.budget.allowed, $a.budget.consumed,
	 $a.budget.remaining, $a.burn_rates["1h"]] | @csv' |
	tr -d '"' >"$TMP/json.txt"
"$SLICALC" report "${args[@]}" -o csv | awk -F, '
	NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$2 == "(all)" {
		print $1 "," $c["availability_objective"] "," \
		      $c["availability_allowed"] "," \
		      $c["availability_consumed"] "," \
		      $c["availability_remaining"] "," \
		      $c["availability_burn_1h"] }' >"$TMP/csv.txt"
echo "# (all) rows: sli, objective, allowed, consumed, remaining, burn 1h"
cat "$TMP/csv.txt"
if cmp -s "$TMP/json.txt" "$TMP/csv.txt"; then
	echo "CSV agrees with JSON"
else
	echo "CSV DIFFERS from JSON:"
	diff "$TMP/json.txt" "$TMP/csv.txt"
fi
echo "# endpoint rows: the objective, budget and burn cells empty"
"$SLICALC" report "${args[@]}" -o csv | awk -F, '
	NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$2 != "(all)" && ($c["availability_allowed"] != "" ||
	    $c["availability_burn_5m"] != "") { bad++ }
	END { print bad ? bad " rows with budgets" : "none with budgets" }'
echo "# --by hour over two requests 3 hours apart: 4 periods, 2 empty"
printf '%s\n' \
	'1.2.3.4 - - [10/Mar/2024:10:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "-" 0.010' \
	'1.2.3.4 - - [10/Mar/2024:13:30:00 +0000] "GET /a HTTP/1.1" 500 1 "-" "-" 0.020' \
	>"$TMP/gap.log"
run report --by hour -o csv "$TMP/gap.log"
"$SLICALC" report -q --by hour -o json "$TMP/gap.log" |
	jq -c '.slis[0].series | {empty, gaps, requests: [.periods[].requests]}'
run report --by hour --width 80 "$TMP/gap.log"
echo "# time slices: the (all) row's slices, good ones and budget are the JSON's"
"$SLICALC" report -q -o csv -r rules/hr.yaml fixtures/access.log | awk -F, '
	NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$2 == "(all)" && $c["timeslice_objective"] != "" {
		print $1, $c["timeslice_objective"], $c["timeslice_slices"], $c["timeslice_good"],
		      $c["timeslice_allowed"], $c["timeslice_consumed"], $c["timeslice_remaining"] }' >"$TMP/ts-csv.txt"
"$SLICALC" report -q -o json -r rules/hr.yaml fixtures/access.log |
	jq -r '.slis[] | select(.timeslice) | .name + " " + ([.timeslice | .objective, .slices, .good, .budget.allowed, .budget.consumed, .budget.remaining] | map(tostring) | join(" "))' \
	>"$TMP/ts-json.txt"
cat "$TMP/ts-csv.txt"
if [ -s "$TMP/ts-csv.txt" ] && cmp -s "$TMP/ts-csv.txt" "$TMP/ts-json.txt"; then
	echo "time slices: CSV agrees with JSON"
else
	echo "time slices: CSV DIFFERS from JSON:"
	diff "$TMP/ts-csv.txt" "$TMP/ts-json.txt"
fi
