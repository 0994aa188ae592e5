/* vrrp_garp.h: gratuitous ARP and unsolicited neighbour advertisements
 * sent by a new VRRP master for its virtual addresses, and their schedule.
 *
 * Frames: an Ethernet broadcast ARP request whose sender and target
 * protocol addresses are the VIP (target hardware address broadcast), sent
 * on an AF_PACKET socket; an ICMPv6 Neighbor Advertisement (Override flag,
 * target link-layer address option) to ff02::1 with hop limit 255 on a raw
 * ICMPv6 socket (the kernel fills the checksum).
 *
 * Schedule (keepalived semantics, per instance): on becoming master a burst
 * of garp_master_repeat rounds at once and another after garp_master_delay
 * seconds (none if 0); then, if garp_master_refresh is set, a burst of
 * garp_master_refresh_repeat rounds every garp_master_refresh seconds while
 * master.  On a lower-priority advert received as master: one burst of
 * garp_lower_prio_repeat rounds after garp_lower_prio_delay.  Within a
 * burst, rounds are vrrp_garp_interval apart (0: all at once).  A round
 * sends one frame per virtual address.
 */
#ifndef IPVSD_VRRP_GARP_H
#define IPVSD_VRRP_GARP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VRRP_GARP_ARP_LEN	42	/* Ethernet + ARP, unpadded */
#define VRRP_GARP_NA_LEN	32	/* ICMPv6 NA + target LL option */

/* vrrp_garp_arp_frame: build the gratuitous ARP for IPv4 @ip (network
 * order) from @mac into @buf.  Returns VRRP_GARP_ARP_LEN or -ENOBUFS. */
int vrrp_garp_arp_frame(uint8_t *buf, size_t cap, const uint8_t mac[6],
			const uint8_t ip[4]);

/* vrrp_garp_na_msg: build the ICMPv6 unsolicited NA for @ip6 (checksum
 * left 0 for the kernel).  @router sets the R flag.  Returns
 * VRRP_GARP_NA_LEN or -ENOBUFS. */
int vrrp_garp_na_msg(uint8_t *buf, size_t cap, const uint8_t mac[6],
		     const uint8_t ip6[16], bool router);

struct vrrp_garp_cfg {
	uint64_t master_delay_us;
	unsigned master_repeat;
	uint64_t refresh_us;		/* 0: no refresh */
	unsigned refresh_repeat;
	uint64_t lower_delay_us;
	unsigned lower_repeat;		/* 0: nothing on lower priority */
	uint64_t interval_us;		/* between rounds of one burst */
};

/* Pending rounds; a zeroed struct has nothing pending. */
struct vrrp_garp_sched {
	unsigned burst_left;		/* rounds left in the current burst */
	uint64_t burst_next;		/* when the next round is due */
	uint64_t second_at;		/* 0: none; delayed master burst */
	unsigned second_repeat;
	uint64_t refresh_at;		/* 0: none */
};

/* vrrp_garp_sched_master: became master at @now. */
void vrrp_garp_sched_master(struct vrrp_garp_sched *s,
			    const struct vrrp_garp_cfg *c, uint64_t now);
/* vrrp_garp_sched_lower: lower-priority advert seen as master at @now:
 * lower_repeat rounds at once and, with lower_delay, as many again after
 * it (ignored if a burst is already running). */
void vrrp_garp_sched_lower(struct vrrp_garp_sched *s,
			   const struct vrrp_garp_cfg *c, uint64_t now);
/* vrrp_garp_sched_stop: left master; nothing pending any more. */
void vrrp_garp_sched_stop(struct vrrp_garp_sched *s);
/* vrrp_garp_sched_poll: the number of rounds to send at @now (0 if none
 * is due), and in *next the time of the next due round (0: none). */
unsigned vrrp_garp_sched_poll(struct vrrp_garp_sched *s,
			      const struct vrrp_garp_cfg *c, uint64_t now,
			      uint64_t *next);

/* Sockets of one interface. */
struct vrrp_garp_sock {
	int fd_arp;		/* AF_PACKET, -1 if unused */
	int fd_na;		/* raw ICMPv6, -1 if unused */
	unsigned ifindex;
	uint8_t mac[6];
};

/* vrrp_garp_open: sockets for @family on @ifindex sending from @mac.
 * 0 or -errno.  vrrp_garp_close: close them (fds set to -1). */
int vrrp_garp_open(struct vrrp_garp_sock *g, int family, unsigned ifindex,
		   const uint8_t mac[6]);
void vrrp_garp_close(struct vrrp_garp_sock *g);
/* vrrp_garp_send: one frame announcing @addr (4 or 16 bytes per
 * @family).  0 or -errno. */
int vrrp_garp_send(struct vrrp_garp_sock *g, int family, const uint8_t *addr);

#endif
