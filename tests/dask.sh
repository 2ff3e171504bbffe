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
	# TERM, then after 5 s KILL: a scheduler or worker that ignores TERM
	# must not hold the suite (and CI) at its end
	local all=("${mine[@]}" $(jobs -p))
	for p in "${all[@]}"; do kill "$p" 2>/dev/null; done
	for i in $(seq 50); do
		local alive=
		for p in "${all[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
		[ -z "$alive" ] && break
		sleep 0.1
	done
	for p in "${all[@]}"; do kill -9 "$p" 2>/dev/null; done
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
# (one task per host, restricted to it), only-b.log on b alone, grow.log
# appended to between the two listings: one file (its common prefix the
# same), weighing its larger size
sizes = {"a": {"shared.log": 5, "own.log": 3, "grow.log": 100},
         "b": {"shared.log": 5, "own.log": 4, "only-b.log": 2, "grow.log": 150}}
print(sorted(m.common_heads(sizes).items()))
heads = {"a": {"shared.log": "x", "own.log": "p", "grow.log": "g"},
         "b": {"shared.log": "x", "own.log": "q", "grow.log": "g"}}
print(m.plan(sizes, heads, {"a": 1, "b": 1}, ["gone.log", "x*"]))
# empty on a, not on b: one file per host (no prefix to compare)
print(m.plan({"a": {"e.log": 0}, "b": {"e.log": 7}}, {"a": {"e.log": "z"}, "b": {"e.log": "z"}}, {"a": 1, "b": 1}, []))
')
check "share_out and plan" "$got" "[['a', 'd', 'e'], ['b', 'c']]
[['a']]
[('grow.log', 100), ('own.log', 3), ('shared.log', 5)]
[(None, ['grow.log']), (None, ['gone.log', 'shared.log', 'x*']), (['a'], ['own.log']), (['b'], ['only-b.log', 'own.log'])]
[(['a'], ['e.log']), (['b'], ['e.log'])]"
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

# -r: the rules sent to the tasks (rules/hr.yaml) = one report -r
"$SL" report -q -r "$ROOT/rules/hr.yaml" -o json part.*.gz >whole-hr.json
$JOB --workers 2 --slicalc "$SL" -q -r "$ROOT/rules/hr.yaml" -o json \
	'part.*.gz' >dask-hr.json 2>err
check "-r: exit status" "$?" 0
check "-r: JSON = report -r's" "$(cmp -s whole-hr.json dask-hr.json && echo same)" same
check "-r: not the default rules' JSON" "$(cmp -s whole.json dask-hr.json || echo differs)" differs

# the notes: without -q, the files' notes (a file in no known format, a
# missing file, odd.log's unparsed lines) as report says them
printf 'hello\nworld\n' >junk.log
"$SL" report part.aa.gz odd.log junk.log gone.log >/dev/null 2>whole-err
$JOB --workers 2 --slicalc "$SL" part.aa.gz odd.log junk.log gone.log \
	>/dev/null 2>err
check "notes: exit status" "$?" 1
check "notes: report's" "$(cat err)" "$(cat whole-err)"

# a file appended to while the workers list it is one file
gzip -dc part.aa.gz | head -n 20 >seed.log
mkdir grow
# a line every fifth of a millisecond or so, for at most a minute
"$PY" -c '
import time
lines = open("seed.log", "rb").readlines()
end = time.monotonic() + 60
with open("grow/grow.log", "ab") as f:
    i = 0
    while time.monotonic() < end:
        f.write(lines[i % len(lines)]); f.flush(); i += 1
        time.sleep(0.0002)
' &
writer=$!
sleep 0.3
$JOB --workers 4 --slicalc "$SL" -q -o json grow/grow.log part.ab.gz >grow.json 2>err
st=$?
kill "$writer" 2>/dev/null
wait "$writer" 2>/dev/null
check "growing file: exit status" "$st" 0
check "growing file: listed once" \
	"$(jq '[.input.files[] | select(.path == "grow/grow.log")] | length' grow.json)" 1

# ., ./dir and ../dir: the directory's files, no missing input
mkdir -p d/sub && cp part.a[ab].gz d/sub/
(cd d && $JOB --workers 2 --slicalc "$SL" -q -o json . >../dot.json 2>../err)
check "dot: exit status" "$?" 0
check "dot: no message" "$(cat err)" ""
check "dot: its two files" "$(jq -c '[.input.files[].path]' dot.json)" '["sub/part.aa.gz","sub/part.ab.gz"]'
(cd d/sub && $JOB --workers 2 --slicalc "$SL" -q -o json ../sub ./ >/dev/null 2>../../err)
check "../dir and ./: exit status" "$?" 0
check "../dir and ./: no message" "$(cat err)" ""

# a glob that matches nothing is named, exit 1, as report names it
$JOB --workers 2 --slicalc "$SL" -q -o json 'part.*.gz' 'nomatch*' >/dev/null 2>err
check "empty glob: exit status" "$?" 1
check "empty glob: named" "$(cat err)" "slicalc: nomatch*: No such file or directory"

# setup errors: one line each, exit 2
$JOB --slicalc "$SL" - >/dev/null 2>err
check "stdin: exit status" "$?" 2
check "stdin: refused" "$(cut -c1-16 err)" "slicalc_dask: -:"
$JOB --slicalc "$T/none" part.aa.gz >/dev/null 2>err
check "no slicalc: exit status" "$?" 2
check "no slicalc: one line" "$(wc -l <err) $(cut -c1-13 err)" "1 slicalc_dask:"
$JOB --slicalc "$SL" --scheduler tcp://127.0.0.1:1 --connect-timeout 1 part.aa.gz >/dev/null 2>err
check "no scheduler: exit status" "$?" 2
check "no scheduler: one line" "$(wc -l <err) $(cut -c1-13 err)" "1 slicalc_dask:"
/usr/bin/python3 -S "$ROOT/contrib/dask/slicalc_dask.py" --slicalc "$SL" part.aa.gz >/dev/null 2>err
check "no distributed: exit status" "$?" 2
check "no distributed: one line" "$(wc -l <err) $(cut -c1-13 err)" "1 slicalc_dask:"
printf '#!/bin/sh\n[ "$1" = report ] && kill -9 $$\nexec "%s" "$@"\n' "$SL" >killer.sh
printf '#!/bin/sh\n[ "$1" = report ] && exit 0\nexec "%s" "$@"\n' "$SL" >mute.sh
chmod +x killer.sh mute.sh
$JOB --workers 1 --slicalc "$T/killer.sh" part.aa.gz >/dev/null 2>err
check "slicalc killed: exit status" "$?" 2
check "slicalc killed: said" "$(grep -c '^slicalc_dask: slicalc was killed by signal 9' err)" 1
$JOB --workers 1 --slicalc "$T/mute.sh" part.aa.gz >/dev/null 2>err
check "no state: exit status" "$?" 2
check "no state: said" "$(grep -c '^slicalc_dask: slicalc printed no state' err)" 1

# the local cluster on the loopback: every socket its processes listen
# on (the scheduler's and the workers' comms and HTTP servers: /health,
# /info, call stacks) is bound to 127.0.0.1, looked up in the kernel's
# tables by psutil (a dependency of distributed), not in the arguments;
# and a task pinned to hosts with no worker left gives up with a message
got=$(cd "$ROOT/contrib/dask" && "$PY" -c '
import logging, os, tempfile
import psutil
import dask.distributed as dd
import slicalc_dask as m
logging.getLogger("distributed").setLevel(logging.CRITICAL)
with tempfile.TemporaryDirectory() as tmp, \
        m.local_cluster(2, tmp, logging.CRITICAL) as c, dd.Client(c) as cl:
    cl.wait_for_workers(2)
    me = psutil.Process(os.getpid())
    pids = {me.pid} | {p.pid for p in me.children(recursive=True)}
    bound = sorted({s.laddr.ip for s in psutil.net_connections("inet")
                    if s.status == psutil.CONN_LISTEN and s.pid in pids})
    n = len([s for s in psutil.net_connections("inet")
             if s.status == psutil.CONN_LISTEN and s.pid in pids])
    print("listening on", " ".join(bound), "(enough sockets)" if n >= 5 else n)
    f = cl.submit(sum, [1], workers=["10.255.255.1"], allow_other_workers=False)
    print(m.wait_for(cl, [f], [(["10.255.255.1"], ["a.log", "b.log"])], 1))
' 2>&1 | grep -v "^$")
check "local cluster on the loopback only, no worker left" "$got" "listening on 127.0.0.1 (enough sockets)
no worker left on 10.255.255.1 for 1 s to read a.log and 1 more"

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
timeout -k 5 120 $JOB --scheduler "${addr:-none}" --slicalc "$T/slow.sh" -o json 'part.*.gz' odd.log \
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
