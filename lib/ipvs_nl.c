/* ipvs_nl.c: the IPVS client handle on a generic-netlink socket.
 *
 * libnl-genl-3 opens the socket and resolves the "IPVS" family; requests
 * and replies then go through our own codec (ipvs_msg.c, ipvs_parse.c) on
 * the same descriptor, with one reused transmit and receive buffer per
 * handle.  That keeps the request bytes testable without a kernel and lets
 * ipvs_batch.c put hundreds of requests into one sendmsg.  Receiving uses
 * recvmmsg(): a dump's last data and its NLMSG_DONE (queued by the kernel
 * while we read the data) come back in one system call, which halves the
 * cost of listing under a kernel where system calls are slow.
 *
 * The socket is blocking; every call waits for the kernel's answer.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <netlink/errno.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>

#include "ipvs_nl.h"
#include "ipvs_nl_priv.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* Socket buffers: large, so that a batch window of acks and a dump skb
 * always fit.  FORCE needs CAP_NET_ADMIN, which IPVS changes need anyway. */
#define IPVS_NL_SOCKBUF (4 * 1024 * 1024)
/* Receive-buffer cost of one queued error message (skb truesize with a
 * capped ack and extack text), used to size the batch window. */
#define IPVS_NL_ACK_COST 2048

static int
nlerr_to_errno(int nlerr)
{
	switch (abs(nlerr)) {
	case NLE_NOMEM: return -ENOMEM;
	case NLE_PERM: return -EPERM;
	case NLE_OBJ_NOTFOUND: return -ENOPROTOOPT;
	case NLE_AF_NOSUPPORT: return -EAFNOSUPPORT;
	case NLE_PROTO_MISMATCH: return -EPROTONOSUPPORT;
	default: return -EIO;
	}
}

static void
sock_tune(struct ipvs_nl *nl)
{
	int one = 1, size = IPVS_NL_SOCKBUF, got = 0;
	socklen_t len = sizeof(got);

	if (setsockopt(nl->fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0)
		(void)setsockopt(nl->fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (setsockopt(nl->fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof(size)) < 0)
		(void)setsockopt(nl->fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
	/* Both are optional: older kernels simply give no extack text. */
	(void)setsockopt(nl->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	(void)setsockopt(nl->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	if (getsockopt(nl->fd, SOL_SOCKET, SO_RCVBUF, &got, &len) < 0 || got <= 0)
		got = 212992;
	nl->window = (size_t)got / 2 / IPVS_NL_ACK_COST;
	if (nl->window < 8)
		nl->window = 8;
	if (nl->window > 1024)
		nl->window = 1024;
}

static int
sock_open(struct ipvs_nl *nl)
{
	int ret;

	nl->sk = nl_socket_alloc();
	if (nl->sk == NULL)
		return -ENOMEM;
	if ((ret = genl_connect(nl->sk)) < 0)
		return nlerr_to_errno(ret);
	nl->fd = nl_socket_get_fd(nl->sk);
	/* libnl opens with SOCK_CLOEXEC where available; make sure. */
	if (fcntl(nl->fd, F_SETFD, FD_CLOEXEC) < 0)
		return -errno;
	ret = genl_ctrl_resolve(nl->sk, IPVS_GENL_NAME);
	if (ret < 0)
		return ret == -NLE_OBJ_NOTFOUND ? -ENOPROTOOPT : nlerr_to_errno(ret);
	nl->family = (uint16_t)ret;
	sock_tune(nl);
	return 0;
}

int
ipvs_nl_open(struct ipvs_nl **ret)
{
	struct ipvs_nl *nl = calloc(1, sizeof(*nl));
	int err;

	if (nl == NULL)
		return -ENOMEM;
	nl->fd = -1;
	ipvs_msgbuf_init(&nl->tx);
	nl->rx = malloc((size_t)IPVS_NL_RX_SLOT * IPVS_NL_RX_SLOTS);
	if (nl->rx == NULL) {
		ipvs_nl_close(nl);
		return -ENOMEM;
	}
	if ((err = sock_open(nl)) < 0) {
		ipvs_nl_close(nl);
		return err;
	}
	*ret = nl;
	return 0;
}

void
ipvs_nl_close(struct ipvs_nl *nl)
{
	if (nl == NULL)
		return;
	if (nl->sk)
		nl_socket_free(nl->sk);	/* closes nl->fd */
	ipvs_msgbuf_free(&nl->tx);
	free(nl->rx);
	free(nl);
}

const char *
ipvs_nl_last_extack(const struct ipvs_nl *nl)
{
	return nl->extack[0] ? nl->extack : NULL;
}

void
ipvs_nl_set_trace(struct ipvs_nl *nl, ipvs_nl_trace_fn fn, void *arg)
{
	nl->trace = fn;
	nl->trace_arg = arg;
}

int
ipvs_nl_send(struct ipvs_nl *nl, const void *buf, size_t len)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	ssize_t n;

	if (nl->trace)
		nl->trace(nl->trace_arg, 0, buf, len);
	do
		n = sendto(nl->fd, buf, len, 0, (struct sockaddr *)&sa, sizeof(sa));
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

int
ipvs_nl_recv(struct ipvs_nl *nl, size_t *count, int dontwait)
{
	struct mmsghdr mm[IPVS_NL_RX_SLOTS];
	struct iovec iov[IPVS_NL_RX_SLOTS];
	struct sockaddr_nl sa[IPVS_NL_RX_SLOTS];
	int i, n;

	memset(mm, 0, sizeof(mm));
	for (i = 0; i < IPVS_NL_RX_SLOTS; i++) {
		iov[i].iov_base = nl->rx + (size_t)i * IPVS_NL_RX_SLOT;
		iov[i].iov_len = IPVS_NL_RX_SLOT;
		mm[i].msg_hdr.msg_name = &sa[i];
		mm[i].msg_hdr.msg_namelen = sizeof(sa[i]);
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	do
		n = recvmmsg(nl->fd, mm, IPVS_NL_RX_SLOTS,
			     dontwait ? MSG_DONTWAIT : MSG_WAITFORONE, NULL);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	for (i = 0; i < n; i++) {
		if (mm[i].msg_hdr.msg_flags & MSG_TRUNC)
			return -EMSGSIZE;
		nl->rxlen[i] = mm[i].msg_len;
		if (mm[i].msg_hdr.msg_namelen >= sizeof(sa[i]) && sa[i].nl_pid != 0)
			nl->rxlen[i] = 0;	/* not from the kernel: drop it */
		else if (nl->trace)
			nl->trace(nl->trace_arg, 1, iov[i].iov_base, nl->rxlen[i]);
	}
	*count = (size_t)n;
	return 0;
}

typedef int (*reply_fn)(void *arg, const struct ipvs_msgview *m);

/* Handle one datagram of a transaction.  Returns 1 when the request's
 * final answer (ack, error or end of dump) was seen, else 0; sets *err. */
static int
transact_feed(struct ipvs_nl *nl, const uint8_t *p, size_t len, uint32_t seq,
	      reply_fn fn, void *arg, int *err)
{
	struct ipvs_msgview m;
	int r, code;
	uint32_t aseq;

	while ((r = ipvs_msg_next(&p, &len, &m)) == 1) {
		if (m.type == NLMSG_ERROR || m.type == NLMSG_DONE) {
			if (ipvs_msg_parse_ack(&m, &code, &aseq, nl->extack, sizeof(nl->extack)) < 0)
				return *err = -EBADMSG, 1;
			if (aseq != seq)
				continue;
			if (*err == 0)
				*err = code;
			return 1;
		}
		if (m.seq != seq || m.type != nl->family)
			continue;
		if (*err == 0 && fn && (r = fn(arg, &m)) < 0)
			*err = r;
	}
	if (r < 0)
		*err = r;
	return r < 0;
}

/* One request, then every reply up to its ack or NLMSG_DONE. */
static int
transact(struct ipvs_nl *nl, const struct ipvs_req *r, reply_fn fn, void *arg)
{
	int ret, err = 0;
	size_t count, i;
	uint16_t flags = r->op == IPVS_OP_SVC_DUMP || r->op == IPVS_OP_DEST_DUMP ||
			 r->op == IPVS_OP_DAEMON_DUMP ? 0 : NLM_F_ACK;
	uint32_t seq = ++nl->seq;

	nl->extack[0] = '\0';
	nl->tx.len = 0;
	if ((ret = ipvs_msg_put_req(&nl->tx, nl->family, seq, flags, r)) < 0)
		return ret;
	if ((ret = ipvs_nl_send(nl, nl->tx.data, nl->tx.len)) < 0)
		return ret;
	for (;;) {
		if ((ret = ipvs_nl_recv(nl, &count, 0)) < 0)
			return ret;
		for (i = 0; i < count; i++)
			if (transact_feed(nl, ipvs_nl_rx_slot(nl, i), nl->rxlen[i],
					  seq, fn, arg, &err))
				return err;
	}
}

static int
info_cb(void *arg, const struct ipvs_msgview *m)
{
	return ipvs_msg_parse_info(m, arg);
}

int
ipvs_nl_get_info(struct ipvs_nl *nl, struct ipvs_info *ret)
{
	struct ipvs_req r = { .op = IPVS_OP_INFO };
	struct ipvs_info v = { 0, 0 };
	int err = transact(nl, &r, info_cb, &v);

	if (err == 0)
		*ret = v;
	return err;
}

static int
svc_op(struct ipvs_nl *nl, enum ipvs_op op, const struct ipvs_service *svc)
{
	struct ipvs_req r = { .op = op, .svc = svc };

	return transact(nl, &r, NULL, NULL);
}

int
ipvs_nl_svc_add(struct ipvs_nl *nl, const struct ipvs_service *svc)
{
	return svc_op(nl, IPVS_OP_SVC_ADD, svc);
}

int
ipvs_nl_svc_edit(struct ipvs_nl *nl, const struct ipvs_service *svc)
{
	return svc_op(nl, IPVS_OP_SVC_EDIT, svc);
}

int
ipvs_nl_svc_del(struct ipvs_nl *nl, const struct ipvs_service *svc)
{
	return svc_op(nl, IPVS_OP_SVC_DEL, svc);
}

int
ipvs_nl_zero(struct ipvs_nl *nl, const struct ipvs_service *svc)
{
	return svc_op(nl, IPVS_OP_ZERO, svc);
}

int
ipvs_nl_flush(struct ipvs_nl *nl)
{
	return svc_op(nl, IPVS_OP_FLUSH, NULL);
}

struct svc_one {
	struct ipvs_service svc;
	int seen;
};

static int
svc_one_cb(void *arg, const struct ipvs_msgview *m)
{
	struct svc_one *o = arg;

	o->seen = 1;
	return ipvs_msg_parse_svc(m, &o->svc);
}

int
ipvs_nl_svc_get(struct ipvs_nl *nl, const struct ipvs_service *key,
		struct ipvs_service *ret)
{
	struct ipvs_req r = { .op = IPVS_OP_SVC_GET, .svc = key };
	struct svc_one o = { .seen = 0 };
	int err = transact(nl, &r, svc_one_cb, &o);

	if (err == 0 && !o.seen)
		err = -ESRCH;
	if (err == 0)
		*ret = o.svc;
	return err;
}

/* A growing array of fixed-size elements, for dumps. */
struct vec {
	void *data;
	size_t n, cap, size;
	uint16_t af;		/* dest dumps: the service's family */
};

static void *
vec_push(struct vec *v)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 16;
		void *p = realloc(v->data, cap * v->size);

		if (p == NULL)
			return NULL;
		v->data = p;
		v->cap = cap;
	}
	return (char *)v->data + v->size * v->n++;
}

static int
svc_dump_cb(void *arg, const struct ipvs_msgview *m)
{
	struct vec *v = arg;
	struct ipvs_service *s = vec_push(v);

	if (s == NULL)
		return -ENOMEM;
	return ipvs_msg_parse_svc(m, s);
}

static int
dest_dump_cb(void *arg, const struct ipvs_msgview *m)
{
	struct vec *v = arg;
	struct ipvs_dest *d = vec_push(v);

	if (d == NULL)
		return -ENOMEM;
	return ipvs_msg_parse_dest(m, v->af, d);
}

static int
vec_result(struct vec *v, int err, void **ret, size_t *n)
{
	if (err < 0) {
		free(v->data);
		return err;
	}
	*ret = v->data;
	*n = v->n;
	return 0;
}

int
ipvs_nl_svc_dump(struct ipvs_nl *nl, struct ipvs_service **ret, size_t *n)
{
	struct ipvs_req r = { .op = IPVS_OP_SVC_DUMP };
	struct vec v = { .size = sizeof(**ret) };
	int err = transact(nl, &r, svc_dump_cb, &v);

	return vec_result(&v, err, (void **)ret, n);
}

int
ipvs_nl_dest_dump(struct ipvs_nl *nl, const struct ipvs_service *svc,
		  struct ipvs_dest **ret, size_t *n)
{
	struct ipvs_req r = { .op = IPVS_OP_DEST_DUMP, .svc = svc };
	struct vec v = { .size = sizeof(**ret), .af = svc->af };
	int err = transact(nl, &r, dest_dump_cb, &v);

	return vec_result(&v, err, (void **)ret, n);
}

static int
dest_op(struct ipvs_nl *nl, enum ipvs_op op, const struct ipvs_service *svc,
	const struct ipvs_dest *dest)
{
	struct ipvs_req r = { .op = op, .svc = svc, .dest = dest };

	return transact(nl, &r, NULL, NULL);
}

int
ipvs_nl_dest_add(struct ipvs_nl *nl, const struct ipvs_service *svc,
		 const struct ipvs_dest *dest)
{
	return dest_op(nl, IPVS_OP_DEST_ADD, svc, dest);
}

int
ipvs_nl_dest_edit(struct ipvs_nl *nl, const struct ipvs_service *svc,
		  const struct ipvs_dest *dest)
{
	return dest_op(nl, IPVS_OP_DEST_EDIT, svc, dest);
}

int
ipvs_nl_dest_del(struct ipvs_nl *nl, const struct ipvs_service *svc,
		 const struct ipvs_dest *dest)
{
	return dest_op(nl, IPVS_OP_DEST_DEL, svc, dest);
}

static int
timeouts_cb(void *arg, const struct ipvs_msgview *m)
{
	return ipvs_msg_parse_timeouts(m, arg);
}

int
ipvs_nl_timeout_get(struct ipvs_nl *nl, struct ipvs_timeouts *ret)
{
	struct ipvs_req r = { .op = IPVS_OP_TIMEOUT_GET };
	struct ipvs_timeouts t = { 0, 0, 0 };
	int err = transact(nl, &r, timeouts_cb, &t);

	if (err == 0)
		*ret = t;
	return err;
}

int
ipvs_nl_timeout_set(struct ipvs_nl *nl, const struct ipvs_timeouts *t)
{
	struct ipvs_req r = { .op = IPVS_OP_TIMEOUT_SET, .timeouts = t };

	return transact(nl, &r, NULL, NULL);
}

int
ipvs_nl_daemon_start(struct ipvs_nl *nl, const struct ipvs_daemon *d)
{
	struct ipvs_req r = { .op = IPVS_OP_DAEMON_START, .daemon = d };

	return transact(nl, &r, NULL, NULL);
}

int
ipvs_nl_daemon_stop(struct ipvs_nl *nl, const struct ipvs_daemon *d)
{
	struct ipvs_req r = { .op = IPVS_OP_DAEMON_STOP, .daemon = d };

	return transact(nl, &r, NULL, NULL);
}

struct daemons {
	struct ipvs_daemon d[2];
	size_t n;
};

static int
daemon_cb(void *arg, const struct ipvs_msgview *m)
{
	struct daemons *ds = arg;

	if (ds->n == 2)
		return -EBADMSG;
	return ipvs_msg_parse_daemon(m, &ds->d[ds->n++]);
}

int
ipvs_nl_daemon_dump(struct ipvs_nl *nl, struct ipvs_daemon ret[2], size_t *n)
{
	struct ipvs_req r = { .op = IPVS_OP_DAEMON_DUMP };
	struct daemons ds;
	int err;

	memset(&ds, 0, sizeof(ds));
	err = transact(nl, &r, daemon_cb, &ds);
	if (err < 0)
		return err;
	memcpy(ret, ds.d, sizeof(ds.d));
	*n = ds.n;
	return 0;
}
