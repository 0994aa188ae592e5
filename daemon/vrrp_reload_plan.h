/* vrrp_reload_plan.h: what an in-place VRRP reload does (pure, no I/O;
 * vrrp_engine_reload.c carries it out, tests/unit/test_vrrp_reload.c
 * checks it).
 *
 * Instances are matched by name (keepalived does the same on reload).  A
 * match whose identity is unchanged (interface, address family, VRID,
 * VRRP version) is KEPT: the new instance takes over the old one's state,
 * timers and installed addresses.  A match whose identity changed is
 * REPLACED: the old one stops as at shutdown (a master sends priority 0
 * and removes its addresses), the new one starts.  An unmatched new
 * instance is NEW (starts); an unmatched old one is removed (stops).
 *
 * The addresses of a kept instance are matched by (family, address,
 * prefix, interface): a match keeps its "installed" state untouched; an
 * old address with no match is removed if installed; a new one with no
 * match is added if the instance is master.
 */
#ifndef IPVSD_VRRP_RELOAD_PLAN_H
#define IPVSD_VRRP_RELOAD_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vrrp_vip.h"

/* What identifies a virtual router. */
struct vrrp_reload_key {
	const char *name;
	unsigned ifindex;
	int family;
	uint8_t vrid;
	uint8_t version;
};

enum vrrp_reload_action {
	VRRP_RELOAD_NEW = 0,	/* no old instance of that name */
	VRRP_RELOAD_KEEP,	/* same name and identity: state carried */
	VRRP_RELOAD_REPLACE,	/* same name, identity changed */
};

struct vrrp_reload_plan {
	enum vrrp_reload_action *act;	/* per new instance */
	size_t *from;			/* per new: old index (KEEP/REPLACE) */
	bool *old_matched;		/* per old: a new one has its name */
	size_t n_new, n_old;
};

/* vrrp_reload_plan_build: match @n_new new keys against @n_old old ones
 * (the first old instance of a name matches, once).  0 or -ENOMEM. */
int vrrp_reload_plan_build(const struct vrrp_reload_key *old, size_t n_old,
			   const struct vrrp_reload_key *nw, size_t n_new,
			   struct vrrp_reload_plan *ret);
void vrrp_reload_plan_free(struct vrrp_reload_plan *p);

/* vrrp_reload_vips: for each address of @nw, the index of the same
 * address in @old or -1 (@from, nw->n entries); for each of @old whether
 * a new one matched it (@kept, old->n entries). */
void vrrp_reload_vips(const struct vrrp_vip_set *old,
		      const struct vrrp_vip_set *nw, long *from, bool *kept);

#endif
