/* test_vrrp_handover.c: the graceful master stop (daemon/vrrp_handover.h):
 * its pure decisions, the FSM's handover mode (vrrp_fsm_handover), and
 * both together on a small simulated LAN with a delivery latency, where
 * the stopping master must hold the virtual addresses until the new
 * master has held them for the grace time (make before break).
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "conf.h"
#include "vrrp_fsm.h"
#include "vrrp_handover.h"
#include "ck_run.h"

#define NONE	UINT64_MAX
#define MS(x)	((uint64_t)(x) * 1000u)
#define S(x)	((uint64_t)(x) * 1000000u)
#define QMAX	64
#define KIND_HO	(1 + VRRP_TIMER_MAX)	/* step(): the handover timer */

/* ---- pure decisions ---- */

START_TEST(test_bounds)
{
	ck_assert_uint_eq(vrrp_handover_grace_us(MS(10)), MS(20));
	ck_assert_uint_eq(vrrp_handover_grace_us(MS(50)), MS(50));
	ck_assert_uint_eq(vrrp_handover_grace_us(S(1)), MS(100));
	ck_assert_uint_eq(vrrp_handover_wait_us(MS(10), 0), MS(100));
	ck_assert_uint_eq(vrrp_handover_wait_us(MS(50), 3), MS(200));
	ck_assert_uint_eq(vrrp_handover_wait_us(MS(50), 10), MS(550));
	ck_assert_uint_eq(vrrp_handover_wait_us(S(1), 3), S(3));
	ck_assert_uint_eq(vrrp_handover_wait_us(S(255), 100), S(3));
}
END_TEST

static struct vrrp_ip
ip4(uint8_t last)
{
	struct vrrp_ip a = { .family = AF_INET, .addr = { 10, 0, 0, last } };

	return a;
}

START_TEST(test_peer_then_grace)
{
	struct vrrp_handover h;
	struct vrrp_ip peer = ip4(2);
	uint64_t t0 = S(100);

	memset(&h, 0, sizeof(h));
	ck_assert(!vrrp_handover_active(&h));
	ck_assert_uint_eq(vrrp_handover_next(&h), 0);
	ck_assert_int_eq(vrrp_handover_tick(&h, t0), VRRP_HO_NONE);
	vrrp_handover_start(&h, MS(10), 3, t0);
	ck_assert(vrrp_handover_active(&h));
	ck_assert_int_eq(h.phase, VRRP_HO_WAIT);
	ck_assert_uint_eq(vrrp_handover_next(&h), t0 + MS(10));	/* resend */
	/* another router's priority 0 is no new master */
	ck_assert_int_eq(vrrp_handover_advert(&h, &peer, 0, t0 + MS(1)),
			 VRRP_HO_NONE);
	ck_assert_int_eq(h.phase, VRRP_HO_WAIT);
	ck_assert_int_eq(vrrp_handover_advert(&h, &peer, 100, t0 + MS(3)),
			 VRRP_HO_NONE);
	ck_assert_int_eq(h.phase, VRRP_HO_GRACE);
	ck_assert_uint_eq(vrrp_handover_next(&h), t0 + MS(23));
	/* later adverts do not push the release back */
	vrrp_handover_advert(&h, &peer, 100, t0 + MS(13));
	ck_assert_uint_eq(vrrp_handover_next(&h), t0 + MS(23));
	/* no priority 0 resend once a master is known */
	ck_assert_int_eq(vrrp_handover_tick(&h, t0 + MS(10)), VRRP_HO_NONE);
	ck_assert_int_eq(vrrp_handover_tick(&h, t0 + MS(22)), VRRP_HO_NONE);
	ck_assert(vrrp_handover_active(&h));
	ck_assert_int_eq(vrrp_handover_tick(&h, t0 + MS(23)), VRRP_HO_RELEASE);
	ck_assert(!vrrp_handover_active(&h));
	ck_assert(h.by_peer);
	ck_assert_uint_eq(h.peer_priority, 100);
	ck_assert_int_eq(vrrp_ip_cmp(&h.peer, &peer), 0);
	ck_assert_uint_eq(vrrp_handover_next(&h), 0);
	ck_assert_int_eq(vrrp_handover_tick(&h, t0 + S(9)), VRRP_HO_NONE);
	ck_assert_int_eq(vrrp_handover_advert(&h, &peer, 100, t0 + S(9)),
			 VRRP_HO_NONE);
}
END_TEST

START_TEST(test_no_peer_timeout)
{
	struct vrrp_handover h;
	uint64_t t0 = S(7), now = t0, next;
	unsigned resends = 0, guard = 0;
	enum vrrp_ho_action a;

	vrrp_handover_start(&h, MS(10), 3, t0);
	for (;;) {
		next = vrrp_handover_next(&h);
		ck_assert_uint_gt(next, now);
		now = next;
		while ((a = vrrp_handover_tick(&h, now)) == VRRP_HO_RESEND)
			resends++;
		if (a == VRRP_HO_RELEASE)
			break;
		ck_assert_uint_lt(++guard, 10);
	}
	ck_assert_uint_eq(resends, VRRP_HO_RESENDS);
	ck_assert_uint_eq(now, t0 + MS(100));
	ck_assert(!h.by_peer);
	ck_assert(!vrrp_handover_active(&h));
}
END_TEST

/* A timer that fires late (a busy process) resends once, not in a burst. */
START_TEST(test_late_wakeup)
{
	struct vrrp_handover h;

	vrrp_handover_start(&h, S(1), 3, 0);
	ck_assert_int_eq(vrrp_handover_tick(&h, MS(2500)), VRRP_HO_RESEND);
	ck_assert_int_eq(vrrp_handover_tick(&h, MS(2500)), VRRP_HO_NONE);
	ck_assert_uint_eq(vrrp_handover_next(&h), S(3));
	ck_assert_int_eq(vrrp_handover_tick(&h, S(3)), VRRP_HO_RELEASE);
}
END_TEST

/* ---- the FSM and the decisions on a simulated LAN ---- */

struct net;

struct router {
	struct net *net;
	int idx;
	struct vrrp_fsm f;
	uint64_t deadline[VRRP_TIMER_MAX];
	bool vips, connected;
	uint64_t vips_at, vips_gone_at, backup_at;
	unsigned adverts, prio0, adverts_after_stop, garps, vips_adds;
	bool stopping;
	struct vrrp_handover ho;	/* the stopping router's */
};

struct msg {
	uint64_t at;
	int from;
	struct vrrp_fsm_advert adv;
};

struct net {
	struct router r[2];
	uint64_t now, latency;
	unsigned drop_prio0;	/* lose this many priority 0 adverts */
	struct msg q[QMAX];
	int qlen;
};

static void
op_send(void *arg, uint8_t prio)
{
	struct router *r = arg;
	struct net *n = r->net;
	struct msg *m;

	r->adverts++;
	if (r->stopping && prio != 0)
		r->adverts_after_stop++;
	if (prio == 0)
		r->prio0++;
	if (!r->connected)
		return;
	if (prio == 0 && n->drop_prio0) {
		n->drop_prio0--;
		return;
	}
	ck_assert_int_lt(n->qlen, QMAX);
	m = &n->q[n->qlen++];
	m->at = n->now + n->latency;
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

	ck_assert(!r->vips);	/* never added twice */
	r->vips = true;
	r->vips_at = r->net->now;
	r->vips_adds++;
}

static void
op_vips_del(void *arg)
{
	struct router *r = arg;

	ck_assert(r->vips);
	r->vips = false;
	r->vips_gone_at = r->net->now;
}

static void
op_garp(void *arg, bool lower)
{
	struct router *r = arg;

	(void)lower;
	r->garps++;
}

static void
op_state(void *arg, enum vrrp_state old, enum vrrp_state new_state,
	 enum vrrp_event why)
{
	struct router *r = arg;

	(void)old;
	(void)why;
	if (new_state == VRRP_STATE_BACKUP)
		r->backup_at = r->net->now;
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

static void
feed(struct router *r, enum vrrp_event ev)
{
	struct vrrp_fsm_input in = { .event = ev, .now_us = r->net->now };

	vrrp_fsm_input(&r->f, &in);
}

/* Two routers, VRRPv3: 0 (priority 150) master, 1 (100) backup; a
 * preempted master keeps its addresses @grace (vrrp_fsm.h). */
static void
net_init_grace(struct net *n, uint64_t adver_us, uint64_t latency,
	       uint64_t grace)
{
	struct vrrp_fsm_config c;
	int i, k;

	memset(n, 0, sizeof(*n));
	n->latency = latency;
	for (i = 0; i < 2; i++) {
		struct router *r = &n->r[i];

		memset(&c, 0, sizeof(c));
		c.version = 3;
		c.priority = i == 0 ? 150 : 100;
		c.adver_int_us = adver_us;
		c.primary = ip4((uint8_t)(1 + i));
		c.yield_grace_us = grace;
		r->net = n;
		r->idx = i;
		r->connected = true;
		for (k = 0; k < VRRP_TIMER_MAX; k++)
			r->deadline[k] = NONE;
		ck_assert_int_eq(vrrp_fsm_init(&r->f, &c, &ops, r), 0);
		feed(r, VRRP_EV_STARTUP);
	}
}

static void
net_init(struct net *n, uint64_t adver_us, uint64_t latency)
{
	net_init_grace(n, adver_us, latency, 0);
}

/* The stopping router's side of vrrp_handover_run.c. */
static void
ho_do(struct router *r, enum vrrp_ho_action a)
{
	while (a == VRRP_HO_RESEND) {
		ck_assert_int_eq(vrrp_fsm_handover(&r->f, r->net->now), 0);
		a = vrrp_handover_tick(&r->ho, r->net->now);
	}
	if (a == VRRP_HO_RELEASE)
		feed(r, VRRP_EV_SHUTDOWN);
}

static void
deliver(struct net *n, const struct msg *m)
{
	struct router *r = &n->r[1 - m->from];
	struct vrrp_fsm_input in = { .event = VRRP_EV_ADVERT,
				     .now_us = n->now, .adv = m->adv };

	if (!r->connected || r->f.state == VRRP_STATE_INIT)
		return;
	if (vrrp_handover_active(&r->ho)) {	/* vrrp_inst_handover_rx */
		ho_do(r, vrrp_handover_advert(&r->ho, &m->adv.src,
					      m->adv.priority, n->now));
		return;
	}
	vrrp_fsm_input(&r->f, &in);
}

/* The next event (message, FSM timer, handover timer) before @end. */
static bool
step(struct net *n, uint64_t end)
{
	uint64_t when = NONE, t;
	int kind = -1, who = 0, k, i;

	for (k = 0; k < n->qlen; k++)
		if (n->q[k].at < when) {
			when = n->q[k].at;
			kind = 0;
			who = k;
		}
	for (i = 0; i < 2; i++) {
		for (k = 0; k < VRRP_TIMER_MAX; k++)
			if (n->r[i].deadline[k] < when) {
				when = n->r[i].deadline[k];
				kind = 1 + k;
				who = i;
			}
		t = vrrp_handover_next(&n->r[i].ho);
		if (t && t < when) {
			when = t;
			kind = KIND_HO;
			who = i;
		}
	}
	if (kind < 0 || when >= end)
		return false;
	n->now = when;
	if (kind == 0) {
		struct msg m = n->q[who];

		n->q[who] = n->q[--n->qlen];
		deliver(n, &m);
	} else if (kind == KIND_HO) {
		ho_do(&n->r[who], vrrp_handover_tick(&n->r[who].ho, n->now));
	} else {
		n->r[who].deadline[kind - 1] = NONE;
		feed(&n->r[who], kind - 1 == VRRP_TIMER_ADVER ? VRRP_EV_ADVER_TIMER :
				 kind - 1 == VRRP_TIMER_RELEASE ? VRRP_EV_RELEASE :
				 VRRP_EV_MASTER_DOWN);
	}
	return true;
}

static void
run_until(struct net *n, uint64_t end)
{
	while (step(n, end))
		;
	n->now = end;
}

/* vrrp_engine_handover_begin for router 0. */
static void
graceful_stop(struct net *n)
{
	struct router *r = &n->r[0];

	r->stopping = true;
	ck_assert_int_eq(vrrp_fsm_handover(&r->f, n->now), 0);
	vrrp_handover_start(&r->ho, r->f.cfg.adver_int_us,
			    r->f.cfg.down_timer_adverts, n->now);
}

START_TEST(test_fsm_handover_mode)
{
	static struct net n;
	struct router *a = &n.r[0];
	struct vrrp_fsm_input in = { .event = VRRP_EV_ADVERT };
	unsigned sent;

	net_init(&n, MS(10), MS(1));
	run_until(&n, S(1));
	ck_assert_int_eq(a->f.state, VRRP_STATE_MASTER);
	ck_assert_int_eq(n.r[1].f.state, VRRP_STATE_BACKUP);
	ck_assert_int_eq(vrrp_fsm_handover(&n.r[1].f, n.now), -EINVAL);
	a->connected = false;	/* A alone: nothing it sends arrives */
	ck_assert_int_eq(vrrp_fsm_handover(&a->f, n.now), 0);
	ck_assert_uint_eq(a->prio0, 1);
	ck_assert_uint_eq(a->deadline[VRRP_TIMER_ADVER], NONE);
	ck_assert(a->vips);
	sent = a->adverts;
	/* higher or lower priority adverts: no answer, no step down */
	in.now_us = n.now;
	in.adv.src = ip4(9);
	in.adv.adver_int = 1;
	in.adv.priority = 200;
	ck_assert_int_eq(vrrp_fsm_input(&a->f, &in), VRRP_STATE_MASTER);
	in.adv.priority = 50;
	ck_assert_int_eq(vrrp_fsm_input(&a->f, &in), VRRP_STATE_MASTER);
	in.adv.priority = 0;
	ck_assert_int_eq(vrrp_fsm_input(&a->f, &in), VRRP_STATE_MASTER);
	feed(a, VRRP_EV_ADVER_TIMER);
	ck_assert_uint_eq(a->adverts, sent);
	ck_assert_uint_eq(a->deadline[VRRP_TIMER_ADVER], NONE);
	ck_assert(a->vips);
	ck_assert(a->f.handover);
	/* the release: addresses go, no second priority 0 */
	feed(a, VRRP_EV_SHUTDOWN);
	ck_assert_int_eq(a->f.state, VRRP_STATE_INIT);
	ck_assert(!a->vips);
	ck_assert(!a->f.handover);
	ck_assert_uint_eq(a->prio0, 1);
	ck_assert_uint_eq(a->f.stats.pri_zero_sent, 1);
}
END_TEST

/* A fault while handing over: out of MASTER at once, no priority 0 again. */
START_TEST(test_fsm_handover_fault)
{
	static struct net n;
	struct router *a = &n.r[0];

	net_init(&n, MS(10), MS(1));
	run_until(&n, S(1));
	a->connected = false;
	ck_assert_int_eq(vrrp_fsm_handover(&a->f, n.now), 0);
	feed(a, VRRP_EV_IF_DOWN);
	ck_assert_int_eq(a->f.state, VRRP_STATE_FAULT);
	ck_assert(!a->vips);
	ck_assert(!a->f.handover);
	ck_assert_uint_eq(a->prio0, 1);
}
END_TEST

/* The backup takes over on priority 0; the stopping master lets go only
 * one grace time after the new master's first advert reached it. */
/* B's skew at priority 100 with 10 ms adverts: 156/256 of 10 ms. */
#define SKEW_B 6093u

START_TEST(test_lan_make_before_break)
{
	static struct net n;
	struct router *a = &n.r[0], *b = &n.r[1];
	uint64_t t_stop;

	net_init(&n, MS(10), MS(2));
	run_until(&n, S(1));
	ck_assert(a->vips && !b->vips);
	t_stop = n.now;
	graceful_stop(&n);
	run_until(&n, S(2));
	ck_assert_int_eq(b->f.state, VRRP_STATE_MASTER);
	ck_assert_int_eq(a->f.state, VRRP_STATE_INIT);
	ck_assert(b->vips && !a->vips);
	/* v3 10 ms, priority 100: B is master its skew (156/256 of 10 ms)
	 * after priority 0 arrived, its advert reaches A one latency later */
	ck_assert_uint_eq(b->vips_at, t_stop + MS(2) + SKEW_B);
	ck_assert_uint_eq(a->vips_gone_at, t_stop + MS(4) + SKEW_B + MS(20));
	ck_assert_uint_ge(a->vips_gone_at, b->vips_at + MS(20));
	ck_assert(a->ho.by_peer);
	/* priority 0 again one interval later: B's advert comes 10.09 ms
	 * after the stop (latency, skew, latency) */
	ck_assert_uint_eq(a->prio0, 2);
	ck_assert_uint_eq(a->adverts_after_stop, 0);
}
END_TEST

/* The first priority 0 is lost: the resend one advert interval later
 * still gets the backup to take over long before its Master_Down. */
START_TEST(test_lan_prio0_lost)
{
	static struct net n;
	struct router *a = &n.r[0], *b = &n.r[1];
	uint64_t t_stop;

	net_init(&n, MS(10), MS(2));
	run_until(&n, S(1));
	n.drop_prio0 = 1;
	t_stop = n.now;
	graceful_stop(&n);
	run_until(&n, S(2));
	ck_assert_int_eq(b->f.state, VRRP_STATE_MASTER);
	ck_assert_uint_eq(b->vips_at, t_stop + MS(12) + SKEW_B);
	ck_assert_uint_eq(a->vips_gone_at, t_stop + MS(14) + SKEW_B + MS(20));
	ck_assert_uint_eq(a->prio0, 3);	/* lost, resent, resent once more */
	ck_assert_uint_eq(a->adverts_after_stop, 0);
}
END_TEST

/* No peer: the addresses go after the bounded wait, priority 0 was sent
 * 1 + VRRP_HO_RESENDS times. */
START_TEST(test_lan_no_peer)
{
	static struct net n;
	struct router *a = &n.r[0], *b = &n.r[1];
	uint64_t t_stop;

	net_init(&n, MS(50), MS(2));
	run_until(&n, S(1));
	b->connected = false;
	feed(b, VRRP_EV_SHUTDOWN);
	t_stop = n.now;
	graceful_stop(&n);
	run_until(&n, S(9));
	ck_assert_int_eq(a->f.state, VRRP_STATE_INIT);
	ck_assert(!a->vips);
	ck_assert(!a->ho.by_peer);
	ck_assert_uint_eq(a->vips_gone_at, t_stop + MS(200));
	ck_assert_uint_eq(a->prio0, 1 + VRRP_HO_RESENDS);
	ck_assert_uint_eq(a->adverts_after_stop, 0);
}
END_TEST

/* keepalived's way (an immediate shutdown) leaves a gap this test sees:
 * the checks above are not vacuous. */
START_TEST(test_lan_immediate_has_gap)
{
	static struct net n;
	struct router *a = &n.r[0], *b = &n.r[1];

	net_init(&n, MS(10), MS(2));
	run_until(&n, S(1));
	feed(a, VRRP_EV_SHUTDOWN);
	run_until(&n, S(2));
	ck_assert_int_eq(b->f.state, VRRP_STATE_MASTER);
	ck_assert_uint_lt(a->vips_gone_at, b->vips_at);
}
END_TEST

/* ---- failback: the preempted master keeps its addresses a grace ---- */

/* A (priority 150) in FAULT, B (100) master; A's fault clears: after its
 * Master_Down_Interval it preempts B.  Returns when B is BACKUP. */
static void
failback(struct net *n, uint64_t grace)
{
	struct router *a = &n->r[0], *b = &n->r[1];

	net_init_grace(n, MS(10), MS(2), grace);
	a->connected = false;
	feed(a, VRRP_EV_IF_DOWN);
	run_until(n, S(1));
	ck_assert_int_eq(a->f.state, VRRP_STATE_FAULT);
	ck_assert_int_eq(b->f.state, VRRP_STATE_MASTER);
	ck_assert(b->vips && !a->vips);
	a->connected = true;
	feed(a, VRRP_EV_IF_UP);
	while (b->f.state == VRRP_STATE_MASTER)
		ck_assert(step(n, S(2)));
	ck_assert_int_eq(a->f.state, VRRP_STATE_MASTER);
	ck_assert_int_eq(b->f.state, VRRP_STATE_BACKUP);
	/* A's first advert reached B one latency after A added its VIPs */
	ck_assert_uint_eq(b->backup_at, a->vips_at + MS(2));
}

/* B is BACKUP at once (no adverts, Master_Down_Timer running) but its
 * addresses go one grace later, well after A holds them. */
START_TEST(test_failback_delays_release)
{
	static struct net n;
	struct router *a = &n.r[0], *b = &n.r[1];
	uint64_t grace = vrrp_handover_grace_us(MS(10)), sent;

	ck_assert_uint_eq(grace, MS(20));
	failback(&n, grace);
	ck_assert(b->vips && b->f.vips_held);
	ck_assert_uint_eq(b->deadline[VRRP_TIMER_RELEASE], b->backup_at + grace);
	ck_assert_uint_eq(b->deadline[VRRP_TIMER_ADVER], NONE);
	ck_assert_uint_ne(b->deadline[VRRP_TIMER_MASTER_DOWN], NONE);
	sent = b->adverts;
	run_until(&n, b->backup_at + grace - 1);
	ck_assert(b->vips);
	run_until(&n, S(3));
	ck_assert_int_eq(b->f.state, VRRP_STATE_BACKUP);
	ck_assert_int_eq(a->f.state, VRRP_STATE_MASTER);
	ck_assert(!b->vips && !b->f.vips_held && a->vips);
	ck_assert_uint_eq(b->vips_gone_at, b->backup_at + grace);
	ck_assert_uint_ge(b->vips_gone_at, a->vips_at + MS(20));
	ck_assert_uint_eq(b->adverts, sent);	/* silent as a backup */
}
END_TEST

/* The new master vanishes (priority 0) within the grace: B is master
 * again with the addresses it never removed (no second add), and GARPs. */
START_TEST(test_failback_regain_cancels)
{
	static struct net n;
	struct router *a = &n.r[0], *b = &n.r[1];
	unsigned garps, adds;

	failback(&n, MS(20));
	garps = b->garps;
	adds = b->vips_adds;
	feed(a, VRRP_EV_SHUTDOWN);	/* priority 0: B master one skew later */
	run_until(&n, b->backup_at + MS(10));
	ck_assert_int_eq(b->f.state, VRRP_STATE_MASTER);
	ck_assert(b->vips && !b->f.vips_held);
	ck_assert_uint_eq(b->deadline[VRRP_TIMER_RELEASE], NONE);
	ck_assert_uint_eq(b->vips_adds, adds);
	ck_assert_uint_gt(b->garps, garps);
	run_until(&n, S(3));
	ck_assert_int_eq(b->f.state, VRRP_STATE_MASTER);
	ck_assert(b->vips);
	ck_assert_uint_eq(b->vips_gone_at, 0);	/* never removed */
}
END_TEST

/* FAULT or a stop within the grace: the addresses go at once. */
START_TEST(test_failback_fault_in_grace)
{
	static struct net n;
	struct router *b = &n.r[1];

	failback(&n, MS(20));
	run_until(&n, b->backup_at + MS(5));
	ck_assert(b->vips);
	feed(b, VRRP_EV_IF_DOWN);
	ck_assert_int_eq(b->f.state, VRRP_STATE_FAULT);
	ck_assert(!b->vips && !b->f.vips_held);
	ck_assert_uint_eq(b->vips_gone_at, b->backup_at + MS(5));
	ck_assert_uint_eq(b->deadline[VRRP_TIMER_RELEASE], NONE);
	run_until(&n, S(3));	/* no second removal (op_vips_del asserts) */

	failback(&n, MS(20));
	run_until(&n, b->backup_at + MS(5));
	feed(b, VRRP_EV_SHUTDOWN);
	ck_assert_int_eq(b->f.state, VRRP_STATE_INIT);
	ck_assert(!b->vips);
	ck_assert_uint_eq(b->vips_gone_at, b->backup_at + MS(5));
}
END_TEST

/* Switch off (grace 0, keepalived): the addresses go with the state. */
START_TEST(test_failback_switch_off)
{
	static struct net n;
	struct router *b = &n.r[1];

	failback(&n, 0);
	ck_assert(!b->vips && !b->f.vips_held);
	ck_assert_uint_eq(b->vips_gone_at, b->backup_at);
	ck_assert_uint_eq(b->deadline[VRRP_TIMER_RELEASE], NONE);
}
END_TEST

/* ---- global_defs vrrp_graceful_handover ---- */

static int
load(const char *text, bool *on, char *err, size_t errlen)
{
	struct conf_load_opts o = { .buf = text, .buf_len = strlen(text) };
	struct conf_diag d = { 0 };
	struct conf *c = NULL;
	int r = conf_load("t.conf", &o, &c, &d);

	if (err)
		snprintf(err, errlen, "%s", d.n ? d.msg[0].text : "");
	if (r == 0) {
		*on = c->global.vrrp_graceful_handover;
		conf_free(c);
	}
	conf_diag_free(&d);
	return r;
}

START_TEST(test_keyword)
{
	bool on = false;
	char err[256];

	ck_assert_int_eq(load("global_defs {\n router_id a\n}\n", &on, NULL, 0), 0);
	ck_assert(on);	/* default */
	ck_assert_int_eq(load("global_defs {\n vrrp_graceful_handover off\n}\n",
			      &on, NULL, 0), 0);
	ck_assert(!on);
	ck_assert_int_eq(load("global_defs {\n vrrp_graceful_handover\n}\n",
			      &on, NULL, 0), 0);
	ck_assert(on);
	ck_assert_int_eq(load("global_defs {\n vrrp_graceful_handover yes\n}\n",
			      &on, NULL, 0), 0);
	ck_assert(on);
	ck_assert_int_eq(load("global_defs {\n\n vrrp_graceful_handover maybe\n}\n",
			      &on, err, sizeof(err)), -EINVAL);
	ck_assert_msg(strncmp(err, "t.conf:3:", 9) == 0, "%s", err);
	/* extra words: a warning naming the line (keepalived ignores them) */
	on = false;
	ck_assert_int_eq(load("global_defs {\n vrrp_graceful_handover on off\n}\n",
			      &on, err, sizeof(err)), 0);
	ck_assert(on);
	ck_assert_msg(strncmp(err, "t.conf:2: warning:", 18) == 0, "%s", err);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("vrrp_handover");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_bounds);
	tcase_add_test(tc, test_peer_then_grace);
	tcase_add_test(tc, test_no_peer_timeout);
	tcase_add_test(tc, test_late_wakeup);
	tcase_add_test(tc, test_fsm_handover_mode);
	tcase_add_test(tc, test_fsm_handover_fault);
	tcase_add_test(tc, test_lan_make_before_break);
	tcase_add_test(tc, test_lan_prio0_lost);
	tcase_add_test(tc, test_lan_no_peer);
	tcase_add_test(tc, test_lan_immediate_has_gap);
	tcase_add_test(tc, test_failback_delays_release);
	tcase_add_test(tc, test_failback_regain_cancels);
	tcase_add_test(tc, test_failback_fault_in_grace);
	tcase_add_test(tc, test_failback_switch_off);
	tcase_add_test(tc, test_keyword);
	suite_add_tcase(s, tc);
	return ck_run(s);
}
