/* ipvs_msg.h: the IPVS generic-netlink wire codec (lib-internal).
 *
 * Pure functions over byte buffers: no sockets, no libnl, no kernel needed,
 * so that request bytes and reply parsing can be unit-tested and fuzzed.
 * lib/ipvs_nl.c and lib/ipvs_batch.c put it on a socket.
 *
 * Encoding follows what the kernel (net/netfilter/ipvs/ip_vs_ctl.c) reads:
 * ports, the IPv4 persistence netmask and the IPv4 sync group travel in
 * network order, everything else in host order.  Decoding validates every
 * attribute's length, skips attribute types it does not know, and fills the
 * host-order structs of ipvs_types.h.  Errors: -ENOMEM, -EINVAL (bad request
 * arguments), -EBADMSG (malformed reply).
 */
#ifndef IPVSD_IPVS_MSG_H
#define IPVSD_IPVS_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ipvs_nl.h"

/* A growable output buffer of netlink messages. */
struct ipvs_msgbuf {
	uint8_t *data;
	size_t len;
	size_t cap;
};

void ipvs_msgbuf_init(struct ipvs_msgbuf *b);
void ipvs_msgbuf_free(struct ipvs_msgbuf *b);
/* ipvs_msgbuf_reserve: make room for @extra more bytes (-ENOMEM). */
int ipvs_msgbuf_reserve(struct ipvs_msgbuf *b, size_t extra);

/* One request: the op plus the objects it needs (unused ones NULL). */
struct ipvs_req {
	enum ipvs_op op;
	const struct ipvs_service *svc;
	const struct ipvs_dest *dest;
	const struct ipvs_timeouts *timeouts;
	const struct ipvs_daemon *daemon;
};

/* ipvs_msg_put_req: append one complete request message (nlmsghdr +
 * genlmsghdr + attributes) for @r to @b.  NLM_F_REQUEST is always set, and
 * NLM_F_DUMP for the dump ops; @nlflags adds e.g. NLM_F_ACK.  On failure @b
 * is left as it was. */
int ipvs_msg_put_req(struct ipvs_msgbuf *b, uint16_t family, uint32_t seq,
		     uint16_t nlflags, const struct ipvs_req *r);

/* ipvs_msg_set_seq / ipvs_msg_set_flags: patch a message already in a
 * buffer (at byte offset @off) before sending it. */
void ipvs_msg_set_seq(struct ipvs_msgbuf *b, size_t off, uint32_t seq);
void ipvs_msg_add_flags(struct ipvs_msgbuf *b, size_t off, uint16_t flags);

/* A received netlink message, located inside a datagram. */
struct ipvs_msgview {
	uint16_t type;
	uint16_t flags;
	uint32_t seq;
	uint32_t pid;
	const uint8_t *payload;		/* after the nlmsghdr */
	size_t plen;
};

/* ipvs_msg_next: take the next message off *@p / *@len.
 * Returns 1 and fills @m, 0 at the end, -EBADMSG if the framing is bad. */
int ipvs_msg_next(const uint8_t **p, size_t *len, struct ipvs_msgview *m);

/* ipvs_msg_parse_ack: decode an NLMSG_ERROR (error 0 = ack) or NLMSG_DONE
 * message.  Sets *err (0 or -errno), *seq (the sequence number of the
 * request it answers; for NLMSG_DONE the message's own) and copies the
 * extack text, if any, into @extack (always NUL-terminated, may be NULL). */
int ipvs_msg_parse_ack(const struct ipvs_msgview *m, int *err, uint32_t *seq,
		       char *extack, size_t extack_len);

/* Decoders of IPVS reply messages (genlmsghdr + attributes). */
int ipvs_msg_parse_info(const struct ipvs_msgview *m, struct ipvs_info *ret);
int ipvs_msg_parse_svc(const struct ipvs_msgview *m, struct ipvs_service *ret);
/* @svc_af is used when the kernel omits IPVS_DEST_ATTR_ADDR_FAMILY. */
int ipvs_msg_parse_dest(const struct ipvs_msgview *m, uint16_t svc_af,
			struct ipvs_dest *ret);
int ipvs_msg_parse_timeouts(const struct ipvs_msgview *m, struct ipvs_timeouts *ret);
int ipvs_msg_parse_daemon(const struct ipvs_msgview *m, struct ipvs_daemon *ret);

/* Batch acknowledgement bookkeeping (see ipvs_batch.c).  A window covers
 * requests first_index .. first_index+count-1, which were sent with
 * consecutive sequence numbers from first_seq; only the last one asks for
 * an ack, every failing one produces an error message anyway. */
struct ipvs_ackwin {
	uint32_t first_seq;
	size_t first_index;
	size_t count;
	const uint8_t *ops;		/* op of each request, by global index */
	uint8_t *answered;		/* per window slot: 1 once an error/ack came */
	ipvs_batch_err_fn fn;
	void *arg;
	size_t failed;			/* failures reported so far */
	bool done;			/* the last request's answer arrived */
	char extack[256];		/* scratch for the current error's text */
};

/* ipvs_ackwin_feed: process one received datagram.  Calls fn for each
 * error answering a request of the window, ignores messages of other
 * sequence numbers.  Returns 0 or -EBADMSG. */
int ipvs_ackwin_feed(struct ipvs_ackwin *w, const uint8_t *buf, size_t len);

#endif
