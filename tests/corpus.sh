#!/usr/bin/env bash
# tests/corpus.sh - slicalc over the real logs in $SLICALC_CORPUS/nginx
# and $SLICALC_CORPUS/rails (SLICALC_CORPUS defaults to ../shared/corpus;
# the corpus is not in the repository).
#
# tests/corpus/nginx.tsv holds, for every corpus file, the log_format it
# was written with (and "-" for the embedded default) and the numbers
# expected: lines, parsed, unparsed and the first unparsed line numbers,
# requests per status class, over request_time the count, p50/p90/p99
# (within 0.55%, README's promise for the histogram), max and the count
# <= 300 ms, and the number of endpoints. They were computed by an
# independent implementation of the format rules and cross-checked with
# awk/grep (tests/corpus/README.md); the line count of every file is
# recounted here with zcat and awk. Missing corpus: every check is counted
# as skipped (tests/run.sh fails for it under CI=true).
set -u
cd "$(dirname "$0")/.."
SLICALC=${SLICALC:-./slicalc}
SLICALC_CORPUS=${SLICALC_CORPUS:-../shared/corpus}
CORPUS=$SLICALC_CORPUS/nginx
RAILS=$SLICALC_CORPUS/rails
SUITE=corpus
. tests/check.bash
if [ ! -d "$CORPUS" ] || [ ! -d "$RAILS" ]; then
	skip corpus "$SLICALC_CORPUS/nginx or /rails not found: the real-log checks did not run (set SLICALC_CORPUS)"
	summary
	exit
fi
command -v jq >/dev/null || { echo "corpus: jq is needed (apt-get install jq)"; exit 1; }

# within 0.55% (or both "-", or both 0)
near() {
	if [ "$3" = - ] || [ "$2" = - ]; then
		check "$1" "$2" "$3"
		return
	fi
	if awk -v g="$2" -v w="$3" 'BEGIN { d = g - w; if (d < 0) d = -d;
	    exit !(d <= 0.0055 * w + 1e-9) }'; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL corpus $file [$fmtname]: $1: got $2, want $3 (within 0.55%)"
	fi
}

while IFS=$'\t' read -r file fmt lines parsed unparsed first c2 c3 c4 c5 other \
	latn p50 p90 p99 max le300 endpoints; do
	case "$file" in '#'* | '') continue ;; esac
	if [ "$fmt" = - ]; then
		fmtname=default
		case="$file [$fmtname]"
		args=(--format nginx)
	else
		fmtname=chosen
		case="$file [$fmtname]"
		args=(--log-format "${fmt//\\t/$'\t'}") # tabs are written \t
	fi
	json=$("$SLICALC" report -q -j 1 -r tests/corpus/classes.yaml "${args[@]}" \
		-o json "$CORPUS/$file" 2>&1)
	rc=$?
	check exit "$rc" 0
	[ $rc -eq 0 ] || { echo "$json" | head -5; continue; }
	got=$(printf '%s' "$json" | jq -r '
	  def sli(n): .slis[] | select(.name == n) | .total;
	  def ms(v): if v == null then "-" else v end;
	  [ .input.lines, .input.requests, .input.unparsed,
	    ([.input.unparsed_lines[].line] | if length == 0 then "-"
	       else map(tostring) | join(",") end),
	    sli("2xx").requests, sli("3xx").requests, sli("4xx").requests,
	    sli("5xx").requests,
	    (.input.requests - ([sli("2xx", "3xx", "4xx", "5xx").requests] | add)),
	    sli("all").latency.count,
	    ms(sli("all").latency.percentiles_ms["50"]),
	    ms(sli("all").latency.percentiles_ms["90"]),
	    ms(sli("all").latency.percentiles_ms["99"]),
	    ms(sli("all").latency.max_ms),
	    sli("all").latency.thresholds[0].good,
	    (.slis[] | select(.name == "all") | .endpoints | length) ]
	  | map(tostring) | join("\t")')
	IFS=$'\t' read -r g_lines g_parsed g_unparsed g_first g2 g3 g4 g5 g_other \
		g_latn g50 g90 g99 gmax gle g_ep <<<"$got"
	check lines "$g_lines" "$lines"
	check lines-awk "$(zcat -f "$CORPUS/$file" | LC_ALL=C awk 'END { print NR }')" "$lines"
	check parsed "$g_parsed" "$parsed"
	check unparsed "$g_unparsed" "$unparsed"
	check first_unparsed "$g_first" "$first"
	check 2xx "$g2" "$c2"
	check 3xx "$g3" "$c3"
	check 4xx "$g4" "$c4"
	check 5xx "$g5" "$c5"
	check other "$g_other" "$other"
	check latency_count "$g_latn" "$latn"
	near p50 "$g50" "$p50"
	near p90 "$g90" "$p90"
	near p99 "$g99" "$p99"
	if [ "$max" = - ]; then check max "$gmax" -; else near max "$gmax" "$max"; fi
	check le300 "$gle" "$le300"
	check endpoints "$g_ep" "$endpoints"
done <tests/corpus/nginx.tsv

# Rails and lograge: requests, incomplete and unparsed, the count of each
# status (one SLI per status code), latency and Controller#action keys,
# against tests/corpus/rails.tsv (an independent implementation, every
# request and incomplete one checked by hand; see tests/corpus/README.md).
while IFS=$'\t' read -r file fmt lines requests incomplete unparsed statuses \
	latn p50 max actions; do
	case "$file" in '#'* | '') continue ;; esac
	fmtname=$fmt
	case="$file [$fmtname]"
	rules=$(mktemp)
	{
		echo "slis:"
		echo "  - {name: all, group_by: none}"
		echo "  - {name: actions, group_by: action, max_endpoints: 100000}"
		for s in ${statuses//,/ }; do
			[ "$s" = - ] && continue
			code=${s%%=*}
			echo "  - {name: s$code, group_by: none, match: {status: '^$code\$'}}"
		done
	} >"$rules"
	json=$("$SLICALC" report -q -r "$rules" -o json "$RAILS/$file")
	check exit $? 0
	rm -f "$rules"
	got=$(printf '%s' "$json" | jq -r '
	  def sli(n): .slis[] | select(.name == n);
	  [.input.format, .input.lines, .input.requests, .input.incomplete,
	   .input.unparsed,
	   ([.slis[] | select(.name | startswith("s")) |
	     "\(.name[1:])=\(.total.requests)"] | if length == 0 then "-"
	     else join(",") end),
	   sli("all").total.latency.count,
	   (sli("all").total.latency.percentiles_ms["50"] // "-"),
	   (sli("all").total.latency.max_ms // "-"),
	   (sli("actions").endpoints | map(select(.endpoint != "(no action)"))
	    | length)] | map(tostring) | join("\t")')
	IFS=$'\t' read -r g_fmt g_lines g_req g_inc g_unp g_st g_latn g50 gmax \
		g_act <<<"$got"
	check format "$g_fmt" "$fmt"
	check lines "$g_lines" "$lines"
	check requests "$g_req" "$requests"
	check incomplete "$g_inc" "$incomplete"
	check unparsed "$g_unp" "$unparsed"
	check statuses "$g_st" "$statuses"
	check latency_count "$g_latn" "$latn"
	near p50 "$g50" "$p50"
	near max "$gmax" "$max"
	check actions "$g_act" "$actions"
done <tests/corpus/rails.tsv

# Format detection: every nginx file is read as nginx, except the one
# written by a JSON log_format, which auto reads as JSON with the same
# counts as its nginx template gives.
fmtname=auto
for f in "$CORPUS"/*; do
	file=${f##*/}
	case="$file [auto]"
	case "$file" in SOURCES.txt) continue ;; esac
	want=nginx
	case "$file" in spiderstrategies_*) want=json ;; esac
	got=$("$SLICALC" report -q -o json "$f" | jq -r '.input.format')
	check format "$got" "$want"
done
file=spiderstrategies_nginx_json_access.log.gz
got=$("$SLICALC" report -q -r tests/corpus/classes.yaml -o json "$CORPUS/$file" |
	jq -r '[.input.requests, .input.unparsed,
	        (.slis[] | select(.name == "2xx") | .total.requests),
	        (.slis[] | select(.name == "5xx") | .total.requests),
	        (.slis[] | select(.name == "all") | .total.latency.count,
	         .total.latency.max_ms, .total.latency.thresholds[0].good)]
	       | map(tostring) | join(" ")')
# what nginx.tsv's row for its log_format says (the independent
# implementation), and what jq reads from the JSON itself
want=$(awk -F'\t' -v f="$file" '$1 == f && $2 != "-" {
	print $4, $5, $7, $10, $12, $16, $17 }' tests/corpus/nginx.tsv)
check json-as-json "$got" "$want"
byjq=$(zcat "$CORPUS/$file" | jq -rs '
	[.[] | select(.status | test("^[0-9]{1,3}$"))] as $r
	| ($r | map(.request_time | select(test("^[0-9]+[.][0-9]{3}$"))
	       | sub("[.]"; "") | tonumber)) as $ms
	| [($r | length), (length - ($r | length)),
	   ($r | map(select(.status | startswith("2"))) | length),
	   ($r | map(select(.status | startswith("5"))) | length),
	   ($ms | length), ($ms | max), ($ms | map(select(. <= 300)) | length)]
	| map(tostring) | join(" ")')
check json-by-jq "$got" "$byjq"

# A truncated gzip: the bytes before the damage are read, the file is
# named with the reason, and the exit status is 1.
file=misc/lnav_textfile_broken_gz.txt.gz
case=$file
out=$("$SLICALC" report -q -o json "$CORPUS/../$file" 2>&1)
check exit $? 1
case "$out" in *"gzip data"*"(after line 1)"*) pass=$((pass + 1)) ;;
*) fail=$((fail + 1)); echo "FAIL $file: no truncation message" ;; esac

# Invalid UTF-8 and the UTF-8 stress test: no crash, every line counted,
# and the JSON stays valid.
for file in misc/lnav_logfile_invalid_utf8.0 misc/lnav_UTF-8-test.txt; do
	case=$file
	want=$(awk 'END { print NR }' "$CORPUS/../$file")
	got=$("$SLICALC" report -q -o json "$CORPUS/../$file" | jq .input.lines)
	check lines "$got" "$want"
done

# Every line accounted for, on every corpus file: for nginx, lograge and
# JSON lines each line is exactly one of request (counted or filtered),
# unparsed or other; for Rails the other lines are those that are not a
# Started, Processing or Completed line, found here with perl after the
# prefixes and tags (README, "Nothing is dropped silently").
for f in "$SLICALC_CORPUS"/nginx/* "$SLICALC_CORPUS"/rails/* "$SLICALC_CORPUS"/misc/*; do
	case "$f" in *SOURCES.txt) continue ;; esac
	case="${f#"$SLICALC_CORPUS"/} [accounting]"
	read -r g_fmt g_lines g_req g_unp g_oth g_filt <<<"$("$SLICALC" report -q -o json "$f" 2>/dev/null |
		jq -r '.input | "\(.format) \(.lines) \(.requests) \(.unparsed) \(.other) \(.filtered)"')"
	if [ "$g_fmt" = rails ]; then
		r=$(zcat -f "$f" | perl -ne 's/\r?\n$//;
		  s/^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S+ [^\[]*?\[\d+\]: ?//;
		  s/^\d{4}-\S+ app\[[^\]]*\]: ?//;
		  s/^[DIWEFUA], \[[^\]]*#\d+\]\s+[A-Z]+ -- [^:]*: ?//;
		  while (s/^\[[^\]]{0,200}\](?: |$)//) {} s/^ +//;
		  print "x\n" if /^(Started |Processing |Completed )/' | wc -l)
		check "other = lines - request lines ($r)" "$g_oth" "$((g_lines - r))"
	else
		check "lines = requests + filtered + unparsed + other" \
			"$g_lines" "$((g_req + g_filt + g_unp + g_oth))"
	fi
done

# The workshop commands on every corpus file (so also under ASan+UBSan in
# the sanitizer pass): routes counts, endpoint by endpoint, what report
# counts for its SLI over everything (group_by route) and takes every
# request once; check runs the rules the accounting uses, agrees with
# report on every SLI's requests, and lists as unmatched exactly the
# requests report calls unmatched.
for f in "$SLICALC_CORPUS"/nginx/* "$SLICALC_CORPUS"/rails/* "$SLICALC_CORPUS"/misc/*; do
	case "$f" in *SOURCES.txt) continue ;; esac
	case="${f#"$SLICALC_CORPUS"/} [workshop]"
	rep=$("$SLICALC" report -q -j 1 -r tests/corpus/classes.yaml -o json "$f" 2>/dev/null)
	want_rc=$?
	rt=$("$SLICALC" routes -q -j 2 -r tests/corpus/classes.yaml -o json "$f" 2>/dev/null)
	check routes-exit $? "$want_rc"
	check routes-json "$(printf '%s' "$rt" | jq -e . >/dev/null 2>&1 && echo valid)" valid
	check routes-per-endpoint \
		"$(printf '%s' "$rt" | jq -r '.routes[] | "\(.endpoint)\t\(.requests)"' | sort | md5sum)" \
		"$(printf '%s' "$rep" | jq -r '.slis[] | select(.name == "all") | .endpoints[] | "\(.endpoint)\t\(.requests)"' | sort | md5sum)"
	check routes-sum "$(printf '%s' "$rt" | jq '[.routes[].requests] | add // 0')" \
		"$(printf '%s' "$rep" | jq '.input.requests')"
	ck=$("$SLICALC" check -q -j 2 -r tests/corpus/classes.yaml -o json "$f" 2>/dev/null)
	rc=$?
	case "$want_rc:$rc" in 0:0 | 0:4 | 1:1) ok=yes ;; *) ok="no ($rc)" ;; esac
	check check-exit "$ok" yes
	check check-slis "$(printf '%s' "$ck" | jq -c '[.slis[] | [.name, .requests]]')" \
		"$(printf '%s' "$rep" | jq -c '[.slis[] | [.name, .total.requests]]')"
	check check-unmatched "$(printf '%s' "$ck" | jq '[.unmatched[].requests] | add // 0')" \
		"$(printf '%s' "$rep" | jq '.input.unmatched')"
done

summary
