# prometheus-rules: the generated rules (reviewed: one group per SLI, seven
# error-ratio windows and the 30-day budget per SLO, a page and a ticket
# alert per SLO; names that need escaping stay valid), a 7-day window with
# its own alerts (factors scaled by 7/30), each objective as a series,
# labels, annotations and min_requests, --out, and errors.
# tests/promrules.sh runs promtool over the same output.
. tests/cli/lib.bash
run prometheus-rules --help
run prometheus-rules -r tests/promrules/rules.yaml
run prometheus-rules -r tests/promrules/scaled.yaml
echo "# labels and annotations (the alert's over the SLI's, over the generated"
echo "# ones), min_requests as a clause on the long window, a time-slice note"
run prometheus-rules -r tests/promrules/labels.yaml
run prometheus-rules -r tests/promrules/rules.yaml --out "$TMP/r.yml"
cmp -s "$TMP/r.yml" <("$SLICALC" prometheus-rules -r tests/promrules/rules.yaml) && echo "--out wrote the same"
run prometheus-rules -r tests/promrules/rules.yaml --out "$TMP/no/such/dir/r.yml"
run prometheus-rules fixtures/access.log
run prometheus-rules -r fixtures/no-such.yaml
run prometheus-rules --bogus
