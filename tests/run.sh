#!/usr/bin/env bash
# tests/run.sh BUILD_DIR... - run the whole suite against each build.
#
# For every build directory (build/release, build/asan, ...):
#   unit tests     BUILD/test_*            each prints "name: N passed, N failed"
#   CLI golden     tests/cli/NAME.sh       output compared with NAME.out
#   fuzz replay    BUILD/replay_NAME       over tests/fuzz/corpus/NAME/
#   corpus         tests/corpus.sh         real logs in $SLICALC_CORPUS (../shared/corpus)
#   tail           tests/tail.sh           follow mode, rotation, /metrics
#   merge          tests/merge.sh          saved states merge into the whole
#   limits         tests/limits.sh         PCRE2 limits, max_endpoints whatever -j
#   prometheus     tests/prometheus.sh     a real Prometheus scraping tail
#   promrules      tests/promrules.sh      promtool checks and unit-tests the generated rules
#   html           tests/html.sh           the HTML report in headless Chromium against the JSON
#   install        tests/install.sh        make install into a DESTDIR: binary, man page, completion, unit
#   dask           tests/dask.sh           contrib/dask on a real Dask cluster, a worker killed
# A build directory named nohs (make NO_HYPERSCAN=1: each SLI's patterns by
# PCRE2 in turn) runs the unit tests, goldens, fuzz replay, merge and limits.
# and closes with one "N passed, N failed, N skipped" line for everything.
#
# BUILD_DIR:SUITE,... runs only the script suites named (e.g.
# build/noisal:corpus, the zlib fallback build of `make NO_ISAL=1`, which
# holds only the programs that read gzip): the unit tests and fuzz
# replays are those the build holds, the CLI goldens all of them.
#
# A suite that cannot run (no corpus, no promtool, no Prometheus) says so
# in its summary ("NAME: N passed, N failed, N skipped", tests/check.bash)
# and is counted as skipped, never as passed; under CI=true a skip is a
# failure, so CI never passes by skipping. A suite or test program that
# checked nothing at all fails.
#
# Every script runs the binary under test as $SLICALC: before anything
# runs, a script that names ./slicalc (which would test the release build
# during the sanitizer pass) fails the run.
#
# UPDATE=1 rewrites the golden .out files from the current output (review
# the diff like code before committing it).
set -u
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || set -- build/release

pass=0
fail=0
skipped=0
failed=()
skips=()

ok() { pass=$((pass + $1)); }
bad() { fail=$((fail + 1)); failed+=("$1"); }
skipn() { # skipn N WHAT
	skipped=$((skipped + $1))
	skips+=("$2")
	if [ "${CI:-}" = true ]; then
		bad "$2 (skipped, and CI=true)"
	fi
}

# The guard: test scripts run "$SLICALC", never ./slicalc (the default
# `SLICALC=${SLICALC:-./slicalc}` for running a script by hand aside).
scripts=($(ls tests/*.sh tests/*.bash tests/cli/*.sh tests/cli/*.bash | grep -vx tests/run.sh))
if hits=$(grep -nE '(^|[^A-Za-z0-9_-])\./slicalc([^A-Za-z0-9_.-]|$)' "${scripts[@]}" |
	grep -vE '^[^:]+:[0-9]+:[[:space:]]*#|SLICALC=\$\{SLICALC:-\./slicalc\}$'); then
	echo "FAIL guard: these lines run ./slicalc instead of \$SLICALC:"
	printf '  %s\n' "$hits"
	bad "guard: ./slicalc in a test script"
else
	ok 1
	echo "ok   guard: every test script runs \$SLICALC"
fi

# The binary keeps compiled Hyperscan databases in $XDG_CACHE_HOME/slicalc
# (README: Files): the tests' go to a directory of their own, removed at
# the end, never into the real home.
XDG_CACHE_HOME=$(mktemp -d "${TMPDIR:-/tmp}/slicalc-test-cache.XXXXXX") || exit 1
export XDG_CACHE_HOME
trap 'rm -rf "$XDG_CACHE_HOME"' EXIT

for arg in "$@"; do
	build=${arg%%:*}
	suites="tests/corpus.sh tests/tail.sh tests/merge.sh tests/limits.sh tests/prometheus.sh tests/promrules.sh tests/html.sh tests/install.sh tests/dask.sh"
	if [ "$arg" != "$build" ]; then
		only=${arg#*:}
		suites=
		for name in ${only//,/ }; do suites="$suites tests/$name.sh"; done
	fi
	echo "== $arg"
	bin="$build/slicalc"
	[ -x "$bin" ] || { echo "no $bin: run make first" >&2; exit 2; }

	for t in "$build"/test_*; do
		[ -x "$t" ] || continue
		out=$("$t" 2>&1)
		rc=$?
		line=$(printf '%s\n' "$out" | grep -E '^[a-z_]+: [0-9]+ passed, [0-9]+ failed$' | tail -n 1)
		p=$(printf '%s' "$line" | sed -E 's/.*: ([0-9]+) passed.*/\1/')
		f=$(printf '%s' "$line" | sed -E 's/.* ([0-9]+) failed/\1/')
		if [ $rc -eq 0 ] && [ -n "$line" ] && [ "$f" = 0 ] && [ "$p" -gt 0 ]; then
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
		# a golden never expects a README example to be missing
		# (tests/cli/readme.sh): UPDATE=1 must not store the drift
		if printf '%s\n' "$got" | grep -q '^MISSING: '; then
			bad "$build: cli/$name"
			echo "FAIL cli/$name (README and output disagree):"
			printf '%s\n' "$got" | grep '^MISSING: ' | head -10
		elif [ -f "$want" ] && [ "$got" = "$(cat "$want")" ]; then
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
		n=$(find "$dir" -maxdepth 1 -type f | wc -l)
		if out=$("$r" "$dir"/* 2>&1) && [ "$n" -gt 0 ] &&
			[ "$(printf '%s\n' "$out" | tail -n 1)" = "replay_$name: $n inputs, 0 failed" ]; then
			ok 1
			echo "ok   fuzz-replay/$name ($n inputs)"
		else
			printf '%s\n' "$out" | tail -20
			bad "$build: fuzz-replay/$name"
			echo "FAIL fuzz-replay/$name"
		fi
	done

	# script suites: each closes with "NAME: N passed, N failed, N skipped"
	for suite in $suites; do
		name=$(basename "$suite" .sh)
		# a suite that hangs (a service that never answers) is cut
		# after 15 minutes and counted as failed: CI must end
		out=$(SLICALC="$bin" timeout -k 10 900 bash "$suite" 2>&1)
		rc=$?
		printf '%s\n' "$out" | grep -E '^(FAIL|SKIP|  \()' | head -40
		line=$(printf '%s\n' "$out" |
			grep -E "^$name: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$" | tail -n 1)
		[ -n "$line" ] || line="$name: no summary line (crashed?)"
		echo "$line"
		p=$(printf '%s' "$line" | sed -nE "s/^$name: ([0-9]+) passed.*/\\1/p")
		f=$(printf '%s' "$line" | sed -nE "s/.* ([0-9]+) failed.*/\\1/p")
		s=$(printf '%s' "$line" | sed -nE "s/.* ([0-9]+) skipped$/\\1/p")
		ok "${p:-0}"
		[ "${s:-0}" -gt 0 ] && skipn "$s" "$build: $name"
		if [ $rc -ne 0 ] || [ -z "$p" ] || [ "$f" != 0 ] ||
			[ $((p + ${s:-0})) -eq 0 ]; then
			bad "$build: $name"
		fi
	done
done

if [ ${#skips[@]} -gt 0 ]; then
	echo
	echo "skipped (not run, not passed):"
	printf '  %s\n' "${skips[@]}"
fi
if [ ${#failed[@]} -gt 0 ]; then
	echo
	echo "failed:"
	printf '  %s\n' "${failed[@]}"
fi
echo
echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ]
