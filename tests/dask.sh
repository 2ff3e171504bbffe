#!/usr/bin/env bash
# tests/dask.sh - contrib/dask/slicalc_dask.py on a real Dask cluster
# (Debian's python3-distributed): fixtures/access.log cut into five gzip
# parts, with odd.log beside them, read by a local cluster of two worker
# processes gives the bytes of one `slicalc report` over the same files
# (JSON and table); a corrupt and a missing file are named on standard
# error with exit status 1, as report does; on a cluster started with the
# dask scheduler/worker commands (--scheduler), a worker killed with -9
# in the middle of its task still gives the same JSON, its task having run
# again on the other worker. How tasks are cut (largest file first into
# the lightest task; the same path with other contents on two hosts is two
# files) is checked on the planner itself. Without python3-distributed the
# suite says it is skipped (a failure under CI=true, tests/run.sh).
set -u
cd "$(dirname "$0")/.."
SLICALC=${SLICALC:-./slicalc}
T=$(mktemp -d)
mine=() # the scheduler and workers this script started
cleanup() {
	for p in "${mine[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
SUITE=dask
. tests/check.bash

PY=
for p in python3 /usr/bin/python3; do
	if command -v "$p" >/dev/null 2>&1 &&
		"$p" -c 'import distributed' >/dev/null 2>&1; then
		PY=$p
		break
	fi
done
if [ -z "$PY" ]; then
	skip dask "no python3-distributed (apt-get install python3-distributed): the Dask job did not run"
	summary
	exit
fi

ROOT=$PWD
SL=$(cd "$(dirname "$SLICALC")" && pwd)/$(basename "$SLICALC")
JOB="$PY $ROOT/contrib/dask/slicalc_dask.py"
cd "$T" || exit 1
split -n l/5 "$ROOT/fixtures/access.log" part.
for f in part.a?; do gzip -n "$f"; done
cp "$ROOT/fixtures/odd.log" odd.log

# the planner: balanced by size, largest first into the lightest task
case=planner
got=$(cd "$ROOT/contrib/dask" && "$PY" -c '
import slicalc_dask as m
print(m.share_out([("a", 10), ("b", 9), ("c", 5), ("d", 4), ("e", 1)], 2))
print(m.share_out([("a", 1)], 4))
# two hosts: shared.log the same on both (any worker), own.log differing
# (one task per host, restricted to it), only-b.log on b alone
ls = {"w1": [("shared.log", 5, "x"), ("own.log", 3, "p")],
      "w2": [("shared.log", 5, "x"), ("own.log", 4, "q"), ("only-b.log", 2, "r")]}
print(m.plan(ls, {"w1": "a", "w2": "b"}, ["shared.log", "own.log", "gone.log", "x*"]))
')
check "share_out and plan" "$got" "[['a', 'd', 'e'], ['b', 'c']]
[['a']]
[(None, ['shared.log']), (None, ['gone.log']), (['a'], ['own.log']), (['b'], ['only-b.log', 'own.log'])]"
case=

# a local cluster of two worker processes = one report
"$SL" report -q -o json part.*.gz odd.log >whole.json
$JOB --workers 2 --slicalc "$SL" -o json 'part.*.gz' odd.log >dask.json 2>err
check "local cluster: exit status" "$?" 0
check "local cluster: JSON = report's" \
	"$(cmp -s whole.json dask.json && echo same)" same
check "local cluster: no message" "$(cat err)" ""
check "local cluster: 6 files, 3,017 requests (by hand: 3,000 + odd.log's 17)" \
	"$(jq -c '[(.input.files | length), .input.requests]' dask.json)" "[6,3017]"
"$SL" report -q part.*.gz odd.log >whole.txt 2>/dev/null
$JOB --workers 2 --slicalc "$SL" 'part.*' odd.log >dask.txt 2>/dev/null
check "local cluster: table = report's" \
	"$(cmp -s whole.txt dask.txt && echo same)" same

# a corrupt and a missing file: named, exit 1, the rest reported
gzip -cn "$ROOT/fixtures/access.log" | head -c 20000 >cut.gz
"$SL" report -q -o json part.aa.gz cut.gz missing.log >whole-bad.json 2>/dev/null
$JOB --workers 2 --slicalc "$SL" -o json part.aa.gz cut.gz missing.log \
	>dask-bad.json 2>err
check "bad files: exit status" "$?" 1
check "bad files: JSON = report's" \
	"$(cmp -s whole-bad.json dask-bad.json && echo same)" same
check "bad files: named" "$(grep -c -e '^slicalc: cut.gz: truncated' \
	-e '^slicalc: missing.log: No such file' err)" 2

# a worker killed -9 during its task: the task runs again elsewhere and
# the report is whole, counted once. The tasks run a slicalc that says
# which worker process runs it (its parent) and sleeps first.
cat >slow.sh <<EOF
#!/bin/sh
if [ "\$1" = report ]; then
	echo \$PPID >>"$T/ran"
	sleep 3
fi
exec "$SL" "\$@"
EOF
chmod +x slow.sh
"$PY" -m distributed.cli.dask_scheduler --host 127.0.0.1 --port 0 \
	--no-dashboard --scheduler-file "$T/sched.json" >sched.log 2>&1 &
mine+=($!)
for i in 1 2; do
	[ -s sched.json ] || sleep 1
	"$PY" -m distributed.cli.dask_worker --scheduler-file "$T/sched.json" \
		--nthreads 1 --no-nanny --no-dashboard --local-directory "$T/w$i" \
		>"worker$i.log" 2>&1 &
	mine+=($!)
done
workers=" ${mine[*]:1} "
addr=$(for i in $(seq 50); do
	[ -s sched.json ] && jq -r .address sched.json && break
	sleep 0.2
done)
check "scheduler: started" "$(case $addr in tcp://127.0.0.1:*) echo yes ;; esac)" yes
# both workers up before the job starts
"$PY" -c "
import sys
from distributed import Client
c = Client('$addr', timeout=30)
c.wait_for_workers(2, timeout=30)
c.close()
" >/dev/null 2>&1
$JOB --scheduler "${addr:-none}" --slicalc "$T/slow.sh" -o json 'part.*.gz' odd.log \
	>killed.json 2>kerr &
job=$!
killed=
for i in $(seq 100); do
	victim=$(head -n 1 ran 2>/dev/null)
	if [ -n "$victim" ] && [[ $workers == *" $victim "* ]]; then
		kill -9 "$victim" && killed=$victim
		wait "$victim" 2>/dev/null # without bash's "Killed" line
		break
	fi
	sleep 0.1
done
wait "$job"
check "killed worker: exit status" "$?" 0
check "killed worker: one of ours was killed" "${killed:+yes}" yes
check "killed worker: the task ran again (3 runs for 2 tasks)" \
	"$(wc -l <ran)" 3
check "killed worker: JSON = report's" \
	"$(cmp -s whole.json killed.json && echo same)" same
check "killed worker: no message" "$(cat kerr)" ""

summary
