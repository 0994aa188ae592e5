/* smtp_lvs.h: the parent's mail alerts (keepalived's checker side):
 *   a real server going UP or DOWN (one mail per transition reported by
 *   the health child, body naming the checker, e.g. "=> TCP CHECK failed
 *   on service <="), sent when the real server's smtp_alert is on:
 *   keepalived's default for a real server is on (its own keyword, else
 *   smtp_alert_checker, else smtp_alert, else on);
 *   a virtual server's quorum going UP or DOWN ("=> Gained quorum
 *   Q+H=T <= W <="), when its smtp_alert, else smtp_alert_checker, else
 *   smtp_alert is on.
 * Settings are taken at start and on every reload (smtp_lvs_configure,
 * from parent_notify_configure); see smtp_alert.h for the client.
 */
#ifndef IPVSD_SMTP_LVS_H
#define IPVSD_SMTP_LVS_H

#include <stdbool.h>
#include <stddef.h>

#include "health/hc_proto.h"
#include "lvs.h"
#include "parent.h"

void smtp_lvs_configure(struct parent *p);
/* smtp_lvs_rs: the real server of @m changed to m->up. */
void smtp_lvs_rs(struct parent *p, const struct hc_msg_result *m);
/* smtp_lvs_vs: a quorum event of parent_sync. */
void smtp_lvs_vs(struct parent *p, const struct lvs_event *e);
void smtp_lvs_free(struct parent *p);

#endif
