/* parent.h: the main process of ipvsd (keepalived's parent plus its LVS
 * side).
 *
 * The parent owns the kernel's IPVS table.  It loads keepalived.conf, runs
 * the reconciler (daemon/lvs*.c) whenever configuration, health or a drain
 * changes, runs quorum_up/quorum_down scripts, serves the control socket
 * (ctl_handlers.c), answers SIGHUP (reload.c), SIGUSR1/SIGUSR2 (dump.c) and
 * SIGTERM/SIGINT (stop), and supervises the health-check child and the
 * VRRP child (parent_vrrp.c).  With -P (lvs_disabled) it touches no IPVS
 * and runs no health child; with -C (vrrp_disabled) no VRRP child.
 *
 * The files parent.c, reload.c, ctl_handlers.c and dump.c share struct
 * parent; nothing outside them touches it.
 */
#ifndef IPVSD_PARENT_H
#define IPVSD_PARENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "conf.h"
#include "drain.h"
#include "event.h"
#include "lvs.h"
#include "notify_fifo.h"
#include "pidfile.h"
#include "script.h"

struct ctl_server;
struct health_gen;
struct parent_vrrp;
struct ipvs_nl;
struct smtp_alert;

/* Command line (main.c) as the parent needs it. */
struct parent_opts {
	const char *conf_file;
	const char *config_id;
	const char *pid_file;		/* main pid file */
	const char *checkers_pid_file;	/* written with our pid: we are the LVS side */
	const char *ctl_path;		/* control socket; NULL: CTL_DEFAULT_PATH */
	bool dont_release_ipvs;		/* -I: leave the table at stop */
	bool vrrp_disabled;		/* -C */
	bool lvs_disabled;		/* -P: no IPVS, no health child */
	const char *vrrp_pid_file;	/* written by the VRRP child */
	bool dont_release_vrrp;		/* -V: leave the VIPs at stop */
};

/* What the health side last said about one real server. */
struct parent_rs {
	char reason[161];		/* last transition's text (HC_TEXT_MAX + 1), "" if none */
	time_t since;			/* wall-clock time of the last change */
};

/* Counters shown by status and dumps. */
struct parent_stats {
	uint64_t syncs;			/* reconciliation passes */
	uint64_t ops_sent;		/* netlink operations sent, total */
	uint64_t ops_failed;
	uint64_t last_ops;		/* operations of the last pass */
	uint64_t reloads;		/* successful reloads */
	uint64_t reload_failures;
};

struct parent {
	const struct parent_opts *o;
	struct event_loop *loop;
	struct ipvs_nl *nl;
	struct conf *conf;
	struct lvs_health health;
	struct parent_rs *rs;		/* parallel to health.rs */
	bool *hc_checked;		/* parallel to health.rs: first round of
					 * checks done (HC_MSG_CHECKED) since the
					 * health child started; real servers
					 * without checkers: true.  Sized with rs
					 * (parent_health_checked_reset) */
	struct lvs_state state;
	/* The kernel table as the last pass left it (read once, then kept up
	 * to date by replaying the applied ops): later passes diff against it
	 * instead of reading every service back.  Dropped (read again) after a
	 * failed op or a transport error. */
	struct lvs_table kcache;
	bool kcache_ok;
	struct drain_set drains;
	bool first_sync_done;		/* READY=1 sent (after the first good pass) */
	bool stopping;
	int exit_code;
	struct ctl_server *ctl;
	struct health_gen *hgen;	/* running health child (parent_health.c) */
	struct health_gen *hgen_old;	/* retired ones, still stopping */
	struct parent_vrrp *vrrp;	/* the VRRP child (parent_vrrp.c) */
	struct event_timer t_health;	/* coalesces health results into one sync */
	struct pidfile pid_main, pid_check;
	struct event_signal s_hup, s_term, s_int, s_usr1, s_usr2;
	struct event_timer t_retry;	/* resync after a transport failure */
	struct ipvs_timeouts orig_timeouts;	/* before our first lvs_timeouts */
	bool timeouts_saved;
	struct script_set scripts;	/* quorum scripts */
	struct notify_fifo fifo, lvs_fifo;	/* notify_fifo, lvs_notify_fifo */
	struct smtp_alert *smtp;	/* mail alerts (smtp_lvs.c), NULL: none */
	struct parent_stats st;
	time_t started, last_reload;
	char last_reload_error[256];	/* first error of the last failed reload */
};

/* parent_run: the whole daemon life after the command line was parsed and
 * @conf loaded (ownership passes to the parent).  Returns the exit status. */
int parent_run(const struct parent_opts *o, struct conf *conf);

/* parent_sync: one reconciliation pass for @why ("start", "health", ...):
 * build the desired table (health, quorum, drains), diff against the
 * kernel (deleting services only @owned names, or everything not wanted if
 * @flush) and apply in one batch.  Runs the quorum scripts of the events.
 * Logs the number of operations.  0 or -errno (a retry is then scheduled). */
int parent_sync(struct parent *p, const struct lvs_table *owned, bool flush, const char *why);
/* parent_quorum_events: log each quorum event of @ev (indices into p->conf)
 * and run its quorum_up/quorum_down script, FIFO line and mail. */
void parent_quorum_events(struct parent *p, const struct lvs_events *ev);
/* parent_rs_state_init: size p->rs for p->health.  0 or -ENOMEM. */
int parent_rs_state_init(struct parent *p);
/* parent_apply_timeouts: global_defs lvs_timeouts; without them, the
 * values found before we first changed them are restored (keepalived). */
void parent_apply_timeouts(struct parent *p);
/* parent_restore_timeouts: at stop, put back the kernel's values. */
void parent_restore_timeouts(struct parent *p);
/* parent_report_conf: log what the configuration asks that ipvsd does not
 * do (static addresses, lvs_sync_daemon...). */
void parent_report_conf(const struct parent *p);

/* parent_notify.c: script policy and notify FIFOs. */
/* parent_notify_configure: script_user/enable_script_security and the
 * FIFOs of p->conf; at start and after each reload.  Problems are logged. */
void parent_notify_configure(struct parent *p);
/* parent_notify_rs / _vs: the RS / VS (quorum) FIFO lines of a transition. */
void parent_notify_rs(struct parent *p, size_t vs, size_t rs, bool up);
void parent_notify_vs(struct parent *p, size_t vs, bool up);
/* parent_notify_stop_rs: at stop, an omega virtual server's live real
 * servers: notify_down and "RS ... DOWN" (keepalived; not with a full
 * flush or -I). */
void parent_notify_stop_rs(struct parent *p, size_t vs);
/* parent_notify_reload_gone: before a reload replaces p->conf by @newc,
 * what keepalived does for what the new file drops: each live real server
 * gets its notify_down and "RS ... DOWN" line; a virtual server dropped
 * whole that had its quorum loses it (quorum_down, "VS ... DOWN", mail). */
void parent_notify_reload_gone(struct parent *p, const struct conf *newc);
void parent_notify_close(struct parent *p);

/* reload.c */
/* reload_run: reload the configuration file.  On a configuration error the
 * running configuration stays and the diagnostics are appended to @msg (if
 * non-NULL, a memstream).  0 on success, -EINVAL on configuration errors,
 * other -errno. */
int reload_run(struct parent *p, FILE *msg);

/* ctl_handlers.c: register every control request on p->ctl. */
int ctl_handlers_register(struct parent *p);

/* dump.c: the views of the running state.
 * dump_status: the text of `ipvsctl status` (instances, virtual and real
 *   servers with weight, health, drain and last reason, counters);
 * dump_json: the same data plus the kernel table with its counters, as
 *   one JSON object (`ipvsctl dump --json`);
 * dump_data / dump_stats: SIGUSR1 / SIGUSR2 write the configuration and
 *   state, or the kernel counters, to DUMP_DATA_FILE / DUMP_STATS_FILE,
 *   as keepalived writes /tmp/keepalived_check.data and
 *   /tmp/keepalived.stats (0 or -errno); SIGUSR1 also asks the children
 *   for theirs (DUMP_HEALTH_FILE, DUMP_VRRP_FILE: keepalived's VRRP
 *   process writes /tmp/keepalived.data). */
#define DUMP_DATA_FILE	"/tmp/ipvsd.data"
#define DUMP_STATS_FILE	"/tmp/ipvsd.stats"
void dump_status(const struct parent *p, FILE *f);
void dump_json(const struct parent *p, FILE *f);
int dump_data(const struct parent *p, const char *path);
int dump_stats(const struct parent *p, const char *path);

#endif
