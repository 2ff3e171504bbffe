# slicalc check: the rules validated and linted alone, then tried on
# logs. Each warning kind has a rules file of its own
# (fixtures/rules/check-*.yaml, whose comments say what to expect). Exit
# 0 without warnings (notes do not count), 1 when some input could not
# be read (warnings or not), 2 usage and rules errors, 4 warnings.
# Without FILE, standard input is /dev/null: a pipe or a file there
# would add a note (tested below).
. tests/cli/lib.bash

md_lint() { # md_lint FILE: the Markdown's blocks as GitHub reads them
	awk '
	function kind(l) {
		if (l == "") return "blank"
		if (l ~ /^#+ /) return "heading"
		if (l ~ /^\|/) return "table"
		if (l ~ /^- /) return "item"
		return "text"
	}
	function cells(l,   n, i, c) { # unescaped |, less the first
		for (i = 1; i <= length(l); i++) {
			c = substr(l, i, 1)
			if (c == "\\") i++
			else if (c == "|") n++
		}
		return n - 1
	}
	{ k = kind($0) }
	k == "heading" && NR > 1 && prev != "blank" {
		print "line " NR ": a heading not after a blank line"; bad++ }
	# a text line after text, a list item or a table row is read as
	# part of it (one paragraph, the item, a table row)
	k == "text" && (prev == "text" || prev == "item" || prev == "table") {
		print "line " NR ": runs into the " prev " before it"; bad++ }
	k == "table" && prev != "table" {
		if (prev != "blank") { print "line " NR ": a table not after a blank line"; bad++ }
		hdr = cells($0); row = 0 }
	k == "table" { row++
		if (cells($0) != hdr) { print "line " NR ": " cells($0) " cells, the header " hdr; bad++ }
		if (row == 2 && $0 !~ /^\|(-+:?\|)+$/) { print "line " NR ": no delimiter row"; bad++ } }
	{ prev = k }
	END { if (bad) print bad " problem(s)"; else print "blocks: ok" }' "$1"
}

echo "# the rules alone: clean, then patterns that can never match"
run check -r rules/hr.yaml </dev/null
run check -r fixtures/rules/check-never.yaml </dev/null
echo "# match.path: a path need not start with '/' (CONNECT's host:port, a"
echo "# JSON log's 'users/1'); anchored on an uppercase letter (a method) or"
echo "# '?' (the query) it is 'never', but not for an SLI that took requests"
run check -r fixtures/rules/check-path.yaml </dev/null
{
	printf '1.2.3.4 - - [10/Mar/2024:15:00:00 +0000] "CONNECT example.com:443 HTTP/1.1" 200 1 "-" "-" 0.010\n'
	printf '1.2.3.4 - - [10/Mar/2024:15:00:01 +0000] "CONNECT Example.com:443 HTTP/1.1" 200 1 "-" "-" 0.010\n'
} >"$TMP/connect.log"
printf '{"time":"2024-03-10T15:00:02Z","method":"GET","path":"users/1","status":200,"duration":12.5}\n' >"$TMP/relative.json"
run check -r fixtures/rules/check-path.yaml "$TMP/connect.log" "$TMP/relative.json"

echo "# logs on standard input without FILE are not read: a note says so"
echo "# (not with -q, nor with '-', which reads them)"
run_stdin fixtures/combined.log check -r fixtures/rules/check-no-latency.yaml
run_stdin fixtures/combined.log check -q -r fixtures/rules/check-no-latency.yaml
run_stdin fixtures/combined.log check -r fixtures/rules/check-no-latency.yaml -

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

echo "# more routes than max_endpoints (3 here; -j 1: the first three seen"
echo "# are kept): the census's (other) is said once, and is no endpoint in"
echo "# the counts, the overlaps or the unmatched"
run check -j 1 -r fixtures/rules/check-other.yaml fixtures/access.log
run check -j 1 -o markdown -r fixtures/rules/check-other.yaml fixtures/access.log
"$SLICALC" check -j 1 -o json -r fixtures/rules/check-other.yaml fixtures/access.log >"$TMP/other.json"
jq -c '{slis: [.slis[] | {name, endpoints}], overlaps: [.overlaps[].endpoint],
	unmatched: [.unmatched[].endpoint], census_other, census_other_unmatched}' "$TMP/other.json"
echo "# the unmatched and those in (other) add up to input.unmatched"
jq '([.unmatched[].requests] | add) + .census_other_unmatched == .input.unmatched' "$TMP/other.json"

echo "# JSON: the rules alone, whole"
run check -o json -r fixtures/rules/check-never.yaml </dev/null
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
jq '([.unmatched[].requests] | add) == .input.unmatched and .census_other == 0' "$TMP/hr.json"

echo "# Markdown, for a pull-request comment"
run check -o markdown -r rules/hr.yaml fixtures/access.log fixtures/rails-tagged.log
run check -o markdown -r fixtures/rules/check-never.yaml </dev/null

echo "# the Markdown's blocks: headings after a blank line, no line running"
echo "# into the one before (lines of a paragraph join when rendered), tables"
echo "# with a delimiter row and as many cells in each row as in the header"
for args in "-r rules/hr.yaml fixtures/access.log fixtures/rails-tagged.log" \
	"-r fixtures/rules/check-never.yaml" \
	"-r fixtures/rules/check-never.yaml fixtures/access.log" \
	"-j 1 -r fixtures/rules/check-other.yaml fixtures/access.log" \
	"-r fixtures/rules/check-no-match.yaml fixtures/odd.log" \
	"-r rules/hr.yaml fixtures/combined.log" \
	"-r fixtures/rules/check-no-latency.yaml $TMP/pipe.log"; do
	read -ra a <<<"$args"
	"$SLICALC" check -q -o markdown "${a[@]}" </dev/null >"$TMP/check.md"
	printf '%s: ' "$args" | sed "s|$TMP|TMP|g"
	md_lint "$TMP/check.md"
done
echo "# ... which finds what it is for"
printf '## h\nSome text\n### h2\n\n| a | b |\n|---|---|\n| 1 |\n1 file, 3 lines\nfrom a to b\n\n- item\nlazy\n' >"$TMP/bad.md"
md_lint "$TMP/bad.md"

run check --help
