/* compat_check.c: ipvsadm 1.31's checks after option parsing: the
 * command/option compatibility table, per-command rules, the tunnel-type
 * table, and the defaults it fills in (scheduler, sync interface, ports). */
#include <string.h>

#include "compat_int.h"

const char *const compat_cmdnames[] = {
	"add-service", "edit-service", "delete-service", "flush", "list",
	"add-server", "delete-server", "edit-server", "set", "start-daemon",
	"stop-daemon", "restore", "save", "zero",
};

/* Legal command/option combinations, one row per command (COMPAT_ADD..
 * COMPAT_ZERO), one column per OPTC_* option:
 *   '+' compulsory, 'x' illegal, '1' exclusive (at most one), ' ' optional.
 * Columns: n c svc s p M r fwd w x y mc tot dmn st rt thr pc srt sid ex ops
 *          pe b grp port ttl size tinf type tprt nocs csum remc out */
static const char cmd_v_opt[][OPTC__COUNT + 1] = {
	/* ADD */      "xx+   xxxxxxxxxxxxxxx   xxxxxxxxxxx",
	/* EDIT */     "xx+   xxxxxxxxxxxxxxx   xxxxxxxxxxx",
	/* DEL */      "xx+xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	/* FLUSH */    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	/* LIST */     " 11xxxxxxxxx11       xxxxxxx xxxxx ",
	/* ADDDEST */  "xx+xxx+    xxxxxxxxxxxxxxxxxx     x",
	/* DELDEST */  "xx+xxx+xxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	/* EDITDEST */ "xx+xxx+    xxxxxxxxxxxxxxxxxx     x",
	/* TIMEOUT */  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	/* STARTD */   "xxxxxxxxxxx xxxxxxx xxxx    xxxxxxx",
	/* STOPD */    "xxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxx",
	/* RESTORE */  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	/* SAVE */     " xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	/* ZERO */     "xx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
};

/* Tunnel types (IP_VS_CONN_F_TUNNEL_TYPE_*) against the tunnel options. */
static const int tun_cols[] = {
	OPTC_TUN_PORT, OPTC_TUN_NOCSUM, OPTC_TUN_CSUM, OPTC_TUN_REMCSUM,
};
static const char *const tun_names[] = { "ipip", "gue", "gre" };
static const char tun_v_opt[][5] = {
	/* ipip */ "xxxx",
	/* gue */  "+111",
	/* gre */  "x11x",
};

/* Walk one table row the way ipvsadm's generic_opt_check() does. */
static int
table_check(const char *row, const int *cols, int ncols, uint64_t options,
	    const char *what, const char *name, struct compat_err *err)
{
	int last = 0, count = 0;

	for (int j = 0; j < ncols; j++) {
		int k = cols ? cols[j] : j;

		if (!(options & COMPAT_OPT(k))) {
			if (row[j] == '+')
				return compat_errf(err, COMPAT_FAIL, 2,
					"You need to supply the '%s' option for the '%s' %s",
					compat_optnames[k], name, what);
			continue;
		}
		if (row[j] == 'x')
			return compat_errf(err, COMPAT_FAIL, 2,
				"Illegal '%s' option with the '%s' %s",
				compat_optnames[k], name, what);
		if (row[j] == '1' && ++count > 1)
			return compat_errf(err, COMPAT_FAIL, 2,
				"The option '%s' conflicts with the '%s' option in the '%s' %s",
				compat_optnames[k], compat_optnames[last], name, what);
		if (row[j] == '1')
			last = k;
	}
	return 0;
}

static int
check_service_cmd(struct compat_req *req, struct compat_err *err)
{
	struct ipvs_service *svc = &req->svc;

	if (!svc->fwmark && !svc->port && !(svc->flags & IP_VS_SVC_F_PERSISTENT))
		return compat_errf(err, COMPAT_FAIL, 2,
				   "Zero port specified for non-persistent service");
	if ((svc->flags & IP_VS_SVC_F_ONEPACKET) && !svc->fwmark &&
	    svc->protocol != IPPROTO_UDP)
		return compat_errf(err, COMPAT_FAIL, 2,
				   "One-Packet Scheduling is only for UDP virtual services");
	if (svc->sched_name[0] == '\0')
		strcpy(svc->sched_name, COMPAT_DEF_SCHED);
	return 0;
}

#define TUN_OPTS (COMPAT_OPT(OPTC_TUN_TYPE) | COMPAT_OPT(OPTC_TUN_PORT) | \
		  COMPAT_OPT(OPTC_TUN_NOCSUM) | COMPAT_OPT(OPTC_TUN_CSUM) | \
		  COMPAT_OPT(OPTC_TUN_REMCSUM))

static int
check_dest_cmd(struct compat_req *req, struct compat_err *err)
{
	uint32_t fwd = req->dest.conn_flags & IP_VS_CONN_F_FWD_MASK;
	int t = req->dest.tun_type;

	if (!req->svc.fwmark &&
	    (fwd == IP_VS_CONN_F_TUNNEL || fwd == IP_VS_CONN_F_DROUTE))
		req->dest.port = req->svc.port;
	if (req->dest.af != req->svc.af && fwd != IP_VS_CONN_F_TUNNEL)
		return compat_errf(err, COMPAT_FAIL, 2,
			"Different address family is allowed only for tunneling servers");
	if ((req->options & TUN_OPTS) && fwd != IP_VS_CONN_F_TUNNEL)
		return compat_errf(err, COMPAT_FAIL, 2,
				   "Tunnel options conflict with forward method");
	return table_check(tun_v_opt[t], tun_cols, 4, req->options,
			   "tunnel type", tun_names[t], err);
}

static int
check_list_cmd(const struct compat_req *req, struct compat_err *err)
{
	uint64_t o = req->options;
	uint64_t what = COMPAT_OPT(OPTC_CONNECTION) | COMPAT_OPT(OPTC_TIMEOUT) |
			COMPAT_OPT(OPTC_DAEMON);
	uint64_t detail = COMPAT_OPT(OPTC_STATS) | COMPAT_OPT(OPTC_RATE) |
			  COMPAT_OPT(OPTC_THRESHOLDS);
	uint64_t other = COMPAT_OPT(OPTC_TIMEOUT) | COMPAT_OPT(OPTC_DAEMON);

	if (((o & what) && (o & detail)) ||
	    ((o & other) && (o & COMPAT_OPT(OPTC_PERSISTENTCONN))))
		return compat_errf(err, COMPAT_FAIL, 2,
				   "options conflicts in the list command");
	return 0;
}

int
compat_check(struct compat_req *req, struct compat_err *err)
{
	int i = (int)req->cmd - 1;

	/* ipvsadm keeps TCP as a fwmark service's protocol for port-name
	 * lookups; the kernel ignores it and our API wants 0. */
	if (req->svc.fwmark)
		req->svc.protocol = 0;
	if (table_check(cmd_v_opt[i], NULL, OPTC__COUNT, req->options,
			"command", compat_cmdnames[i], err) != 0)
		return -1;
	switch (req->cmd) {
	case COMPAT_ADD:
	case COMPAT_EDIT:
		return check_service_cmd(req, err);
	case COMPAT_STARTDAEMON:
		if (req->daemon.mcast_ifn[0] == '\0')
			strcpy(req->daemon.mcast_ifn, COMPAT_DEF_MCAST_IFN);
		return 0;
	case COMPAT_ADDDEST:
	case COMPAT_EDITDEST:
		return check_dest_cmd(req, err);
	case COMPAT_LIST:
		if (req->options & COMPAT_OPT(OPTC_SERVICE)) {
			req->list.have_filter = true;
			req->list.filter = req->svc;
		}
		return check_list_cmd(req, err);
	default:
		return 0;
	}
}
