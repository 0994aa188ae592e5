/* udp-prober.c: fine-resolution client-visible downtime of a virtual IP.
 *
 *   udp-prober probe [-i US] [-t MS] [-d SEC] [-m timerfd|poll|spin] ADDR:PORT
 *   udp-prober echo [-p PORT]
 *
 * probe: one connected UDP socket; every -i US microseconds (default 1000)
 * it sends a 16-byte datagram carrying a sequence number and its send time
 * (CLOCK_MONOTONIC).  A send is "answered" when its datagram comes back
 * within -t MS (default 300).  SIGUSR1 marks the event: the figures count
 * the sends from the mark on.  On SIGTERM/SIGINT or after -d SEC it stops
 * sending, waits -t MS for the last replies and prints one line of
 * key=value pairs (vp_report):
 *
 *   max_gap_us   the longest interval between the send times of two
 *                answered sends with only unanswered sends between them
 *                (at least one; the first may precede the mark: an outage
 *                running at the mark counts whole; an unanswered tail
 *                counts up to the last send); 0 if nothing was lost;
 *   downtime_us  max_gap_us minus the nominal interval -i (0 if nothing
 *                was lost); its resolution is the actual send interval;
 *   lost         sends since the mark without an answer within -t MS;
 *   sent         sends since the mark;
 *   warmup_lost  sends before the mark without an answer (an outage
 *                already running at the event shows here);
 *   gap_from_seq the first send of the longest gap, counted from the
 *                mark (negative: it began before the mark; -1 also
 *                when there was no gap);
 *   iv_mean_us, iv_p99_us, iv_max_us, late: the actual intervals between
 *                sends (all of them) and how many slots were skipped
 *                because the prober woke too late: the resolution it got;
 *   rtt_max_us   the slowest answer since the mark; cpu_ms its CPU time.
 *
 * -m chooses how the prober waits for the next send: "timerfd" (default:
 * an absolute CLOCK_MONOTONIC timerfd, polled with the socket), "poll"
 * (ppoll with the remaining time as timeout), "spin" (no sleep: a busy
 * loop reading the clock; one CPU is gone while it runs).
 *
 * echo: a UDP echo responder on -p PORT (default 7), all addresses; each
 * answer leaves from the address the datagram was sent to (IP_PKTINFO),
 * so a direct-routing real server answers from the VIP.
 *
 * Exit 0, 2 on bad usage, 1 on a system error.  Used by
 * tests/bench/failover.sh (tests/lab/cluster.inc) inside the lab.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define UP_MAGIC 0x75647031u	/* "udp1" */
#define UP_MAX_SENDS (1L << 22)	/* 70 min at 1 ms */

enum up_method { UP_TIMERFD, UP_POLL, UP_SPIN };

struct up_opts {
	long interval_us;
	long timeout_ms;
	long duration_s;
	long port;
	enum up_method method;
	struct sockaddr_in addr;
};

struct up_msg {
	uint32_t magic;
	uint32_t seq;
	int64_t sent_ns;
};

/* per send: when it left, and its round trip (-1: no answer yet) */
struct up_send {
	int64_t at_ns;
	int64_t rtt_ns;
};

struct up_probe {
	struct up_send *s;
	long n, cap;
	long mark;		/* first send counted */
	long late;		/* slots skipped: woke past the next slot */
	int64_t prev_ns, iv_sum_ns, iv_max_ns;
	long iv_n;
	uint32_t iv_hist[1001];	/* interval histogram, 10 us buckets */
};

static volatile sig_atomic_t up_stop, up_mark;

static void
up_on_signal(int sig)
{
	if (sig == SIGUSR1)
		up_mark = 1;
	else
		up_stop = 1;
}

static int64_t
up_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int
up_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = up_on_signal;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGTERM, &sa, NULL) < 0 || sigaction(SIGINT, &sa, NULL) < 0 ||
	    sigaction(SIGUSR1, &sa, NULL) < 0)
		return -errno;
	return 0;
}

/* ---- probe ---------------------------------------------------------- */

/* up_interval: account the actual interval since the previous send. */
static void
up_interval(struct up_probe *p, int64_t now)
{
	int64_t iv;
	long b;

	if (p->prev_ns) {
		iv = now - p->prev_ns;
		p->iv_sum_ns += iv;
		p->iv_n++;
		if (iv > p->iv_max_ns)
			p->iv_max_ns = iv;
		b = (long)(iv / 10000);
		p->iv_hist[b > 1000 ? 1000 : b]++;
	}
	p->prev_ns = now;
}

static int
up_send(struct up_probe *p, int fd)
{
	struct up_msg m;
	int64_t now = up_now_ns();

	if (p->n == p->cap) {
		long cap = p->cap ? p->cap * 2 : 65536;
		struct up_send *s;

		if (cap > UP_MAX_SENDS)
			return -ENOSPC;
		s = realloc(p->s, (size_t)cap * sizeof(*s));
		if (!s)
			return -ENOMEM;
		p->s = s;
		p->cap = cap;
	}
	up_interval(p, now);
	m.magic = UP_MAGIC;
	m.seq = (uint32_t)p->n;
	m.sent_ns = now;
	p->s[p->n].at_ns = now;
	p->s[p->n].rtt_ns = -1;
	p->n++;
	/* errors (ECONNREFUSED from an ICMP, EHOSTUNREACH...) are losses */
	(void)send(fd, &m, sizeof(m), MSG_DONTWAIT);
	return 0;
}

/* up_drain: read every pending reply; record its round trip. */
static void
up_drain(struct up_probe *p, int fd)
{
	struct up_msg m;
	ssize_t r;
	int n;

	for (n = 0; n < 4096; n++) {
		r = recv(fd, &m, sizeof(m), MSG_DONTWAIT);
		if (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
			continue;	/* a queued ICMP error: read on */
		if (r < 0)
			return;
		if (r != (ssize_t)sizeof(m) || m.magic != UP_MAGIC || (long)m.seq >= p->n ||
		    p->s[m.seq].at_ns != m.sent_ns || p->s[m.seq].rtt_ns >= 0)
			continue;
		p->s[m.seq].rtt_ns = up_now_ns() - m.sent_ns;
	}
}

/* up_wait: sleep (by the chosen method) until NEXT or a reply. */
static void
up_wait(const struct up_opts *o, int fd, int tfd, int64_t next)
{
	struct pollfd pfd[2] = { { .fd = fd, .events = POLLIN }, { .fd = tfd, .events = POLLIN } };
	struct itimerspec its = { { 0, 0 }, { 0, 0 } };
	struct timespec ts;
	int64_t left;
	uint64_t exp;

	switch (o->method) {
	case UP_SPIN:
		return;
	case UP_POLL:
		left = next - up_now_ns();
		if (left <= 0)
			return;
		ts.tv_sec = left / 1000000000;
		ts.tv_nsec = left % 1000000000;
		(void)ppoll(pfd, 1, &ts, NULL);
		return;
	case UP_TIMERFD:
		its.it_value.tv_sec = next / 1000000000;
		its.it_value.tv_nsec = next % 1000000000;
		if (timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL) < 0)
			return;
		if (poll(pfd, 2, -1) > 0 && (pfd[1].revents & POLLIN))
			(void)read(tfd, &exp, sizeof(exp));
		return;
	}
}

/* up_loop: send on schedule until told to stop; a wake-up later than a
 * whole slot skips the missed slots (counted in late) rather than
 * sending a burst. */
static int
up_loop(struct up_probe *p, const struct up_opts *o, int fd, int tfd)
{
	int64_t iv = (int64_t)o->interval_us * 1000, next = up_now_ns(), now, end;
	int err;

	end = o->duration_s ? next + (int64_t)o->duration_s * 1000000000 : 0;
	while (!up_stop) {
		if (up_mark) {
			up_mark = 0;
			p->mark = p->n;
		}
		now = up_now_ns();
		if (end && now >= end)
			break;
		if (now >= next) {
			err = up_send(p, fd);
			if (err < 0)
				return err;
			next += iv;
			if (now >= next) {
				p->late += (now - next) / iv + 1;
				next += ((now - next) / iv + 1) * iv;
			}
		}
		up_drain(p, fd);
		up_wait(o, fd, tfd, next);
	}
	return 0;
}

/* up_tail: no more sends; collect the replies still on their way. */
static void
up_tail(struct up_probe *p, const struct up_opts *o, int fd)
{
	int64_t end = up_now_ns() + o->timeout_ms * 1000000;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	while (up_now_ns() < end) {
		up_drain(p, fd);
		(void)poll(&pfd, 1, 10);
	}
	up_drain(p, fd);
}

static int64_t
up_p99_us(const struct up_probe *p)
{
	long want = p->iv_n - p->iv_n / 100, acc = 0;
	int b;

	for (b = 0; b <= 1000; b++) {
		acc += p->iv_hist[b];
		if (acc >= want)
			return (int64_t)(b + 1) * 10;
	}
	return 0;
}

static void
up_report(const struct up_probe *p, const struct up_opts *o)
{
	int64_t tmo = o->timeout_ms * 1000000, gap = 0, rtt_max = 0, from = -1;
	long i, lost = 0, prev = -1, warm_lost = 0;
	struct rusage ru;

	for (i = 0; i < p->mark; i++)
		if (p->s[i].rtt_ns < 0 || p->s[i].rtt_ns > tmo)
			warm_lost++;

	for (i = p->mark - 1; i >= 0 && prev < 0; i--)
		if (p->s[i].rtt_ns >= 0 && p->s[i].rtt_ns <= tmo)
			prev = i;
	for (i = p->mark; i < p->n; i++) {
		bool ok = p->s[i].rtt_ns >= 0 && p->s[i].rtt_ns <= tmo;

		if (!ok) {
			lost++;
			continue;
		}
		if (p->s[i].rtt_ns > rtt_max)
			rtt_max = p->s[i].rtt_ns;
		/* consecutive answered sends (i == prev + 1) are no outage,
		 * however late the prober woke: that is its resolution */
		if (prev >= 0 && i > prev + 1 && p->s[i].at_ns - p->s[prev].at_ns > gap) {
			gap = p->s[i].at_ns - p->s[prev].at_ns;
			from = prev;
		}
		prev = i;
	}
	/* an unanswered tail: the outage lasted at least to the last send */
	if (prev >= 0 && prev < p->n - 1 && p->s[p->n - 1].at_ns - p->s[prev].at_ns > gap) {
		gap = p->s[p->n - 1].at_ns - p->s[prev].at_ns;
		from = prev;
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("sent=%ld lost=%ld warmup_lost=%ld max_gap_us=%lld downtime_us=%lld gap_from_seq=%ld "
	       "interval_us=%ld iv_mean_us=%lld iv_p99_us=%lld iv_max_us=%lld late=%ld "
	       "rtt_max_us=%lld cpu_ms=%ld method=%s%s\n",
	       p->n - p->mark, lost, warm_lost, (long long)(gap / 1000),
	       (long long)(gap > o->interval_us * 1000 ? (gap / 1000 - o->interval_us) : 0),
	       from < 0 ? -1 : from - p->mark, o->interval_us,
	       (long long)(p->iv_n ? p->iv_sum_ns / p->iv_n / 1000 : 0),
	       (long long)up_p99_us(p), (long long)(p->iv_max_ns / 1000), p->late,
	       (long long)(rtt_max / 1000),
	       (long)(ru.ru_utime.tv_sec * 1000 + ru.ru_utime.tv_usec / 1000 +
		      ru.ru_stime.tv_sec * 1000 + ru.ru_stime.tv_usec / 1000),
	       o->method == UP_SPIN ? "spin" : o->method == UP_POLL ? "poll" : "timerfd",
	       prev < 0 ? " no_answer=1" : "");
	fflush(stdout);
}

static int
up_probe_run(const struct up_opts *o)
{
	struct up_probe p;
	int fd, tfd, err;

	memset(&p, 0, sizeof(p));
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (const struct sockaddr *)&o->addr, sizeof(o->addr)) < 0) {
		perror("udp-prober: socket");
		return 1;
	}
	tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (tfd < 0) {
		perror("udp-prober: timerfd_create");
		return 1;
	}
	err = up_loop(&p, o, fd, tfd);
	if (err < 0)
		fprintf(stderr, "udp-prober: %s\n", strerror(-err));
	up_tail(&p, o, fd);
	up_report(&p, o);
	free(p.s);
	close(tfd);
	close(fd);
	return err < 0 ? 1 : 0;
}

/* ---- echo ----------------------------------------------------------- */

/* up_echo_one: answer one datagram from the address it was sent to. */
static void
up_echo_one(int fd)
{
	char buf[2048], cbuf[CMSG_SPACE(sizeof(struct in_pktinfo))];
	struct sockaddr_in from;
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
	struct msghdr mh = {
		.msg_name = &from, .msg_namelen = sizeof(from), .msg_iov = &iov,
		.msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c;
	struct in_pktinfo *pi;
	ssize_t r;

	r = recvmsg(fd, &mh, 0);
	if (r < 0)
		return;
	iov.iov_len = (size_t)r;
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level != IPPROTO_IP || c->cmsg_type != IP_PKTINFO)
			continue;
		pi = (struct in_pktinfo *)(void *)CMSG_DATA(c);
		pi->ipi_spec_dst = pi->ipi_addr;	/* answer from the VIP */
		pi->ipi_ifindex = 0;
	}
	(void)sendmsg(fd, &mh, MSG_DONTWAIT);
}

static int
up_echo_run(const struct up_opts *o)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	int fd, one = 1;

	sa.sin_port = htons((uint16_t)o->port);
	sa.sin_addr.s_addr = htonl(INADDR_ANY);
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one)) < 0 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("udp-prober: echo socket");
		return 1;
	}
	while (!up_stop)
		up_echo_one(fd);
	close(fd);
	return 0;
}

/* ---- options -------------------------------------------------------- */

static void
up_usage(void)
{
	fputs("usage: udp-prober probe [-i US] [-t MS] [-d SEC] [-m timerfd|poll|spin] ADDR:PORT\n"
	      "       udp-prober echo [-p PORT]\n", stderr);
}

static int
up_number(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

static int
up_target(const char *arg, struct sockaddr_in *to)
{
	char host[64];
	const char *colon = strrchr(arg, ':');
	long port;

	if (!colon || (size_t)(colon - arg) >= sizeof(host) ||
	    up_number(colon + 1, 1, 65535, &port) < 0)
		return -EINVAL;
	memcpy(host, arg, (size_t)(colon - arg));
	host[colon - arg] = '\0';
	memset(to, 0, sizeof(*to));
	to->sin_family = AF_INET;
	to->sin_port = htons((uint16_t)port);
	return inet_pton(AF_INET, host, &to->sin_addr) == 1 ? 0 : -EINVAL;
}

static int
up_method(const char *s, enum up_method *m)
{
	if (!strcmp(s, "timerfd"))
		*m = UP_TIMERFD;
	else if (!strcmp(s, "poll"))
		*m = UP_POLL;
	else if (!strcmp(s, "spin"))
		*m = UP_SPIN;
	else
		return -EINVAL;
	return 0;
}

static int
up_parse(int argc, char **argv, struct up_opts *o)
{
	int c, err = 0;

	while (!err && (c = getopt(argc, argv, "i:t:d:m:p:")) != -1) {
		switch (c) {
		case 'i': err = up_number(optarg, 50, 10000000, &o->interval_us); break;
		case 't': err = up_number(optarg, 1, 60000, &o->timeout_ms); break;
		case 'd': err = up_number(optarg, 0, 86400, &o->duration_s); break;
		case 'm': err = up_method(optarg, &o->method); break;
		case 'p': err = up_number(optarg, 1, 65535, &o->port); break;
		default: err = -EINVAL;
		}
	}
	return err;
}

int
main(int argc, char **argv)
{
	struct up_opts o = { .interval_us = 1000, .timeout_ms = 300, .port = 7,
			     .method = UP_TIMERFD };
	const char *mode;

	if (argc < 2) {
		up_usage();
		return 2;
	}
	mode = argv[1];
	if (up_parse(argc - 1, argv + 1, &o) < 0 || up_signals() < 0) {
		up_usage();
		return 2;
	}
	if (!strcmp(mode, "echo") && optind + 1 == argc)
		return up_echo_run(&o);
	if (!strcmp(mode, "probe") && optind + 2 == argc &&
	    up_target(argv[optind + 1], &o.addr) == 0)
		return up_probe_run(&o);
	up_usage();
	return 2;
}
