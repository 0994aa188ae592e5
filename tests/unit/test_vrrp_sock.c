/* test_vrrp_sock.c: VRID demultiplexing and per-reason drop counters of
 * the VRRP socket layer, fed directly (no descriptor, no kernel).
 *
 * The first packet is a real keepalived 2.2.7 advert (captured in the lab,
 * also used by test_vrrp_pkt.c): v2, VRID 51, priority 255, PASS "secret",
 * VIPs 10.0.0.100 and 10.0.0.101, source 10.0.0.1.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "vrrp_sock.h"
#include "ck_run.h"

static const char ka_v2_pass[] =
	"45c0002c00030000ff70d08b0a000001e00000122133ff0201018db30a000064"
	"0a0000657365637265740000";
/* keepalived v3 IPv6, VRID 53 (whole IPv6 packet; payload from byte 40) */
static const char ka_v3_v6[] =
	"6c008e8f002870fffe8000000000000020840dfffe292bb1ff02000000000000"
	"00000000000000123135ff0200647ed4fc000000000000000000000000000100"
	"fc000000000000000000000000000101";

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

struct rx_log {
	unsigned calls;
	struct vrrp_adv last;
};

static void
rx_cb(void *arg, const struct vrrp_adv *adv)
{
	struct rx_log *l = arg;

	l->calls++;
	l->last = *adv;
}

static void
v2_expect(struct vrrp_pkt_expect *e, const char *pass)
{
	memset(e, 0, sizeof(*e));
	e->family = AF_INET;
	e->version = 2;
	e->auth_type = VRRP_AUTH_PASS;
	vrrp_pkt_auth_pass(pass, e->auth_data);
	e->adver_int = 1;
}

START_TEST(demux_delivers_to_vrid)
{
	struct vrrp_sock *s = calloc(1, sizeof(*s));
	struct vrrp_pkt_expect e;
	struct rx_log a = { 0 }, b = { 0 };
	uint8_t pkt[128];
	size_t n = unhex(ka_v2_pass, pkt, sizeof(pkt));

	vrrp_sock_init(s, AF_INET, 3, "eth0");
	ck_assert_int_eq(s->fd, -1);
	v2_expect(&e, "secret");
	ck_assert_int_eq(vrrp_sock_register(s, 51, &e, rx_cb, &a), 0);
	ck_assert_int_eq(vrrp_sock_register(s, 51, &e, rx_cb, &b), -EBUSY);
	ck_assert_int_eq(vrrp_sock_register(s, 52, &e, rx_cb, &b), 0);
	ck_assert_int_eq(vrrp_sock_demux(s, pkt, n, NULL), VRRP_PKT_OK);
	ck_assert_uint_eq(a.calls, 1);
	ck_assert_uint_eq(b.calls, 0);
	ck_assert_uint_eq(a.last.vrid, 51);
	ck_assert_uint_eq(a.last.priority, 255);
	ck_assert_uint_eq(a.last.naddr, 2);
	ck_assert_uint_eq(a.last.src.addr[3], 1);
	ck_assert_uint_eq(s->stats.rx, 1);
	ck_assert_uint_eq(s->stats.accepted, 1);
	free(s);
}
END_TEST

START_TEST(demux_counts_drops)
{
	struct vrrp_sock *s = calloc(1, sizeof(*s));
	struct vrrp_pkt_expect e;
	struct rx_log a = { 0 };
	uint8_t pkt[128];
	size_t n = unhex(ka_v2_pass, pkt, sizeof(pkt));

	vrrp_sock_init(s, AF_INET, 3, "eth0");
	/* no instance for VRID 51 */
	ck_assert_int_eq(vrrp_sock_demux(s, pkt, n, NULL), VRRP_PKT_ERR_MAX);
	ck_assert_uint_eq(s->stats.drop_vrid, 1);
	/* wrong password */
	v2_expect(&e, "other");
	ck_assert_int_eq(vrrp_sock_register(s, 51, &e, rx_cb, &a), 0);
	ck_assert_int_eq(vrrp_sock_demux(s, pkt, n, NULL), VRRP_PKT_ERR_AUTH_FAIL);
	ck_assert_uint_eq(s->stats.drop[VRRP_PKT_ERR_AUTH_FAIL], 1);
	/* truncated before the VRID, bad IHL, short VRRP header */
	ck_assert_int_eq(vrrp_sock_demux(s, pkt, 0, NULL), VRRP_PKT_ERR_TRUNCATED);
	ck_assert_int_eq(vrrp_sock_demux(s, pkt, 21, NULL), VRRP_PKT_ERR_TRUNCATED);
	ck_assert_int_eq(vrrp_sock_demux(s, pkt, 24, NULL), VRRP_PKT_ERR_TRUNCATED);
	pkt[0] = 0x44;
	ck_assert_int_eq(vrrp_sock_demux(s, pkt, n, NULL), VRRP_PKT_ERR_IP_HDR);
	pkt[0] = 0x45;
	pkt[8] = 64;	/* TTL */
	ck_assert_int_eq(vrrp_sock_demux(s, pkt, n, NULL), VRRP_PKT_ERR_TTL);
	ck_assert_uint_eq(s->stats.drop[VRRP_PKT_ERR_TRUNCATED], 3);
	ck_assert_uint_eq(s->stats.drop[VRRP_PKT_ERR_IP_HDR], 1);
	ck_assert_uint_eq(s->stats.drop[VRRP_PKT_ERR_TTL], 1);
	ck_assert_uint_eq(s->stats.rx, 7);
	ck_assert_uint_eq(s->stats.accepted, 0);
	ck_assert_uint_eq(a.calls, 0);
	/* unregister: VRID unknown again */
	pkt[8] = 255;
	vrrp_sock_unregister(s, 51);
	ck_assert_int_eq(vrrp_sock_demux(s, pkt, n, NULL), VRRP_PKT_ERR_MAX);
	ck_assert_uint_eq(s->stats.drop_vrid, 2);
	free(s);
}
END_TEST

START_TEST(demux_ipv6_meta)
{
	struct vrrp_sock *s = calloc(1, sizeof(*s));
	struct vrrp_pkt_expect e = { .family = AF_INET6, .version = 3 };
	struct vrrp_pkt_rx_meta m = { .hop_limit = 255 };
	struct rx_log a = { 0 };
	uint8_t raw[128];
	size_t n = unhex(ka_v3_v6, raw, sizeof(raw));

	vrrp_sock_init(s, AF_INET6, 3, "eth0");
	m.src.family = m.dst.family = AF_INET6;
	memcpy(m.src.addr, raw + 8, 16);
	memcpy(m.dst.addr, raw + 24, 16);
	ck_assert_int_eq(vrrp_sock_register(s, 53, &e, rx_cb, &a), 0);
	ck_assert_int_eq(vrrp_sock_demux(s, raw + 40, n - 40, &m), VRRP_PKT_OK);
	ck_assert_uint_eq(a.calls, 1);
	ck_assert_uint_eq(a.last.adver_int, 100);
	ck_assert_uint_eq(a.last.src.addr[0], 0xfe);
	m.hop_limit = 1;
	ck_assert_int_eq(vrrp_sock_demux(s, raw + 40, n - 40, &m), VRRP_PKT_ERR_TTL);
	/* a corrupted address breaks the v3 checksum (pseudo-header) */
	m.hop_limit = 255;
	m.src.addr[15] ^= 1;
	ck_assert_int_eq(vrrp_sock_demux(s, raw + 40, n - 40, &m),
			 VRRP_PKT_ERR_CHECKSUM);
	ck_assert_uint_eq(a.calls, 1);
	ck_assert_uint_eq(s->stats.drop[VRRP_PKT_ERR_TTL], 1);
	ck_assert_uint_eq(s->stats.drop[VRRP_PKT_ERR_CHECKSUM], 1);
	free(s);
}
END_TEST

/* Our own encoder's output goes through the same path. */
START_TEST(demux_encoded_v3)
{
	struct vrrp_sock *s = calloc(1, sizeof(*s));
	struct vrrp_pkt_expect e = { .family = AF_INET, .version = 3 };
	struct rx_log a = { 0 };
	struct vrrp_ip vip = { .family = AF_INET, .addr = { 10, 0, 0, 100 } };
	struct vrrp_pkt_build b = {
		.family = AF_INET, .version = 3, .vrid = 7, .priority = 150,
		.adver_int = 10, .ttl = 255,
		.src = { .family = AF_INET, .addr = { 10, 0, 0, 12 } },
		.dst = { .family = AF_INET, .addr = { 224, 0, 0, 18 } },
		.vips = &vip, .n_vips = 1,
	};
	uint8_t pkt[256];
	int n = vrrp_pkt_encode(&b, pkt, sizeof(pkt));

	ck_assert_int_gt(n, 0);
	vrrp_sock_init(s, AF_INET, 3, "eth0");
	ck_assert_int_eq(vrrp_sock_register(s, 7, &e, rx_cb, &a), 0);
	ck_assert_int_eq(vrrp_sock_demux(s, pkt, (size_t)n, NULL), VRRP_PKT_OK);
	ck_assert_uint_eq(a.last.priority, 150);
	ck_assert_uint_eq(a.last.adver_int, 10);
	ck_assert(vrrp_adv_match_addrs(&a.last, &vip, 1));
	free(s);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("vrrp_sock");
	TCase *tc = tcase_create("demux");

	tcase_add_test(tc, demux_delivers_to_vrid);
	tcase_add_test(tc, demux_counts_drops);
	tcase_add_test(tc, demux_ipv6_meta);
	tcase_add_test(tc, demux_encoded_v3);
	suite_add_tcase(s, tc);
	return ck_run(s);
}
