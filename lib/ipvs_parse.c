/* ipvs_parse.c: decode IPVS generic-netlink replies and netlink acks.
 *
 * Validation checklist, applied to every message before a field is read:
 *  1. nlmsghdr: length >= header, <= bytes left; next message 4-aligned.
 *  2. genlmsghdr present (payload >= GENL_HDRLEN).
 *  3. attributes: each header complete, length within the enclosing block;
 *     types above the table's maximum are skipped; NLA_F_* bits stripped.
 *  4. each attribute we read has at least the size of its type (or, for
 *     strings, a NUL within its payload); nests are walked the same way.
 *  5. required attributes present, else -EBADMSG.
 * All reads go through memcpy: the input need not be aligned.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/genetlink.h>

#include "ipvs_msg.h"

struct attr {
	const uint8_t *p;	/* payload, NULL if absent */
	uint16_t len;
};

/* Fill tb[0..max] from an attribute block; later duplicates win. */
static int
attr_table(const uint8_t *p, size_t len, struct attr *tb, unsigned max)
{
	memset(tb, 0, (max + 1) * sizeof(*tb));
	while (len >= NLA_HDRLEN) {
		struct nlattr nla;
		size_t alen;
		unsigned type;

		memcpy(&nla, p, sizeof(nla));
		if (nla.nla_len < NLA_HDRLEN || nla.nla_len > len)
			return -EBADMSG;
		type = nla.nla_type & NLA_TYPE_MASK;
		if (type <= max) {
			tb[type].p = p + NLA_HDRLEN;
			tb[type].len = (uint16_t)(nla.nla_len - NLA_HDRLEN);
		}
		alen = NLA_ALIGN(nla.nla_len);
		if (alen >= len)
			break;
		p += alen;
		len -= alen;
	}
	return 0;
}

static int
get_u8(const struct attr *a, uint8_t *v)
{
	if (a->p == NULL || a->len < 1)
		return -EBADMSG;
	*v = a->p[0];
	return 0;
}

static int
get_u16(const struct attr *a, uint16_t *v)
{
	if (a->p == NULL || a->len < sizeof(*v))
		return -EBADMSG;
	memcpy(v, a->p, sizeof(*v));
	return 0;
}

static int
get_u32(const struct attr *a, uint32_t *v)
{
	if (a->p == NULL || a->len < sizeof(*v))
		return -EBADMSG;
	memcpy(v, a->p, sizeof(*v));
	return 0;
}

/* Either width: the 32-bit stats nest mixes u32 and u64 counters. */
static int
get_uint(const struct attr *a, uint64_t *v)
{
	uint32_t v32;

	if (a->p && a->len >= sizeof(*v)) {
		memcpy(v, a->p, sizeof(*v));
		return 0;
	}
	if (get_u32(a, &v32) < 0)
		return -EBADMSG;
	*v = v32;
	return 0;
}

static int
get_str(const struct attr *a, char *dst, size_t size)
{
	size_t n;

	if (a->p == NULL || memchr(a->p, '\0', a->len) == NULL)
		return -EBADMSG;
	n = strnlen((const char *)a->p, a->len);
	if (n >= size)
		n = size - 1;
	memcpy(dst, a->p, n);
	dst[n] = '\0';
	return 0;
}

static int
get_addr(const struct attr *a, uint16_t af, union ipvs_addr *addr)
{
	size_t need = af == AF_INET6 ? 16 : 4;

	if (a->p == NULL || a->len < need)
		return -EBADMSG;
	memset(addr, 0, sizeof(*addr));
	memcpy(addr, a->p, need);
	return 0;
}

/* The genl payload's attributes, after the genlmsghdr. */
static int
genl_table(const struct ipvs_msgview *m, struct attr *tb, unsigned max)
{
	if (m->plen < GENL_HDRLEN)
		return -EBADMSG;
	return attr_table(m->payload + GENL_HDRLEN, m->plen - GENL_HDRLEN, tb, max);
}

static int
nest_table(const struct attr *a, struct attr *tb, unsigned max)
{
	if (a->p == NULL)
		return -EBADMSG;
	return attr_table(a->p, a->len, tb, max);
}

int
ipvs_msg_next(const uint8_t **p, size_t *len, struct ipvs_msgview *m)
{
	struct nlmsghdr nlh;
	size_t alen;

	if (*len == 0)
		return 0;
	if (*len < NLMSG_HDRLEN)
		return -EBADMSG;
	memcpy(&nlh, *p, sizeof(nlh));
	if (nlh.nlmsg_len < NLMSG_HDRLEN || nlh.nlmsg_len > *len)
		return -EBADMSG;
	m->type = nlh.nlmsg_type;
	m->flags = nlh.nlmsg_flags;
	m->seq = nlh.nlmsg_seq;
	m->pid = nlh.nlmsg_pid;
	m->payload = *p + NLMSG_HDRLEN;
	m->plen = nlh.nlmsg_len - NLMSG_HDRLEN;
	alen = NLMSG_ALIGN(nlh.nlmsg_len);
	if (alen > *len)
		alen = *len;
	*p += alen;
	*len -= alen;
	return 1;
}

/* Extack TLVs follow the nlmsgerr and (unless capped) the echoed request. */
static void
ack_extack(const struct ipvs_msgview *m, const struct nlmsgerr *e,
	   char *extack, size_t extack_len)
{
	struct attr tb[NLMSGERR_ATTR_MAX + 1];
	size_t off = sizeof(*e);

	if (!(m->flags & NLM_F_ACK_TLVS))
		return;
	if (!(m->flags & NLM_F_CAPPED) && e->error != 0)
		off += NLMSG_ALIGN(e->msg.nlmsg_len) - NLMSG_HDRLEN;
	if (off >= m->plen ||
	    attr_table(m->payload + off, m->plen - off, tb, NLMSGERR_ATTR_MAX) < 0)
		return;
	if (tb[NLMSGERR_ATTR_MSG].p)
		(void)get_str(&tb[NLMSGERR_ATTR_MSG], extack, extack_len);
}

int
ipvs_msg_parse_ack(const struct ipvs_msgview *m, int *err, uint32_t *seq,
		   char *extack, size_t extack_len)
{
	struct nlmsgerr e;
	int32_t code;

	if (extack && extack_len)
		extack[0] = '\0';
	if (m->type == NLMSG_DONE) {
		code = 0;
		if (m->plen >= sizeof(code))
			memcpy(&code, m->payload, sizeof(code));
		*err = code < 0 ? code : 0;
		*seq = m->seq;
		return 0;
	}
	if (m->type != NLMSG_ERROR || m->plen < sizeof(e))
		return -EBADMSG;
	memcpy(&e, m->payload, sizeof(e));
	if (e.error > 0 || e.error < -4095)
		return -EBADMSG;
	*err = e.error;
	*seq = e.msg.nlmsg_seq;
	if (extack && extack_len)
		ack_extack(m, &e, extack, extack_len);
	return 0;
}

int
ipvs_msg_parse_info(const struct ipvs_msgview *m, struct ipvs_info *ret)
{
	struct attr tb[IPVS_INFO_ATTR_MAX + 1];
	struct ipvs_info v;

	if (genl_table(m, tb, IPVS_INFO_ATTR_MAX) < 0 ||
	    get_u32(&tb[IPVS_INFO_ATTR_VERSION], &v.version) < 0 ||
	    get_u32(&tb[IPVS_INFO_ATTR_CONN_TAB_SIZE], &v.conn_tab_size) < 0)
		return -EBADMSG;
	*ret = v;
	return 0;
}

/* Stats: the 64-bit nest if present, else the older mixed-width one. */
static int
parse_stats(const struct attr *s64, const struct attr *s32, struct ipvs_stats *st)
{
	struct attr tb[IPVS_STATS_ATTR_MAX + 1];
	uint64_t *f[] = { &st->conns, &st->inpkts, &st->outpkts, &st->inbytes,
			  &st->outbytes, &st->cps, &st->inpps, &st->outpps,
			  &st->inbps, &st->outbps };
	const struct attr *nest = s64->p ? s64 : s32;
	unsigned i;

	memset(st, 0, sizeof(*st));
	if (nest->p == NULL)
		return 0;
	if (nest_table(nest, tb, IPVS_STATS_ATTR_MAX) < 0)
		return -EBADMSG;
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (get_uint(&tb[IPVS_STATS_ATTR_CONNS + i], f[i]) < 0)
			return -EBADMSG;
	return 0;
}

static int
parse_svc_ident(struct attr *tb, struct ipvs_service *s)
{
	if (get_u16(&tb[IPVS_SVC_ATTR_AF], &s->af) < 0)
		return -EBADMSG;
	if (tb[IPVS_SVC_ATTR_FWMARK].p)
		return get_u32(&tb[IPVS_SVC_ATTR_FWMARK], &s->fwmark);
	if (get_u16(&tb[IPVS_SVC_ATTR_PROTOCOL], &s->protocol) < 0 ||
	    get_addr(&tb[IPVS_SVC_ATTR_ADDR], s->af, &s->addr) < 0 ||
	    get_u16(&tb[IPVS_SVC_ATTR_PORT], &s->port) < 0)
		return -EBADMSG;
	s->port = ntohs(s->port);
	return 0;
}

int
ipvs_msg_parse_svc(const struct ipvs_msgview *m, struct ipvs_service *ret)
{
	struct attr cmd[IPVS_CMD_ATTR_MAX + 1], tb[IPVS_SVC_ATTR_MAX + 1];
	struct ip_vs_flags fl;
	struct ipvs_service s;

	memset(&s, 0, sizeof(s));
	if (genl_table(m, cmd, IPVS_CMD_ATTR_MAX) < 0 ||
	    nest_table(&cmd[IPVS_CMD_ATTR_SERVICE], tb, IPVS_SVC_ATTR_MAX) < 0 ||
	    parse_svc_ident(tb, &s) < 0 ||
	    get_str(&tb[IPVS_SVC_ATTR_SCHED_NAME], s.sched_name, sizeof(s.sched_name)) < 0 ||
	    get_u32(&tb[IPVS_SVC_ATTR_TIMEOUT], &s.timeout) < 0 ||
	    get_u32(&tb[IPVS_SVC_ATTR_NETMASK], &s.netmask) < 0 ||
	    tb[IPVS_SVC_ATTR_FLAGS].p == NULL || tb[IPVS_SVC_ATTR_FLAGS].len < sizeof(fl))
		return -EBADMSG;
	if (tb[IPVS_SVC_ATTR_PE_NAME].p &&
	    get_str(&tb[IPVS_SVC_ATTR_PE_NAME], s.pe_name, sizeof(s.pe_name)) < 0)
		return -EBADMSG;
	memcpy(&fl, tb[IPVS_SVC_ATTR_FLAGS].p, sizeof(fl));
	s.flags = fl.flags & fl.mask & ~(uint32_t)IP_VS_SVC_F_HASHED;
	if (s.af != AF_INET6)
		s.netmask = ntohl(s.netmask);
	if (parse_stats(&tb[IPVS_SVC_ATTR_STATS64], &tb[IPVS_SVC_ATTR_STATS], &s.stats) < 0)
		return -EBADMSG;
	*ret = s;
	return 0;
}

static int
parse_dest_tunnel(struct attr *tb, struct ipvs_dest *d)
{
	if (tb[IPVS_DEST_ATTR_TUN_TYPE].p && get_u8(&tb[IPVS_DEST_ATTR_TUN_TYPE], &d->tun_type) < 0)
		return -EBADMSG;
	if (tb[IPVS_DEST_ATTR_TUN_PORT].p) {
		if (get_u16(&tb[IPVS_DEST_ATTR_TUN_PORT], &d->tun_port) < 0)
			return -EBADMSG;
		d->tun_port = ntohs(d->tun_port);
	}
	if (tb[IPVS_DEST_ATTR_TUN_FLAGS].p && get_u16(&tb[IPVS_DEST_ATTR_TUN_FLAGS], &d->tun_flags) < 0)
		return -EBADMSG;
	return 0;
}

int
ipvs_msg_parse_dest(const struct ipvs_msgview *m, uint16_t svc_af, struct ipvs_dest *ret)
{
	struct attr cmd[IPVS_CMD_ATTR_MAX + 1], tb[IPVS_DEST_ATTR_MAX + 1];
	struct ipvs_dest d;
	uint32_t w;

	memset(&d, 0, sizeof(d));
	d.af = svc_af;
	if (genl_table(m, cmd, IPVS_CMD_ATTR_MAX) < 0 ||
	    nest_table(&cmd[IPVS_CMD_ATTR_DEST], tb, IPVS_DEST_ATTR_MAX) < 0)
		return -EBADMSG;
	if (tb[IPVS_DEST_ATTR_ADDR_FAMILY].p && get_u16(&tb[IPVS_DEST_ATTR_ADDR_FAMILY], &d.af) < 0)
		return -EBADMSG;
	if (get_addr(&tb[IPVS_DEST_ATTR_ADDR], d.af, &d.addr) < 0 ||
	    get_u16(&tb[IPVS_DEST_ATTR_PORT], &d.port) < 0 ||
	    get_u32(&tb[IPVS_DEST_ATTR_FWD_METHOD], &d.conn_flags) < 0 ||
	    get_u32(&tb[IPVS_DEST_ATTR_WEIGHT], &w) < 0 ||
	    get_u32(&tb[IPVS_DEST_ATTR_U_THRESH], &d.u_threshold) < 0 ||
	    get_u32(&tb[IPVS_DEST_ATTR_L_THRESH], &d.l_threshold) < 0 ||
	    get_u32(&tb[IPVS_DEST_ATTR_ACTIVE_CONNS], &d.activeconns) < 0 ||
	    get_u32(&tb[IPVS_DEST_ATTR_INACT_CONNS], &d.inactconns) < 0 ||
	    get_u32(&tb[IPVS_DEST_ATTR_PERSIST_CONNS], &d.persistconns) < 0 ||
	    parse_dest_tunnel(tb, &d) < 0 ||
	    parse_stats(&tb[IPVS_DEST_ATTR_STATS64], &tb[IPVS_DEST_ATTR_STATS], &d.stats) < 0)
		return -EBADMSG;
	d.port = ntohs(d.port);
	d.weight = (int32_t)w;
	*ret = d;
	return 0;
}

int
ipvs_msg_parse_timeouts(const struct ipvs_msgview *m, struct ipvs_timeouts *ret)
{
	struct attr tb[IPVS_CMD_ATTR_MAX + 1];
	struct ipvs_timeouts t = { 0 };

	if (genl_table(m, tb, IPVS_CMD_ATTR_MAX) < 0 ||
	    get_u32(&tb[IPVS_CMD_ATTR_TIMEOUT_TCP], &t.tcp) < 0 ||
	    get_u32(&tb[IPVS_CMD_ATTR_TIMEOUT_TCP_FIN], &t.tcp_fin) < 0 ||
	    get_u32(&tb[IPVS_CMD_ATTR_TIMEOUT_UDP], &t.udp) < 0)
		return -EBADMSG;
	*ret = t;
	return 0;
}

static int
parse_daemon_opt(struct attr *tb, struct ipvs_daemon *d)
{
	if ((tb[IPVS_DAEMON_ATTR_SYNC_MAXLEN].p &&
	     get_u16(&tb[IPVS_DAEMON_ATTR_SYNC_MAXLEN], &d->sync_maxlen) < 0) ||
	    (tb[IPVS_DAEMON_ATTR_MCAST_PORT].p &&
	     get_u16(&tb[IPVS_DAEMON_ATTR_MCAST_PORT], &d->mcast_port) < 0) ||
	    (tb[IPVS_DAEMON_ATTR_MCAST_TTL].p &&
	     get_u8(&tb[IPVS_DAEMON_ATTR_MCAST_TTL], &d->mcast_ttl) < 0))
		return -EBADMSG;
	if (tb[IPVS_DAEMON_ATTR_MCAST_GROUP].p) {
		d->mcast_af = AF_INET;
		return get_addr(&tb[IPVS_DAEMON_ATTR_MCAST_GROUP], AF_INET, &d->mcast_group);
	}
	if (tb[IPVS_DAEMON_ATTR_MCAST_GROUP6].p) {
		d->mcast_af = AF_INET6;
		return get_addr(&tb[IPVS_DAEMON_ATTR_MCAST_GROUP6], AF_INET6, &d->mcast_group);
	}
	return 0;
}

int
ipvs_msg_parse_daemon(const struct ipvs_msgview *m, struct ipvs_daemon *ret)
{
	struct attr cmd[IPVS_CMD_ATTR_MAX + 1], tb[IPVS_DAEMON_ATTR_MAX + 1];
	struct ipvs_daemon d;

	memset(&d, 0, sizeof(d));
	if (genl_table(m, cmd, IPVS_CMD_ATTR_MAX) < 0 ||
	    nest_table(&cmd[IPVS_CMD_ATTR_DAEMON], tb, IPVS_DAEMON_ATTR_MAX) < 0 ||
	    get_u32(&tb[IPVS_DAEMON_ATTR_STATE], &d.state) < 0 ||
	    get_str(&tb[IPVS_DAEMON_ATTR_MCAST_IFN], d.mcast_ifn, sizeof(d.mcast_ifn)) < 0 ||
	    get_u32(&tb[IPVS_DAEMON_ATTR_SYNC_ID], &d.syncid) < 0 ||
	    parse_daemon_opt(tb, &d) < 0)
		return -EBADMSG;
	*ret = d;
	return 0;
}
