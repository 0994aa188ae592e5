/* hc_dgram.c: the datagram sockets of UDP_CHECK, DNS_CHECK and PING_CHECK
 * (see hc.h): options as for TCP, error queue on, connected so that ICMP
 * errors about our datagrams come back as errors on this socket. */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "health/hc.h"

static int
dgram_options(int fd, const struct hc_target *t, int type)
{
	int one = 1;

	if (t->src_len && type != SOCK_RAW) {
		(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(fd, &t->src.sa, t->src_len) < 0)
			return -errno;
	} else if (t->src_len) {
		union hc_sockaddr a = t->src;

		/* raw sockets have no port: bind the address only */
		if (a.sa.sa_family == AF_INET)
			a.in.sin_port = 0;
		else
			a.in6.sin6_port = 0;
		if (bind(fd, &a.sa, t->src_len) < 0)
			return -errno;
	}
	if (t->bind_if && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, t->bind_if,
				     (socklen_t)strlen(t->bind_if)) < 0)
		return -errno;
	if (t->fwmark && setsockopt(fd, SOL_SOCKET, SO_MARK, &t->fwmark,
				    sizeof(t->fwmark)) < 0)
		return -errno;
	if (t->dst.sa.sa_family == AF_INET)
		(void)setsockopt(fd, IPPROTO_IP, IP_RECVERR, &one, sizeof(one));
	else
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_RECVERR, &one, sizeof(one));
	return 0;
}

enum hc_result
hc_dgram_errno_result(int err)
{
	switch (err) {
	case ECONNREFUSED:
		return HC_REFUSED;
	case EHOSTUNREACH: case ENETUNREACH: case EHOSTDOWN: case ENETDOWN:
		return HC_UNREACHABLE;
	case ETIMEDOUT:
		return HC_TIMEOUT;
	case ENOMEM: case ENOBUFS: case EMFILE: case ENFILE:
		return HC_INTERNAL;
	default:
		return HC_CONNECT_ERROR;
	}
}

int
hc_dgram_open(const struct hc_target *t, int type, int proto, enum hc_result *res)
{
	union hc_sockaddr dst = t->dst;
	int fd, r;

	fd = socket(t->dst.sa.sa_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
	if (fd < 0) {
		r = -errno;
		*res = HC_INTERNAL;
		return r;
	}
	r = dgram_options(fd, t, type);
	if (r < 0) {
		close(fd);
		*res = HC_INTERNAL;
		return r;
	}
	if (proto != IPPROTO_UDP) {
		if (dst.sa.sa_family == AF_INET)
			dst.in.sin_port = 0;
		else
			dst.in6.sin6_port = 0;
	}
	if (connect(fd, &dst.sa, t->dst_len) < 0) {
		r = -errno;
		close(fd);
		*res = hc_dgram_errno_result(-r);
		return r;
	}
	*res = HC_OK;
	return fd;
}

int
hc_dgram_send(struct hc_dgram *d, const void *pkt, size_t len)
{
	int r;

	errno = 0;
	if (send(d->fd, pkt, len, 0) == (ssize_t)len)
		return 0;
	r = errno ? -errno : -EIO;
	d->early = hc_dgram_errno_result(-r);
	close(d->fd);
	d->fd = -1;
	return r;
}

int
hc_dgram_arm(struct hc_check *c, struct hc_dgram *d, int send_r,
	     event_fd_cb *readable, event_timer_cb *deadline)
{
	int err;

	if (send_r < 0) {
		d->early_err = -send_r;
		return event_timer_add_us(c->loop, &d->deadline, 0, deadline, c);
	}
	err = event_fd_add(c->loop, &d->w, d->fd, EVENT_READ, readable, c);
	if (err >= 0)
		err = event_timer_add_us(c->loop, &d->deadline, c->tgt.timeout_us, deadline, c);
	return err < 0 ? err : 0;
}

int
hc_dgram_start(struct hc_check *c, size_t size, int (*send)(struct hc_check *c),
	       event_fd_cb *readable, event_timer_cb *deadline,
	       void (*release)(struct hc_check *c))
{
	struct hc_dgram *d = calloc(1, size);	/* the attempt starts with it */
	int err;

	if (d == NULL)
		return -ENOMEM;
	d->fd = -1;
	c->priv = d;
	if ((err = hc_dgram_arm(c, d, send(c), readable, deadline)) < 0)
		release(c);
	return err;
}

void
hc_dgram_release(struct hc_dgram *d)
{
	event_fd_del(&d->w);
	event_timer_cancel(&d->deadline);
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
}
