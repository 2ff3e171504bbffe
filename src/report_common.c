/*
 * report_common.c - what both writers need: the display order of
 * endpoints and the percentage format.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

static int by_requests(const void *a, const void *b)
{
	const endpoint_t *x = *(const endpoint_t *const *)a;
	const endpoint_t *y = *(const endpoint_t *const *)b;
	if (x->st.requests != y->st.requests)
		return x->st.requests > y->st.requests ? -1 : 1;
	return strcmp(x->key, y->key);
}

const endpoint_t **report_sorted_endpoints(const agg_t *a, int i)
{
	const sli_agg_t *s = &a->s[i];
	const endpoint_t **v = xmalloc((size_t)(s->nep + 1) * sizeof(*v));
	for (int j = 0; j < s->nep; j++)
		v[j] = &s->ep[j];
	qsort(v, (size_t)s->nep, sizeof(*v), by_requests);
	return v;
}

void report_pct(char *buf, size_t len, double frac)
{
	snprintf(buf, len, "%.4f", frac * 100);
	/* trim "99.9000" to "99.9" and "100.0000" to "100" */
	char *dot = strchr(buf, '.');
	if (dot) {
		char *e = buf + strlen(buf) - 1;
		while (e > dot && *e == '0')
			*e-- = '\0';
		if (e == dot)
			*e = '\0';
	}
}

const char *report_format(const run_t *run)
{
	const char *name = NULL;
	for (int i = 0; i < run->nfiles; i++) {
		const run_file_t *f = &run->files[i];
		if (f->error && !f->lines)
			continue; /* never read */
		const char *n = fmt_name(f->format);
		if (name && strcmp(name, n) != 0)
			return "mixed";
		name = n;
	}
	return name ? name : "none";
}
