/* ipc.h: imsg-style typed messages between ipvsd processes.
 *
 * Each message is one SOCK_SEQPACKET datagram: a fixed header
 * {type, peer_id, len, flags} followed by @len payload bytes, optionally
 * carrying one file descriptor (SCM_RIGHTS).  Sending never blocks: messages
 * are queued and written as the socket accepts them (with an event loop the
 * channel arms its own write watch).  Receiving validates the frame (header
 * length matches the datagram, fd flag matches the ancillary data) and
 * hands each message to the owner.  Payloads are read with ipc_get(), which
 * fails unless the size matches exactly (STYLE.md section 3).
 *
 * Nothing here logs: ipc_dispatch() returns -ENOMSG for an unknown type so
 * that the caller logs and drops it; a peer can never crash us.
 */
#ifndef IPVSD_IPC_H
#define IPVSD_IPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct event_loop;
struct ipc_chan;

/* Wire header (host byte order: both ends are the same binary). */
struct ipc_hdr {
	uint32_t type;
	uint32_t peer_id;
	uint32_t len;		/* payload bytes after the header */
	uint32_t flags;		/* IPC_F_FD: one descriptor attached */
};
#define IPC_F_FD	0x1u

#define IPC_MAX_PAYLOAD	(65536u - sizeof(struct ipc_hdr))
#define IPC_MAX_QUEUE	(16u * 1024u * 1024u)	/* queued bytes per channel */

/* A received message.  @data points into the channel's receive buffer and
 * is valid only during the callback.  @fd is -1 or a descriptor the message
 * carried: take it with ipc_msg_take_fd(), otherwise it is closed after the
 * callback returns. */
struct ipc_msg {
	uint32_t type;
	uint32_t peer_id;
	const void *data;
	size_t len;
	int fd;
};

struct ipc_ops {
	/* on_msg: one valid message. */
	void (*on_msg)(struct ipc_chan *ch, struct ipc_msg *msg, void *arg);
	/* on_close: the peer closed (-EPIPE) or the channel failed
	 * (-EBADMSG for a malformed frame, other -errno).  The channel no
	 * longer receives or sends; the owner normally calls ipc_chan_free()
	 * here. */
	void (*on_close)(struct ipc_chan *ch, int err, void *arg);
};

/* ipc_socketpair: a non-blocking, close-on-exec SEQPACKET pair. */
int ipc_socketpair(int sv[2]);

/* ipc_chan_new: wrap @fd (made non-blocking; the channel owns and closes
 * it).  With @loop, messages are delivered to @ops from the loop and queued
 * output is flushed when writable; with @loop NULL, use ipc_recv() and
 * ipc_flush() by hand (@ops may then be NULL).  0 or -errno. */
int ipc_chan_new(struct event_loop *loop, int fd, const struct ipc_ops *ops,
		 void *arg, struct ipc_chan **ret);
/* ipc_chan_free: close the socket, drop queued output (closing queued fds).
 * Safe from the channel's own callbacks.  NULL is a no-op. */
void ipc_chan_free(struct ipc_chan *ch);
int ipc_chan_fd(const struct ipc_chan *ch);

/* ipc_send: queue one message (@fd -1 for none; the caller keeps its own
 * @fd, the channel sends a duplicate) and try to write the queue.
 * -EMSGSIZE if @len > IPC_MAX_PAYLOAD, -ENOBUFS if the queue is full,
 * -EPIPE if the channel is closed, -errno from dup/malloc. */
int ipc_send(struct ipc_chan *ch, uint32_t type, uint32_t peer_id, int fd,
	     const void *data, size_t len);
/* ipc_flush: write as much of the queue as the socket takes.  0 when the
 * queue is empty, -EAGAIN if some remains, other -errno on failure. */
int ipc_flush(struct ipc_chan *ch);
/* ipc_queued: number of messages not yet written. */
size_t ipc_queued(const struct ipc_chan *ch);

/* ipc_recv: read one message without blocking (channels without a loop).
 * 0 and *msg (release with ipc_msg_done), -EAGAIN if none, -EPIPE at EOF,
 * -EBADMSG for a malformed frame. */
int ipc_recv(struct ipc_chan *ch, struct ipc_msg *msg);
/* ipc_msg_done: close the message's fd unless taken. */
void ipc_msg_done(struct ipc_msg *msg);

/* ipc_get: copy the payload into @dst if it is exactly @len bytes, else
 * -EBADMSG and @dst untouched. */
int ipc_get(const struct ipc_msg *msg, void *dst, size_t len);
/* ipc_get_str: the payload as a string: must be NUL-terminated with no
 * embedded NUL; *ret points into the message.  -EBADMSG otherwise. */
int ipc_get_str(const struct ipc_msg *msg, const char **ret);
/* ipc_msg_take_fd: the carried descriptor (or -1); the caller owns it. */
int ipc_msg_take_fd(struct ipc_msg *msg);

/* Dispatch table row: handlers return 0 or -errno. */
struct ipc_handler {
	uint32_t type;
	const char *name;
	int (*fn)(struct ipc_chan *ch, struct ipc_msg *msg, void *arg);
};

/* ipc_dispatch: call the row of @msg->type.  -ENOMSG if the table has no
 * such type (log and drop it), otherwise the handler's result. */
int ipc_dispatch(const struct ipc_handler *table, size_t n,
		 struct ipc_chan *ch, struct ipc_msg *msg, void *arg);
/* ipc_type_name: the row's name for logging, or NULL. */
const char *ipc_type_name(const struct ipc_handler *table, size_t n,
			  uint32_t type);

#endif
