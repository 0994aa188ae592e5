/* http_req.h: the GET request HTTP_GET/SSL_GET send, as keepalived sends it.
 *
 *   GET <path> HTTP/1.<0|1>\r\n
 *   User-Agent: KeepAliveClient\r\n
 *   [Connection: close\r\n]          (http_protocol 1.0C and 1.1)
 *   Host: <host>\r\n
 *   \r\n
 *
 * <host> is the virtualhost when one applies (url's, else the checker's,
 * else the real server's, else the virtual server's; see
 * http_req_vhost()), sent without a port; otherwise the address the check
 * connects to followed by ":port", an IPv6 literal in brackets.
 */
#ifndef IPVSD_HTTP_REQ_H
#define IPVSD_HTTP_REQ_H

#include <stddef.h>

enum http_proto { HTTP_PROTO_1_0 = 0, HTTP_PROTO_1_0C, HTTP_PROTO_1_1 };

struct http_req {
	const char *path;	/* url path, sent as is */
	const char *vhost;	/* NULL: use addr and port */
	const char *addr;	/* numeric address text, no brackets */
	int ipv6;		/* addr is an IPv6 literal */
	unsigned port;
	enum http_proto proto;
};

/* http_proto_parse: "1.0", "1.0C"/"1.0c", "1.1" (NULL means 1.0).
 * 0 and *ret set, or -EINVAL. */
int http_proto_parse(const char *s, enum http_proto *ret);

/* http_req_vhost: first non-NULL of the arguments, in keepalived's order. */
const char *http_req_vhost(const char *url_vhost, const char *checker_vhost,
			   const char *rs_vhost, const char *vs_vhost);

/* http_req_build: write the request and a NUL into @buf.  Returns its
 * length, -ENOBUFS if it does not fit in @cap, or -EINVAL if path or host
 * is empty or contains CR, LF or (path) spaces/controls, which would let a
 * config value inject headers. */
int http_req_build(char *buf, size_t cap, const struct http_req *rq);

#endif
