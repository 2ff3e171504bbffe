# One gzip stream parsed by several threads (-j 3: blocks of lines handed
# to each in turn) gives the JSON of one thread (-j 1), for every fixture
# gzipped, for a two-member gzip of 4 MB with unparsed lines far apart,
# and for that gzip cut short (reported once, after the same line). A
# Rails log stays one thread (its requests span lines). Each pair is
# compared here (diff); the golden keeps what -j 3 said of the input.
. tests/cli/lib.bash
same() { # same FILE [ARGS...]: -j 1 and -j 3 agree
	local f=$1
	shift
	"$SLICALC" report -q -o json -j 1 "$@" "$f" >"$TMP/j1" 2>&1
	local s1=$?
	"$SLICALC" report -q -o json -j 3 "$@" "$f" >"$TMP/j3" 2>&1
	local s3=$?
	if [ $s1 = $s3 ] && cmp -s "$TMP/j1" "$TMP/j3"; then
		echo "${f##*/} $*: -j 3 = -j 1 (exit $s3)"
	else
		echo "${f##*/} $*: -j 3 differs from -j 1 (exit $s1, $s3)"
		diff "$TMP/j1" "$TMP/j3" | head -20
	fi
}
for f in fixtures/*.log; do
	gzip -cn "$f" >"$TMP/${f##*/}.gz"
	same "$TMP/${f##*/}.gz"
done
# 4 MB in two members cut mid-line, an unparsed line every 2,000 lines
# (line 1001, 3001, ...: the first five are named)
for i in $(seq 0 19); do
	head -n 1000 fixtures/access.log
	echo "junk after $((i * 2000 + 1000)) lines"
	tail -n +1001 fixtures/access.log | head -n 999
done >"$TMP/big.log"
head -c 2000000 "$TMP/big.log" | gzip -n >"$TMP/big.log.gz"
tail -c +2000001 "$TMP/big.log" | gzip -n >>"$TMP/big.log.gz"
same "$TMP/big.log.gz"
same "$TMP/big.log.gz" -r bench/rules30.yaml
same "$TMP/big.log.gz" -r fixtures/rules/check-match-error.yaml
info() { # what -j 3 says of the input: counts, the lines named, errors
	run report -q -o json -j 3 "$@" |
		grep -E '^ "input"|"files"|"path": "TMP[^"]*", "format"|"unparsed_lines"|^\[exit |^\$ slicalc' |
		sed 's/"reason": "\([^"\\]\|\\.\)*"/"reason": .../g'
}
info "$TMP/big.log.gz"
size=$(stat -c %s "$TMP/big.log.gz")
head -c $((size - 3000)) "$TMP/big.log.gz" >"$TMP/cut.log.gz"
same "$TMP/cut.log.gz"
info "$TMP/cut.log.gz"
