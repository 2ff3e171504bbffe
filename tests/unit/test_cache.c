/*
 * test_cache.c - the cache of compiled Hyperscan databases: the digest
 * (nettle's SHA-256 as digest.c calls it: argument order, streaming)
 * against the FIPS 180-4 examples and sha256sum; cache.c's files (a
 * round trip, each kind of damage refused, the pruning to CACHE_KEEP);
 * and through the rules, that a database read from the cache makes the
 * same decisions as one compiled afresh and as PCRE2, that the key
 * changes with the patterns and their order, and that a truncated,
 * damaged, foreign or crafted file is compiled again (and rewritten),
 * never trusted. Every file goes to a temporary directory, never the
 * real home. Without Hyperscan, no file is written at all.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "check.h"
#include "rules.h"
#include "digest.h"

static void hex(const unsigned char *d, char *out)
{
	for (int i = 0; i < DIGEST_LEN; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

static void test_digest(void)
{
	static const struct {
		const char *in, *want;
	} t[] = {
	    {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b"
	         "855"},
	    {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f2"
	            "0015ad"},
	    {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c"
	     "1"},
	};
	unsigned char d[DIGEST_LEN];
	char h[2 * DIGEST_LEN + 1];
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		digest_of(t[i].in, strlen(t[i].in), d);
		hex(d, h);
		CHECK_STR(h, t[i].want);
	}
	/* a million 'a' added in uneven pieces (FIPS 180-4's third) */
	static char a[1000000];
	memset(a, 'a', sizeof(a));
	digest_t c;
	digest_init(&c);
	for (size_t off = 0, step = 1; off < sizeof(a); step = step * 3 + 1) {
		size_t k = sizeof(a) - off < step % 1000 ? sizeof(a) - off
		                                         : step % 1000;
		digest_add(&c, a + off, k);
		off += k;
	}
	digest_end(&c, d);
	hex(d, h);
	CHECK_STR(
	    h,
	    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	/* every length around the block and padding edges, by sha256sum:
	 * 'a' repeated 55, 56, 63, 64, 65 times */
	static const char *const edge[] = {
	    "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
	    "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
	    "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34",
	    "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
	    "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"};
	static const int len[] = {55, 56, 63, 64, 65};
	for (int i = 0; i < 5; i++) {
		digest_of(a, (size_t)len[i], d);
		hex(d, h);
		CHECK_STR(h, edge[i]);
	}
}

static char tmpdir[] = "/tmp/slicalc-test-cache-XXXXXX";

/* Files in dir (not . and ..), optionally those starting with pre. */
static int count_files(const char *dir, const char *pre)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *e;
	if (!d)
		return 0;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' || (pre && pre[0] == '.'))
			n += !pre || !strncmp(e->d_name, pre, strlen(pre));
	closedir(d);
	return n;
}

static void key_of(int i, unsigned char key[DIGEST_LEN])
{
	digest_of(&i, sizeof(i), key);
}

static void file_of(const char *dir, const unsigned char *key, char *path)
{
	char h[2 * DIGEST_LEN + 1];
	hex(key, h);
	sprintf(path, "%s/hs-%s", dir, h);
}

static long file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static void rewrite(const char *path, const unsigned char *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	fwrite(p, 1, n, f);
	fclose(f);
}

static unsigned char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	unsigned char *p = malloc(1 << 24);
	*n = f ? fread(p, 1, 1 << 24, f) : 0;
	if (f)
		fclose(f);
	return p;
}

static void test_files(void)
{
	char dir[512], path[1024];
	snprintf(dir, sizeof(dir), "%s/a/b", tmpdir); /* made by put */
	unsigned char key[DIGEST_LEN], other[DIGEST_LEN];
	key_of(1, key);
	key_of(2, other);
	void *got;
	size_t n;
	CHECK_INT(cache_get(dir, "hs", key, &got, &n), 0); /* none yet */
	const char payload[] = "some database bytes";
	CHECK_INT(cache_put(dir, "hs", key, payload, sizeof(payload)), 0);
	struct stat st;
	CHECK(stat(dir, &st) == 0 && (st.st_mode & 0777) == 0700);
	CHECK_INT(cache_get(dir, "hs", key, &got, &n), 1);
	CHECK(n == sizeof(payload) && got && !memcmp(got, payload, n));
	free(got);
	CHECK_INT(cache_get(dir, "hs", other, &got, &n), 0);
	CHECK(got == NULL);
	CHECK_INT(cache_get(dir, "xx", key, &got, &n), 0); /* another tag */

	/* every kind of damage is refused: -1, nothing returned */
	file_of(dir, key, path);
	size_t len;
	unsigned char *good = slurp(path, &len);
	CHECK_INT(len, 80 + sizeof(payload));
	size_t cuts[] = {0, 1, 8, 40, 79, 80, 81, len - 1};
	for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		rewrite(path, good, cuts[i]);
		CHECK_MSG(cache_get(dir, "hs", key, &got, &n) == -1 && !got,
		          "cut at %zu", cuts[i]);
	}
	for (size_t at = 0; at < len; at++) {
		good[at] ^= 0x10;
		rewrite(path, good, len);
		good[at] ^= 0x10;
		CHECK_MSG(cache_get(dir, "hs", key, &got, &n) == -1 && !got,
		          "byte %zu flipped", at);
	}
	unsigned char *longer = malloc(len + 1);
	memcpy(longer, good, len);
	longer[len] = 0;
	rewrite(path, longer, len + 1);
	CHECK_INT(cache_get(dir, "hs", key, &got, &n), -1);
	free(longer);
	/* a foreign file: another key's, under this key's name */
	CHECK_INT(cache_put(dir, "hs", other, payload, sizeof(payload)), 0);
	char opath[1024];
	file_of(dir, other, opath);
	CHECK(rename(opath, path) == 0);
	CHECK_INT(cache_get(dir, "hs", key, &got, &n), -1);
	/* a directory in its place */
	unlink(path);
	mkdir(path, 0700);
	CHECK_INT(cache_get(dir, "hs", key, &got, &n), -1);
	rmdir(path);
	rewrite(path, good, len);
	CHECK_INT(cache_get(dir, "hs", key, &got, &n), 1);
	free(got);
	free(good);

	/* a directory that cannot be made: under a regular file */
	char bad[1100];
	snprintf(bad, sizeof(bad), "%s/sub", path);
	errno = 0;
	CHECK_INT(cache_put(bad, "hs", key, payload, 1), -1);
	CHECK(errno != 0);
	CHECK_INT(cache_get(bad, "hs", key, &got, &n), 0);

	/* the pruning: CACHE_KEEP files of the tag at most, the least
	 * recently used first; another tag's files and stale temporary
	 * files of a crashed writer */
	char pdir[512];
	snprintf(pdir, sizeof(pdir), "%s/prune", tmpdir);
	time_t now = time(NULL);
	for (int i = 0; i < CACHE_KEEP + 5; i++) {
		key_of(100 + i, key);
		CHECK_INT(cache_put(pdir, "hs", key, &i, sizeof(i)), 0);
		file_of(pdir, key, path);
		/* put i used i minutes after the first */
		struct timespec ts[2] = {{now - 7200 + 60 * i, 0},
		                         {now - 7200 + 60 * i, 0}};
		CHECK(utimensat(AT_FDCWD, path, ts, 0) == 0);
	}
	CHECK_INT(count_files(pdir, "hs-"), CACHE_KEEP);
	/* the first 5 went: CACHE_KEEP + 5 puts, pruned after each */
	for (int i = 0; i < CACHE_KEEP + 5; i++) {
		key_of(100 + i, key);
		file_of(pdir, key, path);
		CHECK_MSG((file_size(path) >= 0) == (i >= 5), "file %d", i);
	}
	/* a hit marks a file used: the oldest kept survives the next */
	key_of(105, key);
	CHECK_INT(cache_get(pdir, "hs", key, &got, &n), 1);
	free(got);
	snprintf(path, sizeof(path), "%s/.hs-stale", pdir);
	rewrite(path, (const unsigned char *)"x", 1);
	struct timespec old[2] = {{now - 7200, 0}, {now - 7200, 0}};
	utimensat(AT_FDCWD, path, old, 0);
	snprintf(path, sizeof(path), "%s/.hs-fresh", pdir);
	rewrite(path, (const unsigned char *)"x", 1);
	snprintf(path, sizeof(path), "%s/other-file", pdir);
	rewrite(path, (const unsigned char *)"x", 1);
	key_of(999, key);
	CHECK_INT(cache_put(pdir, "hs", key, "z", 1), 0);
	CHECK_INT(count_files(pdir, "hs-"), CACHE_KEEP);
	key_of(105, key);
	file_of(pdir, key, path);
	CHECK(file_size(path) > 0); /* used last: kept */
	key_of(106, key);
	file_of(pdir, key, path);
	CHECK(file_size(path) < 0); /* now the least recently used */
	CHECK_INT(count_files(pdir, ".hs-"), 1); /* the fresh one */
	CHECK_INT(count_files(pdir, "other-file"), 1);
	/* too large a payload is not written */
	CHECK_INT(cache_put(pdir, "hs", key, "", CACHE_MAX_BYTES + 1), -1);
}

/* ---- through the rules --------------------------------------------------- */

/* Rules of n SLIs over route-like path patterns (a few that Hyperscan
 * takes as a prefilter or not at all), some with a method too; SLI
 * 'swap' exchanges two SLIs, 'tweak' changes one pattern, 'dup' adds an
 * SLI that repeats a pattern (the same distinct patterns: the same key). */
static char *rules_yaml(int n, int swap, int tweak, int dup)
{
	size_t cap = 256 + (size_t)(n + 1) * 200, len = 0;
	char *y = malloc(cap);
	len += (size_t)snprintf(y, cap, "slis:\n");
	for (int j = 0; j < n + dup; j++) {
		int i = j >= n ? 7 : swap && j < 2 ? 1 - j : j;
		char pat[128];
		if (i % 50 == 49)
			snprintf(pat, sizeof(pat), "^/t/%d/(?!x)a%d", i % 8, i);
		else if (i % 50 == 48)
			snprintf(pat, sizeof(pat), "^/(t)/\\1%d", i);
		else
			snprintf(pat, sizeof(pat),
			         "^/t/%d/r%d(/[0-9]+)?(/edit)?$", i % 8,
			         tweak && i == 3 ? 1000 : i);
		len += (size_t)snprintf(y + len, cap - len,
		                        "  - name: s%d\n    match: {path: '%s'",
		                        j, pat);
		if (i % 3 == 1)
			len += (size_t)snprintf(y + len, cap - len,
			                        ", method: '^(GET|HEAD)$'");
		len += (size_t)snprintf(y + len, cap - len, "}\n");
	}
	return y;
}

static rules_t *load(const char *y)
{
	rules_err_t e;
	rules_t *r = rules_load_buf(y, strlen(y), "t", &e);
	CHECK_MSG(r != NULL, "%d:%d: %s", e.line, e.col, e.msg);
	return r;
}

/* Every SLI's decision, all at once, for a path and a method. */
static void decide(const rules_t *r, rules_scratch_t *sc, const char *path,
                   const char *method, int *out)
{
	request_t q;
	memset(&q, 0, sizeof(q));
	q.path = (slice_t){path, strlen(path)};
	q.method = (slice_t){method, strlen(method)};
	q.status_txt = (slice_t){"200", 3};
	q.status = 200;
	uint64_t cand[16];
	rules_match_all(r, &q, SLICE_EMPTY, sc, cand);
	for (int i = 0; i < r->nsli; i++) {
		int in = (int)((cand[i >> 6] >> (i & 63)) & 1);
		out[i] = in ? rules_match_cand(r, i, &q, SLICE_EMPTY, sc) : 0;
	}
}

/* Decisions of a and b the same over many requests, and a's those of
 * PCRE2 one SLI at a time; the number that differ. Some take. */
static int same_decisions(const rules_t *a, const rules_t *b)
{
	rules_scratch_t *sa = rules_scratch_new(), *sb = rules_scratch_new();
	int *da = calloc((size_t)a->nsli, sizeof(int));
	int *db = calloc((size_t)b->nsli, sizeof(int));
	int differ = 0, takes = 0;
	static const char *const methods[] = {"GET", "POST", "HEAD"};
	char path[128];
	for (int v = 0; v < 2000; v++) {
		int i = v % 320;
		switch (v % 5) {
		case 0:
			snprintf(path, sizeof(path), "/t/%d/r%d", i % 8, i);
			break;
		case 1:
			snprintf(path, sizeof(path), "/t/%d/r%d/%d/edit", i % 8,
			         i, v);
			break;
		case 2:
			snprintf(path, sizeof(path), "/t/%d/a%d", i % 8, i);
			break;
		case 3:
			snprintf(path, sizeof(path), "/t/t%d", i);
			break;
		default:
			snprintf(path, sizeof(path), "/t/%d/r%dx", i % 8, i);
		}
		const char *m = methods[v % 3];
		decide(a, sa, path, m, da);
		decide(b, sb, path, m, db);
		request_t q;
		memset(&q, 0, sizeof(q));
		q.path = (slice_t){path, strlen(path)};
		q.method = (slice_t){m, strlen(m)};
		for (int k = 0; k < a->nsli && k < b->nsli; k++) {
			int want = rules_match(&a->sli[k], &q, SLICE_EMPTY, sb);
			differ += da[k] != db[k] || da[k] != want;
			takes += want == 1;
		}
	}
	CHECK_MSG(takes > 100, "%d", takes);
	free(da);
	free(db);
	rules_scratch_free(sa);
	rules_scratch_free(sb);
	return differ;
}

/* The one hs- file in dir, its path into path; 0, or -1. */
static int only_file(const char *dir, char *path)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	while (d && (e = readdir(d)))
		if (!strncmp(e->d_name, "hs-", 3)) {
			snprintf(path, 2048, "%s/%s", dir, e->d_name);
			n++;
		}
	if (d)
		closedir(d);
	return n == 1 ? 0 : -1;
}

static void key_from_name(const char *path, unsigned char *key)
{
	const char *h = strrchr(path, '-') + 1;
	for (int i = 0; i < DIGEST_LEN; i++) {
		unsigned v;
		sscanf(h + 2 * i, "%2x", &v);
		key[i] = (unsigned char)v;
	}
}

static void test_rules(void)
{
	char dir[512], path[2048];
	snprintf(dir, sizeof(dir), "%s/rules", tmpdir);
	char *y = rules_yaml(300, 0, 0, 0);
	rules_set_cache_dir(NULL);
	rules_t *fresh = load(y);
	CHECK_INT(fresh->cache, RULES_CACHE_NONE);
	CHECK_INT(count_files(dir, NULL), 0);

	rules_set_cache_dir(dir);
	rules_t *r = load(y);
	if (!rules_engine()) {
		/* without Hyperscan there is nothing to keep */
		CHECK_INT(r->cache, RULES_CACHE_NONE);
		CHECK_INT(count_files(dir, NULL), 0);
		CHECK_INT(same_decisions(r, fresh), 0);
		rules_free(r);
		rules_free(fresh);
		free(y);
		rules_set_cache_dir(NULL);
		return;
	}
	CHECK_INT(r->cache, RULES_CACHE_MISS);
	CHECK_INT(count_files(dir, "hs-"), 1);
	rules_free(r);
	r = load(y);
	CHECK_INT(r->cache, RULES_CACHE_HIT);
	CHECK(r->index != NULL);
	CHECK_INT(same_decisions(r, fresh), 0);
	rules_free(r);

	/* the same distinct patterns in the same order, SLIs added that
	 * repeat one: the same databases, the sets made afresh */
	char *yd = rules_yaml(300, 0, 0, 1);
	r = load(yd);
	CHECK_INT(r->cache, RULES_CACHE_HIT);
	rules_t *fd = (rules_set_cache_dir(NULL), load(yd));
	rules_set_cache_dir(dir);
	CHECK_INT(same_decisions(r, fd), 0);
	rules_free(r);
	rules_free(fd);
	free(yd);

	/* the key follows the patterns: one changed, two swapped */
	for (int v = 0; v < 2; v++) {
		char *y2 = rules_yaml(300, v == 0, v == 1, 0);
		r = load(y2);
		CHECK_INT(r->cache, RULES_CACHE_MISS);
		CHECK_INT(count_files(dir, "hs-"), 2 + v);
		rules_set_cache_dir(NULL);
		rules_t *f2 = load(y2);
		rules_set_cache_dir(dir);
		CHECK_INT(same_decisions(r, f2), 0);
		rules_free(f2);
		rules_free(r);
		free(y2);
	}
	/* fewer SLIs, another key; the embedded default compiles nothing */
	char *y3 = rules_yaml(40, 0, 0, 0);
	r = load(y3);
	CHECK_INT(r->cache, RULES_CACHE_MISS);
	rules_free(r);
	free(y3);
	r = rules_default();
	CHECK_INT(r->cache, RULES_CACHE_NONE);
	rules_free(r);

	/* damage to the file of rules of 60 SLIs (quicker to compile
	 * again): each kind compiled afresh, the same decisions, and the
	 * file written again (the next load hits) */
	rules_free(fresh);
	free(y);
	y = rules_yaml(60, 0, 0, 0);
	rules_set_cache_dir(NULL);
	fresh = load(y);
	char ddir[600];
	snprintf(ddir, sizeof(ddir), "%s/damage", dir);
	rules_set_cache_dir(ddir);
	rules_free(load(y));
	CHECK(only_file(ddir, path) == 0);
	size_t len;
	unsigned char *good = slurp(path, &len);
	unsigned char key[DIGEST_LEN];
	key_from_name(path, key);
	CHECK(len > 1000);
	for (int k = 0; k < 24; k++) {
		if (k < 6) { /* cut short */
			size_t cut[] = {0, 10, 80, 81, len / 2, len - 1};
			rewrite(path, good, cut[k]);
		} else if (k < 12) { /* a byte flipped */
			size_t at[] = {0, 40, 90, len / 3, len / 2, len - 1};
			good[at[k - 6]] ^= 4;
			rewrite(path, good, len);
			good[at[k - 6]] ^= 4;
		} else {
			/* crafted: a payload that passes cache.c's checks
			 * (written through it) but not multimatch's or
			 * Hyperscan's: garbage, or the real one cut or with
			 * a byte flipped */
			size_t plen = len - 80;
			unsigned char *p = malloc(plen + 1);
			memcpy(p, good + 80, plen);
			if (k == 12)
				plen = 0;
			else if (k == 13)
				memset(p, 0xff, plen);
			else if (k == 14)
				plen -= 1;
			else if (k == 15)
				p[plen++] = 0;
			else if (k == 16)
				memset(p, 2, 40); /* flags neither 0 nor 1 */
			else
				p[(plen / 9) * (size_t)(k - 16) + 20] ^= 0x20;
			CHECK_INT(cache_put(ddir, "hs", key, p, plen), 0);
			free(p);
		}
		r = load(y);
		/* a byte flipped where it changes nothing would be a hit:
		 * Hyperscan checks its bytecode's CRC, so each is noticed */
		CHECK_MSG(r->cache == RULES_CACHE_DAMAGED, "damage %d: %d", k,
		          r->cache);
		CHECK_MSG(same_decisions(r, fresh) == 0, "damage %d", k);
		rules_free(r);
		r = load(y);
		CHECK_MSG(r->cache == RULES_CACHE_HIT, "after damage %d", k);
		rules_free(r);
	}
	free(good);

	/* a cache that cannot be written: compiled, said, no failure */
	char sub[2100];
	snprintf(sub, sizeof(sub), "%s/sub", path); /* under a file */
	rules_set_cache_dir(sub);
	r = load(y);
	CHECK_INT(r->cache, RULES_CACHE_UNWRITABLE);
	CHECK_INT(same_decisions(r, fresh), 0);
	rules_free(r);

	rules_set_cache_dir(NULL);
	rules_free(fresh);
	free(y);
}

static void rm_rf(const char *dir)
{
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
}

int main(void)
{
	test_digest();
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_files();
	test_rules();
	rm_rf(tmpdir);
	return CHECK_DONE("test_cache");
}
