/* vrrp_track_run.c: tracked objects, sync groups and startup of the VRRP
 * engine's instances at run time (see vrrp_track_run.h; the rules are in
 * vrrp_track.h and vrrp_sync.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "script.h"
#include "smtp_vrrp.h"
#include "vrrp_engine_int.h"
#include "vrrp_sync.h"
#include "vrrp_track.h"
#include "vrrp_track_run.h"

#define FILE_POLL_US	US_PER_S

static size_t
inst_idx(const struct vrrp_tracker *t, const struct vrrp_inst *i)
{
	return (size_t)(i - t->e->inst);
}

static void
feed(struct vrrp_inst *i, enum vrrp_event ev, uint8_t prio)
{
	struct vrrp_fsm_input in = { .event = ev,
				     .now_us = event_now_us(i->e->ev),
				     .priority = prio };

	vrrp_fsm_input(&i->fsm, &in);
}

/* ---- building the references ---- */

static long
find_script(const struct vrrp_tracker *t, const char *name)
{
	size_t k;

	for (k = 0; k < t->n_sc; k++)
		if (strcmp(t->sc[k].cs->name, name) == 0)
			return (long)k;
	return -1;
}

static long
find_file(const struct vrrp_tracker *t, const char *name)
{
	size_t k;

	for (k = 0; k < t->n_fi; k++)
		if (strcmp(t->fi[k].cf->name, name) == 0)
			return (long)k;
	return -1;
}

static int
push_ref(struct vrrp_trk_inst *ti, const struct vrrp_trk_ref *r)
{
	struct vrrp_trk_ref *v = realloc(ti->refs, (ti->n_refs + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	ti->refs = v;
	v[ti->n_refs++] = *r;
	return 0;
}

/* One list of track items of @kind from @owner (instance or group). */
static int
add_refs(struct vrrp_tracker *t, struct vrrp_trk_inst *ti, const char *owner,
	 enum vrrp_track_kind kind, const struct conf_track *items, size_t n,
	 bool force_zero)
{
	unsigned ti_ifindex = t->e->inst[ti - t->ti].ifindex;
	size_t k;
	int r;

	for (k = 0; k < n; k++) {
		const struct conf_track *it = &items[k];
		struct vrrp_trk_ref ref = { .r.kind = kind, .name = it->name };
		int64_t ow = 0;
		bool orev = false;
		long o = 0;

		if (kind == VRRP_TRACK_SCRIPT) {
			if ((o = find_script(t, it->name)) < 0)
				continue;	/* conf_check reported it */
			ow = t->sc[o].cs->weight;
			orev = t->sc[o].cs->weight_reverse;
			t->sc[o].used = true;
			ref.r.state = t->sc[o].st.state;
		} else if (kind == VRRP_TRACK_FILE) {
			if ((o = find_file(t, it->name)) < 0)
				continue;
			ow = t->fi[o].cf->weight;
			orev = t->fi[o].cf->weight_reverse;
			t->fi[o].used = true;
			ref.r.value = t->fi[o].value;
		} else {
			ref.ifindex = if_nametoindex(it->name);
			ref.r.state = VRRP_TRACK_DOWN;
			if (ref.ifindex && ref.ifindex == ti_ifindex) {
				log_warnx("(%s) Ignoring track_interface %s since own "
					  "interface", owner, it->name);
				continue;
			}
		}
		ref.obj = (size_t)o;
		vrrp_track_weight(it->weight, it->reverse, CONF_UNSET, ow, orev,
				  force_zero, &ref.r.weight, &ref.r.reverse);
		if (force_zero && (it->weight != CONF_UNSET ? it->weight : ow))
			log_warnx("(%s) ignoring tracking weight of %s: member of a "
				  "sync group without sync_group_tracking_weight",
				  owner, it->name);
		if ((r = push_ref(ti, &ref)) < 0)
			return r;
	}
	return 0;
}

static int
inst_refs(struct vrrp_tracker *t, size_t k)
{
	const struct conf_vrrp *cv = t->e->inst[k].cv;
	struct vrrp_trk_inst *ti = &t->ti[k];
	const struct conf_vrrp_group *g = ti->group >= 0 ? t->gr[ti->group].cg : NULL;
	bool zero = g && !g->sync_group_tracking_weight && !g->global_tracking;
	int r;

	if ((r = add_refs(t, ti, cv->name, VRRP_TRACK_IF, cv->track_if,
			  cv->n_track_if, zero)) < 0 ||
	    (r = add_refs(t, ti, cv->name, VRRP_TRACK_SCRIPT, cv->track_script,
			  cv->n_track_script, zero)) < 0 ||
	    (r = add_refs(t, ti, cv->name, VRRP_TRACK_FILE, cv->track_file,
			  cv->n_track_file, zero)) < 0)
		return r;
	if (!g)
		return 0;
	if ((r = add_refs(t, ti, g->name, VRRP_TRACK_IF, g->track_if,
			  g->n_track_if, false)) < 0 ||
	    (r = add_refs(t, ti, g->name, VRRP_TRACK_SCRIPT, g->track_script,
			  g->n_track_script, false)) < 0)
		return r;
	return add_refs(t, ti, g->name, VRRP_TRACK_FILE, g->track_file,
			g->n_track_file, false);
}

static long
inst_by_name(const struct vrrp_engine *e, const char *name)
{
	size_t k;

	for (k = 0; k < e->n_inst; k++)
		if (e->inst[k].cv->name && strcmp(e->inst[k].cv->name, name) == 0)
			return (long)k;
	return -1;
}

/* keepalived: unknown members are ignored, an instance in two groups stays
 * in the first, a group of fewer than two members is dropped. */
static int
build_group(struct vrrp_tracker *t, const struct conf_vrrp_group *cg)
{
	struct vrrp_trk_group *g = &t->gr[t->n_gr];
	size_t j;
	long k;

	g->cg = cg;
	g->m = calloc(cg->group.n ? cg->group.n : 1, sizeof(*g->m));
	if (!g->m)
		return -ENOMEM;
	for (j = 0; j < cg->group.n; j++) {
		k = inst_by_name(t->e, cg->group.v[j]);
		if (k < 0 || t->ti[k].group >= 0)
			continue;
		g->m[g->n++] = (size_t)k;
		t->ti[k].group = (long)t->n_gr;
	}
	if (g->n < 2) {
		log_warnx("sync group %s has only %zu virtual router(s): removing",
			  cg->name, g->n);
		for (j = 0; j < g->n; j++)
			t->ti[g->m[j]].group = -1;
		free(g->m);
		memset(g, 0, sizeof(*g));
		return 0;
	}
	t->n_gr++;
	return 0;
}

static int
build_objects(struct vrrp_tracker *t)
{
	const struct conf *c = t->e->conf;
	size_t k;

	t->sc = calloc(c->n_vscript ? c->n_vscript : 1, sizeof(*t->sc));
	t->fi = calloc(c->n_tfile ? c->n_tfile : 1, sizeof(*t->fi));
	t->gr = calloc(c->n_vgroup ? c->n_vgroup : 1, sizeof(*t->gr));
	if (!t->sc || !t->fi || !t->gr)
		return -ENOMEM;
	for (k = 0; k < c->n_vscript; k++) {
		struct vrrp_trk_script *s = &t->sc[t->n_sc++];

		s->t = t;
		s->cs = &c->vscript[k];
		vrrp_track_script_init(&s->st, (unsigned)s->cs->rise,
				       (unsigned)s->cs->fall, s->cs->init_fail);
	}
	for (k = 0; k < c->n_tfile; k++)
		t->fi[t->n_fi++].cf = &c->tfile[k];
	return 0;
}

static void
open_fifos(struct vrrp_tracker *t)
{
	const struct conf_global *g = &t->e->conf->global;
	char err[256];

	/* script_user / enable_script_security for notify and track scripts */
	if (script_set_configure(&t->e->scripts, t->e->conf, err, sizeof(err)) < 0)
		log_warnx("VRRP scripts: %s", err);
	if (notify_fifo_open(&t->fifo[0], &g->notify_fifo, NULL, NULL, t->e->ev,
			     err, sizeof(err)) < 0)
		log_warnx("notify_fifo: %s", err);
	if (notify_fifo_open(&t->fifo[1], &g->vrrp_notify_fifo,
			     &g->vrrp_notify_fifo_script, &t->e->scripts,
			     t->e->ev, err, sizeof(err)) < 0)
		log_warnx("vrrp_notify_fifo: %s", err);
}

/* Reload: take over results (and a running script) by name from @old. */
static void
carry(struct vrrp_tracker *t, struct vrrp_tracker *old)
{
	size_t k, j;

	for (k = 0; old && k < t->n_sc; k++)
		for (j = 0; j < old->n_sc; j++) {
			struct vrrp_trk_script *n = &t->sc[k], *o = &old->sc[j];

			if (strcmp(n->cs->name, o->cs->name) != 0)
				continue;
			n->st.state = o->st.state;
			n->st.result = o->st.result < n->st.rise + n->st.fall ?
				       o->st.result : n->st.rise + n->st.fall - 1;
			if (o->run) {
				n->run = o->run;
				n->run->s = n;
				n->pid = o->pid;
				o->run = NULL;
			}
		}
	for (k = 0; old && k < t->n_fi; k++)
		for (j = 0; j < old->n_fi; j++)
			if (strcmp(t->fi[k].cf->name, old->fi[j].cf->name) == 0)
				t->fi[k].value = old->fi[j].value;
	for (k = 0; old && k < 2; k++) {	/* kept open: no new reader */
		t->fifo[k] = old->fifo[k];
		memset(&old->fifo[k], 0, sizeof(old->fifo[k]));
	}
}

int
vrrp_tracker_new(struct vrrp_engine *e, struct vrrp_tracker *old,
		 struct vrrp_tracker **ret)
{
	struct vrrp_tracker *t = calloc(1, sizeof(*t));
	size_t k;
	int r;

	if (!t)
		return -ENOMEM;
	t->e = e;
	t->ti = calloc(e->n_inst ? e->n_inst : 1, sizeof(*t->ti));
	if (!t->ti || (r = build_objects(t)) < 0) {
		r = -ENOMEM;
		goto fail;
	}
	carry(t, old);
	t->n_ti = e->n_inst;
	for (k = 0; k < e->n_inst; k++) {
		t->ti[k].group = -1;
		t->ti[k].prio = e->inst[k].fsm.priority;
	}
	for (k = 0; k < e->conf->n_vgroup; k++)
		if ((r = build_group(t, &e->conf->vgroup[k])) < 0)
			goto fail;
	for (k = 0; k < e->n_inst; k++)
		if ((r = inst_refs(t, k)) < 0)
			goto fail;
	open_fifos(t);
	*ret = t;
	return 0;
fail:
	vrrp_tracker_free(t);
	return r;
}

void
vrrp_tracker_free(struct vrrp_tracker *t)
{
	size_t k;

	if (!t)
		return;
	for (k = 0; t->sc && k < t->n_sc; k++) {
		event_timer_cancel(&t->sc[k].t_run);
		event_timer_cancel(&t->sc[k].t_kill);
		if (t->sc[k].run)
			t->sc[k].run->s = NULL;
	}
	event_timer_cancel(&t->t_files);
	event_timer_cancel(&t->t_startup);
	for (k = 0; t->ti && k < t->n_ti; k++)
		free(t->ti[k].refs);
	for (k = 0; k < t->n_gr; k++)
		free(t->gr[k].m);
	notify_fifo_close(&t->fifo[0]);
	notify_fifo_close(&t->fifo[1]);
	free(t->ti);
	free(t->sc);
	free(t->fi);
	free(t->gr);
	free(t);
}

/* ---- evaluation: tracked objects -> FSM ---- */

static void
set_fault(struct vrrp_tracker *t, size_t k, bool fault)
{
	struct vrrp_trk_inst *ti = &t->ti[k];

	if (fault == ti->fed_fault)
		return;
	ti->fed_fault = fault;
	feed(&t->e->inst[k], fault ? VRRP_EV_IF_DOWN : VRRP_EV_IF_UP, 0);
}

static void
group_faults(struct vrrp_tracker *t, struct vrrp_trk_group *g)
{
	bool any = false;
	size_t j;
	int pass;

	for (j = 0; j < g->n; j++)
		any = any || t->ti[g->m[j]].own_fault;
	/* keepalived order: the faulty members move first, then the others,
	 * then the group itself */
	g->depth++;
	for (pass = 0; pass < 2; pass++)
		for (j = 0; j < g->n; j++)
			if (t->ti[g->m[j]].own_fault == (pass == 0))
				set_fault(t, g->m[j], any);
	g->depth--;
	if (g->depth == 0)
		vrrp_sync_group_update(t, g, any ? VRRP_STATE_FAULT :
				       t->e->inst[g->m[0]].fsm.state);
}

static void start_inst(struct vrrp_tracker *t, size_t k);

static void
eval_inst(struct vrrp_tracker *t, size_t k)
{
	struct vrrp_inst *i = &t->e->inst[k];
	struct vrrp_trk_inst *ti = &t->ti[k];
	struct vrrp_track_sum sum = { 0 };
	uint8_t prio;
	size_t j;

	for (j = 0; j < ti->n_refs; j++)
		vrrp_track_ref_apply(&ti->refs[j].r, &sum);
	prio = vrrp_track_priority(i->fsm.base_priority, sum.delta);
	if (prio != ti->prio) {
		log_info("(%s) Changing effective priority from %u to %u",
			 vrrp_inst_name(i), ti->prio, prio);
		ti->prio = prio;
		feed(i, VRRP_EV_PRIORITY, prio);
		vrrp_notify_priority(t, i);
	}
	ti->own_fault = (!i->link_up && !i->cv->dont_track_primary) ||
			sum.faults > 0;
	if (ti->group >= 0)
		group_faults(t, &t->gr[ti->group]);
	else
		set_fault(t, k, ti->own_fault);
	if (!ti->started && t->startable && sum.init == 0)
		start_inst(t, k);
}

void
vrrp_tracker_eval(struct vrrp_tracker *t, struct vrrp_inst *i)
{
	if (t)
		eval_inst(t, inst_idx(t, i));
}

/* Update every reference matching @match and re-evaluate its instance. */
static void
update_refs(struct vrrp_tracker *t, enum vrrp_track_kind kind, size_t obj,
	    unsigned ifindex, enum vrrp_track_updown st, int64_t value)
{
	size_t k, j;

	for (k = 0; k < t->e->n_inst; k++) {
		struct vrrp_trk_inst *ti = &t->ti[k];
		bool hit = false;

		for (j = 0; j < ti->n_refs; j++) {
			struct vrrp_trk_ref *r = &ti->refs[j];

			if (r->r.kind != kind ||
			    (kind == VRRP_TRACK_IF ? r->ifindex != ifindex : r->obj != obj))
				continue;
			r->r.state = st;
			r->r.value = value;
			hit = true;
		}
		if (hit)
			eval_inst(t, k);
	}
}

/* ---- interfaces ---- */

static bool
link_up(const struct rtnl_link *l)
{
	return (l->flags & IFF_UP) && (l->flags & IFF_RUNNING);
}

static void
if_resync(struct vrrp_tracker *t)
{
	size_t k, j;

	for (k = 0; k < t->e->n_inst; k++)
		for (j = 0; j < t->ti[k].n_refs; j++) {
			struct vrrp_trk_ref *r = &t->ti[k].refs[j];
			struct rtnl_link l;

			if (r->r.kind != VRRP_TRACK_IF)
				continue;
			if (!r->ifindex)
				r->ifindex = if_nametoindex(r->name);
			r->r.state = r->ifindex &&
				     rtnl_link_get(t->e->rtnl, r->ifindex, &l) == 0 &&
				     link_up(&l) ? VRRP_TRACK_UP : VRRP_TRACK_DOWN;
		}
}

static void
if_rename(struct vrrp_tracker *t, const struct rtnl_link *l)
{
	size_t k, j;

	for (k = 0; k < t->n_ti; k++)
		for (j = 0; j < t->ti[k].n_refs; j++) {
			struct vrrp_trk_ref *r = &t->ti[k].refs[j];

			if (r->r.kind == VRRP_TRACK_IF &&
			    strncmp(r->name, l->name, sizeof(l->name)) == 0)
				r->ifindex = l->ifindex;
		}
}

void
vrrp_tracker_rtnl(struct vrrp_tracker *t, const struct rtnl_event *ev)
{
	size_t k;

	if (!t)
		return;
	if (ev->type == RTNL_EV_RESYNC) {
		if_resync(t);
		for (k = 0; k < t->e->n_inst; k++)
			eval_inst(t, k);
		return;
	}
	if (ev->type != RTNL_EV_LINK_NEW && ev->type != RTNL_EV_LINK_DEL)
		return;
	if (ev->type == RTNL_EV_LINK_NEW)	/* (re)created under its name */
		if_rename(t, &ev->link);
	update_refs(t, VRRP_TRACK_IF, 0, ev->link.ifindex,
		    ev->type == RTNL_EV_LINK_NEW && link_up(&ev->link) ?
		    VRRP_TRACK_UP : VRRP_TRACK_DOWN, 0);
}

/* ---- vrrp_script ---- */

static void sc_tick(struct event_timer *tm, void *arg);

static void
script_report(struct vrrp_trk_script *s, bool ok, const char *why)
{
	enum vrrp_track_updown old = s->st.state;

	if (!vrrp_track_script_result(&s->st, ok))
		return;
	if (s->st.state == VRRP_TRACK_UP)
		log_info("VRRP_Script(%s) succeeded", s->cs->name);
	else
		log_info("VRRP_Script(%s) failed (%s)%s", s->cs->name, why,
			 old == VRRP_TRACK_INIT ? " at its first run" : "");
	update_refs(s->t, VRRP_TRACK_SCRIPT, (size_t)(s - s->t->sc), 0,
		    s->st.state, 0);
}

static void
script_done(void *arg, pid_t pid, int status)
{
	struct vrrp_trk_run *run = arg;
	struct vrrp_trk_script *s = run->s;
	char why[64];
	bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;

	(void)pid;
	free(run);
	if (!s)
		return;		/* its tracker is gone */
	s->run = NULL;
	s->pid = 0;
	event_timer_cancel(&s->t_kill);
	if (s->timed_out)
		snprintf(why, sizeof(why), "timed out");
	else if (WIFEXITED(status))
		snprintf(why, sizeof(why), "exited with status %d", WEXITSTATUS(status));
	else
		snprintf(why, sizeof(why), "killed by signal %d",
			 WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	ok = ok && !s->timed_out;
	s->timed_out = false;
	script_report(s, ok, why);
}

static void
script_kill(struct event_timer *tm, void *arg)
{
	struct vrrp_trk_script *s = arg;

	(void)tm;
	if (!s->run || s->pid <= 0)
		return;
	s->timed_out = true;
	kill(-s->pid, SIGKILL);
	kill(s->pid, SIGKILL);
}

static void
sc_tick(struct event_timer *tm, void *arg)
{
	struct vrrp_trk_script *s = arg;
	struct vrrp_engine *e = s->t->e;
	int64_t to = s->cs->timeout != CONF_UNSET ? s->cs->timeout : s->cs->interval;
	char what[96];
	int r;

	(void)tm;
	event_timer_add_us(e->ev, &s->t_run, (uint64_t)s->cs->interval, sc_tick, s);
	if (s->run) {		/* still running: the timeout deals with it */
		if (!event_timer_armed(&s->t_kill))	/* carried by a reload */
			event_timer_add_us(e->ev, &s->t_kill, (uint64_t)to,
					   script_kill, s);
		return;
	}
	if (!(s->run = calloc(1, sizeof(*s->run)))) {
		script_report(s, false, strerror(ENOMEM));
		return;
	}
	s->run->s = s;
	snprintf(what, sizeof(what), "VRRP_Script(%s)", s->cs->name);
	r = script_run_cb(&e->scripts, e->ev, &s->cs->script, &s->cs->user, what,
			  script_done, s->run, &s->pid);
	if (r < 0) {
		free(s->run);
		s->run = NULL;
		s->pid = 0;
		script_report(s, false, strerror(-r));
		return;
	}
	event_timer_add_us(e->ev, &s->t_kill, (uint64_t)to, script_kill, s);
}

/* ---- track_file ---- */

static void
file_init(const struct vrrp_trk_file *f)
{
	struct stat st;
	char buf[32];
	int fd, n;

	if (!f->cf->init_file || !f->cf->file)
		return;
	if (stat(f->cf->file, &st) == 0 && !f->cf->init_overwrite)
		return;
	fd = open(f->cf->file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		log_warnx("track_file %s: cannot create %s: %s", f->cf->name,
			  f->cf->file, strerror(errno));
		return;
	}
	n = snprintf(buf, sizeof(buf), "%lld\n", (long long)f->cf->init_value);
	if (write(fd, buf, (size_t)n) != n)
		log_warnx("track_file %s: write %s: %s", f->cf->name, f->cf->file,
			  strerror(errno));
	close(fd);
}

static int64_t
file_read(const char *path)
{
	char buf[64];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return vrrp_track_file_parse(buf);
}

static void
file_poll_one(struct vrrp_tracker *t, size_t k)
{
	struct vrrp_trk_file *f = &t->fi[k];
	struct stat st = { 0 };
	bool exists = stat(f->cf->file, &st) == 0;
	int64_t v;

	if (f->seen && exists && st.st_ino == f->ino && st.st_size == f->size &&
	    st.st_mtim.tv_sec == f->mtime.tv_sec &&
	    st.st_mtim.tv_nsec == f->mtime.tv_nsec)
		return;
	f->ino = st.st_ino;
	f->size = st.st_size;
	f->mtime = st.st_mtim;
	v = exists ? file_read(f->cf->file) : 0;
	if (f->seen && v == f->value)
		return;
	if (f->seen)
		log_info("track_file %s: value %lld", f->cf->name, (long long)v);
	f->seen = true;
	f->value = v;
	update_refs(t, VRRP_TRACK_FILE, k, 0, VRRP_TRACK_UP, v);
}

static void
files_poll(struct event_timer *tm, void *arg)
{
	struct vrrp_tracker *t = arg;
	size_t k;

	(void)tm;
	for (k = 0; k < t->n_fi; k++)
		if (t->fi[k].used && t->fi[k].cf->file)
			file_poll_one(t, k);
	event_timer_add_us(t->e->ev, &t->t_files, FILE_POLL_US, files_poll, t);
}

/* ---- start / stop ---- */

static void
start_inst(struct vrrp_tracker *t, size_t k)
{
	struct vrrp_inst *i = &t->e->inst[k];

	t->ti[k].started = true;
	feed(i, VRRP_EV_STARTUP, 0);
}

static void
start_all(struct event_timer *tm, void *arg)
{
	struct vrrp_tracker *t = arg;
	size_t k;

	(void)tm;
	for (k = 0; k < t->e->n_inst; k++)
		eval_inst(t, k);	/* faults and priorities first */
	t->startable = true;
	/* keepalived: a sync group announces its initial state first */
	for (k = 0; k < t->n_gr; k++)
		if (t->gr[k].state == VRRP_STATE_INIT) {
			t->gr[k].state = t->ti[t->gr[k].m[0]].fed_fault ?
					 VRRP_STATE_FAULT : VRRP_STATE_BACKUP;
			vrrp_notify_group(t, &t->gr[k], t->gr[k].state);
		}
	for (k = 0; k < t->e->n_inst; k++)
		eval_inst(t, k);
}

void
vrrp_tracker_start(struct vrrp_tracker *t, bool reload)
{
	int64_t delay = t->e->conf->global.vrrp_startup_delay;
	size_t k;

	smtp_vrrp_configure(t->e->ev, t->e->conf);	/* mail alerts, start and reload */
	for (k = 0; k < t->n_fi; k++)
		if (t->fi[k].used)
			file_init(&t->fi[k]);
	if_resync(t);
	for (k = 0; k < t->n_sc; k++)
		if (t->sc[k].used)
			sc_tick(&t->sc[k].t_run, &t->sc[k]);
	files_poll(&t->t_files, t);
	if (reload) {
		for (k = 0; k < t->e->n_inst; k++) {
			const struct vrrp_fsm *f = &t->e->inst[k].fsm;

			t->ti[k].started = f->state != VRRP_STATE_INIT;
			t->ti[k].notified = t->ti[k].started;
			t->ti[k].fed_fault = f->fault;
		}
		for (k = 0; k < t->n_gr; k++)
			t->gr[k].state = t->e->inst[t->gr[k].m[0]].fsm.state;
		start_all(&t->t_startup, t);
		return;
	}
	if (delay > 0) {
		log_info("Delaying startup for %.1f seconds (vrrp_startup_delay)",
			 (double)delay / US_PER_S);
		for (k = 0; k < t->e->n_inst; k++)
			eval_inst(t, k);	/* priorities and faults only */
		event_timer_add_us(t->e->ev, &t->t_startup, (uint64_t)delay,
				   start_all, t);
		return;
	}
	start_all(&t->t_startup, t);
}

void
vrrp_tracker_stop(struct vrrp_tracker *t)
{
	size_t k;

	if (!t)
		return;
	event_timer_cancel(&t->t_startup);
	for (k = 0; k < t->n_gr; k++) {
		t->gr[k].state = VRRP_STATE_INIT;
		vrrp_notify_group(t, &t->gr[k], VRRP_STATE_INIT);
	}
}
