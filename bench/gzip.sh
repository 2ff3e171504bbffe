# shellcheck shell=bash disable=SC2034 # sourced: BENCH_FAIL and the rows are run.sh's
# bench/gzip.sh - gzip and thread scaling, sourced by bench/run.sh (it
# uses run.sh's row/ratio/run_once/flat helpers, $LOG, $GZ, $OUT, $SLICALC).
#
# 1. gzip against its yardsticks, in the same run: `igzip -dc` (ISA-L's
#    own command, Debian package `isal`: the speed slicalc's inflater can
#    reach) and `zcat` (timed in run.sh's table), each > /dev/null, next to `slicalc report -q -j 1`
#    on the same .gz (one parsing thread; inflating runs in a thread of
#    its own), and `slicalc report -q` with the default -j (the CPUs:
#    one stream parsed in blocks by that many threads, fed by the
#    inflating thread). Without igzip that yardstick is skipped, saying so: a
#    benchmark installs nothing (it would need root and the network), and
#    `make deps` installs libisal-dev, which has no igzip.
# 2. -j scaling with the default rules: the plain file (cut in ranges)
#    the same lines as one .gz (one stream, parsed in blocks by -j
#    threads) and as four .gz files (one thread per file), with -j 1, 2
#    and the number of CPUs (when above 2), as ratios to -j 1.
# 3. gzip memory flatness (unless BENCH_NO_FLAT): peak RSS over 1M and
#    10M lines gzipped, with the bound of the plain check; a growth sets
#    BENCH_FAIL=1, which run.sh turns into its exit status.

NCPU=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)

echo
echo "gzip: slicalc on access.log.gz next to the inflaters alone"
printf "%-40s %8s %12s %9s %10s\n" "command (best of 3)" seconds "lines/s" "MB/s" "RSS KiB"
echo "inflater: $("$SLICALC" --version)"
if command -v igzip >/dev/null 2>&1; then
	row igzip "igzip -dc access.log.gz" igzip -dc "$GZ"
else
	echo "igzip not installed (Debian package isal): its yardstick is skipped"
fi
row slgz1 "slicalc report -q -j 1 access.log.gz" "$SLICALC" report -q -j 1 -o json "$GZ"
row slgzn "slicalc report -q access.log.gz (-j $NCPU)" "$SLICALC" report -q -o json "$GZ"
echo
echo "ratios (time, lower is better):"
if [[ -n ${T[igzip]:-} ]]; then
	ratio ".gz -j $NCPU / igzip -dc" slgzn igzip
	ratio ".gz -j 1 / igzip -dc" slgz1 igzip
	# The best these CPUs allow: one stream inflates in one thread
	# (igzip's time) while the parsing (plain -j 1's time) shares the
	# CPUs with it, so no -j beats max(inflate, (inflate + parse) / CPUs).
	# It says whether a ratio above the goal is the code or the machine.
	awk -v ig="${T[igzip]}" -v p1="${T[sl1]}" -v gz="${T[slgzn]}" -v c="$NCPU" 'BEGIN {
		b = (ig + p1) / c; if (b < ig) b = ig
		printf "  %-24s %6.2fx  (max(igzip, (igzip + plain -j 1) / %d CPUs) = %.3f s; .gz -j %d is %.2fx of it)\n",
		       "bound / igzip -dc", b / ig, c, b, c, gz / b
	}'
fi
ratio ".gz -j 1 / zcat" slgz1 zcat
ratio ".gz -j 1 / plain -j 1" slgz1 sl1

# The same lines as four gzip files, for -j over several archives.
PARTS=()
for k in 0 1 2 3; do
	PARTS+=("$OUT/part$k.log.gz")
done
if [[ ! -s ${PARTS[3]} || ! -f $OUT/parts.stamp || $(cat "$OUT/parts.stamp") != "$STAMP" ]]; then
	echo "bench: cutting $LOG into 4 gzip files ..."
	rm -f "$OUT/parts.stamp"
	per=$(((LINES + 3) / 4))
	split -l "$per" -d -a 1 "$LOG" "$OUT/part"
	for k in 0 1 2 3; do
		gzip -6 -c "$OUT/part$k" >"$OUT/part$k.log.gz"
		rm -f "$OUT/part$k"
	done
	echo "$STAMP" >"$OUT/parts.stamp"
fi
cat "${PARTS[@]}" >/dev/null

JS=(1 2)
((NCPU > 2)) && JS+=("$NCPU")
echo
echo "threads: -j scaling with the default rules ($NCPU CPUs)"
printf "%-40s %8s %12s %9s %10s\n" "command (best of 3)" seconds "lines/s" "MB/s" "RSS KiB"
for j in "${JS[@]}"; do
	row "jp$j" "slicalc -j $j access.log" "$SLICALC" report -q -j "$j" -o json "$LOG"
done
for j in "${JS[@]}"; do
	row "jg$j" "slicalc -j $j access.log.gz" "$SLICALC" report -q -j "$j" -o json "$GZ"
done
for j in "${JS[@]}"; do
	row "jz$j" "slicalc -j $j part[0-3].log.gz" "$SLICALC" report -q -j "$j" -o json "${PARTS[@]}"
done
echo
echo "ratios to -j 1 (time, lower is better):"
for j in "${JS[@]:1}"; do
	ratio "plain -j $j / -j 1" "jp$j" jp1
	ratio ".gz -j $j / -j 1" "jg$j" jg1
	ratio "4 x .gz -j $j / -j 1" "jz$j" jz1
done

if [[ -z ${BENCH_NO_FLAT:-} ]]; then
	echo
	echo "memory flatness, gzip: peak RSS of slicalc on 1M vs 10M lines, gzipped"
	GZ1=$OUT/flat-1m.log.gz
	GZ10=$OUT/flat-10m.log.gz
	# a fast level: what is measured is reading, not how it was packed
	packer=(gzip -1 -c)
	command -v igzip >/dev/null 2>&1 && packer=(igzip -1 -c)
	"$OUT/gen" -n 1000000 | "${packer[@]}" >"$GZ1"
	"$OUT/gen" -n 10000000 | "${packer[@]}" >"$GZ10"
	run_once "$SLICALC" report -q -o json "$GZ1"
	GRSS1=$RSS_KIB GT1=$ELAPSED
	run_once "$SLICALC" report -q -o json "$GZ10"
	GRSS10=$RSS_KIB GT10=$ELAPSED
	rm -f "$GZ1" "$GZ10"
	flat "default rules, .gz" "$GRSS1" "$GT1" "$GRSS10" "$GT10" || BENCH_FAIL=1
fi
