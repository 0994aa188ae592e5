/* ipvs_msg.c: build IPVS generic-netlink request messages.
 *
 * Layout of every request: struct nlmsghdr, struct genlmsghdr (cmd,
 * version IPVS_GENL_VERSION), then attributes, each 4-byte aligned.
 * Nested attributes (service, destination, daemon) carry NLA_F_NESTED as
 * the kernel's strict policies accept either way and iproute2 sets it.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/genetlink.h>

#include "ipvs_msg.h"

void
ipvs_msgbuf_init(struct ipvs_msgbuf *b)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

void
ipvs_msgbuf_free(struct ipvs_msgbuf *b)
{
	free(b->data);
	ipvs_msgbuf_init(b);
}

int
ipvs_msgbuf_reserve(struct ipvs_msgbuf *b, size_t extra)
{
	size_t cap = b->cap ? b->cap : 4096;
	uint8_t *p;

	if (b->len + extra <= b->cap)
		return 0;
	while (cap < b->len + extra)
		cap *= 2;
	p = realloc(b->data, cap);
	if (p == NULL)
		return -ENOMEM;
	b->data = p;
	b->cap = cap;
	return 0;
}

/* Attribute writer: appends at b->len, room reserved by the caller. */
static void
put_attr(struct ipvs_msgbuf *b, uint16_t type, const void *data, size_t len)
{
	struct nlattr nla = { .nla_len = (uint16_t)(NLA_HDRLEN + len), .nla_type = type };
	size_t pad = NLA_ALIGN(len) - len;

	memcpy(b->data + b->len, &nla, sizeof(nla));
	if (len)
		memcpy(b->data + b->len + NLA_HDRLEN, data, len);
	memset(b->data + b->len + NLA_HDRLEN + len, 0, pad);
	b->len += NLA_HDRLEN + len + pad;
}

static void
put_u8(struct ipvs_msgbuf *b, uint16_t type, uint8_t v)
{
	put_attr(b, type, &v, sizeof(v));
}

static void
put_u16(struct ipvs_msgbuf *b, uint16_t type, uint16_t v)
{
	put_attr(b, type, &v, sizeof(v));
}

static void
put_u32(struct ipvs_msgbuf *b, uint16_t type, uint32_t v)
{
	put_attr(b, type, &v, sizeof(v));
}

/* Strings are sent NUL-terminated, truncated to the kernel's limit. */
static void
put_strz(struct ipvs_msgbuf *b, uint16_t type, const char *s, size_t max)
{
	char tmp[64];
	size_t n = strnlen(s, max - 1);

	memcpy(tmp, s, n);
	tmp[n] = '\0';
	put_attr(b, type, tmp, n + 1);
}

static size_t
nest_start(struct ipvs_msgbuf *b, uint16_t type)
{
	size_t off = b->len;

	put_attr(b, (uint16_t)(type | NLA_F_NESTED), NULL, 0);
	return off;
}

static void
nest_end(struct ipvs_msgbuf *b, size_t off)
{
	uint16_t len = (uint16_t)(b->len - off);

	memcpy(b->data + off, &len, sizeof(len));
}

/* Identity of a service: what the kernel needs to find it. */
static void
put_svc_ident(struct ipvs_msgbuf *b, const struct ipvs_service *s)
{
	put_u16(b, IPVS_SVC_ATTR_AF, s->af);
	if (s->fwmark) {
		put_u32(b, IPVS_SVC_ATTR_FWMARK, s->fwmark);
		return;
	}
	put_u16(b, IPVS_SVC_ATTR_PROTOCOL, s->protocol);
	put_attr(b, IPVS_SVC_ATTR_ADDR, &s->addr, sizeof(s->addr));
	put_u16(b, IPVS_SVC_ATTR_PORT, htons(s->port));
}

static void
put_svc(struct ipvs_msgbuf *b, const struct ipvs_service *s, bool full)
{
	size_t nest = nest_start(b, IPVS_CMD_ATTR_SERVICE);
	/* HASHED is the kernel's own bookkeeping: never ask for it. */
	struct ip_vs_flags fl = {
		.flags = s->flags & ~(uint32_t)IP_VS_SVC_F_HASHED,
		.mask = ~(uint32_t)IP_VS_SVC_F_HASHED,
	};
	uint32_t mask = s->af == AF_INET6 ? s->netmask : htonl(s->netmask);

	put_svc_ident(b, s);
	if (full) {
		put_strz(b, IPVS_SVC_ATTR_SCHED_NAME, s->sched_name, sizeof(s->sched_name));
		if (s->pe_name[0])
			put_strz(b, IPVS_SVC_ATTR_PE_NAME, s->pe_name, sizeof(s->pe_name));
		put_attr(b, IPVS_SVC_ATTR_FLAGS, &fl, sizeof(fl));
		put_u32(b, IPVS_SVC_ATTR_TIMEOUT, s->timeout);
		put_u32(b, IPVS_SVC_ATTR_NETMASK, mask);
	}
	nest_end(b, nest);
}

static void
put_dest(struct ipvs_msgbuf *b, const struct ipvs_dest *d, bool full)
{
	size_t nest = nest_start(b, IPVS_CMD_ATTR_DEST);

	put_u16(b, IPVS_DEST_ATTR_ADDR_FAMILY, d->af);
	put_attr(b, IPVS_DEST_ATTR_ADDR, &d->addr, sizeof(d->addr));
	put_u16(b, IPVS_DEST_ATTR_PORT, htons(d->port));
	if (full) {
		put_u32(b, IPVS_DEST_ATTR_FWD_METHOD, d->conn_flags & IP_VS_CONN_F_FWD_MASK);
		put_u32(b, IPVS_DEST_ATTR_WEIGHT, (uint32_t)d->weight);
		if ((d->conn_flags & IP_VS_CONN_F_FWD_MASK) == IP_VS_CONN_F_TUNNEL) {
			put_u8(b, IPVS_DEST_ATTR_TUN_TYPE, d->tun_type);
			put_u16(b, IPVS_DEST_ATTR_TUN_PORT, htons(d->tun_port));
			put_u16(b, IPVS_DEST_ATTR_TUN_FLAGS, d->tun_flags);
		}
		put_u32(b, IPVS_DEST_ATTR_U_THRESH, d->u_threshold);
		put_u32(b, IPVS_DEST_ATTR_L_THRESH, d->l_threshold);
	}
	nest_end(b, nest);
}

static void
put_timeouts(struct ipvs_msgbuf *b, const struct ipvs_timeouts *t)
{
	put_u32(b, IPVS_CMD_ATTR_TIMEOUT_TCP, t->tcp);
	put_u32(b, IPVS_CMD_ATTR_TIMEOUT_TCP_FIN, t->tcp_fin);
	put_u32(b, IPVS_CMD_ATTR_TIMEOUT_UDP, t->udp);
}

static void
put_daemon(struct ipvs_msgbuf *b, const struct ipvs_daemon *d, bool full)
{
	size_t nest = nest_start(b, IPVS_CMD_ATTR_DAEMON);

	put_u32(b, IPVS_DAEMON_ATTR_STATE, d->state);
	if (full) {
		/* At most IPVS_IFNAME_LEN - 1 characters, as ipvsadm sends: a longer
		 * name then fails as "No such device", not as an invalid request. */
		put_strz(b, IPVS_DAEMON_ATTR_MCAST_IFN, d->mcast_ifn, IPVS_IFNAME_LEN);
		put_u32(b, IPVS_DAEMON_ATTR_SYNC_ID, d->syncid);
		if (d->sync_maxlen)
			put_u16(b, IPVS_DAEMON_ATTR_SYNC_MAXLEN, d->sync_maxlen);
		if (d->mcast_af == AF_INET)
			put_attr(b, IPVS_DAEMON_ATTR_MCAST_GROUP, &d->mcast_group.in, 4);
		else if (d->mcast_af == AF_INET6)
			put_attr(b, IPVS_DAEMON_ATTR_MCAST_GROUP6, &d->mcast_group.in6, 16);
		if (d->mcast_port)
			put_u16(b, IPVS_DAEMON_ATTR_MCAST_PORT, d->mcast_port);
		if (d->mcast_ttl)
			put_u8(b, IPVS_DAEMON_ATTR_MCAST_TTL, d->mcast_ttl);
	}
	nest_end(b, nest);
}

/* How each op maps to a command, and which objects it needs. */
enum { NEED_SVC = 1, NEED_DEST = 2, NEED_TIMEOUTS = 4, NEED_DAEMON = 8,
       FULL_SVC = 16, FULL_DEST = 32, DUMP = 64, OPT_SVC = 128, FULL_DAEMON = 256 };

static const struct {
	uint8_t cmd;
	uint16_t what;
} op_map[IPVS_OP__COUNT] = {
	[IPVS_OP_INFO] = { IPVS_CMD_GET_INFO, 0 },
	[IPVS_OP_SVC_ADD] = { IPVS_CMD_NEW_SERVICE, NEED_SVC | FULL_SVC },
	[IPVS_OP_SVC_EDIT] = { IPVS_CMD_SET_SERVICE, NEED_SVC | FULL_SVC },
	[IPVS_OP_SVC_DEL] = { IPVS_CMD_DEL_SERVICE, NEED_SVC },
	[IPVS_OP_SVC_GET] = { IPVS_CMD_GET_SERVICE, NEED_SVC },
	[IPVS_OP_SVC_DUMP] = { IPVS_CMD_GET_SERVICE, DUMP },
	[IPVS_OP_DEST_ADD] = { IPVS_CMD_NEW_DEST, NEED_SVC | NEED_DEST | FULL_DEST },
	[IPVS_OP_DEST_EDIT] = { IPVS_CMD_SET_DEST, NEED_SVC | NEED_DEST | FULL_DEST },
	[IPVS_OP_DEST_DEL] = { IPVS_CMD_DEL_DEST, NEED_SVC | NEED_DEST },
	[IPVS_OP_DEST_DUMP] = { IPVS_CMD_GET_DEST, NEED_SVC | DUMP },
	[IPVS_OP_ZERO] = { IPVS_CMD_ZERO, OPT_SVC },
	[IPVS_OP_FLUSH] = { IPVS_CMD_FLUSH, 0 },
	[IPVS_OP_TIMEOUT_GET] = { IPVS_CMD_GET_CONFIG, 0 },
	[IPVS_OP_TIMEOUT_SET] = { IPVS_CMD_SET_CONFIG, NEED_TIMEOUTS },
	[IPVS_OP_DAEMON_START] = { IPVS_CMD_NEW_DAEMON, NEED_DAEMON | FULL_DAEMON },
	[IPVS_OP_DAEMON_STOP] = { IPVS_CMD_DEL_DAEMON, NEED_DAEMON },
	[IPVS_OP_DAEMON_DUMP] = { IPVS_CMD_GET_DAEMON, DUMP },
};

static int
req_check(const struct ipvs_req *r)
{
	unsigned what;

	if ((unsigned)r->op >= IPVS_OP__COUNT)
		return -EINVAL;
	what = op_map[r->op].what;
	if (((what & NEED_SVC) && r->svc == NULL) ||
	    ((what & NEED_DEST) && r->dest == NULL) ||
	    ((what & NEED_TIMEOUTS) && r->timeouts == NULL) ||
	    ((what & NEED_DAEMON) && r->daemon == NULL))
		return -EINVAL;
	if (r->svc && (what & (NEED_SVC | OPT_SVC)) &&
	    r->svc->af != AF_INET && r->svc->af != AF_INET6)
		return -EAFNOSUPPORT;
	if (r->dest && (what & NEED_DEST) &&
	    r->dest->af != AF_INET && r->dest->af != AF_INET6)
		return -EAFNOSUPPORT;
	return 0;
}

/* Upper bound of one request: headers + service + destination nests. */
#define REQ_MAX 512

int
ipvs_msg_put_req(struct ipvs_msgbuf *b, uint16_t family, uint32_t seq,
		 uint16_t nlflags, const struct ipvs_req *r)
{
	struct nlmsghdr nlh = { 0 };
	struct genlmsghdr gh = { 0 };
	size_t start = b->len;
	unsigned what;
	int ret;

	if ((ret = req_check(r)) < 0)
		return ret;
	if ((ret = ipvs_msgbuf_reserve(b, REQ_MAX)) < 0)
		return ret;
	what = op_map[r->op].what;
	nlh.nlmsg_type = family;
	nlh.nlmsg_flags = (uint16_t)(NLM_F_REQUEST | nlflags | ((what & DUMP) ? NLM_F_DUMP : 0));
	nlh.nlmsg_seq = seq;
	gh.cmd = op_map[r->op].cmd;
	gh.version = IPVS_GENL_VERSION;
	b->len += NLMSG_HDRLEN;
	memcpy(b->data + b->len, &gh, sizeof(gh));
	b->len += GENL_HDRLEN;
	if ((what & NEED_SVC) || ((what & OPT_SVC) && r->svc))
		put_svc(b, r->svc, (what & FULL_SVC) != 0);
	if (what & NEED_DEST)
		put_dest(b, r->dest, (what & FULL_DEST) != 0);
	if (what & NEED_TIMEOUTS)
		put_timeouts(b, r->timeouts);
	if (what & NEED_DAEMON)
		put_daemon(b, r->daemon, (what & FULL_DAEMON) != 0);
	nlh.nlmsg_len = (uint32_t)(b->len - start);
	memcpy(b->data + start, &nlh, sizeof(nlh));
	return 0;
}

void
ipvs_msg_set_seq(struct ipvs_msgbuf *b, size_t off, uint32_t seq)
{
	memcpy(b->data + off + offsetof(struct nlmsghdr, nlmsg_seq), &seq, sizeof(seq));
}

void
ipvs_msg_add_flags(struct ipvs_msgbuf *b, size_t off, uint16_t flags)
{
	uint16_t f;

	memcpy(&f, b->data + off + offsetof(struct nlmsghdr, nlmsg_flags), sizeof(f));
	f |= flags;
	memcpy(b->data + off + offsetof(struct nlmsghdr, nlmsg_flags), &f, sizeof(f));
}
