/*
 * replay.h - an SLI's timeline replayed minute by minute through its
 * burn-rate alerts, as a rule evaluator would have seen it: every alert
 * that would have fired, when it cleared, how hot it burned and how much
 * of the error budget went while it fired. This is `slicalc backtest`,
 * the answer to "would these alert settings have woken us for the
 * incidents we had, and only for those?".
 *
 * Evaluation instants are the minute boundaries from the end of the
 * first minute with requests to the end of the last one; burn rates are
 * exact over whole minutes (Prometheus extrapolates rate() over its
 * samples, so its instants may differ by a minute or so at the edges).
 * An alert of a severity fires while any of its window pairs fires.
 * The instant at the end of minute m judges the windows ending with m,
 * so an alert that fires at instant t was set off by minute t - 60: its
 * bad requests count from that minute, and each instant it fires counts
 * as a minute of firing (one that still fires at the last instant has
 * fired for at least a minute).
 */
#ifndef SLICALC_REPLAY_H
#define SLICALC_REPLAY_H

#include <stddef.h>
#include <stdint.h>

#include "agg.h"
#include "slo.h"

typedef struct replay_alert {
	int slo;          /* 0 availability, 1 + i threshold i */
	int sev;          /* index into the SLI's slo_alertset_t sev */
	int64_t start;    /* first instant it fired */
	int64_t end;      /* first instant it no longer fired;
	                     REQ_NO_TIME: still firing when input ended */
	int64_t firing_s; /* a minute per instant evaluated firing: end -
	                     start, or (still firing) to + 60 - start */
	int trigger;      /* the rule (sli->alert[i]) that started it */
	double peak_burn; /* highest long-window burn of a firing pair */
	uint64_t bad;     /* bad requests of the minutes the firing instants
	                     judged: [start - 60, end - 60), or (still
	                     firing) [start - 60, to); the minute that made
	                     it fire included */
	double consumed;  /* bad / allowed of the SLO window at end (at to
	                     when still firing) */
} replay_alert_t;

typedef struct replay {
	replay_alert_t *a; /* n alerts by start, then SLO and severity */
	size_t n, cap;
	int64_t from, to; /* the instants evaluated, both included */
	int empty;        /* no request had a time: nothing evaluated */
	slo_alertset_t as;
	/* per severity (as.sev): alerts fired and their firing_s summed */
	int nfired[RULES_MAX_ALERTS];
	int64_t fired_s[RULES_MAX_ALERTS];
	/* per severity: instants (as seconds, a minute each) when none of
	 * its alerts fired but one would have on its burn rates alone: held
	 * back by min_requests */
	int64_t held_s[RULES_MAX_ALERTS];
} replay_t;

/* Replay SLI s (its timeline may be NULL) into r (zeroed by the
 * caller; free with replay_free). */
void replay_sli(const sli_agg_t *s, replay_t *r);

void replay_free(replay_t *r);

#endif
