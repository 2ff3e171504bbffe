# Tables that fit a width: --width 40/60/80/120 and 0 (unlimited, as piped
# output is), columns left out in the documented order with the note,
# endpoints shortened in the middle and never alike, COLUMNS on a
# terminal (through script(1) when there is one), and every line of a
# fitted endpoint table checked to be at most the width.
. tests/cli/lib.bash
for w in 40 60 80 120 0; do
	run report -q --top 5 --width "$w" fixtures/access.log
done
echo "# widths of the endpoint tables' lines and of the SLI and window"
echo "# headings (wrapped), in characters (at most the width)"
for w in 40 60 80 120; do
	"$SLICALC" report -q --top 0 --width "$w" fixtures/access.log \
		fixtures/odd.log | sed 's/…/./g' | awk -v w="$w" '
		/^ENDPOINT/ { on = 1 } /^$/ || /^(note|\.\.\.)/ { on = 0 }
		(on || /^(SLI|window|  )/) && length($0) > m { m = length($0) }
		END { printf "width %d: longest line %d %s\n", w, m,
		      m <= w ? "ok" : w < 60 ? "(wider: the columns that stay and look-alike names)" : "TOO WIDE" }'
done
echo "# look-alike endpoints: each shown where it differs"
for d in north south east; do
	for s in summary summary.csv; do
		printf '1.2.3.4 - - [10/Mar/2024:10:00:01 +0000] "GET /api/v1/organisations/acme/departments/%s/employees/report/%s HTTP/1.1" 200 1 "-" "-" 0.010\n' "$d" "$s"
	done
done >"$TMP/alike.log"
run report -q --width 60 "$TMP/alike.log"
"$SLICALC" report -q --width 60 "$TMP/alike.log" |
	awk '/^GET/ { print $1 " " $2 }' | sort | uniq -d | sed 's/^/DUPLICATE: /'
echo "# twelve look-alikes (4 regions x 3 names): every line fits, no two rows alike"
for r in north south northeast northwest; do
	for e in employees-summary employees-summaries employee-summary; do
		printf '1.2.3.4 - - [10/Mar/2024:10:00:01 +0000] "GET /api/v1/organisations/acme-corporation/regions/%s/%s HTTP/1.1" 200 1 "-" "-" 0.010\n' "$r" "$e"
	done
done >"$TMP/alike12.log"
for w in 60 80 120; do
	"$SLICALC" report -q --width "$w" "$TMP/alike12.log" >"$TMP/t.txt"
	sed 's/…/./g' "$TMP/t.txt" | awk -v w="$w" '
		/^ENDPOINT/ { on = 1 } /^$/ || /^note/ { on = 0 }
		on && length($0) > w { n++ }
		END { printf "width %d: %d endpoint lines wider\n", w, n }'
	awk '/^GET/ { print $1 " " $2 }' "$TMP/t.txt" | sort | uniq -d |
		sed 's/^/DUPLICATE: /'
done
run report -q --width 60 "$TMP/alike12.log"
echo "# every line of the whole report at 60 and 80 (the accounting line,"
echo "# notes and time slices flowed), in characters"
for w in 60 80; do
	"$SLICALC" report -q --top 0 --width "$w" fixtures/access.log \
		fixtures/odd.log | sed 's/…/./g' |
		awk -v w="$w" 'length($0) > m { m = length($0) }
		END { printf "width %d: longest line %d %s\n", w, m,
		      m <= w ? "ok" : "TOO WIDE" }'
done
echo "# piped: full width whatever COLUMNS says"
COLUMNS=50 "$SLICALC" report -q --top 1 fixtures/access.log | sed -n 5p
echo "# --width takes a number"
run report --width x fixtures/access.log
if script -qc true /dev/null >/dev/null 2>&1; then
	echo "# on a terminal: COLUMNS=60"
	COLUMNS=60 script -qc "'$SLICALC' report -q --top 2 fixtures/access.log" /dev/null |
		tr -d '\r' | sed -n '4,11p'
else
	echo "# on a terminal: COLUMNS=60 (skipped: no script(1))"
fi
