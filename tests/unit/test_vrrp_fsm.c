/* test_vrrp_fsm.c: the VRRP state machine, driven by a fake clock.
 *
 * A small simulated LAN: every router is a struct vrrp_fsm whose ops record
 * actions, keep its two timers as absolute deadlines and queue the adverts
 * it sends for delivery (at the same instant) to every other connected,
 * running router.  run_until() drains that queue, then jumps the clock to
 * the next deadline and fires it, until the end time.  Scenarios are tables
 * of timed steps plus the expected final states and the instant each router
 * last became master.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "vrrp_fsm.h"
#include "ck_run.h"

#define MAXR	3
#define QMAX	64
#define NONE	UINT64_MAX		/* timer not armed / never master */
#define ANY	(UINT64_MAX - 1)	/* do not check */
#define S(x)	((uint64_t)(x) * 1000000u)
#define MS(x)	((uint64_t)(x) * 1000u)

struct net;

struct router {
	struct net *net;
	int idx;
	struct vrrp_fsm f;
	uint64_t deadline[VRRP_TIMER_MAX];
	bool running, connected;
	bool vips;
	unsigned garps, garps_lower, adverts, prio0;
	uint8_t last_prio;
	uint64_t master_at;
};

struct msg {
	int from;
	struct vrrp_fsm_advert adv;
};

struct net {
	struct router r[MAXR];
	int n;
	uint64_t now;
	struct msg q[QMAX];
	int qlen;
};

/* ---- ops ---- */

static void
op_send(void *arg, uint8_t prio)
{
	struct router *r = arg;
	struct net *n = r->net;
	struct msg *m;

	r->adverts++;
	r->last_prio = prio;
	if (prio == 0)
		r->prio0++;
	if (!r->connected)
		return;
	ck_assert_int_lt(n->qlen, QMAX);
	m = &n->q[n->qlen++];
	m->from = r->idx;
	m->adv.priority = prio;
	m->adv.adver_int = vrrp_fsm_adver_int_wire(&r->f);
	m->adv.src = r->f.cfg.primary;
}

static void
op_arm(void *arg, enum vrrp_timer t, uint64_t delay)
{
	struct router *r = arg;

	r->deadline[t] = r->net->now + delay;
}

static void
op_cancel(void *arg, enum vrrp_timer t)
{
	struct router *r = arg;

	r->deadline[t] = NONE;
}

static void
op_vips_add(void *arg)
{
	struct router *r = arg;

	ck_assert(!r->vips);
	r->vips = true;
}

static void
op_vips_del(void *arg)
{
	struct router *r = arg;

	ck_assert(r->vips);
	r->vips = false;
}

static void
op_garp(void *arg, bool lower)
{
	struct router *r = arg;

	if (lower)
		r->garps_lower++;
	else
		r->garps++;
}

static void
op_state(void *arg, enum vrrp_state old, enum vrrp_state new_state,
	 enum vrrp_event why)
{
	struct router *r = arg;

	ck_assert_int_ne(old, new_state);
	ck_assert_int_eq(r->f.state, new_state);
	if (new_state == VRRP_STATE_MASTER)
		r->master_at = r->net->now;
}

static const struct vrrp_fsm_ops ops = {
	.send_advert = op_send,
	.timer_arm = op_arm,
	.timer_cancel = op_cancel,
	.vips_add = op_vips_add,
	.vips_del = op_vips_del,
	.send_garp = op_garp,
	.state_change = op_state,
};

/* ---- the simulated LAN ---- */

struct rcfg {
	uint8_t prio;
	uint8_t addr;		/* 10.0.0.<addr> */
	uint8_t version;	/* 0: 2 */
	uint64_t adver_us;	/* 0: 1 s */
	bool nopreempt;
	uint64_t preempt_delay;
	bool lower_prio_no_advert;
	bool higher_prio_send_advert;
	bool want_master;	/* "state MASTER" */
	bool not_ready;		/* LVS side not ready from the start */
};

static void
cfg_from(struct vrrp_fsm_config *c, const struct rcfg *rc)
{
	memset(c, 0, sizeof(*c));
	c->version = rc->version ? rc->version : 2;
	c->priority = rc->prio;
	c->adver_int_us = rc->adver_us ? rc->adver_us : S(1);
	c->nopreempt = rc->nopreempt;
	c->preempt_delay_us = rc->preempt_delay;
	c->lower_prio_no_advert = rc->lower_prio_no_advert;
	c->higher_prio_send_advert = rc->higher_prio_send_advert;
	c->want_master = rc->want_master;
	c->primary.family = AF_INET;
	c->primary.addr[0] = 10;
	c->primary.addr[3] = rc->addr;
}

static void
net_init(struct net *n, const struct rcfg *rc, int count)
{
	struct vrrp_fsm_config c;
	int i, t;

	memset(n, 0, sizeof(*n));
	n->n = count;
	for (i = 0; i < count; i++) {
		struct router *r = &n->r[i];

		r->net = n;
		r->idx = i;
		r->connected = true;
		r->master_at = NONE;
		for (t = 0; t < VRRP_TIMER_MAX; t++)
			r->deadline[t] = NONE;
		cfg_from(&c, &rc[i]);
		ck_assert_int_eq(vrrp_fsm_init(&r->f, &c, &ops, r), 0);
		ck_assert(r->f.ready);
		if (rc[i].not_ready) {
			struct vrrp_fsm_input in = { .event = VRRP_EV_READY };

			vrrp_fsm_input(&r->f, &in);
		}
	}
}

static void
input(struct net *n, int i, enum vrrp_event ev)
{
	struct vrrp_fsm_input in = { .event = ev, .now_us = n->now };

	vrrp_fsm_input(&n->r[i].f, &in);
}

static void
deliver(struct net *n)
{
	int k = 0, i;

	while (k < n->qlen) {
		struct msg m = n->q[k++];

		for (i = 0; i < n->n; i++) {
			struct router *r = &n->r[i];
			struct vrrp_fsm_input in = { .event = VRRP_EV_ADVERT,
				.now_us = n->now, .adv = m.adv };

			if (i == m.from || !r->running || !r->connected)
				continue;
			vrrp_fsm_input(&r->f, &in);
		}
	}
	n->qlen = 0;
}

/* Fire the earliest due timer before @end; false if there is none. */
static bool
fire_next(struct net *n, uint64_t end)
{
	int best = -1, bt = 0, i, t;
	uint64_t when = NONE;

	for (i = 0; i < n->n; i++)
		for (t = 0; t < VRRP_TIMER_MAX; t++)
			if (n->r[i].running && n->r[i].deadline[t] < when) {
				when = n->r[i].deadline[t];
				best = i;
				bt = t;
			}
	if (best < 0 || when >= end)
		return false;
	ck_assert_uint_ge(when, n->now);
	n->now = when;
	n->r[best].deadline[bt] = NONE;
	input(n, best, bt == VRRP_TIMER_ADVER ? VRRP_EV_ADVER_TIMER :
		       bt == VRRP_TIMER_RELEASE ? VRRP_EV_RELEASE :
		       VRRP_EV_MASTER_DOWN);
	deliver(n);
	return true;
}

static void
run_until(struct net *n, uint64_t end)
{
	deliver(n);
	while (fire_next(n, end))
		;
	n->now = end;
}

/* ---- scenarios ---- */

enum op {
	OP_END = 0, OP_START, OP_STOP, OP_CRASH, OP_UNPLUG, OP_PLUG,
	OP_IFDOWN, OP_IFUP, OP_PRIO, OP_READY, OP_NOTREADY,
};

struct step {
	uint64_t t;
	int r;
	enum op op;
	uint8_t val;
};

struct scenario {
	const char *name;
	int n;
	struct rcfg r[MAXR];
	struct step steps[10];
	uint64_t end;
	enum vrrp_state final[MAXR];
	uint64_t master_at[MAXR];	/* last entry into MASTER */
};

/* Master_Down_Interval (v2, 1 s adverts) for priorities 100 and 200. */
#define MDI_100	(S(3) + 609375u)	/* skew (256-100)/256 s */
#define MDI_200	(S(3) + 218750u)	/* skew (256-200)/256 s */
#define SKEW_100 609375u

static const struct scenario scenarios[] = {
	{ "election by priority", 2,
	  { { .prio = 100, .addr = 1 }, { .prio = 200, .addr = 2 } },
	  { { 0, 0, OP_START, 0 }, { 0, 1, OP_START, 0 } }, S(30),
	  { VRRP_STATE_BACKUP, VRRP_STATE_MASTER }, { NONE, MDI_200 } },
	{ "owner becomes master at once", 2,
	  { { .prio = 100, .addr = 1 }, { .prio = 255, .addr = 2 } },
	  { { 0, 0, OP_START, 0 }, { 0, 1, OP_START, 0 } }, S(30),
	  { VRRP_STATE_BACKUP, VRRP_STATE_MASTER }, { NONE, 0 } },
	{ "priority 0 on shutdown: takeover after skew time", 2,
	  { { .prio = 100, .addr = 1 }, { .prio = 200, .addr = 2 } },
	  { { 0, 0, OP_START, 0 }, { 0, 1, OP_START, 0 }, { S(10), 1, OP_STOP, 0 } },
	  S(30), { VRRP_STATE_MASTER, VRRP_STATE_INIT },
	  { S(10) + SKEW_100, MDI_200 } },
	{ "master crash: takeover after master down interval", 2,
	  { { .prio = 100, .addr = 1 }, { .prio = 200, .addr = 2 } },
	  { { 0, 0, OP_START, 0 }, { 0, 1, OP_START, 0 }, { S(10), 1, OP_CRASH, 0 } },
	  S(30), { VRRP_STATE_MASTER, VRRP_STATE_MASTER },
	  /* last advert of 1 at MDI_200 + 6 s */
	  { MDI_200 + S(6) + MDI_100, MDI_200 } },
	{ "preempt: higher priority joins later and takes over", 2,
	  { { .prio = 100, .addr = 1 }, { .prio = 200, .addr = 2 } },
	  { { 0, 0, OP_START, 0 }, { S(10), 1, OP_START, 0 } }, S(30),
	  { VRRP_STATE_BACKUP, VRRP_STATE_MASTER },
	  { MDI_100, S(10) + MDI_200 } },
	{ "nopreempt: higher priority joins later and stays backup", 2,
	  { { .prio = 100, .addr = 1 },
	    { .prio = 200, .addr = 2, .nopreempt = true } },
	  { { 0, 0, OP_START, 0 }, { S(10), 1, OP_START, 0 } }, S(60),
	  { VRRP_STATE_MASTER, VRRP_STATE_BACKUP }, { MDI_100, NONE } },
	{ "preempt_delay 5 s", 2,
	  { { .prio = 100, .addr = 1 },
	    { .prio = 200, .addr = 2, .preempt_delay = S(5) } },
	  { { 0, 0, OP_START, 0 }, { S(10), 1, OP_START, 0 } }, S(40),
	  { VRRP_STATE_BACKUP, VRRP_STATE_MASTER },
	  /* first advert seen at MDI_100 + 7 s starts the delay; adverts are
	   * accepted until it ends 5 s later, the last one 1 s before */
	  { MDI_100, MDI_100 + S(7) + S(4) + MDI_200 } },
	{ "equal priority: two masters meet, higher address wins", 2,
	  { { .prio = 100, .addr = 1 }, { .prio = 100, .addr = 2 } },
	  { { 0, 0, OP_UNPLUG, 0 }, { 0, 1, OP_UNPLUG, 0 }, { 0, 0, OP_START, 0 },
	    { 0, 1, OP_START, 0 }, { S(10), 0, OP_PLUG, 0 },
	    { S(10), 1, OP_PLUG, 0 } },
	  S(30), { VRRP_STATE_BACKUP, VRRP_STATE_MASTER },
	  { MDI_100, MDI_100 } },
	{ "equal priority, addresses the other way round", 2,
	  { { .prio = 100, .addr = 9 }, { .prio = 100, .addr = 2 } },
	  { { 0, 0, OP_UNPLUG, 0 }, { 0, 1, OP_UNPLUG, 0 }, { 0, 0, OP_START, 0 },
	    { 0, 1, OP_START, 0 }, { S(10), 0, OP_PLUG, 0 },
	    { S(10), 1, OP_PLUG, 0 } },
	  S(30), { VRRP_STATE_MASTER, VRRP_STATE_BACKUP },
	  { MDI_100, MDI_100 } },
	{ "fault and recovery", 2,
	  { { .prio = 100, .addr = 1 }, { .prio = 200, .addr = 2 } },
	  { { 0, 0, OP_START, 0 }, { 0, 1, OP_START, 0 }, { S(10), 1, OP_IFDOWN, 0 },
	    { S(20), 1, OP_IFUP, 0 } }, S(40),
	  { VRRP_STATE_BACKUP, VRRP_STATE_MASTER },
	  { S(10) + SKEW_100, S(20) + MDI_200 } },
	{ "fault before startup", 2,
	  { { .prio = 100, .addr = 1 }, { .prio = 200, .addr = 2 } },
	  { { 0, 1, OP_IFDOWN, 0 }, { 0, 0, OP_START, 0 }, { 0, 1, OP_START, 0 } },
	  S(30), { VRRP_STATE_MASTER, VRRP_STATE_FAULT }, { MDI_100, NONE } },
	{ "tracking lowers the master's priority", 2,
	  { { .prio = 100, .addr = 1 }, { .prio = 200, .addr = 2 } },
	  { { 0, 0, OP_START, 0 }, { 0, 1, OP_START, 0 },
	    { S(10), 1, OP_PRIO, 50 } }, S(40),
	  { VRRP_STATE_MASTER, VRRP_STATE_BACKUP },
	  /* last accepted advert of 1 (prio 200) at MDI_200 + 6 s */
	  { MDI_200 + S(6) + MDI_100, MDI_200 } },
	{ "two owners: one steps down to 254", 2,
	  { { .prio = 255, .addr = 1 }, { .prio = 255, .addr = 2 } },
	  { { 0, 0, OP_UNPLUG, 0 }, { 0, 0, OP_START, 0 }, { 0, 1, OP_START, 0 },
	    { S(5), 0, OP_PLUG, 0 } }, S(30),
	  /* the first to hear the other steps down (keepalived) */
	  { VRRP_STATE_MASTER, VRRP_STATE_BACKUP }, { 0, 0 } },
	/* ---- readiness (doc/failback.md) ---- */
	{ "failback held until ready: link cut, back, table ready later", 2,
	  { { .prio = 100, .addr = 1 }, { .prio = 200, .addr = 2 } },
	  { { 0, 0, OP_START, 0 }, { 0, 1, OP_START, 0 }, { S(10), 1, OP_IFDOWN, 0 },
	    { S(12), 1, OP_NOTREADY, 0 }, { S(20), 1, OP_IFUP, 0 },
	    { S(30), 1, OP_READY, 0 } }, S(40),
	  { VRRP_STATE_BACKUP, VRRP_STATE_MASTER },
	  /* router 0 adverts at 10.609375 + k; the last one accepted by the
	   * held router 1 is 29.609375, then its timer runs out */
	  { S(10) + SKEW_100, S(29) + SKEW_100 + MDI_200 } },
	{ "failback not held when ready at link up", 2,
	  { { .prio = 100, .addr = 1 }, { .prio = 200, .addr = 2 } },
	  { { 0, 0, OP_START, 0 }, { 0, 1, OP_START, 0 }, { S(10), 1, OP_IFDOWN, 0 },
	    { S(12), 1, OP_NOTREADY, 0 }, { S(19), 1, OP_READY, 0 },
	    { S(20), 1, OP_IFUP, 0 } }, S(40),
	  { VRRP_STATE_BACKUP, VRRP_STATE_MASTER },
	  { S(10) + SKEW_100, S(20) + MDI_200 } },
	{ "held: still not ready at the end, stays backup", 2,
	  { { .prio = 100, .addr = 1 }, { .prio = 200, .addr = 2 } },
	  { { 0, 0, OP_START, 0 }, { 0, 1, OP_START, 0 }, { S(10), 1, OP_IFDOWN, 0 },
	    { S(12), 1, OP_NOTREADY, 0 }, { S(20), 1, OP_IFUP, 0 } }, S(60),
	  { VRRP_STATE_MASTER, VRRP_STATE_BACKUP },
	  { S(10) + SKEW_100, MDI_200 } },
	{ "held: preempt_delay starts when ready", 2,
	  { { .prio = 100, .addr = 1 },
	    { .prio = 200, .addr = 2, .preempt_delay = S(5) } },
	  { { 0, 0, OP_START, 0 }, { 0, 1, OP_START, 0 }, { S(10), 1, OP_IFDOWN, 0 },
	    { S(12), 1, OP_NOTREADY, 0 }, { S(20), 1, OP_IFUP, 0 },
	    { S(30), 1, OP_READY, 0 } }, S(50),
	  { VRRP_STATE_BACKUP, VRRP_STATE_MASTER },
	  /* ready at 30 s: adverts accepted until 35 s, the last at 34.609375 */
	  { S(10) + SKEW_100, S(34) + SKEW_100 + MDI_200 } },
	{ "held, nopreempt: ready changes nothing", 2,
	  { { .prio = 100, .addr = 1 },
	    { .prio = 200, .addr = 2, .nopreempt = true } },
	  { { 0, 0, OP_START, 0 }, { 0, 1, OP_START, 0 }, { S(10), 1, OP_IFDOWN, 0 },
	    { S(12), 1, OP_NOTREADY, 0 }, { S(20), 1, OP_IFUP, 0 },
	    { S(30), 1, OP_READY, 0 } }, S(60),
	  { VRRP_STATE_MASTER, VRRP_STATE_BACKUP },
	  { S(10) + SKEW_100, MDI_200 } },
	{ "held: master goes silent, takeover after master down interval", 2,
	  { { .prio = 100, .addr = 1 }, { .prio = 200, .addr = 2, .not_ready = true } },
	  { { 0, 0, OP_START, 0 }, { S(10), 1, OP_START, 0 }, { S(20), 0, OP_CRASH, 0 } },
	  S(40), { VRRP_STATE_MASTER, VRRP_STATE_MASTER },
	  /* last advert of router 0 at 19.609375 */
	  { MDI_100, S(19) + SKEW_100 + MDI_200 } },
	{ "cold start, no peer, not ready: master after master down interval", 1,
	  { { .prio = 200, .addr = 2, .not_ready = true } },
	  { { 0, 0, OP_START, 0 } }, S(10), { VRRP_STATE_MASTER }, { MDI_200 } },
	{ "state MASTER, ready: master at once", 1,
	  { { .prio = 200, .addr = 2, .want_master = true } },
	  { { 0, 0, OP_START, 0 } }, S(10), { VRRP_STATE_MASTER }, { 0 } },
	{ "state MASTER, not ready, no peer: master down interval", 1,
	  { { .prio = 200, .addr = 2, .want_master = true, .not_ready = true } },
	  { { 0, 0, OP_START, 0 } }, S(10), { VRRP_STATE_MASTER }, { MDI_200 } },
	{ "state MASTER, not ready, live master: held until ready", 2,
	  { { .prio = 100, .addr = 1 },
	    { .prio = 200, .addr = 2, .want_master = true, .not_ready = true } },
	  { { 0, 0, OP_START, 0 }, { S(10), 1, OP_START, 0 }, { S(20), 1, OP_READY, 0 } },
	  S(40), { VRRP_STATE_BACKUP, VRRP_STATE_MASTER },
	  { MDI_100, S(19) + SKEW_100 + MDI_200 } },
	{ "state MASTER, ready, live master: takes over at once (keepalived)", 2,
	  { { .prio = 100, .addr = 1 },
	    { .prio = 200, .addr = 2, .want_master = true } },
	  { { 0, 0, OP_START, 0 }, { S(10), 1, OP_START, 0 } },
	  S(40), { VRRP_STATE_BACKUP, VRRP_STATE_MASTER }, { MDI_100, S(10) } },
	{ "two masters meet, the held one hears the other first: it yields", 2,
	  { { .prio = 100, .addr = 1 }, { .prio = 200, .addr = 2 } },
	  { { 0, 0, OP_UNPLUG, 0 }, { 0, 1, OP_UNPLUG, 0 }, { 0, 0, OP_START, 0 },
	    { 0, 1, OP_START, 0 }, { S(5), 1, OP_NOTREADY, 0 },
	    { S(10) + MS(300), 0, OP_PLUG, 0 }, { S(10) + MS(300), 1, OP_PLUG, 0 },
	    { S(20), 1, OP_READY, 0 } },
	  /* router 0's advert at 10.609375 comes first: router 1 yields (and
	   * sends priority 0, router 0 stays master), then preempts once
	   * ready from router 0's last accepted advert at 19.609375 */
	  S(40), { VRRP_STATE_BACKUP, VRRP_STATE_MASTER },
	  { MDI_100, S(19) + SKEW_100 + MDI_200 } },
	{ "two masters meet, the held one speaks first: the other steps down", 2,
	  { { .prio = 100, .addr = 1 }, { .prio = 200, .addr = 2 } },
	  { { 0, 0, OP_UNPLUG, 0 }, { 0, 1, OP_UNPLUG, 0 }, { 0, 0, OP_START, 0 },
	    { 0, 1, OP_START, 0 }, { S(5), 1, OP_NOTREADY, 0 },
	    { S(10), 0, OP_PLUG, 0 }, { S(10), 1, OP_PLUG, 0 } },
	  /* RFC 5798: router 0 hears the higher priority at 10.21875 and
	   * steps down; a hold never demotes a master nobody contests */
	  S(40), { VRRP_STATE_BACKUP, VRRP_STATE_MASTER }, { MDI_100, MDI_200 } },
	{ "owner is never held", 2,
	  { { .prio = 100, .addr = 1 }, { .prio = 255, .addr = 2, .not_ready = true } },
	  { { 0, 0, OP_START, 0 }, { S(10), 1, OP_START, 0 } }, S(30),
	  { VRRP_STATE_BACKUP, VRRP_STATE_MASTER }, { MDI_100, S(10) } },
	{ "v3 1 cs adverts", 2,
	  { { .prio = 100, .addr = 1, .version = 3, .adver_us = MS(10) },
	    { .prio = 200, .addr = 2, .version = 3, .adver_us = MS(10) } },
	  { { 0, 0, OP_START, 0 }, { 0, 1, OP_START, 0 }, { S(1), 1, OP_CRASH, 0 } },
	  S(2), { VRRP_STATE_MASTER, VRRP_STATE_MASTER },
	  /* skew to the microsecond, as keepalived: 156/256 and 56/256 of
	   * 10 ms, master down intervals 36.093 and 32.187 ms: router 1
	   * takes over first; its last advert before the crash is at
	   * 992.187 ms, router 0 takes over 36.093 ms later */
	  { 992187u + 36093u, 32187u } },
};
#define N_SCEN (sizeof(scenarios) / sizeof(scenarios[0]))

static void
apply(struct net *n, const struct step *s)
{
	struct router *r = &n->r[s->r];
	struct vrrp_fsm_input in = { .event = VRRP_EV_PRIORITY,
				     .now_us = n->now, .priority = s->val };

	switch (s->op) {
	case OP_START: r->running = true; input(n, s->r, VRRP_EV_STARTUP); break;
	case OP_STOP: input(n, s->r, VRRP_EV_SHUTDOWN); break;
	case OP_CRASH: r->running = false; r->connected = false; break;
	case OP_UNPLUG: r->connected = false; break;
	case OP_PLUG: r->connected = true; break;
	case OP_IFDOWN: input(n, s->r, VRRP_EV_IF_DOWN); break;
	case OP_IFUP: input(n, s->r, VRRP_EV_IF_UP); break;
	case OP_PRIO: vrrp_fsm_input(&r->f, &in); break;
	case OP_READY:
	case OP_NOTREADY:
		in.event = VRRP_EV_READY;
		in.ready = s->op == OP_READY;
		vrrp_fsm_input(&r->f, &in);
		break;
	case OP_END: break;
	}
}

static void
run_scenario(struct net *n, const struct scenario *sc)
{
	const struct step *s;

	net_init(n, sc->r, sc->n);
	for (s = sc->steps; s->op != OP_END; s++) {
		run_until(n, s->t);
		apply(n, s);
	}
	run_until(n, sc->end);
}

START_TEST(test_scenario)
{
	const struct scenario *sc = &scenarios[_i];
	static struct net n;
	int i;

	run_scenario(&n, sc);
	for (i = 0; i < sc->n; i++) {
		struct router *r = &n.r[i];

		ck_assert_msg(r->f.state == sc->final[i], "%s: router %d %s",
			      sc->name, i, vrrp_state_str(r->f.state));
		ck_assert_msg(sc->master_at[i] == ANY ||
			      r->master_at == sc->master_at[i],
			      "%s: router %d master at %llu, want %llu",
			      sc->name, i, (unsigned long long)r->master_at,
			      (unsigned long long)sc->master_at[i]);
		/* VIPs are present exactly in MASTER */
		ck_assert_int_eq(r->vips, r->f.state == VRRP_STATE_MASTER);
		/* timers match the state (crashed routers are frozen) */
		if (!r->running)
			continue;
		ck_assert_int_eq(r->deadline[VRRP_TIMER_ADVER] != NONE,
				 r->f.state == VRRP_STATE_MASTER);
		ck_assert_int_eq(r->deadline[VRRP_TIMER_MASTER_DOWN] != NONE,
				 r->f.state == VRRP_STATE_BACKUP);
	}
}
END_TEST

/* ---- focused checks ---- */

static void
one(struct net *n, const struct rcfg *rc)
{
	net_init(n, rc, 1);
	n->r[0].running = true;
	input(n, 0, VRRP_EV_STARTUP);
}

static void
advert(struct net *n, uint8_t prio, uint8_t addr, uint16_t adver_int)
{
	struct vrrp_fsm_input in = { .event = VRRP_EV_ADVERT,
				     .now_us = n->now };

	in.adv.priority = prio;
	in.adv.adver_int = adver_int;
	in.adv.src.family = AF_INET;
	in.adv.src.addr[0] = 10;
	in.adv.src.addr[3] = addr;
	vrrp_fsm_input(&n->r[0].f, &in);
	n->qlen = 0;
}

START_TEST(test_intervals)
{
	static struct net n;
	struct rcfg rc = { .prio = 100, .addr = 1 };
	struct vrrp_fsm *f = &n.r[0].f;

	one(&n, &rc);
	ck_assert_uint_eq(f->skew_time_us, SKEW_100);
	ck_assert_uint_eq(f->master_down_interval_us, MDI_100);
	ck_assert_uint_eq(n.r[0].deadline[VRRP_TIMER_MASTER_DOWN], MDI_100);
	/* v3: learn Master_Adver_Interval 50 cs from the master */
	rc.version = 3;
	one(&n, &rc);
	/* 3 * 1 s + 156/256 s */
	ck_assert_uint_eq(f->master_down_interval_us, S(3) + 609375u);
	advert(&n, 200, 2, 50);
	ck_assert_uint_eq(f->master_adver_int_us, MS(500));
	/* 3 * 500 ms + 156/256 of 500 ms (keepalived: to the microsecond) */
	ck_assert_uint_eq(f->skew_time_us, 304687u);
	ck_assert_uint_eq(f->master_down_interval_us, MS(1500) + 304687u);
	ck_assert_uint_eq(n.r[0].deadline[VRRP_TIMER_MASTER_DOWN], MS(1500) + 304687u);
	/* priority 0: master down at skew time */
	advert(&n, 0, 2, 50);
	ck_assert_uint_eq(n.r[0].deadline[VRRP_TIMER_MASTER_DOWN], 304687u);
	ck_assert_uint_eq(f->stats.pri_zero_rcvd, 1);
	/* becoming master restores our own interval */
	n.now = MS(300);
	input(&n, 0, VRRP_EV_MASTER_DOWN);
	ck_assert_int_eq(f->state, VRRP_STATE_MASTER);
	ck_assert_uint_eq(f->master_adver_int_us, S(1));
	ck_assert_uint_eq(n.r[0].deadline[VRRP_TIMER_ADVER], MS(1300));
	/* down_timer_adverts */
	rc.version = 2;
	net_init(&n, &rc, 1);
	n.r[0].f.cfg.down_timer_adverts = 5;
	input(&n, 0, VRRP_EV_STARTUP);
	ck_assert_uint_eq(f->master_down_interval_us, S(5) + SKEW_100);
}
END_TEST

/* Master receiving adverts: keepalived's lower/higher priority options. */
START_TEST(test_master_rx_options)
{
	static struct net n;
	struct rcfg rc = { .prio = 150, .addr = 5 };
	struct router *r = &n.r[0];
	unsigned a;

	rc.prio = 255;	/* start as master */
	one(&n, &rc);
	ck_assert_int_eq(r->f.state, VRRP_STATE_MASTER);
	r->f.priority = 150;
	a = r->adverts;
	advert(&n, 100, 9, 1);		/* lower: advert + lower-prio GARP */
	ck_assert_uint_eq(r->adverts, a + 1);
	ck_assert_uint_eq(r->garps_lower, 1);
	advert(&n, 150, 4, 1);		/* equal prio, lower address */
	ck_assert_uint_eq(r->adverts, a + 2);
	ck_assert_uint_eq(r->f.stats.lower_prio_rcvd, 2);
	advert(&n, 150, 5, 1);		/* our own address: nothing */
	ck_assert_uint_eq(r->adverts, a + 2);
	advert(&n, 0, 9, 1);		/* priority 0: advert, stay master */
	ck_assert_uint_eq(r->adverts, a + 3);
	ck_assert_int_eq(r->f.state, VRRP_STATE_MASTER);
	r->f.cfg.lower_prio_no_advert = true;
	advert(&n, 100, 9, 1);
	ck_assert_uint_eq(r->adverts, a + 3);
	ck_assert_uint_eq(r->garps_lower, 3);
	advert(&n, 150, 6, 1);		/* equal prio, higher address */
	ck_assert_uint_eq(r->adverts, a + 3);
	ck_assert_int_eq(r->f.state, VRRP_STATE_BACKUP);
	ck_assert_uint_eq(r->f.master_priority, 150);
	/* higher_prio_send_advert: one advert, then backup */
	rc.higher_prio_send_advert = true;
	one(&n, &rc);
	a = r->adverts;
	advert(&n, 255, 9, 1);		/* owner clash: we drop to 254 */
	ck_assert_uint_eq(r->adverts, a + 1);
	ck_assert_uint_eq(r->f.priority, 254);
	ck_assert_int_eq(r->f.state, VRRP_STATE_BACKUP);
	ck_assert_uint_eq(r->prio0, 0);	/* preempted: no priority 0 */
}
END_TEST

/* Events that do not apply to a state change nothing. */
START_TEST(test_ignored_events)
{
	static const struct { enum vrrp_state st; enum vrrp_event ev; } t[] = {
		{ VRRP_STATE_INIT, VRRP_EV_ADVERT },
		{ VRRP_STATE_INIT, VRRP_EV_MASTER_DOWN },
		{ VRRP_STATE_INIT, VRRP_EV_SHUTDOWN },
		{ VRRP_STATE_BACKUP, VRRP_EV_ADVER_TIMER },
		{ VRRP_STATE_BACKUP, VRRP_EV_STARTUP },
		{ VRRP_STATE_BACKUP, VRRP_EV_IF_UP },
		{ VRRP_STATE_MASTER, VRRP_EV_MASTER_DOWN },
		{ VRRP_STATE_MASTER, VRRP_EV_STARTUP },
		{ VRRP_STATE_FAULT, VRRP_EV_ADVERT },
		{ VRRP_STATE_FAULT, VRRP_EV_MASTER_DOWN },
		{ VRRP_STATE_FAULT, VRRP_EV_ADVER_TIMER },
	};
	static struct net n;
	struct rcfg rc = { .prio = 100, .addr = 1 };
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct router *r = &n.r[0];
		struct router before;

		net_init(&n, &rc, 1);
		r->running = true;
		if (t[i].st == VRRP_STATE_FAULT)
			input(&n, 0, VRRP_EV_IF_DOWN);
		if (t[i].st != VRRP_STATE_INIT)
			input(&n, 0, VRRP_EV_STARTUP);
		if (t[i].st == VRRP_STATE_MASTER)
			input(&n, 0, VRRP_EV_MASTER_DOWN);
		ck_assert_int_eq(r->f.state, t[i].st);
		n.qlen = 0;
		before = *r;
		input(&n, 0, t[i].ev);
		ck_assert_msg(memcmp(&before, r, sizeof(before)) == 0,
			      "%s/%s changed something",
			      vrrp_state_str(t[i].st), vrrp_event_str(t[i].ev));
	}
}
END_TEST

START_TEST(test_init_errors)
{
	struct vrrp_fsm_config c;
	struct vrrp_fsm_ops o = ops;
	struct rcfg rc = { .prio = 100, .addr = 1 };
	struct vrrp_fsm f;

	cfg_from(&c, &rc);
	ck_assert_int_eq(vrrp_fsm_init(&f, &c, &ops, NULL), 0);
	ck_assert_int_eq(f.state, VRRP_STATE_INIT);
	c.priority = 0;
	ck_assert_int_eq(vrrp_fsm_init(&f, &c, &ops, NULL), -EINVAL);
	cfg_from(&c, &rc);
	c.version = 4;
	ck_assert_int_eq(vrrp_fsm_init(&f, &c, &ops, NULL), -EINVAL);
	cfg_from(&c, &rc);
	c.adver_int_us = MS(500);	/* v2: whole seconds only */
	ck_assert_int_eq(vrrp_fsm_init(&f, &c, &ops, NULL), -EINVAL);
	c.version = 3;
	ck_assert_int_eq(vrrp_fsm_init(&f, &c, &ops, NULL), 0);
	c.adver_int_us = MS(40960);
	ck_assert_int_eq(vrrp_fsm_init(&f, &c, &ops, NULL), -EINVAL);
	c.adver_int_us = MS(9);
	ck_assert_int_eq(vrrp_fsm_init(&f, &c, &ops, NULL), -EINVAL);
	c.adver_int_us = MS(15) + 1;	/* not whole centiseconds */
	ck_assert_int_eq(vrrp_fsm_init(&f, &c, &ops, NULL), -EINVAL);
	c.adver_int_us = MS(10);
	ck_assert_int_eq(vrrp_fsm_init(&f, &c, &ops, NULL), 0);
	ck_assert_uint_eq(vrrp_fsm_adver_int_wire(&f), 1);
	c.version = 2;
	c.adver_int_us = MS(1500);	/* not whole seconds */
	ck_assert_int_eq(vrrp_fsm_init(&f, &c, &ops, NULL), -EINVAL);
	c.adver_int_us = S(255);
	ck_assert_int_eq(vrrp_fsm_init(&f, &c, &ops, NULL), 0);
	ck_assert_uint_eq(vrrp_fsm_adver_int_wire(&f), 255);
	c.version = 3;
	cfg_from(&c, &rc);
	o.send_garp = NULL;
	ck_assert_int_eq(vrrp_fsm_init(&f, &c, &o, NULL), -EINVAL);
	ck_assert_str_eq(vrrp_state_str(VRRP_STATE_FAULT), "FAULT");
	ck_assert_str_eq(vrrp_event_str(VRRP_EV_MAX), "?");
}
END_TEST

/* Transition counting and master advert cadence. */
START_TEST(test_counters)
{
	static struct net n;
	const struct scenario *sc = &scenarios[2];	/* priority 0 */

	run_scenario(&n, sc);
	ck_assert_uint_eq(n.r[1].f.stats.trans_cnt, 3); /* I>B>M>I */
	ck_assert_uint_eq(n.r[0].f.stats.trans_cnt, 2); /* I>B>M */
	ck_assert_uint_eq(n.r[1].prio0, 1);
	ck_assert_uint_eq(n.r[1].f.stats.pri_zero_sent, 1);
	ck_assert_uint_eq(n.r[0].f.stats.pri_zero_rcvd, 1);
	ck_assert_uint_eq(n.r[0].f.stats.become_master, 1);
	/* router 0 master from 10.609375 s to 30 s: adverts each second */
	ck_assert_uint_eq(n.r[0].adverts, 20);
	ck_assert_uint_eq(n.r[0].garps, 1);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("vrrp_fsm");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_scenario, 0, N_SCEN);
	tcase_add_test(tc, test_intervals);
	tcase_add_test(tc, test_master_rx_options);
	tcase_add_test(tc, test_ignored_events);
	tcase_add_test(tc, test_init_errors);
	tcase_add_test(tc, test_counters);
	suite_add_tcase(s, tc);
	return ck_run(s);
}
