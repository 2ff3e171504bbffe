# slicalc routes --suggest: the starter rules for fixtures/access.log
# (nginx: features by path) and fixtures/rails-tagged.log (Rails:
# features by controller), read line by line; then that every suggestion
# passes check (exit 0), loads (report -r on it exits 0) and, with the
# health checks it leaves commented out taken up, leaves at most 5% of
# the requests of the logs it came from unmatched (input.unmatched /
# input.requests, from report's JSON); a log of odd paths (quotes, regex metacharacters,
# bytes that are not UTF-8, many small features) whose suggestion must
# load and match too; --format and --log-format carried into the file;
# usage errors (exit 2).
. tests/cli/lib.bash
run routes --suggest fixtures/access.log
run routes --suggest fixtures/rails-tagged.log

# paths that test the quoting: a quote, metacharacters, escaped bytes,
# spaces; and 12 small features, more than 'other' lists
{
	t='[10/Mar/2024:15:00:00 +0000]'
	for i in $(seq 1 400); do
		echo "1.2.3.4 - - $t \"GET /api/v1/items/$i HTTP/1.1\" 200 1 \"-\" \"-\" 0.0$((i % 90 + 10))"
	done
	for i in $(seq 1 60); do
		echo "1.2.3.4 - - $t \"POST /it's/(new)+[x]{2}*?|^\$.json HTTP/1.1\" 201 1 \"-\" \"-\" 0.120"
		echo "1.2.3.4 - - $t \"GET /caf\\xC3\\xA9/men\\xE9 HTTP/1.1\" 200 1 \"-\" \"-\" 0.020"
		echo "1.2.3.4 - - $t \"GET /files/a b/report.pdf HTTP/1.1\" 200 1 \"-\" \"-\" 0.300"
	done
	for i in $(seq 1 12); do
		echo "1.2.3.4 - - $t \"GET /tiny$i/page HTTP/1.1\" 200 1 \"-\" \"-\" 0.005"
	done
	for i in $(seq 1 30); do
		echo "1.2.3.4 - - $t \"GET /healthz HTTP/1.1\" 200 1 \"-\" \"-\" 0.001"
		echo "1.2.3.4 - - $t \"GET /packs/app-$i.js HTTP/1.1\" 200 1 \"-\" \"-\" 0.001"
	done
	echo "1.2.3.4 - - $t \"GET /.git/config HTTP/1.1\" 404 1 \"-\" \"-\" 0.001"
	echo "1.2.3.4 - - $t \"\\x16\\x03\\x01\" 400 1 \"-\" \"-\" 0.000"
} >"$TMP/odd.log"
run routes --suggest "$TMP/odd.log"

loads() { # loads NAME SUGGESTION LOGS...: check is clean, report loads it
	# and leaves <= 5% unmatched once the commented-out health checks
	# are taken up (left out, they are what is unmatched beyond 5%)
	local name=$1 yaml=$2 json rc
	shift 2
	"$SLICALC" check -q -r "$yaml" "$@" >/dev/null
	printf '%s: check exits %d, ' "$name" $?
	json=$("$SLICALC" report -q -o json -r "$yaml" "$@")
	rc=$?
	printf 'report -r exits %d, ' "$rc"
	printf '%s\n' "$json" | jq -r '.input | "\(.unmatched) of \(.requests) unmatched, "' | tr -d '\n'
	sed -E 's/^#(  - name: .health-checks.|    match:|      path: )/\1/' "$yaml" >"$TMP/h.yaml"
	"$SLICALC" report -q -o json -r "$TMP/h.yaml" "$@" | jq -r '.input |
		"\(.unmatched) with the health checks: " +
		(if .requests > 0 and .unmatched * 100 <= .requests * 5 then "at most 5%" else "MORE THAN 5%" end)'
}
for f in fixtures/access.log fixtures/rails-tagged.log fixtures/lograge.log \
	"$TMP/odd.log"; do
	"$SLICALC" routes -q --suggest "$f" >"$TMP/s.yaml"
	loads "${f##*/}" "$TMP/s.yaml" "$f"
done
"$SLICALC" routes -q --suggest fixtures/access.log fixtures/access-rotated.log.gz \
	fixtures/rails-tagged.log >"$TMP/s.yaml"
loads "three files" "$TMP/s.yaml" fixtures/access.log fixtures/access-rotated.log.gz \
	fixtures/rails-tagged.log
# nothing read: still a rules file that loads
: >"$TMP/empty.log"
"$SLICALC" routes -q --suggest "$TMP/empty.log" >"$TMP/s.yaml"
"$SLICALC" report -q -r "$TMP/s.yaml" "$TMP/empty.log" >/dev/null
echo "empty log: report -r exits $?"

# the format as given is the file's
"$SLICALC" routes -q --suggest --format nginx \
	--log-format '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time' \
	fixtures/access.log | grep -E '^(format|log_format):'

run routes --suggest -o json fixtures/odd.log
run routes --suggest -o csv fixtures/odd.log
run routes --suggest -r rules/hr.yaml fixtures/odd.log
run routes --suggest --group-by action fixtures/odd.log
