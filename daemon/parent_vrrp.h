/* parent_vrrp.h: the parent's side of the VRRP child (keepalived's VRRP
 * process).
 *
 * When the configuration has vrrp_instance blocks and -C is not given, the
 * parent forks the VRRP child through proc.c; it inherits the parsed tree
 * and the command-line options (daemon/vrrp_child.h) and runs the engine
 * as root with every capability: like keepalived's VRRP process it needs
 * raw sockets, rtnetlink, and notify scripts that commonly call `ip`,
 * `arping` or service managers and expect root; a reduced set would break
 * such scripts silently.  The child writes its own pid file (-r, default
 * /run/ipvsd/vrrp.pid, keepalived's /run/vrrp.pid) and removes it at stop.
 * A child that dies is respawned by proc.c (backoff); the engine then
 * starts every instance in BACKUP (unless "state MASTER"), after removing
 * the addresses a killed predecessor left, as keepalived does, so a
 * respawn cannot leave two masters.
 *
 * Protocol: daemon/vrrp_proto.h.  The parent keeps the last reported state
 * of each instance of its current tree (matched by name) for `ipvsctl
 * status` and the dumps.  A reload that the parent accepted is passed on
 * as VRRP_MSG_RELOAD; a configuration with errors never reaches the child.
 * Shutdown stops the VRRP child first (masters send priority 0 and remove
 * their addresses, unless -V), then the health child, then the IPVS table
 * is cleaned (parent.c).
 */
#ifndef IPVSD_PARENT_VRRP_H
#define IPVSD_PARENT_VRRP_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "vrrp_proto.h"

struct parent;

#define DUMP_VRRP_FILE "/tmp/ipvsd_vrrp.json"

/* What the parent knows of one instance of p->conf. */
struct parent_vrrp_inst {
	char name[VRRP_NAME_MAX];
	int state;		/* enum vrrp_state, -1 while not reported */
	unsigned priority;	/* effective, as last reported */
	int ready;		/* last readiness sent: -1 none, 0, 1 */
	time_t since;		/* wall-clock time of the last report */
	int held;		/* enum vrrp_held (vrrp_handover.h), as
				 * last reported: 0 none */
	unsigned long long transitions;
};

/* parent_vrrp_start: fork the child if p->conf has instances and VRRP is
 * not disabled (-C). */
void parent_vrrp_start(struct parent *p);
/* parent_vrrp_reload: p->conf was just replaced: rebuild the instance
 * table (states kept by name) and send VRRP_MSG_RELOAD (or start the
 * child if it was not running and now has instances). */
void parent_vrrp_reload(struct parent *p);
/* parent_vrrp_ready_update: compute each instance's readiness
 * (lvs_ready_instance) and send VRRP_MSG_READY for every change. */
void parent_vrrp_ready_update(struct parent *p);
/* parent_vrrp_stop: at shutdown: stop the child, then call @done
 * (possibly at once). */
void parent_vrrp_stop(struct parent *p, void (*done)(void *arg), void *arg);
/* parent_vrrp_dump_req: ask the child for its state; written to
 * DUMP_VRRP_FILE when it arrives.  -ENOTCONN if no child runs. */
int parent_vrrp_dump_req(struct parent *p);
/* parent_vrrp_pid: the child's pid, 0 if none runs. */
int parent_vrrp_pid(const struct parent *p);
/* parent_vrrp_restarts: how many times the child was respawned. */
unsigned parent_vrrp_restarts(const struct parent *p);
/* parent_vrrp_inst: instance @k of p->conf as last reported (NULL if out
 * of range or VRRP is not running). */
const struct parent_vrrp_inst *parent_vrrp_inst(const struct parent *p, size_t k);
/* parent_vrrp_last_reload: the child's answer to the last reload: 0, or
 * -errno (1 while none is pending or done). */
int parent_vrrp_last_reload(const struct parent *p);
void parent_vrrp_free(struct parent *p);

#endif
