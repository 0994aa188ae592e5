/* vrrp_track_run.h: the VRRP engine's tracking, sync groups and
 * notifications at run time (private to the engine: vrrp_engine*.c,
 * vrrp_track_run.c, vrrp_notify.c).
 *
 * The tracker owns, for the instances of one engine: the tracked objects
 * (interfaces through the engine's rtnetlink watch, vrrp_script processes
 * run through script.c, track_file files polled every second), what they
 * do to each instance (vrrp_track.h: fed to the FSM as VRRP_EV_PRIORITY,
 * VRRP_EV_IF_DOWN and VRRP_EV_IF_UP), the vrrp_sync_groups (vrrp_sync.h),
 * the notify scripts and notify FIFO lines, and vrrp_startup_delay.
 *
 * Engine hooks, in order of use:
 *   vrrp_tracker_new      after every instance is built
 *   vrrp_tracker_start    from vrrp_engine_start: starts scripts and file
 *                         polls, then the instances (after the startup
 *                         delay; an instance tracking a weight-0 script
 *                         starts once the script has reported)
 *   vrrp_tracker_rtnl     every rtnetlink event (tracked interfaces)
 *   vrrp_tracker_eval     the instance's own link changed (replaces a
 *                         direct IF_UP/IF_DOWN feed)
 *   vrrp_tracker_state    every FSM state change (notifies, sync group)
 *   vrrp_tracker_master_down  Master_Down timer fired: false = a sync group
 *                         holds it back, re-arm and do not feed the FSM
 *   vrrp_tracker_timer_armed  the FSM armed a timer
 *   vrrp_tracker_rx_lower master got a lower-priority advert
 *   vrrp_tracker_stop     after the instances stopped (group STOP)
 *   vrrp_tracker_free     engine free
 * On a reload, the engine frees the tracker and builds a new one once the
 * instances point at the new configuration, then calls
 * vrrp_tracker_start with @reload true (instances are not restarted).
 */
#ifndef IPVSD_VRRP_TRACK_RUN_H
#define IPVSD_VRRP_TRACK_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "event.h"
#include "notify_fifo.h"
#include "rtnl.h"
#include "vrrp_fsm.h"
#include "vrrp_track.h"

struct vrrp_engine;
struct vrrp_inst;
struct vrrp_tracker;

struct vrrp_trk_ref {
	struct vrrp_track_ref r;
	const char *name;	/* for messages */
	unsigned ifindex;	/* interface */
	size_t obj;		/* script / file index in the tracker */
};

struct vrrp_trk_inst {
	struct vrrp_trk_ref *refs;
	size_t n_refs;
	long group;		/* index in the tracker's groups, -1: none */
	bool own_fault;		/* link or tracked object (not the group) */
	bool fed_fault;		/* the FSM was told IF_DOWN */
	bool started;		/* VRRP_EV_STARTUP fed */
	bool want_master;	/* Master_Down fired, held by the sync group */
	bool notified;		/* instance notifies sent at least once */
	uint8_t prio;		/* effective priority fed to the FSM */
};

/* A running track script: its exit may come after a reload replaced the
 * tracker, so the job points here and this points at the script (NULL:
 * orphaned, the exit is dropped). */
struct vrrp_trk_run {
	struct vrrp_trk_script *s;
};

struct vrrp_trk_script {
	struct vrrp_tracker *t;
	struct vrrp_trk_run *run;	/* non-NULL while running */
	const struct conf_vrrp_script *cs;
	struct vrrp_track_script st;
	struct event_timer t_run, t_kill;
	pid_t pid;		/* > 0 while running */
	bool timed_out;
	bool used;
};

struct vrrp_trk_file {
	const struct conf_track_file *cf;
	int64_t value;
	bool seen;
	struct timespec mtime;
	off_t size;
	ino_t ino;
	bool used;
};

struct vrrp_trk_group {
	const struct conf_vrrp_group *cg;
	size_t *m;		/* member instance indexes */
	size_t n;
	enum vrrp_state state;
	unsigned depth;		/* propagation in progress */
};

struct vrrp_tracker {
	struct vrrp_engine *e;
	struct vrrp_trk_inst *ti;	/* one per engine instance */
	size_t n_ti;
	struct vrrp_trk_script *sc;
	size_t n_sc;
	struct vrrp_trk_file *fi;
	size_t n_fi;
	struct vrrp_trk_group *gr;
	size_t n_gr;
	struct event_timer t_files, t_startup;
	bool startable;			/* startup delay over */
	struct notify_fifo fifo[2];	/* notify_fifo, vrrp_notify_fifo */
};

/* vrrp_tracker_new: for the engine's current instances and conf.  @old
 * (NULL at startup; on reload the tracker being replaced) passes on the
 * results of scripts and files with the same names, and running scripts. */
int vrrp_tracker_new(struct vrrp_engine *e, struct vrrp_tracker *old,
		     struct vrrp_tracker **ret);
void vrrp_tracker_free(struct vrrp_tracker *t);
void vrrp_tracker_start(struct vrrp_tracker *t, bool reload);
void vrrp_tracker_stop(struct vrrp_tracker *t);
void vrrp_tracker_rtnl(struct vrrp_tracker *t, const struct rtnl_event *ev);
void vrrp_tracker_eval(struct vrrp_tracker *t, struct vrrp_inst *i);
void vrrp_tracker_state(struct vrrp_tracker *t, struct vrrp_inst *i,
			enum vrrp_state old, enum vrrp_state new_state);
bool vrrp_tracker_master_down(struct vrrp_tracker *t, struct vrrp_inst *i);
void vrrp_tracker_timer_armed(struct vrrp_tracker *t, struct vrrp_inst *i,
			      enum vrrp_timer which);
void vrrp_tracker_rx_lower(struct vrrp_tracker *t, struct vrrp_inst *i);

/* vrrp_sync_group_update: the group's state after its members moved
 * (a member entered @member_new); the group notifies on a change. */
void vrrp_sync_group_update(struct vrrp_tracker *t, struct vrrp_trk_group *g,
			    enum vrrp_state member_new);

/* ---- vrrp_notify.c ---- */
/* vrrp_notify_instance: notify_<state> (or notify_stop when @s is INIT),
 * then notify with "INSTANCE" name STATE priority, then the FIFO line. */
void vrrp_notify_instance(struct vrrp_tracker *t, struct vrrp_inst *i,
			  enum vrrp_state s);
/* vrrp_notify_group: the same for a sync group ("GROUP" ... 0). */
void vrrp_notify_group(struct vrrp_tracker *t, const struct vrrp_trk_group *g,
		       enum vrrp_state s);
/* vrrp_notify_rx_lower: notify_master_rx_lower_pri + MASTER_RX_LOWER_PRI. */
void vrrp_notify_rx_lower(struct vrrp_tracker *t, struct vrrp_inst *i);
/* vrrp_notify_priority: MASTER_PRIORITY / BACKUP_PRIORITY FIFO line when
 * notify_priority_changes (instance or global) is set. */
void vrrp_notify_priority(struct vrrp_tracker *t, struct vrrp_inst *i);
/* vrrp_notify_state_word: "MASTER", "BACKUP", "FAULT", "STOP" (INIT). */
const char *vrrp_notify_state_word(enum vrrp_state s);

#endif
