/* parent_health.h: the parent's side of the health-check child.
 *
 * The health engine (health/health.h) runs in a child forked after the
 * configuration is parsed, so it inherits the tree; its results are keyed
 * by (vs_idx, rs_idx) of that tree (health/hc_proto.h).  Each child belongs
 * to a "generation" with its own proc manager: on reload a new generation
 * is forked with the new tree and seeded with the carried-over states
 * (HC_MSG_INIT_STATE), then the old one is stopped and its late messages
 * are ignored.  A child that dies is respawned by proc.c and seeded with
 * the current states, so the kernel table does not move.  Without any
 * checker in the configuration no child runs.
 */
#ifndef IPVSD_PARENT_HEALTH_H
#define IPVSD_PARENT_HEALTH_H

struct parent;

#define DUMP_HEALTH_FILE "/tmp/ipvsd_health.json"

/* parent_health_start: start checking p->conf (after the first sync). */
void parent_health_start(struct parent *p);
/* parent_health_reload: p->conf and p->health were just replaced. */
void parent_health_reload(struct parent *p);
/* parent_health_stop: at shutdown: stop every child, then call @done
 * (possibly at once). */
void parent_health_stop(struct parent *p, void (*done)(void *arg), void *arg);
/* parent_health_dump_req: ask the child for its state; it is written to
 * DUMP_HEALTH_FILE when it arrives.  -ENOTCONN if no child runs. */
int parent_health_dump_req(struct parent *p);
/* parent_health_pid: the running child's pid, 0 if none. */
int parent_health_pid(const struct parent *p);
/* parent_health_checked_reset: (re)size p->hc_checked for p->health, every
 * real server with a checker this engine runs "not yet checked", the
 * others checked (doc/failback.md).  Also done at each start of a health
 * child.  0 or -ENOMEM (then p->hc_checked is NULL, read as "all
 * checked", keepalived's behaviour). */
int parent_health_checked_reset(struct parent *p);
void parent_health_free(struct parent *p);

#endif
