/* parent_health.c: the parent's side of health checking (see
 * parent_health.h). */
#include "config.h"

#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "event.h"
#include "hc.h"
#include "hc_proto.h"
#include "hc_result.h"
#include "health.h"
#include "health_priv.h"
#include "ipc.h"
#include "log.h"
#include "names.h"
#include "parent.h"
#include "parent_health.h"
#include "parent_hc_script.h"
#include "parent_vrrp.h"
#include "proc.h"
#include "smtp_lvs.h"

struct health_gen {
	struct parent *p;
	struct proc_mgr *mgr;
	struct proc_child *child;
	struct health_gen *next;	/* retired generations */
	bool stopped;
	struct parent_hc_scripts *scripts;	/* MISC_CHECK scripts it asked for */
	void (*done)(void *arg);	/* final stop */
	void *done_arg;
};

static size_t
count_checked(const struct conf *c)
{
	size_t i, j, n = 0;

	for (i = 0; i < c->n_vs; i++)
		for (j = 0; j < c->vs[i].n_rs; j++)
			if (c->vs[i].rs[j].n_checker > 0)
				n++;
	return n;
}

/* Does the health child run a checker of @rs?  (It skips the types it
 * does not support: nothing would ever report those as checked.) */
static bool
rs_checked_by_child(const struct conf_rs *rs)
{
	size_t k;

	for (k = 0; k < rs->n_checker; k++)
		if (hc_ops_for(rs->checker[k].type))
			return true;
	return false;
}

int
parent_health_checked_reset(struct parent *p)
{
	size_t n = p->health.n_vs ? p->health.first[p->health.n_vs] : 0, i, j;
	bool *v = calloc(n ? n : 1, sizeof(*v));

	free(p->hc_checked);
	p->hc_checked = v;
	if (v == NULL)
		return -ENOMEM;
	for (i = 0; i < p->health.n_vs && i < p->conf->n_vs; i++)
		for (j = 0; j < p->conf->vs[i].n_rs; j++)
			v[p->health.first[i] + j] = !rs_checked_by_child(&p->conf->vs[i].rs[j]);
	return 0;
}

/* HC_MSG_CHECKED: the first round of checks of that real server is done. */
static void
on_checked(struct parent *p, const struct hc_msg_checked *m)
{
	struct lvs_rs_health *h = lvs_health_at(&p->health, m->vs_idx, m->rs_idx);
	size_t k;

	if (h == NULL || p->hc_checked == NULL) {
		if (h == NULL)
			log_warnx("health: checked for unknown real server %u/%u",
				  m->vs_idx, m->rs_idx);
		return;
	}
	k = (size_t)(h - p->health.rs);
	if (p->hc_checked[k])
		return;
	p->hc_checked[k] = true;
	/* A sync still pending (a RESULT came just before) updates the
	 * readiness once the table holds that result. */
	if (!event_timer_armed(&p->t_health))
		parent_vrrp_ready_update(p);
}

/* In the child: the tree inherited at fork time is the parent's current one.
 * The parent's own per-server state (kernel-table cache, health, quorum,
 * readiness) came along with the fork and is of no use here: free it, so
 * that health_main's malloc_trim gives those pages back and the checker's
 * memory is its own (about 250-400 bytes per real server). */
static int
child_main(int fd, void *arg)
{
	struct parent *p = arg;

	lvs_table_free(&p->kcache);
	p->kcache_ok = false;
	lvs_state_free(&p->state);
	lvs_health_free(&p->health);
	free(p->rs);
	p->rs = NULL;
	free(p->hc_checked);
	p->hc_checked = NULL;
	return health_main(NULL, fd, p->conf);
}

static void
on_start(struct proc_child *c, void *arg)
{
	struct health_gen *g = arg;
	struct parent *p = g->p;
	struct hc_msg_init_state st;
	size_t i, j;

	for (i = 0; i < p->conf->n_vs; i++)
		for (j = 0; j < p->conf->vs[i].n_rs; j++) {
			const struct lvs_rs_health *h = lvs_health_at(&p->health, i, j);

			if (h == NULL || p->conf->vs[i].rs[j].n_checker == 0)
				continue;
			memset(&st, 0, sizeof(st));
			st.vs_idx = (uint32_t)i;
			st.rs_idx = (uint32_t)j;
			st.up = h->up ? 1 : 0;
			proc_send(c, HC_MSG_INIT_STATE, 0, -1, &st, sizeof(st));
		}
	/* a new child checks everything again: nothing is "checked" yet */
	if (g == p->hgen) {
		if (parent_health_checked_reset(p) < 0)
			log_warnx("health: out of memory: readiness not tracked");
		parent_vrrp_ready_update(p);
	}
	proc_send(c, HC_MSG_START, 0, -1, NULL, 0);
}

static void
sync_cb(struct event_timer *t, void *arg)
{
	(void)t;
	parent_sync(arg, NULL, false, "health");
}

/* The real server's notify_up / notify_down, on a transition. */
static void
run_notify(struct parent *p, const struct hc_msg_result *m, bool up, const char *rn,
	   const char *vn)
{
	const struct conf_rs *rs = &p->conf->vs[m->vs_idx].rs[m->rs_idx];
	char what[2 * NAMES_LEN + 32];
	int r;

	snprintf(what, sizeof(what), "%s of RS %s in VS %s", up ? "notify_up" : "notify_down",
		 rn, vn);
	if ((r = script_run(&p->scripts, p->loop, up ? &rs->notify_up : &rs->notify_down,
			    what)) < 0)
		log_warnx("%s: cannot run: %s", what, strerror(-r));
}

/* Can a checker of @rs set its weight (MISC_CHECK misc_dynamic,
 * FILE_CHECK)? */
static bool
rs_dynamic_weight(const struct conf_rs *rs)
{
	size_t k;

	for (k = 0; k < rs->n_checker; k++)
		if ((rs->checker[k].type == CONF_CHK_MISC && rs->checker[k].misc_dynamic) ||
		    rs->checker[k].type == CONF_CHK_FILE)
			return true;
	return false;
}

static void
on_result(struct parent *p, const struct hc_msg_result *m)
{
	char vn[NAMES_LEN], rn[NAMES_LEN];
	struct lvs_rs_health *h = lvs_health_at(&p->health, m->vs_idx, m->rs_idx);
	struct parent_rs *info;

	if (h == NULL) {
		log_warnx("health: result for unknown real server %u/%u", m->vs_idx, m->rs_idx);
		return;
	}
	info = &p->rs[h - p->health.rs];
	snprintf(info->reason, sizeof(info->reason), "%.*s", HC_TEXT_MAX, m->text);
	info->since = time(NULL);
	names_vs(&p->conf->vs[m->vs_idx], vn, sizeof(vn));
	names_rs(&p->conf->vs[m->vs_idx].rs[m->rs_idx], rn, sizeof(rn));
	log_info("health: RS %s of VS %s is %s (%s: %s)", rn, vn, m->up ? "up" : "down",
		 hc_result_str((enum hc_result)m->reason), info->reason);
	if (h->up != (m->up != 0)) {
		run_notify(p, m, m->up != 0, rn, vn);
		parent_notify_rs(p, m->vs_idx, m->rs_idx, m->up != 0);
		smtp_lvs_rs(p, m);
	}
	h->up = m->up != 0;
	/* has_weight 0 from a checker that can set weights only means it has
	 * not reported yet (a new child after reload or respawn): keep the
	 * carried-over weight until it does */
	if (m->has_weight || !rs_dynamic_weight(&p->conf->vs[m->vs_idx].rs[m->rs_idx])) {
		h->has_weight = m->has_weight != 0;
		h->weight = m->weight;
	}
	if (!p->stopping && !event_timer_armed(&p->t_health))
		event_timer_add_ms(p->loop, &p->t_health, 0, sync_cb, p);
}

static void
write_dump(const char *text)
{
	FILE *f = fopen(DUMP_HEALTH_FILE, "we");

	if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0) {
		log_warn("cannot write %s", DUMP_HEALTH_FILE);
		return;
	}
	log_info("%s written", DUMP_HEALTH_FILE);
}

static void
on_msg(struct proc_child *c, struct ipc_msg *msg, void *arg)
{
	struct health_gen *g = arg;
	struct hc_msg_result res;
	struct hc_msg_checked chk;
	struct hc_msg_checker ckm;
	const char *text;

	(void)c;
	if (g != g->p->hgen)
		return;		/* a retired generation: indices of an old tree */
	switch (msg->type) {
	case HC_MSG_RESULT:
		if (ipc_get(msg, &res, sizeof(res)) < 0)
			log_warnx("health: malformed result dropped");
		else
			on_result(g->p, &res);
		break;
	case HC_MSG_CHECKED:
		if (ipc_get(msg, &chk, sizeof(chk)) < 0)
			log_warnx("health: malformed checked message dropped");
		else
			on_checked(g->p, &chk);
		break;
	case HC_MSG_CHECKER:
		if (ipc_get(msg, &ckm, sizeof(ckm)) < 0)
			log_warnx("health: malformed checker message dropped");
		else
			smtp_lvs_checker(g->p, &ckm);
		break;
	case HC_MSG_DUMP:
		if (ipc_get_str(msg, &text) == 0)
			write_dump(text);
		break;
	case HC_MSG_SCRIPT_RUN: {
		struct hc_msg_script_run run;

		if (ipc_get(msg, &run, sizeof(run)) < 0)
			log_warnx("health: malformed script request dropped");
		else
			parent_hc_script_run(g->scripts, g->p->conf, c, &run);
		break;
	}
	default:
		log_warnx("health: unknown message type %#x dropped", msg->type);
	}
}

static const struct proc_ops health_ops = { on_start, on_msg, NULL };

static struct health_gen *
gen_new(struct parent *p)
{
	struct proc_conf pc = {
		.name = "health", .main = child_main, .arg = p,
		.uid = (uid_t)-1, .gid = (gid_t)-1,
		.keep_caps = PROC_CAP(CAP_NET_RAW), .stop_order = 0,
	};
	struct health_gen *g = calloc(1, sizeof(*g));
	int r;

	if (g == NULL)
		return NULL;
	health_priv_apply(p->conf, &pc);	/* unprivileged user, few caps */
	g->p = p;
	p->hgen = g;	/* on_start runs inside proc_spawn */
	if ((r = parent_hc_scripts_new(p->loop, &g->scripts)) < 0 ||
	    (r = proc_mgr_new(p->loop, &health_ops, g, NULL, &g->mgr)) < 0 ||
	    (r = proc_spawn(g->mgr, &pc, &g->child)) < 0) {
		log_warnx("health: cannot start the health-check child: %s", strerror(-r));
		proc_mgr_free(g->mgr);
		parent_hc_scripts_free(g->scripts);
		free(g);
		p->hgen = NULL;
		return NULL;
	}
	return g;
}

void
parent_health_start(struct parent *p)
{
	size_t n = count_checked(p->conf);

	if (n == 0) {
		log_debug("health: no checker configured, no health-check child");
		return;
	}
	if (gen_new(p) != NULL)
		log_info("health: checking %zu real server(s)", n);
}

static void
gen_stopped(void *arg)
{
	struct health_gen *g = arg;

	g->stopped = true;
	if (g->done)
		g->done(g->done_arg);
}

/* Retire the running generation: stop its child, keep it until freed. */
static void
gen_retire(struct parent *p, void (*done)(void *), void *arg)
{
	struct health_gen *g = p->hgen;

	p->hgen = NULL;
	g->next = p->hgen_old;
	p->hgen_old = g;
	g->done = done;
	g->done_arg = arg;
	proc_mgr_shutdown(g->mgr, 5000, gen_stopped, g);
}

static void
free_stopped(struct parent *p, bool all)
{
	struct health_gen **pp = &p->hgen_old, *g;

	while ((g = *pp) != NULL) {
		if (g->stopped || all) {
			*pp = g->next;
			proc_mgr_free(g->mgr);
			parent_hc_scripts_free(g->scripts);
			free(g);
		} else {
			pp = &g->next;
		}
	}
}

void
parent_health_reload(struct parent *p)
{
	struct health_gen *old = p->hgen;

	free_stopped(p, false);
	if (old != NULL)
		p->hgen = NULL;
	parent_health_start(p);		/* seeds from the carried-over states */
	if (old != NULL) {
		struct health_gen *cur = p->hgen;

		p->hgen = old;
		gen_retire(p, NULL, NULL);
		p->hgen = cur;
	}
}

void
parent_health_stop(struct parent *p, void (*done)(void *arg), void *arg)
{
	event_timer_cancel(&p->t_health);
	if (p->hgen == NULL) {
		done(arg);
		return;
	}
	gen_retire(p, done, arg);
}

int
parent_health_dump_req(struct parent *p)
{
	if (p->hgen == NULL)
		return -ENOTCONN;
	return proc_send(p->hgen->child, HC_MSG_DUMP_REQ, 0, -1, NULL, 0);
}

int
parent_health_pid(const struct parent *p)
{
	return p->hgen ? (int)proc_child_pid(p->hgen->child) : 0;
}

void
parent_health_free(struct parent *p)
{
	event_timer_cancel(&p->t_health);
	if (p->hgen != NULL) {
		proc_mgr_free(p->hgen->mgr);
		parent_hc_scripts_free(p->hgen->scripts);
		free(p->hgen);
		p->hgen = NULL;
	}
	free_stopped(p, true);
	free(p->hc_checked);
	p->hc_checked = NULL;
}
