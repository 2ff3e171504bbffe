#!/usr/bin/env bash
# tests/tail.sh - slicalc tail against files that really change while it
# runs: appends, rename+create (with writes to the old file after the
# switch, as nginx does until it reopens its logs), copytruncate (also when the new file
# outgrows the old offset before slicalc looks), delete+recreate, a file
# created late, a half-written last line, the start at the end. Each case
# checks the exact final totals. Also: the Prometheus exposition (and
# promtool's verdict on it, when promtool is installed), the textfile; as
# root, with slicalc run as nobody: a file it cannot read (at the start
# and after a rotation), --state/--textfile paths it cannot write.
# Every wait polls with a deadline; nothing sleeps blindly for long.
set -u
cd "$(dirname "$0")/.."
SLICALC=${SLICALC:-./slicalc}
T=$(mktemp -d)
PID=
trap '[ -n "$PID" ] && kill -9 $PID 2>/dev/null; rm -rf "$T"' EXIT
SUITE=tail
. tests/check.bash

# lines N M: lines N..M of a fixture (nginx combined, one request each)
lines() { sed -n "$1,$2p" fixtures/access.log; }

start() { # start ARGS... : slicalc tail in the background, NDJSON to $T/out
	: >"$T/out"
	"$SLICALC" tail -q -o json --interval 100ms "$@" >"$T/out" 2>"$T/err" &
	PID=$!
}
# the latest report's input.lines (0 before the first)
seen() { tail -n 1 "$T/out" 2>/dev/null | jq -r '.input.lines // 0' 2>/dev/null || echo 0; }
wait_for() { # wait_for N: until a report shows N lines, or 10 s
	local i
	for i in $(seq 200); do
		[ "$(seen)" = "$1" ] && return 0
		sleep 0.05
	done
	echo "  ($case: waited 10 s for $1 lines, last report says $(seen))"
	return 1
}
# start_nobody ARGS...: the same, run as nobody, to whom root's 0600
# files are unreadable and directories can be made unwritable
start_nobody() {
	: >"$T/out"
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$SLICALC" tail -q -o json --interval 100ms "$@" >"$T/out" 2>"$T/err" &
	PID=$!
}
wait_until() { # wait_until 'SHELL TEST': until it holds, or 10 s
	local i
	for i in $(seq 200); do
		eval "$1" && return 0
		sleep 0.05
	done
	echo "  ($case: waited 10 s for: $1)"
	return 1
}
stop() { # stop [STATUS]: SIGTERM, the exit status (0) and the final report
	kill -TERM "$PID"
	wait "$PID"
	check exit $? "${1:-0}"
	PID=
	FINAL=$(tail -n 1 "$T/out")
}
final() { printf '%s' "$FINAL" | jq -r "$1"; }

case=append-rename-create
lines 1 100 >"$T/a.log"
start --from-start "$T/a.log"
wait_for 100
lines 101 150 >>"$T/a.log"
wait_for 150
mv "$T/a.log" "$T/a.log.1"
lines 151 170 >>"$T/a.log.1" # nginx writes to the old file until reopened
lines 171 200 >"$T/a.log"
wait_for 200
# slicalc has switched to the new file; nginx has not reopened yet, so the
# old one still grows, and those lines count too
lines 201 230 >>"$T/a.log.1"
wait_for 230
lines 231 240 >>"$T/a.log"
wait_for 240
stop
check lines "$(final .input.lines)" 240
check requests "$(final .input.requests)" 240

case=copytruncate
lines 1 100 >"$T/b.log"
start --from-start "$T/b.log"
wait_for 100
cp "$T/b.log" "$T/b.log.1"
: >"$T/b.log"
lines 101 140 >>"$T/b.log"
wait_for 140
# truncated again, and the new content is longer than what was read
# before slicalc looks: only the first bytes tell
cp "$T/b.log" "$T/b.log.2"
{ : >"$T/b.log"; lines 141 400 >>"$T/b.log"; }
wait_for 400
stop
check lines "$(final .input.lines)" 400

case=delete-recreate
lines 1 100 >"$T/c.log"
start --from-start "$T/c.log"
wait_for 100
rm "$T/c.log"
lines 101 125 >"$T/c.log"
wait_for 125
stop
check lines "$(final .input.lines)" 125

case=created-late
start "$T/late.log"
sleep 0.3
lines 1 10 >"$T/late.log"
wait_for 10
stop
check lines "$(final .input.lines)" 10
check file "$(final '.input.files[0].path')" "$T/late.log"

case=half-written-line
lines 1 5 >"$T/d.log"
line6=$(lines 6 6)
printf '%s' "${line6:0:40}" >>"$T/d.log"
start --from-start "$T/d.log"
wait_for 5
sleep 0.3
check waits "$(seen)" 5 # the half line is not a line yet
printf '%s\n' "${line6:40}" >>"$T/d.log"
wait_for 6
stop
check lines "$(final .input.lines)" 6
check unparsed "$(final .input.unparsed)" 0

case=start-at-end
lines 1 50 >"$T/e.log"
start "$T/e.log"
sleep 0.3
lines 51 55 >>"$T/e.log"
wait_for 5
stop
check lines "$(final .input.lines)" 5

case=rails-multiline
printf '%s\n' \
	'I, [2026-11-02T08:00:00.1 #1]  INFO -- : [u1] Started GET "/a" for 1.2.3.4 at 2026-11-02 08:00:00 +0000' \
	'I, [2026-11-02T08:00:00.1 #1]  INFO -- : [u1] Processing by AController#index as HTML' >"$T/r.log"
start --from-start "$T/r.log"
wait_for 2
check no-request-yet "$(tail -n 1 "$T/out" | jq .input.requests)" 0
echo 'I, [2026-11-02T08:00:00.1 #1]  INFO -- : [u1] Completed 503 Service Unavailable in 12ms' >>"$T/r.log"
wait_for 3
stop
check format "$(final .input.format)" rails
check requests "$(final .input.requests)" 1
check bad "$(final '.slis[0].total.availability.bad')" 1

case=prometheus
port=$((20000 + RANDOM % 20000))
lines 1 300 >"$T/p.log"
start --from-start --listen "127.0.0.1:$port" --textfile "$T/metrics.prom" \
	-r rules/hr.yaml "$T/p.log"
wait_for 300
metrics=
for i in $(seq 100); do
	metrics=$(curl -sf "http://127.0.0.1:$port/metrics") && 
		printf '%s' "$metrics" | grep -q 'result="request"} 1' && break
	sleep 0.05
done
check http-404 "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/x")" 404
check http-405 "$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$port/metrics")" 405
sum=$(printf '%s\n' "$metrics" | awk '/^slicalc_input_lines_total/ { s += $2 } END { print s }')
check input-lines "$sum" 300
api=$(printf "%s\n" "$metrics" | awk '/^slicalc_requests_total\{sli="api"/ { s += $NF } END { print s }')
check api-requests "$api" "$(jq -r '.slis[0].total.requests' <("$SLICALC" report -q -o json -r rules/hr.yaml "$T/p.log"))"
le300=$(printf '%s\n' "$metrics" | awk -F'} ' '/^slicalc_request_duration_seconds_bucket\{sli="api",.*le="0.3"/ { s += $2 } END { print s }')
check le300-exact "$le300" "$(jq -r '.slis[0].total.latency.thresholds[0].good' <("$SLICALC" report -q -o json -r rules/hr.yaml "$T/p.log"))"
if command -v promtool >/dev/null 2>&1; then
	printf '%s\n' "$metrics" | promtool check metrics >"$T/promtool" 2>&1
	check promtool "$?:$(cat "$T/promtool")" "0:"
else
	skip promtool "promtool not installed (apt-get install prometheus); the exposition was not checked"
fi
stop
check textfile "$(grep -c '^slicalc_requests_total' "$T/metrics.prom")" \
	"$(printf '%s\n' "$metrics" | grep -c '^slicalc_requests_total')"

# Idle connections cannot lock out scrapes: 200 connections from
# 127.0.0.1 that say nothing, or half a request, and a scrape from the
# same address still gets /metrics; then 1,100 (past select()'s 1,024 and
# past the connections one address may hold), and a scrape from another
# loopback address still does. curl's --max-time is a bound against a
# hang, not a measurement.
case=idle-connections
port=$((20000 + RANDOM % 20000))
lines 1 10 >"$T/i.log"
start --from-start --listen "127.0.0.1:$port" "$T/i.log"
wait_for 10
wait_until 'curl -sf -o /dev/null "http://127.0.0.1:$port/metrics"'
scrape() { # scrape [CURL ARGS]: the number of request lines /metrics says
	curl -sf --max-time 5 "$@" "http://127.0.0.1:$port/metrics" |
		sed -n 's/^slicalc_input_lines_total{result="request"} //p'
}
idle=()
for i in $(seq 200); do
	exec {fd}<>"/dev/tcp/127.0.0.1/$port" || break
	idle+=("$fd")
	[ $((i % 2)) = 0 ] && printf 'GET /metrics HTTP/1.1\r\nHost: x\r\n' >&"$fd"
done
check idle-open "${#idle[@]}" 200
check scrape-with-200-idle "$(scrape)" 10
for i in $(seq 900); do
	exec {fd}<>"/dev/tcp/127.0.0.1/$port" 2>/dev/null || break
	idle+=("$fd")
done
check scrape-from-another-address "$(scrape --interface 127.0.0.2)" 10
for fd in "${idle[@]}"; do exec {fd}>&-; done
# the server sees the 1,100 closes in its own time (on a busy machine
# not within one scrape's 5 s): scrapes work again once it has
got=
for i in 1 2 3 4 5 6; do
	got=$(scrape) && [ "$got" = 10 ] && break
	sleep 1
done
check scrape-after "$got" 10
stop

case=state-crash
# A writer appends 1,500 lines in bursts while slicalc tail --state is
# killed with SIGKILL four times at varying moments and started again;
# the end result must equal one batch report over the same lines.
: >"$T/s.log"
rm -f "$T/s.state"
(for k in $(seq 0 29); do lines $((k * 50 + 1)) $((k * 50 + 50)) >>"$T/s.log"; sleep 0.03; done) &
writer=$!
for k in 1 2 3 4; do
	"$SLICALC" tail -q -o json --interval 100ms --from-start \
		--state "$T/s.state" "$T/s.log" >/dev/null 2>"$T/err" &
	victim=$!
	sleep "0.$((2 + RANDOM % 3))"
	kill -9 "$victim" 2>/dev/null
	check "killed-$k" $? 0 # it was still running: a real crash
	wait "$victim" 2>/dev/null
done
check state-written "$(test -s "$T/s.state" && echo yes)" yes
wait "$writer"
start --from-start --state "$T/s.state" "$T/s.log"
wait_for 1500
stop
check lines "$(final .input.lines)" 1500
check same-as-batch "$(printf '%s' "$FINAL" | jq -c .slis)" \
	"$("$SLICALC" report -q -o json "$T/s.log" | jq -c .slis)"

case=state-rotated-while-down
lines 1 100 >"$T/g.log"
rm -f "$T/g.state"
start --from-start --state "$T/g.state" "$T/g.log"
wait_for 100
stop
lines 101 130 >>"$T/g.log"       # written while slicalc was down,
mv "$T/g.log" "$T/g.log.1"       # then rotated away
lines 131 140 >"$T/g.log"
start --state "$T/g.state" "$T/g.log"
wait_for 140
stop
check lines "$(final .input.lines)" 140

case=state-errors
printf 'not a state\n' >"$T/bad.state"
"$SLICALC" tail -q --state "$T/bad.state" "$T/g.log" >/dev/null 2>"$T/err"
check foreign-exit $? 2
check foreign-message "$(grep -c 'not a slicalc state file' "$T/err")" 1
cp "$T/g.state" "$T/flip.state"
printf '\xff' | dd of="$T/flip.state" bs=1 seek=60 conv=notrunc 2>/dev/null
"$SLICALC" tail -q --state "$T/flip.state" "$T/g.log" >/dev/null 2>"$T/err"
check corrupt-exit $? 2
check corrupt-message "$(grep -c 'checksum mismatch' "$T/err")" 1

case=state-other-rules
# The rules edited while tail was down (a restart, not a reload: before,
# exit 2, and a unit with RestartPreventExitStatus=2 stayed down): the
# state is taken as a SIGHUP reload takes it, said even under -q. "all"
# counts as in the embedded rules and keeps its numbers; "api" is new and
# counts from the restart on: the /api/ lines of 141..150, by grep.
cp "$T/g.state" "$T/e.state"
printf 'slis:\n  - name: all\n    group_by: route\n    availability: {objective: 99.5, bad_status: [5xx]}\n    latency: [{threshold: 300ms, objective: 99}]\n  - name: api\n    match: {path: "^/api/"}\n' >"$T/e.yaml"
start -r "$T/e.yaml" --state "$T/e.state" "$T/g.log"
wait_for 140
lines 141 150 >>"$T/g.log"
wait_for 150
stop
check reshaped-said "$(grep -c "^slicalc: $T/e.state: written with other SLI rules; taken as a reload would take it" "$T/err")" 1
check reshaped-lines "$(final .input.lines)" 150
check reshaped-all-kept "$(final '.slis[] | select(.name == "all") | .total.requests')" \
	"$(sed -n 1,150p fixtures/access.log | "$SLICALC" report -q -o json - | jq '.slis[0].total.requests')"
check reshaped-api-new "$(final '.slis[] | select(.name == "api") | .total.requests')" \
	"$(sed -n 141,150p fixtures/access.log | grep -c '"[A-Z]* /api/')"

case=state-format-fixed
# A JSON log read under rules that said nginx (all unparsed), then the
# rules fixed to `format: json` while tail was down: the resumed file is
# read as the rules now say, not as the state remembers (before: every
# new line unparsed until the state was removed); the same by SIGHUP.
J=fixtures/json-nginx.log
jl=$(wc -l <"$J")
cp "$J" "$T/j.log"
printf 'format: nginx\nslis:\n  - name: all\n' >"$T/jf.yaml"
rm -f "$T/j.state"
start --from-start -r "$T/jf.yaml" --state "$T/j.state" "$T/j.log"
wait_for "$jl"
stop
check as-nginx-unparsed "$(final .input.unparsed)" "$jl"
printf 'format: json\nslis:\n  - name: all\n' >"$T/jf.yaml"
cat "$J" >>"$T/j.log"
start -r "$T/jf.yaml" --state "$T/j.state" "$T/j.log"
wait_for $((2 * jl))
stop
check restart-as-json "$(final '[.input.requests, .input.unparsed] | @tsv')" "$(printf '%s\t%s' "$jl" "$jl")"
printf 'format: nginx\nslis:\n  - name: all\n' >"$T/jf.yaml"
cp "$J" "$T/j2.log"
start --from-start -r "$T/jf.yaml" "$T/j2.log"
wait_for "$jl"
printf 'format: json\nslis:\n  - name: all\n' >"$T/jf.yaml"
kill -HUP "$PID"
sleep 0.3
cat "$J" >>"$T/j2.log"
wait_for $((2 * jl))
stop
check sighup-as-json "$(final '[.input.requests, .input.unparsed] | @tsv')" "$(printf '%s\t%s' "$jl" "$jl")"

case=state-unseen-files
# Under format: auto (the embedded rules), FILEs tail follows but has not
# read when it saves (one not there yet, one empty) are in the state too:
# what is written to them while tail is down is read whole on the restart,
# its format found then (before: taken for FILEs never seen, followed from
# their end, and those lines lost without a word).
lines 1 10 >"$T/u1.log"
rm -f "$T/u2.log" "$T/u.state"
: >"$T/ue.log"
start --state "$T/u.state" "$T/u1.log" "$T/u2.log" "$T/ue.log"
wait_until '[ -s "$T/u.state" ]'
n=$(wc -l <"$T/out")
wait_until '[ "$(wc -l <"$T/out")" -gt "$n" ]' # a report after the save
# in the state, not in the reports: one file, nginx (not "mixed")
check unseen-not-shown "$(tail -n 1 "$T/out" | jq -c '[(.input.files | length), .input.format]')" '[1,"nginx"]'
stop
lines 1 100 >"$T/u2.log"   # created while tail was down
cat "$J" >>"$T/ue.log"      # JSON lines into the empty file
start --state "$T/u.state" "$T/u1.log" "$T/u2.log" "$T/ue.log"
wait_for $((100 + jl))
stop
check unseen-read-whole "$(final '[.input.lines, .input.requests, .input.unparsed] | @tsv')" \
	"$(printf '%s\t%s\t0' $((100 + jl)) $((100 + jl)))"
check unseen-json-found "$(final '.input.files[] | select(.path | endswith("ue.log")) | .format')" json

case=state-file-dropped
# A FILE left off the command line for a run and given again later
# resumes where it was: its position is kept through the saves of the
# run that did not follow it (before: saved without one, then taken for
# a state of report, followed from its end, its new lines lost).
lines 1 10 >"$T/da.log"
lines 11 20 >"$T/db.log"
rm -f "$T/d.state"
start --from-start --state "$T/d.state" "$T/da.log" "$T/db.log"
wait_for 20
stop
start --state "$T/d.state" "$T/da.log"
lines 21 25 >>"$T/db.log"   # db.log not followed in this run
lines 26 27 >>"$T/da.log"
wait_for 22
stop
start --state "$T/d.state" "$T/da.log" "$T/db.log"
wait_for 27
stop
check dropped-lines "$(final .input.lines)" 27
check dropped-no-message "$(grep -c 'holds no position' "$T/err")" 0
# a FILE not read yet (missing) in the state, then left off: not shown
rm -f "$T/dm.log" "$T/dm.state"
start --state "$T/dm.state" "$T/da.log" "$T/dm.log"
wait_until '[ -s "$T/dm.state" ]'
stop
start --state "$T/dm.state" "$T/da.log"
wait_until '[ -s "$T/out" ]'
stop
check dropped-unread-not-shown "$(final '[(.input.files | length), .input.format] | @tsv')" "$(printf '1\tnginx')"

case=state-directory-at-start
# A directory where the log goes at the start is not the log: the file
# that replaces it while tail is down is read whole, nothing said missed.
rm -rf "$T/dd.log" "$T/dd.state"
mkdir "$T/dd.log"
start --state "$T/dd.state" "$T/dd.log"
wait_until '[ -s "$T/dd.state" ]'
stop 1 # a FILE that could not be read at the stop
rmdir "$T/dd.log"
lines 1 40 >"$T/dd.log"
start --state "$T/dd.state" "$T/dd.log"
wait_for 40
stop
check dir-then-file-lines "$(final .input.lines)" 40
check dir-then-file-no-loss-said "$(grep -c 'missed' "$T/err")" 0

case=state-of-report
# A state written by `report --save-state` holds counts but no position:
# tail follows the file from its end (from its start would count the
# first 100 lines twice), says so even under -q, and counts what comes.
lines 1 100 >"$T/rp.log"
"$SLICALC" report -q --save-state "$T/rp.state" "$T/rp.log" >/dev/null
lines 101 110 >>"$T/rp.log"   # written between the report and tail
start --state "$T/rp.state" "$T/rp.log"
wait_for 100
lines 111 115 >>"$T/rp.log"
wait_for 105
stop
check report-state-said "$(grep -c "^slicalc: $T/rp.log: the state counts 100 lines of it but holds no position" "$T/err")" 1
check report-state-lines "$(final .input.lines)" 105
check report-state-requests "$(final '.slis[0].total.requests')" 105
# a report state of an empty file: no lines, so nothing to skip; its
# format is found when lines come (JSON here), not taken from the state
: >"$T/re.log"
"$SLICALC" report -q --save-state "$T/re.state" "$T/re.log" >/dev/null 2>&1
start --state "$T/re.state" "$T/re.log"
wait_until '[ -s "$T/out" ]'
cat "$J" >>"$T/re.log"
wait_for "$jl"
stop
check report-state-empty-as-json "$(final '[.input.requests, .input.unparsed] | @tsv')" \
	"$(printf '%s\t0' "$jl")"

case=sighup
printf 'slis:\n  - name: all\n  - name: api\n    match: {path: "^/api/"}\n    latency: [{threshold: 300ms, objective: 99}]\n' >"$T/r.yaml"
lines 1 100 >"$T/h.log"
start --from-start -r "$T/r.yaml" "$T/h.log"
wait_for 100
# "all" is unchanged, "api" gets another threshold, "web" is new
printf 'slis:\n  - name: all\n  - name: api\n    match: {path: "^/api/"}\n    latency: [{threshold: 1s, objective: 99}]\n  - name: web\n    match: {path: "^/(?!api/)"}\n' >"$T/r.yaml"
kill -HUP "$PID"
sleep 0.3
lines 101 150 >>"$T/h.log"
wait_for 150
printf 'slis:\n  - name: all\n    mach: {}\n' >"$T/r.yaml" # broken
kill -HUP "$PID"
sleep 0.3
lines 151 160 >>"$T/h.log"
wait_for 160
stop
check all-kept "$(final '.slis[] | select(.name == "all") | .total.requests')" 160
lines 101 160 >"$T/h2.log"
check api-restarted "$(final '.slis[] | select(.name == "api") | .total.requests')" \
	"$(grep -c '"[A-Z]* /api/' "$T/h2.log")"
check web-new "$(final '.slis[] | select(.name == "web") | .total.requests')" \
	"$(grep -vc '"[A-Z]* /api/' "$T/h2.log")"
check broken-reported "$(grep -c 'rules in force stay' "$T/err")" 1

case=corrections
# fixtures/corrections.log's /api/ requests of 2026-03-28 10:00Z-11:50Z
# (12; 10:00-11:20 are the 9 bad ones of the rules' deploy correction):
# written twice, the correction removed by a SIGHUP between them (which
# empties the rolling windows)
grep '"GET /api/' fixtures/corrections.log | grep '28/Mar/2026:1[01]:' >"$T/c12.log"
cp fixtures/rules/corrections.yaml "$T/c.yaml"
: >"$T/c.log"
start --from-start --window 1h -r "$T/c.yaml" "$T/c.log"
cat "$T/c12.log" >>"$T/c.log"
wait_for 12
check window-without-corrected "$(tail -n 1 "$T/out" | jq '.windows["1h"].slis[0].total.requests')" 3
sed '/- name: deploy/,/reason: bad deploy/d' fixtures/rules/corrections.yaml >"$T/c.yaml"
kill -HUP "$PID"
sleep 0.3
cat "$T/c12.log" >>"$T/c.log"
wait_for 24
stop
check corrected-kept "$(final '.slis[0] | [.corrected, .total.requests, .total.availability.bad] | @csv')" "9,15,9"
check corrected-in-input "$(final '.input.corrected')" 9
check window-after-reload "$(final '.windows["1h"].slis[0].total.requests')" 12
check corrections-after-reload "$(final '[.input.corrections[].name] | join(" ")')" "weekly-maintenance nightly"
# the SLI's list adds up to its corrected: the removed deploy's 9 under
# a null name (the table's "earlier rules")
check corrections-add-up "$(final '.slis[0] | [(.corrections | map(.requests) | add), .corrected] | @csv')" "9,9"
check earlier-rules "$(final '.slis[0].corrections | map(select(.name == null)) | map(.requests) | @csv')" "9"

case=window
lines 1 20 >"$T/win.log"
start --from-start --window 2s,1h "$T/win.log"
wait_for 20
check in-window "$(tail -n 1 "$T/out" | jq '.windows["2s"].slis[0].total.requests')" 20
w=
for _ in $(seq 100); do # the 2s window empties; nothing else changes
	w=$(tail -n 1 "$T/out" | jq '.windows["2s"].slis[0].total.requests')
	[ "$w" = 0 ] && break
	sleep 0.05
done
check expired "$w" 0
check still-in-1h "$(tail -n 1 "$T/out" | jq '.windows["1h"].slis[0].total.requests')" 20
lines 21 25 >>"$T/win.log"
wait_for 25
stop
check new-in-window "$(final '.windows["2s"].slis[0].total.requests')" 5
check totals "$(final '.slis[0].total.requests')" 25

# A file that exists but cannot be read (0600 root, slicalc running as
# nobody), at the start and after a rotation creates the new file with
# other permissions: named with the errno on standard error once (-q
# too), in files[].error and in slicalc_input_file_readable; once made
# readable, read from where it ended at the start and counted.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
	chmod 755 "$T"
	mkdir "$T/nb" && chown nobody:nogroup "$T/nb"
	case=unreadable
	lines 1 3 >"$T/u.log"
	chmod 600 "$T/u.log"
	lines 1 3 >"$T/v.log"
	chmod 644 "$T/v.log"
	start_nobody --textfile "$T/nb/u.prom" "$T/u.log" "$T/v.log"
	uerr="$T/u.log: cannot open: Permission denied (EACCES); trying again"
	wait_until 'grep -qF "$uerr" "$T/err"'
	lines 4 5 >>"$T/v.log"
	wait_for 2
	lines 4 8 >>"$T/u.log" # written while unreadable
	n=$(wc -l <"$T/out")
	wait_until '[ "$(wc -l <"$T/out")" -ge $((n + 5)) ]' # a few polls and reports later
	check message-once "$(grep -cF "$uerr" "$T/err")" 1
	report=$(tail -n 1 "$T/out")
	check json-error "$(printf '%s' "$report" | jq -r --arg p "$T/u.log" '.input.files[] | select(.path == $p) | .error')" \
		"cannot open: Permission denied (EACCES)"
	wait_until 'grep -qF "slicalc_input_file_readable{file=\"$T/u.log\"} 0" "$T/nb/u.prom"'
	check metric-0 "$(grep -cF "slicalc_input_file_readable{file=\"$T/u.log\"} 0" "$T/nb/u.prom")" 1
	check metric-1-other "$(grep -cF "slicalc_input_file_readable{file=\"$T/v.log\"} 1" "$T/nb/u.prom")" 1
	chmod 644 "$T/u.log"
	wait_for 7 # lines 4-8: from where the file ended at the start
	check recovered "$(grep -cF "$T/u.log: readable again" "$T/err")" 1
	lines 9 10 >>"$T/u.log"
	wait_for 9
	# rotation; the new file is created 0600
	mv "$T/v.log" "$T/v.log.1"
	(umask 077 && lines 1 4 >"$T/v.log")
	verr="$T/v.log: cannot open: Permission denied (EACCES); trying again"
	wait_until 'grep -qF "$verr" "$T/err"'
	wait_until '[ "$(tail -n 1 "$T/out" | jq -r --arg p "$T/v.log" ".input.files[] | select(.path == \$p) | .error")" != null ]'
	check rotated-json-error "$(tail -n 1 "$T/out" | jq -r --arg p "$T/v.log" '.input.files[] | select(.path == $p) | .error')" \
		"cannot open: Permission denied (EACCES)"
	chmod 644 "$T/v.log"
	wait_for 13
	stop
	check lines "$(final .input.lines)" 13
	check errors-cleared "$(final '[.input.files[].error] | map(select(. != null)) | length')" 0
	check metric-1 "$(grep -c '^slicalc_input_file_readable{.*} 1$' "$T/nb/u.prom")" 2
	check messages "$(grep -c 'EACCES' "$T/err"):$(grep -c 'readable again' "$T/err")" 2:2

	# --state and --textfile: a path that cannot be written is exit 2 at
	# the start; a write that fails later is said every time (-q too) and
	# makes the exit status 1
	case=unwritable
	lines 1 5 >"$T/w.log"
	chmod 644 "$T/w.log"
	"$SLICALC" tail -q --state "$T/no/such/dir/s.state" "$T/w.log" >/dev/null 2>"$T/err"
	check missing-dir-exit $? 2
	check missing-dir-message "$(grep -c "^slicalc: --state $T/no/such/dir/s.state: cannot be written: No such file or directory" "$T/err")" 1
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$SLICALC" tail -q --textfile "$T/m.prom" "$T/w.log" >/dev/null 2>"$T/err"
	check not-writable-exit $? 2
	check not-writable-message "$(grep -c "^slicalc: --textfile $T/m.prom: cannot be written: Permission denied" "$T/err")" 1
	mkdir "$T/nb/w" && chown nobody:nogroup "$T/nb/w"
	start_nobody --from-start --state "$T/nb/w/s.state" --textfile "$T/nb/w/m.prom" "$T/w.log"
	wait_for 5
	wait_until '[ -s "$T/nb/w/s.state" ] && [ -s "$T/nb/w/m.prom" ]'
	chmod 555 "$T/nb/w" # nobody can no longer create files in it
	wait_until '[ "$(grep -c "^slicalc: --state $T/nb/w/s.state: cannot write: Permission denied" "$T/err")" -ge 2 ]'
	check state-said-each-time "$?" 0
	check textfile-said "$(grep -c "^slicalc: --textfile $T/nb/w/m.prom: cannot write: Permission denied" "$T/err" | awk '{ print ($1 >= 2) }')" 1
	chmod 755 "$T/nb/w"
	stop 1
	check still-reported "$(final .input.lines)" 5

	# A log that is there but unreadable when tail starts (a 0640 log of
	# another group) is read from where it ended then, once readable;
	# across a restart too, whether readable again by then or later: its
	# old lines are never counted (before: the state said "no file", and
	# the restart read it whole).
	case=unreadable-across-restart
	lines 1 50 >"$T/nr.log"
	chmod 600 "$T/nr.log"
	mkdir "$T/nb/r" && chown nobody:nogroup "$T/nb/r"
	start_nobody --state "$T/nb/r/s.state" "$T/nr.log"
	wait_until '[ -s "$T/nb/r/s.state" ]'
	stop 1 # unreadable at the stop
	lines 51 60 >>"$T/nr.log"   # written while down, still unreadable
	start_nobody --state "$T/nb/r/s.state" "$T/nr.log"
	wait_until 'grep -q "nr.log: cannot open: Permission denied" "$T/err"'
	lines 61 70 >>"$T/nr.log"
	chmod 644 "$T/nr.log"
	wait_for 20
	stop
	check unreadable-restart-lines "$(final .input.lines)" 20
	# and readable by the restart
	lines 1 50 >"$T/nq.log"
	chmod 600 "$T/nq.log"
	start_nobody --state "$T/nb/r/q.state" "$T/nq.log"
	wait_until '[ -s "$T/nb/r/q.state" ]'
	stop 1
	lines 51 60 >>"$T/nq.log"
	chmod 644 "$T/nq.log"
	start_nobody --state "$T/nb/r/q.state" "$T/nq.log"
	wait_for 10
	stop
	check readable-by-restart-lines "$(final .input.lines)" 10

	# an empty FILE unreadable, then readable: shown while unreadable
	# (its error), not once readable and still empty; a FILE left off
	# the command line drops the error of the run that followed it
	lines 1 5 >"$T/pa.log"
	chmod 644 "$T/pa.log"
	: >"$T/pe.log"
	chmod 600 "$T/pe.log"
	lines 1 5 >"$T/pu.log"
	chmod 600 "$T/pu.log" # unreadable to the end
	start_nobody --state "$T/nb/r/p.state" "$T/pa.log" "$T/pe.log" "$T/pu.log"
	wait_until 'grep -q "pe.log: cannot open: Permission denied" "$T/err"'
	wait_until '[ "$(tail -n 1 "$T/out" | jq ".input.files | length")" = 3 ]'
	check unreadable-empty-shown "$(tail -n 1 "$T/out" | jq -r '.input.files[] | select(.path | endswith("pe.log")) | .error')" \
		"cannot open: Permission denied (EACCES)"
	chmod 644 "$T/pe.log"
	wait_until 'grep -q "pe.log: readable again" "$T/err"'
	n=$(wc -l <"$T/out")
	wait_until '[ "$(wc -l <"$T/out")" -gt "$n" ]'
	check readable-empty-not-shown "$(tail -n 1 "$T/out" | jq -c '[(.input.files | length), .input.format]')" '[2,"nginx"]'
	stop 1 # pu.log unreadable
	start_nobody --state "$T/nb/r/p.state" "$T/pa.log"
	wait_until '[ -s "$T/out" ]'
	stop # exit 0: pe.log is not followed now, its error is not this run's
	check dropped-error-cleared "$(final '[.input.files[].error] | map(select(. != null)) | length')" 0
else
	skip unreadable-unwritable "needs root and setpriv to run slicalc as nobody"
fi

# The live view on an 80x24 terminal (a pty from script(1)): every
# screen, redrawn in place, fits 80 columns and 23 lines (one for the
# cursor), whatever the rules; the busiest endpoints, then "+N more".
case=live-80x24
if command -v script >/dev/null 2>&1; then
	: >"$T/live.log"
	NO_COLOR=1 script -qfc "stty cols 80 rows 24; (sleep 1; cat fixtures/access.log >>'$T/live.log') & timeout -s INT 4 '$SLICALC' tail --interval 1s -r rules/hr.yaml '$T/live.log'" /dev/null \
		</dev/null >"$T/live.out" 2>&1
	# screens: what follows each clear-screen, the last (the final
	# report, not a screen) left out
	fit=$(python3 -c '
import sys
s = open(sys.argv[1], encoding="utf-8", errors="replace").read().replace("\r", "")
screens = s.split("\x1b[H\x1b[2J")[1:-1]
full = [sc for sc in screens if "3,000 requests" in sc]
bad = [sc for sc in screens
       if len(sc.rstrip("\n").split("\n")) > 23 or
       max(len(l) for l in sc.split("\n")) > 80]
more = sum("more endpoints" in sc for sc in full)
print("%d screens, %d with the log, %d too big, %d with +N more endpoints"
      % (len(screens), len(full), len(bad), more))
' "$T/live.out")
	check screens-fit "$(echo "$fit" | sed 's/^[0-9]* screens, //')" \
		"$(echo "$fit" | sed -E 's/^[0-9]+ screens, ([0-9]+) with the log, .*/\1 with the log, 0 too big, \1 with +N more endpoints/')"
	case $fit in "0 screens"* | *", 0 with the log"*)
		check some-screens "$fit" "at least one screen with the log" ;;
	esac
else
	skip live-80x24 "script(1) is not installed (util-linux)"
fi

case=usage
"$SLICALC" tail >/dev/null 2>&1
check no-file $? 2
"$SLICALC" tail --listen nonsense "$T/a.log" >/dev/null 2>&1
check bad-listen $? 2
"$SLICALC" tail --interval 1ms "$T/a.log" >/dev/null 2>&1
check bad-interval $? 2
"$SLICALC" tail --window 5m,1x "$T/a.log" >/dev/null 2>&1
check bad-window $? 2

summary
