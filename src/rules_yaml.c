/*
 * rules_yaml.c - walking libyaml's node tree with errors at line:col
 * (see rules_yaml.h).
 */
#include "rules_yaml.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rules_yaml_err(struct ld *l, const yaml_node_t *n, const char *fmt, ...)
{
	if (l->failed)
		return -1;
	l->failed = 1;
	size_t at =
	    (size_t)snprintf(l->e->msg, sizeof(l->e->msg), "%s", l->sli);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(l->e->msg + at, sizeof(l->e->msg) - at, fmt, ap);
	va_end(ap);
	if (n) {
		l->e->line = (int)n->start_mark.line + 1;
		l->e->col = (int)n->start_mark.column + 1;
	}
	return -1;
}

const char *rules_yaml_scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE
	           ? (const char *)n->data.scalar.value
	           : NULL;
}

yaml_node_t *rules_yaml_node(struct ld *l, int id)
{
	return yaml_document_get_node(l->doc, id);
}

int rules_yaml_null(const yaml_node_t *n)
{
	static const char *const nulls[] = {"~", "null", "Null", "NULL"};
	const char *s = rules_yaml_scalar(n);
	if (!s || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 0;
	for (size_t i = 0; i < sizeof(nulls) / sizeof(*nulls); i++)
		if (strcmp(s, nulls[i]) == 0)
			return 1;
	return 0;
}

int rules_yaml_want_scalar(struct ld *l, const yaml_node_t *n, const char *what,
                           const char **out)
{
	*out = rules_yaml_scalar(n);
	if (!*out)
		return rules_yaml_err(l, n, "%s must be a single value", what);
	return 0;
}

/* -1 (with the error) when key, the key of pair p in mapping n, was a key
 * of an earlier pair too. */
static int given_before(struct ld *l, yaml_node_t *n, yaml_node_pair_t *p,
                        yaml_node_t *k, const char *key, const char *what)
{
	for (yaml_node_pair_t *q = n->data.mapping.pairs.start; q < p; q++) {
		const char *prev =
		    rules_yaml_scalar(rules_yaml_node(l, q->key));
		if (prev && strcmp(prev, key) == 0)
			return rules_yaml_err(l, k, "'%s' is given twice in %s",
			                      key, what);
	}
	return 0;
}

/* A number; percent values are checked by the caller. */
int rules_yaml_want_number(struct ld *l, const yaml_node_t *n, const char *what,
                           double *out)
{
	const char *s;
	char *end;
	if (rules_yaml_want_scalar(l, n, what, &s) < 0)
		return -1;
	errno = 0;
	*out = strtod(s, &end);
	if (*s == '\0' || *end != '\0' || errno || !isfinite(*out))
		return rules_yaml_err(l, n, "%s must be a number, not '%s'",
		                      what, s);
	return 0;
}

int rules_yaml_want_percent(struct ld *l, const yaml_node_t *n,
                            const char *what, double *frac)
{
	const char *s = rules_yaml_scalar(n);
	char *end;
	double v;
	/* "99.9" or "99.9%": both are what people write */
	if (s && *s && (v = strtod(s, &end), end != s) && strcmp(end, "%") == 0)
		;
	else if (rules_yaml_want_number(l, n, what, &v) < 0)
		return -1;
	else if (v > 0 && v < 1)
		/* 0.999 is a fraction written where a percent goes; a
		 * percent that small is written with its sign */
		return rules_yaml_err(
		    l, n,
		    "%s is a percentage: did you mean %g? (write "
		    "%g%% for %g percent)",
		    what, v * 100, v, v);
	if (!(v > 0 && v <= 100))
		return rules_yaml_err(l, n,
		                      "%s must be a percentage above 0 and at "
		                      "most 100, not %g",
		                      what, v);
	*frac = v / 100.0;
	/* the double nearest the written number / 100: "99.9" gives 0.999,
	 * not 99.9 / 100 = 0.9990000000000001 */
	char buf[64];
	size_t len = strcspn(s, "%");
	if (len < sizeof(buf) - 4 && !memchr(s, 'e', len) &&
	    !memchr(s, 'E', len)) {
		memcpy(buf, s, len);
		memcpy(buf + len, "e-2", 4);
		double f = strtod(buf, &end);
		if (*end == '\0' && isfinite(f))
			*frac = f;
	}
	return 0;
}

int rules_yaml_each_pair(struct ld *l, yaml_node_t *n, const char *what,
                         const char *const *keys, rules_yaml_pair_fn fn,
                         void *arg)
{
	if (!n || n->type != YAML_MAPPING_NODE)
		return rules_yaml_err(
		    l, n, "%s must be a mapping of keys to values", what);
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
	     p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = rules_yaml_node(l, p->key),
		            *v = rules_yaml_node(l, p->value);
		const char *key = rules_yaml_scalar(k);
		if (!key)
			return rules_yaml_err(
			    l, k, "keys in %s must be plain words", what);
		int known = 0;
		for (const char *const *kk = keys; *kk; kk++)
			known |= strcmp(*kk, key) == 0;
		if (given_before(l, n, p, k, key, what) < 0)
			return -1;
		if (!known) {
			char list[256] = "";
			for (const char *const *kk = keys; *kk; kk++) {
				strncat(list, *kk,
				        sizeof(list) - strlen(list) - 3);
				if (kk[1])
					strncat(list, ", ",
					        sizeof(list) - strlen(list) -
					            1);
			}
			return rules_yaml_err(
			    l, k, "unknown key '%s' in %s (known: %s)", key,
			    what, list);
		}
		if (fn(l, key, k, v, arg) < 0)
			return -1;
	}
	return 0;
}

/* 1 if s is a positive number and a unit that parse_duration_us knows,
 * so that it refused s for its size (over 1e15 microseconds). */
static int too_long(const char *s)
{
	static const char *const units[] = {"us",  "µs", "ms", "s", "m",
	                                    "min", "h",  "d",  NULL};
	char *end;
	double v = strtod(s, &end);
	if (end == s || !(v > 0))
		return 0;
	for (const char *const *u = units; *u; u++)
		if (strcmp(end, *u) == 0)
			return 1;
	return 0;
}

int rules_yaml_want_duration(struct ld *l, const yaml_node_t *n,
                             const char *what, int64_t *us)
{
	const char *t;
	if (rules_yaml_want_scalar(l, n, what, &t) < 0)
		return -1;
	if (parse_duration_us(t, us) < 0 && too_long(t))
		return rules_yaml_err(
		    l, n,
		    "%s '%s' is out of range: durations go up "
		    "to 11574d (about 31 years)",
		    what, t);
	if (parse_duration_us(t, us) < 0 || *us <= 0)
		return rules_yaml_err(
		    l, n,
		    "%s must be a duration with a unit, like 5m, "
		    "1h or 30d; not '%s'",
		    what, t);
	return 0;
}

#define KV_MAX     RULES_MAX_KV
#define KV_MAX_LEN 4096 /* bytes of one key or value */

static int label_name_ok(const char *k)
{
	if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') ||
	      *k == '_'))
		return 0;
	size_t n = strlen(k);
	return strspn(k, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                 "0123456789_") == n;
}

static int utf8_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), k;
	for (size_t i = 0; i < n; i += k)
		if (!(k = p[i] < 0x80 ? 1 : utf8_seq(p + i, n - i)))
			return 0;
	return 1;
}

int rules_yaml_kv(struct ld *l, yaml_node_t *n, const char *what, int labels,
                  kv_map_t *out)
{
	static const char *const reserved[] = {"sli", "slo", "severity",
	                                       "alertname"};
	if (!n || n->type != YAML_MAPPING_NODE)
		return rules_yaml_err(l, n,
		                      "%s must be a mapping of names to text, "
		                      "like {team: payments}",
		                      what);
	size_t np = (size_t)(n->data.mapping.pairs.top -
	                     n->data.mapping.pairs.start),
	       bytes = np * sizeof(kv_pair_t);
	if (np > KV_MAX)
		return rules_yaml_err(l, n, "%s: at most %d entries", what,
		                      KV_MAX);
	/* check everything first, then copy into one block */
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
	     p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = rules_yaml_node(l, p->key),
		            *v = rules_yaml_node(l, p->value);
		const char *key = rules_yaml_scalar(k), *val;
		if (!key || !label_name_ok(key) || strncmp(key, "__", 2) == 0)
			return rules_yaml_err(
			    l, k,
			    "%s: '%s' is not a label name (letters, digits "
			    "and _, not starting with a digit or __)",
			    what, key ? key : "?");
		for (size_t i = 0; labels && i < 4; i++)
			if (strcmp(key, reserved[i]) == 0)
				return rules_yaml_err(
				    l, k,
				    "%s: '%s' is set by slicalc's rules "
				    "(sli, slo, severity and alertname are)",
				    what, key);
		if (given_before(l, n, p, k, key, what) < 0)
			return -1;
		char vw[80];
		snprintf(vw, sizeof(vw), "%s.%s", what, key);
		if (rules_yaml_want_scalar(l, v, vw, &val) < 0)
			return -1;
		if (rules_yaml_null(v))
			return rules_yaml_err(
			    l, v,
			    "%s is YAML's null ('%s'), not text: leave it out, "
			    "or quote it (\"%s\") to mean the text",
			    vw, val, val);
		if (!utf8_ok(val))
			return rules_yaml_err(l, v, "%s is not UTF-8", vw);
		if (labels && !*val)
			return rules_yaml_err(
			    l, v,
			    "%s is empty (an empty label is no label; leave "
			    "it out)",
			    vw);
		if (strlen(key) > KV_MAX_LEN || strlen(val) > KV_MAX_LEN)
			return rules_yaml_err(
			    l, v, "%s is longer than %d bytes", vw, KV_MAX_LEN);
		bytes += strlen(key) + strlen(val) + 2;
	}
	char *block = xmalloc(bytes ? bytes : 1);
	kv_pair_t *kv = (kv_pair_t *)(void *)block;
	char *s = block + np * sizeof(kv_pair_t);
	l->r->owned = xrealloc(l->r->owned, (size_t)(l->r->nowned + 1) *
	                                        sizeof(*l->r->owned));
	l->r->owned[l->r->nowned++] = block;
	for (size_t i = 0; i < np; i++) {
		yaml_node_pair_t *p = &n->data.mapping.pairs.start[i];
		const char *src[2] = {
		    rules_yaml_scalar(rules_yaml_node(l, p->key)),
		    rules_yaml_scalar(rules_yaml_node(l, p->value))};
		for (int j = 0; j < 2; j++) {
			size_t len = strlen(src[j]) + 1;
			memcpy(s, src[j], len);
			*(j ? &kv[i].value : &kv[i].key) = s;
			s += len;
		}
	}
	out->n = (int)np;
	out->kv = kv;
	return 0;
}
