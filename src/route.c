/*
 * route.c - turning paths into a bounded set of endpoint keys. Ids in
 * paths would otherwise make every request its own endpoint; the rules
 * are the ones most APIs need (Rails resources: /users/42, UUID keys,
 * hex digests as whole segments) and the digests that asset pipelines
 * put inside file names (application-3f2ae1b4.css, main.3f2ae1b4.chunk.js,
 * index-BkX3a9Zq.js).
 */
#include "route.h"

#include <stdlib.h>
#include <string.h>

/* Byte classes, so one table lookup per byte (while the segment is
 * copied) tells whether a segment is all digits, all hex, or all hex and
 * dashes: AND the classes of its bytes together. The other bits serve the
 * token scan: letters and digits (C_ALNUM, and which case), and the bytes
 * that delimit tokens (C_DELIM: - . _ ~). */
enum {
	C_DIGIT = 1,
	C_HEX = 2,
	C_HEXDASH = 4,
	C_ALNUM = 8,
	C_UPPER = 16,
	C_LOWER = 32,
	C_DELIM = 64,
};
#define D  (C_DIGIT | C_HEX | C_HEXDASH | C_ALNUM)
#define HL (C_HEX | C_HEXDASH | C_ALNUM | C_LOWER)
#define HU (C_HEX | C_HEXDASH | C_ALNUM | C_UPPER)
#define L  (C_ALNUM | C_LOWER)
#define U  (C_ALNUM | C_UPPER)
#define M  (C_HEXDASH | C_DELIM)
#define P  C_DELIM
static const unsigned char cls[256] = {
    ['0'] = D,  ['1'] = D,  ['2'] = D,  ['3'] = D,  ['4'] = D,  ['5'] = D,
    ['6'] = D,  ['7'] = D,  ['8'] = D,  ['9'] = D,  ['a'] = HL, ['b'] = HL,
    ['c'] = HL, ['d'] = HL, ['e'] = HL, ['f'] = HL, ['g'] = L,  ['h'] = L,
    ['i'] = L,  ['j'] = L,  ['k'] = L,  ['l'] = L,  ['m'] = L,  ['n'] = L,
    ['o'] = L,  ['p'] = L,  ['q'] = L,  ['r'] = L,  ['s'] = L,  ['t'] = L,
    ['u'] = L,  ['v'] = L,  ['w'] = L,  ['x'] = L,  ['y'] = L,  ['z'] = L,
    ['A'] = HU, ['B'] = HU, ['C'] = HU, ['D'] = HU, ['E'] = HU, ['F'] = HU,
    ['G'] = U,  ['H'] = U,  ['I'] = U,  ['J'] = U,  ['K'] = U,  ['L'] = U,
    ['M'] = U,  ['N'] = U,  ['O'] = U,  ['P'] = U,  ['Q'] = U,  ['R'] = U,
    ['S'] = U,  ['T'] = U,  ['U'] = U,  ['V'] = U,  ['W'] = U,  ['X'] = U,
    ['Y'] = U,  ['Z'] = U,  ['-'] = M,  ['.'] = P,  ['_'] = P,  ['~'] = P,
};
#undef D
#undef HL
#undef HU
#undef L
#undef U
#undef M
#undef P

/* 8-4-4-4-12, given 36 bytes that are all hex digits or dashes. */
static int is_uuid(const char *s)
{
	for (size_t i = 0; i < 36; i++) {
		int dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash != (s[i] == '-'))
			return 0;
	}
	return 1;
}

/* Append n bytes to buf at *len, cutting at cap. */
static void put(char *buf, size_t cap, size_t *len, const char *s, size_t n)
{
	if (*len >= cap)
		return;
	if (n > cap - *len)
		n = cap - *len;
	memcpy(buf + *len, s, n);
	*len += n;
}

/* The shortest token that can be a digest (an 8-hex Propshaft or webpack
 * digest, Vite's 8-character base64url). */
#define TOKEN_MIN 8

/* Is s[0..n), a run of letters and digits, a digest: TOKEN_MIN or more
 * bytes, a digit among them, and all hex or of both cases? any is the OR
 * and all the AND of the classes of its bytes. */
static int is_digest(size_t n, unsigned any, unsigned all)
{
	return n >= TOKEN_MIN && (any & C_DIGIT) &&
	       ((all & C_HEX) || ((any & C_UPPER) && (any & C_LOWER)));
}

/*
 * The segment s[0..n), already copied to buf from offset seg to len (cut
 * at cap), written there again with each token that is a digest as
 * ":hash". A token is a maximal run of letters and digits with a delimiter
 * (- . _ ~) or an end of the segment on either side; a run that touches
 * any other byte (%, +, =, a UTF-8 byte) is left as it is. Returns buf's
 * new length (len when no token is a digest: buf is then left untouched).
 */
static size_t hash_tokens(const char *s, size_t n, char *buf, size_t cap,
                          size_t seg, size_t len)
{
	size_t k = 0, from = 0, out = len;
	int rewritten = 0;

	while (k < n) {
		unsigned c = cls[(unsigned char)s[k]];
		if (!(c & C_ALNUM)) {
			k++;
			continue;
		}
		size_t a = k;
		unsigned any = 0, all = C_HEX;
		for (; k < n && (c = cls[(unsigned char)s[k]]) & C_ALNUM; k++) {
			any |= c;
			all &= c;
		}
		if (!is_digest(k - a, any, all) ||
		    (a > 0 && !(cls[(unsigned char)s[a - 1]] & C_DELIM)) ||
		    (k < n && !(c & C_DELIM)))
			continue;
		if (!rewritten)
			out = seg;
		rewritten = 1;
		put(buf, cap, &out, s + from, a - from);
		put(buf, cap, &out, ":hash", 5);
		from = k;
	}
	if (rewritten)
		put(buf, cap, &out, s + from, n - from);
	return out;
}

size_t route_normalise(const char *path, size_t n, char *buf, size_t cap)
{
	size_t len = 0, i = 0;

	while (i < n) {
		if (path[i] == '/') {
			put(buf, cap, &len, "/", 1);
			i++;
			continue;
		}
		/* a segment: what kind of bytes does it hold? Words like
		 * "employees" fail the test at their first letters. */
		const char *end = memchr(path + i, '/', n - i);
		size_t j = end ? (size_t)(end - path) : n;
		size_t sn = j - i, seg = len;
		unsigned all = C_DIGIT | C_HEX | C_HEXDASH;
		for (size_t k = i; k < j && all; k++)
			all &= cls[(unsigned char)path[k]];
		put(buf, cap, &len, path + i, sn);
		if (all & C_DIGIT) {
			len = seg;
			put(buf, cap, &len, ":id", 3);
		} else if (sn == 36 && (all & C_HEXDASH) && is_uuid(path + i)) {
			len = seg;
			put(buf, cap, &len, ":uuid", 5);
		} else if (sn >= 16 && (all & C_HEX)) {
			len = seg;
			put(buf, cap, &len, ":hex", 4);
		} else if (sn >= TOKEN_MIN) {
			len = hash_tokens(path + i, sn, buf, cap, seg, len);
		}
		i = j;
	}
	return len;
}

/* An HTTP method is a short run of letters (nginx also logs unknown ones
 * such as "PATCHp"; those are kept, garbage is not). */
static int plausible_method(slice_t m)
{
	if (m.n == 0 || m.n > 24)
		return 0;
	for (size_t i = 0; i < m.n; i++) {
		char c = m.p[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      c == '-' || c == '_'))
			return 0;
	}
	return 1;
}

/*
 * Keys hold no control bytes and no bytes that are not UTF-8: such a byte
 * (from a Rails or JSON log; nginx escapes them itself) becomes the text
 * \xHH, the way nginx writes it. So the same byte logged by nginx and by
 * the app is one endpoint, every output (table, JSON, Prometheus labels)
 * shows keys as they are, and no two keys look alike. Returns the new
 * length (at most cap, cut between characters).
 */
static size_t canonical(char *buf, size_t len, size_t cap)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)buf;
	size_t i = 0;
	while (i < len && p[i] >= 0x20 && p[i] < 0x7f)
		i++;
	if (i == len)
		return len; /* ASCII text: nearly always */
	/* buf[0..i) stays; the rest is rewritten through tmp */
	char tmp[4 * ROUTE_MAX];
	size_t o = 0, at = i;
	for (size_t k; i < len && o + 4 <= sizeof(tmp); i += k) {
		k = utf8_seq(p + i, len - i);
		if (k > 1 || (k == 1 && p[i] >= 0x20 && p[i] != 0x7f)) {
			if (at + o + k > cap)
				break;
			memcpy(tmp + o, p + i, k);
			o += k;
		} else {
			if (at + o + 4 > cap)
				break;
			tmp[o++] = '\\';
			tmp[o++] = 'x';
			tmp[o++] = hex[p[i] >> 4];
			tmp[o++] = hex[p[i] & 15];
			k = 1;
		}
	}
	memcpy(buf + at, tmp, o);
	return at + o;
}

size_t route_key(const request_t *req, enum group_by g, char *buf, size_t cap)
{
	size_t len = 0;
	slice_t path = req->path;

	if (g == GROUP_ACTION) {
		if (req->action.n)
			put(buf, cap, &len, req->action.p, req->action.n);
		else
			put(buf, cap, &len, ROUTE_NO_ACTION,
			    sizeof(ROUTE_NO_ACTION) - 1);
		return canonical(buf, len, cap);
	}

	if (!plausible_method(req->method) || path.n == 0 ||
	    (path.p[0] != '/' && !(path.n == 1 && path.p[0] == '*'))) {
		put(buf, cap, &len, ROUTE_INVALID, sizeof(ROUTE_INVALID) - 1);
		return len;
	}
	put(buf, cap, &len, req->method.p, req->method.n);
	put(buf, cap, &len, " ", 1);
	if (g == GROUP_ROUTE)
		len += route_normalise(path.p, path.n, buf + len,
		                       len < cap ? cap - len : 0);
	else
		put(buf, cap, &len, path.p, path.n);
	return canonical(buf, len, cap);
}

/* ---- the memo ------------------------------------------------------------ */

/* Direct-mapped, a power of two slots. A raw "METHOD path" or a key
 * longer than CACHE_TEXT bypasses the memo. */
#define CACHE_SLOTS 4096
#define CACHE_TEXT  112

/* The memo's hash of a raw "METHOD path": it runs on every line, where
 * hash_bytes' one serial chain of multiplies per word showed as 8% of a
 * single-thread run. Two chains side by side, one multiply per word, and
 * the last word read overlapping the one before (no byte loop); mixed at
 * the end so the low bits (the slot) depend on every byte. Only ever
 * compared with itself: it is not hash_bytes. */
static inline uint64_t rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static inline uint64_t memo_hash(const char *p, size_t n)
{
	const uint64_t k1 = 0x9e3779b97f4a7c15ULL, k2 = 0xc2b2ae3d27d4eb4fULL;
	uint64_t a = k2 ^ n, b = k1, w, v;
	if (n < 8) {
		w = 0;
		memcpy(&w, p, n);
		a = (a ^ w) * k1;
	} else {
		const char *end = p + n;
		for (; p + 16 <= end; p += 16) {
			memcpy(&w, p, 8);
			memcpy(&v, p + 8, 8);
			a = rotl((a ^ w) * k1, 31);
			b = rotl((b ^ v) * k2, 29);
		}
		if (p + 8 <= end) {
			memcpy(&w, p, 8);
			a = rotl((a ^ w) * k1, 31);
			p += 8;
		}
		if (p < end) {
			memcpy(&v, end - 8, 8);
			b = rotl((b ^ v) * k2, 29);
		}
	}
	uint64_t h = (a ^ rotl(b, 32)) * k1;
	h ^= h >> 29;
	h *= k2;
	return h ^ (h >> 32);
}

struct centry {
	uint64_t rawhash, keyhash;
	uint16_t rawn, keyn; /* rawn 0: empty slot */
	uint8_t g;
	char raw[CACHE_TEXT];
	char key[CACHE_TEXT];
};

struct route_cache {
	struct centry e[CACHE_SLOTS];
};

route_cache_t *route_cache_new(void)
{
	return xcalloc(1, sizeof(route_cache_t));
}

void route_cache_free(route_cache_t *c)
{
	free(c);
}

size_t route_key_cached(route_cache_t *c, const request_t *req, enum group_by g,
                        char *buf, const char **key, uint64_t *hash)
{
	/* an absent method or path is a NULL slice: read it as "" */
	const char *m = req->method.p ? req->method.p : "";
	const char *pa = req->path.p ? req->path.p : "";
	size_t mn = req->method.n, pn = req->path.n, rawn = mn + 1 + pn;
	uint64_t rh = 0;
	struct centry *e = NULL;

	if (g == GROUP_ACTION) { /* a copy, no normalising: no memo */
		size_t n = route_key(req, g, buf, ROUTE_MAX);
		*key = buf;
		*hash = hash_bytes(buf, n);
		return n;
	}
	if (rawn <= CACHE_TEXT) {
		/* usually "METHOD path" lies as one run in the line, with
		 * the space between (the entry's text): one hash, and one
		 * compare on a hit */
		int run = pa == m + mn + 1 && m[mn] == ' ';
		if (run)
			rh = memo_hash(m, rawn) + (uint64_t)g;
		else
			rh = memo_hash(pa, pn) ^
			     (memo_hash(m, mn) * 31 + (uint64_t)g);
		e = &c->e[rh & (CACHE_SLOTS - 1)];
		if (e->rawhash == rh && e->rawn == rawn && e->g == g &&
		    (run ? memcmp(e->raw, m, rawn) == 0
		         : memcmp(e->raw, m, mn) == 0 &&
		               memcmp(e->raw + mn + 1, pa, pn) == 0)) {
			*key = e->key;
			*hash = e->keyhash;
			return e->keyn;
		}
	}
	size_t n = route_key(req, g, buf, ROUTE_MAX);
	*key = buf;
	*hash = hash_bytes(buf, n);
	if (e && n <= CACHE_TEXT) {
		e->rawhash = rh;
		e->rawn = (uint16_t)rawn;
		e->g = (uint8_t)g;
		memcpy(e->raw, m, mn);
		e->raw[mn] = ' ';
		memcpy(e->raw + mn + 1, pa, pn);
		e->keyn = (uint16_t)n;
		e->keyhash = *hash;
		memcpy(e->key, buf, n);
	}
	return n;
}

const char *route_group_name(enum group_by g)
{
	static const char *const names[] = {"route", "path", "action", "none"};
	return (unsigned)g < sizeof(names) / sizeof(names[0]) ? names[g] : "?";
}
