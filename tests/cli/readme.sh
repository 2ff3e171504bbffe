# README.md's examples against the real output: every command shown with
# its output is run on the fixtures, and every line README shows must be
# in the output, in the same order ("..." lines stand for what README
# leaves out); the JSON report example's "key": value pairs must all be in
# the JSON of the command that produced it. A README that drifts from the
# program shows up here as MISSING lines.
. tests/cli/lib.bash

# the text of README's fenced blocks, one file per block
awk -v d="$TMP" '/^```/ { inb = !inb; if (inb) n++; next }
	inb { print > (d "/block." n) }' README.md

block() { # block PATTERN: the first block whose first line matches
	local f
	for f in $(ls "$TMP"/block.* | sort -t. -k2 -n); do
		if head -n 1 "$f" | grep -qE "$1"; then
			echo "$f"
			return
		fi
	done
}

shown() { # shown BLOCKFILE ARGS...: README's lines in slicalc ARGS' output, in order
	local f=$1
	shift
	printf '$ slicalc %s\n' "$*"
	"$SLICALC" "$@" >"$TMP/out" 2>&1
	printf '[exit %d]\n' $?
	awk -v out="$TMP/out" '
		BEGIN { while ((getline l < out) > 0) o[++m] = l }
		$0 == "..." || /^\$ slicalc / { next }
		{ n++; for (j = i + 1; j <= m; j++) if (o[j] == $0) break
		  if (j <= m) { i = j; ok++ } else print "MISSING: " $0 }
		END { printf "README shows %d lines: %d found in order\n", n, ok }' "$f"
}

echo "# the example at the top"
f=$(block '^\$ slicalc report ')
if [ -n "$f" ]; then
	read -ra args <<<"$(head -n 1 "$f" | sed 's/^\$ slicalc //')"
	shown "$f" "${args[@]}"
else
	echo "MISSING: the block starting with \$ slicalc report"
fi

echo "# the budget table (SLOs over time): the Paris calendar fixture at April 1"
f=$(block '^window calendar month Europe/Paris')
if [ -n "$f" ]; then
	shown "$f" report -r tests/cli/calendar.yaml --at 2024-04-01T00:00:00+02:00 fixtures/paris-dst.log
else
	echo "MISSING: the budget table block"
fi

echo "# the backtest example: the outage fixture"
f=$(block '^SLI api: evaluated every minute')
if [ -n "$f" ]; then
	shown "$f" backtest -r tests/cli/backtest.yaml fixtures/outage.log
else
	echo "MISSING: the backtest block"
fi

echo "# every routes and check example, as README shows it"
n=0
for f in $(ls "$TMP"/block.* | sort -t. -k2 -n); do
	head -n 1 "$f" | grep -qE '^\$ slicalc (routes|check) ' || continue
	n=$((n + 1))
	read -ra args <<<"$(head -n 1 "$f" | sed 's/^\$ slicalc //')"
	shown "$f" "${args[@]}"
done
[ "$n" -gt 0 ] || echo "MISSING: README's routes and check examples"

echo "# the JSON report example: fixtures/odd.log, --by day, a time slice"
cat >"$TMP/ts.yaml" <<'YAML'
slis:
  - name: all
    availability: {objective: 99.9}
    latency: [{threshold: 300ms, objective: 99}]
    timeslice: {size: 1m, good_if: "p95 <= 300ms", objective: 99%}
  - name: check-in
    match: {path: '^/attendance/check_in$'}
YAML
pairs() {
	grep -oE '"[A-Za-z_0-9.]+": ?(-?[0-9][0-9.e+-]*|"[^"]*"|true|false|null)' |
		sed -E 's/": ?/": /' | sort -u
}
printf '$ slicalc report -q -o json --by day -r TMP/ts.yaml fixtures/odd.log\n'
"$SLICALC" report -q -o json --by day -r "$TMP/ts.yaml" fixtures/odd.log >"$TMP/json"
printf '[exit %d]\n' $?
pairs <"$TMP/json" >"$TMP/got.pairs"
for f in $(grep -l . "$TMP"/block.* | sort -t. -k2 -n); do
	# the JSON blocks are the ones starting with {"version" or "budget"
	head -n 1 "$f" | grep -qE '^(\{"version"|"budget")' || continue
	cat "$f"
done | pairs >"$TMP/readme.pairs"
comm -23 "$TMP/readme.pairs" "$TMP/got.pairs" | sed 's/^/MISSING: /'
echo "README's JSON shows $(wc -l <"$TMP/readme.pairs") distinct \"key\": value pairs; $(comm -12 "$TMP/readme.pairs" "$TMP/got.pairs" | wc -l) found"
