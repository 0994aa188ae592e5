/* vrrp_strict.c: strict mode at run time (see vrrp_strict.h). */
#include "config.h"

#include <string.h>

#include "vrrp_strict.h"

bool
vrrp_strict_on(const struct conf_vrrp *cv, const struct conf_global *g)
{
	return cv->strict_mode || g->vrrp_strict;
}

void
vrrp_strict_fsm(struct vrrp_fsm_config *fc)
{
	fc->preempt_delay_us = 0;
	fc->lower_prio_no_advert = true;
	fc->higher_prio_send_advert = false;
	fc->want_master = fc->priority == VRRP_PRIO_OWNER;
}

void
vrrp_strict_garp(struct vrrp_garp_cfg *c)
{
	c->lower_repeat = 0;
	c->lower_delay_us = 0;
}

void
vrrp_strict_expect(struct vrrp_pkt_expect *exp)
{
	exp->auth_type = VRRP_AUTH_NONE;
	memset(exp->auth_data, 0, sizeof(exp->auth_data));
}
