/* vrrp_sync.c: vrrp_sync_group decisions (see vrrp_sync.h). */
#include "config.h"

#include "vrrp_sync.h"

bool
vrrp_sync_faulted(const struct vrrp_sync_member *m, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (m[k].own_fault)
			return true;
	return false;
}

bool
vrrp_sync_may_master(const struct vrrp_sync_member *m, size_t n, size_t k)
{
	size_t j;

	for (j = 0; j < n; j++) {
		if (j == k)
			continue;
		if (m[j].state != VRRP_STATE_MASTER && !m[j].want_master)
			return false;
	}
	return true;
}

enum vrrp_sync_act
vrrp_sync_action(enum vrrp_state old, enum vrrp_state new_state,
		 enum vrrp_state member)
{
	if (new_state == VRRP_STATE_MASTER && member == VRRP_STATE_BACKUP)
		return VRRP_SYNC_TO_MASTER;
	if (old == VRRP_STATE_MASTER && new_state == VRRP_STATE_BACKUP &&
	    member == VRRP_STATE_MASTER)
		return VRRP_SYNC_TO_BACKUP;
	return VRRP_SYNC_NONE;
}

enum vrrp_state
vrrp_sync_group_state(enum vrrp_state group, enum vrrp_state member_new,
		      bool faulted)
{
	if (member_new == VRRP_STATE_INIT)
		return group;
	if (faulted)
		return VRRP_STATE_FAULT;
	if (member_new == VRRP_STATE_FAULT)
		return group == VRRP_STATE_FAULT ? VRRP_STATE_FAULT : group;
	return member_new;
}
