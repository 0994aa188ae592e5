/* control.h: ipvsd's control socket server (protocol in lib/ctl_proto.h).
 *
 * A UNIX stream socket, by default CTL_DEFAULT_PATH with mode 0600 in a
 * 0755 directory.  Each connection carries one request and one reply.  A
 * peer is served only if SO_PEERCRED says uid 0 (or the daemon's own uid),
 * or the configured group is its primary or (SO_PEERGROUPS) a supplementary
 * group; others get a CTL_ST_PERM reply.  Requests go to handlers the daemon registers per
 * type; an unregistered type gets CTL_ST_UNKNOWN.  Sizes are bounded, each
 * connection has a deadline, at most max_clients are served at once, and
 * nothing a client sends can crash the daemon.
 */
#ifndef IPVSD_CONTROL_H
#define IPVSD_CONTROL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ctl_proto.h"

struct event_loop;
struct ctl_server;

struct ctl_server_conf {
	const char *path;	/* NULL: CTL_DEFAULT_PATH */
	mode_t mode;		/* 0: 0600 */
	gid_t gid;		/* allowed group, or (gid_t)-1 for root only */
	int timeout_ms;		/* per connection; 0: 5000 */
	unsigned max_clients;	/* 0: 16 */
};

/* Reply payload being built by a handler. */
struct ctl_out {
	char *data;
	size_t len, cap;
	bool overflow;		/* more than CTL_MAX_REPLY_PAYLOAD asked */
	bool deferred;		/* set by ctl_out_defer() */
	uint64_t conn_id;	/* private: the connection being served */
};

/* ctl_out_append / ctl_out_printf: add text; on overflow or allocation
 * failure the reply becomes CTL_ST_FAILED.  Return 0 or -ENOBUFS/-ENOMEM. */
int ctl_out_append(struct ctl_out *out, const void *data, size_t len);
int ctl_out_printf(struct ctl_out *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ctl_out_defer: answer later.  The handler's return value and payload
 * are then ignored; the connection waits (up to its deadline) for
 * ctl_server_reply() with the returned id, e.g. once a child has answered. */
uint64_t ctl_out_defer(struct ctl_out *out);

/* A handler answers one request: it returns an enum ctl_status and may
 * append a UTF-8 (or JSON) payload to @out.  @req->payload is the request's
 * argument (not NUL-terminated; @req->len bytes, valid UTF-8, no NUL). */
typedef int ctl_handler_fn(const struct ctl_frame *req, struct ctl_out *out,
			   void *arg);

/* ctl_server_open: create the directory (0755) and the socket, and start
 * accepting on @loop.  -EADDRINUSE if another server answers on the path,
 * -EEXIST if the path exists and is not a socket, other -errno. */
int ctl_server_open(struct event_loop *loop, const struct ctl_server_conf *conf,
		    struct ctl_server **ret);
/* ctl_server_set_handler: register (or with @fn NULL remove) the handler of
 * request @type.  -EINVAL for a type outside enum ctl_req_type. */
int ctl_server_set_handler(struct ctl_server *srv, uint16_t type,
			   ctl_handler_fn *fn, void *arg);
/* ctl_server_reply: send the reply of a deferred request.  -ENOENT if that
 * connection is gone (client hung up or timed out): not an error to log
 * loudly.  @payload must be UTF-8 (else the client gets CTL_ST_FAILED). */
int ctl_server_reply(struct ctl_server *srv, uint64_t id, int status,
		     const void *payload, size_t len);
/* ctl_server_set_gid: change the allowed group (config reload). */
void ctl_server_set_gid(struct ctl_server *srv, gid_t gid);
/* ctl_server_nclients: connections being served. */
unsigned ctl_server_nclients(const struct ctl_server *srv);
/* ctl_server_close: drop every connection, close and unlink the socket.
 * NULL is a no-op. */
void ctl_server_close(struct ctl_server *srv);

#endif
