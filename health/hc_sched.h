/* hc_sched.h: when a checker runs, and when its verdict changes.
 *
 * Timing follows keepalived's checkers:
 *   - the first attempt starts after a random delay in [0, warmup]
 *     (warmup defaults to delay_loop; 0 disables it);
 *   - after a success, or after a failure of a checker that is already
 *     down, the next attempt is delay_loop later;
 *   - a failure of a checker that is up is retried @retry times, each
 *     delay_before_retry after the previous failure; only when the retries
 *     are used up does the checker go down (so "fall" is retry + 1);
 *   - a single success brings a down checker up ("rise" is 1);
 *   - with alpha the checker starts down, otherwise up.
 * Values cascade checker -> real_server -> virtual_server -> default:
 * delay_loop 60 s, connect_timeout 5 s, retry 1, delay_before_retry 3 s
 * for HTTP_GET/SSL_GET and 1 s otherwise; retry defaults to 0 for
 * MISC_CHECK and 3 for DNS_CHECK (keepalived's).  FILE_CHECK takes only
 * its own delay_loop (default 1 s: it polls the file), warmup (default 0)
 * and retry (default 0).
 *
 * struct hc_sched is the pure decision; struct hc_runner drives one
 * checker (struct hc_check) with it on the event loop.
 */
#ifndef IPVSD_HC_SCHED_H
#define IPVSD_HC_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#include "event.h"
#include "health/hc.h"

struct hc_timing {
	uint64_t delay_loop_us;
	uint64_t connect_timeout_us;
	uint64_t delay_before_retry_us;
	uint64_t warmup_us;
	unsigned retry;
	bool alpha;
};

/* hc_timing_resolve: the effective timing of @ck (see the cascade above). */
void hc_timing_resolve(struct hc_timing *t, const struct conf_vs *vs,
		       const struct conf_rs *rs, const struct conf_checker *ck);

enum hc_change { HC_CHANGE_NONE = 0, HC_CHANGE_UP, HC_CHANGE_DOWN };

struct hc_sched {
	struct hc_timing t;
	bool up;
	unsigned retry_it;	/* retries done since the last success */
};

void hc_sched_init(struct hc_sched *s, const struct hc_timing *t);
/* hc_sched_seed: force the state (reload carry-over); retries reset. */
void hc_sched_seed(struct hc_sched *s, bool up);
/* hc_sched_first_delay: warmup delay for a random value @rnd. */
uint64_t hc_sched_first_delay(const struct hc_sched *s, uint64_t rnd);
/* hc_sched_result: account one attempt; *next_us is the delay to the next
 * attempt.  Returns the transition it caused. */
enum hc_change hc_sched_result(struct hc_sched *s, bool ok, uint64_t *next_us);

/* ---- the runner ---- */
struct hc_runner;
typedef void hc_change_fn(struct hc_runner *r, enum hc_change ch, void *arg);

struct hc_runner {
	struct hc_sched s;
	struct hc_check chk;
	struct event_timer timer;
	bool in_flight;
	bool settled;			/* first verdict known: an attempt
					 * succeeded, or failures brought the
					 * checker down (HC_MSG_CHECKED) */
	enum hc_result last;		/* result of the last attempt; its
					 * reason stays in chk.detail (rewritten
					 * only when an attempt ends) */
	enum hc_wkind wkind;		/* last weight the checker reported */
	uint64_t n_ok, n_fail;
	uint64_t last_us;		/* loop time of the last result */
	int64_t wval;
	hc_change_fn *on_change;
	void *arg;
	/* optional (NULL after hc_runner_init): called once, with @arg,
	 * when settled becomes true, after any on_change of that attempt */
	void (*on_settled)(struct hc_runner *r, void *arg);
};

/* on_change is called with HC_CHANGE_UP/DOWN on a transition, and with
 * HC_CHANGE_NONE when only the reported weight (wkind/wval) changed. */
/* hc_runner_init: set up @r for @chk (copied; chk->done is taken over). */
void hc_runner_init(struct hc_runner *r, const struct hc_check *chk,
		    const struct hc_timing *t, hc_change_fn *cb, void *arg);
/* hc_runner_start: arm the first attempt after @first_us.  0 or -errno. */
int hc_runner_start(struct hc_runner *r, uint64_t first_us);
/* hc_runner_stop: cancel the timer and any attempt in flight. */
void hc_runner_stop(struct hc_runner *r);

#endif
