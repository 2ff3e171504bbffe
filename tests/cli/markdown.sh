# `-o markdown` of report and merge: per SLI the objectives' table and the
# endpoints' table, for a pull request comment or a wiki page. Beside the
# golden output, checks that do not trust it: every table row has as many
# cells as its header, and each endpoint's requests are the JSON report's.
SLICALC=${SLICALC:-./slicalc}
. tests/cli/lib.bash
run report -o markdown --top 3 -r rules/hr.yaml fixtures/access.log
echo "# no objective and no time: said, never shown as met"
printf '"GET /x HTTP/1.1" 200\n"GET /x HTTP/1.1" 503\n' >"$TMP/untimed.log"
run report -q -o markdown --log-format '"$request" $status' "$TMP/untimed.log"
echo "# --by day: a table per period"
run report -q -o markdown --top 1 --by day fixtures/access.log
echo "# endpoint names that are Markdown (pipes, backticks, a tag)"
printf '%s\n' \
	'1.2.3.4 - - [10/Mar/2024:10:00:00 +0000] "GET /a|b HTTP/1.1" 200 1 "-" "-" 0.010' \
	'1.2.3.4 - - [10/Mar/2024:10:00:01 +0000] "GET /``x` HTTP/1.1" 500 1 "-" "-" 0.020' \
	'1.2.3.4 - - [10/Mar/2024:10:00:02 +0000] "GET /<script>*_x_* HTTP/1.1" 200 1 "-" "-" 0.030' \
	>"$TMP/md.log"
run report -q -o markdown "$TMP/md.log"
echo "# merge writes the same Markdown as one report over all the input"
"$SLICALC" report -q --save-state "$TMP/a.state" -o json fixtures/access.log >/dev/null
"$SLICALC" report -q --save-state "$TMP/b.state" -o json fixtures/access-rotated.log.gz >/dev/null
"$SLICALC" merge -q -o markdown "$TMP/a.state" "$TMP/b.state" >"$TMP/merged.md"
"$SLICALC" report -q -o markdown fixtures/access.log fixtures/access-rotated.log.gz >"$TMP/whole.md"
if diff <(grep '^|' "$TMP/merged.md") <(grep '^|' "$TMP/whole.md") >/dev/null; then
	echo "merge = report: same tables"
else
	echo "FAIL: merge's tables differ from report's"
	diff <(grep '^|' "$TMP/merged.md") <(grep '^|' "$TMP/whole.md")
fi
echo "# commands without a Markdown report say so"
run backtest -o markdown fixtures/access.log
run tail -o markdown fixtures/access.log
echo "# every row has its header's cells (pipes inside code spans escaped)"
for args in "-r rules/hr.yaml fixtures/access.log" "$TMP/md.log" "--by day fixtures/access.log"; do
	# shellcheck disable=SC2086
	"$SLICALC" report -q -o markdown --top 0 $args |
		awk '/^\|/ { line = $0; gsub(/\\\|/, "", line); n = gsub(/\|/, "", line)
		             if (!inside) { want = n; inside = 1 }
		             else if (n != want) { bad++; print "FAIL cells: " $0 } ; next }
		     { inside = 0 }
		     END { print (bad ? bad " bad rows" : "rows ok") }' | sed "s|$TMP|TMP|g"
done
echo "# each endpoint's requests as the JSON report counts them"
"$SLICALC" report -q -o markdown --top 0 -r rules/hr.yaml fixtures/access.log |
	awk -F' \\| ' '/^### / { sli = $0; sub(/^### `/, "", sli); sub(/`$/, "", sli) }
	     /^\| `/ { key = $1; sub(/^\| `/, "", key); sub(/`$/, "", key)
	               n = $2; gsub(/,/, "", n); print sli "\t" key "\t" n }' | sort >"$TMP/md.tsv"
"$SLICALC" report -q -o json -r rules/hr.yaml fixtures/access.log |
	jq -r '.slis[] | .name as $s | (.endpoints // [])[] | [$s, .endpoint, .requests] | @tsv' | sort >"$TMP/json.tsv"
if [ -s "$TMP/md.tsv" ] && diff "$TMP/md.tsv" "$TMP/json.tsv" >/dev/null; then
	echo "requests = JSON's for $(wc -l <"$TMP/md.tsv") endpoints"
else
	echo "FAIL: Markdown's requests differ from JSON's"
	diff "$TMP/md.tsv" "$TMP/json.tsv" | head
fi
