/* test_hc_checked.c: the health child's HC_MSG_CHECKED (health/hc_proto.h):
 * once per checked real server, when every checker has its first verdict
 * (a success, or failures that brought it down), after the RESULT that
 * verdict caused.  Real child over a real channel, checks on loopback. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "daemon/conf.h"
#include "health/hc_proto.h"
#include "health/health.h"
#include "ipc.h"
#include "ck_run.h"

#define MAXM 64

struct rec {
	uint32_t type, vs, rs;
	bool up;
	uint64_t ms;		/* since START */
};

static struct conf *
load(const char *text)
{
	struct conf_load_opts o = { .buf = text, .buf_len = strlen(text) };
	struct conf_diag d = { 0 };
	struct conf *c = NULL;
	int err = conf_load("test.conf", &o, &c, &d);

	if (err)
		conf_diag_print(stderr, &d);
	conf_diag_free(&d);
	ck_assert_int_eq(err, 0);
	return c;
}

/* A TCP socket on 127.0.0.1, listening unless @backlog < 0 (then the port
 * refuses connections). */
static int
tcp_socket(int backlog, unsigned *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	ck_assert_int_ge(fd, 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	*port = ntohs(a.sin_port);
	if (backlog >= 0)
		ck_assert_int_eq(listen(fd, backlog), 0);
	return fd;
}

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Every RESULT and CHECKED the child sends during @ms. */
static size_t
collect(struct ipc_chan *ch, struct rec *out, uint64_t t0, int ms)
{
	struct pollfd p = { .fd = ipc_chan_fd(ch), .events = POLLIN };
	uint64_t end = now_ms() + (uint64_t)ms;
	struct ipc_msg m;
	size_t n = 0;
	int err;

	while (now_ms() < end) {
		ipc_flush(ch);
		err = ipc_recv(ch, &m);
		if (err == -EAGAIN) {
			poll(&p, 1, 20);
			continue;
		}
		ck_assert_int_eq(err, 0);
		ck_assert_uint_lt(n, MAXM);
		out[n].type = m.type;
		out[n].ms = now_ms() - t0;
		if (m.type == HC_MSG_RESULT) {
			struct hc_msg_result r;

			ck_assert_int_eq(ipc_get(&m, &r, sizeof(r)), 0);
			out[n].vs = r.vs_idx;
			out[n].rs = r.rs_idx;
			out[n].up = r.up;
			n++;
		} else if (m.type == HC_MSG_CHECKED) {
			struct hc_msg_checked c;

			/* exact size: a bigger or smaller payload is refused */
			ck_assert_int_eq(ipc_get(&m, &c, sizeof(c)), 0);
			out[n].vs = c.vs_idx;
			out[n].rs = c.rs_idx;
			n++;
		}
		ipc_msg_done(&m);
	}
	return n;
}

/* Index of the first message of @type for real server @rs, or -1. */
static int
find(const struct rec *v, size_t n, uint32_t type, uint32_t rs, size_t *count)
{
	int first = -1;
	size_t i;

	*count = 0;
	for (i = 0; i < n; i++)
		if (v[i].type == type && v[i].vs == 0 && v[i].rs == rs) {
			if (first < 0)
				first = (int)i;
			(*count)++;
		}
	return first;
}

START_TEST(test_checked)
{
	unsigned p_ok, p_dead;
	int l_ok = tcp_socket(16, &p_ok), l_dead = tcp_socket(-1, &p_dead);
	char buf[2048];
	struct rec v[MAXM];
	struct ipc_chan *ch;
	struct conf *c;
	size_t n, cnt;
	int sv[2], st, ir, ic;
	pid_t pid;
	uint64_t t0;

	/* rs 0: answers.  rs 1: refused, 2 retries 0.3 s apart: its first
	 * verdict (down) comes after ~0.6 s, not at the first failure.
	 * rs 2: one checker answers, the other is refused at once. */
	snprintf(buf, sizeof(buf),
		 "virtual_server 10.0.0.1 80 {\n delay_loop 0.2\n warmup 0\n protocol TCP\n"
		 " real_server 127.0.0.1 %u {\n  TCP_CHECK {\n   retry 0\n  }\n }\n"
		 " real_server 127.0.0.2 %u {\n  TCP_CHECK {\n   connect_ip 127.0.0.1\n"
		 "   retry 2\n   delay_before_retry 0.3\n  }\n }\n"
		 " real_server 127.0.0.3 %u {\n  TCP_CHECK {\n   connect_ip 127.0.0.1\n"
		 "   retry 0\n  }\n"
		 "  TCP_CHECK {\n   connect_ip 127.0.0.1\n   connect_port %u\n"
		 "   retry 0\n  }\n }\n}\n", p_ok, p_dead, p_ok, p_dead);
	c = load(buf);
	ck_assert_int_eq(ipc_socketpair(sv), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(sv[0]);
		_exit(health_main(NULL, sv[1], c));
	}
	close(sv[1]);
	ck_assert_int_eq(ipc_chan_new(NULL, sv[0], NULL, NULL, &ch), 0);
	ck_assert_int_eq(ipc_send(ch, HC_MSG_START, 0, -1, NULL, 0), 0);
	t0 = now_ms();
	n = collect(ch, v, t0, 2000);

	/* rs 0: checked once, early, no RESULT (it starts up and stays up) */
	ic = find(v, n, HC_MSG_CHECKED, 0, &cnt);
	ck_assert_int_ge(ic, 0);
	ck_assert_uint_eq(cnt, 1);
	ck_assert_uint_lt(v[ic].ms, 500);
	ck_assert_int_lt(find(v, n, HC_MSG_RESULT, 0, &cnt), 0);
	/* rs 1: RESULT down, then CHECKED, after the retries */
	ir = find(v, n, HC_MSG_RESULT, 1, &cnt);
	ic = find(v, n, HC_MSG_CHECKED, 1, &cnt);
	ck_assert_int_ge(ir, 0);
	ck_assert_int_ge(ic, 0);
	ck_assert_uint_eq(cnt, 1);
	ck_assert(!v[ir].up);
	ck_assert_int_lt(ir, ic);
	ck_assert_uint_ge(v[ic].ms, 550);
	/* rs 2: down at once (retry 0), then checked */
	ir = find(v, n, HC_MSG_RESULT, 2, &cnt);
	ic = find(v, n, HC_MSG_CHECKED, 2, &cnt);
	ck_assert_int_ge(ir, 0);
	ck_assert_int_gt(ic, ir);
	ck_assert_uint_eq(cnt, 1);
	ck_assert_uint_lt(v[ic].ms, 500);

	kill(pid, SIGTERM);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	ipc_chan_free(ch);
	conf_free(c);
	close(l_ok);
	close(l_dead);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("hc_checked");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_checked);
	suite_add_tcase(s, tc);
	return ck_run(s);
}
