/* reload.c: SIGHUP and the control socket's reload request.
 *
 * RELOADING=1, parse the file again; on errors the running configuration
 * stays, the errors are logged, put in STATUS= and returned to a control
 * client.  Otherwise the runtime state is carried over (reload.h), the
 * services of the old configuration are passed as "owned" so that a
 * virtual_server dropped by the new file is deleted, and one diff is
 * applied: an unchanged entry is not touched, one changed weight is one
 * netlink edit.  The table is never flushed.  Then the health child is
 * handed the new tree and the VRRP child told to reload (parent_vrrp.h).
 * READY=1 at the end.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "parent.h"
#include "parent_health.h"
#include "parent_vrrp.h"
#include "reload.h"
#include "sdnotify.h"
#include "smtp_lvs.h"

static void
report_diag(struct parent *p, const struct conf_diag *diag, FILE *msg)
{
	size_t i;
	bool first = true;

	for (i = 0; i < diag->n; i++) {
		if (diag->msg[i].sev == CONF_SEV_ERROR) {
			log_warnx("reload: %s", diag->msg[i].text);
			if (first)
				snprintf(p->last_reload_error, sizeof(p->last_reload_error),
					 "%s", diag->msg[i].text);
			first = false;
		} else {
			log_info("reload: %s", diag->msg[i].text);
		}
		if (msg != NULL)
			fprintf(msg, "%s\n", diag->msg[i].text);
	}
}

/* Swap in @newc with @carry; returns the old tree (to compute ownership). */
static struct conf *
swap_in(struct parent *p, struct conf *newc, struct reload_carry *carry)
{
	struct conf *oldc = p->conf;

	lvs_health_free(&p->health);
	lvs_state_free(&p->state);
	drain_free(&p->drains);
	p->health = carry->health;
	p->state = carry->state;
	p->drains = carry->drains;
	memset(carry, 0, sizeof(*carry));
	p->conf = newc;
	return oldc;
}

static int
reload_apply(struct parent *p, struct conf *newc, FILE *msg)
{
	struct reload_carry carry;
	struct lvs_table owned = { 0 };
	struct smtp_lvs_gone gone = { 0 };
	struct conf *oldc;
	int r;

	if ((r = reload_carry_build(p->conf, &p->health, &p->state, &p->drains, newc,
				    &carry)) < 0) {
		conf_free(newc);
		return r;
	}
	if ((r = lvs_services_build(p->conf, &owned)) < 0) {
		reload_carry_free(&carry);
		lvs_table_free(&owned);
		conf_free(newc);
		return r;
	}
	/* live real servers this reload removes: notify_down, FIFO lines and
	 * lost quorums now (old tree), their mails (keepalived's "=> Removing
	 * <=") with the new mail settings */
	parent_notify_reload_gone(p, newc);
	if (!p->o->lvs_disabled &&
	    smtp_lvs_gone_build(p->conf, &p->health, &p->state, newc, &gone) < 0)
		log_warnx("reload: out of memory: no mail for removed real servers");
	oldc = swap_in(p, newc, &carry);
	parent_rs_state_init(p);
	conf_free(oldc);
	parent_report_conf(p);
	parent_notify_configure(p);
	smtp_lvs_gone_send(p, &gone);
	smtp_lvs_gone_free(&gone);
	if (!p->o->lvs_disabled)
		parent_apply_timeouts(p);
	r = parent_sync(p, &owned, false, "reload");
	lvs_table_free(&owned);
	if (!p->o->lvs_disabled)
		parent_health_reload(p);
	parent_vrrp_reload(p);	/* only a configuration without errors */
	if (msg != NULL)
		fprintf(msg, "reloaded: %zu virtual server(s), %llu IPVS operation(s)%s\n",
			p->conf->n_vs, (unsigned long long)p->st.last_ops,
			r < 0 ? " (kernel update failed, retrying)" : "");
	return 0;
}

int
reload_run(struct parent *p, FILE *msg)
{
	struct conf_diag diag = { 0 };
	struct conf *newc = NULL;
	int r;

	sdnotify_reloading();
	r = reload_load(p->o->conf_file, p->o->config_id, p->conf->part, &newc, &diag);
	report_diag(p, &diag, msg);
	if (r < 0) {
		p->st.reload_failures++;
		if (r == -ENOMEM)
			snprintf(p->last_reload_error, sizeof(p->last_reload_error),
				 "out of memory");
		log_warnx("reload: %s: %zu error(s); keeping the running configuration",
			  p->o->conf_file, diag.errors);
		if (msg != NULL)
			fprintf(msg, "%s: %zu error(s); keeping the running configuration\n",
				p->o->conf_file, diag.errors);
		sdnotify_ready(NULL);
		sdnotify_status("reload failed: %s (running configuration kept)",
				p->last_reload_error);
		conf_diag_free(&diag);
		return -EINVAL;
	}
	conf_diag_free(&diag);
	if ((r = reload_apply(p, newc, msg)) < 0) {
		log_warnx("reload: %s", strerror(-r));
		sdnotify_ready(NULL);
		return r;
	}
	p->st.reloads++;
	p->last_reload = time(NULL);
	p->last_reload_error[0] = '\0';
	log_info("reload done: %zu virtual server(s)", p->conf->n_vs);
	sdnotify_ready(NULL);
	sdnotify_status("%zu virtual server(s); reloaded", p->conf->n_vs);
	return 0;
}
