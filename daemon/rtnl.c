/* rtnl.c: rtnetlink requests and notifications on libmnl (see rtnl.h). */
#include "config.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "event.h"
#include "rtnl.h"

/* Large enough for any rtnetlink message batch (MNL_SOCKET_BUFFER_SIZE
 * depends on the page size at run time). */
#define RTNL_RX_BUF	16384
/* Rule notifications: legacy group bits of RTNLGRP_IPV4_RULE/IPV6_RULE. */
#define WATCH_RULE_GROUPS	((1u << (RTNLGRP_IPV4_RULE - 1)) | \
				 (1u << (RTNLGRP_IPV6_RULE - 1)))

struct rtnl {
	struct mnl_socket *nl;
	uint32_t portid;
	uint32_t seq;
};

struct rtnl_watch {
	struct mnl_socket *nl;
	struct event_fd w;
	rtnl_watch_cb *cb;
	void *arg;
};

static size_t
addr_len(int family)
{
	return family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
}

/* ---- building ---- */

static int
addr_attrs(struct nlmsghdr *nlh, size_t cap, const struct rtnl_addr *a)
{
	size_t alen = addr_len(a->family);

	if (!mnl_attr_put_check(nlh, cap, IFA_LOCAL, alen, a->addr) ||
	    !mnl_attr_put_check(nlh, cap, IFA_ADDRESS, alen,
				a->has_peer ? a->peer : a->addr))
		return -ENOBUFS;
	if (a->has_brd && a->family == AF_INET &&
	    !mnl_attr_put_check(nlh, cap, IFA_BROADCAST, alen, a->brd))
		return -ENOBUFS;
	if (a->label[0] && !mnl_attr_put_strz_check(nlh, cap, IFA_LABEL,
						    a->label))
		return -ENOBUFS;
	if ((a->flags & ~0xffu) &&
	    !mnl_attr_put_u32_check(nlh, cap, IFA_FLAGS, a->flags))
		return -ENOBUFS;
	if (a->has_lft && nlh->nlmsg_type == RTM_NEWADDR) {
		struct ifa_cacheinfo ci = { .ifa_prefered = a->preferred_lft,
					    .ifa_valid = 0xffffffffu };

		if (!mnl_attr_put_check(nlh, cap, IFA_CACHEINFO, sizeof(ci), &ci))
			return -ENOBUFS;
	}
	return 0;
}

int
rtnl_addr_msg(uint8_t *buf, size_t cap, uint32_t seq, bool add,
	      const struct rtnl_addr *a)
{
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;
	size_t alen = addr_len(a->family);
	int r;

	if (!alen || a->prefix > alen * 8 ||
	    strnlen(a->label, IFNAMSIZ) >= IFNAMSIZ ||
	    (a->label[0] && a->family != AF_INET))
		return -EINVAL;
	if (cap < MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(*ifa)))
		return -ENOBUFS;
	memset(buf, 0, cap);	/* libmnl leaves attribute padding as it was */
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = add ? RTM_NEWADDR : RTM_DELADDR;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	if (add)
		nlh->nlmsg_flags |= NLM_F_CREATE | NLM_F_EXCL;
	nlh->nlmsg_seq = seq;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = (uint8_t)a->family;
	ifa->ifa_prefixlen = a->prefix;
	ifa->ifa_flags = (uint8_t)(a->flags & 0xffu);
	ifa->ifa_scope = a->scope;
	ifa->ifa_index = a->ifindex;
	r = addr_attrs(nlh, cap, a);
	return r < 0 ? r : (int)nlh->nlmsg_len;
}

int
rtnl_link_get_msg(uint8_t *buf, size_t cap, uint32_t seq, unsigned ifindex)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;

	if (cap < MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(*ifi)))
		return -ENOBUFS;
	memset(buf, 0, cap);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = (int)ifindex;
	return (int)nlh->nlmsg_len;
}

/* ---- parsing ---- */

struct attr_tb {
	const struct nlattr *tb[IFLA_MAX > IFA_MAX ? IFLA_MAX + 1 : IFA_MAX + 1];
	int max;
};

static int
attr_cb(const struct nlattr *attr, void *data)
{
	struct attr_tb *t = data;
	int type = mnl_attr_get_type(attr);

	if (type > t->max)
		return MNL_CB_OK;	/* unknown: skip */
	t->tb[type] = attr;
	return MNL_CB_OK;
}

static bool
attr_bytes(const struct nlattr *a, size_t want, uint8_t *dst)
{
	if (!a || mnl_attr_get_payload_len(a) != want)
		return false;
	memcpy(dst, mnl_attr_get_payload(a), want);
	return true;
}

static int
parse_link(const struct nlmsghdr *nlh, struct rtnl_link *l)
{
	const struct ifinfomsg *ifi;
	struct attr_tb t = { .max = IFLA_MAX };
	const struct nlattr *n;

	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(*ifi))
		return -EBADMSG;
	ifi = mnl_nlmsg_get_payload(nlh);
	if (mnl_attr_parse(nlh, sizeof(*ifi), attr_cb, &t) < 0)
		return -EBADMSG;
	memset(l, 0, sizeof(*l));
	l->ifindex = (unsigned)ifi->ifi_index;
	l->flags = ifi->ifi_flags;
	n = t.tb[IFLA_IFNAME];
	if (n) {
		if (mnl_attr_validate(n, MNL_TYPE_NUL_STRING) < 0 ||
		    mnl_attr_get_payload_len(n) > IFNAMSIZ)
			return -EBADMSG;
		strcpy(l->name, mnl_attr_get_str(n));
	}
	l->has_hwaddr = attr_bytes(t.tb[IFLA_ADDRESS], 6, l->hwaddr);
	if (t.tb[IFLA_MTU] && mnl_attr_validate(t.tb[IFLA_MTU], MNL_TYPE_U32) == 0)
		l->mtu = mnl_attr_get_u32(t.tb[IFLA_MTU]);
	return 0;
}

static int
parse_addr(const struct nlmsghdr *nlh, struct rtnl_addr *a)
{
	const struct ifaddrmsg *ifa;
	struct attr_tb t = { .max = IFA_MAX };
	const struct nlattr *l, *ad, *lab;
	size_t alen;

	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(*ifa))
		return -EBADMSG;
	ifa = mnl_nlmsg_get_payload(nlh);
	if (mnl_attr_parse(nlh, sizeof(*ifa), attr_cb, &t) < 0)
		return -EBADMSG;
	memset(a, 0, sizeof(*a));
	a->family = ifa->ifa_family;
	alen = addr_len(a->family);
	if (!alen)
		return -EBADMSG;
	a->ifindex = ifa->ifa_index;
	a->prefix = ifa->ifa_prefixlen;
	a->scope = ifa->ifa_scope;
	a->flags = ifa->ifa_flags;
	if (t.tb[IFA_FLAGS] && mnl_attr_validate(t.tb[IFA_FLAGS], MNL_TYPE_U32) == 0)
		a->flags = mnl_attr_get_u32(t.tb[IFA_FLAGS]);
	l = t.tb[IFA_LOCAL];
	ad = t.tb[IFA_ADDRESS];
	if (!attr_bytes(l ? l : ad, alen, a->addr))
		return -EBADMSG;
	if (l && ad && attr_bytes(ad, alen, a->peer) &&
	    memcmp(a->peer, a->addr, alen) != 0)
		a->has_peer = true;
	a->has_brd = attr_bytes(t.tb[IFA_BROADCAST], alen, a->brd);
	lab = t.tb[IFA_LABEL];
	if (lab && mnl_attr_validate(lab, MNL_TYPE_NUL_STRING) == 0 &&
	    mnl_attr_get_payload_len(lab) <= IFNAMSIZ)
		strcpy(a->label, mnl_attr_get_str(lab));
	return 0;
}

int
rtnl_msg_parse(const void *msg, size_t len, struct rtnl_event *ret)
{
	const struct nlmsghdr *nlh = msg;
	struct rtnl_event ev = { .type = RTNL_EV_NONE };
	int r = 0;

	if (!mnl_nlmsg_ok(nlh, (int)len))
		return -EBADMSG;
	switch (nlh->nlmsg_type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		ev.type = nlh->nlmsg_type == RTM_NEWLINK ? RTNL_EV_LINK_NEW
							 : RTNL_EV_LINK_DEL;
		r = parse_link(nlh, &ev.link);
		break;
	case RTM_NEWADDR:
	case RTM_DELADDR:
		ev.type = nlh->nlmsg_type == RTM_NEWADDR ? RTNL_EV_ADDR_NEW
							 : RTNL_EV_ADDR_DEL;
		r = parse_addr(nlh, &ev.addr);
		break;
	case RTM_DELROUTE:
		ev.type = RTNL_EV_ROUTE_DEL;
		r = rtnl_route_parse(nlh, &ev.route);
		break;
	case RTM_DELRULE:
		ev.type = RTNL_EV_RULE_DEL;
		r = rtnl_rule_parse(nlh, &ev.rule);
		break;
	default:
		break;
	}
	if (r < 0)
		return r;
	*ret = ev;
	return 0;
}

int
rtnl_ack_parse(const void *msg, size_t len, char *errmsg, size_t errlen)
{
	const struct nlmsghdr *nlh = msg;
	const struct nlmsgerr *e;
	const struct nlattr *a;
	size_t off;

	if (errmsg && errlen)
		errmsg[0] = '\0';
	if (!mnl_nlmsg_ok(nlh, (int)len) || nlh->nlmsg_type != NLMSG_ERROR ||
	    nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(*e))
		return -EBADMSG;
	e = mnl_nlmsg_get_payload(nlh);
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || !errmsg || !errlen)
		return e->error;
	/* With NETLINK_CAP_ACK the original request is not echoed back. */
	off = sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(e->msg);
	if (MNL_NLMSG_HDRLEN + off > nlh->nlmsg_len)
		return e->error;
	mnl_attr_for_each(a, nlh, off) {
		if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0) {
			strncpy(errmsg, mnl_attr_get_str(a), errlen - 1);
			errmsg[errlen - 1] = '\0';
		}
	}
	return e->error;
}

/* ---- request socket ---- */

int
rtnl_open(struct rtnl **ret)
{
	struct rtnl *r = calloc(1, sizeof(*r));
	int one = 1, err;

	if (!r)
		return -ENOMEM;
	r->nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (!r->nl || mnl_socket_bind(r->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		err = -errno;
		if (r->nl)
			mnl_socket_close(r->nl);
		free(r);
		return err;
	}
	mnl_socket_setsockopt(r->nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(r->nl, NETLINK_CAP_ACK, &one, sizeof(one));
	r->portid = mnl_socket_get_portid(r->nl);
	r->seq = (uint32_t)time(NULL);
	*ret = r;
	return 0;
}

void
rtnl_close(struct rtnl *r)
{
	if (!r)
		return;
	mnl_socket_close(r->nl);
	free(r);
}

struct req_ctx {
	char *errmsg;
	size_t errlen;
	int error;
	void (*data_cb)(const struct nlmsghdr *nlh, void *arg);
	void *arg;
};

static int
req_err_cb(const struct nlmsghdr *nlh, void *data)
{
	struct req_ctx *c = data;

	c->error = rtnl_ack_parse(nlh, nlh->nlmsg_len, c->errmsg, c->errlen);
	return c->error ? MNL_CB_ERROR : MNL_CB_STOP;
}

static int
req_done_cb(const struct nlmsghdr *nlh, void *data)
{
	return MNL_CB_STOP;
}

static int
req_data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct req_ctx *c = data;

	if (c->data_cb)
		c->data_cb(nlh, c->arg);
	return MNL_CB_OK;
}

/* Send @len bytes at @buf (its seq already set to r->seq) and run the
 * replies through the callbacks until ACK, error or NLMSG_DONE. */
static int
rtnl_transact(struct rtnl *r, const void *buf, size_t len, struct req_ctx *c)
{
	static mnl_cb_t ctl[NLMSG_MIN_TYPE] = {
		[NLMSG_ERROR] = req_err_cb, [NLMSG_DONE] = req_done_cb,
	};
	uint8_t rx[RTNL_RX_BUF];
	ssize_t n;
	int ret;

	if (mnl_socket_sendto(r->nl, buf, len) < 0)
		return -errno;
	do {
		n = mnl_socket_recvfrom(r->nl, rx, sizeof(rx));
		if (n < 0)
			return -errno;
		ret = mnl_cb_run2(rx, (size_t)n, r->seq, r->portid,
				  req_data_cb, c, ctl, NLMSG_MIN_TYPE);
	} while (ret > MNL_CB_STOP);
	if (c->error)
		return c->error;
	return ret < 0 ? -errno : 0;
}

int
rtnl_addr_change(struct rtnl *r, bool add, const struct rtnl_addr *a,
		 char *errmsg, size_t errlen)
{
	uint8_t buf[RTNL_MSG_MAX];
	struct req_ctx c = { .errmsg = errmsg, .errlen = errlen };
	int len;

	if (errmsg && errlen)
		errmsg[0] = '\0';
	len = rtnl_addr_msg(buf, sizeof(buf), ++r->seq, add, a);
	if (len < 0)
		return len;
	return rtnl_transact(r, buf, (size_t)len, &c);
}

int
rtnl_request(struct rtnl *r, void *buf, size_t len, char *errmsg,
	     size_t errlen)
{
	struct nlmsghdr *nlh = buf;
	struct req_ctx c = { .errmsg = errmsg, .errlen = errlen };

	if (errmsg && errlen)
		errmsg[0] = '\0';
	if (len < sizeof(*nlh))
		return -EINVAL;
	nlh->nlmsg_seq = ++r->seq;
	return rtnl_transact(r, buf, len, &c);
}

struct link_q {
	struct rtnl_link *ret;
	bool found;
};

static void
link_data(const struct nlmsghdr *nlh, void *arg)
{
	struct link_q *q = arg;
	struct rtnl_event ev;

	if (rtnl_msg_parse(nlh, nlh->nlmsg_len, &ev) == 0 &&
	    ev.type == RTNL_EV_LINK_NEW) {
		*q->ret = ev.link;
		q->found = true;
	}
}

int
rtnl_link_get(struct rtnl *r, unsigned ifindex, struct rtnl_link *ret)
{
	uint8_t buf[RTNL_MSG_MAX];
	struct rtnl_link l;
	struct link_q q = { .ret = &l };
	struct req_ctx c = { .data_cb = link_data, .arg = &q };
	int len, err;

	len = rtnl_link_get_msg(buf, sizeof(buf), ++r->seq, ifindex);
	if (len < 0)
		return len;
	err = rtnl_transact(r, buf, (size_t)len, &c);
	if (err < 0)
		return err;
	if (!q.found)
		return -ENODEV;
	*ret = l;
	return 0;
}

struct dump_q {
	void (*cb)(const struct rtnl_addr *a, void *arg);
	void *arg;
};

static void
dump_data(const struct nlmsghdr *nlh, void *arg)
{
	struct dump_q *q = arg;
	struct rtnl_event ev;

	if (rtnl_msg_parse(nlh, nlh->nlmsg_len, &ev) == 0 &&
	    ev.type == RTNL_EV_ADDR_NEW)
		q->cb(&ev.addr, q->arg);
}

int
rtnl_addr_dump(struct rtnl *r, int family,
	       void (*cb)(const struct rtnl_addr *a, void *arg), void *arg)
{
	uint8_t buf[RTNL_MSG_MAX];
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;
	struct dump_q q = { .cb = cb, .arg = arg };
	struct req_ctx c = { .data_cb = dump_data, .arg = &q };

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETADDR;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = ++r->seq;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = (uint8_t)family;
	return rtnl_transact(r, buf, nlh->nlmsg_len, &c);
}

/* ---- watch socket ---- */

static int
watch_msg_cb(const struct nlmsghdr *nlh, void *data)
{
	struct rtnl_watch *w = data;
	struct rtnl_event ev;

	if (rtnl_msg_parse(nlh, nlh->nlmsg_len, &ev) == 0 &&
	    ev.type != RTNL_EV_NONE)
		w->cb(&ev, w->arg);
	return MNL_CB_OK;
}

static void
watch_read(struct event_fd *fdw, unsigned revents, void *arg)
{
	struct rtnl_watch *w = arg;
	uint8_t rx[RTNL_RX_BUF];
	struct rtnl_event ev = { .type = RTNL_EV_RESYNC };
	ssize_t n;
	int i;

	for (i = 0; i < 64; i++) {
		n = mnl_socket_recvfrom(w->nl, rx, sizeof(rx));
		if (n < 0) {
			if (errno == ENOBUFS)
				w->cb(&ev, w->arg);
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			continue;
		}
		mnl_cb_run(rx, (size_t)n, 0, 0, watch_msg_cb, w);
	}
}

int
rtnl_watch_open(struct event_loop *loop, rtnl_watch_cb *cb, void *arg,
		struct rtnl_watch **ret)
{
	struct rtnl_watch *w = calloc(1, sizeof(*w));
	int err;

	if (!w)
		return -ENOMEM;
	w->cb = cb;
	w->arg = arg;
	w->nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (!w->nl || mnl_socket_bind(w->nl, RTMGRP_LINK | RTMGRP_IPV4_IFADDR |
				      RTMGRP_IPV6_IFADDR | RTMGRP_IPV4_ROUTE |
				      RTMGRP_IPV6_ROUTE | WATCH_RULE_GROUPS,
				      MNL_SOCKET_AUTOPID) < 0) {
		err = -errno;
		goto fail;
	}
	err = event_fd_add(loop, &w->w, mnl_socket_get_fd(w->nl), EVENT_READ,
			   watch_read, w);
	if (err < 0)
		goto fail;
	*ret = w;
	return 0;
fail:
	if (w->nl)
		mnl_socket_close(w->nl);
	free(w);
	return err;
}

void
rtnl_watch_close(struct rtnl_watch *w)
{
	if (!w)
		return;
	event_fd_del(&w->w);
	mnl_socket_close(w->nl);
	free(w);
}
