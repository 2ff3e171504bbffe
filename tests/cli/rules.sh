# A team's rules file: overlapping SLIs, method/path/status/query/route/
# action matches, format and file keeping SLIs to the nginx or the Rails
# log of one run, bad status classes, several thresholds, group_by modes,
# max_endpoints, windows, alerts and time slices.
. tests/cli/lib.bash
run report -r rules/hr.yaml --top 3 fixtures/access.log
run report -r rules/hr.yaml --top 3 fixtures/access.log fixtures/rails-tagged.log
run report -r rules/hr.yaml -o json fixtures/odd.log
