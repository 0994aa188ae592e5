/* vrrp_fsm.h: the VRRP state machine of one virtual router (RFC 5798 6.4,
 * RFC 3768 6.4, plus keepalived's FAULT state and its behaviour choices).
 *
 * Pure and time-injected: the caller feeds events (struct vrrp_fsm_input,
 * carrying the current monotonic time in microseconds) to vrrp_fsm_input();
 * the machine answers through an ops table (send advert, arm/cancel one of
 * its two timers, add/remove the virtual addresses, send gratuitous ARP/NA,
 * report a state change).  No sockets, clocks or logging here.
 *
 * Times are microseconds.  VRRPv2 intervals are whole seconds and
 * Skew_Time = (256 - Priority) / 256 s; VRRPv3 intervals are centiseconds
 * and Skew_Time = ((256 - Priority) * Master_Adver_Interval) / 256 cs,
 * computed in centiseconds as RFC 5798 6.1 states.
 * Master_Down_Interval = down_timer_adverts (3) * Master_Adver_Interval
 *			  + Skew_Time.
 *
 * Readiness (ipvsd, doc/failback.md): an instance starts ready; while it
 * is not ready (VRRP_EV_READY with ready false) and not the address owner
 * it is "held":
 *   - BACKUP accepts lower-priority adverts as if nopreempt were set (no
 *     preemption, preempt_delay does not run), yet still takes over when
 *     the Master_Down_Timer fires (master silent, cold start);
 *   - "state MASTER" (want_master) waits Master_Down_Interval in BACKUP;
 *   - MASTER receiving an advert from another master (split brain, e.g.
 *     a link that comes back) yields to it: BACKUP, sending priority 0;
 *   - becoming ready in BACKUP starts preempt_delay (if any) when a
 *     lower-priority master is known; preemption then proceeds as usual.
 *
 * Make-before-break on preemption (ipvsd, cfg.yield_grace_us, global_defs
 * vrrp_graceful_handover): a MASTER receiving an advert with a higher
 * priority (or equal priority, higher address) becomes BACKUP at once
 * (stops advertising, runs Master_Down_Timer, reports BACKUP) but keeps
 * its addresses (vips_held) and arms VRRP_TIMER_RELEASE for
 * cfg.yield_grace_us, so that clients still sending to us are served
 * until the new master's gratuitous ARP/NA reached them.  VRRP_EV_RELEASE
 * removes them; becoming MASTER again meanwhile keeps them (no second
 * add, GARP/NA as usual); any other state change (FAULT, INIT) removes
 * them at once.  yield_grace_us 0 is keepalived's behaviour.
 */
#ifndef IPVSD_VRRP_FSM_H
#define IPVSD_VRRP_FSM_H

#include <stdbool.h>
#include <stdint.h>

#include "vrrp_pkt.h"

enum vrrp_state {
	VRRP_STATE_INIT = 0,
	VRRP_STATE_BACKUP,
	VRRP_STATE_MASTER,
	VRRP_STATE_FAULT,
	VRRP_STATE_MAX
};

enum vrrp_event {
	VRRP_EV_STARTUP = 0,	/* instance enabled */
	VRRP_EV_SHUTDOWN,	/* instance disabled / daemon stopping */
	VRRP_EV_ADVERT,		/* valid advertisement for our VRID received */
	VRRP_EV_MASTER_DOWN,	/* Master_Down_Timer fired */
	VRRP_EV_ADVER_TIMER,	/* Adver_Timer fired */
	VRRP_EV_PRIORITY,	/* effective priority changed by tracking */
	VRRP_EV_IF_DOWN,	/* interface down / tracked object failed */
	VRRP_EV_IF_UP,		/* fault cleared */
	VRRP_EV_READY,		/* LVS readiness changed (in->ready) */
	VRRP_EV_RELEASE,	/* VRRP_TIMER_RELEASE fired */
	VRRP_EV_MAX
};

enum vrrp_timer {
	VRRP_TIMER_ADVER = 0,
	VRRP_TIMER_MASTER_DOWN,
	VRRP_TIMER_RELEASE,	/* preempted: remove the held addresses */
	VRRP_TIMER_MAX
};

/* Configuration (from struct conf_vrrp; the caller converts). */
struct vrrp_fsm_config {
	uint8_t version;		/* 2 or 3 */
	uint8_t priority;		/* base priority 1..255 */
	uint64_t adver_int_us;		/* Advertisement_Interval */
	bool nopreempt;
	uint64_t preempt_delay_us;	/* 0: none */
	unsigned down_timer_adverts;	/* 0 means 3 (RFC) */
	bool lower_prio_no_advert;	/* master: no advert on lower-prio rx */
	bool higher_prio_send_advert;	/* master: advert on higher-prio rx */
	bool want_master;		/* "state MASTER": at startup, take over
					 * without waiting Master_Down_Interval
					 * (keepalived), if ready */
	struct vrrp_ip primary;		/* our primary address (tie-break) */
	uint64_t yield_grace_us;	/* preempted master: keep the addresses
					 * this long (0: remove at once) */
};

struct vrrp_fsm;

/* Actions.  All members must be set.  @arg is vrrp_fsm.arg. */
struct vrrp_fsm_ops {
	/* Send an advertisement carrying @priority (0 when stepping down). */
	void (*send_advert)(void *arg, uint8_t priority);
	/* (Re)arm @t to fire @delay_us from the time of the current input. */
	void (*timer_arm)(void *arg, enum vrrp_timer t, uint64_t delay_us);
	/* Disarm @t; must be a no-op if it is not armed. */
	void (*timer_cancel)(void *arg, enum vrrp_timer t);
	/* Add / remove the virtual addresses (and routes/rules). */
	void (*vips_add)(void *arg);
	void (*vips_del)(void *arg);
	/* Broadcast gratuitous ARP / unsolicited NA for the VIPs.
	 * @lower_prio: because a lower-priority advert was seen as master
	 * (keepalived garp_lower_prio_* and notify_master_rx_lower_pri). */
	void (*send_garp)(void *arg, bool lower_prio);
	/* Report a transition (log "old -> new", notify scripts, syncd). */
	void (*state_change)(void *arg, enum vrrp_state old,
			     enum vrrp_state new_state, enum vrrp_event why);
};

struct vrrp_fsm_stats {
	uint64_t trans_cnt;	/* state transitions */
	uint64_t become_master;
	uint64_t adver_sent;
	uint64_t pri_zero_sent;
	uint64_t pri_zero_rcvd;
	uint64_t adver_rcvd;
	uint64_t lower_prio_rcvd; /* as master */
};

/* Runtime state; read-only for the caller.  Names follow RFC 5798. */
struct vrrp_fsm {
	struct vrrp_fsm_config cfg;
	const struct vrrp_fsm_ops *ops;
	void *arg;
	enum vrrp_state state;
	uint8_t base_priority;		/* cfg.priority, lowered on owner clash */
	uint8_t priority;		/* effective priority */
	bool fault;			/* interface/tracking says down */
	uint64_t master_adver_int_us;	/* Master_Adver_Interval */
	uint64_t skew_time_us;
	uint64_t master_down_interval_us;
	uint64_t preempt_deadline_us;	/* 0: preempt delay not running */
	bool ready;			/* LVS side ready (VRRP_EV_READY) */
	uint64_t now_us;		/* time of the current input */
	uint8_t master_priority;	/* last accepted master's priority */
	struct vrrp_ip master_addr;
	struct vrrp_fsm_stats stats;
	bool handover;			/* vrrp_fsm_handover: stepping down */
	bool vips_held;			/* BACKUP, preempted: addresses kept
					 * until VRRP_EV_RELEASE */
};

/* Advertisement as the FSM needs it. */
struct vrrp_fsm_advert {
	uint8_t priority;
	uint16_t adver_int;	/* v2: seconds (unused); v3: centiseconds */
	struct vrrp_ip src;
};

struct vrrp_fsm_input {
	enum vrrp_event event;
	uint64_t now_us;
	struct vrrp_fsm_advert adv;	/* VRRP_EV_ADVERT */
	uint8_t priority;		/* VRRP_EV_PRIORITY: new effective */
	bool ready;			/* VRRP_EV_READY */
};

/* vrrp_fsm_init: set up @f in INIT state.  0, or -EINVAL for a bad config
 * (version, priority 0, interval out of range or not a whole unit: v2
 * 1..255 whole seconds, v3 1..4095 whole centiseconds; the config layer
 * rounds as keepalived does) or missing ops. */
int vrrp_fsm_init(struct vrrp_fsm *f, const struct vrrp_fsm_config *cfg,
		  const struct vrrp_fsm_ops *ops, void *arg);

/* vrrp_fsm_input: process one event; returns the (possibly new) state.
 * Events that do not apply to the current state are ignored. */
enum vrrp_state vrrp_fsm_input(struct vrrp_fsm *f,
			       const struct vrrp_fsm_input *in);

/* vrrp_fsm_handover: graceful stop of a MASTER (vrrp_handover.h): send
 * priority 0 (on every call: the caller repeats it) and stop advertising,
 * but keep the addresses.  From then on
 * adverts, the Adver_Timer, Master_Down and readiness are ignored (the
 * caller decides when to let go); VRRP_EV_SHUTDOWN removes the addresses
 * without a second priority 0.  -EINVAL unless MASTER. */
int vrrp_fsm_handover(struct vrrp_fsm *f, uint64_t now_us);

/* vrrp_fsm_adver_int_wire: our Advertisement_Interval in the advert's
 * unit (v2 seconds, v3 centiseconds), for vrrp_pkt_build.adver_int. */
uint16_t vrrp_fsm_adver_int_wire(const struct vrrp_fsm *f);

const char *vrrp_state_str(enum vrrp_state s);
const char *vrrp_event_str(enum vrrp_event e);

#endif
