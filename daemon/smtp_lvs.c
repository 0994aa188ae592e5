/* smtp_lvs.c: the parent's mail alerts (see smtp_lvs.h). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

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

/* One real server mail: @rs_up names the real server's state in the
 * subject, @chk_up the checker's transition in the body (keepalived's
 * SMTP_MSG_RS: subject from rs->alive, body from the checker). */
static void
rs_mail(struct parent *p, uint32_t vs_idx, uint32_t rs_idx, uint32_t checker_idx,
	bool rs_up, bool chk_up, uint16_t reason)
{
	const struct conf_vs *vs;
	const struct conf_rs *rs;
	char vn[NAMES_LEN + 8], rn[NAMES_LEN], subj[SMTP_MSG_SUBJECT_MAX];
	char body[SMTP_MSG_BODY_MAX];
	int type = CONF_CHK_TCP;

	if (p->smtp == NULL || !smtp_alert_enabled(p->smtp) || vs_idx >= p->conf->n_vs)
		return;
	vs = &p->conf->vs[vs_idx];
	if (rs_idx >= vs->n_rs)
		return;
	rs = &vs->rs[rs_idx];
	if (!smtp_alert_flag(rs->smtp_alert, p->conf->global.smtp_alert_checker,
			     p->conf->global.smtp_alert, true))
		return;
	if (checker_idx < rs->n_checker)
		type = (int)rs->checker[checker_idx].type;
	notify_fifo_fmt_vs(vs, vn, sizeof(vn));
	notify_fifo_fmt_rs(vs, rs, rn, sizeof(rn));
	smtp_msg_subject_rs(subj, sizeof(subj), smtp_alert_router_id(p->smtp), rn, vn, rs_up);
	smtp_msg_body_check(body, sizeof(body), type, chk_up,
			    hc_result_str((enum hc_result)reason));
	(void)smtp_alert_send(p->smtp, subj, body);
}

void
smtp_lvs_rs(struct parent *p, const struct hc_msg_result *m)
{
	rs_mail(p, m->vs_idx, m->rs_idx, m->checker_idx, m->up != 0, m->up != 0, m->reason);
}

void
smtp_lvs_checker(struct parent *p, const struct hc_msg_checker *m)
{
	if (smtp_lvs_checker_wanted(&p->conf->global))
		rs_mail(p, m->vs_idx, m->rs_idx, m->checker_idx, m->rs_up != 0, m->up != 0,
			m->reason);
}

bool
smtp_lvs_checker_wanted(const struct conf_global *g)
{
	return !g->no_checker_emails;
}

static int
gone_add(struct smtp_lvs_gone *g, const struct conf_vs *vs, const struct conf_rs *rs)
{
	struct smtp_lvs_gone_rs *v;

	if (g->n == g->cap) {
		size_t cap = g->cap ? 2 * g->cap : 8;

		if ((v = reallocarray(g->v, cap, sizeof(*v))) == NULL)
			return -ENOMEM;
		g->v = v;
		g->cap = cap;
	}
	notify_fifo_fmt_vs(vs, g->v[g->n].vs, sizeof(g->v[g->n].vs));
	notify_fifo_fmt_rs(vs, rs, g->v[g->n].rs, sizeof(g->v[g->n].rs));
	g->n++;
	return 0;
}


int
smtp_lvs_gone_build(const struct conf *oldc, const struct lvs_health *oldh,
		    const struct lvs_state *olds, const struct conf *newc,
		    struct smtp_lvs_gone *out)
{
	const struct conf_global *g = &oldc->global;
	size_t i, j;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < oldc->n_vs; i++) {
		const struct conf_vs *vs = &oldc->vs[i];
		size_t ni = lvs_vs_find(newc, vs, i);
		const struct conf_vs *nvs = ni == SIZE_MAX ? NULL : &newc->vs[ni];
		const struct lvs_quorum *q = i < olds->n_vs ? &olds->q[i] : NULL;

		for (j = 0; j < vs->n_rs; j++) {
			const struct conf_rs *rs = &vs->rs[j];

			if (lvs_rs_find(nvs, rs, j) != SIZE_MAX || !lvs_rs_live(vs, lvs_health_at(oldh, i, j), q) ||
			    !smtp_alert_flag(rs->smtp_alert, g->smtp_alert_checker,
					     g->smtp_alert, true))
				continue;
			if (gone_add(out, vs, rs) < 0) {
				smtp_lvs_gone_free(out);
				return -ENOMEM;
			}
		}
	}
	return 0;
}

void
smtp_lvs_gone_send(struct parent *p, const struct smtp_lvs_gone *g)
{
	char subj[SMTP_MSG_SUBJECT_MAX];
	size_t i;

	if (p->smtp == NULL || !smtp_alert_enabled(p->smtp))
		return;
	for (i = 0; i < g->n; i++) {
		smtp_msg_subject_rs(subj, sizeof(subj), smtp_alert_router_id(p->smtp),
				    g->v[i].rs, g->v[i].vs, false);
		(void)smtp_alert_send(p->smtp, subj, smtp_msg_body_rs_gone(false));
	}
}

void
smtp_lvs_gone_free(struct smtp_lvs_gone *g)
{
	free(g->v);
	memset(g, 0, sizeof(*g));
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
