/* ipc.c: framed SEQPACKET messages with fd passing and an output queue. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "event.h"
#include "ipc.h"

#define IPC_FRAME_MAX	(sizeof(struct ipc_hdr) + IPC_MAX_PAYLOAD)
#define IPC_RECV_BURST	64	/* messages per wake-up, for fairness */

struct ipc_out {
	struct ipc_out *next;
	int fd;
	size_t len;
	uint8_t frame[];
};

struct ipc_chan {
	int fd;
	struct event_loop *loop;
	struct event_fd watch;
	const struct ipc_ops *ops;
	void *arg;
	struct ipc_out *head, **tail;
	size_t nqueued, queued_bytes;
	uint8_t *rxbuf;
	bool closed;		/* no more receiving */
	int in_cb;		/* callback depth */
	bool dead;		/* freed during a callback */
};

int
ipc_socketpair(int sv[2])
{
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC,
		       0, sv) < 0)
		return -errno;
	return 0;
}

static void ipc_on_ready(struct event_fd *w, unsigned revents, void *arg);

int
ipc_chan_new(struct event_loop *loop, int fd, const struct ipc_ops *ops,
	     void *arg, struct ipc_chan **ret)
{
	struct ipc_chan *ch;
	int fl, r;

	fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return -errno;
	ch = calloc(1, sizeof(*ch));
	if (ch == NULL)
		return -ENOMEM;
	ch->rxbuf = malloc(IPC_FRAME_MAX);
	if (ch->rxbuf == NULL) {
		free(ch);
		return -ENOMEM;
	}
	ch->fd = fd;
	ch->loop = loop;
	ch->ops = ops;
	ch->arg = arg;
	ch->tail = &ch->head;
	if (loop != NULL) {
		r = event_fd_add(loop, &ch->watch, fd, EVENT_READ,
				 ipc_on_ready, ch);
		if (r < 0) {
			free(ch->rxbuf);
			free(ch);
			return r;
		}
	}
	*ret = ch;
	return 0;
}

static void
ipc_chan_destroy(struct ipc_chan *ch)
{
	struct ipc_out *o, *next;

	event_fd_del(&ch->watch);
	for (o = ch->head; o != NULL; o = next) {
		next = o->next;
		if (o->fd >= 0)
			close(o->fd);
		free(o);
	}
	close(ch->fd);
	free(ch->rxbuf);
	free(ch);
}

void
ipc_chan_free(struct ipc_chan *ch)
{
	if (ch == NULL)
		return;
	if (ch->in_cb > 0) {
		ch->dead = true;
		ch->closed = true;
		event_fd_del(&ch->watch);
		return;
	}
	ipc_chan_destroy(ch);
}

int
ipc_chan_fd(const struct ipc_chan *ch)
{
	return ch->fd;
}

size_t
ipc_queued(const struct ipc_chan *ch)
{
	return ch->nqueued;
}

/* ---- output ---- */

static int
ipc_write_one(struct ipc_chan *ch, struct ipc_out *o)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int))];
	} cbuf;
	struct iovec iov = { .iov_base = o->frame, .iov_len = o->len };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *cm;

	if (o->fd >= 0) {
		memset(&cbuf, 0, sizeof(cbuf));
		mh.msg_control = cbuf.buf;
		mh.msg_controllen = sizeof(cbuf.buf);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &o->fd, sizeof(int));
	}
	if (sendmsg(ch->fd, &mh, MSG_NOSIGNAL) < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
	return 0;
}

static void
ipc_want_write(struct ipc_chan *ch, bool on)
{
	if (ch->loop == NULL || !event_fd_armed(&ch->watch))
		return;
	event_fd_modify(&ch->watch, EVENT_READ | (on ? EVENT_WRITE : 0));
}

int
ipc_flush(struct ipc_chan *ch)
{
	struct ipc_out *o;
	int r = 0;

	while ((o = ch->head) != NULL) {
		r = ipc_write_one(ch, o);
		if (r < 0)
			break;
		ch->head = o->next;
		if (ch->head == NULL)
			ch->tail = &ch->head;
		ch->nqueued--;
		ch->queued_bytes -= o->len;
		if (o->fd >= 0)
			close(o->fd);
		free(o);
	}
	ipc_want_write(ch, ch->head != NULL);
	return r;
}

static struct ipc_out *
ipc_frame(uint32_t type, uint32_t peer_id, const void *data, size_t len)
{
	struct ipc_hdr h = { .type = type, .peer_id = peer_id,
			     .len = (uint32_t)len };
	struct ipc_out *o = malloc(sizeof(*o) + sizeof(h) + len);

	if (o == NULL)
		return NULL;
	o->next = NULL;
	o->fd = -1;
	o->len = sizeof(h) + len;
	memcpy(o->frame, &h, sizeof(h));
	if (len)
		memcpy(o->frame + sizeof(h), data, len);
	return o;
}

int
ipc_send(struct ipc_chan *ch, uint32_t type, uint32_t peer_id, int fd,
	 const void *data, size_t len)
{
	struct ipc_out *o;
	struct ipc_hdr h;
	int r;

	if (ch->closed)
		return -EPIPE;
	if (len > IPC_MAX_PAYLOAD)
		return -EMSGSIZE;
	if (ch->queued_bytes + len > IPC_MAX_QUEUE)
		return -ENOBUFS;
	o = ipc_frame(type, peer_id, data, len);
	if (o == NULL)
		return -ENOMEM;
	if (fd >= 0) {
		o->fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
		if (o->fd < 0) {
			r = -errno;
			free(o);
			return r;
		}
		memcpy(&h, o->frame, sizeof(h));
		h.flags |= IPC_F_FD;
		memcpy(o->frame, &h, sizeof(h));
	}
	*ch->tail = o;
	ch->tail = &o->next;
	ch->nqueued++;
	ch->queued_bytes += o->len;
	r = ipc_flush(ch);
	return r == -EAGAIN ? 0 : r;
}

/* ---- input ---- */

/* Collect the descriptors of @mh: 0 and *fd (-1 if none), or -EBADMSG if
 * there was more than one (all closed). */
static int
ipc_cmsg_fds(struct msghdr *mh, int *fd)
{
	struct cmsghdr *cm;
	int got = -1, extra = 0, one;
	size_t i, n;

	for (cm = CMSG_FIRSTHDR(mh); cm != NULL; cm = CMSG_NXTHDR(mh, cm)) {
		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
			continue;
		n = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (i = 0; i < n; i++) {
			memcpy(&one, CMSG_DATA(cm) + i * sizeof(int), sizeof(int));
			if (got < 0) {
				got = one;
			} else {
				close(one);
				extra++;
			}
		}
	}
	if (extra > 0 || (mh->msg_flags & MSG_CTRUNC)) {
		if (got >= 0)
			close(got);
		return -EBADMSG;
	}
	*fd = got;
	return 0;
}

int
ipc_recv(struct ipc_chan *ch, struct ipc_msg *msg)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int) * 4)];
	} cbuf;
	struct iovec iov = { .iov_base = ch->rxbuf, .iov_len = IPC_FRAME_MAX };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = cbuf.buf,
			     .msg_controllen = sizeof(cbuf.buf) };
	struct ipc_hdr h;
	ssize_t n;
	int fd;

	if (ch->closed)
		return -EPIPE;
	n = recvmsg(ch->fd, &mh, MSG_CMSG_CLOEXEC);
	if (n < 0)
		return errno == EWOULDBLOCK || errno == EINTR ? -EAGAIN : -errno;
	if (n == 0)
		return -EPIPE;
	if (ipc_cmsg_fds(&mh, &fd) < 0)
		return -EBADMSG;
	memcpy(&h, ch->rxbuf, (size_t)n < sizeof(h) ? (size_t)n : sizeof(h));
	if ((size_t)n < sizeof(h) || (mh.msg_flags & MSG_TRUNC) ||
	    h.len != (size_t)n - sizeof(h) || (h.flags & ~IPC_F_FD) ||
	    !(h.flags & IPC_F_FD) != (fd < 0)) {
		if (fd >= 0)
			close(fd);
		return -EBADMSG;
	}
	msg->type = h.type;
	msg->peer_id = h.peer_id;
	msg->data = ch->rxbuf + sizeof(h);
	msg->len = h.len;
	msg->fd = fd;
	return 0;
}

void
ipc_msg_done(struct ipc_msg *msg)
{
	if (msg->fd >= 0)
		close(msg->fd);
	msg->fd = -1;
}

static void
ipc_fail(struct ipc_chan *ch, int err)
{
	ch->closed = true;
	event_fd_del(&ch->watch);
	if (ch->ops != NULL && ch->ops->on_close != NULL)
		ch->ops->on_close(ch, err, ch->arg);
}

static void
ipc_read_burst(struct ipc_chan *ch)
{
	struct ipc_msg msg;
	int i, r;

	for (i = 0; i < IPC_RECV_BURST && !ch->dead && !ch->closed; i++) {
		r = ipc_recv(ch, &msg);
		if (r == -EAGAIN)
			break;
		if (r < 0) {
			ipc_fail(ch, r);
			break;
		}
		if (ch->ops != NULL && ch->ops->on_msg != NULL)
			ch->ops->on_msg(ch, &msg, ch->arg);
		ipc_msg_done(&msg);
	}
}

static void
ipc_on_ready(struct event_fd *w, unsigned revents, void *arg)
{
	struct ipc_chan *ch = arg;
	int r;

	(void)w;
	ch->in_cb++;
	if (revents & EVENT_WRITE) {
		r = ipc_flush(ch);
		if (r < 0 && r != -EAGAIN && !ch->closed)
			ipc_fail(ch, r);
	}
	if (!ch->closed && (revents & (EVENT_READ | EVENT_HUP | EVENT_ERR)))
		ipc_read_burst(ch);
	ch->in_cb--;
	if (ch->dead && ch->in_cb == 0)
		ipc_chan_destroy(ch);
}

/* ---- payload access and dispatch ---- */

int
ipc_get(const struct ipc_msg *msg, void *dst, size_t len)
{
	if (msg->len != len)
		return -EBADMSG;
	if (len)
		memcpy(dst, msg->data, len);
	return 0;
}

int
ipc_get_str(const struct ipc_msg *msg, const char **ret)
{
	const char *s = msg->data;

	if (msg->len == 0 || s[msg->len - 1] != '\0' ||
	    memchr(s, '\0', msg->len - 1) != NULL)
		return -EBADMSG;
	*ret = s;
	return 0;
}

int
ipc_msg_take_fd(struct ipc_msg *msg)
{
	int fd = msg->fd;

	msg->fd = -1;
	return fd;
}

int
ipc_dispatch(const struct ipc_handler *table, size_t n, struct ipc_chan *ch,
	     struct ipc_msg *msg, void *arg)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (table[i].type == msg->type)
			return table[i].fn(ch, msg, arg);
	return -ENOMSG;
}

const char *
ipc_type_name(const struct ipc_handler *table, size_t n, uint32_t type)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (table[i].type == type)
			return table[i].name;
	return NULL;
}
