/* vrrp_garp.c: gratuitous ARP / unsolicited NA frames and schedule. */
#include "config.h"

#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "buf.h"
#include "vrrp_garp.h"

#define ARP_HRD_ETHER	1
#define ARP_OP_REQUEST	1
#define ICMP6_NA	136
#define NA_F_ROUTER	0x80000000u
#define NA_F_OVERRIDE	0x20000000u
#define ND_OPT_TLLA	2

static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

int
vrrp_garp_arp_frame(uint8_t *buf, size_t cap, const uint8_t mac[6],
		    const uint8_t ip[4])
{
	struct buf_writer w;

	if (cap < VRRP_GARP_ARP_LEN)
		return -ENOBUFS;
	buf_writer_init(&w, buf, cap);
	buf_put_bytes(&w, bcast, 6);
	buf_put_bytes(&w, mac, 6);
	buf_put_be16(&w, ETH_P_ARP);
	buf_put_be16(&w, ARP_HRD_ETHER);
	buf_put_be16(&w, ETH_P_IP);
	buf_put_u8(&w, 6);
	buf_put_u8(&w, 4);
	buf_put_be16(&w, ARP_OP_REQUEST);
	buf_put_bytes(&w, mac, 6);	/* sender hardware */
	buf_put_bytes(&w, ip, 4);	/* sender protocol */
	buf_put_bytes(&w, bcast, 6);	/* target hardware */
	buf_put_bytes(&w, ip, 4);	/* target protocol */
	return (int)w.len;
}

int
vrrp_garp_na_msg(uint8_t *buf, size_t cap, const uint8_t mac[6],
		 const uint8_t ip6[16], bool router)
{
	struct buf_writer w;

	if (cap < VRRP_GARP_NA_LEN)
		return -ENOBUFS;
	buf_writer_init(&w, buf, cap);
	buf_put_u8(&w, ICMP6_NA);
	buf_put_u8(&w, 0);		/* code */
	buf_put_be16(&w, 0);		/* checksum: kernel */
	buf_put_be32(&w, NA_F_OVERRIDE | (router ? NA_F_ROUTER : 0));
	buf_put_bytes(&w, ip6, 16);
	buf_put_u8(&w, ND_OPT_TLLA);
	buf_put_u8(&w, 1);		/* length in units of 8 bytes */
	buf_put_bytes(&w, mac, 6);
	return (int)w.len;
}

/* ---- schedule ---- */

static void
burst(struct vrrp_garp_sched *s, unsigned rounds, uint64_t at)
{
	s->burst_left = rounds;
	s->burst_next = at;
}

void
vrrp_garp_sched_master(struct vrrp_garp_sched *s,
		       const struct vrrp_garp_cfg *c, uint64_t now)
{
	memset(s, 0, sizeof(*s));
	burst(s, c->master_repeat, now);
	if (c->master_delay_us) {
		s->second_at = now + c->master_delay_us;
		s->second_repeat = c->master_repeat;
	}
	if (c->refresh_us)
		s->refresh_at = now + c->refresh_us;
}

void
vrrp_garp_sched_lower(struct vrrp_garp_sched *s,
		      const struct vrrp_garp_cfg *c, uint64_t now)
{
	if (s->burst_left || !c->lower_repeat)
		return;
	/* keepalived: one burst at once (the peer that advertised may have
	 * taken the clients' ARP caches), another after the delay */
	burst(s, c->lower_repeat, now);
	if (c->lower_delay_us) {
		s->second_at = now + c->lower_delay_us;
		s->second_repeat = c->lower_repeat;
	}
}

void
vrrp_garp_sched_stop(struct vrrp_garp_sched *s)
{
	memset(s, 0, sizeof(*s));
}

/* Start the delayed or refresh burst once it is due and no burst runs. */
static void
start_due_bursts(struct vrrp_garp_sched *s, const struct vrrp_garp_cfg *c,
		 uint64_t now)
{
	if (s->burst_left)
		return;
	if (s->second_at && s->second_at <= now) {
		burst(s, s->second_repeat, s->second_at);
		s->second_at = 0;
	} else if (s->refresh_at && s->refresh_at <= now) {
		burst(s, c->refresh_repeat, s->refresh_at);
		s->refresh_at += c->refresh_us;
	}
}

static uint64_t
next_due(const struct vrrp_garp_sched *s)
{
	uint64_t n = 0;

	if (s->burst_left)
		return s->burst_next;
	if (s->second_at)
		n = s->second_at;
	if (s->refresh_at && (!n || s->refresh_at < n))
		n = s->refresh_at;
	return n;
}

unsigned
vrrp_garp_sched_poll(struct vrrp_garp_sched *s,
		     const struct vrrp_garp_cfg *c, uint64_t now,
		     uint64_t *next)
{
	unsigned rounds = 0;

	for (;;) {
		start_due_bursts(s, c, now);
		if (!s->burst_left || s->burst_next > now)
			break;
		rounds++;
		s->burst_left--;
		s->burst_next += c->interval_us;
		if (c->interval_us)
			break;	/* spaced rounds: one per poll */
	}
	*next = next_due(s);
	return rounds;
}

/* ---- sockets ---- */

int
vrrp_garp_open(struct vrrp_garp_sock *g, int family, unsigned ifindex,
	       const uint8_t mac[6])
{
	int hops = 255, idx = (int)ifindex;

	g->fd_arp = g->fd_na = -1;
	g->ifindex = ifindex;
	memcpy(g->mac, mac, 6);
	if (family == AF_INET) {
		g->fd_arp = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
		return g->fd_arp < 0 ? -errno : 0;
	}
	g->fd_na = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMPV6);
	if (g->fd_na < 0)
		return -errno;
	if (setsockopt(g->fd_na, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops,
		       sizeof(hops)) < 0 ||
	    setsockopt(g->fd_na, IPPROTO_IPV6, IPV6_MULTICAST_IF, &idx,
		       sizeof(idx)) < 0) {
		int err = -errno;

		vrrp_garp_close(g);
		return err;
	}
	return 0;
}

void
vrrp_garp_close(struct vrrp_garp_sock *g)
{
	if (g->fd_arp >= 0)
		close(g->fd_arp);
	if (g->fd_na >= 0)
		close(g->fd_na);
	g->fd_arp = g->fd_na = -1;
}

static int
send_arp(struct vrrp_garp_sock *g, const uint8_t *addr)
{
	uint8_t f[VRRP_GARP_ARP_LEN];
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_ARP),
		.sll_ifindex = (int)g->ifindex,
		.sll_halen = 6,
	};
	int len = vrrp_garp_arp_frame(f, sizeof(f), g->mac, addr);

	memcpy(sll.sll_addr, bcast, 6);
	if (sendto(g->fd_arp, f, (size_t)len, 0, (struct sockaddr *)&sll,
		   sizeof(sll)) < 0)
		return -errno;
	return 0;
}

static int
send_na(struct vrrp_garp_sock *g, const uint8_t *addr)
{
	uint8_t m[VRRP_GARP_NA_LEN];
	struct sockaddr_in6 dst = {
		.sin6_family = AF_INET6,
		.sin6_scope_id = g->ifindex,
		.sin6_addr = { .s6_addr = { 0xff, 0x02, [15] = 1 } },
	};
	int len = vrrp_garp_na_msg(m, sizeof(m), g->mac, addr, false);

	if (sendto(g->fd_na, m, (size_t)len, 0, (struct sockaddr *)&dst,
		   sizeof(dst)) < 0)
		return -errno;
	return 0;
}

int
vrrp_garp_send(struct vrrp_garp_sock *g, int family, const uint8_t *addr)
{
	if (family == AF_INET)
		return g->fd_arp < 0 ? -EBADF : send_arp(g, addr);
	return g->fd_na < 0 ? -EBADF : send_na(g, addr);
}
