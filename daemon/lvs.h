/* lvs.h: the IPVS reconciler of ipvsd.
 *
 * Pure core, no I/O except lvs_apply()/lvs_kernel_load():
 *
 *   conf + health + quorum state --lvs_desired_build--> desired table (+ events)
 *   current table + desired table + owned table --lvs_diff--> ordered op list
 *   op list --lvs_apply--> ipvs_batch requests, per-op failures
 *
 * Behaviour follows keepalived 2.2 (check/ipwrapper.c, check/ipvswrapper.c);
 * see doc/reconciler.md for the rules and the ownership model.
 */
#ifndef IPVSD_LVS_H
#define IPVSD_LVS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf.h"
#include "ipvs_nl.h"
#include "lvs_table.h"

/* ---- health input (lvs_health.c) ----
 * One entry per real server of each virtual_server, keyed by the indices
 * (vs, rs) into conf->vs[vs].rs[rs].  A virtual_server_group expands to many
 * kernel services: they all share the real server's one health entry, as
 * keepalived runs one set of checkers per real server. */
struct lvs_rs_health {
	bool up;		/* every checker up (no checker: always up) */
	bool has_weight;	/* MISC_CHECK misc_dynamic gave a weight */
	int64_t weight;		/* that weight, used instead of the configured one */
};

struct lvs_health {
	size_t n_vs;
	size_t *first;		/* rs[first[vs] + i] is conf->vs[vs].rs[i]; n_vs + 1 entries */
	struct lvs_rs_health *rs;
};

/* lvs_health_init: size @h for @conf and set every real server to its
 * start state (lvs_rs_initial_up).  0 or -ENOMEM. */
int lvs_health_init(struct lvs_health *h, const struct conf *conf);
void lvs_health_free(struct lvs_health *h);
/* lvs_health_at: the entry of conf->vs[vs].rs[rs], or NULL if out of range. */
struct lvs_rs_health *lvs_health_at(const struct lvs_health *h, size_t vs, size_t rs);
/* lvs_rs_initial_up: a real server without checkers is up; with checkers it
 * starts down if alpha applies (checker, else real server, else
 * virtual_server alpha), up otherwise. */
bool lvs_rs_initial_up(const struct conf_vs *vs, const struct conf_rs *rs);
/* lvs_vs_same: @a and @b are the same virtual_server (address, port and
 * protocol; fwmark and family; or group name and protocol), as keepalived
 * matches them across a reload. */
bool lvs_vs_same(const struct conf_vs *a, const struct conf_vs *b);
/* lvs_rs_same: the same real server (address and port), as keepalived's
 * rs_iseq matches them across a reload. */
bool lvs_rs_same(const struct conf_rs *a, const struct conf_rs *b);
/* lvs_vs_find, lvs_rs_find: index of the virtual_server of @c (real server
 * of @vs) matching @key, trying @hint first (a reload usually keeps the
 * order, which makes a whole walk linear); SIZE_MAX if none (or @vs NULL). */
size_t lvs_vs_find(const struct conf *c, const struct conf_vs *key, size_t hint);
size_t lvs_rs_find(const struct conf_vs *vs, const struct conf_rs *key, size_t hint);
/* lvs_health_migrate: on reload, copy the health of every real server
 * (same address and port in the same virtual_server) from @oldh to @newh,
 * which lvs_health_init set up for @newc.  New servers keep their start
 * state. */
void lvs_health_migrate(const struct conf *oldc, const struct lvs_health *oldh,
			const struct conf *newc, struct lvs_health *newh);

/* ---- quorum state and events (lvs_quorum.c) ---- */
struct lvs_quorum {
	bool known;		/* false until the first lvs_desired_build */
	bool up;
};

/* lvs_rs_live (lvs_health.c): a real server keepalived counts as alive and
 * set in the table: up by its checkers (@h), and not taken out for the
 * sorry_server of a lost quorum (@q, NULL: unknown). */
bool lvs_rs_live(const struct conf_vs *vs, const struct lvs_rs_health *h,
		 const struct lvs_quorum *q);

/* Per-virtual_server state that must survive between builds. */
struct lvs_state {
	struct lvs_quorum *q;
	size_t n_vs;
};

int lvs_state_init(struct lvs_state *st, size_t n_vs);
void lvs_state_free(struct lvs_state *st);
/* lvs_state_migrate: on reload, carry each virtual_server's quorum state
 * over to the same virtual_server of @newc (keepalived copies
 * quorum_state_up); new ones start unknown. */
void lvs_state_migrate(const struct conf *oldc, const struct lvs_state *olds,
		       const struct conf *newc, struct lvs_state *news);

enum lvs_event_type {
	LVS_EV_QUORUM_UP,	/* run quorum_up */
	LVS_EV_QUORUM_DOWN,	/* run quorum_down */
};

struct lvs_event {
	enum lvs_event_type type;
	uint32_t vs;		/* index into conf->vs */
	bool init;		/* state found at start, not a transition */
	bool stopping;		/* emitted by lvs_quorum_stop_events */
	int64_t weight_sum;	/* live weight */
	int64_t threshold;	/* quorum +/- hysteresis compared against */
};

struct lvs_events {
	struct lvs_event *v;
	size_t n, cap;
};

void lvs_events_free(struct lvs_events *ev);

/* lvs_rs_weight: the weight of a live real server: the dynamic weight if
 * any, else the configured one, clamped to 0..65535. */
int64_t lvs_rs_weight(const struct conf_rs *rs, const struct lvs_rs_health *h);
/* lvs_quorum_sum: sum of the weights of the live real servers of @vs;
 * @h points to the health entry of vs->rs[0]. */
int64_t lvs_quorum_sum(const struct conf_vs *vs, const struct lvs_rs_health *h);
/* lvs_quorum_update: advance @q with @sum as keepalived does:
 *   first call:  up = sum >= quorum + hysteresis; if down and the VS has a
 *                sorry_server, a QUORUM_DOWN event with init set;
 *   up -> down:  sum == 0 or sum < quorum - hysteresis;
 *   down -> up:  sum >= quorum + hysteresis.
 * Each transition appends one event.  0 or -ENOMEM. */
int lvs_quorum_update(const struct conf_vs *vs, uint32_t vs_idx, int64_t sum,
		      struct lvs_quorum *q, struct lvs_events *ev);
/* lvs_quorum_stop_events: at stop, one QUORUM_DOWN (stopping set) for each
 * virtual_server with omega set: keepalived runs quorum_down at exit only
 * for those.  0 or -ENOMEM. */
int lvs_quorum_stop_events(const struct conf *conf, struct lvs_events *ev);

/* Where a server goes in the table. */
struct lvs_place {
	bool present;
	int32_t weight;
};
/* lvs_rs_place: real server @rs with health @h, given the quorum state.
 * Sorry mode (quorum down and a sorry_server configured) takes live real
 * servers out; a server out of the pool stays with weight 0 if
 * inhibit_on_failure applies (real server's setting, else the VS's). */
struct lvs_place lvs_rs_place(const struct conf_vs *vs, const struct conf_rs *rs,
			      const struct lvs_rs_health *h, bool quorum_up);
/* lvs_sorry_place: the sorry_server is in with its weight while quorum is
 * down, and in with weight 0 otherwise if sorry_server_inhibit. */
struct lvs_place lvs_sorry_place(const struct conf_vs *vs, bool quorum_up);

/* ---- desired table (lvs_desired.c) ---- */
/* lvs_desired_build: fill @out (empty on entry, finished on return) with
 * the table @conf asks for given @h, advancing @st (sized for conf->n_vs)
 * and appending quorum events to @ev.  0, -ENOMEM, or -EINVAL if @h or @st
 * do not match @conf. */
int lvs_desired_build(const struct conf *conf, const struct lvs_health *h,
		      struct lvs_state *st, struct lvs_table *out, struct lvs_events *ev);
/* lvs_services_build: the services @conf mentions, with every real server
 * and the sorry server whatever their health: the set of entries ipvsd owns
 * for this configuration (see doc/reconciler.md).  0 or -ENOMEM. */
int lvs_services_build(const struct conf *conf, struct lvs_table *out);

/* ---- diff (lvs_diff.c) ---- */
struct lvs_op {
	enum ipvs_op op;	/* SVC_ADD/EDIT/DEL, DEST_ADD/EDIT/DEL, FLUSH */
	struct ipvs_service svc;
	struct ipvs_dest dest;	/* DEST_* only */
};

struct lvs_ops {
	struct lvs_op *v;
	size_t n, cap;
};

void lvs_ops_free(struct lvs_ops *ops);

/* lvs_diff: the operations that turn @cur (the kernel) into @want.
 * Services of @want missing from @cur are added; those present are adopted
 * and edited only where they differ; their destinations are made to match
 * @want exactly.  A service of @cur missing from @want is deleted only if
 * @owned (the services of the previous configuration, may be NULL) has it,
 * or if @flush: then every service of @cur not wanted is deleted.
 * Order: SVC_ADD, SVC_EDIT, DEST_DEL, DEST_EDIT, DEST_ADD, SVC_DEL.
 * All tables must be finished.  The ops are appended to @ops.  0 or
 * -ENOMEM (@ops then unchanged). */
int lvs_diff(const struct lvs_table *cur, const struct lvs_table *want,
	     const struct lvs_table *owned, bool flush, struct lvs_ops *ops);
/* lvs_diff_stop: what to do at stop: one FLUSH if @flush_onstop, else one
 * SVC_DEL for each service of @owned present in @cur. */
int lvs_diff_stop(const struct lvs_table *cur, const struct lvs_table *owned,
		  bool flush_onstop, struct lvs_ops *ops);
/* lvs_op_name: "SVC_ADD", ... for logs and tests. */
const char *lvs_op_name(enum ipvs_op op);

/* ---- apply (lvs_apply.c) ---- */
struct lvs_apply_err {
	size_t index;		/* into the op list */
	enum ipvs_op op;
	int err;		/* -errno */
	char extack[96];	/* kernel's text, "" if none */
};

struct lvs_apply_result {
	size_t sent;
	size_t failed;
	struct lvs_apply_err *err;	/* failed entries, malloc'ed */
	size_t n_err;			/* <= failed (allocation may cap it) */
};

/* lvs_apply: queue every op of @ops on one ipvs_batch of @nl and commit.
 * Returns 0 with @res filled (failed ops listed there), or -errno if the
 * batch could not be built or the transport failed (@res then says how far
 * it got).  Free @res with lvs_apply_result_free. */
int lvs_apply(struct ipvs_nl *nl, const struct lvs_ops *ops, struct lvs_apply_result *res);
void lvs_apply_result_free(struct lvs_apply_result *res);

/* lvs_sync: one reconciliation pass: read the kernel (lvs_kernel_load),
 * diff against @want (finished) with @owned/@flush as lvs_diff, apply.
 * Returns 0 with @res filled (res->sent == 0: nothing to do), or -errno
 * from reading the kernel, diffing, or the transport. */
int lvs_sync(struct ipvs_nl *nl, const struct lvs_table *want, const struct lvs_table *owned,
	     bool flush, struct lvs_apply_result *res);

/* ---- replay (lvs_cache.c) ---- */
/* lvs_table_apply_ops: change @t (finished) as the kernel changes when
 * every op of @ops succeeds, so that a table read once can stand for the
 * kernel afterwards without reading it back (the parent's kernel cache).
 * The entries written are the ops' own (desired) values.  0, -ENOENT if an
 * edit or delete names an entry @t lacks (the table then no longer
 * describes the kernel), -ENOMEM.  Adds are not checked for duplicates
 * (the kernel refuses those, and a failed op drops the cache).  @t is
 * finished on success. */
int lvs_table_apply_ops(struct lvs_table *t, const struct lvs_ops *ops);

/* ---- kernel (lvs_kernel.c) ---- */
/* lvs_kernel_load: read every service and destination into @out (empty on
 * entry, finished on return).  0 or -errno. */
int lvs_kernel_load(struct ipvs_nl *nl, struct lvs_table *out);

#endif
