/* hc_sock.c: what every connection-based check shares: where to connect,
 * the non-blocking socket with its options, and the end of an attempt. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "daemon/conf.h"
#include "health/hc.h"

const struct hc_ops *
hc_ops_for(int64_t type)
{
	switch (type) {
	case CONF_CHK_TCP:
		return &hc_tcp_ops;
	case CONF_CHK_HTTP:
		return &hc_http_ops;
	case CONF_CHK_SSL:
		return &hc_ssl_ops;
	case CONF_CHK_SMTP:
		return &hc_smtp_ops;
	case CONF_CHK_DNS:
		return &hc_dns_ops;
	case CONF_CHK_UDP:
		return &hc_udp_ops;
	case CONF_CHK_PING:
		return &hc_ping_ops;
	case CONF_CHK_MISC:
		return &hc_misc_ops;
	case CONF_CHK_FILE:
		return &hc_file_ops;
	default:
		return NULL;
	}
}

static socklen_t
fill_sa(union hc_sockaddr *ss, const struct conf_addr *a, uint16_t port)
{
	memset(ss, 0, sizeof(*ss));
	if (a->af == AF_INET) {
		struct sockaddr_in *s4 = &ss->in;

		s4->sin_family = AF_INET;
		s4->sin_addr = a->a.in;
		s4->sin_port = htons(port);
		return sizeof(*s4);
	}
	if (a->af == AF_INET6) {
		struct sockaddr_in6 *s6 = &ss->in6;

		s6->sin6_family = AF_INET6;
		s6->sin6_addr = a->a.in6;
		s6->sin6_port = htons(port);
		return sizeof(*s6);
	}
	return 0;
}

int
hc_target_resolve(struct hc_target *t, const struct conf_rs *rs,
		  const struct conf_checker *ck, uint64_t timeout_us)
{
	const struct conf_conn *co = &ck->conn;
	const struct conf_addr *dst = co->connect_ip.af ? &co->connect_ip : &rs->addr;
	int64_t port = co->connect_port != CONF_UNSET ? co->connect_port : rs->port;

	memset(t, 0, sizeof(*t));
	if (port <= 0 && ck->type == CONF_CHK_SMTP)
		port = 25;	/* no port anywhere: the SMTP port */
	else if (port <= 0 && ck->type == CONF_CHK_DNS)
		port = 53;
	else if (port <= 0 && (ck->type == CONF_CHK_PING || ck->type == CONF_CHK_MISC ||
			       ck->type == CONF_CHK_FILE))
		port = 0;	/* no port needed */
	else if (port <= 0 || port > 65535)
		return -EINVAL;
	t->dst_len = fill_sa(&t->dst, dst, (uint16_t)port);
	if (t->dst_len == 0)
		return -EINVAL;
	if (co->bindto.af || (co->bind_port != CONF_UNSET && co->bind_port > 0)) {
		struct conf_addr any = { .af = dst->af };
		const struct conf_addr *src = co->bindto.af ? &co->bindto : &any;
		int64_t bp = co->bind_port != CONF_UNSET ? co->bind_port : 0;

		if (src->af != dst->af || bp < 0 || bp > 65535)
			return -EINVAL;
		t->src_len = fill_sa(&t->src, src, (uint16_t)bp);
	}
	t->bind_if = co->bind_if;
	t->fwmark = co->fwmark != CONF_UNSET && co->fwmark > 0 ? (uint32_t)co->fwmark : 0;
	t->timeout_us = timeout_us;
	return 0;
}

static enum hc_result
errno_result(int err)
{
	switch (err) {
	case ECONNREFUSED:
		return HC_REFUSED;
	case ETIMEDOUT:
		return HC_TIMEOUT;
	case ENOMEM: case ENOBUFS: case EMFILE: case ENFILE:
		return HC_INTERNAL;
	default:
		return HC_CONNECT_ERROR;
	}
}

static int
sock_options(int fd, const struct hc_target *t)
{
	int one = 1;

	if (t->src_len) {
		(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(fd, &t->src.sa, t->src_len) < 0)
			return -errno;
	}
	if (t->bind_if && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, t->bind_if,
				     (socklen_t)strlen(t->bind_if)) < 0)
		return -errno;
	if (t->fwmark && setsockopt(fd, SOL_SOCKET, SO_MARK, &t->fwmark,
				    sizeof(t->fwmark)) < 0)
		return -errno;
	return 0;
}

int
hc_sock_open(const struct hc_target *t, enum hc_result *res)
{
	int fd, r;

	fd = socket(t->dst.sa.sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    IPPROTO_TCP);
	if (fd < 0) {
		*res = HC_INTERNAL;
		return -errno;
	}
	r = sock_options(fd, t);
	if (r < 0) {
		close(fd);
		*res = HC_INTERNAL;
		return r;
	}
	if (connect(fd, &t->dst.sa, t->dst_len) < 0 &&
	    errno != EINPROGRESS) {
		r = -errno;
		close(fd);
		*res = errno_result(-r);
		return r;
	}
	*res = HC_OK;
	return fd;
}

enum hc_result
hc_sock_error(int fd, int *err)
{
	int e = 0;
	socklen_t len = sizeof(e);

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len) < 0)
		e = errno;
	*err = e;
	return e ? errno_result(e) : HC_OK;
}

void
hc_target_str(const struct hc_target *t, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN] = "?";

	if (t->dst.sa.sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = &t->dst.in6;

		inet_ntop(AF_INET6, &s6->sin6_addr, a, sizeof(a));
		snprintf(buf, len, "[%s]:%u", a, ntohs(s6->sin6_port));
	} else {
		const struct sockaddr_in *s4 = &t->dst.in;

		inet_ntop(AF_INET, &s4->sin_addr, a, sizeof(a));
		snprintf(buf, len, "%s:%u", a, ntohs(s4->sin_port));
	}
}

void
hc_check_done(struct hc_check *c, enum hc_result r, const char *fmt, ...)
{
	va_list ap;

	c->detail[0] = '\0';
	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(c->detail, sizeof(c->detail), fmt, ap);
		va_end(ap);
	}
	c->done(c, r, c->done_arg);
}
