# --log-format: a custom format parses what the default cannot; a broken
# one is a usage error naming the character.
. tests/cli/lib.bash
printf '%s\n' \
  '2026-11-02T08:00:00+09:00	GET	"/api/v1/employees/1?x=1"	200	0.010	0.009' \
  '2026-11-02T08:00:01+09:00	POST	"/api/v1/attendance/check_in"	503	1.500	1.499, -' \
  'garbage' >"$TMP/tsv.log"
run report -q "$TMP/tsv.log"
run report --log-format '$time_iso8601	$request_method	"$request_uri"	$status	$request_time	$upstream_response_time' "$TMP/tsv.log"
run report --log-format '$status$request' "$TMP/tsv.log"
run report --log-format 'no variables' "$TMP/tsv.log"
run report --log-format '$remote_addr $status' fixtures/odd.log --top 1 -q
