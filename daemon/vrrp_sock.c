/* vrrp_sock.c: raw VRRP sockets, VRID demux and drop counters. */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "buf.h"
#include "vrrp_sock.h"

void
vrrp_sock_init(struct vrrp_sock *s, int family, unsigned ifindex,
	       const char *ifname)
{
	memset(s, 0, sizeof(*s));
	s->family = family;
	s->ifindex = ifindex;
	s->fd = -1;
	snprintf(s->ifname, sizeof(s->ifname), "%s", ifname ? ifname : "");
}

/* ---- receive ---- */

/* The VRID of a received packet, without validating anything else (that
 * is vrrp_pkt_decode's job once the instance is known). */
static enum vrrp_pkt_err
peek_vrid(int family, const uint8_t *data, size_t len, uint8_t *vrid)
{
	struct buf_reader r;
	uint8_t vihl;
	size_t ihl = 0;

	buf_reader_init(&r, data, len);
	if (family == AF_INET) {
		if (buf_get_u8(&r, &vihl) < 0)
			return VRRP_PKT_ERR_TRUNCATED;
		ihl = (size_t)(vihl & 0x0f) * 4;
		if (ihl < VRRP_IP4_HDR_LEN)
			return VRRP_PKT_ERR_IP_HDR;
		ihl--;
	}
	if (buf_skip(&r, ihl + 1) < 0 || buf_get_u8(&r, vrid) < 0)
		return VRRP_PKT_ERR_TRUNCATED;
	return VRRP_PKT_OK;
}

enum vrrp_pkt_err
vrrp_sock_demux(struct vrrp_sock *s, const uint8_t *data, size_t len,
		const struct vrrp_pkt_rx_meta *meta)
{
	struct vrrp_sock_vrid *v;
	struct vrrp_adv adv;
	enum vrrp_pkt_err err;
	uint8_t vrid;

	s->stats.rx++;
	err = peek_vrid(s->family, data, len, &vrid);
	if (err != VRRP_PKT_OK) {
		s->stats.drop[err]++;
		return err;
	}
	v = &s->vrid[vrid];
	if (!v->used) {
		s->stats.drop_vrid++;
		return VRRP_PKT_ERR_MAX;
	}
	err = vrrp_pkt_decode(data, len, meta, &v->exp, &adv);
	if (err != VRRP_PKT_OK) {
		s->stats.drop[err]++;
		return err;
	}
	s->stats.accepted++;
	v->cb(v->arg, &adv);
	return VRRP_PKT_OK;
}

static void
rx_meta6(struct msghdr *m, const struct sockaddr_in6 *from,
	 struct vrrp_pkt_rx_meta *meta)
{
	struct cmsghdr *c;
	struct in6_pktinfo pi;

	meta->hop_limit = -1;
	meta->src.family = meta->dst.family = AF_INET6;
	memcpy(meta->src.addr, &from->sin6_addr, 16);
	for (c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c)) {
		if (c->cmsg_level != IPPROTO_IPV6)
			continue;
		if (c->cmsg_type == IPV6_HOPLIMIT &&
		    c->cmsg_len >= CMSG_LEN(sizeof(int)))
			memcpy(&meta->hop_limit, CMSG_DATA(c), sizeof(int));
		else if (c->cmsg_type == IPV6_PKTINFO &&
			 c->cmsg_len >= CMSG_LEN(sizeof(pi))) {
			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			memcpy(meta->dst.addr, &pi.ipi6_addr, 16);
		}
	}
}

static void
sock_read(struct event_fd *w, unsigned revents, void *arg)
{
	struct vrrp_sock *s = arg;
	uint8_t buf[VRRP_PKT_MAX_IP4_LEN + VRRP_PKT_MAX_LEN];
	uint8_t cbuf[256];
	struct sockaddr_in6 from;
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
	struct msghdr m;
	struct vrrp_pkt_rx_meta meta = { .hop_limit = -1 };
	ssize_t n;
	int i;

	for (i = 0; i < 32; i++) {
		memset(&m, 0, sizeof(m));
		m.msg_name = &from;
		m.msg_namelen = sizeof(from);
		m.msg_iov = &iov;
		m.msg_iovlen = 1;
		m.msg_control = cbuf;
		m.msg_controllen = sizeof(cbuf);
		n = recvmsg(s->fd, &m, MSG_DONTWAIT);
		if (n < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR)
				s->stats.rx_err++;
			return;
		}
		if (m.msg_flags & MSG_TRUNC) {
			s->stats.rx++;
			s->stats.drop[VRRP_PKT_ERR_LENGTH]++;
			continue;
		}
		if (s->family == AF_INET6)
			rx_meta6(&m, &from, &meta);
		vrrp_sock_demux(s, buf, (size_t)n,
				s->family == AF_INET6 ? &meta : NULL);
	}
}

/* ---- setup ---- */

static int
sockopt_int(int fd, int level, int name, int v)
{
	return setsockopt(fd, level, name, &v, sizeof(v)) < 0 ? -errno : 0;
}

static int
setup4(struct vrrp_sock *s)
{
	struct ip_mreqn mr = { .imr_ifindex = (int)s->ifindex };
	int r;

	if ((r = sockopt_int(s->fd, IPPROTO_IP, IP_HDRINCL, 1)) < 0 ||
	    (r = sockopt_int(s->fd, IPPROTO_IP, IP_MULTICAST_TTL, 255)) < 0 ||
	    (r = sockopt_int(s->fd, IPPROTO_IP, IP_MULTICAST_LOOP, 0)) < 0)
		return r;
	if (setsockopt(s->fd, IPPROTO_IP, IP_MULTICAST_IF, &mr, sizeof(mr)) < 0)
		return -errno;
	return 0;
}

static int
setup6(struct vrrp_sock *s)
{
	int r;

	if ((r = sockopt_int(s->fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, 255)) < 0 ||
	    (r = sockopt_int(s->fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, 255)) < 0 ||
	    (r = sockopt_int(s->fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, 0)) < 0 ||
	    (r = sockopt_int(s->fd, IPPROTO_IPV6, IPV6_MULTICAST_IF,
			     (int)s->ifindex)) < 0 ||
	    (r = sockopt_int(s->fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1)) < 0 ||
	    (r = sockopt_int(s->fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1)) < 0)
		return r;
	return 0;
}

int
vrrp_sock_open(struct vrrp_sock *s, struct event_loop *loop)
{
	int r;

	s->fd = socket(s->family, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
		       VRRP_IPPROTO);
	if (s->fd < 0)
		return -errno;
	if (setsockopt(s->fd, SOL_SOCKET, SO_BINDTODEVICE, s->ifname,
		       (socklen_t)strlen(s->ifname) + 1) < 0) {
		r = -errno;
		goto fail;
	}
	r = s->family == AF_INET ? setup4(s) : setup6(s);
	if (r < 0)
		goto fail;
	r = event_fd_add(loop, &s->w, s->fd, EVENT_READ, sock_read, s);
	if (r < 0)
		goto fail;
	return 0;
fail:
	close(s->fd);
	s->fd = -1;
	return r;
}

void
vrrp_sock_close(struct vrrp_sock *s)
{
	event_fd_del(&s->w);
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

int
vrrp_sock_join(struct vrrp_sock *s, const struct vrrp_ip *group)
{
	int r;

	if (s->family == AF_INET) {
		struct ip_mreqn mr = { .imr_ifindex = (int)s->ifindex };

		memcpy(&mr.imr_multiaddr, group->addr, 4);
		r = setsockopt(s->fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mr,
			       sizeof(mr));
	} else {
		struct ipv6_mreq mr = { .ipv6mr_interface = s->ifindex };

		memcpy(&mr.ipv6mr_multiaddr, group->addr, 16);
		r = setsockopt(s->fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &mr,
			       sizeof(mr));
	}
	if (r < 0 && errno != EADDRINUSE)
		return -errno;
	return 0;
}

int
vrrp_sock_register(struct vrrp_sock *s, uint8_t vrid,
		   const struct vrrp_pkt_expect *exp,
		   vrrp_sock_rx_cb *cb, void *arg)
{
	struct vrrp_sock_vrid *v = &s->vrid[vrid];

	if (v->used)
		return -EBUSY;
	v->used = true;
	v->exp = *exp;
	v->cb = cb;
	v->arg = arg;
	return 0;
}

void
vrrp_sock_unregister(struct vrrp_sock *s, uint8_t vrid)
{
	memset(&s->vrid[vrid], 0, sizeof(s->vrid[vrid]));
}

/* ---- send ---- */

static int
send6(struct vrrp_sock *s, const uint8_t *pkt, size_t len,
      const struct vrrp_ip *src, const struct vrrp_ip *dst)
{
	struct sockaddr_in6 to = { .sin6_family = AF_INET6,
				   .sin6_scope_id = s->ifindex };
	union {
		struct cmsghdr c;
		uint8_t b[CMSG_SPACE(sizeof(struct in6_pktinfo))];
	} cb;
	struct in6_pktinfo pi = { .ipi6_ifindex = s->ifindex };
	struct iovec iov = { .iov_base = (void *)(uintptr_t)pkt, .iov_len = len };
	struct msghdr m = {
		.msg_name = &to, .msg_namelen = sizeof(to),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cb.b, .msg_controllen = sizeof(cb.b),
	};
	struct cmsghdr *c;

	memset(&cb, 0, sizeof(cb));
	memcpy(&to.sin6_addr, dst->addr, 16);
	memcpy(&pi.ipi6_addr, src->addr, 16);
	c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = IPPROTO_IPV6;
	c->cmsg_type = IPV6_PKTINFO;
	c->cmsg_len = CMSG_LEN(sizeof(pi));
	memcpy(CMSG_DATA(c), &pi, sizeof(pi));
	return sendmsg(s->fd, &m, 0) < 0 ? -errno : 0;
}

int
vrrp_sock_send(struct vrrp_sock *s, const uint8_t *pkt, size_t len,
	       const struct vrrp_ip *src, const struct vrrp_ip *dst)
{
	int r;

	if (s->family == AF_INET) {
		struct sockaddr_in to = { .sin_family = AF_INET };

		memcpy(&to.sin_addr, dst->addr, 4);
		r = sendto(s->fd, pkt, len, 0, (struct sockaddr *)&to,
			   sizeof(to)) < 0 ? -errno : 0;
	} else {
		r = send6(s, pkt, len, src, dst);
	}
	if (r < 0)
		s->stats.tx_err++;
	else
		s->stats.tx++;
	return r;
}

/* ---- pool ---- */

int
vrrp_sock_pool_get(struct vrrp_sock_pool *p, struct event_loop *loop,
		   int family, const char *ifname, unsigned ifindex,
		   struct vrrp_sock **ret)
{
	struct vrrp_sock *s;
	int r;

	for (s = p->head; s; s = s->next) {
		if (s->family == family && s->ifindex == ifindex) {
			*ret = s;
			return 0;
		}
	}
	s = malloc(sizeof(*s));
	if (!s)
		return -ENOMEM;
	vrrp_sock_init(s, family, ifindex, ifname);
	r = vrrp_sock_open(s, loop);
	if (r < 0) {
		free(s);
		return r;
	}
	s->next = p->head;
	p->head = s;
	*ret = s;
	return 0;
}

void
vrrp_sock_pool_free(struct vrrp_sock_pool *p)
{
	struct vrrp_sock *s, *n;

	for (s = p->head; s; s = n) {
		n = s->next;
		vrrp_sock_close(s);
		free(s);
	}
	p->head = NULL;
}
