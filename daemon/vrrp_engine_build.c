/* vrrp_engine_build.c: VRRP instances built from struct conf (see
 * vrrp_engine.h for the keepalived rules followed). */
#include "config.h"

#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "vrrp_advert_max.h"
#include "vrrp_engine.h"
#include "vrrp_engine_int.h"
#include "vrrp_strict.h"
#include "vrrp_track_run.h"

/* ---- building instances from the configuration ---- */

static unsigned
ifindex_of(const char *name)
{
	return if_nametoindex(name);
}

static int64_t
pick(int64_t v, int64_t global)
{
	return v != CONF_UNSET ? v : global;
}

static void
conf_ip(const struct conf_addr *a, struct vrrp_ip *ret)
{
	memset(ret, 0, sizeof(*ret));
	ret->family = a->af;
	memcpy(ret->addr, &a->a, a->af == AF_INET ? 4 : 16);
}

static uint64_t
adver_int_us(const struct conf_vrrp *cv, uint8_t version)
{
	uint64_t us = cv->advert_int > 0 ? (uint64_t)cv->advert_int : US_PER_S;
	uint64_t unit = version == 2 ? US_PER_S : 10000;
	uint64_t n = (us + unit / 2) / unit;

	if (n < 1)
		n = 1;
	if (version == 2 && n > 255)
		n = 255;
	if (version == 3 && n > VRRP_V3_MAX_ADVER_INT)
		n = VRRP_V3_MAX_ADVER_INT;
	return n * unit;
}

struct primary_q {
	const struct vrrp_inst *i;
	bool found;
	struct vrrp_ip ip;
};

static void
primary_cb(const struct rtnl_addr *a, void *arg)
{
	struct primary_q *q = arg;

	if (q->found || a->ifindex != q->i->base_ifindex ||
	    a->family != q->i->family)
		return;
	if (a->family == AF_INET6 && !(a->addr[0] == 0xfe &&
				       (a->addr[1] & 0xc0) == 0x80))
		return;		/* IPv6: the link-local address */
	if (vrrp_vip_find(&q->i->vips, a) >= 0)
		return;		/* one of our VIPs left over */
	q->ip.family = a->family;
	memcpy(q->ip.addr, a->addr, a->family == AF_INET ? 4 : 16);
	q->found = true;
}

static int
inst_source(struct vrrp_inst *i)
{
	const struct conf_vrrp *cv = i->cv;
	struct primary_q q = { .i = i };
	int r;

	if (cv->n_unicast_peer && cv->unicast_src_ip.af == i->family) {
		conf_ip(&cv->unicast_src_ip, &i->src);
		return 0;
	}
	if (cv->mcast_src_ip.af == i->family) {
		conf_ip(&cv->mcast_src_ip, &i->src);
		return 0;
	}
	r = rtnl_addr_dump(i->e->rtnl, i->family, primary_cb, &q);
	if (r < 0)
		return r;
	if (!q.found)
		return -EADDRNOTAVAIL;
	i->src = q.ip;
	return 0;
}

static int
inst_dsts(struct vrrp_inst *i)
{
	const struct conf_vrrp *cv = i->cv;
	const struct conf_global *g = &i->e->conf->global;
	size_t k;

	i->dsts = calloc(cv->n_unicast_peer ? cv->n_unicast_peer : 1,
			 sizeof(*i->dsts));
	if (!i->dsts)
		return -ENOMEM;
	for (k = 0; k < cv->n_unicast_peer; k++) {
		if (cv->unicast_peer[k].addr.af != i->family)
			continue;
		conf_ip(&cv->unicast_peer[k].addr, &i->dsts[i->n_dsts++]);
	}
	if (cv->n_unicast_peer)
		return i->n_dsts ? 0 : -EINVAL;
	if (i->family == AF_INET && g->vrrp_mcast_group4.af == AF_INET) {
		conf_ip(&g->vrrp_mcast_group4, &i->dsts[0]);
	} else if (i->family == AF_INET6 && g->vrrp_mcast_group6.af == AF_INET6) {
		conf_ip(&g->vrrp_mcast_group6, &i->dsts[0]);
	} else {
		static const uint8_t g4[4] = { 224, 0, 0, 18 };
		static const uint8_t g6[16] = { 0xff, 0x02, [15] = 0x12 };

		i->dsts[0].family = i->family;
		memcpy(i->dsts[0].addr, i->family == AF_INET ? g4 : g6,
		       i->family == AF_INET ? 4 : 16);
	}
	i->n_dsts = 1;
	return vrrp_sock_join(i->sock, &i->dsts[0]);
}

static void
inst_expect(struct vrrp_inst *i, uint8_t version)
{
	const struct conf_vrrp *cv = i->cv;

	memset(&i->exp, 0, sizeof(i->exp));
	i->exp.family = i->family;
	i->exp.version = version;
	i->exp.unicast = cv->n_unicast_peer > 0;
	i->exp.min_ttl = 0;
	i->exp.max_ttl = 255;
	if (version == 2 && cv->auth.type == CONF_AUTH_PASS && cv->auth.pass) {
		i->exp.auth_type = VRRP_AUTH_PASS;
		vrrp_pkt_auth_pass(cv->auth.pass, i->exp.auth_data);
	} else if (version == 2 && cv->auth.type == CONF_AUTH_AH) {
		i->exp.auth_type = VRRP_AUTH_AH;
	}
	if (vrrp_strict_on(cv, &i->e->conf->global))
		vrrp_strict_expect(&i->exp);	/* no authentication */
	i->exp.adver_int = (uint16_t)(adver_int_us(cv, version) / US_PER_S);
	i->ttl = cv->n_unicast_peer && cv->unicast_ttl != CONF_UNSET ?
		 (uint8_t)cv->unicast_ttl : VRRP_TTL;
}

static void
inst_garp_cfg(struct vrrp_inst *i)
{
	const struct conf_vrrp *cv = i->cv;
	const struct conf_global *g = &i->e->conf->global;
	int64_t lr = pick(cv->garp_lower_prio_repeat, g->vrrp_garp_lower_prio_repeat);
	int64_t ld = pick(cv->garp_lower_prio_delay, g->vrrp_garp_lower_prio_delay);
	struct vrrp_garp_cfg *c = &i->gcfg;

	c->master_delay_us = (uint64_t)pick(cv->garp_master_delay,
					    g->vrrp_garp_master_delay) * US_PER_S;
	c->master_repeat = (unsigned)pick(cv->garp_master_repeat,
					  g->vrrp_garp_master_repeat);
	c->refresh_us = (uint64_t)pick(cv->garp_master_refresh,
				       g->vrrp_garp_master_refresh) * US_PER_S;
	c->refresh_repeat = (unsigned)pick(cv->garp_master_refresh_repeat,
					   g->vrrp_garp_master_refresh_repeat);
	/* keepalived: lower-priority values default to the master ones */
	c->lower_repeat = lr != CONF_UNSET ? (unsigned)lr : c->master_repeat;
	c->lower_delay_us = ld != CONF_UNSET ? (uint64_t)ld * US_PER_S :
			    c->master_delay_us;
	c->interval_us = (uint64_t)(i->family == AF_INET ? g->vrrp_garp_interval
							 : g->vrrp_gna_interval);
	if (vrrp_strict_on(cv, g))
		vrrp_strict_garp(c);
}

/* The VRRP version as keepalived settles it: IPv6 instances default to 3
 * whatever global vrrp_version says, and strict mode turns an explicit
 * version 2 on IPv6 into 3. */
static uint8_t
inst_version(const struct vrrp_inst *i)
{
	const struct conf_vrrp *cv = i->cv;
	const struct conf_global *g = &i->e->conf->global;

	if (i->family == AF_INET6 &&
	    (cv->version == CONF_UNSET || (cv->version == 2 && vrrp_strict_on(cv, g))))
		return 3;
	return (uint8_t)pick(cv->version, g->vrrp_version);
}

/* keepalived's limit (vrrp_advert_max.h): the addresses one advert cannot
 * carry on this link are installed but not advertised. */
static void
inst_advert_limit(struct vrrp_inst *i)
{
	unsigned mtu = vrrp_vip_link_mtu(i->ifindex);
	size_t max = vrrp_advert_max(i->family, inst_version(i), mtu,
				     i->cv->auth.type == CONF_AUTH_AH);
	size_t moved = vrrp_vip_advert_limit(&i->vips, max);

	if (moved)
		log_warnx("(%s) %zu virtual addresses beyond the %zu one advert "
			  "holds (MTU %u): installed, not advertised (as "
			  "virtual_ipaddress_excluded)", vrrp_inst_name(i), moved,
			  max, mtu ? mtu : VRRP_ADVERT_DEFAULT_MTU);
}

static int
inst_fsm(struct vrrp_inst *i)
{
	const struct conf_vrrp *cv = i->cv;
	const struct conf_global *g = &i->e->conf->global;
	uint8_t version = inst_version(i);
	struct vrrp_fsm_config fc = {
		.version = version,
		.priority = (uint8_t)(cv->priority > 0 ? cv->priority : 100),
		.adver_int_us = adver_int_us(cv, version),
		.nopreempt = cv->nopreempt,
		.want_master = cv->state == CONF_STATE_MASTER,
		.preempt_delay_us = cv->preempt_delay > 0 ?
				    (uint64_t)cv->preempt_delay : 0,
		.down_timer_adverts = (unsigned)pick(cv->down_timer_adverts,
						     g->vrrp_down_timer_adverts),
		.lower_prio_no_advert = cv->lower_prio_no_advert ||
					g->vrrp_lower_prio_no_advert,
		.higher_prio_send_advert = cv->higher_prio_send_advert ||
					   g->vrrp_higher_prio_send_advert,
		.primary = i->src,
		/* preempted master: make-before-break (vrrp_fsm.h) */
		.yield_grace_us = g->vrrp_graceful_handover ?
			vrrp_handover_grace_us(adver_int_us(cv, version)) : 0,
	};

	if (vrrp_strict_on(cv, g))
		vrrp_strict_fsm(&fc);
	inst_expect(i, version);
	return vrrp_fsm_init(&i->fsm, &fc, &vrrp_inst_ops, i);
}

static int
inst_family(const struct conf_vrrp *cv)
{
	if (cv->n_vip)
		return cv->vip[0].addr.af;
	if (cv->n_unicast_peer)
		return cv->unicast_peer[0].addr.af;
	return AF_INET;
}

static int
inst_link_init(struct vrrp_inst *i)
{
	struct rtnl_link l;
	int r = rtnl_link_get(i->e->rtnl, i->ifindex, &l);

	if (r < 0)
		return r;
	i->link_up = (l.flags & IFF_UP) && (l.flags & IFF_RUNNING);
	if (l.has_hwaddr)
		memcpy(i->mac, l.hwaddr, 6);
	return 0;
}

static bool
vips_have(const struct vrrp_vip_set *s, int family)
{
	size_t k;

	for (k = 0; k < s->n; k++)
		if (s->v[k].a.family == family)
			return true;
	return false;
}

static int
inst_sockets(struct vrrp_inst *i)
{
	const char *vmac = vrrp_net_sock_ifname(&i->net, i->cv);
	int r;

	r = vrrp_sock_pool_get(&i->e->pool, i->e->ev, i->family,
			       vmac ? vmac : i->cv->interface,
			       vmac ? i->ifindex : i->base_ifindex, &i->sock);
	if (r < 0)
		return r;
	if (vips_have(&i->vips, AF_INET) &&
	    (r = vrrp_garp_open(&i->g4, AF_INET, i->ifindex, i->mac)) < 0)
		return r;
	if (vips_have(&i->vips, AF_INET6) &&
	    (r = vrrp_garp_open(&i->g6, AF_INET6, i->ifindex, i->mac)) < 0)
		return r;
	return 0;
}

/* Steps in order; the failing step's name goes into the error message. */
int
vrrp_inst_build(struct vrrp_engine *e, struct vrrp_inst *i,
	   const struct conf_vrrp *cv, const char **step)
{
	const struct conf_global *g = &e->conf->global;
	const char *ifname = cv->interface ? cv->interface : g->default_interface;
	int r;

	i->e = e;
	i->cv = cv;
	i->g4.fd_arp = i->g4.fd_na = i->g6.fd_arp = i->g6.fd_na = -1;
	i->family = inst_family(cv);
	i->want_master = cv->state == CONF_STATE_MASTER;
	i->check_adv_addr = !cv->skip_check_adv_addr &&
			    !g->vrrp_skip_check_adv_addr;
	*step = "interface";
	i->ifindex = ifname ? if_nametoindex(ifname) : 0;
	if (!i->ifindex)
		return -ENODEV;
	i->base_ifindex = i->ifindex;
	*step = "use_vmac";
	if ((r = vrrp_net_vmac(&i->net, e->rtnl, cv, i->family, ifname,
			       &i->ifindex)) < 0)
		return r;
	*step = "link";
	if ((r = inst_link_init(i)) < 0)
		return r;
	*step = "virtual_ipaddress";
	if ((r = vrrp_vip_set_build(&i->vips, cv, i->family, i->ifindex,
				    ifindex_of)) < 0)
		return r;
	inst_advert_limit(i);
	i->adv_ips = calloc(i->vips.n ? i->vips.n : 1, sizeof(*i->adv_ips));
	if (!i->adv_ips)
		return -ENOMEM;
	i->n_adv_ips = vrrp_vip_advert(&i->vips, i->adv_ips, i->vips.n);
	*step = "virtual_routes/rules, accept mode or lvs_sync_daemon";
	if ((r = vrrp_net_build(&i->net, e->conf, cv, ifindex_of)) < 0)
		return r;
	*step = "source address";
	if ((r = inst_source(i)) < 0)
		return r;
	*step = "socket";
	if ((r = inst_sockets(i)) < 0)
		return r;
	*step = "destination";
	if ((r = inst_dsts(i)) < 0)
		return r;
	*step = "state machine";
	if ((r = inst_fsm(i)) < 0)
		return r;
	inst_garp_cfg(i);
	*step = "VRID";
	return vrrp_sock_register(i->sock, (uint8_t)cv->vrid, &i->exp, vrrp_inst_rx, i);
}

void
vrrp_inst_free(struct vrrp_inst *i)
{
	if (!i->e)
		return;
	event_timer_cancel(&i->t[VRRP_TIMER_ADVER]);
	event_timer_cancel(&i->t[VRRP_TIMER_MASTER_DOWN]);
	event_timer_cancel(&i->t[VRRP_TIMER_RELEASE]);
	event_timer_cancel(&i->t_garp);
	if (i->sock && i->sock->vrid[(uint8_t)i->cv->vrid].arg == i)
		vrrp_sock_unregister(i->sock, (uint8_t)i->cv->vrid);
	vrrp_garp_close(&i->g4);
	vrrp_garp_close(&i->g6);
	vrrp_vip_set_free(&i->vips);
	free(i->adv_ips);
	free(i->dsts);
	vrrp_net_free(&i->net);
}

void
vrrp_engine_free(struct vrrp_engine *e)
{
	size_t k;

	if (!e)
		return;
	vrrp_tracker_free(e->trk);
	for (k = 0; k < e->n_inst; k++)
		vrrp_inst_free(&e->inst[k]);
	free(e->inst);
	vrrp_sock_pool_free(&e->pool);
	rtnl_watch_close(e->watch);
	rtnl_close(e->rtnl);
	vrrp_net_static_free(&e->statics);
	script_set_forget(&e->scripts);
	free(e);
}

int
vrrp_engine_new(struct event_loop *ev, const struct conf *conf,
		struct vrrp_engine **ret)
{
	struct vrrp_engine *e = calloc(1, sizeof(*e));
	const char *step = "";
	size_t k;
	int r;

	if (!e)
		return -ENOMEM;
	e->ev = ev;
	e->conf = conf;
	e->inst = calloc(conf->n_vrrp ? conf->n_vrrp : 1, sizeof(*e->inst));
	if (!e->inst) {
		free(e);
		return -ENOMEM;
	}
	r = rtnl_open(&e->rtnl);
	if (r < 0) {
		log_warnx("rtnetlink: %s", strerror(-r));
		goto fail;
	}
	if ((r = vrrp_net_static_build(&e->statics, conf, ifindex_of)) < 0)
		goto fail;
	for (k = 0; k < conf->n_vrrp; k++) {
		e->n_inst++;
		r = vrrp_inst_build(e, &e->inst[k], &conf->vrrp[k], &step);
		if (r < 0) {
			log_warnx("vrrp_instance %s: %s: %s", conf->vrrp[k].name,
				  step, strerror(-r));
			goto fail;
		}
	}
	r = vrrp_tracker_new(e, NULL, &e->trk);	/* tracking, sync groups */
	if (r < 0)
		goto fail;
	*ret = e;
	return 0;
fail:
	vrrp_engine_free(e);
	return r;
}
