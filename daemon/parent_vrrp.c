/* parent_vrrp.c: the parent's side of the VRRP child (see parent_vrrp.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "event.h"
#include "ipc.h"
#include "log.h"
#include "lvs_ready.h"
#include "parent.h"
#include "parent_vrrp.h"
#include "pidfile.h"
#include "proc.h"
#include "vrrp_child.h"
#include "vrrp_fsm.h"
#include "vrrp_handover.h"
#include "vrrp_proto.h"

#define STOP_TIMEOUT_MS 5000

struct parent_vrrp {
	struct parent *p;
	struct proc_mgr *mgr;
	struct proc_child *child;
	struct parent_vrrp_inst *inst;	/* parallel to tree->vrrp */
	size_t n;
	const struct conf *tree;	/* the tree @inst was built for */
	int last_reload;		/* 1: none answered yet */
	void (*done)(void *arg);	/* final stop */
	void *done_arg;
};

/* ---- the child ---- */

/* In the child: the tree inherited at fork time is the parent's current
 * one; the options come from the command line (struct parent_opts). */
static int
child_main(int fd, void *arg)
{
	struct parent *p = arg;
	struct vrrp_child_opts o = {
		.conf_file = p->o->conf_file, .config_id = p->o->config_id,
		.dont_release = p->o->dont_release_vrrp, .part = p->conf->part,
	};
	struct pidfile pf = PIDFILE_INIT;
	struct event_loop *ev = NULL;
	pid_t holder = 0;
	int r;

	if (p->o->vrrp_pid_file &&
	    (r = pidfile_create(p->o->vrrp_pid_file, &pf, &holder)) < 0)
		log_warnx("%s: %s", p->o->vrrp_pid_file, r == -EEXIST ?
			  "held by another running process" : strerror(-r));
	if ((r = event_loop_new(&ev)) < 0) {
		log_warnx("event loop: %s", strerror(-r));
		pidfile_remove(&pf);
		return 1;
	}
	r = vrrp_child_run(ev, fd, p->conf, &o);
	event_loop_free(ev);
	pidfile_remove(&pf);
	return r < 0 ? 1 : 0;
}

/* ---- instance table ---- */

static struct parent_vrrp_inst *
table_new(const struct conf *c, const struct parent_vrrp_inst *old, size_t n_old)
{
	struct parent_vrrp_inst *t = calloc(c->n_vrrp ? c->n_vrrp : 1, sizeof(*t));
	size_t k, j;

	if (t == NULL)
		return NULL;
	for (k = 0; k < c->n_vrrp; k++) {
		snprintf(t[k].name, sizeof(t[k].name), "%s",
			 c->vrrp[k].name ? c->vrrp[k].name : "");
		t[k].state = -1;
		t[k].ready = -1;
		for (j = 0; j < n_old; j++)
			if (strcmp(old[j].name, t[k].name) == 0) {
				t[k] = old[j];
				break;
			}
	}
	return t;
}

static struct parent_vrrp_inst *
table_find(struct parent_vrrp *v, size_t idx, const char *name)
{
	size_t k;

	if (idx < v->n && strcmp(v->inst[idx].name, name) == 0)
		return &v->inst[idx];
	for (k = 0; k < v->n; k++)
		if (strcmp(v->inst[k].name, name) == 0)
			return &v->inst[k];
	return NULL;
}

static void
table_unknown(struct parent_vrrp *v)
{
	size_t k;

	for (k = 0; k < v->n; k++) {
		v->inst[k].state = -1;
		v->inst[k].ready = -1;
		v->inst[k].held = 0;
	}
}

/* ---- messages ---- */

static void
on_start(struct proc_child *c, void *arg)
{
	struct parent_vrrp *v = arg;

	v->child = c;		/* on_start runs inside proc_spawn */
	table_unknown(v);
	parent_vrrp_ready_update(v->p);
	proc_send(c, VRRP_MSG_START, 0, -1, NULL, 0);
}

static void
on_state(struct parent_vrrp *v, const struct vrrp_msg_state *m)
{
	char name[VRRP_NAME_MAX];
	struct parent_vrrp_inst *in;

	memcpy(name, m->name, sizeof(name));
	name[sizeof(name) - 1] = '\0';
	if ((in = table_find(v, m->inst_idx, name)) == NULL) {
		log_debug("vrrp: state of unknown instance %s dropped", name);
		return;
	}
	if (in->state != m->state)
		in->transitions++;
	in->state = m->state;
	in->held = m->held;
	in->priority = m->priority;
	in->since = time(NULL);
	log_debug("vrrp: (%s) %s -> %s, priority %u, vips_held %s", name,
		  vrrp_state_str((enum vrrp_state)m->old_state),
		  vrrp_state_str((enum vrrp_state)m->state), m->priority,
		  vrrp_held_str((enum vrrp_held)m->held));
}

static void
write_dump(const char *text)
{
	FILE *f = fopen(DUMP_VRRP_FILE, "we");

	if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0) {
		log_warn("cannot write %s", DUMP_VRRP_FILE);
		return;
	}
	log_info("%s written", DUMP_VRRP_FILE);
}

static void
on_msg(struct proc_child *c, struct ipc_msg *msg, void *arg)
{
	struct parent_vrrp *v = arg;
	struct vrrp_msg_state st;
	const char *text;
	int32_t res;

	(void)c;
	switch (msg->type) {
	case VRRP_MSG_STATE:
		if (ipc_get(msg, &st, sizeof(st)) == 0)
			on_state(v, &st);
		else
			log_warnx("vrrp: malformed state message dropped");
		break;
	case VRRP_MSG_RELOADED:
		if (ipc_get(msg, &res, sizeof(res)) < 0)
			break;
		v->last_reload = res;
		if (res == 0)
			log_info("vrrp: reload applied by the VRRP child");
		else
			log_warnx("vrrp: the VRRP child kept its configuration: %s",
				  strerror(-res));
		break;
	case VRRP_MSG_DUMP:
		if (ipc_get_str(msg, &text) == 0)
			write_dump(text);
		break;
	default:
		log_warnx("vrrp: unknown message type %#x dropped", msg->type);
	}
}

static void
child_gone(struct proc_child *c, int status, void *arg)
{
	(void)c;
	(void)status;
	table_unknown(arg);
}

static const struct proc_ops vrrp_ops = { on_start, on_msg, child_gone };

/* ---- life cycle ---- */

static int
spawn(struct parent_vrrp *v)
{
	struct proc_conf pc = {
		.name = "vrrp", .main = child_main, .arg = v->p,
		.uid = (uid_t)-1, .gid = (gid_t)-1,
		/* full root, as keepalived's VRRP process: see parent_vrrp.h */
		.keep_caps = PROC_CAPS_ALL, .stop_order = 0,
	};
	int r;

	if ((r = proc_mgr_new(v->p->loop, &vrrp_ops, v, NULL, &v->mgr)) < 0 ||
	    (r = proc_spawn(v->mgr, &pc, &v->child)) < 0) {
		log_warnx("vrrp: cannot start the VRRP child: %s", strerror(-r));
		proc_mgr_free(v->mgr);
		v->mgr = NULL;
		v->child = NULL;
		return r;
	}
	return 0;
}

void
parent_vrrp_start(struct parent *p)
{
	const struct conf *c = p->conf;
	struct parent_vrrp *v;

	if (p->o->vrrp_disabled) {
		if (c->n_skipped > 0)
			log_info("vrrp: %zu VRRP block(s) not read (-C: LVS side only)",
				 c->n_skipped);
		return;
	}
	if (c->n_vrrp == 0) {
		log_info("vrrp: no vrrp_instance configured, no VRRP child");
		return;
	}
	if (p->vrrp == NULL && (p->vrrp = calloc(1, sizeof(*p->vrrp))) == NULL)
		return;
	v = p->vrrp;
	v->p = p;
	v->last_reload = 1;
	free(v->inst);
	v->n = 0;
	if ((v->inst = table_new(c, NULL, 0)) == NULL)
		return;
	v->n = c->n_vrrp;
	v->tree = c;
	if (spawn(v) == 0)
		log_info("vrrp: running %zu instance(s)", c->n_vrrp);
}

void
parent_vrrp_reload(struct parent *p)
{
	struct parent_vrrp *v = p->vrrp;
	struct parent_vrrp_inst *t;
	int r;

	if (p->o->vrrp_disabled)
		return;
	if (v == NULL || v->mgr == NULL) {
		parent_vrrp_start(p);
		return;
	}
	if ((t = table_new(p->conf, v->inst, v->n)) != NULL) {
		free(v->inst);
		v->inst = t;
		v->n = p->conf->n_vrrp;
		v->tree = p->conf;
	}
	v->last_reload = 1;
	r = proc_send(v->child, VRRP_MSG_RELOAD, 0, -1, NULL, 0);
	if (r < 0)	/* a respawned child inherits the new tree anyway */
		log_info("vrrp: reload not sent (%s): the child restarts with "
			 "the new configuration", strerror(-r));
	parent_vrrp_ready_update(p);
}

static void
stopped(void *arg)
{
	struct parent_vrrp *v = arg;
	void (*done)(void *) = v->done;

	v->done = NULL;
	if (done != NULL)
		done(v->done_arg);
}

void
parent_vrrp_stop(struct parent *p, void (*done)(void *arg), void *arg)
{
	struct parent_vrrp *v = p->vrrp;

	if (v == NULL || v->mgr == NULL) {
		done(arg);
		return;
	}
	v->done = done;
	v->done_arg = arg;
	proc_mgr_shutdown(v->mgr, STOP_TIMEOUT_MS, stopped, v);
}

int
parent_vrrp_dump_req(struct parent *p)
{
	if (p->vrrp == NULL || p->vrrp->child == NULL)
		return -ENOTCONN;
	return proc_send(p->vrrp->child, VRRP_MSG_DUMP_REQ, 0, -1, NULL, 0);
}

int
parent_vrrp_pid(const struct parent *p)
{
	return p->vrrp && p->vrrp->child ? (int)proc_child_pid(p->vrrp->child) : 0;
}

unsigned
parent_vrrp_restarts(const struct parent *p)
{
	return p->vrrp && p->vrrp->child ? proc_child_restarts(p->vrrp->child) : 0;
}

const struct parent_vrrp_inst *
parent_vrrp_inst(const struct parent *p, size_t k)
{
	if (p->vrrp == NULL || p->vrrp->mgr == NULL || k >= p->vrrp->n)
		return NULL;
	return &p->vrrp->inst[k];
}

int
parent_vrrp_last_reload(const struct parent *p)
{
	return p->vrrp ? p->vrrp->last_reload : 1;
}

void
parent_vrrp_free(struct parent *p)
{
	if (p->vrrp == NULL)
		return;
	proc_mgr_free(p->vrrp->mgr);
	free(p->vrrp->inst);
	free(p->vrrp);
	p->vrrp = NULL;
}

/* ---- readiness ---- */

void
parent_vrrp_ready_update(struct parent *p)
{
	struct parent_vrrp *v = p->vrrp;
	struct vrrp_msg_ready m;
	size_t k;
	bool ready;

	/* -P: never sent, which the child reads as ready (keepalived).  A
	 * table built for another tree waits for parent_vrrp_reload. */
	if (p->o->lvs_disabled || v == NULL || v->child == NULL ||
	    v->tree != p->conf || proc_child_pid(v->child) == 0)
		return;
	for (k = 0; k < v->n; k++) {
		ready = lvs_ready_instance(p->conf, &p->health, p->hc_checked, k);
		if (v->inst[k].ready == (int)ready)
			continue;
		memset(&m, 0, sizeof(m));
		m.inst_idx = (uint32_t)k;
		m.ready = ready ? 1 : 0;
		if (proc_send(v->child, VRRP_MSG_READY, 0, -1, &m, sizeof(m)) < 0)
			return;
		if (v->inst[k].ready >= 0 || !ready)
			log_info("vrrp: (%s) LVS side %s", v->inst[k].name, ready ?
				 "ready" : "not ready (first checks or quorum pending)");
		v->inst[k].ready = ready;
	}
}
