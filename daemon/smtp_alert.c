/* smtp_alert.c: the non-blocking SMTP client of the mail alerts (see
 * smtp_alert.h).  Replies are parsed by health/smtp_resp.c (the SMTP_CHECK
 * parser), the dialogue and texts come from smtp_msg.c. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "health/smtp_resp.h"
#include "log.h"
#include "smtp_alert.h"
#include "smtp_msg.h"

#define REPLY_TEXT_MAX 120

/* The settings of one configuration, shared by the mails queued under it. */
struct sa_cfg {
	unsigned refs;
	struct sockaddr_storage addr;
	socklen_t alen;
	char server[INET6_ADDRSTRLEN + 16];	/* "[addr]:port" for logs */
	char *helo, *from, *to_hdr;
	char **rcpt;
	size_t n_rcpt;
	unsigned timeout_s;
};

struct sa_mail {
	struct sa_mail *next;
	struct sa_cfg *cfg;
	char subject[SMTP_MSG_SUBJECT_MAX];
	char *data;
	size_t len;
};

struct smtp_alert {
	struct event_loop *loop;
	struct sa_cfg *cfg;		/* NULL: mail off */
	char rid[128];
	struct sa_mail *head, *tail;	/* queue */
	size_t n_queued;
	struct sa_mail *cur;		/* in dialogue */
	int fd;
	bool connecting;
	struct event_fd w;
	struct event_timer t_step, t_kick;
	uint64_t dialog_end_us;
	struct smtp_resp resp;
	struct smtp_dlg dlg;
	const char *out;		/* unsent bytes */
	size_t out_len;
	char reply[REPLY_TEXT_MAX + 1];	/* text of the reply being read */
	size_t reply_len;
	struct smtp_alert_stats st;
};

static void kick(struct smtp_alert *sa);
static void kick_cb(struct event_timer *t, void *arg);

/* ---- settings ---- */

static void
cfg_unref(struct sa_cfg *c)
{
	size_t i;

	if (c == NULL || --c->refs > 0)
		return;
	for (i = 0; i < c->n_rcpt; i++)
		free(c->rcpt[i]);
	free(c->rcpt);
	free(c->helo);
	free(c->from);
	free(c->to_hdr);
	free(c);
}

static int
cfg_resolve(struct sa_cfg *c, const char *host, unsigned port, char *err, size_t errlen)
{
	struct addrinfo hints, *res = NULL;
	char ps[8], a[INET6_ADDRSTRLEN];
	int r;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV | AI_NUMERICHOST;
	snprintf(ps, sizeof(ps), "%u", port);
	if ((r = getaddrinfo(host, ps, &hints, &res)) != 0) {
		hints.ai_flags = AI_NUMERICSERV | AI_ADDRCONFIG;
		r = getaddrinfo(host, ps, &hints, &res);
	}
	if (r != 0 || res == NULL || res->ai_addrlen > sizeof(c->addr)) {
		snprintf(err, errlen, "smtp_server %s: %s", host,
			 r ? gai_strerror(r) : "no address");
		if (res)
			freeaddrinfo(res);
		return -EINVAL;
	}
	memcpy(&c->addr, res->ai_addr, res->ai_addrlen);
	c->alen = res->ai_addrlen;
	freeaddrinfo(res);
	if (c->addr.ss_family == AF_INET6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&c->addr)->sin6_addr, a, sizeof(a));
	else
		inet_ntop(AF_INET, &((struct sockaddr_in *)&c->addr)->sin_addr, a, sizeof(a));
	snprintf(c->server, sizeof(c->server), "[%s]:%u", a, port);
	return 0;
}

/* "a, b, c" (keepalived's To header) and the RCPT list. */
static int
cfg_rcpt(struct sa_cfg *c, const struct conf_strv *v, char *err, size_t errlen)
{
	size_t i, len = 1;

	if ((c->rcpt = calloc(v->n, sizeof(*c->rcpt))) == NULL)
		return -ENOMEM;
	for (i = 0; i < v->n; i++) {
		if (!smtp_msg_addr_ok(v->v[i])) {
			snprintf(err, errlen, "notification_email: unusable address \"%.80s\"",
				 v->v[i]);
			return -EINVAL;
		}
		if ((c->rcpt[i] = strdup(v->v[i])) == NULL)
			return -ENOMEM;
		c->n_rcpt++;
		len += strlen(v->v[i]) + 2;
	}
	if ((c->to_hdr = calloc(1, len)) == NULL)
		return -ENOMEM;
	for (i = 0; i < v->n; i++) {
		if (i)
			strcat(c->to_hdr, ", ");
		strcat(c->to_hdr, v->v[i]);
	}
	return 0;
}

static int
cfg_build(struct sa_cfg *c, const struct conf_global *g, const char *host, char *err,
	  size_t errlen)
{
	char from[SMTP_MSG_ADDR_MAX + 1];
	int r;

	if ((r = cfg_rcpt(c, &g->notification_email, err, errlen)) < 0)
		return r;
	snprintf(from, sizeof(from), "keepalived@%s", host);
	c->from = strdup(g->notification_email_from ? g->notification_email_from : from);
	c->helo = strdup(g->smtp_helo_name ? g->smtp_helo_name : host);
	if (c->from == NULL || c->helo == NULL)
		return -ENOMEM;
	if (!smtp_msg_addr_ok(c->from)) {
		snprintf(err, errlen, "notification_email_from: unusable address \"%.80s\"", c->from);
		return -EINVAL;
	}
	if (!smtp_msg_addr_ok(c->helo)) {
		snprintf(err, errlen, "smtp_helo_name: unusable name \"%.80s\"", c->helo);
		return -EINVAL;
	}
	c->timeout_s = g->smtp_connect_timeout > 0 ? (unsigned)g->smtp_connect_timeout : 30;
	return cfg_resolve(c, g->smtp_server, g->smtp_port > 0 ? (unsigned)g->smtp_port : 25,
			   err, errlen);
}

int
smtp_alert_configure(struct smtp_alert *sa, const struct conf_global *g, char *err,
		     size_t errlen)
{
	char host[256] = "localhost";
	struct sa_cfg *c;
	int r;

	if (gethostname(host, sizeof(host) - 1) < 0 || !host[0])
		snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	snprintf(sa->rid, sizeof(sa->rid), "%s", g->router_id ? g->router_id : host);
	cfg_unref(sa->cfg);
	sa->cfg = NULL;
	if (g->notification_email.n == 0 || g->smtp_server == NULL)
		return 0;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return -ENOMEM;
	c->refs = 1;
	if ((r = cfg_build(c, g, host, err, errlen)) < 0) {
		if (r == -ENOMEM)
			snprintf(err, errlen, "out of memory");
		cfg_unref(c);
		return r;
	}
	sa->cfg = c;
	return 1;
}

bool
smtp_alert_enabled(const struct smtp_alert *sa)
{
	return sa->cfg != NULL;
}

const char *
smtp_alert_router_id(const struct smtp_alert *sa)
{
	return sa->rid;
}

/* ---- queue ---- */

static void
mail_free(struct sa_mail *m)
{
	cfg_unref(m->cfg);
	free(m->data);
	free(m);
}

int
smtp_alert_send(struct smtp_alert *sa, const char *subject, const char *body)
{
	char date[64];
	struct sa_mail *m;
	size_t cap;
	long n;

	if (sa->cfg == NULL)
		return 0;
	if (sa->n_queued >= SMTP_ALERT_QUEUE_MAX) {
		sa->st.dropped++;
		log_warnx("SMTP alert dropped, %d mails already waiting (%llu dropped so far): %s",
			  SMTP_ALERT_QUEUE_MAX, (unsigned long long)sa->st.dropped, subject);
		return -ENOBUFS;
	}
	if ((m = calloc(1, sizeof(*m))) == NULL)
		return -ENOMEM;
	cap = 256 + 2 * (strlen(subject) + strlen(body) + strlen(sa->cfg->from) +
			 strlen(sa->cfg->to_hdr));
	if ((m->data = malloc(cap)) == NULL) {
		free(m);
		return -ENOMEM;
	}
	smtp_msg_date(date, sizeof(date), time(NULL));
	snprintf(m->subject, sizeof(m->subject), "%s", subject);
	n = smtp_msg_data(m->data, cap, date, sa->cfg->from, m->subject, sa->cfg->to_hdr, body);
	if (n < 0) {
		free(m->data);
		free(m);
		return -EMSGSIZE;
	}
	m->len = (size_t)n;
	m->cfg = sa->cfg;
	m->cfg->refs++;
	if (sa->tail)
		sa->tail->next = m;
	else
		sa->head = m;
	sa->tail = m;
	sa->n_queued++;
	sa->st.queued++;
	/* from the loop: the caller (a transition) is never delayed */
	if (sa->cur == NULL && !event_timer_armed(&sa->t_kick))
		event_timer_add_us(sa->loop, &sa->t_kick, 0, kick_cb, sa);
	return 0;
}

bool
smtp_alert_flag(int8_t own, int8_t g1, int8_t g2, bool dflt)
{
	if (own != CONF_TRI_UNSET)
		return own == CONF_TRI_YES;
	if (g1 != CONF_TRI_UNSET)
		return g1 == CONF_TRI_YES;
	if (g2 != CONF_TRI_UNSET)
		return g2 == CONF_TRI_YES;
	return dflt;
}

bool
smtp_alert_busy(const struct smtp_alert *sa)
{
	return sa->cur != NULL || sa->head != NULL;
}

void
smtp_alert_get_stats(const struct smtp_alert *sa, struct smtp_alert_stats *st)
{
	*st = sa->st;
}

/* ---- one dialogue ---- */

static void
kick_cb(struct event_timer *t, void *arg)
{
	(void)t;
	kick(arg);
}

/* End the current dialogue: log, count, close; the next one starts from
 * the loop (never recursively). */
static void
finish(struct smtp_alert *sa, bool sent, const char *why)
{
	struct sa_mail *m = sa->cur;

	if (sent) {
		sa->st.sent++;
		log_info("SMTP alert sent through %s: %s", m->cfg->server, m->subject);
	} else {
		sa->st.failed++;
		log_warnx("SMTP alert not sent through %s: %s (%s)", m->cfg->server, why,
			  m->subject);
	}
	event_fd_del(&sa->w);
	event_timer_cancel(&sa->t_step);
	if (sa->fd >= 0)
		close(sa->fd);
	sa->fd = -1;
	sa->cur = NULL;
	sa->out = NULL;
	sa->out_len = 0;
	mail_free(m);
	if (sa->head)
		event_timer_add_us(sa->loop, &sa->t_kick, 0, kick_cb, sa);
}

static void
step_cb(struct event_timer *t, void *arg)
{
	struct smtp_alert *sa = arg;
	char why[96];

	(void)t;
	if (sa->connecting)
		snprintf(why, sizeof(why), "timeout connecting (%us)", sa->cur->cfg->timeout_s);
	else
		snprintf(why, sizeof(why), "timeout waiting for the reply to %s",
			 smtp_dlg_step_str(sa->dlg.step));
	finish(sa, sa->dlg.sent, why);
}

/* Arm the step timer: smtp_connect_timeout, within the dialogue's limit. */
static void
arm_step(struct smtp_alert *sa)
{
	uint64_t now = event_now_us(sa->loop);
	uint64_t d = (uint64_t)sa->cur->cfg->timeout_s * 1000000u;

	if (now >= sa->dialog_end_us)
		d = 0;
	else if (d > sa->dialog_end_us - now)
		d = sa->dialog_end_us - now;
	event_timer_add_us(sa->loop, &sa->t_step, d, step_cb, sa);
}

/* Send what is pending; watch for writability while some is left.
 * false: the connection failed (finished). */
static bool
flush_out(struct smtp_alert *sa)
{
	char why[96];

	while (sa->out_len > 0) {
		ssize_t n = send(sa->fd, sa->out, sa->out_len, MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n <= 0) {
			snprintf(why, sizeof(why), "send: %s", n < 0 ? strerror(errno) : "nothing sent");
			finish(sa, sa->dlg.sent, why);
			return false;
		}
		sa->out += n;
		sa->out_len -= (size_t)n;
	}
	event_fd_modify(&sa->w, EVENT_READ | (sa->out_len ? EVENT_WRITE : 0));
	return true;
}

/* Keep the start of the reply's text, printable, for the logs. */
static void
note_reply(struct smtp_alert *sa, const char *d, size_t n)
{
	size_t i;

	for (i = 0; i < n && sa->reply_len < REPLY_TEXT_MAX; i++) {
		unsigned char c = (unsigned char)d[i];

		if (c == '\r' || (c == '\n' && i + 1 == n))
			continue;
		sa->reply[sa->reply_len++] = (c < 0x20 || c >= 0x7f) ? ' ' : (char)c;
	}
	sa->reply[sa->reply_len] = '\0';
}

/* A complete reply: false if the dialogue ended. */
static bool
on_reply(struct smtp_alert *sa)
{
	enum smtp_dlg_step step = sa->dlg.step;
	char why[REPLY_TEXT_MAX + 64];
	int r = smtp_dlg_reply(&sa->dlg, sa->resp.code);

	if (r == SMTP_DLG_END) {
		finish(sa, sa->dlg.sent, "dialogue over");
		return false;
	}
	if (r == SMTP_DLG_FAIL) {
		/* best effort QUIT, then close */
		(void)send(sa->fd, sa->dlg.out, sa->dlg.out_len, MSG_NOSIGNAL | MSG_DONTWAIT);
		snprintf(why, sizeof(why), "unexpected reply to %s: \"%s\"",
			 smtp_dlg_step_str(step), sa->reply);
		finish(sa, false, why);
		return false;
	}
	sa->out = sa->dlg.out;
	sa->out_len = sa->dlg.out_len;
	smtp_resp_init(&sa->resp);
	sa->reply_len = 0;
	sa->reply[0] = '\0';
	arm_step(sa);
	return flush_out(sa);
}

/* Parse what arrived; false if the dialogue ended. */
static bool
feed(struct smtp_alert *sa, const char *d, size_t n)
{
	while (n > 0) {
		size_t used = 0;
		int r = smtp_resp_feed(&sa->resp, d, n, &used);

		note_reply(sa, d, used);
		d += used;
		n -= used;
		if (r < 0) {
			char why[REPLY_TEXT_MAX + 64];

			snprintf(why, sizeof(why), "%s to %s: \"%s\"",
				 r == -EMSGSIZE ? "reply too long" : "malformed reply",
				 smtp_dlg_step_str(sa->dlg.step), sa->reply);
			finish(sa, sa->dlg.sent, why);
			return false;
		}
		if (r == SMTP_RESP_DONE && !on_reply(sa))
			return false;
	}
	return true;
}

static void
on_readable(struct smtp_alert *sa)
{
	char buf[1024];
	char why[96];

	for (;;) {
		ssize_t n = recv(sa->fd, buf, sizeof(buf), MSG_DONTWAIT);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n <= 0) {
			if (n == 0)
				snprintf(why, sizeof(why), "server closed the connection before the %s reply",
					 smtp_dlg_step_str(sa->dlg.step));
			else
				snprintf(why, sizeof(why), "recv: %s", strerror(errno));
			finish(sa, sa->dlg.sent, why);
			return;
		}
		if (!feed(sa, buf, (size_t)n))
			return;
	}
}

static void
on_connected(struct smtp_alert *sa)
{
	char why[96];
	int err = 0;
	socklen_t len = sizeof(err);

	if (getsockopt(sa->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
	if (err != 0) {
		snprintf(why, sizeof(why), "connect: %s", strerror(err));
		finish(sa, false, why);
		return;
	}
	sa->connecting = false;
	event_fd_modify(&sa->w, EVENT_READ);
	arm_step(sa);		/* the banner */
}

static void
fd_cb(struct event_fd *w, unsigned revents, void *arg)
{
	struct smtp_alert *sa = arg;

	(void)w;
	if (sa->connecting) {
		on_connected(sa);
		return;
	}
	if (revents & (EVENT_READ | EVENT_HUP | EVENT_ERR)) {
		on_readable(sa);
		if (sa->cur == NULL)
			return;
	}
	if (revents & EVENT_WRITE)
		(void)flush_out(sa);
}

/* Start the dialogue of sa->cur; false if it ended at once. */
static bool
start(struct smtp_alert *sa)
{
	struct sa_cfg *c = sa->cur->cfg;
	char why[96];
	int r;

	smtp_resp_init(&sa->resp);
	sa->reply_len = 0;
	sa->reply[0] = '\0';
	if (smtp_dlg_init(&sa->dlg, c->helo, c->from, (const char *const *)c->rcpt, c->n_rcpt,
			  sa->cur->data, sa->cur->len) < 0) {
		finish(sa, false, "unusable mail settings");
		return false;
	}
	sa->fd = socket(c->addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (sa->fd < 0 || (connect(sa->fd, (struct sockaddr *)&c->addr, c->alen) < 0 &&
			   errno != EINPROGRESS)) {
		snprintf(why, sizeof(why), "%s: %s", sa->fd < 0 ? "socket" : "connect",
			 strerror(errno));
		finish(sa, false, why);
		return false;
	}
	if ((r = event_fd_add(sa->loop, &sa->w, sa->fd, EVENT_WRITE, fd_cb, sa)) < 0) {
		snprintf(why, sizeof(why), "event loop: %s", strerror(-r));
		finish(sa, false, why);
		return false;
	}
	sa->connecting = true;
	sa->dialog_end_us = event_now_us(sa->loop) + (uint64_t)SMTP_ALERT_DIALOGUE_MAX_S * 1000000u;
	arm_step(sa);
	return true;
}

static void
kick(struct smtp_alert *sa)
{
	if (sa->cur != NULL || sa->head == NULL)
		return;
	sa->cur = sa->head;
	sa->head = sa->cur->next;
	if (sa->head == NULL)
		sa->tail = NULL;
	sa->cur->next = NULL;
	sa->n_queued--;
	(void)start(sa);
}

/* ---- life ---- */

int
smtp_alert_new(struct event_loop *loop, struct smtp_alert **ret)
{
	struct smtp_alert *sa = calloc(1, sizeof(*sa));

	if (sa == NULL)
		return -ENOMEM;
	sa->loop = loop;
	sa->fd = -1;
	*ret = sa;
	return 0;
}

void
smtp_alert_free(struct smtp_alert *sa)
{
	struct sa_mail *m;

	if (sa == NULL)
		return;
	if (sa->cur)
		finish(sa, false, "stopping");
	event_timer_cancel(&sa->t_kick);
	while ((m = sa->head) != NULL) {
		sa->head = m->next;
		log_warnx("SMTP alert not sent: stopping (%s)", m->subject);
		mail_free(m);
	}
	cfg_unref(sa->cfg);
	free(sa);
}
