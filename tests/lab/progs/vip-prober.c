/* vip-prober.c: what a client sees of a virtual IP during a failover.
 *
 *   vip-prober http [-i MS] [-t MS] [-d SEC] [-l LOG] ADDR[:PORT]
 *   vip-prober hold [-k N] [-i MS] [-t MS] [-w MS] [-d SEC] ADDR:PORT
 *   vip-prober echo [-p PORT]
 *
 * http: every -i MS (default 20) opens a new TCP connection to ADDR:PORT
 * (default port 80) and sends "GET / HTTP/1.0"; a request succeeds when a
 * "200" answer arrives and the server closes within -t MS (default 300).
 * Requests overlap: a slow one does not delay the next.  -l LOG gets one
 * line per request: "<unix time, ms> ok <first body line>" or
 * "<unix time, ms> fail <reason>".
 *
 * hold: opens -k N (default 10) long-lived connections to an echo service
 * and every -i MS (default 100) sends a few bytes on each connection whose
 * previous bytes came back.  At the end it sends a last probe on every
 * connection and waits up to -w MS (default 5000) for the echoes: a
 * connection survived when all its bytes came back and it was neither
 * reset nor closed.
 *
 * echo: an echo server on -p PORT (default 7), all addresses, for hold.
 *
 * http: SIGUSR1 marks an event: the counters and the longest gap start
 * again from zero and count the requests started after it (the failures
 * before it are reported as warmup_failed; a gap running at the mark
 * counts whole), so a warm-up before the event is not counted.
 *
 * http and hold run until SIGTERM/SIGINT or -d SEC, then print one line of
 * key=value pairs on stdout (see vp_http_report, vp_hold_report); the
 * longest gap between two successful answers, "max_gap_ms", includes the
 * open gap from the last success to the end.  Exit 0, or 2 on bad usage,
 * 1 on a system error.  Used by tests/bench/failover.sh and
 * tests/lab/demo.sh inside the lab.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define VP_MAX_PROBES 1024
#define VP_MAX_HOLD 512
/* echo clients: poll() fails with EINVAL past RLIMIT_NOFILE (often 1024) */
#define VP_MAX_ECHO 256
#define VP_MAX_NAMES 16
#define VP_NAME_LEN 32
#define VP_RESP_LEN 512

struct vp_opts {
	int interval_ms;
	int timeout_ms;
	int wait_ms;
	int duration_s;
	int conns;
	int port;
	const char *log_path;
	struct sockaddr_in addr;
};

static volatile sig_atomic_t vp_stop, vp_mark;

static void
vp_on_signal(int sig)
{
	if (sig == SIGUSR1)
		vp_mark = 1;
	else
		vp_stop = 1;
}

static int64_t
vp_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t
vp_real_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
vp_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = vp_on_signal;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGTERM, &sa, NULL) < 0 || sigaction(SIGINT, &sa, NULL) < 0 ||
	    sigaction(SIGUSR1, &sa, NULL) < 0)
		return -errno;
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

/* vp_connect: non-blocking connect to the target; returns the socket or
 * -errno.  SO_LINGER 0: an abandoned probe is reset, leaving no state. */
static int
vp_connect(const struct sockaddr_in *to)
{
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };
	int fd, one = 1;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(fd, (const struct sockaddr *)to, sizeof(*to)) < 0 &&
	    errno != EINPROGRESS) {
		int e = errno;

		close(fd);
		return -e;
	}
	return fd;
}

/* vp_connected: the outcome of a non-blocking connect (0 or -errno). */
static int
vp_connected(int fd)
{
	int err = 0;
	socklen_t len = sizeof(err);

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		return -errno;
	return -err;
}

static const char *
vp_errname(int err)
{
	switch (err) {
	case ECONNREFUSED: return "refused";
	case ECONNRESET: return "reset";
	case ETIMEDOUT: return "timeout";
	case EHOSTUNREACH: return "unreachable";
	case ENETUNREACH: return "net-unreachable";
	case EPROTO: return "bad-answer";
	default: return "error";
	}
}

/* ---- http mode ------------------------------------------------------ */

enum vp_pstate { VP_FREE, VP_CONNECTING, VP_READING };

struct vp_probe {
	enum vp_pstate state;
	int fd;
	unsigned gen;		/* started after this many marks */
	int64_t deadline;
	size_t len;
	char buf[VP_RESP_LEN];
};

struct vp_name {
	char name[VP_NAME_LEN];
	long count;
};

struct vp_http {
	struct vp_probe probes[VP_MAX_PROBES];
	size_t nprobes;
	long requests, ok, failed;
	long warmup_failed;	/* failures of requests started before the mark */
	unsigned gen;
	int64_t last_ok, max_gap, gap_from, gap_to;	/* gap_*: unix ms */
	struct vp_name names[VP_MAX_NAMES];
	FILE *log;
};

/* vp_http_answer: the first line of the body of a complete "200" answer
 * in BUF, copied to NAME; -EPROTO if BUF is not one. */
static int
vp_http_answer(char *buf, size_t len, char *name, size_t size)
{
	char *body, *end;

	buf[len < VP_RESP_LEN ? len : VP_RESP_LEN - 1] = '\0';
	if (strncmp(buf, "HTTP/1.", 7) != 0 || strlen(buf) < 12 ||
	    strncmp(buf + 9, "200", 3) != 0)
		return -EPROTO;
	body = strstr(buf, "\r\n\r\n");
	if (body == NULL)
		return -EPROTO;
	body += 4;
	end = body + strcspn(body, "\r\n");
	*end = '\0';
	snprintf(name, size, "%s", *body != '\0' ? body : "-");
	return 0;
}

static void
vp_http_count(struct vp_http *h, const char *name)
{
	size_t i;

	for (i = 0; i < VP_MAX_NAMES && h->names[i].name[0] != '\0'; i++) {
		if (strcmp(h->names[i].name, name) == 0) {
			h->names[i].count++;
			return;
		}
	}
	if (i < VP_MAX_NAMES) {
		snprintf(h->names[i].name, VP_NAME_LEN, "%s", name);
		h->names[i].count = 1;
	}
}

/* vp_http_gap: account the gap from the previous success to NOW. */
static void
vp_http_gap(struct vp_http *h, int64_t now)
{
	int64_t gap;

	if (h->last_ok == 0)
		return;
	gap = now - h->last_ok;
	if (gap > h->max_gap) {
		int64_t real_now = vp_real_ms();

		h->max_gap = gap;
		h->gap_to = real_now;
		h->gap_from = real_now - gap;
	}
}

/* vp_http_done: a probe finished; ERR 0 is a success answered by NAME. */
static void
vp_http_done(struct vp_http *h, struct vp_probe *p, int err, const char *name)
{
	int64_t now = vp_mono_ms();

	close(p->fd);
	p->fd = -1;
	p->state = VP_FREE;
	if (err == 0) {
		vp_http_gap(h, now);
		h->last_ok = now;
		if (p->gen == h->gen) {
			h->ok++;
			vp_http_count(h, name);
		}
	} else if (p->gen == h->gen) {
		h->failed++;
	} else {
		h->warmup_failed++;
	}
	if (h->log != NULL) {
		int64_t t = vp_real_ms();

		fprintf(h->log, "%lld.%03lld %s %s\n", (long long)(t / 1000),
			(long long)(t % 1000), err == 0 ? "ok" : "fail",
			err == 0 ? name : vp_errname(-err));
	}
}

/* vp_http_mark: SIGUSR1: count from now on (the running gap goes on). */
static void
vp_http_mark(struct vp_http *h)
{
	h->warmup_failed += h->failed;
	h->requests = h->ok = h->failed = 0;
	h->gen++;
	h->max_gap = h->gap_from = h->gap_to = 0;
	memset(h->names, 0, sizeof(h->names));
	if (h->log != NULL) {
		int64_t t = vp_real_ms();

		fprintf(h->log, "%lld.%03lld mark\n", (long long)(t / 1000),
			(long long)(t % 1000));
	}
}

static void
vp_http_start(struct vp_http *h, const struct vp_opts *o)
{
	struct vp_probe *p = NULL;
	size_t i;
	int fd;

	for (i = 0; i < h->nprobes; i++) {
		if (h->probes[i].state == VP_FREE) {
			p = &h->probes[i];
			break;
		}
	}
	if (p == NULL)
		return;	/* every slot busy: the interval is far below the timeout */
	h->requests++;
	p->gen = h->gen;
	p->len = 0;
	p->deadline = vp_mono_ms() + o->timeout_ms;
	fd = vp_connect(&o->addr);
	p->fd = fd;
	p->state = VP_CONNECTING;
	if (fd < 0) {
		p->fd = -1;
		h->failed++;
		p->state = VP_FREE;
	}
}

/* vp_http_event: POLLOUT/POLLIN/POLLERR on a probe's socket. */
static void
vp_http_event(struct vp_http *h, struct vp_probe *p, short revents)
{
	static const char req[] = "GET / HTTP/1.0\r\nHost: vip\r\n\r\n";
	char name[VP_NAME_LEN];
	ssize_t n;
	int r;

	if (p->state == VP_CONNECTING) {
		r = vp_connected(p->fd);
		if (r == 0 && send(p->fd, req, sizeof(req) - 1, MSG_NOSIGNAL) < 0)
			r = -errno;
		if (r < 0)
			vp_http_done(h, p, r, NULL);
		else
			p->state = VP_READING;
		return;
	}
	(void)revents;
	n = recv(p->fd, p->buf + p->len, sizeof(p->buf) - 1 - p->len, 0);
	if (n < 0) {
		if (errno != EAGAIN && errno != EINTR)
			vp_http_done(h, p, -errno, NULL);
		return;
	}
	p->len += (size_t)n;
	if (n > 0 && p->len < sizeof(p->buf) - 1)
		return;
	r = vp_http_answer(p->buf, p->len, name, sizeof(name));
	vp_http_done(h, p, r, name);
}

/* vp_http_poll: wait for socket events until DEADLINE (monotonic ms). */
static void
vp_http_poll(struct vp_http *h, int64_t deadline)
{
	struct pollfd pfd[VP_MAX_PROBES];
	struct vp_probe *map[VP_MAX_PROBES];
	int64_t now = vp_mono_ms();
	size_t i, n = 0;
	int timeout;

	for (i = 0; i < h->nprobes; i++) {
		struct vp_probe *p = &h->probes[i];

		if (p->state == VP_FREE)
			continue;
		if (p->deadline <= now) {
			vp_http_done(h, p, -ETIMEDOUT, NULL);
			continue;
		}
		if (p->deadline < deadline)
			deadline = p->deadline;
		pfd[n].fd = p->fd;
		pfd[n].events = p->state == VP_CONNECTING ? POLLOUT : POLLIN;
		pfd[n].revents = 0;
		map[n++] = p;
	}
	timeout = deadline > now ? (int)(deadline - now) : 0;
	if (poll(pfd, n, timeout) <= 0)
		return;
	for (i = 0; i < n; i++)
		if (pfd[i].revents != 0)
			vp_http_event(h, map[i], pfd[i].revents);
}

static void
vp_http_report(struct vp_http *h, const struct vp_opts *o)
{
	size_t i;
	long pending = 0;

	for (i = 0; i < h->nprobes; i++) {
		if (h->probes[i].state != VP_FREE) {
			pending++;
			close(h->probes[i].fd);
		}
	}
	vp_http_gap(h, vp_mono_ms());
	printf("requests=%ld ok=%ld failed=%ld pending=%ld warmup_failed=%ld "
	       "interval_ms=%d max_gap_ms=%lld gap_from=%lld.%03lld gap_to=%lld.%03lld",
	       h->requests, h->ok, h->failed, pending, h->warmup_failed, o->interval_ms,
	       (long long)h->max_gap, (long long)(h->gap_from / 1000),
	       (long long)(h->gap_from % 1000), (long long)(h->gap_to / 1000),
	       (long long)(h->gap_to % 1000));
	for (i = 0; i < VP_MAX_NAMES && h->names[i].name[0] != '\0'; i++)
		printf(" by:%s=%ld", h->names[i].name, h->names[i].count);
	printf("\n");
	fflush(stdout);
}

static int
vp_http_run(const struct vp_opts *o)
{
	static struct vp_http h;
	int64_t next, end;

	h.nprobes = (size_t)(o->timeout_ms / o->interval_ms + 2);
	if (h.nprobes > VP_MAX_PROBES)
		h.nprobes = VP_MAX_PROBES;
	if (o->log_path != NULL && (h.log = fopen(o->log_path, "w")) == NULL) {
		fprintf(stderr, "vip-prober: %s: %s\n", o->log_path, strerror(errno));
		return 1;
	}
	if (h.log != NULL)
		setvbuf(h.log, NULL, _IOLBF, 0);
	next = vp_mono_ms();
	end = o->duration_s > 0 ? next + (int64_t)o->duration_s * 1000 : INT64_MAX;
	while (!vp_stop && vp_mono_ms() < end) {
		if (vp_mark) {
			vp_mark = 0;
			vp_http_mark(&h);
		}
		if (vp_mono_ms() >= next) {
			vp_http_start(&h, o);
			next += o->interval_ms;
			if (next < vp_mono_ms())
				next = vp_mono_ms() + o->interval_ms;
		}
		vp_http_poll(&h, next < end ? next : end);
	}
	vp_http_report(&h, o);
	if (h.log != NULL)
		fclose(h.log);
	return 0;
}

/* ---- hold mode ------------------------------------------------------ */

struct vp_conn {
	int fd;			/* -1: never connected or gone */
	int up;			/* it was connected */
	int err;		/* why it is gone (0: still alive) */
	long sent, echoed;	/* bytes */
	int64_t waiting_since;	/* monotonic ms; 0: nothing outstanding */
	int64_t max_stall;
};

struct vp_hold {
	struct vp_conn c[VP_MAX_HOLD];
	int n;
	int established;
};

/* vp_hold_open: connect every connection, waiting up to the timeout. */
static void
vp_hold_open(struct vp_hold *hd, const struct vp_opts *o)
{
	struct pollfd pfd;
	int i, fd;

	for (i = 0; i < hd->n; i++) {
		struct vp_conn *c = &hd->c[i];

		c->fd = -1;
		fd = vp_connect(&o->addr);
		if (fd < 0) {
			c->err = -fd;
			continue;
		}
		pfd.fd = fd;
		pfd.events = POLLOUT;
		if (poll(&pfd, 1, o->timeout_ms) != 1 || vp_connected(fd) != 0) {
			c->err = ETIMEDOUT;
			close(fd);
			continue;
		}
		c->fd = fd;
		c->up = 1;
		hd->established++;
	}
}

static void
vp_hold_gone(struct vp_conn *c, int err)
{
	close(c->fd);
	c->fd = -1;
	c->err = err;
}

/* vp_hold_ping: send 8 bytes on C unless bytes are still outstanding. */
static void
vp_hold_ping(struct vp_conn *c, int64_t now)
{
	char msg[16];

	if (c->fd < 0 || c->sent != c->echoed)
		return;
	snprintf(msg, sizeof(msg), "%07lu\n", (unsigned long)(c->sent / 8) % 10000000);
	if (send(c->fd, msg, 8, MSG_NOSIGNAL) != 8) {
		vp_hold_gone(c, errno != 0 ? errno : EIO);
		return;
	}
	c->sent += 8;
	c->waiting_since = now;
}

static void
vp_hold_read(struct vp_conn *c, int64_t now)
{
	char buf[256];
	ssize_t n;

	n = recv(c->fd, buf, sizeof(buf), MSG_DONTWAIT);
	if (n < 0) {
		if (errno != EAGAIN && errno != EINTR)
			vp_hold_gone(c, errno);
		return;
	}
	if (n == 0) {
		vp_hold_gone(c, ECONNRESET);
		return;
	}
	c->echoed += n;
	if (c->echoed >= c->sent && c->waiting_since != 0) {
		if (now - c->waiting_since > c->max_stall)
			c->max_stall = now - c->waiting_since;
		c->waiting_since = 0;
	}
}

/* vp_hold_poll: read echoes until DEADLINE; returns the number of
 * connections still waiting for bytes. */
static int
vp_hold_poll(struct vp_hold *hd, int64_t deadline)
{
	struct pollfd pfd[VP_MAX_HOLD];
	int map[VP_MAX_HOLD];
	int64_t now = vp_mono_ms();
	int i, n = 0, waiting = 0;

	for (i = 0; i < hd->n; i++) {
		if (hd->c[i].fd < 0)
			continue;
		if (hd->c[i].sent != hd->c[i].echoed)
			waiting++;
		pfd[n].fd = hd->c[i].fd;
		pfd[n].events = POLLIN;
		pfd[n].revents = 0;
		map[n++] = i;
	}
	if (poll(pfd, (nfds_t)n, deadline > now ? (int)(deadline - now) : 0) <= 0)
		return waiting;
	now = vp_mono_ms();
	for (i = 0; i < n; i++)
		if (pfd[i].revents != 0)
			vp_hold_read(&hd->c[map[i]], now);
	return waiting;
}

/* vp_hold_final: one last probe on every live connection; wait for the
 * echoes (a failover may leave TCP in retransmission back-off). */
static void
vp_hold_final(struct vp_hold *hd, const struct vp_opts *o)
{
	int64_t end, now = vp_mono_ms();
	int i;

	end = now + o->wait_ms;
	while (now < end && vp_hold_poll(hd, now + 50) > 0)
		now = vp_mono_ms();
	for (i = 0; i < hd->n; i++)
		vp_hold_ping(&hd->c[i], vp_mono_ms());
	while (vp_mono_ms() < end && vp_hold_poll(hd, vp_mono_ms() + 50) > 0)
		;
}

static void
vp_hold_report(const struct vp_hold *hd)
{
	int i, survived = 0, lost = 0, stalled = 0;
	int64_t now = vp_mono_ms(), max_stall = 0, stall;

	for (i = 0; i < hd->n; i++) {
		const struct vp_conn *c = &hd->c[i];

		stall = c->max_stall;
		if (c->fd >= 0 && c->waiting_since != 0 && now - c->waiting_since > stall)
			stall = now - c->waiting_since;
		if (stall > max_stall)
			max_stall = stall;
		if (c->fd < 0)
			lost += c->up;
		else if (c->sent != c->echoed)
			stalled++;
		else
			survived++;
	}
	printf("held=%d established=%d survived=%d lost=%d stalled=%d "
	       "max_stall_ms=%lld\n", hd->n, hd->established, survived, lost,
	       stalled, (long long)max_stall);
	fflush(stdout);
}

static int
vp_hold_run(const struct vp_opts *o)
{
	static struct vp_hold hd;
	int64_t next, end;
	int i;

	hd.n = o->conns;
	vp_hold_open(&hd, o);
	next = vp_mono_ms();
	end = o->duration_s > 0 ? next + (int64_t)o->duration_s * 1000 : INT64_MAX;
	while (!vp_stop && vp_mono_ms() < end) {
		if (vp_mono_ms() >= next) {
			for (i = 0; i < hd.n; i++)
				vp_hold_ping(&hd.c[i], vp_mono_ms());
			next = vp_mono_ms() + o->interval_ms;
		}
		vp_hold_poll(&hd, next < end ? next : end);
	}
	vp_hold_final(&hd, o);
	vp_hold_report(&hd);
	for (i = 0; i < hd.n; i++)
		if (hd.c[i].fd >= 0)
			close(hd.c[i].fd);
	return 0;
}

/* ---- echo mode ------------------------------------------------------ */

static int
vp_echo_listen(int port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	int fd, one = 1;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 || listen(fd, 128) < 0) {
		int e = errno;

		close(fd);
		return -e;
	}
	return fd;
}

/* vp_echo_serve: pfd[0] is the listener, the rest clients (fd -1: free). */
static void
vp_echo_serve(struct pollfd *pfd, size_t n)
{
	char buf[4096];
	ssize_t r;
	size_t i, j;
	int fd;

	if (pfd[0].revents & POLLIN) {
		fd = accept4(pfd[0].fd, NULL, NULL, SOCK_CLOEXEC);
		for (j = 1; fd >= 0 && j < n && pfd[j].fd >= 0; j++)
			;
		if (fd >= 0 && j < n)
			pfd[j].fd = fd;
		else if (fd >= 0)
			close(fd);
	}
	for (i = 1; i < n; i++) {
		if (pfd[i].fd < 0 || pfd[i].revents == 0)
			continue;
		r = recv(pfd[i].fd, buf, sizeof(buf), 0);
		if (r <= 0 || send(pfd[i].fd, buf, (size_t)r, MSG_NOSIGNAL) != r) {
			close(pfd[i].fd);
			pfd[i].fd = -1;
		}
	}
}

static int
vp_echo_run(const struct vp_opts *o)
{
	static struct pollfd pfd[VP_MAX_ECHO + 1];
	size_t i, n = VP_MAX_ECHO + 1;
	int fd, r;

	fd = vp_echo_listen(o->port);
	if (fd < 0) {
		fprintf(stderr, "vip-prober: echo port %d: %s\n", o->port, strerror(-fd));
		return 1;
	}
	for (i = 0; i < n; i++) {
		pfd[i].fd = i == 0 ? fd : -1;
		pfd[i].events = POLLIN;
	}
	while (!vp_stop) {
		for (i = 0; i < n; i++)
			pfd[i].revents = 0;
		r = poll(pfd, n, 1000);
		if (r < 0 && errno != EINTR) {
			fprintf(stderr, "vip-prober: echo: poll: %s\n", strerror(errno));
			return 1;
		}
		if (r > 0)
			vp_echo_serve(pfd, n);
	}
	for (i = 0; i < n; i++)
		if (pfd[i].fd >= 0)
			close(pfd[i].fd);
	return 0;
}

/* ---- command line --------------------------------------------------- */

static int
vp_usage(void)
{
	fprintf(stderr,
		"usage: vip-prober http [-i MS] [-t MS] [-d SEC] [-l LOG] ADDR[:PORT]\n"
		"       vip-prober hold [-k N] [-i MS] [-t MS] [-w MS] [-d SEC] ADDR:PORT\n"
		"       vip-prober echo [-p PORT]\n");
	return 2;
}

static int
vp_number(const char *s, int min, int max, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max) {
		fprintf(stderr, "vip-prober: bad number '%s' (%d..%d)\n", s, min, max);
		return -EINVAL;
	}
	*out = (int)v;
	return 0;
}

static int
vp_target(const char *arg, int port, struct sockaddr_in *to)
{
	char host[64];
	const char *colon = strchr(arg, ':');
	size_t len = colon != NULL ? (size_t)(colon - arg) : strlen(arg);

	if (len >= sizeof(host))
		return -EINVAL;
	memcpy(host, arg, len);
	host[len] = '\0';
	if (colon != NULL && vp_number(colon + 1, 1, 65535, &port) < 0)
		return -EINVAL;
	memset(to, 0, sizeof(*to));
	to->sin_family = AF_INET;
	to->sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host, &to->sin_addr) != 1) {
		fprintf(stderr, "vip-prober: not an IPv4 address: %s\n", host);
		return -EINVAL;
	}
	return 0;
}

static int
vp_parse(int argc, char **argv, struct vp_opts *o)
{
	int c, r = 0;

	while (r == 0 && (c = getopt(argc, argv, "i:t:w:d:k:p:l:")) != -1) {
		switch (c) {
		case 'i': r = vp_number(optarg, 1, 60000, &o->interval_ms); break;
		case 't': r = vp_number(optarg, 1, 60000, &o->timeout_ms); break;
		case 'w': r = vp_number(optarg, 0, 600000, &o->wait_ms); break;
		case 'd': r = vp_number(optarg, 0, 86400, &o->duration_s); break;
		case 'k': r = vp_number(optarg, 1, VP_MAX_HOLD, &o->conns); break;
		case 'p': r = vp_number(optarg, 1, 65535, &o->port); break;
		case 'l': o->log_path = optarg; break;
		default: return -EINVAL;
		}
	}
	return r;
}

int
main(int argc, char **argv)
{
	struct vp_opts o = { .interval_ms = 20, .timeout_ms = 300, .wait_ms = 5000,
			     .conns = 10, .port = 7 };
	const char *mode;

	if (argc < 2)
		return vp_usage();
	mode = argv[1];
	if (strcmp(mode, "hold") == 0)
		o.interval_ms = 100;
	if (vp_parse(argc - 1, argv + 1, &o) < 0)
		return vp_usage();
	if (vp_signals() < 0)
		return 1;
	if (strcmp(mode, "echo") == 0)
		return optind + 1 == argc ? vp_echo_run(&o) : vp_usage();
	if (optind + 2 != argc)
		return vp_usage();
	if (strcmp(mode, "http") == 0)
		return vp_target(argv[optind + 1], 80, &o.addr) < 0 ? 2 : vp_http_run(&o);
	if (strcmp(mode, "hold") == 0)
		return vp_target(argv[optind + 1], 7, &o.addr) < 0 ? 2 : vp_hold_run(&o);
	return vp_usage();
}
