/* vrrp_sync_run.c: state changes of the VRRP engine's instances: notifies
 * and vrrp_sync_group propagation (see vrrp_track_run.h, vrrp_sync.h). */
#include "config.h"

#include <string.h>

#include "log.h"
#include "vrrp_engine_int.h"
#include "vrrp_sync.h"
#include "vrrp_track_run.h"

#define SYNC_MAX_MEMBERS 64

static size_t
members(const struct vrrp_tracker *t, const struct vrrp_trk_group *g,
	struct vrrp_sync_member *m)
{
	size_t j, n = g->n < SYNC_MAX_MEMBERS ? g->n : SYNC_MAX_MEMBERS;

	for (j = 0; j < n; j++) {
		m[j].state = t->e->inst[g->m[j]].fsm.state;
		m[j].own_fault = t->ti[g->m[j]].own_fault;
		m[j].want_master = t->ti[g->m[j]].want_master;
	}
	return n;
}

/* Make the master member @i step down to backup.  The FSM has no event
 * for it, so it is given what makes a master step down: an advertisement
 * from a better master (priority 255), from the address it last learned.
 * An address owner (255) is left alone. */
static void
force_backup(struct vrrp_inst *i)
{
	struct vrrp_fsm_input in = { .event = VRRP_EV_ADVERT,
				     .now_us = event_now_us(i->e->ev) };

	if (i->fsm.priority == VRRP_PRIO_OWNER)
		return;
	in.adv.priority = VRRP_PRIO_OWNER;
	in.adv.adver_int = 0;	/* keep our interval */
	in.adv.src = i->fsm.master_addr;
	vrrp_fsm_input(&i->fsm, &in);
}

static void
force_master(struct vrrp_inst *i)
{
	struct vrrp_fsm_input in = { .event = VRRP_EV_MASTER_DOWN,
				     .now_us = event_now_us(i->e->ev) };

	vrrp_fsm_input(&i->fsm, &in);
}

static void
propagate(struct vrrp_tracker *t, struct vrrp_trk_group *g, size_t from,
	  enum vrrp_state old, enum vrrp_state new_state)
{
	size_t j;

	if (g->depth > 1)
		return;		/* a forced member moving: no second wave */
	g->depth++;
	for (j = 0; j < g->n; j++) {
		struct vrrp_inst *m = &t->e->inst[g->m[j]];

		if (g->m[j] == from)
			continue;
		switch (vrrp_sync_action(old, new_state, m->fsm.state)) {
		case VRRP_SYNC_TO_MASTER:
			log_info("(%s) forced to MASTER by sync group %s",
				 vrrp_inst_name(m), g->cg->name);
			force_master(m);
			break;
		case VRRP_SYNC_TO_BACKUP:
			log_info("(%s) forced to BACKUP by sync group %s",
				 vrrp_inst_name(m), g->cg->name);
			force_backup(m);
			break;
		default:
			break;
		}
	}
	g->depth--;
}

void
vrrp_tracker_state(struct vrrp_tracker *t, struct vrrp_inst *i,
		   enum vrrp_state old, enum vrrp_state new_state)
{
	struct vrrp_trk_inst *ti;
	struct vrrp_trk_group *g;

	if (!t)
		return;
	ti = &t->ti[i - t->e->inst];
	ti->want_master = false;
	g = ti->group >= 0 ? &t->gr[ti->group] : NULL;
	/* keepalived: a member reaching the state its group is already in
	 * sends no instance notifies (after its first ones) */
	if (!(g && ti->notified && g->state == new_state))
		vrrp_notify_instance(t, i, new_state);
	ti->notified = true;
	if (!g || new_state == VRRP_STATE_INIT)
		return;
	/* the other members move first (and notify), then the group */
	propagate(t, g, (size_t)(i - t->e->inst), old, new_state);
	if (g->depth == 0)
		vrrp_sync_group_update(t, g, new_state);
}

void
vrrp_sync_group_update(struct vrrp_tracker *t, struct vrrp_trk_group *g,
		       enum vrrp_state member_new)
{
	struct vrrp_sync_member m[SYNC_MAX_MEMBERS];
	enum vrrp_state gs;

	gs = vrrp_sync_group_state(g->state, member_new,
				   vrrp_sync_faulted(m, members(t, g, m)));
	if (gs == g->state)
		return;
	log_info("VRRP_Group(%s) Syncing instances to %s state", g->cg->name,
		 vrrp_state_str(gs));
	g->state = gs;
	vrrp_notify_group(t, g, gs);
}

bool
vrrp_tracker_master_down(struct vrrp_tracker *t, struct vrrp_inst *i)
{
	struct vrrp_sync_member m[SYNC_MAX_MEMBERS];
	struct vrrp_trk_inst *ti;
	struct vrrp_trk_group *g;
	size_t n, j, k = 0;

	if (!t)
		return true;
	ti = &t->ti[i - t->e->inst];
	if (ti->group < 0 || i->fsm.state != VRRP_STATE_BACKUP)
		return true;
	g = &t->gr[ti->group];
	ti->want_master = true;
	n = members(t, g, m);
	for (j = 0; j < n; j++)
		if (&t->e->inst[g->m[j]] == i)
			k = j;
	if (vrrp_sync_may_master(m, n, k))
		return true;
	log_debug("(%s) sync group %s: waiting for the other members to want "
		  "MASTER", vrrp_inst_name(i), g->cg->name);
	return false;
}

void
vrrp_tracker_timer_armed(struct vrrp_tracker *t, struct vrrp_inst *i,
			 enum vrrp_timer which)
{
	if (t && which == VRRP_TIMER_MASTER_DOWN)
		t->ti[i - t->e->inst].want_master = false;
}

void
vrrp_tracker_rx_lower(struct vrrp_tracker *t, struct vrrp_inst *i)
{
	if (t)
		vrrp_notify_rx_lower(t, i);
}
