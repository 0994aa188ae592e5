/* vrrp_handover.c: decisions of the graceful master stop (see
 * vrrp_handover.h).  Pure: no clock, sockets or logging. */
#include "config.h"

#include "vrrp_handover.h"

#include <string.h>

static uint64_t
clamp(uint64_t v, uint64_t lo, uint64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

uint64_t
vrrp_handover_grace_us(uint64_t adver_int_us)
{
	return clamp(adver_int_us, VRRP_HO_GRACE_MIN_US, VRRP_HO_GRACE_MAX_US);
}

/* A backup that missed our priority 0 takes over after its
 * Master_Down_Interval: down_adverts intervals plus a Skew_Time below one
 * interval. */
uint64_t
vrrp_handover_wait_us(uint64_t adver_int_us, unsigned down_adverts)
{
	uint64_t n = down_adverts ? down_adverts : 3u;

	if (adver_int_us > VRRP_HO_WAIT_MAX_US)
		return VRRP_HO_WAIT_MAX_US;
	return clamp((n + 1) * adver_int_us, VRRP_HO_WAIT_MIN_US,
		     VRRP_HO_WAIT_MAX_US);
}

void
vrrp_handover_start(struct vrrp_handover *h, uint64_t adver_int_us,
		    unsigned down_adverts, uint64_t now_us)
{
	memset(h, 0, sizeof(*h));
	h->phase = VRRP_HO_WAIT;
	h->start_us = now_us;
	h->adver_int_us = adver_int_us;
	h->grace_us = vrrp_handover_grace_us(adver_int_us);
	h->deadline_us = now_us + vrrp_handover_wait_us(adver_int_us,
							 down_adverts);
	h->resends_left = VRRP_HO_RESENDS;
	h->resend_us = now_us + adver_int_us;
}

static enum vrrp_ho_action
release(struct vrrp_handover *h, bool by_peer)
{
	h->phase = VRRP_HO_DONE;
	h->by_peer = by_peer;
	return VRRP_HO_RELEASE;
}

enum vrrp_ho_action
vrrp_handover_advert(struct vrrp_handover *h, const struct vrrp_ip *src,
		     uint8_t priority, uint64_t now_us)
{
	if (h->phase != VRRP_HO_WAIT || priority == VRRP_PRIO_STOP)
		return VRRP_HO_NONE;	/* another router stopping too */
	h->peer = *src;
	h->peer_priority = priority;
	h->phase = VRRP_HO_GRACE;
	h->release_us = now_us + h->grace_us;
	if (h->grace_us == 0)
		return release(h, true);
	return VRRP_HO_NONE;
}

enum vrrp_ho_action
vrrp_handover_tick(struct vrrp_handover *h, uint64_t now_us)
{
	switch (h->phase) {
	case VRRP_HO_GRACE:
		return now_us >= h->release_us ? release(h, true) : VRRP_HO_NONE;
	case VRRP_HO_WAIT:
		if (now_us >= h->deadline_us)
			return release(h, false);
		if (h->resends_left && now_us >= h->resend_us) {
			h->resends_left--;
			h->resend_us += h->adver_int_us;
			if (h->resend_us <= now_us)	/* late wake-up */
				h->resend_us = now_us + h->adver_int_us;
			return VRRP_HO_RESEND;
		}
		return VRRP_HO_NONE;
	default:
		return VRRP_HO_NONE;
	}
}

uint64_t
vrrp_handover_next(const struct vrrp_handover *h)
{
	switch (h->phase) {
	case VRRP_HO_GRACE:
		return h->release_us;
	case VRRP_HO_WAIT:
		if (h->resends_left && h->resend_us < h->deadline_us)
			return h->resend_us;
		return h->deadline_us;
	default:
		return 0;
	}
}

bool
vrrp_handover_active(const struct vrrp_handover *h)
{
	return h->phase == VRRP_HO_WAIT || h->phase == VRRP_HO_GRACE;
}

enum vrrp_held
vrrp_held_of(bool fsm_vips_held, const struct vrrp_handover *h)
{
	if (h != NULL && vrrp_handover_active(h))
		return VRRP_HELD_STOPPING;
	return fsm_vips_held ? VRRP_HELD_PREEMPTED : VRRP_HELD_NONE;
}

const char *
vrrp_held_str(enum vrrp_held held)
{
	switch (held) {
	case VRRP_HELD_PREEMPTED: return "preempted";
	case VRRP_HELD_STOPPING: return "stopping";
	default: return "none";
	}
}
