/* health_int.h: the engine state shared by health.c (runners and
 * verdicts), health_dump.c (state dump) and health_main.c (the channel).
 * Internal to health/ and its tests. */
#ifndef IPVSD_HEALTH_INT_H
#define IPVSD_HEALTH_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "health/hc_sched.h"

struct conf;
struct event_loop;
struct ipc_chan;
struct health;

/* One supported checker of a real server. */
struct hc_item {
	struct hc_runner r;
	struct health *h;
	uint32_t rs_i;		/* index in health->rss */
	uint32_t checker_idx;	/* position in rs->checker[] */
};

/* A real server with at least one supported checker. */
struct hc_rsst {
	uint32_t vs_idx, rs_idx;
	uint32_t first, n;	/* its items: item[first .. first+n) */
	int64_t w;
	bool up;		/* last state reported (or the start state) */
	bool has_w;		/* last weight reported (hc_proto.h has_weight) */
	bool checked;		/* HC_MSG_CHECKED sent */
	bool seeded_down;	/* HC_MSG_INIT_STATE down: each checker's own
				 * state before it is unknown */
};

struct health {
	struct event_loop *loop;
	const struct conf *conf;
	struct ipc_chan *ch;	/* NULL: results are not sent (tests) */
	struct hc_item *item;	/* never reallocated: timers point into it */
	size_t n_item;
	struct hc_rsst *rss;
	size_t n_rss;
	bool started;
	uint64_t rnd;
	struct hc_scripts scripts;	/* MISC_CHECK requests to the parent */
};

/* health_build: runners for every supported checker of @conf (not yet
 * started).  0 or -errno (then @h is empty). */
int health_build(struct health *h, struct event_loop *loop,
		 const struct conf *conf);
void health_free(struct health *h);
/* health_seed: HC_MSG_INIT_STATE.  -ENOENT if that real server has no
 * supported checker, -EALREADY once started. */
int health_seed(struct health *h, uint32_t vs_idx, uint32_t rs_idx, bool up);
/* health_start: HC_MSG_START: report start states that are down, then arm
 * every runner after its warmup delay. */
int health_start(struct health *h);
/* health_dump: JSON text of every checker's state into @buf (always
 * NUL-terminated; entries that do not fit are left out and the object says
 * "truncated": true).  Returns the length. */
size_t health_dump(const struct health *h, char *buf, size_t cap);

#endif
