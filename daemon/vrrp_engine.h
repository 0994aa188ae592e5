/* vrrp_engine.h: the VRRP engine: one vrrp_fsm per vrrp_instance of the
 * configuration, wired to raw sockets (vrrp_sock), timers (event.h),
 * virtual addresses (vrrp_vip, rtnl) and gratuitous ARP/NA (vrrp_garp).
 *
 * Instances follow keepalived 2.2: the address family comes from the first
 * virtual address (else the unicast peers); the advert source is
 * mcast_src_ip / unicast_src_ip or the interface's primary IPv4 address
 * (IPv6: its link-local address); "state MASTER" makes the instance take
 * over at once after startup unless a better master answers; interface
 * down (or deleted) moves it to FAULT; a virtual address removed by hand
 * while master is put back; notify_master/backup/fault/stop and notify
 * ("INSTANCE" name state priority) scripts run on transitions.
 * Tracking (track_interface/script/file with weights), vrrp_sync_group,
 * notify FIFOs, notify_master_rx_lower_pri, vrrp_startup_delay and strict
 * mode: vrrp_track_run.h, vrrp_track.h, vrrp_sync.h, vrrp_strict.h.
 * use_vmac/vmac_xmit_base, virtual_routes/rules, accept/no_accept,
 * lvs_sync_daemon and static_ipaddress/routes/rules: vrrp_net.h.
 * Not implemented yet (a warning is logged when configured):
 * track_process, track_bfd;
 * gratuitous ARP/NA are sent only for addresses on the instance interface.
 */
#ifndef IPVSD_VRRP_ENGINE_H
#define IPVSD_VRRP_ENGINE_H

#include "conf.h"
#include "event.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct vrrp_engine;

/* vrrp_engine_new: build every instance of @conf (nothing is started).
 * @conf must outlive the engine.  0, or -errno after logging why. */
int vrrp_engine_new(struct event_loop *ev, const struct conf *conf,
		    struct vrrp_engine **ret);
/* vrrp_engine_start: open the rtnl watch and start every instance. */
int vrrp_engine_start(struct vrrp_engine *e);
/* vrrp_engine_stop: shut every instance down (a master sends priority 0
 * and removes its addresses), run notify_stop. */
void vrrp_engine_stop(struct vrrp_engine *e);
/* vrrp_engine_handover_begin: graceful stop, before vrrp_engine_stop
 * (vrrp_handover.h; global_defs vrrp_graceful_handover): masters send
 * priority 0 but keep their addresses, the other instances stop now.
 * Returns how many masters hand over (0: none, or switched off: call
 * vrrp_engine_stop at once); then @done(@arg) runs from the event loop
 * once all have let go, and vrrp_engine_stop finishes the stop. */
int vrrp_engine_handover_begin(struct vrrp_engine *e, void (*done)(void *arg),
			       void *arg);
void vrrp_engine_free(struct vrrp_engine *e);
/* vrrp_engine_log_stats: log per-instance and per-socket counters. */
void vrrp_engine_log_stats(const struct vrrp_engine *e);

/* ---- Contracts added for the parent's VRRP child (session 2). ---- */

/* Hooks towards the process that runs the engine (the VRRP child sends
 * them to the parent as VRRP_MSG_STATE, daemon/vrrp_proto.h). */
struct vrrp_engine_hooks {
	/* An instance changed state (also called once per instance right after
	 * vrrp_engine_start with old == VRRP_STATE_INIT). */
	void (*state)(void *arg, size_t inst_idx, const char *name, int old_state,
		      int new_state, unsigned priority);
	void *arg;
};
void vrrp_engine_set_hooks(struct vrrp_engine *e, const struct vrrp_engine_hooks *h);

/* vrrp_engine_set_ready: readiness of instance @inst_idx (see
 * vrrp_proto.h).  While not ready the instance does not preempt a live
 * master and does not claim mastership at startup while a master answers;
 * it still takes over when the master goes silent (Master_Down_Interval).
 * Instances start ready.  -ENOENT for a bad index. */
int vrrp_engine_set_ready(struct vrrp_engine *e, size_t inst_idx, bool ready);

/* vrrp_engine_reload: switch to @conf (which must outlive the engine):
 * instances with the same name keep their state, timers and addresses
 * (changed virtual addresses are added/removed in place); new instances
 * start; removed ones stop as at shutdown.  0 or -errno (then the engine
 * keeps running the old configuration). */
int vrrp_engine_reload(struct vrrp_engine *e, const struct conf *conf);

/* vrrp_engine_dump_json: instances (state, priorities, master, counters,
 * addresses) as one JSON object. */
void vrrp_engine_dump_json(const struct vrrp_engine *e, FILE *f);
/* vrrp_engine_inst_held: why instance @inst_idx holds its addresses now
 * (enum vrrp_held, vrrp_handover.h), or -ENOENT for a bad index. */
int vrrp_engine_inst_held(const struct vrrp_engine *e, size_t inst_idx);

/* vrrp_main: vrrp_child_run (daemon/vrrp_child.c) with default options:
 * run the engine on @ev until SIGTERM or SIGINT (or EOF on @ipc_fd, the
 * parent channel, daemon/vrrp_proto.h; -1 for standalone use: start at
 * once), then stop it.  SIGUSR1 logs the counters.
 * Returns 0, or -errno if it could not start. */
int vrrp_main(struct event_loop *ev, int ipc_fd, const struct conf *conf);

#endif
