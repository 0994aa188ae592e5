/* parent_notify.c: the parent's script policy and its notify FIFOs
 * (global_defs script_user, enable_script_security, notify_fifo and
 * lvs_notify_fifo with their scripts).
 *
 * The parent writes the LVS lines (RS and VS) to notify_fifo and to
 * lvs_notify_fifo; the VRRP engine writes its own lines to notify_fifo and
 * vrrp_notify_fifo.  notify_fifo_script is started here (once, by the
 * parent), as lvs_notify_fifo_script is.
 */
#include "config.h"

#include <stdio.h>

#include "log.h"
#include "names.h"
#include "notify_fifo.h"
#include "parent.h"
#include "smtp_lvs.h"

static void
open_one(struct parent *p, struct notify_fifo *f, const struct conf_strv *cfg,
	 const struct conf_strv *script, const char *kw)
{
	char err[512];

	if (notify_fifo_open(f, cfg, script, &p->scripts, p->loop, err, sizeof(err)) < 0)
		log_warnx("%s: %s; no lines will be written to it", kw, err);
	else if (f->open)
		log_info("%s %s open", kw, f->path);
}

void
parent_notify_configure(struct parent *p)
{
	const struct conf_global *g = &p->conf->global;
	char err[256];

	if (script_set_configure(&p->scripts, p->conf, err, sizeof(err)) < 0)
		log_warnx("script_user: %s; scripts keep running as before", err);
	else if (p->scripts.cred.set)
		log_info("scripts run as uid %u gid %u%s", (unsigned)p->scripts.cred.uid,
			 (unsigned)p->scripts.cred.gid,
			 p->scripts.security ? ", enable_script_security on" : "");
	else if (!p->scripts.security)
		log_info("scripts run as root and enable_script_security is off");
	open_one(p, &p->fifo, &g->notify_fifo, &g->notify_fifo_script, "notify_fifo");
	open_one(p, &p->lvs_fifo, &g->lvs_notify_fifo, &g->lvs_notify_fifo_script,
		 "lvs_notify_fifo");
	smtp_lvs_configure(p);
}

void
parent_notify_rs(struct parent *p, size_t vs, size_t rs, bool up)
{
	struct notify_fifo *f[2] = { &p->fifo, &p->lvs_fifo };

	if (vs < p->conf->n_vs && rs < p->conf->vs[vs].n_rs)
		notify_fifo_rs(f, 2, &p->conf->vs[vs], &p->conf->vs[vs].rs[rs], up);
}

void
parent_notify_vs(struct parent *p, size_t vs, bool up)
{
	struct notify_fifo *f[2] = { &p->fifo, &p->lvs_fifo };

	if (vs < p->conf->n_vs)
		notify_fifo_vs(f, 2, &p->conf->vs[vs], up);
}

/* keepalived, stopping an omega virtual server (without a full flush):
 * every live real server is taken out with its notify_down and its
 * "RS ... DOWN" line, before the virtual server's quorum_down. */
void
parent_notify_stop_rs(struct parent *p, size_t vs)
{
	const struct conf_vs *v;
	char what[2 * NAMES_LEN + 48], rn[NAMES_LEN], vn[NAMES_LEN];
	size_t j;

	if (vs >= p->conf->n_vs || p->conf->global.lvs_flush_onstop || p->o->dont_release_ipvs)
		return;
	v = &p->conf->vs[vs];
	names_vs(v, vn, sizeof(vn));
	for (j = 0; j < v->n_rs; j++) {
		const struct lvs_rs_health *h = lvs_health_at(&p->health, vs, j);

		if (h == NULL || !h->up)
			continue;
		names_rs(&v->rs[j], rn, sizeof(rn));
		snprintf(what, sizeof(what), "notify_down (omega, stopping) of RS %s in VS %s",
			 rn, vn);
		script_run(&p->scripts, p->loop, &v->rs[j].notify_down, what);
		parent_notify_rs(p, vs, j, false);
	}
}

/* keepalived (clear_service_rs at a reload): a live real server the new
 * file drops is taken out with its notify_down and its "RS ... DOWN"
 * line. */
static void
gone_rs(struct parent *p, size_t vs, size_t rs)
{
	const struct conf_vs *v = &p->conf->vs[vs];
	char what[2 * NAMES_LEN + 48], rn[NAMES_LEN], vn[NAMES_LEN];

	names_vs(v, vn, sizeof(vn));
	names_rs(&v->rs[rs], rn, sizeof(rn));
	log_info("Removing service %s from VS %s (no longer in the configuration)", rn, vn);
	snprintf(what, sizeof(what), "notify_down (removed) of RS %s in VS %s", rn, vn);
	script_run(&p->scripts, p->loop, &v->rs[rs].notify_down, what);
	parent_notify_rs(p, vs, rs, false);
}

/* keepalived (update_vs_notifies at a reload): a virtual server dropped
 * whole loses its quorum if it had it and what stays live (nothing, unless
 * lvs_flush_on_stop kept its real servers) is below quorum - hysteresis. */
static void
gone_vs(struct parent *p, size_t vs, int64_t weight_sum)
{
	const struct conf_vs *v = &p->conf->vs[vs];
	const struct lvs_quorum *q = vs < p->state.n_vs ? &p->state.q[vs] : NULL;
	struct lvs_event e = { .type = LVS_EV_QUORUM_DOWN, .vs = (uint32_t)vs,
			       .weight_sum = weight_sum,
			       .threshold = v->quorum - v->hysteresis };
	struct lvs_events ev = { .v = &e, .n = 1, .cap = 1 };

	if (q == NULL || !q->known || !q->up || (weight_sum != 0 && weight_sum >= e.threshold))
		return;
	parent_quorum_events(p, &ev);
}

void
parent_notify_reload_gone(struct parent *p, const struct conf *newc)
{
	const struct conf *c = p->conf;
	size_t i, j;

	if (p->o->lvs_disabled)
		return;
	for (i = 0; i < c->n_vs; i++) {
		const struct conf_vs *v = &c->vs[i];
		size_t ni = lvs_vs_find(newc, v, i);
		const struct conf_vs *nv = ni == SIZE_MAX ? NULL : &newc->vs[ni];
		const struct lvs_quorum *q = i < p->state.n_vs ? &p->state.q[i] : NULL;
		const struct lvs_rs_health *h0 = lvs_health_at(&p->health, i, 0);

		if (nv == NULL && c->global.lvs_flush_onstop) {
			gone_vs(p, i, h0 ? lvs_quorum_sum(v, h0) : 0);
			continue;
		}
		for (j = 0; j < v->n_rs; j++)
			if (lvs_rs_find(nv, &v->rs[j], j) == SIZE_MAX &&
			    lvs_rs_live(v, lvs_health_at(&p->health, i, j), q))
				gone_rs(p, i, j);
		if (nv == NULL)
			gone_vs(p, i, 0);
	}
}

void
parent_notify_close(struct parent *p)
{
	notify_fifo_close(&p->fifo);
	notify_fifo_close(&p->lvs_fifo);
	smtp_lvs_free(p);
}
