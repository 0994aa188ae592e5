/* vrrp_engine_int.h: private to vrrp_engine.c (runtime: FSM ops, receive,
 * rtnl watch, process entry) and vrrp_engine_build.c (instances built from
 * the configuration).  Not for other modules. */
#ifndef IPVSD_VRRP_ENGINE_INT_H
#define IPVSD_VRRP_ENGINE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf.h"
#include "event.h"
#include "log.h"
#include "rtnl.h"
#include "script.h"
#include "vrrp_engine.h"
#include "vrrp_fsm.h"
#include "vrrp_garp.h"
#include "vrrp_handover.h"
#include "vrrp_net.h"
#include "vrrp_sock.h"
#include "vrrp_vip.h"

#define US_PER_S	1000000ULL

struct vrrp_inst {
	struct vrrp_engine *e;
	const struct conf_vrrp *cv;
	int family;
	unsigned ifindex;
	uint8_t mac[6];
	bool link_up;
	bool want_master;
	bool check_adv_addr;
	struct vrrp_fsm fsm;
	struct vrrp_sock *sock;
	struct vrrp_pkt_expect exp;
	struct vrrp_vip_set vips;
	struct vrrp_ip *adv_ips;
	size_t n_adv_ips;
	struct vrrp_ip src;
	struct vrrp_ip *dsts;		/* group, or the unicast peers */
	size_t n_dsts;
	uint8_t ttl;
	struct event_timer t[VRRP_TIMER_MAX];
	struct event_timer t_garp;
	struct vrrp_garp_cfg gcfg;
	struct vrrp_garp_sched gs;
	struct vrrp_garp_sock g4, g6;
	uint64_t adv_addr_mismatch;
	struct log_ratelimit rl;
	unsigned base_ifindex;		/* interface under a VMAC, else ifindex */
	struct vrrp_net net;		/* VMAC, routes/rules, no_accept, syncd */
	struct vrrp_handover ho;	/* graceful stop (vrrp_handover_run.c) */
	struct event_timer t_ho;
};

struct vrrp_engine {
	struct event_loop *ev;
	const struct conf *conf;
	struct rtnl *rtnl;
	struct rtnl_watch *watch;
	struct vrrp_sock_pool pool;
	struct vrrp_inst *inst;
	size_t n_inst;
	struct script_set scripts;
	struct vrrp_engine_hooks hooks;	/* vrrp_engine_set_hooks (VRRP child) */
	struct vrrp_tracker *trk;	/* tracking, sync groups, notifies */
	struct vrrp_net_static statics;	/* static_ipaddress/routes/rules */
	void (*ho_done)(void *arg);	/* vrrp_engine_handover_begin */
	void *ho_arg;
};

/* The FSM actions of an instance (arg: struct vrrp_inst). */
extern const struct vrrp_fsm_ops vrrp_inst_ops;
/* vrrp_sock_rx_cb of an instance. */
void vrrp_inst_rx(void *arg, const struct vrrp_adv *adv);
const char *vrrp_inst_name(const struct vrrp_inst *i);
/* vrrp_inst_report: call the state hook with old == new state, when only
 * what the parent shows changed (vips_held: vrrp_engine_inst_held). */
void vrrp_inst_report(struct vrrp_inst *i);
/* vrrp_inst_purge_vips: delete every address of @i found on the system
 * (startup clean-up of a previous run). */
void vrrp_inst_purge_vips(struct vrrp_inst *i);
/* vrrp_handover_run.c: an advert for @i while it hands over: consumed
 * (true) or not handing over (false: the FSM takes it).  _end: stop every
 * handover still running (vrrp_engine_stop, before the shutdown). */
bool vrrp_inst_handover_rx(struct vrrp_inst *i, const struct vrrp_adv *adv);
void vrrp_engine_handover_end(struct vrrp_engine *e);
/* vrrp_inst_garp_run: the GARP/NA schedule's timer callback (arg: inst). */
void vrrp_inst_garp_run(struct event_timer *t, void *arg);
/* vrrp_engine_build.c: build one instance of @cv (e->conf gives the
 * global defaults; its VRID is registered on its socket; *step names the
 * failing step) / release it (timers, VRID, GARP sockets, memory; the
 * addresses on the system are left as they are). */
int vrrp_inst_build(struct vrrp_engine *e, struct vrrp_inst *i,
		    const struct conf_vrrp *cv, const char **step);
void vrrp_inst_free(struct vrrp_inst *i);

#endif
