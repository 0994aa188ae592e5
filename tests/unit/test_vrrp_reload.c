/* test_vrrp_reload.c: what an in-place VRRP reload keeps, replaces,
 * starts and stops (vrrp_reload_plan.h), and how a kept instance's
 * addresses are matched. */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "vrrp_reload_plan.h"
#include "ck_run.h"

static struct vrrp_reload_key
key(const char *name, unsigned ifindex, int vrid)
{
	struct vrrp_reload_key k = { .name = name, .ifindex = ifindex,
				     .family = AF_INET, .vrid = (uint8_t)vrid,
				     .version = 2 };

	return k;
}

START_TEST(same_config_keeps_all)
{
	struct vrrp_reload_key o[2] = { key("VI_1", 2, 51), key("VI_2", 2, 52) };
	struct vrrp_reload_key n[2] = { key("VI_1", 2, 51), key("VI_2", 2, 52) };
	struct vrrp_reload_plan p;

	ck_assert_int_eq(vrrp_reload_plan_build(o, 2, n, 2, &p), 0);
	ck_assert_int_eq(p.act[0], VRRP_RELOAD_KEEP);
	ck_assert_uint_eq(p.from[0], 0);
	ck_assert_int_eq(p.act[1], VRRP_RELOAD_KEEP);
	ck_assert_uint_eq(p.from[1], 1);
	ck_assert(p.old_matched[0] && p.old_matched[1]);
	vrrp_reload_plan_free(&p);
}
END_TEST

START_TEST(reordered_matched_by_name)
{
	struct vrrp_reload_key o[3] = { key("A", 2, 1), key("B", 2, 2), key("C", 2, 3) };
	struct vrrp_reload_key n[3] = { key("C", 2, 3), key("A", 2, 1), key("B", 2, 2) };
	struct vrrp_reload_plan p;

	ck_assert_int_eq(vrrp_reload_plan_build(o, 3, n, 3, &p), 0);
	ck_assert_int_eq(p.act[0], VRRP_RELOAD_KEEP);
	ck_assert_uint_eq(p.from[0], 2);
	ck_assert_uint_eq(p.from[1], 0);
	ck_assert_uint_eq(p.from[2], 1);
	vrrp_reload_plan_free(&p);
}
END_TEST

START_TEST(added_removed_replaced)
{
	struct vrrp_reload_key o[4] = { key("keep", 2, 1), key("gone", 2, 2),
					key("movedif", 2, 3), key("newvrid", 2, 4) };
	struct vrrp_reload_key n[4] = { key("keep", 2, 1), key("movedif", 3, 3),
					key("newvrid", 2, 40), key("fresh", 2, 5) };
	struct vrrp_reload_plan p;

	ck_assert_int_eq(vrrp_reload_plan_build(o, 4, n, 4, &p), 0);
	ck_assert_int_eq(p.act[0], VRRP_RELOAD_KEEP);
	ck_assert_int_eq(p.act[1], VRRP_RELOAD_REPLACE);	/* interface */
	ck_assert_uint_eq(p.from[1], 2);
	ck_assert_int_eq(p.act[2], VRRP_RELOAD_REPLACE);	/* VRID */
	ck_assert_uint_eq(p.from[2], 3);
	ck_assert_int_eq(p.act[3], VRRP_RELOAD_NEW);
	ck_assert(p.old_matched[0]);
	ck_assert(!p.old_matched[1]);		/* removed: stops */
	ck_assert(p.old_matched[2] && p.old_matched[3]);
	vrrp_reload_plan_free(&p);
}
END_TEST

START_TEST(family_and_version_are_identity)
{
	struct vrrp_reload_key o[2] = { key("v4", 2, 1), key("ver", 2, 2) };
	struct vrrp_reload_key n[2] = { key("v4", 2, 1), key("ver", 2, 2) };
	struct vrrp_reload_plan p;

	n[0].family = AF_INET6;
	n[1].version = 3;
	ck_assert_int_eq(vrrp_reload_plan_build(o, 2, n, 2, &p), 0);
	ck_assert_int_eq(p.act[0], VRRP_RELOAD_REPLACE);
	ck_assert_int_eq(p.act[1], VRRP_RELOAD_REPLACE);
	vrrp_reload_plan_free(&p);
}
END_TEST

START_TEST(duplicate_and_empty)
{
	struct vrrp_reload_key o[1] = { key("X", 2, 1) };
	struct vrrp_reload_key n[2] = { key("X", 2, 1), key("X", 2, 1) };
	struct vrrp_reload_plan p;

	/* one old instance is taken over once */
	ck_assert_int_eq(vrrp_reload_plan_build(o, 1, n, 2, &p), 0);
	ck_assert_int_eq(p.act[0], VRRP_RELOAD_KEEP);
	ck_assert_int_eq(p.act[1], VRRP_RELOAD_NEW);
	vrrp_reload_plan_free(&p);
	/* everything removed; nothing before */
	ck_assert_int_eq(vrrp_reload_plan_build(o, 1, NULL, 0, &p), 0);
	ck_assert(!p.old_matched[0]);
	vrrp_reload_plan_free(&p);
	ck_assert_int_eq(vrrp_reload_plan_build(NULL, 0, n, 1, &p), 0);
	ck_assert_int_eq(p.act[0], VRRP_RELOAD_NEW);
	vrrp_reload_plan_free(&p);
	/* an unnamed instance never matches */
	o[0].name = NULL;
	n[0].name = NULL;
	ck_assert_int_eq(vrrp_reload_plan_build(o, 1, n, 1, &p), 0);
	ck_assert_int_eq(p.act[0], VRRP_RELOAD_NEW);
	vrrp_reload_plan_free(&p);
}
END_TEST

static struct vrrp_vip
addr(const char *a, unsigned prefix, unsigned ifindex)
{
	struct vrrp_vip v;

	memset(&v, 0, sizeof(v));
	v.a.family = strchr(a, ':') ? AF_INET6 : AF_INET;
	ck_assert_int_eq(inet_pton(v.a.family, a, v.a.addr), 1);
	v.a.prefix = (uint8_t)prefix;
	v.a.ifindex = ifindex;
	return v;
}

START_TEST(vips_diff)
{
	struct vrrp_vip ov[3] = { addr("10.0.0.100", 24, 2), addr("10.0.0.101", 24, 2),
				  addr("fc00::100", 64, 2) };
	struct vrrp_vip nv[4] = { addr("fc00::100", 64, 2), addr("10.0.0.100", 24, 2),
				  addr("10.0.0.102", 24, 2), addr("10.0.0.101", 32, 2) };
	struct vrrp_vip_set o = { ov, 3 }, n = { nv, 4 };
	long from[4];
	bool kept[3];

	vrrp_reload_vips(&o, &n, from, kept);
	ck_assert_int_eq(from[0], 2);
	ck_assert_int_eq(from[1], 0);
	ck_assert_int_eq(from[2], -1);		/* added */
	ck_assert_int_eq(from[3], -1);		/* prefix changed: a new address */
	ck_assert(kept[0] && kept[2]);
	ck_assert(!kept[1]);			/* 10.0.0.101/24 goes */
	/* another interface is another address */
	nv[1].a.ifindex = 3;
	vrrp_reload_vips(&o, &n, from, kept);
	ck_assert_int_eq(from[1], -1);
	ck_assert(!kept[0]);
	/* listed twice in the new set: the first keeps it */
	nv[1] = nv[0];
	vrrp_reload_vips(&o, &n, from, kept);
	ck_assert_int_eq(from[0], 2);
	ck_assert_int_eq(from[1], -1);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("vrrp_reload");
	TCase *tc = tcase_create("plan");

	tcase_add_test(tc, same_config_keeps_all);
	tcase_add_test(tc, reordered_matched_by_name);
	tcase_add_test(tc, added_removed_replaced);
	tcase_add_test(tc, family_and_version_are_identity);
	tcase_add_test(tc, duplicate_and_empty);
	tcase_add_test(tc, vips_diff);
	suite_add_tcase(s, tc);
	return ck_run(s);
}
