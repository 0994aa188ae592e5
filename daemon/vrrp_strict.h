/* vrrp_strict.h: what strict mode (global_defs vrrp_strict, or strict_mode
 * in a vrrp_instance) changes at run time, as keepalived 2.2 does it
 * (vrrp_complete_instance): no authentication, no preempt_delay, no
 * gratuitous ARP/NA repeats after a lower-priority advert, no advert in
 * reply to a lower priority (lower_prio_no_advert), none to a higher one
 * (higher_prio_send_advert cleared), and "state MASTER" only for the
 * address owner.  The configuration errors and warnings (unicast peers,
 * missing VIPs, ...) are conf_check.c's. */
#ifndef IPVSD_VRRP_STRICT_H
#define IPVSD_VRRP_STRICT_H

#include <stdbool.h>

#include "conf.h"
#include "vrrp_fsm.h"
#include "vrrp_garp.h"
#include "vrrp_pkt.h"

/* vrrp_strict_on: is @cv in strict mode (its own strict_mode or global
 * vrrp_strict)? */
bool vrrp_strict_on(const struct conf_vrrp *cv, const struct conf_global *g);

/* vrrp_strict_fsm: strict values in a state machine configuration. */
void vrrp_strict_fsm(struct vrrp_fsm_config *fc);

/* vrrp_strict_garp: no repeats after a lower-priority advert. */
void vrrp_strict_garp(struct vrrp_garp_cfg *c);

/* vrrp_strict_expect: no authentication in sent or accepted adverts. */
void vrrp_strict_expect(struct vrrp_pkt_expect *exp);

#endif
