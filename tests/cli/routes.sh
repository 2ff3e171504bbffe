# slicalc routes: the endpoints busiest first (table, JSON, CSV), by
# route, path and action, with the SLIs of rules/hr.yaml that take each
# ('-' for none), --since/--until, "(other)" past max_endpoints, a long
# endpoint cut in the middle, an unreadable file (exit 1), usage errors
# (exit 2), --help. Then the counts against report's: for every endpoint
# of fixtures/access.log (and of several files, read by 1 and 2
# threads), routes' requests are those report counts with the default
# rules' SLI 'all' (group_by route). README's routes examples are run by
# readme.sh.
. tests/cli/lib.bash
cat >"$TMP/api.yaml" <<'EOF'
slis:
  - name: api
    match: {path: '^/api/'}
  - name: writes
    match: {method: '^(POST|PUT|PATCH|DELETE)$'}
EOF
run routes fixtures/access.log
run routes -q -r "$TMP/api.yaml" -o json fixtures/odd.log
run routes -r rules/hr.yaml -o csv fixtures/access.log
run routes -r rules/hr.yaml --top 0 fixtures/access.log
run routes --group-by action fixtures/rails-tagged.log
run routes --group-by path -o csv fixtures/odd.log
run routes -r rules/hr.yaml --top 5 --since 2024-03-11T06:00:00+09:00 \
	--until 2024-03-11T12:00:00+09:00 fixtures/access.log

# past --max-endpoints (the rules' max_endpoints is their SLIs' bound,
# not the list's: 5 there changes nothing here), and the JSON's shape
cat >"$TMP/five.yaml" <<'EOF'
max_endpoints: 5
slis:
  - name: api
    match: {path: '^/api/'}
EOF
"$SLICALC" routes -q -r "$TMP/five.yaml" -o json fixtures/access.log |
	jq -c '{max_endpoints, other_requests, endpoints: (.routes | length)}'
run routes -r "$TMP/five.yaml" --max-endpoints 5 -j 1 --top 0 fixtures/access.log
run routes --max-endpoints 0 fixtures/access.log
"$SLICALC" routes -q -r "$TMP/five.yaml" --max-endpoints 5 -j 1 -o json fixtures/access.log |
	jq -c '{group_by, max_endpoints, other_requests, slis,
		first: .routes[0], other: (.routes[] | select(.endpoint == "(other)")
		| {requests, slis, untaken, action})}'

# a key longer than the column: cut in the middle in the table only
printf '1.2.3.4 - - [10/Mar/2024:15:00:00 +0000] "GET /api/v1/organisations/acme-corporation-international/departments/engineering-and-research/teams/platform/members HTTP/1.1" 200 1 "-" "-" 0.010\n' >"$TMP/long.log"
run routes "$TMP/long.log"
"$SLICALC" routes -q -o json "$TMP/long.log" | jq -r '.routes[].endpoint'

# exit 1: a file that cannot be read; the others are listed
run routes --top 2 fixtures/odd.log "$TMP/missing.log"
# exit 2: usage
run routes --group-by host fixtures/odd.log
run routes -o yaml fixtures/odd.log
run routes -o xml fixtures/odd.log
run routes --top x fixtures/odd.log
run routes -r "$TMP/missing.yaml" fixtures/odd.log
run routes --since 2024-03-12 --until 2024-03-11 fixtures/odd.log
run routes --help

# routes' requests per endpoint are report's (SLI 'all' of the default
# rules, group_by route), with 1 and 2 threads, over one file and several
same() { # same ARGS...: routes and report over the same inputs
	local a b
	a=$("$SLICALC" routes -q -o json "$@" | jq -r '.routes[] | "\(.endpoint)\t\(.requests)"' | sort)
	b=$("$SLICALC" report -q -o json "$@" |
		jq -r '.slis[] | select(.name == "all") | .endpoints[] | "\(.endpoint)\t\(.requests)"' | sort)
	if [ -n "$a" ] && [ "$a" = "$b" ]; then
		echo "routes = report, $(printf '%s\n' "$a" | wc -l) endpoints: $*"
	else
		echo "DIFFERENT: $*"
		diff <(printf '%s\n' "$a") <(printf '%s\n' "$b") | head -10
	fi
}
for j in 1 2; do
	same -j "$j" fixtures/access.log
	same -j "$j" fixtures/access.log fixtures/access-rotated.log.gz \
		fixtures/rails-tagged.log fixtures/lograge.log fixtures/odd.log
done

