/* test_health_tcp.c: TCP_CHECK on loopback (open, refused, blackhole
 * timeout, bindto/bind_port) and the child process end to end over the
 * channel (hc_proto.h): results, seeding and the dump. */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>

#include "ipc.h"
#include "health/hc_proto.h"
#include "health/health.h"
#include "test_health_util.h"
#include "ck_run.h"

static struct conf *
tcp_conf(unsigned port, const char *extra)
{
	char buf[1024];

	snprintf(buf, sizeof(buf),
		 "virtual_server 10.0.0.1 80 {\n real_server 127.0.0.1 %u {\n"
		 "  TCP_CHECK {\n   connect_timeout 0.4\n%s  }\n }\n}\n", port, extra);
	return th_load(buf);
}

START_TEST(test_tcp_open)
{
	unsigned port;
	int l = th_listen(8, &port);
	struct conf *c = tcp_conf(port, "");
	struct th_att at;

	ck_assert_int_eq(th_attempt(c, 0, &at), HC_OK);
	ck_assert_ptr_nonnull(strstr(at.detail, "connected"));
	conf_free(c);
	close(l);
}
END_TEST

START_TEST(test_tcp_refused)
{
	unsigned port;
	int l = th_listen(-1, &port);	/* bound, not listening: RST */
	struct conf *c = tcp_conf(port, "");
	struct th_att at;

	ck_assert_int_eq(th_attempt(c, 0, &at), HC_REFUSED);
	conf_free(c);
	close(l);
}
END_TEST

START_TEST(test_tcp_blackhole_timeout)
{
	unsigned port;
	int l = th_listen(0, &port), cl[8], i;
	struct sockaddr_in a = { .sin_family = AF_INET };
	struct conf *c = tcp_conf(port, "");
	struct th_att at;
	struct timespec t0, t1;
	long ms;

	/* fill the accept queue: further SYNs are dropped, never answered */
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons((uint16_t)port);
	for (i = 0; i < 8; i++) {
		cl[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		connect(cl[i], (struct sockaddr *)&a, sizeof(a));
	}
	usleep(100000);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(th_attempt(c, 0, &at), HC_TIMEOUT);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	ck_assert_int_ge(ms, 380);
	ck_assert_int_le(ms, 1500);
	for (i = 0; i < 8; i++)
		close(cl[i]);
	conf_free(c);
	close(l);
}
END_TEST

START_TEST(test_tcp_bind_and_connect_port)
{
	unsigned port, bport, dummy;
	int l = th_listen(8, &port), b = th_listen(-1, &bport), s;
	struct sockaddr_in peer;
	socklen_t len = sizeof(peer);
	char extra[256];
	struct conf *c;
	struct th_att at;

	close(b);	/* a free local port to bind to */
	snprintf(extra, sizeof(extra), "   connect_ip 127.0.0.1\n   connect_port %u\n"
		 "   bindto 127.0.0.1\n   bind_port %u\n", port, bport);
	c = tcp_conf(9, extra);	/* rs port 9 is not what is checked */
	ck_assert_int_eq(th_attempt(c, 0, &at), HC_OK);
	s = accept(l, (struct sockaddr *)&peer, &len);
	ck_assert_int_ge(s, 0);
	ck_assert_uint_eq(ntohs(peer.sin_port), bport);
	close(s);
	conf_free(c);
	close(l);
	(void)dummy;
}
END_TEST

START_TEST(test_tcp_fwmark)
{
	unsigned port;
	int l = th_listen(8, &port);
	struct conf *c = tcp_conf(port, "   fwmark 7\n");
	struct th_att at;
	enum hc_result r = th_attempt(c, 0, &at);

	/* SO_MARK needs CAP_NET_ADMIN: without it the attempt cannot start */
	if (geteuid() == 0)
		ck_assert_int_eq(r, HC_OK);
	else
		ck_assert(r == HC_OK || r == HC_INTERNAL);
	conf_free(c);
	close(l);
}
END_TEST

START_TEST(test_tcp_ipv6)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	socklen_t len = sizeof(a);
	int l = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
	char buf[512];
	struct conf *c;
	struct th_att at;

	if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof(a)) < 0) {
		fprintf(stderr, "test_tcp_ipv6: no ::1 here, skipped\n");
		if (l >= 0)
			close(l);
		return;
	}
	ck_assert_int_eq(getsockname(l, (struct sockaddr *)&a, &len), 0);
	ck_assert_int_eq(listen(l, 8), 0);
	snprintf(buf, sizeof(buf), "virtual_server 10.0.0.1 80 {\n real_server ::1 %u {\n"
		 "  TCP_CHECK {\n   connect_timeout 0.4\n  }\n }\n}\n", ntohs(a.sin6_port));
	c = th_load(buf);
	ck_assert_int_eq(th_attempt(c, 0, &at), HC_OK);
	ck_assert_ptr_nonnull(strstr(at.detail, "[::1]:"));
	conf_free(c);
	close(l);
}
END_TEST

/* ---- the child over the channel ---- */
struct child {
	pid_t pid;
	struct ipc_chan *ch;
};

static void
child_start(struct child *k, const struct conf *c)
{
	int sv[2];

	ck_assert_int_eq(ipc_socketpair(sv), 0);
	k->pid = fork();
	ck_assert_int_ge(k->pid, 0);
	if (k->pid == 0) {
		close(sv[0]);
		_exit(health_main(NULL, sv[1], c));
	}
	close(sv[1]);
	ck_assert_int_eq(ipc_chan_new(NULL, sv[0], NULL, NULL, &k->ch), 0);
}

/* wait up to @ms for one message of @type; copies its payload */
static int
child_wait(struct child *k, uint32_t type, void *buf, size_t len, int ms)
{
	struct pollfd p = { .fd = ipc_chan_fd(k->ch), .events = POLLIN };
	struct ipc_msg m;
	int err;

	for (;;) {
		ipc_flush(k->ch);
		err = ipc_recv(k->ch, &m);
		if (err == 0) {
			bool match = m.type == type;

			if (match && type == HC_MSG_DUMP)
				snprintf(buf, len, "%.*s", (int)m.len, (const char *)m.data);
			else if (match)
				ck_assert_int_eq(ipc_get(&m, buf, len), 0);
			ipc_msg_done(&m);
			if (match)
				return 0;
			continue;
		}
		ck_assert_int_eq(err, -EAGAIN);
		if (ms <= 0)
			return -ETIMEDOUT;
		poll(&p, 1, 50);
		ms -= 50;
	}
}

static void
child_stop(struct child *k)
{
	int status;

	kill(k->pid, SIGTERM);
	ck_assert_int_eq(waitpid(k->pid, &status, 0), k->pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	ipc_chan_free(k->ch);
}

START_TEST(test_child_transitions)
{
	unsigned p1, p2;
	int l1 = th_listen(8, &p1), l2 = th_listen(-1, &p2);
	char buf[2048];
	struct hc_msg_result res;
	struct child k;
	struct conf *c;

	snprintf(buf, sizeof(buf),
		 "virtual_server 10.0.0.1 80 {\n delay_loop 0.2\n warmup 0\n"
		 " real_server 127.0.0.1 %u {\n  TCP_CHECK {\n   retry 0\n  }\n"
		 "  TCP_CHECK {\n   connect_port %u\n   retry 0\n  }\n }\n}\n", p1, p2);
	c = th_load(buf);
	child_start(&k, c);
	ck_assert_int_eq(ipc_send(k.ch, HC_MSG_START, 0, -1, NULL, 0), 0);
	/* checker 1 is refused: the real server goes down */
	ck_assert_int_eq(child_wait(&k, HC_MSG_RESULT, &res, sizeof(res), 3000), 0);
	ck_assert_uint_eq(res.vs_idx, 0);
	ck_assert_uint_eq(res.rs_idx, 0);
	ck_assert_uint_eq(res.checker_idx, 1);
	ck_assert_uint_eq(res.up, 0);
	ck_assert_uint_eq(res.reason, HC_REFUSED);
	ck_assert_ptr_nonnull(strstr(res.text, "TCP_CHECK 127.0.0.1:"));
	/* it starts listening: up again (all checkers up) */
	ck_assert_int_eq(listen(l2, 8), 0);
	ck_assert_int_eq(child_wait(&k, HC_MSG_RESULT, &res, sizeof(res), 3000), 0);
	ck_assert_uint_eq(res.up, 1);
	ck_assert_uint_eq(res.reason, HC_OK);
	ck_assert_int_eq(ipc_send(k.ch, HC_MSG_DUMP_REQ, 0, -1, NULL, 0), 0);
	ck_assert_int_eq(child_wait(&k, HC_MSG_DUMP, buf, sizeof(buf), 3000), 0);
	ck_assert_ptr_nonnull(strstr(buf, "\"type\":\"TCP_CHECK\""));
	ck_assert_ptr_nonnull(strstr(buf, "\"rs_up\":true"));
	child_stop(&k);
	conf_free(c);
	close(l1);
	close(l2);
}
END_TEST

START_TEST(test_child_alpha_and_seed)
{
	unsigned p1;
	int l1 = th_listen(8, &p1);
	char buf[2048];
	struct hc_msg_result res;
	struct hc_msg_init_state is = { .vs_idx = 1, .rs_idx = 0, .up = 1 };
	struct child k;
	struct conf *c;

	/* vs 0 with alpha: reported down at start, then up after one check;
	 * vs 1 with alpha too, but seeded up: no message at all */
	snprintf(buf, sizeof(buf),
		 "virtual_server 10.0.0.1 80 {\n delay_loop 0.3\n warmup 0\n alpha\n"
		 " real_server 127.0.0.1 %u {\n  TCP_CHECK {\n  }\n }\n}\n"
		 "virtual_server 10.0.0.2 80 {\n delay_loop 0.3\n warmup 0\n alpha\n"
		 " real_server 127.0.0.1 %u {\n  TCP_CHECK {\n  }\n }\n}\n", p1, p1);
	c = th_load(buf);
	child_start(&k, c);
	ck_assert_int_eq(ipc_send(k.ch, HC_MSG_INIT_STATE, 0, -1, &is, sizeof(is)), 0);
	ck_assert_int_eq(ipc_send(k.ch, HC_MSG_START, 0, -1, NULL, 0), 0);
	ck_assert_int_eq(child_wait(&k, HC_MSG_RESULT, &res, sizeof(res), 3000), 0);
	ck_assert_uint_eq(res.vs_idx, 0);
	ck_assert_uint_eq(res.up, 0);
	ck_assert_int_eq(child_wait(&k, HC_MSG_RESULT, &res, sizeof(res), 3000), 0);
	ck_assert_uint_eq(res.vs_idx, 0);
	ck_assert_uint_eq(res.up, 1);
	ck_assert_int_eq(child_wait(&k, HC_MSG_RESULT, &res, sizeof(res), 1000), -ETIMEDOUT);
	child_stop(&k);
	conf_free(c);
	close(l1);
}
END_TEST

START_TEST(test_child_parent_gone)
{
	struct conf *c = tcp_conf(9, "");
	struct child k;
	int status;

	child_start(&k, c);
	ipc_chan_free(k.ch);	/* the parent closes its end: the child exits */
	ck_assert_int_eq(waitpid(k.pid, &status, 0), k.pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	conf_free(c);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("health_tcp");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_tcp_open);
	tcase_add_test(tc, test_tcp_refused);
	tcase_add_test(tc, test_tcp_blackhole_timeout);
	tcase_add_test(tc, test_tcp_bind_and_connect_port);
	tcase_add_test(tc, test_tcp_fwmark);
	tcase_add_test(tc, test_tcp_ipv6);
	tcase_add_test(tc, test_child_transitions);
	tcase_add_test(tc, test_child_alpha_and_seed);
	tcase_add_test(tc, test_child_parent_gone);
	suite_add_tcase(s, tc);
	return ck_run(s);
}
