/*
 * rules_slo.c - the time side of an SLO in the rules: the window it is
 * judged over, its burn-rate alerts and its time-slice objective.
 *
 *   window: 30d                                  # rolling (default)
 *   window: {calendar: month, timezone: Asia/Tokyo}
 *   alerts:                                      # default: the Workbook's
 *     - {severity: page, long: 1h, short: 5m, factor: 14.4,
 *        min_requests: 10, labels: {team: hr}, annotations: {...}}
 *   timeslice: {size: 1m, good_if: "p95 <= 300ms and availability >= 99%",
 *               objective: 99%}
 *
 * Everything is counted per minute (timeline.h), so windows, alert
 * windows and slices are whole minutes.
 */
#include "rules_slo.h"
#include "rules_yaml.h"

#include "calendar.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MINUTE_US 60000000LL
#define DAY_S     86400LL

static const burn_alert_t workbook[] = {
    {.severity = "page", .long_s = 3600, .short_s = 300, .factor = 14.4},
    {.severity = "page", .long_s = 6 * 3600, .short_s = 1800, .factor = 6},
    {.severity = "ticket", .long_s = DAY_S, .short_s = 2 * 3600, .factor = 3},
    {.severity = "ticket",
     .long_s = 3 * DAY_S,
     .short_s = 6 * 3600,
     .factor = 1},
};

static int want_minutes(struct ld *l, const yaml_node_t *n, const char *what,
                        int64_t lo_s, int64_t hi_s, int64_t *s)
{
	int64_t us;
	if (rules_yaml_want_duration(l, n, what, &us) < 0)
		return -1;
	if (us % MINUTE_US)
		return rules_yaml_err(
		    l, n, "%s must be whole minutes (like 5m or 1h)", what);
	*s = us / 1000000;
	if (*s < lo_s || *s > hi_s)
		return rules_yaml_err(l, n, "%s must be from %lldm to %lldd",
		                      what, (long long)(lo_s / 60),
		                      (long long)(hi_s / DAY_S));
	return 0;
}

static int cal_pair(struct ld *l, const char *key, yaml_node_t *k,
                    yaml_node_t *v, void *arg)
{
	slo_window_t *w = arg;
	const char *t;
	(void)k;
	if (rules_yaml_want_scalar(l, v, key, &t) < 0)
		return -1;
	if (strcmp(key, "timezone") == 0) {
		if (strlen(t) >= sizeof(w->tz) || !cal_zone_exists(t))
			return rules_yaml_err(
			    l, v,
			    "unknown time zone '%s' (a name from "
			    "the tz database, like Europe/Paris; "
			    "is tzdata installed?)",
			    t);
		snprintf(w->tz, sizeof(w->tz), "%s", t);
		return 0;
	}
	if (strcmp(t, "month") == 0)
		w->kind = WIN_MONTH, w->seconds = 30 * DAY_S;
	else if (strcmp(t, "week") == 0)
		w->kind = WIN_WEEK, w->seconds = 7 * DAY_S;
	else if (strcmp(t, "quarter") == 0)
		w->kind = WIN_QUARTER, w->seconds = 90 * DAY_S;
	else
		return rules_yaml_err(
		    l, v,
		    "calendar must be month, week or quarter, not "
		    "'%s'",
		    t);
	return 0;
}

int rules_slo_window(struct ld *l, yaml_node_t *v, slo_window_t *w)
{
	memset(w, 0, sizeof(*w));
	if (v && v->type == YAML_SCALAR_NODE) {
		w->kind = WIN_ROLLING;
		return want_minutes(l, v, "window", 3600, 400 * DAY_S,
		                    &w->seconds);
	}
	static const char *const keys[] = {"calendar", "timezone", NULL};
	w->seconds = -1;
	if (rules_yaml_each_pair(l, v, "window", keys, cal_pair, w) < 0)
		return -1;
	if (w->seconds < 0)
		return rules_yaml_err(
		    l, v,
		    "a calendar window needs calendar: month, week "
		    "or quarter");
	return 0;
}

static int alert_pair(struct ld *l, const char *key, yaml_node_t *k,
                      yaml_node_t *v, void *arg)
{
	burn_alert_t *a = arg;
	const char *t;
	(void)k;
	if (strcmp(key, "severity") == 0) {
		if (rules_yaml_want_scalar(l, v, "severity", &t) < 0)
			return -1;
		size_t n = strlen(t);
		if (n == 0 || n >= sizeof(a->severity) ||
		    strspn(t, "abcdefghijklmnopqrstuvwxyz0123456789_-") != n)
			return rules_yaml_err(
			    l, v,
			    "severity must be a short lowercase "
			    "word like page or ticket, not '%s'",
			    t);
		memcpy(a->severity, t, n + 1);
		return 0;
	}
	if (strcmp(key, "labels") == 0 || strcmp(key, "annotations") == 0)
		return rules_yaml_kv(l, v, key, key[0] == 'l',
		                     key[0] == 'l' ? &a->labels
		                                   : &a->annotations);
	if (strcmp(key, "min_requests") == 0) {
		double d;
		if (rules_yaml_want_number(l, v, "min_requests", &d) < 0)
			return -1;
		if (d < 0 || d > 1e12 || d != floor(d))
			return rules_yaml_err(
			    l, v,
			    "min_requests must be a whole number from 0 "
			    "(any) to 1000000000000, not '%s'",
			    rules_yaml_scalar(v));
		a->min_requests = (uint64_t)d;
		return 0;
	}
	if (strcmp(key, "factor") == 0) {
		if (rules_yaml_want_number(l, v, "factor", &a->factor) < 0)
			return -1;
		if (!(a->factor > 0 && a->factor <= 10000))
			return rules_yaml_err(
			    l, v,
			    "factor must be above 0 (a burn rate "
			    "like 14.4)");
		return 0;
	}
	return want_minutes(l, v, key, 60, 90 * DAY_S,
	                    strcmp(key, "long") == 0 ? &a->long_s
	                                             : &a->short_s);
}

/* The value of key in m, or NULL. */
static const char *kv_get(const kv_map_t *m, const char *key)
{
	for (int i = 0; i < m->n; i++)
		if (strcmp(m->kv[i].key, key) == 0)
			return m->kv[i].value;
	return NULL;
}

/* The alerts of one severity are one Prometheus alert (their pairs
 * or'ed), so they must say the same labels or annotations: x of an
 * earlier alert, y of this one. A key on one only is an error too, as
 * the one alert would carry it for both pairs. */
static int disagree(struct ld *l, const yaml_node_t *item, const kv_map_t *x,
                    const kv_map_t *y, const char *what, const char *sev)
{
	for (int j = 0; j < y->n; j++) {
		const char *v = kv_get(x, y->kv[j].key);
		if (v && strcmp(v, y->kv[j].value) != 0)
			return rules_yaml_err(
			    l, item,
			    "%s.%s differs from another alert of the "
			    "same severity; they make one Prometheus "
			    "alert, so say it once",
			    what, y->kv[j].key);
		if (!v)
			return rules_yaml_err(
			    l, item,
			    "%s.%s is on this %s alert but not on an earlier "
			    "one; the alerts of one severity make one "
			    "Prometheus alert, so give each the same %s",
			    what, y->kv[j].key, sev, what);
	}
	for (int i = 0; i < x->n; i++)
		if (!kv_get(y, x->kv[i].key))
			return rules_yaml_err(
			    l, item,
			    "%s.%s is on an earlier %s alert but not on this "
			    "one; the alerts of one severity make one "
			    "Prometheus alert, so give each the same %s",
			    what, x->kv[i].key, sev, what);
	return 0;
}

int rules_slo_alerts(struct ld *l, yaml_node_t *v, burn_alert_t *a, int *n)
{
	static const char *const keys[] = {
	    "severity",     "long",   "short",       "factor",
	    "min_requests", "labels", "annotations", NULL};
	if (!v || v->type != YAML_SEQUENCE_NODE)
		return rules_yaml_err(
		    l, v,
		    "alerts must be a list of {severity, long, "
		    "short, factor}");
	*n = 0;
	for (yaml_node_item_t *it = v->data.sequence.items.start;
	     it < v->data.sequence.items.top; it++) {
		yaml_node_t *item = rules_yaml_node(l, *it);
		if (*n == RULES_MAX_ALERTS)
			return rules_yaml_err(l, item, "at most %d alerts",
			                      RULES_MAX_ALERTS);
		burn_alert_t *b = &a[*n];
		memset(b, 0, sizeof(*b));
		if (rules_yaml_each_pair(l, item, "an alert", keys, alert_pair,
		                         b) < 0)
			return -1;
		if (!b->severity[0] || !b->long_s || !b->short_s || !b->factor)
			return rules_yaml_err(
			    l, item,
			    "an alert needs severity, long, short "
			    "and factor");
		if (b->short_s >= b->long_s)
			return rules_yaml_err(l, item,
			                      "an alert's short window must be "
			                      "shorter than its long one");
		for (int j = 0; j < *n; j++)
			if (strcmp(a[j].severity, b->severity) == 0 &&
			    (disagree(l, item, &a[j].labels, &b->labels,
			              "labels", b->severity) < 0 ||
			     disagree(l, item, &a[j].annotations,
			              &b->annotations, "annotations",
			              b->severity) < 0))
				return -1;
		(*n)++;
	}
	return 0;
}

/* One condition of good_if: "p95 <= 300ms" or "availability >= 99%". */
static int ts_cond(const char *s, ts_cond_t *c)
{
	char lhs[32], op[3], rhs[32], extra;
	if (sscanf(s, " %31[a-z0-9.] %2[<>=] %31s %c", lhs, op, rhs, &extra) !=
	    3)
		return -1;
	char *end;
	if (lhs[0] == 'p' && strcmp(op, "<=") == 0) {
		double q = strtod(lhs + 1, &end);
		if (end == lhs + 1 || *end || !(q > 0 && q <= 100))
			return -1;
		c->kind = TS_PCT_LE;
		c->q = q / 100;
		return parse_duration_us(rhs, &c->us) < 0 ? -1 : 0;
	}
	if (strcmp(lhs, "availability") == 0 && strcmp(op, ">=") == 0) {
		double v = strtod(rhs, &end);
		if (end == rhs || (*end && strcmp(end, "%") != 0) ||
		    !(v >= 0 && v <= 100))
			return -1;
		c->kind = TS_AVAIL_GE;
		c->avail = v / 100;
		return 0;
	}
	return -1;
}

static int good_if(struct ld *l, yaml_node_t *v, timeslice_t *ts)
{
	const char *t;
	if (rules_yaml_want_scalar(l, v, "good_if", &t) < 0)
		return -1;
	if (strlen(t) >= sizeof(ts->good_if))
		return rules_yaml_err(l, v, "good_if is too long");
	snprintf(ts->good_if, sizeof(ts->good_if), "%s", t);
	char buf[sizeof(ts->good_if)];
	snprintf(buf, sizeof(buf), "%s", t);
	ts->ncond = 0;
	for (char *p = buf;;) {
		char *and = strstr(p, " and ");
		if (and)
			*and = '\0';
		if (ts->ncond == RULES_MAX_TSCOND)
			return rules_yaml_err(l, v,
			                      "good_if: at most %d conditions",
			                      RULES_MAX_TSCOND);
		if (ts_cond(p, &ts->cond[ts->ncond]) < 0)
			return rules_yaml_err(
			    l, v,
			    "good_if: cannot read '%s'; write "
			    "conditions like \"p95 <= 300ms\" or "
			    "\"availability >= 99%%\" joined by "
			    "\"and\"",
			    p);
		ts->ncond++;
		if (!and)
			return 0;
		p = and+5;
	}
}

static int ts_pair(struct ld *l, const char *key, yaml_node_t *k,
                   yaml_node_t *v, void *arg)
{
	timeslice_t *ts = arg;
	(void)k;
	if (strcmp(key, "size") == 0)
		return want_minutes(l, v, "timeslice size", 60, DAY_S,
		                    &ts->size_s);
	if (strcmp(key, "objective") == 0)
		return rules_yaml_want_percent(l, v, "timeslice objective",
		                               &ts->objective);
	return good_if(l, v, ts);
}

int rules_slo_timeslice(struct ld *l, yaml_node_t *v, timeslice_t *ts)
{
	static const char *const keys[] = {"size", "good_if", "objective",
	                                   NULL};
	memset(ts, 0, sizeof(*ts));
	ts->objective = -1;
	if (rules_yaml_each_pair(l, v, "timeslice", keys, ts_pair, ts) < 0)
		return -1;
	if (!ts->size_s || !ts->ncond || ts->objective < 0)
		return rules_yaml_err(
		    l, v, "timeslice needs size, good_if and objective");
	if (DAY_S % ts->size_s)
		return rules_yaml_err(
		    l, v,
		    "timeslice size must divide a day (1m, 5m, "
		    "15m, 1h, ...)");
	return 0;
}

void rules_slo_defaults(struct ld *l, sli_t *s)
{
	if (!s->has_window) {
		if (l->has_window)
			s->window = l->window;
		else
			s->window = (slo_window_t){WIN_ROLLING, 30 * DAY_S, ""};
	}
	if (!s->has_alerts) {
		if (l->has_alerts) {
			s->nalert = l->nalert;
			memcpy(s->alert, l->alert, sizeof(l->alert));
		} else {
			s->nalert = (int)(sizeof(workbook) / sizeof(*workbook));
			memcpy(s->alert, workbook, sizeof(workbook));
		}
	}
}
