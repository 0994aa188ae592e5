/* list_text.c: the -L/-l tables, --timeout and --daemon lines, in
 * ipvsadm 1.31's exact text. */
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>
#include "list_fmt.h"

#define SVC_NAME_LEN 1024
#define SCHED_FLAGS_BITS (IP_VS_SVC_F_SCHED1 | IP_VS_SVC_F_SCHED2 | IP_VS_SVC_F_SCHED3)

void
list_text_header(FILE *out, const struct ipvs_info *info)
{
	fprintf(out, "IP Virtual Server version %u.%u.%u (size=%d)\n",
		(info->version >> 16) & 0xff, (info->version >> 8) & 0xff,
		info->version & 0xff, (int)info->conn_tab_size);
}

void
list_text_title(FILE *out, const struct list_style *st)
{
	const char *first = "Prot LocalAddress:Port";

	switch (st->view) {
	case LIST_VIEW_STATS:
		fprintf(out, "%-33s %8s %8s %8s %8s %8s\n  -> RemoteAddress:Port\n",
			first, "Conns", "InPkts", "OutPkts", "InBytes", "OutBytes");
		break;
	case LIST_VIEW_RATE:
		fprintf(out, "%-33s %8s %8s %8s %8s %8s\n  -> RemoteAddress:Port\n",
			first, "CPS", "InPPS", "OutPPS", "InBPS", "OutBPS");
		break;
	case LIST_VIEW_THRESHOLDS:
		fprintf(out, "%-33s %-10s %-10s %-10s %-10s\n  -> RemoteAddress:Port\n",
			first, "Uthreshold", "Lthreshold", "ActiveConn", "InActConn");
		break;
	case LIST_VIEW_PERSISTCONN:
		fprintf(out, "%-33s %-9s %-11s %-10s %-10s\n  -> RemoteAddress:Port\n",
			first, "Weight", "PersistConn", "ActiveConn", "InActConn");
		break;
	case LIST_VIEW_TUNINFO:
		fputs("Prot LocalAddress:Port Scheduler Flags\n"
		      "  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn InActConn\n",
		      out);
		break;
	case LIST_VIEW_DEFAULT:
		fputs("Prot LocalAddress:Port Scheduler Flags\n"
		      "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n",
		      out);
		break;
	case LIST_VIEW_RULE:
		break;
	}
}

/* "TCP  10.0.0.1:80" (cut at 33 columns unless IPv6) or "FWM  5 IPv6". */
static void
svc_name(char *buf, const struct list_style *st, const struct ipvs_service *svc)
{
	char vname[LIST_ADDRPORT_LEN];

	if (svc->fwmark) {
		snprintf(buf, SVC_NAME_LEN, svc->af == AF_INET6 ? "FWM  %d IPv6" : "FWM  %d",
			 (int)svc->fwmark);
		return;
	}
	list_fmt_addrport(vname, svc->af, &svc->addr, svc->port, svc->protocol,
			  st->numeric, st->names);
	snprintf(buf, SVC_NAME_LEN, "%-4s %s", list_fmt_proto_name(svc->protocol), vname);
	if (svc->af != AF_INET6)
		buf[33] = '\0';
}

static void
print_stats5(FILE *out, const uint64_t v[5], bool exact)
{
	int i;

	for (i = 0; i < 5; i++)
		list_fmt_largenum(out, v[i], exact);
}

/* The service line of the default/thresholds/persistent-conn/tun-info views. */
static void
svc_line_plain(FILE *out, const char *name, const struct ipvs_service *svc)
{
	char flags[64];

	fprintf(out, "%s %s", name, svc->sched_name);
	if (svc->flags & SCHED_FLAGS_BITS) {
		list_fmt_sched_flags(flags, svc);
		fprintf(out, " (%s)", flags);
	}
	if (svc->flags & IP_VS_SVC_F_PERSISTENT) {
		fprintf(out, " persistent %u", svc->timeout);
		if (svc->af == AF_INET && svc->netmask != 0xffffffffU) {
			struct in_addr m = { .s_addr = htonl(svc->netmask) };
			char mbuf[INET_ADDRSTRLEN];

			fprintf(out, " mask %s", inet_ntop(AF_INET, &m, mbuf, sizeof(mbuf)));
		}
		if (svc->af == AF_INET6 && svc->netmask != 128)
			fprintf(out, " mask %i", (int)svc->netmask);
		if (svc->pe_name[0])
			fprintf(out, " pe %s", svc->pe_name);
	}
	if (svc->flags & IP_VS_SVC_F_ONEPACKET)
		fputs(" ops", out);
	fputc('\n', out);
}

static void
svc_line(FILE *out, const struct list_style *st, const char *name,
	 const struct ipvs_service *svc)
{
	const struct ipvs_stats *s = &svc->stats;

	if (st->view == LIST_VIEW_STATS) {
		const uint64_t v[5] = { s->conns, s->inpkts, s->outpkts, s->inbytes, s->outbytes };

		fprintf(out, "%-33s", name);
		print_stats5(out, v, st->exact);
		fputc('\n', out);
	} else if (st->view == LIST_VIEW_RATE) {
		const uint64_t v[5] = { s->cps, s->inpps, s->outpps, s->inbps, s->outbps };

		fprintf(out, "%-33s", name);
		print_stats5(out, v, st->exact);
		fputc('\n', out);
	} else {
		svc_line_plain(out, name, svc);
	}
}

/* "gue:6080:+c" style tunnel description, or NULL when not a tunnel.
 * ipvsadm formats it into 16 bytes, so it is cut at 15 characters. */
#define TUN_INFO_MAX 16
static const char *
tun_info(char *buf, size_t len, const struct ipvs_dest *d)
{
	static const char *const tflags[3] = { "-c", "+c", "r+c" };
	const char *fl = d->tun_flags < 3 ? tflags[d->tun_flags] : "(null)";

	if ((d->conn_flags & IP_VS_CONN_F_FWD_MASK) != IP_VS_CONN_F_TUNNEL)
		return NULL;
	switch (d->tun_type) {
	case IP_VS_CONN_F_TUNNEL_TYPE_IPIP:
		snprintf(buf, len, "%s", "ipip");
		break;
	case IP_VS_CONN_F_TUNNEL_TYPE_GUE:
		snprintf(buf, len, "gue:%d:%s", d->tun_port, fl);
		break;
	case IP_VS_CONN_F_TUNNEL_TYPE_GRE:
		snprintf(buf, len, "gre:%s", fl);
		break;
	default:
		return NULL;
	}
	buf[TUN_INFO_MAX - 1] = '\0';
	return buf;
}

static const char *
nonnull(const char *s)
{
	return s ? s : "(null)";
}

static void
dest_line(FILE *out, const struct list_style *st, const struct ipvs_service *svc,
	  const struct ipvs_dest *d)
{
	const struct ipvs_stats *s = &d->stats;
	char dname[LIST_ADDRPORT_LEN], ti[64];

	list_fmt_addrport(dname, d->af, &d->addr, d->port, svc->protocol, st->numeric,
			  st->names);
	if (d->af != AF_INET6)
		dname[28] = '\0';

	switch (st->view) {
	case LIST_VIEW_STATS: {
		const uint64_t v[5] = { s->conns, s->inpkts, s->outpkts, s->inbytes, s->outbytes };

		fprintf(out, "  -> %-28s", dname);
		print_stats5(out, v, st->exact);
		fputc('\n', out);
		break;
	}
	case LIST_VIEW_RATE:
		fprintf(out, "  -> %-28s %8llu %8llu %8llu", dname,
			(unsigned long long)s->cps, (unsigned long long)s->inpps,
			(unsigned long long)s->outpps);
		list_fmt_largenum(out, s->inbps, st->exact);
		list_fmt_largenum(out, s->outbps, st->exact);
		fputc('\n', out);
		break;
	case LIST_VIEW_THRESHOLDS:
		fprintf(out, "  -> %-28s %-10u %-10u %-10u %-10u\n", dname,
			d->u_threshold, d->l_threshold, d->activeconns, d->inactconns);
		break;
	case LIST_VIEW_PERSISTCONN:
		fprintf(out, "  -> %-28s %-9u %-11u %-10u %-10u\n", dname,
			(unsigned)d->weight, d->persistconns, d->activeconns, d->inactconns);
		break;
	case LIST_VIEW_TUNINFO: {
		const char *t = tun_info(ti, sizeof(ti), d);

		fprintf(out, "  -> %-28s %-7s %-13s %-6d %-10u %-10u\n", dname,
			nonnull(list_fmt_fwd_name(d->conn_flags)), t ? t : "n/a",
			d->weight, d->activeconns, d->inactconns);
		break;
	}
	default:
		fprintf(out, "  -> %-28s %-7s %-6d %-10u %-10u\n", dname,
			nonnull(list_fmt_fwd_name(d->conn_flags)), d->weight,
			d->activeconns, d->inactconns);
		break;
	}
}

void
list_text_service(FILE *out, const struct list_style *st,
		  const struct ipvs_service *svc, struct ipvs_dest *dests, size_t ndests)
{
	char name[SVC_NAME_LEN];
	size_t i;

	if (st->view == LIST_VIEW_RULE) {
		list_save_service(out, st, svc, dests, ndests);
		return;
	}
	svc_name(name, st, svc);
	svc_line(out, st, name, svc);
	if (st->sort)
		list_sort_dests(dests, ndests);
	for (i = 0; i < ndests; i++)
		dest_line(out, st, svc, &dests[i]);
}

void
list_text_timeouts(FILE *out, const struct ipvs_timeouts *t)
{
	fprintf(out, "Timeout (tcp tcpfin udp): %d %d %d\n",
		(int)t->tcp, (int)t->tcp_fin, (int)t->udp);
}

void
list_text_daemons(FILE *out, const struct ipvs_daemon *d, size_t n)
{
	char addr[INET6_ADDRSTRLEN];
	size_t i;

	for (i = 0; i < n && i < 2; i++) {
		const char *type;

		if (d[i].state & IP_VS_STATE_MASTER)
			type = "master";
		else if (d[i].state & IP_VS_STATE_BACKUP)
			type = "backup";
		else
			continue;
		fprintf(out, "%s sync daemon (mcast=%.*s, syncid=%d", type,
			IPVS_IFNAME_LEN, d[i].mcast_ifn, (int)d[i].syncid);
		if (d[i].sync_maxlen)
			fprintf(out, ", maxlen=%u", d[i].sync_maxlen);
		if (d[i].mcast_af != AF_UNSPEC &&
		    inet_ntop(d[i].mcast_af, &d[i].mcast_group, addr, sizeof(addr)))
			fprintf(out, ", group=%s", addr);
		if (d[i].mcast_port)
			fprintf(out, ", port=%u", d[i].mcast_port);
		if (d[i].mcast_ttl)
			fprintf(out, ", ttl=%u", d[i].mcast_ttl);
		fputs(")\n", out);
	}
}
