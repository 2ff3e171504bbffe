# The JSON contract over the odd-cases fixture.
. tests/cli/lib.bash
run report -o json fixtures/odd.log
