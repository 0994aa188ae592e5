/* smtp_vrrp.c: the VRRP child's mail alerts (see smtp_vrrp.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "smtp_alert.h"
#include "smtp_msg.h"
#include "smtp_vrrp.h"

#define LAST_NAME_MAX 64

/* What was last mailed for one instance or group. */
struct last_mail {
	bool group;
	char name[LAST_NAME_MAX];
	enum vrrp_state state;
};

/* One engine per VRRP child process (see smtp_vrrp.h). */
static struct smtp_alert *vsa;
static struct event_loop *vsa_loop;
static struct last_mail *lastv;
static size_t n_last;

void
smtp_vrrp_configure(struct event_loop *loop, const struct conf *c)
{
	char err[256];
	int r;

	if (vsa == NULL && (c->global.notification_email.n == 0 || c->global.smtp_server == NULL))
		return;
	if (vsa != NULL && vsa_loop != loop) {
		smtp_alert_free(vsa);	/* another engine (tests): start afresh */
		vsa = NULL;
	}
	if (vsa == NULL) {
		if (smtp_alert_new(loop, &vsa) < 0) {
			log_warnx("SMTP alerts off: out of memory");
			return;
		}
		vsa_loop = loop;
	}
	if ((r = smtp_alert_configure(vsa, &c->global, err, sizeof(err))) < 0)
		log_warnx("SMTP alerts off: %s", err);
}

/* The last state mailed for @name (*slot to update it), or -1. */
static int
last_state(bool group, const char *name, struct last_mail **slot)
{
	struct last_mail *n;
	size_t i;

	for (i = 0; i < n_last; i++)
		if (lastv[i].group == group && strncmp(lastv[i].name, name, LAST_NAME_MAX - 1) == 0) {
			*slot = &lastv[i];
			return (int)lastv[i].state;
		}
	*slot = NULL;
	if ((n = realloc(lastv, (n_last + 1) * sizeof(*n))) == NULL)
		return -1;
	lastv = n;
	memset(&lastv[n_last], 0, sizeof(*lastv));
	lastv[n_last].group = group;
	strncpy(lastv[n_last].name, name, LAST_NAME_MAX - 1);
	lastv[n_last].state = VRRP_STATE_MAX;
	*slot = &lastv[n_last++];
	return -1;
}

static void
mail(const struct conf *c, int8_t own, bool group, const char *name, enum vrrp_state s)
{
	const struct conf_global *g = &c->global;
	char subj[SMTP_MSG_SUBJECT_MAX], body[SMTP_MSG_BODY_MAX];
	enum smtp_msg_vrrp_state ms;
	struct last_mail *slot;

	if (vsa == NULL || !smtp_alert_enabled(vsa) || name == NULL)
		return;
	if (!smtp_alert_flag(own, g->smtp_alert_vrrp, g->smtp_alert, false))
		return;
	if (s == VRRP_STATE_FAULT && g->no_email_faults)
		return;
	if (last_state(group, name, &slot) == (int)s)
		return;
	switch (s) {
	case VRRP_STATE_MASTER: ms = SMTP_VRRP_MASTER; break;
	case VRRP_STATE_BACKUP: ms = SMTP_VRRP_BACKUP; break;
	case VRRP_STATE_FAULT: ms = SMTP_VRRP_FAULT; break;
	case VRRP_STATE_INIT: ms = SMTP_VRRP_STOP; break;
	default: return;
	}
	if (slot)
		slot->state = s;
	smtp_msg_vrrp(subj, sizeof(subj), body, sizeof(body), smtp_alert_router_id(vsa), group,
		      name, ms);
	(void)smtp_alert_send(vsa, subj, body);
}

void
smtp_vrrp_instance(const struct conf *c, const struct conf_vrrp *cv, const char *name,
		   enum vrrp_state s)
{
	mail(c, cv != NULL ? cv->smtp_alert : CONF_TRI_UNSET, false, name, s);
}

void
smtp_vrrp_group(const struct conf *c, const struct conf_vrrp_group *cg, enum vrrp_state s)
{
	mail(c, cg->smtp_alert, true, cg->name, s);
}
