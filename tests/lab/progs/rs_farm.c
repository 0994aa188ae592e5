/* rs_farm: many real servers in one process, for health-check benchmarks
 * (tests/bench/health-scale.sh).
 *
 *   rs_farm -a ADDR [-a ADDR...] -p FIRST_PORT -n PORTS [-c FIFO]
 *
 * Listens on every ADDR x [FIRST_PORT, FIRST_PORT + PORTS) with one epoll
 * loop.  Each accepted connection is read until the end of an HTTP request
 * header ("\r\n\r\n"), answered "HTTP/1.0 200 OK" with a 2-byte body and
 * closed; a client that closes first (TCP_CHECK) is simply closed too.
 * Commands, one per line on the FIFO (-c):
 *   down ADDR PORT   close that listener (connections are then refused)
 *   up ADDR PORT     listen again
 *   stats            print "accepts N" (connections accepted so far)
 * Prints "ready N" on stdout once all N listeners are up.  Runs until
 * killed.  The process needs RLIMIT_NOFILE above N plus the connections in
 * flight (it raises its soft limit to the hard one).
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_ADDRS 64
#define TAG_LISTEN 0x80000000u
#define TAG_FIFO 0x40000000u

static const char reply[] = "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok";

struct farm {
	int ep;
	struct in_addr addr[MAX_ADDRS];
	int n_addr;
	int first_port, n_port;
	int *lfd;		/* listener per (addr, port), -1 when down */
	unsigned char *seen;	/* per connection fd: bytes of "\r\n\r\n" seen */
	size_t seen_cap;
	int fifo;
	char cmd[256];
	size_t cmd_len;
	unsigned long long accepts;
};

static int
listen_on(struct farm *f, int idx)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	struct epoll_event ev = { .events = EPOLLIN };
	int one = 1, fd;

	sa.sin_addr = f->addr[idx / f->n_port];
	sa.sin_port = htons((uint16_t)(f->first_port + idx % f->n_port));
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 64) < 0) {
		int e = errno;

		close(fd);
		return -e;
	}
	ev.data.u32 = TAG_LISTEN | (uint32_t)idx;
	if (epoll_ctl(f->ep, EPOLL_CTL_ADD, fd, &ev) < 0) {
		close(fd);
		return -errno;
	}
	f->lfd[idx] = fd;
	return 0;
}

static void
conn_close(struct farm *f, int fd)
{
	f->seen[fd] = 0;
	close(fd);
}

static void
on_accept(struct farm *f, int idx)
{
	struct epoll_event ev = { .events = EPOLLIN };
	int fd;

	if (f->lfd[idx] < 0)
		return;
	while ((fd = accept4(f->lfd[idx], NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
		if ((size_t)fd >= f->seen_cap) {
			close(fd);
			continue;
		}
		f->seen[fd] = 0;
		f->accepts++;
		ev.data.u32 = (uint32_t)fd;
		if (epoll_ctl(f->ep, EPOLL_CTL_ADD, fd, &ev) < 0)
			close(fd);
	}
}

static void
on_data(struct farm *f, int fd)
{
	static const char end[] = "\r\n\r\n";
	char buf[2048];
	ssize_t n, i;

	n = read(fd, buf, sizeof(buf));
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		conn_close(f, fd);
		return;
	}
	for (i = 0; i < n; i++) {
		f->seen[fd] = buf[i] == end[f->seen[fd]] ? f->seen[fd] + 1 :
			      buf[i] == '\r' ? 1 : 0;
		if (f->seen[fd] == 4) {
			(void)!write(fd, reply, sizeof(reply) - 1);
			conn_close(f, fd);
			return;
		}
	}
}

static int
find(const struct farm *f, const char *addr, int port)
{
	struct in_addr a;
	int i;

	if (inet_pton(AF_INET, addr, &a) != 1 || port < f->first_port ||
	    port >= f->first_port + f->n_port)
		return -1;
	for (i = 0; i < f->n_addr; i++)
		if (f->addr[i].s_addr == a.s_addr)
			return i * f->n_port + (port - f->first_port);
	return -1;
}

static void
command(struct farm *f, char *line)
{
	char verb[8], addr[64];
	int port, idx;

	if (strcmp(line, "stats") == 0) {
		printf("accepts %llu\n", f->accepts);
		fflush(stdout);
		return;
	}
	if (sscanf(line, "%7s %63s %d", verb, addr, &port) != 3 ||
	    (idx = find(f, addr, port)) < 0) {
		fprintf(stderr, "rs_farm: bad command: %s\n", line);
		return;
	}
	if (strcmp(verb, "down") == 0 && f->lfd[idx] >= 0) {
		close(f->lfd[idx]);
		f->lfd[idx] = -1;
	} else if (strcmp(verb, "up") == 0 && f->lfd[idx] < 0) {
		if (listen_on(f, idx) < 0)
			fprintf(stderr, "rs_farm: cannot listen again on %s:%d\n", addr, port);
	}
}

static void
on_fifo(struct farm *f)
{
	ssize_t n = read(f->fifo, f->cmd + f->cmd_len, sizeof(f->cmd) - 1 - f->cmd_len);
	char *nl;

	if (n <= 0)
		return;
	f->cmd_len += (size_t)n;
	f->cmd[f->cmd_len] = 0;
	while ((nl = strchr(f->cmd, '\n')) != NULL) {
		*nl = 0;
		command(f, f->cmd);
		f->cmd_len -= (size_t)(nl + 1 - f->cmd);
		memmove(f->cmd, nl + 1, f->cmd_len + 1);
	}
	if (f->cmd_len == sizeof(f->cmd) - 1)
		f->cmd_len = 0;	/* an overlong line: drop it */
}

static int
setup(struct farm *f, const char *fifo)
{
	struct rlimit rl;
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = TAG_FIFO };
	int i, n = f->n_addr * f->n_port, r;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	f->seen_cap = rl.rlim_cur > 1u << 20 ? 1u << 20 : rl.rlim_cur;
	f->ep = epoll_create1(EPOLL_CLOEXEC);
	f->lfd = malloc(sizeof(int) * (size_t)n);
	f->seen = calloc(f->seen_cap, 1);
	if (f->ep < 0 || !f->lfd || !f->seen)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		r = listen_on(f, i);
		if (r < 0) {
			fprintf(stderr, "rs_farm: listener %d: %s\n", i, strerror(-r));
			return r;
		}
	}
	f->fifo = -1;
	if (fifo) {
		f->fifo = open(fifo, O_RDWR | O_NONBLOCK | O_CLOEXEC);
		if (f->fifo < 0 || epoll_ctl(f->ep, EPOLL_CTL_ADD, f->fifo, &ev) < 0) {
			perror(fifo);
			return -1;
		}
	}
	printf("ready %d\n", n);
	fflush(stdout);
	return 0;
}

int
main(int argc, char **argv)
{
	struct farm f = { .first_port = 0, .n_port = 0 };
	struct epoll_event evs[256];
	const char *fifo = NULL;
	int opt, i, n;

	while ((opt = getopt(argc, argv, "a:p:n:c:")) != -1) {
		switch (opt) {
		case 'a':
			if (f.n_addr == MAX_ADDRS ||
			    inet_pton(AF_INET, optarg, &f.addr[f.n_addr++]) != 1)
				goto usage;
			break;
		case 'p':
			f.first_port = atoi(optarg);
			break;
		case 'n':
			f.n_port = atoi(optarg);
			break;
		case 'c':
			fifo = optarg;
			break;
		default:
			goto usage;
		}
	}
	if (f.n_addr == 0 || f.first_port <= 0 || f.n_port <= 0 ||
	    f.first_port + f.n_port > 65536)
		goto usage;
	if (setup(&f, fifo) < 0)
		return 1;
	for (;;) {
		n = epoll_wait(f.ep, evs, 256, -1);
		for (i = 0; i < n; i++) {
			uint32_t t = evs[i].data.u32;

			if (t == TAG_FIFO)
				on_fifo(&f);
			else if (t & TAG_LISTEN)
				on_accept(&f, (int)(t & ~TAG_LISTEN));
			else
				on_data(&f, (int)t);
		}
	}
usage:
	fprintf(stderr, "usage: rs_farm -a ADDR [-a ADDR...] -p FIRST_PORT -n PORTS [-c FIFO]\n");
	return 2;
}
