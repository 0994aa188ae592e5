/* test_vrrp_vip.c: virtual_ipaddress lines into rtnetlink addresses. */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <linux/if_addr.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "vrrp_vip.h"
#include "ck_run.h"

static unsigned
fake_ifindex(const char *name)
{
	return strcmp(name, "eth1") == 0 ? 7 : 0;
}

static struct conf_vip
vip(const char *addr, int64_t prefix)
{
	struct conf_vip v;

	memset(&v, 0, sizeof(v));
	v.addr.af = strchr(addr, ':') ? AF_INET6 : AF_INET;
	ck_assert_int_eq(inet_pton(v.addr.af, addr, &v.addr.a), 1);
	v.prefix = prefix;
	v.preferred_lft = CONF_UNSET;
	return v;
}

START_TEST(scope_names)
{
	unsigned char s = 99;

	ck_assert_int_eq(vrrp_vip_scope(NULL, &s), 0);
	ck_assert_uint_eq(s, 0);
	ck_assert_int_eq(vrrp_vip_scope("host", &s), 0);
	ck_assert_uint_eq(s, 254);
	ck_assert_int_eq(vrrp_vip_scope("link", &s), 0);
	ck_assert_uint_eq(s, 253);
	ck_assert_int_eq(vrrp_vip_scope("site", &s), 0);
	ck_assert_uint_eq(s, 200);
	ck_assert_int_eq(vrrp_vip_scope("17", &s), 0);
	ck_assert_uint_eq(s, 17);
	ck_assert_int_eq(vrrp_vip_scope("256", &s), -EINVAL);
	ck_assert_int_eq(vrrp_vip_scope("galaxy", &s), -EINVAL);
	ck_assert_int_eq(vrrp_vip_scope("", &s), -EINVAL);
}
END_TEST

START_TEST(from_conf_v4_options)
{
	struct conf_vip v = vip("10.0.0.100", 24);
	struct rtnl_addr a;

	v.brd = vip("10.0.0.255", 32).addr;
	v.label = (char *)(uintptr_t)"eth0:vip";
	v.scope = (char *)(uintptr_t)"link";
	ck_assert_int_eq(vrrp_vip_from_conf(&v, 3, fake_ifindex, &a), 0);
	ck_assert_int_eq(a.family, AF_INET);
	ck_assert_uint_eq(a.ifindex, 3);
	ck_assert_uint_eq(a.prefix, 24);
	ck_assert_uint_eq(a.scope, 253);
	ck_assert(a.has_brd);
	ck_assert_uint_eq(a.brd[3], 255);
	ck_assert_str_eq(a.label, "eth0:vip");
	ck_assert(!a.has_peer);
	ck_assert_uint_eq(a.flags, 0);
	/* dev NAME overrides the instance interface */
	v.dev = (char *)(uintptr_t)"eth1";
	ck_assert_int_eq(vrrp_vip_from_conf(&v, 3, fake_ifindex, &a), 0);
	ck_assert_uint_eq(a.ifindex, 7);
	v.dev = (char *)(uintptr_t)"nosuch";
	ck_assert_int_eq(vrrp_vip_from_conf(&v, 3, fake_ifindex, &a), -ENODEV);
	v.dev = NULL;
	v.scope = (char *)(uintptr_t)"bogus";
	ck_assert_int_eq(vrrp_vip_from_conf(&v, 3, fake_ifindex, &a), -EINVAL);
	v.scope = NULL;
	v.label = (char *)(uintptr_t)"a-label-far-too-long";
	ck_assert_int_eq(vrrp_vip_from_conf(&v, 3, fake_ifindex, &a), -EINVAL);
}
END_TEST

START_TEST(from_conf_v6_flags)
{
	struct conf_vip v = vip("fc00::100", 64);
	struct rtnl_addr a;

	v.nodad = true;
	v.noprefixroute = true;
	v.peer = vip("fc00::1", 128).addr;
	ck_assert_int_eq(vrrp_vip_from_conf(&v, 2, NULL, &a), 0);
	ck_assert_int_eq(a.family, AF_INET6);
	ck_assert_uint_eq(a.prefix, 64);
	ck_assert_uint_eq(a.flags, IFA_F_NODAD | IFA_F_NOPREFIXROUTE);
	ck_assert(a.has_peer);
	ck_assert_uint_eq(a.peer[15], 1);
	ck_assert(!a.has_brd);
	v.label = (char *)(uintptr_t)"x";
	ck_assert_int_eq(vrrp_vip_from_conf(&v, 2, NULL, &a), -EINVAL);
}
END_TEST

START_TEST(set_build_find_advert)
{
	struct conf_vip vips[3], evips[1];
	struct conf_vrrp cv;
	struct vrrp_vip_set s;
	struct vrrp_ip ips[4];
	struct rtnl_addr probe;

	memset(&cv, 0, sizeof(cv));
	vips[0] = vip("10.0.0.100", 24);
	vips[1] = vip("fc00::100", 64);		/* other family: not advertised */
	vips[2] = vip("10.0.0.101", 32);
	evips[0] = vip("10.0.0.200", 32);	/* excluded: not advertised */
	cv.vip = vips;
	cv.n_vip = 3;
	cv.evip = evips;
	cv.n_evip = 1;
	ck_assert_int_eq(vrrp_vip_set_build(&s, &cv, AF_INET, 3, NULL), 0);
	ck_assert_uint_eq(s.n, 4);
	ck_assert_uint_eq(vrrp_vip_advert(&s, ips, 4), 2);
	ck_assert_uint_eq(ips[0].addr[3], 100);
	ck_assert_uint_eq(ips[1].addr[3], 101);
	ck_assert_uint_eq(vrrp_vip_advert(&s, ips, 1), 1);
	probe = s.v[3].a;
	ck_assert_int_eq(vrrp_vip_find(&s, &probe), 3);
	probe.prefix = 24;
	ck_assert_int_eq(vrrp_vip_find(&s, &probe), -1);
	probe.prefix = 32;
	probe.ifindex = 9;
	ck_assert_int_eq(vrrp_vip_find(&s, &probe), -1);
	vrrp_vip_set_free(&s);
	ck_assert_ptr_null(s.v);
	/* a bad line fails the whole set */
	vips[2].scope = (char *)(uintptr_t)"bogus";
	ck_assert_int_eq(vrrp_vip_set_build(&s, &cv, AF_INET, 3, NULL), -EINVAL);
	ck_assert_uint_eq(s.n, 0);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("vrrp_vip");
	TCase *tc = tcase_create("conf");

	tcase_add_test(tc, scope_names);
	tcase_add_test(tc, from_conf_v4_options);
	tcase_add_test(tc, from_conf_v6_flags);
	tcase_add_test(tc, set_build_find_advert);
	suite_add_tcase(s, tc);
	return ck_run(s);
}
