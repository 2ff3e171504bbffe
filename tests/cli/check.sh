# slicalc check: the rules validated and linted alone, then tried on
# logs. Each warning kind has a rules file of its own
# (fixtures/rules/check-*.yaml, whose comments say what to expect). Exit
# 0 without warnings (notes do not count), 1 when some input could not
# be read (warnings or not), 2 usage and rules errors, 4 warnings.
. tests/cli/lib.bash

echo "# the rules alone: clean, then patterns that can never match"
run check -r rules/hr.yaml
run check -r fixtures/rules/check-never.yaml

echo "# rules errors name file:line:col; nothing is read"
run check -r fixtures/rules/bad-objective-fraction.yaml fixtures/access.log
run check -r fixtures/rules/bad-regex.yaml

echo "# usage errors"
run check fixtures/access.log
run check -r rules/hr.yaml -o csv fixtures/access.log
run check -r rules/hr.yaml --top 3 fixtures/access.log

echo "# over logs: the HR app's nginx access log and its Rails log together;"
echo "# overlaps and unmatched listed; notes do not fail it"
run check -r rules/hr.yaml fixtures/access.log fixtures/rails-tagged.log
echo "# the nginx log alone: payroll takes Rails logs only (match.file)"
run check -r rules/hr.yaml fixtures/access.log
echo "# each warning kind"
run check -r fixtures/rules/check-no-match.yaml fixtures/access.log
run check -r fixtures/rules/check-no-latency.yaml fixtures/combined.log
run check -r fixtures/rules/check-already-spent.yaml fixtures/outage.log
run check -r fixtures/rules/check-never.yaml fixtures/access.log
x30=/$(printf 'x%.0s' $(seq 30))
{
	for i in 1 2 3; do
		printf '1.2.3.4 - - [10/Mar/2024:15:00:0%d +0000] "GET %s HTTP/1.1" 200 1 "-" "-" 0.010\n' "$i" "$x30"
	done
	printf '1.2.3.4 - - [10/Mar/2024:15:00:04 +0000] "GET /ok HTTP/1.1" 200 1 "-" "-" 0.010\n'
} >"$TMP/redos.log"
run check -r fixtures/rules/check-match-error.yaml "$TMP/redos.log"

echo "# exit 1: a file that cannot be read, without and with warnings"
run check -q -r fixtures/rules/check-already-spent.yaml fixtures/outage.log "$TMP/missing.log"
run check -q -r fixtures/rules/check-no-match.yaml fixtures/outage.log "$TMP/missing.log"
echo "# nothing parses (the rules' log_format wants two timings): every SLI"
echo "# takes nothing, and the lines are named"
run check -r rules/hr.yaml fixtures/combined.log

echo "# unparsed lines named, (invalid request) among the unmatched"
run check -r fixtures/rules/check-no-match.yaml fixtures/odd.log

echo "# standard input, and a '|' in an endpoint key"
printf '1.2.3.4 - - [10/Mar/2024:15:00:00 +0000] "GET /a|b HTTP/1.1" 200 1 "-" "-" 0.010\n' >"$TMP/pipe.log"
cat fixtures/combined.log >>"$TMP/pipe.log"
run_stdin "$TMP/pipe.log" check -r fixtures/rules/check-no-latency.yaml -o markdown -

echo "# JSON: the rules alone, whole"
run check -o json -r fixtures/rules/check-never.yaml
echo "# JSON over logs: valid (jq), and its shape"
"$SLICALC" check -o json -r rules/hr.yaml fixtures/access.log fixtures/rails-tagged.log >"$TMP/hr.json"
printf '[exit %d]\n' $?
jq -c '{version, rules, input: (.input | {lines, requests, unmatched}),
	slis, warnings: [.warnings[] | {sli, kind, severity, key, line}],
	overlaps: [.overlaps[] | {endpoint, slis, requests}],
	unmatched: (.unmatched | length), first: .unmatched[0]}' "$TMP/hr.json"
"$SLICALC" check -o json -r fixtures/rules/check-no-match.yaml fixtures/access.log |
	jq -c '[.warnings[] | {sli, kind, severity, message}]'
echo "# the unmatched requests add up to input.unmatched"
jq '([.unmatched[].requests] | add) == .input.unmatched' "$TMP/hr.json"

echo "# Markdown, for a pull-request comment"
run check -o markdown -r rules/hr.yaml fixtures/access.log fixtures/rails-tagged.log
run check -o markdown -r fixtures/rules/check-never.yaml

run check --help

echo "# README's examples of check, against the real output: every line"
echo "# README shows must be in it, in order ('...' stands for lines left out)"
awk -v d="$TMP" '/^```/ { inb = !inb; if (inb) n++; next }
	inb { print > (d "/block." n) }' README.md
nblocks=0
for f in $(ls "$TMP"/block.* | sort -t. -k2 -n); do
	head -n 1 "$f" | grep -q '^\$ slicalc check ' || continue
	nblocks=$((nblocks + 1))
	read -ra args <<<"$(head -n 1 "$f" | sed 's/^\$ slicalc //')"
	printf '$ slicalc %s\n' "${args[*]}"
	"$SLICALC" "${args[@]}" >"$TMP/out" 2>&1
	printf '[exit %d]\n' $?
	awk -v out="$TMP/out" '
		BEGIN { while ((getline l < out) > 0) o[++m] = l }
		NR == 1 || $0 == "..." { next }
		{ n++; for (j = i + 1; j <= m; j++) if (o[j] == $0) break
		  if (j <= m) { i = j; ok++ } else print "MISSING: " $0 }
		END { printf "README shows %d lines: %d found in order\n", n, ok }' "$f"
done
[ "$nblocks" -gt 0 ] || echo "MISSING: README has no example of slicalc check"
