/*
 * logprefix.c - prefixes are recognised by their exact shape, so a
 * message that merely contains "[" or ": " is left alone.
 */
#include "logprefix.h"

#include <string.h>

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

/* "Jun 18 11:27:37 host prog[67783]: " -> length, pid. 0 if not one. */
static size_t syslog_prefix(const char *p, size_t n, slice_t *pid)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	if (n < 20 || p[3] != ' ' || p[6] != ' ' || p[9] != ':' ||
	    p[12] != ':' || p[15] != ' ')
		return 0;
	int m = 0;
	for (; m < 12; m++)
		if (memcmp(months + 3 * m, p, 3) == 0)
			break;
	if (m == 12 || !is_digit(p[5]) || !is_digit(p[7]) || !is_digit(p[14]))
		return 0;
	/* host, then "prog[pid]: " or "prog [pid]: " */
	const char *end = p + n;
	const char *q = memchr(p + 16, ' ', (size_t)(end - (p + 16)));
	if (!q)
		return 0;
	const char *open = memchr(q, '[', (size_t)(end - q));
	if (!open || open - q > 64)
		return 0;
	const char *close = memchr(open, ']', (size_t)(end - open));
	if (!close || close + 2 > end || close[1] != ':' ||
	    (close + 2 < end && close[2] != ' '))
		return 0;
	pid->p = open + 1;
	pid->n = (size_t)(close - open - 1);
	return (size_t)(close + 2 - p) + (close + 2 < end);
}

/* "2018-06-29T17:17:18.218922+00:00 app[web.1]: " (Heroku). */
static size_t heroku_prefix(const char *p, size_t n, slice_t *pid)
{
	if (n < 30 || p[4] != '-' || p[7] != '-' || p[10] != 'T' ||
	    !is_digit(p[0]))
		return 0;
	const char *end = p + n;
	const char *sp = memchr(p, ' ', n);
	if (!sp || sp - p > 40 || end - sp < 8 || memcmp(sp + 1, "app[", 4))
		return 0;
	const char *close = memchr(sp, ']', (size_t)(end - sp));
	if (!close || close + 2 > end || close[1] != ':')
		return 0;
	pid->p = sp + 5;
	pid->n = (size_t)(close - (sp + 5));
	return (size_t)(close + 2 - p) + (close + 2 < end && close[2] == ' ');
}

/* "I, [2014-05-06T14:05:25.182820 #29544]  INFO -- progname: " */
static size_t logger_prefix(const char *p, size_t n, slice_t *pid,
                            slice_t *time)
{
	if (n < 16 || !strchr("DIWEFUA", p[0]) || p[1] != ',' || p[2] != ' ' ||
	    p[3] != '[')
		return 0;
	const char *end = p + n;
	const char *close = memchr(p + 4, ']', n - 4);
	if (!close || close - p > 64)
		return 0;
	const char *hash = close;
	while (hash > p + 4 && *hash != '#')
		hash--;
	if (*hash != '#')
		return 0;
	pid->p = hash + 1;
	pid->n = (size_t)(close - hash - 1);
	time->p = p + 4;
	time->n = (size_t)(hash - (p + 4));
	while (time->n && time->p[time->n - 1] == ' ')
		time->n--;
	const char *q = close + 1;
	while (q < end && *q == ' ')
		q++;
	const char *lvl = q;
	while (q < end && is_upper(*q))
		q++;
	if (q == lvl || end - q < 4 || memcmp(q, " -- ", 4) != 0)
		return 0;
	q += 4;
	const char *colon = memchr(q, ':', (size_t)(end - q));
	if (!colon || colon - q > 64)
		return 0;
	q = colon + 1;
	if (q < end && *q == ' ')
		q++;
	return (size_t)(q - p);
}

void logprefix_split(const char *p, size_t n, logline_t *out)
{
	size_t at;
	memset(out, 0, sizeof(*out));

	if ((at = syslog_prefix(p, n, &out->pid)) ||
	    (at = heroku_prefix(p, n, &out->pid))) {
		p += at;
		n -= at;
	}
	slice_t lpid = SLICE_EMPTY;
	if ((at = logger_prefix(p, n, &lpid, &out->time))) {
		out->pid = lpid;
		p += at;
		n -= at;
	}
	/* tags: "[x] [y] " */
	const char *tags = p;
	size_t i = 0;
	while (i < n && p[i] == '[') {
		const char *close = memchr(p + i, ']', n - i);
		if (!close || close - (p + i) > 200)
			break;
		size_t after = (size_t)(close - p) + 1;
		if (after < n && p[after] != ' ')
			break;
		out->tags.p = tags;
		out->tags.n = after;
		i = after < n ? after + 1 : after;
	}
	while (i < n && p[i] == ' ')
		i++;
	out->msg.p = p + i;
	out->msg.n = n - i;
}
