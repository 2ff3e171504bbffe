/*
 * multimatch.c - all SLIs' patterns of a field in one Hyperscan database.
 *
 * Why Hyperscan: trying each SLI's PCRE2 pattern on every request costs
 * time linear in the number of SLIs (300 route patterns: 27 times one);
 * Hyperscan, the standard library for scanning many regexes at once
 * (packaged by Debian), scans a value once for all of them and reports
 * each pattern that matches once (HS_FLAG_SINGLEMATCH). Patterns are
 * compiled as PCRE2 compiles them in rules.c: no options (no UTF, case
 * sensitive, '.' not matching newline, '$' also before a final newline),
 * which is Hyperscan's default reading too. Only patterns in the
 * whitelist of multimatch_classify are trusted to mean the same to both
 * engines; the differential test (tests/unit/test_multimatch.c) holds
 * them to it.
 */
#include "multimatch.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* ---- which patterns Hyperscan reads as PCRE2 does ---------------------- */

static int is_hex(int c)
{
	return (c >= '0' && c <= '9') ||
	       ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* ASCII punctuation: escaped, always the character itself in PCRE2. */
static int is_punct(int c)
{
	return c > ' ' && c < 0x7f && !is_digit(c) &&
	       !((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* The escape at p[0] == '\\' (outside a class when !cls): its length, or
 * 0 if it is not in the whitelist. */
static size_t escape_len(const char *p, int cls)
{
	int c = (unsigned char)p[1];
	if (c == 'x')
		return is_hex((unsigned char)p[2]) &&
		               is_hex((unsigned char)p[3])
		           ? 4
		           : 0;
	if (strchr("dDwWsStnrfe", c) && c)
		return 2;
	if (!cls && strchr("bBAzZ", c) && c)
		return 2; /* in a class, \b is a backspace: left to PCRE2 */
	return is_punct(c) ? 2 : 0;
}

/* A quantifier {n}, {n,} or {n,m} at p: its length, or 0 (PCRE2 reads
 * any other '{' as a literal, which Hyperscan may not). */
static size_t brace_len(const char *p)
{
	const char *q = p + 1;
	if (!is_digit((unsigned char)*q))
		return 0;
	while (is_digit((unsigned char)*q))
		q++;
	if (*q == ',') {
		q++;
		while (is_digit((unsigned char)*q))
			q++;
	}
	return *q == '}' ? (size_t)(q - p) + 1 : 0;
}

/* After a quantifier at p: '?' (lazy: the same matches exist) is skipped,
 * '+' (possessive: fewer matches) makes a prefilter. */
static const char *after_quantifier(const char *p, enum mm_kind *k)
{
	if (*p == '?')
		return p + 1;
	if (*p == '+') {
		*k = MM_PREFILTER;
		return p + 1;
	}
	return p;
}

/* A class from p (just after '[' and an optional '^') to its ']': the
 * position after it, or NULL if something in it is not whitelisted. */
static const char *class_end(const char *p)
{
	if (*p == ']')
		return NULL; /* a leading ']' is a literal in PCRE2 */
	int prev_set = 0;    /* the last item was \d, \w...: no range from it */
	while (*p && *p != ']') {
		if (*p == '[')
			return NULL; /* [:alpha:] and friends */
		if (*p == '-' && prev_set)
			return NULL;
		if (*p == '\\') {
			size_t n = escape_len(p, 1);
			if (!n)
				return NULL;
			prev_set = strchr("dDwWsS", p[1]) != NULL;
			p += n;
			continue;
		}
		prev_set = 0;
		p++;
	}
	return *p == ']' ? p + 1 : NULL;
}

enum mm_kind multimatch_classify(const char *pat)
{
	enum mm_kind k = MM_EXACT;
	const char *p = pat;
	while (*p) {
		size_t n;
		switch (*p) {
		case '\\':
			if (!(n = escape_len(p, 0)))
				return MM_PCRE;
			p += n;
			break;
		case '[':
			p++;
			if (*p == '^')
				p++;
			if (!(p = class_end(p)))
				return MM_PCRE;
			break;
		case '(':
			if (p[1] != '?' && p[1] != '*') {
				p++;
			} else if (p[1] == '*') {
				return MM_PCRE; /* verbs: (*UTF), (*LIMIT...) */
			} else if (p[2] == ':') {
				p += 3;
			} else if (p[2] == '=' || p[2] == '!' || p[2] == '>') {
				k = MM_PREFILTER;
				p += 3;
			} else if (p[2] == '<' &&
			           (p[3] == '=' || p[3] == '!')) {
				k = MM_PREFILTER;
				p += 4;
			} else if (!strncmp(p + 2, "i)", 2) ||
			           !strncmp(p + 2, "i:", 2)) {
				p += 4;
			} else if (!strncmp(p + 2, "-i)", 3) ||
			           !strncmp(p + 2, "-i:", 3)) {
				p += 5;
			} else {
				return MM_PCRE; /* names, other options, ... */
			}
			break;
		case '{':
			if (!(n = brace_len(p)))
				return MM_PCRE;
			p = after_quantifier(p + n, &k);
			break;
		case '*':
		case '+':
		case '?':
			p = after_quantifier(p + 1, &k);
			break;
		default:
			p++; /* a literal (any byte: no UTF), . ^ $ | ) */
			break;
		}
	}
	return k;
}

#ifdef SLICALC_NO_HYPERSCAN

multimatch_t *multimatch_new(int nfield, int nsli, const char *const *pats,
                             uint8_t *kinds)
{
	for (int j = 0; j < nfield * nsli; j++)
		kinds[j] = pats[j] ? MM_PCRE : MM_NONE;
	return NULL;
}

void multimatch_free(multimatch_t *m)
{
	(void)m;
}

int multimatch_has(const multimatch_t *m, int f)
{
	(void)m;
	(void)f;
	return 0;
}

void multimatch_scratch_free(multimatch_scratch_t *sc)
{
	(void)sc;
}

int multimatch_scan(const multimatch_t *m, int f, const char *p, size_t n,
                    multimatch_scratch_t **sc, uint64_t *hit)
{
	(void)m, (void)f, (void)p, (void)n, (void)sc, (void)hit;
	return -1;
}

const char *multimatch_engine(void)
{
	return NULL;
}

#else

#include <hs.h>
#include <pthread.h>
#include <unistd.h>

/* A field's database holds each distinct pattern once (300 SLIs may
 * write '^GET$' 200 times): a match ORs in the set of SLIs that wrote
 * it, so a scan costs the same however many SLIs share a pattern. */
struct field_db {
	int ndb;
	hs_database_t **db; /* ndb of them; 0: no pattern scanned */
	uint64_t *sets;     /* per distinct pattern id: nwords of SLIs */
};

struct multimatch {
	int nfield, nwords;
	struct field_db *f;
};

struct scan_ctx {
	const uint64_t *sets;
	uint64_t *hit;
	int nwords;
};

struct multimatch_scratch {
	hs_scratch_t *hs;
	const multimatch_t *for_m; /* the one it was last grown for */
};

/* 1 if Hyperscan takes pat with flags as a pattern of its own: it parses,
 * and cannot match empty text (Hyperscan refuses those, and an absent
 * field is matched as empty text, so PCRE2 keeps them). */
static int hs_takes(const char *pat, unsigned flags)
{
	hs_expr_info_t *info = NULL;
	hs_compile_error_t *err = NULL;
	if (hs_expression_info(pat, flags, &info, &err) != HS_SUCCESS) {
		hs_free_compile_error(err);
		return 0;
	}
	int ok = info->min_width > 0;
	free(info);
	return ok;
}

static unsigned flags_of(int kind)
{
	return HS_FLAG_SINGLEMATCH |
	       (kind == MM_PREFILTER ? HS_FLAG_PREFILTER : 0);
}

/*
 * One database of a chunk of a field's distinct patterns: expr[j] with
 * flags[j] and id ids[j]. A pattern Hyperscan will not take in the set
 * (or all of them, if it refuses the set itself: too large) is marked in
 * bad[] and left out, and the rest compiled again.
 */
struct chunk {
	const char **expr;
	unsigned *flags, *ids;
	unsigned n;
	uint8_t *bad;
	hs_database_t *db; /* NULL when none is left */
};

static void *compile_chunk(void *arg)
{
	struct chunk *c = arg;
	const char **expr = xmalloc(c->n * sizeof(*expr) + 1);
	unsigned *flags = xmalloc(c->n * sizeof(*flags) + 1);
	unsigned *ids = xmalloc(c->n * sizeof(*ids) + 1);
	unsigned *at = xmalloc(c->n * sizeof(*at) + 1);
	for (;;) {
		unsigned n = 0;
		for (unsigned j = 0; j < c->n; j++)
			if (!c->bad[j]) {
				expr[n] = c->expr[j];
				flags[n] = c->flags[j];
				ids[n] = c->ids[j];
				at[n++] = j;
			}
		if (!n)
			break;
		hs_compile_error_t *err = NULL;
		if (hs_compile_multi(expr, flags, ids, n, HS_MODE_BLOCK, NULL,
		                     &c->db, &err) == HS_SUCCESS)
			break;
		int bad = err ? err->expression : -1;
		hs_free_compile_error(err);
		c->db = NULL;
		for (unsigned k = 0; k < n; k++)
			if (bad < 0 || (unsigned)bad == k)
				c->bad[at[k]] = 1;
	}
	free(expr);
	free(flags);
	free(ids);
	free(at);
	return NULL;
}

/* Patterns per database at least, and databases per field at most:
 * Hyperscan's compile time grows faster than the number of patterns
 * (300 route patterns: 0.27 s in one database), so a large field is cut
 * into chunks compiled on the CPUs at once; a scan then runs each
 * database, which the memo in rules.c makes rare. */
#define CHUNK_MIN  128
#define CHUNKS_MAX 8

/* Field fd's databases of the patterns pats[0..nsli), each distinct one
 * once, demoting to MM_PCRE what Hyperscan refuses; fd->ndb 0 if none is
 * left. */
static void compile_field(struct field_db *fd, int nsli, int nwords,
                          const char *const *pats, uint8_t *kinds)
{
	const char **expr = xmalloc((size_t)nsli * sizeof(*expr));
	unsigned *flags = xmalloc((size_t)nsli * sizeof(*flags));
	unsigned *ids = xmalloc((size_t)nsli * sizeof(*ids));
	int *first = xmalloc((size_t)nsli * sizeof(*first)); /* i's twin */
	int *id_of = xmalloc((size_t)nsli * sizeof(*id_of));
	int *sli_of = xmalloc((size_t)nsli * sizeof(*sli_of)); /* id's */
	uint8_t *bad = xcalloc((size_t)nsli + 1, 1);
	uint64_t *hash = xmalloc((size_t)nsli * sizeof(*hash));

	unsigned n = 0; /* distinct patterns for Hyperscan */
	for (int i = 0; i < nsli; i++) {
		first[i] = i;
		id_of[i] = -1;
		if (!pats[i]) {
			kinds[i] = MM_NONE;
			continue;
		}
		hash[i] = hash_bytes(pats[i], strlen(pats[i]));
		for (int j = 0; j < i; j++)
			if (pats[j] && hash[j] == hash[i] &&
			    !strcmp(pats[j], pats[i])) {
				first[i] = first[j];
				break;
			}
		if (first[i] != i) {
			kinds[i] = kinds[first[i]];
			id_of[i] = id_of[first[i]];
			continue;
		}
		kinds[i] = (uint8_t)multimatch_classify(pats[i]);
		if (kinds[i] != MM_PCRE &&
		    !hs_takes(pats[i], flags_of(kinds[i])))
			kinds[i] = MM_PCRE;
		if (kinds[i] == MM_PCRE)
			continue;
		expr[n] = pats[i];
		flags[n] = flags_of(kinds[i]);
		ids[n] = n;
		sli_of[n] = i;
		id_of[i] = (int)n++;
	}

	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned k = n / CHUNK_MIN;
	if (cpus >= 1 && k > (unsigned long)cpus)
		k = (unsigned)cpus;
	if (k > CHUNKS_MAX)
		k = CHUNKS_MAX;
	if (k < 1)
		k = 1;
	struct chunk c[CHUNKS_MAX];
	pthread_t th[CHUNKS_MAX];
	int started[CHUNKS_MAX] = {0};
	for (unsigned j = 0; j < k; j++) {
		unsigned lo = n * j / k, hi = n * (j + 1) / k;
		c[j] = (struct chunk){expr + lo, flags + lo, ids + lo,
		                      hi - lo,   bad + lo,   NULL};
		/* the last chunk in this thread; the others in their own,
		 * or here too if one cannot be started */
		if (j + 1 < k)
			started[j] =
			    !pthread_create(&th[j], NULL, compile_chunk, &c[j]);
	}
	for (unsigned j = 0; j < k; j++) {
		if (started[j])
			pthread_join(th[j], NULL);
		else
			compile_chunk(&c[j]);
	}

	/* what Hyperscan refused is PCRE2's, twins too; the SLIs behind
	 * each pattern it took */
	for (unsigned id = 0; id < n; id++)
		if (bad[id])
			kinds[sli_of[id]] = MM_PCRE;
	fd->sets = xcalloc((size_t)(n ? n : 1) * nwords, sizeof(uint64_t));
	for (int i = 0; i < nsli; i++) {
		kinds[i] = kinds[first[i]];
		if (kinds[i] == MM_EXACT || kinds[i] == MM_PREFILTER)
			fd->sets[(size_t)id_of[i] * nwords + (i >> 6)] |=
			    1ull << (i & 63);
	}
	fd->db = xcalloc(k, sizeof(*fd->db));
	for (unsigned j = 0; j < k; j++)
		if (c[j].db)
			fd->db[fd->ndb++] = c[j].db;
	free(expr);
	free(flags);
	free(ids);
	free(first);
	free(id_of);
	free(sli_of);
	free(bad);
	free(hash);
}

multimatch_t *multimatch_new(int nfield, int nsli, const char *const *pats,
                             uint8_t *kinds)
{
	multimatch_t *m = xcalloc(1, sizeof(*m));
	m->nfield = nfield;
	m->nwords = (nsli + 63) / 64;
	m->f = xcalloc((size_t)nfield, sizeof(*m->f));
	int any = 0;
	for (int f = 0; f < nfield; f++) {
		compile_field(&m->f[f], nsli, m->nwords,
		              pats + (size_t)f * nsli,
		              kinds + (size_t)f * nsli);
		any |= m->f[f].ndb > 0;
	}
	if (!any) {
		multimatch_free(m);
		return NULL;
	}
	return m;
}

void multimatch_free(multimatch_t *m)
{
	if (!m)
		return;
	for (int f = 0; f < m->nfield; f++) {
		for (int j = 0; j < m->f[f].ndb; j++)
			hs_free_database(m->f[f].db[j]);
		free(m->f[f].db);
		free(m->f[f].sets);
	}
	free(m->f);
	free(m);
}

int multimatch_has(const multimatch_t *m, int f)
{
	return m && f >= 0 && f < m->nfield && m->f[f].ndb > 0;
}

void multimatch_scratch_free(multimatch_scratch_t *sc)
{
	if (sc) {
		hs_free_scratch(sc->hs);
		free(sc);
	}
}

/* Room in sc for every database of m. */
static int grow(multimatch_scratch_t *sc, const multimatch_t *m)
{
	for (int f = 0; f < m->nfield; f++)
		for (int j = 0; j < m->f[f].ndb; j++)
			if (hs_alloc_scratch(m->f[f].db[j], &sc->hs) !=
			    HS_SUCCESS)
				return -1;
	sc->for_m = m;
	return 0;
}

static int on_match(unsigned id, unsigned long long from, unsigned long long to,
                    unsigned flags, void *ctx)
{
	(void)from, (void)to, (void)flags;
	const struct scan_ctx *c = ctx;
	const uint64_t *set = c->sets + (size_t)id * c->nwords;
	for (int w = 0; w < c->nwords; w++)
		c->hit[w] |= set[w];
	return 0;
}

int multimatch_scan(const multimatch_t *m, int f, const char *p, size_t n,
                    multimatch_scratch_t **scp, uint64_t *hit)
{
	if (!multimatch_has(m, f) || n > 0xffffffffu)
		return -1;
	if (!*scp)
		*scp = xcalloc(1, sizeof(**scp));
	multimatch_scratch_t *sc = *scp;
	if (sc->for_m != m && grow(sc, m) < 0)
		return -1;
	struct scan_ctx c = {m->f[f].sets, hit, m->nwords};
	hs_error_t rc = HS_SUCCESS;
	for (int j = 0; j < m->f[f].ndb && rc == HS_SUCCESS; j++) {
		hs_database_t *db = m->f[f].db[j];
		rc = hs_scan(db, p ? p : "", (unsigned)n, 0, sc->hs, on_match,
		             &c);
		if (rc == HS_INVALID) {
			/* new rules at the address of old ones: grow, retry */
			if (grow(sc, m) < 0)
				return -1;
			rc = hs_scan(db, p ? p : "", (unsigned)n, 0, sc->hs,
			             on_match, &c);
		}
	}
	return rc == HS_SUCCESS ? 0 : -1;
}

const char *multimatch_engine(void)
{
	return hs_version();
}

#endif
