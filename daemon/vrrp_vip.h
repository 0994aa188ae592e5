/* vrrp_vip.h: the virtual addresses of one VRRP instance.
 *
 * Converts virtual_ipaddress (and virtual_ipaddress_excluded) lines into
 * rtnetlink address requests, adds them when the instance becomes master
 * and removes them when it leaves, through rtnl.c.  While master, an
 * address removed behind our back (seen on the rtnl watch) is put back:
 * vrrp_vip_find tells the engine whether a deleted address is one of ours.
 */
#ifndef IPVSD_VRRP_VIP_H
#define IPVSD_VRRP_VIP_H

#include <stdbool.h>
#include <stddef.h>

#include "conf.h"
#include "rtnl.h"
#include "vrrp_pkt.h"

struct vrrp_vip {
	struct rtnl_addr a;
	bool in_advert;		/* listed in adverts (not excluded, same family) */
	bool installed;		/* we added it (or found it present) */
	bool no_track;		/* "no_track": not put back if removed */
};

struct vrrp_vip_set {
	struct vrrp_vip *v;
	size_t n;
};

/* vrrp_vip_scope: an iproute2 scope name ("global", "site", "link",
 * "host", "nowhere") or number (0..255) into *ret.  NULL means global.
 * 0 or -EINVAL. */
int vrrp_vip_scope(const char *name, unsigned char *ret);

/* vrrp_vip_from_conf: one configured address into @ret.  @ifindex is the
 * instance interface's; @ifindex_of resolves a "dev NAME" (returns 0 if
 * unknown).  0, -EINVAL (bad scope, label on IPv6) or -ENODEV. */
int vrrp_vip_from_conf(const struct conf_vip *cv, unsigned ifindex,
		       unsigned (*ifindex_of)(const char *name),
		       struct rtnl_addr *ret);

/* vrrp_vip_set_build: every vip (in_advert, when of @family) and evip of
 * @cv.  0, -ENOMEM, or the first conversion error (set left empty). */
int vrrp_vip_set_build(struct vrrp_vip_set *s, const struct conf_vrrp *cv,
		       int family, unsigned ifindex,
		       unsigned (*ifindex_of)(const char *name));
void vrrp_vip_set_free(struct vrrp_vip_set *s);

/* vrrp_vip_find: index of the address equal to @a (family, address,
 * prefix, interface), or -1. */
int vrrp_vip_find(const struct vrrp_vip_set *s, const struct rtnl_addr *a);

/* vrrp_vip_advert: the in_advert addresses as vrrp_ip into @ret (at most
 * @cap); returns how many. */
size_t vrrp_vip_advert(const struct vrrp_vip_set *s, struct vrrp_ip *ret,
		       size_t cap);

/* vrrp_vip_advert_limit: only the first @max in_advert addresses stay in
 * the advert; the others are kept like virtual_ipaddress_excluded ones
 * (installed, not advertised: keepalived's limit, vrrp_advert_max.h).
 * Returns how many were taken out of the advert. */
size_t vrrp_vip_advert_limit(struct vrrp_vip_set *s, size_t max);

/* vrrp_vip_link_mtu: the MTU of interface @ifindex, 0 if unknown. */
unsigned vrrp_vip_link_mtu(unsigned ifindex);

/* Called for each failed add/delete (the engine logs it). */
typedef void vrrp_vip_err_cb(void *arg, const struct rtnl_addr *a, bool add,
			     int err, const char *extack);

/* vrrp_vip_apply / vrrp_vip_withdraw: add every address (an existing one
 * counts as added) / delete every installed one (an absent one counts as
 * deleted).  Return the number of failures. */
unsigned vrrp_vip_apply(struct vrrp_vip_set *s, struct rtnl *r,
			vrrp_vip_err_cb *cb, void *arg);
unsigned vrrp_vip_withdraw(struct vrrp_vip_set *s, struct rtnl *r,
			   vrrp_vip_err_cb *cb, void *arg);
/* vrrp_vip_restore: re-add address @i after it was removed externally
 * (a no_track address is only marked as not installed).  0 or -errno. */
int vrrp_vip_restore(struct vrrp_vip_set *s, size_t i, struct rtnl *r,
		     vrrp_vip_err_cb *cb, void *arg);

#endif
