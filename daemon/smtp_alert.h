/* smtp_alert.h: keepalived's mail alerts (global_defs notification_email,
 * notification_email_from, smtp_server, smtp_helo_name,
 * smtp_connect_timeout), sent by a non-blocking SMTP client on the
 * process's event loop.
 *
 * The parent sends the real server and quorum mails (smtp_lvs.c), the
 * VRRP child the instance and sync group mails (smtp_vrrp.c); each has one
 * struct smtp_alert.  Nothing here ever blocks: smtp_server is resolved by
 * smtp_alert_configure() (at start and on reload, never when a mail is
 * sent), sockets are non-blocking, and mails wait in a bounded queue
 * (SMTP_ALERT_QUEUE_MAX; beyond it a mail is dropped, counted and logged).
 * Mails go one at a time, one connection each, in the order queued, with
 * the settings in force when they were queued (a reload does not change a
 * mail already queued).  Connecting may take smtp_connect_timeout seconds,
 * each reply as long again, the whole dialogue at most
 * SMTP_ALERT_DIALOGUE_MAX_S.  Every outcome is logged: sent, or why not
 * (refused, timeout, the server's unexpected reply code and text, ...).
 * With no address or no smtp_server, as in keepalived, nothing is sent.
 */
#ifndef IPVSD_SMTP_ALERT_H
#define IPVSD_SMTP_ALERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf.h"
#include "event.h"

#define SMTP_ALERT_QUEUE_MAX 64
#define SMTP_ALERT_DIALOGUE_MAX_S 300

struct smtp_alert;

struct smtp_alert_stats {
	uint64_t queued, sent, failed, dropped;
};

/* smtp_alert_new: 0 and *ret, or -ENOMEM. */
int smtp_alert_new(struct event_loop *loop, struct smtp_alert **ret);
/* smtp_alert_free: closes a dialogue in progress, drops the queue (each
 * dropped mail is logged).  NULL is a no-op. */
void smtp_alert_free(struct smtp_alert *sa);
/* smtp_alert_configure: take the mail settings of @g (router_id included,
 * defaulting to the host name as keepalived does; smtp_helo_name to the
 * host name, notification_email_from to "keepalived@HOSTNAME").  Resolves
 * smtp_server (numeric, else getaddrinfo).  Returns 1 if mails will be
 * sent, 0 if mail is off (no address or no server), -errno with @err
 * filled on a bad setting (mail then off until the next configure). */
int smtp_alert_configure(struct smtp_alert *sa, const struct conf_global *g,
			 char *err, size_t errlen);
/* smtp_alert_enabled: mails will be sent. */
bool smtp_alert_enabled(const struct smtp_alert *sa);
/* smtp_alert_router_id: "[router_id]" text of subjects ("" before
 * configure). */
const char *smtp_alert_router_id(const struct smtp_alert *sa);
/* smtp_alert_send: queue a mail.  0 (also when mail is off: nothing
 * queued), -ENOBUFS if the queue is full (dropped, logged), -ENOMEM,
 * -EMSGSIZE if it does not fit a message. */
int smtp_alert_send(struct smtp_alert *sa, const char *subject, const char *body);
/* smtp_alert_flag: keepalived's precedence of smtp_alert keywords (enum
 * conf_tri): the object's own, else @g1 (smtp_alert_vrrp or
 * smtp_alert_checker), else @g2 (global smtp_alert), else @dflt (on for a
 * real server, off otherwise). */
bool smtp_alert_flag(int8_t own, int8_t g1, int8_t g2, bool dflt);
/* smtp_alert_busy: a dialogue is in progress or mails are queued. */
bool smtp_alert_busy(const struct smtp_alert *sa);
void smtp_alert_get_stats(const struct smtp_alert *sa, struct smtp_alert_stats *st);

#endif
