/* smtp_vrrp.h: the VRRP child's mail alerts (keepalived vrrp_notify.c
 * vrrp_smtp_notifier / vrrp_sync_smtp_notifier).
 *
 * An instance or sync group mails its transitions to MASTER, BACKUP,
 * FAULT and its stop when its smtp_alert is on: the instance's or group's
 * own keyword ("smtp_alert no" included), else global_defs
 * smtp_alert_vrrp, else smtp_alert, else off (smtp_alert_flag).  FAULT is
 * not mailed with no_email_faults, and a state already mailed last is not
 * mailed again.  The caller (vrrp_notify.c) decides when notifies go out
 * at all (an instance whose sync group is already in its state does not
 * notify), as for scripts and FIFO lines.
 *
 * The VRRP child runs one engine: the mail client is one per process,
 * created on first need and configured at engine start and on every
 * reload (smtp_vrrp_configure, from vrrp_tracker_start).
 */
#ifndef IPVSD_SMTP_VRRP_H
#define IPVSD_SMTP_VRRP_H

#include <stdbool.h>

#include "conf.h"
#include "event.h"
#include "vrrp_fsm.h"

/* smtp_vrrp_configure: (re)read the mail settings of @c.  Nothing is
 * allocated while @c asks for no mail. */
void smtp_vrrp_configure(struct event_loop *loop, const struct conf *c);
/* smtp_vrrp_instance / _group: @s entered (VRRP_STATE_INIT: stopping). */
void smtp_vrrp_instance(const struct conf *c, const struct conf_vrrp *cv, const char *name,
			enum vrrp_state s);
void smtp_vrrp_group(const struct conf *c, const struct conf_vrrp_group *cg,
		     enum vrrp_state s);

#endif
