/* test_ipvs_msg.c: IPVS request encoding (golden bytes), ipvs_strerror,
 * reply validation and batch ack bookkeeping, without a kernel.
 *
 * The golden strings are written attribute by attribute from the kernel's
 * reading of each attribute (net/netfilter/ipvs/ip_vs_ctl.c), one
 * attribute per line: length (le16), type (le16), value, padding.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/genetlink.h>

#include "ck_run.h"
#include "ipvs_msg.h"

#define FAMILY 0x1c

static char *
hex(const uint8_t *p, size_t n)
{
	char *s = malloc(n * 2 + 1);
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(s + 2 * i, "%02x", p[i]);
	s[2 * n] = '\0';
	return s;
}

static void
assert_req(const struct ipvs_req *r, uint16_t nlflags, const char *want)
{
	struct ipvs_msgbuf b;
	char *got;

	ipvs_msgbuf_init(&b);
	ck_assert_int_eq(ipvs_msg_put_req(&b, FAMILY, 1, nlflags, r), 0);
	got = hex(b.data, b.len);
	ck_assert_str_eq(got, want);
	free(got);
	ipvs_msgbuf_free(&b);
}

static struct ipvs_service
svc4(void)
{
	struct ipvs_service s;

	memset(&s, 0, sizeof(s));
	s.af = AF_INET;
	s.protocol = IPPROTO_TCP;
	inet_pton(AF_INET, "10.0.0.1", &s.addr.in);
	s.port = 80;
	strcpy(s.sched_name, "wrr");
	s.flags = IP_VS_SVC_F_PERSISTENT | IP_VS_SVC_F_ONEPACKET | IP_VS_SVC_F_HASHED;
	s.timeout = 300;
	s.netmask = 0xffffff00;
	return s;
}

START_TEST(golden_svc4_add)
{
	struct ipvs_service s = svc4();
	struct ipvs_req r = { .op = IPVS_OP_SVC_ADD, .svc = &s };

	assert_req(&r, NLM_F_ACK,
		"68000000" "1c00" "0500" "01000000" "00000000"	/* nlmsghdr: REQUEST|ACK, seq 1 */
		"01010000"					/* NEW_SERVICE, version 1 */
		"54000180"					/* CMD_ATTR_SERVICE | NESTED */
		"06000100" "0200" "0000"			/* AF_INET */
		"06000200" "0600" "0000"			/* TCP */
		"14000300" "0a000001" "000000000000000000000000"	/* 10.0.0.1, 16 bytes */
		"06000400" "0050" "0000"			/* port 80, network order */
		"08000600" "77727200"				/* "wrr" */
		"0c000700" "05000000" "fdffffff"		/* flags, mask without HASHED */
		"08000800" "2c010000"				/* timeout 300 */
		"08000900" "ffffff00");				/* netmask, network order */
}
END_TEST

START_TEST(golden_svc6_add_pe)
{
	struct ipvs_service s;
	struct ipvs_req r = { .op = IPVS_OP_SVC_ADD, .svc = &s };

	memset(&s, 0, sizeof(s));
	s.af = AF_INET6;
	s.protocol = IPPROTO_UDP;
	inet_pton(AF_INET6, "2001:db8::1", &s.addr.in6);
	s.port = 5060;
	strcpy(s.sched_name, "lc");
	strcpy(s.pe_name, "sip");
	s.flags = IP_VS_SVC_F_PERSISTENT;
	s.timeout = 120;
	s.netmask = 64;
	assert_req(&r, NLM_F_ACK,
		"70000000" "1c00" "0500" "01000000" "00000000"
		"01010000"
		"5c000180"
		"06000100" "0a00" "0000"			/* AF_INET6 */
		"06000200" "1100" "0000"			/* UDP */
		"14000300" "20010db8000000000000000000000001"
		"06000400" "13c4" "0000"			/* 5060 */
		"07000600" "6c6300" "00"			/* "lc" + pad */
		"08000b00" "73697000"				/* PE "sip" */
		"0c000700" "01000000" "fdffffff"
		"08000800" "78000000"
		"08000900" "40000000");				/* /64, host order */
}
END_TEST

START_TEST(golden_fwmark_edit)
{
	struct ipvs_service s;
	struct ipvs_req r = { .op = IPVS_OP_SVC_EDIT, .svc = &s };

	memset(&s, 0, sizeof(s));
	s.af = AF_INET;
	s.fwmark = 7;
	strcpy(s.sched_name, "rr");
	s.netmask = 0xffffffff;
	assert_req(&r, NLM_F_ACK,
		"4c000000" "1c00" "0500" "01000000" "00000000"
		"02010000"					/* SET_SERVICE */
		"38000180"
		"06000100" "0200" "0000"
		"08000500" "07000000"				/* fwmark 7, no proto/addr/port */
		"07000600" "727200" "00"
		"0c000700" "00000000" "fdffffff"
		"08000800" "00000000"
		"08000900" "ffffffff");
}
END_TEST

START_TEST(golden_svc_del_ident_only)
{
	struct ipvs_service s = svc4();
	struct ipvs_req r = { .op = IPVS_OP_SVC_DEL, .svc = &s };

	assert_req(&r, 0,
		"44000000" "1c00" "0100" "01000000" "00000000"
		"03010000"
		"30000180"
		"06000100" "0200" "0000"
		"06000200" "0600" "0000"
		"14000300" "0a000001" "000000000000000000000000"
		"06000400" "0050" "0000");
}
END_TEST

START_TEST(golden_dest_add_tunnel)
{
	struct ipvs_service s = svc4();
	struct ipvs_dest d;
	struct ipvs_req r = { .op = IPVS_OP_DEST_ADD, .svc = &s, .dest = &d };

	memset(&d, 0, sizeof(d));
	d.af = AF_INET;
	inet_pton(AF_INET, "10.1.0.3", &d.addr.in);
	d.port = 80;
	d.conn_flags = IP_VS_CONN_F_TUNNEL;
	d.weight = 2;
	d.u_threshold = 100;
	d.l_threshold = 10;
	d.tun_type = IP_VS_CONN_F_TUNNEL_TYPE_GUE;
	d.tun_port = 6080;
	d.tun_flags = IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM;
	assert_req(&r, NLM_F_ACK,
		"a4000000" "1c00" "0500" "01000000" "00000000"
		"05010000"					/* NEW_DEST */
		"30000180"					/* service identity only */
		"06000100" "0200" "0000"
		"06000200" "0600" "0000"
		"14000300" "0a000001" "000000000000000000000000"
		"06000400" "0050" "0000"
		"60000280"					/* CMD_ATTR_DEST | NESTED */
		"06000b00" "0200" "0000"			/* ADDR_FAMILY */
		"14000100" "0a010003" "000000000000000000000000"
		"06000200" "0050" "0000"
		"08000300" "02000000"				/* FWD_METHOD tunnel */
		"08000400" "02000000"				/* weight */
		"05000d00" "01" "000000"			/* TUN_TYPE gue */
		"06000e00" "17c0" "0000"			/* TUN_PORT 6080, network order */
		"06000f00" "0200" "0000"			/* TUN_FLAGS remcsum */
		"08000500" "64000000"				/* u_thresh */
		"08000600" "0a000000");				/* l_thresh */
}
END_TEST

START_TEST(golden_dest_masq_no_tunnel_attrs)
{
	struct ipvs_service s = svc4();
	struct ipvs_dest d;
	struct ipvs_req r = { .op = IPVS_OP_DEST_EDIT, .svc = &s, .dest = &d };

	memset(&d, 0, sizeof(d));
	d.af = AF_INET6;	/* mixed family: v6 real server of a v4 service */
	inet_pton(AF_INET6, "fd00::5", &d.addr.in6);
	d.port = 8080;
	d.conn_flags = IP_VS_CONN_F_MASQ;
	d.weight = -1;
	assert_req(&r, NLM_F_ACK,
		"8c000000" "1c00" "0500" "01000000" "00000000"
		"06010000"					/* SET_DEST */
		"30000180"
		"06000100" "0200" "0000"
		"06000200" "0600" "0000"
		"14000300" "0a000001" "000000000000000000000000"
		"06000400" "0050" "0000"
		"48000280"
		"06000b00" "0a00" "0000"
		"14000100" "fd000000000000000000000000000005"
		"06000200" "1f90" "0000"
		"08000300" "00000000"
		"08000400" "ffffffff"
		"08000500" "00000000"
		"08000600" "00000000");
}
END_TEST

START_TEST(golden_timeouts_set)
{
	struct ipvs_timeouts t = { 900, 120, 300 };
	struct ipvs_req r = { .op = IPVS_OP_TIMEOUT_SET, .timeouts = &t };

	assert_req(&r, NLM_F_ACK,
		"2c000000" "1c00" "0500" "01000000" "00000000"
		"0c010000"					/* SET_CONFIG */
		"08000400" "84030000"
		"08000500" "78000000"
		"08000600" "2c010000");
}
END_TEST

START_TEST(golden_daemon_start_stop)
{
	struct ipvs_daemon d;
	struct ipvs_req r = { .op = IPVS_OP_DAEMON_START, .daemon = &d };

	memset(&d, 0, sizeof(d));
	d.state = IP_VS_STATE_MASTER;
	strcpy(d.mcast_ifn, "eth0");
	d.syncid = 5;
	d.sync_maxlen = 1400;
	d.mcast_af = AF_INET;
	inet_pton(AF_INET, "239.1.2.3", &d.mcast_group.in);
	d.mcast_port = 8850;
	d.mcast_ttl = 3;
	assert_req(&r, NLM_F_ACK,
		"54000000" "1c00" "0500" "01000000" "00000000"
		"09010000"					/* NEW_DAEMON */
		"40000380"
		"08000100" "01000000"				/* master */
		"09000200" "6574683000" "000000"		/* "eth0" */
		"08000300" "05000000"
		"06000400" "7805" "0000"			/* maxlen 1400 */
		"08000500" "ef010203"				/* group, network order */
		"06000700" "9222" "0000"			/* port 8850, host order */
		"05000800" "03" "000000");			/* ttl */
	r.op = IPVS_OP_DAEMON_STOP;
	assert_req(&r, NLM_F_ACK,
		"20000000" "1c00" "0500" "01000000" "00000000"
		"0a010000"					/* DEL_DAEMON: state only */
		"0c000380"
		"08000100" "01000000");
}
END_TEST

START_TEST(golden_plain_and_dumps)
{
	struct ipvs_service s = svc4();
	struct ipvs_req r = { .op = IPVS_OP_FLUSH };

	assert_req(&r, NLM_F_ACK, "14000000" "1c00" "0500" "01000000" "00000000" "11010000");
	r.op = IPVS_OP_ZERO;
	assert_req(&r, NLM_F_ACK, "14000000" "1c00" "0500" "01000000" "00000000" "10010000");
	r.op = IPVS_OP_INFO;
	assert_req(&r, NLM_F_ACK, "14000000" "1c00" "0500" "01000000" "00000000" "0f010000");
	r.op = IPVS_OP_SVC_DUMP;	/* NLM_F_DUMP added */
	assert_req(&r, 0, "14000000" "1c00" "0103" "01000000" "00000000" "04010000");
	r.op = IPVS_OP_DAEMON_DUMP;
	assert_req(&r, 0, "14000000" "1c00" "0103" "01000000" "00000000" "0b010000");
	r.op = IPVS_OP_DEST_DUMP;
	r.svc = &s;
	assert_req(&r, 0,
		"44000000" "1c00" "0103" "01000000" "00000000"
		"08010000"
		"30000180"
		"06000100" "0200" "0000"
		"06000200" "0600" "0000"
		"14000300" "0a000001" "000000000000000000000000"
		"06000400" "0050" "0000");
}
END_TEST

START_TEST(bad_requests)
{
	struct ipvs_msgbuf b;
	struct ipvs_service s = svc4();
	struct ipvs_req r = { .op = IPVS_OP_SVC_ADD };

	ipvs_msgbuf_init(&b);
	ck_assert_int_eq(ipvs_msg_put_req(&b, FAMILY, 1, 0, &r), -EINVAL);
	r.op = IPVS_OP_DEST_ADD;
	r.svc = &s;
	ck_assert_int_eq(ipvs_msg_put_req(&b, FAMILY, 1, 0, &r), -EINVAL);
	r.op = IPVS_OP_SVC_ADD;
	s.af = AF_UNIX;
	ck_assert_int_eq(ipvs_msg_put_req(&b, FAMILY, 1, 0, &r), -EAFNOSUPPORT);
	r.op = (enum ipvs_op)99;
	ck_assert_int_eq(ipvs_msg_put_req(&b, FAMILY, 1, 0, &r), -EINVAL);
	ck_assert_uint_eq(b.len, 0);
	ipvs_msgbuf_free(&b);
}
END_TEST

START_TEST(strerror_table)
{
	static const struct { enum ipvs_op op; int err; const char *msg; } t[] = {
		{ IPVS_OP_SVC_ADD, -EEXIST, "Service already exists" },
		{ IPVS_OP_SVC_ADD, -ENOENT, "Scheduler or persistence engine not found" },
		{ IPVS_OP_SVC_EDIT, -ESRCH, "No such service" },
		{ IPVS_OP_SVC_EDIT, -ENOENT, "Scheduler or persistence engine not found" },
		{ IPVS_OP_SVC_DEL, -ESRCH, "No such service" },
		{ IPVS_OP_ZERO, -ESRCH, "No such service" },
		{ IPVS_OP_DEST_ADD, -ESRCH, "Service not defined" },
		{ IPVS_OP_DEST_ADD, -EEXIST, "Destination already exists" },
		{ IPVS_OP_DEST_EDIT, -ESRCH, "Service not defined" },
		{ IPVS_OP_DEST_EDIT, -ENOENT, "No such destination" },
		{ IPVS_OP_DEST_DEL, -ESRCH, "Service not defined" },
		{ IPVS_OP_DEST_DEL, -ENOENT, "No such destination" },
		{ IPVS_OP_DAEMON_START, -EEXIST, "Daemon has already run" },
		{ IPVS_OP_DAEMON_STOP, -ESRCH, "No daemon is running" },
		{ IPVS_OP_SVC_DUMP, -ESRCH, "No such service" },
		{ IPVS_OP_DEST_DUMP, -ESRCH, "No such service" },
		{ IPVS_OP_SVC_GET, -ESRCH, "No such service" },
		{ IPVS_OP_FLUSH, -EPERM, "Permission denied (you must be root)" },
		{ IPVS_OP_DEST_ADD, -EINVAL, "Invalid operation.  Possibly wrong module version, address not unicast, ..." },
		{ IPVS_OP_INFO, -ENOPROTOOPT, "Protocol not available" },
		{ IPVS_OP_SVC_ADD, -ENOMEM, "Memory allocation problem" },
		{ IPVS_OP_SVC_ADD, -EOPNOTSUPP, "Operation not supported with IPv6" },
		{ IPVS_OP_DEST_ADD, -EAFNOSUPPORT, "Operation not supported with specified address family" },
		{ IPVS_OP_TIMEOUT_SET, -EMSGSIZE, "Module is wrong version" },
		{ IPVS_OP_SVC_EDIT, ESRCH, "No such service" },		/* positive errno too */
		/* pairs outside the table fall back to strerror() */
		{ IPVS_OP_SVC_DEL, -EEXIST, "File exists" },
		{ IPVS_OP_DAEMON_STOP, -EEXIST, "File exists" },
		{ IPVS_OP_FLUSH, -ESRCH, "No such process" },
		{ IPVS_OP_DEST_ADD, -ENOENT, "No such file or directory" },
		{ IPVS_OP_SVC_ADD, -EBUSY, "Device or resource busy" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		ck_assert_msg(strcmp(ipvs_strerror(t[i].op, t[i].err), t[i].msg) == 0,
			      "row %zu: op %d err %d gave '%s'", i, t[i].op, t[i].err,
			      ipvs_strerror(t[i].op, t[i].err));
}
END_TEST

/* Build an NLMSG_ERROR answering @seq with @err (capped, optional extack). */
static size_t
put_err(uint8_t *p, uint32_t seq, int err, const char *extack)
{
	struct nlmsghdr h = { .nlmsg_type = NLMSG_ERROR, .nlmsg_flags = NLM_F_CAPPED, .nlmsg_seq = seq };
	struct nlmsgerr e = { .error = err };
	size_t len = NLMSG_HDRLEN + sizeof(e);

	e.msg.nlmsg_seq = seq;
	e.msg.nlmsg_len = 100;
	memcpy(p + NLMSG_HDRLEN, &e, sizeof(e));
	if (extack) {
		struct nlattr a = { .nla_len = (uint16_t)(NLA_HDRLEN + strlen(extack) + 1),
				    .nla_type = NLMSGERR_ATTR_MSG };

		h.nlmsg_flags |= NLM_F_ACK_TLVS;
		memcpy(p + len, &a, sizeof(a));
		memcpy(p + len + NLA_HDRLEN, extack, strlen(extack) + 1);
		len += NLA_ALIGN(a.nla_len);
	}
	h.nlmsg_len = (uint32_t)len;
	memcpy(p, &h, sizeof(h));
	return NLMSG_ALIGN(len);
}

struct seen {
	size_t n;
	size_t index[16];
	int err[16];
	int op[16];
	char extack[16][64];
};

static void
seen_fn(void *arg, size_t index, enum ipvs_op op, int err, const char *extack)
{
	struct seen *s = arg;

	ck_assert_uint_lt(s->n, 16);
	s->index[s->n] = index;
	s->err[s->n] = err;
	s->op[s->n] = op;
	snprintf(s->extack[s->n], sizeof(s->extack[0]), "%s", extack ? extack : "");
	s->n++;
}

static void
win_init(struct ipvs_ackwin *w, struct seen *s, uint8_t *answered, const uint8_t *ops,
	 uint32_t first_seq, size_t first_index, size_t count)
{
	memset(w, 0, sizeof(*w));
	memset(s, 0, sizeof(*s));
	memset(answered, 0, count);
	w->first_seq = first_seq;
	w->first_index = first_index;
	w->count = count;
	w->ops = ops;
	w->answered = answered;
	w->fn = seen_fn;
	w->arg = s;
}

START_TEST(ackwin_maps_seq_to_index)
{
	uint8_t ops[20], answered[8], buf[1024];
	struct ipvs_ackwin w;
	struct seen s;
	size_t len = 0, i;

	for (i = 0; i < 20; i++)
		ops[i] = (uint8_t)(i % 2 ? IPVS_OP_DEST_ADD : IPVS_OP_SVC_ADD);
	/* requests 10..17 went out with seq 500..507; 11 and 14 failed */
	win_init(&w, &s, answered, ops, 500, 10, 8);
	len += put_err(buf + len, 499, -EEXIST, NULL);		/* stale: previous window */
	len += put_err(buf + len, 501, -ESRCH, NULL);
	len += put_err(buf + len, 504, -EEXIST, "already there");
	len += put_err(buf + len, 504, -EEXIST, NULL);		/* duplicate answer: ignored */
	len += put_err(buf + len, 508, -ENOENT, NULL);		/* next window: ignored */
	ck_assert_int_eq(ipvs_ackwin_feed(&w, buf, len), 0);
	ck_assert(!w.done);
	len = put_err(buf, 507, 0, NULL);			/* the closing ack */
	ck_assert_int_eq(ipvs_ackwin_feed(&w, buf, len), 0);
	ck_assert(w.done);
	ck_assert_uint_eq(w.failed, 2);
	ck_assert_uint_eq(s.n, 2);
	ck_assert_uint_eq(s.index[0], 11);
	ck_assert_int_eq(s.err[0], -ESRCH);
	ck_assert_int_eq(s.op[0], IPVS_OP_DEST_ADD);
	ck_assert_str_eq(s.extack[0], "");
	ck_assert_uint_eq(s.index[1], 14);
	ck_assert_int_eq(s.err[1], -EEXIST);
	ck_assert_int_eq(s.op[1], IPVS_OP_SVC_ADD);
	ck_assert_str_eq(s.extack[1], "already there");
}
END_TEST

START_TEST(ackwin_last_fails_and_wraps)
{
	uint8_t ops[4] = { 1, 1, 1, 1 }, answered[4], buf[256];
	struct ipvs_ackwin w;
	struct seen s;
	size_t len;

	/* sequence numbers wrap inside the window: 0xfffffffe .. 1 */
	win_init(&w, &s, answered, ops, 0xfffffffeu, 0, 4);
	len = put_err(buf, 1, -EEXIST, NULL);	/* the last request failed: that ends it */
	ck_assert_int_eq(ipvs_ackwin_feed(&w, buf, len), 0);
	ck_assert(w.done);
	ck_assert_uint_eq(s.n, 1);
	ck_assert_uint_eq(s.index[0], 3);
}
END_TEST

START_TEST(ackwin_rejects_garbage)
{
	uint8_t ops[4] = { 1, 1, 1, 1 }, answered[4], buf[256];
	struct ipvs_ackwin w;
	struct seen s;
	size_t len;

	win_init(&w, &s, answered, ops, 10, 0, 4);
	len = put_err(buf, 11, -EEXIST, NULL);
	ck_assert_int_eq(ipvs_ackwin_feed(&w, buf, len - 1), -EBADMSG);	/* truncated */
	win_init(&w, &s, answered, ops, 10, 0, 4);
	len = put_err(buf, 11, 5, NULL);					/* positive error */
	ck_assert_int_eq(ipvs_ackwin_feed(&w, buf, len), -EBADMSG);
	ck_assert_uint_eq(s.n, 0);
}
END_TEST

START_TEST(parse_rejects_short_attrs)
{
	/* a service reply whose AF attribute is 1 byte long */
	static const uint8_t msg[] = {
		0x20, 0, 0, 0, 0x1c, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0,
		0x01, 0x01, 0, 0,
		0x0c, 0, 0x01, 0x80,
		0x05, 0, 0x01, 0, 0x02, 0, 0, 0,
	};
	const uint8_t *p = msg;
	size_t len = sizeof(msg);
	struct ipvs_msgview m;
	struct ipvs_service s;
	struct ipvs_dest d;
	struct ipvs_daemon dm;
	struct ipvs_info in;
	struct ipvs_timeouts t;

	ck_assert_int_eq(ipvs_msg_next(&p, &len, &m), 1);
	ck_assert_int_eq(ipvs_msg_parse_svc(&m, &s), -EBADMSG);
	ck_assert_int_eq(ipvs_msg_parse_dest(&m, AF_INET, &d), -EBADMSG);
	ck_assert_int_eq(ipvs_msg_parse_daemon(&m, &dm), -EBADMSG);
	ck_assert_int_eq(ipvs_msg_parse_info(&m, &in), -EBADMSG);
	ck_assert_int_eq(ipvs_msg_parse_timeouts(&m, &t), -EBADMSG);
	ck_assert_int_eq(ipvs_msg_next(&p, &len, &m), 0);
	len = 8;
	p = msg;
	ck_assert_int_eq(ipvs_msg_next(&p, &len, &m), -EBADMSG);
}
END_TEST

static void
append_attr(struct ipvs_msgbuf *b, uint16_t type, const void *v, size_t len)
{
	struct nlattr a = { .nla_len = (uint16_t)(NLA_HDRLEN + len), .nla_type = type };

	ck_assert_int_eq(ipvs_msgbuf_reserve(b, NLA_ALIGN(a.nla_len)), 0);
	memset(b->data + b->len, 0, NLA_ALIGN(a.nla_len));
	memcpy(b->data + b->len, &a, sizeof(a));
	memcpy(b->data + b->len + NLA_HDRLEN, v, len);
	b->len += NLA_ALIGN(a.nla_len);
}

/* A kernel without IPVS_SVC_ATTR_STATS64 (before 4.1) sends only the
 * mixed-width IPVS_SVC_ATTR_STATS nest: u32 counters, u64 byte counts. */
START_TEST(stats32_fallback)
{
	struct ipvs_service s = svc4(), got;
	struct ipvs_req r = { .op = IPVS_OP_SVC_ADD, .svc = &s };
	struct ipvs_msgbuf b, nest;
	struct ipvs_msgview m;
	const uint8_t *p;
	size_t len, svc_off = NLMSG_HDRLEN + GENL_HDRLEN;
	uint32_t v32[] = { 7, 11, 13 }, rates[] = { 1, 2, 3, 4, 5 }, l32;
	uint64_t inbytes = 1ULL << 33, outbytes = 99;
	uint16_t l16;
	unsigned i;

	ipvs_msgbuf_init(&b);
	ipvs_msgbuf_init(&nest);
	ck_assert_int_eq(ipvs_msg_put_req(&b, FAMILY, 1, 0, &r), 0);
	for (i = 0; i < 3; i++)
		append_attr(&nest, IPVS_STATS_ATTR_CONNS + i, &v32[i], 4);
	append_attr(&nest, IPVS_STATS_ATTR_INBYTES, &inbytes, 8);
	append_attr(&nest, IPVS_STATS_ATTR_OUTBYTES, &outbytes, 8);
	for (i = 0; i < 5; i++)
		append_attr(&nest, IPVS_STATS_ATTR_CPS + i, &rates[i], 4);
	append_attr(&b, IPVS_SVC_ATTR_STATS, nest.data, nest.len);	/* inside the service nest */
	l16 = (uint16_t)(b.len - svc_off);
	memcpy(b.data + svc_off, &l16, 2);
	l32 = (uint32_t)b.len;
	memcpy(b.data, &l32, 4);
	p = b.data;
	len = b.len;
	ck_assert_int_eq(ipvs_msg_next(&p, &len, &m), 1);
	ck_assert_int_eq(ipvs_msg_parse_svc(&m, &got), 0);
	ck_assert_uint_eq(got.stats.conns, 7);
	ck_assert_uint_eq(got.stats.inpkts, 11);
	ck_assert_uint_eq(got.stats.outpkts, 13);
	ck_assert_uint_eq(got.stats.inbytes, 1ULL << 33);
	ck_assert_uint_eq(got.stats.outbytes, 99);
	ck_assert_uint_eq(got.stats.cps, 1);
	ck_assert_uint_eq(got.stats.outbps, 5);
	ck_assert_uint_eq(got.flags, IP_VS_SVC_F_PERSISTENT | IP_VS_SVC_F_ONEPACKET);
	ck_assert_uint_eq(got.netmask, 0xffffff00);
	ck_assert_uint_eq(got.port, 80);
	ck_assert_str_eq(got.sched_name, "wrr");
	ipvs_msgbuf_free(&b);
	ipvs_msgbuf_free(&nest);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("ipvs_msg");
	TCase *g = tcase_create("golden");
	TCase *e = tcase_create("strerror");
	TCase *a = tcase_create("ackwin");

	tcase_add_test(g, golden_svc4_add);
	tcase_add_test(g, golden_svc6_add_pe);
	tcase_add_test(g, golden_fwmark_edit);
	tcase_add_test(g, golden_svc_del_ident_only);
	tcase_add_test(g, golden_dest_add_tunnel);
	tcase_add_test(g, golden_dest_masq_no_tunnel_attrs);
	tcase_add_test(g, golden_timeouts_set);
	tcase_add_test(g, golden_daemon_start_stop);
	tcase_add_test(g, golden_plain_and_dumps);
	tcase_add_test(g, bad_requests);
	tcase_add_test(g, parse_rejects_short_attrs);
	tcase_add_test(g, stats32_fallback);
	tcase_add_test(e, strerror_table);
	tcase_add_test(a, ackwin_maps_seq_to_index);
	tcase_add_test(a, ackwin_last_fails_and_wraps);
	tcase_add_test(a, ackwin_rejects_garbage);
	suite_add_tcase(s, g);
	suite_add_tcase(s, e);
	suite_add_tcase(s, a);
	return s;
}

int
main(void)
{
	return ck_run(suite());
}
