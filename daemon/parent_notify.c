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

void
parent_notify_close(struct parent *p)
{
	notify_fifo_close(&p->fifo);
	notify_fifo_close(&p->lvs_fifo);
	smtp_lvs_free(p);
}
