/* list_conn.c: -L -c, the connection table read from /proc/net/ip_vs_conn
 * and printed as ipvsadm 1.31 prints it.
 *
 * Kernel line formats (net/netfilter/ipvs/ip_vs_conn.c, ip_vs_conn_seq_show):
 *   TCP C0A80001 1F90 0A000001 0050 0A000002 0050 ESTABLISHED     899
 *   TCP 2001:0db8:...:0001 1F90 ... 0050 ESTABLISHED     899 sip callid
 * i.e. protocol, client addr/port, virtual addr/port, destination addr/port
 * (IPv4 as 8 hex digits, IPv6 in full colon notation), state, expiry in
 * seconds, and optionally the persistence engine name and its data.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include "list_fmt.h"

#define CONN_LINE_LEN 256	/* ipvsadm reads with fgets(buf, 256) */
#define TOKEN_LEN 64

static uint32_t
hex_addr(const char *txt)
{
	return htonl((uint32_t)strtoul(txt, NULL, 16));
}

/* Addresses as ipvsadm reads them: IPv6 text, IPv4 dotted text, or the
 * kernel's 8 hex digits.  Client and virtual share one family. */
static void
conn_addrs(struct list_conn *c, const char *t1, const char *t2, const char *t3)
{
	if (inet_pton(AF_INET6, t1, &c->caddr.in6) > 0) {
		c->af = AF_INET6;
		if (inet_pton(AF_INET6, t2, &c->vaddr.in6) <= 0)
			memset(&c->vaddr, 0, sizeof(c->vaddr));
	} else if (inet_pton(AF_INET, t1, &c->caddr.in) > 0) {
		c->af = AF_INET;
		if (inet_pton(AF_INET, t2, &c->vaddr.in) <= 0)
			memset(&c->vaddr, 0, sizeof(c->vaddr));
	} else {
		c->af = AF_INET;
		c->caddr.in.s_addr = hex_addr(t1);
		c->vaddr.in.s_addr = hex_addr(t2);
	}
	if (inet_pton(AF_INET6, t3, &c->daddr.in6) > 0) {
		c->daf = AF_INET6;
	} else {
		c->daf = AF_INET;
		memset(&c->daddr, 0, sizeof(c->daddr));
		if (inet_pton(AF_INET, t3, &c->daddr.in) <= 0)
			c->daddr.in.s_addr = hex_addr(t3);
	}
}

int
list_conn_parse(const char *line, struct list_conn *c)
{
	char t1[TOKEN_LEN] = "", t2[TOKEN_LEN] = "", t3[TOKEN_LEN] = "";
	unsigned short cport = 0, vport = 0, dport = 0;
	int expires = 0;

	memset(c, 0, sizeof(*c));
	c->nfields = sscanf(line, "%7s %63s %hX %63s %hX %63s %hX %15s %d %32s %255s",
			    c->protocol, t1, &cport, t2, &vport, t3, &dport,
			    c->state, &expires, c->pe_name, c->pe_data);
	if (c->nfields == EOF)
		return -EINVAL;
	c->cport = cport;
	c->vport = vport;
	c->dport = dport;
	c->expires = (unsigned int)expires;

	conn_addrs(c, t1, t2, t3);
	return 0;
}

void
list_conn_title(FILE *out, bool persistent)
{
	fputs("IPVS connection entries\n", out);
	if (persistent)
		fprintf(out, "pro expire %-11s %-18s %-18s %-18s %-16s %s\n",
			"state", "source", "virtual", "destination", "pe name", "pe_data");
	else
		fprintf(out, "pro expire %-11s %-18s %-18s %s\n",
			"state", "source", "virtual", "destination");
}

static uint16_t
conn_proto(const char *name)
{
	if (strcmp(name, "TCP") == 0)
		return IPPROTO_TCP;
	if (strcmp(name, "UDP") == 0)
		return IPPROTO_UDP;
	if (strcmp(name, "SCTP") == 0)
		return IPPROTO_SCTP;
	return 0;
}

void
list_conn_print(FILE *out, const struct list_conn *c, bool numeric, bool persistent,
		struct list_names *nc)
{
	char cname[LIST_ADDRPORT_LEN], vname[LIST_ADDRPORT_LEN], dname[LIST_ADDRPORT_LEN];
	char expire[32];
	uint16_t proto = conn_proto(c->protocol);

	list_fmt_addrport(cname, c->af, &c->caddr, c->cport, proto, numeric, nc);
	list_fmt_addrport(vname, c->af, &c->vaddr, c->vport, proto, numeric, nc);
	list_fmt_addrport(dname, c->daf, &c->daddr, c->dport, proto, numeric, nc);
	snprintf(expire, sizeof(expire), "%02d:%02d",
		 (int)(c->expires / 60), (int)(c->expires % 60));
	if (persistent && c->nfields == 11)
		fprintf(out, "%-3s %-6s %-11s %-18s %-18s %-16s %-18s %s\n",
			c->protocol, expire, c->state, cname, vname, dname,
			c->pe_name, c->pe_data);
	else
		fprintf(out, "%-3s %-6s %-11s %-18s %-18s %s\n",
			c->protocol, expire, c->state, cname, vname, dname);
}

int
list_conn_stream(FILE *in, const char *path, FILE *out, FILE *err,
		 bool numeric, bool persistent, bool json, struct list_names *nc)
{
	char line[CONN_LINE_LEN];
	struct list_conn c;
	bool first = true;
	int rc = 0;

	if (fgets(line, sizeof(line), in) == NULL) {
		fprintf(err, "unexpected input from %s\n", path);
		return 1;
	}
	if (json)
		list_json_conns_begin(out);
	else
		list_conn_title(out, persistent);
	while (!feof(in)) {
		if (fgets(line, sizeof(line), in) == NULL) {
			if (ferror(in))
				break;
			continue;
		}
		if (list_conn_parse(line, &c) < 0) {
			rc = 1;
			break;
		}
		if (json)
			list_json_conn(out, &c, first);
		else
			list_conn_print(out, &c, numeric, persistent, nc);
		first = false;
	}
	if (json)
		list_json_conns_end(out);
	return rc;
}
