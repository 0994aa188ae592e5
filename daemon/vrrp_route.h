/* vrrp_route.h: virtual_routes / virtual_rules (and static_routes /
 * static_rules) of keepalived.conf.
 *
 * Each configured line is kept by the parser as its iproute2-like words;
 * vrrp_route_parse / vrrp_rule_parse turn them into rtnetlink requests
 * with keepalived 2.2's defaults:
 *  - routes: protocol "keepalived" (18) unless "proto" is given, scope
 *    global unless "scope" is given, table main; deleted with scope
 *    nowhere (any scope matches);
 *  - rules: protocol "keepalived" unless "no_track", family IPv4 unless an
 *    address or "inet6" says otherwise; an action ("table", "goto",
 *    "nop", "blackhole", "unreachable", "prohibit") is required.
 * A set is added when the instance becomes master and removed when it
 * leaves (an absent route/rule counts as removed), like the VIPs.
 * Nothing here logs: failures go through a callback.
 */
#ifndef IPVSD_VRRP_ROUTE_H
#define IPVSD_VRRP_ROUTE_H

#include <stdbool.h>
#include <stddef.h>

#include "conf.h"
#include "rtnl.h"

#define VRRP_RTPROT_KEEPALIVED	18

/* vrrp_route_parse: @w (one virtual_routes line) into @ret; interface
 * names resolved through @ifindex_of (0: unknown).  0, or -EINVAL /
 * -ENODEV with a message in @err. */
int vrrp_route_parse(const struct conf_strv *w,
		     unsigned (*ifindex_of)(const char *name),
		     struct rtnl_route *ret, char *err, size_t errlen);

/* vrrp_rule_parse: @w (one virtual_rules line) into @ret.  0 or -EINVAL
 * with a message in @err. */
int vrrp_rule_parse(const struct conf_strv *w, struct rtnl_rule *ret,
		    char *err, size_t errlen);

/* vrrp_route_table: a routing table name ("main", "local", "default", a
 * name of /etc/iproute2/rt_tables) or number into *ret.  0 or -EINVAL. */
int vrrp_route_table(const char *name, uint32_t *ret);

struct vrrp_route_item {
	const struct conf_route *conf;
	struct rtnl_route rt;
	bool installed;
	bool no_track;		/* "no_track": not put back if deleted */
};

struct vrrp_rule_item {
	const struct conf_route *conf;
	struct rtnl_rule ru;
	bool installed;
	bool no_track;
};

struct vrrp_route_set {
	struct vrrp_route_item *r;
	size_t n_r;
	struct vrrp_rule_item *u;
	size_t n_u;
};

/* vrrp_route_set_build: every line of @routes and @rules.  On error the
 * set is left empty, *bad points to the faulty line and @err says why. */
int vrrp_route_set_build(struct vrrp_route_set *s,
			 const struct conf_route *routes, size_t n_routes,
			 const struct conf_route *rules, size_t n_rules,
			 unsigned (*ifindex_of)(const char *name),
			 const struct conf_route **bad, char *err, size_t errlen);
void vrrp_route_set_free(struct vrrp_route_set *s);

/* Called for each failed request (@what: "route" or "rule"). */
typedef void vrrp_route_err_cb(void *arg, const char *what,
			       const struct conf_route *line, bool add, int err,
			       const char *extack);

/* Add every route then rule (existing ones count as added) / delete every
 * installed rule then route.  Return the number of failures. */
unsigned vrrp_route_set_apply(struct vrrp_route_set *s, struct rtnl *r,
			      vrrp_route_err_cb *cb, void *arg);
unsigned vrrp_route_set_withdraw(struct vrrp_route_set *s, struct rtnl *r,
				 vrrp_route_err_cb *cb, void *arg);

/* vrrp_route_set_deleted: a route (@rt) or rule (@ru, the other NULL)
 * was deleted: if it is one of ours, installed and tracked, it is marked
 * not installed and its index returned (>= 0), else -1. */
int vrrp_route_set_deleted(struct vrrp_route_set *s, const struct rtnl_route *rt,
			   const struct rtnl_rule *ru);
/* vrrp_route_set_restore: add route (@rule false) or rule @idx again.
 * 0 or -errno (reported through @cb). */
int vrrp_route_set_restore(struct vrrp_route_set *s, bool rule, size_t idx,
			   struct rtnl *r, vrrp_route_err_cb *cb, void *arg);

#endif
