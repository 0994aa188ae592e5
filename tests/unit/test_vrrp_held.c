/* test_vrrp_held.c: why an instance holds its virtual addresses
 * (vrrp_held_of / vrrp_held_str, daemon/vrrp_handover.h), shown by
 * `ipvsctl status` and the JSON dumps as vips_held: a master preempted by
 * a better one (the FSM's yield grace) and a master stopping gracefully
 * (the handover's WAIT and GRACE phases), each followed from start to
 * release on a real FSM / handover; and the state message that carries it
 * to the parent keeps its layout.
 */
#include "config.h"

#include <check.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "vrrp_fsm.h"
#include "vrrp_handover.h"
#include "vrrp_proto.h"
#include "ck_run.h"

#define MS(x)	((uint64_t)(x) * 1000u)

/* the FSM's actions: only the addresses matter here */
struct rt {
	bool vips;
	uint64_t release_in;	/* VRRP_TIMER_RELEASE armed for, 0: not */
};

static void op_send(void *arg, uint8_t prio) { (void)arg; (void)prio; }
static void op_garp(void *arg, bool lower) { (void)arg; (void)lower; }

static void
op_arm(void *arg, enum vrrp_timer t, uint64_t delay_us)
{
	struct rt *r = arg;

	if (t == VRRP_TIMER_RELEASE)
		r->release_in = delay_us;
}

static void
op_cancel(void *arg, enum vrrp_timer t)
{
	struct rt *r = arg;

	if (t == VRRP_TIMER_RELEASE)
		r->release_in = 0;
}

static void op_add(void *arg) { ((struct rt *)arg)->vips = true; }
static void op_del(void *arg) { ((struct rt *)arg)->vips = false; }

static void
op_state(void *arg, enum vrrp_state old, enum vrrp_state new_state,
	 enum vrrp_event why)
{
	(void)arg;
	(void)old;
	(void)new_state;
	(void)why;
}

static const struct vrrp_fsm_ops ops = {
	.send_advert = op_send, .timer_arm = op_arm, .timer_cancel = op_cancel,
	.vips_add = op_add, .vips_del = op_del, .send_garp = op_garp,
	.state_change = op_state,
};

static void
feed(struct vrrp_fsm *f, enum vrrp_event ev, uint64_t now)
{
	struct vrrp_fsm_input in = { .event = ev, .now_us = now };

	vrrp_fsm_input(f, &in);
}

/* a master (priority 100, VRRPv3 10 ms, yield grace 20 ms) */
static void
master_up(struct vrrp_fsm *f, struct rt *r)
{
	struct vrrp_fsm_config c;

	memset(&c, 0, sizeof(c));
	memset(r, 0, sizeof(*r));
	c.version = 3;
	c.priority = 100;
	c.adver_int_us = MS(10);
	c.primary.family = AF_INET;
	c.primary.addr[0] = 10;
	c.primary.addr[3] = 21;
	c.yield_grace_us = MS(20);
	ck_assert_int_eq(vrrp_fsm_init(f, &c, &ops, r), 0);
	feed(f, VRRP_EV_STARTUP, 0);
	feed(f, VRRP_EV_MASTER_DOWN, MS(40));
	ck_assert_int_eq(f->state, VRRP_STATE_MASTER);
	ck_assert(r->vips);
}

START_TEST(test_strings)
{
	ck_assert_str_eq(vrrp_held_str(VRRP_HELD_NONE), "none");
	ck_assert_str_eq(vrrp_held_str(VRRP_HELD_PREEMPTED), "preempted");
	ck_assert_str_eq(vrrp_held_str(VRRP_HELD_STOPPING), "stopping");
	ck_assert_str_eq(vrrp_held_str((enum vrrp_held)77), "none");
	ck_assert_int_eq(vrrp_held_of(false, NULL), VRRP_HELD_NONE);
	ck_assert_int_eq(vrrp_held_of(true, NULL), VRRP_HELD_PREEMPTED);
}
END_TEST

/* A better master's advert: BACKUP at once, the addresses held for the
 * grace ("preempted"), then released ("none"). */
START_TEST(test_preempted)
{
	struct vrrp_fsm f;
	struct vrrp_handover ho;
	struct rt r;
	struct vrrp_fsm_input in = { .event = VRRP_EV_ADVERT, .now_us = MS(50) };

	memset(&ho, 0, sizeof(ho));
	master_up(&f, &r);
	ck_assert_int_eq(vrrp_held_of(f.vips_held, &ho), VRRP_HELD_NONE);
	in.adv.priority = 150;
	in.adv.adver_int = 1;
	in.adv.src.family = AF_INET;
	in.adv.src.addr[0] = 10;
	in.adv.src.addr[3] = 22;
	vrrp_fsm_input(&f, &in);
	ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);
	ck_assert(r.vips);
	ck_assert_uint_eq(r.release_in, MS(20));
	ck_assert_int_eq(vrrp_held_of(f.vips_held, &ho), VRRP_HELD_PREEMPTED);
	feed(&f, VRRP_EV_RELEASE, MS(70));
	ck_assert(!r.vips);
	ck_assert_int_eq(vrrp_held_of(f.vips_held, &ho), VRRP_HELD_NONE);
}
END_TEST

/* Graceful stop: "stopping" from priority 0 through the new master's
 * grace; released, then INIT: "none". */
START_TEST(test_stopping)
{
	struct vrrp_fsm f;
	struct vrrp_handover ho;
	struct vrrp_ip peer = { .family = AF_INET, .addr = { 10, 0, 0, 22 } };
	struct rt r;

	memset(&ho, 0, sizeof(ho));
	master_up(&f, &r);
	ck_assert_int_eq(vrrp_fsm_handover(&f, MS(50)), 0);
	vrrp_handover_start(&ho, MS(10), 3, MS(50));
	ck_assert_int_eq(ho.phase, VRRP_HO_WAIT);
	ck_assert_int_eq(vrrp_held_of(f.vips_held, &ho), VRRP_HELD_STOPPING);
	vrrp_handover_advert(&ho, &peer, 100, MS(60));
	ck_assert_int_eq(ho.phase, VRRP_HO_GRACE);
	ck_assert_int_eq(vrrp_held_of(f.vips_held, &ho), VRRP_HELD_STOPPING);
	ck_assert(r.vips);
	ck_assert_int_eq(vrrp_handover_tick(&ho, MS(60) + ho.grace_us), VRRP_HO_RELEASE);
	feed(&f, VRRP_EV_SHUTDOWN, MS(90));
	ck_assert(!r.vips);
	ck_assert_int_eq(f.state, VRRP_STATE_INIT);
	ck_assert_int_eq(vrrp_held_of(f.vips_held, &ho), VRRP_HELD_NONE);
	/* the handover wins over a stale preempted flag */
	ck_assert_int_eq(vrrp_held_of(true, &ho), VRRP_HELD_PREEMPTED);
	ho.phase = VRRP_HO_WAIT;
	ck_assert_int_eq(vrrp_held_of(true, &ho), VRRP_HELD_STOPPING);
}
END_TEST

/* the held byte took the old padding: same size, same offsets */
START_TEST(test_msg_layout)
{
	ck_assert_uint_eq(sizeof(struct vrrp_msg_state), 8 + VRRP_NAME_MAX);
	ck_assert_uint_eq(offsetof(struct vrrp_msg_state, held), 7);
	ck_assert_uint_eq(offsetof(struct vrrp_msg_state, name), 8);
	ck_assert_uint_le(VRRP_HELD_STOPPING, UINT8_MAX);
}
END_TEST

static Suite *
held_suite(void)
{
	Suite *s = suite_create("vrrp_held");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_strings);
	tcase_add_test(tc, test_preempted);
	tcase_add_test(tc, test_stopping);
	tcase_add_test(tc, test_msg_layout);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ck_run(held_suite());
}
