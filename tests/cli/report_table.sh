# The table over the odd-cases fixture: every unparsed line named, odd
# requests (empty, TLS bytes) under "(invalid request)", latency-less lines
# counted as requests without latency.
. tests/cli/lib.bash
run report fixtures/odd.log
run report --top 2 fixtures/access.log fixtures/access-rotated.log.gz
run report -q --top 1 fixtures/odd.log
