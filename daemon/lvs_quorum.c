/* lvs_quorum.c: quorum with hysteresis, sorry_server, inhibit_on_failure
 * and weight arithmetic, following keepalived 2.2 check/ipwrapper.c. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lvs.h"

#define LVS_WEIGHT_MAX 65535

int
lvs_state_init(struct lvs_state *st, size_t n_vs)
{
	st->q = calloc(n_vs ? n_vs : 1, sizeof(*st->q));
	st->n_vs = st->q ? n_vs : 0;
	return st->q ? 0 : -ENOMEM;
}

void
lvs_state_free(struct lvs_state *st)
{
	free(st->q);
	st->q = NULL;
	st->n_vs = 0;
}

void
lvs_events_free(struct lvs_events *ev)
{
	free(ev->v);
	memset(ev, 0, sizeof(*ev));
}

static int
event_push(struct lvs_events *ev, const struct lvs_event *e)
{
	if (ev->n == ev->cap) {
		size_t cap = ev->cap ? ev->cap * 2 : 8;
		struct lvs_event *v = realloc(ev->v, cap * sizeof(*v));

		if (v == NULL)
			return -ENOMEM;
		ev->v = v;
		ev->cap = cap;
	}
	ev->v[ev->n++] = *e;
	return 0;
}

static int64_t
clamp_weight(int64_t w)
{
	return w < 0 ? 0 : w > LVS_WEIGHT_MAX ? LVS_WEIGHT_MAX : w;
}

int64_t
lvs_rs_weight(const struct conf_rs *rs, const struct lvs_rs_health *h)
{
	if (h != NULL && h->has_weight)
		return clamp_weight(h->weight);
	return clamp_weight(rs->weight == CONF_UNSET ? 1 : rs->weight);
}

int64_t
lvs_quorum_sum(const struct conf_vs *vs, const struct lvs_rs_health *h)
{
	int64_t sum = 0;
	size_t i;

	for (i = 0; i < vs->n_rs; i++)
		if (h[i].up)
			sum += lvs_rs_weight(&vs->rs[i], &h[i]);
	return sum;
}

int
lvs_quorum_update(const struct conf_vs *vs, uint32_t vs_idx, int64_t sum,
		  struct lvs_quorum *q, struct lvs_events *ev)
{
	int64_t quorum = vs->quorum == CONF_UNSET ? 1 : vs->quorum;
	int64_t hyst = vs->hysteresis == CONF_UNSET ? 0 : vs->hysteresis;
	struct lvs_event e = { .vs = vs_idx, .weight_sum = sum };

	if (!q->known) {
		q->known = true;
		q->up = sum >= quorum + hyst;
		e.init = true;
		e.threshold = quorum + hyst;
		/* keepalived starts every virtual server with its quorum down:
		 * reaching it at start is "Gained quorum" (quorum_up runs, the
		 * FIFOs get "VS ... UP"). */
		if (q->up) {
			e.type = LVS_EV_QUORUM_UP;
			return event_push(ev, &e);
		}
		if (vs->sorry == NULL)
			return 0;
		/* keepalived: "Starting with quorum down" puts the sorry
		 * server in and runs quorum_down. */
		e.type = LVS_EV_QUORUM_DOWN;
		return event_push(ev, &e);
	}
	if (!q->up && sum >= quorum + hyst) {
		q->up = true;
		e.type = LVS_EV_QUORUM_UP;
		e.threshold = quorum + hyst;
		return event_push(ev, &e);
	}
	if (q->up && (sum == 0 || sum < quorum - hyst)) {
		q->up = false;
		e.type = LVS_EV_QUORUM_DOWN;
		e.threshold = quorum - hyst;
		return event_push(ev, &e);
	}
	return 0;
}

int
lvs_quorum_stop_events(const struct conf *conf, struct lvs_events *ev)
{
	size_t i;
	int r;

	for (i = 0; i < conf->n_vs; i++) {
		const struct conf_vs *vs = &conf->vs[i];
		struct lvs_event e = {
			.type = LVS_EV_QUORUM_DOWN, .vs = (uint32_t)i, .stopping = true,
			.threshold = (vs->quorum == CONF_UNSET ? 1 : vs->quorum) -
				     (vs->hysteresis == CONF_UNSET ? 0 : vs->hysteresis),
		};

		if (vs->omega && (r = event_push(ev, &e)) < 0)
			return r;
	}
	return 0;
}

static bool
rs_inhibit(const struct conf_vs *vs, const struct conf_rs *rs)
{
	if (rs->inhibit_on_failure != CONF_UNSET)
		return rs->inhibit_on_failure != 0;
	return vs->inhibit_on_failure;
}

struct lvs_place
lvs_rs_place(const struct conf_vs *vs, const struct conf_rs *rs,
	     const struct lvs_rs_health *h, bool quorum_up)
{
	struct lvs_place p = { 0 };
	bool sorry_mode = !quorum_up && vs->sorry != NULL;

	if (h->up && !sorry_mode) {
		p.present = true;
		p.weight = (int32_t)lvs_rs_weight(rs, h);
	} else if (rs_inhibit(vs, rs)) {
		/* keepalived turns the removal of an inhibited server into
		 * an edit to weight 0, both on failure and in sorry mode. */
		p.present = true;
		p.weight = 0;
	}
	return p;
}

struct lvs_place
lvs_sorry_place(const struct conf_vs *vs, bool quorum_up)
{
	struct lvs_place p = { 0 };

	if (vs->sorry == NULL)
		return p;
	if (!quorum_up) {
		p.present = true;
		p.weight = (int32_t)lvs_rs_weight(vs->sorry, NULL);
	} else if (vs->sorry_inhibit) {
		p.present = true;
		p.weight = 0;
	}
	return p;
}

void
lvs_state_migrate(const struct conf *oldc, const struct lvs_state *olds,
		  const struct conf *newc, struct lvs_state *news)
{
	size_t i, k, n_old = oldc->n_vs < olds->n_vs ? oldc->n_vs : olds->n_vs;

	for (i = 0; i < newc->n_vs && i < news->n_vs; i++) {
		/* Same position first: a reload usually keeps the order. */
		if (i < n_old && lvs_vs_same(&oldc->vs[i], &newc->vs[i])) {
			news->q[i] = olds->q[i];
			continue;
		}
		for (k = 0; k < n_old; k++) {
			if (lvs_vs_same(&oldc->vs[k], &newc->vs[i])) {
				news->q[i] = olds->q[k];
				break;
			}
		}
	}
}
