/* hc_dns.c: DNS_CHECK, as keepalived 2.2 runs it.
 *
 * One query (type, default SOA; name, default the root) with a random id
 * over UDP to the real server (port 53 if none is configured).  Replies
 * are judged by dns_reply_check() in keepalived's mode: a datagram that is
 * too short, carries another id or is not a response is ignored and the
 * wait goes on; a reply with rcode != 0 is a failure, any other reply a
 * success.  If connect_timeout passes after ignored datagrams, the failure
 * names the last reason (e.g. "wrong dns id"), else it is a timeout.  An
 * ICMP error about the query (port unreachable...) fails at once.
 * Beyond keepalived, a reply must also echo our question (one entry, same
 * name ignoring ASCII case, type and class); one that does not is ignored
 * like a wrong id ("malformed reply" if nothing better comes).
 */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "daemon/conf.h"
#include "event.h"
#include "health/dns_pkt.h"
#include "health/hc.h"

#define DNS_RECV_MAX 4096

struct dns_att {
	struct hc_dgram d;		/* socket, watch, deadline, early failure */
	struct dns_query q;
	enum hc_result ignored;		/* why the last datagram was ignored */
	unsigned n_ignored;
	uint16_t bad_id;		/* id of the last wrong-id reply */
};

static void
dns_release(struct hc_check *c)
{
	struct dns_att *a = c->priv;

	if (!a)
		return;
	hc_dgram_release(&a->d);
	free(a);
	c->priv = NULL;
}

static void __attribute__((format(printf, 3, 4)))
dns_finish(struct hc_check *c, enum hc_result r, const char *fmt, ...)
{
	char dst[64], what[96];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	dns_release(c);
	hc_target_str(&c->tgt, dst, sizeof(dst));
	hc_check_done(c, r, "DNS_CHECK %s: %s", dst, what);
}

/* Does the reply @pkt carry the question of @q? */
static bool
dns_same_question(const uint8_t *pkt, size_t len, const struct dns_query *q)
{
	size_t qlen = q->qname_len + 4, i;

	if (len < DNS_HDR_LEN + qlen || pkt[4] != 0 || pkt[5] != 1)
		return false;
	for (i = 0; i < qlen; i++) {
		uint8_t a = pkt[DNS_HDR_LEN + i], b = q->buf[DNS_HDR_LEN + i];

		if (a >= 'A' && a <= 'Z')
			a = (uint8_t)(a + 32);
		if (b >= 'A' && b <= 'Z')
			b = (uint8_t)(b + 32);
		if (a != b)
			return false;
	}
	return true;
}

static void
dns_readable(struct event_fd *w, unsigned revents, void *arg)
{
	struct hc_check *c = arg;
	struct dns_att *a = c->priv;
	struct dns_reply_info info;
	uint8_t buf[DNS_RECV_MAX];
	enum hc_result r;
	ssize_t n;

	(void)w;
	(void)revents;
	n = recv(a->d.fd, buf, sizeof(buf), 0);
	if (n < 0) {
		int e = errno;

		if (e == EAGAIN || e == EINTR)
			return;
		dns_finish(c, hc_dgram_errno_result(e), "%s", strerror(e));
		return;
	}
	memset(&info, 0, sizeof(info));
	if (dns_reply_check(buf, (size_t)n, &a->q, DNS_CHECK_COMPAT, &info, &r) ==
	    DNS_REPLY_IGNORE) {
		a->ignored = r;
		a->n_ignored++;
		a->bad_id = info.id;
		return;
	}
	if (!dns_same_question(buf, (size_t)n, &a->q)) {
		a->ignored = HC_BAD_REPLY;
		a->n_ignored++;
		return;
	}
	if (r == HC_OK)
		dns_finish(c, r, "%s %s answered (id %#06x, %u answer(s))",
			   dns_type_name(a->q.qtype), c->ck->dns_name ? c->ck->dns_name : ".",
			   info.id, info.ancount);
	else
		dns_finish(c, r, "rcode %u for %s %s", info.rcode, dns_type_name(a->q.qtype),
			   c->ck->dns_name ? c->ck->dns_name : ".");
}

static void
dns_deadline(struct event_timer *t, void *arg)
{
	struct hc_check *c = arg;
	struct dns_att *a = c->priv;

	(void)t;
	if (a->d.fd < 0)
		dns_finish(c, a->d.early, "cannot query: %s", strerror(a->d.early_err));
	else if (a->n_ignored && a->ignored == HC_WRONG_DNS_ID)
		dns_finish(c, HC_WRONG_DNS_ID, "wrong dns id: %u reply(ies) ignored, last id "
			   "%#06x, sent %#06x", a->n_ignored, a->bad_id, a->q.id);
	else if (a->n_ignored)
		dns_finish(c, a->ignored, "no valid reply: %u ignored, the last one %s",
			   a->n_ignored, a->ignored == HC_BAD_REPLY ? "malformed or for "
			   "another question" : hc_result_str(a->ignored));
	else
		dns_finish(c, HC_TIMEOUT, "no reply");
}

/* Build the query, open, send.  -errno with a->d.early set. */
static int
dns_send(struct hc_check *c)
{
	struct dns_att *a = c->priv;
	uint16_t type, id;
	int r;

	a->d.early = HC_INTERNAL;
	if ((r = dns_type_parse(c->ck->dns_type, &type)) < 0 ||
	    (r = dns_id_random(&id)) < 0 ||
	    (r = dns_query_build(&a->q, id, c->ck->dns_name, type)) < 0)
		return r;
	r = hc_dgram_open(&c->tgt, SOCK_DGRAM, IPPROTO_UDP, &a->d.early);
	if (r < 0)
		return r;
	a->d.fd = r;
	return hc_dgram_send(&a->d, a->q.buf, a->q.len);
}

static int
dns_start(struct hc_check *c)
{
	return hc_dgram_start(c, sizeof(struct dns_att), dns_send, dns_readable, dns_deadline,
			      dns_release);
}

const struct hc_ops hc_dns_ops = {
	.name = "DNS_CHECK",
	.start = dns_start,
	.cancel = dns_release,
};
