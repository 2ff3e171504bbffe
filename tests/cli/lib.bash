# Sourced by every CLI test. `run ARGS...` shows the command, runs slicalc
# with standard error merged (slicalc flushes standard output before each
# message, so the order is stable) and shows the exit status. The scratch
# directory's random name is shown as TMP so the output is stable.
export NO_COLOR=1 LC_ALL=C
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
run() {
	printf '$ slicalc %s\n' "$*" | sed "s|$TMP|TMP|g"
	"$SLICALC" "$@" 2>&1 | sed "s|$TMP|TMP|g"
	printf '[exit %d]\n' "${PIPESTATUS[0]}"
}
# Same, reading standard input from the first argument.
run_stdin() {
	local in=$1
	shift
	printf '$ slicalc %s < %s\n' "$*" "${in##*/}"
	"$SLICALC" "$@" <"$in" 2>&1 | sed "s|$TMP|TMP|g"
	printf '[exit %d]\n' "${PIPESTATUS[0]}"
}
