/*
 * test_multimatch.c - the SLIs matched all at once (rules_match_all,
 * rules_match_cand: Hyperscan when built with it) against PCRE2 trying
 * each SLI (rules_match), the definition of the rules language: for
 * patterns of the kinds teams write (anchored prefixes, alternations,
 * classes, (?i), lookahead like '^(?!499$)', bytes of UTF-8 text,
 * backreferences) and hundreds more generated from pieces, on values
 * written to catch the corners ('$' before a final newline, '.' and
 * newline, case, empty and absent fields) and random ones, every SLI's
 * decision must be the same. Also which patterns the whitelist gives to
 * Hyperscan (multimatch_classify), and that the scan is used at all when
 * the build has it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "format_nginx.h"
#include "multimatch.h"
#include "rules.h"
#include "run.h"

/* Patterns as teams write them, and corners of the syntax. */
static const char *const written[] = {"^/api/v1/users/[0-9]+$",
                                      "^/api/",
                                      "^(GET|HEAD)$",
                                      "(?i)^/admin",
                                      "^/(?!health)",
                                      "^(?!499$)",
                                      "^5..$",
                                      "^[45]\\d\\d$",
                                      "\\.(css|js|png)$",
                                      "^/users/\\d+/edit$",
                                      "\xc3\xa9",
                                      "^/caf[e\xc3]",
                                      "(a)\\1",
                                      "^/(\\w+)/\\1$",
                                      "\\bfoo\\b",
                                      "^/a\\Kb",
                                      "x{2,3}",
                                      "x{,3}",
                                      "a{2}",
                                      "[^/]+$",
                                      "^/static/.*\\.js$",
                                      "\\s",
                                      "\\S+$",
                                      "^$",
                                      "^",
                                      ".*",
                                      "a|",
                                      "(?i:abc)d",
                                      "a(?i)b",
                                      "(?i)a(?-i)b",
                                      "^\\x41",
                                      "\\t",
                                      "a$",
                                      "a\\z",
                                      "a\\Z",
                                      "\\Aa",
                                      "[\\d-]",
                                      "[a\\-z]",
                                      "[.]",
                                      "[\\]]",
                                      "[]a]",
                                      "a++b",
                                      "(?>a+)b",
                                      "(?<=/)x",
                                      "(?<!x)y",
                                      "\\p{L}",
                                      "(?s)a.b",
                                      "(?m)^b",
                                      "(?x) a b",
                                      "[[:digit:]]+",
                                      "\\Qa.b\\E",
                                      "\\d{3}",
                                      "\\W",
                                      "\\D",
                                      "\\w+@\\w+",
                                      "\\e",
                                      "\\f",
                                      "\\$",
                                      "\\/",
                                      "#",
                                      "[\xc3\xa9]",
                                      "\\xe9",
                                      "(?i)\xc3\xa9",
                                      "(?i)[a-c]x",
                                      "a\\B",
                                      "a.b",
                                      "a.*b$",
                                      "^.+$",
                                      "^/(users|orders)/[0-9a-f]{8}(/|$)",
                                      "(?i)^(get|post)$",
                                      "^2",
                                      "^[^5]",
                                      "^(?!2)",
                                      "/v[0-9]+/",
                                      "\\.json$",
                                      "^\\s*$",
                                      "\\b\\d+\\b",
                                      "a?b+c*",
                                      "(ab)+$",
                                      "(?:a|b){3}",
                                      "[a-z]{2,}/",
                                      "\\/\\/",
                                      "a\\.b",
                                      "\\(\\)",
                                      "\\{",
                                      "{",
                                      "a{",
                                      "a{1",
                                      "a{1,2",
                                      "x*+",
                                      "x?+y",
                                      "x{1,2}+y",
                                      "\\12",
                                      "\\0",
                                      "\\cA",
                                      "\\N",
                                      "\\R",
                                      "\\h",
                                      "\\v",
                                      "\\X",
                                      "(?|a|b)",
                                      "(?<n>a)\\k<n>",
                                      "(?P<n>a)",
                                      "(*UTF)a",
                                      "(?U)a+",
                                      "(?J)a",
                                      "(?(1)a|b)",
                                      "(a)(?1)",
                                      "\\Ga",
                                      "[\\b]",
                                      "(?i)K",
                                      "(?i)\\x4b",
                                      "a$\\n",
                                      "^/x/.*[^/]$",
                                      "(?i)^/API/v[12]/"};
#define NWRITTEN (sizeof(written) / sizeof(written[0]))

/* Values: the corners by hand, the rest drawn from an alphabet. */
static const char *const fixed_values[] = {"",
                                           "/api/v1/users/42",
                                           "/API/v1/users/42",
                                           "/api/v1/users/42\n",
                                           "/health",
                                           "/healthz",
                                           "/admin",
                                           "/Admin/x",
                                           "/ADMIN",
                                           "499",
                                           "500",
                                           "200",
                                           "503",
                                           "5",
                                           "GET",
                                           "HEAD",
                                           "get",
                                           "GETX",
                                           "/caf\xc3\xa9",
                                           "/cafe",
                                           "\xc3\xa9",
                                           "\xc3\x89",
                                           "\xe9",
                                           "/aa",
                                           "/ab",
                                           "/foo/foo",
                                           "/foo/bar",
                                           "foo",
                                           "a foo b",
                                           "x",
                                           "xx",
                                           "xxx",
                                           "xxxx",
                                           "a\nb",
                                           "a\n",
                                           "ab\n",
                                           "\n",
                                           "\n\n",
                                           "a\n\n",
                                           "/static/app.js",
                                           "/static/app.js\n",
                                           "a\tb",
                                           "\x1b",
                                           "\x0b",
                                           "\x0c",
                                           "a\x0c",
                                           "x{,3}",
                                           "A",
                                           "a",
                                           "b",
                                           "ab",
                                           "aab",
                                           "aaab",
                                           "Ab",
                                           "aB",
                                           "AB",
                                           "abcd",
                                           "ABCd",
                                           "ABCD",
                                           "a.b",
                                           "axb",
                                           "a b",
                                           "ab",
                                           "/x",
                                           "y",
                                           "xy",
                                           "/y",
                                           "a@b",
                                           "$",
                                           "#",
                                           "{",
                                           "a{",
                                           "a{1",
                                           "a{1,2",
                                           "()",
                                           "//",
                                           "/users/deadbeef",
                                           "/orders/01234567/x",
                                           "/v2/x",
                                           "x.json",
                                           " ",
                                           "  ",
                                           "12 34",
                                           "K",
                                           "k",
                                           "\x01",
                                           "/x/a/",
                                           "/x/a",
                                           "/api/v2/k",
                                           "/Api/V1/k"};
#define NFIXED (sizeof(fixed_values) / sizeof(fixed_values[0]))

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static unsigned draw(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* A pattern from pieces, as a YAML single-quoted scalar needs no ''. */
static void gen_pattern(char *out, size_t cap)
{
	static const char *const atom[] = {
	    "a",        "b",    "x",        "/",     "\\.",   "[a-c]",
	    "[^/]",     "\\d",  "\\w",      "\\s",   ".",     "(a|b)",
	    "(?:ab|x)", "(?i)", "\xc3\xa9", "$",     "^",     "\\b",
	    "[0-9]",    "A",    "\\n",      "(?!a)", "(?=b)", "(a)\\1",
	    "[^\\n]",   "\\D",  "\\W",      "\\x41"};
	static const char *const quant[] = {"",   "",   "",      "*",
	                                    "+",  "?",  "{1,2}", "{2}",
	                                    "*?", "++", "+?",    "{0,3}"};
	size_t n = 0;
	out[0] = '\0';
	if (draw(3) == 0)
		n += (size_t)snprintf(out + n, cap - n, "^");
	int k = 1 + (int)draw(4);
	for (int i = 0; i < k && n < cap - 24; i++) {
		const char *a = atom[draw(sizeof(atom) / sizeof(atom[0]))];
		const char *q = quant[draw(sizeof(quant) / sizeof(quant[0]))];
		/* no quantifier on an assertion (PCRE2 allows some, but
		 * then it is noise) */
		if (!strcmp(a, "^") || !strcmp(a, "$") || !strcmp(a, "\\b") ||
		    !strcmp(a, "(?i)") || a[1] == '?')
			q = "";
		n += (size_t)snprintf(out + n, cap - n, "%s%s", a, q);
	}
	if (draw(4) == 0)
		snprintf(out + n, cap - n, "$");
}

static void gen_value(char *out, size_t *len)
{
	static const char alpha[] = "aAbBx/.-1\n \t$#{}()0_9";
	size_t n = draw(10);
	for (size_t i = 0; i < n; i++) {
		if (draw(12) == 0) { /* a UTF-8 e-acute */
			out[i++] = '\xc3';
			if (i < n)
				out[i] = '\xa9';
			continue;
		}
		out[i] = alpha[draw(sizeof(alpha) - 1)];
	}
	*len = n;
}

/* Load one SLI with field f = pat; NULL if PCRE2 refuses it. */
static rules_t *load_one(const char *field, const char *pat)
{
	char y[512];
	rules_err_t e;
	if (strchr(pat, '\''))
		return NULL;
	snprintf(y, sizeof(y),
	         "slis:\n  - name: s\n    match: {%s: '%.200s'}\n", field, pat);
	return rules_load_buf(y, strlen(y), "t", &e);
}

/* The YAML of SLIs over the patterns that load: SLI i has match.path
 * pats[i], and every third also a method or status pattern, so that
 * decisions are ANDs over fields. */
static char *rules_text(const char *const *pats, int n)
{
	static const char *const also[] = {
	    "method: '^(GET|HEAD)$'", "status: '^5'",    "method: '(?i)^get$'",
	    "status: '^(?!499$)'",    "host: 'example'", "query: 'a=1'"};
	size_t cap = 256 + (size_t)n * 160, len = 0;
	char *y = malloc(cap);
	len += (size_t)snprintf(y, cap, "slis:\n");
	for (int i = 0; i < n; i++) {
		len += (size_t)snprintf(y + len, cap - len,
		                        "  - name: s%d\n    match: {path: '%s'",
		                        i, pats[i]);
		if (i % 3 == 2)
			len += (size_t)snprintf(y + len, cap - len, ", %s",
			                        also[(i / 3) % 6]);
		len += (size_t)snprintf(y + len, cap - len, "}\n");
	}
	return y;
}

static request_t req_of(const char *path, size_t n, int k)
{
	static const char *const methods[] = {"GET", "get", "POST", "HEAD"};
	static const char *const statuses[] = {"200", "503", "499", "5"};
	request_t q;
	memset(&q, 0, sizeof(q));
	q.method = (slice_t){methods[k % 4], strlen(methods[k % 4])};
	q.status_txt = (slice_t){statuses[(k / 4) % 4], 3};
	if (statuses[(k / 4) % 4][1] == '\0')
		q.status_txt.n = 1;
	q.status = atoi(q.status_txt.p);
	q.path = (slice_t){path, n};
	if (k % 5 == 0)
		q.host = (slice_t){"www.example.com", 15};
	if (k % 7 == 0)
		q.query = (slice_t){"a=1&b=2", 7};
	return q;
}

/* Every SLI of r on q: all at once against one by one. */
static int agree(const rules_t *r, const request_t *q, rules_scratch_t *a,
                 rules_scratch_t *b, int *takes)
{
	uint64_t cand[64];
	int bad = 0;
	rules_match_all(r, q, SLICE_EMPTY, a, cand);
	for (int i = 0; i < r->nsli; i++) {
		int want = rules_match(&r->sli[i], q, SLICE_EMPTY, b);
		int in = (int)((cand[i >> 6] >> (i & 63)) & 1);
		int got = in ? rules_match_cand(r, i, q, SLICE_EMPTY, a) : 0;
		*takes += want == 1;
		if (got != want) {
			bad++;
			if (bad <= 5)
				fprintf(
				    stderr,
				    "  SLI %d path '%s' (%s%s%s): PCRE2 "
				    "%d, all at once %d on '%.*s'\n",
				    i,
				    rules_pattern(&r->sli[i], M_PATH, NULL,
				                  NULL),
				    r->sli[i].match[M_METHOD] ? "method " : "",
				    r->sli[i].match[M_STATUS] ? "status " : "",
				    r->sli[i].match[M_HOST] ? "host" : "", want,
				    got, (int)q->path.n, q->path.p);
		}
	}
	return bad;
}

static void test_differential(void)
{
	const char *pats[NWRITTEN + 600];
	char genbuf[600][96];
	int n = 0, refused = 0;
	for (size_t i = 0; i < NWRITTEN; i++) {
		rules_t *one = load_one("path", written[i]);
		if (one)
			pats[n++] = written[i];
		else
			refused++;
		rules_free(one);
	}
	/* PCRE2 refuses a few on purpose: x{,3} is a literal in 10.42, but
	 * \\p{L} and (?|a|b) load; "a{1,2" too (a literal) */
	CHECK(n > (int)NWRITTEN - 12);
	for (int g = 0; g < 600; g++) {
		gen_pattern(genbuf[g], sizeof(genbuf[g]));
		rules_t *one = load_one("path", genbuf[g]);
		if (one)
			pats[n++] = genbuf[g];
		rules_free(one);
	}
	CHECK(n > 500);

	/* in rule sets of at most 256 SLIs, as the bench's largest */
	rules_scratch_t *a = rules_scratch_new(), *b = rules_scratch_new();
	int bad = 0, takes = 0, decisions = 0;
	for (int from = 0; from < n; from += 256) {
		int k = n - from < 256 ? n - from : 256;
		char *y = rules_text(pats + from, k);
		rules_err_t e;
		rules_t *r = rules_load_buf(y, strlen(y), "t", &e);
		CHECK_MSG(r != NULL, "%d:%d: %s", e.line, e.col, e.msg);
		free(y);
		if (!r)
			continue;
		if (rules_engine())
			CHECK(r->index != NULL); /* Hyperscan is used */
		else
			CHECK(r->index == NULL);
		for (size_t v = 0; v < NFIXED; v++)
			for (int m = 0; m < 16; m++) {
				request_t q =
				    req_of(fixed_values[v],
				           strlen(fixed_values[v]), m + (int)v);
				bad += agree(r, &q, a, b, &takes);
				decisions += r->nsli;
			}
		for (int v = 0; v < 3000; v++) {
			char val[16];
			size_t len;
			gen_value(val, &len);
			request_t q = req_of(val, len, v);
			bad += agree(r, &q, a, b, &takes);
			decisions += r->nsli;
		}
		/* an absent path is matched as empty text */
		request_t q = req_of(NULL, 0, 0);
		bad += agree(r, &q, a, b, &takes);
		rules_free(r);
	}
	CHECK_INT(bad, 0);
	/* the values are not all misses: a good share of decisions are 1 */
	CHECK_MSG(takes > decisions / 50, "%d of %d", takes, decisions);
	rules_scratch_free(a);
	rules_scratch_free(b);
}

static void test_classify(void)
{
	static const struct {
		const char *pat;
		enum mm_kind kind;
	} t[] = {
	    {"^/api/v1/users/[0-9]+$", MM_EXACT},
	    {"(?i)^(get|head)$", MM_EXACT},
	    {"^5\\d\\d$", MM_EXACT},
	    {"\\.(css|js)$", MM_EXACT},
	    {"[^/]+\\x41{2,}?", MM_EXACT},
	    {"(?i:a)(?-i)b", MM_EXACT},
	    {"\xc3\xa9", MM_EXACT},
	    {"^(?!499$)", MM_PREFILTER},
	    {"(?<=/)x", MM_PREFILTER},
	    {"(?>a+)b", MM_PREFILTER},
	    {"a++b", MM_PREFILTER},
	    {"(a)\\1", MM_PCRE},
	    {"a\\Kb", MM_PCRE},
	    {"x{,3}", MM_PCRE},
	    {"a{", MM_PCRE},
	    {"[]a]", MM_PCRE},
	    {"[[:digit:]]", MM_PCRE},
	    {"[\\d-z]", MM_PCRE},
	    {"[\\b]", MM_PCRE},
	    {"(*UTF)a", MM_PCRE},
	    {"(?s)a.b", MM_PCRE},
	    {"(?<n>a)", MM_PCRE},
	    {"\\p{L}", MM_PCRE},
	    {"\\Qa\\E", MM_PCRE},
	    {"\\x{41}", MM_PCRE},
	    {"a\\", MM_PCRE},
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		CHECK_MSG(multimatch_classify(t[i].pat) == t[i].kind,
		          "'%s': %d, want %d", t[i].pat,
		          multimatch_classify(t[i].pat), t[i].kind);
}

/* Patterns Hyperscan refuses (they match empty text) or cannot read
 * exactly are PCRE2's, and an SLI with one still decides with it; a
 * pattern PCRE2 must confirm keeps its limits: a match error (-1) from
 * rules_match_cand, as from rules_match. */
static void test_pcre_kept(void)
{
	static const char y[] = "slis:\n"
	                        "  - name: empty\n    match: {path: '^$'}\n"
	                        "  - name: evil\n"
	                        "    match: {path: '^(?=/)/(?:(x+x+)+y|.*)$'}\n"
	                        "  - name: regular\n"
	                        "    match: {path: '^/(?:(x+x+)+y|.*)$'}\n";
	rules_err_t e;
	rules_t *r = rules_load_buf(y, sizeof(y) - 1, "t", &e);
	CHECK(r != NULL);
	if (!r)
		return;
	char x30[32] = "/";
	memset(x30 + 1, 'x', 30);
	request_t q = req_of(x30, 31, 0);
	rules_scratch_t *sc = rules_scratch_new();
	uint64_t cand[1];
	rules_match_all(r, &q, SLICE_EMPTY, sc, cand);
	/* '^$' can match empty text: Hyperscan refuses it, PCRE2 decides */
	CHECK(cand[0] & 1);
	CHECK_INT(rules_match_cand(r, 0, &q, SLICE_EMPTY, sc), 0);
	CHECK(cand[0] & 2);
	CHECK_INT(rules_match_cand(r, 1, &q, SLICE_EMPTY, sc), -1);
	char why[120];
	rules_match_error(sc, why, sizeof(why));
	CHECK_STR(why, "match.path: match limit exceeded");
	/* the same pattern without the lookahead: Hyperscan decides it,
	 * without a limit (PCRE2 alone: the match error of today) */
	CHECK(cand[0] & 4);
	CHECK_INT(rules_match_cand(r, 2, &q, SLICE_EMPTY, sc),
	          rules_engine() ? 1 : -1);
	q = req_of(NULL, 0, 0);
	rules_match_all(r, &q, SLICE_EMPTY, sc, cand);
	CHECK(cand[0] & 1);
	CHECK_INT(rules_match_cand(r, 0, &q, SLICE_EMPTY, sc), 1);
	rules_scratch_free(sc);
	rules_free(r);
}

/* A census added after loading (routes, check) has no pattern: always a
 * candidate, even past a multiple of 64 SLIs. */
static void test_census(void)
{
	char *y = malloc(64 * 80 + 16);
	size_t len = (size_t)sprintf(y, "slis:\n");
	for (int i = 0; i < 64; i++)
		len += (size_t)sprintf(y + len,
		                       "  - name: s%d\n    match: {path: "
		                       "'^/r%d$'}\n",
		                       i, i);
	rules_err_t e;
	rules_t *r = rules_load_buf(y, len, "t", &e);
	free(y);
	CHECK(r != NULL);
	if (!r)
		return;
	rules_add_census(r, GROUP_ROUTE);
	CHECK_INT(rules_words(r), 2);
	request_t q = req_of("/r7", 3, 0);
	rules_scratch_t *sc = rules_scratch_new();
	uint64_t cand[2];
	rules_match_all(r, &q, SLICE_EMPTY, sc, cand);
	CHECK(cand[1] & 1);
	CHECK(cand[0] & (1ull << 7));
	if (rules_engine())
		CHECK_INT(cand[0], 1ull << 7);
	for (int i = 0; i < 64; i++)
		if ((cand[0] >> i) & 1)
			CHECK_INT(rules_match_cand(r, i, &q, SLICE_EMPTY, sc),
			          i == 7);
	CHECK_INT(rules_match_cand(r, 64, &q, SLICE_EMPTY, sc), 1);
	rules_scratch_free(sc);
	rules_free(r);
}

/*
 * Through the run: 300 SLIs (five words of bits; on two CPUs or more,
 * path patterns in two databases compiled at once), SLI k on '^/r<k>/'
 * and a method, every fifth also on a status; 6000 lines of paths
 * /r<j>/x for j < 320, methods and statuses in turn. Each SLI's count is worked
 * out here from the same formulas, not read from a run: the loop over
 * candidates visits every SLI that takes a line, across words, and none
 * that does not.
 */
static void test_run_counts(void)
{
	static const char *const methods[] = {"GET", "POST", "PUT"};
	static const char *const statuses[] = {"200", "503", "404", "500"};
	enum { NSLI = 300, NLINES = 6000 };
	char path[] = "/tmp/slicalc-test-mm-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	FILE *f = fdopen(fd, "w");
	for (int n = 0; n < NLINES; n++)
		fprintf(f,
		        "1.2.3.4 - - [10/Mar/2024:15:00:00 +0000] \"%s "
		        "/r%d/x HTTP/1.1\" %s 1 \"-\" \"-\" 0.010\n",
		        methods[n % 3], n % 320, statuses[n % 4]);
	fclose(f);
	char *y = malloc(NSLI * 120 + 16);
	if (!y)
		return;
	size_t len = (size_t)sprintf(y, "slis:\n");
	for (int k = 0; k < NSLI; k++)
		len += (size_t)sprintf(
		    y + len,
		    "  - name: s%d\n    match: {path: '^/r%d/', method: "
		    "'^%s$'%s}\n",
		    k, k, methods[k % 3], k % 5 == 0 ? ", status: '^5'" : "");
	rules_err_t e;
	rules_t *r = rules_load_buf(y, len, "t", &e);
	free(y);
	char err[256];
	size_t off;
	nginx_fmt_t *nf =
	    nginx_fmt_compile(NGINX_COMBINED, " $request_time",
	                      LAT_REQUEST_TIME, err, sizeof(err), &off);
	CHECK(r != NULL && nf != NULL);
	if (r && nf) {
		format_t fmt = {FMT_NGINX, nf, &r->fields, LAT_REQUEST_TIME};
		run_t *run = run_new(r, &fmt);
		CHECK_INT(run_file(run, path), 0);
		agg_finish(run->agg);
		int bad = 0;
		uint64_t taken = 0;
		for (int k = 0; k < NSLI; k++) {
			uint64_t want = 0;
			for (int n = 0; n < NLINES; n++)
				want += n % 320 == k && n % 3 == k % 3 &&
				        (k % 5 || statuses[n % 4][0] == '5');
			taken += want;
			bad += run->agg->s[k].total.requests != want;
		}
		CHECK_INT(bad, 0);
		CHECK(taken > 500); /* the test has something to count */
		/* lines no SLI takes: all but those taken (one SLI each) */
		CHECK_INT(run->agg->unmatched, NLINES - taken);
		run_free(run);
	}
	nginx_fmt_free(nf);
	rules_free(r);
	unlink(path);
}

int main(void)
{
	test_classify();
	test_differential();
	test_pcre_kept();
	test_census();
	test_run_counts();
	printf("engine: %s\n", rules_engine() ? rules_engine() : "PCRE2 only");
	return CHECK_DONE("test_multimatch");
}
