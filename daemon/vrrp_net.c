/* vrrp_net.c: VMAC, routes/rules, no_accept and sync daemon of an
 * instance (see vrrp_net.h). */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "log.h"
#include "vrrp_block.h"
#include "vrrp_net.h"
#include "vrrp_syncd.h"

#define NET_ERR_MAX 512

bool
vrrp_net_accept(const struct conf *c, const struct conf_vrrp *cv)
{
	if (cv->priority == 255)
		return true;
	if (cv->accept != CONF_UNSET)
		return cv->accept != 0;
	return !(cv->strict_mode || c->global.vrrp_strict);
}

int
vrrp_net_vmac(struct vrrp_net *n, struct rtnl *r, const struct conf_vrrp *cv,
	      int family, const char *base_name, unsigned *ifindex)
{
	char err[NET_ERR_MAX];
	int e;

	n->name = cv->name ? cv->name : "?";
	if (!cv->use_vmac)
		return 0;
	e = vrrp_vmac_create(&n->vmac, r, cv->vmac_name, (uint8_t)cv->vrid,
			     family, *ifindex, base_name, err, sizeof(err));
	if (e < 0) {
		log_warnx("(%s) use_vmac: %s", n->name, err);
		vrrp_vmac_delete(&n->vmac, r);
		return e;
	}
	log_info("(%s) VMAC %s (ifindex %u) on %s", n->name, n->vmac.name,
		 n->vmac.ifindex, base_name);
	*ifindex = n->vmac.ifindex;
	return 0;
}

const char *
vrrp_net_sock_ifname(const struct vrrp_net *n, const struct conf_vrrp *cv)
{
	return n->vmac.ifindex && !cv->vmac_xmit_base ? n->vmac.name : NULL;
}

static int
net_syncd(struct vrrp_net *n, const struct conf *c, const struct conf_vrrp *cv)
{
	struct ipvs_daemon d;
	char err[NET_ERR_MAX];
	int r = vrrp_syncd_conf(c, cv, &d);

	if (r < 0) {
		log_warnx("(%s) lvs_sync_daemon: invalid interface name", n->name);
		return r;
	}
	if (r == 0)
		return 0;
	r = vrrp_syncd_open(&n->syncd, &d, err, sizeof(err));
	if (r < 0) {
		log_warnx("(%s) lvs_sync_daemon: %s", n->name, err);
		return r;
	}
	log_info("(%s) IPVS sync daemon (backup) started on %s, syncid %u",
		 n->name, d.mcast_ifn, d.syncid);
	return 0;
}

/* no_accept: the sets and rules of the VIPs' families, ready before the
 * first transition to master.  Only an allocation failure stops the
 * instance: without iptables/ipset it runs, unprotected, and says so. */
static int
net_block(struct vrrp_net *n, const struct conf_vrrp *cv)
{
	char err[NET_ERR_MAX];
	bool fam[2] = { false, false };
	size_t k;
	int r;

	for (k = 0; k < cv->n_vip; k++)
		fam[cv->vip[k].addr.af == AF_INET6] = true;
	for (k = 0; k < cv->n_evip; k++)
		fam[cv->evip[k].addr.af == AF_INET6] = true;
	r = vrrp_block_get(&n->block, err, sizeof(err));
	for (k = 0; r == 0 && k < 2; k++)
		if (fam[k])
			r = vrrp_block_prepare(n->block, k ? AF_INET6 : AF_INET,
					       err, sizeof(err));
	if (r < 0)	/* retried at each transition; VRRP runs on */
		log_warnx("(%s) no_accept: %s: the VIPs will not be blocked",
			  n->name, err);
	return n->block ? 0 : r;
}

int
vrrp_net_build(struct vrrp_net *n, const struct conf *c,
	       const struct conf_vrrp *cv,
	       unsigned (*ifindex_of)(const char *name))
{
	const struct conf_route *bad = NULL;
	char err[NET_ERR_MAX];
	int r;

	n->name = cv->name ? cv->name : "?";
	r = vrrp_route_set_build(&n->routes, cv->vroute, cv->n_vroute, cv->vrule,
				 cv->n_vrule, ifindex_of, &bad, err, sizeof(err));
	if (r < 0) {
		if (bad)
			log_warnx("%s:%u: (%s) %s", bad->loc.file ? bad->loc.file : "?",
				  bad->loc.line, n->name, err);
		else
			log_warnx("(%s) virtual_routes/rules: %s", n->name, err);
		return r;
	}
	n->no_accept = !vrrp_net_accept(c, cv);
	if (n->no_accept && cv->n_vip + cv->n_evip > 0 &&
	    (r = net_block(n, cv)) < 0)
		return r;
	return net_syncd(n, c, cv);
}

/* ---- state hooks ---- */

static void
route_err(void *arg, const char *what, const struct conf_route *line,
	  bool add, int err, const char *extack)
{
	struct vrrp_net *n = arg;

	log_warnx("%s:%u: (%s) %s %s: %s%s%s",
		  line && line->loc.file ? line->loc.file : "?",
		  line ? line->loc.line : 0, n->name, add ? "add" : "delete",
		  what, strerror(-err), extack && *extack ? ": " : "",
		  extack ? extack : "");
}

static void
block_all(struct vrrp_net *n, const struct vrrp_vip_set *vips, bool block)
{
	char err[NET_ERR_MAX], ip[INET6_ADDRSTRLEN];
	size_t k;

	if (!n->block)
		return;
	for (k = 0; k < vips->n; k++) {
		const struct rtnl_addr *a = &vips->v[k].a;

		if (vrrp_block_addr(n->block, a, block, err, sizeof(err)) < 0) {
			inet_ntop(a->family, a->addr, ip, sizeof(ip));
			log_warnx("(%s) no_accept: %s %s: %s", n->name,
				  block ? "block" : "unblock", ip, err);
		}
	}
}

static void
syncd_role(struct vrrp_net *n, bool master)
{
	char err[NET_ERR_MAX];
	int r;

	if (!n->syncd)
		return;
	r = vrrp_syncd_role(n->syncd, master, err, sizeof(err));
	if (r < 0)
		log_warnx("(%s) lvs_sync_daemon: %s", n->name, err);
	else if (r > 0)
		log_info("(%s) IPVS sync daemon now %s", n->name,
			 master ? "master" : "backup");
}

void
vrrp_net_pre_master(struct vrrp_net *n, const struct vrrp_vip_set *vips)
{
	block_all(n, vips, true);
}

void
vrrp_net_master(struct vrrp_net *n, struct rtnl *r)
{
	vrrp_route_set_apply(&n->routes, r, route_err, n);
	syncd_role(n, true);
}

void
vrrp_net_pre_leave(struct vrrp_net *n, struct rtnl *r)
{
	syncd_role(n, false);
	vrrp_route_set_withdraw(&n->routes, r, route_err, n);
}

void
vrrp_net_left(struct vrrp_net *n, const struct vrrp_vip_set *vips)
{
	block_all(n, vips, false);
}

void
vrrp_net_start(struct vrrp_net *n)
{
	syncd_role(n, false);
}

void
vrrp_net_stopping(struct vrrp_net *n)
{
	if (n->syncd)
		log_info("(%s) stopping the IPVS sync daemon", n->name);
	vrrp_syncd_stop(n->syncd);
}

void
vrrp_net_stop(struct vrrp_net *n, struct rtnl *r)
{
	vrrp_syncd_stop(n->syncd);
	vrrp_vmac_delete(&n->vmac, r);
}

void
vrrp_net_free(struct vrrp_net *n)
{
	vrrp_syncd_close(n->syncd);
	n->syncd = NULL;
	vrrp_block_put(n->block);
	n->block = NULL;
	vrrp_route_set_free(&n->routes);
}

/* ---- static addresses, routes and rules ---- */

static void
static_vip_err(void *arg, const struct rtnl_addr *a, bool add, int err,
	       const char *extack)
{
	char ip[INET6_ADDRSTRLEN] = "?";

	inet_ntop(a->family, a->addr, ip, sizeof(ip));
	log_warnx("static_ipaddress: %s %s/%u: %s%s%s", add ? "add" : "delete",
		  ip, a->prefix, strerror(-err), extack && *extack ? ": " : "",
		  extack ? extack : "");
}

static int
static_ips(struct vrrp_net_static *s, const struct conf *c,
	   unsigned (*ifindex_of)(const char *name))
{
	const char *dflt = c->global.default_interface ?
			   c->global.default_interface : "eth0";
	unsigned ifindex = ifindex_of(dflt);
	struct conf_vrrp fake;
	size_t k;
	int r;

	for (k = 0; k < c->n_static_ip; k++) {
		if (!c->static_ip[k].dev && !ifindex) {
			log_warnx("%s:%u: static_ipaddress: no 'dev' and the "
				  "default interface %s does not exist",
				  c->static_ip[k].loc.file ? c->static_ip[k].loc.file : "?",
				  c->static_ip[k].loc.line, dflt);
			return -ENODEV;
		}
	}
	memset(&fake, 0, sizeof(fake));
	fake.vip = c->static_ip;
	fake.n_vip = c->n_static_ip;
	r = vrrp_vip_set_build(&s->ips, &fake, AF_UNSPEC, ifindex, ifindex_of);
	if (r < 0)
		log_warnx("static_ipaddress: %s", strerror(-r));
	return r;
}

int
vrrp_net_static_build(struct vrrp_net_static *s, const struct conf *c,
		      unsigned (*ifindex_of)(const char *name))
{
	const struct conf_route *bad = NULL;
	char err[NET_ERR_MAX];
	size_t k;
	int r;

	memset(s, 0, sizeof(*s));
	if ((r = static_ips(s, c, ifindex_of)) < 0)
		return r;
	r = vrrp_route_set_build(&s->rs, c->static_route, c->n_static_route,
				 c->static_rule, c->n_static_rule, ifindex_of,
				 &bad, err, sizeof(err));
	if (r < 0) {
		log_warnx("%s:%u: static_routes/rules: %s",
			  bad && bad->loc.file ? bad->loc.file : "?",
			  bad ? bad->loc.line : 0, err);
		vrrp_vip_set_free(&s->ips);
		return r;
	}
	/* the configuration may be replaced by a reload: keep no pointer */
	for (k = 0; k < s->rs.n_r; k++)
		s->rs.r[k].conf = NULL;
	for (k = 0; k < s->rs.n_u; k++)
		s->rs.u[k].conf = NULL;
	return 0;
}

static void
static_route_err(void *arg, const char *what, const struct conf_route *line,
		 bool add, int err, const char *extack)
{
	log_warnx("static_%ss: %s %s: %s%s%s", what, add ? "add" : "delete",
		  what, strerror(-err), extack && *extack ? ": " : "",
		  extack ? extack : "");
}

void
vrrp_net_static_apply(struct vrrp_net_static *s, struct rtnl *r)
{
	vrrp_vip_apply(&s->ips, r, static_vip_err, NULL);
	vrrp_route_set_apply(&s->rs, r, static_route_err, NULL);
}

void
vrrp_net_static_withdraw(struct vrrp_net_static *s, struct rtnl *r)
{
	vrrp_route_set_withdraw(&s->rs, r, static_route_err, NULL);
	vrrp_vip_withdraw(&s->ips, r, static_vip_err, NULL);
}

void
vrrp_net_static_free(struct vrrp_net_static *s)
{
	vrrp_vip_set_free(&s->ips);
	vrrp_route_set_free(&s->rs);
}

/* ---- routes and rules deleted behind our back ---- */

static int
route_deleted(struct vrrp_route_set *rs, const struct rtnl_event *ev,
	      bool *rule)
{
	*rule = ev->type == RTNL_EV_RULE_DEL;
	if (ev->type == RTNL_EV_ROUTE_DEL)
		return vrrp_route_set_deleted(rs, &ev->route, NULL);
	if (ev->type == RTNL_EV_RULE_DEL)
		return vrrp_route_set_deleted(rs, NULL, &ev->rule);
	return -1;
}

void
vrrp_net_rtnl_event(struct vrrp_net *n, struct rtnl *r, bool master,
		    const struct rtnl_event *ev)
{
	bool rule;
	int k = route_deleted(&n->routes, ev, &rule);

	if (k < 0 || !master)
		return;
	log_info("(%s) virtual %s %s:%u removed while master: restoring", n->name,
		 rule ? "rule" : "route",
		 rule ? n->routes.u[k].conf->loc.file : n->routes.r[k].conf->loc.file,
		 rule ? n->routes.u[k].conf->loc.line : n->routes.r[k].conf->loc.line);
	vrrp_route_set_restore(&n->routes, rule, (size_t)k, r, route_err, n);
}

void
vrrp_net_static_event(struct vrrp_net_static *s, struct rtnl *r,
		      const struct rtnl_event *ev)
{
	bool rule;
	int k = route_deleted(&s->rs, ev, &rule);

	if (k < 0)
		return;
	log_info("static %s removed: restoring", rule ? "rule" : "route");
	vrrp_route_set_restore(&s->rs, rule, (size_t)k, r, static_route_err, NULL);
}
