# corrections: in the rules (fixtures/rules/corrections.yaml) over
# fixtures/corrections.log: two requests every 10 minutes (one /api/, one
# /web/) from 2026-03-27T00:00Z to 2026-03-29T23:50Z, 864 in all. The
# corrected requests are counted here again with awk from the windows the
# rules mean, worked by hand: deploy (api) 2026-03-28 10:00Z-11:30Z; the
# weekly Sunday 02:00 Berlin for 2h, on 2026-03-29 when the clocks skip
# 02:00-03:00, read with the offset before (+01:00): 01:00Z-03:00Z, both
# SLIs; nightly (web) 23:50 UTC for 20m from the 28th only: 2026-03-28
# 23:50Z to 2026-03-29 00:10Z.
. tests/cli/lib.bash
R=fixtures/rules/corrections.yaml
L=fixtures/corrections.log
run report -r $R $L
echo "# by awk from the log: corrected per SLI and correction (api deploy, api weekly, web weekly, web nightly)"
awk '{ t = substr($4, 2); sli = $7 ~ /^\/api\// ? "api" : "web"
	split(t, a, /[\/:]/); day = a[1]; hm = a[4] a[5]
	if (sli == "api" && day == "28" && hm >= "1000" && hm < "1130") n["api deploy"]++
	else if (day == "29" && hm >= "0100" && hm < "0300") n[sli " weekly"]++
	else if (sli == "web" && ((day == "28" && hm >= "2350") || (day == "29" && hm < "0010"))) n["web nightly"]++ }
	END { print n["api deploy"]+0, n["api weekly"]+0, n["web weekly"]+0, n["web nightly"]+0 }' $L
"$SLICALC" report -q -o json -r $R $L |
	jq -r '[.slis[] | .corrections[] | .requests] | map(tostring) | join(" ")'
echo "# each SLI: counted + corrected = what it counts without corrections; the bad left are the two of 03-27 12:00Z and 12:10Z"
sed '/^corrections:/,$d' $R >"$TMP/plain.yaml"
"$SLICALC" report -q -o json -r "$TMP/plain.yaml" $L | jq -c '[.slis[] | [.name, .total.requests, .total.availability.bad]]'
"$SLICALC" report -q -o json -r $R $L |
	jq -c '[.slis[] | [.name, .total.requests + .corrected, .total.availability.bad, .corrected]]'
echo "# the JSON: the input's corrections as written, with their requests; per SLI"
"$SLICALC" report -q -o json -r $R $L | jq -c '.input | {requests, unmatched, corrected}, .corrections[]'
"$SLICALC" report -q -o json -r $R $L | jq -c '.slis[] | {name, corrected, corrections}'
echo "# CSV: the corrected column of each (all) row is the JSON's"
"$SLICALC" report -q -o csv -r $R $L |
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "corrected") c = i; next }
	         $2 == "(all)" { print $1, $c }' >"$TMP/csv.txt"
"$SLICALC" report -q -o json -r $R $L | jq -r '.slis[] | "\(.name) \(.corrected)"' >"$TMP/json.txt"
if diff "$TMP/csv.txt" "$TMP/json.txt" >/dev/null; then
	echo "CSV = JSON: $(tr '\n' ' ' <"$TMP/csv.txt")"
else
	echo "FAIL: CSV corrected differs"; diff "$TMP/csv.txt" "$TMP/json.txt"
fi
echo "# Markdown says each SLI's corrected requests"
"$SLICALC" report -q -o markdown -r $R $L | grep -i 'corrected'
echo "# budgets and burn rates exclude them: api 411 requests, 2 bad, 99% allowed 4.11"
"$SLICALC" report -q -o json -r $R $L |
	jq -c '.slis[] | [.name, (.total.availability.budget | .requests, .bad, .allowed)]'
echo "# --by day: the corrected requests are in no period (144 per SLI a day before)"
"$SLICALC" report -q -o json --by day -r $R $L |
	jq -c '.slis[] | [.name, [.series.periods[] | .requests]]'
echo "# backtest: only the two bad requests of 03-27 fire; the input says what was corrected"
run backtest -r $R $L
echo "# merge: the states of two halves give the report of the whole"
head -n 432 $L >"$TMP/a.log"
tail -n +433 $L >"$TMP/b.log"
SL=$(cd "$(dirname "$SLICALC")" && pwd)/$(basename "$SLICALC")
(
	cd "$TMP" || exit
	for p in a b; do
		"$SL" report -q -o json -r "$OLDPWD/$R" --save-state $p.state $p.log >/dev/null
	done
	"$SL" report -q -o json -r "$OLDPWD/$R" a.log b.log >whole.json
	"$SL" merge -o json a.state b.state >merged.json
	cmp -s whole.json merged.json && echo "merged = whole" || echo "merged differs"
	jq -c '.slis[] | [.name, .corrected, .total.requests]' merged.json
)
echo "# --since: requests outside are filtered before corrections"
"$SLICALC" report -q -o json -r $R --since 2026-03-29T00:00:00Z $L |
	jq -c '.input | {requests, filtered, corrected}'
run report -r fixtures/rules/bad-correction-sli.yaml $L
echo "# counted per SLI: a request two SLIs match in a correction counts twice,"
echo "# so 3 requests give 5 (all 3, api 2), and the line says so; one SLI's count needs no such word"
head -n 3 $L >"$TMP/three.log"
cat >"$TMP/overlap.yaml" <<'YAML'
slis:
  - name: all
    match: {path: "^/"}
  - name: api
    match: {path: "^/api/"}
corrections:
  - {name: deploy, start: "2026-03-27T00:00:00Z", duration: 20m}
YAML
run report -r "$TMP/overlap.yaml" "$TMP/three.log"
sed 's/^  - {name: deploy.*/  - {name: deploy, start: "2026-03-27T00:00:00Z", duration: 20m, slis: [api]}/' \
	"$TMP/overlap.yaml" >"$TMP/api.yaml"
"$SLICALC" report -r "$TMP/api.yaml" "$TMP/three.log" 2>&1 | grep '^corrected'
