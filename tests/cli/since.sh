# --since/--until keep requests in [since, until); the rest are counted as
# filtered, never dropped silently. The awk line counts the same hours
# independently ($time_local is the 4th field).
. tests/cli/lib.bash
"$SLICALC" report -q -o json --since 2024-03-11T06:00:00+09:00 \
	--until 2024-03-11T12:00:00+09:00 fixtures/access.log |
	jq -c '.input | {lines, requests, filtered, start, "end": .end}'
awk '{ h = substr($4, 14, 2) } h >= "06" && h < "12" { n++ } END { print "awk:", n }' fixtures/access.log
run report -q --since 2024-03-11 --until 2024-03-11 fixtures/access.log --top 1
run report --since yesterday fixtures/odd.log
