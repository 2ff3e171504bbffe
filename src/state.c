/*
 * state.c - encoding and decoding tail's state.
 *
 *   "slicalc\0" u32 version u32 0 u64 rules-fingerprint u64 payload-length
 *   payload
 *   u32 CRC-32 of everything before it
 *
 * Integers are little-endian whatever the host; strings are u32 length
 * then bytes. The payload holds the input counters, the file records with
 * their positions, and per SLI its endpoints with their exact counters
 * and their histograms (only the non-zero buckets). The decoder checks
 * every length against what is left, so a damaged file is an error, not
 * a crash (tests/fuzz/fuzz_state.c).
 */
#define _POSIX_C_SOURCE 200809L
#include "state.h"

#include "calendar.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

static const char magic[8] = "slicalc";

/* ---- writing ------------------------------------------------------------- */

struct out {
	unsigned char *p;
	size_t n, cap;
};

static void put(struct out *o, const void *src, size_t n)
{
	if (o->n + n > o->cap) {
		o->cap = (o->n + n) * 2 + 4096;
		o->p = xrealloc(o->p, o->cap);
	}
	memcpy(o->p + o->n, src, n);
	o->n += n;
}

static void u64(struct out *o, uint64_t v)
{
	unsigned char b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	put(o, b, 8);
}

static void u32(struct out *o, uint32_t v)
{
	unsigned char b[4];
	for (int i = 0; i < 4; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	put(o, b, 4);
}

static void u8(struct out *o, unsigned v)
{
	unsigned char b = (unsigned char)v;
	put(o, &b, 1);
}

static void str(struct out *o, const char *s, size_t n)
{
	u32(o, (uint32_t)n);
	put(o, s, n);
}

/* A list of samples (unparsed lines, match errors): file, line, why. */
static void samples_out(struct out *o, const run_sample_t *s, int n)
{
	u32(o, (uint32_t)n);
	for (int i = 0; i < n; i++) {
		u32(o, (uint32_t)s[i].file);
		u64(o, s[i].line);
		str(o, s[i].reason, strlen(s[i].reason));
	}
}

/* What the numbers mean depends on these; a state is only loaded by the
 * same definitions. */
/* What the statistics' meaning depends on. Version 1 states (before
 * timelines) knew no time-slice conditions. */
static uint64_t fingerprint(const rules_t *r, uint32_t version)
{
	struct out o = {0};
	u32(&o, (uint32_t)r->nsli);
	for (int i = 0; i < r->nsli; i++) {
		const sli_t *s = &r->sli[i];
		str(&o, s->name, strlen(s->name));
		u8(&o, s->group_by);
		u32(&o, (uint32_t)s->max_endpoints);
		put(&o, s->bad, sizeof(s->bad));
		u8(&o, (unsigned)s->nthr);
		for (int t = 0; t < s->nthr; t++)
			u64(&o, (uint64_t)s->thr[t].us);
		if (version < 2)
			continue;
		u8(&o, (unsigned)s->ts.ncond); /* timeline counters */
		for (int j = 0; j < s->ts.ncond; j++)
			u64(&o, (uint64_t)s->ts.cond[j].us);
	}
	uint64_t h = hash_bytes(o.p, o.n);
	free(o.p);
	return h;
}

static void stats_out(struct out *o, const stats_t *st, int nthr)
{
	u64(o, st->requests);
	u64(o, st->good);
	u64(o, st->bad);
	u64(o, st->lat_count);
	u64(o, st->lat_sum_us);
	u64(o, st->lat_max_us);
	for (int t = 0; t < nthr; t++)
		u64(o, st->thr_good[t]);
	const hist_t *h = st->hist;
	u8(o, h != NULL);
	if (!h)
		return;
	u64(o, h->count);
	u64(o, h->zero);
	u64(o, h->over);
	u64(o, h->min_us);
	u64(o, h->max_us);
	u8(o, h->ms_only != 0);
	uint32_t nz = 0;
	for (int i = 0; i < HIST_NBUCKETS; i++)
		nz += h->b[i] != 0;
	u32(o, nz);
	for (int i = 0; i < HIST_NBUCKETS; i++) {
		if (h->b[i]) {
			u32(o, (uint32_t)i);
			u64(o, h->b[i]);
		}
	}
	/* version 3: the values themselves while they are all kept */
	uint32_t nraw = hist_exact(h) ? (uint32_t)h->nraw : 0;
	u32(o, nraw);
	for (uint32_t k = 0; k < nraw; k++)
		u32(o, h->raw[k]);
}

/* The minutes of a timeline that saw requests: per day, the minute's
 * index and its counters. A busy day of 1440 minutes x 4 counters takes
 * 25 KiB; a quiet one almost nothing. */
static void timeline_out(struct out *o, const sli_agg_t *s)
{
	u64(o, s->untimed);
	const timeline_t *t = s->tl;
	u64(o, t ? timeline_out_of_range(t) : 0);
	size_t nd = t ? timeline_ndays(t) : 0;
	u32(o, (uint32_t)nd);
	int n = tl_counters(s->sli);
	for (size_t d = 0; d < nd; d++) {
		int64_t day;
		const uint32_t *c = timeline_day(t, d, &day);
		uint32_t nm = 0;
		for (int m = 0; m < 1440; m++)
			nm += c[m * n + TL_REQ] != 0;
		u64(o, (uint64_t)day);
		u32(o, nm);
		for (int m = 0; m < 1440; m++) {
			if (!c[m * n + TL_REQ])
				continue;
			u32(o, (uint32_t)m);
			for (int k = 0; k < n; k++)
				u32(o, c[m * n + k]);
		}
	}
}

static void series_out(struct out *o, const series_t *se, int nthr)
{
	u64(o, se ? se->dropped : 0);
	u32(o, se ? (uint32_t)se->n : 0);
	for (size_t k = 0; se && k < se->n; k++) {
		u64(o, (uint64_t)se->p[k].start);
		stats_out(o, &se->p[k].st, nthr);
	}
}

void state_encode(const run_t *run, const follow_pos_t *pos, int npos,
                  unsigned char **buf, size_t *n)
{
	const agg_t *a = run->agg;
	const rules_t *r = run->rules;
	struct out o = {0};

	str(&o, r->text ? r->text : "", r->text ? strlen(r->text) : 0);
	u64(&o, a->lines);
	u64(&o, a->requests);
	u64(&o, a->unparsed);
	u64(&o, a->unmatched);
	u64(&o, a->incomplete);
	u64(&o, a->overlong);
	u64(&o, a->filtered);
	u64(&o, (uint64_t)a->tmin);
	u64(&o, (uint64_t)a->tmax);
	u32(&o, (uint32_t)run->nfiles);
	for (int i = 0; i < run->nfiles; i++) {
		const run_file_t *f = &run->files[i];
		str(&o, f->name, strlen(f->name));
		u8(&o, f->format);
		u8(&o, f->gzip);
		str(&o, f->error ? f->error : "",
		    f->error ? strlen(f->error) : 0);
		u64(&o, f->lines);
		u64(&o, f->requests);
		u64(&o, f->unparsed);
		u64(&o, f->incomplete);
		const follow_pos_t *p = i < npos ? &pos[i] : NULL;
		u8(&o, p && p->valid);
		if (p && p->valid) {
			u64(&o, p->dev);
			u64(&o, p->ino);
			u64(&o, p->offset);
			u8(&o, (unsigned)p->headn);
			put(&o, p->head, p->headn);
		}
	}
	samples_out(&o, run->samples, run->nsamples);
	/* version 3: lines passed over, incomplete requests by reason,
	 * match errors (per file, the first ones, per SLI) */
	u64(&o, a->other);
	for (int k = 0; k < INC_N; k++)
		u64(&o, a->incomplete_by[k]);
	for (int i = 0; i < run->nfiles; i++) {
		const run_file_t *f = &run->files[i];
		u64(&o, f->other);
		str(&o, f->note ? f->note : "", f->note ? strlen(f->note) : 0);
		u8(&o, !f->compression                       ? 0
		       : strcmp(f->compression, "zstd") == 0 ? 2
		                                             : 1);
	}
	samples_out(&o, run->match_errors, run->nmatch_errors);
	for (int i = 0; i < r->nsli; i++)
		u64(&o, a->s[i].match_errors);
	u8(&o, a->has_by != 0);
	if (a->has_by) {
		u8(&o, a->by.unit);
		str(&o, a->by.tz, strlen(a->by.tz));
		u8(&o, a->by_endpoint != 0);
	}
	u32(&o, (uint32_t)r->nsli);
	for (int i = 0; i < r->nsli; i++) {
		const sli_agg_t *s = &a->s[i];
		if (s->sli->group_by == GROUP_NONE) {
			u32(&o, 1);
			u8(&o, 0);
			str(&o, "", 0);
			stats_out(&o, &s->total, s->sli->nthr);
		} else {
			u32(&o, (uint32_t)s->nep);
			for (int j = 0; j < s->nep; j++) {
				u8(&o, j == s->other);
				str(&o, s->ep[j].key, s->ep[j].keyn);
				stats_out(&o, &s->ep[j].st, s->sli->nthr);
				if (a->by_endpoint)
					series_out(&o, s->ep[j].ser,
					           s->sli->nthr);
			}
		}
		timeline_out(&o, s);
		if (a->has_by)
			series_out(&o, s->ser, s->sli->nthr);
	}
	/* version 4: corrected requests, by correction name (a reload or
	 * another state may number the corrections otherwise) */
	for (int i = 0; i < r->nsli; i++) {
		const sli_agg_t *s = &a->s[i];
		u64(&o, s->corrected);
		u32(&o, (uint32_t)r->ncorr);
		for (int k = 0; k < r->ncorr; k++) {
			str(&o, r->corr[k].name, strlen(r->corr[k].name));
			u64(&o, s->corr_n[k]);
		}
	}

	struct out file = {0};
	put(&file, magic, sizeof(magic));
	u32(&file, STATE_VERSION);
	u32(&file, 0);
	u64(&file, fingerprint(r, STATE_VERSION));
	u64(&file, o.n);
	put(&file, o.p, o.n);
	free(o.p);
	u32(&file, (uint32_t)crc32(0L, file.p, (uInt)file.n));
	*buf = file.p;
	*n = file.n;
}

int state_save(const char *path, const run_t *run, const follow_pos_t *pos,
               int npos, char *err, size_t errlen)
{
	unsigned char *buf;
	size_t n;
	state_encode(run, pos, npos, &buf, &n);
	int bad = write_atomic(path, buf, n) < 0;
	if (bad) /* before free() may touch errno */
		snprintf(err, errlen, "cannot write: %s", strerror(errno));
	free(buf);
	return bad ? -1 : 0;
}

/* ---- reading ------------------------------------------------------------- */

struct in {
	const unsigned char *p;
	size_t n, at;
	int bad;
	uint32_t version; /* of the state being read */
};

static const unsigned char *take(struct in *in, size_t n)
{
	if (in->bad || n > in->n - in->at) {
		in->bad = 1;
		return NULL;
	}
	in->at += n;
	return in->p + in->at - n;
}

static uint64_t g64(struct in *in)
{
	const unsigned char *b = take(in, 8);
	uint64_t v = 0;
	for (int i = 0; b && i < 8; i++)
		v |= (uint64_t)b[i] << (8 * i);
	return v;
}

static uint32_t g32(struct in *in)
{
	const unsigned char *b = take(in, 4);
	uint32_t v = 0;
	for (int i = 0; b && i < 4; i++)
		v |= (uint32_t)b[i] << (8 * i);
	return v;
}

static unsigned g8(struct in *in)
{
	const unsigned char *b = take(in, 1);
	return b ? *b : 0;
}

static const char *gstr(struct in *in, size_t *n)
{
	*n = g32(in);
	return (const char *)take(in, *n);
}

/* The samples samples_out() wrote, of nf files numbered from base in run,
 * each handed to add (run_add_sample, run_add_match_error). */
static void samples_in(struct in *in, run_t *run, uint32_t base, uint32_t nf,
                       void (*add)(run_t *, const run_sample_t *))
{
	uint32_t n = g32(in);
	for (uint32_t i = 0; i < n && !in->bad; i++) {
		run_sample_t smp = {0};
		uint32_t fi = g32(in);
		smp.line = g64(in);
		size_t rn;
		const char *reason = gstr(in, &rn);
		if (!reason || fi >= nf) {
			in->bad = 1;
			return;
		}
		smp.file = (int)(base + fi);
		snprintf(smp.reason, sizeof(smp.reason), "%.*s", (int)rn,
		         reason);
		add(run, &smp);
	}
}

static int stats_in(struct in *in, stats_t *st, hist_t *h, int nthr)
{
	memset(st, 0, sizeof(*st));
	st->requests = g64(in);
	st->good = g64(in);
	st->bad = g64(in);
	st->lat_count = g64(in);
	st->lat_sum_us = g64(in);
	st->lat_max_us = g64(in);
	for (int t = 0; t < nthr; t++)
		st->thr_good[t] = g64(in);
	/* a histogram exactly when there were latencies, holding them all:
	 * the report reads percentiles from it (found by fuzzing) */
	if (!g8(in)) {
		if (st->lat_count)
			in->bad = 1;
		return in->bad ? -1 : 0;
	}
	hist_init(h);
	h->count = g64(in);
	h->zero = g64(in);
	h->over = g64(in);
	h->min_us = g64(in);
	h->max_us = g64(in);
	h->ms_only = g8(in) != 0;
	uint32_t nz = g32(in);
	uint64_t total = 0;
	if (nz > HIST_NBUCKETS)
		in->bad = 1;
	for (uint32_t k = 0; k < nz && !in->bad; k++) {
		uint32_t i = g32(in);
		uint64_t c = g64(in);
		if (i >= HIST_NBUCKETS)
			in->bad = 1;
		else
			h->b[i] = c;
		total += c;
		if (total < c) /* wrapped */
			in->bad = 1;
	}
	if (h->count != st->lat_count || !h->count ||
	    total + h->zero + h->over != h->count)
		in->bad = 1;
	/* version 3: all the values, ascending within [min, max], or none
	 * (a state of version 1 or 2 has none: percentiles from buckets) */
	uint32_t nraw = in->version >= 3 ? g32(in) : 0;
	if (nraw && (nraw != h->count || nraw > HIST_RAW))
		in->bad = 1;
	for (uint32_t k = 0; k < nraw && !in->bad; k++) {
		uint32_t v = g32(in);
		if (v < h->min_us || v > h->max_us || (k && v < h->raw[k - 1]))
			in->bad = 1;
		h->raw[k] = v;
	}
	h->nraw = in->bad ? 0 : nraw;
	st->hist = h;
	return in->bad ? -1 : 0;
}

/* Adds the saved timeline to SLI i's (merging states adds up). */
static int timeline_in(struct in *in, agg_t *a, int i)
{
	sli_agg_t *s = &a->s[i];
	s->untimed += g64(in);
	uint64_t out = g64(in);
	uint32_t nd = g32(in);
	int n = tl_counters(s->sli);
	if (out || nd)
		timeline_add_out(agg_timeline(a, i), out);
	int64_t prev = INT64_MIN;
	for (uint32_t d = 0; d < nd && !in->bad; d++) {
		int64_t day = (int64_t)g64(in);
		uint32_t nm = g32(in);
		/* as the writer writes them: days with requests, in order,
		 * within the years slicalc works with */
		if (nm == 0 || nm > 1440 || day <= prev ||
		    day < REQ_TIME_MIN / 86400 - 1 ||
		    day > REQ_TIME_MAX / 86400)
			return in->bad = 1, -1;
		prev = day;
		uint32_t *c = timeline_day_block(agg_timeline(a, i), day);
		for (uint32_t k = 0; k < nm && !in->bad; k++) {
			uint32_t m = g32(in), req = 0;
			if (m >= 1440)
				return in->bad = 1, -1;
			for (int j = 0; j < n; j++) {
				uint32_t v = g32(in);
				/* as the writer writes them: minutes with
				 * requests, none counting more than those
				 * (found by fuzzing: a minute of 0 requests
				 * was read, then never written) */
				if ((j == TL_REQ && v == 0) ||
				    (j > TL_REQ && v > req))
					return in->bad = 1, -1;
				if (j == TL_REQ)
					req = v;
				if (c)
					c[m * (uint32_t)n + (uint32_t)j] += v;
				else if (j == TL_REQ)
					timeline_add_out(s->tl, v);
			}
		}
	}
	return in->bad ? -1 : 0;
}

/* Adds a saved series to *ser, an SLI's (s) or one of its endpoints'. */
static void series_in(struct in *in, agg_t *a, sli_agg_t *s, series_t **ser,
                      hist_t *h)
{
	uint64_t dropped = g64(in);
	uint32_t n = g32(in);
	if (!*ser)
		*ser = xcalloc(1, sizeof(**ser));
	(*ser)->dropped += dropped;
	for (uint32_t k = 0; k < n && !in->bad; k++) {
		int64_t start = (int64_t)g64(in);
		stats_t st;
		if (stats_in(in, &st, h, s->sli->nthr) < 0)
			return;
		/* only starts the spec could have made: else damaged */
		if (start < REQ_TIME_MIN - 92 * 86400 || start > REQ_TIME_MAX ||
		    series_floor(&a->by, start) != start) {
			in->bad = 1;
			return;
		}
		stats_t *d = series_at(*ser, &a->by, start, &s->room);
		if (d)
			stats_merge(d, &st);
		else
			(*ser)->dropped += st.requests;
	}
}

/* Version 4's corrected counts, added to a's: a correction the rules no
 * longer have keeps its requests in the SLI's count only. */
static void corrected_in(struct in *in, agg_t *a)
{
	const rules_t *r = a->rules;
	for (int i = 0; i < r->nsli && !in->bad; i++) {
		sli_agg_t *s = &a->s[i];
		uint64_t all = g64(in), listed = 0;
		uint32_t n = g32(in);
		if (n > (in->n - in->at) / 12) /* 12 bytes an entry at least */
			in->bad = 1;
		for (uint32_t j = 0; j < n && !in->bad; j++) {
			size_t kn;
			const char *name = gstr(in, &kn);
			uint64_t c = g64(in);
			if (!name || c > all - listed) {
				in->bad = 1;
				break;
			}
			listed += c;
			for (int k = 0; k < r->ncorr; k++)
				if (strlen(r->corr[k].name) == kn &&
				    memcmp(r->corr[k].name, name, kn) == 0)
					s->corr_n[k] += c;
		}
		s->corrected += all;
	}
}

/* The checks every reader makes: magic, checksum, version (1 to 3: a
 * version 1 state, from before timelines, loads without them; one before
 * version 3 without the raw latencies of small histograms). Returns
 * the payload's offset, or 0 with a message. */
static size_t check_header(const unsigned char *p, size_t n, uint32_t *versionp,
                           char *err, size_t errlen)
{
	if (n < 32 + 4 || memcmp(p, magic, sizeof(magic)) != 0) {
		snprintf(err, errlen, "not a slicalc state file");
		return 0;
	}
	uint32_t crc = 0;
	for (int i = 0; i < 4; i++)
		crc |= (uint32_t)p[n - 4 + (size_t)i] << (8 * i);
	if (crc != (uint32_t)crc32(0L, p, (uInt)(n - 4))) {
		snprintf(err, errlen,
		         "checksum mismatch: the state file is "
		         "damaged");
		return 0;
	}
	uint32_t version = (uint32_t)p[8] | (uint32_t)p[9] << 8 |
	                   (uint32_t)p[10] << 16 | (uint32_t)p[11] << 24;
	if (version < 1 || version > STATE_VERSION) {
		snprintf(err, errlen,
		         "state version %u; this slicalc reads "
		         "versions 1 to %d",
		         version, STATE_VERSION);
		return 0;
	}
	*versionp = version;
	return 32;
}

size_t state_frame(const unsigned char *p, size_t n, char *err, size_t errlen)
{
	if (n < sizeof(magic) || memcmp(p, magic, sizeof(magic)) != 0) {
		snprintf(err, errlen, "not a slicalc state");
		return 0;
	}
	if (n < 36) {
		snprintf(err, errlen,
		         "truncated: %zu bytes, shorter than a state's header",
		         n);
		return 0;
	}
	uint64_t len = 0;
	for (int i = 0; i < 8; i++)
		len |= (uint64_t)p[24 + i] << (8 * i);
	/* compared with what is left, never added to: a damaged length of
	 * 2^64 - 1 must not wrap into a small frame */
	if (len > n - 36) {
		snprintf(err, errlen,
		         "truncated: the header announces %llu bytes of "
		         "statistics, %zu follow",
		         (unsigned long long)len, n - 36);
		return 0;
	}
	return 36 + (size_t)len;
}

int state_decode(const unsigned char *p, size_t n, run_t *run,
                 follow_pos_t **posp, char *err, size_t errlen)
{
	const rules_t *r = run->rules;
	agg_t *a = run->agg;
	uint32_t version;
	*posp = NULL;
	if (!check_header(p, n, &version, err, errlen))
		return -1;
	struct in in = {p, n - 4, 16, 0, version};
	uint64_t fp = g64(&in);
	uint64_t len = g64(&in);
	if (fp != fingerprint(r, version)) {
		snprintf(err, errlen,
		         "written with other SLI rules; use those "
		         "rules, or remove the state file to start "
		         "afresh");
		return -1;
	}
	if (len != in.n - in.at) {
		snprintf(err, errlen, "the state file is truncated or padded");
		return -1;
	}

	size_t tn;
	gstr(&in, &tn); /* the rules text: state_rules() reads it */
	uint32_t base = (uint32_t)run->nfiles; /* merging: files so far */
	a->lines += g64(&in);
	a->requests += g64(&in);
	a->unparsed += g64(&in);
	a->unmatched += g64(&in);
	a->incomplete += g64(&in);
	a->overlong += g64(&in);
	a->filtered += g64(&in);
	int64_t tmin = (int64_t)g64(&in), tmax = (int64_t)g64(&in);
	if ((tmin == REQ_NO_TIME) != (tmax == REQ_NO_TIME) ||
	    (tmin != REQ_NO_TIME &&
	     (tmin < REQ_TIME_MIN || tmax > REQ_TIME_MAX || tmin > tmax)))
		in.bad = 1;
	else if (tmin != REQ_NO_TIME) {
		agg_time(a, tmin);
		agg_time(a, tmax);
	}
	uint32_t nf = g32(&in);
	if (nf > (in.n - in.at) / 40) /* a file record takes 40 bytes or more */
		in.bad = 1;
	follow_pos_t *pos = xcalloc(in.bad || !nf ? 1 : nf, sizeof(*pos));
	for (uint32_t i = 0; i < nf && !in.bad; i++) {
		size_t sn;
		const char *s = gstr(&in, &sn);
		if (!s)
			break;
		run->files = xrealloc(run->files, (size_t)(run->nfiles + 1) *
		                                      sizeof(*run->files));
		run_file_t *f = &run->files[run->nfiles++];
		memset(f, 0, sizeof(*f));
		f->name = xstrndup(s, sn);
		unsigned k = g8(&in);
		f->format = k < FMT_NKINDS ? (enum fmt_kind)k : FMT_NGINX;
		f->gzip = g8(&in) != 0;
		f->compression = f->gzip ? "gzip" : NULL;
		size_t en;
		const char *e = gstr(&in, &en);
		if (e && en)
			f->error = xstrndup(e, en);
		f->detected = 1;
		f->lines = g64(&in);
		f->requests = g64(&in);
		f->unparsed = g64(&in);
		f->incomplete = g64(&in);
		if (g8(&in)) {
			pos[i].valid = 1;
			pos[i].dev = g64(&in);
			pos[i].ino = g64(&in);
			pos[i].offset = g64(&in);
			pos[i].headn = g8(&in);
			const unsigned char *h =
			    pos[i].headn <= sizeof(pos[i].head)
			        ? take(&in, pos[i].headn)
			        : NULL;
			if (!h)
				in.bad = 1;
			else
				memcpy(pos[i].head, h, pos[i].headn);
		}
	}
	samples_in(&in, run, base, nf, run_add_sample);
	if (version >= 3 && !in.bad) {
		a->other += g64(&in);
		for (int k = 0; k < INC_N; k++)
			a->incomplete_by[k] += g64(&in);
		for (uint32_t i = 0; i < nf && base + i < (uint32_t)run->nfiles;
		     i++) {
			run_file_t *f = &run->files[base + i];
			f->other = g64(&in);
			size_t nn;
			const char *note = gstr(&in, &nn);
			if (note && nn && !f->note)
				f->note = xstrndup(note, nn);
			unsigned c = g8(&in);
			f->compression = c == 2   ? "zstd"
			                 : c == 1 ? "gzip"
			                          : NULL;
			if (c > 2)
				in.bad = 1;
		}
		samples_in(&in, run, base, nf, run_add_match_error);
		/* the SLI count is checked below; read as many as there are */
		for (int i = 0; i < r->nsli && !in.bad; i++)
			a->s[i].match_errors += g64(&in);
	}
	int has_by = version >= 2 ? (int)g8(&in) : 0;
	if (has_by) {
		series_spec_t spec = {0};
		unsigned u = g8(&in);
		size_t zn;
		const char *z = gstr(&in, &zn);
		int by_ep = (int)g8(&in);
		if (u > CAL_QUARTER || !z || zn >= sizeof(spec.tz) ||
		    memchr(z, '\0', zn) || by_ep > 1) {
			in.bad = 1;
		} else if ((memcpy(spec.tz, z, zn), spec.tz[0]) &&
		           !cal_zone_exists(spec.tz)) {
			snprintf(err, errlen,
			         "series in time zone '%s', which this "
			         "system's tz database does not have",
			         spec.tz);
			free(pos);
			return -1;
		} else {
			spec.unit = (enum cal_unit)u;
			if (!a->has_by) {
				agg_set_series(a, &spec, by_ep);
			} else if (a->by.unit != spec.unit ||
			           strcmp(a->by.tz, spec.tz) != 0 ||
			           a->by_endpoint != by_ep) {
				snprintf(err, errlen,
				         "saved with --by %s%s%s%s, not --by "
				         "%s%s%s%s",
				         series_unit_name(spec.unit),
				         *spec.tz ? " --tz " : "", spec.tz,
				         by_ep ? " --by-endpoint" : "",
				         series_unit_name(a->by.unit),
				         *a->by.tz ? " --tz " : "", a->by.tz,
				         a->by_endpoint ? " --by-endpoint"
				                        : "");
				free(pos);
				return -1;
			}
		}
	}
	uint32_t ns = g32(&in);
	if (!in.bad && ns != (uint32_t)r->nsli)
		in.bad = 1;
	hist_t *h = xmalloc(sizeof(*h));
	for (uint32_t i = 0; i < ns && !in.bad; i++) {
		uint32_t ne = g32(&in);
		for (uint32_t j = 0; j < ne && !in.bad; j++) {
			int other = (int)g8(&in);
			size_t kn;
			const char *key = gstr(&in, &kn);
			stats_t st;
			if (!key || stats_in(&in, &st, h, r->sli[i].nthr) < 0)
				break;
			endpoint_t *ep =
			    agg_restore(a, (int)i, key, kn, other, &st);
			if (ep && a->by_endpoint && !in.bad)
				series_in(&in, a, &a->s[i], &ep->ser, h);
		}
		if (!in.bad && version >= 2)
			timeline_in(&in, a, (int)i);
		if (has_by && !in.bad)
			series_in(&in, a, &a->s[i], &a->s[i].ser, h);
	}
	free(h);
	if (version >= 4 && !in.bad)
		corrected_in(&in, a);
	if (in.bad || in.at != in.n) {
		snprintf(err, errlen,
		         "the state file does not decode (damaged, "
		         "or written by a different slicalc)");
		free(pos);
		return -1;
	}
	agg_finish(a);
	*posp = pos;
	return 1;
}

int state_read(const char *path, unsigned char **out, size_t *outn, char *err,
               size_t errlen)
{
	*out = NULL;
	*outn = 0;
	int in = strcmp(path, "-") == 0;
	int fd = in ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "cannot open: %s", strerror(errno));
		return -1;
	}
	size_t cap = 1 << 16, n = 0;
	unsigned char *buf = xmalloc(cap);
	int e = 0;
	for (;;) {
		ssize_t got = read(fd, buf + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			e = got < 0 ? errno : 0;
			break;
		}
		n += (size_t)got;
		if (n == cap)
			buf = xrealloc(buf, cap *= 2);
	}
	if (!in)
		close(fd);
	if (e) {
		free(buf);
		snprintf(err, errlen, "read error: %s", strerror(e));
		return -1;
	}
	*out = buf;
	*outn = n;
	return 1;
}

/* 1 if the state at p was written with rules that count as r's do, 0 if
 * not, -1 with a message when its header is damaged. */
static int same_rules(const unsigned char *p, size_t n, const rules_t *r,
                      char *err, size_t errlen)
{
	uint32_t version;
	if (!check_header(p, n, &version, err, errlen))
		return -1;
	struct in in = {p, n - 4, 16, 0, version};
	return g64(&in) == fingerprint(r, version);
}

/* A state of other rules: decoded with the rules saved in it, then
 * reshaped to run's rules as a SIGHUP reload reshapes (agg_reshape), and
 * taken into run, which has no data yet. */
static int load_reshaped(const unsigned char *buf, size_t n, run_t *run,
                         follow_pos_t **pos, char *err, size_t errlen)
{
	rules_t *old = state_rules(buf, n, err, errlen);
	if (!old)
		return -1;
	run_t *tmp = run_new(old, run->fmt);
	int rc = state_decode(buf, n, tmp, pos, err, errlen);
	if (rc == 1) {
		run_reload(tmp, run->rules, NULL, 0);
		run_absorb(run, tmp);
		agg_finish(run->agg);
	}
	run_free(tmp);
	rules_free(old);
	return rc;
}

int state_load(const char *path, run_t *run, follow_pos_t **pos, int *reshaped,
               char *err, size_t errlen)
{
	unsigned char *buf;
	size_t n;
	*pos = NULL;
	*reshaped = 0;
	int rc = state_read(path, &buf, &n, err, errlen);
	if (rc <= 0)
		return rc;
	/* a file cut short says so, not the checksum it then fails */
	if (state_frame(buf, n, err, errlen) == 0 &&
	    strncmp(err, "truncated", 9) == 0) {
		free(buf);
		return -1;
	}
	rc = same_rules(buf, n, run->rules, err, errlen);
	if (rc == 1) {
		rc = state_decode(buf, n, run, pos, err, errlen);
	} else if (rc == 0) {
		rc = load_reshaped(buf, n, run, pos, err, errlen);
		*reshaped = rc == 1;
	}
	free(buf);
	return rc;
}

rules_t *state_rules(const unsigned char *p, size_t n, char *err, size_t errlen)
{
	uint32_t version;
	size_t at = check_header(p, n, &version, err, errlen);
	if (!at)
		return NULL;
	struct in in = {p, n - 4, at, 0, version};
	size_t tn;
	const char *text = gstr(&in, &tn);
	if (!text) {
		snprintf(err, errlen, "the state file does not decode");
		return NULL;
	}
	rules_err_t re;
	rules_t *r =
	    rules_load_buf(text, tn, "(rules saved in the state)", &re);
	if (!r)
		snprintf(err, errlen, "the rules saved in it do not load: %s",
		         re.msg);
	return r;
}
