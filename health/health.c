/* health.c: the health-check child: one runner per supported checker,
 * real-server verdicts (up = all its checkers up), and the channel to the
 * parent (hc_proto.h).  The JSON dump lives in health_dump.c. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "daemon/conf.h"
#include "event.h"
#include "ipc.h"
#include "log.h"
#include "health/health.h"
#include "health/health_int.h"
#include "health/hc_proto.h"

static uint64_t
rnd_next(struct health *h)
{
	/* xorshift64*: spreading warmup delays only, not security */
	h->rnd ^= h->rnd >> 12;
	h->rnd ^= h->rnd << 25;
	h->rnd ^= h->rnd >> 27;
	return h->rnd * UINT64_C(2685821657736338717);
}

static bool
rs_all_up(const struct health *h, const struct hc_rsst *rs)
{
	size_t i;

	for (i = rs->first; i < rs->first + rs->n; i++)
		if (!h->item[i].r.s.up)
			return false;
	return true;
}

/* rs_weight: the weight the checkers of @rs ask for (MISC_CHECK
 * misc_dynamic sets it, FILE_CHECK offsets it), clamped to 0..65535; false
 * if none of them reported one (the configured weight applies). */
static bool
rs_weight(const struct health *h, const struct hc_rsst *rs, int64_t *ret)
{
	const struct conf_rs *crs = &h->conf->vs[rs->vs_idx].rs[rs->rs_idx];
	int64_t base = crs->weight == CONF_UNSET ? 1 : crs->weight, delta = 0;
	bool any = false;
	size_t i;

	for (i = rs->first; i < rs->first + rs->n; i++) {
		const struct hc_runner *r = &h->item[i].r;

		if (r->wkind == HC_W_SET)
			base = r->wval;
		else if (r->wkind == HC_W_DELTA)
			delta += r->wval;
		any = any || r->wkind != HC_W_KEEP;
	}
	base += delta;
	*ret = !any ? 0 : base < 0 ? 0 : base > 65535 ? 65535 : base;
	return any;
}

static void
send_result(struct health *h, const struct hc_rsst *rs, uint32_t checker_idx,
	    enum hc_result reason, const char *text)
{
	struct hc_msg_result m;
	int err;

	if (!h->ch)
		return;
	memset(&m, 0, sizeof(m));
	m.vs_idx = rs->vs_idx;
	m.rs_idx = rs->rs_idx;
	m.checker_idx = checker_idx;
	m.up = rs->up;
	m.has_weight = rs->has_w;
	m.weight = (int32_t)rs->w;
	m.reason = (uint16_t)reason;
	snprintf(m.text, sizeof(m.text), "%s", text);
	err = ipc_send(h->ch, HC_MSG_RESULT, 0, -1, &m, sizeof(m));
	if (err < 0)
		log_warnx("health: cannot send result: %s", strerror(-err));
}

/* HC_MSG_CHECKER: a checker transition that left its real server's state
 * as it was (mail alerts). */
static void
send_checker(struct health *h, const struct hc_rsst *rs, uint32_t checker_idx, bool up,
	     enum hc_result reason)
{
	struct hc_msg_checker m;
	int err;

	if (!h->ch)
		return;
	memset(&m, 0, sizeof(m));
	m.vs_idx = rs->vs_idx;
	m.rs_idx = rs->rs_idx;
	m.checker_idx = checker_idx;
	m.up = up;
	m.rs_up = rs->up;
	m.reason = (uint16_t)reason;
	err = ipc_send(h->ch, HC_MSG_CHECKER, 0, -1, &m, sizeof(m));
	if (err < 0)
		log_warnx("health: cannot send checker transition: %s", strerror(-err));
}

/* HC_MSG_CHECKED once every checker of @rs has its first verdict (after
 * the RESULT that verdict caused). */
static void
send_checked(struct health *h, struct hc_rsst *rs)
{
	struct hc_msg_checked m = { .vs_idx = rs->vs_idx, .rs_idx = rs->rs_idx };
	size_t i;
	int err;

	if (rs->checked)
		return;
	for (i = rs->first; i < rs->first + rs->n; i++)
		if (!h->item[i].r.settled)
			return;
	rs->checked = true;
	if (!h->ch)
		return;
	err = ipc_send(h->ch, HC_MSG_CHECKED, 0, -1, &m, sizeof(m));
	if (err < 0)
		log_warnx("health: cannot send checked: %s", strerror(-err));
}

static void
item_change(struct hc_runner *r, enum hc_change ch, void *arg)
{
	struct hc_item *it = arg;
	struct health *h = it->h;
	struct hc_rsst *rs = &h->rss[it->rs_i];
	bool up = rs_all_up(h, rs), has_w;
	int64_t w;

	if (ch != HC_CHANGE_NONE)
		log_info("%s %s", ch == HC_CHANGE_UP ? "checker up:" : "checker down:",
			 r->chk.detail);
	has_w = rs_weight(h, rs, &w);
	/* a checker seeded down whose very first attempt succeeds was most
	 * likely up before the reload: not a transition keepalived (which
	 * carries each checker's state) would mail */
	if (ch != HC_CHANGE_NONE && up == rs->up &&
	    !(ch == HC_CHANGE_UP && rs->seeded_down && r->n_ok == 1 && r->n_fail == 0))
		send_checker(h, rs, it->checker_idx, ch == HC_CHANGE_UP, r->last);
	if (up == rs->up && has_w == rs->has_w && w == rs->w)
		return;
	if (has_w != rs->has_w || w != rs->w)
		log_info("weight %lld: %s", (long long)w, r->chk.detail);
	rs->up = up;
	rs->has_w = has_w;
	rs->w = w;
	send_result(h, rs, it->checker_idx, r->last, r->chk.detail);
}

static void
item_settled(struct hc_runner *r, void *arg)
{
	struct hc_item *it = arg;

	(void)r;
	send_checked(it->h, &it->h->rss[it->rs_i]);
}

static size_t
count_checkers(const struct conf *conf, size_t *n_rs)
{
	size_t i, j, k, n = 0;

	*n_rs = 0;
	for (i = 0; i < conf->n_vs; i++)
		for (j = 0; j < conf->vs[i].n_rs; j++) {
			const struct conf_rs *rs = &conf->vs[i].rs[j];
			size_t m = 0;

			for (k = 0; k < rs->n_checker; k++)
				if (hc_ops_for(rs->checker[k].type))
					m++;
			n += m;
			*n_rs += m ? 1 : 0;
		}
	return n;
}

static int
item_init(struct health *h, struct hc_item *it, size_t rs_i, size_t vi,
	  size_t ri, size_t ci)
{
	const struct conf_vs *vs = &h->conf->vs[vi];
	const struct conf_rs *rs = &vs->rs[ri];
	const struct conf_checker *ck = &rs->checker[ci];
	struct hc_check chk = { .loop = h->loop, .ops = hc_ops_for(ck->type),
				.vs = vs, .rs = rs, .ck = ck, .scripts = &h->scripts };
	struct hc_timing t;
	int err;

	hc_timing_resolve(&t, vs, rs, ck);
	err = hc_target_resolve(&chk.tgt, rs, ck, t.connect_timeout_us);
	if (err < 0) {
		log_warnx("%s:%u: %s: no usable destination", ck->loc.file ? ck->loc.file : "?",
			  ck->loc.line, chk.ops->name);
		return err;
	}
	it->h = h;
	it->rs_i = rs_i;
	it->checker_idx = (uint32_t)ci;
	hc_runner_init(&it->r, &chk, &t, item_change, it);
	it->r.on_settled = item_settled;
	return 0;
}

static void
warn_unsupported(const struct conf_checker *ck)
{
	log_warnx("%s:%u: checker type %lld is not supported by this engine; ignored",
		  ck->loc.file ? ck->loc.file : "?", ck->loc.line, (long long)ck->type);
}

static int
build_rs(struct health *h, size_t vi, size_t ri)
{
	const struct conf_rs *rs = &h->conf->vs[vi].rs[ri];
	struct hc_rsst *st = &h->rss[h->n_rss];
	size_t k;
	int err;

	st->vs_idx = (uint32_t)vi;
	st->rs_idx = (uint32_t)ri;
	st->first = h->n_item;
	st->n = 0;
	for (k = 0; k < rs->n_checker; k++) {
		if (!hc_ops_for(rs->checker[k].type)) {
			warn_unsupported(&rs->checker[k]);
			continue;
		}
		err = item_init(h, &h->item[h->n_item], h->n_rss, vi, ri, k);
		if (err < 0)
			return err;
		h->n_item++;
		st->n++;
	}
	if (st->n == 0)
		return 0;
	st->up = rs_all_up(h, st);
	h->n_rss++;
	return 0;
}

int
health_build(struct health *h, struct event_loop *loop, const struct conf *conf)
{
	size_t n_rs, n, i, j;
	int err;

	memset(h, 0, sizeof(*h));
	h->loop = loop;
	h->conf = conf;
	h->scripts.conf = conf;
	h->rnd = ((uint64_t)getpid() << 32) ^ (uint64_t)time(NULL) ^ 0x9e3779b97f4a7c15ull;
	n = count_checkers(conf, &n_rs);
	h->item = calloc(n ? n : 1, sizeof(*h->item));
	h->rss = calloc(n_rs ? n_rs : 1, sizeof(*h->rss));
	if (!h->item || !h->rss) {
		health_free(h);
		return -ENOMEM;
	}
	for (i = 0; i < conf->n_vs; i++)
		for (j = 0; j < conf->vs[i].n_rs; j++) {
			err = build_rs(h, i, j);
			if (err < 0) {
				health_free(h);
				return err;
			}
		}
	return 0;
}

void
health_free(struct health *h)
{
	size_t i;

	for (i = 0; i < h->n_item; i++)
		hc_runner_stop(&h->item[i].r);
	hc_scripts_reset(&h->scripts);
	free(h->item);
	free(h->rss);
	h->item = NULL;
	h->rss = NULL;
	h->n_item = h->n_rss = 0;
}

int
health_seed(struct health *h, uint32_t vs_idx, uint32_t rs_idx, bool up)
{
	size_t i, k;

	if (h->started)
		return -EALREADY;
	for (i = 0; i < h->n_rss; i++) {
		struct hc_rsst *rs = &h->rss[i];

		if (rs->vs_idx != vs_idx || rs->rs_idx != rs_idx)
			continue;
		for (k = rs->first; k < rs->first + rs->n; k++)
			hc_sched_seed(&h->item[k].r.s, up);
		rs->up = up;
		rs->seeded_down = !up;
		return 0;
	}
	return -ENOENT;
}

int
health_start(struct health *h)
{
	size_t i;
	int err;

	if (h->started)
		return 0;
	h->started = true;
	for (i = 0; i < h->n_rss; i++)
		if (!h->rss[i].up)
			send_result(h, &h->rss[i], 0, HC_OK, "start state: down");
	for (i = 0; i < h->n_item; i++) {
		struct hc_runner *r = &h->item[i].r;

		err = hc_runner_start(r, hc_sched_first_delay(&r->s, rnd_next(h)));
		if (err < 0)
			return err;
	}
	return 0;
}
