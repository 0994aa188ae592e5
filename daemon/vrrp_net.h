/* vrrp_net.h: the networking extras of one VRRP instance, as keepalived
 * does them, in one object the engine calls at fixed points:
 *  - use_vmac / vmac_xmit_base (vrrp_vmac.c), before the VIPs are built;
 *  - virtual_routes / virtual_rules (vrrp_route.c): added on becoming
 *    master (after the VIPs), removed on leaving (before the VIPs);
 *  - no_accept mode (vrrp_block.c): the VIPs are blocked before they are
 *    added and unblocked after they are removed;
 *  - the IPVS sync daemon (vrrp_syncd.c) when this instance drives it:
 *    master daemon while master, backup daemon otherwise.
 * Failures are logged (prefix "(instance)") and do not stop the instance,
 * except in vrrp_net_vmac / vrrp_net_build, which return -errno (but a
 * host without iptables/ipset only gets a warning: no_accept is then not
 * enforced).
 */
#ifndef IPVSD_VRRP_NET_H
#define IPVSD_VRRP_NET_H

#include <stdbool.h>
#include <stdint.h>

#include "conf.h"
#include "rtnl.h"
#include "vrrp_route.h"
#include "vrrp_vip.h"
#include "vrrp_vmac.h"

struct vrrp_block;
struct vrrp_syncd;
struct vrrp_net_static;

struct vrrp_net {
	const char *name;		/* instance name, for logs */
	struct vrrp_route_set routes;
	struct vrrp_vmac vmac;
	bool no_accept;			/* block the VIPs while master */
	struct vrrp_block *block;
	struct vrrp_syncd *syncd;
};

/* vrrp_net_accept: keepalived's accept mode of @cv: "accept"/"no_accept"
 * if given, else accept unless strict mode (strict_mode or global
 * vrrp_strict); the address owner (priority 255) always accepts. */
bool vrrp_net_accept(const struct conf *c, const struct conf_vrrp *cv);

/* vrrp_net_vmac: with use_vmac, create the VMAC on *ifindex (the
 * instance's interface, named @base_name) and replace *ifindex by the
 * VMAC's.  0 or -errno (logged). */
int vrrp_net_vmac(struct vrrp_net *n, struct rtnl *r,
		  const struct conf_vrrp *cv, int family, const char *base_name,
		  unsigned *ifindex);

/* vrrp_net_sock_ifname: where adverts are sent and received: the VMAC's
 * name (use_vmac without vmac_xmit_base), else NULL (the base). */
const char *vrrp_net_sock_ifname(const struct vrrp_net *n,
				 const struct conf_vrrp *cv);

/* vrrp_net_build: routes/rules, accept mode and sync daemon of @cv.
 * 0 or -errno (logged with the faulty line). */
int vrrp_net_build(struct vrrp_net *n, const struct conf *c,
		   const struct conf_vrrp *cv,
		   unsigned (*ifindex_of)(const char *name));

/* State hooks, in the order the engine calls them. */
void vrrp_net_pre_master(struct vrrp_net *n, const struct vrrp_vip_set *vips);
void vrrp_net_master(struct vrrp_net *n, struct rtnl *r);
void vrrp_net_pre_leave(struct vrrp_net *n, struct rtnl *r);
void vrrp_net_left(struct vrrp_net *n, const struct vrrp_vip_set *vips);

/* vrrp_net_start: at engine start: the sync daemon in backup role (a
 * master daemon left over is stopped). */
void vrrp_net_start(struct vrrp_net *n);
/* vrrp_net_stopping: at engine stop, before the instances shut down: stop
 * the sync daemon (no backup daemon is started on the way out).
 * vrrp_net_stop: after the VIPs were withdrawn: delete the VMAC.  (Neither
 * is done by vrrp_net_free, which an engine reload calls on instances
 * whose successor keeps them.) */
void vrrp_net_stopping(struct vrrp_net *n);
void vrrp_net_stop(struct vrrp_net *n, struct rtnl *r);
/* vrrp_net_free: release memory, the IPVS connection and the reference
 * to the block state (its sets and rules go with the last reference). */
void vrrp_net_free(struct vrrp_net *n);

/* ---- static_ipaddress / static_routes / static_rules ----
 * As keepalived: added when the VRRP engine starts, whatever the state of
 * any instance, and removed when it stops.  An address without "dev" goes
 * on the global default_interface (else "eth0").  Built once from the
 * configuration the engine starts with (a reload does not change them). */
struct vrrp_net_static {
	struct vrrp_vip_set ips;
	struct vrrp_route_set rs;
};

/* vrrp_net_rtnl_event: a route or rule deletion seen on the watch socket:
 * one of ours, tracked and installed, is added again while @master (the
 * engine's policy for addresses; keepalived drops to backup instead). */
void vrrp_net_rtnl_event(struct vrrp_net *n, struct rtnl *r, bool master,
			 const struct rtnl_event *ev);
/* vrrp_net_static_event: the same for the static routes and rules, which
 * are always put back (as keepalived does). */
void vrrp_net_static_event(struct vrrp_net_static *s, struct rtnl *r,
			   const struct rtnl_event *ev);

/* vrrp_net_static_build: 0 or -errno (logged with the faulty line). */
int vrrp_net_static_build(struct vrrp_net_static *s, const struct conf *c,
			  unsigned (*ifindex_of)(const char *name));
void vrrp_net_static_apply(struct vrrp_net_static *s, struct rtnl *r);
void vrrp_net_static_withdraw(struct vrrp_net_static *s, struct rtnl *r);
void vrrp_net_static_free(struct vrrp_net_static *s);

#endif
