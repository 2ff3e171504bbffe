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
                             uint8_t *kinds, const char *cache_dir,
                             enum mm_cache *cache)
{
	(void)cache_dir;
	for (int j = 0; j < nfield * nsli; j++)
		kinds[j] = pats[j] ? MM_PCRE : MM_NONE;
	if (cache)
		*cache = MM_CACHE_NONE;
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

#include "cache.h"
#include <unistd.h>

/* A field's database holds each distinct pattern once (300 SLIs may
 * write '^GET$' 200 times): a match ORs in the set of SLIs that wrote
 * it, so a scan costs the same however many SLIs share a pattern. */
struct field_db {
	int ndb;
	hs_database_t **db; /* ndb of them; 0: no pattern scanned */
	uint64_t *sets;     /* per distinct pattern id: nwords of SLIs */
	unsigned nsets;     /* distinct pattern ids */
};

struct multimatch {
	int nfield, nwords;
	struct field_db *f;
};

struct scan_ctx {
	const uint64_t *sets;
	unsigned nsets;
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
#define CHUNK_MIN    128
#define CHUNKS_MAX   8

/* What a field's databases are made of, before they are (plan_field):
 * the distinct patterns for Hyperscan (expr, flags, ids: n of them), cut
 * into k chunks; per SLI its pattern's twin (first) and id (id_of). */
struct plan {
	const char **expr;
	unsigned *flags, *ids;
	int *first, *id_of, *sli_of;
	uint8_t *bad;
	uint64_t *hash;
	unsigned n, k;
	struct chunk c[CHUNKS_MAX];
};

/* Plan field's databases over the patterns pats[0..nsli), each distinct
 * one once, kinds[] set from the pattern (MM_PCRE for what Hyperscan
 * does not take alone). */
static void plan_field(struct plan *pl, int nsli, const char *const *pats,
                       uint8_t *kinds)
{
	pl->expr = xmalloc((size_t)nsli * sizeof(*pl->expr));
	pl->flags = xmalloc((size_t)nsli * sizeof(*pl->flags));
	pl->ids = xmalloc((size_t)nsli * sizeof(*pl->ids));
	pl->first = xmalloc((size_t)nsli * sizeof(*pl->first));
	pl->id_of = xmalloc((size_t)nsli * sizeof(*pl->id_of));
	pl->sli_of = xmalloc((size_t)nsli * sizeof(*pl->sli_of));
	pl->bad = xcalloc((size_t)nsli + 1, 1);
	pl->hash = xmalloc((size_t)nsli * sizeof(*pl->hash));

	unsigned n = 0; /* distinct patterns for Hyperscan */
	for (int i = 0; i < nsli; i++) {
		pl->first[i] = i;
		pl->id_of[i] = -1;
		if (!pats[i]) {
			kinds[i] = MM_NONE;
			continue;
		}
		pl->hash[i] = hash_bytes(pats[i], strlen(pats[i]));
		for (int j = 0; j < i; j++)
			if (pats[j] && pl->hash[j] == pl->hash[i] &&
			    !strcmp(pats[j], pats[i])) {
				pl->first[i] = pl->first[j];
				break;
			}
		if (pl->first[i] != i) {
			kinds[i] = kinds[pl->first[i]];
			pl->id_of[i] = pl->id_of[pl->first[i]];
			continue;
		}
		kinds[i] = (uint8_t)multimatch_classify(pats[i]);
		if (kinds[i] != MM_PCRE &&
		    !hs_takes(pats[i], flags_of(kinds[i])))
			kinds[i] = MM_PCRE;
		if (kinds[i] == MM_PCRE)
			continue;
		pl->expr[n] = pats[i];
		pl->flags[n] = flags_of(kinds[i]);
		pl->ids[n] = n;
		pl->sli_of[n] = i;
		pl->id_of[i] = (int)n++;
	}

	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned k = n / CHUNK_MIN;
	if (cpus >= 1 && k > (unsigned long)cpus)
		k = (unsigned)cpus;
	if (k > CHUNKS_MAX)
		k = CHUNKS_MAX;
	if (k < 1)
		k = 1;
	pl->n = n;
	pl->k = n ? k : 0;
	for (unsigned j = 0; j < pl->k; j++) {
		unsigned lo = n * j / k, hi = n * (j + 1) / k;
		pl->c[j] =
		    (struct chunk){pl->expr + lo, pl->flags + lo, pl->ids + lo,
		                   hi - lo,       pl->bad + lo,   NULL};
	}
}

/* Compile every chunk of the nfield plans, each in a thread of its own
 * but the last (which runs here, as do those a thread cannot be started
 * for). */
static void compile_plans(struct plan *pl, int nfield)
{
	unsigned nt = 0;
	for (int f = 0; f < nfield; f++)
		nt += pl[f].k;
	struct chunk **todo = xcalloc(nt + 1, sizeof(*todo));
	pthread_t *th = xcalloc(nt + 1, sizeof(*th));
	int *started = xcalloc(nt + 1, sizeof(*started));
	nt = 0;
	for (int f = 0; f < nfield; f++)
		for (unsigned j = 0; j < pl[f].k; j++)
			todo[nt++] = &pl[f].c[j];
	for (unsigned t = 0; t + 1 < nt; t++)
		started[t] =
		    !pthread_create(&th[t], NULL, compile_chunk, todo[t]);
	for (unsigned t = 0; t < nt; t++) {
		if (started[t])
			pthread_join(th[t], NULL);
		else
			compile_chunk(todo[t]);
	}
	free(todo);
	free(th);
	free(started);
}

/* Field fd's databases and SLI sets from its compiled plan, demoting to
 * MM_PCRE what Hyperscan refused; the plan is freed. */
static void finish_field(struct field_db *fd, struct plan *pl, int nsli,
                         int nwords, uint8_t *kinds)
{
	unsigned n = pl->n;
	/* what Hyperscan refused is PCRE2's, twins too; the SLIs behind
	 * each pattern it took */
	for (unsigned id = 0; id < n; id++)
		if (pl->bad[id])
			kinds[pl->sli_of[id]] = MM_PCRE;
	fd->nsets = n;
	fd->sets = xcalloc((size_t)(n ? n : 1) * nwords, sizeof(uint64_t));
	for (int i = 0; i < nsli; i++) {
		kinds[i] = kinds[pl->first[i]];
		if (kinds[i] == MM_EXACT || kinds[i] == MM_PREFILTER)
			fd->sets[(size_t)pl->id_of[i] * nwords + (i >> 6)] |=
			    1ull << (i & 63);
	}
	fd->db = xcalloc(pl->k ? pl->k : 1, sizeof(*fd->db));
	for (unsigned j = 0; j < pl->k; j++)
		if (pl->c[j].db)
			fd->db[fd->ndb++] = pl->c[j].db;
	free(pl->expr);
	free(pl->flags);
	free(pl->ids);
	free(pl->first);
	free(pl->id_of);
	free(pl->sli_of);
	free(pl->bad);
	free(pl->hash);
}

/* ---- the cache of compiled databases ------------------------------------ */

static void key_u64(digest_t *c, uint64_t v)
{
	unsigned char b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	digest_add(c, b, 8);
}

/*
 * The key of the plans' databases: everything hs_compile_multi is given
 * (each chunk's expressions, flags and ids, in order; the mode), the
 * library's version and the platform it compiles for (the CPU features
 * it uses), and this file's layout of the payload (CACHE_FORMAT). What
 * the rules' SLIs do with the hits is not in it: the sets are made from
 * the plan every run.
 */
#define CACHE_FORMAT "slicalc multimatch 1"
static int cache_key(const struct plan *pl, int nfield,
                     unsigned char key[DIGEST_LEN])
{
	hs_platform_info_t plat;
	if (hs_populate_platform(&plat) != HS_SUCCESS)
		return -1;
	digest_t c;
	digest_init(&c);
	digest_add(&c, CACHE_FORMAT, sizeof(CACHE_FORMAT));
	const char *v = hs_version();
	digest_add(&c, v, strlen(v) + 1);
	key_u64(&c, plat.tune);
	key_u64(&c, plat.cpu_features);
	key_u64(&c, plat.reserved1);
	key_u64(&c, plat.reserved2);
	key_u64(&c, sizeof(void *));
	key_u64(&c, HS_MODE_BLOCK);
	key_u64(&c, (uint64_t)nfield);
	for (int f = 0; f < nfield; f++) {
		key_u64(&c, pl[f].k);
		for (unsigned j = 0; j < pl[f].k; j++) {
			const struct chunk *ch = &pl[f].c[j];
			key_u64(&c, ch->n);
			for (unsigned e = 0; e < ch->n; e++) {
				size_t len = strlen(ch->expr[e]);
				key_u64(&c, ch->flags[e]);
				key_u64(&c, ch->ids[e]);
				key_u64(&c, len);
				digest_add(&c, ch->expr[e], len);
			}
		}
	}
	digest_end(&c, key);
	return 0;
}

/* The payload: per field, per chunk, its bad[] (n bytes of 0 or 1), the
 * serialized database's size (8 bytes little-endian, 0: none) and
 * bytes. NULL when Hyperscan cannot serialize one. */
static unsigned char *cache_save(const struct plan *pl, int nfield, size_t *len)
{
	size_t cap = 4096, n = 0;
	unsigned char *out = xmalloc(cap);
	for (int f = 0; f < nfield; f++)
		for (unsigned j = 0; j < pl[f].k; j++) {
			const struct chunk *ch = &pl[f].c[j];
			char *bytes = NULL;
			size_t blen = 0;
			if (ch->db &&
			    hs_serialize_database(ch->db, &bytes, &blen) !=
			        HS_SUCCESS) {
				free(out);
				return NULL;
			}
			size_t need = n + ch->n + 8 + blen;
			if (need > cap) {
				cap = need * 2;
				out = xrealloc(out, cap);
			}
			memcpy(out + n, ch->bad, ch->n);
			n += ch->n;
			for (int i = 0; i < 8; i++)
				out[n++] =
				    (unsigned char)((uint64_t)blen >> (8 * i));
			if (blen)
				memcpy(out + n, bytes, blen);
			n += blen;
			free(bytes); /* hs_misc_alloc's default: malloc */
		}
	*len = n;
	return out;
}

/* The plans' databases from a payload: 0, or -1 with nothing loaded
 * when any part fails a check (sizes, flags, Hyperscan's own reading of
 * a database): the caller compiles then. */
static int cache_load(struct plan *pl, int nfield, const unsigned char *p,
                      size_t len)
{
	size_t off = 0;
	int ok = 1;
	for (int f = 0; ok && f < nfield; f++)
		for (unsigned j = 0; ok && j < pl[f].k; j++) {
			struct chunk *ch = &pl[f].c[j];
			unsigned nbad = 0;
			ok = len - off >= (size_t)ch->n + 8;
			for (unsigned e = 0; ok && e < ch->n; e++) {
				ok = p[off + e] <= 1;
				nbad += p[off + e];
			}
			if (!ok)
				break;
			memcpy(ch->bad, p + off, ch->n);
			off += ch->n;
			uint64_t blen = 0;
			for (int i = 0; i < 8; i++)
				blen |= (uint64_t)p[off + i] << (8 * i);
			off += 8;
			/* a database exactly when some pattern is in it */
			ok =
			    blen <= len - off && (blen == 0) == (nbad == ch->n);
			if (!ok || !blen)
				continue;
			char *info = NULL;
			ok =
			    hs_serialized_database_info((const char *)p + off,
			                                blen,
			                                &info) == HS_SUCCESS &&
			    hs_deserialize_database((const char *)p + off, blen,
			                            &ch->db) == HS_SUCCESS;
			free(info);
			off += blen;
		}
	if (ok && off == len)
		return 0;
	for (int f = 0; f < nfield; f++)
		for (unsigned j = 0; j < pl[f].k; j++) {
			struct chunk *ch = &pl[f].c[j];
			hs_free_database(ch->db);
			ch->db = NULL;
			memset(ch->bad, 0, ch->n);
		}
	return -1;
}

multimatch_t *multimatch_new(int nfield, int nsli, const char *const *pats,
                             uint8_t *kinds, const char *cache_dir,
                             enum mm_cache *cache)
{
	enum mm_cache st = MM_CACHE_NONE;
	multimatch_t *m = xcalloc(1, sizeof(*m));
	m->nfield = nfield;
	m->nwords = (nsli + 63) / 64;
	m->f = xcalloc((size_t)nfield, sizeof(*m->f));
	struct plan *pl = xcalloc((size_t)nfield, sizeof(*pl));
	unsigned total = 0;
	for (int f = 0; f < nfield; f++) {
		plan_field(&pl[f], nsli, pats + (size_t)f * nsli,
		           kinds + (size_t)f * nsli);
		total += pl[f].n;
	}
	unsigned char key[DIGEST_LEN];
	int loaded = 0,
	    keyed = total && cache_dir && cache_key(pl, nfield, key) == 0;
	if (keyed) {
		void *data;
		size_t len;
		int got = cache_get(cache_dir, "hs", key, &data, &len);
		loaded = got == 1 && cache_load(pl, nfield, data, len) == 0;
		st = loaded     ? MM_CACHE_HIT
		     : got == 0 ? MM_CACHE_MISS
		                : MM_CACHE_DAMAGED;
		free(data);
	}
	if (!loaded && total) {
		compile_plans(pl, nfield);
		size_t len;
		unsigned char *blob =
		    keyed ? cache_save(pl, nfield, &len) : NULL;
		if (keyed &&
		    (!blob || cache_put(cache_dir, "hs", key, blob, len) < 0))
			st = MM_CACHE_UNWRITABLE;
		free(blob);
	}
	int any = 0;
	for (int f = 0; f < nfield; f++) {
		finish_field(&m->f[f], &pl[f], nsli, m->nwords,
		             kinds + (size_t)f * nsli);
		any |= m->f[f].ndb > 0;
	}
	free(pl);
	if (cache)
		*cache = st;
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
	if (id >= c->nsets)
		return 0; /* not one of ours: a cached database is checked,
		             yet an id never indexes past the sets */
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
	struct scan_ctx c = {m->f[f].sets, m->f[f].nsets, hit, m->nwords};
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
