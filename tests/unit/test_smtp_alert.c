/* test_smtp_alert.c: mail alerts (daemon/smtp_msg.c, daemon/smtp_alert.c):
 * keepalived's subject and body texts, the message layout, the client
 * dialogue state machine fed reply codes by hand, and the non-blocking
 * client on the event loop against scripted SMTP servers on loopback
 * (a forked process per test), including refused connections, timeouts,
 * rejected recipients, malformed and oversized replies and the queue
 * bound. */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conf.h"
#include "event.h"
#include "smtp_alert.h"
#include "smtp_msg.h"
#include "smtp_vrrp.h"
#include "test_smtp_util.h"
#include "ck_run.h"

/* ---- texts ---- */

START_TEST(subjects)
{
	char s[SMTP_MSG_SUBJECT_MAX], b[SMTP_MSG_BODY_MAX];

	smtp_msg_subject_rs(s, sizeof(s), "LVS1", "[10.0.0.2]:tcp:80", "[10.0.0.100]:tcp:80", false);
	ck_assert_str_eq(s, "[LVS1] Realserver [10.0.0.2]:tcp:80 of virtual server "
			    "[10.0.0.100]:tcp:80 - DOWN");
	smtp_msg_subject_rs(s, sizeof(s), "LVS1", "[10.0.0.2]:tcp:80", "FWM 3", true);
	ck_assert_str_eq(s, "[LVS1] Realserver [10.0.0.2]:tcp:80 of virtual server FWM 3 - UP");
	smtp_msg_subject_vs(s, sizeof(s), "r", "[10.0.0.100]:udp:53", true);
	ck_assert_str_eq(s, "[r] Virtualserver [10.0.0.100]:udp:53 - UP");
	smtp_msg_vrrp(s, sizeof(s), b, sizeof(b), "r", false, "VI_1", SMTP_VRRP_MASTER);
	ck_assert_str_eq(s, "[r] VRRP Instance VI_1 - Entering MASTER state");
	ck_assert_str_eq(b, "=> VRRP Instance is now owning VRRP VIPs <=");
	smtp_msg_vrrp(s, sizeof(s), b, sizeof(b), "r", false, "VI_1", SMTP_VRRP_BACKUP);
	ck_assert_str_eq(s, "[r] VRRP Instance VI_1 - Entering BACKUP state");
	ck_assert_str_eq(b, "=> VRRP Instance is no longer owning VRRP VIPs <=");
	smtp_msg_vrrp(s, sizeof(s), b, sizeof(b), "r", false, "VI_1", SMTP_VRRP_FAULT);
	ck_assert_str_eq(s, "[r] VRRP Instance VI_1 - Entering FAULT state");
	smtp_msg_vrrp(s, sizeof(s), b, sizeof(b), "r", false, "VI_1", SMTP_VRRP_STOP);
	ck_assert_str_eq(s, "[r] VRRP Instance VI_1 - Stopping");
	ck_assert_str_eq(b, "=> VRRP Instance stopping <=");
	smtp_msg_vrrp(s, sizeof(s), b, sizeof(b), "r", true, "G1", SMTP_VRRP_FAULT);
	ck_assert_str_eq(s, "[r] VRRP Group G1 - Entering FAULT state");
	ck_assert_str_eq(b, "=> All VRRP group instances are now in FAULT state <=");
	smtp_msg_vrrp(s, sizeof(s), b, sizeof(b), "r", true, "G1", SMTP_VRRP_STOP);
	ck_assert_str_eq(b, "=> All VRRP group instances are now stopping <=");
}
END_TEST

START_TEST(bodies)
{
	char b[SMTP_MSG_BODY_MAX];

	smtp_msg_body_check(b, sizeof(b), CONF_CHK_TCP, false, "refused");
	ck_assert_str_eq(b, "=> TCP CHECK failed on service <=");
	smtp_msg_body_check(b, sizeof(b), CONF_CHK_TCP, true, NULL);
	ck_assert_str_eq(b, "=> TCP CHECK succeed on service <=");
	smtp_msg_body_check(b, sizeof(b), CONF_CHK_HTTP, false, "wrong status");
	ck_assert_str_eq(b, "=> CHECK failed on service : HTTP request failed <=");
	smtp_msg_body_check(b, sizeof(b), CONF_CHK_SMTP, false, "timeout");
	ck_assert_str_eq(b, "=> CHECK failed on service : timeout <=");
	smtp_msg_body_check(b, sizeof(b), CONF_CHK_SSL, true, "x");
	ck_assert_str_eq(b, "=> CHECK succeed on service <=");
	smtp_msg_body_check(b, sizeof(b), CONF_CHK_DNS, false, NULL);
	ck_assert_str_eq(b, "=> DNS_CHECK: failed on service <=");
	smtp_msg_body_check(b, sizeof(b), CONF_CHK_PING, true, NULL);
	ck_assert_str_eq(b, "=> ICMP CHECK succeed on service <=");
	smtp_msg_body_check(b, sizeof(b), CONF_CHK_MISC, false, NULL);
	ck_assert_str_eq(b, "=> MISC CHECK failed on service <=");
	smtp_msg_body_quorum(b, sizeof(b), true, false, false, 2, 1, 3, 4);
	ck_assert_str_eq(b, "=> Gained quorum 2+1=3 <= 4 <=");
	smtp_msg_body_quorum(b, sizeof(b), false, false, false, 2, 1, 1, 0);
	ck_assert_str_eq(b, "=> Lost quorum 2+1=1 <= 0 <=");
	smtp_msg_body_quorum(b, sizeof(b), false, true, false, 2, 0, 2, 0);
	ck_assert_str_eq(b, "=> Starting with quorum down 2+0=2 <= 0 <=");
	smtp_msg_body_quorum(b, sizeof(b), false, false, true, 2, 0, 2, 0);
	ck_assert_str_eq(b, "=> Shutting down <=");
}
END_TEST

START_TEST(message_layout)
{
	char out[1024];
	long n = smtp_msg_data(out, sizeof(out), "Tue, 24 Nov 2026 01:00:00 +0000", "lvs@example.com",
			       "[r] Realserver x - DOWN", "a@example.com, b@example.com",
			       "=> TCP CHECK failed on service <=");

	ck_assert_int_gt(n, 0);
	ck_assert_str_eq(out, "Date: Tue, 24 Nov 2026 01:00:00 +0000\r\n"
			      "From: lvs@example.com\r\n"
			      "Subject: [r] Realserver x - DOWN\r\n"
			      "X-Mailer: Keepalived\r\n"
			      "To: a@example.com, b@example.com\r\n"
			      "\r\n"
			      "=> TCP CHECK failed on service <=\r\n"
			      "\r\n.\r\n");
	ck_assert_int_eq(n, (long)strlen(out));
}
END_TEST

START_TEST(message_hostile)
{
	char out[512];
	long n;

	/* a name with CR LF cannot add a header; a body "." line is stuffed */
	n = smtp_msg_data(out, sizeof(out), "d", "f@x", "[r] VRRP Instance a\r\nBcc: evil@x - S",
			  "t@x", "line1\n.\nline3");
	ck_assert_int_gt(n, 0);
	ck_assert_ptr_nonnull(strstr(out, "Subject: [r] VRRP Instance a  Bcc: evil@x - S\r\n"));
	ck_assert_ptr_null(strstr(out, "\r\nBcc:"));
	ck_assert_ptr_nonnull(strstr(out, "\r\n\r\nline1\r\n..\r\nline3\r\n\r\n.\r\n"));
	ck_assert_int_eq(smtp_msg_data(out, 40, "d", "f@x", "s", "t@x", "b"), -ENOSPC);
	ck_assert(!smtp_msg_addr_ok("a b@x"));
	ck_assert(!smtp_msg_addr_ok("a>@x"));
	ck_assert(!smtp_msg_addr_ok("a@x\r\nRCPT TO:<b@y>"));
	ck_assert(!smtp_msg_addr_ok(""));
	ck_assert(smtp_msg_addr_ok("root@localhost"));
}
END_TEST

/* keepalived's precedence: own keyword, then smtp_alert_vrrp/_checker,
 * then smtp_alert, then the default (on only for real servers). */
START_TEST(flag_precedence)
{
	const int8_t U = CONF_TRI_UNSET, Y = CONF_TRI_YES, N = CONF_TRI_NO;

	ck_assert(smtp_alert_flag(U, U, U, true));	/* real server default */
	ck_assert(!smtp_alert_flag(U, U, U, false));	/* others */
	ck_assert(!smtp_alert_flag(U, N, Y, true));	/* smtp_alert_checker no */
	ck_assert(smtp_alert_flag(U, Y, N, false));
	ck_assert(!smtp_alert_flag(U, U, N, true));	/* smtp_alert no */
	ck_assert(smtp_alert_flag(U, U, Y, false));
	ck_assert(smtp_alert_flag(Y, N, N, false));	/* own wins */
	ck_assert(!smtp_alert_flag(N, Y, Y, true));
}
END_TEST

/* The keywords parse to the three states ("smtp_alert no" kept apart from
 * no keyword), and print back. */
START_TEST(flag_parse)
{
	static const char text[] =
		"global_defs {\n smtp_alert_checker no\n smtp_alert\n}\n"
		"vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n priority 100\n"
		" smtp_alert false\n virtual_ipaddress {\n 10.0.0.1/32\n }\n}\n"
		"vrrp_instance VI_2 {\n interface eth0\n virtual_router_id 2\n priority 100\n"
		" virtual_ipaddress {\n 10.0.0.2/32\n }\n}\n";
	struct conf_load_opts o = { .buf = text, .buf_len = sizeof(text) - 1 };
	struct conf *c = NULL;
	struct conf_diag diag = { 0 };
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	ck_assert_int_eq(conf_load("t.conf", &o, &c, &diag), 0);
	ck_assert_int_eq(c->global.smtp_alert_checker, CONF_TRI_NO);
	ck_assert_int_eq(c->global.smtp_alert, CONF_TRI_YES);
	ck_assert_int_eq(c->global.smtp_alert_vrrp, CONF_TRI_UNSET);
	ck_assert_uint_eq(c->n_vrrp, 2);
	ck_assert_int_eq(c->vrrp[0].smtp_alert, CONF_TRI_NO);
	ck_assert_int_eq(c->vrrp[1].smtp_alert, CONF_TRI_UNSET);
	/* VI_1 off by its own "no", VI_2 on through global smtp_alert */
	ck_assert(!smtp_alert_flag(c->vrrp[0].smtp_alert, c->global.smtp_alert_vrrp,
				   c->global.smtp_alert, false));
	ck_assert(smtp_alert_flag(c->vrrp[1].smtp_alert, c->global.smtp_alert_vrrp,
				  c->global.smtp_alert, false));
	f = open_memstream(&out, &len);
	ck_assert_ptr_nonnull(f);
	conf_print(f, c);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(out, "smtp_alert_checker no\n"));
	ck_assert_ptr_nonnull(strstr(out, "smtp_alert no\n"));	/* VI_1 */
	free(out);
	conf_free(c);
	conf_diag_free(&diag);
}
END_TEST

/* ---- dialogue, codes fed by hand ---- */

static const char *const rcpt2[] = { "a@example.com", "b@example.com" };
static const char data[] = "Subject: x\r\n\r\nbody\r\n\r\n.\r\n";

static void
expect_send(struct smtp_dlg *d, int code, const char *cmd)
{
	ck_assert_int_eq(smtp_dlg_reply(d, code), SMTP_DLG_SEND);
	ck_assert_uint_eq(d->out_len, strlen(cmd));
	ck_assert(memcmp(d->out, cmd, d->out_len) == 0);
}

START_TEST(dialogue_ok)
{
	struct smtp_dlg d;

	ck_assert_int_eq(smtp_dlg_init(&d, "lvs1", "lvs@example.com", rcpt2, 2, data,
				       sizeof(data) - 1), 0);
	expect_send(&d, 220, "HELO lvs1\r\n");
	expect_send(&d, 250, "MAIL FROM:<lvs@example.com>\r\n");
	expect_send(&d, 250, "RCPT TO:<a@example.com>\r\n");
	expect_send(&d, 251, "RCPT TO:<b@example.com>\r\n");
	expect_send(&d, 250, "DATA\r\n");
	expect_send(&d, 354, data);
	ck_assert(!d.sent);
	expect_send(&d, 250, "QUIT\r\n");
	ck_assert(d.sent);
	ck_assert_int_eq(smtp_dlg_reply(&d, 221), SMTP_DLG_END);
	ck_assert_int_eq(d.step, SMTP_DLG_DONE);
	ck_assert_int_eq(smtp_dlg_reply(&d, 250), SMTP_DLG_END);
}
END_TEST

/* Refusal at each step: FAIL with QUIT to send, where and which code. */
START_TEST(dialogue_refused)
{
	static const int ok[] = { 220, 250, 250, 250, 354, 250 };
	static const enum smtp_dlg_step where[] = { SMTP_DLG_BANNER, SMTP_DLG_HELO, SMTP_DLG_MAIL,
						    SMTP_DLG_RCPT, SMTP_DLG_DATA, SMTP_DLG_BODY };
	struct smtp_dlg d;
	int k = _i, j;

	ck_assert_int_eq(smtp_dlg_init(&d, "h", "f@x", rcpt2, 1, data, sizeof(data) - 1), 0);
	for (j = 0; j < k; j++)
		ck_assert_int_eq(smtp_dlg_reply(&d, ok[j]), SMTP_DLG_SEND);
	ck_assert_int_eq(smtp_dlg_reply(&d, k == 0 ? 554 : 550), SMTP_DLG_FAIL);
	ck_assert_int_eq(d.fail_step, where[k]);
	ck_assert_int_eq(d.fail_code, k == 0 ? 554 : 550);
	ck_assert(!d.sent);
	ck_assert_uint_eq(d.out_len, 6);
	ck_assert(memcmp(d.out, "QUIT\r\n", 6) == 0);
	ck_assert_int_eq(smtp_dlg_reply(&d, 250), SMTP_DLG_END);
}
END_TEST

START_TEST(dialogue_bad_settings)
{
	struct smtp_dlg d;
	const char *bad[] = { "a@x\r\nDATA" };

	ck_assert_int_eq(smtp_dlg_init(&d, "two words", "f@x", rcpt2, 1, data, 1), -EINVAL);
	ck_assert_int_eq(smtp_dlg_init(&d, "h", "f@x>", rcpt2, 1, data, 1), -EINVAL);
	ck_assert_int_eq(smtp_dlg_init(&d, "h", "f@x", bad, 1, data, 1), -EINVAL);
	ck_assert_int_eq(smtp_dlg_init(&d, "h", "f@x", rcpt2, 0, data, 1), -EINVAL);
	ck_assert_str_eq(smtp_dlg_step_str(SMTP_DLG_RCPT), "RCPT TO");
}
END_TEST

/* ---- the client against scripted servers ---- */

static char *addrs[] = { "ops@example.com", "noc@example.com" };

static void
global_for(struct conf_global *g, int port, int timeout)
{
	static char server[] = "127.0.0.1";

	memset(g, 0, sizeof(*g));
	g->router_id = (char *)"LVS_T";
	g->notification_email.v = addrs;
	g->notification_email.n = 2;
	g->notification_email_from = (char *)"lvs@example.com";
	g->smtp_server = server;
	g->smtp_port = port;
	g->smtp_helo_name = (char *)"lvs-t";
	g->smtp_connect_timeout = timeout;
}

START_TEST(client_sends)
{
	struct event_loop *loop;
	struct smtp_alert *sa;
	struct smtp_alert_stats st;
	struct conf_global g;
	struct server s;
	char err[256];
	const char *got;

	signal(SIGPIPE, SIG_IGN);
	server_start(&s, good, 8, 1);
	ck_assert_int_eq(event_loop_new(&loop), 0);
	ck_assert_int_eq(smtp_alert_new(loop, &sa), 0);
	global_for(&g, s.port, 5);
	ck_assert_int_eq(smtp_alert_configure(sa, &g, err, sizeof(err)), 1);
	ck_assert(smtp_alert_enabled(sa));
	ck_assert_str_eq(smtp_alert_router_id(sa), "LVS_T");
	ck_assert_int_eq(smtp_alert_send(sa, "[LVS_T] Realserver [10.0.0.2]:tcp:80 of virtual "
					 "server [10.0.0.100]:tcp:80 - DOWN",
					 "=> TCP CHECK failed on service <="), 0);
	run_until_idle(loop, sa, 5000);
	smtp_alert_get_stats(sa, &st);
	got = server_stop(&s);
	ck_assert_uint_eq(st.sent, 1);
	ck_assert_uint_eq(st.failed, 0);
	ck_assert_ptr_nonnull(strstr(got, "HELO lvs-t\r\nMAIL FROM:<lvs@example.com>\r\n"
				     "RCPT TO:<ops@example.com>\r\nRCPT TO:<noc@example.com>\r\n"
				     "DATA\r\nDate: "));
	ck_assert_ptr_nonnull(strstr(got, "\r\nFrom: lvs@example.com\r\nSubject: [LVS_T] "
				     "Realserver [10.0.0.2]:tcp:80 of virtual server "
				     "[10.0.0.100]:tcp:80 - DOWN\r\nX-Mailer: Keepalived\r\n"
				     "To: ops@example.com, noc@example.com\r\n\r\n"
				     "=> TCP CHECK failed on service <=\r\n\r\n.\r\nQUIT\r\n"));
	smtp_alert_free(sa);
	event_loop_free(loop);
}
END_TEST

/* Hostile or failing servers: the mail fails cleanly, the client is idle
 * and ready for the next one. */
struct bad_case {
	const char *name;
	const char *const replies[8];
	size_t n;
	const char *expect_last;	/* last command the server saw */
};

static const struct bad_case bad_cases[] = {
	{ "banner 554", { "554 go away\r\n", "221 bye\r\n" }, 2, "QUIT\r\n" },
	{ "rcpt refused", { "220 x\r\n", "250 h\r\n", "250 ok\r\n", "550 no such user\r\n",
			    "221 bye\r\n" }, 5, "QUIT\r\n" },
	{ "data refused", { "220 x\r\n", "250 h\r\n", "250 ok\r\n", "250 ok\r\n", "250 ok\r\n",
			    "451 later\r\n", "221\r\n" }, 7, "QUIT\r\n" },
	{ "garbage reply", { "220 x\r\n", "HTTP/1.1 400 Bad Request\r\n" }, 2, "HELO lvs-t\r\n" },
	{ "binary junk", { "220 x\r\n", "\x01\x02\xff\r\n" }, 2, "HELO lvs-t\r\n" },
	{ "closes early", { "220 x\r\n", "" }, 2, "HELO lvs-t\r\n" },
	{ "code changes mid-reply", { "250-a\r\n220 b\r\n" }, 1, NULL },
};

static char huge[4096];

START_TEST(client_hostile)
{
	const struct bad_case *c = &bad_cases[_i];
	struct event_loop *loop;
	struct smtp_alert *sa;
	struct smtp_alert_stats st;
	struct conf_global g;
	struct server s;
	char err[256];
	const char *got;

	signal(SIGPIPE, SIG_IGN);
	server_start(&s, c->replies, c->n, 1);
	ck_assert_int_eq(event_loop_new(&loop), 0);
	ck_assert_int_eq(smtp_alert_new(loop, &sa), 0);
	global_for(&g, s.port, 5);
	ck_assert_int_eq(smtp_alert_configure(sa, &g, err, sizeof(err)), 1);
	ck_assert_int_eq(smtp_alert_send(sa, "subject", "body"), 0);
	run_until_idle(loop, sa, 5000);
	smtp_alert_get_stats(sa, &st);
	got = server_stop(&s);
	ck_assert_msg(st.failed == 1 && st.sent == 0, "%s: sent %llu failed %llu", c->name,
		      (unsigned long long)st.sent, (unsigned long long)st.failed);
	ck_assert(!smtp_alert_busy(sa));
	if (c->expect_last) {
		size_t gl = strlen(got), el = strlen(c->expect_last);

		ck_assert_msg(gl >= el && strcmp(got + gl - el, c->expect_last) == 0,
			      "%s: server got \"%s\"", c->name, got);
	}
	smtp_alert_free(sa);
	event_loop_free(loop);
}
END_TEST

START_TEST(client_oversized_reply)
{
	struct event_loop *loop;
	struct smtp_alert *sa;
	struct smtp_alert_stats st;
	struct conf_global g;
	struct server s;
	char err[256];
	const char *rep[1];

	memset(huge, 'A', sizeof(huge) - 1);	/* a banner line without end */
	huge[0] = '2', huge[1] = '2', huge[2] = '0', huge[3] = ' ';
	rep[0] = huge;
	signal(SIGPIPE, SIG_IGN);
	server_start(&s, rep, 1, 1);
	ck_assert_int_eq(event_loop_new(&loop), 0);
	ck_assert_int_eq(smtp_alert_new(loop, &sa), 0);
	global_for(&g, s.port, 5);
	ck_assert_int_eq(smtp_alert_configure(sa, &g, err, sizeof(err)), 1);
	ck_assert_int_eq(smtp_alert_send(sa, "subject", "body"), 0);
	run_until_idle(loop, sa, 5000);
	smtp_alert_get_stats(sa, &st);
	server_stop(&s);
	ck_assert_uint_eq(st.failed, 1);
	ck_assert(!smtp_alert_busy(sa));
	smtp_alert_free(sa);
	event_loop_free(loop);
}
END_TEST

START_TEST(client_timeout)
{
	static const char *const silent[] = { "-" };
	struct event_loop *loop;
	struct smtp_alert *sa;
	struct smtp_alert_stats st;
	struct conf_global g;
	struct server s;
	char err[256];
	uint64_t t0;

	server_start(&s, silent, 1, 1);
	ck_assert_int_eq(event_loop_new(&loop), 0);
	ck_assert_int_eq(smtp_alert_new(loop, &sa), 0);
	global_for(&g, s.port, 1);
	ck_assert_int_eq(smtp_alert_configure(sa, &g, err, sizeof(err)), 1);
	t0 = event_now_us(loop);
	ck_assert_int_eq(smtp_alert_send(sa, "subject", "body"), 0);
	run_until_idle(loop, sa, 4000);
	t0 = event_now_us(loop) - t0;
	smtp_alert_get_stats(sa, &st);
	server_stop(&s);
	ck_assert_uint_eq(st.failed, 1);
	/* one smtp_connect_timeout (1 s) for the banner */
	ck_assert_uint_ge(t0, 900000);
	ck_assert_uint_lt(t0, 2500000);
	smtp_alert_free(sa);
	event_loop_free(loop);
}
END_TEST

/* Nothing listens: refused, then the queue goes on; beyond the bound mails
 * are dropped and counted. */
START_TEST(client_refused_and_queue_bound)
{
	struct event_loop *loop;
	struct smtp_alert *sa;
	struct smtp_alert_stats st;
	struct conf_global g;
	struct server s;
	char err[256];
	int i, dropped = 0;

	server_start(&s, good, 1, 0);	/* a port that is closed again at once */
	server_stop(&s);
	ck_assert_int_eq(event_loop_new(&loop), 0);
	ck_assert_int_eq(smtp_alert_new(loop, &sa), 0);
	global_for(&g, s.port, 5);
	ck_assert_int_eq(smtp_alert_configure(sa, &g, err, sizeof(err)), 1);
	for (i = 0; i < SMTP_ALERT_QUEUE_MAX + 6; i++)
		if (smtp_alert_send(sa, "subject", "body") == -ENOBUFS)
			dropped++;
	/* SMTP_ALERT_QUEUE_MAX waiting (sending starts from the loop), the
	 * rest dropped */
	ck_assert_int_eq(dropped, 6);
	run_until_idle(loop, sa, 10000);
	smtp_alert_get_stats(sa, &st);
	ck_assert_uint_eq(st.dropped, 6);
	ck_assert_uint_eq(st.failed, SMTP_ALERT_QUEUE_MAX);
	ck_assert_uint_eq(st.sent, 0);
	smtp_alert_free(sa);
	event_loop_free(loop);
}
END_TEST

/* The VRRP child's rules: a state mailed last is not mailed again, FAULT
 * not with no_email_faults, an instance saying "smtp_alert no" never, a
 * sync group through its own keyword. */
START_TEST(vrrp_mail_rules)
{
	static const char fmt[] =
		"global_defs {\n router_id R\n notification_email {\n ops@example.com\n }\n"
		" notification_email_from lvs@example.com\n smtp_server 127.0.0.1 %d\n"
		" smtp_helo_name h\n no_email_faults\n smtp_alert_vrrp\n}\n"
		"vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n priority 100\n"
		" virtual_ipaddress {\n 10.0.0.1/32\n }\n}\n"
		"vrrp_instance VI_2 {\n interface eth0\n virtual_router_id 2\n priority 100\n"
		" smtp_alert no\n virtual_ipaddress {\n 10.0.0.2/32\n }\n}\n"
		"vrrp_sync_group G1 {\n group {\n VI_1\n VI_2\n }\n smtp_alert\n}\n";
	char text[sizeof(fmt) + 16];
	struct conf_load_opts o = { .buf = text };
	struct conf_diag diag = { 0 };
	struct event_loop *loop;
	struct conf *c = NULL;
	struct server s;
	const char *got, *p;
	int n = 0;
	uint64_t end;

	static const char *const good1[] = {	/* one recipient */
		"220 sink ESMTP\r\n", "250 hello\r\n", "250 ok\r\n", "250 ok\r\n",
		"354 go ahead\r\n", "250 queued\r\n", "221 bye\r\n",
	};

	signal(SIGPIPE, SIG_IGN);
	server_start(&s, good1, 7, 3);
	snprintf(text, sizeof(text), fmt, s.port);
	o.buf_len = strlen(text);
	ck_assert_int_eq(conf_load("t.conf", &o, &c, &diag), 0);
	ck_assert_int_eq(event_loop_new(&loop), 0);
	smtp_vrrp_configure(loop, c);
	smtp_vrrp_instance(c, &c->vrrp[0], "VI_1", VRRP_STATE_BACKUP);
	smtp_vrrp_instance(c, &c->vrrp[0], "VI_1", VRRP_STATE_BACKUP);	/* again: no */
	smtp_vrrp_instance(c, &c->vrrp[0], "VI_1", VRRP_STATE_FAULT);	/* no_email_faults */
	smtp_vrrp_instance(c, &c->vrrp[1], "VI_2", VRRP_STATE_MASTER);	/* smtp_alert no */
	smtp_vrrp_instance(c, &c->vrrp[0], "VI_1", VRRP_STATE_MASTER);
	smtp_vrrp_group(c, &c->vgroup[0], VRRP_STATE_MASTER);
	end = event_now_us(loop) + 5000000u;
	while (event_now_us(loop) < end && n < 3) {
		event_run_once(loop, 50);
		n = 0;
		for (p = strstr(got = server_peek(&s), "QUIT\r\n"); p; p = strstr(p + 1, "QUIT\r\n"))
			n++;
	}
	got = server_stop(&s);
	ck_assert_ptr_nonnull(strstr(got, "Subject: [R] VRRP Instance VI_1 - Entering BACKUP state\r\n"));
	ck_assert_ptr_nonnull(strstr(got, "Subject: [R] VRRP Instance VI_1 - Entering MASTER state\r\n"));
	ck_assert_ptr_nonnull(strstr(got, "Subject: [R] VRRP Group G1 - Entering MASTER state\r\n"));
	ck_assert_ptr_null(strstr(got, "FAULT"));
	ck_assert_ptr_null(strstr(got, "VI_2"));
	ck_assert_ptr_eq(strstr(strstr(got, "BACKUP state") + 1, "BACKUP state"), NULL);
	/* mail off: the next configure drops the settings */
	free(c->global.smtp_server);
	c->global.smtp_server = NULL;
	smtp_vrrp_configure(loop, c);
	smtp_vrrp_instance(c, &c->vrrp[0], "VI_1", VRRP_STATE_BACKUP);
	event_run_once(loop, 50);
	conf_free(c);
	conf_diag_free(&diag);
	event_loop_free(loop);
}
END_TEST

START_TEST(configure_off_and_errors)
{
	struct event_loop *loop;
	struct smtp_alert *sa;
	struct conf_global g;
	char err[256] = "";
	static char *bad_addr[] = { "a b@x" };

	ck_assert_int_eq(event_loop_new(&loop), 0);
	ck_assert_int_eq(smtp_alert_new(loop, &sa), 0);
	global_for(&g, 25, 5);
	g.smtp_server = NULL;
	ck_assert_int_eq(smtp_alert_configure(sa, &g, err, sizeof(err)), 0);
	ck_assert(!smtp_alert_enabled(sa));
	ck_assert_int_eq(smtp_alert_send(sa, "s", "b"), 0);
	ck_assert(!smtp_alert_busy(sa));
	global_for(&g, 25, 5);
	g.notification_email.v = bad_addr;
	g.notification_email.n = 1;
	ck_assert_int_eq(smtp_alert_configure(sa, &g, err, sizeof(err)), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "notification_email"));
	global_for(&g, 25, 5);
	g.smtp_server = (char *)"no-such-host.invalid";
	ck_assert_int_lt(smtp_alert_configure(sa, &g, err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(strstr(err, "smtp_server"));
	ck_assert(!smtp_alert_enabled(sa));
	global_for(&g, 25, 5);
	g.router_id = NULL;
	g.notification_email_from = NULL;
	ck_assert_int_eq(smtp_alert_configure(sa, &g, err, sizeof(err)), 1);
	ck_assert_str_ne(smtp_alert_router_id(sa), "");
	smtp_alert_free(sa);
	event_loop_free(loop);
}
END_TEST

static Suite *
smtp_suite(void)
{
	Suite *s = suite_create("smtp_alert");
	TCase *t = tcase_create("texts");

	tcase_add_test(t, subjects);
	tcase_add_test(t, bodies);
	tcase_add_test(t, message_layout);
	tcase_add_test(t, message_hostile);
	tcase_add_test(t, flag_precedence);
	tcase_add_test(t, flag_parse);
	suite_add_tcase(s, t);
	t = tcase_create("dialogue");
	tcase_add_test(t, dialogue_ok);
	tcase_add_loop_test(t, dialogue_refused, 0, 6);
	tcase_add_test(t, dialogue_bad_settings);
	suite_add_tcase(s, t);
	t = tcase_create("client");
	tcase_set_timeout(t, 30);
	tcase_add_test(t, client_sends);
	tcase_add_loop_test(t, client_hostile, 0, (int)(sizeof(bad_cases) / sizeof(bad_cases[0])));
	tcase_add_test(t, client_oversized_reply);
	tcase_add_test(t, client_timeout);
	tcase_add_test(t, client_refused_and_queue_bound);
	tcase_add_test(t, configure_off_and_errors);
	tcase_add_test(t, vrrp_mail_rules);
	suite_add_tcase(s, t);
	return s;
}

int
main(void)
{
	return ck_run(smtp_suite());
}
