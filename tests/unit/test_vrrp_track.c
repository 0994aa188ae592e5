/* test_vrrp_track.c: tracked objects -> FAULT and effective priority
 * (keepalived 2.2 rules, vrrp_track.h), the vrrp_script rise/fall counter,
 * track_file values, and the vrrp_sync_group decisions (vrrp_sync.h). */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "vrrp_strict.h"
#include "vrrp_sync.h"
#include "vrrp_track.h"
#include "ck_run.h"

static struct vrrp_track_ref
ud(enum vrrp_track_kind k, int w, bool rev, enum vrrp_track_updown st)
{
	struct vrrp_track_ref r = { .kind = k, .weight = w, .reverse = rev,
				    .state = st };
	return r;
}

static struct vrrp_track_ref
file(int w, bool rev, int64_t v)
{
	struct vrrp_track_ref r = { .kind = VRRP_TRACK_FILE, .weight = w,
				    .reverse = rev, .value = v };
	return r;
}

static struct vrrp_track_sum
sum1(struct vrrp_track_ref r)
{
	struct vrrp_track_sum s = { 0 };

	vrrp_track_ref_apply(&r, &s);
	return s;
}

/* Table: interface/script reference -> (delta, fault). */
START_TEST(updown_table)
{
	static const struct {
		int w;
		bool rev;
		enum vrrp_track_updown st;
		int64_t delta;
		unsigned faults;
	} t[] = {
		{ 0, false, VRRP_TRACK_UP, 0, 0 },
		{ 0, false, VRRP_TRACK_DOWN, 0, 1 },
		{ 0, true, VRRP_TRACK_UP, 0, 1 },	/* weight 0 reverse */
		{ 0, true, VRRP_TRACK_DOWN, 0, 0 },
		{ 10, false, VRRP_TRACK_UP, 10, 0 },	/* +W when up */
		{ 10, false, VRRP_TRACK_DOWN, 0, 0 },
		{ -20, false, VRRP_TRACK_UP, 0, 0 },
		{ -20, false, VRRP_TRACK_DOWN, -20, 0 },	/* -W when down */
		{ 10, true, VRRP_TRACK_UP, -10, 0 },	/* reversed */
		{ 10, true, VRRP_TRACK_DOWN, 0, 0 },
		{ -20, true, VRRP_TRACK_UP, 0, 0 },
		{ -20, true, VRRP_TRACK_DOWN, 20, 0 },
	};
	size_t k;

	for (k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
		enum vrrp_track_kind kind = k % 2 ? VRRP_TRACK_IF : VRRP_TRACK_SCRIPT;
		struct vrrp_track_sum s = sum1(ud(kind, t[k].w, t[k].rev, t[k].st));

		ck_assert_msg(s.delta == t[k].delta && s.faults == t[k].faults,
			      "row %zu: delta %lld faults %u", k, (long long)s.delta,
			      s.faults);
		ck_assert_uint_eq(s.init, 0);
	}
}
END_TEST

START_TEST(script_init_state)
{
	/* a weight-0 script without result holds the instance; a weighted
	 * one adds nothing yet */
	struct vrrp_track_sum s = sum1(ud(VRRP_TRACK_SCRIPT, 0, false, VRRP_TRACK_INIT));

	ck_assert_uint_eq(s.init, 1);
	ck_assert_uint_eq(s.faults, 0);
	s = sum1(ud(VRRP_TRACK_SCRIPT, 30, false, VRRP_TRACK_INIT));
	ck_assert_uint_eq(s.init, 0);
	ck_assert_int_eq(s.delta, 0);
}
END_TEST

START_TEST(file_values)
{
	struct vrrp_track_sum s;

	s = sum1(file(0, false, 0));
	ck_assert_uint_eq(s.faults, 0);
	s = sum1(file(0, false, 3));		/* weight 0: non-zero = fault */
	ck_assert_uint_eq(s.faults, 1);
	s = sum1(file(1, false, -30));
	ck_assert_int_eq(s.delta, -30);
	ck_assert_uint_eq(s.faults, 0);
	s = sum1(file(5, false, 10));
	ck_assert_int_eq(s.delta, 50);
	s = sum1(file(10, false, 100));		/* capped at 253 */
	ck_assert_int_eq(s.delta, 253);
	s = sum1(file(1, false, -253));
	ck_assert_int_eq(s.delta, -253);
	ck_assert_uint_eq(s.faults, 0);
	s = sum1(file(1, false, -254));		/* <= -254: fault */
	ck_assert_uint_eq(s.faults, 1);
	ck_assert_int_eq(s.delta, 0);
	s = sum1(file(2, true, 10));		/* reverse negates the weight */
	ck_assert_int_eq(s.delta, -20);
	s = sum1(file(254, false, -1));
	ck_assert_uint_eq(s.faults, 1);
}
END_TEST

START_TEST(priority_clamp_and_owner)
{
	struct vrrp_track_ref refs[] = {
		ud(VRRP_TRACK_IF, -20, false, VRRP_TRACK_DOWN),
		ud(VRRP_TRACK_SCRIPT, 30, false, VRRP_TRACK_UP),
		ud(VRRP_TRACK_SCRIPT, -50, false, VRRP_TRACK_DOWN),
		file(1, false, 5),
	};
	struct vrrp_track_sum s = { 0 };

	vrrp_track_eval(refs, 4, &s);
	ck_assert_int_eq(s.delta, -35);
	ck_assert_uint_eq(vrrp_track_priority(100, s.delta), 65);
	ck_assert_uint_eq(vrrp_track_priority(20, s.delta), 1);	/* >= 1 */
	ck_assert_uint_eq(vrrp_track_priority(250, 30), 254);	/* <= 254 */
	ck_assert_uint_eq(vrrp_track_priority(254, 0), 254);
	ck_assert_uint_eq(vrrp_track_priority(255, -100), 255);	/* owner */
	ck_assert_uint_eq(vrrp_track_priority(1, -300), 1);
}
END_TEST

START_TEST(weights_from_items)
{
	int w;
	bool rev;

	/* item without weight: the object's */
	vrrp_track_weight(CONF_UNSET, false, CONF_UNSET, -40, true, false, &w, &rev);
	ck_assert_int_eq(w, -40);
	ck_assert(rev);
	/* item weight wins, with its own reverse */
	vrrp_track_weight(15, false, CONF_UNSET, -40, true, false, &w, &rev);
	ck_assert_int_eq(w, 15);
	ck_assert(!rev);
	/* sync group member without sync_group_tracking_weight */
	vrrp_track_weight(15, false, CONF_UNSET, -40, false, true, &w, &rev);
	ck_assert_int_eq(w, 0);
}
END_TEST

START_TEST(script_rise_fall)
{
	struct vrrp_track_script s;
	int k;

	/* rise 2, fall 3: the first result decides */
	vrrp_track_script_init(&s, 2, 3, false);
	ck_assert_int_eq(s.state, VRRP_TRACK_INIT);
	ck_assert(vrrp_track_script_result(&s, true));
	ck_assert_int_eq(s.state, VRRP_TRACK_UP);
	/* fall 3: two failures keep it up, the third brings it down */
	ck_assert(!vrrp_track_script_result(&s, false));
	ck_assert(!vrrp_track_script_result(&s, false));
	ck_assert_int_eq(s.state, VRRP_TRACK_UP);
	ck_assert(vrrp_track_script_result(&s, false));
	ck_assert_int_eq(s.state, VRRP_TRACK_DOWN);
	/* rise 2: one success is not enough */
	ck_assert(!vrrp_track_script_result(&s, true));
	ck_assert_int_eq(s.state, VRRP_TRACK_DOWN);
	/* a failure in between restarts the count */
	ck_assert(!vrrp_track_script_result(&s, false));
	ck_assert(!vrrp_track_script_result(&s, true));
	ck_assert(vrrp_track_script_result(&s, true));
	ck_assert_int_eq(s.state, VRRP_TRACK_UP);
	/* a success while up restores the full fall count */
	ck_assert(!vrrp_track_script_result(&s, false));
	ck_assert(!vrrp_track_script_result(&s, true));
	for (k = 0; k < 2; k++)
		ck_assert(!vrrp_track_script_result(&s, false));
	ck_assert(vrrp_track_script_result(&s, false));

	/* first result a failure */
	vrrp_track_script_init(&s, 3, 1, false);
	ck_assert(vrrp_track_script_result(&s, false));
	ck_assert_int_eq(s.state, VRRP_TRACK_DOWN);

	/* init_fail: down at once, rise successes needed */
	vrrp_track_script_init(&s, 3, 1, true);
	ck_assert_int_eq(s.state, VRRP_TRACK_DOWN);
	ck_assert(!vrrp_track_script_result(&s, true));
	ck_assert(!vrrp_track_script_result(&s, true));
	ck_assert(vrrp_track_script_result(&s, true));
	ck_assert_int_eq(s.state, VRRP_TRACK_UP);
	/* fall 1 */
	ck_assert(vrrp_track_script_result(&s, false));
	ck_assert_int_eq(s.state, VRRP_TRACK_DOWN);
}
END_TEST

START_TEST(file_parse)
{
	ck_assert_int_eq(vrrp_track_file_parse("42\n"), 42);
	ck_assert_int_eq(vrrp_track_file_parse("  -7 trailing"), -7);
	ck_assert_int_eq(vrrp_track_file_parse(""), 0);
	ck_assert_int_eq(vrrp_track_file_parse("abc"), 0);
	ck_assert_int_eq(vrrp_track_file_parse("99999999999999"), 2147483647);
	ck_assert_int_eq(vrrp_track_file_parse("-99999999999999"), -2147483647 - 1);
}
END_TEST

/* ---- sync groups ---- */

START_TEST(sync_fault)
{
	struct vrrp_sync_member m[3] = {
		{ VRRP_STATE_MASTER, false, false },
		{ VRRP_STATE_MASTER, false, false },
		{ VRRP_STATE_BACKUP, false, false },
	};

	ck_assert(!vrrp_sync_faulted(m, 3));
	m[2].own_fault = true;
	ck_assert(vrrp_sync_faulted(m, 3));
	ck_assert_int_eq(vrrp_sync_group_state(VRRP_STATE_MASTER, VRRP_STATE_FAULT, true),
			 VRRP_STATE_FAULT);
	/* a member leaving FAULT while another is still faulty: still FAULT */
	ck_assert_int_eq(vrrp_sync_group_state(VRRP_STATE_FAULT, VRRP_STATE_BACKUP, true),
			 VRRP_STATE_FAULT);
	ck_assert_int_eq(vrrp_sync_group_state(VRRP_STATE_FAULT, VRRP_STATE_BACKUP, false),
			 VRRP_STATE_BACKUP);
	/* a member stopping leaves the group state alone */
	ck_assert_int_eq(vrrp_sync_group_state(VRRP_STATE_MASTER, VRRP_STATE_INIT, false),
			 VRRP_STATE_MASTER);
}
END_TEST

START_TEST(sync_may_master)
{
	struct vrrp_sync_member m[3] = {
		{ VRRP_STATE_BACKUP, false, false },
		{ VRRP_STATE_BACKUP, false, false },
		{ VRRP_STATE_BACKUP, false, false },
	};

	/* the others still hear their master: wait */
	ck_assert(!vrrp_sync_may_master(m, 3, 0));
	m[1].want_master = true;
	ck_assert(!vrrp_sync_may_master(m, 3, 0));
	m[2].state = VRRP_STATE_MASTER;
	ck_assert(vrrp_sync_may_master(m, 3, 0));
	/* a lone member of a group of one */
	ck_assert(vrrp_sync_may_master(m, 1, 0));
}
END_TEST

START_TEST(sync_actions)
{
	/* one becomes master: backups follow, masters and faults stay */
	ck_assert_int_eq(vrrp_sync_action(VRRP_STATE_BACKUP, VRRP_STATE_MASTER,
					  VRRP_STATE_BACKUP), VRRP_SYNC_TO_MASTER);
	ck_assert_int_eq(vrrp_sync_action(VRRP_STATE_BACKUP, VRRP_STATE_MASTER,
					  VRRP_STATE_MASTER), VRRP_SYNC_NONE);
	ck_assert_int_eq(vrrp_sync_action(VRRP_STATE_BACKUP, VRRP_STATE_MASTER,
					  VRRP_STATE_FAULT), VRRP_SYNC_NONE);
	/* a master steps down: the other masters step down too */
	ck_assert_int_eq(vrrp_sync_action(VRRP_STATE_MASTER, VRRP_STATE_BACKUP,
					  VRRP_STATE_MASTER), VRRP_SYNC_TO_BACKUP);
	ck_assert_int_eq(vrrp_sync_action(VRRP_STATE_MASTER, VRRP_STATE_BACKUP,
					  VRRP_STATE_BACKUP), VRRP_SYNC_NONE);
	/* leaving FAULT for BACKUP forces nobody */
	ck_assert_int_eq(vrrp_sync_action(VRRP_STATE_FAULT, VRRP_STATE_BACKUP,
					  VRRP_STATE_MASTER), VRRP_SYNC_NONE);
	/* going to FAULT is done through the faults, not an action */
	ck_assert_int_eq(vrrp_sync_action(VRRP_STATE_MASTER, VRRP_STATE_FAULT,
					  VRRP_STATE_MASTER), VRRP_SYNC_NONE);
}
END_TEST

/* ---- strict mode: configuration checks (conf_check.c) and run time ---- */

static const char strict_conf[] =
	"global_defs {\n"
	"  vrrp_strict\n"
	"}\n"
	"vrrp_instance VI_1 {\n"			/* line 4 */
	"  interface eth0\n"
	"  state MASTER\n"
	"  virtual_router_id 51\n"
	"  priority 100\n"
	"  preempt_delay 5\n"
	"  authentication {\n"
	"    auth_type PASS\n"
	"    auth_pass secret\n"
	"  }\n"
	"  unicast_peer {\n"
	"    10.0.0.2\n"
	"  }\n"
	"  virtual_ipaddress {\n"
	"    10.0.0.100\n"
	"  }\n"
	"}\n";

static bool
diag_has(const struct conf_diag *d, enum conf_severity sev, const char *text)
{
	size_t k;

	for (k = 0; k < d->n; k++)
		if (d->msg[k].sev == sev && strstr(d->msg[k].text, text))
			return true;
	return false;
}

START_TEST(strict_checks)
{
	struct conf_load_opts o = { .buf = strict_conf, .buf_len = sizeof(strict_conf) - 1 };
	struct conf_diag d = { 0 };
	struct conf *c = NULL;

	ck_assert_int_eq(conf_load("s.conf", &o, &c, &d), -EINVAL);
	ck_assert_ptr_null(c);
	ck_assert(diag_has(&d, CONF_SEV_ERROR,
			   "s.conf:4: (VI_1) Unicast peers are not supported in strict mode"));
	ck_assert(diag_has(&d, CONF_SEV_WARNING,
			   "s.conf:4: warning: (VI_1) Strict mode does not support authentication"));
	ck_assert(diag_has(&d, CONF_SEV_WARNING, "preempt_delay is incompatible with strict mode"));
	ck_assert(diag_has(&d, CONF_SEV_WARNING, "State MASTER must match being address owner"));
	conf_diag_free(&d);
}
END_TEST

START_TEST(strict_off_no_checks)
{
	/* the same instance without vrrp_strict: none of the strict messages */
	const char *body = strstr(strict_conf, "vrrp_instance");
	struct conf_load_opts o = { .buf = body, .buf_len = strlen(body) };
	struct conf_diag d = { 0 };
	struct conf *c = NULL;

	ck_assert_int_eq(conf_load("s.conf", &o, &c, &d), 0);
	ck_assert(!diag_has(&d, CONF_SEV_ERROR, "strict"));
	ck_assert(!diag_has(&d, CONF_SEV_WARNING, "trict mode"));
	conf_free(c);
	conf_diag_free(&d);
}
END_TEST

START_TEST(strict_runtime)
{
	struct vrrp_fsm_config fc = { .priority = 100, .preempt_delay_us = 5000000,
				      .want_master = true, .higher_prio_send_advert = true };
	struct vrrp_garp_cfg g = { .lower_repeat = 5, .lower_delay_us = 1 };
	struct vrrp_pkt_expect e = { .auth_type = VRRP_AUTH_PASS, .auth_data = { 's' } };
	struct conf_vrrp cv = { .strict_mode = false };
	struct conf_global gl = { .vrrp_strict = false };

	ck_assert(!vrrp_strict_on(&cv, &gl));
	gl.vrrp_strict = true;
	ck_assert(vrrp_strict_on(&cv, &gl));
	gl.vrrp_strict = false;
	cv.strict_mode = true;
	ck_assert(vrrp_strict_on(&cv, &gl));
	vrrp_strict_fsm(&fc);
	ck_assert_uint_eq(fc.preempt_delay_us, 0);
	ck_assert(fc.lower_prio_no_advert);
	ck_assert(!fc.higher_prio_send_advert);
	ck_assert(!fc.want_master);		/* not the address owner */
	fc.priority = 255;
	fc.want_master = false;
	vrrp_strict_fsm(&fc);
	ck_assert(fc.want_master);
	vrrp_strict_garp(&g);
	ck_assert_uint_eq(g.lower_repeat, 0);
	vrrp_strict_expect(&e);
	ck_assert_uint_eq(e.auth_type, VRRP_AUTH_NONE);
	ck_assert_uint_eq(e.auth_data[0], 0);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("vrrp_track");
	TCase *tc = tcase_create("track");
	TCase *ts = tcase_create("sync");
	TCase *tstr = tcase_create("strict");

	tcase_add_test(tc, updown_table);
	tcase_add_test(tc, script_init_state);
	tcase_add_test(tc, file_values);
	tcase_add_test(tc, priority_clamp_and_owner);
	tcase_add_test(tc, weights_from_items);
	tcase_add_test(tc, script_rise_fall);
	tcase_add_test(tc, file_parse);
	tcase_add_test(ts, sync_fault);
	tcase_add_test(ts, sync_may_master);
	tcase_add_test(ts, sync_actions);
	tcase_add_test(tstr, strict_checks);
	tcase_add_test(tstr, strict_off_no_checks);
	tcase_add_test(tstr, strict_runtime);
	suite_add_tcase(s, tstr);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, ts);
	return ck_run(s);
}
