/* test_daemon_drain.c: the drain override (daemon/drain.c) and the names
 * used to address servers (daemon/names.c). */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "drain.h"
#include "names.h"
#include "test_lvs_util.h"
#include "ck_run.h"

static const char *conf_text =
	"virtual_server 10.0.0.1 80 {\n protocol TCP\n lb_algo wrr\n lb_kind DR\n"
	" real_server 192.168.1.1 80 {\n weight 3\n }\n"
	" real_server 192.168.1.2 80 {\n weight 5\n }\n}\n"
	"virtual_server 10.0.0.1 80 {\n protocol UDP\n lb_algo rr\n lb_kind DR\n"
	" real_server 192.168.1.1 80 {\n weight 1\n }\n}\n"
	"virtual_server_group G {\n 10.0.1.1-2 443\n}\n"
	"virtual_server group G {\n protocol TCP\n lb_kind DR\n"
	" real_server 192.168.1.9 {\n weight 2\n }\n"
	" inhibit_on_failure\n}\n"
	"virtual_server fwmark 7 {\n lb_kind DR\n"
	" real_server 192.168.1.1 0 {\n weight 4\n }\n}\n"
	"virtual_server 2001:db8::1 80 {\n protocol TCP\n lb_kind NAT\n"
	" real_server 2001:db8::10 8080 {\n weight 9\n }\n}\n";

START_TEST(test_names_find)
{
	struct conf *c = lvs_t_conf(conf_text);
	size_t vs, rs;

	ck_assert_int_eq(names_find_vs(c, "10.0.0.1:80", &vs), -EEXIST);
	ck_assert_int_eq(names_find_vs(c, "10.0.0.1:80/udp", &vs), 0);
	ck_assert_uint_eq(vs, 1);
	ck_assert_int_eq(names_find_vs(c, "10.0.0.1:80/TCP", &vs), 0);
	ck_assert_uint_eq(vs, 0);
	ck_assert_int_eq(names_find_vs(c, "group:G", &vs), 0);
	ck_assert_uint_eq(vs, 2);
	ck_assert_int_eq(names_find_vs(c, "fwmark:7", &vs), 0);
	ck_assert_uint_eq(vs, 3);
	ck_assert_int_eq(names_find_vs(c, "fwm:0x7", &vs), 0);
	ck_assert_int_eq(names_find_vs(c, "[2001:db8::1]:80", &vs), 0);
	ck_assert_uint_eq(vs, 4);
	ck_assert_int_eq(names_find_vs(c, "10.0.0.9:80", &vs), -ENOENT);
	ck_assert_int_eq(names_find_vs(c, "fwmark:8", &vs), -ENOENT);
	ck_assert_int_eq(names_find_vs(c, "10.0.0.1", &vs), -EINVAL);
	ck_assert_int_eq(names_find_vs(c, "10.0.0.1:99999", &vs), -EINVAL);
	ck_assert_int_eq(names_find_vs(c, "[2001:db8::1:80", &vs), -EINVAL);
	ck_assert_int_eq(names_find_vs(c, "10.0.0.1:80/icmp", &vs), -EINVAL);

	ck_assert_int_eq(names_find_rs(&c->vs[0], "192.168.1.2", &rs), 0);
	ck_assert_uint_eq(rs, 1);
	ck_assert_int_eq(names_find_rs(&c->vs[0], "192.168.1.2:80", &rs), 0);
	ck_assert_int_eq(names_find_rs(&c->vs[0], "192.168.1.2:81", &rs), -ENOENT);
	ck_assert_int_eq(names_find_rs(&c->vs[4], "2001:db8::10", &rs), 0);
	ck_assert_int_eq(names_find_rs(&c->vs[4], "[2001:db8::10]:8080", &rs), 0);
	ck_assert_int_eq(names_find_rs(&c->vs[4], "bogus", &rs), -EINVAL);
	conf_free(c);
}
END_TEST

START_TEST(test_names_format)
{
	struct conf *c = lvs_t_conf(conf_text);
	char b[NAMES_LEN];

	ck_assert_str_eq(names_vs(&c->vs[0], b, sizeof(b)), "[10.0.0.1]:tcp:80");
	ck_assert_str_eq(names_vs(&c->vs[1], b, sizeof(b)), "[10.0.0.1]:udp:80");
	ck_assert_str_eq(names_vs(&c->vs[2], b, sizeof(b)), "GROUP G");
	ck_assert_str_eq(names_vs(&c->vs[3], b, sizeof(b)), "FWM 7");
	ck_assert_str_eq(names_vs(&c->vs[4], b, sizeof(b)), "[2001:db8::1]:tcp:80");
	ck_assert_str_eq(names_rs(&c->vs[4].rs[0], b, sizeof(b)), "[2001:db8::10]:8080");
	conf_free(c);
}
END_TEST

START_TEST(test_drain_set)
{
	struct drain_set d = { 0 };

	ck_assert(!drain_has(&d, 0, 1));
	ck_assert_int_eq(drain_add(&d, 0, 1), 1);
	ck_assert_int_eq(drain_add(&d, 0, 1), 0);
	ck_assert_int_eq(drain_add(&d, 2, 0), 1);
	ck_assert(drain_has(&d, 0, 1));
	ck_assert_int_eq(drain_del(&d, 0, 1), 1);
	ck_assert_int_eq(drain_del(&d, 0, 1), 0);
	ck_assert(!drain_has(&d, 0, 1));
	ck_assert(drain_has(&d, 2, 0));
	drain_free(&d);
	ck_assert_uint_eq(d.n, 0);
}
END_TEST

/* The override: weight 0, entry kept; in every expanded service of a group;
 * a server that is not in the table stays out; the diff is one DEST_EDIT. */
START_TEST(test_drain_apply)
{
	struct conf *c = lvs_t_conf(conf_text);
	struct lvs_table plain, drained;
	struct lvs_ops ops = { 0 };
	struct drain_set d = { 0 };
	char *got;

	lvs_t_desired(c, &plain);
	lvs_t_desired(c, &drained);
	ck_assert_int_eq(drain_add(&d, 0, 1), 1);	/* 192.168.1.2 in tcp 80 */
	ck_assert_int_eq(drain_add(&d, 2, 0), 1);	/* 192.168.1.9 in group G */
	ck_assert_uint_eq(drain_apply(c, &d, &drained), 3);
	got = lvs_t_table(&drained);
	ck_assert_msg(strstr(got, "TCP 10.0.0.1:80 wrr\n  192.168.1.1:80 DR w=3\n"
				  "  192.168.1.2:80 DR w=0\n") != NULL, "%s", got);
	ck_assert_msg(strstr(got, "TCP 10.0.1.1:443 wlc\n  192.168.1.9:443 DR w=0\n") != NULL,
		      "%s", got);
	ck_assert_msg(strstr(got, "TCP 10.0.1.2:443 wlc\n  192.168.1.9:443 DR w=0\n") != NULL,
		      "%s", got);
	ck_assert_msg(strstr(got, "UDP 10.0.0.1:80 rr\n  192.168.1.1:80 DR w=1\n") != NULL,
		      "%s", got);
	free(got);
	ck_assert_int_eq(lvs_diff(&plain, &drained, NULL, false, &ops), 0);
	got = lvs_t_ops(&ops);
	ck_assert_str_eq(got, "DEST_EDIT TCP 10.0.0.1:80 -> 192.168.1.2:80 DR w=0\n"
			      "DEST_EDIT TCP 10.0.1.1:443 -> 192.168.1.9:443 DR w=0\n"
			      "DEST_EDIT TCP 10.0.1.2:443 -> 192.168.1.9:443 DR w=0\n");
	free(got);
	/* Applying twice changes nothing more. */
	ck_assert_uint_eq(drain_apply(c, &d, &drained), 0);
	lvs_ops_free(&ops);
	lvs_table_free(&plain);
	lvs_table_free(&drained);
	drain_free(&d);
	conf_free(c);
}
END_TEST

/* A drained server that is down and not inhibited is absent: it stays so. */
START_TEST(test_drain_absent)
{
	struct conf *c = lvs_t_conf(conf_text);
	struct lvs_health h;
	struct lvs_state st;
	struct lvs_events ev = { 0 };
	struct lvs_table t = { 0 };
	struct drain_set d = { 0 };
	char *got;

	ck_assert_int_eq(lvs_health_init(&h, c), 0);
	ck_assert_int_eq(lvs_state_init(&st, c->n_vs), 0);
	lvs_health_at(&h, 0, 1)->up = false;
	ck_assert_int_eq(lvs_desired_build(c, &h, &st, &t, &ev), 0);
	ck_assert_int_eq(drain_add(&d, 0, 1), 1);
	ck_assert_uint_eq(drain_apply(c, &d, &t), 0);
	got = lvs_t_table(&t);
	ck_assert_msg(strstr(got, "192.168.1.2") == NULL, "%s", got);
	free(got);
	lvs_events_free(&ev);
	lvs_table_free(&t);
	lvs_state_free(&st);
	lvs_health_free(&h);
	drain_free(&d);
	conf_free(c);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("daemon_drain");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_names_find);
	tcase_add_test(tc, test_names_format);
	tcase_add_test(tc, test_drain_set);
	tcase_add_test(tc, test_drain_apply);
	tcase_add_test(tc, test_drain_absent);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ck_run(suite());
}
