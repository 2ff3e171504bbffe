# Sourced by the script suites (corpus.sh, tail.sh, merge.sh,
# prometheus.sh, promrules.sh): `check WHAT GOT WANT` counts a pass or
# prints the failure (with the suite and the current $case); `skip WHAT
# WHY` counts a check that could not run (no corpus, no promtool, no
# Prometheus) and says so; `summary` prints the closing
# "SUITE: N passed, N failed, N skipped" line tests/run.sh reads and
# returns the suite's status. A skip is never a pass: tests/run.sh counts
# it apart, and under CI=true fails the run for it.
pass=0
fail=0
skipped=0
case=
check() {
	if [ "$2" = "$3" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $SUITE${case:+ $case}: $1: got '$2', want '$3'"
	fi
}
skip() {
	skipped=$((skipped + 1))
	echo "SKIP $SUITE: $1: $2"
}
summary() {
	echo "$SUITE: $pass passed, $fail failed, $skipped skipped"
	[ "$fail" -eq 0 ]
}
