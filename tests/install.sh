#!/usr/bin/env bash
# tests/install.sh - `make install` into a temporary DESTDIR, then what it
# put there, used as a user would:
#   - exactly the files listed below, under PREFIX (and PREFIX named in
#     the man page and the unit); `make uninstall` leaves none of them
#   - the installed binary: --version, a report with the installed rules
#   - the man page: `man -l` without warnings, `mandoc -Tlint` and
#     `groff -ww` clean, found through MANPATH; and true: in each
#     command's section exactly the options `slicalc COMMAND --help` lists
#     and the parser takes (tests/cli/options.out), every row of the
#     option table (src/cli/cli_opts.c), every command, exit status and
#     environment variable the program reads
#   - bash completion, sourced in a bash without rc files: `complete -p`,
#     commands, options per command (again against --help), -o, --format,
#     --by and --group-by values (each accepted by the command, and a
#     value it refuses is refused), -r offering *.yaml
#   - the systemd unit: `systemd-analyze verify` (the binary's path made
#     the installed one) says nothing; its ExecStart, with the example env
#     file's variables and temporary paths, follows a log, serves
#     /metrics, reloads on ExecReload's SIGHUP and stops on SIGTERM with
#     exit 0 and a state file
# A check that cannot run (no man, mandoc, groff, systemd-analyze, curl)
# is a skip, never a pass; under CI=true tests/run.sh fails for it.
set -u
cd "$(dirname "$0")/.."
SLICALC=${SLICALC:-./slicalc}
SUITE=install
. tests/check.bash
T=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$T"' EXIT
D=$T/root
P=/usr/local
# the make of the tree, with none of a calling make's flags or variables
# (make test runs this suite) nor a PREFIX from the environment
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u PREFIX -u DESTDIR -u BINDIR -u MANDIR \
	-u DATADIR -u BASHCOMPDIR -u SYSTEMDDIR -u INSTALL -u INSTALL_BIN make -s --no-print-directory "$@"; }
B=$D$P/bin/slicalc

# ---- make install ----------------------------------------------------------
case=install
mk install DESTDIR="$D" INSTALL_BIN="$SLICALC" >"$T/make.out" 2>&1
check "make install" $? 0
head -20 "$T/make.out"
want=$(
	printf '%s\n' "$P/bin/slicalc" "$P/share/man/man1/slicalc.1" \
		"$P/share/bash-completion/completions/slicalc" \
		"$P/lib/systemd/system/slicalc-tail@.service" \
		"$P/share/slicalc/tail.env.example"
	for r in rules/*.yaml; do echo "$P/share/slicalc/$r"; done
)
check files "$(cd "$D" && find . -type f | sed 's|^\.||' | sort)" "$(printf '%s\n' "$want" | sort)"
check "binary mode" "$(stat -c %a "$B")" 755
check "binary is the one under test" "$(cmp -s "$B" "$SLICALC" && echo same)" same
for r in rules/*.yaml; do
	check "$r installed as is" "$(cmp -s "$r" "$D$P/share/slicalc/$r" && echo same)" same
done

# ---- the installed binary ----------------------------------------------------
case=binary
v=$("$B" --version)
check --version "$v" "$("$SLICALC" --version)"
check "--version names slicalc" "$(printf '%s\n' "$v" | head -n 1 | cut -d' ' -f1)" slicalc
# the installed hr.yaml over a fixture: every line of access.log is a
# request, and its SLIs take the requests the tree's rules take
"$B" report -q -o json -r "$D$P/share/slicalc/rules/hr.yaml" fixtures/access.log >"$T/inst.json"
check "report exit" $? 0
check "report requests" "$(jq .input.requests "$T/inst.json")" "$(wc -l <fixtures/access.log)"
"$SLICALC" report -q -o json -r rules/hr.yaml fixtures/access.log >"$T/tree.json"
check "report slis" "$(jq -c '[.slis[] | [.name, .total.requests, .total.good]]' "$T/inst.json")" \
	"$(jq -c '[.slis[] | [.name, .total.requests, .total.good]]' "$T/tree.json")"
check "report has slis" "$(jq '.slis | length > 1' "$T/inst.json")" true

# ---- the man page ------------------------------------------------------------
case=man
M=$D$P/share/man/man1/slicalc.1
if command -v man >/dev/null 2>&1; then
	MANWIDTH=80 man --warnings -l "$M" >"$T/man.txt" 2>"$T/man.err"
	check "man -l exit" $? 0
	check "man -l warnings" "$(cat "$T/man.err")" ""
	check "man -l renders the commands" "$(grep -c '^   slicalc ' "$T/man.txt")" 8
	check "man finds it in MANPATH" "$(MANPATH=$D$P/share/man man -w slicalc 2>&1)" "$M"
else
	skip man "no man (apt-get install man-db): the page was not rendered"
fi
if command -v mandoc >/dev/null 2>&1; then
	check "mandoc -Tlint" "$(mandoc -Tlint "$M" 2>&1; echo "exit $?")" "exit 0"
else
	skip mandoc "no mandoc (apt-get install mandoc): the page was not linted"
fi
if command -v groff >/dev/null 2>&1; then
	check "groff -ww" "$(groff -ww -man -z "$M" 2>&1; echo "exit $?")" "exit 0"
else
	skip groff "no groff: the page was not checked by groff"
fi
check "man: the version" "$(sed -n 's/^\.TH SLICALC 1 [0-9-]* "\(slicalc [^"]*\)".*/\1/p' "$M")" \
	"$("$SLICALC" --version | head -n 1 | cut -d' ' -f1-2)"
check "man: PREFIX in FILES" "$(grep -c '^\.I /usr/local/share/slicalc/rules/$' "$M")" 1

# The options of a section of the man page's source, one per line:
# the tag lines after .TP within `.SS "slicalc COMMAND ..."`.
man_opts() {
	sed 's/\\-/-/g; s/\\f[BIRP]//g' "$M" | awk -v cmd="$1" '
		/^\.S[SH] / { in_cmd = ($0 ~ "^\\.SS \"slicalc " cmd "[ \"]") }
		in_cmd && tag { print }
		{ tag = ($0 == ".TP") }' |
		grep -oE '(^|, )--?[A-Za-z][a-z-]*' | sed 's/^, //' | sort -u
}
# The options of `slicalc COMMAND --help`: option lines are indented by
# 2 to 6 spaces, and may name several (`--by UNIT, --tz ZONE`).
help_opts() {
	"$SLICALC" "$1" --help | grep -E '^ {2,6}-' |
		grep -oE '(^ +|, )--?[A-Za-z][a-z-]*' | sed 's/^ *//; s/^, //' | sort -u
}
# What the parser takes: the ids of the command's `static const enum
# opt_id NAME[] = {...}` (src/cli/FILE.c; report's in main.c), as the
# rows of src/cli/cli_opts.c name them (long name, short letter).
src_opts() {
	local f=$1
	case $1 in report) f=main ;; prometheus-rules) f=promrules ;; esac
	sed -n '/^static const enum opt_id [a-z_]*\[\] = {/,/}/p' "src/cli/$f.c" |
		grep -oE 'OPT_[A-Z_]+' | while read -r id; do
		sed -n "s/^ *{\"\([a-z-]*\)\", \(0\|'\(.\)'\), [0-9], $id, .*/--\1 -\3/p" \
			src/cli/cli_opts.c
	done | tr ' ' '\n' | grep -vx -- - | sort -u
}
cmds=$("$SLICALC" --help | sed -n '/^Commands:/,/^$/p' | grep -oE '^  [a-z][a-z-]*' | tr -d ' ')
check "commands in --help" "$(printf '%s\n' "$cmds" | wc -l)" 8
check "commands in the man page" \
	"$(sed -n 's/^\.SS "slicalc \([a-z\\-]*\).*/\1/p' "$M" | sed 's/\\-/-/g' | sort)" \
	"$(printf '%s\n' "$cmds" | sort)"
for c in $cmds; do
	[ "$c" = help ] && continue
	case=man:$c
	h=$(help_opts "$c")
	check "help lists options" "$([ "$(printf '%s\n' "$h" | wc -l)" -gt 2 ] && echo yes)" yes
	check "man = --help" "$(man_opts "$c" | paste -sd' ')" "$(printf '%s\n' "$h" | paste -sd' ')"
	check "man = parser" "$(man_opts "$c" | paste -sd' ')" "$(src_opts "$c" | paste -sd' ')"
done
case=man
rows=$(sed -n 's/^ *{"\([a-z-]*\)", .*OPT_.*/\1/p' src/cli/cli_opts.c)
check "option table rows" "$([ "$(printf '%s\n' "$rows" | wc -l)" -gt 20 ] && echo many)" many
for o in $rows; do
	check "table row --$o in the man page" "$(sed 's/\\-/-/g; s/\\f[BIRP]//g' "$M" |
		grep -cE -- "(^|[^a-z-])--$o([^a-z-]|\$)" | sed 's/^[1-9][0-9]*$/yes/')" yes
done
# every exit status the help names has its entry; every variable the
# program reads (getenv, env_size) is in ENVIRONMENT
exits=$(sed -n '/^\.SH EXIT STATUS/,/^\.SH /p' "$M" | sed -n '/^\.TP$/{n;s/^\.B \([0-9]\)$/\1/p;}' | paste -sd' ')
check "exit statuses" "$exits" "0 1 2 3 4"
check "--help's exit statuses" "$("$SLICALC" --help | sed -n '/^Exit status/,$p' | grep -oE '(^|[ :,])[0-9]( |$)' | tr -dc '0-9\n' | grep . | sort -u | paste -sd' ')" "$exits"
envs=$(grep -ohE '(getenv|env_size)\("[A-Z_]+"\)' src/*.c src/cli/*.c | sed 's/.*("\(.*\)")/\1/' | sort -u)
check "variables read" "$([ -n "$envs" ] && echo some)" some
for e in $envs; do
	check "environment: $e" "$(sed -n '/^\.SH ENVIRONMENT/,/^\.SH /p' "$M" | grep -cx "\.B $e")" 1
done

# ---- bash completion ---------------------------------------------------------
case=completion
C=$D$P/share/bash-completion/completions/slicalc
# comp WORD...: the completions of the last word, sorted, on one line
comp() {
	bash --norc --noprofile -c '
		. "$1" || exit 1
		shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		_slicalc
		printf "%s\n" "${COMPREPLY[@]}"' comp "$C" "$@" | sort | paste -sd' '
}
check "complete -p" "$(bash --norc --noprofile -c '. "$1"; complete -p slicalc' x "$C")" \
	"complete -F _slicalc slicalc"
check "slicalc rep" "$(comp slicalc rep)" report
check "slicalc pr" "$(comp slicalc pr)" prometheus-rules
check "slicalc ''" "$(comp slicalc '')" "$(printf '%s\n' $cmds | sort | paste -sd' ')"
check "slicalc --v" "$(comp slicalc --v)" --version
check "slicalc help re" "$(comp slicalc help re)" report
check "report --f" "$(comp slicalc report --f)" "--fail-below --fail-on-budget --format"
check "report --format ''" "$(comp slicalc report --format '')" "auto json lograge nginx rails"
check "report --format=r" "$(comp slicalc report --format=r)" "--format=rails"
check "report --by ''" "$(comp slicalc report --by '')" "day hour month quarter week"
check "report --tz Europe/Par" "$(comp slicalc report --tz Europe/Par)" "Europe/Paris"
mkdir -p "$T/r/sub"
touch "$T/r/a.yaml" "$T/r/b.yml" "$T/r/c.log"
check "report -r DIR/" "$(comp slicalc report -r "$T/r/")" "$T/r/a.yaml $T/r/b.yml $T/r/sub"
check "report FILE" "$(comp slicalc report -q "$T/r/")" "$T/r/a.yaml $T/r/b.yml $T/r/c.log $T/r/sub"
# a name with a space is one completion, not two words
touch "$T/r/my rules.yaml"
check "report -r name with a space" "$(bash --norc --noprofile -c '
	. "$1" || exit 1
	COMP_WORDS=(slicalc report -r "$2"); COMP_CWORD=3
	_slicalc
	printf "%s|" "${#COMPREPLY[@]}" "${COMPREPLY[@]}"' x "$C" "$T/r/my")" "1|$T/r/my rules.yaml|"
rm "$T/r/my rules.yaml"
# accepts COMMAND ARGS...: "yes" when a real run of COMMAND with ARGS
# over a fixture is not refused (exit 2), else "no". tail follows its
# file: still running after a second is taking it; merge reads a state.
"$SLICALC" report -q --save-state "$T/odd.state" fixtures/odd.log >/dev/null 2>&1
accepts() {
	local c=$1 rc
	shift
	case $c in
	tail) timeout 1 "$SLICALC" tail -q "$@" fixtures/odd.log >/dev/null 2>&1 ;;
	merge) # the states hold no series: --by is judged by the parser
		if [ "$1" = --by ]; then
			"$SLICALC" merge "$@" -h >/dev/null 2>&1
		else
			"$SLICALC" merge -q "$@" "$T/odd.state" >/dev/null 2>&1
		fi ;;
	check) "$SLICALC" check -q -r rules/hr.yaml "$@" fixtures/odd.log >/dev/null 2>&1 ;;
	*) "$SLICALC" "$c" -q "$@" fixtures/odd.log </dev/null >/dev/null 2>&1 ;;
	esac
	rc=$?
	[ $rc = 2 ] && echo no || echo yes
}
for c in $cmds; do
	[ "$c" = help ] && continue
	case=completion:$c
	check "options = --help" "$(comp slicalc "$c" -)" "$(help_opts "$c" | sort | paste -sd' ')"
	outs=$(comp slicalc "$c" -o '')
	if [ "$c" = prometheus-rules ]; then
		check "-o" "$outs" ""
		continue
	fi
	check "-o offers some" "$([ -n "$outs" ] && echo yes)" yes
	check "-o = --output" "$(comp slicalc "$c" --output '')" "$outs"
	# each value offered is accepted by a real run, and a value not
	# offered is refused: exit 2
	for v in $outs; do
		check "-o $v accepted" "$(accepts "$c" -o "$v")" yes
	done
	check "-o nosuch refused" "$(accepts "$c" -o nosuch)" no
	for o in --format --by --group-by; do
		help_opts "$c" | grep -qx -- "$o" || continue
		vals=$(comp slicalc "$c" "$o" '')
		check "$o offers some" "$([ -n "$vals" ] && echo yes)" yes
		for v in $vals; do
			check "$o $v accepted" "$(accepts "$c" "$o" "$v")" yes
		done
		check "$o nosuch refused" "$(accepts "$c" "$o" nosuch)" no
	done
done
# every -o value a command accepts is offered
case=completion
for c in $cmds; do
	[ "$c" = help ] || [ "$c" = prometheus-rules ] && continue
	got=
	for v in table json csv markdown html yaml prometheus ndjson text; do
		[ "$(accepts "$c" -o "$v")" = yes ] && got="$got $v"
	done
	check "$c -o: all accepted are offered" "$(printf '%s\n' $got | sort | paste -sd' ')" \
		"$(comp slicalc "$c" -o '')"
done
check "routes --suggest -o" "$(comp slicalc routes --suggest -o '')" yaml
check "routes --suggest -o yaml accepted" "$(accepts routes --suggest -o yaml)" yes

# ---- the systemd unit --------------------------------------------------------
case=systemd
U=$D$P/lib/systemd/system/slicalc-tail@.service
check "unit names the installed binary" "$(grep -c "^ExecStart=$P/bin/slicalc tail " "$U")" 1
mkdir -p "$T/unit"
sed "s|$P/bin/slicalc|$B|" "$U" >"$T/unit/slicalc-tail@.service"
cp "$T/unit/slicalc-tail@.service" "$T/unit/slicalc-tail@web.service"
if command -v systemd-analyze >/dev/null 2>&1; then
	# MANPATH: Documentation=man:slicalc(1) must be found
	out=$(cd "$T/unit" && MANPATH=$D$P/share/man SYSTEMD_LOG_COLOR=0 \
		systemd-analyze verify "$T/unit/slicalc-tail@web.service" 2>&1)
	rc=$?
	check "systemd-analyze verify" "$rc:$out" "0:"
else
	skip systemd-analyze "no systemd-analyze (apt-get install systemd): the unit was not verified"
fi
# ExecStart as systemd would run it for instance "web": continuation
# lines joined, %i, the env file's ${VAR} (one word) and $VAR (split),
# /etc/slicalc and /var/lib/slicalc moved under $T.
if ! command -v curl >/dev/null 2>&1; then
	skip "unit ExecStart" "no curl: the unit's command was not run"
else
	port=$((20000 + RANDOM % 20000))
	# StateDirectory=slicalc/%i: systemd makes /var/lib/slicalc/web
	mkdir -p "$T/etc" "$T/var/web"
	cp rules/hr.yaml "$T/etc/web.yaml"
	sed -e "s|^SLICALC_LISTEN=.*|SLICALC_LISTEN=127.0.0.1:$port|" \
		-e "s|^SLICALC_LOGS=.*|SLICALC_LOGS=$T/a.log $T/b.log|" \
		-e "s|^SLICALC_OPTS=.*|SLICALC_OPTS=--interval 1s --window 1m|" \
		"$D$P/share/slicalc/tail.env.example" >"$T/etc/web.env"
	check "env example sets the three" "$(grep -cE '^SLICALC_(LISTEN|LOGS|OPTS)=' "$T/etc/web.env")" 3
	exec_start=$(sed -n '/^ExecStart=/,/[^\\]$/p' "$T/unit/slicalc-tail@.service" |
		sed 's/\\$//; s/^ExecStart=//' | paste -sd' ' | tr -s ' \t' '  ')
	cmdline=$(printf '%s' "$exec_start" | sed -e "s|%i|web|g" \
		-e "s|/etc/slicalc|$T/etc|g" -e "s|/var/lib/slicalc|$T/var|g")
	# systemd's EnvironmentFile: KEY=VALUE lines, the value as is
	SLICALC_LISTEN=$(sed -n 's/^SLICALC_LISTEN=//p' "$T/etc/web.env")
	SLICALC_LOGS=$(sed -n 's/^SLICALC_LOGS=//p' "$T/etc/web.env")
	SLICALC_OPTS=$(sed -n 's/^SLICALC_OPTS=//p' "$T/etc/web.env")
	cmdline=${cmdline//\$\{SLICALC_LISTEN\}/$SLICALC_LISTEN}
	cmdline=${cmdline//\$SLICALC_LOGS/$SLICALC_LOGS}
	cmdline=${cmdline//\$SLICALC_OPTS/$SLICALC_OPTS}
	check "ExecStart expanded" "$(printf '%s' "$cmdline" | grep -c '[$%]')" 0
	: >"$T/a.log"
	: >"$T/b.log"
	read -ra argv <<<"$cmdline"
	"${argv[@]}" >"$T/tail.out" 2>"$T/tail.err" &
	pid=$!
	scrape() { # the lines read, whatever they were
		curl -sf --max-time 5 "http://127.0.0.1:$port/metrics" |
			awk '/^slicalc_input_lines_total\{/ { s += $2; n++ } END { if (n) print s }'
	}
	for i in $(seq 200); do [ -n "$(scrape)" ] && break; sleep 0.05; done
	check "serves /metrics" "$(scrape)" 0
	head -n 100 fixtures/access.log >>"$T/a.log"
	sed -n '101,150p' fixtures/access.log >>"$T/b.log"
	for i in $(seq 200); do [ "$(scrape)" = 150 ] && break; sleep 0.05; done
	check "counts the lines appended" "$(scrape)" 150
	# ExecReload=/bin/kill -HUP $MAINPID
	reload=$(sed -n 's/^ExecReload=//p' "$T/unit/slicalc-tail@.service")
	${reload//\$MAINPID/$pid}
	sleep 0.5
	check "alive after reload" "$(kill -0 "$pid" 2>/dev/null && echo yes)" yes
	kill -TERM "$pid"
	wait "$pid"
	check "exit on SIGTERM" $? 0
	pid=
	check "state saved" "$([ -s "$T/var/web/tail.state" ] && echo yes)" yes
	# one directory per instance (none resumes from another's state), and
	# the cache of compiled rules beside it
	check "state directory per instance" \
		"$(grep -c '^StateDirectory=slicalc/%i$' "$T/unit/slicalc-tail@.service")" 1
	check "cache directory per instance" \
		"$(grep -c '^CacheDirectory=slicalc/%i$' "$T/unit/slicalc-tail@.service")" 1
	check "stderr" "$(cat "$T/tail.err")" ""
fi

# ---- another PREFIX, then make uninstall ------------------------------------
case=uninstall
mk install DESTDIR="$T/opt" PREFIX=/opt/slicalc INSTALL_BIN="$SLICALC" >/dev/null 2>&1
check "PREFIX=/opt/slicalc: unit" \
	"$(grep -c '^ExecStart=/opt/slicalc/bin/slicalc tail ' "$T/opt/opt/slicalc/lib/systemd/system/slicalc-tail@.service")" 1
check "PREFIX=/opt/slicalc: man page" "$(grep -c /usr/local "$T/opt/opt/slicalc/share/man/man1/slicalc.1")" 0
mk uninstall DESTDIR="$T/opt" PREFIX=/opt/slicalc >/dev/null 2>&1
check "PREFIX=/opt/slicalc: uninstall" "$(find "$T/opt" -type f | wc -l)" 0
# each directory on its own: the unit runs the binary where BINDIR put it,
# the man page names the rules where DATADIR put them, the unit where
# SYSTEMDDIR put it (a Debian-like layout by hand)
dirs=(PREFIX=/usr BINDIR=/usr/sbin DATADIR=/usr/share/slicalc-data SYSTEMDDIR=/etc/systemd/system)
mk install DESTDIR="$T/dirs" "${dirs[@]}" INSTALL_BIN="$SLICALC" >/dev/null 2>&1
check "BINDIR: binary" "$([ -x "$T/dirs/usr/sbin/slicalc" ] && echo yes)" yes
check "BINDIR: unit's ExecStart" \
	"$(grep -c '^ExecStart=/usr/sbin/slicalc tail ' "$T/dirs/etc/systemd/system/slicalc-tail@.service")" 1
check "DATADIR: unit's env example" \
	"$(grep -c '/usr/share/slicalc-data/tail.env.example' "$T/dirs/etc/systemd/system/slicalc-tail@.service")" 1
check "DATADIR: man FILES" "$(grep -c '^\.I /usr/share/slicalc-data/rules/$' "$T/dirs/usr/share/man/man1/slicalc.1")" 1
check "SYSTEMDDIR: man FILES" \
	"$(grep -c '^\.I /etc/systemd/system/slicalc\\-tail@.service$' "$T/dirs/usr/share/man/man1/slicalc.1")" 1
check "DATADIR: rules" "$([ -f "$T/dirs/usr/share/slicalc-data/rules/hr.yaml" ] && echo yes)" yes
check "no /usr/local left" "$(grep -rl /usr/local "$T/dirs")" ""
mk uninstall DESTDIR="$T/dirs" "${dirs[@]}" >/dev/null 2>&1
check "each directory: uninstall" "$(find "$T/dirs" -type f | wc -l)" 0
# values that hold /usr/local themselves are not rewritten twice: a stow
# PREFIX, and a BINDIR under /usr/local with PREFIX elsewhere
mk install DESTDIR="$T/stow" PREFIX=/usr/local/stow/slicalc-1.0 INSTALL_BIN="$SLICALC" >/dev/null 2>&1
U=$T/stow/usr/local/stow/slicalc-1.0/lib/systemd/system/slicalc-tail@.service
check "stow PREFIX: unit's ExecStart" \
	"$(grep -c '^ExecStart=/usr/local/stow/slicalc-1.0/bin/slicalc tail ' "$U")" 1
check "stow PREFIX: man FILES" \
	"$(grep -c '^\.I /usr/local/stow/slicalc-1.0/share/slicalc/rules/$' "$T/stow/usr/local/stow/slicalc-1.0/share/man/man1/slicalc.1")" 1
check "stow PREFIX: no path doubled" "$(grep -rh 'stow/slicalc-1.0/stow' "$T/stow")" ""
mk install DESTDIR="$T/mix" PREFIX=/opt/sl BINDIR=/usr/local/sbin INSTALL_BIN="$SLICALC" >/dev/null 2>&1
check "BINDIR under /usr/local: unit's ExecStart" \
	"$(grep -c '^ExecStart=/usr/local/sbin/slicalc tail ' "$T/mix/opt/sl/lib/systemd/system/slicalc-tail@.service")" 1
mk uninstall DESTDIR="$D" >"$T/make.out" 2>&1
check "make uninstall" $? 0
check "no file left" "$(find "$D" ! -type d | sed "s|^$D||")" ""
check "no directory of our own left" "$(find "$D" -path '*slicalc*')" ""

summary
