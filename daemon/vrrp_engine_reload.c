/* vrrp_engine_reload.c: switch a running engine to a new configuration in
 * place (vrrp_engine_reload; the matching rules are vrrp_reload_plan.h).
 *
 * Every new instance is built first, with the old instances' VRIDs
 * unregistered from their sockets (a new instance may take a VRID an old
 * one held); if any build fails, the new ones are freed, the old VRIDs
 * registered again and nothing has changed.  Then: removed and replaced
 * instances stop as at shutdown; kept ones hand their state machine
 * (state, learned master, counters, readiness...), running timers, GARP
 * schedule and installed addresses to their successor, whose changed
 * addresses are added (if master) or removed; new and replaced ones start.
 * A kept instance sends nothing and touches no address that did not
 * change, so a master stays master without a flap.  Its networking
 * extras follow the same rule (routes/rules by line text, no_accept
 * blocks, VMAC and sync daemon adopted by the new instance); tracking is
 * rebuilt with the results carried over (vrrp_track_run.h).
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "vrrp_engine.h"
#include "vrrp_engine_int.h"
#include "vrrp_track_run.h"
#include "vrrp_reload_plan.h"

static void
feed(struct vrrp_inst *i, enum vrrp_event ev)
{
	struct vrrp_fsm_input in = { .event = ev, .now_us = event_now_us(i->e->ev) };

	vrrp_fsm_input(&i->fsm, &in);
}

static void
inst_key(const struct vrrp_inst *i, struct vrrp_reload_key *k)
{
	k->name = i->cv->name;
	k->ifindex = i->ifindex;
	k->family = i->family;
	k->vrid = (uint8_t)i->cv->vrid;
	k->version = i->fsm.cfg.version;
}

static void
vrids_unregister(struct vrrp_engine *e)
{
	size_t k;

	for (k = 0; k < e->n_inst; k++) {
		struct vrrp_inst *i = &e->inst[k];
		uint8_t vrid = (uint8_t)i->cv->vrid;

		if (i->sock && i->sock->vrid[vrid].arg == i)
			vrrp_sock_unregister(i->sock, vrid);
	}
}

static void
vrids_register(struct vrrp_engine *e)
{
	size_t k;

	for (k = 0; k < e->n_inst; k++) {
		struct vrrp_inst *i = &e->inst[k];

		if (i->sock && vrrp_sock_register(i->sock, (uint8_t)i->cv->vrid,
						  &i->exp, vrrp_inst_rx, i) < 0)
			log_warnx("(%s) cannot register VRID %lld again",
				  vrrp_inst_name(i), (long long)i->cv->vrid);
	}
}

/* Build every instance of @conf into *@ret; on failure nothing is left. */
static int
build_all(struct vrrp_engine *e, const struct conf *conf, struct vrrp_inst **ret)
{
	struct vrrp_inst *ni = calloc(conf->n_vrrp ? conf->n_vrrp : 1, sizeof(*ni));
	const struct conf *saved = e->conf;
	const char *step = "";
	size_t k, j;
	int r = 0;

	if (ni == NULL)
		return -ENOMEM;
	e->conf = conf;		/* global defaults of the new tree */
	for (k = 0; k < conf->n_vrrp; k++) {
		r = vrrp_inst_build(e, &ni[k], &conf->vrrp[k], &step);
		if (r < 0) {
			log_warnx("reload: vrrp_instance %s: %s: %s",
				  conf->vrrp[k].name, step, strerror(-r));
			for (j = 0; j <= k; j++)
				vrrp_inst_free(&ni[j]);
			free(ni);
			e->conf = saved;
			return r;
		}
	}
	*ret = ni;
	return 0;
}

static void
timer_move(struct vrrp_inst *ni, struct vrrp_inst *oi, enum vrrp_timer t)
{
	uint64_t rem;

	if (!event_timer_armed(&oi->t[t]))
		return;
	rem = event_timer_remaining_us(&oi->t[t]);
	event_timer_cancel(&oi->t[t]);
	vrrp_inst_ops.timer_arm(ni, t, rem);
}

/* The state machine moves whole (runtime fields of any kind), with the
 * new configuration, ops and priority; Skew_Time and Master_Down_Interval
 * are recomputed for the new priority by a priority event. */
static void
fsm_move(struct vrrp_inst *ni, struct vrrp_inst *oi)
{
	struct vrrp_fsm fresh = ni->fsm;

	ni->fsm = oi->fsm;
	ni->fsm.cfg = fresh.cfg;
	ni->fsm.ops = fresh.ops;
	ni->fsm.arg = fresh.arg;
	ni->fsm.base_priority = fresh.base_priority;
	if (ni->fsm.state == VRRP_STATE_MASTER)
		ni->fsm.master_adver_int_us = fresh.cfg.adver_int_us;
	if (ni->fsm.priority != fresh.priority)
		log_info("(%s) priority %u -> %u", vrrp_inst_name(ni),
			 ni->fsm.priority, fresh.priority);
	{
		struct vrrp_fsm_input in = {
			.event = VRRP_EV_PRIORITY, .priority = fresh.priority,
			.now_us = event_now_us(ni->e->ev),
		};

		vrrp_fsm_input(&ni->fsm, &in);
	}
}

static void
vip_log(struct vrrp_inst *i, const struct rtnl_addr *a, const char *what)
{
	char buf[INET6_ADDRSTRLEN] = "?";

	inet_ntop(a->family, a->addr, buf, sizeof(buf));
	log_info("(%s) reload: virtual address %s/%u %s", vrrp_inst_name(i), buf,
		 a->prefix, what);
}

static void
vip_err(void *arg, const struct rtnl_addr *a, bool add, int err, const char *extack)
{
	char buf[INET6_ADDRSTRLEN] = "?";

	inet_ntop(a->family, a->addr, buf, sizeof(buf));
	log_warnx("(%s) %s %s/%u: %s%s%s", vrrp_inst_name(arg), add ? "add" : "delete",
		  buf, a->prefix, strerror(-err), extack && *extack ? ": " : "",
		  extack ? extack : "");
}

/* Addresses: kept ones keep their state, new ones are added if master
 * (before the old ones go, so a renumbering never leaves a gap). */
static int
vips_move(struct vrrp_inst *ni, struct vrrp_inst *oi)
{
	long *from = calloc(ni->vips.n ? ni->vips.n : 1, sizeof(*from));
	bool *kept = calloc(oi->vips.n ? oi->vips.n : 1, sizeof(*kept));
	bool master = ni->fsm.state == VRRP_STATE_MASTER, added = false;
	size_t k;

	if (from == NULL || kept == NULL) {
		free(from);
		free(kept);
		return -ENOMEM;
	}
	vrrp_reload_vips(&oi->vips, &ni->vips, from, kept);
	for (k = 0; k < ni->vips.n; k++) {
		if (from[k] >= 0) {
			ni->vips.v[k].installed = oi->vips.v[from[k]].installed;
		} else if (master) {
			vip_log(ni, &ni->vips.v[k].a, "added");
			vrrp_vip_restore(&ni->vips, k, ni->e->rtnl, vip_err, ni);
			added = true;
		}
	}
	for (k = 0; k < oi->vips.n; k++) {
		struct vrrp_vip_set one = { .v = &oi->vips.v[k], .n = 1 };

		if (kept[k] || !oi->vips.v[k].installed)
			continue;
		vip_log(ni, &oi->vips.v[k].a, "removed");
		vrrp_vip_withdraw(&one, ni->e->rtnl, vip_err, ni);
		vrrp_net_left(&oi->net, &one);	/* no_accept: unblocked */
	}
	if (added)
		vrrp_inst_ops.send_garp(ni, false);
	free(from);
	free(kept);
	return 0;
}

static bool
line_eq(const struct conf_route *a, const struct conf_route *b)
{
	size_t k;

	if (a == NULL || b == NULL || a->words.n != b->words.n)
		return false;
	for (k = 0; k < a->words.n; k++)
		if (strcmp(a->words.v[k], b->words.v[k]) != 0)
			return false;
	return true;
}

static void
route_err(void *arg, const char *what, const struct conf_route *line, bool add,
	  int err, const char *extack)
{
	(void)line;
	log_warnx("(%s) reload: %s %s: %s%s%s", vrrp_inst_name(arg),
		  add ? "add" : "delete", what, strerror(-err),
		  extack && *extack ? ": " : "", extack ? extack : "");
}

/* virtual_routes / virtual_rules of a kept master that the new set no
 * longer has (same line text = same route) are deleted. */
static void
routes_drop_stale(struct vrrp_inst *ni, struct vrrp_inst *oi)
{
	const struct vrrp_route_set *o = &oi->net.routes, *n = &ni->net.routes;
	struct vrrp_route_set stale = { 0 };
	size_t k, j;
	bool found;

	stale.r = calloc(o->n_r ? o->n_r : 1, sizeof(*stale.r));
	stale.u = calloc(o->n_u ? o->n_u : 1, sizeof(*stale.u));
	if (stale.r == NULL || stale.u == NULL)
		goto out;
	for (k = 0; k < o->n_r; k++) {
		for (found = false, j = 0; j < n->n_r && !found; j++)
			found = line_eq(o->r[k].conf, n->r[j].conf);
		if (o->r[k].installed && !found)
			stale.r[stale.n_r++] = o->r[k];
	}
	for (k = 0; k < o->n_u; k++) {
		for (found = false, j = 0; j < n->n_u && !found; j++)
			found = line_eq(o->u[k].conf, n->u[j].conf);
		if (o->u[k].installed && !found)
			stale.u[stale.n_u++] = o->u[k];
	}
	if (stale.n_r || stale.n_u) {
		log_info("(%s) reload: removing %zu route(s) and %zu rule(s) no "
			 "longer configured", vrrp_inst_name(ni), stale.n_r, stale.n_u);
		vrrp_route_set_withdraw(&stale, ni->e->rtnl, route_err, ni);
	}
out:
	vrrp_route_set_free(&stale);
}

/* @ni takes over from @oi, which is then freed.  Networking extras
 * (vrrp_net.h): the new instance adopted the VMAC and the sync daemon
 * when it was built; a master blocks its new addresses (no_accept) before
 * they appear, drops the routes/rules the new file lacks, then applies
 * its set (present ones count as added: nothing moves). */
static void
inst_carry(struct vrrp_inst *ni, struct vrrp_inst *oi)
{
	bool garp = event_timer_armed(&oi->t_garp);
	uint64_t garp_rem = garp ? event_timer_remaining_us(&oi->t_garp) : 0;
	bool master;

	ni->link_up = oi->link_up;	/* as the state machine knows it */
	ni->adv_addr_mismatch = oi->adv_addr_mismatch;
	ni->rl = oi->rl;
	if (oi->fsm.vips_held)	/* preempted, in its grace: release now */
		feed(oi, VRRP_EV_RELEASE);
	fsm_move(ni, oi);
	timer_move(ni, oi, VRRP_TIMER_ADVER);
	timer_move(ni, oi, VRRP_TIMER_MASTER_DOWN);
	ni->gs = oi->gs;
	event_timer_cancel(&oi->t_garp);
	if (garp)
		event_timer_add_us(ni->e->ev, &ni->t_garp, garp_rem,
				   vrrp_inst_garp_run, ni);
	master = ni->fsm.state == VRRP_STATE_MASTER;
	if (master)
		vrrp_net_pre_master(&ni->net, &ni->vips);
	if (vips_move(ni, oi) < 0)
		log_warnx("(%s) reload: out of memory comparing addresses",
			  vrrp_inst_name(ni));
	if (master) {
		routes_drop_stale(ni, oi);
		vrrp_net_master(&ni->net, ni->e->rtnl);
	}
	vrrp_inst_free(oi);
}

static void
inst_start(struct vrrp_inst *i)
{
	if (!i->link_up)
		feed(i, VRRP_EV_IF_DOWN);
	feed(i, VRRP_EV_STARTUP);
}

static int
plan_make(struct vrrp_engine *e, const struct vrrp_inst *ni, size_t n,
	  struct vrrp_reload_plan *plan)
{
	struct vrrp_reload_key *ko = calloc(e->n_inst ? e->n_inst : 1, sizeof(*ko));
	struct vrrp_reload_key *kn = calloc(n ? n : 1, sizeof(*kn));
	size_t k;
	int r = -ENOMEM;

	if (ko != NULL && kn != NULL) {
		for (k = 0; k < e->n_inst; k++)
			inst_key(&e->inst[k], &ko[k]);
		for (k = 0; k < n; k++)
			inst_key(&ni[k], &kn[k]);
		r = vrrp_reload_plan_build(ko, e->n_inst, kn, n, plan);
	}
	free(ko);
	free(kn);
	return r;
}

static bool
vmac_taken(const struct vrrp_inst *ni, size_t n, unsigned ifindex)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (ni[k].net.vmac.ifindex == ifindex)
			return true;
	return false;
}

static bool
syncd_taken(const struct vrrp_inst *ni, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (ni[k].net.syncd != NULL)
			return true;
	return false;
}

/* Stop the old instances no new one keeps (removed or replaced), as at
 * shutdown, except what a new instance took over when it was built: the
 * kernel's sync daemon, a VMAC of the same interface. */
static void
stop_unkept(struct vrrp_engine *e, const struct vrrp_reload_plan *plan, bool *kept,
	    const struct vrrp_inst *ni)
{
	bool syncd = syncd_taken(ni, plan->n_new);
	size_t k;

	for (k = 0; k < plan->n_new; k++)
		if (plan->act[k] == VRRP_RELOAD_KEEP)
			kept[plan->from[k]] = true;
	for (k = 0; k < e->n_inst; k++) {
		struct vrrp_inst *i = &e->inst[k];

		if (kept[k])
			continue;
		log_info("(%s) reload: %s", vrrp_inst_name(i),
			 plan->old_matched[k] ? "interface, VRID, family or version "
			 "changed: restarting it" : "removed from the configuration");
		if (e->watch != NULL) {
			if (!syncd)
				vrrp_net_stopping(&i->net);
			feed(i, VRRP_EV_SHUTDOWN);
		}
		if (i->net.vmac.ifindex && !vmac_taken(ni, plan->n_new, i->net.vmac.ifindex))
			vrrp_vmac_delete(&i->net.vmac, e->rtnl);
		vrrp_inst_free(i);
	}
}

static void
report_kept(struct vrrp_engine *e, const struct vrrp_reload_plan *plan)
{
	size_t k;

	if (e->hooks.state == NULL)
		return;
	for (k = 0; k < plan->n_new; k++) {
		const struct vrrp_inst *i = &e->inst[k];

		if (plan->act[k] == VRRP_RELOAD_KEEP)
			e->hooks.state(e->hooks.arg, k, vrrp_inst_name(i), i->fsm.state,
				       i->fsm.state, i->fsm.priority);
	}
}

int
vrrp_engine_reload(struct vrrp_engine *e, const struct conf *conf)
{
	struct vrrp_reload_plan plan;
	struct vrrp_inst *ni = NULL;
	bool *kept = calloc(e->n_inst ? e->n_inst : 1, sizeof(*kept));
	const struct conf *saved = e->conf;
	struct vrrp_tracker *old_trk;
	bool started = e->watch != NULL;
	size_t k, n = conf->n_vrrp;
	int r;

	if (kept == NULL)
		return -ENOMEM;
	vrids_unregister(e);
	if ((r = build_all(e, conf, &ni)) < 0 ||
	    (r = plan_make(e, ni, n, &plan)) < 0) {
		if (ni != NULL) {
			for (k = 0; k < n; k++)
				vrrp_inst_free(&ni[k]);
			free(ni);
		}
		e->conf = saved;
		vrids_register(e);
		free(kept);
		return r;
	}
	stop_unkept(e, &plan, kept, ni);	/* notified through the old tracker */
	/* the tracker indexes instances by their place in e->inst: detached
	 * while they move to the new array (its hooks accept NULL) */
	old_trk = e->trk;
	e->trk = NULL;
	for (k = 0; k < n; k++)
		if (plan.act[k] == VRRP_RELOAD_KEEP)
			inst_carry(&ni[k], &e->inst[plan.from[k]]);
	free(e->inst);
	e->inst = ni;
	e->n_inst = n;
	/* tracking, sync groups, notifies: a new tracker for the new
	 * instances, results carried over; it starts the new instances */
	if ((r = vrrp_tracker_new(e, old_trk, &e->trk)) < 0)
		log_warnx("reload: tracking: %s: instances run untracked",
			  strerror(-r));
	vrrp_tracker_free(old_trk);
	for (k = 0; started && !e->trk && k < n; k++)
		if (plan.act[k] != VRRP_RELOAD_KEEP)
			inst_start(&ni[k]);
	if (started && e->trk)
		vrrp_tracker_start(e->trk, true);
	report_kept(e, &plan);
	log_info("reload: %zu VRRP instance(s) running", n);
	vrrp_reload_plan_free(&plan);
	free(kept);
	return 0;
}
