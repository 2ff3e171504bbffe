# Usage errors are exit 2 with a message, before anything is read:
# times that do not exist (never rolled over into the next month), an
# empty range, an empty --window list.
. tests/cli/lib.bash
run report --since 2024-02-30 fixtures/odd.log
run report --until 2025-02-29T00:00:00Z fixtures/odd.log
run report --since 2024-03-01T00:00:00+99:00 fixtures/odd.log
run report --since 2024-03-11 --until 2024-03-10 fixtures/access.log
run backtest --since 2024-03-11 --until 2024-03-11 fixtures/access.log
run tail --window '' fixtures/odd.log
run tail --window , fixtures/odd.log
run tail --window 5m, fixtures/odd.log
