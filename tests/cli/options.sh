# Which command takes which option (src/cli_opts.c's table and each
# command's list): every long option of the table and every short letter
# against every command. An option a command does not take is getopt's
# "unrecognized option" (or "invalid option") with the hint, exit 2,
# before anything is read; a taken one is never called unrecognized
# (what it then does with the argument "$TMP/x" is other tests' matter).
# Then the cases that once shared a code or an abbreviation.
# tests/unit/test_cli_opts.c checks the table itself: sorted, every id
# and letter once.
. tests/cli/lib.bash
longs=(at by by-endpoint fail-below fail-on-budget format from-start group-by help
	interval jobs listen log-format max-endpoints out output quiet rules
	save-state since state suggest textfile top tz until width window)
flags=" by-endpoint fail-on-budget from-start help quiet suggest "
shorts=(h j o q r V)
cmds=(report merge backtest tail prometheus-rules routes check)
try() { # try COMMAND SHOWN ARGS...: one line, "taken" or what was said
	local cmd=$1 shown=$2 err rc
	shift 2
	err=$("$SLICALC" "$cmd" "$@" </dev/null 2>&1 >/dev/null)
	rc=$?
	if grep -qE 'unrecognized option|invalid option' <<<"$err"; then
		printf '%s %s: [exit %d] %s\n' "$cmd" "$shown" "$rc" \
			"$(printf '%s' "$err" | sed "s|$TMP|TMP|g" | paste -sd'|')"
	else
		printf '%s %s: taken\n' "$cmd" "$shown"
	fi
}
for cmd in "${cmds[@]}"; do
	for o in "${longs[@]}"; do
		if [[ $flags == *" $o "* ]]; then
			try "$cmd" "--$o" "--$o"
		else
			try "$cmd" "--$o" "--$o" "$TMP/x"
		fi
	done
	for o in "${shorts[@]}"; do
		case $o in
		h | q | V) try "$cmd" "-$o" "-$o" ;;
		*) try "$cmd" "-$o" "-$o" "$TMP/x" ;;
		esac
	done
done
# tail's --state and report's --since shared a code ('s'): neither is
# taken for the other
run tail --since 2024-03-11 fixtures/odd.log
run report --state "$TMP/s" fixtures/odd.log
run merge --since 2024-03-11 "$TMP/s"
# abbreviations are getopt_long's, among the options of the command
run report --s 2024-03-11 fixtures/odd.log
run report --sin 2024-03-11 --unt 2024-03-12 -q fixtures/odd.log
run tail --st
run merge -j 2 "$TMP/s"
run prometheus-rules --rules
