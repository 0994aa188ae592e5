/* ipvs_probe.c: lab-only driver of the lib/ IPVS client (run as root in
 * the UML guest).  Every subcommand prints plain lines that the scenario
 * scripts compare with Debian's ipvsadm and with expected text.
 *
 *   ipvs_probe populate         add the feature-coverage rule set
 *   ipvs_probe dump             print everything, one line per object
 *   ipvs_probe exercise         get/edit/del/zero/flush/timeouts/daemon calls
 *   ipvs_probe batchfail        a batch with failing requests in the middle
 *   ipvs_probe restore N M      batch-add N services x M dests, print ms
 *   ipvs_probe list             dump services and each one's dests, print ms
 *   ipvs_probe overflow         force lost answers (ENOBUFS) in a batch
 *   ipvs_probe record DIR       record request/reply bytes as hex into DIR
 *   ipvs_probe waitdest VIP PORT RS TOTAL SECONDS
 *                               poll (every 10 ms, one one-service query)
 *                               until TCP service VIP:PORT has destination
 *                               RS:PORT; print the wall-clock time of that
 *                               check ("seen EPOCH"), then count all
 *                               destinations until there are TOTAL
 *                               ("complete EPOCH N").  Exit 1 on timeout.
 *                               One process for the whole wait, so the
 *                               poller costs the daemon under test almost
 *                               no CPU (benchmarks).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sys/socket.h>

#include "ipvs_nl.h"
#include "ipvs_nl_priv.h"	/* overflow: reaches into the handle on purpose */

static int failures;

#define CHECK(cond, ...) do {					\
	if (!(cond)) {						\
		failures++;					\
		printf("FAIL %s:%d: ", __func__, __LINE__);	\
		printf(__VA_ARGS__);				\
		printf("\n");					\
	}							\
} while (0)

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void
addr_set(union ipvs_addr *a, uint16_t *af, const char *s)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, &a->in) == 1) {
		*af = AF_INET;
		return;
	}
	if (inet_pton(AF_INET6, s, &a->in6) == 1) {
		*af = AF_INET6;
		return;
	}
	fprintf(stderr, "bad address %s\n", s);
	exit(2);
}

static struct ipvs_service
svc_make(uint16_t proto, const char *addr, uint16_t port, const char *sched)
{
	struct ipvs_service s;

	memset(&s, 0, sizeof(s));
	addr_set(&s.addr, &s.af, addr);
	s.protocol = proto;
	s.port = port;
	snprintf(s.sched_name, sizeof(s.sched_name), "%s", sched);
	s.netmask = s.af == AF_INET6 ? 128 : 0xffffffff;
	return s;
}

static struct ipvs_service
svc_fwmark(uint16_t af, uint32_t mark, const char *sched)
{
	struct ipvs_service s;

	memset(&s, 0, sizeof(s));
	s.af = af;
	s.fwmark = mark;
	snprintf(s.sched_name, sizeof(s.sched_name), "%s", sched);
	s.netmask = af == AF_INET6 ? 128 : 0xffffffff;
	return s;
}

static struct ipvs_dest
dest_make(const char *addr, uint16_t port, uint32_t fwd, int weight)
{
	struct ipvs_dest d;

	memset(&d, 0, sizeof(d));
	addr_set(&d.addr, &d.af, addr);
	d.port = port;
	d.conn_flags = fwd;
	d.weight = weight;
	return d;
}

static const char *
proto_name(const struct ipvs_service *s)
{
	if (s->fwmark)
		return "fwm";
	switch (s->protocol) {
	case IPPROTO_TCP: return "tcp";
	case IPPROTO_UDP: return "udp";
	case IPPROTO_SCTP: return "sctp";
	default: return "?";
	}
}

static void
print_svc(const struct ipvs_service *s)
{
	char a[INET6_ADDRSTRLEN];
	char m[INET6_ADDRSTRLEN];
	struct in_addr mask = { htonl(s->netmask) };

	inet_ntop(s->af, &s->addr, a, sizeof(a));
	if (s->af == AF_INET)
		inet_ntop(AF_INET, &mask, m, sizeof(m));
	else
		snprintf(m, sizeof(m), "%u", s->netmask);
	if (s->fwmark)
		printf("svc fwm %u %s", s->fwmark, s->af == AF_INET6 ? "v6" : "v4");
	else
		printf("svc %s %s%s%s:%u", proto_name(s), s->af == AF_INET6 ? "[" : "",
		       a, s->af == AF_INET6 ? "]" : "", s->port);
	printf(" sched=%s flags=0x%x timeout=%u mask=%s pe=%s\n",
	       s->sched_name, s->flags, s->timeout, m, s->pe_name[0] ? s->pe_name : "-");
}

static void
print_dest(const struct ipvs_dest *d)
{
	char a[INET6_ADDRSTRLEN];

	inet_ntop(d->af, &d->addr, a, sizeof(a));
	printf("  dest %s%s%s:%u fwd=%u w=%d u=%u l=%u tun=%u/%u/%u conns=%u/%u/%u\n",
	       d->af == AF_INET6 ? "[" : "", a, d->af == AF_INET6 ? "]" : "", d->port,
	       d->conn_flags & IP_VS_CONN_F_FWD_MASK, d->weight, d->u_threshold,
	       d->l_threshold, d->tun_type, d->tun_port, d->tun_flags,
	       d->activeconns, d->inactconns, d->persistconns);
}

static int
must(int ret, enum ipvs_op op, const char *what)
{
	if (ret < 0) {
		failures++;
		printf("FAIL %s: %d %s\n", what, ret, ipvs_strerror(op, ret));
	}
	return ret;
}

static void
populate(struct ipvs_nl *nl)
{
	struct ipvs_service s;
	struct ipvs_dest d;

	s = svc_make(IPPROTO_TCP, "10.0.0.1", 80, "wrr");
	s.flags = IP_VS_SVC_F_PERSISTENT;
	s.timeout = 300;
	s.netmask = 0xffffff00;
	must(ipvs_nl_svc_add(nl, &s), IPVS_OP_SVC_ADD, "add tcp");
	d = dest_make("10.1.0.1", 8080, IP_VS_CONN_F_MASQ, 3);
	d.u_threshold = 100;
	d.l_threshold = 10;
	must(ipvs_nl_dest_add(nl, &s, &d), IPVS_OP_DEST_ADD, "dest masq");
	d = dest_make("10.1.0.2", 80, IP_VS_CONN_F_DROUTE, 1);
	must(ipvs_nl_dest_add(nl, &s, &d), IPVS_OP_DEST_ADD, "dest route");
	d = dest_make("10.1.0.3", 80, IP_VS_CONN_F_TUNNEL, 2);
	d.tun_type = IP_VS_CONN_F_TUNNEL_TYPE_GUE;
	d.tun_port = 6080;
	d.tun_flags = IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM;
	must(ipvs_nl_dest_add(nl, &s, &d), IPVS_OP_DEST_ADD, "dest gue");
	d = dest_make("10.1.0.4", 80, IP_VS_CONN_F_TUNNEL, 1);
	d.tun_type = IP_VS_CONN_F_TUNNEL_TYPE_GRE;
	d.tun_flags = IP_VS_TUNNEL_ENCAP_FLAG_CSUM;
	must(ipvs_nl_dest_add(nl, &s, &d), IPVS_OP_DEST_ADD, "dest gre");
	d = dest_make("10.1.0.5", 80, IP_VS_CONN_F_TUNNEL, 1);
	must(ipvs_nl_dest_add(nl, &s, &d), IPVS_OP_DEST_ADD, "dest ipip");
	/* mixed family: an IPv6 real server of an IPv4 service, tunnelled */
	d = dest_make("fd00::5", 80, IP_VS_CONN_F_TUNNEL, 1);
	must(ipvs_nl_dest_add(nl, &s, &d), IPVS_OP_DEST_ADD, "dest v6 in v4");

	s = svc_make(IPPROTO_UDP, "10.0.0.2", 53, "sh");
	s.flags = IP_VS_SVC_F_ONEPACKET | IP_VS_SVC_F_SCHED_SH_FALLBACK | IP_VS_SVC_F_SCHED_SH_PORT;
	must(ipvs_nl_svc_add(nl, &s), IPVS_OP_SVC_ADD, "add udp sh");
	d = dest_make("10.1.0.6", 53, IP_VS_CONN_F_MASQ, 1);
	must(ipvs_nl_dest_add(nl, &s, &d), IPVS_OP_DEST_ADD, "dest udp");

	s = svc_make(IPPROTO_SCTP, "10.0.0.3", 3868, "mh");
	s.flags = IP_VS_SVC_F_SCHED1 | IP_VS_SVC_F_SCHED2;	/* mh-fallback,mh-port */
	must(ipvs_nl_svc_add(nl, &s), IPVS_OP_SVC_ADD, "add sctp mh");

	s = svc_make(IPPROTO_UDP, "10.0.0.4", 5060, "rr");
	s.flags = IP_VS_SVC_F_PERSISTENT;
	s.timeout = 60;
	snprintf(s.pe_name, sizeof(s.pe_name), "sip");
	must(ipvs_nl_svc_add(nl, &s), IPVS_OP_SVC_ADD, "add udp sip");

	s = svc_make(IPPROTO_TCP, "fd00::1", 443, "lc");
	s.flags = IP_VS_SVC_F_PERSISTENT;
	s.timeout = 120;
	s.netmask = 64;
	must(ipvs_nl_svc_add(nl, &s), IPVS_OP_SVC_ADD, "add v6");
	d = dest_make("fd00::10", 443, IP_VS_CONN_F_MASQ, 5);
	must(ipvs_nl_dest_add(nl, &s, &d), IPVS_OP_DEST_ADD, "dest v6");

	s = svc_fwmark(AF_INET, 7, "rr");
	must(ipvs_nl_svc_add(nl, &s), IPVS_OP_SVC_ADD, "add fwmark");
	d = dest_make("10.1.0.7", 0, IP_VS_CONN_F_DROUTE, 1);
	must(ipvs_nl_dest_add(nl, &s, &d), IPVS_OP_DEST_ADD, "dest fwmark");
	s = svc_fwmark(AF_INET6, 8, "rr");
	must(ipvs_nl_svc_add(nl, &s), IPVS_OP_SVC_ADD, "add fwmark v6");
}

static int
cmp_svc(const void *a, const void *b)
{
	const struct ipvs_service *x = a, *y = b;

	if (x->fwmark != y->fwmark)
		return x->fwmark < y->fwmark ? -1 : 1;
	if (x->af != y->af)
		return x->af < y->af ? -1 : 1;
	if (x->protocol != y->protocol)
		return x->protocol < y->protocol ? -1 : 1;
	if (memcmp(&x->addr, &y->addr, sizeof(x->addr)))
		return memcmp(&x->addr, &y->addr, sizeof(x->addr));
	return (int)x->port - (int)y->port;
}

static int
cmp_dest(const void *a, const void *b)
{
	const struct ipvs_dest *x = a, *y = b;
	int r = memcmp(&x->addr, &y->addr, sizeof(x->addr));

	return r ? r : (int)x->port - (int)y->port;
}

static void
dump(struct ipvs_nl *nl)
{
	struct ipvs_service *svcs;
	struct ipvs_dest *dests;
	struct ipvs_timeouts t;
	struct ipvs_daemon dm[2];
	size_t n, nd, i, j;

	if (must(ipvs_nl_svc_dump(nl, &svcs, &n), IPVS_OP_SVC_DUMP, "svc dump") < 0)
		return;
	qsort(svcs, n, sizeof(*svcs), cmp_svc);
	for (i = 0; i < n; i++) {
		print_svc(&svcs[i]);
		if (must(ipvs_nl_dest_dump(nl, &svcs[i], &dests, &nd), IPVS_OP_DEST_DUMP, "dest dump") < 0)
			continue;
		qsort(dests, nd, sizeof(*dests), cmp_dest);
		for (j = 0; j < nd; j++)
			print_dest(&dests[j]);
		free(dests);
	}
	free(svcs);
	if (must(ipvs_nl_timeout_get(nl, &t), IPVS_OP_TIMEOUT_GET, "timeouts") == 0)
		printf("timeouts %u %u %u\n", t.tcp, t.tcp_fin, t.udp);
	if (must(ipvs_nl_daemon_dump(nl, dm, &n), IPVS_OP_DAEMON_DUMP, "daemons") == 0) {
		for (i = 0; i < n; i++) {
			char g[INET6_ADDRSTRLEN] = "-";

			if (dm[i].mcast_af)
				inet_ntop(dm[i].mcast_af, &dm[i].mcast_group, g, sizeof(g));
			printf("daemon state=%u ifn=%s syncid=%u maxlen=%u group=%s port=%u ttl=%u\n",
			       dm[i].state, dm[i].mcast_ifn, dm[i].syncid, dm[i].sync_maxlen,
			       g, dm[i].mcast_port, dm[i].mcast_ttl);
		}
	}
}


/* exercise: the calls populate/dump do not cover, with their errors. */
static void
exercise_svc(struct ipvs_nl *nl)
{
	struct ipvs_service s = svc_make(IPPROTO_TCP, "10.0.0.1", 80, "wrr"), g;
	struct ipvs_service missing = svc_make(IPPROTO_TCP, "10.0.0.99", 80, "rr");
	int r;

	must(ipvs_nl_svc_get(nl, &s, &g), IPVS_OP_SVC_GET, "get");
	CHECK(g.timeout == 300 && g.netmask == 0xffffff00 && g.flags == IP_VS_SVC_F_PERSISTENT &&
	      strcmp(g.sched_name, "wrr") == 0, "get fields t=%u m=%x f=%x", g.timeout, g.netmask, g.flags);
	r = ipvs_nl_svc_get(nl, &missing, &g);
	printf("get missing: %d %s\n", r, ipvs_strerror(IPVS_OP_SVC_GET, r));
	r = ipvs_nl_svc_add(nl, &s);
	printf("add dup: %d %s\n", r, ipvs_strerror(IPVS_OP_SVC_ADD, r));
	snprintf(missing.sched_name, sizeof(missing.sched_name), "nosuch");
	r = ipvs_nl_svc_add(nl, &missing);
	printf("add bad sched: %d %s\n", r, ipvs_strerror(IPVS_OP_SVC_ADD, r));
	r = ipvs_nl_svc_edit(nl, &missing);
	printf("edit missing: %d %s\n", r, ipvs_strerror(IPVS_OP_SVC_EDIT, r));
	r = ipvs_nl_svc_del(nl, &missing);
	printf("del missing: %d %s\n", r, ipvs_strerror(IPVS_OP_SVC_DEL, r));
	r = ipvs_nl_zero(nl, &missing);
	printf("zero missing: %d %s\n", r, ipvs_strerror(IPVS_OP_ZERO, r));
	s.flags = IP_VS_SVC_F_PERSISTENT;
	s.netmask = 0xffffff00;
	s.timeout = 600;
	snprintf(s.sched_name, sizeof(s.sched_name), "rr");
	must(ipvs_nl_svc_edit(nl, &s), IPVS_OP_SVC_EDIT, "edit");
	must(ipvs_nl_svc_get(nl, &s, &g), IPVS_OP_SVC_GET, "get after edit");
	CHECK(g.timeout == 600 && strcmp(g.sched_name, "rr") == 0, "edit took t=%u s=%s",
	      g.timeout, g.sched_name);
	must(ipvs_nl_zero(nl, &s), IPVS_OP_ZERO, "zero one");
	must(ipvs_nl_zero(nl, NULL), IPVS_OP_ZERO, "zero all");
}

static void
exercise_dest(struct ipvs_nl *nl)
{
	struct ipvs_service s = svc_make(IPPROTO_TCP, "10.0.0.1", 80, "rr");
	struct ipvs_service missing = svc_make(IPPROTO_TCP, "10.0.0.99", 80, "rr");
	struct ipvs_dest d = dest_make("10.1.0.2", 80, IP_VS_CONN_F_DROUTE, 9), *ds;
	struct ipvs_dest nod = dest_make("10.1.0.99", 80, IP_VS_CONN_F_DROUTE, 1);
	size_t n, i;
	int r;

	d.u_threshold = 50;
	must(ipvs_nl_dest_edit(nl, &s, &d), IPVS_OP_DEST_EDIT, "dest edit");
	if (must(ipvs_nl_dest_dump(nl, &s, &ds, &n), IPVS_OP_DEST_DUMP, "dest dump") == 0) {
		for (i = 0; i < n; i++)
			if (ds[i].af == AF_INET && ds[i].addr.in.s_addr == d.addr.in.s_addr)
				CHECK(ds[i].weight == 9 && ds[i].u_threshold == 50, "edit w=%d u=%u",
				      ds[i].weight, ds[i].u_threshold);
		CHECK(n == 6, "6 dests, got %zu", n);
		free(ds);
	}
	r = ipvs_nl_dest_add(nl, &s, &d);
	printf("dest add dup: %d %s\n", r, ipvs_strerror(IPVS_OP_DEST_ADD, r));
	r = ipvs_nl_dest_add(nl, &missing, &d);
	printf("dest add no svc: %d %s\n", r, ipvs_strerror(IPVS_OP_DEST_ADD, r));
	r = ipvs_nl_dest_edit(nl, &s, &nod);
	printf("dest edit missing: %d %s\n", r, ipvs_strerror(IPVS_OP_DEST_EDIT, r));
	r = ipvs_nl_dest_del(nl, &s, &nod);
	printf("dest del missing: %d %s\n", r, ipvs_strerror(IPVS_OP_DEST_DEL, r));
	must(ipvs_nl_dest_del(nl, &s, &d), IPVS_OP_DEST_DEL, "dest del");
}

/* The kernel refuses sync daemons while a mixed-family destination exists. */
static void
drop_mixed(struct ipvs_nl *nl)
{
	struct ipvs_service s = svc_make(IPPROTO_TCP, "10.0.0.1", 80, "rr");
	struct ipvs_dest d = dest_make("fd00::5", 80, IP_VS_CONN_F_TUNNEL, 1);

	must(ipvs_nl_dest_del(nl, &s, &d), IPVS_OP_DEST_DEL, "dest del mixed");
}

static void
exercise_daemon(struct ipvs_nl *nl, const char *ifn)
{
	struct ipvs_daemon m, b, out[2];
	size_t n = 9;
	int r;

	memset(&m, 0, sizeof(m));
	m.state = IP_VS_STATE_MASTER;
	snprintf(m.mcast_ifn, sizeof(m.mcast_ifn), "%s", ifn);
	m.syncid = 5;
	m.sync_maxlen = 1400;
	m.mcast_af = AF_INET;
	inet_pton(AF_INET, "239.1.2.3", &m.mcast_group.in);
	m.mcast_port = 8850;
	m.mcast_ttl = 3;
	b = m;
	b.state = IP_VS_STATE_BACKUP;
	b.syncid = 6;
	b.mcast_af = AF_INET6;
	inet_pton(AF_INET6, "ff02::8", &b.mcast_group.in6);
	must(ipvs_nl_daemon_start(nl, &m), IPVS_OP_DAEMON_START, "start master");
	must(ipvs_nl_daemon_start(nl, &b), IPVS_OP_DAEMON_START, "start backup");
	r = ipvs_nl_daemon_start(nl, &m);
	printf("daemon start again: %d %s\n", r, ipvs_strerror(IPVS_OP_DAEMON_START, r));
	must(ipvs_nl_daemon_dump(nl, out, &n), IPVS_OP_DAEMON_DUMP, "daemon dump");
	CHECK(n == 2, "2 daemons, got %zu", n);
}

static void
exercise_daemon_stop(struct ipvs_nl *nl)
{
	struct ipvs_daemon d, out[2];
	size_t n = 9;
	int r;

	memset(&d, 0, sizeof(d));
	d.state = IP_VS_STATE_BACKUP;
	must(ipvs_nl_daemon_stop(nl, &d), IPVS_OP_DAEMON_STOP, "stop backup");
	r = ipvs_nl_daemon_stop(nl, &d);
	printf("daemon stop again: %d %s\n", r, ipvs_strerror(IPVS_OP_DAEMON_STOP, r));
	d.state = IP_VS_STATE_MASTER;
	must(ipvs_nl_daemon_stop(nl, &d), IPVS_OP_DAEMON_STOP, "stop master");
	must(ipvs_nl_daemon_dump(nl, out, &n), IPVS_OP_DAEMON_DUMP, "daemon dump");
	CHECK(n == 0, "no daemons, got %zu", n);
}

static void
exercise(struct ipvs_nl *nl, const char *ifn)
{
	struct ipvs_info info;
	struct ipvs_timeouts t = { 900, 100, 200 }, keep = { 0, 0, 0 }, g;

	if (must(ipvs_nl_get_info(nl, &info), IPVS_OP_INFO, "info") == 0)
		printf("info version=%u.%u.%u size=%u\n", info.version >> 16,
		       (info.version >> 8) & 0xff, info.version & 0xff, info.conn_tab_size);
	exercise_svc(nl);
	exercise_dest(nl);
	must(ipvs_nl_timeout_set(nl, &t), IPVS_OP_TIMEOUT_SET, "timeout set");
	must(ipvs_nl_timeout_set(nl, &keep), IPVS_OP_TIMEOUT_SET, "timeout keep");
	must(ipvs_nl_timeout_get(nl, &g), IPVS_OP_TIMEOUT_GET, "timeout get");
	CHECK(g.tcp == 900 && g.tcp_fin == 100 && g.udp == 200, "timeouts %u %u %u",
	      g.tcp, g.tcp_fin, g.udp);
	drop_mixed(nl);
	exercise_daemon(nl, ifn);
}

struct fail_log {
	size_t n;
};

static void
batch_report(void *arg, size_t index, enum ipvs_op op, int err, const char *extack)
{
	struct fail_log *l = arg;

	l->n++;
	printf("batch fail index=%zu op=%d err=%d %s%s%s\n", index, (int)op, err,
	       ipvs_strerror(op, err), extack ? " extack=" : "", extack ? extack : "");
}

/* Small batch: failures in the middle, each with its own errno. */
static void
batchfail_small(struct ipvs_nl *nl, struct ipvs_batch *b)
{
	struct ipvs_service a = svc_make(IPPROTO_TCP, "10.0.1.1", 80, "rr");
	struct ipvs_service bs = svc_make(IPPROTO_TCP, "10.0.1.2", 80, "rr");
	struct ipvs_service c = svc_make(IPPROTO_TCP, "10.0.1.3", 80, "nosuch");
	struct ipvs_service dd = svc_make(IPPROTO_TCP, "10.0.1.4", 80, "rr");
	struct ipvs_dest d1 = dest_make("10.1.1.1", 80, IP_VS_CONN_F_MASQ, 1);
	struct ipvs_dest d9 = dest_make("10.1.1.9", 80, IP_VS_CONN_F_MASQ, 1);
	struct fail_log log = { 0 };
	int r;

	ipvs_batch_svc(b, IPVS_OP_SVC_ADD, &a);			/* 0 */
	ipvs_batch_dest(b, IPVS_OP_DEST_ADD, &a, &d1);		/* 1 */
	ipvs_batch_svc(b, IPVS_OP_SVC_ADD, &a);			/* 2 EEXIST */
	ipvs_batch_dest(b, IPVS_OP_DEST_ADD, &bs, &d1);		/* 3 ESRCH */
	ipvs_batch_svc(b, IPVS_OP_SVC_ADD, &bs);		/* 4 */
	ipvs_batch_dest(b, IPVS_OP_DEST_ADD, &bs, &d1);		/* 5 */
	ipvs_batch_dest(b, IPVS_OP_DEST_ADD, &a, &d1);		/* 6 EEXIST */
	ipvs_batch_svc(b, IPVS_OP_SVC_ADD, &c);			/* 7 ENOENT */
	ipvs_batch_dest(b, IPVS_OP_DEST_DEL, &a, &d9);		/* 8 ENOENT */
	ipvs_batch_svc(b, IPVS_OP_SVC_DEL, &dd);		/* 9 ESRCH */
	a.flags = IP_VS_SVC_F_PERSISTENT;
	a.timeout = 77;
	ipvs_batch_svc(b, IPVS_OP_SVC_EDIT, &a);		/* 10 */
	r = ipvs_batch_commit(b, batch_report, &log);
	printf("batch small: len-after=%zu failed=%d reported=%zu extack=%s\n",
	       ipvs_batch_len(b), r, log.n, ipvs_nl_last_extack(nl) ? "yes" : "no");
}

/* Large batch over many windows: a duplicate every 97th request. */
static void
batchfail_large(struct ipvs_nl *nl, struct ipvs_batch *b)
{
	struct fail_log log = { 0 };
	char a[32];
	size_t i;
	int r;

	for (i = 0; i < 3000; i++) {
		struct ipvs_service s;
		size_t k = i % 97 == 96 ? i - 1 : i;	/* repeat the previous one */

		snprintf(a, sizeof(a), "10.2.%zu.%zu", k / 250, k % 250 + 1);
		s = svc_make(IPPROTO_TCP, a, 80, "rr");
		if (ipvs_batch_svc(b, IPVS_OP_SVC_ADD, &s) < 0)
			CHECK(0, "queue %zu", i);
	}
	r = ipvs_batch_commit(b, batch_report, &log);
	printf("batch large: failed=%d reported=%zu\n", r, log.n);
}

struct overflow_log {
	size_t eexist, enobufs, other, next;
	int in_order;
};

static void
overflow_report(void *arg, size_t index, enum ipvs_op op, int err, const char *extack)
{
	struct overflow_log *l = arg;

	if (index < l->next)
		l->in_order = 0;
	l->next = index + 1;
	if (err == -EEXIST)
		l->eexist++;
	else if (err == -ENOBUFS)
		l->enobufs++;
	else
		l->other++;
}

/* Break the window invariant on purpose: a tiny receive buffer and a
 * window of 1000 requests that all fail, so the kernel must drop answers.
 * Every request must still be reported exactly once (EEXIST if its answer
 * arrived, ENOBUFS if not), and the handle must work afterwards. */
static void
overflow(struct ipvs_nl *nl, struct ipvs_batch *b)
{
	struct ipvs_service s = svc_make(IPPROTO_TCP, "10.0.3.1", 80, "rr"), g;
	struct overflow_log l = { 0, 0, 0, 0, 1 };
	int small = 4096, r, i;

	must(ipvs_nl_svc_add(nl, &s), IPVS_OP_SVC_ADD, "add");
	CHECK(setsockopt(nl->fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small)) == 0, "rcvbuf");
	nl->window = 1000;
	for (i = 0; i < 1000; i++)
		ipvs_batch_svc(b, IPVS_OP_SVC_ADD, &s);
	r = ipvs_batch_commit(b, overflow_report, &l);
	printf("overflow: failed=%d eexist=%zu enobufs=%zu other=%zu in_order=%d\n",
	       r, l.eexist, l.enobufs, l.other, l.in_order);
	CHECK(r == 1000 && l.eexist + l.enobufs == 1000 && l.enobufs > 0 && l.other == 0,
	      "every request reported once");
	must(ipvs_nl_svc_get(nl, &s, &g), IPVS_OP_SVC_GET, "handle usable after ENOBUFS");
	must(ipvs_nl_svc_del(nl, &s), IPVS_OP_SVC_DEL, "del");
}

static void
restore(struct ipvs_nl *nl, struct ipvs_batch *b, unsigned nsvc, unsigned ndest)
{
	struct fail_log log = { 0 };
	double t0 = now_ms();
	char a[32];
	unsigned i, j;
	int r;

	for (i = 0; i < nsvc; i++) {
		struct ipvs_service s;

		snprintf(a, sizeof(a), "10.%u.%u.%u", 100 + i / 65536, (i / 256) % 256, i % 256);
		s = svc_make(IPPROTO_TCP, a, 80, "wrr");
		ipvs_batch_svc(b, IPVS_OP_SVC_ADD, &s);
		for (j = 0; j < ndest; j++) {
			struct ipvs_dest d;

			snprintf(a, sizeof(a), "10.%u.%u.%u", 200 + j, (i / 256) % 256, i % 256);
			d = dest_make(a, 8080, IP_VS_CONN_F_MASQ, 1);
			ipvs_batch_dest(b, IPVS_OP_DEST_ADD, &s, &d);
		}
	}
	r = ipvs_batch_commit(b, batch_report, &log);
	printf("restore %u %u failed=%d ms=%.1f\n", nsvc, ndest, r, now_ms() - t0);
	CHECK(r == 0, "restore failures %d", r);
}

static void
list(struct ipvs_nl *nl)
{
	double t0 = now_ms();
	struct ipvs_service *svcs;
	struct ipvs_dest *ds;
	size_t n, nd, i, total = 0;

	if (must(ipvs_nl_svc_dump(nl, &svcs, &n), IPVS_OP_SVC_DUMP, "svc dump") < 0)
		return;
	for (i = 0; i < n; i++) {
		if (must(ipvs_nl_dest_dump(nl, &svcs[i], &ds, &nd), IPVS_OP_DEST_DUMP, "dests") < 0)
			break;
		total += nd;
		free(ds);
	}
	free(svcs);
	printf("list svcs=%zu dests=%zu ms=%.1f\n", n, total, now_ms() - t0);
}

/* record: write what goes over the socket for each call as hex lines
 * ("tx ..." sent, "rx ..." received), one file per call. */
struct recorder {
	FILE *f;
};

static void
record_trace(void *arg, int dir, const void *buf, size_t len)
{
	struct recorder *r = arg;
	const uint8_t *p = buf;
	size_t i;

	if (r->f == NULL)
		return;
	fputs(dir ? "rx " : "tx ", r->f);
	for (i = 0; i < len; i++)
		fprintf(r->f, "%02x", p[i]);
	fputc('\n', r->f);
}

static void
record_open(struct recorder *r, const char *dir, const char *name, const char *what)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s.hex", dir, name);
	r->f = fopen(path, "w");
	if (r->f == NULL) {
		perror(path);
		exit(2);
	}
	fprintf(r->f, "# %s\n# recorded by tests/lab/progs/ipvs_probe record (UML Linux 6.1)\n", what);
}

static void
record_close(struct recorder *r)
{
	if (r->f)
		fclose(r->f);
	r->f = NULL;
}

static void
record(struct ipvs_nl *nl, const char *dir, const char *ifn)
{
	struct recorder rec = { NULL };
	struct ipvs_service s = svc_make(IPPROTO_TCP, "10.0.0.1", 80, "wrr"), g, *svcs;
	struct ipvs_service v6 = svc_make(IPPROTO_TCP, "fd00::1", 443, "lc");
	struct ipvs_timeouts t;
	struct ipvs_daemon dm[2];
	struct ipvs_dest *ds;
	struct ipvs_info info;
	struct ipvs_batch *b;
	size_t n;

	ipvs_nl_set_trace(nl, record_trace, &rec);
	record_open(&rec, dir, "info", "IPVS_CMD_GET_INFO");
	must(ipvs_nl_get_info(nl, &info), IPVS_OP_INFO, "info");
	record_close(&rec);
	record_open(&rec, dir, "svc_dump", "service dump after populate + traffic to 10.0.0.1:80");
	if (must(ipvs_nl_svc_dump(nl, &svcs, &n), IPVS_OP_SVC_DUMP, "svc dump") == 0)
		free(svcs);
	record_close(&rec);
	record_open(&rec, dir, "dest_dump_tcp", "destination dump of TCP 10.0.0.1:80");
	if (must(ipvs_nl_dest_dump(nl, &s, &ds, &n), IPVS_OP_DEST_DUMP, "dests") == 0)
		free(ds);
	record_close(&rec);
	record_open(&rec, dir, "dest_dump_v6", "destination dump of TCP [fd00::1]:443");
	if (must(ipvs_nl_dest_dump(nl, &v6, &ds, &n), IPVS_OP_DEST_DUMP, "dests") == 0)
		free(ds);
	record_close(&rec);
	record_open(&rec, dir, "svc_get", "IPVS_CMD_GET_SERVICE of TCP 10.0.0.1:80");
	must(ipvs_nl_svc_get(nl, &s, &g), IPVS_OP_SVC_GET, "get");
	record_close(&rec);
	record_open(&rec, dir, "svc_add_dup", "IPVS_CMD_NEW_SERVICE of an existing service (EEXIST)");
	(void)ipvs_nl_svc_add(nl, &s);
	record_close(&rec);
	record_open(&rec, dir, "timeouts", "IPVS_CMD_GET_CONFIG after set 900 100 200");
	must(ipvs_nl_timeout_get(nl, &t), IPVS_OP_TIMEOUT_GET, "timeouts");
	record_close(&rec);
	if (ipvs_batch_new(nl, &b) == 0) {
		record_open(&rec, dir, "batch_small", "batchfail small batch: failures at 2,3,6,7,8,9");
		batchfail_small(nl, b);
		record_close(&rec);
		ipvs_batch_free(b);
	}
	/* Daemons last, left running: stopping them right after traffic
	 * has been seen to hang the UML kernel. */
	drop_mixed(nl);
	exercise_daemon(nl, ifn);
	record_open(&rec, dir, "daemon_dump", "IPVS_CMD_GET_DAEMON dump with master and backup");
	must(ipvs_nl_daemon_dump(nl, dm, &n), IPVS_OP_DAEMON_DUMP, "daemons");
	record_close(&rec);
	ipvs_nl_set_trace(nl, NULL, NULL);
}

static int
run(struct ipvs_nl *nl, int argc, char **argv)
{
	const char *cmd = argv[1];
	struct ipvs_batch *b = NULL;

	if (strcmp(cmd, "populate") == 0)
		populate(nl);
	else if (strcmp(cmd, "dump") == 0)
		dump(nl);
	else if (strcmp(cmd, "exercise") == 0 && argc == 3)
		exercise(nl, argv[2]);
	else if (strcmp(cmd, "daemon-stop") == 0)
		exercise_daemon_stop(nl);
	else if (strcmp(cmd, "flush") == 0)
		must(ipvs_nl_flush(nl), IPVS_OP_FLUSH, "flush");
	else if (strcmp(cmd, "list") == 0)
		list(nl);
	else if (strcmp(cmd, "record") == 0 && argc == 4)
		record(nl, argv[2], argv[3]);
	else if ((strcmp(cmd, "batchfail") == 0 || strcmp(cmd, "restore") == 0 ||
		  strcmp(cmd, "overflow") == 0) &&
		 ipvs_batch_new(nl, &b) == 0) {
		if (strcmp(cmd, "overflow") == 0)
			overflow(nl, b);
		else if (cmd[0] == 'b') {
			batchfail_small(nl, b);
			batchfail_large(nl, b);
		} else if (argc == 4)
			restore(nl, b, (unsigned)atoi(argv[2]), (unsigned)atoi(argv[3]));
		ipvs_batch_free(b);
	} else
		return -1;
	return 0;
}

static double
now_epoch(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static bool
has_dest(struct ipvs_nl *nl, const struct ipvs_service *svc, const struct ipvs_dest *want)
{
	struct ipvs_dest *d = NULL;
	size_t n = 0, i;
	bool found = false;

	if (ipvs_nl_dest_dump(nl, svc, &d, &n) < 0)
		return false;
	for (i = 0; i < n && !found; i++)
		found = d[i].port == want->port && memcmp(&d[i].addr, &want->addr,
							  sizeof(want->addr)) == 0;
	free(d);
	return found;
}

static size_t
count_dests(struct ipvs_nl *nl)
{
	struct ipvs_service *s = NULL;
	struct ipvs_dest *d;
	size_t n = 0, nd, i, total = 0;

	if (ipvs_nl_svc_dump(nl, &s, &n) < 0)
		return 0;
	for (i = 0; i < n; i++) {
		d = NULL;
		nd = 0;
		if (ipvs_nl_dest_dump(nl, &s[i], &d, &nd) == 0)
			total += nd;
		free(d);
	}
	free(s);
	return total;
}

/* waitdest VIP PORT RS TOTAL SECONDS (see the top of the file). */
static int
waitdest(struct ipvs_nl *nl, char **argv)
{
	struct ipvs_service svc = { .protocol = IPPROTO_TCP };
	struct ipvs_dest want = { 0 };
	double end = now_epoch() + atof(argv[6]);
	size_t total = strtoul(argv[5], NULL, 10), got = 0;
	bool seen = false;
	struct timespec tick = { 0, 10 * 1000 * 1000 };

	addr_set(&svc.addr, &svc.af, argv[2]);
	svc.port = (uint16_t)atoi(argv[3]);
	addr_set(&want.addr, &want.af, argv[4]);
	want.port = svc.port;
	while (now_epoch() < end) {
		if (!seen && has_dest(nl, &svc, &want)) {
			printf("seen %.6f\n", now_epoch());
			seen = true;
		}
		if (seen && (got = count_dests(nl)) >= total) {
			printf("complete %.6f %zu\n", now_epoch(), got);
			return 0;
		}
		nanosleep(&tick, NULL);
	}
	printf("timeout seen=%d dests=%zu\n", seen, got);
	return 1;
}

int
main(int argc, char **argv)
{
	struct ipvs_nl *nl;
	int r;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2) {
		fprintf(stderr, "usage: ipvs_probe populate|dump|exercise IFN|daemon-stop|"
			"flush|list|batchfail|overflow|restore N M|record DIR IFN|"
			"waitdest VIP PORT RS TOTAL SECONDS\n");
		return 2;
	}
	r = ipvs_nl_open(&nl);
	if (r < 0) {
		printf("FAIL open: %d %s\n", r, ipvs_strerror(IPVS_OP_INFO, r));
		return 1;
	}
	if (strcmp(argv[1], "waitdest") == 0 && argc == 7) {
		r = waitdest(nl, argv);
		ipvs_nl_close(nl);
		return r;
	}
	if (run(nl, argc, argv) < 0) {
		fprintf(stderr, "ipvs_probe: bad arguments\n");
		ipvs_nl_close(nl);
		return 2;
	}
	ipvs_nl_close(nl);
	if (failures)
		printf("probe %s: %d failure(s)\n", argv[1], failures);
	return failures ? 1 : 0;
}
