/*
 * multimatch.h - many SLIs' patterns of one match field scanned at once.
 *
 * With Hyperscan (Debian's libhyperscan-dev; vectorscan has the same API,
 * pkg-config libhs), the patterns that all SLIs write for one field are
 * compiled into one database, and one scan of a field's value says which
 * of them match: the cost of hundreds of SLIs is close to that of one.
 * PCRE2 stays the definition of the rules language: a pattern goes to
 * Hyperscan as exact only when every construct in it is one both engines
 * read alike (multimatch_classify); lookaround, atomic groups and
 * possessive quantifiers go as a prefilter (a superset: each hit is
 * confirmed by PCRE2), and anything else (backreferences, \K, verbs,
 * options but (?i), ...) is left to PCRE2 alone. Built with
 * SLICALC_NO_HYPERSCAN (no libhs, or `make NO_HYPERSCAN=1`),
 * multimatch_new returns NULL and the rules match one SLI at a time.
 *
 * A multimatch_t is immutable once made and may be shared by threads;
 * each thread scans with its own multimatch_scratch_t. The rules own
 * both kinds (rules.c); nothing here knows PCRE2 or the rules.
 */
#ifndef SLICALC_MULTIMATCH_H
#define SLICALC_MULTIMATCH_H

#include <stddef.h>
#include <stdint.h>

/* How one pattern is decided. */
enum mm_kind {
	MM_NONE,      /* no pattern: any value matches */
	MM_EXACT,     /* by Hyperscan alone */
	MM_PREFILTER, /* Hyperscan's hits, confirmed by PCRE2 */
	MM_PCRE       /* by PCRE2 alone */
};

typedef struct multimatch multimatch_t;
typedef struct multimatch_scratch multimatch_scratch_t;

/*
 * What a pattern (PCRE2 syntax, compiled without options) may be for
 * Hyperscan, from its text: MM_EXACT, MM_PREFILTER or MM_PCRE. A
 * whitelist: literals, escaped punctuation, ., ^, $, |, groups (?:...),
 * (?i) and (?-i) (also as (?i:...)), quantifiers *, +, ?, {n}, {n,},
 * {n,m} (lazy or not), classes of literals, ranges, \d \w \s and their
 * negations, \b \B \A \z \Z \t \n \r \f \e \xhh. Lookaround, (?>...) and
 * possessive quantifiers make a prefilter; anything else is MM_PCRE.
 * Whether Hyperscan compiles it is multimatch_new's business.
 */
enum mm_kind multimatch_classify(const char *pat);

/* What multimatch_new did with the cache of compiled databases. */
enum mm_cache {
	MM_CACHE_NONE,      /* no cache directory, or nothing to compile */
	MM_CACHE_HIT,       /* the databases were read from the cache */
	MM_CACHE_MISS,      /* not in it: compiled, and saved */
	MM_CACHE_DAMAGED,   /* a file that failed a check: compiled, saved */
	MM_CACHE_UNWRITABLE /* compiled; could not be saved (errno lost) */
};

/*
 * One database per field over pats[f * nsli + i], SLI i's pattern for
 * field f (NULL: none), f < nfield, i < nsli; kinds gets each pattern's
 * kind in the same layout (MM_NONE where NULL). A pattern Hyperscan will
 * not compile (it matches empty text, say) is MM_PCRE. Returns NULL, all
 * kinds MM_PCRE or MM_NONE, without Hyperscan or when no pattern is for
 * it. Free with multimatch_free.
 *
 * With cache_dir (NULL: none), the compiled databases are looked up in
 * that directory first (cache.c), keyed by a SHA-256 of everything that
 * makes them: the patterns given to Hyperscan with their ids and flags,
 * the mode, Hyperscan's version and the CPU features it compiles for. A
 * file that fails any check is compiled afresh and written again;
 * decisions are the same either way. *cache (if not NULL) says what
 * happened.
 */
multimatch_t *multimatch_new(int nfield, int nsli, const char *const *pats,
                             uint8_t *kinds, const char *cache_dir,
                             enum mm_cache *cache);
void multimatch_free(multimatch_t *m);

/* 1 if field f has a database (some SLI's pattern is scanned). */
int multimatch_has(const multimatch_t *m, int f);

/* Per-thread scan state, made on first use: *sc starts NULL. */
void multimatch_scratch_free(multimatch_scratch_t *sc);

/*
 * Scan p (n bytes) for field f: sets bit i of hit (words of 64 SLIs,
 * cleared by the caller) for each SLI i whose MM_EXACT pattern matches p
 * or whose MM_PREFILTER pattern may. *sc is allocated or grown for m as
 * needed. 0, or -1 if Hyperscan failed (out of memory): nothing is known
 * then, and the caller asks PCRE2.
 */
int multimatch_scan(const multimatch_t *m, int f, const char *p, size_t n,
                    multimatch_scratch_t **sc, uint64_t *hit);

/* "hyperscan 5.4.0 ..." as the library says, or NULL without it. */
const char *multimatch_engine(void);

#endif
