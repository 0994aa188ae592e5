/* hc_ping.c: PING_CHECK: one ICMP (ICMPv6) echo request per attempt; an
 * echo reply within connect_timeout is a success, silence a timeout, and an
 * ICMP error (host/net unreachable, or a local "unreachable" route) a
 * failure at once.
 *
 * The socket is a datagram ping socket (SOCK_DGRAM, IPPROTO_ICMP[V6]): no
 * privilege needed when net.ipv4.ping_group_range admits our group; the
 * kernel then owns the echo id.  If the range refuses us (EACCES/EPERM),
 * a raw socket is used instead, which needs CAP_NET_RAW (keepalived
 * widens ping_group_range as root instead; an unprivileged child cannot).
 * On a raw socket the id is ours and checked, IPv4 replies carry the IP
 * header (skipped), and ICMP errors about other hosts' packets are
 * ignored.  A reply must echo our sequence number and random payload.
 */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "event.h"
#include "health/hc.h"
#include "health/icmp_echo.h"

#define PING_PAYLOAD 56
#define PING_RECV_MAX 1500

struct ping_att {
	struct hc_dgram d;		/* socket, watch, deadline, early failure */
	bool raw;
	uint16_t id, seq;
	uint8_t payload[PING_PAYLOAD];
};

static void
ping_release(struct hc_check *c)
{
	struct ping_att *a = c->priv;

	if (!a)
		return;
	hc_dgram_release(&a->d);
	free(a);
	c->priv = NULL;
}

static void
ping_finish(struct hc_check *c, enum hc_result r, const char *what, int err)
{
	struct ping_att *a = c->priv;
	char dst[64], *colon;
	const char *kind = a && a->raw ? " (raw socket)" : "";

	hc_target_str(&c->tgt, dst, sizeof(dst));
	colon = strrchr(dst, ':');	/* no port for ICMP */
	if (colon)
		*colon = '\0';
	ping_release(c);
	if (err)
		hc_check_done(c, r, "PING_CHECK %s%s: %s (%s)", dst, kind, what, strerror(err));
	else
		hc_check_done(c, r, "PING_CHECK %s%s: %s", dst, kind, what);
}

static enum icmp_family
fam_of(const struct hc_check *c)
{
	return c->tgt.dst.sa.sa_family == AF_INET6 ? ICMP_V6 : ICMP_V4;
}

/* A raw IPv4 socket hands us the IP header: skip it. */
static const uint8_t *
skip_ip(const struct ping_att *a, enum icmp_family fam, const uint8_t *p, size_t *len)
{
	size_t ihl;

	if (!a->raw || fam == ICMP_V6)
		return p;
	if (*len < 20 || (p[0] >> 4) != 4)
		return NULL;
	ihl = (size_t)(p[0] & 0x0f) * 4;
	if (ihl < 20 || ihl > *len)
		return NULL;
	*len -= ihl;
	return p + ihl;
}

static void
ping_readable(struct event_fd *w, unsigned revents, void *arg)
{
	struct hc_check *c = arg;
	struct ping_att *a = c->priv;
	enum icmp_family fam = fam_of(c);
	uint8_t buf[PING_RECV_MAX];
	const uint8_t *p;
	enum hc_result r;
	size_t len;
	ssize_t n;

	(void)w;
	(void)revents;
	n = recv(a->d.fd, buf, sizeof(buf), 0);
	if (n < 0) {
		int e = errno;

		if (e == EAGAIN || e == EINTR)
			return;
		ping_finish(c, hc_dgram_errno_result(e), "ICMP error", e);
		return;
	}
	len = (size_t)n;
	p = skip_ip(a, fam, buf, &len);
	if (!p || icmp_echo_check(fam, p, len, a->raw ? a->id : ICMP_ECHO_ANY_ID, a->seq,
				  a->payload, sizeof(a->payload), &r) == ICMP_ECHO_IGNORE)
		return;
	if (r == HC_OK)
		ping_finish(c, r, "echo reply", 0);
	else if (!a->raw)	/* a raw socket sees everyone's errors */
		ping_finish(c, HC_UNREACHABLE, "destination unreachable", 0);
}

static void
ping_deadline(struct event_timer *t, void *arg)
{
	struct hc_check *c = arg;
	struct ping_att *a = c->priv;

	(void)t;
	if (a->d.fd < 0)
		ping_finish(c, a->d.early, "cannot send", a->d.early_err);
	else
		ping_finish(c, HC_TIMEOUT, "no echo reply", 0);
}

static int
ping_open(struct hc_check *c, struct ping_att *a)
{
	int proto = fam_of(c) == ICMP_V6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
	int fd;

	fd = hc_dgram_open(&c->tgt, SOCK_DGRAM, proto, &a->d.early);
	if (fd == -EACCES || fd == -EPERM || fd == -EPROTONOSUPPORT) {
		a->raw = true;
		fd = hc_dgram_open(&c->tgt, SOCK_RAW, proto, &a->d.early);
	}
	return fd;
}

/* Open and send.  -errno with a->d.early set. */
static int
ping_send(struct hc_check *c)
{
	struct ping_att *a = c->priv;
	uint8_t pkt[ICMP_ECHO_HDR_LEN + PING_PAYLOAD];
	uint16_t rnd[2];
	int len, r;

	a->d.early = HC_INTERNAL;
	if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd) ||
	    getrandom(a->payload, sizeof(a->payload), 0) != (ssize_t)sizeof(a->payload))
		return -EIO;
	a->id = rnd[0];
	a->seq = rnd[1];
	len = icmp_echo_build(fam_of(c), pkt, sizeof(pkt), a->id, a->seq, a->payload,
			      sizeof(a->payload));
	if (len < 0)
		return len;
	r = ping_open(c, a);
	if (r < 0)
		return r;
	a->d.fd = r;
	return hc_dgram_send(&a->d, pkt, (size_t)len);
}

static int
ping_start(struct hc_check *c)
{
	return hc_dgram_start(c, sizeof(struct ping_att), ping_send, ping_readable, ping_deadline,
			      ping_release);
}

const struct hc_ops hc_ping_ops = {
	.name = "PING_CHECK",
	.start = ping_start,
	.cancel = ping_release,
};
