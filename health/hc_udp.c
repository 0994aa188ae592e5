/* hc_udp.c: UDP_CHECK, as keepalived 2.2 runs it.
 *
 * One datagram (the payload, or an empty one) is sent on a connected
 * socket with the error queue on; then, until connect_timeout:
 *   - an ICMP error about it (port/host unreachable...) is a failure:
 *     that is how a closed UDP port shows;
 *   - a reply is a success, unless require_reply gave a pattern the reply
 *     does not match (udp_payload.h: length bounds and masked bytes);
 *   - silence is a success, unless require_reply is set (HC_NO_REPLY).
 */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "daemon/conf.h"
#include "event.h"
#include "health/hc.h"
#include "health/udp_payload.h"

#define UDP_RECV_MAX 65536

struct udp_att {
	struct hc_dgram d;		/* socket, watch, deadline, early failure */
	struct udp_pattern reply;	/* require_reply's pattern, len 0: none */
};

static void
udp_release(struct hc_check *c)
{
	struct udp_att *a = c->priv;

	if (!a)
		return;
	hc_dgram_release(&a->d);
	udp_pattern_free(&a->reply);
	free(a);
	c->priv = NULL;
}

static void
udp_finish(struct hc_check *c, enum hc_result r, const char *what, int err)
{
	char dst[64];

	udp_release(c);
	hc_target_str(&c->tgt, dst, sizeof(dst));
	if (err)
		hc_check_done(c, r, "UDP_CHECK %s: %s (%s)", dst, what, strerror(err));
	else
		hc_check_done(c, r, "UDP_CHECK %s: %s", dst, what);
}

static size_t
len_bound(int64_t v, size_t dflt)
{
	return v == CONF_UNSET || v < 0 ? dflt : (size_t)v;
}

static void
udp_readable(struct event_fd *w, unsigned revents, void *arg)
{
	struct hc_check *c = arg;
	struct udp_att *a = c->priv;
	uint8_t *buf;
	ssize_t n;
	enum hc_result r;

	(void)w;
	(void)revents;
	buf = malloc(UDP_RECV_MAX);
	if (!buf) {
		udp_finish(c, HC_INTERNAL, "out of memory", 0);
		return;
	}
	n = recv(a->d.fd, buf, UDP_RECV_MAX, MSG_TRUNC);
	if (n < 0) {
		int e = errno;

		free(buf);
		if (e == EAGAIN || e == EINTR)
			return;
		udp_finish(c, hc_dgram_errno_result(e), "ICMP error", e);
		return;
	}
	if (n > UDP_RECV_MAX)
		n = UDP_RECV_MAX;
	r = HC_OK;
	if (c->ck->require_reply && a->reply.len)
		r = udp_reply_check(buf, (size_t)n, &a->reply,
				    len_bound(c->ck->min_reply_length, 0),
				    len_bound(c->ck->max_reply_length, 255));
	free(buf);
	udp_finish(c, r, r == HC_OK ? "reply received" : "reply does not match", 0);
}

static void
udp_deadline(struct event_timer *t, void *arg)
{
	struct hc_check *c = arg;
	struct udp_att *a = c->priv;

	(void)t;
	if (a->d.fd < 0)
		udp_finish(c, a->d.early, "cannot send", a->d.early_err);
	else if (c->ck->require_reply)
		udp_finish(c, HC_NO_REPLY, "no reply", 0);
	else
		udp_finish(c, HC_OK, "no reply and no ICMP error", 0);
}

/* Decode the payload and pattern, open, send.  -errno with a->d.early set. */
static int
udp_send(struct hc_check *c)
{
	struct udp_att *a = c->priv;
	struct udp_pattern pl = { 0 };
	int r = 0;

	if (c->ck->payload.n &&
	    udp_hex_decode((const char *const *)c->ck->payload.v, c->ck->payload.n,
			   false, &pl) < 0)
		r = -EINVAL;
	if (r == 0 && c->ck->reply.n &&
	    udp_hex_decode((const char *const *)c->ck->reply.v, c->ck->reply.n,
			   true, &a->reply) < 0)
		r = -EINVAL;
	if (r < 0) {
		a->d.early = HC_INTERNAL;
		udp_pattern_free(&pl);
		return r;
	}
	r = hc_dgram_open(&c->tgt, SOCK_DGRAM, IPPROTO_UDP, &a->d.early);
	if (r >= 0) {
		a->d.fd = r;
		r = hc_dgram_send(&a->d, pl.len ? pl.data : (const void *)"", pl.len);
	}
	udp_pattern_free(&pl);
	return r;
}

static int
udp_start(struct hc_check *c)
{
	return hc_dgram_start(c, sizeof(struct udp_att), udp_send, udp_readable, udp_deadline,
			      udp_release);
}

const struct hc_ops hc_udp_ops = {
	.name = "UDP_CHECK",
	.start = udp_start,
	.cancel = udp_release,
};
