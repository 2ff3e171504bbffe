# Sourced by the script suites (corpus.sh, tail.sh, merge.sh,
# prometheus.sh): `check WHAT GOT WANT` counts a pass or prints the
# failure (with the suite and the current $case), `summary` prints the
# closing "SUITE: N passed, N failed" line tests/run.sh reads and returns
# the suite's status.
pass=0
fail=0
case=
check() {
	if [ "$2" = "$3" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $SUITE${case:+ $case}: $1: got '$2', want '$3'"
	fi
}
summary() {
	echo "$SUITE: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
