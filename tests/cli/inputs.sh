# Inputs: gzip by content not name, multi-member gzip, standard input (plain
# and gzip), a missing file and a truncated gzip (exit 1, the rest still
# reported), an empty file. Where the output is filtered, the filter keeps
# the command and its "[exit N]" line.
. tests/cli/lib.bash
head -n 5 fixtures/access.log | gzip -n >"$TMP/a.gz"
tail -n 5 fixtures/access.log | gzip -n >"$TMP/b.gz"
cat "$TMP/a.gz" "$TMP/b.gz" >"$TMP/ab.log"
run report -o json "$TMP/ab.log" | grep -E '"(lines|requests)"|^\[exit |^\$ slicalc'
run_stdin "$TMP/ab.log" report -q --top 0
run_stdin fixtures/odd.log report -q --top 1 -
gzip -cn fixtures/access.log | head -c 20000 >"$TMP/cut.gz"
: >"$TMP/empty.log"
run report -q --top 1 "$TMP/cut.gz" /nonexistent.log "$TMP/empty.log" fixtures/odd.log 2>&1
run report -o json "$TMP/cut.gz" /nonexistent.log | grep -E -A8 '"files"|^\[exit |^\$ slicalc'
