/* test_vrrp_garp.c: gratuitous ARP / unsolicited NA frames against golden
 * bytes, and the announcement schedule driven by a fake clock. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vrrp_garp.h"
#include "ck_run.h"

#define S(x)	((uint64_t)(x) * 1000000u)
#define MS(x)	((uint64_t)(x) * 1000u)

static const uint8_t mac[6] = { 0x02, 0, 0, 0, 0, 0x0c };

static size_t
unhex(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = strlen(hex) / 2, i;

	ck_assert_uint_le(n, cap);
	for (i = 0; i < n; i++) {
		char b[3] = { hex[2 * i], hex[2 * i + 1], 0 };
		out[i] = (uint8_t)strtoul(b, NULL, 16);
	}
	return n;
}

START_TEST(arp_frame_golden)
{
	static const char want_hex[] =
		"ffffffffffff" "02000000000c" "0806"	/* Ethernet */
		"0001" "0800" "06" "04" "0001"		/* Ethernet/IPv4, request */
		"02000000000c" "0a000064"		/* sender: our MAC, VIP */
		"ffffffffffff" "0a000064";		/* target: broadcast, VIP */
	const uint8_t ip[4] = { 10, 0, 0, 100 };
	uint8_t want[64], got[64];
	size_t n = unhex(want_hex, want, sizeof(want));

	ck_assert_uint_eq(n, VRRP_GARP_ARP_LEN);
	ck_assert_int_eq(vrrp_garp_arp_frame(got, sizeof(got), mac, ip),
			 VRRP_GARP_ARP_LEN);
	ck_assert_mem_eq(got, want, n);
	ck_assert_int_eq(vrrp_garp_arp_frame(got, 41, mac, ip), -ENOBUFS);
}
END_TEST

START_TEST(na_msg_golden)
{
	static const char want_hex[] =
		"88" "00" "0000" "20000000"		/* NA, checksum 0, O flag */
		"fc000000000000000000000000000100"	/* target */
		"0201" "02000000000c";			/* target LL address opt */
	static const char router_hex[] = "88" "00" "0000" "a0000000";
	const uint8_t ip6[16] = { 0xfc, 0, [14] = 1, [15] = 0 };
	uint8_t want[64], got[64];
	size_t n = unhex(want_hex, want, sizeof(want));

	ck_assert_uint_eq(n, VRRP_GARP_NA_LEN);
	ck_assert_int_eq(vrrp_garp_na_msg(got, sizeof(got), mac, ip6, false),
			 VRRP_GARP_NA_LEN);
	ck_assert_mem_eq(got, want, n);
	ck_assert_int_eq(vrrp_garp_na_msg(got, sizeof(got), mac, ip6, true),
			 VRRP_GARP_NA_LEN);
	n = unhex(router_hex, want, sizeof(want));
	ck_assert_mem_eq(got, want, n);
	ck_assert_int_eq(vrrp_garp_na_msg(got, 31, mac, ip6, false), -ENOBUFS);
}
END_TEST

/* Drive the schedule: poll at every due time until @end, recording the
 * rounds sent at each instant into @at/@rounds. */
static size_t
run(struct vrrp_garp_sched *s, const struct vrrp_garp_cfg *c, uint64_t t,
    uint64_t end, uint64_t *at, unsigned *rounds, size_t cap)
{
	size_t n = 0;
	uint64_t next;
	unsigned r;

	for (;;) {
		r = vrrp_garp_sched_poll(s, c, t, &next);
		if (r) {
			ck_assert_uint_lt(n, cap);
			at[n] = t;
			rounds[n++] = r;
		}
		if (!next || next > end)
			return n;
		ck_assert_uint_ge(next, t);
		t = next;
	}
}

START_TEST(sched_master_default)
{
	/* keepalived defaults: 5 at once, 5 more after 5 s, no refresh */
	struct vrrp_garp_cfg c = { .master_delay_us = S(5), .master_repeat = 5,
				   .refresh_repeat = 1 };
	struct vrrp_garp_sched s;
	uint64_t at[16];
	unsigned r[16];
	size_t n;

	vrrp_garp_sched_master(&s, &c, S(100));
	n = run(&s, &c, S(100), S(1000), at, r, 16);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(at[0], S(100));
	ck_assert_uint_eq(r[0], 5);
	ck_assert_uint_eq(at[1], S(105));
	ck_assert_uint_eq(r[1], 5);
}
END_TEST

START_TEST(sched_master_no_delay_refresh)
{
	struct vrrp_garp_cfg c = { .master_delay_us = 0, .master_repeat = 1,
				   .refresh_us = S(60), .refresh_repeat = 2 };
	struct vrrp_garp_sched s;
	uint64_t at[16];
	unsigned r[16];
	size_t n;

	vrrp_garp_sched_master(&s, &c, S(10));
	n = run(&s, &c, S(10), S(200), at, r, 16);
	ck_assert_uint_eq(n, 4);
	ck_assert_uint_eq(at[0], S(10));
	ck_assert_uint_eq(r[0], 1);
	ck_assert_uint_eq(at[1], S(70));
	ck_assert_uint_eq(r[1], 2);
	ck_assert_uint_eq(at[2], S(130));
	ck_assert_uint_eq(at[3], S(190));
	/* leaving master stops everything */
	vrrp_garp_sched_stop(&s);
	n = run(&s, &c, S(200), S(1000), at, r, 16);
	ck_assert_uint_eq(n, 0);
}
END_TEST

START_TEST(sched_interval_spacing)
{
	/* vrrp_garp_interval 100 ms: rounds of a burst are spaced */
	struct vrrp_garp_cfg c = { .master_delay_us = S(2), .master_repeat = 3,
				   .interval_us = MS(100) };
	struct vrrp_garp_sched s;
	uint64_t at[16];
	unsigned r[16];
	size_t n, k;

	vrrp_garp_sched_master(&s, &c, S(1));
	n = run(&s, &c, S(1), S(100), at, r, 16);
	ck_assert_uint_eq(n, 6);
	for (k = 0; k < n; k++)
		ck_assert_uint_eq(r[k], 1);
	ck_assert_uint_eq(at[1], S(1) + MS(100));
	ck_assert_uint_eq(at[2], S(1) + MS(200));
	ck_assert_uint_eq(at[3], S(3));
	ck_assert_uint_eq(at[5], S(3) + MS(200));
}
END_TEST

START_TEST(sched_lower_prio)
{
	struct vrrp_garp_cfg c = { .master_delay_us = 0, .master_repeat = 1,
				   .lower_delay_us = S(2), .lower_repeat = 3 };
	struct vrrp_garp_sched s;
	uint64_t at[16], next;
	unsigned r[16];
	size_t n;

	vrrp_garp_sched_master(&s, &c, S(0));
	ck_assert_uint_eq(vrrp_garp_sched_poll(&s, &c, S(0), &next), 1);
	ck_assert_uint_eq(next, 0);
	/* at once (keepalived refreshes the clients' ARP caches when it
	 * hears a lower priority), then again after lower_delay */
	vrrp_garp_sched_lower(&s, &c, S(50));
	ck_assert_uint_eq(vrrp_garp_sched_poll(&s, &c, S(50), &next), 3);
	ck_assert_uint_eq(next, S(52));
	/* another one a second later: at once again (the delayed burst
	 * moves); one more while that burst is pending changes nothing */
	vrrp_garp_sched_lower(&s, &c, S(51));
	vrrp_garp_sched_lower(&s, &c, S(51));
	n = run(&s, &c, S(51), S(100), at, r, 16);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(at[0], S(51));
	ck_assert_uint_eq(r[0], 3);
	ck_assert_uint_eq(at[1], S(53));
	ck_assert_uint_eq(r[1], 3);
	/* lower_repeat 0: nothing */
	c.lower_repeat = 0;
	vrrp_garp_sched_lower(&s, &c, S(60));
	ck_assert_uint_eq(vrrp_garp_sched_poll(&s, &c, S(90), &next), 0);
	ck_assert_uint_eq(next, 0);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("vrrp_garp");
	TCase *tf = tcase_create("frames"), *ts = tcase_create("schedule");

	tcase_add_test(tf, arp_frame_golden);
	tcase_add_test(tf, na_msg_golden);
	tcase_add_test(ts, sched_master_default);
	tcase_add_test(ts, sched_master_no_delay_refresh);
	tcase_add_test(ts, sched_interval_spacing);
	tcase_add_test(ts, sched_lower_prio);
	suite_add_tcase(s, tf);
	suite_add_tcase(s, ts);
	return ck_run(s);
}
