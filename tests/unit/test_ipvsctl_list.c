/* test_ipvsctl_list.c: ipvsctl's text listings and -S output against the
 * exact text ipvsadm 1.31 prints (the expected strings were checked
 * against Debian's ipvsadm in the UML lab). */
#include "ck_run.h"
#include "test_ipvsctl_list_util.h"

#define TITLE_DEFAULT "Prot LocalAddress:Port Scheduler Flags\n" \
	"  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n"

static char *
render(const struct list_style *st, const struct ipvs_service *svc,
       struct ipvs_dest *d, size_t n)
{
	struct capture c;

	list_text_service(cap_open(&c), st, svc, d, n);
	return cap_close(&c);
}

static void
expect_service(const struct list_style *st, const struct ipvs_service *svc,
	       struct ipvs_dest *d, size_t n, const char *want)
{
	char *got = render(st, svc, d, n);

	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(test_header_title)
{
	struct ipvs_info info = { .version = 0x010201, .conn_tab_size = 4096 };
	struct list_style st = { .view = LIST_VIEW_DEFAULT };
	struct capture c;
	char *got;

	list_text_header(cap_open(&c), &info);
	list_text_title(c.f, &st);
	got = cap_close(&c);
	ck_assert_str_eq(got, "IP Virtual Server version 1.2.1 (size=4096)\n" TITLE_DEFAULT);
	free(got);
}
END_TEST

/* Each view's column titles. */
static const struct {
	enum list_view view;
	const char *want;
} titles[] = {
	{ LIST_VIEW_STATS, "Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes\n"
			   "  -> RemoteAddress:Port\n" },
	{ LIST_VIEW_RATE, "Prot LocalAddress:Port                 CPS    InPPS   OutPPS    InBPS   OutBPS\n"
			  "  -> RemoteAddress:Port\n" },
	{ LIST_VIEW_THRESHOLDS, "Prot LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn \n"
				"  -> RemoteAddress:Port\n" },
	{ LIST_VIEW_PERSISTCONN, "Prot LocalAddress:Port            Weight    PersistConn ActiveConn InActConn \n"
				 "  -> RemoteAddress:Port\n" },
	{ LIST_VIEW_TUNINFO, "Prot LocalAddress:Port Scheduler Flags\n"
			     "  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn InActConn\n" },
	{ LIST_VIEW_DEFAULT, TITLE_DEFAULT },
	{ LIST_VIEW_RULE, "" },
};

START_TEST(test_titles)
{
	struct list_style st = { .view = titles[_i].view };
	struct capture c;
	char *got;

	list_text_title(cap_open(&c), &st);
	got = cap_close(&c);
	ck_assert_str_eq(got, titles[_i].want);
	free(got);
}
END_TEST

START_TEST(test_v4_default_sorted)
{
	struct list_style st = { .numeric = true, .sort = true };
	struct ipvs_service s = svc4(IPPROTO_TCP, "10.0.0.1", 80, "rr");
	struct ipvs_dest d[4] = {
		dst("192.168.10.5", 80, IP_VS_CONN_F_DROUTE, 1),
		dst("10.0.0.3", 8080, IP_VS_CONN_F_MASQ, 0),
		dst("10.0.0.2", 80, IP_VS_CONN_F_MASQ, 3),
		dst("200.0.0.7", 80, IP_VS_CONN_F_LOCALNODE, 1),
	};

	d[2].activeconns = 12;
	d[2].inactconns = 345;
	/* ipvsadm's comparator subtracts 32-bit words as int, so the order
	 * wraps: 192.168.10.5 < 200.0.0.7 < 10.0.0.2 (checked in the lab). */
	expect_service(&st, &s, d, 4,
		"TCP  10.0.0.1:80 rr\n"
		"  -> 192.168.10.5:80              Route   1      0          0         \n"
		"  -> 200.0.0.7:80                 Local   1      0          0         \n"
		"  -> 10.0.0.2:80                  Masq    3      12         345       \n"
		"  -> 10.0.0.3:8080                Masq    0      0          0         \n");
}
END_TEST

START_TEST(test_nosort_keeps_order)
{
	struct list_style st = { .numeric = true, .sort = false };
	struct ipvs_service s = svc4(IPPROTO_UDP, "10.0.0.1", 53, "wlc");
	struct ipvs_dest d[2] = {
		dst("10.0.0.9", 53, IP_VS_CONN_F_MASQ, 1),
		dst("10.0.0.2", 53, IP_VS_CONN_F_BYPASS, -1),
	};

	expect_service(&st, &s, d, 2,
		"UDP  10.0.0.1:53 wlc\n"
		"  -> 10.0.0.9:53                  Masq    1      0          0         \n"
		"  -> 10.0.0.2:53                  (null)  -1     0          0         \n");
}
END_TEST

START_TEST(test_service_flags)
{
	struct list_style st = { .numeric = true, .sort = true };
	struct ipvs_service a = svc4(IPPROTO_TCP, "200.0.0.1", 443, "wlc");
	struct ipvs_service b = svc4(IPPROTO_UDP, "10.0.0.1", 53, "sh");
	struct ipvs_service c = svc4(IPPROTO_UDP, "10.0.0.1", 5060, "rr");
	struct ipvs_service d = svc4(IPPROTO_TCP, "127.0.0.1", 22, "mh");
	struct ipvs_service e = svc4(IPPROTO_TCP, "128.0.0.1", 80, "rr");
	struct ipvs_service f = svc4(IPPROTO_SCTP, "10.0.0.1", 3868, "rr");
	struct ipvs_service g = svc4(IPPROTO_TCP, "10.0.0.1", 80, "sh");

	a.flags = IP_VS_SVC_F_PERSISTENT;
	a.timeout = 600;
	a.netmask = 0xffffff00U;
	expect_service(&st, &a, NULL, 0, "TCP  200.0.0.1:443 wlc persistent 600 mask 255.255.255.0\n");
	b.flags = IP_VS_SVC_F_SCHED1 | IP_VS_SVC_F_SCHED2 | IP_VS_SVC_F_ONEPACKET;
	expect_service(&st, &b, NULL, 0, "UDP  10.0.0.1:53 sh (sh-fallback,sh-port) ops\n");
	c.flags = IP_VS_SVC_F_PERSISTENT;
	c.timeout = 60;
	snprintf(c.pe_name, sizeof(c.pe_name), "sip");
	expect_service(&st, &c, NULL, 0, "UDP  10.0.0.1:5060 rr persistent 60 pe sip\n");
	d.flags = IP_VS_SVC_F_SCHED2;
	expect_service(&st, &d, NULL, 0, "TCP  127.0.0.1:22 mh (mh-port)\n");
	e.flags = IP_VS_SVC_F_SCHED1 | IP_VS_SVC_F_SCHED3 | IP_VS_SVC_F_HASHED;
	expect_service(&st, &e, NULL, 0, "TCP  128.0.0.1:80 rr (flag-1,flag-3)\n");
	expect_service(&st, &f, NULL, 0, "SCTP 10.0.0.1:3868 rr\n");
	/* sh has no name for flag-3: ipvsadm prints empty parentheses. */
	g.flags = IP_VS_SVC_F_SCHED3;
	expect_service(&st, &g, NULL, 0, "TCP  10.0.0.1:80 sh ()\n");
}
END_TEST

START_TEST(test_v6_and_fwmark)
{
	struct list_style st = { .numeric = true, .sort = true };
	struct ipvs_service s = svc6(IPPROTO_TCP, "2001:db8::1", 80, "wrr");
	struct ipvs_service f4 = svcfw(AF_INET, 7, "lc");
	struct ipvs_service f6 = svcfw(AF_INET6, 8, "rr");
	struct ipvs_service fmax = svcfw(AF_INET, 4294967295U, "rr");
	struct ipvs_dest d[2] = {
		dst("2001:db8::3", 81, IP_VS_CONN_F_MASQ, 1),
		dst("2001:db8::2", 80, IP_VS_CONN_F_MASQ, 5),
	};
	struct ipvs_dest fd4 = dst("10.0.0.20", 0, IP_VS_CONN_F_DROUTE, 1);
	struct ipvs_dest fd6 = dst("2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff", 0, IP_VS_CONN_F_DROUTE, 1);

	s.flags = IP_VS_SVC_F_PERSISTENT;
	s.timeout = 100;
	s.netmask = 64;
	expect_service(&st, &s, d, 2,
		"TCP  [2001:db8::1]:80 wrr persistent 100 mask 64\n"
		"  -> [2001:db8::2]:80             Masq    5      0          0         \n"
		"  -> [2001:db8::3]:81             Masq    1      0          0         \n");
	f4.flags = IP_VS_SVC_F_PERSISTENT;
	f4.timeout = 300;
	expect_service(&st, &f4, &fd4, 1,
		"FWM  7 lc persistent 300\n"
		"  -> 10.0.0.20:0                  Route   1      0          0         \n");
	/* IPv6 names are not cut at 28 columns. */
	expect_service(&st, &f6, &fd6, 1,
		"FWM  8 IPv6 rr\n"
		"  -> [2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff]:0 Route   1      0          0         \n");
	expect_service(&st, &fmax, NULL, 0, "FWM  -1 rr\n");
}
END_TEST

START_TEST(test_stats_scaling)
{
	struct list_style st = { .view = LIST_VIEW_STATS, .numeric = true, .sort = true };
	struct ipvs_service s = svc4(IPPROTO_TCP, "10.0.0.1", 80, "rr");
	struct ipvs_dest d = dst("10.0.0.2", 80, IP_VS_CONN_F_MASQ, 1);

	s.stats = (struct ipvs_stats){ .conns = 99999999ULL, .inpkts = 100000000ULL,
		.outpkts = 1000000000ULL, .inbytes = 100000000000ULL, .outbytes = 100000000000000ULL };
	d.stats = (struct ipvs_stats){ .conns = 1, .inpkts = 999999999ULL, .outpkts = 99999999999ULL,
		.inbytes = 99999999999999ULL, .outbytes = 18446744073709551615ULL };
	expect_service(&st, &s, &d, 1,
		"TCP  10.0.0.1:80                  99999999  100000K    1000M     100G     100T\n"
		"  -> 10.0.0.2:80                         1  999999K   99999M   99999G18446744T\n");
	st.exact = true;
	expect_service(&st, &s, &d, 1,
		"TCP  10.0.0.1:80                  99999999 100000000 1000000000 100000000000 100000000000000\n"
		"  -> 10.0.0.2:80                         1 999999999 99999999999 99999999999999 18446744073709551615\n");
}
END_TEST

START_TEST(test_rate)
{
	struct list_style st = { .view = LIST_VIEW_RATE, .numeric = true, .sort = true };
	struct ipvs_service s = svc4(IPPROTO_TCP, "10.0.0.1", 80, "rr");
	struct ipvs_dest d = dst("10.0.0.2", 80, IP_VS_CONN_F_MASQ, 1);

	s.stats = (struct ipvs_stats){ .cps = 5, .inpps = 7, .outpps = 0, .inbps = 123456789ULL, .outbps = 60 };
	/* Destination CPS/InPPS/OutPPS are never scaled. */
	d.stats = (struct ipvs_stats){ .cps = 1234567890ULL, .inpps = 2, .outpps = 3,
		.inbps = 123456789ULL, .outbps = 9 };
	expect_service(&st, &s, &d, 1,
		"TCP  10.0.0.1:80                         5        7        0  123456K       60\n"
		"  -> 10.0.0.2:80                  1234567890        2        3  123456K        9\n");
}
END_TEST

START_TEST(test_thresholds_persist_tuninfo)
{
	struct list_style st = { .view = LIST_VIEW_THRESHOLDS, .numeric = true, .sort = true };
	struct ipvs_service s = svc4(IPPROTO_TCP, "200.0.0.1", 443, "wlc");
	struct ipvs_dest d[4] = {
		dst("10.0.0.3", 443, IP_VS_CONN_F_TUNNEL, 0),
		dst("10.0.0.10", 443, IP_VS_CONN_F_TUNNEL, 1),
		dst("10.0.0.11", 443, IP_VS_CONN_F_TUNNEL, 1),
		dst("10.0.0.12", 443, IP_VS_CONN_F_MASQ, 2),
	};

	d[0].u_threshold = 100;
	d[0].l_threshold = 10;
	d[0].persistconns = 4;
	d[1].tun_type = IP_VS_CONN_F_TUNNEL_TYPE_GUE;
	d[1].tun_port = 6080;
	d[1].tun_flags = IP_VS_TUNNEL_ENCAP_FLAG_CSUM;
	d[2].tun_type = IP_VS_CONN_F_TUNNEL_TYPE_GRE;
	d[2].tun_flags = IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM;
	expect_service(&st, &s, d, 4,
		"TCP  200.0.0.1:443 wlc\n"
		"  -> 10.0.0.3:443                 100        10         0          0         \n"
		"  -> 10.0.0.10:443                0          0          0          0         \n"
		"  -> 10.0.0.11:443                0          0          0          0         \n"
		"  -> 10.0.0.12:443                0          0          0          0         \n");
	st.view = LIST_VIEW_PERSISTCONN;
	expect_service(&st, &s, d, 1,
		"TCP  200.0.0.1:443 wlc\n"
		"  -> 10.0.0.3:443                 0         4           0          0         \n");
	st.view = LIST_VIEW_TUNINFO;
	expect_service(&st, &s, d, 4,
		"TCP  200.0.0.1:443 wlc\n"
		"  -> 10.0.0.3:443                 Tunnel  ipip          0      0          0         \n"
		"  -> 10.0.0.10:443                Tunnel  gue:6080:+c   1      0          0         \n"
		"  -> 10.0.0.11:443                Tunnel  gre:r+c       1      0          0         \n"
		"  -> 10.0.0.12:443                Masq    n/a           2      0          0         \n");
}
END_TEST

START_TEST(test_save_rules)
{
	struct list_style st = { .view = LIST_VIEW_RULE, .numeric = true, .sort = true };
	struct ipvs_service a = svc4(IPPROTO_TCP, "200.0.0.1", 443, "wlc");
	struct ipvs_service b = svc6(IPPROTO_UDP, "2001:db8::1", 5060, "sh");
	struct ipvs_service f = svcfw(AF_INET6, 8, "rr");
	struct ipvs_service x = svc4(IPPROTO_SCTP, "10.0.0.1", 3868, "rr");
	struct ipvs_dest d[5] = {
		dst("10.0.0.9", 443, IP_VS_CONN_F_TUNNEL, 1),
		dst("10.0.0.10", 443, IP_VS_CONN_F_TUNNEL, 1),
		dst("10.0.0.11", 443, IP_VS_CONN_F_TUNNEL, 1),
		dst("10.0.0.12", 8443, IP_VS_CONN_F_MASQ, 0),
		dst("10.0.0.13", 443, IP_VS_CONN_F_LOCALNODE, 7),
	};
	struct ipvs_dest fd = dst("2001:db8::20", 0, IP_VS_CONN_F_DROUTE, 1);

	a.flags = IP_VS_SVC_F_PERSISTENT;
	a.timeout = 600;
	a.netmask = 0xffffff00U;
	d[1].tun_type = IP_VS_CONN_F_TUNNEL_TYPE_GUE;
	d[1].tun_port = 6080;
	d[1].tun_flags = IP_VS_TUNNEL_ENCAP_FLAG_CSUM;
	d[2].tun_type = IP_VS_CONN_F_TUNNEL_TYPE_GRE;
	expect_service(&st, &a, d, 5,
		"-A -t 200.0.0.1:443 -s wlc -p 600 -M 255.255.255.0\n"
		"-a -t 200.0.0.1:443 -r 10.0.0.9:443 -i -w 1 --tun-type ipip\n"
		"-a -t 200.0.0.1:443 -r 10.0.0.10:443 -i -w 1 --tun-type gue --tun-port 6080 --tun-csum\n"
		"-a -t 200.0.0.1:443 -r 10.0.0.11:443 -i -w 1 --tun-type gre --tun-nocsum\n"
		"-a -t 200.0.0.1:443 -r 10.0.0.12:8443 -m -w 0\n"
		"-a -t 200.0.0.1:443 -r 10.0.0.13:443 -g -w 7\n");
	b.flags = IP_VS_SVC_F_PERSISTENT | IP_VS_SVC_F_ONEPACKET | IP_VS_SVC_F_SCHED1;
	b.timeout = 60;
	b.netmask = 64;
	snprintf(b.pe_name, sizeof(b.pe_name), "sip");
	expect_service(&st, &b, NULL, 0,
		"-A -u [2001:db8::1]:5060 -s sh -p 60 -M 64 --pe sip -o -b sh-fallback\n");
	expect_service(&st, &f, &fd, 1,
		"-A -f 8 -6 -s rr\n"
		"-a -f 8 -6 -r [2001:db8::20]:0 -g -w 1\n");
	expect_service(&st, &x, NULL, 0, "-A --sctp-service 10.0.0.1:3868 -s rr\n");
}
END_TEST

START_TEST(test_sort_services)
{
	struct ipvs_service s[6] = {
		svc4(IPPROTO_TCP, "10.0.0.1", 80, "rr"),
		svc4(IPPROTO_UDP, "10.0.0.1", 53, "rr"),
		svcfw(AF_INET, 7, "rr"),
		svc4(IPPROTO_TCP, "200.0.0.1", 443, "rr"),
		svc6(IPPROTO_TCP, "2001:db8::1", 80, "rr"),
		svc4(IPPROTO_TCP, "10.0.0.1", 22, "rr"),
	};

	list_sort_services(s, 6);
	/* fwmark 0 first (by af, protocol, wrapped address, port), then marks. */
	ck_assert_uint_eq(s[0].port, 443);	/* 200.0.0.1 wraps below 10.0.0.1 */
	ck_assert_uint_eq(s[1].port, 22);
	ck_assert_uint_eq(s[2].port, 80);
	ck_assert_uint_eq(s[2].af, AF_INET);
	ck_assert_uint_eq(s[3].protocol, IPPROTO_UDP);
	ck_assert_uint_eq(s[4].af, AF_INET6);
	ck_assert_uint_eq(s[5].fwmark, 7);
}
END_TEST

START_TEST(test_timeouts_daemons)
{
	struct ipvs_timeouts t = { .tcp = 900, .tcp_fin = 120, .udp = 300 };
	struct ipvs_daemon d[2];
	struct capture c;
	char *got;

	memset(d, 0, sizeof(d));
	d[0].state = IP_VS_STATE_MASTER;
	snprintf(d[0].mcast_ifn, sizeof(d[0].mcast_ifn), "dum0");
	d[0].syncid = 5;
	d[0].sync_maxlen = 1472;
	d[0].mcast_af = AF_INET;
	inet_pton(AF_INET, "224.0.0.81", &d[0].mcast_group.in);
	d[0].mcast_port = 8848;
	d[0].mcast_ttl = 1;
	d[1].state = IP_VS_STATE_BACKUP;
	snprintf(d[1].mcast_ifn, sizeof(d[1].mcast_ifn), "eth1");
	d[1].syncid = 9;
	d[1].mcast_af = AF_INET6;
	inet_pton(AF_INET6, "ff02::81", &d[1].mcast_group.in6);

	list_text_timeouts(cap_open(&c), &t);
	list_text_daemons(c.f, d, 2);
	got = cap_close(&c);
	ck_assert_str_eq(got,
		"Timeout (tcp tcpfin udp): 900 120 300\n"
		"master sync daemon (mcast=dum0, syncid=5, maxlen=1472, group=224.0.0.81, port=8848, ttl=1)\n"
		"backup sync daemon (mcast=eth1, syncid=9, group=ff02::81)\n");
	free(got);
}
END_TEST

START_TEST(test_addrport)
{
	union ipvs_addr a;
	char buf[LIST_ADDRPORT_LEN];

	memset(&a, 0, sizeof(a));
	inet_pton(AF_INET6, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe", &a.in6);
	list_fmt_addrport(buf, AF_INET6, &a, 65535, IPPROTO_TCP, true, NULL);
	ck_assert_str_eq(buf, "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe]:65535");
	inet_pton(AF_INET, "127.0.0.1", &a.in);
	list_fmt_addrport(buf, AF_INET, &a, 0, 0, true, NULL);
	ck_assert_str_eq(buf, "127.0.0.1:0");
}
END_TEST

/* Names without -n, through a fake resolver (no DNS in unit tests). */
struct fake_res {
	int host_calls, serv_calls;
};

static bool
fake_host(void *arg, int af, const union ipvs_addr *addr, char *out, size_t len)
{
	struct fake_res *f = arg;
	unsigned last = af == AF_INET ? ntohl(addr->in.s_addr) & 0xff : addr->in6.s6_addr[15];

	f->host_calls++;
	if (last == 9)
		return false;	/* no name: the number is printed */
	if (last == 7)		/* long names are cut at 59 characters */
		snprintf(out, len, "%s", "a-very-long-host-name-that-goes-on.and-on.example.org");
	else
		snprintf(out, len, "host%u", last);
	return true;
}

static bool
fake_serv(void *arg, uint16_t port, uint16_t proto, char *out, size_t len)
{
	struct fake_res *f = arg;

	f->serv_calls++;
	if (port == 80 && proto == IPPROTO_TCP) {
		snprintf(out, len, "http");
		return true;
	}
	return false;
}

START_TEST(test_names_cache)
{
	struct fake_res f = { 0, 0 };
	struct list_resolver r = { fake_host, fake_serv, &f };
	struct list_style st = { .sort = true };
	struct ipvs_service s = svc4(IPPROTO_TCP, "10.0.0.1", 80, "rr");
	struct ipvs_dest d[3] = {
		dst("10.0.0.7", 80, IP_VS_CONN_F_MASQ, 1),
		dst("10.0.0.9", 8080, IP_VS_CONN_F_MASQ, 1),
		dst("2001:db8::2", 80, IP_VS_CONN_F_TUNNEL, 1),
	};
	int round;

	ck_assert_int_eq(list_names_new_resolver(&st.names, &r), 0);
	for (round = 0; round < 3; round++)
		expect_service(&st, &s, d, 3,
			"TCP  host1:http rr\n"
			"  -> a-very-long-host-name-that-g Masq    1      0          0         \n"
			"  -> 10.0.0.9:8080                Masq    1      0          0         \n"
			"  -> [host2]:http                 Tunnel  1      0          0         \n");
	/* Four addresses and two (port, protocol) pairs, each asked once. */
	ck_assert_int_eq(f.host_calls, 4);
	ck_assert_int_eq(f.serv_calls, 2);
	st.view = LIST_VIEW_RULE;
	expect_service(&st, &s, d, 1,
		"-A -t host1:http -s rr\n"
		"-a -t host1:http -r a-very-long-host-name-that-goes-on.and-on.example.org:http -m -w 1\n");
	list_names_free(st.names);
}
END_TEST

/* Many distinct names: the table grows and keeps every answer. */
START_TEST(test_names_grow)
{
	struct fake_res f = { 0, 0 };
	struct list_resolver r = { fake_host, fake_serv, &f };
	struct list_names *nc;
	char buf[LIST_ADDRPORT_LEN], want[LIST_ADDRPORT_LEN];
	union ipvs_addr a;
	uint32_t i;
	int round;

	ck_assert_int_eq(list_names_new_resolver(&nc, &r), 0);
	for (round = 0; round < 2; round++) {
		for (i = 0; i < 1000; i++) {
			memset(&a, 0, sizeof(a));
			a.in.s_addr = htonl(0x0a000000U + i * 256 + 1);
			list_fmt_addrport(buf, AF_INET, &a, (uint16_t)(1000 + i), IPPROTO_UDP, false, nc);
			snprintf(want, sizeof(want), "host1:%u", 1000 + i);
			ck_assert_str_eq(buf, want);
		}
	}
	ck_assert_int_eq(f.host_calls, 1000);
	ck_assert_int_eq(f.serv_calls, 1000);
	list_names_free(nc);
}
END_TEST

static Suite *
list_suite(void)
{
	Suite *s = suite_create("ipvsctl_list");
	TCase *tc = tcase_create("text");

	tcase_add_test(tc, test_header_title);
	tcase_add_loop_test(tc, test_titles, 0, sizeof(titles) / sizeof(titles[0]));
	tcase_add_test(tc, test_v4_default_sorted);
	tcase_add_test(tc, test_nosort_keeps_order);
	tcase_add_test(tc, test_service_flags);
	tcase_add_test(tc, test_v6_and_fwmark);
	tcase_add_test(tc, test_stats_scaling);
	tcase_add_test(tc, test_rate);
	tcase_add_test(tc, test_thresholds_persist_tuninfo);
	tcase_add_test(tc, test_save_rules);
	tcase_add_test(tc, test_sort_services);
	tcase_add_test(tc, test_timeouts_daemons);
	tcase_add_test(tc, test_addrport);
	tcase_add_test(tc, test_names_cache);
	tcase_add_test(tc, test_names_grow);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ck_run(list_suite());
}
