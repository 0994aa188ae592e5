/* compat_opts.c: ipvsadm 1.31's option table and what each option does to
 * the request, applied in command-line order as ipvsadm does. */
#include <arpa/inet.h>
#include <limits.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "compat_int.h"
#include "compat_val.h"

const char *const compat_optnames[OPTC__COUNT] = {
	"numeric", "connection", "service-address", "scheduler", "persistent",
	"netmask", "real-server", "forwarding-method", "weight", "u-threshold",
	"l-threshold", "mcast-interface", "timeout", "daemon", "stats", "rate",
	"thresholds", "persistent-conn", "nosort", "syncid", "exact", "ops",
	"pe", "sched-flags", "mcast-group", "mcast-port", "mcast-ttl",
	"sync-maxlen", "tun-info", "tun-type", "tun-port", "tun-nocsum",
	"tun-csum", "tun-remcsum", "output",
};

static void
copy_name(char *dst, size_t size, const char *src)
{
	/* strncpy(dst, src, size - 1) into a zeroed field, as ipvsadm does */
	size_t n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

#define fail(p, ...) compat_errf((p)->err, COMPAT_FAIL, 2, __VA_ARGS__)

static int
opt_daemon_cmd(struct compat_parse *p, const struct compat_optdef *d,
	       const char *arg)
{
	if (strcmp(arg, "master") == 0)
		p->req->daemon.state = IP_VS_STATE_MASTER;
	else if (strcmp(arg, "backup") == 0)
		p->req->daemon.state = IP_VS_STATE_BACKUP;
	else if (d->cmd == COMPAT_STARTDAEMON)
		return fail(p, "%s", "illegal start-daemon parameter specified");
	else
		return fail(p, "%s", "illegal start_daemon specified");
	return 0;
}

static int
opt_service(struct compat_parse *p, const struct compat_optdef *d,
	    const char *arg)
{
	p->req->svc.protocol = (uint16_t)d->data;
	if (!(compat_service(arg, &p->req->svc, p->res) & COMPAT_SVC_ADDR))
		return fail(p, "%s", "illegal virtual server address[:port] specified");
	return 0;
}

static int
opt_fwmark(struct compat_parse *p, const struct compat_optdef *d, const char *arg)
{
	p->req->svc.af = AF_INET;
	p->req->svc.protocol = IPPROTO_TCP;
	if (compat_fwmark(arg, &p->req->svc.fwmark) != 0)
		return fail(p, "invalid fwmark value `%s' specified", arg);
	return 0;
}

static int
opt_sched(struct compat_parse *p, const struct compat_optdef *d, const char *arg)
{
	copy_name(p->req->svc.sched_name, IPVS_SCHED_NAME_LEN, arg);
	return 0;
}

static int
opt_persistent(struct compat_parse *p, const struct compat_optdef *d,
	       const char *arg)
{
	int t = COMPAT_PERSIST_DEFAULT;

	p->req->svc.flags |= IP_VS_SVC_F_PERSISTENT;
	if (arg != NULL && (t = compat_number(arg, 1, COMPAT_MAX_TIMEOUT)) == -1)
		return fail(p, "invalid timeout value `%s' specified", arg);
	p->req->svc.timeout = (uint32_t)t;
	return 0;
}

static int
opt_netmask(struct compat_parse *p, const struct compat_optdef *d,
	    const char *arg)
{
	struct ipvs_service *svc = &p->req->svc;

	if (svc->af != AF_INET6) {
		if (compat_netmask(arg, p->res, &svc->netmask) != 1)
			return fail(p, "%s", "illegal virtual server persistent mask specified");
		return 0;
	}
	svc->netmask = (uint32_t)atoi(arg);
	if (svc->netmask < 1 || svc->netmask > 128)
		return fail(p, "%s", "illegal ipv6 netmask specified");
	return 0;
}

static int
opt_server(struct compat_parse *p, const struct compat_optdef *d,
	   const char *arg)
{
	struct ipvs_service t = p->req->svc;
	int parse = compat_service(arg, &t, p->res);

	p->req->dest.af = t.af;
	p->req->dest.addr = t.addr;
	p->req->dest.port = t.port;
	if (!(parse & COMPAT_SVC_ADDR))
		return fail(p, "%s", "illegal real server address[:port] specified");
	if (parse == COMPAT_SVC_ADDR)
		p->req->dest.port = p->req->svc.port;
	return 0;
}

static int
opt_forward(struct compat_parse *p, const struct compat_optdef *d,
	    const char *arg)
{
	p->req->dest.conn_flags = (uint32_t)d->data;
	return 0;
}

/* -w, -x, -y: 0..INT_MAX (Debian's ipvsadm allows weights up to INT_MAX). */
static int
opt_dest_number(struct compat_parse *p, const struct compat_optdef *d,
		const char *arg)
{
	static const char *const what[] = { "weight", "u_threshold", "l_threshold" };
	int n = compat_number(arg, 0, INT_MAX);

	if (n == -1)
		return fail(p, "illegal %s specified", what[d->data]);
	if (d->data == 0)
		p->req->dest.weight = n;
	else if (d->data == 1)
		p->req->dest.u_threshold = (uint32_t)n;
	else
		p->req->dest.l_threshold = (uint32_t)n;
	return 0;
}

enum { LF_NUMERIC, LF_STATS, LF_RATE, LF_THRESHOLDS, LF_PCONN, LF_NOSORT,
       LF_EXACT, LF_TUN_INFO, LF_JSON };

static int
opt_list_flag(struct compat_parse *p, const struct compat_optdef *d,
	      const char *arg)
{
	struct list_opts *l = &p->req->list;

	switch (d->data) {
	case LF_NUMERIC: l->numeric = true; break;
	case LF_STATS: l->stats = true; break;
	case LF_RATE: l->rate = true; break;
	case LF_THRESHOLDS: l->thresholds = true; break;
	case LF_PCONN: l->persistent_conn = true; break;
	case LF_NOSORT: l->nosort = true; l->sort = false; break;
	case LF_EXACT: l->exact = true; break;
	case LF_TUN_INFO: l->tun_info = true; break;
	case LF_JSON: l->format = LIST_FMT_JSON; break;
	}
	return 0;
}

/* --output FORMAT (ours): "json" or "text". */
static int
opt_output(struct compat_parse *p, const struct compat_optdef *d,
	   const char *arg)
{
	if (strcmp(arg, "json") == 0)
		p->req->list.format = LIST_FMT_JSON;
	else if (strcmp(arg, "text") == 0)
		p->req->list.format = LIST_FMT_TEXT;
	else
		return fail(p, "invalid output format `%s' specified", arg);
	return 0;
}

static int
opt_ipv6(struct compat_parse *p, const struct compat_optdef *d, const char *arg)
{
	if (p->req->svc.fwmark == 0)
		return fail(p, "%s", "-6 used before -f\n");
	p->req->svc.af = AF_INET6;
	p->req->svc.netmask = 128;
	return 0;
}

static int
opt_svc_flag(struct compat_parse *p, const struct compat_optdef *d,
	     const char *arg)
{
	p->req->svc.flags |= IP_VS_SVC_F_ONEPACKET;
	return 0;
}

static int
opt_pe(struct compat_parse *p, const struct compat_optdef *d, const char *arg)
{
	/* ipvsadm copies IP_VS_PENAME_MAXLEN (16) bytes, unterminated: the
	 * kernel then sees at most 16 characters. */
	copy_name(p->req->svc.pe_name, IP_VS_PENAME_MAXLEN + 1, arg);
	return 0;
}

static int
opt_sched_flags(struct compat_parse *p, const struct compat_optdef *d,
		const char *arg)
{
	p->sched_flags = arg;
	return 0;
}

static int
opt_mcast_ifn(struct compat_parse *p, const struct compat_optdef *d,
	      const char *arg)
{
	copy_name(p->req->daemon.mcast_ifn, sizeof(p->req->daemon.mcast_ifn), arg);
	return 0;
}

static int
opt_mcast_group(struct compat_parse *p, const struct compat_optdef *d,
		const char *arg)
{
	struct ipvs_daemon *dm = &p->req->daemon;

	if (strchr(arg, ':') != NULL) {
		if (inet_pton(AF_INET6, arg, &dm->mcast_group.in6) <= 0 ||
		    !IN6_IS_ADDR_MULTICAST(&dm->mcast_group.in6))
			return fail(p, "invalid IPv6 mcast-group `%s'", arg);
		dm->mcast_af = AF_INET6;
		return 0;
	}
	if (inet_pton(AF_INET, arg, &dm->mcast_group.in) <= 0 ||
	    !IN_MULTICAST(ntohl(dm->mcast_group.in.s_addr)))
		return fail(p, "invalid IPv4 mcast-group `%s'", arg);
	dm->mcast_af = AF_INET;
	return 0;
}

/* Bounded numbers of the daemon and tunnel options. */
static const struct {
	int min, max;
	const char *msg;
} num_opts[] = {
	{ 0, 255, "illegal syncid specified" },
	{ 1, 65535, "illegal mcast-port specified" },
	{ 1, 255, "illegal mcast-ttl specified" },
	{ 1, 65535 - 20 - 8, "illegal sync-maxlen specified" },
	{ 1, 65535, "illegal tunnel port specified" },
};
enum { NUM_SYNCID, NUM_MCAST_PORT, NUM_MCAST_TTL, NUM_MAXLEN, NUM_TUN_PORT };

static int
opt_number(struct compat_parse *p, const struct compat_optdef *d,
	   const char *arg)
{
	int n = compat_number(arg, num_opts[d->data].min, num_opts[d->data].max);

	if (n == -1)
		return fail(p, "%s", num_opts[d->data].msg);
	switch (d->data) {
	case NUM_SYNCID: p->req->daemon.syncid = (uint32_t)n; break;
	case NUM_MCAST_PORT: p->req->daemon.mcast_port = (uint16_t)n; break;
	case NUM_MCAST_TTL: p->req->daemon.mcast_ttl = (uint8_t)n; break;
	case NUM_MAXLEN: p->req->daemon.sync_maxlen = (uint16_t)n; break;
	case NUM_TUN_PORT: p->req->dest.tun_port = (uint16_t)n; break;
	}
	return 0;
}

static int
opt_tun_type(struct compat_parse *p, const struct compat_optdef *d,
	     const char *arg)
{
	int t = compat_tun_type(arg);

	if (t == -1)
		return fail(p, "%s", "illegal tunnel type specified");
	p->req->dest.tun_type = (uint8_t)t;
	return 0;
}

static int
opt_tun_flag(struct compat_parse *p, const struct compat_optdef *d,
	     const char *arg)
{
	p->req->dest.tun_flags |= (uint16_t)d->data;
	return 0;
}

#define NO POPT_ARG_NO
#define REQ POPT_ARG_REQUIRED
#define OPT POPT_ARG_OPTIONAL
#define CMD(l, s, t, c, fn) { l, s, t, -1, c, fn, 0 }
#define O(l, s, t, optc, fn, data) { l, s, t, optc, COMPAT_NONE, fn, data }

/* ipvsadm 1.31's popt table, in its order (first match wins). */
const struct compat_optdef compat_optdefs[] = {
	CMD("add-service", 'A', NO, COMPAT_ADD, NULL),
	CMD("edit-service", 'E', NO, COMPAT_EDIT, NULL),
	CMD("delete-service", 'D', NO, COMPAT_DEL, NULL),
	CMD("clear", 'C', NO, COMPAT_FLUSH, NULL),
	CMD("list", 'L', NO, COMPAT_LIST, NULL),
	CMD("list", 'l', NO, COMPAT_LIST, NULL),
	CMD("zero", 'Z', NO, COMPAT_ZERO, NULL),
	CMD("add-server", 'a', NO, COMPAT_ADDDEST, NULL),
	CMD("edit-server", 'e', NO, COMPAT_EDITDEST, NULL),
	CMD("delete-server", 'd', NO, COMPAT_DELDEST, NULL),
	CMD("set", 0, NO, COMPAT_TIMEOUT, NULL),
	CMD("help", 'h', NO, COMPAT_HELP, NULL),
	CMD("version", 'v', NO, COMPAT_VERSION, NULL),
	CMD("restore", 'R', NO, COMPAT_RESTORE, NULL),
	CMD("save", 'S', NO, COMPAT_SAVE, NULL),
	CMD("start-daemon", 0, REQ, COMPAT_STARTDAEMON, opt_daemon_cmd),
	CMD("stop-daemon", 0, REQ, COMPAT_STOPDAEMON, opt_daemon_cmd),
	O("tcp-service", 't', REQ, OPTC_SERVICE, opt_service, IPPROTO_TCP),
	O("udp-service", 'u', REQ, OPTC_SERVICE, opt_service, IPPROTO_UDP),
	O("sctp-service", 0, REQ, OPTC_SERVICE, opt_service, IPPROTO_SCTP),
	O("fwmark-service", 'f', REQ, OPTC_SERVICE, opt_fwmark, 0),
	O("scheduler", 's', REQ, OPTC_SCHEDULER, opt_sched, 0),
	O("persistent", 'p', OPT, OPTC_PERSISTENT, opt_persistent, 0),
	O("netmask", 'M', REQ, OPTC_NETMASK, opt_netmask, 0),
	O("real-server", 'r', REQ, OPTC_SERVER, opt_server, 0),
	O("masquerading", 'm', NO, OPTC_FORWARD, opt_forward, IP_VS_CONN_F_MASQ),
	O("ipip", 'i', NO, OPTC_FORWARD, opt_forward, IP_VS_CONN_F_TUNNEL),
	O("gatewaying", 'g', NO, OPTC_FORWARD, opt_forward, IP_VS_CONN_F_DROUTE),
	O("weight", 'w', REQ, OPTC_WEIGHT, opt_dest_number, 0),
	O("u-threshold", 'x', REQ, OPTC_UTHRESHOLD, opt_dest_number, 1),
	O("l-threshold", 'y', REQ, OPTC_LTHRESHOLD, opt_dest_number, 2),
	O("numeric", 'n', NO, OPTC_NUMERIC, opt_list_flag, LF_NUMERIC),
	O("connection", 'c', NO, OPTC_CONNECTION, NULL, 0),
	O("mcast-interface", 0, REQ, OPTC_MCAST, opt_mcast_ifn, 0),
	O("syncid", 0, REQ, OPTC_SYNCID, opt_number, NUM_SYNCID),
	O("timeout", 0, NO, OPTC_TIMEOUT, NULL, 0),
	O("daemon", 0, NO, OPTC_DAEMON, NULL, 0),
	O("stats", 0, NO, OPTC_STATS, opt_list_flag, LF_STATS),
	O("rate", 0, NO, OPTC_RATE, opt_list_flag, LF_RATE),
	O("thresholds", 0, NO, OPTC_THRESHOLDS, opt_list_flag, LF_THRESHOLDS),
	O("persistent-conn", 0, NO, OPTC_PERSISTENTCONN, opt_list_flag, LF_PCONN),
	O("nosort", 0, NO, OPTC_NOSORT, opt_list_flag, LF_NOSORT),
	O("sort", 0, NO, -1, NULL, 0),
	O("exact", 'X', NO, OPTC_EXACT, opt_list_flag, LF_EXACT),
	O("ipv6", '6', NO, -1, opt_ipv6, 0),
	O("ops", 'o', NO, OPTC_ONEPACKET, opt_svc_flag, 0),
	O("pe", 0, REQ, OPTC_PE, opt_pe, 0),
	O("sched-flags", 'b', REQ, OPTC_SCHED_FLAGS, opt_sched_flags, 0),
	O("mcast-group", 0, REQ, OPTC_MCAST_GROUP, opt_mcast_group, 0),
	O("mcast-port", 0, REQ, OPTC_MCAST_PORT, opt_number, NUM_MCAST_PORT),
	O("mcast-ttl", 0, REQ, OPTC_MCAST_TTL, opt_number, NUM_MCAST_TTL),
	O("sync-maxlen", 0, REQ, OPTC_SYNC_MAXLEN, opt_number, NUM_MAXLEN),
	O("tun-info", 0, NO, OPTC_TUN_INFO, opt_list_flag, LF_TUN_INFO),
	O("tun-type", 0, REQ, OPTC_TUN_TYPE, opt_tun_type, 0),
	O("tun-port", 0, REQ, OPTC_TUN_PORT, opt_number, NUM_TUN_PORT),
	O("tun-nocsum", 0, NO, OPTC_TUN_NOCSUM, opt_tun_flag, IP_VS_TUNNEL_ENCAP_FLAG_NOCSUM),
	O("tun-csum", 0, NO, OPTC_TUN_CSUM, opt_tun_flag, IP_VS_TUNNEL_ENCAP_FLAG_CSUM),
	O("tun-remcsum", 0, NO, OPTC_TUN_REMCSUM, opt_tun_flag, IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM),
	/* ours: JSON listings; spellings ipvsadm rejects, so no ipvsadm
	 * command line changes meaning ("-o" stays --ops). */
	O("json", 0, NO, OPTC_OUTPUT, opt_list_flag, LF_JSON),
	O("output", 0, REQ, OPTC_OUTPUT, opt_output, 0),
};

_Static_assert(sizeof(compat_optdefs) / sizeof(compat_optdefs[0]) == COMPAT_NOPTDEFS,
	       "COMPAT_NOPTDEFS must match compat_optdefs");

void
compat_popt_table(struct popt_opt tab[COMPAT_NOPTDEFS])
{
	for (int i = 0; i < COMPAT_NOPTDEFS; i++) {
		tab[i].lname = compat_optdefs[i].lname;
		tab[i].sname = compat_optdefs[i].sname;
		tab[i].type = compat_optdefs[i].type;
		tab[i].tag = i;
	}
}
