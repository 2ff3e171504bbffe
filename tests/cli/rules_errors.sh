# Broken rules name file:line:col and exit 2 before reading any log.
. tests/cli/lib.bash
for f in fixtures/rules/bad-*.yaml; do
	run report -r "$f" fixtures/odd.log
done
run report -r /nonexistent/rules.yaml fixtures/odd.log
