/* hc_smtp.c: SMTP_CHECK, as keepalived 2.2 runs it: connect, read the
 * greeting (must be 220), send "HELO <helo_name>" (reply must be 250),
 * send "QUIT" and read its reply, whatever the code (smtp_resp.h holds the
 * parser and the dialogue).  Each step (connect, each reply) runs under
 * connect_timeout.  helo_name defaults to keepalived's
 * "smtpchecker.keepalived.org"; the port to the real server's, else 25.
 *
 * The deprecated host { } blocks are each checked in turn within one
 * attempt (their options default to the checker's); the attempt succeeds
 * only if every host passes, as in keepalived.  As in keepalived 2.2
 * (which makes each host a checker of its own), the checker's own target
 * (connect_ip/connect_port, else the real server) is checked too, first,
 * when the block sets a connection option outside the hosts (connect_ip,
 * connect_port, bindto, bind_port, bind_if, fwmark, connect_timeout);
 * lab scenario 76 compares both daemons on this.
 *
 * One deliberate difference: keepalived 2.2 reads only the first line of a
 * reply and fails it unless the code is followed by a space or the end,
 * so an RFC 5321 multi-line reply ("220-..." then "220 ...") fails there;
 * here the whole reply is read and its code judged (lab scenario 61 checks
 * that both agree on single-line replies).
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "daemon/conf.h"
#include "event.h"
#include "health/hc.h"
#include "health/smtp_resp.h"

#define SMTP_DEFAULT_HELO "smtpchecker.keepalived.org"

struct smtp_att {
	int fd;
	size_t host;			/* index of the target (smtp_n_targets) */
	struct hc_target tgt;		/* of the current host */
	struct event_fd w;
	struct event_timer deadline;
	enum hc_result early;
	int early_err;
	bool connected;
	struct smtp_resp resp;
	struct smtp_dialog dlg;
};

static void
smtp_close(struct smtp_att *a)
{
	event_fd_del(&a->w);
	event_timer_cancel(&a->deadline);
	if (a->fd >= 0)
		close(a->fd);
	a->fd = -1;
}

static void
smtp_release(struct hc_check *c)
{
	struct smtp_att *a = c->priv;

	if (!a)
		return;
	smtp_close(a);
	free(a);
	c->priv = NULL;
}

static void __attribute__((format(printf, 3, 4)))
smtp_finish(struct hc_check *c, enum hc_result r, const char *fmt, ...)
{
	struct smtp_att *a = c->priv;
	char dst[64], what[96];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	hc_target_str(&a->tgt, dst, sizeof(dst));
	smtp_release(c);
	hc_check_done(c, r, "SMTP_CHECK %s: %s", dst, what);
}

static const char *
step_name(enum smtp_step s)
{
	static const char *const names[] = { "greeting", "HELO reply", "QUIT reply", "end" };

	return (unsigned)s < 4 ? names[s] : "?";
}

static void smtp_deadline(struct event_timer *t, void *arg);
static void smtp_io(struct event_fd *w, unsigned revents, void *arg);
static int smtp_host_begin(struct hc_check *c, struct smtp_att *a);

/* keepalived 2.2: with host blocks, the checker's own target is checked
 * too only if the block set a connection option outside them. */
static bool
smtp_own_target(const struct conf_checker *ck)
{
	const struct conf_conn *o = &ck->conn;

	if (ck->n_host == 0)
		return true;
	return o->connect_ip.af || o->connect_port != CONF_UNSET || o->bindto.af ||
	       o->bind_port != CONF_UNSET || o->bind_if ||
	       (o->fwmark != CONF_UNSET && o->fwmark != 0) || o->connect_timeout != CONF_UNSET;
}

/* Targets of one attempt: the checker's own (if any), then each host. */
static size_t
smtp_n_targets(const struct conf_checker *ck)
{
	return ck->n_host + (smtp_own_target(ck) ? 1 : 0);
}

/* The step in a->dlg is over: next host, or the end of the attempt. */
static void
smtp_host_done(struct hc_check *c, struct smtp_att *a)
{
	int err;

	smtp_close(a);
	if (++a->host >= smtp_n_targets(c->ck)) {
		smtp_finish(c, HC_OK, "greeting, HELO and QUIT ok");
		return;
	}
	err = smtp_host_begin(c, a);
	if (err < 0)
		smtp_finish(c, HC_INTERNAL, "cannot start: %s", strerror(-err));
}

/* A complete reply with @code: answer it.  false if the attempt ended. */
static bool
smtp_reply(struct hc_check *c, struct smtp_att *a, int code)
{
	char out[300];
	size_t len = 0;
	enum smtp_step step = a->dlg.step;
	enum hc_result r = smtp_dialog_reply(&a->dlg, code, out, sizeof(out), &len);

	if (r != HC_OK) {
		smtp_finish(c, r, "%s: code %d", step_name(step), code);
		return false;
	}
	if (a->dlg.step == SMTP_STEP_DONE) {
		smtp_host_done(c, a);
		return false;
	}
	if (send(a->fd, out, len, MSG_NOSIGNAL) != (ssize_t)len) {
		smtp_finish(c, HC_WRITE_ERROR, "cannot send %.4s: %s", out, strerror(errno));
		return false;
	}
	smtp_resp_init(&a->resp);
	(void)event_timer_add_us(c->loop, &a->deadline, a->tgt.timeout_us, smtp_deadline, c);
	return true;
}

static void
smtp_readable(struct hc_check *c, struct smtp_att *a)
{
	char buf[1024];
	size_t off = 0, used;
	ssize_t n;
	int r;

	n = recv(a->fd, buf, sizeof(buf), 0);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		smtp_finish(c, n == 0 ? HC_NO_REPLY : HC_READ_ERROR, "%s: %s",
			    step_name(a->dlg.step), n == 0 ? "connection closed" : strerror(errno));
		return;
	}
	while (off < (size_t)n) {
		r = smtp_resp_feed(&a->resp, buf + off, (size_t)n - off, &used);
		off += used;
		if (r < 0) {
			smtp_finish(c, a->resp.result, "%s: %s", step_name(a->dlg.step),
				    hc_result_str(a->resp.result));
			return;
		}
		if (r == SMTP_RESP_MORE)
			return;
		if (!smtp_reply(c, a, a->resp.code))
			return;
	}
}

static void
smtp_io(struct event_fd *w, unsigned revents, void *arg)
{
	struct hc_check *c = arg;
	struct smtp_att *a = c->priv;
	enum hc_result r;
	int err;

	(void)w;
	(void)revents;
	if (a->connected) {
		smtp_readable(c, a);
		return;
	}
	r = hc_sock_error(a->fd, &err);
	if (r != HC_OK) {
		smtp_finish(c, r, "connect: %s", strerror(err));
		return;
	}
	a->connected = true;
	if (event_fd_modify(&a->w, EVENT_READ) < 0) {
		smtp_finish(c, HC_INTERNAL, "event loop failure");
		return;
	}
	(void)event_timer_add_us(c->loop, &a->deadline, a->tgt.timeout_us, smtp_deadline, c);
}

static void
smtp_deadline(struct event_timer *t, void *arg)
{
	struct hc_check *c = arg;
	struct smtp_att *a = c->priv;

	(void)t;
	if (a->fd < 0)
		smtp_finish(c, a->early, "cannot connect: %s", strerror(a->early_err));
	else if (!a->connected)
		smtp_finish(c, HC_TIMEOUT, "connect timeout");
	else
		smtp_finish(c, HC_TIMEOUT, "timeout waiting for the %s", step_name(a->dlg.step));
}

/* Where target @i connects: the checker's own, or a host's options over
 * the checker's. */
static int
smtp_host_target(const struct hc_check *c, size_t i, struct hc_target *t)
{
	struct conf_checker ck = *c->ck;
	const struct conf_conn *h;
	bool own = smtp_own_target(c->ck);

	if (own && i == 0) {
		*t = c->tgt;
		return 0;
	}
	h = &c->ck->host[i - (own ? 1 : 0)];
	if (h->connect_ip.af)
		ck.conn.connect_ip = h->connect_ip;
	if (h->connect_port != CONF_UNSET)
		ck.conn.connect_port = h->connect_port;
	if (h->bindto.af)
		ck.conn.bindto = h->bindto;
	if (h->bind_port != CONF_UNSET)
		ck.conn.bind_port = h->bind_port;
	if (h->bind_if)
		ck.conn.bind_if = h->bind_if;
	if (h->fwmark != CONF_UNSET)
		ck.conn.fwmark = h->fwmark;
	return hc_target_resolve(t, c->rs, &ck, h->connect_timeout > 0 ?
				 (uint64_t)h->connect_timeout : c->tgt.timeout_us);
}

static int
smtp_host_begin(struct hc_check *c, struct smtp_att *a)
{
	const char *helo = c->ck->helo_name ? c->ck->helo_name : SMTP_DEFAULT_HELO;
	int fd;

	a->connected = false;
	smtp_resp_init(&a->resp);
	a->early = HC_INTERNAL;
	a->early_err = EINVAL;
	if (smtp_dialog_init(&a->dlg, helo) < 0 ||
	    smtp_host_target(c, a->host, &a->tgt) < 0) {
		a->fd = -1;	/* reported by smtp_deadline at once */
		return event_timer_add_us(c->loop, &a->deadline, 0, smtp_deadline, c);
	}
	fd = hc_sock_open(&a->tgt, &a->early);
	a->fd = fd < 0 ? -1 : fd;
	if (fd < 0) {
		a->early_err = -fd;
		return event_timer_add_us(c->loop, &a->deadline, 0, smtp_deadline, c);
	}
	if (event_fd_add(c->loop, &a->w, fd, EVENT_WRITE, smtp_io, c) < 0)
		return -ENOMEM;
	return event_timer_add_us(c->loop, &a->deadline, a->tgt.timeout_us, smtp_deadline, c);
}

static int
smtp_start(struct hc_check *c)
{
	struct smtp_att *a;
	int err;

	a = calloc(1, sizeof(*a));
	if (!a)
		return -ENOMEM;
	a->fd = -1;
	c->priv = a;
	err = smtp_host_begin(c, a);
	if (err < 0)
		smtp_release(c);
	return err < 0 ? err : 0;
}

const struct hc_ops hc_smtp_ops = {
	.name = "SMTP_CHECK",
	.start = smtp_start,
	.cancel = smtp_release,
};
