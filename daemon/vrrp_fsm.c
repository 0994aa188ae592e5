/* vrrp_fsm.c: VRRP state machine (see vrrp_fsm.h).
 *
 * Two tables drive it: vrrp_handlers[state][event] says what an event does
 * in a state (NULL: ignored), and vrrp_enter[state] runs the entry actions
 * of a state.  Every transition goes through transition(), which runs the
 * exit actions of the old state, the entry actions of the new one, counts
 * the transition and reports it through ops->state_change.
 */
#include "config.h"

#include "vrrp_fsm.h"

#include <errno.h>
#include <stddef.h>

#define US_PER_S	1000000u
#define US_PER_CS	10000u
#define DEFAULT_DOWN_ADVERTS 3u

static const char *const state_str[VRRP_STATE_MAX] = {
	[VRRP_STATE_INIT] = "INIT",
	[VRRP_STATE_BACKUP] = "BACKUP",
	[VRRP_STATE_MASTER] = "MASTER",
	[VRRP_STATE_FAULT] = "FAULT",
};

static const char *const event_str[VRRP_EV_MAX] = {
	[VRRP_EV_STARTUP] = "startup",
	[VRRP_EV_SHUTDOWN] = "shutdown",
	[VRRP_EV_ADVERT] = "advert",
	[VRRP_EV_MASTER_DOWN] = "master-down-timer",
	[VRRP_EV_ADVER_TIMER] = "adver-timer",
	[VRRP_EV_PRIORITY] = "priority",
	[VRRP_EV_IF_DOWN] = "fault",
	[VRRP_EV_IF_UP] = "fault-cleared",
	[VRRP_EV_READY] = "lvs-ready",
	[VRRP_EV_RELEASE] = "release-timer",
};

uint16_t
vrrp_fsm_adver_int_wire(const struct vrrp_fsm *f)
{
	if (f->cfg.version == 2)
		return (uint16_t)(f->cfg.adver_int_us / US_PER_S);
	return (uint16_t)(f->cfg.adver_int_us / US_PER_CS);
}

const char *
vrrp_state_str(enum vrrp_state s)
{
	return (unsigned)s < VRRP_STATE_MAX ? state_str[s] : "?";
}

const char *
vrrp_event_str(enum vrrp_event e)
{
	return (unsigned)e < VRRP_EV_MAX ? event_str[e] : "?";
}

/* ---- timers and intervals ---- */

/* Skew_Time: v2 (256 - Priority) / 256 s; v3 (256 - Priority) / 256 of
 * Master_Adver_Interval, to the microsecond as keepalived computes it (in
 * whole centiseconds, as RFC 5798 writes it, a 1 cs interval would give
 * every backup a skew of 0 and a master down interval of exactly three
 * adverts: more takeovers on the slightest delay, and no priority order
 * among backups). */
static uint64_t
skew_time(const struct vrrp_fsm *f)
{
	uint64_t w = 256u - f->priority;

	if (f->cfg.version == 2)
		return w * US_PER_S / 256u;
	return w * f->master_adver_int_us / 256u;
}

static void
recompute(struct vrrp_fsm *f)
{
	unsigned n = f->cfg.down_timer_adverts ? f->cfg.down_timer_adverts
					       : DEFAULT_DOWN_ADVERTS;

	f->skew_time_us = skew_time(f);
	f->master_down_interval_us = n * f->master_adver_int_us +
				     f->skew_time_us;
}

/* RFC 5798 6.4.2/6.4.3: Master_Adver_Interval := the advert's interval. */
static void
learn_adver_int(struct vrrp_fsm *f, const struct vrrp_fsm_advert *a)
{
	if (f->cfg.version == 3 && a->adver_int)
		f->master_adver_int_us = (uint64_t)a->adver_int * US_PER_CS;
	recompute(f);
}

static void
send_advert(struct vrrp_fsm *f, uint8_t prio)
{
	f->ops->send_advert(f->arg, prio);
	f->stats.adver_sent++;
	if (prio == VRRP_PRIO_STOP)
		f->stats.pri_zero_sent++;
}

/* Not ready (doc/failback.md): hold preemption.  The address owner is
 * never held: RFC 5798 makes it master whatever else happens. */
static bool
held(const struct vrrp_fsm *f)
{
	return !f->ready && f->priority != VRRP_PRIO_OWNER;
}

/* ---- entry / exit actions and the one transition function ---- */

/* Preempted master's held addresses go now (grace over, FAULT, INIT). */
static void
release_vips(struct vrrp_fsm *f)
{
	if (!f->vips_held)
		return;
	f->vips_held = false;
	f->ops->timer_cancel(f->arg, VRRP_TIMER_RELEASE);
	f->ops->vips_del(f->arg);
}

static void
enter_init(struct vrrp_fsm *f)
{
	f->ops->timer_cancel(f->arg, VRRP_TIMER_ADVER);
	f->ops->timer_cancel(f->arg, VRRP_TIMER_MASTER_DOWN);
	f->preempt_deadline_us = 0;
}

static void
enter_backup(struct vrrp_fsm *f)
{
	f->ops->timer_arm(f->arg, VRRP_TIMER_MASTER_DOWN,
			  f->master_down_interval_us);
}

/* keepalived order: advert first (so the old master drops the VIPs before
 * our gratuitous ARPs), then the addresses, then GARP/NA. */
static void
enter_master(struct vrrp_fsm *f)
{
	f->ops->timer_cancel(f->arg, VRRP_TIMER_MASTER_DOWN);
	f->master_adver_int_us = f->cfg.adver_int_us;
	recompute(f);
	f->preempt_deadline_us = 0;
	f->stats.become_master++;
	send_advert(f, f->priority);
	if (f->vips_held) {	/* back within the yield grace: still there */
		f->vips_held = false;
		f->ops->timer_cancel(f->arg, VRRP_TIMER_RELEASE);
	} else {
		f->ops->vips_add(f->arg);
	}
	f->ops->send_garp(f->arg, false);
	f->ops->timer_arm(f->arg, VRRP_TIMER_ADVER, f->cfg.adver_int_us);
}

/* Leaving MASTER: stop advertising; unless preempted by a better master,
 * tell the others with priority 0 so they take over after Skew_Time.
 * @preempted (a better master's advert, not a held yield): the addresses
 * stay for cfg.yield_grace_us (vrrp_fsm.h). */
static void
leave_master(struct vrrp_fsm *f, enum vrrp_state new_state, bool preempted)
{
	f->ops->timer_cancel(f->arg, VRRP_TIMER_ADVER);
	if (new_state != VRRP_STATE_BACKUP && !f->handover)
		send_advert(f, VRRP_PRIO_STOP);	/* handover: sent already */
	f->handover = false;
	if (preempted && new_state == VRRP_STATE_BACKUP &&
	    f->cfg.yield_grace_us) {
		f->vips_held = true;
		f->ops->timer_arm(f->arg, VRRP_TIMER_RELEASE,
				  f->cfg.yield_grace_us);
		return;
	}
	f->ops->vips_del(f->arg);
}

static void (*const vrrp_enter[VRRP_STATE_MAX])(struct vrrp_fsm *) = {
	[VRRP_STATE_INIT] = enter_init,
	[VRRP_STATE_BACKUP] = enter_backup,
	[VRRP_STATE_MASTER] = enter_master,
	[VRRP_STATE_FAULT] = enter_init,
};

static void
transition(struct vrrp_fsm *f, enum vrrp_state new_state,
	   enum vrrp_event why, bool preempted)
{
	enum vrrp_state old = f->state;

	if (old == new_state)
		return;
	if (old == VRRP_STATE_MASTER)
		leave_master(f, new_state, preempted);
	else if (new_state != VRRP_STATE_MASTER)
		release_vips(f);	/* FAULT, INIT: at once */
	f->state = new_state;
	vrrp_enter[new_state](f);
	f->stats.trans_cnt++;
	f->ops->state_change(f->arg, old, new_state, why);
}

static void
change_state(struct vrrp_fsm *f, enum vrrp_state new_state,
	     enum vrrp_event why)
{
	transition(f, new_state, why, false);
}

/* ---- event handlers ---- */

typedef void vrrp_handler(struct vrrp_fsm *f, const struct vrrp_fsm_input *in);

/* Startup / fault cleared (RFC 5798 6.4.1): the owner becomes master at
 * once, everybody else waits Master_Down_Interval as backup. */
static void
h_up(struct vrrp_fsm *f, const struct vrrp_fsm_input *in)
{
	if (f->fault) {
		change_state(f, VRRP_STATE_FAULT, in->event);
		return;
	}
	f->master_adver_int_us = f->cfg.adver_int_us;
	recompute(f);
	if (f->priority == VRRP_PRIO_OWNER) {
		change_state(f, VRRP_STATE_MASTER, in->event);
		return;
	}
	change_state(f, VRRP_STATE_BACKUP, in->event);
	/* keepalived: "state MASTER" waits a zero master-down time; held, it
	 * waits the whole Master_Down_Interval like any backup. */
	if (in->event == VRRP_EV_STARTUP && f->cfg.want_master && !held(f) &&
	    f->state == VRRP_STATE_BACKUP)
		f->ops->timer_arm(f->arg, VRRP_TIMER_MASTER_DOWN, 0);
}

static void
h_to_init(struct vrrp_fsm *f, const struct vrrp_fsm_input *in)
{
	change_state(f, VRRP_STATE_INIT, in->event);
}

static void
h_to_fault(struct vrrp_fsm *f, const struct vrrp_fsm_input *in)
{
	change_state(f, VRRP_STATE_FAULT, in->event);
}

static void
h_to_master(struct vrrp_fsm *f, const struct vrrp_fsm_input *in)
{
	change_state(f, VRRP_STATE_MASTER, in->event);
}

static void
h_priority(struct vrrp_fsm *f, const struct vrrp_fsm_input *in)
{
	f->priority = in->priority ? in->priority : 1;
	recompute(f);
}

static void
h_adver_timer(struct vrrp_fsm *f, const struct vrrp_fsm_input *in)
{
	send_advert(f, f->priority);
	f->ops->timer_arm(f->arg, VRRP_TIMER_ADVER, f->cfg.adver_int_us);
}

/* Preempt delay (keepalived): after the first lower-priority advert, keep
 * accepting them until preempt_delay has passed. */
static bool
preempt_delayed(const struct vrrp_fsm *f)
{
	if (!f->cfg.preempt_delay_us)
		return false;
	return !f->preempt_deadline_us || f->preempt_deadline_us > f->now_us;
}

static void
track_preempt_delay(struct vrrp_fsm *f, uint8_t prio)
{
	if (!f->cfg.preempt_delay_us)
		return;
	if (prio >= f->priority || held(f))
		f->preempt_deadline_us = 0;
	else if (!f->preempt_deadline_us)
		f->preempt_deadline_us = f->now_us + f->cfg.preempt_delay_us;
}

/* RFC 5798 6.4.2, BACKUP receiving an ADVERTISEMENT. */
static void
h_backup_advert(struct vrrp_fsm *f, const struct vrrp_fsm_input *in)
{
	const struct vrrp_fsm_advert *a = &in->adv;

	f->stats.adver_rcvd++;
	f->master_addr = a->src;
	if (a->priority == VRRP_PRIO_STOP) {
		f->stats.pri_zero_rcvd++;
		f->ops->timer_arm(f->arg, VRRP_TIMER_MASTER_DOWN,
				  f->skew_time_us);
		return;
	}
	if (!(f->cfg.nopreempt || a->priority >= f->priority ||
	      held(f) || preempt_delayed(f)))
		return;	/* lower priority and we preempt: let the timer run */
	learn_adver_int(f, a);
	f->master_priority = a->priority;
	track_preempt_delay(f, a->priority);
	f->ops->timer_arm(f->arg, VRRP_TIMER_MASTER_DOWN,
			  f->master_down_interval_us);
}

/* Two masters both owning the addresses: keepalived reports a config error
 * and steps down to 254 so that an election can happen. */
static void
owner_clash(struct vrrp_fsm *f)
{
	f->base_priority = VRRP_PRIO_OWNER - 1;
	f->priority = VRRP_PRIO_OWNER - 1;
	recompute(f);
}

/* Held master hearing another master (two masters after a link came
 * back): the other one keeps the addresses.  Priority 0 makes it take over
 * after Skew_Time should it have stepped down for our higher priority. */
static void
yield(struct vrrp_fsm *f, const struct vrrp_fsm_input *in)
{
	learn_adver_int(f, &in->adv);
	f->master_addr = in->adv.src;
	f->master_priority = in->adv.priority;
	send_advert(f, VRRP_PRIO_STOP);
	change_state(f, VRRP_STATE_BACKUP, in->event);
}

/* Readiness changed while BACKUP: preempt_delay runs from the moment we
 * become ready (if a lower-priority master is known). */
static void
h_backup_ready(struct vrrp_fsm *f, const struct vrrp_fsm_input *in)
{
	(void)in;
	if (f->ready && f->cfg.preempt_delay_us && f->master_priority &&
	    f->master_priority < f->priority && !f->preempt_deadline_us)
		f->preempt_deadline_us = f->now_us + f->cfg.preempt_delay_us;
}

/* RFC 5798 6.4.3, MASTER receiving an ADVERTISEMENT, with keepalived's
 * options: higher_prio_send_advert and lower_prio_no_advert. */
static void
h_master_advert(struct vrrp_fsm *f, const struct vrrp_fsm_input *in)
{
	const struct vrrp_fsm_advert *a = &in->adv;
	int cmp = vrrp_ip_cmp(&a->src, &f->cfg.primary);
	bool higher = a->priority > f->priority ||
		      (a->priority == f->priority && cmp > 0);

	f->stats.adver_rcvd++;
	if (a->priority == VRRP_PRIO_STOP ||
	    (f->cfg.higher_prio_send_advert && higher)) {
		send_advert(f, f->priority);
		f->ops->timer_arm(f->arg, VRRP_TIMER_ADVER,
				  f->cfg.adver_int_us);
		if (a->priority == VRRP_PRIO_STOP) {
			f->stats.pri_zero_rcvd++;
			return;
		}
	}
	if (a->priority == f->priority && cmp != 0 &&
	    f->priority == VRRP_PRIO_OWNER) {
		owner_clash(f);
		higher = true;
	}
	if (!higher) {
		if (cmp == 0 && a->priority == f->priority)
			return;	/* our own address: nothing to decide */
		f->stats.lower_prio_rcvd++;
		if (held(f)) {
			yield(f, in);
			return;
		}
		if (!f->cfg.lower_prio_no_advert)
			send_advert(f, f->priority);
		f->ops->send_garp(f->arg, true);
		return;
	}
	learn_adver_int(f, a);
	f->master_addr = a->src;
	f->master_priority = a->priority;
	transition(f, VRRP_STATE_BACKUP, in->event, true);	/* preempted */
}

/* VRRP_TIMER_RELEASE: the preempted master's grace is over. */
static void
h_release(struct vrrp_fsm *f, const struct vrrp_fsm_input *in)
{
	(void)in;
	release_vips(f);
}

static vrrp_handler *const vrrp_handlers[VRRP_STATE_MAX][VRRP_EV_MAX] = {
	[VRRP_STATE_INIT] = {
		[VRRP_EV_STARTUP] = h_up,
		[VRRP_EV_PRIORITY] = h_priority,
	},
	[VRRP_STATE_BACKUP] = {
		[VRRP_EV_SHUTDOWN] = h_to_init,
		[VRRP_EV_ADVERT] = h_backup_advert,
		[VRRP_EV_MASTER_DOWN] = h_to_master,
		[VRRP_EV_PRIORITY] = h_priority,
		[VRRP_EV_IF_DOWN] = h_to_fault,
		[VRRP_EV_READY] = h_backup_ready,
		[VRRP_EV_RELEASE] = h_release,
	},
	[VRRP_STATE_MASTER] = {
		[VRRP_EV_SHUTDOWN] = h_to_init,
		[VRRP_EV_ADVERT] = h_master_advert,
		[VRRP_EV_ADVER_TIMER] = h_adver_timer,
		[VRRP_EV_PRIORITY] = h_priority,
		[VRRP_EV_IF_DOWN] = h_to_fault,
	},
	[VRRP_STATE_FAULT] = {
		[VRRP_EV_SHUTDOWN] = h_to_init,
		[VRRP_EV_PRIORITY] = h_priority,
		[VRRP_EV_IF_UP] = h_up,
	},
};

enum vrrp_state
vrrp_fsm_input(struct vrrp_fsm *f, const struct vrrp_fsm_input *in)
{
	vrrp_handler *h;

	if ((unsigned)in->event >= VRRP_EV_MAX)
		return f->state;
	f->now_us = in->now_us;
	if (in->event == VRRP_EV_IF_DOWN)
		f->fault = true;
	else if (in->event == VRRP_EV_IF_UP)
		f->fault = false;
	else if (in->event == VRRP_EV_READY) {
		f->ready = in->ready;
		if (!f->ready)
			f->preempt_deadline_us = 0;
	}
	if (f->handover && (in->event == VRRP_EV_ADVERT ||
			    in->event == VRRP_EV_ADVER_TIMER ||
			    in->event == VRRP_EV_MASTER_DOWN))
		return f->state;	/* stepping down: the caller decides */
	h = vrrp_handlers[f->state][in->event];
	if (h)
		h(f, in);
	return f->state;
}

int
vrrp_fsm_handover(struct vrrp_fsm *f, uint64_t now_us)
{
	if (f->state != VRRP_STATE_MASTER)
		return -EINVAL;
	f->now_us = now_us;
	f->ops->timer_cancel(f->arg, VRRP_TIMER_ADVER);
	send_advert(f, VRRP_PRIO_STOP);
	f->handover = true;
	return 0;
}

/* ---- setup ---- */

static int
check_config(const struct vrrp_fsm_config *c)
{
	if (c->priority == 0)
		return -EINVAL;
	if (c->version == 2)
		return c->adver_int_us >= US_PER_S &&
		       c->adver_int_us <= 255ull * US_PER_S &&
		       c->adver_int_us % US_PER_S == 0 ? 0 : -EINVAL;
	if (c->version == 3)
		return c->adver_int_us >= US_PER_CS &&
		       c->adver_int_us <= (uint64_t)VRRP_V3_MAX_ADVER_INT *
					  US_PER_CS &&
		       c->adver_int_us % US_PER_CS == 0 ? 0 : -EINVAL;
	return -EINVAL;
}

static bool
ops_complete(const struct vrrp_fsm_ops *o)
{
	return o && o->send_advert && o->timer_arm && o->timer_cancel &&
	       o->vips_add && o->vips_del && o->send_garp && o->state_change;
}

int
vrrp_fsm_init(struct vrrp_fsm *f, const struct vrrp_fsm_config *cfg,
	      const struct vrrp_fsm_ops *ops, void *arg)
{
	struct vrrp_fsm z = { 0 };

	if (check_config(cfg) < 0 || !ops_complete(ops))
		return -EINVAL;
	*f = z;
	f->cfg = *cfg;
	f->ops = ops;
	f->arg = arg;
	f->state = VRRP_STATE_INIT;
	f->base_priority = cfg->priority;
	f->priority = cfg->priority;
	f->ready = true;
	f->master_adver_int_us = cfg->adver_int_us;
	recompute(f);
	return 0;
}
