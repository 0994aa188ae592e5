/* hc_tcp.c: TCP_CHECK.  One step: a non-blocking connect under the
 * connect_timeout deadline; success as soon as the socket is writable
 * without error, then the connection is closed.
 * System calls per attempt: socket, connect, epoll_ctl(ADD), close (and
 * getsockopt(SO_ERROR) only when epoll reports an error or the deadline
 * path polls): the health child never forks or dups a socket, so close()
 * alone takes it out of the epoll set. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "event.h"
#include "health/hc.h"

struct tcp_att {
	int fd;
	struct event_fd w;
	struct event_timer deadline;
	enum hc_result early;		/* failed before the loop ran */
	int early_err;
};

static void
tcp_release(struct hc_check *c)
{
	struct tcp_att *a = c->priv;

	if (!a)
		return;
	event_fd_forget(&a->w);	/* close() removes it from epoll */
	event_timer_cancel(&a->deadline);
	if (a->fd >= 0)
		close(a->fd);
	free(a);
	c->priv = NULL;
}

static void
tcp_finish(struct hc_check *c, enum hc_result r, int err)
{
	char dst[64];

	tcp_release(c);
	hc_target_str(&c->tgt, dst, sizeof(dst));
	if (r == HC_OK)
		hc_check_done(c, r, "TCP_CHECK %s: connected", dst);
	else if (err && r != HC_REFUSED && r != HC_TIMEOUT)
		hc_check_done(c, r, "TCP_CHECK %s: %s (%s)", dst,
			      hc_result_str(r), strerror(err));
	else
		hc_check_done(c, r, "TCP_CHECK %s: %s", dst, hc_result_str(r));
}

static void
tcp_writable(struct event_fd *w, unsigned revents, void *arg)
{
	struct hc_check *c = arg;
	struct tcp_att *a = c->priv;
	enum hc_result r;
	int err;

	(void)w;
	if (revents == EVENT_WRITE) {
		/* writable without EPOLLERR/EPOLLHUP: connected, no
		 * getsockopt(SO_ERROR) needed */
		tcp_finish(c, HC_OK, 0);
		return;
	}
	r = hc_sock_error(a->fd, &err);
	tcp_finish(c, r, err);
}

static void
tcp_deadline(struct event_timer *t, void *arg)
{
	struct hc_check *c = arg;
	struct tcp_att *a = c->priv;

	struct pollfd p = { .fd = a->fd, .events = POLLOUT };

	(void)t;
	if (a->fd < 0)
		tcp_finish(c, a->early, a->early_err);
	else if (poll(&p, 1, 0) == 1)	/* a busy loop had not looked yet */
		tcp_writable(&a->w, 0, c);
	else
		tcp_finish(c, HC_TIMEOUT, 0);
}

static int
tcp_start(struct hc_check *c)
{
	struct tcp_att *a;
	enum hc_result res;
	int fd, err = 0;

	a = calloc(1, sizeof(*a));
	if (!a)
		return -ENOMEM;
	c->priv = a;
	fd = hc_sock_open(&c->tgt, &res);
	a->fd = fd < 0 ? -1 : fd;
	if (fd < 0) {
		/* report from the loop, never from inside start() */
		a->early = res;
		a->early_err = -fd;
		err = event_timer_add_us(c->loop, &a->deadline, 0, tcp_deadline, c);
	} else {
		err = event_fd_add(c->loop, &a->w, fd, EVENT_WRITE, tcp_writable, c);
		if (err >= 0)
			err = event_timer_add_us(c->loop, &a->deadline,
						 c->tgt.timeout_us, tcp_deadline, c);
	}
	if (err < 0)
		tcp_release(c);
	return err < 0 ? err : 0;
}

const struct hc_ops hc_tcp_ops = {
	.name = "TCP_CHECK",
	.start = tcp_start,
	.cancel = tcp_release,
};
