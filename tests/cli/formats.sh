# Rails, lograge and JSON-lines fixtures read with format auto: what was
# detected, the counts, latency percentiles, and every endpoint key by
# route and by action. formats.expected.md has the numbers worked out by
# hand for each file; this output must agree with it.
. tests/cli/lib.bash
for f in fixtures/rails-tagged.log fixtures/rails-pid.log \
	fixtures/rails4-plain.log fixtures/rails2.log fixtures/lograge.log \
	fixtures/lograge-json.log fixtures/json-nginx.log; do
	echo "== $f"
	"$SLICALC" report -q -r tests/cli/formats.yaml -o json "$f" | jq -c '
	  def sli(n): .slis[] | select(.name == n);
	  .input | {format, lines, requests, incomplete, unparsed}' |
		sed 's/^/  /'
	"$SLICALC" report -q -r tests/cli/formats.yaml -o json "$f" | jq -r '
	  def sli(n): .slis[] | select(.name == n);
	  (sli("route").total.latency | "  latency: n=\(.count) p50=\(.percentiles_ms["50"]) p99=\(.percentiles_ms["99"]) max=\(.max_ms) <=300ms=\(.thresholds[0].good)"),
	  (sli("route").endpoints | map(.endpoint) | sort | .[] | "  route  \(.)"),
	  (sli("action").endpoints | map(.endpoint) | sort | .[] | "  action \(.)")'
done
run report -r tests/cli/formats.yaml --top 3 fixtures/rails-tagged.log
run report --format rails fixtures/access.log --top 1
run report --format nginx fixtures/rails-pid.log --top 1 -q
run report --format syslog fixtures/rails-pid.log
run report fixtures/rails-tagged.log fixtures/lograge.log fixtures/odd.log -q --top 1
