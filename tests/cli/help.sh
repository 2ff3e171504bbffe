# Every command has --help; usage errors exit 2 with a hint.
. tests/cli/lib.bash
run --help
run report --help
run help report
run tail --help
run merge --help
run backtest --help
run backtest --top 3 fixtures/odd.log
run tail
run
run frobnicate
run report --bogus
run report -o xml fixtures/odd.log
run report --top -1 fixtures/odd.log
