# The table over the odd-cases fixture: every unparsed line named, odd
# requests (empty, TLS bytes) under "(invalid request)", latency-less lines
# counted as requests without latency.
. tests/cli/lib.bash
run report fixtures/odd.log
run report --top 2 fixtures/access.log fixtures/access-rotated.log.gz
run report -q --top 1 fixtures/odd.log
echo "# no \$request_time: the latency objective is unknown, not met ('-',"
echo "# a note naming the SLI, and --fail-on-budget does not count it)"
run report --fail-on-budget --top 1 \
	--log-format '$remote_addr - $remote_user [$time_local] "$request" $status' \
	fixtures/access.log
"$SLICALC" report -q -o json \
	--log-format '$remote_addr - $remote_user [$time_local] "$request" $status' \
	fixtures/access.log |
	jq -c '.slis[0].total.latency.thresholds[0], .warnings'
echo "# one endpoint left out, in the singular"
"$SLICALC" report -q --top 10 fixtures/odd.log | grep more
echo "# one bad request in 2,000,000: 99.999% (rounded down, never to 100%),"
echo "# ratio 0.9999995 in JSON and CSV (read back, the same double)"
awk 'BEGIN { for (i = 0; i < 1999999; i++) print "200"; print "500" }' >"$TMP/2m.log"
run report -q --log-format '$status' "$TMP/2m.log"
"$SLICALC" report -q -o json --log-format '$status' "$TMP/2m.log" |
	jq -c '.slis[0].total.availability'
"$SLICALC" report -q -o csv --log-format '$status' "$TMP/2m.log"
