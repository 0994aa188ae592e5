/* hc_sched.c: checker timing and verdicts (see hc_sched.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "daemon/conf.h"
#include "health/hc_sched.h"

#define US_PER_S 1000000ull

static int64_t
pick(int64_t a, int64_t b, int64_t c, int64_t dflt)
{
	if (a != CONF_UNSET)
		return a;
	if (b != CONF_UNSET)
		return b;
	if (c != CONF_UNSET)
		return c;
	return dflt;
}

void
hc_timing_resolve(struct hc_timing *t, const struct conf_vs *vs,
		  const struct conf_rs *rs, const struct conf_checker *ck)
{
	bool http = ck->type == CONF_CHK_HTTP || ck->type == CONF_CHK_SSL;
	bool file = ck->type == CONF_CHK_FILE;
	int64_t v, dflt_retry;

	/* keepalived's per-type retry defaults: MISC_CHECK 0, DNS_CHECK 3;
	 * FILE_CHECK acts on the first reading (track files have no retry) */
	dflt_retry = ck->type == CONF_CHK_MISC || file ? 0 : ck->type == CONF_CHK_DNS ? 3 : 1;
	v = file ? pick(ck->delay_loop, CONF_UNSET, CONF_UNSET, US_PER_S)
		 : pick(ck->delay_loop, rs->delay_loop, vs->delay_loop, 60 * US_PER_S);
	t->delay_loop_us = v > 0 ? (uint64_t)v : US_PER_S;
	v = pick(ck->conn.connect_timeout, rs->connect_timeout, vs->connect_timeout,
		 5 * US_PER_S);
	t->connect_timeout_us = v > 0 ? (uint64_t)v : 5 * US_PER_S;
	v = pick(ck->delay_before_retry, rs->delay_before_retry,
		 vs->delay_before_retry, (http ? 3 : 1) * (int64_t)US_PER_S);
	t->delay_before_retry_us = v > 0 ? (uint64_t)v : 0;
	v = file ? pick(ck->warmup, CONF_UNSET, CONF_UNSET, 0)
		 : pick(ck->warmup, rs->warmup, vs->warmup, (int64_t)t->delay_loop_us);
	t->warmup_us = v > 0 ? (uint64_t)v : 0;
	v = file ? pick(ck->retry, CONF_UNSET, CONF_UNSET, 0)
		 : pick(ck->retry, rs->retry, vs->retry, dflt_retry);
	t->retry = v > 0 ? (v > 1000000 ? 1000000u : (unsigned)v) : 0;
	v = pick(ck->alpha, rs->alpha, CONF_UNSET, vs->alpha);
	t->alpha = v != 0;
}

void
hc_sched_init(struct hc_sched *s, const struct hc_timing *t)
{
	memset(s, 0, sizeof(*s));
	s->t = *t;
	s->up = !t->alpha;
}

void
hc_sched_seed(struct hc_sched *s, bool up)
{
	s->up = up;
	s->retry_it = 0;
}

uint64_t
hc_sched_first_delay(const struct hc_sched *s, uint64_t rnd)
{
	if (s->t.warmup_us == 0)
		return 0;
	return rnd % (s->t.warmup_us + 1);
}

enum hc_change
hc_sched_result(struct hc_sched *s, bool ok, uint64_t *next_us)
{
	*next_us = s->t.delay_loop_us;
	if (ok) {
		s->retry_it = 0;
		if (s->up)
			return HC_CHANGE_NONE;
		s->up = true;
		return HC_CHANGE_UP;
	}
	if (!s->up)
		return HC_CHANGE_NONE;
	if (s->retry_it < s->t.retry) {
		s->retry_it++;
		*next_us = s->t.delay_before_retry_us;
		return HC_CHANGE_NONE;
	}
	s->retry_it = 0;
	s->up = false;
	return HC_CHANGE_DOWN;
}

static void runner_fire(struct event_timer *t, void *arg);

static void
runner_done(struct hc_check *c, enum hc_result res, void *arg)
{
	struct hc_runner *r = arg;
	enum hc_change ch;
	uint64_t next;
	bool wch = false, settle = false;

	(void)c;
	if (r->chk.wkind != HC_W_KEEP &&
	    (r->chk.wkind != r->wkind || r->chk.wval != r->wval)) {
		r->wkind = r->chk.wkind;	/* a new weight to report */
		r->wval = r->chk.wval;
		wch = true;
	}
	r->in_flight = false;
	r->last = res;
	r->last_us = event_now_us(r->chk.loop);
	if (res == HC_OK)
		r->n_ok++;
	else
		r->n_fail++;
	ch = hc_sched_result(&r->s, res == HC_OK, &next);
	if (!r->settled && (res == HC_OK || !r->s.up))
		r->settled = settle = true;	/* first verdict (HC_MSG_CHECKED) */
	/* On -ENOMEM the checker stalls; nothing better to do. */
	(void)event_timer_add_us(r->chk.loop, &r->timer, next, runner_fire, r);
	if ((ch != HC_CHANGE_NONE || wch) && r->on_change)
		r->on_change(r, ch, r->arg);
	if (settle && r->on_settled)
		r->on_settled(r, r->arg);
}

static void
runner_fire(struct event_timer *t, void *arg)
{
	struct hc_runner *r = arg;
	int err;

	(void)t;
	r->in_flight = true;
	r->chk.wkind = HC_W_KEEP;
	r->chk.recovering = !r->s.up;
	r->chk.delay_loop_us = r->s.t.delay_loop_us;
	err = r->chk.ops->start(&r->chk);
	if (err < 0) {
		snprintf(r->chk.detail, sizeof(r->chk.detail),
			 "cannot start: %s", strerror(-err));
		runner_done(&r->chk, HC_INTERNAL, r);
	}
}

void
hc_runner_init(struct hc_runner *r, const struct hc_check *chk,
	       const struct hc_timing *t, hc_change_fn *cb, void *arg)
{
	memset(r, 0, sizeof(*r));
	r->chk = *chk;
	r->chk.done = runner_done;
	r->chk.done_arg = r;
	hc_sched_init(&r->s, t);
	r->last = HC_OK;
	r->on_change = cb;
	r->arg = arg;
}

int
hc_runner_start(struct hc_runner *r, uint64_t first_us)
{
	return event_timer_add_us(r->chk.loop, &r->timer, first_us, runner_fire, r);
}

void
hc_runner_stop(struct hc_runner *r)
{
	event_timer_cancel(&r->timer);
	if (r->in_flight) {
		r->chk.ops->cancel(&r->chk);
		r->in_flight = false;
	}
}
