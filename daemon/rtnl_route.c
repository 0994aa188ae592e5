/* rtnl_route.c: route, rule and macvlan link requests (see rtnl.h).  Pure
 * builders first, then the synchronous wrappers over rtnl_request(). */
#include "config.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/fib_rules.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <string.h>
#include <sys/socket.h>

#include "rtnl.h"

static size_t
fam_len(int family)
{
	return family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
}

/* Header + fixed part; NULL if @cap is too small.  The whole buffer is
 * zeroed: libmnl does not clear the padding after an attribute, and the
 * bytes sent must not depend on what the stack held before. */
static struct nlmsghdr *
msg_start(uint8_t *buf, size_t cap, size_t extra, uint16_t type,
	  uint16_t flags, uint32_t seq)
{
	struct nlmsghdr *nlh;

	if (cap < MNL_NLMSG_HDRLEN + MNL_ALIGN(extra))
		return NULL;
	memset(buf, 0, cap);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = seq;
	mnl_nlmsg_put_extra_header(nlh, extra);
	return nlh;
}

/* ---- routes ---- */

static bool
route_metrics(struct nlmsghdr *nlh, size_t cap, const struct rtnl_route *rt)
{
	struct nlattr *nest;

	if (!rt->mtu && !rt->advmss)
		return true;
	nest = mnl_attr_nest_start_check(nlh, cap, RTA_METRICS);
	if (!nest ||
	    (rt->mtu && !mnl_attr_put_u32_check(nlh, cap, RTAX_MTU, rt->mtu)) ||
	    (rt->advmss &&
	     !mnl_attr_put_u32_check(nlh, cap, RTAX_ADVMSS, rt->advmss)))
		return false;
	mnl_attr_nest_end(nlh, nest);
	return true;
}

static bool
route_attrs(struct nlmsghdr *nlh, size_t cap, const struct rtnl_route *rt)
{
	size_t al = fam_len(rt->family);

	if (rt->dst_len &&
	    !mnl_attr_put_check(nlh, cap, RTA_DST, al, rt->dst))
		return false;
	if (rt->has_src && !mnl_attr_put_check(nlh, cap, RTA_SRC, al, rt->src))
		return false;
	if (rt->has_prefsrc &&
	    !mnl_attr_put_check(nlh, cap, RTA_PREFSRC, al, rt->prefsrc))
		return false;
	if (rt->has_via &&
	    !mnl_attr_put_check(nlh, cap, RTA_GATEWAY, al, rt->via))
		return false;
	if (rt->oif && !mnl_attr_put_u32_check(nlh, cap, RTA_OIF, rt->oif))
		return false;
	if (rt->has_metric &&
	    !mnl_attr_put_u32_check(nlh, cap, RTA_PRIORITY, rt->metric))
		return false;
	if (rt->table >= 256 &&
	    !mnl_attr_put_u32_check(nlh, cap, RTA_TABLE, rt->table))
		return false;
	return route_metrics(nlh, cap, rt);
}

int
rtnl_route_msg(uint8_t *buf, size_t cap, uint32_t seq, bool add,
	       const struct rtnl_route *rt)
{
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;
	size_t al = fam_len(rt->family);
	uint32_t table = rt->table ? rt->table : RT_TABLE_MAIN;

	if (!al || rt->dst_len > al * 8 || rt->src_len > al * 8)
		return -EINVAL;
	nlh = msg_start(buf, cap, sizeof(*rtm), add ? RTM_NEWROUTE : RTM_DELROUTE,
			add ? NLM_F_CREATE | NLM_F_EXCL : 0, seq);
	if (!nlh)
		return -ENOBUFS;
	rtm = mnl_nlmsg_get_payload(nlh);
	rtm->rtm_family = (uint8_t)rt->family;
	rtm->rtm_dst_len = rt->dst_len;
	rtm->rtm_src_len = rt->has_src ? rt->src_len : 0;
	rtm->rtm_tos = rt->tos;
	rtm->rtm_table = table < 256 ? (uint8_t)table : RT_TABLE_UNSPEC;
	rtm->rtm_protocol = rt->protocol;
	rtm->rtm_scope = rt->scope;
	rtm->rtm_type = rt->type ? rt->type : RTN_UNICAST;
	rtm->rtm_flags = rt->flags;
	if (!route_attrs(nlh, cap, rt))
		return -ENOBUFS;
	return (int)nlh->nlmsg_len;
}

/* ---- rules ---- */

static bool
rule_attrs(struct nlmsghdr *nlh, size_t cap, const struct rtnl_rule *ru)
{
	size_t al = fam_len(ru->family);

	if (ru->has_from &&
	    !mnl_attr_put_check(nlh, cap, FRA_SRC, al, ru->from))
		return false;
	if (ru->has_to && !mnl_attr_put_check(nlh, cap, FRA_DST, al, ru->to))
		return false;
	if (ru->has_priority &&
	    !mnl_attr_put_u32_check(nlh, cap, FRA_PRIORITY, ru->priority))
		return false;
	if (ru->has_fwmark &&
	    !mnl_attr_put_u32_check(nlh, cap, FRA_FWMARK, ru->fwmark))
		return false;
	if (ru->has_fwmask &&
	    !mnl_attr_put_u32_check(nlh, cap, FRA_FWMASK, ru->fwmask))
		return false;
	if (ru->table >= 256 &&
	    !mnl_attr_put_u32_check(nlh, cap, FRA_TABLE, ru->table))
		return false;
	if (ru->iif[0] && !mnl_attr_put_strz_check(nlh, cap, FRA_IIFNAME, ru->iif))
		return false;
	if (ru->oif[0] && !mnl_attr_put_strz_check(nlh, cap, FRA_OIFNAME, ru->oif))
		return false;
	if (ru->goto_prio &&
	    !mnl_attr_put_u32_check(nlh, cap, FRA_GOTO, ru->goto_prio))
		return false;
	if (ru->has_suppress_prefixlen &&
	    !mnl_attr_put_u32_check(nlh, cap, FRA_SUPPRESS_PREFIXLEN,
				    ru->suppress_prefixlen))
		return false;
	if (ru->has_suppress_ifgroup &&
	    !mnl_attr_put_u32_check(nlh, cap, FRA_SUPPRESS_IFGROUP,
				    ru->suppress_ifgroup))
		return false;
	if (ru->protocol &&
	    !mnl_attr_put_u8_check(nlh, cap, FRA_PROTOCOL, ru->protocol))
		return false;
	return true;
}

int
rtnl_rule_msg(uint8_t *buf, size_t cap, uint32_t seq, bool add,
	      const struct rtnl_rule *ru)
{
	struct nlmsghdr *nlh;
	struct fib_rule_hdr *frh;
	size_t al = fam_len(ru->family);

	if (!al || (ru->has_from && ru->from_len > al * 8) ||
	    (ru->has_to && ru->to_len > al * 8))
		return -EINVAL;
	nlh = msg_start(buf, cap, sizeof(*frh), add ? RTM_NEWRULE : RTM_DELRULE,
			add ? NLM_F_CREATE | NLM_F_EXCL : 0, seq);
	if (!nlh)
		return -ENOBUFS;
	frh = mnl_nlmsg_get_payload(nlh);
	frh->family = (uint8_t)ru->family;
	frh->src_len = ru->has_from ? ru->from_len : 0;
	frh->dst_len = ru->has_to ? ru->to_len : 0;
	frh->tos = ru->tos;
	frh->table = ru->table < 256 ? (uint8_t)ru->table : RT_TABLE_UNSPEC;
	frh->action = ru->action ? ru->action : FR_ACT_TO_TBL;
	frh->flags = ru->invert ? FIB_RULE_INVERT : 0;
	if (!rule_attrs(nlh, cap, ru))
		return -ENOBUFS;
	return (int)nlh->nlmsg_len;
}

/* ---- links ---- */

static bool
macvlan_info(struct nlmsghdr *nlh, size_t cap, const struct rtnl_macvlan *m)
{
	struct nlattr *info, *data;

	info = mnl_attr_nest_start_check(nlh, cap, IFLA_LINKINFO);
	if (!info || !mnl_attr_put_strz_check(nlh, cap, IFLA_INFO_KIND, "macvlan"))
		return false;
	data = mnl_attr_nest_start_check(nlh, cap, IFLA_INFO_DATA);
	if (!data ||
	    !mnl_attr_put_u32_check(nlh, cap, IFLA_MACVLAN_MODE, m->mode))
		return false;
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, info);
	return true;
}

static bool
addr_gen_none(struct nlmsghdr *nlh, size_t cap)
{
	struct nlattr *spec, *in6;

	spec = mnl_attr_nest_start_check(nlh, cap, IFLA_AF_SPEC);
	if (!spec)
		return false;
	in6 = mnl_attr_nest_start_check(nlh, cap, AF_INET6);
	if (!in6 || !mnl_attr_put_u8_check(nlh, cap, IFLA_INET6_ADDR_GEN_MODE,
					   IN6_ADDR_GEN_MODE_NONE))
		return false;
	mnl_attr_nest_end(nlh, in6);
	mnl_attr_nest_end(nlh, spec);
	return true;
}

int
rtnl_macvlan_msg(uint8_t *buf, size_t cap, uint32_t seq,
		 const struct rtnl_macvlan *m)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;

	if (!m->link || !m->name[0] || strnlen(m->name, IFNAMSIZ) >= IFNAMSIZ)
		return -EINVAL;
	nlh = msg_start(buf, cap, sizeof(*ifi), RTM_NEWLINK,
			NLM_F_CREATE | NLM_F_EXCL, seq);
	if (!nlh)
		return -ENOBUFS;
	ifi = mnl_nlmsg_get_payload(nlh);
	ifi->ifi_family = AF_UNSPEC;
	if (m->up && !m->addr_gen_none) {
		ifi->ifi_flags = IFF_UP;
		ifi->ifi_change = IFF_UP;
	}
	if (!mnl_attr_put_u32_check(nlh, cap, IFLA_LINK, m->link) ||
	    !mnl_attr_put_strz_check(nlh, cap, IFLA_IFNAME, m->name) ||
	    !mnl_attr_put_check(nlh, cap, IFLA_ADDRESS, 6, m->mac) ||
	    !macvlan_info(nlh, cap, m))
		return -ENOBUFS;
	return (int)nlh->nlmsg_len;
}

int
rtnl_link_set_msg(uint8_t *buf, size_t cap, uint32_t seq, unsigned ifindex,
		  bool up, bool addr_gen_none_v6)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;

	nlh = msg_start(buf, cap, sizeof(*ifi), RTM_NEWLINK, 0, seq);
	if (!nlh)
		return -ENOBUFS;
	ifi = mnl_nlmsg_get_payload(nlh);
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = (int)ifindex;
	if (up) {
		ifi->ifi_flags = IFF_UP;
		ifi->ifi_change = IFF_UP;
	}
	if (addr_gen_none_v6 && !addr_gen_none(nlh, cap))
		return -ENOBUFS;
	return (int)nlh->nlmsg_len;
}

int
rtnl_link_del_msg(uint8_t *buf, size_t cap, uint32_t seq, unsigned ifindex)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;

	nlh = msg_start(buf, cap, sizeof(*ifi), RTM_DELLINK, 0, seq);
	if (!nlh)
		return -ENOBUFS;
	ifi = mnl_nlmsg_get_payload(nlh);
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = (int)ifindex;
	return (int)nlh->nlmsg_len;
}

/* ---- synchronous wrappers ---- */

int
rtnl_route_change(struct rtnl *r, bool add, const struct rtnl_route *rt,
		  char *errmsg, size_t errlen)
{
	uint8_t buf[RTNL_MSG_MAX];
	int len = rtnl_route_msg(buf, sizeof(buf), 0, add, rt);

	return len < 0 ? len : rtnl_request(r, buf, (size_t)len, errmsg, errlen);
}

int
rtnl_rule_change(struct rtnl *r, bool add, const struct rtnl_rule *ru,
		 char *errmsg, size_t errlen)
{
	uint8_t buf[RTNL_MSG_MAX];
	int len = rtnl_rule_msg(buf, sizeof(buf), 0, add, ru);

	return len < 0 ? len : rtnl_request(r, buf, (size_t)len, errmsg, errlen);
}

static int
link_set(struct rtnl *r, unsigned ifindex, bool up, bool agn, char *errmsg,
	 size_t errlen)
{
	uint8_t buf[RTNL_MSG_MAX];
	int len = rtnl_link_set_msg(buf, sizeof(buf), 0, ifindex, up, agn);

	return len < 0 ? len : rtnl_request(r, buf, (size_t)len, errmsg, errlen);
}

int
rtnl_macvlan_add(struct rtnl *r, const struct rtnl_macvlan *m, char *errmsg,
		 size_t errlen)
{
	uint8_t buf[RTNL_MSG_MAX];
	int len = rtnl_macvlan_msg(buf, sizeof(buf), 0, m);
	unsigned idx;
	int e;

	if (len < 0)
		return len;
	e = rtnl_request(r, buf, (size_t)len, errmsg, errlen);
	if (e < 0 || !m->addr_gen_none)
		return e;
	/* created down: no link-local address is generated before the
	 * mode is set (the kernel takes it on an existing link only) */
	idx = if_nametoindex(m->name);
	if (!idx)
		return -ENODEV;
	e = link_set(r, idx, false, true, errmsg, errlen);
	if (e == 0 && m->up)
		e = link_set(r, idx, true, false, errmsg, errlen);
	return e;
}

int
rtnl_link_del(struct rtnl *r, unsigned ifindex, char *errmsg, size_t errlen)
{
	uint8_t buf[RTNL_MSG_MAX];
	int len = rtnl_link_del_msg(buf, sizeof(buf), 0, ifindex);

	return len < 0 ? len : rtnl_request(r, buf, (size_t)len, errmsg, errlen);
}

/* ---- parsing (notifications of deleted routes and rules) ---- */

struct route_tb {
	const struct nlattr *tb[RTA_MAX > FRA_MAX ? RTA_MAX + 1 : FRA_MAX + 1];
	int max;
};

static int
route_attr_cb(const struct nlattr *attr, void *data)
{
	struct route_tb *t = data;
	int type = mnl_attr_get_type(attr);

	if (type <= t->max)
		t->tb[type] = attr;
	return MNL_CB_OK;
}

static bool
get_addr(const struct nlattr *a, size_t alen, uint8_t *dst)
{
	if (!a || mnl_attr_get_payload_len(a) != alen)
		return false;
	memcpy(dst, mnl_attr_get_payload(a), alen);
	return true;
}

static bool
get_u32(const struct nlattr *a, uint32_t *dst)
{
	if (!a || mnl_attr_validate(a, MNL_TYPE_U32) < 0)
		return false;
	*dst = mnl_attr_get_u32(a);
	return true;
}

int
rtnl_route_parse(const struct nlmsghdr *nlh, struct rtnl_route *ret)
{
	const struct rtmsg *rtm;
	struct route_tb t = { .max = RTA_MAX };
	struct rtnl_route rt;
	size_t al;

	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(*rtm))
		return -EBADMSG;
	rtm = mnl_nlmsg_get_payload(nlh);
	al = fam_len(rtm->rtm_family);
	if (!al)
		return -EAFNOSUPPORT;
	if (rtm->rtm_dst_len > al * 8 || rtm->rtm_src_len > al * 8 ||
	    mnl_attr_parse(nlh, sizeof(*rtm), route_attr_cb, &t) < 0)
		return -EBADMSG;
	memset(&rt, 0, sizeof(rt));
	rt.family = rtm->rtm_family;
	rt.dst_len = rtm->rtm_dst_len;
	rt.tos = rtm->rtm_tos;
	rt.table = rtm->rtm_table;
	rt.protocol = rtm->rtm_protocol;
	rt.scope = rtm->rtm_scope;
	rt.type = rtm->rtm_type;
	rt.flags = rtm->rtm_flags;
	if (rt.dst_len && !get_addr(t.tb[RTA_DST], al, rt.dst))
		return -EBADMSG;
	rt.has_src = get_addr(t.tb[RTA_SRC], al, rt.src);
	rt.src_len = rt.has_src ? rtm->rtm_src_len : 0;
	rt.has_prefsrc = get_addr(t.tb[RTA_PREFSRC], al, rt.prefsrc);
	rt.has_via = get_addr(t.tb[RTA_GATEWAY], al, rt.via);
	get_u32(t.tb[RTA_OIF], &rt.oif);
	rt.has_metric = get_u32(t.tb[RTA_PRIORITY], &rt.metric);
	get_u32(t.tb[RTA_TABLE], &rt.table);
	*ret = rt;
	return 0;
}

static bool
get_ifname(const struct nlattr *a, char *dst)
{
	if (!a || mnl_attr_validate(a, MNL_TYPE_NUL_STRING) < 0 ||
	    mnl_attr_get_payload_len(a) > IFNAMSIZ)
		return false;
	strcpy(dst, mnl_attr_get_str(a));
	return true;
}

int
rtnl_rule_parse(const struct nlmsghdr *nlh, struct rtnl_rule *ret)
{
	const struct fib_rule_hdr *frh;
	struct route_tb t = { .max = FRA_MAX };
	struct rtnl_rule ru;
	size_t al;

	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(*frh))
		return -EBADMSG;
	frh = mnl_nlmsg_get_payload(nlh);
	al = fam_len(frh->family);
	if (!al)
		return -EAFNOSUPPORT;
	if (frh->src_len > al * 8 || frh->dst_len > al * 8 ||
	    mnl_attr_parse(nlh, sizeof(*frh), route_attr_cb, &t) < 0)
		return -EBADMSG;
	memset(&ru, 0, sizeof(ru));
	ru.family = frh->family;
	ru.tos = frh->tos;
	ru.table = frh->table;
	ru.action = frh->action;
	ru.invert = (frh->flags & FIB_RULE_INVERT) != 0;
	ru.has_from = get_addr(t.tb[FRA_SRC], al, ru.from);
	ru.from_len = ru.has_from ? frh->src_len : 0;
	ru.has_to = get_addr(t.tb[FRA_DST], al, ru.to);
	ru.to_len = ru.has_to ? frh->dst_len : 0;
	ru.has_priority = get_u32(t.tb[FRA_PRIORITY], &ru.priority);
	ru.has_fwmark = get_u32(t.tb[FRA_FWMARK], &ru.fwmark);
	ru.has_fwmask = get_u32(t.tb[FRA_FWMASK], &ru.fwmask);
	get_u32(t.tb[FRA_TABLE], &ru.table);
	get_u32(t.tb[FRA_GOTO], &ru.goto_prio);
	get_ifname(t.tb[FRA_IIFNAME], ru.iif);
	get_ifname(t.tb[FRA_OIFNAME], ru.oif);
	if (t.tb[FRA_PROTOCOL] &&
	    mnl_attr_validate(t.tb[FRA_PROTOCOL], MNL_TYPE_U8) == 0)
		ru.protocol = mnl_attr_get_u8(t.tb[FRA_PROTOCOL]);
	*ret = ru;
	return 0;
}
