/* test_lvs_diff.c: minimality and order of the operation list, adoption,
 * ownership on reload and stop, and the 10,000-server scaling bound. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "test_lvs_util.h"
#include "ck_run.h"

#define BASE \
	"virtual_server 10.0.0.1 80 {\n protocol TCP\n lb_algo rr\n%s" \
	" real_server 10.1.0.1 80 {\n weight %d\n%s }\n" \
	" real_server 10.1.0.2 80 {\n weight 1\n }\n}\n" \
	"%s"

#define VS2 "virtual_server 10.0.0.2 443 {\n protocol TCP\n real_server 10.1.0.9 443 {\n weight 1\n }\n}\n"

struct diff_case {
	const char *name;
	const char *old_conf;	/* the kernel holds its desired table */
	const char *new_conf;
	const char *foreign;	/* extra kernel-only config (NULL: none) */
	bool flush;
	const char *expect;	/* op dump */
};

static const struct diff_case diff_cases[] = {
	{ "adopt-identical", "1", "1", NULL, false, "" },
	{ "one-weight-change", "1", "weight5", NULL, false,
	  "DEST_EDIT TCP 10.0.0.1:80 -> 10.1.0.1:80 NAT w=5\n" },
	{ "sched-change", "1", "wrr", NULL, false,
	  "SVC_EDIT TCP 10.0.0.1:80 wrr\n" },
	{ "persistence-change", "1", "persist", NULL, false,
	  "SVC_EDIT TCP 10.0.0.1:80 rr f=0x1 t=300 m=0xffffffff\n" },
	{ "fwd-change", "1", "dr", NULL, false,
	  "DEST_EDIT TCP 10.0.0.1:80 -> 10.1.0.1:80 DR w=1\n" },
	{ "threshold-change", "1", "uthr", NULL, false,
	  "DEST_EDIT TCP 10.0.0.1:80 -> 10.1.0.1:80 NAT w=1 u=50 l=0\n" },
	{ "rs-port-change", "1", "port", NULL, false,
	  "DEST_DEL TCP 10.0.0.1:80 -> 10.1.0.1:80 NAT w=1\n"
	  "DEST_ADD TCP 10.0.0.1:80 -> 10.1.0.1:81 NAT w=1\n" },
	{ "reload-drops-vs", "vs2", "1", NULL, false,
	  "SVC_DEL TCP 10.0.0.2:443\n" },
	{ "reload-adds-vs", "1", "vs2", NULL, false,
	  "SVC_ADD TCP 10.0.0.2:443 wlc\n"
	  "DEST_ADD TCP 10.0.0.2:443 -> 10.1.0.9:443 NAT w=1\n" },
	{ "vs-identity-change", "1", "moved", NULL, false,
	  "SVC_ADD TCP 10.0.0.3:80 rr\n"
	  "DEST_ADD TCP 10.0.0.3:80 -> 10.1.0.1:80 NAT w=1\n"
	  "DEST_ADD TCP 10.0.0.3:80 -> 10.1.0.2:80 NAT w=1\n"
	  "SVC_DEL TCP 10.0.0.1:80\n" },
	{ "foreign-left-alone", "1", "1", VS2, false, "" },
	{ "foreign-flushed", "1", "1", VS2, true, "SVC_DEL TCP 10.0.0.2:443\n" },
};

/* Small named configurations the cases refer to. */
static char *
conf_text(const char *name)
{
	char *t = NULL;
	int r = -1;

	if (strcmp(name, "1") == 0)
		r = asprintf(&t, BASE, "", 1, "", "");
	else if (strcmp(name, "weight5") == 0)
		r = asprintf(&t, BASE, "", 5, "", "");
	else if (strcmp(name, "wrr") == 0)
		r = asprintf(&t, "virtual_server 10.0.0.1 80 {\n protocol TCP\n lb_algo wrr\n"
			     " real_server 10.1.0.1 80 {\n weight 1\n }\n"
			     " real_server 10.1.0.2 80 {\n weight 1\n }\n}\n");
	else if (strcmp(name, "persist") == 0)
		r = asprintf(&t, BASE, " persistence_timeout 300\n", 1, "", "");
	else if (strcmp(name, "dr") == 0)
		r = asprintf(&t, BASE, "", 1, " lvs_method DR\n", "");
	else if (strcmp(name, "uthr") == 0)
		r = asprintf(&t, BASE, "", 1, " uthreshold 50\n", "");
	else if (strcmp(name, "vs2") == 0)
		r = asprintf(&t, BASE, "", 1, "", VS2);
	else if (strcmp(name, "port") == 0)
		r = asprintf(&t, "virtual_server 10.0.0.1 80 {\n protocol TCP\n lb_algo rr\n"
			     " real_server 10.1.0.1 81 {\n weight 1\n }\n"
			     " real_server 10.1.0.2 80 {\n weight 1\n }\n}\n");
	else if (strcmp(name, "moved") == 0)
		r = asprintf(&t, "virtual_server 10.0.0.3 80 {\n protocol TCP\n lb_algo rr\n"
			     " real_server 10.1.0.1 80 {\n weight 1\n }\n"
			     " real_server 10.1.0.2 80 {\n weight 1\n }\n}\n");
	ck_assert_msg(r > 0, "unknown config %s", name);
	return t;
}

static struct conf *
conf_named(const char *name)
{
	char *t = conf_text(name);
	struct conf *c = lvs_t_conf(t);

	free(t);
	return c;
}

/* Copy every entry of @src into @dst (not finished). */
static void
table_append(struct lvs_table *dst, const struct lvs_table *src)
{
	size_t i, j;

	for (i = 0; i < src->n; i++) {
		struct lvs_svc *s = lvs_table_add_svc(dst, &src->v[i].s, LVS_NO_INDEX);

		ck_assert_ptr_nonnull(s);
		for (j = 0; j < src->v[i].n_d; j++)
			ck_assert_ptr_nonnull(lvs_svc_add_dest(s, &src->v[i].d[j]));
	}
}

START_TEST(test_diff_cases)
{
	const struct diff_case *dc = &diff_cases[_i];
	struct conf *oldc = conf_named(dc->old_conf), *newc = conf_named(dc->new_conf);
	struct lvs_table cur, want, owned, tmp;
	struct lvs_ops ops = { 0 };
	char *got;

	lvs_t_desired(oldc, &tmp);
	lvs_table_init(&cur);
	table_append(&cur, &tmp);
	lvs_table_free(&tmp);
	if (dc->foreign) {
		struct conf *fc = lvs_t_conf(dc->foreign);

		lvs_t_desired(fc, &tmp);
		table_append(&cur, &tmp);
		lvs_table_free(&tmp);
		conf_free(fc);
	}
	lvs_table_finish(&cur);
	lvs_t_desired(newc, &want);
	lvs_table_init(&owned);
	ck_assert_int_eq(lvs_services_build(oldc, &owned), 0);
	ck_assert_int_eq(lvs_diff(&cur, &want, &owned, dc->flush, &ops), 0);
	got = lvs_t_ops(&ops);
	ck_assert_msg(strcmp(got, dc->expect) == 0, "%s:\n--- got\n%s--- want\n%s",
		      dc->name, got, dc->expect);
	free(got);
	/* the kernel cache: replaying the ops on the old kernel table gives a
	 * table that needs nothing more (and keeps what was left alone) */
	ck_assert_int_eq(lvs_table_apply_ops(&cur, &ops), 0);
	lvs_ops_free(&ops);
	ck_assert_int_eq(lvs_diff(&cur, &want, &owned, dc->flush, &ops), 0);
	got = lvs_t_ops(&ops);
	ck_assert_msg(ops.n == 0, "%s: after replay:\n%s", dc->name, got);
	free(got);
	ck_assert_uint_eq(cur.n, want.n + (dc->foreign && !dc->flush ? 1 : 0));
	lvs_ops_free(&ops);
	lvs_table_free(&owned);
	lvs_table_free(&want);
	lvs_table_free(&cur);
	conf_free(oldc);
	conf_free(newc);
}
END_TEST

/* Kernel bookkeeping never causes edits: HASHED in dumped flags, the
 * netmask/timeout of a non-persistent service, statistics, connection
 * counters, tunnel fields of a non-tunnel destination. */
START_TEST(test_kernel_noise_ignored)
{
	struct conf *c = conf_named("1");
	struct lvs_table want, cur;
	struct lvs_ops ops = { 0 };
	size_t j;

	lvs_t_desired(c, &want);
	lvs_table_init(&cur);
	table_append(&cur, &want);
	cur.v[0].s.flags |= IP_VS_SVC_F_HASHED;
	cur.v[0].s.netmask = 0;
	cur.v[0].s.timeout = 0;
	cur.v[0].s.stats.conns = 99;
	for (j = 0; j < cur.v[0].n_d; j++) {
		cur.v[0].d[j].activeconns = 7;
		cur.v[0].d[j].stats.inbytes = 1234;
		cur.v[0].d[j].tun_type = 1;
		cur.v[0].d[j].conn_flags |= 0x100;	/* not a forwarding bit */
	}
	lvs_table_finish(&cur);
	ck_assert_int_eq(lvs_diff(&cur, &want, NULL, false, &ops), 0);
	ck_assert_uint_eq(ops.n, 0);
	lvs_ops_free(&ops);
	lvs_table_free(&cur);
	lvs_table_free(&want);
	conf_free(c);
}
END_TEST

/* Start with an empty kernel: service adds come before destination adds. */
START_TEST(test_order_from_empty)
{
	struct conf *c = conf_named("vs2");
	struct lvs_table want, cur;
	struct lvs_ops ops = { 0 };
	size_t i, last_svc_add = 0, first_dest_add = SIZE_MAX;

	lvs_t_desired(c, &want);
	lvs_table_init(&cur);
	ck_assert_int_eq(lvs_diff(&cur, &want, NULL, false, &ops), 0);
	ck_assert_uint_eq(ops.n, 2 + 3);
	for (i = 0; i < ops.n; i++) {
		if (ops.v[i].op == IPVS_OP_SVC_ADD)
			last_svc_add = i;
		else if (ops.v[i].op == IPVS_OP_DEST_ADD && first_dest_add == SIZE_MAX)
			first_dest_add = i;
	}
	ck_assert_uint_lt(last_svc_add, first_dest_add);
	lvs_ops_free(&ops);
	lvs_table_free(&want);
	conf_free(c);
}
END_TEST

/* Stop: owned services present in the kernel are deleted (each one
 * SVC_DEL, its destinations go with it); foreign ones stay; lvs_flush_onstop
 * is one FLUSH. */
START_TEST(test_stop)
{
	struct conf *c = conf_named("1"), *fc = lvs_t_conf(VS2);
	struct lvs_table cur, owned, tmp;
	struct lvs_ops ops = { 0 };
	char *got;

	lvs_table_init(&cur);
	lvs_t_desired(c, &tmp);
	table_append(&cur, &tmp);
	lvs_table_free(&tmp);
	lvs_t_desired(fc, &tmp);
	table_append(&cur, &tmp);
	lvs_table_free(&tmp);
	lvs_table_finish(&cur);
	lvs_table_init(&owned);
	ck_assert_int_eq(lvs_services_build(c, &owned), 0);
	ck_assert_int_eq(lvs_diff_stop(&cur, &owned, false, &ops), 0);
	got = lvs_t_ops(&ops);
	ck_assert_str_eq(got, "SVC_DEL TCP 10.0.0.1:80\n");
	free(got);
	lvs_ops_free(&ops);
	ck_assert_int_eq(lvs_diff_stop(&cur, &owned, true, &ops), 0);
	got = lvs_t_ops(&ops);
	ck_assert_str_eq(got, "FLUSH\n");
	free(got);
	lvs_ops_free(&ops);
	lvs_table_free(&owned);
	lvs_table_free(&cur);
	conf_free(c);
	conf_free(fc);
}
END_TEST

/* After kill -9 the daemon restarts with no memory: the kernel table built
 * by the last run is adopted with zero operations, and a health change then
 * costs exactly one edit. */
START_TEST(test_restart_adopts)
{
	struct conf *c = lvs_t_conf(
		"virtual_server 10.0.0.1 80 {\n protocol TCP\n inhibit_on_failure\n"
		" real_server 10.1.0.1 80 {\n TCP_CHECK {\n }\n }\n"
		" real_server 10.1.0.2 80 {\n TCP_CHECK {\n }\n }\n}\n");
	struct lvs_health h;
	struct lvs_state st;
	struct lvs_events ev = { 0 };
	struct lvs_table kernel, want;
	struct lvs_ops ops = { 0 };
	char *got;

	lvs_t_desired(c, &kernel);	/* what the killed run had put in */
	ck_assert_int_eq(lvs_health_init(&h, c), 0);
	ck_assert_int_eq(lvs_state_init(&st, 1), 0);
	lvs_table_init(&want);
	ck_assert_int_eq(lvs_desired_build(c, &h, &st, &want, &ev), 0);
	ck_assert_int_eq(lvs_diff(&kernel, &want, NULL, false, &ops), 0);
	ck_assert_uint_eq(ops.n, 0);
	lvs_table_free(&want);
	lvs_health_at(&h, 0, 1)->up = false;
	lvs_table_init(&want);
	ck_assert_int_eq(lvs_desired_build(c, &h, &st, &want, &ev), 0);
	ck_assert_int_eq(lvs_diff(&kernel, &want, NULL, false, &ops), 0);
	got = lvs_t_ops(&ops);
	ck_assert_str_eq(got, "DEST_EDIT TCP 10.0.0.1:80 -> 10.1.0.2:80 NAT w=0\n");
	free(got);
	lvs_ops_free(&ops);
	lvs_table_free(&want);
	lvs_table_free(&kernel);
	lvs_events_free(&ev);
	lvs_state_free(&st);
	lvs_health_free(&h);
	conf_free(c);
}
END_TEST

/* Duplicate entries: the first appended wins. */
START_TEST(test_table_dedup)
{
	struct lvs_table t;
	struct ipvs_service s = { .af = AF_INET, .protocol = IPPROTO_TCP, .port = 80 };
	struct ipvs_dest d = { .af = AF_INET, .port = 80, .weight = 1 };
	struct lvs_svc *e;

	lvs_table_init(&t);
	snprintf(s.sched_name, sizeof(s.sched_name), "rr");
	e = lvs_table_add_svc(&t, &s, 0);
	ck_assert_ptr_nonnull(lvs_svc_add_dest(e, &d));
	d.weight = 2;
	ck_assert_ptr_nonnull(lvs_svc_add_dest(e, &d));
	snprintf(s.sched_name, sizeof(s.sched_name), "wlc");
	ck_assert_ptr_nonnull(lvs_table_add_svc(&t, &s, 1));
	ck_assert_uint_eq(lvs_table_finish(&t), 2);
	ck_assert_uint_eq(t.n, 1);
	ck_assert_str_eq(t.v[0].s.sched_name, "rr");
	ck_assert_uint_eq(t.v[0].n_d, 1);
	ck_assert_int_eq(t.v[0].d[0].weight, 1);
	ck_assert_ptr_nonnull(lvs_table_find(&t, &s));
	s.port = 81;
	ck_assert_ptr_null(lvs_table_find(&t, &s));
	lvs_table_free(&t);
}
END_TEST

static double
now_ms(void)
{
	struct timespec ts;

	/* CPU time of this process: other load on the machine does not count. */
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* 1,000 virtual servers x 10 real servers: desired table + diff against
 * an identical kernel table, and against an empty one.  About 15 ms of CPU
 * (40 ms under ASan); the bound is set well above that so that only a
 * change of complexity (a quadratic diff takes seconds) fails it. */
START_TEST(test_scale)
{
	char *text = NULL;
	size_t len = 0, i, j;
	FILE *f = open_memstream(&text, &len);
	struct conf *c;
	struct lvs_health h;
	struct lvs_state st;
	struct lvs_events ev = { 0 };
	struct lvs_table want, empty;
	struct lvs_ops ops = { 0 };
	double t0, t1;

	for (i = 0; i < 1000; i++) {
		fprintf(f, "virtual_server 10.%zu.%zu.1 80 {\n protocol TCP\n lb_algo wrr\n", i / 250, i % 250);
		for (j = 0; j < 10; j++)
			fprintf(f, " real_server 172.16.%zu.%zu 8080 {\n weight %zu\n }\n",
				i % 250, j + 1, j + 1);
		fputs("}\n", f);
	}
	fclose(f);
	c = lvs_t_conf(text);
	free(text);
	ck_assert_uint_eq(c->n_vs, 1000);
	ck_assert_int_eq(lvs_health_init(&h, c), 0);
	ck_assert_int_eq(lvs_state_init(&st, c->n_vs), 0);
	lvs_table_init(&want);
	lvs_table_init(&empty);

	t0 = now_ms();
	ck_assert_int_eq(lvs_desired_build(c, &h, &st, &want, &ev), 0);
	ck_assert_int_eq(lvs_diff(&want, &want, NULL, false, &ops), 0);
	ck_assert_uint_eq(ops.n, 0);
	ck_assert_int_eq(lvs_diff(&empty, &want, NULL, false, &ops), 0);
	t1 = now_ms();

	ck_assert_uint_eq(want.n, 1000);
	ck_assert_uint_eq(lvs_table_ndest(&want), 10000);
	ck_assert_uint_eq(ops.n, 11000);
	printf("scale: 1000 VS x 10 RS: build + 2 diffs %.1f ms\n", t1 - t0);
	ck_assert_msg(t1 - t0 < 400.0, "build + 2 diffs took %.1f ms of CPU", t1 - t0);
	/* replaying the 11,000 ops of a first start (the kernel cache) is
	 * linear too, and gives the desired table */
	t0 = now_ms();
	ck_assert_int_eq(lvs_table_apply_ops(&empty, &ops), 0);
	t1 = now_ms();
	printf("scale: replay of 11000 ops %.1f ms\n", t1 - t0);
	ck_assert_msg(t1 - t0 < 400.0, "replay took %.1f ms of CPU", t1 - t0);
	{
		char *a = lvs_t_table(&empty), *b = lvs_t_table(&want);

		ck_assert_str_eq(a, b);
		free(a);
		free(b);
	}
	lvs_table_free(&empty);
	lvs_ops_free(&ops);
	lvs_table_free(&want);
	lvs_events_free(&ev);
	lvs_state_free(&st);
	lvs_health_free(&h);
	conf_free(c);
}
END_TEST

/* An edit or delete that does not fit the cached table means the cache no
 * longer describes the kernel: the replay says so instead of guessing. */
START_TEST(test_replay_mismatch)
{
	struct conf *c = conf_named("1"), *c5 = conf_named("weight5");
	struct lvs_table t, t5, empty;
	struct lvs_ops ops = { 0 };

	lvs_t_desired(c, &t);
	lvs_t_desired(c5, &t5);
	lvs_table_init(&empty);
	lvs_table_finish(&empty);
	/* DEST_EDIT (weight 5) on a table without the service */
	ck_assert_int_eq(lvs_diff(&t, &t5, NULL, false, &ops), 0);
	ck_assert_uint_eq(ops.n, 1);
	ck_assert_int_eq(lvs_table_apply_ops(&empty, &ops), -ENOENT);
	lvs_ops_free(&ops);
	/* SVC_DEL of a service the table lacks */
	ck_assert_int_eq(lvs_diff(&t, &empty, NULL, true, &ops), 0);
	lvs_table_free(&empty);
	lvs_table_init(&empty);
	ck_assert_int_eq(lvs_table_apply_ops(&empty, &ops), -ENOENT);
	lvs_ops_free(&ops);
	lvs_table_free(&empty);
	lvs_table_free(&t5);
	lvs_table_free(&t);
	conf_free(c5);
	conf_free(c);
}
END_TEST

static Suite *
lvs_diff_suite(void)
{
	Suite *s = suite_create("lvs_diff");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_diff_cases, 0, sizeof(diff_cases) / sizeof(diff_cases[0]));
	tcase_add_test(tc, test_kernel_noise_ignored);
	tcase_add_test(tc, test_order_from_empty);
	tcase_add_test(tc, test_stop);
	tcase_add_test(tc, test_restart_adopts);
	tcase_add_test(tc, test_table_dedup);
	tcase_add_test(tc, test_scale);
	tcase_add_test(tc, test_replay_mismatch);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ck_run(lvs_diff_suite());
}
