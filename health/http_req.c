/* http_req.c: keepalived-compatible GET request builder. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "health/http_req.h"

int
http_proto_parse(const char *s, enum http_proto *ret)
{
	if (!s || strcmp(s, "1.0") == 0)
		*ret = HTTP_PROTO_1_0;
	else if (strcmp(s, "1.0C") == 0 || strcmp(s, "1.0c") == 0)
		*ret = HTTP_PROTO_1_0C;
	else if (strcmp(s, "1.1") == 0)
		*ret = HTTP_PROTO_1_1;
	else
		return -EINVAL;
	return 0;
}

const char *
http_req_vhost(const char *url_vhost, const char *checker_vhost,
	       const char *rs_vhost, const char *vs_vhost)
{
	if (url_vhost)
		return url_vhost;
	if (checker_vhost)
		return checker_vhost;
	return rs_vhost ? rs_vhost : vs_vhost;
}

/* No byte below 0x21 (with @allow_space, 0x20 allowed), no DEL. */
static int
token_ok(const char *s, int allow_space)
{
	if (!s || !*s)
		return 0;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == 0x7f || c < 0x20 || (c == ' ' && !allow_space))
			return 0;
	}
	return 1;
}

int
http_req_build(char *buf, size_t cap, const struct http_req *rq)
{
	char port[8] = "";
	const char *host = rq->vhost ? rq->vhost : rq->addr;
	int bracket = !rq->vhost && rq->ipv6;
	int n;

	if (!token_ok(rq->path, 0) || !token_ok(host, 1))
		return -EINVAL;
	if (!rq->vhost) {
		if (rq->port > 65535)
			return -EINVAL;
		snprintf(port, sizeof(port), ":%u", rq->port);
	}
	n = snprintf(buf, cap,
		     "GET %s HTTP/1.%d\r\n"
		     "User-Agent: KeepAliveClient\r\n"
		     "%s"
		     "Host: %s%s%s%s\r\n\r\n",
		     rq->path, rq->proto == HTTP_PROTO_1_1 ? 1 : 0,
		     rq->proto == HTTP_PROTO_1_0 ? "" : "Connection: close\r\n",
		     bracket ? "[" : "", host, bracket ? "]" : "", port);
	if (n < 0)
		return -EINVAL;
	if ((size_t)n >= cap)
		return -ENOBUFS;
	return n;
}
