/* vrrp_sock.h: raw IPPROTO_VRRP sockets of the VRRP engine.
 *
 * One socket per (interface, address family), shared by every instance
 * on that interface and family, as keepalived does.  Received packets are
 * demultiplexed by VRID to the instance registered for it, decoded with
 * that instance's expectations (vrrp_pkt_decode) and handed over as a
 * struct vrrp_adv; every drop is counted by reason.
 *
 * IPv4 sockets use IP_HDRINCL (the codec builds the IP header); IPv6
 * sockets receive the hop limit and destination through IPV6_RECVHOPLIMIT
 * and IPV6_RECVPKTINFO and choose the source per packet with IPV6_PKTINFO.
 * Both are bound to the interface (SO_BINDTODEVICE), send multicast with
 * TTL/hop limit 255 and do not loop their own multicast back.
 */
#ifndef IPVSD_VRRP_SOCK_H
#define IPVSD_VRRP_SOCK_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "vrrp_pkt.h"

/* Called for each valid advert for the registered VRID. */
typedef void vrrp_sock_rx_cb(void *arg, const struct vrrp_adv *adv);

struct vrrp_sock_vrid {
	bool used;
	struct vrrp_pkt_expect exp;
	vrrp_sock_rx_cb *cb;
	void *arg;
};

struct vrrp_sock_stats {
	uint64_t rx;			/* datagrams read */
	uint64_t accepted;		/* handed to an instance */
	uint64_t drop[VRRP_PKT_ERR_MAX];	/* by vrrp_pkt_decode reason */
	uint64_t drop_vrid;		/* no instance for the VRID */
	uint64_t rx_err;		/* recvmsg failures */
	uint64_t tx, tx_err;
};

struct vrrp_sock {
	struct vrrp_sock *next;		/* pool list */
	int family;
	unsigned ifindex;
	char ifname[IFNAMSIZ];
	int fd;				/* -1: not open (tests) */
	struct event_fd w;
	struct vrrp_sock_vrid vrid[256];
	struct vrrp_sock_stats stats;
};

/* vrrp_sock_init: a socket object with no descriptor (fd -1), for
 * vrrp_sock_open or for feeding vrrp_sock_demux directly (tests). */
void vrrp_sock_init(struct vrrp_sock *s, int family, unsigned ifindex,
		    const char *ifname);

/* vrrp_sock_open: create, configure and watch the socket of @s (after
 * vrrp_sock_init).  0 or -errno. */
int vrrp_sock_open(struct vrrp_sock *s, struct event_loop *loop);
void vrrp_sock_close(struct vrrp_sock *s);

/* vrrp_sock_join: join multicast @group on the socket's interface.
 * Joining twice is harmless (-EADDRINUSE is reported as 0). */
int vrrp_sock_join(struct vrrp_sock *s, const struct vrrp_ip *group);

/* vrrp_sock_register: deliver adverts for @vrid to @cb, checked against
 * @exp.  -EBUSY if the VRID is taken on this socket. */
int vrrp_sock_register(struct vrrp_sock *s, uint8_t vrid,
		       const struct vrrp_pkt_expect *exp,
		       vrrp_sock_rx_cb *cb, void *arg);
void vrrp_sock_unregister(struct vrrp_sock *s, uint8_t vrid);

/* vrrp_sock_demux: process one received packet (IPv4: whole IP packet;
 * IPv6: VRRP payload plus @meta).  Returns the decode result
 * (VRRP_PKT_OK if delivered; VRRP_PKT_ERR_MAX when no instance has the
 * VRID); counts it in s->stats. */
enum vrrp_pkt_err vrrp_sock_demux(struct vrrp_sock *s, const uint8_t *data,
				  size_t len,
				  const struct vrrp_pkt_rx_meta *meta);

/* vrrp_sock_send: send the packet built by vrrp_pkt_encode from @src to
 * @dst.  0 or -errno. */
int vrrp_sock_send(struct vrrp_sock *s, const uint8_t *pkt, size_t len,
		   const struct vrrp_ip *src, const struct vrrp_ip *dst);

/* A list of sockets owned by the engine. */
struct vrrp_sock_pool {
	struct vrrp_sock *head;
};

/* vrrp_sock_pool_get: the open socket for (@family, @ifname), opening it
 * on first use.  0 and *ret, or -errno. */
int vrrp_sock_pool_get(struct vrrp_sock_pool *p, struct event_loop *loop,
		       int family, const char *ifname, unsigned ifindex,
		       struct vrrp_sock **ret);
void vrrp_sock_pool_free(struct vrrp_sock_pool *p);

#endif
