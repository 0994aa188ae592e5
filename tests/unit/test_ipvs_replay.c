/* test_ipvs_replay.c: decode kernel replies recorded in the lab.
 *
 * tests/unit/nl/<call>.hex were recorded from the UML Linux 6.1 kernel by
 * tests/unit/nl/record.sh (rules: ipvs_probe populate; three TCP
 * connection attempts through 10.0.0.1:80; timeouts 900 100 200; a master
 * and a backup sync daemon).  Each "rx" line is one datagram the kernel
 * sent; "tx" lines are what we sent.  Every decoded field is asserted.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/netlink.h>

#include "ck_run.h"
#include "ipvs_msg.h"

#define MAXDG 16

struct rec {
	uint8_t *dg[MAXDG];
	size_t len[MAXDG];
	int tx[MAXDG];
	size_t n;
};

static int
nibble(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static void
rec_load(struct rec *r, const char *name)
{
	char path[512], *line = NULL;
	size_t cap = 0, i, n;
	ssize_t got;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.hex", IPVS_NL_DATADIR, name);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	memset(r, 0, sizeof(*r));
	while ((got = getline(&line, &cap, f)) > 0) {
		if (line[0] == '#' || got < 4)
			continue;
		while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
			line[--got] = '\0';
		ck_assert_uint_lt(r->n, MAXDG);
		n = ((size_t)got - 3) / 2;
		r->dg[r->n] = malloc(n);
		for (i = 0; i < n; i++)
			r->dg[r->n][i] = (uint8_t)(nibble(line[3 + 2 * i]) << 4 | nibble(line[4 + 2 * i]));
		r->len[r->n] = n;
		r->tx[r->n] = line[0] == 't';
		r->n++;
	}
	free(line);
	fclose(f);
}

static void
rec_free(struct rec *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->dg[i]);
}

/* Call @fn for every IPVS (non-control) message the kernel sent; check
 * that the last one is a successful ack or end of dump. */
typedef void (*msg_fn)(void *arg, const struct ipvs_msgview *m);

static size_t
rec_each(const struct rec *r, msg_fn fn, void *arg)
{
	struct ipvs_msgview m;
	size_t i, count = 0, len;
	int err = 1, ret;
	uint32_t seq;

	for (i = 0; i < r->n; i++) {
		const uint8_t *p = r->dg[i];

		if (r->tx[i])
			continue;
		len = r->len[i];
		while ((ret = ipvs_msg_next(&p, &len, &m)) == 1) {
			if (m.type == NLMSG_ERROR || m.type == NLMSG_DONE) {
				ck_assert_int_eq(ipvs_msg_parse_ack(&m, &err, &seq, NULL, 0), 0);
				continue;
			}
			fn(arg, &m);
			count++;
		}
		ck_assert_int_eq(ret, 0);
	}
	ck_assert_int_eq(err, 0);
	return count;
}

static void
info_fn(void *arg, const struct ipvs_msgview *m)
{
	ck_assert_int_eq(ipvs_msg_parse_info(m, arg), 0);
}

START_TEST(replay_info)
{
	struct rec r;
	struct ipvs_info in;

	rec_load(&r, "info");
	ck_assert_uint_eq(rec_each(&r, info_fn, &in), 1);
	ck_assert_uint_eq(in.version, 0x010201);
	ck_assert_uint_eq(in.conn_tab_size, 4096);
	rec_free(&r);
}
END_TEST

struct svcs {
	struct ipvs_service s[16];
	size_t n;
};

static void
svc_fn(void *arg, const struct ipvs_msgview *m)
{
	struct svcs *v = arg;

	ck_assert_uint_lt(v->n, 16);
	ck_assert_int_eq(ipvs_msg_parse_svc(m, &v->s[v->n]), 0);
	v->n++;
}

static const struct ipvs_service *
find_svc(const struct svcs *v, uint16_t proto, const char *addr, uint16_t port, uint32_t fwmark)
{
	union ipvs_addr a;
	size_t i;

	memset(&a, 0, sizeof(a));
	if (addr && inet_pton(AF_INET, addr, &a.in) != 1)
		inet_pton(AF_INET6, addr, &a.in6);
	for (i = 0; i < v->n; i++) {
		const struct ipvs_service *s = &v->s[i];

		if (fwmark ? s->fwmark == fwmark :
		    (s->protocol == proto && s->port == port && !memcmp(&s->addr, &a, sizeof(a))))
			return s;
	}
	ck_abort_msg("service %s:%u fwm %u not decoded", addr ? addr : "-", port, fwmark);
	return NULL;
}

START_TEST(replay_svc_dump)
{
	struct rec r;
	struct svcs v = { .n = 0 };
	const struct ipvs_service *s;

	rec_load(&r, "svc_dump");
	ck_assert_uint_eq(rec_each(&r, svc_fn, &v), 7);

	s = find_svc(&v, IPPROTO_TCP, "10.0.0.1", 80, 0);
	ck_assert_uint_eq(s->af, AF_INET);
	ck_assert_uint_eq(s->fwmark, 0);
	ck_assert_str_eq(s->sched_name, "wrr");
	ck_assert_uint_eq(s->flags, IP_VS_SVC_F_PERSISTENT);	/* HASHED stripped */
	ck_assert_uint_eq(s->timeout, 300);
	ck_assert_uint_eq(s->netmask, 0xffffff00);
	ck_assert_str_eq(s->pe_name, "");
	ck_assert_uint_eq(s->stats.conns, 3);		/* the three connection attempts */
	ck_assert_uint_eq(s->stats.inpkts, 5);	/* 3 SYNs + 2 retransmissions */
	ck_assert_uint_eq(s->stats.inbytes, 300);
	ck_assert_uint_eq(s->stats.inpps, 1);		/* a rate, from the 64-bit nest */
	ck_assert_uint_eq(s->stats.cps, 0);
	ck_assert_uint_eq(s->stats.outpkts, 0);	/* nobody answered */
	ck_assert_uint_eq(s->stats.outbytes, 0);

	s = find_svc(&v, IPPROTO_UDP, "10.0.0.2", 53, 0);
	ck_assert_str_eq(s->sched_name, "sh");
	ck_assert_uint_eq(s->flags, IP_VS_SVC_F_ONEPACKET | IP_VS_SVC_F_SCHED_SH_FALLBACK |
			  IP_VS_SVC_F_SCHED_SH_PORT);
	ck_assert_uint_eq(s->netmask, 0xffffffff);
	ck_assert_uint_eq(s->stats.conns, 0);

	s = find_svc(&v, IPPROTO_SCTP, "10.0.0.3", 3868, 0);
	ck_assert_str_eq(s->sched_name, "mh");
	ck_assert_uint_eq(s->flags, IP_VS_SVC_F_SCHED1 | IP_VS_SVC_F_SCHED2);

	s = find_svc(&v, IPPROTO_UDP, "10.0.0.4", 5060, 0);
	ck_assert_str_eq(s->pe_name, "sip");
	ck_assert_uint_eq(s->flags, IP_VS_SVC_F_PERSISTENT);
	ck_assert_uint_eq(s->timeout, 60);

	s = find_svc(&v, IPPROTO_TCP, "fd00::1", 443, 0);
	ck_assert_uint_eq(s->af, AF_INET6);
	ck_assert_str_eq(s->sched_name, "lc");
	ck_assert_uint_eq(s->timeout, 120);
	ck_assert_uint_eq(s->netmask, 64);		/* IPv6: prefix length */

	s = find_svc(&v, 0, NULL, 0, 7);
	ck_assert_uint_eq(s->af, AF_INET);
	ck_assert_uint_eq(s->protocol, 0);
	ck_assert_uint_eq(s->port, 0);
	s = find_svc(&v, 0, NULL, 0, 8);
	ck_assert_uint_eq(s->af, AF_INET6);
	ck_assert_uint_eq(s->netmask, 128);
	rec_free(&r);
}
END_TEST

START_TEST(replay_svc_get)
{
	struct rec r;
	struct svcs v = { .n = 0 };

	rec_load(&r, "svc_get");
	ck_assert_uint_eq(rec_each(&r, svc_fn, &v), 1);
	ck_assert_uint_eq(v.s[0].port, 80);
	ck_assert_uint_eq(v.s[0].addr.in.s_addr, htonl(0x0a000001));
	ck_assert_uint_eq(v.s[0].stats.conns, 3);
	rec_free(&r);
}
END_TEST

struct dests {
	struct ipvs_dest d[16];
	size_t n;
	uint16_t af;
};

static void
dest_fn(void *arg, const struct ipvs_msgview *m)
{
	struct dests *v = arg;

	ck_assert_uint_lt(v->n, 16);
	ck_assert_int_eq(ipvs_msg_parse_dest(m, v->af, &v->d[v->n]), 0);
	v->n++;
}

static const struct ipvs_dest *
find_dest(const struct dests *v, const char *addr)
{
	union ipvs_addr a;
	size_t i;

	memset(&a, 0, sizeof(a));
	if (inet_pton(AF_INET, addr, &a.in) != 1)
		inet_pton(AF_INET6, addr, &a.in6);
	for (i = 0; i < v->n; i++)
		if (!memcmp(&v->d[i].addr, &a, sizeof(a)))
			return &v->d[i];
	ck_abort_msg("dest %s not decoded", addr);
	return NULL;
}

START_TEST(replay_dest_dump)
{
	struct rec r;
	struct dests v = { .n = 0, .af = AF_INET };
	const struct ipvs_dest *d;
	uint64_t conns = 0;
	size_t i;

	rec_load(&r, "dest_dump_tcp");
	ck_assert_uint_eq(rec_each(&r, dest_fn, &v), 6);
	d = find_dest(&v, "10.1.0.1");
	ck_assert_uint_eq(d->af, AF_INET);
	ck_assert_uint_eq(d->port, 8080);
	ck_assert_uint_eq(d->conn_flags, IP_VS_CONN_F_MASQ);
	ck_assert_int_eq(d->weight, 3);
	ck_assert_uint_eq(d->u_threshold, 100);
	ck_assert_uint_eq(d->l_threshold, 10);
	d = find_dest(&v, "10.1.0.2");
	ck_assert_uint_eq(d->conn_flags, IP_VS_CONN_F_DROUTE);
	d = find_dest(&v, "10.1.0.3");
	ck_assert_uint_eq(d->conn_flags, IP_VS_CONN_F_TUNNEL);
	ck_assert_int_eq(d->weight, 2);
	ck_assert_uint_eq(d->tun_type, IP_VS_CONN_F_TUNNEL_TYPE_GUE);
	ck_assert_uint_eq(d->tun_port, 6080);
	ck_assert_uint_eq(d->tun_flags, IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM);
	d = find_dest(&v, "10.1.0.4");
	ck_assert_uint_eq(d->tun_type, IP_VS_CONN_F_TUNNEL_TYPE_GRE);
	ck_assert_uint_eq(d->tun_flags, IP_VS_TUNNEL_ENCAP_FLAG_CSUM);
	d = find_dest(&v, "10.1.0.5");
	ck_assert_uint_eq(d->tun_type, IP_VS_CONN_F_TUNNEL_TYPE_IPIP);
	d = find_dest(&v, "fd00::5");
	ck_assert_uint_eq(d->af, AF_INET6);		/* mixed family, from ADDR_FAMILY */
	ck_assert_uint_eq(d->conn_flags, IP_VS_CONN_F_TUNNEL);
	for (i = 0; i < v.n; i++) {
		conns += v.d[i].stats.conns;
	}
	ck_assert_uint_eq(conns, 3);
	/* persistence sent all three attempts to one server: the tunnelled
	 * IPv6 one, as it happened */
	d = find_dest(&v, "fd00::5");
	ck_assert_uint_eq(d->stats.conns, 3);
	ck_assert_uint_eq(d->stats.inpkts, 5);
	ck_assert_uint_eq(d->activeconns, 3);
	ck_assert_uint_eq(d->inactconns, 0);
	ck_assert_uint_eq(d->persistconns, 1);	/* the persistence template */
	rec_free(&r);

	memset(&v, 0, sizeof(v));
	v.af = AF_INET6;
	rec_load(&r, "dest_dump_v6");
	ck_assert_uint_eq(rec_each(&r, dest_fn, &v), 1);
	d = find_dest(&v, "fd00::10");
	ck_assert_uint_eq(d->af, AF_INET6);
	ck_assert_uint_eq(d->port, 443);
	ck_assert_int_eq(d->weight, 5);
	rec_free(&r);
}
END_TEST

static void
timeouts_fn(void *arg, const struct ipvs_msgview *m)
{
	ck_assert_int_eq(ipvs_msg_parse_timeouts(m, arg), 0);
}

START_TEST(replay_timeouts)
{
	struct rec r;
	struct ipvs_timeouts t;

	rec_load(&r, "timeouts");
	ck_assert_uint_eq(rec_each(&r, timeouts_fn, &t), 1);
	ck_assert_uint_eq(t.tcp, 900);
	ck_assert_uint_eq(t.tcp_fin, 100);
	ck_assert_uint_eq(t.udp, 200);
	rec_free(&r);
}
END_TEST

struct daemons {
	struct ipvs_daemon d[2];
	size_t n;
};

static void
daemon_fn(void *arg, const struct ipvs_msgview *m)
{
	struct daemons *v = arg;

	ck_assert_uint_lt(v->n, 2);
	ck_assert_int_eq(ipvs_msg_parse_daemon(m, &v->d[v->n]), 0);
	v->n++;
}

START_TEST(replay_daemons)
{
	struct rec r;
	struct daemons v = { .n = 0 };
	struct in6_addr g6;

	rec_load(&r, "daemon_dump");
	ck_assert_uint_eq(rec_each(&r, daemon_fn, &v), 2);
	ck_assert_uint_eq(v.d[0].state, IP_VS_STATE_MASTER);
	ck_assert_str_eq(v.d[0].mcast_ifn, "v0");
	ck_assert_uint_eq(v.d[0].syncid, 5);
	ck_assert_uint_eq(v.d[0].sync_maxlen, 1400);
	ck_assert_uint_eq(v.d[0].mcast_af, AF_INET);
	ck_assert_uint_eq(v.d[0].mcast_group.in.s_addr, htonl(0xef010203));
	ck_assert_uint_eq(v.d[0].mcast_port, 8850);
	ck_assert_uint_eq(v.d[0].mcast_ttl, 3);
	ck_assert_uint_eq(v.d[1].state, IP_VS_STATE_BACKUP);
	ck_assert_uint_eq(v.d[1].syncid, 6);
	ck_assert_uint_eq(v.d[1].mcast_af, AF_INET6);
	inet_pton(AF_INET6, "ff02::8", &g6);
	ck_assert(memcmp(&v.d[1].mcast_group.in6, &g6, sizeof(g6)) == 0);
	rec_free(&r);
}
END_TEST

START_TEST(replay_error)
{
	struct rec r;
	struct ipvs_msgview m;
	const uint8_t *p;
	size_t len;
	uint32_t seq, txseq;
	int err;
	char ext[64] = "junk";

	rec_load(&r, "svc_add_dup");
	ck_assert_uint_eq(r.n, 2);
	ck_assert(r.tx[0] && !r.tx[1]);
	memcpy(&txseq, r.dg[0] + offsetof(struct nlmsghdr, nlmsg_seq), sizeof(txseq));
	p = r.dg[1];
	len = r.len[1];
	ck_assert_int_eq(ipvs_msg_next(&p, &len, &m), 1);
	ck_assert_uint_eq(m.type, NLMSG_ERROR);
	ck_assert(m.flags & NLM_F_CAPPED);		/* NETLINK_CAP_ACK took effect */
	ck_assert_int_eq(ipvs_msg_parse_ack(&m, &err, &seq, ext, sizeof(ext)), 0);
	ck_assert_int_eq(err, -EEXIST);
	ck_assert_uint_eq(seq, txseq);
	ck_assert_str_eq(ext, "");
	rec_free(&r);
}
END_TEST

struct seen {
	size_t n;
	size_t index[16];
	int err[16];
	int op[16];
};

static void
seen_fn(void *arg, size_t index, enum ipvs_op op, int err, const char *extack)
{
	struct seen *s = arg;

	ck_assert_uint_lt(s->n, 16);
	s->index[s->n] = index;
	s->err[s->n] = err;
	s->op[s->n] = op;
	s->n++;
}

/* The batch of ipvs_probe batchfail: one datagram of 11 requests, only
 * the last with NLM_F_ACK; the kernel answered the 6 failures and the ack. */
START_TEST(replay_batch)
{
	static const uint8_t ops[11] = {
		IPVS_OP_SVC_ADD, IPVS_OP_DEST_ADD, IPVS_OP_SVC_ADD, IPVS_OP_DEST_ADD,
		IPVS_OP_SVC_ADD, IPVS_OP_DEST_ADD, IPVS_OP_DEST_ADD, IPVS_OP_SVC_ADD,
		IPVS_OP_DEST_DEL, IPVS_OP_SVC_DEL, IPVS_OP_SVC_EDIT,
	};
	static const size_t want_idx[] = { 2, 3, 6, 7, 8, 9 };
	static const int want_err[] = { -EEXIST, -ESRCH, -EEXIST, -ENOENT, -ENOENT, -ESRCH };
	struct rec r;
	struct ipvs_ackwin w;
	struct ipvs_msgview m;
	struct seen s = { .n = 0 };
	uint8_t answered[11] = { 0 };
	const uint8_t *p;
	size_t i, len, nreq = 0;

	rec_load(&r, "batch_small");
	ck_assert(r.tx[0]);
	memset(&w, 0, sizeof(w));
	memcpy(&w.first_seq, r.dg[0] + offsetof(struct nlmsghdr, nlmsg_seq), sizeof(w.first_seq));
	p = r.dg[0];
	len = r.len[0];
	while (ipvs_msg_next(&p, &len, &m) == 1) {
		ck_assert_uint_eq(m.seq, w.first_seq + nreq);
		ck_assert_uint_eq(!!(m.flags & NLM_F_ACK), nreq == 10);
		nreq++;
	}
	ck_assert_uint_eq(nreq, 11);
	w.count = 11;
	w.ops = ops;
	w.answered = answered;
	w.fn = seen_fn;
	w.arg = &s;
	for (i = 1; i < r.n; i++) {
		ck_assert(!r.tx[i]);
		ck_assert(!w.done);
		ck_assert_int_eq(ipvs_ackwin_feed(&w, r.dg[i], r.len[i]), 0);
	}
	ck_assert(w.done);
	ck_assert_uint_eq(w.failed, 6);
	ck_assert_uint_eq(s.n, 6);
	for (i = 0; i < 6; i++) {
		ck_assert_uint_eq(s.index[i], want_idx[i]);
		ck_assert_int_eq(s.err[i], want_err[i]);
		ck_assert_int_eq(s.op[i], ops[want_idx[i]]);
	}
	rec_free(&r);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("ipvs_replay");
	TCase *t = tcase_create("recorded");

	tcase_add_test(t, replay_info);
	tcase_add_test(t, replay_svc_dump);
	tcase_add_test(t, replay_svc_get);
	tcase_add_test(t, replay_dest_dump);
	tcase_add_test(t, replay_timeouts);
	tcase_add_test(t, replay_daemons);
	tcase_add_test(t, replay_error);
	tcase_add_test(t, replay_batch);
	suite_add_tcase(s, t);
	return s;
}

int
main(void)
{
	return ck_run(suite());
}
