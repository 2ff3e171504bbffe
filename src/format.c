/*
 * format.c - dispatch from the format interface to the parsers, and
 * format detection. Detection reads the first lines of an input (what
 * the reader has buffered) with every parser and picks the one that
 * reads most of them.
 */
#include "format.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format_json.h"
#include "format_lograge.h"
#include "format_rails.h"

static const char *const names[FMT_NKINDS] = {"auto", "nginx", "rails",
                                              "lograge", "json"};

const char *fmt_name(enum fmt_kind k)
{
	return (unsigned)k < FMT_NKINDS ? names[k] : "?";
}

int fmt_lookup(const char *s)
{
	for (int k = 0; k < FMT_NKINDS; k++)
		if (strcmp(s, names[k]) == 0)
			return k;
	return -1;
}

int fmt_splittable(enum fmt_kind k)
{
	return k != FMT_RAILS;
}

struct parser {
	enum fmt_kind kind;
	const format_t *f;
	nginx_ctx_t nctx;
	nginx_perr_t pe;
	rails_t *rails;
	lograge_t *lograge;
	jsonfmt_t *json;
};

parser_t *fmt_parser_new(const format_t *f, enum fmt_kind k)
{
	parser_t *p = xcalloc(1, sizeof(*p));
	p->kind = k;
	p->f = f;
	if (k == FMT_RAILS)
		p->rails = rails_new();
	else if (k == FMT_LOGRAGE)
		p->lograge = lograge_new(f->json);
	else if (k == FMT_JSON)
		p->json = jsonfmt_new(f->json);
	return p;
}

void fmt_parser_free(parser_t *p)
{
	if (!p)
		return;
	rails_free(p->rails);
	lograge_free(p->lograge);
	jsonfmt_free(p->json);
	free(p);
}

/* 1 if the line holds nothing but spaces and tabs (a CR is cut already). */
static int blank(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
			return 0;
	return 1;
}

int fmt_parser_feed(parser_t *p, const char *line, size_t n, request_t *req)
{
	if (blank(line, n))
		return FEED_OTHER;
	switch (p->kind) {
	case FMT_RAILS:
		return rails_feed(p->rails, line, n, req);
	case FMT_LOGRAGE:
		return lograge_feed(p->lograge, line, n, req);
	case FMT_JSON:
		return jsonfmt_feed(p->json, line, n, req);
	default:
		return nginx_parse(p->f->nginx, &p->nctx, line, n, req,
		                   &p->pe) < 0
		           ? FEED_UNPARSED
		           : FEED_REQUEST;
	}
}

void fmt_parser_describe(const parser_t *p, char *buf, size_t len)
{
	switch (p->kind) {
	case FMT_RAILS:
		snprintf(buf, len, "%s", rails_why(p->rails));
		break;
	case FMT_LOGRAGE:
		snprintf(buf, len, "%s", lograge_why(p->lograge));
		break;
	case FMT_JSON:
		snprintf(buf, len, "%s", jsonfmt_why(p->json));
		break;
	default:
		nginx_perr_describe(p->f->nginx, &p->pe, buf, len);
	}
}

void fmt_parser_finish(parser_t *p)
{
	if (p->rails)
		rails_finish(p->rails);
}

uint64_t fmt_parser_incomplete(const parser_t *p, uint64_t *by)
{
	memset(by, 0, INC_N * sizeof(*by));
	if (p->rails)
		rails_incomplete(p->rails, by);
	uint64_t n = 0;
	for (int k = 0; k < INC_N; k++)
		n += by[k];
	return n;
}

static const char *const inc_keys[INC_N] = {"unfinished", "restarted",
                                            "no_start", "unpaired", "evicted"};
static const char *const inc_words[INC_N] = {
    "never completed", "restarted under the same id",
    "completed without a start", "a second Completed",
    "evicted from the table of open requests"};

const char *fmt_incomplete_key(int why)
{
	return (unsigned)why < INC_N ? inc_keys[why] : "?";
}

const char *fmt_incomplete_words(int why)
{
	return (unsigned)why < INC_N ? inc_words[why] : "?";
}

#define DETECT_LINES 200

enum fmt_kind fmt_detect(const format_t *f, const char *buf, size_t n,
                         int *confident)
{
	/* on a tie the first wins: lograge reads JSON lines too, so a file
	 * of JSON alone is json, and one with key=value lines is lograge */
	static const enum fmt_kind order[] = {FMT_NGINX, FMT_JSON, FMT_LOGRAGE,
	                                      FMT_RAILS};
	int score[FMT_NKINDS] = {0};
	parser_t *ps[FMT_NKINDS] = {0};
	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++)
		ps[order[k]] = fmt_parser_new(f, order[k]);

	const char *p = buf, *end = buf + n;
	for (int lines = 0; p < end && lines < DETECT_LINES; lines++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (len && p[len - 1] == '\r')
			len--;
		request_t req;
		score[FMT_NGINX] += fmt_parser_feed(ps[FMT_NGINX], p, len,
		                                    &req) == FEED_REQUEST;
		score[FMT_LOGRAGE] += fmt_parser_feed(ps[FMT_LOGRAGE], p, len,
		                                      &req) == FEED_REQUEST;
		score[FMT_JSON] +=
		    fmt_parser_feed(ps[FMT_JSON], p, len, &req) == FEED_REQUEST;
		score[FMT_RAILS] += rails_is_request_line(p, len);
		if (!nl)
			break;
		p = nl + 1;
	}
	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++)
		fmt_parser_free(ps[order[k]]);

	enum fmt_kind best = FMT_NGINX;
	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++)
		if (score[order[k]] > score[best])
			best = order[k];
	*confident = score[best] > 0;
	return best;
}
