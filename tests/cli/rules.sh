# A team's rules file: overlapping SLIs, method/path/status matches, bad
# status classes, several thresholds, group_by modes and max_endpoints.
. tests/cli/lib.bash
run report -r rules/hr.yaml --top 3 fixtures/access.log
run report -r rules/hr.yaml -o json fixtures/odd.log
