/* vrrp_proto.h: messages between the parent and the VRRP child.
 *
 * Transport is lib/ipc.h (one SEQPACKET datagram per message), as for the
 * health child (health/hc_proto.h): fixed layouts read with ipc_get() at
 * their exact size, host byte order (both ends are the same binary).
 *
 * Indices: inst_idx is the position in conf->vrrp[] of the tree the child
 * was forked with (the child inherits the parent's parsed struct conf, as
 * the health child does).  A reload forks a new tree in the child too: see
 * VRRP_MSG_RELOAD.
 *
 * Sequence:
 *   parent -> child  VRRP_MSG_READY * n     (before START: the readiness
 *                                            of each instance, see below;
 *                                            again whenever it changes)
 *   parent -> child  VRRP_MSG_START         (instances start)
 *   child  -> parent VRRP_MSG_STATE         (every transition of an
 *                                            instance, and once per
 *                                            instance after START; after
 *                                            a reload once per kept
 *                                            instance with old == new,
 *                                            for its new priority)
 *   parent -> child  VRRP_MSG_RELOAD        (SIGHUP / control reload: the
 *                                            child re-reads the file itself
 *                                            and applies the difference in
 *                                            place, keeping the state of
 *                                            instances that still exist)
 *   child  -> parent VRRP_MSG_RELOADED      (int32 result: 0 or -errno;
 *                                            on error the child keeps
 *                                            running the old tree)
 *   parent -> child  VRRP_MSG_DUMP_REQ
 *   child  -> parent VRRP_MSG_DUMP          (NUL-terminated JSON text,
 *                                            vrrp_engine_dump_json; the
 *                                            parent writes it to
 *                                            /tmp/ipvsd_vrrp.json)
 *
 * The options the child needs (file, -i config id, -V) are inherited at
 * fork (daemon/vrrp_child.h), never sent.  The parent sends RELOAD only
 * for a file it loaded without errors; if the child is down at that
 * moment, its respawn inherits the new tree.  EOF on the channel stops
 * the child (the parent is gone).
 *
 * Readiness (issue "failback without an outage"): an instance whose
 * virtual addresses front virtual servers is "ready" once each of those
 * virtual servers has finished its first round of checks and meets its
 * quorum.  The parent computes it (daemon/lvs_ready.h) and sends
 * VRRP_MSG_READY; the child passes it to vrrp_engine_set_ready().  An
 * instance that fronts no virtual server is always ready.  Readiness not
 * yet sent counts as ready, so -P (no LVS side) behaves like keepalived.
 */
#ifndef IPVSD_VRRP_PROTO_H
#define IPVSD_VRRP_PROTO_H

#include <stdint.h>

enum vrrp_msg_type {
	VRRP_MSG_START = 0x5601,	/* parent -> child, no payload */
	VRRP_MSG_READY = 0x5602,	/* parent -> child, struct vrrp_msg_ready */
	VRRP_MSG_RELOAD = 0x5603,	/* parent -> child, no payload */
	VRRP_MSG_DUMP_REQ = 0x5604,	/* parent -> child, no payload */
	VRRP_MSG_STATE = 0x5681,	/* child -> parent, struct vrrp_msg_state */
	VRRP_MSG_RELOADED = 0x5682,	/* child -> parent, int32_t */
	VRRP_MSG_DUMP = 0x5683,		/* child -> parent, NUL-terminated text */
};

#define VRRP_NAME_MAX 64		/* instance name, NUL-terminated */

struct vrrp_msg_ready {
	uint32_t inst_idx;
	uint8_t ready;			/* 1 ready, 0 hold */
	uint8_t pad[3];
};

struct vrrp_msg_state {
	uint32_t inst_idx;		/* in the child's current tree */
	uint8_t state;			/* enum vrrp_state */
	uint8_t old_state;
	uint8_t priority;		/* effective priority */
	uint8_t held;			/* enum vrrp_held (vrrp_handover.h):
					 * why the addresses are held; also
					 * sent with old == state when only
					 * this changes */
	char name[VRRP_NAME_MAX];	/* instance name (the index may refer
					 * to a tree the parent no longer has
					 * after a reload: match by name) */
};

#endif
