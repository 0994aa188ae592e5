/* test_vrrp_rtnl.c: rtnetlink messages built and parsed without a kernel.
 *
 * Golden bytes are written out field by field from the netlink ABI
 * (linux/netlink.h, linux/rtnetlink.h, linux/if_addr.h); netlink integers
 * are in host byte order, so the goldens assume a little-endian host (the
 * suite skips them otherwise; the round-trip cases still run).
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <linux/if_addr.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "rtnl.h"
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
v4(uint8_t *dst, uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	dst[0] = a;
	dst[1] = b;
	dst[2] = c;
	dst[3] = d;
}

START_TEST(addr_add_v4_golden)
{
	static const char want_hex[] =
		"3c000000 1400 0506 07000000 00000000"	/* NEWADDR, REQ|ACK|EXCL|CREATE */
		"02 18 00 00 03000000"			/* inet /24 scope 0 ifindex 3 */
		"0800 0200 0a000064"			/* IFA_LOCAL */
		"0800 0100 0a000064"			/* IFA_ADDRESS */
		"0800 0400 0a0000ff"			/* IFA_BROADCAST */
		"0b00 0300 657468303a3100 00";		/* IFA_LABEL "eth0:1" */
	struct rtnl_addr a = { .family = AF_INET, .ifindex = 3, .prefix = 24,
			       .has_brd = true, .label = "eth0:1" };
	uint8_t want[128], got[RTNL_MSG_MAX];
	size_t n;

	if (!little_endian())
		return;
	v4(a.addr, 10, 0, 0, 100);
	v4(a.brd, 10, 0, 0, 255);
	n = unhex(want_hex, want, sizeof(want));
	ck_assert_int_eq(rtnl_addr_msg(got, sizeof(got), 7, true, &a), (int)n);
	ck_assert_mem_eq(got, want, n);
	ck_assert_int_eq(rtnl_addr_msg(got, 40, 7, true, &a), -ENOBUFS);
}
END_TEST

START_TEST(addr_del_v6_golden)
{
	static const char want_hex[] =
		"48000000 1500 0500 09000000 00000000"	/* DELADDR, REQ|ACK */
		"0a 40 00 00 02000000"			/* inet6 /64 ifindex 2 */
		"1400 0200 fc000000000000000000000000000100"
		"1400 0100 fc000000000000000000000000000100"
		"0800 0800 00020000";			/* IFA_FLAGS NOPREFIXROUTE */
	struct rtnl_addr a = { .family = AF_INET6, .ifindex = 2, .prefix = 64,
			       .flags = IFA_F_NOPREFIXROUTE,
			       .addr = { 0xfc, [14] = 1 } };
	uint8_t want[128], got[RTNL_MSG_MAX];
	size_t n;

	if (!little_endian())
		return;
	n = unhex(want_hex, want, sizeof(want));
	ck_assert_int_eq(rtnl_addr_msg(got, sizeof(got), 9, false, &a), (int)n);
	ck_assert_mem_eq(got, want, n);
}
END_TEST

START_TEST(addr_msg_invalid)
{
	struct rtnl_addr a = { .family = AF_INET, .prefix = 33 };
	uint8_t buf[RTNL_MSG_MAX];

	ck_assert_int_eq(rtnl_addr_msg(buf, sizeof(buf), 1, true, &a), -EINVAL);
	a.prefix = 32;
	a.family = AF_UNIX;
	ck_assert_int_eq(rtnl_addr_msg(buf, sizeof(buf), 1, true, &a), -EINVAL);
	a.family = AF_INET6;
	strcpy(a.label, "lo:1");	/* labels are IPv4 only */
	ck_assert_int_eq(rtnl_addr_msg(buf, sizeof(buf), 1, true, &a), -EINVAL);
}
END_TEST

/* What we build, we parse back (the kernel echoes the same layout in
 * RTM_NEWADDR notifications). */
START_TEST(addr_roundtrip_peer)
{
	struct rtnl_addr a = { .family = AF_INET, .ifindex = 4, .prefix = 32,
			       .has_peer = true, .scope = 253,
			       .label = "eth1", .flags = IFA_F_NODAD };
	struct rtnl_event ev;
	uint8_t buf[RTNL_MSG_MAX];
	int n;

	v4(a.addr, 192, 168, 7, 2);
	v4(a.peer, 192, 168, 7, 1);
	n = rtnl_addr_msg(buf, sizeof(buf), 3, true, &a);
	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(rtnl_msg_parse(buf, (size_t)n, &ev), 0);
	ck_assert_int_eq(ev.type, RTNL_EV_ADDR_NEW);
	ck_assert_int_eq(ev.addr.family, AF_INET);
	ck_assert_uint_eq(ev.addr.ifindex, 4);
	ck_assert_uint_eq(ev.addr.prefix, 32);
	ck_assert_uint_eq(ev.addr.scope, 253);
	ck_assert_uint_eq(ev.addr.flags, IFA_F_NODAD);
	ck_assert(ev.addr.has_peer);
	ck_assert_mem_eq(ev.addr.addr, a.addr, 4);
	ck_assert_mem_eq(ev.addr.peer, a.peer, 4);
	ck_assert(!ev.addr.has_brd);
	ck_assert_str_eq(ev.addr.label, "eth1");
	/* truncated: the last attribute is cut */
	ck_assert_int_eq(rtnl_msg_parse(buf, (size_t)n - 2, &ev), -EBADMSG);
	ck_assert_int_eq(rtnl_msg_parse(buf, 10, &ev), -EBADMSG);
}
END_TEST

START_TEST(link_get_golden)
{
	static const char want_hex[] =
		"20000000 1200 0500 05000000 00000000"	/* GETLINK, REQ|ACK */
		"00 00 0000 03000000 00000000 00000000";
	uint8_t want[64], got[64];
	size_t n;

	if (!little_endian())
		return;
	n = unhex(want_hex, want, sizeof(want));
	ck_assert_int_eq(rtnl_link_get_msg(got, sizeof(got), 5, 3), (int)n);
	ck_assert_mem_eq(got, want, n);
}
END_TEST

START_TEST(link_parse_golden)
{
	static const char msg_hex[] =
		"40000000 1000 0000 00000000 00000000"	/* RTM_NEWLINK */
		"00 00 0100 03000000 43100100 00000000"	/* ether, idx 3, UP|RUNNING.. */
		"0900 0300 6574683000 000000"		/* IFLA_IFNAME "eth0" */
		"0800 0400 dc050000"			/* IFLA_MTU 1500 */
		"0a00 0100 02000000000c 0000";		/* IFLA_ADDRESS */
	static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 0x0c };
	uint8_t msg[128];
	struct rtnl_event ev;
	size_t n;

	if (!little_endian())
		return;
	n = unhex(msg_hex, msg, sizeof(msg));
	ck_assert_int_eq(rtnl_msg_parse(msg, n, &ev), 0);
	ck_assert_int_eq(ev.type, RTNL_EV_LINK_NEW);
	ck_assert_uint_eq(ev.link.ifindex, 3);
	ck_assert(ev.link.flags & IFF_UP);
	ck_assert(ev.link.flags & IFF_RUNNING);
	ck_assert_str_eq(ev.link.name, "eth0");
	ck_assert_uint_eq(ev.link.mtu, 1500);
	ck_assert(ev.link.has_hwaddr);
	ck_assert_mem_eq(ev.link.hwaddr, mac, 6);
	/* as RTM_DELLINK */
	msg[4] = 0x11;
	ck_assert_int_eq(rtnl_msg_parse(msg, n, &ev), 0);
	ck_assert_int_eq(ev.type, RTNL_EV_LINK_DEL);
	/* other types are not reported */
	msg[4] = 0x18;	/* RTM_NEWROUTE */
	ck_assert_int_eq(rtnl_msg_parse(msg, n, &ev), 0);
	ck_assert_int_eq(ev.type, RTNL_EV_NONE);
	/* IFLA_IFNAME without its NUL */
	msg[4] = 0x10;
	msg[40] = 'x';
	ck_assert_int_eq(rtnl_msg_parse(msg, n, &ev), -EBADMSG);
}
END_TEST

START_TEST(ack_extack_golden)
{
	static const char msg_hex[] =
		"44000000 0200 0003 07000000 39300000"	/* ERROR, CAPPED|ACK_TLVS */
		"efffffff"				/* -EEXIST */
		"3c000000 1400 0506 07000000 00000000"	/* the request's header */
		"1d00 0100 4164647265737320616c72656164792061737369676e6564 00 000000";
	static const char ack_hex[] =
		"24000000 0200 0001 07000000 39300000 00000000"
		"3c000000 1400 0506 07000000 00000000";
	uint8_t msg[128];
	char err[RTNL_ERRMSG_MAX];
	size_t n;

	if (!little_endian())
		return;
	n = unhex(msg_hex, msg, sizeof(msg));
	ck_assert_int_eq(rtnl_ack_parse(msg, n, err, sizeof(err)), -EEXIST);
	ck_assert_str_eq(err, "Address already assigned");
	ck_assert_int_eq(rtnl_ack_parse(msg, n, err, 8), -EEXIST);
	ck_assert_str_eq(err, "Address");
	n = unhex(ack_hex, msg, sizeof(msg));
	ck_assert_int_eq(rtnl_ack_parse(msg, n, err, sizeof(err)), 0);
	ck_assert_str_eq(err, "");
	ck_assert_int_eq(rtnl_ack_parse(msg, 18, err, sizeof(err)), -EBADMSG);
	msg[4] = 0x14;	/* not NLMSG_ERROR */
	ck_assert_int_eq(rtnl_ack_parse(msg, n, err, sizeof(err)), -EBADMSG);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("vrrp_rtnl");
	TCase *tc = tcase_create("messages");

	tcase_add_test(tc, addr_add_v4_golden);
	tcase_add_test(tc, addr_del_v6_golden);
	tcase_add_test(tc, addr_msg_invalid);
	tcase_add_test(tc, addr_roundtrip_peer);
	tcase_add_test(tc, link_get_golden);
	tcase_add_test(tc, link_parse_golden);
	tcase_add_test(tc, ack_extack_golden);
	suite_add_tcase(s, tc);
	return ck_run(s);
}
