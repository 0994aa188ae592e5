/* list_fmt.c: shared pieces of ipvsctl's listings: counter columns,
 * scheduler flags, kernel value names, and the sort order of ipvsadm 1.31.
 * (Address and port names are in list_names.c.) */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include "list_fmt.h"

void
list_fmt_largenum(FILE *out, uint64_t v, bool exact)
{
	unsigned long long i = v;

	if (exact) {
		char tmp[32];
		int len = snprintf(tmp, sizeof(tmp), "%llu", i);

		fprintf(out, "%*llu", len <= 8 ? 9 : len + 1, i);
	} else if (i < 100000000ULL) {
		fprintf(out, "%9llu", i);
	} else if (i < 1000000000ULL) {
		fprintf(out, "%8lluK", i / 1000ULL);
	} else if (i < 100000000000ULL) {
		fprintf(out, "%8lluM", i / 1000000ULL);
	} else if (i < 100000000000000ULL) {
		fprintf(out, "%8lluG", i / 1000000000ULL);
	} else {
		fprintf(out, "%8lluT", i / 1000000000000ULL);
	}
}

void
list_fmt_sched_flags(char *buf, const struct ipvs_service *svc)
{
	static const char *const generic[3] = { "flag-1,", "flag-2,", "flag-3," };
	static const char *const sh[3] = { "sh-fallback,", "sh-port,", NULL };
	static const char *const mh[3] = { "mh-fallback,", "mh-port,", NULL };
	static const uint32_t bit[3] = {
		IP_VS_SVC_F_SCHED1, IP_VS_SVC_F_SCHED2, IP_VS_SVC_F_SCHED3
	};
	const char *const *names = generic;
	size_t len;
	int i;

	if (strcmp(svc->sched_name, "sh") == 0)
		names = sh;
	else if (strcmp(svc->sched_name, "mh") == 0)
		names = mh;
	buf[0] = '\0';
	for (i = 0; i < 3; i++)
		if (names[i] != NULL && (svc->flags & bit[i]))
			strcat(buf, names[i]);
	len = strlen(buf);
	if (len > 0)
		buf[len - 1] = '\0';
}

const char *
list_fmt_proto_name(uint16_t proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return "TCP";
	case IPPROTO_UDP:
		return "UDP";
	case IPPROTO_SCTP:
		return "SCTP";
	default:
		return "?";
	}
}

const char *
list_fmt_fwd_name(uint32_t conn_flags)
{
	switch (conn_flags & IP_VS_CONN_F_FWD_MASK) {
	case IP_VS_CONN_F_MASQ:
		return "Masq";
	case IP_VS_CONN_F_LOCALNODE:
		return "Local";
	case IP_VS_CONN_F_TUNNEL:
		return "Tunnel";
	case IP_VS_CONN_F_DROUTE:
		return "Route";
	default:
		return NULL;
	}
}

const char *
list_fmt_fwd_switch(uint32_t conn_flags)
{
	switch (conn_flags & IP_VS_CONN_F_FWD_MASK) {
	case IP_VS_CONN_F_MASQ:
		return "-m";
	case IP_VS_CONN_F_TUNNEL:
		return "-i";
	case IP_VS_CONN_F_LOCALNODE:
	case IP_VS_CONN_F_DROUTE:
		return "-g";
	default:
		return NULL;
	}
}

const char *
list_fmt_tun_name(uint8_t tun_type)
{
	switch (tun_type) {
	case IP_VS_CONN_F_TUNNEL_TYPE_IPIP:
		return "ipip";
	case IP_VS_CONN_F_TUNNEL_TYPE_GUE:
		return "gue";
	case IP_VS_CONN_F_TUNNEL_TYPE_GRE:
		return "gre";
	default:
		return NULL;
	}
}

/* ipvsadm compares 32-bit words by unsigned subtraction read back as int,
 * so e.g. 10.0.0.1 sorts after 200.0.0.1; we keep that order. */
static int
word_diff(uint32_t a, uint32_t b)
{
	return (int)(a - b);
}

static int
addr_cmp(int af, const union ipvs_addr *a, const union ipvs_addr *b)
{
	int r = 0, i;

	if (af == AF_INET6) {
		for (i = 0; r == 0 && i < 4; i++)
			r = word_diff(ntohl(a->u32[i]), ntohl(b->u32[i]));
		return r;
	}
	return word_diff(ntohl(a->in.s_addr), ntohl(b->in.s_addr));
}

static int
svc_cmp(const void *pa, const void *pb)
{
	const struct ipvs_service *a = pa, *b = pb;
	int r;

	if ((r = word_diff(a->fwmark, b->fwmark)) != 0)
		return r;
	if ((r = (int)a->af - (int)b->af) != 0)
		return r;
	if ((r = (int)a->protocol - (int)b->protocol) != 0)
		return r;
	if ((r = addr_cmp(a->af, &a->addr, &b->addr)) != 0)
		return r;
	return (int)a->port - (int)b->port;
}

static int
dest_cmp(const void *pa, const void *pb)
{
	const struct ipvs_dest *a = pa, *b = pb;
	int r;

	if ((r = addr_cmp(a->af, &a->addr, &b->addr)) != 0)
		return r;
	return (int)a->port - (int)b->port;
}

void
list_sort_services(struct ipvs_service *svcs, size_t n)
{
	if (n > 1)
		qsort(svcs, n, sizeof(*svcs), svc_cmp);
}

void
list_sort_dests(struct ipvs_dest *dests, size_t n)
{
	if (n > 1)
		qsort(dests, n, sizeof(*dests), dest_cmp);
}
