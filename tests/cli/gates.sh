# The gates: --fail-on-budget[=SLI,...] and --fail-below PCT, in report
# and merge. The log is written here, with budgets worked by hand:
#   checkout: 800 requests, 7 failing, 99%: 8 allowed, 1/8 = 12.5% left
#   search:   1,000 requests, 13 failing, 99%: 10 allowed, 130% used
#             (spent); its one hour-slice fails (98.7% < 99%): of 0.5
#             slices allowed, 1 bad, 200% used
#   catalog:  200 requests, none failing, 99.9%: 100% left; one of them
#             at 400 ms, the rest at 10 ms: 300ms at 99% allows 2, 50%
#             left
# (all within one hour of 2024-03-10, so inside every 30-day window).
. tests/cli/lib.bash
log=$TMP/gates.log
awk 'function line(i, path, status, rt) {
	printf "10.0.0.1 - - [10/Mar/2024:15:%02d:%02d +0000] \"GET %s HTTP/1.1\" %d 10 \"-\" \"t\" %s %s\n",
		int(i / 60) % 60, i % 60, path, status, rt, rt }
	BEGIN {
		for (i = 0; i < 800; i++) line(i, "/checkout/" i, i < 7 ? 503 : 200, "0.010")
		for (i = 0; i < 1000; i++) line(i, "/search?q=" i, i < 13 ? 500 : 200, "0.010")
		for (i = 0; i < 200; i++) line(i, "/catalog/" i, 200, i == 0 ? "0.400" : "0.010")
	}' >"$log"
check_counts() { # the log is what the comment says
	printf '# lines: %s, 5xx: %s, slow: %s\n' "$(wc -l <"$log")" \
		"$(grep -c '" 50[03] ' "$log")" "$(grep -c ' 0.400 ' "$log")"
}
check_counts
# gate ARGS...: the command, its messages (the report itself to
# /dev/null) and its exit status
gate() {
	printf '$ slicalc %s\n' "$*" | sed "s|$TMP|TMP|g"
	"$SLICALC" "$@" 2>&1 >/dev/null | sed "s|$TMP|TMP|g"
	printf '[exit %d]\n' "${PIPESTATUS[0]}"
}
r=tests/cli/gates.yaml
echo "# what the budgets are: the JSON report"
"$SLICALC" report -q -o json -r $r "$log" |
	jq -c '.slis[] | {name, a: .total.availability.budget | [.requests, .bad, .allowed, .remaining],
		l: [.total.latency.thresholds[]?.budget | [.requests, .bad, .allowed, .remaining]],
		ts: (.timeslice | if . then [.slices, .good, .budget.allowed, .budget.consumed] else null end)}'
echo "# no gate: exit 0 whatever the budgets"
gate report -r $r "$log"
echo "# every SLI: search's budget and its time slices are spent"
gate report -r $r --fail-on-budget "$log"
echo "# only checkout: 12.5% left is not spent"
gate report -r $r --fail-on-budget=checkout "$log"
echo "# only search, named twice over two options: spent"
gate report -r $r --fail-on-budget=search --fail-on-budget=search,checkout "$log"
echo "# a bare --fail-on-budget beside a list gates every SLI"
gate report -r $r --fail-on-budget=checkout --fail-on-budget "$log"
echo "# --fail-below: checkout has 12.5% left, below 25%"
gate report -r $r --fail-on-budget=checkout --fail-below 25 "$log"
echo "# exactly 12.5% left is not below 12.5%; 12.6% is"
gate report -r $r --fail-on-budget=checkout --fail-below 12.5 "$log"
gate report -r $r --fail-on-budget=checkout --fail-below 12.6% "$log"
echo "# --fail-below alone gates every SLI: catalog's latency has 50% left"
gate report -r $r --fail-below 60 "$log"
echo "# --fail-below 0 is --fail-on-budget: spent only"
gate report -r $r --fail-below 0 --fail-on-budget=catalog,checkout "$log"
echo "# --fail-below 100: any bad request fails; catalog's availability has none"
gate report -r $r --fail-below 100 --fail-on-budget=catalog "$log"
echo "# unknown SLIs and bad percents: usage errors, nothing read"
gate report -r $r --fail-on-budget=checkout,nope "$log"
gate report -r $r --fail-on-budget= "$log"
gate report -r $r --fail-on-budget=checkout,,search "$log"
gate report -r $r --fail-below 101 "$log"
gate report -r $r --fail-below -1 "$log"
gate report -r $r --fail-below half "$log"
gate report -r $r --fail-below "$log"
echo "# the list goes with '=': a word after the bare option is a FILE"
gate report -r $r --fail-on-budget checkout "$log"
echo "# merge takes the same gates, on the rules the states carry"
"$SLICALC" report -q -r $r --save-state "$TMP/s1" "$log" >/dev/null
gate merge --fail-on-budget=checkout "$TMP/s1"
gate merge --fail-on-budget=checkout --fail-below 50 "$TMP/s1"
gate merge --fail-on-budget=search "$TMP/s1"
gate merge --fail-on-budget=nope "$TMP/s1"
echo "# judged at June 1: March is outside every 30-day window, so no budget"
echo "# is known: said, never failed"
gate report -r $r --fail-below 100 --at 2024-06-01 "$log"
echo "# -q: the notes about unknown budgets are left out, the verdicts stay"
gate report -q -r $r --fail-below 100 --at 2024-06-01 "$log"
echo "# hex, exponents and infinities are no percents"
gate report -r $r --fail-below 0x10 "$log"
gate report -r $r --fail-below 1e1 "$log"
gate report -r $r --fail-below inf "$log"
gate report -r $r --fail-below 12.5% "$log"
echo "# an unreadable input: exit 1 wins (the figures are incomplete), but the"
echo "# gate still says what it found"
gate report -r $r --fail-on-budget=checkout --fail-below 25 "$log" "$TMP/no-such.log"
echo "# no timestamps: no window, so nothing gated, and it says so"
printf '"GET /x HTTP/1.1" 500\n' >"$TMP/untimed.log"
gate report --fail-on-budget --log-format '"$request" $status' "$TMP/untimed.log"
echo "# time slices: named with their objective, counted in slices"
gate report -r rules/hr.yaml --fail-on-budget=employee-search fixtures/access.log
