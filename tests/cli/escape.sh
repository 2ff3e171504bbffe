# Endpoints with bytes that would act on a terminal or break a file:
# ESC, BEL, NUL, a path that is not UTF-8 (0xE9 alone, a surrogate, an
# overlong '/'), a C1 control, and nginx's escaped text "\x1B" and "\xFF"
# beside the raw bytes. Endpoint keys hold such a byte as the text \xHH,
# the way nginx writes it, so a raw 0xFF and nginx's "\xFF" are one
# endpoint (2 requests), and no two endpoints look alike anywhere; the
# table and CSV also escape C1 controls and SLI names; the JSON stays valid
# UTF-8 (a byte that is not UTF-8 is never U+00HH: 0xE9 never reads "é").
. tests/cli/lib.bash
printf '1.2.3.4 - - [10/Mar/2024:15:00:00 +0000] "GET /a\033[31mred\007\000x HTTP/1.1" 200 1 "-" "-" 0.010\n' >"$TMP/ctl.log"
printf '1.2.3.4 - - [10/Mar/2024:15:00:01 +0000] "GET /a\\x1B[31mred HTTP/1.1" 200 1 "-" "-" 0.010\n' >>"$TMP/ctl.log"
printf '1.2.3.4 - - [10/Mar/2024:15:00:02 +0000] "GET /caf\351/\303\251/\355\240\200/\340\200\257/\302\233 HTTP/1.1" 200 1 "-" "-" 0.010\n' >>"$TMP/ctl.log"
printf '1.2.3.4 - - [10/Mar/2024:15:00:03 +0000] "GET /caf\\xE9/\303\251 HTTP/1.1" 503 1 "-" "-" 0.010\n' >>"$TMP/ctl.log"
printf '1.2.3.4 - - [10/Mar/2024:15:00:04 +0000] "GET /p\377 HTTP/1.1" 200 1 "-" "-" 0.010\n' >>"$TMP/ctl.log"
printf '1.2.3.4 - - [10/Mar/2024:15:00:05 +0000] "GET /p\\xFF HTTP/1.1" 200 1 "-" "-" 0.010\n' >>"$TMP/ctl.log"
printf 'slis:\n  - name: "paths\\e[1m"\n    group_by: path\n' >"$TMP/r.yaml"
run report -q --top 0 -r "$TMP/r.yaml" "$TMP/ctl.log"
run report -q -o csv -r "$TMP/r.yaml" "$TMP/ctl.log"
echo '# JSON: valid UTF-8, every endpoint distinct, the bytes kept or named'
"$SLICALC" report -q -o json -r "$TMP/r.yaml" "$TMP/ctl.log" >"$TMP/j.json"
iconv -f UTF-8 -t UTF-8 "$TMP/j.json" >/dev/null && echo "valid UTF-8"
jq -r '.slis[0].name, (.slis[0].endpoints[].endpoint | @json)' "$TMP/j.json"
jq '[.slis[0].endpoints[].endpoint] | length == (unique | length)' "$TMP/j.json"
