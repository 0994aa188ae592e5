/* test_smtp_lvs.c: the parent's real server mails beyond a real server's
 * own transitions (daemon/smtp_lvs.c), as keepalived 2.2 sends them:
 *  - global no_checker_emails parses and turns off the mails of checker
 *    transitions that leave the real server's state unchanged;
 *  - the health child reports those transitions (HC_MSG_CHECKER) with the
 *    checker's and the real server's state, and only those (a real child
 *    checking TCP listeners on loopback that come and go), not the first
 *    success of a checker seeded down by a reload;
 *  - a reload that removes a live real server (or its virtual_server)
 *    mails "=> Removing <=" for it, only when it was live (up, not pushed
 *    out by a sorry_server) and its smtp_alert was on;
 *  - those mails, sent through the client to a scripted SMTP server, have
 *    keepalived's subjects and bodies. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "health/hc_proto.h"
#include "health/hc_result.h"
#include "health/health.h"
#include "ipc.h"
#include "lvs.h"
#include "parent.h"
#include "smtp_lvs.h"
#include "smtp_msg.h"
#include "test_smtp_util.h"
#include "ck_run.h"

static struct conf *
load(const char *text)
{
	struct conf_load_opts o = { .buf = text, .buf_len = strlen(text) };
	struct conf_diag d = { 0 };
	struct conf *c = NULL;
	int err = conf_load("t.conf", &o, &c, &d);

	if (err)
		conf_diag_print(stderr, &d);
	conf_diag_free(&d);
	ck_assert_int_eq(err, 0);
	return c;
}

/* ---- no_checker_emails ---- */

START_TEST(no_checker_emails_parse)
{
	struct conf *c = load("global_defs {\n no_checker_emails\n}\n");
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	ck_assert(c->global.no_checker_emails);
	ck_assert(!smtp_lvs_checker_wanted(&c->global));
	f = open_memstream(&out, &len);
	ck_assert_ptr_nonnull(f);
	conf_print(f, c);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(out, "no_checker_emails"));
	free(out);
	conf_free(c);
	c = load("global_defs {\n no_checker_emails false\n}\n");
	ck_assert(!c->global.no_checker_emails);
	ck_assert(smtp_lvs_checker_wanted(&c->global));
	conf_free(c);
	c = load("global_defs {\n router_id x\n}\n");
	ck_assert(!c->global.no_checker_emails);	/* keepalived's default */
	conf_free(c);
}
END_TEST

/* ---- real servers removed by a reload ---- */

static const char old_text[] =
	"virtual_server 10.0.0.1 80 {\n"
	" real_server 10.1.0.1 80 {\n }\n"
	" real_server 10.1.0.2 80 {\n }\n"
	" real_server 10.1.0.3 80 {\n  smtp_alert no\n }\n"
	" real_server 10.1.0.4 80 {\n  TCP_CHECK {\n  }\n }\n"
	"}\n"
	"virtual_server 10.0.0.2 80 {\n sorry_server 10.9.0.1 80\n"
	" real_server 10.1.0.1 80 {\n }\n}\n"
	"virtual_server 10.0.0.3 80 {\n real_server 10.1.0.1 80 {\n }\n}\n";
static const char new_text[] =
	"virtual_server 10.0.0.1 80 {\n real_server 10.1.0.1 80 {\n }\n}\n"
	"virtual_server 10.0.0.2 443 {\n real_server 10.1.0.1 80 {\n }\n}\n";

static void
gone_names(const struct smtp_lvs_gone *g, char *buf, size_t len)
{
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < g->n && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s of %s;", g->v[i].rs, g->v[i].vs);
}

START_TEST(gone_rules)
{
	struct conf *oldc = load(old_text), *newc = load(new_text);
	struct lvs_health h = { 0 };
	struct lvs_state st = { 0 };
	struct smtp_lvs_gone g;
	char names[1024];

	ck_assert_int_eq(lvs_health_init(&h, oldc), 0);
	ck_assert_int_eq(lvs_state_init(&st, oldc->n_vs), 0);
	lvs_health_at(&h, 0, 3)->up = false;	/* 10.1.0.4 down: not in the table */
	st.q[1].known = true;			/* 10.0.0.2: quorum lost, sorry */
	st.q[1].up = false;			/* server in, real servers out */
	ck_assert_int_eq(smtp_lvs_gone_build(oldc, &h, &st, newc, &g), 0);
	gone_names(&g, names, sizeof(names));
	ck_assert_str_eq(names, "[10.1.0.2]:tcp:80 of [10.0.0.1]:tcp:80;"
			 "[10.1.0.1]:tcp:80 of [10.0.0.3]:tcp:80;");
	smtp_lvs_gone_free(&g);
	ck_assert_ptr_null(g.v);

	/* quorum up: 10.0.0.2's real server was in the table; a down real
	 * server taken out is mailed once it was up */
	st.q[1].up = true;
	lvs_health_at(&h, 0, 3)->up = true;
	ck_assert_int_eq(smtp_lvs_gone_build(oldc, &h, &st, newc, &g), 0);
	gone_names(&g, names, sizeof(names));
	ck_assert_str_eq(names, "[10.1.0.2]:tcp:80 of [10.0.0.1]:tcp:80;"
			 "[10.1.0.4]:tcp:80 of [10.0.0.1]:tcp:80;"
			 "[10.1.0.1]:tcp:80 of [10.0.0.2]:tcp:80;"
			 "[10.1.0.1]:tcp:80 of [10.0.0.3]:tcp:80;");
	smtp_lvs_gone_free(&g);

	/* the same file again: nothing removed */
	ck_assert_int_eq(smtp_lvs_gone_build(oldc, &h, &st, oldc, &g), 0);
	ck_assert_uint_eq(g.n, 0);
	smtp_lvs_gone_free(&g);

	/* smtp_alert_checker off in the old file: no mail (own keyword wins) */
	oldc->global.smtp_alert_checker = CONF_TRI_NO;
	oldc->vs[0].rs[1].smtp_alert = CONF_TRI_YES;
	ck_assert_int_eq(smtp_lvs_gone_build(oldc, &h, &st, newc, &g), 0);
	gone_names(&g, names, sizeof(names));
	ck_assert_str_eq(names, "[10.1.0.2]:tcp:80 of [10.0.0.1]:tcp:80;");
	smtp_lvs_gone_free(&g);
	ck_assert_str_eq(smtp_msg_body_rs_gone(false), "=> Removing <=");
	ck_assert_str_eq(smtp_msg_body_rs_gone(true), "=> Shutting down <=");

	lvs_health_free(&h);
	lvs_state_free(&st);
	conf_free(oldc);
	conf_free(newc);
}
END_TEST

/* ---- the mails through the client ---- */

START_TEST(mails_sent)
{
	char text[1024];
	struct parent p;
	struct server s;
	struct smtp_alert_stats st;
	struct smtp_lvs_gone g = { 0 };
	struct hc_msg_checker m = { .vs_idx = 0, .rs_idx = 0, .checker_idx = 1, .up = 1,
				    .rs_up = 0, .reason = HC_OK };
	const char *got;

	signal(SIGPIPE, SIG_IGN);
	server_start(&s, good, 8, 2);
	snprintf(text, sizeof(text),
		 "global_defs {\n router_id LVS_T\n notification_email {\n  ops@example.com\n  noc@example.com\n }\n"
		 " notification_email_from lvs@example.com\n smtp_server 127.0.0.1 %d\n}\n"
		 "virtual_server 10.0.0.1 80 {\n real_server 10.1.0.1 80 {\n"
		 "  TCP_CHECK {\n  }\n  HTTP_GET {\n   url {\n    path /\n   }\n  }\n }\n}\n",
		 s.port);
	memset(&p, 0, sizeof(p));
	p.conf = load(text);
	ck_assert_int_eq(event_loop_new(&p.loop), 0);
	smtp_lvs_configure(&p);
	ck_assert_ptr_nonnull(p.smtp);
	/* HTTP_GET of a real server that stays down (its TCP_CHECK failed)
	 * succeeds again: the subject says DOWN, the body the checker's UP */
	smtp_lvs_checker(&p, &m);
	run_until_idle(p.loop, p.smtp, 5000);
	/* and a reload took it out */
	ck_assert_int_eq(lvs_health_init(&p.health, p.conf), 0);
	ck_assert_int_eq(lvs_state_init(&p.state, p.conf->n_vs), 0);
	{
		struct conf *empty = load("global_defs {\n router_id x\n}\n");

		ck_assert_int_eq(smtp_lvs_gone_build(p.conf, &p.health, &p.state, empty, &g), 0);
		conf_free(empty);
	}
	ck_assert_uint_eq(g.n, 1);
	smtp_lvs_gone_send(&p, &g);
	run_until_idle(p.loop, p.smtp, 5000);
	/* no_checker_emails: the checker transition is not mailed */
	p.conf->global.no_checker_emails = true;
	smtp_lvs_checker(&p, &m);
	ck_assert(!smtp_alert_busy(p.smtp));
	smtp_alert_get_stats(p.smtp, &st);
	got = server_stop(&s);
	ck_assert_uint_eq(st.sent, 2);
	ck_assert_uint_eq(st.failed, 0);
	ck_assert_ptr_nonnull(strstr(got, "Subject: [LVS_T] Realserver [10.1.0.1]:tcp:80 of "
				     "virtual server [10.0.0.1]:tcp:80 - DOWN\r\nX-Mailer: "
				     "Keepalived\r\nTo: ops@example.com, noc@example.com\r\n\r\n"
				     "=> CHECK succeed on service <=\r\n\r\n.\r\n"));
	ck_assert_ptr_nonnull(strstr(got, "Subject: [LVS_T] Realserver [10.1.0.1]:tcp:80 of "
				     "virtual server [10.0.0.1]:tcp:80 - DOWN\r\nX-Mailer: "
				     "Keepalived\r\nTo: ops@example.com, noc@example.com\r\n\r\n"
				     "=> Removing <=\r\n\r\n.\r\n"));
	smtp_lvs_gone_free(&g);
	smtp_lvs_free(&p);
	lvs_health_free(&p.health);
	lvs_state_free(&p.state);
	conf_free(p.conf);
	event_loop_free(p.loop);
}
END_TEST

/* ---- HC_MSG_CHECKER from the health child ---- */

/* A listener on 127.0.0.1:@port (0: any); *out is its port. */
static int
listen_on(unsigned port, unsigned *out)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;

	ck_assert_int_ge(fd, 0);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons((uint16_t)port);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	ck_assert_int_eq(listen(fd, 512), 0);
	*out = ntohs(a.sin_port);
	return fd;
}

struct child {
	pid_t pid;
	struct ipc_chan *ch;
};

/* The next RESULT or CHECKER message within @ms: its type, payload in
 * @res or @ck; 0 on timeout. */
static uint32_t
next_msg(struct child *k, struct hc_msg_result *res, struct hc_msg_checker *ck, int ms)
{
	struct pollfd pf = { .fd = ipc_chan_fd(k->ch), .events = POLLIN };
	struct ipc_msg m;
	uint32_t type;
	int err;

	for (;;) {
		ipc_flush(k->ch);
		err = ipc_recv(k->ch, &m);
		if (err == 0) {
			type = m.type;
			if (type == HC_MSG_RESULT)
				ck_assert_int_eq(ipc_get(&m, res, sizeof(*res)), 0);
			else if (type == HC_MSG_CHECKER)
				ck_assert_int_eq(ipc_get(&m, ck, sizeof(*ck)), 0);
			ipc_msg_done(&m);
			if (type == HC_MSG_RESULT || type == HC_MSG_CHECKER)
				return type;
			continue;
		}
		ck_assert_int_eq(err, -EAGAIN);
		if (ms <= 0)
			return 0;
		poll(&pf, 1, 50);
		ms -= 50;
	}
}

/* A real server on 127.0.0.1 with two TCP_CHECKs, of the ports of @l1 and
 * @l2, checked by a health child (the listeners stay the test's alone). */
static struct conf *
child_start(struct child *k, int l1, unsigned p1, int l2, unsigned p2)
{
	char buf[1024];
	struct conf *c;
	int sv[2];

	snprintf(buf, sizeof(buf),
		 "virtual_server 10.0.0.1 80 {\n delay_loop 0.2\n warmup 0\n"
		 " real_server 127.0.0.1 %u {\n  TCP_CHECK {\n   retry 0\n   connect_timeout 0.5\n"
		 "  }\n  TCP_CHECK {\n   connect_port %u\n   retry 0\n   connect_timeout 0.5\n"
		 "  }\n }\n}\n", p1, p2);
	c = load(buf);
	ck_assert_int_eq(ipc_socketpair(sv), 0);
	k->pid = fork();
	ck_assert_int_ge(k->pid, 0);
	if (k->pid == 0) {
		close(sv[0]);
		close(l1);
		close(l2);
		_exit(health_main(NULL, sv[1], c));
	}
	close(sv[1]);
	ck_assert_int_eq(ipc_chan_new(NULL, sv[0], NULL, NULL, &k->ch), 0);
	return c;
}

static void
child_stop(struct child *k)
{
	int status;

	kill(k->pid, SIGTERM);
	ck_assert_int_eq(waitpid(k->pid, &status, 0), k->pid);
	ck_assert(WIFEXITED(status));
	ipc_chan_free(k->ch);
}

START_TEST(child_checker_transitions)
{
	unsigned p1, p2;
	int l1 = listen_on(0, &p1), l2 = listen_on(0, &p2);
	struct hc_msg_result res;
	struct hc_msg_checker ck;
	struct child k;
	struct conf *c = child_start(&k, l1, p1, l2, p2);

	ck_assert_int_eq(ipc_send(k.ch, HC_MSG_START, 0, -1, NULL, 0), 0);
	usleep(500000);		/* both up: nothing to report */
	ck_assert_uint_eq(next_msg(&k, &res, &ck, 0), 0);
	/* checker 1 fails: the real server goes down (a RESULT, no CHECKER) */
	close(l2);
	ck_assert_uint_eq(next_msg(&k, &res, &ck, 3000), HC_MSG_RESULT);
	ck_assert_uint_eq(res.checker_idx, 1);
	ck_assert_uint_eq(res.up, 0);
	/* checker 0 fails too: the real server stays down */
	close(l1);
	ck_assert_uint_eq(next_msg(&k, &res, &ck, 3000), HC_MSG_CHECKER);
	ck_assert_uint_eq(ck.vs_idx, 0);
	ck_assert_uint_eq(ck.rs_idx, 0);
	ck_assert_uint_eq(ck.checker_idx, 0);
	ck_assert_uint_eq(ck.up, 0);
	ck_assert_uint_eq(ck.rs_up, 0);
	ck_assert_uint_eq(ck.reason, HC_REFUSED);
	/* checker 0 back: still down through checker 1 */
	l1 = listen_on(p1, &p1);
	ck_assert_uint_eq(next_msg(&k, &res, &ck, 3000), HC_MSG_CHECKER);
	ck_assert_uint_eq(ck.checker_idx, 0);
	ck_assert_uint_eq(ck.up, 1);
	ck_assert_uint_eq(ck.rs_up, 0);
	ck_assert_uint_eq(ck.reason, HC_OK);
	/* checker 1 back: the real server is up (a RESULT only) */
	l2 = listen_on(p2, &p2);
	ck_assert_uint_eq(next_msg(&k, &res, &ck, 3000), HC_MSG_RESULT);
	ck_assert_uint_eq(res.checker_idx, 1);
	ck_assert_uint_eq(res.up, 1);
	ck_assert_uint_eq(next_msg(&k, &res, &ck, 800), 0);
	child_stop(&k);
	conf_free(c);
	close(l1);
	close(l2);
}
END_TEST

/* After a reload (or a respawn) a real server seeded down has every
 * checker down: one that was up before succeeds at once, which is no
 * transition keepalived would mail (it carries each checker's state). */
START_TEST(child_seeded_down)
{
	unsigned p1, p2;
	int l1 = listen_on(0, &p1), l2 = listen_on(0, &p2);
	struct hc_msg_init_state is = { .vs_idx = 0, .rs_idx = 0, .up = 0 };
	struct hc_msg_result res;
	struct hc_msg_checker ck;
	struct child k;
	struct conf *c = child_start(&k, l1, p1, l2, p2);

	ck_assert_int_eq(ipc_send(k.ch, HC_MSG_INIT_STATE, 0, -1, &is, sizeof(is)), 0);
	ck_assert_int_eq(ipc_send(k.ch, HC_MSG_START, 0, -1, NULL, 0), 0);
	/* the start state (down) is reported first (hc_proto.h) */
	ck_assert_uint_eq(next_msg(&k, &res, &ck, 3000), HC_MSG_RESULT);
	ck_assert_uint_eq(res.up, 0);
	ck_assert_str_eq(res.text, "start state: down");
	/* both succeed at once: only the real server's UP, no CHECKER */
	ck_assert_uint_eq(next_msg(&k, &res, &ck, 3000), HC_MSG_RESULT);
	ck_assert_uint_eq(res.up, 1);
	ck_assert_uint_eq(next_msg(&k, &res, &ck, 800), 0);
	/* later transitions are reported as usual */
	close(l2);
	ck_assert_uint_eq(next_msg(&k, &res, &ck, 3000), HC_MSG_RESULT);
	ck_assert_uint_eq(res.up, 0);
	close(l1);
	ck_assert_uint_eq(next_msg(&k, &res, &ck, 3000), HC_MSG_CHECKER);
	ck_assert_uint_eq(ck.checker_idx, 0);
	ck_assert_uint_eq(ck.up, 0);
	child_stop(&k);
	conf_free(c);
}
END_TEST

static Suite *
smtp_lvs_suite(void)
{
	Suite *s = suite_create("smtp_lvs");
	TCase *t = tcase_create("rules");

	tcase_add_test(t, no_checker_emails_parse);
	tcase_add_test(t, gone_rules);
	suite_add_tcase(s, t);
	t = tcase_create("io");
	tcase_set_timeout(t, 30);
	tcase_add_test(t, mails_sent);
	tcase_add_test(t, child_checker_transitions);
	tcase_add_test(t, child_seeded_down);
	suite_add_tcase(s, t);
	return s;
}

int
main(void)
{
	return ck_run(smtp_lvs_suite());
}
