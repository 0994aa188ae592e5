/* smtp_lvs.h: the parent's mail alerts (keepalived's checker side):
 *   a real server going UP or DOWN (one mail per transition reported by
 *   the health child, body naming the checker, e.g. "=> TCP CHECK failed
 *   on service <="), sent when the real server's smtp_alert is on:
 *   keepalived's default for a real server is on (its own keyword, else
 *   smtp_alert_checker, else smtp_alert, else on);
 *   one checker of a real server going up or down while the real server
 *   keeps its state (several checkers): the same mail, its subject naming
 *   the real server's state and its body the checker's ("... - DOWN",
 *   "=> TCP CHECK succeed on service <="), unless global no_checker_emails;
 *   a live real server (up, in the table) that a reload removes (itself or
 *   its virtual_server): "... - DOWN", "=> Removing <=", when the old
 *   configuration's smtp_alert of that real server was on; sent with the
 *   new configuration's mail settings, in the order of the old file;
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
#include "names.h"
#include "parent.h"

void smtp_lvs_configure(struct parent *p);
/* smtp_lvs_rs: the real server of @m changed to m->up. */
void smtp_lvs_rs(struct parent *p, const struct hc_msg_result *m);
/* smtp_lvs_checker: HC_MSG_CHECKER, a checker transition that left its
 * real server's state as it was (mailed unless no_checker_emails). */
void smtp_lvs_checker(struct parent *p, const struct hc_msg_checker *m);
/* smtp_lvs_checker_wanted: such transitions are mailed under @g. */
bool smtp_lvs_checker_wanted(const struct conf_global *g);

/* Real servers a reload takes out while live, as keepalived names them. */
struct smtp_lvs_gone_rs {
	char vs[NAMES_LEN + 8];
	char rs[NAMES_LEN];
};
struct smtp_lvs_gone {
	struct smtp_lvs_gone_rs *v;
	size_t n, cap;
};
/* smtp_lvs_gone_build: the real servers of @oldc that @newc no longer has
 * (same virtual_server by lvs_vs_same, same address and port), live in
 * @oldh/@olds, with smtp_alert on under @oldc.  0 or -ENOMEM. */
int smtp_lvs_gone_build(const struct conf *oldc, const struct lvs_health *oldh,
			const struct lvs_state *olds, const struct conf *newc,
			struct smtp_lvs_gone *out);
/* smtp_lvs_gone_send: their "=> Removing <=" mails, with p's current
 * settings (call after smtp_lvs_configure of the new configuration). */
void smtp_lvs_gone_send(struct parent *p, const struct smtp_lvs_gone *g);
void smtp_lvs_gone_free(struct smtp_lvs_gone *g);

/* smtp_lvs_vs: a quorum event of parent_sync. */
void smtp_lvs_vs(struct parent *p, const struct lvs_event *e);
void smtp_lvs_free(struct parent *p);

#endif
