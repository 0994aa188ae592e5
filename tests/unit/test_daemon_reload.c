/* test_daemon_reload.c: the pure part of a reload (daemon/reload_carry.c):
 * which configuration is kept, what state is carried over, and that the
 * resulting difference is minimal; plus the splitting of notify scripts
 * (daemon/script.c). */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "drain.h"
#include "reload.h"
#include "script.h"
#include "test_lvs_util.h"
#include "ck_run.h"

static const char *old_text =
	"virtual_server 10.0.0.1 80 {\n protocol TCP\n lb_algo rr\n lb_kind DR\n quorum 2\n"
	" real_server 192.168.1.1 80 {\n weight 1\n TCP_CHECK {\n }\n }\n"
	" real_server 192.168.1.2 80 {\n weight 1\n TCP_CHECK {\n }\n }\n}\n"
	"virtual_server 10.0.0.2 80 {\n protocol TCP\n lb_kind DR\n"
	" real_server 192.168.1.5 80 {\n weight 1\n }\n}\n";

/* 10.0.0.2 dropped, a new VS first, servers reordered, .1 weight 4, a new
 * alpha server. */
static const char *new_text =
	"virtual_server 10.0.0.3 80 {\n protocol TCP\n lb_kind DR\n"
	" real_server 192.168.1.7 80 {\n weight 1\n }\n}\n"
	"virtual_server 10.0.0.1 80 {\n protocol TCP\n lb_algo rr\n lb_kind DR\n quorum 2\n"
	" real_server 192.168.1.3 80 {\n weight 1\n TCP_CHECK {\n alpha\n }\n }\n"
	" real_server 192.168.1.2 80 {\n weight 1\n TCP_CHECK {\n }\n }\n"
	" real_server 192.168.1.1 80 {\n weight 4\n TCP_CHECK {\n }\n }\n}\n";

START_TEST(test_carry)
{
	struct conf *oldc = lvs_t_conf(old_text), *newc = lvs_t_conf(new_text);
	struct lvs_health oh;
	struct lvs_state os;
	struct lvs_events ev = { 0 };
	struct lvs_table t = { 0 };
	struct drain_set od = { 0 };
	struct reload_carry rc;

	ck_assert_int_eq(lvs_health_init(&oh, oldc), 0);
	ck_assert_int_eq(lvs_state_init(&os, oldc->n_vs), 0);
	lvs_health_at(&oh, 0, 1)->up = false;		/* 192.168.1.2 down */
	ck_assert_int_eq(lvs_desired_build(oldc, &oh, &os, &t, &ev), 0);
	ck_assert(os.q[0].known && !os.q[0].up);	/* sum 1 < quorum 2 */
	ck_assert_int_eq(drain_add(&od, 0, 0), 1);	/* 192.168.1.1 drained */
	ck_assert_int_eq(drain_add(&od, 1, 0), 1);	/* in the dropped VS */

	ck_assert_int_eq(reload_carry_build(oldc, &oh, &os, &od, newc, &rc), 0);
	ck_assert(lvs_health_at(&rc.health, 1, 0)->up == false);	/* new, alpha */
	ck_assert(lvs_health_at(&rc.health, 1, 1)->up == false);	/* carried down */
	ck_assert(lvs_health_at(&rc.health, 1, 2)->up == true);
	ck_assert(lvs_health_at(&rc.health, 0, 0)->up == true);
	ck_assert(rc.state.q[1].known && !rc.state.q[1].up);		/* quorum carried */
	ck_assert(!rc.state.q[0].known);
	ck_assert_uint_eq(rc.drains.n, 1);
	ck_assert(drain_has(&rc.drains, 1, 2));		/* follows 192.168.1.1 */

	reload_carry_free(&rc);
	lvs_events_free(&ev);
	lvs_table_free(&t);
	lvs_state_free(&os);
	lvs_health_free(&oh);
	drain_free(&od);
	conf_free(oldc);
	conf_free(newc);
}
END_TEST

/* The reload diff: old table in the kernel, new desired table, the old
 * configuration's services as owned. */
static char *
reload_ops(const char *before, const char *after)
{
	struct conf *oldc = lvs_t_conf(before), *newc = lvs_t_conf(after);
	struct lvs_table cur, want, owned = { 0 };
	struct lvs_ops ops = { 0 };
	char *s;

	lvs_t_desired(oldc, &cur);
	lvs_t_desired(newc, &want);
	ck_assert_int_eq(lvs_services_build(oldc, &owned), 0);
	ck_assert_int_eq(lvs_diff(&cur, &want, &owned, false, &ops), 0);
	s = lvs_t_ops(&ops);
	lvs_ops_free(&ops);
	lvs_table_free(&cur);
	lvs_table_free(&want);
	lvs_table_free(&owned);
	conf_free(oldc);
	conf_free(newc);
	return s;
}

START_TEST(test_reload_minimal)
{
	const char *a =
		"virtual_server 10.0.0.1 80 {\n protocol TCP\n lb_algo wrr\n lb_kind DR\n"
		" real_server 192.168.1.1 80 {\n weight 1\n }\n"
		" real_server 192.168.1.2 80 {\n weight 1\n }\n}\n"
		"virtual_server 10.0.0.2 80 {\n protocol TCP\n lb_kind DR\n"
		" real_server 192.168.1.5 80 {\n weight 1\n }\n}\n";
	const char *b =
		"virtual_server 10.0.0.1 80 {\n protocol TCP\n lb_algo wrr\n lb_kind DR\n"
		" real_server 192.168.1.1 80 {\n weight 1\n }\n"
		" real_server 192.168.1.2 80 {\n weight 3\n }\n}\n"
		"virtual_server 10.0.0.2 80 {\n protocol TCP\n lb_kind DR\n"
		" real_server 192.168.1.5 80 {\n weight 1\n }\n}\n";
	const char *c =
		"virtual_server 10.0.0.1 80 {\n protocol TCP\n lb_algo wrr\n lb_kind DR\n"
		" real_server 192.168.1.1 80 {\n weight 1\n }\n"
		" real_server 192.168.1.2 80 {\n weight 1\n }\n}\n";
	char *s;

	s = reload_ops(a, a);
	ck_assert_str_eq(s, "");
	free(s);
	s = reload_ops(a, b);
	ck_assert_str_eq(s, "DEST_EDIT TCP 10.0.0.1:80 -> 192.168.1.2:80 DR w=3\n");
	free(s);
	s = reload_ops(a, c);
	ck_assert_str_eq(s, "SVC_DEL TCP 10.0.0.2:80\n");
	free(s);
}
END_TEST

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

/* A broken file is refused with file:line diagnostics; the caller keeps
 * its tree (the out parameter is untouched). */
START_TEST(test_reload_load)
{
	char path[64];
	struct conf_diag d = { 0 };
	struct conf *c = NULL, *sentinel = (struct conf *)&d;

	snprintf(path, sizeof(path), "/tmp/ipvsd-reload-%d.conf", (int)getpid());
	write_file(path, "virtual_server 10.0.0.1 80 {\n protocol TCP\n"
			 " real_server 192.168.1.1 80 {\n weight three\n }\n}\n");
	c = sentinel;
	ck_assert_int_eq(reload_load(path, "x", CONF_PART_ALL, &c, &d), -EINVAL);
	ck_assert_ptr_eq(c, sentinel);
	ck_assert_uint_ge(d.errors, 1);
	ck_assert_msg(strncmp(d.msg[0].text, path, strlen(path)) == 0 &&
		      strncmp(d.msg[0].text + strlen(path), ":4: ", 4) == 0, "%s", d.msg[0].text);
	conf_diag_free(&d);

	/* VRRP interfaces need not exist: VRRP is not acted upon. */
	write_file(path, "vrrp_instance V {\n interface nosuchif0\n virtual_router_id 5\n"
			 " virtual_ipaddress {\n 10.9.9.9\n }\n}\n"
			 "virtual_server 10.0.0.1 80 {\n protocol TCP\n"
			 " real_server 192.168.1.1 80 {\n weight 3\n }\n}\n");
	c = NULL;
	ck_assert_int_eq(reload_load(path, "x", CONF_PART_ALL, &c, &d), 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->n_vs, 1);
	conf_free(c);
	conf_diag_free(&d);

	/* -C (the LVS side only): an error in a VRRP block does not count,
	 * as keepalived's checker process never reads those blocks. */
	write_file(path, "vrrp_instance V {\n state MASTER\n interface lo\n virtual_router_id 5\n"
			 " authentication {\n auth_type AH\n auth_pass x\n }\n"
			 " virtual_ipaddress {\n 10.9.9.9\n }\n}\n"
			 "virtual_server 10.0.0.1 80 {\n protocol TCP\n"
			 " real_server 192.168.1.1 80 {\n weight 3\n }\n}\n");
	c = NULL;
	ck_assert_int_eq(reload_load(path, "x", CONF_PART_ALL, &c, &d), -EINVAL);
	conf_diag_free(&d);
	ck_assert_int_eq(reload_load(path, "x", CONF_PART_LVS, &c, &d), 0);
	ck_assert_uint_eq(d.errors, 0);
	ck_assert_uint_eq(c->n_vs, 1);
	ck_assert_uint_eq(c->n_vrrp, 0);
	ck_assert_int_eq(c->part, CONF_PART_LVS);
	conf_free(c);
	conf_diag_free(&d);
	unlink(path);
}
END_TEST

static char *
joined(const char *const *words, size_t n)
{
	struct conf_strv v = { (char **)(uintptr_t)words, n };
	char **argv, *out = NULL;
	size_t len = 0, i;
	FILE *f;
	int r = script_split(&v, &argv);

	if (r < 0) {
		ck_assert_int_eq(asprintf(&out, "error %d", r) > 0, 1);
		return out;
	}
	f = open_memstream(&out, &len);
	for (i = 0; argv[i] != NULL; i++)
		fprintf(f, "<%s>", argv[i]);
	fclose(f);
	script_argv_free(argv);
	return out;
}

START_TEST(test_script_split)
{
	const char *one[] = { "/bin/up.sh 10 'a b' \"c  d\"" };
	const char *many[] = { "/bin/up.sh", "a b" };
	const char *bad[] = { "/bin/x 'open" };
	const char *blank[] = { "   " };
	char *s;

	s = joined(one, 1);
	ck_assert_str_eq(s, "</bin/up.sh><10><a b><c  d>");
	free(s);
	s = joined(many, 2);
	ck_assert_str_eq(s, "</bin/up.sh><a b>");
	free(s);
	s = joined(bad, 1);
	ck_assert_str_eq(s, "error -22");
	free(s);
	s = joined(blank, 1);
	ck_assert_str_eq(s, "error -22");
	free(s);
	s = joined(NULL, 0);
	ck_assert_str_eq(s, "error -22");
	free(s);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("daemon_reload");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_carry);
	tcase_add_test(tc, test_reload_minimal);
	tcase_add_test(tc, test_reload_load);
	tcase_add_test(tc, test_script_split);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ck_run(suite());
}
