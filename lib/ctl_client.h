/* ctl_client.h: ipvsctl's side of the control socket (see ctl_proto.h).
 *
 * One blocking call per request, bounded by a timeout.  Returns -errno and
 * never logs; turning errors into text is the CLI's job.
 */
#ifndef IPVSD_CTL_CLIENT_H
#define IPVSD_CTL_CLIENT_H

#include <stddef.h>
#include <stdint.h>

struct ctl_reply {
	uint16_t status;	/* enum ctl_status */
	uint16_t version;	/* the server's protocol version */
	char *payload;		/* NUL-terminated, malloc'ed (never NULL) */
	size_t len;		/* without the terminating NUL */
};

/* ctl_client_request: connect to @path (NULL: CTL_DEFAULT_PATH), send
 * request @type with optional UTF-8 argument @arg (NULL for none), and wait
 * at most @timeout_ms in total for the reply.
 * Returns 0 and *ret (a reply with any status, release with
 * ctl_reply_free), or -errno: -ENOENT/-ECONNREFUSED when no daemon listens,
 * -EACCES when the socket's permissions refuse us, -ETIMEDOUT,
 * -EBADMSG for a malformed reply, -EMSGSIZE/-EINVAL for a bad argument,
 * -ENAMETOOLONG for a path that does not fit a sockaddr_un. */
int ctl_client_request(const char *path, uint16_t type, const char *arg,
		       int timeout_ms, struct ctl_reply *ret);
/* ctl_reply_free: release the payload; safe on a zeroed reply. */
void ctl_reply_free(struct ctl_reply *r);

#endif
