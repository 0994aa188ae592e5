/* vrrp_handover_run.c: the engine side of the graceful master stop
 * (decisions: vrrp_handover.c; behaviour: vrrp_handover.h).  Each master
 * instance has its own handover (sync group members too: each waits for
 * the new master of its own VRID); the engine's done callback runs once
 * none is left. */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>

#include "log.h"
#include "vrrp_engine.h"
#include "vrrp_engine_int.h"
#include "vrrp_fsm.h"
#include "vrrp_handover.h"

static uint64_t
now_us(const struct vrrp_inst *i)
{
	return event_now_us(i->e->ev);
}

static void
check_done(struct vrrp_engine *e)
{
	void (*done)(void *arg) = e->ho_done;
	size_t k;

	for (k = 0; k < e->n_inst; k++)
		if (vrrp_handover_active(&e->inst[k].ho))
			return;
	e->ho_done = NULL;
	if (done)
		done(e->ho_arg);
}

static void ho_timer(struct event_timer *t, void *arg);

static void
ho_arm(struct vrrp_inst *i)
{
	uint64_t next = vrrp_handover_next(&i->ho), now = now_us(i);

	if (next == 0) {
		event_timer_cancel(&i->t_ho);
		return;
	}
	event_timer_add_us(i->e->ev, &i->t_ho, next > now ? next - now : 0,
			   ho_timer, i);
}

/* The FSM left MASTER on its own (a fault): nothing left to hand over. */
static void
ho_abandon(struct vrrp_inst *i)
{
	i->ho.phase = VRRP_HO_DONE;
	event_timer_cancel(&i->t_ho);
	vrrp_inst_report(i);	/* its transition said "stopping" */
	check_done(i->e);
}

static void
ho_release(struct vrrp_inst *i)
{
	const struct vrrp_handover *h = &i->ho;
	struct vrrp_fsm_input in = { .event = VRRP_EV_SHUTDOWN,
				     .now_us = now_us(i) };
	unsigned long long ms = (in.now_us - h->start_us) / 1000u;
	char buf[INET6_ADDRSTRLEN] = "?";

	event_timer_cancel(&i->t_ho);
	if (h->by_peer) {
		inet_ntop(h->peer.family, h->peer.addr, buf, sizeof(buf));
		log_info("(%s) handover: %s is master (priority %u): releasing "
			 "the addresses after %llu ms", vrrp_inst_name(i), buf,
			 h->peer_priority, ms);
	} else {
		log_info("(%s) handover: no new master within %llu ms: "
			 "releasing the addresses", vrrp_inst_name(i), ms);
	}
	vrrp_fsm_input(&i->fsm, &in);	/* MASTER -> INIT, addresses go */
	check_done(i->e);
}

static void
ho_timer(struct event_timer *t, void *arg)
{
	struct vrrp_inst *i = arg;
	uint64_t now = now_us(i);
	enum vrrp_ho_action a;

	(void)t;
	if (!i->fsm.handover) {
		ho_abandon(i);
		return;
	}
	while ((a = vrrp_handover_tick(&i->ho, now)) == VRRP_HO_RESEND)
		vrrp_fsm_handover(&i->fsm, now);	/* priority 0 again */
	if (a == VRRP_HO_RELEASE)
		ho_release(i);
	else
		ho_arm(i);
}

bool
vrrp_inst_handover_rx(struct vrrp_inst *i, const struct vrrp_adv *adv)
{
	if (!vrrp_handover_active(&i->ho))
		return false;
	if (!i->fsm.handover) {
		ho_abandon(i);
		return false;
	}
	if (vrrp_handover_advert(&i->ho, &adv->src, adv->priority,
				 now_us(i)) == VRRP_HO_RELEASE)
		ho_release(i);
	else
		ho_arm(i);
	return true;
}

static int
ho_begin(struct vrrp_inst *i)
{
	uint64_t now = now_us(i);

	if (vrrp_fsm_handover(&i->fsm, now) < 0)
		return -1;
	/* no more GARP/NA for our addresses: they would pull the clients
	 * back from the new master */
	vrrp_garp_sched_stop(&i->gs);
	event_timer_cancel(&i->t_garp);
	vrrp_handover_start(&i->ho, i->fsm.cfg.adver_int_us,
			    i->fsm.cfg.down_timer_adverts, now);
	log_info("(%s) graceful stop: priority 0 sent, keeping the addresses "
		 "until a new master advertises (at most %llu ms)",
		 vrrp_inst_name(i),
		 (unsigned long long)(i->ho.deadline_us - now) / 1000u);
	ho_arm(i);
	vrrp_inst_report(i);	/* still MASTER: vips_held "stopping" */
	return 0;
}

int
vrrp_engine_handover_begin(struct vrrp_engine *e, void (*done)(void *arg),
			   void *arg)
{
	struct vrrp_fsm_input in = { .event = VRRP_EV_SHUTDOWN };
	size_t k;
	int n = 0;

	if (!e->conf->global.vrrp_graceful_handover)
		return 0;
	for (k = 0; k < e->n_inst; k++)	/* masters first: time counts */
		if (e->inst[k].fsm.state == VRRP_STATE_MASTER &&
		    ho_begin(&e->inst[k]) == 0)
			n++;
	if (n == 0)
		return 0;
	for (k = 0; k < e->n_inst; k++) {	/* backup, fault: stop now */
		struct vrrp_inst *i = &e->inst[k];

		if (vrrp_handover_active(&i->ho))
			continue;
		in.now_us = now_us(i);
		vrrp_fsm_input(&i->fsm, &in);
	}
	e->ho_done = done;
	e->ho_arg = arg;
	return n;
}

void
vrrp_engine_handover_end(struct vrrp_engine *e)
{
	size_t k;

	for (k = 0; k < e->n_inst; k++) {
		struct vrrp_inst *i = &e->inst[k];

		event_timer_cancel(&i->t_ho);
		if (vrrp_handover_active(&i->ho))
			i->ho.phase = VRRP_HO_DONE;
	}
	e->ho_done = NULL;
}
