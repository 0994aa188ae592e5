/* vrrp_child.h: the VRRP process of ipvsd (keepalived's VRRP child).
 *
 * vrrp_child_run builds the engine (vrrp_engine.h) on the configuration
 * the process inherited and runs it on its own event loop:
 *  - with a parent channel (@ipc_fd >= 0, daemon/vrrp_proto.h) it waits
 *    for VRRP_MSG_START (readiness may arrive first), reports every state
 *    change as VRRP_MSG_STATE, reloads on VRRP_MSG_RELOAD by reading
 *    @o->conf_file again with @o->config_id (the parent checked the same
 *    file first) and answers VRRP_MSG_DUMP_REQ with the engine's JSON;
 *    EOF on the channel (the parent is gone) stops it;
 *  - standalone (@ipc_fd -1, vrrp_main, tests/lab/progs/vrrp_probe) it
 *    starts at once.
 * SIGTERM/SIGINT stop it: every master sends priority 0 and removes its
 * addresses, notify_stop runs, unless @o->dont_release (-V, keepalived's
 * --dont-release-vrrp: nothing is sent, the addresses stay).  SIGUSR1 logs
 * the counters; SIGHUP is ignored (reloads come from the parent).
 */
#ifndef IPVSD_VRRP_CHILD_H
#define IPVSD_VRRP_CHILD_H

#include <stdbool.h>

#include "conf.h"
#include "event.h"

struct vrrp_child_opts {
	const char *conf_file;		/* NULL: VRRP_MSG_RELOAD is refused */
	const char *config_id;
	bool dont_release;		/* -V */
	enum conf_part part;		/* what a reload reads (the start tree's) */
};

/* vrrp_child_run: run until stopped; @conf must outlive the call (a reload
 * replaces it with a tree the child owns).  @o may be NULL (defaults).
 * 0, or -errno if the engine could not be built or started. */
int vrrp_child_run(struct event_loop *ev, int ipc_fd, const struct conf *conf,
		   const struct vrrp_child_opts *o);

#endif
