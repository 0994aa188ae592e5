/* list_save.c: -S output, the rules ipvsadm -R reads back, exactly as
 * ipvsadm 1.31 writes them. */
#include <arpa/inet.h>
#include <sys/socket.h>
#include "list_fmt.h"

#define SVC_NAME_LEN 1024

static const char *
proto_option(uint16_t proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return "-t";
	case IPPROTO_UDP:
		return "-u";
	case IPPROTO_SCTP:
		return "--sctp-service";
	default:
		return "--xxx-service";
	}
}

static void
rule_svc_name(char *buf, const struct list_style *st, const struct ipvs_service *svc)
{
	char vname[LIST_ADDRPORT_LEN];

	if (svc->fwmark) {
		snprintf(buf, SVC_NAME_LEN, svc->af == AF_INET6 ? "-f %d -6" : "-f %d",
			 (int)svc->fwmark);
		return;
	}
	list_fmt_addrport(vname, svc->af, &svc->addr, svc->port, svc->protocol,
			  st->numeric, st->names);
	snprintf(buf, SVC_NAME_LEN, "%s %s", proto_option(svc->protocol), vname);
}

static void
rule_svc_line(FILE *out, const char *name, const struct ipvs_service *svc)
{
	char flags[64];

	fprintf(out, "-A %s -s %s", name, svc->sched_name);
	if (svc->flags & IP_VS_SVC_F_PERSISTENT) {
		fprintf(out, " -p %u", svc->timeout);
		if (svc->af == AF_INET && svc->netmask != 0xffffffffU) {
			struct in_addr m = { .s_addr = htonl(svc->netmask) };
			char mbuf[INET_ADDRSTRLEN];

			fprintf(out, " -M %s", inet_ntop(AF_INET, &m, mbuf, sizeof(mbuf)));
		}
		if (svc->af == AF_INET6 && svc->netmask != 128)
			fprintf(out, " -M %i", (int)svc->netmask);
	}
	if (svc->pe_name[0])
		fprintf(out, " --pe %s", svc->pe_name);
	if (svc->flags & IP_VS_SVC_F_ONEPACKET)
		fputs(" -o", out);
	if (svc->flags & (IP_VS_SVC_F_SCHED1 | IP_VS_SVC_F_SCHED2 | IP_VS_SVC_F_SCHED3)) {
		list_fmt_sched_flags(flags, svc);
		fprintf(out, " -b %s", flags);
	}
	fputc('\n', out);
}

static void
rule_dest_line(FILE *out, const char *svc, const char *dname, const struct ipvs_dest *d)
{
	static const char *const csum_opt[3] = {
		"--tun-nocsum", "--tun-csum", "--tun-remcsum"
	};
	const char *sw = list_fmt_fwd_switch(d->conn_flags);
	const char *tun = list_fmt_tun_name(d->tun_type);
	const char *fl = d->tun_flags < 3 ? csum_opt[d->tun_flags] : "(null)";

	if (sw == NULL)
		sw = "(null)";
	if ((d->conn_flags & IP_VS_CONN_F_FWD_MASK) != IP_VS_CONN_F_TUNNEL || tun == NULL) {
		fprintf(out, "-a %s -r %s %s -w %d\n", svc, dname, sw, d->weight);
		return;
	}
	switch (d->tun_type) {
	case IP_VS_CONN_F_TUNNEL_TYPE_GRE:
		fprintf(out, "-a %s -r %s %s -w %d --tun-type %s %s\n", svc, dname,
			sw, d->weight, tun, fl);
		break;
	case IP_VS_CONN_F_TUNNEL_TYPE_GUE:
		fprintf(out, "-a %s -r %s %s -w %d --tun-type %s --tun-port %d %s\n",
			svc, dname, sw, d->weight, tun, d->tun_port, fl);
		break;
	default:
		fprintf(out, "-a %s -r %s %s -w %d --tun-type %s\n", svc, dname,
			sw, d->weight, tun);
		break;
	}
}

void
list_save_service(FILE *out, const struct list_style *st,
		  const struct ipvs_service *svc, struct ipvs_dest *dests, size_t ndests)
{
	char name[SVC_NAME_LEN], dname[LIST_ADDRPORT_LEN];
	size_t i;

	rule_svc_name(name, st, svc);
	rule_svc_line(out, name, svc);
	if (st->sort)
		list_sort_dests(dests, ndests);
	for (i = 0; i < ndests; i++) {
		list_fmt_addrport(dname, dests[i].af, &dests[i].addr, dests[i].port,
				  svc->protocol, st->numeric, st->names);
		rule_dest_line(out, name, dname, &dests[i]);
	}
}
