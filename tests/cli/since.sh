# --since/--until keep requests in [since, until); the rest are counted as
# filtered, never dropped silently. awk counts the same hours
# independently ($time_local is the 4th field; every line of the fixture
# is in +0900) and the counts must agree.
. tests/cli/lib.bash
json=$("$SLICALC" report -q -o json --since 2024-03-11T06:00:00+09:00 \
	--until 2024-03-11T12:00:00+09:00 fixtures/access.log)
echo "[exit $?]"
printf '%s\n' "$json" | jq -c '.input | {lines, requests, filtered, start, "end": .end}'
want=$(awk '$5 != "+0900]" { print "zone " $5; exit }
	substr($4, 2, 11) == "11/Mar/2024" { h = substr($4, 14, 2) }
	substr($4, 2, 11) == "11/Mar/2024" && h >= "06" && h < "12" { n++ }
	END { print n + 0 }' fixtures/access.log)
got=$(printf '%s\n' "$json" | jq '.input.requests')
total=$(awk 'END { print NR }' fixtures/access.log)
if [ "$got" = "$want" ] && [ "$(printf '%s\n' "$json" | jq '.input.filtered')" = $((total - want)) ]; then
	echo "awk agrees: $want requests, $((total - want)) filtered"
else
	echo "MISMATCH: slicalc $got requests, awk $want (of $total lines)"
fi
run report -q --since 2024-03-11 --until 2024-03-11 fixtures/access.log --top 1
run report --since yesterday fixtures/odd.log
