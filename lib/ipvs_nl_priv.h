/* ipvs_nl_priv.h: the IPVS netlink handle, shared by ipvs_nl.c and
 * ipvs_batch.c only.  Nothing outside lib/ includes this. */
#ifndef IPVSD_IPVS_NL_PRIV_H
#define IPVSD_IPVS_NL_PRIV_H

#include <stddef.h>
#include <stdint.h>
#include "ipvs_msg.h"

#define IPVS_NL_EXTACK_LEN 256
/* Receive slots: one recvmmsg() takes up to IPVS_NL_RX_SLOTS datagrams,
 * e.g. a dump's data and its NLMSG_DONE, or a window's error messages. */
#define IPVS_NL_RX_SLOT (64 * 1024)
#define IPVS_NL_RX_SLOTS 8

struct nl_sock;

struct ipvs_nl {
	struct nl_sock *sk;		/* libnl socket: connect + family resolve */
	int fd;				/* its descriptor, for our own framing */
	uint16_t family;		/* resolved "IPVS" genl family id */
	uint32_t seq;			/* last sequence number used */
	size_t window;			/* batch requests per send (fits rcvbuf) */
	struct ipvs_msgbuf tx;		/* reused request buffer */
	uint8_t *rx;			/* IPVS_NL_RX_SLOTS reused buffers */
	size_t rxlen[IPVS_NL_RX_SLOTS];	/* datagram sizes of the last receive */
	char extack[IPVS_NL_EXTACK_LEN];
	ipvs_nl_trace_fn trace;
	void *trace_arg;
};

/* ipvs_nl_send: one sendmsg of @len bytes of complete messages. */
int ipvs_nl_send(struct ipvs_nl *nl, const void *buf, size_t len);
/* ipvs_nl_recv: receive 1 .. IPVS_NL_RX_SLOTS datagrams in one system
 * call, waiting for the first unless @dontwait (then -EAGAIN if none).
 * Sets *count; datagram i is ipvs_nl_rx_slot(nl, i), nl->rxlen[i] bytes
 * (0 for anything not sent by the kernel). */
int ipvs_nl_recv(struct ipvs_nl *nl, size_t *count, int dontwait);

static inline const uint8_t *
ipvs_nl_rx_slot(const struct ipvs_nl *nl, size_t i)
{
	return nl->rx + i * IPVS_NL_RX_SLOT;
}

#endif
