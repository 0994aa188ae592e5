/* control.c: UNIX control socket: accept, peer check, framed dispatch. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "control.h"
#include "event.h"
#include "log.h"

#define CTL_DEF_MODE		0600
#define CTL_DEF_TIMEOUT_MS	5000
#define CTL_DEF_MAX_CLIENTS	16
#define CTL_RXBUF		(CTL_HDR_LEN + CTL_MAX_REQ_PAYLOAD)

struct ctl_conn {
	struct ctl_server *srv;
	struct ctl_conn *next;
	uint64_t id;		/* for deferred replies */
	bool deferred;		/* the handler will answer later */
	int fd;
	struct event_fd watch;
	struct event_timer t_deadline;
	pid_t pid;
	uid_t uid;
	uint8_t rx[CTL_RXBUF];
	size_t rxlen;
	uint8_t *tx;		/* the reply frame, once decided */
	size_t txlen, txoff;
};

struct ctl_handler {
	ctl_handler_fn *fn;
	void *arg;
};

struct ctl_server {
	struct event_loop *loop;
	int fd;
	struct event_fd watch;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	gid_t gid;
	int timeout_ms;
	unsigned max_clients, nclients;
	uint64_t next_id;
	struct ctl_conn *conns;
	struct ctl_handler handlers[CTL_REQ__MAX + 1];
};

/* ---- reply payload ---- */

int
ctl_out_append(struct ctl_out *out, const void *data, size_t len)
{
	size_t cap;
	char *p;

	if (out->overflow)
		return -ENOBUFS;
	if (len > CTL_MAX_REPLY_PAYLOAD - out->len) {
		out->overflow = true;
		return -ENOBUFS;
	}
	if (out->len + len > out->cap) {
		cap = out->cap ? out->cap : 256;
		while (cap < out->len + len)
			cap *= 2;
		p = realloc(out->data, cap);
		if (p == NULL) {
			out->overflow = true;
			return -ENOMEM;
		}
		out->data = p;
		out->cap = cap;
	}
	memcpy(out->data + out->len, data, len);
	out->len += len;
	return 0;
}

int
ctl_out_printf(struct ctl_out *out, const char *fmt, ...)
{
	char small[512], *big = NULL;
	va_list ap;
	int n, r;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return -EINVAL;
	if ((size_t)n < sizeof(small))
		return ctl_out_append(out, small, (size_t)n);
	big = malloc((size_t)n + 1);
	if (big == NULL) {
		out->overflow = true;
		return -ENOMEM;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	r = ctl_out_append(out, big, (size_t)n);
	free(big);
	return r;
}

uint64_t
ctl_out_defer(struct ctl_out *out)
{
	out->deferred = true;
	return out->conn_id;
}

/* ---- connections ---- */

static void
conn_free(struct ctl_conn *c)
{
	struct ctl_server *srv = c->srv;
	struct ctl_conn **pp;

	for (pp = &srv->conns; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	srv->nclients--;
	event_fd_del(&c->watch);
	event_timer_cancel(&c->t_deadline);
	close(c->fd);
	free(c->tx);
	free(c);
}

static const char ctl_bad_reply[] = "reply is not valid UTF-8";

/* Frame @status with @payload as the reply and switch to writing. */
static void
conn_reply(struct ctl_conn *c, uint16_t status, const char *payload,
	   size_t len)
{
	size_t cap = CTL_HDR_LEN + (len > sizeof(ctl_bad_reply) ?
				    len : sizeof(ctl_bad_reply));
	long n;

	c->tx = malloc(cap);
	if (c->tx == NULL) {
		conn_free(c);
		return;
	}
	n = ctl_frame_encode(status, payload, len, CTL_MAX_REPLY_PAYLOAD,
			     c->tx, cap);
	if (n < 0)	/* the handler produced bad text: say so instead */
		n = ctl_frame_encode(CTL_ST_FAILED, ctl_bad_reply,
				     sizeof(ctl_bad_reply) - 1,
				     CTL_MAX_REPLY_PAYLOAD, c->tx, cap);
	if (n < 0) {
		conn_free(c);
		return;
	}
	c->txlen = (size_t)n;
	c->txoff = 0;
	if (event_fd_modify(&c->watch, EVENT_WRITE) < 0)
		conn_free(c);
}

static void
conn_reply_str(struct ctl_conn *c, uint16_t status, const char *msg)
{
	conn_reply(c, status, msg, strlen(msg));
}

static void
conn_run_handler(struct ctl_conn *c, const struct ctl_frame *req)
{
	struct ctl_handler *h = &c->srv->handlers[req->code];
	struct ctl_out out = { .conn_id = c->id };
	int st;

	if (h->fn == NULL) {
		conn_reply_str(c, CTL_ST_UNKNOWN, "request not supported");
		return;
	}
	log_debug("control: %s from uid %u pid %d", ctl_req_name(req->code),
		  (unsigned)c->uid, (int)c->pid);
	st = h->fn(req, &out, h->arg);
	if (out.deferred) {
		c->deferred = true;
	} else if (out.overflow) {
		conn_reply_str(c, CTL_ST_FAILED, "reply too large");
	} else if (st < 0 || st > CTL_ST__MAX) {
		conn_reply_str(c, CTL_ST_FAILED, "internal error");
	} else {
		conn_reply(c, (uint16_t)st, out.data, out.len);
	}
	free(out.data);
}

/* Try to decode the request received so far; reply when decided. */
static void
conn_parse(struct ctl_conn *c)
{
	struct ctl_frame req;
	long r = ctl_req_decode(c->rx, c->rxlen, &req, NULL);

	switch (r) {
	case -EAGAIN:
		return;
	case -EPROTONOSUPPORT:
		conn_reply_str(c, CTL_ST_VERSION, "unsupported protocol version");
		return;
	case -ENOENT:
		conn_reply_str(c, CTL_ST_UNKNOWN, "unknown request type");
		return;
	default:
		if (r < 0) {
			log_debug("control: malformed request from pid %d",
				  (int)c->pid);
			conn_reply_str(c, CTL_ST_BADREQ, "malformed request");
			return;
		}
		conn_run_handler(c, &req);
	}
}

static void
conn_read(struct ctl_conn *c)
{
	ssize_t n;

	n = recv(c->fd, c->rx + c->rxlen, sizeof(c->rx) - c->rxlen, 0);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {	/* closed or failed before the reply */
		conn_free(c);
		return;
	}
	if (c->deferred)
		return;	/* one request per connection: ignore the rest */
	c->rxlen += (size_t)n;
	conn_parse(c);
}

static void
conn_write(struct ctl_conn *c)
{
	ssize_t n;

	n = send(c->fd, c->tx + c->txoff, c->txlen - c->txoff, MSG_NOSIGNAL);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n < 0) {
		conn_free(c);
		return;
	}
	c->txoff += (size_t)n;
	if (c->txoff == c->txlen)
		conn_free(c);	/* one request per connection */
}

static void
conn_ready(struct event_fd *w, unsigned revents, void *arg)
{
	struct ctl_conn *c = arg;

	(void)w;
	if (c->tx != NULL)
		conn_write(c);
	else if (revents & (EVENT_READ | EVENT_HUP | EVENT_ERR))
		conn_read(c);
}

static void
conn_timeout(struct event_timer *t, void *arg)
{
	struct ctl_conn *c = arg;

	(void)t;
	log_debug("control: connection from pid %d timed out", (int)c->pid);
	conn_free(c);
}

/* ---- accepting ---- */

static bool
peer_in_group(int fd, gid_t gid)
{
	gid_t groups[256];
	socklen_t len = sizeof(groups);
	size_t i;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups, &len) < 0)
		return false;
	for (i = 0; i < len / sizeof(gid_t); i++)
		if (groups[i] == gid)
			return true;
	return false;
}

/* 1 if the peer may talk to us, 0 if not, -errno if unknown. */
static int
peer_allowed(struct ctl_server *srv, struct ctl_conn *c)
{
	struct ucred cr;
	socklen_t len = sizeof(cr);

	if (getsockopt(c->fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) < 0)
		return -errno;
	c->pid = cr.pid;
	c->uid = cr.uid;
	/* root, or our own uid (which could ptrace us anyway) */
	if (cr.uid == 0 || cr.uid == geteuid())
		return 1;
	if (srv->gid != (gid_t)-1 &&
	    (cr.gid == srv->gid || peer_in_group(c->fd, srv->gid)))
		return 1;
	log_warnx("control: refused uid %u gid %u pid %d", (unsigned)cr.uid,
		  (unsigned)cr.gid, (int)cr.pid);
	return 0;
}

static int
conn_start(struct ctl_server *srv, int fd)
{
	struct ctl_conn *c = calloc(1, sizeof(*c));
	int r;

	if (c == NULL)
		return -ENOMEM;
	c->srv = srv;
	c->fd = fd;
	c->id = ++srv->next_id;
	r = event_fd_add(srv->loop, &c->watch, fd, EVENT_READ, conn_ready, c);
	if (r == 0)
		r = event_timer_add_ms(srv->loop, &c->t_deadline,
				       (uint64_t)srv->timeout_ms, conn_timeout, c);
	if (r < 0) {
		event_fd_del(&c->watch);
		free(c);
		return r;
	}
	c->next = srv->conns;
	srv->conns = c;
	srv->nclients++;
	r = peer_allowed(srv, c);
	if (r <= 0)
		conn_reply_str(c, CTL_ST_PERM, "permission denied");
	return 0;
}

static void
server_accept(struct event_fd *w, unsigned revents, void *arg)
{
	struct ctl_server *srv = arg;
	int fd, r;

	(void)w;
	(void)revents;
	fd = accept4(srv->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0) {
		if (errno != EAGAIN && errno != EINTR && errno != ECONNABORTED)
			log_warn("control: accept");
		return;
	}
	if (srv->nclients >= srv->max_clients) {
		log_warnx("control: too many connections, dropping one");
		close(fd);
		return;
	}
	r = conn_start(srv, fd);
	if (r < 0) {
		errno = -r;
		log_warn("control: connection setup");
		close(fd);
	}
}

/* mkdir -p the directory part of @path with mode 0755. */
static int
make_parent_dirs(const char *path)
{
	char dir[sizeof(((struct sockaddr_un *)0)->sun_path)];
	char *p;

	snprintf(dir, sizeof(dir), "%s", path);
	p = strrchr(dir, '/');
	if (p == NULL || p == dir)
		return 0;
	*p = '\0';
	for (p = dir + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0755) < 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

/* Remove a stale socket at @sa; -EADDRINUSE if a server answers there. */
static int
clear_stale(const struct sockaddr_un *sa)
{
	struct stat st;
	int fd, r;

	if (lstat(sa->sun_path, &st) < 0)
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISSOCK(st.st_mode))
		return -EEXIST;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	r = connect(fd, (const struct sockaddr *)sa, sizeof(*sa));
	close(fd);
	if (r == 0)
		return -EADDRINUSE;
	if (unlink(sa->sun_path) < 0 && errno != ENOENT)
		return -errno;
	return 0;
}

static int
server_bind(struct ctl_server *srv, mode_t mode)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	mode_t old;
	int r;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", srv->path);
	r = make_parent_dirs(srv->path);
	if (r == 0)
		r = clear_stale(&sa);
	if (r < 0)
		return r;
	srv->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (srv->fd < 0)
		return -errno;
	old = umask(0177);	/* no window with a looser mode */
	r = bind(srv->fd, (struct sockaddr *)&sa, sizeof(sa));
	umask(old);
	if (r < 0)
		return -errno;
	if ((srv->gid != (gid_t)-1 &&
	     chown(srv->path, (uid_t)-1, srv->gid) < 0) ||
	    chmod(srv->path, mode) < 0 || listen(srv->fd, 16) < 0) {
		r = -errno;
		unlink(srv->path);
		return r;
	}
	return 0;
}

int
ctl_server_open(struct event_loop *loop, const struct ctl_server_conf *conf,
		struct ctl_server **ret)
{
	const char *path = conf->path ? conf->path : CTL_DEFAULT_PATH;
	struct ctl_server *srv;
	int r;

	if (strlen(path) >= sizeof(srv->path) || path[0] == '\0')
		return -ENAMETOOLONG;
	srv = calloc(1, sizeof(*srv));
	if (srv == NULL)
		return -ENOMEM;
	srv->loop = loop;
	srv->fd = -1;
	strcpy(srv->path, path);
	srv->gid = conf->gid;
	srv->timeout_ms = conf->timeout_ms > 0 ? conf->timeout_ms : CTL_DEF_TIMEOUT_MS;
	srv->max_clients = conf->max_clients ? conf->max_clients : CTL_DEF_MAX_CLIENTS;
	r = server_bind(srv, conf->mode ? conf->mode : CTL_DEF_MODE);
	if (r == 0) {
		r = event_fd_add(loop, &srv->watch, srv->fd, EVENT_READ,
				 server_accept, srv);
		if (r < 0)
			unlink(srv->path);
	}
	if (r < 0) {
		if (srv->fd >= 0)
			close(srv->fd);
		free(srv);
		return r;
	}
	*ret = srv;
	return 0;
}

int
ctl_server_set_handler(struct ctl_server *srv, uint16_t type,
		       ctl_handler_fn *fn, void *arg)
{
	if (type == 0 || type > CTL_REQ__MAX)
		return -EINVAL;
	srv->handlers[type].fn = fn;
	srv->handlers[type].arg = arg;
	return 0;
}

int
ctl_server_reply(struct ctl_server *srv, uint64_t id, int status,
		 const void *payload, size_t len)
{
	struct ctl_conn *c;

	for (c = srv->conns; c != NULL; c = c->next)
		if (c->id == id && c->deferred && c->tx == NULL)
			break;
	if (c == NULL)
		return -ENOENT;
	c->deferred = false;
	if (len > CTL_MAX_REPLY_PAYLOAD)
		conn_reply_str(c, CTL_ST_FAILED, "reply too large");
	else if (status < 0 || status > CTL_ST__MAX)
		conn_reply_str(c, CTL_ST_FAILED, "internal error");
	else
		conn_reply(c, (uint16_t)status, payload, len);
	return 0;
}

void
ctl_server_set_gid(struct ctl_server *srv, gid_t gid)
{
	srv->gid = gid;
}

unsigned
ctl_server_nclients(const struct ctl_server *srv)
{
	return srv->nclients;
}

void
ctl_server_close(struct ctl_server *srv)
{
	if (srv == NULL)
		return;
	while (srv->conns != NULL)
		conn_free(srv->conns);
	event_fd_del(&srv->watch);
	close(srv->fd);
	unlink(srv->path);
	free(srv);
}
