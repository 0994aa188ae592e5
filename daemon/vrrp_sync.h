/* vrrp_sync.h: vrrp_sync_group decisions (keepalived 2.2 vrrp_sync.c), as
 * pure functions over the members' states.
 *
 * The members of a sync group move together:
 *  - FAULT: while any member has a fault of its own (interface, tracked
 *    object), every member is held in FAULT; when the last fault clears
 *    they all leave FAULT together.
 *  - MASTER: a backup member whose Master_Down timer fires becomes master
 *    only if every other member is master or wants to be (its own timer
 *    has fired too); otherwise it waits another Master_Down_Interval
 *    ("prefer backup to avoid thrashing").  Once one member becomes master
 *    (also by preemption or priority 0 from the peer), the backup members
 *    are made master at once.
 *  - BACKUP: a master member that sees a better master steps down, and the
 *    other master members step down with it.
 *  - the group's own state (for its notify scripts): FAULT while a member
 *    is faulty, else the state the last moving member entered.
 */
#ifndef IPVSD_VRRP_SYNC_H
#define IPVSD_VRRP_SYNC_H

#include <stdbool.h>
#include <stddef.h>

#include "vrrp_fsm.h"

struct vrrp_sync_member {
	enum vrrp_state state;
	bool own_fault;		/* fault of its own (not from the group) */
	bool want_master;	/* its Master_Down timer fired, held back */
};

enum vrrp_sync_act {
	VRRP_SYNC_NONE = 0,
	VRRP_SYNC_TO_MASTER,	/* make this backup member master now */
	VRRP_SYNC_TO_BACKUP,	/* make this master member step down */
};

/* vrrp_sync_faulted: does any of the @n members have a fault of its own? */
bool vrrp_sync_faulted(const struct vrrp_sync_member *m, size_t n);

/* vrrp_sync_may_master: may member @k (Master_Down fired) become master? */
bool vrrp_sync_may_master(const struct vrrp_sync_member *m, size_t n, size_t k);

/* vrrp_sync_action: what to do with another member in state @member after
 * the moving member went @old -> @new_state. */
enum vrrp_sync_act vrrp_sync_action(enum vrrp_state old, enum vrrp_state new_state,
				    enum vrrp_state member);

/* vrrp_sync_group_state: the group's state after a member entered
 * @member_new (@faulted: vrrp_sync_faulted afterwards), from @group.
 * INIT (a member stopped) leaves the group state alone. */
enum vrrp_state vrrp_sync_group_state(enum vrrp_state group,
				      enum vrrp_state member_new, bool faulted);

#endif
