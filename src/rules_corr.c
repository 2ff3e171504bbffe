/*
 * rules_corr.c - the corrections: list of the rules (see corr.h):
 *
 *   corrections:
 *     - name: deploy-2026-11-03             # required, unique
 *       start: 2026-11-03T10:00:00Z         # one-off: RFC 3339, a zone
 *       end: 2026-11-03T11:30:00Z           # or duration: 90m
 *       slis: [checkout]                    # default: every SLI
 *       reason: bad deploy, rolled back
 *     - name: weekly-maintenance
 *       every: week                         # or day (once: one-off)
 *       days: [sun]                         # week: mon .. sun
 *       at: "02:00"                         # local time in tz
 *       duration: 2h
 *       tz: Europe/Berlin                   # default UTC
 *       from: 2026-01-01                    # local dates, optional:
 *       until: 2027-01-01                   # [from, until)
 *
 * Every time is whole minutes (budgets are counted per minute), and a
 * recurring one lasts at most its period, so an occurrence never covers
 * the next one's start twice over.
 */
#include "rules_corr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corr.h"
#include "timefmt.h"

#define DAY_S 86400LL

/* The range a correction's times and dates must lie in: the years the
 * zone tables follow (calendar.h), also for one-off ones, so that every
 * correction is read and printed the same way. */
#define RANGE_TEXT "from 1970-01-01T00:00Z to 2100-01-01T00:00Z"

/* What an entry said, before it is checked as a whole. */
struct entry {
	corr_t *c;
	rules_t *r;
	yaml_node_t *start, *end, *dur, *every, *days, *at, *tz, *from, *until,
	    *slis;
};

/* An instant with its zone: "2026-11-03T10:00:00Z", "...+01:00". */
static int want_instant(struct ld *l, const yaml_node_t *n, const char *what,
                        int64_t *t)
{
	const char *s;
	if (rules_yaml_want_scalar(l, n, what, &s) < 0)
		return -1;
	size_t len = strlen(s);
	int zoned = len > 19 && strpbrk(s + 19, "Z+-") != NULL;
	if (!zoned || timefmt_iso8601(s, len, t) < 0)
		return rules_yaml_err(l, n,
		                      "%s must be a time with its zone, like "
		                      "2026-11-03T10:00:00Z or "
		                      "2026-11-03T11:00:00+01:00; not '%s'",
		                      what, s);
	if (*t < CAL_OFFSETS_FROM || *t > CAL_OFFSETS_TO)
		return rules_yaml_err(
		    l, n, "%s must be " RANGE_TEXT ", not '%s'", what, s);
	if (*t % 60)
		return rules_yaml_err(l, n,
		                      "%s must be a whole minute (budgets are "
		                      "counted per minute): '%s'",
		                      what, s);
	return 0;
}

/* A local date "2026-01-01", as days since 1970-01-01. */
static int want_date(struct ld *l, const yaml_node_t *n, const char *what,
                     int64_t *day)
{
	const char *s;
	int y, m, d;
	char tail;
	if (rules_yaml_want_scalar(l, n, what, &s) < 0)
		return -1;
	static const int mdays[12] = {31, 29, 31, 30, 31, 30,
	                              31, 31, 30, 31, 30, 31};
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || y < 1 ||
	    m < 1 || m > 12 || d < 1 || d > mdays[m - 1] ||
	    (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 || y % 400 == 0))))
		return rules_yaml_err(
		    l, n, "%s must be a date like 2026-01-01, not '%s'", what,
		    s);
	*day = util_days_from_civil(y, (unsigned)m, (unsigned)d);
	if (*day < CAL_OFFSETS_FROM / DAY_S || *day > CAL_OFFSETS_TO / DAY_S)
		return rules_yaml_err(l, n,
		                      "%s must be a date from 1970-01-01 to "
		                      "2100-01-01, not '%s'",
		                      what, s);
	return 0;
}

static int want_whole_minutes(struct ld *l, const yaml_node_t *n,
                              const char *what, int64_t *s)
{
	int64_t us;
	if (rules_yaml_want_duration(l, n, what, &us) < 0)
		return -1;
	if (us % 60000000)
		return rules_yaml_err(l, n,
		                      "%s must be whole minutes (like 90m or "
		                      "2h): budgets are counted per minute",
		                      what);
	*s = us / 1000000;
	return 0;
}

static int want_days(struct ld *l, yaml_node_t *v, unsigned *days)
{
	static const char names[7][4] = {"mon", "tue", "wed", "thu",
	                                 "fri", "sat", "sun"};
	if (v->type != YAML_SEQUENCE_NODE)
		return rules_yaml_err(
		    l, v, "days must be a list of days, like [sat, sun]");
	if (v->data.sequence.items.top == v->data.sequence.items.start)
		return rules_yaml_err(l, v,
		                      "days is empty: name at least one day, "
		                      "like [sun] (every day is every: day)");
	for (yaml_node_item_t *it = v->data.sequence.items.start;
	     it < v->data.sequence.items.top; it++) {
		yaml_node_t *d = rules_yaml_node(l, *it);
		const char *t = rules_yaml_scalar(d);
		int k = 0;
		while (k < 7 && !(t && strcmp(t, names[k]) == 0))
			k++;
		if (k == 7)
			return rules_yaml_err(
			    l, d,
			    "days are mon, tue, wed, thu, fri, "
			    "sat or sun, not '%s'",
			    t ? t : "(a list)");
		*days |= 1u << k;
	}
	return 0;
}

static int entry_pair(struct ld *l, const char *key, yaml_node_t *k,
                      yaml_node_t *v, void *arg)
{
	struct entry *en = arg;
	corr_t *c = en->c;
	const char *t;
	(void)k;
	if (strcmp(key, "name") == 0 || strcmp(key, "reason") == 0) {
		if (rules_yaml_want_scalar(l, v, key, &t) < 0)
			return -1;
		if (!*t)
			return rules_yaml_err(l, v, "%s must not be empty",
			                      key);
		if (rules_yaml_null(v))
			return rules_yaml_err(l, v,
			                      "%s is YAML's null ('%s'), not "
			                      "text: quote it to mean the text",
			                      key, t);
		char **slot = key[0] == 'n' ? &c->name : &c->reason;
		free(*slot);
		*slot = xstrdup(t);
		return 0;
	}
	yaml_node_t **slot = strcmp(key, "start") == 0      ? &en->start
	                     : strcmp(key, "end") == 0      ? &en->end
	                     : strcmp(key, "duration") == 0 ? &en->dur
	                     : strcmp(key, "every") == 0    ? &en->every
	                     : strcmp(key, "days") == 0     ? &en->days
	                     : strcmp(key, "at") == 0       ? &en->at
	                     : strcmp(key, "tz") == 0       ? &en->tz
	                     : strcmp(key, "from") == 0     ? &en->from
	                     : strcmp(key, "until") == 0    ? &en->until
	                                                    : &en->slis;
	*slot = v;
	return 0;
}

/* The SLIs an entry names, each one of the rules'. */
static int entry_slis(struct ld *l, struct entry *en)
{
	yaml_node_t *v = en->slis;
	rules_t *r = en->r;
	if (v->type != YAML_SEQUENCE_NODE ||
	    v->data.sequence.items.top == v->data.sequence.items.start)
		return rules_yaml_err(l, v,
		                      "slis must be a list of SLI names, like "
		                      "[checkout, api] (leave it out for "
		                      "every SLI)");
	en->c->sli = xcalloc((size_t)r->nsli + 1, 1);
	for (yaml_node_item_t *it = v->data.sequence.items.start;
	     it < v->data.sequence.items.top; it++) {
		yaml_node_t *n = rules_yaml_node(l, *it);
		const char *name;
		if (rules_yaml_want_scalar(l, n, "an SLI name", &name) < 0)
			return -1;
		int i = 0;
		while (i < r->nsli && strcmp(r->sli[i].name, name) != 0)
			i++;
		if (i == r->nsli)
			return rules_yaml_err(l, n, "no SLI is named '%s'",
			                      name);
		en->c->sli[i] = 1;
	}
	return 0;
}

/* A node an entry of this kind must not have. */
static int not_here(struct ld *l, yaml_node_t *v, const char *key,
                    const char *why)
{
	return v ? rules_yaml_err(l, v, "%s: %s", key, why) : 0;
}

static int once(struct ld *l, struct entry *en, yaml_node_t *item)
{
	corr_t *c = en->c;
	static const char *why = "only for a correction that recurs (every: "
	                         "day or week)";
	if (not_here(l, en->days, "days", why) < 0 ||
	    not_here(l, en->at, "at", why) < 0 ||
	    not_here(l, en->tz, "tz", why) < 0 ||
	    not_here(l, en->from, "from", why) < 0 ||
	    not_here(l, en->until, "until", why) < 0)
		return -1;
	if (!en->start)
		return rules_yaml_err(l, item,
		                      "needs start: (and end: or duration:), "
		                      "or every: to recur");
	if (want_instant(l, en->start, "start", &c->start) < 0)
		return -1;
	if (en->end && en->dur)
		return rules_yaml_err(l, en->dur,
		                      "give end: or duration:, not both");
	if (!en->end && !en->dur)
		return rules_yaml_err(l, item, "needs end: or duration:");
	if (en->end) {
		if (want_instant(l, en->end, "end", &c->end) < 0)
			return -1;
		if (c->end <= c->start)
			return rules_yaml_err(l, en->end,
			                      "end must be after start");
	} else {
		int64_t d = 0;
		if (want_whole_minutes(l, en->dur, "duration", &d) < 0)
			return -1;
		c->end = c->start + d;
		if (c->end > CAL_OFFSETS_TO)
			return rules_yaml_err(l, en->dur,
			                      "duration goes past "
			                      "2100-01-01T00:00Z: a correction "
			                      "must lie " RANGE_TEXT);
	}
	return 0;
}

/* The zone table of tz: an earlier correction's, or a new one. */
static void zone_of(rules_t *r, corr_t *c)
{
	for (int k = 0; k < r->ncorr; k++) {
		corr_t *o = &r->corr[k];
		if (o != c && o->zone && strcmp(o->tz, c->tz) == 0) {
			c->zone = o->zone;
			return;
		}
	}
	c->zone = cal_offsets_new(c->tz);
	c->zone_owned = 1;
}

static int recurring(struct ld *l, struct entry *en, yaml_node_t *item)
{
	corr_t *c = en->c;
	const char *t;
	static const char *why = "only for a one-off correction (without "
	                         "every:, or every: once)";
	if (not_here(l, en->start, "start", why) < 0 ||
	    not_here(l, en->end, "end", why) < 0)
		return -1;
	if (rules_yaml_want_scalar(l, en->every, "every", &t) < 0)
		return -1;
	if (strcmp(t, "day") == 0)
		c->every = CORR_DAY;
	else if (strcmp(t, "week") == 0)
		c->every = CORR_WEEK;
	else
		return rules_yaml_err(l, en->every,
		                      "every must be once, day or week, not "
		                      "'%s'",
		                      t);
	if (c->every == CORR_WEEK && !en->days)
		return rules_yaml_err(l, item,
		                      "every: week needs days:, like [sun]");
	if (c->every == CORR_DAY &&
	    not_here(l, en->days, "days", "only with every: week") < 0)
		return -1;
	if (en->days && want_days(l, en->days, &c->days) < 0)
		return -1;
	if (!en->at || !en->dur)
		return rules_yaml_err(l, item,
		                      "a recurring correction needs at: (its "
		                      "local start, like \"02:00\") and "
		                      "duration:");
	int hh, mm;
	char tail;
	if (rules_yaml_want_scalar(l, en->at, "at", &t) < 0)
		return -1;
	if (strlen(t) != 5 || sscanf(t, "%2d:%2d%c", &hh, &mm, &tail) != 2 ||
	    t[2] != ':' || hh < 0 || hh > 23 || mm < 0 || mm > 59)
		return rules_yaml_err(
		    l, en->at,
		    "at must be a local time like \"02:00\", not '%s'", t);
	c->at_s = hh * 3600 + mm * 60;
	if (want_whole_minutes(l, en->dur, "duration", &c->dur_s) < 0)
		return -1;
	int64_t period = c->every == CORR_DAY ? DAY_S : 7 * DAY_S;
	if (c->dur_s > period)
		return rules_yaml_err(l, en->dur,
		                      "duration must be at most the period "
		                      "(1d for every: day, 7d for week)");
	if (en->tz) {
		if (rules_yaml_want_scalar(l, en->tz, "tz", &t) < 0)
			return -1;
		if (strlen(t) >= sizeof(c->tz) || !cal_zone_exists(t))
			return rules_yaml_err(
			    l, en->tz,
			    "unknown time zone '%s' (a name from the tz "
			    "database, like Europe/Berlin; is tzdata "
			    "installed?)",
			    t);
		snprintf(c->tz, sizeof(c->tz), "%s", t);
	}
	c->from_day = INT64_MIN;
	c->until_day = INT64_MAX;
	if (en->from && want_date(l, en->from, "from", &c->from_day) < 0)
		return -1;
	if (en->until && want_date(l, en->until, "until", &c->until_day) < 0)
		return -1;
	if (c->until_day <= c->from_day)
		return rules_yaml_err(l, en->until, "until must be after from");
	zone_of(en->r, c);
	return 0;
}

int rules_corr_load(struct ld *l, rules_t *r, yaml_node_t *v)
{
	static const char *const keys[] = {
	    "name", "start", "end", "duration", "slis",  "reason", "every",
	    "days", "at",    "tz",  "from",     "until", NULL};
	if (v->type != YAML_SEQUENCE_NODE)
		return rules_yaml_err(l, v, "corrections must be a list");
	size_t n =
	    (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
	r->corr = xcalloc(n + 1, sizeof(*r->corr));
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *item =
		    rules_yaml_node(l, v->data.sequence.items.start[i]);
		corr_t *c = &r->corr[r->ncorr++];
		struct entry en = {.c = c, .r = r};
		c->line = (int)item->start_mark.line + 1;
		c->col = (int)item->start_mark.column + 1;
		snprintf(l->sli, sizeof(l->sli), "correction #%zu: ", i + 1);
		if (rules_yaml_each_pair(l, item, "a correction", keys,
		                         entry_pair, &en) < 0)
			return -1;
		if (!c->name)
			return rules_yaml_err(l, item, "has no name");
		snprintf(l->sli, sizeof(l->sli),
		         "correction '%.50s': ", c->name);
		for (int k = 0; k < r->ncorr - 1; k++)
			if (strcmp(r->corr[k].name, c->name) == 0)
				return rules_yaml_err(l, item,
				                      "another correction has "
				                      "the same name");
		/* every: once is the one-off kind said out loud, as the JSON
		 * report writes it */
		const char *ev = rules_yaml_scalar(en.every);
		int one_off = !en.every || (ev && strcmp(ev, "once") == 0);
		if ((one_off ? once(l, &en, item) : recurring(l, &en, item)) <
		    0)
			return -1;
		if (en.slis && entry_slis(l, &en) < 0)
			return -1;
	}
	l->sli[0] = '\0';
	return 0;
}

void rules_corr_free(rules_t *r)
{
	for (int k = 0; k < r->ncorr; k++)
		corr_release(&r->corr[k]);
	free(r->corr);
	r->corr = NULL;
	r->ncorr = 0;
}
