/* vrrp_handover.h: make-before-break graceful stop of a VRRP master
 * (ipvsd extension; global_defs "vrrp_graceful_handover off" restores
 * keepalived's behaviour).
 *
 * keepalived's master, when stopped, sends priority 0 and removes its
 * virtual addresses at once: until the backup has taken over and its
 * gratuitous ARP/NA reached the clients, they send to an address nobody
 * holds.  ipvsd's master sends priority 0 too (so every peer, keepalived
 * included, behaves as RFC 5798 says: the best backup takes over after
 * its Skew_Time) but keeps its addresses, and the parent keeps its IPVS
 * table, until:
 *   - an advertisement with a priority above 0 arrives for the VRID from
 *     another router (the new master), then a grace time (one advert
 *     interval, 20..100 ms) for the new master's GARP/NA to reach the
 *     clients; or
 *   - no new master showed up within the wait time: (down_timer_adverts
 *     + 1) advert intervals (a backup's Master_Down_Interval is at most
 *     that, should our priority 0 be lost), 100 ms..3 s.
 * While waiting the instance sends nothing but priority 0 (again each
 * advert interval, at most VRRP_HO_RESENDS more times, until a new master
 * is heard), answers no advert and never claims mastership again
 * (vrrp_fsm_handover).
 *
 * This module is the pure decision part, time-injected (microseconds):
 * the engine side is vrrp_handover_run.c.
 */
#ifndef IPVSD_VRRP_HANDOVER_H
#define IPVSD_VRRP_HANDOVER_H

#include <stdbool.h>
#include <stdint.h>

#include "vrrp_pkt.h"

#define VRRP_HO_GRACE_MIN_US	20000u
#define VRRP_HO_GRACE_MAX_US	100000u
#define VRRP_HO_WAIT_MIN_US	100000u
#define VRRP_HO_WAIT_MAX_US	3000000u
#define VRRP_HO_RESENDS		2u

enum vrrp_ho_phase {
	VRRP_HO_IDLE = 0,	/* no handover */
	VRRP_HO_WAIT,		/* priority 0 sent, no new master yet */
	VRRP_HO_GRACE,		/* new master heard: release at release_us */
	VRRP_HO_DONE,		/* released */
};

enum vrrp_ho_action {
	VRRP_HO_NONE = 0,	/* nothing now: wake up at vrrp_handover_next */
	VRRP_HO_RESEND,		/* send priority 0 again */
	VRRP_HO_RELEASE,	/* remove the addresses now (phase DONE) */
};

struct vrrp_handover {
	enum vrrp_ho_phase phase;
	uint64_t start_us;
	uint64_t grace_us;
	uint64_t deadline_us;	/* WAIT: give up waiting at */
	uint64_t release_us;	/* GRACE: release at */
	uint64_t resend_us;	/* WAIT: next priority 0 (if resends_left) */
	uint64_t adver_int_us;
	unsigned resends_left;
	bool by_peer;		/* DONE: a new master was heard */
	uint8_t peer_priority;
	struct vrrp_ip peer;
};

/* vrrp_handover_grace_us / _wait_us: the bounds above for an instance
 * advertising every @adver_int_us (@down_adverts 0 means 3). */
uint64_t vrrp_handover_grace_us(uint64_t adver_int_us);
uint64_t vrrp_handover_wait_us(uint64_t adver_int_us, unsigned down_adverts);

/* vrrp_handover_start: the first priority 0 was sent at @now_us. */
void vrrp_handover_start(struct vrrp_handover *h, uint64_t adver_int_us,
			 unsigned down_adverts, uint64_t now_us);
/* vrrp_handover_advert: an advert for our VRID from @src (not us) with
 * @priority arrived at @now_us.  RELEASE if the grace time is 0 (never
 * with the bounds above), else NONE. */
enum vrrp_ho_action vrrp_handover_advert(struct vrrp_handover *h,
					 const struct vrrp_ip *src,
					 uint8_t priority, uint64_t now_us);
/* vrrp_handover_tick: time passed (a timer for vrrp_handover_next fired):
 * what to do at @now_us.  Call again while it answers RESEND. */
enum vrrp_ho_action vrrp_handover_tick(struct vrrp_handover *h,
				       uint64_t now_us);
/* vrrp_handover_next: when to call vrrp_handover_tick; 0 if done/idle. */
uint64_t vrrp_handover_next(const struct vrrp_handover *h);
/* vrrp_handover_active: WAIT or GRACE (the addresses are held). */
bool vrrp_handover_active(const struct vrrp_handover *h);

/* Why an instance holds its virtual addresses although it is no longer
 * (or is about to stop being) master: `ipvsctl status` ("vips_held
 * preempted|stopping"), the JSON dumps ("vips_held", "vips_held_reason")
 * and VRRP_MSG_STATE (vrrp_proto.h) carry it. */
enum vrrp_held {
	VRRP_HELD_NONE = 0,
	VRRP_HELD_PREEMPTED,	/* BACKUP after a better master: the yield
				 * grace (vrrp_fsm.h, vips_held) */
	VRRP_HELD_STOPPING,	/* graceful stop: until the new master's
				 * advert + grace (phase WAIT or GRACE) */
};

/* vrrp_held_of: from the FSM's vips_held flag and the handover (NULL:
 * none). */
enum vrrp_held vrrp_held_of(bool fsm_vips_held, const struct vrrp_handover *h);
/* vrrp_held_str: "none", "preempted", "stopping" ("none" for unknown). */
const char *vrrp_held_str(enum vrrp_held held);

#endif
