/* test_vrrp_net.c: the pure parts of the VRRP networking extras:
 * route/rule/macvlan rtnetlink messages against golden bytes (written
 * field by field from linux/rtnetlink.h, linux/fib_rules.h,
 * linux/if_link.h; little-endian hosts only, as test_vrrp_rtnl.c),
 * virtual_routes/virtual_rules word parsing with keepalived's defaults,
 * no_accept ipset/iptables text, VMAC naming and address, the sync-daemon
 * choice and accept mode. */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <linux/fib_rules.h>
#include <linux/if_addr.h>
#include <linux/ip_vs.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "rtnl.h"
#include "vrrp_block.h"
#include "vrrp_net.h"
#include "vrrp_route.h"
#include "vrrp_syncd.h"
#include "vrrp_vip.h"
#include "vrrp_vmac.h"
#include "ck_run.h"

static bool
little_endian(void)
{
	const uint16_t one = 1;

	return *(const uint8_t *)&one == 1;
}

static size_t
unhex(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = 0;

	for (; *hex; hex++) {
		char b[3];

		if (*hex == ' ')
			continue;
		b[0] = hex[0];
		b[1] = hex[1];
		b[2] = 0;
		ck_assert_uint_lt(n, cap);
		out[n++] = (uint8_t)strtoul(b, NULL, 16);
		hex++;
	}
	return n;
}

static void
check_golden(const uint8_t *got, int len, const char *hex)
{
	uint8_t want[256];
	size_t n = unhex(hex, want, sizeof(want));

	ck_assert_int_eq(len, (int)n);
	ck_assert_mem_eq(got, want, n);
}

static unsigned
fake_ifindex(const char *name)
{
	if (strcmp(name, "eth0") == 0)
		return 3;
	if (strcmp(name, "eth1") == 0)
		return 4;
	return 0;
}

/* Split @line on spaces into a conf_strv (static storage). */
static struct conf_strv
words(const char *line)
{
	static char buf[512];
	static char *v[64];
	struct conf_strv w = { .v = v, .n = 0 };
	char *tok, *save = NULL;

	snprintf(buf, sizeof(buf), "%s", line);
	for (tok = strtok_r(buf, " ", &save); tok && w.n < 64;
	     tok = strtok_r(NULL, " ", &save))
		v[w.n++] = tok;
	return w;
}

/* ---- rtnetlink messages ---- */

START_TEST(route_add_golden)
{
	struct rtnl_route rt = { .family = AF_INET, .dst_len = 16,
				 .has_via = true, .oif = 3, .has_metric = true,
				 .metric = 50, .table = 100, .protocol = 18 };
	uint8_t got[RTNL_MSG_MAX];

	if (!little_endian())
		return;
	inet_pton(AF_INET, "10.1.0.0", rt.dst);
	inet_pton(AF_INET, "10.0.0.1", rt.via);
	check_golden(got, rtnl_route_msg(got, sizeof(got), 7, true, &rt),
		"3c000000 1800 0506 07000000 00000000"	/* NEWROUTE REQ|ACK|EXCL|CREATE */
		"02 10 00 00 64 12 00 01 00000000"	/* inet /16 table 100 proto 18 unicast */
		"0800 0100 0a010000"			/* RTA_DST */
		"0800 0500 0a000001"			/* RTA_GATEWAY */
		"0800 0400 03000000"			/* RTA_OIF */
		"0800 0600 32000000");			/* RTA_PRIORITY 50 */
	ck_assert_int_eq(rtnl_route_msg(got, 40, 7, true, &rt), -ENOBUFS);
}
END_TEST

START_TEST(route_del_big_table_golden)
{
	struct rtnl_route rt = { .family = AF_INET, .dst_len = 24,
				 .table = 1000, .protocol = 18,
				 .scope = RT_SCOPE_NOWHERE, .type = RTN_BLACKHOLE };
	uint8_t got[RTNL_MSG_MAX];

	if (!little_endian())
		return;
	inet_pton(AF_INET, "10.9.1.0", rt.dst);
	check_golden(got, rtnl_route_msg(got, sizeof(got), 9, false, &rt),
		"2c000000 1900 0500 09000000 00000000"	/* DELROUTE REQ|ACK */
		"02 18 00 00 00 12 ff 06 00000000"	/* table unspec, scope nowhere, blackhole */
		"0800 0100 0a090100"			/* RTA_DST */
		"0800 0f00 e8030000");			/* RTA_TABLE 1000 */
}
END_TEST

START_TEST(route_msg_invalid)
{
	struct rtnl_route rt = { .family = AF_INET, .dst_len = 33 };
	uint8_t got[RTNL_MSG_MAX];

	ck_assert_int_eq(rtnl_route_msg(got, sizeof(got), 1, true, &rt), -EINVAL);
	rt.family = AF_UNSPEC;
	rt.dst_len = 0;
	ck_assert_int_eq(rtnl_route_msg(got, sizeof(got), 1, true, &rt), -EINVAL);
}
END_TEST

START_TEST(rule_add_golden)
{
	struct rtnl_rule ru = { .family = AF_INET, .has_from = true,
				.from_len = 24, .table = 100,
				.has_priority = true, .priority = 100,
				.protocol = 18, .action = FR_ACT_TO_TBL };
	uint8_t got[RTNL_MSG_MAX];

	if (!little_endian())
		return;
	inet_pton(AF_INET, "192.168.1.0", ru.from);
	check_golden(got, rtnl_rule_msg(got, sizeof(got), 7, true, &ru),
		"34000000 2000 0506 07000000 00000000"	/* NEWRULE */
		"02 00 18 00 64 00 00 01 00000000"	/* inet src /24 table 100 to_tbl */
		"0800 0200 c0a80100"			/* FRA_SRC */
		"0800 0600 64000000"			/* FRA_PRIORITY */
		"0500 1500 12 000000");			/* FRA_PROTOCOL 18 */
}
END_TEST

START_TEST(rule_del_iif_fwmark_golden)
{
	struct rtnl_rule ru = { .family = AF_INET6, .table = 300,
				.has_fwmark = true, .fwmark = 0x10,
				.has_fwmask = true, .fwmask = 0xff,
				.iif = "eth0", .invert = true };
	uint8_t got[RTNL_MSG_MAX];

	if (!little_endian())
		return;
	check_golden(got, rtnl_rule_msg(got, sizeof(got), 2, false, &ru),
		"40000000 2100 0500 02000000 00000000"	/* DELRULE REQ|ACK */
		"0a 00 00 00 00 00 00 01 02000000"	/* inet6, table unspec, INVERT */
		"0800 0a00 10000000"			/* FRA_FWMARK */
		"0800 1000 ff000000"			/* FRA_FWMASK */
		"0800 0f00 2c010000"			/* FRA_TABLE 300 */
		"0900 0300 65746830 00 000000");	/* FRA_IIFNAME "eth0" */
}
END_TEST

START_TEST(macvlan_golden)
{
	struct rtnl_macvlan m = { .link = 3, .name = "vrrp.51", .mode = 1,
				  .up = true };
	uint8_t got[RTNL_MSG_MAX];

	if (!little_endian())
		return;
	vrrp_vmac_mac(51, AF_INET, m.mac);
	check_golden(got, rtnl_macvlan_msg(got, sizeof(got), 7, &m),
		"5c000000 1000 0506 07000000 00000000"	/* NEWLINK create */
		"00 00 0000 00000000 01000000 01000000"	/* up */
		"0800 0500 03000000"			/* IFLA_LINK 3 */
		"0c00 0300 767272702e353100"		/* IFLA_IFNAME */
		"0a00 0100 00005e000133 0000"		/* IFLA_ADDRESS */
		"1c00 1280"				/* IFLA_LINKINFO (nested) */
		"0c00 0100 6d6163766c616e00"		/* IFLA_INFO_KIND "macvlan" */
		"0c00 0280"				/* IFLA_INFO_DATA (nested) */
		"0800 0100 01000000");			/* IFLA_MACVLAN_MODE private */
	m.name[0] = '\0';
	ck_assert_int_eq(rtnl_macvlan_msg(got, sizeof(got), 7, &m), -EINVAL);
}
END_TEST

START_TEST(link_set_golden)
{
	uint8_t got[RTNL_MSG_MAX];

	if (!little_endian())
		return;
	check_golden(got, rtnl_link_set_msg(got, sizeof(got), 5, 12, false, true),
		"30000000 1000 0500 05000000 00000000"	/* NEWLINK, no create */
		"00 00 0000 0c000000 00000000 00000000"	/* ifindex 12 */
		"1000 1a80"				/* IFLA_AF_SPEC (nested) */
		"0c00 0a80"				/* AF_INET6 (nested) */
		"0500 0800 01 000000");			/* ADDR_GEN_MODE none */
	check_golden(got, rtnl_link_set_msg(got, sizeof(got), 6, 12, true, false),
		"20000000 1000 0500 06000000 00000000"
		"00 00 0000 0c000000 01000000 01000000");	/* up */
}
END_TEST

START_TEST(link_del_golden)
{
	uint8_t got[RTNL_MSG_MAX];

	if (!little_endian())
		return;
	check_golden(got, rtnl_link_del_msg(got, sizeof(got), 5, 12),
		"20000000 1100 0500 05000000 00000000"	/* DELLINK */
		"00 00 0000 0c000000 00000000 00000000");
}
END_TEST

/* ---- virtual_ipaddress options ---- */

START_TEST(addr_preferred_lft_golden)
{
	struct rtnl_addr a = { .family = AF_INET6, .ifindex = 3, .prefix = 64,
			       .has_lft = true, .preferred_lft = 0 };
	uint8_t got[RTNL_MSG_MAX];

	if (!little_endian())
		return;
	inet_pton(AF_INET6, "fc00::100", a.addr);
	check_golden(got, rtnl_addr_msg(got, sizeof(got), 7, true, &a),
		"54000000 1400 0506 07000000 00000000"	/* NEWADDR */
		"0a 40 00 00 03000000"			/* inet6 /64 ifindex 3 */
		"1400 0200 fc000000000000000000000000000100"	/* IFA_LOCAL */
		"1400 0100 fc000000000000000000000000000100"	/* IFA_ADDRESS */
		"1400 0600 00000000 ffffffff 00000000 00000000"); /* IFA_CACHEINFO */
	/* deleting carries no lifetimes */
	ck_assert_int_eq(rtnl_addr_msg(got, sizeof(got), 7, false, &a), 0x40);
}
END_TEST

START_TEST(vip_options)
{
	struct conf_vip cv[2];
	struct conf_vrrp v;
	struct vrrp_vip_set s;
	struct rtnl_addr a;

	memset(cv, 0, sizeof(cv));
	memset(&v, 0, sizeof(v));
	cv[0].addr.af = AF_INET6;
	inet_pton(AF_INET6, "fc00::100", &cv[0].addr.a.in6);
	cv[0].prefix = 64;
	cv[0].preferred_lft = 0;
	cv[0].no_track = true;
	ck_assert_int_eq(vrrp_vip_from_conf(&cv[0], 3, fake_ifindex, &a), 0);
	ck_assert(a.has_lft);
	ck_assert_uint_eq(a.preferred_lft, 0);
	ck_assert(a.flags & IFA_F_NODAD);	/* always, on IPv6 VIPs */
	cv[1].addr.af = AF_INET;
	inet_pton(AF_INET, "10.0.0.100", &cv[1].addr.a.in);
	cv[1].prefix = CONF_UNSET;
	cv[1].preferred_lft = CONF_UNSET;
	cv[1].dev = (char *)(uintptr_t)"eth1";
	cv[1].label = (char *)(uintptr_t)"eth1:vip";
	cv[1].scope = (char *)(uintptr_t)"link";
	ck_assert_int_eq(vrrp_vip_from_conf(&cv[1], 3, fake_ifindex, &a), 0);
	ck_assert(!a.has_lft);
	ck_assert_uint_eq(a.ifindex, 4);
	ck_assert_uint_eq(a.prefix, 32);
	ck_assert_uint_eq(a.scope, 253);
	ck_assert_str_eq(a.label, "eth1:vip");

	v.vip = cv;
	v.n_vip = 2;
	ck_assert_int_eq(vrrp_vip_set_build(&s, &v, AF_INET, 3, fake_ifindex), 0);
	ck_assert(s.v[0].no_track && !s.v[1].no_track);
	s.v[0].installed = true;
	/* a no_track address is not put back (no request is made) */
	ck_assert_int_eq(vrrp_vip_restore(&s, 0, NULL, NULL, NULL), 0);
	ck_assert(!s.v[0].installed);
	vrrp_vip_set_free(&s);
}
END_TEST

/* ---- deletions seen on the watch socket ---- */

START_TEST(deleted_roundtrip)
{
	static const char *const r1[] = { "10.55.0.0/16", "via", "10.0.0.1",
					  "dev", "eth0", "table", "100" };
	static const char *const u1[] = { "from", "10.0.0.100", "table", "100",
					  "priority", "100", "no_track" };
	struct conf_route lines[1], rlines[1];
	struct vrrp_route_set s;
	const struct conf_route *bad;
	struct rtnl_event ev;
	uint8_t msg[RTNL_MSG_MAX];
	char err[128];
	int n;

	memset(lines, 0, sizeof(lines));
	memset(rlines, 0, sizeof(rlines));
	lines[0].words.v = (char **)(uintptr_t)r1;
	lines[0].words.n = 7;
	rlines[0].words.v = (char **)(uintptr_t)u1;
	rlines[0].words.n = 7;
	ck_assert_int_eq(vrrp_route_set_build(&s, lines, 1, rlines, 1, fake_ifindex,
					      &bad, err, sizeof(err)), 0);
	ck_assert(!s.r[0].no_track && s.u[0].no_track);
	s.r[0].installed = true;
	s.u[0].installed = true;

	/* what the kernel reports on deletion has the request's layout */
	n = rtnl_route_msg(msg, sizeof(msg), 1, false, &s.r[0].rt);
	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(rtnl_msg_parse(msg, (size_t)n, &ev), 0);
	ck_assert_int_eq(ev.type, RTNL_EV_ROUTE_DEL);
	ck_assert_uint_eq(ev.route.table, 100);
	ck_assert(ev.route.has_via);
	ck_assert_uint_eq(ev.route.oif, 3);
	ev.route.table = 254;		/* another table: not ours */
	ck_assert_int_eq(vrrp_route_set_deleted(&s, &ev.route, NULL), -1);
	ev.route.table = 100;
	ck_assert_int_eq(vrrp_route_set_deleted(&s, &ev.route, NULL), 0);
	ck_assert(!s.r[0].installed);
	ck_assert_int_eq(vrrp_route_set_deleted(&s, &ev.route, NULL), -1);

	n = rtnl_rule_msg(msg, sizeof(msg), 1, false, &s.u[0].ru);
	ck_assert_int_eq(rtnl_msg_parse(msg, (size_t)n, &ev), 0);
	ck_assert_int_eq(ev.type, RTNL_EV_RULE_DEL);
	ck_assert(ev.rule.has_from && ev.rule.has_priority);
	/* no_track: forgotten, not put back */
	ck_assert_int_eq(vrrp_route_set_deleted(&s, NULL, &ev.rule), -1);
	ck_assert(!s.u[0].installed);

	msg[16] = AF_UNIX;	/* family after the 16-byte header */
	ck_assert_int_eq(rtnl_msg_parse(msg, (size_t)n, &ev), -EAFNOSUPPORT);
	vrrp_route_set_free(&s);
}
END_TEST

/* ---- virtual_routes ---- */

static int
route(const char *line, struct rtnl_route *rt, char *err)
{
	struct conf_strv w = words(line);

	memset(rt, 0x5a, sizeof(*rt));
	return vrrp_route_parse(&w, fake_ifindex, rt, err, 128);
}

START_TEST(route_parse_defaults)
{
	struct rtnl_route rt;
	char err[128];
	uint8_t a[4];

	ck_assert_int_eq(route("10.1.0.0/16 via 10.0.0.1 dev eth0 metric 50 "
			       "table 100", &rt, err), 0);
	ck_assert_int_eq(rt.family, AF_INET);
	ck_assert_uint_eq(rt.dst_len, 16);
	inet_pton(AF_INET, "10.1.0.0", a);
	ck_assert_mem_eq(rt.dst, a, 4);
	ck_assert(rt.has_via);
	ck_assert_uint_eq(rt.oif, 3);
	ck_assert(rt.has_metric);
	ck_assert_uint_eq(rt.metric, 50);
	ck_assert_uint_eq(rt.table, 100);
	ck_assert_uint_eq(rt.protocol, VRRP_RTPROT_KEEPALIVED);
	ck_assert_uint_eq(rt.scope, RT_SCOPE_UNIVERSE);
	ck_assert_uint_eq(rt.type, RTN_UNICAST);
	ck_assert(!rt.has_src && !rt.has_prefsrc);

	ck_assert_int_eq(route("src 10.0.0.100 to 192.168.5.0/24 dev eth1 "
			       "scope link proto static onlink via 10.0.0.1",
			       &rt, err), 0);
	ck_assert(rt.has_prefsrc);
	ck_assert_uint_eq(rt.dst_len, 24);
	ck_assert_uint_eq(rt.oif, 4);
	ck_assert_uint_eq(rt.scope, RT_SCOPE_LINK);
	ck_assert_uint_eq(rt.protocol, RTPROT_STATIC);
	ck_assert_uint_eq(rt.flags, RTNH_F_ONLINK);

	ck_assert_int_eq(route("default via 10.0.0.1 table main", &rt, err), 0);
	ck_assert_uint_eq(rt.dst_len, 0);
	ck_assert_uint_eq(rt.table, RT_TABLE_MAIN);

	ck_assert_int_eq(route("blackhole 10.9.0.0/16", &rt, err), 0);
	ck_assert_uint_eq(rt.type, RTN_BLACKHOLE);
	ck_assert_uint_eq(rt.oif, 0);
	ck_assert_int_eq(route("10.9.0.0/16 type prohibit", &rt, err), 0);
	ck_assert_uint_eq(rt.type, RTN_PROHIBIT);

	ck_assert_int_eq(route("fc00:1::/64 via fc00::1 dev eth0 mtu 1400", &rt,
			       err), 0);
	ck_assert_int_eq(rt.family, AF_INET6);
	ck_assert_uint_eq(rt.dst_len, 64);
	ck_assert_uint_eq(rt.mtu, 1400);
	ck_assert_int_eq(route("192.168.7.7 dev eth0", &rt, err), 0);
	ck_assert_uint_eq(rt.dst_len, 32);
}
END_TEST

START_TEST(route_parse_errors)
{
	struct rtnl_route rt;
	char err[128];

	ck_assert_int_eq(route("10.1.0.0/16 via 10.0.0.1 or 10.0.0.2", &rt, err),
			 -EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "multipath"));
	ck_assert_int_eq(route("10.1.0.0/16 via fc00::1", &rt, err), -EINVAL);
	ck_assert_int_eq(route("10.1.0.0/16 dev nosuch0", &rt, err), -ENODEV);
	ck_assert_ptr_nonnull(strstr(err, "nosuch0"));
	ck_assert_int_eq(route("unreachable 10.9.0.0/16 dev eth0", &rt, err),
			 -EINVAL);
	ck_assert_int_eq(route("10.1.0.0/33 dev eth0", &rt, err), -EINVAL);
	ck_assert_int_eq(route("10.1.0.0/16 dev eth0 metric", &rt, err), -EINVAL);
	ck_assert_int_eq(route("10.1.0.0/16 dev eth0 table", &rt, err), -EINVAL);
	ck_assert_int_eq(route("10.1.0.0/16 dev eth0 frobnicate", &rt, err),
			 -EINVAL);
	ck_assert_int_eq(route("dev eth0", &rt, err), -EINVAL);
	ck_assert_int_eq(route("10.1.0.0/16 onlink dev eth0", &rt, err), -EINVAL);
	ck_assert_int_eq(route("10.1.0.0/16 dev eth0 metric -1", &rt, err), -EINVAL);
}
END_TEST

/* ---- virtual_rules ---- */

static int
rule(const char *line, struct rtnl_rule *ru, char *err)
{
	struct conf_strv w = words(line);

	memset(ru, 0x5a, sizeof(*ru));
	return vrrp_rule_parse(&w, ru, err, 128);
}

START_TEST(rule_parse_defaults)
{
	struct rtnl_rule ru;
	char err[128];

	ck_assert_int_eq(rule("from 192.168.1.0/24 table 100 priority 100", &ru,
			      err), 0);
	ck_assert_int_eq(ru.family, AF_INET);
	ck_assert(ru.has_from && !ru.has_to);
	ck_assert_uint_eq(ru.from_len, 24);
	ck_assert_uint_eq(ru.table, 100);
	ck_assert_uint_eq(ru.priority, 100);
	ck_assert_uint_eq(ru.action, FR_ACT_TO_TBL);
	ck_assert_uint_eq(ru.protocol, VRRP_RTPROT_KEEPALIVED);

	ck_assert_int_eq(rule("to 10.0.0.0/8 lookup 200 preference 50 no_track",
			      &ru, err), 0);
	ck_assert_uint_eq(ru.protocol, 0);
	ck_assert(ru.has_to);

	ck_assert_int_eq(rule("from all fwmark 0x10/0xff table 10 pref 5 iif "
			      "eth0 oif eth1 not", &ru, err), 0);
	ck_assert(ru.has_fwmark && ru.has_fwmask && ru.invert);
	ck_assert_uint_eq(ru.fwmark, 0x10);
	ck_assert_uint_eq(ru.fwmask, 0xff);
	ck_assert_str_eq(ru.iif, "eth0");
	ck_assert_str_eq(ru.oif, "eth1");
	ck_assert_uint_eq(ru.from_len, 0);

	ck_assert_int_eq(rule("from 10.0.0.1 prohibit pref 10", &ru, err), 0);
	ck_assert_uint_eq(ru.action, FR_ACT_PROHIBIT);
	ck_assert_int_eq(rule("inet6 from all table 100 priority 9", &ru, err), 0);
	ck_assert_int_eq(ru.family, AF_INET6);
	ck_assert_int_eq(rule("priority 5 goto 10", &ru, err), 0);
	ck_assert_uint_eq(ru.action, FR_ACT_GOTO);
	ck_assert_uint_eq(ru.goto_prio, 10);
}
END_TEST

START_TEST(rule_parse_errors)
{
	struct rtnl_rule ru;
	char err[128];

	ck_assert_int_eq(rule("from 10.0.0.1", &ru, err), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "no action"));
	ck_assert_int_eq(rule("from 10.0.0.1 table 100 blackhole", &ru, err),
			 -EINVAL);
	ck_assert_int_eq(rule("priority 10 goto 5", &ru, err), -EINVAL);
	ck_assert_int_eq(rule("inet6 from 10.0.0.1 table 5", &ru, err), -EINVAL);
	ck_assert_int_eq(rule("from 10.0.0.1 to fc00::1 table 5", &ru, err), -EINVAL);
	ck_assert_int_eq(rule("from 10.0.0.1 table 0", &ru, err), -EINVAL);
	ck_assert_int_eq(rule("from 10.0.0.1 table 5 fwmark x", &ru, err), -EINVAL);
	ck_assert_int_eq(rule("from 10.0.0.1 table 5 bogus", &ru, err), -EINVAL);
	ck_assert_int_eq(rule("from 10.0.0.1 table", &ru, err), -EINVAL);
}
END_TEST

/* ---- no_accept text ---- */

START_TEST(block_text)
{
	struct rtnl_addr a = { .family = AF_INET };
	const char *argv[16];
	char line[128];
	int n, k;
	char joined[256] = "";

	ck_assert_int_gt(vrrp_block_set_line(line, sizeof(line), AF_INET), 0);
	ck_assert_str_eq(line, "create keepalived hash:ip family inet -exist");
	ck_assert_int_gt(vrrp_block_set_line(line, sizeof(line), AF_INET6), 0);
	ck_assert_str_eq(line, "create keepalived6 hash:ip family inet6 -exist");
	ck_assert_int_eq(vrrp_block_set_line(line, 10, AF_INET), -ENOBUFS);
	inet_pton(AF_INET, "10.0.0.100", a.addr);
	ck_assert_int_gt(vrrp_block_addr_line(line, sizeof(line), true, &a), 0);
	ck_assert_str_eq(line, "add keepalived 10.0.0.100 -exist");
	a.family = AF_INET6;
	inet_pton(AF_INET6, "fc00::100", a.addr);
	ck_assert_int_gt(vrrp_block_addr_line(line, sizeof(line), false, &a), 0);
	ck_assert_str_eq(line, "del keepalived6 fc00::100 -exist");

	n = vrrp_block_rule_argv(argv, 'I', AF_INET, true);
	ck_assert_int_eq(n, 11);
	ck_assert_ptr_null(argv[n]);
	for (k = 0; k < n; k++) {
		strcat(joined, argv[k]);
		strcat(joined, k + 1 < n ? " " : "");
	}
	ck_assert_str_eq(joined,
		"iptables -w -I INPUT -m set --match-set keepalived dst -j DROP");
	n = vrrp_block_rule_argv(argv, 'D', AF_INET6, false);
	ck_assert_str_eq(argv[0], "ip6tables");
	ck_assert_str_eq(argv[2], "-D");
	ck_assert_str_eq(argv[3], "OUTPUT");
	ck_assert_str_eq(argv[7], "keepalived6");
	ck_assert_str_eq(argv[8], "src");
	ck_assert_int_eq(vrrp_block_rule_argv(argv, 'X', AF_INET, true), -EINVAL);
}
END_TEST

/* ---- VMAC ---- */

START_TEST(vmac_naming)
{
	uint8_t mac[6];
	static const uint8_t m4[6] = { 0, 0, 0x5e, 0, 1, 51 };
	static const uint8_t m6[6] = { 0, 0, 0x5e, 0, 2, 255 };
	char name[IFNAMSIZ];

	vrrp_vmac_mac(51, AF_INET, mac);
	ck_assert_mem_eq(mac, m4, 6);
	vrrp_vmac_mac(255, AF_INET6, mac);
	ck_assert_mem_eq(mac, m6, 6);
	ck_assert_int_eq(vrrp_vmac_name(name, NULL, 51), 0);
	ck_assert_str_eq(name, "vrrp.51");
	ck_assert_int_eq(vrrp_vmac_name(name, "vmac1", 51), 0);
	ck_assert_str_eq(name, "vmac1");
	ck_assert_int_eq(vrrp_vmac_name(name, "a-name-far-too-long", 51), -EINVAL);
	ck_assert_int_eq(vrrp_vmac_name(name, "", 51), -EINVAL);
	ck_assert_int_eq(vrrp_vmac_name(name, "a/b", 51), -EINVAL);
}
END_TEST

/* ---- sync daemon choice, accept mode ---- */

static void
two_instances(struct conf *c, struct conf_vrrp v[2])
{
	memset(c, 0, sizeof(*c));
	memset(v, 0, 2 * sizeof(*v));
	c->global.lvs_sync_daemon.maxlen = CONF_UNSET;
	c->global.lvs_sync_daemon.port = CONF_UNSET;
	c->global.lvs_sync_daemon.ttl = CONF_UNSET;
	v[0].name = (char *)(uintptr_t)"A";
	v[0].vrid = 10;
	v[1].name = (char *)(uintptr_t)"B";
	v[1].vrid = 20;
	c->vrrp = v;
	c->n_vrrp = 2;
}

START_TEST(syncd_choice)
{
	struct conf c;
	struct conf_vrrp v[2];
	struct ipvs_daemon d;

	two_instances(&c, v);
	ck_assert_int_eq(vrrp_syncd_conf(&c, &v[0], &d), 0);
	ck_assert_int_eq(vrrp_syncd_conf(&c, &v[1], &d), 0);

	v[1].lvs_sync_daemon_interface = (char *)(uintptr_t)"eth1";
	ck_assert_int_eq(vrrp_syncd_conf(&c, &v[0], &d), 0);
	ck_assert_int_eq(vrrp_syncd_conf(&c, &v[1], &d), 1);
	ck_assert_str_eq(d.mcast_ifn, "eth1");
	ck_assert_uint_eq(d.syncid, 20);	/* the VRID */
	ck_assert_uint_eq(d.state, 0);

	c.global.lvs_sync_daemon.ifname = (char *)(uintptr_t)"eth2";
	c.global.lvs_sync_daemon.instance = (char *)(uintptr_t)"A";
	c.global.lvs_sync_daemon.maxlen = 1400;
	c.global.lvs_sync_daemon.port = 8850;
	c.global.lvs_sync_daemon.ttl = 2;
	c.global.lvs_sync_daemon.group.af = AF_INET;
	inet_pton(AF_INET, "224.0.0.81", &c.global.lvs_sync_daemon.group.a.in);
	ck_assert_int_eq(vrrp_syncd_conf(&c, &v[1], &d), 0);
	ck_assert_int_eq(vrrp_syncd_conf(&c, &v[0], &d), 1);
	ck_assert_str_eq(d.mcast_ifn, "eth2");
	ck_assert_uint_eq(d.syncid, 10);
	ck_assert_uint_eq(d.sync_maxlen, 1400);
	ck_assert_uint_eq(d.mcast_port, 8850);
	ck_assert_uint_eq(d.mcast_ttl, 2);
	ck_assert_uint_eq(d.mcast_af, AF_INET);
	c.global.lvs_sync_daemon.syncid = 7;
	ck_assert_int_eq(vrrp_syncd_conf(&c, &v[0], &d), 1);
	ck_assert_uint_eq(d.syncid, 7);
	c.global.lvs_sync_daemon.ifname = (char *)(uintptr_t)"an-interface-name";
	ck_assert_int_eq(vrrp_syncd_conf(&c, &v[0], &d), -EINVAL);
}
END_TEST

START_TEST(accept_mode)
{
	struct conf c;
	struct conf_vrrp v[2];

	two_instances(&c, v);
	v[0].priority = 100;
	v[0].accept = CONF_UNSET;
	ck_assert(vrrp_net_accept(&c, &v[0]));
	v[0].strict_mode = true;
	ck_assert(!vrrp_net_accept(&c, &v[0]));
	v[0].strict_mode = false;
	c.global.vrrp_strict = true;
	ck_assert(!vrrp_net_accept(&c, &v[0]));
	v[0].accept = 1;
	ck_assert(vrrp_net_accept(&c, &v[0]));
	c.global.vrrp_strict = false;
	v[0].accept = 0;
	ck_assert(!vrrp_net_accept(&c, &v[0]));
	v[0].priority = 255;	/* the address owner always accepts */
	ck_assert(vrrp_net_accept(&c, &v[0]));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("vrrp_net");
	TCase *tm = tcase_create("messages");
	TCase *tp = tcase_create("parsing");
	TCase *tx = tcase_create("extras");

	tcase_add_test(tm, route_add_golden);
	tcase_add_test(tm, route_del_big_table_golden);
	tcase_add_test(tm, route_msg_invalid);
	tcase_add_test(tm, rule_add_golden);
	tcase_add_test(tm, rule_del_iif_fwmark_golden);
	tcase_add_test(tm, macvlan_golden);
	tcase_add_test(tm, link_del_golden);
	tcase_add_test(tm, link_set_golden);
	tcase_add_test(tm, addr_preferred_lft_golden);
	tcase_add_test(tp, vip_options);
	tcase_add_test(tp, route_parse_defaults);
	tcase_add_test(tp, route_parse_errors);
	tcase_add_test(tp, rule_parse_defaults);
	tcase_add_test(tp, rule_parse_errors);
	tcase_add_test(tp, deleted_roundtrip);
	tcase_add_test(tx, block_text);
	tcase_add_test(tx, vmac_naming);
	tcase_add_test(tx, syncd_choice);
	tcase_add_test(tx, accept_mode);
	suite_add_tcase(s, tm);
	suite_add_tcase(s, tp);
	suite_add_tcase(s, tx);
	return ck_run(s);
}
