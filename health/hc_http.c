/* hc_http.c: HTTP_GET and SSL_GET.
 *
 * Each url{} of the checker is fetched on its own connection, in order;
 * the attempt succeeds when every url passes (status code in the accepted
 * set, then the body digest if one is configured).  As in keepalived, a
 * checker that is down fetches its urls delay_loop apart (so recovery with
 * N urls takes (N-1) delay_loops more), unless fast_recovery.  Steps and their
 * deadlines (connect_timeout each): connect, TLS handshake (SSL_GET),
 * request write, response read.  The read deadline is not extended by
 * progress, so a peer trickling bytes (slow-loris) still times out; the
 * parser (http_resp.h) bounds what an endless or oversized reply costs.
 * When a deadline fires the socket gets one non-blocking look first (a
 * busy loop may not have dispatched it yet): see http_deadline().
 * The server certificate is not verified (as keepalived without a CA).
 * A url regex (hc_regex.h) is matched over the body as it arrives, after
 * the status code and the digest in keepalived's order of judgement.
 *
 * Cost per url, plain HTTP: socket, connect, one edge-triggered epoll
 * registration for the whole exchange (no epoll_ctl MOD per step),
 * send, recv until the reply is complete, close (no epoll_ctl DEL: the
 * health child never shares a socket; no getsockopt(SO_ERROR) unless epoll
 * reports an error).  Memory: an attempt holds a few hundred bytes (the
 * request is allocated to its size, the parser's line buffer grows only
 * for a long line, the body streams into the digest and regex).
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "daemon/conf.h"
#include "event.h"
#include "health/hc.h"
#include "health/hc_regex.h"
#include "health/http_digest.h"
#include "health/http_req.h"
#include "health/http_resp.h"

enum http_step { ST_CONNECT, ST_HANDSHAKE, ST_WRITE, ST_READ };

static const char *const step_names[] = {
	[ST_CONNECT] = "connect", [ST_HANDSHAKE] = "handshake",
	[ST_WRITE] = "write", [ST_READ] = "read",
};

struct http_att {
	bool tls;
	size_t url_i;
	int fd;
	enum http_step st;
	struct event_fd w;
	struct event_timer deadline;
	unsigned want;			/* events the step waits for */
	unsigned rev;			/* events of this wake-up (0: deadline) */
	SSL_CTX *ctx;
	SSL *ssl;
	char *req;			/* the request, malloc'd to its size */
	size_t req_len, req_off;
	struct http_digest dg;
	bool dg_on;
	struct hc_regex_stream rx;
	bool rx_on;
	enum hc_result early;
	int early_err;
	struct http_resp resp;
};

static void http_deadline(struct event_timer *t, void *arg);
static void http_io(struct event_fd *w, unsigned revents, void *arg);

static void
conn_close(struct http_att *a)
{
	event_fd_forget(&a->w);	/* close() below removes it from epoll */
	event_timer_cancel(&a->deadline);
	if (a->ssl)
		SSL_free(a->ssl);
	a->ssl = NULL;
	if (a->ctx)
		SSL_CTX_free(a->ctx);
	a->ctx = NULL;
	if (a->fd >= 0)
		close(a->fd);
	a->fd = -1;
	free(a->req);
	a->req = NULL;
	http_resp_free(&a->resp);
	http_digest_free(&a->dg);
	a->dg_on = false;
	hc_regex_stream_free(&a->rx);
	a->rx_on = false;
}

static void
http_release(struct hc_check *c)
{
	struct http_att *a = c->priv;

	if (!a)
		return;
	conn_close(a);
	free(a);
	c->priv = NULL;
}

static const struct conf_url *
cur_url(const struct hc_check *c)
{
	const struct http_att *a = c->priv;

	return &c->ck->url[a->url_i];
}

static void
http_fail(struct hc_check *c, enum hc_result r, const char *why)
{
	struct http_att *a = c->priv;
	char dst[64];
	const char *path = c->ck->n_url ? cur_url(c)->path : "";

	hc_target_str(&c->tgt, dst, sizeof(dst));
	if (r == HC_TIMEOUT && !why)
		why = step_names[a->st];
	http_release(c);
	hc_check_done(c, r, "%s %s%s: %s%s%s", c->ops->name, dst, path ? path : "",
		      hc_result_str(r), why ? ": " : "", why ? why : "");
}

/* set_step: the next step, waiting for @ev, under a fresh deadline.  The
 * socket stays registered for both directions, edge-triggered: no epoll
 * call here. */
static int
set_step(struct hc_check *c, enum http_step st, unsigned ev)
{
	struct http_att *a = c->priv;

	a->st = st;
	a->want = ev;
	return event_timer_add_us(c->loop, &a->deadline, c->tgt.timeout_us,
				  http_deadline, c);
}

static int
build_request(struct hc_check *c)
{
	struct http_att *a = c->priv;
	const struct conf_url *u = cur_url(c);
	struct http_req rq = { .path = u->path ? u->path : "/" };
	char addr[INET6_ADDRSTRLEN] = "", buf[2048];
	int n;

	if (http_proto_parse(c->ck->http_protocol, &rq.proto) < 0)
		rq.proto = HTTP_PROTO_1_0;
	rq.vhost = http_req_vhost(u->virtualhost, c->ck->virtualhost,
				  c->rs->virtualhost, c->vs->virtualhost);
	if (c->tgt.dst.sa.sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = &c->tgt.dst.in6;

		inet_ntop(AF_INET6, &s6->sin6_addr, addr, sizeof(addr));
		rq.port = ntohs(s6->sin6_port);
		rq.ipv6 = 1;
	} else {
		const struct sockaddr_in *s4 = &c->tgt.dst.in;

		inet_ntop(AF_INET, &s4->sin_addr, addr, sizeof(addr));
		rq.port = ntohs(s4->sin_port);
	}
	rq.addr = addr;
	n = http_req_build(buf, sizeof(buf), &rq);
	if (n < 0)
		return n;
	free(a->req);
	a->req = malloc((size_t)n);
	if (!a->req)
		return -ENOMEM;
	memcpy(a->req, buf, (size_t)n);
	a->req_len = (size_t)n;
	a->req_off = 0;
	return 0;
}

static int
tls_setup(struct hc_check *c)
{
	struct http_att *a = c->priv;
	const struct conf_url *u = cur_url(c);
	const char *sni;

	a->ctx = SSL_CTX_new(TLS_client_method());
	if (!a->ctx)
		return -ENOMEM;
	SSL_CTX_set_verify(a->ctx, SSL_VERIFY_NONE, NULL);
#ifdef SSL_OP_IGNORE_UNEXPECTED_EOF
	if (!c->ck->tls_compliant && !u->tls_compliant)
		SSL_CTX_set_options(a->ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
#endif
	a->ssl = SSL_new(a->ctx);
	if (!a->ssl || SSL_set_fd(a->ssl, a->fd) != 1)
		return -ENOMEM;
	SSL_set_connect_state(a->ssl);
	if (c->ck->enable_sni) {
		sni = c->ck->sni_name ? c->ck->sni_name :
			http_req_vhost(u->virtualhost, c->ck->virtualhost,
				       c->rs->virtualhost, c->vs->virtualhost);
		if (sni && SSL_set_tlsext_host_name(a->ssl, sni) != 1)
			return -EINVAL;
	}
	return 0;
}

/* body_cb: the body goes to the digest and to the regex.  A regex error
 * (match limit) is kept in the stream and judged in url_done(). */
static int
body_cb(void *arg, const uint8_t *data, size_t len)
{
	struct http_att *a = arg;

	if (a->dg_on && http_digest_body_cb(&a->dg, data, len) < 0)
		return -EIO;
	if (a->rx_on)
		(void)hc_regex_stream_feed(&a->rx, data, len);
	return 0;
}

/* regex_open: the url's regex stream; keepalived ignores both offsets when
 * regex_min_offset > regex_max_offset (conf_check warns). */
static int
regex_open(struct http_att *a, const struct conf_url *u)
{
	const struct hc_regex *re;
	const char *bad;
	uint64_t lo = 0, hi = HC_REGEX_NO_LIMIT;
	uint32_t fl;
	int err;

	err = hc_regex_options(u->regex_options.v, u->regex_options.n, &fl, &bad);
	if (err == 0)
		err = hc_regex_get(u->regex, fl, &re, NULL, 0);
	if (err < 0)
		return err;	/* conf_check refused these at load */
	if (u->regex_min_offset != CONF_UNSET)
		lo = (uint64_t)u->regex_min_offset;
	if (u->regex_max_offset != CONF_UNSET)
		hi = (uint64_t)u->regex_max_offset;
	if (lo > hi)
		lo = 0, hi = HC_REGEX_NO_LIMIT;
	err = hc_regex_stream_init(&a->rx, re, lo, hi);
	if (err < 0)
		return err;
	a->rx_on = true;
	return 0;
}

/* conn_open: start the connection for the current url. */
static int
conn_open(struct hc_check *c)
{
	struct http_att *a = c->priv;
	const struct conf_url *u = cur_url(c);
	enum hc_result res;
	int fd, err;

	err = build_request(c);
	if (err < 0)
		return err;
	http_resp_init(&a->resp, NULL, HTTP_BODY_RAW, NULL, NULL);
	if (u->digest) {
		err = http_digest_init(&a->dg);
		if (err < 0)
			return err;
		a->dg_on = true;
	}
	if (u->regex) {
		err = regex_open(a, u);
		if (err < 0)
			return err;
	}
	if (a->dg_on || a->rx_on) {
		a->resp.cb = body_cb;
		a->resp.cb_arg = a;
	}
	a->st = ST_CONNECT;
	a->want = EVENT_WRITE;
	fd = hc_sock_open(&c->tgt, &res);
	if (fd < 0) {
		/* reported from the loop, never from inside start() */
		a->early = res;
		a->early_err = -fd;
		return event_timer_add_us(c->loop, &a->deadline, 0, http_deadline, c);
	}
	a->fd = fd;
	err = event_fd_add(c->loop, &a->w, fd, EVENT_READ | EVENT_WRITE | EVENT_EDGE,
			   http_io, c);
	if (err >= 0)
		err = event_timer_add_us(c->loop, &a->deadline, c->tgt.timeout_us,
					 http_deadline, c);
	return err;
}

/* step_ready: is the socket ready for what the current step waits for? */
static bool
step_ready(const struct http_att *a)
{
	struct pollfd p = { .fd = a->fd };

	if (a->ssl && SSL_pending(a->ssl) > 0)
		return true;
	if (a->want & EVENT_READ)
		p.events |= POLLIN;
	if (a->want & EVENT_WRITE)
		p.events |= POLLOUT;
	return p.events && poll(&p, 1, 0) == 1;
}

/* A deadline fired.  A loop that is behind (it dispatches at most a batch
 * of ready descriptors before running timers) may not have looked at a
 * socket that is ready: one last non-blocking look first.  The attempt
 * survives only if that moves it to its next step (which arms a fresh
 * deadline) or ends it; a step that merely makes progress (slow-loris)
 * still times out. */
static void
http_deadline(struct event_timer *t, void *arg)
{
	struct hc_check *c = arg;
	struct http_att *a = c->priv;

	(void)t;
	if (a->fd < 0) {
		http_fail(c, a->early, a->early == HC_REFUSED ? NULL :
			  strerror(a->early_err));
		return;
	}
	if (step_ready(a)) {
		http_io(&a->w, 0, c);
		a = c->priv;
		if (!a || event_timer_armed(&a->deadline))
			return;
	}
	http_fail(c, HC_TIMEOUT, NULL);
}

/* tls_want: map an SSL error to the events to wait for; -1 on failure. */
static int
tls_want(struct http_att *a, int ret, unsigned *ev)
{
	switch (SSL_get_error(a->ssl, ret)) {
	case SSL_ERROR_WANT_READ:
		*ev = EVENT_READ;
		return 0;
	case SSL_ERROR_WANT_WRITE:
		*ev = EVENT_WRITE;
		return 0;
	case SSL_ERROR_ZERO_RETURN:
		return 1;	/* clean close */
	default:
		ERR_clear_error();
		return -1;
	}
}

/* io_read: >0 bytes, 0 EOF, -EAGAIN (watch *ev), -EIO failure. */
static ssize_t
io_read(struct http_att *a, void *buf, size_t len, unsigned *ev)
{
	ssize_t n;
	int r;

	*ev = EVENT_READ;
	if (!a->ssl) {
		n = recv(a->fd, buf, len, 0);
		if (n < 0)
			return errno == EAGAIN || errno == EINTR ? -EAGAIN : -EIO;
		return n;
	}
	r = SSL_read(a->ssl, buf, (int)len);
	if (r > 0)
		return r;
	r = tls_want(a, r, ev);
	return r == 0 ? -EAGAIN : r == 1 ? 0 : -EIO;
}

static ssize_t
io_write(struct http_att *a, const void *buf, size_t len, unsigned *ev)
{
	ssize_t n;
	int r;

	*ev = EVENT_WRITE;
	if (!a->ssl) {
		n = send(a->fd, buf, len, MSG_NOSIGNAL);
		if (n < 0)
			return errno == EAGAIN || errno == EINTR ? -EAGAIN : -EIO;
		return n;
	}
	r = SSL_write(a->ssl, buf, (int)len);
	if (r > 0)
		return r;
	return tls_want(a, r, ev) == 0 ? -EAGAIN : -EIO;
}

/* Steps: >0 go on with the next step now, 0 wait for the watch, <0 the
 * attempt ended (its state is gone).  The watch is edge-triggered: a step
 * waits only after its I/O said EAGAIN (or, see step_write, when no data
 * can be there yet), so the next edge is never missed. */
static int
wait_for(struct hc_check *c, unsigned ev)
{
	struct http_att *a = c->priv;

	a->want = ev;
	return 0;
}

static int
step_connect(struct hc_check *c)
{
	struct http_att *a = c->priv;
	enum hc_result r = HC_OK;
	int err = 0;

	if (a->rev && !(a->rev & (EVENT_WRITE | EVENT_ERR | EVENT_HUP)))
		return 0;	/* not connected yet */
	/* writable without EPOLLERR/EPOLLHUP is connected; otherwise (or
	 * from the deadline's poll) ask the socket */
	if (a->rev != EVENT_WRITE && a->rev != (EVENT_WRITE | EVENT_READ))
		r = hc_sock_error(a->fd, &err);
	if (r != HC_OK) {
		http_fail(c, r, r == HC_REFUSED || r == HC_TIMEOUT ? NULL : strerror(err));
		return -1;
	}
	if (a->tls && tls_setup(c) < 0) {
		http_fail(c, HC_INTERNAL, "TLS setup");
		return -1;
	}
	if (set_step(c, a->tls ? ST_HANDSHAKE : ST_WRITE, EVENT_WRITE) < 0) {
		http_fail(c, HC_INTERNAL, "timer");
		return -1;
	}
	return 1;
}

static int
step_handshake(struct hc_check *c)
{
	struct http_att *a = c->priv;
	unsigned ev;
	int r;

	r = SSL_do_handshake(a->ssl);
	if (r == 1) {
		if (set_step(c, ST_WRITE, EVENT_WRITE) < 0) {
			http_fail(c, HC_INTERNAL, "timer");
			return -1;
		}
		return 1;
	}
	if (tls_want(a, r, &ev) == 0)
		return wait_for(c, ev);
	http_fail(c, HC_TLS_ERROR, "handshake");
	return -1;
}

static int
step_write(struct hc_check *c)
{
	struct http_att *a = c->priv;
	unsigned ev;
	ssize_t n;

	while (a->req_off < a->req_len) {
		n = io_write(a, a->req + a->req_off, a->req_len - a->req_off, &ev);
		if (n == -EAGAIN)
			return wait_for(c, ev);
		if (n <= 0) {
			http_fail(c, a->tls ? HC_TLS_ERROR : HC_WRITE_ERROR, NULL);
			return -1;
		}
		a->req_off += (size_t)n;
	}
	if (set_step(c, ST_READ, EVENT_READ) < 0) {
		http_fail(c, HC_INTERNAL, "timer");
		return -1;
	}
	/* the reply can only arrive after the request: a read edge after
	 * this wake-up comes as a new event, so try recv() now only if this
	 * wake-up already said readable (TLS: always, OpenSSL may buffer) */
	return a->tls || (a->rev & EVENT_READ) ? 1 : 0;
}

static void
http_next_url(struct event_timer *t, void *arg)
{
	struct hc_check *c = arg;

	(void)t;
	if (conn_open(c) < 0)
		http_fail(c, HC_INTERNAL, "cannot open");
}

/* regex_verdict: 0 if the url's regex (no_)match holds, else the attempt
 * failed (-1). */
static int
regex_verdict(struct hc_check *c, const struct conf_url *u)
{
	struct http_att *a = c->priv;
	char why[80];
	int m = hc_regex_stream_end(&a->rx);

	if (m < 0) {
		http_fail(c, HC_REGEX_MISMATCH, m == -E2BIG ? "regex match limit reached" :
			  "regex out of memory");
		return -1;
	}
	if ((m == 1) == u->regex_no_match) {
		if (m == 1)
			snprintf(why, sizeof(why), "regex matched at body offset %llu (regex_no_match)",
				 (unsigned long long)a->rx.match_off);
		else
			snprintf(why, sizeof(why), "regex did not match");
		http_fail(c, HC_REGEX_MISMATCH, why);
		return -1;
	}
	return 0;
}

static int
url_done(struct hc_check *c)
{
	struct http_att *a = c->priv;
	const struct conf_url *u = cur_url(c);
	char got[HTTP_DIGEST_HEX_LEN + 1] = "", why[80];
	enum hc_result v;

	if (a->dg_on) {
		a->dg_on = false;
		if (http_digest_final_hex(&a->dg, got) < 0) {
			http_fail(c, HC_INTERNAL, "digest");
			return -1;
		}
	}
	v = http_resp_verdict(&a->resp, u->status, u->status_set, u->digest,
			      u->digest ? got : NULL);
	if (v != HC_OK) {
		if (v == HC_DIGEST_MISMATCH)
			snprintf(why, sizeof(why), "digest %s", got);
		else
			snprintf(why, sizeof(why), "status %d", a->resp.status);
		http_fail(c, v, why);
		return -1;
	}
	if (a->rx_on && regex_verdict(c, u) < 0)
		return -1;
	if (++a->url_i < c->ck->n_url) {
		conn_close(a);
		if (c->recovering && !c->ck->fast_recovery) {
			/* keepalived: a recovering server's urls are
			 * fetched delay_loop apart */
			if (event_timer_add_us(c->loop, &a->deadline, c->delay_loop_us,
					       http_next_url, c) < 0) {
				http_fail(c, HC_INTERNAL, "timer");
				return -1;
			}
			return 0;
		}
		if (conn_open(c) < 0) {
			http_fail(c, HC_INTERNAL, "cannot open");
			return -1;
		}
		return 0;
	}
	hc_target_str(&c->tgt, why, sizeof(why));
	http_release(c);
	hc_check_done(c, HC_OK, "%s %s: %zu url(s) ok", c->ops->name, why, c->ck->n_url);
	return -1;
}

static int
step_read(struct hc_check *c)
{
	struct http_att *a = c->priv;
	uint8_t buf[4096];
	unsigned ev;
	ssize_t n;
	int r;

	for (;;) {
		n = io_read(a, buf, sizeof(buf), &ev);
		if (n == -EAGAIN)
			return wait_for(c, ev);
		if (n < 0) {
			http_fail(c, a->tls ? HC_TLS_ERROR : HC_READ_ERROR, NULL);
			return -1;
		}
		r = n > 0 ? http_resp_feed(&a->resp, buf, (size_t)n)
			  : http_resp_eof(&a->resp);
		if (r == HTTP_RESP_DONE)
			return url_done(c);
		if (r < 0) {
			http_fail(c, a->resp.result, NULL);
			return -1;
		}
	}
}

static void
http_io(struct event_fd *w, unsigned revents, void *arg)
{
	struct hc_check *c = arg;
	struct http_att *a;
	int r;

	(void)w;
	a = c->priv;
	a->rev = revents;
	do {
		a = c->priv;
		switch (a->st) {
		case ST_CONNECT:
			r = step_connect(c);
			break;
		case ST_HANDSHAKE:
			r = step_handshake(c);
			break;
		case ST_WRITE:
			r = step_write(c);
			break;
		default:
			r = step_read(c);
			break;
		}
	} while (r > 0);
}

static int
http_start(struct hc_check *c)
{
	struct http_att *a;
	int err;

	if (c->ck->n_url == 0)
		return -EINVAL;
	a = calloc(1, sizeof(*a));
	if (!a)
		return -ENOMEM;
	a->fd = -1;
	a->tls = c->ops == &hc_ssl_ops;
	c->priv = a;
	err = conn_open(c);
	if (err < 0)
		http_release(c);
	return err < 0 ? err : 0;
}

const struct hc_ops hc_http_ops = {
	.name = "HTTP_GET",
	.start = http_start,
	.cancel = http_release,
};

const struct hc_ops hc_ssl_ops = {
	.name = "SSL_GET",
	.start = http_start,
	.cancel = http_release,
};
