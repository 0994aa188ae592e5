/* vrrp_notify.c: VRRP notify scripts and notify FIFO lines, keepalived
 * 2.2's (vrrp_notify.c there):
 *   notify_master|backup|fault|stop SCRIPT [user [group]]: SCRIPT as given;
 *   notify SCRIPT [user [group]]: SCRIPT's words + "INSTANCE"|"GROUP", the
 *	name, MASTER|BACKUP|FAULT|STOP and the priority (0 for a group);
 *   FIFO: INSTANCE "name" STATE prio / GROUP "name" STATE 0, plus
 *	MASTER_RX_LOWER_PRI and MASTER_PRIORITY/BACKUP_PRIORITY events.
 * The first word of a notify option is the command (split at blanks when
 * quoted with arguments); the words after it are the user and group. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "script.h"
#include "smtp_vrrp.h"
#include "vrrp_engine_int.h"
#include "vrrp_track_run.h"

#define NOTIFY_MAX_WORDS 64

const char *
vrrp_notify_state_word(enum vrrp_state s)
{
	switch (s) {
	case VRRP_STATE_MASTER: return "MASTER";
	case VRRP_STATE_BACKUP: return "BACKUP";
	case VRRP_STATE_FAULT: return "FAULT";
	case VRRP_STATE_INIT: return "STOP";
	default: return "{UNKNOWN}";
	}
}

/* Run @opt ("command [user [group]]") with @extra words appended. */
static void
run_opt(struct vrrp_tracker *t, const struct conf_strv *opt, char *const *extra,
	size_t n_extra, const char *what)
{
	struct conf_strv cmd = { opt->v, 1 }, user = { NULL, 0 };
	char *words[NOTIFY_MAX_WORDS];
	struct conf_strv full = { words, 0 };
	char **argv = NULL;
	size_t k;
	int r;

	if (opt->n == 0)
		return;
	if (opt->n > 1) {
		user.v = opt->v + 1;
		user.n = opt->n - 1;
	}
	if (n_extra) {
		if (script_split(&cmd, &argv) < 0)
			return;
		for (k = 0; argv[k] && full.n < NOTIFY_MAX_WORDS - n_extra; k++)
			words[full.n++] = argv[k];
		for (k = 0; k < n_extra; k++)
			words[full.n++] = extra[k];
		cmd = full;
	}
	r = script_run_as(&t->e->scripts, t->e->ev, &cmd, &user, what);
	if (r < 0)
		log_warnx("%s: cannot start: %s", what, strerror(-r));
	script_argv_free(argv);
}

static void
fifo_line(struct vrrp_tracker *t, bool group, const char *name,
	  const char *state, int prio)
{
	struct notify_fifo *f[2] = { &t->fifo[0], &t->fifo[1] };

	notify_fifo_vrrp(f, 2, group, name, state, prio);
}

static const struct conf_strv *
inst_script(const struct conf_vrrp *cv, enum vrrp_state s)
{
	switch (s) {
	case VRRP_STATE_MASTER: return &cv->notify_master;
	case VRRP_STATE_BACKUP: return &cv->notify_backup;
	case VRRP_STATE_FAULT: return &cv->notify_fault;
	case VRRP_STATE_INIT: return &cv->notify_stop;
	default: return NULL;
	}
}

static const struct conf_strv *
group_script(const struct conf_vrrp_group *cg, enum vrrp_state s)
{
	switch (s) {
	case VRRP_STATE_MASTER: return &cg->notify_master;
	case VRRP_STATE_BACKUP: return &cg->notify_backup;
	case VRRP_STATE_FAULT: return &cg->notify_fault;
	case VRRP_STATE_INIT: return &cg->notify_stop;
	default: return NULL;
	}
}

static void
notify_common(struct vrrp_tracker *t, const struct conf_strv *script,
	      const struct conf_strv *generic, bool group, const char *name,
	      enum vrrp_state s, int prio)
{
	const char *st = vrrp_notify_state_word(s);
	char what[160], pbuf[12];
	char *extra[4];

	snprintf(pbuf, sizeof(pbuf), "%d", prio);
	extra[0] = (char *)(uintptr_t)(group ? "GROUP" : "INSTANCE");
	extra[1] = (char *)(uintptr_t)name;
	extra[2] = (char *)(uintptr_t)st;
	extra[3] = pbuf;
	if (script && script->n) {
		snprintf(what, sizeof(what), "notify_%s of %s%s",
			 s == VRRP_STATE_INIT ? "stop" :
			 s == VRRP_STATE_MASTER ? "master" :
			 s == VRRP_STATE_BACKUP ? "backup" : "fault",
			 group ? "group " : "", name);
		run_opt(t, script, NULL, 0, what);
	}
	if (generic->n) {
		snprintf(what, sizeof(what), "notify of %s%s", group ? "group " : "", name);
		run_opt(t, generic, extra, 4, what);
	}
	fifo_line(t, group, name, st, prio);
}

void
vrrp_notify_instance(struct vrrp_tracker *t, struct vrrp_inst *i,
		     enum vrrp_state s)
{
	notify_common(t, inst_script(i->cv, s), &i->cv->notify, false,
		      vrrp_inst_name(i), s, i->fsm.priority);
	smtp_vrrp_instance(t->e->conf, i->cv, vrrp_inst_name(i), s);
}

void
vrrp_notify_group(struct vrrp_tracker *t, const struct vrrp_trk_group *g,
		  enum vrrp_state s)
{
	notify_common(t, group_script(g->cg, s), &g->cg->notify, true,
		      g->cg->name, s, 0);
	smtp_vrrp_group(t->e->conf, g->cg, s);
}

void
vrrp_notify_rx_lower(struct vrrp_tracker *t, struct vrrp_inst *i)
{
	char what[160];

	if (i->cv->notify_master_rx_lower_pri.n) {
		snprintf(what, sizeof(what), "notify_master_rx_lower_pri of %s",
			 vrrp_inst_name(i));
		run_opt(t, &i->cv->notify_master_rx_lower_pri, NULL, 0, what);
	}
	fifo_line(t, false, vrrp_inst_name(i), "MASTER_RX_LOWER_PRI",
		  i->fsm.priority);
}

void
vrrp_notify_priority(struct vrrp_tracker *t, struct vrrp_inst *i)
{
	long g = t->ti[i - t->e->inst].group;

	/* keepalived: the instance's, else its sync group's, else global */
	if (!i->cv->notify_priority_changes &&
	    !(g >= 0 && t->gr[g].cg->notify_priority_changes) &&
	    !t->e->conf->global.vrrp_notify_priority_changes)
		return;
	fifo_line(t, false, vrrp_inst_name(i),
		  i->fsm.state == VRRP_STATE_MASTER ? "MASTER_PRIORITY"
						    : "BACKUP_PRIORITY",
		  i->fsm.priority);
}
