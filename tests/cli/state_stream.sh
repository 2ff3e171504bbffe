# States through pipes: `report --save-state -` writes the state (the
# bytes --save-state FILE writes) to standard output in place of the
# report; `merge -` reads one or more states concatenated on standard
# input and gives what merging the files gives; a cut, damaged or foreign
# stream is an error naming the state (exit 2); -o with --save-state - is
# refused (there is no report to write). Comparisons print "same" or the
# difference, so the golden holds what was compared, not the bytes.
. tests/cli/lib.bash
SLICALC=$(cd "$(dirname "$SLICALC")" && pwd)/$(basename "$SLICALC")
cd "$TMP" || exit 1
split -n l/3 "$OLDPWD/fixtures/access.log" part.
cp "$OLDPWD/fixtures/odd.log" part.odd
same() { [ -s "$1" ] && cmp -s "$1" "$2" && echo "same: $1 $2" || echo "DIFFER: $1 $2"; }
for f in part.aa part.ab part.ac part.odd; do
	"$SLICALC" report -q --save-state "$f.state" "$f" >/dev/null
	"$SLICALC" report -q --save-state - "$f" >"$f.piped"
	same "$f.state" "$f.piped"
done
"$SLICALC" report -q -o json part.aa part.ab part.ac part.odd >whole.json
"$SLICALC" merge -o json part.aa.state part.ab.state part.ac.state \
	part.odd.state >files.json
cat part.aa.state part.ab.state part.ac.state part.odd.state |
	"$SLICALC" merge -o json - >stream.json
same files.json whole.json
same stream.json whole.json
# a pipe with no file at all; and merge - beside state files
"$SLICALC" report -q --save-state - part.aa part.ab part.ac part.odd |
	"$SLICALC" merge -o json - >pipe.json
same pipe.json whole.json
cat part.ab.state part.ac.state |
	"$SLICALC" merge -o json part.odd.state - part.aa.state >mixed.json
same mixed.json whole.json
# merge --save-state - feeds another merge (two levels)
"$SLICALC" merge --save-state - part.aa.state part.ab.state |
	"$SLICALC" merge -o json - part.ac.state part.odd.state >levels.json
same levels.json whole.json
# a file of concatenated states (cat a.state b.state >all.state) is read
# as the stream is; a cut one names the state by its place in the file
cat part.aa.state part.ab.state part.ac.state part.odd.state >all.state
"$SLICALC" merge -o json all.state >catfile.json
same catfile.json whole.json
cat part.aa.state part.ab.state | head -c -10 >cutfile.state
run merge cutfile.state
# one state cut short: said as truncated, as on standard input
head -c -10 part.aa.state >cutone.state
run merge cutone.state
# the table too, and the exit status of each end
cat part.*.state | "$SLICALC" merge --top 3 - 2>&1; echo "[exit ${PIPESTATUS[1]}]"

# broken streams: exit 2, the state named by its place
cat part.aa.state part.ab.state >two
n=$(stat -c %s part.aa.state)
head -c -10 two >cut
run_stdin cut merge -
cp two flipped
printf '\x01' | dd of=flipped bs=1 seek=$((n + 100)) conv=notrunc status=none
run_stdin flipped merge -
cat part.aa.state >junk
echo junk >>junk
run_stdin junk merge -
: >empty
run_stdin empty merge -
head -c 20 part.aa.state >short
run_stdin short merge -
# states of other rules in one stream
printf 'slis:\n  - name: api\n' >other.yaml
"$SLICALC" report -q -r other.yaml --save-state other.state part.aa >/dev/null
cat part.aa.state other.state >foreign
run_stdin foreign merge -
# no report to write
run report --save-state - -o json part.aa
run merge --save-state - -o csv part.aa.state
run report --save-state - -o table part.aa
# tail saves its state over and over: a file, never standard output
run tail --state - part.aa
# a missing file: its error on standard error, exit 1, the state still
# written (the file recorded in it as it is in report's)
"$SLICALC" report -q --save-state - part.aa /nonexistent.log 2>err >miss.state
echo "[exit $?]"
cat err
"$SLICALC" merge -o json - <miss.state >miss.json
"$SLICALC" report -q -o json part.aa /nonexistent.log >whole-miss.json 2>/dev/null
same miss.json whole-miss.json
