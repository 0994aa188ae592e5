/* vrrp_engine.c: VRRP instances wired to sockets, timers, addresses. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "log.h"
#include "rtnl.h"
#include "script.h"
#include "vrrp_engine.h"
#include "vrrp_engine_int.h"
#include "vrrp_fsm.h"
#include "vrrp_garp.h"
#include "vrrp_sock.h"
#include "vrrp_track_run.h"
#include "vrrp_vip.h"

const char *
vrrp_inst_name(const struct vrrp_inst *i)
{
	return i->cv->name ? i->cv->name : "?";
}

static uint64_t
now_us(const struct vrrp_inst *i)
{
	return event_now_us(i->e->ev);
}

static void
feed(struct vrrp_inst *i, enum vrrp_event ev)
{
	struct vrrp_fsm_input in = { .event = ev, .now_us = now_us(i) };

	vrrp_fsm_input(&i->fsm, &in);
}

/* ---- FSM ops ---- */

static void
op_send_advert(void *arg, uint8_t priority)
{
	struct vrrp_inst *i = arg;
	const struct conf_vrrp *cv = i->cv;
	struct vrrp_pkt_build b = {
		.family = i->family, .version = i->fsm.cfg.version,
		.vrid = (uint8_t)cv->vrid, .priority = priority,
		.adver_int = vrrp_fsm_adver_int_wire(&i->fsm),
		.auth_type = i->exp.auth_type, .ttl = i->ttl, .src = i->src,
		.vips = i->adv_ips, .n_vips = i->n_adv_ips,
	};
	uint8_t pkt[VRRP_PKT_MAX_IP4_LEN + VRRP_PKT_MAX_LEN];
	size_t d;
	int n, r;

	memcpy(b.auth_data, i->exp.auth_data, sizeof(b.auth_data));
	for (d = 0; d < i->n_dsts; d++) {
		b.dst = i->dsts[d];
		n = vrrp_pkt_encode(&b, pkt, sizeof(pkt));
		if (n < 0) {
			log_warnx("(%s) cannot build advert: %s", vrrp_inst_name(i),
				  strerror(-n));
			return;
		}
		r = vrrp_sock_send(i->sock, pkt, (size_t)n, &i->src, &b.dst);
		if (r < 0 && log_ratelimit(&i->rl, 5, 10))
			log_warnx("(%s) send advert: %s", vrrp_inst_name(i), strerror(-r));
	}
}

static void
timer_adver(struct event_timer *t, void *arg)
{
	feed(arg, VRRP_EV_ADVER_TIMER);
}

static void
timer_master_down(struct event_timer *t, void *arg)
{
	struct vrrp_inst *i = arg;

	/* a vrrp_sync_group may hold the instance back (vrrp_track_run.h) */
	if (!vrrp_tracker_master_down(i->e->trk, i)) {
		event_timer_add_us(i->e->ev, t, i->fsm.master_down_interval_us,
				   timer_master_down, i);
		return;
	}
	feed(arg, VRRP_EV_MASTER_DOWN);
}

/* preempted master: its addresses go now (vrrp_fsm.h, yield_grace_us) */
static void
timer_release(struct event_timer *t, void *arg)
{
	struct vrrp_inst *i = arg;
	enum vrrp_state st = i->fsm.state;
	bool was = i->fsm.vips_held;

	(void)t;
	if (i->fsm.vips_held)
		log_info("(%s) preempted: grace over, releasing the addresses",
			 vrrp_inst_name(i));
	feed(i, VRRP_EV_RELEASE);
	if (was && !i->fsm.vips_held && i->fsm.state == st)
		vrrp_inst_report(i);	/* no transition told the parent */
}

static void
op_timer_arm(void *arg, enum vrrp_timer t, uint64_t delay_us)
{
	struct vrrp_inst *i = arg;

	vrrp_tracker_timer_armed(i->e->trk, i, t);
	event_timer_add_us(i->e->ev, &i->t[t], delay_us,
			   t == VRRP_TIMER_ADVER ? timer_adver :
			   t == VRRP_TIMER_RELEASE ? timer_release :
			   timer_master_down, i);
}

static void
op_timer_cancel(void *arg, enum vrrp_timer t)
{
	struct vrrp_inst *i = arg;

	event_timer_cancel(&i->t[t]);
}

static void
vip_err(void *arg, const struct rtnl_addr *a, bool add, int err,
	const char *extack)
{
	struct vrrp_inst *i = arg;
	char buf[INET6_ADDRSTRLEN] = "?";

	inet_ntop(a->family, a->addr, buf, sizeof(buf));
	log_warnx("(%s) %s %s/%u: %s%s%s", vrrp_inst_name(i), add ? "add" : "delete",
		  buf, a->prefix, strerror(-err), extack && *extack ? ": " : "",
		  extack ? extack : "");
}

static void
op_vips_add(void *arg)
{
	struct vrrp_inst *i = arg;

	vrrp_net_pre_master(&i->net, &i->vips);
	vrrp_vip_apply(&i->vips, i->e->rtnl, vip_err, i);
	vrrp_net_master(&i->net, i->e->rtnl);
}

static void
op_vips_del(void *arg)
{
	struct vrrp_inst *i = arg;

	vrrp_net_pre_leave(&i->net, i->e->rtnl);
	vrrp_vip_withdraw(&i->vips, i->e->rtnl, vip_err, i);
	vrrp_net_left(&i->net, &i->vips);
}


static void
garp_round(struct vrrp_inst *i)
{
	size_t k;
	int r;

	for (k = 0; k < i->vips.n; k++) {
		const struct rtnl_addr *a = &i->vips.v[k].a;

		if (a->ifindex != i->ifindex)
			continue;	/* other interfaces: not announced */
		r = vrrp_garp_send(a->family == AF_INET ? &i->g4 : &i->g6,
				   a->family, a->addr);
		if (r < 0 && log_ratelimit(&i->rl, 5, 10))
			log_warnx("(%s) gratuitous ARP/NA: %s", vrrp_inst_name(i),
				  strerror(-r));
	}
}

void
vrrp_inst_garp_run(struct event_timer *t, void *arg)
{
	struct vrrp_inst *i = arg;
	uint64_t now = now_us(i), next = 0;
	unsigned rounds = vrrp_garp_sched_poll(&i->gs, &i->gcfg, now, &next);

	while (rounds--)
		garp_round(i);
	if (next)
		event_timer_add_us(i->e->ev, &i->t_garp,
				   next > now ? next - now : 0,
				   vrrp_inst_garp_run, i);
}

static void
op_send_garp(void *arg, bool lower_prio)
{
	struct vrrp_inst *i = arg;

	if (lower_prio) {
		vrrp_tracker_rx_lower(i->e->trk, i);
		vrrp_garp_sched_lower(&i->gs, &i->gcfg, now_us(i));
	}
	else
		vrrp_garp_sched_master(&i->gs, &i->gcfg, now_us(i));
	vrrp_inst_garp_run(&i->t_garp, i);
}

static void
op_state_change(void *arg, enum vrrp_state old, enum vrrp_state new_state,
		enum vrrp_event why)
{
	struct vrrp_inst *i = arg;

	if (old == VRRP_STATE_MASTER) {
		vrrp_garp_sched_stop(&i->gs);
		event_timer_cancel(&i->t_garp);
	}
	if (i->e->hooks.state)
		i->e->hooks.state(i->e->hooks.arg, (size_t)(i - i->e->inst),
				  vrrp_inst_name(i), old, new_state, i->fsm.priority);
	if (new_state == VRRP_STATE_INIT) {
		log_info("(%s) Stopped (%s)", vrrp_inst_name(i), vrrp_event_str(why));
		vrrp_tracker_state(i->e->trk, i, old, new_state);
		return;
	}
	log_info("(%s) Entering %s STATE (%s)", vrrp_inst_name(i),
		 vrrp_state_str(new_state), vrrp_event_str(why));
	if (i->fsm.vips_held && old == VRRP_STATE_MASTER)
		log_info("(%s) preempted: keeping the addresses %llu ms for the "
			 "new master's gratuitous ARP/NA", vrrp_inst_name(i),
			 (unsigned long long)i->fsm.cfg.yield_grace_us / 1000u);
	vrrp_tracker_state(i->e->trk, i, old, new_state);
}

void
vrrp_inst_report(struct vrrp_inst *i)
{
	if (i->e->hooks.state)
		i->e->hooks.state(i->e->hooks.arg, (size_t)(i - i->e->inst),
				  vrrp_inst_name(i), i->fsm.state, i->fsm.state,
				  i->fsm.priority);
}

void
vrrp_engine_set_hooks(struct vrrp_engine *e, const struct vrrp_engine_hooks *h)
{
	e->hooks = *h;
}

const struct vrrp_fsm_ops vrrp_inst_ops = {
	.send_advert = op_send_advert,
	.timer_arm = op_timer_arm,
	.timer_cancel = op_timer_cancel,
	.vips_add = op_vips_add,
	.vips_del = op_vips_del,
	.send_garp = op_send_garp,
	.state_change = op_state_change,
};

/* ---- receive ---- */

void
vrrp_inst_rx(void *arg, const struct vrrp_adv *adv)
{
	struct vrrp_inst *i = arg;
	struct vrrp_fsm_input in = { .event = VRRP_EV_ADVERT,
				     .now_us = now_us(i) };

	if (vrrp_ip_cmp(&adv->src, &i->src) == 0)
		return;		/* our own, looped back */
	if (i->check_adv_addr &&
	    !vrrp_adv_match_addrs(adv, i->adv_ips, i->n_adv_ips)) {
		i->adv_addr_mismatch++;
		if (log_ratelimit(&i->rl, 5, 10))
			log_warnx("(%s) advert addresses differ from ours: dropped",
				  vrrp_inst_name(i));
		return;
	}
	if (vrrp_inst_handover_rx(i, adv))
		return;		/* graceful stop (vrrp_handover_run.c) */
	in.adv.priority = adv->priority;
	in.adv.adver_int = adv->adver_int;
	in.adv.src = adv->src;
	vrrp_fsm_input(&i->fsm, &in);
}

/* ---- rtnl watch ---- */

static void
inst_link(struct vrrp_inst *i, const struct rtnl_event *ev)
{
	bool up = ev->type == RTNL_EV_LINK_NEW &&
		  (ev->link.flags & IFF_UP) && (ev->link.flags & IFF_RUNNING);

	if (up && ev->link.has_hwaddr) {
		memcpy(i->mac, ev->link.hwaddr, 6);
		memcpy(i->g4.mac, ev->link.hwaddr, 6);
		memcpy(i->g6.mac, ev->link.hwaddr, 6);
	}
	if (up == i->link_up)
		return;
	i->link_up = up;
	log_info("(%s) interface %s is %s", vrrp_inst_name(i), i->cv->interface,
		 up ? "up" : "down");
	vrrp_tracker_eval(i->e->trk, i);	/* link + tracked objects */
}

static void
inst_addr_del(struct vrrp_inst *i, const struct rtnl_addr *a)
{
	char buf[INET6_ADDRSTRLEN] = "?";
	int k;

	if (i->fsm.state != VRRP_STATE_MASTER)
		return;
	k = vrrp_vip_find(&i->vips, a);
	if (k < 0 || !i->vips.v[k].installed)
		return;
	if (i->vips.v[k].no_track) {	/* keepalived: not tracked */
		i->vips.v[k].installed = false;
		return;
	}
	inet_ntop(a->family, a->addr, buf, sizeof(buf));
	log_info("(%s) virtual address %s removed while master: restoring",
		 vrrp_inst_name(i), buf);
	vrrp_vip_restore(&i->vips, (size_t)k, i->e->rtnl, vip_err, i);
}

static void
inst_resync(struct vrrp_inst *i)
{
	struct rtnl_event ev = { .type = RTNL_EV_LINK_DEL };

	if (rtnl_link_get(i->e->rtnl, i->ifindex, &ev.link) == 0)
		ev.type = RTNL_EV_LINK_NEW;
	inst_link(i, &ev);
}

static void
engine_rtnl_event(const struct rtnl_event *ev, void *arg)
{
	struct vrrp_engine *e = arg;
	size_t k;

	for (k = 0; k < e->n_inst; k++) {
		struct vrrp_inst *i = &e->inst[k];

		switch (ev->type) {
		case RTNL_EV_LINK_NEW:
		case RTNL_EV_LINK_DEL:
			if (ev->link.ifindex == i->ifindex)
				inst_link(i, ev);
			break;
		case RTNL_EV_ADDR_DEL:
			inst_addr_del(i, &ev->addr);
			break;
		case RTNL_EV_RESYNC:
			inst_resync(i);
			break;
		case RTNL_EV_ROUTE_DEL:	/* virtual_routes/rules */
		case RTNL_EV_RULE_DEL:
			vrrp_net_rtnl_event(&i->net, e->rtnl,
					    i->fsm.state == VRRP_STATE_MASTER, ev);
			break;
		default:
			break;
		}
	}
	vrrp_net_static_event(&e->statics, e->rtnl, ev);
	vrrp_tracker_rtnl(e->trk, ev);	/* track_interface */
}

/* ---- engine ---- */

/* keepalived at startup (not on reload): remove our virtual addresses left
 * over by a previous run (a killed VRRP process leaves them), so that a
 * restarted backup never holds them next to the new master. */
void
vrrp_inst_purge_vips(struct vrrp_inst *i)
{
	size_t k;

	for (k = 0; k < i->vips.n; k++)
		i->vips.v[k].installed = true;	/* absent ones count as deleted */
	vrrp_vip_withdraw(&i->vips, i->e->rtnl, vip_err, i);
}

int
vrrp_engine_start(struct vrrp_engine *e)
{
	size_t k;
	int r;

	r = rtnl_watch_open(e->ev, engine_rtnl_event, e, &e->watch);
	if (r < 0) {
		log_warnx("rtnetlink watch: %s", strerror(-r));
		return r;
	}
	vrrp_net_static_apply(&e->statics, e->rtnl);
	for (k = 0; k < e->n_inst; k++) {
		struct vrrp_inst *i = &e->inst[k];

		vrrp_inst_purge_vips(i);
		vrrp_net_start(&i->net);	/* sync daemon: backup */
	}
	/* Tracking, sync groups, vrrp_startup_delay (vrrp_track_run.h):
	 * faults first, then VRRP_EV_STARTUP.  "state MASTER" (a zero
	 * master-down time, unless held by readiness) is the FSM's:
	 * vrrp_fsm_config.want_master */
	vrrp_tracker_start(e->trk, false);
	return 0;
}

void
vrrp_engine_stop(struct vrrp_engine *e)
{
	size_t k;

	vrrp_engine_handover_end(e);	/* masters still handing over */
	for (k = 0; k < e->n_inst; k++)
		vrrp_net_stopping(&e->inst[k].net);	/* sync daemon */
	for (k = 0; k < e->n_inst; k++)
		feed(&e->inst[k], VRRP_EV_SHUTDOWN);
	vrrp_tracker_stop(e->trk);	/* sync groups: STOP notifies */
	for (k = 0; k < e->n_inst; k++)	/* VMAC */
		vrrp_net_stop(&e->inst[k].net, e->rtnl);
	vrrp_net_static_withdraw(&e->statics, e->rtnl);
}

int
vrrp_engine_set_ready(struct vrrp_engine *e, size_t inst_idx, bool ready)
{
	struct vrrp_inst *i;
	struct vrrp_fsm_input in = { .event = VRRP_EV_READY, .ready = ready };

	if (inst_idx >= e->n_inst)
		return -ENOENT;
	i = &e->inst[inst_idx];
	if (i->fsm.ready == ready)
		return 0;
	log_info("(%s) LVS side %s", vrrp_inst_name(i),
		 ready ? "ready: preemption allowed" :
			 "not ready: holding preemption");
	in.now_us = now_us(i);
	vrrp_fsm_input(&i->fsm, &in);
	return 0;
}

void
vrrp_engine_log_stats(const struct vrrp_engine *e)
{
	const struct vrrp_sock *s;
	size_t k;
	int r;

	for (k = 0; k < e->n_inst; k++) {
		const struct vrrp_inst *i = &e->inst[k];
		const struct vrrp_fsm_stats *st = &i->fsm.stats;

		log_info("(%s) state %s, transitions %llu, became master %llu, "
			 "adverts sent %llu received %llu, priority 0 sent %llu "
			 "received %llu, address mismatch %llu", vrrp_inst_name(i),
			 vrrp_state_str(i->fsm.state),
			 (unsigned long long)st->trans_cnt,
			 (unsigned long long)st->become_master,
			 (unsigned long long)st->adver_sent,
			 (unsigned long long)st->adver_rcvd,
			 (unsigned long long)st->pri_zero_sent,
			 (unsigned long long)st->pri_zero_rcvd,
			 (unsigned long long)i->adv_addr_mismatch);
	}
	for (s = e->pool.head; s; s = s->next) {
		log_info("socket %s/%s: rx %llu accepted %llu unknown-vrid %llu "
			 "tx %llu tx-errors %llu", s->ifname,
			 s->family == AF_INET ? "inet" : "inet6",
			 (unsigned long long)s->stats.rx,
			 (unsigned long long)s->stats.accepted,
			 (unsigned long long)s->stats.drop_vrid,
			 (unsigned long long)s->stats.tx,
			 (unsigned long long)s->stats.tx_err);
		for (r = 1; r < VRRP_PKT_ERR_MAX; r++)
			if (s->stats.drop[r])
				log_info("socket %s: dropped %llu: %s",
					 s->ifname,
					 (unsigned long long)s->stats.drop[r],
					 vrrp_pkt_strerror(r));
	}
}
