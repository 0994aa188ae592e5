/* proc.h: ipvsd's child processes (VRRP engine, health checker).
 *
 * The parent forks each child with its own SEQPACKET socketpair (lib/ipc.h).
 * In the child, before its main function runs: PR_SET_PDEATHSIG(SIGTERM)
 * (and exit if the parent is already gone), default signal dispositions
 * and an empty signal mask, every descriptor closed except 0-2 and the
 * channel, the process name set ("ipvsd-<name>"), then the privilege drop:
 * capability bounding set reduced to @keep_caps, supplementary groups,
 * setresgid/setresuid to the configured user, and the permitted/effective
 * sets cut to @keep_caps.  If any step fails the child exits with
 * PROC_EXIT_SETUP rather than run with more privilege than asked.
 *
 * In the parent, a manager tracks the children: a child that dies is logged
 * (exit code or signal) and respawned after an exponential backoff that
 * resets once a child has stayed up long enough; shutdown stops the
 * children one at a time in stop order: SIGTERM, then SIGKILL after a
 * timeout.
 */
#ifndef IPVSD_PROC_H
#define IPVSD_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct event_loop;
struct ipc_chan;
struct ipc_msg;
struct proc_mgr;
struct proc_child;

#define PROC_EXIT_SETUP	126	/* the child could not set itself up */

/* PROC_CAP(n): bit for capability number n (CAP_NET_RAW etc.). */
#define PROC_CAP(n)	(UINT64_C(1) << (n))
#define PROC_CAPS_ALL	UINT64_MAX

struct proc_conf {
	const char *name;	/* "vrrp", "health": logs and process name */
	/* child entry: runs in the child with its end of the channel; the
	 * return value is the exit status. */
	int (*main)(int ipc_fd, void *arg);
	void *arg;
	/* privileges: (uid_t)-1 keeps the uid/gid (root). */
	uid_t uid;
	gid_t gid;
	const gid_t *groups;	/* supplementary groups after the drop */
	size_t ngroups;
	uint64_t keep_caps;	/* PROC_CAP() mask kept; PROC_CAPS_ALL: no drop */
	bool no_new_privs;	/* PR_SET_NO_NEW_PRIVS */
	int stop_order;		/* lower stops first on shutdown */
};

struct proc_ops {
	/* on_start: a child (re)started; send it its configuration. */
	void (*on_start)(struct proc_child *c, void *arg);
	/* on_msg: a message from a child (dispatch with ipc_dispatch()). */
	void (*on_msg)(struct proc_child *c, struct ipc_msg *msg, void *arg);
	/* on_exit: a child died (already logged); optional. */
	void (*on_exit)(struct proc_child *c, int status, void *arg);
};

struct proc_backoff {
	unsigned min_ms;	/* first restart delay (default 100) */
	unsigned max_ms;	/* cap (default 30000) */
	unsigned stable_ms;	/* uptime that resets the delay (default 60000) */
};

/* proc_mgr_new: a manager on @loop.  @backoff may be NULL for defaults. */
int proc_mgr_new(struct event_loop *loop, const struct proc_ops *ops,
		 void *arg, const struct proc_backoff *backoff,
		 struct proc_mgr **ret);
/* proc_mgr_free: forget all children (does not signal them: call
 * proc_mgr_shutdown first).  NULL is a no-op. */
void proc_mgr_free(struct proc_mgr *m);

/* proc_spawn: fork a child described by @conf (copied, except the groups
 * array and @arg, which must outlive the manager).  0 and *ret (owned by
 * the manager), or -errno. */
int proc_spawn(struct proc_mgr *m, const struct proc_conf *conf,
	       struct proc_child **ret);

/* proc_send: ipc_send() to the child's current channel; -ENOTCONN while it
 * is down. */
int proc_send(struct proc_child *c, uint32_t type, uint32_t peer_id, int fd,
	      const void *data, size_t len);
/* proc_child_pid: its pid, 0 while down. */
pid_t proc_child_pid(const struct proc_child *c);
const char *proc_child_name(const struct proc_child *c);
/* proc_child_restarts: how many times it has been respawned. */
unsigned proc_child_restarts(const struct proc_child *c);

/* proc_mgr_shutdown: stop respawning and stop every child in stop order
 * (SIGTERM, SIGKILL after @timeout_ms), then call @done once all are gone
 * (possibly before returning, if none runs). */
void proc_mgr_shutdown(struct proc_mgr *m, unsigned timeout_ms,
		       void (*done)(void *arg), void *arg);

/* proc_setup_child: the in-child steps above, for a process forked by
 * other means (e.g. a notify script runner); @keep_fd stays open (or -1).
 * Returns 0 or -errno; on failure the caller must _exit(). */
int proc_setup_child(const struct proc_conf *conf, pid_t parent, int keep_fd);

#endif
