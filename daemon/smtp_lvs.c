/* smtp_lvs.c: the parent's mail alerts (see smtp_lvs.h). */
#include "config.h"

#include "health/hc_result.h"
#include "log.h"
#include "names.h"
#include "notify_fifo.h"
#include "smtp_alert.h"
#include "smtp_lvs.h"
#include "smtp_msg.h"

void
smtp_lvs_configure(struct parent *p)
{
	const struct conf_global *g = &p->conf->global;
	char err[256];
	int r;

	if (p->smtp == NULL) {
		if (g->notification_email.n == 0 || g->smtp_server == NULL)
			return;
		if (smtp_alert_new(p->loop, &p->smtp) < 0) {
			log_warnx("SMTP alerts off: out of memory");
			return;
		}
	}
	r = smtp_alert_configure(p->smtp, g, err, sizeof(err));
	if (r < 0)
		log_warnx("SMTP alerts off: %s", err);
	else if (r > 0)
		log_info("SMTP alerts to %zu address%s through %s:%lld", g->notification_email.n,
			 g->notification_email.n == 1 ? "" : "es", g->smtp_server,
			 (long long)g->smtp_port);
}

void
smtp_lvs_rs(struct parent *p, const struct hc_msg_result *m)
{
	const struct conf_vs *vs;
	const struct conf_rs *rs;
	char vn[NAMES_LEN + 8], rn[NAMES_LEN], subj[SMTP_MSG_SUBJECT_MAX];
	char body[SMTP_MSG_BODY_MAX];
	int type = CONF_CHK_TCP;

	if (p->smtp == NULL || !smtp_alert_enabled(p->smtp) || m->vs_idx >= p->conf->n_vs)
		return;
	vs = &p->conf->vs[m->vs_idx];
	if (m->rs_idx >= vs->n_rs)
		return;
	rs = &vs->rs[m->rs_idx];
	if (!smtp_alert_flag(rs->smtp_alert, p->conf->global.smtp_alert_checker,
			     p->conf->global.smtp_alert, true))
		return;
	if (m->checker_idx < rs->n_checker)
		type = (int)rs->checker[m->checker_idx].type;
	notify_fifo_fmt_vs(vs, vn, sizeof(vn));
	notify_fifo_fmt_rs(vs, rs, rn, sizeof(rn));
	smtp_msg_subject_rs(subj, sizeof(subj), smtp_alert_router_id(p->smtp), rn, vn, m->up != 0);
	smtp_msg_body_check(body, sizeof(body), type, m->up != 0,
			    hc_result_str((enum hc_result)m->reason));
	(void)smtp_alert_send(p->smtp, subj, body);
}

void
smtp_lvs_vs(struct parent *p, const struct lvs_event *e)
{
	const struct conf_global *g = &p->conf->global;
	const struct conf_vs *vs;
	char vn[NAMES_LEN + 8], subj[SMTP_MSG_SUBJECT_MAX], body[SMTP_MSG_BODY_MAX];
	bool up = e->type == LVS_EV_QUORUM_UP;

	if (p->smtp == NULL || !smtp_alert_enabled(p->smtp) || e->vs >= p->conf->n_vs)
		return;
	vs = &p->conf->vs[e->vs];
	if (!smtp_alert_flag(vs->smtp_alert, g->smtp_alert_checker, g->smtp_alert, false))
		return;
	notify_fifo_fmt_vs(vs, vn, sizeof(vn));
	smtp_msg_subject_vs(subj, sizeof(subj), smtp_alert_router_id(p->smtp), vn, up);
	smtp_msg_body_quorum(body, sizeof(body), up, e->init, e->stopping, (long long)vs->quorum,
			     (long long)vs->hysteresis, (long long)e->threshold,
			     (long long)e->weight_sum);
	(void)smtp_alert_send(p->smtp, subj, body);
}

void
smtp_lvs_free(struct parent *p)
{
	smtp_alert_free(p->smtp);
	p->smtp = NULL;
}
