#!/usr/bin/env bash
# tests/run.sh BUILD_DIR... - run the whole suite against each build.
#
# For every build directory (build/release, build/asan, ...):
#   unit tests     BUILD/test_*            each prints "name: N passed, N failed"
#   CLI golden     tests/cli/NAME.sh       output compared with NAME.out
#   fuzz replay    BUILD/replay_NAME       over tests/fuzz/corpus/NAME/
#   corpus         tests/corpus.sh         real logs in ../shared/corpus
#   tail           tests/tail.sh           follow mode, rotation, /metrics
#   merge          tests/merge.sh          saved states merge into the whole
#   limits         tests/limits.sh         PCRE2 limits, max_endpoints whatever -j
#   prometheus     tests/prometheus.sh     a real Prometheus scraping tail
#   promrules      tests/promrules.sh      promtool checks and unit-tests the generated rules
# and closes with one "N passed, N failed" line for everything.
#
# UPDATE=1 rewrites the golden .out files from the current output (review
# the diff like code before committing it).
set -u
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || set -- build/release

pass=0
fail=0
failed=()

ok() { pass=$((pass + $1)); }
bad() { fail=$((fail + 1)); failed+=("$1"); }

for build in "$@"; do
	echo "== $build"
	bin="$build/slicalc"
	[ -x "$bin" ] || { echo "no $bin: run make first" >&2; exit 2; }

	for t in "$build"/test_*; do
		[ -x "$t" ] || continue
		out=$("$t" 2>&1)
		rc=$?
		line=$(printf '%s\n' "$out" | grep -E '^[a-z_]+: [0-9]+ passed, [0-9]+ failed$' | tail -n 1)
		p=$(printf '%s' "$line" | sed -E 's/.*: ([0-9]+) passed.*/\1/')
		f=$(printf '%s' "$line" | sed -E 's/.* ([0-9]+) failed/\1/')
		if [ $rc -eq 0 ] && [ -n "$line" ] && [ "$f" = 0 ]; then
			ok "$p"
			echo "ok   $(basename "$t") ($p checks)"
		else
			printf '%s\n' "$out" | grep -v '^  ' >&2
			ok "${p:-0}"
			bad "$build: $(basename "$t")"
			echo "FAIL $(basename "$t") (exit $rc)"
		fi
	done

	for t in tests/cli/*.sh; do
		name=$(basename "$t" .sh)
		want="tests/cli/$name.out"
		got=$(SLICALC="$bin" bash "$t" 2>&1)
		if [ "${UPDATE:-0}" = 1 ]; then
			printf '%s\n' "$got" >"$want"
		fi
		if [ -f "$want" ] && [ "$got" = "$(cat "$want")" ]; then
			ok 1
			echo "ok   cli/$name"
		else
			bad "$build: cli/$name"
			echo "FAIL cli/$name"
			diff -u "$want" <(printf '%s\n' "$got") | head -40
		fi
	done

	for r in "$build"/replay_*; do
		[ -x "$r" ] || continue
		name=${r##*/replay_}
		dir=tests/fuzz/corpus/$name
		if out=$("$r" "$dir"/* 2>&1); then
			ok 1
			echo "ok   fuzz-replay/$name ($(ls "$dir" | wc -l) inputs)"
		else
			printf '%s\n' "$out" | tail -20
			bad "$build: fuzz-replay/$name"
			echo "FAIL fuzz-replay/$name"
		fi
	done

	# script suites: each closes with "NAME: N passed, N failed"
	for suite in tests/corpus.sh tests/tail.sh tests/merge.sh tests/limits.sh tests/prometheus.sh tests/promrules.sh; do
		name=$(basename "$suite" .sh)
		out=$(SLICALC="$bin" bash "$suite" 2>&1)
		rc=$?
		printf '%s\n' "$out" | grep -E '^(FAIL|  \(|.*SKIPPED)' | head -40
		line=$(printf '%s\n' "$out" |
			grep -E "^$name: [0-9]+ passed, [0-9]+ failed" | tail -n 1)
		[ -n "$line" ] || line="$name: no summary line (crashed?)"
		echo "$line"
		p=$(printf '%s' "$line" | sed -nE "s/^$name: ([0-9]+) passed.*/\\1/p")
		ok "${p:-0}"
		[ $rc -eq 0 ] && [ -n "$p" ] || bad "$build: $name"
	done
done

if [ ${#failed[@]} -gt 0 ]; then
	echo
	echo "failed:"
	printf '  %s\n' "${failed[@]}"
fi
echo
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
